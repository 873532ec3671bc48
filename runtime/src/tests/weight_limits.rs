//! Every call of the healthcare pallets and of `pallet_balances`, with the arguments that make
//! its declared weight and its length largest, fits in a block. A call that does not can never
//! be included: `CheckWeight` refuses it as `ExhaustsResources`, whoever signs it.
//!
//! The arguments come from the `#[pallet::weight]` expressions: bounded vectors filled to their
//! bound (serials, units, scope items, exceptions, data periods, locators, keys), and, where
//! the annotation charges the maximum for `None` or depends on a flag or a variant (records
//! named by a grant are read, tags are not), every variant. The calls
//! are checked as signed extrinsics, so the transaction extensions' weight and the signature
//! count too, exactly as `CheckWeight` counts them.
//!
//! Run with `--nocapture` to see each call's weight and share of `max_extrinsic`, heaviest
//! first.

use super::tx_extension;
use crate::{
	configs::{RuntimeBlockLength, RuntimeBlockWeights},
	AccountId, Address, Runtime, RuntimeCall, Signature, UncheckedExtrinsic,
};
use codec::Encode;
use frame_support::{
	dispatch::{DispatchClass, DispatchInfo, GetDispatchInfo},
	traits::{Get, GetCallMetadata},
	weights::{constants::WEIGHT_REF_TIME_PER_MICROS, Weight},
	BoundedVec,
};
use healthchain_primitives::{
	blind::{DATE_LEVELS, LABEL_SLOTS},
	role_set, AccessTarget, Action, BlindFacts, ContentHash, MemberRole, OrgRole, PeriodTags,
	Purpose, Tag,
};
use pallet_consent::{Exception, GrantTermsOf, Grantee, ReviewVerdict, Scope};
use pallet_records::RecordInput;
use pallet_supply_chain::{ContainerKind, DecommissionReason, DestructionReason, Serial, Unit};
use scale_info::{TypeDef, TypeInfo};
use std::collections::{BTreeMap, BTreeSet};

/// A bounded vector filled to its bound with `item`.
fn full<T: Clone, S: Get<u32>>(item: T) -> BoundedVec<T, S> {
	BoundedVec::truncate_from(vec![item; S::get() as usize])
}

fn account(byte: u8) -> AccountId {
	AccountId::new([byte; 32])
}

fn address(byte: u8) -> Address {
	Address::Id(account(byte))
}

/// A category, type, label or date tag: every tag has the same length.
const TAG: Tag = [0xC7; 16];

/// The longest data period: a cover of the most tree nodes.
fn period() -> PeriodTags {
	full(TAG)
}

/// The blind facts of a record: every label slot and date level holds a tag.
fn facts() -> BlindFacts {
	BlindFacts { category: TAG, labels: [TAG; LABEL_SLOTS], dates: [TAG; DATE_LEVELS] }
}

fn serial() -> Serial {
	full(b'9')
}

const GTIN: [u8; 14] = *b"09506000134352";
const SSCC: [u8; 18] = *b"106141411234567897";

fn pack_unit() -> Unit {
	Unit::Pack(GTIN, serial())
}

fn organizations(calls: &mut Vec<RuntimeCall>) {
	use pallet_organizations::{Call, Credential};
	let org_roles = role_set(&OrgRole::ALL);
	let member_roles = role_set(&MemberRole::ALL);
	let org = u32::MAX;
	calls.extend(
		[
			Call::register {
				admin: address(1),
				roles: org_roles.clone(),
				credential: Credential { hash: [7; 32], issuer: full(b'I') },
				metadata: full(b'M'),
			},
			Call::set_roles { org, roles: org_roles },
			Call::suspend { org },
			Call::reinstate { org },
			Call::revoke { org },
			Call::add_member { org, who: address(2), roles: member_roles.clone() },
			Call::remove_member { org, who: address(2) },
			Call::set_member_roles { org, who: address(2), roles: member_roles },
			Call::transfer_admin { org, new_admin: address(2) },
			Call::set_metadata { org, metadata: full(b'M') },
			Call::set_company_prefixes { org, prefixes: full(full(b'9')) },
			Call::leave {},
			Call::accept_admin { org },
			Call::decline_admin { org },
			Call::withdraw_admin_offer { org },
			Call::accept_membership { org },
			Call::decline_membership { org },
			Call::withdraw_invitation { org, who: address(2) },
		]
		.map(RuntimeCall::Organizations),
	);
}

