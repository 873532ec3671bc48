// Reading the indexer's HTTP API (`healthchain-indexer`, docs/indexer.md): EPCIS, open to anyone
// who reaches it, and FHIR, signed by the patient, a guardian or an auditor with the
// gatekeeper's four headers (gatekeeper-client.mjs) over the line
//
//   healthchain-indexer/v1 \n GET \n path and query as sent \n nonce \n timestamp
//
// No Node.js module is used, so the web app (app/) shares this file with the scripts;
// indexer.mjs, which starts indexers, re-exports it.

import { lineHeadersAsync } from './gatekeeper-client.mjs';

/** First line of what a FHIR request signs: the protocol and its version. */
export const INDEXER_PROTOCOL = 'healthchain-indexer/v1';
/** The indexer's address when none is given (`--indexer`, `HC_INDEXER`). */
export const DEFAULT_INDEXER = 'http://127.0.0.1:8900';
/** The FHIR resource types the indexer serves, in the order `exportFhir` reads them. */
export const FHIR_TYPES = Object.freeze(['Consent', 'AuditEvent', 'Provenance']);
/** The FHIR releases it writes them for. */
export const FHIR_VERSIONS = Object.freeze(['R4', 'R5']);

/** GET `path` of the indexer at `url` as JSON; throws with the answer's error unless 2xx. */
export async function indexerGet(url, path) {
  let response;
  try {
    response = await fetch(`${url}${path}`);
  } catch (e) {
    throw new Error(`cannot reach the indexer at ${new URL(`${url}${path}`).origin}: ${e.cause?.message ?? e.message}`);
  }
  const body = await response.json();
  if (!response.ok) throw Object.assign(new Error(`${path}: ${response.status} ${body.error}: ${body.message}`), { status: response.status, body });
  return { body, headers: response.headers };
}

