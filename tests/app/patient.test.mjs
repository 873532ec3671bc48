// The patient portal against a `--chain demo` node: the demo patient //Alice//stash reads record 0
// decoded from its blind tags and the genesis grant in words, gives a grant through the form
// (its sentence checked before signing) and revokes it, publishes an encryption key, and sees
// a refused access on the trail.

import { test } from 'node:test';
import { assert, signer, submit, useAppStack } from './helpers.mjs';

const stack = useAppStack({ name: 'app-patient' });
const PATIENT = '//Alice//stash';

/** The portal as the demo patient, whose secret the tab holds (a dev account). */
async function openPortal() {
  const page = await stack.open('patient');
  await stack.actAsDev(page, PATIENT);
  await page.getByTestId('record-0').waitFor({ timeout: 30_000 });
  return page;
}

test('the demo patient sees record 0 decoded and the genesis grant in words', async () => {
  const page = await openPortal();
  const record = page.getByTestId('record-0');
  assert.equal(await record.getByTestId('record-category').textContent(), 'Progress note (11506-3)');
  assert.equal(await record.getByTestId('record-type').textContent(), 'Progress note (11506-3)');
  assert.equal(await record.getByTestId('record-labels').textContent(), 'normal (N)');
  assert.equal(await record.getByTestId('record-date').textContent(), '2026-01-01');
  assert.equal(await record.getByTestId('record-status').textContent(), 'current');
  assert.equal(await record.getByTestId('record-custodian').textContent(), 'you (your own upload)');
  const grant = page.getByTestId('grant-0');
  await grant.waitFor();
  assert.equal(
    await grant.getByTestId('grant-sentence').textContent(),
    'General Hospital may read all your records for treatment, with no end date (until you revoke it).',
  );
  await page.getByTestId('trail-progress').filter({ hasText: 'Read blocks' }).waitFor({ timeout: 30_000 });
  await stack.expectAccessible(page);
  await stack.shot(page, 'patient');
  // Nothing about the patient in the address bar or the title.
  assert.equal(page.url().endsWith('#/patient'), true);
  assert.equal(await page.title(), 'Patient portal · Healthchain');
  await page.close();
});

test('a grant made through the form reads as one sentence, is listed, and is revoked in one click', async () => {
  const page = await openPortal();
  const form = page.getByTestId('grant-form');
  const year = new Date().getFullYear() + 1;
  await form.getByTestId('grant-who-org').selectOption({ label: 'City Clinic' });
  await form.getByTestId('grant-end').fill(`${year}-06-30`);
  await form.getByText('Exceptions: records the grant leaves out').click();
  await form.getByTestId('grant-ex-labels-PSY').check();
  const sentence = `City Clinic may read all your records for treatment until 30 Jun ${year}, except records labelled psychiatry information sensitivity.`;
  assert.equal(await form.getByTestId('grant-form-sentence').textContent(), sentence);
  assert.equal(await form.getByTestId('grant-form-problems').count(), 0);
  const { deposit } = await stack.sign(page, 'grant-submit', { scope: form });
  assert.notEqual(deposit, 'none', 'a grant holds a deposit');

  const listed = page.locator('[data-testid^="grant-"]').filter({ has: page.getByTestId('grant-sentence').getByText(sentence, { exact: true }) });
  await listed.waitFor({ timeout: 30_000 });
  const id = (await listed.getAttribute('data-testid')).replace('grant-', '');
  // Revoking removes the grant, and its button with it: the outcome is said by the section.
  await listed.getByTestId(`grant-revoke-${id}`).click();
  await listed.locator('.tx-panel').waitFor({ timeout: 30_000 });
  await listed.getByTestId('tx-sign').click();
  await page.getByTestId(`grant-${id}`).waitFor({ state: 'detached', timeout: 60_000 });
  // The list may re-read the chain before the transaction's block header arrives: wait for the outcome.
  const said = new RegExp(`^Grant ${id} revoked \\(block #\\d+\\): City Clinic may read`);
  await page.getByTestId('grants-outcome').filter({ hasText: said }).waitFor({ timeout: 30_000 });
  const left = await stack.api.call.consentApi.grantInfo(Number(id));
  assert.ok(left.isNone, 'the grant is gone from the chain');
  await page.close();
});

test('the patient publishes the encryption key derived from the secret', async () => {
  const page = await openPortal();
  const section = page.locator('#key');
  await section.getByTestId('key-status').filter({ hasText: 'has published no encryption key' }).waitFor();
  await stack.sign(page, 'key-publish', { scope: section });
  await section.getByTestId('key-matches').filter({ hasText: 'yes' }).waitFor({ timeout: 30_000 });
  const published = await stack.api.call.keyDirectoryApi.keyOf(signer(PATIENT).address);
  assert.equal(published.unwrap().key.toHex(), await section.getByTestId('key-published').textContent());
  await page.close();
});

test('a refused access shows on the trail as denied', async () => {
  const page = await openPortal();
  // The Research Institute's admin, whom no grant of the patient's names, logs a read of record 0
  // for research.
  await submit(stack.api, stack.api.tx.consent.logAccess(signer(PATIENT).address, { Record: 0 }, 'Research', 'Read'), signer('//Eve'));
  const row = page.locator('[data-testid="trail-row"][data-decision="denied"]').filter({ hasText: 'Research Institute' });
  await row.waitFor({ timeout: 30_000 });
  const text = await row.textContent();
  assert.match(text, /Eve, admin at Research Institute/);
  assert.match(text, /read record #0 Progress note/);
  assert.match(text, /research/);
  assert.equal(await row.getByTestId('trail-decision').textContent(), 'Denied: no grant of yours covers them');
  await page.getByTestId('trail-counters').filter({ hasText: /\b1\b denied attempt/ }).waitFor({ timeout: 30_000 });
  await page.close();
});
