//! The calls' logic and the helpers they share.

use crate::{gs1, pallet::*, types::*};
use alloc::{
	collections::{BTreeMap, BTreeSet},
	vec::Vec,
};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{fungible::MutateHold, Time},
};
use healthchain_primitives::{MemberRole, Moment, OrgId, OrgRole, OrganizationsInspect};
use sp_runtime::{
	traits::{Saturating, Zero},
	DispatchError,
};

/// The organization roles that trade goods: they may hold, pack, ship and receive packs.
pub(crate) const TRADING_ROLES: [OrgRole; 4] =
	[OrgRole::Manufacturer, OrgRole::Wholesaler, OrgRole::Dispenser, OrgRole::Logistics];

/// What a member (other than the organization's admin) must be entitled to for a call.
#[derive(Clone, Copy)]
pub(crate) enum Duty {
	/// Handling goods: `Logistics` or `Pharmacist`.
	Goods,
	/// Dispensing: `Pharmacist`.
	Dispense,
	/// An authority's decision (recall, suspect outcome): `Auditor`.
	Authority,
}

impl Duty {
	pub(crate) fn member_roles(self) -> &'static [MemberRole] {
		match self {
			Duty::Goods => &[MemberRole::Logistics, MemberRole::Pharmacist],
			Duty::Dispense => &[MemberRole::Pharmacist],
			Duty::Authority => &[MemberRole::Auditor],
		}
	}
}

/// A pack or a container read from storage, handled alike where custody is concerned.
pub(crate) enum UnitRecord<T: Config> {
	/// A pack.
	Pack(Gtin, Serial, Pack),
	/// A container.
	Container(Sscc, ContainerOf<T>),
}

impl<T: Config> UnitRecord<T> {
	/// Reads `unit`.
	pub(crate) fn load(unit: &Unit) -> Result<Self, DispatchError> {
		Ok(match unit {
			Unit::Pack(gtin, serial) => Self::Pack(
				*gtin,
				serial.clone(),
				Packs::<T>::get(gtin, serial).ok_or(Error::<T>::PackNotFound)?,
			),
			Unit::Container(sscc) => Self::Container(
				*sscc,
				Containers::<T>::get(sscc).ok_or(Error::<T>::ContainerNotFound)?,
			),
		})
	}

	/// Writes it back.
	pub(crate) fn save(self) {
		match self {
			Self::Pack(gtin, serial, pack) => Packs::<T>::insert(gtin, serial, pack),
			Self::Container(sscc, container) => Containers::<T>::insert(sscc, container),
		}
	}

	pub(crate) fn status(&self) -> PackStatus {
		match self {
			Self::Pack(_, _, p) => p.status,
			Self::Container(_, c) => c.status,
		}
	}

	pub(crate) fn set_status(&mut self, status: PackStatus) {
		match self {
			Self::Pack(_, _, p) => p.status = status,
			Self::Container(_, c) => c.status = status,
		}
	}

	pub(crate) fn owner(&self) -> OrgId {
		match self {
			Self::Pack(_, _, p) => p.owner,
			Self::Container(_, c) => c.owner,
		}
	}

	pub(crate) fn custodian(&self) -> OrgId {
		match self {
			Self::Pack(_, _, p) => p.custodian,
			Self::Container(_, c) => c.custodian,
		}
	}

	pub(crate) fn set_holders(&mut self, owner: OrgId, custodian: OrgId) {
		match self {
			Self::Pack(_, _, p) => {
				p.owner = owner;
				p.custodian = custodian;
			},
			Self::Container(_, c) => {
				c.owner = owner;
				c.custodian = custodian;
			},
		}
	}

	pub(crate) fn parent(&self) -> Option<Sscc> {
		match self {
			Self::Pack(_, _, p) => p.parent,
			Self::Container(_, c) => c.parent,
		}
	}

	pub(crate) fn set_parent(&mut self, parent: Option<Sscc>) {
		match self {
			Self::Pack(_, _, p) => p.parent = parent,
			Self::Container(_, c) => c.parent = parent,
		}
	}
}

/// Recall and expiry of the lots met during one call, each lot read once.
pub(crate) struct LotChecker<T: Config> {
	now: Moment,
	lots: BTreeMap<(Gtin, LotNumber), (bool, bool)>,
	makers: BTreeMap<Gtin, OrgId>,
	_config: PhantomData<T>,
}

impl<T: Config> LotChecker<T> {
	pub(crate) fn new(now: Moment) -> Self {
		Self { now, lots: BTreeMap::new(), makers: BTreeMap::new(), _config: PhantomData }
	}

	/// The manufacturer of the product `gtin`, read once per call.
	pub(crate) fn manufacturer(&mut self, gtin: Gtin) -> Result<OrgId, DispatchError> {
		if let Some(maker) = self.makers.get(&gtin) {
			return Ok(*maker);
		}
		let maker = Products::<T>::get(gtin).ok_or(Error::<T>::ProductNotFound)?.manufacturer;
		self.makers.insert(gtin, maker);
		Ok(maker)
	}

	/// Whether the lot is (recalled, expired).
	fn flags(&mut self, gtin: Gtin, lot: &LotNumber) -> Result<(bool, bool), DispatchError> {
		if let Some(flags) = self.lots.get(&(gtin, lot.clone())) {
			return Ok(*flags);
		}
		let info = Lots::<T>::get(gtin, lot).ok_or(Error::<T>::LotNotFound)?;
		let flags = (info.recall.is_some(), self.now >= info.expires_at);
		self.lots.insert((gtin, lot.clone()), flags);
		Ok(flags)
	}

	/// Fails when packs of the lot may not move: recalled or expired, unless they go back to
	/// the product's manufacturer (`return_to`).
	pub(crate) fn ensure_movable(
		&mut self,
		gtin: Gtin,
		lot: &LotNumber,
		return_to: Option<OrgId>,
	) -> DispatchResult {
		let (recalled, expired) = self.flags(gtin, lot)?;
		if !recalled && !expired {
			return Ok(());
		}
		if let Some(to) = return_to {
			if self.manufacturer(gtin)? == to {
				return Ok(());
			}
		}
		ensure!(!recalled, Error::<T>::Recalled);
		Err(Error::<T>::Expired.into())
	}
}

impl<T: Config> Pallet<T> {
	// ---- Who is acting ----------------------------------------------------------------------

	/// The active organization `who` belongs to.
	fn organization(who: &T::AccountId) -> Result<OrgId, DispatchError> {
		let org = T::Organizations::organization_of(who).ok_or(Error::<T>::NotAMember)?;
		ensure!(T::Organizations::is_active(org), Error::<T>::OrganizationNotActive);
		Ok(org)
	}

	/// Fails unless `who` is the admin of `org` or a member entitled to `duty`.
	fn ensure_member(org: OrgId, who: &T::AccountId, duty: Duty) -> DispatchResult {
		if T::Organizations::is_admin(org, who) {
			return Ok(());
		}
		ensure!(
			T::Organizations::member_has_any_role(org, who, duty.member_roles()),
			Error::<T>::MemberRoleMissing
		);
		Ok(())
	}

