// The connection to a node: one ApiPromise for the whole app, reconnecting on its own. After a
// runtime upgrade the api re-reads the metadata (calls, errors, runtime APIs) and every view is
// told to read again through `epoch`, which also moves on each new finalized block.

import { setChainAddressFormat } from '@lib/chain.mjs';
import { DEFAULT_INDEXER } from '@lib/indexer-client.mjs';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';

export const DEFAULT_ENDPOINT = 'ws://127.0.0.1:9944';
export const DEFAULT_GATEKEEPER = 'http://127.0.0.1:8650';
/** The indexer the patients' trail is read from as FHIR (scripts/lib/indexer-client.mjs). */
export { DEFAULT_INDEXER };

export type Status = 'connecting' | 'ready' | 'disconnected';

export interface ChainState {
  api: ApiPromise | null;
  status: Status;
  endpoint: string;
  /** The chain's name, its type (`Development`, `Local`, `Live`) and runtime. */
  chain: string;
  chainType: string;
  specName: string;
  specVersion: number;
  /** Number of the latest finalized block. */
  finalized: number;
  /** Moves on every new finalized block and on a runtime upgrade: views read again. */
  epoch: number;
  /** Set once a runtime upgrade happened while the app was open. */
  upgradedFrom: number | null;
  tokenSymbol: string;
  tokenDecimals: number;
  /** The chain's SS58 prefix (from its properties), which every address in the app is written with. */
  ss58Prefix: number | null;
}

export const initialChain = (endpoint: string): ChainState => ({
  api: null,
  status: 'connecting',
  endpoint,
  chain: '',
  chainType: '',
  specName: '',
  specVersion: 0,
  finalized: 0,
  epoch: 0,
  upgradedFrom: null,
  tokenSymbol: 'UNIT',
  tokenDecimals: 12,
  ss58Prefix: null,
});

export const ChainContext = createContext<ChainState>(initialChain(DEFAULT_ENDPOINT));

/** The chain as the nearest provider has it. */
export const useChain = () => useContext(ChainContext);

/** The node endpoint: `?node=` is not used (no data in URLs); kept in this browser's storage. */
export function savedEndpoint(): string {
  return localStorage.getItem('healthchain.endpoint') || DEFAULT_ENDPOINT;
}

export function saveEndpoint(endpoint: string) {
  localStorage.setItem('healthchain.endpoint', endpoint);
}

/** The custodian gatekeeper uploads go to, kept in this browser's storage. */
export function savedGatekeeper(): string {
  return localStorage.getItem('healthchain.gatekeeper') || DEFAULT_GATEKEEPER;
}

export function saveGatekeeper(url: string) {
  localStorage.setItem('healthchain.gatekeeper', url);
}

/** The indexer a patient's trail is exported from, kept in this browser's storage. */
export function savedIndexer(): string {
  return localStorage.getItem('healthchain.indexer') || DEFAULT_INDEXER;
}

export function saveIndexer(url: string) {
  localStorage.setItem('healthchain.indexer', url);
}

/** Keeps `ChainState` for `endpoint`: connects, follows finalized heads and runtime versions. */
export function useConnection(endpoint: string): ChainState {
  const [state, setState] = useState<ChainState>(() => initialChain(endpoint));

  useEffect(() => {
    let closed = false;
    // The api of the runtime the app reads with, and what follows it.
    let current: { api: ApiPromise; provider: WsProvider; unsubs: Array<() => void> } | null = null;
    setState(initialChain(endpoint));
    const update = (patch: Partial<ChainState>) => {
      if (!closed) setState((s) => ({ ...s, ...patch }));
    };

    const retire = (old: typeof current) => {
      if (!old) return;
      old.unsubs.forEach((u) => u());
      old.provider.disconnect().catch(() => {});
    };

    // A runtime upgrade changes calls, errors and runtime APIs. An api that is already open
    // re-reads only part of that (its runtime APIs would go missing), so the app opens a fresh
    // one and keeps the pages on the old one until the new one is ready.
    const open = async (upgradedFrom: number | null) => {
      const provider = new WsProvider(endpoint, 2_500);
      const api = new ApiPromise({ provider, noInitWarn: true });
      const own = { api, provider, unsubs: [] as Array<() => void> };
      // Until the first api is ready, its state is the app's.
      const mine = () => current === own || current === null;
      api.on('disconnected', () => mine() && update({ status: 'disconnected' }));
      api.on('error', () => mine() && update({ status: 'disconnected' }));
      api.on('connected', () => mine() && update({ status: 'connecting' }));
      api.on('ready', async () => {
        if (closed) return retire(own);
        const [chain, chainType, props] = await Promise.all([
          api.rpc.system.chain(),
          api.rpc.system.chainType(),
          api.rpc.system.properties(),
        ]);
        const version = api.runtimeVersion.specVersion.toNumber();
        if (current !== own) {
          retire(current);
          current = own;
        }
        // Before the pages render with this api: the addresses they compare with its answers.
        const ss58Prefix = setChainAddressFormat(api) ?? null;
        update({
          api,
          status: 'ready',
          chain: chain.toString(),
          chainType: chainType.type,
          specName: api.runtimeVersion.specName.toString(),
          specVersion: version,
          tokenSymbol: props.tokenSymbol.isSome ? props.tokenSymbol.unwrap()[0].toString() : 'UNIT',
          tokenDecimals: props.tokenDecimals.isSome ? props.tokenDecimals.unwrap()[0].toNumber() : 12,
          ss58Prefix,
          ...(upgradedFrom !== null ? { upgradedFrom } : {}),
        });
        // Each reconnection fires `ready` again: follow from scratch.
        own.unsubs.splice(0).forEach((u) => u());
        own.unsubs.push(
          await api.rpc.chain.subscribeFinalizedHeads((header) => {
            if (!closed && current === own) setState((s) => ({ ...s, finalized: header.number.toNumber(), epoch: s.epoch + 1 }));
          }),
        );
        let upgrading = false;
        own.unsubs.push(
          await api.rpc.state.subscribeRuntimeVersion((v) => {
            const next = v.specVersion.toNumber();
            if (closed || current !== own || next === version || upgrading) return;
            upgrading = true;
            open(version).catch(() => update({ status: 'disconnected' }));
          }),
        );
      });
    };

    cryptoWaitReady()
      .then(() => open(null))
      .catch(() => update({ status: 'disconnected' }));

    return () => {
      closed = true;
      retire(current);
    };
  }, [endpoint]);

  return state;
}

/** `value` (in the smallest unit) as a decimal amount with the token's symbol. */
export function formatBalance(value: bigint | { toString(): string }, chain: Pick<ChainState, 'tokenDecimals' | 'tokenSymbol'>): string {
  const raw = BigInt(value.toString());
  const unit = 10n ** BigInt(chain.tokenDecimals);
  const whole = raw / unit;
  const frac = (raw % unit).toString().padStart(chain.tokenDecimals, '0').replace(/0+$/, '').slice(0, 6);
  return `${whole.toString()}${frac ? `.${frac}` : ''} ${chain.tokenSymbol}`;
}

/** Whether the chain is a development or local one, where the well-known dev accounts are offered. */
export const isDevChain = (chain: ChainState) => chain.chainType === 'Development' || chain.chainType === 'Local';
