// The encrypt-share-decrypt example (`scripts/examples/share-record.mjs`) runs end to end
// against a node and two custodians' gatekeepers: one wallet secret gives a subject per
// custodian; each provider publishes its X25519 key in the key directory; each custodian's
// clinician encrypts a file, uploads it to its gatekeeper and registers it (its codes and date
// as blind tags under the subject's own key); each subject grants its provider, and the
// clinician seals the data key to the provider's published key with HPKE; each provider fetches
// the blob from the gatekeeper the locator names, which logs the read on chain, opens the key,
// decrypts the file and verifies the hash; the wallet restores both subjects from the secret.
// The chain is then read back: every read is on its patient's trail, and nothing in the blocks
// of the run names both subjects.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startGatekeeper } from '../../scripts/lib/gatekeeper.mjs';
import { useNode, freshAccounts, registerOrg, decision } from './helpers.mjs';

const ctx = useNode({ name: 'share-record' });
const example = fileURLToPath(new URL('../../scripts/examples/share-record.mjs', import.meta.url));

/**
 * Runs the example against `endpoint` and `custodians` (`{ url, clinician }`: a gatekeeper and a
 * clinician of its organization); resolves with `{ code, stdout, stderr }`.
 */
function runExample(endpoint, custodians, timeoutMs = 180_000) {
  return new Promise((resolve, reject) => {
    const args = custodians.flatMap(({ url, clinician }) => ['--gatekeeper', url, '--clinician', clinician.suri]);
    const child = spawn(process.execPath, [example, '--url', endpoint, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
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

/**
 * A Provider organization with a fresh admin, a `Clinician` and a `Staff` member, and its
 * gatekeeper (directory store) signing with the staff member's key.
 */
async function custodian(api, endpoint) {
  const [admin, clinician, staff] = await freshAccounts(api, ['admin', 'clinician', 'staff']);
  const org = await registerOrg(api, admin, ['Provider'], [[clinician, ['Clinician']], [staff, ['Staff']]]);
  const gatekeeper = await startGatekeeper({ nodeUrl: endpoint, organization: org, signer: staff });
  return { org, clinician, gatekeeper, url: gatekeeper.url };
}

test('the share-record example shares from two unlinked subjects through the gatekeepers, with HPKE and the key directory', { timeout: 300_000 }, async () => {
  const { api, node } = ctx;
  const custodians = [];
  try {
    for (let i = 0; i < 2; i++) custodians.push(await custodian(api, node.endpoint));
    const startBlock = (await api.rpc.chain.getHeader()).number.toNumber();
    const { code, stdout, stderr } = await runExample(node.endpoint, custodians);
    assert.equal(code, 0, `exit code\n--- stdout\n${stdout}\n--- stderr\n${stderr}`);
    const lines = stdout.trim().split('\n');
    const last = lines.at(-1);
    const match = last.match(/^OK: records (\d+) and (\d+) shared from 2 unlinked subjects through the gatekeepers, opened and verified$/);
    assert.ok(match, `final line: ${last}`);
    assert.equal(stderr, '');
    for (const what of [
      'the subjects differ from each other and from the main account',
      'the gatekeeper stored the blob under its BLAKE2b-256 digest',
      'the provider\'s key is in the directory',
      'the subject\'s key reads the category, label and date back',
      'another subject\'s key does not match the category tag',
      'the blob\'s BLAKE2b-256 matches the pointer',
      'the read is on the subject\'s audit trail (consent.AccessServed, permitted)',
      'a wrapped key is handed to the provider',
      'the provider opened the data key with its own key pair',
      'another provider\'s key pair does not open it',
      'another provider is refused by the gatekeeper (403 NoGrant)',
      'the media type and size inside the blob describe the file',
      'the decrypted file equals the original',
      'every subject, with its records and grants, is found again',
    ]) {
      assert.ok(lines.includes(`    ok: ${what}`), what);
    }

    // The chain agrees: each record is current with one key attached, under its subject, held by
    // its custodian.
    const subjects = lines.map((l) => l.match(/subject at organization \d+: (\w+)$/)?.[1]).filter(Boolean);
    assert.equal(subjects.length, 2);
    const records = [Number(match[1]), Number(match[2])];
    for (const [i, record] of records.entries()) {
      const info = (await api.call.recordsApi.record(record)).unwrap();
      assert.equal(info.status.type, 'Current');
      assert.equal(info.keys_.toNumber(), 1);
      const body = info.body.unwrap();
      assert.equal(body.custodian.unwrap().toNumber(), custodians[i].org);
      assert.equal(body.patient.toString(), subjects[i]);
    }

    // No extrinsic or event of the run names both subjects: each acted alone. Each record's
    // trail holds the provider's permitted read and the other provider's refused one.
    const ids = subjects.map((a) => api.createType('AccountId', a).toHex().slice(2));
    const served = new Map(records.map((r) => [r, []]));
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
        if (record.event.section === 'consent' && record.event.method === 'AccessServed') {
          const e = record.event.data;
          served.get(e.record.toNumber())?.push({ patient: e.patient.toString(), custodian: e.custodian.toNumber(), decision: decision(e.decision) });
        }
      }
    }
    for (const [i, record] of records.entries()) {
      const trail = served.get(record);
      assert.equal(trail.length, 2, `record ${record}: ${JSON.stringify(trail)}`);
      assert.ok(trail.every((e) => e.patient === subjects[i] && e.custodian === custodians[i].org));
      assert.deepEqual(trail.map((e) => e.decision.split(':')[0]), ['Permitted', 'Denied']);
      assert.equal(trail[1].decision, 'Denied:NoGrant');
    }
  } finally {
    for (const c of custodians) await c.gatekeeper.stop();
  }
});
