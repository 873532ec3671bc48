// The command line of `hc` (scripts/hc.mjs): its commands, each one's options and help, and the
// parsing of an argument list with `node:util` `parseArgs` in strict mode. An unknown flag, a
// flag without its value, or a missing or extra argument is a `UsageError` (exit 2), so that a
// script's typo fails loudly instead of running something else.

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { UsageError, exitCodeLines } from './exit-codes.mjs';

/** The version of the scripts package, which `hc --version` prints. */
export const VERSION = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;

/** The default of `--timeout`, in seconds. */
export const DEFAULT_TIMEOUT_SECONDS = 60;

/**
 * Every option: its `parseArgs` type, the placeholder of its value, and its help. A command's
 * table may give its own help for an option (`--from` is a block number for `watch`, a date for
 * `period`).
 */
export const OPTIONS = {
  help: { type: 'boolean', short: 'h', text: 'print this help and exit' },
  json: { type: 'boolean', text: 'machine output: JSON on stdout (integers as numbers while safe, beyond 2^53 as decimal strings), progress and errors as one JSON object a line on stderr' },
  url: { type: 'string', value: 'URL', text: 'the node\'s WebSocket address (default $HC_ENDPOINT or ws://127.0.0.1:9944)' },
  timeout: { type: 'string', value: 'SECONDS', text: `how long to wait for the node (or service) to answer, and for a transaction to be included (or finalized); then exit 3 (default ${DEFAULT_TIMEOUT_SECONDS})` },
  signer: { type: 'string', value: 'SURI', text: 'the signing key as a secret URI: a dev key (//Alice), a mnemonic, with a derivation path (default $HC_SURI; //Alice, but only on a chain whose type is Development)' },
  keystore: { type: 'string', value: 'FILE', text: 'sign with the key of a polkadot.js keystore JSON file (pair.toJson(password)); its password from $HC_KEYSTORE_PASSWORD, else the first line of standard input' },
  finalized: { type: 'boolean', text: 'wait for finality rather than inclusion' },
  limit: { type: 'string', value: 'N', text: 'read one page of at most N entries of a map, and print the key to continue from' },
  'start-key': { type: 'string', value: '0x..', text: 'with --limit: the page starts after this storage key (the `next` of the previous page)' },
  blocks: { type: 'string', value: 'N', text: 'stop after N new blocks (default 10; with --from, 0 stops at the head)' },
  from: { type: 'string', value: 'N', text: 'first replay the events of blocks N up to the head, then go on with new blocks' },
  to: { type: 'string', value: 'M', text: 'the last block' },
  key: { type: 'string', value: 'K', text: 'the patient\'s blind key as 0x-hex, or the patient\'s secret URI to derive it from' },
  category: { type: 'string', value: 'C', text: 'the record\'s category code (e.g. 11506-3)' },
  type: { type: 'string', value: 'T', text: 'the record\'s type code' },
  labels: { type: 'string', value: 'L,..', text: 'the record\'s sensitivity labels, comma-separated (e.g. PSY,N)' },
  date: { type: 'string', value: 'YYYY-MM-DD', text: 'the record\'s date' },
  hash: { type: 'string', value: '0x..', text: 'the SHA-256 content hash of the record\'s blob' },
  locator: { type: 'string', value: 'TEXT', text: 'where the blob is (a gatekeeper locator)' },
  until: { type: 'string', value: 'YYYY-MM-DD', text: 'the last day of the period' },
  index: { type: 'string', value: 'N', text: 'the subject\'s index at the organization (default 0)' },
  indexes: { type: 'string', value: 'N', text: 'how many subject indexes to try per organization (default 1)' },
  gatekeeper: { type: 'string', value: 'URL', text: 'the gatekeeper (default $HC_GATEKEEPER or http://127.0.0.1:8650)' },
  indexer: { type: 'string', value: 'URL', text: 'the indexer (default $HC_INDEXER or http://127.0.0.1:8900)' },
  purpose: { type: 'string', value: 'P', text: 'the purpose of the read (Treatment, Research, ...)' },
  out: { type: 'string', value: 'FILE', text: 'write to FILE rather than stdout' },
  version: { type: 'string', value: 'R4|R5', text: 'the FHIR version (default R4)' },
  patient: { type: 'string', value: 'ADDRESS', text: 'only this patient\'s trail' },
};

// Option groups.
export const NODE = ['url', 'timeout'];
const SIGN = ['signer', 'keystore'];
export const SUBMIT = [...NODE, ...SIGN, 'finalized'];
/** Options every command takes. */
export const COMMON = ['json', 'help'];

