import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromiumChildrenOf } from '../integration/helpers/processes.ts';

const ORDERDESK_BIN = fileURLToPath(new URL('../../bin/orderdesk', import.meta.url));

/** Every role process group still running; if the soak itself dies, they must not outlive it. */
const runningGroups = new Set<number>();
process.once('exit', () => {
  for (const pid of runningGroups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

/**
 * `orderdesk start --role …` as its own process group (so a SIGKILL takes its Chromium with it, as a
 * machine losing the process would), logging to a file; restartable after a kill.
 */
export class RoleProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  restarts = 0;
  /** Exits nobody asked for: each is a finding; the process is started again, as a supervisor would. */
  crashes = 0;
  private stopping = false;

  constructor(
    readonly roles: string,
    private readonly configPath: string,
    private readonly logPath: string,
    private readonly env: Record<string, string>,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    const log = createWriteStream(this.logPath, { flags: 'a' });
    const child = spawn(process.execPath, [ORDERDESK_BIN, 'start', '--role', this.roles, '--config', this.configPath], {
      env: { ...process.env, ...this.env },
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr?.pipe(log);
    if (child.pid !== undefined) runningGroups.add(child.pid);
    this.exited = new Promise((resolve) =>
      child.once('exit', () => {
        if (child.pid !== undefined) runningGroups.delete(child.pid);
        resolve();
      }),
    );
    child.once('exit', () => {
      if (this.stopping || this.child !== child) return;
      this.crashes += 1;
      setTimeout(() => {
        if (!this.stopping && this.child === child) this.start();
      }, 1_000);
    });
    this.child = child;
  }

  /** SIGKILL to the whole group, then a fresh process with the same roles. */
  async killAndRestart(): Promise<void> {
    const killed = this.child;
    this.child = undefined;
    if (killed?.pid !== undefined) {
      try {
        process.kill(-killed.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await this.exited;
    this.restarts += 1;
    this.start();
  }

  /** The Chromium processes this role process started (its direct children). */
  chromiumPids(): number[] {
    return this.child?.pid === undefined ? [] : chromiumChildrenOf(this.child.pid);
  }

  /** A graceful stop (SIGTERM: finish active jobs), forced after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    this.stopping = true;
    if (!this.child || this.child.exitCode !== null) return;
    this.signalGroup('SIGTERM');
    const forced = setTimeout(() => this.signalGroup('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(forced);
    // Chromium and other children of a stopped group must not outlive it.
    this.signalGroup('SIGKILL');
  }

  private signalGroup(signal: NodeJS.Signals): void {
    if (this.child?.pid === undefined) return;
    try {
      process.kill(-this.child.pid, signal);
    } catch {
      // the group is gone already
    }
  }
}
