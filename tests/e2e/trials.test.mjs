// Trials against a dev node with instant sealing: a Researcher organization registers a trial
// with a Provider site, amends it before enrolment, and the site enrols a participant known only
// by the subject its wallet derives for that one trial, which grants `Research` to the sponsor.
// The chain keeps the participant's commitment, never the subject; outcomes are fixed at the
// first enrolment unless a change is declared; the data is locked, the results registered, and
// `check_results` tells a reader whether the outcomes reported were the pre-registered ones.
// Several steps go through `hc trials`, the rest through polkadot.js.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeTag, tagHex } from '../../scripts/lib/blind.mjs';
import { outcomeHash, participantCommitment, sha256Hex } from '../../scripts/lib/commitments.mjs';
import { trialSubjectOf } from '../../scripts/lib/subjects.mjs';
import { EXIT } from '../../scripts/lib/exit-codes.mjs';
import { UNIT, useNode, freshAccounts, registerOrg, submit, findEvent, expectError, hcOk, runHc } from './helpers.mjs';

const ctx = useNode({ name: 'trials' });
const TIMEOUT = { timeout: 300_000 };
const READS = '11506-3'; // the category of records the trial reads
const HBA1C_12 = 'HbA1c change at 12 weeks';
const HBA1C_24 = 'HbA1c change at 24 weeks';
const WEIGHT = 'body weight change at 24 weeks';
const docs = mkdtempSync(join(tmpdir(), 'hc-trials-'));
let documentCount = 0;
after(() => rmSync(docs, { recursive: true, force: true }));

/** A document on disk (protocol, reason, dataset, results): its path and SHA-256. */
function documentFile(text) {
  const bytes = `${text} ${documentCount++} ${Date.now()}`;
  const file = join(docs, `doc-${documentCount}.txt`);
  writeFileSync(file, bytes);
  return { file, hash: sha256Hex(Buffer.from(bytes)) };
}

const world = {};
let ready;

/** The sponsor with its investigator, the site with its doctor, made once for the file. */
function setUp() {
  ready ??= (async () => {
    const { api } = ctx;
    const [labAdmin, investigator, siteAdmin, doctor] = await freshAccounts(api, ['lab-admin', 'investigator', 'site-admin', 'doctor']);
    const sponsor = await registerOrg(api, labAdmin, ['Researcher'], [[investigator, ['Researcher']]]);
    const site = await registerOrg(api, siteAdmin, ['Provider'], [[doctor, ['Clinician']]]);
    Object.assign(world, { labAdmin, investigator, siteAdmin, doctor, sponsor, site });
  })();
  return ready;
}

/** `hc trials ...` against the node, as JSON. */
const hc = (args) => hcOk(ctx.node.endpoint, ['trials', ...args, '--json']);

/**
 * A participant's wallet and its subject for `trial`, funded by the site (not by anyone linked
 * to the person), granting `Research` on the category the trial reads to the sponsor.
 */
