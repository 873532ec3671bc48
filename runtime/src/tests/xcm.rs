//! The parachain's outbound XCM: a message to a sibling or to the relay chain has a price in HCT
//! that grows with its size and with congestion, the sender pays it, and the XCM and Cumulus
//! pallets are weighed with the runtime's own measured weights.
//!
//! Built only with the `parachain` feature:
//! `SKIP_WASM_BUILD=1 cargo test --release -p healthchain-runtime --features parachain xcm::`.

use super::preset_storage;
use crate::{
	configs::xcm::XcmRouter, AccountId, Balances, ParachainSystem, PolkadotXcm, Runtime,
	RuntimeEvent, RuntimeOrigin, System,
};
use cumulus_primitives_core::{AbridgedHrmpChannel, UpwardMessageSender};
use frame_support::traits::fungible::Inspect;
use sp_keyring::Sr25519Keyring;
use xcm::{latest::prelude::*, VersionedLocation, VersionedXcm};

/// A sibling parachain with an open channel from this chain.
const SIBLING: u32 = 2001;

fn sibling() -> Location {
	Location::new(1, [Parachain(SIBLING)])
}

/// The development genesis, with an outbound HRMP channel to [`SIBLING`] and the relay chain's
/// limits on upward messages in place, as the validation data inherent would leave them.
fn new_ext() -> sp_io::TestExternalities {
	let mut ext = sp_io::TestExternalities::new(preset_storage("development"));
	ext.execute_with(|| {
		System::set_block_number(1);
		ParachainSystem::open_outbound_hrmp_channel_for_benchmarks_or_tests(SIBLING.into());
		<ParachainSystem as UpwardMessageSender>::ensure_successful_delivery();
	});
	ext
}

/// A message whose `Transact` carries `len` bytes of call.
fn message(len: usize) -> Xcm<()> {
	Xcm(vec![Transact {
		origin_kind: OriginKind::SovereignAccount,
		fallback_max_weight: None,
		call: vec![7u8; len].into(),
	}])
}

/// What the router asks for delivering `message` to `dest`, in planck of HCT. Any other asset
/// fails the test: the sender pays in the chain's own token.
fn delivery_price(dest: Location, message: Xcm<()>) -> u128 {
	let (_, price) = validate_send::<XcmRouter>(dest, message).expect("the router takes it");
	price
		.inner()
		.iter()
		.map(|asset| match (&asset.id, &asset.fun) {
			(AssetId(id), Fungible(amount)) if *id == Location::here() => *amount,
			_ => panic!("delivery is priced in HCT, not {asset:?}"),
		})
		.sum()
}

#[test]
fn delivery_to_a_sibling_has_a_price_that_grows_with_the_message() {
	new_ext().execute_with(|| {
		let small = delivery_price(sibling(), message(0));
		let large = delivery_price(sibling(), message(1024));
		assert!(small > 0, "a message to a sibling is delivered for free");
		assert!(large > small, "1 KiB more costs nothing more ({small} and {large} planck)");
	});
}

#[test]
fn delivery_to_the_relay_chain_has_a_price_that_grows_with_the_message() {
	new_ext().execute_with(|| {
		let small = delivery_price(Location::parent(), message(0));
		let large = delivery_price(Location::parent(), message(1024));
		assert!(small > 0, "a message to the relay chain is delivered for free");
		assert!(large > small, "1 KiB more costs nothing more ({small} and {large} planck)");
	});
}

#[test]
fn the_price_to_a_sibling_rises_while_its_channel_is_congested() {
	new_ext().execute_with(|| {
		// A channel that holds 16 KiB: past half of it, the queue counts as congested.
		ParachainSystem::open_custom_outbound_hrmp_channel_for_benchmarks_or_tests(
			SIBLING.into(),
			AbridgedHrmpChannel {
				max_capacity: 1_000,
				max_total_size: 16 * 1024,
				max_message_size: 4 * 1024,
				msg_count: 0,
				total_size: 0,
				mqc_head: None,
			},
		);
		let calm = delivery_price(sibling(), message(1024));
		for _ in 0..12 {
			send_xcm::<XcmRouter>(sibling(), message(1024)).expect("the channel has room");
		}
		let congested = delivery_price(sibling(), message(1024));
		assert!(congested > calm, "{calm} planck before, {congested} while congested");
	});
}

