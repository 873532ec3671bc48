//! The sample healthcare data of the `demo` preset: organizations, a grant, a record and
//! products, every account a well-known dev key.

use alloc::{format, vec, vec::Vec};
use healthchain_primitives::{
	blind::{self, BlindKey, Field},
	Action, Purpose,
};
use serde_json::{json, Value};
use sp_keyring::Sr25519Keyring;

/// Sample GTINs (valid GS1 check digits) registered in the `demo` preset.
pub const DEMO_GTINS: [&str; 2] = ["09506000134352", "00614141123452"];
/// The GS1 company prefixes of [`DEMO_GTINS`], held by PharmaCo in the `demo` preset.
pub const DEMO_COMPANY_PREFIXES: [&str; 2] = ["9506000", "0614141"];

/// The `demo` patient's record 0: a progress note (LOINC `11506-3`, as category and type),
/// labelled `N` (normal confidentiality), dated 2026-01-01, patient upload.
pub mod demo_record {
	use healthchain_primitives::{ContentHash, Moment};

	/// Category code.
	pub const CATEGORY: &[u8] = b"11506-3";
	/// Type code.
	pub const TYPE_CODE: &[u8] = b"11506-3";
	/// Security labels.
	pub const LABELS: [&[u8]; 1] = [b"N"];
	/// Clinical date: 2026-01-01T00:00:00Z.
	pub const DATE: Moment = 1_767_225_600_000;
	/// Hash of the (stand-in) encrypted blob; its bytes also salt the label fillers.
	pub const HASH: ContentHash = ContentHash::Sha256([7u8; 32]);
	/// Locator of the blob.
	pub const LOCATOR: &[u8] = b"demo://encrypted-blob";
}

/// The blind-index key of a dev account: the one a wallet derives from the account's secret URI
/// (`//Alice//stash` for `AliceStash`), as `blindKeyFromSuri` in `scripts/lib/blind.mjs` does.
pub fn demo_blind_key(key: Sr25519Keyring) -> BlindKey {
	let name: &'static str = key.into();
	blind::key_from_suri(format!("//{name}").as_bytes())
}

/// Accounts the `demo` preset funds beyond Alice..Ferdie.
pub fn demo_accounts() -> Vec<sp_runtime::AccountId32> {
	use Sr25519Keyring::*;
	[One, Two, AliceStash, BobStash].iter().map(|k| k.to_account_id()).collect()
}

/// The sample healthcare data of the `demo` genesis preset, as a JSON patch. Every account is
/// a well-known dev key, so polkadot.js and `scripts/hc.mjs` can sign for each:
///
/// | org (name in its metadata) | role | admin | members |
/// |---|---|---|---|
/// | 0 Medicines Agency | Regulator | `//Alice` (Auditor) | |
/// | 1 General Hospital | Provider | `//Bob` | `//Charlie` (Clinician, EmergencyClinician) |
/// | 2 City Clinic | Provider | `//Dave` | |
/// | 3 Research Institute | Researcher | `//Eve` | |
/// | 4 PharmaCo | Manufacturer (GS1 prefixes `9506000`, `0614141`) | `//Ferdie` | |
/// | 5 MedDistrib | Wholesaler | `//One` | |
/// | 6 Corner Pharmacy | Dispenser | `//Two` | `//Bob//stash` (Pharmacist) |
///
/// The patient `//Alice//stash` has granted General Hospital read access to all her records
/// for treatment, and has one record of her own ([`demo_record`]), whose codes, label and date
/// are on chain only as tags under her blind key ([`demo_blind_key`]). PharmaCo has registered
/// two products. The agency's admin holds the `Auditor` member role, so it reviews emergency
/// accesses for the oversight side.
pub fn demo_genesis() -> Value {
	use Sr25519Keyring::*;
	// Each organization's metadata pointer carries its display name inline, as an RFC 2397 data
	// URL, so that wallets and the web app name it without fetching anything.
	let org = |admin: Sr25519Keyring, role: &str, issuer: &str, name: &str| {
		json!({
			"admin": admin.to_account_id(),
			"roles": [role],
			"issuer": issuer,
			"metadata": format!("data:,{}", name.replace(' ', "%20")),
		})
	};
	// The regulator's admin is its auditor: only an auditor reviews emergency accesses for the
	// oversight side.
	let mut agency = org(Alice, "Regulator", "EMA", "Medicines Agency");
	agency["adminRoles"] = json!(["Auditor"]);
	let mut hospital = org(Bob, "Provider", "GLN-HOSPITAL-01", "General Hospital");
	hospital["members"] = json!([[Charlie.to_account_id(), ["Clinician", "EmergencyClinician"]]]);
	let mut pharmacy = org(Two, "Dispenser", "GLN-PHARMACY-01", "Corner Pharmacy");
	pharmacy["members"] = json!([[BobStash.to_account_id(), ["Pharmacist"]]]);
	// PharmaCo holds the GS1 company prefixes of its products' GTINs.
	let mut pharma_co = org(Ferdie, "Manufacturer", "0950600", "PharmaCo");
	pharma_co["companyPrefixes"] = json!(DEMO_COMPANY_PREFIXES);
	let patient = AliceStash.to_account_id();
	let grant = pallet_consent::GenesisGrant {
		patient: patient.clone(),
		grantee: pallet_consent::Grantee::Organization(1),
		purposes: vec![Purpose::Treatment],
		actions: vec![Action::Read],
		scope: pallet_consent::GenesisScope::AllRecords,
		valid_until: None,
	};
	let key = demo_blind_key(AliceStash);
	// 2026 lies well before the last expressible day (2149), and one label fits in the slots:
	// neither default is ever taken.
	let day = blind::day_of(demo_record::DATE).unwrap_or_default();
	let record = pallet_records::GenesisRecord {
		patient: patient.clone(),
		custodian: None,
		author: patient,
		category: blind::code_tag(&key, Field::Category, demo_record::CATEGORY),
		type_code: blind::code_tag(&key, Field::Type, demo_record::TYPE_CODE),
		labels: blind::label_tags(&key, &demo_record::LABELS, demo_record::HASH.digest())
			.unwrap_or_default(),
		dates: blind::date_tags(&key, day),
		hash: demo_record::HASH,
		locator: demo_record::LOCATOR.to_vec(),
		pending: false,
	};
	json!({
		// Genesis organizations and members are created already accepted (no
		// `accept_admin`/`accept_membership`): the demo's operators name only dev keys they hold.
		"organizations": { "organizations": [
			agency,
			hospital,
			org(Dave, "Provider", "GLN-CLINIC-01", "City Clinic"),
			org(Eve, "Researcher", "GLN-RESEARCH-01", "Research Institute"),
			pharma_co,
			org(One, "Wholesaler", "GLN-WHOLESALE-01", "MedDistrib"),
			pharmacy,
		]},
		"consent": { "grants": [grant] },
		"records": { "records": [record] },
		"supplyChain": { "products": DEMO_GTINS.iter().map(|gtin| {
			json!([gtin.as_bytes(), 4, ([1u8; 32])])
		}).collect::<Vec<_>>() },
	})
}
