// What the regulator's views share: the acting account's standing at its regulator, the
// registrations waiting for their admin, and lengths of time in words.

import type { ApiPromise } from '@polkadot/api';
import { bytesText, displayName, readMembership, readOrganization, type Organization } from '../../orgs';

/** A registration whose admin has not accepted the role yet. */
export interface PendingRegistration {
  id: number;
  /** The name the organization will have (from its metadata), else its number and roles. */
  name: string;
  offeredTo: string;
  roles: string[];
  credentialHash: string;
  issuer: string;
  metadata: string;
  accreditedBy: string | null;
}

/** A registration waiting for its admin, or null. */
export async function readPendingRegistration(api: ApiPromise, id: number): Promise<PendingRegistration | null> {
  const q = api.query as any;
  const [pending, offer] = await Promise.all([q.organizations.pendingRegistrations(id), q.organizations.adminOffers(id)]);
  if (pending.isNone || offer.isNone) return null;
  const p = pending.unwrap();
  const roles = [...p.roles].map((r: any) => r.type as string);
  const metadata = bytesText(p.metadata);
  return {
    id,
    name: displayName(id, metadata, roles),
    offeredTo: offer.unwrap().toString(),
    roles,
    credentialHash: p.credential.get('hash_').toHex(),
    issuer: bytesText(p.credential.issuer),
    metadata,
    accreditedBy: p.accreditedBy.isSome ? p.accreditedBy.unwrap().toString() : null,
  };
}

/** What the acting account is: its organization, member roles, and what that lets it do here. */
export interface Standing {
  org: Organization | null;
  memberRoles: string[];
  isAdmin: boolean;
  /** Admin of an active regulator: may accredit, suspend, reinstate and revoke (not regulators). */
  accreditor: boolean;
  /** `Auditor` member of an active regulator: reviews emergency accesses for the oversight side. */
  auditor: boolean;
  /** Admin or `Auditor` of an active regulator: the supply chain's regulator decisions. */
  supplyAuthority: boolean;
}

export async function readStanding(api: ApiPromise, address: string): Promise<Standing> {
  const membership = await readMembership(api, address);
  if (!membership) return { org: null, memberRoles: [], isAdmin: false, accreditor: false, auditor: false, supplyAuthority: false };
  const org = await readOrganization(api, membership.org);
  const { roles: memberRoles, isAdmin: admin } = membership;
  const activeRegulator = !!org && org.status === 'Active' && org.roles.includes('Regulator');
  return {
    org,
    memberRoles,
    isAdmin: admin,
    accreditor: activeRegulator && admin,
    auditor: activeRegulator && memberRoles.includes('Auditor'),
    supplyAuthority: activeRegulator && (admin || memberRoles.includes('Auditor')),
  };
}

/** A length of time in words: `45 min`, `2 h 30 min`. */
export function durationText(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `${h} h ${m} min` : `${h} h`;
}
