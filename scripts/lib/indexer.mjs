// Starting the indexer (`healthchain-indexer`, docs/indexer.md) and a throwaway PostgreSQL
// server on loopback, for tests and scripts; and reading the indexer's HTTP API: EPCIS, open to
// anyone who reaches it, and FHIR, signed by the patient, a guardian or an auditor with the
// gatekeeper's four headers (gatekeeper-client.mjs) over the line
//
//   healthchain-indexer/v1 \n GET \n path and query as sent \n nonce \n timestamp

import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort, stopAndKill, targetDir } from './node.mjs';
import { spawnLogged, untilListening } from './process.mjs';
import { lineHeadersAsync } from './gatekeeper-client.mjs';

/** First line of what a FHIR request signs: the protocol and its version. */
export const INDEXER_PROTOCOL = 'healthchain-indexer/v1';
/** The indexer's address when none is given (`--indexer`, `HC_INDEXER`). */
export const DEFAULT_INDEXER = 'http://127.0.0.1:8900';
/** The FHIR resource types the indexer serves, in the order `exportFhir` reads them. */
export const FHIR_TYPES = Object.freeze(['Consent', 'AuditEvent', 'Provenance']);
/** The FHIR releases it writes them for. */
export const FHIR_VERSIONS = Object.freeze(['R4', 'R5']);

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

/** GET `path` of the indexer at `url` as JSON; throws with the answer's error unless 2xx. */
export async function indexerGet(url, path) {
  const response = await fetch(`${url}${path}`);
  const body = await response.json();
  if (!response.ok) throw Object.assign(new Error(`${path}: ${response.status} ${body.error}: ${body.message}`), { status: response.status, body });
  return { body, headers: response.headers };
}

