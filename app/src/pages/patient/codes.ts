// Reading blind tags back with the identity's blind key: a record's category, type, labels and
// date, a grant's categories, labels and periods. A tag that matches no code the app knows is
// "unrecognised code": the chain holds only tags, so nothing else can be said about it.

import { KNOWN_CODES, codeTag, matchCode, matchDay, matchPeriod, readLabels, tagHex } from '@lib/blind.mjs';
import { formatDay } from './dates';

export const UNRECOGNISED = 'unrecognised code';

export interface Named {
  /** The code (e.g. `11506-3`), or null when the tag matched none. */
  code: string | null;
  /** Its display name, or "unrecognised code". */
  name: string;
}

type Field = 'category' | 'type' | 'label';

const table = (field: Field) => (KNOWN_CODES as any)[field] as Record<string, string>;

/** The known codes of `field` with their names, e.g. the categories a grant may name. */
export function knownCodes(field: Field): Array<{ code: string; name: string }> {
  return Object.entries(table(field)).map(([code, name]) => ({ code, name }));
}

/** The name of a known code (`N` → `normal`). */
export const codeName = (field: Field, code: string) => table(field)[code] ?? code;

/** The tag of `code` under `key`, as 0x-hex. */
export const tagOf = (key: Uint8Array, field: Field, code: string): string => tagHex(codeTag(key, field, code));

/** A tag matched back to a known code of `field`. */
export function named(key: Uint8Array, field: Field, tag: string): Named {
  const code = matchCode(key, field, tag) as string | null;
  return code ? { code, name: codeName(field, code) } : { code: null, name: UNRECOGNISED };
}

/** `Progress note (11506-3)`, or `unrecognised code`. */
export const namedText = (n: Named) => (n.code ? `${n.name} (${n.code})` : n.name);

export interface DecodedRecord {
  category: Named;
  type: Named;
  /** The record's labels, fillers left out. */
  labels: Named[];
  /** The clinical date as `YYYY-MM-DD` (UTC day), or null when its tags match no day. */
  date: string | null;
}

/**
 * The codes of a record body (`recordsApi.record(id).body` as JSON) under `key`. `salt` is the
 * content hash digest of the first version of the record's chain, which salted its label fillers.
 */
export function decodeRecord(key: Uint8Array, body: any, salt: string): DecodedRecord {
  const labels = (readLabels(key, body.labels, salt) as string[]).map((l) =>
    /^0x[0-9a-f]{32}$/i.test(l) ? { code: null, name: UNRECOGNISED } : { code: l, name: codeName('label', l) },
  );
  const day = matchDay(key, body.dates) as number | null;
  return {
    category: named(key, 'category', body.category),
    type: named(key, 'type', body.typeCode),
    labels,
    date: day === null ? null : new Date(day * 86_400_000).toISOString().slice(0, 10),
  };
}

/** The digest of a `ContentHash` as JSON (`{ sha256: '0x…' }` or `{ blake2_256: '0x…' }`). */
export const digestOf = (hash: any): string => String(Object.values(hash ?? {})[0] ?? '');

const periods = new Map<string, string>();

/**
 * A period given by the tags of its cover, in words ("1 Jan 2026 to 31 Dec 2026"), or
 * "a period this app cannot read" when they are not one period under `key`. Cached: finding a
 * short period takes up to a second.
 */
export function periodText(key: Uint8Array | undefined, tags: string[]): string {
  if (!key) return 'a period (tags only; the secret is needed to read it)';
  const id = `${tagHex(key)}:${tags.join(',')}`;
  let text = periods.get(id);
  if (text === undefined) {
    const found = matchPeriod(key, tags) as { from: number; until: number } | null;
    text = found
      ? found.from === found.until
        ? `on ${formatDay(found.from)}`
        : `from ${formatDay(found.from)} to ${formatDay(found.until)}`
      : 'in a period this app cannot read';
    periods.set(id, text);
  }
  return text;
}
