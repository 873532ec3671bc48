// A patient's identities: the account itself and its pseudonymous subjects, one per custodian
// (scripts/lib/subjects.mjs). Each has its own address, blind key (to read its records' codes)
// and key pair; the portal signs as the identity it shows.

import { blindKeyFromSuri } from '@lib/blind.mjs';
import { subjectOf } from '@lib/subjects.mjs';
import { accountFromSecret, type Account } from '../../accounts';

export interface Identity {
  /** Stable key for the selector: `main`, or `org:index`. */
  key: string;
  /** "Me (main account)", "Me at General Hospital". */
  label: string;
  /** The same inside a sentence: "your main account", "your identity at General Hospital". */
  phrase: string;
  address: string;
  /** The identity's secret URI, when the tab holds the patient's secret. */
  suri?: string;
  /** The identity's blind key, from its secret URI. */
  blindKey?: Uint8Array;
  /** The custodian a subject is for. */
  org?: number;
  /** 0 for the first subject at `org`, 1… for further ones. */
  index?: number;
  /** What signs for the identity. */
  account: Account;
}

export function mainIdentity(account: Account): Identity {
  return {
    key: 'main',
    label: 'Me (main account)',
    phrase: 'your main account',
    address: account.address,
    suri: account.suri,
    blindKey: account.suri ? blindKeyFromSuri(account.suri) : undefined,
    account,
  };
}

export function subjectLabel(orgName: string, index: number): string {
  return index === 0 ? `Me at ${orgName}` : `Me at ${orgName} (separate identity ${index})`;
}

/** The subject of the patient's secret `suri` at organization `org`. */
export function subjectIdentity(suri: string, org: number, index: number, orgName: string): Identity {
  const subject = subjectOf(suri, org, index);
  const label = subjectLabel(orgName, index);
  return {
    key: `${org}:${index}`,
    label,
    phrase: index === 0 ? `your identity at ${orgName}` : `your separate identity ${index} at ${orgName}`,
    address: subject.address,
    suri: subject.suri,
    blindKey: subject.blindKey,
    org,
    index,
    account: accountFromSecret(subject.suri, label, 'secret'),
  };
}
