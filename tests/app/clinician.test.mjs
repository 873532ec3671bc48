// The clinician console in a browser, against a `--chain demo` node and General Hospital's
// gatekeeper: //Charlie (through the test wallet, so with a typed-in decryption secret)
// registers a record for a patient who granted him access, fetches it through the gatekeeper,
// and the page shows every check passed and the file; //Dave, who holds no grant, is refused,
// and the refusal is on the patient's trail; breaking the glass shows a countdown and closes.

import { test } from 'node:test';
import { randomBytes } from 'node:crypto';
import { assert, useAppStack, signer, submit, findEvent } from './helpers.mjs';
import { subjectOf } from '../../scripts/lib/subjects.mjs';
import { u8aToHex } from '../../scripts/lib/chain.mjs';
import { blobHash } from '../../scripts/lib/gatekeeper-client.mjs';

const stack = useAppStack({ name: 'app-clinician' });

const UNIT = 10n ** 12n;
const FILE_TEXT = 'Full blood count\nHaemoglobin 14.1 g/dL\nFerritin 80 µg/L\n';
const FETCH_CHECKS = ['check-pointer', 'check-fetch', 'check-hash', 'check-key', 'check-decrypt', 'check-envelope', 'check-current'];

const run = randomBytes(4).toString('hex');
/** The patient's subject at General Hospital (organization 1), as the patient's wallet derives it. */
const patient = subjectOf(`//Alice//clinician-console-${run}`, 1);
const charlie = signer('//Charlie');
const dave = signer('//Dave');
/** The record //Charlie registers in the first test. */
let record = null;


/** Types `suri` as the decryption secret of a wallet account. */
async function useDecryptionSecret(page, suri) {
  await page.getByTestId('decryption-secret').fill(suri);
  await page.getByTestId('use-secret').click();
  await page.getByTestId('key-source').waitFor();
}

test('a granted clinician registers a record, fetches it, and every check passes', async () => {
  const { api } = stack;
  await submit(api, api.tx.balances.transferKeepAlive(patient.address, 100n * UNIT), signer('//Alice'));
  const now = (await api.query.timestamp.now()).toBigInt();
  const terms = {
    purposes: ['Treatment'],
    actions: ['Read', 'Append'],
    scope: 'AllRecords',
    dataPeriod: null,
    validFrom: null,
    validUntil: now + 86_400_000n,
    openEnded: false,
    exceptions: [],
  };
  const granted = await submit(api, api.tx.consent.grant(null, { Account: charlie.address }, terms), patient.pair);
  const grant = findEvent(granted, 'consent', 'GrantCreated').raw.data.id.toNumber();

  const page = await stack.open('clinician');
  await stack.actAs(page, '//Charlie');
  await page.getByTestId('org-name').waitFor();
  assert.match(await page.getByTestId('org-name').textContent(), /^General Hospital\b/);
  assert.equal(await page.getByTestId('org-status').textContent(), 'Active');
  assert.match(await page.getByTestId('my-roles').textContent(), /Clinician.*Emergency clinician/);

  // A wallet account: the key pair comes from the decryption secret, then is published.
  await useDecryptionSecret(page, '//Charlie');
  await page.getByTestId('published-key').filter({ hasText: /^no$/ }).waitFor();
  const published = await stack.sign(page, 'publish-key');
  assert.match(published.deposit, /HCT|UNIT/);
  await page.getByTestId('published-key').filter({ hasText: 'the same as your key pair' }).waitFor({ timeout: 30_000 });

  // Register: encrypt, check the patient's consent, upload, register, keep a key.
  await page.getByTestId('reg-patient').fill(patient.address);
  await page.getByTestId('reg-blind-key').fill(u8aToHex(patient.blindKey));
  await page.getByTestId('reg-category').selectOption('11502-2');
  await page.getByTestId('reg-type').selectOption('11502-2');
  await page.getByTestId('reg-file').setInputFiles({ name: 'fbc.txt', mimeType: 'text/plain', buffer: Buffer.from(FILE_TEXT) });
  await page.getByTestId('reg-prepare').click();
  await page.locator('[data-testid="check-reg-upload"]').waitFor({ timeout: 30_000 });
  for (const id of ['check-reg-encrypt', 'check-reg-consent', 'check-reg-upload']) {
    assert.equal(await page.getByTestId(id).getAttribute('data-ok'), 'true', await page.getByTestId(id).textContent());
  }
  await stack.sign(page, 'reg-register');
  record = Number(await page.getByTestId('reg-record-id').textContent());
  const info = (await api.call.recordsApi.record(record)).unwrap();
  const body = info.body.unwrap();
  assert.equal(body.patient.toString(), patient.address);
  assert.equal(body.author.toString(), charlie.address);
  assert.equal(body.custodian.unwrap().toNumber(), 1);
  assert.equal(info.status.type, 'Pending');
  await stack.sign(page, 'reg-attach');
  assert.match(await page.getByTestId('reg-key-done').textContent(), new RegExp(`under grant ${grant}`));

  // Check access, then fetch and open.
  await page.getByTestId('check-patient').fill(patient.address);
  await page.getByTestId('check-record').fill(String(record));
  await page.getByTestId('check-access').click();
  await page.getByTestId('access-verdict').waitFor();
  assert.match(await page.getByTestId('access-verdict').textContent(), new RegExp(`Permitted by grant ${grant}`));

  await page.getByTestId('fetch-record').fill(String(record));
  await page.getByTestId('fetch-open').click();
  await page.locator('[data-testid="fetch-all-ok"], [data-testid="fetch-refusal"], #clin-fetch [data-ok="false"]').first().waitFor({ timeout: 60_000 });
  for (const id of FETCH_CHECKS) {
    const row = page.getByTestId(id);
    assert.equal(await row.getAttribute('data-ok'), 'true', `${id}: ${await row.textContent()}`);
    assert.match(await row.textContent(), /^✓/);
  }
  assert.match(await page.getByTestId('check-current').textContent(), /current version/);
  assert.equal(await page.getByTestId('file-text').textContent(), FILE_TEXT);
  assert.match(await page.getByTestId('file-download').getAttribute('href'), /^blob:/);

  // Nothing about the patient in the address bar or the title.
  const url = new URL(page.url());
  assert.equal(`${url.pathname}${url.search}${url.hash}`, '/#/clinician');
  assert.equal(await page.title(), 'Clinician console · Healthchain');
  await stack.expectAccessible(page);
  await stack.shot(page, 'clinician');
  await page.close();
});

