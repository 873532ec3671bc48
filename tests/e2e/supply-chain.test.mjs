// The drug supply chain against a node: a pallet of serialised packs goes from the manufacturer
// through a wholesaler to a pharmacy, is unpacked, verified and dispensed, and its trace shows
// the hops made inside containers; a recalled lot refuses shipment wherever its packs are; suspect
// packs are quarantined until a regulator clears them or they are declared illegitimate (with
// notices to every organization that held them); malformed identifiers are refused with their
// own errors; GTINs and SSCCs are accepted only under their company's GS1 prefix, and a regulator
// reassigns or deactivates a product; and verification answers as the industry's verification
// router does, also through `hc`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useNode, freshAccounts, registerOrg, addMember, submit, sudo, findEvent, expectError } from './helpers.mjs';
import { withCheckDigit, toDigitalLink, toElementString, toBarcodeString } from '../../scripts/lib/gs1.mjs';
import { text, str, digits, newPrefix, newGtin, newSscc, badCheckDigit, serials, packUnit, boxUnit, parties } from './supply-helpers.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ctx = useNode({ name: 'supply-chain' });

const EXPIRY = '301231';
const TI = `0x${'11'.repeat(32)}`;
const REPORT = `0x${'22'.repeat(32)}`;
const TIMEOUT = { timeout: 240_000 };

// ---- Calls and queries ---------------------------------------------------------------------------

const sc = () => ctx.api.tx.supplyChain;
const send = (who, call) => submit(ctx.api, call, who);
const failsWith = (who, call, error) => expectError(send(who, call), 'supplyChain', error);

/** Registers a product, creates a lot and commissions `serials` into it. */
async function commissionLot(who, { gtin, lot, expiry = EXPIRY, serials: list, quantity = list.length, register = true }) {
  if (register) await send(who, sc().registerProduct(text(gtin), REPORT));
  await send(who, sc().createLot(text(gtin), text(lot), text(expiry), quantity));
  const result = await send(who, sc().commission(text(gtin), text(lot), list.map(text)));
  const ev = findEvent(result, 'supplyChain', 'Commissioned').raw.data;
  assert.deepEqual(ev.serials.map(str), list);
}

/** Ships `units` and returns the shipment id. */
async function ship(who, units, to, transferOwnership = true) {
  const result = await send(who, sc().ship(units, to, TI, transferOwnership));
  return findEvent(result, 'supplyChain', 'Shipped').raw.data.shipment.toNumber();
}

const org = (o) => (o.isSome ? o.unwrap().toNumber() : null);

/** The runtime API's verification answer as plain values. */
async function verify(gtin, serial, lot, expiry = EXPIRY) {
  const r = await ctx.api.call.supplyChainApi.verify(text(gtin), text(serial), text(lot), text(expiry));
  return {
    verified: r.verified.isTrue,
    failureReason: r.failureReason.isSome ? r.failureReason.unwrap().type : null,
    additionalInfo: r.additionalInfo.map((i) => i.type),
    sellable: r.sellable.isTrue,
    holder: org(r.holder),
    owner: org(r.owner),
  };
}

/** A container as plain values. */
async function container(sscc) {
  const c = (await ctx.api.call.supplyChainApi.container(text(sscc))).unwrap();
  return {
    kind: c.kind.type,
    owner: c.owner.toNumber(),
    custodian: c.custodian.toNumber(),
    parent: c.parent.isSome ? str(c.parent.unwrap()) : null,
    children: c.children.toNumber(),
    status: c.status.type,
    lots: c.lots.map((l) => ({ lot: str(l.lot), packs: l.packs.toNumber() })),
    alerts: c.alerts.toNumber(),
  };
}

/**
 * A pack's trace as `[unit, step, detail]`: the unit is `pack <serial>` or `container <sscc>`,
 * the step the recorded step's name (or the trace step's), the detail its fields.
 */
async function trace(gtin, serial) {
  const t = (await ctx.api.call.supplyChainApi.trace(text(gtin), text(serial))).unwrap();
  return t.map((e) => {
    const unit = e.unit.isPack ? `pack ${str(e.unit.asPack[1])}` : `container ${str(e.unit.asContainer)}`;
    const step = e.step.isRecorded ? e.step.asRecorded : e.step;
    const detail = step.value.toJSON() ?? {};
    for (const key of ['into', 'from']) {
      if (typeof detail[key] === 'string' && detail[key].startsWith('0x')) detail[key] = str(Buffer.from(detail[key].slice(2), 'hex'));
    }
    return [unit, step.type, detail];
  });
}

/** Runs `node scripts/hc.mjs ...` against the test's node; resolves with code and output. */
function hc(...args) {
  return new Promise((res) => {
    execFile(process.execPath, ['scripts/hc.mjs', ...args, '--url', ctx.node.endpoint], { cwd: repoRoot, timeout: 60_000 }, (error, stdout, stderr) => {
      res({ code: error ? error.code ?? 1 : 0, stdout, stderr });
    });
  });
}

// ---- Tests ---------------------------------------------------------------------------------------

