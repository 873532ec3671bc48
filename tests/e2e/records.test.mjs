// Records pallet against a real node: providers register record pointers under the patient's
// consent, patients acknowledge them, versions supersede each other and stay walkable, `verify`
// tells current from superseded hashes, erasure removes the locator and returns the deposit,
// wrapped keys are handed out only while their grant lives, and strangers read nothing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { useNode, freshAccounts, registerOrg, submit, findEvent, expectError, chainNow, advanceTimeTo } from './helpers.mjs';

const ctx = useNode({ name: 'records' });

const MILLI_UNIT = 10n ** 9n;
const DEPOSIT_BASE = 10n * MILLI_UNIT;
const DEPOSIT_PER_BYTE = (10n * MILLI_UNIT) / 1_000n;

const NOTE = '11506-3'; // LOINC progress note
const LABS = '11502-2'; // LOINC laboratory report
const MEDIA = 'application/fhir+json';

// polkadot.js renames fields that collide with codec members (`hash`, `keys`, `size`, `new`)
// with a trailing underscore: `info.hash_`, `info.keys_`, `event.new_`.

const hex32 = () => `0x${randomBytes(32).toString('hex')}`;

/** A `RecordInput` with a fresh hash; fields can be overridden. */
function recordInput({ category = NOTE, hash = hex32(), locator = `ehr://hospital/docs/${randomBytes(8).toString('hex')}`, labels = ['N'] } = {}) {
  return {
    category,
    typeCode: category,
    mediaType: MEDIA,
    size: 2048,
    date: Date.now(),
    hash: { Sha256: hash },
    locator,
    securityLabels: labels,
  };
}

/** The deposit `register`/`supersede` holds for `input` (runtime: 10 mUNIT + 10 µUNIT/byte). */
function recordDeposit(input) {
  const bytes = [input.category, input.typeCode, input.mediaType, input.locator, ...input.securityLabels]
    .reduce((n, s) => n + Buffer.byteLength(s), 0);
  return DEPOSIT_BASE + DEPOSIT_PER_BYTE * BigInt(bytes);
}

/** Grant terms in the shape of the consent pallet's `GrantTerms`. */
function terms({ purposes = ['Treatment'], actions, scope = 'AllRecords', validUntil = null }) {
  return { purposes, actions, scope, dataPeriod: null, validFrom: null, validUntil, openEnded: validUntil === null, exceptions: [] };
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

async function readPointer(api, id, accessor, purpose = 'Treatment') {
  return api.call.recordsApi.readPointer(id, accessor.address, purpose);
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
  await grant(api, patient, { Account: clinician.address }, terms({ actions: ['Append'], scope: { Categories: [NOTE] } }));

  const heldBefore = await heldBy(api, clinician);
  const input = recordInput();
  const { id, event } = await register(api, clinician, patient, input);
  assert.equal(event.patient.toString(), patient.address);
  assert.equal(event.custodian.unwrap().toNumber(), org);
  assert.equal(event.author.toString(), clinician.address);
  assert.equal(event.status.type, 'Pending');
  assert.equal(event.deposit.toBigInt(), recordDeposit(input));
  assert.equal(await heldBy(api, clinician), heldBefore + recordDeposit(input));

  const info = await recordInfo(api, id);
  assert.equal(info.status.type, 'Pending');
  assert.equal(info.custodian.unwrap().toNumber(), org);
  assert.equal(info.hash_.asSha256.toHex(), input.hash.Sha256);
  assert.equal(info.hasLocator.isTrue, true);
  assert.equal(info.version.toNumber(), 1);
  assert.equal(info.deposit.unwrap().payer.toString(), clinician.address);
  assert.equal(info.deposit.unwrap().amount.toBigInt(), recordDeposit(input));

  const page = await api.call.recordsApi.recordsOf(patient.address, NOTE, null, 10);
  assert.deepEqual(page.records.map((r) => r.id.toNumber()), [id]);
  assert.ok(page.next.isNone);
  const labs = await api.call.recordsApi.recordsOf(patient.address, LABS, null, 10);
  assert.equal(labs.records.length, 0);
});

