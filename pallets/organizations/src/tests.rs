//! Tests of the organizations pallet. Every test ends with the storage invariants checked
//! ([`ExtBuilder::build_and_execute`]).

use crate::{
	mock::*, AccreditationAction, AccreditationRecord, CompanyPrefix, CompanyPrefixHolder,
	CompanyPrefixes, CompanyPrefixesUnder, Credential, EnsureRootOrRegulator, Error, Event,
	GenesisConfig, GenesisOrganization, History, HoldReason, MemberOf, MemberRole, MemberRoles,
	Members, Membership, MetadataOf, NextOrgId, OrgId, OrgRole, OrgRoles, OrgStatus,
	OrganizationInfo, Organizations as OrgStore, MAX_COMPANY_PREFIXES, MAX_ISSUER_CODE_LEN,
	MAX_PAGE,
};
use codec::{Decode, Encode};
use frame_support::{
	assert_noop, assert_ok,
	traits::{
		fungible::{Inspect, InspectHold},
		EnsureOrigin, GetCallName, PalletInfoAccess,
	},
	BoundedVec,
};
use healthchain_primitives::{role_set, OrganizationsInspect};
use sp_runtime::{DispatchError, DispatchResult};

/// A valid GLN (GS1 Global Location Number) used as issuer code.
const GLN: &[u8] = b"0614141000005";

fn credential(issuer: &[u8]) -> Credential {
	Credential { hash: [9; 32], issuer: BoundedVec::truncate_from(issuer.to_vec()) }
}

fn metadata(bytes: &[u8]) -> MetadataOf<Test> {
	BoundedVec::truncate_from(bytes.to_vec())
}

fn org_roles(roles: &[OrgRole]) -> OrgRoles {
	role_set(roles)
}

fn member_roles(roles: &[MemberRole]) -> MemberRoles {
	role_set(roles)
}

fn held(reason: HoldReason, who: u64) -> u64 {
	Balances::balance_on_hold(&reason.into(), &who)
}

fn free(who: u64) -> u64 {
	Balances::balance(&who)
}

/// Registers, as Root, an organization with `roles` and offers its admin role to `admin`;
/// returns its id.
fn offer_registration(admin: u64, roles: &[OrgRole]) -> OrgId {
	let org = NextOrgId::<Test>::get();
	assert_ok!(Organizations::register(
		RuntimeOrigin::root(),
		admin,
		org_roles(roles),
		credential(GLN),
		metadata(b"ipfs://org"),
	));
	org
}

/// Registers, as Root, an organization with `roles` administered by `admin` (who accepts);
/// returns its id.
fn register_with(admin: u64, roles: &[OrgRole]) -> OrgId {
	let org = offer_registration(admin, roles);
	assert_ok!(Organizations::accept_admin(RuntimeOrigin::signed(admin), org));
	org
}

/// Registers, as Root, a hospital administered by `admin`; returns its id.
fn hospital(admin: u64) -> OrgId {
	register_with(admin, &[OrgRole::Provider])
}

/// `admin` invites `who` to `org` with `roles`, and `who` accepts.
fn add(admin: u64, org: OrgId, who: u64, roles: &[MemberRole]) {
	invite(admin, org, who, roles);
	assert_ok!(Organizations::accept_membership(RuntimeOrigin::signed(who), org));
}

/// `admin` invites `who` to `org` with `roles`.
fn invite(admin: u64, org: OrgId, who: u64, roles: &[MemberRole]) {
	assert_ok!(Organizations::add_member(
		RuntimeOrigin::signed(admin),
		org,
		who,
		member_roles(roles)
	));
}

/// `admin` hands `org` over to member `to`, who accepts.
fn hand_over(admin: u64, org: OrgId, to: u64) {
	assert_ok!(Organizations::transfer_admin(RuntimeOrigin::signed(admin), org, to));
	assert_ok!(Organizations::accept_admin(RuntimeOrigin::signed(to), org));
}

fn history_actions(org: OrgId) -> Vec<AccreditationAction> {
	History::<Test>::get(org).into_iter().map(|r| r.action).collect()
}

/// The regulator of [`ExtBuilder::with_regulator`] is organization 0.
const REGULATOR_ORG: OrgId = 0;

/// The bytes of this pallet's call `call_index` with the arguments `args`, as an extrinsic
/// carries them.
fn call_bytes(call_index: u8, args: impl Encode) -> Vec<u8> {
	let pallet =
		u8::try_from(<Organizations as PalletInfoAccess>::index()).expect("a pallet index");
	(pallet, call_index, args).encode()
}

/// The call `bytes` decode to, if they decode.
fn decoded_call(bytes: &[u8]) -> Option<RuntimeCall> {
	RuntimeCall::decode(&mut &bytes[..]).ok()
}

// ---------------------------------------------------------------------------------------------
// register
// ---------------------------------------------------------------------------------------------

#[test]
fn register_by_root_accredits_an_active_organization_and_holds_the_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Organizations::register(
			RuntimeOrigin::root(),
			ALICE,
			org_roles(&[OrgRole::Provider, OrgRole::Researcher]),
			credential(GLN),
			metadata(b"ipfs://hospital"),
		));
		System::assert_last_event(
			Event::RegistrationOffered {
				org: 0,
				admin: ALICE,
				roles: org_roles(&[OrgRole::Provider, OrgRole::Researcher]),
				credential: credential(GLN),
				accredited_by: None,
			}
			.into(),
		);
		System::set_block_number(2);
		assert_ok!(Organizations::accept_admin(RuntimeOrigin::signed(ALICE), 0));
		System::assert_last_event(
			Event::Registered {
				org: 0,
				admin: ALICE,
				roles: org_roles(&[OrgRole::Provider, OrgRole::Researcher]),
				credential: credential(GLN),
				accredited_by: None,
				deposit: ORG_DEPOSIT,
			}
			.into(),
		);
		let o = OrgStore::<Test>::get(0).unwrap();
		assert_eq!(o.admin, ALICE);
		assert_eq!(o.status, OrgStatus::Active);
		assert_eq!(o.accredited_by, None);
		// In force from the acceptance.
		assert_eq!(o.accredited_at, 2);
		assert_eq!(o.member_count, 1);
		assert_eq!(o.deposit, ORG_DEPOSIT);
		assert_eq!(o.metadata, metadata(b"ipfs://hospital"));
		// The admin is a member without roles.
		assert_eq!(MemberOf::<Test>::get(ALICE), Some(0));
		assert_eq!(Organizations::member_roles(0, &ALICE), Some(MemberRoles::new()));
		assert_eq!(held(HoldReason::OrganizationDeposit, ALICE), ORG_DEPOSIT);
		assert_eq!(free(ALICE), FUNDS - ORG_DEPOSIT);
		assert_eq!(NextOrgId::<Test>::get(), 1);
		assert_eq!(
			history_actions(0),
			vec![AccreditationAction::Registered(org_roles(&[
				OrgRole::Provider,
				OrgRole::Researcher
			]))]
		);
	});
}

#[test]
fn register_assigns_ids_in_order() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(hospital(ALICE), 0);
		assert_eq!(hospital(BOB), 1);
		assert_eq!(register_with(CHARLIE, &[OrgRole::Dispenser]), 2);
		assert_eq!(NextOrgId::<Test>::get(), 3);
	});
}

#[test]
fn register_by_regulator_records_the_regulator_as_accreditor() {
	ExtBuilder::default().with_regulator().build_and_execute(|| {
		assert_ok!(Organizations::register(
			RuntimeOrigin::signed(REGULATOR),
			ALICE,
			org_roles(&[OrgRole::Manufacturer]),
			credential(GLN),
			metadata(b""),
		));
		let org = 1;
		assert_ok!(Organizations::accept_admin(RuntimeOrigin::signed(ALICE), org));
		assert_eq!(OrgStore::<Test>::get(org).unwrap().accredited_by, Some(REGULATOR));
		assert_eq!(History::<Test>::get(org)[0].who, Some(REGULATOR));
		System::assert_last_event(
			Event::Registered {
				org,
				admin: ALICE,
				roles: org_roles(&[OrgRole::Manufacturer]),
				credential: credential(GLN),
				accredited_by: Some(REGULATOR),
				deposit: ORG_DEPOSIT,
			}
			.into(),
		);
	});
}

#[test]
fn register_fails_for_a_signed_account_that_is_no_active_regulator_admin() {
	ExtBuilder::default().with_regulator().build_and_execute(|| {
		let register = |who: u64| {
			Organizations::register(
				RuntimeOrigin::signed(who),
				EVE,
				org_roles(&[OrgRole::Provider]),
				credential(GLN),
				metadata(b""),
			)
		};
		// No organization at all.
		assert_noop!(register(ALICE), DispatchError::BadOrigin);
		// A regulator's member that is not its admin.
		assert_noop!(register(REGULATOR_STAFF), DispatchError::BadOrigin);
		// The admin of an organization that is not a regulator.
		let org = hospital(BOB);
		assert_noop!(register(BOB), DispatchError::BadOrigin);
		// A regulator that is suspended.
		assert_ok!(Organizations::suspend(RuntimeOrigin::root(), REGULATOR_ORG));
		assert_noop!(register(REGULATOR), DispatchError::BadOrigin);
		assert_eq!(NextOrgId::<Test>::get(), org + 1);
	});
}

#[test]
fn register_fails_without_roles() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Organizations::register(
				RuntimeOrigin::root(),
				ALICE,
				OrgRoles::new(),
				credential(GLN),
				metadata(b"")
			),
			Error::<Test>::NoRoles
		);
	});
}

#[test]
fn register_fails_with_a_malformed_issuer_code() {
	ExtBuilder::default().build_and_execute(|| {
		for bad in [&b""[..], b"GS1 0614141", b"caf\xc3\xa9", b"0614141000006"] {
			assert_noop!(
				Organizations::register(
					RuntimeOrigin::root(),
					ALICE,
					org_roles(&[OrgRole::Provider]),
					credential(bad),
					metadata(b"")
				),
				Error::<Test>::InvalidIssuerCode
			);
		}
		// A company prefix (no check digit) and a register code are accepted.
		assert_ok!(Organizations::register(
			RuntimeOrigin::root(),
			ALICE,
			org_roles(&[OrgRole::Provider]),
			credential(b"0614141"),
			metadata(b"")
		));
		assert_ok!(Organizations::register(
			RuntimeOrigin::root(),
			BOB,
			org_roles(&[OrgRole::Provider]),
			credential(b"DE-BfArM-4711"),
			metadata(b"")
		));
	});
}

#[test]
fn register_by_regulator_fails_to_give_the_regulator_role_but_root_can() {
	ExtBuilder::default().with_regulator().build_and_execute(|| {
		assert_noop!(
			Organizations::register(
				RuntimeOrigin::signed(REGULATOR),
				ALICE,
				org_roles(&[OrgRole::Provider, OrgRole::Regulator]),
				credential(GLN),
				metadata(b"")
			),
			Error::<Test>::RegulatorRoleRequiresRoot
		);
		assert_eq!(register_with(ALICE, &[OrgRole::Regulator]), 1);
		assert!(Organizations::is_active_regulator(&ALICE));
	});
}

#[test]
fn register_fails_when_the_admin_already_belongs_to_an_organization() {
	ExtBuilder::default().with_regulator().build_and_execute(|| {
		let org = hospital(ALICE);
		add(ALICE, org, BOB, &[]);
		for who in [ALICE, BOB, REGULATOR_STAFF] {
			assert_noop!(
				Organizations::register(
					RuntimeOrigin::root(),
					who,
					org_roles(&[OrgRole::Payer]),
					credential(GLN),
					metadata(b"")
				),
				Error::<Test>::AlreadyInOrganization
			);
		}
	});
}

#[test]
fn accept_admin_fails_when_the_admin_cannot_pay_the_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		for who in [POOR, NOBODY] {
			let org = offer_registration(who, &[OrgRole::Provider]);
			assert_noop!(
				Organizations::accept_admin(RuntimeOrigin::signed(who), org),
				Error::<Test>::CannotPayDeposit
			);
		}
	});
}

