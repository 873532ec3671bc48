// Claims and rewards in the patient portal against a `--chain demo` node: a payer (Health Fund,
// registered by the agency) opens a program; the demo patient's identity at General Hospital
// grants it Payment; the hospital's clinician claims for a service and attests a task, whose
// reward is paid to the identity. The patient sees the claim (program, provider, amount,
// status, due block, document hash) and the program's totals under that identity, and disputes
// the claim with a reason only whose BLAKE2b-256 goes on chain: the claim is then Disputed.

import { test } from 'node:test';
import { assert, findEvent, signer, submit, useAppStack } from './helpers.mjs';
import { codeTag, tagHex } from '../../scripts/lib/blind.mjs';
import { subjectOf } from '../../scripts/lib/subjects.mjs';

const stack = useAppStack({ name: 'app-patient-claims' });
const PATIENT = '//Alice//stash';
const HOSPITAL = 1;
const text = (s) => `0x${Buffer.from(s, 'utf8').toString('hex')}`;
/** BLAKE2b-256 of a text's UTF-8 bytes, as 0x-hex (the registry's hasher). */
const blake2 = (s) => stack.api.registry.hash(Buffer.from(s, 'utf8')).toHex();

/** An amount as the app writes it (`formatBalance`): at most 6 decimals, trailing zeros dropped. */
function amountText(value, decimals, symbol) {
  const unit = 10n ** BigInt(decimals);
  const raw = BigInt(value.toString());
  const frac = (raw % unit).toString().padStart(decimals, '0').replace(/0+$/, '').slice(0, 6);
  return `${raw / unit}${frac ? `.${frac}` : ''} ${symbol}`;
}

/**
 * Health Fund (a payer, its officer a `Staff` member), a program covering one service and
 * rewarding one task, the patient's identity at General Hospital granting the fund Payment, a
 * claim by //Charlie for that identity and a task reward paid to it. Returns what the page
 * should show.
 */
async function setUp(api) {
  const alice = signer('//Alice');
  const bob = signer('//Bob');
  const admin = signer('//Alice//health-fund-admin');
  const officer = signer('//Alice//health-fund-officer');
  const subject = subjectOf(PATIENT, HOSPITAL);
  const unit = 10n ** BigInt((await api.rpc.system.properties()).tokenDecimals.unwrap()[0].toNumber());
  await submit(
    api,
    api.tx.utility.batchAll([
      api.tx.balances.transferKeepAlive(admin.address, 100n * unit),
      api.tx.balances.transferKeepAlive(officer.address, 1_000n * unit),
    ]),
    alice,
  );
  // The hospital funds the patient's identity there, as it does when it registers a patient.
  await submit(api, api.tx.balances.transferKeepAlive(subject.address, 10n * unit), bob);

  // The agency accredits the payer; its admin accepts and takes the officer on as staff.
  const registered = await submit(
    api,
    api.tx.organizations.register(admin.address, ['Payer'], { hash: `0x${'55'.repeat(32)}`, issuer: text('GLN-FUND-01') }, text('data:,Health%20Fund')),
    alice,
  );
  const payer = findEvent(registered, 'organizations', 'RegistrationOffered').raw.data.org.toNumber();
  await submit(api, api.tx.organizations.acceptAdmin(payer), admin);
  await submit(api, api.tx.organizations.addMember(payer, officer.address, ['Staff']), admin);
  await submit(api, api.tx.organizations.acceptMembership(payer), officer);

  // The patient's identity at the hospital lets the fund use its records for payment.
  await submit(
    api,
    api.tx.consent.grant(null, { Organization: payer }, {
      purposes: ['Payment'], actions: ['Read'], scope: 'AllRecords', dataPeriod: null, validFrom: null, validUntil: null, openEnded: true, exceptions: [],
    }),
    subject.pair,
  );

  const service = blake2('program secret|service 99213');
  const task = blake2('program secret|task annual check-up');
  const window = 200;
  const opened = await submit(
    api,
    api.tx.claims.openProgram({
      services: [[service, 50n * unit]], patientLimit: 200n * unit, disputeWindow: window,
      tasks: [[task, 2n * unit]], rewardCap: 10n * unit, rewardPeriod: 1_000,
    }, 500n * unit),
    officer,
  );
  const program = findEvent(opened, 'claims', 'ProgramOpened').raw.data.program.toNumber();

  const category = tagHex(codeTag(subject.blindKey, 'category', '11506-3'));
  const document = blake2(`claim document ${Date.now()}`);
  const amount = 40n * unit + unit / 4n;
  const submitted = await submit(api, api.tx.claims.submitClaim(program, subject.address, service, amount, category, document), signer('//Charlie'));
  const event = findEvent(submitted, 'claims', 'ClaimSubmitted').raw.data;
  await submit(api, api.tx.claims.attestTask(program, subject.address, task, category, blake2(`attestation ${Date.now()}`)), signer('//Charlie'));
  return { payer, program, subject, claim: event.claim.toNumber(), due: event.due.toNumber(), amount, document, reward: 2n * unit };
}

