// The regulator's page, driven in a browser as the Medicines Agency's admin and auditor (//Alice,
// through the test wallet) against a `--chain demo` node and General Hospital's gatekeeper:
// a suspension takes access away from the hospital's staff at once and a reinstatement gives it
// back; an emergency access opened and closed by a clinician is reviewed for the oversight side;
// a new organization is accredited, with the fee and deposit shown before signing matching the
// chain; and a pack is quarantined and cleared.

import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { assert, useAppStack, signer, submit, findEvent } from './helpers.mjs';
import { blindKeyFromSuri, codeTag, recordInput, tagHex } from '../../scripts/lib/blind.mjs';
import { fetchRecord, upload } from '../../scripts/lib/gatekeeper-client.mjs';

const stack = useAppStack({ name: 'app-regulator' });

const PATIENT = '//Alice//stash';
const HOSPITAL = 1;
const DAY_MS = 86_400_000n;
const text = (s) => `0x${Buffer.from(s, 'latin1').toString('hex')}`;

/** An amount as the app writes it (`formatBalance`): at most 6 decimals, trailing zeros dropped. */
function amountText(value, decimals, symbol) {
  const unit = 10n ** BigInt(decimals);
  const raw = BigInt(value.toString());
  const frac = (raw % unit).toString().padStart(decimals, '0').replace(/0+$/, '').slice(0, 6);
  return `${raw / unit}${frac ? `.${frac}` : ''} ${symbol}`;
}

async function tokens(api) {
  const props = await api.rpc.system.properties();
  return { decimals: props.tokenDecimals.unwrap()[0].toNumber(), symbol: props.tokenSymbol.unwrap()[0].toString() };
}

/** `consentApi.checkAccess` of record `record` by `accessor` for Treatment Read, as `[permitted, detail]`. */
async function readDecision(api, accessor, record) {
  const d = await stack.api.call.consentApi.checkAccess(signer(PATIENT).address, accessor, { Record: record }, 'Treatment', 'Read');
  return [d.isPermitted, d.toString()];
}

/** The TxButton of `testId` inside `container`: its own confirmation panel and outcome. */
const txOf = (container, testId) => container.locator('.tx').filter({ has: container.page().getByTestId(testId) });

/** The events of the latest block holding `section.method`, searched back from the head. */
async function eventsOfLatest(api, section, method) {
  let hash = await api.rpc.chain.getBlockHash();
  for (let i = 0; i < 10; i++) {
    const events = await api.query.system.events.at(hash);
    if (events.some(({ event }) => event.section === section && event.method === method)) return events.map(({ event }) => event);
    hash = (await api.rpc.chain.getHeader(hash)).parentHash;
  }
  throw new Error(`no ${section}.${method} in the last 10 blocks`);
}

test('a suspension by the regulator takes access away from the staff at once, and a reinstatement gives it back', async () => {
  const { api } = stack;
  const patient = signer(PATIENT);
  const charlie = signer('//Charlie');

  // The hospital's clinician holds a record of the patient behind the hospital's gatekeeper.
  const key = blindKeyFromSuri(PATIENT);
  // A fresh instant-seal chain's time is that of its last block: the wall clock is later.
  const now = [(await api.query.timestamp.now()).toBigInt(), BigInt(Date.now())].reduce((a, b) => (a > b ? a : b));
  await submit(api, api.tx.consent.grant(null, { Account: charlie.address }, {
    purposes: ['Treatment'], actions: ['Append'], scope: { Categories: [tagHex(codeTag(key, 'category', '11502-2'))] },
    dataPeriod: null, validFrom: null, validUntil: now + DAY_MS, openEnded: false, exceptions: [],
  }), patient);
  const blob = randomBytes(2048);
  const uploaded = await upload(stack.gatekeeper.url, charlie, blob);
  const input = recordInput({ key, category: '11502-2', typeCode: '11502-2', labels: ['N'], date: '2026-01-02', hash: uploaded.contentHash, locator: uploaded.locator });
  const registered = await submit(api, api.tx.records.register(patient.address, input, 'Treatment'), charlie);
  const record = findEvent(registered, 'records', 'RecordRegistered').raw.data.record.toNumber();
  await submit(api, api.tx.records.acknowledge(record), patient);

  assert.equal((await readDecision(api, charlie.address, 0))[0], true, 'the genesis grant to General Hospital lets //Charlie read record 0');
  assert.equal((await fetchRecord(stack.gatekeeper.url, charlie, record, 'Treatment')).bytes.length, blob.length);

  const page = await stack.open('regulator');
  try {
    await suspendAndReinstate(page, charlie, record, blob.length);
  } finally {
    // Whatever failed, the next tests find the hospital active.
    const status = (await api.call.organizationsApi.organization(HOSPITAL)).unwrap().status.type;
    if (status === 'Suspended') await submit(api, api.tx.organizations.reinstate(HOSPITAL), signer('//Alice'));
    await page.close();
  }
});