#[test]
fn register_takes_the_longest_issuer_and_metadata_and_one_byte_more_does_not_decode() {
	ExtBuilder::default().build_and_execute(|| {
		let issuer = vec![b'A'; MAX_ISSUER_CODE_LEN as usize];
		let pointer = vec![b'm'; MAX_METADATA as usize];
		let roles = org_roles(&[OrgRole::Provider]);
		// `register` (call 0) with the issuer code and metadata pointer as plain byte strings.
		let bytes = |issuer: &[u8], pointer: &[u8]| {
			call_bytes(0, (ALICE, roles.clone(), ([9u8; 32], issuer.to_vec()), pointer.to_vec()))
		};
		let call = RuntimeCall::Organizations(crate::Call::register {
			admin: ALICE,
			roles: roles.clone(),
			credential: credential(&issuer),
			metadata: metadata(&pointer),
		});
		assert_eq!(bytes(&issuer, &pointer), call.encode());
		assert_eq!(decoded_call(&bytes(&issuer, &pointer)), Some(call));
		assert_eq!(decoded_call(&bytes(&[&issuer[..], b"A"].concat(), &pointer)), None);
		assert_eq!(decoded_call(&bytes(&issuer, &[&pointer[..], b"m"].concat())), None);
		// The longest are accepted as given.
		assert_ok!(Organizations::register(
			RuntimeOrigin::root(),
			ALICE,
			roles,
			credential(&issuer),
			metadata(&pointer)
		));
		assert_ok!(Organizations::accept_admin(RuntimeOrigin::signed(ALICE), 0));
		let o = OrgStore::<Test>::get(0).unwrap();
		assert_eq!((o.credential.issuer.to_vec(), o.metadata.to_vec()), (issuer, pointer));
	});
}

#[test]
fn register_fails_when_ids_are_exhausted() {
	ExtBuilder::default().build_and_execute(|| {
		NextOrgId::<Test>::put(OrgId::MAX);
		assert_noop!(
			Organizations::register(
				RuntimeOrigin::root(),
				ALICE,
				org_roles(&[OrgRole::Provider]),
				credential(GLN),
				metadata(b"")
			),
			Error::<Test>::IdsExhausted
		);
	});
}

// ---------------------------------------------------------------------------------------------
// set_roles
// ---------------------------------------------------------------------------------------------

#[test]
fn set_roles_replaces_the_roles_and_records_the_decision() {
	ExtBuilder::default().with_regulator().build_and_execute(|| {
		let org = hospital(ALICE);
		System::set_block_number(5);
		let roles = org_roles(&[OrgRole::Provider, OrgRole::Researcher]);
		assert_ok!(Organizations::set_roles(RuntimeOrigin::signed(REGULATOR), org, roles.clone()));
		System::assert_last_event(
			Event::RolesSet { org, roles: roles.clone(), by: Some(REGULATOR) }.into(),
		);
		assert!(Organizations::is_active_with_role(org, OrgRole::Researcher));
		let last = History::<Test>::get(org).last().cloned().unwrap();
		assert_eq!(
			last,
			AccreditationRecord {
				who: Some(REGULATOR),
				block: 5,
				action: AccreditationAction::RolesSet(roles)
			}
		);
	});
}

#[test]
fn set_roles_works_on_a_suspended_organization() {
	ExtBuilder::default().build_and_execute(|| {
		let org = hospital(ALICE);
		assert_ok!(Organizations::suspend(RuntimeOrigin::root(), org));
		assert_ok!(Organizations::set_roles(
			RuntimeOrigin::root(),
			org,
			org_roles(&[OrgRole::Payer])
		));
		assert!(Organizations::holds_role(org, OrgRole::Payer));
		assert!(!Organizations::is_active_with_role(org, OrgRole::Payer));
	});
}

#[test]
fn set_roles_fails_for_an_unknown_organization() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Organizations::set_roles(RuntimeOrigin::root(), 7, org_roles(&[OrgRole::Payer])),
			Error::<Test>::UnknownOrganization
		);
	});
}

#[test]
fn set_roles_fails_without_roles() {
	ExtBuilder::default().build_and_execute(|| {
		let org = hospital(ALICE);
		assert_noop!(
			Organizations::set_roles(RuntimeOrigin::root(), org, OrgRoles::new()),
			Error::<Test>::NoRoles
		);
	});
}

#[test]
fn set_roles_fails_for_a_revoked_organization() {
	ExtBuilder::default().build_and_execute(|| {
		let org = hospital(ALICE);
		assert_ok!(Organizations::revoke(RuntimeOrigin::root(), org));
		assert_noop!(
			Organizations::set_roles(RuntimeOrigin::root(), org, org_roles(&[OrgRole::Payer])),
			Error::<Test>::OrganizationRevoked
		);
	});
}

#[test]
fn set_roles_by_regulator_cannot_touch_regulators_or_give_the_role() {
	ExtBuilder::default().with_regulator().build_and_execute(|| {
		let org = hospital(ALICE);
		let other_regulator = register_with(BOB, &[OrgRole::Regulator]);
		// Give the role.
		assert_noop!(
			Organizations::set_roles(
				RuntimeOrigin::signed(REGULATOR),
				org,
				org_roles(&[OrgRole::Regulator])
			),
			Error::<Test>::RegulatorRoleRequiresRoot
		);
		// Take it from another regulator, or change its own organization.
		for target in [other_regulator, REGULATOR_ORG] {
			assert_noop!(
				Organizations::set_roles(
					RuntimeOrigin::signed(REGULATOR),
					target,
					org_roles(&[OrgRole::Provider])
				),
				Error::<Test>::RegulatorRoleRequiresRoot
			);
		}
		// Root can do all of it.
		assert_ok!(Organizations::set_roles(
			RuntimeOrigin::root(),
			other_regulator,
			org_roles(&[OrgRole::Provider])
		));
		assert_ok!(Organizations::set_roles(
			RuntimeOrigin::root(),
			org,
			org_roles(&[OrgRole::Regulator])
		));
	});
}

#[test]
fn set_roles_fails_for_a_plain_signed_origin() {
	ExtBuilder::default().build_and_execute(|| {
		let org = hospital(ALICE);
		assert_noop!(
			Organizations::set_roles(
				RuntimeOrigin::signed(ALICE),
				org,
				org_roles(&[OrgRole::Payer])
			),
			DispatchError::BadOrigin
		);
	});
}

// ---------------------------------------------------------------------------------------------
// suspend, reinstate, revoke
// ---------------------------------------------------------------------------------------------

#[test]
fn suspend_takes_the_powers_of_every_member_away_but_keeps_memberships() {
	ExtBuilder::default().with_regulator().build_and_execute(|| {
		let org = hospital(ALICE);
		add(ALICE, org, BOB, &[MemberRole::Clinician]);
		assert_eq!(Organizations::acting_for(&BOB, OrgRole::Provider), Some(org));

		assert_ok!(Organizations::suspend(RuntimeOrigin::signed(REGULATOR), org));
		System::assert_last_event(Event::Suspended { org, by: Some(REGULATOR) }.into());

		assert_eq!(Organizations::status(org), Some(OrgStatus::Suspended));
		assert!(!Organizations::is_active(org));
		assert_eq!(Organizations::acting_for(&BOB, OrgRole::Provider), None);
		assert_eq!(Organizations::acting_for(&ALICE, OrgRole::Provider), None);
		// Memberships and deposits stay.
		assert_eq!(Organizations::organization_of(&BOB), Some(org));
		assert!(Organizations::member_has_role(org, &BOB, MemberRole::Clinician));
		assert_eq!(held(HoldReason::OrganizationDeposit, ALICE), ORG_DEPOSIT);
		assert_eq!(held(HoldReason::MemberDeposit, ALICE), MEMBER_DEPOSIT);
		assert_eq!(history_actions(org).last(), Some(&AccreditationAction::Suspended));
	});
}

#[test]
fn suspend_fails_unless_the_organization_is_active() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Organizations::suspend(RuntimeOrigin::root(), 3),
			Error::<Test>::UnknownOrganization
		);
		let org = hospital(ALICE);
		assert_ok!(Organizations::suspend(RuntimeOrigin::root(), org));
		assert_noop!(Organizations::suspend(RuntimeOrigin::root(), org), Error::<Test>::NotActive);
		assert_ok!(Organizations::revoke(RuntimeOrigin::root(), org));
		assert_noop!(
			Organizations::suspend(RuntimeOrigin::root(), org),
			Error::<Test>::OrganizationRevoked
		);
	});
}

#[test]
fn suspend_by_regulator_cannot_touch_regulators_but_root_can() {
	ExtBuilder::default().with_regulator().build_and_execute(|| {
		let other_regulator = register_with(ALICE, &[OrgRole::Regulator]);
		for target in [other_regulator, REGULATOR_ORG] {
			assert_noop!(
				Organizations::suspend(RuntimeOrigin::signed(REGULATOR), target),
				Error::<Test>::RegulatorRoleRequiresRoot
			);
		}
		assert_ok!(Organizations::suspend(RuntimeOrigin::root(), REGULATOR_ORG));
		// A suspended regulator is no accreditation origin any more.
		assert!(!Organizations::is_active_regulator(&REGULATOR));
		let org = hospital(BOB);
		assert_noop!(
			Organizations::suspend(RuntimeOrigin::signed(REGULATOR), org),
			DispatchError::BadOrigin
		);
		assert_ok!(Organizations::suspend(RuntimeOrigin::signed(ALICE), org));
	});
}

#[test]
fn reinstate_makes_a_suspended_organization_active_again() {
	ExtBuilder::default().with_regulator().build_and_execute(|| {
		let org = hospital(ALICE);
		add(ALICE, org, BOB, &[MemberRole::Clinician]);
		assert_ok!(Organizations::suspend(RuntimeOrigin::signed(REGULATOR), org));
		assert_ok!(Organizations::reinstate(RuntimeOrigin::signed(REGULATOR), org));
		System::assert_last_event(Event::Reinstated { org, by: Some(REGULATOR) }.into());
		assert_eq!(Organizations::acting_for(&BOB, OrgRole::Provider), Some(org));
		assert_eq!(history_actions(org).last(), Some(&AccreditationAction::Reinstated));
	});
}

#[test]
fn reinstate_fails_unless_the_organization_is_suspended() {
	ExtBuilder::default().with_regulator().build_and_execute(|| {
		assert_noop!(
			Organizations::reinstate(RuntimeOrigin::root(), 9),
			Error::<Test>::UnknownOrganization
		);
		let org = hospital(ALICE);
		assert_noop!(
			Organizations::reinstate(RuntimeOrigin::root(), org),
			Error::<Test>::NotSuspended
		);
		assert_ok!(Organizations::revoke(RuntimeOrigin::root(), org));
		assert_noop!(
			Organizations::reinstate(RuntimeOrigin::root(), org),
			Error::<Test>::OrganizationRevoked
		);
		// A regulator may not reinstate a regulator, Root may.
		let other_regulator = register_with(BOB, &[OrgRole::Regulator]);
		assert_ok!(Organizations::suspend(RuntimeOrigin::root(), other_regulator));
		assert_noop!(
			Organizations::reinstate(RuntimeOrigin::signed(REGULATOR), other_regulator),
			Error::<Test>::RegulatorRoleRequiresRoot
		);
		assert_ok!(Organizations::reinstate(RuntimeOrigin::root(), other_regulator));
	});
}

#[test]
fn revoke_is_final_releases_the_organization_deposit_and_keeps_members() {
	ExtBuilder::default().with_regulator().build_and_execute(|| {
		let org = hospital(ALICE);
		add(ALICE, org, BOB, &[MemberRole::Clinician]);
		assert_ok!(Organizations::revoke(RuntimeOrigin::signed(REGULATOR), org));
		System::assert_last_event(
			Event::Revoked { org, by: Some(REGULATOR), deposit_released: ORG_DEPOSIT }.into(),
		);
		assert_eq!(Organizations::status(org), Some(OrgStatus::Revoked));
		assert_eq!(Organizations::acting_for(&BOB, OrgRole::Provider), None);
		assert_eq!(held(HoldReason::OrganizationDeposit, ALICE), 0);
		assert_eq!(OrgStore::<Test>::get(org).unwrap().deposit, 0);
		// Members and their deposits stay until the admin removes them.
		assert_eq!(Organizations::organization_of(&BOB), Some(org));
		assert_eq!(held(HoldReason::MemberDeposit, ALICE), MEMBER_DEPOSIT);
		assert_eq!(history_actions(org).last(), Some(&AccreditationAction::Revoked));
		// The admin can still recover member deposits ...
		assert_ok!(Organizations::remove_member(RuntimeOrigin::signed(ALICE), org, BOB));
		assert_eq!(held(HoldReason::MemberDeposit, ALICE), 0);
		assert_eq!(free(ALICE), FUNDS);
		// ... and the freed member can join another organization.
		let other = hospital(CHARLIE);
		add(CHARLIE, other, BOB, &[]);
	});
}

