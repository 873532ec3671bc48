// "Register a record" for a patient, or a new version of one: the file is encrypted here with a
// fresh data key, the patient's consent to add it is checked, the ciphertext goes to the
// organization's gatekeeper, the pointer (with codes and date as blind tags) goes on chain, and
// the data key is sealed to the clinician's own published key so that they can read it later.

import { encryptBlob, newDataKey } from '@lib/blob.mjs';
import { KNOWN_CODES, LABEL_SLOTS, recordInput, versionInput } from '@lib/blind.mjs';
import { blobHash, upload } from '@lib/gatekeeper-client.mjs';
import { useState } from 'preact/hooks';
import { requester, type Account } from '../../accounts';
import { useChain } from '../../chain';
import { PurposeSelect } from '../../components/PurposeSelect';
import { TxButton } from '../../components/TxButton';
import { Field, Notice, Section } from '../../components/ui';
import { messageOf, parseAddress, parseBlindKeyHex, parseRecordId, valueOf } from '../../input';
import { decisionWords, recordStatusWords, refusalWords } from '../../words';
import { CheckList, type Check } from './FetchRecord';
import { attachDataKey, eventsOf, isGatekeeperUrl, keyAttachedUnder } from './shared';

type Mode = 'new' | 'version';

/** What is ready to go on chain once the encrypted file is uploaded. */
interface Prepared {
  mode: Mode;
  patient: string;
  old: number | null;
  purpose: string;
  input: any;
  dataKey: Uint8Array;
}

interface Registered {
  record: number;
  version: number;
  status: string;
}

const today = () => new Date().toISOString().slice(0, 10);
const CODES = Object.entries(KNOWN_CODES.category as Record<string, string>);
const LABELS = Object.entries(KNOWN_CODES.label as Record<string, string>);

/** The choice of a document code (LOINC) among the codes the app knows. */
function CodeSelect({ id, label, value, onChange }: { id: string; label: string; value: string; onChange: (code: string) => void }) {
  return (
    <Field id={id} label={label}>
      <select id={id} value={value} onChange={(e) => onChange(valueOf(e))} data-testid={id}>
        {CODES.map(([code, name]) => (
          <option key={code} value={code}>
            {name} (LOINC {code})
          </option>
        ))}
      </select>
    </Field>
  );
}

