//! HL7 FHIR resources, R4 (4.0.1) and R5 (5.0.0), from the consent and records pallets' events:
//! the patient's trail as hospitals, auditors and consent engines read it.
//!
//! | chain event | resource | what it says |
//! |---|---|---|
//! | `GrantCreated` | `Consent` (`active`) | the grant's grantee, actions, purposes, records, validity and exceptions |
//! | `GrantRevoked`, `GrantExpired` | `Consent` (`inactive`) | which grant ended, for whom |
//! | `AccessLogged`, `AccessServed` | `AuditEvent` | who read or added what, why, and whether the chain permitted it |
//! | `EmergencyAccessOpened`, `EmergencyAccessClosed` | `AuditEvent` | DICOM "Emergency Override Started/Stopped" |
//! | `EmergencyAccessReviewed` | `AuditEvent` | the review of a break-the-glass access and its verdict |
//! | `RecordRegistered`, `RecordSuperseded`, `RecordAcknowledged`, `RecordDisputed`, `RecordEnteredInError`, `ErasureRequested`, `RecordErased` | `Provenance` | who did what to which record pointer |
//!
//! Every other event maps to nothing ([`kind_of`] says `None`): guardians, deny provisions (a
//! standalone refusal of one actor has no faithful R5 form: R5 reads a Consent's provisions as
//! exceptions to its `decision`, so a refusal would need a "permit everything else" around it),
//! grant adoption, wrapped keys, and the other pallets.
//!
//! ## Identifiers
//!
//! Nothing is a resolvable reference: parties and records are named by identifier only.
//!
//! | what | `Identifier.system` | `value` |
//! |---|---|---|
//! | account (patient, guardian, accessor, author) | `urn:healthchain:account` | SS58 address with the runtime's prefix (`SS58_PREFIX`, `hc…`) |
//! | organization | `urn:healthchain:org` | its number |
//! | record pointer (`DocumentReference`) | `urn:healthchain:record` | its number |
//! | grant | `urn:healthchain:grant` | its number |
//! | emergency access | `urn:healthchain:emergency` | its number |
//! | chain event | `urn:healthchain:event` | `<block>-<event index>` |
//!
//! Resource ids are `c-`, `a-` or `p-` (Consent, AuditEvent, Provenance) then
//! `<block>-<event index>`: one resource per event, never rewritten. A grant's Consents (made,
//! then ended) share its grant identifier.
//!
//! ## Where each resource came from
//!
//! `meta.source` is `urn:healthchain:block:<block hash>`, and the extension [`ORIGIN_EXTENSION`]
//! carries the block number (`block`), block hash (`blockHash`), event index (`eventIndex`),
//! extrinsic index (`extrinsic`, when the event has one) and the event's identifier (`event`).
//! A Consent also lists the event's identifier in `identifier`; AuditEvent and Provenance have no
//! `identifier` element in R4 nor R5, so the extension is where they carry it.
//!
//! ## No health fact in the clear
//!
//! The chain holds record categories, security labels and clinical dates only as blind tags,
//! keyed commitments under the patient's key that nobody else can read. They are never decoded
//! here (they cannot be) and no clinical code is made up for them. Where a grant's rule depends
//! on them they are kept, as opaque hex, so that the resource does not claim more than the grant
//! allows: category tags as `code` codings of [`BLIND_CATEGORY_SYSTEM`], label tags as
//! `securityLabel` codings of [`BLIND_LABEL_SYSTEM`] (a consent engine that does not know these
//! systems finds no match, which errs towards refusing), and a data period as the modifier
//! extension [`BLIND_DATA_PERIOD_EXTENSION`] (a reader that does not understand it must not act
//! on the provision). A wallet holding the patient's key can match them against the codes it
//! knows. The blind facts of a record about to be added (`AccessTarget::NewRecord`) are left
//! out; a category target is kept as an opaque `entity.detail`.
//!
//! ## R4 and R5
//!
//! A grant is an opt-in: nothing is permitted without one. R4 writes it as `policyRule` `OPTIN`
//! with a root `provision` of type `permit` (the grantee as actor `IRCP`, the actions, purposes,
//! records and validity) and one nested `deny` provision per exception. R5 has no provision
//! types: the base `decision` is `deny`, the first provision is its exception (the permit) and
//! its nested provisions the exceptions to that (the denies), as HL7's R5 example
//! `consent-example-pkb` does; the validity is `Consent.period`, and `grantor` and `grantee` are
//! filled for search. R4's `Consent.organization` (who manages the consent) is left out: no
//! organization manages a grant, the chain enforces it.

use crate::epcis::{self, Origin};
use healthchain_primitives::{
	AccessBasis, AccessDecision, AccessTarget, Action, DenialReason, GrantId, OrgId, Purpose,
	RecordId, Tag,
};
use healthchain_runtime::{Runtime, RuntimeEvent, SS58_PREFIX};
use pallet_consent::{
	Event as ConsentEvent, Exception, Grant, Grantee, ReviewVerdict, ReviewerClass, Scope,
};
use pallet_records::Event as RecordsEvent;
use serde_json::{json, Map, Value};
use sp_core::crypto::{AccountId32, Ss58AddressFormat, Ss58Codec};

/// The extension carrying where a resource came from on the chain.
pub const ORIGIN_EXTENSION: &str = "http://healthchain.dev/fhir/StructureDefinition/chain-origin";
/// The modifier extension restricting a consent provision to records dated in a period given as
/// blind tags (sub-extensions `tag`, hex).
pub const BLIND_DATA_PERIOD_EXTENSION: &str =
	"http://healthchain.dev/fhir/StructureDefinition/blind-data-period";
/// The extension naming who revoked a grant (on an inactive Consent).
pub const REVOKED_BY_EXTENSION: &str = "http://healthchain.dev/fhir/StructureDefinition/revoked-by";
/// Codes for blind category tags: the tag in hex. Not a terminology: each patient's tags differ.
pub const BLIND_CATEGORY_SYSTEM: &str = "http://healthchain.dev/fhir/CodeSystem/blind-category-tag";
/// Codes for blind security-label tags: the tag in hex.
pub const BLIND_LABEL_SYSTEM: &str = "http://healthchain.dev/fhir/CodeSystem/blind-label-tag";
/// This chain's own codes: denial reasons, record activities, audit subtypes, detail types.
pub const HC_CODES: &str = "http://healthchain.dev/fhir/CodeSystem/healthchain";
/// Accounts, as SS58 addresses.
pub const ACCOUNT_SYSTEM: &str = "urn:healthchain:account";
/// Organizations, by number.
pub const ORG_SYSTEM: &str = "urn:healthchain:org";
/// Record pointers, by number.
pub const RECORD_SYSTEM: &str = "urn:healthchain:record";
/// Consent grants, by number.
pub const GRANT_SYSTEM: &str = "urn:healthchain:grant";
/// Emergency accesses, by number.
pub const EMERGENCY_SYSTEM: &str = "urn:healthchain:emergency";
/// Chain events, as `<block>-<event index>`.
pub const EVENT_SYSTEM: &str = "urn:healthchain:event";

const ACT_REASON: &str = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
const ACT_CODE: &str = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
const PARTICIPATION: &str = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
const CONSENT_ACTION: &str = "http://terminology.hl7.org/CodeSystem/consentaction";
const CONSENT_SCOPE: &str = "http://terminology.hl7.org/CodeSystem/consentscope";
const LOINC: &str = "http://loinc.org";
const DICOM: &str = "http://dicom.nema.org/resources/ontology/DCM";
const RESTFUL: &str = "http://hl7.org/fhir/restful-interaction";
const AUDIT_OUTCOME: &str = "http://terminology.hl7.org/CodeSystem/audit-event-outcome";
const ENTITY_TYPE: &str = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
const OBJECT_ROLE: &str = "http://terminology.hl7.org/CodeSystem/object-role";
const SOURCE_TYPE: &str = "http://terminology.hl7.org/CodeSystem/security-source-type";
const DATA_OPERATION: &str = "http://terminology.hl7.org/CodeSystem/v3-DataOperation";
const PROVENANCE_AGENT: &str = "http://terminology.hl7.org/CodeSystem/provenance-participant-type";

/// The latest instant FHIR's four-digit years can write: 9999-12-31T23:59:59.999Z.
const MAX_MS: u64 = 253_402_300_799_999;

/// The FHIR release a resource is written for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FhirVersion {
	/// R4, 4.0.1.
	R4,
	/// R5, 5.0.0.
	R5,
}

impl FhirVersion {
	/// The release's version number, as `CapabilityStatement.fhirVersion` writes it.
	pub fn number(self) -> &'static str {
		match self {
			FhirVersion::R4 => "4.0.1",
			FhirVersion::R5 => "5.0.0",
		}
	}

	/// `R4`/`4.0.1`/`4.0` or `R5`/`5.0.0`/`5.0` (case-insensitive), else `None`.
	pub fn parse(text: &str) -> Option<Self> {
		match text.to_ascii_lowercase().as_str() {
			"r4" | "4.0.1" | "4.0" => Some(FhirVersion::R4),
			"r5" | "5.0.0" | "5.0" => Some(FhirVersion::R5),
			_ => None,
		}
	}
}

/// The resource type an event maps to: `Consent`, `AuditEvent` or `Provenance`, or `None` for
/// events that map to nothing.
pub fn kind_of(event: &RuntimeEvent) -> Option<&'static str> {
	match event {
		RuntimeEvent::Consent(event) => match event {
			ConsentEvent::GrantCreated { .. }
			| ConsentEvent::GrantRevoked { .. }
			| ConsentEvent::GrantExpired { .. } => Some("Consent"),
			ConsentEvent::AccessLogged { .. }
			| ConsentEvent::AccessServed { .. }
			| ConsentEvent::EmergencyAccessOpened { .. }
			| ConsentEvent::EmergencyAccessClosed { .. }
			| ConsentEvent::EmergencyAccessReviewed { .. } => Some("AuditEvent"),
			_ => None,
		},
		RuntimeEvent::Records(
			RecordsEvent::RecordRegistered { .. }
			| RecordsEvent::RecordSuperseded { .. }
			| RecordsEvent::RecordAcknowledged { .. }
			| RecordsEvent::RecordDisputed { .. }
			| RecordsEvent::RecordEnteredInError { .. }
			| RecordsEvent::ErasureRequested { .. }
			| RecordsEvent::RecordErased { .. },
		) => Some("Provenance"),
		_ => None,
	}
}

