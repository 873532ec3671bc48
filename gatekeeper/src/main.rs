//! `healthchain-gatekeeper`: the custodian's service in front of its store of encrypted record
//! blobs. It serves a blob only when the chain, at its finalized head, permits the signed
//! requester, and only once the request is logged on chain in a finalized block
//! (`docs/gatekeeper.md`).

mod chain;
mod config;
mod metrics;
mod server;
mod storage;

use clap::Parser;
use healthchain_client::serve::{serve, shutdown_signal};
use server::Gatekeeper;
use std::{path::PathBuf, sync::Arc, time::Duration};
use storage::{Directory, S3Settings, Store, S3};

/// Serves encrypted record blobs of one custodian organization, as the chain permits.
#[derive(Parser)]
#[command(version)]
struct Cli {
	/// The configuration file (TOML; see docs/gatekeeper.md).
	#[arg(long)]
	config: PathBuf,
}

#[tokio::main]
async fn main() {
	tracing_subscriber::fmt()
		.with_writer(std::io::stderr)
		.with_env_filter(
			tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
		)
		.init();
	if let Err(e) = run(Cli::parse()).await {
		tracing::error!(error = %e, "stopped");
		std::process::exit(1);
	}
}

async fn run(cli: Cli) -> Result<(), String> {
	let config = config::Config::load(&cli.config)?;
	let tmp = config.data_dir.join("tmp");
	std::fs::create_dir_all(&tmp).map_err(|e| format!("{}: {e}", tmp.display()))?;
	// Temporary files of an earlier run that stopped mid-request.
	for entry in std::fs::read_dir(&tmp).map_err(|e| e.to_string())?.flatten() {
		let _ = std::fs::remove_file(entry.path());
	}
	let store = open_store(&config).await?;
	let chain = connect(&config).await?;
	tracing::info!(organization = config.organization, "connected to the node");
	let gatekeeper = Arc::new(Gatekeeper {
		replay: healthchain_client::auth::ReplayGuard::new(config.request_window_secs),
		limiter: metrics::RateLimiter::new(config.rate_limit.per_minute, config.rate_limit.burst),
		metrics: metrics::Metrics::new(),
		config,
		chain,
		store,
		tmp,
	});
	let follower = tokio::spawn(follow(gatekeeper.clone()));

	let listener = tokio::net::TcpListener::bind(gatekeeper.config.listen)
		.await
		.map_err(|e| format!("listen on {}: {e}", gatekeeper.config.listen))?;
	let address = listener.local_addr().map_err(|e| e.to_string())?;
	println!("listening on {address}");
	serve(
		listener,
		move |request| gatekeeper.clone().handle(request),
		async {
			shutdown_signal().await;
			tracing::info!("stopping: finishing requests in flight");
		},
		Duration::from_secs(30),
	)
	.await;
	follower.abort();
	Ok(())
}

async fn open_store(config: &config::Config) -> Result<Store, String> {
	Ok(match &config.storage {
		config::StorageConfig::Directory { path } => Store::Directory(
			Directory::new(path.clone()).map_err(|e| format!("{}: {e}", path.display()))?,
		),
		config::StorageConfig::S3 {
			endpoint,
			bucket,
			region,
			prefix,
			create_bucket,
			access_key_id,
			secret_access_key,
		} => {
			let from_env = |given: &Option<String>, var: &str| {
				given.clone().or_else(|| std::env::var(var).ok()).ok_or(format!("S3: no {var}"))
			};
			let settings = S3Settings {
				endpoint: endpoint.clone(),
				bucket: bucket.clone(),
				region: region.clone(),
				prefix: prefix.clone(),
				access_key: from_env(access_key_id, "AWS_ACCESS_KEY_ID")?,
				secret_key: from_env(secret_access_key, "AWS_SECRET_ACCESS_KEY")?,
			};
			Store::S3(Box::new(
				S3::new(settings, *create_bucket).await.map_err(|e| format!("S3: {e}"))?,
			))
		},
	})
}

/// Connects to the node, waiting up to a minute for it to answer.
async fn connect(config: &config::Config) -> Result<chain::Chain, String> {
	let uri = config.signer_uri()?;
	let mut waited = 0;
	loop {
		match chain::Chain::connect(&config.node, &uri).await {
			Ok(chain) => return Ok(chain),
			Err(chain::ChainError::Unavailable(e)) if waited < 60 => {
				if waited == 0 {
					tracing::info!(error = %e, "waiting for the node");
				}
				tokio::time::sleep(Duration::from_secs(1)).await;
				waited += 1;
			},
			Err(e) => return Err(e.to_string()),
		}
	}
}

/// Follows finalized blocks: tells waiting requests what was logged, and deletes the blobs of
/// this custodian's erased records. The last block followed is kept in `data_dir/cursor`, so
/// a restart goes on from there.
async fn follow(gatekeeper: Arc<Gatekeeper>) {
	let cursor_path = gatekeeper.config.data_dir.join("cursor");
	let mut cursor: Option<u32> =
		std::fs::read_to_string(&cursor_path).ok().and_then(|s| s.trim().parse().ok());
	loop {
		if let Err(e) = follow_once(&gatekeeper, &mut cursor, &cursor_path).await {
			tracing::warn!(error = %e, "following finalized blocks");
			tokio::time::sleep(Duration::from_secs(1)).await;
		}
		tokio::time::sleep(Duration::from_millis(100)).await;
	}
}

async fn follow_once(
	gatekeeper: &Gatekeeper,
	cursor: &mut Option<u32>,
	cursor_path: &std::path::Path,
) -> Result<(), String> {
	let chain = &gatekeeper.chain;
	let (_, finalized) = chain.rpc.finalized().await.map_err(|e| e.to_string())?;
	let best = chain.rpc.number_of(None).await.map_err(|e| e.to_string())?;
	gatekeeper.metrics.lag.set(i64::from(best.saturating_sub(finalized)));
	let from = cursor.map_or(finalized, |c| c + 1);
	for number in from..=finalized {
		let erased = chain.follow_block(number).await.map_err(|e| e.to_string())?;
		for record in erased {
			if record.custodian != Some(gatekeeper.config.organization) {
				continue;
			}
			let digest = server::digest_of_locator(&gatekeeper.config.public_url, &record.locator)
				.unwrap_or(*record.hash.digest());
			let deleted = gatekeeper.store.delete(&digest).await.map_err(|e| e.to_string())?;
			tracing::info!(deleted, "erased record's blob");
		}
		*cursor = Some(number);
		let staged = cursor_path.with_extension("tmp");
		std::fs::write(&staged, number.to_string())
			.and_then(|()| std::fs::rename(&staged, cursor_path))
			.map_err(|e| format!("{}: {e}", cursor_path.display()))?;
	}
	Ok(())
}
