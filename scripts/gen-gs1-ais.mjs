#!/usr/bin/env node
// Writes the table of GS1 application identifiers (AIs) twice, from the GS1 Barcode Syntax
// Dictionary vendored in tests/vectors/gs1/: as scripts/lib/gs1-ais.mjs for the JavaScript
// reader (scripts/lib/gs1.mjs) and as pallets/primitives/src/gs1/ais.rs for the Rust one
// (pallets/primitives/src/gs1.rs). Run it after replacing the dictionary with a newer release:
//
//   node scripts/gen-gs1-ais.mjs            (rewrites both files)
//   node scripts/gen-gs1-ais.mjs --check    (exits non-zero if either differs)
//
// tests/scripts/gs1-vectors.test.mjs runs the same check.

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const path = (relative) => fileURLToPath(new URL(relative, import.meta.url));

export const DICTIONARY = path('../tests/vectors/gs1/gs1-syntax-dictionary.txt');
export const JS_OUT = path('./lib/gs1-ais.mjs');
export const RUST_OUT = path('../pallets/primitives/src/gs1/ais.rs');

// Predefined-length AIs (GS1 General Specifications, figure 5.10.1-2): those starting with these
// two digits have a set length and need no separator after them. The dictionary's `*` flag must
// say the same.
const PREDEFINED_PREFIXES = ['00', '01', '02', '03', '04', '11', '12', '13', '14', '15', '16', '17', '18', '19', '20', '31', '32', '33', '34', '35', '36', '41'];

const FLAG_CHARS = /^[*!?"$%&'()+,\-./:;<=>@[\\\]^_`{|}~]+$/;
// `N13,csum`, `X..20`, `[X..17]`, `[N3],iso3166`: optional in brackets, then the linters.
const COMPONENT = /^(\[)?([NXYZ])(\.\.)?(\d+)(\])?((?:,[a-z0-9]+)*)$/;

/** The entries of the dictionary `text`, in its order, and its release. */
export function readDictionary(text) {
  const release = /^# Release: (\S+)$/m.exec(text)?.[1];
  if (!release) throw new Error('the dictionary names no release');
  const entries = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const fail = (why) => {
      throw new Error(`dictionary line ${index + 1}: ${why}: ${line}`);
    };
    const hash = line.indexOf('#');
    const title = hash < 0 ? '' : line.slice(hash + 1).trim();
    const tokens = (hash < 0 ? line : line.slice(0, hash)).trim().split(/\s+/);
    const range = /^(\d{2,4})(?:-(\d{2,4}))?$/.exec(tokens[0]);
    if (!range) fail('expected an AI or a range of AIs');
    const [first, last = range[1]] = [range[1], range[2]];
    if (first.length !== last.length || last < first) fail('bad AI range');
    let i = 1;
    const flags = FLAG_CHARS.test(tokens[i] ?? '') ? tokens[i++] : '';
    const components = [];
    for (let m; i < tokens.length && (m = COMPONENT.exec(tokens[i])); i++) {
      const [, open, charset, dots, digits, close, linters] = m;
      if (Boolean(open) !== Boolean(close)) fail(`unbalanced brackets in ${tokens[i]}`);
      const max = Number(digits);
      components.push({ charset, min: dots ? 1 : max, max, optional: Boolean(open), linters: linters.split(',').filter(Boolean) });
    }
    if (components.length === 0) fail('no specification');
    components.forEach((c, k) => {
      if (c.min !== c.max && k !== components.length - 1) fail('a variable-length component that is not the last');
      if (!c.optional && k > 0 && components[k - 1].optional) fail('a mandatory component after an optional one');
    });
    let dlPrimaryKey = false;
    let dlQualifiers = [];
    for (const attribute of tokens.slice(i)) {
      if (!/^[a-z]+(=\S+)?$/.test(attribute)) fail(`unreadable attribute ${attribute}`);
      const [key, value] = attribute.split('=');
      if (key !== 'dlpkey') continue;
      dlPrimaryKey = true;
      dlQualifiers = value ? value.split('|').map((alternative) => alternative.split(',')) : [];
    }
    entries.push({
      first,
      last,
      title,
      predefinedLength: flags.includes('*'),
      dlDataAttribute: flags.includes('?'),
      dlPrimaryKey,
      dlQualifiers,
      components,
    });
  });
  checkEntries(entries);
  return { release, entries };
}

/** Every AI of `entry`, in order. */
export function aisOf({ first, last }) {
  const out = [];
  for (let n = Number(first); n <= Number(last); n++) out.push(String(n).padStart(first.length, '0'));
  return out;
}

// What the readers rely on: entries in order and disjoint, no AI the start of another (so an AI
// is told from the digits that follow it), predefined lengths as the General Specifications
// list them, each of a set length.
function checkEntries(entries) {
  const all = entries.flatMap(aisOf);
  const sorted = [...all].sort();
  if (all.join() !== sorted.join()) throw new Error('the dictionary is not in AI order');
  all.forEach((ai, k) => {
    if (all.indexOf(ai) !== k) throw new Error(`AI ${ai} is defined twice`);
    const prefix = all.find((other) => other !== ai && ai.startsWith(other));
    if (prefix) throw new Error(`AI ${prefix} is the start of AI ${ai}`);
  });
  for (const entry of entries) {
    const predefined = PREDEFINED_PREFIXES.includes(entry.first.slice(0, 2));
    if (predefined !== entry.predefinedLength) throw new Error(`AI ${entry.first}: the * flag disagrees with the predefined-length AIs`);
    if (entry.predefinedLength && entry.components.some((c) => c.optional || c.min !== c.max)) {
      throw new Error(`AI ${entry.first}: a predefined-length AI of variable length`);
    }
  }
}

