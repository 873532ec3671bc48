//! Storage invariants, checked by `try_state` and after every test.

use crate::{pallet::*, types::*};
use alloc::collections::BTreeMap;
use frame_support::{ensure, traits::Get};
use sp_runtime::TryRuntimeError;

type LotTally = BTreeMap<(Gtin, LotNumber), u32>;

fn tally_add(tally: &mut LotTally, gtin: Gtin, lot: &LotNumber, packs: u32) {
	let count = tally.entry((gtin, lot.clone())).or_default();
	*count = count.saturating_add(packs);
}

impl<T: Config> Pallet<T> {
	/// Checks the storage invariants:
	///
	/// - container contents agree with each unit's `parent` (no unit in two containers, no
	///   dangling entry), and each container's child count, lot counts, quarantine count and
	///   height agree with its direct children;
	/// - every lot's commissioned count equals its packs, within its quantity, and every pack's
	///   lot and product exist;
	/// - every unit in transit is top-level and in exactly the pending shipment its status names,
	///   and every pending shipment's units are in transit in it;
	/// - quarantine details exist exactly for quarantined packs; end-of-life details exactly for
	///   dispensed or decommissioned packs; deposits exist for lots, containers and shipments;
	/// - deactivations and lot manufacturers name existing products and lots.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		let max_depth = T::MaxNestingDepth::get();

		// Direct contents of every container, summarised.
		let mut children: BTreeMap<Sscc, (u32, LotTally, u32, u8)> = BTreeMap::new();
		for (sscc, unit) in ContainerContents::<T>::iter_keys() {
			ensure!(Containers::<T>::contains_key(sscc), "contents of a missing container");
			let summary = children.entry(sscc).or_default();
			summary.0 = summary.0.saturating_add(1);
			match &unit {
				Unit::Pack(gtin, serial) => {
					let pack = Packs::<T>::get(gtin, serial).ok_or("contents: missing pack")?;
					ensure!(pack.parent == Some(sscc), "contents: pack's parent differs");
					tally_add(&mut summary.1, *gtin, &pack.lot, 1);
					if pack.alert.is_some() {
						summary.2 = summary.2.saturating_add(1);
					}
					summary.3 = summary.3.max(1);
				},
				Unit::Container(inner_sscc) => {
					let inner =
						Containers::<T>::get(inner_sscc).ok_or("contents: missing container")?;
					ensure!(inner.parent == Some(sscc), "contents: container's parent differs");
					for entry in inner.lots.iter() {
						tally_add(&mut summary.1, entry.gtin, &entry.lot, entry.packs);
					}
					summary.2 = summary.2.saturating_add(inner.alerts);
					summary.3 = summary.3.max(inner.height.saturating_add(1));
				},
			}
		}

		for (sscc, container) in Containers::<T>::iter() {
			let (count, lots, alerts, height) = children.remove(&sscc).unwrap_or_default();
			ensure!(container.children == count, "container child count differs from contents");
			ensure!(count <= T::MaxContainerSize::get(), "container over MaxContainerSize");
			let stored: LotTally = container
				.lots
				.iter()
				.map(|entry| ((entry.gtin, entry.lot.clone()), entry.packs))
				.collect();
			ensure!(stored == lots, "container lot counts differ from contents");
			ensure!(container.alerts == alerts, "container quarantine count differs");
			ensure!(container.height >= height, "container height below its contents'");
			ensure!(u32::from(container.height) <= max_depth, "container nested too deep");
			if let Some(parent) = container.parent {
				ensure!(
					ContainerContents::<T>::contains_key(parent, Unit::Container(sscc)),
					"container's parent does not list it"
				);
				ensure!(container.status == PackStatus::Active, "nested container not active");
			}
			match container.status {
				PackStatus::Active => {},
				PackStatus::InTransit(id) => {
					ensure!(container.parent.is_none(), "container in transit inside another");
					Self::ensure_in_pending_shipment(id, &Unit::Container(sscc))?;
				},
				_ => return Err("container dispensed or decommissioned".into()),
			}
			// An emptied container's deposit went back; one holding anything is paid for.
			ensure!(
				count == 0 || Deposits::<T>::contains_key(DepositKey::Container(sscc)),
				"container holding units without deposit"
			);
		}

