// Values as `hc --json` prints them: what a script can read with any JSON parser and lose
// nothing. Integers are JSON numbers while they are safe integers (|n| <= 2^53 - 1) and decimal
// strings beyond (balances, u64::MAX as an open end), never locale-formatted (`1,767,312,000,000`,
// what polkadot.js `toHuman()` gives); byte strings are text when printable, hex otherwise;
// hashes and other fixed-size byte arrays hex; accounts SS58; enum variants and struct fields
// named as the metadata names them (`{ "Organization": 0 }`), as `toHuman()` names them.

import { BTreeSet, CodecMap, Compact, Enum, Int, Option, Struct, U8aFixed, UInt } from '@polkadot/types';
import { BN, u8aToHex } from '@polkadot/util';

/** A BigInt as a JSON number when it is a safe integer, else as a decimal string. */
export function bigIntJson(n) {
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString();
}

/** Whether `value` is a polkadot.js codec (a decoded chain value). */
function isCodec(value) {
  return typeof value.toPrimitive === 'function' && typeof value.toU8a === 'function' && value.registry !== undefined;
}

/**
 * `value` (a polkadot.js codec, a BigInt, a BN, bytes, or arrays and objects of them) as a
 * value `JSON.stringify` writes without loss (see the top of this file).
 */
export function jsonValue(value) {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return bigIntJson(value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value !== 'object') return value;
  if (isCodec(value)) return codecJson(value);
  if (BN.isBN(value)) return bigIntJson(BigInt(value.toString()));
  if (value instanceof Uint8Array) return u8aToHex(value);
  if (Array.isArray(value) || value instanceof Set) return [...value].map(jsonValue);
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [mapKey(jsonValue(k)), jsonValue(v)]));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonValue(v)]));
}

/** A map's key as an object key: as it is when text or a number, else its JSON. */
function mapKey(key) {
  return typeof key === 'string' || typeof key === 'number' ? String(key) : JSON.stringify(key);
}

function codecJson(codec) {
  if (codec instanceof UInt || codec instanceof Int) return bigIntJson(codec.toBigInt());
  if (codec instanceof Compact) return codecJson(codec.unwrap());
  if (codec instanceof Option) return codec.isSome ? codecJson(codec.unwrap()) : null;
  // A unit variant is its name, as `toHuman()` gives it; a variant with a value `{ Name: value }`.
  if (codec instanceof Enum) return codec.isBasic || codec.isNone ? codec.type : { [codec.type]: codecJson(codec.inner) };
  if (codec instanceof Struct) {
    const out = {};
    for (const [k, v] of codec.entries()) out[k] = codecJson(v);
    return out;
  }
  if (codec instanceof CodecMap) return Object.fromEntries([...codec.entries()].map(([k, v]) => [mapKey(codecJson(k)), codecJson(v)]));
  // An event's data: by field name when the metadata names every field.
  if (Array.isArray(codec) && Array.isArray(codec.names)) return Object.fromEntries(codec.names.map((name, i) => [name, codecJson(codec[i])]));
  if (Array.isArray(codec) || codec instanceof BTreeSet) return [...codec].map(codecJson);
  // Hashes and other fixed-size byte arrays as hex (an account as SS58), never as text.
  if (codec instanceof U8aFixed) return codec.toJSON();
  return jsonValue(codec.toPrimitive());
}

/** `JSON.stringify` of `jsonValue(value)`, indented by `indent` (none: one line). */
export function toJsonText(value, indent) {
  return JSON.stringify(jsonValue(value), null, indent);
}
