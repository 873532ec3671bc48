//! Unit tests of the supply-chain pallet.

use crate::{mock::*, pallet::*, types::*, Error, Event};
use codec::{Decode, Encode};
use frame_support::{
	assert_noop, assert_ok,
	dispatch::DispatchResultWithPostInfo,
	traits::{fungible::InspectHold, Get, GetCallName, Hooks, PalletInfoAccess},
	BoundedVec,
};
use healthchain_primitives::{
	testing::MockOrganizations, MemberRole, OrgStatus, OrganizationsInspect,
};
use sp_runtime::{DispatchError, DispatchResult, StateVersion, TokenError};

// ---- Helpers ----------------------------------------------------------------------------------

/// A valid GTIN-14.
const GTIN: Gtin = *b"09506000134352";
/// Another valid GTIN-14 of `MAKER`.
const GTIN_2: Gtin = *b"00614141123452";
/// A GTIN of `OTHER_MAKER`'s company prefix (0614146).
const OTHER_GTIN: Gtin = *b"00614146000017";
/// A GTIN of `POOR_MAKER`'s company prefix (0614149).
const POOR_GTIN: Gtin = *b"00614149000014";
/// Expiry 2027-12-31.
const EXPIRY: ExpiryDate = *b"271231";
/// The lot's declared quantity.
const QUANTITY: u32 = 100;
const META: DocHash = [7; 32];
const TI: DocHash = [9; 32];
const REASON: DocHash = [4; 32];
/// 2028-01-01T00:00:00Z: the first expired moment of `EXPIRY`.
const EXPIRED_AT: u64 = 1_830_297_600_000;

fn signed(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

/// An SSCC with extension digit 0, company prefix 0614141 and reference `n`.
fn sscc(n: u32) -> Sscc {
	let body = format!("00614141{:09}", n);
	let mut out = [0u8; 18];
	out[..17].copy_from_slice(body.as_bytes());
	out[17] = crate::gs1::check_digit(body.as_bytes()).unwrap();
	out
}

/// An SSCC with extension digit 0 under the first company prefix of `org` (see the mock's
/// `COMPANY_PREFIXES`), with reference `n`.
fn sscc_of(org: u32, n: u32) -> Sscc {
	let prefix = core::str::from_utf8(company_prefix(org).expect("org holds a prefix")).unwrap();
	let body = format!("0{prefix}{:0width$}", n, width = 16 - prefix.len());
	let mut out = [0u8; 18];
	out[..17].copy_from_slice(body.as_bytes());
	out[17] = crate::gs1::check_digit(body.as_bytes()).unwrap();
	out
}

/// The GTIN-14 whose first 13 digits are `body`, with its check digit.
fn gtin_of(body: &str) -> Gtin {
	let mut out = [0u8; 14];
	out[..13].copy_from_slice(body.as_bytes());
	out[13] = crate::gs1::check_digit(body.as_bytes()).unwrap();
	out
}

fn serial(s: &str) -> Serial {
	BoundedVec::truncate_from(s.as_bytes().to_vec())
}

fn lot(s: &str) -> LotNumber {
	BoundedVec::truncate_from(s.as_bytes().to_vec())
}

fn lot1() -> LotNumber {
	lot("LOT1")
}

fn serials(list: &[&str]) -> SerialsOf<Test> {
	BoundedVec::truncate_from(list.iter().map(|s| serial(s)).collect())
}

fn pack_unit(s: &str) -> Unit {
	Unit::Pack(GTIN, serial(s))
}

fn case_unit(n: u32) -> Unit {
	Unit::Container(sscc(n))
}

fn units<S: frame_support::traits::Get<u32>>(list: Vec<Unit>) -> BoundedVec<Unit, S> {
	BoundedVec::try_from(list).expect("the list fits its bound")
}

fn packs(list: &[&str]) -> Vec<Unit> {
	list.iter().map(|s| pack_unit(s)).collect()
}

/// Registers `GTIN` for `MAKER` and creates `LOT1`.
fn with_lot() {
	assert_ok!(SupplyChain::register_product(signed(MAKER_ADMIN), GTIN, META));
	assert_ok!(SupplyChain::create_lot(signed(MAKER_ADMIN), GTIN, lot1(), EXPIRY, QUANTITY));
}

/// `with_lot` and commissions the serials into `LOT1`.
fn with_packs(list: &[&str]) {
	with_lot();
	assert_ok!(SupplyChain::commission(signed(MAKER_ADMIN), GTIN, lot1(), serials(list)));
}

/// Commissions more serials into `LOT1`.
fn with_more_packs(list: &[&str]) {
	assert_ok!(SupplyChain::commission(signed(MAKER_ADMIN), GTIN, lot1(), serials(list)));
}

fn pack_into(who: u64, n: u32, kind: ContainerKind, list: Vec<Unit>) {
	assert_ok!(SupplyChain::pack(signed(who), sscc(n), kind, units(list)));
}

/// Ships and returns the shipment id.
fn ship(who: u64, list: Vec<Unit>, to: u32, transfer: bool) -> ShipmentId {
	let id = NextShipmentId::<Test>::get();
	assert_ok!(SupplyChain::ship(signed(who), units(list), to, TI, transfer));
	id
}

/// Ships with ownership and has the addressee receive.
fn deliver(who: u64, list: Vec<Unit>, to: u32, receiver: u64) -> ShipmentId {
	let id = ship(who, list, to, true);
	assert_ok!(SupplyChain::receive(signed(receiver), id));
	id
}

fn state(s: &str) -> PackState {
	SupplyChain::pack_state(GTIN, serial(s)).expect("pack exists")
}

fn verify(s: &str) -> VerificationResponse {
	SupplyChain::verify(GTIN, serial(s), lot1(), EXPIRY)
}

fn last_event() -> RuntimeEvent {
	System::events().pop().expect("an event").event
}

fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| if let RuntimeEvent::SupplyChain(e) = r.event { Some(e) } else { None })
		.collect()
}

fn held(who: u64, reason: HoldReason) -> u64 {
	Balances::balance_on_hold(&RuntimeHoldReason::SupplyChain(reason), &who)
}

fn recall(who: u64) {
	assert_ok!(SupplyChain::recall_lot(signed(who), GTIN, lot1(), REASON));
}

#[test]
fn a_pack_goes_from_manufacturer_to_patient() {
	ExtBuilder::default().build_and_execute(|| {
		with_lot();
		let (staff, clerk, pharmacist) =
			(signed(MAKER_STAFF), signed(PHARMACY_CLERK), signed(PHARMACIST));
		assert_ok!(SupplyChain::commission(staff.clone(), GTIN, lot1(), serials(&["S1", "S2"])));
		assert_ok!(SupplyChain::pack(
			staff.clone(),
			sscc(1),
			ContainerKind::Case,
			units(packs(&["S1", "S2"]))
		));
		assert_ok!(SupplyChain::ship(staff, units(vec![case_unit(1)]), PHARMACY, TI, true));
		assert_ok!(SupplyChain::receive(clerk.clone(), 0));
		assert_ok!(SupplyChain::unpack(clerk, sscc(1), None));
		assert!(SupplyChain::verify(GTIN, serial("S1"), lot1(), EXPIRY).sellable);
		assert_ok!(SupplyChain::dispense(pharmacist, GTIN, serial("S1")));
		assert_eq!(verify("S1").additional_info, vec![AdditionalInfo::Dispensed]);
	});
}

// ---- Acting for an organization ---------------------------------------------------------------

#[test]
fn calls_fail_for_an_account_in_no_organization() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			SupplyChain::register_product(signed(STRANGER), GTIN, META),
			Error::<Test>::NotAMember
		);
	});
}

#[test]
fn calls_fail_for_a_suspended_organization() {
	ExtBuilder::default().build_and_execute(|| {
		MockOrganizations::set_status(MAKER, OrgStatus::Suspended);
		assert_noop!(
			SupplyChain::register_product(signed(MAKER_ADMIN), GTIN, META),
			Error::<Test>::OrganizationNotActive
		);
	});
}

#[test]
fn calls_fail_when_the_organization_lacks_the_role() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			SupplyChain::register_product(signed(WHOLESALER_ADMIN), GTIN, META),
			Error::<Test>::RoleNotHeld
		);
	});
}

#[test]
fn members_need_a_fitting_member_role_and_admins_do_not() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			SupplyChain::register_product(signed(MAKER_NOBODY), GTIN, META),
			Error::<Test>::MemberRoleMissing
		);
		// The `Logistics` member handles goods for the manufacturer.
		assert_ok!(SupplyChain::register_product(signed(MAKER_STAFF), GTIN, META));
		assert_ok!(SupplyChain::register_product(signed(MAKER_ADMIN), GTIN_2, META));
	});
}

// ---- Who may call what ------------------------------------------------------------------------

/// A member of the wholesaler with the `Auditor` role only.
const WHOLESALER_AUDITOR: u64 = 31;

/// The state every origin case starts from: MAKER has `GTIN`, `LOT1` and packs; case 1 holds
/// "C"; shipment 0 of "T" to the wholesaler is pending; shipment 1 of "E" was cancelled; "D" is
/// decommissioned by MAKER; "B" is suspect; "P" is at the pharmacy.
fn origin_scenario() {
	with_packs(&["A", "B", "C", "D", "E", "P", "T"]);
	pack_into(MAKER_ADMIN, 1, ContainerKind::Case, packs(&["C"]));
	assert_eq!(ship(MAKER_ADMIN, packs(&["T"]), WHOLESALER, true), 0);
	assert_eq!(ship(MAKER_ADMIN, packs(&["E"]), WHOLESALER, true), 1);
	assert_ok!(SupplyChain::cancel_shipment(signed(MAKER_ADMIN), 1));
	assert_ok!(SupplyChain::decommission(
		signed(MAKER_ADMIN),
		GTIN,
		serial("D"),
		DecommissionReason::Sample
	));
	assert_ok!(SupplyChain::mark_suspect(signed(MAKER_ADMIN), GTIN, serial("B"), REASON));
	deliver(MAKER_ADMIN, packs(&["P"]), PHARMACY, PHARMACY_ADMIN);
	MockOrganizations::add_member(WHOLESALER, WHOLESALER_AUDITOR, &[MemberRole::Auditor]);
	// `OTHER_GTIN`, registered by `OTHER_MAKER`, whose prefix has since moved to `MAKER`.
	assert_ok!(SupplyChain::register_product(signed(OTHER_MAKER_ADMIN), OTHER_GTIN, META));
	MockOrganizations::set_company_prefixes(MAKER, &[b"9506000", b"0614141", b"0614146"]);
	// "OLD", a lot of MAKER expired two days later (its end is the first of January's midnight).
	assert_ok!(SupplyChain::create_lot(signed(MAKER_ADMIN), GTIN, lot("OLD"), *b"250101", 1));
	Timestamp::set_timestamp(START + 2 * 86_400_000);
}

/// One call of the pallet, as a function of its origin, with who may and who may not make it in
/// [`origin_scenario`].
struct OriginCase {
	name: &'static str,
	dispatch: fn(RuntimeOrigin) -> DispatchResult,
	/// An account the call succeeds for.
	rightful: u64,
	/// A member of the rightful account's organization without the member role the call needs.
	wrong_member_role: u64,
	/// The admin of an organization without the organization role the call needs, and the
	/// error it gets.
	wrong_org_role: (u64, DispatchError),
}

/// The result of a call that reports its weight, without the weight.
fn result(r: DispatchResultWithPostInfo) -> DispatchResult {
	r.map(|_| ()).map_err(|e| e.error)
}

/// Every call of the pallet, by call index.
fn origin_cases() -> Vec<OriginCase> {
	let not_a_maker = (WHOLESALER_ADMIN, Error::<Test>::RoleNotHeld.into());
	let not_trading = (HOSPITAL_ADMIN, Error::<Test>::RoleNotHeld.into());
	let goods = |name: &'static str, dispatch: fn(RuntimeOrigin) -> DispatchResult| OriginCase {
		name,
		dispatch,
		rightful: MAKER_ADMIN,
		wrong_member_role: MAKER_QA,
		wrong_org_role: not_trading,
	};
	let authority =
		|name: &'static str, dispatch: fn(RuntimeOrigin) -> DispatchResult| OriginCase {
			name,
			dispatch,
			rightful: MAKER_QA,
			wrong_member_role: MAKER_STAFF,
			wrong_org_role: (OTHER_MAKER_ADMIN, Error::<Test>::NotAuthority.into()),
		};
	let addressee =
		|name: &'static str, dispatch: fn(RuntimeOrigin) -> DispatchResult| OriginCase {
			name,
			dispatch,
			rightful: WHOLESALER_ADMIN,
			wrong_member_role: WHOLESALER_AUDITOR,
			wrong_org_role: not_trading,
		};
	let regulator =
		|name: &'static str, dispatch: fn(RuntimeOrigin) -> DispatchResult| OriginCase {
			name,
			dispatch,
			rightful: INSPECTOR,
			wrong_member_role: REGULATOR_CLERK,
			wrong_org_role: (MAKER_ADMIN, Error::<Test>::RoleNotHeld.into()),
		};
	vec![
		OriginCase {
			wrong_org_role: not_a_maker,
			..goods("register_product", |o| SupplyChain::register_product(o, GTIN_2, META))
		},
		OriginCase {
			wrong_org_role: not_a_maker,
			..goods("create_lot", |o| SupplyChain::create_lot(o, GTIN, lot("LOT2"), EXPIRY, 1))
		},
		OriginCase {
			wrong_org_role: not_a_maker,
			..goods("commission", |o| SupplyChain::commission(o, GTIN, lot1(), serials(&["NEW"])))
		},
		goods("pack", |o| SupplyChain::pack(o, sscc(2), ContainerKind::Case, units(packs(&["A"])))),
		goods("unpack", |o| result(SupplyChain::unpack(o, sscc(1), None))),
		goods("ship", |o| SupplyChain::ship(o, units(packs(&["A"])), WHOLESALER, TI, true)),
		addressee("receive", |o| result(SupplyChain::receive(o, 0))),
		addressee("reject", |o| result(SupplyChain::reject(o, 0))),
		goods("cancel_shipment", |o| result(SupplyChain::cancel_shipment(o, 0))),
		goods("remove_shipment", |o| SupplyChain::remove_shipment(o, 1)),
		OriginCase {
			name: "dispense",
			dispatch: |o| SupplyChain::dispense(o, GTIN, serial("P")),
			rightful: PHARMACIST,
			wrong_member_role: PHARMACY_CLERK,
			wrong_org_role: (WHOLESALER_ADMIN, Error::<Test>::RoleNotHeld.into()),
		},
		goods("decommission", |o| {
			SupplyChain::decommission(o, GTIN, serial("A"), DecommissionReason::Sample)
		}),
		goods("undo_decommission", |o| SupplyChain::undo_decommission(o, GTIN, serial("D"))),
		authority("recall_lot", |o| SupplyChain::recall_lot(o, GTIN, lot1(), REASON)),
		goods("mark_suspect", |o| SupplyChain::mark_suspect(o, GTIN, serial("A"), REASON)),
		authority("clear_suspect", |o| SupplyChain::clear_suspect(o, GTIN, serial("B"), REASON)),
		authority("declare_illegitimate", |o| {
			SupplyChain::declare_illegitimate(o, GTIN, serial("A"), REASON)
		}),
		goods("transfer_ownership", |o| {
			SupplyChain::transfer_ownership(o, units(packs(&["A"])), WHOLESALER, TI)
		}),
		regulator("reassign_product", |o| {
			SupplyChain::reassign_product(o, OTHER_GTIN, MAKER, REASON)
		}),
		regulator("deactivate_product", |o| SupplyChain::deactivate_product(o, OTHER_GTIN, REASON)),
		OriginCase {
			wrong_org_role: not_a_maker,
			..goods("retire_lot", |o| SupplyChain::retire_lot(o, GTIN, lot("OLD")))
		},
		OriginCase {
			name: "destroy_quarantined",
			dispatch: |o| {
				SupplyChain::destroy_quarantined(
					o,
					GTIN,
					serial("B"),
					DestructionReason::Counterfeit,
				)
			},
			rightful: INSPECTOR,
			wrong_member_role: REGULATOR_CLERK,
			wrong_org_role: (HOSPITAL_ADMIN, Error::<Test>::RoleNotHeld.into()),
		},
	]
}

/// For every call, each in a fresh [`origin_scenario`] changed by `before`: the signer `refused`
/// names gets the error it names and the storage root stays the same; then, after `after`, the
/// rightful account makes the same call successfully.
fn assert_every_call_refused(
	refused: fn(&OriginCase) -> (u64, DispatchError),
	before: fn(&OriginCase),
	after: fn(&OriginCase),
) {
	assert_every_call_refused_but(&[], refused, before, after)
}

/// [`assert_every_call_refused`] for every call but those named in `open`.
fn assert_every_call_refused_but(
	open: &[&str],
	refused: fn(&OriginCase) -> (u64, DispatchError),
	before: fn(&OriginCase),
	after: fn(&OriginCase),
) {
	let cases = origin_cases();
	healthchain_primitives::testing::assert_names_every_call(
		cases.iter().map(|case| case.name),
		crate::Call::<Test>::get_call_names(),
	);
	for case in cases.into_iter().filter(|case| !open.contains(&case.name)) {
		ExtBuilder::default().build_and_execute(|| {
			origin_scenario();
			before(&case);
			let (who, error) = refused(&case);
			let root = sp_io::storage::root(StateVersion::V1);
			assert_eq!((case.dispatch)(signed(who)), Err(error), "{}", case.name);
			assert_eq!(
				sp_io::storage::root(StateVersion::V1),
				root,
				"{} changed storage",
				case.name
			);
			after(&case);
			assert_eq!((case.dispatch)(signed(case.rightful)), Ok(()), "{}", case.name);
		});
	}
}

/// Sets the status of the rightful account's organization.
fn set_rightful_status(case: &OriginCase, status: OrgStatus) {
	let org = <MockOrganizations as OrganizationsInspect<u64>>::organization_of(&case.rightful)
		.expect("the rightful account acts for an organization");
	MockOrganizations::set_status(org, status);
}

#[test]
fn every_call_refuses_an_account_in_no_organization() {
	assert_every_call_refused(|_| (STRANGER, Error::<Test>::NotAMember.into()), |_| {}, |_| {});
}

/// The calls a suspended or revoked organization may still make: they give back what it paid
/// and move no goods (finding 12).
const OPEN_WHILE_SUSPENDED: [&str; 2] = ["remove_shipment", "retire_lot"];

#[test]
fn every_call_refuses_a_member_of_a_suspended_organization() {
	assert_every_call_refused_but(
		&OPEN_WHILE_SUSPENDED,
		|case| (case.rightful, Error::<Test>::OrganizationNotActive.into()),
		|case| set_rightful_status(case, OrgStatus::Suspended),
		|case| set_rightful_status(case, OrgStatus::Active),
	);
}

#[test]
fn every_call_refuses_a_member_without_the_member_role_it_needs() {
	assert_every_call_refused(
		|case| (case.wrong_member_role, Error::<Test>::MemberRoleMissing.into()),
		|_| {},
		|_| {},
	);
}

