// The check-in card: what a patient hands a clinician so that the clinician can register records
// for them: the subject address at that organization and the subject's blind key.

import { u8aToHex } from '@polkadot/util';
import { subjectOf } from '@lib/subjects.mjs';
import { useState } from 'preact/hooks';
import { OrgSelect } from '../../components/OrgSelect';
import { Field, Notice, Section } from '../../components/ui';
import { orgName } from '../../orgs';
import { usePatient } from './context';

export function CheckInSection() {
  const { identity, identities, organizations } = usePatient();
  const main = identities.find((i) => i.key === 'main');
  const providers = organizations.filter((o) => o.roles.includes('Provider'));
  const [org, setOrg] = useState<number>(identity.org ?? providers[0]?.id ?? organizations[0]?.id ?? 0);
  const index = identity.org === org ? (identity.index ?? 0) : 0;
  if (!main?.suri) {
    return (
      <Section title="Check-in card" id="checkin">
        <Notice kind="warn">The check-in card needs your wallet secret: the subject address and blind key are derived from it.</Notice>
      </Section>
    );
  }
  const subject = subjectOf(main.suri, org, index);
  const blindKey = u8aToHex(subject.blindKey);
  const name = orgName(organizations, org);
  return (
    <Section title="Check-in card" id="checkin">
      <p>
        Give this card to {name} when you check in. Its clinicians register your records under this address, with the codes and dates
        blinded by this key. It is your identity for {name} only: nothing on chain links it to your other identities.
      </p>
      <Field id="checkin-org" label="Organization you check in at">
        <OrgSelect id="checkin-org" organizations={organizations} value={org} onChange={(o) => o !== null && setOrg(o)} testId="checkin-org" />
      </Field>
      <div class="patient-card" data-testid="checkin-card">
        <h3>
          Check-in card for {name}
          {index > 0 ? ` (separate identity ${index})` : ''}
        </h3>
        <CopyValue id="checkin-address" label="Your address at this organization" value={subject.address} />
        <CopyValue id="checkin-blind-key" label="Your blind key for this organization (hex)" value={blindKey} />
      </div>
      <Notice kind="warn">
        The blind key lets whoever holds it read the codes, labels and dates of every record of this identity, and make new ones that
        match. Give it only to the organization named on the card, and only at check-in.
      </Notice>
      <p class="hint">
        Before a clinician can add a record, {name} funds this identity for its fees, and the identity grants {name} "Add new records" for
        treatment (choose "Me at {name}" above, then My grants). Do not send it funds from your main account: that transfer would link the
        two on chain.
      </p>
    </Section>
  );
}

function CopyValue({ id, label, value }: { id: string; label: string; value: string }) {
  const [status, setStatus] = useState('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setStatus('Copied.');
    } catch {
      setStatus('Could not copy: select the text and copy it instead.');
    }
  };
  return (
    <div class="field">
      <span class="patient-label" id={`${id}-label`}>
        {label}
      </span>
      <code class="patient-value" aria-labelledby={`${id}-label`} data-testid={id}>
        {value}
      </code>
      <span>
        <button type="button" class="btn" onClick={copy} aria-label={`Copy ${label.toLowerCase()}`} data-testid={`${id}-copy`}>
          Copy
        </button>{' '}
        <span role="status" class="hint">
          {status}
        </span>
      </span>
    </div>
  );
}