export function RegisterRecordSection({ account, gatekeeper }: { account: Account; gatekeeper: string }) {
  const { api } = useChain();
  const [mode, setMode] = useState<Mode>('new');
  const [patient, setPatient] = useState('');
  const [old, setOld] = useState('');
  const [blindKey, setBlindKey] = useState('');
  const [category, setCategory] = useState('11502-2');
  const [typeCode, setTypeCode] = useState('11502-2');
  const [labels, setLabels] = useState<string[]>(['N']);
  const [date, setDate] = useState(today);
  const [purpose, setPurpose] = useState('Treatment');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [checks, setChecks] = useState<Check[]>([]);
  const [prepared, setPrepared] = useState<Prepared | null>(null);
  const [registered, setRegistered] = useState<Registered | null>(null);
  const [keyDone, setKeyDone] = useState<string | null>(null);
  const [formKey, setFormKey] = useState(0);

  const reset = () => {
    setPrepared(null);
    setRegistered(null);
    setKeyDone(null);
    setChecks([]);
    setProblem(null);
    setFile(null);
    setFormKey((k) => k + 1);
  };

  const toggleLabel = (code: string, on: boolean) => setLabels((ls) => (on ? [...ls.filter((l) => l !== code), code] : ls.filter((l) => l !== code)));

  const prepare = async (e: Event) => {
    e.preventDefault();
    if (!api) return;
    setProblem(null);
    setChecks([]);
    setPrepared(null);
    setRegistered(null);
    setKeyDone(null);
    const list: Check[] = [];
    const add = (c: Check) => {
      list.push(c);
      setChecks([...list]);
      return c.ok;
    };
    try {
      const key = parseBlindKeyHex(blindKey);
      if (!file) throw new Error('Choose the file to register.');
      if (file.size === 0) throw new Error('The chosen file is empty.');
      if (!isGatekeeperUrl(gatekeeper)) throw new Error("Enter your organization's gatekeeper address (under \"My organization and roles\").");
      if (mode === 'new' && labels.length > LABEL_SLOTS) throw new Error(`Choose at most ${LABEL_SLOTS} security labels.`);
      if (mode === 'new' && !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error('Enter the clinical date.');
      let who: string;
      let previous: any = null;
      let oldId: number | null = null;
      if (mode === 'new') {
        who = parseAddress(patient, "the patient's account");
        if (who === account.address) throw new Error('That is your own account. Register records for patients.');
      } else {
        oldId = parseRecordId(old);
        setBusy(true);
        const info = await (api.call as any).recordsApi.record(oldId);
        if (info.isNone) throw new Error(`There is no record ${oldId}.`);
        const rec = info.unwrap();
        if (rec.body.isNone) throw new Error(`Record ${oldId} has been erased.`);
        if (rec.replacedBy.isSome) throw new Error(`Record ${oldId} was already replaced by record ${rec.replacedBy.unwrap().toString()}; replace the newest version.`);
        previous = rec.body.unwrap();
        who = previous.patient.toString();
      }
      setBusy(true);

      const mediaType = file.type || 'application/octet-stream';
      const bytes = new Uint8Array(await file.arrayBuffer());
      const dataKey = newDataKey();
      const sealed = await encryptBlob(dataKey, mediaType, bytes);
      const hash = blobHash(sealed);
      add({ id: 'check-reg-encrypt', ok: true, text: `Encrypted the ${bytes.length}-byte ${mediaType} file with a new data key (${sealed.length} bytes sealed).` });

      // The consent decision the chain will make, before anything leaves this browser.
      const draft =
        mode === 'new'
          ? recordInput({ key, category, typeCode, labels: labels as never[], date, hash: { Blake2_256: hash }, locator: 'pending', salt: undefined })
          : versionInput({ key, previous, typeCode, hash: { Blake2_256: hash }, locator: 'pending' });
      const facts = { category: draft.category, labels: draft.labels, dates: draft.dates };
      const decision = decisionWords((await (api.call as any).consentApi.checkAccess(who, account.address, { NewRecord: facts }, purpose, 'Append')).toJSON(), 'accessor');
      if (
        !add({
          id: 'check-reg-consent',
          ok: decision.permitted,
          text: decision.permitted
            ? `The patient's consent lets you add it: ${decision.text.toLowerCase()}.`
            : `The patient's consent does not let you add it. ${decision.text}. Nothing was uploaded. (A wrong blind key also makes the category fall outside the grant.)`,
        })
      )
        return;

      let uploaded: { locator: string; hash: string; contentHash: unknown; size: number };
      try {
        uploaded = await upload(gatekeeper, requester(account), sealed);
      } catch (err: any) {
        add({ id: 'check-reg-upload', ok: false, text: err?.status ? `The gatekeeper refused the upload: ${refusalWords(err)}.` : messageOf(err) });
        return;
      }
      const stored = String(uploaded.hash).toLowerCase() === hash && uploaded.size === sealed.length;
      if (!add({ id: 'check-reg-upload', ok: stored, text: stored ? `Uploaded to ${gatekeeper}; it stores the data under its hash.` : 'The gatekeeper answered with another hash or size: not registering.' }))
        return;

      const input =
        mode === 'new'
          ? recordInput({ key, category, typeCode, labels: labels as never[], date, hash: uploaded.contentHash, locator: uploaded.locator, salt: undefined })
          : versionInput({ key, previous, typeCode, hash: uploaded.contentHash, locator: uploaded.locator });
      setPrepared({ mode, patient: who, old: oldId, purpose, input, dataKey });
    } catch (err) {
      setProblem(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  const attachForMe = async () => {
    if (!api || !prepared || !registered) throw new Error('Register the record first.');
    return attachDataKey(api, prepared.dataKey, registered.record, registered.version, account.address, 'Publish your encryption key first (under "Encryption key"); then attach.');
  };

  return (
    <Section title="Register a record" id="clin-register">
      <form onSubmit={prepare} key={formKey}>
        <fieldset>
          <legend>What to register</legend>
          <label>
            <input type="radio" name="reg-mode" checked={mode === 'new'} onChange={() => setMode('new')} data-testid="reg-mode-new" /> A new record
          </label>
          <label>
            <input type="radio" name="reg-mode" checked={mode === 'version'} onChange={() => setMode('version')} data-testid="reg-mode-version" /> A new
            version of a record (supersede)
          </label>
        </fieldset>
        <div class="grid">
          {mode === 'new' ? (
            <Field id="reg-patient" label="Patient's account" hint="The patient's account at your organization, from their check-in card.">
              <input id="reg-patient" value={patient} onInput={(e) => setPatient(valueOf(e))} autocomplete="off" aria-describedby="reg-patient-hint" data-testid="reg-patient" />
            </Field>
          ) : (
            <Field id="reg-old" label="Record to replace" hint="Its newest version. Category, labels and date stay those of the record.">
              <input id="reg-old" inputMode="numeric" value={old} onInput={(e) => setOld(valueOf(e))} autocomplete="off" aria-describedby="reg-old-hint" data-testid="reg-old" />
            </Field>
          )}
          <Field
            id="reg-blind-key"
            label="Patient's blind key"
            hint="From the patient's check-in card (0x and 64 hexadecimal digits). The codes and the date go on chain only as tags made with it."
          >
            <input
              id="reg-blind-key"
              type="password"
              value={blindKey}
              onInput={(e) => setBlindKey(valueOf(e))}
              autocomplete="off"
              aria-describedby="reg-blind-key-hint"
              data-testid="reg-blind-key"
            />
          </Field>
          {mode === 'new' && <CodeSelect id="reg-category" label="Category" value={category} onChange={setCategory} />}
          <CodeSelect id="reg-type" label="Document type" value={typeCode} onChange={setTypeCode} />
          {mode === 'new' && (
            <Field id="reg-date" label="Clinical date">
              <input id="reg-date" type="date" value={date} onInput={(e) => setDate(valueOf(e))} data-testid="reg-date" />
            </Field>
          )}
          <PurposeSelect id="reg-purpose" value={purpose} onChange={setPurpose} testId="reg-purpose" />
          <Field id="reg-file" label="File" hint="Encrypted in this browser before it is uploaded.">
            <input id="reg-file" type="file" onChange={(e) => setFile((e.target as HTMLInputElement).files?.[0] ?? null)} aria-describedby="reg-file-hint" data-testid="reg-file" />
          </Field>
        </div>
        {mode === 'new' && (
          <fieldset class="clin-labels">
            <legend>Security labels (at most {LABEL_SLOTS})</legend>
            {LABELS.map(([code, name]) => (
              <label key={code}>
                <input type="checkbox" checked={labels.includes(code)} onChange={(e) => toggleLabel(code, (e.target as HTMLInputElement).checked)} data-testid={`reg-label-${code}`} />{' '}
                {name}
              </label>
            ))}
          </fieldset>
        )}
        <button type="submit" class="btn btn-primary" disabled={busy || Boolean(registered)} data-testid="reg-prepare">
          Encrypt, check consent and upload
        </button>
      </form>
      <div aria-live="polite">
        {busy && <p>Working…</p>}
        {problem && <Notice kind="error">{problem}</Notice>}
        {checks.length > 0 && <CheckList checks={checks} label="Steps of the registration" />}
      </div>
      {prepared && api && (
        <>
          <h3>{prepared.mode === 'new' ? 'Register the record on chain' : 'Register the new version on chain'}</h3>
          <TxButton
            label={prepared.mode === 'new' ? 'Register the record' : 'Register the new version'}
            build={() =>
              prepared.mode === 'new'
                ? api.tx.records.register(prepared.patient, prepared.input, prepared.purpose)
                : api.tx.records.supersede(prepared.old!, prepared.input, prepared.purpose)
            }
            summary="Puts the record's pointer on chain: the hash and location of the encrypted data, and its codes and date as tags only the patient's key can read. It holds a deposit from you; the record waits for the patient's acknowledgement."
            onDone={(r) => {
              const reg = eventsOf(r, 'records', 'RecordRegistered')[0];
              const sup = eventsOf(r, 'records', 'RecordSuperseded')[0];
              if (reg) setRegistered({ record: reg.record.toNumber(), version: 1, status: reg.status.type });
              else if (sup) setRegistered({ record: sup.new_.toNumber(), version: sup.version.toNumber(), status: sup.status.type });
            }}
            testId="reg-register"
          />
        </>
      )}
      {registered && prepared && api && (
        <>
          <p role="status" class="ok" data-testid="reg-registered">
            Registered as record <strong data-testid="reg-record-id">{registered.record}</strong>
            {registered.version > 1 ? `, version ${registered.version} of record ${prepared.old}` : ''} (
            {recordStatusWords(registered.status, 'accessor')}).
          </p>
          <h3>Keep a key for myself</h3>
          <p class="hint" id="reg-attach-hint">
            Seals the data key to your published encryption key so that you can open the record later. The chain accepts it only if the
            patient's grant lets you read this record; otherwise it refuses (NoReadGrant), and only the patient can open it until they grant
            you access. The data key is forgotten when you leave this page.
          </p>
          <TxButton
            label="Attach the key for me"
            build={attachForMe}
            summary="Attaches the record's data key, sealed to your own published key. It holds a deposit from you while the key is attached."
            onDone={(r) => {
              const { grant } = keyAttachedUnder(r);
              setKeyDone(`Your key is attached${grant !== null ? ` under grant ${grant}` : ''}: you can fetch and open the record.`);
            }}
            testId="reg-attach"
          />
          {keyDone && (
            <p role="status" class="ok" data-testid="reg-key-done">
              {keyDone}
            </p>
          )}
          <button type="button" class="btn" onClick={reset} data-testid="reg-another">
            Register another
          </button>
        </>
      )}
    </Section>
  );
}
