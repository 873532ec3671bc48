// Sealing a record's data key to a grantee with HPKE (RFC 9180), base mode, suite
// DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM: the suite of RFC 9180 appendix A.1,
// whose vectors tests/scripts/hpke.test.mjs checks through `SUITE`.
//
// A wrapped key, as `records.attachKey` stores it, is `enc (32 bytes) ‖ ciphertext (key + 16)`.
// The associated data binds it to one chain, record, version and grantee, so a wrapped key
// copied to another record, version or grantee, or replayed on another chain, does not open.
// `info` names this use and its version.
//
// Each account's X25519 key pair is derived from its secret URI, so a wallet restores it from
// the seed alone: ikm = HMAC-SHA-256("healthchain/x25519/v1", suri), then the KEM's
// DeriveKeyPair(ikm) (RFC 9180 section 7.1.3). The public key is published in the key directory
// (`keyDirectory.publishKey`).

import { CipherSuite, DhkemX25519HkdfSha256, HkdfSha256, Aes128Gcm } from '@hpke/core';
import { u8aConcat, u8aToU8a, isHex, isU8a, stringToU8a, bnToU8a } from '@polkadot/util';
import { decodeAddress, hmacSha256AsU8a } from '@polkadot/util-crypto';

/** The cipher suite every Healthchain wrapped key uses. */
export const SUITE = new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead: new Aes128Gcm() });

/** HPKE `info` of a wrapped record key. */
export const WRAP_INFO = stringToU8a('healthchain/record-key/v1');
/** Length of the KEM's encapsulated key at the front of a wrapped key. */
export const ENC_LENGTH = 32;

const KEY_DOMAIN = 'healthchain/x25519/v1';

/** Input key material of the account's X25519 key pair: HMAC-SHA-256(domain, suri). */
export function x25519Ikm(suri) {
  if (typeof suri !== 'string' || suri.length === 0) throw new TypeError('suri: the secret URI of the account');
  return hmacSha256AsU8a(stringToU8a(KEY_DOMAIN), stringToU8a(suri));
}

/** The account's X25519 key pair `{ publicKey: Uint8Array(32), keyPair }`, from its secret URI. */
export async function x25519FromSuri(suri) {
  const keyPair = await SUITE.kem.deriveKeyPair(x25519Ikm(suri));
  return { publicKey: new Uint8Array(await SUITE.kem.serializePublicKey(keyPair.publicKey)), keyPair };
}

function bytes32(value, what) {
  const raw = isU8a(value) || isHex(value) ? u8aToU8a(value) : undefined;
  if (!raw || raw.length !== 32) throw new TypeError(`${what}: 32 bytes expected`);
  return raw;
}

/**
 * The associated data of a wrapped key: genesis hash (32) ‖ record id (u64 LE) ‖ version (u32 LE)
 * ‖ grantee account id (32). `grantee` is an SS58 address or the 32 account bytes.
 */
export function wrapAad({ genesisHash, record, version, grantee }) {
  const account = typeof grantee === 'string' && !isHex(grantee) ? decodeAddress(grantee) : bytes32(grantee, 'grantee');
  if (!Number.isSafeInteger(Number(record)) || Number(record) < 0) throw new RangeError(`record: not an id: ${record}`);
  if (!Number.isInteger(Number(version)) || Number(version) < 1 || Number(version) > 0xffffffff) throw new RangeError(`version: not a version: ${version}`);
  return u8aConcat(
    bytes32(genesisHash, 'genesisHash'),
    bnToU8a(BigInt(record), { bitLength: 64, isLe: true }),
    bnToU8a(BigInt(version), { bitLength: 32, isLe: true }),
    account,
  );
}

/**
 * Seals `dataKey` to `recipientPublicKey` (32 raw bytes, as the key directory holds it) for the
 * record, version and grantee of `context` (see `wrapAad`). Returns the wrapped key bytes.
 * `ekm` (the ephemeral key's input material) is only for tests; leave it out.
 */
export async function wrapKey({ recipientPublicKey, dataKey, context, ekm }) {
  const recipient = await SUITE.kem.deserializePublicKey(bytes32(recipientPublicKey, 'recipientPublicKey'));
  const sender = await SUITE.createSenderContext({ recipientPublicKey: recipient, info: WRAP_INFO, ...(ekm ? { ekm } : {}) });
  const ct = await sender.seal(u8aToU8a(dataKey), wrapAad(context));
  return u8aConcat(new Uint8Array(sender.enc), new Uint8Array(ct));
}

/** Opens a wrapped key with the recipient's key pair (from `x25519FromSuri`); throws if it does not open. */
export async function unwrapKey({ keyPair, wrapped, context }) {
  const raw = u8aToU8a(wrapped);
  if (raw.length <= ENC_LENGTH + 16) throw new RangeError('wrapped key: too short');
  const recipient = await SUITE.createRecipientContext({ recipientKey: keyPair, enc: raw.slice(0, ENC_LENGTH), info: WRAP_INFO });
  return new Uint8Array(await recipient.open(raw.slice(ENC_LENGTH), wrapAad(context)));
}
