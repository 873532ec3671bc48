// The verification router's answer as a pharmacist reads it: one large verdict in the words of
// the EU FMD / EMVS (NMVS) pack states, the router's own codes beside it, and the holder and owner.

import { OrgName } from '../../orgs';
import { capitalize, decommissionWords, splitName } from '../../words';
import { FAILURE_CODES, type Verification } from './codec';

export interface VerdictView {
  /** Stable name of the verdict, for tests and styles. */
  key: string;
  kind: 'ok' | 'bad' | 'warn';
  title: string;
  explain: string;
}

/** The words of each additional-information value. */
const INFO_WORDS: Record<string, string> = {
  Expired: 'Expired',
  Recalled: 'Recalled',
  Suspect: 'Suspect (quarantined)',
  Illegitimate: 'Illegitimate',
  Dispensed: 'Dispensed (supplied)',
  InTransit: 'In transit',
  ProductDeactivated: 'Product withdrawn',
};

/** An additional-information value in words; `Decommissioned:Sample` → `Decommissioned: taken as a sample`. */
export function infoWords(info: string): string {
  const [name, reason] = info.split(':');
  if (name === 'Decommissioned' && reason) return `Decommissioned: ${decommissionWords(reason)}`;
  return INFO_WORDS[info] ?? capitalize(splitName(info));
}

/** The verdict of a verification: the most serious state first. */
export function verdictOf(v: Verification): VerdictView {
  if (!v.verified) {
    if (v.failureReason === FAILURE_CODES.NoMatchGtinSerial || !v.failureReason) {
      return {
        key: 'Unknown',
        kind: 'bad',
        title: 'Unknown pack',
        explain: 'No pack with this product code (GTIN) and serial number is known. Do not supply it: it may be falsified. Keep it apart and report it.',
      };
    }
    const mismatch: Record<string, [string, string]> = {
      [FAILURE_CODES.NoMatchGtinSerialLot]: ['lot number does not match', 'its lot number on record differs'],
      [FAILURE_CODES.NoMatchGtinSerialExpiry]: ['expiry date does not match', 'its expiry date on record differs'],
      [FAILURE_CODES.NoMatchGtinSerialLotExpiry]: ['lot and expiry do not match', 'its lot number and expiry date on record differ'],
    };
    const [title, differs] = mismatch[v.failureReason] ?? ['data do not match', 'its data on record differ'];
    return {
      key: 'Mismatch',
      kind: 'bad',
      title: `Suspect: ${title}`,
      explain: `A pack with this GTIN and serial exists, but ${differs} from the code scanned. Do not supply it: it may be falsified. Keep it apart and report it.`,
    };
  }
  const has = (i: string) => v.info.includes(i);
  if (has('Illegitimate')) {
    return { key: 'Illegitimate', kind: 'bad', title: 'Suspect: illegitimate', explain: 'The pack was declared illegitimate (counterfeit, diverted, stolen or otherwise unfit). Never supply it; keep it apart for its return or destruction.' };
  }
  if (has('Suspect')) {
    return { key: 'Suspect', kind: 'bad', title: 'Suspect', explain: 'The pack is quarantined while it is investigated. Do not supply it; keep it apart.' };
  }
  if (has('Recalled')) {
    return { key: 'Recalled', kind: 'bad', title: 'Recalled', explain: 'Its lot is recalled. Do not supply it; return it to the manufacturer as the recall notice says.' };
  }
  if (has('ProductDeactivated')) {
    return { key: 'Withdrawn', kind: 'bad', title: 'Product withdrawn', explain: 'The medicines agency withdrew this product. Do not supply it.' };
  }
  if (has('Decommissioned:Stolen')) {
    return { key: 'Stolen', kind: 'bad', title: 'Stolen', explain: 'The pack was reported stolen. Do not supply it; keep it apart and report it.' };
  }
  if (has('Decommissioned:Destroyed')) {
    return { key: 'Destroyed', kind: 'bad', title: 'Destroyed', explain: 'The pack was recorded as destroyed: this one cannot be genuine stock. Do not supply it; report it.' };
  }
  if (has('Dispensed')) {
    return { key: 'Dispensed', kind: 'warn', title: 'Dispensed (already supplied)', explain: 'The pack was already supplied to a patient. It must not be supplied again.' };
  }
  if (has('Expired')) {
    return { key: 'Expired', kind: 'bad', title: 'Expired', explain: 'The pack is past its expiry date. Do not supply it.' };
  }
  const decommissioned = v.info.find((i) => i.startsWith('Decommissioned:'));
  if (decommissioned) {
    return { key: 'Decommissioned', kind: 'warn', title: infoWords(decommissioned), explain: 'The pack left the supply chain and is not for supply.' };
  }
  if (has('InTransit')) {
    return { key: 'InTransit', kind: 'warn', title: 'In transit', explain: 'The pack is on its way in a shipment; it is supplied only once received.' };
  }
  if (v.info.length > 0) {
    return { key: 'NotSellable', kind: 'warn', title: 'Not for supply', explain: v.info.map(infoWords).join(', ') };
  }
  return { key: 'Verified', kind: 'ok', title: 'Verified', explain: 'Genuine and active: this pack may be supplied.' };
}

/** The large verdict with the router's codes, additional information, holder and owner. */
export function VerdictPanel({ v }: { v: Verification }) {
  const view = verdictOf(v);
  return (
    <div>
      <div class={`verdict verdict-${view.kind}`} role="status" data-testid="verdict" data-verdict={view.key}>
        {view.kind === 'ok' ? '✓ ' : view.kind === 'bad' ? '✗ ' : '! '}
        {view.title}
        <small>{view.explain}</small>
      </div>
      <dl class="kv" data-testid="verification">
        <dt>Verified</dt>
        <dd>{v.verified ? 'yes: the four data elements match a commissioned pack' : 'no'}</dd>
        <dt>Failure reason</dt>
        <dd>
          {v.failureReason ? (
            <code data-testid="failure-reason">{v.failureReason}</code>
          ) : (
            'none'
          )}
        </dd>
        <dt>Additional information</dt>
        <dd data-testid="additional-info">
          {v.info.length === 0
            ? v.verified
              ? 'none'
              : 'not given for an unverified pack'
            : v.info.map((i) => (
                <span key={i} class={`badge ${i === 'InTransit' || i === 'Dispensed' ? 'badge-warn' : 'badge-bad'}`} data-info={i}>
                  {infoWords(i)}
                </span>
              ))}
        </dd>
        <dt>Sellable</dt>
        <dd data-testid="sellable">{v.sellable ? 'yes' : 'no'}</dd>
        {v.verified && (
          <>
            <dt>Held by</dt>
            <dd data-testid="holder">
              <OrgName id={v.holder} />
            </dd>
            <dt>Owned by</dt>
            <dd data-testid="owner">
              <OrgName id={v.owner} />
            </dd>
          </>
        )}
      </dl>
    </div>
  );
}
