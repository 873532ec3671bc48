// Suspect product, as a regulator decides on it: quarantining a pack or clearing a suspicion
// (the supply-chain page's `SuspectForm`, which knows that a regulator's admin or auditor may act
// on any pack), and declaring a pack illegitimate for good, which notifies every organization
// that held, owned or was sent it. Each decision carries the hash of its report; the report
// itself stays off chain.

import { useState } from 'preact/hooks';
import { useChain } from '../../chain';
import { Field, Notice, Section, useChainValue } from '../../components/ui';
import { TxButton } from '../../components/TxButton';
import { SuspectForm } from '../supply/suspect';
import { valueOf } from '../../input';
import { OrgName } from '../../orgs';
import { bytes, packState, parsePack, timeText } from '../supply/codec';
import { DocField, emptyDoc, hashOf, type Doc } from '../supply/fields';
import type { Standing } from './shared';

export function SuspectSection({ standing }: { standing: Standing | undefined }) {
  return (
    <Section title="Suspect product" id="suspect">
      <p class="hint">
        A regulator may quarantine any pack as suspect, clear any suspicion after its investigation, and declare a pack illegitimate, for
        good. A suspect or illegitimate pack cannot be packed, shipped, dispensed or decommissioned.
      </p>
      {standing && !standing.supplyAuthority && (
        <Notice kind="warn">A regulator's decisions are signed by its admin or an Auditor member, while it is active. The account chosen above is not one.</Notice>
      )}
      <h3>Quarantine a pack, or clear a suspicion</h3>
      <SuspectForm />
      <IllegitimateForm />
    </Section>
  );
}

function IllegitimateForm() {
  const { api } = useChain();
  const [code, setCode] = useState('');
  const [doc, setDoc] = useState<Doc>(emptyDoc);
  const [confirmed, setConfirmed] = useState(false);

  const { pack, problem } = parsePack(code, 'a declaration');
  const { value } = useChainValue(async () => (pack ? { key: `${pack.gtin}/${pack.serial}`, state: await packState(api!, pack.gtin, pack.serial) } : null), [pack?.gtin, pack?.serial]);
  const found = value && pack && value.key === `${pack.gtin}/${pack.serial}` ? value : null;
  const state = found?.state ?? null;
  const already = state?.alert?.kind === 'Illegitimate';

  const build = () => {
    if (!pack) throw new Error(problem ?? "Enter the pack's code.");
    if (found && !state) throw new Error('No such pack is known to the chain.');
    const hash = hashOf(doc);
    if (!hash) throw new Error('Give the determination (or its hash): its hash is recorded with the declaration.');
    return api!.tx.supplyChain.declareIllegitimate(bytes(pack.gtin), bytes(pack.serial), hash);
  };

  return (
    <div class="reg-illegitimate">
      <h3>Declare a pack illegitimate</h3>
      <p class="hint">
        Final: the pack may never move again, and every organization its trace names (holders, owners, addressees) is notified. The
        chain refuses the declaration when the trace cannot name them all.
      </p>
      <Field id="illegitimate-pack" label="Pack" hint="The pack's code in any GS1 form (scan it), or its GTIN and serial separated by a space.">
        <input id="illegitimate-pack" class="mono" autoComplete="off" value={code} onInput={(e) => (setCode(valueOf(e)), setConfirmed(false))} aria-describedby="illegitimate-pack-hint" data-testid="illegitimate-pack" />
      </Field>
      <div aria-live="polite">
        {problem && <p class="hint">{problem}</p>}
        {found && !state && <Notice kind="warn">No such pack is known to the chain.</Notice>}
        {state && (
          <p data-testid="illegitimate-state">
            Held by <OrgName id={state.custodian} />, owned by <OrgName id={state.owner} />.{' '}
            {state.alert ? (
              <span class="badge badge-bad">
                {state.alert.kind === 'Suspect' ? 'suspect' : 'illegitimate'} since {timeText(state.alert.at)}
              </span>
            ) : (
              <span class="badge badge-ok">not quarantined</span>
            )}
          </p>
        )}
      </div>
      <DocField id="illegitimate-report" label="Determination" hint="Why the pack is illegitimate (counterfeit, diverted, stolen…). Only its hash goes on chain; keep the document." doc={doc} onChange={setDoc} />
      <div class="reg-check reg-revoke">
        <input type="checkbox" id="illegitimate-confirm" checked={confirmed} disabled={!state || already} onChange={(e) => setConfirmed((e.target as HTMLInputElement).checked)} data-testid="illegitimate-confirm" />
        <label for="illegitimate-confirm">I confirm that this pack is illegitimate: the declaration is final and notifies everyone who held it.</label>
      </div>
      <TxButton
        label="Declare illegitimate"
        kind="danger"
        testId="declare-illegitimate"
        disabled={!state || already || !confirmed}
        summary={`Declare pack ${pack?.serial ?? ''} of GTIN ${pack?.gtin ?? ''} illegitimate for good; every organization that held, owned or was sent it is notified.`}
        build={build}
        onDone={() => setConfirmed(false)}
      />
    </div>
  );
}
