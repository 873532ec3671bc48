// The command groups of `hc` (scripts/hc.mjs): `hc claims <command>` and `hc trials <command>`,
// each group a table of commands with their options and help, parsed as strictly as the other
// commands (scripts/lib/hc-cli.mjs): an unknown flag, a flag without its value, a missing or
// extra argument is a `UsageError` (exit 2). The commands themselves are in
// scripts/lib/claims.mjs and scripts/lib/trials.mjs.

import { parseArgs } from 'node:util';
import { UsageError, exitCodeLines } from './exit-codes.mjs';
import { COMMON, NODE, OPTIONS as CLI_OPTIONS, SUBMIT, wrap } from './hc-cli.mjs';

const HASH_OR_FILE = 'a file (its SHA-256 is sent) or a 0x-hash of 32 bytes';

/** The options of the groups' commands: `parseArgs` type, value placeholder, help. */
const OPTIONS = {
  // The options every command shares, as `hc`'s other commands describe them.
  ...Object.fromEntries(['help', 'json', 'url', 'timeout', 'signer', 'keystore', 'finalized'].map((k) => [k, CLI_OPTIONS[k]])),
  // Claims.
  service: { type: 'string', multiple: true, value: 'CODE=AMOUNT', text: 'a covered service and the most paid for it (repeat for each); CODE is a service code (committed with --program-secret) or a 0x-commitment' },
  task: { type: 'string', multiple: true, value: 'CODE=AMOUNT', text: 'a rewarded task and its reward (repeat for each); CODE is a task code (committed with --program-secret) or a 0x-commitment' },
  'program-secret': { type: 'string', value: 'S', text: 'the program\'s secret, shared by the payer with its providers off chain: a code is sent as blake2_256(SCALE(secret, code)), never in the clear' },
  'patient-limit': { type: 'string', value: 'N', text: 'the most the program pays for one patient, claims and rewards together (smallest unit)' },
  'dispute-window': { type: 'string', value: 'BLOCKS', text: 'how long a patient may dispute a claim, in blocks (the runtime allows 10 to 90 days\' worth)' },
  'reward-cap': { type: 'string', value: 'N', text: 'the most rewarded to one patient per reward period (default 0)' },
  'reward-period': { type: 'string', value: 'BLOCKS', text: 'the reward period in blocks (default 0; at least 1 when tasks are listed)' },
  escrow: { type: 'string', value: 'N', text: 'the escrow held from the signer now (default 0: fund later)' },
  'service-code': { type: 'string', value: 'CODE', text: 'the service\'s code, committed with --program-secret' },
  'task-code': { type: 'string', value: 'CODE', text: 'the task\'s code, committed with --program-secret' },
  commitment: { type: 'string', value: '0x..', text: 'the 32-byte commitment itself, instead of a code and the secret' },
  amount: { type: 'string', value: 'N', text: 'the amount claimed, in the smallest unit' },
  category: { type: 'string', value: 'C', text: 'the category code of the patient\'s records the claim rests on (e.g. 11506-3), sent as its blind tag under --key' },
  'category-tag': { type: 'string', value: '0x..', text: 'the blind category tag itself, instead of --category and --key' },
  key: { type: 'string', value: 'K', text: 'the patient\'s blind key as 0x-hex, or the patient\'s secret URI to derive it from' },
  document: { type: 'string', value: 'FILE|0x..', text: `the claim document: ${HASH_OR_FILE}` },
  reason: { type: 'string', value: 'FILE|0x..', text: `the statement: ${HASH_OR_FILE}` },
  attestation: { type: 'string', value: 'FILE|0x..', text: `the task's attestation: ${HASH_OR_FILE}` },
  'start-after': { type: 'string', value: 'ID', text: 'list the claims after this claim id' },
  limit: { type: 'string', value: 'N', text: 'at most N claims (default: all, read 100 at a time)' },
  // Trials.
  protocol: { type: 'string', value: 'FILE|0x..', text: `the protocol: ${HASH_OR_FILE}` },
  primary: { type: 'string', multiple: true, value: 'TEXT|0x..', text: 'a primary outcome (repeat for each): its text, sent as blake2_256 of its UTF-8 bytes, or a 0x-hash' },
  secondary: { type: 'string', multiple: true, value: 'TEXT|0x..', text: 'a secondary outcome (repeat for each), as --primary' },
  site: { type: 'string', multiple: true, value: 'ORG', text: 'a site: an organization id (repeat for each)' },
  planned: { type: 'string', value: 'N', text: 'the planned enrolment, also the most the trial enrols' },
  'changes-outcomes': { type: 'boolean', text: 'declare that the amendment changes the outcomes (required for a change after the first enrolment)' },
  participant: { type: 'string', value: 'SURI|ADDRESS', text: 'the participant: the wallet\'s secret URI, whose trial subject <suri>//healthchain//trial//<trial> is enrolled, or the trial subject\'s address' },
  salt: { type: 'string', value: '0x..', text: 'the 32-byte salt of the participant\'s commitment blake2_256(subject ++ salt) (default: random, printed; keep it)' },
  dataset: { type: 'string', value: 'FILE|0x..', text: `the dataset (or its Merkle root): ${HASH_OR_FILE}` },
  results: { type: 'string', value: 'FILE|0x..', text: `the results document: ${HASH_OR_FILE}` },
};

