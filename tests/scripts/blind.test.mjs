// Blind indexes on the client (scripts/lib/blind.mjs): the shared vectors that the Rust side
// (pallets/primitives/src/blind.rs) checks too, the exactness of period covers, label fillers,
// matching tags back to codes and days, and the shape of `records.register`'s argument.
// No chain needed: `node --test tests/scripts/`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  DATE_LEVELS,
  DAY_LIMIT,
  DAY_MS,
  KNOWN_CODES,
  LABEL_SLOTS,
  MAX_PERIOD_TAGS,
  blindKeyFromSuri,
  codeTag,
  dateTags,
  dayOf,
  dayString,
  isFiller,
  labelTags,
  matchCode,
  matchDay,
  matchPeriod,
  parseBlindKey,
  periodCovers,
  periodNodes,
  periodTags,
  readLabels,
  recordInput,
  versionInput,
  tagHex,
  toDay,
} from '../../scripts/lib/blind.mjs';

const vectors = JSON.parse(readFileSync(new URL('../vectors/blind.json', import.meta.url), 'utf8'));
const KEY = new Uint8Array(32).fill(7);
const hexAll = (tags) => tags.map(tagHex);
// Test files resolve no packages of their own (they live outside scripts/): hex by Buffer.
const u8aToHex = (bytes) => `0x${Buffer.from(bytes).toString('hex')}`;
const hexToU8a = (hex) => new Uint8Array(Buffer.from(hex.slice(2), 'hex'));

test('the vectors use the fixed key of 32 bytes of 0x07', () => {
  assert.equal(vectors.key, u8aToHex(KEY));
});

test('blind keys derived from secret URIs match the vectors', () => {
  assert.ok(vectors.key_from_suri.length >= 2);
  for (const { suri, key } of vectors.key_from_suri) {
    assert.equal(u8aToHex(blindKeyFromSuri(suri)), key, suri);
    assert.equal(u8aToHex(parseBlindKey(suri)), key, suri);
    assert.equal(u8aToHex(parseBlindKey(key)), key, 'hex is taken as the key itself');
  }
});

test('code tags match the vectors', () => {
  for (const { field, code, tag } of vectors.code_tags) {
    assert.equal(tagHex(codeTag(KEY, field, code)), tag, `${field} ${code}`);
    assert.equal(tagHex(codeTag(vectors.key, field, code)), tag, 'a hex key works too');
  }
});

test('label tags, fillers included, match the vectors', () => {
  for (const { labels, salt, tags } of vectors.label_tags) {
    assert.deepEqual(hexAll(labelTags(KEY, labels, salt)), tags, labels.join(','));
    assert.deepEqual(hexAll(labelTags(KEY, labels, hexToU8a(salt))), tags, 'salt as bytes');
  }
});

test('days of timestamps and date tags match the vectors', () => {
  for (const { ms, day } of vectors.day_of) assert.equal(dayOf(ms), day, String(ms));
  for (const { day, tags } of vectors.date_tags) {
    assert.equal(tags.length, DATE_LEVELS);
    assert.deepEqual(hexAll(dateTags(KEY, day)), tags, String(day));
  }
});

test('period covers, nodes and tags, match the vectors', () => {
  for (const { from, until, nodes, tags } of vectors.periods) {
    assert.deepEqual(periodNodes(from, until), nodes, `${from}..${until}`);
    assert.deepEqual(hexAll(periodTags(KEY, from, until)), tags, `${from}..${until}`);
  }
});

test('tags depend on key, field and value', () => {
  const a = tagHex(codeTag(KEY, 'category', '11506-3'));
  assert.equal(tagHex(codeTag(KEY, 'category', new TextEncoder().encode('11506-3'))), a, 'text is UTF-8');
  assert.notEqual(tagHex(codeTag(new Uint8Array(32).fill(8), 'category', '11506-3')), a);
  assert.notEqual(tagHex(codeTag(KEY, 'type', '11506-3')), a);
  assert.notEqual(tagHex(codeTag(KEY, 'category', '11506-4')), a);
  assert.equal(codeTag(KEY, 'category', '11506-3').length, 16);
  assert.throws(() => codeTag(KEY, 'colour', 'x'), /unknown field/);
  assert.throws(() => codeTag(new Uint8Array(31), 'category', 'x'), /32 bytes/);
  assert.throws(() => codeTag(KEY, 'category', ''), /empty/);
});

