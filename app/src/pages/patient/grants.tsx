// My grants: what this identity allows whom, in words; a form that states the grant in one
// sentence before it is signed; revoking. And refusals (deny provisions), which override grants.

import { periodTags, tagHex } from '@lib/blind.mjs';
import { useMemo, useState } from 'preact/hooks';
import { formatBalance, useChain } from '../../chain';
import { TxButton } from '../../components/TxButton';
import { Field, Notice, Section, useChainValue } from '../../components/ui';
import { addressOf } from '../../input';
import { orgName, type Organization } from '../../orgs';
import { actionLabel, actionsOf, orgRoleWords, purposeLabel, purposesOf, purposeWords, variant } from '../../words';
import { codeName, knownCodes, tagOf } from './codes';
import { Party, useOutcome, usePatient } from './context';
import { endOfLocalDay, formatDateTime, startOfLocalDay } from './dates';
import { denySentence, denyViewWords, grantSentence, grantViewWords, type GrantWords, type ScopeWords } from './describe';
import { CheckGroup, PartyPicker, partyArg, ScopePicker, scopeArg, type PartyChoice, type ScopeChoice } from './form';
import type { RecordRow, RecordsState } from './records';

/** A grantee in words: an organization's name, or an account. */
function granteeName(json: unknown, organizations: Organization[], accountWords: (a: string) => string): string {
  const [kind, value] = variant(json);
  return kind === 'Organization' ? orgName(organizations, Number(value)) : accountWords(String(value));
}

/**
 * The organization roles that let a grant for each purpose serve an organization, from the
 * chain's `consent.purposeEntitlements` constant.
 */
function rolesForPurpose(api: any): Record<string, string[]> {
  const list = (api.consts.consent.purposeEntitlements?.toJSON?.() ?? []) as [string, string[], string[] | null][];
  return Object.fromEntries(list.map(([purpose, orgRoles]) => [purpose, orgRoles]));
}

// ------------------------------------------------------------------ the list

export function GrantsSection({ records }: { records: RecordsState }) {
  const { api, identity } = usePatient();
  const [limit, setLimit] = useState(100);
  const grants = useChainValue(async () => {
    const out: Array<[number, any]> = [];
    let after: number | null = null;
    while (out.length < limit) {
      const page: Array<[number, any]> = ((await (api.call as any).consentApi.grantsOf(identity.address, after, 100)).toJSON() as Array<[number, any]>) ?? [];
      out.push(...page.map(([id, g]) => [Number(id), g] as [number, any]));
      if (page.length < 100) return { list: out, more: false };
      after = Number(page[page.length - 1][0]);
    }
    return { list: out, more: true };
  }, [identity.address, limit]);
  const outcome = useOutcome('grants-outcome');
  return (
    <Section title="My grants" id="grants">
      <p>Who may use your records, for what, and until when. A grant stops the moment you revoke it.</p>
      {grants.error && <Notice kind="error">Could not read your grants: {grants.error}</Notice>}
      {grants.loading && !grants.value && <p role="status">Reading your grants…</p>}
      {grants.value && grants.value.list.length === 0 && <p data-testid="grants-empty">{identity.label} has made no grants.</p>}
      <ul class="patient-list">
        {grants.value?.list.map(([id, view]) => (
          <li key={id}>
            <GrantItem id={id} view={view} say={outcome.say} />
          </li>
        ))}
      </ul>
      {grants.value?.more && (
        <button type="button" class="btn" onClick={() => setLimit((l) => l + 100)}>
          Show more grants
        </button>
      )}
      {outcome.line}
      <GrantForm records={records.rows} />
    </Section>
  );
}

