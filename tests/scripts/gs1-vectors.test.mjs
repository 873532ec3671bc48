// The GS1 reader (scripts/lib/gs1.mjs) against the vectors it shares with the Rust one
// (pallets/primitives/src/gs1.rs), and its table of AIs against the GS1 Barcode Syntax
// Dictionary it is generated from. No chain needed: `node --test tests/scripts/`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { GS, Gs1Error, aiEntry, checkDigit, hasValidCheckDigit, isValidGtin, isValidSscc, parseElementString } from '../../scripts/lib/gs1.mjs';
import { AI_TABLE, DICTIONARY_RELEASE } from '../../scripts/lib/gs1-ais.mjs';
import { DICTIONARY, JS_OUT, RUST_OUT, aisOf, generate, readDictionary } from '../../scripts/gen-gs1-ais.mjs';

const vectors = JSON.parse(readFileSync(new URL('../vectors/gs1/vectors.json', import.meta.url), 'utf8'));
const dictionary = readFileSync(DICTIONARY, 'utf8');
const KEY_LENGTHS = { gtin: 14, sscc: 18, gln: 13 };

test('the committed tables are what the generator writes from the dictionary', () => {
  const { js, rust } = generate(dictionary);
  assert.equal(readFileSync(JS_OUT, 'utf8'), js, 'scripts/lib/gs1-ais.mjs: run node scripts/gen-gs1-ais.mjs');
  assert.equal(readFileSync(RUST_OUT, 'utf8'), rust, 'pallets/primitives/src/gs1/ais.rs: run node scripts/gen-gs1-ais.mjs');
});

test('the table has every entry of the dictionary, ranges of AIs included', () => {
  // Read the entries' AIs from the file directly, not through the generator's reader.
  const lines = dictionary.split('\n').filter((line) => /^\d/.test(line));
  assert.deepEqual(AI_TABLE.map((e) => (e.first === e.last ? e.first : `${e.first}-${e.last}`)), lines.map((line) => line.split(/\s+/)[0]));
  assert.equal(DICTIONARY_RELEASE, readDictionary(dictionary).release);
  const ais = AI_TABLE.flatMap(aisOf);
  // Release 2026-01-27: 224 entries of 541 AIs.
  assert.equal(AI_TABLE.length, 224);
  assert.equal(ais.length, 541);
  for (const ai of ais) assert.ok(aiEntry(ai), ai);
  for (const ai of ['3100', '3105', '7030', '7039', '91', '99', '8030', '4300']) assert.ok(aiEntry(ai), ai);
  for (const ai of ['23', '3106', '7777', '04']) assert.equal(aiEntry(ai), undefined, ai);
  assert.equal(aiEntry('3103').title, 'NET WEIGHT (kg)');
  assert.deepEqual(aiEntry('01').dlQualifiers, [['22', '10', '21'], ['235']]);
  assert.deepEqual(aiEntry('8003').components.map((c) => [c.charset, c.min, c.max, c.optional, c.linters]), [
    ['N', 1, 1, false, ['zero']],
    ['N', 13, 13, false, ['csum', 'gcppos1']],
    ['X', 1, 16, true, []],
  ]);
});

test('check digits match the vectors', () => {
  assert.ok(vectors.check_digits.length >= 5);
  for (const { body, check } of vectors.check_digits) {
    if (check === null) assert.throws(() => checkDigit(body), Gs1Error, JSON.stringify(body));
    else assert.equal(checkDigit(body), check, body);
  }
  for (const { kind, key, valid } of vectors.keys) {
    assert.equal(hasValidCheckDigit(key, KEY_LENGTHS[kind]), valid, `${kind} ${key}`);
    if (kind === 'gtin') assert.equal(isValidGtin(key), valid, key);
    if (kind === 'sscc') assert.equal(isValidSscc(key), valid, key);
  }
});

test('element strings read as the vectors say', () => {
  assert.ok(vectors.element_strings.length >= 50);
  for (const { name, input, elements, error, ai } of vectors.element_strings) {
    if (elements) {
      assert.deepEqual(parseElementString(input), elements, name);
      continue;
    }
    assert.throws(() => parseElementString(input), (e) => {
      assert.ok(e instanceof Gs1Error, `${name}: a Gs1Error, got ${e}`);
      assert.equal(e.code, error, `${name}: ${e.message}`);
      assert.equal(e.ai, ai, `${name}: ${e.message}`);
      return true;
    }, name);
  }
});

test('the vectors cover every kind of error', () => {
  const codes = new Set(vectors.element_strings.map((v) => v.error).filter(Boolean));
  const all = ['Empty', 'Syntax', 'UnknownAI', 'TooShort', 'TooLong', 'BadCharacter', 'BadCheckDigit', 'BadDate', 'BadTime', 'MissingSeparator', 'DuplicateAI'];
  assert.deepEqual([...codes].sort(), [...all].sort());
});

/** A valid value of `entry`: its mandatory components at their shortest, passing the checks. */
function sampleValue(entry) {
  return entry.components
    .filter((c) => !c.optional)
    .map((c) => {
      const has = (...names) => names.some((n) => c.linters.includes(n));
      if (has('yymmd0', 'yymmdd')) return '260101';
      if (has('yyyymmd0', 'yyyymmdd')) return '20260101';
      if (has('hhmi')) return '1200';
      if (has('hh')) return '12';
      if (has('mi', 'ss')) return '00';
      return (c.charset === 'N' ? '0' : 'A').repeat(c.min);
    })
    .join('');
}

test('every AI of the dictionary is read, alone and all together as a scanner sends them', () => {
  // The same as `every_ai_of_the_dictionary_is_read` of pallets/primitives/src/gs1.rs.
  let scanned = '';
  const expected = [];
  for (const entry of AI_TABLE) {
    for (const ai of aisOf(entry)) {
      const value = sampleValue(entry);
      assert.deepEqual(parseElementString(`(${ai})${value}`), [[ai, value]], ai);
      assert.deepEqual(parseElementString(`${ai}${value}`), [[ai, value]], ai);
      scanned += `${ai}${value}${entry.predefinedLength ? '' : GS}`;
      expected.push([ai, value]);
    }
  }
  assert.deepEqual(parseElementString(`]d2${GS}${scanned}`), expected);
});
