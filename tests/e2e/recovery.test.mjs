// Recovery from crashes: a dev node killed with SIGKILL while transactions stream in comes back
// on its database with every finalized block and its state intact, and a client that resubmits
// what the chain lacks ends with each transaction included exactly once; in a two-validator
// network whose second validator is killed, blocks keep coming but finality stalls, and it
// resumes once that validator is back on its database.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createPrivateKey, createPublicKey, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, signer, waitForBlock } from '../../scripts/lib/chain.mjs';
import { startNode, freePort } from '../../scripts/lib/node.mjs';

// Every database of this file lives here, so it outlives the nodes it belongs to.
const dir = mkdtempSync(join(tmpdir(), 'healthchain-recovery-'));
const nodes = new Set();
const starting = new Set();
const apis = new Set();

after(async () => {
  // A test that timed out may leave a node starting: wait for it, so it is stopped too.
  for (const r of await Promise.allSettled([...starting])) if (r.status === 'fulfilled') nodes.add(r.value);
  for (const api of apis) await api.disconnect().catch(() => {});
  for (const node of nodes) await node.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Starts a node on `basePath`, a folder under `dir` that survives the node. */
async function start({ basePath, ...options }) {
  mkdirSync(basePath, { recursive: true });
  const starts = startNode({ basePath, ...options });
  starting.add(starts);
  try {
    const node = await starts;
    nodes.add(node);
    return node;
  } finally {
    starting.delete(starts);
  }
}

async function open(node) {
  const api = await connect(node.endpoint);
  apis.add(api);
  return api;
}

async function close(api) {
  apis.delete(api);
  await api.disconnect().catch(() => {});
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it returns a truthy value, which it returns; fails after `timeoutMs`. */
async function waitUntil(what, check, { timeoutMs = 90_000, intervalMs = 500 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(intervalMs);
  }
}

async function finalizedNumber(api) {
  return (await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead())).number.toNumber();
}

async function bestNumber(api) {
  return (await api.rpc.chain.getHeader()).number.toNumber();
}

/**
 * The libp2p peer id of a `--node-key` (an ed25519 secret, hex): the base58 identity multihash
 * of the protobuf-encoded public key. Known in advance, it lets validators start together.
 */
function peerIdOf(nodeKey) {
  const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(nodeKey, 'hex')]);
  const publicKey = createPublicKey(createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }))
    .export({ format: 'der', type: 'spki' })
    .subarray(-32);
  return base58(Buffer.concat([Buffer.from([0x00, 0x24, 0x08, 0x01, 0x12, 0x20]), publicKey]));
}

function base58(bytes) {
  const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  let out = '';
  for (let n = BigInt(`0x${bytes.toString('hex')}`); n > 0n; n /= 58n) out = alphabet[Number(n % 58n)] + out;
  for (let i = 0; i < bytes.length && bytes[i] === 0; i++) out = `1${out}`;
  return out;
}

/** Hashes of the extrinsics in blocks `from..=to` of the node's canonical chain, with counts. */
async function extrinsicCounts(api, from, to) {
  const counts = new Map();
  for (let n = from; n <= to; n++) {
    const { block } = await api.rpc.chain.getBlock(await api.rpc.chain.getBlockHash(n));
    for (const ext of block.extrinsics) {
      const hash = ext.hash.toHex();
      counts.set(hash, (counts.get(hash) ?? 0) + 1);
    }
  }
  return counts;
}

/**
 * Submits remarks from `senders` in rounds, each signed with the nonce the client tracks and an
 * immortal era (so the same bytes stay valid after a restart), until stopped or the node stops
 * answering. Every transaction the client meant to send is kept in `sent`, whether or not the
 * node accepted it.
 */
function streamRemarks(api, senders, { intervalMs = 250 } = {}) {
  const sent = [];
  const nextNonce = senders.map(() => 0);
  let running = true;
  let failure;
  const loop = (async () => {
    while (running) {
      for (const [i, sender] of senders.entries()) {
        const nonce = nextNonce[i]++;
        const tx = await api.tx.system.remark(`recovery ${i}/${nonce}`).signAsync(sender, { nonce, era: 0 });
        const entry = { sender: sender.address, nonce, hash: tx.hash.toHex(), hex: tx.toHex(), accepted: false };
        sent.push(entry);
        try {
          await api.rpc.author.submitExtrinsic(entry.hex);
          entry.accepted = true;
        } catch (e) {
          failure = e;
          running = false;
          return;
        }
      }
      await sleep(intervalMs);
    }
  })();
  return {
    sent,
    failure: () => failure,
    async stop() {
      running = false;
      await loop;
    },
  };
}

