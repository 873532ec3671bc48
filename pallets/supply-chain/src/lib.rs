//! # Supply chain pallet
//!
//! Serialised drug packs from manufacturer to patient: GS1 identifiers, aggregation into cases
//! and pallets, custody and ownership, recalls, suspect product and verification.
//!
//! ## Overview
//!
//! Counterfeit and diverted medicines are the problem this pallet answers. Every pack carries a
//! GS1 package identifier (GTIN, serial, lot, expiry); the chain records who commissioned it,
//! who owns and holds it, what it was packed into, where it was shipped, and how its trade life
//! ended. Any pharmacist can ask [`Pallet::verify`] "is this pack genuine and sellable?" and get
//! the answer of the industry's verification router; [`Pallet::trace`] gives its custody history.
//!
//! The parties are accredited organizations (`pallet-organizations`, reached through
//! [`healthchain_primitives::OrganizationsInspect`]): an account acts for the organization it
//! belongs to, and the organization must be active and hold the role the call needs.
//!
//! ### Costs that do not grow with what is inside
//!
//! - **Inference.** A pack or case inside a container keeps no custody or transit state of its
//!   own while inside: its effective owner, custodian and status are its top container's, found
//!   by walking up `parent` links (at most `MaxNestingDepth` reads). Shipping and receiving a
//!   container touch only the container and the shipment. Unpacking writes the container's state
//!   down into its direct children (a cost per direct child).
//! - **Recall.** A recall is a flag on the lot; a pack is recalled when its lot is. Recalling costs
//!   the same for a lot of ten packs or ten million.
//! - **Container summaries.** Each container keeps the lots of everything inside it (with counts)
//!   and the number of quarantined packs inside. Shipping or packing a container checks recalls
//!   and expiry once per distinct lot inside (bounded by `MaxLotsPerContainer`) and quarantine by
//!   one counter, never per pack. Marking a pack inside containers suspect updates the counters of
//!   its containers (at most `MaxNestingDepth` writes).
//!
//! ## Terminology
//!
//! - **GTIN** (AI `01`): 14 digits identifying a product; **serial** (AI `21`) and **lot** (AI
//!   `10`): up to 20 characters of the GS1 82-character set; **expiry** (AI `17`): `YYMMDD`, day
//!   `00` meaning the end of the month; **SSCC** (AI `00`): 18 digits identifying a case or pallet.
//! - **GS1 company prefix**: the 4 to 12 digits GS1 licenses to a company; its GTINs start with
//!   it after the indicator digit, its SSCCs after the extension digit. The accreditation
//!   authority records which organization holds which (`pallet-organizations`).
//! - **Commissioning**: bringing serialised packs into existence, `Active`, owned and held by the
//!   manufacturer.
//! - **Owner / custodian**: EPCIS owning and possessing party; a logistics provider holds what it
//!   does not own.
//! - **Top-level unit**: a pack or container that is not inside a container. Only top-level units
//!   are shipped, dispensed, decommissioned, packed or unpacked.
//! - **Suspect / illegitimate**: DSCSA quarantine states; both freeze the pack.
//!
//! ## Rules that protect the chain's answers
//!
//! - **Identifiers belong to their company.** A manufacturer registers only GTINs of a company
//!   prefix it holds, and no restricted circulation (GS1 prefix 02, 04, 20 to 29) or zero GTIN;
//!   an organization creates containers only under SSCCs of a prefix it holds. A regulator
//!   corrects a product registered under another company's prefix: it reassigns the product to
//!   the prefix's holder ([`Pallet::reassign_product`]) or deactivates it for good
//!   ([`Pallet::deactivate_product`]; its packs then verify as not sellable, nothing more is
//!   made of it). Lots stay their creator's: the new manufacturer commissions into lots of its
//!   own, and older packs' traces keep naming the manufacturer that made them.
//! - **Ownership decides, custody carries.** The owner packs, sells ([`Pallet::transfer_ownership`]
//!   or a shipment that transfers ownership) and dispenses. A custodian that does not own the
//!   goods (a logistics provider, a pharmacy holding consignment stock) may unpack, receive and
//!   report them suspect, and ships them only to their owner, without a transfer: back to the
//!   owner, or on to whom the owner sold them where they lie. Anything else, decommissioning
//!   included, is refused with `NotOwner`: the owner decides the end of its goods.
//! - **Returns and destruction.** Recalled or expired goods are packed like any others and
//!   shipped or sold only back to the product's manufacturer. A quarantined (suspect or
//!   illegitimate) pack never enters a container nor is sold, but ships back to the product's
//!   manufacturer in a shipment of its own (`QuarantinedNotAlone`). A regulator destroys any
//!   quarantined top-level pack ([`Pallet::destroy_quarantined`]); its owner only one declared
//!   illegitimate (`DestructionNeedsRegulator`). The reason is a [`DestructionReason`], never
//!   free text.
//! - **Ending and taking back a supply.** A dispense is undone only by the dispenser's admin or a
//!   `Pharmacist` member, as only they dispense; a decommission by any goods handler of the
//!   organization that made it.
//! - **Deposits are the organization's.** Every deposit (product, lot, container, shipment) is
//!   held from the admin account of the organization the item belongs to, never from the
//!   employee who signed (`NoAdmin` when the organization has none), and the payer is stored
//!   with it. When the admin changes, deposits already held stay with the account that paid
//!   them and go back to it; new ones are held from the new admin. A deposit goes back when its
//!   item retires: a product's when a regulator deactivates it, a lot's when its manufacturer
//!   retires it after expiry ([`Pallet::retire_lot`]), a container's when it is emptied (packing
//!   it again pays again), a shipment's when it is removed; each with `DepositReleased`.
//! - **Deposits are not stranded.** A suspended or revoked organization may not trade, but its
//!   goods handlers still remove its closed shipments and retire its expired lots, and so
//!   recover their deposits.
//! - **Investigations.** A holder or owner reports a pack suspect, and so may a regulator for any
//!   pack. A regulator clears any suspicion; the product's manufacturer may withdraw only a
//!   suspicion it raised itself, never judge another's report on its own product. The
//!   manufacturer or a regulator declares a pack illegitimate; the declaration notifies every
//!   organization the pack's trace names, and is refused (`NoticeListIncomplete`) when the trace
//!   cannot name them all.
//!
//! ## Calls, by who may call them
//!
//! Everyone acts for their organization: the organization's admin, or a member holding the
//! member role named (goods handling: `Logistics` or `Pharmacist`; dispensing: `Pharmacist`;
//! decisions of an authority: `Auditor`).
//!
//! - Manufacturer: [`Pallet::register_product`], [`Pallet::create_lot`], [`Pallet::commission`],
//!   [`Pallet::retire_lot`].
//! - Any trading partner (manufacturer, wholesaler, dispenser, logistics provider) holding the
//!   goods: [`Pallet::pack`] (owner only), [`Pallet::unpack`], [`Pallet::ship`] (to anyone by the
//!   owner, to the owner by a mere custodian), [`Pallet::receive`], [`Pallet::reject`],
//!   [`Pallet::cancel_shipment`], [`Pallet::remove_shipment`], [`Pallet::transfer_ownership`]
//!   (owner only), [`Pallet::decommission`], [`Pallet::undo_decommission`],
//!   [`Pallet::mark_suspect`].
//! - Dispenser owning and holding the pack: [`Pallet::dispense`].
//! - The product's manufacturer or a regulator: [`Pallet::recall_lot`],
//!   [`Pallet::declare_illegitimate`], [`Pallet::clear_suspect`] (the manufacturer only for a
//!   suspicion it raised).
//! - A regulator: [`Pallet::mark_suspect`] on any pack, [`Pallet::reassign_product`],
//!   [`Pallet::deactivate_product`], [`Pallet::destroy_quarantined`] on any quarantined pack
//!   (the owner too, for a pack declared illegitimate).
//!
//! ## Example
//!
//! From the test `a_pack_goes_from_manufacturer_to_patient`: a manufacturer commissions packs and
//! packs them into a case, ships the case to a pharmacy, which receives and unpacks it; the
//! pharmacist verifies a pack and dispenses it.
//!
//! ```ignore
//! let (staff, clerk, pharmacist) = (signed(MAKER_STAFF), signed(PHARMACY_CLERK), signed(PHARMACIST));
//! assert_ok!(SupplyChain::commission(staff.clone(), GTIN, lot1(), serials(&["S1", "S2"])));
//! assert_ok!(SupplyChain::pack(staff.clone(), sscc(1), ContainerKind::Case, units(packs(&["S1", "S2"]))));
//! assert_ok!(SupplyChain::ship(staff, units(vec![case_unit(1)]), PHARMACY, TI, true));
//! assert_ok!(SupplyChain::receive(clerk.clone(), 0));
//! assert_ok!(SupplyChain::unpack(clerk, sscc(1), None));
//! assert!(SupplyChain::verify(GTIN, serial("S1"), lot1(), EXPIRY).sellable);
//! assert_ok!(SupplyChain::dispense(pharmacist, GTIN, serial("S1")));
//! assert_eq!(verify("S1").additional_info, vec![AdditionalInfo::Dispensed]);
//! ```

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub use healthchain_primitives::gs1;
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

