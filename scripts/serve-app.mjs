#!/usr/bin/env node
// Serves the web app's built bundle: node scripts/serve-app.mjs [--port 8700] [--host 127.0.0.1]
import { parseArgs } from 'node:util';
import { serveApp } from './lib/app-server.mjs';

const { values } = parseArgs({ options: { port: { type: 'string', default: '8700' }, host: { type: 'string', default: '127.0.0.1' } }, strict: true });
const app = await serveApp({ host: values.host, port: Number(values.port) });
console.log(`web app: ${app.url}`);
const stop = () => app.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
