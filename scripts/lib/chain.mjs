// Connecting to a Healthchain node, signing, submitting and reading results with polkadot.js.
// Used by the `hc` command-line tool, the end-to-end tests and the measurement scripts.

import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';

export const DEFAULT_ENDPOINT = 'ws://127.0.0.1:9944';

/** Connects to `endpoint` and waits until the metadata is loaded. */
export async function connect(endpoint = process.env.HC_ENDPOINT || DEFAULT_ENDPOINT) {
  await cryptoWaitReady();
  // No automatic reconnection: a script fails at once when the node is not there.
  const provider = new WsProvider(endpoint, false);
  try {
    await provider.connect();
    return await ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
  } catch (e) {
    await provider.disconnect().catch(() => {});
    throw new Error(`cannot connect to ${endpoint}: ${e.message}`);
  }
}

/**
 * A signer from a secret URI: a dev key (`//Alice`), a mnemonic, or a mnemonic with a
 * derivation path. sr25519, the scheme of the dev keys and wallets.
 */
export function signer(suri = process.env.HC_SURI || '//Alice') {
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  return keyring.addFromUri(suri);
}

/** The well-known dev accounts, funded in every dev genesis preset. */
export const DEV_KEYS = ['//Alice', '//Bob', '//Charlie', '//Dave', '//Eve', '//Ferdie'];

/** Describes a `DispatchError` with the pallet, error name and its documentation from metadata. */
export function describeDispatchError(api, dispatchError) {
  if (dispatchError.isModule) {
    const meta = api.registry.findMetaError(dispatchError.asModule);
    return { pallet: meta.section, error: meta.name, docs: meta.docs.join(' ').trim() };
  }
  if (dispatchError.isToken) return { pallet: 'token', error: dispatchError.asToken.type, docs: '' };
  if (dispatchError.isArithmetic) return { pallet: 'arithmetic', error: dispatchError.asArithmetic.type, docs: '' };
  return { pallet: 'dispatch', error: dispatchError.type, docs: dispatchError.toString() };
}

/** Error thrown when an extrinsic is included but fails. */
export class DispatchFailed extends Error {
  constructor(info, result) {
    super(`${info.pallet}.${info.error}${info.docs ? `: ${info.docs}` : ''}`);
    this.pallet = info.pallet;
    this.error = info.error;
    this.docs = info.docs;
    this.result = result;
  }
}

/**
 * Signs and submits `tx`, then waits for it to be included (or finalized with
 * `{ finalized: true }`). Resolves with `{ blockHash, blockNumber, events }`, each event as
 * `{ section, method, data }` in human form. Rejects with `DispatchFailed` when the extrinsic
 * fails (the error named and explained from metadata), or with the pool's error when it is
 * refused. With `account` null, submits `tx` unsigned: a bare extrinsic, for the few calls the
 * runtime validates by their content.
 */
export function submit(api, tx, account, { finalized = false, nonce = -1 } = {}) {
  return new Promise((resolve, reject) => {
    let unsub = () => {};
    let settled = false;
    const done = (fn, value) => {
      if (settled) return;
      settled = true;
      unsub();
      fn(value);
    };
    const onStatus = async (result) => {
      const { status, events, dispatchError } = result;
      if (status.isInvalid || status.isDropped || status.isUsurped) {
        return done(reject, new Error(`transaction ${status.type}`));
      }
      const target = finalized ? status.isFinalized : status.isInBlock || status.isFinalized;
      if (!target) return;
      const blockHash = status.isFinalized ? status.asFinalized : status.asInBlock;
      const header = await api.rpc.chain.getHeader(blockHash);
      const out = {
        blockHash: blockHash.toHex(),
        blockNumber: header.number.toNumber(),
        events: events.map(({ event }) => ({
          section: event.section,
          method: event.method,
          data: event.data.toHuman(),
          raw: event,
        })),
      };
      if (dispatchError) return done(reject, new DispatchFailed(describeDispatchError(api, dispatchError), out));
      done(resolve, out);
    };
    (account ? tx.signAndSend(account, { nonce }, onStatus) : tx.send(onStatus))
      .then((u) => {
        unsub = u;
        if (settled) u();
      })
      .catch((e) => done(reject, e));
  });
}

/**
 * A sudo call succeeds as an extrinsic even when the call it wraps fails: throws the wrapped
 * call's error (as `DispatchFailed`) from a submit result's `sudo.Sudid` event, if it failed.
 */
export function throwIfSudoFailed(api, result) {
  const outcome = findEvent(result, 'sudo', 'Sudid')?.raw.data[0];
  if (outcome?.isErr) throw new DispatchFailed(describeDispatchError(api, outcome.asErr), result);
  return result;
}

/** Finds the first event `section.method` in a submit result, or undefined. */
export function findEvent(result, section, method) {
  return result.events.find((e) => e.section === section && e.method === method);
}

/** Waits until the chain reaches block `number` (best or finalized). */
export async function waitForBlock(api, number, { finalized = false, timeoutMs = 120_000 } = {}) {
  const subscribe = finalized ? api.rpc.chain.subscribeFinalizedHeads : api.rpc.chain.subscribeNewHeads;
  return new Promise((resolve, reject) => {
    let unsub = () => {};
    const timer = setTimeout(() => {
      unsub();
      reject(new Error(`block ${number} not reached in ${timeoutMs} ms`));
    }, timeoutMs);
    subscribe((header) => {
      if (header.number.toNumber() >= number) {
        clearTimeout(timer);
        unsub();
        resolve(header.number.toNumber());
      }
    }).then((u) => (unsub = u));
  });
}

// For test files outside scripts/, which cannot resolve the npm packages of scripts/ themselves.
export { WsProvider };
export { compactToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
export { cryptoWaitReady };
export { signatureVerify } from '@polkadot/util-crypto';
