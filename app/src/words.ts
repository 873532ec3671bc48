// Plain words for what the chain says in enums: purposes, actions, access decisions and their
// reasons, the gatekeeper's and the indexer's refusals, record statuses, organization and member roles, review
// verdicts, claim statuses and the ends of a pack's trade life. The variants themselves come from
// the chain's metadata (`variantsOf`); a variant this file has no words for is shown by its own
// name, split into words.
//
// Some words depend on who reads them: the patient ("no grant of yours covers them") or the one
// asking for access ("the patient has not granted you access"): the `Audience`.

import type { ApiPromise } from '@polkadot/api';

/** Who reads: the patient, or whoever asks for access (a clinician, a researcher). */
export type Audience = 'patient' | 'accessor';

/** `EmergencyTreatment` → `emergency treatment`. */
export const splitName = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();

/** `emergency treatment` → `Emergency treatment`. */
export const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** `a`, `a and b`, `a, b and c` (or `or`). */
export function list(items: string[], joiner = 'and'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${joiner} ${items[items.length - 1]}`;
}

// ------------------------------------------------------------------ enums from the metadata

/**
 * An enum as polkadot.js's `toJSON()` gives it (`"noGrant"`, `{ grant: 3 }`): its variant,
 * capitalised as the chain names it, and its value (null for a unit variant).
 */
export function variant(json: unknown): [string, any] {
  if (typeof json === 'string') return [capitalize(json), null];
  if (json && typeof json === 'object') {
    const [k, v] = Object.entries(json as Record<string, unknown>)[0] ?? ['', null];
    return [capitalize(k), v];
  }
  return [String(json), null];
}

/**
 * The variants of the enum type of argument `arg` of call `pallet.call`, from the metadata; for
 * a set or list of an enum (`OrgRoles`), the enum's.
 */
export function variantsOf(api: ApiPromise, pallet: string, call: string, arg: string): string[] {
  const meta = (api.tx as any)[pallet]?.[call]?.meta;
  if (!meta) throw new Error(`the chain has no call ${pallet}.${call}`);
  const found = meta.args.find((a: any) => a.name.toString() === arg);
  if (!found) throw new Error(`${pallet}.${call} has no argument ${arg}`);
  // A set or list of an enum (`BTreeSet<HealthchainPrimitivesOrgRole>`): the element type.
  const sequence = /^(?:BTreeSet|Vec)<(.+)>$/;
  let type: string = found.type.toString();
  for (let m = sequence.exec(type); m; m = sequence.exec(type)) type = m[1];
  const keys = (api.registry.createType(type) as any).defKeys as string[] | undefined;
  if (!keys) throw new Error(`${pallet}.${call}'s ${arg} is not an enum`);
  return keys;
}

// ------------------------------------------------------------------ purposes and actions

const PURPOSES: Record<string, string> = {
  Treatment: 'treatment',
  EmergencyTreatment: 'emergency treatment',
  Research: 'research',
  Payment: 'payment',
  Operations: 'healthcare operations',
  PublicHealth: 'public health',
};

/** A purpose of use inside a sentence: `healthcare operations`. */
export const purposeWords = (purpose: string) => PURPOSES[purpose] ?? splitName(purpose);

/** A purpose as a choice's label: `Healthcare operations`. */
export const purposeLabel = (purpose: string) => capitalize(purposeWords(purpose));

/** The purposes the chain knows (`Purpose`). */
export const purposesOf = (api: ApiPromise) => variantsOf(api, 'consent', 'logAccess', 'purpose');

const ACTIONS: Record<string, { verb: string; did: string; label: string }> = {
  Read: { verb: 'read', did: 'read', label: 'Read records' },
  Append: { verb: 'add new records to', did: 'add', label: 'Add new records (or new versions of them)' },
};

/** What an action lets a grantee do, as the verb of "may … your records": `add new records to`. */
export const actionVerb = (action: string) => ACTIONS[action]?.verb ?? splitName(action);

/** An action done, before what it was done to: `read record #3`, `add a new record of …`. */
export const actionDone = (action: string) => ACTIONS[action]?.did ?? splitName(action);

