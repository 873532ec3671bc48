//! The node's services: client, database, transaction pool, networking, block production and
//! finality.
//!
//! Two ways to produce blocks:
//! - Aura slots with GRANDPA finality (default), for real networks and `--dev`;
//! - instant or manual sealing (`--sealing`), for development and tests: no slots to wait for,
//!   blocks finalized as they are sealed (instant) or on request (manual, `engine_*` RPC).

use crate::cli::Sealing;
use futures::{channel::mpsc, FutureExt};
use healthchain_runtime::{opaque::Block, RuntimeApi, SLOT_DURATION};
use sc_client_api::{Backend, BlockBackend};
use sc_consensus_aura::{ImportQueueParams, SlotProportion, StartAuraParams};
use sc_consensus_grandpa::SharedVoterState;
use sc_consensus_manual_seal::{consensus::aura::AuraConsensusDataProvider, EngineCommand};
use sc_service::{error::Error as ServiceError, Configuration, TaskManager, WarpSyncConfig};
use sc_telemetry::{Telemetry, TelemetryWorker};
use sc_transaction_pool_api::OffchainTransactionPoolFactory;
use sp_consensus_aura::sr25519::{AuthorityPair as AuraPair, AuthoritySignature};
use sp_runtime::traits::Block as BlockT;
use std::{sync::Arc, time::Duration};

/// The host functions the runtime may call: the standard set, plus the benchmarking ones when
/// the runtime is built with its benchmarks.
#[cfg(not(feature = "runtime-benchmarks"))]
pub type HostFunctions = sp_io::SubstrateHostFunctions;
/// The host functions the runtime may call: the standard set, plus the benchmarking ones when
/// the runtime is built with its benchmarks, of which those that only a benchmark database
/// supports are replaced by [`crate::benchmark_guard::BenchmarkDatabaseOnly`].
#[cfg(feature = "runtime-benchmarks")]
pub type HostFunctions = sp_wasm_interface::ExtendedHostFunctions<
	(sp_io::SubstrateHostFunctions, frame_benchmarking::benchmarking::HostFunctions),
	crate::benchmark_guard::BenchmarkDatabaseOnly,
>;

/// The client: the runtime executed as WASM, never natively.
pub type FullClient =
	sc_service::TFullClient<Block, RuntimeApi, sc_executor::WasmExecutor<HostFunctions>>;
type FullBackend = sc_service::TFullBackend<Block>;
type FullSelectChain = sc_consensus::LongestChain<FullBackend, Block>;

/// The largest block the runtime accepts: its length limit for operational transactions. The
/// proposer's own default (4 MiB) would leave a runtime upgrade (about 5 MB of code in one
/// extrinsic) out of every block.
fn max_block_length() -> usize {
	healthchain_runtime::configs::MAX_BLOCK_LENGTH as usize
}

/// When instant sealing makes a block: as a transaction enters the pool, and again after each
/// block while transactions are still ready. A block that fills up leaves the rest in the pool,
/// and without the second trigger they would wait for the next arrival, perhaps forever (sealing
/// also runs the single-state pool, see `command.rs`). Each block is finalized at once. A trigger
/// with nothing left to seal is not an error.
fn instant_seal_commands(
	client: &Arc<FullClient>,
	pool: Arc<sc_transaction_pool::TransactionPoolHandle<Block, FullClient>>,
	spawner: sc_service::SpawnTaskHandle,
) -> impl futures::Stream<Item = EngineCommand<<Block as BlockT>::Hash>> {
	use futures::StreamExt;
	use sc_client_api::BlockchainEvents;
	use sc_transaction_pool_api::TransactionPool as _;

	let arrivals = pool.import_notification_stream().map(|_| ());
	let leftovers = client
		.import_notification_stream()
		.filter(move |_| futures::future::ready(pool.status().ready > 0))
		.map(|_| ());
	futures::stream::select(arrivals, leftovers).map(move |()| {
		let (sender, outcome) = futures::channel::oneshot::channel::<
			Result<sc_consensus_manual_seal::CreatedBlock<_>, sc_consensus_manual_seal::Error>,
		>();
		spawner.spawn("instant-seal-outcome", Some("block-authoring"), async move {
			match outcome.await {
				Ok(Err(sc_consensus_manual_seal::Error::EmptyTransactionPool)) | Err(_) => {},
				Ok(Err(e)) => log::warn!("instant seal: {e}"),
				Ok(Ok(created)) => log::debug!("instant seal: {:?}", created.hash),
			}
		});
		EngineCommand::SealNewBlock {
			create_empty: false,
			finalize: true,
			parent_hash: None,
			sender: Some(sender),
		}
	})
}

/// How often GRANDPA justifications are stored (in blocks).
const GRANDPA_JUSTIFICATION_PERIOD: u32 = 512;

