//! Runtime API of the Healthchain supply-chain pallet.
//!
//! The runtime implements each method with one line calling the pallet's query function
//! (`pallet_supply_chain::Pallet::<Runtime>::x`): `verify`, `trace`, `pack` (calls `pack_state`),
//! `lot`, `product`, `container`, `container_contents`, `shipment`. The same queries are the
//! pallet's view functions.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

use alloc::vec::Vec;
pub use pallet_supply_chain::{
	Container, ExpiryDate, Gtin, Lot, LotCount, LotNumber, PackState, Product, Serial, Shipment,
	ShipmentId, Sscc, TraceEntry, Unit, VerificationResponse,
};

sp_api::decl_runtime_apis! {
	/// Queries of the drug supply chain: verification, trace and lookups.
	///
	/// Version 2 names `pack_state` as the pallet's view function is named (`pack` in version 1;
	/// `pack` is a call).
	#[api_version(2)]
	pub trait SupplyChainApi {
		/// Verifies a package identifier as the industry's verification router does: `verified`
		/// and a failure reason (`No_match_GTIN_Serial`...), and when verified the pack's state
		/// (`Expired`, `Recalled`, `Suspect`, `Illegitimate`, dispensed, decommissioned, in
		/// transit), whether it is sellable, and its current holder and owner.
		fn verify(
			gtin: Gtin,
			serial: Serial,
			lot: LotNumber,
			expiry: ExpiryDate,
		) -> VerificationResponse;

		/// The custody history of a pack from commissioning to now, including the steps of the
		/// containers it was inside; `None` when no such pack exists.
		fn trace(gtin: Gtin, serial: Serial) -> Option<Vec<TraceEntry>>;

		/// A pack with its effective owner, custodian and status.
		#[renamed("pack", 2)]
		fn pack_state(gtin: Gtin, serial: Serial) -> Option<PackState>;

		/// A lot.
		fn lot(gtin: Gtin, lot: LotNumber) -> Option<Lot>;

		/// A product.
		fn product(gtin: Gtin) -> Option<Product>;

		/// A container with the lots inside it.
		fn container(sscc: Sscc) -> Option<Container<Vec<LotCount>>>;

		/// Up to `limit` units directly inside a container, after `start_after`.
		fn container_contents(sscc: Sscc, start_after: Option<Unit>, limit: u32) -> Vec<Unit>;

		/// A shipment.
		fn shipment(id: ShipmentId) -> Option<Shipment<Vec<Unit>>>;
	}
}
