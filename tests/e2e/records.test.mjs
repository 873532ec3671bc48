// Records pallet against a real node: providers register record pointers under the patient's
// consent, patients acknowledge them, versions supersede each other (keeping their blind facts)
// and stay walkable, `verify` tells current from superseded hashes, erasure removes the body and
// returns the deposit, wrapped keys are handed out only while their grant lives, consent
// exceptions follow a record's labels and every version of it, and strangers read nothing.
// Codes, labels and dates reach the chain only as tags under the patient's blind key.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { compactToU8a } from '../../scripts/lib/chain.mjs';
import {
  codeTag, tagHex, recordInput as blindInput, labelTags, dateTags, periodTags, matchCode, LABEL_SLOTS, DATE_LEVELS, TAG_LEN,
} from '../../scripts/lib/blind.mjs';
import { useNode, freshAccounts, registerOrg, submit, findEvent, expectError, chainNow, advanceTimeTo, blindKey } from './helpers.mjs';

const ctx = useNode({ name: 'records' });

const MILLI_UNIT = 10n ** 9n;
const DEPOSIT_BASE = 10n * MILLI_UNIT;
const DEPOSIT_PER_BYTE = (10n * MILLI_UNIT) / 1_000n;

const NOTE = '11506-3'; // LOINC progress note
const LABS = '11502-2'; // LOINC laboratory report
// A fixed clinical date: a new version must keep its predecessor's date tags.
const DATE = '2025-06-02';

// polkadot.js renames fields that collide with codec members (`hash`, `keys`, `size`, `new`)
// with a trailing underscore: `info.hash_`, `info.keys_`, `event.new_`.

const hex32 = () => `0x${randomBytes(32).toString('hex')}`;
const newLocator = () => `ehr://hospital/docs/${randomBytes(8).toString('hex')}`;

/** The tag of category `code` under `patient`'s blind key, as hex. */
const categoryTag = (patient, code) => tagHex(codeTag(blindKey(patient), 'category', code));

/**
 * A `RecordInput` for `patient`'s record with a fresh hash and locator: the codes, labels and
 * date as tags under the patient's blind key. Fields can be overridden.
 */
function recordInput(patient, {
  category = NOTE, typeCode = category, labels = ['N'], date = DATE, hash = hex32(), locator = newLocator(),
} = {}) {
  return blindInput({ key: blindKey(patient), category, typeCode, labels, date, hash, locator });
}

/**
 * The input of a new version of the record registered with `previous`: a new hash and locator
 * and its blind facts as they are. The label tags are copied, not recomputed: their fillers are
 * salted with the content hash, so recomputing them for the new hash would change the labels.
 * `over` replaces fields (tags as hex).
 */
function nextVersion(previous, { hash = hex32(), locator = newLocator(), ...over } = {}) {
  return { ...previous, hash: { Sha256: hash }, locator, ...over };
}

/** Bytes of the tags every record stores: category, type, the label slots and the date levels. */
const TAG_BYTES = TAG_LEN * (2 + LABEL_SLOTS + DATE_LEVELS);

/**
 * The deposit `register`/`supersede` holds for `input` (runtime: 10 mUNIT + 10 µUNIT per encoded
 * byte of its tags and locator; the locator is a `BoundedVec<u8>`, so a compact length first).
 */
function recordDeposit(input) {
  const locator = input.locator.startsWith('0x') ? (input.locator.length - 2) / 2 : Buffer.byteLength(input.locator);
  return DEPOSIT_BASE + DEPOSIT_PER_BYTE * BigInt(TAG_BYTES + compactToU8a(locator).length + locator);
}

/** Grant terms in the shape of the consent pallet's `GrantTerms`. */
function terms({ purposes = ['Treatment'], actions, scope = 'AllRecords', validUntil = null, dataPeriod = null, exceptions = [] }) {
  return { purposes, actions, scope, dataPeriod, validFrom: null, validUntil, openEnded: validUntil === null, exceptions };
}

/** `patient` grants `grantee` (`{ Account }` or `{ Organization }`); returns the grant id. */
async function grant(api, patient, grantee, grantTerms) {
  const result = await submit(api, api.tx.consent.grant(null, grantee, grantTerms), patient);
  return findEvent(result, 'consent', 'GrantCreated').raw.data.id.toNumber();
}

/** Registers a record (signed by `author`); returns `{ id, event, result }`. */
async function register(api, author, patient, input, purpose = 'Treatment') {
  const result = await submit(api, api.tx.records.register(patient.address, input, purpose), author);
  const event = findEvent(result, 'records', 'RecordRegistered').raw.data;
  return { id: event.record.toNumber(), event, result };
}

/** Supersedes `id` (signed by `author`); returns the new version's id. */
async function supersede(api, author, id, input, purpose = 'Treatment') {
  const result = await submit(api, api.tx.records.supersede(id, input, purpose), author);
  return findEvent(result, 'records', 'RecordSuperseded').raw.data.new_.toNumber();
}

/** A Provider organization with an admin and a Clinician member, fresh accounts for each. */
async function provider(api, patientTags = ['patient']) {
  const [admin, clinician, ...patients] = await freshAccounts(api, ['admin', 'clinician', ...patientTags]);
  const org = await registerOrg(api, admin, ['Provider'], [[clinician, ['Clinician']]]);
  return { org, admin, clinician, patients };
}

