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
/// Another valid GTIN-14.
const GTIN_2: Gtin = *b"00614141123452";
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
		wrong_org_role: not_trading.clone(),
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
			wrong_org_role: not_trading.clone(),
		};
	vec![
		OriginCase {
			wrong_org_role: not_a_maker.clone(),
			..goods("register_product", |o| SupplyChain::register_product(o, GTIN_2, META))
		},
		OriginCase {
			wrong_org_role: not_a_maker.clone(),
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
	let cases = origin_cases();
	let mut named: Vec<&str> = cases.iter().map(|case| case.name).collect();
	named.sort();
	let mut all = crate::Call::<Test>::get_call_names().to_vec();
	all.sort();
	assert_eq!(named, all, "a case for every call");
	for case in cases {
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

#[test]
fn every_call_refuses_a_member_of_a_suspended_organization() {
	assert_every_call_refused(
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
	assert_every_call_refused(|case| case.wrong_org_role.clone(), |_| {}, |_| {});
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
		assert_eq!(held(MAKER_STAFF, HoldReason::ProductDeposit), ProductDeposit::get());
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
			SupplyChain::register_product(signed(OTHER_MAKER_ADMIN), GTIN, META),
			Error::<Test>::ProductAlreadyRegistered
		);
	});
}

#[test]
fn register_product_fails_without_funds_for_the_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			SupplyChain::register_product(signed(POOR_MAKER_ADMIN), GTIN, META),
			TokenError::FundsUnavailable
		);
	});
}

#[test]
fn genesis_registers_products_without_deposit() {
	ExtBuilder::default()
		.with_genesis_products(vec![(GTIN, MAKER, META), (GTIN_2, OTHER_MAKER, [1; 32])])
		.build_and_execute(|| {
			assert_eq!(SupplyChain::product(GTIN).unwrap().manufacturer, MAKER);
			assert_eq!(SupplyChain::product(GTIN_2).unwrap().registered_at, 0);
			// The genesis manufacturer can use it at once.
			assert_ok!(SupplyChain::create_lot(signed(MAKER_ADMIN), GTIN, lot1(), EXPIRY, 1));
		});
}

#[test]
#[should_panic(expected = "is not a valid GTIN-14")]
fn genesis_refuses_an_invalid_gtin() {
	ExtBuilder::default().with_genesis_products(vec![(*b"09506000134353", MAKER, META)]).build();
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
	ExtBuilder::default().with_genesis_products(vec![(GTIN, POOR_MAKER, META)]).build_and_execute(
		|| {
			assert_noop!(
				SupplyChain::create_lot(signed(POOR_MAKER_ADMIN), GTIN, lot1(), EXPIRY, 1),
				TokenError::FundsUnavailable
			);
			// A quantity whose pack deposits exceed the funds is refused too.
			assert_ok!(SupplyChain::register_product(signed(MAKER_ADMIN), GTIN_2, META));
			assert_noop!(
				SupplyChain::create_lot(signed(MAKER_ADMIN), GTIN_2, lot1(), EXPIRY, u32::MAX),
				TokenError::FundsUnavailable
			);
		},
	);
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
		assert_eq!(held(MAKER_STAFF, HoldReason::ContainerDeposit), ContainerDeposit::get());
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
				sscc(1),
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
				sscc(1),
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
		Timestamp::set_timestamp(EXPIRED_AT);
		assert_noop!(call(packs(&["OK"])), Error::<Test>::Expired);
		Timestamp::set_timestamp(START);
		recall(MAKER_ADMIN);
		assert_noop!(call(packs(&["OK"])), Error::<Test>::Recalled);
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
		Timestamp::set_timestamp(EXPIRED_AT);
		assert_noop!(call(vec![case_unit(2)]), Error::<Test>::Expired);
		Timestamp::set_timestamp(START);
		recall(MAKER_ADMIN);
		assert_noop!(call(vec![case_unit(2)]), Error::<Test>::Recalled);
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
		assert_eq!(held(MAKER_STAFF, HoldReason::ShipmentDeposit), ShipmentDeposit::get());
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
		// It may move the goods on without transferring ownership...
		assert_noop!(
			SupplyChain::ship(signed(LOGISTICS_ADMIN), units(packs(&["S1"])), WHOLESALER, TI, true),
			Error::<Test>::NotOwner
		);
		let id = ship(LOGISTICS_ADMIN, packs(&["S1"]), WHOLESALER, false);
		assert_ok!(SupplyChain::receive(signed(WHOLESALER_ADMIN), id));
		let st = state("S1");
		assert_eq!((st.owner, st.custodian), (MAKER, WHOLESALER));
		// ...and the owner may not ship what it does not hold.
		assert_noop!(
			SupplyChain::ship(signed(MAKER_ADMIN), units(packs(&["S1"])), PHARMACY, TI, true),
			Error::<Test>::NotCustodian
		);
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

/// A `Logistics` member of the manufacturer without any funds.
const UNFUNDED_HANDLER: u64 = 14;

#[test]
fn pack_and_ship_fail_when_the_signer_cannot_pay_the_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		with_packs(&["A", "B"]);
		MockOrganizations::add_member(MAKER, UNFUNDED_HANDLER, &[MemberRole::Logistics]);
		assert_noop!(
			SupplyChain::pack(
				signed(UNFUNDED_HANDLER),
				sscc(1),
				ContainerKind::Case,
				units(packs(&["A"]))
			),
			TokenError::FundsUnavailable
		);
		assert_noop!(
			SupplyChain::ship(signed(UNFUNDED_HANDLER), units(packs(&["A"])), WHOLESALER, TI, true),
			TokenError::FundsUnavailable
		);
		// Adding to an existing container holds nothing, so it goes through.
		pack_into(MAKER_ADMIN, 1, ContainerKind::Case, packs(&["A"]));
		assert_ok!(SupplyChain::pack(
			signed(UNFUNDED_HANDLER),
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
				who: UNFUNDED_HANDLER,
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
			Error::<Test>::Overflow
		);
		NextShipmentId::<Test>::put(0);
		NextSeq::<Test>::put(u64::MAX);
		assert_noop!(
			SupplyChain::ship(signed(MAKER_ADMIN), units(packs(&["S1"])), WHOLESALER, TI, true),
			Error::<Test>::Overflow
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
				depositor: MAKER_STAFF,
				deposit: ShipmentDeposit::get(),
			}
			.into(),
		);
		assert_eq!(held(MAKER_STAFF, HoldReason::ShipmentDeposit), 0);
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
		pack_into(PHARMACY_ADMIN, 1, ContainerKind::Case, packs(&["C"]));
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
