// Shipping units to another organization with the hash of the transaction information, and the
// shipments to and from the acting organization: receive or reject what comes in, cancel what
// went out while pending, remove closed ones to get their deposit back.

import { useState } from 'preact/hooks';
import { useChain } from '../../chain';
import { TxButton } from '../../components/TxButton';
import { Field, Section, useChainValue } from '../../components/ui';
import { OrgSelect } from '../../components/OrgSelect';
import { OrgName, useOrganizations } from '../../orgs';
import { allShipments, parseUnits, timeText, unitArg, unitCode, unitKey, unitLabel, type ShipmentInfo, type Unit } from './codec';
import { DocField, emptyDoc, ensure, hashOf, Problems, type Doc } from './fields';
import { type MyOrg } from './my-org';

export function ShippingSection({ me }: { me: MyOrg }) {
  return (
    <Section title="Shipments" id="shipments">
      <ShipForm me={me} />
      <ShipmentLists me={me} />
    </Section>
  );
}

function ShipForm({ me }: { me: MyOrg }) {
  const { api } = useChain();
  const orgs = useOrganizations();
  const [unitsText, setUnitsText] = useState('');
  const [chosen, setTo] = useState<number | null>(null);
  const [doc, setDoc] = useState<Doc>(emptyDoc);
  const [transfer, setTransfer] = useState(true);
  const max = Number(api!.consts.supplyChain.maxShipmentUnits.toString());
  const recipients = orgs.list.filter((o) => o.id !== me.org.id && o.status === 'Active' && o.roles.some((r) => me.tradingRoles.includes(r)));
  // A choice made as another account may not be a recipient now.
  const to = recipients.some((o) => o.id === chosen) ? chosen : null;
  const problems: string[] = [];
  let units: Unit[] = [];
  try {
    units = parseUnits(unitsText, max);
  } catch (e) {
    problems.push((e as Error).message);
  }
  if (to === null) problems.push('Choose the organization to ship to.');
  if (!hashOf(doc)) problems.push('Give the transaction information (or its hash).');
  return (
    <>
      <h3>Ship</h3>
      <div class="grid">
        <div>
          <Field id="ship-units" label="What to ship" hint="One per line: a pack’s code (any GS1 form, or GTIN and serial), or a case’s or pallet’s SSCC. Only what is not inside a container.">
            <textarea id="ship-units" class="mono" rows={4} value={unitsText} onInput={(e) => setUnitsText((e.target as HTMLTextAreaElement).value)} data-testid="ship-units" />
          </Field>
          <Field id="ship-to" label="Ship to">
            <OrgSelect id="ship-to" organizations={recipients} value={to} onChange={setTo} placeholder="Choose an organization…" testId="ship-to" />
          </Field>
          <label class="check">
            <input type="checkbox" checked={transfer} onChange={(e) => setTransfer((e.target as HTMLInputElement).checked)} data-testid="ship-transfer" /> A sale: ownership passes to
            the addressee on receipt (untick for a move to or from a logistics provider)
          </label>
        </div>
        <DocField
          id="ship-ti"
          label="Transaction information"
          hint="The transaction information and statement (invoice, delivery note). Only its hash goes on chain."
          doc={doc}
          onChange={setDoc}
        />
      </div>
      <Problems list={problems} show={!!unitsText || to !== null} />
      <TxButton
        label="Ship"
        testId="ship"
        disabled={problems.length > 0}
        summary={`Ships ${units.map(unitLabel).join(', ')} to ${orgs.name(to)}${transfer ? ', ownership passing on receipt' : ', custody only'}. A deposit is held from your organization's admin until the closed shipment is removed.`}
        build={() => {
          ensure(problems);
          return api!.tx.supplyChain.ship(units.map(unitArg), to, hashOf(doc)!, transfer);
        }}
        onDone={() => setUnitsText('')}
      />
    </>
  );
}

const STATUS_WORDS: Record<string, string> = { Pending: 'pending', Received: 'received', Rejected: 'rejected', Cancelled: 'cancelled' };

function ShipmentRow({ s, me }: { s: ShipmentInfo; me: MyOrg }) {
  const { api } = useChain();
  const incoming = s.to === me.org.id;
  return (
    <tr data-testid="shipment" data-shipment={s.id} data-status={s.status}>
      <td>#{s.id}</td>
      <td>
        {incoming ? (
          <>
            from <OrgName id={s.from} />
          </>
        ) : (
          <>
            to <OrgName id={s.to} />
          </>
        )}
        <div class="hint">
          sent {timeText(s.createdAt)}; {s.transferOwnership ? 'a sale' : 'custody only'}
        </div>
      </td>
      <td>
        <ul class="mono units">
          {s.units.map((u) => (
            <li key={unitKey(u)}>{unitCode(u)}</li>
          ))}
        </ul>
      </td>
      <td>
        <span class={`badge ${s.status === 'Pending' ? 'badge-warn' : s.status === 'Received' ? 'badge-ok' : 'badge-bad'}`}>{STATUS_WORDS[s.status] ?? s.status}</span>
        {s.closedAt ? <div class="hint">{timeText(s.closedAt)}</div> : null}
      </td>
      <td>
        {s.status === 'Pending' && incoming && (
          <>
            <TxButton label="Receive" testId={`receive-${s.id}`} summary={`Receives shipment #${s.id}: your organization becomes the holder${s.transferOwnership ? ' and owner' : ''} of everything in it.`} build={() => api!.tx.supplyChain.receive(s.id)} />
            <TxButton label="Reject" kind="danger" testId={`reject-${s.id}`} summary={`Rejects shipment #${s.id}: everything stays with the sender.`} build={() => api!.tx.supplyChain.reject(s.id)} />
          </>
        )}
        {s.status === 'Pending' && !incoming && (
          <TxButton label="Cancel" kind="danger" testId={`cancel-${s.id}`} summary={`Cancels shipment #${s.id}: everything stays with your organization.`} build={() => api!.tx.supplyChain.cancelShipment(s.id)} />
        )}
        {s.status !== 'Pending' && !incoming && (
          <TxButton label="Remove" testId={`remove-${s.id}`} summary={`Removes closed shipment #${s.id} from the chain and gives its deposit back; its steps stay in the units' histories.`} build={() => api!.tx.supplyChain.removeShipment(s.id)} />
        )}
      </td>
    </tr>
  );
}

function ShipmentTable({ list, me, caption, testId }: { list: ShipmentInfo[]; me: MyOrg; caption: string; testId: string }) {
  if (list.length === 0) return <p class="hint" data-testid={testId}>None.</p>;
  return (
    <table data-testid={testId} aria-label={caption}>
      <thead>
        <tr>
          <th scope="col">Shipment</th>
          <th scope="col">With</th>
          <th scope="col">Units</th>
          <th scope="col">Status</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {list.map((s) => (
          <ShipmentRow key={s.id} s={s} me={me} />
        ))}
      </tbody>
    </table>
  );
}

function ShipmentLists({ me }: { me: MyOrg }) {
  const { api } = useChain();
  const { value, error } = useChainValue(() => allShipments(api!), []);
  if (error) return <p role="alert">Cannot read the shipments: {error}</p>;
  const list = value ?? [];
  return (
    <>
      <h3>Addressed to your organization</h3>
      <ShipmentTable list={list.filter((s) => s.to === me.org.id)} me={me} caption="Shipments addressed to your organization" testId="incoming" />
      <h3>Sent by your organization</h3>
      <ShipmentTable list={list.filter((s) => s.from === me.org.id)} me={me} caption="Shipments sent by your organization" testId="outgoing" />
    </>
  );
}
