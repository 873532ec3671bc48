// Talking to a custodian's gatekeeper (`healthchain-gatekeeper`, docs/gatekeeper.md) over HTTP:
// signed requests, uploading an encrypted blob, fetching a record's blob. No Node.js module is
// used, so the web app (app/) shares this file with the scripts.
//
// Every request but `/health` and `/metrics` carries the requester's account, a fresh nonce, a
// timestamp and an sr25519 signature over the request line:
//
//   healthchain-gatekeeper/v1 \n METHOD \n record \n purpose \n nonce \n timestamp
//
// with `upload` and `-` as record and purpose of an upload. The indexer's FHIR API takes the same
// four headers over its own line (scripts/lib/indexer-client.mjs): `lineHeaders` signs any
// line.

import { hexToU8a, stringToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsHex } from '@polkadot/util-crypto';

/** First line of every request line: the protocol and its version. */
export const PROTOCOL = 'healthchain-gatekeeper/v1';
/** What stands for the record and the purpose in the request line of an upload. */
export const UPLOAD_RECORD = 'upload';
export const UPLOAD_PURPOSE = '-';
/** The gatekeeper's address when none is given (`--gatekeeper`, `HC_GATEKEEPER`). */
export const DEFAULT_GATEKEEPER = 'http://127.0.0.1:8650';

/** The text a requester signs: the lines joined by `\n`, no trailing newline. */
export function requestLine(method, record, purpose, nonce, timestamp) {
  return [PROTOCOL, method, String(record), purpose, nonce, String(timestamp)].join('\n');
}

/**
 * The four signature headers of a request by `pair` (a keyring pair): `method` `GET` with the
 * record id and purpose for a fetch, `POST` with `upload` and `-` for an upload. The nonce is 16
 * random bytes as hex and the timestamp the clock's, unless given.
 */
export function signedHeaders(pair, method, record, purpose, options = {}) {
  return lineHeaders(pair, (nonce, timestamp) => requestLine(method, record, purpose, nonce, timestamp), options);
}

/**
 * The same headers from an account whose key is elsewhere (a browser wallet):
 * `{ address, signRaw(bytes) }`, where `signRaw` resolves with the sr25519 signature of the bytes
 * (as 0x-hex or bytes), or of them wrapped in `<Bytes>…</Bytes>` as wallets sign raw data; a
 * keyring pair is accepted too.
 */
export async function signedHeadersAsync(account, method, record, purpose, options = {}) {
  return lineHeadersAsync(account, (nonce, timestamp) => requestLine(method, record, purpose, nonce, timestamp), options);
}

/**
 * The four signature headers (`X-Healthchain-Account`, `-Nonce`, `-Timestamp`, `-Signature`) of
 * a signed request of any Healthchain service: `lineOf(nonce, timestamp)` gives the text signed,
 * `pair` (a keyring pair) signs it. The nonce is 16 random bytes as hex and the timestamp the
 * clock's, unless given.
 */
export function lineHeaders(pair, lineOf, { nonce = freshNonce(), timestamp = Date.now() } = {}) {
  const line = lineOf(nonce, timestamp);
  return headers(pair.address, nonce, timestamp, u8aToHex(pair.sign(stringToU8a(line))));
}

/** `lineHeaders` for a keyring pair or a wallet account, as `signedHeadersAsync` takes them. */
export async function lineHeadersAsync(account, lineOf, { nonce = freshNonce(), timestamp = Date.now() } = {}) {
  if (typeof account.sign === 'function') return lineHeaders(account, lineOf, { nonce, timestamp });
  const line = lineOf(nonce, timestamp);
  const signature = await account.signRaw(stringToU8a(line));
  return headers(account.address, nonce, timestamp, typeof signature === 'string' ? signature : u8aToHex(signature));
}

/** 16 random bytes as hex. */
function freshNonce() {
  return u8aToHex(globalThis.crypto.getRandomValues(new Uint8Array(16)), -1, false);
}

function headers(address, nonce, timestamp, signature) {
  return {
    'X-Healthchain-Account': address,
    'X-Healthchain-Nonce': nonce,
    'X-Healthchain-Timestamp': String(timestamp),
    'X-Healthchain-Signature': signature,
  };
}

/**
 * What the audit entry of a request names (`consent.AccessServed`'s `request`): BLAKE2b-256 of
 * the request line followed by the 64 signature bytes, as 0x-hex.
 */
export function requestHash(line, signature) {
  return blake2AsHex(u8aConcat(stringToU8a(line), hexToU8a(signature)), 256);
}

