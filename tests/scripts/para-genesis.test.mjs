// The parachain genesis an operator makes with scripts/parachain-spec.sh: a runtime preset with
// the para id, collators and sudo key replaced (scripts/lib/para-genesis.mjs, and its command
// line scripts/para-genesis.mjs), and the solo chain's properties. No node binary needed: the
// preset is the development preset as `chain-spec-builder display-preset` prints it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cryptoWaitReady, encodeAddress, signer, u8aToHex } from '../../scripts/lib/chain.mjs';
import { paraIdOf, parseBalance, parseCollator, parseJson, parseKey, patchGenesis, propertiesArgument, toJson } from '../../scripts/lib/para-genesis.mjs';

const CLI = fileURLToPath(new URL('../../scripts/para-genesis.mjs', import.meta.url));
const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
const CHARLIE = '5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y';
const ENDOWMENT = '1000000000000000000';

/** runtime/src/genesis_config_presets.rs `development()` on the parachain, as JSON text. */
const DEVELOPMENT = `{"balances":{"balances":[["${ALICE}",${ENDOWMENT}],["${BOB}",${ENDOWMENT}],["${CHARLIE}",1000000000000000001]]},` +
  `"parachainInfo":{"parachainId":2000},"collatorSelection":{"invulnerables":["${ALICE}"],"candidacyBond":16000000000},` +
  `"session":{"keys":[["${ALICE}","${ALICE}",{"aura":"${ALICE}"}]]},"polkadotXcm":{"safeXcmVersion":5},"sudo":{"key":"${ALICE}"}}`;

test('a key is an SS58 address in any form, 0x and 64 hex digits, or a dev URI', async () => {
  await cryptoWaitReady();
  const alice = signer('//Alice').publicKey;
  for (const text of ['//Alice', ALICE, encodeAddress(alice, 12912), u8aToHex(alice), ` ${ALICE} `]) {
    assert.deepEqual(parseKey(text), alice, text);
  }
  assert.deepEqual(parseKey('//Alice//stash'), signer('//Alice//stash').publicKey);
  for (const bad of ['', 'alice', '0x1234', `${ALICE.slice(0, -1)}Z`, 'bottom drive obey lake curtain smoke basket hold race lonely fit walk']) {
    assert.throws(() => parseKey(bad), Error, bad);
  }
});

test('a collator is its account, with its own key for Aura unless another is given after =', async () => {
  await cryptoWaitReady();
  const bob = parseCollator('//Bob');
  assert.deepEqual(bob.aura, bob.account);
  const apart = parseCollator(`${BOB}=//Bob//aura`);
  assert.deepEqual(apart.account, signer('//Bob').publicKey);
  assert.deepEqual(apart.aura, signer('//Bob//aura').publicKey);
  assert.throws(() => parseCollator('//Bob=//Bob//aura=//Eve'), /ACCOUNT=AURA_KEY/);
});

test('the para id, collators and sudo key replace the preset\'s; the rest stays, balances exact', async () => {
  await cryptoWaitReady();
  const preset = parseJson(DEVELOPMENT);
  const before = toJson(preset);
  const collators = [parseCollator('//Bob'), parseCollator(`${encodeAddress(signer('//Charlie').publicKey, 12912)}=//Charlie//aura`)];
  const genesis = patchGenesis(preset, { paraId: 3344, collators, sudo: parseKey('//Dave') });
  assert.equal(toJson(preset), before, 'the preset is not changed');

  const charlieAura = encodeAddress(signer('//Charlie//aura').publicKey, 42);
  assert.equal(genesis.parachainInfo.parachainId, 3344);
  assert.equal(paraIdOf(genesis), 3344);
  // In the generic form, which the runtime's genesis builder decodes (the presets' form).
  assert.deepEqual(genesis.collatorSelection.invulnerables, [BOB, CHARLIE]);
  assert.deepEqual(genesis.session.keys, [[BOB, BOB, { aura: BOB }], [CHARLIE, CHARLIE, { aura: charlieAura }]]);
  assert.equal(genesis.sudo.key, encodeAddress(signer('//Dave').publicKey, 42));
  assert.equal(genesis.collatorSelection.candidacyBond, 16000000000);
  assert.deepEqual(genesis.polkadotXcm, { safeXcmVersion: 5 });

  // Balances beyond 2^53 come out as the numbers they were, not rounded or in exponent form.
  const text = toJson(genesis);
  assert.match(text, new RegExp(`"${ALICE}",\\s*${ENDOWMENT}\\s*\\]`));
  assert.match(text, new RegExp(`"${CHARLIE}",\\s*1000000000000000001\\s*\\]`));
  assert.deepEqual(JSON.parse(toJson(patchGenesis(preset))), JSON.parse(before), 'nothing given, nothing replaced');
});

