// Every organization, page by page, with its roles, licence, status, admin and members; and the
// regulator's decisions on one: suspend, reinstate, revoke, or withdraw a registration its admin
// has not accepted yet.

import { useState } from 'preact/hooks';
import { formatBalance, useChain } from '../../chain';
import { Address, Notice, Section, useChainValue } from '../../components/ui';
import { TxButton } from '../../components/TxButton';
import { shortHex } from '../../input';
import { dataUrlText, organizationsAt, type Organization } from '../../orgs';
import { capitalize, memberRoleWords, orgRoleWords, orgStatusWords, splitName } from '../../words';
import { readPendingRegistration, type PendingRegistration, type Standing } from './shared';

/** Organizations per page of the table. */
const ORG_PAGE = 20;
/** Members read per runtime API call (the API returns at most 256). */
const MEMBER_PAGE = 25;

type Row = { kind: 'org'; org: Organization } | { kind: 'pending'; reg: PendingRegistration } | { kind: 'unused'; id: number };

const STATUS_BADGE: Record<Organization['status'], string> = { Active: 'badge-ok', Suspended: 'badge-warn', Revoked: 'badge-bad' };

/** A step of an organization's accreditation history in words: `Registered: Healthcare provider`. */
function historyWords(h: Organization['history'][number]): string {
  const action = capitalize(splitName(h.action));
  return h.roles.length ? `${action}: ${h.roles.map(orgRoleWords).join(', ')}` : action;
}

/** The metadata pointer when it says more than the name: a web address, a content id. */
const pointerOf = (o: { metadata: string }) => (o.metadata && dataUrlText(o.metadata) === null ? o.metadata : null);

export function OrganizationsSection({ standing }: { standing: Standing | undefined }) {
  const { api, epoch } = useChain();
  const [page, setPage] = useState(0);
  const [selected, setSelected] = useState<number | null>(null);

  const { value, error, loading } = useChainValue(async () => {
    if (!api) return { total: 0, rows: [] as Row[] };
    const [next, organizations] = await Promise.all([api.query.organizations.nextOrgId(), organizationsAt(api, epoch)]);
    const total = Number(next.toString());
    const ids = Array.from({ length: Math.max(0, Math.min(ORG_PAGE, total - page * ORG_PAGE)) }, (_, i) => page * ORG_PAGE + i);
    const rows = await Promise.all(
      ids.map(async (id): Promise<Row> => {
        const org = organizations.find((o) => o.id === id);
        if (org) return { kind: 'org', org };
        const reg = await readPendingRegistration(api, id);
        return reg ? { kind: 'pending', reg } : { kind: 'unused', id };
      }),
    );
    return { total, rows };
  }, [page]);

  const total = value?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / ORG_PAGE));
  // The row as last read; a registration withdrawn or declined meanwhile keeps its panel, so
  // that the outcome of the action taken there stays in view.
  const fresh = value?.rows.find((r) => rowId(r) === selected) ?? null;
  const [snapshot, setSnapshot] = useState<Row | null>(null);
  if (fresh && fresh.kind !== 'unused' && fresh !== snapshot) setSnapshot(fresh);
  const selectedRow = selected === null ? null : fresh && fresh.kind !== 'unused' ? fresh : snapshot && rowId(snapshot) === selected ? snapshot : null;

  return (
    <Section title="Organizations" id="orgs">
      <p class="hint">
        Every organization ever registered, with the licence behind its accreditation. Suspending one takes effect at once, in every
        part of the chain: its staff lose access to patient records and may no longer trade medicines until it is reinstated.
      </p>
      {error && <Notice kind="error">Cannot read the organizations: {error}</Notice>}
      {loading && !value && <p role="status">Reading organizations…</p>}
      {value && (
        <>
          <div class="reg-table-scroll">
            <table data-testid="org-table">
              <caption class="reg-sr-only">
                Organizations {page * ORG_PAGE} to {page * ORG_PAGE + value.rows.length - 1} of {total}
              </caption>
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">Name</th>
                  <th scope="col">Roles</th>
                  <th scope="col">Licence issuer</th>
                  <th scope="col">Status</th>
                  <th scope="col">Admin</th>
                  <th scope="col">Members</th>
                  <th scope="col">
                    <span class="reg-sr-only">Details</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {value.rows.map((row) => (
                  <OrgRow key={rowId(row)} row={row} selected={selected === rowId(row)} onSelect={() => setSelected(selected === rowId(row) ? null : rowId(row))} />
                ))}
              </tbody>
            </table>
          </div>
          {pages > 1 && (
            <nav class="reg-pager" aria-label="Pages of organizations">
              <button type="button" class="btn" disabled={page === 0} onClick={() => setPage(page - 1)}>
                Previous
              </button>
              <span>
                Page {page + 1} of {pages}
              </span>
              <button type="button" class="btn" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>
                Next
              </button>
            </nav>
          )}
        </>
      )}
      {selectedRow && selectedRow.kind === 'org' && <OrgDetail org={selectedRow.org} standing={standing} />}
      {selectedRow && selectedRow.kind === 'pending' && <PendingDetail reg={selectedRow.reg} standing={standing} gone={fresh?.kind === 'unused'} />}
    </Section>
  );
}

