// Moving supply-chain values between the chain's encoding and plain TypeScript: identifiers as
// the ASCII text printed on packs, units, document hashes, expiry dates, and the runtime API's
// answers (verification, pack state, trace, shipments, lots) as plain objects.

import type { ApiPromise } from '@polkadot/api';
import { hexToU8a, isHex, stringToU8a, u8aToHex, u8aToString } from '@polkadot/util';
import { blake2AsHex } from '@polkadot/util-crypto';
import { expiryDate, isGs1Char, isValidGtin, isValidSscc, parseAis } from '@lib/gs1.mjs';
import { textHash } from '../../input';
import { variant } from '../../words';

/** A pack's GS1 identifier as printed on it. */
export interface PackId {
  gtin: string;
  lot: string;
  serial: string;
  expiry: string;
}

/** Text as 0x-hex bytes: unambiguous for polkadot.js (a serial is never mistaken for hex). */
export const bytes = (text: string): string => u8aToHex(stringToU8a(text));

/** Bytes from the chain (0x-hex in JSON, or a codec) as text. */
export function text(value: unknown): string {
  if (typeof value === 'string') return isHex(value) ? u8aToString(hexToU8a(value)) : value;
  if (value && typeof (value as any).toU8a === 'function') return u8aToString((value as any).toU8a(true));
  return '';
}

/** A document hash: a 0x-hex 32-byte value as given, any other text hashed (BLAKE2b-256). */
export function docHash(input: string): string {
  const s = input.trim();
  if (/^0x[0-9a-fA-F]{64}$/.test(s)) return s.toLowerCase();
  return textHash(s);
}

/** The BLAKE2b-256 hash of a file's bytes. */
export async function fileHash(file: File): Promise<string> {
  return blake2AsHex(new Uint8Array(await file.arrayBuffer()), 256);
}

/** A supply-chain unit: a pack by GTIN and serial, or a container by SSCC. */
export type Unit = { kind: 'pack'; gtin: string; serial: string } | { kind: 'container'; sscc: string };

/** A unit as a call argument. */
export const unitArg = (u: Unit) => (u.kind === 'pack' ? { Pack: [bytes(u.gtin), bytes(u.serial)] } : { Container: bytes(u.sscc) });

/** A unit from the chain's JSON (`{ pack: [gtin, serial] }` or `{ container: sscc }`). */
export function unitFromJson(json: any): Unit {
  if (json.pack) return { kind: 'pack', gtin: text(json.pack[0]), serial: text(json.pack[1]) };
  return { kind: 'container', sscc: text(json.container) };
}

export const unitKey = (u: Unit) => (u.kind === 'pack' ? `${u.gtin}/${u.serial}` : u.sscc);

export const unitLabel = (u: Unit) => (u.kind === 'pack' ? `pack ${u.serial} (GTIN ${u.gtin})` : `container ${u.sscc}`);

/** A unit as its identifier is written: `GTIN serial`, or the SSCC. */
export const unitCode = (u: Unit) => (u.kind === 'pack' ? `${u.gtin} ${u.serial}` : u.sscc);

/**
 * Why `serial` (or a lot number) is not acceptable, or null: 1 to 20 characters of the GS1
 * character set 82, as the chain requires.
 */
export function gs1TextProblem(value: string, what: string): string | null {
  if (value.length === 0) return `The ${what} is empty.`;
  if (value.length > 20) return `The ${what} "${value}" is longer than 20 characters.`;
  const bad = [...value].find((c) => !isGs1Char(c));
  if (bad !== undefined) return `The ${what} "${value}" contains ${JSON.stringify(bad)}, which GS1 does not allow (letters, digits and !"%&'()*+,-./:;<=>?_ only).`;
  return null;
}

/** Why `gtin` is not a GTIN-14, or null. */
export function gtinProblem(gtin: string): string | null {
  if (!/^\d{14}$/.test(gtin)) return `A GTIN is 14 digits; "${gtin}" is not (pad shorter GTINs with leading zeros).`;
  if (!isValidGtin(gtin)) return `The GTIN ${gtin} has a wrong check digit.`;
  return null;
}

