// Blind indexes on the client: the tags the chain stores instead of clinical codes and dates.
//
// The same construction as `pallets/primitives/src/blind.rs`, byte for byte, checked against
// the shared vectors in `tests/vectors/blind.json`. A tag is the first 16 bytes of
// `HMAC-SHA-256(k, "healthchain/blind/v1" ‖ 0 ‖ field ‖ 0 ‖ value)` under the patient's blind
// key `k`; only holders of `k` can compute a tag or test a guess, so the chain compares codes and
// dates it cannot read. A wallet shows a record's real codes by matching its tags against the
// codes it knows (`matchCode`, `KNOWN_CODES`) and its day by walking down the date tree
// (`matchDay`).
//
//   const key = blindKeyFromSuri('//Alice');
//   api.tx.records.register(patient, recordInput({ key, category: '11506-3', typeCode: '11506-3',
//     labels: ['N'], date: new Date(), hash: '0x…', locator: 'ehr://…' }), 'Treatment');
//   terms.dataPeriod = periodTags(key, '2026-01-01', '2026-06-30').map(tagHex);
//
// Days count from 1970-01-01 (UTC) and must be below 2^16 (2149-06-07); times of day are not
// kept.

import { hexToU8a, isHex, isU8a, stringToU8a, u8aConcat, u8aToHex, u8aToU8a } from '@polkadot/util';
import { hmacSha256AsU8a } from '@polkadot/util-crypto';

/** Bytes in a tag. */
export const TAG_LEN = 16;
/** Bytes in a blind key. */
export const KEY_LEN = 32;
/** Label slots of every record: real labels first, fillers after. */
export const LABEL_SLOTS = 4;
/** Levels of the date tree whose nodes a record carries: level `l` groups `2^l` days. */
export const DATE_LEVELS = 16;
/** The most tags a period's cover needs (at most two nodes per level). */
export const MAX_PERIOD_TAGS = 2 * DATE_LEVELS;
/** The first day that cannot be expressed (2149-06-07). */
export const DAY_LIMIT = 2 ** DATE_LEVELS;
/** Milliseconds in a day. */
export const DAY_MS = 86_400_000;
/** The fields a tag may stand for; part of the hashed input. */
export const FIELDS = Object.freeze(['category', 'type', 'label', 'date', 'filler']);

const DOMAIN = stringToU8a('healthchain/blind/v1');
const KEY_DOMAIN = stringToU8a('healthchain/blind-key/v1');
const ZERO = new Uint8Array([0]);
const FIELD_BYTES = Object.fromEntries(FIELDS.map((f) => [f, stringToU8a(f)]));

// LOINC document codes used as category and type codes by the tests, the examples and the demo
// genesis.
const LOINC_DOCUMENTS = Object.freeze({
  '11488-4': 'Consult note',
  '11502-2': 'Laboratory report',
  '11506-3': 'Progress note',
  '18842-5': 'Discharge summary',
  '26436-6': 'Laboratory studies',
  '34117-2': 'History and physical note',
  '34785-6': 'Mental health consult note',
  '34904-3': 'Mental health progress note',
});

// HL7 v3 confidentiality codes and the sensitivity codes of the labels a patient excepts most.
const SECURITY_LABELS = Object.freeze({
  U: 'unrestricted',
  L: 'low',
  M: 'moderate',
  N: 'normal',
  R: 'restricted',
  V: 'very restricted',
  PSY: 'psychiatry information sensitivity',
  HIV: 'HIV/AIDS information sensitivity',
  ETH: 'substance abuse information sensitivity',
  SDV: 'sexual assault, abuse, or domestic violence information sensitivity',
  SEX: 'sexuality and reproductive health information sensitivity',
  STD: 'sexually transmitted disease information sensitivity',
});

/**
 * The codes a wallet tries when it shows a record: `{ category, type, label }`, each mapping a
 * code to its display name. A tag that matches none of them is shown as hex.
 */
export const KNOWN_CODES = Object.freeze({ category: LOINC_DOCUMENTS, type: LOINC_DOCUMENTS, label: SECURITY_LABELS });

function bytes(value, what) {
  if (typeof value === 'string') return stringToU8a(value);
  if (isU8a(value)) return value;
  throw new TypeError(`${what}: expected a string or a Uint8Array`);
}

/** `key` as 32 bytes: a Uint8Array or 0x-hex. */
function keyBytes(key) {
  const out = isU8a(key) ? key : isHex(key) ? hexToU8a(key) : undefined;
  if (!out || out.length !== KEY_LEN) throw new TypeError(`a blind key is ${KEY_LEN} bytes (a Uint8Array or 0x-hex)`);
  return out;
}

