// Node exposure (docs/node.md, "Running a public node"): RPC listens on loopback unless told otherwise,
// and there the operator may use every method; a node started for the public (`--rpc-external`,
// with `--rpc-methods safe` or relying on `auto`) refuses the methods that touch keys, peers, log
// filters and offchain storage and serves everything else; malformed calls of the runtime APIs
// and malformed JSON-RPC are answered with errors, and the node keeps producing blocks. Requests
// go to 127.0.0.1 only, raw over HTTP where the bytes matter.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { connect, signer, submit } from '../../scripts/lib/chain.mjs';
import { startNode } from '../../scripts/lib/node.mjs';

const UNIT = 10n ** 12n;
const ORIGIN = 'https://app.example';
const TIMEOUT = { timeout: 180_000 };
const INSTANT = ['--chain', 'dev', '--sealing', 'instant'];

/** The nodes of this file, each started as docs/node.md says for its use. */
const SETUPS = {
  // An operator's own node: every default.
  local: INSTANT,
  // A public RPC node with the hardening flags of docs/node.md.
  public: [
    ...INSTANT,
    '--rpc-external',
    '--rpc-methods', 'safe',
    '--rpc-cors', ORIGIN,
    '--rpc-max-connections', '50',
    '--rpc-max-request-size', '1',
    '--rpc-rate-limit', '600',
  ],
  // `--rpc-external` alone: `--rpc-methods auto` must then mean safe.
  auto: [...INSTANT, '--rpc-external'],
  // Behind a reverse proxy on the same host: loopback, so only `safe` keeps unsafe methods out.
  proxied: [...INSTANT, '--rpc-methods', 'safe'],
};

const nodes = {};
let api;

before(async () => {
  // Started together: each spends most of its start-up building genesis.
  const names = Object.keys(SETUPS);
  const started = await Promise.allSettled(
    names.map((name) => startNode({ name: `exposure-${name}`, args: SETUPS[name], readyTimeoutMs: 300_000 })),
  );
  started.forEach((s, i) => {
    if (s.status === 'fulfilled') nodes[names[i]] = s.value;
  });
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
  api = await connect(nodes.public.endpoint);
});

after(async () => {
  await api?.disconnect();
  await Promise.all(Object.values(nodes).map((n) => n.stop()));
});

// ---- Raw JSON-RPC over HTTP ------------------------------------------------------------------

/**
 * Sends an HTTP request to 127.0.0.1:`port`, on a connection of its own (the node closes one
 * after refusing a request). Resolves with `{ status, headers, text, json }` (`json` undefined
 * when the answer is not JSON).
 *
 * With `expectContinue`, the body is sent only once the server asks for it (`Expect:
 * 100-continue`): a server that refuses the request by its length answers at once and closes,
 * and a body written meanwhile would meet a closed socket (EPIPE) before the answer is read.
 */
