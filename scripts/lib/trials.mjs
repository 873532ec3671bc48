// `hc trials <command>`: the clinical trial registry (pallet-trials). The command line is parsed
// by scripts/lib/hc-groups.mjs; `io` comes from scripts/lib/hc-commands.mjs (the node, signing
// and output). Protocols, outcomes, datasets and results reach the chain as hashes, a
// participant as a commitment to its per-trial subject (scripts/lib/commitments.mjs).

import { u8aToHex } from '@polkadot/util';
import { NotFoundError, UsageError } from './exit-codes.mjs';
import { groupUsage } from './hc-groups.mjs';
import { findEvent } from './chain.mjs';
import { isHash, outcomeHash, participantCommitment, randomSalt } from './commitments.mjs';
import { trialSubjectOf } from './subjects.mjs';
import { categoryTagOf, hashOption, wholeNumber } from './claims.mjs';

/** `--primary` / `--secondary` (repeatable) as outcome hashes. */
const outcomes = (items) => (items ?? []).map(outcomeHash);

/** The participant of `opts`: its trial subject (from a secret URI) or an address; `{ address, subject }`. */
function participantOf(io, opts, trial, usage) {
  const text = opts.participant;
  if (text === undefined) throw new UsageError(`--participant is required; usage: ${usage}`);
  if (io.isAddress(text)) return { address: io.account(text), subject: null };
  const subject = trialSubjectOf(text, trial);
  return { address: subject.address, subject };
}

/** The salt of `opts`: --salt, checked, or a fresh one. */
function saltOf(opts, { required = false, usage } = {}) {
  if (opts.salt === undefined) {
    if (required) throw new UsageError(`--salt is required with --participant; usage: ${usage}`);
    return randomSalt();
  }
  if (!isHash(opts.salt)) throw new UsageError(`--salt is 0x and 32 bytes of hex, not '${opts.salt}'`);
  return opts.salt.toLowerCase();
}

/** Runs `hc trials <name> ...args`; `io` as scripts/lib/hc-commands.mjs gives it. */
export async function trialsCommand(io, name, args, opts) {
  const { api } = io;
  const usage = groupUsage('trials', name);
  const trialArg = () => Number(wholeNumber(args[0], 'the trial'));
  switch (name) {
    case 'register': {
      const protocol = hashOption(opts, 'protocol', usage);
      const sites = (opts.site ?? []).map((s) => Number(wholeNumber(s, '--site')));
      if (opts.planned === undefined) throw new UsageError(`--planned is required; usage: ${usage}`);
      const planned = Number(wholeNumber(opts.planned, '--planned'));
      const result = await io.send(api.tx.trials.registerTrial(protocol, outcomes(opts.primary), outcomes(opts.secondary), sites, planned));
      io.printResult(result, { trial: findEvent(result, 'trials', 'TrialRegistered').raw.data.trial.toNumber() });
      break;
    }
    case 'amend': {
      const trial = trialArg();
      const reason = hashOption(opts, 'reason', usage);
      const info = await api.call.trialsApi.trial(trial);
      if (info.isNone) throw new NotFoundError(`no trial ${trial}`);
      const current = (await api.call.trialsApi.version(trial, info.unwrap().currentVersion)).unwrap();
      const protocol = opts.protocol === undefined ? current.protocol : hashOption(opts, 'protocol', usage);
      const primary = opts.primary === undefined ? current.primaryOutcomes : outcomes(opts.primary);
      const secondary = opts.secondary === undefined ? current.secondaryOutcomes : outcomes(opts.secondary);
      const result = await io.send(api.tx.trials.amend(trial, protocol, primary, secondary, reason, Boolean(opts['changes-outcomes'])));
      io.printResult(result, { version: findEvent(result, 'trials', 'TrialAmended').raw.data.version.toNumber() });
      break;
    }
    case 'add-site':
      io.printResult(await io.send(api.tx.trials.addSite(trialArg(), Number(wholeNumber(args[1], 'the site')))));
      break;
    case 'enrol': {
      const trial = trialArg();
      const site = Number(wholeNumber(args[1], 'the site'));
      const { address, subject } = participantOf(io, opts, trial, usage);
      const category = categoryTagOf(opts, usage, subject?.blindKey);
      const salt = saltOf(opts);
      const commitment = participantCommitment(address, salt);
      const result = await io.send(api.tx.trials.enrol(trial, site, address, category, commitment));
      // The site keeps the salt: with the subject it is the participant's only link to the trial.
      io.printResult(result, { commitment, salt });
      break;
    }
    case 'withdraw': {
      const trial = trialArg();
      let commitment;
      if (opts.commitment !== undefined) {
        if (opts.participant !== undefined || opts.salt !== undefined) throw new UsageError('give --commitment, or --participant and --salt, not both');
        if (!isHash(opts.commitment)) throw new UsageError(`--commitment is 0x and 32 bytes of hex, not '${opts.commitment}'`);
        commitment = opts.commitment.toLowerCase();
      } else {
        const { address } = participantOf(io, opts, trial, usage);
        commitment = participantCommitment(address, saltOf(opts, { required: true, usage }));
      }
      io.printResult(await io.send(api.tx.trials.withdraw(trial, commitment)), { commitment });
      break;
    }
    case 'lock':
      io.printResult(await io.send(api.tx.trials.lockData(trialArg(), hashOption(opts, 'dataset', usage))));
      break;
    case 'results': {
      const trial = trialArg();
      const results = hashOption(opts, 'results', usage);
      io.printResult(await io.send(api.tx.trials.registerResults(trial, results, outcomes(opts.primary), outcomes(opts.secondary))));
      break;
    }
    case 'show': {
      const info = await api.call.trialsApi.trial(trialArg());
      if (info.isNone) throw new NotFoundError(`no trial ${args[0]}`);
      io.print(info.unwrap());
      break;
    }
    case 'version': {
      const version = await api.call.trialsApi.version(trialArg(), Number(wholeNumber(args[1], 'the version')));
      if (version.isNone) throw new NotFoundError(`no version ${args[1]} of trial ${args[0]}`);
      io.print(version.unwrap());
      break;
    }
    case 'check': {
      const check = await api.call.trialsApi.checkResults(trialArg());
      if (check.isNone) throw new NotFoundError(`trial ${args[0]} is unknown or has no results`);
      io.print(check.unwrap());
      break;
    }
    default:
      throw new UsageError(`unknown command 'trials ${name}'`);
  }
}

/** `hc trials <name>` that needs no node; false when `name` is not one. */
export function trialsOffline(io, name, args) {
  if (name !== 'subject') return false;
  const subject = trialSubjectOf(args[0], Number(wholeNumber(args[1], 'the trial')));
  io.out(JSON.stringify({ trial: subject.trial, suri: subject.suri, address: subject.address, blindKey: u8aToHex(subject.blindKey) }, null, 2));
  return true;
}