/** Why `sscc` is not an SSCC, or null. */
export function ssccProblem(sscc: string): string | null {
  if (!/^\d{18}$/.test(sscc)) return `An SSCC is 18 digits; "${sscc}" is not.`;
  if (!isValidSscc(sscc)) return `The SSCC ${sscc} has a wrong check digit.`;
  return null;
}

/**
 * One unit from a line a person typed or scanned: an SSCC (18 digits, or `(00)…` in any GS1
 * form), a pack's element string or Digital Link (its GTIN and serial), or a GTIN and serial
 * separated by a space. Throws with a plain message.
 */
export function parseUnit(line: string): Unit {
  const s = line.trim();
  if (/^\d{18}$/.test(s)) {
    const problem = ssccProblem(s);
    if (problem) throw new Error(problem);
    return { kind: 'container', sscc: s };
  }
  const pair = s.match(/^(\d{14})\s+(\S+)$/);
  if (pair) {
    const problem = gtinProblem(pair[1]) ?? gs1TextProblem(pair[2], 'serial');
    if (problem) throw new Error(problem);
    return { kind: 'pack', gtin: pair[1], serial: pair[2] };
  }
  let fields: Record<string, string>;
  try {
    fields = parseAis(s) as Record<string, string>;
  } catch (e) {
    throw new Error(`"${s}": ${(e as Error).message}`);
  }
  if (fields['00']) return { kind: 'container', sscc: fields['00'] };
  if (fields['01'] && fields['21']) return { kind: 'pack', gtin: fields['01'], serial: fields['21'] };
  throw new Error(`"${s}" names neither a pack (GTIN and serial) nor a container (SSCC).`);
}

/**
 * The pack a person typed or scanned (`parseUnit`), for a form about one pack (`about`: "a
 * declaration"): the pack, or what is wrong; neither while nothing is typed.
 */
export function parsePack(code: string, about: string): { pack: { gtin: string; serial: string } | null; problem: string | null } {
  if (!code.trim()) return { pack: null, problem: null };
  try {
    const unit = parseUnit(code);
    if (unit.kind === 'pack') return { pack: { gtin: unit.gtin, serial: unit.serial }, problem: null };
    return { pack: null, problem: `That is a container: ${about} is about one pack.` };
  } catch (e) {
    return { pack: null, problem: (e as Error).message };
  }
}

/** Units, one per line; throws naming the first bad line, or a unit given twice. */
export function parseUnits(textBlock: string, max: number): Unit[] {
  const lines = textBlock.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
  if (lines.length === 0) throw new Error('List at least one pack or container, one per line.');
  if (lines.length > max) throw new Error(`At most ${max} units at once; ${lines.length} are listed.`);
  const units = lines.map((l, i) => {
    try {
      return parseUnit(l);
    } catch (e) {
      throw new Error(`Line ${i + 1}: ${(e as Error).message}`);
    }
  });
  const seen = new Set<string>();
  for (const u of units) {
    if (seen.has(unitKey(u))) throw new Error(`The ${unitLabel(u)} is listed twice.`);
    seen.add(unitKey(u));
  }
  return units;
}

/** A date input's `YYYY-MM-DD` as the GS1 expiry `YYMMDD`; throws when it is not a real date. */
export function expiryFromDate(date: string): string {
  const m = date.match(/^(\d{4})-(\d{2})-(\d{2})$/);
  if (!m) throw new Error('Choose the expiry date.');
  const yymmdd = `${m[1].slice(2)}${m[2]}${m[3]}`;
  if (expiryDate(yymmdd) !== date) throw new Error(`${date} cannot be written as a GS1 expiry date (too far from today).`);
  return yymmdd;
}

/** `YYMMDD` as the day it means (`YYYY-MM-DD`, day 00 the month's last), or the text itself. */
export function expiryText(yymmdd: string): string {
  try {
    return expiryDate(yymmdd);
  } catch {
    return yymmdd;
  }
}

/** A chain time (ms since the Unix epoch) in UTC, to the minute. */
export function timeText(ms: number): string {
  if (!ms) return 'at genesis';
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The chain's current time (the latest block's timestamp), in ms. */
export async function chainNow(api: ApiPromise): Promise<number> {
  return Number((await api.query.timestamp.now()).toString());
}

