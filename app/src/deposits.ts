// The deposit a call will hold, shown before signing. Amounts come from the runtime's constants
// (`api.consts`) and, where a deposit depends on the size of what is stored, from the SCALE
// encoding of that item built from the call's arguments, as the pallet measures it. Batches add
// up their calls' deposits; `sudo.sudoAs` and `proxy.proxy` are estimated as the account the
// call acts for.

import type { ApiPromise } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';

export interface DepositEstimate {
  /** The amount held, in the smallest unit. */
  amount: bigint;
  /** Whose balance it is held from, in words ("you", "your organization's admin"). */
  from: string;
  /** When it is released, in words. */
  released: string;
}

/** A call as polkadot.js decodes it: `tx.method`, or an element of a batch's `calls`. */
interface CallLike {
  section: string;
  method: string;
  args: any[];
}

/** The deposit `tx` will hold when `signer` submits it, or null when it holds none. */
export async function estimateDeposit(
  api: ApiPromise,
  tx: SubmittableExtrinsic<'promise'>,
  signer: string,
): Promise<DepositEstimate | null> {
  return estimateCall(api, tx.method as unknown as CallLike, signer);
}

const YOU = 'you';
const ADMIN = "your organization's admin";

/** The deposit of one call made by `signer`, or null. */
export async function estimateCall(api: ApiPromise, call: CallLike, signer: string): Promise<DepositEstimate | null> {
  const c = api.consts as any;
  const q = api.query as any;
  const args = call.args;
  const big = (v: any): bigint => BigInt(v.toString());
  switch (`${call.section}.${call.method}`) {
    // ---------------------------------------------------------------- wrappers
    case 'utility.batch':
    case 'utility.batchAll':
    case 'utility.forceBatch': {
      const parts = await Promise.all([...args[0]].map((inner: CallLike) => estimateCall(api, inner, signer)));
      return combine(parts);
    }
    case 'sudo.sudo':
    case 'sudo.sudoUncheckedWeight':
      // Dispatched as Root: calls that hold a deposit need an account and refuse Root, except
      // `organizations.register`, whose deposit is the future admin's.
      return estimateCall(api, args[0], signer);
    case 'sudo.sudoAs':
      return relabel(await estimateCall(api, args[1], lookupAccount(args[0])), signer, lookupAccount(args[0]));
    case 'proxy.proxy':
      return relabel(await estimateCall(api, args[2], lookupAccount(args[0])), signer, lookupAccount(args[0]));

    // ---------------------------------------------------------------- consent
    case 'consent.grant': {
      const [onBehalfOf, grantee, terms] = args;
      const patient = onBehalfOf.isSome ? onBehalfOf.unwrap().toString() : signer;
      const bytes = storedSize(api, 'consent', 'GrantCreated', 'grant', {
        patient,
        grantor: signer,
        grantee: grantee.toU8a(),
        purposes: terms.purposes.toU8a(),
        actions: terms.actions.toU8a(),
        scope: terms.scope.toU8a(),
        dataPeriod: terms.dataPeriod.toU8a(),
        // `valid_from: None` becomes the block's time: a `u64` either way.
        validity: { from: 0, until: terms.validUntil.toU8a() },
        exceptions: terms.exceptions.toU8a(),
        createdAt: 0,
        deposit: 0,
      });
      return {
        amount: big(c.consent.depositBase) + big(c.consent.depositPerByte) * BigInt(bytes),
        from: YOU,
        released: 'when the grant is revoked, or removed once it has expired',
      };
    }
    case 'consent.deny': {
      const [onBehalfOf, actor, terms] = args;
      const patient = onBehalfOf.isSome ? onBehalfOf.unwrap().toString() : signer;
      const bytes = storedSize(api, 'consent', 'DenyRecorded', 'deny', {
        patient,
        recordedBy: signer,
        actor: actor.toU8a(),
        purposes: terms.purposes.toU8a(),
        actions: terms.actions.toU8a(),
        scope: terms.scope.toU8a(),
        labels: terms.labels.toU8a(),
        createdAt: 0,
        deposit: 0,
      });
      return {
        amount: big(c.consent.depositBase) + big(c.consent.depositPerByte) * BigInt(bytes),
        from: same(api, patient, signer) ? YOU : 'the patient',
        released: 'when the deny is revoked',
      };
    }
    case 'consent.appointGuardian':
      return { amount: big(c.consent.guardianDeposit), from: YOU, released: 'when the guardian is removed or resigns' };
    case 'consent.openEmergencyAccess': {
      const admin = await adminOf(api, signer);
      if (!admin) return null;
      return {
        amount: big(c.consent.emergencyDeposit),
        from: same(api, admin, signer) ? `${YOU} (the organization's admin)` : ADMIN,
        released: "at the access's first review, by the patient's side or a regulator's auditor",
      };
    }

    // ---------------------------------------------------------------- records
    case 'records.register':
    case 'records.supersede': {
      const input = args[1];
      // The pallet pays for the encoded tags and locator: (category, type_code, labels, dates, locator).
      const bytes = ['category', 'typeCode', 'labels', 'dates', 'locator'].reduce((n, field) => n + input.get(field).encodedLength, 0);
      return {
        amount: big(c.records.depositBase) + big(c.records.depositPerByte) * BigInt(bytes),
        from: YOU,
        released: 'when the record is erased',
      };
    }
    case 'records.attachKey':
      return {
        amount: big(c.records.depositBase) + big(c.records.depositPerByte) * BigInt(args[2].length),
        from: YOU,
        released: 'when the key is detached, the record erased, or the grant it serves ends',
      };

    // ---------------------------------------------------------------- key directory
    case 'keyDirectory.publishKey': {
      // A replacement keeps the deposit of the first publication.
      if ((await q.keyDirectory.keys(signer)).isSome) return null;
      return { amount: big(c.keyDirectory.keyDeposit), from: YOU, released: 'when you remove your key' };
    }

    // ---------------------------------------------------------------- organizations
    case 'organizations.register':
      return {
        amount: big(c.organizations.organizationDeposit),
        from: 'the new admin once it accepts the role with acceptAdmin (nothing is held now)',
        released: 'when the organization is revoked, to its admin of the day',
      };
    case 'organizations.acceptAdmin': {
      const org = args[0];
      const [pending, offer] = await Promise.all([q.organizations.pendingRegistrations(org), q.organizations.adminOffers(org)]);
      if (offer.isNone || !same(api, offer.unwrap().toString(), signer)) return null;
      if (pending.isSome) {
        return {
          amount: big(c.organizations.organizationDeposit),
          from: YOU,
          released: 'when the organization is revoked, to its admin of the day',
        };
      }
      // A handover: every deposit of the organization moves, still on hold, to the new admin.
      const [organization, invitations] = await Promise.all([q.organizations.organizations(org), q.organizations.pendingInvitations(org)]);
      if (organization.isNone) return null;
      const o = organization.unwrap();
      const amount = big(o.deposit) + big(o.memberDeposits) + big(invitations.deposits);
      if (amount === 0n) return null;
      return {
        amount,
        from: `${YOU} (moved, still on hold, from the current admin)`,
        released: "each as before: a member's when it leaves or is removed, an invitation's when declined or withdrawn, the organization's when it is revoked",
      };
    }
    case 'organizations.addMember':
      return {
        amount: big(c.organizations.memberDeposit),
        from: YOU,
        released: 'when the invitation is declined or withdrawn, or the member leaves or is removed',
      };

    // ---------------------------------------------------------------- supply chain
    case 'supplyChain.registerProduct':
      return orgDeposit(api, signer, big(c.supplyChain.productDeposit), 'when a regulator deactivates the product');
    case 'supplyChain.createLot':
      return orgDeposit(
        api,
        signer,
        big(c.supplyChain.lotDeposit) + big(c.supplyChain.packDeposit) * big(args[3]),
        'when the lot is retired after its expiry',
      );
    case 'supplyChain.pack': {
      // A new container, or one emptied since, is paid for; packing into a paid one holds nothing.
      const key = api.registry.createType(depositKeyType(api), { Container: args[0].toU8a() });
      if ((await q.supplyChain.deposits(key)).isSome) return null;
      return orgDeposit(api, signer, big(c.supplyChain.containerDeposit), 'when the container is emptied');
    }
    case 'supplyChain.ship':
      return orgDeposit(api, signer, big(c.supplyChain.shipmentDeposit), 'when the shipment is removed after it is received, rejected or cancelled');
    default:
      return null;
  }
}

