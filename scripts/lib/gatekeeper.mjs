// Starting a custodian's gatekeeper (`healthchain-gatekeeper`, docs/gatekeeper.md) and an
// S3-compatible test store (moto) on loopback, for tests and scripts; the HTTP client itself is
// gatekeeper-client.mjs, re-exported here.

import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, stopAndKill } from './node.mjs';
import { spawnLogged, untilListening } from './process.mjs';

export * from './gatekeeper-client.mjs';

/** Path of a blob in the directory store rooted at `root`: `root/ab/cd/<hex digest>`. */
export function directoryBlobPath(root, hash) {
  const hex = hash.replace(/^0x/, '').toLowerCase();
  return join(root, hex.slice(0, 2), hex.slice(2, 4), hex);
}

/** Key of a blob in an S3 store with key prefix `prefix`: `<prefix><hex digest>`. */
export function s3BlobKey(prefix, hash) {
  return `${prefix}${hash.replace(/^0x/, '').toLowerCase()}`;
}

// ------------------------------------------------------------------ processes, for tests

/**
 * Path of the gatekeeper binary: `$HEALTHCHAIN_GATEKEEPER`, or the release build in
 * `$CARGO_TARGET_DIR` (default ~/.cache/healthchain-target).
 */
export function gatekeeperBinary() {
  if (process.env.HEALTHCHAIN_GATEKEEPER) return process.env.HEALTHCHAIN_GATEKEEPER;
  const target = process.env.CARGO_TARGET_DIR || join(homedir(), '.cache', 'healthchain-target');
  const path = join(target, 'release', 'healthchain-gatekeeper');
  if (!existsSync(path)) throw new Error(`${path} not found: build it with 'cargo build --release -p healthchain-gatekeeper'`);
  return path;
}

/** A TOML basic string (JSON's escapes are TOML's). */
const tomlString = (text) => JSON.stringify(String(text));

/** A TOML value: a string, a number or boolean, or an array of them. */
const tomlValue = (value) => {
  if (Array.isArray(value)) return `[${value.map(tomlValue).join(', ')}]`;
  return typeof value === 'string' ? tomlString(value) : String(value);
};

/** The `[storage]` table of `storage` (`{ backend: 'directory', path }` or `{ backend: 's3', ... }`). */
function storageToml(storage) {
  if (storage.backend === 'directory') return `[storage]\nbackend = "directory"\npath = ${tomlString(storage.path)}\n`;
  if (storage.backend !== 's3') throw new Error(`storage backend '${storage.backend}': expected directory or s3`);
  const lines = ['[storage]', 'backend = "s3"', `endpoint = ${tomlString(storage.endpoint)}`, `bucket = ${tomlString(storage.bucket)}`];
  if (storage.region !== undefined) lines.push(`region = ${tomlString(storage.region)}`);
  if (storage.prefix !== undefined) lines.push(`prefix = ${tomlString(storage.prefix)}`);
  if (storage.create_bucket !== undefined) lines.push(`create_bucket = ${Boolean(storage.create_bucket)}`);
  return `${lines.join('\n')}\n`;
}

/**
 * Starts a gatekeeper on a free port of 127.0.0.1 for organization `organization`, following
 * the node at `nodeUrl` (ws:// or http://; its RPC port serves both). `signer` is the secret
 * URI of the admin or a `Staff` member of the organization (or a pair from `freshAccounts`,
 * which keeps its `suri`). `storage`: `{ backend: 'directory', path }` (default: `blobs` in
 * `dataDir`) or `{ backend: 's3', endpoint, bucket, region, prefix, create_bucket }`. `dataDir`
 * is the gatekeeper's `data_dir` and holds its configuration and log too (default: a new
 * temporary folder, removed on stop). `env` is added to the process's environment (the S3
 * keys). `rateLimit` (`{ per_minute, burst }`) and `settings` (other top-level keys, e.g.
 * `{ request_window_secs: 60, allowed_origins: ['http://127.0.0.1:8700'] }`) go into the
 * file. Resolves, once the gatekeeper says `listening on`, with `{ url, port, dataDir,
 * configPath, logFile, process, stop(), kill() }`; `stop()` sends SIGTERM and waits for the
 * exit (SIGKILL after 10 s). A gatekeeper that exits or does not listen within `readyTimeoutMs`
 * rejects with the end of its log, its folder kept.
 */
