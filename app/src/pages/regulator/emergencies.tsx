// Break-the-glass accesses for the oversight side to review. The chain keeps every emergency
// access under an id given in order (`consent.emergencyAccesses`, next id in
// `consent.nextEmergencyId`), so the newest are read first, a bounded number of ids per page;
// `consentApi.emergencyAccessesOf` lists them per patient only. A regulator's auditor reviews an
// ended access once for the oversight side, with a verdict and a note whose BLAKE2b-256 hash goes
// on chain; the first review by either side releases the deposit to the organization's admin.

import { useState } from 'preact/hooks';
import { formatBalance, useChain } from '../../chain';
import { Address, Field, Notice, Section, useChainValue } from '../../components/ui';
import { TxButton } from '../../components/TxButton';
import { shortHex, textHash, valueOf } from '../../input';
import { OrgName } from '../../orgs';
import { capitalize, verdictLabel, verdictsOf, verdictWords } from '../../words';
import { chainNow, timeText } from '../supply/codec';
import { durationText, type Standing } from './shared';

/** Rows per page. */
const PAGE = 10;
/** Ids read per storage query. */
const CHUNK = 50;
/** Most ids one page looks through when only unreviewed accesses are shown. */
const MAX_SCAN = 500;

interface Review {
  reviewer: string;
  verdict: string;
  note: string;
  at: number;
}

interface EmergencyView {
  id: number;
  patient: string;
  clinician: string;
  org: number;
  justification: string;
  openedAt: number;
  expiresAt: number;
  closedAt: number | null;
  patientReview: Review | null;
  oversightReview: Review | null;
  deposit: { from: string; amount: bigint } | null;
}

function reviewOf(opt: any): Review | null {
  if (opt.isNone) return null;
  const r = opt.unwrap();
  return { reviewer: r.reviewer.toString(), verdict: r.verdict.type, note: r.note.toHex(), at: r.reviewedAt.toNumber() };
}

function view(id: number, access: any, deposit: any): EmergencyView {
  const a = access.unwrap();
  return {
    id,
    patient: a.patient.toString(),
    clinician: a.clinician.toString(),
    org: a.org.toNumber(),
    justification: a.justification.toHex(),
    openedAt: a.openedAt.toNumber(),
    expiresAt: a.expiresAt.toNumber(),
    closedAt: a.closedAt.isSome ? a.closedAt.unwrap().toNumber() : null,
    patientReview: reviewOf(a.patientReview),
    oversightReview: reviewOf(a.oversightReview),
    deposit: deposit.isSome ? { from: deposit.unwrap()[0].toString(), amount: deposit.unwrap()[1].toBigInt() } : null,
  };
}

const ended = (e: EmergencyView, now: number) => e.closedAt !== null || now >= e.expiresAt;

