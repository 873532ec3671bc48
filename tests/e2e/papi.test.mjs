// A polkadot-api (papi) client against the chain, typed from the runtime's own metadata: the
// descriptors are generated from the WASM the tested node embeds (`papi add --wasm`, `papi
// generate`), tests/clients/papi/smoke.ts is type-checked against them in strict mode, so that a
// call, argument, event, runtime API or view function that changes under a papi client fails
// here, and then run against a dev node: descriptors identical to the chain, a consent grant
// signed as //Alice, its event, the access decision and the grant's views.
//
// papi's command line and the client need Node.js 22, the one Chopsticks runs with.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chainBackend } from './helpers.mjs';
import { startNode, nodeBinary } from '../../scripts/lib/node.mjs';
import { chopsticksNode } from '../../scripts/lib/parachain.mjs';

const clientDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'clients', 'papi');
const papi = join(clientDir, 'node_modules', 'polkadot-api', 'bin', 'cli.mjs');
const tsc = join(clientDir, 'node_modules', 'typescript', 'bin', 'tsc');
const BOUNDED = { timeout: 300_000 };

const skip = chainBackend() === 'solo' ? false : 'types the solo chain\'s runtime, which its own node runs';

/**
 * The runtime the node embeds: its build writes the WASM next to the node binary (Cargo's
 * target directory, `$CARGO_TARGET_DIR/release/wbuild`), so both come from the same build.
 */
function runtimeWasm() {
  const path = join(dirname(nodeBinary()), 'wbuild', 'healthchain-runtime', 'healthchain_runtime.compact.compressed.wasm');
  if (!existsSync(path)) throw new Error(`${path} not found: build the node with 'cargo build --release'`);
  return path;
}

/**
 * Runs `node22 args...` in the client's folder; resolves with `{ code, signal, output }` (stdout
 * and stderr interleaved, as printed), killing it after `timeoutMs`.
 */
function run(args, { timeoutMs = 120_000, cwd = clientDir } = {}) {
  return new Promise((res, rej) => {
    const child = spawn(chopsticksNode(), args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', rej);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      res({ code, signal, output });
    });
  });
}

/** `run`, failing with the command's output unless it exits 0; resolves with the output. */
async function runOk(what, args, options) {
  const { code, signal, output } = await run(args, options);
  assert.equal(code, 0, `${what} ${signal ? `was killed (${signal})` : `exited ${code}`}:\n${output}`);
  return output;
}

let node;

before(async () => {
  if (skip) return;
  if (!existsSync(papi) || !existsSync(tsc)) {
    throw new Error(`${clientDir} has no npm packages: run scripts/setup.sh (npm ci there)`);
  }
  node = await startNode({ name: 'papi' });
});

after(async () => {
  await node?.stop();
});

test('papi generates the descriptors from the runtime\'s WASM, leaving the committed files as they are', { ...BOUNDED, skip }, async () => {
  const committed = ['package.json', join('.papi', 'polkadot-api.json')].map((f) => [f, readFileSync(join(clientDir, f), 'utf8')]);
  await runOk('papi add', [papi, 'add', 'healthchain', '--wasm', runtimeWasm(), '--skip-codegen']);
  await runOk('papi generate', [papi, 'generate'], { timeoutMs: 240_000 });
  assert.ok(existsSync(join(clientDir, '.papi', 'descriptors', 'dist', 'index.d.ts')), 'the descriptors\' types are written');
  // `noDescriptorsPackage`: the client imports them through `#descriptors`, so `npm ci` works on
  // a fresh clone, before any generation, and nothing is installed or rewritten here.
  for (const [file, text] of committed) {
    assert.equal(readFileSync(join(clientDir, file), 'utf8'), text, `papi left ${file} unchanged`);
  }
});

test('the smoke script type-checks against the descriptors, and a call the runtime lacks does not', { ...BOUNDED, skip }, async () => {
  await runOk('tsc', [tsc, '-p', '.']);
  // The same script with one call renamed, in a folder of the same package: the check must name
  // it. Were the descriptors' types lost (everything `any`), the first check would prove nothing.
  const scratch = join(clientDir, '.papi', `typecheck-${process.pid}`);
  mkdirSync(scratch, { recursive: true });
  try {
    const source = readFileSync(join(clientDir, 'smoke.ts'), 'utf8');
    assert.ok(source.includes('api.tx.Consent.grant('), 'smoke.ts submits Consent.grant');
    writeFileSync(join(scratch, 'smoke.ts'), source.replace('api.tx.Consent.grant(', 'api.tx.Consent.grant_renamed('));
    writeFileSync(join(scratch, 'tsconfig.json'), JSON.stringify({ extends: '../../tsconfig.json', include: ['smoke.ts'] }));
    const { code, output } = await run([tsc, '-p', scratch]);
    assert.notEqual(code, 0, `tsc accepted a call the runtime does not have:\n${output}`);
    assert.match(output, /Property 'grant_renamed' does not exist/, output);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});

test('the typed client grants consent as //Alice on a dev node, and reads the decision and the grant back', { ...BOUNDED, skip }, async () => {
  const output = await runOk('smoke.ts', ['smoke.ts', node.endpoint], { timeoutMs: 180_000 });
  assert.match(output, /papi smoke test: passed/, output);
});
