//! Configuration of the healthcare pallets: organizations, consent, records, the key directory
//! and the supply chain. Every runtime built from this crate (solo chain and parachain) uses this one module,
//! so the pallets behave the same wherever they run.
//!
//! The pallets meet through the traits of `healthchain-primitives`, wired here:
//! organizations answer "who may act as what" for the other three; consent decides access for
//! records; records tell consent each record's patient, chain and blind facts (category, label
//! and date tags), and drop wrapped keys when a grant ends.

use crate::{
	Balance, Balances, Consent, Organizations, Records, Runtime, RuntimeHoldReason, Timestamp,
	MILLI_UNIT, UNIT,
};
use alloc::{format, vec, vec::Vec};
use codec::MaxEncodedLen;
use frame_support::{parameter_types, traits::ConstU32, weights::Weight};
use healthchain_primitives::{
	blind::{self, BlindKey, Field},
	Action, ContentHash, Purpose,
};
use serde_json::{json, Value};
use sp_keyring::Sr25519Keyring;

/// Milliseconds in an hour and a day, for the time limits below.
const HOUR_MS: u64 = 60 * 60 * 1000;
const DAY_MS: u64 = 24 * HOUR_MS;

parameter_types! {
	/// Held from an organization's admin while the organization is registered.
	pub const OrganizationDeposit: Balance = 10 * UNIT;
	/// Held from an organization's admin per member.
	pub const MemberDeposit: Balance = UNIT;
}

/// Accreditation: Root (sudo, later governance) or an active regulator's admin accredits;
/// only Root acts on regulators themselves.
impl pallet_organizations::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type AccreditationOrigin = pallet_organizations::EnsureRootOrRegulator<Runtime>;
	type OrganizationDeposit = OrganizationDeposit;
	type MemberDeposit = MemberDeposit;
	type MaxMetadataLen = ConstU32<256>;
	type MaxMembers = ConstU32<10_000>;
	type MaxHistory = ConstU32<32>;
	// Enough for a ward's intake at once; each pending one holds a member deposit.
	type MaxInvitations = ConstU32<64>;
	type WeightInfo = pallet_organizations::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// A grant's deposit: a base plus a part per byte of the stored grant.
	pub const ConsentDepositBase: Balance = 10 * MILLI_UNIT;
	pub const ConsentDepositPerByte: Balance = 10 * MILLI_UNIT / 1_000;
	/// Held from the patient per guardian.
	pub const GuardianDeposit: Balance = 10 * MILLI_UNIT;
	/// Emergency access lasts at most 12 hours.
	pub const MaxEmergencyDuration: u64 = 12 * HOUR_MS;
	/// A clinician may open at most `MaxEmergencyPerWindow` emergency accesses a day, an
	/// organization `MaxEmergencyPerOrganization`, and a patient is the subject of at most
	/// `MaxEmergencyPerPatient`.
	pub const EmergencyWindow: u64 = DAY_MS;
	/// Held from the admin of the clinician's organization per emergency access, released at
	/// its first review. An access is kept for good (about 400 bytes with its indexes: 14
	/// milli-units by the grants' formula); ten times that makes the organization's cap, 100 a
	/// day, hold up to 10 units of the admin's funds (the organization deposit) while nobody
	/// reviews them: felt by an organization that lets its clinicians break the glass at will,
	/// nothing for a real emergency.
	pub const EmergencyDeposit: Balance = 100 * MILLI_UNIT;
}

/// Consent: bounded grants, cheap checks (a handful of reads per decision).
impl pallet_consent::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Time = Timestamp;
	type Organizations = Organizations;
	type Records = Records;
	type OnGrantEnded = Records;
	type DepositBase = ConsentDepositBase;
	type DepositPerByte = ConsentDepositPerByte;
	type GuardianDeposit = GuardianDeposit;
	type MaxScopeItems = ConstU32<16>;
	type MaxExceptions = ConstU32<8>;
	type MaxGrantsPerPair = ConstU32<8>;
	type MaxGuardians = ConstU32<4>;
	type MaxGrantsPerGuardian = ConstU32<32>;
	type MaxEmergencyDuration = MaxEmergencyDuration;
	type EmergencyWindow = EmergencyWindow;
	type MaxEmergencyPerWindow = ConstU32<10>;
	// An organization's clinicians together: an admin makes as many emergency clinicians as it
	// likes, so the cap per clinician alone bounds nothing. A busy emergency department sees a
	// few hundred patients a day, but breaks the glass only for those who cannot consent and
	// have no grant (unconscious, no arrangement): tens at most. 100 leaves room for a disaster
	// and still bounds what one organization reads.
	type MaxEmergencyPerOrganization = ConstU32<100>;
	// One emergency brings a handful of clinicians to a patient (emergency physician,
	// anaesthetist, radiologist, surgeon, intensivist), each opening its own access; 8 a day
	// leaves room for a transfer to a second hospital, and stops a flood of accesses to one
	// person's records (a public figure's, say) there. A clinician refused can still be given a
	// grant by the patient or a guardian.
	type MaxEmergencyPerPatient = ConstU32<8>;
	type EmergencyDeposit = EmergencyDeposit;
	type WeightInfo = pallet_consent::weights::SubstrateWeight<Runtime>;
	// A patient refuses a few named people or organizations; the decision reads them all at
	// worst, and `log_access`'s weight counts 16.
	type MaxDeniesPerPatient = ConstU32<16>;
}

