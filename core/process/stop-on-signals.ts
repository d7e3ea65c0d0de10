import { writeSync } from 'node:fs';

/**
 * Past the grace period, the time the last steps may take: a role's other clients, the runtime's Redis
 * (a few seconds together), then the child servers (each gets 5 s between SIGTERM and SIGKILL). Under
 * 10 s, so that "stopped within the grace period plus 10 s" holds with time left for the exit itself.
 */
export const SHUTDOWN_MARGIN_MS = 9_000;

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

/** 128 + the signal's number, as a shell reports a process that a signal ended. */
const FORCED_EXIT_CODES: Record<StopSignal, number> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };
/** The deadline passed: the stop was cut short, which a supervisor should see. */
const DEADLINE_EXIT_CODE = 1;
const FAILED_STOP_EXIT_CODE = 1;

export interface StopOnSignalsOptions {
  /** Names the process in the forced-exit line, e.g. `orderdesk demo`. */
  name: string;
  /**
   * How long active work may take to finish (workers.shutdownGraceMs); the deadline adds SHUTDOWN_MARGIN_MS.
   * A function is read when the stop begins, for a process that learns it only once it has started.
   */
  graceMs: number | (() => number);
  /** The orderly stop, called once with the signal (or the reason given to `stop`); the process exits when it settles. */
  stop: (reason: string) => Promise<void>;
}

export interface ShutdownControl {
  /** Starts the same orderly stop without a signal (e.g. `demo --once` when its scenario ends). Idempotent. */
  stop(reason: string): void;
}

/**
 * The one shutdown every long-running command shares. The first SIGINT, SIGTERM or SIGHUP starts
 * `stop`; the process exits when it settles, with `process.exitCode` (0 if unset). The process always
 * exits: a second signal, or the deadline (grace + margin) passing, forces the exit at once with one
 * line on stderr and a non-zero code. Whatever a forced exit skips (child servers, the browser) is left
 * to the 'exit' hooks of their owners.
 */
export function stopOnSignals(options: StopOnSignalsOptions): ShutdownControl {
  let stopping = false;
  const begin = (reason: string): void => {
    if (stopping) return;
    stopping = true;
    const deadlineMs = (typeof options.graceMs === 'function' ? options.graceMs() : options.graceMs) + SHUTDOWN_MARGIN_MS;
    // Kept referenced: a stop step that waits on nothing must still end here, not in a silent natural exit.
    setTimeout(() => forceExit(options.name, `shutdown did not finish within ${deadlineMs / 1000} s`, DEADLINE_EXIT_CODE), deadlineMs);
    options.stop(reason).then(
      () => process.exit(process.exitCode ?? 0),
      (error: unknown) => {
        say(`${options.name}: shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(FAILED_STOP_EXIT_CODE);
      },
    );
  };
  const onSignal = (signal: StopSignal): void => {
    if (stopping) forceExit(options.name, `${signal} while stopping`, FORCED_EXIT_CODES[signal]);
    begin(signal);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  return { stop: begin };
}

function forceExit(name: string, why: string, code: number): never {
  say(`${name}: ${why}; forced exit`);
  process.exit(code);
}

/** Synchronous: process.exit does not wait for an asynchronous write to stderr. */
function say(line: string): void {
  try {
    writeSync(2, `${line}\n`);
  } catch {
    // stderr is closed; the exit code still tells
  }
}
