// `hc claims <command>`: payer programs, provider claims, disputes and task rewards
// (pallet-claims). The command line is parsed by scripts/lib/hc-groups.mjs; `io` comes from
// scripts/lib/hc-commands.mjs (the node, signing and output). Services and tasks reach the chain
// only as commitments under the program's secret, documents as hashes, the category as a blind
// tag (scripts/lib/commitments.mjs, scripts/lib/blind.mjs).

import { NotFoundError, UsageError } from './exit-codes.mjs';
import { intOption } from './hc-cli.mjs';
import { groupUsage } from './hc-groups.mjs';
import { codeTag, parseBlindKey, tagHex } from './blind.mjs';
import { findEvent } from './chain.mjs';
import { codeCommitment, documentHash, isHash } from './commitments.mjs';

/** A whole number argument (an id, an amount) as a BigInt; `what` names it in the error. */
export function wholeNumber(text, what) {
  if (typeof text !== 'string' || !/^\d+$/.test(text)) throw new UsageError(`${what} is a whole number, not '${text}'`);
  return BigInt(text);
}

/** A commitment: `code` itself when a 0x-hash, else its commitment under `secret`. */
export function commitmentOf(code, secret, what) {
  if (isHash(code)) return code.toLowerCase();
  if (!secret) throw new UsageError(`${what} '${code}' is a code: give --program-secret to commit it (or give the 0x-commitment)`);
  return codeCommitment(secret, code);
}

/** `--service CODE=AMOUNT ...` as `[[commitment, amount]]`, each code committed under `secret`. */
export function pricedList(items, secret, what) {
  return items.map((item) => {
    const at = item.lastIndexOf('=');
    if (at <= 0) throw new UsageError(`${what} is CODE=AMOUNT, not '${item}'`);
    return [commitmentOf(item.slice(0, at), secret, what), wholeNumber(item.slice(at + 1), `the amount of ${what} ${item.slice(0, at)}`)];
  });
}

/** The blind category tag of `opts`: --category-tag, or --category under --key (or `fallbackKey`). */
export function categoryTagOf(opts, usage, fallbackKey) {
  if (opts['category-tag'] !== undefined) {
    if (opts.category !== undefined) throw new UsageError('give --category or --category-tag, not both');
    if (!/^0x[0-9a-fA-F]{32}$/.test(opts['category-tag'])) throw new UsageError(`--category-tag is 0x and 16 bytes of hex, not '${opts['category-tag']}'`);
    return opts['category-tag'].toLowerCase();
  }
  if (opts.category === undefined) throw new UsageError(`--category (with --key) or --category-tag is required; usage: ${usage}`);
  if (opts.key === undefined && !fallbackKey) throw new UsageError(`--key (the patient's blind key or secret URI) is required with --category; usage: ${usage}`);
  const key = opts.key === undefined ? fallbackKey : parseBlindKey(opts.key);
  return tagHex(codeTag(key, 'category', opts.category));
}

/** The hash of --`name` (a file or a 0x-hash); a UsageError when missing or unreadable. */
export function hashOption(opts, name, usage) {
  const text = opts[name];
  if (text === undefined || text === '') throw new UsageError(`--${name} is required; usage: ${usage}`);
  try {
    return documentHash(text);
  } catch (e) {
    throw new UsageError(`--${name}: cannot read ${text}: ${e.message}`);
  }
}

/** The service or task commitment of a claim or attestation: --<kind>-code with the secret, or --commitment. */
function claimedCommitment(opts, kind, usage) {
  const code = opts[`${kind}-code`];
  if (code !== undefined && opts.commitment !== undefined) throw new UsageError(`give --${kind}-code or --commitment, not both`);
  if (opts.commitment !== undefined) {
    if (!isHash(opts.commitment)) throw new UsageError(`--commitment is 0x and 32 bytes of hex, not '${opts.commitment}'`);
    return opts.commitment.toLowerCase();
  }
  if (code === undefined) throw new UsageError(`--${kind}-code (with --program-secret) or --commitment is required; usage: ${usage}`);
  if (!opts['program-secret']) throw new UsageError(`--program-secret is required with --${kind}-code; usage: ${usage}`);
  return codeCommitment(opts['program-secret'], code);
}

/** A required whole-number option as a BigInt. */
function amountOption(opts, name, usage, fallback) {
  if (opts[name] === undefined) {
    if (fallback !== undefined) return fallback;
    throw new UsageError(`--${name} is required; usage: ${usage}`);
  }
  return wholeNumber(opts[name], `--${name}`);
}

const num = (codec) => codec.toNumber();

