// "Share a record's key": for a record whose data key is sealed to you, seal it again to another
// grantee's published key and attach it, so that the grantee can open the record too. The chain
// accepts it only while a grant lets that grantee read the record.

import { useState } from 'preact/hooks';
import type { Account } from '../../accounts';
import { useChain } from '../../chain';
import { TxButton } from '../../components/TxButton';
import { PurposeSelect } from '../../components/PurposeSelect';
import { Field, Section } from '../../components/ui';
import { parseAddress, parseRecordId, valueOf } from '../../input';
import { denialWords } from '../../words';
import { attachDataKey, keyAttachedUnder, openDataKey, type KeyPair } from './shared';

export function ShareKeySection({ account, keys }: { account: Account; keys: KeyPair | null }) {
  const { api } = useChain();
  const [record, setRecord] = useState('');
  const [grantee, setGrantee] = useState('');
  const [purpose, setPurpose] = useState('Treatment');
  const [done, setDone] = useState<string | null>(null);

  const build = async () => {
    if (!api) throw new Error('Not connected.');
    const id = parseRecordId(record);
    const to = parseAddress(grantee, "the grantee's account");
    if (to === account.address) throw new Error('That is your own account: your key is attached already, or cannot be by you.');
    if (!keys) throw new Error('Enter your decryption secret first (under "Encryption key").');
    const answer = await (api.call as any).recordsApi.readPointer(id, account.address, purpose);
    if (answer.isErr) {
      const err = answer.asErr;
      if (err.isUnknownRecord) throw new Error(`There is no record ${id}.`);
      if (err.isErased) throw new Error('The record has been erased.');
      throw new Error(`You may not read this record for this purpose: ${denialWords(err.asConsent.toJSON(), 'accessor')}.`);
    }
    const pointer = answer.asOk;
    if (pointer.wrappedKey.isNone) throw new Error('No data key is sealed to you for this record, so you have none to share.');
    const version = pointer.version.toNumber();
    let dataKey: Uint8Array;
    try {
      dataKey = await openDataKey(api, keys, pointer.wrappedKey.unwrap().toHex(), id, version, account.address);
    } catch {
      throw new Error('The data key sealed to you does not open with your key pair. Check your decryption secret.');
    }
    return attachDataKey(api, dataKey, id, version, to, 'The grantee has published no encryption key. Ask them to publish one first.');
  };

  return (
    <Section title="Share a record's key" id="clin-share">
      <p>
        Seals the data key of a record you can open to a colleague's published encryption key. The chain accepts it only if the patient's
        grant lets that colleague read the record, and removes it when the grant ends.
      </p>
      <div class="grid">
        <Field id="share-record" label="Record number">
          <input id="share-record" inputMode="numeric" value={record} onInput={(e) => setRecord(valueOf(e))} autocomplete="off" data-testid="share-record" />
        </Field>
        <Field id="share-grantee" label="Grantee's account" hint="The colleague (or other grantee) the patient granted access to.">
          <input id="share-grantee" value={grantee} onInput={(e) => setGrantee(valueOf(e))} autocomplete="off" aria-describedby="share-grantee-hint" data-testid="share-grantee" />
        </Field>
        <PurposeSelect id="share-purpose" label="Your purpose for reading the key" value={purpose} onChange={setPurpose} testId="share-purpose" />
      </div>
      <TxButton
        label="Seal and attach the key"
        build={build}
        summary="Attaches the record's data key, sealed to the grantee's published key. It holds a deposit from you while the key is attached."
        onDone={(r) => {
          const { attached, grant } = keyAttachedUnder(r);
          setDone(attached ? `The key is attached for the grantee under grant ${grant ?? '—'}.` : 'The key is attached.');
        }}
        testId="share-key"
      />
      {done && (
        <p role="status" class="ok" data-testid="share-done">
          {done}
        </p>
      )}
    </Section>
  );
}
