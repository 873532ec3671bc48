// The privacy scan. A whole lifecycle runs with distinctive health facts: a psychiatric note
// (LOINC 75325-1) labelled PSY and ETH, a progress note labelled HIV, a patient upload, clinical
// dates 2023-03-14 and 2021-11-02, grants scoped by category with category, label, record and
// data-period exceptions, a data-period grant, logged reads permitted and denied, a guardian,
// break the glass, wrapped keys, erasure. Then everything a node operator, an indexer or an
// archive holds is read: every block from genesis to the best (each extrinsic, the header, every
// event as bytes and as decoded text) and the whole state at the best block (every key and
// value, and the healthcare pallets' entries decoded). None of it may contain a code, a label,
// the media type or a clinical date in any common encoding (DOMAIN.md: no health fact on chain
// in the clear). A last test plants leaks and checks that the same scan finds them.
//
// A second lifecycle runs for a patient who holds records at two custodians under two subjects
// derived from one secret, with grants, a guardian per subject, break the glass and keys sealed
// to published encryption keys. The link scan then reads every extrinsic, event and storage entry
// and joins the accounts each one names: the patient's subjects and main account must stay apart.
//
// A third lifecycle pays for care and runs a trial: a payer's program covering a psychotherapy
// service code and rewarding a screening task, claims under the patient's Payment consent, a
// dispute and its adjudication, a reward; a depression trial with outcomes, a participant
// enrolled by its per-trial subject, a data lock and results. The service and task codes, the
// trial's condition and its outcomes' text are searched for like the codes above.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { WsProvider, compactToU8a, u8aConcat, u8aToHex } from '../../scripts/lib/chain.mjs';
import { codeTag, tagHex, labelTags, periodTags, recordInput } from '../../scripts/lib/blind.mjs';
import { wrapKey, x25519FromSuri } from '../../scripts/lib/hpke.mjs';
import { guardianFor, subjectOf, trialSubjectOf } from '../../scripts/lib/subjects.mjs';
import { codeCommitment, outcomeHash, participantCommitment } from '../../scripts/lib/commitments.mjs';
import { useNode, chainBackend, freshAccounts, registerOrg, sudo, submit, findEvent, expectError, blindKey, signer, decision } from './helpers.mjs';

// An archive node, as an auditor or indexer runs one: the state of every block stays readable.
// (Chopsticks and the omni node take no node arguments; they keep this short chain's states.)
const ctx = useNode({ name: 'privacy', args: chainBackend() === 'solo' ? ['--dev', '--sealing', 'instant', '--state-pruning', 'archive'] : undefined });
const BOUNDED = { timeout: 120_000 };
const HOUR_MS = 3_600_000n;

// ---- The health facts of this file: none may reach the chain ------------------------------------

const PSYCHIATRIC = '75325-1'; // LOINC psychiatric note (category)
const MENTAL_PROGRESS = '34904-3'; // LOINC mental health progress note (type)
const PROGRESS = '11506-3'; // LOINC progress note
const CODES = [PSYCHIATRIC, MENTAL_PROGRESS, PROGRESS];
const LABELS = ['PSY', 'HIV', 'ETH'];
const MEDIA_TYPE = 'application/fhir+json';
// Clinical dates with the time of day the documents carry (the chain keeps days, as tags).
const VISIT = '2023-03-14T10:42:17.000Z';
const LAB_DRAW = '2021-11-02T08:05:00.000Z';
// The ends of the data periods the grants use: a period tells which years a patient was seen.
const PERIODS = { grant: ['2023-01-01', '2023-12-31'], exception: ['2021-01-01', '2021-12-31'] };
const DATES = [VISIT, LAB_DRAW, ...PERIODS.grant, ...PERIODS.exception];
// What a payment and a trial must not show: the service paid for and the task rewarded (as the
// payer codes them), the trial's condition and its outcomes as the protocol words them.
const SERVICE_CODE = 'CPT-90834-psychotherapy';
const TASK_CODE = 'PHQ9-depression-screening';
const CONDITION = 'major depressive disorder';
const OUTCOMES = ['PHQ-9 remission at 8 weeks', 'HAM-D response at 12 weeks'];
const CARE_FACTS = [SERVICE_CODE, TASK_CODE, CONDITION, ...OUTCOMES];

// ---- The scanner ---------------------------------------------------------------------------------

const hexOf = (bytes) => Buffer.from(bytes).toString('hex');
const u64le = (n) => { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(n)); return b; };
const u32le = (n) => { const b = Buffer.alloc(4); b.writeUInt32LE(n); return b; };

/**
 * The byte strings that would show a health fact of this file: `{ what, bytes }`. Each is searched
 * in every blob, binary or text (the text forms as UTF-8).
 */
