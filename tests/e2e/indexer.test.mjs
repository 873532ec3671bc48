// The indexer against a node: a scripted history (a supply chain: commission, pack, ship,
// receive, unpack, dispense, recall; and a patient's trail: grants, accesses permitted, denied
// and by break the glass, a record, a guardian, a revocation) is indexed into SQLite and into
// PostgreSQL, which give the same documents; an indexer killed while catching up and restarted
// loses and duplicates nothing; the EPCIS output validates against GS1's schema and is queried
// by EPC, lot, business step, time and page; the recall report says where every pack of the lot
// is; the FHIR R4 and R5 trails validate against HL7's schemas, carry no health fact in the
// clear, and are served only to signed requests of the patient, a guardian or an auditor.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { u8aToHex } from '../../scripts/lib/chain.mjs';
import { useNode, freshAccounts, addMember, registerOrg, submit, findEvent, signer, blindKey, decision } from './helpers.mjs';
import { text, newGtin, newSscc, serials, packUnit, boxUnit, parties } from './supply-helpers.mjs';
import { codeTag, recordInput, tagHex } from '../../scripts/lib/blind.mjs';
import {
  startIndexer, startPostgres, indexedTo, indexerGet, allEpcisEvents, exportFhir, fhirGet, fhirHeaders, fhirSearch, fhirSearchPath, FHIR_TYPES,
  FHIR_VERSIONS,
} from '../../scripts/lib/indexer.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
// An archive node: the indexer reads every block's state from genesis.
const ctx = useNode({ name: 'indexer', args: ['--dev', '--sealing', 'instant', '--state-pruning', 'archive-canonical'] });
const TIMEOUT = { timeout: 300_000 };
const TI = `0x${'11'.repeat(32)}`;
const NOTICE = `0x${'33'.repeat(32)}`;
// The patient's trail: LOINC document codes and a security label, which reach the chain only as
// tags under the patient's blind key, and a clinical date; none may appear in the FHIR output.
const SUMMARY = '11506-3'; // Progress note
const MENTAL = '34904-3'; // Mental health progress note
const CLINICAL_DATE = '2019-03-14';
const CLEAR_FACTS = [SUMMARY, 'Progress note', MENTAL, 'Mental health', '"PSY"', 'psychiatry', CLINICAL_DATE];
const HOUR_MS = 3_600_000n;
const JUSTIFICATION = `0x${'5a'.repeat(32)}`;
const REVIEW_NOTE = `0x${'77'.repeat(32)}`;
const RECORD_HASH = `0x${'9c'.repeat(32)}`;
const ORIGIN_EXTENSION = 'http://healthchain.dev/fhir/StructureDefinition/chain-origin';
const ACCOUNT_SYSTEM = 'urn:healthchain:account';

const dl = {
  pack: (gtin, serial) => `https://id.gs1.org/01/${gtin}/21/${serial}`,
  sscc: (sscc) => `https://id.gs1.org/00/${sscc}`,
  lot: (gtin, lot) => `https://id.gs1.org/01/${gtin}/10/${lot}`,
  org: (id) => `urn:healthchain:org:${id}`,
};

// The history, made once by the first test that needs it; the tests read it through the
// indexers.
const history = {};
let postgres;
let work;
let ready;
const made = () => {
  ready ??= makeHistory();
  return ready;
};

