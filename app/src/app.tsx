// The app's shell: the connection to a node, the account the user acts as, and the pages.
// Routes are `#/patient`, `#/clinician`, `#/pharmacy`, `#/supply`, `#/regulator`: a URL never
// carries an account, a record or any other patient data, and neither does the title.

import type { ComponentType } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { AccountsContext, accountFromSecret, accountKey, devAccounts, inChainForm, useAccounts, walletAccounts, type Account, type AccountsState } from './accounts';
import { ChainContext, isDevChain, saveEndpoint, savedEndpoint, useChain, useConnection } from './chain';
import { Address } from './components/ui';
import { ClinicianPage } from './pages/clinician';
import { PatientPage } from './pages/patient';
import { PharmacyPage } from './pages/pharmacy';
import { RegulatorPage } from './pages/regulator';
import { SupplyPage } from './pages/supply';

interface Route {
  path: string;
  title: string;
  page: ComponentType;
}

export const ROUTES: Route[] = [
  { path: 'patient', title: 'Patient portal', page: PatientPage },
  { path: 'clinician', title: 'Clinician console', page: ClinicianPage },
  { path: 'pharmacy', title: 'Pharmacy: verify a pack', page: PharmacyPage },
  { path: 'supply', title: 'Supply chain', page: SupplyPage },
  { path: 'regulator', title: 'Regulator', page: RegulatorPage },
];

const routeOf = (hash: string) => ROUTES.find((r) => `#/${r.path}` === hash) ?? ROUTES[2];

function useRoute(): Route {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const on = () => setHash(location.hash);
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return routeOf(hash);
}

export function App() {
  const [endpoint, setEndpoint] = useState(savedEndpoint);
  const chain = useConnection(endpoint);
  const route = useRoute();
  const [wallet, setWallet] = useState<Account[]>([]);
  const [secrets, setSecrets] = useState<Account[]>([]);
  const [currentKey, setCurrentKey] = useState<string | null>(null);
  const [walletError, setWalletError] = useState<string | null>(null);

  useEffect(() => {
    document.title = `${route.title} · Healthchain`;
  }, [route]);

  const accounts = useMemo(
    () => [...wallet, ...secrets, ...(isDevChain(chain) ? devAccounts() : [])].map(inChainForm),
    [wallet, secrets, chain.chainType, chain.ss58Prefix],
  );
  const current = accounts.find((a) => accountKey(a) === currentKey) ?? null;

  const accountsState: AccountsState = {
    accounts,
    current,
    select: setCurrentKey,
    walletError,
    connectWallet: async () => {
      try {
        const found = await walletAccounts();
        setWallet(found);
        setWalletError(found.length ? null : 'No wallet extension allowed this app, or it holds no account.');
      } catch (e) {
        setWalletError((e as Error).message);
      }
    },
    addSecret: (suri, name) => {
      const account = inChainForm(accountFromSecret(suri, name, 'secret'));
      setSecrets((s) => [...s.filter((a) => a.address !== account.address), account]);
      setCurrentKey(accountKey(account));
      return account;
    },
  };

  const Page = route.page;
  return (
    <ChainContext.Provider value={chain}>
      <AccountsContext.Provider value={accountsState}>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="top">
          <div class="brand">Healthchain</div>
          <nav aria-label="Pages">
            <ul>
              {ROUTES.map((r) => (
                <li key={r.path}>
                  <a href={`#/${r.path}`} aria-current={r === route ? 'page' : undefined}>
                    {r.title}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <ConnectionBar endpoint={endpoint} onEndpoint={(e) => (saveEndpoint(e), setEndpoint(e))} />
          <AccountPicker />
        </header>
        {chain.upgradedFrom !== null && (
          <div class="notice notice-info" role="status">
            The chain's runtime was upgraded from version {chain.upgradedFrom} to {chain.specVersion}; the app re-read its
            metadata and runtime APIs.
          </div>
        )}
        <main id="main" tabIndex={-1}>
          <h1>{route.title}</h1>
          {chain.status === 'ready' ? <Page /> : <p role="status">{chain.status === 'connecting' ? `Connecting to ${endpoint}…` : `Cannot reach ${endpoint}; retrying.`}</p>}
        </main>
      </AccountsContext.Provider>
    </ChainContext.Provider>
  );
}

function ConnectionBar({ endpoint, onEndpoint }: { endpoint: string; onEndpoint: (e: string) => void }) {
  const chain = useChain();
  const [draft, setDraft] = useState(endpoint);
  return (
    <form
      class="conn"
      onSubmit={(e) => {
        e.preventDefault();
        if (/^wss?:\/\/.+/.test(draft)) onEndpoint(draft);
      }}
    >
      <label for="endpoint">Node</label>
      <input id="endpoint" value={draft} onInput={(e) => setDraft((e.target as HTMLInputElement).value)} size={24} />
      <button type="submit" class="btn">
        Connect
      </button>
      <span class={`dot dot-${chain.status}`} data-testid="connection" aria-live="polite">
        {chain.status === 'ready' ? `${chain.chain} · runtime ${chain.specName} v${chain.specVersion} · finalized #${chain.finalized}` : chain.status}
      </span>
    </form>
  );
}

function AccountPicker() {
  const { accounts, current, select, connectWallet, addSecret, walletError } = useAccounts();
  const [secret, setSecret] = useState('');
  const [showSecret, setShowSecret] = useState(false);
  return (
    <div class="accounts">
      <label for="account">Acting as</label>
      <select id="account" value={current ? accountKey(current) : ''} onChange={(e) => select((e.target as HTMLSelectElement).value || null)} data-testid="account">
        <option value="">(no account)</option>
        {accounts.map((a) => (
          <option key={accountKey(a)} value={accountKey(a)}>
            {a.name} ({a.source})
          </option>
        ))}
      </select>
      {current && <Address value={current.address} />}
      <button type="button" class="btn" onClick={connectWallet}>
        Connect wallet
      </button>
      <button type="button" class="btn" onClick={() => setShowSecret(!showSecret)} aria-expanded={showSecret}>
        Use a secret
      </button>
      {walletError && <span class="hint">{walletError}</span>}
      {showSecret && (
        <form
          class="secret"
          onSubmit={(e) => {
            e.preventDefault();
            try {
              addSecret(secret.trim(), 'my account');
              setSecret('');
              setShowSecret(false);
            } catch {
              /* the field stays, marked invalid below */
            }
          }}
        >
          <label for="secret">Secret phrase or URI (kept in this tab only)</label>
          <input id="secret" type="password" autocomplete="off" value={secret} onInput={(e) => setSecret((e.target as HTMLInputElement).value)} />
          <button type="submit" class="btn btn-primary">
            Use
          </button>
        </form>
      )}
    </div>
  );
}
