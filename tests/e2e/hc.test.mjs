// `hc` (scripts/hc.mjs) as scripts use it, against one node: its exit codes (0 ok, 1 refused,
// 2 usage, 3 unreachable or too slow, 4 not found), --json output that JSON.parse reads without
// losing a balance, chain refusals and progress on stderr, keystore signing, paged queries,
// runtime APIs, fees and event replay.
//
// The node runs the Local chain (chain type `Local`, so hc has no default signer) with manual
// sealing: the test seals a block whenever a transaction waits, and stops doing so to let a
// transaction wait for a finality that does not come.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useNode, signer } from './helpers.mjs';
import { freePort } from '../../scripts/lib/node.mjs';
import { EXIT } from '../../scripts/lib/exit-codes.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ctx = useNode({ name: 'hc', args: ['--chain', 'local', '--sealing', 'manual'] });
const TIMEOUT = { timeout: 120_000 };
// Its address is read once connected: in the chain's form, as hc prints it.
const alice = signer('//Alice');

/**
 * Runs `node scripts/hc.mjs ...args --url <the node>` (or `url`), with `input` on standard
 * input and `env` added to an environment without HC_SURI or a keystore password. Resolves
 * with `{ code, stdout, stderr }`.
 */
function hc(args, { url = ctx.node.endpoint, input = '', env = {} } = {}) {
  const base = { ...process.env };
  delete base.HC_SURI;
  delete base.HC_KEYSTORE_PASSWORD;
  delete base.HC_ENDPOINT;
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, [join(repoRoot, 'scripts', 'hc.mjs'), ...args, '--url', url], { env: { ...base, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', rej);
    child.on('close', (code) => {
      clearTimeout(timer);
      res({ code, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

/** The lines of stderr of a --json run, each parsed. */
const jsonLines = (text) => text.split('\n').filter(Boolean).map((line) => JSON.parse(line));

// ---- Sealing: a block (finalized) whenever the pool has a transaction, unless paused ---------

const sealing = { paused: false, stopped: false, loop: null };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pending = async () => (await ctx.api.rpc.author.pendingExtrinsics()).length;

before(() => {
  sealing.loop = (async () => {
    while (!sealing.stopped) {
      try {
        if (!sealing.paused && (await pending()) > 0) await ctx.api.rpc.engine.createBlock(false, true);
      } catch {
        // The node is going away at the end; a failed seal is retried otherwise.
      }
      await sleep(100);
    }
  })();
});

after(async () => {
  sealing.stopped = true;
  await sealing.loop;
});

// ---- Tests ---------------------------------------------------------------------------------------

test('usage errors exit 2 before anything is sent; --help exits 0', TIMEOUT, async () => {
  const [unknown, missingValue, missingArg, help] = await Promise.all([
    hc(['tx', 'system.remark', '0x00', '--signer', '//Alice', '--bogus']),
    hc(['query', 'system.account', '--limit', '--json']),
    hc(['api']),
    hc(['tx', '--help']),
  ]);
  assert.equal(unknown.code, EXIT.USAGE, unknown.stderr);
  assert.match(unknown.stderr, /Unknown option '--bogus'/);
  assert.equal(unknown.stdout, '');
  assert.equal(missingValue.code, EXIT.USAGE, missingValue.stderr);
  assert.equal(missingArg.code, EXIT.USAGE, missingArg.stderr);
  assert.equal(help.code, EXIT.OK, help.stderr);
  assert.match(help.stdout, /^usage: hc tx <pallet>.<call>/);
  assert.match(help.stdout, /exit codes:\n {2}0 {2}ok/);
});

test('a Local chain gets no default signer: without --signer or --keystore, exit 2', TIMEOUT, async () => {
  const [info, tx] = await Promise.all([hc(['info', '--json']), hc(['tx', 'system.remark', '0x00'])]);
  assert.equal(info.code, EXIT.OK, info.stderr);
  assert.equal(JSON.parse(info.stdout).chainType, 'Local');
  assert.equal(tx.code, EXIT.USAGE);
  assert.match(tx.stderr, /chain's type is Local: hc signs as \/\/Alice only on a Development chain; give --signer/);
  assert.doesNotMatch(tx.stderr, /submitted/);
});

test('the service commands get no default signer on a Local chain either: exit 2 before any request', TIMEOUT, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hc-service-signer-'));
  try {
    const file = join(dir, 'blob.bin');
    writeFileSync(file, Buffer.from('ciphertext'));
    // Nothing listens on the gatekeeper's and the indexer's ports: exit 2, not 3, shows that hc
    // refused to sign as //Alice before it contacted either service.
    const port = await freePort();
    const runs = await Promise.all([
      hc(['upload', file, '--gatekeeper', `http://127.0.0.1:${port}`]),
      hc(['fetch', '0', '--purpose', 'Treatment', '--gatekeeper', `http://127.0.0.1:${port}`]),
      hc(['export', 'fhir', '--indexer', `http://127.0.0.1:${port}`]),
    ]);
    for (const run of runs) {
      assert.equal(run.code, EXIT.USAGE, run.stderr);
      assert.match(run.stderr, /chain's type is Local: hc signs as \/\/Alice only on a Development chain; give --signer/);
    }
    // With a signer, the same upload goes on to the gatekeeper, which is not there: exit 3.
    const signed = await hc(['upload', file, '--gatekeeper', `http://127.0.0.1:${port}`, '--signer', '//Bob']);
    assert.equal(signed.code, EXIT.UNREACHABLE, signed.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--json: a balance beyond 2^53 is a decimal string, small integers numbers; a map page by page', TIMEOUT, async () => {
  // One page of two accounts, and the next from its last key.
  const first = await hc(['query', 'system.account', '--limit', '2', '--json']);
  assert.equal(first.code, EXIT.OK, first.stderr);
  const page1 = JSON.parse(first.stdout);
  assert.equal(page1.entries.length, 2);
  assert.match(page1.next, /^0x[0-9a-f]+$/);
  const second = await hc(['query', 'system.account', '--limit', '2', '--start-key', page1.next, '--json']);
  assert.equal(second.code, EXIT.OK, second.stderr);
  const page2 = JSON.parse(second.stdout);
  assert.ok(page2.entries.length > 0);
  const entries = [...page1.entries, ...page2.entries];
  const keys = entries.map((e) => e.key[0]);
  assert.equal(new Set(keys).size, keys.length, 'pages do not overlap');

  // Genesis endows each dev account with 10^18: beyond 2^53, so a decimal string, exact.
  let big = 0;
  for (const { key: [address], value: { nonce, data } } of entries) {
    assert.equal(typeof nonce, 'number');
    const free = (await ctx.api.query.system.account(address)).data.free.toBigInt();
    if (free > BigInt(Number.MAX_SAFE_INTEGER)) {
      assert.equal(data.free, free.toString());
      big++;
    } else assert.equal(data.free, Number(free));
  }
  assert.ok(big > 0, 'a balance beyond 2^53');
});

test('a transaction: progress on stderr, events on stdout (exit 0); a chain refusal names pallet.Error with its docs (exit 1)', TIMEOUT, async () => {
  const [ok, refused] = await Promise.all([
    hc(['tx', 'system.remarkWithEvent', '0x0102', '--signer', '//Alice']),
    hc(['tx', 'organizations.acceptAdmin', '4242', '--signer', '//Bob', '--json']),
  ]);
  assert.equal(ok.code, EXIT.OK, ok.stderr);
  assert.match(ok.stderr, /^submitted 0x[0-9a-f]{64}$/m);
  assert.match(ok.stderr, /^transaction ready$/m);
  assert.match(ok.stderr, /^transaction (in block|finalized) #\d+ 0x[0-9a-f]{64}$/m);
  assert.match(ok.stdout, /^included in block #\d+ 0x[0-9a-f]{64}\n/);
  assert.ok(ok.stdout.includes(`system.Remarked {"sender":"${alice.address}"`), ok.stdout);

  assert.equal(refused.code, EXIT.REFUSED, refused.stderr);
  assert.equal(refused.stdout, '');
  const lines = jsonLines(refused.stderr);
  const steps = lines.filter((l) => l.progress).map((l) => l.progress.status);
  assert.equal(steps[0], 'submitted');
  assert.ok(steps.includes('inBlock') || steps.includes('finalized'), steps.join());
  const { error } = lines.at(-1);
  assert.equal(error.pallet, 'organizations');
  assert.equal(error.error, 'NoAdminOffer');
  assert.ok(error.docs.length > 10, error.docs);
});

test('exit 3: nothing listening, and a transaction not finalized within --timeout', TIMEOUT, async () => {
  // Sealing stops: the transaction is put in a block that is not finalized.
  sealing.paused = true;
  try {
    const nobody = hc(['info', '--json'], { url: `ws://127.0.0.1:${await freePort()}` });
    const run = hc(['tx', 'system.remark', '0x03', '--signer', '//Charlie', '--finalized', '--timeout', '3', '--json']);
    for (let i = 0; i < 200 && (await pending()) === 0; i++) await sleep(50);
    await ctx.api.rpc.engine.createBlock(false, false);
    const [unreachable, late] = await Promise.all([nobody, run]);
    assert.equal(unreachable.code, EXIT.UNREACHABLE, unreachable.stderr);
    assert.equal(jsonLines(unreachable.stderr).at(-1).error.kind, 'unreachable');

    assert.equal(late.code, EXIT.UNREACHABLE, late.stderr);
    assert.equal(late.stdout, '');
    const lines = jsonLines(late.stderr);
    assert.ok(lines.some((l) => l.progress?.status === 'inBlock'), late.stderr);
    assert.ok(!lines.some((l) => l.progress?.status === 'finalized'), late.stderr);
    const { error } = lines.at(-1);
    assert.equal(error.kind, 'unreachable');
    assert.match(error.message, /not finalized within 3 s/);
  } finally {
    sealing.paused = false;
  }
});

test('exit 4: no such storage entry, runtime API answer or pallet', TIMEOUT, async () => {
  const runs = await Promise.all([
    hc(['query', 'organizations.memberOf', '//Alice', '--json']),
    hc(['api', 'organizationsApi.organization', '4242', '--json']),
    hc(['tx', 'nope.nothing', '--signer', '//Alice']),
  ]);
  for (const r of runs) {
    assert.equal(r.code, EXIT.NOT_FOUND, r.stderr);
    assert.equal(r.stdout, '');
  }
  assert.equal(jsonLines(runs[0].stderr).at(-1).error.kind, 'notFound');
});

test('--keystore signs with a keystore file, its password from the environment or standard input', TIMEOUT, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hc-keystore-'));
  try {
    const bob = signer('//Bob');
    const dave = signer('//Dave');
    const bobFile = join(dir, 'bob.json');
    const daveFile = join(dir, 'dave.json');
    writeFileSync(bobFile, JSON.stringify(bob.toJson('bob-pw')));
    writeFileSync(daveFile, JSON.stringify(dave.toJson('dave-pw')));
    const [viaEnv, viaStdin] = await Promise.all([
      hc(['tx', 'system.remarkWithEvent', '0x0b', '--keystore', bobFile, '--json'], { env: { HC_KEYSTORE_PASSWORD: 'bob-pw' } }),
      hc(['tx', 'system.remarkWithEvent', '0x0d', '--keystore', daveFile, '--json'], { input: 'dave-pw\n' }),
    ]);
    const sender = (run) => JSON.parse(run.stdout).events.find((e) => e.method === 'Remarked').data.sender;
    assert.equal(viaEnv.code, EXIT.OK, viaEnv.stderr);
    assert.equal(sender(viaEnv), bob.address);
    assert.equal(viaStdin.code, EXIT.OK, viaStdin.stderr);
    assert.equal(sender(viaStdin), dave.address);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('apis lists the runtime API methods with their arguments; fee previews a call without submitting it', TIMEOUT, async () => {
  const nonce = (await ctx.api.query.system.account(alice.address)).nonce.toNumber();
  const [apis, fee] = await Promise.all([
    hc(['apis', '--json']),
    hc(['fee', 'balances.transferKeepAlive', '//Bob', '1000000000000', '--signer', '//Alice', '--json']),
  ]);
  assert.equal(apis.code, EXIT.OK, apis.stderr);
  const check = JSON.parse(apis.stdout).find((m) => m.api === 'consentApi' && m.method === 'checkAccess');
  assert.deepEqual(check.args.map((a) => a.name), ['patient', 'accessor', 'target', 'purpose', 'action']);
  assert.ok(check.docs.length > 0);
  assert.equal(fee.code, EXIT.OK, fee.stderr);
  const preview = JSON.parse(fee.stdout);
  assert.equal(preview.signer, alice.address);
  assert.ok(Number(preview.partialFee) > 0);
  assert.ok(preview.weight.refTime > 0);
  assert.equal((await ctx.api.query.system.account(alice.address)).nonce.toNumber(), nonce, 'nothing submitted');
});

test('watch --json --from 1 replays every block\'s events to the head, one JSON object a line', TIMEOUT, async () => {
  const head = (await ctx.api.rpc.chain.getHeader()).number.toNumber();
  assert.ok(head >= 3, `head #${head}`);
  const run = await hc(['watch', '--json', '--from', '1', '--blocks', '0']);
  assert.equal(run.code, EXIT.OK, run.stderr);
  const events = run.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line));
  assert.deepEqual([...new Set(events.map((e) => e.block))], Array.from({ length: head }, (_, i) => i + 1));
  for (const e of events) {
    assert.match(e.hash, /^0x[0-9a-f]{64}$/);
    assert.equal(typeof e.section, 'string');
    assert.equal(typeof e.method, 'string');
  }
  // The remarks of the tests above, by whom they were made.
  const remarks = events.filter((e) => e.section === 'system' && e.method === 'Remarked').map((e) => e.data.sender);
  assert.ok(remarks.includes(alice.address));
  assert.ok(remarks.includes(signer('//Bob').address));
  // Fees are integers (JSON numbers while safe), never formatted text.
  const fees = events.filter((e) => e.method === 'TransactionFeePaid').map((e) => e.data.actualFee);
  assert.ok(fees.length > 0);
  for (const f of fees) assert.ok(typeof f === 'number' || /^\d+$/.test(f), String(f));
});
