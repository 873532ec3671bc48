// Guardians: who acts for this identity (a parent, a carer), appointing and removing them; and
// the people the patient looks after, through the guardian account derived for each of them.

import { guardianFor } from '@lib/subjects.mjs';
import { useState } from 'preact/hooks';
import { accountFromSecret, type Account } from '../../accounts';
import { TxButton } from '../../components/TxButton';
import { Field, Notice, Section, useChainValue } from '../../components/ui';
import { addressOf } from '../../input';
import { Party, useOutcome, usePatient } from './context';
import type { Identity } from './identity';
import { useConsentEvents, type ConsentEvent } from './scan';

export function GuardiansSection() {
  const { api, identity, identities } = usePatient();
  const guardians = useChainValue(async () => ((await (api.call as any).consentApi.guardiansOf(identity.address)).toJSON() as string[]).map(String), [identity.address]);
  const [candidate, setCandidate] = useState('');
  const max = (api.consts as any).consent.maxGuardians.toNumber();
  const outcome = useOutcome('guardians-outcome');
  const text = candidate.trim();
  // In the chain's form, to compare with the chain's answers and the patient's identities.
  const address = addressOf(text);
  const problem = !text
    ? 'Enter the address your guardian gave you.'
    : !address
      ? 'That is not an account address.'
      : address === identity.address
        ? 'You cannot be your own guardian.'
        : guardians.value?.includes(address)
          ? 'This account is already your guardian.'
          : null;
  return (
    <Section title="Guardians" id="guardians">
      <p>
        A guardian acts for you: they may read your records, and give and revoke grants in your name. You can remove a guardian at any time.
        At most {max} at once.
      </p>
      {guardians.error && <Notice kind="error">Could not read your guardians: {guardians.error}</Notice>}
      {guardians.value && guardians.value.length === 0 && <p data-testid="guardians-empty">{identity.label} has no guardian.</p>}
      <ul class="patient-list">
        {guardians.value?.map((g) => (
          <li key={g} data-testid="guardian">
            <Party address={g} />
            <TxButton
              label="Remove guardian"
              kind="danger"
              as={identity.account}
              testId={`guardian-remove-${g}`}
              summary="This guardian can no longer act for you from the next block. Grants they made to people are revoked; grants they made to organizations become yours (you then pay their deposit)."
              build={() => api.tx.consent.removeGuardian(g)}
              onDone={(r) => outcome.say(`Guardian removed (block #${r.blockNumber}).`)}
            />
          </li>
        ))}
      </ul>
      {outcome.line}
      <section class="patient-form" aria-labelledby="guardian-form-title">
        <h3 id="guardian-form-title">Appoint a guardian</h3>
        <Field
          id="guardian-address"
          label="Your guardian's account for you"
          hint="Ask your guardian for the address their wallet derives for this identity of yours (below, under 'People I look after'): one account per person they look after, so two of your identities are not linked through them."
        >
          <input id="guardian-address" value={candidate} autocomplete="off" spellcheck={false} onInput={(e) => setCandidate((e.target as HTMLInputElement).value)} aria-describedby="guardian-address-hint" data-testid="guardian-address" />
        </Field>
        {problem && text && <p class="patient-problems">{problem}</p>}
        {!problem && identities.some((i) => i.address === address) && (
          <Notice kind="warn">That is another of your own identities: appointing it shows on chain that the two belong together.</Notice>
        )}
        <TxButton
          label="Appoint guardian"
          as={identity.account}
          testId="guardian-appoint"
          disabled={problem !== null}
          summary="This account may then read all your records and give and revoke grants in your name, until you remove it or it resigns. A deposit is held from you meanwhile."
          build={() => {
            if (problem || !address) throw new Error(problem ?? 'That is not an account address.');
            return api.tx.consent.appointGuardian(address);
          }}
        />
      </section>
      <Wards />
    </Section>
  );
}

