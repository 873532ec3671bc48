// A patient's pseudonymous subjects (scripts/lib/subjects.mjs): one hard-derived account per
// custodian, restored from the secret alone, with its own blind key. No chain needed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cryptoWaitReady, signer } from '../../scripts/lib/chain.mjs';
import { guardianFor, subjectOf, subjectSuri } from '../../scripts/lib/subjects.mjs';
import { encodeAddress, u8aToHex } from '../../scripts/lib/chain.mjs';

const hex = (bytes) => Buffer.from(bytes).toString('hex');
const PATIENT = 'bottom drive obey lake curtain smoke basket hold race lonely fit walk';

test('a subject is the hard-derived account <suri>//healthchain//<org>[//<index>]', () => {
  assert.equal(subjectSuri(PATIENT, 3), `${PATIENT}//healthchain//3`);
  assert.equal(subjectSuri('//Alice', 3, 2), '//Alice//healthchain//3//2');
  assert.throws(() => subjectSuri('', 1), TypeError);
  assert.throws(() => subjectSuri(PATIENT, -1), RangeError);
  assert.throws(() => subjectSuri(PATIENT, 1, 1.5), RangeError);
});

test('subjects are restored from the secret, and differ per custodian, per index and from the main account', async () => {
  await cryptoWaitReady();
  const main = signer(PATIENT).address;
  const a = subjectOf(PATIENT, 1);
  const b = subjectOf(PATIENT, 2);
  const a2 = subjectOf(PATIENT, 1, 1);
  assert.equal(subjectOf(PATIENT, 1).address, a.address, 'the same secret gives the same subject');
  assert.equal(new Set([main, a.address, b.address, a2.address]).size, 4);
  assert.notEqual(hex(a.blindKey), hex(b.blindKey), 'each subject has its own blind key');
  assert.notEqual(subjectOf('//Bob', 1).address, a.address, 'another patient, another subject');
});

test('a guardian acts for each ward subject through an account of its own', async () => {
  await cryptoWaitReady();
  const a = subjectOf(PATIENT, 1);
  const b = subjectOf(PATIENT, 2);
  const forA = guardianFor('//Dave', a.address);
  const forB = guardianFor('//Dave', b.address);
  assert.equal(guardianFor('//Dave', a.address).address, forA.address, 'restored from the guardian\'s secret');
  assert.equal(new Set([forA.address, forB.address, signer('//Dave').address]).size, 3);
  assert.throws(() => guardianFor('', a.address), TypeError);
});

test('a guardian\'s account does not depend on the SS58 form the ward\'s address is written in', async () => {
  await cryptoWaitReady();
  const ward = subjectOf(PATIENT, 1);
  const generic = guardianFor('//Dave', ward.address);
  assert.equal(guardianFor('//Dave', encodeAddress(ward.pair.publicKey, 12912)).address, generic.address);
  assert.equal(guardianFor('//Dave', u8aToHex(ward.pair.publicKey)).address, generic.address);
  assert.equal(generic.suri, `//Dave//healthchain//guardian//${encodeAddress(ward.pair.publicKey, 42)}`);
});
