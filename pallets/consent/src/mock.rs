//! Mock runtime for the consent pallet's tests and benchmarks.

use crate as pallet_consent;
use alloc::collections::BTreeMap;
use core::cell::RefCell;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64},
	weights::Weight,
};
use healthchain_primitives::{
	blind::{self, BlindKey, Field},
	testing::MockOrganizations,
	BlindFacts, GrantId, MemberRole, Moment, OnGrantEnded, OrgId, OrgRole, PeriodTags, RecordFacts,
	RecordId, RecordsInspect, Tag,
};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Timestamp: pallet_timestamp,
		Consent: pallet_consent,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u64>;
	/// The database weights the `()` weights are written with, so refunds of reads and
	/// writes show.
	type DbWeight = frame_support::weights::constants::ParityDbWeight;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

impl pallet_timestamp::Config for Test {
	type Moment = Moment;
	type OnTimestampSet = ();
	type MinimumPeriod = ConstU64<1>;
	type WeightInfo = ();
}

/// One hour in milliseconds.
pub const HOUR: Moment = 3_600_000;
/// One day in milliseconds.
pub const DAY: Moment = 24 * HOUR;
/// The time every test starts at (2023-11-14T22:13:20Z).
pub const START: Moment = 1_700_000_000_000;

parameter_types! {
	pub const DepositBase: u64 = 10;
	pub const DepositPerByte: u64 = 1;
	pub const GuardianDeposit: u64 = 5;
	pub const MaxEmergencyDuration: Moment = 4 * HOUR;
	pub const EmergencyWindow: Moment = DAY;
	pub const EmergencyDeposit: u64 = 7;
}

impl pallet_consent::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Time = Timestamp;
	type Organizations = MockOrganizations;
	type Records = MockRecords;
	type OnGrantEnded = MockOnGrantEnded;
	type DepositBase = DepositBase;
	type DepositPerByte = DepositPerByte;
	type GuardianDeposit = GuardianDeposit;
	type MaxScopeItems = ConstU32<4>;
	type MaxExceptions = ConstU32<4>;
	type MaxGrantsPerPair = ConstU32<3>;
	type MaxGuardians = ConstU32<2>;
	type MaxGrantsPerGuardian = ConstU32<4>;
	type MaxEmergencyDuration = MaxEmergencyDuration;
	type EmergencyWindow = EmergencyWindow;
	type MaxEmergencyPerWindow = ConstU32<2>;
	type MaxEmergencyPerOrganization = ConstU32<4>;
	type MaxEmergencyPerPatient = ConstU32<3>;
	type EmergencyDeposit = EmergencyDeposit;
	type WeightInfo = ();
	type MaxDeniesPerPatient = ConstU32<4>;
}

std::thread_local! {
	static RECORDS: RefCell<BTreeMap<RecordId, RecordFacts<u64>>> = const { RefCell::new(BTreeMap::new()) };
	static ENDED: RefCell<Vec<GrantId>> = const { RefCell::new(Vec::new()) };
}

/// A [`RecordsInspect`] over a thread-local table of live records (an erased record is removed
/// from it, as the records pallet answers `None` for it).
pub struct MockRecords;

impl MockRecords {
	/// Registers record `id` (a first version) of `patient` in `category` without labels,
	/// dated on `day`.
	pub fn add(id: RecordId, patient: u64, category: &[u8], day: u32) {
		Self::add_version(id, patient, id, facts(category, &[], day));
	}

	/// Registers record `id` of `patient` with `labels`, dated on `day`.
	pub fn add_labelled(id: RecordId, patient: u64, category: &[u8], labels: &[&[u8]], day: u32) {
		Self::add_version(id, patient, id, facts(category, labels, day));
	}

	/// Registers record `id` of `patient`, a version in the chain `chain`, with `blind`.
	pub fn add_version(id: RecordId, patient: u64, chain: RecordId, blind: BlindFacts) {
		RECORDS.with(|records| {
			records.borrow_mut().insert(id, RecordFacts { patient, chain, custodian: None, blind });
		});
	}

	/// Registers record `id` of `patient` in `category`, held by `custodian`.
	pub fn add_held(id: RecordId, patient: u64, category: &[u8], custodian: OrgId) {
		RECORDS.with(|records| {
			let blind = facts(category, &[], 1);
			let custodian = Some(custodian);
			records.borrow_mut().insert(id, RecordFacts { patient, chain: id, custodian, blind });
		});
	}

	/// Erases record `id`: it is no longer known.
	pub fn erase(id: RecordId) {
		RECORDS.with(|records| records.borrow_mut().remove(&id));
	}
}