#[test]
fn revoke_works_on_a_suspended_organization() {
	ExtBuilder::default().build_and_execute(|| {
		let org = hospital(ALICE);
		assert_ok!(Organizations::suspend(RuntimeOrigin::root(), org));
		assert_ok!(Organizations::revoke(RuntimeOrigin::root(), org));
		System::assert_last_event(
			Event::Revoked { org, by: None, deposit_released: ORG_DEPOSIT }.into(),
		);
		assert_eq!(
			history_actions(org),
			vec![
				AccreditationAction::Registered(org_roles(&[OrgRole::Provider])),
				AccreditationAction::Suspended,
				AccreditationAction::Revoked
			]
		);
	});
}

#[test]
fn revoke_fails_for_unknown_revoked_and_regulator_organizations() {
	ExtBuilder::default().with_regulator().build_and_execute(|| {
		assert_noop!(
			Organizations::revoke(RuntimeOrigin::root(), 42),
			Error::<Test>::UnknownOrganization
		);
		let org = hospital(ALICE);
		assert_ok!(Organizations::revoke(RuntimeOrigin::root(), org));
		assert_noop!(
			Organizations::revoke(RuntimeOrigin::root(), org),
			Error::<Test>::OrganizationRevoked
		);
		assert_noop!(
			Organizations::revoke(RuntimeOrigin::signed(REGULATOR), REGULATOR_ORG),
			Error::<Test>::RegulatorRoleRequiresRoot
		);
		assert_noop!(
			Organizations::revoke(RuntimeOrigin::signed(ALICE), org),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn suspend_and_reinstate_fail_for_a_signed_account_that_is_no_active_regulator_admin() {
	ExtBuilder::default().with_regulator().build_and_execute(|| {
		let org = hospital(ALICE);
		add(ALICE, org, BOB, &[MemberRole::Auditor]);
		// A stranger, a regulator's staff member, the organization's own admin and its auditor.
		let outsiders = [CHARLIE, REGULATOR_STAFF, ALICE, BOB];
		for who in outsiders {
			assert_noop!(
				Organizations::suspend(RuntimeOrigin::signed(who), org),
				DispatchError::BadOrigin
			);
		}
		assert_ok!(Organizations::suspend(RuntimeOrigin::signed(REGULATOR), org));
		// Nor may any of them lift the suspension, the suspended admin included.
		for who in outsiders {
			assert_noop!(
				Organizations::reinstate(RuntimeOrigin::signed(who), org),
				DispatchError::BadOrigin
			);
		}
		assert_eq!(Organizations::status(org), Some(OrgStatus::Suspended));
	});
}

#[test]
fn a_regulator_can_never_remove_the_last_active_regulator() {
	ExtBuilder::default().with_regulator().build_and_execute(|| {
		let other = register_with(ALICE, &[OrgRole::Regulator]);
		// Neither regulator may act on the other or on itself.
		for (who, target) in
			[(REGULATOR, other), (REGULATOR, REGULATOR_ORG), (ALICE, REGULATOR_ORG), (ALICE, other)]
		{
			assert_noop!(
				Organizations::revoke(RuntimeOrigin::signed(who), target),
				Error::<Test>::RegulatorRoleRequiresRoot
			);
		}
		// Root can revoke every regulator, and still act afterwards.
		assert_ok!(Organizations::revoke(RuntimeOrigin::root(), other));
		assert_ok!(Organizations::revoke(RuntimeOrigin::root(), REGULATOR_ORG));
		assert_eq!(hospital(BOB), other + 1);
	});
}

#[test]
fn history_keeps_the_newest_entries() {
	ExtBuilder::default().build_and_execute(|| {
		let org = hospital(ALICE);
		for block in 2..=4 {
			System::set_block_number(block);
			assert_ok!(Organizations::suspend(RuntimeOrigin::root(), org));
			assert_ok!(Organizations::reinstate(RuntimeOrigin::root(), org));
		}
		let history = History::<Test>::get(org);
		assert_eq!(history.len() as u32, MAX_HISTORY);
		assert_eq!(
			history.iter().map(|r| (r.block, r.action.clone())).collect::<Vec<_>>(),
			vec![
				(3, AccreditationAction::Reinstated),
				(4, AccreditationAction::Suspended),
				(4, AccreditationAction::Reinstated)
			]
		);
		// The registration itself is still in the organization's record.
		assert_eq!(OrgStore::<Test>::get(org).unwrap().accredited_at, 1);
	});
}

// ---------------------------------------------------------------------------------------------
// add_member, remove_member, leave, set_member_roles
// ---------------------------------------------------------------------------------------------

#[test]
fn add_member_holds_the_deposit_from_the_admin() {
	ExtBuilder::default().build_and_execute(|| {
		let org = hospital(ALICE);
		assert_ok!(Organizations::add_member(
			RuntimeOrigin::signed(ALICE),
			org,
			BOB,
			member_roles(&[MemberRole::Clinician, MemberRole::EmergencyClinician])
		));
		System::assert_last_event(
			Event::MemberInvited {
				org,
				who: BOB,
				roles: member_roles(&[MemberRole::Clinician, MemberRole::EmergencyClinician]),
				deposit: MEMBER_DEPOSIT,
			}
			.into(),
		);
		// Held from the admin at the invitation; Bob is no member until he accepts.
		assert_eq!(held(HoldReason::MemberDeposit, ALICE), MEMBER_DEPOSIT);
		assert_eq!(Organizations::organization_of(&BOB), None);
		assert_eq!(
			Organizations::invitation(org, BOB),
			Some(member_roles(&[MemberRole::Clinician, MemberRole::EmergencyClinician]))
		);
		assert_ok!(Organizations::accept_membership(RuntimeOrigin::signed(BOB), org));
		System::assert_last_event(
			Event::MemberAdded {
				org,
				who: BOB,
				roles: member_roles(&[MemberRole::Clinician, MemberRole::EmergencyClinician]),
				deposit: MEMBER_DEPOSIT,
			}
			.into(),
		);
		assert_eq!(Organizations::invitation(org, BOB), None);
		assert_eq!(Organizations::organization_of(&BOB), Some(org));
		assert!(Organizations::member_has_role(org, &BOB, MemberRole::EmergencyClinician));
		assert!(!Organizations::member_has_role(org, &BOB, MemberRole::Staff));
		assert_eq!(held(HoldReason::MemberDeposit, ALICE), MEMBER_DEPOSIT);
		assert_eq!(free(BOB), FUNDS);
		let o = OrgStore::<Test>::get(org).unwrap();
		assert_eq!((o.member_count, o.member_deposits), (2, MEMBER_DEPOSIT));
		// An account without funds can be a member.
		add(ALICE, org, NOBODY, &[MemberRole::Staff]);
		assert_eq!(held(HoldReason::MemberDeposit, ALICE), 2 * MEMBER_DEPOSIT);
	});
}

#[test]
fn add_member_works_while_suspended() {
	ExtBuilder::default().build_and_execute(|| {
		let org = hospital(ALICE);
		assert_ok!(Organizations::suspend(RuntimeOrigin::root(), org));
		add(ALICE, org, BOB, &[MemberRole::Clinician]);
		assert_eq!(Organizations::acting_for(&BOB, OrgRole::Provider), None);
		assert_ok!(Organizations::reinstate(RuntimeOrigin::root(), org));
		assert_eq!(Organizations::acting_for(&BOB, OrgRole::Provider), Some(org));
	});
}

#[test]
fn add_member_fails_for_an_unknown_organization() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Organizations::add_member(RuntimeOrigin::signed(ALICE), 0, BOB, MemberRoles::new()),
			Error::<Test>::UnknownOrganization
		);
	});
}

#[test]
fn add_member_fails_unless_signed_by_the_admin() {
	ExtBuilder::default().build_and_execute(|| {
		let org = hospital(ALICE);
		add(ALICE, org, BOB, &[MemberRole::Clinician]);
		for who in [BOB, CHARLIE] {
			assert_noop!(
				Organizations::add_member(
					RuntimeOrigin::signed(who),
					org,
					DAVE,
					MemberRoles::new()
				),
				Error::<Test>::NotAdmin
			);
		}
		assert_noop!(
			Organizations::add_member(RuntimeOrigin::root(), org, DAVE, MemberRoles::new()),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn add_member_fails_for_a_revoked_organization() {
	ExtBuilder::default().build_and_execute(|| {
		let org = hospital(ALICE);
		assert_ok!(Organizations::revoke(RuntimeOrigin::root(), org));
		assert_noop!(
			Organizations::add_member(RuntimeOrigin::signed(ALICE), org, BOB, MemberRoles::new()),
			Error::<Test>::OrganizationRevoked
		);
	});
}

#[test]
fn add_member_fails_for_an_account_in_any_organization() {
	ExtBuilder::default().build_and_execute(|| {
		let org = hospital(ALICE);
		let other = hospital(BOB);
		add(BOB, other, CHARLIE, &[]);
		// Itself, a member of the same organization, the admin and a member of another one.
		add(ALICE, org, DAVE, &[]);
		for who in [ALICE, DAVE, BOB, CHARLIE] {
			assert_noop!(
				Organizations::add_member(
					RuntimeOrigin::signed(ALICE),
					org,
					who,
					MemberRoles::new()
				),
				Error::<Test>::AlreadyInOrganization
			);
		}
	});
}

#[test]
fn add_member_fails_when_the_organization_is_full() {
	ExtBuilder::default().build_and_execute(|| {
		let org = hospital(ALICE);
		for who in 10..10 + u64::from(MAX_MEMBERS) - 1 {
			add(ALICE, org, who, &[]);
		}
		assert_eq!(OrgStore::<Test>::get(org).unwrap().member_count, MAX_MEMBERS);
		assert_noop!(
			Organizations::add_member(RuntimeOrigin::signed(ALICE), org, BOB, MemberRoles::new()),
			Error::<Test>::TooManyMembers
		);
		// Removing one makes room.
		assert_ok!(Organizations::remove_member(RuntimeOrigin::signed(ALICE), org, 10));
		add(ALICE, org, BOB, &[]);
	});
}

#[test]
fn add_member_fails_when_the_admin_cannot_pay_the_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		let org = hospital(ALICE);
		// Leave the admin less than a member deposit above the existential deposit.
		assert_ok!(Balances::transfer_allow_death(
			RuntimeOrigin::signed(ALICE),
			EVE,
			free(ALICE) - MEMBER_DEPOSIT
		));
		assert_noop!(
			Organizations::add_member(RuntimeOrigin::signed(ALICE), org, BOB, MemberRoles::new()),
			Error::<Test>::CannotPayDeposit
		);
	});
}

#[test]
fn remove_member_releases_the_deposit_to_the_admin() {
	ExtBuilder::default().build_and_execute(|| {
		let org = hospital(ALICE);
		add(ALICE, org, BOB, &[MemberRole::Clinician]);
		add(ALICE, org, CHARLIE, &[MemberRole::Staff]);
		assert_ok!(Organizations::remove_member(RuntimeOrigin::signed(ALICE), org, BOB));
		System::assert_last_event(
			Event::MemberRemoved { org, who: BOB, deposit_released: MEMBER_DEPOSIT }.into(),
		);
		assert_eq!(Organizations::organization_of(&BOB), None);
		assert_eq!(Organizations::member_roles(org, &BOB), None);
		assert_eq!(Organizations::acting_for(&BOB, OrgRole::Provider), None);
		assert_eq!(held(HoldReason::MemberDeposit, ALICE), MEMBER_DEPOSIT);
		let o = OrgStore::<Test>::get(org).unwrap();
		assert_eq!((o.member_count, o.member_deposits), (2, MEMBER_DEPOSIT));
	});
}

#[test]
fn remove_member_fails_for_an_unknown_organization() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Organizations::remove_member(RuntimeOrigin::signed(ALICE), 5, BOB),
			Error::<Test>::UnknownOrganization
		);
	});
}

#[test]
fn remove_member_fails_unless_signed_by_the_admin() {
	ExtBuilder::default().build_and_execute(|| {
		let org = hospital(ALICE);
		add(ALICE, org, BOB, &[]);
		add(ALICE, org, CHARLIE, &[]);
		assert_noop!(
			Organizations::remove_member(RuntimeOrigin::signed(BOB), org, CHARLIE),
			Error::<Test>::NotAdmin
		);
	});
}