test('a pallet goes from the manufacturer through a wholesaler to a pharmacy, which unpacks, verifies and dispenses a pack', TIMEOUT, async () => {
  const api = ctx.api;
  const p = await parties(api, ['maker', 'wholesaler', 'pharmacy']);
  const [clerk] = await freshAccounts(api, ['pharmacy-clerk']);
  await addMember(api, p.pharmacy.id, p.pharmacy.admin, clerk, ['Staff']);
  const gtin = newGtin(p.maker);
  const lot = 'LOT-A';
  const packs = serials('P', 6);
  const [case1, case2, pallet] = [newSscc(p.maker), newSscc(p.maker), newSscc(p.maker)];

  // The manufacturer's logistics staff registers the product, creates the lot and commissions
  // a batch of packs in one call.
  await commissionLot(p.maker.staff, { gtin, lot, serials: packs, quantity: 10 });
  assert.deepEqual(await verify(gtin, 'P01', lot), {
    verified: true, failureReason: null, additionalInfo: [], sellable: true, holder: p.maker.id, owner: p.maker.id,
  });

  // Packs into two cases, the cases onto a pallet.
  await send(p.maker.staff, sc().pack(text(case1), 'Case', packs.slice(0, 3).map((s) => packUnit(gtin, s))));
  await send(p.maker.staff, sc().pack(text(case2), 'Case', packs.slice(3).map((s) => packUnit(gtin, s))));
  const packed = await send(p.maker.staff, sc().pack(text(pallet), 'Pallet', [boxUnit(case1), boxUnit(case2)]));
  assert.equal(findEvent(packed, 'supplyChain', 'Packed').raw.data.created.isTrue, true);
  assert.deepEqual(await container(pallet), {
    kind: 'Pallet', owner: p.maker.id, custodian: p.maker.id, parent: null, children: 2, status: 'Active', lots: [{ lot, packs: 6 }], alerts: 0,
  });
  assert.equal((await container(case1)).parent, pallet);

  // Only top-level units are shipped: a pack inside a case, or a case on the pallet, is not.
  await failsWith(p.maker.staff, sc().ship([packUnit(gtin, 'P01')], p.wholesaler.id, TI, true), 'InContainer');
  await failsWith(p.maker.staff, sc().ship([boxUnit(case1)], p.wholesaler.id, TI, true), 'InContainer');

  // Ship the pallet to the wholesaler: every pack on it is in transit, still held by the sender.
  const toWholesaler = await ship(p.maker.staff, [boxUnit(pallet)], p.wholesaler.id);
  assert.deepEqual(await verify(gtin, 'P05', lot), {
    verified: true, failureReason: null, additionalInfo: ['InTransit'], sellable: false, holder: p.maker.id, owner: p.maker.id,
  });
  // Only the addressee receives.
  await failsWith(p.pharmacy.admin, sc().receive(toWholesaler), 'NotAddressee');
  const received = await send(p.wholesaler.staff, sc().receive(toWholesaler));
  assert.equal(findEvent(received, 'supplyChain', 'Received').raw.data.ownershipTransferred.isTrue, true);
  const atWholesaler = await verify(gtin, 'P05', lot);
  assert.deepEqual([atWholesaler.holder, atWholesaler.owner, atWholesaler.sellable], [p.wholesaler.id, p.wholesaler.id, true]);

  // The wholesaler ships the pallet on to the pharmacy; a member without a goods role may not
  // receive it, the pharmacist may.
  const toPharmacy = await ship(p.wholesaler.staff, [boxUnit(pallet)], p.pharmacy.id);
  await failsWith(clerk, sc().receive(toPharmacy), 'MemberRoleMissing');
  await send(p.pharmacy.staff, sc().receive(toPharmacy));

  // The pharmacy unpacks the pallet, then the first case.
  const unpacked = await send(p.pharmacy.staff, sc().unpack(text(pallet), null));
  assert.deepEqual(findEvent(unpacked, 'supplyChain', 'Unpacked').raw.data.units.map((u) => str(u.asContainer)).sort(), [case1, case2].sort());
  await send(p.pharmacy.staff, sc().unpack(text(case1), null));
  assert.deepEqual(await container(pallet), {
    kind: 'Pallet', owner: p.pharmacy.id, custodian: p.pharmacy.id, parent: null, children: 0, status: 'Active', lots: [], alerts: 0,
  });

  // Verification at the pharmacy: genuine, sellable, held and owned by the pharmacy, for a loose
  // pack and for one still inside the second case.
  const expected = { verified: true, failureReason: null, additionalInfo: [], sellable: true, holder: p.pharmacy.id, owner: p.pharmacy.id };
  assert.deepEqual(await verify(gtin, 'P01', lot), expected);
  assert.deepEqual(await verify(gtin, 'P05', lot), expected);
  // The same through `hc verify-pack`, from the pack's Digital Link.
  const link = toDigitalLink({ gtin, lot, serial: 'P01', expiry: EXPIRY }, 'https://id.example.org');
  const cli = await hc('verify-pack', link);
  assert.equal(cli.code, 0, cli.stderr);
  assert.deepEqual(JSON.parse(cli.stdout), {
    gtin, lot, serial: 'P01', expiry: EXPIRY, verified: true, failureReason: null, additionalInfo: [], sellable: true, holder: p.pharmacy.id, owner: p.pharmacy.id,
  });

  // Dispense: not a pack still in a case; the pharmacist dispenses a loose one.
  await failsWith(p.pharmacy.staff, sc().dispense(text(gtin), text('P05')), 'InContainer');
  const dispensed = await send(p.pharmacy.staff, sc().dispense(text(gtin), text('P01')));
  assert.equal(findEvent(dispensed, 'supplyChain', 'Dispensed').raw.data.by.toNumber(), p.pharmacy.id);
  assert.deepEqual(await verify(gtin, 'P01', lot), { ...expected, additionalInfo: ['Dispensed'], sellable: false });
  const again = await hc('verify-pack', toElementString({ gtin, lot, serial: 'P01', expiry: EXPIRY }));
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(JSON.parse(again.stdout).additionalInfo, ['Dispensed']);
  // A dispensed pack never moves again.
  await failsWith(p.pharmacy.staff, sc().dispense(text(gtin), text('P01')), 'NotActive');
  await failsWith(p.pharmacy.staff, sc().ship([packUnit(gtin, 'P01')], p.wholesaler.id, TI, true), 'NotActive');

  // The trace shows the pack's own steps and the hops it made inside the case and the pallet.
  const steps = await trace(gtin, 'P01');
  assert.deepEqual(steps.map(([unit, step]) => `${unit} ${step}`), [
    'pack P01 Commissioned',
    'pack P01 Packed',
    `container ${case1} Packed`,
    `container ${pallet} Shipped`,
    `container ${pallet} Received`,
    `container ${pallet} Shipped`,
    `container ${pallet} Received`,
    `container ${case1} Unpacked`,
    'pack P01 Unpacked',
    'pack P01 Dispensed',
  ]);
  const details = steps.map(([, , detail]) => detail);
  assert.equal(details[0].manufacturer, p.maker.id);
  assert.equal(details[1].into, case1);
  assert.equal(details[2].into, pallet);
  assert.deepEqual([details[3].from, details[3].to, details[3].shipment], [p.maker.id, p.wholesaler.id, toWholesaler]);
  assert.deepEqual([details[4].custodian, details[4].owner], [p.wholesaler.id, p.wholesaler.id]);
  assert.deepEqual([details[5].from, details[5].to, details[5].shipment], [p.wholesaler.id, p.pharmacy.id, toPharmacy]);
  assert.deepEqual([details[6].custodian, details[6].owner], [p.pharmacy.id, p.pharmacy.id]);
  assert.equal(details[7].from, pallet);
  assert.equal(details[8].from, case1);
  assert.equal(details[9].by, p.pharmacy.id);
});