test('registration without Append consent for the category is refused with ConsentDenied', async () => {
  const { api } = ctx;
  const { clinician, patients: [patient] } = await provider(api);
  const [stranger] = await freshAccounts(api, ['stranger']);
  const nextBefore = (await api.query.records.nextRecordId()).toNumber();

  // No grant at all.
  const e = await expectError(register(api, clinician, patient, recordInput()), 'records', 'ConsentDenied');
  assert.match(e.docs, /Append/);
  // A Read-only grant, and an Append grant for another category, do not help either.
  await grant(api, patient, { Account: clinician.address }, terms({ actions: ['Read'] }));
  await grant(api, patient, { Account: clinician.address }, terms({ actions: ['Append'], scope: { Categories: [LABS] } }));
  await expectError(register(api, clinician, patient, recordInput({ category: NOTE })), 'records', 'ConsentDenied');
  // Nor does an Append grant for another purpose.
  await grant(api, patient, { Account: clinician.address }, terms({ purposes: ['Research'], actions: ['Append'] }));
  await expectError(register(api, clinician, patient, recordInput(), 'Treatment'), 'records', 'ConsentDenied');
  // Someone who acts for no provider is refused before consent is asked.
  await expectError(register(api, stranger, patient, recordInput()), 'records', 'NotProvider');

  assert.equal((await api.query.records.nextRecordId()).toNumber(), nextBefore);
  const page = await api.call.recordsApi.recordsOf(patient.address, null, null, 10);
  assert.equal(page.records.length, 0);
  assert.equal(await heldBy(api, clinician), 0n);
});

test('the patient acknowledges a pending record, or disputes one, and only the patient', async () => {
  const { api } = ctx;
  const { clinician, patients: [patient] } = await provider(api);
  await grant(api, patient, { Account: clinician.address }, terms({ actions: ['Append'] }));
  const { id } = await register(api, clinician, patient, recordInput());
  const { id: other } = await register(api, clinician, patient, recordInput({ category: LABS }));

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
  assert.equal(disputed.disputeReason.unwrap().asSha256.toHex(), statement);
  const pointer = await readPointer(api, other, patient);
  assert.ok(pointer.isOk);
  assert.equal(pointer.asOk.status.type, 'Disputed');
});

