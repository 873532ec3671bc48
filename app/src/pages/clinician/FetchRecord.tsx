// "Fetch a record": the chain says where the record is and whether you may read it, the
// custodian's gatekeeper serves it (logging the read on the patient's trail), and the browser
// checks the blob's hash, opens the data key sealed to you, decrypts, and asks the chain whether
// this is the current version. Each check is shown.

import { decryptBlob } from '@lib/blob.mjs';
import { blobHash, fetchRecord, gatekeeperUrlOf } from '@lib/gatekeeper-client.mjs';
import { u8aToHex } from '@polkadot/util';
import { useEffect, useRef, useState } from 'preact/hooks';
import { requester, type Account } from '../../accounts';
import { useChain } from '../../chain';
import { PurposeSelect } from '../../components/PurposeSelect';
import { Field, Notice, Section } from '../../components/ui';
import { messageOf, parseRecordId, valueOf } from '../../input';
import { basisWords, denialWords, recordStatusWords, refusalWords } from '../../words';
import { openDataKey, type KeyPair } from './shared';

export interface Check {
  id: string;
  ok: boolean;
  text: string;
}

interface Opened {
  mediaType: string;
  size: number;
  text: string | null;
  url: string;
  name: string;
}

/** A `ContentHash` from a struct's JSON (`hash` or `hash_`): `[variant, 0x-hex]`, variant as the chain names it. */
export function contentHashOf(json: any): [string, string] {
  const h = json.hash_ ?? json.hash;
  const [[variant, hex]] = Object.entries(h as Record<string, string>);
  return [variant.toLowerCase() === 'sha256' ? 'Sha256' : 'Blake2_256', String(hex).toLowerCase()];
}

/** The digest of `bytes` in the hash function of `variant`, as 0x-hex. */
async function digestOf(variant: string, bytes: Uint8Array): Promise<string> {
  if (variant === 'Blake2_256') return blobHash(bytes).toLowerCase();
  return u8aToHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource)));
}

/** `verify`'s answer in words, and whether it says "the current version of this record". */
export function verifyWords(verdict: any, record: number): Check {
  const id = 'check-current';
  if (verdict.isCurrent) {
    const c = verdict.asCurrent;
    const state = recordStatusWords(c.status.type, 'accessor');
    if (c.erased.isTrue) return { id, ok: false, text: 'This is the latest version, but it has been erased.' };
    if (c.record.toNumber() !== record) return { id, ok: false, text: `The data is that of record ${c.record.toString()}, not of record ${record}.` };
    return { id, ok: true, text: `The chain confirms this is the current version (${state}).` };
  }
  if (verdict.isSuperseded) return { id, ok: false, text: `This version was replaced: the newest is record ${verdict.asSuperseded.latest.toString()}.` };
  if (verdict.isEnteredInError) return { id, ok: false, text: 'The custodian marked this version as entered in error.' };
  if (verdict.isNoMatch) return { id, ok: false, text: 'The data matches no version of this record.' };
  return { id, ok: false, text: 'The chain does not know this record.' };
}

/** File name extensions for the offered download, by media type. */
const EXTENSIONS: Record<string, string> = {
  'text/plain': 'txt',
  'text/csv': 'csv',
  'text/html': 'html',
  'application/pdf': 'pdf',
  'application/json': 'json',
  'application/fhir+json': 'json',
  'image/png': 'png',
  'image/jpeg': 'jpg',
};

export function CheckList({ checks, label }: { checks: Check[]; label: string }) {
  return (
    <ul class="clin-checks" aria-label={label}>
      {checks.map((c) => (
        <li key={c.id} class={c.ok ? 'clin-check-ok' : 'clin-check-bad'} data-testid={c.id} data-ok={String(c.ok)}>
          <span aria-hidden="true">{c.ok ? '✓' : '✗'}</span> <span class="visually-hidden">{c.ok ? 'Passed:' : 'Failed:'}</span> {c.text}
        </li>
      ))}
    </ul>
  );
}