async function participant(trial, { consent = true } = {}) {
  const { api } = ctx;
  const wallet = `//Alice//trial-wallet-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const subject = trialSubjectOf(wallet, trial);
  await submit(api, api.tx.balances.transferKeepAlive(subject.address, UNIT), world.siteAdmin);
  if (consent) {
    const scope = { Categories: [tagHex(codeTag(subject.blindKey, 'category', READS))] };
    const terms = { purposes: ['Research'], actions: ['Read'], scope, dataPeriod: null, validFrom: null, validUntil: null, openEnded: true, exceptions: [] };
    await submit(api, api.tx.consent.grant(null, { Organization: world.sponsor }, terms), subject.pair);
  }
  return { wallet, subject };
}

/** Registers a trial through hc at the site; its id. */
async function register({ primary = [HBA1C_12], secondary = [WEIGHT], planned = 5 } = {}) {
  await setUp();
  const args = ['register', '--protocol', documentFile('protocol').file, ...primary.flatMap((o) => ['--primary', o]),
    ...secondary.flatMap((o) => ['--secondary', o]), '--site', String(world.site), '--planned', String(planned), '--signer', world.investigator.suri];
  return (await hc(args)).trial;
}

const held = async (who) => (await ctx.api.query.system.account(who)).data.reserved.toBigInt();

/** Every key and value of the trials pallet's storage, as hex. */
async function trialsStorage(api) {
  const parts = [];
  for (const query of Object.values(api.query.trials)) {
    const type = query.creator?.meta?.type;
    if (!type) continue;
    const entries = type.isMap ? await query.entries() : [[null, await query()]];
    for (const [key, value] of entries) parts.push(`${key ? key.toHex() : ''}${value.toHex()}`);
  }
  return parts.join('');
}

test('a trial from registration to checked results; the participant is only a commitment', TIMEOUT, async () => {
  const { api } = ctx;
  const heldBefore = await held((await setUp(), world.investigator.address));
  const trial = await register();
  // TrialDeposit (1 UNIT) and ParticipantDeposit (UNIT / 1000) per planned participant.
  const deposit = UNIT + 5n * (UNIT / 1_000n);
  assert.equal(await held(world.investigator.address) - heldBefore, deposit);

  // Before anyone enrols, the outcomes change freely (no declaration).
  const reason = documentFile('24 weeks is the standard endpoint');
  const amended = await hc(['amend', String(trial), '--primary', HBA1C_24, '--reason', reason.file, '--signer', world.investigator.suri]);
  assert.equal(amended.version, 1);
  const v1 = await hc(['version', String(trial), '1']);
  assert.deepEqual([v1.outcomesChanged, v1.declaredOutcomeChange, v1.reason], [true, false, reason.hash]);
  assert.deepEqual(v1.primaryOutcomes, [outcomeHash(HBA1C_24)]);
  assert.deepEqual(v1.secondaryOutcomes, [outcomeHash(WEIGHT)], 'kept from version 0');

  // The site enrols through hc: the trial subject from the wallet's secret, the category under
  // its blind key, the commitment under a fresh salt.
  const { wallet, subject } = await participant(trial);
  const enrolled = await hc(['enrol', String(trial), String(world.site), '--participant', wallet, '--category', READS, '--signer', world.doctor.suri]);
  assert.equal(enrolled.commitment, participantCommitment(subject.address, enrolled.salt));
  const event = enrolled.events.find((e) => e.method === 'ParticipantEnrolled').data;
  assert.deepEqual([event.commitment, event.site, event.enrolled], [enrolled.commitment, world.site, 1]);
  const enrolment = (await api.call.trialsApi.enrolment(trial, enrolled.commitment)).unwrap();
  assert.equal(enrolment.site.toNumber(), world.site);

  // The subject is in no event of the block and in no storage entry of the pallet.
  const id = api.createType('AccountId', subject.address).toHex().slice(2);
  const events = await api.query.system.events.at(enrolled.blockHash);
  assert.ok(!events.toHex().includes(id), 'the participant\'s account is in an event');
  assert.ok(!(await trialsStorage(api)).includes(id), 'the participant\'s account is in the trials storage');

  // Without the participant's consent: refused. The same commitment twice: refused.
  const other = await participant(trial, { consent: false });
  const otherTag = tagHex(codeTag(other.subject.blindKey, 'category', READS));
  await expectError(submit(api, api.tx.trials.enrol(trial, world.site, other.subject.address, otherTag, participantCommitment(other.subject.address, `0x${'11'.repeat(32)}`)), world.doctor), 'trials', 'ConsentDenied');
  const tag = tagHex(codeTag(subject.blindKey, 'category', READS));
  await expectError(submit(api, api.tx.trials.enrol(trial, world.site, subject.address, tag, enrolled.commitment), world.doctor), 'trials', 'AlreadyEnrolled');

  // After the first enrolment the outcomes change only when declared; a declaration must change them.
  const protocol = (await api.call.trialsApi.version(trial, 1)).unwrap().protocol;
  const amend = (primary, declared) => submit(api, api.tx.trials.amend(trial, protocol, primary, [outcomeHash(WEIGHT)], documentFile('reason').hash, declared), world.investigator);
  await expectError(amend([outcomeHash(HBA1C_12)], false), 'trials', 'UndeclaredOutcomeChange');
  await expectError(amend([outcomeHash(HBA1C_24)], true), 'trials', 'NoOutcomeChange');
  // A new protocol with the same outcomes needs no declaration (version 2).
  await hc(['amend', String(trial), '--protocol', documentFile('protocol v2').file, '--reason', documentFile('typo').file, '--signer', world.investigator.suri]);

  // Data lock, then no more enrolment; results as registered.
  const dataset = documentFile('dataset');
  await hc(['lock', String(trial), '--dataset', dataset.file, '--signer', world.investigator.suri]);
  const late = await participant(trial);
  const lateTag = tagHex(codeTag(late.subject.blindKey, 'category', READS));
  await expectError(submit(api, api.tx.trials.enrol(trial, world.site, late.subject.address, lateTag, participantCommitment(late.subject.address, `0x${'22'.repeat(32)}`)), world.doctor), 'trials', 'DataLocked');
  const results = await hc(['results', String(trial), '--results', documentFile('results').file, '--primary', HBA1C_24, '--secondary', WEIGHT, '--signer', world.investigator.suri]);
  assert.deepEqual(results.events.filter((e) => e.section === 'trials').map((e) => e.method), ['ResultsRegistered', 'DepositReleased']);
  assert.equal(await held(world.investigator.address), heldBefore);

  const check = await hc(['check', String(trial)]);
  assert.deepEqual(check, {
    primaryAsRegistered: true,
    secondaryAsRegistered: true,
    outcomesAmendedAfterEnrolment: false,
    dataLockedBeforeResults: true,
    registeredVersion: 1,
    versions: 3,
  });
  const shown = await hc(['show', String(trial)]);
  assert.deepEqual([shown.status, shown.enrolled, shown.enrolmentVersion, shown.dataLock.datasetRoot], ['ResultsRegistered', 1, 1, dataset.hash]);

  // A withdrawal is recorded even now, by the participant's subject and salt.
  const withdrawn = await hc(['withdraw', String(trial), '--participant', wallet, '--salt', enrolled.salt, '--signer', world.doctor.suri]);
  assert.equal(withdrawn.commitment, enrolled.commitment);
  assert.ok((await api.call.trialsApi.enrolment(trial, enrolled.commitment)).unwrap().withdrawnAt.isSome);
});

test('results that switch the primary outcome are reported as not registered', TIMEOUT, async () => {
  const { api } = ctx;
  const trial = await register({ primary: [HBA1C_24] });
  const { wallet, subject } = await participant(trial);
  // The wallet's subject for this trial is not its subject for any other trial.
  assert.notEqual(subject.address, trialSubjectOf(wallet, trial - 1).address);
  const commitment = participantCommitment(subject.address, `0x${'33'.repeat(32)}`);
  await submit(api, api.tx.trials.enrol(trial, world.site, subject.address, tagHex(codeTag(subject.blindKey, 'category', READS)), commitment), world.doctor);
  await submit(api, api.tx.trials.lockData(trial, `0x${'44'.repeat(32)}`), world.investigator);
  const registered = await submit(api, api.tx.trials.registerResults(trial, `0x${'55'.repeat(32)}`, [outcomeHash(HBA1C_12)], [outcomeHash(WEIGHT)]), world.investigator);
  const event = findEvent(registered, 'trials', 'ResultsRegistered').raw.data;
  assert.equal(event.primaryAsRegistered.isFalse, true);
  const check = await hc(['check', String(trial)]);
  assert.deepEqual([check.primaryAsRegistered, check.secondaryAsRegistered, check.dataLockedBeforeResults], [false, true, true]);
  // No results yet is no check: exit 4.
  const fresh = await register();
  const run = await runHc(ctx.node.endpoint, ['trials', 'check', String(fresh)]);
  assert.equal(run.code, EXIT.NOT_FOUND, run.stderr);
});
