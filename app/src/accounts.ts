// The accounts the app can act as: those of a browser wallet (polkadot.js extension, Talisman,
// SubWallet, through @polkadot/extension-dapp), the well-known dev accounts on a development
// chain, and a secret typed in by its owner. A secret stays in this tab's memory: it is never
// stored, logged or sent anywhere.

import { chainAddress, signer } from '@lib/chain.mjs';
import type { Signer } from '@polkadot/api/types';
import type { KeyringPair } from '@polkadot/keyring/types';
import { u8aToHex } from '@polkadot/util';
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

export interface Account {
  address: string;
  name: string;
  /** `dev`, `secret`, or the wallet extension's name. */
  source: string;
  /** An extension's signer. */
  signer?: Signer;
  /** A key held in the tab (dev accounts and typed-in secrets). */
  pair?: KeyringPair;
  /**
   * The secret URI, when the tab holds it: it derives the patient's subjects and blind keys, and
   * the account's X25519 key pair for opening record keys.
   */
  suri?: string;
}

/** The dev accounts of every development genesis (and of `--chain demo`'s sample data). */
export const DEV_URIS = ['//Alice', '//Bob', '//Charlie', '//Dave', '//Eve', '//Ferdie', '//One', '//Two', '//Alice//stash', '//Bob//stash'];

/** An account whose key the tab holds, from a secret URI (a dev URI or a mnemonic). */
export function accountFromSecret(suri: string, name: string, source: 'dev' | 'secret'): Account {
  const pair = signer(suri);
  return { address: pair.address, name, source, pair, suri };
}

/**
 * `account` with its address in the connected chain's SS58 form, the form the chain's own
 * answers use, so that addresses compare as text: wallets hand theirs over in the generic `5…`
 * form, and an account made before the chain was known has that form too.
 */
export const inChainForm = (account: Account): Account => ({ ...account, address: chainAddress(account.address) });

/** Tells apart the same address offered by two sources (a wallet and the dev accounts). */
export const accountKey = (a: Account) => `${a.source}:${a.address}`;

export const devAccounts = (): Account[] => DEV_URIS.map((suri) => accountFromSecret(suri, suri.slice(2).replace('//', ' '), 'dev'));

/** The accounts of every wallet extension in the page, after the user has allowed the app. */
export async function walletAccounts(): Promise<Account[]> {
  const { web3Enable, web3Accounts, web3FromSource } = await import('@polkadot/extension-dapp');
  const extensions = await web3Enable('Healthchain');
  if (extensions.length === 0) return [];
  const found = await web3Accounts({ accountType: ['sr25519', 'ed25519', 'ecdsa'] });
  const accounts: Account[] = [];
  for (const a of found) {
    const injector = await web3FromSource(a.meta.source);
    accounts.push({ address: a.address, name: a.meta.name ?? a.address.slice(0, 8), source: a.meta.source, signer: injector.signer });
  }
  return accounts;
}

/**
 * Signs `bytes` as `account`: with the tab's key directly, or by the wallet (which wraps them in
 * `<Bytes>…</Bytes>`; the gatekeeper accepts both). Resolves with the signature as 0x-hex.
 */
export async function signRaw(account: Account, bytes: Uint8Array): Promise<string> {
  if (account.pair) return u8aToHex(account.pair.sign(bytes));
  if (!account.signer?.signRaw) throw new Error(`the wallet of ${account.name} cannot sign raw data`);
  const { signature } = await account.signer.signRaw({ address: account.address, data: u8aToHex(bytes), type: 'bytes' });
  return signature;
}

/** What the gatekeeper client needs of an account: its address and a raw signer. */
export const requester = (account: Account) => ({ address: account.address, signRaw: (bytes: Uint8Array) => signRaw(account, bytes) });

export interface AccountsState {
  accounts: Account[];
  /** The account the user acts as, or null. */
  current: Account | null;
  /** Acts as the account of `accountKey`, or none. */
  select: (key: string | null) => void;
  /** Asks the wallet extensions for their accounts. */
  connectWallet: () => Promise<void>;
  /** Adds an account from a secret the user typed (kept in memory only). */
  addSecret: (suri: string, name: string) => Account;
  walletError: string | null;
}

export const AccountsContext = createContext<AccountsState>({
  accounts: [],
  current: null,
  select: () => {},
  connectWallet: async () => {},
  addSecret: () => {
    throw new Error('no accounts provider');
  },
  walletError: null,
});

export const useAccounts = () => useContext(AccountsContext);
