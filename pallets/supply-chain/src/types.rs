//! Identifiers, stored records and query answers of the supply-chain pallet.
//!
//! Identifiers are the GS1 ones, kept as the ASCII text printed on the pack: a GTIN is the 14
//! digits of AI `01`, a serial the characters of AI `21`, and so on. Storing the text keeps the
//! chain's keys equal to what a scanner reads and what an EPCIS document carries.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{traits::ConstU32, BoundedVec};
use healthchain_primitives::{Moment, OrgId};
use scale_info::TypeInfo;

pub use healthchain_primitives::gs1::{ExpiryDate, Gtin, Sscc, EXPIRY_LEN, GTIN_LEN, SSCC_LEN};
/// Longest serial number (GS1 AI `21`), in characters.
pub const MAX_SERIAL_LEN: u32 = 20;
/// Longest lot or batch number (GS1 AI `10`), in characters.
pub const MAX_LOT_LEN: u32 = 20;

/// A serial number: 1 to 20 characters of the GS1 82-character set.
pub type Serial = BoundedVec<u8, ConstU32<MAX_SERIAL_LEN>>;
/// A lot (batch) number: 1 to 20 characters of the GS1 82-character set.
pub type LotNumber = BoundedVec<u8, ConstU32<MAX_LOT_LEN>>;
/// A 32-byte hash of an off-chain document (product master data, transaction information,
/// investigation report...).
pub type DocHash = [u8; 32];
/// Identifier of a shipment.
pub type ShipmentId = u64;
/// Position of a history entry in the pallet-wide order of recorded events. Each call that
/// records history takes the next number, so entries of different units can be merged in the
/// order they happened even within one block.
pub type Seq = u64;

/// Derives of query answers that hold plain vectors (not stored, so not `MaxEncodedLen`).
macro_rules! answer_type {
	($item:item) => {
		#[derive(Encode, Decode, DecodeWithMemTracking, TypeInfo, Clone, PartialEq, Eq, Debug)]
		$item
	};
}

/// Derives shared by the value types of this module.
macro_rules! value_type {
	($item:item) => {
		#[derive(
			Encode,
			Decode,
			DecodeWithMemTracking,
			MaxEncodedLen,
			TypeInfo,
			Clone,
			PartialEq,
			Eq,
			Debug,
		)]
		$item
	};
}

value_type! {
/// A registered product (trade item).
pub struct Product {
	/// The manufacturer (marketing authorisation holder) organization: the one that registered
	/// it under one of its GS1 company prefixes, or the one a regulator reassigned it to. The
	/// only one that may create lots and commission packs of it.
	pub manufacturer: OrgId,
	/// Hash of the product master data kept off chain.
	pub metadata: DocHash,
	/// When it was registered (ms since the Unix epoch; 0 for products of the genesis).
	pub registered_at: Moment,
}
}

value_type! {
#[derive(Copy)]
/// A regulator's withdrawal of a product: no lot is created and no pack commissioned for it
/// again, and its packs verify as not sellable. Final: a GTIN is never given to another product.
pub struct ProductDeactivation {
	/// The regulator organization that decided.
	pub by: OrgId,
	/// When (ms since the Unix epoch).
	pub at: Moment,
	/// Hash of the decision.
	pub reason: DocHash,
}
}

value_type! {
/// A lot recall.
pub struct Recall {
	/// The organization (the product's manufacturer or a regulator) that recalled the lot.
	pub by: OrgId,
	/// When (ms since the Unix epoch).
	pub at: Moment,
	/// Position of the recall in the order of recorded events (see [`Seq`]).
	pub seq: Seq,
	/// Hash of the recall notice.
	pub reason: DocHash,
}
}

value_type! {
/// A lot (batch) of a product.
pub struct Lot {
	/// The expiry date as printed (`YYMMDD`).
	pub expiry: ExpiryDate,
	/// The first millisecond at which the lot is expired: midnight UTC after its expiry date.
	pub expires_at: Moment,
	/// How many packs the lot may hold (declared by the manufacturer).
	pub quantity: u32,
	/// How many packs have been commissioned into it.
	pub commissioned: u32,
	/// When the lot was created.
	pub created_at: Moment,
	/// The recall of the lot, if recalled. Every pack of the lot is recalled from then on.
	pub recall: Option<Recall>,
}
}

value_type! {
#[derive(Copy)]
/// Why a pack left the supply chain other than by being dispensed (EU FMD pack states).
pub enum DecommissionReason {
	/// Destroyed. Final.
	Destroyed,
	/// Stolen. Final.
	Stolen,
	/// Taken as a sample (e.g. by an authority).
	Sample,
	/// Exported out of the market.
	Exported,
	/// Locked (temporarily out of trade, e.g. pending a decision).
	Locked,
}
}