const CATEGORY = ['category', 'key', 'category-tag'];

/** The groups: each command's usage, argument counts, options, summary and help text. */
export const GROUPS = {
  claims: {
    summary: 'payer programs, provider claims, disputes and task rewards (pallet-claims)',
    commands: {
      'open-program': {
        args: '', min: 0, max: 0, options: ['service', 'task', 'program-secret', 'patient-limit', 'dispute-window', 'reward-cap', 'reward-period', 'escrow', ...SUBMIT],
        summary: 'open a program of the signer\'s payer (the signer: a Staff member) and hold its escrow',
        text: 'Prints the events and, on stdout\'s last line (or as `program` with --json), the new program\'s id.',
      },
      fund: { args: '<program> <amount>', min: 2, max: 2, options: SUBMIT, summary: 'add to a program\'s escrow (its officer or the payer\'s admin)' },
      close: { args: '<program>', min: 1, max: 1, options: SUBMIT, summary: 'close a program: no new claims or rewards; its free escrow goes back to the funder' },
      submit: {
        args: '<program> <patient>', min: 2, max: 2, options: ['service-code', 'program-secret', 'commitment', 'amount', ...CATEGORY, 'document', ...SUBMIT],
        summary: 'submit a claim for a patient subject (a Clinician or Staff member of a provider)',
        text: 'The patient is a subject address or secret URI. The service is --service-code with --program-secret, or --commitment; the category a blind tag (--category with --key, or --category-tag), checked against the patient\'s Payment consent and not stored. Prints the events and the claim id.',
      },
      confirm: { args: '<claim>', min: 1, max: 1, options: SUBMIT, summary: 'confirm a pending claim (the patient or a guardian): it is paid at once' },
      dispute: { args: '<claim>', min: 1, max: 1, options: ['reason', ...SUBMIT], summary: 'dispute a pending claim within its window (the patient or a guardian)' },
      adjudicate: { args: '<claim> approve|reject', min: 2, max: 2, options: SUBMIT, summary: 'decide a disputed claim (the officer or the payer\'s admin)' },
      settle: { args: '<claim>', min: 1, max: 1, options: SUBMIT, summary: 'pay a pending claim whose dispute window has closed (anyone)' },
      'attest-task': {
        args: '<program> <patient>', min: 2, max: 2, options: ['task-code', 'program-secret', 'commitment', ...CATEGORY, 'attestation', ...SUBMIT],
        summary: 'attest that a patient completed a task: the program pays the reward to the patient at once',
      },
      program: { args: '<id>', min: 1, max: 1, options: NODE, summary: 'a program (claimsApi.program); unknown: exit 4' },
      claim: { args: '<id>', min: 1, max: 1, options: NODE, summary: 'a claim (claimsApi.claim); unknown: exit 4' },
      'claims-of': { args: '<patient>', min: 1, max: 1, options: [...NODE, 'start-after', 'limit'], summary: 'a patient\'s claims with their ids (claimsApi.claimsOfPatient)' },
      totals: { args: '<program> <patient>', min: 2, max: 2, options: NODE, summary: 'what a program has paid, committed and rewarded for a patient (claimsApi.patientTotals)' },
      commitment: {
        args: '<code>', min: 1, max: 1, options: ['program-secret'], offline: true,
        summary: 'the commitment of a service or task code under a program secret, as hex (no node needed)',
      },
    },
  },
  trials: {
    summary: 'a clinical trial registry: registration, amendments, enrolment as commitments, data lock, results (pallet-trials)',
    commands: {
      register: {
        args: '', min: 0, max: 0, options: ['protocol', 'primary', 'secondary', 'site', 'planned', ...SUBMIT],
        summary: 'register a trial (a Researcher member of a Researcher organization); its deposit is held',
        text: 'Prints the events and the trial id.',
      },
      amend: {
        args: '<trial>', min: 1, max: 1, options: ['protocol', 'primary', 'secondary', 'reason', 'changes-outcomes', ...SUBMIT],
        summary: 'a new version of a trial (a Researcher member of the sponsor)',
        text: 'What is not given is kept from the current version (read from the chain): --protocol, the --primary outcomes, the --secondary outcomes. --reason is required.',
      },
      'add-site': { args: '<trial> <org>', min: 2, max: 2, options: SUBMIT, summary: 'add a site to a trial (a Researcher member of the sponsor)' },
      enrol: {
        args: '<trial> <site>', min: 2, max: 2, options: ['participant', 'salt', ...CATEGORY, ...SUBMIT],
        summary: 'enrol a participant at a site (a Clinician or Researcher member of the site)',
        text: 'The participant is its trial subject, derived from the wallet\'s secret URI for this trial alone (or given by address); the chain stores only the commitment blake2_256(subject ++ salt). The category is the blind tag of the records the trial reads, under the trial subject\'s blind key (the default --key with a secret URI). Prints the events, then the commitment and salt, which the site keeps.',
      },
      withdraw: {
        args: '<trial>', min: 1, max: 1, options: ['commitment', 'participant', 'salt', ...SUBMIT],
        summary: 'record a participant\'s withdrawal (a Clinician or Researcher member of the enrolling site)',
        text: 'The participant by --commitment, or by --participant and --salt.',
      },
      lock: { args: '<trial>', min: 1, max: 1, options: ['dataset', ...SUBMIT], summary: 'lock a trial\'s dataset (a Researcher member of the sponsor)' },
      results: {
        args: '<trial>', min: 1, max: 1, options: ['results', 'primary', 'secondary', ...SUBMIT],
        summary: 'register a trial\'s results and the outcomes they report; the deposit goes back',
      },
      show: { args: '<trial>', min: 1, max: 1, options: NODE, summary: 'a trial (trialsApi.trial); unknown: exit 4' },
      version: { args: '<trial> <n>', min: 2, max: 2, options: NODE, summary: 'version n of a trial (trialsApi.version); unknown: exit 4' },
      check: {
        args: '<trial>', min: 1, max: 1, options: NODE,
        summary: 'whether the results report the pre-registered outcomes and came after the data lock (trialsApi.checkResults); no results: exit 4',
      },
      subject: {
        args: '<suri> <trial>', min: 2, max: 2, options: [], offline: true,
        summary: 'the participant\'s subject for one trial: {suri, address, blindKey} as JSON (no node needed)',
        text: 'Use its suri as --signer for the Research consent grant to the sponsor; it makes no other grant and holds nothing else.',
      },
    },
  },
};