#[test]
fn remove_member_fails_for_the_admin() {
	ExtBuilder::default().build_and_execute(|| {
		let org = hospital(ALICE);
		assert_noop!(
			Organizations::remove_member(RuntimeOrigin::signed(ALICE), org, ALICE),
			Error::<Test>::CannotRemoveAdmin
		);
	});
}

#[test]
fn remove_member_fails_for_a_non_member() {
	ExtBuilder::default().build_and_execute(|| {
		let org = hospital(ALICE);
		let other = hospital(BOB);
		add(BOB, other, CHARLIE, &[]);
		for who in [CHARLIE, DAVE] {
			assert_noop!(
				Organizations::remove_member(RuntimeOrigin::signed(ALICE), org, who),
				Error::<Test>::NotMember
			);
		}
	});
}

#[test]
fn leave_frees_the_member_and_releases_the_deposit_to_the_admin() {
	ExtBuilder::default().build_and_execute(|| {
		let org = hospital(ALICE);
		add(ALICE, org, BOB, &[MemberRole::Clinician]);
		assert_ok!(Organizations::leave(RuntimeOrigin::signed(BOB)));
		System::assert_last_event(
			Event::MemberLeft { org, who: BOB, deposit_released: MEMBER_DEPOSIT }.into(),
		);
		assert_eq!(Organizations::organization_of(&BOB), None);
		assert_eq!(held(HoldReason::MemberDeposit, ALICE), 0);
		assert_eq!(free(ALICE), FUNDS - ORG_DEPOSIT);
	});
}

#[test]
fn leave_works_from_a_suspended_or_revoked_organization() {
	ExtBuilder::default().build_and_execute(|| {
		let org = hospital(ALICE);
		add(ALICE, org, BOB, &[]);
		add(ALICE, org, CHARLIE, &[]);
		assert_ok!(Organizations::suspend(RuntimeOrigin::root(), org));
		assert_ok!(Organizations::leave(RuntimeOrigin::signed(BOB)));
		assert_ok!(Organizations::revoke(RuntimeOrigin::root(), org));
		assert_ok!(Organizations::leave(RuntimeOrigin::signed(CHARLIE)));
		assert_eq!(OrgStore::<Test>::get(org).unwrap().member_count, 1);
	});
}

#[test]
fn leave_fails_for_the_admin_and_for_non_members() {
	ExtBuilder::default().build_and_execute(|| {
		hospital(ALICE);
		assert_noop!(
			Organizations::leave(RuntimeOrigin::signed(ALICE)),
			Error::<Test>::CannotRemoveAdmin
		);
		assert_noop!(Organizations::leave(RuntimeOrigin::signed(BOB)), Error::<Test>::NotMember);
	});
}

#[test]
fn set_member_roles_replaces_the_roles_of_a_member_or_the_admin() {
	ExtBuilder::default().build_and_execute(|| {
		let org = hospital(ALICE);
		add(ALICE, org, BOB, &[MemberRole::Staff]);
		let roles = member_roles(&[MemberRole::Clinician, MemberRole::Auditor]);
		assert_ok!(Organizations::set_member_roles(
			RuntimeOrigin::signed(ALICE),
			org,
			BOB,
			roles.clone()
		));
		System::assert_last_event(Event::MemberRolesSet { org, who: BOB, roles }.into());
		assert!(Organizations::member_has_role(org, &BOB, MemberRole::Clinician));
		assert!(!Organizations::member_has_role(org, &BOB, MemberRole::Staff));
		// The admin is a member too, and may give itself roles; also while suspended.
		assert_ok!(Organizations::suspend(RuntimeOrigin::root(), org));
		assert_ok!(Organizations::set_member_roles(
			RuntimeOrigin::signed(ALICE),
			org,
			ALICE,
			member_roles(&[MemberRole::Clinician])
		));
		assert!(Organizations::member_has_role(org, &ALICE, MemberRole::Clinician));
	});
}

#[test]
fn set_member_roles_fails_for_unknown_organizations_non_admins_and_non_members() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Organizations::set_member_roles(
				RuntimeOrigin::signed(ALICE),
				3,
				BOB,
				MemberRoles::new()
			),
			Error::<Test>::UnknownOrganization
		);
		let org = hospital(ALICE);
		add(ALICE, org, BOB, &[]);
		assert_noop!(
			Organizations::set_member_roles(
				RuntimeOrigin::signed(BOB),
				org,
				BOB,
				member_roles(&[MemberRole::Clinician])
			),
			Error::<Test>::NotAdmin
		);
		assert_noop!(
			Organizations::set_member_roles(
				RuntimeOrigin::signed(ALICE),
				org,
				CHARLIE,
				member_roles(&[MemberRole::Clinician])
			),
			Error::<Test>::NotMember
		);
	});
}

#[test]
fn set_member_roles_fails_for_a_revoked_organization() {
	ExtBuilder::default().build_and_execute(|| {
		let org = hospital(ALICE);
		add(ALICE, org, BOB, &[]);
		assert_ok!(Organizations::revoke(RuntimeOrigin::root(), org));
		assert_noop!(
			Organizations::set_member_roles(
				RuntimeOrigin::signed(ALICE),
				org,
				BOB,
				member_roles(&[MemberRole::Clinician])
			),
			Error::<Test>::OrganizationRevoked
		);
	});
}

// ---------------------------------------------------------------------------------------------
// transfer_admin, set_metadata
// ---------------------------------------------------------------------------------------------

#[test]
fn transfer_admin_moves_the_rights_and_every_held_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		let org = hospital(ALICE);
		add(ALICE, org, BOB, &[MemberRole::Staff]);
		add(ALICE, org, CHARLIE, &[]);
		assert_ok!(Organizations::set_member_roles(
			RuntimeOrigin::signed(ALICE),
			org,
			ALICE,
			member_roles(&[MemberRole::Auditor])
		));
		assert_ok!(Organizations::transfer_admin(RuntimeOrigin::signed(ALICE), org, BOB));
		System::assert_last_event(Event::AdminOffered { org, admin: ALICE, new_admin: BOB }.into());
		assert_eq!(Organizations::admin_offer(org), Some(BOB));
		assert_ok!(Organizations::accept_admin(RuntimeOrigin::signed(BOB), org));
		assert_eq!(Organizations::admin_offer(org), None);
		System::assert_last_event(
			Event::AdminTransferred {
				org,
				old_admin: ALICE,
				new_admin: BOB,
				deposits_moved: ORG_DEPOSIT + 2 * MEMBER_DEPOSIT,
			}
			.into(),
		);
		assert!(Organizations::is_admin(org, &BOB));
		assert_eq!(
			Organizations::account_info(ALICE),
			Some((org, member_roles(&[MemberRole::Auditor]), false))
		);
		assert_eq!(
			Organizations::account_info(BOB),
			Some((org, member_roles(&[MemberRole::Staff]), true))
		);
		// The holds moved with the rights; the former admin's funds are the new admin's.
		assert_eq!(held(HoldReason::OrganizationDeposit, ALICE), 0);
		assert_eq!(held(HoldReason::MemberDeposit, ALICE), 0);
		assert_eq!(held(HoldReason::OrganizationDeposit, BOB), ORG_DEPOSIT);
		assert_eq!(held(HoldReason::MemberDeposit, BOB), 2 * MEMBER_DEPOSIT);
		assert_eq!(free(ALICE), FUNDS - ORG_DEPOSIT - 2 * MEMBER_DEPOSIT);
		assert_eq!(free(BOB), FUNDS);
		// Only the new admin manages members now; removing one releases to the new admin.
		assert_noop!(
			Organizations::remove_member(RuntimeOrigin::signed(ALICE), org, CHARLIE),
			Error::<Test>::NotAdmin
		);
		assert_ok!(Organizations::remove_member(RuntimeOrigin::signed(BOB), org, CHARLIE));
		assert_eq!(free(BOB), FUNDS + MEMBER_DEPOSIT);
		// The former admin is a plain member and may leave.
		assert_ok!(Organizations::leave(RuntimeOrigin::signed(ALICE)));
	});
}

#[test]
fn accept_admin_fails_when_the_new_admin_account_does_not_exist() {
	ExtBuilder::default().build_and_execute(|| {
		let org = hospital(ALICE);
		add(ALICE, org, NOBODY, &[]);
		assert_ok!(Organizations::transfer_admin(RuntimeOrigin::signed(ALICE), org, NOBODY));
		assert_noop!(
			Organizations::accept_admin(RuntimeOrigin::signed(NOBODY), org),
			Error::<Test>::NewAdminCannotHold
		);
		// Once the account exists, it takes over the holds.
		assert_ok!(Balances::transfer_allow_death(RuntimeOrigin::signed(EVE), NOBODY, ED));
		assert_ok!(Organizations::accept_admin(RuntimeOrigin::signed(NOBODY), org));
		assert_eq!(held(HoldReason::OrganizationDeposit, NOBODY), ORG_DEPOSIT);
		assert_eq!(held(HoldReason::MemberDeposit, NOBODY), MEMBER_DEPOSIT);
		// Revocation gives the organization deposit back to whoever is admin then.
		assert_ok!(Organizations::revoke(RuntimeOrigin::root(), org));
		assert_eq!(free(NOBODY), ED + ORG_DEPOSIT);
	});
}

#[test]
fn transfer_admin_of_a_genesis_organization_moves_nothing() {
	ExtBuilder::default().with_regulator().build_and_execute(|| {
		assert_ok!(Organizations::transfer_admin(
			RuntimeOrigin::signed(REGULATOR),
			REGULATOR_ORG,
			REGULATOR_STAFF
		));
		assert_ok!(Organizations::accept_admin(
			RuntimeOrigin::signed(REGULATOR_STAFF),
			REGULATOR_ORG
		));
		System::assert_last_event(
			Event::AdminTransferred {
				org: REGULATOR_ORG,
				old_admin: REGULATOR,
				new_admin: REGULATOR_STAFF,
				deposits_moved: 0,
			}
			.into(),
		);
		assert!(Organizations::is_active_regulator(&REGULATOR_STAFF));
		assert!(!Organizations::is_active_regulator(&REGULATOR));
	});
}

#[test]
fn transfer_admin_fails_for_unknown_organizations_and_non_admins() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Organizations::transfer_admin(RuntimeOrigin::signed(ALICE), 0, BOB),
			Error::<Test>::UnknownOrganization
		);
		let org = hospital(ALICE);
		add(ALICE, org, BOB, &[]);
		assert_noop!(
			Organizations::transfer_admin(RuntimeOrigin::signed(BOB), org, BOB),
			Error::<Test>::NotAdmin
		);
	});
}

#[test]
fn transfer_admin_fails_to_the_admin_itself() {
	ExtBuilder::default().build_and_execute(|| {
		let org = hospital(ALICE);
		assert_noop!(
			Organizations::transfer_admin(RuntimeOrigin::signed(ALICE), org, ALICE),
			Error::<Test>::AlreadyAdmin
		);
	});
}

#[test]
fn transfer_admin_fails_to_a_non_member() {
	ExtBuilder::default().build_and_execute(|| {
		let org = hospital(ALICE);
		let other = hospital(BOB);
		add(BOB, other, CHARLIE, &[]);
		for who in [BOB, CHARLIE, DAVE] {
			assert_noop!(
				Organizations::transfer_admin(RuntimeOrigin::signed(ALICE), org, who),
				Error::<Test>::NotMember
			);
		}
	});
}

#[test]
fn transfer_admin_fails_for_a_revoked_organization() {
	ExtBuilder::default().build_and_execute(|| {
		let org = hospital(ALICE);
		add(ALICE, org, BOB, &[]);
		assert_ok!(Organizations::revoke(RuntimeOrigin::root(), org));
		assert_noop!(
			Organizations::transfer_admin(RuntimeOrigin::signed(ALICE), org, BOB),
			Error::<Test>::OrganizationRevoked
		);
	});
}

#[test]
fn set_metadata_replaces_the_pointer() {
	ExtBuilder::default().build_and_execute(|| {
		let org = hospital(ALICE);
		assert_ok!(Organizations::set_metadata(
			RuntimeOrigin::signed(ALICE),
			org,
			metadata(b"ipfs://new")
		));
		System::assert_last_event(
			Event::MetadataSet { org, metadata: metadata(b"ipfs://new") }.into(),
		);
		assert_eq!(Organizations::organization(org).unwrap().metadata, b"ipfs://new".to_vec());
	});
}

