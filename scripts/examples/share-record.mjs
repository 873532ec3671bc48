#!/usr/bin/env node
// share-record: a patient shares an encrypted record with a provider, end to end against a
// running node.
//
//   node scripts/examples/share-record.mjs [--url ws://127.0.0.1:9944] [--store DIR] [--keep]
//
// 1. A patient and a provider get fresh accounts, funded from //Alice (a dev chain).
// 2. The provider has an X25519 key pair; only its public key is ever shared.
// 3. The patient encrypts a random file, behind a small header with its media type and size,
//    with a random data key (AES-256-GCM) and puts the ciphertext into an off-chain store, here
//    a local folder; the locator is the blob's `file://` URL, which the chain never interprets.
// 4. The patient registers the record pointer: SHA-256 of the encrypted blob, the locator, and
//    the category, type, security label and clinical date as tags under the patient's blind
//    key (scripts/lib/blind.mjs): the chain can compare them for consent but not read them.
//    The patient's wallet reads the record back and matches the tags to the codes again.
// 5. The patient grants the provider read access (consent `grant`) and attaches the data key
//    sealed to the provider's X25519 public key (`records.attachKey`).
// 6. The provider asks `readPointer`, unseals the data key, fetches the blob, checks its hash,
//    decrypts it, reads the media type and size from inside, compares the file with the
//    original, and asks `verify` whether the hash is current.
//
// Node's built-in `crypto` does the encryption; the blind tags come from scripts/lib/blind.mjs.
// Exits non-zero on any mismatch.

import { createCipheriv, createDecipheriv, createHash, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { connect, signer, submit, findEvent, DEFAULT_ENDPOINT } from '../lib/chain.mjs';
import { KNOWN_CODES, blindKeyFromSuri, dayOf, dayString, matchCode, matchDay, recordInput } from '../lib/blind.mjs';

const UNIT = 10n ** 12n;
const CATEGORY = '11502-2'; // LOINC: laboratory report
const LABEL = 'N'; // HL7 confidentiality: normal
const MEDIA_TYPE = 'application/octet-stream';
const PURPOSE = 'Treatment';

// ------------------------------------------------------------------ symmetric encryption

/** AES-256-GCM: returns `iv (12) || ciphertext || tag (16)`. */
function aesGcmEncrypt(key, plaintext, aad = Buffer.alloc(0)) {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

/** Inverse of `aesGcmEncrypt`; throws if the data or `aad` were tampered with. */
function aesGcmDecrypt(key, sealed, aad = Buffer.alloc(0)) {
  const iv = sealed.subarray(0, 12);
  const tag = sealed.subarray(sealed.length - 16);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]);
}

// ------------------------------------------------------------------ the blob's own header

// What the chain no longer holds travels inside the encrypted blob: `u32 BE header length ‖
// header (JSON { mediaType, size }) ‖ file`.

/** The plaintext of a blob: the header, then the file. */
function envelope(mediaType, file) {
  const header = Buffer.from(JSON.stringify({ mediaType, size: file.length }));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(header.length);
  return Buffer.concat([length, header, file]);
}

/** Inverse of `envelope`: `{ mediaType, size, file }`. */
function openEnvelope(plaintext) {
  const length = plaintext.readUInt32BE(0);
  const { mediaType, size } = JSON.parse(plaintext.subarray(4, 4 + length).toString('utf8'));
  return { mediaType, size, file: plaintext.subarray(4 + length) };
}

// ------------------------------------------------------------------ X25519 sealed box

/** Raw 32-byte X25519 public key of a Node key object. */
function rawX25519(publicKey) {
  return Buffer.from(publicKey.export({ format: 'jwk' }).x, 'base64url');
}

/** A Node X25519 public key object from its raw 32 bytes. */
function x25519PublicKey(raw) {
  return createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: Buffer.from(raw).toString('base64url') }, format: 'jwk' });
}

const SEAL_INFO = Buffer.from('healthchain/record-key/v1');

/** The AES-256 key both sides derive: HKDF-SHA256(X25519 secret, salt = epk || recipient pk). */
function sealKey(shared, ephemeralPublic, recipientPublic) {
  return Buffer.from(hkdfSync('sha256', shared, Buffer.concat([ephemeralPublic, recipientPublic]), SEAL_INFO, 32));
}

/**
 * Seals `message` to `recipientPublic` (raw 32-byte X25519 key): a sealed box in the ECIES
 * style. Anyone can seal, only the holder of the recipient's private key can open, and the
 * sender stays anonymous (nothing of the sender's own keys is used).
 *
 * - a fresh ephemeral X25519 key pair `(esk, epk)`;
 * - `shared = X25519(esk, recipient)`;
 * - `key = HKDF-SHA256(ikm = shared, salt = epk || recipient, info = "healthchain/record-key/v1")`;
 * - `box = epk (32) || AES-256-GCM(key, message, aad = context)` (iv 12, tag 16).
 *
 * `context` (here the record id) is authenticated, so a box cannot be moved to another record.
 * The layout is this example's own, not libsodium's `crypto_box_seal` (XSalsa20-Poly1305).
 */