fn consent(calls: &mut Vec<RuntimeCall>) {
	use pallet_consent::Call;
	let terms = |scope, exceptions| -> GrantTermsOf<Runtime> {
		pallet_consent::GrantTerms {
			purposes: role_set(&Purpose::ALL),
			actions: role_set(&Action::ALL),
			scope,
			data_period: Some(period()),
			valid_from: Some(u64::MAX),
			valid_until: Some(u64::MAX),
			open_ended: false,
			exceptions,
		}
	};
	let grant = |terms| Call::grant {
		on_behalf_of: Some(account(1)),
		grantee: Grantee::Account(account(2)),
		terms,
	};
	let deny = |scope| Call::deny {
		on_behalf_of: Some(account(1)),
		actor: Grantee::Account(account(2)),
		terms: pallet_consent::DenyTerms {
			purposes: role_set(&Purpose::ALL),
			actions: role_set(&Action::ALL),
			scope,
			labels: full(TAG),
		},
	};
	let id = u64::MAX;
	calls.extend(
		[
			// The longest: tags everywhere.
			grant(terms(Scope::Categories(full(TAG)), full(Exception::DataPeriod(period())))),
			// The heaviest: every named record is read at grant time.
			grant(terms(Scope::Records(full(u64::MAX)), full(Exception::Record(u64::MAX)))),
			Call::revoke { grant_id: id },
			Call::remove_expired { grant_id: id },
			Call::appoint_guardian { guardian: account(2) },
			Call::remove_guardian { guardian: account(2) },
			Call::resign_guardian { patient: account(1) },
			Call::open_emergency_access {
				patient: account(1),
				justification: [7; 32],
				duration_ms: u64::MAX,
			},
			Call::close_emergency_access { id },
			Call::review_emergency_access {
				id,
				verdict: ReviewVerdict::Unjustified,
				note_hash: [7; 32],
			},
			// The longest target: a new record's blind facts.
			Call::log_access {
				patient: account(1),
				target: AccessTarget::NewRecord(facts()),
				purpose: Purpose::PublicHealth,
				action: Action::Append,
			},
			Call::log_served {
				accessor: account(1),
				record: u64::MAX,
				purpose: Purpose::PublicHealth,
				request: [7; 32],
			},
			// The longest deny: tags everywhere; the heaviest: every named record is read.
			deny(Scope::Categories(full(TAG))),
			deny(Scope::Records(full(u64::MAX))),
			Call::revoke_deny { deny_id: id },
		]
		.map(RuntimeCall::Consent),
	);
}

fn records(calls: &mut Vec<RuntimeCall>) {
	use pallet_records::Call;
	let input = || {
		Box::new(RecordInput {
			category: TAG,
			type_code: TAG,
			labels: [TAG; LABEL_SLOTS],
			dates: [TAG; DATE_LEVELS],
			hash: ContentHash::Blake2_256([7; 32]),
			locator: full(b'L'),
		})
	};
	let record = u64::MAX;
	calls.extend(
		[
			Call::register { patient: account(1), input: input(), purpose: Purpose::Treatment },
			Call::supersede { old: record, input: input(), purpose: Purpose::Treatment },
			Call::acknowledge { record },
			Call::dispute { record, reason: ContentHash::Sha256([7; 32]) },
			Call::mark_entered_in_error { record },
			Call::request_erasure { record },
			Call::erase { record },
			Call::attach_key { record, grantee: account(2), wrapped_key: full(0xAB) },
			Call::detach_key { record, grantee: account(2) },
			Call::remove_unentitled_key { record, grantee: account(2) },
		]
		.map(RuntimeCall::Records),
	);
}