/** The base URL of the gatekeeper that handed out `locator` (`<base>/blobs/0x…`). */
export function gatekeeperUrlOf(locator) {
  const match = /^(https?:\/\/.+?)\/*\/blobs\/0x[0-9a-fA-F]+$/.exec(String(locator));
  if (!match) throw new Error(`not a gatekeeper locator: ${locator}`);
  return match[1];
}

/** The digest a gatekeeper stores and serves a blob under: BLAKE2b-256, as 0x-hex. */
export function blobHash(bytes) {
  return blake2AsHex(bytes, 256);
}

/**
 * An Error for a gatekeeper's refusal: `.status` (HTTP), `.reason` (the JSON `error`, e.g.
 * `NoGrant`), `.retryAfter` (seconds, for a 429) and the message it gave.
 */
async function refusal(response, what) {
  const text = await response.text();
  let body = {};
  try {
    body = JSON.parse(text);
  } catch {
    body = { message: text.slice(0, 200) };
  }
  const reason = body.error ?? null;
  const e = new Error(`${what}: ${response.status}${reason ? ` ${reason}` : ''}${body.message ? `: ${body.message}` : ''}`);
  e.status = response.status;
  e.reason = reason;
  e.retryAfter = response.headers.get('retry-after');
  return e;
}

const base = (url) => String(url).replace(/\/+$/, '');

/** `fetch`, failing with the gatekeeper's address when it cannot be reached. */
async function request(url, init) {
  try {
    return await fetch(url, init);
  } catch (e) {
    throw new Error(`cannot reach the gatekeeper at ${new URL(url).origin}: ${e.cause?.message ?? e.message}`);
  }
}

/**
 * Uploads the encrypted blob `bytes` as `pair` (a keyring pair or a wallet account, as for
 * `signedHeadersAsync`), who must be the admin, a clinician or staff of
 * the gatekeeper's organization. Resolves with the answer, `{ locator, hash, contentHash, size }`;
 * rejects with an Error carrying `.status` and `.reason` when refused.
 */
export async function upload(baseUrl, pair, bytes) {
  const response = await request(`${base(baseUrl)}/blobs`, {
    method: 'POST',
    headers: { ...(await signedHeadersAsync(pair, 'POST', UPLOAD_RECORD, UPLOAD_PURPOSE)), 'content-type': 'application/octet-stream' },
    body: bytes,
  });
  if (response.status !== 201) throw await refusal(response, 'upload refused');
  return response.json();
}

/**
 * Fetches the blob of `record` for `purpose` as `pair` (a keyring pair or a wallet account). `headers` replaces the signature
 * headers (a replayed or forged request, in tests). Resolves with `{ bytes, hash, wrappedKey,
 * basis, loggedIn }`: the blob, the pointer's digest, the data key wrapped to the requester (or
 * null), what permitted the read (`Grant(4)`) and the finalized block of the audit entry.
 * Rejects with an Error carrying `.status` and `.reason` (`NoGrant`, `Erased`, ...) otherwise.
 */
export async function fetchRecord(baseUrl, pair, record, purpose, { headers } = {}) {
  const response = await request(`${base(baseUrl)}/records/${record}?purpose=${encodeURIComponent(purpose)}`, {
    headers: headers ?? (await signedHeadersAsync(pair, 'GET', record, purpose)),
  });
  if (response.status !== 200) throw await refusal(response, `fetch of record ${record} refused`);
  return {
    bytes: new Uint8Array(await response.arrayBuffer()),
    hash: response.headers.get('x-healthchain-hash'),
    wrappedKey: response.headers.get('x-healthchain-wrapped-key'),
    basis: response.headers.get('x-healthchain-basis'),
    loggedIn: response.headers.get('x-healthchain-logged-in'),
  };
}

/**
 * The `consent.AccessServed` events of a block, given as its hash or its number (as
 * `X-Healthchain-Logged-In` may give it): each event's data, with `patient`, `accessor`,
 * `record`, `purpose`, `decision`, `custodian` and `request` as codecs.
 */
export async function auditEntries(api, block) {
  const hash = /^0x[0-9a-fA-F]{64}$/.test(String(block)) ? String(block) : await api.rpc.chain.getBlockHash(Number(block));
  const events = await api.query.system.events.at(hash);
  return events
    .filter(({ event }) => event.section === 'consent' && event.method === 'AccessServed')
    .map(({ event }) => event.data);
}