test('a recalled lot refuses shipment of every pack, loose or inside cases, except back to the manufacturer', TIMEOUT, async () => {
  const api = ctx.api;
  const p = await parties(api, ['maker', 'wholesaler', 'pharmacy', 'regulator']);
  const gtin = newGtin(p.maker);
  const [recalled, kept] = ['LOT-R', 'LOT-K'];
  await commissionLot(p.maker.staff, { gtin, lot: recalled, serials: serials('R', 6) });
  await commissionLot(p.maker.staff, { gtin, lot: kept, serials: ['K01', 'K02'], register: false });
  const [caseA, caseMixed, pallet] = [newSscc(p.maker), newSscc(p.maker), newSscc(p.maker)];

  // Case A: R01, R02. A mixed case: R03 and K01. A pallet: case A, the mixed case and R04.
  // Loose: R05 and K02. R06 goes straight to the pharmacy.
  await send(p.maker.staff, sc().pack(text(caseA), 'Case', [packUnit(gtin, 'R01'), packUnit(gtin, 'R02')]));
  await send(p.maker.staff, sc().pack(text(caseMixed), 'Case', [packUnit(gtin, 'R03'), packUnit(gtin, 'K01')]));
  await send(p.maker.staff, sc().pack(text(pallet), 'Pallet', [boxUnit(caseA), boxUnit(caseMixed), packUnit(gtin, 'R04')]));
  const toWholesaler = await ship(p.maker.staff, [boxUnit(pallet), packUnit(gtin, 'R05'), packUnit(gtin, 'K02')], p.wholesaler.id);
  await send(p.wholesaler.staff, sc().receive(toWholesaler));
  const toPharmacy = await ship(p.maker.admin, [packUnit(gtin, 'R06')], p.pharmacy.id);
  await send(p.pharmacy.staff, sc().receive(toPharmacy));

  // Who may recall: not a trading partner, not the manufacturer's logistics staff (a member
  // needs the Auditor role for an authority's decision); the regulator's auditor may.
  await failsWith(p.wholesaler.admin, sc().recallLot(text(gtin), text(recalled), REPORT), 'NotAuthority');
  await failsWith(p.maker.staff, sc().recallLot(text(gtin), text(recalled), REPORT), 'MemberRoleMissing');
  const recall = await send(p.regulator.staff, sc().recallLot(text(gtin), text(recalled), REPORT));
  const ev = findEvent(recall, 'supplyChain', 'LotRecalled').raw.data;
  assert.deepEqual([str(ev.lot), ev.by.toNumber()], [recalled, p.regulator.id]);
  await failsWith(p.maker.admin, sc().recallLot(text(gtin), text(recalled), REPORT), 'AlreadyRecalled');

  // Every pack of the lot, wherever it is, verifies as recalled; the other lot is untouched.
  for (const serial of serials('R', 6)) {
    const answer = await verify(gtin, serial, recalled);
    assert.ok(answer.verified && answer.additionalInfo.includes('Recalled') && !answer.sellable, `${serial}: ${JSON.stringify(answer)}`);
  }
  assert.equal((await verify(gtin, 'K01', kept)).sellable, true);
  assert.equal((await verify(gtin, 'K02', kept)).sellable, true);

  // None of them may be shipped on, nor sold without a move, nor dispensed.
  const to = p.pharmacy.id;
  await failsWith(p.wholesaler.staff, sc().ship([boxUnit(pallet)], to, TI, true), 'Recalled');
  await failsWith(p.wholesaler.staff, sc().ship([packUnit(gtin, 'R05')], to, TI, true), 'Recalled');
  await failsWith(p.wholesaler.staff, sc().transferOwnership([boxUnit(pallet)], to, TI), 'Recalled');
  await failsWith(p.pharmacy.staff, sc().dispense(text(gtin), text('R06')), 'Recalled');
  await failsWith(p.pharmacy.staff, sc().ship([packUnit(gtin, 'R06')], p.wholesaler.id, TI, true), 'Recalled');
  // A pack of the other lot still moves.
  await send(p.wholesaler.staff, sc().ship([packUnit(gtin, 'K02')], to, TI, true));

  // Unpacking the pallet does not help: each case holding recalled packs refuses, and so does
  // every recalled pack taken out of them.
  await send(p.wholesaler.staff, sc().unpack(text(pallet), null));
  await failsWith(p.wholesaler.staff, sc().ship([boxUnit(caseA)], to, TI, true), 'Recalled');
  await failsWith(p.wholesaler.staff, sc().ship([boxUnit(caseMixed)], to, TI, true), 'Recalled');
  await failsWith(p.wholesaler.staff, sc().ship([packUnit(gtin, 'R04')], to, TI, true), 'Recalled');
  await send(p.wholesaler.staff, sc().unpack(text(caseMixed), null));
  await failsWith(p.wholesaler.staff, sc().ship([packUnit(gtin, 'R03')], to, TI, true), 'Recalled');
  // Packed for their return, they still go nowhere but back to the manufacturer.
  const returnCase = newSscc(p.wholesaler);
  await send(p.wholesaler.staff, sc().pack(text(returnCase), 'Case', [packUnit(gtin, 'R03')]));
  await failsWith(p.wholesaler.staff, sc().ship([boxUnit(returnCase)], to, TI, true), 'Recalled');
  // A mixed shipment fails as a whole.
  await failsWith(p.wholesaler.staff, sc().ship([packUnit(gtin, 'K01'), packUnit(gtin, 'R04')], to, TI, true), 'Recalled');
  await send(p.wholesaler.staff, sc().ship([packUnit(gtin, 'K01')], to, TI, true));

  // Recalled goods go back to the manufacturer: case A with its packs, loose packs, and the
  // pharmacy's pack.
  const back = await ship(p.wholesaler.staff, [boxUnit(caseA), boxUnit(returnCase), packUnit(gtin, 'R04'), packUnit(gtin, 'R05')], p.maker.id);
  await send(p.maker.staff, sc().receive(back));
  const back2 = await ship(p.pharmacy.staff, [packUnit(gtin, 'R06')], p.maker.id);
  await send(p.maker.staff, sc().receive(back2));
  assert.equal((await verify(gtin, 'R01', recalled)).holder, p.maker.id);
  // The manufacturer cannot send them out again, packed or unpacked.
  await failsWith(p.maker.staff, sc().ship([boxUnit(caseA)], p.wholesaler.id, TI, true), 'Recalled');
  await send(p.maker.staff, sc().unpack(text(caseA), null));
  for (const serial of ['R01', 'R02']) {
    await failsWith(p.maker.staff, sc().ship([packUnit(gtin, serial)], p.wholesaler.id, TI, true), 'Recalled');
  }
  // It may take them out of trade.
  await send(p.maker.staff, sc().decommission(text(gtin), text('R01'), 'Destroyed'));
  assert.deepEqual((await verify(gtin, 'R01', recalled)).additionalInfo, ['Recalled', 'Decommissioned']);

  // The recall is in the trace of every pack of the lot.
  const steps = await trace(gtin, 'R02');
  const recallStep = steps.find(([, step]) => step === 'LotRecalled');
  assert.ok(recallStep, JSON.stringify(steps));
  assert.equal(recallStep[2].by, p.regulator.id);
});

