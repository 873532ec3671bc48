//! The runtime APIs: what the node calls to build and import blocks, and what clients
//! (polkadot.js `api.call.*`) call to query the chain.

use alloc::vec::Vec;
use frame_support::{
	genesis_builder_helper::{build_state, get_preset},
	view_functions::ViewFunctionDispatchError,
	weights::Weight,
};
use sp_api::impl_runtime_apis;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_core::{crypto::KeyTypeId, OpaqueMetadata};
use sp_runtime::{
	traits::Block as BlockT,
	transaction_validity::{TransactionSource, TransactionValidity},
	ApplyExtrinsicResult,
};
use sp_version::RuntimeVersion;

#[cfg(feature = "parachain")]
use crate::{configs::parachain::ConsensusHook, ParachainInfo, ParachainSystem};
use crate::{
	genesis_config_presets, AccountId, Aura, Balance, Block, BlockNumber, Claims, Consent,
	Executive, InherentDataExt, KeyDirectory, Nonce, Organizations, Records, Runtime, RuntimeCall,
	RuntimeGenesisConfig, SessionKeys, SupplyChain, System, TransactionPayment, Trials, VERSION,
};
use healthchain_primitives::{
	AccessDecision, AccessTarget, Action, ContentHash, DenyId, EmergencyId, GrantId, MemberRoles,
	OrgId, Purpose, RecordId, Tag,
};
use pallet_claims_runtime_api as claims;
use pallet_supply_chain as sc;
use pallet_trials_runtime_api as trials;
#[cfg(not(feature = "parachain"))]
use {crate::Grandpa, pallet_grandpa::AuthorityId as GrandpaId, sp_runtime::traits::NumberFor};

