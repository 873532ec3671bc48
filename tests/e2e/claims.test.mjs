// Claims against a dev node with instant sealing: a payer organization (its Staff officer opens
// and funds programs) and a provider organization (its clinician claims), a patient known to
// the provider by a subject of its own that grants the payer organization the `Payment`
// purpose. An undisputed claim is paid by `on_idle` once its dispute window closes (the blocks
// are produced here); a disputed one is not, until the payer adjudicates it; a claim without
// consent, a second claim on one document and a reward beyond the cap are refused; closing a
// program gives its unspent escrow back. Several steps go through `hc claims`, the rest through
// polkadot.js.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeTag, tagHex } from '../../scripts/lib/blind.mjs';
import { codeCommitment, sha256Hex } from '../../scripts/lib/commitments.mjs';
import { subjectOf } from '../../scripts/lib/subjects.mjs';
import { EXIT } from '../../scripts/lib/exit-codes.mjs';
import { UNIT, useNode, freshAccounts, registerOrg, submit, findEvent, expectError, hcOk, runHc, produceBlocks } from './helpers.mjs';

const ctx = useNode({ name: 'claims' });
const TIMEOUT = { timeout: 300_000 };

// The runtime's shortest dispute window (a minute: 10 blocks).
const WINDOW = 10;
const SECRET = 'program-secret-claims-e2e';
const SERVICE = '99213'; // an office visit, as the payer and its providers code it
const TASK = 'annual-checkup';
const PROGRESS = '11506-3'; // the category of the records a claim rests on
const docs = mkdtempSync(join(tmpdir(), 'hc-claims-'));
let documentCount = 0;
after(() => rmSync(docs, { recursive: true, force: true }));

/** A fresh claim document on disk (its bytes never leave this machine): its path and SHA-256. */
function claimDocument(text = 'claim') {
  const file = join(docs, `doc-${documentCount++}.json`);
  const bytes = JSON.stringify({ text, n: documentCount, at: Date.now() });
  writeFileSync(file, bytes);
  return { file, hash: sha256Hex(Buffer.from(bytes)) };
}

const world = {};
let ready;

/** The organizations, the patient and its grant, made once for the whole file. */
function setUp() {
  ready ??= makeWorld();
  return ready;
}

async function makeWorld() {
  const { api } = ctx;
  const [payerAdmin, officer, providerAdmin, clinician, wallet, stranger] = await freshAccounts(
    api, ['payer-admin', 'officer', 'provider-admin', 'clinician', 'wallet', 'stranger'],
  );
  const payer = await registerOrg(api, payerAdmin, ['Payer'], [[officer, ['Staff']]]);
  const provider = await registerOrg(api, providerAdmin, ['Provider'], [[clinician, ['Clinician']]]);
  // The patient is known to the provider by its subject there; the provider funds it.
  const patient = subjectOf(wallet.suri, provider);
  const unconsented = subjectOf(stranger.suri, provider);
  for (const s of [patient, unconsented]) await submit(api, api.tx.balances.transferKeepAlive(s.address, 10n * UNIT), providerAdmin);
  // The patient lets the payer organization use the progress notes for payment.
  const category = tagHex(codeTag(patient.blindKey, 'category', PROGRESS));
  const terms = { purposes: ['Payment'], actions: ['Read'], scope: { Categories: [category] }, dataPeriod: null, validFrom: null, validUntil: null, openEnded: true, exceptions: [] };
  await submit(api, api.tx.consent.grant(null, { Organization: payer }, terms), patient.pair);
  Object.assign(world, { payerAdmin, officer, providerAdmin, clinician, payer, provider, patient, unconsented, category });
}

/** `hc claims ...` against the node, as JSON. */
const hc = (args) => hcOk(ctx.node.endpoint, ['claims', ...args, '--json']);