#[test]
fn every_call_refuses_an_organization_without_the_role_it_needs() {
	assert_every_call_refused(|case| case.wrong_org_role, |_| {}, |_| {});
}

#[test]
fn every_call_refuses_unsigned_and_root_origins() {
	ExtBuilder::default().build_and_execute(|| {
		origin_scenario();
		for case in origin_cases() {
			assert_noop!((case.dispatch)(RuntimeOrigin::none()), DispatchError::BadOrigin);
			assert_noop!((case.dispatch)(RuntimeOrigin::root()), DispatchError::BadOrigin);
		}
	});
}

// ---- Hostile arguments --------------------------------------------------------------------------

/// The bytes of this pallet's call `call_index` with the arguments `args`, as an extrinsic
/// carries them.
fn call_bytes(call_index: u8, args: impl Encode) -> Vec<u8> {
	let pallet = u8::try_from(<SupplyChain as PalletInfoAccess>::index()).expect("a pallet index");
	(pallet, call_index, args).encode()
}

/// Checks that `args(max)` encodes `call(max)` and decodes back to it, and that `args(max + 1)`,
/// one character or item more, does not decode.
fn assert_decodes_up_to<A: Encode>(
	max: usize,
	call_index: u8,
	args: impl Fn(usize) -> A,
	call: impl Fn(usize) -> crate::Call<Test>,
) {
	let call = RuntimeCall::SupplyChain(call(max));
	let bytes = call_bytes(call_index, args(max));
	assert_eq!(bytes, call.encode());
	assert_eq!(RuntimeCall::decode(&mut &bytes[..]).ok(), Some(call));
	let over = call_bytes(call_index, args(max + 1));
	assert!(RuntimeCall::decode(&mut &over[..]).is_err(), "call {call_index} decodes {}", max + 1);
}

/// `n` characters of the GS1 character set 82.
fn text(n: usize) -> Vec<u8> {
	(0..n).map(|i| b'A' + (i % 26) as u8).collect()
}

/// [`Unit`] with a serial of any length, encoded as `Unit` is.
#[derive(Encode)]
#[allow(dead_code)]
enum AnyUnit {
	Pack(Gtin, Vec<u8>),
	Container(Sscc),
}

#[test]
fn serials_and_lot_numbers_decode_up_to_twenty_characters_only() {
	use crate::Call;
	ExtBuilder::default().build_and_execute(|| {
		let max = MAX_SERIAL_LEN as usize;
		assert_eq!(MAX_LOT_LEN, MAX_SERIAL_LEN);
		let s = |n| BoundedVec::truncate_from(text(n));
		let unit = |n| vec![AnyUnit::Pack(GTIN, text(n))];
		let bounded_unit = |n| units(vec![Unit::Pack(GTIN, s(n))]);
		assert_decodes_up_to(
			max,
			1,
			|n| (GTIN, text(n), EXPIRY, 1u32),
			|n| Call::create_lot { gtin: GTIN, lot: s(n), expiry: EXPIRY, quantity: 1 },
		);
		assert_decodes_up_to(
			max,
			2,
			|n| (GTIN, text(n), vec![text(1)]),
			|n| Call::commission {
				gtin: GTIN,
				lot: s(n),
				serials: BoundedVec::truncate_from(vec![s(1)]),
			},
		);
		assert_decodes_up_to(
			max,
			2,
			|n| (GTIN, text(1), vec![text(n)]),
			|n| Call::commission {
				gtin: GTIN,
				lot: s(1),
				serials: BoundedVec::truncate_from(vec![s(n)]),
			},
		);
		assert_decodes_up_to(
			max,
			3,
			|n| (sscc(1), ContainerKind::Case, unit(n)),
			|n| Call::pack { sscc: sscc(1), kind: ContainerKind::Case, units: bounded_unit(n) },
		);
		assert_decodes_up_to(
			max,
			4,
			|n| (sscc(1), Some(unit(n))),
			|n| Call::unpack { sscc: sscc(1), units: Some(bounded_unit(n)) },
		);
		assert_decodes_up_to(
			max,
			5,
			|n| (unit(n), WHOLESALER, TI, true),
			|n| Call::ship {
				units: bounded_unit(n),
				to: WHOLESALER,
				ti_hash: TI,
				transfer_ownership: true,
			},
		);
		assert_decodes_up_to(
			max,
			10,
			|n| (GTIN, text(n)),
			|n| Call::dispense { gtin: GTIN, serial: s(n) },
		);
		assert_decodes_up_to(
			max,
			11,
			|n| (GTIN, text(n), DecommissionReason::Sample),
			|n| Call::decommission { gtin: GTIN, serial: s(n), reason: DecommissionReason::Sample },
		);
		assert_decodes_up_to(
			max,
			12,
			|n| (GTIN, text(n)),
			|n| Call::undo_decommission { gtin: GTIN, serial: s(n) },
		);
		assert_decodes_up_to(
			max,
			13,
			|n| (GTIN, text(n), REASON),
			|n| Call::recall_lot { gtin: GTIN, lot: s(n), reason: REASON },
		);
		assert_decodes_up_to(
			max,
			14,
			|n| (GTIN, text(n), REASON),
			|n| Call::mark_suspect { gtin: GTIN, serial: s(n), reason: REASON },
		);
		assert_decodes_up_to(
			max,
			15,
			|n| (GTIN, text(n), REASON),
			|n| Call::clear_suspect { gtin: GTIN, serial: s(n), reason: REASON },
		);
		assert_decodes_up_to(
			max,
			16,
			|n| (GTIN, text(n), REASON),
			|n| Call::declare_illegitimate { gtin: GTIN, serial: s(n), reason: REASON },
		);
		assert_decodes_up_to(
			max,
			17,
			|n| (unit(n), WHOLESALER, TI),
			|n| Call::transfer_ownership { units: bounded_unit(n), to: WHOLESALER, ti_hash: TI },
		);
		// A twenty-character serial of a twenty-character lot is commissioned and dispensed.
		assert_ok!(SupplyChain::register_product(signed(MAKER_ADMIN), GTIN, META));
		assert_ok!(SupplyChain::create_lot(signed(MAKER_ADMIN), GTIN, s(max), EXPIRY, 1));
		assert_ok!(SupplyChain::commission(
			signed(MAKER_ADMIN),
			GTIN,
			s(max),
			BoundedVec::truncate_from(vec![s(max)])
		));
		deliver(MAKER_ADMIN, vec![Unit::Pack(GTIN, s(max))], PHARMACY, PHARMACY_ADMIN);
		assert_ok!(SupplyChain::dispense(signed(PHARMACIST), GTIN, s(max)));
		assert_eq!(
			SupplyChain::verify(GTIN, s(max), s(max), EXPIRY).additional_info,
			vec![AdditionalInfo::Dispensed]
		);
	});
}

#[test]
fn unit_and_serial_lists_decode_up_to_their_bounds_only() {
	use crate::Call;
	ExtBuilder::default().build_and_execute(|| {
		let batch_max = <<Test as Config>::MaxCommissionBatch as Get<u32>>::get();
		let container_max = <<Test as Config>::MaxContainerSize as Get<u32>>::get();
		let shipment_max = <<Test as Config>::MaxShipmentUnits as Get<u32>>::get();
		let names: Vec<String> = (0..=batch_max).map(|i| format!("S{i}")).collect();
		let list = |n: usize| -> Vec<Unit> { names[..n].iter().map(|s| pack_unit(s)).collect() };
		let batch = |n: usize| -> Vec<Serial> { names[..n].iter().map(|s| serial(s)).collect() };
		assert_decodes_up_to(
			batch_max as usize,
			2,
			|n| (GTIN, lot1(), batch(n)),
			|n| Call::commission {
				gtin: GTIN,
				lot: lot1(),
				serials: BoundedVec::truncate_from(batch(n)),
			},
		);
		assert_decodes_up_to(
			container_max as usize,
			3,
			|n| (sscc(1), ContainerKind::Case, list(n)),
			|n| Call::pack {
				sscc: sscc(1),
				kind: ContainerKind::Case,
				units: BoundedVec::truncate_from(list(n)),
			},
		);
		assert_decodes_up_to(
			container_max as usize,
			4,
			|n| (sscc(1), Some(list(n))),
			|n| Call::unpack { sscc: sscc(1), units: Some(BoundedVec::truncate_from(list(n))) },
		);
		assert_decodes_up_to(
			shipment_max as usize,
			5,
			|n| (list(n), WHOLESALER, TI, false),
			|n| Call::ship {
				units: BoundedVec::truncate_from(list(n)),
				to: WHOLESALER,
				ti_hash: TI,
				transfer_ownership: false,
			},
		);
		assert_decodes_up_to(
			shipment_max as usize,
			17,
			|n| (list(n), WHOLESALER, TI),
			|n| Call::transfer_ownership {
				units: BoundedVec::truncate_from(list(n)),
				to: WHOLESALER,
				ti_hash: TI,
			},
		);
		// Full lists are accepted: a full case, and a full shipment and transfer of packs.
		let full = |n: u32| names[..n as usize].iter().map(|s| s.as_str()).collect::<Vec<_>>();
		with_packs(&full(container_max + shipment_max));
		pack_into(MAKER_ADMIN, 1, ContainerKind::Case, list(container_max as usize));
		assert_eq!(SupplyChain::container(sscc(1)).unwrap().children, container_max);
		let rest: Vec<Unit> = names
			[container_max as usize..(container_max + shipment_max) as usize]
			.iter()
			.map(|s| pack_unit(s))
			.collect();
		let id = ship(MAKER_ADMIN, rest.clone(), LOGISTICS, false);
		assert_ok!(SupplyChain::receive(signed(LOGISTICS_ADMIN), id));
		assert_ok!(SupplyChain::transfer_ownership(
			signed(MAKER_ADMIN),
			units(rest.clone()),
			WHOLESALER,
			TI
		));
		for unit in rest {
			let Unit::Pack(_, s) = unit else { unreachable!("a list of packs") };
			let st = SupplyChain::pack_state(GTIN, s).unwrap();
			assert_eq!((st.owner, st.custodian), (WHOLESALER, LOGISTICS));
		}
	});
}

#[test]
fn calls_refuse_identifiers_with_a_wrong_check_digit() {
	ExtBuilder::default().build_and_execute(|| {
		with_packs(&["S1"]);
		pack_into(MAKER_ADMIN, 1, ContainerKind::Case, packs(&["S1"]));
		let bad_gtin: Gtin = *b"09506000134353";
		let mut bad_sscc = sscc(1);
		bad_sscc[17] = if bad_sscc[17] == b'9' { b'0' } else { bad_sscc[17] + 1 };
		let bad_pack = || units(vec![Unit::Pack(bad_gtin, serial("S1"))]);
		let bad_case = || units(vec![Unit::Container(bad_sscc)]);
		let maker = || signed(MAKER_ADMIN);
		assert_noop!(
			SupplyChain::ship(maker(), bad_pack(), WHOLESALER, TI, true),
			Error::<Test>::InvalidGtin
		);
		assert_noop!(
			SupplyChain::ship(maker(), bad_case(), WHOLESALER, TI, true),
			Error::<Test>::InvalidSscc
		);
		assert_noop!(
			SupplyChain::transfer_ownership(maker(), bad_pack(), WHOLESALER, TI),
			Error::<Test>::InvalidGtin
		);
		assert_noop!(
			SupplyChain::transfer_ownership(maker(), bad_case(), WHOLESALER, TI),
			Error::<Test>::InvalidSscc
		);
		assert_noop!(SupplyChain::unpack(maker(), bad_sscc, None), Error::<Test>::InvalidSscc);
		assert_noop!(
			SupplyChain::unpack(maker(), sscc(1), Some(bad_pack())),
			Error::<Test>::InvalidGtin
		);
		assert_noop!(
			SupplyChain::dispense(signed(PHARMACIST), bad_gtin, serial("S1")),
			Error::<Test>::InvalidGtin
		);
		assert_noop!(
			SupplyChain::decommission(maker(), bad_gtin, serial("S1"), DecommissionReason::Sample),
			Error::<Test>::InvalidGtin
		);
		assert_noop!(
			SupplyChain::undo_decommission(maker(), bad_gtin, serial("S1")),
			Error::<Test>::InvalidGtin
		);
		assert_noop!(
			SupplyChain::recall_lot(maker(), bad_gtin, lot1(), REASON),
			Error::<Test>::InvalidGtin
		);
		assert_noop!(
			SupplyChain::mark_suspect(maker(), bad_gtin, serial("S1"), REASON),
			Error::<Test>::InvalidGtin
		);
		assert_noop!(
			SupplyChain::clear_suspect(maker(), bad_gtin, serial("S1"), REASON),
			Error::<Test>::InvalidGtin
		);
		assert_noop!(
			SupplyChain::declare_illegitimate(maker(), bad_gtin, serial("S1"), REASON),
			Error::<Test>::InvalidGtin
		);
	});
}

#[test]
fn calls_refuse_unknown_packs_containers_and_shipments() {
	ExtBuilder::default().build_and_execute(|| {
		with_packs(&["S1"]);
		let maker = || signed(MAKER_ADMIN);
		assert_noop!(SupplyChain::cancel_shipment(maker(), 5), Error::<Test>::ShipmentNotFound);
		assert_noop!(
			SupplyChain::decommission(maker(), GTIN, serial("NOPE"), DecommissionReason::Sample),
			Error::<Test>::PackNotFound
		);
		assert_noop!(
			SupplyChain::clear_suspect(maker(), GTIN, serial("NOPE"), REASON),
			Error::<Test>::PackNotFound
		);
		assert_noop!(
			SupplyChain::declare_illegitimate(maker(), GTIN, serial("NOPE"), REASON),
			Error::<Test>::PackNotFound
		);
		assert_noop!(
			SupplyChain::transfer_ownership(maker(), units(packs(&["NOPE"])), WHOLESALER, TI),
			Error::<Test>::PackNotFound
		);
		assert_noop!(
			SupplyChain::transfer_ownership(maker(), units(vec![case_unit(7)]), WHOLESALER, TI),
			Error::<Test>::ContainerNotFound
		);
		assert_noop!(
			SupplyChain::unpack(maker(), sscc(7), Some(units(packs(&["S1"])))),
			Error::<Test>::ContainerNotFound
		);
	});
}

// ---- Products -----------------------------------------------------------------------------------

#[test]
fn register_product_stores_it_and_holds_the_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(SupplyChain::register_product(signed(MAKER_STAFF), GTIN, META));
		assert_eq!(
			SupplyChain::product(GTIN),
			Some(Product { manufacturer: MAKER, metadata: META, registered_at: START })
		);
		assert_eq!(held(MAKER_ADMIN, HoldReason::ProductDeposit), ProductDeposit::get());
		System::assert_last_event(
			Event::ProductRegistered {
				gtin: GTIN,
				manufacturer: MAKER,
				metadata: META,
				who: MAKER_STAFF,
			}
			.into(),
		);
	});
}

#[test]
fn gtin_squatting_is_refused_outside_the_manufacturers_company_prefixes() {
	ExtBuilder::default().build_and_execute(|| {
		let register = |who, gtin| SupplyChain::register_product(signed(who), gtin, META);
		// `OTHER_MAKER` holds 0614146, not `MAKER`'s 9506000 (of `GTIN`) or 0614141 (`GTIN_2`).
		assert_noop!(register(OTHER_MAKER_ADMIN, GTIN), Error::<Test>::GtinNotOfCompanyPrefix);
		assert_noop!(register(OTHER_MAKER_ADMIN, GTIN_2), Error::<Test>::GtinNotOfCompanyPrefix);
		// The prefix is read after the indicator digit: a case-level GTIN (indicator 1) of
		// `MAKER`'s item is `MAKER`'s too.
		let case_level = gtin_of("1950600013435");
		assert_noop!(
			register(OTHER_MAKER_ADMIN, case_level),
			Error::<Test>::GtinNotOfCompanyPrefix
		);
		assert_ok!(register(MAKER_ADMIN, case_level));
		// Each registers what its own prefixes cover.
		assert_ok!(register(MAKER_ADMIN, GTIN));
		assert_ok!(register(OTHER_MAKER_ADMIN, gtin_of("0061414600001")));
		// A manufacturer without any prefix registers nothing.
		MockOrganizations::set_company_prefixes(OTHER_MAKER, &[]);
		assert_noop!(
			register(OTHER_MAKER_ADMIN, gtin_of("0061414600002")),
			Error::<Test>::GtinNotOfCompanyPrefix
		);
	});
}

#[test]
fn sscc_squatting_is_refused_outside_the_packers_company_prefixes() {
	ExtBuilder::default().build_and_execute(|| {
		with_packs(&["A", "B", "C"]);
		pack_into(MAKER_ADMIN, 1, ContainerKind::Case, packs(&["C"]));
		deliver(
			MAKER_ADMIN,
			vec![pack_unit("A"), pack_unit("B"), case_unit(1)],
			WHOLESALER,
			WHOLESALER_ADMIN,
		);
		let pack = |sscc| {
			SupplyChain::pack(
				signed(WHOLESALER_ADMIN),
				sscc,
				ContainerKind::Case,
				units(packs(&["A"])),
			)
		};
		// The wholesaler may not create a container under the manufacturer's SSCC prefix...
		assert_noop!(pack(sscc(5)), Error::<Test>::SsccNotOfCompanyPrefix);
		assert_noop!(pack(sscc_of(PHARMACY, 5)), Error::<Test>::SsccNotOfCompanyPrefix);
		// ...it creates containers under its own.
		assert_ok!(pack(sscc_of(WHOLESALER, 5)));
		// A container that exists keeps its SSCC whoever holds it: the wholesaler, now its
		// owner and custodian, adds to the manufacturer's case.
		assert_ok!(SupplyChain::pack(
			signed(WHOLESALER_ADMIN),
			sscc(1),
			ContainerKind::Case,
			units(packs(&["B"]))
		));
	});
}

#[test]
fn register_product_refuses_restricted_circulation_and_all_zero_gtins() {
	ExtBuilder::default().build_and_execute(|| {
		// Give `MAKER` the prefixes, so that only the GS1 rule can refuse these.
		MockOrganizations::set_company_prefixes(
			MAKER,
			&[b"9506000", b"0614141", b"02", b"04", b"2", b"0000"],
		);
		let register = |gtin| SupplyChain::register_product(signed(MAKER_ADMIN), gtin, META);
		// GS1 prefixes 02, 04 and 20-29 after the indicator digit: restricted circulation
		// numbers (variable-measure and in-store items), never a trade item of a company.
		for body in
			["0020000000001", "0040000000001", "0200000000001", "0290000000001", "1200000000001"]
		{
			assert_noop!(register(gtin_of(body)), Error::<Test>::RestrictedGtin);
		}
		// All zeros, whatever the indicator digit.
		assert_noop!(register(*b"00000000000000"), Error::<Test>::RestrictedGtin);
		assert_noop!(register(gtin_of("1000000000000")), Error::<Test>::RestrictedGtin);
		// Their neighbours are ordinary GTINs.
		MockOrganizations::set_company_prefixes(MAKER, &[b"03", b"05", b"1", b"3", b"0001"]);
		for body in
			["0030000000001", "0050000000001", "0100000000001", "0300000000001", "0000100000001"]
		{
			assert_ok!(register(gtin_of(body)));
		}
	});
}