export async function startGatekeeper({ nodeUrl, organization, signer, storage, dataDir, env = {}, rateLimit, settings = {}, readyTimeoutMs = 60_000 }) {
  const suri = typeof signer === 'string' ? signer : signer?.suri;
  if (!suri) throw new Error('signer: the secret URI of the organization\'s admin or a Staff member');
  const port = await freePort();
  const ownBase = !dataDir;
  dataDir = dataDir ?? mkdtempSync(join(tmpdir(), 'healthchain-gatekeeper-'));
  mkdirSync(dataDir, { recursive: true });
  const url = `http://127.0.0.1:${port}`;
  const store = storage ?? { backend: 'directory', path: join(dataDir, 'blobs') };
  const lines = [
    `listen = ${tomlString(`127.0.0.1:${port}`)}`,
    `public_url = ${tomlString(url)}`,
    `node = ${tomlString(String(nodeUrl).replace(/^ws(s?):\/\//, 'http$1://'))}`,
    `organization = ${Number(organization)}`,
    `signer = ${tomlString(suri)}`,
    `data_dir = ${tomlString(dataDir)}`,
    ...Object.entries(settings).map(([key, value]) => `${key} = ${tomlValue(value)}`),
  ];
  const rate = rateLimit ? `[rate_limit]\nper_minute = ${rateLimit.per_minute}\nburst = ${rateLimit.burst}\n\n` : '';
  const configPath = join(dataDir, 'gatekeeper.toml');
  writeFileSync(configPath, `${lines.join('\n')}\n\n${rate}${storageToml(store)}`);

  const logFile = join(dataDir, 'gatekeeper.log');
  const { child, log, stderrTail, hasExited, exitPromise } = spawnLogged(gatekeeperBinary(), ['--config', configPath], logFile, env);
  const gatekeeper = {
    url,
    port,
    dataDir,
    configPath,
    logFile,
    process: child,
    ...stopAndKill({ signal: (name) => child.kill(name), exited: hasExited, exitPromise, log, basePath: dataDir, ownBase }),
  };

  try {
    await untilListening({ child, exitPromise, name: 'gatekeeper', logFile, stderrTail, readyTimeoutMs });
  } catch (e) {
    await gatekeeper.stop({ keepData: true });
    throw e;
  }
  return gatekeeper;
}

/** Whether Python's `moto` (with its server) is importable. */
const motoInstalled = () => spawnSync('python3', ['-c', 'import moto.server'], { stdio: 'ignore' }).status === 0;

/**
 * Starts moto's S3-compatible server (PyPI `moto[server]`, installed with pip when missing) on
 * a free port of 127.0.0.1. It accepts any access key and does not check signatures. Resolves,
 * once it answers, with `{ endpoint, port, process, stop(), kill() }`.
 */
export async function startMoto({ readyTimeoutMs = 60_000 } = {}) {
  if (!motoInstalled()) execFileSync('python3', ['-m', 'pip', 'install', '--quiet', 'moto[server]==5.2.1'], { stdio: 'inherit' });
  const port = await freePort();
  const basePath = mkdtempSync(join(tmpdir(), 'healthchain-moto-'));
  const { child, log, stderrTail, hasExited, exitPromise } = spawnLogged('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], join(basePath, 'moto.log'));
  const endpoint = `http://127.0.0.1:${port}`;
  const moto = {
    endpoint,
    port,
    process: child,
    ...stopAndKill({ signal: (name) => child.kill(name), exited: hasExited, exitPromise, log, basePath, ownBase: true }),
  };
  const deadline = Date.now() + readyTimeoutMs;
  while (true) {
    if (hasExited()) {
      const { code, error } = await exitPromise;
      await moto.stop();
      throw new Error(`moto ${error ? `did not start: ${error.message}` : `exited with code ${code} during start`}:\n${stderrTail()}`);
    }
    try {
      await fetch(`${endpoint}/`);
      return moto;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await moto.stop();
      throw new Error(`moto not answering on ${endpoint} after ${readyTimeoutMs} ms:\n${stderrTail()}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** `url` without trailing slashes. */
const base = (url) => String(url).replace(/\/+$/, '');

const XML_ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: '\'' };
const unxml = (text) => text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name) => XML_ENTITIES[name]);

/**
 * Headers that make moto take a request as `accessKeyId`'s: moto does not check signatures,
 * but an anonymous write to a bucket another key created is refused, so the request names the
 * key in an `Authorization` of the right form, with a signature of zeros.
 */
function motoHeaders(accessKeyId, region = 'us-east-1') {
  const date = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return {
    authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/${date.slice(0, 8)}/${region}/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=${'0'.repeat(64)}`,
    'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
    'x-amz-date': date,
  };
}

/**
 * The object keys of `bucket` at moto's `endpoint` (`ListObjectsV2`), asked as `accessKeyId`.
 * Throws when the bucket does not answer.
 */
export async function listObjects(endpoint, bucket, { accessKeyId = 'test' } = {}) {
  const keys = [];
  let token = null;
  do {
    const query = `list-type=2${token ? `&continuation-token=${encodeURIComponent(token)}` : ''}`;
    const response = await fetch(`${base(endpoint)}/${bucket}?${query}`, { headers: motoHeaders(accessKeyId) });
    const xml = await response.text();
    if (!response.ok) throw new Error(`listing ${bucket}: ${response.status} ${xml.slice(0, 200)}`);
    for (const [, key] of xml.matchAll(/<Key>([^<]*)<\/Key>/g)) keys.push(unxml(key));
    token = /<IsTruncated>true<\/IsTruncated>/.test(xml) ? unxml(/<NextContinuationToken>([^<]*)<\/NextContinuationToken>/.exec(xml)?.[1] ?? '') : null;
  } while (token);
  return keys;
}

/** Writes `bytes` to `key` of `bucket` at moto's `endpoint`, as `accessKeyId`. */
export async function putObject(endpoint, bucket, key, bytes, { accessKeyId = 'test' } = {}) {
  const response = await fetch(`${base(endpoint)}/${bucket}/${key}`, { method: 'PUT', body: bytes, headers: motoHeaders(accessKeyId) });
  if (!response.ok) throw new Error(`writing ${bucket}/${key}: ${response.status} ${(await response.text()).slice(0, 200)}`);
}
