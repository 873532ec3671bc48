// Running the parachain build of the runtime on loopback without a relay chain, for the
// end-to-end tests: under Chopsticks (which builds a block for each transaction from a raw chain
// spec, with mock relay-chain data) or under `polkadot-omni-node` with instant sealing. Both
// resolve with the shape `startNode` resolves with, so the tests connect to either the same way.
//
// Each process runs under coreutils `timeout`, in a process group of its own: it stops itself
// after `lifetimeMs` even if the test process that started it died, `stop()` ends the whole
// group (SIGTERM, then SIGKILL after 10 s), and a test process that exits normally kills what
// it left running.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, existsSync, createWriteStream, readFileSync } from 'node:fs';
import { tmpdir, homedir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, rpcReady, stopAndKill } from './node.mjs';

const modulesDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules');

/** How long a started process may live at most before it stops itself (1 h). */
export const DEFAULT_LIFETIME_MS = 3_600_000;

/** Process groups started here and not yet exited, killed when this process exits. */
const running = new Set();
process.on('exit', () => {
  for (const pid of running) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
});

/**
 * The chain spec to run: `spec`, else `$HC_CHAIN_SPEC`. Throws a clear error when neither is
 * set or the file does not exist.
 */
export function chainSpecPath(spec = process.env.HC_CHAIN_SPEC) {
  if (!spec) {
    throw new Error('no chain spec: set HC_CHAIN_SPEC to a raw chain spec of the parachain (scripts/test-parachain.sh makes one)');
  }
  const path = resolve(spec);
  if (!existsSync(path)) throw new Error(`chain spec ${path} not found`);
  return path;
}

/**
 * Node.js to run Chopsticks with, which needs version 22 or later: the running one if it is
 * recent enough, else the one the `node` npm package of scripts/ installs.
 */
export function chopsticksNode() {
  if (Number(process.versions.node.split('.')[0]) >= 22) return process.execPath;
  const path = join(modulesDir, 'node', 'bin', 'node');
  if (!existsSync(path)) throw new Error(`${path} not found: install the scripts' npm packages (scripts/setup.sh)`);
  return path;
}

/** The Chopsticks command line of scripts/node_modules. */
export function chopsticksEntry() {
  const installed = join(modulesDir, '@acala-network', 'chopsticks', 'chopsticks.cjs');
  if (!existsSync(installed)) throw new Error(`${installed} not found: install the scripts' npm packages (scripts/setup.sh)`);
  return installed;
}

/** Path of `polkadot-omni-node`: `$POLKADOT_OMNI_NODE`, or `~/.cache/omni-node/bin/polkadot-omni-node`. */
export function omniNodeBinary() {
  const path = process.env.POLKADOT_OMNI_NODE || join(homedir(), '.cache', 'omni-node', 'bin', 'polkadot-omni-node');
  if (!existsSync(path)) throw new Error(`${path} not found: install polkadot-omni-node or set POLKADOT_OMNI_NODE`);
  return path;
}

/**
 * Checks that `path` is a raw chain spec with properties, as Chopsticks needs (it serves
 * `system_properties` from them and fails to start without).
 */
function checkRawSpec(path) {
  const spec = JSON.parse(readFileSync(path, 'utf8'));
  if (!spec.genesis?.raw?.top) throw new Error(`${path} is not a raw chain spec (convert it with chain-spec-builder convert-to-raw)`);
  if (!spec.properties || typeof spec.properties !== 'object') {
    throw new Error(`${path} has no properties (tokenSymbol, tokenDecimals, ss58Format)`);
  }
}

