// Export my trail (FHIR): the identity's consents (Consent), the accesses to its records
// (AuditEvent) and its records' history (Provenance) as the chain's indexer writes them in FHIR
// R4 or R5, read with requests the identity's account signs (docs/indexer.md), and offered as
// one file: a `collection` Bundle of every resource under the full URL the indexer gave it.

import { FHIR_TYPES, FHIR_VERSIONS, fhirSearchEntries } from '@lib/indexer-client.mjs';
import { useEffect, useRef, useState } from 'preact/hooks';
import { requester } from '../../accounts';
import { IndexerField, useIndexer } from '../../components/IndexerField';
import { Notice, Section } from '../../components/ui';
import { isServiceUrl, messageOf } from '../../input';
import { indexerRefusalWords } from '../../words';
import { usePatient } from './context';

/** An entry of the indexer's searchset Bundles, as the client keeps it. */
export interface TrailEntry {
  fullUrl?: string;
  resource: { resourceType: string; id?: string; [key: string]: unknown };
}

/** A FHIR `collection` Bundle of `entries`, in the order given, each as `{ fullUrl, resource }`. */
function collectionBundle(entries: TrailEntry[], timestamp = new Date()) {
  return {
    resourceType: 'Bundle',
    type: 'collection',
    timestamp: timestamp.toISOString(),
    entry: entries.map((e) => (e.fullUrl ? { fullUrl: e.fullUrl, resource: e.resource } : { resource: e.resource })),
  };
}

/** What each resource type holds of a patient's trail. */
const TYPE_WORDS: Record<string, string> = {
  Consent: 'your grants: given, revoked or ended',
  AuditEvent: 'accesses to your records, permitted or denied, emergency accesses and their reviews',
  Provenance: "events of your records' history: registered, replaced, acknowledged, disputed, erased",
};

interface Exported {
  version: string;
  counts: Array<[string, number]>;
  name: string;
  url: string;
  size: number;
}

/** An export's failure in plain words: the indexer's refusal, an indexer out of reach, or else. */
function failureWords(e: any, indexer: string): string {
  if (typeof e?.status === 'number') {
    return `The indexer refused to give the trail (${e.status}${e.reason ? ` ${e.reason}` : ''}): ${indexerRefusalWords(e)}.`;
  }
  if (/^cannot reach the indexer/.test(e?.message ?? '')) {
    return `Cannot reach the indexer at ${indexer}. Check its address, that it is running, and that it lets this web app call it (its --allowed-origin setting).`;
  }
  return `Could not export the trail: ${messageOf(e)}`;
}

export function FhirExportSection() {
  const { identity } = usePatient();
  const [indexer, setIndexer] = useIndexer();
  const [version, setVersion] = useState<string>(FHIR_VERSIONS[0]);
  const [reading, setReading] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [exported, setExported] = useState<Exported | null>(null);
  const urlRef = useRef<string | null>(null);
  const live = useRef(true);

  const forget = () => {
    if (urlRef.current) URL.revokeObjectURL(urlRef.current);
    urlRef.current = null;
    setExported(null);
  };
  useEffect(
    () => () => {
      live.current = false;
      forget();
    },
    [],
  );

  const run = async () => {
    forget();
    setProblem(null);
    if (!isServiceUrl(indexer)) return setProblem("Enter the indexer's address first, e.g. http://127.0.0.1:8900.");
    const signer = requester(identity.account);
    const entries: TrailEntry[] = [];
    const counts: Array<[string, number]> = [];
    try {
      for (const type of FHIR_TYPES) {
        if (!live.current) return;
        setReading(type);
        const found: TrailEntry[] = await fhirSearchEntries(indexer, { version, type, patient: identity.address, count: 1000 }, signer);
        entries.push(...found);
        counts.push([type, found.length]);
      }
    } catch (e) {
      if (live.current) setProblem(failureWords(e, indexer));
      return;
    } finally {
      if (live.current) setReading(null);
    }
    if (!live.current) return;
    const text = JSON.stringify(collectionBundle(entries), null, 2);
    const blob = new Blob([text], { type: 'application/fhir+json' });
    urlRef.current = URL.createObjectURL(blob);
    setExported({ version, counts, name: `healthchain-trail-${version}.json`, url: urlRef.current, size: blob.size });
  };

  return (
    <Section title="Export my trail (FHIR)" id="trail-export">
      <p>
        Your trail in HL7 FHIR, for another health system or your own files: your grants as Consent resources, the accesses to your records as
        AuditEvent resources and your records' history as Provenance resources, those of {identity.phrase}. They are read from an indexer of
        the chain, which gives them only to you, a guardian of yours or an auditor: {identity.account.pair ? 'this tab signs' : 'your wallet asks you to sign'}{' '}
        each request as {identity.phrase}. Nothing is sent to the chain; codes and dates stay blind tags, as they are on chain.
      </p>
      <IndexerField
        id="trail-export-indexer"
        label="Indexer"
        hint="The address of the chain's indexer that serves the trail. Kept in this browser."
        value={indexer}
        onChange={setIndexer}
      />
      <fieldset>
        <legend>FHIR release</legend>
        {FHIR_VERSIONS.map((v) => (
          <label key={v}>
            <input
              type="radio"
              name="trail-export-version"
              value={v}
              checked={version === v}
              onChange={() => (setVersion(v), forget())}
              data-testid={`trail-export-version-${v}`}
            />{' '}
            {v === 'R4' ? 'R4 (4.0.1)' : 'R5 (5.0.0)'}
          </label>
        ))}
      </fieldset>
      <button type="button" class="btn btn-primary" onClick={run} disabled={reading !== null} data-testid="trail-export">
        Export my trail
      </button>
      <p role="status" class="hint" data-testid="trail-export-progress">
        {reading ? `Reading ${reading} resources from the indexer…` : ''}
      </p>
      {problem && (
        <Notice kind="error">
          <span data-testid="trail-export-error">{problem}</span>
        </Notice>
      )}
      {exported && (
        <div data-testid="trail-export-result">
          <p>Read from the indexer, in FHIR {exported.version}, in the order they happened on chain:</p>
          <ul>
            {exported.counts.map(([type, n]) => (
              <li key={type} data-testid={`trail-export-count-${type}`} data-count={n}>
                <strong>{n}</strong> {type}: {TYPE_WORDS[type] ?? type}
              </li>
            ))}
          </ul>
          <a class="btn patient-download" href={exported.url} download={exported.name} data-testid="trail-export-download">
            Download {exported.name} ({exported.size.toLocaleString('en-GB')} bytes)
          </a>
        </div>
      )}
    </Section>
  );
}