/** Waits until the indexer has written block `number` (its `/health`), for up to `timeoutMs`. */
export async function indexedTo(url, number, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const health = await indexerGet(url, '/health').then((r) => r.body).catch(() => null);
    if (health && health.indexed >= number) return health;
    if (Date.now() > deadline) throw new Error(`indexer at ${url} not at #${number} after ${timeoutMs} ms: ${JSON.stringify(health)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Every page of `/epcis/events?query`: the events in chain order. */
export async function allEpcisEvents(url, query = '') {
  const events = [];
  let next = `/epcis/events?${query}`;
  while (next) {
    const { body, headers } = await indexerGet(url, next);
    events.push(...body.epcisBody.queryResults.resultsBody.eventList);
    const link = headers.get('link');
    next = link ? /^<([^>]+)>; rel="next"$/.exec(link)?.[1] : null;
  }
  return events;
}

/**
 * The EPCIS events of blocks `from`..=`to` (either may be omitted) as one `EPCISDocument`,
 * read page by page from the indexer at `url`.
 */
export async function exportEpcis(url, { from, to } = {}) {
  const params = new URLSearchParams({ perPage: '1000' });
  if (from !== undefined) params.set('fromBlock', String(from));
  if (to !== undefined) params.set('toBlock', String(to));
  const first = (await indexerGet(url, `/epcis/events?${params}`)).body;
  const events = await allEpcisEvents(url, params.toString());
  return {
    '@context': first['@context'],
    type: 'EPCISDocument',
    schemaVersion: first.schemaVersion,
    creationDate: first.creationDate,
    epcisBody: { eventList: events },
  };
}

// ------------------------------------------------------------------ FHIR

/** The text a FHIR reader signs: the lines joined by `\n`, no trailing newline. */
export function indexerLine(path, nonce, timestamp) {
  return [INDEXER_PROTOCOL, 'GET', path, nonce, String(timestamp)].join('\n');
}

/**
 * The four signature headers of a GET of `path` (path and query exactly as sent) by `signer`: a
 * keyring pair, or a wallet account `{ address, signRaw }`. The nonce is 16 random bytes as hex
 * and the timestamp the clock's, unless given.
 */
export function fhirHeaders(signer, path, options = {}) {
  return lineHeadersAsync(signer, (nonce, timestamp) => indexerLine(path, nonce, timestamp), options);
}

/**
 * The path and query of a FHIR search: `/fhir/{version}/{type}?patient=…&from-block=…&to-block=…&_count=…`,
 * each parameter only when given. `patient` is an SS58 address or 0x-hex account.
 */
export function fhirSearchPath({ version = 'R4', type, patient, from, to, count } = {}) {
  if (!type) throw new Error('a FHIR search needs a resource type');
  const params = new URLSearchParams();
  if (patient !== undefined && patient !== null) params.set('patient', String(patient));
  if (from !== undefined && from !== null) params.set('from-block', String(from));
  if (to !== undefined && to !== null) params.set('to-block', String(to));
  if (count !== undefined && count !== null) params.set('_count', String(count));
  const query = params.toString();
  return `/fhir/${version}/${type}${query ? `?${query}` : ''}`;
}

/**
 * GET `path` of the indexer at `url`, signed by `signer` (see `fhirHeaders`); `headers` replaces
 * the signature headers (a replayed or forged request, in tests). Resolves with `{ status, body,
 * headers }` when 2xx; otherwise throws with `.status`, `.reason` (the OperationOutcome's
 * `details.text`, e.g. `NotPermitted`) and `.body` (the OperationOutcome).
 */
export async function fhirGet(url, path, signer, { headers } = {}) {
  const target = `${String(url).replace(/\/+$/, '')}${path}`;
  let response;
  try {
    response = await fetch(target, { headers: headers ?? (await fhirHeaders(signer, path)) });
  } catch (e) {
    throw new Error(`cannot reach the indexer at ${new URL(target).origin}: ${e.cause?.message ?? e.message}`);
  }
  const text = await response.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  if (!response.ok) {
    const issue = body?.issue?.[0];
    const reason = issue?.details?.text ?? null;
    const detail = issue?.diagnostics ?? (typeof body === 'string' ? body.slice(0, 200) : '');
    const message = `${path}: ${response.status}${reason ? ` ${reason}` : ''}${detail ? `: ${detail}` : ''}`;
    throw Object.assign(new Error(message), { status: response.status, reason, body });
  }
  return { status: response.status, body, headers: response.headers };
}

/** The path and query of a Bundle link's absolute URL (`http://host/fhir/…` → `/fhir/…`), as given. */
function linkPath(link) {
  const match = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#]*(.*)$/.exec(link);
  const path = match ? match[1] : link;
  if (!path.startsWith('/')) throw new Error(`not a link the indexer gives: ${link}`);
  return path;
}

/**
 * Every entry a FHIR search of the indexer at `url` matches, in chain order, as
 * `{ fullUrl, resource }` (the `fullUrl` the indexer gave the entry): the first page (see
 * `fhirSearchPath` for the parameters; `count` is the page size, 1 to 1000), then each `next`
 * link, each request signed by `signer`.
 */
export async function fhirSearchEntries(url, search, signer) {
  const entries = [];
  const seen = new Set();
  let path = fhirSearchPath(search);
  while (path) {
    if (seen.has(path)) throw new Error(`the indexer's next link goes back to ${path}`);
    seen.add(path);
    const { body } = await fhirGet(url, path, signer);
    if (body?.resourceType !== 'Bundle') throw new Error(`${path}: expected a Bundle, got ${body?.resourceType ?? typeof body}`);
    entries.push(...(body.entry ?? []).map((e) => ({ fullUrl: e.fullUrl, resource: e.resource })));
    const next = (body.link ?? []).find((l) => l.relation === 'next');
    path = next ? linkPath(next.url) : null;
  }
  return entries;
}

/** The resources of `fhirSearchEntries`: every resource the search matches, in chain order. */
export async function fhirSearch(url, search, signer) {
  return (await fhirSearchEntries(url, search, signer)).map((e) => e.resource);
}

/**
 * The patient trail of blocks `from`..=`to` (either may be omitted) as FHIR `version` (`R4` or
 * `R5`) resources, read by `signer` from the indexer at `url`: `{ Consent, AuditEvent,
 * Provenance }`, each a list in chain order. Without `patient`, every patient's (an auditor's
 * export).
 */
export async function exportFhir(url, { version = 'R4', from, to, patient } = {}, signer) {
  const out = {};
  for (const type of FHIR_TYPES) out[type] = await fhirSearch(url, { version, type, patient, from, to, count: 1000 }, signer);
  return out;
}