/** Opens a program through `hc claims open-program`; its id. */
async function openProgram({ escrow = 1_000n * UNIT, limit = 500n * UNIT, tasks = [], cap = 0n, period = 0 } = {}) {
  await setUp();
  const taskArgs = tasks.flatMap(([code, amount]) => ['--task', `${code}=${amount}`]);
  const out = await hc(['open-program', '--service', `${SERVICE}=${100n * UNIT}`, ...taskArgs, '--program-secret', SECRET,
    '--patient-limit', String(limit), '--dispute-window', String(WINDOW), '--reward-cap', String(cap), '--reward-period', String(period),
    '--escrow', String(escrow), '--signer', world.officer.suri]);
  return out.program;
}

/** Submits a claim through polkadot.js; `{ claim, due, document }`. */
async function submitClaim(program, { amount = 40n * UNIT, document = claimDocument().hash, patient = world.patient, category = world.category } = {}) {
  const tx = ctx.api.tx.claims.submitClaim(program, patient.address, codeCommitment(SECRET, SERVICE), amount, category, document);
  const data = findEvent(await submit(ctx.api, tx, world.clinician), 'claims', 'ClaimSubmitted').raw.data;
  return { claim: data.claim.toNumber(), due: data.due.toNumber(), document };
}

const free = async (who) => (await ctx.api.query.system.account(who)).data.free.toBigInt();
const held = async (who) => (await ctx.api.query.system.account(who)).data.reserved.toBigInt();

test('an undisputed claim is paid by on_idle once its dispute window closes', TIMEOUT, async () => {
  const { api } = ctx;
  const program = await openProgram();
  const shown = await hc(['program', String(program)]);
  assert.equal(shown.status, 'Open');
  assert.equal(shown.escrow, Number(1_000n * UNIT));
  assert.deepEqual(shown.terms.services, [[codeCommitment(SECRET, SERVICE), Number(100n * UNIT)]]);

  // The clinician claims through hc: the service by its code and the secret, the category by
  // its code under the patient's blind key, the document by its file.
  const { file, hash } = claimDocument('office visit');
  const key = `0x${Buffer.from(world.patient.blindKey).toString('hex')}`;
  const submitted = await hc(['submit', String(program), world.patient.address, '--service-code', SERVICE, '--program-secret', SECRET,
    '--amount', String(40n * UNIT), '--category', PROGRESS, '--key', key, '--document', file, '--signer', world.clinician.suri]);
  assert.equal(submitted.document, hash);
  const { claim, due } = submitted;
  const event = submitted.events.find((e) => e.method === 'ClaimSubmitted').data;
  assert.equal(event.service, codeCommitment(SECRET, SERVICE));
  assert.equal(event.document, hash);
  assert.equal(event.payee, api.createType('AccountId', world.providerAdmin.address).toString());

  // Too early to settle; then the blocks up to the due block, in which on_idle pays it.
  await expectError(submit(api, api.tx.claims.settleClaim(claim), world.officer), 'claims', 'NotDue');
  const payeeBefore = await free(world.providerAdmin.address);
  const escrowBefore = await held(world.officer.address);
  const head = (await api.rpc.chain.getHeader()).number.toNumber();
  const blocks = await produceBlocks(api, due - head);
  const paidIn = blocks.find((b) => b.events.some((e) => e.section === 'claims' && e.method === 'ClaimPaid' && e.data.claim.toNumber() === claim));
  assert.ok(paidIn, `ClaimPaid in none of blocks #${blocks[0].number}..#${blocks.at(-1).number}`);
  assert.equal(paidIn.number, due);
  const paid = paidIn.events.find((e) => e.method === 'ClaimPaid').data;
  assert.equal(paid.amount.toBigInt(), 40n * UNIT);

  assert.equal((await hc(['claim', String(claim)])).status, 'Paid');
  assert.equal(await free(world.providerAdmin.address) - payeeBefore, 40n * UNIT);
  assert.equal(escrowBefore - await held(world.officer.address), 40n * UNIT);
  const totals = await hc(['totals', String(program), world.patient.address]);
  assert.deepEqual([totals.paid, totals.pending], [Number(40n * UNIT), 0]);
  const listed = await hc(['claims-of', world.patient.address]);
  assert.ok(listed.some((row) => row.id === claim && row.claim.status === 'Paid'));
  await expectError(submit(api, api.tx.claims.settleClaim(claim), world.officer), 'claims', 'NotPending');
});

