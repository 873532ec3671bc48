// A subxt client against the chain, typed from the runtime's metadata at compile time
// (tests/clients/subxt: `hc-subxt-smoke`, built with the node). The runtime's test
// `client_metadata` keeps the client's copy of the metadata equal to the runtime's, so the
// workspace does not build when a metadata change breaks the client. Here it runs against a dev
// node: signed with subxt's default configuration (the chain's transaction extensions as subxt
// knows them), a consent grant in a finalized block, its event decoded, and the same access
// question through the runtime API and the view function.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { chainBackend } from './helpers.mjs';
import { startNode, nodeBinary } from '../../scripts/lib/node.mjs';

const skip = chainBackend() === 'solo' ? false : 'is typed from the solo chain\'s runtime, which its own node runs';

let node;

before(async () => {
  if (skip) return;
  node = await startNode({ name: 'subxt' });
});

after(async () => {
  await node?.stop();
});

test('the subxt client signs a grant with the default configuration, decodes its event and reads the decision', { timeout: 180_000, skip }, async () => {
  const smoke = join(dirname(nodeBinary()), 'hc-subxt-smoke');
  assert.ok(existsSync(smoke), `${smoke} not found: build the workspace with 'cargo build --release --workspace'`);
  const { code, output } = await new Promise((res) => {
    execFile(smoke, ['--url', node.endpoint], { timeout: 120_000 }, (error, stdout, stderr) => {
      res({ code: error ? (error.code ?? error.signal) : 0, output: stdout + stderr });
    });
  });
  assert.equal(code, 0, `hc-subxt-smoke failed:\n${output}`);
  assert.match(output, /^grant \d+ created in a finalized block$/m, output);
  assert.match(output, /runtime API and view function both permit: Permitted\(Grant\(\d+\)\)/, output);
});
