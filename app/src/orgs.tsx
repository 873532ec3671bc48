// The accredited organizations, read once for the whole app, and the one way they are named.
//
// An organization's name is what its metadata pointer carries inline as an RFC 2397 data URL
// (`data:,General%20Hospital`, as the demo genesis sets it): the app fetches nothing to name it.
// Any other pointer (a web address, a content id) is not fetched; the organization is then named
// by its number and roles, "Organization 7 (healthcare provider)".

import type { ApiPromise } from '@polkadot/api';
import { isUtf8, u8aToHex, u8aToString } from '@polkadot/util';
import { useEffect, useState } from 'preact/hooks';
import { useChain } from './chain';
import { orgRoleWords, orgStatusWords } from './words';

/** An organization as `organizationsApi.organization` returns it, in plain values, and its name. */
export interface Organization {
  id: number;
  /** Its display name: the text of a data-URL metadata pointer, else its number and roles. */
  name: string;
  admin: string;
  /** `OrgRole` variants: `Provider`, `Manufacturer`… */
  roles: string[];
  status: 'Active' | 'Suspended' | 'Revoked';
  /** The code of the authority behind its licence (a GLN, an agency's code). */
  issuer: string;
  credentialHash: string;
  /** The metadata pointer as text (or 0x-hex when it is not text). */
  metadata: string;
  accreditedBy: string | null;
  accreditedAt: number;
  memberCount: number;
  deposit: bigint;
  memberDeposits: bigint;
  history: Array<{ who: string | null; block: number; action: string; roles: string[] }>;
}

/** Raw bytes of a `Bytes` or `Vec<u8>` codec as text when it is UTF-8 without control characters, else 0x-hex. */
export function bytesText(codec: any): string {
  const raw: Uint8Array = codec.toU8a(true);
  if (raw.length === 0) return '';
  if (isUtf8(raw)) {
    const s = u8aToString(raw);
    if (!/[\u0000-\u001f\u007f-\u009f]/.test(s)) return s;
  }
  return u8aToHex(raw);
}

/** `%XX` escapes as bytes, every other character as its UTF-8 bytes. */
function percentDecode(text: string): Uint8Array {
  const out: number[] = [];
  const utf8 = new TextEncoder();
  for (let i = 0; i < text.length; ) {
    if (text[i] === '%' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      out.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 3;
    } else {
      const char = String.fromCodePoint(text.codePointAt(i)!);
      out.push(...utf8.encode(char));
      i += char.length;
    }
  }
  return new Uint8Array(out);
}

/**
 * The text a `data:` URL carries (RFC 2397): `data:,City%20Clinic`,
 * `data:text/plain;charset=utf-8,…`, `data:;base64,…`. Null for anything else, for a media type
 * other than plain text, and for text that is empty or holds control characters.
 */
