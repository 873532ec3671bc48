// The encrypt-share-decrypt example (`scripts/examples/share-record.mjs`) runs end to end
// against a node: a patient encrypts and registers a file (its codes and date as blind tags),
// reads the tags back with its blind key, grants a provider and seals the key to it; the provider
// reads the pointer, unseals the key, decrypts the file and verifies the hash.

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

test('the share-record example encrypts, shares, decrypts and verifies against the node', { timeout: 150_000 }, async () => {
  const { api, node } = ctx;
  const { code, stdout, stderr } = await runExample(node.endpoint);
  assert.equal(code, 0, `exit code\n--- stdout\n${stdout}\n--- stderr\n${stderr}`);
  const lines = stdout.trim().split('\n');
  const last = lines.at(-1);
  const match = last.match(/^OK: record (\d+) shared, decrypted and verified \((\d+) bytes\)$/);
  assert.ok(match, `final line: ${last}`);
  assert.equal(stderr, '');
  for (const what of [
    'the patient\'s key reads the category, label and date back',
    'another key does not match the category tag',
    'a wrapped key is handed to the provider',
    'the media type and size inside the blob describe the file',
    'the decrypted file equals the original',
    'the hash is that of the current version',
  ]) {
    assert.ok(lines.includes(`    ok: ${what}`), what);
  }

  // The chain agrees: the record exists, the patient's upload is current, a key is attached, and
  // the category it holds is the tag the patient's wallet matched, not the code.
  const record = Number(match[1]);
  const info = (await api.call.recordsApi.record(record)).unwrap();
  assert.equal(info.status.type, 'Current');
  assert.equal(info.erased.isFalse, true);
  assert.equal(info.keys_.toNumber(), 1);
  const body = info.body.unwrap();
  assert.ok(body.custodian.isNone);
  assert.ok(lines.includes(`    category ${body.category.toHex()} = 11502-2 (Laboratory report)`), 'the wallet matched the chain\'s tag');
});
