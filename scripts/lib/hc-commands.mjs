// The commands of `hc` (scripts/hc.mjs), run once the command line has been parsed
// (scripts/lib/hc-cli.mjs, which documents each command and option). Loaded only then, so that
// help, the version and usage errors need none of polkadot.js.
//
// Only what a command prints goes to stdout (`out`); progress and notes go to stderr (`note`).
// Private records: codes and dates reach the chain only as tags under the patient's blind key
// (scripts/lib/blind.mjs). `--key K` is that key as 0x-hex, or the patient's secret URI (a dev
// URI or a mnemonic) to derive it from.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { Option } from '@polkadot/types';
import { stringToU8a, u8aToHex } from '@polkadot/util';
import { decodeAddress } from '@polkadot/util-crypto';
import { chainAddress, connect, cryptoWaitReady, signer, submit, throwIfSudoFailed } from './chain.mjs';
import { signerFor } from './keystore.mjs';
import { EXIT, NotFoundError, UnreachableError, UsageError } from './exit-codes.mjs';
import { commandUsage, intOption, timeoutMs } from './hc-cli.mjs';
import { jsonValue } from './json-value.mjs';
import { DEFAULT_GATEKEEPER, fetchRecord, upload } from './gatekeeper.mjs';
import { DEFAULT_INDEXER, FHIR_TYPES, FHIR_VERSIONS, exportEpcis, exportFhir } from './indexer.mjs';
import { parseGs1 } from './gs1.mjs';
import { x25519FromSuri } from './hpke.mjs';
import { restoreSubjects, subjectOf } from './subjects.mjs';
import { claimsCommand, claimsOffline } from './claims.mjs';
import { trialsCommand, trialsOffline } from './trials.mjs';
import { KNOWN_CODES, blindKeyFromSuri, codeTag, dayString, matchCode, matchDay, parseBlindKey, periodTags, readLabels, recordInput, tagHex, versionInput } from './blind.mjs';

const stdout = process.stdout;

/** Prints a line of output. */
function out(text) {
  stdout.write(`${text}\n`);
}

/** Prints `value`: as JSON with --json (see json-value.mjs), else as text or inspected. */
function print(opts, value) {
  if (opts.json) out(JSON.stringify(jsonValue(value), null, 2));
  else {
    const human = value && typeof value.toHuman === 'function' ? value.toHuman() : value;
    out(typeof human === 'string' ? human : inspect(human, { depth: null, colors: false }));
  }
}

/** Writes a line to stderr. */
function note(text) {
  process.stderr.write(`${text}\n`);
}

/** The values of `names` in `opts`; a UsageError naming the first missing one. */
function required(command, opts, names) {
  const missing = names.find((n) => opts[n] === undefined || opts[n] === '');
  if (missing) throw new UsageError(`--${missing} is required; usage: ${commandUsage(command)}`);
  return names.map((n) => opts[n]);
}

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
  if (typeof value === 'string' && DEV_URI.test(value)) return signer(value).address;
  if (Array.isArray(value)) return value.map(resolveDevKeys);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveDevKeys(v)]));
  return value;
}

function splitPath(path, what) {
  const [section, item, ...extra] = (path || '').split('.');
  if (!section || !item || extra.length) throw new UsageError(`expected <${what}> as section.item, got '${path}'`);
  return [section, item];
}

function lookupCall(api, path) {
  const [section, method] = splitPath(path, 'pallet.call');
  if (!api.tx[section]) throw new NotFoundError(`no pallet '${section}'; 'hc calls' lists the pallets and their calls`);
  const fn = api.tx[section][method];
  if (!fn) throw new NotFoundError(`no call ${section}.${method}; 'hc calls ${section}' lists them`);
  return fn;
}

const argList = (params) => params.map((p) => `${p.name}: ${p.type}`).join(', ');

/** The call `path` with its arguments (command-line text); a UsageError when they do not fit. */
function buildCall(api, path, texts) {
  const fn = lookupCall(api, path);
  return withArgs(`${path}(${argList(callParams(fn))})`, fn.meta.args.length, texts.map(parseValue), (values) => fn(...values));
}

