// Keys for command-line tools: a polkadot.js keystore file unlocked with a password from the
// environment or standard input, and the choice among a keystore, a secret URI and the default
// signer (scripts/lib/chain.mjs). Node.js only: chain.mjs, which the web app shares, reads no
// files.

import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { defaultSigner, pairFromJson, signer } from './chain.mjs';
import { UsageError } from './exit-codes.mjs';

/**
 * The pair of a polkadot.js keystore file (the JSON `pair.toJson(password)` writes and
 * `keyring.addFromJson` reads), unlocked with `password`; locked (its address only) when
 * `password` is undefined. A file that cannot be read or unlocked is a `UsageError`.
 */
export function loadKeystore(file, password) {
  let json;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`cannot read the keystore ${file}: ${e.message}`);
  }
  let pair;
  try {
    pair = pairFromJson(json);
  } catch (e) {
    throw new UsageError(`${file} is not a polkadot.js keystore: ${e.message}`);
  }
  if (password === undefined) return pair;
  try {
    pair.unlock(password);
  } catch {
    throw new UsageError(`cannot unlock the keystore ${file}: wrong password`);
  }
  return pair;
}

/**
 * The password of the keystore `file`: `HC_KEYSTORE_PASSWORD` from `env` when set, else the
 * first line of `input` (standard input), asked for on stderr when it is a terminal.
 */
export async function keystorePassword(file, { env = process.env, input = process.stdin } = {}) {
  if (env.HC_KEYSTORE_PASSWORD !== undefined) return env.HC_KEYSTORE_PASSWORD;
  if (input.isTTY) process.stderr.write(`password of ${file}: `);
  const lines = createInterface({ input, terminal: false, crlfDelay: Infinity });
  try {
    for await (const line of lines) return line;
  } finally {
    lines.close();
  }
  throw new UsageError(`no password for the keystore ${file}: set HC_KEYSTORE_PASSWORD or give it on standard input`);
}

/**
 * Who signs for a command: `keystore` (a file, unlocked as `keystorePassword` says; with
 * `unlock: false` only its address is read), else the secret URI `suri`, else `defaultSigner`
 * (`HC_SURI`, or //Alice on a Development chain only).
 */
export async function signerFor(api, { suri, keystore, unlock = true, env = process.env, input } = {}) {
  if (suri !== undefined && keystore !== undefined) throw new UsageError('give --signer or --keystore, not both');
  if (suri === '') throw new UsageError('--signer is empty');
  if (keystore !== undefined) return loadKeystore(keystore, unlock ? await keystorePassword(keystore, { env, input }) : undefined);
  if (suri !== undefined) return signer(suri);
  return defaultSigner(api, env);
}
