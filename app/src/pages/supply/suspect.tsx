// Reporting a pack as suspect product (quarantine) and clearing the suspicion after
// investigation. Who may do which (docs/origins.md, supply chain rows 14 and 15):
// - mark suspect: a goods handler (admin, Logistics or Pharmacist member) of a trading partner
//   that holds or owns the pack, or a regulator (admin or Auditor member) for any pack;
// - clear suspect: a regulator (admin or Auditor), or the product's manufacturer (admin or
//   Auditor) withdrawing a suspicion it raised itself.

import { useState } from 'preact/hooks';
import { useAccounts } from '../../accounts';
import { useChain } from '../../chain';
import { TxButton } from '../../components/TxButton';
import { Field, Notice, useChainValue } from '../../components/ui';
import { OrgName, useOrganizations } from '../../orgs';
import { bytes, packState, parsePack, timeText } from './codec';
import { DocField, emptyDoc, ensure, hashOf, Problems, type Doc } from './fields';
import { useMyOrg } from './my-org';

/** Marks a pack suspect or clears it, as the acting account may (the regulator's page uses it too). */
export function SuspectForm() {
  const { api } = useChain();
  const { current } = useAccounts();
  const { me } = useMyOrg(current);
  const { name } = useOrganizations();
  const [code, setCode] = useState('');
  const [doc, setDoc] = useState<Doc>(emptyDoc);

  const { pack, problem: codeProblem } = parsePack(code, 'a suspect report');
  const { value } = useChainValue(async () => {
    if (!pack) return null;
    const [state, product] = await Promise.all([packState(api!, pack.gtin, pack.serial), api!.call.supplyChainApi.product(bytes(pack.gtin))]);
    const p: any = product.toJSON();
    return { key: `${pack.gtin}/${pack.serial}`, state, manufacturer: p ? (p.manufacturer as number) : null };
  }, [pack?.gtin, pack?.serial]);
  const found = value && pack && value.key === `${pack.gtin}/${pack.serial}` ? value : null;
  const state = found?.state ?? null;

  // A regulator acts through its admin or an Auditor member, for any pack.
  const regulator = !!me && me.is(['Regulator']);
  const markProblems: string[] = [];
  const clearProblems: string[] = [];
  const common: string[] = [];
  if (!current) common.push('Choose the account you act as (at the top).');
  else if (!me) common.push('This account belongs to no organization.');
  else if (!me.active) common.push('Your organization is suspended or revoked.');
  if (!pack) common.push(codeProblem ?? 'Enter the pack’s code.');
  else if (found && !state) common.push('No such pack is known to the chain.');
  if (!hashOf(doc)) common.push('Give the report (or its hash).');
  if (me && state) {
    const holds = state.custodian === me.org.id || state.owner === me.org.id;
    if (regulator) {
      if (!me.may(['Auditor'])) markProblems.push('Only the regulator’s admin or an Auditor member decides.');
    } else {
      if (!me.trades) markProblems.push('Only a trading partner holding or owning the pack, or a regulator, reports it suspect.');
      else if (!me.handlesGoods) markProblems.push('Only the admin or a Logistics or Pharmacist member reports goods suspect.');
      else if (!holds) markProblems.push(`Your organization neither holds nor owns this pack (held by ${name(state.custodian)}).`);
    }
    if (state.alert) markProblems.push(state.alert.kind === 'Suspect' ? 'The pack is already suspect.' : 'The pack was declared illegitimate.');
    else if (state.status === 'Dispensed' || state.status === 'Decommissioned') markProblems.push('The pack has left the supply chain.');
    else if (state.status === 'InTransit') markProblems.push('The pack is in transit: it can be reported once received.');

    if (!state.alert || state.alert.kind !== 'Suspect') clearProblems.push('The pack is not suspect.');
    else if (regulator) {
      if (!me.may(['Auditor'])) clearProblems.push('Only the regulator’s admin or an Auditor member decides.');
    } else {
      if (found?.manufacturer !== me.org.id) clearProblems.push('Only a regulator, or the product’s manufacturer for a suspicion it raised itself, clears a suspicion.');
      else if (!me.may(['Auditor'])) clearProblems.push('Only the admin or an Auditor member decides for the manufacturer.');
      else if (state.alert.by !== me.org.id) clearProblems.push(`The suspicion was raised by ${name(state.alert.by)}: only a regulator clears it.`);
    }
  }
  const mayMark = markProblems.length === 0;
  const mayClear = clearProblems.length === 0;

  return (
    <div class="suspect-form">
      <Field id="suspect-pack" label="Pack" hint="The pack’s code in any GS1 form (scan it), or its GTIN and serial separated by a space.">
        <input id="suspect-pack" class="mono" autoComplete="off" value={code} onInput={(e) => setCode((e.target as HTMLInputElement).value)} data-testid="suspect-pack" />
      </Field>
      {state && (
        <p data-testid="suspect-state">
          Held by <OrgName id={state.custodian} />, owned by <OrgName id={state.owner} />.{' '}
          {state.alert ? (
            <span class="badge badge-bad">
              {state.alert.kind === 'Suspect' ? 'suspect' : 'illegitimate'} since {timeText(state.alert.at)}, reported by {name(state.alert.by)}
            </span>
          ) : (
            <span class="badge badge-ok">not quarantined</span>
          )}
        </p>
      )}
      <DocField
        id="suspect-report"
        label="Report"
        hint="What was found (suspect report) or the investigation’s result (to clear). Only its hash goes on chain; keep the report."
        doc={doc}
        onChange={setDoc}
      />
      <Problems list={common} show={!!(code || hashOf(doc))} />
      {me && state && !mayMark && !mayClear && <Notice kind="info">{[...markProblems, ...clearProblems].filter((p, i, all) => all.indexOf(p) === i).join(' ')}</Notice>}
      {mayMark && (
        <TxButton
          label="Report suspect"
          kind="danger"
          testId="mark-suspect"
          disabled={common.length > 0}
          summary={`Quarantines pack ${pack?.serial}: it cannot be sold, moved or dispensed until a regulator (or the manufacturer, for its own report) clears it.`}
          build={() => {
            ensure(common);
            return api!.tx.supplyChain.markSuspect(bytes(pack!.gtin), bytes(pack!.serial), hashOf(doc)!);
          }}
        />
      )}
      {mayClear && state && (
        <TxButton
          label="Clear the suspicion"
          testId="clear-suspect"
          disabled={common.length > 0}
          summary={`Lifts the quarantine of pack ${pack?.serial}: it may move again.`}
          build={() => {
            ensure(common);
            return api!.tx.supplyChain.clearSuspect(bytes(pack!.gtin), bytes(pack!.serial), hashOf(doc)!);
          }}
        />
      )}
    </div>
  );
}
