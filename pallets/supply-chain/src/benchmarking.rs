//! Benchmarks of the supply-chain pallet, each at its worst case: the longest identifiers,
//! members (not admins) acting, containers full and nested at the maximum depth, commissioning
//! at the maximum batch, shipping a full pallet of full cases (recalled goods of a product per
//! lot going back to their manufacturer, which reads every product), histories full.

use crate::{gs1, pallet::*, types::*, Pallet as SupplyChain};
use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{fungible::Mutate, Get, Time},
	BoundedVec,
};
use frame_system::RawOrigin;
use healthchain_primitives::{MemberRole, OrgId, OrgRole, OrganizationsInspect};
use sp_runtime::traits::Bounded;

const SEED: u32 = 0;
const HASH: DocHash = [7; 32];

/// `N` ASCII digits: `prefix`, then `n` zero-padded, then (when `check`) a GS1 check digit.
fn digits<const N: usize>(prefix: &[u8], mut n: u64, check: bool) -> [u8; N] {
	let mut out = [b'0'; N];
	let body_len = if check { N - 1 } else { N };
	out[..prefix.len()].copy_from_slice(prefix);
	let mut i = body_len;
	while i > prefix.len() && n > 0 {
		i -= 1;
		out[i] = b'0' + (n % 10) as u8;
		n /= 10;
	}
	if check {
		out[N - 1] = gs1::check_digit(&out[..N - 1]).unwrap_or(b'0');
	}
	out
}

/// The GS1 company prefix of the benchmark manufacturer's GTINs, and of its SSCCs.
const GTIN_PREFIX: &[u8] = b"876543";
const SSCC_PREFIX: &[u8] = b"765432";

/// A GTIN of `GTIN_PREFIX` (indicator 0).
fn gtin(i: u32) -> Gtin {
	digits(b"0876543", i.into(), true)
}

/// An SSCC of `SSCC_PREFIX` (extension digit 0).
fn sscc(i: u32) -> Sscc {
	digits(b"0765432", i.into(), true)
}

/// A 20-character serial (the longest).
fn serial(i: u32) -> Serial {
	BoundedVec::truncate_from(digits::<20>(b"SN", i.into(), false).to_vec())
}

/// A 20-character lot number (the longest).
fn lot_number(i: u32) -> LotNumber {
	BoundedVec::truncate_from(digits::<20>(b"LOT", i.into(), false).to_vec())
}

/// An expiry two years ahead of the chain's clock.
fn future_expiry<T: Config>() -> ExpiryDate {
	let year = gs1::year_at(T::Time::now()).saturating_add(2);
	let yy = year.rem_euclid(100) as u64;
	digits::<6>(b"", yy * 10_000 + 1231, false)
}

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, SEED);
	T::Currency::set_balance(&who, BalanceOf::<T>::max_value() / 16u32.into());
	who
}

/// An active organization with `roles`, and a member (not its admin) entitled to everything.
fn party<T: Config>(name: &'static str, roles: &[OrgRole]) -> (OrgId, T::AccountId) {
	let admin = funded::<T>(name, 0);
	// Reuse the organization when the admin already has one (set-up run again on kept state).
	let org = match T::Organizations::organization_of(&admin) {
		Some(org) => org,
		None => T::Organizations::benchmark_organization(&admin, roles),
	};
	let member = funded::<T>(name, 1);
	T::Organizations::benchmark_member(
		org,
		&member,
		&[MemberRole::Logistics, MemberRole::Pharmacist, MemberRole::Auditor],
	);
	(org, member)
}

/// A lot of a product.
type LotId = (Gtin, LotNumber);

/// A manufacturer holding the benchmark company prefixes, with a product, building products,
/// lots, packs and containers through the calls.
struct Maker<T: Config> {
	org: OrgId,
	who: T::AccountId,
	gtin: Gtin,
	next_product: u32,
	next_lot: u32,
	next_serial: u32,
	next_sscc: u32,
	lots_made: Vec<LotId>,
}