async function recordInfo(api, id) {
  const info = await api.call.recordsApi.record(id);
  assert.ok(info.isSome, `record ${id} exists`);
  return info.unwrap();
}

/** The body of a live record's info (patient, custodian, tags, deposit...). */
async function recordBody(api, id) {
  const info = await recordInfo(api, id);
  assert.ok(info.body.isSome, `record ${id} has a body`);
  return info.body.unwrap();
}

async function readPointer(api, id, accessor, purpose = 'Treatment') {
  return api.call.recordsApi.readPointer(id, accessor.address, purpose);
}

/** `Ok`, or the reason a read is refused (`Consent:Excepted`, `Erased`, ...). */
async function readOutcome(api, id, accessor, purpose = 'Treatment') {
  const answer = await readPointer(api, id, accessor, purpose);
  if (answer.isOk) return 'Ok';
  return answer.asErr.isConsent ? `Consent:${answer.asErr.asConsent.type}` : answer.asErr.type;
}

/** What the records pallet holds from `who` (record and key deposits; not consent's). */
async function heldBy(api, who) {
  const holds = await api.query.balances.holds(who.address);
  return holds
    .filter((h) => h.id.isRecords)
    .reduce((sum, h) => sum + h.amount.toBigInt(), 0n);
}

async function freeOf(api, who) {
  return (await api.query.system.account(who.address)).data.free.toBigInt();
}

test('a provider member with the patient\'s Append consent registers a pending record', async () => {
  const { api } = ctx;
  const { org, clinician, patients: [patient] } = await provider(api);
  await grant(api, patient, { Account: clinician.address }, terms({ actions: ['Append'], scope: { Categories: [categoryTag(patient, NOTE)] } }));

  const heldBefore = await heldBy(api, clinician);
  const input = recordInput(patient);
  const { id, event } = await register(api, clinician, patient, input);
  assert.equal(event.patient.toString(), patient.address);
  assert.equal(event.custodian.unwrap().toNumber(), org);
  assert.equal(event.author.toString(), clinician.address);
  assert.equal(event.status.type, 'Pending');
  assert.equal(event.deposit.toBigInt(), recordDeposit(input));
  assert.equal(await heldBy(api, clinician), heldBefore + recordDeposit(input));

  const info = await recordInfo(api, id);
  assert.equal(info.status.type, 'Pending');
  assert.equal(info.hash_.asSha256.toHex(), input.hash.Sha256);
  assert.equal(info.version.toNumber(), 1);
  assert.equal(info.chain.toNumber(), id, 'a first version is its own chain');
  assert.equal(info.erased.isTrue, false);
  const body = await recordBody(api, id);
  assert.equal(body.custodian.unwrap().toNumber(), org);
  assert.equal(body.deposit.unwrap().payer.toString(), clinician.address);
  assert.equal(body.deposit.unwrap().amount.toBigInt(), recordDeposit(input));
  // The chain keeps the tags; the patient's wallet (holding the key) reads the codes back.
  assert.equal(body.category.toHex(), input.category);
  assert.deepEqual(body.labels.map((t) => t.toHex()), input.labels);
  assert.deepEqual(body.dates.map((t) => t.toHex()), input.dates);
  assert.equal(matchCode(blindKey(patient), 'category', body.category), NOTE);
  assert.equal(matchCode(blindKey(patient), 'label', body.labels[0]), 'N');

  const page = await api.call.recordsApi.recordsOf(patient.address, categoryTag(patient, NOTE), null, 10);
  assert.deepEqual(page.records.map((r) => r.id.toNumber()), [id]);
  assert.ok(page.next.isNone);
  const labs = await api.call.recordsApi.recordsOf(patient.address, categoryTag(patient, LABS), null, 10);
  assert.equal(labs.records.length, 0);
});

test('registration without Append consent for the category is refused with ConsentDenied', async () => {
  const { api } = ctx;
  const { clinician, patients: [patient] } = await provider(api);
  const [stranger] = await freshAccounts(api, ['stranger']);
  const nextBefore = (await api.query.records.nextRecordId()).toNumber();

  // No grant at all.
  const e = await expectError(register(api, clinician, patient, recordInput(patient)), 'records', 'ConsentDenied');
  assert.match(e.docs, /Append/);
  // A Read-only grant, and an Append grant for another category, do not help either.
  await grant(api, patient, { Account: clinician.address }, terms({ actions: ['Read'] }));
  await grant(api, patient, { Account: clinician.address }, terms({ actions: ['Append'], scope: { Categories: [categoryTag(patient, LABS)] } }));
  await expectError(register(api, clinician, patient, recordInput(patient, { category: NOTE })), 'records', 'ConsentDenied');
  // Nor does an Append grant for another purpose.
  await grant(api, patient, { Account: clinician.address }, terms({ purposes: ['Research'], actions: ['Append'] }));
  await expectError(register(api, clinician, patient, recordInput(patient), 'Treatment'), 'records', 'ConsentDenied');
  // Someone who acts for no provider is refused before consent is asked.
  await expectError(register(api, stranger, patient, recordInput(patient)), 'records', 'NotProvider');

  assert.equal((await api.query.records.nextRecordId()).toNumber(), nextBefore);
  const page = await api.call.recordsApi.recordsOf(patient.address, null, null, 10);
  assert.equal(page.records.length, 0);
  assert.equal(await heldBy(api, clinician), 0n);
});

