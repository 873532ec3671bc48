// The app's build: a static bundle in dist/ that fetches nothing from elsewhere at run time.
// `@lib` is scripts/lib, shared with the command-line tool (GS1 parsing, blind tags, subjects,
// HPKE key wrapping, the gatekeeper and indexer clients); its npm imports resolve to the app's
// own packages.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const lib = fileURLToPath(new URL('../scripts/lib', import.meta.url));

export default defineConfig({
  base: './',
  resolve: {
    alias: { '@lib': lib },
    dedupe: [
      '@polkadot/api',
      '@polkadot/keyring',
      '@polkadot/types',
      '@polkadot/util',
      '@polkadot/util-crypto',
      '@hpke/core',
    ],
  },
  server: { host: '127.0.0.1', port: 8700, fs: { allow: ['..'] } },
  preview: { host: '127.0.0.1', port: 8700 },
  build: {
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 2048,
  },
});
