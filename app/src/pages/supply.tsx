// The supply-chain page, for the staff of a manufacturer, wholesaler, pharmacy or logistics
// provider: their organization and what it may do, products and lots (manufacturers), cases and
// pallets, shipments in and out, and suspect product reports. Each part appears when the acting
// account's organization may use it; every action goes through a TxButton.

import { useAccounts } from '../accounts';
import { Notice, Section } from '../components/ui';
import { OrgName } from '../orgs';
import { capitalize, memberRoleWords, orgRoleWords, orgStatusWords } from '../words';
import { ContainersSection } from './supply/containers';
import { ManufacturerSection } from './supply/manufacturer';
import { useMyOrg, type MyOrg } from './supply/my-org';
import { ShippingSection } from './supply/shipments';
import { SuspectForm } from './supply/suspect';

export function SupplyPage() {
  const { current } = useAccounts();
  const { me, loading } = useMyOrg(current);
  if (!current) {
    return (
      <Section title="Your organization" id="my-org">
        <p role="status" data-testid="no-account">
          Choose the account you act as (Acting as, at the top). On the demo chain: //Ferdie for PharmaCo (manufacturer), //One for MedDistrib
          (wholesaler), //Two or //Bob//stash for Corner Pharmacy.
        </p>
      </Section>
    );
  }
  if (!me) {
    return (
      <Section title="Your organization" id="my-org">
        <p role="status" data-testid="no-org">
          {loading ? 'Reading your organization…' : `The account ${current.name} belongs to no organization: it cannot act in the supply chain.`}
        </p>
      </Section>
    );
  }
  const trading = me.trades;
  const regulator = me.is(['Regulator']);
  return (
    <>
      <MyOrganization me={me} />
      {!trading && !regulator && <Notice kind="warn">Your organization is not a trading partner (manufacturer, wholesaler, pharmacy or logistics provider): it does not handle goods.</Notice>}
      {me.is(['Manufacturer']) && <ManufacturerSection me={me} />}
      {trading && <ContainersSection me={me} />}
      {trading && <ShippingSection me={me} />}
      {(trading || regulator) && (
        <Section title="Suspect product" id="suspect">
          <p class="hint">
            A holder or owner reports a pack it suspects (falsified, tampered with, diverted): the pack is quarantined. A regulator clears it after investigation; the
            manufacturer may withdraw a report it made itself.
          </p>
          <SuspectForm />
        </Section>
      )}
    </>
  );
}

function MyOrganization({ me }: { me: MyOrg }) {
  return (
    <Section title="Your organization" id="my-org">
      <dl class="kv" data-testid="my-org">
        <dt>Organization</dt>
        <dd data-testid="my-org-name">
          <OrgName id={me.org.id} />
        </dd>
        <dt>Its roles</dt>
        <dd data-testid="my-org-roles">{me.org.roles.map(orgRoleWords).join(', ') || '…'}</dd>
        <dt>Status</dt>
        <dd>
          <span class={`badge ${me.active ? 'badge-ok' : 'badge-bad'}`}>{capitalize(orgStatusWords(me.org.status))}</span>
        </dd>
        <dt>You are</dt>
        <dd data-testid="my-roles">{[me.isAdmin ? 'its admin' : null, ...me.memberRoles.map(memberRoleWords)].filter(Boolean).join(', ') || 'a member without roles'}</dd>
        <dt>GS1 company prefixes</dt>
        <dd class="mono">{me.prefixes.join(', ') || 'none'}</dd>
      </dl>
    </Section>
  );
}