	/// The active organization holding one of `roles` that `who` acts for in `duty`.
	pub(crate) fn acting(
		who: &T::AccountId,
		roles: &[OrgRole],
		duty: Duty,
	) -> Result<OrgId, DispatchError> {
		let org = Self::organization(who)?;
		ensure!(
			roles.iter().any(|role| T::Organizations::holds_role(org, *role)),
			Error::<T>::RoleNotHeld
		);
		Self::ensure_member(org, who, duty)?;
		Ok(org)
	}

	/// The organization holding one of `roles` that `who` acts for in `duty`, whatever its
	/// status: only for calls that give back what the organization paid (a closed shipment's
	/// deposit), which a suspension or revocation must not strand.
	fn acting_in_any_status(
		who: &T::AccountId,
		roles: &[OrgRole],
		duty: Duty,
	) -> Result<OrgId, DispatchError> {
		let org = T::Organizations::organization_of(who).ok_or(Error::<T>::NotAMember)?;
		ensure!(
			roles.iter().any(|role| T::Organizations::holds_role(org, *role)),
			Error::<T>::RoleNotHeld
		);
		Self::ensure_member(org, who, duty)?;
		Ok(org)
	}

	/// The active organization `who` acts for as a regulator (admin or `Auditor` member) or as a
	/// trading partner (goods handler), and whether it is a regulator.
	fn acting_as_regulator_or_partner(who: &T::AccountId) -> Result<(OrgId, bool), DispatchError> {
		let org = Self::organization(who)?;
		let regulator = T::Organizations::holds_role(org, OrgRole::Regulator);
		if regulator {
			Self::ensure_member(org, who, Duty::Authority)?;
		} else {
			ensure!(
				TRADING_ROLES.iter().any(|role| T::Organizations::holds_role(org, *role)),
				Error::<T>::RoleNotHeld
			);
			Self::ensure_member(org, who, Duty::Goods)?;
		}
		Ok((org, regulator))
	}

	/// The pack `(gtin, serial)` and the organization `who` acts for as an authority over it
	/// (its product's manufacturer or a regulator): the checks of clearing a suspect pack and
	/// declaring one illegitimate.
	fn pack_under_authority(
		who: &T::AccountId,
		gtin: &Gtin,
		serial: &Serial,
	) -> Result<(Pack, OrgId), DispatchError> {
		Self::check_pack_id(gtin, serial)?;
		let pack = Packs::<T>::get(gtin, serial).ok_or(Error::<T>::PackNotFound)?;
		let product = Products::<T>::get(gtin).ok_or(Error::<T>::ProductNotFound)?;
		let org = Self::acting_as_authority(who, &product)?;
		Ok((pack, org))
	}

	/// The organization `who` acts for as an authority over `product`: its manufacturer or a
	/// regulator.
	fn acting_as_authority(who: &T::AccountId, product: &Product) -> Result<OrgId, DispatchError> {
		let org = Self::organization(who)?;
		let is_maker =
			product.manufacturer == org && T::Organizations::holds_role(org, OrgRole::Manufacturer);
		ensure!(
			is_maker || T::Organizations::holds_role(org, OrgRole::Regulator),
			Error::<T>::NotAuthority
		);
		Self::ensure_member(org, who, Duty::Authority)?;
		Ok(org)
	}

	// ---- Identifiers ------------------------------------------------------------------------

	pub(crate) fn check_gtin(gtin: &Gtin) -> DispatchResult {
		ensure!(gs1::is_valid_gtin(gtin), Error::<T>::InvalidGtin);
		Ok(())
	}

	pub(crate) fn check_serial(serial: &Serial) -> DispatchResult {
		ensure!(gs1::is_gs1_text(serial, MAX_SERIAL_LEN as usize), Error::<T>::InvalidSerial);
		Ok(())
	}

	pub(crate) fn check_lot(lot: &LotNumber) -> DispatchResult {
		ensure!(gs1::is_gs1_text(lot, MAX_LOT_LEN as usize), Error::<T>::InvalidLotNumber);
		Ok(())
	}

	pub(crate) fn check_sscc(sscc: &Sscc) -> DispatchResult {
		ensure!(gs1::is_valid_sscc(sscc), Error::<T>::InvalidSscc);
		Ok(())
	}

	fn check_pack_id(gtin: &Gtin, serial: &Serial) -> DispatchResult {
		Self::check_gtin(gtin)?;
		Self::check_serial(serial)
	}

	/// Checks every unit's identifiers and that none appears twice.
	fn check_units(units: &[Unit]) -> DispatchResult {
		ensure!(!units.is_empty(), Error::<T>::NoUnits);
		let mut seen = BTreeSet::new();
		for unit in units {
			match unit {
				Unit::Pack(gtin, serial) => Self::check_pack_id(gtin, serial)?,
				Unit::Container(sscc) => Self::check_sscc(sscc)?,
			}
			ensure!(seen.insert(unit), Error::<T>::DuplicateUnit);
		}
		Ok(())
	}

	// ---- Shared state helpers ---------------------------------------------------------------

	pub(crate) fn now() -> Moment {
		T::Time::now()
	}

	/// The next position in the order of recorded events (the first is 1).
	pub(crate) fn next_seq() -> Result<Seq, DispatchError> {
		NextSeq::<T>::try_mutate(|next| {
			*next = next.checked_add(1).ok_or(Error::<T>::IdsExhausted)?;
			Ok(*next)
		})
	}

	/// Appends a step to a unit's history, dropping the oldest entry when full.
	pub(crate) fn record(unit: &Unit, seq: Seq, at: Moment, step: Step) {
		let entry = HistoryEntry { seq, at, step };
		if History::<T>::try_append(unit, &entry).is_err() {
			History::<T>::mutate(unit, |history| {
				// The history is full (`MaxHistory` >= 2, checked by `integrity_test`), so this
				// drops the oldest entry and appends the new one.
				let _ = history.force_insert_keep_right(history.len(), entry);
			});
			HistoryDropped::<T>::mutate(unit, |dropped| *dropped = dropped.saturating_add(1));
		}
	}

	/// Holds a deposit for `key` from the admin account of `org`, the organization the item
	/// belongs to, never from the employee who signed. The payer is stored: should the
	/// organization's admin change, the deposit stays with the account that paid it and goes
	/// back to that account.
	fn hold_deposit(
		org: OrgId,
		key: DepositKey,
		reason: HoldReason,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		let payer = T::Organizations::admin(org).ok_or(Error::<T>::NoAdmin)?;
		if !amount.is_zero() {
			T::Currency::hold(&reason.into(), &payer, amount)?;
		}
		Deposits::<T>::insert(key, Deposit { who: payer, amount });
		Ok(())
	}