/// The patient an event of the consent or records pallet concerns, when the event names one.
/// Records events that name only a record (`RecordEnteredInError`, the wrapped-key events)
/// answer `None`: their patient is that of the record, which `RecordRegistered` names.
pub fn patient_of(event: &RuntimeEvent) -> Option<AccountId32> {
	match event {
		RuntimeEvent::Consent(event) => match event {
			ConsentEvent::GrantCreated { grant, .. } => Some(grant.patient.clone()),
			ConsentEvent::DenyRecorded { deny, .. } => Some(deny.patient.clone()),
			ConsentEvent::GrantRevoked { patient, .. }
			| ConsentEvent::GrantExpired { patient, .. }
			| ConsentEvent::GrantAdopted { patient, .. }
			| ConsentEvent::GuardianAppointed { patient, .. }
			| ConsentEvent::GuardianRemoved { patient, .. }
			| ConsentEvent::GuardianResigned { patient, .. }
			| ConsentEvent::EmergencyAccessOpened { patient, .. }
			| ConsentEvent::EmergencyAccessClosed { patient, .. }
			| ConsentEvent::EmergencyAccessReviewed { patient, .. }
			| ConsentEvent::AccessLogged { patient, .. }
			| ConsentEvent::AccessServed { patient, .. }
			| ConsentEvent::DenyRevoked { patient, .. } => Some(patient.clone()),
			_ => None,
		},
		RuntimeEvent::Records(
			RecordsEvent::RecordRegistered { patient, .. }
			| RecordsEvent::RecordSuperseded { patient, .. }
			| RecordsEvent::RecordAcknowledged { patient, .. }
			| RecordsEvent::RecordDisputed { patient, .. }
			| RecordsEvent::ErasureRequested { patient, .. }
			| RecordsEvent::RecordErased { patient, .. },
		) => Some(patient.clone()),
		_ => None,
	}
}

/// The resource `event` maps to, whatever its kind ([`kind_of`]).
pub fn resource(event: &RuntimeEvent, origin: &Origin, version: FhirVersion) -> Option<Value> {
	match kind_of(event)? {
		"Consent" => consent(event, origin, version),
		"AuditEvent" => audit_event(event, origin, version),
		_ => provenance(event, origin, version),
	}
}

// ---------------------------------------------------------------------------------------------
// Shared pieces

/// `ms` as an FHIR `instant`, or `None` beyond the year 9999.
fn instant(ms: u64) -> Option<String> {
	(ms <= MAX_MS).then(|| epcis::time(ms))
}

/// `ms` as an FHIR `date` (UTC day).
fn date(ms: u64) -> Option<String> {
	instant(ms).and_then(|t| t.get(..10).map(str::to_string))
}

/// A `Period` from `start` to `end` (either may be missing), or `None` when neither can be
/// written.
fn period(start: Option<u64>, end: Option<u64>) -> Option<Value> {
	let mut p = Map::new();
	if let Some(start) = start.and_then(instant) {
		p.insert("start".into(), json!(start));
	}
	if let Some(end) = end.and_then(instant) {
		p.insert("end".into(), json!(end));
	}
	(!p.is_empty()).then_some(Value::Object(p))
}

fn address(who: &AccountId32) -> String {
	who.to_ss58check_with_version(Ss58AddressFormat::custom(SS58_PREFIX))
}

fn identifier(system: &str, value: impl ToString) -> Value {
	json!({ "system": system, "value": value.to_string() })
}

/// A reference to an account by identifier, of `kind` (`Patient`, `Practitioner`,
/// `RelatedPerson`) when known.
fn account_ref(who: &AccountId32, kind: Option<&str>) -> Value {
	let mut r = Map::new();
	if let Some(kind) = kind {
		r.insert("type".into(), json!(kind));
	}
	r.insert("identifier".into(), identifier(ACCOUNT_SYSTEM, address(who)));
	Value::Object(r)
}

fn org_ref(org: OrgId) -> Value {
	json!({ "type": "Organization", "identifier": identifier(ORG_SYSTEM, org) })
}

fn record_ref(record: RecordId) -> Value {
	json!({ "type": "DocumentReference", "identifier": identifier(RECORD_SYSTEM, record) })
}

fn patient_ref(patient: &AccountId32) -> Value {
	account_ref(patient, Some("Patient"))
}

/// A grantee: an organization, or an account of unknown kind.
fn grantee_ref(grantee: &Grantee<AccountId32>) -> Value {
	match grantee {
		Grantee::Account(who) => account_ref(who, None),
		Grantee::Organization(org) => org_ref(*org),
	}
}

/// The patient or, acting for them, a guardian.
fn patient_or_guardian(who: &AccountId32, patient: &AccountId32) -> Value {
	account_ref(who, Some(if who == patient { "Patient" } else { "RelatedPerson" }))
}

fn coding(system: &str, code: &str, display: &str) -> Value {
	json!({ "system": system, "code": code, "display": display })
}

fn concept(coding: Value) -> Value {
	json!({ "coding": [coding] })
}

/// `coding` where R4 takes a `Coding` and R5 a `CodeableConcept`.
fn coded(version: FhirVersion, coding: Value) -> Value {
	match version {
		FhirVersion::R4 => coding,
		FhirVersion::R5 => concept(coding),
	}
}

fn hex_tag(tag: &Tag) -> String {
	hex::encode(tag)
}

/// The v3 `ActReason` purpose of use of `purpose`.
pub fn purpose_code(purpose: Purpose) -> (&'static str, &'static str) {
	match purpose {
		Purpose::Treatment => ("TREAT", "treatment"),
		Purpose::EmergencyTreatment => ("ETREAT", "Emergency Treatment"),
		Purpose::Research => ("HRESCH", "healthcare research"),
		Purpose::Payment => ("HPAYMT", "healthcare payment"),
		Purpose::Operations => ("HOPERAT", "healthcare operations"),
		Purpose::PublicHealth => ("PUBHLTH", "public health"),
	}
}

fn purpose_coding(purpose: Purpose) -> Value {
	let (code, display) = purpose_code(purpose);
	coding(ACT_REASON, code, display)
}

fn break_the_glass() -> Value {
	coding(ACT_REASON, "BTG", "Break the glass")
}

fn event_key(origin: &Origin) -> String {
	format!("{}-{}", origin.block, origin.index)
}

/// The `chain-origin` extension of a resource made at `origin`.
fn origin_extension(origin: &Origin) -> Value {
	let mut parts = vec![
		json!({ "url": "block", "valueUnsignedInt": origin.block }),
		json!({ "url": "blockHash", "valueString": origin.block_hash }),
		json!({ "url": "eventIndex", "valueUnsignedInt": origin.index }),
	];
	if let Some(extrinsic) = origin.extrinsic {
		parts.push(json!({ "url": "extrinsic", "valueUnsignedInt": extrinsic }));
	}
	parts.push(json!({
		"url": "event",
		"valueIdentifier": identifier(EVENT_SYSTEM, event_key(origin)),
	}));
	json!({ "url": ORIGIN_EXTENSION, "extension": parts })
}

/// `resourceType`, `id` (`<prefix>-<block>-<index>`), `meta.source` and the origin extension.
fn header(resource_type: &str, prefix: &str, origin: &Origin) -> Map<String, Value> {
	let mut r = Map::new();
	r.insert("resourceType".into(), json!(resource_type));
	r.insert("id".into(), json!(format!("{prefix}-{}", event_key(origin))));
	// A `uri` has no spaces; a hash that is not plain text is left out rather than written.
	let hash = &origin.block_hash;
	if !hash.is_empty() && hash.bytes().all(|b| b.is_ascii_alphanumeric()) {
		r.insert("meta".into(), json!({ "source": format!("urn:healthchain:block:{hash}") }));
	}
	r.insert("extension".into(), json!([origin_extension(origin)]));
	r
}

// ---------------------------------------------------------------------------------------------
// Consent

/// The `Consent` a grant event makes: `active` for `GrantCreated`, `inactive` for
/// `GrantRevoked` and `GrantExpired`; `None` for every other event.
pub fn consent(event: &RuntimeEvent, origin: &Origin, version: FhirVersion) -> Option<Value> {
	let RuntimeEvent::Consent(event) = event else { return None };
	match event {
		ConsentEvent::GrantCreated { id, grant } => {
			Some(grant_consent(*id, grant, origin, version))
		},
		ConsentEvent::GrantRevoked { id, patient, grantee, revoked_by, .. } => {
			Some(ended_consent(*id, patient, grantee, Some(revoked_by), origin, version))
		},
		ConsentEvent::GrantExpired { id, patient, grantee, .. } => {
			Some(ended_consent(*id, patient, grantee, None, origin, version))
		},
		_ => None,
	}
}

/// What a consent provision applies to. Empty lists restrict nothing.
#[derive(Default)]
struct Rule {
	actor: Option<Value>,
	period: Option<Value>,
	actions: Vec<Action>,
	purposes: Vec<Purpose>,
	categories: Vec<Tag>,
	labels: Vec<Tag>,
	records: Vec<RecordId>,
	dates: Option<Vec<Tag>>,
}

impl Rule {
	/// The rule of one exception of a grant.
	fn exception(exception: &Exception) -> Self {
		let mut rule = Rule::default();
		match exception {
			Exception::Category(tag) => rule.categories.push(*tag),
			Exception::Label(tag) => rule.labels.push(*tag),
			Exception::Record(record) => rule.records.push(*record),
			Exception::DataPeriod(tags) => rule.dates = Some(tags.to_vec()),
		}
		rule
	}