test('a cover holds exactly the days of its period', () => {
  const periods = [[0, 0], [3, 9], [1, 65_534], [0, DAY_LIMIT - 1], [19_000, 19_400]];
  for (const [from, until] of periods) {
    const cover = periodTags(KEY, from, until);
    assert.ok(cover.length <= MAX_PERIOD_TAGS);
    const probes = [Math.max(from - 1, 0), from, Math.floor((from + until) / 2), until, until + 1];
    for (const day of probes.filter((d) => d < DAY_LIMIT)) {
      assert.equal(periodCovers(cover, dateTags(KEY, day)), from <= day && day <= until, `${from}..${until} day ${day}`);
    }
  }
});

test('every day of a small tree is decided exactly', () => {
  const dates = Array.from({ length: 48 }, (_, day) => hexAll(dateTags(KEY, day)));
  for (let from = 0; from < 40; from++) {
    for (let until = from; until < 40; until++) {
      const cover = hexAll(periodTags(KEY, from, until));
      for (let day = 0; day < 48; day++) {
        assert.equal(periodCovers(cover, dates[day]), from <= day && day <= until, `${from}..${until} day ${day}`);
      }
    }
  }
});

test('empty or out-of-range periods and days are refused', () => {
  assert.deepEqual(periodNodes(5, 4), []);
  assert.deepEqual(periodNodes(0, DAY_LIMIT), []);
  assert.throws(() => periodTags(KEY, 5, 4), /empty period/);
  assert.throws(() => periodTags(KEY, 0, DAY_LIMIT), RangeError, 'a day past the tree is not taken as a timestamp');
  assert.throws(() => periodTags(KEY, 0, DAY_LIMIT * DAY_MS), RangeError);
  assert.throws(() => dayOf(DAY_LIMIT * DAY_MS), RangeError);
  assert.throws(() => dayOf(-1), RangeError);
  assert.equal(dayOf(DAY_LIMIT * DAY_MS - 1), DAY_LIMIT - 1);
  assert.equal(dayOf(1_700_000_000_000), 19_675);
});

test('dates are taken as days, timestamps, Date objects or YYYY-MM-DD', () => {
  const ms = Date.UTC(2026, 0, 1, 15, 30);
  const day = dayOf(ms);
  assert.equal(dayString(day), '2026-01-01');
  for (const value of [day, BigInt(day), ms, BigInt(ms), new Date(ms), '2026-01-01']) {
    assert.equal(toDay(value), day, String(value));
  }
  assert.deepEqual(hexAll(dateTags(KEY, new Date(ms))), hexAll(dateTags(KEY, day)));
  assert.deepEqual(hexAll(periodTags(KEY, '2026-01-01', new Date(ms))), hexAll(periodTags(KEY, day, day)));
  assert.throws(() => toDay('2026-02-30'), /YYYY-MM-DD/);
  assert.throws(() => toDay('2200-01-01'), RangeError);
  assert.throws(() => toDay(1.5), TypeError);
});

test('label slots are filled, fillers differ by salt and slot, and are recognised', () => {
  const one = hexAll(labelTags(KEY, ['PSY'], 'hash-1'));
  const two = hexAll(labelTags(KEY, ['PSY'], 'hash-2'));
  assert.equal(one.length, LABEL_SLOTS);
  assert.equal(one[0], tagHex(codeTag(KEY, 'label', 'PSY')));
  assert.equal(one[0], two[0]);
  assert.notEqual(one[1], two[1]);
  assert.notEqual(one[1], one[2]);
  assert.equal(new Set(hexAll(labelTags(KEY, [], 'h'))).size, LABEL_SLOTS);
  for (let slot = 1; slot < LABEL_SLOTS; slot++) assert.ok(isFiller(KEY, one[slot], 'hash-1', slot));
  assert.ok(!isFiller(KEY, one[0], 'hash-1', 0));
  assert.ok(!isFiller(KEY, one[1], 'hash-2', 1));
  assert.throws(() => labelTags(KEY, ['A', 'B', 'C', 'D', 'E'], 'h'), /at most 4/);
});

