// The exit codes of `hc` (scripts/hc.mjs), and the errors that carry them. Scripts branch on
// these codes, so each is defined here once: the tool, its help text, the README and the tests
// all read this table.
//
//   0  ok
//   1  refused: the chain refused the transaction (its dispatch error, named `pallet.Error` with
//      its docs), the pool or a service (gatekeeper, indexer) refused it, or another failure
//   2  usage: an unknown flag, a flag without its value, a missing or extra argument
//   3  unreachable: the node, gatekeeper or indexer could not be reached, or did not answer (or
//      the transaction did not reach the awaited state) within --timeout
//   4  not found: no such storage entry, record, pack, pallet, call, storage item or runtime API

export const EXIT = Object.freeze({
  OK: 0,
  REFUSED: 1,
  USAGE: 2,
  UNREACHABLE: 3,
  NOT_FOUND: 4,
});

/** The table as the help text and the README show it. */
export const EXIT_CODE_TABLE = [
  [EXIT.OK, 'ok'],
  [EXIT.REFUSED, 'refused: by the chain (a dispatch error, named pallet.Error with its docs), the pool or a service; or another failure'],
  [EXIT.USAGE, 'usage: an unknown flag, a flag without its value, a missing or extra argument'],
  [EXIT.UNREACHABLE, 'unreachable: no answer from the node, gatekeeper or indexer, or no inclusion (finality) within --timeout'],
  [EXIT.NOT_FOUND, 'not found: no such storage entry, record, pallet, call, storage item or runtime API'],
];

/** The table as lines of text, `  0  ok`, wrapped at `width` columns. */
export function exitCodeLines(width = 100) {
  return EXIT_CODE_TABLE.map(([code, text]) => {
    const lines = [];
    let line = `  ${code} `;
    for (const word of text.split(' ')) {
      if (line.length + 1 + word.length > width) {
        lines.push(line);
        line = `    `;
      }
      line += ` ${word}`;
    }
    lines.push(line);
    return lines.join('\n');
  }).join('\n');
}

/** An error with its kind (`usage`, `unreachable`, `notFound`, `refused`) and exit code. */
export class HcError extends Error {
  constructor(kind, code, message, options) {
    super(message, options);
    this.kind = kind;
    this.exitCode = code;
  }
}

/** A command line hc cannot run: an unknown flag, a missing value or argument. */
export class UsageError extends HcError {
  constructor(message, options) {
    super('usage', EXIT.USAGE, message, options);
  }
}

/** The node or a service was not reached, or did not answer in time. */
export class UnreachableError extends HcError {
  constructor(message, options) {
    super('unreachable', EXIT.UNREACHABLE, message, options);
  }
}

/** What was asked for does not exist. */
export class NotFoundError extends HcError {
  constructor(message, options) {
    super('notFound', EXIT.NOT_FOUND, message, options);
  }
}

/** Refused by the pool or a service (a dispatch error is `DispatchFailed`, scripts/lib/chain.mjs). */
export class RefusedError extends HcError {
  constructor(message, options) {
    super('refused', EXIT.REFUSED, message, options);
  }
}

// What polkadot.js and fetch say when a connection breaks or a request goes unanswered.
const UNREACHABLE_MESSAGES = [
  /ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|ETIMEDOUT/,
  /No response received from RPC endpoint/,
  /disconnected from/i,
  /WebSocket is not connected/i,
  /Abnormal Closure/,
  /^cannot (connect to|reach) /,
];

/**
 * The exit code for `error`: its own, a dispatch error's (1), a service's answer's (404: 4,
 * another status: 1), or by what its message says.
 */
export function exitCodeOf(error) {
  if (error && Number.isInteger(error.exitCode)) return error.exitCode;
  if (error && typeof error.pallet === 'string' && typeof error.error === 'string') return EXIT.REFUSED;
  if (error && Number.isInteger(error.status)) return error.status === 404 ? EXIT.NOT_FOUND : EXIT.REFUSED;
  const message = String(error?.message ?? error);
  if (UNREACHABLE_MESSAGES.some((re) => re.test(message))) return EXIT.UNREACHABLE;
  return EXIT.REFUSED;
}

/**
 * `error` as the JSON object `hc --json` prints on stderr: `{ error: { pallet, error, docs } }`
 * for a chain's refusal, `{ error: { kind, message } }` otherwise, `kind` being `usage`,
 * `unreachable`, `notFound`, `refused` or `failed`; a service's refusal adds its `status` and
 * `reason`.
 */
export function errorJson(error) {
  if (error && typeof error.pallet === 'string' && typeof error.error === 'string') {
    return { error: { pallet: error.pallet, error: error.error, docs: error.docs ?? '' } };
  }
  const code = exitCodeOf(error);
  const kind = error?.kind
    ?? { [EXIT.USAGE]: 'usage', [EXIT.UNREACHABLE]: 'unreachable', [EXIT.NOT_FOUND]: 'notFound' }[code]
    ?? (Number.isInteger(error?.status) ? 'refused' : 'failed');
  const out = { kind, message: String(error?.message ?? error) };
  if (error?.status !== undefined) out.status = error.status;
  if (error?.reason !== undefined && error.reason !== null) out.reason = error.reason;
  return { error: out };
}
