// Shared set-up for the end-to-end tests: a node per test file, fresh funded accounts per test,
// organizations registered through sudo, and the chain's clock.

import { before, after } from 'node:test';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { connect, signer, submit, findEvent, throwIfSudoFailed, DispatchFailed } from '../../scripts/lib/chain.mjs';
import { startNode } from '../../scripts/lib/node.mjs';
import { startChopsticks, startOmniNode } from '../../scripts/lib/parachain.mjs';
import { blindKeyFromSuri } from '../../scripts/lib/blind.mjs';

export const UNIT = 10n ** 12n;

const BACKENDS = ['solo', 'chopsticks', 'omni'];

/**
 * What the pallet suites run against, from `HC_E2E_CHAIN`: `solo` (unset: the dev node with
 * instant sealing), `chopsticks` or `omni` (the parachain runtime from the raw chain spec in
 * `HC_CHAIN_SPEC`, under Chopsticks or under `polkadot-omni-node` with instant sealing).
 */
export function chainBackend() {
  const backend = process.env.HC_E2E_CHAIN || 'solo';
  if (!BACKENDS.includes(backend)) throw new Error(`HC_E2E_CHAIN=${backend}: expected one of ${BACKENDS.join(', ')}`);
  return backend;
}

/** Starts the chain of `chainBackend()`; `args` (node arguments) only apply to the solo node. */
async function startChain({ name, args }) {
  const backend = chainBackend();
  if (backend === 'solo') return startNode({ name, ...(args ? { args } : {}) });
  if (args) throw new Error(`node arguments are for the solo node, not ${backend}`);
  return backend === 'chopsticks' ? startChopsticks({ name }) : startOmniNode({ name });
}

/**
 * Starts the chain for the calling test file (see `chainBackend`) and connects to it. Returns
 * an object whose `api` and `node` fields are set once the `before` hook has run.
 */
export function useNode({ name = 'e2e', args } = {}) {
  const ctx = { api: undefined, node: undefined };
  before(async () => {
    ctx.node = await startChain({ name, args });
    ctx.api = await connect(ctx.node.endpoint);
  });
  after(async () => {
    await ctx.api?.disconnect();
    await ctx.node?.stop();
  });
  return ctx;
}

let accountCounter = 0;

/**
 * Fresh accounts derived from Alice (`//Alice//<tag>-<n>`), each funded with `amount`, in one
 * batch. Each test gets accounts no other test touches. Each keeps its secret URI as `suri`, from
 * which a patient's blind key derives (`blindKey`), as a wallet derives it from its seed.
 */
export async function freshAccounts(api, tags, amount = 10_000n * UNIT) {
  const run = `${process.pid}-${Date.now()}`;
  const accounts = tags.map((tag) => {
    const suri = `//Alice//${tag}-${run}-${accountCounter++}`;
    return Object.assign(signer(suri), { suri });
  });
  const calls = accounts.map((a) => api.tx.balances.transferKeepAlive(a.address, amount));
  await submit(api, api.tx.utility.batchAll(calls), signer('//Alice'));
  return accounts;
}

/** The blind key of an account from `freshAccounts` (derived from its secret URI). */
export function blindKey(account) {
  if (!account.suri) throw new Error(`${account.address} has no secret URI to derive a blind key from`);
  return blindKeyFromSuri(account.suri);
}

/** Submits `call` through sudo and fails with the inner error when the call fails. */
export async function sudo(api, call) {
  return throwIfSudoFailed(api, await submit(api, api.tx.sudo.sudo(call), signer('//Alice')));
}

/**
 * Registers an organization through sudo with `admin` (a keypair) and `roles`, which `admin`
 * accepts (`acceptAdmin`), then adds `members` ([keypair, [memberRoles]] pairs): the admin
 * invites each, and each accepts (`acceptMembership`). Returns its id.
 */
export async function registerOrg(api, admin, roles, members = [], issuer = 'TEST-ISSUER') {
  const result = await sudo(api, api.tx.organizations.register(admin.address, roles, { hash: new Uint8Array(32).fill(1), issuer }, '0x'));
  const org = findEvent(result, 'organizations', 'RegistrationOffered').raw.data.org.toNumber();
  await submit(api, api.tx.organizations.acceptAdmin(org), admin);
  for (const [member, memberRoles] of members) {
    await addMember(api, org, admin, member, memberRoles);
  }
  return org;
}