test('matchCode finds the code of a tag among candidates, or null', () => {
  const psy = codeTag(KEY, 'label', 'PSY');
  assert.equal(matchCode(KEY, 'label', psy, ['N', 'R', 'PSY']), 'PSY');
  assert.equal(matchCode(KEY, 'label', tagHex(psy), KNOWN_CODES.label), 'PSY', 'hex tag, object of candidates');
  assert.equal(matchCode(KEY, 'label', psy), 'PSY', 'KNOWN_CODES by default');
  assert.equal(matchCode(KEY, 'label', psy, ['N', 'R']), null);
  assert.equal(matchCode(KEY, 'category', psy, ['PSY']), null, 'another field');
  assert.equal(matchCode(new Uint8Array(32).fill(8), 'label', psy), null, 'another key');
  for (const code of ['11506-3', '11502-2', '11488-4', '18842-5']) {
    assert.ok(KNOWN_CODES.category[code] && KNOWN_CODES.type[code], code);
    assert.equal(matchCode(KEY, 'category', codeTag(KEY, 'category', code)), code);
  }
  for (const label of ['U', 'L', 'M', 'N', 'R', 'V', 'PSY', 'HIV', 'ETH', 'SDV', 'SEX', 'STD']) assert.ok(KNOWN_CODES.label[label], label);
});

test('matchDay walks the tree back to the day, or gives null', () => {
  for (const day of [0, 1, 19_675, 20_454, DAY_LIMIT - 1]) assert.equal(matchDay(KEY, dateTags(KEY, day)), day);
  assert.equal(matchDay(new Uint8Array(32).fill(8), dateTags(KEY, 19_675)), null);
  const mixed = [...dateTags(KEY, 19_675)];
  mixed[0] = dateTags(KEY, 19_676)[0];
  assert.equal(matchDay(KEY, mixed), null);
});

test('matchPeriod reads a period back from the tags of its cover, or gives null', () => {
  // A single day is the slowest to find (every node above it is tried first).
  const periods = [[19_675, 19_675], [20_454, 20_820], [1, DAY_LIMIT - 1], [0, DAY_LIMIT - 1]];
  for (const [from, until] of periods) assert.deepEqual(matchPeriod(KEY, periodTags(KEY, from, until)), { from, until }, `${from}..${until}`);
  assert.deepEqual(matchPeriod(KEY, periodTags(KEY, '2026-01-01', '2026-12-31').reverse()), { from: toDay('2026-01-01'), until: toDay('2026-12-31') });
  assert.equal(matchPeriod(new Uint8Array(32).fill(8), periodTags(KEY, 20_454, 20_820)), null, 'another key');
  const gap = [...periodTags(KEY, 100, 200), ...periodTags(KEY, 300, 400)];
  assert.equal(matchPeriod(KEY, gap), null, 'two periods apart are not one cover');
  assert.equal(matchPeriod(KEY, []), null);
});

test('recordInput builds the register argument polkadot.js takes', () => {
  const hash = `0x${'ab'.repeat(32)}`;
  const input = recordInput({ key: KEY, category: '11506-3', typeCode: '34117-2', labels: ['N', 'PSY'], date: '2026-01-01', hash, locator: 'ehr://hospital/docs/1' });
  assert.deepEqual(Object.keys(input), ['category', 'typeCode', 'labels', 'dates', 'hash', 'locator']);
  const isTag = (t) => /^0x[0-9a-f]{32}$/.test(t);
  assert.equal(input.category, tagHex(codeTag(KEY, 'category', '11506-3')));
  assert.equal(input.typeCode, tagHex(codeTag(KEY, 'type', '34117-2')));
  assert.equal(input.labels.length, LABEL_SLOTS);
  assert.ok(input.labels.every(isTag));
  assert.deepEqual(input.labels, hexAll(labelTags(KEY, ['N', 'PSY'], hexToU8a(hash))), 'fillers salted with the hash bytes');
  assert.equal(input.dates.length, DATE_LEVELS);
  assert.ok(input.dates.every(isTag));
  assert.deepEqual(input.dates, hexAll(dateTags(KEY, '2026-01-01')));
  assert.deepEqual(input.hash, { Sha256: hash });
  assert.equal(input.locator, 'ehr://hospital/docs/1');
  assert.equal(JSON.stringify(input).includes('11506'), false, 'no code in the clear');

  const blake = recordInput({ key: KEY, category: 'c', typeCode: 't', date: 0, hash: { Blake2_256: hexToU8a(hash) }, locator: new Uint8Array([1, 2]) });
  assert.deepEqual(blake.hash, { Blake2_256: hash });
  assert.equal(blake.locator, '0x0102');
  assert.deepEqual(blake.labels, hexAll(labelTags(KEY, [], hexToU8a(hash))));
  assert.throws(() => recordInput({ key: KEY, category: 'c', typeCode: 't', date: 0, hash: '0x12', locator: 'x' }), /32 bytes/);
  assert.throws(() => recordInput({ key: KEY, category: 'c', typeCode: 't', date: 0, hash, locator: '' }), /locator/);
  assert.throws(() => recordInput({ key: KEY, category: 'c', typeCode: 't', hash, locator: 'x' }), /date/);
});