const HEADER = (release) => [
  'The GS1 application identifiers, from the GS1 Barcode Syntax Dictionary.',
  '',
  `Generated by scripts/gen-gs1-ais.mjs from tests/vectors/gs1/gs1-syntax-dictionary.txt, release`,
  `${release} (Apache License 2.0; copyright BWIPP project, Zint project, GS1 AISBL). Do not`,
  'edit: replace the dictionary and run `node scripts/gen-gs1-ais.mjs`.',
];

const jsString = (s) => `'${s.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
const rustString = (s) => `"${s.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
const list = (items, quote) => `[${items.map(quote).join(', ')}]`;

/** The JavaScript module of the table. */
export function renderJs({ release, entries }) {
  const component = (c) => `{ charset: '${c.charset}', min: ${c.min}, max: ${c.max}, optional: ${c.optional}, linters: ${list(c.linters, jsString)} }`;
  const entry = (e) => `  { first: '${e.first}', last: '${e.last}', predefinedLength: ${e.predefinedLength}, dlDataAttribute: ${e.dlDataAttribute}, dlPrimaryKey: ${e.dlPrimaryKey}, dlQualifiers: ${list(e.dlQualifiers, (alt) => list(alt, jsString))}, components: [${e.components.map(component).join(', ')}], title: ${jsString(e.title)} },`;
  return [
    ...HEADER(release).map((l) => `// ${l}`.trimEnd()),
    '//',
    '// Each entry is one AI, or a range of AIs of equal length that share a definition (`first` to',
    '// `last`). `predefinedLength`: no GS (FNC1) needed after the value (flag `*`).',
    '// `dlDataAttribute`: may be a query parameter of a GS1 Digital Link (flag `?`). `dlPrimaryKey`:',
    '// a Digital Link primary key, `dlQualifiers` the alternative sequences of its key qualifiers',
    '// (`dlpkey=22,10,21|235`). `components`: the parts of the value in order, each of `min` to `max`',
    "// characters of `charset` (N digits, X GS1 set 82, Y set 39, Z base64url), `optional` when the",
    '// value may end before it, with the names of the dictionary\'s checks of it (`linters`).',
    '',
    `/** The release of the GS1 Barcode Syntax Dictionary the table was generated from. */`,
    `export const DICTIONARY_RELEASE = ${jsString(release)};`,
    '',
    '/** Every entry of the dictionary, in AI order. */',
    'export const AI_TABLE = [',
    ...entries.map(entry),
    '];',
    '',
  ].join('\n');
}

/** The Rust module of the table. */
export function renderRust({ release, entries }) {
  const component = (c) => `Component { charset: ${c.charset}, min: ${c.min}, max: ${c.max}, optional: ${c.optional}, linters: &${list(c.linters, rustString)} }`;
  const entry = (e) => `\tAiEntry { first: ${rustString(e.first)}, last: ${rustString(e.last)}, predefined_length: ${e.predefinedLength}, dl_data_attribute: ${e.dlDataAttribute}, dl_primary_key: ${e.dlPrimaryKey}, dl_qualifiers: &[${e.dlQualifiers.map((alt) => `&${list(alt, rustString)}`).join(', ')}], components: &[${e.components.map(component).join(', ')}], title: ${rustString(e.title)} },`;
  const charsets = [...new Set(entries.flatMap((e) => e.components.map((c) => c.charset)))].sort();
  return [
    ...HEADER(release).map((l) => `//! ${l}`.trimEnd()),
    '',
    `use super::Charset::{${charsets.join(', ')}};`,
    'use super::{AiEntry, Component};',
    '',
    '/// The release of the GS1 Barcode Syntax Dictionary the table was generated from.',
    `pub const DICTIONARY_RELEASE: &str = ${rustString(release)};`,
    '',
    '/// Every entry of the dictionary, in AI order: one AI, or a range of AIs of equal length that',
    '/// share a definition.',
    '#[rustfmt::skip]',
    'pub const AI_TABLE: &[AiEntry] = &[',
    ...entries.map(entry),
    '];',
    '',
  ].join('\n');
}

/** Both generated files from the dictionary file: `{ js, rust }`. */
export function generate(dictionaryText = readFileSync(DICTIONARY, 'utf8')) {
  const table = readDictionary(dictionaryText);
  return { js: renderJs(table), rust: renderRust(table) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { js, rust } = generate();
  const outputs = [[JS_OUT, js], [RUST_OUT, rust]];
  if (process.argv.includes('--check')) {
    const stale = outputs.filter(([file, text]) => {
      try {
        return readFileSync(file, 'utf8') !== text;
      } catch {
        return true;
      }
    });
    for (const [file] of stale) console.error(`${file} differs from what the dictionary gives: run node scripts/gen-gs1-ais.mjs`);
    process.exit(stale.length ? 1 : 0);
  }
  for (const [file, text] of outputs) writeFileSync(file, text);
}