test('balances given replace the preset\'s, which fund the dev accounts; amounts stay exact', async () => {
  await cryptoWaitReady();
  const balances = [parseBalance(`//Dave=${10n ** 24n + 1n}`), parseBalance(`${BOB}=5000000000000`)];
  const text = toJson(patchGenesis(parseJson(DEVELOPMENT), { balances }));
  const dave = encodeAddress(signer('//Dave').publicKey, 42);
  assert.match(text, new RegExp(`"balances": \\[\\s*\\[\\s*"${dave}",\\s*1000000000000000000000001\\s*\\],\\s*\\[\\s*"${BOB}",\\s*5000000000000\\s*\\]\\s*\\]`));
  assert.deepEqual(JSON.parse(text).balances.balances.map(([who]) => who), [dave, BOB], 'the dev accounts are no longer funded');
  for (const bad of ['//Dave', '//Dave=0', '//Dave=1.5', '//Dave=-3', '//Dave=1=2']) assert.throws(() => parseBalance(bad), /ACCOUNT=AMOUNT/, bad);
  assert.throws(() => patchGenesis(parseJson(DEVELOPMENT), { balances: [parseBalance('//Dave=1'), parseBalance('//Dave=2')] }), /same account/);
});

test('what the runtime would refuse at genesis is refused before', async () => {
  await cryptoWaitReady();
  const preset = parseJson(DEVELOPMENT);
  assert.throws(() => patchGenesis(preset, { paraId: 2 ** 32 }), /below 2\^32/);
  assert.throws(() => patchGenesis(preset, { paraId: 1.5 }), /below 2\^32/);
  assert.throws(() => patchGenesis(preset, { collators: [] }), /at least one collator/);
  assert.throws(() => patchGenesis(preset, { collators: [parseCollator('//Bob'), parseCollator(BOB)] }), /same account/);
  assert.throws(() => patchGenesis(preset, { collators: [parseCollator('//Bob=//Eve'), parseCollator('//Dave=//Eve')] }), /same Aura key/);
  const solo = { balances: { balances: [] }, aura: { authorities: [ALICE] }, sudo: { key: ALICE } };
  assert.throws(() => patchGenesis(solo, { paraId: 2000 }), /no parachainInfo: is it the parachain runtime/);
});

test('the properties are the solo chain\'s token and SS58 prefix', () => {
  const spec = { name: 'Healthchain Development', properties: { ss58Format: 12912, tokenDecimals: 12, tokenSymbol: 'HCT' } };
  assert.equal(propertiesArgument(spec), 'tokenSymbol=HCT,tokenDecimals=12,ss58Format=12912');
  assert.throws(() => propertiesArgument({ properties: { tokenSymbol: 'HCT', tokenDecimals: 12 } }), /no ss58Format/);
  assert.throws(() => propertiesArgument({}), /no properties/);
});

test('the command line parachain-spec.sh runs: genesis, para-id and properties', () => {
  const dir = mkdtempSync(join(tmpdir(), 'para-genesis-'));
  try {
    const preset = join(dir, 'preset.json');
    writeFileSync(preset, DEVELOPMENT);
    const run = (...args) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 30_000 });
    const made = run('genesis', preset, '--para-id', '4000', '--collator', '//Bob', '--collator', '//Charlie', '--sudo', BOB, '--balance', `${BOB}=${ENDOWMENT}`);
    assert.equal(made.status, 0, made.stderr);
    const genesis = JSON.parse(made.stdout);
    assert.equal(genesis.parachainInfo.parachainId, 4000);
    assert.deepEqual(genesis.collatorSelection.invulnerables, [BOB, CHARLIE]);
    assert.equal(genesis.sudo.key, BOB);
    assert.deepEqual(genesis.balances.balances.map(([who]) => who), [BOB]);
    assert.match(made.stdout, new RegExp(`${ENDOWMENT}\\s*\\]`));

    const patched = join(dir, 'genesis.json');
    writeFileSync(patched, made.stdout);
    assert.equal(run('para-id', patched).stdout.trim(), '4000');
    assert.equal(run('para-id', preset).stdout.trim(), '2000', 'the preset\'s own, when none is given');

    const spec = join(dir, 'spec.json');
    writeFileSync(spec, JSON.stringify({ properties: { tokenSymbol: 'HCT', tokenDecimals: 12, ss58Format: 12912 }, genesis: { runtimeGenesis: { code: '0x00' } } }));
    assert.equal(run('properties', spec).stdout.trim(), 'tokenSymbol=HCT,tokenDecimals=12,ss58Format=12912');

    const refused = run('genesis', preset, '--collator', 'not-a-key');
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /^para-genesis: not-a-key: not an SS58 address/);
    assert.equal(run('genesis', preset, '--para-id', '-1').status, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('parseJson reads a chain spec with megabytes of code in one string', () => {
  const code = `0x${'ab'.repeat(2_000_000)}`;
  const spec = parseJson(`{"genesis":{"runtimeGenesis":{"code":"${code}"}},"balance":1000000000000000000000,"name":"a\\"b"}`);
  assert.equal(spec.genesis.runtimeGenesis.code, code);
  assert.equal(spec.name, 'a"b');
  assert.match(toJson({ balance: spec.balance }), /"balance": 1000000000000000000000/);
});
