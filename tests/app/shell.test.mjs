// The app's shell: it connects to the node, offers the dev accounts on a development chain and
// the accounts of an injected wallet, keeps patient data out of the address bar and the title,
// loads nothing from outside loopback, passes the accessibility check on every page, and
// carries on through a runtime upgrade.

import { test } from 'node:test';
import { existsSync, readFileSync } from 'node:fs';
import { runtimeBlobPath } from '../../scripts/lib/node.mjs';
import { assert, signer, submit, useAppStack } from './helpers.mjs';

const stack = useAppStack({ name: 'app-shell' });

test('every page loads, connects, passes axe-core and fetches nothing from outside', async () => {
  for (const route of ['patient', 'clinician', 'pharmacy', 'supply', 'regulator']) {
    const page = await stack.open(route);
    assert.match(await page.getByTestId('connection').textContent(), /runtime healthchain.* v\d+ · finalized #\d+/);
    await stack.expectAccessible(page);
    await page.close();
  }
  assert.deepEqual(stack.external, []);
  assert.deepEqual(stack.consoleErrors, []);
});

test('the account picker offers the dev accounts and, once allowed, the wallet\'s', async () => {
  const page = await stack.open('pharmacy');
  const options = () => page.getByTestId('account').locator('option').allTextContents();
  assert.ok((await options()).some((t) => t === 'Alice (dev)'));
  assert.ok(!(await options()).some((t) => t.includes('test wallet')));
  await stack.actAs(page, '//Charlie');
  assert.ok((await options()).some((t) => t.includes('test wallet //Charlie')));
  assert.equal(await page.title(), 'Pharmacy: verify a pack · Healthchain');
  assert.ok(!page.url().includes(stack.wallet.addresses[2]));
  await page.close();
});

test('a runtime upgrade while the app is open: it says so and reads with the new runtime', { timeout: 300_000 }, async () => {
  const next = runtimeBlobPath('healthchain_runtime_next');
  assert.ok(existsSync(next), `${next} not built`);
  const page = await stack.open('pharmacy');
  const before = await page.getByTestId('connection').textContent();
  const version = Number(/ v(\d+) /.exec(before)[1]);
  const code = `0x${readFileSync(next).toString('hex')}`;
  const { api } = stack;
  await submit(api, api.tx.sudo.sudo(api.tx.system.authorizeUpgrade(api.registry.hash(code))), signer('//Alice'));
  await submit(api, api.tx.system.applyAuthorizedUpgrade(code), null);
  await page.getByRole('status').filter({ hasText: `upgraded from version ${version} to ${version + 1}` }).waitFor({ timeout: 120_000 });
  await page.getByTestId('connection').filter({ hasText: ` v${version + 1} ` }).waitFor({ timeout: 30_000 });
  // Still usable: a runtime API answers through the re-read metadata (no pack of the demo's
  // product has this serial), and the wallet connects.
  await page.getByTestId('pack-code').fill('(01)09506000134352(17)301231(10)L1(21)NONE');
  await page.keyboard.press('Enter');
  await page.getByTestId('verdict').filter({ hasText: 'Unknown' }).waitFor({ timeout: 30_000 });
  await stack.actAs(page, '//Alice');
  assert.deepEqual(stack.consoleErrors, []);
  await page.close();
});
