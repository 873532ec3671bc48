// Driving the web app in a real browser for tests: Debian's chromium through playwright-core
// (no browser download), a test wallet extension injected into each page that signs with dev
// keys held by the test process, an accessibility check with axe-core, and screenshots.

import { chromium } from 'playwright-core';
import { u8aToHex, u8aWrapBytes } from '@polkadot/util';
import { decodeAddress, cryptoWaitReady } from '@polkadot/util-crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { signer } from './chain.mjs';

const require = createRequire(import.meta.url);

/** Debian's chromium, or `$CHROMIUM`. */
export function chromiumPath() {
  const path = process.env.CHROMIUM || '/usr/bin/chromium';
  if (!existsSync(path)) throw new Error(`${path} not found: install Debian's chromium package (scripts/setup.sh does)`);
  return path;
}

/** Launches headless chromium; it must not reach anything beyond loopback on its own. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** Name under which the test wallet appears to the app (`meta.source` of its accounts). */
export const TEST_WALLET = 'healthchain-test-wallet';

/**
 * Injects a wallet extension into every page of `context` (as `window.injectedWeb3`, the way
 * the polkadot.js extension, Talisman and SubWallet do) holding the keys of `uris`. Signing
 * happens in the test process: transactions against `api`'s registry, raw data wrapped in
 * `<Bytes>…</Bytes>` as wallets do. `signed` records what was signed, for assertions.
 */
export async function injectTestWallet(context, api, uris) {
  await cryptoWaitReady();
  const pairs = uris.map((uri) => ({ uri, pair: signer(uri) }));
  const pairOf = (address) => {
    const key = u8aToHex(decodeAddress(address));
    const found = pairs.find(({ pair }) => u8aToHex(pair.publicKey) === key);
    if (!found) throw new Error(`the test wallet holds no key for ${address}`);
    return found.pair;
  };
  const signed = [];
  let id = 0;
  await context.exposeBinding('__healthchainTestWalletSign', async (_source, kind, payload) => {
    const pair = pairOf(payload.address);
    signed.push({ kind, address: payload.address });
    if (kind === 'raw') return { id: ++id, signature: u8aToHex(pair.sign(u8aWrapBytes(payload.data))) };
    const extrinsic = api.registry.createType('ExtrinsicPayload', payload, { version: payload.version });
    return { id: ++id, signature: extrinsic.sign(pair).signature };
  });
  const accounts = pairs.map(({ uri, pair }) => ({ address: pair.address, name: `test wallet ${uri}`, type: 'sr25519' }));
  await context.addInitScript(
    ({ name, accounts }) => {
      const sign = (kind) => (payload) => window.__healthchainTestWalletSign(kind, payload);
      window.injectedWeb3 = window.injectedWeb3 || {};
      window.injectedWeb3[name] = {
        version: '1.0.0',
        enable: async () => ({
          accounts: {
            get: async () => accounts,
            subscribe: (cb) => {
              cb(accounts);
              return () => {};
            },
          },
          signer: { signPayload: sign('payload'), signRaw: sign('raw') },
        }),
      };
    },
    { name: TEST_WALLET, accounts },
  );
  return { signed, addresses: pairs.map(({ pair }) => pair.address) };
}

/**
 * Runs axe-core in `page` against WCAG 2.0/2.1 A and AA. Resolves with the violations (empty
 * when the page passes), each `{ id, impact, help, nodes }`. The script is evaluated through the
 * debugging protocol, which the page's content security policy does not govern.
 */
export async function axeViolations(page) {
  const source = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
  const result = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
  );
  return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
}

/**
 * Saves a full-page screenshot of `page` as `<dir>/<name>.png`, `dir` being
 * `$HC_SCREENSHOT_DIR` or `fallbackDir`. Resolves with the path.
 */
export async function screenshot(page, name, fallbackDir) {
  const dir = process.env.HC_SCREENSHOT_DIR || fallbackDir;
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