function seal(recipientPublic, message, context) {
  const eph = generateKeyPairSync('x25519');
  const ephemeralPublic = rawX25519(eph.publicKey);
  const shared = diffieHellman({ privateKey: eph.privateKey, publicKey: x25519PublicKey(recipientPublic) });
  const key = sealKey(shared, ephemeralPublic, Buffer.from(recipientPublic));
  return Buffer.concat([ephemeralPublic, aesGcmEncrypt(key, message, context)]);
}

/** Opens a `seal`ed box with the recipient's X25519 key pair; throws if it does not open. */
function openSeal(recipient, box, context) {
  const ephemeralPublic = box.subarray(0, 32);
  const shared = diffieHellman({ privateKey: recipient.privateKey, publicKey: x25519PublicKey(ephemeralPublic) });
  const key = sealKey(shared, ephemeralPublic, rawX25519(recipient.publicKey));
  return aesGcmDecrypt(key, box.subarray(32), context);
}

// ------------------------------------------------------------------ the walk-through

function parseArgs(argv) {
  const opts = { url: process.env.HC_ENDPOINT || DEFAULT_ENDPOINT, store: undefined, keep: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--url') opts.url = argv[++i];
    else if (argv[i] === '--store') opts.store = argv[++i];
    else if (argv[i] === '--keep') opts.keep = true;
    else if (argv[i] === '--help') opts.help = true;
    else throw new Error(`unknown argument '${argv[i]}'`);
  }
  return opts;
}

let stepNo = 0;
const step = (text) => console.log(`[${++stepNo}] ${text}`);
const detail = (text) => console.log(`    ${text}`);
const sha256 = (data) => createHash('sha256').update(data).digest();