	/// Releases the deposit held for `key` to the account that paid it, if any.
	fn release_deposit(key: &DepositKey, reason: HoldReason) -> Option<DepositOf<T>> {
		let deposit = Deposits::<T>::take(key)?;
		// Best effort: the whole amount is on hold under this reason unless something outside
		// this pallet released it, in which case there is nothing more to give back.
		healthchain_primitives::deposit::release_deposit::<T::AccountId, T::Currency>(
			&reason.into(),
			&deposit.who,
			deposit.amount,
		);
		Self::deposit_event(Event::DepositReleased {
			key: key.clone(),
			who: deposit.who.clone(),
			amount: deposit.amount,
		});
		Some(deposit)
	}

	/// The containers around a unit whose parent is `parent`, innermost first.
	pub(crate) fn ancestors(
		mut parent: Option<Sscc>,
	) -> Result<Vec<(Sscc, ContainerOf<T>)>, DispatchError> {
		let mut chain = Vec::new();
		while let Some(sscc) = parent {
			ensure!(chain.len() < T::MaxNestingDepth::get() as usize, Error::<T>::NestingTooDeep);
			let container = Containers::<T>::get(sscc).ok_or(Error::<T>::ContainerNotFound)?;
			parent = container.parent;
			chain.push((sscc, container));
		}
		Ok(chain)
	}

	/// Adds a pack's or a container's quarantined count to every container around it.
	fn adjust_alerts(parent: Option<Sscc>, add: bool) -> DispatchResult {
		for (sscc, mut container) in Self::ancestors(parent)? {
			container.alerts = if add {
				container.alerts.checked_add(1).ok_or(Error::<T>::Overflow)?
			} else {
				container.alerts.saturating_sub(1)
			};
			Containers::<T>::insert(sscc, container);
		}
		Ok(())
	}

	fn add_lot(
		lots: &mut BoundedVec<LotCount, T::MaxLotsPerContainer>,
		gtin: Gtin,
		lot: &LotNumber,
		packs: u32,
	) -> DispatchResult {
		if let Some(entry) = lots.iter_mut().find(|e| e.gtin == gtin && e.lot == *lot) {
			entry.packs = entry.packs.checked_add(packs).ok_or(Error::<T>::Overflow)?;
		} else {
			lots.try_push(LotCount { gtin, lot: lot.clone(), packs })
				.map_err(|_| Error::<T>::TooManyLots)?;
		}
		Ok(())
	}

	fn remove_lot(
		lots: &mut BoundedVec<LotCount, T::MaxLotsPerContainer>,
		gtin: Gtin,
		lot: &LotNumber,
		packs: u32,
	) {
		if let Some(entry) = lots.iter_mut().find(|e| e.gtin == gtin && e.lot == *lot) {
			entry.packs = entry.packs.saturating_sub(packs);
		}
		lots.retain(|e| e.packs > 0);
	}

	/// Fails unless a pack's own state lets it move or end: active and not quarantined.
	fn ensure_pack_movable(pack: &Pack) -> DispatchResult {
		match pack.status {
			PackStatus::Active => {},
			PackStatus::InTransit(_) => return Err(Error::<T>::InTransit.into()),
			PackStatus::Dispensed | PackStatus::Decommissioned(_) => {
				return Err(Error::<T>::NotActive.into())
			},
		}
		match pack.alert {
			None => Ok(()),
			Some(AlertKind::Suspect) => Err(Error::<T>::Suspect.into()),
			Some(AlertKind::Illegitimate) => Err(Error::<T>::Illegitimate.into()),
		}
	}

	/// Reads a top-level pack held by `org`, ready to end its trade life.
	fn held_top_level_pack(
		gtin: &Gtin,
		serial: &Serial,
		org: OrgId,
	) -> Result<Pack, DispatchError> {
		let pack = Packs::<T>::get(gtin, serial).ok_or(Error::<T>::PackNotFound)?;
		ensure!(pack.parent.is_none(), Error::<T>::InContainer);
		ensure!(pack.custodian == org, Error::<T>::NotCustodian);
		Self::ensure_pack_movable(&pack)?;
		Ok(pack)
	}

	// ---- Products, lots, commissioning ------------------------------------------------------

	pub(crate) fn do_register_product(
		who: T::AccountId,
		gtin: Gtin,
		metadata: DocHash,
	) -> DispatchResult {
		Self::check_gtin(&gtin)?;
		ensure!(!gs1::is_restricted_gtin(&gtin), Error::<T>::RestrictedGtin);
		let org = Self::acting(&who, &[OrgRole::Manufacturer], Duty::Goods)?;
		ensure!(
			T::Organizations::holds_company_prefix(org, gs1::gtin_company_digits(&gtin)),
			Error::<T>::GtinNotOfCompanyPrefix
		);
		ensure!(!Products::<T>::contains_key(gtin), Error::<T>::ProductAlreadyRegistered);
		Self::hold_deposit(
			org,
			DepositKey::Product(gtin),
			HoldReason::ProductDeposit,
			T::ProductDeposit::get(),
		)?;
		Products::<T>::insert(
			gtin,
			Product { manufacturer: org, metadata, registered_at: Self::now() },
		);
		Self::deposit_event(Event::ProductRegistered { gtin, manufacturer: org, metadata, who });
		Ok(())
	}

	pub(crate) fn do_create_lot(
		who: T::AccountId,
		gtin: Gtin,
		lot: LotNumber,
		expiry: ExpiryDate,
		quantity: u32,
	) -> DispatchResult {
		Self::check_gtin(&gtin)?;
		Self::check_lot(&lot)?;
		let now = Self::now();
		let expires_at = gs1::expiry_end(&expiry, now).ok_or(Error::<T>::InvalidExpiry)?;
		ensure!(now < expires_at, Error::<T>::Expired);
		ensure!(quantity > 0, Error::<T>::ZeroQuantity);
		let org = Self::acting(&who, &[OrgRole::Manufacturer], Duty::Goods)?;
		let product = Products::<T>::get(gtin).ok_or(Error::<T>::ProductNotFound)?;
		ensure!(product.manufacturer == org, Error::<T>::NotProductManufacturer);
		ensure!(!DeactivatedProducts::<T>::contains_key(gtin), Error::<T>::ProductDeactivated);
		ensure!(!Lots::<T>::contains_key(gtin, &lot), Error::<T>::LotAlreadyExists);
		let deposit = T::LotDeposit::get()
			.saturating_add(T::PackDeposit::get().saturating_mul(quantity.into()));
		Self::hold_deposit(
			org,
			DepositKey::Lot(gtin, lot.clone()),
			HoldReason::LotDeposit,
			deposit,
		)?;
		Lots::<T>::insert(
			gtin,
			&lot,
			Lot { expiry, expires_at, quantity, commissioned: 0, created_at: now, recall: None },
		);
		LotManufacturers::<T>::insert(gtin, &lot, org);
		Self::deposit_event(Event::LotCreated {
			gtin,
			lot,
			expiry,
			quantity,
			manufacturer: org,
			who,
		});
		Ok(())
	}

