// A runtime upgrade on a running chain. The runtime's build also writes the same runtime one
// `spec_version` later (101, the node embeds 100); with state in every healthcare pallet,
// `set_code` is refused to a plain account and for code that is not a later runtime, changing
// nothing; then sudo authorizes the new code's hash, anyone submits the code unsigned, and the
// chain runs version 101 with every stored value, runtime-API answer and balance as before, new
// extrinsics working and blocks still coming.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { connect, freshAccounts, registerOrg, sudo, submit, findEvent, expectError, signer, blindKey } from './helpers.mjs';
import { codeTag, tagHex, recordInput as blindInput } from '../../scripts/lib/blind.mjs';
import { startNode, runtimeBlobPath } from '../../scripts/lib/node.mjs';
import { withCheckDigit } from '../../scripts/lib/gs1.mjs';

// Each code-carrying extrinsic is about 5 MB, and the node compiles every new runtime it meets.
const BOUNDED = { timeout: 300_000 };
const INCLUSION_MS = 60_000;

const CURRENT_SPEC = 100;
const NEXT_SPEC = 101;
// The well-known storage key of the runtime code, `:code`.
const CODE_KEY = '0x3a636f6465';
const NOTE = '11506-3'; // LOINC progress note
// The maker's GS1 company prefix, under which its GTIN lies (indicator digit 0 first).
const COMPANY_PREFIX = '8612345';
const GTIN = withCheckDigit(`0${COMPANY_PREFIX}00012`);
const LOT = 'L-UPG-1';
const EXPIRY = '301231';
const SERIALS = ['UPG-01', 'UPG-02'];

/** Grant terms for treatment, every record, without end. */
const openEnded = (actions) => ({ purposes: ['Treatment'], actions, scope: 'AllRecords', dataPeriod: null, validFrom: null, validUntil: null, openEnded: true, exceptions: [] });

/**
 * Record `n` of `patient`, a progress note, its codes and date as tags under the patient's blind
 * key: its content hash and locator follow from `n`.
 */
const recordInput = (patient, n) => blindInput({
  key: blindKey(patient),
  category: NOTE,
  typeCode: NOTE,
  labels: ['N'],
  date: Date.now(),
  hash: recordHash(n),
  locator: `ehr://hospital/docs/upgrade-${n}`,
});
const recordHash = (n) => `0x${n.toString(16).padStart(2, '0').repeat(32)}`;

/** Text as hex bytes, as the supply-chain pallet takes identifiers. */
const text = (s) => `0x${Buffer.from(s, 'latin1').toString('hex')}`;

/** What sudo and the chain's `:code` know the runtime by: blake2-256 of the code. */
const codeHash = (api, code) => `0x${Buffer.from(api.registry.hash(code)).toString('hex')}`;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The runtime's `spec_version` in the state of block `at`, or of the best block. */
async function specVersionAt(api, at) {
  // An explicit `undefined` would be sent as the zero hash.
  const version = await (at ? api.rpc.state.getRuntimeVersion(at) : api.rpc.state.getRuntimeVersion());
  return version.specVersion.toNumber();
}

// Read as raw storage and decoded here: while a connected polkadot.js swaps its registry for the
// new runtime's, a typed query in flight can be decoded with the other registry's type ids.
// The keys are the hashed pallet and item names, the same under either registry.
async function rawStorage(api, key, at) {
  const value = await (at ? api.rpc.state.getStorage(key, at) : api.rpc.state.getStorage(key));
  return value.isSome ? value.unwrap().toU8a(true) : null;
}

// `LastRuntimeUpgradeInfo` starts with the spec version as a compact integer.
async function lastRuntimeUpgrade(api, at) {
  const bytes = await rawStorage(api, api.query.system.lastRuntimeUpgrade.key(), at);
  assert.ok(bytes, 'System::LastRuntimeUpgrade is set');
  return api.createType('Compact<u32>', bytes).toNumber();
}

// The events of the block at `blockHash`, read on a connection of its own. The block that sets
// the code ran on the old runtime; the connection that submitted it may at that moment be
// switching to the new runtime's registry and decode the block's events with it.
// `api.at(hash)` decodes with the runtime of the block's parent.
async function eventsOf(blockHash) {
  const probe = await connect(ctx.node.endpoint);
  try {
    const events = await (await probe.at(blockHash)).query.system.events();
    return { events: events.map(({ event }) => ({ section: event.section, method: event.method, raw: event })) };
  } finally {
    await probe.disconnect();
  }
}

async function codeHashOnChain(api) {
  return (await api.rpc.state.getStorageHash(CODE_KEY)).toHex();
}

async function bestNumber(api) {
  return (await api.rpc.chain.getHeader()).number.toNumber();
}

