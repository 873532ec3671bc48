// Consent on a real node: grants decided by `ConsentApi.check_access`, revocation and expiry,
// guardians, organization grants, break the glass with its two reviews, the access log, the
// exceptions and data periods a wallet writes as tags under the patient's blind key, and deny
// provisions that refuse a named actor over every grant.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codeTag, tagHex, periodTags, matchCode } from '../../scripts/lib/blind.mjs';
import {
  useNode, freshAccounts, sudo, registerOrg, chainNow, advanceTimeTo, steadyClock, expectError, submit, findEvent, blindKey, decision,
} from './helpers.mjs';

const ctx = useNode({ name: 'consent' });
// Every test is bounded: a transaction that is never included fails the test, not the run.
const BOUNDED = { timeout: 120_000 };

const SLOT_MS = 6_000n;
const HOUR_MS = 3_600_000n;
const DAY_MS = 24n * HOUR_MS;
// LOINC document codes: a summary note and a laboratory report.
const SUMMARY = '11506-3';
const LAB = '11502-2';
const hash = (byte) => `0x${byte.repeat(32)}`;

/** The access target "records of category `code`" of `patient`: the code's tag under their key. */
const categoryOf = (patient, code) => ({ Category: tagHex(codeTag(blindKey(patient), 'category', code)) });


/** The decision of `ConsentApi.check_access` at the best block, or at block `at`. */
async function check(api, patient, accessor, { category = SUMMARY, purpose = 'Treatment', action = 'Read', at } = {}) {
  const target = at ? await api.at(at) : api;
  const answer = await target.call.consentApi.checkAccess(patient.address, accessor.address, categoryOf(patient, category), purpose, action);
  return decision(answer);
}

/** Grant terms: read for treatment, all records, for a day from now unless `over` says else. */
async function terms(api, over = {}) {
  return {
    purposes: ['Treatment'],
    actions: ['Read'],
    scope: 'AllRecords',
    dataPeriod: null,
    validFrom: null,
    validUntil: (await chainNow(api)) + DAY_MS,
    openEnded: false,
    exceptions: [],
    ...over,
  };
}

/** Submits a grant signed by `grantor`; returns its id, deposit and the submit result. */
async function grant(api, grantor, grantee, over = {}, onBehalfOf = null) {
  const result = await submit(api, api.tx.consent.grant(onBehalfOf, grantee, await terms(api, over)), grantor);
  const ev = findEvent(result, 'consent', 'GrantCreated').raw.data;
  return { id: ev.id.toNumber(), deposit: ev.grant.deposit.toBigInt(), grant: ev.grant, result };
}

async function reserved(api, who) {
  return (await api.query.system.account(who.address)).data.reserved.toBigInt();
}

async function counters(api, patient) {
  const tally = await api.call.consentApi.accessCounters(patient.address);
  return { permitted: tally.permitted.toNumber(), denied: tally.denied.toNumber(), emergency: tally.emergency.toNumber() };
}

