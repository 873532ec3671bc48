// Wrapped record keys (scripts/lib/hpke.mjs): the suite passes RFC 9180's own vectors, keys are
// restored from the secret URI, and a wrapped key opens only for its chain, record, version and
// grantee. No chain needed: `node --test tests/scripts/`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ENC_LENGTH, SUITE, unwrapKey, wrapAad, wrapKey, x25519FromSuri } from '../../scripts/lib/hpke.mjs';

const v = JSON.parse(readFileSync(new URL('../vectors/hpke-rfc9180-a1.json', import.meta.url), 'utf8'));
const hex = (bytes) => Buffer.from(new Uint8Array(bytes)).toString('hex');
const unhex = (text) => new Uint8Array(Buffer.from(text, 'hex'));

test('the suite is the one of RFC 9180 A.1.1', () => {
  assert.equal(SUITE.kem.id, v.kem_id);
  assert.equal(SUITE.kdf.id, v.kdf_id);
  assert.equal(SUITE.aead.id, v.aead_id);
});

test('DeriveKeyPair gives the published key pairs', async () => {
  for (const [ikm, pk] of [[v.ikmR, v.pkRm], [v.ikmE, v.pkEm]]) {
    const pair = await SUITE.kem.deriveKeyPair(unhex(ikm));
    assert.equal(hex(await SUITE.kem.serializePublicKey(pair.publicKey)), pk);
  }
  const recipient = await SUITE.kem.deriveKeyPair(unhex(v.ikmR));
  assert.equal(hex(await SUITE.kem.serializePrivateKey(recipient.privateKey)), v.skRm);
});

test('the sender with the published ephemeral key produces the published enc and ciphertexts', async () => {
  const recipient = await SUITE.kem.deriveKeyPair(unhex(v.ikmR));
  const sender = await SUITE.createSenderContext({ recipientPublicKey: recipient.publicKey, info: unhex(v.info), ekm: unhex(v.ikmE) });
  assert.equal(hex(sender.enc), v.enc);
  for (const e of v.encryptions) {
    assert.equal(hex(await sender.seal(unhex(e.pt), unhex(e.aad))), e.ct, `sequence ${e.seq}`);
  }
});

test('the recipient opens the published ciphertexts and exports the published values', async () => {
  const recipient = await SUITE.kem.deriveKeyPair(unhex(v.ikmR));
  const context = await SUITE.createRecipientContext({ recipientKey: recipient, enc: unhex(v.enc), info: unhex(v.info) });
  for (const e of v.encryptions) assert.equal(hex(await context.open(unhex(e.ct), unhex(e.aad))), e.pt, `sequence ${e.seq}`);
  for (const x of v.exports) assert.equal(hex(await context.export(unhex(x.context), x.length)), x.value, `export '${x.context}'`);
});

const GENESIS = `0x${'11'.repeat(32)}`;
const GRANTEE = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty'; // //Bob
const OTHER = '5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y'; // //Charlie
const context = { genesisHash: GENESIS, record: 7, version: 1, grantee: GRANTEE };

test('x25519 keys are restored from the secret URI alone and differ between accounts', async () => {
  const one = await x25519FromSuri('//Bob');
  const again = await x25519FromSuri('//Bob');
  const other = await x25519FromSuri('//Charlie');
  assert.equal(one.publicKey.length, 32);
  assert.equal(hex(one.publicKey), hex(again.publicKey));
  assert.notEqual(hex(one.publicKey), hex(other.publicKey));
});

test('a wrapped key opens for its recipient, and for nothing else', async () => {
  const bob = await x25519FromSuri('//Bob');
  const charlie = await x25519FromSuri('//Charlie');
  const dataKey = new Uint8Array(32).fill(9);
  const wrapped = await wrapKey({ recipientPublicKey: bob.publicKey, dataKey, context });
  assert.equal(wrapped.length, ENC_LENGTH + 32 + 16);
  assert.deepEqual(await unwrapKey({ keyPair: bob.keyPair, wrapped, context }), dataKey);
  // Two wraps of the same key differ: a fresh ephemeral key each time.
  assert.notEqual(hex(await wrapKey({ recipientPublicKey: bob.publicKey, dataKey, context })), hex(wrapped));
  await assert.rejects(unwrapKey({ keyPair: charlie.keyPair, wrapped, context }), 'another recipient key');
  for (const moved of [{ record: 8 }, { version: 2 }, { grantee: OTHER }, { genesisHash: `0x${'22'.repeat(32)}` }]) {
    await assert.rejects(unwrapKey({ keyPair: bob.keyPair, wrapped, context: { ...context, ...moved } }), JSON.stringify(moved));
  }
  const tampered = Uint8Array.from(wrapped);
  tampered[tampered.length - 1] ^= 1;
  await assert.rejects(unwrapKey({ keyPair: bob.keyPair, wrapped: tampered, context }), 'tampered ciphertext');
  await assert.rejects(unwrapKey({ keyPair: bob.keyPair, wrapped: wrapped.slice(0, 40), context }), /too short/);
});

test('the associated data is genesis, record (u64 LE), version (u32 LE) and grantee', () => {
  const aad = wrapAad(context);
  assert.equal(aad.length, 32 + 8 + 4 + 32);
  assert.equal(hex(aad.slice(32, 44)), '0700000000000000' + '01000000');
  assert.deepEqual(wrapAad({ ...context, grantee: aad.slice(44) }), aad, 'grantee as bytes');
  assert.throws(() => wrapAad({ ...context, version: 0 }), RangeError);
  assert.throws(() => wrapAad({ ...context, record: -1 }), RangeError);
  assert.throws(() => wrapAad({ ...context, genesisHash: '0x12' }), /32 bytes/);
});
