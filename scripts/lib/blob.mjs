// A record's encrypted blob, as a custodian's gatekeeper stores it: the file behind a small
// header, sealed with the record's data key. WebCrypto only (`globalThis.crypto.subtle`), so the
// web app (app/) and the scripts share this file.
//
//   blob      = iv (12 bytes) ‖ AES-256-GCM ciphertext ‖ tag (16 bytes)
//   plaintext = u32 BE header length ‖ header (UTF-8 JSON { mediaType, size }) ‖ file
//
// What the chain does not hold (the media type, the size) travels inside the encrypted blob. The
// data key is 32 random bytes (`newDataKey`); it reaches each reader wrapped with HPKE
// (hpke.mjs, `records.attachKey`).

/** Bytes in a data key (AES-256). */
export const DATA_KEY_LENGTH = 32;
/** Bytes of the random nonce at the front of a blob. */
export const IV_LENGTH = 12;
/** Bytes of the authentication tag at the end of a blob. */
export const TAG_LENGTH = 16;

const subtle = () => {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error('WebCrypto is not available (a browser needs a secure context: https or localhost)');
  return s;
};

/** A fresh random data key. */
export function newDataKey() {
  return globalThis.crypto.getRandomValues(new Uint8Array(DATA_KEY_LENGTH));
}

function keyBytes(dataKey) {
  const raw = dataKey instanceof Uint8Array ? dataKey : undefined;
  if (!raw || raw.length !== DATA_KEY_LENGTH) throw new TypeError(`a data key is ${DATA_KEY_LENGTH} bytes (a Uint8Array)`);
  return raw;
}

const aesKey = (dataKey, use) => subtle().importKey('raw', keyBytes(dataKey), { name: 'AES-GCM' }, false, [use]);

/** The plaintext of a blob: `u32 BE header length ‖ JSON { mediaType, size } ‖ file`. */
export function envelope(mediaType, file) {
  if (typeof mediaType !== 'string' || !mediaType) throw new TypeError('mediaType: a media type such as text/plain');
  const bytes = new Uint8Array(file);
  const header = new TextEncoder().encode(JSON.stringify({ mediaType, size: bytes.length }));
  const out = new Uint8Array(4 + header.length + bytes.length);
  new DataView(out.buffer).setUint32(0, header.length, false);
  out.set(header, 4);
  out.set(bytes, 4 + header.length);
  return out;
}

/** Inverse of `envelope`: `{ mediaType, size, file }`; throws if the header is malformed. */
export function openEnvelope(plaintext) {
  const bytes = new Uint8Array(plaintext);
  if (bytes.length < 4) throw new Error('blob: too short for its header');
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, false);
  if (4 + length > bytes.length) throw new Error('blob: its header is longer than the blob');
  let header;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(4, 4 + length)));
  } catch {
    throw new Error('blob: its header is not JSON');
  }
  if (typeof header?.mediaType !== 'string' || !Number.isSafeInteger(header.size) || header.size < 0) {
    throw new Error('blob: its header lacks a media type or size');
  }
  return { mediaType: header.mediaType, size: header.size, file: bytes.slice(4 + length) };
}

/** AES-256-GCM under `dataKey`: `iv ‖ ciphertext ‖ tag`. */
export async function seal(dataKey, plaintext, aad = new Uint8Array(0)) {
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(IV_LENGTH));
  const key = await aesKey(dataKey, 'encrypt');
  const body = new Uint8Array(await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: aad, tagLength: TAG_LENGTH * 8 }, key, plaintext));
  const out = new Uint8Array(IV_LENGTH + body.length);
  out.set(iv);
  out.set(body, IV_LENGTH);
  return out;
}

/** Inverse of `seal`; throws if the blob, the key or `aad` do not match. */
export async function unseal(dataKey, sealed, aad = new Uint8Array(0)) {
  const bytes = new Uint8Array(sealed);
  if (bytes.length < IV_LENGTH + TAG_LENGTH) throw new Error('blob: too short to be sealed');
  const key = await aesKey(dataKey, 'decrypt');
  try {
    return new Uint8Array(
      await subtle().decrypt({ name: 'AES-GCM', iv: bytes.subarray(0, IV_LENGTH), additionalData: aad, tagLength: TAG_LENGTH * 8 }, key, bytes.subarray(IV_LENGTH)),
    );
  } catch {
    throw new Error('blob: does not decrypt with this key (wrong key, or the blob was altered)');
  }
}

/** The sealed blob of `file` (bytes) with its `mediaType`, under `dataKey`. */
export async function encryptBlob(dataKey, mediaType, file) {
  return seal(dataKey, envelope(mediaType, file));
}

/** Decrypts a sealed blob and opens its envelope: `{ mediaType, size, file }`. */
export async function decryptBlob(dataKey, sealed) {
  return openEnvelope(await unseal(dataKey, sealed));
}
