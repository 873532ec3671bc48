// Offline signing (RFC-78): a transaction signed with `CheckMetadataHash` in mode 1 carries the
// hash of the metadata the signer showed, and the runtime accepts it only when that is the hash
// its build computed. The Ledger generic app signs this way. Runs against the parachain blob
// (`scripts/test-parachain.sh`), which is always built with the hash; the everyday solo blob is
// built without it (the production node's is not: `--features metadata-hash`, docs/node.md), so
// against the solo chain the file skips.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useNode, chainBackend, freshAccounts, submit, findEvent, UNIT } from './helpers.mjs';
import { RefusedError } from '../../scripts/lib/exit-codes.mjs';
import { metadataHash } from '../../scripts/lib/metadata-hash.mjs';

const skip = chainBackend() === 'solo'
  ? 'the everyday solo blob is built without the metadata hash; the parachain blob has it (scripts/test-parachain.sh)'
  : false;
const ctx = skip ? {} : useNode({ name: 'metadata-hash' });

/** A transfer from `from`, signed in mode 1 with `hash`, submitted and awaited in a block. */
async function transferSignedWithHash(api, from, to, hash) {
  const tx = api.tx.balances.transferKeepAlive(to.address, UNIT);
  await tx.signAsync(from, { nonce: -1, mode: 1, metadataHash: hash });
  return submit(api, tx, null, { timeoutMs: 120_000 });
}

test('a transfer signed in mode 1 with the metadata hash a wallet computes is accepted', { skip, timeout: 300_000 }, async () => {
  const { api } = ctx;
  const [from, to] = await freshAccounts(api, ['hash-from', 'hash-to']);
  const hash = await metadataHash(api);
  assert.match(hash, /^0x[0-9a-f]{64}$/);
  const result = await transferSignedWithHash(api, from, to, hash);
  const transfer = findEvent(result, 'balances', 'Transfer');
  assert.ok(transfer, 'the transfer happened');
  // That the hash is signed at all, rather than left out, the next test shows: another hash fails.
});

test('the same transfer signed with another hash is refused as a bad signature', { skip, timeout: 300_000 }, async () => {
  const { api } = ctx;
  const [from, to] = await freshAccounts(api, ['wrong-hash-from', 'wrong-hash-to']);
  const hash = await metadataHash(api);
  // The last byte changed: what a signer shows for metadata the runtime was not built with.
  const wrong = hash.slice(0, -2) + (hash.endsWith('00') ? '01' : '00');
  await assert.rejects(transferSignedWithHash(api, from, to, wrong), (e) => {
    assert.ok(e instanceof RefusedError, `refused by the pool, not ${e}`);
    // The node says 'bad signature'; Chopsticks names the variant, 'badProof'.
    assert.match(e.message, /bad signature|badProof/i);
    return true;
  });
  const { nonce } = await api.query.system.account(from.address);
  assert.equal(nonce.toNumber(), 0, 'nothing of the refused transfer was executed');
});