	pub(crate) fn do_commission(
		who: T::AccountId,
		gtin: Gtin,
		lot: LotNumber,
		serials: SerialsOf<T>,
	) -> DispatchResult {
		Self::check_gtin(&gtin)?;
		Self::check_lot(&lot)?;
		ensure!(!serials.is_empty(), Error::<T>::NoSerials);
		let mut seen = BTreeSet::new();
		for serial in serials.iter() {
			Self::check_serial(serial)?;
			ensure!(seen.insert(serial), Error::<T>::DuplicateSerial);
		}
		let org = Self::acting(&who, &[OrgRole::Manufacturer], Duty::Goods)?;
		let product = Products::<T>::get(gtin).ok_or(Error::<T>::ProductNotFound)?;
		ensure!(product.manufacturer == org, Error::<T>::NotProductManufacturer);
		ensure!(!DeactivatedProducts::<T>::contains_key(gtin), Error::<T>::ProductDeactivated);
		ensure!(
			LotManufacturers::<T>::get(gtin, &lot).is_none_or(|maker| maker == org),
			Error::<T>::LotOfAnotherManufacturer
		);
		let now = Self::now();
		Lots::<T>::try_mutate(gtin, &lot, |maybe_lot| -> DispatchResult {
			let info = maybe_lot.as_mut().ok_or(Error::<T>::LotNotFound)?;
			ensure!(info.recall.is_none(), Error::<T>::Recalled);
			ensure!(now < info.expires_at, Error::<T>::Expired);
			let commissioned = info
				.commissioned
				.checked_add(serials.len() as u32)
				.filter(|total| *total <= info.quantity)
				.ok_or(Error::<T>::LotQuantityExceeded)?;
			for serial in serials.iter() {
				ensure!(!Packs::<T>::contains_key(gtin, serial), Error::<T>::PackAlreadyExists);
			}
			let pack = Pack {
				lot: lot.clone(),
				status: PackStatus::Active,
				owner: org,
				custodian: org,
				parent: None,
				alert: None,
				ended: None,
				commissioned_at: now,
			};
			for serial in serials.iter() {
				Packs::<T>::insert(gtin, serial, pack.clone());
			}
			info.commissioned = commissioned;
			Ok(())
		})?;
		Self::deposit_event(Event::Commissioned { gtin, lot, serials, manufacturer: org, who });
		Ok(())
	}

	// ---- Aggregation ------------------------------------------------------------------------

	pub(crate) fn do_pack(
		who: T::AccountId,
		sscc: Sscc,
		kind: ContainerKind,
		units: ContainerUnitsOf<T>,
	) -> DispatchResult {
		Self::check_sscc(&sscc)?;
		Self::check_units(&units)?;
		let org = Self::acting(&who, &TRADING_ROLES, Duty::Goods)?;
		let now = Self::now();
		let existing = Containers::<T>::get(sscc);
		let created = existing.is_none();
		ensure!(
			!created
				|| T::Organizations::holds_company_prefix(org, gs1::sscc_company_digits(&sscc)),
			Error::<T>::SsccNotOfCompanyPrefix
		);
		let mut container = match existing {
			Some(container) => {
				ensure!(container.parent.is_none(), Error::<T>::InContainer);
				ensure!(container.kind == kind, Error::<T>::ContainerKindMismatch);
				ensure!(container.custodian == org, Error::<T>::NotCustodian);
				ensure!(container.owner == org, Error::<T>::NotOwner);
				ensure!(container.status == PackStatus::Active, Error::<T>::InTransit);
				container
			},
			None => Container {
				kind,
				owner: org,
				custodian: org,
				parent: None,
				children: 0,
				height: 0,
				status: PackStatus::Active,
				lots: BoundedVec::new(),
				alerts: 0,
				created_at: now,
			},
		};
		let children = container
			.children
			.checked_add(units.len() as u32)
			.filter(|n| *n <= T::MaxContainerSize::get())
			.ok_or(Error::<T>::ContainerFull)?;
		let max_depth = T::MaxNestingDepth::get();
		let seq = Self::next_seq()?;
		// Recalled and expired goods are packed too (for their return): packing moves nothing,
		// and every shipment or sale checks each lot inside against its destination.
		for unit in units.iter() {
			ensure!(*unit != Unit::Container(sscc), Error::<T>::CannotPackIntoItself);
			let mut record = UnitRecord::<T>::load(unit)?;
			ensure!(record.parent().is_none(), Error::<T>::InContainer);
			ensure!(record.custodian() == org, Error::<T>::NotCustodian);
			ensure!(record.owner() == org, Error::<T>::NotOwner);
			match &record {
				UnitRecord::Pack(gtin, _, pack) => {
					Self::ensure_pack_movable(pack)?;
					Self::add_lot(&mut container.lots, *gtin, &pack.lot, 1)?;
					container.height = container.height.max(1);
				},
				UnitRecord::Container(_, inner) => {
					ensure!(inner.status == PackStatus::Active, Error::<T>::InTransit);
					ensure!(inner.alerts == 0, Error::<T>::Suspect);
					for entry in inner.lots.iter() {
						Self::add_lot(&mut container.lots, entry.gtin, &entry.lot, entry.packs)?;
					}
					let height = inner
						.height
						.checked_add(1)
						.filter(|h| u32::from(*h) <= max_depth)
						.ok_or(Error::<T>::NestingTooDeep)?;
					container.height = container.height.max(height);
				},
			}
			record.set_parent(Some(sscc));
			record.save();
			ContainerContents::<T>::insert(sscc, unit, ());
			Self::record(unit, seq, now, Step::Packed { into: sscc });
		}
		container.children = children;
		// A new container, or one emptied since (its deposit went back), is paid for again.
		if !Deposits::<T>::contains_key(DepositKey::Container(sscc)) {
			Self::hold_deposit(
				org,
				DepositKey::Container(sscc),
				HoldReason::ContainerDeposit,
				T::ContainerDeposit::get(),
			)?;
		}
		Containers::<T>::insert(sscc, container);
		Self::deposit_event(Event::Packed { sscc, kind, created, units, by: org, who });
		Ok(())
	}

