// Organizations on a real node: accreditation by Root and by a regulator, members acting for
// their organization until it is suspended, the organization and account queries, and the
// deposits held for an organization and its members.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codeTag, tagHex } from '../../scripts/lib/blind.mjs';
import {
  useNode, freshAccounts, sudo, registerOrg, addMember, chainNow, expectError, submit, findEvent, blindKey, decision,
} from './helpers.mjs';

const ctx = useNode({ name: 'organizations' });
// Every test is bounded: a transaction that is never included fails the test, not the run.
const BOUNDED = { timeout: 120_000 };

const HOUR_MS = 3_600_000n;
const NOTE = '11506-3'; // LOINC progress note
/** The access target "the patient's progress notes": the code's tag under the patient's key. */
const notesOf = (patient) => ({ Category: tagHex(codeTag(blindKey(patient), 'category', NOTE)) });
const credential = (issuer = 'TEST-ISSUER') => ({ hash: `0x${'ab'.repeat(32)}`, issuer });


async function checkAccess(api, patient, accessor, purpose, action = 'Read') {
  return decision(await api.call.consentApi.checkAccess(patient.address, accessor.address, notesOf(patient), purpose, action));
}

async function reserved(api, who) {
  return (await api.query.system.account(who.address)).data.reserved.toBigInt();
}

async function status(api, org) {
  return (await api.call.organizationsApi.organization(org)).unwrap().status.type;
}

test('a suspended organization\'s member loses its powers and regains them on reinstatement', BOUNDED, async () => {
  const { api } = ctx;
  const [admin, clinician, patient, otherPatient] = await freshAccounts(api, ['admin', 'clinician', 'patient', 'other-patient']);

  // Accredit (sudo) and staff the organization.
  // The organization exists once its admin accepts, the member once it accepts.
  const registered = await sudo(api, api.tx.organizations.register(admin.address, ['Provider'], credential(), 'https://hospital.example'));
  const org = findEvent(registered, 'organizations', 'RegistrationOffered').raw.data.org.toNumber();
  assert.ok((await api.call.organizationsApi.organization(org)).isNone, 'not in force before acceptance');
  const accepted = await submit(api, api.tx.organizations.acceptAdmin(org), admin);
  const ev = findEvent(accepted, 'organizations', 'Registered').raw.data;
  assert.equal(ev.org.toNumber(), org);
  assert.equal(ev.admin.toString(), admin.address);
  assert.ok(ev.accreditedBy.isNone, 'accredited by Root');
  assert.equal(await status(api, org), 'Active');
  await submit(api, api.tx.organizations.addMember(org, clinician.address, ['Clinician', 'EmergencyClinician']), admin);
  const added = await submit(api, api.tx.organizations.acceptMembership(org), clinician);
  assert.equal(findEvent(added, 'organizations', 'MemberAdded').raw.data.who.toString(), clinician.address);

  // Two powers the member holds through its organization: a patient's grant to the
  // organization, and breaking the glass for another patient.
  const until = (await chainNow(api)) + 24n * HOUR_MS;
  const granted = await submit(api, api.tx.consent.grant(null, { Organization: org }, {
    purposes: ['Treatment'], actions: ['Read'], scope: 'AllRecords', dataPeriod: null,
    validFrom: null, validUntil: until, openEnded: false, exceptions: [],
  }), patient);
  const grantId = findEvent(granted, 'consent', 'GrantCreated').raw.data.id.toNumber();
  const opened = await submit(api, api.tx.consent.openEmergencyAccess(otherPatient.address, `0x${'11'.repeat(32)}`, HOUR_MS), clinician);
  const emergencyId = findEvent(opened, 'consent', 'EmergencyAccessOpened').raw.data.id.toNumber();

  const powers = async () => [
    await checkAccess(api, patient, clinician, 'Treatment'),
    await checkAccess(api, otherPatient, clinician, 'EmergencyTreatment'),
  ];
  assert.deepEqual(await powers(), [`Permitted:Grant(${grantId})`, `Permitted:Emergency(${emergencyId})`]);

  // Suspended: both refused, and no new emergency access; the membership itself stays.
  const suspended = await sudo(api, api.tx.organizations.suspend(org));
  assert.equal(findEvent(suspended, 'organizations', 'Suspended').raw.data.org.toNumber(), org);
  assert.equal(await status(api, org), 'Suspended');
  assert.deepEqual(await powers(), ['Denied:OrganizationNotEntitled', 'Denied:NoGrant']);
  await expectError(
    submit(api, api.tx.consent.openEmergencyAccess(patient.address, `0x${'22'.repeat(32)}`, HOUR_MS), clinician),
    'consent', 'OrganizationNotEntitled',
  );
  const info = (await api.call.organizationsApi.accountInfo(clinician.address)).unwrap();
  assert.equal(info[0].toNumber(), org);
  await expectError(sudo(api, api.tx.organizations.suspend(org)), 'organizations', 'NotActive');

  // Reinstated: the same grant and the same still-open emergency access count again.
  const reinstated = await sudo(api, api.tx.organizations.reinstate(org));
  assert.ok(findEvent(reinstated, 'organizations', 'Reinstated'));
  assert.equal(await status(api, org), 'Active');
  assert.deepEqual(await powers(), [`Permitted:Grant(${grantId})`, `Permitted:Emergency(${emergencyId})`]);
  await expectError(sudo(api, api.tx.organizations.reinstate(org)), 'organizations', 'NotSuspended');

  const history = (await api.call.organizationsApi.organization(org)).unwrap().history.map((h) => h.action.type);
  assert.deepEqual(history, ['Registered', 'Suspended', 'Reinstated']);
});