/**
 * The commands: `args` is the usage after the command's name (`values`: chain values, read
 * as `VALUE_ARGUMENTS` says), `min`/`max` the number of
 * positional arguments, `summary` the line of `hc --help`, `text` the rest of the command's own
 * help, `options` its options (names of `OPTIONS`, or `[name, own help]`).
 */
export const COMMANDS = {
  calls: {
    args: '[pallet ...]', min: 0, max: Infinity, options: NODE,
    summary: 'list calls with their arguments (and their docs, for the pallets named)',
  },
  tx: {
    values: true,
    args: '<pallet>.<call> [arg ...]', min: 1, max: Infinity, options: SUBMIT,
    summary: 'sign and submit a call, print its events',
    text: 'Progress goes to stderr (signed with its hash, ready, in block, finalized); the block and events to stdout. A dispatch error exits 1, named pallet.Error with its docs.',
  },
  sudo: {
    values: true,
    args: '<pallet>.<call> [arg ...]', min: 1, max: Infinity, options: SUBMIT,
    summary: 'the same, wrapped in sudo.sudo (the wrapped call\'s error exits 1)',
  },
  batch: {
    values: true,
    args: '\'<pallet>.<call> [json args]\' ...', min: 1, max: Infinity, options: SUBMIT,
    summary: 'several calls in one utility.batchAll',
  },
  fee: {
    values: true,
    args: '<pallet>.<call> [arg ...]', min: 1, max: Infinity, options: [...NODE, ...SIGN],
    summary: 'the fee a call would pay (partialFee, weight, class), without submitting it',
    text: 'The fee is the signer\'s: a --keystore is read for its address only (no password).',
  },
  query: {
    values: true,
    args: '<pallet>.<storage> [key ...]', min: 1, max: Infinity, options: [...NODE, 'limit', 'start-key'],
    summary: 'read storage (a whole map, or the part under the keys given, when keys are missing)',
    text: 'With --limit, one page of the map: the entries and `next`, the storage key to pass as --start-key for the page after (null when this page is the last). A missing entry of an optional item exits 4.',
  },
  api: {
    values: true,
    args: '<api>.<method> [arg ...]', min: 1, max: Infinity, options: NODE,
    summary: 'call a runtime API (e.g. consentApi.checkAccess); an answer of None exits 4',
  },
  apis: {
    args: '[api ...]', min: 0, max: Infinity, options: NODE,
    summary: 'list runtime API methods with their arguments (and docs, for the APIs named)',
  },
  watch: {
    args: '[pallet ...]', min: 0, max: Infinity, options: [...NODE, 'blocks', 'from'],
    summary: 'print events as blocks arrive (of the pallets named, or all)',
    text: 'With --json, one JSON object a line: {block, hash, extrinsic, section, method, data}. --from reads each block\'s events by its hash (the node must keep the state of those blocks).',
  },
  info: {
    args: '', min: 0, max: 0, options: NODE,
    summary: 'chain, chain type, version, best and finalized blocks',
  },
  gs1: {
    args: '<string>', min: 1, max: 1, options: [],
    summary: 'read a pack\'s GS1 identifier (no node needed)',
    text: 'From its element string `(01)..(17)..(10)..(21)..`, as scanned (FNC1 as GS), or its Digital Link URI: prints {gtin, lot, serial, expiry} as JSON.',
  },
  'verify-pack': {
    args: '<string>', min: 1, max: 1, options: NODE,
    summary: 'read a pack\'s identifier and ask the chain (supplyChainApi.verify)',
    text: 'Prints the identifier, verified, failureReason (No_match_GTIN_Serial...), additionalInfo, sellable, holder, owner as JSON.',
  },
  'blind-key': {
    args: '<suri>', min: 1, max: 1, options: [],
    summary: 'the blind key derived from a secret URI, as hex',
  },
  tag: {
    args: '<category|type|label> <code>', min: 2, max: 2, options: ['key'],
    summary: 'the tag of one code under a blind key, as hex',
  },
  'record-input': {
    args: '', min: 0, max: 0, options: ['key', 'category', 'type', 'labels', 'date', 'hash', 'locator'],
    summary: 'the RecordInput argument of records.register, as one line of JSON',
    text: 'hc tx records.register <patient> "$(hc record-input ...)" Treatment',
  },
  'version-input': {
    args: '<record id>', min: 1, max: 1, options: [...NODE, 'key', 'type', 'hash', 'locator'],
    summary: 'the RecordInput of records.supersede for a new version of a record',
    text: 'Its category, labels and date tags are read from the chain and kept (a version may not change them). A record that does not exist exits 4.',
  },
  period: {
    args: '', min: 0, max: 0, options: ['key', ['from', 'YYYY-MM-DD', 'the first day of the period'], 'until'],
    summary: 'the tags of a data period (a grant\'s dataPeriod, a DataPeriod exception), as a JSON array',
  },
  subject: {
    args: '<suri> <org>', min: 2, max: 2, options: ['index'],
    summary: 'the patient\'s pseudonymous subject at an organization, as JSON',
    text: 'Its secret URI (use it as --signer), address (in the generic 5… form: no node is asked for the chain\'s), blind key and encryption key.',
  },
  'encryption-key': {
    args: '<suri>', min: 1, max: 1, options: [],
    summary: 'the account\'s X25519 public key, as hex, for keyDirectory.publishKey',
  },
  subjects: {
    args: '<suri>', min: 1, max: 1, options: [...NODE, 'indexes'],
    summary: 'the subjects of a patient that the chain knows, restored from the secret alone',
  },
  records: {
    args: '<patient suri or address>', min: 1, max: 1, options: [...NODE, ['key', 'K', 'the patient\'s blind key (default: derived from the patient\'s secret URI)'], ['category', 'C', 'only records of this category']],
    summary: 'a patient\'s records (recordsApi.recordsOf), their tags matched back to known codes',
  },
  upload: {
    args: '<file>', min: 1, max: 1, options: ['gatekeeper', ...NODE, ...SIGN],
    summary: 'upload an encrypted blob to a gatekeeper: prints {locator, hash, contentHash, size}',
    text: 'As the custodian\'s admin, a clinician or staff; the request is signed by --signer or --keystore (default $HC_SURI; //Alice only when the node at --url says its chain\'s type is Development).',
  },
  fetch: {
    args: '<record>', min: 1, max: 1, options: ['purpose', 'out', 'gatekeeper', ...NODE, ...SIGN],
    summary: 'fetch a record\'s blob from a gatekeeper once it logged the read on chain',
    text: 'Writes the blob to --out FILE (or stdout) and prints its hash, the basis of the read, the block of the audit entry and the wrapped key (to stderr when the blob goes to stdout).',
  },
  export: {
    args: 'epcis|fhir', min: 1, max: 1,
    options: [['from', 'N', 'the first block'], 'to', ['out', 'FILE|DIR', 'epcis: the file; fhir: the folder of Consent.ndjson, AuditEvent.ndjson, Provenance.ndjson (created if missing)'], 'version', 'patient', 'indexer', ...NODE, ...SIGN],
    summary: 'the indexer\'s EPCIS document of the supply chain, or patient trails as FHIR NDJSON',
    text: 'epcis: the supply chain\'s EPCIS events of blocks N..=M as one EPCISDocument (JSON-LD). fhir: the Consent, AuditEvent and Provenance resources of blocks N..=M as FHIR Bulk Data NDJSON, one stream to stdout unless --out; counts on stderr. The signer must be the patient, a guardian of the patient, or an auditor (who may leave out --patient for every patient\'s trail).',
  },
};