test('a clinician without a grant is refused, and the refusal is on the patient\'s trail', async () => {
  assert.ok(record !== null, 'the first test registered a record');
  const { api } = stack;
  const from = (await api.rpc.chain.getHeader()).number.toNumber();
  const page = await stack.open('clinician');
  await stack.actAs(page, '//Dave');
  await useDecryptionSecret(page, '//Dave');
  await page.getByTestId('fetch-record').fill(String(record));
  await page.getByTestId('fetch-open').click();
  await page.getByTestId('fetch-refusal').waitFor({ timeout: 60_000 });
  assert.match(await page.getByTestId('fetch-refusal').textContent(), /^Refused: NoGrant — the patient has not granted you/);
  assert.equal(await page.getByTestId('check-pointer').getAttribute('data-ok'), 'false');
  assert.equal(await page.getByTestId('check-fetch').getAttribute('data-ok'), 'false');
  assert.equal(await page.getByTestId('file-text').count(), 0);

  // The gatekeeper logged the refused read (consent.AccessServed, denied) before answering.
  const to = (await api.rpc.chain.getHeader()).number.toNumber();
  const served = [];
  for (let n = from; n <= to; n++) {
    const events = await api.query.system.events.at(await api.rpc.chain.getBlockHash(n));
    for (const { event } of events) {
      if (event.section === 'consent' && event.method === 'AccessServed') served.push(event.data);
    }
  }
  const entry = served.find((e) => e.accessor.toString() === dave.address && e.record.toNumber() === record);
  assert.ok(entry, 'an AccessServed entry for //Dave');
  assert.equal(entry.patient.toString(), patient.address);
  assert.ok(entry.decision.isDenied && entry.decision.asDenied.type === 'NoGrant', JSON.stringify(entry.decision.toJSON()));
  await stack.expectAccessible(page);
  await page.close();
});

test('break the glass: opened with a stated reason, counted down, closed', async () => {
  const { api } = stack;
  const reason = 'Unconscious on arrival; allergies and medication unknown.';
  const page = await stack.open('clinician');
  await stack.actAs(page, '//Charlie');
  assert.match(await page.getByTestId('emergency-warning').textContent(), /reviewed afterwards by the patient and by the regulator/);
  await page.getByTestId('glass-patient').fill(patient.address);
  await page.getByTestId('glass-reason').fill(reason);
  await page.getByTestId('glass-minutes').fill('5');
  const opened = await stack.sign(page, 'glass-open');
  assert.match(opened.deposit, /organization's admin/);
  await page.getByTestId('glass-opened').waitFor();
  const id = Number(/Emergency access (\d+) is open/.exec(await page.getByTestId('glass-opened').textContent())[1]);

  const access = (await api.call.consentApi.emergencyAccess(id)).unwrap();
  assert.equal(access.patient.toString(), patient.address);
  assert.equal(access.clinician.toString(), charlie.address);
  assert.equal(access.justification.toHex(), blobHash(Buffer.from(reason, 'utf8')), 'only the reason\'s BLAKE2b-256 hash is on chain');
  assert.equal(access.expiresAt.toNumber() - access.openedAt.toNumber(), 5 * 60_000);

  const timer = page.getByTestId(`emergency-countdown-${id}`);
  await timer.waitFor();
  assert.equal(await timer.getAttribute('role'), 'timer');
  const seconds = async () => {
    const [, m, s] = /^(\d+):(\d\d)$/.exec(await timer.textContent());
    return Number(m) * 60 + Number(s);
  };
  const first = await seconds();
  // The chain's clock of a dev node sealing on demand may run a little ahead of this one.
  assert.ok(first > 3 * 60 && first <= 6 * 60, `countdown ${first} s`);
  await page.waitForTimeout(2_100);
  assert.ok((await seconds()) < first, 'the countdown moves');
  await stack.expectAccessible(page);

  await stack.sign(page, `emergency-close-${id}`);
  await page.getByTestId(`emergency-closed-${id}`).waitFor();
  assert.ok((await api.call.consentApi.emergencyAccess(id)).unwrap().closedAt.isSome, 'closed on chain');
  await page.close();
});
