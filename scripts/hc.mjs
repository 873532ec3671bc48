#!/usr/bin/env node
// hc: the Healthchain command-line tool. Talks to a node over WebSocket with polkadot.js.
//
//   hc calls [pallet]                          list calls with their arguments and docs
//   hc tx <pallet>.<call> [arg ...]            sign and submit a call, print its events
//   hc sudo <pallet>.<call> [arg ...]          the same, wrapped in sudo.sudo
//   hc batch '<pallet>.<call> [json args]' ... several calls in one utility.batchAll
//   hc query <pallet>.<storage> [key ...]      read storage (a whole map when no key is given)
//   hc api <api>.<method> [arg ...]            call a runtime API (e.g. consentApi.checkAccess)
//   hc watch [--blocks N] [pallet ...]         print events as blocks arrive
//   hc info                                    chain, version, best and finalized blocks
//   hc gs1 <string>                            read a pack's GS1 element string, `(01)..(17)..(10)..(21)..`
//                                              or as scanned (FNC1 as GS), or its Digital Link
//                                              URI: prints {gtin, lot, serial, expiry} as JSON
//                                              (no node needed)
//   hc verify-pack <string>                    read it the same way and ask the chain
//                                              (supplyChainApi.verify): prints the identifier,
//                                              verified, failureReason (No_match_GTIN_Serial...),
//                                              additionalInfo, sellable, holder, owner as JSON
//
// Private records: codes and dates reach the chain only as tags under the patient's blind key
// (scripts/lib/blind.mjs). K below is that key as 0x-hex, or the patient's secret URI (a dev URI
// or a mnemonic) to derive it from. No node is needed except for `records`.
//
//   hc blind-key <suri>                        the blind key derived from a secret URI, as hex
//   hc tag <category|type|label> <code> --key K
//                                              the tag of one code, as hex
//   hc record-input --key K --category C --type T [--labels PSY,N] --date YYYY-MM-DD
//                   --hash 0x.. --locator TEXT the RecordInput argument of records.register,
//                                              as one line of JSON:
//                                              hc tx records.register <patient> "$(hc record-input ...)" Treatment
//   hc version-input <record id> --key K --type T --hash 0x.. --locator TEXT
//                                              the RecordInput argument of records.supersede
//                                              for a new version of <record id>: its category,
//                                              labels and date tags are read from the chain and
//                                              kept (a version may not change them)
//   hc period --key K --from YYYY-MM-DD --until YYYY-MM-DD
//                                              the tags of a data period (a grant's dataPeriod,
//                                              a DataPeriod exception), as a JSON array
//   hc subject <suri> <org> [--index N]        the patient's pseudonymous subject at organization
//                                              <org> (scripts/lib/subjects.mjs): its secret URI
//                                              (use it as --signer), address, blind key and
//                                              encryption key, as JSON
//   hc encryption-key <suri>                   the account's X25519 public key, as hex, for
//                                              keyDirectory.publishKey (scripts/lib/hpke.mjs)
//   hc subjects <suri> [--indexes N]           the subjects of a patient that the chain knows
//                                              (records, grants or a published key), restored
//                                              from the secret alone
//   hc records <patient suri or address> [--key K] [--category C]
//                                              a patient's records (recordsApi.recordsOf), the
//                                              tags matched back to known codes and the date
//                                              (unknown tags as hex); --key defaults to the key
//                                              of the patient's suri
//
// A custodian's gatekeeper (docs/gatekeeper.md) serves the encrypted blobs of the records it
// holds, to whom the chain permits, over HTTP. Its URL is --gatekeeper (or HC_GATEKEEPER,
// default http://127.0.0.1:8650); requests are signed by --signer. No node is needed.
//
//   hc upload <file>                           upload an encrypted blob, as the custodian's
//                                              admin, a clinician or staff: prints the answer,
//                                              {locator, hash, contentHash, size}, as JSON
//                                              (the locator and contentHash of records.register)
//   hc fetch <record> --purpose P [--out FILE] fetch a record's blob for purpose P (Treatment,
//                                              Research, ...) once the gatekeeper logged the
//                                              read on chain: writes it to FILE and prints its
//                                              hash, the basis of the read, the block of the
//                                              audit entry and the wrapped key; without --out
//                                              the blob goes to stdout and the rest to stderr
//
// The indexer (docs/indexer.md) serves the chain's history as EPCIS 2.0 documents, and patient
// trails as FHIR resources to requests signed by --signer. Its URL is --indexer (or HC_INDEXER,
// default http://127.0.0.1:8900). No node is needed.
//
//   hc export epcis [--from N] [--to M] [--out FILE]
//                                              the supply chain's EPCIS events of blocks N..=M
//                                              as one EPCISDocument (JSON-LD), to FILE or stdout
//   hc export fhir [--version R4|R5] [--from N] [--to M] [--patient ADDRESS] [--out DIR]
//                                              the Consent, AuditEvent and Provenance resources
//                                              (default R4) of blocks N..=M as FHIR Bulk Data
//                                              NDJSON: DIR/Consent.ndjson, DIR/AuditEvent.ndjson,
//                                              DIR/Provenance.ndjson (DIR created if missing),
//                                              or one stream to stdout; counts on stderr. The
//                                              signer must be the patient, a guardian of the
//                                              patient, or an auditor (who may leave out
//                                              --patient for every patient's trail)
//
// Options: --url ws://127.0.0.1:9944 (or HC_ENDPOINT), --signer //Alice or a mnemonic (or
// HC_SURI), --finalized (wait for finality rather than inclusion), --json (machine output).
// Arguments are JSON when they parse as JSON, text otherwise; a text argument that is a dev
// key URI (`//Bob`, `//Alice//patient`) stands for that key's address.

