// Packing packs and containers into a case or pallet (SSCC) and unpacking them, with a look at
// what a container holds.

import { useState } from 'preact/hooks';
import { makeSscc, ssccCompanyDigits } from '@lib/gs1.mjs';
import { useChain } from '../../chain';
import { TxButton } from '../../components/TxButton';
import { Field, Section, useChainValue } from '../../components/ui';
import { OrgName } from '../../orgs';
import { bytes, containerInfo, parseUnits, ssccProblem, unitArg, unitCode, unitKey, unitLabel, type ContainerInfo, type Unit } from './codec';
import { ensure, Problems } from './fields';
import type { MyOrg } from './my-org';

/** A random serial reference for a new SSCC under `prefix`. */
function randomReference(prefix: string): string {
  const width = 16 - prefix.length;
  const digits = crypto.getRandomValues(new Uint8Array(width));
  return Array.from(digits, (d) => String(d % 10)).join('');
}

/** The container `sscc` as the chain has it (null: no such container), read once `sscc` is valid. */
function useContainer(sscc: string) {
  const { api } = useChain();
  const valid = !ssccProblem(sscc);
  const limit = Number(api!.consts.supplyChain.maxContainerSize.toString());
  const { value } = useChainValue(async () => (valid ? { sscc, info: await containerInfo(api!, sscc, limit) } : null), [sscc, valid]);
  return value && value.sscc === sscc ? { known: true, info: value.info } : { known: false, info: null as ContainerInfo | null };
}

