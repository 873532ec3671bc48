//! Configuration of the healthcare pallets: organizations, consent, records, the key directory
//! and the supply chain. Every runtime built from this crate (solo chain and parachain) uses this one module,
//! so the pallets behave the same wherever they run.
//!
//! The pallets meet through the traits of `healthchain-primitives`, wired here:
//! organizations answer "who may act as what" for the other three; consent decides access for
//! records; records tell consent each record's patient, chain and blind facts (category, label
//! and date tags), and drop wrapped keys when a grant ends.

use crate::{
	Balance, Balances, BlockNumber, Consent, Organizations, Records, Runtime, RuntimeHoldReason,
	Timestamp, DAYS, MILLI_UNIT, MINUTES, UNIT,
};
use codec::MaxEncodedLen;
use frame_support::{parameter_types, traits::ConstU32, weights::Weight};

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

parameter_types! {
	/// A patient has at least a minute (10 blocks) to dispute a claim, and a program can give
	/// at most 90 days.
	pub const MinDisputeWindow: BlockNumber = MINUTES;
	pub const MaxDisputeWindow: BlockNumber = 90 * DAYS;
}

/// Claims and care-program rewards: a payer's escrow pays providers for covered services once
/// the patient's dispute window closes, and patients for the tasks a program rewards.
impl pallet_claims::Config for Runtime {
	type Organizations = Organizations;
	type Consent = Consent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type MaxServices = ConstU32<64>;
	type MaxTasks = ConstU32<16>;
	type MaxDuePerBlock = ConstU32<256>;
	type MaxBlocksPerIdle = ConstU32<16>;
	type MinDisputeWindow = MinDisputeWindow;
	type MaxDisputeWindow = MaxDisputeWindow;
	// The same decision as a record's read: one consent check against the payer.
	type ConsentDecisionWeight = RecordsConsentDecisionWeight;
	type WeightInfo = pallet_claims::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// Held from a trial's investigator until its results are registered.
	pub const TrialDeposit: Balance = UNIT;
	/// Held per planned participant, with the trial's deposit.
	pub const ParticipantDeposit: Balance = UNIT / 1_000;
}

/// Clinical trials: pre-registered protocols and outcomes, amendments, enrolment as
/// commitments, data lock and results a reader can check.
impl pallet_trials::Config for Runtime {
	type Organizations = Organizations;
	type Consent = Consent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type TrialDeposit = TrialDeposit;
	type ParticipantDeposit = ParticipantDeposit;
	type MaxOutcomes = ConstU32<16>;
	type MaxSites = ConstU32<64>;
	type MaxVersions = ConstU32<32>;
	type MaxEnrolment = ConstU32<100_000>;
	type ConsentDecisionWeight = RecordsConsentDecisionWeight;
	type WeightInfo = pallet_trials::weights::SubstrateWeight<Runtime>;
}
