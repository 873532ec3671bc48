// A patient's pseudonymous subjects: one account per custodian, hard-derived from the patient's
// secret, so that nothing on chain links the subjects to each other or to the main account.
//
// The subject of a patient at organization `org` is the account of `<suri>//healthchain//<org>`;
// `index` > 0 gives further unlinkable subjects at the same custodian
// (`<suri>//healthchain//<org>//<index>`, e.g. for a sensitive episode). `//` is a hard junction:
// the child's key cannot be computed from the parent's public key, and a child does not reveal
// its parent. Each subject has its own blind key (scripts/lib/blind.mjs) and its own X25519 key
// (scripts/lib/hpke.mjs), both from its own secret URI, so the tags and sealed keys of one
// custodian say nothing about another's.
//
// A wallet needs nothing but the secret to restore: `restoreSubjects` derives the subject for
// every registered organization and keeps those the chain knows (records, grants or a published
// encryption key).

import { decodeAddress, encodeAddress } from '@polkadot/util-crypto';
import { blindKeyFromSuri } from './blind.mjs';
import { signer } from './chain.mjs';

const ROOT = 'healthchain';

// A derivation path must not depend on how an address happens to be written: the ward's address
// goes into a guardian's path in the generic Substrate form, whatever form it was given in and
// whichever chain is connected.
const GENERIC_SS58 = 42;

/** The secret URI of the subject of `suri` at organization `org` (and `index`, default 0). */
export function subjectSuri(suri, org, index = 0) {
  if (typeof suri !== 'string' || suri.length === 0) throw new TypeError('suri: the patient\'s secret URI');
  if (!Number.isSafeInteger(Number(org)) || Number(org) < 0) throw new RangeError(`org: not an organization id: ${org}`);
  if (!Number.isSafeInteger(Number(index)) || Number(index) < 0) throw new RangeError(`index: not a subject index: ${index}`);
  const base = `${suri}//${ROOT}//${Number(org)}`;
  return Number(index) === 0 ? base : `${base}//${Number(index)}`;
}

/** The subject whose secret URI is `own`, with `fields` first: its pair, address and blind key. */
function subject(own, fields) {
  const pair = signer(own);
  return {
    ...fields,
    suri: own,
    pair,
    get address() {
      return pair.address;
    },
    blindKey: blindKeyFromSuri(own),
  };
}

/**
 * The subject of `suri` at `org`: `{ org, index, suri, pair, address, blindKey }`, its `address`
 * read from the pair, so in the form of the chain connected to when it is read.
 */
export function subjectOf(suri, org, index = 0) {
  return subject(subjectSuri(suri, org, index), { org: Number(org), index: Number(index) });
}

/**
 * The secret URI of `suri`'s subject for trial `trial` alone: `<suri>//healthchain//trial//<trial>`.
 * It grants `Research` to the trial's organization and is enrolled, and does nothing else, so
 * being in the trial links to no other subject.
 */
export function trialSubjectSuri(suri, trial) {
  if (typeof suri !== 'string' || suri.length === 0) throw new TypeError('suri: the participant\'s secret URI');
  if (!Number.isSafeInteger(Number(trial)) || Number(trial) < 0) throw new RangeError(`trial: not a trial id: ${trial}`);
  return `${suri}//${ROOT}//trial//${Number(trial)}`;
}

/** The participant's subject for `trial`: `{ trial, suri, pair, address, blindKey }`. */
export function trialSubjectOf(suri, trial) {
  return subject(trialSubjectSuri(suri, trial), { trial: Number(trial) });
}

/** What the chain holds for `address`: records, grants made and a published encryption key. */
async function footprint(api, address) {
  const [records, grants, key] = await Promise.all([
    api.call.recordsApi.recordsOf(address, null, null, 1),
    api.call.consentApi.grantsOf(address, null, 1),
    api.call.keyDirectoryApi ? api.call.keyDirectoryApi.keyOf(address) : Promise.resolve(null),
  ]);
  return { records: records.records.length > 0, grants: grants.length > 0, key: Boolean(key && key.isSome) };
}

/**
 * Restores a patient's subjects from the secret alone: for every organization id below
 * `organizations.nextOrgId` (or the ids of `orgs`, a wallet's own list of custodians), and
 * indexes `0..indexes`, the subjects the chain has seen, with what it holds for each. Reads
 * only; nothing is submitted.
 */
export async function restoreSubjects(api, suri, { indexes = 1, orgs } = {}) {
  const ids = orgs ?? [...Array((await api.query.organizations.nextOrgId()).toNumber()).keys()];
  const found = [];
  for (const org of ids) {
    for (let index = 0; index < indexes; index++) {
      const subject = subjectOf(suri, org, index);
      const seen = await footprint(api, subject.address);
      if (seen.records || seen.grants || seen.key) found.push({ ...subject, ...seen });
    }
  }
  return found;
}

/**
 * The account through which a guardian acts for one ward subject: hard-derived from the
 * guardian's secret and the subject's address (`<guardian suri>//healthchain//guardian//<ward>`,
 * the ward in the generic `5…` form whatever form `wardAddress` is in), so that a guardian of
 * several of a patient's subjects appears on chain as unrelated accounts and does not link them.
 * `{ suri, pair, address }`.
 */
export function guardianFor(guardianSuri, wardAddress) {
  if (typeof guardianSuri !== 'string' || guardianSuri.length === 0) throw new TypeError('guardianSuri: the guardian\'s secret URI');
  if (typeof wardAddress !== 'string' || wardAddress.length === 0) throw new TypeError('wardAddress: the ward subject\'s address');
  const ward = encodeAddress(decodeAddress(wardAddress), GENERIC_SS58);
  const suri = `${guardianSuri}//${ROOT}//guardian//${ward}`;
  const pair = signer(suri);
  return {
    suri,
    pair,
    get address() {
      return pair.address;
    },
  };
}