test('versionInput keeps the predecessor\'s category, label and date tags and takes the new type, hash and locator', () => {
  const first = recordInput({ key: KEY, category: '11506-3', typeCode: '11506-3', labels: ['PSY'], date: '2026-01-01', hash: `0x${'01'.repeat(32)}`, locator: 'v1' });
  const previous = { ...first, erasureRequested: false };
  const hash = `0x${'02'.repeat(32)}`;
  const next = versionInput({ key: KEY, previous, typeCode: '34117-2', hash, locator: 'v2' });
  assert.equal(next.category, first.category);
  assert.deepEqual(next.labels, first.labels, 'fillers too: recomputing them would change the facts');
  assert.deepEqual(next.dates, first.dates);
  assert.equal(next.typeCode, tagHex(codeTag(KEY, 'type', '34117-2')));
  assert.deepEqual(next.hash, { Sha256: hash });
  assert.equal(next.locator, 'v2');
  // A body as polkadot.js returns it: tags as byte arrays behind toJSON.
  const asBytes = { toJSON: () => ({ ...previous, labels: previous.labels.map((t) => Array.from(hexToU8a(t))) }) };
  assert.deepEqual(versionInput({ key: KEY, previous: asBytes, typeCode: 't', hash, locator: 'v2' }).labels, first.labels);
  assert.throws(() => versionInput({ key: KEY, previous: undefined, typeCode: 't', hash, locator: 'v2' }), /previous/);
});

test('a new version built with the first version\'s hash as salt carries the same labels, and its labels read back without fillers', () => {
  const firstHash = `0x${'01'.repeat(32)}`;
  const first = recordInput({ key: KEY, category: 'c', typeCode: 't', labels: ['PSY'], date: '2026-01-01', hash: firstHash, locator: 'v1' });
  const second = recordInput({ key: KEY, category: 'c', typeCode: 't2', labels: ['PSY'], date: '2026-01-01', hash: `0x${'02'.repeat(32)}`, locator: 'v2', salt: hexToU8a(firstHash) });
  assert.deepEqual(second.labels, first.labels, 'salted with the first hash, the label tags do not change');
  const unsalted = recordInput({ key: KEY, category: 'c', typeCode: 't2', labels: ['PSY'], date: '2026-01-01', hash: `0x${'02'.repeat(32)}`, locator: 'v2' });
  assert.notDeepEqual(unsalted.labels, first.labels, 'salted with its own hash, the fillers would differ');
  assert.deepEqual(readLabels(KEY, second.labels, hexToU8a(firstHash)), ['PSY']);
  assert.deepEqual(readLabels(KEY, second.labels, firstHash), ['PSY'], 'salt as hex');
  const wrongSalt = readLabels(KEY, second.labels, `0x${'02'.repeat(32)}`);
  assert.equal(wrongSalt.length, LABEL_SLOTS, 'with the wrong salt the fillers show as unknown tags');
  assert.deepEqual(readLabels(KEY, recordInput({ key: KEY, category: 'c', typeCode: 't', labels: ['X-UNKNOWN'], date: 0, hash: firstHash, locator: 'x' }).labels, firstHash),
    [tagHex(codeTag(KEY, 'label', 'X-UNKNOWN'))], 'an unknown label stays hex');
});