export function FetchRecordSection({ account, keys, gatekeeper }: { account: Account; keys: KeyPair | null; gatekeeper: string }) {
  const { api } = useChain();
  const [record, setRecord] = useState('');
  const [purpose, setPurpose] = useState('Treatment');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [checks, setChecks] = useState<Check[]>([]);
  const [opened, setOpened] = useState<Opened | null>(null);
  const urlRef = useRef<string | null>(null);

  const forget = () => {
    if (urlRef.current) URL.revokeObjectURL(urlRef.current);
    urlRef.current = null;
    setOpened(null);
  };
  useEffect(() => forget, []);

  const run = async (e: Event) => {
    e.preventDefault();
    if (!api) return;
    setProblem(null);
    setRefusal(null);
    setChecks([]);
    forget();
    const list: Check[] = [];
    const add = (c: Check) => {
      list.push(c);
      setChecks([...list]);
      return c.ok;
    };
    let id: number;
    try {
      id = parseRecordId(record);
      if (!keys) throw new Error('Enter your decryption secret first (under "Encryption key"): without it the record cannot be opened.');
    } catch (err) {
      setProblem(messageOf(err));
      return;
    }
    setBusy(true);
    try {
      const me = account.address;
      const info = await (api.call as any).recordsApi.record(id);
      if (info.isNone) return void add({ id: 'check-pointer', ok: false, text: `There is no record ${id}.` });
      const rec = info.unwrap();

      // Where the data is, and whether the chain lets you read it.
      const answer = await (api.call as any).recordsApi.readPointer(id, me, purpose);
      let pointer: any = null;
      let url = gatekeeper;
      if (answer.isOk) {
        pointer = answer.asOk;
        try {
          url = gatekeeperUrlOf(pointer.locator.toUtf8());
        } catch {
          return void add({ id: 'check-pointer', ok: false, text: "The record's data is not kept behind a gatekeeper; this console cannot fetch it." });
        }
        add({ id: 'check-pointer', ok: true, text: `The chain permits you to read it (${basisWords(pointer.basis.toJSON(), 'accessor')}); its data is at ${url}.` });
      } else {
        const err = answer.asErr;
        if (err.isUnknownRecord) return void add({ id: 'check-pointer', ok: false, text: `There is no record ${id}.` });
        if (err.isErased) return void add({ id: 'check-pointer', ok: false, text: 'The record has been erased: its data is gone.' });
        add({
          id: 'check-pointer',
          ok: false,
          text: `The chain's consent check denies it: ${denialWords(err.asConsent.toJSON(), 'accessor')}. Asking your organization's gatekeeper, which decides again and logs the attempt.`,
        });
      }

      // The gatekeeper: it logs the read on the patient's trail before it answers.
      let got: { bytes: Uint8Array; hash: string | null; wrappedKey: string | null; basis: string | null; loggedIn: string | null };
      try {
        got = await fetchRecord(url, requester(account), id, purpose);
      } catch (err: any) {
        if (err?.status) {
          const text = `Refused: ${err.reason ?? err.status} — ${refusalWords(err)}`;
          setRefusal(text);
          return void add({ id: 'check-fetch', ok: false, text: `The gatekeeper refused (${err.status})${err.status === 403 ? '; your attempt is on the patient\'s access trail' : ''}.` });
        }
        return void add({ id: 'check-fetch', ok: false, text: messageOf(err) });
      }
      add({
        id: 'check-fetch',
        ok: true,
        text: `The gatekeeper served ${got.bytes.length} bytes and logged your read on the patient's access trail${got.basis ? ` (${got.basis})` : ''}.`,
      });

      // The data is what the chain points at.
      const [variant, expected] = contentHashOf((pointer ?? rec).toJSON());
      const actual = await digestOf(variant, got.bytes);
      const hashOk = actual === expected && (!got.hash || got.hash.toLowerCase() === expected);
      if (!add({ id: 'check-hash', ok: hashOk, text: hashOk ? `Its ${variant === 'Sha256' ? 'SHA-256' : 'BLAKE2b-256'} hash matches the record on chain.` : "Its hash does not match the record on chain: the data was altered or is another record's." }))
        return;

      // Whether the chain holds this as the current version; independent of the decryption.
      const verdict = verifyWords(await (api.call as any).recordsApi.verify(id, { [variant]: expected }), id);

      const wrapped = got.wrappedKey ?? (pointer && pointer.wrappedKey.isSome ? pointer.wrappedKey.unwrap().toHex() : null);
      if (!wrapped) {
        add({
          id: 'check-key',
          ok: false,
          text: 'No data key is sealed to you for this record, so it cannot be decrypted. Keys are sealed under a grant: ask the patient, or a colleague who can open the record, to share it with you.',
        });
        return void add(verdict);
      }
      let dataKey: Uint8Array;
      try {
        const version = pointer ? pointer.version.toNumber() : rec.version.toNumber();
        dataKey = await openDataKey(api, keys!, wrapped, id, version, me);
        add({ id: 'check-key', ok: true, text: 'The data key sealed to you opens with your key pair.' });
      } catch {
        add({ id: 'check-key', ok: false, text: 'The data key sealed to you does not open with your key pair: it was sealed to another key. Check your decryption secret.' });
        return void add(verdict);
      }

      let file: { mediaType: string; size: number; file: Uint8Array };
      try {
        file = await decryptBlob(dataKey, got.bytes);
        add({ id: 'check-decrypt', ok: true, text: 'Decrypted; the data is authentic and complete (AES-256-GCM).' });
      } catch (err) {
        add({ id: 'check-decrypt', ok: false, text: `Cannot decrypt: ${messageOf(err)}.` });
        return void add(verdict);
      }
      const sizeOk = file.size === file.file.length;
      add({
        id: 'check-envelope',
        ok: sizeOk,
        text: sizeOk ? `The file inside: ${file.size} bytes of ${file.mediaType}, as its header says.` : `The file is ${file.file.length} bytes, not the ${file.size} its header says.`,
      });
      add(verdict);

      const isText = /^text\//.test(file.mediaType) || file.mediaType === 'application/json' || file.mediaType === 'application/fhir+json';
      let text: string | null = null;
      if (isText) {
        try {
          text = new TextDecoder('utf-8', { fatal: true }).decode(file.file);
        } catch {
          text = null;
        }
      }
      const blobUrl = URL.createObjectURL(new Blob([file.file as BlobPart], { type: file.mediaType }));
      urlRef.current = blobUrl;
      const ext = EXTENSIONS[file.mediaType.split(';')[0].trim()] ?? 'bin';
      setOpened({ mediaType: file.mediaType, size: file.size, text, url: blobUrl, name: `record.${ext}` });
    } catch (err) {
      setProblem(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section title="Fetch a record" id="clin-fetch">
      <p>
        Fetches the record's encrypted data from its custodian's gatekeeper and opens it in this browser. Every fetch, permitted or refused,
        is logged on the patient's access trail.
      </p>
      <form onSubmit={run}>
        <div class="grid">
          <Field id="fetch-record" label="Record number">
            <input id="fetch-record" inputMode="numeric" value={record} onInput={(e) => setRecord(valueOf(e))} autocomplete="off" data-testid="fetch-record" />
          </Field>
          <PurposeSelect id="fetch-purpose" value={purpose} onChange={setPurpose} testId="fetch-purpose" />
        </div>
        <button type="submit" class="btn btn-primary" disabled={busy} data-testid="fetch-open">
          Fetch and open
        </button>
      </form>
      <div aria-live="polite">
        {busy && <p>Working…</p>}
        {problem && <Notice kind="error">{problem}</Notice>}
        {refusal && (
          <div class="notice notice-error" role="alert" data-testid="fetch-refusal">
            <strong>{refusal}</strong>
          </div>
        )}
        {checks.length > 0 && <CheckList checks={checks} label="Checks of the fetched record" />}
        {!busy && checks.length > 0 && checks.every((c) => c.ok) && opened && (
          <p class="ok" data-testid="fetch-all-ok">
            Every check passed.
          </p>
        )}
      </div>
      {opened && (
        <div class="clin-file" data-testid="fetch-file">
          <h3>The record's file</h3>
          {opened.text !== null ? (
            <pre class="clin-text" data-testid="file-text" tabIndex={0} aria-label="The record's text">
              {opened.text}
            </pre>
          ) : (
            <p>This file cannot be shown here ({opened.mediaType}); download it to open it.</p>
          )}
          <a class="btn" href={opened.url} download={opened.name} data-testid="file-download">
            Download the file ({opened.size} bytes)
          </a>
        </div>
      )}
    </Section>
  );
}
