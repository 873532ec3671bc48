// The key directory on a real node: an account publishes the X25519 key that record keys are
// sealed to, wallets read it through the runtime API, a replacement raises the version, an
// invalid key is refused and changes nothing, and removing the key releases its deposit.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { x25519FromSuri } from '../../scripts/lib/hpke.mjs';
import { useNode, freshAccounts, expectError, submit, findEvent, signer } from './helpers.mjs';

const ctx = useNode({ name: 'key-directory' });
// Every test is bounded: a transaction that is never included fails the test, not the run.
const BOUNDED = { timeout: 120_000 };

/** The hold the key directory has on `who`: its amount, 0n when none. */
async function keyHold(api, who) {
  const holds = await api.query.balances.holds(who.address);
  const hold = holds.find((h) => JSON.stringify(h.id.toHuman()) === '{"KeyDirectory":"KeyDeposit"}');
  return hold ? hold.amount.toBigInt() : 0n;
}

/** What `keyDirectoryApi.keyOf` answers for `who`: `{ key, version, since }` or null. */
async function keyOf(api, who) {
  const published = await api.call.keyDirectoryApi.keyOf(who.address);
  if (published.isNone) return null;
  const entry = published.unwrap();
  return { key: Buffer.from(entry.key.toU8a()).toString('hex'), version: entry.version.toNumber(), since: entry.since.toNumber() };
}

test('an account publishes, replaces and removes its encryption key; the deposit comes back', BOUNDED, async () => {
  const { api } = ctx;
  const [provider] = await freshAccounts(api, ['key-provider']);
  const deposit = api.consts.keyDirectory.keyDeposit.toBigInt();
  assert.ok(deposit > 0n, 'a published key costs a deposit');
  assert.equal(await keyOf(api, provider), null);

  // Publish: version 1, the block it was included in, the deposit held.
  const first = await x25519FromSuri(provider.suri);
  const published = await submit(api, api.tx.keyDirectory.publishKey(first.publicKey), provider);
  const ev = findEvent(published, 'keyDirectory', 'KeyPublished').raw.data;
  assert.equal(ev.who.toString(), provider.address);
  assert.equal(ev.version.toNumber(), 1);
  assert.deepEqual(await keyOf(api, provider), { key: Buffer.from(first.publicKey).toString('hex'), version: 1, since: published.blockNumber });
  assert.equal(await keyHold(api, provider), deposit);

  // Publishing the same key again is refused.
  await expectError(submit(api, api.tx.keyDirectory.publishKey(first.publicKey), provider), 'keyDirectory', 'KeyUnchanged');

  // Replace: version 2, the same deposit.
  const second = await x25519FromSuri(`${provider.suri}//rotated`);
  const replaced = await submit(api, api.tx.keyDirectory.publishKey(second.publicKey), provider);
  assert.equal(findEvent(replaced, 'keyDirectory', 'KeyPublished').raw.data.version.toNumber(), 2);
  const current = { key: Buffer.from(second.publicKey).toString('hex'), version: 2, since: replaced.blockNumber };
  assert.deepEqual(await keyOf(api, provider), current);
  assert.equal(await keyHold(api, provider), deposit);

  // Invalid keys are refused and change nothing: all zeros, a point of order 8, p − 1, and a
  // valid key with the top bit set (not canonical).
  const withTopBit = Uint8Array.from(second.publicKey);
  withTopBit[31] |= 0x80;
  for (const key of [
    new Uint8Array(32),
    '0xe0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800',
    `0xec${'ff'.repeat(30)}7f`,
    withTopBit,
  ]) {
    await expectError(submit(api, api.tx.keyDirectory.publishKey(key), provider), 'keyDirectory', 'InvalidKey');
  }
  assert.deepEqual(await keyOf(api, provider), current);
  assert.equal(await keyHold(api, provider), deposit);

  // Remove: the key is gone and the deposit released; removing again is refused.
  const removed = await submit(api, api.tx.keyDirectory.removeKey(), provider);
  assert.equal(findEvent(removed, 'keyDirectory', 'KeyRemoved').raw.data.who.toString(), provider.address);
  assert.equal(await keyOf(api, provider), null);
  assert.equal(await keyHold(api, provider), 0n);
  await expectError(submit(api, api.tx.keyDirectory.removeKey(), provider), 'keyDirectory', 'NoKey');

  // Published again, the version starts at 1.
  await submit(api, api.tx.keyDirectory.publishKey(second.publicKey), provider);
  assert.equal((await keyOf(api, provider)).version, 1);
});

test('an account without funds for the deposit cannot publish a key', BOUNDED, async () => {
  const { api } = ctx;
  const deposit = api.consts.keyDirectory.keyDeposit.toBigInt();
  const existential = api.consts.balances.existentialDeposit.toBigInt();
  const { publicKey } = await x25519FromSuri('//Alice//key-poor-fee-estimate');
  const fee = (await api.tx.keyDirectory.publishKey(publicKey).paymentInfo(signer('//Alice').address)).partialFee.toBigInt();
  // After the fee, half the deposit above the existential deposit (and a tenth of the fee as
  // margin for the estimate).
  const [poor] = await freshAccounts(api, ['key-poor'], existential + fee + fee / 10n + deposit / 2n);
  const own = await x25519FromSuri(poor.suri);
  await expectError(submit(api, api.tx.keyDirectory.publishKey(own.publicKey), poor), 'keyDirectory', 'CannotPayDeposit');
  assert.equal(await keyOf(api, poor), null);
  assert.equal(await keyHold(api, poor), 0n);
});