test('a grant permits at once; its revocation denies from the block that includes it', BOUNDED, async () => {
  const { api } = ctx;
  const [patient, doctor] = await freshAccounts(api, ['patient', 'doctor']);
  assert.equal(await check(api, patient, doctor), 'Denied:NoGrant');

  const { id, deposit, result: granted } = await grant(api, patient, { Account: doctor.address });
  assert.ok(deposit > 0n);
  assert.equal(await reserved(api, patient), deposit);
  assert.equal(await check(api, patient, doctor), `Permitted:Grant(${id})`);
  // Only what was granted: another purpose or action is refused with the precise reason.
  assert.equal(await check(api, patient, doctor, { purpose: 'Research' }), 'Denied:PurposeNotAllowed');
  assert.equal(await check(api, patient, doctor, { action: 'Append' }), 'Denied:ActionNotAllowed');
  // The patient, the grantee and an auditor can all read the grant.
  const view = (await api.call.consentApi.grantInfo(id)).unwrap();
  assert.equal(view.grantor.toString(), patient.address);
  assert.equal(view.grantee.asAccount.toString(), doctor.address);
  assert.deepEqual((await api.call.consentApi.grantsOf(patient.address, null, 10)).map(([g]) => g.toNumber()), [id]);
  assert.deepEqual((await api.call.consentApi.grantsTo({ Account: doctor.address }, null, 10)).map(([g]) => g.toNumber()), [id]);

  await expectError(submit(api, api.tx.consent.revoke(id), doctor), 'consent', 'NotPatientOrGuardian');
  const revoked = await submit(api, api.tx.consent.revoke(id), patient);
  const ev = findEvent(revoked, 'consent', 'GrantRevoked').raw.data;
  assert.equal(ev.revokedBy.toString(), patient.address);
  assert.equal(ev.depositReleased.toBigInt(), deposit);
  assert.equal(await reserved(api, patient), 0n);

  // Permitted in the state before the revoking block, denied in that block and after it.
  const before = (await api.rpc.chain.getHeader(revoked.blockHash)).parentHash.toHex();
  assert.ok((await api.rpc.chain.getHeader(before)).number.toNumber() >= granted.blockNumber);
  assert.equal(await check(api, patient, doctor, { at: before }), `Permitted:Grant(${id})`);
  assert.equal(await check(api, patient, doctor, { at: revoked.blockHash }), 'Denied:NoGrant');
  const next = await submit(api, api.tx.system.remark('0x00'), patient);
  assert.equal(next.blockNumber, revoked.blockNumber + 1);
  assert.equal(await check(api, patient, doctor, { at: next.blockHash }), 'Denied:NoGrant');
  assert.ok((await api.call.consentApi.grantInfo(id)).isNone);
  await expectError(submit(api, api.tx.consent.revoke(id), patient), 'consent', 'UnknownGrant');
});

test('a grant is usable only inside its validity window; at its end it is denied and its deposit returned', BOUNDED, async () => {
  const { api } = ctx;
  const [patient, doctor, nurse] = await freshAccounts(api, ['patient', 'doctor', 'nurse']);
  // From here every block is exactly one slot later than its parent, so the blocks around the
  // expiry are predictable.
  await steadyClock(api);
  const now = await chainNow(api);
  const validFrom = now + 3n * SLOT_MS;
  // A slot boundary: the first block at or after it is the first with the grant expired.
  const validUntil = ((now + 10n * SLOT_MS) / SLOT_MS + 1n) * SLOT_MS;

  // Grant A (to the doctor) starts later; grant B (to the nurse) ends at the same time and is
  // left for the chain to clean up.
  const a = await grant(api, patient, { Account: doctor.address }, { validFrom, validUntil });
  assert.equal(a.grant.validity.until.unwrap().toBigInt(), validUntil);
  assert.ok((await chainNow(api)) < validFrom);
  assert.equal(await check(api, patient, doctor), 'Denied:NotValidNow');
  const b = await grant(api, patient, { Account: nurse.address }, { validUntil });
  assert.equal(await reserved(api, patient), a.deposit + b.deposit);

  await advanceTimeTo(api, validFrom);
  assert.equal(await check(api, patient, doctor), `Permitted:Grant(${a.id})`);
  await expectError(submit(api, api.tx.consent.removeExpired(a.id), nurse), 'consent', 'NotExpired');

  // The last block before the end: still permitted.
  await advanceTimeTo(api, validUntil - SLOT_MS);
  assert.ok((await chainNow(api)) < validUntil, 'advanced past the end in one block');
  assert.equal(await check(api, patient, doctor), `Permitted:Grant(${a.id})`);
  assert.equal(await check(api, patient, nurse), `Permitted:Grant(${b.id})`);

  // The first block at the end: the doctor's logged read is denied as NotValidNow, and anyone
  // (here the doctor) removes the expired grant A, which returns its deposit to the patient.
  const tx = api.tx.utility.batchAll([
    api.tx.consent.logAccess(patient.address, categoryOf(patient, SUMMARY), 'Treatment', 'Read'),
    api.tx.consent.removeExpired(a.id),
  ]);
  const result = await submit(api, tx, doctor);
  assert.ok((await api.query.timestamp.now.at(result.blockHash)).toBigInt() >= validUntil);
  assert.equal(decision(findEvent(result, 'consent', 'AccessLogged').raw.data.decision), 'Denied:NotValidNow');
  const expired = findEvent(result, 'consent', 'GrantExpired').raw.data;
  assert.equal(expired.id.toNumber(), a.id);
  assert.equal(expired.depositReleased.toBigInt(), a.deposit);

  // Nobody removed grant B: the chain did, at the end of the same block, deposit returned.
  const blockEvents = await api.query.system.events.at(result.blockHash);
  const idle = blockEvents.find(({ event, phase }) => phase.isFinalization && api.events.consent.GrantExpired.is(event) && event.data.id.toNumber() === b.id);
  assert.ok(idle, 'GrantExpired for B at the end of the block');
  assert.equal(idle.event.data.depositReleased.toBigInt(), b.deposit);
  assert.equal(await reserved(api, patient), 0n);
  assert.equal(await check(api, patient, doctor), 'Denied:NoGrant');
  assert.equal(await check(api, patient, nurse), 'Denied:NoGrant');
  assert.equal((await api.call.consentApi.grantsOf(patient.address, null, 10)).length, 0);
});

