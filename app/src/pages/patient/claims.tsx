// Claims and rewards: what providers claim from payers' programs for the patient's care, listed
// per identity (a claim names the subject the provider knows the patient by) and for the people
// the patient looks after; confirming or disputing a claim within its window; and, per program,
// what it has paid and holds for the identity, rewards included.

import { useState } from 'preact/hooks';
import type { Account } from '../../accounts';
import { formatBalance, useChain } from '../../chain';
import { TxButton } from '../../components/TxButton';
import { Field, Notice, Section, useChainValue } from '../../components/ui';
import { textHash } from '../../input';
import { orgName } from '../../orgs';
import { claimStatusWords } from '../../words';
import { durationText } from '../regulator/shared';
import { Party, useOutcome, usePatient } from './context';
import { guardianAccount, wardsIn } from './guardians';
import { useConsentEvents } from './scan';

/** Claims read per page (the runtime API's most). */
const PAGE = 100;

export interface ClaimRow {
  id: number;
  program: number;
  provider: number;
  amount: bigint;
  /** The claim document's hash, 0x-hex. */
  document: string;
  due: number;
  status: string;
  submittedAt: number;
}

/** One identity or ward whose claims are listed, and what signs for it. */
interface Holder {
  /** Distinguishes the lists: an identity's key, or `ward-<address>`. */
  key: string;
  address: string;
  /** The list's heading. */
  title: string;
  /** Whose claims, inside a sentence: "your identity at General Hospital", "the person you look after". */
  phrase: string;
  /** Signs confirmations and disputes; null when the tab cannot sign for it. */
  account: Account | null;
}

/** Reads the first `limit` claims of `patient`, by pages of `PAGE`, on every block. */
function useClaims(patient: string, limit: number) {
  const { api } = usePatient();
  return useChainValue(async () => {
    const rows: ClaimRow[] = [];
    let after: number | null = null;
    while (rows.length < limit) {
      const page: any[] = [...(await (api.call as any).claimsApi.claimsOfPatient(patient, after, PAGE))];
      for (const [id, c] of page) {
        rows.push({
          id: id.toNumber(),
          program: c.program.toNumber(),
          provider: c.provider.toNumber(),
          amount: c.amount.toBigInt(),
          document: c.document.toHex(),
          due: c.due.toNumber(),
          status: c.status.type,
          submittedAt: c.submittedAt.toNumber(),
        });
      }
      if (page.length < PAGE) return { rows, more: false };
      after = rows[rows.length - 1].id;
    }
    return { rows, more: true };
  }, [patient, limit]);
}

/** The chain's block time in ms (Aura's slot), to say how long a number of blocks lasts. */
function useBlockTime(): number | undefined {
  const { api } = usePatient();
  return useChainValue(async () => Number((await (api.call as any).auraApi.slotDuration()).toString()), []).value;
}

export function ClaimsSection() {
  const { api } = usePatient();
  if (!(api.call as any).claimsApi) {
    return (
      <Section title="Claims and rewards" id="claims">
        <p data-testid="claims-none">This chain's runtime has no claims: there is nothing to show.</p>
      </Section>
    );
  }
  return <Claims />;
}

function Claims() {
  const { identities } = usePatient();
  const scan = useConsentEvents();
  const outcome = useOutcome('claims-outcome');
  const blockTime = useBlockTime();
  const holders: Holder[] = identities.map((i) => ({ key: i.key, address: i.address, title: i.label, phrase: i.phrase, account: i.account }));
  for (const [ward, guardian] of wardsIn(scan.events, identities)) {
    if (identities.some((i) => i.address === ward)) continue;
    holders.push({ key: `ward-${ward}`, address: ward, title: 'A person you look after', phrase: 'the person you look after', account: guardianAccount(identities, ward, guardian) });
  }
  return (
    <Section title="Claims and rewards" id="claims">
      <p>
        When a provider asks a payer's program (an insurer, a health plan) to pay for your care, its claim names the identity the provider
        knows you by, so each identity has its own claims. Confirm a claim you recognise and it is paid at once; dispute one you do not,
        before it falls due, and the payer decides. A claim nobody disputes is paid when it falls due. A program may also reward you for
        tasks (a check-up, a screening): the reward is paid to the same identity.
      </p>
      {holders.map((h) => (
        <ClaimsOf key={h.key} holder={h} blockTime={blockTime} say={outcome.say} />
      ))}
      {outcome.line}
    </Section>
  );
}