async function freeOf(api, who) {
  return (await api.query.system.account(who.address)).data.free.toBigInt();
}

/**
 * Waits for `submitted`, the submission of an extrinsic carrying a runtime (about 5 MB), and
 * fails after a minute, quoting the node when it found no room for it in a block.
 */
async function included(submitted) {
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => {
      const full = readFileSync(ctx.node.logFile, 'utf8').match(/Hit block size limit.*/)?.[0].trim();
      reject(new Error(`the extrinsic carrying a runtime was not included within ${INCLUSION_MS} ms${full ? `; the node: ${full}` : ''}`));
    }, INCLUSION_MS);
  });
  try {
    return await Promise.race([submitted, late]);
  } finally {
    clearTimeout(timer);
  }
}

// `upgraded`: a connection made after the upgrade.
const ctx = { api: undefined, upgraded: undefined, node: undefined };
let nextCode;
// State made through real extrinsics before any upgrade attempt, and what was read of it.
const state = {};
let baseline;

// One hook for the steps that depend on each other (Node 20 runs a file's `before` hooks
// concurrently): the runtime to upgrade to, the node, the state.
before(async () => {
  const path = process.env.HEALTHCHAIN_NEXT_RUNTIME || runtimeBlobPath('healthchain_runtime_next');
  if (!existsSync(path)) throw new Error(`${path} not found: build with scripts/build.sh (or set HEALTHCHAIN_NEXT_RUNTIME)`);
  nextCode = `0x${readFileSync(path).toString('hex')}`;
  ctx.node = await startNode({ name: 'upgrade' });
  ctx.api = await connect(ctx.node.endpoint);

  const { api } = ctx;
  const [admin, clinician, patient, makerAdmin, makerStaff] = await freshAccounts(api, ['admin', 'clinician', 'patient', 'maker-admin', 'maker-staff']);
  const provider = await registerOrg(api, admin, ['Provider'], [[clinician, ['Clinician']]]);
  const maker = await registerOrg(api, makerAdmin, ['Manufacturer'], [[makerStaff, ['Logistics']]]);
  await sudo(api, api.tx.organizations.setCompanyPrefixes(maker, [text(COMPANY_PREFIX)]));

  // Open-ended: nothing of the snapshot expires while the test runs.
  const granted = await submit(api, api.tx.consent.grant(null, { Account: clinician.address }, openEnded(['Read', 'Append'])), patient);
  const grant = findEvent(granted, 'consent', 'GrantCreated').raw.data.id.toNumber();

  const registered = await submit(api, api.tx.records.register(patient.address, recordInput(patient, 1), 'Treatment'), clinician);
  const record = findEvent(registered, 'records', 'RecordRegistered').raw.data.record.toNumber();

  // A lot for four packs, two commissioned now and two after the upgrade.
  await submit(api, api.tx.supplyChain.registerProduct(text(GTIN), `0x${'22'.repeat(32)}`), makerStaff);
  await submit(api, api.tx.supplyChain.createLot(text(GTIN), text(LOT), text(EXPIRY), 4), makerStaff);
  await submit(api, api.tx.supplyChain.commission(text(GTIN), text(LOT), SERIALS.map(text)), makerStaff);

  Object.assign(state, { admin, clinician, patient, makerAdmin, makerStaff, provider, maker, grant, record });
  baseline = await snapshot(api);
  // The snapshot is of live state: each pallet holds some, the grant permits, the record and the
  // packs verify.
  for (const [pallet, pairs] of Object.entries(baseline.storage)) assert.ok(pairs.length > 0, `${pallet} holds state`);
  assert.deepEqual(baseline.access, { permitted: { grant } });
  assert.ok(baseline.pointer.ok, 'the clinician reads the record pointer');
  assert.ok(baseline.packs.every((p) => p.verified), 'the packs verify');
}, { timeout: 180_000 });

after(async () => {
  await ctx.upgraded?.disconnect();
  await ctx.api?.disconnect();
  await ctx.node?.stop();
});

/**
 * Everything this file's extrinsics stored and what is read of it: every key and value of the
 * four healthcare pallets, the runtime APIs' answers about the organizations, grant, record and
 * packs, and the accounts (balances, nonces, holds) of the parties.
 */
