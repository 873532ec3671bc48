// "Encryption key": the clinician's X25519 key pair, which opens the record keys sealed to it,
// and its public half in the key directory, where patients' wallets and colleagues find it.

import { x25519FromSuri } from '@lib/hpke.mjs';
import { u8aToHex } from '@polkadot/util';
import { useState } from 'preact/hooks';
import { accountFromSecret, type Account } from '../../accounts';
import { useChain } from '../../chain';
import { TxButton } from '../../components/TxButton';
import { Field, Notice, Section, useChainValue } from '../../components/ui';
import { messageOf, valueOf } from '../../input';
import type { KeyPair } from './shared';

/** The public key `who` has published, as 0x-hex, and its version; null when none. */
export function usePublishedKey(who: string | null) {
  const { api } = useChain();
  return useChainValue<{ key: string; version: number } | null>(async () => {
    if (!api || !who) return null;
    const found = await (api.call as any).keyDirectoryApi.keyOf(who);
    if (found.isNone) return null;
    const entry = found.unwrap();
    return { key: entry.key.toHex(), version: entry.version.toNumber() };
  }, [who]);
}

export function EncryptionKeySection({
  account,
  keys,
  fromSecret,
  onSecret,
}: {
  account: Account;
  keys: KeyPair | null;
  /** Whether `keys` come from a decryption secret typed in here. */
  fromSecret: boolean;
  onSecret: (keys: KeyPair | null) => void;
}) {
  const { api } = useChain();
  const published = usePublishedKey(account.address);
  const [secret, setSecret] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [otherAccount, setOtherAccount] = useState(false);
  // Once used, the button stays to show how its transaction went, even after the key is read back.
  const [publishing, setPublishing] = useState(false);
  const mine = keys ? u8aToHex(keys.publicKey) : null;
  const matches = published.value && mine ? published.value.key === mine : null;

  const useSecret = async (e: Event) => {
    e.preventDefault();
    const text = secret.trim();
    setProblem(null);
    if (!text) return setProblem('Enter your decryption secret.');
    try {
      // A typo gives another key pair silently: say so when the secret is not this account's.
      let other = false;
      try {
        other = accountFromSecret(text, 'check', 'secret').address !== account.address;
      } catch {
        other = true;
      }
      const derived = await x25519FromSuri(text);
      setOtherAccount(other);
      setSecret('');
      onSecret({ publicKey: derived.publicKey, keyPair: derived.keyPair });
    } catch (err) {
      setProblem(messageOf(err));
    }
  };

  return (
    <Section title="Encryption key" id="clin-key">
      <p>
        Records are encrypted. Each record's data key is sealed to the published encryption key of every reader; your key pair opens the
        ones sealed to you.
      </p>
      {account.suri ? (
        <p data-testid="key-source">Your key pair is derived from this account's secret, which this tab holds.</p>
      ) : (
        <>
          <p>
            This account's secret is kept by your wallet, which cannot derive encryption keys. Enter the account's secret phrase (or secret
            URI) as your decryption secret to read and register records. It stays in this tab's memory only: never stored, never sent.
          </p>
          <form class="clin-inline" onSubmit={useSecret}>
            <Field id="clin-secret" label="Decryption secret">
              <input
                id="clin-secret"
                type="password"
                autocomplete="off"
                value={secret}
                onInput={(e) => setSecret(valueOf(e))}
                data-testid="decryption-secret"
              />
            </Field>
            <button type="submit" class="btn btn-primary" data-testid="use-secret">
              Use this secret
            </button>
            {fromSecret && keys && (
              <button type="button" class="btn" onClick={() => onSecret(null)}>
                Forget it
              </button>
            )}
          </form>
          {problem && <Notice kind="error">{problem}</Notice>}
          {fromSecret && keys && (
            <p role="status" data-testid="key-source">
              Using the key pair of the decryption secret you entered.
              {otherAccount && ' Note: this secret is not the secret of the account you act as.'}
            </p>
          )}
        </>
      )}
      <dl class="kv">
        <dt>My public key</dt>
        <dd class="mono">{mine ?? 'not known yet (enter your decryption secret)'}</dd>
        <dt>Published</dt>
        <dd data-testid="published-key">
          {published.loading && published.value === undefined
            ? 'reading…'
            : published.value
              ? `yes, version ${published.value.version}${matches === null ? '' : matches ? ' ✓ the same as your key pair' : ' ✗ a different key'}`
              : 'no'}
        </dd>
      </dl>
      {published.value && matches === false && (
        <Notice kind="warn">
          The key in the directory is not the one your {fromSecret ? 'decryption secret' : 'secret'} gives. Keys sealed to the published key do
          not open with this key pair. Replace the published key only if you lost the old secret: keys already sealed to it can then no
          longer be opened by you.
        </Notice>
      )}
      {keys && api && (publishing || !published.value || matches === false) && (
        <TxButton
          label={published.value && !matches ? 'Replace my published key' : 'Publish my encryption key'}
          build={() => {
            setPublishing(true);
            return api.tx.keyDirectory.publishKey(u8aToHex(keys.publicKey));
          }}
          summary="Puts your public encryption key in the key directory so that data keys can be sealed to you. It holds a deposit from you until you remove the key."
          testId="publish-key"
        />
      )}
    </Section>
  );
}
