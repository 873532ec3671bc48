//! The workloads: set-up of the accounts and organizations they need, then each measured
//! workload as signed extrinsics or runtime-API queries.

use crate::{
	chain::{self, ChainInfo, Key},
	rpc::Rpc,
	run::{self, Job, Outcome, Settings},
};
use codec::Encode;
use healthchain_primitives::{
	blind::{self, Field},
	AccessTarget, Action, ContentHash, GrantId, MemberRole, OrgId, OrgRole, Purpose, RecordId, Tag,
};
use healthchain_runtime::{AccountId, Runtime, RuntimeCall, RuntimeEvent, UNIT};
use pallet_consent::{GrantTerms, Grantee, Scope};
use pallet_supply_chain::{gs1, ContainerKind, Gtin, LotNumber, Serial, ShipmentId, Sscc, Unit};
use sp_io::hashing::blake2_256;
use sp_runtime::{BoundedBTreeSet, BoundedVec};
use std::collections::HashMap;

/// How many of each thing a run uses.
#[derive(Clone, Debug)]
pub struct Sizes {
	/// Patients, who also send the transfers.
	pub patients: usize,
	/// Clinicians of the provider organization, who log accesses and register records.
	pub clinicians: usize,
	/// Staff of the manufacturer, who commission, pack and ship.
	pub staff: usize,
	pub transfers: usize,
	pub grants: usize,
	pub accesses: usize,
	pub records: usize,
	/// Commission extrinsics, each of `MaxCommissionBatch` packs.
	pub commissions: usize,
	/// Full pallets built from the commissioned packs and shipped.
	pub pallets: usize,
	/// Grants revoked (of those the `grant` workload made to other providers than the
	/// clinicians' own, so later access checks stay permitted).
	pub revokes: usize,
	/// How long each runtime-API query workload runs.
	pub query_secs: u64,
}

/// Provider organizations the grants rotate over, so no patient-grantee pair nears
/// `MaxGrantsPerPair`.
const PROVIDERS: usize = 8;
/// LOINC "progress note".
const CATEGORY: &[u8] = b"11506-3";
/// Wholesaler staff, who receive the shipments.
const WHOLESALE_STAFF: usize = 4;
/// HL7 "normal" confidentiality.
const LABEL: &[u8] = b"N";
const EXPIRY: [u8; 6] = *b"301231";
const DAY_MS: u64 = 24 * 60 * 60 * 1000;

pub(crate) fn bounded<T, S: sp_core::Get<u32>>(items: Vec<T>) -> BoundedVec<T, S> {
	BoundedVec::truncate_from(items)
}

/// The progress-note tag under `patient`'s blind key: what a clinician's client sends.
fn category(patient: &Key) -> Tag {
	blind::code_tag(&patient.blind, Field::Category, CATEGORY)
}

pub(crate) fn set<T: Ord, S: sp_core::Get<u32>>(items: Vec<T>) -> BoundedBTreeSet<T, S> {
	let mut set = BoundedBTreeSet::new();
	for item in items {
		let _ = set.try_insert(item);
	}
	set
}

/// A seven-digit GS1 company prefix for the run `tag`: `7` and six digits of the tag.
fn company_prefix(tag: u64) -> String {
	format!("7{:06}", tag % 1_000_000)
}

/// Digits followed by their GS1 check digit.
pub(crate) fn with_check_digit(body: String) -> Vec<u8> {
	let mut id = body.into_bytes();
	let check = gs1::check_digit(&id).expect("digits only");
	id.push(check);
	id
}

/// A patient's grant to `provider` of Read and Append of all records for treatment, until
/// `until` (ms): what the `grant` workload and the filled state make.
pub(crate) fn treatment_grant(provider: OrgId, until: u64) -> RuntimeCall {
	RuntimeCall::Consent(pallet_consent::Call::grant {
		on_behalf_of: None,
		grantee: Grantee::Organization(provider),
		terms: GrantTerms {
			purposes: set(vec![Purpose::Treatment]),
			actions: set(vec![Action::Read, Action::Append]),
			scope: Scope::AllRecords,
			data_period: None,
			valid_from: None,
			valid_until: Some(until),
			open_ended: false,
			exceptions: bounded(Vec::new()),
		},
	})
}