#[test]
fn set_metadata_fails_for_unknown_organizations_non_admins_and_revoked_ones() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Organizations::set_metadata(RuntimeOrigin::signed(ALICE), 0, metadata(b"x")),
			Error::<Test>::UnknownOrganization
		);
		let org = hospital(ALICE);
		add(ALICE, org, BOB, &[]);
		assert_noop!(
			Organizations::set_metadata(RuntimeOrigin::signed(BOB), org, metadata(b"x")),
			Error::<Test>::NotAdmin
		);
		assert_ok!(Organizations::revoke(RuntimeOrigin::root(), org));
		assert_noop!(
			Organizations::set_metadata(RuntimeOrigin::signed(ALICE), org, metadata(b"x")),
			Error::<Test>::OrganizationRevoked
		);
	});
}

#[test]
fn set_metadata_takes_the_longest_pointer_and_one_byte_more_does_not_decode() {
	ExtBuilder::default().build_and_execute(|| {
		let org = hospital(ALICE);
		let pointer = vec![b'p'; MAX_METADATA as usize];
		// `set_metadata` (call 9) with the pointer as a plain byte string.
		let bytes = |pointer: &[u8]| call_bytes(9, (org, pointer.to_vec()));
		let call = RuntimeCall::Organizations(crate::Call::set_metadata {
			org,
			metadata: metadata(&pointer),
		});
		assert_eq!(bytes(&pointer), call.encode());
		assert_eq!(decoded_call(&bytes(&pointer)), Some(call));
		assert_eq!(decoded_call(&bytes(&[&pointer[..], b"p"].concat())), None);
		assert_ok!(Organizations::set_metadata(
			RuntimeOrigin::signed(ALICE),
			org,
			metadata(&pointer)
		));
		assert_eq!(Organizations::organization(org).unwrap().metadata, pointer);
	});
}

// ---------------------------------------------------------------------------------------------
// set_company_prefixes
// ---------------------------------------------------------------------------------------------

fn prefixes(list: &[&[u8]]) -> CompanyPrefixes {
	BoundedVec::truncate_from(
		list.iter().map(|p| CompanyPrefix::truncate_from(p.to_vec())).collect::<Vec<_>>(),
	)
}

fn set_prefixes(origin: RuntimeOrigin, org: OrgId, list: &[&[u8]]) -> DispatchResult {
	Organizations::set_company_prefixes(origin, org, prefixes(list))
}

/// A manufacturer administered by `admin`; returns its id.
fn manufacturer(admin: u64) -> OrgId {
	register_with(admin, &[OrgRole::Manufacturer])
}

#[test]
fn set_company_prefixes_gives_an_organization_the_gs1_keys_under_them() {
	ExtBuilder::default().with_regulator().build_and_execute(|| {
		let org = manufacturer(ALICE);
		assert!(!Organizations::holds_company_prefix(org, b"061414112345"));
		assert_ok!(set_prefixes(RuntimeOrigin::signed(REGULATOR), org, &[b"0614141", b"9506000"]));
		System::assert_last_event(
			Event::CompanyPrefixesSet {
				org,
				prefixes: prefixes(&[b"0614141", b"9506000"]),
				by: Some(REGULATOR),
			}
			.into(),
		);
		assert_eq!(
			Organizations::company_prefixes(org),
			vec![b"0614141".to_vec(), b"9506000".to_vec()]
		);
		// The digits of a GTIN after its indicator, or of an SSCC after its extension digit.
		assert!(Organizations::holds_company_prefix(org, b"061414112345"));
		assert!(Organizations::holds_company_prefix(org, b"0614141000000012"));
		assert!(!Organizations::holds_company_prefix(org, b"061414212345"));
		assert!(!Organizations::holds_company_prefix(REGULATOR_ORG, b"061414112345"));
		assert_eq!(Organizations::company_prefix_holder(b"950600013435".to_vec()), Some(org));
		assert_eq!(Organizations::company_prefix_holder(b"950600".to_vec()), None);
		// The list is replaced: a prefix left out is withdrawn and free for another holder.
		assert_ok!(set_prefixes(RuntimeOrigin::root(), org, &[b"9506000"]));
		assert!(!Organizations::holds_company_prefix(org, b"061414112345"));
		let other = manufacturer(BOB);
		assert_ok!(set_prefixes(RuntimeOrigin::root(), other, &[b"0614141"]));
		assert_eq!(Organizations::company_prefix_holder(b"061414112345".to_vec()), Some(other));
		// An empty list withdraws them all.
		assert_ok!(set_prefixes(RuntimeOrigin::root(), org, &[]));
		assert_eq!(Organizations::company_prefixes(org), Vec::<Vec<u8>>::new());
		assert_eq!(Organizations::company_prefix_holder(b"950600013435".to_vec()), None);
	});
}

#[test]
fn set_company_prefixes_refuses_a_prefix_another_organization_holds() {
	ExtBuilder::default().build_and_execute(|| {
		let (first, second) = (manufacturer(ALICE), manufacturer(BOB));
		assert_ok!(set_prefixes(RuntimeOrigin::root(), first, &[b"0614141"]));
		assert_noop!(
			set_prefixes(RuntimeOrigin::root(), second, &[b"0614141"]),
			Error::<Test>::CompanyPrefixTaken
		);
		// Setting the same list again changes nothing and is allowed.
		assert_ok!(set_prefixes(RuntimeOrigin::root(), first, &[b"0614141"]));
	});
}

#[test]
fn set_company_prefixes_refuses_prefixes_that_overlap() {
	ExtBuilder::default().build_and_execute(|| {
		let (first, second) = (manufacturer(ALICE), manufacturer(BOB));
		assert_ok!(set_prefixes(RuntimeOrigin::root(), first, &[b"0614141"]));
		let second_gets = |list: &[&[u8]]| set_prefixes(RuntimeOrigin::root(), second, list);
		// A longer prefix inside a held one, or a shorter one around it, would share its keys.
		assert_noop!(second_gets(&[b"06141410"]), Error::<Test>::CompanyPrefixOverlap);
		assert_noop!(second_gets(&[b"061414"]), Error::<Test>::CompanyPrefixOverlap);
		assert_noop!(second_gets(&[b"0614"]), Error::<Test>::CompanyPrefixOverlap);
		// Within one list too, and for the holder itself.
		assert_noop!(second_gets(&[b"5000", b"50001"]), Error::<Test>::CompanyPrefixOverlap);
		assert_noop!(
			set_prefixes(RuntimeOrigin::root(), first, &[b"0614141", b"06141412"]),
			Error::<Test>::CompanyPrefixOverlap
		);
		// Neighbours do not overlap.
		assert_ok!(second_gets(&[b"0614142", b"06141400"]));
		// A holder may swap a prefix for a longer or shorter one in one call.
		assert_ok!(set_prefixes(RuntimeOrigin::root(), first, &[b"061414100"]));
		assert_ok!(set_prefixes(RuntimeOrigin::root(), first, &[b"0614141"]));
	});
}

#[test]
fn set_company_prefixes_refuses_malformed_and_repeated_prefixes() {
	ExtBuilder::default().build_and_execute(|| {
		let org = manufacturer(ALICE);
		let set = |list: &[&[u8]]| set_prefixes(RuntimeOrigin::root(), org, list);
		for bad in [&b"061"[..], b"", b"06141A1", b"0614 141", b"-6141410"] {
			assert_noop!(set(&[b"9506000", bad]), Error::<Test>::InvalidCompanyPrefix);
		}
		assert_noop!(set(&[b"9506000", b"9506000"]), Error::<Test>::DuplicateCompanyPrefix);
		assert_ok!(set(&[b"0614", b"123456789012"]));
	});
}

#[test]
fn set_company_prefixes_takes_the_most_and_longest_prefixes_and_one_more_does_not_decode() {
	ExtBuilder::default().build_and_execute(|| {
		let org = manufacturer(ALICE);
		let list: Vec<Vec<u8>> = (0..MAX_COMPANY_PREFIXES)
			.map(|i| format!("{:012}", 100_000_000_000u64 + u64::from(i)).into_bytes())
			.collect();
		// `set_company_prefixes` (call 11) with the list as plain byte strings.
		let bytes = |list: &[Vec<u8>]| call_bytes(11, (org, list.to_vec()));
		let refs: Vec<&[u8]> = list.iter().map(|p| p.as_slice()).collect();
		let call = RuntimeCall::Organizations(crate::Call::set_company_prefixes {
			org,
			prefixes: prefixes(&refs),
		});
		assert_eq!(bytes(&list), call.encode());
		assert_eq!(decoded_call(&bytes(&list)), Some(call));
		let mut one_more = list.clone();
		one_more.push(b"200000000000".to_vec());
		assert_eq!(decoded_call(&bytes(&one_more)), None);
		let mut too_long = list.clone();
		too_long[0].push(b'0');
		assert_eq!(decoded_call(&bytes(&too_long)), None);
		assert_ok!(set_prefixes(RuntimeOrigin::root(), org, &refs));
		assert_eq!(Organizations::company_prefixes(org), list);
	});
}

#[test]
fn set_company_prefixes_by_regulator_cannot_touch_regulators_or_plain_signers() {
	ExtBuilder::default().with_regulator().build_and_execute(|| {
		let org = manufacturer(ALICE);
		for who in [ALICE, REGULATOR_STAFF, BOB] {
			assert_noop!(
				set_prefixes(RuntimeOrigin::signed(who), org, &[b"0614141"]),
				DispatchError::BadOrigin
			);
		}
		assert_noop!(
			set_prefixes(RuntimeOrigin::signed(REGULATOR), REGULATOR_ORG, &[b"0614141"]),
			Error::<Test>::RegulatorRoleRequiresRoot
		);
		assert_noop!(
			set_prefixes(RuntimeOrigin::root(), 7, &[b"0614141"]),
			Error::<Test>::UnknownOrganization
		);
		assert_ok!(set_prefixes(RuntimeOrigin::root(), REGULATOR_ORG, &[b"0614141"]));
	});
}

#[test]
fn a_revoked_organization_keeps_no_prefix_it_could_use() {
	ExtBuilder::default().build_and_execute(|| {
		let org = manufacturer(ALICE);
		assert_ok!(set_prefixes(RuntimeOrigin::root(), org, &[b"0614141"]));
		assert_ok!(Organizations::revoke(RuntimeOrigin::root(), org));
		// Nothing new for it; its prefixes may be withdrawn and given to a successor.
		assert_noop!(
			set_prefixes(RuntimeOrigin::root(), org, &[b"0614141", b"9506000"]),
			Error::<Test>::OrganizationRevoked
		);
		assert_ok!(set_prefixes(RuntimeOrigin::root(), org, &[]));
		let successor = manufacturer(BOB);
		assert_ok!(set_prefixes(RuntimeOrigin::root(), successor, &[b"0614141"]));
	});
}

#[test]
fn try_state_detects_inconsistent_company_prefixes() {
	ExtBuilder::default().build().execute_with(|| {
		let org = manufacturer(ALICE);
		assert_ok!(set_prefixes(RuntimeOrigin::root(), org, &[b"0614141"]));
		assert_ok!(Organizations::do_try_state());
		CompanyPrefixHolder::<Test>::insert(CompanyPrefix::truncate_from(b"9999".to_vec()), org);
		assert!(Organizations::do_try_state().is_err());
		CompanyPrefixHolder::<Test>::remove(CompanyPrefix::truncate_from(b"9999".to_vec()));
		CompanyPrefixesUnder::<Test>::insert(CompanyPrefix::truncate_from(b"0614".to_vec()), 2);
		assert!(Organizations::do_try_state().is_err());
	});
}

// ---------------------------------------------------------------------------------------------
// Origin, genesis, queries, inspect, invariants
// ---------------------------------------------------------------------------------------------

