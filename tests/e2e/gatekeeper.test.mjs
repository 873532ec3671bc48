// The gatekeeper (`healthchain-gatekeeper`, docs/gatekeeper.md) against a real node, with each
// of its stores: a directory, and an S3-compatible one (moto's server, the bucket created by the
// gatekeeper). A provider organization's clinician uploads encrypted blobs and registers them;
// the gatekeeper signs its audit entries with a `Staff` member's key. A grantee fetches,
// decrypts and finds its read on the patient's trail; a stranger is refused, on the trail too;
// a revoked grant and an erased record are refused at the next request, and an erased blob
// leaves the store; replayed, stale and forged requests are refused before the chain is asked;
// a tampered blob is never served; only the custodian's staff upload. Then a small load figure:
// a 1 MiB blob fetched 50 times, 8 at a time, printed as `[gatekeeper-load] ...`.

import { describe, before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeTag, recordInput, tagHex } from '../../scripts/lib/blind.mjs';
import { u8aToHex } from '../../scripts/lib/chain.mjs';
import {
  auditEntries, blobHash, directoryBlobPath, fetchRecord, listObjects, putObject, requestHash, requestLine, s3BlobKey,
  signedHeaders, startGatekeeper, startMoto, upload,
} from '../../scripts/lib/gatekeeper.mjs';
import { unwrapKey, wrapKey, x25519FromSuri } from '../../scripts/lib/hpke.mjs';
import { useNode, freshAccounts, registerOrg, submit, findEvent, blindKey, decision } from './helpers.mjs';

const ctx = useNode({ name: 'gatekeeper' });

const NOTE = '11506-3'; // LOINC progress note
const DATE = '2025-06-02';
const PURPOSE = 'Treatment';
const MIB = 1024 * 1024;
// Generous: these tests are not about the rate limit, and the load figure asks 50 times at once.
const RATE_LIMIT = { per_minute: 60_000, burst: 1_000 };
const ERASURE_WAIT_MS = 30_000;

// ------------------------------------------------------------------ the stores

/**
 * The stores the gatekeeper is tested with. `start()` resolves with `{ storage, env, has(hash),
 * overwrite(hash, bytes), stop() }`: the `[storage]` of the configuration, the environment it
 * needs, whether a blob is stored, and writing other bytes in place of a stored blob.
 */
const STORES = {
  directory: async () => {
    const root = mkdtempSync(join(tmpdir(), 'healthchain-blobs-'));
    return {
      storage: { backend: 'directory', path: root },
      env: {},
      has: async (hash) => existsSync(directoryBlobPath(root, hash)),
      overwrite: async (hash, bytes) => {
        // The stored file may be read-only: replace it.
        const path = directoryBlobPath(root, hash);
        unlinkSync(path);
        writeFileSync(path, bytes);
      },
      stop: async () => rmSync(root, { recursive: true, force: true }),
    };
  },
  s3: async () => {
    const moto = await startMoto();
    const bucket = `healthchain-${randomBytes(4).toString('hex')}`;
    const prefix = 'blobs/';
    // moto takes any keys; the test reads and writes the bucket as the gatekeeper's key.
    const keys = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' };
    const as = { accessKeyId: keys.AWS_ACCESS_KEY_ID };
    return {
      storage: { backend: 's3', endpoint: moto.endpoint, bucket, region: 'us-east-1', prefix, create_bucket: true },
      env: keys,
      has: async (hash) => (await listObjects(moto.endpoint, bucket, as)).includes(s3BlobKey(prefix, hash)),
      overwrite: (hash, bytes) => putObject(moto.endpoint, bucket, s3BlobKey(prefix, hash), bytes, as),
      stop: () => moto.stop(),
    };
  },
};

// ------------------------------------------------------------------ helpers

/** AES-256-GCM: `iv (12) || ciphertext || tag (16)`. */
function encrypt(key, plaintext) {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  return Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

/** Inverse of `encrypt`; throws if the blob was tampered with. */
function decrypt(key, sealed) {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]);
}

/** Grant terms in the shape of the consent pallet's `GrantTerms`, open-ended. */
function terms({ actions, scope = 'AllRecords', purposes = [PURPOSE] }) {
  return { purposes, actions, scope, dataPeriod: null, validFrom: null, validUntil: null, openEnded: true, exceptions: [] };
}

