// Starting the indexer (`healthchain-indexer`, docs/indexer.md) and a throwaway PostgreSQL
// server on loopback, for tests and scripts. The client of its HTTP API (EPCIS, and FHIR read
// with signed requests) is indexer-client.mjs, shared with the web app and re-exported here.

import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort, stopAndKill, targetDir } from './node.mjs';
import { spawnLogged, untilListening } from './process.mjs';

export * from './indexer-client.mjs';

/** Path of the indexer binary: `$HEALTHCHAIN_INDEXER`, or the release build in the target dir. */
export function indexerBinary() {
  if (process.env.HEALTHCHAIN_INDEXER) return process.env.HEALTHCHAIN_INDEXER;
  const path = join(targetDir(), 'release', 'healthchain-indexer');
  if (!existsSync(path)) throw new Error(`${path} not found: build it with scripts/build.sh`);
  return path;
}

/**
 * Starts an indexer following the node at `nodeUrl` into `database` (default: a SQLite file in
 * `dataDir`), its API on a free port of 127.0.0.1. `dataDir` holds the log (default: a new
 * temporary folder, removed on stop). `args` are extra flags (e.g. `['--batch', '16']`).
 * Resolves, once it listens, with `{ url, database, dataDir, logFile, process, stop(), kill() }`.
 */
export async function startIndexer({ nodeUrl, database, dataDir, args = [], readyTimeoutMs = 120_000 }) {
  const ownBase = !dataDir;
  dataDir = dataDir ?? mkdtempSync(join(tmpdir(), 'healthchain-indexer-'));
  database = database ?? `sqlite:${join(dataDir, 'index.db')}`;
  const port = await freePort();
  const logFile = join(dataDir, `indexer-${port}.log`);
  const flags = ['--node', nodeUrl, '--database', database, '--listen', `127.0.0.1:${port}`, '--progress-secs', '1', ...args];
  const { child, log, stderrTail, hasExited, exitPromise } = spawnLogged(indexerBinary(), flags, logFile, { RUST_LOG: 'info' });
  const indexer = {
    url: `http://127.0.0.1:${port}`,
    database,
    dataDir,
    logFile,
    process: child,
    exitPromise,
    ...stopAndKill({ signal: (name) => child.kill(name), exited: hasExited, exitPromise, log, basePath: dataDir, ownBase }),
  };
  try {
    await untilListening({ child, exitPromise, name: 'indexer', logFile, stderrTail, readyTimeoutMs });
  } catch (e) {
    await indexer.stop({ keepData: true });
    throw e;
  }
  return indexer;
}

/** Debian's PostgreSQL binaries (`/usr/lib/postgresql/<version>/bin`), newest first, or null. */
function postgresBin() {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0], 'bin') : null;
}

/**
 * Starts a throwaway PostgreSQL server (Debian's package, which scripts/setup.sh installs with
 * HC_SETUP_POSTGRES=1) on a free port of 127.0.0.1, with trust authentication for its
 * superuser `postgres`. As root, it runs as the `postgres` system user (PostgreSQL refuses
 * root). Resolves with `{ url(database), createDatabase(name), stop() }`; `stop()` removes its
 * data.
 */
export async function startPostgres({ readyTimeoutMs = 60_000 } = {}) {
  const bin = postgresBin();
  if (!bin) throw new Error('PostgreSQL not found under /usr/lib/postgresql: run scripts/setup.sh with HC_SETUP_POSTGRES=1');
  const base = mkdtempSync(join(tmpdir(), 'healthchain-postgres-'));
  const data = join(base, 'data');
  const asRoot = userInfo().uid === 0;
  let ids = {};
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(base, uid, gid);
    ids = { uid, gid };
  }
  chmodSync(base, 0o700);
  execFileSync(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-sync'], { stdio: 'ignore', ...ids });
  const port = await freePort();
  const logFile = join(base, 'postgres.log');
  const { child, log, stderrTail, hasExited, exitPromise } = spawnLogged(
    join(bin, 'postgres'),
    ['-D', data, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${base}`, '-c', 'fsync=off'],
    logFile,
    {},
    { spawn: ids },
  );
  const server = {
    port,
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    createDatabase: (name) => execFileSync(join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', name], { stdio: 'ignore' }),
    ...stopAndKill({ signal: (name) => child.kill(name), exited: hasExited, exitPromise, log, basePath: base, ownBase: true }),
  };
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (hasExited()) {
      await server.stop({ keepData: true });
      throw new Error(`postgres exited during start; log: ${logFile}\n${stderrTail()}`);
    }
    try {
      execFileSync(join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres'], { stdio: 'ignore' });
      return server;
    } catch {
      // Not accepting connections yet.
    }
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`postgres not ready after ${readyTimeoutMs} ms; log: ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
