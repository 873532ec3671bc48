// The pharmacy's verify page and the supply-chain page in a browser against a demo node: a
// pharmacist verifies a pack that came from the manufacturer through a wholesaler, dispenses it
// and sees it dispensed, with its path in the custody history; a lot the manufacturer recalls
// from the supply page verifies as recalled; verification needs no account; and a keyboard-wedge
// scanner's raw data, with GS separators (or a substitute) and a final Enter, verifies.

import { test } from 'node:test';
import { makeSscc, GS } from '../../scripts/lib/gs1.mjs';
// BLAKE2b-256, the hash the page puts on chain for a document.
import { blobHash as blake2 } from '../../scripts/lib/gatekeeper-client.mjs';
import { assert, signer, submit, useAppStack } from './helpers.mjs';

const stack = useAppStack({ name: 'app-pharmacy' });

const GTIN = '09506000134352';
const EXPIRY = '301231';
const TI = `0x${'11'.repeat(32)}`;
const CASE = makeSscc(1, '0614141', '1001');

/** Text as hex bytes, as the chain's identifiers are passed. */
const text = (s) => `0x${Buffer.from(s, 'latin1').toString('hex')}`;
const send = (uri, call) => submit(stack.api, call, signer(uri));
const sc = () => stack.api.tx.supplyChain;
const code = (lot, serial) => `(01)${GTIN}(17)${EXPIRY}(10)${lot}(21)${serial}`;

/** The chain's sample history, set up once by the first test that needs it. */
let history;
const setUp = () => (history ??= makeHistory());

async function makeHistory() {
  // A lot whose packs go, in a case, from PharmaCo to MedDistrib to Corner Pharmacy, which
  // unpacks the case: as tests/e2e/supply-chain.test.mjs does.
  await send('//Ferdie', sc().createLot(text(GTIN), text('LOT-D'), text(EXPIRY), 10));
  await send('//Ferdie', sc().commission(text(GTIN), text('LOT-D'), ['D01', 'D02', 'D03'].map(text)));
  await send('//Ferdie', sc().pack(text(CASE), 'Case', ['D01', 'D02'].map((s) => ({ Pack: [text(GTIN), text(s)] }))));
  await send('//Ferdie', sc().ship([{ Container: text(CASE) }], 5, TI, true));
  await send('//One', sc().receive(0));
  await send('//One', sc().ship([{ Container: text(CASE) }], 6, TI, true));
  await send('//Bob//stash', sc().receive(1));
  await send('//Bob//stash', sc().unpack(text(CASE), null));
  // A lot that stays at the manufacturer, to be recalled.
  await send('//Ferdie', sc().createLot(text(GTIN), text('LOT-R'), text(EXPIRY), 5));
  await send('//Ferdie', sc().commission(text(GTIN), text('LOT-R'), ['R01', 'R02'].map(text)));
}

/**
 * Signs through the TxButton `testId` (its fee shown first) and waits for `until`, what the page
 * shows once the transaction is in.
 */
async function signAndWait(page, testId, until) {
  const { fee } = await stack.sign(page, testId);
  assert.match(fee, /\d/);
  await until.waitFor({ timeout: 60_000 });
}

/** Types `value` into the pack-code field and presses Enter, as a scanner does. */
async function scan(page, value) {
  const input = page.getByTestId('pack-code');
  await input.fill('');
  await input.focus();
  await page.keyboard.type(value);
  await page.keyboard.press('Enter');
}

const verdict = (page, key) => page.locator(`[data-testid="verdict"][data-verdict="${key}"]`);

