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
// Options: --url ws://127.0.0.1:9944 (or HC_ENDPOINT), --signer //Alice or a mnemonic (or
// HC_SURI), --finalized (wait for finality rather than inclusion), --json (machine output).
// Arguments are JSON when they parse as JSON, text otherwise; a text argument that is a dev
// key URI (`//Bob`, `//Alice//patient`) stands for that key's address.

import { connect, signer, submit, throwIfSudoFailed } from './lib/chain.mjs';
import { Keyring } from '@polkadot/keyring';
import { stringToU8a, u8aToHex } from '@polkadot/util';
import { parseGs1 } from './lib/gs1.mjs';

const USAGE = `usage: hc <calls|tx|sudo|batch|query|api|watch|info|gs1|verify-pack> ... [--url URL] [--signer SURI] [--finalized] [--json]`;

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
    else rest.push(a);
  }
  return { opts, rest };
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
