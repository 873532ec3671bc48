//! Weights for `pallet_supply_chain`.
//!
//! PROVISIONAL: these values are a base execution time and proof size plus the storage reads
//! and writes counted from the code, not measurements. They will be replaced by the output of
//! `scripts/benchmark.sh` (the `frame-benchmarking` CLI run on the reference machine); keep the
//! function names equal to the benchmark names.
//!
//! Shape of the costs: `ship`, `receive`, `reject`, `cancel_shipment` grow with the number of
//! top-level units (`n`) and, for `ship`, with the distinct lots inside each container (`l`),
//! never with the number of packs inside; `recall_lot` is constant.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_supply_chain`.
pub trait WeightInfo {
	fn register_product() -> Weight;
	fn create_lot() -> Weight;
	fn commission(n: u32, ) -> Weight;
	fn pack(n: u32, l: u32, ) -> Weight;
	fn unpack(n: u32, ) -> Weight;
	fn ship(n: u32, l: u32, ) -> Weight;
	fn receive(n: u32, ) -> Weight;
	fn reject(n: u32, ) -> Weight;
	fn cancel_shipment(n: u32, ) -> Weight;
	fn remove_shipment() -> Weight;
	fn transfer_ownership(n: u32, l: u32, ) -> Weight;
	fn dispense() -> Weight;
	fn decommission() -> Weight;
	fn undo_decommission() -> Weight;
	fn recall_lot() -> Weight;
	fn mark_suspect() -> Weight;
	fn clear_suspect() -> Weight;
	fn declare_illegitimate() -> Weight;
}