const rowId = (row: Row) => (row.kind === 'org' ? row.org.id : row.kind === 'pending' ? row.reg.id : row.id);

function OrgRow({ row, selected, onSelect }: { row: Row; selected: boolean; onSelect: () => void }) {
  const id = rowId(row);
  if (row.kind === 'unused') {
    return (
      <tr data-testid={`org-row-${id}`}>
        <td>{id}</td>
        <td colSpan={7} class="hint">
          Registration declined or withdrawn: the id stays unused.
        </td>
      </tr>
    );
  }
  const o = row.kind === 'org' ? row.org : null;
  const r = row.kind === 'pending' ? row.reg : null;
  return (
    <tr data-testid={`org-row-${id}`} class={selected ? 'reg-row-selected' : undefined}>
      <td>{id}</td>
      <td>
        {(o ?? r)!.name}
        {pointerOf(o ?? r!) && <div class="hint mono">{pointerOf(o ?? r!)}</div>}
      </td>
      <td>{(o ?? r)!.roles.map(orgRoleWords).join(', ')}</td>
      <td class="mono">{(o ?? r)!.issuer}</td>
      <td data-testid={`org-status-${id}`}>
        {o ? <span class={`badge ${STATUS_BADGE[o.status]}`}>{capitalize(orgStatusWords(o.status))}</span> : <span class="badge badge-warn">Awaiting its admin</span>}
      </td>
      <td>{o ? <Address value={o.admin} /> : <>offered to <Address value={r!.offeredTo} /></>}</td>
      <td>{o ? o.memberCount : '–'}</td>
      <td>
        <button type="button" class="btn" aria-expanded={selected} aria-controls="reg-org-detail" onClick={onSelect} data-testid={`org-manage-${id}`}>
          {selected ? 'Close' : 'Details'}
          <span class="reg-sr-only"> of organization {id}</span>
        </button>
      </td>
    </tr>
  );
}

/** A licence behind an accreditation: its issuer and the hash of its document. */
function Licence({ of }: { of: { issuer: string; credentialHash: string } }) {
  return (
    <>
      issued by <span class="mono">{of.issuer}</span>, document hash{' '}
      <span class="mono" title={of.credentialHash}>
        {shortHex(of.credentialHash)}
      </span>
    </>
  );
}

/** Why the acting account may not decide on `roles`, or null when it may. */
function refusal(standing: Standing | undefined, roles: string[]): string | null {
  if (!standing?.accreditor) return 'Only the admin of an active regulator (or Root, through governance) decides on accreditations. Choose that account above.';
  if (roles.includes('Regulator')) return 'Only Root (governance) may suspend, reinstate or revoke a regulator: a regulator never decides on another, nor on itself.';
  return null;
}