export function dataUrlText(pointer: string): string | null {
  const m = /^data:([^,]*),(.*)$/is.exec(pointer.trim());
  if (!m) return null;
  const params = m[1].split(';').map((p) => p.trim());
  const base64 = params.length > 1 && params[params.length - 1].toLowerCase() === 'base64';
  if (base64) params.pop();
  const mediaType = params[0].toLowerCase();
  if (mediaType !== '' && mediaType !== 'text/plain') return null;
  const charset = params.slice(1).map((p) => /^charset=(.+)$/i.exec(p)?.[1]).find(Boolean) ?? 'utf-8';
  let bytes = percentDecode(m[2]);
  let text: string;
  try {
    if (base64) bytes = Uint8Array.from(atob(new TextDecoder().decode(bytes).replace(/\s+/g, '')), (c) => c.charCodeAt(0));
    // US-ASCII, the default, is read as UTF-8: the same for ASCII, and kinder to the rest.
    text = new TextDecoder(/^us-ascii$/i.test(charset) ? 'utf-8' : charset, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
  const name = text.replace(/[ \t\r\n]+/g, ' ').trim();
  return name && !/[\u0000-\u001f\u007f-\u009f]/.test(name) ? name : null;
}

/** Its roles in words, inside a sentence: `healthcare provider, payer`. */
const rolesText = (roles: string[]) => roles.map((r) => orgRoleWords(r).toLowerCase()).join(', ') || 'no role';

/** An organization's display name, from its metadata pointer, else its number and roles. */
export function displayName(id: number, metadata: string, roles: string[]): string {
  return dataUrlText(metadata) ?? `Organization ${id} (${rolesText(roles)})`;
}

/** `organizationsApi.organization(id)`, or null when no organization (yet) has this id. */
export async function readOrganization(api: ApiPromise, id: number): Promise<Organization | null> {
  const opt: any = await (api.call as any).organizationsApi.organization(id);
  if (opt.isNone) return null;
  const o = opt.unwrap();
  const roles = [...o.roles].map((r: any) => r.type as string);
  const metadata = bytesText(o.metadata);
  return {
    id,
    name: displayName(id, metadata, roles),
    admin: o.admin.toString(),
    roles,
    status: o.status.type,
    issuer: bytesText(o.credentialIssuer),
    credentialHash: o.credentialHash.toHex(),
    metadata,
    accreditedBy: o.accreditedBy.isSome ? o.accreditedBy.unwrap().toString() : null,
    accreditedAt: o.accreditedAt.toNumber(),
    memberCount: o.memberCount.toNumber(),
    deposit: o.deposit.toBigInt(),
    memberDeposits: o.memberDeposits.toBigInt(),
    history: [...o.history].map((h: any) => {
      const a = h.action;
      const named = a.isRegistered ? a.asRegistered : a.isRolesSet ? a.asRolesSet : [];
      return {
        who: h.who.isSome ? h.who.unwrap().toString() : null,
        block: h.block.toNumber(),
        action: a.type as string,
        roles: [...named].map((r: any) => r.type as string),
      };
    }),
  };
}

/** Every organization: ids below `organizations.nextOrgId` that hold one. */
async function readAll(api: ApiPromise): Promise<Organization[]> {
  const next = Number((await (api.query as any).organizations.nextOrgId()).toString());
  const found = await Promise.all(Array.from({ length: next }, (_, id) => readOrganization(api, id)));
  return found.filter((o): o is Organization => o !== null);
}

// The organizations as read at the latest `epoch` (each finalized block, each runtime upgrade):
// every view asking at the same epoch shares one read.
let pending: { api: ApiPromise; epoch: number; read: Promise<Organization[]> } | null = null;
let latest: { api: ApiPromise; epoch: number; list: Organization[] } | null = null;

/** Every organization as of `epoch`, read once for all the views that ask. */
export function organizationsAt(api: ApiPromise, epoch: number): Promise<Organization[]> {
  if (pending?.api !== api || pending.epoch !== epoch) {
    const read = readAll(api);
    const mine = { api, epoch, read };
    pending = mine;
    read.then(
      (list) => {
        if (!latest || latest.api !== api || latest.epoch <= epoch) latest = { api, epoch, list };
      },
      () => {
        // A failed read is tried again by the next view that asks.
        if (pending === mine) pending = null;
      },
    );
  }
  return pending!.read;
}

export interface Organizations {
  /** Every organization, by id; empty until the first read. */
  list: Organization[];
  /** Whether the list has been read. */
  loaded: boolean;
  error: string | null;
  get: (id: number | null | undefined) => Organization | undefined;
  /** The organization's name, `Organization 7` while it is unknown, `nobody` for none. */
  name: (id: number | null | undefined) => string;
}

/** Every organization, re-read on each finalized block and after a runtime upgrade. */
export function useOrganizations(): Organizations {
  const { api, epoch } = useChain();
  const [list, setList] = useState<Organization[] | undefined>(() => (latest && latest.api === api ? latest.list : undefined));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!api) return;
    let live = true;
    organizationsAt(api, epoch).then(
      (l) => {
        if (!live) return;
        setList(l);
        setError(null);
      },
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [api, epoch]);
  const all = list ?? [];
  const get = (id: number | null | undefined) => (id === null || id === undefined ? undefined : all.find((o) => o.id === id));
  return { list: all, loaded: list !== undefined, error, get, name: (id) => orgName(all, id) };
}

/** The name of organization `id` among `organizations`: `nobody` for none, `Organization 7` when unknown. */
export function orgName(organizations: Organization[], id: number | null | undefined): string {
  if (id === null || id === undefined) return 'nobody';
  return organizations.find((o) => o.id === id)?.name ?? `Organization ${id}`;
}

/** An organization named for reading; its number, roles, licence and status on hover. */
export function OrgName({ id }: { id: number | null | undefined }) {
  const orgs = useOrganizations();
  const o = orgs.get(id);
  const about = o ? `Organization #${o.id}: ${rolesText(o.roles)}; licence issued by ${o.issuer}; ${orgStatusWords(o.status)}` : undefined;
  return (
    <span data-testid="org-name" data-org={id ?? ''} title={about}>
      {orgs.name(id)}
    </span>
  );
}

/** Where an account belongs: its organization, its member roles there, and whether it is the admin. */
export interface Membership {
  org: number;
  /** `MemberRole` variants. */
  roles: string[];
  isAdmin: boolean;
}

/** The organization `address` belongs to (`organizationsApi.accountInfo`), or null. */
export async function readMembership(api: ApiPromise, address: string): Promise<Membership | null> {
  const info: any = await (api.call as any).organizationsApi.accountInfo(address);
  if (info.isNone) return null;
  const [org, roles, isAdmin] = info.unwrap();
  return { org: org.toNumber(), roles: [...roles].map((r: any) => r.type as string), isAdmin: isAdmin.isTrue };
}
