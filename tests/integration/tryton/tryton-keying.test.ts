import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TrytonCustomerTruth } from '../../../fixtures/tryton/index.ts';
import { startKeyingRole } from '../../../jobs/keying-role.ts';
import type { RunningRole } from '../../../jobs/roles.ts';
import { Runtime } from '../../../jobs/runtime.ts';
import { eventually } from '../helpers/test-environment.ts';
import { TRYTON_START_TIMEOUT_MS as START_TIMEOUT_MS, TrytonTestDatabase } from '../helpers/tryton-harness.ts';
import { keyingSettingsFor, killGroup, LOCK_MS, seedOrders, startKeyingProcess, waitForFinal, type SeedOptions } from '../keying/keying-harness.ts';

/**
 * A sale through sao takes ~10 s on a quiet machine and over a minute when two busy cores also run
 * another test file's browser; the waits return as soon as the orders are done, so they are generous.
 */
const PER_ORDER_MS = 120_000;
/** Products the fixture sells, with their list prices' order of magnitude irrelevant: the order amount is the unit price. */
const SALABLE = ['MM-R1-007', 'BD-R2-365', 'WM-R2-180', 'EQ-R3-001'];

/**
 * The keying bot on Tryton, through the same role, queue and ledger as on the Acme suite: only config
 * (CRM_TARGET=tryton) differs. Checked against Tryton's own records, read over its JSON-RPC.
 */
