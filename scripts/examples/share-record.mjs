#!/usr/bin/env node
// share-record: a patient shares encrypted records held by custodians behind their gatekeepers
// with a provider at each, end to end against a running node and the gatekeepers, from one
// wallet secret.
//
//   node scripts/examples/share-record.mjs [--url ws://127.0.0.1:9944]
//        [--gatekeeper URL --clinician SURI] ...
//
// A custodian is a gatekeeper (docs/gatekeeper.md) and a clinician of the organization it
// serves: give `--gatekeeper` and `--clinician` once per custodian, in pairs. With neither, one
// custodian: HC_GATEKEEPER (default http://127.0.0.1:8650) and HC_CLINICIAN (default //Charlie,
// General Hospital's clinician on `--chain demo`; its gatekeeper serves organization 1 and signs
// with the hospital's admin, //Bob).
//
// 1. The patient's wallet holds one secret. For each custodian it derives a separate subject
//    account (scripts/lib/subjects.mjs): nothing on chain links the subjects, or any of them to
//    the wallet's main account. Each subject is funded on its own (here from //Alice, as a
//    custodian or a faucet would), never from the main account.
// 2. Each provider publishes its X25519 encryption key in the key directory
//    (`keyDirectory.publishKey`); the key pair comes from the provider's secret URI.
// 3. Each subject lets its custodian's clinician add a laboratory report (consent `grant` of
//    Append for that category, a blind tag) and hands the clinician its blind key, as a patient
//    does at check-in. The clinician encrypts a random file, behind a small header with its
//    media type and size, with a random data key (AES-256-GCM, scripts/lib/blob.mjs) and uploads
//    the ciphertext to the custodian's gatekeeper, which answers with the blob's locator and
//    content hash (BLAKE2b-256).
// 4. The clinician registers the record pointer: that hash, the locator, and the category, type,
//    security label and clinical date as tags under the subject's blind key
//    (scripts/lib/blind.mjs). The subject acknowledges it; the wallet reads it back and matches
//    the tags.
// 5. The subject grants its provider read access (consent `grant`); the clinician reads the
//    provider's key from the chain (`keyDirectoryApi.keyOf`) and attaches the data key sealed
//    to it with HPKE (RFC 9180, scripts/lib/hpke.mjs), bound to this chain, record, version and
//    provider.
// 6. Each provider asks `readPointer` where the blob is, and fetches it from the gatekeeper
//    named by the locator with a signed request; the gatekeeper logs the read on chain
//    (`consent.AccessServed`) and serves the blob with the wrapped key. The provider checks the
//    blob's hash, opens the wrapped key with its own key pair, decrypts the blob, reads the media
//    type and size from inside, compares the file with the original, and asks `verify` whether
//    the hash is current. With two custodians or more, a provider cannot open the key sealed to
//    another, and another custodian's provider is refused by the gatekeeper, on the trail too.
// 7. The wallet restores its subjects from the secret alone (`restoreSubjects`).
//
// Exits non-zero on any mismatch.

import { randomBytes } from 'node:crypto';
import { connect, signer, submit, findEvent, u8aToHex, DEFAULT_ENDPOINT } from '../lib/chain.mjs';
import { KNOWN_CODES, codeTag, dayOf, dayString, matchCode, matchDay, recordInput, tagHex } from '../lib/blind.mjs';
import { decryptBlob, encryptBlob, newDataKey } from '../lib/blob.mjs';
import { DEFAULT_GATEKEEPER, auditEntries, blobHash, fetchRecord, gatekeeperUrlOf, upload } from '../lib/gatekeeper.mjs';
import { unwrapKey, wrapKey, x25519FromSuri } from '../lib/hpke.mjs';
import { restoreSubjects, subjectOf } from '../lib/subjects.mjs';

const UNIT = 10n ** 12n;
const CATEGORY = '11502-2'; // LOINC: laboratory report
const LABEL = 'N'; // HL7 confidentiality: normal
const MEDIA_TYPE = 'application/octet-stream';
const PURPOSE = 'Treatment';
/** The clinician of the one custodian when none is named: General Hospital's in the demo. */
const DEFAULT_CLINICIAN = '//Charlie';

// ------------------------------------------------------------------ the walk-through

const USAGE = 'usage: share-record.mjs [--url ws://127.0.0.1:9944] [--gatekeeper URL --clinician SURI] ...';