impl_runtime_apis! {
	impl sp_api::Core<Block> for Runtime {
		fn version() -> RuntimeVersion {
			VERSION
		}

		fn execute_block(block: <Block as BlockT>::LazyBlock) {
			Executive::execute_block(block);
		}

		fn initialize_block(header: &<Block as BlockT>::Header) -> sp_runtime::ExtrinsicInclusionMode {
			Executive::initialize_block(header)
		}
	}

	impl sp_api::Metadata<Block> for Runtime {
		fn metadata() -> OpaqueMetadata {
			OpaqueMetadata::new(Runtime::metadata().into())
		}

		fn metadata_at_version(version: u32) -> Option<OpaqueMetadata> {
			Runtime::metadata_at_version(version)
		}

		fn metadata_versions() -> Vec<u32> {
			Runtime::metadata_versions()
		}
	}

	impl frame_support::view_functions::runtime_api::RuntimeViewFunction<Block> for Runtime {
		fn execute_view_function(
			id: frame_support::view_functions::ViewFunctionId,
			input: Vec<u8>,
		) -> Result<Vec<u8>, ViewFunctionDispatchError> {
			Runtime::execute_view_function(id, input)
		}
	}

	impl sp_block_builder::BlockBuilder<Block> for Runtime {
		fn apply_extrinsic(extrinsic: <Block as BlockT>::Extrinsic) -> ApplyExtrinsicResult {
			Executive::apply_extrinsic(extrinsic)
		}

		fn finalize_block() -> <Block as BlockT>::Header {
			Executive::finalize_block()
		}

		fn inherent_extrinsics(data: sp_inherents::InherentData) -> Vec<<Block as BlockT>::Extrinsic> {
			data.create_extrinsics()
		}

		fn check_inherents(
			block: <Block as BlockT>::LazyBlock,
			data: sp_inherents::InherentData,
		) -> sp_inherents::CheckInherentsResult {
			data.check_extrinsics(&block)
		}
	}

	impl sp_transaction_pool::runtime_api::TaggedTransactionQueue<Block> for Runtime {
		fn validate_transaction(
			source: TransactionSource,
			tx: <Block as BlockT>::Extrinsic,
			block_hash: <Block as BlockT>::Hash,
		) -> TransactionValidity {
			Executive::validate_transaction(source, tx, block_hash)
		}
	}

	impl sp_offchain::OffchainWorkerApi<Block> for Runtime {
		fn offchain_worker(header: &<Block as BlockT>::Header) {
			Executive::offchain_worker(header)
		}
	}

	impl sp_consensus_aura::AuraApi<Block, AuraId> for Runtime {
		fn slot_duration() -> sp_consensus_aura::SlotDuration {
			sp_consensus_aura::SlotDuration::from_millis(Aura::slot_duration())
		}

		fn authorities() -> Vec<AuraId> {
			pallet_aura::Authorities::<Runtime>::get().into_inner()
		}
	}

	impl sp_session::SessionKeys<Block> for Runtime {
		fn generate_session_keys(
			owner: Vec<u8>,
			seed: Option<Vec<u8>>,
		) -> sp_session::OpaqueGeneratedSessionKeys {
			SessionKeys::generate(&owner, seed).into()
		}

		fn decode_session_keys(encoded: Vec<u8>) -> Option<Vec<(Vec<u8>, KeyTypeId)>> {
			SessionKeys::decode_into_raw_public_keys(&encoded)
		}
	}

	#[cfg(not(feature = "parachain"))]
	impl sp_consensus_grandpa::GrandpaApi<Block> for Runtime {
		fn grandpa_authorities() -> sp_consensus_grandpa::AuthorityList {
			Grandpa::grandpa_authorities()
		}

		fn current_set_id() -> sp_consensus_grandpa::SetId {
			Grandpa::current_set_id()
		}

		fn submit_report_equivocation_unsigned_extrinsic(
			_equivocation_proof: sp_consensus_grandpa::EquivocationProof<
				<Block as BlockT>::Hash,
				NumberFor<Block>,
			>,
			_key_owner_proof: sp_consensus_grandpa::OpaqueKeyOwnershipProof,
		) -> Option<()> {
			// Equivocations are not reported: the key owner proof type is uninhabited.
			None
		}

		fn generate_key_ownership_proof(
			_set_id: sp_consensus_grandpa::SetId,
			_authority_id: GrandpaId,
		) -> Option<sp_consensus_grandpa::OpaqueKeyOwnershipProof> {
			None
		}
	}

	#[cfg(feature = "parachain")]
	impl cumulus_primitives_aura::AuraUnincludedSegmentApi<Block> for Runtime {
		fn can_build_upon(
			included_hash: <Block as BlockT>::Hash,
			slot: cumulus_primitives_aura::Slot,
		) -> bool {
			ConsensusHook::can_build_upon(included_hash, slot)
		}
	}

	#[cfg(feature = "parachain")]
	impl cumulus_primitives_core::CollectCollationInfo<Block> for Runtime {
		fn collect_collation_info(header: &<Block as BlockT>::Header) -> cumulus_primitives_core::CollationInfo {
			ParachainSystem::collect_collation_info(header)
		}
	}

	#[cfg(feature = "parachain")]
	impl cumulus_primitives_core::GetParachainInfo<Block> for Runtime {
		fn parachain_id() -> cumulus_primitives_core::ParaId {
			ParachainInfo::parachain_id()
		}
	}

	#[cfg(feature = "parachain")]
	impl cumulus_primitives_core::RelayParentOffsetApi<Block> for Runtime {
		fn relay_parent_offset() -> u32 {
			0
		}

		fn max_claim_queue_offset() -> u8 {
			ParachainSystem::max_claim_queue_offset()
		}
	}

	#[cfg(feature = "parachain")]
	impl cumulus_primitives_core::TargetBlockRate<Block> for Runtime {
		fn target_block_rate() -> u32 {
			crate::configs::parachain::BLOCK_PROCESSING_VELOCITY
		}
	}

	impl frame_system_rpc_runtime_api::AccountNonceApi<Block, AccountId, Nonce> for Runtime {
		fn account_nonce(account: AccountId) -> Nonce {
			System::account_nonce(account)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentApi<Block, Balance> for Runtime {
		fn query_info(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment_rpc_runtime_api::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_info(uxt, len)
		}
		fn query_fee_details(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_fee_details(uxt, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentCallApi<Block, Balance, RuntimeCall>
		for Runtime
	{
		fn query_call_info(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_call_info(call, len)
		}
		fn query_call_fee_details(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_call_fee_details(call, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_organizations_runtime_api::OrganizationsApi<Block, AccountId> for Runtime {
		fn organization(org: OrgId) -> Option<pallet_organizations::OrganizationInfo<AccountId>> {
			Organizations::organization(org)
		}
		fn account_info(who: AccountId) -> Option<pallet_organizations::AccountInfo> {
			Organizations::account_info(who)
		}
		fn members(org: OrgId, start_after: Option<AccountId>, limit: u32) -> Vec<(AccountId, MemberRoles)> {
			Organizations::members(org, start_after, limit)
		}
	}

	#[api_version(3)]
	impl pallet_consent_runtime_api::ConsentApi<Block, AccountId> for Runtime {
		fn check_access(
			patient: AccountId,
			accessor: AccountId,
			target: AccessTarget,
			purpose: Purpose,
			action: Action,
		) -> AccessDecision {
			Consent::check_access(patient, accessor, target, purpose, action)
		}
		fn grant_info(id: GrantId) -> Option<pallet_consent::GrantView<AccountId>> {
			Consent::grant_info(id)
		}
		fn grants_of(patient: AccountId, start_after: Option<GrantId>, limit: u32) -> Vec<pallet_consent::GrantEntry<AccountId>> {
			Consent::grants_of(patient, start_after, limit)
		}
		fn grants_to(
			grantee: pallet_consent::Grantee<AccountId>,
			start_after: Option<GrantId>,
			limit: u32,
		) -> Vec<pallet_consent::GrantEntry<AccountId>> {
			Consent::grants_to(grantee, start_after, limit)
		}
		fn emergency_access(id: EmergencyId) -> Option<pallet_consent::EmergencyAccess<AccountId>> {
			Consent::emergency_access(id)
		}
		fn emergency_accesses_of(
			patient: AccountId,
			start_after: Option<EmergencyId>,
			limit: u32,
		) -> Vec<pallet_consent::EmergencyEntry<AccountId>> {
			Consent::emergency_accesses_of(patient, start_after, limit)
		}
		fn guardians_of(patient: AccountId) -> Vec<AccountId> {
			Consent::guardians_of(patient)
		}
		fn access_counters(patient: AccountId) -> pallet_consent::AccessTally {
			Consent::access_counters(patient)
		}
		fn deny_info(id: DenyId) -> Option<pallet_consent::DenyView<AccountId>> {
			Consent::deny_info(id)
		}
		fn denies_of(patient: AccountId) -> Vec<pallet_consent::DenyEntry<AccountId>> {
			Consent::denies_of(patient)
		}
	}

	impl pallet_records_runtime_api::RecordsApi<Block, AccountId, Balance, BlockNumber> for Runtime {
		fn record(id: RecordId) -> Option<pallet_records::RecordInfo<AccountId, Balance, BlockNumber>> {
			Records::record(id)
		}
		fn records_of(
			patient: AccountId,
			category: Option<Tag>,
			start_after: Option<RecordId>,
			limit: u32,
		) -> pallet_records::RecordPage<AccountId, Balance, BlockNumber> {
			Records::records_of(patient, category, start_after, limit)
		}
		fn history(id: RecordId) -> Vec<RecordId> {
			Records::history(id)
		}
		fn verify(id: RecordId, hash: ContentHash) -> pallet_records::VerifyResult {
			Records::verify(id, hash)
		}
		fn read_pointer(
			record: RecordId,
			accessor: AccountId,
			purpose: Purpose,
		) -> Result<pallet_records::PointerInfo<AccountId>, pallet_records::ReadDenied> {
			Records::read_pointer(record, accessor, purpose)
		}
	}

	impl pallet_key_directory_runtime_api::KeyDirectoryApi<Block, AccountId, Balance, BlockNumber> for Runtime {
		fn key_of(who: AccountId) -> Option<pallet_key_directory::PublishedKey<BlockNumber, Balance>> {
			KeyDirectory::key_of(who)
		}
	}

	#[api_version(2)]
	impl pallet_supply_chain_runtime_api::SupplyChainApi<Block> for Runtime {
		fn verify(gtin: sc::Gtin, serial: sc::Serial, lot: sc::LotNumber, expiry: sc::ExpiryDate) -> sc::VerificationResponse {
			SupplyChain::verify(gtin, serial, lot, expiry)
		}
		fn trace(gtin: sc::Gtin, serial: sc::Serial) -> Option<Vec<sc::TraceEntry>> {
			SupplyChain::trace(gtin, serial)
		}
		fn pack_state(gtin: sc::Gtin, serial: sc::Serial) -> Option<sc::PackState> {
			SupplyChain::pack_state(gtin, serial)
		}
		fn lot(gtin: sc::Gtin, lot: sc::LotNumber) -> Option<sc::Lot> {
			SupplyChain::lot(gtin, lot)
		}
		fn product(gtin: sc::Gtin) -> Option<sc::Product> {
			SupplyChain::product(gtin)
		}
		fn container(sscc: sc::Sscc) -> Option<sc::Container<Vec<sc::LotCount>>> {
			SupplyChain::container(sscc)
		}
		fn container_contents(sscc: sc::Sscc, start_after: Option<sc::Unit>, limit: u32) -> Vec<sc::Unit> {
			SupplyChain::container_contents(sscc, start_after, limit)
		}
		fn shipment(id: sc::ShipmentId) -> Option<sc::Shipment<Vec<sc::Unit>>> {
			SupplyChain::shipment(id)
		}
	}

	impl pallet_claims_runtime_api::ClaimsApi<Block, AccountId, Balance, BlockNumber> for Runtime {
		fn program(id: claims::ProgramId) -> Option<claims::ProgramInfo<AccountId, Balance, BlockNumber>> {
			Claims::program(id)
		}
		fn claim(id: claims::ClaimId) -> Option<claims::Claim<AccountId, Balance, BlockNumber>> {
			Claims::claim(id)
		}
		fn claims_of_patient(
			patient: AccountId,
			start_after: Option<claims::ClaimId>,
			limit: u32,
		) -> Vec<(claims::ClaimId, claims::Claim<AccountId, Balance, BlockNumber>)> {
			Claims::claims_of_patient(patient, start_after, limit)
		}
		fn patient_totals(program: claims::ProgramId, patient: AccountId) -> claims::Totals<Balance, BlockNumber> {
			Claims::patient_totals(program, patient)
		}
	}

	impl pallet_trials_runtime_api::TrialsApi<Block, AccountId, Balance, BlockNumber> for Runtime {
		fn check_results(trial: trials::TrialId) -> Option<trials::ResultsCheck> {
			Trials::check_results(trial)
		}
		fn trial(trial: trials::TrialId) -> Option<trials::TrialInfo<AccountId, Balance, BlockNumber>> {
			Trials::trial(trial)
		}
		fn version(trial: trials::TrialId, version: trials::VersionNumber) -> Option<trials::VersionInfo<BlockNumber>> {
			Trials::version(trial, version)
		}
		fn site_counts(trial: trials::TrialId, site: OrgId) -> trials::SiteCount {
			Trials::site_counts(trial, site)
		}
		fn enrolment(trial: trials::TrialId, commitment: trials::Hash) -> Option<trials::Enrolment<BlockNumber>> {
			Trials::enrolment(trial, commitment)
		}
	}

	impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
		fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
			build_state::<RuntimeGenesisConfig>(config)
		}

		fn get_preset(id: &Option<sp_genesis_builder::PresetId>) -> Option<Vec<u8>> {
			get_preset::<RuntimeGenesisConfig>(id, genesis_config_presets::get_preset)
		}

		fn preset_names() -> Vec<sp_genesis_builder::PresetId> {
			genesis_config_presets::preset_names()
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	impl frame_benchmarking::Benchmark<Block> for Runtime {
		fn benchmark_metadata(extra: bool) -> (
			Vec<frame_benchmarking::BenchmarkList>,
			Vec<frame_support::traits::StorageInfo>,
		) {
			use frame_benchmarking::BenchmarkList;
			use frame_support::traits::StorageInfoTrait;
			use crate::{benchmarks::*, *};

			let mut list = Vec::<BenchmarkList>::new();
			list_benchmarks!(list, extra);
			(list, crate::AllPalletsWithSystem::storage_info())
		}

		#[allow(non_local_definitions)]
		fn dispatch_benchmark(
			config: frame_benchmarking::BenchmarkConfig,
		) -> Result<Vec<frame_benchmarking::BenchmarkBatch>, alloc::string::String> {
			use frame_benchmarking::BenchmarkBatch;
			use frame_support::traits::WhitelistedStorageKeys;
			use sp_storage::TrackedStorageKey;
			use crate::{benchmarks::*, *};

			impl frame_system_benchmarking::Config for Runtime {
				// `set_code` is measured with the chain's own code rather than the 4 MB sample
				// runtime the benchmark carries by default: linked in, that sample alone would
				// push this runtime past the block length its own upgrade must fit in.
				fn prepare_set_code_data() -> Vec<u8> {
					frame_support::storage::unhashed::get_raw(sp_core::storage::well_known_keys::CODE)
						.unwrap_or_default()
				}
			}
			impl frame_benchmarking::baseline::Config for Runtime {}

			let whitelist: Vec<TrackedStorageKey> =
				crate::AllPalletsWithSystem::whitelisted_storage_keys();
			let mut batches = Vec::<BenchmarkBatch>::new();
			let params = (&config, &whitelist);
			add_benchmarks!(params, batches);
			Ok(batches)
		}
	}

	#[cfg(feature = "try-runtime")]
	impl frame_try_runtime::TryRuntime<Block> for Runtime {
		fn on_runtime_upgrade(checks: frame_try_runtime::UpgradeCheckSelect) -> (Weight, Weight) {
			// A failing pre/post check must stop the try-runtime run loudly.
			let weight = Executive::try_runtime_upgrade(checks)
				.expect("try-runtime upgrade checks failed; this API only runs off-chain; qed");
			(weight, crate::configs::RuntimeBlockWeights::get().max_block)
		}

		fn execute_block(
			block: <Block as BlockT>::LazyBlock,
			state_root_check: bool,
			signature_check: bool,
			select: frame_try_runtime::TryStateSelect,
		) -> Weight {
			Executive::try_execute_block(block, state_root_check, signature_check, select)
				.expect("try-runtime block execution failed; this API only runs off-chain; qed")
		}
	}
}