test('the patient acknowledges a pending record, or disputes one, and only the patient', async () => {
  const { api } = ctx;
  const { clinician, patients: [patient] } = await provider(api);
  await grant(api, patient, { Account: clinician.address }, terms({ actions: ['Append'] }));
  const { id } = await register(api, clinician, patient, recordInput(patient));
  const { id: other } = await register(api, clinician, patient, recordInput(patient, { category: LABS }));

  await expectError(submit(api, api.tx.records.acknowledge(id), clinician), 'records', 'NotPatient');
  const ack = await submit(api, api.tx.records.acknowledge(id), patient);
  const event = findEvent(ack, 'records', 'RecordAcknowledged').raw.data;
  assert.equal(event.record.toNumber(), id);
  assert.equal(event.patient.toString(), patient.address);
  assert.equal((await recordInfo(api, id)).status.type, 'Current');
  await expectError(submit(api, api.tx.records.acknowledge(id), patient), 'records', 'NotPending');

  // A disputed record stays visible and readable by the patient, with the statement's hash.
  const statement = hex32();
  await submit(api, api.tx.records.dispute(other, { Sha256: statement }), patient);
  const disputed = await recordInfo(api, other);
  assert.equal(disputed.status.type, 'Disputed');
  assert.equal(disputed.body.unwrap().disputeReason.unwrap().asSha256.toHex(), statement);
  const pointer = await readPointer(api, other, patient);
  assert.ok(pointer.isOk);
  assert.equal(pointer.asOk.status.type, 'Disputed');
});

test('supersede makes a new pending version, the old one Superseded, and the history walkable', async () => {
  const { api } = ctx;
  const { org, clinician, patients: [patient] } = await provider(api);
  await grant(api, patient, { Account: clinician.address }, terms({ actions: ['Append'] }));
  const v1Input = recordInput(patient);
  const { id: v1 } = await register(api, clinician, patient, v1Input);
  await submit(api, api.tx.records.acknowledge(v1), patient);

  const v2Input = nextVersion(v1Input);
  const r2 = await submit(api, api.tx.records.supersede(v1, v2Input, 'Treatment'), clinician);
  const s2 = findEvent(r2, 'records', 'RecordSuperseded').raw.data;
  const v2 = s2.new_.toNumber();
  assert.equal(s2.old.toNumber(), v1);
  assert.equal(s2.version.toNumber(), 2);
  assert.equal(s2.status.type, 'Pending');
  assert.equal(s2.custodian.unwrap().toNumber(), org);
  assert.equal(s2.deposit.toBigInt(), recordDeposit(v2Input));

  // Only the latest version can be superseded.
  await expectError(submit(api, api.tx.records.supersede(v1, nextVersion(v2Input), 'Treatment'), clinician), 'records', 'NotSupersedable');
  // The patient does not replace a provider's record (they dispute it).
  await expectError(submit(api, api.tx.records.supersede(v2, nextVersion(v2Input), 'Treatment'), patient), 'records', 'NotCustodian');

  const v3 = await supersede(api, clinician, v2, nextVersion(v2Input));

  const old = await recordInfo(api, v1);
  assert.equal(old.status.type, 'Superseded');
  assert.equal(old.replacedBy.unwrap().toNumber(), v2);
  assert.ok(old.body.isSome, 'an old version keeps its body and locator');
  const latest = await recordInfo(api, v3);
  assert.equal(latest.version.toNumber(), 3);
  assert.equal(latest.replaces.unwrap().toNumber(), v2);
  assert.ok(latest.replacedBy.isNone);
  assert.equal(latest.status.type, 'Pending');
  // Every version names the chain's first version.
  for (const at of [v1, v2, v3]) assert.equal((await recordInfo(api, at)).chain.toNumber(), v1, `chain of ${at}`);

  // The runtime API walks the chain from any version, oldest first.
  for (const from of [v1, v2, v3]) {
    const history = await api.call.recordsApi.history(from);
    assert.deepEqual(history.map((x) => x.toNumber()), [v1, v2, v3], `history from ${from}`);
  }
  assert.equal((await api.call.recordsApi.history(9_999_999)).length, 0);

  // The links walk the same way, forwards.
  const walked = [];
  for (let at = v1; at !== undefined;) {
    const info = await recordInfo(api, at);
    walked.push([at, info.version.toNumber(), info.status.type]);
    at = info.replacedBy.isSome ? info.replacedBy.unwrap().toNumber() : undefined;
  }
  assert.deepEqual(walked, [[v1, 1, 'Superseded'], [v2, 2, 'Superseded'], [v3, 3, 'Pending']]);

  // A superseded version can still be read, and says what replaced it.
  const pointer = await readPointer(api, v1, patient);
  assert.ok(pointer.isOk);
  assert.equal(pointer.asOk.status.type, 'Superseded');
  assert.equal(pointer.asOk.replacedBy.unwrap().toNumber(), v2);
  assert.equal(pointer.asOk.locator.toUtf8(), v1Input.locator);
});