async function makeHistory() {
  const api = ctx.api;
  work = mkdtempSync(join(tmpdir(), 'healthchain-indexer-test-'));
  postgres = await startPostgres();
  const p = await parties(api, ['maker', 'wholesaler', 'pharmacy']);
  const [clerk] = await freshAccounts(api, ['pharmacy-clerk']);
  await addMember(api, p.pharmacy.id, p.pharmacy.admin, clerk, ['Staff']);
  const sc = api.tx.supplyChain;
  const send = (who, call) => submit(api, call, who);
  const gtin = newGtin(p.maker);
  const lot = 'LOT-IX';
  const packs = serials('IX', 6);
  const [case1, case2, pallet] = [newSscc(p.maker), newSscc(p.maker), newSscc(p.maker)];

  await send(p.maker.staff, sc.registerProduct(text(gtin), NOTICE));
  await send(p.maker.staff, sc.createLot(text(gtin), text(lot), text('301231'), 10));
  await send(p.maker.staff, sc.commission(text(gtin), text(lot), packs.map(text)));
  await send(p.maker.staff, sc.pack(text(case1), 'Case', packs.slice(0, 3).map((s) => packUnit(gtin, s))));
  await send(p.maker.staff, sc.pack(text(case2), 'Case', packs.slice(3).map((s) => packUnit(gtin, s))));
  await send(p.maker.staff, sc.pack(text(pallet), 'Pallet', [boxUnit(case1), boxUnit(case2)]));
  const shipped = await send(p.maker.staff, sc.ship([boxUnit(pallet)], p.wholesaler.id, TI, true));
  const toWholesaler = findEvent(shipped, 'supplyChain', 'Shipped').raw.data.shipment.toNumber();
  await send(p.wholesaler.staff, sc.receive(toWholesaler));
  await send(p.wholesaler.staff, sc.unpack(text(pallet), null));
  const shipped2 = await send(p.wholesaler.staff, sc.ship([boxUnit(case2)], p.pharmacy.id, TI, true));
  const toPharmacy = findEvent(shipped2, 'supplyChain', 'Shipped').raw.data.shipment.toNumber();
  await send(p.pharmacy.staff, sc.receive(toPharmacy));
  await send(p.pharmacy.staff, sc.unpack(text(case2), null));
  await send(p.pharmacy.staff, sc.dispense(text(gtin), text(packs[3])));
  await send(p.maker.admin, sc.recallLot(text(gtin), text(lot), NOTICE));

  // A patient's trail: a hospital with a clinician and an emergency clinician; the patient
  // grants the hospital Read and the clinician Append, for treatment; the clinician's read is
  // permitted and a read for research denied; an emergency clinician breaks the glass, reads,
  // closes, and a regulator's auditor reviews it; the clinician registers a record, which the
  // patient acknowledges; the patient appoints a guardian and revokes the hospital's grant.
  const { regulator } = await parties(api, ['regulator']);
  const [hospitalAdmin, clinician, emergency, patient, guardian] = await freshAccounts(api, ['hospital-admin', 'clinician', 'emergency-clinician', 'patient', 'guardian']);
  const hospital = await registerOrg(api, hospitalAdmin, ['Provider'], [[clinician, ['Clinician']], [emergency, ['EmergencyClinician']]]);
  const cs = api.tx.consent;
  const forTreatment = (actions) => ({ purposes: ['Treatment'], actions, scope: 'AllRecords', dataPeriod: null, validFrom: null, validUntil: null, openEnded: true, exceptions: [] });
  const grantOf = (result) => findEvent(result, 'consent', 'GrantCreated').raw.data.id.toNumber();
  const toHospital = grantOf(await send(patient, cs.grant(null, { Organization: hospital }, forTreatment(['Read']))));
  const toClinician = grantOf(await send(patient, cs.grant(null, { Account: clinician.address }, forTreatment(['Append']))));
  const summary = { Category: tagHex(codeTag(blindKey(patient), 'category', SUMMARY)) };
  const logged = async (who, purpose) => decision(findEvent(await send(who, cs.logAccess(patient.address, summary, purpose, 'Read')), 'consent', 'AccessLogged').raw.data.decision);
  assert.equal(await logged(clinician, 'Treatment'), `Permitted:Grant(${toHospital})`);
  assert.equal(await logged(clinician, 'Research'), 'Denied:PurposeNotAllowed');
  const opened = await send(emergency, cs.openEmergencyAccess(patient.address, JUSTIFICATION, HOUR_MS));
  const emergencyId = findEvent(opened, 'consent', 'EmergencyAccessOpened').raw.data.id.toNumber();
  assert.equal(await logged(emergency, 'EmergencyTreatment'), `Permitted:Emergency(${emergencyId})`);
  await send(emergency, cs.closeEmergencyAccess(emergencyId));
  await send(regulator.staff, cs.reviewEmergencyAccess(emergencyId, 'Justified', REVIEW_NOTE));
  const input = recordInput({ key: blindKey(patient), category: MENTAL, typeCode: MENTAL, labels: ['PSY'], date: CLINICAL_DATE, hash: RECORD_HASH, locator: 'ehr://hospital/docs/ix-1' });
  const registered = await send(clinician, api.tx.records.register(patient.address, input, 'Treatment'));
  const record = findEvent(registered, 'records', 'RecordRegistered').raw.data.record.toNumber();
  await send(patient, api.tx.records.acknowledge(record));
  await send(patient, cs.appointGuardian(guardian.address));
  await send(patient, cs.revoke(toHospital));
  const health = { hospital, clinician, emergency, patient, guardian, auditor: regulator.staff, regulatorAdmin: regulator.admin, toHospital, toClinician, emergencyId, record };

  // Empty blocks after the history, so that a catch-up lasts long enough to be interrupted.
  const alice = signer('//Alice');
  for (let i = 0; i < 40; i += 1) await submit(api, api.tx.system.remark('0x00'), alice);
  const head = (await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead())).number.toNumber();
  Object.assign(history, { p, gtin, lot, packs, case1, case2, pallet, head, health });
}