#[test]
fn the_price_to_the_relay_chain_rises_while_the_upward_queue_is_congested() {
	new_ext().execute_with(|| {
		let calm = delivery_price(Location::parent(), message(1024));
		// The relay chain's limit is 1 MiB queued (`ensure_successful_delivery`): fill past half.
		for _ in 0..12 {
			send_xcm::<XcmRouter>(Location::parent(), message(64 * 1024))
				.expect("the upward queue has room");
		}
		let congested = delivery_price(Location::parent(), message(1024));
		assert!(congested > calm, "{calm} planck before, {congested} while congested");
	});
}

/// The fees `pallet_xcm` reports it charged, as events.
fn fees_paid() -> Vec<(Location, Assets)> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::PolkadotXcm(pallet_xcm::Event::FeesPaid { paying, fees }) => {
				Some((paying, fees))
			},
			_ => None,
		})
		.collect()
}

#[test]
fn an_account_that_sends_pays_the_delivery_price() {
	let alice: AccountId = Sr25519Keyring::Alice.to_account_id();
	for dest in [sibling(), Location::parent()] {
		new_ext().execute_with(|| {
			let before = Balances::balance(&alice);
			PolkadotXcm::send(
				RuntimeOrigin::signed(alice.clone()),
				Box::new(VersionedLocation::from(dest.clone())),
				Box::new(VersionedXcm::from(message(1024))),
			)
			.expect("Alice sends");
			let paid = before - Balances::balance(&alice);
			assert!(paid > 0, "Alice sent 1 KiB to {dest:?} for free");
			let here: Location = AccountId32 { network: None, id: alice.clone().into() }.into();
			assert_eq!(fees_paid(), vec![(here, (Location::here(), paid).into())]);
		});
	}
}

#[test]
fn root_sends_without_paying() {
	new_ext().execute_with(|| {
		let issuance = Balances::total_issuance();
		for dest in [sibling(), Location::parent()] {
			PolkadotXcm::send(
				RuntimeOrigin::root(),
				Box::new(VersionedLocation::from(dest)),
				Box::new(VersionedXcm::from(message(1024))),
			)
			.expect("Root sends");
		}
		assert_eq!(Balances::total_issuance(), issuance);
		assert!(fees_paid().iter().all(|(_, fees)| fees.is_none()), "{:?}", fees_paid());
	});
}

/// `std::any::type_name` of a pallet's `WeightInfo`.
macro_rules! weight_info_of {
	($pallet:ident) => {
		(stringify!($pallet), std::any::type_name::<<Runtime as $pallet::Config>::WeightInfo>())
	};
}

#[test]
fn xcm_and_cumulus_pallets_use_the_runtimes_measured_weights() {
	let weights = [
		weight_info_of!(pallet_xcm),
		weight_info_of!(cumulus_pallet_xcmp_queue),
		weight_info_of!(pallet_message_queue),
		weight_info_of!(cumulus_pallet_parachain_system),
		weight_info_of!(pallet_session),
		weight_info_of!(pallet_collator_selection),
	];
	let foreign: Vec<_> = weights
		.iter()
		.filter(|(_, info)| !info.starts_with("healthchain_runtime::weights::"))
		.collect();
	assert!(foreign.is_empty(), "weighed by test or upstream weights: {foreign:?}");
}

#[test]
fn sending_is_weighed_with_its_storage_proof() {
	use pallet_xcm::WeightInfo;
	let send = <<Runtime as pallet_xcm::Config>::WeightInfo as WeightInfo>::send();
	assert!(send.ref_time() > 0 && send.proof_size() > 0, "send weighs {send:?}");
}

/// The figures docs/parachain.md states ("What sending costs"): a 1 KiB message costs 1 mHCT
/// plus 10 µHCT for each of its bytes, about 11.6 mHCT with what XCM adds around the kilobyte, to
/// a sibling as to the relay chain, while neither is congested.
#[test]
fn a_kilobyte_costs_what_the_readme_says() {
	use crate::{configs::xcm::BaseDeliveryFee, MICRO_UNIT, MILLI_UNIT};
	use codec::Encode;
	new_ext().execute_with(|| {
		// The router ends every message with its topic.
		let mut sent = message(1024);
		sent.0.push(SetTopic([0; 32]));
		let bytes = sent.encoded_size() as u128;
		assert_eq!(bytes, 1063);
		for dest in [sibling(), Location::parent()] {
			let price = delivery_price(dest, message(1024));
			assert_eq!(price, BaseDeliveryFee::get() + bytes * 10 * MICRO_UNIT);
			assert!((11 * MILLI_UNIT..12 * MILLI_UNIT).contains(&price), "{price} planck");
		}
	});
}