/// Everything the workloads act with, created by [`World::create`].
pub struct World {
	pub info: ChainInfo,
	pub patients: Vec<Key>,
	pub clinicians: Vec<Key>,
	pub staff: Vec<Key>,
	/// Logistics members of the wholesaler.
	pub wholesale_staff: Vec<Key>,
	/// The manufacturer's admin, who recalls its lots.
	pub manufacturer_admin: Key,
	pub providers: Vec<OrgId>,
	pub wholesaler: OrgId,
	pub gtin: Gtin,
	pub lots: Vec<LotNumber>,
	/// Packs commissioned so far, per staff member (who owns its lot).
	pub packs: Vec<Vec<Serial>>,
	/// Full pallets ready to ship, with the staff member that built each.
	pub pallets: Vec<(usize, Sscc)>,
	/// Some commissioned packs (staff member, serial) to verify.
	pub verify_sample: Vec<(usize, Serial)>,
	/// `SupplyChainApi_verify` arguments of packs already in the state (a filled genesis).
	pub verify_sample_extra: Vec<Vec<u8>>,
	/// Grants the `grant` workload made to providers other than the first (patient, id):
	/// what `revoke` revokes.
	pub revocable: Vec<(usize, GrantId)>,
	/// Records the `record` workload registered (patient, record), in order.
	pub registered: Vec<(usize, RecordId)>,
	/// Shipments the `ship` workload sent, for `receive`.
	pub shipments: Vec<ShipmentId>,
	/// Patient index of each patient account.
	patient_index: HashMap<AccountId, usize>,
	tag: u64,
	/// The manufacturer's GS1 company prefix.
	prefix: String,
	next_sscc: u64,
	now_ms: u64,
}

fn sudo(call: RuntimeCall) -> RuntimeCall {
	RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(call) })
}

fn batch(calls: Vec<RuntimeCall>) -> RuntimeCall {
	RuntimeCall::Utility(pallet_utility::Call::batch_all { calls })
}