test('supersede is refused with FactsChanged when the category, labels or date change', async () => {
  const { api } = ctx;
  const { clinician, patients: [patient] } = await provider(api);
  const key = blindKey(patient);
  await grant(api, patient, { Account: clinician.address }, terms({ actions: ['Append'] }));
  const original = recordInput(patient, { labels: ['PSY'] });
  const { id } = await register(api, clinician, patient, original);
  const nextBefore = (await api.query.records.nextRecordId()).toNumber();
  const heldBefore = await heldBy(api, clinician);

  // Each change would let the new version escape an exception or a data period of its
  // predecessor's grants. Label changes keep the predecessor's fillers, so that only the label
  // differs.
  const salt = original.hash.Sha256;
  for (const [what, change] of [
    ['category', { category: categoryTag(patient, LABS) }],
    ['labels: one dropped', { labels: labelTags(key, [], salt).map(tagHex) }],
    ['labels: another one', { labels: labelTags(key, ['N'], salt).map(tagHex) }],
    ['labels: one added', { labels: labelTags(key, ['PSY', 'ETH'], salt).map(tagHex) }],
    ['date', { dates: dateTags(key, '2025-06-03').map(tagHex) }],
  ]) {
    const e = await expectError(submit(api, api.tx.records.supersede(id, nextVersion(original, change), 'Treatment'), clinician), 'records', 'FactsChanged');
    assert.match(e.docs, /register a new record/, what);
  }
  assert.equal((await api.query.records.nextRecordId()).toNumber(), nextBefore);
  assert.equal(await heldBy(api, clinician), heldBefore);
  const info = await recordInfo(api, id);
  assert.ok(info.replacedBy.isNone);
  assert.equal(info.status.type, 'Pending');

  // The type, the hash and the locator may change.
  const input = nextVersion(original, { typeCode: tagHex(codeTag(key, 'type', LABS)) });
  const v2 = await supersede(api, clinician, id, input);
  const body = await recordBody(api, v2);
  assert.equal(body.typeCode.toHex(), input.typeCode);
  assert.equal(matchCode(key, 'type', body.typeCode), LABS);
  assert.equal(matchCode(key, 'label', body.labels[0]), 'PSY');
  assert.deepEqual(body.labels.map((t) => t.toHex()), original.labels);
  assert.equal((await recordInfo(api, v2)).hash_.asSha256.toHex(), input.hash.Sha256);
});

test('verify tells the current hash from a superseded one, an unknown one and an unknown record', async () => {
  const { api } = ctx;
  const { clinician, patients: [patient] } = await provider(api);
  await grant(api, patient, { Account: clinician.address }, terms({ actions: ['Append'] }));
  const h1 = hex32();
  const h2 = hex32();
  const v1Input = recordInput(patient, { hash: h1 });
  const { id: v1 } = await register(api, clinician, patient, v1Input);
  const v2 = await supersede(api, clinician, v1, nextVersion(v1Input, { hash: h2 }));
  await submit(api, api.tx.records.acknowledge(v2), patient);

  for (const asked of [v1, v2]) {
    const current = await api.call.recordsApi.verify(asked, { Sha256: h2 });
    assert.ok(current.isCurrent, `h2 current when asked about ${asked}`);
    assert.equal(current.asCurrent.record.toNumber(), v2);
    assert.equal(current.asCurrent.status.type, 'Current');
    assert.equal(current.asCurrent.erased.isTrue, false);

    const superseded = await api.call.recordsApi.verify(asked, { Sha256: h1 });
    assert.ok(superseded.isSuperseded, `h1 superseded when asked about ${asked}`);
    assert.equal(superseded.asSuperseded.matched.toNumber(), v1);
    assert.equal(superseded.asSuperseded.latest.toNumber(), v2);
  }
  const noMatch = await api.call.recordsApi.verify(v1, { Sha256: hex32() });
  assert.ok(noMatch.isNoMatch);
  assert.equal(noMatch.asNoMatch.latest.toNumber(), v2);
  // The same bytes under another algorithm are another hash.
  assert.ok((await api.call.recordsApi.verify(v2, { Blake2_256: h2 })).isNoMatch);
  assert.ok((await api.call.recordsApi.verify(9_999_999, { Sha256: h2 })).isUnknown);
});