/** Runs `hc claims <name> ...args`; `io` as scripts/lib/hc-commands.mjs gives it. */
export async function claimsCommand(io, name, args, opts) {
  const { api } = io;
  const usage = groupUsage('claims', name);
  const id = (i, what) => wholeNumber(args[i], what);
  switch (name) {
    case 'open-program': {
      const secret = opts['program-secret'];
      const services = pricedList(opts.service ?? [], secret, '--service');
      if (services.length === 0) throw new UsageError(`--service is required (at least one); usage: ${usage}`);
      const terms = {
        services,
        patientLimit: amountOption(opts, 'patient-limit', usage),
        disputeWindow: intOption(opts, 'dispute-window', { min: 1 }) ?? (() => { throw new UsageError(`--dispute-window is required; usage: ${usage}`); })(),
        tasks: pricedList(opts.task ?? [], secret, '--task'),
        rewardCap: amountOption(opts, 'reward-cap', usage, 0n),
        rewardPeriod: intOption(opts, 'reward-period', { fallback: 0 }),
      };
      const result = await io.send(api.tx.claims.openProgram(terms, amountOption(opts, 'escrow', usage, 0n)));
      io.printResult(result, { program: num(findEvent(result, 'claims', 'ProgramOpened').raw.data.program) });
      break;
    }
    case 'fund':
      io.printResult(await io.send(api.tx.claims.fundProgram(id(0, 'the program'), id(1, 'the amount'))));
      break;
    case 'close':
      io.printResult(await io.send(api.tx.claims.closeProgram(id(0, 'the program'))));
      break;
    case 'submit': {
      const service = claimedCommitment(opts, 'service', usage);
      const amount = amountOption(opts, 'amount', usage);
      const category = categoryTagOf(opts, usage);
      const document = hashOption(opts, 'document', usage);
      const tx = api.tx.claims.submitClaim(id(0, 'the program'), io.account(args[1]), service, amount, category, document);
      const result = await io.send(tx);
      const submitted = findEvent(result, 'claims', 'ClaimSubmitted').raw.data;
      io.printResult(result, { claim: num(submitted.claim), due: num(submitted.due), document });
      break;
    }
    case 'confirm':
      io.printResult(await io.send(api.tx.claims.confirmClaim(id(0, 'the claim'))));
      break;
    case 'dispute':
      io.printResult(await io.send(api.tx.claims.disputeClaim(id(0, 'the claim'), hashOption(opts, 'reason', usage))));
      break;
    case 'adjudicate': {
      if (!['approve', 'reject'].includes(args[1])) throw new UsageError(`approve or reject, not '${args[1]}'; usage: ${usage}`);
      io.printResult(await io.send(api.tx.claims.adjudicate(id(0, 'the claim'), args[1] === 'approve')));
      break;
    }
    case 'settle':
      io.printResult(await io.send(api.tx.claims.settleClaim(id(0, 'the claim'))));
      break;
    case 'attest-task': {
      const task = claimedCommitment(opts, 'task', usage);
      const category = categoryTagOf(opts, usage);
      const attestation = hashOption(opts, 'attestation', usage);
      const result = await io.send(api.tx.claims.attestTask(id(0, 'the program'), io.account(args[1]), task, category, attestation));
      io.printResult(result, { attestation });
      break;
    }
    case 'program': {
      const program = await api.call.claimsApi.program(id(0, 'the program'));
      if (program.isNone) throw new NotFoundError(`no program ${args[0]}`);
      io.print(program.unwrap());
      break;
    }
    case 'claim': {
      const claim = await api.call.claimsApi.claim(id(0, 'the claim'));
      if (claim.isNone) throw new NotFoundError(`no claim ${args[0]}`);
      io.print(claim.unwrap());
      break;
    }
    case 'claims-of': {
      const patient = io.account(args[0]);
      const limit = intOption(opts, 'limit', { min: 1 });
      let start = opts['start-after'] === undefined ? null : wholeNumber(opts['start-after'], '--start-after');
      const rows = [];
      for (;;) {
        const want = limit === undefined ? 100 : Math.min(100, limit - rows.length);
        const page = await api.call.claimsApi.claimsOfPatient(patient, start, want);
        for (const [claimId, claim] of page) rows.push({ id: claimId.toNumber(), claim: io.opts.json ? claim : claim.toHuman() });
        if (page.length < want || (limit !== undefined && rows.length >= limit)) break;
        start = page[page.length - 1][0].toBigInt();
      }
      io.print(rows);
      break;
    }
    case 'totals':
      io.print(await api.call.claimsApi.patientTotals(id(0, 'the program'), io.account(args[1])));
      break;
    default:
      throw new UsageError(`unknown command 'claims ${name}'`);
  }
}

/** `hc claims <name>` that needs no node; false when `name` is not one. */
export function claimsOffline(io, name, args, opts) {
  if (name !== 'commitment') return false;
  if (!opts['program-secret']) throw new UsageError(`--program-secret is required; usage: ${groupUsage('claims', name)}`);
  io.out(codeCommitment(opts['program-secret'], args[0]));
  return true;
}