test('a regulator accredited by Root accredits and suspends a provider, but cannot create a regulator', BOUNDED, async () => {
  const { api } = ctx;
  const [regulator, provider, other] = await freshAccounts(api, ['regulator', 'provider', 'other']);
  const regulatorOrg = await registerOrg(api, regulator, ['Regulator'], [], 'EMA');

  const offered = await submit(api, api.tx.organizations.register(provider.address, ['Provider'], credential('GLN-HOSPITAL-02'), '0x'), regulator);
  const offeredOrg = findEvent(offered, 'organizations', 'RegistrationOffered').raw.data.org.toNumber();
  const result = await submit(api, api.tx.organizations.acceptAdmin(offeredOrg), provider);
  const ev = findEvent(result, 'organizations', 'Registered').raw.data;
  const org = ev.org.toNumber();
  assert.notEqual(org, regulatorOrg);
  assert.equal(ev.accreditedBy.unwrap().toString(), regulator.address);
  const info = (await api.call.organizationsApi.organization(org)).unwrap();
  assert.equal(info.accreditedBy.unwrap().toString(), regulator.address);
  assert.deepEqual(info.roles.map((r) => r.type), ['Provider']);
  assert.equal(info.history[0].who.unwrap().toString(), regulator.address);
  assert.equal(info.credentialIssuer.toUtf8(), 'GLN-HOSPITAL-02');

  // The regulator also supervises what it accredited.
  const suspended = await submit(api, api.tx.organizations.suspend(org), regulator);
  assert.equal(findEvent(suspended, 'organizations', 'Suspended').raw.data.by.unwrap().toString(), regulator.address);
  await submit(api, api.tx.organizations.reinstate(org), regulator);
  assert.equal(await status(api, org), 'Active');

  // Regulators are governed by Root only.
  await expectError(
    submit(api, api.tx.organizations.register(other.address, ['Regulator'], credential(), '0x'), regulator),
    'organizations', 'RegulatorRoleRequiresRoot',
  );
  await expectError(submit(api, api.tx.organizations.suspend(regulatorOrg), regulator), 'organizations', 'RegulatorRoleRequiresRoot');
  assert.ok((await api.call.organizationsApi.accountInfo(other.address)).isNone);
});

test('a stranger cannot register an organization (BadOrigin) and nothing is stored', BOUNDED, async () => {
  const { api } = ctx;
  const [stranger, admin] = await freshAccounts(api, ['stranger', 'would-be-admin']);
  const nextId = (await api.query.organizations.nextOrgId()).toNumber();
  // `register` takes `AccreditationOrigin` (Root or an active regulator's admin): any other
  // signer is refused by the origin check.
  await expectError(
    submit(api, api.tx.organizations.register(admin.address, ['Provider'], credential(), '0x'), stranger),
    'dispatch', 'BadOrigin',
  );
  assert.equal((await api.query.organizations.nextOrgId()).toNumber(), nextId);
  assert.ok((await api.call.organizationsApi.accountInfo(admin.address)).isNone);
  assert.equal(await reserved(api, admin), 0n);
  // Suspending is the same kind of decision.
  const org = await registerOrg(api, admin, ['Provider']);
  await expectError(submit(api, api.tx.organizations.suspend(org), stranger), 'dispatch', 'BadOrigin');
  assert.equal(await status(api, org), 'Active');
});