	/// Unpacks; returns the number of units taken out, for the weight.
	pub(crate) fn do_unpack(
		who: T::AccountId,
		sscc: Sscc,
		units: Option<ContainerUnitsOf<T>>,
	) -> Result<u32, DispatchError> {
		Self::check_sscc(&sscc)?;
		if let Some(units) = &units {
			Self::check_units(units)?;
		}
		let org = Self::acting(&who, &TRADING_ROLES, Duty::Goods)?;
		let mut container = Containers::<T>::get(sscc).ok_or(Error::<T>::ContainerNotFound)?;
		ensure!(container.parent.is_none(), Error::<T>::InContainer);
		ensure!(container.custodian == org, Error::<T>::NotCustodian);
		ensure!(container.status == PackStatus::Active, Error::<T>::InTransit);
		let units = match units {
			Some(units) => units,
			None => {
				ensure!(container.children > 0, Error::<T>::ContainerEmpty);
				// `children` <= `MaxContainerSize`, so `take` loses nothing.
				BoundedVec::truncate_from(
					ContainerContents::<T>::iter_key_prefix(sscc)
						.take(T::MaxContainerSize::get() as usize)
						.collect::<Vec<_>>(),
				)
			},
		};
		let now = Self::now();
		let seq = Self::next_seq()?;
		for unit in units.iter() {
			ensure!(ContainerContents::<T>::contains_key(sscc, unit), Error::<T>::NotInContainer);
			ContainerContents::<T>::remove(sscc, unit);
			let mut record = UnitRecord::<T>::load(unit)?;
			match &record {
				UnitRecord::Pack(gtin, _, pack) => {
					Self::remove_lot(&mut container.lots, *gtin, &pack.lot, 1);
					if pack.alert.is_some() {
						container.alerts = container.alerts.saturating_sub(1);
					}
				},
				UnitRecord::Container(_, inner) => {
					for entry in inner.lots.iter() {
						Self::remove_lot(&mut container.lots, entry.gtin, &entry.lot, entry.packs);
					}
					container.alerts = container.alerts.saturating_sub(inner.alerts);
				},
			}
			// Inference ends here: the unit takes its container's state as its own.
			record.set_parent(None);
			record.set_holders(container.owner, container.custodian);
			record.set_status(container.status);
			record.save();
			Self::record(unit, seq, now, Step::Unpacked { from: sscc });
		}
		container.children = container.children.saturating_sub(units.len() as u32);
		if container.children == 0 {
			container.height = 0;
			// An empty container holds nothing: its deposit goes back to whoever paid it, and
			// whoever packs it again pays again.
			Self::release_deposit(&DepositKey::Container(sscc), HoldReason::ContainerDeposit);
		}
		Containers::<T>::insert(sscc, container);
		let count = units.len() as u32;
		Self::deposit_event(Event::Unpacked { sscc, units, by: org, who });
		Ok(count)
	}

	// ---- Custody ----------------------------------------------------------------------------

	pub(crate) fn do_ship(
		who: T::AccountId,
		units: ShipmentUnitsOf<T>,
		to: OrgId,
		ti_hash: DocHash,
		transfer_ownership: bool,
	) -> DispatchResult {
		Self::check_units(&units)?;
		let org = Self::acting(&who, &TRADING_ROLES, Duty::Goods)?;
		Self::ensure_trading_partner(org, to)?;
		let id = NextShipmentId::<T>::get();
		let next_id = id.checked_add(1).ok_or(Error::<T>::IdsExhausted)?;
		let now = Self::now();
		let seq = Self::next_seq()?;
		let mut lots = LotChecker::<T>::new(now);
		let alone = units.len() == 1;
		for unit in units.iter() {
			let mut record = UnitRecord::<T>::load(unit)?;
			ensure!(record.parent().is_none(), Error::<T>::InContainer);
			ensure!(record.custodian() == org, Error::<T>::NotCustodian);
			// A custodian that does not own the goods ships them only to their owner.
			ensure!(
				record.owner() == org || (!transfer_ownership && record.owner() == to),
				Error::<T>::NotOwner
			);
			Self::ensure_shippable(&record, &mut lots, to, alone)?;
			record.set_status(PackStatus::InTransit(id));
			record.save();
			Self::record(
				unit,
				seq,
				now,
				Step::Shipped { shipment: id, from: org, to, transfer_ownership, ti_hash },
			);
		}
		Self::hold_deposit(
			org,
			DepositKey::Shipment(id),
			HoldReason::ShipmentDeposit,
			T::ShipmentDeposit::get(),
		)?;
		Shipments::<T>::insert(
			id,
			Shipment {
				from: org,
				to,
				units: units.clone(),
				ti_hash,
				transfer_ownership,
				status: ShipmentStatus::Pending,
				created_at: now,
			},
		);
		NextShipmentId::<T>::put(next_id);
		Self::deposit_event(Event::Shipped {
			shipment: id,
			from: org,
			to,
			units,
			ti_hash,
			transfer_ownership,
			who,
		});
		Ok(())
	}

	/// Checks that a top-level unit may be shipped to `to`: as [`Self::ensure_tradeable`], except
	/// that a quarantined pack (suspect or illegitimate) goes back to its product's manufacturer,
	/// for investigation or destruction, in a shipment of its own (`alone`).
	fn ensure_shippable(
		record: &UnitRecord<T>,
		lots: &mut LotChecker<T>,
		to: OrgId,
		alone: bool,
	) -> DispatchResult {
		if let UnitRecord::Pack(gtin, _, pack) = record {
			if pack.alert.is_some()
				&& pack.status == PackStatus::Active
				&& lots.manufacturer(*gtin)? == to
			{
				ensure!(alone, Error::<T>::QuarantinedNotAlone);
				return Ok(());
			}
		}
		Self::ensure_tradeable(record, lots, to)
	}

	/// Checks that a top-level unit may be traded to `to`: active, not quarantined (nor holding
	/// quarantined packs), and neither recalled nor expired unless `to` is the manufacturer.
	fn ensure_tradeable(
		record: &UnitRecord<T>,
		lots: &mut LotChecker<T>,
		to: OrgId,
	) -> DispatchResult {
		match record {
			UnitRecord::Pack(gtin, _, pack) => {
				Self::ensure_pack_movable(pack)?;
				lots.ensure_movable(*gtin, &pack.lot, Some(to))
			},
			UnitRecord::Container(_, container) => {
				ensure!(container.status == PackStatus::Active, Error::<T>::InTransit);
				ensure!(container.alerts == 0, Error::<T>::Suspect);
				// Once per distinct lot inside, never per pack.
				for entry in container.lots.iter() {
					lots.ensure_movable(entry.gtin, &entry.lot, Some(to))?;
				}
				Ok(())
			},
		}
	}

	/// Fails unless `to` may receive goods from `org`: another, active trading partner.
	fn ensure_trading_partner(org: OrgId, to: OrgId) -> DispatchResult {
		ensure!(to != org, Error::<T>::ShipToSelf);
		ensure!(
			T::Organizations::is_active(to)
				&& TRADING_ROLES.iter().any(|role| T::Organizations::holds_role(to, *role)),
			Error::<T>::RecipientNotEligible
		);
		Ok(())
	}

