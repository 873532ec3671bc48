// A parachain operator's genesis without a Rust edit: one of the runtime's presets (as
// `chain-spec-builder display-preset` prints it) with the para id, the collators and the sudo key
// replaced, to be given to `chain-spec-builder create … patch <file>`, which merges it onto the
// runtime's default genesis (scripts/parachain-spec.sh). Pure functions: nothing here reads a
// file or runs the node (tests/scripts/para-genesis.test.mjs).

import { hexToU8a, isHex } from '@polkadot/util';
import { decodeAddress, encodeAddress } from '@polkadot/util-crypto';
import { signer } from './chain.mjs';

// The runtime decodes the genesis JSON's accounts and keys itself, in WASM, where sp-core knows
// only the SS58 registry's prefixes and its default, the generic one: the chain's own prefix is
// not registered yet (docs/addresses.md), so the genesis is written in the generic form, as the
// presets are.
const GENESIS_SS58 = 42;

/**
 * `JSON.parse` of `text` that keeps every integer exact: one beyond 2^53 (a balance of 10^18 and
 * more) becomes a marked string, which `toJson` writes back as the number it was.
 */
export function parseJson(text) {
  // Strings as `"[^"\\]*(?:\\.[^"\\]*)*"`: one alternation per character would overflow the
  // regular expression engine's stack on a chain spec's megabytes of code.
  const marked = text.replace(/"[^"\\]*(?:\\.[^"\\]*)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g, (token) =>
    /^-?\d+$/.test(token) && !Number.isSafeInteger(Number(token)) ? `"\\u0000int:${token}"` : token);
  return JSON.parse(marked);
}

/** `value` as indented JSON, integers `parseJson` marked (and `exactInteger`'s) written as numbers. */
export function toJson(value) {
  return JSON.stringify(value, null, 2).replace(/"\\u0000int:(-?\d+)"/g, '$1');
}

/** A BigInt as `toJson` writes it: a JSON number, however large. */
const exactInteger = (n) => `\u0000int:${n}`;

/** The largest para id (a `u32`). */
const MAX_PARA_ID = 2 ** 32 - 1;

/**
 * The 32-byte sr25519 public key (an account, or an Aura key) that `text` names: an SS58 address
 * in any form, `0x` and 64 hex digits, or a dev secret URI (`//Alice`, `//Alice//stash`), whose
 * key the keyring derives (never a mnemonic: a secret does not belong on a command line).
 */
export function parseKey(text) {
  if (typeof text !== 'string' || text.trim() === '') throw new Error('a key: an SS58 address, 0x and 64 hex digits, or a dev URI such as //Alice');
  const value = text.trim();
  if (value.startsWith('//')) return signer(value).publicKey;
  if (value.startsWith('0x')) {
    if (!isHex(value, 256)) throw new Error(`${value}: a hex key is 0x and 64 hex digits`);
    return hexToU8a(value);
  }
  let bytes;
  try {
    bytes = decodeAddress(value);
  } catch (e) {
    throw new Error(`${value}: not an SS58 address, 0x key or dev URI (${e.message})`);
  }
  if (bytes.length !== 32) throw new Error(`${value}: not a 32-byte account`);
  return bytes;
}

/**
 * A collator from `ACCOUNT` or `ACCOUNT=AURA` (each a key `parseKey` reads): `{ account, aura }`.
 * Without `=AURA` the account's own key is its Aura key, as in the runtime's presets; an
 * operator who keeps the session key apart gives it after `=` (or sets it later with
 * `session.setKeys`).
 */
export function parseCollator(text) {
  if (typeof text !== 'string') throw new Error('a collator: ACCOUNT or ACCOUNT=AURA_KEY');
  const [account, aura, ...extra] = text.split('=');
  if (extra.length) throw new Error(`${text}: a collator is ACCOUNT or ACCOUNT=AURA_KEY`);
  const accountKey = parseKey(account);
  return { account: accountKey, aura: aura === undefined ? accountKey : parseKey(aura) };
}

/** `{ account, amount }` from `ACCOUNT=AMOUNT`: a key `parseKey` reads, and a balance in plancks (10^-12 HCT). */
export function parseBalance(text) {
  const [account, amount, ...extra] = typeof text === 'string' ? text.split('=') : [];
  if (amount === undefined || extra.length || !/^\d+$/.test(amount.trim()) || BigInt(amount.trim()) === 0n) {
    throw new Error(`${text}: a balance is ACCOUNT=AMOUNT, the amount a whole number of plancks above 0`);
  }
  return { account: parseKey(account), amount: BigInt(amount.trim()) };
}

/** `key` (32 bytes) as the genesis JSON writes accounts and keys. */
export const genesisAddress = (key) => encodeAddress(key, GENESIS_SS58);

/** The object at `genesis[name]`, or an error saying the preset is not the parachain's. */
function section(genesis, name) {
  const found = genesis[name];
  if (!found || typeof found !== 'object') {
    throw new Error(`the preset has no ${name}: is it the parachain runtime's (healthchain_parachain_runtime.compact.compressed.wasm)?`);
  }
  return found;
}

/**
 * `preset` (the JSON of a runtime preset) with, each when given: `paraId` in
 * `parachainInfo.parachainId`; `collators` (`parseCollator`'s) as the invulnerable collators of
 * `collatorSelection` and the `session` keys (each collator's account as account and validator,
 * its Aura key as its session key); `sudo` (32 bytes) as `sudo.key`; `balances`
 * (`parseBalance`'s) as every balance at genesis, in place of the preset's (which fund the
 * well-known dev accounts). Everything else is the preset's. The preset is not changed.
 */
export function patchGenesis(preset, { paraId, collators, sudo, balances } = {}) {
  if (!preset || typeof preset !== 'object' || Array.isArray(preset)) throw new Error('the preset is a JSON object');
  const genesis = structuredClone(preset);
  if (paraId !== undefined) {
    if (!Number.isInteger(paraId) || paraId < 0 || paraId > MAX_PARA_ID) throw new Error(`para id ${paraId}: a whole number below 2^32`);
    section(genesis, 'parachainInfo').parachainId = paraId;
  }
  if (collators !== undefined) {
    if (collators.length === 0) throw new Error('at least one collator: a parachain without one produces no block');
    for (const field of ['account', 'aura']) {
      const seen = new Set(collators.map((c) => genesisAddress(c[field])));
      if (seen.size !== collators.length) throw new Error(`two collators with the same ${field === 'aura' ? 'Aura key' : 'account'}`);
    }
    section(genesis, 'collatorSelection').invulnerables = collators.map((c) => genesisAddress(c.account));
    section(genesis, 'session').keys = collators.map((c) => [genesisAddress(c.account), genesisAddress(c.account), { aura: genesisAddress(c.aura) }]);
  }
  if (sudo !== undefined) section(genesis, 'sudo').key = genesisAddress(sudo);
  if (balances !== undefined) {
    if (new Set(balances.map((b) => genesisAddress(b.account))).size !== balances.length) throw new Error('two balances for the same account');
    section(genesis, 'balances').balances = balances.map((b) => [genesisAddress(b.account), exactInteger(b.amount)]);
  }
  return genesis;
}

/** The para id a genesis (`patchGenesis`'s, or a preset) carries, for the spec's extension. */
export function paraIdOf(genesis) {
  const id = section(genesis, 'parachainInfo').parachainId;
  if (!Number.isInteger(id)) throw new Error(`the genesis has no para id (${id})`);
  return id;
}

/**
 * The `--properties` argument of `chain-spec-builder create` (`KEY=VALUE,…`) from the properties
 * of a chain spec (`spec.properties`): the token and the SS58 prefix the parachain shares with
 * the solo chain, whose node writes them from the runtime's constants.
 */
export function propertiesArgument(spec) {
  const properties = spec?.properties;
  if (!properties || typeof properties !== 'object') throw new Error('the chain spec has no properties');
  const entries = ['tokenSymbol', 'tokenDecimals', 'ss58Format'].map((key) => {
    const value = properties[key];
    if (value === undefined || value === null) throw new Error(`the chain spec's properties have no ${key}`);
    if (/[,=]/.test(String(value))) throw new Error(`${key} ${value}: a property value holds no ',' or '='`);
    return `${key}=${value}`;
  });
  return entries.join(',');
}