test('account_info and members answer for the admin, the members and a stranger', BOUNDED, async () => {
  const { api } = ctx;
  const [admin, clinician, staff, stranger] = await freshAccounts(api, ['admin', 'clinician', 'staff', 'stranger']);
  const org = await registerOrg(api, admin, ['Provider', 'Payer'], [[clinician, ['Clinician']], [staff, ['Staff']]]);

  const info = async (who) => {
    const answer = await api.call.organizationsApi.accountInfo(who.address);
    if (answer.isNone) return null;
    const [id, roles, isAdmin] = answer.unwrap();
    return [id.toNumber(), [...roles].map((r) => r.type), isAdmin.isTrue];
  };
  assert.deepEqual(await info(admin), [org, [], true]);
  assert.deepEqual(await info(clinician), [org, ['Clinician'], false]);
  assert.deepEqual(await info(staff), [org, ['Staff'], false]);
  assert.equal(await info(stranger), null);

  const page = async (startAfter, limit) => (await api.call.organizationsApi.members(org, startAfter, limit))
    .map(([who, roles]) => [who.toString(), [...roles].map((r) => r.type)]);
  const all = await page(null, 10);
  assert.equal(all.length, 3);
  assert.deepEqual(
    Object.fromEntries(all),
    { [admin.address]: [], [clinician.address]: ['Clinician'], [staff.address]: ['Staff'] },
  );
  // Paging: one at a time, each page after the last account of the previous one.
  const first = await page(null, 1);
  const second = await page(first[0][0], 1);
  const rest = await page(second[0][0], 10);
  assert.deepEqual([...first, ...second, ...rest], all);

  // Role changes and departures show at once.
  await submit(api, api.tx.organizations.setMemberRoles(org, staff.address, ['Staff', 'Auditor']), admin);
  assert.deepEqual(await info(staff), [org, ['Staff', 'Auditor'], false]);
  await submit(api, api.tx.organizations.leave(), staff);
  assert.equal(await info(staff), null);
  assert.equal((await page(null, 10)).length, 2);
  const organization = (await api.call.organizationsApi.organization(org)).unwrap();
  assert.equal(organization.memberCount.toNumber(), 2);
  assert.ok((await api.call.organizationsApi.organization(1_000_000)).isNone);
});

test('deposits are held from the admin for the organization and each member and released on removal and revocation', BOUNDED, async () => {
  const { api } = ctx;
  const [admin, first, second] = await freshAccounts(api, ['admin', 'first', 'second']);
  const orgDeposit = api.consts.organizations.organizationDeposit.toBigInt();
  const memberDeposit = api.consts.organizations.memberDeposit.toBigInt();
  assert.ok(orgDeposit > 0n && memberDeposit > 0n);
  assert.equal(await reserved(api, admin), 0n);

  const registered = await sudo(api, api.tx.organizations.register(admin.address, ['Provider'], credential(), '0x'));
  const org = findEvent(registered, 'organizations', 'RegistrationOffered').raw.data.org.toNumber();
  // Nothing is held before the admin accepts.
  assert.equal(await reserved(api, admin), 0n);
  const accepted = await submit(api, api.tx.organizations.acceptAdmin(org), admin);
  assert.equal(findEvent(accepted, 'organizations', 'Registered').raw.data.deposit.toBigInt(), orgDeposit);
  assert.equal(await reserved(api, admin), orgDeposit);

  for (const member of [first, second]) {
    await addMember(api, org, admin, member, ['Clinician']);
  }
  assert.equal(await reserved(api, admin), orgDeposit + 2n * memberDeposit);
  const holds = (await api.query.balances.holds(admin.address)).map((h) => [JSON.stringify(h.id.toHuman()), h.amount.toBigInt()]);
  assert.deepEqual(new Map(holds), new Map([
    ['{"Organizations":"OrganizationDeposit"}', orgDeposit],
    ['{"Organizations":"MemberDeposit"}', 2n * memberDeposit],
  ]));
  // Members pay nothing.
  assert.equal(await reserved(api, first), 0n);

  const removed = await submit(api, api.tx.organizations.removeMember(org, first.address), admin);
  assert.equal(findEvent(removed, 'organizations', 'MemberRemoved').raw.data.depositReleased.toBigInt(), memberDeposit);
  assert.equal(await reserved(api, admin), orgDeposit + memberDeposit);

  // Revocation releases the organization deposit; the remaining member's deposit comes back
  // when the admin removes it (still allowed on a revoked organization).
  const revoked = await sudo(api, api.tx.organizations.revoke(org));
  assert.equal(findEvent(revoked, 'organizations', 'Revoked').raw.data.depositReleased.toBigInt(), orgDeposit);
  assert.equal(await status(api, org), 'Revoked');
  assert.equal(await reserved(api, admin), memberDeposit);
  await expectError(submit(api, api.tx.organizations.addMember(org, first.address, ['Clinician']), admin), 'organizations', 'OrganizationRevoked');
  await submit(api, api.tx.organizations.removeMember(org, second.address), admin);
  assert.equal(await reserved(api, admin), 0n);
  assert.equal((await api.query.balances.holds(admin.address)).length, 0);
});