test('a suspect pack is quarantined, with its containers, until a regulator clears it', TIMEOUT, async () => {
  const api = ctx.api;
  const p = await parties(api, ['maker', 'wholesaler', 'pharmacy', 'regulator']);
  const gtin = newGtin(p.maker);
  const lot = 'LOT-S';
  await commissionLot(p.maker.staff, { gtin, lot, serials: serials('S', 4) });
  const box = newSscc(p.maker);
  await send(p.maker.staff, sc().pack(text(box), 'Case', serials('S', 3).map((s) => packUnit(gtin, s))));
  const shipment = await ship(p.maker.staff, [boxUnit(box), packUnit(gtin, 'S04')], p.wholesaler.id);
  await send(p.wholesaler.staff, sc().receive(shipment));

  // Only a holder or owner marks a pack suspect; the wholesaler does, inside the case.
  await failsWith(p.pharmacy.admin, sc().markSuspect(text(gtin), text('S02'), REPORT), 'NotHolder');
  const marked = await send(p.wholesaler.staff, sc().markSuspect(text(gtin), text('S02'), REPORT));
  assert.equal(findEvent(marked, 'supplyChain', 'MarkedSuspect').raw.data.by.toNumber(), p.wholesaler.id);
  await failsWith(p.wholesaler.staff, sc().markSuspect(text(gtin), text('S02'), REPORT), 'AlreadySuspect');
  assert.deepEqual(await verify(gtin, 'S02', lot), {
    verified: true, failureReason: null, additionalInfo: ['Suspect'], sellable: false, holder: p.wholesaler.id, owner: p.wholesaler.id,
  });
  assert.equal((await verify(gtin, 'S01', lot)).sellable, true, 'only the suspect pack is flagged');
  assert.equal((await container(box)).alerts, 1);

  // Quarantined: the case holding it cannot move, nor the pack once taken out.
  await failsWith(p.wholesaler.staff, sc().ship([boxUnit(box)], p.pharmacy.id, TI, true), 'Suspect');
  await failsWith(p.wholesaler.staff, sc().transferOwnership([boxUnit(box)], p.pharmacy.id, TI), 'Suspect');
  await send(p.wholesaler.staff, sc().unpack(text(box), [packUnit(gtin, 'S02')]));
  assert.equal((await container(box)).alerts, 0);
  await failsWith(p.wholesaler.staff, sc().ship([packUnit(gtin, 'S02')], p.pharmacy.id, TI, true), 'Suspect');
  // It goes back to its manufacturer only alone, never with goods in trade.
  await failsWith(p.wholesaler.staff, sc().ship([packUnit(gtin, 'S02'), packUnit(gtin, 'S04')], p.maker.id, TI, true), 'QuarantinedNotAlone');
  await failsWith(p.wholesaler.staff, sc().pack(text(box), 'Case', [packUnit(gtin, 'S02')]), 'Suspect');
  // Only a regulator destroys a pack that is merely suspect.
  await failsWith(p.wholesaler.staff, sc().destroyQuarantined(text(gtin), text('S02'), 'SuspicionNotCleared'), 'DestructionNeedsRegulator');
  await failsWith(p.wholesaler.staff, sc().destroyQuarantined(text(gtin), text('S01'), 'SuspicionNotCleared'), 'InContainer');
  await failsWith(p.wholesaler.staff, sc().decommission(text(gtin), text('S02'), 'Destroyed'), 'Suspect');

  // A regulator clears it, as admin or auditor. The manufacturer does not judge the
  // wholesaler's report on its own product.
  await failsWith(p.wholesaler.admin, sc().clearSuspect(text(gtin), text('S02'), REPORT), 'NotAuthority');
  await failsWith(p.maker.staff, sc().clearSuspect(text(gtin), text('S02'), REPORT), 'MemberRoleMissing');
  await failsWith(p.maker.admin, sc().clearSuspect(text(gtin), text('S01'), REPORT), 'NotSuspect');
  await failsWith(p.maker.admin, sc().clearSuspect(text(gtin), text('S02'), REPORT), 'SuspicionRaisedByAnother');
  const cleared = await send(p.regulator.staff, sc().clearSuspect(text(gtin), text('S02'), REPORT));
  assert.equal(findEvent(cleared, 'supplyChain', 'SuspectCleared').raw.data.by.toNumber(), p.regulator.id);
  assert.equal((await verify(gtin, 'S02', lot)).sellable, true);

  // Cleared, it moves again: back into its case, and the case to the pharmacy.
  await send(p.wholesaler.staff, sc().pack(text(box), 'Case', [packUnit(gtin, 'S02')]));
  const onward = await ship(p.wholesaler.staff, [boxUnit(box)], p.pharmacy.id);
  await send(p.pharmacy.staff, sc().receive(onward));
  assert.equal((await verify(gtin, 'S02', lot)).holder, p.pharmacy.id);
  const steps = (await trace(gtin, 'S02')).map(([unit, step]) => `${unit} ${step}`);
  assert.ok(steps.includes('pack S02 MarkedSuspect') && steps.includes('pack S02 SuspectCleared'), steps.join('\n'));
  assert.ok(steps.indexOf('pack S02 SuspectCleared') < steps.lastIndexOf(`container ${box} Shipped`));
});

