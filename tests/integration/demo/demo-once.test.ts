import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import type { DemoReadyInfo, DemoSummary } from '../../../jobs/demo/demo-run.ts';
import { alive, listenedOnBy, portsOf, processTree } from '../helpers/processes.ts';

/** The README's first command, as a newcomer runs it, played to the end (`--once`). */
describe('bin/orderdesk demo --once', () => {
  it('plays the morning end to end: every order ends as expected, once in the CRM, and nothing is left running', { timeout: 420_000 }, async () => {
    const child = spawn('bin/orderdesk', ['demo', '--once', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const stderr: string[] = [];
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
    const lines: string[] = [];
    const firstLine = new Promise<string>((resolve, reject) => {
      const reader = createInterface({ input: child.stdout });
      reader.on('line', (line) => {
        lines.push(line);
        if (lines.length === 1) resolve(line);
      });
      child.once('exit', () => reject(new Error(`demo exited before its ready line: ${stderr.join('').slice(-2000)}`)));
    });

    const ready = JSON.parse(await firstLine) as DemoReadyInfo;
    expect(ready.ready).toBe(true);
    expect(ready.dashboard).toMatchObject({ user: 'admin', password: 'orderdesk-demo' });
    expect(ready.config).toMatch(/orderdesk-demo\.yaml$/);
    const dashboardPort = Number(new URL(ready.dashboard.url).port);
    expect((await fetch(`${ready.dashboard.url}/healthz`)).status).toBe(200);
    const pids = processTree(child.pid ?? -1);

    const code = await exited;
    const { summary } = JSON.parse(lines.at(-1) ?? '{}') as { summary: DemoSummary };
    expect(summary.unexpected, stderr.join('').slice(-3000)).toEqual([]);
    expect(code).toBe(0);
    expect(summary.ok).toBe(true);
    // 12 orders approved (9 at once, 3 by reply, one of them over three levels), one rejected by its manager.
    expect(summary.orders).toEqual({ keyed: 12, rejected: 1 });
    expect(summary.badRowsRefused).toBe(4);
    expect(summary.receipts).toBe(2);
    expect(summary.approvalAnswers).toBe(6);
    expect(summary.emailToCrmSeconds.orders).toBe(9);
    if (summary.dunning.workingDay) {
      expect(summary.dunning.letters).toBeGreaterThan(0);
      expect(summary.dunning.financeReport).toBe(true);
    }

    for (const port of [...portsOf(ready), dashboardPort]) expect(listenedOnBy(port, pids), `port ${port}`).toBe(false);
    expect(pids.filter(alive)).toEqual([]);
  });
});
