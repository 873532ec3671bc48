// A polkadot-api (papi) client of Healthchain, typed by descriptors generated from the runtime's
// own metadata (tests/e2e/papi.test.mjs generates them from the release build's WASM). `tsc`
// checks every call, event, runtime API and view function used here against that metadata, so
// a change that breaks papi clients (a call, argument, event, runtime API or view function
// removed, renamed or retyped) fails the type-check; running it against a dev node then checks
// that the chain agrees with the descriptors and that a signed consent grant, its event, the
// access decision and the grant's view work end to end.
//
//   node smoke.ts [ws://127.0.0.1:9944]
//
// Needs Node.js 22 (papi's command line, global WebSocket, type stripping). Prints one line per
// check passed; on the first failure prints why on stderr and exits 1.

import { createClient, Binary, CompatibilityLevel, Enum, FixedSizeBinary, type PolkadotClient } from 'polkadot-api';
import { getWsProvider } from 'polkadot-api/ws-provider';
import { withPolkadotSdkCompat } from 'polkadot-api/polkadot-sdk-compat';
import { getPolkadotSigner } from 'polkadot-api/signer';
import { sr25519CreateDerive } from '@polkadot-labs/hdkd';
import { DEV_PHRASE, entropyToMiniSecret, mnemonicToEntropy, ss58Address } from '@polkadot-labs/hdkd-helpers';
import { healthchain } from '#descriptors';

const endpoint = process.argv[2] ?? 'ws://127.0.0.1:9944';
// A transaction that is never included must fail the run, not hang it.
const TIMEOUT_MS = 120_000;

class SmokeFailure extends Error {}

/** JSON with bigints and papi's binaries as text, for failure messages. */
const show = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'bigint') return `${v}n`;
    if (v instanceof Binary) return v.asHex();
    return v;
  });

/** Fails with `what`, and both values, unless `actual` and `expected` print the same. */
function same(actual: unknown, expected: unknown, what: string): void {
  if (show(actual) !== show(expected)) {
    throw new SmokeFailure(`${what}: expected ${show(expected)}, got ${show(actual)}`);
  }
  console.log(`ok: ${what}`);
}