/** How the commands that take chain values read their arguments. */
const VALUE_ARGUMENTS = 'Arguments are JSON when they parse as JSON, text otherwise (whole numbers stay exact); a text argument that is a dev key URI (//Bob, //Alice//patient) stands for that key\'s address. Put -- before an argument that begins with -.';

/** A command's options as `[name, spec, value placeholder, help]`. */
function commandOptions(name) {
  return [...COMMANDS[name].options, ...COMMON].map((o) => {
    const [key, value, text] = Array.isArray(o) ? o : [o];
    const spec = OPTIONS[key];
    return [key, spec, value ?? spec.value, text ?? spec.text];
  });
}

/** The first line of a command's usage. */
export function commandUsage(name) {
  const { args } = COMMANDS[name];
  return `hc ${name}${args ? ` ${args}` : ''} [options]`;
}

/** `text` wrapped to `width` columns, each line behind `indent`. */
export const wrap = (text, indent, width = 100) => {
  const lines = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((l) => indent + l).join('\n');
};

/** `hc <name> --help`: usage, what it does, its options. */
export function commandHelp(name) {
  const c = COMMANDS[name];
  const options = commandOptions(name).map(([key, spec, value, text]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : ''}--${key}${spec.type === 'string' ? ` ${value}` : ''}`;
    return `  ${flag}\n${wrap(text, '      ')}`;
  });
  return [
    `usage: ${commandUsage(name)}`,
    '',
    wrap(c.summary.replace(/^./, (ch) => ch.toUpperCase()) + '.', ''),
    ...(c.text ? ['', wrap(c.text, '')] : []),
    '',
    'options:',
    ...options,
    ...(c.values ? ['', wrap(VALUE_ARGUMENTS, '')] : []),
    '',
    'exit codes:',
    exitCodeLines(),
  ].join('\n');
}

/** `hc --help`: the commands, the common options, the exit codes. */
export function mainHelp() {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  return [
    'usage: hc <command> [arguments] [options]',
    '       hc <command> --help      the command\'s arguments and options',
    '       hc --version             the version of hc',
    '',
    'Healthchain\'s command-line tool: talks to a node over WebSocket (polkadot.js), to a',
    'custodian\'s gatekeeper and to the indexer over HTTP.',
    '',
    'commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'common options: --url URL, --signer SURI or --keystore FILE, --finalized, --timeout SECONDS,',
    '--json (machine output; errors as {"error": ...} on stderr); see each command\'s --help.',
    '',
    'exit codes:',
    exitCodeLines(),
  ].join('\n');
}

/** Options whose value follows them, in any command (to find the command after leading options). */
const TAKES_VALUE = new Set(Object.entries(OPTIONS).filter(([, o]) => o.type === 'string').map(([k]) => k));

/**
 * Parses the arguments after `hc`: resolves with one of
 * - `{ help: text }` for `hc --help`, `hc help [command]`, `hc <command> --help`;
 * - `{ version: text }` for `hc --version`;
 * - `{ command, args, opts }`: the command, its positional arguments and its options (values
 *   as given, text).
 * Throws `UsageError` for an unknown command or flag, a flag without its value, a missing or
 * extra argument; its `command` names the command when known.
 */
export function parseCommandLine(argv) {
  // The command is the first argument that is neither an option nor an option's value, so that
  // options may come first (`hc --url ws://... info`).
  let at = -1;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') break;
    if (!a.startsWith('-') || a === '-') {
      at = i;
      break;
    }
    const name = a.replace(/^--?/, '');
    if (!name.includes('=') && TAKES_VALUE.has(name) && name !== 'version') i++;
  }
  if (at < 0) {
    const { values } = parse(argv, { help: OPTIONS.help, version: { type: 'boolean', short: 'V' }, json: OPTIONS.json }, false, null);
    if (values.version) return { version: VERSION };
    if (values.help) return { help: mainHelp() };
    throw new UsageError('no command given; hc --help lists the commands');
  }
  const command = argv[at];
  const rest = [...argv.slice(0, at), ...argv.slice(at + 1)];
  if (command === 'help') {
    const [name, ...extra] = rest;
    if (name === undefined) return { help: mainHelp() };
    if (!Object.hasOwn(COMMANDS, name) || extra.length) throw new UsageError(`usage: hc help [command]${Object.hasOwn(COMMANDS, name) ? '' : `; no command '${name}'`}`);
    return { help: commandHelp(name) };
  }
  if (!Object.hasOwn(COMMANDS, command)) throw new UsageError(`unknown command '${command}'; hc --help lists the commands`);
  const specs = Object.fromEntries(commandOptions(command).map(([key, spec]) => [key, { type: spec.type, ...(spec.short ? { short: spec.short } : {}) }]));
  const { values, positionals } = parse(rest, specs, true, command);
  if (values.help) return { help: commandHelp(command) };
  const c = COMMANDS[command];
  if (positionals.length < c.min || positionals.length > c.max) {
    const what = positionals.length < c.min ? 'missing argument' : `unexpected argument '${positionals[c.max]}'`;
    throw Object.assign(new UsageError(`${what}; usage: ${commandUsage(command)}`), { command });
  }
  return { command, args: positionals, opts: { ...values } };
}

function parse(args, options, allowPositionals, command) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals });
  } catch (e) {
    if (!String(e.code).startsWith('ERR_PARSE_ARGS')) throw e;
    const message = e.message.replace(/\. To specify a positional argument starting with a '-'.*$/s, '');
    const usage = command ? `usage: ${commandUsage(command)}; hc ${command} --help lists its options` : 'hc --help lists the commands';
    throw Object.assign(new UsageError(`${message}; ${usage}`), { command });
  }
}

/** `--name`'s value as a whole number >= `min`, or `fallback` when absent; else a UsageError. */
export function intOption(opts, name, { min = 0, fallback } = {}) {
  const text = opts[name];
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < min || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`--${name} must be a whole number${min > 0 ? ` of at least ${min}` : ''}, not '${text}'`);
  }
  return Number(text);
}

/** `--timeout` in milliseconds (default 60 s); a UsageError unless a positive number of seconds. */
export function timeoutMs(opts) {
  const text = opts.timeout;
  if (text === undefined) return DEFAULT_TIMEOUT_SECONDS * 1000;
  const seconds = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || !(seconds > 0)) throw new UsageError(`--timeout must be a positive number of seconds, not '${text}'`);
  return Math.round(seconds * 1000);
}