impl<T: Config> Maker<T> {
	fn new() -> Result<Self, BenchmarkError> {
		let (org, who) = party::<T>("maker", &[OrgRole::Manufacturer]);
		T::Organizations::benchmark_company_prefix(org, GTIN_PREFIX);
		T::Organizations::benchmark_company_prefix(org, SSCC_PREFIX);
		let gtin = gtin(1);
		SupplyChain::<T>::do_register_product(who.clone(), gtin, HASH)?;
		Ok(Self {
			org,
			who,
			gtin,
			next_product: 1,
			next_lot: 0,
			next_serial: 0,
			next_sscc: 0,
			lots_made: Vec::new(),
		})
	}

	/// Registers another product.
	fn product(&mut self) -> Result<Gtin, BenchmarkError> {
		self.next_product += 1;
		let gtin = gtin(self.next_product);
		SupplyChain::<T>::do_register_product(self.who.clone(), gtin, HASH)?;
		Ok(gtin)
	}

	/// A new lot of `gtin` that may hold `quantity` packs.
	fn lot_of(&mut self, gtin: Gtin, quantity: u32) -> Result<LotNumber, BenchmarkError> {
		self.next_lot += 1;
		let lot = lot_number(self.next_lot);
		SupplyChain::<T>::do_create_lot(
			self.who.clone(),
			gtin,
			lot.clone(),
			future_expiry::<T>(),
			quantity,
		)?;
		self.lots_made.push((gtin, lot.clone()));
		Ok(lot)
	}

	/// A new lot of the first product.
	fn lot(&mut self, quantity: u32) -> Result<LotNumber, BenchmarkError> {
		self.lot_of(self.gtin, quantity)
	}

	/// Commissions `count` packs into a lot of the first product.
	fn commission(&mut self, lot: &LotNumber, count: u32) -> Result<Vec<Unit>, BenchmarkError> {
		self.commission_of(&(self.gtin, lot.clone()), count)
	}

	fn commission_of(&mut self, lot: &LotId, count: u32) -> Result<Vec<Unit>, BenchmarkError> {
		let (gtin, lot) = lot;
		let mut units = Vec::new();
		let batch = T::MaxCommissionBatch::get();
		let mut left = count;
		while left > 0 {
			let this = left.min(batch);
			let serials: Vec<Serial> = (0..this).map(|i| serial(self.next_serial + i)).collect();
			self.next_serial += this;
			units.extend(serials.iter().map(|s| Unit::Pack(*gtin, s.clone())));
			SupplyChain::<T>::do_commission(
				self.who.clone(),
				*gtin,
				lot.clone(),
				BoundedVec::truncate_from(serials),
			)?;
			left -= this;
		}
		Ok(units)
	}

	/// Recalls every lot made so far.
	fn recall_all(&self) -> Result<(), BenchmarkError> {
		for (gtin, lot) in &self.lots_made {
			SupplyChain::<T>::do_recall_lot(self.who.clone(), *gtin, lot.clone(), HASH)?;
		}
		Ok(())
	}

	/// A new container holding `units` (at most `MaxContainerSize`).
	fn pack(&mut self, kind: ContainerKind, units: Vec<Unit>) -> Result<Unit, BenchmarkError> {
		self.next_sscc += 1;
		let sscc = sscc(self.next_sscc);
		SupplyChain::<T>::do_pack(self.who.clone(), sscc, kind, BoundedVec::truncate_from(units))?;
		Ok(Unit::Container(sscc))
	}

	/// A top-level unit holding one pack of each lot: a case, or a pallet of cases when there
	/// are more lots than a case holds.
	fn unit_with_lots(&mut self, lots: &[LotId]) -> Result<Unit, BenchmarkError> {
		let mut packs = Vec::new();
		for lot in lots {
			packs.extend(self.commission_of(lot, 1)?);
		}
		let size = T::MaxContainerSize::get() as usize;
		if packs.len() <= size {
			return self.pack(ContainerKind::Case, packs);
		}
		let mut cases = Vec::new();
		for chunk in packs.chunks(size) {
			cases.push(self.pack(ContainerKind::Case, chunk.to_vec())?);
		}
		self.pack(ContainerKind::Pallet, cases)
	}