/** `tag` as 16 bytes: a Uint8Array (a polkadot.js `[u8; 16]` is one) or 0x-hex. */
function tagBytes(tag) {
  const out = isU8a(tag) || isHex(tag) ? u8aToU8a(tag) : undefined;
  if (!out || out.length !== TAG_LEN) throw new TypeError(`a tag is ${TAG_LEN} bytes (a Uint8Array or 0x-hex)`);
  return out;
}

function tag(key, field, value) {
  const name = FIELD_BYTES[field];
  if (!name) throw new TypeError(`unknown field '${field}'; one of ${FIELDS.join(', ')}`);
  return hmacSha256AsU8a(keyBytes(key), u8aConcat(DOMAIN, ZERO, name, ZERO, value)).slice(0, TAG_LEN);
}

/**
 * The blind key derived from a secret key URI (a mnemonic with its derivation path, or a dev
 * URI such as `//Alice`): `HMAC-SHA-256("healthchain/blind-key/v1", suri)`, so that a wallet
 * restores it from the seed alone.
 */
export function blindKeyFromSuri(suri) {
  return hmacSha256AsU8a(KEY_DOMAIN, bytes(suri, 'suri'));
}

/** A blind key from text: 0x and 64 hex digits, or else a secret URI to derive it from. */
export function parseBlindKey(text) {
  if (typeof text !== 'string' || !text) throw new TypeError('a blind key is 0x-hex or a secret URI');
  return /^0x[0-9a-fA-F]{64}$/.test(text) ? hexToU8a(text) : blindKeyFromSuri(text);
}

/** The tag of `code` (text or bytes) in `field` ('category', 'type', 'label', ...). */
export function codeTag(key, field, code) {
  const value = bytes(code, 'code');
  if (value.length === 0) throw new TypeError('a code must not be empty');
  return tag(key, field, value);
}

/** `0x`-hex of a tag (or any bytes), as polkadot.js takes and JSON carries them. */
export function tagHex(tag) {
  return u8aToHex(u8aToU8a(tag));
}

/**
 * The label tags of a record: the tags of `labels` (at most `LABEL_SLOTS`), then fillers
 * `filler(salt ‖ slot)` in the unused slots, so that the number of labels is not shown. `salt`
 * is the record's content hash (bytes or 0x-hex), so fillers differ between records.
 */
export function labelTags(key, labels, salt) {
  if (!Array.isArray(labels)) throw new TypeError('labels: expected an array of codes');
  if (labels.length > LABEL_SLOTS) throw new RangeError(`a record carries at most ${LABEL_SLOTS} security labels, got ${labels.length}`);
  return Array.from({ length: LABEL_SLOTS }, (_, slot) =>
    slot < labels.length ? codeTag(key, 'label', labels[slot]) : fillerTag(key, salt, slot));
}

/** Salt bytes: a Uint8Array, 0x-hex, or text. */
function saltBytes(salt) {
  return isU8a(salt) || isHex(salt) ? u8aToU8a(salt) : bytes(salt, 'salt');
}

function fillerTag(key, salt, slot) {
  return tag(key, 'filler', u8aConcat(saltBytes(salt), new Uint8Array([slot])));
}

/** The day (UTC, since 1970-01-01) of a timestamp in milliseconds; throws past `DAY_LIMIT`. */
export function dayOf(ms) {
  const value = Number(ms);
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`not a timestamp after 1970-01-01: ${ms}`);
  return checkDay(Math.floor(value / DAY_MS));
}

function checkDay(day) {
  if (!Number.isInteger(day) || day < 0 || day >= DAY_LIMIT) {
    throw new RangeError(`day ${day} is outside the date tree (days 0 to ${DAY_LIMIT - 1}, 1970-01-01 to 2149-06-06)`);
  }
  return day;
}

/**
 * A day from what a caller has: a day number (an integer below `DAY_LIMIT`), a timestamp in
 * milliseconds (a number or bigint of at least `DAY_MS`), a `Date`, or `YYYY-MM-DD` (UTC).
 */
export function toDay(value) {
  if (value instanceof Date) return dayOf(value.getTime());
  if (typeof value === 'string') {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
    if (!match || new Date(ms).toISOString().slice(0, 10) !== value) throw new RangeError(`not a date YYYY-MM-DD: '${value}'`);
    return dayOf(ms);
  }
  if (typeof value === 'bigint') value = Number(value);
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new TypeError(`not a day, date or timestamp: ${value}`);
  // Numbers between the two ranges are refused rather than guessed: a day past the tree is
  // an error, not a moment of 1970-01-01.
  return value < DAY_MS ? checkDay(value) : dayOf(value);
}