test('a disputed claim is not paid when its window closes; the payer adjudicates it', TIMEOUT, async () => {
  const { api } = ctx;
  const program = await openProgram();
  const { claim, due } = await submitClaim(program);
  // The patient disputes through hc, with the hash of a statement kept off chain.
  const statement = claimDocument('I was not seen that day');
  const disputed = await hc(['dispute', String(claim), '--reason', statement.file, '--signer', world.patient.suri]);
  assert.equal(disputed.events.find((e) => e.method === 'ClaimDisputed').data.reason, statement.hash);

  const head = (await api.rpc.chain.getHeader()).number.toNumber();
  const blocks = await produceBlocks(api, due - head + 2);
  assert.ok(!blocks.some((b) => b.events.some((e) => e.method === 'ClaimPaid' && e.data.claim.toNumber() === claim)), 'a disputed claim was paid');
  assert.equal((await hc(['claim', String(claim)])).status, 'Disputed');
  await expectError(submit(api, api.tx.claims.settleClaim(claim), world.officer), 'claims', 'NotPending');
  await expectError(submit(api, api.tx.claims.disputeClaim(claim, statement.hash), world.patient.pair), 'claims', 'NotPending');
  // The provider cannot decide it; the officer approves it through hc and it is paid.
  await expectError(submit(api, api.tx.claims.adjudicate(claim, true), world.clinician), 'claims', 'NotPayer');
  const before = await free(world.providerAdmin.address);
  const approved = await hc(['adjudicate', String(claim), 'approve', '--signer', world.officer.suri]);
  assert.deepEqual(approved.events.filter((e) => e.section === 'claims').map((e) => e.method), ['ClaimApproved', 'ClaimPaid']);
  assert.equal(await free(world.providerAdmin.address) - before, 40n * UNIT);
  assert.equal((await hc(['claim', String(claim)])).status, 'Paid');

  // A second disputed claim, rejected: its amount is no longer committed.
  const second = await submitClaim(program);
  await submit(api, api.tx.claims.disputeClaim(second.claim, statement.hash), world.patient.pair);
  await hc(['adjudicate', String(second.claim), 'reject', '--signer', world.officer.suri]);
  assert.equal((await hc(['claim', String(second.claim)])).status, 'Rejected');
  assert.equal((await hc(['program', String(program)])).committed, 0);
});

test('a claim without the patient\'s Payment consent is refused with claims.ConsentDenied', TIMEOUT, async () => {
  const { api } = ctx;
  const program = await openProgram();
  const category = tagHex(codeTag(world.unconsented.blindKey, 'category', PROGRESS));
  await expectError(submitClaim(program, { patient: world.unconsented, category }), 'claims', 'ConsentDenied');
  // The consented patient, but a category the grant does not cover.
  await expectError(submitClaim(program, { category: tagHex(codeTag(world.patient.blindKey, 'category', '18842-5')) }), 'claims', 'ConsentDenied');
  // hc: exit 1, the error named with its docs on stderr.
  const { file } = claimDocument();
  const run = await runHc(ctx.node.endpoint, ['claims', 'submit', String(program), world.unconsented.address, '--service-code', SERVICE, '--program-secret', SECRET,
    '--amount', '1000', '--category-tag', category, '--document', file, '--signer', world.clinician.suri, '--json']);
  assert.equal(run.code, EXIT.REFUSED, run.stderr);
  const error = run.stderr.split('\n').filter(Boolean).map((l) => JSON.parse(l)).find((l) => l.error).error;
  assert.deepEqual([error.pallet, error.error], ['claims', 'ConsentDenied']);
  assert.equal((await api.call.claimsApi.program(program)).unwrap().committed.toBigInt(), 0n);
});