	pub(crate) fn do_transfer_ownership(
		who: T::AccountId,
		units: ShipmentUnitsOf<T>,
		to: OrgId,
		ti_hash: DocHash,
	) -> DispatchResult {
		Self::check_units(&units)?;
		let org = Self::acting(&who, &TRADING_ROLES, Duty::Goods)?;
		Self::ensure_trading_partner(org, to)?;
		let now = Self::now();
		let seq = Self::next_seq()?;
		let mut lots = LotChecker::<T>::new(now);
		for unit in units.iter() {
			let mut record = UnitRecord::<T>::load(unit)?;
			ensure!(record.parent().is_none(), Error::<T>::InContainer);
			ensure!(record.owner() == org, Error::<T>::NotOwner);
			Self::ensure_tradeable(&record, &mut lots, to)?;
			let custodian = record.custodian();
			record.set_holders(to, custodian);
			record.save();
			Self::record(unit, seq, now, Step::OwnershipTransferred { from: org, to, ti_hash });
		}
		Self::deposit_event(Event::OwnershipTransferred { from: org, to, units, ti_hash, who });
		Ok(())
	}

	/// Receives a shipment; returns the number of units, for the weight.
	pub(crate) fn do_receive(who: T::AccountId, id: ShipmentId) -> Result<u32, DispatchError> {
		let org = Self::acting(&who, &TRADING_ROLES, Duty::Goods)?;
		let mut shipment = Shipments::<T>::get(id).ok_or(Error::<T>::ShipmentNotFound)?;
		ensure!(shipment.to == org, Error::<T>::NotAddressee);
		ensure!(shipment.status == ShipmentStatus::Pending, Error::<T>::ShipmentNotPending);
		let now = Self::now();
		let seq = Self::next_seq()?;
		for unit in shipment.units.iter() {
			let mut record = UnitRecord::<T>::load(unit)?;
			ensure!(record.status() == PackStatus::InTransit(id), Error::<T>::ShipmentNotPending);
			let owner = if shipment.transfer_ownership { org } else { record.owner() };
			record.set_holders(owner, org);
			record.set_status(PackStatus::Active);
			record.save();
			Self::record(unit, seq, now, Step::Received { shipment: id, custodian: org, owner });
		}
		shipment.status = ShipmentStatus::Received(now);
		let units = shipment.units.len() as u32;
		let (from, ownership_transferred) = (shipment.from, shipment.transfer_ownership);
		Shipments::<T>::insert(id, shipment);
		Self::deposit_event(Event::Received {
			shipment: id,
			from,
			to: org,
			ownership_transferred,
			who,
		});
		Ok(units)
	}

	/// Rejects (by the addressee) or cancels (by the sender) a shipment: the units are active
	/// again at the sender. Returns the number of units, for the weight.
	pub(crate) fn do_return(
		who: T::AccountId,
		id: ShipmentId,
		cancel: bool,
	) -> Result<u32, DispatchError> {
		let org = Self::acting(&who, &TRADING_ROLES, Duty::Goods)?;
		let mut shipment = Shipments::<T>::get(id).ok_or(Error::<T>::ShipmentNotFound)?;
		if cancel {
			ensure!(shipment.from == org, Error::<T>::NotShipper);
		} else {
			ensure!(shipment.to == org, Error::<T>::NotAddressee);
		}
		ensure!(shipment.status == ShipmentStatus::Pending, Error::<T>::ShipmentNotPending);
		let now = Self::now();
		let seq = Self::next_seq()?;
		for unit in shipment.units.iter() {
			let mut record = UnitRecord::<T>::load(unit)?;
			ensure!(record.status() == PackStatus::InTransit(id), Error::<T>::ShipmentNotPending);
			record.set_status(PackStatus::Active);
			record.save();
			let step = if cancel {
				Step::Cancelled { shipment: id, by: org }
			} else {
				Step::Rejected { shipment: id, by: org }
			};
			Self::record(unit, seq, now, step);
		}
		shipment.status =
			if cancel { ShipmentStatus::Cancelled(now) } else { ShipmentStatus::Rejected(now) };
		let units = shipment.units.len() as u32;
		let (from, to) = (shipment.from, shipment.to);
		Shipments::<T>::insert(id, shipment);
		if cancel {
			Self::deposit_event(Event::ShipmentCancelled { shipment: id, from, to, who });
		} else {
			Self::deposit_event(Event::Rejected { shipment: id, from, to, who });
		}
		Ok(units)
	}

	pub(crate) fn do_remove_shipment(who: T::AccountId, id: ShipmentId) -> DispatchResult {
		// A suspended or revoked sender recovers its deposit: removing a closed shipment moves
		// no goods.
		let org = Self::acting_in_any_status(&who, &TRADING_ROLES, Duty::Goods)?;
		let shipment = Shipments::<T>::get(id).ok_or(Error::<T>::ShipmentNotFound)?;
		ensure!(shipment.from == org, Error::<T>::NotShipper);
		ensure!(shipment.status != ShipmentStatus::Pending, Error::<T>::ShipmentPending);
		Shipments::<T>::remove(id);
		let deposit = Self::release_deposit(&DepositKey::Shipment(id), HoldReason::ShipmentDeposit)
			.unwrap_or(Deposit { who, amount: Zero::zero() });
		Self::deposit_event(Event::ShipmentRemoved {
			shipment: id,
			depositor: deposit.who,
			deposit: deposit.amount,
		});
		Ok(())
	}

	// ---- End of life ------------------------------------------------------------------------

	pub(crate) fn do_dispense(who: T::AccountId, gtin: Gtin, serial: Serial) -> DispatchResult {
		Self::check_pack_id(&gtin, &serial)?;
		let org = Self::acting(&who, &[OrgRole::Dispenser], Duty::Dispense)?;
		let mut pack = Self::held_top_level_pack(&gtin, &serial, org)?;
		// Stock held on another's account is not the dispenser's to supply.
		ensure!(pack.owner == org, Error::<T>::NotOwner);
		let now = Self::now();
		LotChecker::<T>::new(now).ensure_movable(gtin, &pack.lot, None)?;
		pack.status = PackStatus::Dispensed;
		pack.ended = Some(EndOfLife { by: org, at: now });
		Packs::<T>::insert(gtin, &serial, pack);
		Self::record(
			&Unit::Pack(gtin, serial.clone()),
			Self::next_seq()?,
			now,
			Step::Dispensed { by: org },
		);
		Self::deposit_event(Event::Dispensed { gtin, serial, by: org, who });
		Ok(())
	}

	pub(crate) fn do_decommission(
		who: T::AccountId,
		gtin: Gtin,
		serial: Serial,
		reason: DecommissionReason,
	) -> DispatchResult {
		Self::check_pack_id(&gtin, &serial)?;
		let org = Self::acting(&who, &TRADING_ROLES, Duty::Goods)?;
		let mut pack = Self::held_top_level_pack(&gtin, &serial, org)?;
		// A custodian that does not own the pack returns it to its owner, which decides.
		ensure!(pack.owner == org, Error::<T>::NotOwner);
		let now = Self::now();
		pack.status = PackStatus::Decommissioned(reason);
		pack.ended = Some(EndOfLife { by: org, at: now });
		Packs::<T>::insert(gtin, &serial, pack);
		Self::record(
			&Unit::Pack(gtin, serial.clone()),
			Self::next_seq()?,
			now,
			Step::Decommissioned { by: org, reason },
		);
		Self::deposit_event(Event::Decommissioned { gtin, serial, reason, by: org, who });
		Ok(())
	}