test('a guardian grants and revokes for the patient, and cannot once removed', BOUNDED, async () => {
  const { api } = ctx;
  const [patient, guardian, doctor, stranger] = await freshAccounts(api, ['patient', 'guardian', 'doctor', 'stranger']);

  const appointed = await submit(api, api.tx.consent.appointGuardian(guardian.address), patient);
  const deposit = findEvent(appointed, 'consent', 'GuardianAppointed').raw.data.deposit.toBigInt();
  assert.equal(deposit, api.consts.consent.guardianDeposit.toBigInt());
  assert.equal(await reserved(api, patient), deposit);
  assert.deepEqual((await api.call.consentApi.guardiansOf(patient.address)).map(String), [guardian.address]);
  assert.equal(await check(api, patient, guardian), 'Permitted:Guardian');

  // The guardian grants in the patient's name and pays the deposit.
  const g = await grant(api, guardian, { Account: doctor.address }, {}, patient.address);
  assert.equal(g.grant.patient.toString(), patient.address);
  assert.equal(g.grant.grantor.toString(), guardian.address);
  assert.equal(await reserved(api, guardian), g.deposit);
  assert.equal(await check(api, patient, doctor), `Permitted:Grant(${g.id})`);
  await expectError(grant(api, stranger, { Account: doctor.address }, {}, patient.address), 'consent', 'NotPatientOrGuardian');

  const revoked = await submit(api, api.tx.consent.revoke(g.id), guardian);
  assert.equal(findEvent(revoked, 'consent', 'GrantRevoked').raw.data.revokedBy.toString(), guardian.address);
  assert.equal(await reserved(api, guardian), 0n);
  assert.equal(await check(api, patient, doctor), 'Denied:NoGrant');

  // A grant the guardian makes to itself ends with its guardianship (finding 3), and the
  // deposit goes back to the guardian who paid it.
  const own = await grant(api, guardian, { Account: guardian.address }, {}, patient.address);
  assert.equal(await check(api, patient, guardian), 'Permitted:Guardian');

  // The patient can always remove a guardian, who then acts for the patient no more.
  const removed = await submit(api, api.tx.consent.removeGuardian(guardian.address), patient);
  assert.equal(findEvent(removed, 'consent', 'GuardianRemoved').raw.data.depositReleased.toBigInt(), deposit);
  const settled = findEvent(removed, 'consent', 'GrantRevoked').raw.data;
  assert.equal(settled.id.toNumber(), own.id);
  assert.equal(settled.revokedBy.toString(), patient.address);
  assert.equal(settled.depositReleased.toBigInt(), own.deposit);
  assert.equal(await reserved(api, guardian), 0n);
  assert.equal(await reserved(api, patient), 0n);
  assert.equal((await api.call.consentApi.guardiansOf(patient.address)).length, 0);
  assert.equal(await check(api, patient, guardian), 'Denied:NoGrant');
  await expectError(grant(api, guardian, { Account: doctor.address }, {}, patient.address), 'consent', 'NotPatientOrGuardian');
});

