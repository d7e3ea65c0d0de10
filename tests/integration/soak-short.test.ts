import { describe, expect, it } from 'vitest';
import { soakTable } from '../soak/soak-checks.ts';
import { runSoak } from '../soak/soak-run.ts';

/**
 * The short soak (`npm run soak` is the long one): 30 orders in 5 sheets through every role, each in its
 * own process, while the CRM fails, expires sessions and loses confirms, Dovecot restarts twice, the relay
 * refuses mail for 30 s, Redis and two workers are SIGKILLed and Chromium dies. Nothing may be lost or doubled.
 * Its length is set by the faults, not the orders: every fault lands within the 45 s mailing window, while
 * orders are still arriving and being keyed; 30 rows (22 to key: the plan is seeded) keep keying busy
 * through the window without a long drain after it, and 60 invoices give the dunning run a dozen letters
 * to send through the relay's outage, where 150 gave nearly forty.
 */
describe('soak under faults (short)', () => {
  it('loses no order, keys none twice, skips no approval and sends no mail twice', { timeout: 420_000 }, async () => {
    const lines: string[] = [];
    const report = await runSoak({
      orders: 30,
      sheets: 5,
      seed: 7,
      mailingWindowMs: 45_000,
      relayOutageMs: 30_000,
      // 22 orders to key under faults: a minute on a quiet machine, a few beside a long soak.
      drainTimeoutMs: 240_000,
      crmLatencyMs: 80,
      invoiceCount: 60,
      log: (line) => lines.push(line),
    });
    // The figures belong in the run's output whatever the outcome: they are the proof.
    console.log(`${lines.join('\n')}\n${soakTable(report)}`);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.figures['keyed (each once in the CRM)']).toBeGreaterThan(20);
    expect(report.figures['receipts (one per sheet)']).toBe(5);
  });
});