#[test]
fn ensure_root_or_regulator_tells_root_from_a_regulator() {
	ExtBuilder::default().with_regulator().build_and_execute(|| {
		assert_eq!(
			EnsureRootOrRegulator::<Test>::try_origin(RuntimeOrigin::root()).ok(),
			Some(None)
		);
		assert_eq!(
			EnsureRootOrRegulator::<Test>::try_origin(RuntimeOrigin::signed(REGULATOR)).ok(),
			Some(Some(REGULATOR))
		);
		for origin in [
			RuntimeOrigin::signed(REGULATOR_STAFF),
			RuntimeOrigin::signed(ALICE),
			RuntimeOrigin::none(),
		] {
			assert!(EnsureRootOrRegulator::<Test>::try_origin(origin).is_err());
		}
		// Losing the role loses the power.
		assert_ok!(Organizations::set_roles(
			RuntimeOrigin::root(),
			REGULATOR_ORG,
			org_roles(&[OrgRole::Payer])
		));
		assert!(
			EnsureRootOrRegulator::<Test>::try_origin(RuntimeOrigin::signed(REGULATOR)).is_err()
		);
	});
}

/// A call's name, whether Root may make it, and the call as a function of its origin.
type CallCase = (&'static str, bool, fn(RuntimeOrigin) -> DispatchResult);

#[test]
fn every_call_refuses_unsigned_origins_and_root_where_an_account_is_needed() {
	ExtBuilder::default().with_regulator().build_and_execute(|| {
		let org = hospital(ALICE);
		assert_eq!(org, 1);
		add(ALICE, org, BOB, &[]);
		// Every call, with arguments its rightful caller could use, and whether Root is one.
		let calls: [CallCase; 18] = [
			("register", true, |o| {
				Organizations::register(
					o,
					CHARLIE,
					org_roles(&[OrgRole::Payer]),
					credential(GLN),
					metadata(b""),
				)
			}),
			("set_roles", true, |o| Organizations::set_roles(o, 1, org_roles(&[OrgRole::Payer]))),
			("suspend", true, |o| Organizations::suspend(o, 1)),
			("reinstate", true, |o| Organizations::reinstate(o, 1)),
			("revoke", true, |o| Organizations::revoke(o, 1)),
			("add_member", false, |o| Organizations::add_member(o, 1, DAVE, MemberRoles::new())),
			("remove_member", false, |o| Organizations::remove_member(o, 1, BOB)),
			("set_member_roles", false, |o| {
				Organizations::set_member_roles(o, 1, BOB, member_roles(&[MemberRole::Staff]))
			}),
			("transfer_admin", false, |o| Organizations::transfer_admin(o, 1, BOB)),
			("set_metadata", false, |o| Organizations::set_metadata(o, 1, metadata(b"x"))),
			("leave", false, |o| Organizations::leave(o)),
			("set_company_prefixes", true, |o| set_prefixes(o, 1, &[b"0614141"])),
			("accept_admin", false, |o| Organizations::accept_admin(o, 1)),
			("decline_admin", false, |o| Organizations::decline_admin(o, 1)),
			// Root withdraws registrations.
			("withdraw_admin_offer", true, |o| Organizations::withdraw_admin_offer(o, 1)),
			("accept_membership", false, |o| Organizations::accept_membership(o, 1)),
			("decline_membership", false, |o| Organizations::decline_membership(o, 1)),
			("withdraw_invitation", false, |o| Organizations::withdraw_invitation(o, 1, BOB)),
		];
		healthchain_primitives::testing::assert_names_every_call(
			calls.iter().map(|(name, _, _)| *name),
			crate::Call::<Test>::get_call_names(),
		);
		for (_, root_allowed, call) in calls {
			assert_noop!(call(RuntimeOrigin::none()), DispatchError::BadOrigin);
			if !root_allowed {
				assert_noop!(call(RuntimeOrigin::root()), DispatchError::BadOrigin);
			}
		}
	});
}

#[test]
fn genesis_accredits_organizations_with_members_and_no_deposits() {
	ExtBuilder::default()
		.with_regulator()
		.with_organization(GenesisOrganization {
			admin: ALICE,
			roles: vec![OrgRole::Provider, OrgRole::Provider, OrgRole::Researcher],
			issuer: "0614141000005".into(),
			credential_hash: [0; 32],
			metadata: String::new(),
			admin_roles: vec![],
			members: vec![
				(BOB, vec![MemberRole::Clinician, MemberRole::EmergencyClinician]),
				(CHARLIE, vec![MemberRole::Staff]),
			],
			company_prefixes: vec!["0614141".into(), "9506000".into()],
		})
		.build_and_execute(|| {
			assert_eq!(NextOrgId::<Test>::get(), 2);
			assert_eq!(
				Organizations::company_prefixes(1),
				vec![b"0614141".to_vec(), b"9506000".to_vec()]
			);
			assert!(Organizations::holds_company_prefix(1, b"950600013435"));
			let regulator = Organizations::organization(REGULATOR_ORG).unwrap();
			assert_eq!(regulator.roles, vec![OrgRole::Regulator]);
			assert_eq!(regulator.credential_issuer, b"REG-AUTHORITY".to_vec());
			assert_eq!(regulator.credential_hash, [7; 32]);
			assert_eq!(regulator.metadata, b"ipfs://regulator".to_vec());
			assert_eq!(regulator.accredited_by, None);
			assert_eq!(regulator.accredited_at, 0);
			assert_eq!((regulator.deposit, regulator.member_deposits), (0, 0));
			assert!(Organizations::member_has_role(0, &REGULATOR, MemberRole::Auditor));
			assert!(Organizations::is_active_regulator(&REGULATOR));

			let hospital = Organizations::organization(1).unwrap();
			assert_eq!(hospital.roles, vec![OrgRole::Provider, OrgRole::Researcher]);
			assert_eq!(hospital.member_count, 3);
			assert_eq!(Organizations::acting_for(&BOB, OrgRole::Researcher), Some(1));
			assert!(Organizations::member_has_role(1, &BOB, MemberRole::EmergencyClinician));
			assert_eq!(Organizations::member_roles(1, &ALICE), Some(MemberRoles::new()));
			for who in [ALICE, BOB, CHARLIE, REGULATOR] {
				assert_eq!(Balances::total_balance_on_hold(&who), 0);
			}
		});
}

#[test]
fn genesis_config_reads_from_json() {
	let json = r#"{
		"organizations": [{
			"admin": 7,
			"roles": ["Dispenser"],
			"issuer": "4000000000006",
			"members": [[8, ["Pharmacist"]]]
		}]
	}"#;
	let config: GenesisConfig<Test> = serde_json::from_str(json).unwrap();
	assert_eq!(config.organizations[0].admin, 7);
	assert_eq!(config.organizations[0].credential_hash, [0; 32]);
	assert_eq!(config.organizations[0].members, vec![(8, vec![MemberRole::Pharmacist])]);
}

#[test]
#[should_panic(expected = "invalid organizations genesis entry")]
fn genesis_panics_on_a_malformed_issuer() {
	ExtBuilder::default()
		.with_organization(GenesisOrganization {
			admin: ALICE,
			roles: vec![OrgRole::Provider],
			issuer: "not a code".into(),
			credential_hash: [0; 32],
			metadata: String::new(),
			admin_roles: vec![],
			members: vec![],
			company_prefixes: vec![],
		})
		.build();
}

#[test]
#[should_panic(expected = "invalid organizations genesis entry")]
fn genesis_panics_when_an_account_is_in_two_organizations() {
	ExtBuilder::default()
		.with_regulator()
		.with_organization(GenesisOrganization {
			admin: ALICE,
			roles: vec![OrgRole::Provider],
			issuer: "0614141".into(),
			credential_hash: [0; 32],
			metadata: String::new(),
			admin_roles: vec![],
			members: vec![(REGULATOR_STAFF, vec![])],
			company_prefixes: vec![],
		})
		.build();
}

#[test]
#[should_panic(expected = "invalid organizations genesis entry")]
fn genesis_panics_on_a_malformed_company_prefix() {
	ExtBuilder::default()
		.with_organization(GenesisOrganization {
			admin: ALICE,
			roles: vec![OrgRole::Manufacturer],
			issuer: "0614141".into(),
			credential_hash: [0; 32],
			metadata: String::new(),
			admin_roles: vec![],
			members: vec![],
			company_prefixes: vec!["061".into()],
		})
		.build();
}

#[test]
#[should_panic(expected = "invalid organizations genesis entry")]
fn genesis_panics_when_two_organizations_share_a_company_prefix() {
	let maker = |admin| GenesisOrganization {
		admin,
		roles: vec![OrgRole::Manufacturer],
		issuer: "0614141".into(),
		credential_hash: [0; 32],
		metadata: String::new(),
		admin_roles: vec![],
		members: vec![],
		company_prefixes: vec!["0614141".into()],
	};
	ExtBuilder::default().with_organization(maker(ALICE)).with_organization(maker(BOB)).build();
}

#[test]
#[should_panic(expected = "invalid organizations genesis entry")]
fn genesis_panics_on_too_long_metadata() {
	ExtBuilder::default()
		.with_organization(GenesisOrganization {
			admin: ALICE,
			roles: vec![OrgRole::Provider],
			issuer: "0614141".into(),
			credential_hash: [0; 32],
			metadata: "x".repeat(MAX_METADATA as usize + 1),
			admin_roles: vec![],
			members: vec![],
			company_prefixes: vec![],
		})
		.build();
}

#[test]
fn organization_query_gives_the_client_view_with_history() {
	ExtBuilder::default().with_regulator().build_and_execute(|| {
		assert_eq!(Organizations::organization(9), None);
		let org = hospital(ALICE);
		add(ALICE, org, BOB, &[]);
		System::set_block_number(3);
		assert_ok!(Organizations::suspend(RuntimeOrigin::signed(REGULATOR), org));
		assert_eq!(
			Organizations::organization(org),
			Some(OrganizationInfo {
				id: org,
				admin: ALICE,
				roles: vec![OrgRole::Provider],
				credential_hash: [9; 32],
				credential_issuer: GLN.to_vec(),
				metadata: b"ipfs://org".to_vec(),
				status: OrgStatus::Suspended,
				accredited_by: None,
				accredited_at: 1,
				member_count: 2,
				deposit: u128::from(ORG_DEPOSIT),
				member_deposits: u128::from(MEMBER_DEPOSIT),
				history: vec![
					AccreditationRecord {
						who: None,
						block: 1,
						action: AccreditationAction::Registered(org_roles(&[OrgRole::Provider]))
					},
					AccreditationRecord {
						who: Some(REGULATOR),
						block: 3,
						action: AccreditationAction::Suspended
					},
				],
			})
		);
	});
}

#[test]
fn account_info_gives_organization_roles_and_admin_flag() {
	ExtBuilder::default().build_and_execute(|| {
		let org = hospital(ALICE);
		add(ALICE, org, BOB, &[MemberRole::Clinician]);
		assert_eq!(Organizations::account_info(ALICE), Some((org, MemberRoles::new(), true)));
		assert_eq!(
			Organizations::account_info(BOB),
			Some((org, member_roles(&[MemberRole::Clinician]), false))
		);
		assert_eq!(Organizations::account_info(CHARLIE), None);
	});
}

#[test]
fn members_query_pages_through_every_member_once() {
	ExtBuilder::default().build_and_execute(|| {
		let org = hospital(ALICE);
		add(ALICE, org, BOB, &[MemberRole::Clinician]);
		add(ALICE, org, CHARLIE, &[]);
		add(ALICE, org, DAVE, &[MemberRole::Staff]);
		let other = hospital(EVE);

		let mut seen = Vec::new();
		let mut cursor = None;
		loop {
			let page = Organizations::members(org, cursor, 3);
			assert!(page.len() <= 3);
			if page.is_empty() {
				break;
			}
			cursor = page.last().map(|(who, _)| *who);
			seen.extend(page);
		}
		seen.sort();
		assert_eq!(
			seen,
			vec![
				(ALICE, MemberRoles::new()),
				(BOB, member_roles(&[MemberRole::Clinician])),
				(CHARLIE, MemberRoles::new()),
				(DAVE, member_roles(&[MemberRole::Staff])),
			]
		);
		assert_eq!(Organizations::members(org, None, 0), vec![]);
		assert_eq!(Organizations::members(other, None, 10), vec![(EVE, MemberRoles::new())]);
		assert_eq!(Organizations::members(77, None, 10), vec![]);
	});
}

#[test]
fn members_query_caps_the_page_size() {
	ExtBuilder::default().build_and_execute(|| {
		let org = hospital(ALICE);
		// Above the mock's member limit, straight into storage: only the page cap matters.
		for who in 1_000..1_000 + u64::from(MAX_PAGE) + 5 {
			Members::<Test>::insert(org, who, Membership { roles: MemberRoles::new(), deposit: 0 });
		}
		assert_eq!(Organizations::members(org, None, u32::MAX).len() as u32, MAX_PAGE);
		let _ = Members::<Test>::clear_prefix(org, u32::MAX, None);
		Members::<Test>::insert(org, ALICE, Membership { roles: MemberRoles::new(), deposit: 0 });
	});
}