/** An action as a choice's label. */
export const actionLabel = (action: string) => ACTIONS[action]?.label ?? capitalize(splitName(action));

/** The actions the chain knows (`Action`). */
export const actionsOf = (api: ApiPromise) => variantsOf(api, 'consent', 'logAccess', 'action');

// ------------------------------------------------------------------ access decisions

type Both = Record<Audience, string>;

/** Why the chain's consent decision denies an access (`DenialReason`), for each reader. */
const DENIALS: Record<string, Both> = {
  NoGrant: {
    patient: 'no grant of yours covers them',
    accessor: 'the patient has not granted you (or your organization) access',
  },
  NotValidNow: {
    patient: 'their grant is not valid now (not started yet, or expired)',
    accessor: "the patient's grant is not valid now (it has not started yet, or it has expired)",
  },
  PurposeNotAllowed: {
    patient: 'their grant does not allow this purpose',
    accessor: "the patient's grant does not cover this purpose",
  },
  ActionNotAllowed: {
    patient: 'their grant does not allow this action',
    accessor: "the patient's grant does not allow this action (reading or adding records)",
  },
  OutOfScope: {
    patient: 'the record is outside their grant',
    accessor: "the record is outside what the patient's grant covers",
  },
  OutsideDataPeriod: {
    patient: "the record's date is outside their grant's data period",
    accessor: "the record is dated outside the period the patient's grant covers",
  },
  Excepted: {
    patient: 'an exception in their grant excludes it',
    accessor: 'the patient excluded this kind of record from the grant',
  },
  OrganizationNotEntitled: {
    patient: 'their organization is not entitled (not active, or they lack the role the purpose needs)',
    accessor: 'your organization is not active, or you lack the member role this purpose needs',
  },
  UnknownRecord: {
    patient: 'there is no such record of yours',
    accessor: 'no such record of this patient exists',
  },
};

/** A `DenialReason` in words: its name (`NoGrant`), or its JSON (`{ denyProvision: 2 }`). */
export function denialWords(reason: unknown, audience: Audience): string {
  const [name, detail] = variant(reason);
  const known = detail !== undefined && detail !== null;
  if (name === 'DenyProvision') {
    return audience === 'patient'
      ? `your refusal ${known ? `${detail} ` : ''}names them`
      : `the patient has refused you this access${known ? ` (refusal ${detail})` : ''}`;
  }
  return DENIALS[name]?.[audience] ?? splitName(name);
}

/** What permitted an access without a grant or emergency access (`AccessBasis`), for each reader. */
const BASES: Record<string, Both> = {
  Patient: { patient: 'it was you', accessor: 'you are the patient' },
  Guardian: { patient: 'your guardian', accessor: "you are the patient's guardian" },
};

/** An `AccessBasis` (as JSON) in words: `grant 3`, `emergency access 2`, `you are the patient`. */
export function basisWords(json: unknown, audience: Audience): string {
  const [kind, value] = variant(json);
  if (kind === 'Grant') return `grant ${value}`;
  if (kind === 'Emergency') return `emergency access ${value}`;
  return BASES[kind]?.[audience] ?? splitName(kind);
}

export interface DecisionWords {
  permitted: boolean;
  /** `Permitted by grant 3`, `Permitted: it was you`, `Denied: no grant of yours covers them`. */
  text: string;
}

/** An `AccessDecision` (as JSON: pass a codec's `toJSON()`) in words. */
export function decisionWords(json: unknown, audience: Audience): DecisionWords {
  const [kind, inner] = variant(json);
  if (kind === 'Permitted') {
    const basis = variant(inner)[0];
    const words = basisWords(inner, audience);
    return { permitted: true, text: basis === 'Grant' || basis === 'Emergency' ? `Permitted by ${words}` : `Permitted: ${words}` };
  }
  return { permitted: false, text: `Denied: ${denialWords(inner, audience)}` };
}

