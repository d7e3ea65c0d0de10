import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import type { DemoReadyInfo } from '../../jobs/demo/demo-run.ts';
import { alive, listenedOnBy, portsOf, processTree } from './helpers/processes.ts';

/** Short, so the slow cases show the bound without spending the default 30 s. */
const GRACE_MS = 5_000;
/** The reliability rule: stopped within the grace period plus 10 s of the signal. */
const STOP_BUDGET_MS = GRACE_MS + 10_000;
/** A demo starts in ~10 s on a quiet machine; a loaded one takes several times that. */
const TEST_TIMEOUT_MS = 150_000;

/** Every demo a test spawned, ready or not, for the clean-up after each test. */
const spawned: ChildProcess[] = [];

interface RunningDemo {
  child: ChildProcess;
  ready: DemoReadyInfo;
  /** The node process and everything under it (Redis, Dovecot and its processes), read once it is up. */
  tree: number[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr: () => string;
}

const demos: RunningDemo[] = [];

/** `bin/orderdesk demo --no-scenario --json` as a user runs it, once its ready line is out. */
async function startDemo(): Promise<RunningDemo> {
  const child = spawn('bin/orderdesk', ['demo', '--no-scenario', '--json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, WORKER_SHUTDOWN_GRACE_MS: String(GRACE_MS) },
  });
  spawned.push(child);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const errors: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => errors.push(chunk.toString()));
  const stderr = (): string => errors.join('');
  const line = await new Promise<string>((resolve, reject) => {
    if (!child.stdout) return reject(new Error('no stdout'));
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', () => reject(new Error(`demo exited before its ready line: ${stderr().slice(-2000)}`)));
  });
  const demo = { child, ready: JSON.parse(line) as DemoReadyInfo, tree: processTree(child.pid as number), exited, stderr };
  demos.push(demo);
  return demo;
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

function redisPidOf(demo: RunningDemo): number {
  const pid = demo.tree.find((p) => commandOf(p) === 'redis-server');
  if (pid === undefined) throw new Error(`no redis-server under the demo (pids ${demo.tree.join(' ')})`);
  return pid;
}

/** Resolves once the pid is gone (its parent, the demo, reaps it). */
async function waitUntilGone(pid: number): Promise<void> {
  await expect.poll(() => alive(pid), { timeout: 10_000, interval: 50 }).toBe(false);
}

/** Resolves once stderr holds `text`. */
async function waitForStderr(demo: RunningDemo, text: string): Promise<void> {
  await expect.poll(() => demo.stderr().includes(text), { timeout: 10_000, interval: 20 }).toBe(true);
}

async function signalAndTime(demo: RunningDemo, signal: NodeJS.Signals): Promise<{ code: number | null; ms: number }> {
  const sentAt = Date.now();
  process.kill(demo.child.pid as number, signal);
  const { code } = await demo.exited;
  return { code, ms: Date.now() - sentAt };
}

/** Nothing the demo started still runs or listens: Redis, Dovecot's processes, the relay, the CRM, the dashboard. */
function expectNothingLeft(demo: RunningDemo): void {
  const ports = [...portsOf(demo.ready), demo.ready.imap.port, Number(new URL(demo.ready.dashboard.url).port)];
  for (const port of ports) expect(listenedOnBy(port, demo.tree), `port ${port}`).toBe(false);
  expect(demo.tree.filter(alive)).toEqual([]);
}

afterEach(() => {
  // A failed test must not leave its demo behind: everything it started, by pid.
  const pids = [...demos.flatMap((d) => d.tree), ...spawned.flatMap((c) => processTree(c.pid as number))];
  for (const pid of pids.filter(alive)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  // A forced exit skips removing the stack's temp dir; the generated config lives in it.
  for (const demo of demos) rmSync(dirname(demo.ready.config), { recursive: true, force: true });
  demos.length = 0;
  spawned.length = 0;
});

describe('stopping bin/orderdesk demo', () => {
  it('with Redis already gone, Ctrl-C still stops it in time and takes every child with it', { timeout: TEST_TIMEOUT_MS }, async () => {
    const demo = await startDemo();
    const redis = redisPidOf(demo);
    process.kill(redis, 'SIGKILL');
    await waitUntilGone(redis);

    const { code, ms } = await signalAndTime(demo, 'SIGINT');
    expect(ms).toBeLessThan(STOP_BUDGET_MS);
    expect(code, demo.stderr().slice(-2000)).toBe(0);
    expect(demo.stderr()).not.toMatch(/forced exit/);
    expectNothingLeft(demo);
  });

  it('with Redis frozen, every close that waits on it is cut short and Ctrl-C still stops everything in time', { timeout: TEST_TIMEOUT_MS }, async () => {
    const demo = await startDemo();
    // Frozen, not gone: the connections stay up and nothing answers, so QUIT (and at times a worker's
    // close) waits out its bound; the frozen Redis itself must still be stopped.
    process.kill(redisPidOf(demo), 'SIGSTOP');

    const { code, ms } = await signalAndTime(demo, 'SIGINT');
    expect(ms).toBeLessThan(STOP_BUDGET_MS);
    expect(code, demo.stderr().slice(-2000)).toBe(0);
    expect(demo.stderr()).not.toMatch(/forced exit/);
    expectNothingLeft(demo);
  });

  it('SIGTERM to the node process alone (as a supervisor sends it) stops Redis, Dovecot and every port', { timeout: TEST_TIMEOUT_MS }, async () => {
    const demo = await startDemo();
    expect(demo.tree.map(commandOf)).toEqual(expect.arrayContaining(['redis-server', 'dovecot']));

    const { code, ms } = await signalAndTime(demo, 'SIGTERM');
    expect(ms).toBeLessThan(STOP_BUDGET_MS);
    expect(code, demo.stderr().slice(-2000)).toBe(0);
    expectNothingLeft(demo);
  });

  it('a second Ctrl-C while it waits on a frozen Redis forces the exit at once, with one line saying so', { timeout: TEST_TIMEOUT_MS }, async () => {
    const demo = await startDemo();
    // Frozen Redis: the orderly stop lasts at least the bound on QUIT (a second), time enough for the second signal.
    process.kill(redisPidOf(demo), 'SIGSTOP');
    process.kill(demo.child.pid as number, 'SIGINT');
    await waitForStderr(demo, 'Stopping the demo');

    const { code, ms } = await signalAndTime(demo, 'SIGINT');
    expect(ms).toBeLessThan(GRACE_MS);
    expect(code).toBe(130);
    const forced = demo.stderr().split('\n').filter((l) => /forced exit/.test(l));
    expect(forced).toEqual(['orderdesk demo: SIGINT while stopping; forced exit']);
    // The exit hook kills the servers a forced exit skipped stopping, frozen Redis included.
    for (const pid of demo.tree) await waitUntilGone(pid);
    expectNothingLeft(demo);
  });
});