/** `patient` grants `grantee` (a keyring pair); returns the grant id. */
async function grant(api, patient, grantee, grantTerms) {
  const result = await submit(api, api.tx.consent.grant(null, { Account: grantee.address }, grantTerms), patient);
  return findEvent(result, 'consent', 'GrantCreated').raw.data.id.toNumber();
}

/** The `consent.AccessServed` events of the blocks after `from` up to the finalized head. */
async function servedSince(api, from) {
  const head = (await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead())).number.toNumber();
  const served = [];
  for (let n = from + 1; n <= head; n++) served.push(...(await auditEntries(api, n)));
  return served;
}

const bestNumber = async (api) => (await api.rpc.chain.getHeader()).number.toNumber();

/** Resolves with the refusal `promise` rejects with; fails when it resolves. */
async function refused(promise) {
  const outcome = await promise.then(() => null, (e) => e);
  assert.ok(outcome, 'expected a refusal, but the request was served');
  return outcome;
}

/** Expects `promise` (an upload or fetch) to be refused with `status` and `reason`. */
async function expectRefusal(promise, status, reason) {
  const e = await refused(promise);
  assert.equal(`${e.status} ${e.reason}`, `${status} ${reason}`, e.message);
  return e;
}

/** Polls `condition` every 500 ms until it holds or `timeoutMs` passed; resolves with whether it held. */
async function eventually(condition, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (true) {
    if (await condition()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 500));
  }
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];

// ------------------------------------------------------------------ the suite, per store