/** `admin` invites `member` (a keypair) to `org` with `memberRoles`; `member` accepts. */
export async function addMember(api, org, admin, member, memberRoles) {
  await submit(api, api.tx.organizations.addMember(org, member.address, memberRoles), admin);
  return submit(api, api.tx.organizations.acceptMembership(org), member);
}

/** The chain's time (ms since the Unix epoch) at the best block. */
export async function chainNow(api) {
  return (await api.query.timestamp.now()).toBigInt();
}

/**
 * Produces blocks (with remarks, under instant sealing) until the chain's time is at least
 * `target` ms. Each sealed block moves the clock by at least one 6 s slot.
 */
export async function advanceTimeTo(api, target, who = signer('//Ferdie')) {
  for (let i = 0; i < 1_000 && (await chainNow(api)) < BigInt(target); i++) {
    await submit(api, api.tx.system.remark('0x00'), who);
  }
  if ((await chainNow(api)) < BigInt(target)) throw new Error(`chain time did not reach ${target}`);
}

/**
 * Brings the chain to where every new block is exactly one slot after its parent, so that the
 * blocks around a deadline are predictable. The solo node stamps a block with the later of the
 * wall clock and its parent's time plus a slot, so its clock must first run ahead of the wall
 * clock: sealing faster than a block a slot does that. Chopsticks and the omni node's instant
 * seal stamp every block one slot after its parent from the start (the omni node's clock starts
 * two hours behind the wall clock and stays there).
 */
export async function steadyClock(api) {
  if (chainBackend() === 'solo') await advanceTimeTo(api, BigInt(Date.now()) + 30_000n);
}

/** Expects `promise` to fail with `pallet.error`; returns the DispatchFailed. */
export async function expectError(promise, pallet, error) {
  try {
    await promise;
  } catch (e) {
    if (e instanceof DispatchFailed && e.pallet === pallet && e.error === error) return e;
    throw new Error(`expected ${pallet}.${error}, got ${e.message}`);
  }
  throw new Error(`expected ${pallet}.${error}, but the call succeeded`);
}

export { connect, signer, submit, findEvent, DispatchFailed };

/** An access decision as text, for assertions: */
/** `Permitted:Grant(3)`, `Permitted:Emergency(0)`, `Permitted:Patient` or `Denied:NoGrant`. */
export function decision(d) {
  if (d.isDenied) return `Denied:${d.asDenied.type}`;
  const basis = d.asPermitted;
  if (basis.isGrant) return `Permitted:Grant(${basis.asGrant.toNumber()})`;
  if (basis.isEmergency) return `Permitted:Emergency(${basis.asEmergency.toNumber()})`;
  return `Permitted:${basis.type}`;
}

/**
 * Runs `node scripts/hc.mjs ...args --url <endpoint>` as a script would, without HC_SURI, a
 * keystore password or HC_ENDPOINT from this environment. Resolves with `{ code, stdout,
 * stderr }`, and `json`: stdout parsed when it is JSON (a `--json` run that succeeded).
 */
export function runHc(endpoint, args, { timeoutMs = 120_000 } = {}) {
  const env = { ...process.env };
  for (const name of ['HC_SURI', 'HC_KEYSTORE_PASSWORD', 'HC_ENDPOINT']) delete env[name];
  const script = fileURLToPath(new URL('../../scripts/hc.mjs', import.meta.url));
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, [script, ...args, '--url', endpoint], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', rej);
    child.on('close', (code) => {
      clearTimeout(timer);
      let json;
      try {
        json = JSON.parse(stdout);
      } catch {
        json = undefined;
      }
      res({ code, stdout, stderr, json });
    });
    child.stdin.end();
  });
}

/** `runHc`, failing unless it exits 0; its stdout parsed as JSON when it is. */
export async function hcOk(endpoint, args) {
  const run = await runHc(endpoint, args);
  if (run.code !== 0) throw new Error(`hc ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
  return run.json ?? run.stdout;
}

/**
 * Seals `count` blocks under instant sealing (a remark each) and returns the events of every one
 * of them, block by block, with the events of `on_initialize`, `on_idle` and `on_finalize`
 * (which no transaction's result carries): `[{ number, events: [{ section, method, data }] }]`.
 */
export async function produceBlocks(api, count, who = signer('//Ferdie')) {
  const blocks = [];
  for (let i = 0; i < count; i++) {
    const { blockHash, blockNumber } = await submit(api, api.tx.system.remark('0x00'), who);
    const records = await api.query.system.events.at(blockHash);
    blocks.push({ number: blockNumber, events: records.map(({ event }) => ({ section: event.section, method: event.method, data: event.data })) });
  }
  return blocks;
}