test('the patient erases a record: body and keys gone, hash kept, deposits returned', async () => {
  const { api } = ctx;
  const { clinician, patients: [patient] } = await provider(api);
  await grant(api, patient, { Account: clinician.address }, terms({ actions: ['Append', 'Read'] }));
  const input = recordInput(patient);
  const { id } = await register(api, clinician, patient, input);
  const deposit = recordDeposit(input);
  // A key for the clinician (paid by the patient) and the patient's own key.
  const key = `0x${randomBytes(92).toString('hex')}`;
  await submit(api, api.tx.records.attachKey(id, clinician.address, key), patient);
  await submit(api, api.tx.records.attachKey(id, patient.address, key), patient);
  assert.equal((await recordInfo(api, id)).keys_.toNumber(), 2);
  assert.ok((await readPointer(api, id, clinician)).isOk);

  // The custodian may not erase on its own initiative.
  await expectError(submit(api, api.tx.records.erase(id), clinician), 'records', 'NotCustodianAdmin');

  const clinicianFree = await freeOf(api, clinician);
  assert.equal(await heldBy(api, clinician), deposit);
  assert.equal(await heldBy(api, patient), 2n * (DEPOSIT_BASE + DEPOSIT_PER_BYTE * 92n));

  const result = await submit(api, api.tx.records.erase(id), patient);
  const event = findEvent(result, 'records', 'RecordErased').raw.data;
  assert.equal(event.record.toNumber(), id);
  assert.equal(event.by.toString(), patient.address);
  assert.equal(event.keysRemoved.toNumber(), 2);
  assert.equal(event.depositReleased.toBigInt(), deposit);

  // The author's deposit is back, the patient's key deposits too (the patient paid the fee).
  assert.equal(await heldBy(api, clinician), 0n);
  assert.equal(await freeOf(api, clinician), clinicianFree + deposit);
  assert.equal(await heldBy(api, patient), 0n);

  // Only the commitment and the version links stay: no patient, tags, locator or deposit.
  const info = await recordInfo(api, id);
  assert.equal(info.erased.isTrue, true);
  assert.ok(info.body.isNone, 'the body is gone');
  assert.equal(info.keys_.toNumber(), 0);
  assert.equal(info.hash_.asSha256.toHex(), input.hash.Sha256, 'the hash commitment stays');
  assert.equal(info.chain.toNumber(), id);
  const stored = (await api.query.records.records(id)).unwrap();
  assert.ok(stored.body.isNone, 'storage keeps no body either');
  assert.equal((await api.call.recordsApi.recordsOf(patient.address, null, null, 10)).records.length, 0, 'no longer listed for the patient');

  // No query hands out the locator any more, not even to the patient.
  for (const reader of [patient, clinician]) assert.equal(await readOutcome(api, id, reader), 'Erased');
  const verified = await api.call.recordsApi.verify(id, input.hash);
  assert.ok(verified.isCurrent);
  assert.equal(verified.asCurrent.erased.isTrue, true);

  await expectError(submit(api, api.tx.records.erase(id), patient), 'records', 'RecordErased');
  await expectError(submit(api, api.tx.records.attachKey(id, patient.address, key), patient), 'records', 'RecordErased');
});

test('the custodian admin erases after the patient asks, and only then', async () => {
  const { api } = ctx;
  const { admin, clinician, patients: [patient] } = await provider(api);
  await grant(api, patient, { Account: clinician.address }, terms({ actions: ['Append'] }));
  const input = recordInput(patient);
  const { id } = await register(api, clinician, patient, input);

  await expectError(submit(api, api.tx.records.erase(id), admin), 'records', 'ErasureNotRequested');
  const req = await submit(api, api.tx.records.requestErasure(id), patient);
  assert.ok(findEvent(req, 'records', 'ErasureRequested'));
  assert.equal((await recordBody(api, id)).erasureRequested.isTrue, true);
  const clinicianFree = await freeOf(api, clinician);
  const result = await submit(api, api.tx.records.erase(id), admin);
  const event = findEvent(result, 'records', 'RecordErased').raw.data;
  assert.equal(event.by.toString(), admin.address);
  assert.equal(event.depositReleased.toBigInt(), recordDeposit(input));
  assert.equal(await freeOf(api, clinician), clinicianFree + recordDeposit(input));
  assert.equal(await readOutcome(api, id, patient), 'Erased');
});

test('a wrapped key is handed to its grantee while the grant lives and removed when it is revoked', async () => {
  const { api } = ctx;
  const { org, clinician, patients: [patient] } = await provider(api);
  // The hospital may read for treatment (organization grant, no key); the clinician personally
  // may append and read (account grant, which the key will hang on).
  await grant(api, patient, { Organization: org }, terms({ actions: ['Read'] }));
  const personal = await grant(api, patient, { Account: clinician.address }, terms({ actions: ['Append', 'Read'] }));
  const { id } = await register(api, clinician, patient, recordInput(patient));

  const key = `0x${randomBytes(92).toString('hex')}`;
  const patientHeld = await heldBy(api, patient);
  const attached = await submit(api, api.tx.records.attachKey(id, clinician.address, key), patient);
  const ev = findEvent(attached, 'records', 'KeyAttached').raw.data;
  assert.equal(ev.record.toNumber(), id);
  assert.equal(ev.grantee.toString(), clinician.address);
  assert.equal(ev.grant.unwrap().toNumber(), personal);
  assert.equal(ev.by.toString(), patient.address);
  const keyDeposit = DEPOSIT_BASE + DEPOSIT_PER_BYTE * 92n;
  assert.equal(ev.deposit.toBigInt(), keyDeposit);
  assert.equal(await heldBy(api, patient), patientHeld + keyDeposit);
  await expectError(submit(api, api.tx.records.attachKey(id, clinician.address, key), patient), 'records', 'KeyAlreadyAttached');

  const withKey = await readPointer(api, id, clinician);
  assert.ok(withKey.isOk);
  assert.equal(withKey.asOk.wrappedKey.unwrap().toHex(), key);
  assert.equal(withKey.asOk.keyGrant.unwrap().toNumber(), personal);
  assert.equal(withKey.asOk.basis.asGrant.toNumber(), personal);

  const revoked = await submit(api, api.tx.consent.revoke(personal), patient);
  assert.ok(findEvent(revoked, 'consent', 'GrantRevoked'));
  const removed = findEvent(revoked, 'records', 'GrantKeysRemoved').raw.data;
  assert.equal(removed.grant.toNumber(), personal);
  assert.deepEqual(removed.keys_.map(([r, g]) => [r.toNumber(), g.toString()]), [[id, clinician.address]]);
  assert.equal(removed.moreLeft.isTrue, false);
  assert.equal(await heldBy(api, patient), patientHeld, 'key deposit returned');
  assert.equal((await recordInfo(api, id)).keys_.toNumber(), 0);

  // The organization grant still lets the clinician read, but no key comes with it.
  const withoutKey = await readPointer(api, id, clinician);
  assert.ok(withoutKey.isOk);
  assert.ok(withoutKey.asOk.wrappedKey.isNone);
  assert.ok(withoutKey.asOk.keyGrant.isNone);
  assert.ok(withoutKey.asOk.basis.isGrant);
  assert.notEqual(withoutKey.asOk.basis.asGrant.toNumber(), personal);
  assert.ok(withoutKey.asOk.locator.length > 0);
});

