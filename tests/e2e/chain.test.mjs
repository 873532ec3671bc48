// The chain itself: a node with instant sealing serves polkadot.js, runs transfers and batches,
// and explains failed extrinsics from metadata; two validators produce and finalize blocks.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect, signer, submit, findEvent, waitForBlock, DispatchFailed } from '../../scripts/lib/chain.mjs';
import { startNode } from '../../scripts/lib/node.mjs';

const UNIT = 10n ** 12n;

let node;
let api;

before(async () => {
  node = await startNode({ name: 'instant' });
  api = await connect(node.endpoint);
});

after(async () => {
  await api?.disconnect();
  await node?.stop();
});

test('metadata lists the pallets and the chain properties match the runtime', async () => {
  const pallets = api.runtimeMetadata.asLatest.pallets.map((p) => p.name.toString());
  for (const name of ['System', 'Timestamp', 'Aura', 'Grandpa', 'Balances', 'TransactionPayment', 'Sudo', 'Utility', 'Proxy', 'Multisig', 'Organizations', 'Consent', 'Records', 'SupplyChain', 'KeyDirectory']) {
    assert.ok(pallets.includes(name), `${name} in ${pallets}`);
  }
  const props = await api.rpc.system.properties();
  assert.equal(props.tokenSymbol.unwrap()[0].toString(), 'HCT');
  assert.equal(props.tokenDecimals.unwrap()[0].toNumber(), 12);
  assert.equal(props.ss58Format.unwrap().toNumber(), api.consts.system.ss58Prefix.toNumber());
  // Addresses in the chain's own form (docs/addresses.md), which the node's RPC decodes although
  // the prefix is not in the SS58 registry.
  assert.equal(api.registry.chainSS58, props.ss58Format.unwrap().toNumber());
  const alice = signer('//Alice').address;
  assert.match(alice, /^hc/);
  assert.ok((await api.rpc.system.accountNextIndex(alice)).toNumber() >= 0);
  const version = await api.rpc.state.getRuntimeVersion();
  assert.equal(version.specName.toString(), 'healthchain');
});

test('a transfer moves funds and emits Transfer', async () => {
  const alice = signer('//Alice');
  const dest = signer('//Alice//transfer-test');
  const result = await submit(api, api.tx.balances.transferKeepAlive(dest.address, 5n * UNIT), alice);
  const ev = findEvent(result, 'balances', 'Transfer');
  assert.ok(ev, 'Transfer event');
  const { data } = await api.query.system.account(dest.address);
  assert.equal(data.free.toBigInt(), 5n * UNIT);
});

test('a batch runs every call in one extrinsic', async () => {
  const bob = signer('//Bob');
  const targets = ['//Bob//b1', '//Bob//b2', '//Bob//b3'].map((s) => signer(s).address);
  const calls = targets.map((t) => api.tx.balances.transferKeepAlive(t, UNIT));
  const result = await submit(api, api.tx.utility.batchAll(calls), bob);
  assert.ok(findEvent(result, 'utility', 'BatchCompleted'));
  assert.equal(result.events.filter((e) => e.section === 'balances' && e.method === 'Transfer').length, 3);
  for (const t of targets) {
    const { data } = await api.query.system.account(t);
    assert.equal(data.free.toBigInt(), UNIT);
  }
});

test('a failed extrinsic is explained from metadata and changes nothing', async () => {
  const bob = signer('//Bob');
  const keyBefore = (await api.query.sudo.key()).toString();
  await assert.rejects(
    submit(api, api.tx.sudo.setKey(bob.address), bob),
    (e) => {
      assert.ok(e instanceof DispatchFailed);
      assert.equal(e.pallet, 'sudo');
      assert.equal(e.error, 'RequireSudo');
      assert.match(e.docs, /sudo/i);
      return true;
    },
  );
  assert.equal((await api.query.sudo.key()).toString(), keyBefore);
});

test('two validators on a local network produce and finalize blocks', { timeout: 240_000 }, async () => {
  const alice = await startNode({ name: 'alice', args: ['--chain', 'local', '--alice'] });
  let bob;
  let a;
  let b;
  try {
    a = await connect(alice.endpoint);
    const peerId = (await a.rpc.system.localPeerId()).toString();
    bob = await startNode({
      name: 'bob',
      args: ['--chain', 'local', '--bob', '--bootnodes', `/ip4/127.0.0.1/tcp/${alice.p2pPort}/p2p/${peerId}`],
    });
    b = await connect(bob.endpoint);
    // Finality needs both votes (2 of 2): blocks finalized means both validators took part.
    await waitForBlock(a, 4, { finalized: true, timeoutMs: 180_000 });
    await waitForBlock(b, 4, { finalized: true, timeoutMs: 60_000 });
    // Aura gives slot s to authority s mod n: both indices among finalized blocks means both
    // validators authored.
    const finalized = (await a.rpc.chain.getHeader(await a.rpc.chain.getFinalizedHead())).number.toNumber();
    const authors = new Set();
    for (let n = 1; n <= finalized; n++) {
      const header = await a.rpc.chain.getHeader(await a.rpc.chain.getBlockHash(n));
      const pre = header.digest.logs.find((l) => l.isPreRuntime && l.asPreRuntime[0].toString() === 'aura');
      authors.add(a.createType('u64', pre.asPreRuntime[1]).toBigInt() % 2n);
    }
    assert.equal(authors.size, 2, 'blocks authored by both validators');
    assert.equal((await a.rpc.system.peers()).length, 1);
  } finally {
    await a?.disconnect();
    await b?.disconnect();
    await bob?.stop();
    await alice.stop();
  }
});