/** The verification router's answer. */
export interface Verification {
  verified: boolean;
  /** The router's code, e.g. `No_match_GTIN_Serial`. */
  failureReason: string | null;
  /** Additional information: `Expired`, `Recalled`, `Suspect`, `Illegitimate`, `Dispensed`, `Decommissioned:Stolen`, `InTransit`, `ProductDeactivated`. */
  info: string[];
  sellable: boolean;
  holder: number | null;
  owner: number | null;
}

/** The router's names of the failure reasons. */
export const FAILURE_CODES: Record<string, string> = {
  NoMatchGtinSerial: 'No_match_GTIN_Serial',
  NoMatchGtinSerialLot: 'No_match_GTIN_Serial_Lot',
  NoMatchGtinSerialExpiry: 'No_match_GTIN_Serial_Expiry',
  NoMatchGtinSerialLotExpiry: 'No_match_GTIN_Serial_Lot_Expiry',
};

export async function verifyPack(api: ApiPromise, id: PackId): Promise<Verification> {
  const r: any = (await api.call.supplyChainApi.verify(bytes(id.gtin), bytes(id.serial), bytes(id.lot), bytes(id.expiry))).toJSON();
  return {
    verified: !!r.verified,
    failureReason: r.failureReason ? FAILURE_CODES[variant(r.failureReason)[0]] ?? variant(r.failureReason)[0] : null,
    info: (r.additionalInfo as any[]).map((i) => {
      const [name, value] = variant(i);
      return value ? `${name}:${variant(value)[0]}` : name;
    }),
    sellable: !!r.sellable,
    holder: r.holder ?? null,
    owner: r.owner ?? null,
  };
}

/** A pack's stored record and effective state (`supplyChainApi.packState`). */
export interface PackState {
  lot: string;
  /** `Active`, `InTransit`, `Dispensed` or `Decommissioned`. */
  status: string;
  /** The shipment while in transit, the reason while decommissioned. */
  statusDetail: string | number | null;
  owner: number;
  custodian: number;
  parent: string | null;
  topContainer: string | null;
  recalled: boolean;
  expired: boolean;
  alert: { kind: string; by: number; at: number; reason: string } | null;
  ended: { by: number; at: number } | null;
  commissionedAt: number;
}

export async function packState(api: ApiPromise, gtin: string, serial: string): Promise<PackState | null> {
  const r: any = (await api.call.supplyChainApi.packState(bytes(gtin), bytes(serial))).toJSON();
  if (!r) return null;
  const [status, detail] = variant(r.status);
  return {
    lot: text(r.pack.lot),
    status,
    statusDetail: status === 'Decommissioned' ? variant(detail)[0] : detail,
    owner: r.owner,
    custodian: r.custodian,
    parent: r.pack.parent ? text(r.pack.parent) : null,
    topContainer: r.topContainer ? text(r.topContainer) : null,
    recalled: !!r.recalled,
    expired: !!r.expired,
    alert: r.alert ? { kind: variant(r.alert.kind)[0], by: r.alert.by, at: r.alert.at, reason: r.alert.reason } : null,
    ended: r.pack.ended ? { by: r.pack.ended.by, at: r.pack.ended.at } : null,
    commissionedAt: r.pack.commissionedAt,
  };
}

/** One entry of a pack's custody trace. */
export interface TraceItem {
  seq: number;
  at: number;
  unit: Unit;
  /** The step's name: `Commissioned`, `LotRecalled`, `EarlierHistoryDropped`, `Incomplete`, or a recorded step (`Packed`, `Shipped`...). */
  step: string;
  detail: any;
}

export async function traceOf(api: ApiPromise, gtin: string, serial: string): Promise<TraceItem[] | null> {
  const r: any = (await api.call.supplyChainApi.trace(bytes(gtin), bytes(serial))).toJSON();
  if (!r) return null;
  return (r as any[]).map((e) => {
    let [step, detail] = variant(e.step);
    if (step === 'Recorded') [step, detail] = variant(detail);
    return { seq: Number(e.seq), at: Number(e.at), unit: unitFromJson(e.unit), step, detail: detail ?? {} };
  });
}