test('a wrapped key is no longer handed out once its grant expires, and is then removed', { timeout: 180_000 }, async () => {
  const { api } = ctx;
  const { org, clinician, patients: [patient] } = await provider(api);
  await grant(api, patient, { Organization: org }, terms({ actions: ['Read'] }));
  await grant(api, patient, { Account: clinician.address }, terms({ actions: ['Append'] }));
  const { id } = await register(api, clinician, patient, recordInput(patient));
  const until = (await chainNow(api)) + 30_000n;
  const shortLived = await grant(api, patient, { Account: clinician.address }, terms({ actions: ['Read'], validUntil: until }));
  const key = `0x${randomBytes(92).toString('hex')}`;
  await submit(api, api.tx.records.attachKey(id, clinician.address, key), patient);
  assert.equal((await readPointer(api, id, clinician)).asOk.wrappedKey.unwrap().toHex(), key);

  await advanceTimeTo(api, until + 1n);
  // Expired grants are cleaned up in `on_idle`; whether or not that has run yet, the key is
  // never handed out after expiry.
  const after = await readPointer(api, id, clinician);
  assert.ok(after.isOk);
  assert.ok(after.asOk.wrappedKey.isNone);
  await advanceTimeTo(api, (await chainNow(api)) + 1n);
  assert.equal((await api.query.records.keysByGrant.entries(shortLived)).length, 0, 'the grant\'s key index is gone');
  assert.ok((await api.query.records.wrappedKeys(id, clinician.address)).isNone);
  assert.ok((await api.query.consent.grants(shortLived)).isNone);
});

test('readPointer is refused to a stranger, and keys cannot be attached for or by one', async () => {
  const { api } = ctx;
  const { clinician, patients: [patient] } = await provider(api);
  const [stranger] = await freshAccounts(api, ['stranger']);
  await grant(api, patient, { Account: clinician.address }, terms({ actions: ['Append', 'Read'] }));
  const { id } = await register(api, clinician, patient, recordInput(patient));

  for (const purpose of ['Treatment', 'EmergencyTreatment', 'Research']) {
    assert.equal(await readOutcome(api, id, stranger, purpose), 'Consent:NoGrant', purpose);
  }
  // The clinician's grant is for treatment only.
  assert.equal(await readOutcome(api, id, clinician, 'Research'), 'Consent:PurposeNotAllowed');
  assert.equal(await readOutcome(api, 9_999_999, stranger), 'UnknownRecord');

  const key = `0x${randomBytes(92).toString('hex')}`;
  await expectError(submit(api, api.tx.records.attachKey(id, stranger.address, key), patient), 'records', 'NoReadGrant');
  await expectError(submit(api, api.tx.records.attachKey(id, stranger.address, key), stranger), 'records', 'NotPatientOrCustodian');
  await expectError(submit(api, api.tx.records.erase(id), stranger), 'records', 'NotCustodianAdmin');
});

test('the patient registers their own upload: Current, no custodian, no consent needed', async () => {
  const { api } = ctx;
  const { clinician, patients: [patient] } = await provider(api);
  const upload = { locator: 'file:///home/patient/vault/7f3a9c.enc', category: LABS, labels: [] };
  const input = recordInput(patient, upload);
  const { id, event } = await register(api, patient, patient, input);
  assert.equal(event.status.type, 'Current');
  assert.ok(event.custodian.isNone);
  assert.equal(event.author.toString(), patient.address);
  assert.equal(event.deposit.toBigInt(), recordDeposit(input));
  assert.equal(await heldBy(api, patient), recordDeposit(input));

  // The patient reads it and keeps their own wrapped key, which needs no grant.
  const key = `0x${randomBytes(92).toString('hex')}`;
  const attached = await submit(api, api.tx.records.attachKey(id, patient.address, key), patient);
  assert.ok(findEvent(attached, 'records', 'KeyAttached').raw.data.grant.isNone);
  const pointer = await readPointer(api, id, patient);
  assert.ok(pointer.isOk);
  assert.ok(pointer.asOk.basis.isPatient);
  assert.equal(pointer.asOk.locator.toUtf8(), input.locator);
  assert.equal(pointer.asOk.wrappedKey.unwrap().toHex(), key);
  assert.ok(pointer.asOk.custodian.isNone);

  // Nobody else can read it or replace it; the patient supersedes it (new version Current).
  assert.equal(await readOutcome(api, id, clinician), 'Consent:NoGrant');
  await expectError(submit(api, api.tx.records.supersede(id, nextVersion(input), 'Treatment'), clinician), 'records', 'NotCustodian');
  const r2 = await submit(api, api.tx.records.supersede(id, nextVersion(input), 'Treatment'), patient);
  const s2 = findEvent(r2, 'records', 'RecordSuperseded').raw.data;
  assert.equal(s2.status.type, 'Current');
  assert.deepEqual((await api.call.recordsApi.history(id)).map((x) => x.toNumber()), [id, s2.new_.toNumber()]);
  // A patient upload has no custodian to ask for erasure.
  await expectError(submit(api, api.tx.records.requestErasure(id), patient), 'records', 'NoCustodian');
});

