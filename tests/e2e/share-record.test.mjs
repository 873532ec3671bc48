// The encrypt-share-decrypt example (`scripts/examples/share-record.mjs`) runs end to end
// against a node: one wallet secret gives a subject per custodian; each provider publishes its
// X25519 key in the key directory; each subject encrypts and registers a file (its codes and
// date as blind tags under the subject's own key), grants its provider and seals the data key to
// the provider's published key with HPKE; each provider reads the pointer, opens the key,
// decrypts the file and verifies the hash; the wallet restores both subjects from the secret.
// The chain is then read back: nothing in the blocks of the run names both subjects.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { useNode } from './helpers.mjs';

const ctx = useNode({ name: 'share-record' });
const example = fileURLToPath(new URL('../../scripts/examples/share-record.mjs', import.meta.url));

/** Runs the example against `endpoint`; resolves with `{ code, stdout, stderr }`. */
function runExample(endpoint, timeoutMs = 120_000) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [example, '--url', endpoint], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`example did not finish in ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

test('the share-record example shares from two unlinked subjects with HPKE and the key directory', { timeout: 150_000 }, async () => {
  const { api, node } = ctx;
  const startBlock = (await api.rpc.chain.getHeader()).number.toNumber();
  const { code, stdout, stderr } = await runExample(node.endpoint);
  assert.equal(code, 0, `exit code\n--- stdout\n${stdout}\n--- stderr\n${stderr}`);
  const lines = stdout.trim().split('\n');
  const last = lines.at(-1);
  const match = last.match(/^OK: records (\d+) and (\d+) shared from two unlinked subjects, opened and verified$/);
  assert.ok(match, `final line: ${last}`);
  assert.equal(stderr, '');
  for (const what of [
    'the subjects differ from each other and from the main account',
    'the provider\'s key is in the directory',
    'the subject\'s key reads the category, label and date back',
    'the other subject\'s key does not match the category tag',
    'a wrapped key is handed to the provider',
    'the provider opened the data key with its own key pair',
    'the other provider\'s key pair does not open it',
    'the media type and size inside the blob describe the file',
    'the decrypted file equals the original',
    'both subjects, with their records and grants, are found again',
  ]) {
    assert.ok(lines.includes(`    ok: ${what}`), what);
  }

  // The chain agrees: each subject's upload is current with one key attached, under its subject.
  const subjects = lines.map((l) => l.match(/subject at organization \d+: (\w+)$/)?.[1]).filter(Boolean);
  assert.equal(subjects.length, 2);
  for (const [i, record] of [Number(match[1]), Number(match[2])].entries()) {
    const info = (await api.call.recordsApi.record(record)).unwrap();
    assert.equal(info.status.type, 'Current');
    assert.equal(info.keys_.toNumber(), 1);
    const body = info.body.unwrap();
    assert.ok(body.custodian.isNone);
    assert.equal(body.patient.toString(), subjects[i]);
  }

  // No extrinsic or event of the run names both subjects: each acted alone.
  const ids = subjects.map((a) => api.createType('AccountId', a).toHex().slice(2));
  const endBlock = (await api.rpc.chain.getHeader()).number.toNumber();
  for (let n = startBlock + 1; n <= endBlock; n++) {
    const hash = await api.rpc.chain.getBlockHash(n);
    const [block, events] = await Promise.all([api.rpc.chain.getBlock(hash), api.query.system.events.at(hash)]);
    for (const ext of block.block.extrinsics) {
      const hex = ext.toHex();
      assert.ok(!ids.every((id) => hex.includes(id)), `block #${n}: an extrinsic names both subjects`);
    }
    for (const record of events) {
      const hex = record.event.toHex();
      assert.ok(!ids.every((id) => hex.includes(id)), `block #${n}: ${record.event.section}.${record.event.method} names both subjects`);
    }
  }
});
