// Serves the web app's static bundle (app/dist) on loopback: the files as built, with the
// content security policy of its index.html also sent as a header (plus `frame-ancestors`,
// which only a header can carry), and nothing else. Used by scripts/start-dev.sh and the browser
// tests.

import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The bundle `npm run build` writes in app/. */
export const APP_DIST = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'app', 'dist');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** The policy of the bundle's index.html `<meta http-equiv="Content-Security-Policy">`. */
export function contentSecurityPolicy(indexHtml) {
  const m = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(indexHtml);
  if (!m) throw new Error('index.html has no Content-Security-Policy meta element');
  return `${m[1]}; frame-ancestors 'none'`;
}

/**
 * Serves `root` on `host:port` (port 0: any free one). Resolves with `{ url, port, close() }`.
 * Unknown paths answer the index page, so a reload on any route works.
 */
export async function serveApp({ root = APP_DIST, host = '127.0.0.1', port = 8700 } = {}) {
  const index = join(root, 'index.html');
  if (!existsSync(index)) throw new Error(`${index} not found: build the app first (cd app && npm ci && npm run build)`);
  const csp = contentSecurityPolicy(readFileSync(index, 'utf8'));
  const base = resolve(root);
  const server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = normalize(join(base, path));
    if (file !== base && !file.startsWith(base + sep)) {
      res.writeHead(404).end();
      return;
    }
    if (!existsSync(file) || statSync(file).isDirectory()) file = index;
    const headers = {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': file === index ? 'no-cache' : 'public, max-age=31536000, immutable',
    };
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : readFileSync(file));
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, ok);
  });
  const bound = server.address().port;
  return {
    url: `http://${host}:${bound}`,
    port: bound,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}