mod functions;
#[cfg(any(feature = "try-runtime", test))]
mod invariants;
mod queries;
pub mod types;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{Inspect, Mutate, MutateHold},
			Time,
		},
	};
	use frame_system::pallet_prelude::*;
	use healthchain_primitives::{Moment, OrgId, OrganizationsInspect};

	/// The in-code storage version: 1 from the first release.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	/// The balance type of the deposit currency.
	pub type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
	/// A container as stored.
	pub type ContainerOf<T> = Container<BoundedVec<LotCount, <T as Config>::MaxLotsPerContainer>>;
	/// A shipment as stored.
	pub type ShipmentOf<T> = Shipment<BoundedVec<Unit, <T as Config>::MaxShipmentUnits>>;
	/// A unit's history as stored.
	pub type HistoryOf<T> = BoundedVec<HistoryEntry, <T as Config>::MaxHistory>;
	/// A deposit as stored.
	pub type DepositOf<T> = Deposit<<T as frame_system::Config>::AccountId, BalanceOf<T>>;
	/// A batch of serials to commission.
	pub type SerialsOf<T> = BoundedVec<Serial, <T as Config>::MaxCommissionBatch>;
	/// Units to pack into or unpack from one container.
	pub type ContainerUnitsOf<T> = BoundedVec<Unit, <T as Config>::MaxContainerSize>;
	/// Units of one shipment.
	pub type ShipmentUnitsOf<T> = BoundedVec<Unit, <T as Config>::MaxShipmentUnits>;

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of the pallet.
	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Who may act as what: the accredited organizations and their members.
		type Organizations: OrganizationsInspect<Self::AccountId>;

		/// The currency deposits are held in.
		type Currency: Inspect<Self::AccountId>
			+ Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// The current time in milliseconds since the Unix epoch (`pallet_timestamp`).
		type Time: Time<Moment = Moment>;

		/// Deposit held for registering a product.
		#[pallet::constant]
		type ProductDeposit: Get<BalanceOf<Self>>;

		/// Deposit held for creating a lot, on top of `PackDeposit` per declared pack.
		#[pallet::constant]
		type LotDeposit: Get<BalanceOf<Self>>;

		/// Deposit held per pack a lot may hold, when the lot is created (commissioning then
		/// moves no funds).
		#[pallet::constant]
		type PackDeposit: Get<BalanceOf<Self>>;

		/// Deposit held for creating a container.
		#[pallet::constant]
		type ContainerDeposit: Get<BalanceOf<Self>>;

		/// Deposit held for a shipment until it is closed and removed.
		#[pallet::constant]
		type ShipmentDeposit: Get<BalanceOf<Self>>;

		/// Most packs commissioned in one call.
		#[pallet::constant]
		type MaxCommissionBatch: Get<u32>;

		/// Most units directly inside one container.
		#[pallet::constant]
		type MaxContainerSize: Get<u32>;

		/// Most distinct lots inside one container, at any depth.
		#[pallet::constant]
		type MaxLotsPerContainer: Get<u32>;

		/// Most container levels around a pack (2: pack in case on pallet).
		#[pallet::constant]
		type MaxNestingDepth: Get<u32>;

		/// Most top-level units in one shipment.
		#[pallet::constant]
		type MaxShipmentUnits: Get<u32>;

		/// Entries of history kept per unit (the latest ones).
		#[pallet::constant]
		type MaxHistory: Get<u32>;

		/// How long after a dispense or decommission the same organization may undo it, in
		/// milliseconds (EU FMD: 10 days).
		#[pallet::constant]
		type UndoPeriod: Get<Moment>;

		/// Weights of the calls.
		type WeightInfo: WeightInfo;
	}

	/// Reasons for which this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A product registration.
		ProductDeposit,
		/// A lot and the packs it may hold.
		LotDeposit,
		/// A container.
		ContainerDeposit,
		/// A shipment not yet removed.
		ShipmentDeposit,
	}

	/// Registered products by GTIN.
	#[pallet::storage]
	pub type Products<T: Config> = StorageMap<_, Blake2_128Concat, Gtin, Product>;

	/// Products a regulator deactivated, with the decision.
	#[pallet::storage]
	pub type DeactivatedProducts<T: Config> =
		StorageMap<_, Blake2_128Concat, Gtin, ProductDeactivation>;

	/// Lots by GTIN and lot number.
	#[pallet::storage]
	pub type Lots<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, Gtin, Blake2_128Concat, LotNumber, Lot>;

	/// The manufacturer that created each lot: the only one that commissions packs into it, and
	/// the commissioner its packs' traces name, even after the product is reassigned. A lot
	/// without an entry is its product's manufacturer's.
	#[pallet::storage]
	pub type LotManufacturers<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, Gtin, Blake2_128Concat, LotNumber, OrgId>;

	/// Commissioned packs by GTIN and serial. Never removed: a pack's record outlives it.
	#[pallet::storage]
	pub type Packs<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, Gtin, Blake2_128Concat, Serial, Pack>;

	/// Quarantine details of quarantined packs.
	#[pallet::storage]
	pub type PackAlerts<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, Gtin, Blake2_128Concat, Serial, Alert>;

	/// Containers by SSCC.
	#[pallet::storage]
	pub type Containers<T: Config> = StorageMap<_, Blake2_128Concat, Sscc, ContainerOf<T>>;

	/// The units directly inside each container.
	#[pallet::storage]
	pub type ContainerContents<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, Sscc, Blake2_128Concat, Unit, ()>;

	/// Shipments by id.
	#[pallet::storage]
	pub type Shipments<T: Config> = StorageMap<_, Twox64Concat, ShipmentId, ShipmentOf<T>>;

	/// The id the next shipment gets.
	#[pallet::storage]
	pub type NextShipmentId<T: Config> = StorageValue<_, ShipmentId, ValueQuery>;

	/// The position the next recorded event gets (see [`Seq`]).
	#[pallet::storage]
	pub type NextSeq<T: Config> = StorageValue<_, Seq, ValueQuery>;

	/// The latest `MaxHistory` steps of each pack and container. A pack's commissioning is on the
	/// pack itself, so commissioning writes no history.
	#[pallet::storage]
	pub type History<T: Config> = StorageMap<_, Blake2_128Concat, Unit, HistoryOf<T>, ValueQuery>;

	/// How many of a unit's oldest history entries were dropped to keep `MaxHistory`.
	#[pallet::storage]
	pub type HistoryDropped<T: Config> = StorageMap<_, Blake2_128Concat, Unit, u32, ValueQuery>;

	/// Lots whose manufacturer retired them after their expiry, and when: their deposit went
	/// back; the lot and its packs stay on record.
	#[pallet::storage]
	pub type RetiredLots<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, Gtin, Blake2_128Concat, LotNumber, Moment>;

	/// Deposits held, by what they pay for, with the account that paid (the organization's
	/// admin at the time), to which they go back.
	#[pallet::storage]
	pub type Deposits<T: Config> = StorageMap<_, Blake2_128Concat, DepositKey, DepositOf<T>>;

	/// Products registered at genesis.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Products as (GTIN, manufacturer organization, metadata hash). No deposit is held. As
		/// for `register_product`, a GTIN must not be restricted and must be of a company prefix
		/// the manufacturer holds (`pallet-organizations` genesis builds first).
		pub products: Vec<(Gtin, OrgId, DocHash)>,
		#[serde(skip)]
		#[doc(hidden)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (gtin, manufacturer, metadata) in &self.products {
				assert!(
					gs1::is_valid_gtin(gtin),
					"genesis product {:?} is not a valid GTIN-14",
					core::str::from_utf8(gtin)
				);
				assert!(
					!gs1::is_restricted_gtin(gtin),
					"genesis product {:?} is a restricted circulation or zero GTIN",
					core::str::from_utf8(gtin)
				);
				assert!(
					T::Organizations::holds_company_prefix(
						*manufacturer,
						gs1::gtin_company_digits(gtin)
					),
					"genesis product {:?} is not of a company prefix of organization {}",
					core::str::from_utf8(gtin),
					manufacturer
				);
				assert!(
					!Products::<T>::contains_key(gtin),
					"genesis product {:?} is listed twice",
					core::str::from_utf8(gtin)
				);
				Products::<T>::insert(
					gtin,
					Product { manufacturer: *manufacturer, metadata: *metadata, registered_at: 0 },
				);
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A product was registered.
		ProductRegistered {
			/// The product.
			gtin: Gtin,
			/// Its manufacturer organization.
			manufacturer: OrgId,
			/// Hash of its master data.
			metadata: DocHash,
			/// The account that acted.
			who: T::AccountId,
		},
		/// A regulator gave a product to another manufacturer, which holds the GTIN's company
		/// prefix. Packs already commissioned keep their commissioner.
		ProductReassigned {
			/// The product.
			gtin: Gtin,
			/// The former manufacturer.
			from: OrgId,
			/// The new manufacturer.
			to: OrgId,
			/// The regulator organization.
			by: OrgId,
			/// Hash of the decision.
			reason: DocHash,
			/// The account that acted.
			who: T::AccountId,
		},
		/// A regulator deactivated a product: nothing more is made of it, and its packs verify as
		/// not sellable.
		ProductDeactivated {
			/// The product.
			gtin: Gtin,
			/// Its manufacturer.
			manufacturer: OrgId,
			/// The regulator organization.
			by: OrgId,
			/// Hash of the decision.
			reason: DocHash,
			/// The account that acted.
			who: T::AccountId,
		},
		/// A lot was created.
		LotCreated {
			/// The product.
			gtin: Gtin,
			/// The lot.
			lot: LotNumber,
			/// Its expiry date `YYMMDD`.
			expiry: ExpiryDate,
			/// How many packs it may hold.
			quantity: u32,
			/// The manufacturer organization.
			manufacturer: OrgId,
			/// The account that acted.
			who: T::AccountId,
		},
		/// Packs were commissioned (EPCIS `commissioning`).
		Commissioned {
			/// The product.
			gtin: Gtin,
			/// The lot.
			lot: LotNumber,
			/// The serials of the new packs.
			serials: SerialsOf<T>,
			/// The manufacturer organization, owner and custodian of the packs.
			manufacturer: OrgId,
			/// The account that acted.
			who: T::AccountId,
		},
		/// Units were packed into a container (EPCIS `packing`).
		Packed {
			/// The container.
			sscc: Sscc,
			/// Case or pallet.
			kind: ContainerKind,
			/// Whether this created the container.
			created: bool,
			/// The units put in.
			units: ContainerUnitsOf<T>,
			/// The organization that packed, owner and custodian of the container.
			by: OrgId,
			/// The account that acted.
			who: T::AccountId,
		},
		/// Units were taken out of a container (EPCIS `unpacking`).
		Unpacked {
			/// The container.
			sscc: Sscc,
			/// The units taken out; they are now top-level.
			units: ContainerUnitsOf<T>,
			/// The organization that unpacked (the custodian).
			by: OrgId,
			/// The account that acted.
			who: T::AccountId,
		},
		/// A shipment was sent (EPCIS `shipping`).
		Shipped {
			/// The shipment.
			shipment: ShipmentId,
			/// Sender.
			from: OrgId,
			/// Addressee.
			to: OrgId,
			/// The top-level units shipped.
			units: ShipmentUnitsOf<T>,
			/// Hash of the transaction information.
			ti_hash: DocHash,
			/// Whether ownership passes on receipt.
			transfer_ownership: bool,
			/// The account that acted.
			who: T::AccountId,
		},
		/// A shipment was received (EPCIS `receiving`): custody, and ownership if so agreed,
		/// passed to the addressee.
		Received {
			/// The shipment.
			shipment: ShipmentId,
			/// Sender.
			from: OrgId,
			/// Addressee, now custodian.
			to: OrgId,
			/// Whether ownership passed too.
			ownership_transferred: bool,
			/// The account that acted.
			who: T::AccountId,
		},
		/// A shipment was rejected by its addressee; custody stayed with the sender.
		Rejected {
			/// The shipment.
			shipment: ShipmentId,
			/// Sender, still custodian.
			from: OrgId,
			/// Addressee that rejected it.
			to: OrgId,
			/// The account that acted.
			who: T::AccountId,
		},
		/// A shipment was cancelled by its sender before receipt.
		ShipmentCancelled {
			/// The shipment.
			shipment: ShipmentId,
			/// Sender, still custodian.
			from: OrgId,
			/// Addressee.
			to: OrgId,
			/// The account that acted.
			who: T::AccountId,
		},
		/// Ownership of units passed to another organization without moving them.
		OwnershipTransferred {
			/// The former owner.
			from: OrgId,
			/// The new owner.
			to: OrgId,
			/// The top-level units (with everything inside them).
			units: ShipmentUnitsOf<T>,
			/// Hash of the transaction information.
			ti_hash: DocHash,
			/// The account that acted.
			who: T::AccountId,
		},
		/// A closed shipment was removed from storage and its deposit returned.
		ShipmentRemoved {
			/// The shipment.
			shipment: ShipmentId,
			/// The account the deposit went back to.
			depositor: T::AccountId,
			/// The deposit returned.
			deposit: BalanceOf<T>,
		},
		/// A pack was dispensed (decommissioned as supplied).
		Dispensed {
			/// The product.
			gtin: Gtin,
			/// The pack.
			serial: Serial,
			/// The dispenser organization.
			by: OrgId,
			/// The account that acted.
			who: T::AccountId,
		},
		/// A pack was decommissioned.
		Decommissioned {
			/// The product.
			gtin: Gtin,
			/// The pack.
			serial: Serial,
			/// Why.
			reason: DecommissionReason,
			/// The organization.
			by: OrgId,
			/// The account that acted.
			who: T::AccountId,
		},
		/// A dispense or decommission was undone; the pack is active again.
		DecommissionUndone {
			/// The product.
			gtin: Gtin,
			/// The pack.
			serial: Serial,
			/// The organization.
			by: OrgId,
			/// The account that acted.
			who: T::AccountId,
		},
		/// A lot was recalled: every pack of it, wherever it is, is recalled.
		LotRecalled {
			/// The product.
			gtin: Gtin,
			/// The lot.
			lot: LotNumber,
			/// The manufacturer or regulator organization.
			by: OrgId,
			/// Hash of the recall notice.
			reason: DocHash,
			/// The account that acted.
			who: T::AccountId,
		},
		/// A pack was marked suspect and quarantined.
		MarkedSuspect {
			/// The product.
			gtin: Gtin,
			/// The pack.
			serial: Serial,
			/// The holder, owner or regulator organization.
			by: OrgId,
			/// Hash of the suspect product report.
			reason: DocHash,
			/// The account that acted.
			who: T::AccountId,
		},
		/// A suspect pack was cleared after investigation.
		SuspectCleared {
			/// The product.
			gtin: Gtin,
			/// The pack.
			serial: Serial,
			/// The regulator, or the manufacturer that raised the suspicion.
			by: OrgId,
			/// Hash of the investigation result.
			reason: DocHash,
			/// The account that acted.
			who: T::AccountId,
		},
		/// A pack was declared illegitimate. One `IllegitimateProductNotice` follows for every
		/// organization that held, owned or was sent it: the list is complete (a declaration
		/// whose list would not be is refused with `NoticeListIncomplete`).
		DeclaredIllegitimate {
			/// The product.
			gtin: Gtin,
			/// The pack.
			serial: Serial,
			/// The manufacturer or regulator organization.
			by: OrgId,
			/// Hash of the determination.
			reason: DocHash,
			/// How many organizations are notified.
			notified: u32,
			/// The account that acted.
			who: T::AccountId,
		},
		/// A deposit went back to the account that paid it: its item retired (a product
		/// deactivated, a lot retired after expiry, a container emptied, a shipment removed).
		DepositReleased {
			/// What it paid for.
			key: DepositKey,
			/// The account it was held from and went back to.
			who: T::AccountId,
			/// The amount.
			amount: BalanceOf<T>,
		},
		/// An expired lot was retired by its manufacturer: its deposit went back; the lot and its
		/// packs stay on record.
		LotRetired {
			/// The product.
			gtin: Gtin,
			/// The lot.
			lot: LotNumber,
			/// The manufacturer organization.
			manufacturer: OrgId,
			/// The account that acted.
			who: T::AccountId,
		},
		/// A quarantined pack was destroyed (EPCIS `destroying`); its quarantine stays on record.
		QuarantinedPackDestroyed {
			/// The product.
			gtin: Gtin,
			/// The pack.
			serial: Serial,
			/// Why, from a closed list.
			reason: DestructionReason,
			/// The quarantine it was under.
			alert: AlertKind,
			/// The regulator, or the owner of an illegitimate pack.
			by: OrgId,
			/// The account that acted.
			who: T::AccountId,
		},
		/// Notice to an organization that a pack it held, owned or was sent is illegitimate
		/// (DSCSA: notify trading partners).
		IllegitimateProductNotice {
			/// The product.
			gtin: Gtin,
			/// The pack.
			serial: Serial,
			/// The organization notified.
			org: OrgId,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The signer belongs to no organization. Join an organization first.
		NotAMember,
		/// The signer's organization is suspended or revoked. Ask its regulator to reinstate it.
		OrganizationNotActive,
		/// The signer's organization does not hold the role this call needs (manufacturer for
		/// products, lots and commissioning; a trading role for handling goods; dispenser for
		/// dispensing).
		RoleNotHeld,
		/// The signer is a member without the member role this call needs (`Logistics` or
		/// `Pharmacist` to handle goods, `Pharmacist` to dispense, `Auditor` for an authority's
		/// decision). Ask the organization's admin to grant it, or let the admin act.
		MemberRoleMissing,
		/// The signer's organization is neither the product's manufacturer nor a regulator.
		NotAuthority,
		/// The GTIN is not 14 digits with a valid GS1 check digit.
		InvalidGtin,
		/// The GTIN is a restricted circulation number (GS1 prefix 02, 04 or 20 to 29 after the
		/// indicator digit: variable-measure or in-store items) or zeros: it never identifies a
		/// trade item. Register the product's GTIN as its manufacturer allocated it.
		RestrictedGtin,
		/// The GTIN does not start, after its indicator digit, with a GS1 company prefix the
		/// manufacturer holds: a company registers only its own GTINs. Ask the accreditation
		/// authority to record the company prefix (`organizations.set_company_prefixes`).
		GtinNotOfCompanyPrefix,
		/// The new container's SSCC does not start, after its extension digit, with a GS1 company
		/// prefix the packing organization holds: a company builds logistic units only under its
		/// own SSCCs. Use one of the organization's SSCCs, or ask the accreditation authority to
		/// record its company prefix.
		SsccNotOfCompanyPrefix,
		/// The serial is not 1 to 20 characters of the GS1 character set 82.
		InvalidSerial,
		/// The lot number is not 1 to 20 characters of the GS1 character set 82.
		InvalidLotNumber,
		/// The expiry is not a valid `YYMMDD` date (month 01..=12, day 00..=last day of the
		/// month, 00 meaning the last).
		InvalidExpiry,
		/// The SSCC is not 18 digits with a valid GS1 check digit.
		InvalidSscc,
		/// The GTIN is already registered.
		ProductAlreadyRegistered,
		/// No product is registered under this GTIN.
		ProductNotFound,
		/// A regulator deactivated the product: no lot is created, no pack commissioned and no
		/// reassignment made for it any more.
		ProductDeactivated,
		/// The signer's organization is not the product's manufacturer.
		NotProductManufacturer,
		/// The organization a product is reassigned to is not an active manufacturer.
		NotAManufacturer,
		/// The organization a product is reassigned to is its manufacturer already.
		AlreadyManufacturer,
		/// The lot was created by another manufacturer (the product was reassigned since).
		/// Create a lot of your own and commission into it.
		LotOfAnotherManufacturer,
		/// The product already has a lot with this number.
		LotAlreadyExists,
		/// No such lot of this product.
		LotNotFound,
		/// A lot must be declared to hold at least one pack.
		ZeroQuantity,
		/// The batch of serials is empty.
		NoSerials,
		/// A serial appears twice in the batch.
		DuplicateSerial,
		/// A pack with this GTIN and serial is already commissioned.
		PackAlreadyExists,
		/// Commissioning these packs would exceed the lot's declared quantity.
		LotQuantityExceeded,
		/// No such pack.
		PackNotFound,
		/// No such container.
		ContainerNotFound,
		/// The list of units is empty.
		NoUnits,
		/// A unit appears twice in the list.
		DuplicateUnit,
		/// The signer's organization does not hold the unit (is not its custodian).
		NotCustodian,
		/// The signer's organization does not own the unit. The owner packs, sells and
		/// dispenses; a custodian that does not own the goods (a logistics provider, a pharmacy
		/// holding stock on consignment) ships them only to their owner, without a transfer of
		/// ownership. Ask the owner to transfer ownership first.
		NotOwner,
		/// The signer's organization neither holds nor owns the pack.
		NotHolder,
		/// The unit (or its container) is in transit: wait until the shipment is received,
		/// rejected or cancelled.
		InTransit,
		/// The pack was dispensed or decommissioned.
		NotActive,
		/// The pack's lot (or a lot inside the container) is recalled. Recalled goods may only
		/// be shipped back to the product's manufacturer, or decommissioned.
		Recalled,
		/// The pack (or a pack inside the container) is past its expiry, or the expiry given is
		/// already past. Expired goods may only be shipped back to the product's manufacturer,
		/// or decommissioned.
		Expired,
		/// The pack is suspect, or the container holds a suspect or illegitimate pack: it is
		/// quarantined and may not move.
		Suspect,
		/// The pack was declared illegitimate: it may never move again.
		Illegitimate,
		/// The unit (or the target container) is inside a container: unpack that first. Only
		/// top-level units are shipped, packed, unpacked, dispensed or decommissioned.
		InContainer,
		/// The unit is not directly inside this container.
		NotInContainer,
		/// The container exists with another kind (case or pallet).
		ContainerKindMismatch,
		/// A container cannot be packed into itself.
		CannotPackIntoItself,
		/// The container would hold more than `MaxContainerSize` units.
		ContainerFull,
		/// The container would hold packs of more than `MaxLotsPerContainer` distinct lots.
		TooManyLots,
		/// The container would be nested deeper than `MaxNestingDepth` levels.
		NestingTooDeep,
		/// The container is empty: there is nothing to unpack.
		ContainerEmpty,
		/// The addressee is not an active manufacturer, wholesaler, dispenser or logistics
		/// provider.
		RecipientNotEligible,
		/// A shipment or a transfer of ownership must go to another organization.
		ShipToSelf,
		/// No such shipment.
		ShipmentNotFound,
		/// The signer's organization is not the shipment's addressee.
		NotAddressee,
		/// The signer's organization is not the shipment's sender.
		NotShipper,
		/// The shipment was already received, rejected or cancelled.
		ShipmentNotPending,
		/// The shipment is still pending: it can be removed once received, rejected or
		/// cancelled.
		ShipmentPending,
		/// The pack is neither dispensed nor decommissioned: there is nothing to undo.
		NotDecommissioned,
		/// Only the organization that dispensed or decommissioned the pack may undo it.
		NotDecommissioner,
		/// The undo period after the dispense or decommission is over.
		UndoPeriodOver,
		/// A stolen or destroyed pack cannot be brought back.
		UndoNotAllowed,
		/// The lot is already recalled.
		AlreadyRecalled,
		/// The pack is already suspect.
		AlreadySuspect,
		/// The pack is not suspect.
		NotSuspect,
		/// Another organization raised the suspicion: only a regulator may clear it (a
		/// manufacturer may withdraw only a suspicion it raised itself).
		SuspicionRaisedByAnother,
		/// The pack's recorded history cannot name every organization that held, owned or was
		/// sent it (older steps were dropped to keep `MaxHistory`, or its containers' histories
		/// are more than one call may read), so a declaration would leave some of them without
		/// notice. The pack can still be quarantined with `mark_suspect` (a regulator may mark
		/// any pack) while the trading partners are found from an archive node's events.
		NoticeListIncomplete,
		/// A quarantined pack ships back to its manufacturer only in a shipment of its own, so
		/// that it is never received mixed with goods in trade. Ship it alone.
		QuarantinedNotAlone,
		/// The pack is neither suspect nor illegitimate: `destroy_quarantined` is for quarantined
		/// packs. Decommission a pack in trade as destroyed with `decommission`.
		NotQuarantined,
		/// The pack is only suspect: its owner may destroy it once it is declared illegitimate;
		/// before that only a regulator decides.
		DestructionNeedsRegulator,
		/// The organization has no admin account (the admin left and no successor accepted):
		/// deposits are held from the organization's admin, so nothing that needs one can be
		/// created until it has one again.
		NoAdmin,
		/// The lot is not expired yet: a lot is retired only after its expiry, when no pack of
		/// it may be sold any more.
		LotNotExpired,
		/// The lot is already retired.
		LotRetired,
		/// A count kept for a container (its quarantined packs, or the packs of a lot inside it)
		/// reached its maximum.
		Overflow,
		/// Every shipment id, or every position in the order of recorded events, has been used.
		/// Nothing more can be shipped or recorded.
		IdsExhausted,
	}

	#[pallet::extra_constants]
	impl<T: Config> Pallet<T> {
		/// The organization roles that trade goods: an organization holding one of them may
		/// hold, pack, ship and receive packs. Clients read this instead of keeping their own
		/// copy.
		pub fn trading_roles() -> Vec<healthchain_primitives::OrgRole> {
			crate::functions::TRADING_ROLES.to_vec()
		}

		/// The member roles that handle goods (commission, pack, ship, receive, decommission)
		/// for their organization, besides its admin.
		pub fn goods_handlers() -> Vec<healthchain_primitives::MemberRole> {
			crate::functions::Duty::Goods.member_roles().to_vec()
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxCommissionBatch::get() >= 1, "MaxCommissionBatch must be at least 1");
			assert!(T::MaxContainerSize::get() >= 1, "MaxContainerSize must be at least 1");
			assert!(T::MaxLotsPerContainer::get() >= 1, "MaxLotsPerContainer must be at least 1");
			assert!(
				(1..=u32::from(u8::MAX)).contains(&T::MaxNestingDepth::get()),
				"MaxNestingDepth must be 1..=255"
			);
			assert!(T::MaxShipmentUnits::get() >= 1, "MaxShipmentUnits must be at least 1");
			assert!(T::MaxHistory::get() >= 2, "MaxHistory must keep at least 2 entries");
			assert!(T::UndoPeriod::get() > 0, "UndoPeriod must be positive");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers a product (GTIN) with the hash of its master data.
		///
		/// - Origin: signed, acting for an active `Manufacturer` organization holding the GS1
		///   company prefix the GTIN starts with after its indicator digit
		///   ([`OrganizationsInspect::holds_company_prefix`]).
		/// - Restricted circulation GTINs (GS1 prefix 02, 04, 20 to 29) and zero GTINs are
		///   refused.
		/// - Holds `ProductDeposit` from the organization's admin account (released when a
		///   regulator deactivates the product).
		/// - Errors: [`Error::InvalidGtin`], [`Error::RestrictedGtin`], the acting errors,
		///   [`Error::GtinNotOfCompanyPrefix`], [`Error::ProductAlreadyRegistered`],
		///   [`Error::NoAdmin`].
		/// - Emits: [`Event::ProductRegistered`].
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_product())]
		pub fn register_product(
			origin: OriginFor<T>,
			gtin: Gtin,
			metadata: DocHash,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_register_product(who, gtin, metadata)
		}

		/// Creates a lot of a product with its expiry and the number of packs it may hold.
		///
		/// - Origin: signed, acting for the product's manufacturer, which becomes the lot's.
		/// - Holds `LotDeposit + PackDeposit * quantity` from the organization's admin account
		///   (released by `retire_lot` after expiry).
		/// - Errors: [`Error::InvalidGtin`], [`Error::InvalidLotNumber`], [`Error::InvalidExpiry`],
		///   [`Error::Expired`] (date past), [`Error::ZeroQuantity`], [`Error::ProductNotFound`],
		///   [`Error::NotProductManufacturer`], [`Error::ProductDeactivated`],
		///   [`Error::LotAlreadyExists`], [`Error::NoAdmin`].
		/// - Emits: [`Event::LotCreated`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::create_lot())]
		pub fn create_lot(
			origin: OriginFor<T>,
			gtin: Gtin,
			lot: LotNumber,
			expiry: ExpiryDate,
			quantity: u32,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_create_lot(who, gtin, lot, expiry, quantity)
		}

		/// Commissions a batch of serialised packs into a lot: each `Active`, owned and held by
		/// the manufacturer.
		///
		/// - Origin: signed, acting for the product's manufacturer that created the lot.
		/// - Errors: [`Error::InvalidGtin`], [`Error::InvalidLotNumber`], [`Error::InvalidSerial`],
		///   [`Error::NoSerials`], [`Error::DuplicateSerial`], [`Error::PackAlreadyExists`],
		///   [`Error::LotQuantityExceeded`], [`Error::ProductNotFound`],
		///   [`Error::NotProductManufacturer`], [`Error::ProductDeactivated`],
		///   [`Error::LotOfAnotherManufacturer`], [`Error::LotNotFound`], [`Error::Recalled`],
		///   [`Error::Expired`].
		/// - Emits: [`Event::Commissioned`].
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::commission(serials.len() as u32))]
		pub fn commission(
			origin: OriginFor<T>,
			gtin: Gtin,
			lot: LotNumber,
			serials: SerialsOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_commission(who, gtin, lot, serials)
		}

		/// Packs top-level units (packs or containers) into a container, creating it if new.
		///
		/// - Origin: signed, acting for a trading partner that owns and holds the container and
		///   every unit.
		/// - A new container's SSCC must start, after its extension digit, with a GS1 company
		///   prefix the organization holds; an existing container keeps its SSCC whoever holds
		///   it.
		/// - Units must be active, not in transit and not quarantined. Recalled or expired units
		///   are packed too (for their return): every shipment or sale of the container checks
		///   each lot inside against its destination.
		/// - Holds `ContainerDeposit` from the organization's admin account when the container is
		///   created, or packed again after it was emptied (`NoAdmin` without one).
		/// - Errors: [`Error::NoUnits`], [`Error::DuplicateUnit`], identifier errors,
		///   [`Error::SsccNotOfCompanyPrefix`], [`Error::PackNotFound`],
		///   [`Error::ContainerNotFound`], [`Error::InContainer`],
		///   [`Error::ContainerKindMismatch`], [`Error::NotOwner`], [`Error::NotCustodian`],
		///   [`Error::InTransit`], [`Error::NotActive`], [`Error::Suspect`],
		///   [`Error::Illegitimate`], [`Error::CannotPackIntoItself`], [`Error::ContainerFull`],
		///   [`Error::TooManyLots`], [`Error::NestingTooDeep`].
		/// - Emits: [`Event::Packed`].
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::pack(units.len() as u32, T::MaxLotsPerContainer::get()))]
		pub fn pack(
			origin: OriginFor<T>,
			sscc: Sscc,
			kind: ContainerKind,
			units: ContainerUnitsOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_pack(who, sscc, kind, units)
		}

		/// Takes units out of a top-level container (`None`: everything). The container's owner,
		/// custodian and status are written into each unit taken out. Emptied, the container's
		/// deposit goes back to the account that paid it (`DepositReleased`).
		///
		/// - Origin: signed, acting for a trading partner holding the container.
		/// - Errors: [`Error::InvalidSscc`], [`Error::ContainerNotFound`], [`Error::InContainer`],
		///   [`Error::NotCustodian`], [`Error::InTransit`], [`Error::NoUnits`],
		///   [`Error::DuplicateUnit`], [`Error::NotInContainer`], [`Error::ContainerEmpty`],
		///   identifier errors.
		/// - Emits: [`Event::Unpacked`].
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::unpack(
			units.as_ref().map_or(T::MaxContainerSize::get(), |u| u.len() as u32)
		))]
		pub fn unpack(
			origin: OriginFor<T>,
			sscc: Sscc,
			units: Option<ContainerUnitsOf<T>>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let count = Self::do_unpack(who, sscc, units)?;
			Ok(Some(T::WeightInfo::unpack(count)).into())
		}

		/// Ships top-level units to an active wholesaler, dispenser, logistics provider or
		/// manufacturer. The units are in transit until received, rejected or cancelled; a
		/// container's contents go with it at no cost per pack.
		///
		/// - Origin: signed, acting for a trading partner holding every unit. The owner ships its
		///   goods anywhere; a custodian that does not own them ships them only to their owner
		///   (back to it, or on to whom it sold them where they lie), without a transfer of
		///   ownership.
		/// - Recalled or expired goods may only be shipped to the product's manufacturer; a
		///   quarantined (suspect or illegitimate) pack too, and alone in its shipment; a
		///   container holding a quarantined pack, dispensed or decommissioned goods never.
		/// - Holds `ShipmentDeposit` from the organization's admin account until the shipment is
		///   removed (`NoAdmin` without one).
		/// - Errors: [`Error::NoUnits`], [`Error::DuplicateUnit`], [`Error::ShipToSelf`],
		///   [`Error::RecipientNotEligible`], identifier errors, [`Error::PackNotFound`],
		///   [`Error::ContainerNotFound`], [`Error::InContainer`], [`Error::NotCustodian`],
		///   [`Error::NotOwner`], [`Error::InTransit`], [`Error::NotActive`], [`Error::Suspect`],
		///   [`Error::Illegitimate`], [`Error::QuarantinedNotAlone`], [`Error::Recalled`],
		///   [`Error::Expired`], [`Error::ProductNotFound`], [`Error::IdsExhausted`].
		/// - Emits: [`Event::Shipped`].
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::ship(units.len() as u32, T::MaxLotsPerContainer::get()))]
		pub fn ship(
			origin: OriginFor<T>,
			units: ShipmentUnitsOf<T>,
			to: OrgId,
			ti_hash: DocHash,
			transfer_ownership: bool,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_ship(who, units, to, ti_hash, transfer_ownership)
		}

		/// Receives a pending shipment: the addressee becomes custodian of every unit, and owner
		/// when the shipment transfers ownership.
		///
		/// - Origin: signed, acting for the addressee.
		/// - Errors: [`Error::ShipmentNotFound`], [`Error::NotAddressee`],
		///   [`Error::ShipmentNotPending`].
		/// - Emits: [`Event::Received`].
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::receive(T::MaxShipmentUnits::get()))]
		pub fn receive(origin: OriginFor<T>, shipment: ShipmentId) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let units = Self::do_receive(who, shipment)?;
			Ok(Some(T::WeightInfo::receive(units)).into())
		}

		/// Rejects a pending shipment: the units are active again at the sender, who kept custody.
		///
		/// - Origin: signed, acting for the addressee.
		/// - Errors: [`Error::ShipmentNotFound`], [`Error::NotAddressee`],
		///   [`Error::ShipmentNotPending`].
		/// - Emits: [`Event::Rejected`].
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::reject(T::MaxShipmentUnits::get()))]
		pub fn reject(origin: OriginFor<T>, shipment: ShipmentId) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let units = Self::do_return(who, shipment, false)?;
			Ok(Some(T::WeightInfo::reject(units)).into())
		}

		/// Cancels a pending shipment (e.g. sent by mistake, or to an addressee no longer able
		/// to receive): the units are active again at the sender.
		///
		/// - Origin: signed, acting for the sender.
		/// - Errors: [`Error::ShipmentNotFound`], [`Error::NotShipper`],
		///   [`Error::ShipmentNotPending`].
		/// - Emits: [`Event::ShipmentCancelled`].
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::cancel_shipment(T::MaxShipmentUnits::get()))]
		pub fn cancel_shipment(
			origin: OriginFor<T>,
			shipment: ShipmentId,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let units = Self::do_return(who, shipment, true)?;
			Ok(Some(T::WeightInfo::cancel_shipment(units)).into())
		}

		/// Removes a received, rejected or cancelled shipment and returns its deposit. The units'
		/// histories keep the shipment's steps and transaction information hash.
		///
		/// - Origin: signed, acting for the sender (admin or goods-handling member), whatever the
		///   organization's status: a suspended or revoked sender still recovers its deposit.
		///   Removing a closed shipment moves no goods.
		/// - Errors: [`Error::ShipmentNotFound`], [`Error::NotShipper`],
		///   [`Error::ShipmentPending`].
		/// - Emits: [`Event::ShipmentRemoved`].
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::remove_shipment())]
		pub fn remove_shipment(origin: OriginFor<T>, shipment: ShipmentId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_remove_shipment(who, shipment)
		}

		/// Dispenses a pack to a patient ("decommissioned as supplied"). No patient data is
		/// recorded.
		///
		/// - Origin: signed, acting for a `Dispenser` holding and owning the top-level pack (admin
		///   or `Pharmacist` member): stock held on another's account is not dispensed.
		/// - Errors: [`Error::InvalidGtin`], [`Error::InvalidSerial`], [`Error::PackNotFound`],
		///   [`Error::InContainer`], [`Error::NotCustodian`], [`Error::NotOwner`],
		///   [`Error::InTransit`], [`Error::NotActive`], [`Error::Suspect`],
		///   [`Error::Illegitimate`], [`Error::Recalled`], [`Error::Expired`].
		/// - Emits: [`Event::Dispensed`].
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::dispense())]
		pub fn dispense(origin: OriginFor<T>, gtin: Gtin, serial: Serial) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_dispense(who, gtin, serial)
		}

		/// Decommissions a pack for a reason (destroyed, stolen, sample, exported, locked).
		/// Recalled and expired packs may be decommissioned; quarantined ones may not.
		///
		/// - Origin: signed, acting for a trading partner holding and owning the top-level pack: a
		///   custodian that does not own it sends it back to its owner, which decides.
		/// - Errors: [`Error::InvalidGtin`], [`Error::InvalidSerial`], [`Error::PackNotFound`],
		///   [`Error::InContainer`], [`Error::NotCustodian`], [`Error::NotOwner`],
		///   [`Error::InTransit`], [`Error::NotActive`], [`Error::Suspect`],
		///   [`Error::Illegitimate`].
		/// - Emits: [`Event::Decommissioned`].
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::decommission())]
		pub fn decommission(
			origin: OriginFor<T>,
			gtin: Gtin,
			serial: Serial,
			reason: DecommissionReason,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_decommission(who, gtin, serial, reason)
		}

		/// Undoes a dispense or decommission (EU FMD): only by the same organization, within
		/// `UndoPeriod`, never for stolen or destroyed packs, nor for recalled, expired or
		/// illegitimate ones.
		///
		/// - Origin: signed, acting for the trading partner that dispensed or decommissioned the
		///   pack: a dispense only through its admin or a `Pharmacist` member (the ones who
		///   dispense), a decommission through any goods handler.
		/// - Errors: [`Error::InvalidGtin`], [`Error::InvalidSerial`], [`Error::PackNotFound`],
		///   [`Error::NotDecommissioned`], [`Error::UndoNotAllowed`], [`Error::NotDecommissioner`],
		///   [`Error::MemberRoleMissing`] (a dispense, undone by a member who is not a pharmacist),
		///   [`Error::UndoPeriodOver`], [`Error::Illegitimate`], [`Error::Recalled`],
		///   [`Error::Expired`].
		/// - Emits: [`Event::DecommissionUndone`].
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::undo_decommission())]
		pub fn undo_decommission(
			origin: OriginFor<T>,
			gtin: Gtin,
			serial: Serial,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_undo_decommission(who, gtin, serial)
		}

		/// Transfers ownership of top-level units to another trading partner without moving them
		/// (EPCIS `TransactionEvent`): e.g. the owner sells stock its logistics provider holds;
		/// the provider then ships it to the buyer without a transfer.
		///
		/// - Origin: signed, acting for a trading partner owning every unit.
		/// - The same goods rules as `ship`: recalled or expired goods only to the product's
		///   manufacturer; quarantined, dispensed or decommissioned goods never.
		/// - Errors: [`Error::NoUnits`], [`Error::DuplicateUnit`], [`Error::ShipToSelf`],
		///   [`Error::RecipientNotEligible`], identifier errors, [`Error::PackNotFound`],
		///   [`Error::ContainerNotFound`], [`Error::InContainer`], [`Error::NotOwner`],
		///   [`Error::InTransit`], [`Error::NotActive`], [`Error::Suspect`],
		///   [`Error::Illegitimate`], [`Error::Recalled`], [`Error::Expired`].
		/// - Emits: [`Event::OwnershipTransferred`].
		#[pallet::call_index(17)]
		#[pallet::weight(T::WeightInfo::transfer_ownership(
			units.len() as u32,
			T::MaxLotsPerContainer::get()
		))]
		pub fn transfer_ownership(
			origin: OriginFor<T>,
			units: ShipmentUnitsOf<T>,
			to: OrgId,
			ti_hash: DocHash,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_transfer_ownership(who, units, to, ti_hash)
		}

		/// Recalls a lot: from now on every pack of it, wherever it is and inside whatever
		/// container, is recalled. Costs the same whatever the lot's size.
		///
		/// - Origin: signed, acting for the product's manufacturer or a `Regulator` (admin or
		///   `Auditor` member).
		/// - Errors: [`Error::InvalidGtin`], [`Error::InvalidLotNumber`],
		///   [`Error::ProductNotFound`], [`Error::NotAuthority`], [`Error::LotNotFound`],
		///   [`Error::AlreadyRecalled`].
		/// - Emits: [`Event::LotRecalled`].
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::recall_lot())]
		pub fn recall_lot(
			origin: OriginFor<T>,
			gtin: Gtin,
			lot: LotNumber,
			reason: DocHash,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_recall_lot(who, gtin, lot, reason)
		}

		/// Marks a pack suspect: it is quarantined (cannot be packed, shipped, dispensed or
		/// decommissioned, nor can a container holding it be shipped or packed) until cleared.
		///
		/// - Origin: signed, acting for a trading partner that holds or owns the pack (in effect,
		///   also while it is inside a container; goods-handling member), or for a `Regulator`
		///   (admin or `Auditor` member), which may mark any pack.
		/// - Errors: [`Error::InvalidGtin`], [`Error::InvalidSerial`], [`Error::PackNotFound`],
		///   [`Error::NotHolder`], [`Error::InTransit`], [`Error::NotActive`],
		///   [`Error::AlreadySuspect`], [`Error::Illegitimate`].
		/// - Emits: [`Event::MarkedSuspect`].
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::mark_suspect())]
		pub fn mark_suspect(
			origin: OriginFor<T>,
			gtin: Gtin,
			serial: Serial,
			reason: DocHash,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_mark_suspect(who, gtin, serial, reason)
		}

		/// Clears a suspect pack after investigation: it may move again.
		///
		/// - Origin: signed, acting for a `Regulator`, which decides on any suspicion, or for the
		///   product's manufacturer, which may only withdraw a suspicion it raised itself: the
		///   maker of a suspect pack does not judge another's report on it (admin or `Auditor`
		///   member).
		/// - Errors: [`Error::InvalidGtin`], [`Error::InvalidSerial`], [`Error::PackNotFound`],
		///   [`Error::ProductNotFound`], [`Error::NotAuthority`], [`Error::NotSuspect`],
		///   [`Error::Illegitimate`], [`Error::SuspicionRaisedByAnother`].
		/// - Emits: [`Event::SuspectCleared`].
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::clear_suspect())]
		pub fn clear_suspect(
			origin: OriginFor<T>,
			gtin: Gtin,
			serial: Serial,
			reason: DocHash,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_clear_suspect(who, gtin, serial, reason)
		}

		/// Declares a pack illegitimate (final), whatever its state, and notifies every
		/// organization that held, owned or was sent it, as its trace shows. The notice list is
		/// complete or the declaration is refused: when older steps of the pack's history were
		/// dropped, or its containers' histories are more than one call reads (`MaxHistory`
		/// container histories), it fails with `NoticeListIncomplete`.
		///
		/// - Origin: signed, acting for the product's manufacturer or a `Regulator`.
		/// - Errors: [`Error::InvalidGtin`], [`Error::InvalidSerial`], [`Error::PackNotFound`],
		///   [`Error::ProductNotFound`], [`Error::NotAuthority`], [`Error::Illegitimate`]
		///   (already), [`Error::NoticeListIncomplete`].
		/// - Emits: [`Event::DeclaredIllegitimate`], then [`Event::IllegitimateProductNotice`] per
		///   organization.
		#[pallet::call_index(16)]
		#[pallet::weight(T::WeightInfo::declare_illegitimate())]
		pub fn declare_illegitimate(
			origin: OriginFor<T>,
			gtin: Gtin,
			serial: Serial,
			reason: DocHash,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_declare_illegitimate(who, gtin, serial, reason)
		}

		/// Destroys a quarantined pack: it is decommissioned as destroyed for good, its
		/// quarantine stays on record. DSCSA expects suspect and illegitimate product to be
		/// destroyed or returned; return it with `ship` (to its manufacturer, alone).
		///
		/// - Origin: signed, acting for a `Regulator` (admin or `Auditor` member), which may
		///   destroy any quarantined pack; or for the trading partner owning the pack (goods
		///   handler), only once the pack is declared illegitimate.
		/// - The pack must be top-level (its holder unpacks it first) and not in transit.
		/// - `reason` is a [`DestructionReason`], never free text.
		/// - Errors: [`Error::InvalidGtin`], [`Error::InvalidSerial`], the acting errors,
		///   [`Error::PackNotFound`], [`Error::InContainer`], [`Error::InTransit`],
		///   [`Error::NotActive`], [`Error::NotQuarantined`], [`Error::NotOwner`],
		///   [`Error::DestructionNeedsRegulator`].
		/// - Emits: [`Event::QuarantinedPackDestroyed`].
		#[pallet::call_index(20)]
		#[pallet::weight(T::WeightInfo::destroy_quarantined())]
		pub fn destroy_quarantined(
			origin: OriginFor<T>,
			gtin: Gtin,
			serial: Serial,
			reason: DestructionReason,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_destroy_quarantined(who, gtin, serial, reason)
		}

		/// Retires an expired lot: its deposit (`LotDeposit + PackDeposit * quantity`) goes back
		/// to the account that paid it. The lot and its packs stay on record (their history is
		/// kept for the legal retention period); nothing more is commissioned into it, as
		/// nothing is after expiry anyway.
		///
		/// - Origin: signed, acting for the manufacturer that created the lot (admin or
		///   goods-handling member), whatever the organization's status: giving back a deposit
		///   trades nothing.
		/// - Errors: [`Error::InvalidGtin`], [`Error::InvalidLotNumber`], [`Error::NotAMember`],
		///   [`Error::RoleNotHeld`], [`Error::MemberRoleMissing`], [`Error::LotNotFound`],
		///   [`Error::ProductNotFound`], [`Error::LotOfAnotherManufacturer`],
		///   [`Error::LotNotExpired`], [`Error::LotRetired`].
		/// - Emits: [`Event::LotRetired`], [`Event::DepositReleased`].
		#[pallet::call_index(21)]
		#[pallet::weight(T::WeightInfo::retire_lot())]
		pub fn retire_lot(origin: OriginFor<T>, gtin: Gtin, lot: LotNumber) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_retire_lot(who, gtin, lot)
		}

		/// Gives a product to another manufacturer: the one that now holds the GS1 company
		/// prefix of its GTIN (a product registered under another company's prefix, or a
		/// licence that moved with a sale). The former manufacturer's lots and packs stay
		/// its own: their traces keep naming it, and the new manufacturer commissions only into
		/// lots it creates.
		///
		/// - Origin: signed, acting for a `Regulator` (admin or `Auditor` member).
		/// - Errors: [`Error::InvalidGtin`], the acting errors, [`Error::ProductNotFound`],
		///   [`Error::ProductDeactivated`], [`Error::NotAManufacturer`] (`to` is not an active
		///   manufacturer), [`Error::AlreadyManufacturer`], [`Error::GtinNotOfCompanyPrefix`] (`to`
		///   does not hold the GTIN's prefix).
		/// - Emits: [`Event::ProductReassigned`].
		#[pallet::call_index(18)]
		#[pallet::weight(T::WeightInfo::reassign_product())]
		pub fn reassign_product(
			origin: OriginFor<T>,
			gtin: Gtin,
			to: OrgId,
			reason: DocHash,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_reassign_product(who, gtin, to, reason)
		}

		/// Deactivates a product for good (e.g. registered under another company's GTIN, or
		/// withdrawn): no lot is created and no pack commissioned for it again, and its packs
		/// verify as not sellable (`ProductDeactivated`). Packs already in trade keep moving
		/// under the usual rules; recall their lots to stop them. The product's registration
		/// deposit goes back to the account that paid it (`DepositReleased`).
		///
		/// - Origin: signed, acting for a `Regulator` (admin or `Auditor` member).
		/// - Errors: [`Error::InvalidGtin`], the acting errors, [`Error::ProductNotFound`],
		///   [`Error::ProductDeactivated`] (already).
		/// - Emits: [`Event::ProductDeactivated`].
		#[pallet::call_index(19)]
		#[pallet::weight(T::WeightInfo::deactivate_product())]
		pub fn deactivate_product(
			origin: OriginFor<T>,
			gtin: Gtin,
			reason: DocHash,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_deactivate_product(who, gtin, reason)
		}
	}

	/// The queries, for clients (as view functions) and for the runtime API
	/// (`pallet-supply-chain-runtime-api`, whose methods call these one to one).
	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// Verifies a package identifier (GTIN, serial, lot, expiry) as the industry's
		/// verification router does: `verified` when all four match a commissioned pack (the
		/// expiry compared as a date: day `00` is the last day of the month), else a failure
		/// reason; when verified, the pack's state (expired, recalled, product deactivated,
		/// quarantined, dispensed, decommissioned, in transit), whether it is sellable, its
		/// holder and owner.
		pub fn verify(
			gtin: Gtin,
			serial: Serial,
			lot: LotNumber,
			expiry: ExpiryDate,
		) -> VerificationResponse {
			Self::query_verify(gtin, serial, lot, expiry)
		}

		/// The custody history of a pack from commissioning to now, including the steps of the
		/// containers it was inside while it was inside them, in the order they happened.
		/// `None` when no such pack exists.
		pub fn trace(gtin: Gtin, serial: Serial) -> Option<Vec<TraceEntry>> {
			Self::query_trace(gtin, serial)
		}

		/// A pack with its effective owner, custodian and status (derived from its containers)
		/// and whether it is recalled, expired or quarantined.
		pub fn pack_state(gtin: Gtin, serial: Serial) -> Option<PackState> {
			Self::query_pack_state(gtin, serial)
		}

		/// A lot.
		pub fn lot(gtin: Gtin, lot: LotNumber) -> Option<Lot> {
			Lots::<T>::get(gtin, lot)
		}

		/// A product.
		pub fn product(gtin: Gtin) -> Option<Product> {
			Products::<T>::get(gtin)
		}

		/// A product's deactivation, if a regulator deactivated it.
		pub fn product_deactivation(gtin: Gtin) -> Option<ProductDeactivation> {
			DeactivatedProducts::<T>::get(gtin)
		}

		/// A container, with the lots inside it and their counts.
		pub fn container(sscc: Sscc) -> Option<Container<Vec<LotCount>>> {
			Self::query_container(sscc)
		}

		/// Up to `limit` (at most `MaxContainerSize`) units directly inside a container, after
		/// `start_after` (from the start when `None`), in storage order. Pass the last unit of
		/// a page to get the next one; an empty page means the end.
		pub fn container_contents(sscc: Sscc, start_after: Option<Unit>, limit: u32) -> Vec<Unit> {
			Self::query_container_contents(sscc, start_after, limit)
		}

		/// A shipment (removed shipments are gone; their steps stay in the units' histories).
		pub fn shipment(id: ShipmentId) -> Option<Shipment<Vec<Unit>>> {
			Self::query_shipment(id)
		}
	}
}
