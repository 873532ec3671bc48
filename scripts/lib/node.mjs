// Starting and stopping `healthchain-node` processes on loopback, for tests and measurements.

import { spawn, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync, existsSync, createWriteStream } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Cargo's target directory as scripts/setup.sh sets it: `CARGO_TARGET_DIR` or Cargo's config,
 * and ~/.cache/healthchain-target where Cargo would use the work tree's `target/`.
 */
export function targetDir() {
  const meta = JSON.parse(
    execFileSync('cargo', ['metadata', '--format-version', '1', '--no-deps'], { cwd: repoRoot, encoding: 'utf8' }),
  );
  return meta.target_directory === join(repoRoot, 'target') ? join(homedir(), '.cache', 'healthchain-target') : meta.target_directory;
}

/** Path of the node binary: `$HEALTHCHAIN_NODE`, or the release build in Cargo's target dir. */
export function nodeBinary() {
  if (process.env.HEALTHCHAIN_NODE) return process.env.HEALTHCHAIN_NODE;
  const path = join(targetDir(), 'release', 'healthchain-node');
  if (!existsSync(path)) throw new Error(`${path} not found: build it with 'cargo build --release'`);
  return path;
}

/**
 * Path of a runtime WASM of the release build, `<name>.compact.compressed.wasm`: the runtime's
 * build writes `healthchain_runtime` (the one the node embeds), `healthchain_runtime_next`
 * (the same runtime one `spec_version` later) and `healthchain_parachain_runtime` (the parachain
 * build). The file may not exist.
 */
export function runtimeBlobPath(name) {
  return join(targetDir(), 'release', 'wbuild', 'healthchain-runtime', `${name}.compact.compressed.wasm`);
}

/** A TCP port on 127.0.0.1 that is free right now. */
export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

/** Resolves once `system_health` answers over HTTP on 127.0.0.1:`port`; rejects after `timeoutMs`. */
export async function rpcReady(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id: 1, jsonrpc: '2.0', method: 'system_health', params: [] }),
      });
      if (r.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`node RPC on port ${port} not ready after ${timeoutMs} ms`);
}

/**
 * `stop()` and `kill()` for a started process whose exit `exitPromise` reports: `signal(name)`
 * sends it a signal, `exited()` says whether it is gone, `log` is its log stream, and
 * `basePath` is removed on `stop()` when `ownBase` (the process's own temporary folder).
 */
export function stopAndKill({ signal, exited, exitPromise, log, basePath, ownBase }) {
  return {
    /** Stops the process gracefully (SIGTERM, then SIGKILL after 10 s) and removes its own folder. */
    async stop({ keepData = false } = {}) {
      if (!exited()) {
        signal('SIGTERM');
        const t = setTimeout(() => signal('SIGKILL'), 10_000);
        await exitPromise;
        clearTimeout(t);
      }
      log.end();
      if (ownBase && !keepData) rmSync(basePath, { recursive: true, force: true });
    },
    /** Kills the process at once, as a crash would, keeping its folder. */
    async kill() {
      if (!exited()) {
        signal('SIGKILL');
        await exitPromise;
      }
    },
  };
}

/**
 * Starts a node. Options:
 * - `args`: extra arguments (default: a dev chain with instant sealing);
 * - `basePath`: database folder to use (default: a new temporary folder, removed on stop);
 * - `name`: prefix of the log file, written under the temporary folder.
 * Resolves with `{ endpoint, rpcPort, p2pPort, basePath, logFile, process, stop(), kill() }`.
 */
export async function startNode({ args = ['--dev', '--sealing', 'instant'], basePath, name = 'node', readyTimeoutMs = 180_000, rpcPort, p2pPort } = {}) {
  rpcPort = rpcPort ?? (await freePort());
  p2pPort = p2pPort ?? (await freePort());
  const ownBase = !basePath;
  basePath = basePath ?? mkdtempSync(join(tmpdir(), 'healthchain-'));
  const logFile = join(basePath, `${name}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  // Outside --dev a node needs a network key: give each test node a fresh one.
  const nodeKey = args.includes('--dev') || args.includes('--node-key') ? [] : ['--node-key', randomBytes(32).toString('hex')];
  // Defaults for test nodes; the node takes each flag once, so `args` may replace them.
  const defaults = [['--no-prometheus'], ['--no-telemetry'], ['--no-mdns'], ['--rpc-max-connections', '1000']]
    .filter(([flag]) => !args.includes(flag))
    .flat();
  const fullArgs = [
    ...args,
    ...nodeKey,
    '--base-path', basePath,
    '--rpc-port', String(rpcPort),
    '--port', String(p2pPort),
    ...defaults,
  ];
  const child = spawn(nodeBinary(), fullArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  // The port chosen above may be taken by the time the node binds it (genesis can take minutes on
  // a busy machine, and other nodes bind ephemeral ports meanwhile); the node then falls back to
  // another port and says which in its log. Follow what it says.
  const boundPort = new Promise((res) => {
    let seen = '';
    const watch = (chunk) => {
      seen = (seen + chunk.toString()).slice(-4096);
      const m = /Running JSON-RPC server: addr=[^\s,]*:(\d+)/.exec(seen);
      if (m) {
        child.stderr.off('data', watch);
        child.stdout.off('data', watch);
        res(Number(m[1]));
      }
    };
    child.stderr.on('data', watch);
    child.stdout.on('data', watch);
  });
  let exited = false;
  const exitPromise = new Promise((res) => child.on('exit', (code, signal) => { exited = true; res({ code, signal }); }));

  const node = {
    endpoint: `ws://127.0.0.1:${rpcPort}`,
    rpcPort,
    p2pPort,
    basePath,
    logFile,
    process: child,
    exited: () => exited,
    waitExit: () => exitPromise,
    ...stopAndKill({ signal: (name) => child.kill(name), exited: () => exited, exitPromise, log, basePath, ownBase }),
  };
  try {
    const deadline = Date.now() + readyTimeoutMs;
    await Promise.race([
      (async () => {
        const port = await Promise.race([
          boundPort,
          new Promise((_, rej) => setTimeout(() => rej(new Error(`node RPC on port ${rpcPort} not started after ${readyTimeoutMs} ms; log: ${logFile}`)), readyTimeoutMs).unref()),
        ]);
        if (port !== rpcPort) {
          node.rpcPort = port;
          node.endpoint = `ws://127.0.0.1:${port}`;
        }
        await rpcReady(port, Math.max(deadline - Date.now(), 1_000));
      })(),
      exitPromise.then(({ code }) => { throw new Error(`node exited with code ${code} during start; log: ${logFile}`); }),
    ]);
  } catch (e) {
    await node.stop({ keepData: true });
    throw e;
  }
  return node;
}
