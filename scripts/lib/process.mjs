// Child processes of the services (gatekeeper, indexer, test servers): spawned with a log file,
// and waited for until they say where they listen.

import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';

/**
 * Resolves with `{ code, signal }` when `child` exits, or `{ error }` when it could not be
 * started (no such binary); calls `onExit` first.
 */
function exitOf(child, onExit) {
  return new Promise((res) => {
    child.on('exit', (code, signal) => {
      onExit();
      res({ code, signal });
    });
    child.on('error', (error) => {
      onExit();
      res({ code: null, signal: null, error });
    });
  });
}

/**
 * Spawns `command` with its stdout and stderr appended to `logPath`, keeping the last 4 KiB of
 * stderr for error messages. `options.spawn` goes to `child_process.spawn` (e.g. `uid`).
 */
export function spawnLogged(command, args, logPath, env = {}, options = {}) {
  const log = createWriteStream(logPath, { flags: 'a' });
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env }, ...options.spawn });
  let tail = '';
  child.stderr.on('data', (chunk) => {
    tail = (tail + chunk.toString()).slice(-4096);
  });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  let exited = false;
  const exitPromise = exitOf(child, () => { exited = true; });
  return { child, log, stderrTail: () => tail, hasExited: () => exited, exitPromise };
}

/**
 * Waits until `child` prints `listening on ADDRESS` on stdout, and resolves with ADDRESS.
 * Rejects, with the end of its stderr, when it exits first or stays silent `readyTimeoutMs`.
 */
export async function untilListening({ child, exitPromise, name, logFile, stderrTail, readyTimeoutMs }) {
  let timer;
  try {
    return await Promise.race([
      new Promise((res) => {
        let seen = '';
        const watch = (chunk) => {
          seen = (seen + chunk.toString()).slice(-4096);
          const m = /^listening on (\S+)/m.exec(seen);
          if (m) {
            child.stdout.off('data', watch);
            res(m[1]);
          }
        };
        child.stdout.on('data', watch);
      }),
      exitPromise.then(({ code, signal, error }) => {
        throw new Error(`${name} ${error ? `did not start: ${error.message}` : `exited (${signal ?? `code ${code}`}) during start`}; log: ${logFile}\n${stderrTail()}`);
      }),
      new Promise((_, rej) => {
        timer = setTimeout(() => rej(new Error(`${name} not listening after ${readyTimeoutMs} ms; log: ${logFile}\n${stderrTail()}`)), readyTimeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