async function smoke(client: PolkadotClient): Promise<void> {
  const api = client.getTypedApi(healthchain);

  // The descriptors must describe the running chain exactly: generated from the runtime the
  // node embeds, every entry used here is identical, not merely compatible.
  const token = await api.compatibilityToken;
  const levels: Array<[string, CompatibilityLevel]> = [
    ['call Consent.grant', api.tx.Consent.grant.getCompatibilityLevel(token)],
    ['event Consent.GrantCreated', api.event.Consent.GrantCreated.getCompatibilityLevel(token)],
    ['runtime API ConsentApi.check_access', api.apis.ConsentApi.check_access.getCompatibilityLevel(token)],
    ['view function Consent.check_access', api.view.Consent.check_access.getCompatibilityLevel(token)],
    ['view function Consent.grant_info', api.view.Consent.grant_info.getCompatibilityLevel(token)],
    ['view function Consent.grants_to', api.view.Consent.grants_to.getCompatibilityLevel(token)],
    ['constant System.SS58Prefix', api.constants.System.SS58Prefix.getCompatibilityLevel(token)],
  ];
  for (const [entry, level] of levels) {
    same(CompatibilityLevel[level], CompatibilityLevel[CompatibilityLevel.Identical], `${entry} matches the chain`);
  }

  // papi writes accounts with the chain's own SS58 prefix (12912, `hc…`; docs/addresses.md), read
  // from its metadata: our addresses are written the same way so that they compare as text.
  const prefix = api.constants.System.SS58Prefix(token);
  const derive = sr25519CreateDerive(entropyToMiniSecret(mnemonicToEntropy(DEV_PHRASE)));
  const alice = derive('//Alice');
  // A grantee no earlier run has used, so that the answers below hold on a chain run by hand.
  const grantee = ss58Address(derive(`//Bob//papi-smoke-${Date.now()}`).publicKey, prefix);
  const patient = ss58Address(alice.publicKey, prefix);
  const signer = getPolkadotSigner(alice.publicKey, 'Sr25519', alice.sign);
  console.log(`ok: SS58 prefix ${prefix}: Alice is ${patient}`);

  // A category tag is opaque to the chain; a grant of all records covers every category.
  const target = Enum('Category', new FixedSizeBinary<16>(new Uint8Array(16).fill(0x11)));
  const treatment = Enum('Treatment');
  const read = Enum('Read');

  const before = await api.apis.ConsentApi.check_access(patient, grantee, target, treatment, read);
  same(before, Enum('Denied', Enum('NoGrant')), 'no access before the grant (runtime API)');

  const result = await api.tx.Consent.grant({
    on_behalf_of: undefined,
    grantee: Enum('Account', grantee),
    terms: {
      purposes: [treatment],
      actions: [read],
      scope: Enum('AllRecords'),
      data_period: undefined,
      valid_from: undefined,
      valid_until: undefined,
      open_ended: true,
      exceptions: [],
    },
  }).signAndSubmit(signer);
  if (!result.ok) throw new SmokeFailure(`the grant failed in block #${result.block.number}: ${show(result.dispatchError)}`);
  console.log(`ok: the grant is in block #${result.block.number}`);

  const created = api.event.Consent.GrantCreated.filter(result.events);
  same(created.length, 1, 'the transaction emitted one Consent.GrantCreated');
  const { id, grant } = created[0]!;
  same(
    { patient: grant.patient, grantor: grant.grantor, grantee: grant.grantee, purposes: grant.purposes, actions: grant.actions, scope: grant.scope, until: grant.validity.until },
    { patient, grantor: patient, grantee: Enum('Account', grantee), purposes: [treatment], actions: [read], scope: Enum('AllRecords'), until: undefined },
    `Consent.GrantCreated carries grant ${id} as submitted`,
  );
  if (grant.deposit <= 0n) throw new SmokeFailure(`grant ${id} holds no deposit: ${show(grant)}`);

  // Read in the block that includes the grant: the answers must reflect it there.
  const at = { at: result.block.hash };
  const permitted = Enum('Permitted', Enum('Grant', id));
  same(await api.apis.ConsentApi.check_access(patient, grantee, target, treatment, read, at), permitted, 'the grant permits access (runtime API)');
  same(await api.view.Consent.check_access(patient, grantee, target, treatment, read, at), permitted, 'the grant permits access (view function)');
  same(
    await api.apis.ConsentApi.check_access(patient, grantee, target, Enum('Research'), read, at),
    Enum('Denied', Enum('PurposeNotAllowed')),
    'only the granted purpose is permitted (runtime API)',
  );

  const info = await api.view.Consent.grant_info(id, at);
  if (!info) throw new SmokeFailure(`Consent.grant_info(${id}) found no grant`);
  same(info, grant, `Consent.grant_info(${id}) returns the grant of the event (view function)`);
  const granted = await api.view.Consent.grants_to(Enum('Account', grantee), undefined, 10, at);
  same(granted.map(([grantId]) => grantId), [id], 'Consent.grants_to lists the grant (view function)');
}

const client = createClient(withPolkadotSdkCompat(getWsProvider(endpoint)));
const timer = setTimeout(() => {
  console.error(`papi smoke test: no answer within ${TIMEOUT_MS / 1000} s from ${endpoint}`);
  process.exit(1);
}, TIMEOUT_MS);
try {
  await smoke(client);
  console.log('papi smoke test: passed');
} catch (e) {
  const message = e instanceof SmokeFailure ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e);
  console.error(`papi smoke test failed against ${endpoint}: ${message}`);
  process.exitCode = 1;
} finally {
  clearTimeout(timer);
  client.destroy();
}