async function suspendAndReinstate(page, charlie, record, size) {
  const { api } = stack;
  await stack.actAs(page, '//Alice');
  await page.getByTestId('standing').filter({ hasText: 'accredit, suspend, reinstate and revoke' }).waitFor();
  await page.getByTestId(`org-manage-${HOSPITAL}`).click();
  const detail = page.getByTestId('org-detail');
  await detail.waitFor();
  const suspended = await stack.sign(page, 'org-suspend', { scope: txOf(detail, 'org-suspend') });
  assert.equal(suspended.deposit, 'none');

  // At once: the chain's decision, and the gatekeeper, refuse the hospital's clinician.
  const [permitted, why] = await readDecision(api, charlie.address, 0);
  assert.equal(permitted, false, `denied after the suspension: ${why}`);
  assert.match(why, /organizationNotEntitled/i);
  // The gatekeeper serves nothing it cannot log on chain: its own organization is suspended too.
  await assert.rejects(fetchRecord(stack.gatekeeper.url, charlie, record, 'Treatment'), (e) => e.status >= 400 && !!e.reason);
  const org = (await api.call.organizationsApi.organization(HOSPITAL)).unwrap();
  assert.equal(org.status.type, 'Suspended');
  const decision = (await eventsOfLatest(api, 'organizations', 'Suspended')).find((e) => e.section === 'organizations' && e.method === 'Suspended');
  assert.equal(decision.data.by.unwrap().toString(), signer('//Alice').address, 'decided by the regulator\'s admin, not Root');
  await page.getByTestId(`org-status-${HOSPITAL}`).filter({ hasText: 'Suspended' }).waitFor();
  await detail.getByTestId('org-detail-status').filter({ hasText: 'Suspended' }).waitFor();

  await stack.sign(page, 'org-reinstate', { scope: txOf(detail, 'org-reinstate') });
  assert.equal((await readDecision(api, charlie.address, 0))[0], true, 'permitted again after the reinstatement');
  assert.equal((await fetchRecord(stack.gatekeeper.url, charlie, record, 'Treatment')).bytes.length, size);
  await page.getByTestId(`org-status-${HOSPITAL}`).filter({ hasText: 'Active' }).waitFor();
  await stack.expectAccessible(page);
}

test('an emergency access opened and closed by a clinician is reviewed for the oversight side', async () => {
  const { api } = stack;
  const patient = signer(PATIENT);
  const charlie = signer('//Charlie');
  const bob = signer('//Bob');
  const opened = await submit(api, api.tx.consent.openEmergencyAccess(patient.address, `0x${'5a'.repeat(32)}`, 3_600_000), charlie);
  const id = findEvent(opened, 'consent', 'EmergencyAccessOpened').raw.data.id.toNumber();
  await submit(api, api.tx.consent.closeEmergencyAccess(id), charlie);
  const deposit = (await api.query.consent.emergencyDeposits(id)).unwrap();
  assert.equal(deposit[0].toString(), bob.address, 'the deposit is held from the hospital\'s admin');

  const page = await stack.open('regulator');
  await stack.actAs(page, '//Alice');
  const row = page.getByTestId(`emergency-row-${id}`);
  await row.waitFor();
  assert.match(await row.textContent(), /closed/);
  assert.match(await page.getByTestId(`emergency-reviews-${id}`).textContent(), /Oversight:\s*not yet/);
  await page.getByTestId(`emergency-review-${id}`).click();
  const form = page.getByTestId('emergency-review-form');
  await form.getByTestId('review-verdict-Unjustified').check();
  const note = 'Case 2026-17: no emergency recorded in the admission notes; referred to the hospital.';
  await form.getByTestId('review-note').fill(note);
  const shownHash = (await form.getByTestId('review-note-hash').textContent()).trim();
  assert.equal(shownHash, api.registry.hash(new TextEncoder().encode(note)).toHex(), 'the note hash shown is its BLAKE2b-256');
  await stack.sign(page, 'review-submit', { scope: txOf(form, 'review-submit') });

  const access = (await api.query.consent.emergencyAccesses(id)).unwrap();
  const review = access.oversightReview.unwrap();
  assert.equal(review.verdict.type, 'Unjustified');
  assert.equal(review.note.toHex(), shownHash);
  assert.equal(review.reviewer.toString(), signer('//Alice').address);
  assert.ok(access.patientReview.isNone, 'the patient side may still review');
  assert.ok((await api.query.consent.emergencyDeposits(id)).isNone, 'the first review released the deposit');
  const reviewed = (await eventsOfLatest(api, 'consent', 'EmergencyAccessReviewed')).find((e) => e.method === 'EmergencyAccessReviewed');
  assert.equal(reviewed.data.class.type, 'Oversight');
  assert.equal(reviewed.data.depositReleased.toBigInt(), deposit[1].toBigInt());
  // The list of accesses to review no longer holds it.
  await row.waitFor({ state: 'detached' });
  await page.close();
});