/** Sums the deposits of a batch's calls; null when none holds one. */
function combine(parts: Array<DepositEstimate | null>): DepositEstimate | null {
  const held = parts.filter((p): p is DepositEstimate => p !== null);
  if (held.length === 0) return null;
  const unique = (xs: string[]) => [...new Set(xs)];
  return {
    amount: held.reduce((sum, p) => sum + p.amount, 0n),
    from: unique(held.map((p) => p.from)).join(' and '),
    released: unique(held.map((p) => p.released)).join('; '),
  };
}

/** An estimate made as `actor` (for `sudoAs`, `proxy`), told to `signer`. */
function relabel(estimate: DepositEstimate | null, signer: string, actor: string): DepositEstimate | null {
  if (!estimate || actor === signer) return estimate;
  return { ...estimate, from: estimate.from.replace(/^you\b/, 'the account acted for').replace(/^your organization's admin/, "its organization's admin") };
}

/** The account of a `MultiAddress` argument (an `Id`), as SS58. */
function lookupAccount(address: any): string {
  return address.isId ? address.asId.toString() : address.toString();
}

function same(api: ApiPromise, a: string, b: string): boolean {
  return api.registry.createType('AccountId', a).eq(api.registry.createType('AccountId', b));
}

/** The admin of `who`'s organization, or null when `who` is in none (the call will fail). */
async function adminOf(api: ApiPromise, who: string): Promise<string | null> {
  const q = api.query as any;
  const org = await q.organizations.memberOf(who);
  if (org.isNone) return null;
  const organization = await q.organizations.organizations(org.unwrap());
  return organization.isSome ? organization.unwrap().admin.toString() : null;
}

/** A supply-chain deposit: held from the admin of the signer's organization. */
async function orgDeposit(api: ApiPromise, signer: string, amount: bigint, released: string): Promise<DepositEstimate | null> {
  const admin = await adminOf(api, signer);
  if (!admin) return null;
  return { amount, from: same(api, admin, signer) ? YOU : ADMIN, released };
}

/**
 * The encoded size of the item a pallet stores, built as the type its event `event` carries in
 * field `field` (the stored struct itself, e.g. `Grant<T>` in `GrantCreated`).
 */
function storedSize(api: ApiPromise, pallet: string, event: string, field: string, value: Record<string, unknown>): number {
  const meta = (api.events as any)[pallet][event].meta;
  const index = meta.fields.findIndex((f: any) => f.name.toString() === field);
  if (index < 0) throw new Error(`${pallet}.${event} has no field ${field}`);
  const type = api.registry.createLookupType(meta.fields[index].type);
  return api.registry.createType(type, value).encodedLength;
}

/** The supply chain's `DepositKey` type, the key of its `deposits` map. */
function depositKeyType(api: ApiPromise): string {
  const entry = (api.query as any).supplyChain.deposits.creator.meta.type;
  return api.registry.createLookupType(entry.asMap.key);
}