import { connect, cryptoWaitReady, signer, submit, throwIfSudoFailed } from './lib/chain.mjs';
import { Keyring } from '@polkadot/keyring';
import { stringToU8a, u8aToHex } from '@polkadot/util';
import { decodeAddress } from '@polkadot/util-crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_GATEKEEPER, fetchRecord, upload } from './lib/gatekeeper.mjs';
import { DEFAULT_INDEXER, FHIR_TYPES, FHIR_VERSIONS, exportEpcis, exportFhir } from './lib/indexer.mjs';
import { parseGs1 } from './lib/gs1.mjs';
import { x25519FromSuri } from './lib/hpke.mjs';
import { restoreSubjects, subjectOf } from './lib/subjects.mjs';
import { KNOWN_CODES, blindKeyFromSuri, codeTag, dayString, matchCode, matchDay, parseBlindKey, periodTags, readLabels, recordInput, tagHex, versionInput } from './lib/blind.mjs';

const USAGE = `usage: hc <calls|tx|sudo|batch|query|api|watch|info|gs1|verify-pack|blind-key|tag|record-input|version-input|period|subject|encryption-key|subjects|records|upload|fetch|export> ... [--url URL] [--gatekeeper URL] [--indexer URL] [--signer SURI] [--finalized] [--json]`;

// Options of the private-record and gatekeeper commands, each taking a value.
const VALUE_OPTIONS = { '--key': 'key', '--category': 'category', '--type': 'type', '--labels': 'labels', '--date': 'date', '--hash': 'hash', '--locator': 'locator', '--from': 'from', '--until': 'until', '--index': 'index', '--indexes': 'indexes', '--gatekeeper': 'gatekeeper', '--purpose': 'purpose', '--out': 'out', '--to': 'to', '--indexer': 'indexer', '--version': 'version', '--patient': 'patient' };

function parseArgs(argv) {
  const opts = { url: undefined, signer: undefined, finalized: false, json: false, blocks: 10 };
  const rest = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--url') opts.url = argv[++i];
    else if (a === '--signer') opts.signer = argv[++i];
    else if (a === '--finalized') opts.finalized = true;
    else if (a === '--json') opts.json = true;
    else if (a === '--blocks') opts.blocks = Number(argv[++i]);
    else if (VALUE_OPTIONS[a]) opts[VALUE_OPTIONS[a]] = argv[++i];
    else rest.push(a);
  }
  return { opts, rest };
}

/** The values of `names` in `opts`; throws naming the first missing one with the usage. */
function required(opts, names, usage) {
  const missing = names.find((n) => opts[n] === undefined || opts[n] === '');
  if (missing) throw new Error(`--${missing} is required; usage: ${usage}`);
  return names.map((n) => opts[n]);
}

