// Shared set-up of the browser tests: per test file, a fresh `--chain demo --sealing instant`
// node, General Hospital's gatekeeper (organization 1, signing as its admin //Bob) that lets the
// app's origin call it, the app's built bundle served on loopback, and Debian's chromium with a
// test wallet holding the dev keys.

import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, signer, submit, findEvent } from '../../scripts/lib/chain.mjs';
import { startNode } from '../../scripts/lib/node.mjs';
import { startGatekeeper } from '../../scripts/lib/gatekeeper.mjs';
import { serveApp } from '../../scripts/lib/app-server.mjs';
import { axeViolations, injectTestWallet, launchBrowser, screenshot, TEST_WALLET } from '../../scripts/lib/browser.mjs';

/** The dev keys the test wallet holds: every account of the demo's sample data. */
export const WALLET_URIS = ['//Alice', '//Bob', '//Charlie', '//Dave', '//Eve', '//Ferdie', '//One', '//Two', '//Alice//stash', '//Bob//stash'];

/** Where screenshots go unless `HC_SCREENSHOT_DIR` says otherwise (docs/screenshots keeps one per page). */
const SCREENSHOTS = join(tmpdir(), 'healthchain-screenshots');

/**
 * Starts the stack for the calling test file. The returned object's fields are set once the
 * `before` hook has run: `api` (connected to the node), `node`, `gatekeeper`, `app` (`{ url }`),
 * `browser`, `wallet` (what the test wallet signed); its methods open pages and act in them.
 * `nodeArgs` are further flags of the node (e.g. `['--state-pruning', 'archive-canonical']`).
 * A test file's own `before` hooks may run alongside the stack's: they await `ready`, which
 * resolves once the stack has started (and rejects if it could not).
 */
export function useAppStack({ name = 'app', nodeArgs = [] } = {}) {
  let started;
  const ready = new Promise((resolve, reject) => {
    started = { resolve, reject };
  });
  // Nobody need be waiting on it when the start fails: the `before` hook reports that failure.
  ready.catch(() => {});
  const ctx = {
    ready,
    api: undefined,
    node: undefined,
    gatekeeper: undefined,
    app: undefined,
    browser: undefined,
    context: undefined,
    wallet: undefined,
    /** Requests a page made to anything but loopback, and errors it logged. */
    external: [],
    consoleErrors: [],

    /** Opens `#/<route>` in a fresh tab, connected to the test node, and waits for the chain. */
    async open(route) {
      const page = await ctx.context.newPage();
      page.on('request', (r) => {
        const url = new URL(r.url());
        if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) && url.protocol !== 'data:' && url.protocol !== 'blob:') ctx.external.push(r.url());
      });
      page.on('console', (m) => {
        if (m.type() === 'error') ctx.consoleErrors.push(m.text());
      });
      await page.goto(`${ctx.app.url}/#/${route}`);
      await page.getByTestId('connection').filter({ hasText: 'finalized' }).waitFor({ timeout: 60_000 });
      return page;
    },

    /** Acts as the test wallet's account of `uri` in `page` (connecting the wallet first). */
    async actAs(page, uri) {
      const address = signer(uri).address;
      const value = `${TEST_WALLET}:${address}`;
      const select = page.getByTestId('account');
      if ((await select.locator(`option[value="${value}"]`).count()) === 0) {
        await page.getByRole('button', { name: 'Connect wallet' }).click();
        await select.locator(`option[value="${value}"]`).waitFor({ state: 'attached', timeout: 10_000 });
      }
      await select.selectOption(value);
      return address;
    },

    /** Acts as the dev account of `uri`, whose secret the tab holds (a patient's wallet secret). */
    async actAsDev(page, uri) {
      const value = `dev:${signer(uri).address}`;
      await page.getByTestId('account').selectOption(value);
      return signer(uri).address;
    },

    /**
     * Clicks the TxButton `testId`, checks its fee and deposit are shown, signs, and waits until
     * the transaction is in a block. Resolves with the fee and deposit texts. `scope` is the
     * button's own `.tx` box unless given, so an earlier action's outcome does not count.
     */
    async sign(page, testId, { scope = page.locator('div.tx', { has: page.getByTestId(testId) }) } = {}) {
      await scope.getByTestId(testId).click();
      const panel = scope.locator('.tx-panel');
      await panel.waitFor({ timeout: 30_000 });
      const fee = await panel.getByTestId('tx-fee').textContent();
      const deposit = await panel.getByTestId('tx-deposit').textContent();
      await panel.getByTestId('tx-sign').click();
      const outcome = scope.locator('[data-testid="tx-done"], [data-testid="tx-error"]').first();
      await outcome.waitFor({ timeout: 60_000 });
      if ((await outcome.getAttribute('data-testid')) === 'tx-error') throw new Error(`transaction failed: ${await outcome.textContent()}`);
      return { fee, deposit };
    },

    /** Fails when axe-core finds a WCAG 2.1 A or AA violation in `page`. */
    async expectAccessible(page) {
      const violations = await axeViolations(page);
      assert.deepEqual(violations, [], `accessibility violations:\n${JSON.stringify(violations, null, 2)}`);
    },

    /** A full-page screenshot of `page` as `<name>.png`; resolves with its path. */
    shot(page, name) {
      return screenshot(page, name, SCREENSHOTS);
    },
  };

  before(async () => {
    try {
      await start();
      started.resolve();
    } catch (e) {
      started.reject(e);
      throw e;
    }
  });

  async function start() {
    ctx.node = await startNode({ name, args: ['--chain', 'demo', '--sealing', 'instant', ...nodeArgs] });
    ctx.api = await connect(ctx.node.endpoint);
    ctx.app = await serveApp({ port: 0 });
    ctx.gatekeeper = await startGatekeeper({
      nodeUrl: ctx.node.endpoint,
      organization: 1,
      signer: '//Bob',
      settings: { allowed_origins: [ctx.app.url] },
    });
    ctx.browser = await launchBrowser();
    ctx.context = await ctx.browser.newContext({ viewport: { width: 1280, height: 900 } });
    ctx.wallet = await injectTestWallet(ctx.context, ctx.api, WALLET_URIS);
    await ctx.context.addInitScript(
      ({ endpoint, gatekeeper }) => {
        localStorage.setItem('healthchain.endpoint', endpoint);
        localStorage.setItem('healthchain.gatekeeper', gatekeeper);
      },
      { endpoint: ctx.node.endpoint, gatekeeper: ctx.gatekeeper.url },
    );
  }

  after(async () => {
    await ctx.browser?.close();
    await ctx.api?.disconnect();
    await ctx.gatekeeper?.stop();
    await ctx.app?.close();
    await ctx.node?.stop();
  });

  return ctx;
}

export { assert, signer, submit, findEvent };
