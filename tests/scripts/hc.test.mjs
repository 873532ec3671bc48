// The command line of `hc` (scripts/hc.mjs) as scripts rely on it: strict argument parsing
// (scripts/lib/hc-cli.mjs), the exit codes (scripts/lib/exit-codes.mjs), JSON output that loses
// no number (scripts/lib/json-value.mjs), and signing from a keystore file. No chain needed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { DispatchFailed, TypeRegistry, cryptoWaitReady, signer } from '../../scripts/lib/chain.mjs';
import { keystorePassword, loadKeystore, signerFor } from '../../scripts/lib/keystore.mjs';
import { EXIT, NotFoundError, RefusedError, UnreachableError, UsageError, errorJson, exitCodeLines, exitCodeOf } from '../../scripts/lib/exit-codes.mjs';
import { COMMANDS, VERSION, commandHelp, intOption, mainHelp, parseCommandLine, timeoutMs } from '../../scripts/lib/hc-cli.mjs';
import { bigIntJson, jsonValue, toJsonText } from '../../scripts/lib/json-value.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const HC = join(repoRoot, 'scripts', 'hc.mjs');

/** Runs hc with `args`; `{ status, stdout, stderr }`. */
const hc = (args, options = {}) => spawnSync(process.execPath, [HC, ...args], { encoding: 'utf8', timeout: 30_000, ...options });

/** The UsageError `fn` throws. */
function usageError(fn) {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof UsageError, `expected a UsageError, got ${e}`);
    assert.equal(exitCodeOf(e), EXIT.USAGE);
    return e;
  }
  assert.fail('expected a UsageError');
}

// ---- Exit codes ----------------------------------------------------------------------------------

test('the exit codes are defined once: 0 ok, 1 refused, 2 usage, 3 unreachable, 4 not found', () => {
  assert.deepEqual({ ...EXIT }, { OK: 0, REFUSED: 1, USAGE: 2, UNREACHABLE: 3, NOT_FOUND: 4 });
  const lines = exitCodeLines();
  for (const code of [0, 1, 2, 3, 4]) assert.match(lines, new RegExp(`^  ${code}  `, 'm'));
  // The help shows the table, and the README the same codes.
  assert.ok(mainHelp().includes(lines));
  assert.ok(commandHelp('tx').includes(lines));
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  for (const [name, code] of Object.entries(EXIT)) assert.ok(readme.includes(`| ${code} |`), `README lacks exit code ${code} (${name})`);
});

test('errors map to their exit codes and to the JSON objects of --json', () => {
  const dispatch = new DispatchFailed({ pallet: 'consent', error: 'NoGrant', docs: 'No grant permits it.' }, {});
  assert.equal(exitCodeOf(dispatch), EXIT.REFUSED);
  assert.deepEqual(errorJson(dispatch), { error: { pallet: 'consent', error: 'NoGrant', docs: 'No grant permits it.' } });

  const cases = [
    [new UsageError('Unknown option --x'), EXIT.USAGE, 'usage'],
    [new UnreachableError('cannot connect to ws://127.0.0.1:1'), EXIT.UNREACHABLE, 'unreachable'],
    [new NotFoundError('no storage a.b'), EXIT.NOT_FOUND, 'notFound'],
    [new RefusedError('1010: Invalid Transaction'), EXIT.REFUSED, 'refused'],
    // What polkadot.js and fetch throw, by their messages and statuses.
    [new Error('connect ECONNREFUSED 127.0.0.1:9944'), EXIT.UNREACHABLE, 'unreachable'],
    [new Error('No response received from RPC endpoint in 60s'), EXIT.UNREACHABLE, 'unreachable'],
    [new Error('cannot reach the gatekeeper at http://127.0.0.1:8650: connect ECONNREFUSED'), EXIT.UNREACHABLE, 'unreachable'],
    [Object.assign(new Error('fetch of record 9 refused: 404 UnknownRecord'), { status: 404, reason: 'UnknownRecord' }), EXIT.NOT_FOUND, 'notFound'],
    [Object.assign(new Error('/fhir/R4/Consent: 403 NotPermitted'), { status: 403, reason: 'NotPermitted' }), EXIT.REFUSED, 'refused'],
    [new Error('invalid GTIN (01): check digit'), EXIT.REFUSED, 'failed'],
  ];
  for (const [error, code, kind] of cases) {
    assert.equal(exitCodeOf(error), code, error.message);
    const json = errorJson(error);
    assert.equal(json.error.kind, kind, error.message);
    assert.equal(json.error.message, error.message);
  }
  assert.equal(errorJson(cases[7][0]).error.reason, 'UnknownRecord');
});

