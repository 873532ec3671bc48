// Choosing the chain the pallet suites run against, and the checks made before Chopsticks or
// polkadot-omni-node is started (scripts/lib/parachain.mjs). No chain needed:
// `node --test tests/scripts/`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chainSpecPath, chopsticksNode, startChopsticks, startOmniNode } from '../../scripts/lib/parachain.mjs';
import { chainBackend } from '../e2e/helpers.mjs';

/** Runs `fn` with the environment variable `name` set to `value` (unset when undefined). */
async function withEnv(name, value, fn) {
  const saved = process.env[name];
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
  try {
    return await fn();
  } finally {
    if (saved === undefined) delete process.env[name];
    else process.env[name] = saved;
  }
}

/** A temporary folder for `fn`, removed afterwards. */
async function inTempDir(fn) {
  const dir = mkdtempSync(join(tmpdir(), 'healthchain-unit-'));
  try {
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('HC_E2E_CHAIN chooses the backend: solo by default, chopsticks or omni, nothing else', async () => {
  await withEnv('HC_E2E_CHAIN', undefined, () => assert.equal(chainBackend(), 'solo'));
  for (const backend of ['solo', 'chopsticks', 'omni']) {
    await withEnv('HC_E2E_CHAIN', backend, () => assert.equal(chainBackend(), backend));
  }
  await withEnv('HC_E2E_CHAIN', 'parachain', () => assert.throws(() => chainBackend(), /expected one of solo, chopsticks, omni/));
});

test('a chain spec is required, from the argument or HC_CHAIN_SPEC, and must exist', async () => {
  await withEnv('HC_CHAIN_SPEC', undefined, async () => {
    assert.throws(() => chainSpecPath(), /set HC_CHAIN_SPEC/);
    await assert.rejects(startChopsticks(), /set HC_CHAIN_SPEC/);
    await assert.rejects(startOmniNode(), /set HC_CHAIN_SPEC/);
  });
  await inTempDir(async (dir) => {
    const spec = join(dir, 'spec.json');
    await withEnv('HC_CHAIN_SPEC', spec, () => assert.throws(() => chainSpecPath(), /not found/));
    writeFileSync(spec, '{}');
    await withEnv('HC_CHAIN_SPEC', spec, () => assert.equal(chainSpecPath(), spec));
    assert.equal(chainSpecPath(spec), spec);
  });
});

test('Chopsticks is refused a plain chain spec and one without properties before it starts', async () => {
  await inTempDir(async (dir) => {
    const plain = join(dir, 'plain.json');
    writeFileSync(plain, JSON.stringify({ name: 'x', properties: { tokenSymbol: 'HCT' }, genesis: { runtimeGenesis: { code: '0x00' } } }));
    await assert.rejects(startChopsticks({ spec: plain }), /not a raw chain spec/);
    const bare = join(dir, 'raw.json');
    writeFileSync(bare, JSON.stringify({ name: 'x', properties: null, genesis: { raw: { top: {}, childrenDefault: {} } } }));
    await assert.rejects(startChopsticks({ spec: bare }), /has no properties/);
  });
});

test('Chopsticks gets a Node.js of version 22 or later', () => {
  const { stdout, status } = spawnSync(chopsticksNode(), ['--version'], { encoding: 'utf8' });
  assert.equal(status, 0);
  assert.ok(Number(stdout.trim().replace(/^v/, '').split('.')[0]) >= 22, stdout);
});