fn supply_chain(calls: &mut Vec<RuntimeCall>) {
	use pallet_supply_chain::Call;
	let lot = || full(b'L');
	let (shipment, to, hash) = (u64::MAX, u32::MAX, [7; 32]);
	calls.extend(
		[
			Call::register_product { gtin: GTIN, metadata: hash },
			Call::reassign_product { gtin: GTIN, to, reason: hash },
			Call::deactivate_product { gtin: GTIN, reason: hash },
			Call::create_lot { gtin: GTIN, lot: lot(), expiry: *b"991231", quantity: u32::MAX },
			Call::commission { gtin: GTIN, lot: lot(), serials: full(serial()) },
			Call::pack { sscc: SSCC, kind: ContainerKind::Pallet, units: full(pack_unit()) },
			// `None` is charged as a full container; `Some` of a full container is longer.
			Call::unpack { sscc: SSCC, units: None },
			Call::unpack { sscc: SSCC, units: Some(full(pack_unit())) },
			Call::ship { units: full(pack_unit()), to, ti_hash: hash, transfer_ownership: true },
			Call::receive { shipment },
			Call::reject { shipment },
			Call::cancel_shipment { shipment },
			Call::remove_shipment { shipment },
			Call::dispense { gtin: GTIN, serial: serial() },
			Call::decommission {
				gtin: GTIN,
				serial: serial(),
				reason: DecommissionReason::Destroyed,
			},
			Call::undo_decommission { gtin: GTIN, serial: serial() },
			Call::transfer_ownership { units: full(pack_unit()), to, ti_hash: hash },
			Call::recall_lot { gtin: GTIN, lot: lot(), reason: hash },
			Call::mark_suspect { gtin: GTIN, serial: serial(), reason: hash },
			Call::clear_suspect { gtin: GTIN, serial: serial(), reason: hash },
			Call::declare_illegitimate { gtin: GTIN, serial: serial(), reason: hash },
			Call::destroy_quarantined {
				gtin: GTIN,
				serial: serial(),
				reason: DestructionReason::SuspicionNotCleared,
			},
			Call::retire_lot { gtin: GTIN, lot: lot() },
		]
		.map(RuntimeCall::SupplyChain),
	);
}

fn key_directory(calls: &mut Vec<RuntimeCall>) {
	use pallet_key_directory::Call;
	calls.extend(
		[Call::publish_key { key: [0xC7; 32] }, Call::remove_key {}].map(RuntimeCall::KeyDirectory),
	);
}

fn claims(calls: &mut Vec<RuntimeCall>) {
	use pallet_claims::{Call, ProgramTerms};
	let (program, claim, hash, value) = (u32::MAX, u64::MAX, [7; 32], u128::MAX);
	calls.extend(
		[
			// The heaviest and longest: as many services and tasks as a program may list.
			Call::open_program {
				terms: ProgramTerms {
					services: full((hash, value)),
					patient_limit: value,
					dispute_window: u32::MAX,
					tasks: full((hash, value)),
					reward_cap: value,
					reward_period: u32::MAX,
				},
				escrow: value,
			},
			Call::fund_program { program, amount: value },
			Call::close_program { program },
			Call::submit_claim {
				program,
				patient: account(1),
				service: hash,
				amount: value,
				category: TAG,
				document: hash,
			},
			Call::confirm_claim { claim },
			Call::dispute_claim { claim, reason: hash },
			Call::adjudicate { claim, approve: true },
			Call::settle_claim { claim },
			Call::attest_task {
				program,
				patient: account(1),
				task: hash,
				category: TAG,
				attestation: hash,
			},
		]
		.map(RuntimeCall::Claims),
	);
}

fn trials(calls: &mut Vec<RuntimeCall>) {
	use pallet_trials::Call;
	let (trial, site, hash) = (u32::MAX, u32::MAX, [7; 32]);
	calls.extend(
		[
			// The heaviest and longest: as many sites and outcomes as a trial may list.
			Call::register_trial {
				protocol: hash,
				primary_outcomes: full(hash),
				secondary_outcomes: full(hash),
				sites: full(site),
				planned_enrolment: u32::MAX,
			},
			Call::amend {
				trial,
				protocol: hash,
				primary_outcomes: full(hash),
				secondary_outcomes: full(hash),
				reason: hash,
				changes_outcomes: true,
			},
			Call::add_site { trial, site },
			Call::enrol { trial, site, participant: account(1), category: TAG, commitment: hash },
			Call::withdraw { trial, commitment: hash },
			Call::lock_data { trial, dataset_root: hash },
			Call::register_results {
				trial,
				results: hash,
				reported_primary: full(hash),
				reported_secondary: full(hash),
			},
		]
		.map(RuntimeCall::Trials),
	);
}

/// `upgrade_accounts` with `n` accounts.
fn upgrade_accounts(n: usize) -> RuntimeCall {
	RuntimeCall::Balances(pallet_balances::Call::upgrade_accounts { who: vec![account(3); n] })
}

