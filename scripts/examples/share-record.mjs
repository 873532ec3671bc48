#!/usr/bin/env node
// share-record: a patient shares encrypted records held at two custodians with a provider at
// each, end to end against a running node, from one wallet secret.
//
//   node scripts/examples/share-record.mjs [--url ws://127.0.0.1:9944] [--store DIR] [--keep]
//
// 1. The patient's wallet holds one secret. For each custodian it derives a separate subject
//    account (scripts/lib/subjects.mjs): nothing on chain links the two subjects, or either to
//    the wallet's main account. Each subject is funded on its own (here from //Alice, as a
//    custodian or a faucet would), never from the main account.
// 2. Each provider publishes its X25519 encryption key in the key directory
//    (`keyDirectory.publishKey`); the key pair comes from the provider's secret URI.
// 3. For each subject, the wallet encrypts a random file, behind a small header with its media
//    type and size, with a random data key (AES-256-GCM) and puts the ciphertext into an
//    off-chain store, here a local folder; the locator is the blob's `file://` URL.
// 4. The subject registers the record pointer: SHA-256 of the encrypted blob, the locator, and
//    the category, type, security label and clinical date as tags under the subject's own blind
//    key (scripts/lib/blind.mjs). The wallet reads the record back and matches the tags.
// 5. The subject grants its provider read access (consent `grant`), reads the provider's key
//    from the chain (`keyDirectoryApi.keyOf`) and attaches the data key sealed to it with HPKE
//    (RFC 9180, scripts/lib/hpke.mjs), bound to this chain, record, version and provider.
// 6. Each provider asks `readPointer`, opens the wrapped key with its own key pair, fetches the
//    blob, checks its hash, decrypts it, reads the media type and size from inside, compares
//    the file with the original, and asks `verify` whether the hash is current. A provider
//    cannot open the key sealed to the other.
// 7. The wallet restores both subjects from the secret alone (`restoreSubjects`).
//
// Exits non-zero on any mismatch.

import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { connect, signer, submit, findEvent, u8aToHex, DEFAULT_ENDPOINT } from '../lib/chain.mjs';
import { KNOWN_CODES, dayOf, dayString, matchCode, matchDay, recordInput } from '../lib/blind.mjs';
import { unwrapKey, wrapKey, x25519FromSuri } from '../lib/hpke.mjs';
import { restoreSubjects, subjectOf } from '../lib/subjects.mjs';

const UNIT = 10n ** 12n;
const CATEGORY = '11502-2'; // LOINC: laboratory report
const LABEL = 'N'; // HL7 confidentiality: normal
const MEDIA_TYPE = 'application/octet-stream';
const PURPOSE = 'Treatment';
/** The two custodians of the walk-through, by organization id (General Hospital, City Clinic in the demo). */
const CUSTODIANS = [0, 1];

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