/** `make(values)`, or a UsageError when `values` are not `count` or do not encode. */
function withArgs(signature, count, values, make) {
  if (values.length !== count) throw new UsageError(`${signature} takes ${count} argument${count === 1 ? '' : 's'}, got ${values.length}`);
  try {
    return make(values);
  } catch (e) {
    throw new UsageError(`arguments of ${signature}: ${e.message}`);
  }
}

const callParams = (fn) => fn.meta.args.map((a) => ({ name: a.name.toString(), type: (a.typeName.isSome ? a.typeName.unwrap() : a.type).toString() }));

/**
 * A submit result as --json prints it (events' data as JSON values), or as text; `extra` (what
 * the command read from it: a new id, a commitment) as more fields, or as `name: value` lines.
 */
function printResult(opts, result, extra = {}) {
  if (opts.json) {
    const { events, ...rest } = result;
    out(JSON.stringify(jsonValue({ ...rest, events: events.map(({ section, method, raw }) => ({ section, method, data: raw.data })), ...extra }), null, 2));
    return;
  }
  out(`included in block #${result.blockNumber} ${result.blockHash}`);
  for (const e of result.events) out(`  ${e.section}.${e.method} ${JSON.stringify(e.data)}`);
  for (const [name, value] of Object.entries(extra)) out(`${name}: ${value}`);
}

/** What the command groups (scripts/lib/claims.mjs, trials.mjs) use of the node and the output. */
function groupIo(api, opts) {
  return {
    api,
    opts,
    out,
    print: (value) => print(opts, value),
    printResult: (result, extra) => printResult(opts, result, extra),
    send: async (tx) => send(api, tx, opts, await signerFor(api, { suri: opts.signer, keystore: opts.keystore })),
    isAddress,
    /** An account given as an SS58 address or a secret URI (dev key, mnemonic), as the chain writes it. */
    account: (text) => (isAddress(text) ? chainAddress(text) : signer(text).address),
  };
}

const GROUP_COMMANDS = { claims: [claimsCommand, claimsOffline], trials: [trialsCommand, trialsOffline] };

/** Tells a transaction's progress on stderr: text, or `{"progress": ...}` lines with --json. */
function progress(opts) {
  return (step) => {
    if (opts.json) return note(JSON.stringify({ progress: step }));
    const where = step.block ? ` #${step.number} ${step.block}` : '';
    const words = { submitted: `submitted ${step.hash}`, inBlock: 'in block', future: 'future (waits for an earlier nonce)' };
    note(`${step.status === 'submitted' ? '' : 'transaction '}${words[step.status] ?? step.status}${where}`);
  };
}

/** Signs, submits and waits as --finalized and --timeout say. */
async function send(api, tx, opts, account) {
  return submit(api, tx, account, { finalized: opts.finalized, timeoutMs: timeoutMs(opts), onProgress: progress(opts) });
}

/**
 * The signer of a command that talks to a service (gatekeeper, indexer) rather than the node:
 * --keystore or --signer, else $HC_SURI, else //Alice, but only once the node (--url) has said
 * that its chain's type is Development, as for the chain's own commands.
 */
async function localSigner(opts) {
  await cryptoWaitReady();
  if (opts.signer !== undefined || opts.keystore !== undefined || process.env.HC_SURI) {
    return signerFor(null, { suri: opts.signer, keystore: opts.keystore });
  }
  const api = await connect(opts.url, { timeoutMs: timeoutMs(opts) });
  try {
    return await signerFor(api);
  } finally {
    await api.disconnect();
  }
}