/// The most accounts one `upgrade_accounts` may list and still fit in a block. Its list is an
/// unbounded `Vec`, so it has no worst case of its own: `CheckWeight` refuses longer lists.
fn most_upgradable_accounts() -> usize {
	let fits = |n| check(&measure(upgrade_accounts(n))).is_ok();
	let mut too_many = 1;
	while fits(too_many) {
		too_many *= 2;
	}
	// `fits(enough)` (or `enough` is 0) and not `fits(too_many)`: halve the gap.
	let mut enough = too_many / 2;
	while too_many - enough > 1 {
		let mid = enough + (too_many - enough) / 2;
		if fits(mid) {
			enough = mid;
		} else {
			too_many = mid;
		}
	}
	enough
}

fn balances(calls: &mut Vec<RuntimeCall>, upgradable: usize) {
	use pallet_balances::{AdjustmentDirection, Call};
	let value = u128::MAX;
	calls.extend(
		[
			Call::transfer_allow_death { dest: address(2), value },
			Call::force_transfer { source: address(1), dest: address(2), value },
			Call::transfer_keep_alive { dest: address(2), value },
			Call::transfer_all { dest: address(2), keep_alive: false },
			Call::force_unreserve { who: address(2), amount: value },
			Call::force_set_balance { who: address(2), new_free: value },
			Call::force_adjust_total_issuance {
				direction: AdjustmentDirection::Decrease,
				delta: value,
			},
			// The weight depends on `keep_alive`: both are checked.
			Call::burn { value, keep_alive: false },
			Call::burn { value, keep_alive: true },
		]
		.map(RuntimeCall::Balances),
	);
	calls.push(upgrade_accounts(upgradable));
}

/// Every call the test checks: at least one per dispatchable of the covered pallets, with
/// `upgradable` accounts for `upgrade_accounts`.
fn worst_cases(upgradable: usize) -> Vec<RuntimeCall> {
	let mut calls = Vec::new();
	organizations(&mut calls);
	consent(&mut calls);
	records(&mut calls);
	supply_chain(&mut calls);
	key_directory(&mut calls);
	claims(&mut calls);
	trials(&mut calls);
	balances(&mut calls, upgradable);
	calls
}

/// The dispatchable names of a pallet's `Call` enum, from its type information (what the
/// metadata lists), without the hidden phantom variant.
fn dispatchables<C: TypeInfo + 'static>() -> BTreeSet<&'static str> {
	match C::type_info().type_def {
		TypeDef::Variant(def) => {
			def.variants.iter().map(|v| v.name).filter(|name| !name.starts_with("__")).collect()
		},
		other => panic!("a pallet's Call is an enum, not {other:?}"),
	}
}

/// The pallets whose every call must fit, by their name in the runtime.
fn covered_pallets() -> BTreeMap<&'static str, BTreeSet<&'static str>> {
	BTreeMap::from([
		("Balances", dispatchables::<pallet_balances::Call<Runtime>>()),
		("Organizations", dispatchables::<pallet_organizations::Call<Runtime>>()),
		("Consent", dispatchables::<pallet_consent::Call<Runtime>>()),
		("Records", dispatchables::<pallet_records::Call<Runtime>>()),
		("SupplyChain", dispatchables::<pallet_supply_chain::Call<Runtime>>()),
		("KeyDirectory", dispatchables::<pallet_key_directory::Call<Runtime>>()),
		("Claims", dispatchables::<pallet_claims::Call<Runtime>>()),
		("Trials", dispatchables::<pallet_trials::Call<Runtime>>()),
	])
}

/// A call as a signed extrinsic would carry it: its dispatch info with the transaction
/// extensions' weight, and the extrinsic's encoded length.
struct Measured {
	pallet: &'static str,
	call: &'static str,
	info: DispatchInfo,
	len: usize,
}

fn measure(call: RuntimeCall) -> Measured {
	let metadata = call.get_call_metadata();
	// Neither weight nor length depends on the signature's bytes.
	let signature = Signature::Sr25519(sp_core::sr25519::Signature::from_raw([0; 64]));
	let xt = UncheckedExtrinsic::new_signed(call, address(1), signature, tx_extension(0));
	Measured {
		pallet: metadata.pallet_name,
		call: metadata.function_name,
		info: xt.get_dispatch_info(),
		len: xt.encoded_size(),
	}
}