/// The parts shared by the node and the block-handling subcommands.
pub type Service = sc_service::PartialComponents<
	FullClient,
	FullBackend,
	FullSelectChain,
	sc_consensus::DefaultImportQueue<Block>,
	sc_transaction_pool::TransactionPoolHandle<Block, FullClient>,
	(
		sc_consensus_grandpa::GrandpaBlockImport<FullBackend, Block, FullClient, FullSelectChain>,
		sc_consensus_grandpa::LinkHalf<Block, FullClient, FullSelectChain>,
		Option<Telemetry>,
	),
>;

/// Builds the client, database, pool and import queue. With `sealing`, blocks are imported as
/// sealed locally; otherwise they are checked as Aura blocks.
pub fn new_partial(
	config: &Configuration,
	sealing: Option<Sealing>,
) -> Result<Service, ServiceError> {
	let telemetry = config
		.telemetry_endpoints
		.clone()
		.filter(|x| !x.is_empty())
		.map(|endpoints| -> Result<_, sc_telemetry::Error> {
			let worker = TelemetryWorker::new(16)?;
			let telemetry = worker.handle().new_telemetry(endpoints);
			Ok((worker, telemetry))
		})
		.transpose()?;

	let executor = sc_service::new_wasm_executor::<HostFunctions>(&config.executor);
	let (client, backend, keystore_container, task_manager) =
		sc_service::new_full_parts::<Block, RuntimeApi, _>(
			config,
			telemetry.as_ref().map(|(_, telemetry)| telemetry.handle()),
			executor,
			Vec::new(),
		)?;
	let client = Arc::new(client);

	let telemetry = telemetry.map(|(worker, telemetry)| {
		task_manager.spawn_handle().spawn("telemetry", None, worker.run());
		telemetry
	});

	let select_chain = sc_consensus::LongestChain::new(backend.clone());

	let transaction_pool = Arc::from(
		sc_transaction_pool::Builder::new(
			task_manager.spawn_essential_handle(),
			client.clone(),
			config.role.is_authority().into(),
		)
		.with_options(config.transaction_pool.clone())
		.with_prometheus(config.prometheus_registry())
		.build(),
	);

	let (grandpa_block_import, grandpa_link) = sc_consensus_grandpa::block_import(
		client.clone(),
		GRANDPA_JUSTIFICATION_PERIOD,
		&client,
		select_chain.clone(),
		telemetry.as_ref().map(|x| x.handle()),
	)?;

	let import_queue = if sealing.is_some() {
		sc_consensus_manual_seal::import_queue(
			Box::new(client.clone()),
			&task_manager.spawn_essential_handle(),
			config.prometheus_registry(),
		)
	} else {
		let cidp_client = client.clone();
		sc_consensus_aura::import_queue::<AuraPair, _, _, _, _, _>(ImportQueueParams {
			block_import: grandpa_block_import.clone(),
			justification_import: Some(Box::new(grandpa_block_import.clone())),
			client: client.clone(),
			create_inherent_data_providers: move |parent_hash, _| {
				let cidp_client = cidp_client.clone();
				async move {
					let slot_duration = sc_consensus_aura::standalone::slot_duration_at(
						&*cidp_client,
						parent_hash,
					)?;
					let timestamp = sp_timestamp::InherentDataProvider::from_system_time();
					let slot =
						sp_consensus_aura::inherents::InherentDataProvider::from_timestamp_and_slot_duration(
							*timestamp,
							slot_duration,
						);
					Ok((slot, timestamp))
				}
			},
			spawner: &task_manager.spawn_essential_handle(),
			registry: config.prometheus_registry(),
			check_for_equivocation: Default::default(),
			telemetry: telemetry.as_ref().map(|x| x.handle()),
			compatibility_mode: Default::default(),
		})?
	};

	Ok(sc_service::PartialComponents {
		client,
		backend,
		task_manager,
		import_queue,
		keystore_container,
		select_chain,
		transaction_pool,
		other: (grandpa_block_import, grandpa_link, telemetry),
	})
}

/// The timestamp of the next sealed block: now, but at least one slot after the parent, so
/// that every sealed block has its own Aura slot even when blocks are sealed faster than one
/// per slot. The chain's clock then runs ahead of the wall clock until sealing slows down.
fn sealed_block_timestamp(client: &FullClient, parent: <Block as BlockT>::Hash) -> u64 {
	let now = sp_timestamp::Timestamp::current().as_millis();
	let parent_slot = client
		.header(parent)
		.ok()
		.flatten()
		.and_then(|header| {
			sc_consensus_aura::find_pre_digest::<Block, AuthoritySignature>(&header).ok()
		})
		.map(u64::from);
	match parent_slot {
		Some(slot) => now.max(slot.saturating_add(1).saturating_mul(SLOT_DURATION)),
		None => now,
	}
}

