// What the claims and trials pallets get instead of a health fact: commitments and hashes,
// computed here, on the client, from the plain values that stay off chain.
//
// - A service or task of a claims program: `blake2_256(SCALE((secret, code)))`, the secret and
//   the code each as length-prefixed UTF-8 bytes. The payer shares the secret with its
//   providers off chain; without it, the small space of service codes cannot be searched.
// - A document (claim document, dispute statement, attestation, protocol, dataset, results):
//   the SHA-256 of the file's bytes, as records and the gatekeeper hash blobs (the document
//   itself is encrypted or salted off chain), or a 0x-hash given as it is.
// - A trial outcome: `blake2_256` of its UTF-8 text, or a 0x-hash given as it is.
// - A trial participant: the subject the participant's wallet derives for that one trial
//   (`trialSubjectOf` in scripts/lib/subjects.mjs), committed as `blake2_256(account id ++ salt)`
//   with a 32-byte salt the site and the wallet keep.

import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { compactToU8a, stringToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsU8a, decodeAddress } from '@polkadot/util-crypto';

const HASH = /^0x[0-9a-fA-F]{64}$/;

/** Whether `text` is a 0x-hash of 32 bytes. */
export const isHash = (text) => typeof text === 'string' && HASH.test(text);

const scaleText = (text) => {
  const bytes = stringToU8a(text);
  return u8aConcat(compactToU8a(bytes.length), bytes);
};

/** The commitment of a service or task `code` under a program's `secret`, as 0x-hex. */
export function codeCommitment(secret, code) {
  if (typeof secret !== 'string' || secret.length === 0) throw new TypeError('secret: the program\'s secret');
  if (typeof code !== 'string' || code.length === 0) throw new TypeError('code: a service or task code');
  return u8aToHex(blake2AsU8a(u8aConcat(scaleText(secret), scaleText(code)), 256));
}

/** The SHA-256 of `bytes`, as 0x-hex. */
export function sha256Hex(bytes) {
  return `0x${createHash('sha256').update(bytes).digest('hex')}`;
}

/** A document's hash: `text` itself when a 0x-hash, else the SHA-256 of the file at `text`. */
export function documentHash(text) {
  if (isHash(text)) return text.toLowerCase();
  return sha256Hex(readFileSync(text));
}

/** An outcome's hash: `text` itself when a 0x-hash, else blake2_256 of its UTF-8 bytes. */
export function outcomeHash(text) {
  if (typeof text !== 'string' || text.length === 0) throw new TypeError('an outcome is text or a 0x-hash');
  if (isHash(text)) return text.toLowerCase();
  return u8aToHex(blake2AsU8a(stringToU8a(text), 256));
}

/** A fresh 32-byte salt, as 0x-hex. */
export const randomSalt = () => u8aToHex(randomBytes(32));

/** A participant's commitment: `blake2_256(account id ++ salt)` as 0x-hex. */
export function participantCommitment(address, salt) {
  if (!isHash(salt)) throw new TypeError('salt: 0x and 32 bytes of hex');
  return u8aToHex(blake2AsU8a(u8aConcat(decodeAddress(address), Buffer.from(salt.slice(2), 'hex')), 256));
}
