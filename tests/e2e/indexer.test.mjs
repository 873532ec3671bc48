// The indexer against a node: a scripted supply-chain history (commission, pack, ship, receive,
// unpack, dispense, recall) is indexed into SQLite and into PostgreSQL, which give the same
// documents; an indexer killed while catching up and restarted loses and duplicates nothing;
// the EPCIS output validates against GS1's schema and is queried by EPC, lot, business step,
// time and page; and the recall report says where every pack of the lot is.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useNode, freshAccounts, addMember, submit, findEvent } from './helpers.mjs';
import { text, newGtin, newSscc, serials, packUnit, boxUnit, parties } from './supply-helpers.mjs';
import { startIndexer, startPostgres, indexedTo, indexerGet, allEpcisEvents } from '../../scripts/lib/indexer.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
// An archive node: the indexer reads every block's state from genesis.
const ctx = useNode({ name: 'indexer', args: ['--dev', '--sealing', 'instant', '--state-pruning', 'archive-canonical'] });
const TIMEOUT = { timeout: 300_000 };
const TI = `0x${'11'.repeat(32)}`;
const NOTICE = `0x${'33'.repeat(32)}`;

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

  // Empty blocks after the history, so that a catch-up lasts long enough to be interrupted.
  const alice = (await import('../../scripts/lib/chain.mjs')).signer('//Alice');
  for (let i = 0; i < 40; i += 1) await submit(api, api.tx.system.remark('0x00'), alice);
  const head = (await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead())).number.toNumber();
  Object.assign(history, { p, gtin, lot, packs, case1, case2, pallet, head });
}

after(async () => {
  await postgres?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Runs the vendored schema validator on `document`; returns its exit status and output. */
function validate(document, name) {
  const path = join(work, name);
  writeFileSync(path, JSON.stringify(document));
  const r = spawnSync('python3', [join(repoRoot, 'tests/vectors/validate.py'), 'epcis', path], { encoding: 'utf8' });
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
    const ok = validate(document, 'events.json');
    assert.equal(ok.status, 0, ok.output);
    const broken = structuredClone(document);
    delete broken.epcisBody.queryResults.resultsBody.eventList[0].action;
    assert.equal(validate(broken, 'broken.json').status, 1);

    // `hc export epcis` writes the same events as one EPCISDocument, which validates too.
    const out = join(work, 'export.json');
    execFileSync(process.execPath, [join(repoRoot, 'scripts/hc.mjs'), 'export', 'epcis', '--from', '0', '--to', String(head), '--indexer', lite.url, '--out', out], { stdio: 'ignore' });
    const exported = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(exported.type, 'EPCISDocument');
    assert.deepEqual(exported.epcisBody.eventList, events.filter((e) => e['hc:block'] <= head));
    const exportCheck = validate(exported, 'exported.json');
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
