//! `hc-subxt-smoke`: a typed subxt client of Healthchain, generated from the runtime's metadata
//! (`metadata.scale`, kept equal to the runtime's by the runtime's tests). Against a running
//! development node it signs with subxt's default configuration, submits a consent grant,
//! decodes the pallet's event, and asks the same access question through the runtime API and
//! the view function. It exits 0 when every answer is the expected one, 1 otherwise.
//!
//! `hc-subxt-smoke --url ws://127.0.0.1:9944`

use clap::Parser;
use subxt::{
	client::{ClientAtBlock, OnlineClientAtBlockT},
	ext::{
		codec::{Decode, Encode},
		scale_decode::DecodeAsType,
	},
	view_functions::Payload,
	OnlineClient, PolkadotConfig,
};
use subxt_signer::sr25519::{dev, Keypair};

#[subxt::subxt(
	runtime_metadata_path = "metadata.scale",
	derive_for_all_types = "Clone, PartialEq, Eq"
)]
mod healthchain {}

use healthchain::runtime_types::{
	bounded_collections::{bounded_btree_set::BoundedBTreeSet, bounded_vec::BoundedVec},
	healthchain_primitives::{AccessDecision, AccessTarget, Action, Purpose},
	pallet_consent::types::{GrantTerms, Grantee, Scope},
};

type Error = Box<dyn std::error::Error>;

#[derive(Parser)]
#[command(
	version,
	about = "Signs, submits and decodes against a development node with a typed subxt client."
)]
struct Cli {
	/// The node's WebSocket RPC address.
	#[arg(long, default_value = "ws://127.0.0.1:9944")]
	url: String,
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
	let cli = Cli::parse();
	if let Err(e) = run(&cli.url).await {
		eprintln!("hc-subxt-smoke: {e}");
		std::process::exit(1);
	}
}

async fn run(url: &str) -> Result<(), Error> {
	let api = OnlineClient::<PolkadotConfig>::from_url(url).await?;
	let patient = dev::alice();
	// A fresh grantee each run, so the answer below comes from this run's grant.
	let grantee = Keypair::from_uri(&format!("//Alice//subxt-smoke//{}", unique()).parse()?)?;
	let patient_id = patient.public_key().to_account_id();
	let grantee_id = grantee.public_key().to_account_id();

	// A grant to one account for treatment, read access, all records, without an end.
	let terms = GrantTerms {
		purposes: BoundedBTreeSet(vec![Purpose::Treatment]),
		actions: BoundedBTreeSet(vec![Action::Read]),
		scope: Scope::AllRecords,
		data_period: None,
		valid_from: None,
		valid_until: None,
		open_ended: true,
		exceptions: BoundedVec(vec![]),
	};
	let grant =
		healthchain::transactions().consent().grant(None, Grantee::Account(grantee_id), terms);
	let at = api.at_current_block().await?;
	let events = at
		.transactions()
		.sign_and_submit_then_watch_default(&grant, &patient)
		.await?
		.wait_for_finalized_success()
		.await?;
	let created = events
		.find_first::<healthchain::consent::events::GrantCreated>()
		.ok_or("the grant's events hold no Consent.GrantCreated")??;
	if created.grant.patient != patient_id {
		return Err(
			format!("GrantCreated names patient {}, not Alice", created.grant.patient).into()
		);
	}
	println!("grant {} created in a finalized block", created.id);

	// The same question through the runtime API and the view function, at the latest block.
	let question = || {
		(
			patient_id,
			grantee_id,
			AccessTarget::Category([7u8; 16]),
			Purpose::Treatment,
			Action::Read,
		)
	};
	let at = api.at_current_block().await?;
	let (p, a, t, purpose, action) = question();
	let by_api = at
		.runtime_apis()
		.call(healthchain::runtime_apis().consent_api().check_access(p, a, t, purpose, action))
		.await?;
	let (p, a, t, purpose, action) = question();
	let by_view = view_function(
		&at,
		healthchain::view_functions().consent().check_access(p, a, t, purpose, action),
	)
	.await?;
	match &by_api {
		AccessDecision::Permitted(_) => {},
		other => return Err(format!("the runtime API denies the granted access: {other:?}").into()),
	}
	if by_view != by_api {
		return Err(format!("view function {by_view:?} and runtime API {by_api:?} differ").into());
	}
	println!("runtime API and view function both permit: {by_api:?}");
	Ok(())
}

/// Calls a typed view function with the encoding `RuntimeViewFunction::execute_view_function`
/// declares: `(query_id, input: Vec<u8>)` in, `Result<Vec<u8>, ViewFunctionDispatchError>` out.
/// subxt 0.50's own `view_functions().call` (through frame-decode 0.18) sends the arguments
/// without the length prefix of `input` and decodes the answer without unwrapping the `Result`,
/// so against this runtime it returns a wrong answer (for `check_access`, a denial where the
/// runtime API permits). The payload is still checked against the chain's metadata first, and
/// the answer decoded as the generated type.
async fn view_function<C, P>(
	at: &ClientAtBlock<PolkadotConfig, C>,
	payload: P,
) -> Result<P::ReturnType, Error>
where
	C: OnlineClientAtBlockT<PolkadotConfig>,
	P: Payload,
{
	let views = at.view_functions();
	views.validate(&payload)?;
	// The query id (32 bytes), then the arguments.
	let inputs = views.encode_args(&payload)?;
	let (query_id, args) = inputs.split_at(32);
	let mut call = query_id.to_vec();
	args.encode_to(&mut call);
	let answer = views.call_raw(Some(&call)).await?;
	let output: Result<Vec<u8>, ()> = match answer.split_first() {
		Some((0, mut rest)) => Ok(Vec::<u8>::decode(&mut rest)?),
		_ => Err(()),
	};
	let output = output.map_err(|()| {
		format!(
			"view function {}.{} failed: 0x{}",
			payload.pallet_name(),
			payload.function_name(),
			answer.iter().map(|b| format!("{b:02x}")).collect::<String>()
		)
	})?;
	let metadata = at.metadata_ref();
	let output_ty = metadata
		.pallet_by_name(payload.pallet_name())
		.and_then(|pallet| pallet.view_function_by_name(payload.function_name()))
		.map(|function| function.output_ty())
		.ok_or("the view function is not in the chain's metadata")?;
	Ok(P::ReturnType::decode_as_type(&mut &output[..], output_ty, metadata.types())?)
}

/// Nanoseconds since the epoch: a grantee no earlier run used.
fn unique() -> u128 {
	std::time::SystemTime::now()
		.duration_since(std::time::UNIX_EPOCH)
		.map(|d| d.as_nanos())
		.unwrap_or_default()
}