/** `promise`, or an UnreachableError when it takes longer than --timeout. */
function withTimeout(opts, what, promise) {
  const ms = timeoutMs(opts);
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new UnreachableError(`no answer from the ${what} within ${ms / 1000} s`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** The tag fields by their command-line names. */
const TAG_FIELDS = ['category', 'type', 'label'];

/** Runs a command that needs no node; false when `command` is not one. */
async function offlineCommand(command, args, opts) {
  switch (command) {
    case 'claims':
    case 'trials': {
      await cryptoWaitReady();
      return GROUP_COMMANDS[command][1]({ out }, args[0], args.slice(1), opts);
    }
    case 'gs1':
      out(JSON.stringify(parseGs1(args[0]), null, 2));
      return true;
    case 'subject': {
      await cryptoWaitReady();
      const subject = subjectOf(args[0], args[1], intOption(opts, 'index', { fallback: 0 }));
      const { publicKey } = await x25519FromSuri(subject.suri);
      out(JSON.stringify({ org: subject.org, index: subject.index, suri: subject.suri, address: subject.address, blindKey: u8aToHex(subject.blindKey), encryptionKey: u8aToHex(publicKey) }, null, 2));
      return true;
    }
    case 'encryption-key':
      out(u8aToHex((await x25519FromSuri(args[0])).publicKey));
      return true;
    case 'blind-key':
      out(u8aToHex(blindKeyFromSuri(args[0])));
      return true;
    case 'tag': {
      if (!TAG_FIELDS.includes(args[0])) throw new UsageError(`the tag's field is one of ${TAG_FIELDS.join(', ')}, not '${args[0]}'; usage: ${commandUsage('tag')}`);
      const [key] = required(command, opts, ['key']);
      out(tagHex(codeTag(parseBlindKey(key), args[0], args[1])));
      return true;
    }
    case 'record-input': {
      const [key, category, typeCode, date, hash, locator] = required(command, opts, ['key', 'category', 'type', 'date', 'hash', 'locator']);
      const labels = opts.labels ? opts.labels.split(',').map((l) => l.trim()).filter(Boolean) : [];
      out(JSON.stringify(recordInput({ key: parseBlindKey(key), category, typeCode, labels, date, hash, locator })));
      return true;
    }
    case 'period': {
      const [key, from, until] = required(command, opts, ['key', 'from', 'until']);
      out(JSON.stringify(periodTags(parseBlindKey(key), from, until).map(tagHex)));
      return true;
    }
    case 'upload': {
      const gatekeeper = opts.gatekeeper || process.env.HC_GATEKEEPER || DEFAULT_GATEKEEPER;
      let bytes;
      try {
        bytes = readFileSync(args[0]);
      } catch (e) {
        throw new UsageError(`cannot read ${args[0]}: ${e.message}`);
      }
      const who = await localSigner(opts);
      out(JSON.stringify(await withTimeout(opts, 'gatekeeper', upload(gatekeeper, who, bytes)), null, 2));
      return true;
    }
    case 'fetch': {
      const gatekeeper = opts.gatekeeper || process.env.HC_GATEKEEPER || DEFAULT_GATEKEEPER;
      if (!/^\d+$/.test(args[0])) throw new UsageError(`the record is a number, not '${args[0]}'; usage: ${commandUsage('fetch')}`);
      const [purpose] = required(command, opts, ['purpose']);
      const who = await localSigner(opts);
      const got = await withTimeout(opts, 'gatekeeper', fetchRecord(gatekeeper, who, args[0], purpose));
      const info = { record: Number(args[0]), size: got.bytes.length, hash: got.hash, basis: got.basis, loggedIn: got.loggedIn, wrappedKey: got.wrappedKey };
      if (opts.out) writeFileSync(opts.out, got.bytes);
      else await new Promise((res, rej) => stdout.write(got.bytes, (e) => (e ? rej(e) : res())));
      // The blob may be on stdout: then what describes it goes to stderr.
      const say = opts.out ? out : note;
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
    case 'export':
      await exportCommand(args, opts);
      return true;
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
  const r = jsonValue(info);
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
    hash: jsonValue(info.hash_),
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
    deposit: body.deposit.isSome ? jsonValue(body.deposit.unwrap()) : null,
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
  out(`record ${r.id} (chain ${r.chain}, version ${r.version}) ${r.status}, registered at #${r.registeredAt}, ${keys}${r.erased ? ', erased' : ''}`);
  if (r.erased) return;
  out(`  category ${name('category', r.category)}`);
  out(`  type     ${name('type', r.type)}`);
  out(`  labels   ${r.labels.length ? r.labels.map((l) => name('label', l)).join(', ') : '-'}`);
  out(`  date     ${r.date}`);
  out(`  by       ${r.author}${r.custodian === null ? ' (own upload)' : ` for organization ${r.custodian}`}`);
  if (r.erasureRequested) out('  erasure requested');
  if (r.disputed) out('  disputed by the patient');
}

/** `hc export epcis` and `hc export fhir`: documents read from the indexer (the node only answers whether a default signer may sign). */
async function exportCommand(args, opts) {
  if (!['epcis', 'fhir'].includes(args[0])) throw new UsageError(`export epcis or fhir, not '${args[0]}'; usage: ${commandUsage('export')}`);
  const indexer = opts.indexer || process.env.HC_INDEXER || DEFAULT_INDEXER;
  const [from, to] = [intOption(opts, 'from'), intOption(opts, 'to')];
  if (args[0] === 'epcis') {
    for (const name of ['version', 'patient', 'signer', 'keystore']) {
      if (opts[name] !== undefined) throw new UsageError(`--${name} is for hc export fhir`);
    }
    const document = await withTimeout(opts, 'indexer', exportEpcis(indexer, { from, to }));
    const text = `${JSON.stringify(document, null, 2)}\n`;
    if (opts.out) {
      writeFileSync(opts.out, text);
      note(`${document.epcisBody.eventList.length} events written to ${opts.out}`);
    } else await new Promise((res, rej) => stdout.write(text, (e) => (e ? rej(e) : res())));
    return;
  }
  const version = (opts.version ?? 'R4').toUpperCase();
  if (!FHIR_VERSIONS.includes(version)) throw new UsageError(`--version must be ${FHIR_VERSIONS.join(' or ')}; usage: ${commandUsage('export')}`);
  const patient = opts.patient === undefined ? undefined : resolveDevKeys(opts.patient);
  const reader = await localSigner(opts);
  const resources = await withTimeout(opts, 'indexer', exportFhir(indexer, { version, from, to, patient }, reader));
  // FHIR Bulk Data: one resource per line, one file per resource type.
  const ndjson = (list) => list.map((r) => `${JSON.stringify(r)}\n`).join('');
  if (opts.out) {
    mkdirSync(opts.out, { recursive: true });
    for (const type of FHIR_TYPES) {
      const file = join(opts.out, `${type}.ndjson`);
      writeFileSync(file, ndjson(resources[type]));
      note(`${resources[type].length} ${type} written to ${file}`);
    }
  } else {
    await new Promise((res, rej) => stdout.write(FHIR_TYPES.map((type) => ndjson(resources[type])).join(''), (e) => (e ? rej(e) : res())));
    note(FHIR_TYPES.map((type) => `${resources[type].length} ${type}`).join(', '));
  }
}

/** `hc query`: a value, a map (or the part of it under the keys given), or a page of a map. */
async function queryCommand(api, args, opts) {
  const [path, ...keys] = args;
  const [section, item] = splitPath(path, 'pallet.storage');
  if (!api.query[section]) throw new NotFoundError(`no pallet '${section}' with storage`);
  const entry = api.query[section][item];
  if (!entry) throw new NotFoundError(`no storage ${section}.${item}; the pallet has ${Object.keys(api.query[section]).join(', ')}`);
  const parsed = keys.map(parseValue);
  const { meta } = entry.creator;
  const keyCount = meta.type.isMap ? meta.type.asMap.hashers.length : 0;
  if (parsed.length > keyCount) throw new UsageError(`${section}.${item} takes ${keyCount} key${keyCount === 1 ? '' : 's'}, got ${parsed.length}`);
  const keyed = (what) => {
    try {
      return what();
    } catch (e) {
      throw new UsageError(`keys of ${section}.${item}: ${e.message}`);
    }
  };
  const row = ([k, v]) => ({ key: opts.json ? k.args : k.args.map((a) => a.toHuman()), value: opts.json ? v : v.toHuman() });
  if (opts.limit !== undefined || opts['start-key'] !== undefined) {
    if (keyCount === 0) throw new UsageError(`--limit pages a map; ${section}.${item} is a single value`);
    if (parsed.length === keyCount) throw new UsageError(`--limit pages a map: give fewer keys than ${section}.${item} takes (${keyCount})`);
    const pageSize = intOption(opts, 'limit', { min: 1 });
    if (pageSize === undefined) throw new UsageError('--start-key goes with --limit');
    const startKey = opts['start-key'];
    if (startKey !== undefined && !/^0x([0-9a-fA-F]{2})*$/.test(startKey)) throw new UsageError(`--start-key is a storage key as 0x-hex, not '${startKey}'`);
    const page = await keyed(() => entry.entriesPaged({ args: parsed, pageSize, startKey }));
    const next = page.length === pageSize ? page[page.length - 1][0].toHex() : null;
    print(opts, { entries: page.map(row), next });
    return;
  }
  if (parsed.length < keyCount) {
    print(opts, (await keyed(() => entry.entries(...parsed))).map(row));
    return;
  }
  const value = await keyed(() => entry(...parsed));
  if (meta.modifier.isOptional && value instanceof Option && value.isNone) throw new NotFoundError(`no ${section}.${item} entry${keys.length ? ` at ${keys.join(', ')}` : ''}`);
  print(opts, value);
}

/** `hc watch`: the events of blocks --from..head, then of new blocks as they come. */
async function watchCommand(api, args, opts) {
  const sections = new Set(args);
  const blocks = intOption(opts, 'blocks', { fallback: 10 });
  const from = intOption(opts, 'from');
  const show = async (number, hash) => {
    let records;
    try {
      records = await api.query.system.events.at(hash);
    } catch (e) {
      if (/State already discarded|UnknownBlock/i.test(e.message)) throw new NotFoundError(`the events of block #${number} are no longer on this node (${e.message}); replaying needs a node that keeps old state (--state-pruning archive)`);
      throw e;
    }
    for (const { event, phase } of records) {
      if (sections.size && !sections.has(event.section)) continue;
      if (opts.json) {
        const extrinsic = phase.isApplyExtrinsic ? phase.asApplyExtrinsic.toNumber() : null;
        out(JSON.stringify(jsonValue({ block: number, hash: hash.toHex(), extrinsic, section: event.section, method: event.method, data: event.data })));
      } else out(`${event.section}.${event.method} ${JSON.stringify(event.data.toHuman())}`);
    }
  };
  let next;
  if (from !== undefined) {
    const head = (await api.rpc.chain.getHeader()).number.toNumber();
    for (let n = from; n <= head; n++) await show(n, await api.rpc.chain.getBlockHash(n));
    next = Math.max(from, head + 1);
    if (blocks === 0) return;
  }
  // New blocks: without --from, the current best block first (it does not count).
  let seen = from === undefined ? -1 : 0;
  await new Promise((resolve, reject) => {
    let unsub = () => {};
    let stopped = false;
    let queue = Promise.resolve();
    const stop = (fn, value) => {
      if (stopped) return;
      stopped = true;
      unsub();
      fn(value);
    };
    api.rpc.chain.subscribeNewHeads((header) => {
      queue = queue.then(async () => {
        if (stopped) return;
        const number = header.number.toNumber();
        next ??= number;
        // Blocks the subscription skipped are read by number.
        for (let n = next; n <= number && !stopped; n++) {
          await show(n, n === number ? header.hash : await api.rpc.chain.getBlockHash(n));
          if (++seen >= blocks) stop(resolve);
        }
        next = Math.max(next, number + 1);
      }).catch((e) => stop(reject, e));
    }).then((u) => {
      unsub = u;
      if (stopped) u();
    }, (e) => stop(reject, e));
  });
}

/** `hc apis`: the runtime API methods, with their arguments (and docs, for the APIs named). */
function apisCommand(api, args, opts) {
  for (const name of args) if (!api.call[name]) throw new NotFoundError(`no runtime API '${name}'; 'hc apis' lists them`);
  const rows = [];
  for (const section of args.length ? args : Object.keys(api.call).sort()) {
    for (const [method, fn] of Object.entries(api.call[section])) {
      const { params, type, description } = fn.meta;
      rows.push({ api: section, method, args: params.map(({ name, type: t }) => ({ name, type: String(t) })), output: String(type), docs: String(description ?? '').trim() });
    }
  }
  if (opts.json) return out(JSON.stringify(rows, null, 2));
  for (const r of rows) {
    out(`${r.api}.${r.method}(${argList(r.args)}): ${r.output}`);
    if (r.docs && args.length) out(`    ${r.docs.slice(0, 400)}`);
  }
}

/** An amount in the chain's smallest unit as tokens: `1946580000` → `0.00194658 HC`. */
function tokens(api, amount) {
  const decimals = api.registry.chainDecimals[0] ?? 0;
  const symbol = api.registry.chainTokens[0] ?? '';
  const value = BigInt(amount.toString());
  const unit = 10n ** BigInt(decimals);
  const fraction = (value % unit).toString().padStart(decimals, '0').replace(/0+$/, '');
  return `${value / unit}${fraction ? `.${fraction}` : ''} ${symbol}`.trim();
}

/** Runs `command` with its positional `args` and `opts` (from `parseCommandLine`); resolves with the exit code. */
export async function runCommand(command, args, opts) {
  if (await offlineCommand(command, args, opts)) return EXIT.OK;
  const api = await connect(opts.url, { timeoutMs: timeoutMs(opts) });
  try {
    switch (command) {
      case 'info': {
        const [chain, chainType, version, best, finalized] = await Promise.all([
          api.rpc.system.chain(),
          api.rpc.system.chainType(),
          api.rpc.state.getRuntimeVersion(),
          api.rpc.chain.getHeader(),
          api.rpc.chain.getFinalizedHead().then((h) => api.rpc.chain.getHeader(h)),
        ]);
        print(opts, opts.json
          ? { chain: chain.toString(), chainType: chainType.type, specName: version.specName.toString(), specVersion: version.specVersion.toNumber(), best: best.number.toNumber(), finalized: finalized.number.toNumber() }
          : `${chain} ${version.specName}/${version.specVersion} best #${best.number} finalized #${finalized.number}`);
        break;
      }
      case 'calls': {
        for (const section of args) if (!api.tx[section]) throw new NotFoundError(`no pallet '${section}'; 'hc calls' lists them all`);
        const rows = [];
        for (const section of args.length ? args : Object.keys(api.tx).sort()) {
          for (const [name, fn] of Object.entries(api.tx[section])) {
            rows.push({ call: `${section}.${name}`, args: callParams(fn), docs: fn.meta.docs.map((d) => d.toString()).join(' ').trim() });
          }
        }
        if (opts.json) out(JSON.stringify(rows, null, 2));
        else {
          for (const r of rows) {
            out(`${r.call}(${r.args.map((a) => `${a.name}: ${a.type}`).join(', ')})`);
            if (r.docs && args.length) out(`    ${r.docs.slice(0, 400)}`);
          }
        }
        break;
      }
      case 'tx':
      case 'sudo': {
        const [path, ...params] = args;
        let tx = buildCall(api, path, params);
        if (command === 'sudo') tx = api.tx.sudo.sudo(tx);
        const account = await signerFor(api, { suri: opts.signer, keystore: opts.keystore });
        const result = await send(api, tx, opts, account);
        throwIfSudoFailed(api, result);
        printResult(opts, result);
        break;
      }
      case 'batch': {
        const calls = args.map((spec) => {
          const space = spec.indexOf(' ');
          const path = space < 0 ? spec : spec.slice(0, space);
          const fn = lookupCall(api, path);
          const params = space < 0 ? [] : parseValue(spec.slice(space + 1));
          const values = Array.isArray(params) ? params : [params];
          return withArgs(`${path}(${argList(callParams(fn))})`, fn.meta.args.length, values, (v) => fn(...v));
        });
        const account = await signerFor(api, { suri: opts.signer, keystore: opts.keystore });
        printResult(opts, await send(api, api.tx.utility.batchAll(calls), opts, account));
        break;
      }
      case 'fee': {
        const [path, ...params] = args;
        const tx = buildCall(api, path, params);
        const account = await signerFor(api, { suri: opts.signer, keystore: opts.keystore, unlock: false });
        const info = await tx.paymentInfo(account.address);
        if (opts.json) print(opts, { call: path, signer: account.address, partialFee: info.partialFee, weight: info.weight, class: info.class.type });
        else {
          out(`${path} as ${account.address}: fee ${tokens(api, info.partialFee)} (${info.partialFee.toString()})`);
          out(`  weight refTime ${info.weight.refTime.toString()}, proofSize ${info.weight.proofSize.toString()}; class ${info.class.type}`);
        }
        break;
      }
      case 'query':
        await queryCommand(api, args, opts);
        break;
      case 'api': {
        const [path, ...params] = args;
        const [section, method] = splitPath(path, 'api.method');
        const fn = api.call[section]?.[method];
        if (!fn) throw new NotFoundError(`no runtime API ${section}.${method}; 'hc apis' lists them`);
        // Encoded here, so that a value that does not fit is a usage error, not the node's.
        const encoded = withArgs(`${path}(${argList(fn.meta.params)})`, fn.meta.params.length, params.map(parseValue),
          (values) => values.map((v, i) => api.registry.createType(fn.meta.params[i].type, v)));
        const result = await fn(...encoded);
        if (result instanceof Option && result.isNone) throw new NotFoundError(`${section}.${method}(${params.join(', ')}): none`);
        print(opts, result);
        break;
      }
      case 'apis':
        apisCommand(api, args, opts);
        break;
      case 'claims':
      case 'trials':
        await GROUP_COMMANDS[command][0](groupIo(api, opts), args[0], args.slice(1), opts);
        break;
      case 'watch':
        await watchCommand(api, args, opts);
        break;
      case 'verify-pack': {
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
        out(JSON.stringify({
          ...id,
          verified: r.verified.isTrue,
          failureReason: r.failureReason.isSome ? reasons[r.failureReason.unwrap().type] : null,
          additionalInfo: r.additionalInfo.map((i) => (i.isDecommissioned ? `Decommissioned(${i.asDecommissioned.type})` : i.type)),
          sellable: r.sellable.isTrue,
          holder: org(r.holder),
          owner: org(r.owner),
        }, null, 2));
        break;
      }
      case 'version-input': {
        const [key, typeCode, hash, locator] = required(command, opts, ['key', 'type', 'hash', 'locator']);
        if (!/^\d+$/.test(args[0])) throw new UsageError(`the record id is a number, not '${args[0]}'`);
        const info = await api.call.recordsApi.record(args[0]);
        if (info.isNone) throw new NotFoundError(`record ${args[0]} does not exist`);
        const { body } = info.unwrap();
        if (body.isNone) throw new NotFoundError(`record ${args[0]} has been erased`);
        out(JSON.stringify(versionInput({ key: parseBlindKey(key), previous: body.unwrap(), typeCode, hash, locator })));
        break;
      }
      case 'subjects': {
        const found = await restoreSubjects(api, args[0], { indexes: intOption(opts, 'indexes', { min: 1, fallback: 1 }) });
        const rows = found.map(({ org, index, address, records, grants, key }) => ({ org, index, address, records, grants, encryptionKey: key }));
        if (opts.json) out(JSON.stringify(rows, null, 2));
        else if (rows.length === 0) out('no subject of this secret is known to the chain');
        else for (const r of rows) out(`organization ${r.org}${r.index ? ` #${r.index}` : ''}: ${r.address} (${[r.records && 'records', r.grants && 'grants', r.encryptionKey && 'encryption key'].filter(Boolean).join(', ')})`);
        break;
      }
      case 'records': {
        const [who] = args;
        const byAddress = isAddress(who);
        if (byAddress && !opts.key) throw new UsageError('--key is required when the patient is given by address');
        const key = opts.key ? parseBlindKey(opts.key) : blindKeyFromSuri(who);
        const patient = byAddress ? chainAddress(who) : signer(who).address;
        const category = opts.category ? tagHex(codeTag(key, 'category', opts.category)) : null;
        const records = [];
        let start = null;
        do {
          const page = await api.call.recordsApi.recordsOf(patient, category, start, 100);
          for (const info of page.records) records.push(readRecord(key, info, await fillerSalt(api, info)));
          start = page.next.isSome ? page.next.unwrap() : null;
        } while (start !== null);
        if (opts.json) out(JSON.stringify(records, null, 2));
        else if (records.length === 0) out(`no records of ${patient}${opts.category ? ` in category ${opts.category}` : ''}`);
        else records.forEach(printRecord);
        break;
      }
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
    return EXIT.OK;
  } finally {
    await api.disconnect().catch(() => {});
  }
}
