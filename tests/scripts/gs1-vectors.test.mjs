// The table of GS1 application identifiers (scripts/lib/gs1-ais.mjs and its Rust twin
// pallets/primitives/src/gs1/ais.rs) against the GS1 Barcode Syntax Dictionary it is generated
// from. No chain needed: `node --test tests/scripts/`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { AI_TABLE, DICTIONARY_RELEASE } from '../../scripts/lib/gs1-ais.mjs';
import { DICTIONARY, JS_OUT, RUST_OUT, aisOf, generate, readDictionary } from '../../scripts/gen-gs1-ais.mjs';

const dictionary = readFileSync(DICTIONARY, 'utf8');
const aiEntry = (ai) => AI_TABLE.find((entry) => aisOf(entry).includes(ai));

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