function byteNeedles() {
  const needles = [];
  const add = (what, bytes) => needles.push({ what, bytes: Buffer.from(bytes) });
  /** Text as ASCII, and as hex digits of its bytes (how JSON and RPC show bytes). */
  const text = (what, s) => {
    add(what, s);
    add(`${what} as hex`, hexOf(Buffer.from(s)));
    add(`${what} as HEX`, hexOf(Buffer.from(s)).toUpperCase());
  };
  for (const code of [...CODES, MEDIA_TYPE, ...CARE_FACTS]) text(code, code);
  for (const label of LABELS) {
    // Three bytes alone would match random bytes (hashes, keys, signatures) about once in 2^24
    // positions, a false alarm every few runs; as stored before the blind index (`Vec<u8>`) a
    // label carries its compact length first. JSON shows bytes as 0x-hex. The decoded text is
    // searched for the bare label too (`textNeedles`).
    const scale = Buffer.concat([compactToU8a(label.length), Buffer.from(label)]);
    add(`${label} as SCALE bytes`, scale);
    add(`${label} as SCALE hex`, hexOf(scale));
    add(`${label} as 0x-hex`, `0x${hexOf(Buffer.from(label))}`);
  }
  for (const date of DATES) {
    const iso = date.slice(0, 10);
    text(iso, iso);
    text(`${iso} compact`, iso.replaceAll('-', ''));
    // The instant and its day's midnight, in milliseconds and seconds since the epoch. The day
    // number since the epoch (19430 for 2023-03-14) is not searched: five digits or two bytes
    // occur by chance in any block, so a search would only raise false alarms.
    const instants = new Set([Date.parse(date), Date.parse(iso)]);
    for (const ms of instants) {
      const s = Math.floor(ms / 1000);
      add(`${iso} as ms decimal`, String(ms));
      add(`${iso} as s decimal`, String(s));
      add(`${iso} as ms u64 LE`, u64le(ms));
      add(`${iso} as s u64 LE`, u64le(s));
      add(`${iso} as s u32 LE`, u32le(s));
      add(`${iso} as ms u64 LE hex`, hexOf(u64le(ms)));
      add(`${iso} as s u32 LE hex`, hexOf(u32le(s)));
    }
  }
  return needles;
}

/** Bare labels in decoded text: whole tokens, so that `ETH` in `method` is no hit. */
const textNeedles = LABELS.map((label) => ({ what: label, re: new RegExp(`(?<![A-Za-z0-9])${label}(?![A-Za-z0-9])`) }));
// SS58 addresses are base58 text: a label could be a random part of one, never a leak. Any form:
// the chain's own (`hc…`, 49 characters) or the generic one (`5…`, 47 or 48).
const SS58 = /\b[1-9A-HJ-NP-Za-km-z]{47,49}\b/g;

const NEEDLES = byteNeedles();

/** What of the health facts `blob` shows: the names of the needles found. */
function leaksIn(blob) {
  const bytes = typeof blob === 'string' ? Buffer.from(blob) : Buffer.from(blob);
  const found = NEEDLES.filter(({ bytes: needle }) => bytes.indexOf(needle) !== -1).map(({ what }) => what);
  if (typeof blob === 'string') {
    const text = blob.replace(SS58, '<address>');
    found.push(...textNeedles.filter(({ re }) => re.test(text)).map(({ what }) => `${what} in text`));
  }
  return found;
}

/** Scans `blob` (bytes or text) found at `where`; adds what it shows to `report.leaks`. */
function scan(report, where, blob) {
  report.bytes += typeof blob === 'string' ? blob.length : blob.length;
  for (const what of leaksIn(blob)) report.leaks.push(`${where}: ${what}`);
}

const newReport = () => ({ blocks: 0, extrinsics: 0, events: 0, keys: 0, decoded: 0, bytes: 0, leaks: [], calls: new Set(), eventNames: new Set() });

/** A raw JSON-RPC connection to the node: what an indexer sees, nothing decoded for it. */
async function rawRpc(endpoint) {
  const provider = new WsProvider(endpoint, false);
  await provider.connect();
  await provider.isReady;
  return provider;
}

/** Scans blocks `from..=to`: each extrinsic, the header, the events (bytes and decoded text). */
async function scanBlocks(api, raw, report, from, to) {
  for (let n = from; n <= to; n++) {
    const hash = await raw.send('chain_getBlockHash', [n]);
    const { block } = await raw.send('chain_getBlock', [hash]);
    report.blocks += 1;
    scan(report, `block ${n} header`, JSON.stringify(block.header));
    block.extrinsics.forEach((xt, i) => {
      report.extrinsics += 1;
      scan(report, `block ${n} extrinsic ${i}`, Buffer.from(xt.slice(2), 'hex'));
      scan(report, `block ${n} extrinsic ${i} (hex)`, xt);
      const decoded = api.createType('Extrinsic', xt);
      report.calls.add(`${decoded.method.section}.${decoded.method.method}`);
      scan(report, `block ${n} extrinsic ${i} (decoded)`, JSON.stringify(decoded.toHuman()));
    });
    const events = await api.query.system.events.at(hash);
    report.events += events.length;
    for (const { event } of events) report.eventNames.add(`${event.section}.${event.method}`);
    scan(report, `block ${n} events`, events.toU8a());
    scan(report, `block ${n} events (human)`, JSON.stringify(events.toHuman()));
    scan(report, `block ${n} events (json)`, JSON.stringify(events.toJSON()));
  }
}

// The runtime's code: its documentation names codes as examples, and it is no one's data.
const CODE_KEY = '0x3a636f6465';