parameter_types! {
	/// A record's (and a wrapped key's) deposit: a base plus a part per stored byte.
	pub const RecordDepositBase: Balance = 10 * MILLI_UNIT;
	pub const RecordDepositPerByte: Balance = 10 * MILLI_UNIT / 1_000;
	/// A consent decision at its worst case, charged on top of the records calls that ask for
	/// one: consent's `log_access` benchmarked over 16 grants (twice `MaxGrantsPerPair`, the
	/// pair's grants to the accessor and to its organization), which makes the same decision.
	pub RecordsConsentDecisionWeight: Weight =
		<pallet_consent::weights::SubstrateWeight<Runtime> as pallet_consent::WeightInfo>::log_access(16);
}

/// EHR pointers: locators up to 512 bytes, keys up to 256 (an X25519 sealed box of a 32-byte
/// key is 80).
impl pallet_records::Config for Runtime {
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type Organizations = Organizations;
	type Consent = Consent;
	type DepositBase = RecordDepositBase;
	type DepositPerByte = RecordDepositPerByte;
	type MaxLocatorLen = ConstU32<512>;
	type MaxWrappedKeyLen = ConstU32<256>;
	type MaxKeysPerRecord = ConstU32<32>;
	type MaxKeysRemovedOnGrantEnd = ConstU32<128>;
	type MaxVersions = ConstU32<32>;
	type ConsentDecisionWeight = RecordsConsentDecisionWeight;
	type WeightInfo = pallet_records::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// A published encryption key's deposit, by the records' formula: the base plus a part per
	/// byte of the stored entry (key, version, block and deposit: 56 bytes).
	pub KeyDeposit: Balance = RecordDepositBase::get().saturating_add(
		RecordDepositPerByte::get().saturating_mul(
			pallet_key_directory::PublishedKeyOf::<Runtime>::max_encoded_len() as Balance,
		),
	);
}

/// The key directory: each account's X25519 key, to which wallets seal record keys (HPKE).
impl pallet_key_directory::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type KeyDeposit = KeyDeposit;
	type WeightInfo = pallet_key_directory::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	pub const ProductDeposit: Balance = UNIT;
	pub const LotDeposit: Balance = UNIT / 10;
	/// Held per pack a lot may hold, when the lot is created: commissioning moves no funds.
	pub const PackDeposit: Balance = UNIT / 10_000;
	pub const ContainerDeposit: Balance = UNIT / 100;
	pub const ShipmentDeposit: Balance = UNIT / 100;
	/// EU FMD: a decommission may be undone by the same party within 10 days.
	pub const UndoPeriod: u64 = 10 * DAY_MS;
}

/// The drug supply chain: commission up to 1,000 packs a call; cases of up to 100 units on
/// pallets of up to 100 cases.
impl pallet_supply_chain::Config for Runtime {
	type Organizations = Organizations;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Time = Timestamp;
	type ProductDeposit = ProductDeposit;
	type LotDeposit = LotDeposit;
	type PackDeposit = PackDeposit;
	type ContainerDeposit = ContainerDeposit;
	type ShipmentDeposit = ShipmentDeposit;
	type MaxCommissionBatch = ConstU32<1_000>;
	type MaxContainerSize = ConstU32<100>;
	type MaxLotsPerContainer = ConstU32<64>;
	type MaxNestingDepth = ConstU32<3>;
	type MaxShipmentUnits = ConstU32<32>;
	type MaxHistory = ConstU32<32>;
	type UndoPeriod = UndoPeriod;
	type WeightInfo = pallet_supply_chain::weights::SubstrateWeight<Runtime>;
}

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

/// The bytes a content hash commits to, whatever its algorithm: the salt of a record's label
/// fillers.
pub fn hash_bytes(hash: &ContentHash) -> &[u8; 32] {
	match hash {
		ContentHash::Sha256(bytes) | ContentHash::Blake2_256(bytes) => bytes,
	}
}

/// Accounts the `demo` preset funds beyond Alice..Ferdie.
pub fn demo_accounts() -> Vec<sp_runtime::AccountId32> {
	use Sr25519Keyring::*;
	[One, Two, AliceStash, BobStash].iter().map(|k| k.to_account_id()).collect()
}

/// The sample healthcare data of the `demo` genesis preset, as a JSON patch. Every account is
/// a well-known dev key, so polkadot.js and `scripts/hc.mjs` can sign for each:
///
/// | org | role | admin | members |
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
	let org = |admin: Sr25519Keyring, role: &str, issuer: &str| json!({ "admin": admin.to_account_id(), "roles": [role], "issuer": issuer });
	// The regulator's admin is its auditor: only an auditor reviews emergency accesses for the
	// oversight side.
	let mut agency = org(Alice, "Regulator", "EMA");
	agency["adminRoles"] = json!(["Auditor"]);
	let mut hospital = org(Bob, "Provider", "GLN-HOSPITAL-01");
	hospital["members"] = json!([[Charlie.to_account_id(), ["Clinician", "EmergencyClinician"]]]);
	let mut pharmacy = org(Two, "Dispenser", "GLN-PHARMACY-01");
	pharmacy["members"] = json!([[BobStash.to_account_id(), ["Pharmacist"]]]);
	// PharmaCo holds the GS1 company prefixes of its products' GTINs.
	let mut pharma_co = org(Ferdie, "Manufacturer", "0950600");
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
		labels: blind::label_tags(&key, &demo_record::LABELS, hash_bytes(&demo_record::HASH))
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
			org(Dave, "Provider", "GLN-CLINIC-01"),
			org(Eve, "Researcher", "GLN-RESEARCH-01"),
			pharma_co,
			org(One, "Wholesaler", "GLN-WHOLESALE-01"),
			pharmacy,
		]},
		"consent": { "grants": [grant] },
		"records": { "records": [record] },
		"supplyChain": { "products": DEMO_GTINS.iter().map(|gtin| {
			json!([gtin.as_bytes(), 4, ([1u8; 32])])
		}).collect::<Vec<_>>() },
	})
}
