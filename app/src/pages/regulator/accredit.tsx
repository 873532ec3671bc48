// Accrediting a new organization: its admin account, roles, the licence behind it (the issuing
// authority's code and the document's hash, computed here from the document, which never
// leaves the browser) and a public metadata pointer. The registration is an offer: the
// organization comes into force when its admin accepts.

import { useState } from 'preact/hooks';
import { stringToU8a } from '@polkadot/util';
import { hasValidCheckDigit } from '@lib/gs1.mjs';
import { formatBalance, useChain } from '../../chain';
import { Field, Notice, Section } from '../../components/ui';
import { TxButton } from '../../components/TxButton';
import { parseAddress, valueOf } from '../../input';
import { readMembership, useOrganizations } from '../../orgs';
import type { TxResult } from '../../tx';
import { orgRolesOf, orgRoleWords } from '../../words';
import { bytes, fileHash } from '../supply/codec';
import type { Standing } from './shared';

/** Longest issuer code the chain takes (`MAX_ISSUER_CODE_LEN`). */
const MAX_ISSUER_LEN = 32;

/** Why `code` is not a well-formed issuer code, or null (the pallet's `Credential::is_well_formed`). */
export function issuerProblem(code: string): string | null {
  if (!code) return "Give the issuing authority's code, as printed in its register.";
  if (!/^[\x21-\x7e]+$/.test(code)) return 'The issuer code must be printable ASCII without spaces (letters, digits, punctuation).';
  if (code.length > MAX_ISSUER_LEN) return `The issuer code is longer than ${MAX_ISSUER_LEN} characters.`;
  if (/^\d{13}$/.test(code) && !hasValidCheckDigit(code, 13)) return `${code} looks like a GLN (13 digits) but its GS1 check digit is wrong.`;
  return null;
}