test('a suspect pack declared illegitimate is frozen for good and every organization that held it is notified', TIMEOUT, async () => {
  const api = ctx.api;
  const p = await parties(api, ['maker', 'logistics', 'wholesaler', 'pharmacy', 'regulator', 'bystander']);
  const gtin = newGtin(p.maker);
  const lot = 'LOT-I';
  await commissionLot(p.maker.staff, { gtin, lot, serials: serials('I', 3) });
  const box = newSscc(p.maker);
  await send(p.maker.staff, sc().pack(text(box), 'Case', serials('I', 3).map((s) => packUnit(gtin, s))));

  // The manufacturer puts the case in its logistics provider's warehouse (custody only), sells
  // it there to the wholesaler (ownership only), the provider delivers it, and the wholesaler
  // sells it on to the pharmacy.
  const toWarehouse = await ship(p.maker.staff, [boxUnit(box)], p.logistics.id, false);
  await send(p.logistics.staff, sc().receive(toWarehouse));
  assert.deepEqual([(await verify(gtin, 'I01', lot)).holder, (await verify(gtin, 'I01', lot)).owner], [p.logistics.id, p.maker.id]);
  await failsWith(p.logistics.staff, sc().ship([boxUnit(box)], p.wholesaler.id, TI, true), 'NotOwner');
  await send(p.maker.staff, sc().transferOwnership([boxUnit(box)], p.wholesaler.id, TI));
  assert.deepEqual([(await verify(gtin, 'I01', lot)).holder, (await verify(gtin, 'I01', lot)).owner], [p.logistics.id, p.wholesaler.id]);
  const delivery = await ship(p.logistics.staff, [boxUnit(box)], p.wholesaler.id, false);
  await send(p.wholesaler.staff, sc().receive(delivery));
  const sale = await ship(p.wholesaler.staff, [boxUnit(box)], p.pharmacy.id);
  await send(p.pharmacy.staff, sc().receive(sale));

  // The pharmacy finds a pack in the case suspect; the regulator declares it illegitimate.
  await send(p.pharmacy.staff, sc().markSuspect(text(gtin), text('I01'), REPORT));
  await failsWith(p.bystander.admin, sc().declareIllegitimate(text(gtin), text('I01'), REPORT), 'NotAuthority');
  const declared = await send(p.regulator.staff, sc().declareIllegitimate(text(gtin), text('I01'), REPORT));
  const decl = findEvent(declared, 'supplyChain', 'DeclaredIllegitimate').raw.data;
  assert.equal(decl.by.toNumber(), p.regulator.id);
  const notices = declared.events.filter((e) => e.section === 'supplyChain' && e.method === 'IllegitimateProductNotice').map((e) => e.raw.data);
  for (const n of notices) assert.deepEqual([str(n.gtin), str(n.serial)], [gtin, 'I01']);
  const notified = notices.map((n) => n.org.toNumber()).sort((a, b) => a - b);
  // Every organization that held or owned it, and only those.
  assert.deepEqual(notified, [p.maker.id, p.logistics.id, p.wholesaler.id, p.pharmacy.id].sort((a, b) => a - b));
  assert.equal(decl.notified.toNumber(), 4);

  // Final: verified as illegitimate, never moves, cannot be cleared or declared again.
  assert.deepEqual(await verify(gtin, 'I01', lot), {
    verified: true, failureReason: null, additionalInfo: ['Illegitimate'], sellable: false, holder: p.pharmacy.id, owner: p.pharmacy.id,
  });
  await failsWith(p.maker.admin, sc().clearSuspect(text(gtin), text('I01'), REPORT), 'Illegitimate');
  await failsWith(p.regulator.admin, sc().declareIllegitimate(text(gtin), text('I01'), REPORT), 'Illegitimate');
  await failsWith(p.pharmacy.staff, sc().markSuspect(text(gtin), text('I01'), REPORT), 'Illegitimate');
  await failsWith(p.pharmacy.staff, sc().ship([boxUnit(box)], p.maker.id, TI, true), 'Suspect');
  await send(p.pharmacy.staff, sc().unpack(text(box), [packUnit(gtin, 'I01')]));
  await failsWith(p.pharmacy.staff, sc().dispense(text(gtin), text('I01')), 'Illegitimate');
  await failsWith(p.pharmacy.staff, sc().ship([packUnit(gtin, 'I01')], p.wholesaler.id, TI, true), 'Illegitimate');
  await failsWith(p.pharmacy.staff, sc().decommission(text(gtin), text('I01'), 'Destroyed'), 'Illegitimate');
  // Its owner destroys it, with a reason from a closed list (DSCSA: destroy or return).
  const destroyed = await send(p.pharmacy.staff, sc().destroyQuarantined(text(gtin), text('I01'), 'Counterfeit'));
  const gone = findEvent(destroyed, 'supplyChain', 'QuarantinedPackDestroyed').raw.data;
  assert.deepEqual([gone.by.toNumber(), gone.reason.toString(), gone.alert.toString()], [p.pharmacy.id, 'Counterfeit', 'Illegitimate']);
  assert.deepEqual((await verify(gtin, 'I01', lot)).additionalInfo, ['Illegitimate', 'Decommissioned']);
  // The rest of the case is unaffected.
  const emptied = await send(p.pharmacy.staff, sc().unpack(text(box), null));
  // Emptied, the case's deposit goes back to the account that paid it: the manufacturer's admin
  // (deposits are the organization's, never the signing employee's).
  const released = findEvent(emptied, 'supplyChain', 'DepositReleased').raw.data;
  assert.equal(released.who.toString(), p.maker.admin.address);
  assert.ok(released.key.isContainer, released.key.toString());
  await send(p.pharmacy.staff, sc().dispense(text(gtin), text('I02')));
  assert.deepEqual((await verify(gtin, 'I02', lot)).additionalInfo, ['Dispensed']);
});