/** Waits until the indexer has written block `number` (its `/health`), for up to `timeoutMs`. */
export async function indexedTo(url, number, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const health = await indexerGet(url, '/health').then((r) => r.body).catch(() => null);
    if (health && health.indexed >= number) return health;
    if (Date.now() > deadline) throw new Error(`indexer at ${url} not at #${number} after ${timeoutMs} ms: ${JSON.stringify(health)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Every page of `/epcis/events?query`: the events in chain order. */
export async function allEpcisEvents(url, query = '') {
  const events = [];
  let next = `/epcis/events?${query}`;
  while (next) {
    const { body, headers } = await indexerGet(url, next);
    events.push(...body.epcisBody.queryResults.resultsBody.eventList);
    const link = headers.get('link');
    next = link ? /^<([^>]+)>; rel="next"$/.exec(link)?.[1] : null;
  }
  return events;
}

/**
 * The EPCIS events of blocks `from`..=`to` (either may be omitted) as one `EPCISDocument`,
 * read page by page from the indexer at `url`.
 */
export async function exportEpcis(url, { from, to } = {}) {
  const params = new URLSearchParams({ perPage: '1000' });
  if (from !== undefined) params.set('fromBlock', String(from));
  if (to !== undefined) params.set('toBlock', String(to));
  const first = (await indexerGet(url, `/epcis/events?${params}`)).body;
  const events = await allEpcisEvents(url, params.toString());
  return {
    '@context': first['@context'],
    type: 'EPCISDocument',
    schemaVersion: first.schemaVersion,
    creationDate: first.creationDate,
    epcisBody: { eventList: events },
  };
}

// ------------------------------------------------------------------ FHIR

/** The text a FHIR reader signs: the lines joined by `\n`, no trailing newline. */
export function indexerLine(path, nonce, timestamp) {
  return [INDEXER_PROTOCOL, 'GET', path, nonce, String(timestamp)].join('\n');
}

/**
 * The four signature headers of a GET of `path` (path and query exactly as sent) by `signer`: a
 * keyring pair, or a wallet account `{ address, signRaw }`. The nonce is 16 random bytes as hex
 * and the timestamp the clock's, unless given.
 */
export function fhirHeaders(signer, path, options = {}) {
  return lineHeadersAsync(signer, (nonce, timestamp) => indexerLine(path, nonce, timestamp), options);
}

/**
 * The path and query of a FHIR search: `/fhir/{version}/{type}?patient=…&from-block=…&to-block=…&_count=…`,
 * each parameter only when given. `patient` is an SS58 address or 0x-hex account.
 */
export function fhirSearchPath({ version = 'R4', type, patient, from, to, count } = {}) {
  if (!type) throw new Error('a FHIR search needs a resource type');
  const params = new URLSearchParams();
  if (patient !== undefined && patient !== null) params.set('patient', String(patient));
  if (from !== undefined && from !== null) params.set('from-block', String(from));
  if (to !== undefined && to !== null) params.set('to-block', String(to));
  if (count !== undefined && count !== null) params.set('_count', String(count));
  const query = params.toString();
  return `/fhir/${version}/${type}${query ? `?${query}` : ''}`;
}

/**
 * GET `path` of the indexer at `url`, signed by `signer` (see `fhirHeaders`); `headers` replaces
 * the signature headers (a replayed or forged request, in tests). Resolves with `{ status, body,
 * headers }` when 2xx; otherwise throws with `.status`, `.reason` (the OperationOutcome's
 * `details.text`, e.g. `NotPermitted`) and `.body` (the OperationOutcome).
 */
export async function fhirGet(url, path, signer, { headers } = {}) {
  const target = `${String(url).replace(/\/+$/, '')}${path}`;
  let response;
  try {
    response = await fetch(target, { headers: headers ?? (await fhirHeaders(signer, path)) });
  } catch (e) {
    throw new Error(`cannot reach the indexer at ${new URL(target).origin}: ${e.cause?.message ?? e.message}`);
  }
  const text = await response.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  if (!response.ok) {
    const issue = body?.issue?.[0];
    const reason = issue?.details?.text ?? null;
    const detail = issue?.diagnostics ?? (typeof body === 'string' ? body.slice(0, 200) : '');
    const message = `${path}: ${response.status}${reason ? ` ${reason}` : ''}${detail ? `: ${detail}` : ''}`;
    throw Object.assign(new Error(message), { status: response.status, reason, body });
  }
  return { status: response.status, body, headers: response.headers };
}

/** The path and query of a Bundle link's absolute URL (`http://host/fhir/…` → `/fhir/…`), as given. */
function linkPath(link) {
  const match = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#]*(.*)$/.exec(link);
  const path = match ? match[1] : link;
  if (!path.startsWith('/')) throw new Error(`not a link the indexer gives: ${link}`);
  return path;
}

/**
 * Every resource a FHIR search of the indexer at `url` matches, in chain order: the first page
 * (see `fhirSearchPath` for the parameters; `count` is the page size, 1 to 1000), then each
 * `next` link, each request signed by `signer`.
 */
export async function fhirSearch(url, search, signer) {
  const resources = [];
  const seen = new Set();
  let path = fhirSearchPath(search);
  while (path) {
    if (seen.has(path)) throw new Error(`the indexer's next link goes back to ${path}`);
    seen.add(path);
    const { body } = await fhirGet(url, path, signer);
    if (body?.resourceType !== 'Bundle') throw new Error(`${path}: expected a Bundle, got ${body?.resourceType ?? typeof body}`);
    resources.push(...(body.entry ?? []).map((e) => e.resource));
    const next = (body.link ?? []).find((l) => l.relation === 'next');
    path = next ? linkPath(next.url) : null;
  }
  return resources;
}

/**
 * The patient trail of blocks `from`..=`to` (either may be omitted) as FHIR `version` (`R4` or
 * `R5`) resources, read by `signer` from the indexer at `url`: `{ Consent, AuditEvent,
 * Provenance }`, each a list in chain order. Without `patient`, every patient's (an auditor's
 * export).
 */
export async function exportFhir(url, { version = 'R4', from, to, patient } = {}, signer) {
  const out = {};
  for (const type of FHIR_TYPES) out[type] = await fhirSearch(url, { version, type, patient, from, to, count: 1000 }, signer);
  return out;
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
