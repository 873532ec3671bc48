// The indexer's address (docs/indexer.md), kept in this browser's storage like the gatekeeper's:
// the patient portal reads the patient's trail from it as FHIR.

import { useState } from 'preact/hooks';
import { savedIndexer, saveIndexer } from '../chain';
import { isServiceUrl, valueOf } from '../input';
import { Field } from './ui';

/** The indexer's address as typed, and its setter, which keeps it once it is an http(s) address. */
export function useIndexer(): [string, (url: string) => void] {
  const [url, setUrl] = useState(savedIndexer);
  return [
    url,
    (next: string) => {
      setUrl(next);
      if (isServiceUrl(next)) saveIndexer(next);
    },
  ];
}

export function IndexerField({ id, label, hint, value, onChange }: { id: string; label: string; hint: string; value: string; onChange: (url: string) => void }) {
  const valid = isServiceUrl(value);
  return (
    <>
      <Field id={id} label={label} hint={hint}>
        <input id={id} type="url" value={value} aria-describedby={`${id}-hint`} aria-invalid={!valid} onInput={(e) => onChange(valueOf(e).trim())} data-testid="indexer-url" />
      </Field>
      {!valid && <p class="field-error">Enter the indexer's address, e.g. http://127.0.0.1:8900.</p>}
    </>
  );
}
