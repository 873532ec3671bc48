// My encryption key: the X25519 public key others seal record keys to, derived from the
// identity's secret and published in the key directory.

import { x25519FromSuri } from '@lib/hpke.mjs';
import { u8aToHex } from '@polkadot/util';
import { useEffect, useState } from 'preact/hooks';
import { formatBalance, useChain } from '../../chain';
import { TxButton } from '../../components/TxButton';
import { Notice, Section, useChainValue } from '../../components/ui';
import { usePatient } from './context';

export function KeySection() {
  const { api, identity } = usePatient();
  const chain = useChain();
  const published = useChainValue(async () => {
    const key: any = await (api.call as any).keyDirectoryApi.keyOf(identity.address);
    return key.isSome ? key.unwrap().toJSON() : null;
  }, [identity.address]);
  const [own, setOwn] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setOwn(null);
    if (identity.suri) x25519FromSuri(identity.suri).then((k: { publicKey: Uint8Array }) => live && setOwn(u8aToHex(k.publicKey)));
    return () => {
      live = false;
    };
  }, [identity.suri]);
  const p = published.value as { key: string; version: number; since: number; deposit: string } | null | undefined;
  return (
    <Section title="My encryption key" id="key">
      <p>
        A record's data key is shared with you by sealing it to your encryption key. Publishing the key lets custodians and your own wallet
        do so; it reveals nothing about your records.
      </p>
      {published.error && <Notice kind="error">Could not read the key directory: {published.error}</Notice>}
      {p === null && <p data-testid="key-status">{identity.label} has published no encryption key.</p>}
      {p && (
        <dl class="kv" data-testid="key-status">
          <dt>Published key</dt>
          <dd>
            <code data-testid="key-published">{p.key}</code>
          </dd>
          <dt>Version</dt>
          <dd>
            {p.version}, published in block #{p.since}
          </dd>
          <dt>Deposit</dt>
          <dd>{formatBalance(BigInt(p.deposit), chain)}, returned when you remove the key</dd>
          {own && (
            <>
              <dt>Matches your secret</dt>
              <dd data-testid="key-matches">{own === p.key ? 'yes: you can open what is sealed to it' : 'no: it was published from another secret; publish yours to replace it'}</dd>
            </>
          )}
        </dl>
      )}
      {!identity.suri && <Notice kind="warn">Publishing needs your wallet secret: the key pair is derived from it.</Notice>}
      {identity.suri && own && (
        <TxButton
          label={p ? 'Replace with the key from my secret' : 'Publish my encryption key'}
          disabled={p?.key === own}
          as={identity.account}
          testId="key-publish"
          summary={`Publishes the public key ${own.slice(0, 10)}…${own.slice(-8)}, derived from this identity's secret.`}
          build={() => api.tx.keyDirectory.publishKey(own)}
        />
      )}
      {p !== undefined && (
        <TxButton
          label="Remove my key"
          disabled={!p}
          kind="danger"
          as={identity.account}
          testId="key-remove"
          summary="Removes the key from the directory: nobody can seal new record keys to you until you publish again. Keys already sealed to you stay."
          build={() => api.tx.keyDirectory.removeKey()}
        />
      )}
    </Section>
  );
}