function GrantItem({ id, view, say }: { id: number; view: any; say: (text: string) => void }) {
  const { api, identity, organizations, now, accountWords } = usePatient();
  const chain = useChain();
  const words = grantViewWords(view, granteeName(view.grantee, organizations, accountWords), identity.blindKey, now);
  const sentence = grantSentence(words);
  const expired = view.validity.until !== null && Number(view.validity.until) <= now;
  return (
    <article class="patient-item" data-testid={`grant-${id}`} aria-labelledby={`grant-${id}-title`}>
      <h3 id={`grant-${id}-title`}>
        Grant {id} {expired && <span class="badge badge-warn">expired</span>}
      </h3>
      <p data-testid="grant-sentence">{sentence}</p>
      <dl class="kv">
        {view.grantor !== view.patient && (
          <>
            <dt>Made by</dt>
            <dd>
              your guardian <Party address={view.grantor} />
            </dd>
          </>
        )}
        {variant(view.grantee)[0] === 'Account' && (
          <>
            <dt>Grantee</dt>
            <dd>
              <Party address={String(variant(view.grantee)[1])} />
            </dd>
          </>
        )}
        <dt>Made</dt>
        <dd>{Number(view.createdAt) === 0 ? 'at the chain\'s start' : formatDateTime(Number(view.createdAt))}</dd>
        <dt>Deposit</dt>
        <dd>{BigInt(view.deposit) === 0n ? 'none' : `${formatBalance(BigInt(view.deposit), chain)}, returned when the grant ends`}</dd>
      </dl>
      {expired ? (
        <TxButton
          label="Clean up (returns the deposit)"
          as={identity.account}
          testId={`grant-remove-expired-${id}`}
          summary={`Grant ${id} has expired and permits nothing; cleaning it up frees its storage and returns its deposit.`}
          build={() => api.tx.consent.removeExpired(id)}
          onDone={(r) => say(`Expired grant ${id} cleaned up (block #${r.blockNumber}).`)}
        />
      ) : (
        <TxButton
          label="Revoke"
          kind="danger"
          as={identity.account}
          testId={`grant-revoke-${id}`}
          summary={`Revoke grant ${id}: from the next block, it permits nothing. Keys shared under it are removed. What was already read cannot be taken back.`}
          build={() => api.tx.consent.revoke(id)}
          onDone={(r) => say(`Grant ${id} revoked (block #${r.blockNumber}): ${sentence}`)}
        />
      )}
    </article>
  );
}

// ------------------------------------------------------------------ the form

interface GrantDraft {
  who: PartyChoice;
  actions: string[];
  purposes: string[];
  scope: ScopeChoice;
  start: string;
  openEnded: boolean;
  end: string;
  periodFrom: string;
  periodUntil: string;
  exLabels: string[];
  exCategories: string[];
  exRecords: string[];
  exPeriodFrom: string;
  exPeriodUntil: string;
}

const emptyDraft = (): GrantDraft => ({
  who: { kind: 'organization', org: null, account: '' },
  actions: ['Read'],
  purposes: ['Treatment'],
  scope: { kind: 'all', records: [], categories: [] },
  start: '',
  openEnded: false,
  end: '',
  periodFrom: '',
  periodUntil: '',
  exLabels: [],
  exCategories: [],
  exRecords: [],
  exPeriodFrom: '',
  exPeriodUntil: '',
});

interface Built {
  /** The sentence, as far as the draft is complete. */
  words: GrantWords | null;
  problems: string[];
  warnings: string[];
  grantee?: any;
  terms?: any;
}

