// The deposits the app shows before signing (app/src/deposits.ts) against what the chain holds:
// each call is estimated, submitted to a `--chain demo --sealing instant` node, and the estimate
// compared with the `balances.Held` events it emitted (`TransferOnHold` for an admin handover,
// whose deposits move on hold). No browser: the module is plain TypeScript over polkadot.js,
// transpiled here as the app's build does.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { connect, signer, submit, findEvent } from '../../scripts/lib/chain.mjs';
import { startNode } from '../../scripts/lib/node.mjs';
import { blindKeyFromSuri, codeTag, periodTags, recordInput, tagHex, versionInput } from '../../scripts/lib/blind.mjs';
import { withCheckDigit } from '../../scripts/lib/gs1.mjs';

const ctx = { api: undefined, node: undefined, estimateDeposit: undefined };
const UNIT = 10n ** 12n;
const DAY_MS = 86_400_000n;
const PATIENT = '//Alice//stash';
const text = (s) => `0x${Buffer.from(s, 'latin1').toString('hex')}`;
const run = Date.now().toString(36);

before(async () => {
  const ts = createRequire(new URL('../../app/package.json', import.meta.url))('typescript');
  const source = readFileSync(new URL('../../app/src/deposits.ts', import.meta.url), 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
  const file = join(mkdtempSync(join(tmpdir(), 'healthchain-deposits-')), 'deposits.mjs');
  writeFileSync(file, outputText);
  ctx.estimateDeposit = (await import(pathToFileURL(file).href)).estimateDeposit;
  ctx.node = await startNode({ name: 'app-deposits', args: ['--chain', 'demo', '--sealing', 'instant'] });
  ctx.api = await connect(ctx.node.endpoint);
});

after(async () => {
  await ctx.api?.disconnect();
  await ctx.node?.stop();
});

/** Estimates `tx` as `who`, submits it, and returns `[estimate, held on chain, result]`. */
async function estimateAndSubmit(tx, who) {
  const estimate = await ctx.estimateDeposit(ctx.api, tx, who.address);
  const result = await submit(ctx.api, tx, who);
  const held = result.events
    .filter((e) => e.section === 'balances' && (e.method === 'Held' || e.method === 'TransferOnHold'))
    .reduce((sum, e) => sum + e.raw.data.amount.toBigInt(), 0n);
  return [estimate, held, result];
}

/** Asserts that the estimate of `tx` is what the chain holds, and who it says pays. */
async function expectHeld(tx, who, from) {
  const [estimate, held, result] = await estimateAndSubmit(tx, who);
  if (held === 0n) assert.equal(estimate, null, 'no deposit held, none shown');
  else {
    assert.equal(estimate?.amount, held, 'the estimate is the amount held');
    if (from) assert.equal(estimate.from, from);
  }
  return result;
}

async function fresh(name) {
  const pair = signer(`//Alice//deposits-${run}-${name}`);
  await submit(ctx.api, ctx.api.tx.balances.transferKeepAlive(pair.address, 1000n * UNIT), signer('//Alice'));
  return pair;
}

const now = async () => [(await ctx.api.query.timestamp.now()).toBigInt(), BigInt(Date.now())].reduce((a, b) => (a > b ? a : b));

test('consent: grants and denies are charged by their encoded size, a guardian and an emergency access by constant', async () => {
  const { api } = ctx;
  const patient = signer(PATIENT);
  const key = blindKeyFromSuri(PATIENT);
  const charlie = signer('//Charlie');
  const t = await now();
  await expectHeld(api.tx.consent.grant(null, { Account: charlie.address }, {
    purposes: ['Treatment', 'Research'], actions: ['Read'],
    scope: { Categories: [tagHex(codeTag(key, 'category', '11502-2')), tagHex(codeTag(key, 'category', '11506-3'))] },
    dataPeriod: periodTags(key, '2025-01-01', '2025-03-31').map(tagHex), validFrom: null, validUntil: t + DAY_MS, openEnded: false,
    exceptions: [{ Label: tagHex(codeTag(key, 'label', 'PSY')) }, { Record: 0 }, { DataPeriod: periodTags(key, '2025-02-01', '2025-02-03').map(tagHex) }],
  }), patient, 'you');
  await expectHeld(api.tx.consent.grant(null, { Organization: 2 }, {
    purposes: ['Treatment'], actions: ['Read', 'Append'], scope: { Records: [0] }, dataPeriod: null, validFrom: t + DAY_MS, validUntil: null, openEnded: true, exceptions: [],
  }), patient);
  await expectHeld(api.tx.consent.deny(null, { Organization: 3 }, { purposes: [], actions: ['Read'], scope: 'AllRecords', labels: [tagHex(codeTag(key, 'label', 'PSY'))] }), patient, 'you');
  const guardian = await fresh('guardian');
  await expectHeld(api.tx.consent.appointGuardian(guardian.address), patient, 'you');
  await expectHeld(api.tx.consent.grant(patient.address, { Account: charlie.address }, {
    purposes: ['Treatment'], actions: ['Read'], scope: 'AllRecords', dataPeriod: null, validFrom: null, validUntil: t + DAY_MS, openEnded: false, exceptions: [],
  }), guardian, 'you');
  // A deny is paid by the patient whoever records it.
  await expectHeld(api.tx.consent.deny(patient.address, { Account: signer('//Eve').address }, { purposes: ['Research'], actions: [], scope: { Records: [0] }, labels: [] }), guardian, 'the patient');
  // An emergency access is paid by the admin of the clinician's organization (//Bob).
  await expectHeld(api.tx.consent.openEmergencyAccess((await fresh('emergency-patient')).address, `0x${'33'.repeat(32)}`, 3_600_000), charlie, "your organization's admin");
  // A batch adds up its calls.
  await expectHeld(api.tx.utility.batchAll([
    api.tx.consent.grant(null, { Account: signer('//Eve').address }, { purposes: ['Research'], actions: ['Read'], scope: 'AllRecords', dataPeriod: null, validFrom: null, validUntil: t + DAY_MS, openEnded: false, exceptions: [] }),
    api.tx.consent.grant(null, { Organization: 1 }, { purposes: ['Operations'], actions: ['Read'], scope: { Records: [0] }, dataPeriod: null, validFrom: null, validUntil: t + DAY_MS, openEnded: false, exceptions: [] }),
    api.tx.system.remark('0x00'),
  ]), patient);
});

test('records and the key directory: a record by its tags and locator, a wrapped key by its length, a key once', async () => {
  const { api } = ctx;
  const patient = signer(PATIENT);
  const key = blindKeyFromSuri(PATIENT);
  const input = recordInput({ key, category: '11502-2', typeCode: '11502-2', labels: ['N', 'PSY'], date: '2026-01-02', hash: `0x${'ab'.repeat(32)}`, locator: 'gk://hospital/blob/abcdef0123456789' });
  const registered = await expectHeld(api.tx.records.register(patient.address, input, 'Treatment'), patient, 'you');
  const record = findEvent(registered, 'records', 'RecordRegistered').raw.data.record.toNumber();
  const body = (await api.call.recordsApi.record(record)).unwrap().body.unwrap();
  await expectHeld(api.tx.records.supersede(record, versionInput({ key, previous: body, typeCode: '11502-2', hash: `0x${'cd'.repeat(32)}`, locator: 'gk://x' }), 'Treatment'), patient, 'you');
  await expectHeld(api.tx.records.attachKey(record, patient.address, `0x${'77'.repeat(80)}`), patient, 'you');
  const owner = await fresh('key-owner');
  await expectHeld(api.tx.keyDirectory.publishKey(`0x${'11'.repeat(32)}`), owner, 'you');
  // Replacing the key keeps the first deposit: nothing more is held, nothing is shown.
  await expectHeld(api.tx.keyDirectory.publishKey(`0x${'12'.repeat(32)}`), owner);
});

test('organizations: the registration holds from the admin when it accepts, a handover moves every deposit', async () => {
  const { api } = ctx;
  const admin = await fresh('admin');
  const [offer, heldNow, registered] = await estimateAndSubmit(
    api.tx.organizations.register(admin.address, ['Provider'], { hash: `0x${'44'.repeat(32)}`, issuer: text('GLN-NEW-01') }, text('https://example.org/dir')),
    signer('//Alice'),
  );
  assert.equal(heldNow, 0n, 'nothing is held at the offer');
  assert.match(offer.from, /new admin once it accepts/);
  const org = findEvent(registered, 'organizations', 'RegistrationOffered').raw.data.org.toNumber();
  const [accept, held] = await estimateAndSubmit(api.tx.organizations.acceptAdmin(org), admin);
  assert.equal(accept.amount, held);
  assert.equal(offer.amount, held, 'the amount announced at the offer is what the admin pays');
  const member = await fresh('member');
  await expectHeld(api.tx.organizations.addMember(org, member.address, ['Clinician']), admin, 'you');
  await submit(api, api.tx.organizations.acceptMembership(org), member);
  await submit(api, api.tx.organizations.transferAdmin(org, member.address), admin);
  await expectHeld(api.tx.organizations.acceptAdmin(org), member);
});

test('supply chain: deposits are held from the organization\'s admin, a container only when new', async () => {
  const { api } = ctx;
  const ferdie = signer('//Ferdie');
  const gtin = withCheckDigit(`09506000${String(Date.now() % 100000).padStart(5, '0')}`);
  await expectHeld(api.tx.supplyChain.registerProduct(text(gtin), `0x${'22'.repeat(32)}`), ferdie, 'you');
  await expectHeld(api.tx.supplyChain.createLot(text(gtin), text('LOT-D'), text('301231'), 25), ferdie, 'you');
  await submit(api, api.tx.supplyChain.commission(text(gtin), text('LOT-D'), [text('D01'), text('D02')]), ferdie);
  const sscc = withCheckDigit(`09506000${String(Date.now() % 1000000000).padStart(9, '0')}`);
  await expectHeld(api.tx.supplyChain.pack(text(sscc), 'Case', [{ Pack: [text(gtin), text('D01')] }]), ferdie, 'you');
  await expectHeld(api.tx.supplyChain.pack(text(sscc), 'Case', [{ Pack: [text(gtin), text('D02')] }]), ferdie);
  await expectHeld(api.tx.supplyChain.ship([{ Container: text(sscc) }], 5, `0x${'11'.repeat(32)}`, true), ferdie, 'you');
});
