// The patient portal's "Export my trail (FHIR)" against a `--chain demo` archive node and an
// indexer that lets the app's origin call it: the demo patient //Alice//stash, signing through
// the test wallet and then as the dev account the tab holds, downloads one `collection` Bundle of
// Consent, AuditEvent and Provenance resources, the entries the indexer serves under their own
// full URLs, which HL7's R4 and R5 schemas accept; an indexer out of reach and an indexer's
// refusal are said in plain words.

import { test, before, after } from 'node:test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../scripts/lib/node.mjs';
import { FHIR_TYPES, fhirSearchEntries, indexedTo, startIndexer } from '../../scripts/lib/indexer.mjs';
import { assert, signer, submit, useAppStack } from './helpers.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
// An archive node: the indexer reads every block's state from genesis.
const stack = useAppStack({ name: 'app-fhir', nodeArgs: ['--state-pruning', 'archive-canonical'] });
const PATIENT = '//Alice//stash';
const DAY_MS = 86_400_000n;

let indexer;
let work;

before(async () => {
  await stack.ready;
  const { api } = stack;
  indexer = await startIndexer({ nodeUrl: stack.node.endpoint, args: ['--allowed-origin', stack.app.url] });
  work = mkdtempSync(join(tmpdir(), 'healthchain-app-fhir-'));
  // The demo's grant is made at genesis, which has no events: the patient's trail starts with a
  // grant to City Clinic and a refused read by the Research Institute's admin.
  const patient = signer(PATIENT);
  // The chain's clock is 0 until its first block: the later of it and this machine's.
  const now = [(await api.query.timestamp.now()).toBigInt(), BigInt(Date.now())].reduce((x, y) => (x > y ? x : y));
  await submit(
    api,
    api.tx.consent.grant(null, { Organization: 2 }, {
      purposes: ['Treatment'], actions: ['Read'], scope: 'AllRecords', dataPeriod: null, validFrom: null, validUntil: now + 30n * DAY_MS, openEnded: false, exceptions: [],
    }),
    patient,
  );
  const logged = await submit(api, api.tx.consent.logAccess(patient.address, { Record: 0 }, 'Research', 'Read'), signer('//Eve'));
  await indexedTo(indexer.url, logged.blockNumber);
  await stack.context.addInitScript((url) => localStorage.setItem('healthchain.indexer', url), indexer.url);
});