	/// `count` fresh lots of the first product, each able to hold `quantity` packs.
	fn lots(&mut self, count: u32, quantity: u32) -> Result<Vec<LotId>, BenchmarkError> {
		(0..count)
			.map(|_| -> Result<LotId, BenchmarkError> { Ok((self.gtin, self.lot(quantity)?)) })
			.collect()
	}

	/// `count` fresh lots, each of a new product, each able to hold `quantity` packs.
	fn product_lots(&mut self, count: u32, quantity: u32) -> Result<Vec<LotId>, BenchmarkError> {
		(0..count)
			.map(|_| -> Result<LotId, BenchmarkError> {
				let gtin = self.product()?;
				Ok((gtin, self.lot_of(gtin, quantity)?))
			})
			.collect()
	}

	/// A full pallet of full cases whose packs are spread over `lots` fresh lots, each of a new
	/// product.
	fn full_pallet(&mut self, lots: u32) -> Result<Unit, BenchmarkError> {
		let size = T::MaxContainerSize::get();
		let total = size * size;
		let per_lot = total.div_ceil(lots.max(1));
		let lot_ids = self.product_lots(lots.max(1), per_lot)?;
		let mut packs = Vec::new();
		for lot in &lot_ids {
			let left = total - packs.len() as u32;
			packs.extend(self.commission_of(lot, per_lot.min(left))?);
		}
		let mut cases = Vec::new();
		for chunk in packs.chunks(size as usize) {
			cases.push(self.pack(ContainerKind::Case, chunk.to_vec())?);
		}
		self.pack(ContainerKind::Pallet, cases)
	}

	/// A single pack inside `MaxNestingDepth` containers.
	fn nested_pack(&mut self) -> Result<(Serial, Vec<Sscc>), BenchmarkError> {
		let lot = self.lot(1)?;
		let pack = self.commission(&lot, 1)?;
		let Some(Unit::Pack(_, serial)) = pack.first().cloned() else {
			return Err("commissioned a pack".into());
		};
		let mut unit = Unit::Pack(self.gtin, serial.clone());
		let mut containers = Vec::new();
		for _ in 0..T::MaxNestingDepth::get() {
			unit = self.pack(ContainerKind::Pallet, vec![unit])?;
			if let Unit::Container(sscc) = unit {
				containers.push(sscc);
			}
		}
		Ok((serial, containers))
	}

	/// A single top-level pack.
	fn pack_alone(&mut self) -> Result<Serial, BenchmarkError> {
		let lot = self.lot(1)?;
		match self.commission(&lot, 1)?.first() {
			Some(Unit::Pack(_, serial)) => Ok(serial.clone()),
			_ => Err("commissioned a pack".into()),
		}
	}
}

/// Fills a unit's history to `MaxHistory`, so that the next step drops the oldest entry.
fn fill_history<T: Config>(unit: &Unit) {
	let entries: Vec<HistoryEntry> = (0..T::MaxHistory::get())
		.map(|i| HistoryEntry {
			seq: u64::from(i) + 1,
			at: 0,
			step: Step::Rejected { shipment: u64::from(i), by: OrgId::MAX },
		})
		.collect();
	History::<T>::insert(unit, BoundedVec::truncate_from(entries));
	NextSeq::<T>::put(u64::from(T::MaxHistory::get()) + 1);
}

