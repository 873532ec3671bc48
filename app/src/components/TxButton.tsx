// One action on chain: a button that first shows the fee and any deposit, then signs, then shows
// the transaction's progress and, on failure, the chain's reason in plain words.

import { useState } from 'preact/hooks';
import type { Account } from '../accounts';
import { useAccounts } from '../accounts';
import { formatBalance, useChain } from '../chain';
import { preview, submit, TxFailed, type Preview, type Step, type Tx, type TxResult } from '../tx';

const STEPS: Array<[Step, string]> = [
  ['signing', 'Signing'],
  ['signed', 'Signed and sent'],
  ['ready', 'Waiting in the pool'],
  ['inBlock', 'In a block'],
  ['finalized', 'Finalized'],
];

type Phase =
  | { kind: 'idle' }
  | { kind: 'preview'; tx: Tx; info: Preview }
  | { kind: 'sending'; step: Step; detail?: string }
  | { kind: 'done'; result: TxResult; finalized: boolean }
  | { kind: 'failed'; error: string; docs: string };

export interface TxButtonProps {
  label: string;
  /** Builds the call; throw an Error with a plain message when the form is not complete. */
  build: () => Tx | Promise<Tx>;
  /** Acts as this account instead of the current one (e.g. a patient's subject). */
  as?: Account | null;
  onDone?: (result: TxResult) => void;
  disabled?: boolean;
  /** What the action does, in one sentence, shown above the fee. */
  summary?: string;
  kind?: 'primary' | 'danger';
  /** data-testid of the button, for tests. */
  testId?: string;
}

export function TxButton({ label, build, as, onDone, disabled, summary, kind = 'primary', testId }: TxButtonProps) {
  const chain = useChain();
  const { current } = useAccounts();
  const account = as === undefined ? current : as;
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });

  const start = async () => {
    if (!chain.api || !account) return;
    try {
      const tx = await build();
      const info = await preview(chain.api, tx, account);
      setPhase({ kind: 'preview', tx, info });
    } catch (e) {
      setPhase({ kind: 'failed', error: 'Cannot prepare', docs: (e as Error).message });
    }
  };

  const sign = async (tx: Tx) => {
    if (!chain.api || !account) return;
    setPhase({ kind: 'sending', step: 'signing' });
    try {
      const result = await submit(
        chain.api,
        tx,
        account,
        (step, detail) => setPhase((p) => (p.kind === 'sending' ? { kind: 'sending', step, detail } : p)),
        (r) => setPhase((p) => (p.kind === 'done' && p.result.hash === r.hash ? { ...p, finalized: true } : p)),
      );
      setPhase({ kind: 'done', result, finalized: false });
      onDone?.(result);
    } catch (e) {
      const f = e instanceof TxFailed ? e : new TxFailed({ pallet: 'app', error: 'Error', docs: (e as Error).message });
      setPhase({ kind: 'failed', error: `${f.pallet}.${f.error}`, docs: f.docs });
    }
  };

  const busy = phase.kind === 'sending' || phase.kind === 'preview';
  return (
    <div class="tx">
      <button type="button" class={`btn btn-${kind}`} onClick={start} disabled={disabled || busy || !account || !chain.api} data-testid={testId}>
        {label}
      </button>
      {!account && <span class="hint"> Choose an account first.</span>}
      {phase.kind === 'preview' && (
        <div class="tx-panel" role="group" aria-label={`Confirm: ${label}`}>
          {summary && <p>{summary}</p>}
          <dl class="kv">
            <dt>Signed by</dt>
            <dd>{account?.name}</dd>
            <dt>Fee</dt>
            <dd data-testid="tx-fee">{formatBalance(phase.info.fee, chain)}</dd>
            <dt>Deposit</dt>
            <dd data-testid="tx-deposit">
              {phase.info.deposit
                ? `${formatBalance(phase.info.deposit.amount, chain)}, held from ${phase.info.deposit.from}; released ${phase.info.deposit.released}`
                : 'none'}
            </dd>
          </dl>
          <button type="button" class="btn btn-primary" onClick={() => sign(phase.tx)} data-testid="tx-sign">
            Sign and submit
          </button>{' '}
          <button type="button" class="btn" onClick={() => setPhase({ kind: 'idle' })}>
            Cancel
          </button>
        </div>
      )}
      <div aria-live="polite" class="tx-status">
        {phase.kind === 'sending' && (
          <ol class="steps">
            {STEPS.map(([step, text], i) => {
              const at = STEPS.findIndex(([s]) => s === phase.step);
              return (
                <li key={step} class={i < at ? 'step-done' : i === at ? 'step-now' : 'step-later'}>
                  {text}
                  {i === at && phase.detail && step === 'inBlock' ? ` ${phase.detail}` : ''}
                </li>
              );
            })}
          </ol>
        )}
        {phase.kind === 'done' && (
          <p class="ok" data-testid="tx-done">
            Done in block #{phase.result.blockNumber}
            {phase.finalized ? ', finalized.' : '; waiting for finality.'}
          </p>
        )}
        {phase.kind === 'failed' && (
          <div class="notice notice-error" role="alert" data-testid="tx-error">
            <strong>{phase.error}</strong>
            {phase.docs && <p>{phase.docs}</p>}
          </div>
        )}
      </div>
    </div>
  );
}
