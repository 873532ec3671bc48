// Grants and denies in one plain sentence: "General Hospital may read all your records for
// treatment until 31 Dec 2026, except records labelled psychiatry information sensitivity."
// Both the form (before signing) and the list (a grant as the chain returns it) use it.

import { UNRECOGNISED, named, namedText, periodText } from './codes';
import { actionVerb, capitalize, list, purposeWords, variant } from '../../words';
import { formatDate, untilWords } from './dates';

export type ScopeWords = { kind: 'all' } | { kind: 'categories'; names: string[] } | { kind: 'records'; ids: number[] };

export interface GrantWords {
  /** Who: an organization's name or an account in words. */
  grantee: string;
  actions: string[];
  purposes: string[];
  scope: ScopeWords;
  /** The data period in words ("from 1 Jan 2026 to 31 Dec 2026"), if any. */
  dataPeriod: string | null;
  /** When the grant starts (ms), when that is later than now. */
  from: number | null;
  /** When it expires (ms), or null for an open-ended grant. */
  until: number | null;
  /** Phrases of the exceptions: "records labelled …", "record #3". */
  exceptions: string[];
}

function scopePhrase(scope: ScopeWords): string {
  switch (scope.kind) {
    case 'all':
      return 'all your records';
    case 'categories':
      return `your records of category ${list(scope.names, 'or')}`;
    case 'records':
      return `your record${scope.ids.length === 1 ? '' : 's'} ${list(scope.ids.map((id) => `#${id}`))}`;
  }
}

export function grantSentence(g: GrantWords): string {
  const verbs = list(g.actions.map(actionVerb));
  const period = g.dataPeriod ? ` dated ${g.dataPeriod}` : '';
  const purposes = ` for ${list(g.purposes.map(purposeWords), 'or')}`;
  const from = g.from !== null ? ` from ${formatDate(g.from)}` : '';
  const until = g.until !== null ? ` until ${untilWords(g.until)}` : ', with no end date (until you revoke it)';
  const except = g.exceptions.length ? `, except ${list(g.exceptions)}` : '';
  return `${capitalize(g.grantee)} may ${verbs} ${scopePhrase(g.scope)}${period}${purposes}${from}${until}${except}.`;
}

export interface DenyWords {
  actor: string;
  actions: string[];
  purposes: string[];
  scope: ScopeWords;
  /** Label names; empty: whatever the labels. */
  labels: string[];
}

export function denySentence(d: DenyWords): string {
  const verbs = d.actions.length ? list(d.actions.map(actionVerb), 'or') : `${actionVerb('Read')} or ${actionVerb('Append')}`;
  const labels = d.labels.length ? ` labelled ${list(d.labels, 'or')}` : '';
  const purposes = d.purposes.length ? `for ${list(d.purposes.map(purposeWords), 'or')}` : 'for any purpose';
  return `${capitalize(d.actor)} may not ${verbs} ${scopePhrase(d.scope)}${labels} ${purposes}, whatever grant they hold.`;
}

/** A `ScopeView` (as JSON) in words, categories read with `key`. */
export function scopeWords(json: unknown, key: Uint8Array | undefined): ScopeWords {
  const [kind, value] = variant(json);
  if (kind === 'Categories') return { kind: 'categories', names: (value as string[]).map((t) => categoryName(key, t)) };
  if (kind === 'Records') return { kind: 'records', ids: (value as number[]).map(Number) };
  return { kind: 'all' };
}

function categoryName(key: Uint8Array | undefined, tag: string): string {
  return key ? namedText(named(key, 'category', tag)) : 'a category (tag only)';
}

function labelName(key: Uint8Array | undefined, tag: string): string {
  if (!key) return 'a label (tag only)';
  const n = named(key, 'label', tag);
  return n.code ? n.name : UNRECOGNISED;
}

/** An `Exception` (as JSON) in words. */
export function exceptionWords(json: unknown, key: Uint8Array | undefined): string {
  const [kind, value] = variant(json);
  switch (kind) {
    case 'Label':
      return `records labelled ${labelName(key, value)}`;
    case 'Category':
      return `records of category ${categoryName(key, value)}`;
    case 'Record':
      return `record #${value}`;
    case 'DataPeriod':
      return `records dated ${periodText(key, value)}`;
    default:
      return kind;
  }
}

/** A `GrantView` (as JSON) in words. */
export function grantViewWords(view: any, grantee: string, key: Uint8Array | undefined, now: number): GrantWords {
  return {
    grantee,
    actions: (view.actions as string[]).map((a) => variant(a)[0]),
    purposes: (view.purposes as string[]).map((p) => variant(p)[0]),
    scope: scopeWords(view.scope, key),
    dataPeriod: view.dataPeriod ? periodText(key, view.dataPeriod) : null,
    from: Number(view.validity.from) > now ? Number(view.validity.from) : null,
    until: view.validity.until === null ? null : Number(view.validity.until),
    exceptions: (view.exceptions as unknown[]).map((e) => exceptionWords(e, key)),
  };
}

/** A `DenyView` (as JSON) in words. */
export function denyViewWords(view: any, actor: string, key: Uint8Array | undefined): DenyWords {
  return {
    actor,
    actions: (view.actions as string[]).map((a) => variant(a)[0]),
    purposes: (view.purposes as string[]).map((p) => variant(p)[0]),
    scope: scopeWords(view.scope, key),
    labels: (view.labels as string[]).map((t) => labelName(key, t)),
  };
}