/// `n` top-level units, each a container holding packs of the same `MaxLotsPerContainer` lots,
/// shipped by the manufacturer to `to`; returns the shipment id.
fn pending_shipment<T: Config>(
	maker: &mut Maker<T>,
	n: u32,
	to: OrgId,
) -> Result<ShipmentId, BenchmarkError> {
	let lots = maker.lots(T::MaxLotsPerContainer::get(), n)?;
	let mut units = Vec::new();
	for _ in 0..n {
		units.push(maker.unit_with_lots(&lots)?);
	}
	let id = NextShipmentId::<T>::get();
	SupplyChain::<T>::do_ship(maker.who.clone(), BoundedVec::truncate_from(units), to, HASH, true)?;
	Ok(id)
}

/// The wholesaler's stock for `ship` and `transfer_ownership`: a full pallet of full cases
/// and `n - 1` containers, each holding packs of `l` lots of its own, every lot of a product
/// of its own and recalled. Returns the units and the wholesaler's member.
fn recalled_stock<T: Config>(
	maker: &mut Maker<T>,
	n: u32,
	l: u32,
) -> Result<(Vec<Unit>, T::AccountId), BenchmarkError> {
	let (wholesaler, seller) = party::<T>("wholesaler", &[OrgRole::Wholesaler]);
	let mut units = vec![maker.full_pallet(l)?];
	for _ in 1..n {
		let lots = maker.product_lots(l, 1)?;
		units.push(maker.unit_with_lots(&lots)?);
	}
	let id = NextShipmentId::<T>::get();
	SupplyChain::<T>::do_ship(
		maker.who.clone(),
		BoundedVec::truncate_from(units.clone()),
		wholesaler,
		HASH,
		true,
	)?;
	SupplyChain::<T>::do_receive(seller.clone(), id)?;
	maker.recall_all()?;
	Ok((units, seller))
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_product() -> Result<(), BenchmarkError> {
		let (org, who) = party::<T>("maker", &[OrgRole::Manufacturer]);
		T::Organizations::benchmark_company_prefix(org, GTIN_PREFIX);
		let gtin = gtin(1);

		#[extrinsic_call]
		_(RawOrigin::Signed(who), gtin, HASH);

		assert!(Products::<T>::contains_key(gtin));
		Ok(())
	}

	#[benchmark]
	fn create_lot() -> Result<(), BenchmarkError> {
		let maker = Maker::<T>::new()?;
		let lot = lot_number(1);

		#[extrinsic_call]
		_(
			RawOrigin::Signed(maker.who.clone()),
			maker.gtin,
			lot.clone(),
			future_expiry::<T>(),
			1_000_000,
		);

		assert!(Lots::<T>::contains_key(maker.gtin, lot));
		Ok(())
	}

	#[benchmark]
	fn commission(n: Linear<1, { T::MaxCommissionBatch::get() }>) -> Result<(), BenchmarkError> {
		let mut maker = Maker::<T>::new()?;
		let lot = maker.lot(n)?;
		let serials: Vec<Serial> = (0..n).map(serial).collect();

		#[extrinsic_call]
		_(
			RawOrigin::Signed(maker.who.clone()),
			maker.gtin,
			lot.clone(),
			BoundedVec::truncate_from(serials),
		);

		assert_eq!(Lots::<T>::get(maker.gtin, lot).map(|l| l.commissioned), Some(n));
		Ok(())
	}

	/// Packs `n` containers, each holding packs of the same `l` lots, into a new container
	/// (deposit taken), which ends at the maximum height when the children are cases.
	#[benchmark]
	fn pack(
		n: Linear<1, { T::MaxContainerSize::get() }>,
		l: Linear<1, { T::MaxLotsPerContainer::get() }>,
	) -> Result<(), BenchmarkError> {
		let mut maker = Maker::<T>::new()?;
		let lots = maker.lots(l, n)?;
		let mut units = Vec::new();
		for _ in 0..n {
			units.push(maker.unit_with_lots(&lots)?);
		}
		let target = sscc(u32::MAX / 2);

		#[extrinsic_call]
		_(
			RawOrigin::Signed(maker.who.clone()),
			target,
			ContainerKind::Pallet,
			BoundedVec::truncate_from(units),
		);

		assert_eq!(Containers::<T>::get(target).map(|c| c.children), Some(n));
		Ok(())
	}

	/// Unpacks everything from a pallet holding `n` containers, each with the most lots.
	#[benchmark]
	fn unpack(n: Linear<1, { T::MaxContainerSize::get() }>) -> Result<(), BenchmarkError> {
		let mut maker = Maker::<T>::new()?;
		let lots = maker.lots(T::MaxLotsPerContainer::get(), n)?;
		let mut units = Vec::new();
		for _ in 0..n {
			units.push(maker.unit_with_lots(&lots)?);
		}
		let Unit::Container(pallet) = maker.pack(ContainerKind::Pallet, units)? else {
			return Err("packed a container".into());
		};

		#[extrinsic_call]
		_(RawOrigin::Signed(maker.who.clone()), pallet, None);

		assert_eq!(Containers::<T>::get(pallet).map(|c| c.children), Some(0));
		Ok(())
	}

	/// Ships `n` top-level units back to their manufacturer: a full pallet of full cases and
	/// `n - 1` containers, each holding packs of `l` lots of its own, all recalled and each of a
	/// product of its own (every lot and every product read once). The packs inside cost
	/// nothing.
	#[benchmark]
	fn ship(
		n: Linear<1, { T::MaxShipmentUnits::get() }>,
		l: Linear<1, { T::MaxLotsPerContainer::get() }>,
	) -> Result<(), BenchmarkError> {
		let mut maker = Maker::<T>::new()?;
		let (units, seller) = recalled_stock(&mut maker, n, l)?;
		let to = maker.org;
		let id = NextShipmentId::<T>::get();

		#[extrinsic_call]
		_(RawOrigin::Signed(seller), BoundedVec::truncate_from(units), to, HASH, true);

		// The worst case reads the product of every lot shipped: recalled goods going back to
		// their manufacturer.
		let shipment = Shipments::<T>::get(id).ok_or("shipped")?;
		assert_eq!(Some(shipment.to), Products::<T>::get(maker.gtin).map(|p| p.manufacturer));
		Ok(())
	}

	#[benchmark]
	fn receive(n: Linear<1, { T::MaxShipmentUnits::get() }>) -> Result<(), BenchmarkError> {
		let mut maker = Maker::<T>::new()?;
		let (to, receiver) = party::<T>("wholesaler", &[OrgRole::Wholesaler]);
		let id = pending_shipment(&mut maker, n, to)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(receiver), id);

		assert!(matches!(
			Shipments::<T>::get(id).map(|s| s.status),
			Some(ShipmentStatus::Received(_))
		));
		Ok(())
	}

	#[benchmark]
	fn reject(n: Linear<1, { T::MaxShipmentUnits::get() }>) -> Result<(), BenchmarkError> {
		let mut maker = Maker::<T>::new()?;
		let (to, receiver) = party::<T>("wholesaler", &[OrgRole::Wholesaler]);
		let id = pending_shipment(&mut maker, n, to)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(receiver), id);

		assert!(matches!(
			Shipments::<T>::get(id).map(|s| s.status),
			Some(ShipmentStatus::Rejected(_))
		));
		Ok(())
	}

	#[benchmark]
	fn cancel_shipment(n: Linear<1, { T::MaxShipmentUnits::get() }>) -> Result<(), BenchmarkError> {
		let mut maker = Maker::<T>::new()?;
		let (to, _) = party::<T>("wholesaler", &[OrgRole::Wholesaler]);
		let id = pending_shipment(&mut maker, n, to)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(maker.who.clone()), id);

		assert!(matches!(
			Shipments::<T>::get(id).map(|s| s.status),
			Some(ShipmentStatus::Cancelled(_))
		));
		Ok(())
	}

	/// Removes a received shipment of the most packs (the longest unit list).
	#[benchmark]
	fn remove_shipment() -> Result<(), BenchmarkError> {
		let mut maker = Maker::<T>::new()?;
		let (to, receiver) = party::<T>("wholesaler", &[OrgRole::Wholesaler]);
		let lot = maker.lot(T::MaxShipmentUnits::get())?;
		let units = maker.commission(&lot, T::MaxShipmentUnits::get())?;
		let id = NextShipmentId::<T>::get();
		SupplyChain::<T>::do_ship(
			maker.who.clone(),
			BoundedVec::truncate_from(units),
			to,
			HASH,
			true,
		)?;
		SupplyChain::<T>::do_receive(receiver, id)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(maker.who.clone()), id);

		assert!(!Shipments::<T>::contains_key(id));
		Ok(())
	}

	/// Like `ship`: recalled goods sold back to their manufacturer where they lie.
	#[benchmark]
	fn transfer_ownership(
		n: Linear<1, { T::MaxShipmentUnits::get() }>,
		l: Linear<1, { T::MaxLotsPerContainer::get() }>,
	) -> Result<(), BenchmarkError> {
		let mut maker = Maker::<T>::new()?;
		let (units, seller) = recalled_stock(&mut maker, n, l)?;
		let to = maker.org;
		let first = units.first().cloned().ok_or("a unit")?;

		#[extrinsic_call]
		_(RawOrigin::Signed(seller), BoundedVec::truncate_from(units), to, HASH);

		let Unit::Container(sscc) = first else { return Err("a container".into()) };
		assert_eq!(Containers::<T>::get(sscc).map(|c| c.owner), Some(to));
		Ok(())
	}

	#[benchmark]
	fn dispense() -> Result<(), BenchmarkError> {
		let mut maker = Maker::<T>::new()?;
		let (pharmacy, pharmacist) = party::<T>("pharmacy", &[OrgRole::Dispenser]);
		let serial = maker.pack_alone()?;
		let unit = Unit::Pack(maker.gtin, serial.clone());
		let id = NextShipmentId::<T>::get();
		SupplyChain::<T>::do_ship(
			maker.who.clone(),
			BoundedVec::truncate_from(vec![unit.clone()]),
			pharmacy,
			HASH,
			true,
		)?;
		SupplyChain::<T>::do_receive(pharmacist.clone(), id)?;
		fill_history::<T>(&unit);

		#[extrinsic_call]
		_(RawOrigin::Signed(pharmacist), maker.gtin, serial.clone());

		assert_eq!(
			Packs::<T>::get(maker.gtin, serial).map(|p| p.status),
			Some(PackStatus::Dispensed)
		);
		Ok(())
	}

	#[benchmark]
	fn decommission() -> Result<(), BenchmarkError> {
		let mut maker = Maker::<T>::new()?;
		let serial = maker.pack_alone()?;
		fill_history::<T>(&Unit::Pack(maker.gtin, serial.clone()));
		let reason = DecommissionReason::Destroyed;

		#[extrinsic_call]
		_(RawOrigin::Signed(maker.who.clone()), maker.gtin, serial.clone(), reason);

		assert_eq!(
			Packs::<T>::get(maker.gtin, serial).map(|p| p.status),
			Some(PackStatus::Decommissioned(reason))
		);
		Ok(())
	}

	#[benchmark]
	fn undo_decommission() -> Result<(), BenchmarkError> {
		let mut maker = Maker::<T>::new()?;
		let serial = maker.pack_alone()?;
		SupplyChain::<T>::do_decommission(
			maker.who.clone(),
			maker.gtin,
			serial.clone(),
			DecommissionReason::Locked,
		)?;
		fill_history::<T>(&Unit::Pack(maker.gtin, serial.clone()));

		#[extrinsic_call]
		_(RawOrigin::Signed(maker.who.clone()), maker.gtin, serial.clone());

		assert_eq!(Packs::<T>::get(maker.gtin, serial).map(|p| p.status), Some(PackStatus::Active));
		Ok(())
	}

	/// Recalls a lot of a full commissioning batch; the cost does not depend on it.
	#[benchmark]
	fn recall_lot() -> Result<(), BenchmarkError> {
		let mut maker = Maker::<T>::new()?;
		let (_, inspector) = party::<T>("regulator", &[OrgRole::Regulator]);
		let lot = maker.lot(T::MaxCommissionBatch::get())?;
		maker.commission(&lot, T::MaxCommissionBatch::get())?;

		#[extrinsic_call]
		_(RawOrigin::Signed(inspector), maker.gtin, lot.clone(), HASH);

		assert!(Lots::<T>::get(maker.gtin, lot).is_some_and(|l| l.recall.is_some()));
		Ok(())
	}

	/// Marks a pack at the maximum nesting depth suspect: every container around it is updated.
	#[benchmark]
	fn mark_suspect() -> Result<(), BenchmarkError> {
		let mut maker = Maker::<T>::new()?;
		let (serial, containers) = maker.nested_pack()?;
		fill_history::<T>(&Unit::Pack(maker.gtin, serial.clone()));

		#[extrinsic_call]
		_(RawOrigin::Signed(maker.who.clone()), maker.gtin, serial.clone(), HASH);

		for sscc in containers {
			assert_eq!(Containers::<T>::get(sscc).map(|c| c.alerts), Some(1));
		}
		Ok(())
	}

	/// The manufacturer withdraws its own suspicion (which reads who raised it) on a pack at the
	/// maximum nesting depth.
	#[benchmark]
	fn clear_suspect() -> Result<(), BenchmarkError> {
		let mut maker = Maker::<T>::new()?;
		let (serial, containers) = maker.nested_pack()?;
		SupplyChain::<T>::do_mark_suspect(maker.who.clone(), maker.gtin, serial.clone(), HASH)?;
		fill_history::<T>(&Unit::Pack(maker.gtin, serial.clone()));

		#[extrinsic_call]
		_(RawOrigin::Signed(maker.who.clone()), maker.gtin, serial.clone(), HASH);

		for sscc in containers {
			assert_eq!(Containers::<T>::get(sscc).map(|c| c.alerts), Some(0));
		}
		Ok(())
	}

	/// Declares a pack at the maximum nesting depth illegitimate; its history is full of periods
	/// inside other containers, each with its own steps, so that the trace reads as many
	/// container histories as it may and names a new organization at every step.
	#[benchmark]
	fn declare_illegitimate() -> Result<(), BenchmarkError> {
		let mut maker = Maker::<T>::new()?;
		let (_, inspector) = party::<T>("regulator", &[OrgRole::Regulator]);
		let (serial, _) = maker.nested_pack()?;
		let unit = Unit::Pack(maker.gtin, serial.clone());
		// The pack's history: `MaxHistory / 2` periods, each inside a case of its own that
		// itself spent the period on a pallet of its own, which was shipped and received.
		let periods = T::MaxHistory::get() / 2;
		let mut pack_history = Vec::new();
		for p in 0..periods {
			let base = u64::from(p) * 100 + 1_000;
			let case = sscc(1_000_000 + p);
			let pallet = sscc(2_000_000 + p);
			let org = 1_000 + p * 4;
			pack_history.push(HistoryEntry { seq: base, at: 0, step: Step::Packed { into: case } });
			pack_history.push(HistoryEntry {
				seq: base + 90,
				at: 0,
				step: Step::Unpacked { from: case },
			});
			let case_history = vec![
				HistoryEntry { seq: base + 10, at: 0, step: Step::Packed { into: pallet } },
				HistoryEntry { seq: base + 80, at: 0, step: Step::Unpacked { from: pallet } },
			];
			History::<T>::insert(Unit::Container(case), BoundedVec::truncate_from(case_history));
			let pallet_history = vec![
				HistoryEntry {
					seq: base + 20,
					at: 0,
					step: Step::Shipped {
						shipment: u64::from(p),
						from: org,
						to: org + 1,
						transfer_ownership: true,
						ti_hash: HASH,
					},
				},
				HistoryEntry {
					seq: base + 30,
					at: 0,
					step: Step::Received {
						shipment: u64::from(p),
						custodian: org + 2,
						owner: org + 3,
					},
				},
			];
			History::<T>::insert(
				Unit::Container(pallet),
				BoundedVec::truncate_from(pallet_history),
			);
		}
		History::<T>::insert(&unit, BoundedVec::truncate_from(pack_history));
		NextSeq::<T>::put(u64::from(periods) * 100 + 2_000);

		#[extrinsic_call]
		_(RawOrigin::Signed(inspector), maker.gtin, serial.clone(), HASH);

		assert_eq!(
			Packs::<T>::get(maker.gtin, serial).and_then(|p| p.alert),
			Some(AlertKind::Illegitimate)
		);
		Ok(())
	}

	/// A regulator destroys a suspect pack (its check reads the regulator's roles, as an owner's
	/// reads its own), with the pack's history full.
	#[benchmark]
	fn destroy_quarantined() -> Result<(), BenchmarkError> {
		let mut maker = Maker::<T>::new()?;
		let (_, inspector) = party::<T>("regulator", &[OrgRole::Regulator]);
		let serial = maker.pack_alone()?;
		SupplyChain::<T>::do_mark_suspect(maker.who.clone(), maker.gtin, serial.clone(), HASH)?;
		fill_history::<T>(&Unit::Pack(maker.gtin, serial.clone()));

		#[extrinsic_call]
		_(
			RawOrigin::Signed(inspector),
			maker.gtin,
			serial.clone(),
			DestructionReason::SuspicionNotCleared,
		);

		assert_eq!(
			Packs::<T>::get(maker.gtin, serial).map(|p| p.status),
			Some(PackStatus::Decommissioned(DecommissionReason::Destroyed))
		);
		Ok(())
	}

	/// Retires an expired lot of a full commissioning batch, releasing its deposit.
	#[benchmark]
	fn retire_lot() -> Result<(), BenchmarkError> {
		let mut maker = Maker::<T>::new()?;
		let lot = maker.lot(T::MaxCommissionBatch::get())?;
		maker.commission(&lot, T::MaxCommissionBatch::get())?;
		// The chain's clock cannot be moved from here: the lot expired at the epoch instead.
		Lots::<T>::mutate(maker.gtin, &lot, |info| {
			if let Some(info) = info {
				info.expires_at = 0;
			}
		});

		#[extrinsic_call]
		_(RawOrigin::Signed(maker.who.clone()), maker.gtin, lot.clone());

		assert!(RetiredLots::<T>::contains_key(maker.gtin, &lot));
		assert!(!Deposits::<T>::contains_key(DepositKey::Lot(maker.gtin, lot)));
		Ok(())
	}

	/// Reassigns a product to the manufacturer its company prefix moved to.
	#[benchmark]
	fn reassign_product() -> Result<(), BenchmarkError> {
		let maker = Maker::<T>::new()?;
		let (_, inspector) = party::<T>("regulator", &[OrgRole::Regulator]);
		let (successor, _) = party::<T>("successor", &[OrgRole::Manufacturer]);
		T::Organizations::benchmark_company_prefix(successor, GTIN_PREFIX);

		#[extrinsic_call]
		_(RawOrigin::Signed(inspector), maker.gtin, successor, HASH);

		assert_eq!(Products::<T>::get(maker.gtin).map(|p| p.manufacturer), Some(successor));
		Ok(())
	}

	#[benchmark]
	fn deactivate_product() -> Result<(), BenchmarkError> {
		let maker = Maker::<T>::new()?;
		let (_, inspector) = party::<T>("regulator", &[OrgRole::Regulator]);

		#[extrinsic_call]
		_(RawOrigin::Signed(inspector), maker.gtin, HASH);

		assert!(DeactivatedProducts::<T>::contains_key(maker.gtin));
		Ok(())
	}

	impl_benchmark_test_suite!(SupplyChain, crate::mock::new_test_ext(), crate::mock::Test);
}