// ---- Argument parsing ----------------------------------------------------------------------------

test('unknown flags, missing values and missing or extra arguments are usage errors', () => {
  assert.match(usageError(() => parseCommandLine(['tx', 'system.remark', '0x00', '--bogus'])).message, /Unknown option '--bogus'.*hc tx --help/);
  assert.match(usageError(() => parseCommandLine(['tx', 'system.remark', '0x00', '--signer'])).message, /--signer.*argument missing/);
  // A flag is not taken as the value of the flag before it.
  usageError(() => parseCommandLine(['tx', 'system.remark', '--signer', '--finalized']));
  assert.match(usageError(() => parseCommandLine(['tx'])).message, /missing argument; usage: hc tx <pallet>.<call>/);
  assert.match(usageError(() => parseCommandLine(['info', 'extra'])).message, /unexpected argument 'extra'/);
  assert.match(usageError(() => parseCommandLine(['gs1', '(01)1', '--url', 'ws://x'])).message, /Unknown option '--url'/);
  assert.match(usageError(() => parseCommandLine(['nope'])).message, /unknown command 'nope'/);
  assert.match(usageError(() => parseCommandLine([])).message, /no command given/);
  // A boolean flag takes no value.
  usageError(() => parseCommandLine(['tx', 'system.remark', '0x00', '--finalized=yes']));
  // An argument that begins with - goes after --.
  usageError(() => parseCommandLine(['api', 'x.y', '-1']));
  assert.deepEqual(parseCommandLine(['api', 'x.y', '--', '-1']).args, ['x.y', '-1']);
});

test('options may come before the command and take their values either way', () => {
  const parsed = parseCommandLine(['--url', 'ws://127.0.0.1:1', 'tx', 'balances.transferKeepAlive', '//Bob', '5', '--signer=//Alice', '--finalized', '--timeout', '2.5']);
  assert.deepEqual(parsed, {
    command: 'tx',
    args: ['balances.transferKeepAlive', '//Bob', '5'],
    opts: { url: 'ws://127.0.0.1:1', signer: '//Alice', finalized: true, timeout: '2.5' },
  });
  assert.equal(timeoutMs(parsed.opts), 2500);
  assert.equal(timeoutMs({}), 60_000);
  usageError(() => timeoutMs({ timeout: '0' }));
  usageError(() => timeoutMs({ timeout: 'soon' }));
  // `--version` is the FHIR version for `hc export`, hc's own version before any command.
  assert.equal(parseCommandLine(['export', 'fhir', '--version', 'R5']).opts.version, 'R5');
  assert.deepEqual(parseCommandLine(['query', 'system.account', '--limit', '2', '--start-key', '0x00']).opts, { limit: '2', 'start-key': '0x00' });
  assert.equal(intOption({ limit: '2' }, 'limit', { min: 1 }), 2);
  assert.equal(intOption({}, 'blocks', { fallback: 10 }), 10);
  usageError(() => intOption({ limit: '0' }, 'limit', { min: 1 }));
  usageError(() => intOption({ from: '-1' }, 'from'));
});