	pub(crate) fn do_undo_decommission(
		who: T::AccountId,
		gtin: Gtin,
		serial: Serial,
	) -> DispatchResult {
		Self::check_pack_id(&gtin, &serial)?;
		let org = Self::acting(&who, &TRADING_ROLES, Duty::Goods)?;
		let mut pack = Packs::<T>::get(gtin, &serial).ok_or(Error::<T>::PackNotFound)?;
		match pack.status {
			PackStatus::Dispensed => {},
			PackStatus::Decommissioned(DecommissionReason::Stolen)
			| PackStatus::Decommissioned(DecommissionReason::Destroyed) => {
				return Err(Error::<T>::UndoNotAllowed.into())
			},
			PackStatus::Decommissioned(_) => {},
			PackStatus::Active | PackStatus::InTransit(_) => {
				return Err(Error::<T>::NotDecommissioned.into())
			},
		}
		let ended = pack.ended.ok_or(Error::<T>::NotDecommissioned)?;
		ensure!(ended.by == org, Error::<T>::NotDecommissioner);
		// Taking back a supply to a patient is a dispenser's decision, as the supply was.
		if pack.status == PackStatus::Dispensed {
			Self::ensure_member(org, &who, Duty::Dispense)?;
		}
		let now = Self::now();
		ensure!(now <= ended.at.saturating_add(T::UndoPeriod::get()), Error::<T>::UndoPeriodOver);
		ensure!(pack.alert != Some(AlertKind::Illegitimate), Error::<T>::Illegitimate);
		LotChecker::<T>::new(now).ensure_movable(gtin, &pack.lot, None)?;
		pack.status = PackStatus::Active;
		pack.ended = None;
		Packs::<T>::insert(gtin, &serial, pack);
		Self::record(
			&Unit::Pack(gtin, serial.clone()),
			Self::next_seq()?,
			now,
			Step::DecommissionUndone { by: org },
		);
		Self::deposit_event(Event::DecommissionUndone { gtin, serial, by: org, who });
		Ok(())
	}

	pub(crate) fn do_retire_lot(who: T::AccountId, gtin: Gtin, lot: LotNumber) -> DispatchResult {
		Self::check_gtin(&gtin)?;
		Self::check_lot(&lot)?;
		// Giving back a deposit trades nothing: a suspended or revoked manufacturer may.
		let org = Self::acting_in_any_status(&who, &[OrgRole::Manufacturer], Duty::Goods)?;
		let info = Lots::<T>::get(gtin, &lot).ok_or(Error::<T>::LotNotFound)?;
		let maker = match LotManufacturers::<T>::get(gtin, &lot) {
			Some(maker) => maker,
			None => Products::<T>::get(gtin).ok_or(Error::<T>::ProductNotFound)?.manufacturer,
		};
		ensure!(maker == org, Error::<T>::LotOfAnotherManufacturer);
		let now = Self::now();
		ensure!(now >= info.expires_at, Error::<T>::LotNotExpired);
		ensure!(!RetiredLots::<T>::contains_key(gtin, &lot), Error::<T>::LotRetired);
		RetiredLots::<T>::insert(gtin, &lot, now);
		Self::release_deposit(&DepositKey::Lot(gtin, lot.clone()), HoldReason::LotDeposit);
		Self::deposit_event(Event::LotRetired { gtin, lot, manufacturer: org, who });
		Ok(())
	}

	// ---- Recall and quarantine --------------------------------------------------------------

	pub(crate) fn do_recall_lot(
		who: T::AccountId,
		gtin: Gtin,
		lot: LotNumber,
		reason: DocHash,
	) -> DispatchResult {
		Self::check_gtin(&gtin)?;
		Self::check_lot(&lot)?;
		let product = Products::<T>::get(gtin).ok_or(Error::<T>::ProductNotFound)?;
		let org = Self::acting_as_authority(&who, &product)?;
		let now = Self::now();
		Lots::<T>::try_mutate(gtin, &lot, |maybe_lot| -> DispatchResult {
			let info = maybe_lot.as_mut().ok_or(Error::<T>::LotNotFound)?;
			ensure!(info.recall.is_none(), Error::<T>::AlreadyRecalled);
			info.recall = Some(Recall { by: org, at: now, seq: Self::next_seq()?, reason });
			Ok(())
		})?;
		Self::deposit_event(Event::LotRecalled { gtin, lot, by: org, reason, who });
		Ok(())
	}

	pub(crate) fn do_mark_suspect(
		who: T::AccountId,
		gtin: Gtin,
		serial: Serial,
		reason: DocHash,
	) -> DispatchResult {
		Self::check_pack_id(&gtin, &serial)?;
		// A regulator investigates any pack; a trading partner reports what it holds or owns.
		let (org, regulator) = Self::acting_as_regulator_or_partner(&who)?;
		let mut pack = Packs::<T>::get(gtin, &serial).ok_or(Error::<T>::PackNotFound)?;
		let chain = Self::ancestors(pack.parent)?;
		let (owner, custodian, status) = match chain.last() {
			Some((_, top)) => (top.owner, top.custodian, top.status),
			None => (pack.owner, pack.custodian, pack.status),
		};
		ensure!(regulator || owner == org || custodian == org, Error::<T>::NotHolder);
		match (pack.status, status) {
			(PackStatus::Dispensed | PackStatus::Decommissioned(_), _) => {
				return Err(Error::<T>::NotActive.into())
			},
			(_, PackStatus::InTransit(_)) | (PackStatus::InTransit(_), _) => {
				return Err(Error::<T>::InTransit.into())
			},
			_ => {},
		}
		match pack.alert {
			Some(AlertKind::Suspect) => return Err(Error::<T>::AlreadySuspect.into()),
			Some(AlertKind::Illegitimate) => return Err(Error::<T>::Illegitimate.into()),
			None => {},
		}
		let now = Self::now();
		Self::adjust_alerts(pack.parent, true)?;
		pack.alert = Some(AlertKind::Suspect);
		Packs::<T>::insert(gtin, &serial, pack);
		PackAlerts::<T>::insert(
			gtin,
			&serial,
			Alert { kind: AlertKind::Suspect, by: org, at: now, reason },
		);
		Self::record(
			&Unit::Pack(gtin, serial.clone()),
			Self::next_seq()?,
			now,
			Step::MarkedSuspect { by: org },
		);
		Self::deposit_event(Event::MarkedSuspect { gtin, serial, by: org, reason, who });
		Ok(())
	}