test('accrediting an organization: the fee and deposit shown before signing are what the chain charges and holds', async () => {
  const { api } = stack;
  const { decimals, symbol } = await tokens(api);
  const admin = signer(`//Alice//regulator-test-admin-${Date.now()}`);
  await submit(api, api.tx.balances.transferKeepAlive(admin.address, 100n * 10n ** BigInt(decimals)), signer('//Bob'));

  const page = await stack.open('regulator');
  await stack.actAs(page, '//Alice');
  await page.getByTestId('standing').waitFor();
  const form = page.locator('#accredit');
  await form.getByTestId('accredit-admin').fill(admin.address);
  assert.ok(await form.getByTestId('accredit-role-Regulator').isDisabled(), 'a regulator cannot give the Regulator role');
  await form.getByTestId('accredit-role-Provider').check();
  await form.getByTestId('accredit-issuer').fill('GLN-CLINIC-99');
  const licence = Buffer.from('Licence no. 99 of the Ministry of Health');
  await form.getByTestId('accredit-file').setInputFiles({ name: 'licence.txt', mimeType: 'text/plain', buffer: licence });
  const expectedHash = api.registry.hash(licence).toHex();
  await page.waitForFunction((hash) => document.querySelector('[data-testid="accredit-hash"]').value === hash, expectedHash);
  await form.getByTestId('accredit-metadata').fill('https://directory.example.org/clinic-99');

  // A form error is explained before anything is signed.
  await form.getByTestId('accredit-issuer').fill('GLN CLINIC');
  await form.getByTestId('accredit-submit').click();
  assert.match(await form.getByTestId('tx-error').textContent(), /printable ASCII without spaces/);
  await form.getByTestId('accredit-issuer').fill('GLN-CLINIC-99');

  const shown = await stack.sign(page, 'accredit-submit', { scope: txOf(form, 'accredit-submit') });
  const orgDeposit = api.consts.organizations.organizationDeposit;
  assert.match(shown.deposit, new RegExp(`^${amountText(orgDeposit, decimals, symbol).replace('.', '\\.')}, held from the new admin once it accepts`));
  const events = await eventsOfLatest(api, 'organizations', 'RegistrationOffered');
  const feePaid = events.find((e) => e.section === 'transactionPayment' && e.method === 'TransactionFeePaid');
  assert.equal(shown.fee, amountText(feePaid.data.actualFee, decimals, symbol), 'the fee shown is the fee paid');
  const offered = events.find((e) => e.method === 'RegistrationOffered');
  const org = offered.data.org.toNumber();
  assert.equal(offered.data.credential.hash_.toHex(), expectedHash);
  assert.match(await form.getByTestId('accredit-offered').textContent(), new RegExp(`organization #${org} waits`));

  // Pending until the admin accepts; the deposit is held from it then, as shown.
  await page.getByTestId(`org-status-${org}`).filter({ hasText: 'Awaiting its admin' }).waitFor();
  const accepted = await submit(api, api.tx.organizations.acceptAdmin(org), admin);
  const held = accepted.events.filter((e) => e.section === 'balances' && e.method === 'Held').reduce((sum, e) => sum + e.raw.data.amount.toBigInt(), 0n);
  assert.equal(held, orgDeposit.toBigInt());
  assert.equal(amountText(held, decimals, symbol), shown.deposit.split(',')[0]);
  await page.getByTestId(`org-status-${org}`).filter({ hasText: 'Active' }).waitFor();
  await page.getByTestId(`org-manage-${org}`).click();
  await page.getByTestId('org-detail').filter({ hasText: 'Licence' }).waitFor();
  // Every emergency access, the one reviewed above included.
  await page.getByTestId('emergency-only-unreviewed').uncheck();
  await page.getByTestId('emergency-table').locator('tbody tr').first().waitFor();
  await stack.expectAccessible(page);
  await stack.shot(page, 'regulator');
  await page.close();
});

