#!/usr/bin/env node
// Writes tests/vectors/blind.json: test vectors of the blind-index construction
// (scripts/lib/blind.mjs, pallets/primitives/src/blind.rs), which the JavaScript unit tests and
// the Rust tests both check. Run once after a deliberate change of the construction:
//
//   node scripts/blind-vectors.mjs            (rewrites the file)
//   node scripts/blind-vectors.mjs --check    (exits non-zero if the file differs)

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { u8aToHex } from '@polkadot/util';
import { blindKeyFromSuri, codeTag, dateTags, dayOf, labelTags, periodNodes, periodTags, tagHex } from './lib/blind.mjs';

const OUT = fileURLToPath(new URL('../tests/vectors/blind.json', import.meta.url));
const KEY = new Uint8Array(32).fill(7);
const hexAll = (tags) => tags.map(tagHex);

const vectors = {
  about: 'Blind-index vectors shared by scripts/lib/blind.mjs and pallets/primitives/src/blind.rs. Written by scripts/blind-vectors.mjs. Keys, tags and salts are 0x-hex; codes and suris are UTF-8 text; days count from 1970-01-01.',
  key_from_suri: ['//Alice', 'bottom drive obey lake curtain smoke basket hold race lonely fit walk//patient/1'].map((suri) => ({
    suri,
    key: u8aToHex(blindKeyFromSuri(suri)),
  })),
  key: u8aToHex(KEY),
  code_tags: [
    ['category', '11506-3'],
    ['category', '11502-2'],
    ['type', '11506-3'],
    ['type', '34117-2'],
    ['label', 'PSY'],
    ['label', 'N'],
    ['category', 'PSY'],
  ].map(([field, code]) => ({ field, code, tag: tagHex(codeTag(KEY, field, code)) })),
  label_tags: [
    { labels: ['PSY'], salt: u8aToHex(new TextEncoder().encode('hash-1')) },
    { labels: [], salt: u8aToHex(new Uint8Array(32).fill(0x11)) },
    { labels: ['N', 'HIV'], salt: u8aToHex(new Uint8Array(32).fill(0x11)) },
    { labels: ['R', 'PSY', 'ETH', 'SDV'], salt: u8aToHex(new Uint8Array(32).fill(0x22)) },
  ].map((v) => ({ ...v, tags: hexAll(labelTags(KEY, v.labels, v.salt)) })),
  day_of: [0, 86_399_999, 86_400_000, 1_700_000_000_000].map((ms) => ({ ms, day: dayOf(ms) })),
  date_tags: [0, 19_675, 65_535].map((day) => ({ day, tags: hexAll(dateTags(KEY, day)) })),
  periods: [[3, 9], [0, 65_535], [19_000, 19_400]].map(([from, until]) => ({
    from,
    until,
    nodes: periodNodes(from, until),
    tags: hexAll(periodTags(KEY, from, until)),
  })),
};

const text = `${JSON.stringify(vectors, null, 2)}\n`;
if (process.argv.includes('--check')) {
  if (readFileSync(OUT, 'utf8') !== text) {
    console.error(`${OUT} differs from what scripts/lib/blind.mjs computes`);
    process.exit(1);
  }
  console.log(`${OUT} is up to date`);
} else {
  writeFileSync(OUT, text);
  console.log(`wrote ${OUT}`);
}