test('a bad GTIN check digit, a bad serial and a bad expiry are each refused with their own error', TIMEOUT, async () => {
  const api = ctx.api;
  const p = await parties(api, ['maker']);
  const who = p.maker.staff;
  const gtin = newGtin(p.maker);
  const wrong = badCheckDigit(gtin);

  const e1 = await failsWith(who, sc().registerProduct(text(wrong), REPORT), 'InvalidGtin');
  assert.match(e1.docs, /check digit/);
  await send(who, sc().registerProduct(text(gtin), REPORT));
  await failsWith(who, sc().createLot(text(wrong), text('LOT-1'), text(EXPIRY), 10), 'InvalidGtin');

  // Expiry: month 13, day 31 of a 30-day month, 29 February of a common year; a valid but
  // past date is a different error.
  for (const expiry of ['301301', '300431', '310229', '30120A']) {
    const e = await failsWith(who, sc().createLot(text(gtin), text('LOT-1'), text(expiry), 10), 'InvalidExpiry');
    assert.match(e.docs, /YYMMDD/);
  }
  await failsWith(who, sc().createLot(text(gtin), text('LOT-1'), text('250101'), 10), 'Expired');
  await failsWith(who, sc().createLot(text(gtin), text('LOT 1'), text(EXPIRY), 10), 'InvalidLotNumber');
  // Day 00 is the end of the month, and 2032 is a leap year.
  await send(who, sc().createLot(text(gtin), text('LOT-1'), text('320229'), 10));
  await send(who, sc().createLot(text(gtin), text('LOT-2'), text('301100'), 10));

  // Serials: outside the GS1 character set, or empty. Nothing is commissioned.
  for (const serial of ['S 1', 'S#1', 'SÉ1', '']) {
    const e = await failsWith(who, sc().commission(text(gtin), text('LOT-1'), [text('OK1'), text(serial)]), 'InvalidSerial');
    assert.match(e.docs, /character set/);
  }
  await failsWith(who, sc().commission(text(wrong), text('LOT-1'), [text('OK1')]), 'InvalidGtin');
  const lot = (await api.call.supplyChainApi.lot(text(gtin), text('LOT-1'))).unwrap();
  assert.equal(lot.commissioned.toNumber(), 0);
  assert.equal(str(lot.expiry), '320229');

  // The same rules hold for packing (SSCC) and for the other calls naming a pack.
  await send(who, sc().commission(text(gtin), text('LOT-1'), [text('OK1')]));
  await failsWith(who, sc().pack(text(badCheckDigit(newSscc(p.maker))), 'Case', [packUnit(gtin, 'OK1')]), 'InvalidSscc');
  await failsWith(who, sc().pack(text(newSscc(p.maker)), 'Case', [packUnit(wrong, 'OK1')]), 'InvalidGtin');
  await failsWith(who, sc().decommission(text(gtin), text('OK 1'), 'Destroyed'), 'InvalidSerial');

  // Verification of a malformed identifier finds nothing; `hc` refuses it before asking.
  assert.deepEqual(await verify(wrong, 'OK1', 'LOT-1', '320229'), {
    verified: false, failureReason: 'NoMatchGtinSerial', additionalInfo: [], sellable: false, holder: null, owner: null,
  });
  const cli = await hc('verify-pack', toElementString({ gtin: wrong, lot: 'LOT-1', serial: 'OK1', expiry: '320229' }));
  assert.equal(cli.code, 1);
  assert.match(cli.stderr, /invalid GTIN \(01\).*check digit/);
  const badExpiry = await hc('verify-pack', toElementString({ gtin, lot: 'LOT-1', serial: 'OK1', expiry: '321301' }));
  assert.equal(badExpiry.code, 1);
  assert.match(badExpiry.stderr, /invalid expiry \(17\)/);
});