test('a Label exception denies the records carrying that label, and nothing else', async () => {
  const { api } = ctx;
  const { clinician, patients: [patient] } = await provider(api);
  const [doctor] = await freshAccounts(api, ['doctor']);
  await grant(api, patient, { Account: clinician.address }, terms({ actions: ['Append'] }));
  const { id: psychiatric } = await register(api, clinician, patient, recordInput(patient, { labels: ['N', 'PSY'] }));
  const { id: plain } = await register(api, clinician, patient, recordInput(patient, { labels: ['N'] }));

  const psy = tagHex(codeTag(blindKey(patient), 'label', 'PSY'));
  const id = await grant(api, patient, { Account: doctor.address }, terms({ actions: ['Read'], exceptions: [{ Label: psy }] }));
  assert.equal(await readOutcome(api, psychiatric, doctor), 'Consent:Excepted');
  assert.equal(await readOutcome(api, plain, doctor), 'Ok');
  const check = async (target) => {
    const d = await api.call.consentApi.checkAccess(patient.address, doctor.address, target, 'Treatment', 'Read');
    return d.isDenied ? `Denied:${d.asDenied.type}` : `Permitted:${d.asPermitted.asGrant.toNumber()}`;
  };
  assert.equal(await check({ Record: psychiatric }), 'Denied:Excepted');
  assert.equal(await check({ Record: plain }), `Permitted:${id}`);
  // A category-wide read cannot tell which records carry the label: it is excepted too.
  assert.equal(await check({ Category: categoryTag(patient, NOTE) }), 'Denied:Excepted');
  // The grant shows the tag; the patient's wallet reads the label back.
  const view = (await api.call.consentApi.grantInfo(id)).unwrap();
  assert.equal(view.exceptions[0].asLabel.toHex(), psy);
  assert.equal(matchCode(blindKey(patient), 'label', view.exceptions[0].asLabel), 'PSY');
});

test('a Record exception naming version 1 also denies version 2 after supersede', async () => {
  const { api } = ctx;
  const { clinician, patients: [patient, otherPatient] } = await provider(api, ['patient', 'other-patient']);
  const [doctor] = await freshAccounts(api, ['doctor']);
  await grant(api, patient, { Account: clinician.address }, terms({ actions: ['Append'] }));
  const v1Input = recordInput(patient);
  const { id: v1 } = await register(api, clinician, patient, v1Input);
  const { id: kept } = await register(api, clinician, patient, recordInput(patient));

  const id = await grant(api, patient, { Account: doctor.address }, terms({ actions: ['Read'], exceptions: [{ Record: v1 }] }));
  assert.equal(await readOutcome(api, v1, doctor), 'Consent:Excepted');
  const v2 = await supersede(api, clinician, v1, nextVersion(v1Input));
  assert.equal(await readOutcome(api, v2, doctor), 'Consent:Excepted', 'the new version is under the same exception');
  assert.equal(await readOutcome(api, kept, doctor), 'Ok');

  // A grant naming a later version stores the chain, so it covers every version too.
  const byV2 = await grant(api, patient, { Account: doctor.address }, terms({ actions: ['Read'], purposes: ['Research'], exceptions: [{ Record: v2 }] }));
  assert.equal((await api.call.consentApi.grantInfo(byV2)).unwrap().exceptions[0].asRecord.toNumber(), v1);
  assert.equal((await api.call.consentApi.grantInfo(id)).unwrap().exceptions[0].asRecord.toNumber(), v1);
  assert.equal(await readOutcome(api, v1, doctor, 'Research'), 'Consent:Excepted');
  // A record of another patient cannot be named, nor one that does not exist.
  await grant(api, otherPatient, { Account: clinician.address }, terms({ actions: ['Append'] }));
  const { id: foreign } = await register(api, clinician, otherPatient, recordInput(otherPatient));
  await expectError(grant(api, patient, { Account: doctor.address }, terms({ actions: ['Read'], exceptions: [{ Record: foreign }] })), 'consent', 'RecordNotOfPatient');
  await expectError(grant(api, patient, { Account: doctor.address }, terms({ actions: ['Read'], scope: { Records: [9_999_999] } })), 'consent', 'RecordNotOfPatient');
});

