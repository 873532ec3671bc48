// The regulator's page, for the admin or an auditor of a regulator (in the demo, //Alice of the
// Medicines Agency, admin with the Auditor role): the accredited organizations and the decisions
// on them, accrediting a new one, reviewing emergency accesses for the oversight side, and
// quarantining suspect medicine packs. Every decision is signed by the regulator's own account,
// never through Root.

import { useAccounts } from '../accounts';
import { useChain } from '../chain';
import { Address, Notice, Section, useChainValue } from '../components/ui';
import { capitalize, memberRoleWords, orgRoleWords, orgStatusWords } from '../words';
import { AccreditSection } from './regulator/accredit';
import { EmergencySection } from './regulator/emergencies';
import { OrganizationsSection } from './regulator/organizations';
import { readStanding, type Standing } from './regulator/shared';
import { SuspectSection } from './regulator/suspect';

export function RegulatorPage() {
  const { api } = useChain();
  const { current } = useAccounts();
  const { value: standing, error } = useChainValue(
    async (): Promise<Standing | undefined> => (api && current ? readStanding(api, current.address) : undefined),
    [current?.address],
  );
  return (
    <>
      <Section title="Acting as" id="standing">
        {!current && <Notice kind="warn">Choose the account of a regulator's admin or auditor at the top of the page.</Notice>}
        {error && <Notice kind="error">Cannot read the account's organization: {error}</Notice>}
        {current && standing && <StandingView address={current.address} standing={standing} />}
      </Section>
      <OrganizationsSection standing={current ? standing : undefined} />
      <AccreditSection standing={current ? standing : undefined} />
      <EmergencySection standing={current ? standing : undefined} />
      <SuspectSection standing={current ? standing : undefined} />
    </>
  );
}

function StandingView({ address, standing }: { address: string; standing: Standing }) {
  const { org } = standing;
  if (!org) {
    return (
      <Notice kind="warn">
        <Address value={address} /> belongs to no organization: it can take none of the regulator's decisions.
      </Notice>
    );
  }
  const may = [
    standing.accreditor && 'accredit, suspend, reinstate and revoke organizations (other than regulators)',
    standing.auditor && 'review emergency accesses for the oversight side',
    standing.supplyAuthority && 'quarantine, clear and declare suspect packs',
  ].filter(Boolean) as string[];
  return (
    <div data-testid="standing">
      <p>
        <Address value={address} /> is {standing.isAdmin ? 'the admin' : 'a member'} of {org.name} (organization #{org.id}),{' '}
        {org.roles.map(orgRoleWords).join(', ')}, licence {org.issuer},{' '}
        <span class={`badge ${org.status === 'Active' ? 'badge-ok' : 'badge-bad'}`}>{capitalize(orgStatusWords(org.status))}</span>
        {standing.memberRoles.length ? `, with the member roles ${standing.memberRoles.map(memberRoleWords).join(', ')}` : ', without member roles'}.
      </p>
      {may.length ? (
        <p>It may {may.join('; ')}.</p>
      ) : (
        <Notice kind="warn">
          This account may take none of the regulator's decisions: they need the admin (accreditation) or an Auditor member (reviews, suspect
          packs) of an active regulator.
        </Notice>
      )}
    </div>
  );
}