test('hc --help lists every command, hc <command> --help gives its usage and options, hc --version the version', () => {
  const packageVersion = JSON.parse(readFileSync(join(repoRoot, 'scripts', 'package.json'), 'utf8')).version;
  assert.equal(VERSION, packageVersion);
  assert.deepEqual(parseCommandLine(['--version']), { version: packageVersion });
  assert.deepEqual(parseCommandLine(['--help']), { help: mainHelp() });
  assert.deepEqual(parseCommandLine(['help']), { help: mainHelp() });
  for (const name of Object.keys(COMMANDS)) {
    assert.match(mainHelp(), new RegExp(`^  ${name} `, 'm'));
    const help = commandHelp(name);
    assert.ok(help.startsWith(`usage: hc ${name}`), name);
    assert.match(help, /--json/);
    // --help works whatever else is missing.
    assert.deepEqual(parseCommandLine([name, '--help']), { help }, name);
    assert.deepEqual(parseCommandLine(['help', name]), { help }, name);
  }
  for (const flag of ['--url URL', '--signer SURI', '--keystore FILE', '--finalized', '--timeout SECONDS']) assert.ok(commandHelp('tx').includes(flag), flag);
  for (const flag of ['--limit N', '--start-key 0x..']) assert.ok(commandHelp('query').includes(flag), flag);
  assert.ok(commandHelp('watch').includes('--from N'));
});

test('the hc process: help and version on stdout with 0, usage errors with 2, as JSON with --json', () => {
  const version = hc(['--version']);
  assert.equal(version.status, 0, version.stderr);
  assert.equal(version.stdout, `${VERSION}\n`);
  const help = hc(['query', '--help']);
  assert.equal(help.status, 0, help.stderr);
  assert.equal(help.stdout, `${commandHelp('query')}\n`);
  assert.equal(help.stderr, '');

  const bad = hc(['tx', 'system.remark', '0x00', '--bogus']);
  assert.equal(bad.status, EXIT.USAGE);
  assert.equal(bad.stdout, '');
  assert.match(bad.stderr, /^error: Unknown option '--bogus'/);
  const badJson = hc(['tx', 'system.remark', '--json', '--signer']);
  assert.equal(badJson.status, EXIT.USAGE);
  assert.equal(badJson.stdout, '');
  const { error } = JSON.parse(badJson.stderr);
  assert.equal(error.kind, 'usage');
  assert.match(error.message, /--signer/);
  assert.equal(hc([]).status, EXIT.USAGE);
});

// ---- JSON values ---------------------------------------------------------------------------------

test('integers are JSON numbers while safe, decimal strings beyond, never locale-formatted', () => {
  const max = BigInt(Number.MAX_SAFE_INTEGER);
  assert.equal(bigIntJson(0n), 0);
  assert.equal(bigIntJson(max), Number.MAX_SAFE_INTEGER);
  assert.equal(bigIntJson(max + 1n), '9007199254740992');
  assert.equal(bigIntJson(-max), -Number.MAX_SAFE_INTEGER);
  assert.equal(bigIntJson(-max - 1n), '-9007199254740992');
  assert.deepEqual(jsonValue({ a: [1n, 2n ** 64n], b: new Uint8Array([1, 255]), c: null, d: 'text', e: undefined }), {
    a: [1, '18446744073709551616'], b: '0x01ff', c: null, d: 'text', e: null,
  });
});

test('chain values: balances beyond 2^53 as strings, enums and fields named as in the metadata, bytes as text or hex', () => {
  const registry = new TypeRegistry();
  registry.register({
    Deposit: { who: 'AccountId', amount: 'u128', held: 'Option<u64>', note: 'Bytes', hash: 'H256', kind: 'Kind', tags: 'Vec<u32>', pair: '(u32, Compact<u128>)', counts: 'BTreeMap<u32, u64>' },
    Kind: { _enum: { Organization: 'u32', Account: 'AccountId', Nobody: 'Null' } },
  });
  const alice = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
  const value = registry.createType('Deposit', {
    who: alice,
    amount: 10n ** 18n,
    held: 2n ** 53n,
    note: 'LOT-1',
    hash: `0x${'22'.repeat(32)}`,
    kind: { Organization: 7 },
    tags: [1, 2],
    pair: [3, 2n ** 53n - 1n],
    counts: new Map([[1, 5n]]),
  });
  // toHuman() is what --json printed before: numbers with thousands separators.
  assert.equal(value.toHuman().amount, '1,000,000,000,000,000,000');
  const json = jsonValue(value);
  assert.deepEqual(json, {
    who: alice,
    amount: '1000000000000000000',
    held: '9007199254740992',
    note: 'LOT-1',
    // A hash stays hex even when its bytes are printable (0x22 is `"`).
    hash: `0x${'22'.repeat(32)}`,
    kind: { Organization: 7 },
    tags: [1, 2],
    pair: [3, Number.MAX_SAFE_INTEGER],
    counts: { 1: 5 },
  });
  assert.deepEqual(JSON.parse(toJsonText(value)), json);
  assert.doesNotMatch(toJsonText(value), /"\d{1,3}(,\d{3})+"/);
  assert.equal(jsonValue(registry.createType('Kind', 'Nobody')), 'Nobody');
  assert.equal(jsonValue(registry.createType('Option<u32>', null)), null);
  assert.equal(jsonValue(registry.createType('Bytes', '0x00ff')), '0x00ff');
  assert.deepEqual(jsonValue(registry.createType('Result<u32, Text>', { Err: 'no' })), { Err: 'no' });
});

