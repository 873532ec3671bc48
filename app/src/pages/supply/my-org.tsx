// The organization the acting account works for in the supply chain, and what it may do there.

import type { Account } from '../../accounts';
import { useChain } from '../../chain';
import { useChainValue } from '../../components/ui';
import { readMembership, useOrganizations, type Organization } from '../../orgs';
import { text } from './codec';

/** Variant names from a chain constant that is a list of roles. */
function roleList(value: any): string[] {
  return (value?.toJSON?.() ?? []) as string[];
}

/** What the acting account is in its organization. */
export interface MyOrg {
  org: Pick<Organization, 'id' | 'name' | 'roles' | 'status'>;
  memberRoles: string[];
  isAdmin: boolean;
  /** Its GS1 company prefixes. */
  prefixes: string[];
  active: boolean;
  /** The organization roles that trade goods (the chain's `supplyChain.tradingRoles`). */
  tradingRoles: string[];
  /** The organization trades goods: it sends and receives shipments. */
  trades: boolean;
  /** Admin, or a member holding a goods-handling role (the chain's `supplyChain.goodsHandlers`). */
  handlesGoods: boolean;
  /** Admin or a member holding one of `roles`. */
  may: (roles: string[]) => boolean;
  /** The organization holds one of `roles`. */
  is: (roles: string[]) => boolean;
}

/** The organization of `account`, or null (no account, or an account in no organization). */
export function useMyOrg(account: Account | null): { me: MyOrg | null; loading: boolean } {
  const { api } = useChain();
  const orgs = useOrganizations();
  const { value, loading } = useChainValue(async () => {
    if (!api || !account) return null;
    const membership = await readMembership(api, account.address);
    if (!membership) return null;
    const prefixes: any = (await api.query.organizations.companyPrefixesOf(membership.org)).toJSON();
    return { ...membership, prefixes: (prefixes as string[]).map(text) };
  }, [account?.address]);
  if (!value) return { me: null, loading };
  const consts = (api?.consts as any)?.supplyChain;
  const tradingRoles = roleList(consts?.tradingRoles);
  const goodsHandlers = roleList(consts?.goodsHandlers);
  const org = orgs.get(value.org) ?? { id: value.org, name: orgs.name(value.org), roles: [], status: 'Active' as const };
  return {
    loading,
    me: {
      org,
      memberRoles: value.roles,
      isAdmin: value.isAdmin,
      prefixes: value.prefixes,
      active: org.status === 'Active',
      tradingRoles,
      trades: org.roles.some((r) => tradingRoles.includes(r)),
      handlesGoods: value.isAdmin || value.roles.some((r) => goodsHandlers.includes(r)),
      may: (roles) => value.isAdmin || value.roles.some((r) => roles.includes(r)),
      is: (roles) => org.roles.some((r) => roles.includes(r)),
    },
  };
}