test('verification with a wrong lot or expiry answers with the router failure reason', TIMEOUT, async () => {
  const api = ctx.api;
  const p = await parties(api, ['maker']);
  const gtin = newGtin(p.maker);
  await commissionLot(p.maker.staff, { gtin, lot: 'LOT-V', serials: ['V01', 'V02'] });
  await commissionLot(p.maker.staff, { gtin, lot: 'LOT-W', expiry: '311130', serials: ['W01'], register: false });

  const notVerified = (failureReason) => ({ verified: false, failureReason, additionalInfo: [], sellable: false, holder: null, owner: null });
  assert.deepEqual(await verify(gtin, 'V01', 'LOT-V', EXPIRY), {
    verified: true, failureReason: null, additionalInfo: [], sellable: true, holder: p.maker.id, owner: p.maker.id,
  });
  assert.deepEqual(await verify(gtin, 'V01', 'LOT-W', EXPIRY), notVerified('NoMatchGtinSerialLot'));
  assert.deepEqual(await verify(gtin, 'V01', 'LOT-V', '311130'), notVerified('NoMatchGtinSerialExpiry'));
  // Lot and expiry of another real lot of the product: both differ from the pack's.
  assert.deepEqual(await verify(gtin, 'V01', 'LOT-W', '311130'), notVerified('NoMatchGtinSerialLotExpiry'));
  assert.deepEqual(await verify(gtin, 'V99', 'LOT-V', EXPIRY), notVerified('NoMatchGtinSerial'));
  assert.deepEqual(await verify(newGtin(p.maker), 'V01', 'LOT-V', EXPIRY), notVerified('NoMatchGtinSerial'));

  // The same answers through `hc verify-pack`, with the router's names, from each input form.
  const ask = async (id) => {
    const r = await hc('verify-pack', id);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout);
  };
  const pack = { gtin, lot: 'LOT-V', serial: 'V02', expiry: EXPIRY };
  const ok = await ask(toBarcodeString(pack));
  assert.deepEqual([ok.verified, ok.failureReason, ok.sellable, ok.holder], [true, null, true, p.maker.id]);
  assert.equal((await ask(toDigitalLink({ ...pack, lot: 'LOT-X' }))).failureReason, 'No_match_GTIN_Serial_Lot');
  assert.equal((await ask(toElementString({ ...pack, expiry: '311130' }))).failureReason, 'No_match_GTIN_Serial_Expiry');
  assert.equal((await ask(toElementString({ ...pack, lot: 'LOT-W', expiry: '311130' }))).failureReason, 'No_match_GTIN_Serial_Lot_Expiry');
  const missing = await ask(toElementString({ ...pack, serial: 'V99' }));
  assert.deepEqual([missing.verified, missing.failureReason, missing.holder], [false, 'No_match_GTIN_Serial', null]);
});