test('a pharmacist verifies a pack, dispenses it and sees it dispensed; the timeline shows its path', async () => {
  await setUp();
  const page = await stack.open('pharmacy');
  await stack.actAs(page, '//Bob//stash');
  await scan(page, code('LOT-D', 'D01'));
  await verdict(page, 'Verified').waitFor({ timeout: 30_000 });
  assert.equal(await page.getByTestId('parsed-gtin').textContent(), GTIN);
  assert.equal(await page.getByTestId('parsed-lot').textContent(), 'LOT-D');
  assert.equal(await page.getByTestId('parsed-serial').textContent(), 'D01');
  assert.match(await page.getByTestId('parsed-expiry').textContent(), /2030-12-31/);
  assert.match(await page.getByTestId('holder').textContent(), /Corner Pharmacy/);
  assert.match(await page.getByTestId('owner').textContent(), /Corner Pharmacy/);
  assert.equal(await page.getByTestId('sellable').textContent(), 'yes');

  // The path: commissioned by PharmaCo, packed into the case, the case's two hops, unpacked.
  const timeline = page.getByTestId('timeline-entry');
  await timeline.first().waitFor();
  const steps = async () => page.getByTestId('timeline-entry').evaluateAll((els) => els.map((e) => e.getAttribute('data-step')));
  assert.deepEqual(await steps(), ['Commissioned', 'Packed', 'Shipped', 'Received', 'Shipped', 'Received', 'Unpacked']);
  const lines = await timeline.allTextContents();
  assert.match(lines[0], /Commissioned by PharmaCo/);
  assert.match(lines[1], new RegExp(`Packed into container ${CASE}`));
  assert.match(lines[2], /Shipped from PharmaCo to MedDistrib/);
  assert.match(lines[4], /Shipped from MedDistrib to Corner Pharmacy/);
  assert.match(lines[5], /Received by Corner Pharmacy/);
  await stack.expectAccessible(page);

  await signAndWait(page, 'dispense', verdict(page, 'Dispensed'));
  assert.match(await page.getByTestId('verdict').textContent(), /Dispensed \(already supplied\)/);
  assert.equal(await page.getByTestId('verdict').getAttribute('class'), 'verdict verdict-warn');
  assert.equal(await page.getByTestId('sellable').textContent(), 'no');
  await page.locator('[data-testid="timeline-entry"][data-step="Dispensed"]').waitFor();
  assert.match(await page.locator('[data-testid="timeline-entry"][data-step="Dispensed"]').textContent(), /Dispensed .* by Corner Pharmacy/);
  // The pharmacy may undo it within the chain's undo period.
  assert.match(await page.getByTestId('undo-window').textContent(), /Possible until .* \(\d+ days left\)/);
  const onChain = await stack.api.call.supplyChainApi.verify(text(GTIN), text('D01'), text('LOT-D'), text(EXPIRY));
  assert.deepEqual(onChain.additionalInfo.map((i) => i.type), ['Dispensed']);

  // Scanning it again later says the same.
  await scan(page, code('LOT-D', 'D01'));
  await verdict(page, 'Dispensed').waitFor();
  await stack.shot(page, 'pharmacy');
  await page.close();
});

test('a lot the manufacturer recalls on the supply page verifies as recalled', async () => {
  await setUp();
  const page = await stack.open('supply');
  await stack.actAs(page, '//Ferdie');
  await page.getByTestId('my-org-name').filter({ hasText: 'PharmaCo' }).waitFor();
  assert.match(await page.getByTestId('my-org-roles').textContent(), /Manufacturer/);
  await page.getByTestId(`show-lots-${GTIN}`).click();
  await page.locator('[data-lot="LOT-R"]').waitFor();
  await page.getByTestId('recall-lot').selectOption('LOT-R');
  const notice = 'Recall of LOT-R: particles found in a retained sample. Return all packs.';
  await page.getByTestId('recall-reason-text').fill(notice);
  // Only the notice's hash goes on chain, and the page says so.
  const hash = blake2(new TextEncoder().encode(notice));
  assert.equal(await page.getByTestId('recall-reason-hash').textContent(), hash);
  await signAndWait(page, 'recall', page.locator('[data-lot="LOT-R"]', { hasText: 'recalled' }));
  const lot = (await stack.api.call.supplyChainApi.lot(text(GTIN), text('LOT-R'))).unwrap();
  assert.equal(lot.recall.unwrap().reason.toHex(), hash);
  assert.equal(lot.recall.unwrap().by.toNumber(), 4);
  await stack.expectAccessible(page);
  await stack.shot(page, 'supply');
  await page.close();

  const pharmacy = await stack.open('pharmacy');
  await scan(pharmacy, code('LOT-R', 'R02'));
  await verdict(pharmacy, 'Recalled').waitFor({ timeout: 30_000 });
  assert.equal(await pharmacy.getByTestId('verdict').getAttribute('class'), 'verdict verdict-bad');
  assert.equal(await pharmacy.getByTestId('verdict').getAttribute('role'), 'status');
  assert.match(await pharmacy.getByTestId('additional-info').textContent(), /Recalled/);
  assert.match(await pharmacy.getByTestId('holder').textContent(), /PharmaCo/);
  await pharmacy.locator('[data-testid="timeline-entry"][data-step="LotRecalled"]').waitFor();
  assert.match(await pharmacy.locator('[data-testid="timeline-entry"][data-step="LotRecalled"]').textContent(), /recalled by PharmaCo/);
  await pharmacy.close();
});

