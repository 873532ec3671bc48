// The indexer's FHIR client (scripts/lib/indexer-client.mjs, re-exported by indexer.mjs): search
// paths, signed GETs over the indexer's line, `next` links followed and signed as given, the
// entries' full URLs, OperationOutcome refusals, and the export of the three resource types,
// against a stand-in HTTP server. No chain or indexer needed: `node --test tests/scripts/`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { cryptoWaitReady, signatureVerify, signer } from '../../scripts/lib/chain.mjs';
import { exportFhir, fhirGet, fhirSearch, fhirSearchPath, indexerLine } from '../../scripts/lib/indexer.mjs';
import { fhirSearchEntries } from '../../scripts/lib/indexer-client.mjs';

const PATIENT = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';

test('a search path names the version, the type and only the parameters given', () => {
  assert.equal(fhirSearchPath({ type: 'Consent' }), '/fhir/R4/Consent');
  assert.equal(
    fhirSearchPath({ version: 'R5', type: 'AuditEvent', patient: PATIENT, from: 0, to: 12, count: 50 }),
    `/fhir/R5/AuditEvent?patient=${PATIENT}&from-block=0&to-block=12&_count=50`,
  );
  assert.throws(() => fhirSearchPath({}), /resource type/);
});

/**
 * A stand-in indexer: `/fhir/R4/{type}` answers pages of two of `resources[type]`, the next
 * one named by an absolute `next` link with a page token; a request not signed by its account
 * over its path and query answers 401 `BadSignature`. `seen` lists the paths asked for.
 */
async function standIn(resources) {
  const seen = [];
  const server = createServer((req, res) => {
    seen.push(req.url);
    const h = req.headers;
    const line = indexerLine(req.url, h['x-healthchain-nonce'], h['x-healthchain-timestamp']);
    const answer = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/fhir+json' });
      res.end(JSON.stringify(body));
    };
    const outcome = (status, code, reason) => answer(status, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, details: { text: reason }, diagnostics: `${reason} here` }] });
    if (!h['x-healthchain-signature']) return outcome(401, 'security', 'MissingSignature');
    if (!signatureVerify(line, h['x-healthchain-signature'], h['x-healthchain-account']).isValid) return outcome(401, 'security', 'BadSignature');
    const url = new URL(req.url, 'http://x');
    const type = url.pathname.split('/')[3];
    if (!resources[type]) return outcome(404, 'not-found', 'UnknownResource');
    const start = Number(url.searchParams.get('_page_token') ?? 0);
    const page = resources[type].slice(start, start + 2);
    const link = [{ relation: 'self', url: `http://${h.host}${req.url}` }];
    if (start + 2 < resources[type].length) {
      url.searchParams.set('_page_token', String(start + 2));
      link.push({ relation: 'next', url: `http://${h.host}${url.pathname}${url.search}` });
    }
    return answer(200, { resourceType: 'Bundle', type: 'searchset', link, entry: page.map((resource) => ({ fullUrl: `http://${h.host}/fhir/R4/${type}/${resource.id}`, resource, search: { mode: 'match' } })) });
  });
  await new Promise((res) => server.listen(0, '127.0.0.1', res));
  return { url: `http://127.0.0.1:${server.address().port}`, seen, close: () => new Promise((res) => server.close(res)) };
}

const resourcesOf = (type, prefix, n) => Array.from({ length: n }, (_, i) => ({ resourceType: type, id: `${prefix}-${i + 1}-0` }));

test('fhirSearch follows the next links, each signed over its own path and query, and keeps the order', async () => {
  await cryptoWaitReady();
  const resources = { Consent: resourcesOf('Consent', 'c', 5), AuditEvent: resourcesOf('AuditEvent', 'a', 2), Provenance: [] };
  const server = await standIn(resources);
  try {
    const auditor = signer('//Bob');
    assert.deepEqual(await fhirSearch(server.url, { type: 'Consent', patient: PATIENT, count: 2 }, auditor), resources.Consent);
    assert.deepEqual(server.seen, [
      `/fhir/R4/Consent?patient=${PATIENT}&_count=2`,
      `/fhir/R4/Consent?patient=${PATIENT}&_count=2&_page_token=2`,
      `/fhir/R4/Consent?patient=${PATIENT}&_count=2&_page_token=4`,
    ]);
    // A wallet account signs the same line.
    const bob = signer('//Bob');
    const wallet = { address: bob.address, signRaw: async (bytes) => bob.sign(bytes) };
    assert.deepEqual(await fhirSearch(`${server.url}/`, { type: 'AuditEvent' }, wallet), resources.AuditEvent);
    assert.deepEqual(await exportFhir(server.url, { from: 1 }, auditor), resources);
  } finally {
    await server.close();
  }
});

test('fhirSearchEntries keeps the full URL the indexer gave each entry, across pages', async () => {
  await cryptoWaitReady();
  const resources = { Consent: resourcesOf('Consent', 'c', 3) };
  const server = await standIn(resources);
  try {
    const entries = await fhirSearchEntries(server.url, { type: 'Consent', patient: PATIENT, count: 2 }, signer('//Bob'));
    assert.deepEqual(
      entries,
      resources.Consent.map((resource) => ({ fullUrl: `${server.url}/fhir/R4/Consent/${resource.id}`, resource })),
    );
  } finally {
    await server.close();
  }
});

test('fhirGet answers status, body and headers, or throws the status, the reason and the OperationOutcome', async () => {
  await cryptoWaitReady();
  const server = await standIn({ Consent: resourcesOf('Consent', 'c', 1) });
  try {
    const bob = signer('//Bob');
    const got = await fhirGet(server.url, '/fhir/R4/Consent', bob);
    assert.equal(got.status, 200);
    assert.equal(got.headers.get('content-type'), 'application/fhir+json');
    assert.equal(got.body.entry[0].resource.id, 'c-1-0');
    await assert.rejects(fhirGet(server.url, '/fhir/R4/Patient', bob), (e) => e.status === 404 && e.reason === 'UnknownResource' && e.body.resourceType === 'OperationOutcome' && /404 UnknownResource: UnknownResource here/.test(e.message));
    await assert.rejects(fhirGet(server.url, '/fhir/R4/Consent', bob, { headers: {} }), (e) => e.status === 401 && e.reason === 'MissingSignature');
    await assert.rejects(fhirSearch(server.url, { type: 'Patient' }, bob), (e) => e.status === 404);
  } finally {
    await server.close();
  }
});