function parseArgs(argv) {
  const opts = { url: process.env.HC_ENDPOINT || DEFAULT_ENDPOINT, gatekeepers: [], clinicians: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--url') opts.url = argv[++i];
    else if (argv[i] === '--gatekeeper') opts.gatekeepers.push(argv[++i]);
    else if (argv[i] === '--clinician') opts.clinicians.push(argv[++i]);
    else if (argv[i] === '--help') opts.help = true;
    else throw new Error(`unknown argument '${argv[i]}'`);
  }
  if (!opts.gatekeepers.length) opts.gatekeepers.push(process.env.HC_GATEKEEPER || DEFAULT_GATEKEEPER);
  if (!opts.clinicians.length) opts.clinicians.push(process.env.HC_CLINICIAN || DEFAULT_CLINICIAN);
  if (opts.gatekeepers.length !== opts.clinicians.length) throw new Error(`give one --clinician per --gatekeeper; ${USAGE}`);
  return opts;
}

let stepNo = 0;
const step = (text) => console.log(`[${++stepNo}] ${text}`);
const detail = (text) => console.log(`    ${text}`);

class Mismatch extends Error {}
function check(condition, what) {
  if (!condition) throw new Mismatch(`check failed: ${what}`);
  detail(`ok: ${what}`);
}

