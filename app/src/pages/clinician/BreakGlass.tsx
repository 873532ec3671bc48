// "Break the glass": emergency read access to all of a patient's records for a short time, with
// a stated reason whose hash goes on chain, a live countdown, and closing it early.

import { useEffect, useRef, useState } from 'preact/hooks';
import type { Account } from '../../accounts';
import { useChain } from '../../chain';
import { Address, Field, Notice, Section, useChainValue } from '../../components/ui';
import { TxButton } from '../../components/TxButton';
import { messageOf, parseAddress, textHash, valueOf } from '../../input';
import { eventsOf, mmss } from './shared';

interface OpenAccess {
  id: number;
  patient: string;
  openedAt: number;
  expiresAt: number;
}

/**
 * The emergency accesses `clinician` opened that are neither closed nor past their end, and the
 * chain's time at its latest block.
 */
function useMyOpenAccesses(clinician: string) {
  const { api } = useChain();
  return useChainValue<{ open: OpenAccess[]; chainNow: number }>(async () => {
    if (!api) return { open: [], chainNow: 0 };
    const chainNow = Number((await (api.query as any).timestamp.now()).toString());
    const entries = await (api.query as any).consent.openEmergency.entries(clinician);
    const out: OpenAccess[] = [];
    for (const [, idCodec] of entries) {
      if (idCodec.isNone) continue;
      const id = idCodec.unwrap().toNumber();
      const found = await (api.call as any).consentApi.emergencyAccess(id);
      if (found.isNone) continue;
      const a = found.unwrap();
      if (a.closedAt.isSome) continue;
      out.push({ id, patient: a.patient.toString(), openedAt: a.openedAt.toNumber(), expiresAt: a.expiresAt.toNumber() });
    }
    const now = Math.max(Date.now(), chainNow);
    return { open: out.filter((a) => a.expiresAt > now).sort((a, b) => a.expiresAt - b.expiresAt), chainNow };
  }, [clinician]);
}

/**
 * A live countdown to `until` (ms since the epoch, by the chain's clock); announced only when it
 * ends. A dev chain sealing on demand can run ahead of this computer's clock (`chainNow`, the
 * time of its latest block, is later than now): the countdown then runs that much ahead too, so
 * it never shows more time than the chain will allow. It only ever counts down.
 */