test('the patient sees a claim and its program under the identity it names, and disputes it with a hashed reason', async () => {
  const { api } = stack;
  await stack.ready;
  const props = await api.rpc.system.properties();
  const [decimals, symbol] = [props.tokenDecimals.unwrap()[0].toNumber(), props.tokenSymbol.unwrap()[0].toString()];
  const s = await setUp(api);

  const page = await stack.open('patient');
  await stack.actAsDev(page, PATIENT);
  const list = page.getByTestId(`claims-of-${s.subject.address}`);
  const item = list.getByTestId(`claim-${s.claim}`);
  await item.waitFor({ timeout: 60_000 });
  assert.equal(await list.getByRole('heading', { level: 3 }).textContent(), 'Me at General Hospital');
  assert.equal(await item.getByTestId('claim-program').textContent(), `#${s.program}, paid by Health Fund`);
  assert.equal(await item.getByTestId('claim-provider').textContent(), 'General Hospital');
  assert.equal(await item.getByTestId('claim-amount').textContent(), amountText(s.amount, decimals, symbol));
  assert.equal(await item.getByTestId('claim-status').textContent(), 'waiting: paid when its dispute window closes, unless you dispute it');
  assert.match(await item.getByTestId('claim-due').textContent(), new RegExp(`^block #${s.due}, in \\d+ blocks \\(about \\d+ min\\)$`));
  assert.equal(await item.getByTestId('claim-document').textContent(), s.document);
  const totals = list.getByTestId(`claims-totals-${s.program}`);
  await totals.waitFor({ timeout: 30_000 });
  assert.equal(await totals.getByTestId('claims-pending').textContent(), amountText(s.amount, decimals, symbol));
  assert.equal(await totals.getByTestId('claims-rewarded').textContent(), amountText(s.reward, decimals, symbol));
  // The main account is named by no claim.
  assert.equal(await page.getByTestId(`claims-of-${signer(PATIENT).address}`).getByTestId('claims-empty').textContent(), 'No claim names your main account.');
  await stack.expectAccessible(page);

  const reason = 'I was not seen at General Hospital on that day.';
  await item.getByText('Dispute this claim…').click();
  await item.getByTestId(`claim-dispute-reason-${s.claim}`).fill(reason);
  // Disputing ends the claim's window for the patient, and the button goes with it: the outcome
  // is said by the section.
  const tx = item.locator('div.tx', { has: page.getByTestId(`claim-dispute-${s.claim}`) });
  await tx.getByTestId(`claim-dispute-${s.claim}`).click();
  await tx.locator('.tx-panel').waitFor({ timeout: 30_000 });
  assert.equal(await tx.getByTestId('tx-deposit').textContent(), 'none');
  assert.match(await tx.locator('.tx-panel').textContent(), new RegExp(`with the hash ${blake2(reason)} of your statement`));
  await tx.getByTestId('tx-sign').click();
  await item.getByTestId('claim-status').filter({ hasText: 'disputed: the payer decides' }).waitFor({ timeout: 30_000 });
  await page.getByTestId('claims-outcome').filter({ hasText: new RegExp(`^Claim #${s.claim} disputed \\(block #\\d+\\)`) }).waitFor({ timeout: 30_000 });

  const claim = (await api.call.claimsApi.claim(s.claim)).unwrap();
  assert.equal(claim.status.type, 'Disputed');
  // Only the reason's hash went on chain, made in the browser from the text typed.
  const hash = await latestDisputeReason(api, s.claim);
  assert.equal(hash, blake2(reason));
  await page.close();
});

/** The `reason` of the latest `ClaimDisputed` event of `claim`, searched back from the head. */
async function latestDisputeReason(api, claim) {
  let hash = await api.rpc.chain.getBlockHash();
  for (let i = 0; i < 10; i++) {
    const events = await api.query.system.events.at(hash);
    const found = events.find(({ event }) => event.section === 'claims' && event.method === 'ClaimDisputed' && event.data.claim.toNumber() === claim);
    if (found) return found.event.data.reason.toHex();
    hash = (await api.rpc.chain.getHeader(hash)).parentHash;
  }
  throw new Error(`no claims.ClaimDisputed of claim ${claim} in the last 10 blocks`);
}