value_type! {
#[derive(Copy)]
/// Why a quarantined pack was destroyed (`destroy_quarantined`): the DSCSA kinds of illegitimate
/// product, or a suspicion that could not be cleared. A closed list, never free text: the pack
/// may have come back from a patient, and words could say something about them.
pub enum DestructionReason {
	/// Counterfeit.
	Counterfeit,
	/// Diverted from its intended market or channel.
	Diverted,
	/// Stolen.
	Stolen,
	/// Intentionally adulterated.
	Adulterated,
	/// The subject of a fraudulent transaction.
	FraudulentTransaction,
	/// Otherwise unfit for distribution (e.g. tampered with, or handled out of its conditions).
	UnfitForDistribution,
	/// The suspicion could not be cleared, and the pack is destroyed to be safe.
	SuspicionNotCleared,
}
}

value_type! {
#[derive(Copy)]
/// The lifecycle state of a pack or a container as stored on it.
///
/// A unit inside a container keeps `Active` while inside: its effective state is its top
/// container's (see [`PackState`]).
pub enum PackStatus {
	/// In trade and at its custodian.
	Active,
	/// Shipped in the shipment and not yet received or returned.
	InTransit(ShipmentId),
	/// Supplied to a patient ("decommissioned as supplied").
	Dispensed,
	/// Decommissioned for the reason.
	Decommissioned(DecommissionReason),
}
}

value_type! {
#[derive(Copy)]
/// A quarantine on a pack.
pub enum AlertKind {
	/// Suspect product: quarantined while investigated; it may not move.
	Suspect,
	/// Illegitimate product: final; it may never move again.
	Illegitimate,
}
}

value_type! {
#[derive(Copy)]
/// Who ended a pack's trade life (dispensed or decommissioned it) and when.
pub struct EndOfLife {
	/// The organization.
	pub by: OrgId,
	/// When (ms since the Unix epoch).
	pub at: Moment,
}
}

value_type! {
/// A serialised pack (saleable unit).
pub struct Pack {
	/// Its lot.
	pub lot: LotNumber,
	/// Its stored status (see [`PackStatus`] for packs inside containers).
	pub status: PackStatus,
	/// The organization that owns it (EPCIS `owning_party`). Stale while inside a container.
	pub owner: OrgId,
	/// The organization that holds it (EPCIS `possessing_party`). Stale while inside a
	/// container.
	pub custodian: OrgId,
	/// The container it is directly inside, if any.
	pub parent: Option<Sscc>,
	/// The quarantine it is under, if any; details in `PackAlerts`.
	pub alert: Option<AlertKind>,
	/// Who dispensed or decommissioned it, while it is dispensed or decommissioned.
	pub ended: Option<EndOfLife>,
	/// When it was commissioned.
	pub commissioned_at: Moment,
}
}

value_type! {
/// The details of a pack's quarantine.
pub struct Alert {
	/// Suspect or illegitimate.
	pub kind: AlertKind,
	/// The organization that raised it (the last decision, for illegitimate).
	pub by: OrgId,
	/// When.
	pub at: Moment,
	/// Hash of the report (suspect notice or illegitimacy determination).
	pub reason: DocHash,
}
}

value_type! {
#[derive(Copy)]
/// What kind of logistic unit a container is. Informational: any container may hold packs
/// and other containers, within the nesting limit.
pub enum ContainerKind {
	/// A case (carton, tote).
	Case,
	/// A pallet.
	Pallet,
}
}

value_type! {
/// How many packs of one lot are inside a container, at any depth.
pub struct LotCount {
	/// The product.
	pub gtin: Gtin,
	/// The lot.
	pub lot: LotNumber,
	/// Packs of the lot inside, at any depth.
	pub packs: u32,
}
}

value_type! {
/// A logistic unit identified by an SSCC. `Lots` is the list of [`LotCount`]s: bounded in
/// storage, a plain vector in query answers.
///
/// The container keeps a summary of what it holds at any depth (the lots and how many
/// quarantined packs), so that shipping it checks recalls, expiry and quarantine without
/// reading a single pack.
pub struct Container<Lots> {
	/// Case or pallet.
	pub kind: ContainerKind,
	/// The organization that owns it and, in effect, everything inside it.
	pub owner: OrgId,
	/// The organization that holds it and everything inside it.
	pub custodian: OrgId,
	/// The container it is directly inside, if any.
	pub parent: Option<Sscc>,
	/// Number of units (packs and containers) directly inside.
	pub children: u32,
	/// Upper bound of the number of container levels inside it, itself included (1: holds
	/// only packs). Reset to 0 when emptied.
	pub height: u8,
	/// `Active` or `InTransit` (containers are never dispensed or decommissioned).
	pub status: PackStatus,
	/// The lots of the packs inside at any depth, with counts.
	pub lots: Lots,
	/// Number of quarantined (suspect or illegitimate) packs inside at any depth.
	pub alerts: u32,
	/// When it was first packed.
	pub created_at: Moment,
}
}