const devKeyring = new Keyring({ type: 'sr25519', ss58Format: 42 });

/** Turns a command-line argument into a value polkadot.js accepts. */
export function parseValue(text) {
  // Balances exceed JavaScript's safe integers: keep whole numbers exact.
  if (/^\d+$/.test(text)) return BigInt(text);
  let value;
  try {
    value = parseJson(text);
  } catch {
    value = text;
  }
  return resolveDevKeys(value);
}

const BIG = '\u0000bigint:';

/**
 * `JSON.parse`, except that integers beyond 2^53 (`u64::MAX` as an open period end, large
 * balances) inside the JSON become BigInt instead of losing their value as doubles.
 */
function parseJson(text) {
  const marked = text.replace(/"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g, (token) =>
    /^-?\d+$/.test(token) && !Number.isSafeInteger(Number(token)) ? `"\\u0000bigint:${token}"` : token);
  return JSON.parse(marked, (_, v) => (typeof v === 'string' && v.startsWith(BIG) ? BigInt(v.slice(BIG.length)) : v));
}

// Dev key URIs: a well-known dev name, then any hard derivations (`//Alice//patient`).
const DEV_URI = /^\/\/(Alice|Bob|Charlie|Dave|Eve|Ferdie|One|Two)(\/\/[\w-]+)*$/;

function resolveDevKeys(value) {
  if (typeof value === 'string' && DEV_URI.test(value)) return devKeyring.addFromUri(value).address;
  if (Array.isArray(value)) return value.map(resolveDevKeys);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveDevKeys(v)]));
  return value;
}

function splitPath(path, what) {
  const [section, item] = (path || '').split('.');
  if (!section || !item) throw new Error(`expected <${what}> as section.item, got '${path}'`);
  return [section, item];
}

function lookupCall(api, path) {
  const [section, method] = splitPath(path, 'pallet.call');
  const fn = api.tx[section]?.[method];
  if (!fn) throw new Error(`no call ${section}.${method}; 'hc calls ${section}' lists them`);
  return fn;
}

function print(opts, value) {
  console.log(opts.json ? JSON.stringify(value, null, 2) : value);
}

function printResult(opts, result) {
  if (opts.json) {
    const { events, ...rest } = result;
    console.log(JSON.stringify({ ...rest, events: events.map(({ raw, ...e }) => e) }, null, 2));
    return;
  }
  console.log(`included in block #${result.blockNumber} ${result.blockHash}`);
  for (const e of result.events) console.log(`  ${e.section}.${e.method} ${JSON.stringify(e.data)}`);
}

/** The tag fields by their command-line names. */
const TAG_FIELDS = ['category', 'type', 'label'];

/** Runs a private-record command that needs no node; false when `command` is not one. */
async function blindCommand(command, args, opts) {
  switch (command) {
    case 'subject': {
      if (args.length !== 2) throw new Error('usage: hc subject <suri> <org> [--index N]');
      await cryptoWaitReady();
      const subject = subjectOf(args[0], args[1], opts.index ?? 0);
      const { publicKey } = await x25519FromSuri(subject.suri);
      console.log(JSON.stringify({ org: subject.org, index: subject.index, suri: subject.suri, address: subject.address, blindKey: u8aToHex(subject.blindKey), encryptionKey: u8aToHex(publicKey) }, null, 2));
      return true;
    }
    case 'encryption-key': {
      if (args.length !== 1) throw new Error('usage: hc encryption-key <suri>');
      console.log(u8aToHex((await x25519FromSuri(args[0])).publicKey));
      return true;
    }
    case 'blind-key': {
      if (args.length !== 1) throw new Error('usage: hc blind-key <suri>');
      console.log(u8aToHex(blindKeyFromSuri(args[0])));
      return true;
    }
    case 'tag': {
      const usage = 'hc tag <category|type|label> <code> --key K';
      if (args.length !== 2 || !TAG_FIELDS.includes(args[0])) throw new Error(`usage: ${usage}`);
      const [key] = required(opts, ['key'], usage);
      console.log(tagHex(codeTag(parseBlindKey(key), args[0], args[1])));
      return true;
    }
    case 'record-input': {
      const usage = 'hc record-input --key K --category C --type T [--labels PSY,N] --date YYYY-MM-DD --hash 0x.. --locator TEXT';
      const [key, category, typeCode, date, hash, locator] = required(opts, ['key', 'category', 'type', 'date', 'hash', 'locator'], usage);
      const labels = opts.labels ? opts.labels.split(',').map((l) => l.trim()).filter(Boolean) : [];
      console.log(JSON.stringify(recordInput({ key: parseBlindKey(key), category, typeCode, labels, date, hash, locator })));
      return true;
    }
    case 'period': {
      const [key, from, until] = required(opts, ['key', 'from', 'until'], 'hc period --key K --from YYYY-MM-DD --until YYYY-MM-DD');
      console.log(JSON.stringify(periodTags(parseBlindKey(key), from, until).map(tagHex)));
      return true;
    }
    default:
      return false;
  }
}