test('a regulator quarantines a pack as suspect, clears it, and declares another illegitimate', async () => {
  const { api } = stack;
  const ferdie = signer('//Ferdie');
  const gtin = '09506000134352';
  await submit(api, api.tx.supplyChain.createLot(text(gtin), text('LOT-R1'), text('301231'), 4), ferdie);
  await submit(api, api.tx.supplyChain.commission(text(gtin), text('LOT-R1'), [text('R001'), text('R002')]), ferdie);
  const alertOf = async (serial) => {
    const pack = (await api.call.supplyChainApi.packState(text(gtin), text(serial))).unwrap();
    return pack.alert.isSome ? pack.alert.unwrap() : null;
  };

  const page = await stack.open('regulator');
  await stack.actAs(page, '//Alice');
  const section = page.locator('#suspect');
  // The supply-chain page's form: the regulator marks a pack it neither holds nor owns.
  await section.getByTestId('suspect-pack').fill(`(01)${gtin}(17)301231(10)LOT-R1(21)R001`);
  await section.getByTestId('suspect-state').filter({ hasText: 'not quarantined' }).waitFor();
  await section.getByTestId('suspect-report-text').fill('Report 44: the carton seal was broken on arrival.');
  await signUntil(page, section, 'mark-suspect', async () => (await alertOf('R001'))?.kind.type === 'Suspect');
  assert.equal((await alertOf('R001')).by.toNumber(), 0, 'raised by the Medicines Agency');
  await section.getByTestId('suspect-state').filter({ hasText: 'suspect since' }).waitFor();

  await section.getByTestId('suspect-report-text').fill('Investigation 44 closed: seal damaged in transport, contents intact.');
  await signUntil(page, section, 'clear-suspect', async () => (await alertOf('R001')) === null);
  await section.getByTestId('suspect-state').filter({ hasText: 'not quarantined' }).waitFor();

  // A declaration is final: it needs the confirmation, and notifies the manufacturer that holds the pack.
  await section.getByTestId('illegitimate-pack').fill(`${gtin} R002`);
  await section.getByTestId('illegitimate-state').filter({ hasText: 'not quarantined' }).waitFor();
  await section.getByTestId('illegitimate-report-text').fill('Determination 45: diverted stock.');
  assert.ok(await section.getByTestId('declare-illegitimate').isDisabled(), 'not without the confirmation');
  await section.getByTestId('illegitimate-confirm').check();
  const shown = await stack.sign(page, 'declare-illegitimate', { scope: txOf(section, 'declare-illegitimate') });
  assert.equal(shown.deposit, 'none');
  assert.equal((await alertOf('R002')).kind.type, 'Illegitimate');
  const notices = (await eventsOfLatest(api, 'supplyChain', 'DeclaredIllegitimate')).filter((e) => e.method === 'IllegitimateProductNotice');
  assert.ok(notices.some((e) => e.data.org.toNumber() === 4), 'PharmaCo, which holds the pack, is notified');
  await section.getByTestId('illegitimate-state').filter({ hasText: 'illegitimate since' }).waitFor();
  await stack.expectAccessible(page);
  await page.close();
});

/**
 * Signs the TxButton `testId` in `container` and waits until `done()` holds on chain. The form
 * may replace the button once the chain has changed, so its own outcome is not waited for.
 */
async function signUntil(page, container, testId, done) {
  const tx = txOf(container, testId);
  await tx.getByTestId(testId).click();
  await tx.locator('.tx-panel').waitFor();
  await tx.getByTestId('tx-sign').click();
  for (let i = 0; i < 120 && !(await done()); i++) {
    if (await tx.getByTestId('tx-error').count()) throw new Error(`transaction failed: ${await tx.getByTestId('tx-error').textContent()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.ok(await done(), `${testId} took effect on chain`);
}
