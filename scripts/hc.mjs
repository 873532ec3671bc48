#!/usr/bin/env node
// hc: the Healthchain command-line tool. Talks to a node over WebSocket with polkadot.js, to a
// custodian's gatekeeper (docs/gatekeeper.md) and to the indexer (docs/indexer.md) over HTTP.
//
// `hc --help` lists the commands, `hc <command> --help` says what one takes; both come from the
// command table in scripts/lib/hc-cli.mjs, which parses the command line (strictly: an unknown
// flag is an error). The command groups `hc claims ...` and `hc trials ...` have their own table
// (scripts/lib/hc-groups.mjs). The commands are in scripts/lib/hc-commands.mjs. The exit codes
// (scripts/lib/exit-codes.mjs):
//
//   0 ok, 1 refused by the chain (or the pool, a service) or failed, 2 usage, 3 node or service
//   unreachable or too slow (--timeout), 4 not found
//
// Output goes to stdout, and nothing else does: progress, warnings and errors go to stderr
// (with --json, one JSON object a line: `{"progress": ...}`, `{"error": ...}`, `{"log": ...}`).

import { Console } from 'node:console';
import { Writable } from 'node:stream';
import { EXIT, UsageError, errorJson, exitCodeOf } from './lib/exit-codes.mjs';
import { mainHelp, parseCommandLine } from './lib/hc-cli.mjs';
import { groupOf, groupsHelpLines, parseGroupCommandLine } from './lib/hc-groups.mjs';

const argv = process.argv.slice(2);
// --json anywhere asks for JSON on stderr too, even when the command line does not parse.
const jsonStderr = argv.includes('--json');

// Only what hc prints goes to stdout: what a library logs (polkadot.js's warnings and RPC
// errors) goes to stderr, where it cannot corrupt output that a script reads; with --json as
// `{"log": "..."}` lines, so that every line of stderr is JSON.
const logSink = new Writable({
  write(chunk, _encoding, done) {
    const text = chunk.toString();
    if (!jsonStderr) process.stderr.write(text);
    else for (const line of text.split('\n').filter(Boolean)) process.stderr.write(`${JSON.stringify({ log: line })}\n`);
    done();
  },
});
globalThis.console = new Console({ stdout: logSink, stderr: logSink });

async function run() {
  const parsed = groupOf(argv) ? parseGroupCommandLine(argv) : parseCommandLine(argv);
  // The main help lists the command groups after the commands.
  if (parsed.help !== undefined && parsed.help === mainHelp()) {
    const lines = parsed.help.split('\n');
    const at = lines.findIndex((l) => l.startsWith('common options:'));
    parsed.help = [...lines.slice(0, at), ...groupsHelpLines(), '', ...lines.slice(at)].join('\n');
  }
  const text = parsed.help ?? parsed.version;
  if (text !== undefined) {
    process.stdout.write(`${text}\n`);
    return EXIT.OK;
  }
  const { command, args, opts } = parsed;
  try {
    const { runCommand } = await import('./lib/hc-commands.mjs');
    return await runCommand(command, args, opts);
  } catch (e) {
    if (e instanceof UsageError) e.command ??= command;
    throw e;
  }
}

run().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`${jsonStderr ? JSON.stringify(errorJson(e)) : `error: ${e.message}`}\n`);
    process.exit(exitCodeOf(e));
  },
);