/// `CheckWeight`'s test of one extrinsic in an empty block: its weight (call and extensions,
/// with its length counted as proof size) within its class's `max_extrinsic`, which already
/// leaves room for `base_extrinsic` and block initialization, and its length within the class's
/// block length.
fn check(m: &Measured) -> Result<(), String> {
	let class = m.info.class;
	let max_extrinsic = RuntimeBlockWeights::get()
		.get(class)
		.max_extrinsic
		.unwrap_or_else(|| panic!("{class:?} extrinsics are limited"));
	let weight = m.info.total_weight().saturating_add_proof_size(m.len as u64);
	let max_len = *RuntimeBlockLength::get().max.get(class);
	let mut errors = Vec::new();
	if !weight.all_lte(max_extrinsic) {
		errors.push(format!(
			"{}::{} ({class:?}): weight {weight} exceeds max_extrinsic {max_extrinsic}",
			m.pallet, m.call
		));
	}
	if m.len > max_len as usize {
		errors.push(format!(
			"{}::{} ({class:?}): length {} bytes exceeds the block length {max_len}",
			m.pallet, m.call, m.len
		));
	}
	if errors.is_empty() {
		Ok(())
	} else {
		Err(errors.join("; "))
	}
}

fn micros(weight: Weight) -> f64 {
	weight.ref_time() as f64 / WEIGHT_REF_TIME_PER_MICROS as f64
}

#[test]
fn every_call_fits_in_a_block_at_its_worst_case() {
	sp_io::TestExternalities::default().execute_with(|| {
		let upgradable = most_upgradable_accounts();
		assert!(upgradable > 0, "upgrade_accounts fits with at least one account");
		let measured: Vec<Measured> = worst_cases(upgradable).into_iter().map(measure).collect();

		// Coverage: exactly the dispatchables of the covered pallets, each at least once.
		let mut covered: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
		for m in &measured {
			covered.entry(m.pallet).or_default().insert(m.call);
		}
		let expected = covered_pallets();
		let pallets: BTreeSet<&str> = expected.keys().chain(covered.keys()).copied().collect();
		let mut gaps = Vec::new();
		for pallet in pallets {
			let want = expected.get(pallet).cloned().unwrap_or_default();
			let have = covered.get(pallet).cloned().unwrap_or_default();
			let missing: Vec<_> = want.difference(&have).collect();
			let extra: Vec<_> = have.difference(&want).collect();
			if !missing.is_empty() {
				gaps.push(format!("{pallet}: no worst case for {missing:?}"));
			}
			if !extra.is_empty() {
				gaps.push(format!("{pallet}: not a covered pallet's call: {extra:?}"));
			}
		}
		assert!(gaps.is_empty(), "{}", gaps.join("\n"));

		// The heaviest case of each call, heaviest call first. `upgrade_accounts` is sized to
		// the limit, so it has a line of its own.
		let unbounded = |m: &Measured| (m.pallet, m.call) == ("Balances", "upgrade_accounts");
		let mut heaviest: BTreeMap<(&str, &str), &Measured> = BTreeMap::new();
		for m in measured.iter().filter(|m| !unbounded(m)) {
			let entry = heaviest.entry((m.pallet, m.call)).or_insert(m);
			if m.info.total_weight().ref_time() > entry.info.total_weight().ref_time() {
				*entry = m;
			}
		}
		let mut rows: Vec<&Measured> = heaviest.into_values().collect();
		rows.sort_by_key(|m| core::cmp::Reverse(m.info.total_weight().ref_time()));

		let weights = RuntimeBlockWeights::get();
		let normal = weights.get(DispatchClass::Normal);
		let max_extrinsic = normal.max_extrinsic.expect("normal extrinsics are limited");
		println!(
			"normal class: max_extrinsic {:.0} µs, base_extrinsic {:.0} µs, block length {} bytes",
			micros(max_extrinsic),
			micros(normal.base_extrinsic),
			RuntimeBlockLength::get().max.get(DispatchClass::Normal),
		);
		println!(
			"{:<42} {:>10} {:>10} {:>9} {:>8}",
			"call", "call µs", "+ext µs", "% max_ext", "bytes"
		);
		for m in &rows {
			let total = m.info.total_weight();
			println!(
				"{:<42} {:>10.1} {:>10.1} {:>8.2}% {:>8}",
				format!("{}::{}", m.pallet, m.call),
				micros(m.info.call_weight),
				micros(total),
				100.0 * total.ref_time() as f64 / max_extrinsic.ref_time() as f64,
				m.len,
			);
		}

		println!(
			"Balances::upgrade_accounts takes any number of accounts; at most {upgradable} fit"
		);

		let failures: Vec<String> = measured.iter().filter_map(|m| check(m).err()).collect();
		assert!(failures.is_empty(), "calls that can never be included:\n{}", failures.join("\n"));
	});
}