export function ContainerView({ info }: { info: ContainerInfo }) {
  return (
    <div class="container-view" data-testid="container-view">
      <dl class="kv">
        <dt>Kind</dt>
        <dd>{info.kind === 'Pallet' ? 'Pallet' : 'Case'}</dd>
        <dt>Status</dt>
        <dd>{info.status === 'InTransit' ? 'In transit' : 'At its holder'}</dd>
        <dt>Held by</dt>
        <dd>
          <OrgName id={info.custodian} />
        </dd>
        <dt>Owned by</dt>
        <dd>
          <OrgName id={info.owner} />
        </dd>
        {info.parent && (
          <>
            <dt>Inside</dt>
            <dd class="mono">{info.parent}</dd>
          </>
        )}
        <dt>Lots inside</dt>
        <dd>
          {info.lots.length === 0
            ? 'empty'
            : info.lots.map((l) => (
                <span key={`${l.gtin}/${l.lot}`}>
                  {l.packs} × lot <code>{l.lot}</code> of <code>{l.gtin}</code>{' '}
                </span>
              ))}
        </dd>
        {info.alerts > 0 && (
          <>
            <dt>Quarantined packs inside</dt>
            <dd class="badge badge-bad">{info.alerts}</dd>
          </>
        )}
      </dl>
      {info.contents.length > 0 && (
        <details>
          <summary>Directly inside ({info.contents.length})</summary>
          <ul class="mono">
            {info.contents.map((u: Unit) => (
              <li key={unitKey(u)}>{unitCode(u)}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

export function ContainersSection({ me }: { me: MyOrg }) {
  return (
    <Section title="Cases and pallets" id="containers">
      <div class="grid">
        <PackForm me={me} />
        <UnpackForm />
      </div>
    </Section>
  );
}

const UNITS_HINT = 'One per line: a pack’s code (any GS1 form, or GTIN and serial separated by a space), or an SSCC (18 digits) for a case.';

function PackForm({ me }: { me: MyOrg }) {
  const { api } = useChain();
  const [sscc, setSscc] = useState('');
  const [kind, setKind] = useState<'Case' | 'Pallet'>('Case');
  const [unitsText, setUnitsText] = useState('');
  const [prefix, setPrefix] = useState(me.prefixes[0] ?? '');
  const [extension, setExtension] = useState('3');
  const { known, info } = useContainer(sscc);
  const max = Number(api!.consts.supplyChain.maxContainerSize.toString());
  const problems: string[] = [];
  const bad = ssccProblem(sscc);
  if (bad) problems.push(sscc ? bad : 'Enter or generate the SSCC.');
  else if (known && !info && !me.prefixes.some((p) => ssccCompanyDigits(sscc).startsWith(p)))
    problems.push(`A new container’s SSCC must be of your company prefixes (${me.prefixes.join(', ') || 'none recorded'}).`);
  else if (info && info.kind !== kind) problems.push(`Container ${sscc} exists as a ${info.kind.toLowerCase()}.`);
  else if (info && info.custodian !== me.org.id) problems.push('Container exists and is held by another organization.');
  let units: Unit[] = [];
  try {
    units = parseUnits(unitsText, max);
  } catch (e) {
    problems.push((e as Error).message);
  }
  if (units.some((u) => u.kind === 'container' && u.sscc === sscc)) problems.push('A container cannot be packed into itself.');
  return (
    <div class="card">
      <h3>Pack into a case or pallet</h3>
      <Field id="pack-sscc" label="SSCC of the case or pallet (18 digits)" hint={info ? 'An existing container: the units are added to it.' : known ? 'A new container: packing creates it (a deposit is held until it is emptied).' : undefined}>
        <input id="pack-sscc" class="mono" inputMode="numeric" maxLength={18} value={sscc} onInput={(e) => setSscc((e.target as HTMLInputElement).value.trim())} data-testid="pack-sscc" />
      </Field>
      {me.prefixes.length > 0 && (
        <div class="inline-fields">
          {me.prefixes.length > 1 && (
            <Field id="sscc-prefix" label="Company prefix">
              <select id="sscc-prefix" value={prefix} onChange={(e) => setPrefix((e.target as HTMLSelectElement).value)}>
                {me.prefixes.map((p) => (
                  <option key={p}>{p}</option>
                ))}
              </select>
            </Field>
          )}
          <Field id="sscc-extension" label="Extension digit">
            <select id="sscc-extension" value={extension} onChange={(e) => setExtension((e.target as HTMLSelectElement).value)}>
              {Array.from({ length: 10 }, (_, i) => (
                <option key={i}>{i}</option>
              ))}
            </select>
          </Field>
          <button type="button" class="btn" onClick={() => setSscc(makeSscc(extension, prefix, randomReference(prefix)))} data-testid="generate-sscc">
            Generate a new SSCC
          </button>
        </div>
      )}
      <fieldset>
        <legend>Kind</legend>
        <label>
          <input type="radio" name="pack-kind" checked={kind === 'Case'} onChange={() => setKind('Case')} /> Case
        </label>
        <label>
          <input type="radio" name="pack-kind" checked={kind === 'Pallet'} onChange={() => setKind('Pallet')} /> Pallet
        </label>
      </fieldset>
      <Field id="pack-units" label="What to put in" hint={UNITS_HINT}>
        <textarea id="pack-units" class="mono" rows={4} value={unitsText} onInput={(e) => setUnitsText((e.target as HTMLTextAreaElement).value)} data-testid="pack-units" />
      </Field>
      {info && <ContainerView info={info} />}
      <Problems list={problems} show={!!(sscc || unitsText)} />
      <TxButton
        label="Pack"
        testId="pack"
        disabled={problems.length > 0}
        summary={`Packs ${units.length} unit${units.length === 1 ? '' : 's'} into ${kind.toLowerCase()} ${sscc}: ${units.map(unitLabel).join(', ')}.`}
        build={() => {
          ensure(problems);
          return api!.tx.supplyChain.pack(bytes(sscc), kind, units.map(unitArg));
        }}
        onDone={() => setUnitsText('')}
      />
    </div>
  );
}

function UnpackForm() {
  const { api } = useChain();
  const [sscc, setSscc] = useState('');
  const [unitsText, setUnitsText] = useState('');
  const { known, info } = useContainer(sscc);
  const max = Number(api!.consts.supplyChain.maxContainerSize.toString());
  const problems: string[] = [];
  const bad = ssccProblem(sscc);
  if (bad) problems.push(sscc ? bad : 'Enter the SSCC.');
  else if (known && !info) problems.push(`No container ${sscc} is known.`);
  else if (info && info.contents.length === 0) problems.push('The container is empty.');
  let units: Unit[] | null = null;
  if (unitsText.trim()) {
    try {
      units = parseUnits(unitsText, max);
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  return (
    <div class="card">
      <h3>Unpack</h3>
      <Field id="unpack-sscc" label="SSCC of the case or pallet">
        <input id="unpack-sscc" class="mono" inputMode="numeric" maxLength={18} value={sscc} onInput={(e) => setSscc((e.target as HTMLInputElement).value.trim())} data-testid="unpack-sscc" />
      </Field>
      {info && <ContainerView info={info} />}
      <Field id="unpack-units" label="What to take out (leave empty for everything)" hint={UNITS_HINT}>
        <textarea id="unpack-units" class="mono" rows={3} value={unitsText} onInput={(e) => setUnitsText((e.target as HTMLTextAreaElement).value)} />
      </Field>
      <Problems list={problems} show={!!sscc} />
      <TxButton
        label={units ? 'Take these out' : 'Unpack everything'}
        testId="unpack"
        disabled={problems.length > 0}
        summary={units ? `Takes ${units.length} unit(s) out of ${sscc}.` : `Takes everything out of ${sscc}; emptied, its deposit goes back.`}
        build={() => {
          ensure(problems);
          return api!.tx.supplyChain.unpack(bytes(sscc), units ? units.map(unitArg) : null);
        }}
        onDone={() => setUnitsText('')}
      />
    </div>
  );
}
