// Submitting a transaction as an account: its fee and deposit before signing, its progress while
// it travels (signed, ready, in block, finalized), and its failure in the words of the
// metadata's documentation.

import type { ApiPromise } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { ISubmittableResult } from '@polkadot/types/types';
import { describeDispatchError } from '@lib/chain.mjs';
import type { Account } from './accounts';
import { estimateDeposit, type DepositEstimate } from './deposits';

export type Tx = SubmittableExtrinsic<'promise'>;

export interface Preview {
  fee: bigint;
  deposit: DepositEstimate | null;
}

/** The fee the transaction will pay as `account`, and the deposit it will hold, if any. */
export async function preview(api: ApiPromise, tx: Tx, account: Account): Promise<Preview> {
  const [info, deposit] = await Promise.all([
    tx.paymentInfo(account.address, account.signer ? { signer: account.signer } : {}),
    estimateDeposit(api, tx, account.address).catch(() => null),
  ]);
  return { fee: info.partialFee.toBigInt(), deposit };
}

export type Step = 'signing' | 'signed' | 'ready' | 'inBlock' | 'finalized';

export interface TxEvent {
  section: string;
  method: string;
  data: any;
}

export interface TxResult {
  hash: string;
  blockHash: string;
  blockNumber: number;
  events: TxEvent[];
}

/** A refusal: by the chain (`pallet`, `error`, `docs` from metadata) or by the pool. */
export class TxFailed extends Error {
  pallet: string;
  error: string;
  docs: string;
  constructor(info: { pallet: string; error: string; docs: string }) {
    super(`${info.pallet}.${info.error}${info.docs ? `: ${info.docs}` : ''}`);
    this.pallet = info.pallet;
    this.error = info.error;
    this.docs = info.docs;
  }
}

/**
 * Signs and submits `tx` as `account`, reporting each step. Resolves once the transaction is in
 * a block (with its events), and calls `onFinalized` when that block is final. Rejects with a
 * `TxFailed` when the call failed or the pool refused it.
 */
export function submit(
  api: ApiPromise,
  tx: Tx,
  account: Account,
  onStep: (step: Step, detail?: string) => void,
  onFinalized?: (result: TxResult) => void,
): Promise<TxResult> {
  return new Promise((resolve, reject) => {
    let unsub: (() => void) | null = null;
    let included: TxResult | null = null;
    let including = false;
    let markIncluded: () => void = () => {};
    const inclusion = new Promise<void>((r) => (markIncluded = r));
    let finished = false;
    const stop = () => {
      finished = true;
      if (unsub) unsub();
    };
    const onStatus = async (result: ISubmittableResult) => {
      const { status, events, dispatchError } = result;
      if (status.isInvalid || status.isDropped || status.isUsurped) {
        stop();
        return reject(new TxFailed({ pallet: 'pool', error: status.type, docs: 'The transaction pool refused the transaction.' }));
      }
      if (status.isReady) onStep('ready');
      // Instant sealing goes from Ready straight to Finalized: both mean included.
      // Set before the header is awaited: a Finalized status may arrive meanwhile.
      if ((status.isInBlock || status.isFinalized) && !including) {
        including = true;
        const blockHash = (status.isInBlock ? status.asInBlock : status.asFinalized).toHex();
        let header;
        try {
          header = await api.rpc.chain.getHeader(blockHash);
        } catch (e) {
          stop();
          return reject(new TxFailed({ pallet: 'node', error: 'Unreachable', docs: `Included in block ${blockHash}, but its header could not be read: ${(e as Error).message}` }));
        }
        included = {
          hash: tx.hash.toHex(),
          blockHash,
          blockNumber: header.number.toNumber(),
          events: events.map(({ event }) => ({ section: event.section, method: event.method, data: event.data })),
        };
        onStep('inBlock', `#${included.blockNumber}`);
        markIncluded();
        if (dispatchError) {
          stop();
          return reject(new TxFailed(describeDispatchError(api, dispatchError)));
        }
        resolve(included);
      }
      if (status.isFinalized) {
        await inclusion;
        if (finished) return;
        onStep('finalized');
        // After `resolve`'s continuation has run, so the caller already shows the result.
        const final = included;
        setTimeout(() => onFinalized?.(final!), 0);
        stop();
      }
    };
    onStep('signing');
    const signer = account.pair ?? account.address;
    const options = account.signer ? { signer: account.signer, nonce: -1 } : { nonce: -1 };
    tx.signAndSend(signer, options, onStatus)
      .then((u) => {
        onStep('signed', tx.hash.toHex());
        if (finished) u();
        else unsub = u;
      })
      .catch((e: Error) => {
        stop();
        reject(poolError(e));
      });
  });
}

/** The pool's or the wallet's refusal in plain words. */
function poolError(e: Error): TxFailed {
  const text = e.message || String(e);
  if (/Inability to pay some fees|1010: Invalid Transaction: Inability/.test(text)) {
    return new TxFailed({ pallet: 'pool', error: 'Payment', docs: 'The account cannot pay the fee (its free balance is too low).' });
  }
  if (/Cancelled|Rejected by user/i.test(text)) {
    return new TxFailed({ pallet: 'wallet', error: 'Cancelled', docs: 'The signature was declined in the wallet.' });
  }
  return new TxFailed({ pallet: 'pool', error: 'Refused', docs: text });
}