/** `YYYY-MM-DD` of a day. */
export function dayString(day) {
  return new Date(checkDay(day) * DAY_MS).toISOString().slice(0, 10);
}

function nodeTag(key, level, index) {
  // Level < 16 and index < 2^16: three bytes name the node.
  return tag(key, 'date', new Uint8Array([level, (index >> 8) & 0xff, index & 0xff]));
}

/** The tags of the `DATE_LEVELS` tree nodes above a day (see `toDay`), level 0 (the day) first. */
export function dateTags(key, dayOrDate) {
  const day = toDay(dayOrDate);
  return Array.from({ length: DATE_LEVELS }, (_, level) => nodeTag(key, level, day >> level));
}

/**
 * The tree nodes `[level, index]` that cover the days `from..=until` exactly, fewest first from
 * the left; empty when `from > until` or `until` is not below `DAY_LIMIT`.
 */
export function periodNodes(from, until) {
  const nodes = [];
  if (from > until || until >= DAY_LIMIT) return nodes;
  const end = until + 1;
  let lo = from;
  while (lo < end) {
    let level = 0;
    while (level + 1 < DATE_LEVELS) {
      const size = 2 ** (level + 1);
      if (lo % size !== 0 || lo + size > end) break;
      level += 1;
    }
    nodes.push([level, lo >> level]);
    lo += 2 ** level;
  }
  return nodes;
}

/**
 * The tags of the minimal cover of the days `from..=until` (days or dates, see `toDay`): a
 * grant's `dataPeriod` or a `DataPeriod` exception. Throws when the period is empty.
 */
export function periodTags(key, from, until) {
  const [lo, hi] = [toDay(from), toDay(until)];
  if (lo > hi) throw new RangeError(`empty period: ${dayString(lo)} is after ${dayString(hi)}`);
  return periodNodes(lo, hi).map(([level, index]) => nodeTag(key, level, index));
}

/** Whether a record dated with `dates` lies in the period given by `period` (tags or hex). */
export function periodCovers(period, dates) {
  const inPeriod = new Set(period.map((t) => tagHex(tagBytes(t))));
  return dates.some((t) => inPeriod.has(tagHex(tagBytes(t))));
}

/**
 * The code among `candidates` (an array of codes, or an object keyed by code; by default the
 * `KNOWN_CODES` of `field`) whose tag under `key` is `tag`, or null.
 */
export function matchCode(key, field, tag, candidates = KNOWN_CODES[field] ?? []) {
  const wanted = tagHex(tagBytes(tag));
  const codes = Array.isArray(candidates) ? candidates : Object.keys(candidates);
  return codes.find((code) => tagHex(codeTag(key, field, code)) === wanted) ?? null;
}

/**
 * The day of a record's date tags, or null when they are not a day's tags under `key`. Walks
 * down the tree from the top level, two tags per level.
 */
export function matchDay(key, dates) {
  const given = Array.from(dates, (t) => tagHex(tagBytes(t)));
  if (given.length !== DATE_LEVELS) return null;
  // The top node is 0 or 1; each level below halves the node above.
  let index = 0;
  for (let level = DATE_LEVELS - 1; level >= 0; level--) {
    const found = [2 * index, 2 * index + 1].find((i) => tagHex(nodeTag(key, level, i)) === given[level]);
    if (found === undefined) return null;
    index = found;
  }
  return index;
}

/**
 * The days `{ from, until }` (both included) of a period given by the tags of its cover (a
 * grant's `dataPeriod`, a `DataPeriod` exception), or null when they are not the exact cover of
 * one period under `key`. Finds one node of the cover from the top level down, then walks to its
 * neighbours: a cover is contiguous, so each neighbour ends (or starts) next to what is found.
 */
export function matchPeriod(key, tags) {
  const wanted = new Set(Array.from(tags, (t) => tagHex(tagBytes(t))));
  if (wanted.size === 0 || wanted.size > MAX_PERIOD_TAGS) return null;
  const is = (level, index) => index >= 0 && index < DAY_LIMIT >> level && wanted.has(tagHex(nodeTag(key, level, index)));
  let first = null;
  for (let level = DATE_LEVELS - 1; level >= 0 && !first; level--) {
    for (let index = 0; index < DAY_LIMIT >> level; index++) {
      if (is(level, index)) {
        first = [level, index];
        break;
      }
    }
  }
  if (!first) return null;
  let from = first[1] << first[0];
  let until = ((first[1] + 1) << first[0]) - 1;
  let found = 1;
  // A neighbour of a minimal cover is at most as high as the node next to it.
  const grow = (left) => {
    for (;;) {
      const edge = left ? from : until + 1;
      let next = null;
      for (let level = DATE_LEVELS - 1; level >= 0 && !next; level--) {
        if (edge % 2 ** level !== 0) continue;
        const index = left ? (edge >> level) - 1 : edge >> level;
        if (is(level, index)) next = [level, index];
      }
      if (!next) return;
      found += 1;
      if (left) from = next[1] << next[0];
      else until = ((next[1] + 1) << next[0]) - 1;
    }
  };
  grow(true);
  grow(false);
  return found === wanted.size ? { from, until } : null;
}