/// `GTIN`, registered by `OTHER_MAKER` while it held `GTIN`'s prefix, with lot `LOT1` and pack
/// "S1"; the prefix has since gone back to `MAKER`.
fn squatted_product() {
	MockOrganizations::set_company_prefixes(OTHER_MAKER, &[b"9506000"]);
	let squatter = || signed(OTHER_MAKER_ADMIN);
	assert_ok!(SupplyChain::register_product(squatter(), GTIN, META));
	assert_ok!(SupplyChain::create_lot(squatter(), GTIN, lot1(), EXPIRY, QUANTITY));
	assert_ok!(SupplyChain::commission(squatter(), GTIN, lot1(), serials(&["S1"])));
	MockOrganizations::set_company_prefixes(MAKER, &[b"9506000", b"0614141"]);
	MockOrganizations::set_company_prefixes(OTHER_MAKER, &[b"0614146"]);
}

#[test]
fn gtin_squatting_is_undone_by_a_regulator_reassigning_the_product() {
	ExtBuilder::default().build_and_execute(|| {
		squatted_product();
		let reassign = |who, gtin, to| SupplyChain::reassign_product(signed(who), gtin, to, REASON);
		// Only a regulator, as admin or auditor.
		assert_noop!(reassign(MAKER_QA, GTIN, MAKER), Error::<Test>::RoleNotHeld);
		assert_noop!(reassign(REGULATOR_CLERK, GTIN, MAKER), Error::<Test>::MemberRoleMissing);
		// To an active manufacturer holding the GTIN's prefix, other than the current one.
		assert_noop!(reassign(INSPECTOR, GTIN_2, MAKER), Error::<Test>::ProductNotFound);
		assert_noop!(reassign(INSPECTOR, GTIN, WHOLESALER), Error::<Test>::NotAManufacturer);
		assert_noop!(reassign(INSPECTOR, GTIN, POOR_MAKER), Error::<Test>::GtinNotOfCompanyPrefix);
		assert_noop!(reassign(INSPECTOR, GTIN, OTHER_MAKER), Error::<Test>::AlreadyManufacturer);
		MockOrganizations::set_status(MAKER, OrgStatus::Suspended);
		assert_noop!(reassign(INSPECTOR, GTIN, MAKER), Error::<Test>::NotAManufacturer);
		MockOrganizations::set_status(MAKER, OrgStatus::Active);
		assert_ok!(reassign(INSPECTOR, GTIN, MAKER));
		System::assert_last_event(
			Event::ProductReassigned {
				gtin: GTIN,
				from: OTHER_MAKER,
				to: MAKER,
				by: REGULATOR,
				reason: REASON,
				who: INSPECTOR,
			}
			.into(),
		);
		assert_eq!(SupplyChain::product(GTIN).unwrap().manufacturer, MAKER);
		// The former manufacturer makes no more of it; its packs keep their commissioner.
		assert_noop!(
			SupplyChain::create_lot(signed(OTHER_MAKER_ADMIN), GTIN, lot("LOT2"), EXPIRY, 1),
			Error::<Test>::NotProductManufacturer
		);
		assert_eq!(steps("S1")[0].1, TraceStep::Commissioned { manufacturer: OTHER_MAKER });
		// The new one commissions into lots of its own, not into the former's.
		assert_noop!(
			SupplyChain::commission(signed(MAKER_ADMIN), GTIN, lot1(), serials(&["S2"])),
			Error::<Test>::LotOfAnotherManufacturer
		);
		assert_ok!(SupplyChain::create_lot(signed(MAKER_ADMIN), GTIN, lot("LOT2"), EXPIRY, 1));
		assert_ok!(SupplyChain::commission(
			signed(MAKER_ADMIN),
			GTIN,
			lot("LOT2"),
			serials(&["S2"])
		));
		let commissioned = SupplyChain::trace(GTIN, serial("S2")).unwrap()[0].step.clone();
		assert_eq!(commissioned, TraceStep::Commissioned { manufacturer: MAKER });
	});
}

#[test]
fn gtin_squatting_is_undone_by_a_regulator_deactivating_the_product() {
	ExtBuilder::default().build_and_execute(|| {
		squatted_product();
		let deactivate = |who, gtin| SupplyChain::deactivate_product(signed(who), gtin, REASON);
		assert_noop!(deactivate(OTHER_MAKER_ADMIN, GTIN), Error::<Test>::RoleNotHeld);
		assert_noop!(deactivate(REGULATOR_CLERK, GTIN), Error::<Test>::MemberRoleMissing);
		assert_noop!(deactivate(INSPECTOR, GTIN_2), Error::<Test>::ProductNotFound);
		assert_ok!(deactivate(INSPECTOR, GTIN));
		System::assert_last_event(
			Event::ProductDeactivated {
				gtin: GTIN,
				manufacturer: OTHER_MAKER,
				by: REGULATOR,
				reason: REASON,
				who: INSPECTOR,
			}
			.into(),
		);
		assert_eq!(
			SupplyChain::product_deactivation(GTIN),
			Some(ProductDeactivation { by: REGULATOR, at: START, reason: REASON })
		);
		// Its packs verify as genuine but not sellable, and say why.
		let answer = verify("S1");
		assert!(answer.verified && !answer.sellable);
		assert_eq!(answer.additional_info, vec![AdditionalInfo::ProductDeactivated]);
		// Nothing more is made of it, and the decision is final.
		let squatter = || signed(OTHER_MAKER_ADMIN);
		assert_noop!(
			SupplyChain::commission(squatter(), GTIN, lot1(), serials(&["S2"])),
			Error::<Test>::ProductDeactivated
		);
		assert_noop!(
			SupplyChain::create_lot(squatter(), GTIN, lot("LOT2"), EXPIRY, 1),
			Error::<Test>::ProductDeactivated
		);
		assert_noop!(deactivate(INSPECTOR, GTIN), Error::<Test>::ProductDeactivated);
		assert_noop!(
			SupplyChain::reassign_product(signed(INSPECTOR), GTIN, MAKER, REASON),
			Error::<Test>::ProductDeactivated
		);
		// A GTIN is never given to another product.
		assert_noop!(
			SupplyChain::register_product(signed(MAKER_ADMIN), GTIN, META),
			Error::<Test>::ProductAlreadyRegistered
		);
	});
}

#[test]
fn register_product_refuses_an_invalid_gtin() {
	ExtBuilder::default().build_and_execute(|| {
		for bad in [*b"09506000134353", *b"0950600013435A", *b" 9506000134352"] {
			assert_noop!(
				SupplyChain::register_product(signed(MAKER_ADMIN), bad, META),
				Error::<Test>::InvalidGtin
			);
		}
	});
}

#[test]
fn register_product_refuses_a_registered_gtin() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(SupplyChain::register_product(signed(MAKER_ADMIN), GTIN, META));
		assert_noop!(
			SupplyChain::register_product(signed(MAKER_STAFF), GTIN, META),
			Error::<Test>::ProductAlreadyRegistered
		);
	});
}

#[test]
fn register_product_fails_without_funds_for_the_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			SupplyChain::register_product(signed(POOR_MAKER_ADMIN), POOR_GTIN, META),
			TokenError::FundsUnavailable
		);
	});
}

#[test]
fn genesis_registers_products_without_deposit() {
	ExtBuilder::default()
		.with_genesis_products(vec![(GTIN, MAKER, META), (OTHER_GTIN, OTHER_MAKER, [1; 32])])
		.build_and_execute(|| {
			assert_eq!(SupplyChain::product(GTIN).unwrap().manufacturer, MAKER);
			assert_eq!(SupplyChain::product(OTHER_GTIN).unwrap().registered_at, 0);
			// The genesis manufacturer can use it at once.
			assert_ok!(SupplyChain::create_lot(signed(MAKER_ADMIN), GTIN, lot1(), EXPIRY, 1));
		});
}

#[test]
#[should_panic(expected = "is not a valid GTIN-14")]
fn genesis_refuses_an_invalid_gtin() {
	ExtBuilder::default().with_genesis_products(vec![(*b"09506000134353", MAKER, META)]).build();
}

#[test]
#[should_panic(expected = "is not of a company prefix of organization 2")]
fn genesis_refuses_a_product_outside_its_manufacturers_prefixes() {
	ExtBuilder::default().with_genesis_products(vec![(GTIN, OTHER_MAKER, META)]).build();
}

#[test]
#[should_panic(expected = "is a restricted circulation or zero GTIN")]
fn genesis_refuses_a_restricted_gtin() {
	ExtBuilder::default().with_genesis_products(vec![(*b"00000000000000", MAKER, META)]).build();
}

// ---- Lots ---------------------------------------------------------------------------------------

#[test]
fn create_lot_stores_it_and_holds_deposit_for_its_packs() {
	ExtBuilder::default().build_and_execute(|| {
		with_lot();
		let info = SupplyChain::lot(GTIN, lot1()).unwrap();
		assert_eq!(info.expiry, EXPIRY);
		assert_eq!(info.expires_at, EXPIRED_AT);
		assert_eq!((info.quantity, info.commissioned, info.recall), (QUANTITY, 0, None));
		assert_eq!(
			held(MAKER_ADMIN, HoldReason::LotDeposit),
			LotDeposit::get() + PackDeposit::get() * u64::from(QUANTITY)
		);
		System::assert_last_event(
			Event::LotCreated {
				gtin: GTIN,
				lot: lot1(),
				expiry: EXPIRY,
				quantity: QUANTITY,
				manufacturer: MAKER,
				who: MAKER_ADMIN,
			}
			.into(),
		);
	});
}

#[test]
fn expiry_day_zero_means_the_end_of_the_month() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(SupplyChain::register_product(signed(MAKER_ADMIN), GTIN, META));
		assert_ok!(SupplyChain::create_lot(signed(MAKER_ADMIN), GTIN, lot("A"), *b"280200", 1));
		assert_ok!(SupplyChain::create_lot(signed(MAKER_ADMIN), GTIN, lot("B"), *b"280229", 1));
		// 2028 is a leap year: both end at midnight before 2028-03-01.
		let a = SupplyChain::lot(GTIN, lot("A")).unwrap().expires_at;
		assert_eq!(a, SupplyChain::lot(GTIN, lot("B")).unwrap().expires_at);
		assert_eq!(a, 1_835_481_600_000);
	});
}

#[test]
fn create_lot_refuses_invalid_lot_numbers() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(SupplyChain::register_product(signed(MAKER_ADMIN), GTIN, META));
		for bad in ["", "LOT 1", "LOT#1", "LÖT"] {
			assert_noop!(
				SupplyChain::create_lot(signed(MAKER_ADMIN), GTIN, lot(bad), EXPIRY, 1),
				Error::<Test>::InvalidLotNumber
			);
		}
		// The whole GS1 character set 82 is accepted, up to 20 characters.
		assert_ok!(SupplyChain::create_lot(
			signed(MAKER_ADMIN),
			GTIN,
			lot("!\"%&'()*+,-./:;<=>?_"),
			EXPIRY,
			1
		));
	});
}

#[test]
fn create_lot_refuses_invalid_expiry_dates() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(SupplyChain::register_product(signed(MAKER_ADMIN), GTIN, META));
		for bad in [b"271301", b"270001", b"270132", b"270229", b"270431", b"2712a1"] {
			assert_noop!(
				SupplyChain::create_lot(signed(MAKER_ADMIN), GTIN, lot1(), *bad, 1),
				Error::<Test>::InvalidExpiry
			);
		}
	});
}

#[test]
fn create_lot_refuses_a_past_expiry() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(SupplyChain::register_product(signed(MAKER_ADMIN), GTIN, META));
		assert_noop!(
			SupplyChain::create_lot(signed(MAKER_ADMIN), GTIN, lot1(), *b"241231", 1),
			Error::<Test>::Expired
		);
	});
}

#[test]
fn create_lot_refuses_zero_quantity() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(SupplyChain::register_product(signed(MAKER_ADMIN), GTIN, META));
		assert_noop!(
			SupplyChain::create_lot(signed(MAKER_ADMIN), GTIN, lot1(), EXPIRY, 0),
			Error::<Test>::ZeroQuantity
		);
	});
}

#[test]
fn create_lot_needs_a_registered_product_of_the_caller() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			SupplyChain::create_lot(signed(MAKER_ADMIN), GTIN, lot1(), EXPIRY, 1),
			Error::<Test>::ProductNotFound
		);
		assert_ok!(SupplyChain::register_product(signed(MAKER_ADMIN), GTIN, META));
		assert_noop!(
			SupplyChain::create_lot(signed(OTHER_MAKER_ADMIN), GTIN, lot1(), EXPIRY, 1),
			Error::<Test>::NotProductManufacturer
		);
		assert_noop!(
			SupplyChain::create_lot(signed(MAKER_ADMIN), *b"09506000134353", lot1(), EXPIRY, 1),
			Error::<Test>::InvalidGtin
		);
	});
}

#[test]
fn create_lot_fails_without_funds_for_the_lot_and_pack_deposits() {
	ExtBuilder::default()
		.with_genesis_products(vec![(POOR_GTIN, POOR_MAKER, META)])
		.build_and_execute(|| {
			assert_noop!(
				SupplyChain::create_lot(signed(POOR_MAKER_ADMIN), POOR_GTIN, lot1(), EXPIRY, 1),
				TokenError::FundsUnavailable
			);
			// A quantity whose pack deposits exceed the funds is refused too.
			assert_ok!(SupplyChain::register_product(signed(MAKER_ADMIN), GTIN_2, META));
			assert_noop!(
				SupplyChain::create_lot(signed(MAKER_ADMIN), GTIN_2, lot1(), EXPIRY, u32::MAX),
				TokenError::FundsUnavailable
			);
		});
}

#[test]
fn create_lot_refuses_an_existing_lot() {
	ExtBuilder::default().build_and_execute(|| {
		with_lot();
		assert_noop!(
			SupplyChain::create_lot(signed(MAKER_ADMIN), GTIN, lot1(), EXPIRY, 1),
			Error::<Test>::LotAlreadyExists
		);
	});
}

// ---- Commissioning ------------------------------------------------------------------------------

#[test]
fn commission_creates_active_packs_of_the_manufacturer() {
	ExtBuilder::default().build_and_execute(|| {
		with_packs(&["S1", "S2"]);
		let pack = Packs::<Test>::get(GTIN, serial("S1")).unwrap();
		assert_eq!(
			pack,
			Pack {
				lot: lot1(),
				status: PackStatus::Active,
				owner: MAKER,
				custodian: MAKER,
				parent: None,
				alert: None,
				ended: None,
				commissioned_at: START,
			}
		);
		assert_eq!(SupplyChain::lot(GTIN, lot1()).unwrap().commissioned, 2);
		System::assert_last_event(
			Event::Commissioned {
				gtin: GTIN,
				lot: lot1(),
				serials: serials(&["S1", "S2"]),
				manufacturer: MAKER,
				who: MAKER_ADMIN,
			}
			.into(),
		);
		// Commissioning writes no history: the pack itself says when and by whom.
		assert!(History::<Test>::get(pack_unit("S1")).is_empty());
	});
}

#[test]
fn commission_takes_a_full_batch_of_a_thousand() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(SupplyChain::register_product(signed(MAKER_ADMIN), GTIN, META));
		assert_ok!(SupplyChain::create_lot(signed(MAKER_ADMIN), GTIN, lot1(), EXPIRY, 1000));
		let batch: Vec<String> = (0..1000).map(|i| format!("SN{i:06}")).collect();
		let list: Vec<&str> = batch.iter().map(|s| s.as_str()).collect();
		assert_ok!(SupplyChain::commission(signed(MAKER_ADMIN), GTIN, lot1(), serials(&list)));
		assert_eq!(SupplyChain::lot(GTIN, lot1()).unwrap().commissioned, 1000);
		assert_noop!(
			SupplyChain::commission(signed(MAKER_ADMIN), GTIN, lot1(), serials(&["MORE"])),
			Error::<Test>::LotQuantityExceeded
		);
	});
}

#[test]
fn commission_refuses_bad_batches() {
	ExtBuilder::default().build_and_execute(|| {
		with_packs(&["S1"]);
		let call = |list: &[&str]| {
			SupplyChain::commission(signed(MAKER_ADMIN), GTIN, lot1(), serials(list))
		};
		assert_noop!(call(&[]), Error::<Test>::NoSerials);
		assert_noop!(call(&["OK", "BAD SERIAL"]), Error::<Test>::InvalidSerial);
		assert_noop!(call(&[""]), Error::<Test>::InvalidSerial);
		assert_noop!(call(&["S2", "S3", "S2"]), Error::<Test>::DuplicateSerial);
		assert_noop!(call(&["S2", "S1"]), Error::<Test>::PackAlreadyExists);
		assert_noop!(
			SupplyChain::commission(signed(MAKER_ADMIN), GTIN, lot("LOT#"), serials(&["S9"])),
			Error::<Test>::InvalidLotNumber
		);
		// The whole character set 82 is a valid serial.
		assert_ok!(call(&["!\"%&'()*+,-./:;<=>?_", "azAZ09"]));
	});
}

#[test]
fn commission_cannot_exceed_the_lot_quantity() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(SupplyChain::register_product(signed(MAKER_ADMIN), GTIN, META));
		assert_ok!(SupplyChain::create_lot(signed(MAKER_ADMIN), GTIN, lot1(), EXPIRY, 2));
		assert_ok!(SupplyChain::commission(signed(MAKER_ADMIN), GTIN, lot1(), serials(&["A"])));
		assert_noop!(
			SupplyChain::commission(signed(MAKER_ADMIN), GTIN, lot1(), serials(&["B", "C"])),
			Error::<Test>::LotQuantityExceeded
		);
		assert_ok!(SupplyChain::commission(signed(MAKER_ADMIN), GTIN, lot1(), serials(&["B"])));
	});
}

#[test]
fn commission_needs_the_product_manufacturer_and_a_live_lot() {
	ExtBuilder::default().build_and_execute(|| {
		let call = |who, gtin, lot_no: &str| {
			SupplyChain::commission(signed(who), gtin, lot(lot_no), serials(&["X"]))
		};
		assert_noop!(call(MAKER_ADMIN, GTIN, "LOT1"), Error::<Test>::ProductNotFound);
		with_lot();
		assert_noop!(call(OTHER_MAKER_ADMIN, GTIN, "LOT1"), Error::<Test>::NotProductManufacturer);
		assert_noop!(call(MAKER_ADMIN, GTIN, "LOT2"), Error::<Test>::LotNotFound);
		assert_noop!(call(MAKER_ADMIN, *b"12345678901234", "LOT1"), Error::<Test>::InvalidGtin);
		Timestamp::set_timestamp(EXPIRED_AT);
		assert_noop!(call(MAKER_ADMIN, GTIN, "LOT1"), Error::<Test>::Expired);
		Timestamp::set_timestamp(START);
		recall(MAKER_ADMIN);
		assert_noop!(call(MAKER_ADMIN, GTIN, "LOT1"), Error::<Test>::Recalled);
	});
}

// ---- Aggregation ------------------------------------------------------------------------------