describe('keying bot on Tryton: sales keyed through sao, exactly once', () => {
  const stack = inject('stack');
  let tryton: TrytonTestDatabase;
  let customers: TrytonCustomerTruth[];
  let runtime: Runtime;
  let keying: RunningRole;
  const children: ChildProcess[] = [];

  const withAddress = (): TrytonCustomerTruth[] => customers.filter((c) => !c.name.startsWith('No Address'));
  const seed = (rt: Runtime, options: SeedOptions, pick?: (i: number) => { customerCode: string; productCode: string }) =>
    seedOrders(rt, options, (i) => {
      const chosen = pick?.(i) ?? { customerCode: (withAddress()[i % withAddress().length] as TrytonCustomerTruth).code, productCode: SALABLE[i % SALABLE.length] as string };
      return { customerId: chosen.customerCode, productCode: chosen.productCode, amount: `${(1000 + i * 137.5).toFixed(2)}`, termMonths: 12 };
    });

  /** Every reference once in Tryton, booked, with the number the ledger recorded, the customer, product and amount keyed. */
  async function expectKeyedOnce(rt: Runtime, orderIds: string[]): Promise<void> {
    const sales = await tryton.orders();
    for (const id of orderIds) {
      const order = await rt.ledger.get(id);
      const ref = order?.externalRef ?? id;
      const found = sales.filter((s) => s.reference === ref);
      expect(found.map((s) => s.number), `sales with reference ${ref}`).toEqual([order?.crmOrderNo]);
      expect(found[0]).toMatchObject({ partyCode: order?.order['customerId'], state: 'processing' });
      expect(found[0]?.lines).toEqual([{ productCode: order?.order['productCode'], quantity: 1, unitPrice: String(Number(order?.order['amount'])) }]);
    }
  }

  beforeAll(async () => {
    tryton = await TrytonTestDatabase.open('keying');
    customers = await tryton.customers();
    const { settings } = keyingSettingsFor(stack, tryton.crmEnv(), { KEYING_CONCURRENCY: '2', KEYING_SCREEN_TIMEOUT_MS: '30000' });
    runtime = await Runtime.create(settings);
    keying = startKeyingRole(runtime);
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    for (const child of children) killGroup(child, 'SIGKILL');
    await keying?.close();
    await runtime?.close();
    // Closing the keying role lets an order in hand finish its screens first.
  }, 2 * PER_ORDER_MS);

  it('keys approved orders as confirmed sales, each once, and records Tryton\'s sale number', { timeout: 3 * PER_ORDER_MS + 60_000 }, async () => {
    const { orderIds } = await seed(runtime, { count: 3 });
    const statuses = await waitForFinal(runtime, orderIds, 3 * PER_ORDER_MS);
    expect([...statuses.values()]).toEqual(['keyed', 'keyed', 'keyed']);
    await expectKeyedOnce(runtime, orderIds);
    const trail = await runtime.ledger.auditTrail(orderIds[0]);
    expect(trail.find((e) => e.action === 'keying:keyed')?.detail).toMatchObject({ how: 'created' });
  });

  it('takes a sale already in Tryton as keyed without keying it again (a rerun after a crash)', { timeout: 2 * PER_ORDER_MS + 60_000 }, async () => {
    const { orderIds } = await seed(runtime, { count: 1 });
    await waitForFinal(runtime, orderIds, PER_ORDER_MS);
    const before = (await tryton.orders()).length;
    const id = orderIds[0] as string;
    await runtime.ledger.setStatus(id, 'keying', { actor: 'test', action: 'simulate-crash-before-record' });
    await runtime.queues.add('keying', `rerun-${id}`, { orderId: id });
    const keyed = await eventually('the rerun to record the order keyed again', async () => {
      const found = (await runtime.ledger.auditTrail(id)).filter((e) => e.action === 'keying:keyed');
      return found.length === 2 ? found : undefined;
    }, PER_ORDER_MS);
    expect(keyed[1]?.detail).toMatchObject({ crmOrderNo: (await runtime.ledger.get(id))?.crmOrderNo, how: 'found_before_create' });
    expect((await tryton.orders()).length).toBe(before);
  });

  it('leaves orders Tryton refuses in needs_attention with its message, and does not retry them', { timeout: 2 * PER_ORDER_MS + 60_000 }, async () => {
    const noAddress = customers.find((c) => c.name.startsWith('No Address')) as TrytonCustomerTruth;
    const { orderIds } = await seed(runtime, { count: 2 }, (i) =>
      i === 0 ? { customerCode: noAddress.code, productCode: 'BD-R2-365' } : { customerCode: (withAddress()[0] as TrytonCustomerTruth).code, productCode: 'PE-R5-900' },
    );
    const statuses = await waitForFinal(runtime, orderIds, 2 * PER_ORDER_MS);
    expect([...statuses.values()]).toEqual(['needs_attention', 'needs_attention']);
    expect((await runtime.ledger.get(orderIds[0] as string))?.statusNote).toMatch(/To get a quote for sale .* you must enter an invoice address/);
    expect((await runtime.ledger.get(orderIds[1] as string))?.statusNote).toMatch(/Tryton offers no Product "PE-R5-900"/);
    for (const id of orderIds) {
      const job = await eventually('the keying job to be marked failed', async () => {
        // The state first, then the job: a job read while still active keeps its old attempt count.
        const queue = runtime.queues.get('keying');
        return (await queue.getJobState(`keying-${id}`)) === 'failed' ? await queue.getJob(`keying-${id}`) : undefined;
      }, 10_000);
      expect(job.attemptsMade).toBe(1);
    }
    // Tryton saved the refused sale as a draft when Quote was pressed; nothing was booked.
    const sales = await tryton.orders();
    const refs = await Promise.all(orderIds.map(async (id) => (await runtime.ledger.get(id))?.externalRef));
    expect(sales.filter((s) => refs.includes(s.reference)).map((s) => s.state)).toEqual(['draft']);
  });

  it('keys every order exactly once when the keying process is killed with SIGKILL mid-run', { timeout: 8 * PER_ORDER_MS + 120_000 }, async () => {
    const { settings, env } = keyingSettingsFor(stack, tryton.crmEnv(), { KEYING_CONCURRENCY: '2', KEYING_SCREEN_TIMEOUT_MS: '30000', WORKER_LOCK_DURATION_MS: LOCK_MS, WORKER_STALLED_INTERVAL_MS: LOCK_MS });
    const own = await Runtime.create(settings);
    try {
      const { orderIds } = await seed(own, { count: 4 });
      const first = startKeyingProcess({ ...env, REDIS_URL: stack.redis.url });
      children.push(first);
      await eventually('an order keyed and one in progress', async () => {
        const statuses = await Promise.all(orderIds.map(async (id) => (await own.ledger.get(id))?.status));
        return statuses.includes('keyed') && statuses.includes('keying') ? true : undefined;
      }, 3 * PER_ORDER_MS);
      killGroup(first, 'SIGKILL');
      const interrupted: string[] = [];
      for (const id of orderIds) if ((await own.ledger.get(id))?.status === 'keying') interrupted.push(id);

      const second = startKeyingProcess({ ...env, REDIS_URL: stack.redis.url });
      children.push(second);
      const statuses = await waitForFinal(own, orderIds, 4 * PER_ORDER_MS);
      killGroup(second, 'SIGTERM');
      expect([...statuses.values()].filter((s) => s !== 'keyed')).toEqual([]);
      await expectKeyedOnce(own, orderIds);
      expect(interrupted.length).toBeGreaterThan(0);
      for (const id of interrupted) {
        const starts = (await own.ledger.auditTrail(id)).filter((e) => e.action === 'keying:started');
        expect(starts.length).toBeGreaterThanOrEqual(2);
      }
    } finally {
      await own.close();
    }
  });
});
