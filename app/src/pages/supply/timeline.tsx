// A pack's custody history (`supplyChainApi.trace`) as an ordered list in words: who
// commissioned it, what it was packed into, where it and its containers were shipped, who
// received it, and how its trade life ended, with the chain's time of each step.

import type { ComponentChildren } from 'preact';
import { shortHex } from '../../input';
import { OrgName } from '../../orgs';
import { decommissionWords, destructionWords, variant } from '../../words';
import { text, timeText, type TraceItem } from './codec';

/** What one trace entry says, in words. */
function describe(item: TraceItem): ComponentChildren {
  const d = item.detail;
  const org = (id: number) => <OrgName id={id} />;
  switch (item.step) {
    case 'Commissioned':
      return <>Commissioned by {org(d.manufacturer)}</>;
    case 'Packed':
      return (
        <>
          Packed into container <code>{text(d.into)}</code>
        </>
      );
    case 'Unpacked':
      return (
        <>
          Taken out of container <code>{text(d.from)}</code>
        </>
      );
    case 'Shipped':
      return (
        <>
          Shipped from {org(d.from)} to {org(d.to)} (shipment #{d.shipment}; {d.transferOwnership ? 'ownership passes on receipt' : 'custody only'})
        </>
      );
    case 'Received':
      return (
        <>
          Received by {org(d.custodian)} (shipment #{d.shipment}); owner {org(d.owner)}
        </>
      );
    case 'OwnershipTransferred':
      return (
        <>
          Sold by {org(d.from)} to {org(d.to)} where it lay
        </>
      );
    case 'Rejected':
      return (
        <>
          Shipment #{d.shipment} rejected by {org(d.by)}; it stayed with the sender
        </>
      );
    case 'Cancelled':
      return (
        <>
          Shipment #{d.shipment} cancelled by {org(d.by)}
        </>
      );
    case 'Dispensed':
      return <>Dispensed (supplied to a patient) by {org(d.by)}</>;
    case 'Decommissioned':
      return (
        <>
          Decommissioned as {decommissionWords(variant(d.reason)[0])} by {org(d.by)}
        </>
      );
    case 'DecommissionUndone':
      return <>Dispense or decommission undone by {org(d.by)}</>;
    case 'MarkedSuspect':
      return <>Marked suspect (quarantined) by {org(d.by)}</>;
    case 'SuspectCleared':
      return <>Suspicion cleared by {org(d.by)}</>;
    case 'DeclaredIllegitimate':
      return <>Declared illegitimate by {org(d.by)}</>;
    case 'DestroyedInQuarantine':
      return (
        <>
          Destroyed in quarantine ({destructionWords(variant(d.reason)[0])}) by {org(d.by)}
        </>
      );
    case 'LotRecalled':
      return (
        <>
          Its lot was recalled by {org(d.by)} (notice hash <code title={d.reason}>{shortHex(d.reason)}</code>)
        </>
      );
    case 'EarlierHistoryDropped':
      return <>{d.count} older steps are no longer kept on chain (an archive node or indexer has them)</>;
    case 'Incomplete':
      return <>Later steps of this container are not shown here (the trace reads a bounded number of containers)</>;
    default:
      return item.step;
  }
}

/** The custody timeline of a pack, oldest first. */
export function CustodyTimeline({ items, serial }: { items: TraceItem[]; serial: string }) {
  return (
    <ol class="timeline" data-testid="timeline">
      {items.map((item) => (
        <li key={`${item.seq}-${item.step}-${item.unit.kind === 'container' ? item.unit.sscc : ''}`} data-testid="timeline-entry" data-step={item.step}>
          <span class="timeline-time">{timeText(item.at)}</span>{' '}
          <span class="timeline-what">{describe(item)}</span>
          {item.unit.kind === 'container' && (
            <span class="hint">
              {' '}
              (with its container <code>{item.unit.sscc}</code>)
            </span>
          )}
          {item.unit.kind === 'pack' && item.unit.serial !== serial && <span class="hint"> (pack {item.unit.serial})</span>}
        </li>
      ))}
    </ol>
  );
}
