//! Command-line interface.

/// How blocks are produced.
#[derive(Debug, Copy, Clone, PartialEq, Eq, clap::ValueEnum)]
pub enum Sealing {
	/// A block as soon as a transaction arrives, finalized at once.
	Instant,
	/// A block when asked through the `engine_createBlock` RPC.
	Manual,
}

/// The node's arguments.
#[derive(Debug, clap::Parser)]
pub struct Cli {
	/// A subcommand; none runs the node.
	#[command(subcommand)]
	pub subcommand: Option<Subcommand>,

	/// Running the node.
	#[clap(flatten)]
	pub run: sc_cli::RunCmd,

	/// Produce blocks by instant or manual sealing instead of Aura slots and GRANDPA finality.
	/// For development and tests only: a single node, no finality gadget.
	#[arg(long, value_enum)]
	pub sealing: Option<Sealing>,
}

/// Subcommands.
#[derive(Debug, clap::Subcommand)]
#[allow(clippy::large_enum_variant)]
pub enum Subcommand {
	/// Key management.
	#[command(subcommand)]
	Key(sc_cli::KeySubcommand),

	/// Build a chain specification (`--raw` for the form other tools load).
	BuildSpec(sc_cli::BuildSpecCmd),

	/// Export the chain specification of a chain.
	ExportChainSpec(sc_cli::ExportChainSpecCmd),

	/// Validate blocks.
	CheckBlock(sc_cli::CheckBlockCmd),

	/// Export blocks.
	ExportBlocks(sc_cli::ExportBlocksCmd),

	/// Export the state of a block as a chain specification.
	ExportState(sc_cli::ExportStateCmd),

	/// Import blocks.
	ImportBlocks(sc_cli::ImportBlocksCmd),

	/// Remove the whole chain.
	PurgeChain(sc_cli::PurgeChainCmd),

	/// Revert the chain to a previous state.
	Revert(sc_cli::RevertCmd),

	/// Benchmarks: pallet weights, block and extrinsic overhead, storage.
	#[command(subcommand)]
	Benchmark(frame_benchmarking_cli::BenchmarkCmd),

	/// Database metadata.
	ChainInfo(sc_cli::ChainInfoCmd),

	/// Chain specs from any runtime blob's genesis presets, e.g. the parachain runtime's:
	/// `create`, `convert-to-raw`, `list-presets`, `display-preset`, `update-code`, `verify`.
	ChainSpecBuilder(staging_chain_spec_builder::ChainSpecBuilder),
}
