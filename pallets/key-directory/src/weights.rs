//! Weights for `pallet_key_directory`.
//!
//! Not yet measured: these are conservative values set by hand until `scripts/benchmark.sh`
//! regenerates this file on the reference machine (AMD EPYC, 2 cores, 23 GiB). They are taken
//! from the measured calls that touch the same storage: `publish_key` (one map entry and a
//! new hold, `Balances::Holds` read and written) from `pallet_consent`'s `appoint_guardian`
//! (63.4 µs, proof 3738), `remove_key` (one map entry removed, a hold released) from its
//! `remove_guardian` (53.9 µs, proof 3738), each rounded up by about 10%.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::ParityDbWeight}};
use core::marker::PhantomData;

/// The weight of each call of `pallet_key_directory`.
pub trait WeightInfo {
	fn publish_key() -> Weight;
	fn remove_key() -> Weight;
}

/// Weights for the reference machine, with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `KeyDirectory::Keys` (r:1 w:1)
	/// Proof: `KeyDirectory::Keys` (`max_values`: None, `max_size`: Some(104), added: 2579, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(229), added: 2704, mode: `MaxEncodedLen`)
	fn publish_key() -> Weight {
		Weight::from_parts(70_000_000, 0)
			.saturating_add(Weight::from_parts(0, 3738))
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `KeyDirectory::Keys` (r:1 w:1)
	/// Proof: `KeyDirectory::Keys` (`max_values`: None, `max_size`: Some(104), added: 2579, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(229), added: 2704, mode: `MaxEncodedLen`)
	fn remove_key() -> Weight {
		Weight::from_parts(60_000_000, 0)
			.saturating_add(Weight::from_parts(0, 3738))
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
}

/// The same values with ParityDB's default database weights, for tests and mocks.
impl WeightInfo for () {
	fn publish_key() -> Weight {
		Weight::from_parts(70_000_000, 0)
			.saturating_add(Weight::from_parts(0, 3738))
			.saturating_add(ParityDbWeight::get().reads(2_u64))
			.saturating_add(ParityDbWeight::get().writes(2_u64))
	}
	fn remove_key() -> Weight {
		Weight::from_parts(60_000_000, 0)
			.saturating_add(Weight::from_parts(0, 3738))
			.saturating_add(ParityDbWeight::get().reads(2_u64))
			.saturating_add(ParityDbWeight::get().writes(2_u64))
	}
}
