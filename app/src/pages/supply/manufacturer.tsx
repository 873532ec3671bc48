// A manufacturer's work on chain: register products (GTINs of its company prefixes), create
// lots, commission serialised packs into them, recall a lot, retire an expired lot.

import { useState } from 'preact/hooks';
import { gtinCompanyDigits, isRestrictedGtin } from '@lib/gs1.mjs';
import { useChain } from '../../chain';
import { TxButton } from '../../components/TxButton';
import { Field, Notice, Section, useChainValue } from '../../components/ui';
import { allProducts, bytes, chainNow, expiryFromDate, expiryText, gs1TextProblem, gtinProblem, lotsOf, timeText, type LotInfo, type ProductInfo } from './codec';
import { DocField, emptyDoc, ensure, GtinInput, hashOf, Problems, type Doc } from './fields';
import { type MyOrg } from './my-org';

export function ManufacturerSection({ me }: { me: MyOrg }) {
  const { api } = useChain();
  const { value: products } = useChainValue(() => allProducts(api!), []);
  const mine = (products ?? []).filter((p) => p.manufacturer === me.org.id);
  const [selected, setSelected] = useState('');
  const gtin = selected || mine.find((p) => !p.deactivated)?.gtin || '';
  const { value: lotData } = useChainValue(async () => (gtin ? { gtin, lots: await lotsOf(api!, gtin), now: await chainNow(api!) } : null), [gtin]);
  const lots = lotData && lotData.gtin === gtin ? lotData.lots : [];
  const now = lotData?.now ?? 0;
  const handles = me.handlesGoods;

  return (
    <Section title="Products and lots (manufacturer)" id="manufacturer">
      {!handles && <Notice kind="warn">Products, lots and packs are handled by the admin or a member with the Logistics or Pharmacist role; this account has neither.</Notice>}
      {!me.active && <Notice kind="warn">Your organization is not active: it cannot register, create or commission.</Notice>}
      <h3>Your products</h3>
      {mine.length === 0 ? (
        <p class="hint">No product registered yet.</p>
      ) : (
        <table data-testid="products" aria-label="Products of your organization">
          <thead>
            <tr>
              <th scope="col">GTIN</th>
              <th scope="col">Status</th>
              <th scope="col">Lots</th>
            </tr>
          </thead>
          <tbody>
            {mine.map((p) => (
              <tr key={p.gtin}>
                <td class="mono">{p.gtin}</td>
                <td>{p.deactivated ? <span class="badge badge-bad">withdrawn by the regulator</span> : <span class="badge badge-ok">active</span>}</td>
                <td>
                  <button type="button" class="btn" aria-pressed={p.gtin === gtin} onClick={() => setSelected(p.gtin)} data-testid={`show-lots-${p.gtin}`}>
                    Show lots
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <RegisterProduct me={me} products={products ?? []} />
      {gtin && (
        <>
          <h3>
            Lots of <span class="mono">{gtin}</span>
          </h3>
          <LotsTable lots={lots} now={now} />
          <div class="grid">
            <CreateLot gtin={gtin} lots={lots} now={now} />
            <Commission gtin={gtin} lots={lots} now={now} />
            <RecallLot gtin={gtin} lots={lots} me={me} />
            <RetireLot gtin={gtin} lots={lots} now={now} />
          </div>
        </>
      )}
    </Section>
  );
}

function lotStatus(l: LotInfo, now: number) {
  if (l.retired) return <span class="badge badge-warn">retired</span>;
  if (l.recall) return <span class="badge badge-bad">recalled {timeText(l.recall.at)}</span>;
  if (now >= l.expiresAt) return <span class="badge badge-bad">expired</span>;
  return <span class="badge badge-ok">active</span>;
}

function LotsTable({ lots, now }: { lots: LotInfo[]; now: number }) {
  if (lots.length === 0) return <p class="hint">No lot yet.</p>;
  return (
    <table data-testid="lots" aria-label="Lots of the product">
      <thead>
        <tr>
          <th scope="col">Lot</th>
          <th scope="col">Expiry</th>
          <th scope="col">Packs commissioned / declared</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {lots.map((l) => (
          <tr key={l.lot} data-lot={l.lot}>
            <td class="mono">{l.lot}</td>
            <td>{expiryText(l.expiry)}</td>
            <td>
              {l.commissioned} / {l.quantity}
            </td>
            <td>{lotStatus(l, now)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function RegisterProduct({ me, products }: { me: MyOrg; products: ProductInfo[] }) {
  const { api } = useChain();
  const [gtin, setGtin] = useState('');
  const [doc, setDoc] = useState<Doc>(emptyDoc);
  const problems: string[] = [];
  const bad = gtinProblem(gtin);
  if (bad) problems.push(gtin ? bad : 'Enter the GTIN (14 digits).');
  else if (isRestrictedGtin(gtin)) problems.push('This is a restricted circulation number (GS1 prefix 02, 04 or 2x): it never identifies a registered product.');
  else if (!me.prefixes.some((p) => gtinCompanyDigits(gtin).startsWith(p)))
    problems.push(`The GTIN is not of your company prefixes (${me.prefixes.join(', ') || 'none recorded'}): after its first digit it must start with one of them.`);
  else if (products.some((p) => p.gtin === gtin)) problems.push('This GTIN is registered already.');
  if (!hashOf(doc)) problems.push('Give the product master data (or its hash).');
  return (
    <>
      <h3>Register a product</h3>
      <Field id="reg-gtin" label="GTIN (14 digits)" hint={`Indicator digit, your company prefix (${me.prefixes.join(' or ') || 'none recorded'}), item reference, check digit.`}>
        <GtinInput id="reg-gtin" value={gtin} onChange={setGtin} testId="reg-gtin" />
      </Field>
      <DocField id="reg-meta" label="Product master data" hint="Name, strength, form, pack size… kept off chain." doc={doc} onChange={setDoc} />
      <Problems list={problems} show={!!(gtin || hashOf(doc))} />
      <TxButton
        label="Register the product"
        testId="register-product"
        disabled={problems.length > 0}
        summary={`Registers GTIN ${gtin} for your organization. A deposit is held from your organization's admin.`}
        build={() => {
          ensure(problems);
          return api!.tx.supplyChain.registerProduct(bytes(gtin), hashOf(doc)!);
        }}
        onDone={() => {
          setGtin('');
          setDoc(emptyDoc());
        }}
      />
    </>
  );
}

function CreateLot({ gtin, lots, now }: { gtin: string; lots: LotInfo[]; now: number }) {
  const { api } = useChain();
  const [lot, setLot] = useState('');
  const [date, setDate] = useState('');
  const [quantity, setQuantity] = useState('');
  const problems: string[] = [];
  const lotBad = gs1TextProblem(lot, 'lot number');
  if (lotBad) problems.push(lotBad);
  else if (lots.some((l) => l.lot === lot)) problems.push(`Lot ${lot} exists already.`);
  let expiry = '';
  try {
    expiry = expiryFromDate(date);
    if (Date.parse(`${date}T23:59:59.999Z`) < (now || Date.now())) problems.push('The expiry date is already past.');
  } catch (e) {
    problems.push((e as Error).message);
  }
  const qty = Number(quantity);
  if (!/^\d+$/.test(quantity) || qty < 1 || qty > 4_294_967_295) problems.push('The quantity is a whole number of packs, at least 1.');
  return (
    <div class="card">
      <h3>Create a lot</h3>
      <Field id="lot-number" label="Lot number" hint="Up to 20 letters, digits or GS1 punctuation.">
        <input id="lot-number" class="mono" value={lot} maxLength={20} onInput={(e) => setLot((e.target as HTMLInputElement).value.trim())} data-testid="lot-number" />
      </Field>
      <Field id="lot-expiry" label="Expiry date" hint={expiry ? `Printed as ${expiry} (YYMMDD).` : 'Written on the pack as YYMMDD.'}>
        <input id="lot-expiry" type="date" value={date} onInput={(e) => setDate((e.target as HTMLInputElement).value)} data-testid="lot-expiry" />
      </Field>
      <Field id="lot-quantity" label="Packs the lot may hold">
        <input id="lot-quantity" inputMode="numeric" value={quantity} onInput={(e) => setQuantity((e.target as HTMLInputElement).value.trim())} data-testid="lot-quantity" />
      </Field>
      <Problems list={problems} show={!!(lot || date || quantity)} />
      <TxButton
        label="Create the lot"
        testId="create-lot"
        disabled={problems.length > 0}
        summary={`Creates lot ${lot} of ${gtin}, expiring ${date}, for up to ${quantity} packs. A deposit per pack is held from your organization's admin until the lot is retired after expiry.`}
        build={() => {
          ensure(problems);
          return api!.tx.supplyChain.createLot(bytes(gtin), bytes(lot), bytes(expiry), qty);
        }}
        onDone={() => setLot('')}
      />
    </div>
  );
}

/** The serials of a range: `prefix` then the numbers `first`.., zero-padded to `width`. */
function rangeSerials(prefix: string, first: number, count: number, width: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${String(first + i).padStart(width, '0')}`);
}

function LotSelect({ id, lots, value, onChange, filter, testId }: { id: string; lots: LotInfo[]; value: string; onChange: (v: string) => void; filter: (l: LotInfo) => boolean; testId?: string }) {
  const choices = lots.filter(filter);
  return (
    <select id={id} value={value} onChange={(e) => onChange((e.target as HTMLSelectElement).value)} data-testid={testId}>
      <option value="">{choices.length ? 'Choose a lot…' : 'No lot fits'}</option>
      {choices.map((l) => (
        <option key={l.lot} value={l.lot}>
          {l.lot} (expires {expiryText(l.expiry)})
        </option>
      ))}
    </select>
  );
}

function Commission({ gtin, lots, now }: { gtin: string; lots: LotInfo[]; now: number }) {
  const { api } = useChain();
  const [lot, setLot] = useState('');
  const [mode, setMode] = useState<'range' | 'list'>('range');
  const [list, setList] = useState('');
  const [prefix, setPrefix] = useState('');
  const [first, setFirst] = useState('1');
  const [count, setCount] = useState('');
  const [width, setWidth] = useState('4');
  const max = Number(api!.consts.supplyChain.maxCommissionBatch.toString());
  const info = lots.find((l) => l.lot === lot);
  const problems: string[] = [];
  if (!info) problems.push('Choose the lot.');
  let serials: string[] = [];
  if (mode === 'list') {
    serials = list.split(/\r?\n/).map((s) => s.trim()).filter((s) => s.length > 0);
  } else if (!/^\d+$/.test(first) || !/^[1-9]\d*$/.test(count) || !/^\d{1,2}$/.test(width)) {
    problems.push('The range needs a first number, a count of at least 1 and a width (digits).');
  } else if (Number(count) > max) {
    problems.push(`At most ${max} packs per call.`);
  } else {
    serials = rangeSerials(prefix, Number(first), Number(count), Number(width));
  }
  if (mode === 'list' && serials.length === 0) problems.push('List the serial numbers, one per line.');
  if (serials.length > max) problems.push(`At most ${max} packs per call; ${serials.length} are listed.`);
  const badSerial = serials.map((s) => gs1TextProblem(s, 'serial')).find((p) => p);
  if (badSerial) problems.push(badSerial);
  const dup = serials.find((s, i) => serials.indexOf(s) !== i);
  if (dup) problems.push(`Serial ${dup} is listed twice.`);
  if (info && serials.length > info.quantity - info.commissioned) problems.push(`Lot ${lot} has room for ${info.quantity - info.commissioned} more packs; ${serials.length} are listed.`);
  return (
    <div class="card">
      <h3>Commission packs</h3>
      <Field id="com-lot" label="Lot">
        <LotSelect id="com-lot" lots={lots} value={lot} onChange={setLot} filter={(l) => !l.recall && !l.retired && now < l.expiresAt} testId="com-lot" />
      </Field>
      <fieldset>
        <legend>Serial numbers</legend>
        <label>
          <input type="radio" name="com-mode" checked={mode === 'range'} onChange={() => setMode('range')} /> A range
        </label>
        <label>
          <input type="radio" name="com-mode" checked={mode === 'list'} onChange={() => setMode('list')} data-testid="com-mode-list" /> A list
        </label>
      </fieldset>
      {mode === 'list' ? (
        <Field id="com-list" label="Serials, one per line">
          <textarea id="com-list" class="mono" rows={4} value={list} onInput={(e) => setList((e.target as HTMLTextAreaElement).value)} data-testid="com-list" />
        </Field>
      ) : (
        <div class="inline-fields">
          <Field id="com-prefix" label="Prefix">
            <input id="com-prefix" class="mono" size={8} value={prefix} onInput={(e) => setPrefix((e.target as HTMLInputElement).value.trim())} data-testid="com-prefix" />
          </Field>
          <Field id="com-first" label="First number">
            <input id="com-first" inputMode="numeric" size={6} value={first} onInput={(e) => setFirst((e.target as HTMLInputElement).value.trim())} />
          </Field>
          <Field id="com-count" label="How many">
            <input id="com-count" inputMode="numeric" size={6} value={count} onInput={(e) => setCount((e.target as HTMLInputElement).value.trim())} data-testid="com-count" />
          </Field>
          <Field id="com-width" label="Digits">
            <input id="com-width" inputMode="numeric" size={3} value={width} onInput={(e) => setWidth((e.target as HTMLInputElement).value.trim())} />
          </Field>
        </div>
      )}
      {serials.length > 0 && (
        <p class="hint" data-testid="com-preview">
          {serials.length} serial{serials.length === 1 ? '' : 's'}: <code>{serials[0]}</code>
          {serials.length > 1 && (
            <>
              {' '}
              … <code>{serials[serials.length - 1]}</code>
            </>
          )}
        </p>
      )}
      <Problems list={problems} show={!!(lot || list || count)} />
      <TxButton
        label="Commission"
        testId="commission"
        disabled={problems.length > 0}
        summary={`Brings ${serials.length} serialised packs of lot ${lot} into existence, owned and held by your organization.`}
        build={() => {
          ensure(problems);
          return api!.tx.supplyChain.commission(bytes(gtin), bytes(lot), serials.map(bytes));
        }}
      />
    </div>
  );
}

function RecallLot({ gtin, lots, me }: { gtin: string; lots: LotInfo[]; me: MyOrg }) {
  const { api } = useChain();
  const [lot, setLot] = useState('');
  const [doc, setDoc] = useState<Doc>(emptyDoc);
  const problems: string[] = [];
  if (!me.may(['Auditor'])) problems.push('A recall is decided by the admin or an Auditor member of the manufacturer or of a regulator.');
  if (!lot) problems.push('Choose the lot.');
  if (!hashOf(doc)) problems.push('Give the recall notice (or its hash).');
  return (
    <div class="card">
      <h3>Recall a lot</h3>
      <Field id="recall-lot" label="Lot">
        <LotSelect id="recall-lot" lots={lots} value={lot} onChange={setLot} filter={(l) => !l.recall} testId="recall-lot" />
      </Field>
      <DocField
        id="recall-reason"
        label="Recall notice"
        hint="Why the lot is recalled and what to do. Only its hash goes on chain; publish the notice through your usual channel."
        doc={doc}
        onChange={setDoc}
      />
      <Problems list={problems} show={!!(lot || hashOf(doc))} />
      <TxButton
        label="Recall the lot"
        kind="danger"
        testId="recall"
        disabled={problems.length > 0}
        summary={`Recalls every pack of lot ${lot} of ${gtin}, wherever it is. Cannot be undone. Only the notice's hash goes on chain.`}
        build={() => {
          ensure(problems);
          return api!.tx.supplyChain.recallLot(bytes(gtin), bytes(lot), hashOf(doc)!);
        }}
        onDone={() => setLot('')}
      />
    </div>
  );
}

function RetireLot({ gtin, lots, now }: { gtin: string; lots: LotInfo[]; now: number }) {
  const { api } = useChain();
  const [lot, setLot] = useState('');
  const problems: string[] = [];
  const info = lots.find((l) => l.lot === lot);
  if (!info) problems.push('Choose an expired lot.');
  return (
    <div class="card">
      <h3>Retire an expired lot</h3>
      <p class="hint">Gives back the lot’s deposit once it is expired. The lot and its packs stay on record.</p>
      <Field id="retire-lot" label="Lot">
        <LotSelect id="retire-lot" lots={lots} value={lot} onChange={setLot} filter={(l) => !l.retired && now >= l.expiresAt} />
      </Field>
      <Problems list={problems} show={!!lot} />
      <TxButton
        label="Retire the lot"
        testId="retire-lot"
        disabled={problems.length > 0}
        summary={`Retires lot ${lot}: its deposit goes back to the account that paid it.`}
        build={() => {
          ensure(problems);
          return api!.tx.supplyChain.retireLot(bytes(gtin), bytes(lot));
        }}
      />
    </div>
  );
}