/** Why a gatekeeper refused a request (the client's Error: `.status`, `.reason`), to whoever sent it. */
export function refusalWords(e: { status?: number; reason?: string | null; message: string; retryAfter?: string | null }): string {
  const reason = e.reason ?? '';
  switch (reason) {
    case 'NotHeldHere':
      return "this gatekeeper does not hold the record: it belongs to another custodian, or is a patient's own upload";
    case 'UnknownRecord':
      return 'no such record';
    case 'Erased':
      return 'the record was erased and its data deleted';
    case 'NotCustodianStaff':
      return "only the admin, clinicians and staff of the gatekeeper's organization may upload to it";
    case 'MissingSignature':
    case 'BadSignature':
      return 'the request was not signed by this account';
    case 'StaleRequest':
      return "the request's time is too far from the gatekeeper's clock; check this computer's clock";
    case 'ReplayedRequest':
      return 'the request was sent twice; try again';
    case 'RateLimited':
      return `too many requests; wait${e.retryAfter ? ` ${e.retryAfter} seconds` : ' a little'} and try again`;
    case 'TooLarge':
      return 'the file is larger than this gatekeeper accepts';
    case 'BlobCorrupt':
      return "the stored data does not match the record's hash; the gatekeeper did not serve it";
    case 'BlobMissing':
      return 'the stored data is missing at the gatekeeper';
    case 'ChainUnavailable':
      return 'the gatekeeper cannot reach the chain right now';
    case 'AuditTimeout':
      return 'the gatekeeper could not get the access logged on chain in time; try again';
    case 'OriginNotAllowed':
      return 'this gatekeeper does not accept requests from this web app (its allowed_origins setting)';
    default:
      if (e.status === 403 && reason) return denialWords(reason, 'accessor');
      return e.reason ? e.reason : e.message;
  }
}

/**
 * Why the indexer refused a FHIR request (the client's Error: `.status`, `.reason` from the
 * OperationOutcome's `details.text`, `.body`), to the patient who sent it.
 */
export function indexerRefusalWords(e: { status?: number; reason?: string | null; message: string; body?: any }): string {
  const diagnostics: string | undefined = e.body?.issue?.[0]?.diagnostics;
  switch (e.reason ?? '') {
    case 'MissingSignature':
    case 'BadSignature':
      return 'it did not accept the signature of the request as made by this account';
    case 'StaleRequest':
      return "the request's time is too far from the indexer's clock; check this computer's clock";
    case 'ReplayedRequest':
      return 'the request was sent twice; try again';
    case 'NotPermitted':
      return 'it serves a trail only to the patient, a current guardian of theirs or an auditor, and found this account to be none of them';
    case 'BadParameter':
    case 'BadRequest':
      return `it did not understand the request${diagnostics ? ` (${diagnostics})` : ''}`;
    case 'UnknownResource':
      return 'it does not serve this FHIR release or resource type';
    case 'Unavailable':
      return 'it cannot reach its database or the node right now; try again later';
    default:
      return diagnostics ?? e.reason ?? e.message;
  }
}

// ------------------------------------------------------------------ records

const RECORD_STATUSES: Record<string, Both> = {
  Pending: { patient: 'waiting for you to acknowledge or dispute it', accessor: "awaiting the patient's acknowledgement" },
  Current: { patient: 'current', accessor: 'current: acknowledged by the patient, or their own upload' },
  Disputed: { patient: 'disputed by you', accessor: 'disputed by the patient' },
  Superseded: { patient: 'replaced by a newer version', accessor: 'replaced by a newer version' },
  EnteredInError: { patient: 'entered in error (withdrawn by the custodian)', accessor: 'entered in error (withdrawn by the custodian)' },
};

/** A `RecordStatus` in words. */
export const recordStatusWords = (status: string, audience: Audience) => RECORD_STATUSES[status]?.[audience] ?? splitName(status);

// ------------------------------------------------------------------ claims

const CLAIM_STATUSES: Record<string, string> = {
  Pending: 'waiting: paid when its dispute window closes, unless you dispute it',
  Disputed: 'disputed: the payer decides',
  Paid: 'paid to the provider',
  Rejected: 'rejected by the payer: nothing was paid',
};

/** A `ClaimStatus` in words, to the patient. */
export const claimStatusWords = (status: string) => CLAIM_STATUSES[status] ?? splitName(status);

// ------------------------------------------------------------------ organizations and members

