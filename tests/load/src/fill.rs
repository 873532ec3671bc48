//! State for the state-size runs: a dev chain spec whose genesis already holds many grants,
//! records and packs. They are made by dispatching the runtime's own calls natively on the dev
//! genesis state, the same calls and checks a block runs, then written as the raw genesis of a
//! new chain spec. The node starts from it; the measured workloads then run through real blocks.

use crate::workloads::{bounded, set, treatment_grant, with_check_digit};
use codec::Encode;
use healthchain_primitives::{
	blind::{self, BlindKey, Field},
	ContentHash, MemberRole, OrgId, OrgRole, Purpose,
};
use healthchain_runtime::{AccountId, Runtime, RuntimeCall, RuntimeOrigin, UNIT};
use serde_json::Value;
use sp_core::storage::Storage;
use sp_io::hashing::blake2_256;
use sp_runtime::traits::Dispatchable;
use sp_state_machine::BasicExternalities;
use std::{collections::BTreeMap, io::Write, path::Path, process::Command, time::Instant};

/// What to put in the genesis state.
#[derive(Clone, Copy, Debug, Default)]
pub struct FillSizes {
	pub grants: usize,
	pub records: usize,
	pub packs: usize,
}

impl FillSizes {
	pub fn is_empty(&self) -> bool {
		self.grants == 0 && self.records == 0 && self.packs == 0
	}
}

/// What the fill made.
#[derive(Clone, Debug, Default)]
pub struct FillStats {
	pub sizes: FillSizes,
	/// Storage entries the fill added to the dev genesis (all of them, indexes included).
	pub entries: usize,
	/// Their keys and values, bytes.
	pub bytes: usize,
	/// Entries and bytes by pallet (the first 16 bytes of the key), for the pallets that
	/// hold what was filled.
	pub by_pallet: Vec<(&'static str, usize, usize)>,
	pub seconds: f64,
}

/// Pallets whose share of the filled state the report shows.
const PALLETS: [&str; 5] = ["Consent", "Records", "SupplyChain", "System", "Balances"];

/// Providers each patient grants, as in the `grant` workload.
const PROVIDERS: usize = 8;
/// Clinicians of the first provider, who register the records.
const CLINICIANS: usize = 64;
/// A grant's end: 2099-12-31, so none expires during a run.
const UNTIL_MS: u64 = 4_102_358_400_000;

fn account(role: &str, i: usize) -> AccountId {
	AccountId::from(blake2_256(format!("healthchain-fill//{role}//{i}").as_bytes()))
}

fn blind_key(i: usize) -> BlindKey {
	blind::key_from_suri(format!("healthchain-fill//patient//{i}").as_bytes())
}

/// Dispatches `call` from `origin` and names it in the error.
fn dispatch(origin: RuntimeOrigin, call: RuntimeCall, what: &str) -> Result<(), String> {
	call.dispatch(origin).map(|_| ()).map_err(|e| format!("fill: {what}: {:?}", e.error))
}

fn signed(who: &AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who.clone())
}

/// Registers an organization with `role` and its admin (the `i`-th fill admin), who accepts
/// it; returns its id and admin.
fn organization(i: usize, role: OrgRole) -> Result<(OrgId, AccountId), String> {
	let admin = account("admin", i);
	fund(&admin)?;
	let id = pallet_organizations::NextOrgId::<Runtime>::get();
	dispatch(
		RuntimeOrigin::root(),
		RuntimeCall::Organizations(pallet_organizations::Call::register {
			admin: admin.clone().into(),
			roles: set(vec![role]),
			credential: pallet_organizations::Credential {
				hash: blake2_256(&(b"fill", i as u64).encode()),
				issuer: bounded(b"LOAD-TEST".to_vec()),
			},
			metadata: bounded(Vec::new()),
		}),
		"register organization",
	)?;
	dispatch(
		signed(&admin),
		RuntimeCall::Organizations(pallet_organizations::Call::accept_admin { org: id }),
		"accept admin",
	)?;
	Ok((id, admin))
}

