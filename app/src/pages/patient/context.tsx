// What every section of the patient portal shares: the identity it works on, the organizations,
// the chain's clock, and how to name an account.

import type { ApiPromise } from '@polkadot/api';
import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import { useAccounts, type Account } from '../../accounts';
import { Address } from '../../components/ui';
import { orgName, readMembership, type Membership, type Organization } from '../../orgs';
import { memberRoleWords } from '../../words';
import type { Identity } from './identity';

export interface PatientState {
  api: ApiPromise;
  identity: Identity;
  /** Every identity of the patient (main account and subjects), to recognise them in lists. */
  identities: Identity[];
  organizations: Organization[];
  /** The chain's time (ms) at the latest block read. */
  now: number;
  /** Whether the tab holds the identity's secret (codes can be read, the identity signs). */
  hasSecret: boolean;
  /** An account in words for a sentence: "Dave (account 5DAAnr…3PTXFy)", "the account 5DAAnr…3PTXFy". */
  accountWords: (address: string) => string;
}

const shortAddress = (a: string) => `${a.slice(0, 6)}…${a.slice(-6)}`;

/** `accountWords` of `PatientState`, from the patient's identities and the accounts the app knows. */
export function accountWordsFrom(identities: Identity[], accounts: Account[]) {
  return (address: string) => {
    const own = identities.find((i) => i.address === address);
    if (own) return `you (${own.phrase})`;
    const known = accounts.find((a) => a.address === address);
    return known ? `${known.name} (account ${shortAddress(address)})` : `the account ${shortAddress(address)}`;
  };
}

export const PatientContext = createContext<PatientState | null>(null);

export function usePatient(): PatientState {
  const state = useContext(PatientContext);
  if (!state) throw new Error('usePatient outside the patient portal');
  return state;
}

/** The account a section signs with: the identity's own (a subject's key, or the chosen account). */
export const signerOf = (identity: Identity): Account => identity.account;

const membership = new Map<string, Promise<Membership | null>>();

/** The organization `address` belongs to, its roles there and whether it is the admin (cached a minute). */
function membershipOf(api: ApiPromise, address: string) {
  let found = membership.get(address);
  if (!found) {
    found = readMembership(api, address);
    membership.set(address, found);
    setTimeout(() => membership.delete(address), 60_000);
  }
  return found;
}

/**
 * An account as a person reads it: "you (Me at General Hospital)", a known account's name, and
 * its organization and roles there when it belongs to one; the address follows for the record.
 */
export function Party({ address }: { address: string }) {
  const { api, identities, organizations } = usePatient();
  const { accounts } = useAccounts();
  const [member, setMember] = useState<Membership | null>(null);
  useEffect(() => {
    let live = true;
    membershipOf(api, address).then(
      (m) => live && setMember(m),
      () => live && setMember(null),
    );
    return () => {
      live = false;
    };
  }, [api, address]);
  const own = identities.find((i) => i.address === address);
  const known = accounts.find((a) => a.address === address);
  const name = own ? `you (${own.phrase})` : known ? known.name : null;
  const role = member
    ? `${member.isAdmin ? 'admin' : member.roles.map((r) => memberRoleWords(r).toLowerCase()).join(', ') || 'member'} at ${orgName(organizations, member.org)}`
    : null;
  return (
    <span class="party">
      {name && <strong>{name}</strong>}
      {name && role ? ', ' : ''}
      {role}
      {(name || role) && ' '}
      <Address value={address} />
    </span>
  );
}

/**
 * A status line for a section whose actions remove the button that made them (revoking a grant
 * removes the grant from the list): the outcome is said here, where it stays.
 */
export function useOutcome(testId: string) {
  const [text, setText] = useState('');
  const line = (
    <p role="status" class="patient-outcome" data-testid={testId}>
      {text}
    </p>
  );
  return { line, say: (t: string) => setText(t) };
}