function http(port, { method = 'POST', path = '/', body, headers = {}, expectContinue = false } = {}) {
  return new Promise((resolve, reject) => {
    const sent = { body: !expectContinue };
    const extra = expectContinue ? { expect: '100-continue', 'content-length': Buffer.byteLength(body ?? '') } : {};
    const req = request(
      { host: '127.0.0.1', port, agent: false, method, path, headers: { 'content-type': 'application/json', ...extra, ...headers }, timeout: 60_000 },
      (res) => {
        // Answered before the body was asked for: the body is never sent.
        sent.body = true;
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let json;
          try {
            json = JSON.parse(text);
          } catch {
            // Not JSON: the caller looks at `text`.
          }
          resolve({ status: res.statusCode, headers: res.headers, text, json });
          // A request whose body was never sent cannot be ended; the answer is all it needs.
          if (expectContinue) req.destroy();
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer from port ${port} in 60 s`)));
    req.on('error', reject);
    if (expectContinue) {
      req.on('continue', () => {
        if (sent.body) return;
        sent.body = true;
        req.end(body);
      });
      req.flushHeaders();
    } else {
      req.end(body);
    }
  });
}

/** POSTs `body` as is (a string or bytes). */
const post = (port, body, headers = {}) => http(port, { body, headers });

let nextId = 1;

/** Calls `method` with `params` on `node`; resolves with the JSON-RPC response object. */
async function rpc(node, method, params = []) {
  const id = nextId++;
  const res = await post(node.rpcPort, JSON.stringify({ id, jsonrpc: '2.0', method, params }));
  assert.ok(res.json, `${method}: not JSON (HTTP ${res.status}): ${res.text.slice(0, 200)}`);
  assert.equal(res.json.id, id, `${method}: ${res.text.slice(0, 200)}`);
  return res.json;
}

/** The result of `method`, failing on a JSON-RPC error. */
async function result(node, method, params = []) {
  const res = await rpc(node, method, params);
  assert.ok(!res.error, `${method}: ${JSON.stringify(res.error)}`);
  return res.result;
}

const hex = (bytes) => `0x${Buffer.from(bytes).toString('hex')}`;

// ---- Where the node listens --------------------------------------------------------------------

/** The addresses of the node's log line `Running JSON-RPC server: addr=…`, as `[ip, port]`. */
function loggedRpcAddresses(node) {
  const line = readFileSync(node.logFile, 'utf8').match(/Running JSON-RPC server: addr=(\S+)/);
  assert.ok(line, `no JSON-RPC address in ${node.logFile}`);
  return line[1]
    .split(',')
    .filter(Boolean)
    .map((a) => {
      const m = a.match(/^\[?([^\]]+?)\]?:(\d+)$/);
      return [m[1], Number(m[2])];
    });
}

/** An address of /proc/net/tcp{,6} (hex, in the kernel's byte order) as text. */
function procAddress(hexAddr) {
  if (hexAddr.length === 8) return Buffer.from(hexAddr, 'hex').reverse().join('.');
  const bytes = Buffer.concat(hexAddr.match(/.{8}/g).map((w) => Buffer.from(w, 'hex').reverse()));
  if (bytes.every((b) => b === 0)) return '::';
  if (bytes.subarray(0, 15).every((b) => b === 0) && bytes[15] === 1) return '::1';
  if (bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) {
    return `::ffff:${bytes.subarray(12).join('.')}`;
  }
  return bytes.toString('hex').match(/.{4}/g).join(':');
}

/** The addresses the kernel has a listening TCP socket on for `port` (Linux). */
function listeningOn(port) {
  const found = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 4 || f[3] !== '0A') continue; // 0A: LISTEN
      const [addr, p] = f[1].split(':');
      if (parseInt(p, 16) === port) found.push(procAddress(addr));
    }
  }
  return found;
}

const isLoopback = (ip) => ip === '::1' || ip.startsWith('127.') || ip.startsWith('::ffff:127.');
const isUnspecified = (ip) => ip === '0.0.0.0' || ip === '::';

/** The files of the node's keystore (one per key). */
function keystoreFiles(node) {
  const chains = join(node.basePath, 'chains');
  if (!existsSync(chains)) return [];
  return readdirSync(chains).flatMap((chain) => {
    const dir = join(chains, chain, 'keystore');
    return existsSync(dir) ? readdirSync(dir) : [];
  });
}

// ---- Unsafe methods ----------------------------------------------------------------------------

const PEER = '12D3KooWQDHrgJstxXorGePeDH3Vnrkaz2ivVRvqnLpJa3GbnvfT';
const STORAGE_KEY = '0x6578706f73757265';
/** How the node refuses an unsafe method (code -32601, or 4003 for `state_*` methods). */
const UNSAFE_MESSAGE = 'RPC call is unsafe to be called externally';

/** The public half of the key the tests try to insert. */
const keyPublic = () => hex(signer('//Alice//exposure').publicKey);

/**
 * Methods the node serves only where unsafe methods are allowed, with parameters that pass
 * parsing, so that a refusal comes from the method's own check.
 */
async function unsafeCalls(node) {
  const genesis = await result(node, 'chain_getBlockHash', [0]);
  return [
    ['author_insertKey', ['aura', '//Alice//exposure', keyPublic()]],
    ['author_rotateKeys', []],
    ['author_rotateKeysWithOwner', ['0x00']],
    ['author_hasKey', [keyPublic(), 'aura']],
    ['author_hasSessionKeys', ['0x00']],
    ['author_removeExtrinsic', [[]]],
    ['system_addReservedPeer', [`/ip4/127.0.0.1/tcp/9/p2p/${PEER}`]],
    ['system_removeReservedPeer', [PEER]],
    ['system_peers', []],
    ['system_unstable_networkState', []],
    ['system_addLogFilter', ['rpc=info']],
    ['system_resetLogFilter', []],
    ['system_dryRun', ['0x00']],
    ['offchain_localStorageSet', ['PERSISTENT', STORAGE_KEY, '0x01']],
    ['offchain_localStorageGet', ['PERSISTENT', STORAGE_KEY]],
    ['offchain_localStorageClear', ['PERSISTENT', STORAGE_KEY]],
    ['state_getPairs', ['0x']],
    ['state_queryStorage', [['0x26aa394eea5630e07c48ae0c9558cef7'], genesis]],
    ['state_traceBlock', [genesis, null, null, null]],
  ];
}

/** Checks that `node` refuses every unsafe method and that its keystore stays as it was. */
async function assertUnsafeRefused(node) {
  const keysBefore = keystoreFiles(node);
  for (const [method, params] of await unsafeCalls(node)) {
    const res = await rpc(node, method, params);
    assert.equal(res.error?.message, UNSAFE_MESSAGE, `${method}: ${JSON.stringify(res)}`);
    assert.equal(res.error.code, method.startsWith('state_') ? 4003 : -32601, method);
  }
  assert.deepEqual(keystoreFiles(node), keysBefore, 'keystore unchanged');
}

/** Checks that `node` serves the safe methods a wallet or dApp needs. */
async function assertSafeServed(node) {
  const health = await result(node, 'system_health');
  assert.equal(health.isSyncing, false);
  const best = await result(node, 'chain_getBlockHash');
  const block = await result(node, 'chain_getBlock', [best]);
  assert.match(block.block.header.number, /^0x[0-9a-f]+$/);
  // `AuraApi_authorities` of the dev preset: one authority (Alice).
  assert.match(await result(node, 'state_call', ['AuraApi_authorities', '0x']), /^0x04[0-9a-f]{64}$/);
  // An unknown organization is `None`.
  assert.equal(await result(node, 'state_call', ['OrganizationsApi_organization', '0xffffffff']), '0x00');
  assert.equal(await result(node, 'system_accountNextIndex', [signer('//Ferdie').address]), 0);
}

// ---- Listening and unsafe methods --------------------------------------------------------------

test('by default RPC listens on loopback only, and there the unsafe methods work', TIMEOUT, async () => {
  const node = nodes.local;
  const logged = loggedRpcAddresses(node);
  assert.ok(logged.length > 0);
  for (const [ip] of logged) assert.ok(isLoopback(ip), `logged RPC address ${ip}`);
  const kernel = listeningOn(node.rpcPort);
  assert.ok(kernel.length > 0, `a listening socket on port ${node.rpcPort}`);
  for (const ip of kernel) assert.ok(isLoopback(ip), `listening on ${ip}:${node.rpcPort}`);
  for (const [, port] of logged) {
    for (const ip of listeningOn(port)) assert.ok(isLoopback(ip), `listening on ${ip}:${port}`);
  }

  // The local operator's node: keys go in, peers and offchain storage are reachable.
  for (const [method, params] of await unsafeCalls(node)) {
    const res = await rpc(node, method, params);
    assert.notEqual(res.error?.message, UNSAFE_MESSAGE, `${method} refused on loopback`);
  }
  assert.equal(await result(node, 'author_hasKey', [keyPublic(), 'aura']), true);
  assert.match(await result(node, 'author_rotateKeys'), /^0x[0-9a-f]{128}$/); // Aura + GRANDPA keys
  assert.ok(keystoreFiles(node).length >= 3, `keystore: ${keystoreFiles(node)}`);
  assert.deepEqual(await result(node, 'system_peers'), []);
  await result(node, 'offchain_localStorageSet', ['PERSISTENT', '0x6b6579', '0x2a']);
  assert.equal(await result(node, 'offchain_localStorageGet', ['PERSISTENT', '0x6b6579']), '0x2a');
  await assertSafeServed(node);
});

test('a public node (--rpc-external --rpc-methods safe) listens on all interfaces and refuses unsafe methods', TIMEOUT, async () => {
  const node = nodes.public;
  for (const [ip] of loggedRpcAddresses(node)) assert.ok(isUnspecified(ip), `logged RPC address ${ip}`);
  assert.ok(listeningOn(node.rpcPort).includes('0.0.0.0'), `listening: ${listeningOn(node.rpcPort)}`);
  await assertUnsafeRefused(node);
  // Listed, but refused: `rpc_methods` is no guide to what a caller may use.
  assert.ok((await result(node, 'rpc_methods')).methods.includes('author_insertKey'));
  // Nor can a runtime call make session keys: the runtime has no keystore there.
  const generate = await rpc(node, 'state_call', ['SessionKeys_generate_session_keys', '0x0000']);
  assert.match(generate.error?.message ?? '', /keystore/, JSON.stringify(generate));
  assert.deepEqual(keystoreFiles(node), []);
});

test('a public node serves the safe methods and transactions', TIMEOUT, async () => {
  const node = nodes.public;
  await assertSafeServed(node);
  // What a load balancer asks: plain GETs answered from `system_health`.
  for (const path of ['/health', '/health/readiness']) {
    const res = await http(node.rpcPort, { method: 'GET', path });
    assert.equal(res.status, 200, `${path}: ${res.text}`);
  }
  assert.equal((await http(node.rpcPort, { method: 'GET', path: '/health' })).json?.isSyncing, false);
  // polkadot.js over WebSocket, as a wallet connects.
  const before = (await api.rpc.chain.getHeader()).number.toNumber();
  const dest = signer('//Alice//exposure-dest');
  const included = await submit(api, api.tx.balances.transferKeepAlive(dest.address, UNIT), signer('//Alice'));
  assert.ok(included.blockNumber > before);
  assert.equal((await api.query.system.account(dest.address)).data.free.toBigInt(), UNIT);
});

test('with --rpc-external alone, auto serves only the safe methods', TIMEOUT, async () => {
  const node = nodes.auto;
  for (const [ip] of loggedRpcAddresses(node)) assert.ok(isUnspecified(ip), `logged RPC address ${ip}`);
  assert.ok(listeningOn(node.rpcPort).includes('0.0.0.0'));
  await assertUnsafeRefused(node);
  await assertSafeServed(node);
});

test('on loopback behind a proxy, --rpc-methods safe refuses unsafe methods', TIMEOUT, async () => {
  const node = nodes.proxied;
  for (const ip of listeningOn(node.rpcPort)) assert.ok(isLoopback(ip), `listening on ${ip}`);
  await assertUnsafeRefused(node);
  await assertSafeServed(node);
});

test('a public node answers loopback Host names only and allows the configured origin', TIMEOUT, async () => {
  const { rpcPort } = nodes.public;
  const health = JSON.stringify({ id: 1, jsonrpc: '2.0', method: 'system_health', params: [] });
  // Host filtering comes with a CORS list: a proxy must send a loopback Host.
  assert.equal((await post(rpcPort, health, { host: 'rpc.example.org' })).status, 403);
  assert.equal((await post(rpcPort, health, { host: `rpc.example.org:${rpcPort}` })).status, 403);
  for (const host of [`localhost:${rpcPort}`, `127.0.0.1:${rpcPort}`]) {
    assert.equal((await post(rpcPort, health, { host })).status, 200, host);
  }
  const allowed = await post(rpcPort, health, { origin: ORIGIN });
  assert.equal(allowed.headers['access-control-allow-origin'], ORIGIN);
  // Another origin is answered, without the header a browser needs to hand the page the answer.
  const other = await post(rpcPort, health, { origin: 'https://elsewhere.example' });
  assert.equal(other.headers['access-control-allow-origin'], undefined);
});

/** A WebSocket handshake with `origin`: resolves with the HTTP status the server answers. */
function wsHandshake(port, origin) {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1', port, path: '/', method: 'GET',
      headers: {
        host: `127.0.0.1:${port}`,
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': Buffer.from('healthchain-test').toString('base64'),
        origin,
      },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.statusCode);
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error('no answer to the handshake')));
    req.end();
  });
}

// Decided rule (docs/node.md, "Running a public node"): the node's RPC server applies --rpc-cors to
// HTTP answers only and accepts a WebSocket handshake from any Origin, since browsers do not
// apply CORS to WebSockets; a public endpoint checks Origin in the reverse proxy in front of it.
test('the node accepts a WebSocket handshake from any Origin: the proxy must check it', TIMEOUT, async () => {
  const { rpcPort } = nodes.public;
  assert.equal(await wsHandshake(rpcPort, ORIGIN), 101);
  assert.equal(await wsHandshake(rpcPort, 'https://elsewhere.example'), 101);
});

// ---- Malformed requests ------------------------------------------------------------------------

const OUR_APIS = ['OrganizationsApi', 'ConsentApi', 'RecordsApi', 'SupplyChainApi', 'KeyDirectoryApi'];

/** Our runtime API methods from metadata, with a well-formed input (each argument's default). */
function ourMethods() {
  const apis = api.runtimeMetadata.asLatest.apis.filter((a) => OUR_APIS.includes(a.name.toString()));
  assert.deepEqual(apis.map((a) => a.name.toString()).sort(), [...OUR_APIS].sort());
  return apis.flatMap((a) =>
    a.methods.map((m) => ({
      name: `${a.name}_${m.name}`,
      input: Buffer.concat(m.inputs.map((i) => Buffer.from(api.registry.createType(api.registry.createLookupType(i.type)).toU8a()))),
    })),
  );
}

/** A runtime call the runtime could not decode: the call traps and the RPC reports it. */
function assertDecodeRefused(res, what) {
  assert.ok(res.error, `${what}: ${JSON.stringify(res).slice(0, 300)}`);
  assert.equal(typeof res.error.code, 'number');
  assert.match(res.error.message, /Execution failed/, what);
}

/** Answered either way, as JSON-RPC: a hex result or an error object. */
function assertAnswered(res, what) {
  if (res.error) assert.equal(typeof res.error.message, 'string', what);
  else assert.match(res.result, /^0x[0-9a-f]*$/, what);
}

/** Deterministic bytes for garbage inputs. */
function garbage(seed, length) {
  let x = seed * 2654435761 + 1;
  return Buffer.from(Array.from({ length }, () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x & 0xff;
  }));
}

test('our runtime APIs answer well-formed calls and refuse them empty or a byte short', TIMEOUT, async () => {
  const node = nodes.public;
  const methods = ourMethods();
  assert.ok(methods.length >= 20, `${methods.length} methods`);
  for (const { name, input } of methods) {
    assert.match(await result(node, 'state_call', [name, hex(input)]), /^0x[0-9a-f]*$/, name);
    assertDecodeRefused(await rpc(node, 'state_call', [name, '0x']), `${name} empty`);
    assertDecodeRefused(await rpc(node, 'state_call', [name, hex(input.subarray(0, -1))]), `${name} truncated`);
  }
});

test('unknown runtime methods, garbage and oversize SCALE input are answered, not fatal', TIMEOUT, async () => {
  const node = nodes.public;
  for (const name of ['ConsentApi_no_such_method', 'NoSuchApi_check_access', 'consentapi_check_access', '']) {
    const res = await rpc(node, 'state_call', [name, '0x']);
    assert.ok(res.error, `${name}: ${JSON.stringify(res)}`);
    if (name) assert.match(res.error.message, /Exported method .* is not found/, name);
  }
  // A method name as long as a request may be.
  assert.ok((await rpc(node, 'state_call', [`ConsentApi_${'x'.repeat(100_000)}`, '0x'])).error);

  for (const { name } of ourMethods()) {
    const inputs = [
      garbage(name.length, 7),
      garbage(name.length + 1, 300),
      Buffer.alloc(64, 0xff),
      // A vector length prefix of 2^30 - 1 items with three bytes behind it.
      Buffer.from([0xfe, 0xff, 0xff, 0xff, 1, 2, 3]),
    ];
    for (const input of inputs) assertAnswered(await rpc(node, 'state_call', [name, hex(input)]), `${name} ${hex(input).slice(0, 20)}`);
  }
  // Just under the public node's 1 MB request limit.
  for (const name of ['ConsentApi_check_access', 'SupplyChainApi_verify', 'RecordsApi_verify', 'OrganizationsApi_members']) {
    assertAnswered(await rpc(node, 'state_call', [name, hex(garbage(7, 400_000))]), `${name} 400 kB`);
  }
});

test('malformed JSON-RPC is answered with JSON-RPC errors', TIMEOUT, async () => {
  const node = nodes.public;
  const call = (params) => rpc(node, 'state_call', params);
  const zeroAccount = `0x${'00'.repeat(32)}`;
  // Parameters of the wrong form.
  for (const params of [
    ['ConsentApi_check_access', 'zz'],
    ['ConsentApi_check_access', 12],
    ['ConsentApi_check_access', null],
    [5, '0x'],
    ['ConsentApi_check_access'],
    [],
    { name: 'ConsentApi_check_access' },
    ['ConsentApi_check_access', '0x', '0x1234'],
  ]) {
    const res = await call(params);
    assert.equal(res.error?.code, -32602, `${JSON.stringify(params)}: ${JSON.stringify(res)}`);
  }
  // A block the node does not have.
  const unknownBlock = await call(['AccountNonceApi_account_nonce', zeroAccount, `0x${'11'.repeat(32)}`]);
  assert.match(unknownBlock.error?.message ?? '', /UnknownBlock/, JSON.stringify(unknownBlock));
  assert.equal((await rpc(node, 'no_such_method', [])).error?.code, -32601);

  // Bodies that are not JSON-RPC requests.
  const bodies = [
    ['garbage', -32700],
    ['{"id":1,"jsonrpc":"2.0","method":"state_call",', -32700],
    [Buffer.from([0xff, 0xfe, 0x00, 0x80]), -32700],
    ['{"id":1,"jsonrpc":"1.0","method":"system_health"}', -32600],
    ['{"id":1,"method":"system_health"}', -32600],
    ['[]', -32600],
    ['1', -32700],
    ['['.repeat(100_000) + ']'.repeat(100_000), null],
  ];
  for (const [body, code] of bodies) {
    const res = await post(node.rpcPort, body);
    const first = Array.isArray(res.json) ? res.json[0] : res.json;
    assert.ok(first?.error, `${String(body).slice(0, 40)}: HTTP ${res.status} ${res.text.slice(0, 200)}`);
    if (code !== null) assert.equal(first.error.code, code, String(body).slice(0, 40));
  }

  // Over --rpc-max-request-size (1 MB here).
  const big = JSON.stringify({ id: 1, jsonrpc: '2.0', method: 'state_call', params: ['ConsentApi_check_access', hex(Buffer.alloc(600_000))] });
  const tooBig = await http(node.rpcPort, { body: big, expectContinue: true });
  assert.equal(tooBig.status, 413);
  assert.equal(tooBig.json?.error?.code, -32007);
});

test('after the malformed requests the public node is healthy and produces blocks', TIMEOUT, async () => {
  const node = nodes.public;
  assert.equal(node.exited(), false);
  assert.equal((await result(node, 'system_health')).isSyncing, false);
  const before = (await api.rpc.chain.getHeader()).number.toNumber();
  const included = await submit(api, api.tx.system.remark('0x00'), signer('//Bob'));
  assert.ok(included.blockNumber > before);
  await assertSafeServed(node);
});

// The everyday build's runtime carries the benchmarking API, and `state_call` is a safe method, so
// anyone can call it. The node refuses the benchmark database's host functions: the call fails
// with an error instead of stopping the node (which it did before they were overridden).
test('a runtime call of the benchmarking API fails and the node carries on', TIMEOUT, async () => {
  const node = nodes.auto;
  const compact = (n) => Buffer.from([n << 2]);
  const bytes = (s) => Buffer.concat([compact(s.length), Buffer.from(s)]);
  // BenchmarkConfig { pallet, instance, benchmark, selected_components: [], verify: false, internal_repeats: 1 }
  const config = Buffer.concat([
    bytes('frame_benchmarking'),
    bytes('BaselineBench::<Runtime>'),
    bytes('hashing'),
    compact(0),
    Buffer.from([0, 1, 0, 0, 0]),
  ]);
  const before = (await result(node, 'chain_getHeader')).number;
  const res = await rpc(node, 'state_call', ['Benchmark_dispatch_benchmark', hex(config)]);
  assert.ok(res.error, `expected an error, got ${JSON.stringify(res).slice(0, 200)}`);
  assert.match(JSON.stringify(res.error), /benchmark pallet/);
  assert.equal(node.exited(), false, 'node exited');
  assert.equal((await result(node, 'system_health')).isSyncing, false);
  // It still includes transactions and seals blocks after the refused call.
  const own = await connect(node.endpoint);
  try {
    const included = await submit(own, own.tx.system.remark('0x01'), signer('//Bob'));
    assert.ok(included.blockNumber > parseInt(before, 16));
  } finally {
    await own.disconnect();
  }
  assert.equal(node.exited(), false, 'node exited');
});