test('an Append grant with a data period admits a record dated inside it and refuses one outside', async () => {
  const { api } = ctx;
  const { clinician, patients: [patient] } = await provider(api);
  const key = blindKey(patient);
  await grant(api, patient, { Account: clinician.address }, terms({ actions: ['Append'], dataPeriod: periodTags(key, '2024-01-01', '2024-12-31').map(tagHex) }));

  for (const date of ['2024-01-01', '2024-06-15', '2024-12-31']) {
    const { event } = await register(api, clinician, patient, recordInput(patient, { date }));
    assert.equal(event.status.type, 'Pending', date);
  }
  const nextBefore = (await api.query.records.nextRecordId()).toNumber();
  for (const date of ['2023-12-31', '2025-01-01', '2025-06-02']) {
    await expectError(register(api, clinician, patient, recordInput(patient, { date })), 'records', 'ConsentDenied');
  }
  assert.equal((await api.query.records.nextRecordId()).toNumber(), nextBefore);
  assert.equal((await api.call.recordsApi.recordsOf(patient.address, null, null, 10)).records.length, 3);
});

test('finding 4: a member without a clinical role changes no record, and only the patient, the grantee or the attacher detaches a key', async () => {
  const { api } = ctx;
  const { admin, clinician, patients: [patient] } = await provider(api);
  await grant(api, patient, { Account: clinician.address }, terms({ actions: ['Append', 'Read'] }));
  await grant(api, patient, { Account: admin.address }, terms({ actions: ['Append', 'Read'] }));
  const input = recordInput(patient);
  const { id } = await register(api, clinician, patient, input);

  // The admin holds no member role: consent or not, it does not change clinical records.
  await expectError(submit(api, api.tx.records.register(patient.address, recordInput(patient), 'Treatment'), admin), 'records', 'NotClinician');
  await expectError(submit(api, api.tx.records.supersede(id, nextVersion(input), 'Treatment'), admin), 'records', 'NotClinician');
  await expectError(submit(api, api.tx.records.markEnteredInError(id), admin), 'records', 'NotClinician');
  const key = `0x${randomBytes(92).toString('hex')}`;
  await expectError(submit(api, api.tx.records.attachKey(id, patient.address, key), admin), 'records', 'NotClinician');

  // The patient's own key: neither the admin nor the clinician may take it away.
  await submit(api, api.tx.records.attachKey(id, patient.address, key), patient);
  await expectError(submit(api, api.tx.records.detachKey(id, patient.address), admin), 'records', 'NotPatientGranteeOrAttacher');
  await expectError(submit(api, api.tx.records.detachKey(id, patient.address), clinician), 'records', 'NotPatientGranteeOrAttacher');
  // The clinician's key, attached by the patient: the grantee gives it up itself.
  await submit(api, api.tx.records.attachKey(id, clinician.address, key), patient);
  await expectError(submit(api, api.tx.records.detachKey(id, clinician.address), admin), 'records', 'NotPatientGranteeOrAttacher');
  const detached = await submit(api, api.tx.records.detachKey(id, clinician.address), clinician);
  assert.equal(findEvent(detached, 'records', 'KeyDetached').raw.data.by.toString(), clinician.address);
  await submit(api, api.tx.records.detachKey(id, patient.address), patient);
  assert.equal((await recordInfo(api, id)).keys_.toNumber(), 0);
});

test('finding 14: a key outlives its grantee\'s membership only until anyone removes it', async () => {
  const { api } = ctx;
  const { org, admin, clinician, patients: [patient] } = await provider(api);
  const [stranger] = await freshAccounts(api, ['stranger']);
  const orgGrant = await grant(api, patient, { Organization: org }, terms({ actions: ['Read'] }));
  const upload = recordInput(patient);
  const { id } = await register(api, patient, patient, upload);
  const key = `0x${randomBytes(92).toString('hex')}`;
  const attached = await submit(api, api.tx.records.attachKey(id, clinician.address, key), patient);
  assert.equal(findEvent(attached, 'records', 'KeyAttached').raw.data.grant.unwrap().toNumber(), orgGrant);
  await submit(api, api.tx.records.attachKey(id, patient.address, key), patient);

  // While the clinician is a member, and for the patient's own key, removal is refused.
  await expectError(submit(api, api.tx.records.removeUnentitledKey(id, clinician.address), stranger), 'records', 'KeyStillEntitled');
  await expectError(submit(api, api.tx.records.removeUnentitledKey(id, patient.address), stranger), 'records', 'KeyStillEntitled');

  await submit(api, api.tx.organizations.removeMember(org, clinician.address), admin);
  const patientHeld = await heldBy(api, patient);
  const removed = await submit(api, api.tx.records.removeUnentitledKey(id, clinician.address), stranger);
  const ev = findEvent(removed, 'records', 'UnentitledKeyRemoved').raw.data;
  assert.equal(ev.record.toNumber(), id);
  assert.equal(ev.grantee.toString(), clinician.address);
  assert.equal(ev.grant.toNumber(), orgGrant);
  assert.equal(ev.by.toString(), stranger.address);
  assert.equal(await heldBy(api, patient), patientHeld - (DEPOSIT_BASE + DEPOSIT_PER_BYTE * 92n), 'the deposit returns to the patient');
  assert.equal((await recordInfo(api, id)).keys_.toNumber(), 1);
  await expectError(submit(api, api.tx.records.removeUnentitledKey(id, clinician.address), stranger), 'records', 'KeyNotFound');
});