/** One JSON-RPC call over HTTP to 127.0.0.1:`port`; resolves with the result, rejects with the error. */
async function rpcCall(port, method, params = []) {
  const r = await fetch(`http://127.0.0.1:${port}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: 1, jsonrpc: '2.0', method, params }),
  });
  const body = await r.json();
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

/**
 * Starts `command args` under `timeout` in a process group of its own, its output written to
 * `<basePath>/<name>.log`. Returns the handle the start functions complete: `process`, `logFile`,
 * `exited()`, `waitExit()`, `output()` (what it printed so far, for readiness checks), `stop()`
 * and `kill()`.
 */
function launch({ command, args, basePath, ownBase, name, lifetimeMs }) {
  const logFile = join(basePath, `${name}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  const seconds = String(Math.ceil(lifetimeMs / 1000));
  const child = spawn('timeout', ['--kill-after=10', seconds, command, ...args], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  running.add(child.pid);
  // The first output is kept for readiness checks (the address Chopsticks listens on).
  let printed = '';
  const keep = (chunk) => {
    if (printed.length < 1_000_000) printed += chunk.toString();
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  let exited = false;
  const exitPromise = new Promise((res) => child.on('exit', (code, signal) => {
    exited = true;
    running.delete(child.pid);
    res({ code, signal });
  }));
  const signalGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // The group is gone.
    }
  };
  return {
    basePath,
    logFile,
    process: child,
    exited: () => exited,
    waitExit: () => exitPromise,
    output: () => printed,
    ...stopAndKill({ signal: signalGroup, exited: () => exited, exitPromise, log, basePath, ownBase }),
  };
}

/** Rejects when `handle`'s process exits, naming `what` and its log. */
function exitDuringStart(handle, what) {
  return handle.waitExit().then(({ code, signal }) => {
    throw new Error(`${what} exited (${signal ?? `code ${code}`}) during start; log: ${handle.logFile}`);
  });
}

/** Resolves with the first match of `pattern` in `handle`'s output; rejects after `timeoutMs`. */
async function waitForOutput(handle, pattern, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = handle.output().match(pattern);
    if (match) return match;
    if (handle.exited()) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no ${pattern} in the output after ${timeoutMs} ms; log: ${handle.logFile}`);
}

/**
 * Chopsticks builds block 1 as it starts, and listens even when that fails, at block 0. It
 * reads the wall clock twice for that block (once for the Aura slot in the header, once for the
 * timestamp, and for a parachain once more for the relay-chain slot), so a slot boundary
 * passing in between fails it now and then; later blocks take their time from their parent.
 * Tries again twice, then gives up: the runtime cannot build blocks under Chopsticks.
 */
async function ensureFirstBlock(port, logFile) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const header = await rpcCall(port, 'chain_getHeader');
    if (Number(header.number) >= 1) return;
    await rpcCall(port, 'dev_newBlock').catch(() => {});
  }
  const header = await rpcCall(port, 'chain_getHeader');
  if (Number(header.number) < 1) throw new Error(`chopsticks built no block on the genesis; log: ${logFile}`);
}

/**
 * Starts Chopsticks on a raw chain spec, with no network: it builds the chain from the spec's
 * genesis, one block for each transaction (`--build-block-mode Instant`), each block one slot
 * after its parent, with mock relay-chain validation data for a parachain. Options:
 * - `spec`: the raw chain spec (default `$HC_CHAIN_SPEC`); its `properties` must be set;
 * - `name`: prefix of the log file, written under a new temporary folder (removed on stop);
 * - `port`: RPC port (default a free one; Chopsticks moves up to 9 ports on if it is taken);
 * - `args`: more Chopsticks arguments;
 * - `lifetimeMs`: when the process stops itself at the latest.
 * Resolves with `{ endpoint, rpcPort, p2pPort: null, basePath, logFile, process, stop(), kill(), ... }`.
 */
export async function startChopsticks({ spec, name = 'chopsticks', port, args = [], readyTimeoutMs = 180_000, lifetimeMs = DEFAULT_LIFETIME_MS } = {}) {
  const specPath = chainSpecPath(spec);
  checkRawSpec(specPath);
  port = port ?? (await freePort());
  const basePath = mkdtempSync(join(tmpdir(), 'healthchain-'));
  const handle = launch({
    command: chopsticksNode(),
    args: [
      chopsticksEntry(),
      `--genesis=${specPath}`,
      '--host', '127.0.0.1',
      '--port', String(port),
      '--build-block-mode', 'Instant',
      ...args,
    ],
    basePath,
    ownBase: true,
    name,
    lifetimeMs,
  });
  try {
    const [, rpcPort] = await Promise.race([
      waitForOutput(handle, /RPC listening on http:\/\/\S+ and ws:\/\/127\.0\.0\.1:(\d+)/, readyTimeoutMs),
      exitDuringStart(handle, 'chopsticks'),
    ]);
    await rpcReady(Number(rpcPort), 10_000);
    await ensureFirstBlock(Number(rpcPort), handle.logFile);
    return { ...handle, endpoint: `ws://127.0.0.1:${rpcPort}`, rpcPort: Number(rpcPort), p2pPort: null, backend: 'chopsticks' };
  } catch (e) {
    await handle.stop({ keepData: true });
    throw e;
  }
}

/**
 * Starts `polkadot-omni-node` on a chain spec with instant sealing (a block as each transaction
 * arrives, each block one slot after its parent, starting two hours in the past) and mock
 * relay-chain data. Options:
 * - `spec`: the chain spec (default `$HC_CHAIN_SPEC`);
 * - `basePath`: database folder (default a new temporary folder, removed on stop);
 * - `name`: prefix of the log file, written under the base path;
 * - `rpcPort`, `p2pPort`: ports (default free ones);
 * - `args`: more node arguments;
 * - `lifetimeMs`: when the process stops itself at the latest.
 * Resolves with `{ endpoint, rpcPort, p2pPort, basePath, logFile, process, stop(), kill(), ... }`.
 */
export async function startOmniNode({ spec, basePath, name = 'omni', rpcPort, p2pPort, args = [], readyTimeoutMs = 120_000, lifetimeMs = DEFAULT_LIFETIME_MS } = {}) {
  const specPath = chainSpecPath(spec);
  const binary = omniNodeBinary();
  rpcPort = rpcPort ?? (await freePort());
  p2pPort = p2pPort ?? (await freePort());
  const ownBase = !basePath;
  basePath = basePath ?? mkdtempSync(join(tmpdir(), 'healthchain-'));
  const handle = launch({
    command: binary,
    args: [
      '--chain', specPath,
      '--instant-seal',
      '--base-path', basePath,
      '--rpc-port', String(rpcPort),
      '--port', String(p2pPort),
      '--node-key', randomBytes(32).toString('hex'),
      '--no-prometheus',
      '--no-telemetry',
      '--no-mdns',
      '--no-hardware-benchmarks',
      '--rpc-max-connections', '1000',
      ...args,
    ],
    basePath,
    ownBase,
    name,
    lifetimeMs,
  });
  try {
    await Promise.race([rpcReady(rpcPort, readyTimeoutMs), exitDuringStart(handle, 'polkadot-omni-node')]);
    return { ...handle, endpoint: `ws://127.0.0.1:${rpcPort}`, rpcPort, p2pPort, backend: 'omni' };
  } catch (e) {
    await handle.stop({ keepData: true });
    throw e;
  }
}
