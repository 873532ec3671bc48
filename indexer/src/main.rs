//! `healthchain-indexer`: follows the chain's finalized blocks into SQLite or PostgreSQL and
//! serves what it indexed over HTTP (`docs/indexer.md`).

use clap::Parser;
use healthchain_client::serve::{serve, shutdown_signal};
use healthchain_client::{auth::ReplayGuard, ChainError, Rpc};
use healthchain_indexer::{
	api::Api,
	follow::{FollowConfig, FollowError, Follower, Progress},
	store::Store,
};
use std::{net::SocketAddr, sync::Arc, time::Duration};

/// Indexes the chain's finalized blocks and serves their history.
#[derive(Parser)]
#[command(version)]
struct Cli {
	/// The node's RPC endpoint (`ws://` or `http://`; an archive node to index from genesis).
	#[arg(long, default_value = "ws://127.0.0.1:9944")]
	node: String,
	/// The database: `sqlite:FILE` (created if missing) or `postgres://USER@HOST/DB`.
	#[arg(long, default_value = "sqlite:healthchain-index.db")]
	database: String,
	/// Where the HTTP API listens.
	#[arg(long, default_value = "127.0.0.1:8900")]
	listen: SocketAddr,
	/// The first block to index when the database is empty.
	#[arg(long, default_value_t = 0)]
	from: u32,
	/// Blocks read and written in one go.
	#[arg(long, default_value_t = 64)]
	batch: u32,
	/// How often to ask the node for new finalized blocks once caught up, in milliseconds.
	#[arg(long, default_value_t = 1000)]
	poll_ms: u64,
	/// How far a signed request's timestamp may be from this machine's clock, in seconds.
	#[arg(long, default_value_t = 60)]
	signature_window_secs: u64,
	/// An origin whose web pages may call the API (`http://127.0.0.1:8700`); repeat for more.
	/// None by default: browsers then refuse its answers to other origins' pages.
	#[arg(long = "allowed-origin", value_parser = healthchain_client::cors::parse_origin)]
	allowed_origins: Vec<String>,
	/// Seconds between progress lines.
	#[arg(long, default_value_t = 5)]
	progress_secs: u64,
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
		tracing::error!("stopped: {e}");
		std::process::exit(1);
	}
}

async fn run(cli: Cli) -> Result<(), String> {
	let store = Arc::new(Store::open(&cli.database).await.map_err(|e| e.to_string())?);
	tracing::info!("database: {:?}", store.backend());
	let progress = Arc::new(Progress::default());
	let config = FollowConfig {
		from: cli.from,
		batch: cli.batch.max(1),
		poll: Duration::from_millis(cli.poll_ms),
	};
	let follower = connect(&cli.node, store.clone(), config, progress.clone()).await?;
	let api = Arc::new(Api {
		store: store.clone(),
		progress: progress.clone(),
		rpc: Rpc::new(&cli.node).map_err(|e| e.to_string())?,
		replay: ReplayGuard::new(cli.signature_window_secs),
		cors: Api::cors(cli.allowed_origins.clone()),
	});

	let listener = tokio::net::TcpListener::bind(cli.listen)
		.await
		.map_err(|e| format!("listen on {}: {e}", cli.listen))?;
	let address = listener.local_addr().map_err(|e| e.to_string())?;
	println!("listening on {address}");

	let (stop_follower, stopped) = tokio::sync::oneshot::channel::<()>();
	let every = Duration::from_secs(cli.progress_secs.max(1));
	let mut following = tokio::spawn(async move {
		follower
			.run(
				async {
					let _ = stopped.await;
				},
				every,
			)
			.await
	});
	let failed = serve(
		listener,
		move |request| api.clone().handle(request),
		async {
			tokio::select! {
				ended = &mut following => Some(match ended {
					Ok(Ok(())) => "the follower stopped".to_string(),
					Ok(Err(e)) => e.to_string(),
					Err(e) => e.to_string(),
				}),
				_ = shutdown_signal() => None,
			}
		},
		Duration::from_secs(10),
	)
	.await;
	tracing::info!("stopping");
	if failed.is_none() {
		// The follower is still running: it stops after the batch in hand.
		let _ = stop_follower.send(());
		let _ = tokio::time::timeout(Duration::from_secs(30), following).await;
	}
	match failed {
		Some(e) => Err(e),
		None => Ok(()),
	}
}

/// Connects to the node, waiting up to a minute for it to answer.
async fn connect(
	node: &str,
	store: Arc<Store>,
	config: FollowConfig,
	progress: Arc<Progress>,
) -> Result<Follower, String> {
	let mut waited = 0;
	loop {
		let rpc = Rpc::new(node).map_err(|e| e.to_string())?;
		match Follower::new(rpc, store.clone(), config.clone(), progress.clone()).await {
			Ok(follower) => return Ok(follower),
			Err(FollowError::Chain(ChainError::Unavailable(e))) if waited < 60 => {
				if waited == 0 {
					tracing::info!("waiting for the node: {e}");
				}
				tokio::time::sleep(Duration::from_secs(1)).await;
				waited += 1;
			},
			Err(e) => return Err(e.to_string()),
		}
	}
}