fn fund(who: &AccountId) -> Result<(), String> {
	dispatch(
		RuntimeOrigin::root(),
		RuntimeCall::Balances(pallet_balances::Call::force_set_balance {
			who: who.clone().into(),
			new_free: 1_000_000 * UNIT,
		}),
		"fund",
	)
}

/// Members `who` of `org` with `role`, invited by `admin` in rounds the pallet allows.
fn members(
	org: OrgId,
	admin: &AccountId,
	who: &[AccountId],
	role: MemberRole,
) -> Result<(), String> {
	let round =
		<<Runtime as pallet_organizations::Config>::MaxInvitations as sp_core::Get<u32>>::get()
			.max(1) as usize;
	for chunk in who.chunks(round) {
		for member in chunk {
			fund(member)?;
			dispatch(
				signed(admin),
				RuntimeCall::Organizations(pallet_organizations::Call::add_member {
					org,
					who: member.clone().into(),
					roles: set(vec![role]),
				}),
				"add member",
			)?;
		}
		for member in chunk {
			dispatch(
				signed(member),
				RuntimeCall::Organizations(pallet_organizations::Call::accept_membership { org }),
				"accept membership",
			)?;
		}
	}
	Ok(())
}

/// Grants and records: `grants / 8` patients each grant eight providers Read and Append of all
/// records for treatment (as the `grant` workload does); clinicians of the first provider then
/// register `records` progress notes over the patients.
fn consent_and_records(sizes: &FillSizes, first_admin: usize) -> Result<(), String> {
	let patients = sizes.grants.div_ceil(PROVIDERS).max(usize::from(sizes.records > 0));
	if patients == 0 {
		return Ok(());
	}
	let mut providers = Vec::new();
	let mut provider_admin = None;
	for i in 0..PROVIDERS {
		let (id, admin) = organization(first_admin + i, OrgRole::Provider)?;
		providers.push(id);
		provider_admin.get_or_insert(admin);
	}
	let clinicians: Vec<AccountId> = (0..CLINICIANS).map(|i| account("clinician", i)).collect();
	if sizes.records > 0 {
		let admin = provider_admin.expect("eight providers");
		members(providers[0], &admin, &clinicians, MemberRole::Clinician)?;
	}
	let mut made = 0;
	for p in 0..patients {
		let patient = account("patient", p);
		fund(&patient)?;
		for provider in &providers {
			// Every patient grants the first provider, so their records can be registered.
			if made >= sizes.grants && *provider != providers[0] {
				break;
			}
			dispatch(signed(&patient), treatment_grant(*provider, UNTIL_MS), "grant")?;
			made += 1;
		}
	}
	for k in 0..sizes.records {
		let p = k % patients;
		let key = blind_key(p);
		let hash = blake2_256(&(b"fill-record", k as u64).encode());
		let input = pallet_records::RecordInput {
			category: blind::code_tag(&key, Field::Category, b"11506-3"),
			type_code: blind::code_tag(&key, Field::Type, b"11506-3"),
			labels: blind::label_tags(&key, &[b"N".as_slice()], &hash)
				.expect("one label fits in the slots"),
			dates: blind::date_tags(&key, 20_000 + (k % 365) as u32),
			hash: ContentHash::Sha256(hash),
			locator: bounded(format!("ehr://fill/{k}").into_bytes()),
		};
		dispatch(
			signed(&clinicians[k % CLINICIANS]),
			RuntimeCall::Records(pallet_records::Call::register {
				patient: account("patient", p),
				input: Box::new(input),
				purpose: Purpose::Treatment,
			}),
			"register record",
		)?;
	}
	Ok(())
}

/// The product and company prefix of the filled packs.
const PACK_PREFIX: &str = "7999999";
/// Packs per filled lot.
const PACKS_PER_LOT: usize = 1_000_000;

fn pack_gtin() -> pallet_supply_chain::Gtin {
	with_check_digit(format!("0{PACK_PREFIX}00001")).try_into().expect("14 digits")
}

fn pack_lot(l: usize) -> pallet_supply_chain::LotNumber {
	bounded(format!("FILL{l}").into_bytes())
}

