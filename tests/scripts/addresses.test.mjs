// Addresses in the SS58 form of the chain connected to (scripts/lib/chain.mjs, docs/addresses.md):
// the one keyring of the scripts and the web app follows the prefix the chain's properties give.
// No chain needed: an api is only asked for `registry.chainSS58`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { chainAddress, cryptoWaitReady, encodeAddress, pairFromJson, setChainAddressFormat, signer } from '../../scripts/lib/chain.mjs';
import { subjectOf } from '../../scripts/lib/subjects.mjs';

const ALICE_GENERIC = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const ALICE_HC = 'hc67opJR7pa7ij3THBQp1D1DvpzJhJGAeWret5hZyWxNSUB5r';

/** What of an api `setChainAddressFormat` reads: the prefix polkadot.js took from `system_properties`. */
const chainWith = (ss58Format) => ({ registry: { chainSS58: ss58Format } });

test('the runtime\'s prefix starts every address with hc', () => {
  const source = readFileSync(new URL('../../runtime/src/lib.rs', import.meta.url), 'utf8');
  const prefix = Number(/pub const SS58_PREFIX: u16 = (\d+);/.exec(source)?.[1]);
  assert.equal(prefix, 12912);
  for (const fill of [0x00, 0x5a, 0xff]) {
    assert.match(encodeAddress(new Uint8Array(32).fill(fill), prefix), /^hc[1-9A-HJ-NP-Za-km-z]{47}$/);
  }
});

test('pairs write their address in the form of the chain connected to, made before or after it', async () => {
  await cryptoWaitReady();
  const alice = signer('//Alice');
  const subject = subjectOf('//Alice', 1);
  const generic = subject.address;
  assert.equal(alice.address, ALICE_GENERIC, 'no chain yet: the generic form');
  assert.equal(setChainAddressFormat(chainWith(12912)), 12912);
  try {
    assert.equal(alice.address, ALICE_HC, 'a pair made before');
    assert.equal(signer('//Alice').address, ALICE_HC, 'a pair made after');
    assert.equal(subject.address, chainAddress(generic), 'a subject made before');
    assert.match(subject.address, /^hc/);
    assert.equal(pairFromJson(alice.toJson('password')).address, ALICE_HC, 'a keystore file');
    // Any form in, the chain's form out; a mistyped address is refused.
    assert.equal(chainAddress(ALICE_GENERIC), ALICE_HC);
    assert.equal(chainAddress(ALICE_HC), ALICE_HC);
    assert.equal(chainAddress(`0x${Buffer.from(alice.publicKey).toString('hex')}`), ALICE_HC);
    assert.throws(() => chainAddress(`${ALICE_HC.slice(0, -1)}s`));
  } finally {
    setChainAddressFormat(chainWith(undefined));
  }
  assert.equal(alice.address, ALICE_GENERIC, 'a chain whose properties give no prefix: the generic form');
});