#[test]
fn pack_creates_a_container_around_the_packs() {
	ExtBuilder::default().build_and_execute(|| {
		with_packs(&["S1", "S2"]);
		pack_into(MAKER_STAFF, 1, ContainerKind::Case, packs(&["S1", "S2"]));
		let case = SupplyChain::container(sscc(1)).unwrap();
		assert_eq!((case.kind, case.owner, case.custodian), (ContainerKind::Case, MAKER, MAKER));
		assert_eq!((case.children, case.height, case.alerts, case.parent), (2, 1, 0, None));
		assert_eq!(case.lots, vec![LotCount { gtin: GTIN, lot: lot1(), packs: 2 }]);
		assert_eq!(state("S1").pack.parent, Some(sscc(1)));
		assert_eq!(state("S1").top_container, Some(sscc(1)));
		assert_eq!(held(MAKER_ADMIN, HoldReason::ContainerDeposit), ContainerDeposit::get());
		System::assert_last_event(
			Event::Packed {
				sscc: sscc(1),
				kind: ContainerKind::Case,
				created: true,
				units: units(packs(&["S1", "S2"])),
				by: MAKER,
				who: MAKER_STAFF,
			}
			.into(),
		);
	});
}

#[test]
fn pack_adds_to_an_existing_container_and_nests_cases_on_pallets() {
	ExtBuilder::default().build_and_execute(|| {
		with_packs(&["S1", "S2", "S3"]);
		pack_into(MAKER_ADMIN, 1, ContainerKind::Case, packs(&["S1"]));
		pack_into(MAKER_ADMIN, 1, ContainerKind::Case, packs(&["S2"]));
		pack_into(MAKER_ADMIN, 2, ContainerKind::Case, packs(&["S3"]));
		assert_eq!(SupplyChain::container(sscc(1)).unwrap().children, 2);
		pack_into(MAKER_ADMIN, 10, ContainerKind::Pallet, vec![case_unit(1), case_unit(2)]);
		let pallet = SupplyChain::container(sscc(10)).unwrap();
		assert_eq!((pallet.children, pallet.height), (2, 2));
		assert_eq!(pallet.lots, vec![LotCount { gtin: GTIN, lot: lot1(), packs: 3 }]);
		assert_eq!(state("S1").top_container, Some(sscc(10)));
		assert_eq!(SupplyChain::container(sscc(1)).unwrap().parent, Some(sscc(10)));
		// Only one deposit per container.
		assert_eq!(held(MAKER_ADMIN, HoldReason::ContainerDeposit), 3 * ContainerDeposit::get());
	});
}

#[test]
fn pack_refuses_bad_identifiers_and_lists() {
	ExtBuilder::default().build_and_execute(|| {
		with_packs(&["S1"]);
		let call = |target: Sscc, list: Vec<Unit>| {
			SupplyChain::pack(signed(MAKER_ADMIN), target, ContainerKind::Case, units(list))
		};
		let mut bad_sscc = sscc(1);
		bad_sscc[17] = if bad_sscc[17] == b'9' { b'0' } else { bad_sscc[17] + 1 };
		assert_noop!(call(bad_sscc, packs(&["S1"])), Error::<Test>::InvalidSscc);
		assert_noop!(call(sscc(1), vec![]), Error::<Test>::NoUnits);
		assert_noop!(call(sscc(1), packs(&["S1", "S1"])), Error::<Test>::DuplicateUnit);
		assert_noop!(call(sscc(1), packs(&["BAD SERIAL"])), Error::<Test>::InvalidSerial);
		assert_noop!(
			call(sscc(1), vec![Unit::Pack(*b"09506000134353", serial("S1"))]),
			Error::<Test>::InvalidGtin
		);
		assert_noop!(call(sscc(1), vec![Unit::Container(bad_sscc)]), Error::<Test>::InvalidSscc);
		assert_noop!(call(sscc(1), packs(&["NOPE"])), Error::<Test>::PackNotFound);
		assert_noop!(call(sscc(1), vec![case_unit(2)]), Error::<Test>::ContainerNotFound);
		assert_noop!(call(sscc(1), vec![case_unit(1)]), Error::<Test>::CannotPackIntoItself);
	});
}

#[test]
fn pack_refuses_units_already_inside_and_nested_targets() {
	ExtBuilder::default().build_and_execute(|| {
		with_packs(&["S1", "S2"]);
		pack_into(MAKER_ADMIN, 1, ContainerKind::Case, packs(&["S1"]));
		assert_noop!(
			SupplyChain::pack(
				signed(MAKER_ADMIN),
				sscc(2),
				ContainerKind::Case,
				units(packs(&["S1"]))
			),
			Error::<Test>::InContainer
		);
		pack_into(MAKER_ADMIN, 10, ContainerKind::Pallet, vec![case_unit(1)]);
		// The case is on a pallet: unpack the pallet before adding to the case.
		assert_noop!(
			SupplyChain::pack(
				signed(MAKER_ADMIN),
				sscc(1),
				ContainerKind::Case,
				units(packs(&["S2"]))
			),
			Error::<Test>::InContainer
		);
		assert_noop!(
			SupplyChain::pack(
				signed(MAKER_ADMIN),
				sscc(10),
				ContainerKind::Case,
				units(packs(&["S2"]))
			),
			Error::<Test>::ContainerKindMismatch
		);
	});
}

#[test]
fn pack_needs_the_caller_to_own_and_hold_everything() {
	ExtBuilder::default().build_and_execute(|| {
		with_packs(&["S1", "S2", "S3"]);
		assert_noop!(
			SupplyChain::pack(
				signed(WHOLESALER_ADMIN),
				sscc_of(WHOLESALER, 1),
				ContainerKind::Case,
				units(packs(&["S1"]))
			),
			Error::<Test>::NotCustodian
		);
		// A logistics provider holds S2 but does not own it.
		let id = ship(MAKER_ADMIN, packs(&["S2"]), LOGISTICS, false);
		assert_ok!(SupplyChain::receive(signed(LOGISTICS_ADMIN), id));
		assert_noop!(
			SupplyChain::pack(
				signed(LOGISTICS_ADMIN),
				sscc_of(LOGISTICS, 1),
				ContainerKind::Case,
				units(packs(&["S2"]))
			),
			Error::<Test>::NotOwner
		);
		// Someone else's container cannot be filled.
		pack_into(MAKER_ADMIN, 1, ContainerKind::Case, packs(&["S1"]));
		deliver(MAKER_ADMIN, packs(&["S3"]), WHOLESALER, WHOLESALER_ADMIN);
		assert_noop!(
			SupplyChain::pack(
				signed(WHOLESALER_ADMIN),
				sscc(1),
				ContainerKind::Case,
				units(packs(&["S3"]))
			),
			Error::<Test>::NotCustodian
		);
	});
}

#[test]
fn pack_refuses_units_that_may_not_move() {
	ExtBuilder::default().build_and_execute(|| {
		with_packs(&["T", "D", "Q", "I", "OK"]);
		let call = |list: Vec<Unit>| {
			SupplyChain::pack(signed(MAKER_ADMIN), sscc(1), ContainerKind::Case, units(list))
		};
		ship(MAKER_ADMIN, packs(&["T"]), WHOLESALER, true);
		assert_noop!(call(packs(&["T"])), Error::<Test>::InTransit);
		assert_ok!(SupplyChain::decommission(
			signed(MAKER_ADMIN),
			GTIN,
			serial("D"),
			DecommissionReason::Sample
		));
		assert_noop!(call(packs(&["D"])), Error::<Test>::NotActive);
		assert_ok!(SupplyChain::mark_suspect(signed(MAKER_ADMIN), GTIN, serial("Q"), REASON));
		assert_noop!(call(packs(&["Q"])), Error::<Test>::Suspect);
		assert_ok!(SupplyChain::declare_illegitimate(
			signed(REGULATOR_ADMIN),
			GTIN,
			serial("I"),
			REASON
		));
		assert_noop!(call(packs(&["I"])), Error::<Test>::Illegitimate);
		// Recalled or expired packs are packed, for their return (finding 15).
		recall(MAKER_ADMIN);
		Timestamp::set_timestamp(EXPIRED_AT);
		assert_ok!(call(packs(&["OK"])));
	});
}

#[test]
fn pack_refuses_containers_that_may_not_move() {
	ExtBuilder::default().build_and_execute(|| {
		with_packs(&["A", "B", "C"]);
		pack_into(MAKER_ADMIN, 1, ContainerKind::Case, packs(&["A"]));
		pack_into(MAKER_ADMIN, 2, ContainerKind::Case, packs(&["B"]));
		let call = |list: Vec<Unit>| {
			SupplyChain::pack(signed(MAKER_ADMIN), sscc(10), ContainerKind::Pallet, units(list))
		};
		ship(MAKER_ADMIN, vec![case_unit(1)], WHOLESALER, true);
		assert_noop!(call(vec![case_unit(1)]), Error::<Test>::InTransit);
		assert_ok!(SupplyChain::mark_suspect(signed(MAKER_ADMIN), GTIN, serial("B"), REASON));
		assert_noop!(call(vec![case_unit(2)]), Error::<Test>::Suspect);
		assert_ok!(SupplyChain::clear_suspect(signed(MAKER_ADMIN), GTIN, serial("B"), REASON));
		// A case of recalled packs goes on a pallet, for its return (finding 15).
		recall(MAKER_ADMIN);
		assert_ok!(call(vec![case_unit(2)]));
		// The target itself in transit.
		assert_noop!(
			SupplyChain::pack(
				signed(MAKER_ADMIN),
				sscc(1),
				ContainerKind::Case,
				units(packs(&["C"]))
			),
			Error::<Test>::InTransit
		);
	});
}

#[test]
fn pack_respects_container_size_lots_and_nesting_limits() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(SupplyChain::register_product(signed(MAKER_ADMIN), GTIN, META));
		for l in ["L1", "L2", "L3", "L4"] {
			assert_ok!(SupplyChain::create_lot(signed(MAKER_ADMIN), GTIN, lot(l), EXPIRY, 10));
		}
		for (l, s) in [("L1", "A"), ("L1", "B"), ("L1", "C"), ("L1", "D"), ("L1", "E")] {
			assert_ok!(SupplyChain::commission(signed(MAKER_ADMIN), GTIN, lot(l), serials(&[s])));
		}
		for (l, s) in [("L2", "F"), ("L3", "G"), ("L4", "H")] {
			assert_ok!(SupplyChain::commission(signed(MAKER_ADMIN), GTIN, lot(l), serials(&[s])));
		}
		// MaxContainerSize = 4.
		pack_into(MAKER_ADMIN, 1, ContainerKind::Case, packs(&["A", "B", "C"]));
		assert_noop!(
			SupplyChain::pack(
				signed(MAKER_ADMIN),
				sscc(1),
				ContainerKind::Case,
				units(packs(&["D", "E"]))
			),
			Error::<Test>::ContainerFull
		);
		// MaxLotsPerContainer = 3.
		pack_into(MAKER_ADMIN, 2, ContainerKind::Case, packs(&["F", "G"]));
		assert_noop!(
			SupplyChain::pack(
				signed(MAKER_ADMIN),
				sscc(2),
				ContainerKind::Case,
				units(packs(&["H", "D"]))
			),
			Error::<Test>::TooManyLots
		);
		// MaxNestingDepth = 2: packs in cases on a pallet, and no deeper.
		pack_into(MAKER_ADMIN, 10, ContainerKind::Pallet, vec![case_unit(1)]);
		pack_into(MAKER_ADMIN, 11, ContainerKind::Pallet, packs(&["E"]));
		assert_noop!(
			SupplyChain::pack(
				signed(MAKER_ADMIN),
				sscc(11),
				ContainerKind::Pallet,
				units(vec![case_unit(10)])
			),
			Error::<Test>::NestingTooDeep
		);
	});
}

#[test]
fn unpack_writes_the_container_state_into_its_children() {
	ExtBuilder::default().build_and_execute(|| {
		with_packs(&["S1", "S2", "S3"]);
		pack_into(MAKER_ADMIN, 1, ContainerKind::Case, packs(&["S1", "S2"]));
		pack_into(MAKER_ADMIN, 10, ContainerKind::Pallet, vec![case_unit(1), pack_unit("S3")]);
		deliver(MAKER_ADMIN, vec![case_unit(10)], PHARMACY, PHARMACY_CLERK);
		// The packs' own records were not touched by the shipment.
		assert_eq!(Packs::<Test>::get(GTIN, serial("S1")).unwrap().owner, MAKER);
		assert_eq!((state("S1").owner, state("S1").custodian), (PHARMACY, PHARMACY));
		assert_ok!(SupplyChain::unpack(signed(PHARMACY_CLERK), sscc(10), None));
		let pallet = SupplyChain::container(sscc(10)).unwrap();
		assert_eq!((pallet.children, pallet.height, pallet.lots.len()), (0, 0, 0));
		let case = SupplyChain::container(sscc(1)).unwrap();
		assert_eq!((case.parent, case.owner, case.custodian), (None, PHARMACY, PHARMACY));
		let s3 = Packs::<Test>::get(GTIN, serial("S3")).unwrap();
		assert_eq!((s3.parent, s3.owner, s3.custodian), (None, PHARMACY, PHARMACY));
		// S1 is still in the case, whose state is now its own.
		assert_eq!(state("S1").top_container, Some(sscc(1)));
		assert_ok!(SupplyChain::unpack(signed(PHARMACIST), sscc(1), Some(units(packs(&["S2"])))));
		System::assert_last_event(
			Event::Unpacked {
				sscc: sscc(1),
				units: units(packs(&["S2"])),
				by: PHARMACY,
				who: PHARMACIST,
			}
			.into(),
		);
		assert_eq!(SupplyChain::container(sscc(1)).unwrap().children, 1);
		assert_eq!(Packs::<Test>::get(GTIN, serial("S2")).unwrap().owner, PHARMACY);
		// An emptied container can be filled again.
		assert_ok!(SupplyChain::pack(
			signed(PHARMACY_CLERK),
			sscc(10),
			ContainerKind::Pallet,
			units(packs(&["S2"]))
		));
	});
}

#[test]
fn unpack_refuses_what_it_cannot_do() {
	ExtBuilder::default().build_and_execute(|| {
		with_packs(&["S1", "S2", "S3"]);
		let call = |who, target, list: Option<Vec<Unit>>| {
			SupplyChain::unpack(signed(who), target, list.map(units))
		};
		let mut bad = sscc(1);
		bad[0] = b'x';
		assert_noop!(call(MAKER_ADMIN, bad, None), Error::<Test>::InvalidSscc);
		assert_noop!(call(MAKER_ADMIN, sscc(1), None), Error::<Test>::ContainerNotFound);
		pack_into(MAKER_ADMIN, 1, ContainerKind::Case, packs(&["S1"]));
		pack_into(MAKER_ADMIN, 2, ContainerKind::Case, packs(&["S2"]));
		assert_noop!(call(WHOLESALER_ADMIN, sscc(1), None), Error::<Test>::NotCustodian);
		assert_noop!(call(MAKER_ADMIN, sscc(1), Some(vec![])), Error::<Test>::NoUnits);
		assert_noop!(
			call(MAKER_ADMIN, sscc(1), Some(packs(&["S1", "S1"]))),
			Error::<Test>::DuplicateUnit
		);
		assert_noop!(
			call(MAKER_ADMIN, sscc(1), Some(packs(&["S3"]))),
			Error::<Test>::NotInContainer
		);
		assert_noop!(
			call(MAKER_ADMIN, sscc(1), Some(packs(&["B A D"]))),
			Error::<Test>::InvalidSerial
		);
		assert_ok!(call(MAKER_ADMIN, sscc(1), None));
		assert_noop!(call(MAKER_ADMIN, sscc(1), None), Error::<Test>::ContainerEmpty);
		pack_into(MAKER_ADMIN, 10, ContainerKind::Pallet, vec![case_unit(2)]);
		assert_noop!(call(MAKER_ADMIN, sscc(2), None), Error::<Test>::InContainer);
		ship(MAKER_ADMIN, vec![case_unit(10)], WHOLESALER, true);
		assert_noop!(call(MAKER_ADMIN, sscc(10), None), Error::<Test>::InTransit);
	});
}

// ---- Custody ----------------------------------------------------------------------------------

#[test]
fn shipping_and_receiving_a_pallet_moves_everything_inside_by_inference() {
	ExtBuilder::default().build_and_execute(|| {
		with_packs(&["A", "B", "C", "D"]);
		pack_into(MAKER_ADMIN, 1, ContainerKind::Case, packs(&["A", "B"]));
		pack_into(MAKER_ADMIN, 2, ContainerKind::Case, packs(&["C", "D"]));
		pack_into(MAKER_ADMIN, 10, ContainerKind::Pallet, vec![case_unit(1), case_unit(2)]);
		let id = ship(MAKER_STAFF, vec![case_unit(10)], WHOLESALER, true);
		System::assert_last_event(
			Event::Shipped {
				shipment: id,
				from: MAKER,
				to: WHOLESALER,
				units: units(vec![case_unit(10)]),
				ti_hash: TI,
				transfer_ownership: true,
				who: MAKER_STAFF,
			}
			.into(),
		);
		assert_eq!(held(MAKER_ADMIN, HoldReason::ShipmentDeposit), ShipmentDeposit::get());
		assert_eq!(state("A").status, PackStatus::InTransit(id));
		assert_eq!(verify("A").additional_info, vec![AdditionalInfo::InTransit]);
		let shipment = SupplyChain::shipment(id).unwrap();
		assert_eq!(
			(shipment.from, shipment.to, shipment.status),
			(MAKER, WHOLESALER, ShipmentStatus::Pending)
		);
		assert_ok!(SupplyChain::receive(signed(WHOLESALER_ADMIN), id));
		System::assert_last_event(
			Event::Received {
				shipment: id,
				from: MAKER,
				to: WHOLESALER,
				ownership_transferred: true,
				who: WHOLESALER_ADMIN,
			}
			.into(),
		);
		for s in ["A", "B", "C", "D"] {
			let st = state(s);
			assert_eq!(
				(st.owner, st.custodian, st.status),
				(WHOLESALER, WHOLESALER, PackStatus::Active)
			);
			// Nothing was written to the pack.
			assert_eq!(st.pack.owner, MAKER);
		}
		assert_eq!(SupplyChain::shipment(id).unwrap().status, ShipmentStatus::Received(START));
		assert_eq!(verify("A").holder, Some(WHOLESALER));
	});
}

#[test]
fn shipping_a_full_pallet_writes_as_many_keys_as_shipping_a_single_pack_pallet() {
	// Shipping touches the container, its history, the shipment and the counters; never a pack.
	let keys_written_by_shipping = |packs_per_case: usize| {
		let mut ext = ExtBuilder::default().build();
		ext.execute_with(|| {
			let names: Vec<String> = (0..16).map(|i| format!("P{i}")).collect();
			let list: Vec<&str> = names.iter().map(|s| s.as_str()).collect();
			with_packs(&list);
			for case in 0..4u32 {
				let start = case as usize * packs_per_case;
				let these = &list[start..start + packs_per_case];
				pack_into(MAKER_ADMIN, case + 1, ContainerKind::Case, packs(these));
			}
			pack_into(MAKER_ADMIN, 10, ContainerKind::Pallet, (1..=4).map(case_unit).collect());
		});
		ext.commit_all().unwrap();
		ext.execute_with(|| {
			System::reset_events();
			ship(MAKER_ADMIN, vec![case_unit(10)], WHOLESALER, true);
		});
		ext.overlayed_changes().changes().count()
	};
	assert_eq!(keys_written_by_shipping(1), keys_written_by_shipping(4));
}