// What the chain does not hold travels inside the encrypted blob: `u32 BE header length ‖
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
    const genesisHash = api.genesisHash.toU8a();

    const run = randomBytes(6).toString('hex');
    // The wallet's one secret; its main account never appears on chain in this walk-through.
    const walletSuri = `//Alice//share-record-wallet-${run}`;
    const subjects = CUSTODIANS.map((org) => subjectOf(walletSuri, org));
    const providerSuris = CUSTODIANS.map((org) => `//Alice//share-record-provider-${org}-${run}`);
    const providers = providerSuris.map((suri) => signer(suri));
    // One transfer per account, each its own transaction: no batch ties the subjects together.
    for (const account of [...subjects.map((x) => x.pair), ...providers]) {
      await submit(api, api.tx.balances.transferKeepAlive(account.address, 100n * UNIT), signer('//Alice'));
    }
    step('derived a subject per custodian from one wallet secret, and funded each account on its own');
    subjects.forEach((x) => detail(`subject at organization ${x.org}: ${x.address}`));
    check(!subjects.some((x) => x.address === signer(walletSuri).address) && subjects[0].address !== subjects[1].address, 'the subjects differ from each other and from the main account');

    const providerKeys = [];
    for (const [i, suri] of providerSuris.entries()) {
      const own = await x25519FromSuri(suri);
      await submit(api, api.tx.keyDirectory.publishKey(own.publicKey), providers[i]);
      providerKeys.push(own);
      detail(`provider ${i + 1} ${providers[i].address} published X25519 key ${Buffer.from(own.publicKey).toString('hex')}`);
    }
    step('each provider published its encryption key in the key directory');

    const shared = [];
    for (const [i, subject] of subjects.entries()) {
      const provider = providers[i];
      // The subject's side: encrypt, store off chain, register the pointer.
      const original = randomBytes(4096 + Math.floor(Math.random() * 4096));
      const dataKey = randomBytes(32);
      const blob = aesGcmEncrypt(dataKey, envelope(MEDIA_TYPE, original));
      const blobHash = sha256(blob);
      const blobPath = join(store, `${blobHash.toString('hex')}.enc`);
      writeFileSync(blobPath, blob);
      const locator = pathToFileURL(blobPath).href;
      step(`subject at organization ${subject.org}: encrypted a random ${original.length}-byte file (${MEDIA_TYPE}), stored ${blob.length} bytes`);

      const today = dayOf(Date.now());
      const input = recordInput({ key: subject.blindKey, category: CATEGORY, typeCode: CATEGORY, labels: [LABEL], date: today, hash: blobHash, locator });
      const registered = await submit(api, api.tx.records.register(subject.address, input, PURPOSE), subject.pair);
      const regEvent = findEvent(registered, 'records', 'RecordRegistered').raw.data;
      const record = regEvent.record.toNumber();
      detail(`registered record ${record} (status ${regEvent.status.type}) in block #${registered.blockNumber}`);

      // The wallet: the chain's tags, matched back to codes with the subject's blind key.
      const info = (await api.call.recordsApi.record(record)).unwrap();
      const body = info.body.unwrap();
      const category = matchCode(subject.blindKey, 'category', body.category);
      const labels = [...body.labels].map((tag) => matchCode(subject.blindKey, 'label', tag)).filter(Boolean);
      const day = matchDay(subject.blindKey, [...body.dates]);
      detail(`wallet read it back: category ${category} (${KNOWN_CODES.category[category]}), labels ${labels.join(', ')}, date ${day === null ? 'unknown' : dayString(day)}`);
      check(category === CATEGORY && labels.join() === LABEL && day === today, 'the subject\'s key reads the category, label and date back');
      check(matchCode(subjects[1 - i].blindKey, 'category', body.category) === null, 'the other subject\'s key does not match the category tag');

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
      const granted = await submit(api, api.tx.consent.grant(null, { Account: provider.address }, terms), subject.pair);
      const grantId = findEvent(granted, 'consent', 'GrantCreated').raw.data.id.toNumber();
      detail(`granted provider ${i + 1} Read of record ${record} for ${PURPOSE} (grant ${grantId}, one day)`);

      const published = await api.call.keyDirectoryApi.keyOf(provider.address);
      check(published.isSome, 'the provider\'s key is in the directory');
      const context = { genesisHash, record, version: info.version.toNumber(), grantee: provider.address };
      const wrapped = await wrapKey({ recipientPublicKey: published.unwrap().key.toU8a(), dataKey, context });
      const attached = await submit(api, api.tx.records.attachKey(record, provider.address, u8aToHex(wrapped)), subject.pair);
      const keyEvent = findEvent(attached, 'records', 'KeyAttached').raw.data;
      detail(`attached the data key sealed with HPKE to the provider's published key (${wrapped.length} bytes, under grant ${keyEvent.grant.unwrap()})`);
      shared.push({ record, original, dataKey, context, provider, keyPair: providerKeys[i].keyPair });
    }

    // Each provider's side: only the chain, its own X25519 key pair and the store.
    for (const [i, { record, original, dataKey, context, provider, keyPair }] of shared.entries()) {
      const answer = await api.call.recordsApi.readPointer(record, provider.address, PURPOSE);
      if (answer.isErr) throw new Mismatch(`readPointer refused: ${JSON.stringify(answer.asErr.toJSON())}`);
      const pointer = answer.asOk;
      step(`provider ${i + 1} called readPointer for record ${record}: access by ${JSON.stringify(pointer.basis.toJSON())}`);
      const pointerLocator = pointer.locator.toUtf8();
      const pointerHash = Buffer.from(pointer.hash_.asSha256);
      check(pointer.wrappedKey.isSome, 'a wrapped key is handed to the provider');
      const wrapped = pointer.wrappedKey.unwrap().toU8a(true);

      const unwrapped = Buffer.from(await unwrapKey({ keyPair, wrapped, context }));
      check(unwrapped.equals(dataKey), 'the provider opened the data key with its own key pair');
      const other = shared[1 - i];
      const refused = await unwrapKey({ keyPair: other.keyPair, wrapped, context }).then(() => false, () => true);
      check(refused, 'the other provider\'s key pair does not open it');

      const fetched = readFileSync(fileURLToPath(pointerLocator));
      check(sha256(fetched).equals(pointerHash), 'the blob\'s SHA-256 matches the pointer');
      const decrypted = openEnvelope(aesGcmDecrypt(unwrapped, fetched));
      detail(`decrypted the blob: a ${decrypted.size}-byte ${decrypted.mediaType} file`);
      check(decrypted.mediaType === MEDIA_TYPE && decrypted.size === decrypted.file.length, 'the media type and size inside the blob describe the file');
      check(decrypted.file.equals(original), 'the decrypted file equals the original');

      const verdict = await api.call.recordsApi.verify(record, { Sha256: `0x${pointerHash.toString('hex')}` });
      check(verdict.isCurrent && verdict.asCurrent.record.toNumber() === record && verdict.asCurrent.erased.isFalse, `verify(${record}, hash): the hash is that of the current version`);
    }

    // The dev chain has no organizations, so the wallet names its custodians; on a chain with
    // organizations, leaving `orgs` out walks every registered one.
    const restored = await restoreSubjects(api, walletSuri, { orgs: CUSTODIANS });
    step(`restored from the wallet secret alone: ${restored.map((x) => `organization ${x.org} ${x.address}`).join('; ')}`);
    check(restored.length === subjects.length && restored.every((x, i) => x.address === subjects[i].address && x.records && x.grants), 'both subjects, with their records and grants, are found again');

    console.log(`OK: records ${shared.map((x) => x.record).join(' and ')} shared from two unlinked subjects, opened and verified`);
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