function ClaimsOf({ holder, blockTime, say }: { holder: Holder; blockTime: number | undefined; say: (text: string) => void }) {
  const [limit, setLimit] = useState(PAGE);
  const claims = useClaims(holder.address, limit);
  const rows = claims.value?.rows ?? [];
  const programs = useProgramTotals(holder.address, [...new Set(rows.map((r) => r.program))].sort((a, b) => a - b));
  const payerOf = (program: number) => programs.value?.find((t) => t.program === program)?.payer ?? null;
  const headingId = `claims-${holder.key.replace(/[^A-Za-z0-9_-]/g, '-')}-title`;
  return (
    <section aria-labelledby={headingId} data-testid={`claims-of-${holder.address}`}>
      <h3 id={headingId}>{holder.title}</h3>
      {holder.key.startsWith('ward-') && (
        <p>
          <Party address={holder.address} />
        </p>
      )}
      {claims.error && <Notice kind="error">Could not read the claims: {claims.error}</Notice>}
      {claims.loading && !claims.value && <p role="status">Reading the claims…</p>}
      {claims.value && rows.length === 0 && <p data-testid="claims-empty">No claim names {holder.phrase}.</p>}
      <ul class="patient-list">
        {rows.map((row) => (
          <li key={row.id}>
            <ClaimItem row={row} payer={payerOf(row.program)} holder={holder} blockTime={blockTime} say={say} />
          </li>
        ))}
      </ul>
      {claims.value?.more && (
        <button type="button" class="btn" onClick={() => setLimit((l) => l + PAGE)} data-testid="claims-more">
          Show more claims
        </button>
      )}
      {programs.error && <Notice kind="error">Could not read the programs: {programs.error}</Notice>}
      {rows.length > 0 && programs.value && <ProgramTotals totals={programs.value} phrase={holder.phrase} />}
    </section>
  );
}

/** When a claim falls due, in words: `block #120, in 14 blocks (about 1 min)`. */
function dueWords(row: ClaimRow, head: number, blockTime: number | undefined): string {
  const left = row.due - head;
  if (row.status !== 'Pending') return `block #${row.due}`;
  if (left <= 0) return `block #${row.due}: due now; it is paid in one of the next blocks unless you confirm it first`;
  const about = blockTime ? ` (about ${durationText(left * blockTime)})` : '';
  return `block #${row.due}, in ${left} block${left === 1 ? '' : 's'}${about}`;
}