/** The custodian organization of `clinician` (a keyring pair), from its membership. */
async function organizationOf(api, clinician) {
  const org = await api.query.organizations.memberOf(clinician.address);
  if (org.isNone) throw new Error(`${clinician.address} is no member of an organization: not a custodian's clinician`);
  return org.unwrap().toNumber();
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.help) {
    console.log(USAGE);
    return 0;
  }
  const api = await connect(opts.url);
  try {
    step(`connected to ${opts.url} (${await api.rpc.system.chain()})`);
    const genesisHash = api.genesisHash.toU8a();

    const custodians = [];
    for (const [i, gatekeeper] of opts.gatekeepers.entries()) {
      const clinician = signer(opts.clinicians[i]);
      const org = await organizationOf(api, clinician);
      const health = await fetch(`${gatekeeper.replace(/\/+$/, '')}/health`).then((r) => r.json(), (e) => {
        throw new Error(`cannot reach the gatekeeper at ${gatekeeper}: ${e.cause?.message ?? e.message}`);
      });
      if (custodians.some((c) => c.org === org)) throw new Error(`organization ${org} is named twice: one --clinician per custodian`);
      custodians.push({ org, gatekeeper, clinician });
      detail(`custodian: organization ${org}, clinician ${clinician.address}, gatekeeper ${gatekeeper} (${health.status}, finalized #${health.finalized})`);
    }

    const run = randomBytes(6).toString('hex');
    // The wallet's one secret; its main account never appears on chain in this walk-through.
    const walletSuri = `//Alice//share-record-wallet-${run}`;
    const subjects = custodians.map(({ org }) => subjectOf(walletSuri, org));
    const providerSuris = custodians.map(({ org }) => `//Alice//share-record-provider-${org}-${run}`);
    const providers = providerSuris.map((suri) => signer(suri));
    // One transfer per account, each its own transaction: no batch ties the subjects together.
    for (const account of [...subjects.map((x) => x.pair), ...providers]) {
      await submit(api, api.tx.balances.transferKeepAlive(account.address, 100n * UNIT), signer('//Alice'));
    }
    step('derived a subject per custodian from one wallet secret, and funded each account on its own');
    subjects.forEach((x) => detail(`subject at organization ${x.org}: ${x.address}`));
    const addresses = new Set([signer(walletSuri).address, ...subjects.map((x) => x.address)]);
    check(addresses.size === subjects.length + 1, 'the subjects differ from each other and from the main account');

    const providerKeys = [];
    for (const [i, suri] of providerSuris.entries()) {
      const own = await x25519FromSuri(suri);
      await submit(api, api.tx.keyDirectory.publishKey(own.publicKey), providers[i]);
      providerKeys.push(own);
      detail(`provider ${i + 1} ${providers[i].address} published X25519 key ${Buffer.from(own.publicKey).toString('hex')}`);
    }
    step('each provider published its encryption key in the key directory');

    const dayMs = 24n * 60n * 60n * 1000n;
    /** Grant terms for one day from the chain's time. */
    const oneDay = async (actions, scope) => ({
      purposes: [PURPOSE],
      actions,
      scope,
      dataPeriod: null,
      validFrom: null,
      validUntil: (await api.query.timestamp.now()).toBigInt() + dayMs,
      openEnded: false,
      exceptions: [],
    });

    const shared = [];
    for (const [i, subject] of subjects.entries()) {
      const { org, gatekeeper, clinician } = custodians[i];
      const provider = providers[i];
      // The subject lets its custodian's clinician add a laboratory report, and hands it the
      // blind key the tags are made with.
      const categoryTag = tagHex(codeTag(subject.blindKey, 'category', CATEGORY));
      await submit(api, api.tx.consent.grant(null, { Account: clinician.address }, await oneDay(['Append'], { Categories: [categoryTag] })), subject.pair);
      step(`subject at organization ${org} let the custodian's clinician add a ${KNOWN_CODES.category[CATEGORY]}`);

      // The clinician's side: encrypt, upload to the gatekeeper, register the pointer.
      const original = randomBytes(4096 + Math.floor(Math.random() * 4096));
      const dataKey = newDataKey();
      const blob = await encryptBlob(dataKey, MEDIA_TYPE, original);
      const uploaded = await upload(gatekeeper, clinician, blob);
      detail(`encrypted a random ${original.length}-byte file (${MEDIA_TYPE}), uploaded ${blob.length} bytes to ${gatekeeper}: ${uploaded.locator}`);
      check(uploaded.hash.toLowerCase() === blobHash(blob) && uploaded.size === blob.length, 'the gatekeeper stored the blob under its BLAKE2b-256 digest');

      const today = dayOf(Date.now());
      const input = recordInput({ key: subject.blindKey, category: CATEGORY, typeCode: CATEGORY, labels: [LABEL], date: today, hash: uploaded.contentHash, locator: uploaded.locator });
      const registered = await submit(api, api.tx.records.register(subject.address, input, PURPOSE), clinician);
      const regEvent = findEvent(registered, 'records', 'RecordRegistered').raw.data;
      const record = regEvent.record.toNumber();
      detail(`the clinician registered record ${record} (status ${regEvent.status.type}, custodian ${regEvent.custodian.unwrap()}) in block #${registered.blockNumber}`);
      await submit(api, api.tx.records.acknowledge(record), subject.pair);
      detail(`the subject acknowledged record ${record}`);

      // The wallet: the chain's tags, matched back to codes with the subject's blind key.
      const info = (await api.call.recordsApi.record(record)).unwrap();
      const body = info.body.unwrap();
      const category = matchCode(subject.blindKey, 'category', body.category);
      const labels = [...body.labels].map((tag) => matchCode(subject.blindKey, 'label', tag)).filter(Boolean);
      const day = matchDay(subject.blindKey, [...body.dates]);
      detail(`wallet read it back: category ${category} (${KNOWN_CODES.category[category]}), labels ${labels.join(', ')}, date ${day === null ? 'unknown' : dayString(day)}`);
      check(category === CATEGORY && labels.join() === LABEL && day === today, 'the subject\'s key reads the category, label and date back');
      for (const other of subjects.filter((x) => x !== subject)) {
        check(matchCode(other.blindKey, 'category', body.category) === null, 'another subject\'s key does not match the category tag');
      }

      const granted = await submit(api, api.tx.consent.grant(null, { Account: provider.address }, await oneDay(['Read'], { Records: [record] })), subject.pair);
      const grantId = findEvent(granted, 'consent', 'GrantCreated').raw.data.id.toNumber();
      detail(`granted provider ${i + 1} Read of record ${record} for ${PURPOSE} (grant ${grantId}, one day)`);

      const published = await api.call.keyDirectoryApi.keyOf(provider.address);
      check(published.isSome, 'the provider\'s key is in the directory');
      const context = { genesisHash, record, version: info.version.toNumber(), grantee: provider.address };
      const wrapped = await wrapKey({ recipientPublicKey: published.unwrap().key.toU8a(), dataKey, context });
      const attached = await submit(api, api.tx.records.attachKey(record, provider.address, u8aToHex(wrapped)), clinician);
      const keyEvent = findEvent(attached, 'records', 'KeyAttached').raw.data;
      detail(`the clinician attached the data key sealed with HPKE to the provider's published key (${wrapped.length} bytes, under grant ${keyEvent.grant.unwrap()})`);
      shared.push({ record, original, dataKey, context, provider, keyPair: providerKeys[i].keyPair, subject });
    }

    // Each provider's side: only the chain, the gatekeeper and its own X25519 key pair.
    for (const [i, { record, original, dataKey, context, provider, keyPair, subject }] of shared.entries()) {
      const answer = await api.call.recordsApi.readPointer(record, provider.address, PURPOSE);
      if (answer.isErr) throw new Mismatch(`readPointer refused: ${JSON.stringify(answer.asErr.toJSON())}`);
      const pointer = answer.asOk;
      const locator = pointer.locator.toUtf8();
      const pointerHash = pointer.hash_.value.toHex();
      step(`provider ${i + 1} called readPointer for record ${record}: access by ${JSON.stringify(pointer.basis.toJSON())}, blob at ${locator}`);

      const gatekeeper = gatekeeperUrlOf(locator);
      const got = await fetchRecord(gatekeeper, provider, record, PURPOSE);
      detail(`fetched ${got.bytes.length} bytes from ${gatekeeper}: basis ${got.basis}, logged in block ${got.loggedIn}`);
      check(pointer.hash_.type === 'Blake2_256' && got.hash?.toLowerCase() === pointerHash && blobHash(got.bytes) === pointerHash, 'the blob\'s BLAKE2b-256 matches the pointer');
      const served = (await auditEntries(api, got.loggedIn)).filter((e) => e.record.toNumber() === record && e.accessor.toString() === provider.address);
      check(served.length === 1 && served[0].decision.isPermitted && served[0].patient.toString() === subject.address, 'the read is on the subject\'s audit trail (consent.AccessServed, permitted)');
      check(got.wrappedKey !== null && pointer.wrappedKey.isSome && got.wrappedKey.toLowerCase() === pointer.wrappedKey.unwrap().toHex(), 'a wrapped key is handed to the provider');
      const wrapped = Buffer.from(got.wrappedKey.slice(2), 'hex');

      const unwrapped = await unwrapKey({ keyPair, wrapped, context });
      check(Buffer.from(unwrapped).equals(dataKey), 'the provider opened the data key with its own key pair');
      for (const other of shared.filter((x) => x.record !== record)) {
        const refused = await unwrapKey({ keyPair: other.keyPair, wrapped, context }).then(() => false, () => true);
        check(refused, 'another provider\'s key pair does not open it');
        const denied = await fetchRecord(gatekeeper, other.provider, record, PURPOSE).then(() => null, (e) => e);
        check(denied?.status === 403 && denied.reason === 'NoGrant', `another provider is refused by the gatekeeper (${denied?.status} ${denied?.reason})`);
      }

      const decrypted = await decryptBlob(unwrapped, got.bytes);
      detail(`decrypted the blob: a ${decrypted.size}-byte ${decrypted.mediaType} file`);
      check(decrypted.mediaType === MEDIA_TYPE && decrypted.size === decrypted.file.length, 'the media type and size inside the blob describe the file');
      check(Buffer.from(decrypted.file).equals(original), 'the decrypted file equals the original');

      const verdict = await api.call.recordsApi.verify(record, { Blake2_256: pointerHash });
      check(verdict.isCurrent && verdict.asCurrent.record.toNumber() === record && verdict.asCurrent.erased.isFalse, `verify(${record}, hash): the hash is that of the current version`);
    }

    // The wallet walks every registered organization: it needs no list of its custodians.
    const restored = await restoreSubjects(api, walletSuri);
    step(`restored from the wallet secret alone: ${restored.map((x) => `organization ${x.org} ${x.address}`).join('; ')}`);
    const found = (x) => restored.find((r) => r.address === x.address && r.org === x.org && r.records && r.grants);
    check(restored.length === subjects.length && subjects.every(found), 'every subject, with its records and grants, is found again');

    const records = shared.map((x) => x.record);
    console.log(`OK: record${records.length === 1 ? '' : 's'} ${records.join(' and ')} shared from ${subjects.length} unlinked subject${subjects.length === 1 ? '' : 's'} through the gatekeepers, opened and verified`);
    return 0;
  } finally {
    await api.disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof Mismatch ? `MISMATCH: ${e.message}` : `error: ${e.message}`);
    process.exit(1);
  },
);