test('the admin hands over to a member, with the held deposits', BOUNDED, async () => {
  const { api } = ctx;
  const [admin, deputy] = await freshAccounts(api, ['admin', 'deputy']);
  const org = await registerOrg(api, admin, ['Provider'], [[deputy, ['Staff']]]);
  const held = await reserved(api, admin);
  await submit(api, api.tx.organizations.transferAdmin(org, deputy.address), admin);
  // Offered, not moved: the deputy accepts.
  assert.equal((await api.call.organizationsApi.organization(org)).unwrap().admin.toString(), admin.address);
  const result = await submit(api, api.tx.organizations.acceptAdmin(org), deputy);
  assert.equal(findEvent(result, 'organizations', 'AdminTransferred').raw.data.depositsMoved.toBigInt(), held);
  assert.equal(await reserved(api, admin), 0n);
  assert.equal(await reserved(api, deputy), held);
  await expectError(submit(api, api.tx.organizations.setMetadata(org, 'ipfs://new'), admin), 'organizations', 'NotAdmin');
  await submit(api, api.tx.organizations.setMetadata(org, 'ipfs://new'), deputy);
  const info = (await api.call.organizationsApi.organization(org)).unwrap();
  assert.equal(info.admin.toString(), deputy.address);
  assert.equal(info.metadata.toUtf8(), 'ipfs://new');
  // Root may change the roles.
  await sudo(api, api.tx.organizations.setRoles(org, ['Provider', 'Payer']));
  assert.deepEqual((await api.call.organizationsApi.organization(org)).unwrap().roles.map((r) => r.type), ['Provider', 'Payer']);
});

test('no account is bound without its consent: offers and invitations can be declined or withdrawn', BOUNDED, async () => {
  const { api } = ctx;
  const [admin, invited, other, stranger] = await freshAccounts(api, ['admin', 'invited', 'other', 'stranger']);
  const memberDeposit = api.consts.organizations.memberDeposit.toBigInt();

  // A registration declined is dropped; its id stays unused.
  let offered = await sudo(api, api.tx.organizations.register(stranger.address, ['Provider'], credential(), '0x'));
  let org = findEvent(offered, 'organizations', 'RegistrationOffered').raw.data.org.toNumber();
  await expectError(sudo(api, api.tx.organizations.suspend(org)), 'organizations', 'AdminNotAccepted');
  await expectError(submit(api, api.tx.organizations.acceptAdmin(org), other), 'organizations', 'NotOfferedAdmin');
  const declined = await submit(api, api.tx.organizations.declineAdmin(org), stranger);
  assert.ok(findEvent(declined, 'organizations', 'AdminOfferDeclined'));
  await expectError(submit(api, api.tx.organizations.acceptAdmin(org), stranger), 'organizations', 'NoAdminOffer');
  assert.ok((await api.call.organizationsApi.accountInfo(stranger.address)).isNone);

  // Root may withdraw a registration.
  offered = await sudo(api, api.tx.organizations.register(stranger.address, ['Provider'], credential(), '0x'));
  org = findEvent(offered, 'organizations', 'RegistrationOffered').raw.data.org.toNumber();
  await sudo(api, api.tx.organizations.withdrawAdminOffer(org));
  await expectError(submit(api, api.tx.organizations.acceptAdmin(org), stranger), 'organizations', 'NoAdminOffer');

  // An invitation holds the member deposit from the admin until it is answered.
  org = await registerOrg(api, admin, ['Provider']);
  const base = await reserved(api, admin);
  await submit(api, api.tx.organizations.addMember(org, invited.address, ['Clinician']), admin);
  await submit(api, api.tx.organizations.addMember(org, other.address, ['Staff']), admin);
  assert.equal(await reserved(api, admin), base + 2n * memberDeposit);
  assert.ok((await api.call.organizationsApi.accountInfo(invited.address)).isNone, 'not a member before accepting');
  const refused = await submit(api, api.tx.organizations.declineMembership(org), invited);
  assert.equal(findEvent(refused, 'organizations', 'InvitationDeclined').raw.data.depositReleased.toBigInt(), memberDeposit);
  const withdrawn = await submit(api, api.tx.organizations.withdrawInvitation(org, other.address), admin);
  assert.equal(findEvent(withdrawn, 'organizations', 'InvitationWithdrawn').raw.data.depositReleased.toBigInt(), memberDeposit);
  assert.equal(await reserved(api, admin), base);
  await expectError(submit(api, api.tx.organizations.acceptMembership(org), invited), 'organizations', 'NotInvited');
});
