// The gatekeeper's client side (scripts/lib/gatekeeper.mjs): the request line, the signature
// headers (verified as the gatekeeper verifies them), locators, store paths, and uploads and
// fetches against a stand-in HTTP server. No chain or gatekeeper needed: `node --test tests/scripts/`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { cryptoWaitReady, signatureVerify, signer } from '../../scripts/lib/chain.mjs';
import {
  blobHash, directoryBlobPath, fetchRecord, gatekeeperUrlOf, lineHeaders, lineHeadersAsync, requestHash, requestLine, s3BlobKey, signedHeaders,
  signedHeadersAsync, upload,
} from '../../scripts/lib/gatekeeper.mjs';
import { indexerLine } from '../../scripts/lib/indexer.mjs';

const NONCE = '00112233445566778899aabbccddeeff';
const HASH = `0x${'ab'.repeat(2)}${'0f'.repeat(30)}`;

test('the request line is the six fields joined by newlines, with no trailing newline', () => {
  assert.equal(
    requestLine('GET', 7, 'Treatment', NONCE, 1700000000000),
    `healthchain-gatekeeper/v1\nGET\n7\nTreatment\n${NONCE}\n1700000000000`,
  );
  assert.equal(requestLine('POST', 'upload', '-', NONCE, 5), `healthchain-gatekeeper/v1\nPOST\nupload\n-\n${NONCE}\n5`);
});

test('signed headers carry the SS58 account and a signature over the request line', async () => {
  await cryptoWaitReady();
  const bob = signer('//Bob');
  const headers = signedHeaders(bob, 'GET', 12, 'Research', { nonce: NONCE, timestamp: 1234 });
  assert.equal(headers['X-Healthchain-Account'], bob.address);
  assert.equal(headers['X-Healthchain-Nonce'], NONCE);
  assert.equal(headers['X-Healthchain-Timestamp'], '1234');
  assert.match(headers['X-Healthchain-Signature'], /^0x[0-9a-f]{128}$/);
  const line = requestLine('GET', 12, 'Research', NONCE, 1234);
  const { isValid, crypto } = signatureVerify(line, headers['X-Healthchain-Signature'], bob.address);
  assert.ok(isValid);
  assert.equal(crypto, 'sr25519');
  // Over another record, purpose or nonce, or by another account, it does not verify.
  for (const other of [
    requestLine('GET', 13, 'Research', NONCE, 1234),
    requestLine('GET', 12, 'Treatment', NONCE, 1234),
    requestLine('GET', 12, 'Research', NONCE.replace('0', '1'), 1234),
    requestLine('GET', 12, 'Research', NONCE, 1235),
  ]) {
    assert.equal(signatureVerify(other, headers['X-Healthchain-Signature'], bob.address).isValid, false, other);
  }
  assert.equal(signatureVerify(line, headers['X-Healthchain-Signature'], signer('//Charlie').address).isValid, false);
});

test('each request gets a fresh 16-byte nonce and the current time', async () => {
  await cryptoWaitReady();
  const before = Date.now();
  const a = signedHeaders(signer('//Bob'), 'POST', 'upload', '-');
  const b = signedHeaders(signer('//Bob'), 'POST', 'upload', '-');
  assert.match(a['X-Healthchain-Nonce'], /^[0-9a-f]{32}$/);
  assert.notEqual(a['X-Healthchain-Nonce'], b['X-Healthchain-Nonce']);
  const ts = Number(a['X-Healthchain-Timestamp']);
  assert.ok(ts >= before && ts <= Date.now());
  const line = requestLine('POST', 'upload', '-', a['X-Healthchain-Nonce'], ts);
  assert.ok(signatureVerify(line, a['X-Healthchain-Signature'], signer('//Bob').address).isValid);
});