impl RecordsInspect<u64> for MockRecords {
	fn record_facts(record: RecordId) -> Option<RecordFacts<u64>> {
		RECORDS.with(|records| records.borrow().get(&record).cloned())
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_record(patient: &u64, facts: BlindFacts) -> RecordId {
		RECORDS.with(|records| {
			let mut records = records.borrow_mut();
			let id = records.keys().last().map_or(1, |last| last + 1);
			let patient = *patient;
			records.insert(id, RecordFacts { patient, chain: id, custodian: None, blind: facts });
			id
		})
	}
}

/// An [`OnGrantEnded`] that remembers which grants ended.
pub struct MockOnGrantEnded;

impl MockOnGrantEnded {
	/// The grants ended so far, in order.
	pub fn ended() -> Vec<GrantId> {
		ENDED.with(|ended| ended.borrow().clone())
	}
}

impl MockOnGrantEnded {
	/// What [`OnGrantEnded::on_grant_ended`] reports it used: a tenth of the most, so tests
	/// tell a charge at what was used from one at the most.
	pub fn used() -> Weight {
		Self::weight() / 10
	}
}

impl OnGrantEnded for MockOnGrantEnded {
	fn on_grant_ended(grant: GrantId) -> Weight {
		ENDED.with(|ended| ended.borrow_mut().push(grant));
		Self::used()
	}

	fn weight() -> Weight {
		Weight::from_parts(1_000_000, 100)
	}
}

/// The blind key of every patient in the tests.
pub const KEY: BlindKey = [42u8; 32];

/// The tag of a category code.
pub fn category_tag(code: &[u8]) -> Tag {
	blind::code_tag(&KEY, Field::Category, code)
}

/// The tag of a security label.
pub fn label_tag(code: &[u8]) -> Tag {
	blind::code_tag(&KEY, Field::Label, code)
}

/// The date tags of `day`.
pub fn dates(day: u32) -> blind::DateTags {
	blind::date_tags(&KEY, day)
}

/// The tags of the period `from..=until` (days).
pub fn period(from: u32, until: u32) -> PeriodTags {
	blind::period_tags(&KEY, from, until).expect("test periods are not empty")
}

/// The blind facts of a record in `category` with `labels`, dated on `day`.
pub fn facts(category: &[u8], labels: &[&[u8]], day: u32) -> BlindFacts {
	BlindFacts {
		category: category_tag(category),
		labels: blind::label_tags(&KEY, labels, &day.to_le_bytes())
			.expect("test records carry at most LABEL_SLOTS labels"),
		dates: dates(day),
	}
}

// Patients and their circle.
pub const ALICE: u64 = 1;
pub const BOB: u64 = 2;
pub const CAROL: u64 = 3;
pub const DAVE: u64 = 4;
pub const EVE: u64 = 5;
/// An account with no funds.
pub const PAUPER: u64 = 9;

// Organizations and members.
pub const HOSPITAL: OrgId = 1;
pub const HOSPITAL_ADMIN: u64 = 100;
pub const CLINICIAN: u64 = 101;
pub const ER_DOCTOR: u64 = 102;
pub const HOSPITAL_STAFF: u64 = 103;
pub const ER_DOCTOR_2: u64 = 104;
pub const LAB: OrgId = 2;
pub const LAB_ADMIN: u64 = 200;
pub const RESEARCHER: u64 = 201;
pub const AUTHORITY: OrgId = 3;
pub const AUTHORITY_ADMIN: u64 = 300;
pub const INSPECTOR: u64 = 301;
pub const INSURER: OrgId = 4;
pub const INSURER_ADMIN: u64 = 400;
pub const CLAIMS_CLERK: u64 = 401;
/// A pharmacy: an organization without a clinical role.
pub const PHARMACY: OrgId = 5;
pub const PHARMACY_ADMIN: u64 = 500;
pub const PHARMACIST: u64 = 501;
/// Another provider, with two emergency clinicians.
pub const CLINIC: OrgId = 6;
pub const CLINIC_ADMIN: u64 = 600;
pub const CLINIC_ER_DOCTOR: u64 = 601;
pub const CLINIC_ER_DOCTOR_2: u64 = 602;

// Categories.
pub const NOTE: &[u8] = b"11506-3";
pub const LABS: &[u8] = b"26436-6";
pub const MENTAL: &[u8] = b"11488-4";

// Security labels.
pub const PSY: &[u8] = b"PSY";
pub const HIV: &[u8] = b"HIV";

// Alice's records and their days (days since 1970-01-01).
pub const REC_NOTE: RecordId = 10;
pub const REC_LABS: RecordId = 11;
pub const REC_MENTAL: RecordId = 12;
pub const REC_OLD_NOTE: RecordId = 13;
/// A record of Dave's.
pub const REC_DAVE: RecordId = 20;
/// The day of [`START`].
pub const TODAY: u32 = (START / DAY) as u32;
pub const NOTE_DAY: u32 = TODAY - 10;
pub const LABS_DAY: u32 = TODAY - 5;
pub const MENTAL_DAY: u32 = TODAY - 3;
pub const OLD_NOTE_DAY: u32 = TODAY - 400;

/// Builds test externalities with funded accounts, organizations, records and time set.
#[derive(Default)]
pub struct ExtBuilder;

impl ExtBuilder {
	/// The externalities, before any test body.
	pub fn build(self) -> sp_io::TestExternalities {
		let funded = [
			ALICE,
			BOB,
			CAROL,
			DAVE,
			EVE,
			HOSPITAL_ADMIN,
			CLINICIAN,
			ER_DOCTOR,
			HOSPITAL_STAFF,
			ER_DOCTOR_2,
			LAB_ADMIN,
			RESEARCHER,
			AUTHORITY_ADMIN,
			INSPECTOR,
			INSURER_ADMIN,
			CLAIMS_CLERK,
			PHARMACY_ADMIN,
			PHARMACIST,
			CLINIC_ADMIN,
		];
		let storage = RuntimeGenesisConfig {
			balances: pallet_balances::GenesisConfig {
				balances: funded.iter().map(|who| (*who, 100_000)).collect(),
				..Default::default()
			},
			..Default::default()
		}
		.build_storage()
		.expect("mock genesis is valid");
		let mut ext = sp_io::TestExternalities::new(storage);
		ext.execute_with(|| {
			System::set_block_number(1);
			Timestamp::set_timestamp(START);
			setup_organizations();
			setup_records();
		});
		ext
	}