#[test]
fn a_logistics_provider_holds_what_it_does_not_own() {
	ExtBuilder::default().build_and_execute(|| {
		with_packs(&["S1"]);
		let id = ship(MAKER_ADMIN, packs(&["S1"]), LOGISTICS, false);
		assert_ok!(SupplyChain::receive(signed(LOGISTICS_ADMIN), id));
		let st = state("S1");
		assert_eq!((st.owner, st.custodian), (MAKER, LOGISTICS));
		// It may neither sell the goods nor send them to anyone but their owner...
		assert_noop!(
			SupplyChain::ship(signed(LOGISTICS_ADMIN), units(packs(&["S1"])), WHOLESALER, TI, true),
			Error::<Test>::NotOwner
		);
		assert_noop!(
			SupplyChain::ship(signed(LOGISTICS_ADMIN), units(packs(&["S1"])), MAKER, TI, true),
			Error::<Test>::NotOwner
		);
		// ...and the owner may not ship what it does not hold.
		assert_noop!(
			SupplyChain::ship(signed(MAKER_ADMIN), units(packs(&["S1"])), PHARMACY, TI, true),
			Error::<Test>::NotCustodian
		);
		let id = ship(LOGISTICS_ADMIN, packs(&["S1"]), MAKER, false);
		assert_ok!(SupplyChain::receive(signed(MAKER_ADMIN), id));
		let st = state("S1");
		assert_eq!((st.owner, st.custodian), (MAKER, MAKER));
	});
}

#[test]
fn a_custody_only_holder_cannot_forward_goods_or_dispense_stock_it_does_not_own() {
	ExtBuilder::default().build_and_execute(|| {
		with_packs(&["A", "B", "P"]);
		let id = ship(MAKER_ADMIN, packs(&["A", "B"]), LOGISTICS, false);
		assert_ok!(SupplyChain::receive(signed(LOGISTICS_ADMIN), id));
		// The provider holds the manufacturer's goods: it may not send them anywhere else.
		assert_noop!(
			SupplyChain::ship(signed(LOGISTICS_ADMIN), units(packs(&["A"])), WHOLESALER, TI, false),
			Error::<Test>::NotOwner
		);
		// A pharmacy holding stock on consignment may not dispense it.
		let id = ship(MAKER_ADMIN, packs(&["P"]), PHARMACY, false);
		assert_ok!(SupplyChain::receive(signed(PHARMACY_ADMIN), id));
		assert_noop!(
			SupplyChain::dispense(signed(PHARMACIST), GTIN, serial("P")),
			Error::<Test>::NotOwner
		);
		// The holder ships on the owner's behalf: back to the owner...
		let id = ship(LOGISTICS_ADMIN, packs(&["A"]), MAKER, false);
		assert_ok!(SupplyChain::receive(signed(MAKER_ADMIN), id));
		// ...or to whom the owner sold the goods where they are.
		assert_ok!(SupplyChain::transfer_ownership(
			signed(MAKER_ADMIN),
			units(packs(&["B"])),
			WHOLESALER,
			TI
		));
		let id = ship(LOGISTICS_ADMIN, packs(&["B"]), WHOLESALER, false);
		assert_ok!(SupplyChain::receive(signed(WHOLESALER_ADMIN), id));
		assert_eq!((state("B").owner, state("B").custodian), (WHOLESALER, WHOLESALER));
		// The pharmacy returns the consignment; sold to it, the pack is dispensed.
		let id = ship(PHARMACY_ADMIN, packs(&["P"]), MAKER, false);
		assert_ok!(SupplyChain::receive(signed(MAKER_ADMIN), id));
		deliver(MAKER_ADMIN, packs(&["P"]), PHARMACY, PHARMACY_ADMIN);
		assert_ok!(SupplyChain::dispense(signed(PHARMACIST), GTIN, serial("P")));
	});
}

#[test]
fn ship_needs_an_eligible_addressee() {
	ExtBuilder::default().build_and_execute(|| {
		with_packs(&["S1"]);
		let call = |to| SupplyChain::ship(signed(MAKER_ADMIN), units(packs(&["S1"])), to, TI, true);
		assert_noop!(call(MAKER), Error::<Test>::ShipToSelf);
		assert_noop!(call(HOSPITAL), Error::<Test>::RecipientNotEligible);
		assert_noop!(call(REGULATOR), Error::<Test>::RecipientNotEligible);
		assert_noop!(call(77), Error::<Test>::RecipientNotEligible);
		MockOrganizations::set_status(WHOLESALER, OrgStatus::Revoked);
		assert_noop!(call(WHOLESALER), Error::<Test>::RecipientNotEligible);
		// Returns to a manufacturer are possible.
		assert_ok!(call(OTHER_MAKER));
		// Only trading partners ship.
		assert_noop!(
			SupplyChain::ship(signed(HOSPITAL_ADMIN), units(packs(&["S1"])), PHARMACY, TI, true),
			Error::<Test>::RoleNotHeld
		);
	});
}

#[test]
fn ship_refuses_bad_unit_lists() {
	ExtBuilder::default().build_and_execute(|| {
		with_packs(&["S1", "S2"]);
		let call = |list: Vec<Unit>| {
			SupplyChain::ship(signed(MAKER_ADMIN), units(list), WHOLESALER, TI, true)
		};
		assert_noop!(call(vec![]), Error::<Test>::NoUnits);
		assert_noop!(call(packs(&["S1", "S1"])), Error::<Test>::DuplicateUnit);
		assert_noop!(call(packs(&["S9"])), Error::<Test>::PackNotFound);
		assert_noop!(call(vec![case_unit(5)]), Error::<Test>::ContainerNotFound);
		pack_into(MAKER_ADMIN, 1, ContainerKind::Case, packs(&["S2"]));
		assert_noop!(call(packs(&["S2"])), Error::<Test>::InContainer);
		assert_ok!(call(packs(&["S1"])));
		assert_noop!(call(packs(&["S1"])), Error::<Test>::InTransit);
	});
}

#[test]
fn ship_refuses_goods_that_may_not_move() {
	ExtBuilder::default().build_and_execute(|| {
		with_packs(&["D", "Q", "I", "OK", "C1"]);
		let call = |list: Vec<Unit>| {
			SupplyChain::ship(signed(MAKER_ADMIN), units(list), WHOLESALER, TI, true)
		};
		assert_ok!(SupplyChain::decommission(
			signed(MAKER_ADMIN),
			GTIN,
			serial("D"),
			DecommissionReason::Locked
		));
		assert_noop!(call(packs(&["D"])), Error::<Test>::NotActive);
		assert_ok!(SupplyChain::mark_suspect(signed(MAKER_ADMIN), GTIN, serial("Q"), REASON));
		assert_noop!(call(packs(&["Q"])), Error::<Test>::Suspect);
		assert_ok!(SupplyChain::declare_illegitimate(
			signed(MAKER_ADMIN),
			GTIN,
			serial("I"),
			REASON
		));
		assert_noop!(call(packs(&["I"])), Error::<Test>::Illegitimate);
		pack_into(MAKER_ADMIN, 1, ContainerKind::Case, packs(&["C1"]));
		Timestamp::set_timestamp(EXPIRED_AT);
		assert_noop!(call(packs(&["OK"])), Error::<Test>::Expired);
		assert_noop!(call(vec![case_unit(1)]), Error::<Test>::Expired);
	});
}

#[test]
fn after_a_recall_every_pack_of_the_lot_refuses_shipment_even_inside_cases() {
	ExtBuilder::default().build_and_execute(|| {
		with_packs(&["A", "B", "C", "D"]);
		pack_into(MAKER_ADMIN, 1, ContainerKind::Case, packs(&["A", "B"]));
		pack_into(MAKER_ADMIN, 10, ContainerKind::Pallet, vec![case_unit(1), pack_unit("C")]);
		deliver(MAKER_ADMIN, vec![case_unit(10), pack_unit("D")], WHOLESALER, WHOLESALER_ADMIN);
		recall(REGULATOR_ADMIN);
		let call = |list: Vec<Unit>| {
			SupplyChain::ship(signed(WHOLESALER_ADMIN), units(list), PHARMACY, TI, true)
		};
		assert_noop!(call(packs(&["D"])), Error::<Test>::Recalled);
		assert_noop!(call(vec![case_unit(10)]), Error::<Test>::Recalled);
		assert_ok!(SupplyChain::unpack(signed(WHOLESALER_ADMIN), sscc(10), None));
		assert_noop!(call(vec![case_unit(1)]), Error::<Test>::Recalled);
		assert_noop!(call(packs(&["C"])), Error::<Test>::Recalled);
		assert_ok!(SupplyChain::unpack(signed(WHOLESALER_ADMIN), sscc(1), None));
		for s in ["A", "B", "C", "D"] {
			assert_noop!(call(packs(&[s])), Error::<Test>::Recalled);
			assert!(verify(s).additional_info.contains(&AdditionalInfo::Recalled));
		}
	});
}

#[test]
fn recalled_goods_may_go_back_to_their_manufacturer() {
	ExtBuilder::default().build_and_execute(|| {
		with_packs(&["A", "B"]);
		pack_into(MAKER_ADMIN, 1, ContainerKind::Case, packs(&["A"]));
		deliver(MAKER_ADMIN, vec![case_unit(1), pack_unit("B")], WHOLESALER, WHOLESALER_ADMIN);
		recall(MAKER_ADMIN);
		assert_noop!(
			SupplyChain::ship(
				signed(WHOLESALER_ADMIN),
				units(vec![case_unit(1)]),
				OTHER_MAKER,
				TI,
				true
			),
			Error::<Test>::Recalled
		);
		let id = ship(WHOLESALER_ADMIN, vec![case_unit(1), pack_unit("B")], MAKER, true);
		assert_ok!(SupplyChain::receive(signed(MAKER_ADMIN), id));
		assert_eq!(state("A").owner, MAKER);
	});
}

#[test]
fn the_owner_sells_stock_its_logistics_provider_holds() {
	ExtBuilder::default().build_and_execute(|| {
		with_packs(&["A", "B"]);
		pack_into(MAKER_ADMIN, 1, ContainerKind::Case, packs(&["A"]));
		let id = ship(MAKER_ADMIN, vec![case_unit(1), pack_unit("B")], LOGISTICS, false);
		let call = |who, list: Vec<Unit>, to| {
			SupplyChain::transfer_ownership(signed(who), units(list), to, TI)
		};
		assert_noop!(call(MAKER_ADMIN, packs(&["B"]), WHOLESALER), Error::<Test>::InTransit);
		assert_ok!(SupplyChain::receive(signed(LOGISTICS_ADMIN), id));
		assert_noop!(call(LOGISTICS_ADMIN, packs(&["B"]), WHOLESALER), Error::<Test>::NotOwner);
		assert_noop!(call(MAKER_ADMIN, packs(&["A"]), WHOLESALER), Error::<Test>::InContainer);
		assert_noop!(call(MAKER_ADMIN, packs(&["B"]), MAKER), Error::<Test>::ShipToSelf);
		assert_noop!(
			call(MAKER_ADMIN, packs(&["B"]), HOSPITAL),
			Error::<Test>::RecipientNotEligible
		);
		assert_noop!(call(MAKER_ADMIN, vec![], WHOLESALER), Error::<Test>::NoUnits);
		assert_ok!(call(MAKER_ADMIN, vec![case_unit(1), pack_unit("B")], WHOLESALER));
		System::assert_last_event(
			Event::OwnershipTransferred {
				from: MAKER,
				to: WHOLESALER,
				units: units(vec![case_unit(1), pack_unit("B")]),
				ti_hash: TI,
				who: MAKER_ADMIN,
			}
			.into(),
		);
		for s in ["A", "B"] {
			assert_eq!((state(s).owner, state(s).custodian), (WHOLESALER, LOGISTICS));
		}
		// The provider delivers to the new owner.
		let id = ship(LOGISTICS_ADMIN, vec![case_unit(1), pack_unit("B")], WHOLESALER, false);
		assert_ok!(SupplyChain::receive(signed(WHOLESALER_ADMIN), id));
		assert_eq!((state("A").owner, state("A").custodian), (WHOLESALER, WHOLESALER));
		// Quarantined or recalled goods are not sold.
		assert_ok!(SupplyChain::mark_suspect(signed(WHOLESALER_ADMIN), GTIN, serial("B"), REASON));
		assert_noop!(call(WHOLESALER_ADMIN, packs(&["B"]), PHARMACY), Error::<Test>::Suspect);
		recall(MAKER_ADMIN);
		assert_noop!(call(WHOLESALER_ADMIN, vec![case_unit(1)], PHARMACY), Error::<Test>::Recalled);
	});
}

#[test]
fn a_container_holding_a_suspect_pack_cannot_be_shipped() {
	ExtBuilder::default().build_and_execute(|| {
		with_packs(&["A", "B"]);
		pack_into(MAKER_ADMIN, 1, ContainerKind::Case, packs(&["A", "B"]));
		pack_into(MAKER_ADMIN, 10, ContainerKind::Pallet, vec![case_unit(1)]);
		assert_ok!(SupplyChain::mark_suspect(signed(MAKER_ADMIN), GTIN, serial("A"), REASON));
		assert_eq!(SupplyChain::container(sscc(1)).unwrap().alerts, 1);
		assert_eq!(SupplyChain::container(sscc(10)).unwrap().alerts, 1);
		assert_noop!(
			SupplyChain::ship(
				signed(MAKER_ADMIN),
				units(vec![case_unit(10)]),
				WHOLESALER,
				TI,
				true
			),
			Error::<Test>::Suspect
		);
		// Unpacking isolates the suspect pack; the rest may move.
		assert_ok!(SupplyChain::unpack(signed(MAKER_ADMIN), sscc(10), None));
		assert_ok!(SupplyChain::unpack(signed(MAKER_ADMIN), sscc(1), Some(units(packs(&["A"])))));
		assert_eq!(SupplyChain::container(sscc(1)).unwrap().alerts, 0);
		ship(MAKER_ADMIN, vec![case_unit(1)], WHOLESALER, true);
	});
}

/// An account without any funds.
const UNFUNDED: u64 = 14;

#[test]
fn pack_and_ship_fail_when_the_organizations_admin_cannot_pay_the_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		with_packs(&["A", "B"]);
		pack_into(MAKER_STAFF, 1, ContainerKind::Case, packs(&["A"]));
		// The deposit is the organization's: a funded member signing does not help.
		Organizations::set_admin(MAKER, Some(UNFUNDED));
		assert_noop!(
			SupplyChain::pack(
				signed(MAKER_STAFF),
				sscc(2),
				ContainerKind::Case,
				units(packs(&["B"]))
			),
			TokenError::FundsUnavailable
		);
		assert_noop!(
			SupplyChain::ship(signed(MAKER_STAFF), units(packs(&["B"])), WHOLESALER, TI, true),
			TokenError::FundsUnavailable
		);
		// Adding to a container already paid for holds nothing, so it goes through.
		assert_ok!(SupplyChain::pack(
			signed(MAKER_STAFF),
			sscc(1),
			ContainerKind::Case,
			units(packs(&["B"]))
		));
		System::assert_last_event(
			Event::Packed {
				sscc: sscc(1),
				kind: ContainerKind::Case,
				created: false,
				units: units(packs(&["B"])),
				by: MAKER,
				who: MAKER_STAFF,
			}
			.into(),
		);
	});
}

#[test]
fn transfer_ownership_refuses_expired_goods_except_back_to_the_manufacturer() {
	ExtBuilder::default().build_and_execute(|| {
		with_packs(&["A"]);
		deliver(MAKER_ADMIN, packs(&["A"]), WHOLESALER, WHOLESALER_ADMIN);
		Timestamp::set_timestamp(EXPIRED_AT);
		assert_noop!(
			SupplyChain::transfer_ownership(
				signed(WHOLESALER_ADMIN),
				units(packs(&["A"])),
				PHARMACY,
				TI
			),
			Error::<Test>::Expired
		);
		assert_ok!(SupplyChain::transfer_ownership(
			signed(WHOLESALER_ADMIN),
			units(packs(&["A"])),
			MAKER,
			TI
		));
		assert_eq!((state("A").owner, state("A").custodian), (MAKER, WHOLESALER));
	});
}

#[test]
fn ship_fails_when_shipment_ids_run_out() {
	ExtBuilder::default().build_and_execute(|| {
		with_packs(&["S1"]);
		NextShipmentId::<Test>::put(u64::MAX);
		assert_noop!(
			SupplyChain::ship(signed(MAKER_ADMIN), units(packs(&["S1"])), WHOLESALER, TI, true),
			Error::<Test>::IdsExhausted
		);
		NextShipmentId::<Test>::put(0);
		NextSeq::<Test>::put(u64::MAX);
		assert_noop!(
			SupplyChain::ship(signed(MAKER_ADMIN), units(packs(&["S1"])), WHOLESALER, TI, true),
			Error::<Test>::IdsExhausted
		);
		NextSeq::<Test>::put(0);
	});
}

#[test]
fn receive_needs_the_addressee_and_a_pending_shipment() {
	ExtBuilder::default().build_and_execute(|| {
		with_packs(&["S1"]);
		assert_noop!(
			SupplyChain::receive(signed(WHOLESALER_ADMIN), 0),
			Error::<Test>::ShipmentNotFound
		);
		let id = ship(MAKER_ADMIN, packs(&["S1"]), WHOLESALER, true);
		assert_noop!(SupplyChain::receive(signed(PHARMACY_ADMIN), id), Error::<Test>::NotAddressee);
		assert_ok!(SupplyChain::receive(signed(WHOLESALER_ADMIN), id));
		assert_noop!(
			SupplyChain::receive(signed(WHOLESALER_ADMIN), id),
			Error::<Test>::ShipmentNotPending
		);
	});
}

#[test]
fn reject_leaves_custody_with_the_sender() {
	ExtBuilder::default().build_and_execute(|| {
		with_packs(&["S1", "S2"]);
		pack_into(MAKER_ADMIN, 1, ContainerKind::Case, packs(&["S2"]));
		let id = ship(MAKER_ADMIN, vec![pack_unit("S1"), case_unit(1)], PHARMACY, true);
		assert_noop!(
			SupplyChain::reject(signed(WHOLESALER_ADMIN), id),
			Error::<Test>::NotAddressee
		);
		assert_noop!(
			SupplyChain::reject(signed(PHARMACY_ADMIN), 7),
			Error::<Test>::ShipmentNotFound
		);
		assert_ok!(SupplyChain::reject(signed(PHARMACY_CLERK), id));
		System::assert_last_event(
			Event::Rejected { shipment: id, from: MAKER, to: PHARMACY, who: PHARMACY_CLERK }.into(),
		);
		for s in ["S1", "S2"] {
			let st = state(s);
			assert_eq!((st.owner, st.custodian, st.status), (MAKER, MAKER, PackStatus::Active));
		}
		assert_eq!(SupplyChain::shipment(id).unwrap().status, ShipmentStatus::Rejected(START));
		assert_noop!(
			SupplyChain::reject(signed(PHARMACY_ADMIN), id),
			Error::<Test>::ShipmentNotPending
		);
		assert_noop!(
			SupplyChain::receive(signed(PHARMACY_ADMIN), id),
			Error::<Test>::ShipmentNotPending
		);
		// The goods may be shipped again.
		ship(MAKER_ADMIN, packs(&["S1"]), WHOLESALER, true);
	});
}