/** People the patient is a guardian for: found in the blocks read for the trail, or checked by address. */
function Wards() {
  const { api, identities } = usePatient();
  const main = identities.find((i) => i.key === 'main');
  const scan = useConsentEvents();
  const outcome = useOutcome('wards-outcome');
  const [ward, setWard] = useState('');
  const mine = new Set(identities.map((i) => i.address));
  const wardAddress = addressOf(ward);
  const derived = main?.suri && wardAddress ? guardianFor(main.suri, wardAddress) : null;
  const seen = wardsIn(scan.events, identities);
  const check = useChainValue(async () => {
    if (!derived || !wardAddress) return null;
    const list = ((await (api.call as any).consentApi.guardiansOf(wardAddress)).toJSON() as string[]).map(String);
    return list.find((g) => g === derived.address || mine.has(g)) ?? null;
  }, [wardAddress, derived?.address]);
  return (
    <section aria-labelledby="wards-title">
      <h3 id="wards-title">People I look after</h3>
      {seen.size > 0 ? (
        <ul class="patient-list">
          {[...seen].map(([patient, guardian]) => (
            <li key={patient}>
              <WardRow ward={patient} guardian={guardian} say={outcome.say} />
            </li>
          ))}
        </ul>
      ) : (
        <p class="hint">
          None found in the blocks read so far. A guardian acts for each person through an account derived for that person, so the chain
          cannot list them for you: enter the person's address to check.
        </p>
      )}
      {outcome.line}
      {main?.suri ? (
        <>
          <Field id="ward-address" label="The address of the person you look after" hint="Their identity's address (from their check-in card or portal).">
            <input id="ward-address" value={ward} autocomplete="off" spellcheck={false} onInput={(e) => setWard((e.target as HTMLInputElement).value)} aria-describedby="ward-address-hint" data-testid="ward-address" />
          </Field>
          {derived && wardAddress && (
            <div aria-live="polite">
              <p>
                Your guardian account for this person (give it to them to appoint you): <code data-testid="ward-guardian-account">{derived.address}</code>
              </p>
              {check.value ? (
                <WardRow ward={wardAddress} guardian={check.value} say={outcome.say} />
              ) : (
                check.value === null && <p>You are not this person's guardian yet.</p>
              )}
            </div>
          )}
        </>
      ) : (
        <p class="hint">Checking needs your wallet secret: your guardian accounts are derived from it.</p>
      )}
    </section>
  );
}

function WardRow({ ward, guardian, say }: { ward: string; guardian: string; say: (text: string) => void }) {
  const { api, identities } = usePatient();
  const account = guardianAccount(identities, ward, guardian);
  const current = useChainValue(async () => ((await (api.call as any).consentApi.guardiansOf(ward)).toJSON() as string[]).map(String).includes(guardian), [ward, guardian]);
  return (
    <div data-testid="ward">
      <Party address={ward} /> {current.value === false ? '(no longer: removed or resigned)' : ''}
      {current.value && account && (
        <TxButton
          label="Resign as guardian"
          kind="danger"
          as={account}
          testId={`ward-resign-${ward}`}
          summary="You stop acting for this person from the next block. Grants you made for them to people are revoked; those to organizations become theirs."
          build={() => api.tx.consent.resignGuardian(ward)}
          onDone={(r) => say(`You resigned as guardian (block #${r.blockNumber}).`)}
        />
      )}
    </div>
  );
}

const derivedGuardians = new Map<string, string>();

/**
 * The address of the guardian account the main identity `main` derives for `ward` (cached by
 * addresses, never by secret: derivation is not free).
 */
function derivedGuardian(main: Identity & { suri: string }, ward: string): string {
  const key = `${main.address}\n${ward}`;
  let address = derivedGuardians.get(key);
  if (address === undefined) {
    address = guardianFor(main.suri, ward).address;
    derivedGuardians.set(key, address);
  }
  return address;
}

/**
 * The people the patient looks after, from the consent events read for the trail: appointments
 * naming one of the patient's identities, or the guardian account derived for the ward from the
 * main account's secret, as ward → guardian, newest first. The guardian may have been removed or
 * have resigned since.
 */
export function wardsIn(events: ConsentEvent[], identities: Identity[]): Map<string, string> {
  const mine = new Set(identities.map((i) => i.address));
  const main = mainWithSecret(identities);
  const seen = new Map<string, string>();
  for (const e of events) {
    if (e.method !== 'GuardianAppointed' || seen.has(e.fields.patient)) continue;
    const { patient, guardian } = e.fields;
    if (mine.has(guardian) || (main && derivedGuardian(main, patient) === guardian)) seen.set(patient, guardian);
  }
  return seen;
}

/** What signs as `guardian` for `ward`: one of the patient's identities, or the guardian account derived for the ward; null when neither. */
export function guardianAccount(identities: Identity[], ward: string, guardian: string): Account | null {
  const own = identities.find((i) => i.address === guardian);
  if (own) return own.account;
  const main = mainWithSecret(identities);
  if (!main || derivedGuardian(main, ward) !== guardian) return null;
  return accountFromSecret(guardianFor(main.suri, ward).suri, 'My guardian account', 'secret');
}

/** The main identity, when the tab holds its secret. */
function mainWithSecret(identities: Identity[]): (Identity & { suri: string }) | null {
  const main = identities.find((i) => i.key === 'main');
  return main?.suri ? (main as Identity & { suri: string }) : null;
}