test('an organization grant serves members with a fitting role, and none while the organization is suspended', BOUNDED, async () => {
  const { api } = ctx;
  const [admin, clinician, clerk, outsider, patient] = await freshAccounts(api, ['admin', 'clinician', 'clerk', 'outsider', 'patient']);
  const org = await registerOrg(api, admin, ['Provider'], [[clinician, ['Clinician']], [clerk, ['Staff']]]);
  const { id } = await grant(api, patient, { Organization: org });
  assert.deepEqual((await api.call.consentApi.grantsTo({ Organization: org }, null, 10)).map(([g]) => g.toNumber()), [id]);

  assert.equal(await check(api, patient, clinician), `Permitted:Grant(${id})`);
  // Treatment needs a clinical role; the clerk is staff.
  assert.equal(await check(api, patient, clerk), 'Denied:OrganizationNotEntitled');
  assert.equal(await check(api, patient, outsider), 'Denied:NoGrant');

  // An account grant to the clinician personally (finding 17 below).
  const personal = await grant(api, patient, { Account: clinician.address });

  await sudo(api, api.tx.organizations.suspend(org));
  assert.equal(await check(api, patient, clinician), 'Denied:OrganizationNotEntitled');
  // A suspended organization can be given no grant (finding 12), and its people's account
  // grants serve no more while it is suspended (finding 17).
  await expectError(grant(api, patient, { Organization: org }), 'consent', 'GranteeOrganizationSuspended');
  assert.equal((await api.query.consent.grants(personal.id)).isSome, true);
  const logged = await submit(api, api.tx.consent.logAccess(patient.address, categoryOf(patient, SUMMARY), 'Treatment', 'Read'), clinician);
  assert.equal(decision(findEvent(logged, 'consent', 'AccessLogged').raw.data.decision), 'Denied:OrganizationNotEntitled');

  await sudo(api, api.tx.organizations.reinstate(org));
  assert.equal(await check(api, patient, clinician), `Permitted:Grant(${personal.id})`);
});