/** Scans every key and value of the state at block `at` (but `:code`). */
async function scanState(raw, report, at) {
  const PAGE = 1000;
  let start = null;
  for (;;) {
    const keys = await raw.send('state_getKeysPaged', ['0x', PAGE, start, at]);
    const wanted = keys.filter((k) => k !== CODE_KEY);
    for (let i = 0; i < wanted.length; i += 200) {
      const [set] = await raw.send('state_queryStorageAt', [wanted.slice(i, i + 200), at]);
      for (const [key, value] of set.changes) {
        report.keys += 1;
        scan(report, `storage ${key}`, Buffer.from(key.slice(2), 'hex'));
        if (value) scan(report, `storage value of ${key}`, Buffer.from(value.slice(2), 'hex'));
      }
    }
    if (keys.length < PAGE) return;
    start = keys[keys.length - 1];
  }
}

/** Scans the healthcare pallets' storage decoded through the metadata, as text. */
async function scanDecoded(api, report, at) {
  const atBlock = await api.at(at);
  for (const pallet of ['organizations', 'consent', 'records', 'claims', 'trials']) {
    for (const [item, query] of Object.entries(atBlock.query[pallet])) {
      // `palletVersion` and the like are no storage items of the metadata.
      const type = query.creator?.meta?.type;
      if (!type) continue;
      const isMap = type.isMap;
      const entries = isMap ? await query.entries() : [[null, await query()]];
      for (const [key, value] of entries) {
        report.decoded += 1;
        scan(report, `${pallet}.${item} (decoded)`, JSON.stringify([key?.toHuman() ?? null, value.toHuman()]));
      }
    }
  }
}

// ---- The lifecycle -------------------------------------------------------------------------------

/**
 * A document as the provider's system holds it, encrypted off chain. The chain gets the hash of
 * the ciphertext; codes, labels, dates and the media type travel inside it.
 */
function sealDocument(doc) {
  const dataKey = randomBytes(32);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
  const blob = Buffer.concat([iv, cipher.update(JSON.stringify({ ...doc, contentType: MEDIA_TYPE })), cipher.final(), cipher.getAuthTag()]);
  return { blob, hash: `0x${createHash('sha256').update(blob).digest('hex')}` };
}

/** An opaque locator: where the blob is, saying nothing about it. */
const locator = () => `ehr://vault/${randomBytes(12).toString('hex')}`;
/** Stands for a data key sealed to a grantee (`scripts/examples/share-record.mjs` seals real ones). */
const wrappedKey = () => `0x${randomBytes(80).toString('hex')}`;

const story = { done: false };