test('supersede makes a new pending version, the old one Superseded, and the history walkable', async () => {
  const { api } = ctx;
  const { org, clinician, patients: [patient] } = await provider(api);
  await grant(api, patient, { Account: clinician.address }, terms({ actions: ['Append'] }));
  const v1Input = recordInput();
  const { id: v1 } = await register(api, clinician, patient, v1Input);
  await submit(api, api.tx.records.acknowledge(v1), patient);

  const v2Input = recordInput();
  const r2 = await submit(api, api.tx.records.supersede(v1, v2Input, 'Treatment'), clinician);
  const s2 = findEvent(r2, 'records', 'RecordSuperseded').raw.data;
  const v2 = s2.new_.toNumber();
  assert.equal(s2.old.toNumber(), v1);
  assert.equal(s2.version.toNumber(), 2);
  assert.equal(s2.status.type, 'Pending');
  assert.equal(s2.custodian.unwrap().toNumber(), org);
  assert.equal(s2.deposit.toBigInt(), recordDeposit(v2Input));

  // Only the latest version can be superseded.
  await expectError(submit(api, api.tx.records.supersede(v1, recordInput(), 'Treatment'), clinician), 'records', 'NotSupersedable');
  // The patient does not replace a provider's record (they dispute it).
  await expectError(submit(api, api.tx.records.supersede(v2, recordInput(), 'Treatment'), patient), 'records', 'NotCustodian');

  const r3 = await submit(api, api.tx.records.supersede(v2, recordInput(), 'Treatment'), clinician);
  const v3 = findEvent(r3, 'records', 'RecordSuperseded').raw.data.new_.toNumber();

  const old = await recordInfo(api, v1);
  assert.equal(old.status.type, 'Superseded');
  assert.equal(old.replacedBy.unwrap().toNumber(), v2);
  assert.equal(old.hasLocator.isTrue, true, 'an old version keeps its locator');
  const latest = await recordInfo(api, v3);
  assert.equal(latest.version.toNumber(), 3);
  assert.equal(latest.replaces.unwrap().toNumber(), v2);
  assert.ok(latest.replacedBy.isNone);
  assert.equal(latest.status.type, 'Pending');

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

test('verify tells the current hash from a superseded one, an unknown one and an unknown record', async () => {
  const { api } = ctx;
  const { clinician, patients: [patient] } = await provider(api);
  await grant(api, patient, { Account: clinician.address }, terms({ actions: ['Append'] }));
  const h1 = hex32();
  const h2 = hex32();
  const { id: v1 } = await register(api, clinician, patient, recordInput({ hash: h1 }));
  const r2 = await submit(api, api.tx.records.supersede(v1, recordInput({ hash: h2 }), 'Treatment'), clinician);
  const v2 = findEvent(r2, 'records', 'RecordSuperseded').raw.data.new_.toNumber();
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

test('the patient erases a record: locator and keys gone, hash kept, deposits returned', async () => {
  const { api } = ctx;
  const { clinician, patients: [patient] } = await provider(api);
  await grant(api, patient, { Account: clinician.address }, terms({ actions: ['Append', 'Read'] }));
  const input = recordInput();
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

  const info = await recordInfo(api, id);
  assert.equal(info.erased.isTrue, true);
  assert.equal(info.hasLocator.isTrue, false);
  assert.ok(info.deposit.isNone);
  assert.equal(info.keys_.toNumber(), 0);
  assert.equal(info.hash_.asSha256.toHex(), input.hash.Sha256, 'the hash commitment stays');

  // No query hands out the locator any more, not even to the patient.
  for (const reader of [patient, clinician]) {
    const denied = await readPointer(api, id, reader);
    assert.ok(denied.isErr);
    assert.equal(denied.asErr.type, 'Erased');
  }
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
  const input = recordInput();
  const { id } = await register(api, clinician, patient, input);

  await expectError(submit(api, api.tx.records.erase(id), admin), 'records', 'ErasureNotRequested');
  const req = await submit(api, api.tx.records.requestErasure(id), patient);
  assert.ok(findEvent(req, 'records', 'ErasureRequested'));
  const clinicianFree = await freeOf(api, clinician);
  const result = await submit(api, api.tx.records.erase(id), admin);
  const event = findEvent(result, 'records', 'RecordErased').raw.data;
  assert.equal(event.by.toString(), admin.address);
  assert.equal(event.depositReleased.toBigInt(), recordDeposit(input));
  assert.equal(await freeOf(api, clinician), clinicianFree + recordDeposit(input));
  assert.equal((await readPointer(api, id, patient)).asErr.type, 'Erased');
});

test('a wrapped key is handed to its grantee while the grant lives and removed when it is revoked', async () => {
  const { api } = ctx;
  const { org, clinician, patients: [patient] } = await provider(api);
  // The hospital may read for treatment (organization grant, no key); the clinician personally
  // may append and read (account grant, which the key will hang on).
  await grant(api, patient, { Organization: org }, terms({ actions: ['Read'] }));
  const personal = await grant(api, patient, { Account: clinician.address }, terms({ actions: ['Append', 'Read'] }));
  const { id } = await register(api, clinician, patient, recordInput());

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
  const { id } = await register(api, clinician, patient, recordInput());
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
  assert.ok((await api.query.records.keysByGrant(shortLived)).isNone, 'the grant\'s key index is gone');
  assert.ok((await api.query.records.wrappedKeys(id, clinician.address)).isNone);
  assert.ok((await api.query.consent.grants(shortLived)).isNone);
});

test('readPointer is refused to a stranger, and keys cannot be attached for or by one', async () => {
  const { api } = ctx;
  const { clinician, patients: [patient] } = await provider(api);
  const [stranger] = await freshAccounts(api, ['stranger']);
  await grant(api, patient, { Account: clinician.address }, terms({ actions: ['Append', 'Read'] }));
  const { id } = await register(api, clinician, patient, recordInput());

  for (const purpose of ['Treatment', 'EmergencyTreatment', 'Research']) {
    const denied = await readPointer(api, id, stranger, purpose);
    assert.ok(denied.isErr, purpose);
    assert.ok(denied.asErr.isConsent, purpose);
    assert.equal(denied.asErr.asConsent.type, 'NoGrant', purpose);
  }
  // The clinician's grant is for treatment only.
  const wrongPurpose = await readPointer(api, id, clinician, 'Research');
  assert.equal(wrongPurpose.asErr.asConsent.type, 'PurposeNotAllowed');
  assert.equal((await readPointer(api, 9_999_999, stranger)).asErr.type, 'UnknownRecord');

  const key = `0x${randomBytes(92).toString('hex')}`;
  await expectError(submit(api, api.tx.records.attachKey(id, stranger.address, key), patient), 'records', 'NoReadGrant');
  await expectError(submit(api, api.tx.records.attachKey(id, stranger.address, key), stranger), 'records', 'NotPatientOrCustodian');
  await expectError(submit(api, api.tx.records.erase(id), stranger), 'records', 'NotCustodianAdmin');
});

test('the patient registers their own upload: Current, no custodian, no consent needed', async () => {
  const { api } = ctx;
  const { clinician, patients: [patient] } = await provider(api);
  const input = recordInput({ locator: 'file:///home/patient/vault/labs-2026.enc', category: LABS, labels: [] });
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
  assert.equal((await readPointer(api, id, clinician)).asErr.asConsent.type, 'NoGrant');
  await expectError(submit(api, api.tx.records.supersede(id, recordInput({ category: LABS }), 'Treatment'), clinician), 'records', 'NotCustodian');
  const r2 = await submit(api, api.tx.records.supersede(id, recordInput({ category: LABS }), 'Treatment'), patient);
  const s2 = findEvent(r2, 'records', 'RecordSuperseded').raw.data;
  assert.equal(s2.status.type, 'Current');
  assert.deepEqual((await api.call.recordsApi.history(id)).map((x) => x.toNumber()), [id, s2.new_.toNumber()]);
  // A patient upload has no custodian to ask for erasure.
  await expectError(submit(api, api.tx.records.requestErasure(id), patient), 'records', 'NoCustodian');
});
