// What the clinician console's sections share: its key pair and the record keys it opens and
// seals, the gatekeeper address check, a countdown's text and a transaction's events.

import type { ApiPromise } from '@polkadot/api';
import { unwrapKey, wrapKey } from '@lib/hpke.mjs';
import { hexToU8a, u8aToHex } from '@polkadot/util';
import { isServiceUrl } from '../../input';

/** The clinician's X25519 key pair (`x25519FromSuri`), which opens the data keys sealed to it. */
export interface KeyPair {
  publicKey: Uint8Array;
  keyPair: CryptoKeyPair;
}

/** What a record's data key is sealed for: the chain, the record's version, and its reader. */
const sealContext = (api: ApiPromise, record: number, version: number, grantee: string) => ({ genesisHash: api.genesisHash.toU8a(), record, version, grantee });

/** Opens the data key of `record` (version `version`) sealed to `me`; throws when `keys` do not open it. */
export async function openDataKey(api: ApiPromise, keys: KeyPair, wrapped: string, record: number, version: number, me: string): Promise<Uint8Array> {
  return unwrapKey({ keyPair: keys.keyPair, wrapped: hexToU8a(wrapped), context: sealContext(api, record, version, me) });
}

/**
 * `records.attachKey` with `dataKey` sealed to the encryption key `grantee` published; throws
 * `noKey` when it published none.
 */
export async function attachDataKey(api: ApiPromise, dataKey: Uint8Array, record: number, version: number, grantee: string, noKey: string) {
  const published = await (api.call as any).keyDirectoryApi.keyOf(grantee);
  if (published.isNone) throw new Error(noKey);
  const wrapped = await wrapKey({ recipientPublicKey: published.unwrap().key.toU8a(), dataKey, context: sealContext(api, record, version, grantee), ekm: undefined });
  return api.tx.records.attachKey(record, grantee, u8aToHex(wrapped));
}

/** The grant a `records.KeyAttached` event of a finished transaction names, if any. */
export function keyAttachedUnder(result: { events: Array<{ section: string; method: string; data: any }> }): { attached: boolean; grant: string | null } {
  const ev = eventsOf(result, 'records', 'KeyAttached')[0];
  return { attached: Boolean(ev), grant: ev && ev.grant.isSome ? ev.grant.unwrap().toString() : null };
}

/** Whether `text` is an http(s) URL a gatekeeper can be reached at. */
export const isGatekeeperUrl = isServiceUrl;

/** Milliseconds as `mm:ss` (minutes may exceed 59). */
export function mmss(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
}

/** The events of a finished transaction named `section.method`. */
export function eventsOf(result: { events: Array<{ section: string; method: string; data: any }> }, section: string, method: string) {
  return result.events.filter((e) => e.section === section && e.method === method).map((e) => e.data);
}