test('the whole lifecycle runs with codes, labels and dates only as tags', { timeout: 180_000 }, async () => {
  const { api } = ctx;
  const [admin, clinician, er, patient, doctor, researcher, guardian] = await freshAccounts(
    api, ['admin', 'clinician', 'er', 'patient', 'doctor', 'researcher', 'guardian'],
  );
  const org = await registerOrg(api, admin, ['Provider'], [[clinician, ['Clinician']], [er, ['EmergencyClinician']]]);
  const key = blindKey(patient);
  const category = (code) => tagHex(codeTag(key, 'category', code));
  const label = (code) => tagHex(codeTag(key, 'label', code));
  const openEnded = { validFrom: null, validUntil: null, openEnded: true, dataPeriod: null, exceptions: [] };
  const grant = async (grantee, terms) => {
    const result = await submit(api, api.tx.consent.grant(null, { Account: grantee.address }, { ...openEnded, ...terms }), patient);
    return findEvent(result, 'consent', 'GrantCreated').raw.data.id.toNumber();
  };
  const register = async (author, doc) => {
    const { hash } = sealDocument(doc);
    const input = recordInput({ key, category: doc.category, typeCode: doc.type, labels: doc.labels, date: new Date(doc.date), hash, locator: locator() });
    const result = await submit(api, api.tx.records.register(patient.address, input, 'Treatment'), author);
    return { id: findEvent(result, 'records', 'RecordRegistered').raw.data.record.toNumber(), input };
  };
  const logged = async (accessor, target, purpose) => {
    const result = await submit(api, api.tx.consent.logAccess(patient.address, target, purpose, 'Read'), accessor);
    return decision(findEvent(result, 'consent', 'AccessLogged').raw.data.decision);
  };

  // The provider may append psychiatric and progress notes, and read them.
  const provider = await grant(clinician, { purposes: ['Treatment'], actions: ['Append', 'Read'], scope: { Categories: [category(PSYCHIATRIC), category(PROGRESS)] } });
  const note = { category: PSYCHIATRIC, type: MENTAL_PROGRESS, date: VISIT, labels: ['PSY', 'ETH'], text: 'session notes' };
  const { id: v1, input: v1Input } = await register(clinician, note);
  const lab = { category: PROGRESS, type: PROGRESS, date: LAB_DRAW, labels: ['HIV'], text: 'viral load' };
  const { id: hivNote } = await register(clinician, lab);
  // The patient's own upload: no consent needed.
  const own = { category: PROGRESS, type: PROGRESS, date: LAB_DRAW, labels: ['ETH'], text: 'own copy' };
  const { id: upload } = await register(patient, own);

  // A corrected version keeps the blind facts (the label tags copied with their fillers); the
  // patient acknowledges it and disputes the lab note.
  const corrected = sealDocument({ ...note, text: 'session notes, corrected' });
  const v2Input = { ...v1Input, hash: { Sha256: corrected.hash }, locator: locator() };
  const superseded = await submit(api, api.tx.records.supersede(v1, v2Input, 'Treatment'), clinician);
  const v2 = findEvent(superseded, 'records', 'RecordSuperseded').raw.data.new_.toNumber();
  await submit(api, api.tx.records.acknowledge(v2), patient);
  // Relabelling a version is refused (the refused extrinsic is in a block all the same); the
  // provider registers the record anew and withdraws the mislabelled one.
  const { id: mislabelled, input: wrong } = await register(clinician, { ...lab, labels: ['ETH'], text: 'viral load, filed wrong' });
  const relabelled = { ...wrong, labels: labelTags(key, ['HIV'], wrong.hash.Sha256).map(tagHex), locator: locator() };
  await expectError(submit(api, api.tx.records.supersede(mislabelled, relabelled, 'Treatment'), clinician), 'records', 'FactsChanged');
  await submit(api, api.tx.records.markEnteredInError(mislabelled), clinician);
  await submit(api, api.tx.records.dispute(hivNote, { Sha256: `0x${createHash('sha256').update('the result is not mine').digest('hex')}` }), patient);

  // A doctor reads progress notes, except psychiatric ones, HIV-labelled ones, the upload and
  // anything from 2021; a researcher reads anything from 2023.
  const doctorGrant = await grant(doctor, {
    purposes: ['Treatment'],
    actions: ['Read'],
    scope: { Categories: [category(PROGRESS), category(PSYCHIATRIC)] },
    exceptions: [
      { Category: category(PSYCHIATRIC) },
      { Label: label('HIV') },
      { Record: upload },
      { DataPeriod: periodTags(key, ...PERIODS.exception).map(tagHex) },
    ],
  });
  const researchGrant = await grant(researcher, { purposes: ['Research'], actions: ['Read'], scope: 'AllRecords', dataPeriod: periodTags(key, ...PERIODS.grant).map(tagHex) });

  // Reads logged on chain, permitted and denied.
  assert.equal(await logged(clinician, { Record: v2 }, 'Treatment'), `Permitted:Grant(${provider})`);
  assert.equal(await logged(doctor, { Record: v2 }, 'Treatment'), 'Denied:Excepted');
  assert.equal(await logged(doctor, { Category: category(PROGRESS) }, 'Treatment'), 'Denied:Excepted');
  assert.equal(await logged(researcher, { Record: v2 }, 'Research'), `Permitted:Grant(${researchGrant})`);
  assert.equal(await logged(researcher, { Record: hivNote }, 'Research'), 'Denied:OutsideDataPeriod');
  assert.equal(await logged(researcher, { Category: category(PSYCHIATRIC) }, 'Research'), 'Denied:OutsideDataPeriod');
  assert.ok(doctorGrant > provider);

  // A guardian; break the glass, read, close, review.
  await submit(api, api.tx.consent.appointGuardian(guardian.address), patient);
  const justification = `0x${createHash('sha256').update('unconscious, suspected overdose').digest('hex')}`;
  const opened = await submit(api, api.tx.consent.openEmergencyAccess(patient.address, justification, HOUR_MS), er);
  const emergency = findEvent(opened, 'consent', 'EmergencyAccessOpened').raw.data.id.toNumber();
  assert.equal(await logged(er, { Record: v2 }, 'EmergencyTreatment'), `Permitted:Emergency(${emergency})`);
  await submit(api, api.tx.consent.closeEmergencyAccess(emergency), er);
  await submit(api, api.tx.consent.reviewEmergencyAccess(emergency, 'Justified', `0x${'77'.repeat(32)}`), patient);

  // Wrapped keys: attached and detached.
  await submit(api, api.tx.records.attachKey(v2, clinician.address, wrappedKey()), patient);
  await submit(api, api.tx.records.attachKey(upload, patient.address, wrappedKey()), patient);
  await submit(api, api.tx.records.detachKey(v2, clinician.address), patient);

  // Erasure: asked for and done by the custodian's admin; the patient's own upload by the patient.
  await submit(api, api.tx.records.requestErasure(hivNote), patient);
  await submit(api, api.tx.records.erase(hivNote), admin);
  await submit(api, api.tx.records.erase(upload), patient);
  assert.ok((await api.call.recordsApi.record(hivNote)).unwrap().body.isNone);
  assert.ok((await api.call.recordsApi.record(v2)).unwrap().body.isSome);
  Object.assign(story, { done: true, org, records: [v1, v2, hivNote, upload] });
});

const care = { done: false };

