// "Check access before reading": the chain's consent decision for one record or for each of a
// patient's records, without touching the records or the audit trail.

import { useMemo, useState } from 'preact/hooks';
import { useChain } from '../../chain';
import { PurposeSelect } from '../../components/PurposeSelect';
import { Field, Notice, Section } from '../../components/ui';
import { VariantSelect } from '../../components/VariantSelect';
import { messageOf, parseAddress, parseRecordId, valueOf } from '../../input';
import { actionLabel, actionsOf, decisionWords, purposeWords, recordStatusWords } from '../../words';

interface Decision {
  record: number | null;
  permitted: boolean;
  text: string;
  status?: string;
  version?: number;
}

/** Pages through a patient's live records: `[{ id, version, status }]`. */
async function recordsOf(api: any, patient: string): Promise<Array<{ id: number; version: number; status: string }>> {
  const out: Array<{ id: number; version: number; status: string }> = [];
  let after: number | null = null;
  for (let pages = 0; pages < 20; pages++) {
    const page: any = await api.call.recordsApi.recordsOf(patient, null, after, 100);
    for (const r of page.records) out.push({ id: r.id.toNumber(), version: r.version.toNumber(), status: r.status.type });
    if (page.next.isNone) break;
    after = page.next.unwrap().toNumber();
  }
  return out;
}

export function CheckAccessSection({ me }: { me: string }) {
  const { api } = useChain();
  const [patient, setPatient] = useState('');
  const [target, setTarget] = useState<'record' | 'all'>('record');
  const [record, setRecord] = useState('');
  const [purpose, setPurpose] = useState('Treatment');
  const [action, setAction] = useState('Read');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [results, setResults] = useState<Decision[] | null>(null);
  const actions = useMemo(() => (api ? actionsOf(api) : []), [api]);

  const check = async (e: Event) => {
    e.preventDefault();
    if (!api) return;
    setProblem(null);
    setResults(null);
    try {
      const who = parseAddress(patient, "the patient's account");
      const ids = target === 'record' ? [{ id: parseRecordId(record), version: 0, status: '' }] : null;
      setBusy(true);
      const list = ids ?? (await recordsOf(api, who));
      const out: Decision[] = [];
      for (const r of list) {
        const d = await (api.call as any).consentApi.checkAccess(who, me, { Record: r.id }, purpose, action);
        out.push({ record: r.id, version: r.version, status: r.status, ...decisionWords(d.toJSON(), 'accessor') });
      }
      setResults(out);
    } catch (err) {
      setProblem(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section title="Check access before reading" id="clin-check">
      <p>Asks the chain whether the patient's consent lets you act now. Nothing is read and nothing is logged.</p>
      <form onSubmit={check}>
        <div class="grid">
          <Field id="check-patient" label="Patient's account" hint="The patient's account at your organization, from their check-in card.">
            <input id="check-patient" value={patient} onInput={(e) => setPatient(valueOf(e))} autocomplete="off" aria-describedby="check-patient-hint" data-testid="check-patient" />
          </Field>
          <fieldset>
            <legend>Which records</legend>
            <label>
              <input type="radio" name="check-target" checked={target === 'record'} onChange={() => setTarget('record')} data-testid="check-target-record" /> One
              record
            </label>
            <label>
              <input type="radio" name="check-target" checked={target === 'all'} onChange={() => setTarget('all')} data-testid="check-target-all" /> Every record
              of the patient
            </label>
          </fieldset>
          {target === 'record' && (
            <Field id="check-record" label="Record number">
              <input id="check-record" inputMode="numeric" value={record} onInput={(e) => setRecord(valueOf(e))} autocomplete="off" data-testid="check-record" />
            </Field>
          )}
          <PurposeSelect id="check-purpose" value={purpose} onChange={setPurpose} testId="check-purpose" />
          <Field id="check-action" label="Action">
            <VariantSelect id="check-action" variants={actions} words={actionLabel} value={action} onChange={setAction} testId="check-action" />
          </Field>
        </div>
        <button type="submit" class="btn btn-primary" disabled={busy} data-testid="check-access">
          Check access
        </button>
      </form>
      <div aria-live="polite">
        {busy && <p>Asking the chain…</p>}
        {problem && <Notice kind="error">{problem}</Notice>}
        {results && target === 'record' && results[0] && (
          <p class={`verdict ${results[0].permitted ? 'verdict-ok' : 'verdict-bad'}`} data-testid="access-verdict">
            {results[0].permitted ? '✓ ' : '✗ '}
            {results[0].text}
          </p>
        )}
        {results && target === 'all' && results.length === 0 && <p data-testid="access-none">The patient has no records on chain.</p>}
        {results && target === 'all' && results.length > 0 && (
          <table data-testid="access-table">
            <caption class="clin-caption">Your access to each of the patient's records for {purposeWords(purpose)}</caption>
            <thead>
              <tr>
                <th scope="col">Record</th>
                <th scope="col">Version</th>
                <th scope="col">Status</th>
                <th scope="col">Decision</th>
              </tr>
            </thead>
            <tbody>
              {results.map((r) => (
                <tr key={r.record} data-testid={`access-row-${r.record}`}>
                  <td>{r.record}</td>
                  <td>{r.version}</td>
                  <td>{r.status ? recordStatusWords(r.status, 'accessor') : ''}</td>
                  <td class={r.permitted ? 'ok' : 'clin-bad'}>
                    {r.permitted ? '✓ ' : '✗ '}
                    {r.text}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </Section>
  );
}