class Mismatch extends Error {}
function check(condition, what) {
  if (!condition) throw new Mismatch(`check failed: ${what}`);
  detail(`ok: ${what}`);
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.help) {
    console.log('usage: share-record.mjs [--url ws://127.0.0.1:9944] [--store DIR] [--keep]');
    return 0;
  }
  const api = await connect(opts.url);
  const ownStore = !opts.store;
  const store = opts.store ?? mkdtempSync(join(tmpdir(), 'healthchain-store-'));
  try {
    mkdirSync(store, { recursive: true });
    step(`connected to ${opts.url} (${await api.rpc.system.chain()})`);
    detail(`off-chain store: ${store}${ownStore && !opts.keep ? ' (removed at the end; --keep keeps it)' : ''}`);

    const run = randomBytes(6).toString('hex');
    const patientSuri = `//Alice//share-record-patient-${run}`;
    const patient = signer(patientSuri);
    // The patient's blind key, restored from the same secret as the account; never sent anywhere.
    const blindKey = blindKeyFromSuri(patientSuri);
    const providerAccount = signer(`//Alice//share-record-provider-${run}`);
    await submit(api, api.tx.utility.batchAll([patient, providerAccount].map((a) => api.tx.balances.transferKeepAlive(a.address, 100n * UNIT))), signer('//Alice'));
    step('funded fresh accounts from //Alice');
    detail(`patient  ${patient.address}`);
    detail(`provider ${providerAccount.address}`);

    const providerX25519 = generateKeyPairSync('x25519');
    const providerPublic = rawX25519(providerX25519.publicKey);
    step(`provider X25519 public key ${providerPublic.toString('hex')}`);

    // The patient's side: encrypt, store off chain, register the pointer.
    const original = randomBytes(4096 + Math.floor(Math.random() * 4096));
    const dataKey = randomBytes(32);
    const blob = aesGcmEncrypt(dataKey, envelope(MEDIA_TYPE, original));
    const blobHash = sha256(blob);
    const blobPath = join(store, `${blobHash.toString('hex')}.enc`);
    writeFileSync(blobPath, blob);
    const locator = pathToFileURL(blobPath).href;
    step(`encrypted a random ${original.length}-byte file (${MEDIA_TYPE}) with a random AES-256-GCM data key`);
    detail(`stored ${blob.length} bytes at ${locator}`);
    detail(`SHA-256 of the encrypted blob ${blobHash.toString('hex')}`);

    const today = dayOf(Date.now());
    const input = recordInput({ key: blindKey, category: CATEGORY, typeCode: CATEGORY, labels: [LABEL], date: today, hash: blobHash, locator });
    const registered = await submit(api, api.tx.records.register(patient.address, input, PURPOSE), patient);
    const regEvent = findEvent(registered, 'records', 'RecordRegistered').raw.data;
    const record = regEvent.record.toNumber();
    step(`patient registered record ${record} (status ${regEvent.status.type}) in block #${registered.blockNumber}`);
    detail('category, type, label and date reach the chain only as tags under the patient\'s blind key');

    // The patient's wallet: the chain's tags, matched back to codes with the blind key.
    const body = (await api.call.recordsApi.record(record)).unwrap().body.unwrap();
    const category = matchCode(blindKey, 'category', body.category);
    const labels = [...body.labels].map((tag) => matchCode(blindKey, 'label', tag)).filter(Boolean);
    const day = matchDay(blindKey, [...body.dates]);
    step('patient\'s wallet read the record and matched its tags with the blind key');
    detail(`category ${body.category.toHex()} = ${category} (${KNOWN_CODES.category[category]})`);
    detail(`labels ${labels.join(', ')}, date ${day === null ? 'unknown' : dayString(day)}`);
    check(category === CATEGORY && labels.join() === LABEL && day === today, 'the patient\'s key reads the category, label and date back');
    check(matchCode(blindKeyFromSuri(`//Alice//share-record-provider-${run}`), 'category', body.category) === null, 'another key does not match the category tag');

    const dayMs = 24n * 60n * 60n * 1000n;
    const validUntil = (await api.query.timestamp.now()).toBigInt() + dayMs;
    const terms = {
      purposes: [PURPOSE],
      actions: ['Read'],
      scope: { Records: [record] },
      dataPeriod: null,
      validFrom: null,
      validUntil,
      openEnded: false,
      exceptions: [],
    };
    const granted = await submit(api, api.tx.consent.grant(null, { Account: providerAccount.address }, terms), patient);
    const grantId = findEvent(granted, 'consent', 'GrantCreated').raw.data.id.toNumber();
    step(`patient granted the provider Read of record ${record} for ${PURPOSE} (grant ${grantId}, one day)`);

    const context = Buffer.from(`healthchain:record:${record}`);
    const wrapped = seal(providerPublic, dataKey, context);
    const attached = await submit(api, api.tx.records.attachKey(record, providerAccount.address, `0x${wrapped.toString('hex')}`), patient);
    const keyEvent = findEvent(attached, 'records', 'KeyAttached').raw.data;
    step(`patient attached the data key sealed to the provider's X25519 key (${wrapped.length} bytes, under grant ${keyEvent.grant.unwrap()})`);

    // The provider's side: only the chain, its own X25519 private key and the store.
    const answer = await api.call.recordsApi.readPointer(record, providerAccount.address, PURPOSE);
    if (answer.isErr) throw new Mismatch(`readPointer refused: ${JSON.stringify(answer.asErr.toJSON())}`);
    const pointer = answer.asOk;
    step(`provider called readPointer: access by ${JSON.stringify(pointer.basis.toJSON())}`);
    const pointerLocator = pointer.locator.toUtf8();
    const pointerHash = Buffer.from(pointer.hash_.asSha256);
    detail(`locator ${pointerLocator}`);
    check(pointer.wrappedKey.isSome, 'a wrapped key is handed to the provider');

    const unwrapped = openSeal(providerX25519, Buffer.from(pointer.wrappedKey.unwrap()), context);
    step('provider unsealed the data key with its X25519 private key');
    check(unwrapped.equals(dataKey), 'the unsealed key is the data key');

    const fetched = readFileSync(fileURLToPath(pointerLocator));
    step(`provider fetched ${fetched.length} bytes from the store`);
    check(sha256(fetched).equals(pointerHash), 'the blob\'s SHA-256 matches the pointer');

    const decrypted = openEnvelope(aesGcmDecrypt(unwrapped, fetched));
    step(`provider decrypted the blob: a ${decrypted.size}-byte ${decrypted.mediaType} file`);
    check(decrypted.mediaType === MEDIA_TYPE && decrypted.size === decrypted.file.length, 'the media type and size inside the blob describe the file');
    check(decrypted.file.equals(original), 'the decrypted file equals the original');

    const verdict = await api.call.recordsApi.verify(record, { Sha256: `0x${pointerHash.toString('hex')}` });
    step(`verify(${record}, hash) = ${JSON.stringify(verdict.toJSON())}`);
    check(verdict.isCurrent && verdict.asCurrent.record.toNumber() === record && verdict.asCurrent.erased.isFalse, 'the hash is that of the current version');

    console.log(`OK: record ${record} shared, decrypted and verified (${original.length} bytes)`);
    return 0;
  } finally {
    await api.disconnect();
    if (ownStore && !opts.keep) rmSync(store, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof Mismatch ? `MISMATCH: ${e.message}` : `error: ${e.message}`);
    process.exit(1);
  },
);
