import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startAcmeSuite, type AcmeSuiteHandle } from '../../../fixtures/acme-suite/index.ts';
import { startKeyingRole } from '../../../jobs/keying-role.ts';
import { createMailProcessor } from '../../../jobs/mail.job.ts';
import type { RunningRole } from '../../../jobs/roles.ts';
import { Runtime } from '../../../jobs/runtime.ts';
import { startWorker, type QueueWorker } from '../../../jobs/workers.ts';
import { eventually, readFolder, sandboxMailbox } from '../helpers/test-environment.ts';
import { expectExactlyOnce, fixture, keyingSettings, seedApprovedOrders, SUITE_TODAY, waitForFinal, type FixtureCustomer, type FixtureOrder, type FixtureProduct } from './keying-harness.ts';

describe.each(['v1', 'v2'] as const)('keying bot, layout %s: approved orders into the CRM through its screens', (layout) => {
  const stack = inject('stack');
  let suite: AcmeSuiteHandle;
  let runtime: Runtime;
  let keying: RunningRole;
  let mail: QueueWorker;

  beforeAll(async () => {
    suite = await startAcmeSuite({ port: 0, today: SUITE_TODAY, faults: { layout } });
    const { settings } = keyingSettings(stack, suite, { KEYING_CONCURRENCY: '2' });
    runtime = await Runtime.create(settings);
    keying = startKeyingRole(runtime);
    mail = startWorker(runtime, 'mail', createMailProcessor(runtime));
  });
  afterAll(async () => {
    await keying?.close();
    await mail?.close();
    await runtime?.close();
    await suite?.close();
  });

  it('keys each order once, records the CRM number, and mails the submitter one threaded summary', async () => {
    const submitter = sandboxMailbox(stack, `submitter-${layout}`);
    const { orderIds, refs, reference } = await seedApprovedOrders(runtime, suite, { count: 4, submitter: submitter.address });
    const statuses = await waitForFinal(runtime, orderIds, 60_000);
    expect([...statuses.values()]).toEqual(['keyed', 'keyed', 'keyed', 'keyed']);
    expect(await expectExactlyOnce(runtime, suite, orderIds)).toEqual({ duplicates: [], missing: [], mismatched: [] });

    const first = await runtime.ledger.get(orderIds[0] as string);
    expect(first?.crmOrderNo).toMatch(/^SO-2026-\d{6}$/);
    expect(first?.keyingMs).toBeGreaterThan(0);
    expect(Date.parse(first?.keyedAt ?? '')).not.toBeNaN();
    const trail = await runtime.ledger.auditTrail(orderIds[0]);
    expect(trail.map((e) => e.action)).toEqual(expect.arrayContaining(['keying:started', 'keying:keyed']));
    // Value date: the order date (1 March) is behind the CRM's business date, so the business date is used.
    const crmOrder = (await fixture<FixtureOrder>(suite, 'orders')).find((o) => o.externalRef === refs[0]);
    expect(crmOrder?.valueDate).toBe(SUITE_TODAY);

    const summaries = await eventually('the keying summary in the submitter inbox', async () => {
      const found = (await readFolder(stack, submitter)).filter((m) => /^X-OrderDesk-Keying-Summary:/im.test(m.source));
      return found.length > 0 ? found : undefined;
    }, 30_000);
    expect(summaries).toHaveLength(1);
    const source = summaries[0]?.source ?? '';
    expect(source).toContain(`In-Reply-To: ${reference}`);
    for (const ref of refs) expect(source).toContain(ref);
    expect(source).toContain((await runtime.ledger.get(orderIds[3] as string))?.crmOrderNo ?? 'missing');
  });

  it('takes an order already in the CRM as keyed without keying it again (a rerun after a crash)', async () => {
    const first = await seedApprovedOrders(runtime, suite, { count: 1 });
    await waitForFinal(runtime, first.orderIds, 30_000);
    const before = (await fixture<FixtureOrder>(suite, 'orders')).length;
    const crmOrderNo = (await runtime.ledger.get(first.orderIds[0] as string))?.crmOrderNo;
    // A job whose first run keyed the order and died before recording it: the ledger still says keying.
    // The rerun must find the order by its external reference and record that number, not key it again.
    await runtime.ledger.setStatus(first.orderIds[0] as string, 'keying', { actor: 'test', action: 'simulate-crash-before-record' });
    await runtime.queues.add('keying', `rerun-${first.orderIds[0]}`, { orderId: first.orderIds[0] as string });
    await eventually('the rerun to record the order keyed again', async () => {
      const trail = await runtime.ledger.auditTrail(first.orderIds[0]);
      return trail.filter((e) => e.action === 'keying:keyed').length === 2 ? trail : undefined;
    }, 30_000);
    const trail = await runtime.ledger.auditTrail(first.orderIds[0]);
    const last = trail.filter((e) => e.action === 'keying:keyed').at(-1);
    expect(last?.detail).toMatchObject({ crmOrderNo, how: 'found_before_create' });
    expect((await fixture<FixtureOrder>(suite, 'orders')).length).toBe(before);
  });

  it('leaves an order the CRM refuses in needs_attention with the CRM message, and does not retry it', async () => {
    const products = await fixture<FixtureProduct>(suite, 'products');
    const customers = await fixture<FixtureCustomer>(suite, 'customers');
    const bond = products.find((p) => p.code === 'BD-R1-GOV') as FixtureProduct;
    const customer = customers.find((c) => !c.blocked) as FixtureCustomer;
    const overLimit = (Number(bond.maxAmount) + 1000).toFixed(2);
    const { orderIds } = await seedApprovedOrders(runtime, suite, {
      count: 1,
      tweak: (o) => Object.assign(o, { customerId: customer.id, productCode: bond.code, amount: overLimit, termMonths: bond.terms[0] }),
    });
    const statuses = await waitForFinal(runtime, orderIds, 30_000);
    expect(statuses.get(orderIds[0] as string)).toBe('needs_attention');
    const order = await runtime.ledger.get(orderIds[0] as string);
    expect(order?.statusNote).toMatch(/^Amount exceeds the product limit of 20,000,000\.00/);
    // The ledger records the refusal inside the job; BullMQ marks the job failed a moment after it returns.
    const job = await eventually('the keying job to be marked failed', async () => {
      // The state first, then the job: a job read while still active keeps its old attempt count.
      const queue = runtime.queues.get('keying');
      return (await queue.getJobState(`keying-${orderIds[0]}`)) === 'failed' ? await queue.getJob(`keying-${orderIds[0]}`) : undefined;
    }, 10_000);
    expect(job.attemptsMade).toBe(1);
    const refused = (await runtime.ledger.auditTrail(orderIds[0])).find((e) => e.action === 'keying:refused');
    const artifacts = refused?.detail?.['artifacts'] as { screenshot?: string; html?: string; trace?: string } | undefined;
    expect(artifacts?.screenshot && existsSync(artifacts.screenshot)).toBe(true);
    expect(artifacts?.html && existsSync(artifacts.html)).toBe(true);
    expect(artifacts?.trace && existsSync(artifacts.trace)).toBe(true);
  });
});