value_type! {
/// A unit of trade handled as one: a serialised pack or a container.
#[derive(PartialOrd, Ord)]
pub enum Unit {
	/// A pack, by GTIN and serial.
	Pack(Gtin, Serial),
	/// A container, by SSCC.
	Container(Sscc),
}
}

value_type! {
#[derive(Copy)]
/// Where a shipment stands.
pub enum ShipmentStatus {
	/// Sent and not yet received or returned.
	Pending,
	/// Received by the addressee at the time.
	Received(Moment),
	/// Rejected by the addressee at the time; custody stayed with the sender.
	Rejected(Moment),
	/// Cancelled by the sender at the time; custody stayed with the sender.
	Cancelled(Moment),
}
}

value_type! {
/// A shipment of top-level units from one organization to another. `Units` is the list of
/// [`Unit`]s: bounded in storage, a plain vector in query answers.
pub struct Shipment<Units> {
	/// The sending organization (custodian of every unit when sent).
	pub from: OrgId,
	/// The addressee.
	pub to: OrgId,
	/// The units shipped (each a pack or a container, with everything inside it).
	pub units: Units,
	/// Hash of the DSCSA transaction information and statement (kept off chain).
	pub ti_hash: DocHash,
	/// Whether ownership passes to the addressee on receipt (a sale), or only custody (a
	/// move to or from a logistics provider).
	pub transfer_ownership: bool,
	/// Where it stands.
	pub status: ShipmentStatus,
	/// When it was sent.
	pub created_at: Moment,
}
}

value_type! {
/// Which stored item a deposit pays for.
pub enum DepositKey {
	/// A product registration.
	Product(Gtin),
	/// A lot and the packs it may hold.
	Lot(Gtin, LotNumber),
	/// A container.
	Container(Sscc),
	/// A shipment.
	Shipment(ShipmentId),
}
}

value_type! {
/// A deposit held for a stored item.
pub struct Deposit<AccountId, Balance> {
	/// The account the deposit is held from and returned to.
	pub who: AccountId,
	/// The amount held.
	pub amount: Balance,
}
}

value_type! {
/// What happened to a unit, as recorded in its history.
pub enum Step {
	/// Packed into the container (EPCIS `AggregationEvent` ADD, business step `packing`).
	Packed {
		/// The container.
		into: Sscc,
	},
	/// Taken out of the container (`AggregationEvent` DELETE, `unpacking`).
	Unpacked {
		/// The container.
		from: Sscc,
	},
	/// Shipped (`shipping`, disposition `in_transit`).
	Shipped {
		/// The shipment.
		shipment: ShipmentId,
		/// Sender.
		from: OrgId,
		/// Addressee.
		to: OrgId,
		/// Whether ownership passes on receipt.
		transfer_ownership: bool,
		/// Hash of the transaction information.
		ti_hash: DocHash,
	},
	/// Received (`receiving`).
	Received {
		/// The shipment.
		shipment: ShipmentId,
		/// The new custodian.
		custodian: OrgId,
		/// The owner after receipt.
		owner: OrgId,
	},
	/// Ownership passed without a move (EPCIS `TransactionEvent`): e.g. stock held by a
	/// logistics provider was sold.
	OwnershipTransferred {
		/// The former owner.
		from: OrgId,
		/// The new owner.
		to: OrgId,
		/// Hash of the transaction information.
		ti_hash: DocHash,
	},
	/// Rejected by the addressee; custody stays with the sender.
	Rejected {
		/// The shipment.
		shipment: ShipmentId,
		/// The addressee that rejected it.
		by: OrgId,
	},
	/// Cancelled by the sender before receipt.
	Cancelled {
		/// The shipment.
		shipment: ShipmentId,
		/// The sender.
		by: OrgId,
	},
	/// Dispensed (`dispensing`, disposition `dispensed`).
	Dispensed {
		/// The dispenser.
		by: OrgId,
	},
	/// Decommissioned (`decommissioning` / `destroying`).
	Decommissioned {
		/// The organization.
		by: OrgId,
		/// Why.
		reason: DecommissionReason,
	},
	/// A dispense or decommission undone.
	DecommissionUndone {
		/// The organization.
		by: OrgId,
	},
	/// Marked suspect (disposition `no_pedigree_match`).
	MarkedSuspect {
		/// The holder, owner or regulator that marked it.
		by: OrgId,
	},
	/// Suspect cleared after investigation.
	SuspectCleared {
		/// The regulator, or the manufacturer that raised the suspicion.
		by: OrgId,
	},
	/// Declared illegitimate.
	DeclaredIllegitimate {
		/// The manufacturer or regulator.
		by: OrgId,
	},
	/// Destroyed while quarantined (`destroying`, disposition `destroyed`).
	DestroyedInQuarantine {
		/// The regulator, or the owner of an illegitimate pack.
		by: OrgId,
		/// Why.
		reason: DestructionReason,
	},
}
}