#[test]
fn the_sender_may_cancel_a_pending_shipment() {
	ExtBuilder::default().build_and_execute(|| {
		with_packs(&["S1"]);
		let id = ship(MAKER_ADMIN, packs(&["S1"]), WHOLESALER, true);
		assert_noop!(
			SupplyChain::cancel_shipment(signed(WHOLESALER_ADMIN), id),
			Error::<Test>::NotShipper
		);
		assert_ok!(SupplyChain::cancel_shipment(signed(MAKER_STAFF), id));
		System::assert_last_event(
			Event::ShipmentCancelled {
				shipment: id,
				from: MAKER,
				to: WHOLESALER,
				who: MAKER_STAFF,
			}
			.into(),
		);
		assert_eq!(state("S1").status, PackStatus::Active);
		assert_noop!(
			SupplyChain::cancel_shipment(signed(MAKER_ADMIN), id),
			Error::<Test>::ShipmentNotPending
		);
		assert_noop!(
			SupplyChain::receive(signed(WHOLESALER_ADMIN), id),
			Error::<Test>::ShipmentNotPending
		);
	});
}

#[test]
fn remove_shipment_returns_the_deposit_once_closed() {
	ExtBuilder::default().build_and_execute(|| {
		with_packs(&["S1"]);
		let id = ship(MAKER_STAFF, packs(&["S1"]), WHOLESALER, true);
		assert_noop!(
			SupplyChain::remove_shipment(signed(MAKER_ADMIN), 9),
			Error::<Test>::ShipmentNotFound
		);
		assert_noop!(
			SupplyChain::remove_shipment(signed(MAKER_ADMIN), id),
			Error::<Test>::ShipmentPending
		);
		assert_ok!(SupplyChain::receive(signed(WHOLESALER_ADMIN), id));
		assert_noop!(
			SupplyChain::remove_shipment(signed(WHOLESALER_ADMIN), id),
			Error::<Test>::NotShipper
		);
		assert_ok!(SupplyChain::remove_shipment(signed(MAKER_ADMIN), id));
		System::assert_last_event(
			Event::ShipmentRemoved {
				shipment: id,
				depositor: MAKER_ADMIN,
				deposit: ShipmentDeposit::get(),
			}
			.into(),
		);
		assert_eq!(held(MAKER_ADMIN, HoldReason::ShipmentDeposit), 0);
		assert!(SupplyChain::shipment(id).is_none());
		// The shipment stays in the pack's history.
		assert!(SupplyChain::trace(GTIN, serial("S1")).unwrap().iter().any(|e| matches!(
			e.step,
			TraceStep::Recorded(Step::Shipped { shipment, ti_hash, .. }) if shipment == id && ti_hash == TI
		)));
	});
}

// ---- End of life --------------------------------------------------------------------------------

/// Commissions the packs and delivers them to the pharmacy.
fn at_pharmacy(list: &[&str]) {
	with_packs(list);
	// At most `MaxShipmentUnits` (4) per shipment.
	for chunk in list.chunks(4) {
		deliver(MAKER_ADMIN, packs(chunk), PHARMACY, PHARMACY_CLERK);
	}
}

#[test]
fn dispense_ends_the_pack_as_supplied() {
	ExtBuilder::default().build_and_execute(|| {
		at_pharmacy(&["S1"]);
		assert!(verify("S1").sellable);
		assert_ok!(SupplyChain::dispense(signed(PHARMACIST), GTIN, serial("S1")));
		System::assert_last_event(
			Event::Dispensed { gtin: GTIN, serial: serial("S1"), by: PHARMACY, who: PHARMACIST }
				.into(),
		);
		let st = state("S1");
		assert_eq!(st.status, PackStatus::Dispensed);
		assert_eq!(st.pack.ended, Some(EndOfLife { by: PHARMACY, at: START }));
		let answer = verify("S1");
		assert!(answer.verified && !answer.sellable);
		assert_eq!(answer.additional_info, vec![AdditionalInfo::Dispensed]);
		assert_noop!(
			SupplyChain::dispense(signed(PHARMACIST), GTIN, serial("S1")),
			Error::<Test>::NotActive
		);
	});
}

#[test]
fn dispense_needs_a_dispenser_and_a_pharmacist() {
	ExtBuilder::default().build_and_execute(|| {
		with_packs(&["S1"]);
		assert_noop!(
			SupplyChain::dispense(signed(MAKER_ADMIN), GTIN, serial("S1")),
			Error::<Test>::RoleNotHeld
		);
		deliver(MAKER_ADMIN, packs(&["S1"]), PHARMACY, PHARMACY_ADMIN);
		assert_noop!(
			SupplyChain::dispense(signed(PHARMACY_CLERK), GTIN, serial("S1")),
			Error::<Test>::MemberRoleMissing
		);
		assert_noop!(
			SupplyChain::dispense(signed(PHARMACY_2_ADMIN), GTIN, serial("S1")),
			Error::<Test>::NotCustodian
		);
		assert_ok!(SupplyChain::dispense(signed(PHARMACY_ADMIN), GTIN, serial("S1")));
	});
}

#[test]
fn dispense_refuses_packs_that_may_not_be_supplied() {
	ExtBuilder::default().build_and_execute(|| {
		at_pharmacy(&["C", "Q", "I", "OK", "T"]);
		let call = |s: &str| SupplyChain::dispense(signed(PHARMACIST), GTIN, serial(s));
		assert_noop!(
			SupplyChain::dispense(signed(PHARMACIST), GTIN, serial("S S")),
			Error::<Test>::InvalidSerial
		);
		assert_noop!(call("NOPE"), Error::<Test>::PackNotFound);
		assert_ok!(SupplyChain::pack(
			signed(PHARMACY_ADMIN),
			sscc_of(PHARMACY, 1),
			ContainerKind::Case,
			units(packs(&["C"]))
		));
		assert_noop!(call("C"), Error::<Test>::InContainer);
		ship(PHARMACY_ADMIN, packs(&["T"]), PHARMACY_2, true);
		assert_noop!(call("T"), Error::<Test>::InTransit);
		assert_ok!(SupplyChain::mark_suspect(signed(PHARMACIST), GTIN, serial("Q"), REASON));
		assert_noop!(call("Q"), Error::<Test>::Suspect);
		assert_ok!(SupplyChain::declare_illegitimate(
			signed(MAKER_ADMIN),
			GTIN,
			serial("I"),
			REASON
		));
		assert_noop!(call("I"), Error::<Test>::Illegitimate);
		Timestamp::set_timestamp(EXPIRED_AT);
		assert_noop!(call("OK"), Error::<Test>::Expired);
		Timestamp::set_timestamp(START);
		recall(MAKER_ADMIN);
		assert_noop!(call("OK"), Error::<Test>::Recalled);
	});
}

#[test]
fn decommission_records_each_reason() {
	ExtBuilder::default().build_and_execute(|| {
		let reasons = [
			("A", DecommissionReason::Destroyed),
			("B", DecommissionReason::Stolen),
			("C", DecommissionReason::Sample),
			("D", DecommissionReason::Exported),
			("E", DecommissionReason::Locked),
		];
		with_packs(&["A", "B", "C", "D", "E"]);
		for (s, reason) in reasons {
			assert_ok!(SupplyChain::decommission(signed(MAKER_STAFF), GTIN, serial(s), reason));
			System::assert_last_event(
				Event::Decommissioned {
					gtin: GTIN,
					serial: serial(s),
					reason,
					by: MAKER,
					who: MAKER_STAFF,
				}
				.into(),
			);
			assert_eq!(state(s).status, PackStatus::Decommissioned(reason));
			assert_eq!(verify(s).additional_info, vec![AdditionalInfo::Decommissioned(reason)]);
		}
	});
}

#[test]
fn decommission_needs_the_holder_of_a_top_level_movable_pack() {
	ExtBuilder::default().build_and_execute(|| {
		with_packs(&["A", "B", "C", "R"]);
		let call = |who, s: &str| {
			SupplyChain::decommission(signed(who), GTIN, serial(s), DecommissionReason::Destroyed)
		};
		assert_noop!(call(WHOLESALER_ADMIN, "A"), Error::<Test>::NotCustodian);
		pack_into(MAKER_ADMIN, 1, ContainerKind::Case, packs(&["B"]));
		assert_noop!(call(MAKER_ADMIN, "B"), Error::<Test>::InContainer);
		assert_ok!(SupplyChain::mark_suspect(signed(MAKER_ADMIN), GTIN, serial("C"), REASON));
		assert_noop!(call(MAKER_ADMIN, "C"), Error::<Test>::Suspect);
		assert_ok!(call(MAKER_ADMIN, "A"));
		assert_noop!(call(MAKER_ADMIN, "A"), Error::<Test>::NotActive);
		// Recalled goods are destroyed.
		recall(MAKER_ADMIN);
		assert_ok!(call(MAKER_ADMIN, "R"));
	});
}

#[test]
fn undo_decommission_restores_the_pack_within_the_period() {
	ExtBuilder::default().build_and_execute(|| {
		at_pharmacy(&["S1", "S2"]);
		assert_ok!(SupplyChain::decommission(
			signed(PHARMACY_CLERK),
			GTIN,
			serial("S1"),
			DecommissionReason::Sample
		));
		Timestamp::set_timestamp(START + TEN_DAYS);
		assert_ok!(SupplyChain::undo_decommission(signed(PHARMACY_ADMIN), GTIN, serial("S1")));
		System::assert_last_event(
			Event::DecommissionUndone {
				gtin: GTIN,
				serial: serial("S1"),
				by: PHARMACY,
				who: PHARMACY_ADMIN,
			}
			.into(),
		);
		assert!(verify("S1").sellable);
		assert_eq!(state("S1").pack.ended, None);
		// A dispense can be undone too (the patient did not collect it).
		assert_ok!(SupplyChain::dispense(signed(PHARMACIST), GTIN, serial("S2")));
		assert_ok!(SupplyChain::undo_decommission(signed(PHARMACIST), GTIN, serial("S2")));
		assert_eq!(state("S2").status, PackStatus::Active);
	});
}

#[test]
fn undo_decommission_follows_the_eu_fmd_rules() {
	ExtBuilder::default().build_and_execute(|| {
		at_pharmacy(&["A", "S", "D", "L", "X", "R", "I"]);
		let decommission = |s: &str, reason| {
			assert_ok!(SupplyChain::decommission(signed(PHARMACY_ADMIN), GTIN, serial(s), reason));
		};
		let undo = |who, s: &str| SupplyChain::undo_decommission(signed(who), GTIN, serial(s));
		assert_noop!(undo(PHARMACY_ADMIN, "A"), Error::<Test>::NotDecommissioned);
		assert_noop!(undo(PHARMACY_ADMIN, "NOPE"), Error::<Test>::PackNotFound);
		decommission("S", DecommissionReason::Stolen);
		assert_noop!(undo(PHARMACY_ADMIN, "S"), Error::<Test>::UndoNotAllowed);
		decommission("D", DecommissionReason::Destroyed);
		assert_noop!(undo(PHARMACY_ADMIN, "D"), Error::<Test>::UndoNotAllowed);
		decommission("L", DecommissionReason::Locked);
		assert_noop!(undo(WHOLESALER_ADMIN, "L"), Error::<Test>::NotDecommissioner);
		decommission("I", DecommissionReason::Locked);
		assert_ok!(SupplyChain::declare_illegitimate(
			signed(REGULATOR_ADMIN),
			GTIN,
			serial("I"),
			REASON
		));
		assert_noop!(undo(PHARMACY_ADMIN, "I"), Error::<Test>::Illegitimate);
		Timestamp::set_timestamp(START + TEN_DAYS + 1);
		assert_noop!(undo(PHARMACY_ADMIN, "L"), Error::<Test>::UndoPeriodOver);
		decommission("X", DecommissionReason::Exported);
		Timestamp::set_timestamp(EXPIRED_AT);
		decommission("R", DecommissionReason::Sample);
		assert_noop!(undo(PHARMACY_ADMIN, "R"), Error::<Test>::Expired);
		Timestamp::set_timestamp(START + TEN_DAYS + 2);
		recall(MAKER_ADMIN);
		assert_noop!(undo(PHARMACY_ADMIN, "X"), Error::<Test>::Recalled);
	});
}

// ---- Recall -----------------------------------------------------------------------------------

#[test]
fn the_manufacturer_or_a_regulator_recalls_a_lot() {
	ExtBuilder::default().build_and_execute(|| {
		with_packs(&["S1"]);
		assert_ok!(SupplyChain::recall_lot(signed(INSPECTOR), GTIN, lot1(), REASON));
		System::assert_last_event(
			Event::LotRecalled {
				gtin: GTIN,
				lot: lot1(),
				by: REGULATOR,
				reason: REASON,
				who: INSPECTOR,
			}
			.into(),
		);
		let recall_info = SupplyChain::lot(GTIN, lot1()).unwrap().recall.unwrap();
		assert_eq!(
			(recall_info.by, recall_info.at, recall_info.reason),
			(REGULATOR, START, REASON)
		);
		assert!(state("S1").recalled);
		assert_noop!(
			SupplyChain::recall_lot(signed(MAKER_QA), GTIN, lot1(), REASON),
			Error::<Test>::AlreadyRecalled
		);
		assert_ok!(SupplyChain::create_lot(signed(MAKER_ADMIN), GTIN, lot("LOT2"), EXPIRY, 1));
		assert_ok!(SupplyChain::recall_lot(signed(MAKER_QA), GTIN, lot("LOT2"), REASON));
	});
}

#[test]
fn recall_needs_an_authority_over_the_product() {
	ExtBuilder::default().build_and_execute(|| {
		with_packs(&["S1"]);
		let call = |who, gtin, l: &str| SupplyChain::recall_lot(signed(who), gtin, lot(l), REASON);
		assert_noop!(call(OTHER_MAKER_ADMIN, GTIN, "LOT1"), Error::<Test>::NotAuthority);
		assert_noop!(call(WHOLESALER_ADMIN, GTIN, "LOT1"), Error::<Test>::NotAuthority);
		assert_noop!(call(MAKER_STAFF, GTIN, "LOT1"), Error::<Test>::MemberRoleMissing);
		assert_noop!(call(MAKER_ADMIN, GTIN_2, "LOT1"), Error::<Test>::ProductNotFound);
		assert_noop!(call(MAKER_ADMIN, GTIN, "LOT9"), Error::<Test>::LotNotFound);
		assert_noop!(call(MAKER_ADMIN, GTIN, "LOT 9"), Error::<Test>::InvalidLotNumber);
	});
}

// ---- Suspect and illegitimate product -------------------------------------------------------

#[test]
fn a_holder_or_owner_marks_a_pack_suspect_even_inside_a_case() {
	ExtBuilder::default().build_and_execute(|| {
		with_packs(&["A", "B"]);
		pack_into(MAKER_ADMIN, 1, ContainerKind::Case, packs(&["A"]));
		let id = ship(MAKER_ADMIN, vec![case_unit(1), pack_unit("B")], LOGISTICS, false);
		assert_ok!(SupplyChain::receive(signed(LOGISTICS_ADMIN), id));
		// The logistics provider holds the case; the manufacturer owns it.
		assert_ok!(SupplyChain::mark_suspect(signed(LOGISTICS_ADMIN), GTIN, serial("A"), REASON));
		System::assert_last_event(
			Event::MarkedSuspect {
				gtin: GTIN,
				serial: serial("A"),
				by: LOGISTICS,
				reason: REASON,
				who: LOGISTICS_ADMIN,
			}
			.into(),
		);
		assert_ok!(SupplyChain::mark_suspect(signed(MAKER_ADMIN), GTIN, serial("B"), REASON));
		let st = state("A");
		assert_eq!(
			st.alert,
			Some(Alert { kind: AlertKind::Suspect, by: LOGISTICS, at: START, reason: REASON })
		);
		assert_eq!(verify("A").additional_info, vec![AdditionalInfo::Suspect]);
		assert_noop!(
			SupplyChain::mark_suspect(signed(WHOLESALER_ADMIN), GTIN, serial("A"), REASON),
			Error::<Test>::NotHolder
		);
		assert_noop!(
			SupplyChain::mark_suspect(signed(MAKER_ADMIN), GTIN, serial("A"), REASON),
			Error::<Test>::AlreadySuspect
		);
	});
}

#[test]
fn mark_suspect_refuses_packs_in_transit_ended_or_illegitimate() {
	ExtBuilder::default().build_and_execute(|| {
		with_packs(&["T", "C", "D", "I"]);
		let call =
			|s: &str| SupplyChain::mark_suspect(signed(MAKER_ADMIN), GTIN, serial(s), REASON);
		assert_noop!(call("NOPE"), Error::<Test>::PackNotFound);
		ship(MAKER_ADMIN, packs(&["T"]), WHOLESALER, false);
		assert_noop!(call("T"), Error::<Test>::InTransit);
		pack_into(MAKER_ADMIN, 1, ContainerKind::Case, packs(&["C"]));
		ship(MAKER_ADMIN, vec![case_unit(1)], WHOLESALER, false);
		assert_noop!(call("C"), Error::<Test>::InTransit);
		assert_ok!(SupplyChain::decommission(
			signed(MAKER_ADMIN),
			GTIN,
			serial("D"),
			DecommissionReason::Sample
		));
		assert_noop!(call("D"), Error::<Test>::NotActive);
		assert_ok!(SupplyChain::declare_illegitimate(
			signed(MAKER_ADMIN),
			GTIN,
			serial("I"),
			REASON
		));
		assert_noop!(call("I"), Error::<Test>::Illegitimate);
	});
}

#[test]
fn clearing_a_suspect_pack_lets_it_move_again() {
	ExtBuilder::default().build_and_execute(|| {
		with_packs(&["A", "B"]);
		pack_into(MAKER_ADMIN, 1, ContainerKind::Case, packs(&["A"]));
		assert_ok!(SupplyChain::mark_suspect(signed(MAKER_STAFF), GTIN, serial("A"), REASON));
		assert_noop!(
			SupplyChain::clear_suspect(signed(WHOLESALER_ADMIN), GTIN, serial("A"), REASON),
			Error::<Test>::NotAuthority
		);
		assert_noop!(
			SupplyChain::clear_suspect(signed(MAKER_ADMIN), GTIN, serial("B"), REASON),
			Error::<Test>::NotSuspect
		);
		assert_ok!(SupplyChain::clear_suspect(signed(INSPECTOR), GTIN, serial("A"), [5; 32]));
		System::assert_last_event(
			Event::SuspectCleared {
				gtin: GTIN,
				serial: serial("A"),
				by: REGULATOR,
				reason: [5; 32],
				who: INSPECTOR,
			}
			.into(),
		);
		assert_eq!(SupplyChain::container(sscc(1)).unwrap().alerts, 0);
		assert!(verify("A").sellable);
		ship(MAKER_ADMIN, vec![case_unit(1)], WHOLESALER, true);
	});
}