test('a program pays a claim and a reward, and a trial enrols and reports, with codes and the condition only as commitments and hashes', { timeout: 180_000 }, async () => {
  const { api } = ctx;
  const [payerAdmin, officer, providerAdmin, clinician, labAdmin, investigator] = await freshAccounts(
    api, ['payer-admin', 'officer', 'provider-admin', 'care-clinician', 'lab-admin', 'investigator'],
  );
  const payer = await registerOrg(api, payerAdmin, ['Payer'], [[officer, ['Staff']]]);
  const provider = await registerOrg(api, providerAdmin, ['Provider'], [[clinician, ['Clinician']]]);
  const lab = await registerOrg(api, labAdmin, ['Researcher'], [[investigator, ['Researcher']]]);
  const openEnded = { validFrom: null, validUntil: null, openEnded: true, dataPeriod: null, exceptions: [] };
  const wallet = `//Alice//privacy-care-${process.pid}-${Date.now()}`;

  // The patient, known to the provider by its subject there, lets the payer use its
  // psychiatric notes for payment.
  const patient = subjectOf(wallet, provider);
  await submit(api, api.tx.balances.transferKeepAlive(patient.address, 10n ** 13n), providerAdmin);
  const category = tagHex(codeTag(patient.blindKey, 'category', PSYCHIATRIC));
  await submit(api, api.tx.consent.grant(null, { Organization: payer }, { ...openEnded, purposes: ['Payment'], actions: ['Read'], scope: { Categories: [category] } }), patient.pair);

  // The program: the service and the task as commitments under the payer's secret.
  const secret = `secret-${randomBytes(8).toString('hex')}`;
  const [service, task] = [codeCommitment(secret, SERVICE_CODE), codeCommitment(secret, TASK_CODE)];
  const terms = { services: [[service, 10n ** 14n]], patientLimit: 10n ** 15n, disputeWindow: 10, tasks: [[task, 10n ** 12n]], rewardCap: 10n ** 12n, rewardPeriod: 1_000 };
  const opened = await submit(api, api.tx.claims.openProgram(terms, 10n ** 15n), officer);
  const program = findEvent(opened, 'claims', 'ProgramOpened').raw.data.program.toNumber();
  // Two claims on sealed documents that name the service, the diagnosis and the visit: one
  // confirmed by the patient (paid), one disputed and rejected.
  const claim = async (text) => {
    const { hash } = sealDocument({ service: SERVICE_CODE, category: PSYCHIATRIC, diagnosis: CONDITION, date: VISIT, text });
    const result = await submit(api, api.tx.claims.submitClaim(program, patient.address, service, 10n ** 13n, category, hash), clinician);
    return findEvent(result, 'claims', 'ClaimSubmitted').raw.data.claim.toNumber();
  };
  const confirmed = await claim('session 1');
  await submit(api, api.tx.claims.confirmClaim(confirmed), patient.pair);
  const disputed = await claim('session 2');
  const statement = sealDocument({ text: `no ${SERVICE_CODE} session that day`, date: VISIT });
  await submit(api, api.tx.claims.disputeClaim(disputed, statement.hash), patient.pair);
  await submit(api, api.tx.claims.adjudicate(disputed, false), officer);
  const attestation = sealDocument({ task: TASK_CODE, score: 'PHQ-9 = 14', date: VISIT });
  await submit(api, api.tx.claims.attestTask(program, patient.address, task, category, attestation.hash), clinician);
  await submit(api, api.tx.claims.closeProgram(program), officer);

  // The trial: the condition inside the sealed protocol, the outcomes as hashes of their text.
  const protocol = sealDocument({ condition: CONDITION, outcomes: OUTCOMES });
  const registered = await submit(api, api.tx.trials.registerTrial(protocol.hash, [outcomeHash(OUTCOMES[0])], [outcomeHash(OUTCOMES[1])], [provider], 10), investigator);
  const trial = findEvent(registered, 'trials', 'TrialRegistered').raw.data.trial.toNumber();
  // The participant: the same wallet's subject for this trial alone, funded by the site.
  const participant = trialSubjectOf(wallet, trial);
  await submit(api, api.tx.balances.transferKeepAlive(participant.address, 10n ** 12n), providerAdmin);
  const reads = tagHex(codeTag(participant.blindKey, 'category', PSYCHIATRIC));
  await submit(api, api.tx.consent.grant(null, { Organization: lab }, { ...openEnded, purposes: ['Research'], actions: ['Read'], scope: { Categories: [reads] } }), participant.pair);
  const commitment = participantCommitment(participant.address, u8aToHex(randomBytes(32)));
  await submit(api, api.tx.trials.enrol(trial, provider, participant.address, reads, commitment), clinician);
  await submit(api, api.tx.trials.lockData(trial, sealDocument({ condition: CONDITION, rows: 1 }).hash), investigator);
  await submit(api, api.tx.trials.registerResults(trial, sealDocument({ condition: CONDITION, outcome: OUTCOMES[0] }).hash, [outcomeHash(OUTCOMES[0])], [outcomeHash(OUTCOMES[1])]), investigator);
  assert.equal((await api.call.trialsApi.checkResults(trial)).unwrap().primaryAsRegistered.isTrue, true);
  Object.assign(care, { done: true, program, trial });
});

const subjects = { done: false };

