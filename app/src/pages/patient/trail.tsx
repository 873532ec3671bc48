// My access trail: every logged access to the identity's records, permitted or denied, and
// every emergency ("break the glass") access with its reviews; the patient reviews one here.

import type { ComponentChildren } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { TxButton } from '../../components/TxButton';
import { Field, Notice, Section, useChainValue } from '../../components/ui';
import { VariantSelect } from '../../components/VariantSelect';
import { shortHex, textHash } from '../../input';
import { orgName } from '../../orgs';
import { actionDone, capitalize, decisionWords, purposeWords, splitName, variant, verdictLabel, verdictsOf, verdictWords } from '../../words';
import { named, namedText } from './codes';
import { Party, usePatient } from './context';
import { formatDateTime } from './dates';
import type { RecordsState } from './records';
import { recordSummary } from './records';
import { useConsentEvents, WINDOW, type ConsentEvent } from './scan';

const TRAIL_EVENTS = ['AccessLogged', 'AccessServed', 'EmergencyAccessOpened', 'EmergencyAccessClosed', 'EmergencyAccessReviewed'];

export function TrailSection({ records }: { records: RecordsState }) {
  const { api, identity } = usePatient();
  const scan = useConsentEvents();
  const counters = useChainValue(async () => (await (api.call as any).consentApi.accessCounters(identity.address)).toJSON(), [identity.address]);
  const rows = scan.events.filter((e) => TRAIL_EVENTS.includes(e.method) && e.fields.patient === identity.address);
  const c = counters.value as { permitted: number; denied: number; emergency: number } | undefined;
  return (
    <Section title="My access trail" id="trail">
      <p>Every access to your records that was logged on chain, permitted or denied, and every emergency access.</p>
      {c && (
        <p data-testid="trail-counters">
          In all, since the start: <strong>{c.permitted}</strong> permitted access{c.permitted === 1 ? '' : 'es'} (of which {c.emergency} by
          emergency access) and <strong>{c.denied}</strong> denied attempt{c.denied === 1 ? '' : 's'}.
        </p>
      )}
      <p role="status" class="hint" data-testid="trail-progress">
        {scan.scanning
          ? `Reading blocks: ${scan.done.toLocaleString('en-GB')} of ${scan.total.toLocaleString('en-GB')}…`
          : scan.low !== null
            ? `Read blocks #${scan.low} to #${scan.high}.`
            : 'Starting…'}
        {scan.prunedAt !== null && ` This node no longer keeps block #${scan.prunedAt} and older; an archive node would show them.`}
      </p>
      {scan.error && <Notice kind="error">Could not read every block: {scan.error}</Notice>}
      {rows.length === 0 && !scan.scanning ? (
        <p data-testid="trail-empty">Nothing logged about {identity.label} in these blocks.</p>
      ) : (
        <div class="patient-scroll">
          <table data-testid="trail">
            <caption class="patient-caption">Accesses to {identity.label}'s records, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Block</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Purpose</th>
                <th scope="col">Decision</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((e) => (
                <TrailRow key={`${e.block}-${e.index}`} event={e} records={records} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <button type="button" class="btn" onClick={scan.loadOlder} disabled={scan.scanning || scan.low === 0 || scan.prunedAt !== null} data-testid="trail-older">
        Load older blocks ({WINDOW.toLocaleString('en-GB')} more)
      </button>
      <EmergencyAccesses />
    </Section>
  );
}

function targetWords(target: unknown, key: Uint8Array | undefined, records: RecordsState): string {
  const [kind, value] = variant(target);
  if (kind === 'Record') {
    const row = records.rows.find((r) => r.id === Number(value));
    return row ? `record ${recordSummary(row)}` : `record #${value}`;
  }
  if (kind === 'Category') return `records of category ${key ? namedText(named(key, 'category', value)) : '(tag only)'}`;
  if (kind === 'NewRecord') return `a new record of category ${key ? namedText(named(key, 'category', value.category)) : '(tag only)'}`;
  return splitName(kind);
}

/** One row of the trail: when, who, what, for which purpose, and the decision. */
function Row({ event, kind, who, what, purpose, decision }: { event: ConsentEvent; kind: string; who: string; what: ComponentChildren; purpose: string; decision: ComponentChildren }) {
  return (
    <tr data-testid="trail-row" data-decision={kind}>
      <td>
        #{event.block}
        {event.time !== null && (
          <>
            <br />
            <span class="hint">{formatDateTime(event.time)}</span>
          </>
        )}
      </td>
      <td>
        <Party address={who} />
      </td>
      <td>{what}</td>
      <td>{purposeWords(purpose)}</td>
      <td>{decision}</td>
    </tr>
  );
}

function TrailRow({ event, records }: { event: ConsentEvent; records: RecordsState }) {
  const { identity, organizations } = usePatient();
  const f = event.fields;
  switch (event.method) {
    case 'AccessLogged':
    case 'AccessServed': {
      const decision = decisionWords(f.decision, 'patient');
      const what =
        event.method === 'AccessLogged'
          ? `${actionDone(variant(f.action)[0])} ${targetWords(f.target, identity.blindKey, records)}`
          : `read ${targetWords({ record: f.record }, identity.blindKey, records)}, asked of ${orgName(organizations, Number(f.custodian))}'s gatekeeper`;
      return (
        <Row
          event={event}
          kind={decision.permitted ? 'permitted' : 'denied'}
          who={f.accessor}
          what={what}
          purpose={variant(f.purpose)[0]}
          decision={
            <>
              <span class={`badge ${decision.permitted ? 'badge-ok' : 'badge-bad'}`}>{decision.permitted ? 'Permitted' : 'Denied'}</span>{' '}
              <span data-testid="trail-decision">{decision.text}</span>
            </>
          }
        />
      );
    }
    case 'EmergencyAccessOpened':
      return (
        <Row
          event={event}
          kind="emergency"
          who={f.clinician}
          what={`opened emergency access ${f.id} to all your records, until ${formatDateTime(Number(f.expiresAt))}`}
          purpose="EmergencyTreatment"
          decision={
            <>
              <span class="badge badge-warn">Emergency</span> break the glass, justification hash <code>{shortHex(f.justification)}</code>
            </>
          }
        />
      );
    case 'EmergencyAccessClosed':
      return <Row event={event} kind="emergency" who={f.clinician} what={`closed emergency access ${f.id}`} purpose="EmergencyTreatment" decision="closed" />;
    default:
      return (
        <Row
          event={event}
          kind="review"
          who={f.reviewer}
          what={`reviewed emergency access ${f.id} for the ${variant(f.class)[0] === 'Patient' ? 'patient' : 'oversight'} side`}
          purpose="EmergencyTreatment"
          decision={verdictWords(variant(f.verdict)[0])}
        />
      );
  }
}

function EmergencyAccesses() {
  const { api, identity, now } = usePatient();
  const list = useChainValue(
    async () =>
      ((await (api.call as any).consentApi.emergencyAccessesOf(identity.address, null, 100)).toJSON() as Array<[number, any]>).map(
        ([id, a]) => [Number(id), a] as [number, any],
      ),
    [identity.address],
  );
  return (
    <>
      <h3>Emergency accesses</h3>
      {list.error && <Notice kind="error">Could not read emergency accesses: {list.error}</Notice>}
      {list.value && list.value.length === 0 && <p data-testid="emergency-empty">Nobody has broken the glass for {identity.label}.</p>}
      <ul class="patient-list">
        {list.value?.map(([id, a]) => (
          <li key={id}>
            <EmergencyItem id={id} access={a} now={now} />
          </li>
        ))}
      </ul>
    </>
  );
}

function reviewText(review: any) {
  if (!review) return 'not yet';
  return (
    <>
      {capitalize(verdictWords(variant(review.verdict)[0]))} by <Party address={review.reviewer} /> on {formatDateTime(Number(review.reviewedAt))}, note hash{' '}
      <code>{shortHex(review.note)}</code>
    </>
  );
}

function EmergencyItem({ id, access, now }: { id: number; access: any; now: number }) {
  const { api, identity, organizations } = usePatient();
  const verdicts = useMemo(() => verdictsOf(api), [api]);
  const [verdict, setVerdict] = useState(verdicts[0] ?? '');
  const [note, setNote] = useState('');
  const closed = access.closedAt !== null;
  const expired = Number(access.expiresAt) <= now;
  const ended = closed || expired;
  const state = closed ? `closed on ${formatDateTime(Number(access.closedAt))}` : expired ? 'expired' : 'open now';
  return (
    <article class="patient-item" data-testid={`emergency-${id}`} aria-labelledby={`emergency-${id}-title`}>
      <h4 id={`emergency-${id}-title`}>
        Emergency access {id} <span class={`badge ${ended ? 'badge-ok' : 'badge-warn'}`}>{state}</span>
      </h4>
      <dl class="kv">
        <dt>Opened by</dt>
        <dd>
          <Party address={access.clinician} />, for {orgName(organizations, Number(access.org))}
        </dd>
        <dt>Time window</dt>
        <dd>
          {formatDateTime(Number(access.openedAt))} to {formatDateTime(Number(access.expiresAt))}
        </dd>
        <dt>Justification</dt>
        <dd>
          hash <code>{access.justification}</code> (the text is kept off chain by {orgName(organizations, Number(access.org))})
        </dd>
        <dt>Your side's review</dt>
        <dd>{reviewText(access.patientReview)}</dd>
        <dt>Regulator's review</dt>
        <dd>{reviewText(access.oversightReview)}</dd>
      </dl>
      {ended && !access.patientReview && (
        <div class="patient-form">
          <Field id={`review-verdict-${id}`} label="Your verdict">
            <VariantSelect id={`review-verdict-${id}`} variants={verdicts} words={verdictLabel} value={verdict} onChange={setVerdict} testId={`emergency-verdict-${id}`} />
          </Field>
          <Field id={`review-note-${id}`} label="Your note" hint="Only its hash (BLAKE2b-256) goes on chain. Keep the text.">
            <textarea id={`review-note-${id}`} rows={2} value={note} onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)} aria-describedby={`review-note-${id}-hint`} />
          </Field>
          <TxButton
            label="Sign the review"
            as={identity.account}
            testId={`emergency-review-${id}`}
            summary={`You review emergency access ${id} as ${verdictWords(verdict)}; the note's hash goes on chain.`}
            build={() => {
              if (!note.trim()) throw new Error('Write a short note first: what you know of the emergency.');
              return api.tx.consent.reviewEmergencyAccess(id, verdict, textHash(note.trim()));
            }}
          />
        </div>
      )}
    </article>
  );
}