#[test]
fn inspect_answers_for_every_status() {
	ExtBuilder::default().with_regulator().build_and_execute(|| {
		assert_eq!(Organizations::status(5), None);
		assert_eq!(Organizations::admin(5), None);
		assert!(!Organizations::holds_role(5, OrgRole::Provider));
		assert!(!Organizations::is_active(5));
		let org = hospital(ALICE);
		add(ALICE, org, BOB, &[MemberRole::Clinician]);
		assert_eq!(Organizations::admin(org), Some(ALICE));
		assert!(Organizations::is_admin(org, &ALICE));
		assert!(!Organizations::is_admin(org, &BOB));
		assert!(Organizations::holds_role(org, OrgRole::Provider));
		assert!(!Organizations::holds_role(org, OrgRole::Dispenser));
		assert_eq!(Organizations::acting_for(&BOB, OrgRole::Dispenser), None);
		assert_eq!(Organizations::acting_for(&REGULATOR_STAFF, OrgRole::Regulator), Some(0));
		assert_eq!(Organizations::member_roles(org, &REGULATOR_STAFF), None);
		assert_ok!(Organizations::revoke(RuntimeOrigin::root(), org));
		assert!(Organizations::holds_role(org, OrgRole::Provider));
		assert!(!Organizations::is_active_with_role(org, OrgRole::Provider));
	});
}

#[test]
fn end_to_end_a_suspension_takes_a_members_powers_away() {
	ExtBuilder::default().with_regulator().build_and_execute(|| {
		// The regulator accredits a hospital; its admin adds a clinician.
		assert_ok!(Organizations::register(
			RuntimeOrigin::signed(REGULATOR),
			ALICE,
			org_roles(&[OrgRole::Provider]),
			credential(GLN),
			metadata(b"ipfs://hospital"),
		));
		let org = 1;
		assert_ok!(Organizations::accept_admin(RuntimeOrigin::signed(ALICE), org));
		add(ALICE, org, BOB, &[MemberRole::Clinician]);
		assert_eq!(Organizations::acting_for(&BOB, OrgRole::Provider), Some(org));
		assert!(Organizations::member_has_role(org, &BOB, MemberRole::Clinician));
		// Suspension: powers gone everywhere at once.
		assert_ok!(Organizations::suspend(RuntimeOrigin::signed(REGULATOR), org));
		assert_eq!(Organizations::acting_for(&BOB, OrgRole::Provider), None);
		// Reinstatement gives them back; revocation takes them for good.
		assert_ok!(Organizations::reinstate(RuntimeOrigin::signed(REGULATOR), org));
		assert_eq!(Organizations::acting_for(&BOB, OrgRole::Provider), Some(org));
		assert_ok!(Organizations::revoke(RuntimeOrigin::signed(REGULATOR), org));
		assert_eq!(Organizations::acting_for(&BOB, OrgRole::Provider), None);
		assert_noop!(
			Organizations::reinstate(RuntimeOrigin::signed(REGULATOR), org),
			Error::<Test>::OrganizationRevoked
		);
	});
}

#[cfg(feature = "runtime-benchmarks")]
#[test]
fn benchmark_helpers_set_up_organizations_and_members() {
	ExtBuilder::default().build_and_execute(|| {
		let org = Organizations::benchmark_organization(&ALICE, &[OrgRole::Dispenser]);
		assert!(Organizations::is_active_with_role(org, OrgRole::Dispenser));
		assert_eq!(Balances::total_balance_on_hold(&ALICE), 0);
		// Again for the same admin: the same organization, reactivated with the new roles.
		assert_ok!(Organizations::suspend(RuntimeOrigin::root(), org));
		assert_eq!(Organizations::benchmark_organization(&ALICE, &[OrgRole::Payer]), org);
		assert!(Organizations::is_active_with_role(org, OrgRole::Payer));

		Organizations::benchmark_member(org, &BOB, &[MemberRole::Pharmacist]);
		assert!(Organizations::member_has_role(org, &BOB, MemberRole::Pharmacist));
		Organizations::benchmark_member(org, &BOB, &[MemberRole::Staff]);
		assert!(Organizations::member_has_role(org, &BOB, MemberRole::Staff));

		// A member moves when it becomes another organization's admin or member.
		let other = Organizations::benchmark_organization(&BOB, &[OrgRole::Provider]);
		assert!(Organizations::is_admin(other, &BOB));
		assert_eq!(Organizations::member_roles(org, &BOB), None);
		Organizations::benchmark_member(other, &CHARLIE, &[]);
		Organizations::benchmark_member(org, &CHARLIE, &[MemberRole::Auditor]);
		assert_eq!(Organizations::organization_of(&CHARLIE), Some(org));
		assert_eq!(OrgStore::<Test>::get(other).unwrap().member_count, 1);
	});
}

#[test]
fn try_state_detects_broken_indexes_and_counts() {
	ExtBuilder::default().build().execute_with(|| {
		let org = hospital(ALICE);
		add(ALICE, org, BOB, &[]);
		assert_ok!(Organizations::do_try_state());

		MemberOf::<Test>::remove(BOB);
		assert!(Organizations::do_try_state().is_err());
		MemberOf::<Test>::insert(BOB, org);

		MemberOf::<Test>::insert(CHARLIE, org);
		assert!(Organizations::do_try_state().is_err());
		MemberOf::<Test>::remove(CHARLIE);

		OrgStore::<Test>::mutate(org, |o| o.as_mut().unwrap().member_count = 5);
		assert!(Organizations::do_try_state().is_err());
		OrgStore::<Test>::mutate(org, |o| o.as_mut().unwrap().member_count = 2);

		OrgStore::<Test>::mutate(org, |o| o.as_mut().unwrap().admin = CHARLIE);
		assert!(Organizations::do_try_state().is_err());
		OrgStore::<Test>::mutate(org, |o| o.as_mut().unwrap().admin = ALICE);

		NextOrgId::<Test>::put(org);
		assert!(Organizations::do_try_state().is_err());
		NextOrgId::<Test>::put(org + 1);

		assert_ok!(Organizations::do_try_state());
	});
}

#[test]
fn integrity_test_accepts_the_mock_configuration() {
	integrity_test();
}

// ---------------------------------------------------------------------------------------------
// Finding 16: no account is bound to an organization without its own consent
// ---------------------------------------------------------------------------------------------

#[test]
fn finding_16_register_binds_no_admin_until_it_accepts() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Organizations::register(
			RuntimeOrigin::root(),
			ALICE,
			org_roles(&[OrgRole::Provider]),
			credential(GLN),
			metadata(b""),
		));
		// Alice signed nothing: she belongs to no organization and pays nothing.
		assert_eq!(MemberOf::<Test>::get(ALICE), None);
		assert_eq!(held(HoldReason::OrganizationDeposit, ALICE), 0);
		assert_eq!(Organizations::admin(0), None);
	});
}

#[test]
fn finding_16_add_member_binds_no_account_until_it_accepts() {
	ExtBuilder::default().build_and_execute(|| {
		let org = hospital(ALICE);
		assert_ok!(Organizations::add_member(
			RuntimeOrigin::signed(ALICE),
			org,
			BOB,
			member_roles(&[MemberRole::Clinician])
		));
		// Bob signed nothing: he acts for no organization.
		assert_eq!(MemberOf::<Test>::get(BOB), None);
		assert_eq!(Organizations::acting_for(&BOB, OrgRole::Provider), None);
	});
}

#[test]
fn finding_16_transfer_admin_makes_no_admin_until_it_accepts() {
	ExtBuilder::default().build_and_execute(|| {
		let org = hospital(ALICE);
		add(ALICE, org, BOB, &[]);
		assert_ok!(Organizations::transfer_admin(RuntimeOrigin::signed(ALICE), org, BOB));
		// Bob signed nothing: Alice is still the admin and the deposits are still hers.
		assert!(Organizations::is_admin(org, &ALICE));
		assert_eq!(held(HoldReason::OrganizationDeposit, BOB), 0);
	});
}

#[test]
fn finding_16_accept_admin_brings_a_registration_into_force() {
	ExtBuilder::default().with_regulator().build_and_execute(|| {
		let org = offer_registration(ALICE, &[OrgRole::Provider]);
		assert_eq!(Organizations::admin_offer(org), Some(ALICE));
		// Not in force: no organization, no member, nothing held, no id reused.
		assert_eq!(Organizations::organization(org), None);
		assert_eq!(Organizations::status(org), None);
		assert_eq!(Organizations::account_info(ALICE), None);
		assert_eq!(Balances::total_balance_on_hold(&ALICE), 0);
		assert_eq!(NextOrgId::<Test>::get(), org + 1);
		assert_ok!(Organizations::accept_admin(RuntimeOrigin::signed(ALICE), org));
		System::assert_last_event(
			Event::Registered {
				org,
				admin: ALICE,
				roles: org_roles(&[OrgRole::Provider]),
				credential: credential(GLN),
				accredited_by: None,
				deposit: ORG_DEPOSIT,
			}
			.into(),
		);
		assert!(Organizations::is_active(org));
		assert!(Organizations::is_admin(org, &ALICE));
		assert_eq!(held(HoldReason::OrganizationDeposit, ALICE), ORG_DEPOSIT);
		assert_eq!(Organizations::admin_offer(org), None);
		assert!(!crate::PendingRegistrations::<Test>::contains_key(org));
	});
}

#[test]
fn finding_16_a_registration_not_accepted_can_do_nothing_else() {
	ExtBuilder::default().with_regulator().build_and_execute(|| {
		let org = offer_registration(ALICE, &[OrgRole::Provider]);
		let root = || RuntimeOrigin::root();
		let alice = || RuntimeOrigin::signed(ALICE);
		let refused: [DispatchResult; 10] = [
			Organizations::set_roles(root(), org, org_roles(&[OrgRole::Payer])),
			Organizations::suspend(root(), org),
			Organizations::reinstate(root(), org),
			Organizations::revoke(root(), org),
			set_prefixes(root(), org, &[b"0614141"]),
			Organizations::add_member(alice(), org, BOB, MemberRoles::new()),
			Organizations::remove_member(alice(), org, BOB),
			Organizations::set_member_roles(alice(), org, ALICE, MemberRoles::new()),
			Organizations::transfer_admin(alice(), org, BOB),
			Organizations::set_metadata(alice(), org, metadata(b"x")),
		];
		for result in refused {
			assert_eq!(result, Err(Error::<Test>::AdminNotAccepted.into()));
		}
		assert_noop!(
			Organizations::withdraw_invitation(alice(), org, BOB),
			Error::<Test>::AdminNotAccepted
		);
		assert_noop!(Organizations::suspend(root(), org), Error::<Test>::AdminNotAccepted);
		assert_noop!(
			Organizations::set_metadata(alice(), org, metadata(b"x")),
			Error::<Test>::AdminNotAccepted
		);
		// An id never taken is still unknown.
		assert_noop!(Organizations::suspend(root(), org + 1), Error::<Test>::UnknownOrganization);
	});
}