#[test]
fn investigation_authority_a_regulator_marks_suspect_and_a_manufacturer_clears_only_its_own() {
	ExtBuilder::default().build_and_execute(|| {
		at_pharmacy(&["P", "Q"]);
		with_more_packs(&["M"]);
		let mark = |who, s: &str| SupplyChain::mark_suspect(signed(who), GTIN, serial(s), REASON);
		let clear = |who, s: &str| SupplyChain::clear_suspect(signed(who), GTIN, serial(s), REASON);
		// The pharmacy suspects a pack: the product's manufacturer may not clear it, the
		// regulator decides.
		assert_ok!(mark(PHARMACIST, "P"));
		assert_noop!(clear(MAKER_QA, "P"), Error::<Test>::SuspicionRaisedByAnother);
		assert_ok!(clear(INSPECTOR, "P"));
		// A regulator marks any pack suspect without holding it; the manufacturer cannot undo
		// the regulator's suspicion either.
		assert_ok!(mark(INSPECTOR, "Q"));
		System::assert_last_event(
			Event::MarkedSuspect {
				gtin: GTIN,
				serial: serial("Q"),
				by: REGULATOR,
				reason: REASON,
				who: INSPECTOR,
			}
			.into(),
		);
		assert_noop!(clear(MAKER_ADMIN, "Q"), Error::<Test>::SuspicionRaisedByAnother);
		assert_noop!(mark(REGULATOR_ADMIN, "Q"), Error::<Test>::AlreadySuspect);
		// The manufacturer withdraws a suspicion it raised itself.
		assert_ok!(mark(MAKER_ADMIN, "M"));
		assert_ok!(clear(MAKER_QA, "M"));
		assert!(verify("M").sellable);
		// Other trading partners still need to hold or own the pack.
		assert_noop!(mark(WHOLESALER_ADMIN, "M"), Error::<Test>::NotHolder);
	});
}

#[test]
fn declaring_a_pack_illegitimate_notifies_everyone_who_held_it() {
	ExtBuilder::default().build_and_execute(|| {
		with_packs(&["A", "B"]);
		pack_into(MAKER_ADMIN, 1, ContainerKind::Case, packs(&["A", "B"]));
		pack_into(MAKER_ADMIN, 10, ContainerKind::Pallet, vec![case_unit(1)]);
		// The pallet goes to a logistics provider, the goods are sold to a wholesaler, and the
		// provider delivers them.
		let id = ship(MAKER_ADMIN, vec![case_unit(10)], LOGISTICS, false);
		assert_ok!(SupplyChain::receive(signed(LOGISTICS_ADMIN), id));
		assert_ok!(SupplyChain::transfer_ownership(
			signed(MAKER_ADMIN),
			units(vec![case_unit(10)]),
			WHOLESALER,
			TI
		));
		let id = ship(LOGISTICS_ADMIN, vec![case_unit(10)], WHOLESALER, false);
		assert_ok!(SupplyChain::receive(signed(WHOLESALER_ADMIN), id));
		assert_ok!(SupplyChain::unpack(signed(WHOLESALER_ADMIN), sscc(10), None));
		// The case goes to a pharmacy, which rejects it; then to another.
		let id = ship(WHOLESALER_ADMIN, vec![case_unit(1)], PHARMACY, true);
		assert_ok!(SupplyChain::reject(signed(PHARMACY_ADMIN), id));
		deliver(WHOLESALER_ADMIN, vec![case_unit(1)], PHARMACY_2, PHARMACY_2_ADMIN);
		assert_ok!(SupplyChain::unpack(signed(PHARMACY_2_ADMIN), sscc(1), None));
		assert_ok!(SupplyChain::mark_suspect(signed(PHARMACY_2_ADMIN), GTIN, serial("A"), REASON));
		System::reset_events();
		assert_ok!(SupplyChain::declare_illegitimate(
			signed(REGULATOR_ADMIN),
			GTIN,
			serial("A"),
			REASON
		));
		let mut expected = vec![MAKER, WHOLESALER, PHARMACY, LOGISTICS, PHARMACY_2];
		expected.sort();
		let events = events();
		assert_eq!(
			events[0],
			Event::DeclaredIllegitimate {
				gtin: GTIN,
				serial: serial("A"),
				by: REGULATOR,
				reason: REASON,
				notified: expected.len() as u32,
				who: REGULATOR_ADMIN,
			}
		);
		let notified: Vec<u32> = events[1..]
			.iter()
			.map(|e| match e {
				Event::IllegitimateProductNotice { org, gtin, serial: s } => {
					assert_eq!((*gtin, s.clone()), (GTIN, serial("A")));
					*org
				},
				other => panic!("unexpected {other:?}"),
			})
			.collect();
		assert_eq!(notified, expected);
		assert_eq!(verify("A").additional_info, vec![AdditionalInfo::Illegitimate]);
		assert_noop!(
			SupplyChain::declare_illegitimate(signed(MAKER_ADMIN), GTIN, serial("A"), REASON),
			Error::<Test>::Illegitimate
		);
		assert_noop!(
			SupplyChain::clear_suspect(signed(MAKER_ADMIN), GTIN, serial("A"), REASON),
			Error::<Test>::Illegitimate
		);
		assert_noop!(
			SupplyChain::declare_illegitimate(signed(WHOLESALER_ADMIN), GTIN, serial("B"), REASON),
			Error::<Test>::NotAuthority
		);
	});
}

#[test]
fn illegitimate_notice_is_refused_when_dropped_history_would_hide_a_holder() {
	ExtBuilder::default().build_and_execute(|| {
		with_packs(&["A"]);
		// The logistics provider holds the pack for a while and gives it back.
		let id = ship(MAKER_ADMIN, packs(&["A"]), LOGISTICS, false);
		assert_ok!(SupplyChain::receive(signed(LOGISTICS_ADMIN), id));
		let id = ship(LOGISTICS_ADMIN, packs(&["A"]), MAKER, false);
		assert_ok!(SupplyChain::receive(signed(MAKER_ADMIN), id));
		// Four pack-unpack cycles push those steps out of the pack's history (`MaxHistory` 8).
		for _ in 0..4 {
			pack_into(MAKER_ADMIN, 1, ContainerKind::Case, packs(&["A"]));
			assert_ok!(SupplyChain::unpack(signed(MAKER_ADMIN), sscc(1), None));
		}
		assert!(HistoryDropped::<Test>::get(pack_unit("A")) > 0);
		// A declaration would not notify the provider: it is refused, and says so.
		assert_noop!(
			SupplyChain::declare_illegitimate(signed(INSPECTOR), GTIN, serial("A"), REASON),
			Error::<Test>::NoticeListIncomplete
		);
		// The regulator quarantines the pack instead.
		assert_ok!(SupplyChain::mark_suspect(signed(INSPECTOR), GTIN, serial("A"), REASON));
	});
}

#[test]
fn illegitimate_notice_is_not_cut_short_by_the_trace_budget() {
	ExtBuilder::default().build_and_execute(|| {
		with_packs(&["A"]);
		// The pack spends time in case 1, which meanwhile goes on and off pallets 10 to 13, then
		// in case 2, which goes on and off pallets 14 to 16 and onto pallet 17. Reading the
		// histories of the cases and pallets takes more than the trace's budget (`MaxHistory`
		// 8 container histories).
		pack_into(MAKER_ADMIN, 1, ContainerKind::Case, packs(&["A"]));
		for pallet in 10..14 {
			pack_into(MAKER_ADMIN, pallet, ContainerKind::Pallet, vec![case_unit(1)]);
			assert_ok!(SupplyChain::unpack(signed(MAKER_ADMIN), sscc(pallet), None));
		}
		assert_ok!(SupplyChain::unpack(signed(MAKER_ADMIN), sscc(1), None));
		pack_into(MAKER_ADMIN, 2, ContainerKind::Case, packs(&["A"]));
		for pallet in 14..17 {
			pack_into(MAKER_ADMIN, pallet, ContainerKind::Pallet, vec![case_unit(2)]);
			assert_ok!(SupplyChain::unpack(signed(MAKER_ADMIN), sscc(pallet), None));
		}
		pack_into(MAKER_ADMIN, 17, ContainerKind::Pallet, vec![case_unit(2)]);
		// Pallet 17 alone visits the logistics provider.
		let id = ship(MAKER_ADMIN, vec![case_unit(17)], LOGISTICS, false);
		assert_ok!(SupplyChain::receive(signed(LOGISTICS_ADMIN), id));
		let id = ship(LOGISTICS_ADMIN, vec![case_unit(17)], MAKER, false);
		assert_ok!(SupplyChain::receive(signed(MAKER_ADMIN), id));
		assert!(SupplyChain::trace(GTIN, serial("A"))
			.unwrap()
			.iter()
			.any(|e| e.step == TraceStep::Incomplete));
		assert_noop!(
			SupplyChain::declare_illegitimate(signed(INSPECTOR), GTIN, serial("A"), REASON),
			Error::<Test>::NoticeListIncomplete
		);
	});
}

#[test]
fn an_illegitimate_pack_inside_a_case_freezes_the_case() {
	ExtBuilder::default().build_and_execute(|| {
		with_packs(&["A"]);
		pack_into(MAKER_ADMIN, 1, ContainerKind::Case, packs(&["A"]));
		assert_ok!(SupplyChain::declare_illegitimate(signed(MAKER_QA), GTIN, serial("A"), REASON));
		assert_eq!(SupplyChain::container(sscc(1)).unwrap().alerts, 1);
		assert_noop!(
			SupplyChain::ship(signed(MAKER_ADMIN), units(vec![case_unit(1)]), WHOLESALER, TI, true),
			Error::<Test>::Suspect
		);
		assert_ok!(SupplyChain::unpack(signed(MAKER_ADMIN), sscc(1), None));
		assert_eq!(SupplyChain::container(sscc(1)).unwrap().alerts, 0);
		let last = last_event();
		assert!(matches!(last, RuntimeEvent::SupplyChain(Event::Unpacked { .. })));
	});
}

// ---- Verification -------------------------------------------------------------------------------

#[test]
fn verify_answers_as_the_verification_router() {
	ExtBuilder::default().build_and_execute(|| {
		at_pharmacy(&["S1"]);
		let ask = |s: &str, l: &str, e: &[u8; 6]| SupplyChain::verify(GTIN, serial(s), lot(l), *e);
		assert_eq!(
			ask("S1", "LOT1", b"271231"),
			VerificationResponse {
				verified: true,
				failure_reason: None,
				additional_info: vec![],
				sellable: true,
				holder: Some(PHARMACY),
				owner: Some(PHARMACY),
			}
		);
		let failure = |s: &str, l: &str, e: &[u8; 6]| {
			let answer = ask(s, l, e);
			assert!(!answer.verified && !answer.sellable);
			assert!(answer.additional_info.is_empty() && answer.holder.is_none());
			answer.failure_reason
		};
		assert_eq!(failure("S9", "LOT1", b"271231"), Some(FailureReason::NoMatchGtinSerial));
		assert_eq!(failure("S1", "LOT2", b"271231"), Some(FailureReason::NoMatchGtinSerialLot));
		assert_eq!(failure("S1", "LOT1", b"271230"), Some(FailureReason::NoMatchGtinSerialExpiry));
		assert_eq!(
			failure("S1", "LOT2", b"271230"),
			Some(FailureReason::NoMatchGtinSerialLotExpiry)
		);
		assert_eq!(
			SupplyChain::verify(GTIN_2, serial("S1"), lot1(), EXPIRY).failure_reason,
			Some(FailureReason::NoMatchGtinSerial)
		);
	});
}

#[test]
fn verify_compares_expiry_dates_so_day_zero_matches_the_last_day_of_the_month() {
	ExtBuilder::default().build_and_execute(|| {
		with_lot();
		for (l, expiry, s) in [("FEB", b"280200", "F1"), ("LEAP", b"280229", "L1")] {
			assert_ok!(SupplyChain::create_lot(signed(MAKER_ADMIN), GTIN, lot(l), *expiry, 1));
			assert_ok!(SupplyChain::commission(signed(MAKER_ADMIN), GTIN, lot(l), serials(&[s])));
		}
		let ask = |s: &str, l: &str, e: &[u8; 6]| SupplyChain::verify(GTIN, serial(s), lot(l), *e);
		// 2028-02-29 is the last day of February 2028: `280200` and `280229` are one date.
		assert!(ask("F1", "FEB", b"280229").verified);
		assert!(ask("F1", "FEB", b"280200").verified);
		assert!(ask("L1", "LEAP", b"280200").verified);
		// Other days, and dates that are no date, do not match.
		for wrong in [b"280228", b"280230", b"2802A0", b"290200"] {
			assert_eq!(
				ask("F1", "FEB", wrong).failure_reason,
				Some(FailureReason::NoMatchGtinSerialExpiry)
			);
		}
	});
}

#[test]
fn verify_reports_expired_recalled_and_quarantined_packs() {
	ExtBuilder::default().build_and_execute(|| {
		at_pharmacy(&["S1", "S2"]);
		assert_ok!(SupplyChain::mark_suspect(signed(PHARMACIST), GTIN, serial("S2"), REASON));
		recall(MAKER_ADMIN);
		Timestamp::set_timestamp(EXPIRED_AT - 1);
		assert_eq!(verify("S1").additional_info, vec![AdditionalInfo::Recalled]);
		Timestamp::set_timestamp(EXPIRED_AT);
		assert_eq!(
			verify("S1").additional_info,
			vec![AdditionalInfo::Expired, AdditionalInfo::Recalled]
		);
		assert_eq!(
			verify("S2").additional_info,
			vec![AdditionalInfo::Expired, AdditionalInfo::Recalled, AdditionalInfo::Suspect]
		);
		assert!(state("S1").expired);
	});
}

// ---- Trace ------------------------------------------------------------------------------------

fn steps(s: &str) -> Vec<(Unit, TraceStep)> {
	SupplyChain::trace(GTIN, serial(s)).unwrap().into_iter().map(|e| (e.unit, e.step)).collect()
}

#[test]
fn trace_includes_the_hops_made_inside_containers() {
	ExtBuilder::default().build_and_execute(|| {
		with_packs(&["A", "B"]);
		let pallet = case_unit(10);
		let case = case_unit(1);
		let a = pack_unit("A");
		with_more_packs(&["C"]);
		pack_into(MAKER_ADMIN, 1, ContainerKind::Case, packs(&["A", "B"]));
		pack_into(MAKER_ADMIN, 10, ContainerKind::Pallet, vec![case.clone(), pack_unit("C")]);
		let first = deliver(MAKER_ADMIN, vec![pallet.clone()], WHOLESALER, WHOLESALER_ADMIN);
		assert_ok!(SupplyChain::unpack(signed(WHOLESALER_ADMIN), sscc(10), None));
		// The pallet's later moves are not the pack's.
		pack_into(WHOLESALER_ADMIN, 10, ContainerKind::Pallet, packs(&["C"]));
		let _ = ship(WHOLESALER_ADMIN, vec![pallet.clone()], LOGISTICS, false);
		let second = deliver(WHOLESALER_ADMIN, vec![case.clone()], PHARMACY, PHARMACY_ADMIN);
		assert_ok!(SupplyChain::unpack(signed(PHARMACY_ADMIN), sscc(1), None));
		assert_ok!(SupplyChain::dispense(signed(PHARMACIST), GTIN, serial("A")));
		let shipped = |shipment, from, to| {
			TraceStep::Recorded(Step::Shipped {
				shipment,
				from,
				to,
				transfer_ownership: true,
				ti_hash: TI,
			})
		};
		let received = |shipment, to| {
			TraceStep::Recorded(Step::Received { shipment, custodian: to, owner: to })
		};
		assert_eq!(
			steps("A"),
			vec![
				(a.clone(), TraceStep::Commissioned { manufacturer: MAKER }),
				(a.clone(), TraceStep::Recorded(Step::Packed { into: sscc(1) })),
				(case.clone(), TraceStep::Recorded(Step::Packed { into: sscc(10) })),
				(pallet.clone(), shipped(first, MAKER, WHOLESALER)),
				(pallet.clone(), received(first, WHOLESALER)),
				(case.clone(), TraceStep::Recorded(Step::Unpacked { from: sscc(10) })),
				(case.clone(), shipped(second, WHOLESALER, PHARMACY)),
				(case.clone(), received(second, PHARMACY)),
				(a.clone(), TraceStep::Recorded(Step::Unpacked { from: sscc(1) })),
				(a.clone(), TraceStep::Recorded(Step::Dispensed { by: PHARMACY })),
			]
		);
		let trace = SupplyChain::trace(GTIN, serial("A")).unwrap();
		assert!(trace.windows(2).all(|w| w[0].seq <= w[1].seq));
		assert_eq!(SupplyChain::trace(GTIN, serial("NOPE")), None);
	});
}

#[test]
fn trace_shows_the_recall_and_dropped_history() {
	ExtBuilder::default().build_and_execute(|| {
		with_packs(&["A"]);
		// MaxHistory = 8: five round trips make ten entries.
		for _ in 0..5 {
			let id = ship(MAKER_ADMIN, packs(&["A"]), WHOLESALER, false);
			assert_ok!(SupplyChain::reject(signed(WHOLESALER_ADMIN), id));
		}
		recall(MAKER_ADMIN);
		assert_eq!(History::<Test>::get(pack_unit("A")).len(), 8);
		assert_eq!(HistoryDropped::<Test>::get(pack_unit("A")), 2);
		let trace = steps("A");
		assert_eq!(trace.len(), 1 + 1 + 8 + 1);
		assert_eq!(trace[0].1, TraceStep::Commissioned { manufacturer: MAKER });
		assert_eq!(trace[1].1, TraceStep::EarlierHistoryDropped { count: 2 });
		assert_eq!(trace[10].1, TraceStep::LotRecalled { by: MAKER, reason: REASON });
	});
}

// ---- Queries ----------------------------------------------------------------------------------

#[test]
fn container_contents_come_in_pages() {
	ExtBuilder::default().build_and_execute(|| {
		with_packs(&["A", "B", "C", "D"]);
		pack_into(MAKER_ADMIN, 1, ContainerKind::Case, packs(&["A", "B", "C", "D"]));
		let first = SupplyChain::container_contents(sscc(1), None, 3);
		assert_eq!(first.len(), 3);
		let rest = SupplyChain::container_contents(sscc(1), first.last().cloned(), 3);
		assert_eq!(rest.len(), 1);
		let mut all: Vec<Unit> = first.into_iter().chain(rest).collect();
		all.sort();
		let mut expected = packs(&["A", "B", "C", "D"]);
		expected.sort();
		assert_eq!(all, expected);
		// The limit is capped at MaxContainerSize.
		assert_eq!(SupplyChain::container_contents(sscc(1), None, 1000).len(), 4);
		assert!(SupplyChain::container_contents(sscc(2), None, 10).is_empty());
		assert_eq!(SupplyChain::container(sscc(2)), None);
	});
}