// ---- Keystore signing ----------------------------------------------------------------------------

test('a keystore file (pair.toJson) signs once unlocked with its password; a wrong one is a usage error', async () => {
  await cryptoWaitReady();
  const dir = mkdtempSync(join(tmpdir(), 'hc-keystore-'));
  try {
    const pair = signer('//Alice//keystore');
    const file = join(dir, 'key.json');
    writeFileSync(file, JSON.stringify(pair.toJson('pw')));
    const unlocked = loadKeystore(file, 'pw');
    assert.equal(unlocked.address, pair.address);
    assert.equal(unlocked.isLocked, false);
    const message = new TextEncoder().encode('hc');
    assert.ok(pair.verify(message, unlocked.sign(message), pair.publicKey));
    // Without a password, only its address (what `hc fee` needs).
    const locked = loadKeystore(file);
    assert.equal(locked.address, pair.address);
    assert.equal(locked.isLocked, true);

    assert.match((await rejectsUsage(async () => loadKeystore(file, 'wrong'))).message, /wrong password/);
    assert.match((await rejectsUsage(async () => loadKeystore(join(dir, 'missing.json'), 'pw'))).message, /cannot read the keystore/);
    writeFileSync(join(dir, 'bad.json'), '{"not":"a keystore"}');
    await rejectsUsage(async () => loadKeystore(join(dir, 'bad.json'), 'pw'));

    // The password: the environment first, else the first line of standard input.
    assert.equal(await keystorePassword(file, { env: { HC_KEYSTORE_PASSWORD: 'from-env' }, input: Readable.from(['no\n']) }), 'from-env');
    assert.equal(await keystorePassword(file, { env: {}, input: Readable.from(['pw\n', 'more\n']) }), 'pw');
    assert.equal(await keystorePassword(file, { env: {}, input: Readable.from(['pw\r\n']) }), 'pw');
    assert.match((await rejectsUsage(() => keystorePassword(file, { env: {}, input: Readable.from([]) }))).message, /HC_KEYSTORE_PASSWORD/);

    const viaStdin = await signerFor(null, { keystore: file, env: {}, input: Readable.from(['pw\n']) });
    assert.equal(viaStdin.address, pair.address);
    assert.equal(viaStdin.isLocked, false);
    await rejectsUsage(() => signerFor(null, { keystore: file, suri: '//Bob', env: {} }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('without --signer, //Alice signs only on a Development chain', async () => {
  await cryptoWaitReady();
  const chain = (type) => ({ rpc: { system: { chainType: async () => ({ type, isDevelopment: type === 'Development' }) } } });
  assert.equal((await signerFor(chain('Development'), { env: {} })).address, signer('//Alice').address);
  for (const type of ['Local', 'Live']) {
    const e = await rejectsUsage(() => signerFor(chain(type), { env: {} }));
    assert.match(e.message, new RegExp(`chain's type is ${type}.*--signer.*--keystore`));
  }
  // A signer given, by flag or environment, is used on any chain.
  assert.equal((await signerFor(chain('Live'), { suri: '//Bob', env: {} })).address, signer('//Bob').address);
  assert.equal((await signerFor(chain('Live'), { env: { HC_SURI: '//Eve' } })).address, signer('//Eve').address);
});

async function rejectsUsage(fn) {
  try {
    await fn();
  } catch (e) {
    assert.ok(e instanceof UsageError, `expected a UsageError, got ${e}`);
    return e;
  }
  assert.fail('expected a UsageError');
}
