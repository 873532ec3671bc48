// The patient portal: the patient acts as the chosen account and, from its secret, as each of
// its pseudonymous subjects (one per custodian). Every section works on the identity chosen
// here and signs as it: records, the check-in card, grants and refusals, guardians, the access
// trail and its export as FHIR, and the encryption key. Claims and rewards are listed for every
// identity at once (and the people the patient looks after), each signing for its own.

import { restoreSubjects } from '@lib/subjects.mjs';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { useAccounts, type Account } from '../accounts';
import { formatBalance, useChain } from '../chain';
import { OrgSelect } from '../components/OrgSelect';
import { Field, Notice, Section, useChainValue } from '../components/ui';
import { orgName, useOrganizations, type Organization } from '../orgs';
import { CheckInSection } from './patient/checkin';
import { ClaimsSection } from './patient/claims';
import { accountWordsFrom, PatientContext, usePatient, type PatientState } from './patient/context';
import { FhirExportSection } from './patient/fhir';
import { DeniesSection, GrantsSection } from './patient/grants';
import { GuardiansSection } from './patient/guardians';
import { mainIdentity, subjectIdentity, type Identity } from './patient/identity';
import { KeySection } from './patient/keys';
import { RecordsSection, useRecords } from './patient/records';
import { TrailSection } from './patient/trail';

export function PatientPage() {
  const { current } = useAccounts();
  if (!current) {
    return (
      <Notice kind="info">
        Choose your account under "Acting as" above, or "Use a secret" to type your wallet's secret phrase (kept in this tab only). On the
        demo chain, the demo patient is "Alice stash".
      </Notice>
    );
  }
  return <Portal key={`${current.source}:${current.address}`} account={current} />;
}

function Portal({ account }: { account: Account }) {
  const chain = useChain();
  const { accounts } = useAccounts();
  const api = chain.api!;
  const organizations = useOrganizations();
  const now = useChainValue(async () => Number((await (api.query as any).timestamp.now()).toString()), []);
  const main = useMemo(() => mainIdentity(account), [account]);
  const [subjects, setSubjects] = useState<Identity[]>([]);
  const [restore, setRestore] = useState<'idle' | 'running' | 'done' | string>('idle');
  const [selected, setSelected] = useState('main');
  const orgs = organizations.loaded ? organizations.list : undefined;

  // Restores the subjects the chain knows from the secret alone (reads only).
  useEffect(() => {
    if (!account.suri || !orgs) return;
    let live = true;
    setRestore('running');
    restoreSubjects(api, account.suri).then(
      (found: Array<{ org: number; index: number }>) => {
        if (!live) return;
        setSubjects((had) => merge(had, found.map((s) => subjectIdentity(account.suri!, s.org, s.index, orgName(orgs, s.org)))));
        setRestore('done');
      },
      (e: Error) => live && setRestore(`Could not look for your identities: ${e.message}`),
    );
    return () => {
      live = false;
    };
  }, [account.suri, Boolean(orgs)]);

  const identities = [main, ...subjects];
  const identity = identities.find((i) => i.key === selected) ?? main;
  if (!orgs || now.value === undefined) {
    return <p role="status">{organizations.error ?? now.error ?? 'Reading the organizations…'}</p>;
  }
  const state: PatientState = {
    api,
    identity,
    identities,
    organizations: orgs,
    now: now.value,
    hasSecret: Boolean(identity.suri),
    accountWords: accountWordsFrom(identities, accounts),
  };
  return (
    <PatientContext.Provider value={state}>
      {!account.suri && (
        <Notice kind="warn">
          {account.name} is a wallet account: the portal does not hold its secret, so it cannot read the codes of your records (they are
          blind tags made from the secret) nor derive your identities at each organization. It shows what it can for this account: records
          without their codes, grants, guardians and the access trail, and your wallet signs. To see everything, use "Use a secret" with
          your wallet's secret phrase (kept in this tab only).
        </Notice>
      )}
      <Section title="Who you are" id="identity">
        <p>
          Each organization knows you under a separate identity derived from your secret, so that nothing on chain links your care at one
          to your care at another. Choose the identity to work on: everything below reads and signs as it, except claims and rewards,
          which are listed for all your identities at once.
        </p>
        {restore === 'running' && <p role="status">Looking for your identities at each organization…</p>}
        {restore !== 'idle' && restore !== 'running' && restore !== 'done' && <Notice kind="error">{restore}</Notice>}
        <Field id="identity-select" label="Identity">
          <select id="identity-select" value={identity.key} onChange={(e) => setSelected((e.target as HTMLSelectElement).value)} data-testid="identity">
            {identities.map((i) => (
              <option key={i.key} value={i.key}>
                {i.label}
              </option>
            ))}
          </select>
        </Field>
        <IdentitySummary identity={identity} />
        {account.suri && <AddSubject organizations={orgs} have={subjects} onAdd={(s) => (setSubjects((had) => merge(had, [s])), setSelected(s.key))} suri={account.suri} />}
      </Section>
      <IdentityView key={identity.key} />
    </PatientContext.Provider>
  );
}