export function EmergencySection({ standing }: { standing: Standing | undefined }) {
  const chain = useChain();
  const api = chain.api!;
  /** The id the page starts from (downwards); null: the newest. */
  const [cursor, setCursor] = useState<number | null>(null);
  const [previous, setPrevious] = useState<Array<number | null>>([]);
  const [onlyOpenForReview, setOnlyOpenForReview] = useState(true);
  // The access under review, as read when chosen: it stays in view after the review, when it
  // leaves the list of those to review.
  const [selected, setSelected] = useState<EmergencyView | null>(null);

  const { value, error, loading } = useChainValue(async () => {
    const q = api.query as any;
    const [next, now] = await Promise.all([q.consent.nextEmergencyId(), chainNow(api)]);
    const total = Number(next.toString());
    let from = cursor === null ? total - 1 : Math.min(cursor, total - 1);
    const rows: EmergencyView[] = [];
    let scanned = 0;
    let lowest = from + 1;
    while (from >= 0 && rows.length < PAGE && scanned < MAX_SCAN) {
      const ids = Array.from({ length: Math.min(CHUNK, from + 1) }, (_, i) => from - i);
      const [accesses, deposits] = await Promise.all([q.consent.emergencyAccesses.multi(ids), q.consent.emergencyDeposits.multi(ids)]);
      for (const [i, id] of ids.entries()) {
        if (rows.length >= PAGE) break;
        lowest = id;
        if (accesses[i].isNone) continue;
        const e = view(id, accesses[i], deposits[i]);
        if (!onlyOpenForReview || !e.oversightReview) rows.push(e);
      }
      scanned += ids.length;
      from -= ids.length;
    }
    return { total, now, rows, newest: cursor === null ? total - 1 : cursor, lowest, more: lowest > 0 };
  }, [cursor, onlyOpenForReview]);

  const older = () => {
    if (!value) return;
    setPrevious([...previous, cursor]);
    setCursor(value.lowest - 1);
  };
  const newer = () => {
    setCursor(previous[previous.length - 1] ?? null);
    setPrevious(previous.slice(0, -1));
  };

  return (
    <Section title="Emergency accesses to review" id="emergencies">
      <p class="hint">
        A clinician who breaks the glass reads a patient's records without consent for a limited time. Once the access is closed or
        has expired, the patient's side and the oversight side (a regulator's auditor) each review it once. The note stays with you:
        only its hash goes on chain.
      </p>
      {standing && !standing.auditor && (
        <Notice kind="warn">
          Reviews for the oversight side are signed by a member holding the Auditor role in an active regulator (its admin too, only with
          that role). The account chosen above is not one.
        </Notice>
      )}
      <div class="reg-check">
        <input type="checkbox" id="emergency-only-unreviewed" checked={onlyOpenForReview} onChange={(e) => (setOnlyOpenForReview((e.target as HTMLInputElement).checked), setCursor(null), setPrevious([]))} data-testid="emergency-only-unreviewed" />
        <label for="emergency-only-unreviewed">Only accesses the oversight side has not reviewed</label>
      </div>
      {error && <Notice kind="error">Cannot read the emergency accesses: {error}</Notice>}
      {loading && !value && <p role="status">Reading emergency accesses…</p>}
      {value && value.total === 0 && <p data-testid="emergency-none">No emergency access was ever opened.</p>}
      {value && value.total > 0 && (
        <>
          <p class="hint" role="status">
            Accesses #{value.newest} down to #{value.lowest} of {value.total}
            {onlyOpenForReview ? ', those the oversight side has not reviewed' : ''}: {value.rows.length} shown.
          </p>
          {value.rows.length === 0 && <p data-testid="emergency-none">{onlyOpenForReview ? 'None left to review among these.' : 'None among these.'}</p>}
          <div class="reg-table-scroll" hidden={value.rows.length === 0}>
            <table data-testid="emergency-table">
              <caption class="reg-sr-only">Emergency accesses, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">Clinician</th>
                  <th scope="col">Organization</th>
                  <th scope="col">Patient</th>
                  <th scope="col">Opened</th>
                  <th scope="col">Duration</th>
                  <th scope="col">State</th>
                  <th scope="col">Justification hash</th>
                  <th scope="col">Reviews</th>
                  <th scope="col">
                    <span class="reg-sr-only">Review</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {value.rows.map((e) => (
                  <tr key={e.id} data-testid={`emergency-row-${e.id}`} class={selected?.id === e.id ? 'reg-row-selected' : undefined}>
                    <td>{e.id}</td>
                    <td>
                      <Address value={e.clinician} />
                    </td>
                    <td>
                      <OrgName id={e.org} />
                    </td>
                    <td>
                      <Address value={e.patient} />
                    </td>
                    <td>{timeText(e.openedAt)}</td>
                    <td>{durationText(e.expiresAt - e.openedAt)}</td>
                    <td data-testid={`emergency-state-${e.id}`}>
                      {e.closedAt !== null ? (
                        <>closed {timeText(e.closedAt)}</>
                      ) : value.now >= e.expiresAt ? (
                        <>expired {timeText(e.expiresAt)}</>
                      ) : (
                        <span class="badge badge-warn">open until {timeText(e.expiresAt)}</span>
                      )}
                    </td>
                    <td class="mono" title={e.justification}>
                      {shortHex(e.justification)}
                    </td>
                    <td data-testid={`emergency-reviews-${e.id}`}>
                      <ReviewCell side="Patient side" review={e.patientReview} />
                      <ReviewCell side="Oversight" review={e.oversightReview} />
                      <div class="hint">
                        {e.deposit ? `Deposit ${formatBalance(e.deposit.amount, chain)} held` : 'Deposit released'}
                      </div>
                    </td>
                    <td>
                      {e.oversightReview ? (
                        <span class="hint">reviewed</span>
                      ) : !ended(e, value.now) ? (
                        <span class="hint">still open</span>
                      ) : (
                        <button type="button" class="btn" aria-expanded={selected?.id === e.id} aria-controls="emergency-review" onClick={() => setSelected(selected?.id === e.id ? null : e)} data-testid={`emergency-review-${e.id}`}>
                          {selected?.id === e.id ? 'Close' : 'Review'}
                          <span class="reg-sr-only"> emergency access {e.id}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav class="reg-pager" aria-label="Pages of emergency accesses">
            <button type="button" class="btn" disabled={previous.length === 0} onClick={newer}>
              Newer
            </button>
            <button type="button" class="btn" disabled={!value.more} onClick={older} data-testid="emergency-older">
              Older
            </button>
          </nav>
        </>
      )}
      {selected && <ReviewForm key={selected.id} access={selected} standing={standing} onClose={() => setSelected(null)} />}
    </Section>
  );
}

function ReviewCell({ side, review }: { side: string; review: Review | null }) {
  return (
    <div>
      {side}:{' '}
      {review ? (
        <span class={`badge ${review.verdict === 'Justified' ? 'badge-ok' : 'badge-bad'}`} title={`note hash ${review.note}, by ${review.reviewer}, ${timeText(review.at)}`}>
          {capitalize(verdictWords(review.verdict))}
        </span>
      ) : (
        <span class="hint">not yet</span>
      )}
    </div>
  );
}

function ReviewForm({ access, standing, onClose }: { access: EmergencyView; standing: Standing | undefined; onClose: () => void }) {
  const { api } = useChain();
  const verdicts = verdictsOf(api!);
  const [verdict, setVerdict] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const hash = note.trim() ? textHash(note) : null;

  const build = () => {
    if (!verdict) throw new Error('Choose a verdict.');
    if (!note.trim()) throw new Error('Write the review note: its hash is the evidence of what you decided and why.');
    return api!.tx.consent.reviewEmergencyAccess(access.id, verdict, textHash(note));
  };

  return (
    <div class="card" id="emergency-review" data-testid="emergency-review-form" aria-labelledby="emergency-review-title">
      <h3 id="emergency-review-title">Review emergency access #{access.id}</h3>
      <p>
        Opened by <Address value={access.clinician} /> of <OrgName id={access.org} /> on {timeText(access.openedAt)} for{' '}
        {durationText(access.expiresAt - access.openedAt)}; justification hash <span class="mono">{shortHex(access.justification)}</span>.
      </p>
      <fieldset>
        <legend>Verdict</legend>
        {verdicts.map((v) => (
          <div class="reg-check" key={v}>
            <input type="radio" name="review-verdict" id={`review-verdict-${v}`} value={v} checked={verdict === v} onChange={() => setVerdict(v)} data-testid={`review-verdict-${v}`} />
            <label for={`review-verdict-${v}`}>{verdictLabel(v)}.</label>
          </div>
        ))}
      </fieldset>
      <Field id="review-note" label="Review note" hint="Kept by you, off chain: only its BLAKE2b-256 hash is recorded. Keep the exact text in your case file, so that it can be shown to match.">
        <textarea id="review-note" rows={4} value={note} onInput={(e) => setNote(valueOf(e))} aria-describedby="review-note-hint" data-testid="review-note" />
      </Field>
      <p>
        Hash recorded on chain:{' '}
        <span class="mono" data-testid="review-note-hash">
          {hash ?? '(write the note first)'}
        </span>
      </p>
      <TxButton
        label="Record the review"
        testId="review-submit"
        disabled={!standing?.auditor}
        summary={`Record the oversight side's review of emergency access #${access.id}. It is final for your side; the patient's side reviews on its own.${access.deposit ? " The first review releases the deposit to the organization's admin." : ''}`}
        build={build}
      />
      <button type="button" class="btn" onClick={onClose}>
        Close
      </button>
    </div>
  );
}
