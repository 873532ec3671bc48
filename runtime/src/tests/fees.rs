//! Fees price every byte and rise while blocks are fuller than the target.

use crate::{
	configs::{RuntimeBlockLength, RuntimeBlockWeights},
	Runtime, RuntimeCall, System, TransactionPayment, UNIT,
};
use frame_support::{
	dispatch::{DispatchClass, GetDispatchInfo},
	traits::Hooks,
};
use pallet_transaction_payment::Multiplier;
use sp_runtime::{traits::One, BuildStorage, FixedPointNumber};

fn new_ext() -> sp_io::TestExternalities {
	frame_system::GenesisConfig::<Runtime>::default()
		.build_storage()
		.expect("system genesis builds")
		.into()
}

/// The largest ordinary transaction that fits a block: a remark of the normal class's length.
fn block_of_bytes() -> (RuntimeCall, u32) {
	let len = *RuntimeBlockLength::get().max.get(DispatchClass::Normal);
	let remark = RuntimeCall::System(frame_system::Call::remark {
		remark: vec![0; len.saturating_sub(64) as usize],
	});
	(remark, len)
}

#[test]
fn a_block_full_of_bytes_costs_at_least_one_unit() {
	new_ext().execute_with(|| {
		let (remark, len) = block_of_bytes();
		let fee = TransactionPayment::compute_fee(len, &remark.get_dispatch_info(), 0);
		assert!(fee >= UNIT, "a block of {len} bytes costs only {fee} planck");
	});
}

#[test]
fn fees_rise_after_a_block_fuller_than_the_target() {
	new_ext().execute_with(|| {
		System::set_block_number(1);
		let normal = RuntimeBlockWeights::get()
			.get(DispatchClass::Normal)
			.max_total
			.expect("normal class is bounded");
		System::register_extra_weight_unchecked(normal, DispatchClass::Normal);
		TransactionPayment::on_finalize(1);
		assert!(TransactionPayment::next_fee_multiplier() > Multiplier::one());
	});
}

#[test]
fn fees_never_fall_below_the_nominal_fee() {
	new_ext().execute_with(|| {
		System::set_block_number(1);
		for n in 1..=10 {
			TransactionPayment::on_finalize(n);
		}
		assert_eq!(TransactionPayment::next_fee_multiplier(), Multiplier::one());
	});
}

/// The figures docs/node.md states ("What filling blocks costs"): a block full of bytes costs
/// about 39 UNIT, a day of them (14,400 blocks of 6 s) about 566,000 UNIT, and after that day the
/// multiplier is about 2.25.
#[test]
fn a_day_of_full_blocks_costs_what_the_readme_says() {
	new_ext().execute_with(|| {
		let (remark, len) = block_of_bytes();
		let block = TransactionPayment::compute_fee(len, &remark.get_dispatch_info(), 0);
		assert!((38 * UNIT..=41 * UNIT).contains(&block), "a full block costs {block} planck");
		let day = block * 14_400;
		assert!(
			(550_000 * UNIT..=590_000 * UNIT).contains(&day),
			"a day of full blocks costs {day} planck"
		);

		System::set_block_number(1);
		let normal = RuntimeBlockWeights::get()
			.get(DispatchClass::Normal)
			.max_total
			.expect("normal class is bounded");
		System::register_extra_weight_unchecked(normal, DispatchClass::Normal);
		for n in 1..=14_400 {
			TransactionPayment::on_finalize(n);
		}
		let multiplier = TransactionPayment::next_fee_multiplier();
		assert!(
			multiplier > Multiplier::saturating_from_rational(2, 1)
				&& multiplier < Multiplier::saturating_from_rational(5, 2),
			"after a day of full blocks the multiplier is {multiplier:?}"
		);
	});
}