after(async () => {
  await postgres?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

/**
 * Runs the vendored schema validator in `mode` (`epcis`, `fhir-r4`, `fhir-r5`) on `document`;
 * returns its exit status and output.
 */
function validate(mode, document, name) {
  const path = join(work, name);
  writeFileSync(path, JSON.stringify(document));
  const r = spawnSync('python3', [join(repoRoot, 'tests/vectors/validate.py'), mode, path], { encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

const steps = (events) => events.map((e) => e.bizStep ?? null);

test('SQLite and PostgreSQL index the same history into the same EPCIS events, which validate against the GS1 schema', TIMEOUT, async () => {
  await made();
  const { p, gtin, lot, packs, case1, case2, pallet, head } = history;
  postgres.createDatabase('index_a');
  const lite = await startIndexer({ nodeUrl: ctx.node.endpoint });
  const pg = await startIndexer({ nodeUrl: ctx.node.endpoint, database: postgres.url('index_a') });
  try {
    const [liteHealth, pgHealth] = await Promise.all([indexedTo(lite.url, head), indexedTo(pg.url, head)]);
    assert.equal(liteHealth.database, 'Sqlite');
    assert.equal(pgHealth.database, 'Postgres');
    assert.equal(liteHealth.blocks, pgHealth.blocks);
    assert.equal(liteHealth.events, pgHealth.events);
    assert.ok(liteHealth.blocks >= head + 1);

    const events = await allEpcisEvents(lite.url, 'perPage=1000');
    assert.deepEqual(await allEpcisEvents(pg.url, 'perPage=1000'), events, 'PostgreSQL gives the same events');
    // Paging gives the same list, and names its next page.
    assert.deepEqual(await allEpcisEvents(lite.url, 'perPage=3'), events);
    const first = await indexerGet(lite.url, '/epcis/events?perPage=3');
    assert.match(first.headers.get('link'), /nextPageToken=\d+\.\d+>; rel="next"$/);

    // The supply chain's events in order, with CBV steps and dispositions.
    const mine = events.filter((e) => JSON.stringify(e).includes(gtin) || [case1, case2, pallet].some((s) => JSON.stringify(e).includes(s)));
    assert.deepEqual(
      mine.map((e) => [e.type, e.action, e.bizStep, e.disposition]),
      [
        ['ObjectEvent', 'ADD', 'commissioning', 'active'],
        ['AggregationEvent', 'ADD', 'packing', 'in_progress'],
        ['AggregationEvent', 'ADD', 'packing', 'in_progress'],
        ['AggregationEvent', 'ADD', 'packing', 'in_progress'],
        ['ObjectEvent', 'OBSERVE', 'shipping', 'in_transit'],
        ['ObjectEvent', 'OBSERVE', 'receiving', 'in_progress'],
        ['AggregationEvent', 'DELETE', 'unpacking', 'in_progress'],
        ['ObjectEvent', 'OBSERVE', 'shipping', 'in_transit'],
        ['ObjectEvent', 'OBSERVE', 'receiving', 'in_progress'],
        ['AggregationEvent', 'DELETE', 'unpacking', 'in_progress'],
        ['ObjectEvent', 'DELETE', 'dispensing', 'dispensed'],
        ['ObjectEvent', 'OBSERVE', 'holding', 'recalled'],
      ],
    );
    const [commissioning, , , palletPacking, shipping, receiving] = mine;
    assert.deepEqual(commissioning.epcList, packs.map((s) => dl.pack(gtin, s)));
    assert.deepEqual(commissioning.ilmd, { 'cbvmda:lotNumber': lot, 'cbvmda:itemExpirationDate': '2030-12-31' });
    assert.deepEqual(commissioning.bizLocation, { id: dl.org(p.maker.id) });
    assert.equal(palletPacking.parentID, dl.sscc(pallet));
    assert.deepEqual(palletPacking.childEPCs, [dl.sscc(case1), dl.sscc(case2)]);
    assert.deepEqual(shipping.epcList, [dl.sscc(pallet)]);
    assert.deepEqual(shipping.destinationList, [
      { type: 'owning_party', destination: dl.org(p.wholesaler.id) },
      { type: 'possessing_party', destination: dl.org(p.wholesaler.id) },
    ]);
    assert.deepEqual(receiving.epcList, [dl.sscc(pallet)], 'the receipt names what was shipped');
    assert.deepEqual(mine.at(-1).quantityList, [{ epcClass: dl.lot(gtin, lot) }]);
    // Each event says where it came from, and its eventID is its CBV 2.0 hash: unique.
    for (const e of events) {
      assert.match(e.eventID, /^ni:\/\/\/sha-256;[0-9a-f]{64}\?ver=CBV2\.0$/);
      assert.ok(Number.isInteger(e['hc:block']) && /^0x[0-9a-f]{64}$/.test(e['hc:blockHash']) && Number.isInteger(e['hc:extrinsic']));
      const block = await ctx.api.rpc.chain.getBlockHash(e['hc:block']);
      assert.equal(block.toHex(), e['hc:blockHash']);
    }
    assert.equal(new Set(events.map((e) => e.eventID)).size, events.length);

    // The documents validate against GS1's EPCIS 2.0.1 JSON Schema, and the validator is not
    // blind: the same document without an event's action fails.
    const document = (await indexerGet(lite.url, '/epcis/events?perPage=1000')).body;
    const ok = validate('epcis', document, 'events.json');
    assert.equal(ok.status, 0, ok.output);
    const broken = structuredClone(document);
    delete broken.epcisBody.queryResults.resultsBody.eventList[0].action;
    assert.equal(validate('epcis', broken, 'broken.json').status, 1);

    // `hc export epcis` writes the same events as one EPCISDocument, which validates too.
    const out = join(work, 'export.json');
    execFileSync(process.execPath, [join(repoRoot, 'scripts/hc.mjs'), 'export', 'epcis', '--from', '0', '--to', String(head), '--indexer', lite.url, '--out', out], { stdio: 'ignore' });
    const exported = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(exported.type, 'EPCISDocument');
    assert.deepEqual(exported.epcisBody.eventList, events.filter((e) => e['hc:block'] <= head));
    const exportCheck = validate('epcis', exported, 'exported.json');
    assert.equal(exportCheck.status, 0, exportCheck.output);

    // The recall report: the same from both databases.
    const report = (await indexerGet(lite.url, `/epcis/recall?gtin=${gtin}&lot=${lot}`)).body;
    assert.deepEqual((await indexerGet(pg.url, `/epcis/recall?gtin=${gtin}&lot=${lot}`)).body, report);
  } finally {
    await lite.stop();
    await pg.stop();
  }
});

test('the EPCIS query answers by EPC, lot, business step, event type and time, and refuses what it does not know', TIMEOUT, async () => {
  await made();
  const { gtin, lot, packs, case1, case2, pallet, head } = history;
  const ix = await startIndexer({ nodeUrl: ctx.node.endpoint });
  try {
    await indexedTo(ix.url, head);
    const q = (query) => allEpcisEvents(ix.url, query);
    // A pack dispensed at the pharmacy: named when commissioned, packed, unpacked and dispensed.
    const dispensed = dl.pack(gtin, packs[3]);
    assert.deepEqual(steps(await q(`MATCH_epc=${encodeURIComponent(dispensed)}`)), ['commissioning', 'packing', 'unpacking', 'dispensing']);
    // The pallet: packed, shipped, received, unpacked.
    assert.deepEqual(steps(await q(`MATCH_anyEPC=${encodeURIComponent(dl.sscc(pallet))}`)), ['packing', 'shipping', 'receiving', 'unpacking']);
    // Everything about the lot, including its containers' moves and the recall.
    const byLot = await q(`MATCH_anyEPCClass=${encodeURIComponent(dl.lot(gtin, lot))}`);
    assert.deepEqual(steps(byLot), ['commissioning', 'packing', 'packing', 'packing', 'shipping', 'receiving', 'unpacking', 'shipping', 'receiving', 'unpacking', 'dispensing', 'holding']);
    // By business step (bare word or CBV URI) and event type.
    const shipping = await q(`EQ_bizStep=${encodeURIComponent('https://ref.gs1.org/cbv/BizStep-shipping')}&MATCH_anyEPCClass=${encodeURIComponent(dl.lot(gtin, lot))}`);
    assert.deepEqual(shipping.map((e) => e.epcList), [[dl.sscc(pallet)], [dl.sscc(case2)]]);
    assert.equal((await q(`eventType=AggregationEvent&MATCH_anyEPCClass=${encodeURIComponent(dl.lot(gtin, lot))}`)).length, 5);
    // By time: from the second shipment on.
    const from = shipping[1].eventTime;
    assert.deepEqual(steps(await q(`GE_eventTime=${encodeURIComponent(from)}&MATCH_anyEPCClass=${encodeURIComponent(dl.lot(gtin, lot))}`)), ['shipping', 'receiving', 'unpacking', 'dispensing', 'holding']);
    assert.deepEqual(await q('LT_eventTime=1970-01-02T00:00:00Z'), []);
    // Bad parameters are refused with EPCIS's exception name.
    for (const bad of ['perPage=0', 'nextPageToken=abc', 'GE_eventTime=yesterday', 'EQ_colour=red']) {
      await assert.rejects(indexerGet(ix.url, `/epcis/events?${bad}`), (e) => e.status === 400 && e.body.error === 'QueryParameterException', bad);
    }
    await assert.rejects(indexerGet(ix.url, `/epcis/recall?gtin=${gtin}&lot=NOPE`), (e) => e.status === 404);

    // The recall report: every pack, where it is, who holds it, which are dispensed; the
    // holders agree with the chain's own verification answer.
    const report = (await indexerGet(ix.url, `/epcis/recall?gtin=${gtin}&lot=${lot}`)).body;
    const { p } = history;
    assert.equal(report.lot_uri, dl.lot(gtin, lot));
    assert.ok(report.recalled_block > 0);
    assert.deepEqual(report.by_status, { active: 5, dispensed: 1 });
    assert.deepEqual(report.held_by, { [dl.org(p.wholesaler.id)]: 3, [dl.org(p.pharmacy.id)]: 2 });
    assert.deepEqual(report.packs.map((x) => [x.serial, x.status, x.holder, x.containers]), [
      [packs[0], 'active', p.wholesaler.id, [dl.sscc(case1)]],
      [packs[1], 'active', p.wholesaler.id, [dl.sscc(case1)]],
      [packs[2], 'active', p.wholesaler.id, [dl.sscc(case1)]],
      [packs[3], 'dispensed', p.pharmacy.id, []],
      [packs[4], 'active', p.pharmacy.id, []],
      [packs[5], 'active', p.pharmacy.id, []],
    ]);
    assert.equal(report.packs[3].status_by, p.pharmacy.id);
    for (const pack of report.packs) {
      const answer = await ctx.api.call.supplyChainApi.verify(text(gtin), text(pack.serial), text(lot), text('301231'));
      assert.equal(answer.holder.unwrap().toNumber(), pack.holder, pack.serial);
    }
  } finally {
    await ix.stop();
  }
});

test('an indexer killed while catching up resumes where it stopped: nothing lost, nothing written twice', TIMEOUT, async () => {
  await made();
  const { head } = history;
  const reference = await startIndexer({ nodeUrl: ctx.node.endpoint });
  postgres.createDatabase('index_b');
  const database = postgres.url('index_b');
  const dataDir = mkdtempSync(join(work, 'killed-'));
  let victim = await startIndexer({ nodeUrl: ctx.node.endpoint, database, dataDir, args: ['--batch', '1'] });
  try {
    // Kill it as soon as it has written something, long before the head.
    let seen;
    for (;;) {
      seen = (await indexerGet(victim.url, '/health').catch(() => ({ body: null }))).body;
      if (seen && seen.indexed >= 5) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    await victim.kill();
    assert.ok(seen.indexed < head, `killed at #${seen.indexed} of ${head}`);
    victim = await startIndexer({ nodeUrl: ctx.node.endpoint, database, dataDir, args: ['--batch', '7'] });
    const [again, full] = await Promise.all([indexedTo(victim.url, head), indexedTo(reference.url, head)]);
    // The same number of blocks and events as an indexer that was never interrupted, and the
    // same documents.
    const upTo = `toBlock=${head}`;
    const [a, b] = await Promise.all([allEpcisEvents(victim.url, `${upTo}&perPage=1000`), allEpcisEvents(reference.url, `${upTo}&perPage=1000`)]);
    assert.deepEqual(a, b);
    assert.ok(a.length >= 12);
    assert.deepEqual([again.indexed, again.blocks, again.events], [full.indexed, full.blocks, full.events]);
    // The log says how it went, with no identifiers in it.
    const log = execFileSync('cat', [victim.logFile], { encoding: 'utf8' });
    assert.match(log, /indexed #\d+ · \d+ behind · \d+ blocks\/s · \d+ events\/s/);
    assert.ok(!log.includes(history.gtin), 'no product or pack identifiers in the log');
  } finally {
    await victim.stop();
    await reference.stop();
  }
});

// ---- FHIR ---------------------------------------------------------------------------------------

/** The `chain-origin` extension of a resource: `{ block, blockHash, eventIndex, extrinsic, event }`. */
function originOf(resource) {
  const origin = resource.extension?.find((e) => e.url === ORIGIN_EXTENSION);
  assert.ok(origin, `${resource.id} carries the chain-origin extension`);
  return Object.fromEntries(origin.extension.map((e) => [e.url, e.valueUnsignedInt ?? e.valueString ?? e.valueIdentifier?.value]));
}

/** The reference to a patient account, as every resource writes it. */
const patientRef = (account) => ({ type: 'Patient', identifier: { system: ACCOUNT_SYSTEM, value: account.address } });
const codes = (concepts = []) => concepts.flatMap((c) => c.coding.map((x) => x.code));

/** An AuditEvent the same way in R4 and R5: `[code, outcome, purposes of use]`. */
const auditSummary = (a) => [
  a.subtype?.[0]?.code ?? a.code?.coding?.[0]?.code,
  typeof a.outcome === 'string' ? a.outcome : a.outcome?.code?.code,
  codes(a.purposeOfEvent ?? a.authorization),
];

/** Expects `promise` (a `fhirGet`) to be refused with `status`, the OperationOutcome's `reason` and, when given, its issue `code`. */
async function refused(promise, status, reason, code) {
  await assert.rejects(promise, (e) => {
    assert.equal(e.status, status, e.message);
    assert.equal(e.reason, reason, e.message);
    assert.equal(e.body.resourceType, 'OperationOutcome', e.message);
    assert.equal(e.body.issue[0].severity, 'error', e.message);
    if (code) assert.equal(e.body.issue[0].code, code, e.message);
    return true;
  });
}

test('SQLite and PostgreSQL serve the same FHIR R4 and R5 trails, paged or not, valid against HL7\'s schemas, with no health fact in the clear', TIMEOUT, async () => {
  await made();
  const { head, health: h } = history;
  postgres.createDatabase('index_fhir');
  const lite = await startIndexer({ nodeUrl: ctx.node.endpoint });
  const pg = await startIndexer({ nodeUrl: ctx.node.endpoint, database: postgres.url('index_fhir') });
  try {
    await Promise.all([indexedTo(lite.url, head), indexedTo(pg.url, head)]);
    for (const version of FHIR_VERSIONS) {
      // The auditor reads every patient's trail; PostgreSQL gives the same resources.
      const all = await exportFhir(lite.url, { version, to: head }, h.auditor);
      assert.deepEqual(await exportFhir(pg.url, { version, to: head }, h.auditor), all, `${version}: PostgreSQL gives the same resources`);
      const bundles = {};
      for (const type of FHIR_TYPES) {
        const resources = all[type];
        // Pages of two give the same list.
        assert.deepEqual(await fhirSearch(lite.url, { version, type, to: head, count: 2 }, h.auditor), resources, `${version} ${type} by pages of 2`);
        // One resource per event, named by it, in chain order, saying where it came from.
        let last = [-1, -1];
        for (const r of resources) {
          assert.equal(r.resourceType, type);
          const o = originOf(r);
          assert.equal(r.id, `${{ Consent: 'c', AuditEvent: 'a', Provenance: 'p' }[type]}-${o.block}-${o.eventIndex}`);
          assert.equal(o.event, `${o.block}-${o.eventIndex}`);
          assert.ok(Number.isInteger(o.extrinsic), `${r.id}: the extrinsic`);
          assert.ok(o.block > last[0] || (o.block === last[0] && o.eventIndex > last[1]), `${r.id} in chain order`);
          last = [o.block, o.eventIndex];
          assert.equal((await ctx.api.rpc.chain.getBlockHash(o.block)).toHex(), o.blockHash, r.id);
        }
        // The Bundle as served: a searchset of the same resources, which validates against
        // HL7's schema of the version.
        const { body: bundle, headers } = await fhirGet(lite.url, fhirSearchPath({ version, type, to: head, count: 1000 }), h.auditor);
        assert.match(headers.get('content-type'), /^application\/fhir\+json/);
        assert.equal(bundle.resourceType, 'Bundle');
        assert.equal(bundle.type, 'searchset');
        assert.deepEqual(bundle.entry.map((e) => e.resource), resources);
        for (const e of bundle.entry) {
          assert.equal(e.search.mode, 'match');
          assert.ok(e.fullUrl.endsWith(`/${type}/${e.resource.id}`), e.fullUrl);
        }
        assert.ok(!bundle.link.some((l) => l.relation === 'next'), 'one page holds them all');
        const check = validate(`fhir-${version.toLowerCase()}`, bundle, `${version}-${type}.json`);
        assert.equal(check.status, 0, check.output);
        bundles[type] = bundle;
      }
      // The validator is not blind: an AuditEvent without its agents fails.
      const broken = structuredClone(bundles.AuditEvent);
      delete broken.entry[0].resource.agent;
      assert.equal(validate(`fhir-${version.toLowerCase()}`, broken, `${version}-broken.json`).status, 1);

      // The scripted trail. Consents: the two grants, then the hospital's revoked.
      const r4 = version === 'R4';
      const grantOf = (c) => c.identifier.find((i) => i.system === 'urn:healthchain:grant').value;
      assert.deepEqual(all.Consent.map((c) => [c.status, grantOf(c)]), [
        ['active', String(h.toHospital)],
        ['active', String(h.toClinician)],
        ['inactive', String(h.toHospital)],
      ]);
      for (const c of all.Consent) assert.deepEqual(r4 ? c.patient : c.subject, patientRef(h.patient));
      // AuditEvents: the read permitted, the read denied, break the glass opened, the read it
      // permitted, closed, and its review.
      assert.deepEqual(all.AuditEvent.map(auditSummary), [
        ['read', '0', ['TREAT']],
        ['read', '4', ['HRESCH']],
        ['110127', '0', ['ETREAT', 'BTG']],
        ['read', '0', ['ETREAT', 'BTG']],
        ['110138', '0', ['ETREAT', 'BTG']],
        ['emergency-review', '0', []],
      ]);
      for (const a of all.AuditEvent) assert.deepEqual(r4 ? a.entity[0].what : a.patient, patientRef(h.patient));
      // Provenance: the record registered, then acknowledged.
      assert.deepEqual(all.Provenance.map((p) => [p.activity.coding[0].code, p.target[0].identifier.value]), [
        ['CREATE', String(h.record)],
        ['ACTIVATE', String(h.record)],
      ]);
      if (!r4) for (const p of all.Provenance) assert.deepEqual(p.patient, patientRef(h.patient));

      // No code, label or date of the record nor of the category read is in the clear.
      const json = JSON.stringify(all).toLowerCase();
      for (const fact of CLEAR_FACTS) assert.ok(!json.includes(fact.toLowerCase()), `${version}: ${fact} in the clear`);
    }

    // A page that is not the last links to the next with an absolute URL, which is signed as
    // its path and query.
    const first = (await fhirGet(lite.url, fhirSearchPath({ type: 'AuditEvent', to: head, count: 2 }), h.auditor)).body;
    assert.equal(first.entry.length, 2);
    assert.ok(first.link.find((l) => l.relation === 'self').url.startsWith(`${lite.url}/fhir/R4/AuditEvent?`));
    const next = first.link.find((l) => l.relation === 'next').url;
    assert.ok(next.startsWith(`${lite.url}/fhir/R4/AuditEvent?`) && next.includes('_page_token='), next);
    const second = (await fhirGet(lite.url, next.slice(lite.url.length), h.auditor)).body;
    assert.equal(second.entry[0].resource.id, (await fhirSearch(lite.url, { type: 'AuditEvent', to: head }, h.auditor))[2].id);

    // What the API serves, unsigned, as FHIR clients ask first: valid in both releases.
    for (const version of FHIR_VERSIONS) {
      const response = await fetch(`${lite.url}/fhir/${version}/metadata`);
      assert.equal(response.status, 200);
      const statement = await response.json();
      assert.equal(statement.resourceType, 'CapabilityStatement');
      assert.equal(statement.fhirVersion, version === 'R4' ? '4.0.1' : '5.0.0');
      assert.deepEqual(statement.rest[0].resource.map((r) => r.type), FHIR_TYPES);
      const check = validate(`fhir-${version.toLowerCase()}`, statement, `${version}-metadata.json`);
      assert.equal(check.status, 0, check.output);
    }
  } finally {
    await lite.stop();
    await pg.stop();
  }
});

test('the FHIR trail is served to signed requests of the patient, a guardian and an auditor, each once, and to nobody else', TIMEOUT, async () => {
  await made();
  const { head, health: h } = history;
  const ix = await startIndexer({ nodeUrl: ctx.node.endpoint });
  try {
    await indexedTo(ix.url, head);
    // Every trail of this history is the patient's.
    const everyone = await exportFhir(ix.url, { to: head }, h.auditor);
    assert.ok(FHIR_TYPES.every((type) => everyone[type].length > 0));
    // The patient (named by address or as hex), the guardian and the auditor read it.
    for (const [who, patient, name] of [
      [h.patient, h.patient.address, 'the patient'],
      [h.patient, u8aToHex(h.patient.publicKey), 'the patient, named as hex'],
      [h.guardian, h.patient.address, 'the guardian'],
      [h.auditor, h.patient.address, 'the auditor'],
    ]) {
      assert.deepEqual(await exportFhir(ix.url, { to: head, patient }, who), everyone, name);
    }
    // A wallet signs the line as raw data, wrapped in <Bytes>…</Bytes>.
    const wallet = { address: h.patient.address, signRaw: async (bytes) => h.patient.sign(Buffer.concat([Buffer.from('<Bytes>'), bytes, Buffer.from('</Bytes>')])) };
    assert.deepEqual(await fhirSearch(ix.url, { type: 'Consent', to: head, patient: h.patient.address }, wallet), everyone.Consent);

    const path = fhirSearchPath({ type: 'AuditEvent', patient: h.patient.address });
    // Nobody else: a stranger, the hospital's clinician (who holds a grant), the regulator's
    // admin (who does not hold the Auditor role).
    const stranger = signer(`//Alice//fhir-stranger-${Date.now()}`);
    for (const who of [stranger, h.clinician, h.regulatorAdmin]) await refused(fhirGet(ix.url, path, who), 403, 'NotPermitted', 'forbidden');
    // The patient is not the guardian's guardian.
    await refused(fhirGet(ix.url, fhirSearchPath({ type: 'AuditEvent', patient: h.guardian.address }), h.patient), 403, 'NotPermitted', 'forbidden');
    // Every patient's trail only to an auditor.
    const everybody = fhirSearchPath({ type: 'AuditEvent' });
    for (const who of [h.patient, h.guardian, h.regulatorAdmin, stranger]) await refused(fhirGet(ix.url, everybody, who), 403, 'NotPermitted', 'forbidden');

    // Unsigned, replayed, signed for another path or by another key, or before the indexer
    // started: refused.
    await refused(fhirGet(ix.url, path, null, { headers: {} }), 401, 'MissingSignature', 'security');
    const headers = await fhirHeaders(h.patient, path);
    assert.equal((await fhirGet(ix.url, path, null, { headers })).status, 200);
    await refused(fhirGet(ix.url, path, null, { headers }), 401, 'ReplayedRequest', 'security');
    const otherPath = fhirSearchPath({ type: 'Consent', patient: h.patient.address });
    await refused(fhirGet(ix.url, path, null, { headers: await fhirHeaders(h.patient, otherPath) }), 401, 'BadSignature', 'security');
    const forged = { ...(await fhirHeaders(stranger, path)), 'X-Healthchain-Account': h.patient.address };
    await refused(fhirGet(ix.url, path, null, { headers: forged }), 401, 'BadSignature', 'security');
    const stale = await fhirHeaders(h.patient, path, { timestamp: Date.now() - 3_600_000 });
    await refused(fhirGet(ix.url, path, null, { headers: stale }), 401, 'StaleRequest', 'security');
    const malformed = { ...(await fhirHeaders(h.patient, path)), 'X-Healthchain-Signature': 'not-a-signature' };
    await refused(fhirGet(ix.url, path, null, { headers: malformed }), 400, 'BadRequest');

    // Bad parameters, and a resource type it does not serve.
    for (const bad of ['_count=0', '_count=1001', '_count=ten', 'from-block=x', 'colour=red']) {
      await refused(fhirGet(ix.url, `${path}&${bad}`, h.patient), 400, 'BadParameter', 'invalid');
    }
    await refused(fhirGet(ix.url, '/fhir/R4/AuditEvent?patient=nobody', h.auditor), 400, 'BadParameter', 'invalid');
    await refused(fhirGet(ix.url, fhirSearchPath({ type: 'Patient', patient: h.patient.address }), h.patient), 404, 'UnknownResource');
  } finally {
    await ix.stop();
  }
});

test('hc export fhir writes the trail as FHIR Bulk Data NDJSON, one file per resource type, or one stream', TIMEOUT, async () => {
  await made();
  const { head, health: h } = history;
  const ix = await startIndexer({ nodeUrl: ctx.node.endpoint });
  const hc = (...args) => spawnSync(process.execPath, [join(repoRoot, 'scripts/hc.mjs'), 'export', 'fhir', '--indexer', ix.url, ...args], { encoding: 'utf8', timeout: 60_000 });
  const lines = (text) => text.split('\n').filter(Boolean).map((line) => JSON.parse(line));
  try {
    await indexedTo(ix.url, head);
    // The auditor's export of every trail (R4), into a folder made for it.
    const dir = join(work, 'fhir-export', 'all');
    assert.ok(!existsSync(dir));
    const run = hc('--to', String(head), '--out', dir, '--signer', h.auditor.suri);
    assert.equal(run.status, 0, run.stderr);
    for (const type of FHIR_TYPES) {
      const expected = await fhirSearch(ix.url, { type, to: head, count: 1000 }, h.auditor);
      assert.ok(expected.length > 0, type);
      const written = readFileSync(join(dir, `${type}.ndjson`), 'utf8');
      assert.ok(written.endsWith('}\n') && !written.includes('\n\n'), `${type}: one resource per line`);
      assert.deepEqual(lines(written), expected, type);
      assert.match(run.stderr, new RegExp(`${expected.length} ${type}`));
    }
    // The patient's own (R5), to stdout: Consent, then AuditEvent, then Provenance.
    const own = hc('--version', 'R5', '--to', String(head), '--patient', h.patient.address, '--signer', h.patient.suri);
    assert.equal(own.status, 0, own.stderr);
    const expected = await exportFhir(ix.url, { version: 'R5', to: head, patient: h.patient.address }, h.patient);
    assert.deepEqual(lines(own.stdout), FHIR_TYPES.flatMap((type) => expected[type]));
    // Blocks without a trail: the three files, empty.
    const empty = join(work, 'fhir-export', 'empty');
    const none = hc('--from', String(head), '--to', String(head), '--out', empty, '--signer', h.auditor.suri);
    assert.equal(none.status, 0, none.stderr);
    for (const type of FHIR_TYPES) assert.equal(readFileSync(join(empty, `${type}.ndjson`), 'utf8'), '', type);
    // Someone else's export fails with the indexer's reason.
    const refusedRun = hc('--patient', h.patient.address, '--signer', `//Alice//fhir-stranger-${Date.now()}`);
    assert.equal(refusedRun.status, 1);
    assert.match(refusedRun.stderr, /403 NotPermitted/);
  } finally {
    await ix.stop();
  }
});