// ---- Invariants and configuration --------------------------------------------------------------

#[test]
fn try_state_detects_inconsistent_containers() {
	ExtBuilder::default().build().execute_with(|| {
		with_packs(&["A"]);
		pack_into(MAKER_ADMIN, 1, ContainerKind::Case, packs(&["A"]));
		assert_ok!(SupplyChain::do_try_state());
		Containers::<Test>::mutate(sscc(1), |c| c.as_mut().unwrap().children = 2);
		assert!(SupplyChain::do_try_state().is_err());
		Containers::<Test>::mutate(sscc(1), |c| c.as_mut().unwrap().children = 1);
		Lots::<Test>::mutate(GTIN, lot1(), |l| l.as_mut().unwrap().commissioned = 3);
		assert!(SupplyChain::do_try_state().is_err());
	});
}

#[test]
fn integrity_test_accepts_the_mock_configuration() {
	ExtBuilder::default().build_and_execute(|| {
		<SupplyChain as Hooks<u64>>::integrity_test();
	});
}

#[test]
fn recalling_writes_as_many_keys_for_a_large_lot_as_for_a_small_one() {
	let keys_written_by_recall = |lot_size: usize| {
		let mut ext = ExtBuilder::default().build();
		ext.execute_with(|| {
			let names: Vec<String> = (0..lot_size).map(|i| format!("P{i}")).collect();
			let list: Vec<&str> = names.iter().map(|s| s.as_str()).collect();
			with_packs(&list);
			pack_into(MAKER_ADMIN, 1, ContainerKind::Case, packs(&list[..1]));
		});
		ext.commit_all().unwrap();
		ext.execute_with(|| {
			System::reset_events();
			recall(MAKER_ADMIN);
		});
		ext.overlayed_changes().changes().count()
	};
	assert_eq!(keys_written_by_recall(1), keys_written_by_recall(50));
}

// ---- Finding 12: stranded deposits, undoing a dispense, decommissioning another's goods -------

#[test]
fn finding_12_a_suspended_or_revoked_sender_recovers_its_shipment_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		with_packs(&["A", "B", "C"]);
		let received = ship(MAKER_ADMIN, packs(&["A"]), WHOLESALER, true);
		let rejected = ship(MAKER_ADMIN, packs(&["B"]), WHOLESALER, true);
		let pending = ship(MAKER_ADMIN, packs(&["C"]), WHOLESALER, true);
		assert_ok!(SupplyChain::receive(signed(WHOLESALER_ADMIN), received));
		assert_ok!(SupplyChain::reject(signed(WHOLESALER_ADMIN), rejected));
		MockOrganizations::set_status(MAKER, OrgStatus::Suspended);
		// Still only the sender's goods handlers, and only closed shipments.
		assert_noop!(
			SupplyChain::remove_shipment(signed(MAKER_QA), received),
			Error::<Test>::MemberRoleMissing
		);
		assert_noop!(
			SupplyChain::remove_shipment(signed(MAKER_STAFF), pending),
			Error::<Test>::ShipmentPending
		);
		assert_noop!(
			SupplyChain::remove_shipment(signed(WHOLESALER_ADMIN), received),
			Error::<Test>::NotShipper
		);
		assert_ok!(SupplyChain::remove_shipment(signed(MAKER_STAFF), received));
		MockOrganizations::set_status(MAKER, OrgStatus::Revoked);
		assert_ok!(SupplyChain::remove_shipment(signed(MAKER_ADMIN), rejected));
		System::assert_has_event(
			Event::ShipmentRemoved {
				shipment: rejected,
				depositor: MAKER_ADMIN,
				deposit: ShipmentDeposit::get(),
			}
			.into(),
		);
		// The pending shipment's deposit is the only one left.
		assert_eq!(held(MAKER_ADMIN, HoldReason::ShipmentDeposit), ShipmentDeposit::get());
		// A suspended organization still may not trade.
		assert_noop!(
			SupplyChain::cancel_shipment(signed(MAKER_ADMIN), pending),
			Error::<Test>::OrganizationNotActive
		);
	});
}

#[test]
fn finding_12_undoing_a_dispense_needs_a_pharmacist_or_the_admin() {
	ExtBuilder::default().build_and_execute(|| {
		at_pharmacy(&["S1", "S2"]);
		assert_ok!(SupplyChain::dispense(signed(PHARMACIST), GTIN, serial("S1")));
		assert_noop!(
			SupplyChain::undo_decommission(signed(PHARMACY_CLERK), GTIN, serial("S1")),
			Error::<Test>::MemberRoleMissing
		);
		assert_ok!(SupplyChain::undo_decommission(signed(PHARMACIST), GTIN, serial("S1")));
		assert_ok!(SupplyChain::dispense(signed(PHARMACIST), GTIN, serial("S2")));
		assert_ok!(SupplyChain::undo_decommission(signed(PHARMACY_ADMIN), GTIN, serial("S2")));
		// A decommission is still undone by a goods handler.
		assert_ok!(SupplyChain::decommission(
			signed(PHARMACY_CLERK),
			GTIN,
			serial("S1"),
			DecommissionReason::Locked
		));
		assert_ok!(SupplyChain::undo_decommission(signed(PHARMACY_CLERK), GTIN, serial("S1")));
	});
}

#[test]
fn finding_12_a_custodian_that_does_not_own_goods_cannot_decommission_them() {
	ExtBuilder::default().build_and_execute(|| {
		with_packs(&["A"]);
		let id = ship(MAKER_ADMIN, packs(&["A"]), LOGISTICS, false);
		assert_ok!(SupplyChain::receive(signed(LOGISTICS_ADMIN), id));
		assert_noop!(
			SupplyChain::decommission(
				signed(LOGISTICS_ADMIN),
				GTIN,
				serial("A"),
				DecommissionReason::Destroyed
			),
			Error::<Test>::NotOwner
		);
		// The provider sends the goods back; their owner decommissions them.
		let id = ship(LOGISTICS_ADMIN, packs(&["A"]), MAKER, false);
		assert_ok!(SupplyChain::receive(signed(MAKER_ADMIN), id));
		assert_ok!(SupplyChain::decommission(
			signed(MAKER_ADMIN),
			GTIN,
			serial("A"),
			DecommissionReason::Destroyed
		));
	});
}

// ---- Finding 15: returning and destroying recalled, expired and quarantined packs --------------

#[test]
fn finding_15_recalled_packs_are_packed_and_shipped_back_to_their_manufacturer() {
	ExtBuilder::default().build_and_execute(|| {
		with_packs(&["A", "B"]);
		deliver(MAKER_ADMIN, packs(&["A", "B"]), WHOLESALER, WHOLESALER_ADMIN);
		recall(MAKER_ADMIN);
		let case = sscc_of(WHOLESALER, 1);
		assert_ok!(SupplyChain::pack(
			signed(WHOLESALER_ADMIN),
			case,
			ContainerKind::Case,
			units(packs(&["A", "B"]))
		));
		// Packing is not a sale: the case still goes nowhere but back to the manufacturer.
		assert_noop!(
			SupplyChain::ship(
				signed(WHOLESALER_ADMIN),
				units(vec![Unit::Container(case)]),
				PHARMACY,
				TI,
				true
			),
			Error::<Test>::Recalled
		);
		let id = ship(WHOLESALER_ADMIN, vec![Unit::Container(case)], MAKER, true);
		assert_ok!(SupplyChain::receive(signed(MAKER_ADMIN), id));
		assert_eq!(state("A").owner, MAKER);
	});
}

#[test]
fn finding_15_expired_packs_are_packed_and_shipped_back_to_their_manufacturer() {
	ExtBuilder::default().build_and_execute(|| {
		with_packs(&["A", "B"]);
		deliver(MAKER_ADMIN, packs(&["A", "B"]), WHOLESALER, WHOLESALER_ADMIN);
		Timestamp::set_timestamp(EXPIRED_AT);
		let case = sscc_of(WHOLESALER, 1);
		assert_ok!(SupplyChain::pack(
			signed(WHOLESALER_ADMIN),
			case,
			ContainerKind::Case,
			units(packs(&["A", "B"]))
		));
		assert_noop!(
			SupplyChain::ship(
				signed(WHOLESALER_ADMIN),
				units(vec![Unit::Container(case)]),
				PHARMACY,
				TI,
				true
			),
			Error::<Test>::Expired
		);
		let id = ship(WHOLESALER_ADMIN, vec![Unit::Container(case)], MAKER, true);
		assert_ok!(SupplyChain::receive(signed(MAKER_ADMIN), id));
	});
}

#[test]
fn finding_15_a_quarantined_pack_ships_only_to_its_manufacturer_and_alone() {
	ExtBuilder::default().build_and_execute(|| {
		with_packs(&["A", "B", "C"]);
		deliver(MAKER_ADMIN, packs(&["A", "B", "C"]), WHOLESALER, WHOLESALER_ADMIN);
		assert_ok!(SupplyChain::mark_suspect(signed(WHOLESALER_ADMIN), GTIN, serial("A"), REASON));
		assert_ok!(SupplyChain::declare_illegitimate(signed(INSPECTOR), GTIN, serial("B"), REASON));
		let send = |list: &[&str], to| {
			SupplyChain::ship(signed(WHOLESALER_ADMIN), units(packs(list)), to, TI, true)
		};
		assert_noop!(send(&["A"], PHARMACY), Error::<Test>::Suspect);
		assert_noop!(send(&["B"], PHARMACY), Error::<Test>::Illegitimate);
		assert_noop!(send(&["A", "C"], MAKER), Error::<Test>::QuarantinedNotAlone);
		assert_noop!(send(&["C", "B"], MAKER), Error::<Test>::QuarantinedNotAlone);
		// Still not sold where it lies, nor packed.
		assert_noop!(
			SupplyChain::transfer_ownership(
				signed(WHOLESALER_ADMIN),
				units(packs(&["A"])),
				MAKER,
				TI
			),
			Error::<Test>::Suspect
		);
		let a = ship(WHOLESALER_ADMIN, packs(&["A"]), MAKER, true);
		let b = ship(WHOLESALER_ADMIN, packs(&["B"]), MAKER, false);
		assert_ok!(SupplyChain::receive(signed(MAKER_ADMIN), a));
		assert_ok!(SupplyChain::receive(signed(MAKER_ADMIN), b));
		assert_eq!((state("A").owner, state("A").custodian), (MAKER, MAKER));
		assert_eq!((state("B").owner, state("B").custodian), (WHOLESALER, MAKER));
		// Still quarantined at the manufacturer.
		assert_eq!(verify("A").additional_info, vec![AdditionalInfo::Suspect]);
	});
}
#[test]
fn finding_15_a_regulator_destroys_any_quarantined_pack_and_the_owner_an_illegitimate_one() {
	ExtBuilder::default().build_and_execute(|| {
		with_packs(&["A", "B", "C", "D", "N"]);
		deliver(MAKER_ADMIN, packs(&["A", "B", "C", "D"]), WHOLESALER, WHOLESALER_ADMIN);
		for s in ["A", "B"] {
			assert_ok!(SupplyChain::mark_suspect(
				signed(WHOLESALER_ADMIN),
				GTIN,
				serial(s),
				REASON
			));
		}
		assert_ok!(SupplyChain::declare_illegitimate(signed(INSPECTOR), GTIN, serial("C"), REASON));
		let destroy = |who, s: &str| {
			SupplyChain::destroy_quarantined(
				signed(who),
				GTIN,
				serial(s),
				DestructionReason::Counterfeit,
			)
		};
		assert_noop!(destroy(INSPECTOR, "N"), Error::<Test>::NotQuarantined);
		assert_noop!(destroy(INSPECTOR, "NOPE"), Error::<Test>::PackNotFound);
		// The owner does not decide on a mere suspicion; others never decide.
		assert_noop!(destroy(WHOLESALER_ADMIN, "A"), Error::<Test>::DestructionNeedsRegulator);
		assert_noop!(destroy(MAKER_ADMIN, "C"), Error::<Test>::NotOwner);
		assert_noop!(destroy(REGULATOR_CLERK, "A"), Error::<Test>::MemberRoleMissing);
		assert_noop!(destroy(HOSPITAL_ADMIN, "A"), Error::<Test>::RoleNotHeld);
		// A regulator destroys a suspect pack, wherever it lies.
		assert_ok!(destroy(INSPECTOR, "A"));
		System::assert_last_event(
			Event::QuarantinedPackDestroyed {
				gtin: GTIN,
				serial: serial("A"),
				reason: DestructionReason::Counterfeit,
				alert: AlertKind::Suspect,
				by: REGULATOR,
				who: INSPECTOR,
			}
			.into(),
		);
		assert_eq!(state("A").status, PackStatus::Decommissioned(DecommissionReason::Destroyed));
		assert_eq!(
			verify("A").additional_info,
			vec![
				AdditionalInfo::Suspect,
				AdditionalInfo::Decommissioned(DecommissionReason::Destroyed)
			]
		);
		assert_noop!(destroy(INSPECTOR, "A"), Error::<Test>::NotActive);
		assert_noop!(
			SupplyChain::undo_decommission(signed(WHOLESALER_ADMIN), GTIN, serial("A")),
			Error::<Test>::UndoNotAllowed
		);
		// The owner destroys a pack confirmed illegitimate.
		assert_ok!(destroy(WHOLESALER_ADMIN, "C"));
		assert_eq!(state("C").pack.ended.map(|e| e.by), Some(WHOLESALER));
		// Only top-level packs at rest.
		let case = sscc_of(WHOLESALER, 1);
		assert_ok!(SupplyChain::pack(
			signed(WHOLESALER_ADMIN),
			case,
			ContainerKind::Case,
			units(packs(&["D"]))
		));
		assert_ok!(SupplyChain::mark_suspect(signed(WHOLESALER_ADMIN), GTIN, serial("D"), REASON));
		assert_noop!(destroy(INSPECTOR, "D"), Error::<Test>::InContainer);
		let id = ship(WHOLESALER_ADMIN, packs(&["B"]), MAKER, true);
		assert_noop!(destroy(INSPECTOR, "B"), Error::<Test>::InTransit);
		assert_ok!(SupplyChain::receive(signed(MAKER_ADMIN), id));
		assert_ok!(destroy(INSPECTOR, "B"));
	});
}

// ---- Finding 18: deposits paid by the organization and released when the item retires --------

#[test]
fn finding_18_deposits_are_held_from_the_organizations_admin_not_the_signer() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(SupplyChain::register_product(signed(MAKER_STAFF), GTIN, META));
		assert_ok!(SupplyChain::create_lot(signed(MAKER_STAFF), GTIN, lot1(), EXPIRY, QUANTITY));
		assert_ok!(SupplyChain::commission(signed(MAKER_STAFF), GTIN, lot1(), serials(&["A"])));
		pack_into(MAKER_STAFF, 1, ContainerKind::Case, packs(&["A"]));
		ship(MAKER_STAFF, vec![case_unit(1)], WHOLESALER, true);
		for reason in [
			HoldReason::ProductDeposit,
			HoldReason::LotDeposit,
			HoldReason::ContainerDeposit,
			HoldReason::ShipmentDeposit,
		] {
			assert_eq!(held(MAKER_STAFF, reason), 0);
		}
		assert_eq!(held(MAKER_ADMIN, HoldReason::ProductDeposit), ProductDeposit::get());
		assert_eq!(held(MAKER_ADMIN, HoldReason::ShipmentDeposit), ShipmentDeposit::get());
		assert_eq!(
			Deposits::<Test>::get(DepositKey::Product(GTIN)).map(|d| d.who),
			Some(MAKER_ADMIN)
		);
	});
}

#[test]
fn finding_18_no_admin_no_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		Organizations::set_admin(MAKER, None);
		assert_noop!(
			SupplyChain::register_product(signed(MAKER_STAFF), GTIN, META),
			Error::<Test>::NoAdmin
		);
	});
}

#[test]
fn finding_18_deposits_go_back_to_their_payer_when_the_item_retires() {
	ExtBuilder::default().build_and_execute(|| {
		let free = |who| Balances::free_balance(who);
		with_packs(&["A", "B"]);
		let start = free(MAKER_ADMIN);
		// The organization's admin changes: what the former admin paid goes back to it.
		Organizations::set_admin(MAKER, Some(MAKER_QA));
		// Container: released when emptied, paid again by whoever packs it again.
		pack_into(MAKER_STAFF, 1, ContainerKind::Case, packs(&["A"]));
		assert_eq!(held(MAKER_QA, HoldReason::ContainerDeposit), ContainerDeposit::get());
		assert_ok!(SupplyChain::unpack(signed(MAKER_STAFF), sscc(1), None));
		assert_eq!(held(MAKER_QA, HoldReason::ContainerDeposit), 0);
		System::assert_has_event(
			Event::DepositReleased {
				key: DepositKey::Container(sscc(1)),
				who: MAKER_QA,
				amount: ContainerDeposit::get(),
			}
			.into(),
		);
		pack_into(MAKER_STAFF, 1, ContainerKind::Case, packs(&["A", "B"]));
		assert_ok!(SupplyChain::unpack(signed(MAKER_STAFF), sscc(1), Some(units(packs(&["A"])))));
		assert_eq!(held(MAKER_QA, HoldReason::ContainerDeposit), ContainerDeposit::get());
		// Lot: retired by its manufacturer only after its expiry, once.
		assert_noop!(
			SupplyChain::retire_lot(signed(MAKER_STAFF), GTIN, lot1()),
			Error::<Test>::LotNotExpired
		);
		Timestamp::set_timestamp(EXPIRED_AT);
		assert_noop!(
			SupplyChain::retire_lot(signed(OTHER_MAKER_ADMIN), GTIN, lot1()),
			Error::<Test>::LotOfAnotherManufacturer
		);
		assert_noop!(
			SupplyChain::retire_lot(signed(MAKER_STAFF), GTIN, lot("NONE")),
			Error::<Test>::LotNotFound
		);
		assert_ok!(SupplyChain::retire_lot(signed(MAKER_STAFF), GTIN, lot1()));
		System::assert_has_event(
			Event::LotRetired { gtin: GTIN, lot: lot1(), manufacturer: MAKER, who: MAKER_STAFF }
				.into(),
		);
		assert_eq!(held(MAKER_ADMIN, HoldReason::LotDeposit), 0);
		assert_noop!(
			SupplyChain::retire_lot(signed(MAKER_STAFF), GTIN, lot1()),
			Error::<Test>::LotRetired
		);
		// The lot and its packs stay on record.
		assert!(SupplyChain::lot(GTIN, lot1()).is_some());
		assert!(verify("A").verified);
		// Product: released when a regulator deactivates it.
		assert_ok!(SupplyChain::deactivate_product(signed(INSPECTOR), GTIN, REASON));
		assert_eq!(held(MAKER_ADMIN, HoldReason::ProductDeposit), 0);
		assert_eq!(
			free(MAKER_ADMIN),
			start + ProductDeposit::get() + LotDeposit::get() + PackDeposit::get() * 100
		);
	});
}