/** Block hash and the senders' encoded `system.account` at each block `0..=number`. */
async function snapshot(api, number, addresses) {
  const blocks = [];
  for (let n = 0; n <= number; n++) {
    const hash = (await api.rpc.chain.getBlockHash(n)).toHex();
    const at = await api.at(hash);
    const accounts = [];
    for (const address of addresses) accounts.push((await at.query.system.account(address)).toHex());
    blocks.push({ number: n, hash, accounts });
  }
  return blocks;
}

test('a dev node killed mid-stream keeps its finalized chain and the client completes its transactions exactly once', { timeout: 300_000 }, async (t) => {
  const basePath = join(dir, 'dev');
  // `--dev` without `--sealing`: Aura slots of 6 s and GRANDPA finality, Alice alone.
  const args = ['--dev'];
  let node = await start({ name: 'dev', args, basePath });
  let api = await open(node);
  const senders = ['//Charlie', '//Dave', '//Eve'].map((s) => signer(s));
  const addresses = senders.map((s) => s.address);

  const stream = streamRemarks(api, senders);
  let killedAt;
  let before;
  let bestBefore;
  try {
    await waitForBlock(api, 2, { finalized: true, timeoutMs: 90_000 });
    // Kill between two slots, so the pool holds transactions no block has taken yet.
    const next = (await bestNumber(api)) + 1;
    await waitForBlock(api, next, { timeoutMs: 30_000 });
    await sleep(2_000);
    assert.equal(stream.failure(), undefined, 'every submission accepted while the node ran');
    const finalized = await finalizedNumber(api);
    before = await snapshot(api, finalized, addresses);
    bestBefore = await bestNumber(api);
    await node.kill();
    killedAt = Date.now();
  } finally {
    await stream.stop();
    await close(api);
  }
  const { sent } = stream;
  const oldFinalized = before.at(-1).number;
  const killed = await node.waitExit();
  assert.equal(killed.signal, 'SIGKILL');

  node = await start({ name: 'dev', args, basePath });
  api = await open(node);
  const restartMs = Date.now() - killedAt;

  // Everything finalized before the crash is still there: same blocks, same state at each.
  assert.ok((await finalizedNumber(api)) >= oldFinalized, 'finalized head not behind the one before the crash');
  for (const block of before) {
    assert.equal((await api.rpc.chain.getBlockHash(block.number)).toHex(), block.hash, `block ${block.number}`);
    const at = await api.at(block.hash);
    const accounts = [];
    for (const address of addresses) accounts.push((await at.query.system.account(address)).toHex());
    assert.deepEqual(accounts, block.accounts, `accounts at block ${block.number}`);
  }

  // What the chain holds of the stream: for each sender, a run of nonces from 0 with no gap.
  const best = await bestNumber(api);
  const onChain = await extrinsicCounts(api, 1, best);
  const missing = sent.filter((e) => !onChain.has(e.hash));
  for (const address of addresses) {
    const mine = sent.filter((e) => e.sender === address);
    const included = mine.filter((e) => onChain.has(e.hash)).map((e) => e.nonce);
    assert.deepEqual(included, included.map((_, i) => i), `included nonces of ${address} start at 0 without gaps`);
  }
  const lostAccepted = missing.filter((e) => e.accepted).length;
  t.diagnostic(`sent ${sent.length} (${sent.filter((e) => e.accepted).length} accepted), on chain after restart ${sent.length - missing.length}, accepted but lost ${lostAccepted}; finalized before kill #${oldFinalized}, best #${bestBefore}; best after restart #${best}; restart to RPC ${restartMs} ms`);
  assert.ok(lostAccepted > 0, 'the crash lost transactions the pool had accepted');

  // The client resubmits the same signed bytes for whatever the chain lacks, in nonce order.
  for (const entry of missing) await api.rpc.author.submitExtrinsic(entry.hex);

  // The chain goes on past the old head, and every intended remark ends up finalized.
  await waitUntil('finalized past the head before the crash', async () => (await finalizedNumber(api)) > bestBefore);
  const counts = addresses.map((a) => sent.filter((e) => e.sender === a).length);
  await waitUntil('every remark finalized', async () => {
    const at = await api.at(await api.rpc.chain.getFinalizedHead());
    const nonces = await Promise.all(addresses.map(async (a) => (await at.query.system.account(a)).nonce.toNumber()));
    return nonces.every((n, i) => n === counts[i]);
  });

  const finalHead = await api.rpc.chain.getFinalizedHead();
  const finalNumber = (await api.rpc.chain.getHeader(finalHead)).number.toNumber();
  const finalCounts = await extrinsicCounts(api, 1, finalNumber);
  for (const entry of sent) assert.equal(finalCounts.get(entry.hash), 1, `remark ${entry.nonce} of ${entry.sender} included once`);
  // Nothing else signed by the senders: the nonces are exactly the remarks meant.
  let fromSenders = 0;
  for (let n = 1; n <= finalNumber; n++) {
    const { block } = await api.rpc.chain.getBlock(await api.rpc.chain.getBlockHash(n));
    fromSenders += block.extrinsics.filter((e) => e.isSigned && addresses.includes(e.signer.toString())).length;
  }
  assert.equal(fromSenders, sent.length);
  const at = await api.at(finalHead);
  for (const [i, address] of addresses.entries()) {
    assert.equal((await at.query.system.account(address)).nonce.toNumber(), counts[i], `nonce of ${address}`);
  }
  t.diagnostic(`resubmitted ${missing.length}; all ${sent.length} remarks finalized once by #${finalNumber}`);

  await close(api);
  await node.stop();
});

