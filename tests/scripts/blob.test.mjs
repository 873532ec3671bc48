// Encrypted blobs (scripts/lib/blob.mjs): a file and its media type survive the round trip, any
// altered byte or wrong key is refused, and the format is the one the scripts wrote with
// node:crypto before (iv ‖ AES-256-GCM ciphertext ‖ tag around `u32 BE length ‖ JSON header ‖
// file`), both ways. No chain needed: `node --test tests/scripts/`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import {
  DATA_KEY_LENGTH,
  IV_LENGTH,
  TAG_LENGTH,
  decryptBlob,
  encryptBlob,
  envelope,
  newDataKey,
  openEnvelope,
} from '../../scripts/lib/blob.mjs';

// The format as share-record.mjs wrote and read it with node:crypto.
function nodeSeal(key, mediaType, file) {
  const header = Buffer.from(JSON.stringify({ mediaType, size: file.length }));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(header.length);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(Buffer.concat([length, header, file])), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

function nodeOpen(key, sealed) {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  const plain = Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]);
  const length = plain.readUInt32BE(0);
  const { mediaType, size } = JSON.parse(plain.subarray(4, 4 + length).toString('utf8'));
  return { mediaType, size, file: plain.subarray(4 + length) };
}

test('a file and its media type survive the round trip', async () => {
  const key = newDataKey();
  assert.equal(key.length, DATA_KEY_LENGTH);
  for (const size of [0, 1, 4096, 70_000]) {
    const file = randomBytes(size);
    const sealed = await encryptBlob(key, 'application/pdf', file);
    const header = JSON.stringify({ mediaType: 'application/pdf', size });
    assert.equal(sealed.length, IV_LENGTH + 4 + header.length + size + TAG_LENGTH);
    const opened = await decryptBlob(key, sealed);
    assert.equal(opened.mediaType, 'application/pdf');
    assert.equal(opened.size, size);
    assert.ok(opened.file instanceof Uint8Array);
    assert.deepEqual(Buffer.from(opened.file), file);
  }
});

test('each sealing takes a fresh nonce', async () => {
  const key = newDataKey();
  const file = new TextEncoder().encode('same text');
  const a = await encryptBlob(key, 'text/plain', file);
  const b = await encryptBlob(key, 'text/plain', file);
  assert.notDeepEqual(a.subarray(0, IV_LENGTH), b.subarray(0, IV_LENGTH));
  assert.notDeepEqual(a, b);
});

test('an altered byte anywhere, a cut blob or another key is refused', async () => {
  const key = newDataKey();
  const sealed = await encryptBlob(key, 'text/plain', new TextEncoder().encode('haemoglobin 14.1 g/dL'));
  for (const at of [0, IV_LENGTH - 1, IV_LENGTH, IV_LENGTH + 5, sealed.length - TAG_LENGTH, sealed.length - 1]) {
    const altered = sealed.slice();
    altered[at] ^= 0x01;
    await assert.rejects(decryptBlob(key, altered), /does not decrypt/);
  }
  await assert.rejects(decryptBlob(key, sealed.subarray(0, sealed.length - 1)), /does not decrypt/);
  await assert.rejects(decryptBlob(key, sealed.subarray(0, IV_LENGTH + TAG_LENGTH - 1)), /too short/);
  await assert.rejects(decryptBlob(newDataKey(), sealed), /does not decrypt/);
});

test('keys must be 32 bytes', async () => {
  await assert.rejects(encryptBlob(new Uint8Array(16), 'text/plain', new Uint8Array(1)), /32 bytes/);
  await assert.rejects(decryptBlob('0x00', new Uint8Array(40)), /32 bytes/);
});

test('the format is the one node:crypto wrote and read before, both ways', async () => {
  const key = randomBytes(32);
  const file = randomBytes(5000);
  const old = nodeSeal(key, 'application/octet-stream', file);
  const opened = await decryptBlob(new Uint8Array(key), old);
  assert.equal(opened.mediaType, 'application/octet-stream');
  assert.equal(opened.size, file.length);
  assert.deepEqual(Buffer.from(opened.file), file);

  const sealed = await encryptBlob(new Uint8Array(key), 'text/plain', file);
  const back = nodeOpen(key, Buffer.from(sealed));
  assert.equal(back.mediaType, 'text/plain');
  assert.equal(back.size, file.length);
  assert.deepEqual(back.file, file);
});

test('the envelope: u32 big-endian header length, JSON header, file', () => {
  const file = new Uint8Array([1, 2, 3]);
  const plain = envelope('text/plain', file);
  const header = '{"mediaType":"text/plain","size":3}';
  assert.deepEqual(Array.from(plain.subarray(0, 4)), [0, 0, 0, header.length]);
  assert.equal(new TextDecoder().decode(plain.subarray(4, 4 + header.length)), header);
  assert.deepEqual(Array.from(plain.subarray(4 + header.length)), [1, 2, 3]);
  assert.deepEqual(openEnvelope(plain), { mediaType: 'text/plain', size: 3, file });
});

test('a malformed envelope is refused', () => {
  assert.throws(() => openEnvelope(new Uint8Array([0, 0])), /too short/);
  assert.throws(() => openEnvelope(new Uint8Array([0, 0, 1, 0, 1])), /longer than the blob/);
  assert.throws(() => openEnvelope(new Uint8Array([0, 0, 0, 2, 0x7b, 0x7d])), /media type or size/);
  assert.throws(() => openEnvelope(new Uint8Array([0, 0, 0, 1, 0x7b])), /not JSON/);
  assert.throws(() => envelope('', new Uint8Array(0)), /media type/);
});