test('the shared signing helper signs any line: the gatekeeper\'s and the indexer\'s, by a pair or a wallet', async () => {
  await cryptoWaitReady();
  const bob = signer('//Bob');
  // The gatekeeper's headers are the shared helper's over the gatekeeper's line (sr25519
  // signatures are randomized: both verify, the other headers are equal).
  const opts = { nonce: NONCE, timestamp: 1234 };
  const { 'X-Healthchain-Signature': direct, ...directRest } = signedHeaders(bob, 'GET', 12, 'Research', opts);
  const { 'X-Healthchain-Signature': shared, ...sharedRest } = lineHeaders(bob, (nonce, timestamp) => requestLine('GET', 12, 'Research', nonce, timestamp), opts);
  assert.deepEqual(sharedRest, directRest);
  assert.deepEqual(sharedRest, { 'X-Healthchain-Account': bob.address, 'X-Healthchain-Nonce': NONCE, 'X-Healthchain-Timestamp': '1234' });
  for (const signature of [direct, shared]) assert.ok(signatureVerify(requestLine('GET', 12, 'Research', NONCE, 1234), signature, bob.address).isValid);

  // The indexer's line: protocol, GET, the path and query as sent, nonce, timestamp.
  const path = `/fhir/R4/AuditEvent?patient=${bob.address}&_count=50`;
  assert.equal(indexerLine(path, NONCE, 1700000000000), `healthchain-indexer/v1\nGET\n${path}\n${NONCE}\n1700000000000`);
  const indexer = lineHeaders(bob, (nonce, timestamp) => indexerLine(path, nonce, timestamp));
  assert.match(indexer['X-Healthchain-Nonce'], /^[0-9a-f]{32}$/);
  const line = indexerLine(path, indexer['X-Healthchain-Nonce'], indexer['X-Healthchain-Timestamp']);
  assert.ok(signatureVerify(line, indexer['X-Healthchain-Signature'], bob.address).isValid);
  assert.equal(signatureVerify(indexerLine(`${path}0`, indexer['X-Healthchain-Nonce'], indexer['X-Healthchain-Timestamp']), indexer['X-Healthchain-Signature'], bob.address).isValid, false);

  // A wallet signs the line as raw bytes (here wrapped in <Bytes>, as extensions do); a pair
  // given to the async form signs as the sync form does.
  const wallet = { address: bob.address, signRaw: async (bytes) => bob.sign(Buffer.concat([Buffer.from('<Bytes>'), bytes, Buffer.from('</Bytes>')])) };
  const walletSigned = await lineHeadersAsync(wallet, (nonce, timestamp) => indexerLine(path, nonce, timestamp), opts);
  assert.equal(walletSigned['X-Healthchain-Nonce'], NONCE);
  assert.ok(signatureVerify(`<Bytes>${indexerLine(path, NONCE, 1234)}</Bytes>`, walletSigned['X-Healthchain-Signature'], bob.address).isValid);
  const viaAsync = await signedHeadersAsync(bob, 'GET', 12, 'Research', opts);
  assert.ok(signatureVerify(requestLine('GET', 12, 'Research', NONCE, 1234), viaAsync['X-Healthchain-Signature'], bob.address).isValid);
});

test('the audit entry names BLAKE2b-256 of the request line followed by the signature', () => {
  const line = requestLine('GET', 7, 'Treatment', NONCE, 1700000000000);
  const signature = `0x${Buffer.from([...Array(64).keys()]).toString('hex')}`;
  assert.equal(requestHash(line, signature), '0x9dbb6b452b56c36a69263542577aabb87c0877f7ac83aeb19fe5eba6a2c22108');
});

test('the gatekeeper URL is the locator before /blobs/0x…', () => {
  assert.equal(gatekeeperUrlOf(`http://127.0.0.1:8650/blobs/${HASH}`), 'http://127.0.0.1:8650');
  assert.equal(gatekeeperUrlOf(`https://gk.hospital.example/custodian/blobs/${HASH}`), 'https://gk.hospital.example/custodian');
  assert.equal(gatekeeperUrlOf(`http://gk.example//blobs/${HASH}`), 'http://gk.example');
  for (const bad of ['ehr://hospital/docs/1', `file:///tmp/blobs/${HASH}`, 'http://gk.example/blobs/', `http://gk.example/blobs/${HASH}/x`, `http://gk.example/records/${HASH}`]) {
    assert.throws(() => gatekeeperUrlOf(bad), /not a gatekeeper locator/, bad);
  }
});

