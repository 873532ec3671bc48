// Form pieces shared by the supply-chain forms: a document whose hash alone goes on chain, a
// list of what is wrong with a form, and a GTIN field that completes check digits.

import { useState } from 'preact/hooks';
import { checkDigit } from '@lib/gs1.mjs';
import { Field } from '../../components/ui';
import { docHash, fileHash } from './codec';

/** A document given as text or a file; only its hash goes on chain. */
export interface Doc {
  text: string;
  file: { name: string; hash: string } | null;
}

export const emptyDoc = (): Doc => ({ text: '', file: null });

/** The hash of the document, or null when none is given. */
export const hashOf = (d: Doc): string | null => d.file?.hash ?? (d.text.trim() ? docHash(d.text) : null);

/**
 * A document field: its text (or a 0x-hex hash already made), or a file. Shows the hash that
 * goes on chain and says that the document itself stays with the user.
 */
export function DocField({ id, label, hint, doc, onChange }: { id: string; label: string; hint: string; doc: Doc; onChange: (d: Doc) => void }) {
  const [reading, setReading] = useState(false);
  const hash = hashOf(doc);
  return (
    <fieldset class="doc-field">
      <legend>{label}</legend>
      <Field id={`${id}-text`} label="Text (or its 0x hash)" hint={hint}>
        <textarea
          id={`${id}-text`}
          rows={2}
          value={doc.text}
          disabled={!!doc.file}
          onInput={(e) => onChange({ ...doc, text: (e.target as HTMLTextAreaElement).value })}
          aria-describedby={`${id}-text-hint`}
          data-testid={`${id}-text`}
        />
      </Field>
      <Field id={`${id}-file`} label="…or a file">
        <input
          id={`${id}-file`}
          type="file"
          onChange={async (e) => {
            const f = (e.target as HTMLInputElement).files?.[0];
            if (!f) return onChange({ ...doc, file: null });
            setReading(true);
            try {
              onChange({ ...doc, file: { name: f.name, hash: await fileHash(f) } });
            } finally {
              setReading(false);
            }
          }}
        />
      </Field>
      <p class="hint" aria-live="polite">
        {reading ? 'Hashing the file…' : hash ? <>On chain only its BLAKE2b-256 hash: <code data-testid={`${id}-hash`}>{hash}</code>. Keep the document itself.</> : 'Nothing given yet.'}
      </p>
    </fieldset>
  );
}

/**
 * What is wrong with a form, in plain words, once the user has started filling it in (`show`);
 * nothing when all is well.
 */
export function Problems({ list, show = true, testId }: { list: string[]; show?: boolean; testId?: string }) {
  return (
    <div aria-live="polite" data-testid={testId}>
      {show && list.length > 0 && (
        <ul class="form-problems">
          {list.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Throws the first problem: for a TxButton's `build`. */
export function ensure(list: string[]) {
  if (list.length) throw new Error(list[0]);
}

/** A GTIN input that offers to complete 13 digits with their check digit. */
export function GtinInput({ id, value, onChange, testId }: { id: string; value: string; onChange: (v: string) => void; testId?: string }) {
  const digits = value.trim();
  return (
    <>
      <input id={id} class="mono" inputMode="numeric" autoComplete="off" value={value} maxLength={14} onInput={(e) => onChange((e.target as HTMLInputElement).value.trim())} data-testid={testId} />
      {/^\d{13}$/.test(digits) && (
        <button type="button" class="btn" onClick={() => onChange(digits + checkDigit(digits))}>
          Add the check digit ({checkDigit(digits)})
        </button>
      )}
    </>
  );
}