function Countdown({ until, id, chainNow }: { until: number; id: number; chainNow: number }) {
  const [now, setNow] = useState(Date.now());
  const ahead = useRef(0);
  ahead.current = Math.max(ahead.current, chainNow - Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = until - now - ahead.current;
  return (
    <>
      <span class="countdown" role="timer" aria-live="off" aria-label={`Time left for emergency access ${id}`} data-testid={`emergency-countdown-${id}`}>
        {mmss(left)}
      </span>
      <span role="status" class="clin-ended">
        {left <= 0 ? ` Emergency access ${id} has ended.` : ''}
      </span>
    </>
  );
}

export function BreakGlassSection({ account, memberRoles }: { account: Account; memberRoles: string[] }) {
  const { api } = useChain();
  const [patient, setPatient] = useState('');
  const [reason, setReason] = useState('');
  const [minutes, setMinutes] = useState('30');
  const [opened, setOpened] = useState<string | null>(null);
  const [closed, setClosed] = useState<Record<number, boolean>>({});
  const accesses = useMyOpenAccesses(account.address);
  // Accesses whose close button was used stay listed until the page is left, to show the outcome.
  const [kept, setKept] = useState<OpenAccess[]>([]);
  const maxMs = api ? Number((api.consts as any).consent.maxEmergencyDuration.toString()) : 0;
  const maxMinutes = Math.floor(maxMs / 60_000);
  const mayOpen = memberRoles.includes('EmergencyClinician');

  const build = () => {
    if (!api) throw new Error('Not connected.');
    const who = parseAddress(patient, "the patient's account");
    if (who === account.address) throw new Error('You cannot open emergency access to your own records.');
    const text = reason.trim();
    if (text.length < 10) throw new Error('State the reason for the emergency access in a sentence (at least 10 characters).');
    if (!/^\d+$/.test(minutes.trim())) throw new Error('Give the duration in whole minutes.');
    const m = Number(minutes.trim());
    if (m < 1 || m > maxMinutes) throw new Error(`The duration must be between 1 and ${maxMinutes} minutes.`);
    return api.tx.consent.openEmergencyAccess(who, textHash(text), m * 60_000);
  };

  const open = accesses.value?.open ?? [];
  const chainNow = accesses.value?.chainNow ?? 0;
  const listed = [...open, ...kept.filter((k) => !open.some((a) => a.id === k.id))].sort((a, b) => a.id - b.id);

  return (
    <Section title="Break the glass" id="clin-glass">
      <div class="clin-warning" role="note" data-testid="emergency-warning">
        <strong>Emergency access is for emergencies only.</strong> It opens every record of the patient to you for reading, without their
        consent, for a limited time. Every emergency access is reviewed afterwards by the patient and by the regulator, and every record you
        read under it is on the patient's access trail.
      </div>
      {!mayOpen && (
        <Notice kind="warn">You do not hold the Emergency clinician role in your organization: the chain will refuse to open emergency access.</Notice>
      )}
      <div class="grid">
        <Field id="glass-patient" label="Patient's account">
          <input id="glass-patient" value={patient} onInput={(e) => setPatient(valueOf(e))} autocomplete="off" data-testid="glass-patient" />
        </Field>
        <Field id="glass-minutes" label="Duration in minutes" hint={maxMinutes ? `At most ${maxMinutes} minutes (the chain's limit).` : undefined}>
          <input
            id="glass-minutes"
            type="number"
            min={1}
            max={maxMinutes || undefined}
            step={1}
            value={minutes}
            onInput={(e) => setMinutes(valueOf(e))}
            aria-describedby="glass-minutes-hint"
            data-testid="glass-minutes"
          />
        </Field>
      </div>
      <Field
        id="glass-reason"
        label="Reason (required)"
        hint="Write it as you would in the patient's file, and keep it there: only its BLAKE2b-256 hash goes on chain, so that reviewers can check the text you show them."
      >
        <textarea id="glass-reason" rows={3} required value={reason} onInput={(e) => setReason(valueOf(e))} aria-describedby="glass-reason-hint" data-testid="glass-reason" />
      </Field>
      <TxButton
        label="Break the glass"
        kind="danger"
        build={build}
        summary="Opens emergency read access to all of this patient's records for the duration. A deposit is held from your organization's admin until the access is reviewed."
        onDone={(r) => {
          const ev = eventsOf(r, 'consent', 'EmergencyAccessOpened')[0];
          if (!ev) return;
          const access = { id: ev.id.toNumber(), patient: ev.patient.toString(), openedAt: Date.now(), expiresAt: ev.expiresAt.toNumber() };
          setKept((k) => [...k.filter((a) => a.id !== access.id), access]);
          setOpened(`Emergency access ${access.id} is open.`);
          setReason('');
        }}
        testId="glass-open"
      />
      {opened && (
        <p role="status" class="ok" data-testid="glass-opened">
          {opened} Fetch the patient's records with the purpose "Emergency treatment".
        </p>
      )}
      <h3>My open emergency accesses</h3>
      {accesses.error && <Notice kind="error">Cannot read your emergency accesses: {messageOf(accesses.error)}</Notice>}
      {listed.length === 0 ? (
        <p data-testid="emergency-none">None.</p>
      ) : (
        <table data-testid="emergency-table">
          <thead>
            <tr>
              <th scope="col">Access</th>
              <th scope="col">Patient</th>
              <th scope="col">Time left</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {listed.map((a) => (
              <tr key={a.id} data-testid={`emergency-row-${a.id}`}>
                <td>{a.id}</td>
                <td>
                  <Address value={a.patient} />
                </td>
                <td>{closed[a.id] ? <span data-testid={`emergency-closed-${a.id}`}>Closed</span> : <Countdown until={a.expiresAt} id={a.id} chainNow={chainNow} />}</td>
                <td>
                  {api && (
                    <TxButton
                      label="Close now"
                      build={() => {
                        setKept((k) => [...k.filter((x) => x.id !== a.id), a]);
                        return api.tx.consent.closeEmergencyAccess(a.id);
                      }}
                      summary={`Ends emergency access ${a.id} now. It stays on record for review.`}
                      onDone={() => setClosed((c) => ({ ...c, [a.id]: true }))}
                      testId={`emergency-close-${a.id}`}
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}
