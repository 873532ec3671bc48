#!/usr/bin/env node
// hc: the Healthchain command-line tool. Talks to a node over WebSocket with polkadot.js.
//
//   hc calls [pallet]                          list calls with their arguments and docs
//   hc tx <pallet>.<call> [arg ...]            sign and submit a call, print its events
//   hc sudo <pallet>.<call> [arg ...]          the same, wrapped in sudo.sudo
//   hc batch '<pallet>.<call> [json args]' ... several calls in one utility.batchAll
//   hc query <pallet>.<storage> [key ...]      read storage (a whole map when no key is given)
//   hc api <api>.<method> [arg ...]            call a runtime API (e.g. consentApi.checkAccess)
//   hc view <pallet>.<function> [arg ...]      call a pallet view function
//   hc watch [--blocks N] [pallet ...]         print events as blocks arrive
//   hc info                                    chain, version, best and finalized blocks
//
// Options: --url ws://127.0.0.1:9944 (or HC_ENDPOINT), --signer //Alice or a mnemonic (or
// HC_SURI), --finalized (wait for finality rather than inclusion), --json (machine output).
// Arguments are JSON when they parse as JSON, text otherwise; a text argument that is a dev
// key URI (`//Bob`) stands for that key's address.

import { connect, signer, submit, describeDispatchError, DispatchFailed } from './lib/chain.mjs';
import { Keyring } from '@polkadot/keyring';

const USAGE = `usage: hc <calls|tx|sudo|batch|query|api|view|watch|info> ... [--url URL] [--signer SURI] [--finalized] [--json]`;

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
    value = JSON.parse(text);
  } catch {
    value = text;
  }
  return resolveDevKeys(value);
}

function resolveDevKeys(value) {
  if (typeof value === 'string' && /^\/\/[A-Za-z0-9/]+$/.test(value)) return devKeyring.addFromUri(value).address;
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
        // A sudo call succeeds as an extrinsic even when the inner call fails: surface it.
        const sudid = result.events.find((e) => e.section === 'sudo' && e.method === 'Sudid');
        const inner = sudid?.raw.data[0];
        if (inner && inner.isErr) throw new DispatchFailed(describeDispatchError(api, inner.asErr), result);
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
      case 'view': {
        const [path, ...params] = args;
        const [section, method] = splitPath(path, 'pallet.function');
        const fn = api.view?.[section]?.[method];
        if (!fn) throw new Error(`no view function ${section}.${method}`);
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