async function snapshot(api) {
  const { admin, clinician, patient, makerAdmin, makerStaff, provider, maker, grant, record } = state;
  const storage = {};
  for (const pallet of ['organizations', 'consent', 'records', 'supplyChain']) {
    // A storage key starts with twox128 of the pallet's name: the first 16 bytes of any of its keys.
    const prefix = Object.values(api.query[pallet])[0].keyPrefix().slice(0, 34);
    storage[pallet] = (await api.rpc.state.getPairs(prefix)).map(([k, v]) => [k.toHex(), v.toHex()]);
  }
  const accounts = {};
  for (const who of [admin, clinician, patient, makerAdmin, makerStaff]) {
    accounts[who.address] = {
      account: (await api.query.system.account(who.address)).toJSON(),
      holds: (await api.query.balances.holds(who.address)).toJSON(),
    };
  }
  const call = api.call;
  return {
    storage,
    accounts,
    organizations: [(await call.organizationsApi.organization(provider)).toJSON(), (await call.organizationsApi.organization(maker)).toJSON()],
    members: [(await call.organizationsApi.accountInfo(clinician.address)).toJSON(), (await call.organizationsApi.accountInfo(makerStaff.address)).toJSON()],
    access: (await call.consentApi.checkAccess(patient.address, clinician.address, { Category: tagHex(codeTag(blindKey(patient), 'category', NOTE)) }, 'Treatment', 'Read')).toJSON(),
    grant: (await call.consentApi.grantInfo(grant)).toJSON(),
    record: (await call.recordsApi.record(record)).toJSON(),
    recordVerify: (await call.recordsApi.verify(record, { Sha256: recordHash(1) })).toJSON(),
    pointer: (await call.recordsApi.readPointer(record, clinician.address, 'Treatment')).toJSON(),
    product: (await call.supplyChainApi.product(text(GTIN))).toJSON(),
    lot: (await call.supplyChainApi.lot(text(GTIN), text(LOT))).toJSON(),
    packs: await Promise.all(SERIALS.map(async (s) => (await call.supplyChainApi.verify(text(GTIN), text(s), text(LOT), text(EXPIRY))).toJSON())),
  };
}

/** Version 100 still runs, its code unchanged, nothing authorized, the snapshot as taken. */
async function assertNothingChanged(api, currentHash) {
  assert.equal(await specVersionAt(api), CURRENT_SPEC);
  assert.equal(api.runtimeVersion.specVersion.toNumber(), CURRENT_SPEC);
  assert.equal(await lastRuntimeUpgrade(api), CURRENT_SPEC);
  assert.equal(await codeHashOnChain(api), currentHash);
  assert.ok((await api.query.system.authorizedUpgrade()).isNone);
  assert.deepEqual(await snapshot(api), baseline);
}

test('set_code is refused to a signed account and for code that is not a later runtime, and nothing changes', BOUNDED, async () => {
  const { api } = ctx;
  const [outsider] = await freshAccounts(api, ['outsider']);
  const currentHash = await codeHashOnChain(api);
  assert.notEqual(currentHash, codeHash(api, nextCode));

  // Even the next runtime is refused to an account that is not root; it pays the fee, no more.
  const before = await freeOf(api, outsider);
  const refused = await expectError(included(submit(api, api.tx.system.setCode(nextCode), outsider)), 'dispatch', 'BadOrigin');
  const fee = findEvent(refused.result, 'transactionPayment', 'TransactionFeePaid').raw.data.actualFee.toBigInt();
  assert.equal(await freeOf(api, outsider), before - fee);
  await expectError(submit(api, api.tx.system.authorizeUpgrade(codeHash(api, nextCode)), outsider), 'dispatch', 'BadOrigin');

  // Root too is refused bytes that are no runtime (a WASM header and nothing else); the Sudid
  // event carries the error.
  await expectError(sudo(api, api.tx.system.setCode('0x0061736d01000000')), 'system', 'FailedToExtractRuntimeVersion');

  // Unsigned, the code is accepted only once root has authorized its hash: the pool refuses it.
  await assert.rejects(submit(api, api.tx.system.applyAuthorizedUpgrade(nextCode), null), /Invalid Transaction/);

  await assertNothingChanged(api, currentHash);
});

test('root is refused the runtime running now: spec_version must increase', BOUNDED, async (t) => {
  const { api } = ctx;
  // frame_system compares spec names and versions only in a runtime built without
  // `runtime-benchmarks`; with it (the everyday build, whose runtime has the Benchmark API) root
  // may set any runtime, so the refusal is there only on a production build.
  if (api.call.benchmark) {
    t.skip('the runtime is built with runtime-benchmarks: frame_system does not compare versions');
    return;
  }
  const currentHash = await codeHashOnChain(api);
  const currentCode = (await api.rpc.state.getStorage(CODE_KEY)).unwrap().toHex();
  await expectError(included(sudo(api, api.tx.system.setCode(currentCode))), 'system', 'SpecVersionNeedsToIncrease');
  await assertNothingChanged(api, currentHash);
});