/** A shipment as the chain keeps it. */
export interface ShipmentInfo {
  id: number;
  from: number;
  to: number;
  units: Unit[];
  tiHash: string;
  transferOwnership: boolean;
  /** `Pending`, `Received`, `Rejected` or `Cancelled`. */
  status: string;
  /** When it was received, rejected or cancelled. */
  closedAt: number | null;
  createdAt: number;
}

export function shipmentFromJson(id: number, s: any): ShipmentInfo {
  const [status, at] = variant(s.status);
  return {
    id,
    from: s.from,
    to: s.to,
    units: (s.units as any[]).map(unitFromJson),
    tiHash: s.tiHash,
    transferOwnership: !!s.transferOwnership,
    status,
    closedAt: at ?? null,
    createdAt: s.createdAt,
  };
}

/** Every shipment stored (closed ones stay until their sender removes them). */
export async function allShipments(api: ApiPromise): Promise<ShipmentInfo[]> {
  const entries = await api.query.supplyChain.shipments.entries();
  return entries
    .map(([key, value]) => shipmentFromJson(Number((key.args[0] as any).toString()), (value as any).toJSON()))
    .sort((a, b) => b.id - a.id);
}

/** A lot as the chain keeps it. */
export interface LotInfo {
  gtin: string;
  lot: string;
  expiry: string;
  expiresAt: number;
  quantity: number;
  commissioned: number;
  recall: { by: number; at: number; reason: string } | null;
  retired: boolean;
}

/** The lots of `gtin`, with whether each is retired. */
export async function lotsOf(api: ApiPromise, gtin: string): Promise<LotInfo[]> {
  const [entries, retired] = await Promise.all([
    api.query.supplyChain.lots.entries(bytes(gtin)),
    api.query.supplyChain.retiredLots.entries(bytes(gtin)),
  ]);
  const retiredSet = new Set(retired.map(([key]) => text(key.args[1])));
  return entries
    .map(([key, value]) => {
      const l: any = (value as any).toJSON();
      const lot = text(key.args[1]);
      return {
        gtin,
        lot,
        expiry: text(l.expiry),
        expiresAt: Number(l.expiresAt),
        quantity: Number(l.quantity),
        commissioned: Number(l.commissioned),
        recall: l.recall ? { by: l.recall.by, at: Number(l.recall.at), reason: l.recall.reason } : null,
        retired: retiredSet.has(lot),
      };
    })
    .sort((a, b) => a.lot.localeCompare(b.lot));
}

/** A product and its manufacturer. */
export interface ProductInfo {
  gtin: string;
  manufacturer: number;
  deactivated: boolean;
}

export async function allProducts(api: ApiPromise): Promise<ProductInfo[]> {
  const [entries, deactivated] = await Promise.all([api.query.supplyChain.products.entries(), api.query.supplyChain.deactivatedProducts.keys()]);
  const off = new Set(deactivated.map((k) => text(k.args[0])));
  return entries
    .map(([key, value]) => {
      const gtin = text(key.args[0]);
      return { gtin, manufacturer: Number((value as any).toJSON().manufacturer), deactivated: off.has(gtin) };
    })
    .sort((a, b) => a.gtin.localeCompare(b.gtin));
}

/** A container with its direct contents. */
export interface ContainerInfo {
  sscc: string;
  kind: string;
  owner: number;
  custodian: number;
  parent: string | null;
  status: string;
  lots: Array<{ gtin: string; lot: string; packs: number }>;
  alerts: number;
  contents: Unit[];
}

export async function containerInfo(api: ApiPromise, sscc: string, limit: number): Promise<ContainerInfo | null> {
  const c: any = (await api.call.supplyChainApi.container(bytes(sscc))).toJSON();
  if (!c) return null;
  const contents: any = (await api.call.supplyChainApi.containerContents(bytes(sscc), null, limit)).toJSON();
  return {
    sscc,
    kind: variant(c.kind)[0],
    owner: c.owner,
    custodian: c.custodian,
    parent: c.parent ? text(c.parent) : null,
    status: variant(c.status)[0],
    lots: (c.lots as any[]).map((l) => ({ gtin: text(l.gtin), lot: text(l.lot), packs: Number(l.packs) })),
    alerts: Number(c.alerts),
    contents: (contents as any[]).map(unitFromJson),
  };
}
