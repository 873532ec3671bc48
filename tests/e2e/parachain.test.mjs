// The parachain build of the runtime against the solo chain's: the same healthcare pallets, with
// the same indices, calls, errors, storage and configuration, and the parachain's own pallets
// around them. Runs when the pallet suites run against the parachain
// (`scripts/test-parachain.sh`); against the solo chain there is nothing to compare, so it skips.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useNode, chainBackend, submit, signer } from './helpers.mjs';
import { connect } from '../../scripts/lib/chain.mjs';
import { startNode } from '../../scripts/lib/node.mjs';

const onParachain = chainBackend() !== 'solo';
const skip = onParachain ? false : 'runs against the parachain (scripts/test-parachain.sh)';

/** Pallets both builds have, configured by the same code. */
const SHARED = [
  'System', 'Timestamp', 'Aura', 'Balances', 'TransactionPayment', 'Sudo', 'Utility', 'Proxy', 'Multisig',
  'Organizations', 'Consent', 'Records', 'SupplyChain', 'KeyDirectory',
];
/** The healthcare pallets: everything about them must match. */
const HEALTHCARE = ['Organizations', 'Consent', 'Records', 'SupplyChain', 'KeyDirectory'];

const para = onParachain ? useNode({ name: 'parachain' }) : {};
let solo;
let soloApi;

before(async () => {
  if (!onParachain) return;
  solo = await startNode({ name: 'solo-for-comparison' });
  soloApi = await connect(solo.endpoint);
});

after(async () => {
  await soloApi?.disconnect();
  await solo?.stop();
});

/** The metadata of `name` in `api`, as plain JSON with type ids resolved to type paths or shapes. */
function palletShape(api, name) {
  const metadata = api.runtimeMetadata.asLatest;
  const pallet = metadata.pallets.find((p) => p.name.toString() === name);
  assert.ok(pallet, `${name} in the metadata`);
  const variants = (typeId) => (typeId.isSome
    ? metadata.lookup.getSiType(typeId.unwrap().type).def.asVariant.variants.map((v) => [v.index.toNumber(), v.name.toString(), v.fields.map((f) => f.name.toString())])
    : []);
  return {
    index: pallet.index.toNumber(),
    calls: variants(pallet.calls),
    errors: variants(pallet.errors),
    events: variants(pallet.events),
    storage: pallet.storage.isSome ? pallet.storage.unwrap().items.map((i) => i.name.toString()) : [],
    constants: Object.fromEntries(pallet.constants.map((c) => [c.name.toString(), c.value.toHex()])),
  };
}

test('the parachain runs the healthcare pallets exactly as the solo chain does: indices, calls, errors, events, storage and every configured constant', { skip }, () => {
  const { api } = para;
  assert.equal(api.runtimeVersion.specName.toString(), 'healthchain-parachain');
  assert.equal(soloApi.runtimeVersion.specName.toString(), 'healthchain');
  for (const name of HEALTHCARE) {
    assert.deepEqual(palletShape(api, name), palletShape(soloApi, name), name);
  }
  // Accounts, fees and account tools: the same calls at the same indices, the same deposits
  // and limits. (Their events and errors match too; `System` differs in block limits.)
  for (const name of SHARED.filter((n) => !HEALTHCARE.includes(n) && n !== 'System')) {
    const [p, s] = [palletShape(api, name), palletShape(soloApi, name)];
    assert.equal(p.index, s.index, `${name} index`);
    assert.deepEqual(p.calls, s.calls, `${name} calls`);
    assert.deepEqual(p.constants, s.constants, `${name} constants`);
  }
  // Every runtime API of the solo chain at the same version, the healthcare ones included, but
  // GRANDPA's and the everyday build's benchmarking and try-runtime APIs: the parachain blob is
  // built as it ships, without them.
  const apis = (a) => Object.fromEntries(a.runtimeVersion.apis.map(([id, version]) => [id.toHex(), version.toNumber()]));
  const [paraApis, soloApis] = [apis(api), apis(soloApi)];
  // API ids are the blake2-64 of their names.
  const soloOnly = { '0xed99c5acb25eedf5': 'GrandpaApi', '0x67f4b8fba858782a': 'Benchmark', '0xe0837fce09f4829a': 'TryRuntime' };
  for (const name of ['organizationsApi', 'consentApi', 'recordsApi', 'supplyChainApi']) {
    assert.ok(api.call[name], `${name} on the parachain`);
  }
  for (const [id, version] of Object.entries(soloApis)) {
    if (soloOnly[id]) assert.ok(!(id in paraApis), `${soloOnly[id]} not on the parachain`);
    else assert.equal(paraApis[id], version, `runtime API ${id} on the parachain`);
  }
});

test('the parachain has its own pallets in place of GRANDPA: parachain system, para id 2000, collators, XCM', { skip }, async () => {
  const { api } = para;
  const names = api.runtimeMetadata.asLatest.pallets.map((p) => p.name.toString());
  for (const name of ['ParachainSystem', 'ParachainInfo', 'Authorship', 'CollatorSelection', 'Session', 'AuraExt', 'XcmpQueue', 'PolkadotXcm', 'CumulusXcm', 'MessageQueue']) {
    assert.ok(names.includes(name), `${name} in ${names}`);
  }
  assert.ok(!names.includes('Grandpa'), 'no GRANDPA on the parachain');
  assert.equal((await api.query.parachainInfo.parachainId()).toNumber(), 2000);
  // The spec's properties give the runtime's SS58 prefix, the solo chain's (docs/addresses.md).
  assert.equal(api.registry.chainSS58, api.consts.system.ss58Prefix.toNumber());
  assert.equal(api.registry.chainSS58, soloApi.registry.chainSS58);
  const alice = signer('//Alice').address;
  assert.deepEqual((await api.query.collatorSelection.invulnerables()).map(String), [alice]);
  assert.deepEqual((await api.query.session.validators()).map(String), [alice]);
  assert.equal((await api.query.aura.authorities()).length, 1);

  // Every block carries the relay chain's validation data and the time as inherents, before
  // any transaction.
  const result = await submit(api, api.tx.system.remark('0x01'), signer('//Bob'));
  const block = await api.rpc.chain.getBlock(result.blockHash);
  const calls = block.block.extrinsics.map((x) => `${x.method.section}.${x.method.method}`);
  assert.deepEqual(calls.slice(0, 2).sort(), ['parachainSystem.setValidationData', 'timestamp.set'], calls.join(', '));
  assert.equal(calls[2], 'system.remark', calls.join(', '));
});