fn pack_serial(l: usize, i: usize) -> pallet_supply_chain::Serial {
	bounded(format!("F{l}N{i}").into_bytes())
}

/// `SupplyChainApi_verify` arguments of `sample` packs spread over the `packs` filled ones.
pub fn pack_queries(packs: usize, sample: usize) -> Vec<Vec<u8>> {
	let step = (packs / sample.max(1)).max(1);
	(0..packs)
		.step_by(step)
		.map(|n| {
			let (l, i) = (n / PACKS_PER_LOT, n % PACKS_PER_LOT);
			(pack_gtin(), pack_serial(l, i), pack_lot(l), *b"301231").encode()
		})
		.collect()
}

/// Packs written straight into the genesis: their keys and the encoded pack each lot's real
/// commission stored, which every pack of a lot shares.
struct DirectPacks {
	lots: Vec<(usize, usize, usize, Vec<u8>)>,
}

/// Packs: a manufacturer commissions `count` serials of one product, in lots of a million. The
/// first batch of each lot goes through `commission`; the rest of the lot is written directly
/// as the same pack under the remaining serials, and the lot counts them as commissioned, which
/// is what `commission` would have stored (tens of millions of calls would not fit in memory).
fn packs(count: usize, admin: usize) -> Result<DirectPacks, String> {
	let mut direct = DirectPacks { lots: Vec::new() };
	if count == 0 {
		return Ok(direct);
	}
	let (org, admin) = organization(admin, OrgRole::Manufacturer)?;
	let prefix = PACK_PREFIX;
	dispatch(
		RuntimeOrigin::root(),
		RuntimeCall::Organizations(pallet_organizations::Call::set_company_prefixes {
			org,
			prefixes: bounded(vec![bounded(prefix.as_bytes().to_vec())]),
		}),
		"set company prefixes",
	)?;
	let staff = account("staff", 0);
	members(org, &admin, std::slice::from_ref(&staff), MemberRole::Logistics)?;
	let gtin = pack_gtin();
	dispatch(
		signed(&staff),
		RuntimeCall::SupplyChain(pallet_supply_chain::Call::register_product {
			gtin,
			metadata: blake2_256(b"fill product"),
		}),
		"register product",
	)?;
	let batch =
		<<Runtime as pallet_supply_chain::Config>::MaxCommissionBatch as sp_core::Get<u32>>::get()
			.max(1) as usize;
	for (l, start) in (0..count).step_by(PACKS_PER_LOT).enumerate() {
		let lot = pack_lot(l);
		let in_lot = PACKS_PER_LOT.min(count - start);
		dispatch(
			signed(&staff),
			RuntimeCall::SupplyChain(pallet_supply_chain::Call::create_lot {
				gtin,
				lot: lot.clone(),
				expiry: *b"301231",
				quantity: in_lot as u32,
			}),
			"create lot",
		)?;
		let first = batch.min(in_lot);
		dispatch(
			signed(&staff),
			RuntimeCall::SupplyChain(pallet_supply_chain::Call::commission {
				gtin,
				lot: lot.clone(),
				serials: bounded((0..first).map(|i| pack_serial(l, i)).collect()),
			}),
			"commission",
		)?;
		if first < in_lot {
			let pack = pallet_supply_chain::Packs::<Runtime>::get(gtin, pack_serial(l, 0))
				.ok_or("fill: the commissioned pack is not stored")?;
			pallet_supply_chain::Lots::<Runtime>::mutate(gtin, &lot, |info| {
				if let Some(info) = info {
					info.commissioned = in_lot as u32;
				}
			});
			direct.lots.push((l, first, in_lot, pack.encode()));
		}
	}
	Ok(direct)
}

impl DirectPacks {
	/// Writes the packs into `top`.
	fn write(&self, top: &mut BTreeMap<Vec<u8>, Vec<u8>>) {
		let gtin = pack_gtin();
		for (l, from, to, pack) in &self.lots {
			for i in *from..*to {
				let key =
					pallet_supply_chain::Packs::<Runtime>::hashed_key_for(gtin, pack_serial(*l, i));
				top.insert(key, pack.clone());
			}
		}
	}
}

