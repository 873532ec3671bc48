// The load tool against a real node, at a small size: every workload's extrinsics are included
// and have their effect, the queries answer correctly, and the report is written. The figures
// themselves come from scripts/load.sh; here only that the tool measures what it claims.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { nodeBinary } from '../../scripts/lib/node.mjs';

test('hc-load runs every workload against a dev node with Aura blocks and reports it', { timeout: 480_000 }, async () => {
  const node = nodeBinary();
  const load = join(dirname(node), 'hc-load');
  const dir = mkdtempSync(join(tmpdir(), 'hc-load-'));
  try {
    const args = ['--node', node, '--base-path', join(dir, 'node'), '--out', dir,
      '--patients', '40', '--clinicians', '8', '--staff', '2', '--transfers', '80', '--grants', '80',
      '--accesses', '40', '--records', '40', '--commissions', '10', '--pallets', '1', '--query-secs', '1',
      '--timeout', '90'];
    await new Promise((resolve, reject) => {
      execFile(load, args, { timeout: 420_000, maxBuffer: 16 << 20 }, (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout));
    });
    const report = JSON.parse(readFileSync(join(dir, 'load-report.json'), 'utf8'));
    const byName = Object.fromEntries(report.workloads.map((w) => [w.workload, w]));
    const expected = { transfer: 80, grant: 80, log_access: 40, record: 40, commission: 10, ship: 1 };
    for (const [name, count] of Object.entries(expected)) {
      const w = byName[name];
      assert.ok(w, `${name} reported`);
      assert.equal(w.included, count, `${name}: all included`);
      assert.equal(w.with_effect, count, `${name}: every extrinsic had its effect`);
      assert.equal(w.failed, 0, `${name}: ${w.first_failure}`);
      assert.ok(w.blocks >= 1 && w.per_block_max >= 1);
      assert.ok(w.fullest_block_import_ms > 0, `${name}: import time measured`);
    }
    // Set-up of the pallet shipped: 100 cases, then the pallet.
    assert.equal(byName['pack 100 packs into a case'].with_effect, 100);
    assert.equal(byName['pack 100 cases into a pallet'].with_effect, 1);
    for (const q of report.queries) {
      assert.ok(q.calls > 0, `${q.query} answered`);
      assert.equal(q.wrong_answers, 0, `${q.query}: every answer as expected`);
    }
    assert.deepEqual(report.queries.map((q) => q.query), ['check_access', 'verify']);
    assert.match(readFileSync(join(dir, 'load-report.md'), 'utf8'), /\| transfer \| 80 \|/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