/// Builds and starts a full node.
pub fn new_full<
	N: sc_network::NetworkBackend<Block, <Block as sp_runtime::traits::Block>::Hash>,
>(
	config: Configuration,
	sealing: Option<Sealing>,
) -> Result<TaskManager, ServiceError> {
	let sc_service::PartialComponents {
		client,
		backend,
		mut task_manager,
		import_queue,
		keystore_container,
		select_chain,
		transaction_pool,
		other: (block_import, grandpa_link, mut telemetry),
	} = new_partial(&config, sealing)?;

	let mut net_config = sc_network::config::FullNetworkConfiguration::<
		Block,
		<Block as sp_runtime::traits::Block>::Hash,
		N,
	>::new(&config.network, config.prometheus_registry().cloned());
	let metrics = N::register_notification_metrics(config.prometheus_registry());

	let peer_store_handle = net_config.peer_store_handle();
	let grandpa_protocol_name = sc_consensus_grandpa::protocol_standard_name(
		&client.block_hash(0).ok().flatten().expect("Genesis block exists; qed"),
		&config.chain_spec,
	);
	let (grandpa_protocol_config, grandpa_notification_service) =
		sc_consensus_grandpa::grandpa_peers_set_config::<_, N>(
			grandpa_protocol_name.clone(),
			metrics.clone(),
			peer_store_handle,
		);
	net_config.add_notification_protocol(grandpa_protocol_config);

	let warp_sync = Arc::new(sc_consensus_grandpa::warp_proof::NetworkProvider::new(
		backend.clone(),
		grandpa_link.shared_authority_set().clone(),
		Vec::default(),
	));

	let (network, system_rpc_tx, tx_handler_controller, sync_service, _bitswap) =
		sc_service::build_network(sc_service::BuildNetworkParams {
			config: &config,
			net_config,
			client: client.clone(),
			transaction_pool: transaction_pool.clone(),
			spawn_handle: task_manager.spawn_handle(),
			spawn_essential_handle: task_manager.spawn_essential_handle(),
			import_queue,
			block_announce_validator_builder: None,
			warp_sync_config: Some(WarpSyncConfig::WithProvider(warp_sync)),
			block_relay: None,
			metrics,
			gap_sync_body_policy: None,
		})?;

	if config.offchain_worker.enabled {
		let offchain_workers =
			sc_offchain::OffchainWorkers::new(sc_offchain::OffchainWorkerOptions {
				runtime_api_provider: client.clone(),
				is_validator: config.role.is_authority(),
				keystore: Some(keystore_container.keystore()),
				offchain_db: backend.offchain_storage(),
				transaction_pool: Some(OffchainTransactionPoolFactory::new(
					transaction_pool.clone(),
				)),
				network_provider: Arc::new(network.clone()),
				enable_http_requests: true,
				custom_extensions: |_| vec![],
			})?;
		task_manager.spawn_handle().spawn(
			"offchain-workers-runner",
			"offchain-worker",
			offchain_workers.run(client.clone(), task_manager.spawn_handle()).boxed(),
		);
	}

	let role = config.role;
	let force_authoring = config.force_authoring;
	let name = config.network.node_name.clone();
	let enable_grandpa = !config.disable_grandpa && sealing.is_none();
	let prometheus_registry = config.prometheus_registry().cloned();

	// Manual sealing takes its commands from the `engine_*` RPC methods.
	let (seal_commands_tx, seal_commands_rx) = mpsc::channel(1024);
	let manual_seal_rpc = (sealing == Some(Sealing::Manual)).then_some(seal_commands_tx);

	let rpc_extensions_builder = {
		let client = client.clone();
		let pool = transaction_pool.clone();
		Box::new(move |_| {
			let deps = crate::rpc::FullDeps {
				client: client.clone(),
				pool: pool.clone(),
				manual_seal: manual_seal_rpc.clone(),
			};
			crate::rpc::create_full(deps).map_err(Into::into)
		})
	};

	let _rpc_handlers = sc_service::spawn_tasks(sc_service::SpawnTasksParams {
		network: Arc::new(network.clone()),
		client: client.clone(),
		keystore: keystore_container.keystore(),
		task_manager: &mut task_manager,
		transaction_pool: transaction_pool.clone(),
		rpc_builder: rpc_extensions_builder,
		backend,
		system_rpc_tx,
		tx_handler_controller,
		sync_service: sync_service.clone(),
		config,
		telemetry: telemetry.as_mut(),
		tracing_execute_block: None,
	})?;

	if let Some(sealing) = sealing {
		let mut proposer = sc_basic_authorship::ProposerFactory::new(
			task_manager.spawn_handle(),
			client.clone(),
			transaction_pool.clone(),
			prometheus_registry.as_ref(),
			telemetry.as_ref().map(|x| x.handle()),
		);
		proposer.set_default_block_size_limit(max_block_length());
		let cidp_client = client.clone();
		let create_inherent_data_providers = move |parent: <Block as BlockT>::Hash, ()| {
			let timestamp = sealed_block_timestamp(&cidp_client, parent);
			async move { Ok(sp_timestamp::InherentDataProvider::new(timestamp.into())) }
		};
		let consensus_data_provider: Option<
			Box<dyn sc_consensus_manual_seal::ConsensusDataProvider<Block>>,
		> = Some(Box::new(AuraConsensusDataProvider::new(client.clone())));

		let authorship = match sealing {
			Sealing::Instant => sc_consensus_manual_seal::run_manual_seal(
				sc_consensus_manual_seal::ManualSealParams {
					block_import: client.clone(),
					env: proposer,
					client: client.clone(),
					pool: transaction_pool.clone(),
					commands_stream: instant_seal_commands(
						&client,
						transaction_pool.clone(),
						task_manager.spawn_handle(),
					),
					select_chain,
					consensus_data_provider,
					create_inherent_data_providers,
				},
			)
			.boxed(),
			Sealing::Manual => sc_consensus_manual_seal::run_manual_seal(
				sc_consensus_manual_seal::ManualSealParams {
					block_import: client.clone(),
					env: proposer,
					client: client.clone(),
					pool: transaction_pool.clone(),
					commands_stream: seal_commands_rx,
					select_chain,
					consensus_data_provider,
					create_inherent_data_providers,
				},
			)
			.boxed(),
		};
		task_manager.spawn_essential_handle().spawn_blocking(
			"manual-seal",
			Some("block-authoring"),
			authorship,
		);
		return Ok(task_manager);
	}

	if role.is_authority() {
		let mut proposer_factory = sc_basic_authorship::ProposerFactory::new(
			task_manager.spawn_handle(),
			client.clone(),
			transaction_pool.clone(),
			prometheus_registry.as_ref(),
			telemetry.as_ref().map(|x| x.handle()),
		);
		proposer_factory.set_default_block_size_limit(max_block_length());

		let slot_duration = sc_consensus_aura::slot_duration(&*client)?;

		let aura = sc_consensus_aura::start_aura::<AuraPair, _, _, _, _, _, _, _, _, _, _>(
			StartAuraParams {
				slot_duration,
				client,
				select_chain,
				block_import,
				proposer_factory,
				create_inherent_data_providers: move |_, ()| async move {
					let timestamp = sp_timestamp::InherentDataProvider::from_system_time();
					let slot =
						sp_consensus_aura::inherents::InherentDataProvider::from_timestamp_and_slot_duration(
							*timestamp,
							slot_duration,
						);
					Ok((slot, timestamp))
				},
				force_authoring,
				backoff_authoring_blocks: Option::<()>::None,
				keystore: keystore_container.keystore(),
				sync_oracle: sync_service.clone(),
				justification_sync_link: sync_service.clone(),
				block_proposal_slot_portion: SlotProportion::new(2f32 / 3f32),
				max_block_proposal_slot_portion: None,
				telemetry: telemetry.as_ref().map(|x| x.handle()),
				compatibility_mode: Default::default(),
			},
		)?;

		// Block authoring is essential: if it fails, the node stops.
		task_manager.spawn_essential_handle().spawn_blocking("aura", Some("block-authoring"), aura);
	}

	if enable_grandpa {
		// Only authorities vote; others follow without a keystore.
		let keystore = if role.is_authority() { Some(keystore_container.keystore()) } else { None };

		let grandpa_config = sc_consensus_grandpa::Config {
			gossip_duration: Duration::from_millis(333),
			justification_generation_period: GRANDPA_JUSTIFICATION_PERIOD,
			name: Some(name),
			observer_enabled: false,
			keystore,
			local_role: role,
			telemetry: telemetry.as_ref().map(|x| x.handle()),
			protocol_name: grandpa_protocol_name,
		};

		let grandpa_params = sc_consensus_grandpa::GrandpaParams {
			config: grandpa_config,
			link: grandpa_link,
			network,
			sync: Arc::new(sync_service),
			notification_service: grandpa_notification_service,
			voting_rule: sc_consensus_grandpa::VotingRulesBuilder::default().build(),
			prometheus_registry,
			shared_voter_state: SharedVoterState::empty(),
			telemetry: telemetry.as_ref().map(|x| x.handle()),
			offchain_tx_pool_factory: OffchainTransactionPoolFactory::new(transaction_pool),
		};

		// The voter is essential too.
		task_manager.spawn_essential_handle().spawn_blocking(
			"grandpa-voter",
			None,
			sc_consensus_grandpa::run_grandpa_voter(grandpa_params)?,
		);
	}

	Ok(task_manager)
}