/// Writes `out`: the dev chain spec of `node` with `sizes` added to its raw genesis.
pub fn filled_spec(node: &Path, sizes: FillSizes, out: &Path) -> Result<FillStats, String> {
	let started = Instant::now();
	let output = Command::new(node)
		.args(["build-spec", "--chain", "dev", "--raw", "--disable-default-bootnode"])
		.output()
		.map_err(|e| format!("{}: {e}", node.display()))?;
	if !output.status.success() {
		return Err(format!("build-spec: {}", String::from_utf8_lossy(&output.stderr)));
	}
	let mut spec: Value =
		serde_json::from_slice(&output.stdout).map_err(|e| format!("build-spec output: {e}"))?;
	let top = spec["genesis"]["raw"]["top"].take();
	let top = top.as_object().ok_or("build-spec gave no raw genesis")?;
	let mut storage = Storage::default();
	for (key, value) in top {
		let value = value.as_str().ok_or("raw genesis value is not hex")?;
		storage.top.insert(crate::rpc::from_hex(key)?, crate::rpc::from_hex(value)?);
	}
	let before: BTreeMap<Vec<u8>, Vec<u8>> = storage.top.clone();

	let mut ext = BasicExternalities::new(storage);
	let now_ms = std::time::SystemTime::now()
		.duration_since(std::time::UNIX_EPOCH)
		.map(|d| d.as_millis() as u64)
		.unwrap_or_default();
	let direct = ext.execute_with(|| -> Result<DirectPacks, String> {
		// The calls see today's date, as they would in a block (a lot's expiry is read in the
		// century around it); the genesis keeps no time, as the dev genesis does not.
		let now_key = crate::chain::value_key("Timestamp", "Now");
		frame_support::storage::unhashed::put(&now_key, &now_ms);
		consent_and_records(&sizes, 0)?;
		let direct = packs(sizes.packs, PROVIDERS)?;
		frame_support::storage::unhashed::kill(&now_key);
		Ok(direct)
	})?;
	let mut after = ext.into_storages().top;
	direct.write(&mut after);
	let mut stats = FillStats { sizes, ..Default::default() };
	let prefixes: Vec<[u8; 16]> =
		PALLETS.iter().map(|p| sp_io::hashing::twox_128(p.as_bytes())).collect();
	stats.by_pallet = PALLETS.iter().map(|p| (*p, 0, 0)).collect();
	for (key, value) in &after {
		if before.get(key) != Some(value) {
			stats.entries += 1;
			stats.bytes += key.len() + value.len();
			if let Some(i) = prefixes.iter().position(|p| key.starts_with(p)) {
				stats.by_pallet[i].1 += 1;
				stats.by_pallet[i].2 += key.len() + value.len();
			}
		}
	}

	// The spec as build-spec wrote it, with the filled state as its raw genesis. Written
	// entry by entry: tens of millions of them do not fit in a JSON tree.
	spec["genesis"]["raw"]["top"] = Value::String("@TOP@".into());
	let text = serde_json::to_string(&spec).map_err(|e| e.to_string())?;
	let (head, tail) = text.split_once("\"@TOP@\"").ok_or("spec placeholder lost")?;
	let file = std::fs::File::create(out).map_err(|e| format!("{}: {e}", out.display()))?;
	let mut w = std::io::BufWriter::new(file);
	let io = |e: std::io::Error| format!("{}: {e}", out.display());
	w.write_all(head.as_bytes()).map_err(io)?;
	w.write_all(b"{").map_err(io)?;
	for (i, (key, value)) in after.iter().enumerate() {
		if i > 0 {
			w.write_all(b",").map_err(io)?;
		}
		write!(w, "\"{}\":\"{}\"", crate::rpc::to_hex(key), crate::rpc::to_hex(value))
			.map_err(io)?;
	}
	w.write_all(b"}").map_err(io)?;
	w.write_all(tail.as_bytes()).map_err(io)?;
	w.flush().map_err(io)?;
	stats.seconds = started.elapsed().as_secs_f64();
	Ok(stats)
}