#[test]
fn finding_16_accept_admin_refusals() {
	ExtBuilder::default().with_regulator().build_and_execute(|| {
		// No offer at all, and an offer to someone else.
		assert_noop!(
			Organizations::accept_admin(RuntimeOrigin::signed(ALICE), 7),
			Error::<Test>::NoAdminOffer
		);
		let org = offer_registration(ALICE, &[OrgRole::Provider]);
		assert_noop!(
			Organizations::accept_admin(RuntimeOrigin::signed(BOB), org),
			Error::<Test>::NotOfferedAdmin
		);
		// The account joined another organization meanwhile.
		let other = hospital(BOB);
		add(BOB, other, ALICE, &[]);
		assert_noop!(
			Organizations::accept_admin(RuntimeOrigin::signed(ALICE), org),
			Error::<Test>::AlreadyInOrganization
		);
		// A handover: the organization was revoked meanwhile.
		add(BOB, other, CHARLIE, &[]);
		assert_ok!(Organizations::transfer_admin(RuntimeOrigin::signed(BOB), other, CHARLIE));
		assert_ok!(Organizations::revoke(RuntimeOrigin::root(), other));
		assert_noop!(
			Organizations::accept_admin(RuntimeOrigin::signed(CHARLIE), other),
			Error::<Test>::OrganizationRevoked
		);
		// A handover lapses when its member goes; a later offer to it is refused likewise.
		let third = hospital(DAVE);
		add(DAVE, third, EVE, &[]);
		assert_ok!(Organizations::transfer_admin(RuntimeOrigin::signed(DAVE), third, EVE));
		assert_ok!(Organizations::leave(RuntimeOrigin::signed(EVE)));
		assert_eq!(Organizations::admin_offer(third), None);
		assert_noop!(
			Organizations::accept_admin(RuntimeOrigin::signed(EVE), third),
			Error::<Test>::NoAdminOffer
		);
		// The offered member removed by other means than leaving cannot accept either.
		crate::AdminOffers::<Test>::insert(third, EVE);
		assert_noop!(
			Organizations::accept_admin(RuntimeOrigin::signed(EVE), third),
			Error::<Test>::NotMember
		);
		crate::AdminOffers::<Test>::remove(third);
	});
}

#[test]
fn finding_16_decline_admin_drops_a_registration_and_keeps_a_handover_s_admin() {
	ExtBuilder::default().build_and_execute(|| {
		let org = offer_registration(ALICE, &[OrgRole::Provider]);
		assert_noop!(
			Organizations::decline_admin(RuntimeOrigin::signed(BOB), org),
			Error::<Test>::NotOfferedAdmin
		);
		assert_ok!(Organizations::decline_admin(RuntimeOrigin::signed(ALICE), org));
		System::assert_last_event(Event::AdminOfferDeclined { org, who: ALICE }.into());
		assert!(!crate::PendingRegistrations::<Test>::contains_key(org));
		assert_noop!(
			Organizations::decline_admin(RuntimeOrigin::signed(ALICE), org),
			Error::<Test>::NoAdminOffer
		);
		// The id stays unused; the next registration takes the next one.
		assert_noop!(
			Organizations::suspend(RuntimeOrigin::root(), org),
			Error::<Test>::UnknownOrganization
		);
		let next = hospital(ALICE);
		assert_eq!(next, org + 1);
		// A handover declined leaves the admin and the deposits where they are.
		add(ALICE, next, BOB, &[]);
		assert_ok!(Organizations::transfer_admin(RuntimeOrigin::signed(ALICE), next, BOB));
		assert_ok!(Organizations::decline_admin(RuntimeOrigin::signed(BOB), next));
		assert!(Organizations::is_admin(next, &ALICE));
		assert_eq!(held(HoldReason::OrganizationDeposit, ALICE), ORG_DEPOSIT);
		assert_eq!(Organizations::admin_offer(next), None);
	});
}

#[test]
fn finding_16_withdraw_admin_offer_by_the_registrar_or_the_admin() {
	ExtBuilder::default().with_regulator().build_and_execute(|| {
		assert_noop!(
			Organizations::withdraw_admin_offer(RuntimeOrigin::root(), 9),
			Error::<Test>::NoAdminOffer
		);
		// A registration: only an accreditation origin that may act on its roles.
		let provider = offer_registration(ALICE, &[OrgRole::Provider]);
		let regulator = offer_registration(BOB, &[OrgRole::Regulator]);
		assert_noop!(
			Organizations::withdraw_admin_offer(RuntimeOrigin::signed(ALICE), provider),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Organizations::withdraw_admin_offer(RuntimeOrigin::signed(REGULATOR), regulator),
			Error::<Test>::RegulatorRoleRequiresRoot
		);
		assert_noop!(
			Organizations::withdraw_admin_offer(RuntimeOrigin::none(), provider),
			DispatchError::BadOrigin
		);
		assert_ok!(Organizations::withdraw_admin_offer(RuntimeOrigin::signed(REGULATOR), provider));
		System::assert_last_event(
			Event::AdminOfferWithdrawn { org: provider, who: ALICE, by: Some(REGULATOR) }.into(),
		);
		assert_ok!(Organizations::withdraw_admin_offer(RuntimeOrigin::root(), regulator));
		assert_noop!(
			Organizations::accept_admin(RuntimeOrigin::signed(BOB), regulator),
			Error::<Test>::NoAdminOffer
		);
		// A handover: only the admin, also once revoked.
		let org = hospital(CHARLIE);
		add(CHARLIE, org, DAVE, &[]);
		assert_ok!(Organizations::transfer_admin(RuntimeOrigin::signed(CHARLIE), org, DAVE));
		for origin in [RuntimeOrigin::signed(DAVE), RuntimeOrigin::root()] {
			assert_noop!(Organizations::withdraw_admin_offer(origin, org), Error::<Test>::NotAdmin);
		}
		assert_ok!(Organizations::revoke(RuntimeOrigin::root(), org));
		assert_ok!(Organizations::withdraw_admin_offer(RuntimeOrigin::signed(CHARLIE), org));
		System::assert_last_event(
			Event::AdminOfferWithdrawn { org, who: DAVE, by: Some(CHARLIE) }.into(),
		);
		assert!(Organizations::is_admin(org, &CHARLIE));
	});
}

#[test]
fn finding_16_transfer_admin_refuses_a_second_offer() {
	ExtBuilder::default().build_and_execute(|| {
		let org = hospital(ALICE);
		add(ALICE, org, BOB, &[]);
		add(ALICE, org, CHARLIE, &[]);
		assert_ok!(Organizations::transfer_admin(RuntimeOrigin::signed(ALICE), org, BOB));
		assert_noop!(
			Organizations::transfer_admin(RuntimeOrigin::signed(ALICE), org, CHARLIE),
			Error::<Test>::AdminAlreadyOffered
		);
		assert_ok!(Organizations::withdraw_admin_offer(RuntimeOrigin::signed(ALICE), org));
		hand_over(ALICE, org, CHARLIE);
		assert!(Organizations::is_admin(org, &CHARLIE));
	});
}

#[test]
fn finding_16_invitations_are_declined_or_withdrawn_and_their_deposits_released() {
	ExtBuilder::default().build_and_execute(|| {
		let org = hospital(ALICE);
		invite(ALICE, org, BOB, &[MemberRole::Clinician]);
		invite(ALICE, org, CHARLIE, &[MemberRole::Staff]);
		assert_eq!(held(HoldReason::MemberDeposit, ALICE), 2 * MEMBER_DEPOSIT);
		assert_ok!(Organizations::decline_membership(RuntimeOrigin::signed(BOB), org));
		System::assert_last_event(
			Event::InvitationDeclined { org, who: BOB, deposit_released: MEMBER_DEPOSIT }.into(),
		);
		assert_ok!(Organizations::withdraw_invitation(RuntimeOrigin::signed(ALICE), org, CHARLIE));
		System::assert_last_event(
			Event::InvitationWithdrawn { org, who: CHARLIE, deposit_released: MEMBER_DEPOSIT }
				.into(),
		);
		assert_eq!(held(HoldReason::MemberDeposit, ALICE), 0);
		assert_eq!(free(ALICE), FUNDS - ORG_DEPOSIT);
		assert_eq!(crate::PendingInvitations::<Test>::get(org), Default::default());
		assert_eq!(Organizations::organization_of(&BOB), None);
		assert_eq!(Organizations::organization_of(&CHARLIE), None);
		// An account may be invited by two organizations and joins the one it accepts.
		let other = hospital(DAVE);
		invite(ALICE, org, EVE, &[]);
		invite(DAVE, other, EVE, &[]);
		assert_ok!(Organizations::accept_membership(RuntimeOrigin::signed(EVE), other));
		assert_noop!(
			Organizations::accept_membership(RuntimeOrigin::signed(EVE), org),
			Error::<Test>::AlreadyInOrganization
		);
		assert_ok!(Organizations::decline_membership(RuntimeOrigin::signed(EVE), org));
	});
}

#[test]
fn finding_16_invitation_refusals() {
	ExtBuilder::default().build_and_execute(|| {
		let org = hospital(ALICE);
		invite(ALICE, org, BOB, &[]);
		assert_noop!(
			Organizations::add_member(RuntimeOrigin::signed(ALICE), org, BOB, MemberRoles::new()),
			Error::<Test>::AlreadyInvited
		);
		invite(ALICE, org, CHARLIE, &[]);
		// `MAX_INVITATIONS` (2) pending.
		assert_noop!(
			Organizations::add_member(RuntimeOrigin::signed(ALICE), org, DAVE, MemberRoles::new()),
			Error::<Test>::TooManyInvitations
		);
		// Pending invitations keep members' places: 3 members + 1 invited = MAX_MEMBERS.
		assert_ok!(Organizations::accept_membership(RuntimeOrigin::signed(BOB), org));
		add(ALICE, org, DAVE, &[]);
		assert_eq!(OrgStore::<Test>::get(org).unwrap().member_count + 1, MAX_MEMBERS);
		assert_noop!(
			Organizations::add_member(RuntimeOrigin::signed(ALICE), org, EVE, MemberRoles::new()),
			Error::<Test>::TooManyMembers
		);
		// Accepting, declining or withdrawing what is not pending.
		for call in [Organizations::accept_membership, Organizations::decline_membership] {
			assert_noop!(call(RuntimeOrigin::signed(EVE), org), Error::<Test>::NotInvited);
		}
		assert_noop!(
			Organizations::withdraw_invitation(RuntimeOrigin::signed(ALICE), org, EVE),
			Error::<Test>::NotInvited
		);
		assert_noop!(
			Organizations::withdraw_invitation(RuntimeOrigin::signed(BOB), org, CHARLIE),
			Error::<Test>::NotAdmin
		);
		assert_noop!(
			Organizations::withdraw_invitation(RuntimeOrigin::signed(ALICE), 9, CHARLIE),
			Error::<Test>::UnknownOrganization
		);
		// Revoked: the invitation can no longer be accepted, still declined or withdrawn.
		assert_ok!(Organizations::revoke(RuntimeOrigin::root(), org));
		assert_noop!(
			Organizations::accept_membership(RuntimeOrigin::signed(CHARLIE), org),
			Error::<Test>::OrganizationRevoked
		);
		assert_ok!(Organizations::withdraw_invitation(RuntimeOrigin::signed(ALICE), org, CHARLIE));
	});
}

#[test]
fn finding_16_a_handover_moves_the_pending_invitations_deposits_too() {
	ExtBuilder::default().build_and_execute(|| {
		let org = hospital(ALICE);
		add(ALICE, org, BOB, &[]);
		invite(ALICE, org, CHARLIE, &[]);
		hand_over(ALICE, org, BOB);
		System::assert_last_event(
			Event::AdminTransferred {
				org,
				old_admin: ALICE,
				new_admin: BOB,
				deposits_moved: ORG_DEPOSIT + 2 * MEMBER_DEPOSIT,
			}
			.into(),
		);
		assert_eq!(held(HoldReason::MemberDeposit, ALICE), 0);
		assert_eq!(held(HoldReason::MemberDeposit, BOB), 2 * MEMBER_DEPOSIT);
		// Declined after the handover: released to the new admin.
		assert_ok!(Organizations::decline_membership(RuntimeOrigin::signed(CHARLIE), org));
		assert_eq!(held(HoldReason::MemberDeposit, BOB), MEMBER_DEPOSIT);
		assert_eq!(free(BOB), FUNDS + MEMBER_DEPOSIT);
	});
}

#[test]
fn try_state_detects_inconsistent_offers_and_invitations() {
	ExtBuilder::default().build().execute_with(|| {
		let org = hospital(ALICE);
		invite(ALICE, org, BOB, &[]);
		assert_ok!(Organizations::do_try_state());

		crate::PendingInvitations::<Test>::remove(org);
		assert!(Organizations::do_try_state().is_err());
		crate::PendingInvitations::<Test>::insert(
			org,
			crate::InvitationTally { count: 1, deposits: MEMBER_DEPOSIT },
		);
		assert_ok!(Organizations::do_try_state());

		crate::AdminOffers::<Test>::insert(org, ALICE);
		assert!(Organizations::do_try_state().is_err());
		crate::AdminOffers::<Test>::remove(org);

		crate::AdminOffers::<Test>::insert(org + 1, ALICE);
		assert!(Organizations::do_try_state().is_err());
		crate::AdminOffers::<Test>::remove(org + 1);

		assert_ok!(Organizations::do_try_state());
	});
}