/** Runs a gatekeeper command (no node needed); false when `command` is not one. */
async function gatekeeperCommand(command, args, opts) {
  const gatekeeper = opts.gatekeeper || process.env.HC_GATEKEEPER || DEFAULT_GATEKEEPER;
  switch (command) {
    case 'upload': {
      if (args.length !== 1) throw new Error('usage: hc upload <file> [--gatekeeper URL] [--signer SURI]');
      const bytes = readFileSync(args[0]);
      await cryptoWaitReady();
      console.log(JSON.stringify(await upload(gatekeeper, signer(opts.signer), bytes), null, 2));
      return true;
    }
    case 'fetch': {
      const usage = 'hc fetch <record> --purpose P [--out FILE] [--gatekeeper URL] [--signer SURI]';
      if (args.length !== 1 || !/^\d+$/.test(args[0])) throw new Error(`usage: ${usage}`);
      const [purpose] = required(opts, ['purpose'], usage);
      await cryptoWaitReady();
      const got = await fetchRecord(gatekeeper, signer(opts.signer), args[0], purpose);
      const info = { record: Number(args[0]), size: got.bytes.length, hash: got.hash, basis: got.basis, loggedIn: got.loggedIn, wrappedKey: got.wrappedKey };
      if (opts.out) writeFileSync(opts.out, got.bytes);
      else await new Promise((res, rej) => process.stdout.write(got.bytes, (e) => (e ? rej(e) : res())));
      // The blob may be on stdout: then what describes it goes to stderr.
      const say = opts.out ? console.log : console.error;
      if (opts.json) say(JSON.stringify({ ...info, out: opts.out ?? null }, null, 2));
      else {
        say(`record ${info.record}: ${info.size} bytes${opts.out ? ` written to ${opts.out}` : ''}`);
        say(`  hash         ${info.hash}`);
        say(`  basis        ${info.basis}`);
        say(`  logged in    block ${info.loggedIn}`);
        say(`  wrapped key  ${info.wrappedKey ?? '-'}`);
      }
      return true;
    }
    default:
      return false;
  }
}

