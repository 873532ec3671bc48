// Small building blocks shared by the pages.

import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useChain } from '../chain';

export function Section({ title, children, id }: { title: string; children: ComponentChildren; id?: string }) {
  return (
    <section class="card" aria-labelledby={id ? `${id}-title` : undefined} id={id}>
      <h2 id={id ? `${id}-title` : undefined}>{title}</h2>
      {children}
    </section>
  );
}

/** A labelled form control: the label is tied to the control by `id`. */
export function Field({ id, label, hint, children }: { id: string; label: string; hint?: string; children: ComponentChildren }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children}
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
}

export function Notice({ kind = 'info', children }: { kind?: 'info' | 'error' | 'ok' | 'warn'; children: ComponentChildren }) {
  return (
    <div class={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

/** An address, shortened for the eye, whole for screen readers and copying. */
export function Address({ value }: { value: string }) {
  const short = value.length > 16 ? `${value.slice(0, 6)}…${value.slice(-6)}` : value;
  return (
    <span class="address" title={value} aria-label={value}>
      {short}
    </span>
  );
}

/** A value read from the chain: re-read on each finalized block and after a runtime upgrade. */
export function useChainValue<T>(read: () => Promise<T>, deps: unknown[]): { value: T | undefined; error: string | null; loading: boolean } {
  const { api, epoch } = useChain();
  const [value, setValue] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  useEffect(() => {
    if (!api) return;
    let live = true;
    read().then(
      (v) => {
        if (!live) return;
        setValue(v);
        setError(null);
        setLoading(false);
      },
      (e: Error) => {
        if (!live) return;
        setError(e.message);
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [api, epoch, ...deps]);
  return { value, error, loading };
}