test('blobs are stored by their BLAKE2b-256 digest in lowercase hex', () => {
  assert.equal(blobHash(new Uint8Array()), '0x0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8');
  const upper = HASH.toUpperCase().replace('0X', '0x');
  assert.equal(directoryBlobPath('/store', upper), `/store/ab/ab/${HASH.slice(2)}`);
  assert.equal(s3BlobKey('blobs/', upper), `blobs/${HASH.slice(2)}`);
  assert.equal(s3BlobKey('', HASH), HASH.slice(2));
});

/** An HTTP server on loopback answering with `handler(req, body)`'s `{ status, headers, body }`. */
async function standIn(handler) {
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const answer = handler(req, Buffer.concat(chunks));
      res.writeHead(answer.status, answer.headers ?? {});
      res.end(answer.body);
    });
  });
  await new Promise((res) => server.listen(0, '127.0.0.1', res));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((res) => server.close(res)) };
}

/** Whether `req` is signed by its account over `method`, `record` and `purpose`. */
function signedBy(req, method, record, purpose) {
  const h = req.headers;
  const line = requestLine(method, record, purpose, h['x-healthchain-nonce'], h['x-healthchain-timestamp']);
  return signatureVerify(line, h['x-healthchain-signature'], h['x-healthchain-account']).isValid;
}

test('upload posts the blob signed, and answers the JSON of a 201 or throws the reason', async () => {
  await cryptoWaitReady();
  const blob = Buffer.from('encrypted bytes');
  const seen = [];
  const server = await standIn((req, body) => {
    seen.push({ method: req.method, url: req.url, signed: signedBy(req, 'POST', 'upload', '-'), body });
    if (seen.length === 1) return { status: 201, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ locator: 'x', hash: HASH, contentHash: { Blake2_256: HASH }, size: body.length }) };
    return { status: 403, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: 'NotCustodianStaff', message: 'not staff' }) };
  });
  try {
    const answer = await upload(`${server.url}/`, signer('//Bob'), blob);
    assert.deepEqual(answer, { locator: 'x', hash: HASH, contentHash: { Blake2_256: HASH }, size: blob.length });
    assert.deepEqual(seen[0], { method: 'POST', url: '/blobs', signed: true, body: blob });
    await assert.rejects(upload(server.url, signer('//Bob'), blob), (e) => e.status === 403 && e.reason === 'NotCustodianStaff' && /not staff/.test(e.message));
  } finally {
    await server.close();
  }
});

test('fetchRecord gets the blob and its headers, or throws the status and reason', async () => {
  await cryptoWaitReady();
  const blob = Buffer.from([0, 1, 2, 250, 255]);
  const server = await standIn((req) => {
    const url = new URL(req.url, 'http://x');
    if (!signedBy(req, 'GET', url.pathname.split('/')[2], url.searchParams.get('purpose'))) {
      return { status: 401, body: JSON.stringify({ error: 'BadSignature', message: 'no' }) };
    }
    if (url.pathname === '/records/4') {
      return {
        status: 200,
        headers: {
          'content-type': 'application/octet-stream',
          'x-healthchain-record': '4',
          'x-healthchain-hash': HASH,
          'x-healthchain-wrapped-key': '0x0102',
          'x-healthchain-basis': 'Grant(9)',
          'x-healthchain-logged-in': '17',
        },
        body: blob,
      };
    }
    if (url.pathname === '/records/5') return { status: 410, body: JSON.stringify({ error: 'Erased', message: 'gone' }) };
    return { status: 502, body: 'not json' };
  });
  try {
    const bob = signer('//Bob');
    const got = await fetchRecord(server.url, bob, 4, 'EmergencyTreatment');
    assert.deepEqual(got, { bytes: new Uint8Array(blob), hash: HASH, wrappedKey: '0x0102', basis: 'Grant(9)', loggedIn: '17' });
    await assert.rejects(fetchRecord(server.url, bob, 5, 'Treatment'), (e) => e.status === 410 && e.reason === 'Erased');
    await assert.rejects(fetchRecord(server.url, bob, 6, 'Treatment'), (e) => e.status === 502 && e.reason === null);
    // Headers signed for another record are sent as given, and refused.
    const headers = signedHeaders(bob, 'GET', 5, 'Treatment');
    await assert.rejects(fetchRecord(server.url, bob, 4, 'Treatment', { headers }), (e) => e.status === 401 && e.reason === 'BadSignature');
  } finally {
    await server.close();
  }
});