test('a patient at two custodians acts through two subjects, with guardians, break the glass and sealed keys', { timeout: 180_000 }, async () => {
  const { api } = ctx;
  // Each custodian's staff funded in a batch of its own: one batch for both would tie them.
  const [admin1, clinician1] = await freshAccounts(api, ['admin-1', 'clinician-1']);
  const [admin2, clinician2, er2] = await freshAccounts(api, ['admin-2', 'clinician-2', 'er-2']);
  const org1 = await registerOrg(api, admin1, ['Provider'], [[clinician1, ['Clinician']]]);
  const org2 = await registerOrg(api, admin2, ['Provider'], [[clinician2, ['Clinician']], [er2, ['EmergencyClinician']]]);
  // One wallet secret; its main account never acts. Each custodian funds the subject it enrols
  // (that transfer shows only what registering records shows anyway: who holds them).
  const wallet = `//Alice//privacy-wallet-${process.pid}-${Date.now()}`;
  const [s1, s2] = [subjectOf(wallet, org1), subjectOf(wallet, org2)];
  const guardianSecret = `//Alice//privacy-guardian-${process.pid}-${Date.now()}`;
  const [g1, g2] = [guardianFor(guardianSecret, s1.address), guardianFor(guardianSecret, s2.address)];
  await submit(api, api.tx.balances.transferKeepAlive(s1.address, 100n * 10n ** 12n), admin1);
  await submit(api, api.tx.balances.transferKeepAlive(s2.address, 100n * 10n ** 12n), admin2);

  const openEnded = { validFrom: null, validUntil: null, openEnded: true, dataPeriod: null, exceptions: [] };
  const records = [];
  for (const [subject, org, clinician, guardian] of [[s1, org1, clinician1, g1], [s2, org2, clinician2, g2]]) {
    const category = tagHex(codeTag(subject.blindKey, 'category', PROGRESS));
    await submit(api, api.tx.consent.grant(null, { Organization: org }, { ...openEnded, purposes: ['Treatment'], actions: ['Append', 'Read'], scope: { Categories: [category] } }), subject.pair);
    const { hash } = sealDocument({ category: PROGRESS, date: VISIT, text: `note at ${org}` });
    const input = recordInput({ key: subject.blindKey, category: PROGRESS, typeCode: PROGRESS, labels: ['HIV'], date: new Date(VISIT), hash, locator: locator() });
    const registered = await submit(api, api.tx.records.register(subject.address, input, 'Treatment'), clinician);
    const record = findEvent(registered, 'records', 'RecordRegistered').raw.data.record.toNumber();
    records.push(record);
    await submit(api, api.tx.records.acknowledge(record), subject.pair);
    // The clinician's key from the directory; the data key sealed to it with HPKE.
    const own = await x25519FromSuri(clinician.suri);
    await submit(api, api.tx.keyDirectory.publishKey(own.publicKey), clinician);
    const published = (await api.call.keyDirectoryApi.keyOf(clinician.address)).unwrap();
    const wrapped = await wrapKey({
      recipientPublicKey: published.key.toU8a(),
      dataKey: randomBytes(32),
      context: { genesisHash: api.genesisHash.toU8a(), record, version: 1, grantee: clinician.address },
    });
    await submit(api, api.tx.records.attachKey(record, clinician.address, u8aToHex(wrapped)), subject.pair);
    await submit(api, api.tx.consent.appointGuardian(guardian.address), subject.pair);
  }

  // Break the glass at the second custodian, for the subject it knows.
  const justification = `0x${createHash('sha256').update('unconscious on arrival').digest('hex')}`;
  const opened = await submit(api, api.tx.consent.openEmergencyAccess(s2.address, justification, HOUR_MS), er2);
  const emergency = findEvent(opened, 'consent', 'EmergencyAccessOpened').raw.data.id.toNumber();
  await submit(api, api.tx.consent.logAccess(s2.address, { Record: records[1] }, 'EmergencyTreatment', 'Read'), er2);
  await submit(api, api.tx.consent.closeEmergencyAccess(emergency), er2);
  await submit(api, api.tx.consent.reviewEmergencyAccess(emergency, 'Justified', `0x${'78'.repeat(32)}`), s2.pair);

  Object.assign(subjects, {
    done: true,
    patient: [signer(wallet).address, s1.address, s2.address],
    guardians: [g1.address, g2.address],
    others: [admin1, clinician1, admin2, clinician2, er2].map((a) => a.address),
  });
});

/** Union-find over account ids (hex without 0x). */
function components(ids) {
  const parent = new Map(ids.map((id) => [id, id]));
  const find = (id) => (parent.get(id) === id ? id : find(parent.get(id)));
  const join = (named) => named.slice(1).forEach((id) => parent.set(find(id), find(named[0])));
  return { find, join };
}