test('two validators: finality stalls while one is killed and resumes when it restarts on its database', { timeout: 300_000 }, async (t) => {
  const keys = { alice: randomBytes(32).toString('hex'), bob: randomBytes(32).toString('hex') };
  const ports = { alice: await freePort(), bob: await freePort() };
  const argsOf = (who, other) => [
    '--chain', 'local', `--${who}`, '--node-key', keys[who],
    '--bootnodes', `/ip4/127.0.0.1/tcp/${ports[other]}/p2p/${peerIdOf(keys[other])}`,
  ];
  // A validator with no peers on a chain of several authorities waits for the network instead
  // of authoring, so without `--force-authoring` Alice alone would halt the chain outright.
  const aliceArgs = [...argsOf('alice', 'bob'), '--force-authoring'];
  const bobArgs = argsOf('bob', 'alice');
  const started = await Promise.allSettled([
    start({ name: 'alice', basePath: join(dir, 'alice'), args: aliceArgs, p2pPort: ports.alice }),
    start({ name: 'bob', basePath: join(dir, 'bob'), args: bobArgs, p2pPort: ports.bob }),
  ]);
  for (const s of started) if (s.status === 'rejected') throw s.reason;
  const alice = started[0].value;
  let bob = started[1].value;
  const a = await open(alice);
  assert.equal((await a.rpc.system.localPeerId()).toString(), peerIdOf(keys.alice));

  // Finality needs both votes (more than 2/3 of 2): it advances only with both validators.
  let b = await open(bob);
  await waitForBlock(a, 2, { finalized: true, timeoutMs: 120_000 });
  await waitForBlock(b, 2, { finalized: true, timeoutMs: 60_000 });
  assert.equal((await b.rpc.system.localPeerId()).toString(), peerIdOf(keys.bob));
  const bobFinalized = await finalizedNumber(b);
  const bobFinalizedHash = (await b.rpc.chain.getBlockHash(bobFinalized)).toHex();
  await close(b);

  await bob.kill();
  const killedAt = Date.now();
  // Votes Bob sent before dying may still arrive: settle, then take the head Alice builds on.
  await sleep(1_000);
  const bestAtKill = await bestNumber(a);
  const finalizedAtKill = await finalizedNumber(a);

  // Alice alone keeps authoring in her slots, but nothing more is finalized: the chain grows
  // two blocks past the head at the kill while the finalized head stays where it was.
  await waitForBlock(a, bestAtKill + 2, { timeoutMs: 60_000 });
  const finalizedWhileDown = await finalizedNumber(a);
  assert.equal(finalizedWhileDown, finalizedAtKill, 'finality stalled while Bob is down');
  const bestWhileDown = await bestNumber(a);

  // Bob comes back with the same database, network key and session keys.
  const restartedAt = Date.now();
  bob = await start({ name: 'bob', basePath: join(dir, 'bob'), args: bobArgs });
  b = await open(bob);
  assert.equal((await b.rpc.system.localPeerId()).toString(), peerIdOf(keys.bob), 'same network identity');
  assert.ok((await finalizedNumber(b)) >= bobFinalized, 'Bob kept his finalized chain');
  assert.equal((await b.rpc.chain.getBlockHash(bobFinalized)).toHex(), bobFinalizedHash);

  // Finality resumes: the blocks Alice made alone get finalized, which needs Bob's votes.
  const resumed = await waitForBlock(a, bestAtKill + 1, { finalized: true, timeoutMs: 120_000 });
  const resumeMs = Date.now() - restartedAt;
  await waitForBlock(b, resumed, { finalized: true, timeoutMs: 60_000 });
  assert.equal(
    (await b.rpc.chain.getBlockHash(resumed)).toHex(),
    (await a.rpc.chain.getBlockHash(resumed)).toHex(),
    'both validators finalized the same block',
  );
  t.diagnostic(`finalized #${finalizedAtKill} at kill (best #${bestAtKill}); down ${restartedAt - killedAt} ms, best reached #${bestWhileDown} with finality at #${finalizedWhileDown}; finalized #${resumed} ${resumeMs} ms after restart`);

  await close(b);
  await close(a);
  await bob.stop();
  await alice.stop();
});
