// My records: the identity's record pointers, their codes read back with its blind key, status,
// custodian and versions; acknowledging, disputing and erasure.

import { useState } from 'preact/hooks';
import { useChain } from '../../chain';
import { TxButton } from '../../components/TxButton';
import { Field, Notice, Section, useChainValue } from '../../components/ui';
import { textHash } from '../../input';
import { decodeRecord, digestOf, namedText, type DecodedRecord } from './codes';
import { orgName } from '../../orgs';
import { recordStatusWords } from '../../words';
import { Party, useOutcome, usePatient } from './context';
import type { Identity } from './identity';

export interface RecordRow {
  id: number;
  /** `RecordInfo` as JSON. */
  info: any;
  /** The codes, when the tab holds the identity's secret. */
  decoded: DecodedRecord | null;
}

export interface RecordsState {
  rows: RecordRow[];
  /** Whether more records follow the ones read. */
  more: boolean;
  loading: boolean;
  error: string | null;
  showMore: () => void;
}

const PAGE = 25;

/** Reads the first `limit` live records of `identity` (growing by a page on `showMore`), on every block. */
export function useRecords(identity: Identity): RecordsState {
  const { api } = useChain();
  const [limit, setLimit] = useState(PAGE);
  const result = useChainValue(async () => {
    const rows: RecordRow[] = [];
    let after: number | null = null;
    let more = false;
    for (;;) {
      const page: any = await (api!.call as any).recordsApi.recordsOf(identity.address, null, after, Math.min(100, limit - rows.length));
      const json = page.toJSON();
      for (const info of json.records) rows.push({ id: Number(info.id), info, decoded: null });
      after = json.next === null ? null : Number(json.next);
      if (after === null) break;
      if (rows.length >= limit) {
        more = true;
        break;
      }
    }
    if (identity.blindKey) {
      for (const row of rows) {
        const body = row.info.body;
        if (!body) continue;
        // Label fillers are salted with the content hash of the chain's first version.
        let salt = digestOf(row.info.hash);
        if (Number(row.info.chain) !== row.id) {
          const first: any = await (api!.call as any).recordsApi.record(row.info.chain);
          if (first.isSome) salt = digestOf(first.unwrap().toJSON().hash);
        }
        row.decoded = decodeRecord(identity.blindKey, body, salt);
      }
    }
    return { rows, more };
  }, [identity.address, limit]);
  return {
    rows: result.value?.rows ?? [],
    more: result.value?.more ?? false,
    loading: result.loading,
    error: result.error,
    showMore: () => setLimit((l) => l + PAGE),
  };
}

/** A record's codes in one line: "Progress note, labelled normal, dated 2026-01-01". */
export function recordSummary(row: RecordRow | undefined): string {
  if (!row?.decoded) return row ? `record #${row.id}` : '';
  const d = row.decoded;
  const labels = d.labels.length ? `, labelled ${d.labels.map((l) => l.name).join(', ')}` : '';
  return `#${row.id} ${d.type.code ? d.type.name : d.category.name}${labels}${d.date ? `, dated ${d.date}` : ''}`;
}

export function RecordsSection({ records }: { records: RecordsState }) {
  const { identity, hasSecret } = usePatient();
  const outcome = useOutcome('records-outcome');
  return (
    <Section title="My records" id="records">
      {!hasSecret && (
        <Notice kind="warn">
          Without your secret the portal cannot read the codes of your records: the chain holds them only as blind tags. Records are listed
          with their status and custodian.
        </Notice>
      )}
      {records.error && <Notice kind="error">Could not read your records: {records.error}</Notice>}
      {records.loading && records.rows.length === 0 && <p role="status">Reading your records…</p>}
      {!records.loading && records.rows.length === 0 && !records.error && (
        <p data-testid="records-empty">{identity.label} has no records on chain.</p>
      )}
      <ul class="patient-list">
        {records.rows.map((row) => (
          <li key={row.id}>
            <RecordItem row={row} say={outcome.say} />
          </li>
        ))}
      </ul>
      {records.more && (
        <button type="button" class="btn" onClick={records.showMore} data-testid="records-more">
          Show more records
        </button>
      )}
      {outcome.line}
    </Section>
  );
}

function RecordItem({ row, say }: { row: RecordRow; say: (text: string) => void }) {
  const { identity, organizations } = usePatient();
  const info = row.info;
  const body = info.body;
  const d = row.decoded;
  const status = String(info.status);
  const custodian = body?.custodian ?? null;
  return (
    <article class="patient-item" data-testid={`record-${row.id}`} aria-labelledby={`record-${row.id}-title`}>
      <h3 id={`record-${row.id}-title`}>
        Record #{row.id}
        {d ? `: ${d.type.code ? d.type.name : d.category.name}` : ''}
      </h3>
      <dl class="kv">
        <dt>Category</dt>
        <dd data-testid="record-category">{d ? namedText(d.category) : 'hidden (tag only)'}</dd>
        <dt>Type</dt>
        <dd data-testid="record-type">{d ? namedText(d.type) : 'hidden (tag only)'}</dd>
        <dt>Labels</dt>
        <dd data-testid="record-labels">
          {d ? (d.labels.length ? d.labels.map((l) => (l.code ? `${l.name} (${l.code})` : l.name)).join(', ') : 'none') : 'hidden (tags only)'}
        </dd>
        <dt>Clinical date</dt>
        <dd data-testid="record-date">{d ? (d.date ?? 'unrecognised date') : 'hidden (tags only)'}</dd>
        <dt>Status</dt>
        <dd data-testid="record-status">
          {recordStatusWords(status, 'patient')}
          {body?.erasureRequested ? '; erasure requested from the custodian' : ''}
          {body?.disputeReason ? `; your dispute statement's hash: ${digestOf(body.disputeReason)}` : ''}
        </dd>
        <dt>Held by</dt>
        <dd data-testid="record-custodian">{custodian === null ? 'you (your own upload)' : orgName(organizations, custodian)}</dd>
        {body && (
          <>
            <dt>Registered by</dt>
            <dd>
              <Party address={body.author} /> in block #{info.registeredAt}
            </dd>
          </>
        )}
        <dt>Version</dt>
        <dd>
          <Versions row={row} />
        </dd>
        <dt>Keys shared</dt>
        <dd>{info.keys === 0 ? 'none' : `${info.keys} wrapped key${info.keys === 1 ? '' : 's'} (for you or your grantees)`}</dd>
      </dl>
      {!info.erased && <RecordActions row={row} identity={identity} custodian={custodian} say={say} />}
    </article>
  );
}