		let mut per_lot: LotTally = BTreeMap::new();
		for (gtin, serial, pack) in Packs::<T>::iter() {
			tally_add(&mut per_lot, gtin, &pack.lot, 1);
			ensure!(Lots::<T>::contains_key(gtin, &pack.lot), "pack of a missing lot");
			if let Some(parent) = pack.parent {
				ensure!(
					ContainerContents::<T>::contains_key(parent, Unit::Pack(gtin, serial.clone())),
					"pack's parent does not list it"
				);
				ensure!(pack.status == PackStatus::Active, "pack inside a container not active");
			}
			match pack.status {
				PackStatus::InTransit(id) => {
					ensure!(pack.parent.is_none(), "pack in transit inside a container");
					Self::ensure_in_pending_shipment(id, &Unit::Pack(gtin, serial.clone()))?;
				},
				PackStatus::Active => ensure!(pack.ended.is_none(), "active pack with an end"),
				PackStatus::Dispensed | PackStatus::Decommissioned(_) => {
					ensure!(pack.ended.is_some(), "ended pack without its end")
				},
			}
			let details = PackAlerts::<T>::get(gtin, &serial);
			ensure!(
				details.map(|alert| alert.kind) == pack.alert,
				"quarantine details differ from the pack's"
			);
		}
		ensure!(
			PackAlerts::<T>::iter_keys()
				.all(|(gtin, serial)| Packs::<T>::contains_key(gtin, serial)),
			"quarantine details of a missing pack"
		);

		for (gtin, lot, info) in Lots::<T>::iter() {
			ensure!(Products::<T>::contains_key(gtin), "lot of a missing product");
			let packs = per_lot.get(&(gtin, lot.clone())).copied().unwrap_or_default();
			ensure!(info.commissioned == packs, "lot commissioned count differs from its packs");
			ensure!(info.commissioned <= info.quantity, "lot over its quantity");
			// A retired lot's deposit went back; every other lot's is held.
			ensure!(
				Deposits::<T>::contains_key(DepositKey::Lot(gtin, lot.clone()))
					!= RetiredLots::<T>::contains_key(gtin, &lot),
				"lot deposit differs from its retirement"
			);
		}

		ensure!(
			DeactivatedProducts::<T>::iter_keys().all(|gtin| Products::<T>::contains_key(gtin)
				&& !Deposits::<T>::contains_key(DepositKey::Product(gtin))),
			"deactivation of a missing product, or with its deposit still held"
		);
		ensure!(
			RetiredLots::<T>::iter_keys().all(|(gtin, lot)| Lots::<T>::contains_key(gtin, lot)),
			"retirement of a missing lot"
		);
		ensure!(
			LotManufacturers::<T>::iter_keys()
				.all(|(gtin, lot)| Lots::<T>::contains_key(gtin, lot)),
			"manufacturer of a missing lot"
		);

		let next_id = NextShipmentId::<T>::get();
		for (id, shipment) in Shipments::<T>::iter() {
			ensure!(id < next_id, "shipment id at or above NextShipmentId");
			ensure!(
				Deposits::<T>::contains_key(DepositKey::Shipment(id)),
				"shipment without deposit"
			);
			if shipment.status != ShipmentStatus::Pending {
				continue;
			}
			for unit in shipment.units.iter() {
				let (status, parent) = match unit {
					Unit::Pack(gtin, serial) => {
						let pack =
							Packs::<T>::get(gtin, serial).ok_or("shipment of a missing pack")?;
						(pack.status, pack.parent)
					},
					Unit::Container(sscc) => {
						let c =
							Containers::<T>::get(sscc).ok_or("shipment of a missing container")?;
						(c.status, c.parent)
					},
				};
				ensure!(
					status == PackStatus::InTransit(id),
					"pending shipment unit not in transit"
				);
				ensure!(parent.is_none(), "pending shipment unit inside a container");
			}
		}

		let max_history = T::MaxHistory::get() as usize;
		ensure!(
			History::<T>::iter_values().all(|history| history.len() <= max_history),
			"history over MaxHistory"
		);
		Ok(())
	}

	fn ensure_in_pending_shipment(id: ShipmentId, unit: &Unit) -> Result<(), TryRuntimeError> {
		let shipment = Shipments::<T>::get(id).ok_or("unit in transit in a missing shipment")?;
		ensure!(shipment.status == ShipmentStatus::Pending, "unit in transit in a closed shipment");
		ensure!(shipment.units.contains(unit), "unit in transit not in its shipment");
		Ok(())
	}
}