	/// The provision: of `kind` (`permit`/`deny`, R4 only), with `nested` provisions.
	fn provision(&self, kind: Option<&str>, version: FhirVersion, nested: Vec<Value>) -> Value {
		let mut p = Map::new();
		if let (FhirVersion::R4, Some(kind)) = (version, kind) {
			p.insert("type".into(), json!(kind));
		}
		if let Some(dates) = &self.dates {
			let tags: Vec<Value> =
				dates.iter().map(|t| json!({ "url": "tag", "valueString": hex_tag(t) })).collect();
			p.insert(
				"modifierExtension".into(),
				json!([{ "url": BLIND_DATA_PERIOD_EXTENSION, "extension": tags }]),
			);
		}
		if let Some(period) = &self.period {
			p.insert("period".into(), period.clone());
		}
		if let Some(actor) = &self.actor {
			p.insert(
				"actor".into(),
				json!([{
					"role": concept(coding(PARTICIPATION, "IRCP", "information recipient")),
					"reference": actor,
				}]),
			);
		}
		if !self.actions.is_empty() {
			let actions: Vec<Value> = self
				.actions
				.iter()
				.map(|action| {
					concept(match action {
						Action::Read => coding(CONSENT_ACTION, "access", "Access"),
						Action::Append => coding(CONSENT_ACTION, "collect", "Collect"),
					})
				})
				.collect();
			p.insert("action".into(), Value::Array(actions));
		}
		if !self.labels.is_empty() {
			let labels: Vec<Value> = self
				.labels
				.iter()
				.map(|t| json!({ "system": BLIND_LABEL_SYSTEM, "code": hex_tag(t) }))
				.collect();
			p.insert("securityLabel".into(), Value::Array(labels));
		}
		if !self.purposes.is_empty() {
			let purposes: Vec<Value> =
				self.purposes.iter().map(|purpose| purpose_coding(*purpose)).collect();
			p.insert("purpose".into(), Value::Array(purposes));
		}
		if !self.categories.is_empty() {
			let codes: Vec<Value> = self
				.categories
				.iter()
				.map(
					|t| json!({ "coding": [{ "system": BLIND_CATEGORY_SYSTEM, "code": hex_tag(t) }] }),
				)
				.collect();
			p.insert("code".into(), Value::Array(codes));
		}
		if !self.records.is_empty() {
			// A grant names a record's chain of versions by its first version; every later
			// version replaces (refers to) an earlier one: `dependents`.
			let data: Vec<Value> = self
				.records
				.iter()
				.map(|r| json!({ "meaning": "dependents", "reference": record_ref(*r) }))
				.collect();
			p.insert("data".into(), Value::Array(data));
		}
		if !nested.is_empty() {
			p.insert("provision".into(), Value::Array(nested));
		}
		Value::Object(p)
	}
}

/// Header, identifiers, status and what R4 requires of every Consent.
fn consent_base(
	grant: GrantId,
	status: &str,
	patient: &AccountId32,
	origin: &Origin,
	version: FhirVersion,
) -> Map<String, Value> {
	let mut c = header("Consent", "c", origin);
	c.insert(
		"identifier".into(),
		json!([identifier(GRANT_SYSTEM, grant), identifier(EVENT_SYSTEM, event_key(origin))]),
	);
	c.insert("status".into(), json!(status));
	if version == FhirVersion::R4 {
		c.insert(
			"scope".into(),
			concept(coding(CONSENT_SCOPE, "patient-privacy", "Privacy Consent")),
		);
	}
	c.insert("category".into(), json!([concept(coding(LOINC, "59284-0", "Patient Consent"))]));
	let subject = match version {
		FhirVersion::R4 => "patient",
		FhirVersion::R5 => "subject",
	};
	c.insert(subject.into(), patient_ref(patient));
	c
}

fn opt_in() -> Value {
	concept(coding(ACT_CODE, "OPTIN", "opt-in"))
}

fn grant_consent(
	id: GrantId,
	grant: &Grant<Runtime>,
	origin: &Origin,
	version: FhirVersion,
) -> Value {
	let mut c = consent_base(id, "active", &grant.patient, origin, version);
	let grantor = patient_or_guardian(&grant.grantor, &grant.patient);
	let grantee = grantee_ref(&grant.grantee);
	let validity = period(Some(grant.validity.from), grant.validity.until);
	let mut rule = Rule {
		actor: Some(grantee.clone()),
		actions: grant.actions.iter().copied().collect(),
		purposes: grant.purposes.iter().copied().collect(),
		dates: grant.data_period.as_ref().map(|p| p.to_vec()),
		..Rule::default()
	};
	match &grant.scope {
		Scope::AllRecords => {},
		Scope::Categories(tags) => rule.categories = tags.to_vec(),
		Scope::Records(records) => rule.records = records.to_vec(),
	}
	let exceptions: Vec<Value> = grant
		.exceptions
		.iter()
		.map(|e| Rule::exception(e).provision(Some("deny"), version, Vec::new()))
		.collect();
	match version {
		FhirVersion::R4 => {
			if let Some(created) = instant(grant.created_at) {
				c.insert("dateTime".into(), json!(created));
			}
			c.insert("performer".into(), json!([grantor]));
			c.insert("policyRule".into(), opt_in());
			rule.period = validity;
			c.insert("provision".into(), rule.provision(Some("permit"), version, exceptions));
		},
		FhirVersion::R5 => {
			if let Some(created) = date(grant.created_at) {
				c.insert("date".into(), json!(created));
			}
			if let Some(validity) = validity {
				c.insert("period".into(), validity);
			}
			c.insert("grantor".into(), json!([grantor]));
			c.insert("grantee".into(), json!([grantee]));
			c.insert("decision".into(), json!("deny"));
			c.insert("provision".into(), json!([rule.provision(None, version, exceptions)]));
		},
	}
	Value::Object(c)
}

/// The inactive Consent of a grant that ended: revoked (by `revoked_by`, at the block's time)
/// or expired and removed. The event names only the grant, its patient and grantee.
fn ended_consent(
	id: GrantId,
	patient: &AccountId32,
	grantee: &Grantee<AccountId32>,
	revoked_by: Option<&AccountId32>,
	origin: &Origin,
	version: FhirVersion,
) -> Value {
	let mut c = consent_base(id, "inactive", patient, origin, version);
	if let Some(by) = revoked_by {
		if let Some(Value::Array(extensions)) = c.get_mut("extension") {
			extensions.push(json!({
				"url": REVOKED_BY_EXTENSION,
				"valueReference": patient_or_guardian(by, patient),
			}));
		}
	}
	// A revocation takes effect in its block.
	let ended = revoked_by.and_then(|_| period(None, Some(origin.time_ms)));
	let grantee = grantee_ref(grantee);
	let mut rule = Rule { actor: Some(grantee.clone()), ..Rule::default() };
	match version {
		FhirVersion::R4 => {
			c.insert("policyRule".into(), opt_in());
			rule.period = ended;
			c.insert("provision".into(), rule.provision(Some("permit"), version, Vec::new()));
		},
		FhirVersion::R5 => {
			if let Some(ended) = ended {
				c.insert("period".into(), ended);
			}
			c.insert("grantee".into(), json!([grantee]));
			c.insert("decision".into(), json!("deny"));
			c.insert("provision".into(), json!([rule.provision(None, version, Vec::new())]));
		},
	}
	Value::Object(c)
}

// ---------------------------------------------------------------------------------------------
// AuditEvent

/// One agent of an audit event.
struct Agent {
	who: Value,
	kind: Option<Value>,
	role: Option<String>,
	requestor: bool,
	policy: Vec<String>,
}

impl Agent {
	fn new(who: Value, requestor: bool) -> Self {
		Agent { who, kind: None, role: None, requestor, policy: Vec::new() }
	}
}

