// Identifiers and trading partners for the supply-chain end-to-end tests: random GS1 keys under
// a company prefix no other test uses, units as the pallet's calls take them, and organizations
// of each trading kind with a staff member and their own prefix.

import { randomInt } from 'node:crypto';
import { withCheckDigit } from '../../scripts/lib/gs1.mjs';
import { freshAccounts, registerOrg, sudo } from './helpers.mjs';

/** Text as hex bytes: unambiguous for polkadot.js (a serial is never mistaken for hex). */
export const text = (s) => `0x${Buffer.from(s, 'latin1').toString('hex')}`;
/** Bytes back to text. */
export const str = (u8a) => Buffer.from(u8a).toString('latin1');
export const digits = (n) => Array.from({ length: n }, () => randomInt(10)).join('');
/**
 * A 9-digit GS1 company prefix no other test uses (prefixes are chain-wide, one holder each).
 * It starts with 7 or 8: never a restricted circulation prefix (02, 04, 2x), nor the start of
 * a demo company's prefix.
 */
export const newPrefix = () => `${7 + randomInt(2)}${digits(8)}`;
/** A GTIN-14 of the party's company prefix no other test uses (products are chain-wide). */
export const newGtin = (party) => withCheckDigit(`0${party.prefix}${digits(12 - party.prefix.length)}`);
/** An SSCC of the party's company prefix no other test uses. */
export const newSscc = (party) => withCheckDigit(`3${party.prefix}${digits(16 - party.prefix.length)}`);
/** The same identifier with a wrong check digit. */
export const badCheckDigit = (id) => id.slice(0, -1) + String((Number(id.slice(-1)) + 1) % 10);
export const serials = (prefix, n) => Array.from({ length: n }, (_, i) => `${prefix}${String(i + 1).padStart(2, '0')}`);

export const packUnit = (gtin, serial) => ({ Pack: [text(gtin), text(serial)] });
export const boxUnit = (sscc) => ({ Container: text(sscc) });

// ---- Parties -----------------------------------------------------------------------------------

// Organization kinds: their organization roles and the member role of their staff account.
export const KINDS = {
  maker: { roles: ['Manufacturer'], staff: ['Logistics'] },
  wholesaler: { roles: ['Wholesaler'], staff: ['Logistics'] },
  pharmacy: { roles: ['Dispenser'], staff: ['Pharmacist'] },
  regulator: { roles: ['Regulator'], staff: ['Auditor'] },
  logistics: { roles: ['Logistics'], staff: ['Logistics'] },
  bystander: { roles: ['Wholesaler'], staff: ['Logistics'] },
};

/**
 * Registers one organization of each kind named, each with a fresh admin and a fresh staff
 * member holding the kind's member role; then, through sudo, gives every trading partner a fresh
 * GS1 company prefix of its own, for the GTINs and SSCCs it issues. Returns
 * `{ kind: { id, admin, staff, prefix } }` (`prefix` null for a regulator).
 */
export async function parties(api, kinds) {
  const accounts = await freshAccounts(api, kinds.flatMap((k) => [`${k}-admin`, `${k}-staff`]));
  const out = {};
  for (const [i, kind] of kinds.entries()) {
    const [admin, staff] = [accounts[2 * i], accounts[2 * i + 1]];
    const id = await registerOrg(api, admin, KINDS[kind].roles, [[staff, KINDS[kind].staff]]);
    out[kind] = { id, admin, staff, prefix: kind === 'regulator' ? null : newPrefix() };
  }
  const prefixes = Object.values(out).filter((o) => o.prefix).map((o) => api.tx.organizations.setCompanyPrefixes(o.id, [text(o.prefix)]));
  if (prefixes.length) await sudo(api, api.tx.utility.batchAll(prefixes));
  return out;
}