for (const [backend, startStore] of Object.entries(STORES)) {
  describe(`the gatekeeper with the ${backend} store`, () => {
    // Set up once for the suite: the organization, its gatekeeper, the patient, the grantee.
    const s = {};

    /**
     * The clinician encrypts a random file of `size` bytes, uploads it and registers it for the
     * patient; the data key is attached for each of `readers` (each needs a Read grant and a
     * published key). Returns `{ record, hash, blob, file, dataKey, uploaded }`.
     */
    async function shareRecord({ size = 4096, readers = [s.grantee] } = {}) {
      const { api } = ctx;
      const file = randomBytes(size);
      const dataKey = randomBytes(32);
      const blob = encrypt(dataKey, file);
      const uploaded = await upload(s.gatekeeper.url, s.clinician, blob);
      const input = recordInput({
        key: blindKey(s.patient), category: NOTE, typeCode: NOTE, labels: ['N'], date: DATE, hash: uploaded.contentHash, locator: uploaded.locator,
      });
      const registered = await submit(api, api.tx.records.register(s.patient.address, input, PURPOSE), s.clinician);
      const record = findEvent(registered, 'records', 'RecordRegistered').raw.data.record.toNumber();
      for (const reader of readers) {
        const published = (await api.call.keyDirectoryApi.keyOf(reader.address)).unwrap();
        const context = { genesisHash: api.genesisHash.toU8a(), record, version: 1, grantee: reader.address };
        const wrapped = await wrapKey({ recipientPublicKey: published.key.toU8a(), dataKey, context });
        await submit(api, api.tx.records.attachKey(record, reader.address, u8aToHex(wrapped)), s.clinician);
      }
      return { record, hash: uploaded.hash.toLowerCase(), blob, file, dataKey, uploaded };
    }

    /** Fetches `record` as `reader`, checks the blob's hash and opens it; returns the fetch and the file. */
    async function fetchAndOpen(reader, shared, options) {
      const got = await fetchRecord(s.gatekeeper.url, reader, shared.record, PURPOSE, options);
      assert.equal(got.hash.toLowerCase(), shared.hash);
      assert.equal(blobHash(got.bytes), shared.hash);
      assert.ok(got.wrappedKey, 'the wrapped key comes with the blob');
      const context = { genesisHash: ctx.api.genesisHash.toU8a(), record: shared.record, version: 1, grantee: reader.address };
      const { keyPair } = await x25519FromSuri(reader.suri);
      const dataKey = await unwrapKey({ keyPair, wrapped: got.wrappedKey, context });
      return { got, file: decrypt(Buffer.from(dataKey), Buffer.from(got.bytes)) };
    }

    before(async () => {
      const { api, node } = ctx;
      const [admin, clinician, staff, patient, grantee, grantee2, stranger] = await freshAccounts(api, ['admin', 'clinician', 'staff', 'patient', 'grantee', 'grantee2', 'stranger']);
      Object.assign(s, { admin, clinician, staff, patient, grantee, grantee2, stranger });
      s.org = await registerOrg(api, admin, ['Provider'], [[clinician, ['Clinician']], [staff, ['Staff']]]);
      // The patient lets the clinician add progress notes, and the grantees read.
      await grant(api, patient, clinician, terms({ actions: ['Append'], scope: { Categories: [tagHex(codeTag(blindKey(patient), 'category', NOTE))] } }));
      s.grant = await grant(api, patient, grantee, terms({ actions: ['Read'] }));
      s.grant2 = await grant(api, patient, grantee2, terms({ actions: ['Read'] }));
      for (const reader of [grantee, grantee2]) {
        await submit(api, api.tx.keyDirectory.publishKey((await x25519FromSuri(reader.suri)).publicKey), reader);
      }
      s.store = await startStore();
      s.gatekeeper = await startGatekeeper({
        nodeUrl: node.endpoint, organization: s.org, signer: staff, storage: s.store.storage, env: s.store.env, rateLimit: RATE_LIMIT,
      });
      s.shared = await shareRecord();
    });

    after(async () => {
      await s.gatekeeper?.stop();
      await s.store?.stop();
    });

    test('the clinician\'s upload is stored under its digest; a grantee fetches and decrypts it, and the read is on the trail as permitted', async () => {
      const { api } = ctx;
      const { shared } = s;
      assert.equal(shared.uploaded.size, shared.blob.length);
      assert.equal(blobHash(shared.blob), shared.hash);
      assert.deepEqual(shared.uploaded.contentHash, { Blake2_256: shared.uploaded.hash });
      assert.equal(shared.uploaded.locator.toLowerCase(), `${s.gatekeeper.url}/blobs/${shared.hash}`);
      assert.ok(await s.store.has(shared.hash), 'the blob is in the store under its digest');
      const info = (await api.call.recordsApi.record(shared.record)).unwrap();
      assert.equal(info.body.unwrap().custodian.unwrap().toNumber(), s.org);

      const headers = signedHeaders(s.grantee, 'GET', shared.record, PURPOSE);
      const { got, file } = await fetchAndOpen(s.grantee, shared, { headers });
      assert.ok(file.equals(shared.file), 'the decrypted file is the original');
      assert.equal(got.basis, `Grant(${s.grant})`);

      // The audit entry is in the finalized block the gatekeeper names.
      const finalized = (await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead())).number.toNumber();
      const loggedAt = /^0x/.test(got.loggedIn) ? (await api.rpc.chain.getHeader(got.loggedIn)).number.toNumber() : Number(got.loggedIn);
      assert.ok(loggedAt <= finalized, `logged in #${loggedAt}, finalized #${finalized}`);
      const entries = (await auditEntries(api, got.loggedIn)).filter((e) => e.record.toNumber() === shared.record);
      assert.equal(entries.length, 1);
      const [entry] = entries;
      assert.equal(entry.patient.toString(), s.patient.address);
      assert.equal(entry.accessor.toString(), s.grantee.address);
      assert.equal(entry.purpose.type, PURPOSE);
      assert.equal(entry.custodian.toNumber(), s.org);
      assert.equal(decision(entry.decision), `Permitted:Grant(${s.grant})`);
      const line = requestLine('GET', shared.record, PURPOSE, headers['X-Healthchain-Nonce'], headers['X-Healthchain-Timestamp']);
      assert.equal(entry.request.toHex(), requestHash(line, headers['X-Healthchain-Signature']), 'the entry names the signed request');
    });

    test('a stranger is refused with NoGrant, and the refusal is on the patient\'s trail', async () => {
      const { api } = ctx;
      const from = await bestNumber(api);
      await expectRefusal(fetchRecord(s.gatekeeper.url, s.stranger, s.shared.record, PURPOSE), 403, 'NoGrant');
      const entries = (await servedSince(api, from)).filter((e) => e.accessor.toString() === s.stranger.address);
      assert.equal(entries.length, 1, 'one audit entry for the stranger');
      assert.equal(entries[0].record.toNumber(), s.shared.record);
      assert.equal(entries[0].patient.toString(), s.patient.address);
      assert.equal(entries[0].custodian.toNumber(), s.org);
      assert.equal(decision(entries[0].decision), 'Denied:NoGrant');
    });

    test('once the patient\'s revocation is finalized, the next fetch is refused', async () => {
      const { api } = ctx;
      const shared = await shareRecord({ readers: [s.grantee2] });
      const { file } = await fetchAndOpen(s.grantee2, shared);
      assert.ok(file.equals(shared.file));
      await submit(api, api.tx.consent.revoke(s.grant2), s.patient, { finalized: true });
      const from = await bestNumber(api);
      await expectRefusal(fetchRecord(s.gatekeeper.url, s.grantee2, shared.record, PURPOSE), 403, 'NoGrant');
      const entries = (await servedSince(api, from)).filter((e) => e.accessor.toString() === s.grantee2.address);
      assert.deepEqual(entries.map((e) => decision(e.decision)), ['Denied:NoGrant']);
      // The grantee of the live grant is still served.
      await fetchAndOpen(s.grantee, s.shared);
    });

    test('an erased record is gone: 410 Erased, and its blob leaves the store', async () => {
      const { api } = ctx;
      const shared = await shareRecord();
      await fetchAndOpen(s.grantee, shared);
      assert.ok(await s.store.has(shared.hash));
      await submit(api, api.tx.records.erase(shared.record), s.patient, { finalized: true });
      await expectRefusal(fetchRecord(s.gatekeeper.url, s.grantee, shared.record, PURPOSE), 410, 'Erased');
      const gone = await eventually(async () => !(await s.store.has(shared.hash)), ERASURE_WAIT_MS);
      assert.ok(gone, `the blob of record ${shared.record} is still in the store ${ERASURE_WAIT_MS} ms after its erasure`);
      await expectRefusal(fetchRecord(s.gatekeeper.url, s.grantee, shared.record, PURPOSE), 410, 'Erased');
    });

    test('replayed, stale, forged and unsigned requests are refused', async () => {
      const { record } = s.shared;
      const headers = signedHeaders(s.grantee, 'GET', record, PURPOSE);
      await fetchAndOpen(s.grantee, s.shared, { headers });
      await expectRefusal(fetchRecord(s.gatekeeper.url, s.grantee, record, PURPOSE, { headers }), 401, 'ReplayedRequest');

      const stale = signedHeaders(s.grantee, 'GET', record, PURPOSE, { timestamp: Date.now() - 10 * 60_000 });
      await expectRefusal(fetchRecord(s.gatekeeper.url, s.grantee, record, PURPOSE, { headers: stale }), 401, 'StaleRequest');
      const ahead = signedHeaders(s.grantee, 'GET', record, PURPOSE, { timestamp: Date.now() + 10 * 60_000 });
      await expectRefusal(fetchRecord(s.gatekeeper.url, s.grantee, record, PURPOSE, { headers: ahead }), 401, 'StaleRequest');

      // Signed by the stranger, claiming to be the grantee.
      const forged = { ...signedHeaders(s.stranger, 'GET', record, PURPOSE), 'X-Healthchain-Account': s.grantee.address };
      await expectRefusal(fetchRecord(s.gatekeeper.url, s.grantee, record, PURPOSE, { headers: forged }), 401, 'BadSignature');
      // Signed by the grantee for another purpose than asked.
      const otherPurpose = signedHeaders(s.grantee, 'GET', record, 'Research');
      await expectRefusal(fetchRecord(s.gatekeeper.url, s.grantee, record, PURPOSE, { headers: otherPurpose }), 401, 'BadSignature');
      await expectRefusal(fetchRecord(s.gatekeeper.url, s.grantee, record, PURPOSE, { headers: {} }), 401, 'MissingSignature');
    });

    test('requests for what the gatekeeper does not hold, or cannot read, are refused', async () => {
      const { api } = ctx;
      await expectRefusal(fetchRecord(s.gatekeeper.url, s.grantee, 999_999_999, PURPOSE), 404, 'UnknownRecord');
      // The patient's own upload has no custodian.
      const input = recordInput({
        key: blindKey(s.patient), category: NOTE, typeCode: NOTE, labels: ['N'], date: DATE, hash: `0x${randomBytes(32).toString('hex')}`, locator: 'ehr://own/1',
      });
      const own = await submit(api, api.tx.records.register(s.patient.address, input, PURPOSE), s.patient);
      const ownRecord = findEvent(own, 'records', 'RecordRegistered').raw.data.record.toNumber();
      await expectRefusal(fetchRecord(s.gatekeeper.url, s.patient, ownRecord, PURPOSE), 404, 'NotHeldHere');
      await expectRefusal(fetchRecord(s.gatekeeper.url, s.grantee, s.shared.record, 'Gossip'), 400, 'BadRequest');
    });

    test('a tampered blob is never served: 502 BlobCorrupt', async () => {
      const shared = await shareRecord();
      // Other bytes of the same length, so that only the hash tells.
      await s.store.overwrite(shared.hash, randomBytes(shared.blob.length));
      await expectRefusal(fetchRecord(s.gatekeeper.url, s.grantee, shared.record, PURPOSE), 502, 'BlobCorrupt');
      await expectRefusal(fetchRecord(s.gatekeeper.url, s.grantee, shared.record, PURPOSE), 502, 'BlobCorrupt');
      // The untouched blob is still served.
      await fetchAndOpen(s.grantee, s.shared);
    });

    test('only the custodian\'s admin, clinicians and staff upload', async () => {
      const blob = randomBytes(512);
      await expectRefusal(upload(s.gatekeeper.url, s.stranger, blob), 403, 'NotCustodianStaff');
      await expectRefusal(upload(s.gatekeeper.url, s.patient, blob), 403, 'NotCustodianStaff');
      for (const who of [s.admin, s.staff]) {
        const answer = await upload(s.gatekeeper.url, who, randomBytes(512));
        assert.ok(await s.store.has(answer.hash));
      }
    });

    test('/health answers ok and /metrics counts the requests', async () => {
      const health = await fetch(`${s.gatekeeper.url}/health`);
      assert.equal(health.status, 200);
      const body = await health.json();
      assert.equal(body.status, 'ok');
      for (const field of ['best', 'finalized', 'lag']) assert.equal(typeof body[field], 'number', field);
      const metrics = await fetch(`${s.gatekeeper.url}/metrics`);
      assert.equal(metrics.status, 200);
      assert.match(await metrics.text(), /^gatekeeper_requests_total\{/m);
    });

    test('load figure: a 1 MiB blob fetched 50 times, 8 at a time', async () => {
      const shared = await shareRecord({ size: MIB });
      const total = 50;
      const concurrency = 8;
      const latencies = [];
      let next = 0;
      const started = performance.now();
      await Promise.all(Array.from({ length: concurrency }, async () => {
        while (next < total) {
          next++;
          const t0 = performance.now();
          const got = await fetchRecord(s.gatekeeper.url, s.grantee, shared.record, PURPOSE);
          latencies.push(performance.now() - t0);
          assert.equal(blobHash(got.bytes), shared.hash);
        }
      }));
      const seconds = (performance.now() - started) / 1000;
      assert.equal(latencies.length, total);
      const sorted = [...latencies].sort((a, b) => a - b);
      console.log(`[gatekeeper-load] ${backend}: ${total} fetches of ${shared.blob.length} bytes, ${concurrency} at a time: ${(total / seconds).toFixed(1)} fetches/s, median ${percentile(sorted, 0.5).toFixed(0)} ms, 95th percentile ${percentile(sorted, 0.95).toFixed(0)} ms`);
      // The gatekeeper's own account of where the time went, over every request of the suite.
      const text = await (await fetch(`${s.gatekeeper.url}/metrics`)).text();
      const mean = (name) => {
        const sum = Number(text.match(new RegExp(`^${name}_sum (\\S+)$`, 'm'))?.[1]);
        const count = Number(text.match(new RegExp(`^${name}_count (\\S+)$`, 'm'))?.[1]);
        return count ? (1000 * sum / count).toFixed(1) : 'n/a';
      };
      console.log(`[gatekeeper-load] ${backend}: mean chain check (finalized head and read_pointer) ${mean('gatekeeper_chain_check_seconds')} ms, mean wait for the finalized audit entry ${mean('gatekeeper_audit_seconds')} ms`);
    });
  });
}