/// Provisional weights for the Healthchain runtime (see the module docs).
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn register_product() -> Weight {
		Weight::from_parts(40_000_000, 6_000)
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	fn create_lot() -> Weight {
		Weight::from_parts(45_000_000, 6_000)
			.saturating_add(T::DbWeight::get().reads(8_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// The range of component `n` is `[1, 1000]`.
	fn commission(n: u32, ) -> Weight {
		Weight::from_parts(30_000_000, 6_000)
			.saturating_add(Weight::from_parts(12_000_000, 2_600).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(1_u64))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(n.into())))
	}
	/// The range of component `n` is `[1, MaxContainerSize]`.
	/// The range of component `l` is `[1, MaxLotsPerContainer]`.
	fn pack(n: u32, l: u32, ) -> Weight {
		Weight::from_parts(50_000_000, 8_000)
			.saturating_add(Weight::from_parts(25_000_000, 6_000).saturating_mul(n.into()))
			.saturating_add(Weight::from_parts(2_000_000, 2_600).saturating_mul(l.into()))
			.saturating_add(T::DbWeight::get().reads(8_u64))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(l.into())))
			.saturating_add(T::DbWeight::get().writes(5_u64))
			.saturating_add(T::DbWeight::get().writes((3_u64).saturating_mul(n.into())))
	}
	/// The range of component `n` is `[1, MaxContainerSize]`.
	fn unpack(n: u32, ) -> Weight {
		Weight::from_parts(40_000_000, 8_000)
			.saturating_add(Weight::from_parts(25_000_000, 6_000).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().reads((4_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(2_u64))
			.saturating_add(T::DbWeight::get().writes((3_u64).saturating_mul(n.into())))
	}
	/// The range of component `n` is `[1, MaxShipmentUnits]`.
	/// The range of component `l` is `[1, MaxLotsPerContainer]` (distinct lots per unit).
	fn ship(n: u32, l: u32, ) -> Weight {
		Weight::from_parts(50_000_000, 8_000)
			.saturating_add(Weight::from_parts(20_000_000, 6_000).saturating_mul(n.into()))
			.saturating_add(Weight::from_parts(2_000_000, 5_200).saturating_mul(n.into()).saturating_mul(l.into()))
			.saturating_add(T::DbWeight::get().reads(10_u64))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(n.into()).saturating_mul(l.into())))
			.saturating_add(T::DbWeight::get().writes(6_u64))
			.saturating_add(T::DbWeight::get().writes((2_u64).saturating_mul(n.into())))
	}
	/// The range of component `n` is `[1, MaxShipmentUnits]`.
	fn receive(n: u32, ) -> Weight {
		Weight::from_parts(35_000_000, 6_000)
			.saturating_add(Weight::from_parts(15_000_000, 6_000).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(2_u64))
			.saturating_add(T::DbWeight::get().writes((2_u64).saturating_mul(n.into())))
	}
	/// The range of component `n` is `[1, MaxShipmentUnits]`.
	fn reject(n: u32, ) -> Weight {
		Weight::from_parts(35_000_000, 6_000)
			.saturating_add(Weight::from_parts(15_000_000, 6_000).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(2_u64))
			.saturating_add(T::DbWeight::get().writes((2_u64).saturating_mul(n.into())))
	}
	/// The range of component `n` is `[1, MaxShipmentUnits]`.
	fn cancel_shipment(n: u32, ) -> Weight {
		Weight::from_parts(35_000_000, 6_000)
			.saturating_add(Weight::from_parts(15_000_000, 6_000).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(2_u64))
			.saturating_add(T::DbWeight::get().writes((2_u64).saturating_mul(n.into())))
	}
	fn remove_shipment() -> Weight {
		Weight::from_parts(40_000_000, 8_000)
			.saturating_add(T::DbWeight::get().reads(8_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// The range of component `n` is `[1, MaxShipmentUnits]`.
	/// The range of component `l` is `[1, MaxLotsPerContainer]` (distinct lots per unit).
	fn transfer_ownership(n: u32, l: u32, ) -> Weight {
		Weight::from_parts(40_000_000, 8_000)
			.saturating_add(Weight::from_parts(20_000_000, 6_000).saturating_mul(n.into()))
			.saturating_add(Weight::from_parts(2_000_000, 5_200).saturating_mul(n.into()).saturating_mul(l.into()))
			.saturating_add(T::DbWeight::get().reads(8_u64))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(n.into()).saturating_mul(l.into())))
			.saturating_add(T::DbWeight::get().writes(1_u64))
			.saturating_add(T::DbWeight::get().writes((2_u64).saturating_mul(n.into())))
	}
	fn dispense() -> Weight {
		Weight::from_parts(40_000_000, 8_000)
			.saturating_add(T::DbWeight::get().reads(9_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	fn decommission() -> Weight {
		Weight::from_parts(40_000_000, 8_000)
			.saturating_add(T::DbWeight::get().reads(8_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	fn undo_decommission() -> Weight {
		Weight::from_parts(40_000_000, 8_000)
			.saturating_add(T::DbWeight::get().reads(9_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	fn recall_lot() -> Weight {
		Weight::from_parts(30_000_000, 4_000)
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	fn mark_suspect() -> Weight {
		Weight::from_parts(45_000_000, 12_000)
			.saturating_add(T::DbWeight::get().reads(11_u64))
			.saturating_add(T::DbWeight::get().writes(8_u64))
	}
	fn clear_suspect() -> Weight {
		Weight::from_parts(45_000_000, 12_000)
			.saturating_add(T::DbWeight::get().reads(12_u64))
			.saturating_add(T::DbWeight::get().writes(8_u64))
	}
	fn declare_illegitimate() -> Weight {
		Weight::from_parts(250_000_000, 150_000)
			.saturating_add(T::DbWeight::get().reads(85_u64))
			.saturating_add(T::DbWeight::get().writes(8_u64))
	}
}

// For backwards compatibility and tests.
impl WeightInfo for () {
	fn register_product() -> Weight {
		Weight::from_parts(40_000_000, 6_000)
			.saturating_add(RocksDbWeight::get().reads(7_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	fn create_lot() -> Weight {
		Weight::from_parts(45_000_000, 6_000)
			.saturating_add(RocksDbWeight::get().reads(8_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	fn commission(n: u32, ) -> Weight {
		Weight::from_parts(30_000_000, 6_000)
			.saturating_add(Weight::from_parts(12_000_000, 2_600).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
			.saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(n.into())))
	}
	fn pack(n: u32, l: u32, ) -> Weight {
		Weight::from_parts(50_000_000, 8_000)
			.saturating_add(Weight::from_parts(25_000_000, 6_000).saturating_mul(n.into()))
			.saturating_add(Weight::from_parts(2_000_000, 2_600).saturating_mul(l.into()))
			.saturating_add(RocksDbWeight::get().reads(8_u64))
			.saturating_add(RocksDbWeight::get().reads((2_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(l.into())))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
			.saturating_add(RocksDbWeight::get().writes((3_u64).saturating_mul(n.into())))
	}
	fn unpack(n: u32, ) -> Weight {
		Weight::from_parts(40_000_000, 8_000)
			.saturating_add(Weight::from_parts(25_000_000, 6_000).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().reads((4_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
			.saturating_add(RocksDbWeight::get().writes((3_u64).saturating_mul(n.into())))
	}
	fn ship(n: u32, l: u32, ) -> Weight {
		Weight::from_parts(50_000_000, 8_000)
			.saturating_add(Weight::from_parts(20_000_000, 6_000).saturating_mul(n.into()))
			.saturating_add(Weight::from_parts(2_000_000, 5_200).saturating_mul(n.into()).saturating_mul(l.into()))
			.saturating_add(RocksDbWeight::get().reads(10_u64))
			.saturating_add(RocksDbWeight::get().reads((2_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().reads((2_u64).saturating_mul(n.into()).saturating_mul(l.into())))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
			.saturating_add(RocksDbWeight::get().writes((2_u64).saturating_mul(n.into())))
	}
	fn receive(n: u32, ) -> Weight {
		Weight::from_parts(35_000_000, 6_000)
			.saturating_add(Weight::from_parts(15_000_000, 6_000).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().reads((2_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
			.saturating_add(RocksDbWeight::get().writes((2_u64).saturating_mul(n.into())))
	}
	fn reject(n: u32, ) -> Weight {
		Weight::from_parts(35_000_000, 6_000)
			.saturating_add(Weight::from_parts(15_000_000, 6_000).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().reads((2_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
			.saturating_add(RocksDbWeight::get().writes((2_u64).saturating_mul(n.into())))
	}
	fn cancel_shipment(n: u32, ) -> Weight {
		Weight::from_parts(35_000_000, 6_000)
			.saturating_add(Weight::from_parts(15_000_000, 6_000).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().reads((2_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
			.saturating_add(RocksDbWeight::get().writes((2_u64).saturating_mul(n.into())))
	}
	fn remove_shipment() -> Weight {
		Weight::from_parts(40_000_000, 8_000)
			.saturating_add(RocksDbWeight::get().reads(8_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	/// The range of component `n` is `[1, MaxShipmentUnits]`.
	/// The range of component `l` is `[1, MaxLotsPerContainer]` (distinct lots per unit).
	fn transfer_ownership(n: u32, l: u32, ) -> Weight {
		Weight::from_parts(40_000_000, 8_000)
			.saturating_add(Weight::from_parts(20_000_000, 6_000).saturating_mul(n.into()))
			.saturating_add(Weight::from_parts(2_000_000, 5_200).saturating_mul(n.into()).saturating_mul(l.into()))
			.saturating_add(RocksDbWeight::get().reads(8_u64))
			.saturating_add(RocksDbWeight::get().reads((2_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().reads((2_u64).saturating_mul(n.into()).saturating_mul(l.into())))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
			.saturating_add(RocksDbWeight::get().writes((2_u64).saturating_mul(n.into())))
	}
	fn dispense() -> Weight {
		Weight::from_parts(40_000_000, 8_000)
			.saturating_add(RocksDbWeight::get().reads(9_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	fn decommission() -> Weight {
		Weight::from_parts(40_000_000, 8_000)
			.saturating_add(RocksDbWeight::get().reads(8_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	fn undo_decommission() -> Weight {
		Weight::from_parts(40_000_000, 8_000)
			.saturating_add(RocksDbWeight::get().reads(9_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	fn recall_lot() -> Weight {
		Weight::from_parts(30_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads(7_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn mark_suspect() -> Weight {
		Weight::from_parts(45_000_000, 12_000)
			.saturating_add(RocksDbWeight::get().reads(11_u64))
			.saturating_add(RocksDbWeight::get().writes(8_u64))
	}
	fn clear_suspect() -> Weight {
		Weight::from_parts(45_000_000, 12_000)
			.saturating_add(RocksDbWeight::get().reads(12_u64))
			.saturating_add(RocksDbWeight::get().writes(8_u64))
	}
	fn declare_illegitimate() -> Weight {
		Weight::from_parts(250_000_000, 150_000)
			.saturating_add(RocksDbWeight::get().reads(85_u64))
			.saturating_add(RocksDbWeight::get().writes(8_u64))
	}
}
