// Connecting to a Healthchain node, signing, submitting and reading results with polkadot.js.
// Used by the `hc` command-line tool, the end-to-end tests and the measurement scripts.

import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { RefusedError, UnreachableError, UsageError } from './exit-codes.mjs';

export const DEFAULT_ENDPOINT = 'ws://127.0.0.1:9944';

// The one keyring of the scripts and the web app. A pair's `.address` is written, whenever it is
// read, with the SS58 prefix of the chain connected to last (`setChainAddressFormat`), so that it
// is the chain's own rendering of the account: an AccountId's `toString()`, `toHuman()` and
// `toJSON()` use that prefix too. Before any connection it is the keyring's default, the generic
// Substrate form (`5…`); either form names the same account, and every tool reads both.
const keyring = new Keyring({ type: 'sr25519' });

/**
 * Writes every address of this keyring (pairs made before as well as after) with the SS58
 * prefix of `api`'s chain, which polkadot.js reads from its `system_properties`. `connect` calls
 * it; the web app calls it when its api is ready. Returns the prefix.
 */
export function setChainAddressFormat(api) {
  keyring.setSS58Format(api.registry.chainSS58);
  return api.registry.chainSS58;
}

/** `address` (any SS58 form, or the account's 32 bytes as hex) in the connected chain's form. */
export function chainAddress(address) {
  return keyring.encodeAddress(address);
}

/** The pair of a polkadot.js keystore file's JSON, locked; its address in the chain's form. */
export function pairFromJson(json) {
  return keyring.createFromJson(json);
}

/**
 * Connects to `endpoint` and waits until the metadata is loaded. Fails with `UnreachableError`
 * when the node cannot be reached or has not answered within `timeoutMs`, which is also how
 * long each later request may wait for its answer.
 */
export async function connect(endpoint = process.env.HC_ENDPOINT || DEFAULT_ENDPOINT, { timeoutMs = 60_000 } = {}) {
  await cryptoWaitReady();
  // No automatic reconnection: a script fails at once when the node is not there.
  const provider = new WsProvider(endpoint, false, undefined, timeoutMs);
  let timer;
  const ready = (async () => {
    await provider.connect();
    return ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
  })();
  // Something that accepts the connection and never answers would otherwise be waited for forever.
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new UnreachableError(`cannot connect to ${endpoint}: no answer within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  try {
    const api = await Promise.race([ready, late]);
    setChainAddressFormat(api);
    return api;
  } catch (e) {
    ready.catch(() => {});
    await provider.disconnect().catch(() => {});
    throw e instanceof UnreachableError ? e : new UnreachableError(`cannot connect to ${endpoint}: ${e.message}`, { cause: e });
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A signer from a secret URI: a dev key (`//Alice`), a mnemonic, or a mnemonic with a
 * derivation path. sr25519, the scheme of the dev keys and wallets.
 */
export function signer(suri = process.env.HC_SURI || '//Alice') {
  return keyring.createFromUri(suri);
}

/**
 * Who signs when no key is given: the secret URI in `HC_SURI` (of `env`), else //Alice, but
 * only when `api` is connected to a chain whose type is Development: elsewhere a dev key's
 * signature is a mistake, and this is a `UsageError`.
 */
export async function defaultSigner(api, env = process.env) {
  if (env.HC_SURI) return signer(env.HC_SURI);
  const chainType = await api.rpc.system.chainType();
  if (!chainType.isDevelopment) {
    throw new UsageError(`no signer given, and this chain's type is ${chainType.type}: hc signs as //Alice only on a Development chain; give --signer SURI, --keystore FILE or HC_SURI`);
  }
  return signer('//Alice');
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

/** A transaction's pool status as `onProgress` names it: `Ready` → `ready`, `InBlock` → `inBlock`. */
const statusName = (type) => type.charAt(0).toLowerCase() + type.slice(1);

/**
 * Signs and submits `tx`, then waits for it to be included (or finalized with
 * `{ finalized: true }`). Resolves with `{ txHash, blockHash, blockNumber, events }`, each event
 * as `{ section, method, data, raw }`, `data` in human form. Rejects with `DispatchFailed` when
 * the extrinsic fails (the error named and explained from metadata), or with `RefusedError` when
 * the pool refuses it. With `account` null, submits `tx` unsigned: a bare extrinsic, for the few
 * calls the runtime validates by their content.
 *
 * `onProgress` is told of each step: `{ status: 'submitted', hash }` once signed, then the
 * pool's statuses (`ready`, `future`, `broadcast`, `inBlock` and `finalized` with `block` and
 * `number`, `retracted`, ...). With `timeoutMs`, rejects with `UnreachableError` when the
 * awaited state is not reached in time (the transaction may still make it).
 */
export function submit(api, tx, account, { finalized = false, nonce = -1, timeoutMs, onProgress = () => {} } = {}) {
  return new Promise((resolve, reject) => {
    let unsub = () => {};
    let settled = false;
    let timer;
    let txHash;
    const done = (fn, value) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      unsub();
      fn(value);
    };
    if (timeoutMs !== undefined) {
      timer = setTimeout(() => {
        const what = finalized ? 'finalized' : 'included in a block';
        done(reject, new UnreachableError(`the transaction${txHash ? ` ${txHash}` : ''} was not ${what} within ${timeoutMs / 1000} s (it may still be)`));
      }, timeoutMs);
    }
    const onStatus = async (result) => {
      const { status, events, dispatchError } = result;
      if (settled) return;
      const blockHash = status.isFinalized ? status.asFinalized : status.isInBlock ? status.asInBlock : null;
      const header = blockHash ? await api.rpc.chain.getHeader(blockHash) : null;
      const step = { status: statusName(status.type), hash: txHash };
      if (header) Object.assign(step, { block: blockHash.toHex(), number: header.number.toNumber() });
      if (!settled) onProgress(step);
      if (status.isInvalid || status.isDropped || status.isUsurped) {
        return done(reject, new RefusedError(`transaction ${status.type}`));
      }
      const target = finalized ? status.isFinalized : status.isInBlock || status.isFinalized;
      if (!target) return;
      const out = {
        txHash,
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
    (async () => {
      if (account) await tx.signAsync(account, { nonce });
      txHash = tx.hash.toHex();
      if (settled) return;
      onProgress({ status: 'submitted', hash: txHash });
      // One status at a time, so that steps are told in order (each may wait for its header).
      let queue = Promise.resolve();
      const u = await tx.send((result) => {
        queue = queue.then(() => onStatus(result)).catch((e) => done(reject, e));
      });
      unsub = u;
      if (settled) u();
    })().catch((e) => done(reject, poolRefusal(e)));
  });
}

/** The pool's refusal (`1010: Invalid Transaction: ...`, an RPC error) as a `RefusedError`. */
function poolRefusal(e) {
  return /^\d{4}: /.test(e?.message ?? '') ? new RefusedError(e.message, { cause: e }) : e;
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
export { encodeAddress, signatureVerify } from '@polkadot/util-crypto';
export { TypeRegistry } from '@polkadot/types';