impl World {
	/// Derives fresh accounts (tagged with `tag`, so runs never collide), funds them, registers
	/// the organizations with their members, a product and a lot per staff member.
	pub fn create(settings: &Settings, sizes: &Sizes, tag: u64) -> Result<Self, String> {
		let mut rpc = Rpc::new(&settings.url);
		let info = ChainInfo::fetch(&mut rpc)?;
		let root = Key::from_uri("//Alice");
		let key =
			|role: &str, i: usize| Key::from_uri(&format!("//Alice//load-{tag}//{role}//{i}"));
		let patients: Vec<Key> = (0..sizes.patients).map(|i| key("patient", i)).collect();
		let clinicians: Vec<Key> = (0..sizes.clinicians).map(|i| key("clinician", i)).collect();
		let staff: Vec<Key> = (0..sizes.staff.max(1)).map(|i| key("staff", i)).collect();
		let wholesale_staff: Vec<Key> =
			(0..WHOLESALE_STAFF).map(|i| key("wholesale-staff", i)).collect();
		let admins: Vec<Key> = (0..PROVIDERS + 2).map(|i| key("admin", i)).collect();

		// Funds: enough for fees and deposits of every workload.
		let everyone: Vec<&Key> = patients
			.iter()
			.chain(&clinicians)
			.chain(&staff)
			.chain(&wholesale_staff)
			.chain(&admins)
			.collect();
		let mut root_nonce = chain::next_nonce(&mut rpc, &root.account)?;
		let mut jobs = Vec::new();
		for chunk in everyone.chunks(1_000) {
			let calls = chunk
				.iter()
				.map(|k| {
					RuntimeCall::Balances(pallet_balances::Call::force_set_balance {
						who: k.account.clone().into(),
						new_free: 1_000_000 * UNIT,
					})
				})
				.collect();
			jobs.push((root.clone(), root_nonce, sudo(batch(calls))));
			root_nonce += 1;
		}
		run::setup(settings, &info, "fund accounts", jobs)?;

		// Organizations: providers, a manufacturer and a wholesaler, each with its own admin.
		let first: OrgId =
			chain::decode_storage(&mut rpc, &chain::value_key("Organizations", "NextOrgId"), None)?
				.unwrap_or_default();
		let roles = |i: usize| match i {
			i if i < PROVIDERS => OrgRole::Provider,
			i if i == PROVIDERS => OrgRole::Manufacturer,
			_ => OrgRole::Wholesaler,
		};
		let providers: Vec<OrgId> = (0..PROVIDERS as OrgId).map(|i| first + i).collect();
		let manufacturer = first + PROVIDERS as OrgId;
		let wholesaler = manufacturer + 1;
		// The manufacturer's GS1 company prefix: its GTIN and SSCCs start with it. Runs differ
		// in `tag`, so their prefixes do not collide.
		let prefix = company_prefix(tag);
		let registrations: Vec<RuntimeCall> = admins
			.iter()
			.enumerate()
			.map(|(i, admin)| {
				RuntimeCall::Organizations(pallet_organizations::Call::register {
					admin: admin.account.clone().into(),
					roles: set(vec![roles(i)]),
					credential: pallet_organizations::Credential {
						hash: blake2_256(&(tag, i as u64).encode()),
						issuer: bounded(b"LOAD-TEST".to_vec()),
					},
					metadata: bounded(Vec::new()),
				})
			})
			.collect();
		run::setup(
			settings,
			&info,
			"register organizations",
			vec![(root.clone(), root_nonce, sudo(batch(registrations)))],
		)?;
		root_nonce += 1;
		// Each admin accepts its organization (its nonce 0); only then do they exist.
		let jobs = admins
			.iter()
			.enumerate()
			.map(|(i, admin)| {
				let org = first + i as OrgId;
				let call =
					RuntimeCall::Organizations(pallet_organizations::Call::accept_admin { org });
				(admin.clone(), 0, call)
			})
			.collect();
		run::setup(settings, &info, "accept admin roles", jobs)?;
		run::setup(
			settings,
			&info,
			"set company prefixes",
			vec![(
				root.clone(),
				root_nonce,
				sudo(RuntimeCall::Organizations(
					pallet_organizations::Call::set_company_prefixes {
						org: manufacturer,
						prefixes: bounded(vec![bounded(prefix.clone().into_bytes())]),
					},
				)),
			)],
		)?;

		// Members: clinicians of the first provider, logistics staff of the manufacturer and of
		// the wholesaler.
		let members = |org: OrgId, keys: &[Key], role: MemberRole| -> Vec<RuntimeCall> {
			keys.iter()
				.map(|k| {
					RuntimeCall::Organizations(pallet_organizations::Call::add_member {
						org,
						who: k.account.clone().into(),
						roles: set(vec![role]),
					})
				})
				.collect()
		};
		// Invitations in rounds no larger than an organization may have pending, each round
		// accepted by the accounts invited (their nonce 0). The admins' nonce 0 went to
		// `accept_admin`.
		let round = (<<Runtime as pallet_organizations::Config>::MaxInvitations as sp_core::Get<
			u32,
		>>::get() as usize)
			.clamp(1, 500);
		let accept = |org: OrgId, k: &Key| {
			(
				k.clone(),
				0,
				RuntimeCall::Organizations(pallet_organizations::Call::accept_membership { org }),
			)
		};
		for (org, admin, keys, role) in [
			(providers[0], &admins[0], &clinicians, MemberRole::Clinician),
			(manufacturer, &admins[PROVIDERS], &staff, MemberRole::Logistics),
			(wholesaler, &admins[PROVIDERS + 1], &wholesale_staff, MemberRole::Logistics),
		] {
			for (n, chunk) in keys.chunks(round).enumerate() {
				let invite = batch(members(org, chunk, role));
				run::setup(
					settings,
					&info,
					"invite members",
					vec![(admin.clone(), n as u32 + 1, invite)],
				)?;
				let jobs = chunk.iter().map(|k| accept(org, k)).collect();
				run::setup(settings, &info, "accept memberships", jobs)?;
			}
		}

		// A product, and a lot per staff member large enough for every pack it commissions.
		let gtin: Gtin = with_check_digit(format!("0{prefix}00001")).try_into().expect("14 digits");
		run::setup(
			settings,
			&info,
			"register product",
			vec![(
				staff[0].clone(),
				1,
				RuntimeCall::SupplyChain(pallet_supply_chain::Call::register_product {
					gtin,
					metadata: blake2_256(b"product master data"),
				}),
			)],
		)?;
		let lots: Vec<LotNumber> =
			(0..staff.len()).map(|j| bounded(format!("L{tag}S{j}").into_bytes())).collect();
		let per_lot = (sizes.commissions.div_ceil(staff.len()) as u32 + 1) * commission_batch();
		let jobs = staff
			.iter()
			.enumerate()
			.map(|(j, k)| {
				// Nonce 0 went to `accept_membership`, staff 0's nonce 1 to the product.
				let nonce = if j == 0 { 2 } else { 1 };
				let call = RuntimeCall::SupplyChain(pallet_supply_chain::Call::create_lot {
					gtin,
					lot: lots[j].clone(),
					expiry: EXPIRY,
					quantity: per_lot,
				});
				(k.clone(), nonce, call)
			})
			.collect();
		run::setup(settings, &info, "create lots", jobs)?;

		let now_ms = chain::decode_storage(&mut rpc, &chain::value_key("Timestamp", "Now"), None)?
			.unwrap_or_default();
		let packs = vec![Vec::new(); staff.len()];
		let patient_index =
			patients.iter().enumerate().map(|(i, k)| (k.account.clone(), i)).collect();
		Ok(Self {
			info,
			patients,
			clinicians,
			staff,
			wholesale_staff,
			manufacturer_admin: admins[PROVIDERS].clone(),
			providers,
			wholesaler,
			gtin,
			lots,
			packs,
			pallets: Vec::new(),
			verify_sample: Vec::new(),
			verify_sample_extra: Vec::new(),
			revocable: Vec::new(),
			registered: Vec::new(),
			shipments: Vec::new(),
			patient_index,
			tag,
			prefix,
			next_sscc: 0,
			now_ms,
		})
	}

