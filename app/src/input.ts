// Reading what a person typed into a form: account addresses, record numbers, a patient's blind
// key; each check says what is wrong in plain words. And the small helpers every form uses.

import { chainAddress } from '@lib/chain.mjs';
import { stringToU8a } from '@polkadot/util';
import { blake2AsHex, decodeAddress } from '@polkadot/util-crypto';

/** The value of an input, select or textarea element from its event. */
export const valueOf = (e: Event) => (e.target as HTMLInputElement).value;

/** An Error's message, for showing. */
export const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Whether `text` is the http(s) address of a service (a gatekeeper, an indexer): no query, no fragment. */
export function isServiceUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !url.search && !url.hash;
  } catch {
    return false;
  }
}

/** Whether `text` is an account address (SS58). */
export function isAddress(text: string): boolean {
  try {
    decodeAddress(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * `text`, an address in any SS58 form, in the form of the chain the app is connected to: the form
 * of the chain's answers and of the app's accounts, so that it compares with them as text. Null
 * when `text` is not an address.
 */
export function addressOf(text: string): string | null {
  try {
    const account = decodeAddress(text.trim());
    return account.length === 32 ? chainAddress(account) : null;
  } catch {
    return null;
  }
}

/** Whether two addresses name the same account, whatever their SS58 prefixes. */
export function sameAccount(a: string, b: string): boolean {
  try {
    const [x, y] = [decodeAddress(a), decodeAddress(b)];
    return x.length === y.length && x.every((byte, i) => byte === y[i]);
  } catch {
    return false;
  }
}

/**
 * `text` as an account address in the chain's form (`addressOf`), or an Error saying what is
 * wrong with it; `what` names it ("the patient's account").
 */
export function parseAddress(text: string, what: string): string {
  const value = text.trim();
  if (!value) throw new Error(`Enter ${what}.`);
  const address = addressOf(value);
  if (!address) {
    throw new Error(`${what[0].toUpperCase()}${what.slice(1)} is not an account address (copy it whole from the wallet or the app: it is about 48 letters and digits).`);
  }
  return address;
}

/** `text` as a record id (a whole number), or an Error. */
export function parseRecordId(text: string): number {
  const value = text.trim();
  if (!/^\d{1,15}$/.test(value)) throw new Error('Enter the record number (a whole number, e.g. 3).');
  return Number(value);
}

/** A patient's blind key from their check-in card: 0x and 64 hex digits. */
export function parseBlindKeyHex(text: string): string {
  const value = text.trim();
  if (!value) throw new Error("Enter the patient's blind key from their check-in card.");
  if (!/^0x[0-9a-fA-F]{64}$/.test(value)) throw new Error("The patient's blind key is 0x followed by 64 hexadecimal digits, as printed on the check-in card.");
  return value.toLowerCase();
}

/**
 * BLAKE2b-256 of a text's UTF-8 bytes, as 0x-hex: what goes on chain in place of a note, a
 * justification or a report, which stay off chain with their author.
 */
export const textHash = (text: string): string => blake2AsHex(stringToU8a(text), 256);

/** A hash or key shortened for the eye: `0x1234abcd…89abcdef`. */
export const shortHex = (hex: string): string => (typeof hex === 'string' && hex.length > 20 ? `${hex.slice(0, 10)}…${hex.slice(-8)}` : String(hex));