	pub(crate) fn do_clear_suspect(
		who: T::AccountId,
		gtin: Gtin,
		serial: Serial,
		reason: DocHash,
	) -> DispatchResult {
		let (mut pack, org) = Self::pack_under_authority(&who, &gtin, &serial)?;
		match pack.alert {
			Some(AlertKind::Suspect) => {},
			Some(AlertKind::Illegitimate) => return Err(Error::<T>::Illegitimate.into()),
			None => return Err(Error::<T>::NotSuspect.into()),
		}
		// The maker of a suspect pack does not judge another's report on it: a regulator does.
		if !T::Organizations::holds_role(org, OrgRole::Regulator) {
			let raiser = PackAlerts::<T>::get(gtin, &serial).map(|alert| alert.by);
			ensure!(raiser == Some(org), Error::<T>::SuspicionRaisedByAnother);
		}
		Self::adjust_alerts(pack.parent, false)?;
		pack.alert = None;
		Packs::<T>::insert(gtin, &serial, pack);
		PackAlerts::<T>::remove(gtin, &serial);
		Self::record(
			&Unit::Pack(gtin, serial.clone()),
			Self::next_seq()?,
			Self::now(),
			Step::SuspectCleared { by: org },
		);
		Self::deposit_event(Event::SuspectCleared { gtin, serial, by: org, reason, who });
		Ok(())
	}

	pub(crate) fn do_declare_illegitimate(
		who: T::AccountId,
		gtin: Gtin,
		serial: Serial,
		reason: DocHash,
	) -> DispatchResult {
		let (mut pack, org) = Self::pack_under_authority(&who, &gtin, &serial)?;
		ensure!(pack.alert != Some(AlertKind::Illegitimate), Error::<T>::Illegitimate);
		// Everyone to notify, found before anything changes: all of them, or no declaration.
		let notified = Self::holders_of(gtin, &serial).ok_or(Error::<T>::NoticeListIncomplete)?;
		if pack.alert.is_none() {
			Self::adjust_alerts(pack.parent, true)?;
		}
		let now = Self::now();
		pack.alert = Some(AlertKind::Illegitimate);
		Packs::<T>::insert(gtin, &serial, pack);
		PackAlerts::<T>::insert(
			gtin,
			&serial,
			Alert { kind: AlertKind::Illegitimate, by: org, at: now, reason },
		);
		Self::record(
			&Unit::Pack(gtin, serial.clone()),
			Self::next_seq()?,
			now,
			Step::DeclaredIllegitimate { by: org },
		);
		Self::deposit_event(Event::DeclaredIllegitimate {
			gtin,
			serial: serial.clone(),
			by: org,
			reason,
			notified: notified.len() as u32,
			who,
		});
		for holder in notified {
			Self::deposit_event(Event::IllegitimateProductNotice {
				gtin,
				serial: serial.clone(),
				org: holder,
			});
		}
		Ok(())
	}

	pub(crate) fn do_destroy_quarantined(
		who: T::AccountId,
		gtin: Gtin,
		serial: Serial,
		reason: DestructionReason,
	) -> DispatchResult {
		Self::check_pack_id(&gtin, &serial)?;
		let (org, regulator) = Self::acting_as_regulator_or_partner(&who)?;
		let mut pack = Packs::<T>::get(gtin, &serial).ok_or(Error::<T>::PackNotFound)?;
		ensure!(pack.parent.is_none(), Error::<T>::InContainer);
		match pack.status {
			PackStatus::Active => {},
			PackStatus::InTransit(_) => return Err(Error::<T>::InTransit.into()),
			PackStatus::Dispensed | PackStatus::Decommissioned(_) => {
				return Err(Error::<T>::NotActive.into())
			},
		}
		let alert = pack.alert.ok_or(Error::<T>::NotQuarantined)?;
		// A regulator decides on any quarantined pack; an owner only once the pack is confirmed
		// illegitimate, never on a mere suspicion that may yet be cleared.
		if !regulator {
			ensure!(pack.owner == org, Error::<T>::NotOwner);
			ensure!(alert == AlertKind::Illegitimate, Error::<T>::DestructionNeedsRegulator);
		}
		let now = Self::now();
		pack.status = PackStatus::Decommissioned(DecommissionReason::Destroyed);
		pack.ended = Some(EndOfLife { by: org, at: now });
		Packs::<T>::insert(gtin, &serial, pack);
		Self::record(
			&Unit::Pack(gtin, serial.clone()),
			Self::next_seq()?,
			now,
			Step::DestroyedInQuarantine { by: org, reason },
		);
		Self::deposit_event(Event::QuarantinedPackDestroyed {
			gtin,
			serial,
			reason,
			alert,
			by: org,
			who,
		});
		Ok(())
	}

	// ---- A regulator's decisions on products ------------------------------------------------

	pub(crate) fn do_reassign_product(
		who: T::AccountId,
		gtin: Gtin,
		to: OrgId,
		reason: DocHash,
	) -> DispatchResult {
		Self::check_gtin(&gtin)?;
		let org = Self::acting(&who, &[OrgRole::Regulator], Duty::Authority)?;
		let mut product = Products::<T>::get(gtin).ok_or(Error::<T>::ProductNotFound)?;
		ensure!(!DeactivatedProducts::<T>::contains_key(gtin), Error::<T>::ProductDeactivated);
		ensure!(
			T::Organizations::is_active_with_role(to, OrgRole::Manufacturer),
			Error::<T>::NotAManufacturer
		);
		ensure!(product.manufacturer != to, Error::<T>::AlreadyManufacturer);
		ensure!(
			T::Organizations::holds_company_prefix(to, gs1::gtin_company_digits(&gtin)),
			Error::<T>::GtinNotOfCompanyPrefix
		);
		let from = product.manufacturer;
		product.manufacturer = to;
		Products::<T>::insert(gtin, product);
		Self::deposit_event(Event::ProductReassigned { gtin, from, to, by: org, reason, who });
		Ok(())
	}

	pub(crate) fn do_deactivate_product(
		who: T::AccountId,
		gtin: Gtin,
		reason: DocHash,
	) -> DispatchResult {
		Self::check_gtin(&gtin)?;
		let org = Self::acting(&who, &[OrgRole::Regulator], Duty::Authority)?;
		let product = Products::<T>::get(gtin).ok_or(Error::<T>::ProductNotFound)?;
		ensure!(!DeactivatedProducts::<T>::contains_key(gtin), Error::<T>::ProductDeactivated);
		DeactivatedProducts::<T>::insert(
			gtin,
			ProductDeactivation { by: org, at: Self::now(), reason },
		);
		// Nothing more is made of it: its registration deposit goes back to whoever paid it.
		Self::release_deposit(&DepositKey::Product(gtin), HoldReason::ProductDeposit);
		Self::deposit_event(Event::ProductDeactivated {
			gtin,
			manufacturer: product.manufacturer,
			by: org,
			reason,
			who,
		});
		Ok(())
	}
}
