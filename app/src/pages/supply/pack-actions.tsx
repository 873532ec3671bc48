// What a pharmacy does with a verified pack: dispense it, decommission it for a reason, or undo
// either within the chain's undo period. Each action is offered with the reason it is not
// possible when the acting account or the pack's state rule it out.

import { useMemo, useState } from 'preact/hooks';
import { useAccounts } from '../../accounts';
import { useChain } from '../../chain';
import { TxButton } from '../../components/TxButton';
import { Field, Notice } from '../../components/ui';
import { VariantSelect } from '../../components/VariantSelect';
import { useOrganizations } from '../../orgs';
import type { TxResult } from '../../tx';
import { decommissionLabel, decommissionReasonsOf, decommissionWords, memberRoleWords } from '../../words';
import { bytes, timeText, type PackId, type PackState, type Verification } from './codec';
import { type MyOrg } from './my-org';

interface Props {
  id: PackId;
  v: Verification;
  state: PackState;
  me: MyOrg | null;
  /** The chain's time, ms. */
  now: number;
  onDone: (r: TxResult) => void;
}

/** Why the acting organization cannot act on the pack as its holder and owner, or null. */
function holdingProblem(state: PackState, me: MyOrg, name: (id: number) => string): string | null {
  if (state.topContainer) return `The pack is still inside container ${state.topContainer}: unpack it first (Supply chain page).`;
  if (state.status === 'InTransit') return 'The pack is in transit: receive the shipment first.';
  if (state.custodian !== me.org.id) return `The pack is held by ${name(state.custodian)}, not by your organization.`;
  if (state.owner !== me.org.id) return `The pack is owned by ${name(state.owner)}: only its owner decides its end. Ask the owner to transfer ownership first.`;
  return null;
}