/** The days of a period as tags, or an error. */
function period(key: Uint8Array | undefined, from: string, until: string, what: string): { tags: string[]; text: string } | { error: string } | null {
  if (!from && !until) return null;
  if (!from || !until) return { error: `Give both ends of the ${what}, or neither.` };
  if (!key) return { error: `The ${what} needs your secret (dates are blind tags).` };
  try {
    const tags = (periodTags(key, from, until) as Uint8Array[]).map((t) => tagHex(t));
    const f = (d: string) => new Date(`${d}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
    return { tags, text: from === until ? `on ${f(from)}` : `from ${f(from)} to ${f(until)}` };
  } catch (e) {
    return { error: `The ${what}: ${(e as Error).message}` };
  }
}

function buildGrant(
  draft: GrantDraft,
  ctx: { key: Uint8Array | undefined; organizations: Organization[]; self: string; now: number; records: RecordRow[]; maxScope: number; maxExceptions: number; rolesForPurpose: Record<string, string[]>; accountWords: (a: string) => string; own: string[] },
): Built {
  const problems: string[] = [];
  const warnings: string[] = [];
  const who = partyArg(draft.who, ctx.organizations, ctx.self, ctx.accountWords);
  if (draft.who.kind === 'account' && ctx.own.includes(addressOf(draft.who.account) ?? '')) {
    warnings.push('That is another of your own identities: a grant between them shows on chain that they belong together.');
  }
  if (draft.actions.includes('Append') && draft.scope.kind === 'records') {
    warnings.push(
      'Adding is decided on the new record, which is none of the chosen ones: a grant limited to chosen records never lets anyone add records. To let them add records, choose all records or categories.',
    );
  }
  if ('error' in who) problems.push(who.error);
  if (draft.actions.length === 0) problems.push('Choose at least one thing they may do.');
  if (draft.purposes.length === 0) problems.push('Choose at least one purpose.');
  const scope = scopeArg(draft.scope, ctx.key, (code) => tagOf(ctx.key!, 'category', code), ctx.maxScope);
  if ('error' in scope) problems.push(scope.error);
  const start = draft.start ? startOfLocalDay(draft.start) : null;
  let until: number | null = null;
  if (!draft.openEnded) {
    if (!draft.end) problems.push('Give the last day of the grant, or choose "no end date".');
    else {
      until = endOfLocalDay(draft.end);
      if (until <= ctx.now) problems.push('The last day is already over: choose a later one.');
      if (start !== null && until <= start) problems.push('The last day must come after the first.');
    }
  }
  const dataPeriod = period(ctx.key, draft.periodFrom, draft.periodUntil, 'data period');
  if (dataPeriod && 'error' in dataPeriod) problems.push(dataPeriod.error);
  const exPeriod = period(ctx.key, draft.exPeriodFrom, draft.exPeriodUntil, 'excluded period');
  if (exPeriod && 'error' in exPeriod) problems.push(exPeriod.error);

  const exceptions: any[] = [];
  const exceptionWords: string[] = [];
  if (ctx.key) {
    for (const code of draft.exLabels) {
      exceptions.push({ Label: tagOf(ctx.key, 'label', code) });
      exceptionWords.push(`records labelled ${codeName('label', code)}`);
    }
    for (const code of draft.exCategories) {
      exceptions.push({ Category: tagOf(ctx.key, 'category', code) });
      exceptionWords.push(`records of category ${codeName('category', code)} (${code})`);
    }
  } else if (draft.exLabels.length || draft.exCategories.length) problems.push('Excluding labels or categories needs your secret.');
  for (const id of draft.exRecords) {
    exceptions.push({ Record: Number(id) });
    exceptionWords.push(`record #${id}`);
  }
  if (exPeriod && 'tags' in exPeriod) {
    exceptions.push({ DataPeriod: exPeriod.tags });
    exceptionWords.push(`records dated ${exPeriod.text}`);
  }
  if (exceptions.length > ctx.maxExceptions) problems.push(`At most ${ctx.maxExceptions} exceptions fit in one grant.`);

  if (draft.who.kind === 'organization' && !('error' in who)) {
    const org = ctx.organizations.find((o) => o.id === draft.who.org)!;
    for (const p of draft.purposes) {
      const roles = ctx.rolesForPurpose[p];
      if (roles && !roles.some((r) => org.roles.includes(r))) {
        warnings.push(`${org.name} is not a ${roles.map((r) => orgRoleWords(r).toLowerCase()).join(' or ')}: a grant for ${purposeWords(p)} would serve none of its members.`);
      }
    }
  }

  const scopeWords: ScopeWords =
    draft.scope.kind === 'records'
      ? { kind: 'records', ids: draft.scope.records.map(Number) }
      : draft.scope.kind === 'categories'
        ? { kind: 'categories', names: draft.scope.categories.map((c) => `${codeName('category', c)} (${c})`) }
        : { kind: 'all' };
  const words: GrantWords | null =
    'error' in who || draft.actions.length === 0 || draft.purposes.length === 0
      ? null
      : {
          grantee: who.name,
          actions: draft.actions,
          purposes: draft.purposes,
          scope: scopeWords,
          dataPeriod: dataPeriod && 'text' in dataPeriod ? dataPeriod.text : null,
          from: start !== null && start > ctx.now ? start : null,
          until: draft.openEnded ? null : until,
          exceptions: exceptionWords,
        };
  if (problems.length) return { words, problems, warnings };
  return {
    words,
    problems,
    warnings,
    grantee: (who as { value: any }).value,
    terms: {
      purposes: draft.purposes,
      actions: draft.actions,
      scope: (scope as { value: any }).value,
      dataPeriod: dataPeriod && 'tags' in dataPeriod ? dataPeriod.tags : null,
      validFrom: start,
      validUntil: draft.openEnded ? null : until,
      openEnded: draft.openEnded,
      exceptions,
    },
  };
}

function GrantForm({ records }: { records: RecordRow[] }) {
  const { api, identity, identities, organizations, now, hasSecret, accountWords } = usePatient();
  const [draft, setDraft] = useState<GrantDraft>(emptyDraft);
  const set = (patch: Partial<GrantDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const purposes = useMemo(() => purposesOf(api), [api]);
  const actions = useMemo(() => actionsOf(api), [api]);
  const consts = (api.consts as any).consent;
  const entitlements = useMemo(() => rolesForPurpose(api), [api]);
  const built = buildGrant(draft, {
    key: identity.blindKey,
    organizations,
    self: identity.address,
    now,
    records,
    maxScope: consts.maxScopeItems.toNumber(),
    maxExceptions: consts.maxExceptions.toNumber(),
    rolesForPurpose: entitlements,
    accountWords,
    own: identities.map((i) => i.address),
  });
  const sentence = built.words ? grantSentence(built.words) : null;
  return (
    <section class="patient-form" aria-labelledby="grant-form-title" data-testid="grant-form">
      <h3 id="grant-form-title">Give a new grant</h3>
      <PartyPicker id="grant-who" legend="Who may use your records" choice={draft.who} onChange={(who) => set({ who })} />
      <CheckGroup
        id="grant-actions"
        legend="What they may do"
        options={actions.map((a) => ({ value: a, label: actionLabel(a) }))}
        selected={draft.actions}
        onChange={(actions) => set({ actions })}
        hint="Adding records is what a clinician needs to register a note for you."
      />
      <CheckGroup
        id="grant-purposes"
        legend="For which purposes"
        options={purposes.map((p) => ({ value: p, label: purposeLabel(p) }))}
        selected={draft.purposes}
        onChange={(purposes) => set({ purposes })}
      />
      <ScopePicker id="grant" legend="Which records" choice={draft.scope} onChange={(scope) => set({ scope })} records={records} />
      <fieldset>
        <legend>For how long</legend>
        <Field id="grant-start" label="First day (leave empty to start now)">
          <input id="grant-start" type="date" value={draft.start} onInput={(e) => set({ start: (e.target as HTMLInputElement).value })} data-testid="grant-start" />
        </Field>
        <label class="patient-check">
          <input type="checkbox" checked={draft.openEnded} onChange={(e) => set({ openEnded: (e.target as HTMLInputElement).checked })} data-testid="grant-open-ended" /> No end
          date: the grant lasts until I revoke it
        </label>
        {!draft.openEnded && (
          <Field id="grant-end" label="Last day (the grant ends when this day ends)">
            <input id="grant-end" type="date" value={draft.end} onInput={(e) => set({ end: (e.target as HTMLInputElement).value })} data-testid="grant-end" />
          </Field>
        )}
      </fieldset>
      <fieldset>
        <legend>Only records dated in a period (optional)</legend>
        <div class="patient-row">
          <Field id="grant-period-from" label="From">
            <input id="grant-period-from" type="date" disabled={!hasSecret} value={draft.periodFrom} onInput={(e) => set({ periodFrom: (e.target as HTMLInputElement).value })} data-testid="grant-period-from" />
          </Field>
          <Field id="grant-period-until" label="To (included)">
            <input id="grant-period-until" type="date" disabled={!hasSecret} value={draft.periodUntil} onInput={(e) => set({ periodUntil: (e.target as HTMLInputElement).value })} data-testid="grant-period-until" />
          </Field>
        </div>
      </fieldset>
      <details class="patient-exceptions">
        <summary>Exceptions: records the grant leaves out</summary>
        <CheckGroup
          id="grant-ex-labels"
          legend="Leave out records labelled"
          options={knownCodes('label').map((l) => ({ value: l.code, label: `${l.name} (${l.code})` }))}
          selected={draft.exLabels}
          onChange={(exLabels) => set({ exLabels })}
          disabled={!hasSecret}
        />
        <CheckGroup
          id="grant-ex-categories"
          legend="Leave out records of category"
          options={knownCodes('category').map((c) => ({ value: c.code, label: `${c.name} (${c.code})` }))}
          selected={draft.exCategories}
          onChange={(exCategories) => set({ exCategories })}
          disabled={!hasSecret}
        />
        <CheckGroup
          id="grant-ex-records"
          legend="Leave out these records"
          options={records.filter((r) => !r.info.erased).map((r) => ({ value: String(r.id), label: `#${r.id}${r.decoded ? ` ${r.decoded.type.name}` : ''}` }))}
          selected={draft.exRecords}
          onChange={(exRecords) => set({ exRecords })}
        />
        <fieldset>
          <legend>Leave out records dated in a period</legend>
          <div class="patient-row">
            <Field id="grant-ex-period-from" label="From">
              <input id="grant-ex-period-from" type="date" disabled={!hasSecret} value={draft.exPeriodFrom} onInput={(e) => set({ exPeriodFrom: (e.target as HTMLInputElement).value })} />
            </Field>
            <Field id="grant-ex-period-until" label="To (included)">
              <input id="grant-ex-period-until" type="date" disabled={!hasSecret} value={draft.exPeriodUntil} onInput={(e) => set({ exPeriodUntil: (e.target as HTMLInputElement).value })} />
            </Field>
          </div>
        </fieldset>
      </details>
      <div class="patient-sentence" aria-live="polite">
        <h4>In plain words</h4>
        <p data-testid="grant-form-sentence">{sentence ?? 'Choose who, what and which purpose to see the grant in words.'}</p>
        {built.problems.length > 0 && (
          <ul class="patient-problems" data-testid="grant-form-problems">
            {built.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        )}
        {built.warnings.map((w) => (
          <Notice kind="warn" key={w}>
            {w}
          </Notice>
        ))}
      </div>
      <TxButton
        label="Sign this grant"
        as={identity.account}
        testId="grant-submit"
        disabled={built.problems.length > 0}
        summary={sentence ?? undefined}
        build={() => {
          if (built.problems.length) throw new Error(built.problems.join(' '));
          return api.tx.consent.grant(null, built.grantee, built.terms);
        }}
        onDone={() => setDraft(emptyDraft())}
      />
    </section>
  );
}

// ------------------------------------------------------------------ refusals

export function DeniesSection({ records }: { records: RecordsState }) {
  const { api, identity, organizations, hasSecret, accountWords } = usePatient();
  const outcome = useOutcome('denies-outcome');
  const denies = useChainValue(async () => ((await (api.call as any).consentApi.deniesOf(identity.address)).toJSON() as Array<[number, any]>).map(([id, d]) => [Number(id), d] as [number, any]), [identity.address]);
  const purposes = useMemo(() => purposesOf(api), [api]);
  const actions = useMemo(() => actionsOf(api), [api]);
  const [who, setWho] = useState<PartyChoice>({ kind: 'organization', org: null, account: '' });
  const [dPurposes, setPurposes] = useState<string[]>([]);
  const [dActions, setActions] = useState<string[]>([]);
  const [scope, setScope] = useState<ScopeChoice>({ kind: 'all', records: [], categories: [] });
  const [labels, setLabels] = useState<string[]>([]);
  const maxScope = (api.consts as any).consent.maxScopeItems.toNumber();

  const actor = partyArg(who, organizations, identity.address, accountWords);
  const scopeValue = scopeArg(scope, identity.blindKey, (code) => tagOf(identity.blindKey!, 'category', code), maxScope);
  const problems = [...('error' in actor ? [actor.error] : []), ...('error' in scopeValue ? [scopeValue.error] : [])];
  if (labels.length && !identity.blindKey) problems.push('Labels need your secret (they are blind tags).');
  const sentence =
    'error' in actor
      ? null
      : denySentence({
          actor: actor.name,
          actions: dActions,
          purposes: dPurposes,
          scope:
            scope.kind === 'records'
              ? { kind: 'records', ids: scope.records.map(Number) }
              : scope.kind === 'categories'
                ? { kind: 'categories', names: scope.categories.map((c) => `${codeName('category', c)} (${c})`) }
                : { kind: 'all' },
          labels: labels.map((l) => codeName('label', l)),
        });
  return (
    <Section title="Refusals" id="denies">
      <p>
        A refusal names someone who may not use your records, whatever grant they hold: a refusal overrides every grant. It lasts until you
        revoke it.
      </p>
      {denies.error && <Notice kind="error">Could not read your refusals: {denies.error}</Notice>}
      {denies.value && denies.value.length === 0 && <p>{identity.label} refuses nobody.</p>}
      <ul class="patient-list">
        {denies.value?.map(([id, view]) => (
          <li key={id}>
            <article class="patient-item" data-testid={`deny-${id}`} aria-labelledby={`deny-${id}-title`}>
              <h3 id={`deny-${id}-title`}>Refusal {id}</h3>
              <p>{denySentence(denyViewWords(view, granteeName(view.actor, organizations, accountWords), identity.blindKey))}</p>
              <TxButton
                label="Revoke refusal"
                as={identity.account}
                testId={`deny-revoke-${id}`}
                summary={`Revoke refusal ${id}: from the next block it refuses nothing, and its deposit comes back.`}
                build={() => api.tx.consent.revokeDeny(id)}
                onDone={(r) => outcome.say(`Refusal ${id} revoked (block #${r.blockNumber}).`)}
              />
            </article>
          </li>
        ))}
      </ul>
      {outcome.line}
      <details class="patient-form" data-testid="deny-form">
        <summary>Refuse someone…</summary>
        <PartyPicker id="deny-who" legend="Who is refused" choice={who} onChange={setWho} />
        <CheckGroup
          id="deny-actions"
          legend="What they may not do (none ticked: anything)"
          options={actions.map((a) => ({ value: a, label: actionLabel(a) }))}
          selected={dActions}
          onChange={setActions}
        />
        <CheckGroup
          id="deny-purposes"
          legend="For which purposes (none ticked: any purpose)"
          options={purposes.map((p) => ({ value: p, label: purposeLabel(p) }))}
          selected={dPurposes}
          onChange={setPurposes}
        />
        <ScopePicker id="deny" legend="Which records" choice={scope} onChange={setScope} records={records.rows} />
        <CheckGroup
          id="deny-labels"
          legend="Only records labelled (none ticked: whatever the labels)"
          options={knownCodes('label').map((l) => ({ value: l.code, label: `${l.name} (${l.code})` }))}
          selected={labels}
          onChange={setLabels}
          disabled={!hasSecret}
        />
        <div class="patient-sentence" aria-live="polite">
          <h3>In plain words</h3>
          <p data-testid="deny-form-sentence">{sentence ?? 'Choose who is refused to see the refusal in words.'}</p>
          {problems.length > 0 && (
            <ul class="patient-problems">
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          )}
        </div>
        <Notice kind="warn">
          Everyone can read whom you refuse (the chain must know whom to turn away), though not why. Refusing a specialised clinic can hint
          that you know of it.
        </Notice>
        <TxButton
          label="Sign this refusal"
          kind="danger"
          as={identity.account}
          testId="deny-submit"
          disabled={problems.length > 0}
          summary={sentence ?? undefined}
          build={() => {
            if (problems.length) throw new Error(problems.join(' '));
            return api.tx.consent.deny(null, (actor as { value: any }).value, {
              purposes: dPurposes,
              actions: dActions,
              scope: (scopeValue as { value: any }).value,
              labels: identity.blindKey ? labels.map((l) => tagOf(identity.blindKey!, 'label', l)) : [],
            });
          }}
        />
      </details>
    </Section>
  );
}