	fn new_sscc(&mut self) -> Sscc {
		self.next_sscc += 1;
		with_check_digit(format!("3{}{:09}", self.prefix, self.next_sscc))
			.try_into()
			.expect("18 digits")
	}

	/// Jobs for `count` extrinsics from `senders` in rounds (each sender's nonces in order),
	/// the `k`-th built by `call(k, sender index)`.
	fn rounds(
		&self,
		settings: &Settings,
		senders: &[Key],
		count: usize,
		mut call: impl FnMut(usize, usize) -> RuntimeCall,
	) -> Result<Vec<Job>, String> {
		let nonces = run::nonces(settings, senders)?;
		Ok((0..count)
			.map(|k| {
				let s = k % senders.len();
				let round = (k / senders.len()) as u32;
				(senders[s].clone(), nonces[s] + round, call(k, s))
			})
			.collect())
	}

	/// `balances.transfer_keep_alive` between patients: the yardstick.
	pub fn transfers(&self, settings: &Settings, count: usize) -> Result<Vec<Job>, String> {
		let n = self.patients.len();
		self.rounds(settings, &self.patients, count, |_, s| {
			RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
				dest: self.patients[(s + 1) % n].account.clone().into(),
				value: UNIT / 1_000,
			})
		})
	}

	/// Patients grant the provider organizations Read and Append of all their records for
	/// treatment, for 30 days.
	pub fn grants(&self, settings: &Settings, count: usize) -> Result<Vec<Job>, String> {
		let n = self.patients.len();
		let until = self.now_ms + 30 * DAY_MS;
		self.rounds(settings, &self.patients, count, |k, _| {
			treatment_grant(self.providers[(k / n) % PROVIDERS], until)
		})
	}

	/// Clinicians log reads of patients' progress notes: each permitted by the patient's grant
	/// to the clinician's organization.
	pub fn accesses(&self, settings: &Settings, count: usize) -> Result<Vec<Job>, String> {
		self.access_logs(settings, count, Purpose::Treatment)
	}

	/// Clinicians log reads of patients' progress notes for `purpose`.
	fn access_logs(
		&self,
		settings: &Settings,
		count: usize,
		purpose: Purpose,
	) -> Result<Vec<Job>, String> {
		let n = self.patients.len();
		self.rounds(settings, &self.clinicians, count, |k, _| {
			RuntimeCall::Consent(pallet_consent::Call::log_access {
				patient: self.patients[k % n].account.clone(),
				target: AccessTarget::Category(category(&self.patients[k % n])),
				purpose,
				action: Action::Read,
			})
		})
	}

	/// Clinicians register progress notes for patients (a pointer, hash, locator and the
	/// note's blind tags each).
	pub fn records(&self, settings: &Settings, count: usize) -> Result<Vec<Job>, String> {
		let n = self.patients.len();
		let day = blind::day_of(self.now_ms).ok_or("the chain's clock is past 2149")?;
		self.rounds(settings, &self.clinicians, count, |k, _| {
			let patient = &self.patients[k % n];
			let hash = blake2_256(&(self.tag, k as u64).encode());
			let input = pallet_records::RecordInput {
				category: category(patient),
				type_code: blind::code_tag(&patient.blind, Field::Type, CATEGORY),
				labels: blind::label_tags(&patient.blind, &[LABEL], &hash)
					.expect("one label fits in the slots"),
				dates: blind::date_tags(&patient.blind, day),
				hash: ContentHash::Sha256(hash),
				locator: bounded(format!("ehr://load/{}/{k}", self.tag).into_bytes()),
			};
			RuntimeCall::Records(pallet_records::Call::register {
				patient: patient.account.clone(),
				input: Box::new(input),
				purpose: Purpose::Treatment,
			})
		})
	}

	/// Staff commission full batches of new serials into their lots; the serials are kept for
	/// packing.
	pub fn commissions(&mut self, settings: &Settings, count: usize) -> Result<Vec<Job>, String> {
		let batch_size = commission_batch() as usize;
		let staff = self.staff.clone();
		let mut batches = Vec::new();
		let jobs = self.rounds(settings, &staff, count, |k, s| {
			let serials: Vec<Serial> =
				(0..batch_size).map(|i| bounded(format!("S{s}K{k}N{i}").into_bytes())).collect();
			batches.push((s, serials.clone()));
			RuntimeCall::SupplyChain(pallet_supply_chain::Call::commission {
				gtin: self.gtin,
				lot: self.lots[s].clone(),
				serials: bounded(serials),
			})
		})?;
		for (s, serials) in batches {
			let room = 1_000usize.saturating_sub(self.verify_sample.len());
			self.verify_sample.extend(serials.iter().take(room.min(50)).map(|x| (s, x.clone())));
			self.packs[s].extend(serials);
		}
		Ok(jobs)
	}

	/// Packs commissioned packs into full cases, then the cases into full pallets, and keeps the
	/// pallets for [`Self::ships`]. Returns the outcomes of the two steps.
	pub fn build_pallets(
		&mut self,
		settings: &Settings,
		pallets: usize,
	) -> Result<(Outcome, Outcome), String> {
		let size = container_size() as usize;
		let mut cases_jobs = Vec::new();
		let mut pallet_jobs = Vec::new();
		let mut nonces = run::nonces(settings, &self.staff)?;
		// Any staff member may pack any of the manufacturer's packs: pool them, and let the
		// staff take turns building pallets.
		let mut pool: Vec<Serial> = self.packs.iter_mut().flat_map(std::mem::take).collect();
		if pool.len() < pallets * size * size {
			let have = pool.len();
			self.packs[0] = pool;
			return Err(format!("{have} packs are too few for {pallets} pallets: commission more"));
		}
		let mut pallets_built = Vec::new();
		for p in 0..pallets {
			let s = p % self.staff.len();
			let packs: Vec<Serial> = pool.drain(..size * size).collect();
			let mut cases = Vec::new();
			for chunk in packs.chunks(size) {
				let sscc = self.new_sscc();
				let units = chunk.iter().map(|serial| Unit::Pack(self.gtin, serial.clone()));
				let call = RuntimeCall::SupplyChain(pallet_supply_chain::Call::pack {
					sscc,
					kind: ContainerKind::Case,
					units: bounded(units.collect()),
				});
				cases_jobs.push((self.staff[s].clone(), nonces[s], call));
				nonces[s] += 1;
				cases.push(Unit::Container(sscc));
			}
			let sscc = self.new_sscc();
			let call = RuntimeCall::SupplyChain(pallet_supply_chain::Call::pack {
				sscc,
				kind: ContainerKind::Pallet,
				units: bounded(cases),
			});
			pallet_jobs.push((s, call));
			pallets_built.push((s, sscc));
		}
		self.packs[0] = pool;
		// Case packing in rounds of the staff's nonces, then the pallets once the cases exist.
		cases_jobs.sort_by_key(|(_, nonce, _)| *nonce);
		let packed = |e: &RuntimeEvent| {
			matches!(e, RuntimeEvent::SupplyChain(pallet_supply_chain::Event::Packed { .. }))
		};
		let cases = run::setup_with_effect(
			settings,
			&self.info,
			"pack 100 packs into a case",
			cases_jobs,
			packed,
		)?;
		let mut nonces = run::nonces(settings, &self.staff)?;
		let jobs = pallet_jobs
			.into_iter()
			.map(|(s, call)| {
				let nonce = nonces[s];
				nonces[s] += 1;
				(self.staff[s].clone(), nonce, call)
			})
			.collect();
		let pallet_outcome = run::setup_with_effect(
			settings,
			&self.info,
			"pack 100 cases into a pallet",
			jobs,
			packed,
		)?;
		self.pallets.extend(pallets_built);
		Ok((cases, pallet_outcome))
	}

	/// Staff ship each full pallet (10,000 packs) to the wholesaler.
	pub fn ships(&mut self, settings: &Settings) -> Result<Vec<Job>, String> {
		let mut nonces = run::nonces(settings, &self.staff)?;
		let pallets = std::mem::take(&mut self.pallets);
		let mut jobs: Vec<Job> = pallets
			.iter()
			.map(|(s, sscc)| {
				let call = RuntimeCall::SupplyChain(pallet_supply_chain::Call::ship {
					units: bounded(vec![Unit::Container(*sscc)]),
					to: self.wholesaler,
					ti_hash: blake2_256(sscc),
					transfer_ownership: true,
				});
				let nonce = nonces[*s];
				nonces[*s] += 1;
				(self.staff[*s].clone(), nonce, call)
			})
			.collect();
		jobs.sort_by_key(|(_, nonce, _)| *nonce);
		Ok(jobs)
	}

	/// Jobs for calls whose sender is fixed: each sender's next nonces in order, and the jobs
	/// interleaved in rounds so that no sender's queue holds back the others.
	fn by_sender(
		&self,
		settings: &Settings,
		calls: Vec<(Key, RuntimeCall)>,
	) -> Result<Vec<Job>, String> {
		let mut senders: Vec<Key> = Vec::new();
		let mut slot: HashMap<AccountId, usize> = HashMap::new();
		for (key, _) in &calls {
			slot.entry(key.account.clone()).or_insert_with(|| {
				senders.push(key.clone());
				senders.len() - 1
			});
		}
		let mut nonces = run::nonces(settings, &senders)?;
		let mut jobs: Vec<(u32, Job)> = calls
			.into_iter()
			.map(|(key, call)| {
				let s = slot[&key.account];
				let round = nonces[s];
				nonces[s] += 1;
				(round, (key, round, call))
			})
			.collect();
		jobs.sort_by_key(|(round, _)| *round);
		Ok(jobs.into_iter().map(|(_, job)| job).collect())
	}

	/// Keeps what a workload created that later workloads act on: the ids in its events.
	pub fn absorb(&mut self, events: &[RuntimeEvent]) {
		for event in events {
			match event {
				RuntimeEvent::Consent(pallet_consent::Event::GrantCreated { id, grant }) => {
					let other_provider = matches!(grant.grantee,
						Grantee::Organization(org) if org != self.providers[0]);
					if let (true, Some(&p)) =
						(other_provider, self.patient_index.get(&grant.patient))
					{
						self.revocable.push((p, *id));
					}
				},
				RuntimeEvent::Records(pallet_records::Event::RecordRegistered {
					record,
					patient,
					..
				}) => {
					if let Some(&p) = self.patient_index.get(patient) {
						self.registered.push((p, *record));
					}
				},
				RuntimeEvent::SupplyChain(pallet_supply_chain::Event::Shipped {
					shipment, ..
				}) => self.shipments.push(*shipment),
				_ => {},
			}
		}
	}

	/// Patients revoke grants they made to providers other than the clinicians' own.
	pub fn revokes(&mut self, settings: &Settings, count: usize) -> Result<Vec<Job>, String> {
		let take = count.min(self.revocable.len());
		let grants: Vec<(usize, GrantId)> = self.revocable.drain(..take).collect();
		let calls = grants
			.into_iter()
			.map(|(p, grant_id)| {
				(
					self.patients[p].clone(),
					RuntimeCall::Consent(pallet_consent::Call::revoke { grant_id }),
				)
			})
			.collect();
		self.by_sender(settings, calls)
	}

	/// Clinicians log reads for research, which no grant permits: each is logged as denied.
	pub fn denied_accesses(&self, settings: &Settings, count: usize) -> Result<Vec<Job>, String> {
		self.access_logs(settings, count, Purpose::Research)
	}

	/// Patients acknowledge the records registered for them.
	pub fn acknowledgements(&self, settings: &Settings, count: usize) -> Result<Vec<Job>, String> {
		let calls = self
			.registered
			.iter()
			.take(count)
			.map(|(p, record)| {
				(
					self.patients[*p].clone(),
					RuntimeCall::Records(pallet_records::Call::acknowledge { record: *record }),
				)
			})
			.collect();
		self.by_sender(settings, calls)
	}

	/// Clinicians of the custodian attach a record's data key, wrapped to a colleague whom the
	/// patient's grant to their organization lets read it.
	pub fn key_attachments(&self, settings: &Settings, count: usize) -> Result<Vec<Job>, String> {
		let c = self.clinicians.len();
		if c < 2 {
			return Err("attach_key needs two clinicians at least".into());
		}
		let calls = self
			.registered
			.iter()
			.take(count)
			.enumerate()
			.map(|(k, (_, record))| {
				// An HPKE-sealed 16-byte key: 32-byte encapsulation, 16-byte key, 16-byte tag.
				let wrapped = blake2_256(&(self.tag, *record, 1u8).encode())
					.into_iter()
					.chain(blake2_256(&(self.tag, *record, 2u8).encode()))
					.collect::<Vec<u8>>();
				(
					self.clinicians[k % c].clone(),
					RuntimeCall::Records(pallet_records::Call::attach_key {
						record: *record,
						grantee: self.clinicians[(k + 1) % c].account.clone(),
						wrapped_key: bounded(wrapped),
					}),
				)
			})
			.collect();
		self.by_sender(settings, calls)
	}

	/// Wholesaler staff receive the shipped pallets.
	pub fn receipts(&mut self, settings: &Settings) -> Result<Vec<Job>, String> {
		let w = self.wholesale_staff.len();
		let calls = std::mem::take(&mut self.shipments)
			.into_iter()
			.enumerate()
			.map(|(k, shipment)| {
				(
					self.wholesale_staff[k % w].clone(),
					RuntimeCall::SupplyChain(pallet_supply_chain::Call::receive { shipment }),
				)
			})
			.collect();
		self.by_sender(settings, calls)
	}

	/// The manufacturer's admin recalls every lot, whatever the packs in it and wherever they
	/// are.
	pub fn recalls(&self, settings: &Settings) -> Result<Vec<Job>, String> {
		let calls = self
			.lots
			.iter()
			.map(|lot| {
				(
					self.manufacturer_admin.clone(),
					RuntimeCall::SupplyChain(pallet_supply_chain::Call::recall_lot {
						gtin: self.gtin,
						lot: lot.clone(),
						reason: blake2_256(b"load test recall notice"),
					}),
				)
			})
			.collect();
		self.by_sender(settings, calls)
	}

	/// `ConsentApi_check_access` arguments that the grants permit.
	pub fn access_queries(&self) -> Vec<Vec<u8>> {
		let n = self.patients.len();
		(0..n.clamp(1, 1_000))
			.map(|k| {
				(
					self.patients[k % n].account.clone(),
					self.clinicians[k % self.clinicians.len()].account.clone(),
					AccessTarget::Category(category(&self.patients[k % n])),
					Purpose::Treatment,
					Action::Read,
				)
					.encode()
			})
			.collect()
	}

	/// `SupplyChainApi_verify` arguments of commissioned packs (shipped or not).
	pub fn verify_queries(&self) -> Vec<Vec<u8>> {
		self.verify_sample
			.iter()
			.map(|(s, serial)| (self.gtin, serial.clone(), self.lots[*s].clone(), EXPIRY).encode())
			.chain(self.verify_sample_extra.iter().cloned())
			.collect()
	}
}