test('break the glass: an emergency clinician opens, reads, closes; the patient and an auditor review once each', BOUNDED, async () => {
  const { api } = ctx;
  const [admin, emergency, clinician, patient, stranger, agency, auditor] = await freshAccounts(api, ['admin', 'emergency', 'clinician', 'patient', 'stranger', 'agency', 'auditor']);
  await registerOrg(api, admin, ['Provider'], [[emergency, ['EmergencyClinician']], [clinician, ['Clinician']]]);
  // A regulator whose admin holds no member role, and its auditor.
  await registerOrg(api, agency, ['Regulator'], [[auditor, ['Auditor']]]);
  const justification = hash('5a');
  const emergencyRead = { purpose: 'EmergencyTreatment', action: 'Read' };

  await expectError(
    submit(api, api.tx.consent.openEmergencyAccess(patient.address, justification, HOUR_MS), clinician),
    'consent', 'NotEmergencyClinician',
  );
  await expectError(
    submit(api, api.tx.consent.openEmergencyAccess(patient.address, justification, api.consts.consent.maxEmergencyDuration.toBigInt() + 1n), emergency),
    'consent', 'EmergencyTooLong',
  );
  assert.equal(await check(api, patient, emergency, emergencyRead), 'Denied:NoGrant');

  // The patient's wallet watches the chain's events for its account.
  const seen = [];
  const unsubscribe = await api.query.system.events((events) => {
    for (const { event } of events) {
      if (api.events.consent.EmergencyAccessOpened.is(event) && event.data.patient.toString() === patient.address) seen.push(event);
    }
  });
  let id;
  // The deposit is held from the hospital's admin, not the clinician (finding 9).
  const deposit = api.consts.consent.emergencyDeposit.toBigInt();
  const adminReserved = await reserved(api, admin);
  try {
    const opened = await submit(api, api.tx.consent.openEmergencyAccess(patient.address, justification, HOUR_MS), emergency);
    const ev = findEvent(opened, 'consent', 'EmergencyAccessOpened').raw.data;
    id = ev.id.toNumber();
    assert.equal(ev.clinician.toString(), emergency.address);
    assert.equal(ev.justification.toHex(), justification);
    assert.equal(ev.depositor.toString(), admin.address);
    assert.equal(ev.deposit.toBigInt(), deposit);
    assert.equal(await reserved(api, admin), adminReserved + deposit);
    assert.equal(await reserved(api, emergency), 0n);
    for (let i = 0; i < 50 && seen.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(seen.length, 1, 'the wallet saw the opening');
    assert.equal(seen[0].data.id.toNumber(), id);
  } finally {
    unsubscribe();
  }

  // Read-only, for emergency treatment only.
  assert.equal(await check(api, patient, emergency, emergencyRead), `Permitted:Emergency(${id})`);
  assert.equal(await check(api, patient, emergency, { purpose: 'EmergencyTreatment', action: 'Append' }), 'Denied:NoGrant');
  assert.equal(await check(api, patient, emergency, { purpose: 'Treatment' }), 'Denied:NoGrant');
  const read = await submit(api, api.tx.consent.logAccess(patient.address, categoryOf(patient, SUMMARY), 'EmergencyTreatment', 'Read'), emergency);
  assert.equal(decision(findEvent(read, 'consent', 'AccessLogged').raw.data.decision), `Permitted:Emergency(${id})`);
  assert.deepEqual(await counters(api, patient), { permitted: 1, denied: 0, emergency: 1 });
  await expectError(
    submit(api, api.tx.consent.openEmergencyAccess(patient.address, justification, HOUR_MS), emergency),
    'consent', 'EmergencyAlreadyOpen',
  );

  await expectError(submit(api, api.tx.consent.reviewEmergencyAccess(id, 'Justified', hash('77')), patient), 'consent', 'EmergencyStillOpen');
  await expectError(submit(api, api.tx.consent.closeEmergencyAccess(id), patient), 'consent', 'NotEmergencyOpener');
  const closed = await submit(api, api.tx.consent.closeEmergencyAccess(id), emergency);
  assert.equal(findEvent(closed, 'consent', 'EmergencyAccessClosed').raw.data.id.toNumber(), id);
  assert.equal(await check(api, patient, emergency, emergencyRead), 'Denied:NoGrant');

  await expectError(submit(api, api.tx.consent.reviewEmergencyAccess(id, 'Unjustified', hash('66')), stranger), 'consent', 'NotReviewer');
  const reviewed = await submit(api, api.tx.consent.reviewEmergencyAccess(id, 'Justified', hash('77')), patient);
  const review = findEvent(reviewed, 'consent', 'EmergencyAccessReviewed').raw.data;
  assert.equal(review.reviewer.toString(), patient.address);
  assert.equal(review.class.type, 'Patient');
  assert.equal(review.verdict.type, 'Justified');
  // The first review gives the deposit back to the admin.
  assert.equal(review.depositReleased.toBigInt(), deposit);
  assert.equal(await reserved(api, admin), adminReserved);
  await expectError(submit(api, api.tx.consent.reviewEmergencyAccess(id, 'Unjustified', hash('78')), patient), 'consent', 'AlreadyReviewed');

  // The patient's review does not silence the oversight side (finding 13), which takes an
  // auditor: the regulator's admin without the role is refused.
  await expectError(submit(api, api.tx.consent.reviewEmergencyAccess(id, 'Unjustified', hash('79')), agency), 'consent', 'NotAuditor');
  const overseen = await submit(api, api.tx.consent.reviewEmergencyAccess(id, 'Unjustified', hash('79')), auditor);
  const oversight = findEvent(overseen, 'consent', 'EmergencyAccessReviewed').raw.data;
  assert.equal(oversight.reviewer.toString(), auditor.address);
  assert.equal(oversight.class.type, 'Oversight');
  assert.equal(oversight.depositReleased.toBigInt(), 0n);
  await expectError(submit(api, api.tx.consent.reviewEmergencyAccess(id, 'Justified', hash('7a')), auditor), 'consent', 'AlreadyReviewed');

  // The audit record keeps the whole story.
  const access = (await api.call.consentApi.emergencyAccess(id)).unwrap();
  assert.ok(access.closedAt.isSome);
  assert.equal(access.patientReview.unwrap().verdict.type, 'Justified');
  assert.equal(access.patientReview.unwrap().note.toHex(), hash('77'));
  assert.equal(access.oversightReview.unwrap().verdict.type, 'Unjustified');
  assert.equal(access.oversightReview.unwrap().reviewer.toString(), auditor.address);
  assert.deepEqual((await api.call.consentApi.emergencyAccessesOf(patient.address, null, 10)).map(([e]) => e.toNumber()), [id]);
});

test('a denied attempt is logged: the call succeeds, the counters and the event show it', BOUNDED, async () => {
  const { api } = ctx;
  const [patient, doctor, snooper] = await freshAccounts(api, ['patient', 'doctor', 'snooper']);
  assert.deepEqual(await counters(api, patient), { permitted: 0, denied: 0, emergency: 0 });
  // Only an accountable accessor logs (finding 6): a stranger to the patient and to every
  // organization is refused, and leaves no counter behind.
  await expectError(
    submit(api, api.tx.consent.logAccess(patient.address, categoryOf(patient, LAB), 'Research', 'Read'), snooper),
    'consent', 'NotAccountableAccessor',
  );
  assert.equal((await api.query.consent.accessCounters.size(patient.address)).toNumber(), 0);

  // The doctor holds the patient's treatment grant, and tries a research read.
  await grant(api, patient, { Account: doctor.address });
  const result = await submit(api, api.tx.consent.logAccess(patient.address, categoryOf(patient, LAB), 'Research', 'Read'), doctor);
  assert.ok(findEvent(result, 'system', 'ExtrinsicSuccess'));
  const ev = findEvent(result, 'consent', 'AccessLogged').raw.data;
  assert.equal(ev.patient.toString(), patient.address);
  assert.equal(ev.accessor.toString(), doctor.address);
  // The event names the category by its tag; the patient's wallet reads the code back.
  assert.equal(ev.target.asCategory.toHex(), categoryOf(patient, LAB).Category);
  assert.equal(matchCode(blindKey(patient), 'category', ev.target.asCategory), LAB);
  assert.equal(ev.purpose.type, 'Research');
  assert.equal(decision(ev.decision), 'Denied:PurposeNotAllowed');

  // The patient's own access is permitted and counted apart.
  await submit(api, api.tx.consent.logAccess(patient.address, categoryOf(patient, LAB), 'Treatment', 'Read'), patient);
  assert.deepEqual(await counters(api, patient), { permitted: 1, denied: 1, emergency: 0 });
  const stored = await api.query.consent.accessCounters(patient.address);
  assert.equal(stored.denied.toNumber(), 1);
  assert.equal(stored.permitted.toNumber(), 1);
});

test('an exception denies one category inside an all-records grant', BOUNDED, async () => {
  const { api } = ctx;
  const [patient, doctor] = await freshAccounts(api, ['patient', 'doctor']);
  const { id } = await grant(api, patient, { Account: doctor.address }, { exceptions: [categoryOf(patient, LAB)] });
  assert.equal(await check(api, patient, doctor, { category: SUMMARY }), `Permitted:Grant(${id})`);
  assert.equal(await check(api, patient, doctor, { category: LAB }), 'Denied:Excepted');
  const view = (await api.call.consentApi.grantInfo(id)).unwrap();
  assert.equal(view.exceptions[0].asCategory.toHex(), categoryOf(patient, LAB).Category);
  assert.equal(matchCode(blindKey(patient), 'category', view.exceptions[0].asCategory), LAB);
});

test('a category scope, a data period and label or period exceptions are tags; category-wide reads they cannot decide are refused', BOUNDED, async () => {
  const { api } = ctx;
  const [patient, doctor, nurse, clerk] = await freshAccounts(api, ['patient', 'doctor', 'nurse', 'clerk']);
  const key = blindKey(patient);
  const period = periodTags(key, '2024-01-01', '2024-12-31').map(tagHex);

  // Scoped by category tag: that category only.
  const scoped = await grant(api, patient, { Account: doctor.address }, { scope: { Categories: [categoryOf(patient, SUMMARY).Category] } });
  assert.equal(await check(api, patient, doctor, { category: SUMMARY }), `Permitted:Grant(${scoped.id})`);
  assert.equal(await check(api, patient, doctor, { category: LAB }), 'Denied:OutOfScope');
  // The same code under another patient's key is another tag.
  const [stranger] = await freshAccounts(api, ['stranger']);
  assert.notEqual(categoryOf(stranger, SUMMARY).Category, categoryOf(patient, SUMMARY).Category);
  const view = (await api.call.consentApi.grantInfo(scoped.id)).unwrap();
  assert.equal(matchCode(key, 'category', view.scope.asCategories[0]), SUMMARY);

  // A data period: a category names no date, so the grant cannot cover it.
  const dated = await grant(api, patient, { Account: nurse.address }, { dataPeriod: period });
  assert.equal(await check(api, patient, nurse), 'Denied:OutsideDataPeriod');
  assert.deepEqual((await api.call.consentApi.grantInfo(dated.id)).unwrap().dataPeriod.unwrap().map((t) => t.toHex()), period);
  // A label or data-period exception may hit any record of a category: a read is excepted.
  const psy = tagHex(codeTag(key, 'label', 'PSY'));
  const labelled = await grant(api, patient, { Account: clerk.address }, { exceptions: [{ Label: psy }], actions: ['Read', 'Append'] });
  assert.equal(await check(api, patient, clerk), 'Denied:Excepted');
  assert.equal(await check(api, patient, clerk, { action: 'Append' }), `Permitted:Grant(${labelled.id})`);
  const [auditor] = await freshAccounts(api, ['auditor']);
  await grant(api, patient, { Account: auditor.address }, { exceptions: [{ DataPeriod: period }] });
  assert.equal(await check(api, patient, auditor), 'Denied:Excepted');

  // A period must cover at least one day.
  await expectError(grant(api, patient, { Account: doctor.address }, { dataPeriod: [] }), 'consent', 'InvalidDataPeriod');
  await expectError(grant(api, patient, { Account: doctor.address }, { exceptions: [{ DataPeriod: [] }] }), 'consent', 'InvalidDataPeriod');
});

test('a deny provision refuses one clinician of a trusted organization, over every grant and its emergency access, until revoked', BOUNDED, async () => {
  const { api } = ctx;
  const [admin, clinician, colleague, patient, stranger] = await freshAccounts(api, ['admin', 'clinician', 'colleague', 'patient', 'stranger']);
  const roles = ['Clinician', 'EmergencyClinician'];
  const org = await registerOrg(api, admin, ['Provider'], [[clinician, roles], [colleague, roles]]);
  const hospital = await grant(api, patient, { Organization: org });
  assert.equal(await check(api, patient, clinician), `Permitted:Grant(${hospital.id})`);

  // Empty terms refuse everything: every purpose, action and record, whatever the labels.
  const everything = { purposes: [], actions: [], scope: 'AllRecords', labels: [] };
  await expectError(submit(api, api.tx.consent.deny(null, { Account: patient.address }, everything), patient), 'consent', 'DenyAgainstPatient');
  await expectError(submit(api, api.tx.consent.deny(patient.address, { Account: clinician.address }, everything), stranger), 'consent', 'NotPatientOrGuardian');
  const recorded = await submit(api, api.tx.consent.deny(null, { Account: clinician.address }, everything), patient);
  const ev = findEvent(recorded, 'consent', 'DenyRecorded').raw.data;
  const denyId = ev.id.toNumber();
  const deposit = ev.deny.deposit.toBigInt();
  assert.ok(deposit > 0n);
  assert.equal(await reserved(api, patient), hospital.deposit + deposit);

  // The clinician is refused, its colleague is not, and a grant to the clinician personally
  // does not help: deny overrides permit.
  const refused = async (accessor, over = {}) => {
    const answer = await api.call.consentApi.checkAccess(patient.address, accessor.address, categoryOf(patient, over.category ?? SUMMARY), over.purpose ?? 'Treatment', over.action ?? 'Read');
    return answer.isDenied && answer.asDenied.isDenyProvision ? answer.asDenied.asDenyProvision.toNumber() : decision(answer);
  };
  assert.equal(await refused(clinician), denyId);
  assert.equal(await check(api, patient, colleague), `Permitted:Grant(${hospital.id})`);
  const personal = await grant(api, patient, { Account: clinician.address }, { actions: ['Read', 'Append'] });
  assert.equal(await refused(clinician), denyId);
  assert.equal(await refused(clinician, { action: 'Append' }), denyId);

  // The deny is public and names its actor in the clear; the runtime API lists it.
  assert.deepEqual((await api.call.consentApi.deniesOf(patient.address)).map(([d]) => d.toNumber()), [denyId]);
  const view = (await api.call.consentApi.denyInfo(denyId)).unwrap();
  assert.equal(view.actor.asAccount.toString(), clinician.address);
  assert.equal(view.recordedBy.toString(), patient.address);
  assert.equal(view.deposit.toBigInt(), deposit);

  // Break the glass: the refused clinician may open an emergency access, but it permits
  // nothing to it; a colleague's does.
  const justification = hash('5b');
  await submit(api, api.tx.consent.openEmergencyAccess(patient.address, justification, HOUR_MS), clinician);
  assert.equal(await refused(clinician, { purpose: 'EmergencyTreatment' }), denyId);
  const opened = await submit(api, api.tx.consent.openEmergencyAccess(patient.address, justification, HOUR_MS), colleague);
  const emergency = findEvent(opened, 'consent', 'EmergencyAccessOpened').raw.data.id.toNumber();
  assert.equal(await check(api, patient, colleague, { purpose: 'EmergencyTreatment' }), `Permitted:Emergency(${emergency})`);

  // A logged attempt is kept as refused by the deny.
  const logged = await submit(api, api.tx.consent.logAccess(patient.address, categoryOf(patient, SUMMARY), 'Treatment', 'Read'), clinician);
  const loggedDecision = findEvent(logged, 'consent', 'AccessLogged').raw.data.decision;
  assert.equal(loggedDecision.asDenied.asDenyProvision.toNumber(), denyId);
  assert.equal((await counters(api, patient)).denied, 1);

  // Only the patient (or a guardian) revokes it; the deposit goes back to the patient.
  await expectError(submit(api, api.tx.consent.revokeDeny(denyId), clinician), 'consent', 'NotPatientOrGuardian');
  const revoked = await submit(api, api.tx.consent.revokeDeny(denyId), patient);
  const revokedEv = findEvent(revoked, 'consent', 'DenyRevoked').raw.data;
  assert.equal(revokedEv.revokedBy.toString(), patient.address);
  assert.equal(revokedEv.depositReleased.toBigInt(), deposit);
  assert.equal(await reserved(api, patient), hospital.deposit + personal.deposit);
  assert.equal(await check(api, patient, clinician), `Permitted:Grant(${personal.id})`);
  assert.equal((await api.call.consentApi.deniesOf(patient.address)).length, 0);
  await expectError(submit(api, api.tx.consent.revokeDeny(denyId), patient), 'consent', 'UnknownDeny');
});

test('an organization deny narrowed by purpose and label: tags on chain, the wallet reads the label back', BOUNDED, async () => {
  const { api } = ctx;
  const [admin, researcher, patient] = await freshAccounts(api, ['admin', 'researcher', 'patient']);
  const org = await registerOrg(api, admin, ['Researcher'], [[researcher, ['Researcher']]]);
  const study = await grant(api, patient, { Organization: org }, { purposes: ['Research'] });
  assert.equal(await check(api, patient, researcher, { purpose: 'Research' }), `Permitted:Grant(${study.id})`);

  // No research reads of PSY-labelled records by the institute, its admin or any member.
  const psy = tagHex(codeTag(blindKey(patient), 'label', 'PSY'));
  const recorded = await submit(api, api.tx.consent.deny(null, { Organization: org }, { purposes: ['Research'], actions: ['Read'], scope: 'AllRecords', labels: [psy] }), patient);
  const denyId = findEvent(recorded, 'consent', 'DenyRecorded').raw.data.id.toNumber();
  // A category's records may carry the label: a category read is refused.
  assert.equal(await check(api, patient, researcher, { purpose: 'Research' }), 'Denied:DenyProvision');
  // The label is a tag on chain; the patient's wallet reads the code back.
  const view = (await api.call.consentApi.denyInfo(denyId)).unwrap();
  assert.equal(view.actor.asOrganization.toNumber(), org);
  assert.equal(view.labels[0].toHex(), psy);
  assert.equal(matchCode(blindKey(patient), 'label', view.labels[0]), 'PSY');

  // An unknown organization cannot be named.
  await expectError(
    submit(api, api.tx.consent.deny(null, { Organization: 1_000_000 }, { purposes: [], actions: [], scope: 'AllRecords', labels: [] }), patient),
    'consent', 'UnknownOrganization',
  );
  await submit(api, api.tx.consent.revokeDeny(denyId), patient);
  assert.equal(await check(api, patient, researcher, { purpose: 'Research' }), `Permitted:Grant(${study.id})`);
});