function Versions({ row }: { row: RecordRow }) {
  const { api } = usePatient();
  const [versions, setVersions] = useState<Array<{ id: number; version: number; status: string; erased: boolean }> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const info = row.info;
  const only = info.version === 1 && info.replacedBy === null;
  const load = async () => {
    try {
      const ids = ((await (api.call as any).recordsApi.history(row.id)).toJSON() as number[]).map(Number);
      const infos = await Promise.all(ids.map((id) => (api.call as any).recordsApi.record(id)));
      setVersions(
        infos.map((r: any, i) => {
          const j = r.isSome ? r.unwrap().toJSON() : null;
          return { id: ids[i], version: j ? Number(j.version) : i + 1, status: j ? String(j.status) : 'unknown', erased: Boolean(j?.erased) };
        }),
      );
    } catch (e) {
      setError((e as Error).message);
    }
  };
  if (only) return <>1 (the only version)</>;
  return (
    <details onToggle={(e) => (e.target as HTMLDetailsElement).open && !versions && load()}>
      <summary>
        version {info.version}
        {info.replaces !== null ? `, replaces record #${info.replaces}` : ''}
        {info.replacedBy !== null ? `, replaced by record #${info.replacedBy}` : ''}
      </summary>
      {error && <span class="hint">Could not read the versions: {error}</span>}
      {versions && (
        <ol>
          {versions.map((v) => (
            <li key={v.id}>
              record #{v.id}: {recordStatusWords(v.status, 'patient')}
              {v.erased ? ', erased' : ''}
              {v.id === row.id ? ' (this one)' : ''}
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}

function RecordActions({ row, identity, custodian, say }: { row: RecordRow; identity: Identity; custodian: number | null; say: (text: string) => void }) {
  const { api, organizations } = usePatient();
  const [reason, setReason] = useState('');
  const body = row.info.body;
  const pending = row.info.status === 'Pending';
  const holder = custodian === null ? null : orgName(organizations, custodian);
  return (
    <div class="patient-actions">
      {pending && (
        <>
          <TxButton
            label="Acknowledge"
            as={identity.account}
            testId={`record-ack-${row.id}`}
            summary={`You confirm that record #${row.id} from ${holder} is yours and correct; it becomes current.`}
            build={() => api.tx.records.acknowledge(row.id)}
            onDone={(r) => say(`Record #${row.id} acknowledged (block #${r.blockNumber}).`)}
          />
          <details class="patient-more">
            <summary>Dispute this record…</summary>
            <Field
              id={`dispute-${row.id}`}
              label="Why you dispute it"
              hint="Only a hash (BLAKE2b-256) of what you write goes on chain, never the text. Keep your text: it is what the hash proves."
            >
              <textarea id={`dispute-${row.id}`} rows={2} value={reason} onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)} data-testid={`record-dispute-reason-${row.id}`} aria-describedby={`dispute-${row.id}-hint`} />
            </Field>
            <TxButton
              label="Dispute"
              kind="danger"
              as={identity.account}
              testId={`record-dispute-${row.id}`}
              summary={`You dispute record #${row.id}; it stays visible, marked disputed, with the hash ${reason.trim() ? textHash(reason.trim()) : '(write a reason first)'} of your statement.`}
              build={() => {
                if (!reason.trim()) throw new Error('Write why you dispute the record first.');
                return api.tx.records.dispute(row.id, { Blake2_256: textHash(reason.trim()) });
              }}
              onDone={(r) => say(`Record #${row.id} disputed (block #${r.blockNumber}).`)}
            />
          </details>
        </>
      )}
      <details class="patient-more">
        <summary>Erase this record…</summary>
        <p class="hint">
          You may erase it yourself at any time{custodian !== null ? `, or ask ${holder} to: its admin erases it after deleting its own copy` : ''}.
        </p>
        {custodian !== null && !body?.erasureRequested && (
          <TxButton
            label={`Ask ${holder} to erase it`}
            as={identity.account}
            testId={`record-request-erasure-${row.id}`}
            summary={`${holder} is told on chain that you want record #${row.id} erased; its admin may then erase it, after deleting its own copy.`}
            build={() => api.tx.records.requestErasure(row.id)}
            onDone={(r) => say(`${holder} was asked to erase record #${row.id} (block #${r.blockNumber}).`)}
          />
        )}
        <TxButton
          label="Erase now"
          kind="danger"
          as={identity.account}
          testId={`record-erase-${row.id}`}
          summary={`Erases record #${row.id} now: its codes, date, locator and every shared key leave the chain's state, and its deposit goes back. Its id, content hash, status and version links stay (history is never rewritten). ${custodian === null ? '' : `A Healthchain gatekeeper of ${holder} deletes its stored file when it sees the erasure. `}This cannot be undone.`}
          build={() => api.tx.records.erase(row.id)}
          onDone={(r) => say(`Record #${row.id} erased (block #${r.blockNumber}).`)}
        />
      </details>
    </div>
  );
}
