// The load tool against a real node, at a small size: every workload's extrinsics are included
// and have their effect, the queries answer correctly, the filled genesis starts and holds what
// was filled, and the report is written. The figures
// themselves come from scripts/load.sh; here only that the tool measures what it claims.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { nodeBinary } from '../../scripts/lib/node.mjs';

test('hc-load runs every workload against a dev node, then on a filled genesis, and reports both', { timeout: 900_000 }, async () => {
  const node = nodeBinary();
  const load = join(dirname(node), 'hc-load');
  const dir = mkdtempSync(join(tmpdir(), 'hc-load-'));
  try {
    // Instant sealing: the tool's own work is what is tested here, and waiting for 6 s slots
    // would make this the longest test of the suite. Block-time figures come from load.sh.
    const args = ['--node', node, '--sealing', 'instant', '--base-path', join(dir, 'node'), '--out', dir,
      '--patients', '40', '--clinicians', '8', '--staff', '2', '--transfers', '80', '--grants', '80',
      '--accesses', '40', '--records', '40', '--revokes', '20', '--commissions', '10', '--pallets', '1',
      '--query-secs', '1', '--timeout', '90',
      '--fill-grants', '400', '--fill-records', '40', '--fill-packs', '2500',
      '--filled-workloads', 'transfer,grant,check_access,verify'];
    await new Promise((resolve, reject) => {
      execFile(load, args, { timeout: 840_000, maxBuffer: 16 << 20 }, (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout));
    });
    const report = JSON.parse(readFileSync(join(dir, 'load-report.json'), 'utf8'));
    assert.deepEqual(report.notes, [], 'no phase failed');
    assert.equal(report.phases.length, 2);
    const [empty, filled] = report.phases;
    const check = (phase, expected) => {
      const byName = Object.fromEntries(phase.workloads.map((w) => [w.workload, w]));
      for (const [name, count] of Object.entries(expected)) {
        const w = byName[name];
        assert.ok(w, `${phase.phase}: ${name} reported`);
        // On a shortfall, say what the tool saw: refusals, a timeout, the blocks it counted.
        const seen = JSON.stringify({ extrinsics: w.extrinsics, refused: w.refused, first_refusal: w.first_refusal, timed_out: w.timed_out, blocks: w.blocks, block_list: w.block_list });
        assert.equal(w.included, count, `${phase.phase}: ${name}: all included; ${seen}`);
        assert.equal(w.with_effect, count, `${name}: every extrinsic had its effect`);
        assert.equal(w.failed, 0, `${name}: ${w.first_failure}`);
        assert.ok(w.blocks >= 1 && w.per_block_max >= 1);
        assert.ok(w.fullest_block_import_ms > 0, `${name}: import time measured`);
      }
      for (const q of phase.queries) {
        assert.ok(q.calls > 0, `${q.query} answered`);
        assert.equal(q.wrong_answers, 0, `${q.query}: every answer as expected`);
      }
      assert.deepEqual(phase.queries.map((q) => q.query), ['check_access', 'verify']);
      return byName;
    };
    const byName = check(empty, {
      transfer: 80, grant: 80, log_access: 40, log_access_denied: 40, record: 40, acknowledge: 40,
      attach_key: 40, revoke: 20, commission: 10, ship: 1, receive: 1, recall: 2,
    });
    // Set-up of the pallet shipped: 100 cases, then the pallet.
    assert.equal(byName['pack 100 packs into a case'].with_effect, 100);
    assert.equal(byName['pack 100 cases into a pallet'].with_effect, 1);
    assert.equal(empty.fill, null);

    // The filled genesis: the state the fill made, then the same workloads through blocks.
    assert.deepEqual([filled.fill.grants, filled.fill.records, filled.fill.packs], [400, 40, 2500]);
    const consent = filled.fill.by_pallet.find((p) => p.pallet === 'Consent');
    const packs = filled.fill.by_pallet.find((p) => p.pallet === 'SupplyChain');
    assert.ok(consent.entries >= 400 * 4, 'each grant stored with its indexes');
    assert.ok(packs.entries >= 2500, 'each pack stored');
    assert.ok(filled.db_mib_at_start > empty.db_mib_at_start, 'the filled database is larger');
    check(filled, { transfer: 80, grant: 80 });
    const figures = Object.fromEntries(report.state_size.map((r) => [r.figure, r]));
    assert.ok(figures['grant per s'].empty > 0 && figures['grant per s'].filled > 0);
    assert.ok(figures['verify per s'].filled > 0);
    assert.ok(report.disk.some((r) => r.figure === 'disk bytes per pack' && r.value > 0));
    const markdown = readFileSync(join(dir, 'load-report.md'), 'utf8');
    assert.match(markdown, /\| transfer \| 80 \|/);
    assert.match(markdown, /#### Empty and filled state/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
