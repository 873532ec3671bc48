// The pharmacist's verify page: scan (or type) a pack's code, and the chain answers as the
// medicines verification system does: a large verdict, the router's codes, who holds and owns
// the pack, and its custody history. Verification needs no account; dispensing, decommissioning
// and undoing them need the account of a pharmacist.
//
// The code is read by scripts/lib/gs1.mjs: a GS1 element string with AIs in parentheses, the raw
// data of a keyboard-wedge scanner (symbology identifier, GS separators or a substitute for
// them), or a GS1 Digital Link URL. A scan ends with Enter, which verifies.

import { useRef, useState } from 'preact/hooks';
import { GS, parseGs1 } from '@lib/gs1.mjs';
import { useAccounts } from '../accounts';
import { useChain } from '../chain';
import { Notice, Section, useChainValue } from '../components/ui';
import type { TxResult } from '../tx';
import { organizationsAt, OrgName } from '../orgs';
import { chainNow, expiryText, packState, traceOf, verifyPack, type PackId } from './supply/codec';
import { useMyOrg } from './supply/my-org';
import { PackActions } from './supply/pack-actions';
import { CustodyTimeline } from './supply/timeline';
import { VerdictPanel } from './supply/verdict';

/** A scan: the identifier read and a number that changes with each scan, even of the same code. */
interface Scan {
  id: PackId;
  n: number;
}

export function PharmacyPage() {
  const [raw, setRaw] = useState('');
  const [scan, setScan] = useState<Scan | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const verify = (e?: Event) => {
    e?.preventDefault();
    try {
      const id = parseGs1(raw) as PackId;
      setScan({ id, n: (scan?.n ?? 0) + 1 });
      setProblem(null);
    } catch (err) {
      setScan(null);
      setProblem((err as Error).message);
    }
    // The next scan replaces this one.
    input.current?.select();
  };

  // Scanners that emulate the GS key press Ctrl+]; the browser types nothing for it.
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.ctrlKey && (e.key === ']' || e.code === 'BracketRight')) {
      e.preventDefault();
      const el = e.currentTarget as HTMLInputElement;
      const [start, end] = [el.selectionStart ?? el.value.length, el.selectionEnd ?? el.value.length];
      const next = el.value.slice(0, start) + GS + el.value.slice(end);
      setRaw(next);
      el.value = next;
      el.setSelectionRange(start + 1, start + 1);
    }
  };

  return (
    <>
      <Section title="Scan or type the pack’s code" id="scan">
        <form onSubmit={verify} class="scan-form">
          <div class="field">
            <label for="pack-code">Pack code</label>
            <input
              id="pack-code"
              ref={input}
              class="scan-input mono"
              value={raw}
              onInput={(e) => setRaw((e.target as HTMLInputElement).value)}
              onKeyDown={onKeyDown}
              autoComplete="off"
              autoCapitalize="off"
              spellcheck={false}
              autoFocus
              aria-describedby="pack-code-hint"
              data-testid="pack-code"
            />
            <p class="hint" id="pack-code-hint">
              Scan the 2D code on the pack (the scanner ends with Enter), or type it: <code>(01)GTIN(17)YYMMDD(10)LOT(21)SERIAL</code>, the
              scanner’s raw data, or the pack’s web address (GS1 Digital Link). No account is needed to verify.
            </p>
          </div>
          <button type="submit" class="btn btn-primary" data-testid="verify">
            Verify
          </button>
        </form>
        {problem && (
          <Notice kind="error">
            <strong>The code cannot be read.</strong>
            <p data-testid="parse-error">{problem}</p>
          </Notice>
        )}
        {scan && (
          <dl class="kv pack-id" data-testid="parsed">
            <dt>Product (GTIN)</dt>
            <dd class="mono" data-testid="parsed-gtin">
              {scan.id.gtin}
            </dd>
            <dt>Lot</dt>
            <dd class="mono" data-testid="parsed-lot">
              {scan.id.lot}
            </dd>
            <dt>Serial number</dt>
            <dd class="mono" data-testid="parsed-serial">
              {scan.id.serial}
            </dd>
            <dt>Expiry</dt>
            <dd data-testid="parsed-expiry">
              {expiryText(scan.id.expiry)} <span class="mono hint">({scan.id.expiry})</span>
            </dd>
          </dl>
        )}
      </Section>
      {scan && <Result scan={scan} />}
    </>
  );
}

function Result({ scan }: { scan: Scan }) {
  const { api, epoch } = useChain();
  const { current } = useAccounts();
  const { me } = useMyOrg(current);
  const [done, setDone] = useState<{ n: number; block: number } | null>(null);
  const [nonce, setNonce] = useState(0);
  const { id } = scan;
  const key = `${scan.n}:${nonce}`;
  const { value, error } = useChainValue(async () => {
    if (!api) throw new Error('not connected');
    // The answer shows with the names of the organizations it speaks of.
    const [v] = await Promise.all([verifyPack(api, id), organizationsAt(api, epoch)]);
    // The state and history of a pack are shown only when all four data elements match, as the
    // router gives additional information only then: guessing serials reveals nothing.
    const [state, trace, now] = v.verified ? await Promise.all([packState(api, id.gtin, id.serial), traceOf(api, id.gtin, id.serial), chainNow(api)]) : [null, null, 0];
    return { key, v, state, trace, now };
  }, [key]);

  const onDone = (r: TxResult) => {
    setDone({ n: scan.n, block: r.blockNumber });
    setNonce((x) => x + 1);
  };

  if (error) return <Notice kind="error">The chain could not answer: {error}</Notice>;
  // A previous scan's answer is not shown for this one.
  if (!value || !value.key.startsWith(`${scan.n}:`)) return <p role="status">Verifying…</p>;
  const { v, state, trace, now } = value;
  return (
    <>
      <Section title="Verification" id="verification">
        <VerdictPanel v={v} />
        {done && done.n === scan.n && (
          <p class="hint" data-testid="action-block">
            Recorded in block #{done.block}; verified again since.
          </p>
        )}
        {v.verified && state && <PackActions key={scan.n} id={id} v={v} state={state} me={me} now={now} onDone={onDone} />}
      </Section>
      {v.verified && trace && (
        <Section title="Custody history" id="custody">
          <p class="hint">Every step the chain recorded for this pack and the containers it travelled in, oldest first (times are the chain’s).</p>
          <CustodyTimeline items={trace} serial={id.serial} />
          {state && (
            <p data-testid="pack-now">
              <strong>Now:</strong> held by <OrgName id={state.custodian} />, owned by <OrgName id={state.owner} />
              {state.topContainer && (
                <>
                  , inside container <code>{state.topContainer}</code>
                </>
              )}
              {state.status === 'InTransit' && ', in transit'}.
            </p>
          )}
        </Section>
      )}
    </>
  );
}