test('THE LINK SCAN: no extrinsic, event or storage entry ties two of a patient\'s subjects or the main account together', { timeout: 120_000 }, async () => {
  const { api, node } = ctx;
  assert.ok(subjects.done, 'the subjects lifecycle ran first');
  const idOf = (address) => api.createType('AccountId', address).toHex().slice(2);
  // //Alice funds every account of this dev chain and signs every sudo call: a hub that names
  // everyone, like a public faucet, so it joins nothing.
  const hub = idOf(signer('//Alice').address);
  const tracked = [...subjects.patient, ...subjects.guardians, ...subjects.others].map(idOf);
  const graph = components(tracked);
  const names = (hex) => tracked.filter((id) => hex.includes(id));
  const seen = { extrinsics: 0, events: 0, entries: 0 };
  const raw = await rawRpc(node.endpoint);
  try {
    const best = await raw.send('chain_getBlockHash', []);
    const bestNumber = parseInt((await raw.send('chain_getHeader', [best])).number, 16);
    for (let n = 0; n <= bestNumber; n++) {
      const hash = await raw.send('chain_getBlockHash', [n]);
      const { block } = await raw.send('chain_getBlock', [hash]);
      for (const xt of block.extrinsics) {
        seen.extrinsics += 1;
        graph.join(names(xt));
      }
      for (const { event } of await api.query.system.events.at(hash)) {
        seen.events += 1;
        graph.join(names(event.toHex()));
      }
    }
    const PAGE = 1000;
    let start = null;
    for (;;) {
      const keys = await raw.send('state_getKeysPaged', ['0x', PAGE, start, best]);
      const wanted = keys.filter((k) => k !== CODE_KEY);
      for (let i = 0; i < wanted.length; i += 200) {
        const [set] = await raw.send('state_queryStorageAt', [wanted.slice(i, i + 200), best]);
        for (const [key, value] of set.changes) {
          seen.entries += 1;
          graph.join(names(key + (value ?? '')));
        }
      }
      if (keys.length < PAGE) break;
      start = keys[keys.length - 1];
    }
  } finally {
    await raw.disconnect();
  }
  console.log(`link scan: ${seen.extrinsics} extrinsics, ${seen.events} events, ${seen.entries} storage entries, ${tracked.length} accounts followed`);
  assert.ok(!tracked.includes(hub));
  const [main, first, second] = subjects.patient.map(idOf);
  assert.notEqual(graph.find(first), graph.find(second), 'the two subjects are linked on chain');
  assert.notEqual(graph.find(main), graph.find(first), 'the main account is linked to the first subject');
  assert.notEqual(graph.find(main), graph.find(second), 'the main account is linked to the second subject');
  // The scan does see links: each subject is tied to its own guardian account and custodian.
  assert.equal(graph.find(first), graph.find(idOf(subjects.guardians[0])));
  assert.equal(graph.find(second), graph.find(idOf(subjects.others[3])));
});

test('THE PRIVACY SCAN: no block, extrinsic, event or state entry shows a code, label, media type or clinical date', { timeout: 120_000 }, async () => {
  const { api, node } = ctx;
  assert.ok(story.done, 'the lifecycle ran first');
  assert.ok(care.done, 'the claims and trials lifecycle ran first');
  const raw = await rawRpc(node.endpoint);
  try {
    const best = await raw.send('chain_getBlockHash', []);
    const bestNumber = parseInt((await raw.send('chain_getHeader', [best])).number, 16);
    const report = newReport();
    const started = Date.now();
    await scanBlocks(api, raw, report, 0, bestNumber);
    await scanState(raw, report, best);
    await scanDecoded(api, report, best);
    console.log(
      `privacy scan: ${report.blocks} blocks, ${report.extrinsics} extrinsics, ${report.events} events, ` +
      `${report.keys} storage keys, ${report.decoded} decoded entries, ${report.bytes} bytes, ` +
      `${NEEDLES.length + textNeedles.length} needles, ${Date.now() - started} ms`,
    );

    // It read real data: the blocks of the lifecycle, its calls and events, the pallets' state.
    assert.ok(report.blocks > 10 && report.blocks === bestNumber + 1, `${report.blocks} blocks`);
    assert.ok(report.extrinsics > report.blocks, `${report.extrinsics} extrinsics`);
    assert.ok(report.events > report.extrinsics, `${report.events} events`);
    assert.ok(report.keys > 50, `${report.keys} keys`);
    assert.ok(report.decoded > 10, `${report.decoded} decoded entries`);
    for (const call of ['records.register', 'records.supersede', 'records.acknowledge', 'records.dispute', 'records.markEnteredInError', 'records.attachKey', 'records.detachKey',
      'records.requestErasure', 'records.erase', 'consent.grant', 'consent.logAccess', 'consent.appointGuardian',
      'consent.openEmergencyAccess', 'consent.closeEmergencyAccess', 'consent.reviewEmergencyAccess',
      'claims.openProgram', 'claims.submitClaim', 'claims.confirmClaim', 'claims.disputeClaim', 'claims.adjudicate', 'claims.attestTask', 'claims.closeProgram',
      'trials.registerTrial', 'trials.enrol', 'trials.lockData', 'trials.registerResults']) {
      assert.ok(report.calls.has(call), `scanned a ${call} extrinsic`);
    }
    for (const event of ['records.RecordRegistered', 'records.RecordSuperseded', 'records.RecordEnteredInError', 'records.RecordErased', 'records.KeyDetached', 'system.ExtrinsicFailed',
      'consent.GrantCreated', 'consent.AccessLogged', 'consent.EmergencyAccessReviewed',
      'claims.ProgramOpened', 'claims.ClaimSubmitted', 'claims.ClaimPaid', 'claims.ClaimDisputed', 'claims.ClaimRejected', 'claims.RewardPaid', 'claims.ProgramClosed',
      'trials.TrialRegistered', 'trials.ParticipantEnrolled', 'trials.DataLocked', 'trials.ResultsRegistered']) {
      assert.ok(report.eventNames.has(event), `scanned a ${event} event`);
    }

    assert.deepEqual(report.leaks, [], `health facts on chain:\n${report.leaks.join('\n')}`);
  } finally {
    await raw.disconnect();
  }
});