test('the page verifies without any account, and names an unknown pack with the router\'s reason', async () => {
  await setUp();
  const page = await stack.open('pharmacy');
  assert.equal(await page.getByTestId('account').inputValue(), '');
  await scan(page, code('LOT-D', 'D02'));
  await verdict(page, 'Verified').waitFor({ timeout: 30_000 });
  assert.equal(await page.getByTestId('verdict').getAttribute('class'), 'verdict verdict-ok');
  // Nothing to sign without an account.
  assert.equal(await page.getByTestId('dispense').count(), 0);

  // A serial never commissioned: Unknown, with the router's failure reason and no state.
  await scan(page, 'https://id.example.org/01/09506000134352/10/LOT-D/21/NOPE?17=301231');
  await verdict(page, 'Unknown').waitFor();
  assert.equal(await page.getByTestId('failure-reason').textContent(), 'No_match_GTIN_Serial');
  assert.equal(await page.getByTestId('timeline').count(), 0);
  // A genuine serial with another lot: the router's lot mismatch.
  await scan(page, code('LOT-X', 'D02'));
  await verdict(page, 'Mismatch').waitFor();
  assert.equal(await page.getByTestId('failure-reason').textContent(), 'No_match_GTIN_Serial_Lot');
  // An unreadable code is explained before anything is asked of the chain.
  await scan(page, `(01)09506000134353(17)${EXPIRY}(10)LOT-D(21)D02`);
  assert.match(await page.getByTestId('parse-error').textContent(), /check digit 3 should be 2/);
  assert.equal(await page.getByTestId('verdict').count(), 0);
  await stack.expectAccessible(page);
  await page.close();
});

test('a keyboard-wedge scanner\'s raw data with GS separators and Enter verifies', async () => {
  await setUp();
  const page = await stack.open('pharmacy');
  // GS1 DataMatrix symbology identifier, fixed-length fields, the lot ended by ASCII 29.
  await scan(page, `]d201${GTIN}17${EXPIRY}10LOT-D${GS}21D03`);
  await verdict(page, 'Verified').waitFor({ timeout: 30_000 });
  assert.equal(await page.getByTestId('parsed-serial').textContent(), 'D03');
  assert.equal(await page.getByTestId('parsed-lot').textContent(), 'LOT-D');
  // The same from a scanner configured to send {GS} for the separator.
  await scan(page, `]d201${GTIN}17${EXPIRY}10LOT-D{GS}21D02`);
  await page.getByTestId('parsed-serial').filter({ hasText: 'D02' }).waitFor();
  await verdict(page, 'Verified').waitFor();
  // And from one that presses Ctrl+] for it.
  const input = page.getByTestId('pack-code');
  await input.fill('');
  await input.focus();
  await page.keyboard.type(`]C101${GTIN}17${EXPIRY}10LOT-R`);
  await page.keyboard.press('Control+BracketRight');
  await page.keyboard.type('21R01');
  await page.keyboard.press('Enter');
  await verdict(page, 'Recalled').waitFor();
  assert.equal(await page.getByTestId('parsed-serial').textContent(), 'R01');
  await page.close();
});