const ORG_ROLES: Record<string, string> = {
  Provider: 'Healthcare provider',
  Researcher: 'Research institute',
  Manufacturer: 'Manufacturer',
  Wholesaler: 'Wholesaler',
  Dispenser: 'Pharmacy (dispenser)',
  Regulator: 'Regulator',
  Payer: 'Payer',
  Logistics: 'Logistics provider',
};

/** An organization's role (`OrgRole`) as a label: `Healthcare provider`. */
export const orgRoleWords = (role: string) => ORG_ROLES[role] ?? capitalize(splitName(role));

/** The organization roles the chain knows. */
export const orgRolesOf = (api: ApiPromise) => variantsOf(api, 'organizations', 'register', 'roles');

const MEMBER_ROLES: Record<string, { name: string; does: string }> = {
  Clinician: { name: 'Clinician', does: 'treats patients, reads and adds records under their grants' },
  EmergencyClinician: { name: 'Emergency clinician', does: 'may break the glass' },
  Staff: { name: 'Staff', does: 'payment and operations' },
  Researcher: { name: 'Researcher', does: 'works on research protocols' },
  Pharmacist: { name: 'Pharmacist', does: 'dispenses and verifies packs' },
  Logistics: { name: 'Logistics', does: 'handles goods: commissions, packs, ships and receives' },
  Auditor: { name: 'Auditor', does: 'reviews access logs and emergency accesses' },
};

/** A member's role (`MemberRole`) as a label: `Emergency clinician`. */
export const memberRoleWords = (role: string) => MEMBER_ROLES[role]?.name ?? capitalize(splitName(role));

/** A member's role with what it lets the member do: `Emergency clinician (may break the glass)`. */
export const memberRoleDescription = (role: string) => (MEMBER_ROLES[role] ? `${MEMBER_ROLES[role].name} (${MEMBER_ROLES[role].does})` : memberRoleWords(role));

const ORG_STATUSES: Record<string, string> = {
  Active: 'active',
  Suspended: 'suspended',
  Revoked: 'revoked',
};

/** An organization's status (`OrgStatus`) in words: `suspended`. */
export const orgStatusWords = (status: string) => ORG_STATUSES[status] ?? splitName(status);

// ------------------------------------------------------------------ emergency access reviews

const VERDICTS: Record<string, string> = {
  Justified: 'Justified: the emergency warranted overriding consent',
  Unjustified: 'Unjustified: it did not; a matter for the organization and the regulator',
};

/** A review verdict in one word: `unjustified`. */
export const verdictWords = (verdict: string) => splitName(verdict);

/** A review verdict as a choice's label, with what it means. */
export const verdictLabel = (verdict: string) => VERDICTS[verdict] ?? capitalize(splitName(verdict));

/** The verdicts of an emergency access review (`ReviewVerdict`). */
export const verdictsOf = (api: ApiPromise) => variantsOf(api, 'consent', 'reviewEmergencyAccess', 'verdict');

// ------------------------------------------------------------------ the end of a pack's trade life

const DECOMMISSION_REASONS: Record<string, { label: string; words: string }> = {
  Destroyed: { label: 'Destroyed (final)', words: 'destroyed' },
  Stolen: { label: 'Stolen (final)', words: 'stolen' },
  Sample: { label: 'Taken as a sample (e.g. by an authority)', words: 'taken as a sample' },
  Exported: { label: 'Exported out of the market', words: 'exported' },
  Locked: { label: 'Locked: temporarily out of trade, pending a decision', words: 'locked (temporarily out of trade)' },
};

/** Why a pack left the supply chain (`DecommissionReason`), inside a sentence: `taken as a sample`. */
export const decommissionWords = (reason: string) => DECOMMISSION_REASONS[reason]?.words ?? splitName(reason);

/** A decommission reason as a choice's label. */
export const decommissionLabel = (reason: string) => DECOMMISSION_REASONS[reason]?.label ?? capitalize(splitName(reason));

/** The decommission reasons the chain knows. */
export const decommissionReasonsOf = (api: ApiPromise) => variantsOf(api, 'supplyChain', 'decommission', 'reason');

/** Why a quarantined pack was destroyed (`DestructionReason`), in words: `unfit for distribution`. */
export const destructionWords = (reason: string) => splitName(reason);