function ClaimItem({ row, payer, holder, blockTime, say }: { row: ClaimRow; payer: number | null; holder: Holder; blockTime: number | undefined; say: (text: string) => void }) {
  const { api, organizations } = usePatient();
  const chain = useChain();
  const [reason, setReason] = useState('');
  const provider = orgName(organizations, row.provider);
  const amount = formatBalance(row.amount, chain);
  // The dispute is decided in a later block than the latest read: it must come before `due`.
  const disputable = row.status === 'Pending' && chain.finalized + 1 < row.due;
  const text = reason.trim();
  const titleId = `claim-${row.id}-title`;
  return (
    <article class="patient-item" data-testid={`claim-${row.id}`} aria-labelledby={titleId}>
      <h4 id={titleId}>
        Claim #{row.id}: {amount} for {provider}
      </h4>
      <dl class="kv">
        <dt>Program</dt>
        <dd data-testid="claim-program">
          #{row.program}
          {payer !== null && `, paid by ${orgName(organizations, payer)}`}
        </dd>
        <dt>Provider</dt>
        <dd data-testid="claim-provider">{provider}</dd>
        <dt>Amount</dt>
        <dd data-testid="claim-amount">{amount}</dd>
        <dt>Status</dt>
        <dd data-testid="claim-status">{claimStatusWords(row.status)}</dd>
        <dt>Due</dt>
        <dd data-testid="claim-due">{dueWords(row, chain.finalized, blockTime)}</dd>
        <dt>Claim document</dt>
        <dd>
          hash <code data-testid="claim-document">{row.document}</code> (the document stays with {provider})
        </dd>
        <dt>Submitted</dt>
        <dd>in block #{row.submittedAt}</dd>
      </dl>
      {row.status === 'Pending' && holder.account && (
        <div class="patient-actions">
          <TxButton
            label="Confirm"
            as={holder.account}
            testId={`claim-confirm-${row.id}`}
            summary={`You confirm claim #${row.id}: program #${row.program} pays ${provider} ${amount} at once. This cannot be undone.`}
            build={() => api.tx.claims.confirmClaim(row.id)}
            onDone={(r) => say(`Claim #${row.id} confirmed and paid (block #${r.blockNumber}).`)}
          />
          {disputable && (
            <details class="patient-more">
              <summary>Dispute this claim…</summary>
              <Field
                id={`claim-dispute-${row.id}`}
                label="Why you dispute it"
                hint="Only a hash (BLAKE2b-256) of what you write goes on chain, made in this browser; the text never leaves it. Keep your text and give it to the payer: it is what the hash proves."
              >
                <textarea
                  id={`claim-dispute-${row.id}`}
                  rows={2}
                  value={reason}
                  onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)}
                  aria-describedby={`claim-dispute-${row.id}-hint`}
                  data-testid={`claim-dispute-reason-${row.id}`}
                />
              </Field>
              <TxButton
                label="Dispute"
                kind="danger"
                as={holder.account}
                testId={`claim-dispute-${row.id}`}
                summary={`You dispute claim #${row.id}: it is not paid unless the payer approves it, with the hash ${text ? textHash(text) : '(write a reason first)'} of your statement.`}
                build={() => {
                  if (!text) throw new Error('Write why you dispute the claim first.');
                  return api.tx.claims.disputeClaim(row.id, textHash(text));
                }}
                onDone={(r) => say(`Claim #${row.id} disputed (block #${r.blockNumber}); the payer decides.`)}
              />
            </details>
          )}
        </div>
      )}
    </article>
  );
}

interface ProgramTotal {
  program: number;
  /** The payer organization, null when the program is unknown. */
  payer: number | null;
  paid: bigint;
  pending: bigint;
  rewarded: bigint;
}

/** Each program's payer and what it has paid, holds and rewarded for `patient` (`patientTotals`), on every block. */
function useProgramTotals(patient: string, programs: number[]) {
  const { api } = usePatient();
  return useChainValue(
    async () =>
      Promise.all(
        programs.map(async (program): Promise<ProgramTotal> => {
          const [info, t]: any[] = await Promise.all([(api.call as any).claimsApi.program(program), (api.call as any).claimsApi.patientTotals(program, patient)]);
          return {
            program,
            payer: info.isSome ? info.unwrap().payer.toNumber() : null,
            paid: t.paid.toBigInt(),
            pending: t.pending.toBigInt(),
            rewarded: t.rewarded.toBigInt(),
          };
        }),
      ),
    [patient, programs.join(',')],
  );
}

/** Per program with claims for the identity: claims paid, claims pending or disputed, rewards paid. */
function ProgramTotals({ totals, phrase }: { totals: ProgramTotal[]; phrase: string }) {
  const { organizations } = usePatient();
  const chain = useChain();
  return (
    <>
      <div class="patient-scroll">
        <table data-testid="claims-totals">
          <caption class="patient-caption">What each program has spent on {phrase}, rewards included</caption>
          <thead>
            <tr>
              <th scope="col">Program</th>
              <th scope="col">Payer</th>
              <th scope="col">Claims paid</th>
              <th scope="col">Claims waiting or disputed</th>
              <th scope="col">Rewards paid</th>
            </tr>
          </thead>
          <tbody>
            {totals.map((t) => (
              <tr key={t.program} data-testid={`claims-totals-${t.program}`}>
                <td>#{t.program}</td>
                <td>{t.payer === null ? 'unknown' : orgName(organizations, t.payer)}</td>
                <td data-testid="claims-paid">{formatBalance(t.paid, chain)}</td>
                <td data-testid="claims-pending">{formatBalance(t.pending, chain)}</td>
                <td data-testid="claims-rewarded">{formatBalance(t.rewarded, chain)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="hint">
        Rewards from a program with no claim naming {phrase} are not listed: the chain keeps each identity's claims, not the programs
        that rewarded it. They are in its funds.
      </p>
    </>
  );
}