export function PackActions({ id, v, state, me, now, onDone }: Props) {
  const { api } = useChain();
  const { current } = useAccounts();
  const { name } = useOrganizations();
  const [reason, setReason] = useState('');
  const reasons = useMemo(() => (api ? decommissionReasonsOf(api) : []), [api]);
  // The action whose button was used keeps its place, with the transaction's progress and
  // outcome, after the pack's new state rules it out (a dispensed pack is not dispensed again).
  const [used, setUsed] = useState<{ action: 'dispense' | 'decommission' | 'undo'; status: string } | null>(null);
  const use = <T,>(action: 'dispense' | 'decommission' | 'undo', tx: T): T => {
    setUsed({ action, status: state.status });
    return tx;
  };
  const kept = (action: 'dispense' | 'decommission' | 'undo') => used?.action === action;
  if (!api) return null;
  if (!current) return <p class="hint">To dispense or decommission a pack, choose the account of a pharmacist (Acting as, at the top). Verification needs no account.</p>;
  if (!me) return <Notice kind="warn">The account {current.name} belongs to no organization: it can verify packs but not dispense them.</Notice>;

  const undoPeriod = Number(api.consts.supplyChain.undoPeriod.toString());
  const ended = state.status === 'Dispensed' || state.status === 'Decommissioned';

  // Dispense: a dispenser's admin or pharmacist, holding and owning the sellable top-level pack.
  let dispenseProblem: string | null = null;
  if (!me.is(['Dispenser'])) dispenseProblem = `Your organization, ${name(me.org.id)}, is not a dispenser: only pharmacies dispense.`;
  else if (!me.active) dispenseProblem = 'Your organization is suspended or revoked: it cannot dispense.';
  else if (!me.may(['Pharmacist'])) dispenseProblem = 'Only the pharmacy’s admin or a pharmacist dispenses.';
  else if (!v.sellable) dispenseProblem = 'Only a verified pack fit for supply is dispensed (see the verdict above).';
  else dispenseProblem = holdingProblem(state, me, name);

  // Decommission: a goods handler of the trading partner holding and owning the active pack.
  let decommissionProblem: string | null = null;
  if (!me.trades) decommissionProblem = 'Only a trading partner (manufacturer, wholesaler, pharmacy, logistics) decommissions packs.';
  else if (!me.active) decommissionProblem = 'Your organization is suspended or revoked.';
  else if (!me.handlesGoods) decommissionProblem = 'Only the admin or a pharmacist or logistics member handles goods.';
  else if (ended) decommissionProblem = 'The pack has already left the supply chain.';
  else if (state.alert) decommissionProblem = 'The pack is quarantined: a regulator decides its fate.';
  else decommissionProblem = holdingProblem(state, me, name);

  // Undo: the same organization, within the period, never stolen or destroyed, recalled, expired
  // or illegitimate packs.
  let undo: { problem: string | null; until: number } | null = null;
  if (ended && state.ended) {
    const until = state.ended.at + undoPeriod;
    const dispensed = state.status === 'Dispensed';
    let problem: string | null = null;
    if (state.ended.by !== me.org.id) problem = `Only ${name(state.ended.by)}, which ${dispensed ? 'dispensed' : 'decommissioned'} it, may undo it.`;
    else if (state.statusDetail === 'Stolen' || state.statusDetail === 'Destroyed') problem = 'A stolen or destroyed pack cannot be brought back.';
    else if (now >= until) problem = `The undo period ended on ${timeText(until)}.`;
    else if (state.recalled) problem = 'Its lot is recalled: it cannot be brought back into trade.';
    else if (state.expired) problem = 'It is expired: it cannot be brought back into trade.';
    else if (state.alert?.kind === 'Illegitimate') problem = 'It was declared illegitimate.';
    else if (dispensed && !me.may(['Pharmacist'])) problem = 'Only the pharmacy’s admin or a pharmacist undoes a dispense.';
    else if (!dispensed && !me.handlesGoods) problem = 'Only the admin or a goods-handling member undoes a decommission.';
    undo = { problem, until };
  }

  const daysLeft = undo ? Math.max(0, undo.until - now) / 86_400_000 : 0;
  // What an undo undoes: the pack's state when it was undone, once it was.
  const undone = kept('undo') ? used!.status : state.status;

  return (
    <div class="pack-actions">
      <p class="hint">
        Acting for {name(me.org.id)} as {me.isAdmin ? 'its admin' : me.memberRoles.map(memberRoleWords).join(', ') || 'a member without roles'}.
      </p>
      {(!ended || kept('dispense')) && (
        <>
          <h3>Dispense</h3>
          {dispenseProblem && !kept('dispense') ? (
            <p class="hint" data-testid="dispense-problem">
              {dispenseProblem}
            </p>
          ) : (
            <TxButton
              label="Dispense this pack"
              testId="dispense"
              summary={`Records pack ${id.serial} (GTIN ${id.gtin}) as supplied to a patient. Nothing about the patient goes on chain.`}
              build={() => use('dispense', api.tx.supplyChain.dispense(bytes(id.gtin), bytes(id.serial)))}
              onDone={onDone}
            />
          )}
        </>
      )}
      {(!ended || kept('decommission')) && (
        <>
          <h3>Decommission</h3>
          {decommissionProblem && !kept('decommission') ? (
            <p class="hint" data-testid="decommission-problem">
              {decommissionProblem}
            </p>
          ) : (
            <>
              <Field id="decommission-reason" label="Reason">
                <VariantSelect id="decommission-reason" variants={reasons} words={decommissionLabel} value={reason} onChange={setReason} placeholder="Choose a reason…" testId="decommission-reason" />
              </Field>
              <TxButton
                label="Decommission this pack"
                kind="danger"
                testId="decommission"
                disabled={!reason}
                summary={`Takes pack ${id.serial} out of the supply chain: ${reason ? decommissionWords(reason) : '…'}.${reason === 'Stolen' || reason === 'Destroyed' ? ' This cannot be undone.' : ' Your organization can undo it within the undo period.'}`}
                build={() => {
                  if (!reason) throw new Error('Choose a reason first.');
                  return use('decommission', api.tx.supplyChain.decommission(bytes(id.gtin), bytes(id.serial), reason));
                }}
                onDone={onDone}
              />
            </>
          )}
        </>
      )}
      {(undo || kept('undo')) && (
        <>
          <h3>Undo the {undone === 'Dispensed' ? 'dispense' : 'decommission'}</h3>
          {undo?.problem && !kept('undo') ? (
            <p class="hint" data-testid="undo-problem">
              {undo.problem}
            </p>
          ) : (
            <>
              {undo && !undo.problem && (
                <p data-testid="undo-window">
                  Possible until {timeText(undo.until)} ({daysLeft >= 1 ? `${Math.floor(daysLeft)} days` : `${Math.ceil(daysLeft * 24)} hours`} left).
                </p>
              )}
              <TxButton
                label={undone === 'Dispensed' ? 'Undo the dispense' : 'Undo the decommission'}
                testId="undo"
                summary={`Brings pack ${id.serial} back into trade at your organization, as if it had not been ${undone === 'Dispensed' ? 'dispensed' : 'decommissioned'}.`}
                build={() => use('undo', api.tx.supplyChain.undoDecommission(bytes(id.gtin), bytes(id.serial)))}
                onDone={onDone}
              />
            </>
          )}
        </>
      )}
    </div>
  );
}