function OrgDetail({ org, standing }: { org: Organization; standing: Standing | undefined }) {
  const chain = useChain();
  const api = chain.api!;
  const [confirmRevoke, setConfirmRevoke] = useState(false);
  const refused = refusal(standing, org.roles);
  const name = org.name;
  return (
    <div class="card reg-org-detail" id="reg-org-detail" data-testid="org-detail" aria-labelledby="org-detail-title">
      <h3 id="org-detail-title">
        {name} (organization #{org.id})
      </h3>
      <dl class="kv">
        <dt>Metadata</dt>
        <dd class="mono">{org.metadata || 'none'}</dd>
        <dt>Roles</dt>
        <dd>{org.roles.map(orgRoleWords).join(', ')}</dd>
        <dt>Licence</dt>
        <dd>
          <Licence of={org} />
        </dd>
        <dt>Status</dt>
        <dd data-testid="org-detail-status">
          <span class={`badge ${STATUS_BADGE[org.status]}`}>{capitalize(orgStatusWords(org.status))}</span>
        </dd>
        <dt>Admin</dt>
        <dd>
          <Address value={org.admin} />
        </dd>
        <dt>Accredited</dt>
        <dd>
          in block #{org.accreditedAt} by {org.accreditedBy ? <Address value={org.accreditedBy} /> : 'Root (governance or genesis)'}
        </dd>
        <dt>Deposits held from the admin</dt>
        <dd>
          {formatBalance(org.deposit, chain)} for the organization, {formatBalance(org.memberDeposits, chain)} for its members
        </dd>
      </dl>
      <Members org={org} />
      <h4>Accreditation history</h4>
      <ol class="reg-history" data-testid="org-history">
        {org.history.map((h, i) => (
          <li key={i}>
            Block #{h.block}: {historyWords(h)}, by {h.who ? <Address value={h.who} /> : 'Root'}
          </li>
        ))}
      </ol>
      <h4>Decisions</h4>
      {refused ? (
        <Notice kind="warn">{refused}</Notice>
      ) : (
        <>
          {org.status === 'Revoked' && <p data-testid="org-revoked-note">This organization's accreditation is revoked for good; there is nothing more to decide.</p>}
          <p class="hint">Suspension takes effect at once: from the next block its staff lose access to patient records and may not trade.</p>
          <TxButton
            label={`Suspend organization #${org.id}`}
            kind="danger"
            testId="org-suspend"
            disabled={org.status !== 'Active'}
            summary={`Suspend ${name}. It takes effect at once: its staff lose access to patient records, emergency access and the supply chain immediately, until you reinstate it. Memberships stay.`}
            build={() => api.tx.organizations.suspend(org.id)}
          />
          <TxButton
            label={`Reinstate organization #${org.id}`}
            testId="org-reinstate"
            disabled={org.status !== 'Suspended'}
            summary={`Reinstate ${name}: its staff act again from the next block, with the grants they held.`}
            build={() => api.tx.organizations.reinstate(org.id)}
          />
          <div class="reg-check reg-revoke">
            <input
              type="checkbox"
              id="org-revoke-confirm"
              checked={confirmRevoke}
              disabled={org.status === 'Revoked'}
              onChange={(e) => setConfirmRevoke((e.target as HTMLInputElement).checked)}
              data-testid="org-revoke-confirm"
            />
            <label for="org-revoke-confirm">
              I confirm revoking the accreditation of {name} for good: it can never act again, and cannot be reinstated.
            </label>
          </div>
          <TxButton
            label={`Revoke organization #${org.id}`}
            kind="danger"
            testId="org-revoke"
            disabled={!confirmRevoke || org.status === 'Revoked'}
            summary={`Revoke ${name} for good. Its record and history stay; its staff lose every access at once and for ever; the organization deposit goes back to its admin.`}
            build={() => api.tx.organizations.revoke(org.id)}
            onDone={() => setConfirmRevoke(false)}
          />
        </>
      )}
    </div>
  );
}

function PendingDetail({ reg, standing, gone }: { reg: PendingRegistration; standing: Standing | undefined; gone: boolean }) {
  const { api } = useChain();
  const refused = refusal(standing, reg.roles);
  return (
    <div class="card reg-org-detail" id="reg-org-detail" data-testid="org-detail" aria-labelledby="org-detail-title">
      <h3 id="org-detail-title">
        Registration #{reg.id} ({reg.name}), waiting for its admin
      </h3>
      {gone && <Notice kind="info">This registration was withdrawn or declined: the organization will not be created.</Notice>}
      <p>
        The admin role is offered to <Address value={reg.offeredTo} />. The organization comes into force, active, only when that account
        signs <code>acceptAdmin({reg.id})</code>; until then it can do nothing. It may also decline.
      </p>
      <dl class="kv">
        <dt>Roles</dt>
        <dd>{reg.roles.map(orgRoleWords).join(', ')}</dd>
        <dt>Licence</dt>
        <dd>
          <Licence of={reg} />
        </dd>
        <dt>Metadata</dt>
        <dd class="mono">{reg.metadata || 'none'}</dd>
      </dl>
      {refused ? (
        <Notice kind="warn">{refused}</Notice>
      ) : (
        <TxButton
          label="Withdraw the offer"
          testId="org-withdraw-offer"
          summary={`Withdraw registration #${reg.id}: the organization is never created and its id stays unused.`}
          build={() => api!.tx.organizations.withdrawAdminOffer(reg.id)}
        />
      )}
    </div>
  );
}

/** An organization's members, read page by page from the runtime API. */
function Members({ org }: { org: Organization }) {
  const { api } = useChain();
  const [wanted, setWanted] = useState(MEMBER_PAGE);
  const { value, error } = useChainValue(async () => {
    if (!api) return { members: [] as Array<[string, string[]]>, more: false };
    const members: Array<[string, string[]]> = [];
    let after: string | null = null;
    for (;;) {
      const page: any[] = [...((await api.call.organizationsApi.members(org.id, after, MEMBER_PAGE)) as any)];
      for (const [who, roles] of page) members.push([who.toString(), [...roles].map((r: any) => r.type)]);
      if (page.length < MEMBER_PAGE) return { members, more: false };
      if (members.length >= wanted) return { members, more: true };
      after = members[members.length - 1][0];
    }
  }, [org.id, wanted]);
  return (
    <>
      <h4>
        Members ({org.memberCount}, the admin included)
      </h4>
      {error && <Notice kind="error">Cannot read the members: {error}</Notice>}
      {value && (
        <ul class="reg-members" data-testid="org-members">
          {value.members.map(([who, roles]) => (
            <li key={who}>
              <Address value={who} /> {who === org.admin ? '(admin) ' : ''}
              {roles.length ? roles.map(memberRoleWords).join(', ') : <span class="hint">no member role</span>}
            </li>
          ))}
        </ul>
      )}
      {value?.more && (
        <button type="button" class="btn" onClick={() => setWanted(wanted + MEMBER_PAGE)}>
          Show more members
        </button>
      )}
    </>
  );
}