/** Whether `text` is an SS58 address (else it is taken as a secret URI). */
function isAddress(text) {
  try {
    decodeAddress(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * A record of `recordsApi.recordsOf` as a person reads it: the tags matched back to the codes
 * of `KNOWN_CODES` under `key`, label fillers left out, the date as `YYYY-MM-DD`; a tag that
 * matches nothing stays hex. `salt` is the 32 bytes of the content hash of the first version of
 * the record's chain, which salted the label fillers.
 */
function readRecord(key, info, salt) {
  const r = info.toJSON();
  const out = {
    id: r.id,
    chain: r.chain,
    version: r.version,
    status: info.status.type,
    registeredAt: r.registeredAt,
    replaces: r.replaces,
    replacedBy: r.replacedBy,
    erased: r.erased,
    keys: r.keys,
    hash: info.hash_.toJSON(),
  };
  if (info.body.isNone) return out;
  const body = info.body.unwrap();
  const code = (field, tag) => matchCode(key, field, tag) ?? tagHex(tag);
  return {
    ...out,
    patient: body.patient.toString(),
    custodian: body.custodian.isSome ? body.custodian.unwrap().toNumber() : null,
    author: body.author.toString(),
    category: code('category', body.category),
    type: code('type', body.typeCode),
    labels: readLabels(key, body.labels, salt),
    date: ((day) => (day === null ? 'unknown (another key?)' : dayString(day)))(matchDay(key, [...body.dates])),
    erasureRequested: body.erasureRequested.isTrue,
    disputed: body.disputeReason.isSome,
    deposit: body.deposit.isSome ? body.deposit.unwrap().toHuman() : null,
  };
}

/**
 * What salted the label fillers of `info`: the 32 bytes of the content hash of the first version
 * of its chain (a new version keeps its predecessor's label tags, and an erased first version
 * keeps its hash).
 */
async function fillerSalt(api, info) {
  if (info.chain.eq(info.id)) return info.hash_.value.toU8a();
  const first = await api.call.recordsApi.record(info.chain);
  return first.isSome ? first.unwrap().hash_.value.toU8a() : info.hash_.value.toU8a();
}

function printRecord(r) {
  const name = (field, code) => (KNOWN_CODES[field][code] ? `${code} (${KNOWN_CODES[field][code]})` : code);
  const keys = `${r.keys} key${r.keys === 1 ? '' : 's'}`;
  console.log(`record ${r.id} (chain ${r.chain}, version ${r.version}) ${r.status}, registered at #${r.registeredAt}, ${keys}${r.erased ? ', erased' : ''}`);
  if (r.erased) return;
  console.log(`  category ${name('category', r.category)}`);
  console.log(`  type     ${name('type', r.type)}`);
  console.log(`  labels   ${r.labels.length ? r.labels.map((l) => name('label', l)).join(', ') : '-'}`);
  console.log(`  date     ${r.date}`);
  console.log(`  by       ${r.author}${r.custodian === null ? ' (own upload)' : ` for organization ${r.custodian}`}`);
  if (r.erasureRequested) console.log('  erasure requested');
  if (r.disputed) console.log('  disputed by the patient');
}

/** `hc export epcis` and `hc export fhir`: documents read from the indexer (no node needed). */
async function exportCommand(args, opts) {
  const usage = 'hc export epcis [--from N] [--to M] [--out FILE] [--indexer URL]\n       hc export fhir [--version R4|R5] [--from N] [--to M] [--patient ADDRESS] [--out DIR] [--indexer URL] [--signer SURI]';
  if (args.length !== 1 || !['epcis', 'fhir'].includes(args[0])) throw new Error(`usage: ${usage}`);
  const indexer = opts.indexer || process.env.HC_INDEXER || DEFAULT_INDEXER;
  const block = (name) => {
    if (opts[name] === undefined) return undefined;
    if (!/^\d+$/.test(opts[name])) throw new Error(`--${name} must be a block number; usage: ${usage}`);
    return Number(opts[name]);
  };
  const [from, to] = [block('from'), block('to')];
  if (args[0] === 'epcis') {
    const document = await exportEpcis(indexer, { from, to });
    const text = `${JSON.stringify(document, null, 2)}\n`;
    if (opts.out) {
      writeFileSync(opts.out, text);
      console.error(`${document.epcisBody.eventList.length} events written to ${opts.out}`);
    } else process.stdout.write(text);
    return;
  }
  const version = (opts.version ?? 'R4').toUpperCase();
  if (!FHIR_VERSIONS.includes(version)) throw new Error(`--version must be ${FHIR_VERSIONS.join(' or ')}; usage: ${usage}`);
  const patient = opts.patient === undefined ? undefined : resolveDevKeys(opts.patient);
  await cryptoWaitReady();
  const resources = await exportFhir(indexer, { version, from, to, patient }, signer(opts.signer));
  // FHIR Bulk Data: one resource per line, one file per resource type.
  const ndjson = (list) => list.map((r) => `${JSON.stringify(r)}\n`).join('');
  if (opts.out) {
    mkdirSync(opts.out, { recursive: true });
    for (const type of FHIR_TYPES) {
      const file = join(opts.out, `${type}.ndjson`);
      writeFileSync(file, ndjson(resources[type]));
      console.error(`${resources[type].length} ${type} written to ${file}`);
    }
  } else {
    await new Promise((res, rej) => process.stdout.write(FHIR_TYPES.map((type) => ndjson(resources[type])).join(''), (e) => (e ? rej(e) : res())));
    console.error(FHIR_TYPES.map((type) => `${resources[type].length} ${type}`).join(', '));
  }
}

async function main() {
  const { opts, rest } = parseArgs(process.argv.slice(2));
  const [command, ...args] = rest;
  if (!command || command === 'help' || command === '--help') {
    console.log(USAGE);
    return 0;
  }
  if (command === 'gs1') {
    if (args.length !== 1) throw new Error('usage: hc gs1 <element string or Digital Link>');
    console.log(JSON.stringify(parseGs1(args[0]), null, 2));
    return 0;
  }
  if (await blindCommand(command, args, opts)) return 0;
  if (await gatekeeperCommand(command, args, opts)) return 0;
  if (command === 'export') {
    await exportCommand(args, opts);
    return 0;
  }
  const api = await connect(opts.url);
  try {
    switch (command) {
      case 'info': {
        const [chain, version, best, finalized] = await Promise.all([
          api.rpc.system.chain(),
          api.rpc.state.getRuntimeVersion(),
          api.rpc.chain.getHeader(),
          api.rpc.chain.getFinalizedHead().then((h) => api.rpc.chain.getHeader(h)),
        ]);
        print(opts, opts.json
          ? { chain: chain.toString(), specName: version.specName.toString(), specVersion: version.specVersion.toNumber(), best: best.number.toNumber(), finalized: finalized.number.toNumber() }
          : `${chain} ${version.specName}/${version.specVersion} best #${best.number} finalized #${finalized.number}`);
        return 0;
      }
      case 'calls': {
        const sections = args.length ? args : Object.keys(api.tx).sort();
        for (const section of sections) {
          if (!api.tx[section]) throw new Error(`no pallet '${section}'`);
          for (const [name, fn] of Object.entries(api.tx[section])) {
            const params = fn.meta.args.map((a) => `${a.name}: ${a.typeName.isSome ? a.typeName.unwrap() : a.type}`).join(', ');
            console.log(`${section}.${name}(${params})`);
            const doc = fn.meta.docs.map((d) => d.toString()).join(' ').trim();
            if (doc && args.length) console.log(`    ${doc.slice(0, 400)}`);
          }
        }
        return 0;
      }
      case 'tx':
      case 'sudo': {
        const [path, ...params] = args;
        let tx = lookupCall(api, path)(...params.map(parseValue));
        if (command === 'sudo') tx = api.tx.sudo.sudo(tx);
        const result = await submit(api, tx, signer(opts.signer), { finalized: opts.finalized });
        throwIfSudoFailed(api, result);
        printResult(opts, result);
        return 0;
      }
      case 'batch': {
        const calls = args.map((spec) => {
          const space = spec.indexOf(' ');
          const path = space < 0 ? spec : spec.slice(0, space);
          const params = space < 0 ? [] : parseValue(spec.slice(space + 1));
          return lookupCall(api, path)(...(Array.isArray(params) ? params : [params]));
        });
        const result = await submit(api, api.tx.utility.batchAll(calls), signer(opts.signer), { finalized: opts.finalized });
        printResult(opts, result);
        return 0;
      }
      case 'query': {
        const [path, ...keys] = args;
        const [section, item] = splitPath(path, 'pallet.storage');
        const entry = api.query[section]?.[item];
        if (!entry) throw new Error(`no storage ${section}.${item}`);
        const parsed = keys.map(parseValue);
        const isMap = entry.creator.meta.type.isMap;
        if (isMap && parsed.length === 0) {
          const entries = await entry.entries();
          print(opts, entries.map(([k, v]) => ({ key: k.toHuman(), value: v.toHuman() })));
        } else {
          print(opts, (await entry(...parsed)).toHuman());
        }
        return 0;
      }
      case 'api': {
        const [path, ...params] = args;
        const [section, method] = splitPath(path, 'api.method');
        const fn = api.call[section]?.[method];
        if (!fn) throw new Error(`no runtime API ${section}.${method}; available: ${Object.keys(api.call).join(', ')}`);
        print(opts, (await fn(...params.map(parseValue))).toHuman());
        return 0;
      }
      case 'watch': {
        const sections = new Set(args);
        let seen = 0;
        await new Promise((resolve) => {
          api.query.system.events((events) => {
            for (const { event } of events) {
              if (sections.size && !sections.has(event.section)) continue;
              console.log(`${event.section}.${event.method} ${JSON.stringify(event.data.toHuman())}`);
            }
            if (++seen > opts.blocks) resolve();
          });
        });
        return 0;
      }
      case 'verify-pack': {
        if (args.length !== 1) throw new Error('usage: hc verify-pack <element string or Digital Link>');
        const id = parseGs1(args[0]);
        // Hex, so that no serial is mistaken for hex by polkadot.js.
        const text = (s) => u8aToHex(stringToU8a(s));
        const r = await api.call.supplyChainApi.verify(text(id.gtin), text(id.serial), text(id.lot), text(id.expiry));
        // The verification router's names of the failure reasons.
        const reasons = {
          NoMatchGtinSerial: 'No_match_GTIN_Serial',
          NoMatchGtinSerialLot: 'No_match_GTIN_Serial_Lot',
          NoMatchGtinSerialExpiry: 'No_match_GTIN_Serial_Expiry',
          NoMatchGtinSerialLotExpiry: 'No_match_GTIN_Serial_Lot_Expiry',
        };
        const org = (o) => (o.isSome ? o.unwrap().toNumber() : null);
        console.log(JSON.stringify({
          ...id,
          verified: r.verified.isTrue,
          failureReason: r.failureReason.isSome ? reasons[r.failureReason.unwrap().type] : null,
          additionalInfo: r.additionalInfo.map((i) => (i.isDecommissioned ? `Decommissioned(${i.asDecommissioned.type})` : i.type)),
          sellable: r.sellable.isTrue,
          holder: org(r.holder),
          owner: org(r.owner),
        }, null, 2));
        return 0;
      }
      case 'version-input': {
        const usage = 'usage: hc version-input <record id> --key K --type T --hash 0x.. --locator TEXT';
        if (args.length !== 1 || !opts.key || !opts.type || !opts.hash || !opts.locator) throw new Error(usage);
        const info = await api.call.recordsApi.record(args[0]);
        if (info.isNone) throw new Error(`record ${args[0]} does not exist`);
        const { body } = info.unwrap();
        if (body.isNone) throw new Error(`record ${args[0]} has been erased`);
        console.log(JSON.stringify(versionInput({
          key: parseBlindKey(opts.key), previous: body.unwrap(), typeCode: opts.type, hash: opts.hash, locator: opts.locator,
        })));
        return 0;
      }
      case 'subjects': {
        if (args.length !== 1) throw new Error('usage: hc subjects <suri> [--indexes N]');
        const found = await restoreSubjects(api, args[0], { indexes: Number(opts.indexes ?? 1) });
        const rows = found.map(({ org, index, address, records, grants, key }) => ({ org, index, address, records, grants, encryptionKey: key }));
        if (opts.json) console.log(JSON.stringify(rows, null, 2));
        else if (rows.length === 0) console.log('no subject of this secret is known to the chain');
        else for (const r of rows) console.log(`organization ${r.org}${r.index ? ` #${r.index}` : ''}: ${r.address} (${[r.records && 'records', r.grants && 'grants', r.encryptionKey && 'encryption key'].filter(Boolean).join(', ')})`);
        return 0;
      }
      case 'records': {
        if (args.length !== 1) throw new Error('usage: hc records <patient suri or address> [--key K] [--category C]');
        const [who] = args;
        const byAddress = isAddress(who);
        if (byAddress && !opts.key) throw new Error('--key is required when the patient is given by address');
        const key = opts.key ? parseBlindKey(opts.key) : blindKeyFromSuri(who);
        const patient = byAddress ? who : signer(who).address;
        const category = opts.category ? tagHex(codeTag(key, 'category', opts.category)) : null;
        const records = [];
        let start = null;
        do {
          const page = await api.call.recordsApi.recordsOf(patient, category, start, 100);
          for (const info of page.records) records.push(readRecord(key, info, await fillerSalt(api, info)));
          start = page.next.isSome ? page.next.unwrap() : null;
        } while (start !== null);
        if (opts.json) console.log(JSON.stringify(records, null, 2));
        else if (records.length === 0) console.log(`no records of ${patient}${opts.category ? ` in category ${opts.category}` : ''}`);
        else records.forEach(printRecord);
        return 0;
      }
      default:
        console.error(USAGE);
        return 2;
    }
  } finally {
    await api.disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`error: ${e.message}`);
    process.exit(1);
  },
);