test('a task reward is paid to the patient at once, then capped for the period', TIMEOUT, async () => {
  const { api } = ctx;
  const reward = 5n * UNIT;
  const program = await openProgram({ tasks: [[TASK, reward]], cap: reward, period: 1_000 });
  const before = await free(world.patient.address);
  const attestation = claimDocument('checkup done');
  const paid = await hc(['attest-task', String(program), world.patient.address, '--task-code', TASK, '--program-secret', SECRET,
    '--category-tag', world.category, '--attestation', attestation.file, '--signer', world.clinician.suri]);
  const event = paid.events.find((e) => e.method === 'RewardPaid').data;
  assert.equal(event.task, codeCommitment(SECRET, TASK));
  assert.equal(event.attestation, attestation.hash);
  assert.equal(await free(world.patient.address) - before, reward);
  assert.equal((await hc(['totals', String(program), world.patient.address])).rewarded, Number(reward));

  const attest = (hash) => submit(api, api.tx.claims.attestTask(program, world.patient.address, codeCommitment(SECRET, TASK), world.category, hash), world.clinician);
  await expectError(attest(attestation.hash), 'claims', 'TaskAlreadyRewarded');
  await expectError(attest(claimDocument('another checkup').hash), 'claims', 'RewardCapReached');
  const unknownTask = submit(api, api.tx.claims.attestTask(program, world.patient.address, codeCommitment(SECRET, 'other'), world.category, claimDocument().hash), world.clinician);
  await expectError(unknownTask, 'claims', 'UnknownTask');
});

test('a claim document is claimed once', TIMEOUT, async () => {
  const program = await openProgram();
  const other = await openProgram();
  const { document } = await submitClaim(program);
  await expectError(submitClaim(program, { document }), 'claims', 'DuplicateClaim');
  // In any program.
  await expectError(submitClaim(other, { document }), 'claims', 'DuplicateClaim');
});

test('closing a program gives its unspent escrow back; what is committed settles later', TIMEOUT, async () => {
  const { api } = ctx;
  const escrow = 300n * UNIT;
  const program = await openProgram({ escrow });
  await hc(['fund', String(program), String(50n * UNIT), '--signer', world.officer.suri]);
  const { claim, due } = await submitClaim(program, { amount: 30n * UNIT });
  const heldBefore = await held(world.officer.address);
  const closed = await hc(['close', String(program), '--signer', world.officer.suri]);
  const event = closed.events.find((e) => e.method === 'ProgramClosed').data;
  assert.equal(BigInt(event.refunded), escrow + 50n * UNIT - 30n * UNIT);
  assert.equal(BigInt(event.committed), 30n * UNIT);
  assert.equal(heldBefore - await held(world.officer.address), escrow + 20n * UNIT);
  const shown = await hc(['program', String(program)]);
  assert.deepEqual([shown.status, shown.escrow, shown.committed], ['Closed', Number(30n * UNIT), Number(30n * UNIT)]);
  // No new claims or funds; the pending claim is still paid when due, and nothing stays held.
  await expectError(submitClaim(program), 'claims', 'ProgramClosed');
  await expectError(submit(api, api.tx.claims.fundProgram(program, UNIT), world.officer), 'claims', 'ProgramClosed');
  const head = (await api.rpc.chain.getHeader()).number.toNumber();
  await produceBlocks(api, Math.max(1, due - head));
  assert.equal((await api.call.claimsApi.claim(claim)).unwrap().status.type, 'Paid');
  assert.equal((await api.call.claimsApi.program(program)).unwrap().escrow.toBigInt(), 0n);
});