const TAKES_VALUE = new Set(Object.entries(OPTIONS).filter(([, o]) => o.type === 'string').map(([k]) => k));

/**
 * The group `argv` runs (`hc claims ...`, `hc help trials ...`), or null: the first argument
 * that is neither an option nor an option's value.
 */
export function groupOf(argv) {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') return null;
    if (!a.startsWith('-') || a === '-') {
      const name = a === 'help' ? argv[i + 1] : a;
      return Object.hasOwn(GROUPS, name) ? name : null;
    }
    const name = a.replace(/^--?/, '');
    if (!name.includes('=') && TAKES_VALUE.has(name)) i++;
  }
  return null;
}

function commandOptions(group, name) {
  return [...GROUPS[group].commands[name].options, ...COMMON].map((key) => [key, OPTIONS[key]]);
}

/** The first line of a group command's usage. */
export function groupUsage(group, name) {
  const { args } = GROUPS[group].commands[name];
  return `hc ${group} ${name}${args ? ` ${args}` : ''} [options]`;
}

/** `hc <group> <command> --help`. */
export function groupCommandHelp(group, name) {
  const c = GROUPS[group].commands[name];
  const options = commandOptions(group, name).map(([key, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : ''}--${key}${spec.type === 'string' ? ` ${spec.value}` : ''}${spec.multiple ? ' ...' : ''}`;
    return `  ${flag}\n${wrap(spec.text, '      ')}`;
  });
  return [
    `usage: ${groupUsage(group, name)}`,
    '',
    wrap(c.summary.replace(/^./, (ch) => ch.toUpperCase()) + '.', ''),
    ...(c.text ? ['', wrap(c.text, '')] : []),
    '',
    'options:',
    ...options,
    '',
    'exit codes:',
    exitCodeLines(),
  ].join('\n');
}

/** `hc <group> --help`: the group's commands. */
export function groupHelp(group) {
  const { summary, commands } = GROUPS[group];
  const width = Math.max(...Object.keys(commands).map((n) => n.length));
  return [
    `usage: hc ${group} <command> [arguments] [options]`,
    `       hc ${group} <command> --help`,
    '',
    wrap(summary.replace(/^./, (ch) => ch.toUpperCase()) + '.', ''),
    '',
    'commands:',
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'exit codes:',
    exitCodeLines(),
  ].join('\n');
}

/** The lines `hc --help` adds for the groups. */
export function groupsHelpLines() {
  const width = Math.max(...Object.keys(GROUPS).map((n) => n.length));
  return ['command groups (hc <group> --help lists their commands):', ...Object.entries(GROUPS).map(([name, g]) => `  ${name.padEnd(width)}  ${g.summary}`)];
}

/**
 * Parses `argv` of a group (see `groupOf`): `{ help }`, or `{ command: group, args: [name,
 * ...positionals], opts }`. Throws `UsageError` as `parseCommandLine` does.
 */
export function parseGroupCommandLine(argv) {
  const group = groupOf(argv);
  if (!group) throw new UsageError('not a command group');
  const at = argv.findIndex((a) => a === group);
  const helpWord = at > 0 && argv[at - 1] === 'help';
  const before = argv.slice(0, helpWord ? at - 1 : at);
  const rest = [...before, ...argv.slice(at + 1)];
  const nameAt = rest.findIndex((a, i) => !a.startsWith('-') && !(i > 0 && isValueOf(rest[i - 1])));
  const name = nameAt < 0 ? undefined : rest[nameAt];
  if (name === undefined) {
    if (helpWord || rest.includes('--help') || rest.includes('-h')) return { help: groupHelp(group) };
    throw Object.assign(new UsageError(`no ${group} command given; hc ${group} --help lists them`), { command: group });
  }
  if (!Object.hasOwn(GROUPS[group].commands, name)) {
    throw Object.assign(new UsageError(`unknown command '${group} ${name}'; hc ${group} --help lists them`), { command: group });
  }
  if (helpWord) return { help: groupCommandHelp(group, name) };
  const specs = Object.fromEntries(commandOptions(group, name).map(([key, spec]) => [key, { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) }]));
  let parsed;
  try {
    parsed = parseArgs({ args: [...rest.slice(0, nameAt), ...rest.slice(nameAt + 1)], options: specs, strict: true, allowPositionals: true });
  } catch (e) {
    if (!String(e.code).startsWith('ERR_PARSE_ARGS')) throw e;
    const message = e.message.replace(/\. To specify a positional argument starting with a '-'.*$/s, '');
    throw Object.assign(new UsageError(`${message}; usage: ${groupUsage(group, name)}; hc ${group} ${name} --help lists its options`), { command: group });
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: groupCommandHelp(group, name) };
  const c = GROUPS[group].commands[name];
  if (positionals.length < c.min || positionals.length > c.max) {
    const what = positionals.length < c.min ? 'missing argument' : `unexpected argument '${positionals[c.max]}'`;
    throw Object.assign(new UsageError(`${what}; usage: ${groupUsage(group, name)}`), { command: group });
  }
  return { command: group, args: [name, ...positionals], opts: { ...values } };
}

function isValueOf(flag) {
  if (!flag.startsWith('-') || flag.includes('=')) return false;
  return TAKES_VALUE.has(flag.replace(/^--?/, ''));
}

/** Whether `hc <group> <name>` needs no node. */
export function isOfflineGroupCommand(group, name) {
  return Boolean(GROUPS[group]?.commands[name]?.offline);
}
