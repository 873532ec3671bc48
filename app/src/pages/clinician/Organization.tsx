// "My organization and roles": where the acting account belongs, what it may do there, and
// whether the organization may act at all.

import { useChain } from '../../chain';
import { IndexerField, useIndexer } from '../../components/IndexerField';
import { Field, Notice, Section, useChainValue } from '../../components/ui';
import { valueOf } from '../../input';
import { readMembership, useOrganizations } from '../../orgs';
import { capitalize, memberRoleDescription, orgRoleWords, orgStatusWords } from '../../words';
import { isGatekeeperUrl } from './shared';

export interface MyOrganization {
  /** The organization's id, or null when the account belongs to none. */
  org: number | null;
  name: string;
  issuer: string;
  orgRoles: string[];
  status: string;
  memberRoles: string[];
  isAdmin: boolean;
}

/** The organization of `address` with its roles and status, re-read on each finalized block. */
export function useMyOrganization(address: string | null): { value: MyOrganization | null | undefined; loading: boolean; error: string | null } {
  const { api } = useChain();
  const orgs = useOrganizations();
  const membership = useChainValue(async () => (api && address ? readMembership(api, address) : null), [address]);
  const error = membership.error ?? orgs.error;
  const m = membership.value;
  if (m === undefined || (m && !orgs.loaded)) return { value: undefined, loading: !error, error };
  if (m === null) return { value: { org: null, name: '', issuer: '', orgRoles: [], status: '', memberRoles: [], isAdmin: false }, loading: false, error };
  const o = orgs.get(m.org);
  return {
    value: {
      org: m.org,
      name: orgs.name(m.org),
      issuer: o?.issuer ?? '',
      orgRoles: o?.roles ?? [],
      status: o?.status ?? 'Unknown',
      memberRoles: m.roles,
      isAdmin: m.isAdmin,
    },
    loading: false,
    error,
  };
}

export function OrganizationSection({
  me,
  loading,
  error,
  gatekeeper,
  onGatekeeper,
}: {
  me: MyOrganization | null | undefined;
  loading: boolean;
  error: string | null;
  gatekeeper: string;
  onGatekeeper: (url: string) => void;
}) {
  const [indexer, setIndexer] = useIndexer();
  return (
    <Section title="My organization and roles" id="clin-org">
      {error && <Notice kind="error">Cannot read your organization: {error}</Notice>}
      {loading && !me && <p role="status">Reading your organization…</p>}
      {me && me.org === null && (
        <Notice kind="warn">
          <strong>This account belongs to no organization.</strong>
          <p>The chain lets only the clinicians of an accredited provider read or add patients' records. Ask your organization's admin to add you.</p>
        </Notice>
      )}
      {me && me.org !== null && (
        <>
          <dl class="kv" data-testid="org-info">
            <dt>Organization</dt>
            <dd data-testid="org-name">
              {me.name}
              {me.issuer && <span class="hint"> (credential {me.issuer})</span>}
            </dd>
            <dt>Its roles</dt>
            <dd>{me.orgRoles.map(orgRoleWords).join(', ') || 'none'}</dd>
            <dt>Status</dt>
            <dd>
              <span class={`badge ${me.status === 'Active' ? 'badge-ok' : 'badge-bad'}`} data-testid="org-status">
                {capitalize(orgStatusWords(me.status))}
              </span>
            </dd>
            <dt>My roles</dt>
            <dd data-testid="my-roles">
              {me.memberRoles.length ? me.memberRoles.map(memberRoleDescription).join('; ') : 'none'}
              {me.isAdmin && '; admin of the organization'}
            </dd>
          </dl>
          {me.status === 'Suspended' && (
            <Notice kind="error">
              <strong>Your organization is suspended.</strong> Nothing will be permitted: the chain refuses every read, new record and
              emergency access by its members until the regulator reinstates it.
            </Notice>
          )}
          {me.status === 'Revoked' && (
            <Notice kind="error">
              <strong>Your organization's accreditation was revoked.</strong> Nothing will be permitted to its members, for good.
            </Notice>
          )}
          {me.status === 'Active' && !me.orgRoles.includes('Provider') && (
            <Notice kind="warn">Your organization is not a healthcare provider: the chain does not let its members add patients' records or break the glass.</Notice>
          )}
          {me.status === 'Active' && !me.memberRoles.some((r) => r === 'Clinician' || r === 'EmergencyClinician') && (
            <Notice kind="warn">You hold no clinician role here: grants to your organization do not let you read for treatment, and you cannot add records.</Notice>
          )}
        </>
      )}
      <Field
        id="clin-gatekeeper"
        label="My organization's gatekeeper"
        hint="Where new records are uploaded, and where a fetch goes when the chain gives no location. Kept in this browser."
      >
        <input
          id="clin-gatekeeper"
          type="url"
          value={gatekeeper}
          aria-describedby="clin-gatekeeper-hint"
          aria-invalid={!isGatekeeperUrl(gatekeeper)}
          onInput={(e) => onGatekeeper(valueOf(e).trim())}
          data-testid="gatekeeper-url"
        />
      </Field>
      {!isGatekeeperUrl(gatekeeper) && <p class="clin-field-error">Enter the gatekeeper's address, e.g. http://127.0.0.1:8650.</p>}
      <IndexerField
        id="clin-indexer"
        label="The chain's indexer"
        hint="Where the patient portal in this browser reads a patient's trail as FHIR, for the patient, a guardian or an auditor. Kept in this browser."
        value={indexer}
        onChange={setIndexer}
      />
    </Section>
  );
}