/// The runtime's largest commission batch.
pub fn commission_batch() -> u32 {
	<<Runtime as pallet_supply_chain::Config>::MaxCommissionBatch as sp_core::Get<u32>>::get()
}

/// The runtime's largest container.
pub fn container_size() -> u32 {
	<<Runtime as pallet_supply_chain::Config>::MaxContainerSize as sp_core::Get<u32>>::get()
}

/// The intended effect of each workload, seen in its events.
pub fn effect_of(workload: &str) -> fn(&RuntimeEvent) -> bool {
	match workload {
		"transfer" => {
			|e| matches!(e, RuntimeEvent::Balances(pallet_balances::Event::Transfer { .. }))
		},
		"grant" => {
			|e| matches!(e, RuntimeEvent::Consent(pallet_consent::Event::GrantCreated { .. }))
		},
		"log_access" => |e| {
			matches!(
				e,
				RuntimeEvent::Consent(pallet_consent::Event::AccessLogged { decision, .. })
					if decision.is_permitted()
			)
		},
		"log_access_denied" => |e| {
			matches!(
				e,
				RuntimeEvent::Consent(pallet_consent::Event::AccessLogged { decision, .. })
					if !decision.is_permitted()
			)
		},
		"revoke" => {
			|e| matches!(e, RuntimeEvent::Consent(pallet_consent::Event::GrantRevoked { .. }))
		},
		"acknowledge" => {
			|e| matches!(e, RuntimeEvent::Records(pallet_records::Event::RecordAcknowledged { .. }))
		},
		"attach_key" => {
			|e| matches!(e, RuntimeEvent::Records(pallet_records::Event::KeyAttached { .. }))
		},
		"receive" => {
			|e| matches!(e, RuntimeEvent::SupplyChain(pallet_supply_chain::Event::Received { .. }))
		},
		"recall" => |e| {
			matches!(e, RuntimeEvent::SupplyChain(pallet_supply_chain::Event::LotRecalled { .. }))
		},
		"record" => {
			|e| matches!(e, RuntimeEvent::Records(pallet_records::Event::RecordRegistered { .. }))
		},
		"commission" => |e| {
			matches!(e, RuntimeEvent::SupplyChain(pallet_supply_chain::Event::Commissioned { .. }))
		},
		"ship" => {
			|e| matches!(e, RuntimeEvent::SupplyChain(pallet_supply_chain::Event::Shipped { .. }))
		},
		_ => |_| false,
	}
}