/**
 * Whether `tag` is the filler of label slot `slot` of a record whose content hash is `salt`, so
 * that a wallet does not show fillers as unknown labels.
 */
export function isFiller(key, tag, salt, slot) {
  return tagHex(tagBytes(tag)) === tagHex(fillerTag(key, salt, slot));
}

/**
 * The labels of a record's label slots as a person reads them: each tag matched back to a code
 * of `candidates` (hex when none matches), fillers left out. `salt` is what the fillers were
 * salted with: the content hash of the first version of the record's chain (a new version keeps
 * its predecessor's label tags).
 */
export function readLabels(key, tags, salt, candidates = KNOWN_CODES.label) {
  return [...tags].flatMap((t, slot) => (isFiller(key, t, salt, slot) ? [] : [matchCode(key, 'label', t, candidates) ?? tagHex(t)]));
}

/** `{ Sha256: hex }` (or the variant given) and the hash's 32 bytes, from hex, bytes or an enum. */
function contentHash(hash) {
  let variant = 'Sha256';
  let value = hash;
  if (hash && typeof hash === 'object' && !isU8a(hash)) {
    const entries = Object.entries(hash);
    if (entries.length !== 1 || !['Sha256', 'Blake2_256'].includes(entries[0][0])) throw new TypeError('hash: expected 0x-hex, bytes, { Sha256 } or { Blake2_256 }');
    [[variant, value]] = entries;
  }
  const raw = isU8a(value) || isHex(value) ? u8aToU8a(value) : undefined;
  if (!raw || raw.length !== 32) throw new TypeError('hash: 32 bytes expected (the hash of the encrypted blob)');
  return { hash: { [variant]: u8aToHex(raw) }, salt: raw };
}

/**
 * The argument of `records.supersede` for a new version of the record whose stored body is
 * `previous` (`recordsApi.record(id)`'s `body`, as polkadot.js returns it or as JSON): the
 * category, label and date tags are the predecessor's, unchanged (the chain refuses a version
 * that changes them with `FactsChanged`; recomputing the labels would change their fillers, which
 * are salted with the content hash), the type tag, hash and locator are the new version's.
 */
export function versionInput({ key, previous, typeCode, hash, locator }) {
  if (!previous) throw new TypeError('previous: the body of the version being replaced is required');
  if (locator === undefined || locator === null || locator.length === 0) throw new TypeError('locator: must not be empty');
  const body = typeof previous.toJSON === 'function' ? previous.toJSON() : previous;
  const asHex = (tag) => (typeof tag === 'string' ? tag : u8aToHex(Uint8Array.from(tag)));
  return {
    category: asHex(body.category),
    typeCode: tagHex(codeTag(key, 'type', typeCode)),
    labels: body.labels.map(asHex),
    dates: body.dates.map(asHex),
    hash: contentHash(hash).hash,
    locator: isU8a(locator) ? u8aToHex(locator) : locator,
  };
}

/**
 * The `RecordInput` argument of `records.register` and `records.supersede`, in the form
 * polkadot.js takes: `{ category, typeCode, labels, dates, hash, locator }`, every code and the
 * date as tags under the patient's blind `key`. `date` is a day, a `Date`, a timestamp in ms or
 * `YYYY-MM-DD`; `hash` the hash of the encrypted blob (0x-hex or bytes for SHA-256, or
 * `{ Sha256 }` / `{ Blake2_256 }`), whose 32 bytes salt the label fillers unless `salt` is given;
 * `locator` text or bytes. A new version of a record must carry its predecessor's label tags, so
 * it passes the first version's content hash as `salt` (or uses `versionInput`).
 */
export function recordInput({ key, category, typeCode, labels = [], date, hash, locator, salt }) {
  if (date === undefined || date === null) throw new TypeError('date: the clinical date is required');
  if (locator === undefined || locator === null || locator.length === 0) throw new TypeError('locator: must not be empty');
  const content = contentHash(hash);
  return {
    category: tagHex(codeTag(key, 'category', category)),
    typeCode: tagHex(codeTag(key, 'type', typeCode)),
    labels: labelTags(key, labels, salt ?? content.salt).map(tagHex),
    dates: dateTags(key, date).map(tagHex),
    hash: content.hash,
    locator: isU8a(locator) ? u8aToHex(locator) : locator,
  };
}