	/// Runs `test` and then checks the storage invariants.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			Consent::do_try_state().expect("storage invariants hold after the test");
		});
	}
}

fn setup_organizations() {
	MockOrganizations::clear();
	MockOrganizations::add(HOSPITAL, HOSPITAL_ADMIN, &[OrgRole::Provider]);
	MockOrganizations::add_member(HOSPITAL, CLINICIAN, &[MemberRole::Clinician]);
	MockOrganizations::add_member(HOSPITAL, ER_DOCTOR, &[MemberRole::EmergencyClinician]);
	MockOrganizations::add_member(HOSPITAL, ER_DOCTOR_2, &[MemberRole::EmergencyClinician]);
	MockOrganizations::add_member(HOSPITAL, HOSPITAL_STAFF, &[MemberRole::Staff]);
	MockOrganizations::add(LAB, LAB_ADMIN, &[OrgRole::Researcher]);
	MockOrganizations::add_member(LAB, RESEARCHER, &[MemberRole::Researcher]);
	MockOrganizations::add(AUTHORITY, AUTHORITY_ADMIN, &[OrgRole::Regulator]);
	MockOrganizations::add_member(AUTHORITY, INSPECTOR, &[MemberRole::Auditor]);
	MockOrganizations::add(INSURER, INSURER_ADMIN, &[OrgRole::Payer]);
	MockOrganizations::add_member(INSURER, CLAIMS_CLERK, &[MemberRole::Staff]);
	MockOrganizations::add(PHARMACY, PHARMACY_ADMIN, &[OrgRole::Dispenser]);
	MockOrganizations::add_member(PHARMACY, PHARMACIST, &[MemberRole::Pharmacist]);
	MockOrganizations::add(CLINIC, CLINIC_ADMIN, &[OrgRole::Provider]);
	MockOrganizations::add_member(CLINIC, CLINIC_ER_DOCTOR, &[MemberRole::EmergencyClinician]);
	MockOrganizations::add_member(CLINIC, CLINIC_ER_DOCTOR_2, &[MemberRole::EmergencyClinician]);
}

fn setup_records() {
	RECORDS.with(|records| records.borrow_mut().clear());
	ENDED.with(|ended| ended.borrow_mut().clear());
	MockRecords::add(REC_NOTE, ALICE, NOTE, NOTE_DAY);
	MockRecords::add(REC_LABS, ALICE, LABS, LABS_DAY);
	MockRecords::add_labelled(REC_MENTAL, ALICE, MENTAL, &[PSY], MENTAL_DAY);
	MockRecords::add(REC_OLD_NOTE, ALICE, NOTE, OLD_NOTE_DAY);
	MockRecords::add(REC_DAVE, DAVE, NOTE, NOTE_DAY);
}

/// Sets the time.
pub fn set_now(now: Moment) {
	pallet_timestamp::Now::<Test>::put(now);
}

/// The time.
pub fn now() -> Moment {
	pallet_timestamp::Now::<Test>::get()
}
