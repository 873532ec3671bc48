// The commitments and hashes `hc claims` and `hc trials` send instead of plain values
// (scripts/lib/commitments.mjs), and the command groups' strict parsing
// (scripts/lib/hc-groups.mjs). No chain needed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cryptoWaitReady } from '../../scripts/lib/chain.mjs';
import { UsageError } from '../../scripts/lib/exit-codes.mjs';
import { codeCommitment, documentHash, outcomeHash, participantCommitment } from '../../scripts/lib/commitments.mjs';
import { subjectOf, trialSubjectOf, trialSubjectSuri } from '../../scripts/lib/subjects.mjs';
import { GROUPS, groupOf, parseGroupCommandLine } from '../../scripts/lib/hc-groups.mjs';
import { pricedList } from '../../scripts/lib/claims.mjs';

test('a code is committed under the program secret: another secret or code gives another commitment', () => {
  const c = codeCommitment('s3cret', '99213');
  assert.match(c, /^0x[0-9a-f]{64}$/);
  assert.equal(c, codeCommitment('s3cret', '99213'));
  assert.notEqual(c, codeCommitment('other', '99213'));
  assert.notEqual(c, codeCommitment('s3cret', '99214'));
  // Length-prefixed: moving a character from the secret to the code changes the commitment.
  assert.notEqual(codeCommitment('ab', 'c'), codeCommitment('a', 'bc'));
  assert.throws(() => codeCommitment('', '99213'), TypeError);
  assert.deepEqual(pricedList(['99213=5', `0x${'ab'.repeat(32)}=7`], 's3cret', '--service'), [[c, 5n], [`0x${'ab'.repeat(32)}`, 7n]]);
  assert.throws(() => pricedList(['99213'], 's3cret', '--service'), UsageError);
  assert.throws(() => pricedList(['99213=5'], undefined, '--service'), UsageError);
});

test('documents hash to their SHA-256, outcomes to blake2_256 of their text; 0x-hashes pass as they are', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hc-commit-'));
  try {
    const file = join(dir, 'doc');
    writeFileSync(file, 'abc');
    assert.equal(documentHash(file), '0xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const hash = `0x${'CD'.repeat(32)}`;
  assert.equal(documentHash(hash), hash.toLowerCase());
  assert.equal(outcomeHash(hash), hash.toLowerCase());
  assert.equal(outcomeHash('abc'), '0xbddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319');
});

test('a trial subject is a hard derivation for one trial, apart from the custodian subjects; its commitment needs the salt', async () => {
  await cryptoWaitReady();
  assert.equal(trialSubjectSuri('//Alice', 7), '//Alice//healthchain//trial//7');
  const [a, b] = [trialSubjectOf('//Alice', 7), trialSubjectOf('//Alice', 8)];
  assert.notEqual(a.address, b.address);
  assert.notEqual(a.address, subjectOf('//Alice', 7).address);
  assert.notDeepEqual(a.blindKey, b.blindKey);
  const salt = `0x${'01'.repeat(32)}`;
  const c = participantCommitment(a.address, salt);
  assert.match(c, /^0x[0-9a-f]{64}$/);
  assert.notEqual(c, participantCommitment(a.address, `0x${'02'.repeat(32)}`));
  assert.notEqual(c, participantCommitment(b.address, salt));
  assert.throws(() => participantCommitment(a.address, '0x01'), TypeError);
  assert.throws(() => trialSubjectSuri('//Alice', -1), RangeError);
});

test('hc claims and hc trials parse strictly, with help for the group and each command', () => {
  assert.equal(groupOf(['claims', 'submit']), 'claims');
  assert.equal(groupOf(['--url', 'ws://x', 'trials', 'show', '1']), 'trials');
  assert.equal(groupOf(['help', 'trials']), 'trials');
  assert.equal(groupOf(['tx', 'claims.fundProgram']), null);
  assert.match(parseGroupCommandLine(['claims', '--help']).help, /^usage: hc claims <command>/);
  assert.match(parseGroupCommandLine(['help', 'claims']).help, /^usage: hc claims <command>/);
  for (const [group, { commands }] of Object.entries(GROUPS)) {
    for (const name of Object.keys(commands)) {
      const { help } = parseGroupCommandLine([group, name, '--help']);
      assert.ok(help.startsWith(`usage: hc ${group} ${name}`), `${group} ${name}`);
      assert.deepEqual(parseGroupCommandLine(['help', group, name]), { help });
    }
  }
  assert.deepEqual(parseGroupCommandLine(['trials', 'register', '--primary', 'a', '--primary', 'b', '--site', '3', '--planned', '2', '--json']), {
    command: 'trials', args: ['register'], opts: { primary: ['a', 'b'], site: ['3'], planned: '2', json: true },
  });
  assert.deepEqual(parseGroupCommandLine(['--url', 'ws://x', 'claims', 'claim', '4']), { command: 'claims', args: ['claim', '4'], opts: { url: 'ws://x' } });
  for (const argv of [['claims'], ['claims', 'nope'], ['claims', 'claim'], ['claims', 'claim', '1', '2'], ['claims', 'claim', '1', '--bogus'], ['trials', 'lock', '1', '--dataset']]) {
    assert.throws(() => parseGroupCommandLine(argv), UsageError, argv.join(' '));
  }
});
