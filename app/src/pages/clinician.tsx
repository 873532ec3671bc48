// The clinician console: acting as the header's account (a clinician of a provider), see one's
// organization and roles, keep one's encryption key, check access, fetch and open records
// through the custodian's gatekeeper, register records for patients, share record keys, and
// break the glass in an emergency. The sections are in pages/clinician/.

import { x25519FromSuri } from '@lib/hpke.mjs';
import { useEffect, useState } from 'preact/hooks';
import { useAccounts, type Account } from '../accounts';
import { savedGatekeeper, saveGatekeeper } from '../chain';
import { Notice } from '../components/ui';
import { messageOf } from '../input';
import { BreakGlassSection } from './clinician/BreakGlass';
import { CheckAccessSection } from './clinician/CheckAccess';
import { EncryptionKeySection } from './clinician/EncryptionKey';
import { FetchRecordSection } from './clinician/FetchRecord';
import { OrganizationSection, useMyOrganization } from './clinician/Organization';
import { RegisterRecordSection } from './clinician/RegisterRecord';
import { ShareKeySection } from './clinician/ShareKey';
import { isGatekeeperUrl, type KeyPair } from './clinician/shared';

export function ClinicianPage() {
  const { current } = useAccounts();
  if (!current) {
    return (
      <Notice kind="info">
        Choose your account under "Acting as" above: the console acts as a clinician of your organization.
      </Notice>
    );
  }
  // A fresh console per account: no key, record or secret of one account stays for the next.
  return <Console key={`${current.source}:${current.address}`} account={current} />;
}

function Console({ account }: { account: Account }) {
  const org = useMyOrganization(account.address);
  const [gatekeeper, setGatekeeper] = useState(savedGatekeeper);
  const [keys, setKeys] = useState<KeyPair | null>(null);
  const [keyProblem, setKeyProblem] = useState<string | null>(null);
  const [fromSecret, setFromSecret] = useState(false);

  useEffect(() => {
    if (!account.suri) return;
    let live = true;
    x25519FromSuri(account.suri).then(
      (k) => live && setKeys({ publicKey: k.publicKey, keyPair: k.keyPair }),
      (e) => live && setKeyProblem(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [account.suri]);

  const onGatekeeper = (url: string) => {
    setGatekeeper(url);
    if (isGatekeeperUrl(url)) saveGatekeeper(url);
  };

  return (
    <div class="clinician">
      <p>
        Acting as <strong>{account.name}</strong>. Patients appear here only by their account at your organization; their codes and dates are
        on chain only as tags their blind key makes.
      </p>
      <OrganizationSection me={org.value} loading={org.loading} error={org.error} gatekeeper={gatekeeper} onGatekeeper={onGatekeeper} />
      {keyProblem && <Notice kind="error">Cannot derive your encryption key: {keyProblem}</Notice>}
      <EncryptionKeySection
        account={account}
        keys={keys}
        fromSecret={fromSecret}
        onSecret={(k) => {
          setKeys(k);
          setFromSecret(k !== null);
        }}
      />
      <CheckAccessSection me={account.address} />
      <FetchRecordSection account={account} keys={keys} gatekeeper={gatekeeper} />
      <RegisterRecordSection account={account} gatekeeper={gatekeeper} />
      <ShareKeySection account={account} keys={keys} />
      <BreakGlassSection account={account} memberRoles={org.value?.memberRoles ?? []} />
    </div>
  );
}