after(async () => {
  await indexer?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** The portal as the demo patient: through the test wallet, or as the dev account the tab holds. */
async function openPortal({ wallet }) {
  const page = await stack.open('patient');
  await (wallet ? stack.actAs(page, PATIENT) : stack.actAsDev(page, PATIENT));
  const section = page.locator('#trail-export');
  await section.waitFor({ timeout: 30_000 });
  return { page, section };
}

/** Exports the trail in `version`, downloads the file and checks it; resolves with the Bundle. */
async function exportTrail(page, section, version) {
  assert.equal(await section.getByTestId('indexer-url').inputValue(), indexer.url);
  await section.getByTestId(`trail-export-version-${version}`).check();
  await section.getByTestId('trail-export').click();
  const result = section.getByTestId('trail-export-result');
  await result.waitFor({ timeout: 60_000 });
  const counts = {};
  for (const type of FHIR_TYPES) counts[type] = Number(await result.getByTestId(`trail-export-count-${type}`).getAttribute('data-count'));

  const [download] = await Promise.all([page.waitForEvent('download'), result.getByTestId('trail-export-download').click()]);
  const name = `healthchain-trail-${version}.json`;
  assert.equal(download.suggestedFilename(), name);
  const file = join(work, `${Date.now()}-${name}`);
  await download.saveAs(file);
  const bundle = JSON.parse(readFileSync(file, 'utf8'));

  assert.equal(bundle.resourceType, 'Bundle');
  assert.equal(bundle.type, 'collection');
  const ofType = (type) => bundle.entry.filter((e) => e.resource.resourceType === type);
  for (const type of FHIR_TYPES) assert.equal(ofType(type).length, counts[type], `${type}: the page's count is the file's`);
  assert.ok(counts.Consent >= 1, 'at least the grant to City Clinic');
  assert.ok(counts.AuditEvent >= 1, 'at least the refused read');
  // The entries are those the indexer serves the patient, in its order, under its full URLs.
  const patient = signer(PATIENT);
  const served = [];
  for (const type of FHIR_TYPES) served.push(...(await fhirSearchEntries(indexer.url, { version, type, patient: patient.address, count: 1000 }, patient)));
  assert.deepEqual(bundle.entry, served);
  for (const e of bundle.entry) assert.ok(e.fullUrl.endsWith(`/fhir/${version}/${e.resource.resourceType}/${e.resource.id}`), e.fullUrl);

  const schema = version === 'R4' ? 'fhir-r4' : 'fhir-r5';
  const check = spawnSync('python3', [join(repoRoot, 'tests', 'vectors', 'validate.py'), schema, file], { encoding: 'utf8' });
  assert.equal(check.status, 0, `validate.py ${schema}:\n${check.stdout}${check.stderr}`);
  return bundle;
}

test('through the wallet, the demo patient downloads the trail as an R4 collection Bundle', async () => {
  const { page, section } = await openPortal({ wallet: true });
  const signedBefore = stack.wallet.signed.length;
  await exportTrail(page, section, 'R4');
  // One signature per request: one page of each resource type.
  const raw = stack.wallet.signed.slice(signedBefore).filter((s) => s.kind === 'raw');
  assert.equal(raw.length, FHIR_TYPES.length);
  assert.ok(raw.every((s) => s.address === signer(PATIENT).address));
  await stack.expectAccessible(page);
  assert.deepEqual(stack.external, []);
  await page.close();
});

test('as the dev account the tab holds, the demo patient downloads the trail in R5', async () => {
  const { page, section } = await openPortal({ wallet: false });
  const bundle = await exportTrail(page, section, 'R5');
  assert.ok(bundle.entry.some((e) => e.resource.resourceType === 'Consent'));
  await page.close();
});

test("an indexer out of reach, and an indexer's refusal, are said in plain words", async () => {
  const { page, section } = await openPortal({ wallet: false });
  // Nothing listens on a free port.
  const nowhere = `http://127.0.0.1:${await freePort()}`;
  await section.getByTestId('indexer-url').fill(nowhere);
  await section.getByTestId('trail-export').click();
  const error = section.getByTestId('trail-export-error');
  await error.waitFor({ timeout: 30_000 });
  assert.match(await error.textContent(), new RegExp(`^Cannot reach the indexer at ${nowhere}\\. Check its address, that it is running`));
  assert.equal(await section.getByTestId('trail-export-result').count(), 0);

  // The indexer refuses: its OperationOutcome's reason, in words.
  await section.getByTestId('indexer-url').fill(indexer.url);
  await page.route(`${indexer.url}/fhir/**`, (route) =>
    route.request().method() === 'OPTIONS'
      ? route.continue()
      : route.fulfill({
          status: 403,
          headers: { 'content-type': 'application/fhir+json', 'access-control-allow-origin': stack.app.url },
          body: JSON.stringify({
            resourceType: 'OperationOutcome',
            issue: [{ severity: 'error', code: 'forbidden', details: { text: 'NotPermitted' }, diagnostics: 'not the patient, a guardian or an auditor' }],
          }),
        }),
  );
  await section.getByTestId('trail-export').click();
  await error.filter({ hasText: 'NotPermitted' }).waitFor({ timeout: 30_000 });
  assert.equal(
    await error.textContent(),
    'The indexer refused to give the trail (403 NotPermitted): it serves a trail only to the patient, a current guardian of theirs or an auditor, and found this account to be none of them.',
  );
  await page.unroute(`${indexer.url}/fhir/**`);
  await stack.expectAccessible(page);
  await page.close();
});