test('root authorizes the next runtime, anyone applies it unsigned, and the chain runs it with its state intact', BOUNDED, async () => {
  const { api } = ctx;
  const { clinician, patient, makerStaff } = state;
  const hash = codeHash(api, nextCode);

  const authorized = await sudo(api, api.tx.system.authorizeUpgrade(hash));
  const ev = findEvent(authorized, 'system', 'UpgradeAuthorized').raw.data;
  assert.equal(ev.codeHash.toHex(), hash);
  assert.equal(ev.checkVersion.isTrue, true);
  assert.equal((await api.query.system.authorizedUpgrade()).unwrap().codeHash.toHex(), hash);

  // A bare extrinsic: no signer, no fee; the runtime accepts it because root authorized its hash.
  const applied = await included(submit(api, api.tx.system.applyAuthorizedUpgrade(nextCode), null));
  const appliedEvents = await eventsOf(applied.blockHash);
  assert.ok(findEvent(appliedEvents, 'system', 'CodeUpdated'), 'CodeUpdated');
  assert.equal(findEvent(appliedEvents, 'system', 'RejectedInvalidAuthorizedUpgrade'), undefined);
  assert.equal(await rawStorage(api, api.query.system.authorizedUpgrade.key(), applied.blockHash), null, 'the authorization is used up');

  // The block that sets the code ran on version 100 and leaves 101 in its state: the parent
  // answers 100, the block itself 101, and the first block run by 101 records the upgrade.
  const parent = (await api.rpc.chain.getHeader(applied.blockHash)).parentHash;
  assert.equal(await specVersionAt(api, parent), CURRENT_SPEC);
  assert.equal(await specVersionAt(api, applied.blockHash), NEXT_SPEC);
  assert.equal(await codeHashOnChain(api), hash);
  assert.equal(await lastRuntimeUpgrade(api, applied.blockHash), CURRENT_SPEC);
  // That block comes from an account outside the snapshot, so the snapshot can be compared
  // after the runtime upgrade hooks ran.
  const first = await submit(api, api.tx.system.remark('0x00'), signer('//Ferdie'));
  assert.equal(first.blockNumber, applied.blockNumber + 1);
  assert.equal(await lastRuntimeUpgrade(api, first.blockHash), NEXT_SPEC);
  assert.equal(await specVersionAt(api), NEXT_SPEC);

  // A connected polkadot.js follows the new version. It reloads the metadata with
  // `state_getMetadata`, whose V14 lists no runtime APIs, so it then knows only the standard
  // ones; a new connection asks for the latest metadata and has ours.
  for (const deadline = Date.now() + 60_000; api.runtimeVersion.specVersion.toNumber() !== NEXT_SPEC;) {
    if (Date.now() > deadline) throw new Error(`polkadot.js still at spec ${api.runtimeVersion.specVersion} after 60 s`);
    await sleep(200);
  }
  ctx.upgraded = await connect(ctx.node.endpoint);
  const upgraded = ctx.upgraded;
  assert.equal(upgraded.runtimeVersion.specVersion.toNumber(), NEXT_SPEC);

  assert.deepEqual(await snapshot(upgraded), baseline);

  // The healthcare pallets keep working on the new runtime: a second record under the same
  // grant, a grant to the provider, the lot's remaining packs.
  const second = await submit(upgraded, upgraded.tx.records.register(patient.address, recordInput(patient, 2), 'Treatment'), clinician);
  const record = findEvent(second, 'records', 'RecordRegistered').raw.data.record.toNumber();
  assert.ok((await upgraded.call.recordsApi.readPointer(record, clinician.address, 'Treatment')).isOk);

  const granted = await submit(upgraded, upgraded.tx.consent.grant(null, { Organization: state.provider }, openEnded(['Read'])), patient);
  const grant = findEvent(granted, 'consent', 'GrantCreated').raw.data.id.toNumber();
  assert.ok(grant > state.grant);

  const more = ['UPG-03', 'UPG-04'];
  await submit(upgraded, upgraded.tx.supplyChain.commission(text(GTIN), text(LOT), more.map(text)), makerStaff);
  for (const serial of more) {
    const answer = await upgraded.call.supplyChainApi.verify(text(GTIN), text(serial), text(LOT), text(EXPIRY));
    assert.equal(answer.verified.isTrue, true, `${serial} verifies`);
  }
  await expectError(submit(upgraded, upgraded.tx.supplyChain.commission(text(GTIN), text(LOT), [text('UPG-05')]), makerStaff), 'supplyChain', 'LotQuantityExceeded');

  // Blocks keep coming, each finalized, all on version 101.
  const best = await bestNumber(upgraded);
  assert.ok(best > first.blockNumber + 2);
  const finalized = (await upgraded.rpc.chain.getHeader(await upgraded.rpc.chain.getFinalizedHead())).number.toNumber();
  assert.equal(finalized, best);
  assert.equal(await specVersionAt(upgraded), NEXT_SPEC);
  assert.equal(await lastRuntimeUpgrade(upgraded), NEXT_SPEC);
});