function merge(had: Identity[], more: Identity[]): Identity[] {
  const out = [...had];
  for (const s of more) if (!out.some((x) => x.key === s.key)) out.push(s);
  return out.sort((a, b) => (a.org ?? 0) - (b.org ?? 0) || (a.index ?? 0) - (b.index ?? 0));
}

function IdentitySummary({ identity }: { identity: Identity }) {
  const chain = useChain();
  const balance = useChainValue(async () => {
    const info: any = await chain.api!.query.system.account(identity.address);
    return { free: info.data.free.toBigInt() as bigint, reserved: info.data.reserved.toBigInt() as bigint };
  }, [identity.address]);
  return (
    <>
      <dl class="kv" data-testid="identity-summary">
        <dt>Address</dt>
        <dd>
          <code data-testid="identity-address">{identity.address}</code>
        </dd>
        {balance.value && (
          <>
            <dt>Funds</dt>
            <dd>
              {formatBalance(balance.value.free, chain)} to spend on fees
              {balance.value.reserved > 0n ? `; ${formatBalance(balance.value.reserved, chain)} held as deposits` : ''}
            </dd>
          </>
        )}
      </dl>
      {balance.value && balance.value.free === 0n && identity.key !== 'main' && (
        <Notice kind="warn">
          This identity has no funds, so it cannot pay for anything it signs. The organization it is for funds it when it registers you. Do
          not send it funds from your main account: that transfer would link the two on chain.
        </Notice>
      )}
    </>
  );
}

function AddSubject({ organizations, have, onAdd, suri }: { organizations: Organization[]; have: Identity[]; onAdd: (s: Identity) => void; suri: string }) {
  const [org, setOrg] = useState<number | null>(null);
  const [separate, setSeparate] = useState(false);
  const taken = have.filter((s) => s.org === org).map((s) => s.index ?? 0);
  const index = separate ? Math.max(0, ...taken) + 1 : 0;
  const exists = org !== null && taken.includes(index);
  return (
    <details class="patient-add">
      <summary>Add an identity for an organization</summary>
      <p class="hint">
        Derived from your secret: the same organization always gives the same identity, so nothing needs saving. Nothing is sent to the
        chain.
      </p>
      <div class="patient-row">
        <Field id="add-subject-org" label="Organization">
          <OrgSelect id="add-subject-org" organizations={organizations} value={org} onChange={setOrg} placeholder="(choose)" testId="add-subject-org" />
        </Field>
      </div>
      <label class="patient-check">
        <input type="checkbox" checked={separate} onChange={(e) => setSeparate((e.target as HTMLInputElement).checked)} /> A further separate
        identity at this organization (e.g. for a sensitive episode), unlinked to the first
      </label>
      <p>
        <button
          type="button"
          class="btn"
          disabled={org === null || exists}
          onClick={() => org !== null && onAdd(subjectIdentity(suri, org, index, orgName(organizations, org)))}
          data-testid="add-subject"
        >
          Add identity
        </button>{' '}
        {exists && <span class="hint">You already have this identity: choose it above.</span>}
      </p>
    </details>
  );
}

function IdentityView() {
  const { identity } = usePatient();
  const records = useRecords(identity);
  return (
    <>
      <RecordsSection records={records} />
      <CheckInSection />
      <GrantsSection records={records} />
      <DeniesSection records={records} />
      <ClaimsSection />
      <GuardiansSection />
      <TrailSection records={records} />
      <FhirExportSection />
      <KeySection />
    </>
  );
}