test('the scan finds a leak: planted codes, labels and dates are caught', BOUNDED, async () => {
  const { api, node } = ctx;
  const key = new Uint8Array(randomBytes(32));
  const visitMs = Date.parse(VISIT);

  // In blobs: every fact in the encoding a careless pallet would use, among random bytes.
  const noise = () => randomBytes(4096);
  const around = (bytes) => Buffer.concat([noise(), Buffer.from(bytes), noise()]);
  const texts = [...CODES, MEDIA_TYPE, ...CARE_FACTS, '2023-03-14'].map((s) => [s, s]).concat([['20211102', '2021-11-02 compact']]);
  for (const [s, what] of texts) {
    assert.ok(leaksIn(around(api.createType('Bytes', s).toU8a())).includes(what), `${s} as SCALE bytes`);
    assert.ok(leaksIn(JSON.stringify({ code: api.createType('Bytes', s).toHex() })).includes(`${what} as hex`), `${s} as JSON hex`);
  }
  const oldLabels = api.createType('Vec<Bytes>', LABELS).toU8a();
  for (const l of LABELS) {
    assert.ok(leaksIn(around(oldLabels)).includes(`${l} as SCALE bytes`), `${l} in a Vec<Vec<u8>>`);
    assert.ok(leaksIn(JSON.stringify({ securityLabels: LABELS })).includes(`${l} in text`), `${l} in decoded text`);
  }
  assert.ok(leaksIn(around(api.createType('u64', visitMs).toU8a())).includes('2023-03-14 as ms u64 LE'));
  assert.ok(leaksIn(around(api.createType('u32', Math.floor(visitMs / 1000)).toU8a())).includes('2023-03-14 as s u32 LE'));
  assert.ok(leaksIn(JSON.stringify({ date: visitMs })).includes('2023-03-14 as ms decimal'));
  assert.ok(leaksIn(JSON.stringify({ date: Date.parse('2021-11-02') / 1000 })).includes('2021-11-02 as s decimal'));
  // A label inside an address-like word or a method name is no hit; the argument the wallet
  // builds holds no fact either.
  for (const who of ['5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY', signer('//Alice').address]) {
    assert.deepEqual(leaksIn(`{"method":"methodETH","who":"${who}"}`), [], who);
  }
  const input = recordInput({ key, category: PSYCHIATRIC, typeCode: MENTAL_PROGRESS, labels: LABELS, date: new Date(VISIT), hash: `0x${'ab'.repeat(32)}`, locator: locator() });
  assert.deepEqual(leaksIn(api.tx.records.register(signer('//Bob').address, input, 'Treatment').method.toU8a()), []);
  assert.deepEqual(leaksIn(JSON.stringify(input)), []);

  // On chain: a remark carrying a code and a date, and a storage entry carrying a label, are
  // found by the same block and state scans.
  const raw = await rawRpc(node.endpoint);
  try {
    const leak = u8aConcat(api.createType('Bytes', PSYCHIATRIC).toU8a(), u64le(visitMs));
    // Hex: polkadot.js would read a Uint8Array argument as already length-prefixed.
    const remarked = await submit(api, api.tx.system.remark(u8aToHex(leak)), signer('//Ferdie'));
    const blocks = newReport();
    await scanBlocks(api, raw, blocks, remarked.blockNumber, remarked.blockNumber);
    assert.ok(blocks.leaks.some((l) => l.endsWith(`: ${PSYCHIATRIC}`)), blocks.leaks.join('\n'));
    assert.ok(blocks.leaks.some((l) => l.endsWith(': 2023-03-14 as ms u64 LE')), blocks.leaks.join('\n'));

    const probeKey = `0x${hexOf(Buffer.from(':privacy-probe'))}`;
    // The value a pallet storing the label as `Vec<u8>` would hold: its SCALE encoding. Given as a
    // `Bytes` codec whose content is that encoding, so that polkadot.js stores it as it is.
    const label = api.createType('Bytes', 'HIV').toU8a();
    const value = api.createType('Bytes', u8aConcat(compactToU8a(label.length), label));
    const planted = await sudo(api, api.tx.system.setStorage([[probeKey, value]]));
    assert.equal(await raw.send('state_getStorage', [probeKey, planted.blockHash]), u8aToHex(label));
    const state = newReport();
    await scanState(raw, state, planted.blockHash);
    assert.ok(state.leaks.includes(`storage value of ${probeKey}: HIV as SCALE bytes`), state.leaks.join('\n'));
  } finally {
    await raw.disconnect();
  }
});
