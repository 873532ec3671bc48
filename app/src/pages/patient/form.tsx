// Form pieces the grant and deny forms share: a group of checkboxes, the choice of who (an
// organization or an account), and the choice of records (all, some records, some categories).

import type { ComponentChildren } from 'preact';
import { OrgSelect } from '../../components/OrgSelect';
import { Field } from '../../components/ui';
import { addressOf, sameAccount } from '../../input';
import type { Organization } from '../../orgs';
import { orgStatusWords } from '../../words';
import { knownCodes } from './codes';
import { usePatient } from './context';
import { recordSummary, type RecordRow } from './records';

export interface Option {
  value: string;
  label: string;
}

export function CheckGroup({
  id,
  legend,
  options,
  selected,
  onChange,
  hint,
  disabled,
}: {
  id: string;
  legend: string;
  options: Option[];
  selected: string[];
  onChange: (next: string[]) => void;
  hint?: string;
  disabled?: boolean;
}) {
  const toggle = (value: string, on: boolean) => onChange(on ? [...selected.filter((v) => v !== value), value] : selected.filter((v) => v !== value));
  return (
    <fieldset data-testid={id} aria-describedby={hint ? `${id}-hint` : undefined}>
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.value} class="patient-check">
          <input
            type="checkbox"
            checked={selected.includes(o.value)}
            disabled={disabled}
            onChange={(e) => toggle(o.value, (e.target as HTMLInputElement).checked)}
            data-testid={`${id}-${o.value}`}
          />{' '}
          {o.label}
        </label>
      ))}
      {options.length === 0 && <p class="hint">Nothing to choose from.</p>}
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </fieldset>
  );
}

export function Radio({ name, value, checked, onChange, children, testId }: { name: string; value: string; checked: boolean; onChange: (v: string) => void; children: ComponentChildren; testId?: string }) {
  return (
    <label class="patient-check">
      <input type="radio" name={name} value={value} checked={checked} onChange={() => onChange(value)} data-testid={testId} /> {children}
    </label>
  );
}

export interface PartyChoice {
  kind: 'organization' | 'account';
  org: number | null;
  account: string;
}

/** `Grantee` as polkadot.js takes it, or an error in plain words. */
export function partyArg(choice: PartyChoice, organizations: Organization[], self: string, accountWords: (a: string) => string): { value: any; name: string } | { error: string } {
  if (choice.kind === 'organization') {
    const org = organizations.find((o) => o.id === choice.org);
    if (!org) return { error: 'Choose an organization.' };
    if (org.status !== 'Active') return { error: `${org.name} is ${orgStatusWords(org.status)}: it cannot be named now.` };
    return { value: { Organization: org.id }, name: org.name };
  }
  const text = choice.account.trim();
  if (!text) return { error: 'Enter the account address.' };
  const address = addressOf(text);
  if (!address) return { error: `"${text.slice(0, 20)}" is not an account address.` };
  if (sameAccount(address, self)) return { error: 'That is this identity itself: you always have access to your own records.' };
  return { value: { Account: address }, name: accountWords(address) };
}

export function PartyPicker({ id, legend, choice, onChange }: { id: string; legend: string; choice: PartyChoice; onChange: (c: PartyChoice) => void }) {
  const { organizations } = usePatient();
  const active = organizations.filter((o) => o.status === 'Active');
  return (
    <fieldset>
      <legend>{legend}</legend>
      <Radio name={`${id}-kind`} value="organization" checked={choice.kind === 'organization'} onChange={() => onChange({ ...choice, kind: 'organization' })} testId={`${id}-kind-organization`}>
        An organization (its members whose role fits the purpose)
      </Radio>
      <Radio name={`${id}-kind`} value="account" checked={choice.kind === 'account'} onChange={() => onChange({ ...choice, kind: 'account' })} testId={`${id}-kind-account`}>
        One account (a person)
      </Radio>
      {choice.kind === 'organization' ? (
        <Field id={`${id}-org`} label="Organization">
          <OrgSelect id={`${id}-org`} organizations={active} value={choice.org} onChange={(org) => onChange({ ...choice, org })} placeholder="(choose)" testId={`${id}-org`} />
        </Field>
      ) : (
        <Field id={`${id}-account`} label="Account address">
          <input
            id={`${id}-account`}
            value={choice.account}
            autocomplete="off"
            spellcheck={false}
            onInput={(e) => onChange({ ...choice, account: (e.target as HTMLInputElement).value })}
            data-testid={`${id}-account`}
          />
        </Field>
      )}
    </fieldset>
  );
}

export interface ScopeChoice {
  kind: 'all' | 'records' | 'categories';
  records: string[];
  categories: string[];
}

/** `Scope` as polkadot.js takes it (category codes as tags under `key`), or an error. */
export function scopeArg(choice: ScopeChoice, key: Uint8Array | undefined, tagOf: (code: string) => string, max: number): { value: any } | { error: string } {
  if (choice.kind === 'all') return { value: 'AllRecords' };
  if (choice.kind === 'records') {
    if (choice.records.length === 0) return { error: 'Choose at least one record, or "all your records".' };
    if (choice.records.length > max) return { error: `Choose at most ${max} records.` };
    return { value: { Records: choice.records.map(Number) } };
  }
  if (!key) return { error: 'Categories need your secret (they are blind tags).' };
  if (choice.categories.length === 0) return { error: 'Choose at least one category, or "all your records".' };
  if (choice.categories.length > max) return { error: `Choose at most ${max} categories.` };
  return { value: { Categories: choice.categories.map(tagOf) } };
}

export function ScopePicker({ id, legend, choice, onChange, records }: { id: string; legend: string; choice: ScopeChoice; onChange: (c: ScopeChoice) => void; records: RecordRow[] }) {
  const { hasSecret } = usePatient();
  return (
    <fieldset>
      <legend>{legend}</legend>
      <Radio name={`${id}-scope`} value="all" checked={choice.kind === 'all'} onChange={() => onChange({ ...choice, kind: 'all' })} testId={`${id}-scope-all`}>
        All your records, present and future
      </Radio>
      <Radio name={`${id}-scope`} value="records" checked={choice.kind === 'records'} onChange={() => onChange({ ...choice, kind: 'records' })} testId={`${id}-scope-records`}>
        Chosen records (and their later versions)
      </Radio>
      <Radio name={`${id}-scope`} value="categories" checked={choice.kind === 'categories'} onChange={() => onChange({ ...choice, kind: 'categories' })} testId={`${id}-scope-categories`}>
        Records of chosen categories
      </Radio>
      {choice.kind === 'records' && (
        <CheckGroup
          id={`${id}-records`}
          legend="Records"
          options={records.filter((r) => !r.info.erased).map((r) => ({ value: String(r.id), label: recordSummary(r) }))}
          selected={choice.records}
          onChange={(records) => onChange({ ...choice, records })}
        />
      )}
      {choice.kind === 'categories' && (
        <CheckGroup
          id={`${id}-categories`}
          legend="Categories"
          options={knownCodes('category').map((c) => ({ value: c.code, label: `${c.name} (${c.code})` }))}
          selected={choice.categories}
          onChange={(categories) => onChange({ ...choice, categories })}
          disabled={!hasSecret}
          hint="Stored on chain only as blind tags under this identity's key."
        />
      )}
    </fieldset>
  );
}