/// One entity of an audit event.
struct Entity {
	what: Value,
	/// R4 `entity.type`: `1` person, `2` system object.
	person: bool,
	role: Option<(&'static str, &'static str)>,
	details: Vec<(&'static str, String)>,
}

/// An audit event before it is written for a version.
struct Audit {
	category: Value,
	code: Value,
	action: &'static str,
	start: Option<u64>,
	end: Option<u64>,
	success: bool,
	outcome: Option<(&'static str, String)>,
	purposes: Vec<Value>,
	patient: Value,
	agents: Vec<Agent>,
	entities: Vec<Entity>,
}

impl Audit {
	fn write(self, origin: &Origin, version: FhirVersion) -> Value {
		let mut a = header("AuditEvent", "a", origin);
		let r4 = version == FhirVersion::R4;
		let when = period(self.start, self.end);
		if r4 {
			a.insert("type".into(), self.category);
			a.insert("subtype".into(), json!([self.code]));
		} else {
			a.insert("category".into(), json!([concept(self.category)]));
			a.insert("code".into(), concept(self.code));
		}
		a.insert("action".into(), json!(self.action));
		if let Some(when) = when {
			a.insert((if r4 { "period" } else { "occurredPeriod" }).into(), when);
		}
		if let Some(recorded) = instant(origin.time_ms) {
			a.insert("recorded".into(), json!(recorded));
		}
		let (code, display) = if self.success { ("0", "Success") } else { ("4", "Minor failure") };
		if r4 {
			a.insert("outcome".into(), json!(code));
			if let Some((_, text)) = &self.outcome {
				a.insert("outcomeDesc".into(), json!(text));
			}
		} else {
			let mut outcome = Map::new();
			outcome.insert("code".into(), coding(AUDIT_OUTCOME, code, display));
			if let Some((detail, text)) = &self.outcome {
				outcome.insert(
					"detail".into(),
					json!([{ "coding": [{ "system": HC_CODES, "code": detail }], "text": text }]),
				);
			}
			a.insert("outcome".into(), Value::Object(outcome));
		}
		if !self.purposes.is_empty() {
			let purposes: Vec<Value> = self.purposes.into_iter().map(concept).collect();
			a.insert((if r4 { "purposeOfEvent" } else { "authorization" }).into(), json!(purposes));
		}
		if !r4 {
			a.insert("patient".into(), self.patient.clone());
		}
		let agents: Vec<Value> = self
			.agents
			.into_iter()
			.map(|agent| {
				let mut g = Map::new();
				if let Some(kind) = agent.kind {
					g.insert("type".into(), concept(kind));
				}
				if let Some(role) = agent.role {
					g.insert("role".into(), json!([{ "text": role }]));
				}
				g.insert("who".into(), agent.who);
				g.insert("requestor".into(), json!(agent.requestor));
				if !agent.policy.is_empty() {
					g.insert("policy".into(), json!(agent.policy));
				}
				Value::Object(g)
			})
			.collect();
		a.insert("agent".into(), Value::Array(agents));
		a.insert(
			"source".into(),
			json!({
				"observer": {
					"type": "Device",
					"identifier": identifier("urn:healthchain:pallet", "consent"),
					"display": "Healthchain consent pallet",
				},
				"type": [coded(version, coding(SOURCE_TYPE, "6", "Security Server"))],
			}),
		);
		let mut entities = vec![Entity {
			what: self.patient,
			person: true,
			role: Some(("1", "Patient")),
			details: Vec::new(),
		}];
		entities.extend(self.entities);
		let entities: Vec<Value> = entities
			.into_iter()
			.map(|entity| {
				let mut e = Map::new();
				e.insert("what".into(), entity.what);
				if r4 {
					let (code, display) =
						if entity.person { ("1", "Person") } else { ("2", "System Object") };
					e.insert("type".into(), coding(ENTITY_TYPE, code, display));
				}
				if let Some((code, display)) = entity.role {
					e.insert("role".into(), coded(version, coding(OBJECT_ROLE, code, display)));
				}
				if !entity.details.is_empty() {
					let details: Vec<Value> = entity
						.details
						.into_iter()
						.map(|(kind, value)| {
							let kind = if r4 {
								json!(kind)
							} else {
								json!({ "coding": [{ "system": HC_CODES, "code": kind }] })
							};
							json!({ "type": kind, "valueString": value })
						})
						.collect();
					e.insert("detail".into(), Value::Array(details));
				}
				Value::Object(e)
			})
			.collect();
		a.insert("entity".into(), Value::Array(entities));
		Value::Object(a)
	}
}

fn denial_code(reason: &DenialReason) -> (&'static str, String) {
	match reason {
		DenialReason::NoGrant => ("no-grant", "no grant to the accessor".into()),
		DenialReason::NotValidNow => ("not-valid-now", "no grant valid now".into()),
		DenialReason::PurposeNotAllowed => {
			("purpose-not-allowed", "no grant allows this purpose".into())
		},
		DenialReason::ActionNotAllowed => {
			("action-not-allowed", "no grant allows this action".into())
		},
		DenialReason::OutOfScope => ("out-of-scope", "outside every grant's scope".into()),
		DenialReason::OutsideDataPeriod => {
			("outside-data-period", "dated outside every grant's data period".into())
		},
		DenialReason::Excepted => ("excepted", "excepted by the grant".into()),
		DenialReason::OrganizationNotEntitled => {
			("organization-not-entitled", "the organization or member is not entitled".into())
		},
		DenialReason::UnknownRecord => ("unknown-record", "no such record of this patient".into()),
		DenialReason::DenyProvision(id) => {
			("deny-provision", format!("refused by the patient's deny provision {id}"))
		},
	}
}

/// The outcome code and text of a decision.
fn decision_outcome(decision: &AccessDecision) -> (&'static str, String) {
	match decision {
		AccessDecision::Permitted(AccessBasis::Patient) => {
			("permitted-patient", "permitted: the patient".into())
		},
		AccessDecision::Permitted(AccessBasis::Guardian) => {
			("permitted-guardian", "permitted: a guardian of the patient".into())
		},
		AccessDecision::Permitted(AccessBasis::Grant(id)) => {
			("permitted-grant", format!("permitted by grant {id}"))
		},
		AccessDecision::Permitted(AccessBasis::Emergency(id)) => {
			("permitted-emergency", format!("permitted by emergency access {id}"))
		},
		AccessDecision::Denied(reason) => {
			let (code, text) = denial_code(reason);
			(code, format!("denied: {text}"))
		},
	}
}

/// The policies a decision rests on, as URIs.
fn decision_policy(decision: &AccessDecision) -> Vec<String> {
	match decision {
		AccessDecision::Permitted(AccessBasis::Grant(id)) => vec![format!("{GRANT_SYSTEM}:{id}")],
		AccessDecision::Permitted(AccessBasis::Emergency(id)) => {
			vec![format!("{EMERGENCY_SYSTEM}:{id}")]
		},
		AccessDecision::Denied(DenialReason::DenyProvision(id)) => {
			vec![format!("urn:healthchain:deny:{id}")]
		},
		_ => Vec::new(),
	}
}

/// What the accessor is known to be, from the decision's basis.
fn accessor_kind(decision: &AccessDecision) -> Option<&'static str> {
	match decision {
		AccessDecision::Permitted(AccessBasis::Patient) => Some("Patient"),
		AccessDecision::Permitted(AccessBasis::Guardian) => Some("RelatedPerson"),
		AccessDecision::Permitted(AccessBasis::Emergency(_)) => Some("Practitioner"),
		_ => None,
	}
}

/// Purposes of use: the purpose, and break the glass for an emergency access.
fn access_purposes(purpose: Purpose, decision: &AccessDecision) -> Vec<Value> {
	let mut purposes = vec![purpose_coding(purpose)];
	if matches!(decision, AccessDecision::Permitted(AccessBasis::Emergency(_))) {
		purposes.push(break_the_glass());
	}
	purposes
}

fn record_entity(record: RecordId) -> Entity {
	Entity {
		what: record_ref(record),
		person: false,
		role: Some(("4", "Domain Resource")),
		details: Vec::new(),
	}
}

fn emergency_entity(id: u64, details: Vec<(&'static str, String)>) -> Entity {
	Entity {
		what: json!({ "identifier": identifier(EMERGENCY_SYSTEM, id) }),
		person: false,
		role: None,
		details,
	}
}

fn patient_record() -> Value {
	coding(DICOM, "110110", "Patient Record")
}

fn security_alert() -> Value {
	coding(DICOM, "110113", "Security Alert")
}

/// The `AuditEvent` of an access or emergency event; `None` for every other event.
pub fn audit_event(event: &RuntimeEvent, origin: &Origin, version: FhirVersion) -> Option<Value> {
	let RuntimeEvent::Consent(event) = event else { return None };
	let audit = match event {
		ConsentEvent::AccessLogged { patient, accessor, target, purpose, action, decision } => {
			let (code, action_code, kind) = match action {
				Action::Read => (
					coding(RESTFUL, "read", "read"),
					"R",
					coding(PARTICIPATION, "IRCP", "information recipient"),
				),
				Action::Append => (
					coding(RESTFUL, "create", "create"),
					"C",
					coding(PARTICIPATION, "AUT", "author (originator)"),
				),
			};
			let mut accessor = Agent::new(account_ref(accessor, accessor_kind(decision)), true);
			accessor.kind = Some(kind);
			accessor.policy = decision_policy(decision);
			let entity = match target {
				AccessTarget::Record(record) => record_entity(*record),
				AccessTarget::Category(tag) => Entity {
					what: json!({ "type": "DocumentReference", "display": "records of one category" }),
					person: false,
					role: Some(("4", "Domain Resource")),
					details: vec![("blind-category-tag", hex_tag(tag))],
				},
				// Its blind facts are left out: they tell nothing without the patient's key, and
				// the record, once registered, has its own Provenance.
				AccessTarget::NewRecord(_) => Entity {
					what: json!({ "type": "DocumentReference", "display": "a new record" }),
					person: false,
					role: Some(("4", "Domain Resource")),
					details: Vec::new(),
				},
			};
			Audit {
				category: patient_record(),
				code,
				action: action_code,
				start: None,
				end: None,
				success: decision.is_permitted(),
				outcome: Some(decision_outcome(decision)),
				purposes: access_purposes(*purpose, decision),
				patient: patient_ref(patient),
				agents: vec![accessor],
				entities: vec![entity],
			}
		},
		ConsentEvent::AccessServed {
			patient,
			accessor,
			record,
			purpose,
			decision,
			custodian,
			request,
		} => {
			let mut reader = Agent::new(account_ref(accessor, accessor_kind(decision)), true);
			reader.kind = Some(coding(PARTICIPATION, "IRCP", "information recipient"));
			reader.policy = decision_policy(decision);
			let mut holder = Agent::new(org_ref(*custodian), false);
			holder.kind = Some(coding(PARTICIPATION, "CST", "custodian"));
			let mut entity = record_entity(*record);
			entity.details.push(("request-hash", format!("0x{}", hex::encode(request))));
			Audit {
				category: patient_record(),
				code: coding(RESTFUL, "read", "read"),
				action: "R",
				start: None,
				end: None,
				success: decision.is_permitted(),
				outcome: Some(decision_outcome(decision)),
				purposes: access_purposes(*purpose, decision),
				patient: patient_ref(patient),
				agents: vec![reader, holder],
				entities: vec![entity],
			}
		},
		ConsentEvent::EmergencyAccessOpened {
			id,
			patient,
			clinician,
			org,
			justification,
			expires_at,
			..
		} => {
			let mut opener = Agent::new(account_ref(clinician, Some("Practitioner")), true);
			opener.policy = vec![format!("{EMERGENCY_SYSTEM}:{id}")];
			Audit {
				category: security_alert(),
				code: coding(DICOM, "110127", "Emergency Override Started"),
				action: "E",
				start: Some(origin.time_ms),
				end: Some(*expires_at),
				success: true,
				outcome: None,
				purposes: vec![purpose_coding(Purpose::EmergencyTreatment), break_the_glass()],
				patient: patient_ref(patient),
				agents: vec![opener, Agent::new(org_ref(*org), false)],
				entities: vec![emergency_entity(
					*id,
					vec![("justification-hash", format!("0x{}", hex::encode(justification)))],
				)],
			}
		},
		ConsentEvent::EmergencyAccessClosed { id, patient, clinician, closed_at } => {
			let mut closer = Agent::new(account_ref(clinician, Some("Practitioner")), true);
			closer.policy = vec![format!("{EMERGENCY_SYSTEM}:{id}")];
			Audit {
				category: security_alert(),
				code: coding(DICOM, "110138", "Emergency Override Stopped"),
				action: "E",
				start: None,
				end: Some(*closed_at),
				success: true,
				outcome: None,
				purposes: vec![purpose_coding(Purpose::EmergencyTreatment), break_the_glass()],
				patient: patient_ref(patient),
				agents: vec![closer],
				entities: vec![emergency_entity(*id, Vec::new())],
			}
		},
		ConsentEvent::EmergencyAccessReviewed {
			id,
			patient,
			clinician,
			reviewer,
			class,
			verdict,
			note,
			..
		} => {
			let (reviewer_ref, side) = match class {
				ReviewerClass::Patient => (patient_or_guardian(reviewer, patient), "patient side"),
				ReviewerClass::Oversight => {
					(account_ref(reviewer, Some("Practitioner")), "oversight")
				},
			};
			let mut by = Agent::new(reviewer_ref, true);
			by.role = Some(side.into());
			let verdict = match verdict {
				ReviewVerdict::Justified => ("justified", format!("justified ({side})")),
				ReviewVerdict::Unjustified => ("unjustified", format!("unjustified ({side})")),
			};
			Audit {
				category: security_alert(),
				code: coding(HC_CODES, "emergency-review", "Emergency access reviewed"),
				action: "E",
				start: None,
				end: None,
				success: true,
				outcome: Some(verdict),
				purposes: Vec::new(),
				patient: patient_ref(patient),
				agents: vec![by, Agent::new(account_ref(clinician, Some("Practitioner")), false)],
				entities: vec![emergency_entity(
					*id,
					vec![("note-hash", format!("0x{}", hex::encode(note)))],
				)],
			}
		},
		_ => return None,
	};
	Some(audit.write(origin, version))
}

// ---------------------------------------------------------------------------------------------
// Provenance

/// A provenance agent: who, as what, for whom.
fn prov_agent(who: Value, kind: &str, display: &str, on_behalf_of: Option<Value>) -> Value {
	let mut a = Map::new();
	a.insert("type".into(), concept(coding(PROVENANCE_AGENT, kind, display)));
	a.insert("who".into(), who);
	if let Some(org) = on_behalf_of {
		a.insert("onBehalfOf".into(), org);
	}
	Value::Object(a)
}

/// The author of a version, for its custodian when it has one; and the custodian.
fn authorship(author: &AccountId32, patient: &AccountId32, custodian: Option<OrgId>) -> Vec<Value> {
	let kind = if author == patient { "Patient" } else { "Practitioner" };
	let mut agents = vec![prov_agent(
		account_ref(author, Some(kind)),
		"author",
		"Author",
		custodian.map(org_ref),
	)];
	if let Some(org) = custodian {
		agents.push(prov_agent(org_ref(org), "custodian", "Custodian", None));
	}
	agents
}

fn data_operation(code: &str, display: &str) -> Value {
	coding(DATA_OPERATION, code, display)
}

/// The `Provenance` of a records event that changes a record pointer; `None` for every other
/// event.
pub fn provenance(event: &RuntimeEvent, origin: &Origin, version: FhirVersion) -> Option<Value> {
	let RuntimeEvent::Records(event) = event else { return None };
	let (target, activity, agents, revision_of, patient) = match event {
		RecordsEvent::RecordRegistered { record, patient, custodian, author, .. } => (
			*record,
			data_operation("CREATE", "create"),
			authorship(author, patient, *custodian),
			None,
			Some(patient),
		),
		RecordsEvent::RecordSuperseded { old, new, patient, custodian, author, .. } => (
			*new,
			data_operation("UPDATE", "revise"),
			authorship(author, patient, *custodian),
			Some(*old),
			Some(patient),
		),
		RecordsEvent::RecordAcknowledged { record, patient } => (
			*record,
			data_operation("ACTIVATE", "activate"),
			vec![prov_agent(patient_ref(patient), "attester", "Attester", None)],
			None,
			Some(patient),
		),
		RecordsEvent::RecordDisputed { record, patient, .. } => (
			*record,
			coding(HC_CODES, "dispute", "Disputed by the patient"),
			vec![prov_agent(patient_ref(patient), "performer", "Performer", None)],
			None,
			Some(patient),
		),
		RecordsEvent::RecordEnteredInError { record, by, .. } => (
			*record,
			data_operation("NULLIFY", "nullify"),
			vec![prov_agent(account_ref(by, None), "performer", "Performer", None)],
			None,
			None,
		),
		RecordsEvent::ErasureRequested { record, patient, custodian } => (
			*record,
			coding(HC_CODES, "erasure-request", "Erasure requested by the patient"),
			vec![
				prov_agent(patient_ref(patient), "performer", "Performer", None),
				prov_agent(org_ref(*custodian), "custodian", "Custodian", None),
			],
			None,
			Some(patient),
		),
		RecordsEvent::RecordErased { record, patient, by, .. } => (
			*record,
			data_operation("DELETE", "delete"),
			vec![prov_agent(
				account_ref(by, (by == patient).then_some("Patient")),
				"performer",
				"Performer",
				None,
			)],
			None,
			Some(patient),
		),
		_ => return None,
	};
	let mut p = header("Provenance", "p", origin);
	p.insert("target".into(), json!([record_ref(target)]));
	if let Some(recorded) = instant(origin.time_ms) {
		p.insert("recorded".into(), json!(recorded));
	}
	p.insert("activity".into(), concept(activity));
	if let (FhirVersion::R5, Some(patient)) = (version, patient) {
		p.insert("patient".into(), patient_ref(patient));
	}
	p.insert("agent".into(), Value::Array(agents));
	if let Some(old) = revision_of {
		p.insert("entity".into(), json!([{ "role": "revision", "what": record_ref(old) }]));
	}
	Some(Value::Object(p))
}

// ---------------------------------------------------------------------------------------------
// Bundle

/// A `searchset` Bundle of `resources`, each entry with `fullUrl` `<base>/<type>/<id>` and
/// `search.mode` `match`; `link`s `self` and, when there is a next page, `next`; `total` when
/// known. R4 and R5 write a Bundle the same way.
pub fn bundle(
	base: &str,
	resources: Vec<Value>,
	self_url: &str,
	next_url: Option<String>,
	total: Option<u64>,
) -> Value {
	let base = base.trim_end_matches('/');
	let mut links = vec![json!({ "relation": "self", "url": self_url })];
	if let Some(next) = next_url {
		links.push(json!({ "relation": "next", "url": next }));
	}
	let entries: Vec<Value> = resources
		.into_iter()
		.map(|resource| {
			let mut entry = Map::new();
			if let (Some(kind), Some(id)) =
				(resource["resourceType"].as_str(), resource["id"].as_str())
			{
				entry.insert("fullUrl".into(), json!(format!("{base}/{kind}/{id}")));
			}
			entry.insert("resource".into(), resource);
			entry.insert("search".into(), json!({ "mode": "match" }));
			Value::Object(entry)
		})
		.collect();
	let mut b = Map::new();
	b.insert("resourceType".into(), json!("Bundle"));
	b.insert("type".into(), json!("searchset"));
	if let Some(total) = total {
		b.insert("total".into(), json!(total));
	}
	b.insert("link".into(), Value::Array(links));
	b.insert("entry".into(), Value::Array(entries));
	Value::Object(b)
}

// ---------------------------------------------------------------------------------------------
// CapabilityStatement

/// What the API at `base` serves, as the `CapabilityStatement` of `GET <base>/metadata`
/// (FHIR's `capabilities` interaction): the three resource types, searchable by the
/// parameters `patient`, `from-block` and `to-block`, JSON only, with signed requests.
/// `date` is the instant the statement is made (milliseconds).
pub fn capability_statement(version: FhirVersion, base: &str, date_ms: u64) -> Value {
	let search_params = json!([
		{
			"name": "patient",
			"type": "token",
			"documentation": "The patient's account, as an SS58 address or 0x hex. Required \
				unless the requester is an auditor.",
		},
		{ "name": "from-block", "type": "number", "documentation": "The first block." },
		{ "name": "to-block", "type": "number", "documentation": "The last block." },
	]);
	let resources: Vec<Value> = ["Consent", "AuditEvent", "Provenance"]
		.iter()
		.map(|kind| {
			json!({
				"type": kind,
				"interaction": [{ "code": "search-type" }],
				"searchParam": search_params,
			})
		})
		.collect();
	json!({
		"resourceType": "CapabilityStatement",
		"status": "active",
		"date": instant(date_ms).unwrap_or_else(|| epcis::time(0)),
		"publisher": "Healthchain",
		"kind": "instance",
		"software": { "name": "healthchain-indexer", "version": env!("CARGO_PKG_VERSION") },
		"implementation": {
			"description": "The patients' trail on the chain, read-only",
			"url": base,
		},
		"fhirVersion": version.number(),
		"format": ["json"],
		"rest": [{
			"mode": "server",
			"security": {
				"description": "Every search is signed by the requester's sr25519 account \
					(headers X-Healthchain-Account, -Nonce, -Timestamp, -Signature over \
					'healthchain-indexer/v1\\nGET\\n<path and query>\\n<nonce>\\n<timestamp>') \
					and answered to the patient, a guardian of theirs, or an auditor of an \
					active regulator only.",
			},
			"resource": resources,
		}],
	})
}

#[cfg(test)]
mod tests {
	use super::*;
	use codec::{Decode, Encode};
	use healthchain_primitives::{
		blind::{self, Field},
		role_set, BlindFacts, ContentHash,
	};
	use pallet_consent::Validity;
	use pallet_records::RecordStatus;
	use std::{path::Path, process::Command};

	const T0: u64 = 1_796_386_245_007; // 2026-12-04T12:10:45.007Z
	const DAY: u64 = 86_400_000;

	fn origin(block: u32, index: u32) -> Origin {
		Origin {
			block,
			block_hash: format!("0x{}", "ab".repeat(32)),
			index,
			extrinsic: Some(2),
			time_ms: T0,
		}
	}

	fn account(n: u8) -> AccountId32 {
		AccountId32::new([n; 32])
	}

	fn patient() -> AccountId32 {
		account(1)
	}

	fn clinician() -> AccountId32 {
		account(2)
	}

	fn key() -> blind::BlindKey {
		blind::key_from_suri(b"//Alice")
	}

	/// The plain codes behind the test's tags: none may appear in any resource.
	const CLEAR: &[&str] = &["11506-3", "PSY", "ETH"];

	fn day(ms: u64) -> u32 {
		blind::day_of(ms).unwrap()
	}

	/// A grant from the patient to organization 3, for treatment and research, read and append,
	/// of records 5 and 9, dated in 2026, for a year, except PSY-labelled records, record 9 and
	/// records of one category.
	fn grant() -> Grant<Runtime> {
		let key = key();
		let year = blind::period_tags(&key, day(T0 - 300 * DAY), day(T0)).unwrap();
		Grant::<Runtime> {
			patient: patient(),
			grantor: patient(),
			grantee: Grantee::Organization(3),
			purposes: role_set(&[Purpose::Treatment, Purpose::Research]),
			actions: role_set(&[Action::Read, Action::Append]),
			scope: Scope::Records(vec![5, 9].try_into().unwrap()),
			data_period: Some(year),
			validity: Validity { from: T0, until: Some(T0 + 365 * DAY) },
			exceptions: vec![
				Exception::Label(blind::code_tag(&key, Field::Label, b"PSY")),
				Exception::Record(9),
				Exception::Category(blind::code_tag(&key, Field::Category, b"11506-3")),
				Exception::DataPeriod(blind::period_tags(&key, day(T0 - DAY), day(T0)).unwrap()),
			]
			.try_into()
			.unwrap(),
			created_at: T0 - 1000,
			deposit: 1_000_000,
		}
	}

	fn consent_event(event: ConsentEvent<Runtime>) -> RuntimeEvent {
		RuntimeEvent::Consent(event)
	}

	fn records_event(event: RecordsEvent<Runtime>) -> RuntimeEvent {
		RuntimeEvent::Records(event)
	}

	fn created() -> RuntimeEvent {
		consent_event(ConsentEvent::GrantCreated { id: 7, grant: grant() })
	}

	fn access(decision: AccessDecision, target: AccessTarget, action: Action) -> RuntimeEvent {
		consent_event(ConsentEvent::AccessLogged {
			patient: patient(),
			accessor: clinician(),
			target,
			purpose: Purpose::Treatment,
			action,
			decision,
		})
	}

	/// One event of every kind that maps to a resource.
	fn every_event() -> Vec<RuntimeEvent> {
		let key = key();
		let facts = BlindFacts {
			category: blind::code_tag(&key, Field::Category, b"11506-3"),
			labels: blind::label_tags(&key, &[&b"ETH"[..]], &[7; 32]).unwrap(),
			dates: blind::date_tags(&key, day(T0)),
		};
		let mut scoped = grant();
		scoped.scope = Scope::Categories(vec![facts.category].try_into().unwrap());
		scoped.grantor = account(4);
		scoped.grantee = Grantee::Account(account(5));
		scoped.validity.until = None;
		vec![
			created(),
			consent_event(ConsentEvent::GrantCreated { id: 8, grant: scoped }),
			consent_event(ConsentEvent::GrantRevoked {
				id: 7,
				patient: patient(),
				grantee: Grantee::Organization(3),
				revoked_by: account(4),
				deposit_released: 1_000_000,
			}),
			consent_event(ConsentEvent::GrantExpired {
				id: 8,
				patient: patient(),
				grantee: Grantee::Account(account(5)),
				deposit_released: 1_000_000,
			}),
			access(
				AccessDecision::Permitted(AccessBasis::Grant(7)),
				AccessTarget::Record(5),
				Action::Read,
			),
			access(
				AccessDecision::Denied(DenialReason::Excepted),
				AccessTarget::Category(facts.category),
				Action::Read,
			),
			access(
				AccessDecision::Permitted(AccessBasis::Emergency(2)),
				AccessTarget::NewRecord(facts.clone()),
				Action::Append,
			),
			consent_event(ConsentEvent::AccessServed {
				patient: patient(),
				accessor: clinician(),
				record: 5,
				purpose: Purpose::Research,
				decision: AccessDecision::Denied(DenialReason::DenyProvision(4)),
				custodian: 3,
				request: [9; 32],
			}),
			consent_event(ConsentEvent::EmergencyAccessOpened {
				id: 2,
				patient: patient(),
				clinician: clinician(),
				org: 3,
				justification: [8; 32],
				expires_at: T0 + 3_600_000,
				depositor: account(6),
				deposit: 5,
			}),
			consent_event(ConsentEvent::EmergencyAccessClosed {
				id: 2,
				patient: patient(),
				clinician: clinician(),
				closed_at: T0 + 60_000,
			}),
			consent_event(ConsentEvent::EmergencyAccessReviewed {
				id: 2,
				patient: patient(),
				clinician: clinician(),
				reviewer: account(7),
				class: ReviewerClass::Oversight,
				verdict: ReviewVerdict::Unjustified,
				note: [6; 32],
				deposit_released: 5,
			}),
			records_event(RecordsEvent::RecordRegistered {
				record: 5,
				patient: patient(),
				custodian: Some(3),
				author: clinician(),
				hash: ContentHash::Sha256([1; 32]),
				status: RecordStatus::Pending,
				deposit: 10,
			}),
			records_event(RecordsEvent::RecordSuperseded {
				old: 5,
				new: 6,
				patient: patient(),
				custodian: Some(3),
				author: clinician(),
				version: 2,
				hash: ContentHash::Sha256([2; 32]),
				status: RecordStatus::Pending,
				deposit: 10,
			}),
			records_event(RecordsEvent::RecordAcknowledged { record: 6, patient: patient() }),
			records_event(RecordsEvent::RecordDisputed {
				record: 6,
				patient: patient(),
				reason: ContentHash::Blake2_256([3; 32]),
			}),
			records_event(RecordsEvent::RecordEnteredInError {
				record: 6,
				previous: RecordStatus::Disputed,
				by: clinician(),
			}),
			records_event(RecordsEvent::ErasureRequested {
				record: 5,
				patient: patient(),
				custodian: 3,
			}),
			records_event(RecordsEvent::RecordErased {
				record: 5,
				patient: patient(),
				by: patient(),
				keys_removed: 1,
				deposit_released: 10,
			}),
		]
	}

	fn all_resources(version: FhirVersion) -> Vec<Value> {
		every_event()
			.iter()
			.enumerate()
			.map(|(i, event)| {
				resource(event, &origin(100, i as u32), version)
					.unwrap_or_else(|| panic!("event {i} maps to nothing"))
			})
			.collect()
	}

	fn codes(list: &Value) -> Vec<String> {
		list.as_array()
			.unwrap()
			.iter()
			.map(|c| {
				let c = if c.get("coding").is_some() { &c["coding"][0] } else { c };
				c["code"].as_str().unwrap().to_string()
			})
			.collect()
	}

	fn assert_id_is_fhir(r: &Value) {
		let id = r["id"].as_str().unwrap();
		assert!(
			(1..=64).contains(&id.len())
				&& id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.'),
			"{id}"
		);
	}

	#[test]
	fn a_grant_is_an_r4_opt_in_consent_with_a_permit_and_its_exceptions() {
		let c = consent(&created(), &origin(100, 3), FhirVersion::R4).unwrap();
		assert_eq!(c["resourceType"], "Consent");
		assert_eq!(c["id"], "c-100-3");
		assert_id_is_fhir(&c);
		assert_eq!(c["status"], "active");
		assert_eq!(c["scope"]["coding"][0]["code"], "patient-privacy");
		assert_eq!(c["category"][0]["coding"][0]["system"], LOINC);
		assert_eq!(c["category"][0]["coding"][0]["code"], "59284-0");
		let subject = json!({
			"type": "Patient",
			"identifier": { "system": ACCOUNT_SYSTEM, "value": address(&patient()) },
		});
		assert_eq!(c["patient"], subject);
		assert!(address(&patient()).starts_with("hc"), "SS58 with the chain's prefix");
		assert_eq!(c["dateTime"], "2026-12-04T12:10:44.007Z");
		assert_eq!(c["performer"], json!([subject]));
		assert_eq!(c["policyRule"]["coding"][0]["code"], "OPTIN");
		assert!(c.get("organization").is_none());
		assert_eq!(c["identifier"][0], json!({ "system": GRANT_SYSTEM, "value": "7" }));
		assert_eq!(c["identifier"][1], json!({ "system": EVENT_SYSTEM, "value": "100-3" }));

		let p = &c["provision"];
		assert_eq!(p["type"], "permit");
		assert_eq!(p["period"]["start"], "2026-12-04T12:10:45.007Z");
		assert_eq!(p["period"]["end"], "2027-12-04T12:10:45.007Z");
		assert_eq!(p["actor"][0]["role"]["coding"][0]["code"], "IRCP");
		assert_eq!(p["actor"][0]["reference"], org_ref(3));
		assert_eq!(p["actor"][0]["reference"]["identifier"]["system"], ORG_SYSTEM);
		assert_eq!(codes(&p["action"]), ["access", "collect"]);
		assert_eq!(codes(&p["purpose"]), ["TREAT", "HRESCH"]);
		assert_eq!(p["purpose"][0]["system"], ACT_REASON);
		assert_eq!(p["data"][0]["meaning"], "dependents");
		assert_eq!(p["data"][1]["reference"], record_ref(9));
		assert_eq!(p["data"][0]["reference"]["identifier"]["system"], RECORD_SYSTEM);
		// The data period stays as blind tags, in a modifier extension.
		let period = &p["modifierExtension"][0];
		assert_eq!(period["url"], BLIND_DATA_PERIOD_EXTENSION);
		assert!(!period["extension"].as_array().unwrap().is_empty());
		assert_eq!(period["extension"][0]["valueString"].as_str().unwrap().len(), 32);

		let nested = p["provision"].as_array().unwrap();
		assert_eq!(nested.len(), 4);
		assert!(nested.iter().all(|n| n["type"] == "deny"));
		assert_eq!(nested[0]["securityLabel"][0]["system"], BLIND_LABEL_SYSTEM);
		assert_eq!(
			nested[0]["securityLabel"][0]["code"],
			hex::encode(blind::code_tag(&key(), Field::Label, b"PSY"))
		);
		assert_eq!(nested[1]["data"][0]["reference"], record_ref(9));
		assert_eq!(nested[2]["code"][0]["coding"][0]["system"], BLIND_CATEGORY_SYSTEM);
		assert_eq!(nested[3]["modifierExtension"][0]["url"], BLIND_DATA_PERIOD_EXTENSION);

		assert_eq!(c["meta"]["source"], format!("urn:healthchain:block:0x{}", "ab".repeat(32)));
		let ext = &c["extension"][0];
		assert_eq!(ext["url"], ORIGIN_EXTENSION);
		let part = |name: &str| {
			ext["extension"].as_array().unwrap().iter().find(|e| e["url"] == name).unwrap().clone()
		};
		assert_eq!(part("block")["valueUnsignedInt"], 100);
		assert_eq!(part("eventIndex")["valueUnsignedInt"], 3);
		assert_eq!(part("extrinsic")["valueUnsignedInt"], 2);
		assert_eq!(part("blockHash")["valueString"], format!("0x{}", "ab".repeat(32)));
		assert_eq!(part("event")["valueIdentifier"]["value"], "100-3");
	}

	#[test]
	fn a_grant_is_an_r5_consent_denying_by_default_but_for_its_permit() {
		let c = consent(&created(), &origin(100, 3), FhirVersion::R5).unwrap();
		assert_eq!(c["status"], "active");
		assert_eq!(c["decision"], "deny");
		assert!(c.get("scope").is_none() && c.get("patient").is_none());
		assert!(c.get("policyRule").is_none() && c.get("dateTime").is_none());
		assert_eq!(c["subject"]["identifier"]["value"], address(&patient()));
		assert_eq!(c["date"], "2026-12-04");
		assert_eq!(c["period"]["start"], "2026-12-04T12:10:45.007Z");
		assert_eq!(c["grantor"][0]["type"], "Patient");
		assert_eq!(c["grantee"][0], org_ref(3));
		let p = &c["provision"][0];
		assert!(p.get("type").is_none() && p.get("period").is_none());
		assert_eq!(p["actor"][0]["reference"], org_ref(3));
		assert_eq!(codes(&p["purpose"]), ["TREAT", "HRESCH"]);
		let nested = p["provision"].as_array().unwrap();
		assert_eq!(nested.len(), 4);
		assert!(nested.iter().all(|n| n.get("type").is_none()));
	}

	#[test]
	fn a_guardian_grant_to_an_account_of_categories_names_them_by_blind_tag() {
		let event = &every_event()[1];
		let c = consent(event, &origin(1, 1), FhirVersion::R4).unwrap();
		assert_eq!(c["performer"][0]["type"], "RelatedPerson");
		let actor = &c["provision"]["actor"][0]["reference"];
		assert!(actor.get("type").is_none());
		assert_eq!(actor["identifier"]["value"], address(&account(5)));
		let tag = blind::code_tag(&key(), Field::Category, b"11506-3");
		assert_eq!(c["provision"]["code"][0]["coding"][0]["code"], hex::encode(tag));
		assert!(c["provision"]["period"].get("end").is_none(), "open-ended");
	}

	#[test]
	fn ended_grants_are_inactive_consents() {
		let events = every_event();
		for version in [FhirVersion::R4, FhirVersion::R5] {
			let revoked = consent(&events[2], &origin(9, 0), version).unwrap();
			assert_eq!(revoked["status"], "inactive");
			assert_eq!(revoked["identifier"][0]["value"], "7");
			let by = &revoked["extension"][1];
			assert_eq!(by["url"], REVOKED_BY_EXTENSION);
			assert_eq!(by["valueReference"]["type"], "RelatedPerson");
			let expired = consent(&events[3], &origin(9, 1), version).unwrap();
			assert_eq!(expired["status"], "inactive");
			assert_eq!(expired["identifier"][0]["value"], "8");
			match version {
				FhirVersion::R4 => {
					assert_eq!(revoked["scope"]["coding"][0]["code"], "patient-privacy");
					assert_eq!(revoked["provision"]["period"]["end"], "2026-12-04T12:10:45.007Z");
					assert_eq!(revoked["provision"]["actor"][0]["reference"], org_ref(3));
					assert!(expired["provision"].get("period").is_none());
				},
				FhirVersion::R5 => {
					assert_eq!(revoked["period"]["end"], "2026-12-04T12:10:45.007Z");
					assert_eq!(revoked["grantee"][0], org_ref(3));
					assert_eq!(expired["decision"], "deny");
				},
			}
		}
	}

	#[test]
	fn accesses_are_audit_events_with_their_outcome_and_purpose() {
		let permitted = access(
			AccessDecision::Permitted(AccessBasis::Grant(7)),
			AccessTarget::Record(5),
			Action::Read,
		);
		let denied = access(
			AccessDecision::Denied(DenialReason::NoGrant),
			AccessTarget::Record(5),
			Action::Append,
		);

		let a = audit_event(&permitted, &origin(12, 4), FhirVersion::R4).unwrap();
		assert_eq!(a["id"], "a-12-4");
		assert_eq!(a["type"], coding(DICOM, "110110", "Patient Record"));
		assert_eq!(a["subtype"][0]["code"], "read");
		assert_eq!(a["action"], "R");
		assert_eq!(a["recorded"], "2026-12-04T12:10:45.007Z");
		assert_eq!(a["outcome"], "0");
		assert_eq!(a["outcomeDesc"], "permitted by grant 7");
		assert_eq!(a["purposeOfEvent"][0]["coding"][0]["code"], "TREAT");
		let agent = &a["agent"][0];
		assert_eq!(agent["requestor"], true);
		assert_eq!(agent["who"]["identifier"]["value"], address(&clinician()));
		assert_eq!(agent["policy"], json!(["urn:healthchain:grant:7"]));
		assert_eq!(a["source"]["observer"]["type"], "Device");
		assert_eq!(a["entity"][0]["what"], patient_ref(&patient()));
		assert_eq!(a["entity"][0]["role"]["code"], "1");
		assert_eq!(a["entity"][1]["what"], record_ref(5));
		assert_eq!(a["entity"][1]["type"]["code"], "2");

		let d = audit_event(&denied, &origin(12, 5), FhirVersion::R4).unwrap();
		assert_eq!(d["outcome"], "4");
		assert_eq!(d["action"], "C");
		assert_eq!(d["subtype"][0]["code"], "create");
		assert_eq!(d["outcomeDesc"], "denied: no grant to the accessor");
		assert!(d["agent"][0].get("policy").is_none());

		let a5 = audit_event(&permitted, &origin(12, 4), FhirVersion::R5).unwrap();
		assert_eq!(a5["category"][0]["coding"][0]["code"], "110110");
		assert_eq!(a5["code"]["coding"][0]["code"], "read");
		assert_eq!(a5["outcome"]["code"]["system"], AUDIT_OUTCOME);
		assert_eq!(a5["outcome"]["code"]["code"], "0");
		assert_eq!(a5["outcome"]["detail"][0]["coding"][0]["code"], "permitted-grant");
		assert_eq!(a5["authorization"][0]["coding"][0]["code"], "TREAT");
		assert_eq!(a5["patient"], patient_ref(&patient()));
		assert!(a5.get("type").is_none() && a5.get("purposeOfEvent").is_none());
		assert!(a5["entity"][1].get("type").is_none());
		assert_eq!(a5["entity"][1]["role"]["coding"][0]["code"], "4");
		let d5 = audit_event(&denied, &origin(12, 5), FhirVersion::R5).unwrap();
		assert_eq!(d5["outcome"]["code"]["code"], "4");
		assert_eq!(d5["outcome"]["detail"][0]["coding"][0]["code"], "no-grant");
	}

	#[test]
	fn a_served_read_names_the_custodian_and_the_request() {
		let events = every_event();
		let a = audit_event(&events[7], &origin(3, 3), FhirVersion::R4).unwrap();
		assert_eq!(a["outcome"], "4");
		assert_eq!(a["purposeOfEvent"][0]["coding"][0]["code"], "HRESCH");
		assert_eq!(a["agent"][0]["policy"], json!(["urn:healthchain:deny:4"]));
		assert_eq!(a["agent"][1]["who"], org_ref(3));
		assert_eq!(a["agent"][1]["requestor"], false);
		assert_eq!(a["agent"][1]["type"]["coding"][0]["code"], "CST");
		assert_eq!(a["entity"][1]["detail"][0]["type"], "request-hash");
		assert_eq!(a["entity"][1]["detail"][0]["valueString"], format!("0x{}", "09".repeat(32)));
	}

	#[test]
	fn breaking_the_glass_is_an_emergency_override_for_emergency_treatment() {
		let events = every_event();
		let opened = audit_event(&events[8], &origin(4, 0), FhirVersion::R4).unwrap();
		assert_eq!(opened["type"]["code"], "110113");
		assert_eq!(opened["subtype"][0], coding(DICOM, "110127", "Emergency Override Started"));
		assert_eq!(codes(&opened["purposeOfEvent"]), ["ETREAT", "BTG"]);
		assert_eq!(opened["period"]["start"], "2026-12-04T12:10:45.007Z");
		assert_eq!(opened["period"]["end"], "2026-12-04T13:10:45.007Z");
		assert_eq!(opened["agent"][0]["who"]["type"], "Practitioner");
		assert_eq!(opened["agent"][1]["who"], org_ref(3));
		assert_eq!(opened["entity"][1]["what"]["identifier"]["system"], EMERGENCY_SYSTEM);
		assert_eq!(opened["entity"][1]["detail"][0]["type"], "justification-hash");

		let closed = audit_event(&events[9], &origin(4, 1), FhirVersion::R5).unwrap();
		assert_eq!(closed["code"]["coding"][0]["code"], "110138");
		assert_eq!(closed["occurredPeriod"]["end"], "2026-12-04T12:11:45.007Z");
		assert_eq!(codes(&closed["authorization"]), ["ETREAT", "BTG"]);

		let reviewed = audit_event(&events[10], &origin(4, 2), FhirVersion::R4).unwrap();
		assert_eq!(reviewed["subtype"][0]["code"], "emergency-review");
		assert_eq!(reviewed["outcome"], "0");
		assert_eq!(reviewed["outcomeDesc"], "unjustified (oversight)");
		assert_eq!(reviewed["agent"][0]["role"][0]["text"], "oversight");
		assert_eq!(reviewed["agent"][1]["requestor"], false);

		// An access that an emergency permits is a break-the-glass access too.
		let a = audit_event(&events[6], &origin(4, 3), FhirVersion::R4).unwrap();
		assert_eq!(codes(&a["purposeOfEvent"]), ["TREAT", "BTG"]);
		assert_eq!(a["agent"][0]["who"]["type"], "Practitioner");
		assert_eq!(a["entity"][1]["what"]["display"], "a new record");
		assert!(a["entity"][1].get("detail").is_none(), "no blind facts of a new record");
	}

	#[test]
	fn record_changes_are_provenance_of_the_record_pointer() {
		let events = every_event();
		let registered = provenance(&events[11], &origin(5, 0), FhirVersion::R4).unwrap();
		assert_eq!(registered["id"], "p-5-0");
		assert_eq!(registered["target"][0], record_ref(5));
		assert_eq!(registered["recorded"], "2026-12-04T12:10:45.007Z");
		assert_eq!(registered["activity"]["coding"][0]["code"], "CREATE");
		let author = &registered["agent"][0];
		assert_eq!(author["type"]["coding"][0]["code"], "author");
		assert_eq!(author["who"]["type"], "Practitioner");
		assert_eq!(author["onBehalfOf"], org_ref(3));
		assert_eq!(registered["agent"][1]["type"]["coding"][0]["code"], "custodian");
		assert!(registered.get("patient").is_none(), "R4 has no Provenance.patient");

		let superseded = provenance(&events[12], &origin(5, 1), FhirVersion::R5).unwrap();
		assert_eq!(superseded["target"][0], record_ref(6));
		assert_eq!(superseded["activity"]["coding"][0]["code"], "UPDATE");
		assert_eq!(superseded["entity"][0], json!({ "role": "revision", "what": record_ref(5) }));
		assert_eq!(superseded["patient"], patient_ref(&patient()));

		let activities: Vec<Value> = events[13..]
			.iter()
			.map(|e| {
				provenance(e, &origin(5, 2), FhirVersion::R4).unwrap()["activity"]["coding"][0]
					["code"]
					.clone()
			})
			.collect();
		assert_eq!(activities, ["ACTIVATE", "dispute", "NULLIFY", "erasure-request", "DELETE"]);
		let erased = provenance(&events[17], &origin(5, 3), FhirVersion::R4).unwrap();
		assert_eq!(erased["agent"][0]["who"]["type"], "Patient");
	}

	#[test]
	fn kinds_and_patients_of_events() {
		let kinds: Vec<_> = every_event().iter().map(kind_of).collect();
		let expected =
			[vec![Some("Consent"); 4], vec![Some("AuditEvent"); 7], vec![Some("Provenance"); 7]]
				.concat();
		assert_eq!(kinds, expected);
		for event in every_event() {
			let unnamed =
				matches!(event, RuntimeEvent::Records(RecordsEvent::RecordEnteredInError { .. }));
			assert_eq!(patient_of(&event), (!unnamed).then(patient), "{event:?}");
		}
		let guardian = consent_event(ConsentEvent::GuardianAppointed {
			patient: patient(),
			guardian: account(4),
			deposit: 1,
		});
		assert_eq!(kind_of(&guardian), None);
		assert_eq!(patient_of(&guardian), Some(patient()));
		assert_eq!(resource(&guardian, &origin(1, 0), FhirVersion::R4), None);
		let key = records_event(RecordsEvent::KeyAttached {
			record: 5,
			grantee: account(5),
			grant: Some(7),
			by: patient(),
			deposit: 1,
		});
		assert_eq!((kind_of(&key), patient_of(&key)), (None, None));
		let other = RuntimeEvent::System(frame_system::Event::NewAccount { account: account(9) });
		assert_eq!((kind_of(&other), patient_of(&other)), (None, None));
		// Each mapping answers only for its own kind.
		assert_eq!(audit_event(&created(), &origin(1, 0), FhirVersion::R4), None);
		assert_eq!(provenance(&created(), &origin(1, 0), FhirVersion::R4), None);
		assert_eq!(consent(&every_event()[11], &origin(1, 0), FhirVersion::R4), None);
	}

	#[test]
	fn events_decoded_from_scale_map_the_same() {
		for event in every_event() {
			let bytes = event.encode();
			let decoded = RuntimeEvent::decode(&mut &bytes[..]).unwrap();
			for version in [FhirVersion::R4, FhirVersion::R5] {
				assert_eq!(
					resource(&decoded, &origin(2, 2), version),
					resource(&event, &origin(2, 2), version)
				);
			}
		}
	}

	#[test]
	fn no_code_appears_in_the_clear_and_every_id_is_a_fhir_id() {
		for version in [FhirVersion::R4, FhirVersion::R5] {
			for r in all_resources(version) {
				assert_id_is_fhir(&r);
				let text = r.to_string();
				for code in CLEAR {
					assert!(!text.contains(code), "{code} in {text}");
				}
			}
		}
	}

	#[test]
	fn times_beyond_the_year_9999_are_left_out_rather_than_written_wrong() {
		let mut far = origin(1, 0);
		far.time_ms = u64::MAX;
		let mut g = grant();
		g.validity = Validity { from: u64::MAX - 1, until: Some(u64::MAX) };
		g.created_at = u64::MAX;
		let event = consent_event(ConsentEvent::GrantCreated { id: 1, grant: g });
		for version in [FhirVersion::R4, FhirVersion::R5] {
			let c = consent(&event, &far, version).unwrap();
			assert!(
				c.get("dateTime").is_none() && c.get("date").is_none() && c.get("period").is_none()
			);
			let a = audit_event(&every_event()[4], &far, version).unwrap();
			assert!(a.get("recorded").is_none());
		}
		assert_eq!(instant(MAX_MS).as_deref(), Some("9999-12-31T23:59:59.999Z"));
		assert_eq!(instant(MAX_MS + 1), None);
	}

	#[test]
	fn versions_parse() {
		assert_eq!(FhirVersion::parse("R4"), Some(FhirVersion::R4));
		assert_eq!(FhirVersion::parse("5.0.0"), Some(FhirVersion::R5));
		assert_eq!(FhirVersion::parse("r6"), None);
		assert_eq!(FhirVersion::R4.number(), "4.0.1");
	}

	#[test]
	fn a_bundle_is_a_searchset_with_full_urls_and_links() {
		let resources = all_resources(FhirVersion::R4);
		let b = bundle(
			"https://fhir.example.org/r4/",
			resources[..2].to_vec(),
			"https://fhir.example.org/r4/Consent?patient=x",
			Some("https://fhir.example.org/r4/Consent?patient=x&page=2".into()),
			Some(41),
		);
		assert_eq!(b["resourceType"], "Bundle");
		assert_eq!(b["type"], "searchset");
		assert_eq!(b["total"], 41);
		assert_eq!(b["link"][0]["relation"], "self");
		assert_eq!(b["link"][1]["relation"], "next");
		assert_eq!(b["entry"][0]["fullUrl"], "https://fhir.example.org/r4/Consent/c-100-0");
		assert_eq!(b["entry"][1]["search"]["mode"], "match");
		assert_eq!(b["entry"][1]["resource"], resources[1]);
		let last = bundle("http://x", Vec::new(), "http://x/AuditEvent", None, None);
		assert_eq!(last["link"].as_array().unwrap().len(), 1);
		assert!(last.get("total").is_none());
		assert_eq!(last["entry"], json!([]));
	}

	/// Runs `python3 ../tests/vectors/validate.py <schema> FILE` on `document` (from the crate's
	/// directory) and returns whether it passed, with what it printed.
	fn python_validate(schema: &str, document: &Value) -> (bool, String) {
		let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
		match Command::new("python3").args(["-c", "import jsonschema"]).output() {
			Err(e) => panic!(
				"python3 is needed to check the FHIR output against HL7's schemas ({e}); \
				 install Python 3 and `pip install jsonschema`"
			),
			Ok(out) if !out.status.success() => panic!(
				"Python's jsonschema package is needed to check the FHIR output against HL7's \
				 schemas: `pip install jsonschema` ({})",
				String::from_utf8_lossy(&out.stderr).trim()
			),
			Ok(_) => {},
		}
		let file = tempfile::NamedTempFile::new().unwrap();
		std::fs::write(file.path(), serde_json::to_vec_pretty(document).unwrap()).unwrap();
		let out = Command::new("python3")
			.current_dir(dir)
			.arg("../tests/vectors/validate.py")
			.arg(schema)
			.arg(file.path())
			.output()
			.unwrap();
		let printed = format!(
			"{}{}",
			String::from_utf8_lossy(&out.stdout),
			String::from_utf8_lossy(&out.stderr)
		);
		(out.status.success(), printed)
	}

	#[test]
	fn every_resource_is_valid_against_hl7s_schemas() {
		for (version, schema) in [(FhirVersion::R4, "fhir-r4"), (FhirVersion::R5, "fhir-r5")] {
			let resources = all_resources(version);
			let total = resources.len() as u64;
			let b = bundle(
				"https://fhir.example.org/fhir",
				resources,
				"https://fhir.example.org/fhir/Consent?patient:identifier=x",
				Some("https://fhir.example.org/fhir/Consent?patient:identifier=x&page=2".into()),
				Some(total),
			);
			let (ok, printed) = python_validate(schema, &b);
			assert!(ok, "{schema}: {printed}");
		}
		// And the validator refuses what is wrong: an R5 Consent is not an R4 one.
		let r5 = consent(&created(), &origin(1, 0), FhirVersion::R5).unwrap();
		let (ok, printed) = python_validate("fhir-r4", &r5);
		assert!(!ok && printed.contains("decision"), "{printed}");
	}

	#[test]
	fn the_capability_statement_is_valid_in_both_releases() {
		for (version, schema) in [(FhirVersion::R4, "fhir-r4"), (FhirVersion::R5, "fhir-r5")] {
			let statement = capability_statement(version, "http://127.0.0.1:8900/fhir/R4", T0);
			assert_eq!(statement["fhirVersion"], version.number());
			assert_eq!(statement["rest"][0]["resource"].as_array().unwrap().len(), 3);
			let (ok, printed) = python_validate(schema, &statement);
			assert!(ok, "{schema}: {printed}");
		}
	}
}