export function AccreditSection({ standing }: { standing: Standing | undefined }) {
  const chain = useChain();
  const api = chain.api!;
  const allRoles = orgRolesOf(api);
  const orgs = useOrganizations();
  const maxMetadata = Number((api.consts as any).organizations.maxMetadataLen.toString());
  const deposit = formatBalance((api.consts as any).organizations.organizationDeposit.toString(), chain);

  const [admin, setAdmin] = useState('');
  const [roles, setRoles] = useState<string[]>([]);
  const [issuer, setIssuer] = useState('');
  const [docHash, setDocHash] = useState('');
  const [hashing, setHashing] = useState(false);
  const [metadata, setMetadata] = useState('');
  const [offered, setOffered] = useState<{ org: number; admin: string } | null>(null);

  const toggle = (role: string, on: boolean) => setRoles((rs) => (on ? [...rs.filter((r) => r !== role), role] : rs.filter((r) => r !== role)));

  const onFile = async (e: Event) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (!file) return;
    setHashing(true);
    try {
      setDocHash(await fileHash(file));
    } finally {
      setHashing(false);
    }
  };

  /** Checks the form and builds the call; throws with what is wrong, in plain words. */
  const build = async () => {
    const address = parseAddress(admin, "the admin's account");
    if (roles.length === 0) throw new Error('Tick at least one role.');
    if (roles.includes('Regulator')) throw new Error('A regulator may not give the Regulator role: only Root (governance) can.');
    const issuerCode = issuer.trim();
    const problem = issuerProblem(issuerCode);
    if (problem) throw new Error(problem);
    const hash = docHash.trim();
    if (!/^0x[0-9a-fA-F]{64}$/.test(hash)) throw new Error("Give the licence document's hash (0x and 64 hex digits), or choose the document to compute it.");
    const meta = metadata.trim();
    const metaLength = stringToU8a(meta).length;
    if (metaLength > maxMetadata) throw new Error(`The metadata pointer is ${metaLength} bytes; at most ${maxMetadata} fit.`);
    const existing = await readMembership(api, address);
    if (existing) throw new Error(`That account already belongs to ${orgs.name(existing.org)}: an account belongs to one organization at most. Use another account.`);
    return api.tx.organizations.register(address, roles, { hash: hash.toLowerCase(), issuer: bytes(issuerCode) }, bytes(meta));
  };

  const onDone = (result: TxResult) => {
    const ev = result.events.find((e) => e.section === 'organizations' && e.method === 'RegistrationOffered');
    if (ev) setOffered({ org: Number(ev.data.org.toString()), admin: ev.data.admin.toString() });
  };

  return (
    <Section title="Accredit a new organization" id="accredit">
      <Notice>
        <strong>The admin must accept.</strong> Registering offers the admin role to the account you name; the organization takes the
        next id now but comes into force, active, only when that account signs <code>acceptAdmin</code>. Until then it can do nothing,
        and it may decline. On acceptance {deposit} is held from the admin as the organization's deposit, released when it is revoked.
      </Notice>
      {!standing?.accreditor && (
        <Notice kind="warn">Only the admin of an active regulator accredits organizations. Choose that account above to sign.</Notice>
      )}
      <form class="reg-form" onSubmit={(e) => e.preventDefault()} aria-describedby="accredit-note">
        <Field id="accredit-admin" label="Admin account (address)" hint="The account that will manage the organization's members; it must belong to no organization.">
          <input id="accredit-admin" value={admin} onInput={(e) => setAdmin(valueOf(e))} aria-describedby="accredit-admin-hint" autocomplete="off" spellcheck={false} data-testid="accredit-admin" />
        </Field>
        <fieldset>
          <legend>Roles</legend>
          {allRoles.map((role) => (
            <span class="reg-check" key={role}>
              <input
                type="checkbox"
                id={`accredit-role-${role}`}
                checked={roles.includes(role)}
                disabled={role === 'Regulator'}
                onChange={(e) => toggle(role, (e.target as HTMLInputElement).checked)}
                data-testid={`accredit-role-${role}`}
              />
              <label for={`accredit-role-${role}`}>{orgRoleWords(role)}</label>
            </span>
          ))}
          <p class="hint">A regulator may not give the Regulator role: only Root (governance) can make a regulator.</p>
        </fieldset>
        <fieldset>
          <legend>Licence (credential)</legend>
          <Field id="accredit-issuer" label="Issuing authority's code" hint="A GS1 company prefix, a GLN (13 digits with its check digit) or the licensing register's code; printable ASCII, no spaces, at most 32 characters.">
            <input id="accredit-issuer" value={issuer} onInput={(e) => setIssuer(valueOf(e))} aria-describedby="accredit-issuer-hint" autocomplete="off" spellcheck={false} data-testid="accredit-issuer" />
          </Field>
          <Field id="accredit-hash" label="Hash of the licence document" hint="0x and 64 hex digits. Or choose the document below: its BLAKE2b-256 hash is computed in this browser and the document is sent nowhere.">
            <input id="accredit-hash" class="mono" value={docHash} onInput={(e) => setDocHash(valueOf(e))} aria-describedby="accredit-hash-hint" autocomplete="off" spellcheck={false} data-testid="accredit-hash" />
          </Field>
          <Field id="accredit-file" label="Licence document (optional, to compute its hash)">
            <input id="accredit-file" type="file" onChange={onFile} data-testid="accredit-file" />
          </Field>
          {hashing && <p role="status">Hashing the document…</p>}
        </fieldset>
        <Field id="accredit-metadata" label="Metadata pointer (optional)" hint={`Public: a URL or content id of the organization's directory entry, at most ${maxMetadata} bytes; or its name as a data URL, e.g. data:,City%20Clinic, which this app shows as its name. Never personal data.`}>
          <input id="accredit-metadata" value={metadata} onInput={(e) => setMetadata(valueOf(e))} aria-describedby="accredit-metadata-hint" autocomplete="off" data-testid="accredit-metadata" />
        </Field>
        <p class="hint" id="accredit-note">
          Everything in this form is public on chain.
        </p>
        <TxButton
          label="Register the organization"
          testId="accredit-submit"
          summary="Offer the admin role of a new organization with these roles and licence. Nothing is held from you; the deposit is held from the admin when it accepts."
          build={build}
          onDone={onDone}
        />
      </form>
      {offered && (
        <Notice kind="ok">
          <span data-testid="accredit-offered">
            Registration offered: organization #{offered.org} waits for <span class="mono">{offered.admin}</span> to sign{' '}
            <code>acceptAdmin({offered.org})</code>.
          </span>
        </Notice>
      )}
    </Section>
  );
}