value_type! {
/// One entry of a unit's history.
pub struct HistoryEntry {
	/// Position in the pallet-wide order of recorded events.
	pub seq: Seq,
	/// When (ms since the Unix epoch).
	pub at: Moment,
	/// What happened.
	pub step: Step,
}
}

value_type! {
/// What a trace entry says.
pub enum TraceStep {
	/// The pack was commissioned by its manufacturer (first entry of every trace).
	Commissioned {
		/// The manufacturer that created its lot, first owner and custodian.
		manufacturer: OrgId,
	},
	/// A recorded step of the unit named in the entry: the pack itself or a container it was
	/// inside at the time.
	Recorded(Step),
	/// The pack's lot was recalled.
	LotRecalled {
		/// Who recalled it.
		by: OrgId,
		/// Hash of the recall notice.
		reason: DocHash,
	},
	/// Older entries of the unit's history were dropped (the history keeps the latest
	/// `MaxHistory` entries); the events remain on an archive node or indexer.
	EarlierHistoryDropped {
		/// How many entries were dropped.
		count: u32,
	},
	/// The trace did not follow the unit's containers further (nesting or read budget
	/// reached); the events remain on an archive node or indexer.
	Incomplete,
}
}

value_type! {
/// One entry of a pack's trace (custody history).
pub struct TraceEntry {
	/// Position in the pallet-wide order of recorded events (0 for commissioning).
	pub seq: Seq,
	/// When (ms since the Unix epoch).
	pub at: Moment,
	/// The unit the step happened to: the pack, or a container it was inside.
	pub unit: Unit,
	/// What happened.
	pub step: TraceStep,
}
}

value_type! {
#[derive(Copy)]
/// Why a verification failed, as the industry's verification router answers.
pub enum FailureReason {
	/// `No_match_GTIN_Serial`: no pack with this GTIN and serial.
	NoMatchGtinSerial,
	/// `No_match_GTIN_Serial_Lot`: the pack exists but its lot differs.
	NoMatchGtinSerialLot,
	/// `No_match_GTIN_Serial_Expiry`: the pack exists but its expiry differs.
	NoMatchGtinSerialExpiry,
	/// `No_match_GTIN_Serial_Lot_Expiry`: the pack exists but lot and expiry both differ.
	NoMatchGtinSerialLotExpiry,
}
}

value_type! {
#[derive(Copy)]
/// Additional information of a verification (the router's `additionalInfo`, extended with the
/// EU FMD pack states).
pub enum AdditionalInfo {
	/// `Expired`: past its expiry date now.
	Expired,
	/// `Recalled`: its lot is recalled.
	Recalled,
	/// `Suspect`: quarantined as suspect product.
	Suspect,
	/// `Illegitimate`: declared illegitimate product.
	Illegitimate,
	/// Supplied to a patient ("decommissioned as supplied").
	Dispensed,
	/// Decommissioned for the reason.
	Decommissioned(DecommissionReason),
	/// In transit in a shipment (itself or its container).
	InTransit,
	/// Its product was deactivated by a regulator (e.g. registered under another company's
	/// GTIN, or withdrawn from the market).
	ProductDeactivated,
}
}

answer_type! {
/// The answer to a verification request (GTIN, serial, lot, expiry).
pub struct VerificationResponse {
	/// Whether the four fields match a commissioned pack.
	pub verified: bool,
	/// Why not, when not verified.
	pub failure_reason: Option<FailureReason>,
	/// The pack's state, when verified (empty otherwise, so that guessing serials reveals
	/// nothing).
	pub additional_info: Vec<AdditionalInfo>,
	/// Verified and no additional information: genuine and fit to be sold or dispensed.
	pub sellable: bool,
	/// The organization holding the pack now, when verified.
	pub holder: Option<OrgId>,
	/// The organization owning the pack now, when verified.
	pub owner: Option<OrgId>,
}
}

value_type! {
/// A pack as stored together with its effective state derived from its containers and lot.
pub struct PackState {
	/// The stored record.
	pub pack: Pack,
	/// Effective owner (its top container's while inside one).
	pub owner: OrgId,
	/// Effective custodian (its top container's while inside one).
	pub custodian: OrgId,
	/// Effective status (`InTransit` while its top container is).
	pub status: PackStatus,
	/// The outermost container it is inside, if any.
	pub top_container: Option<Sscc>,
	/// Whether its lot is recalled.
	pub recalled: bool,
	/// Whether it is past its expiry now.
	pub expired: bool,
	/// Quarantine details, if quarantined.
	pub alert: Option<Alert>,
}
}