test('a company registers only GTINs and builds only SSCCs of its own GS1 prefix; a regulator reassigns a product to the prefix holder', TIMEOUT, async () => {
  const api = ctx.api;
  const p = await parties(api, ['maker', 'bystander', 'regulator']);
  const [rival] = await freshAccounts(api, ['rival-admin']);
  const rivalId = await registerOrg(api, rival, ['Manufacturer']);
  const rivalParty = { prefix: newPrefix() };
  await sudo(api, api.tx.organizations.setCompanyPrefixes(rivalId, [text(rivalParty.prefix)]));

  // The prefix has one holder: sudo cannot give the maker's to the rival, nor one inside it.
  const taken = api.tx.organizations.setCompanyPrefixes(rivalId, [text(rivalParty.prefix), text(p.maker.prefix)]);
  await expectError(sudo(api, taken), 'organizations', 'CompanyPrefixTaken');
  const inside = api.tx.organizations.setCompanyPrefixes(rivalId, [text(`${p.maker.prefix}1`)]);
  await expectError(sudo(api, inside), 'organizations', 'CompanyPrefixOverlap');

  // The rival cannot register the maker's GTIN (squatting), nor a restricted circulation one.
  const gtin = newGtin(p.maker);
  const squat = await failsWith(rival, sc().registerProduct(text(gtin), REPORT), 'GtinNotOfCompanyPrefix');
  assert.match(squat.docs, /company prefix/);
  await failsWith(rival, sc().registerProduct(text(withCheckDigit(`02${digits(11)}`)), REPORT), 'RestrictedGtin');
  await failsWith(rival, sc().registerProduct(text('00000000000000'), REPORT), 'RestrictedGtin');
  await send(rival, sc().registerProduct(text(newGtin(rivalParty)), REPORT));

  // The maker registers it and builds a case under its own SSCC; a wholesaler holding the goods
  // may not build one under the maker's SSCCs, only under its own.
  await commissionLot(p.maker.staff, { gtin, lot: 'LOT-G', serials: ['G01', 'G02'] });
  await failsWith(p.maker.staff, sc().pack(text(newSscc(p.bystander)), 'Case', [packUnit(gtin, 'G01')]), 'SsccNotOfCompanyPrefix');
  await send(p.maker.staff, sc().pack(text(newSscc(p.maker)), 'Case', [packUnit(gtin, 'G01')]));
  const sale = await ship(p.maker.staff, [packUnit(gtin, 'G02')], p.bystander.id);
  await send(p.bystander.staff, sc().receive(sale));
  await failsWith(p.bystander.staff, sc().pack(text(newSscc(p.maker)), 'Case', [packUnit(gtin, 'G02')]), 'SsccNotOfCompanyPrefix');
  await send(p.bystander.staff, sc().pack(text(newSscc(p.bystander)), 'Case', [packUnit(gtin, 'G02')]));

  // The maker's prefix moves to the rival (a licence sold with the brand): the regulator gives
  // the product to the rival, which now makes it; the maker's packs keep their commissioner.
  await sudo(api, api.tx.utility.batchAll([
    api.tx.organizations.setCompanyPrefixes(p.maker.id, []),
    api.tx.organizations.setCompanyPrefixes(rivalId, [text(rivalParty.prefix), text(p.maker.prefix)]),
  ]));
  await failsWith(p.maker.admin, sc().reassignProduct(text(gtin), rivalId, REPORT), 'RoleNotHeld');
  await failsWith(p.regulator.staff, sc().reassignProduct(text(gtin), p.bystander.id, REPORT), 'NotAManufacturer');
  const reassigned = await send(p.regulator.staff, sc().reassignProduct(text(gtin), rivalId, REPORT));
  const ev = findEvent(reassigned, 'supplyChain', 'ProductReassigned').raw.data;
  assert.deepEqual([ev.from.toNumber(), ev.to.toNumber(), ev.by.toNumber()], [p.maker.id, rivalId, p.regulator.id]);
  await failsWith(p.maker.staff, sc().createLot(text(gtin), text('LOT-H'), text(EXPIRY), 1), 'NotProductManufacturer');
  await failsWith(rival, sc().commission(text(gtin), text('LOT-G'), [text('G03')]), 'LotOfAnotherManufacturer');
  await send(rival, sc().createLot(text(gtin), text('LOT-H'), text(EXPIRY), 1));
  await send(rival, sc().commission(text(gtin), text('LOT-H'), [text('H01')]));
  assert.equal((await trace(gtin, 'G01'))[0][2].manufacturer, p.maker.id);
  assert.equal((await trace(gtin, 'H01'))[0][2].manufacturer, rivalId);
});

test('a regulator deactivates a product: its packs verify as not sellable and no more are made', TIMEOUT, async () => {
  const api = ctx.api;
  const p = await parties(api, ['maker', 'regulator']);
  const gtin = newGtin(p.maker);
  await commissionLot(p.maker.staff, { gtin, lot: 'LOT-D', serials: ['D01'], quantity: 5 });
  assert.equal((await verify(gtin, 'D01', 'LOT-D')).sellable, true);

  // Only a regulator, as admin or auditor.
  await failsWith(p.maker.admin, sc().deactivateProduct(text(gtin), REPORT), 'RoleNotHeld');
  await failsWith(p.regulator.staff, sc().deactivateProduct(text(newGtin(p.maker)), REPORT), 'ProductNotFound');
  const done = await send(p.regulator.staff, sc().deactivateProduct(text(gtin), REPORT));
  const ev = findEvent(done, 'supplyChain', 'ProductDeactivated').raw.data;
  assert.deepEqual([str(ev.gtin), ev.manufacturer.toNumber(), ev.by.toNumber()], [gtin, p.maker.id, p.regulator.id]);

  // Its packs are genuine but not sellable, and say why; nothing more is made of it, for good.
  assert.deepEqual(await verify(gtin, 'D01', 'LOT-D'), {
    verified: true, failureReason: null, additionalInfo: ['ProductDeactivated'], sellable: false, holder: p.maker.id, owner: p.maker.id,
  });
  await failsWith(p.maker.staff, sc().commission(text(gtin), text('LOT-D'), [text('D02')]), 'ProductDeactivated');
  await failsWith(p.maker.staff, sc().createLot(text(gtin), text('LOT-E'), text(EXPIRY), 1), 'ProductDeactivated');
  await failsWith(p.regulator.admin, sc().deactivateProduct(text(gtin), REPORT), 'ProductDeactivated');
  await failsWith(p.maker.staff, sc().registerProduct(text(gtin), REPORT), 'ProductAlreadyRegistered');
});
