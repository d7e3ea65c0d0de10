import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { waitForAudit, waitForStatus } from '../approvals/approval-harness.ts';
import { eventually } from '../helpers/test-environment.ts';
import { goodCustomers, orderFor, startReviewWorld, submitOrders, suiteRequests, type ReviewWorld } from './review-harness.ts';

const stack = inject('stack');
let world: ReviewWorld;

beforeAll(async () => {
  world = await startReviewWorld(stack);
}, 120_000);
afterAll(async () => {
  await world?.close();
});

describe('review reads the CRM cheaply and waits for it', () => {
  it('reads 30 customers, not 200, for a sheet of 200 orders for 30 customers', async () => {
    const customers = goodCustomers(world).slice(0, 30);
    expect(customers).toHaveLength(30);
    const products = ['BD-R1-GOV', 'WM-R1-090'];
    const orders = Array.from({ length: 200 }, (_, i) => {
      const product = products[i % products.length] ?? 'BD-R1-GOV';
      return orderFor(customers[i % customers.length] ?? customers[0]!, { productCode: product, termMonths: product === 'WM-R1-090' ? 3 : 12 });
    });
    const orderIds = await submitOrders(world, orders);
    await eventually(
      'all 200 orders reviewed',
      async () => {
        const statuses = await Promise.all(orderIds.map(async (id) => (await world.runtime.ledger.get(id))?.status));
        return statuses.every((s) => s === 'approved') ? true : undefined;
      },
      180_000,
    );
    const requests = await suiteRequests(world);
    expect(requests['GET /CRM/Customer.aspx']).toBe(30);
    for (const customer of customers) expect(requests[`GET /CRM/Customer.aspx?id=${customer.id}`]).toBe(1);
    expect(requests['GET /CRM/Product.aspx']).toBe(2);
  }, 240_000);

  it('delays orders while the CRM is down and routes them on its facts once it answers', async () => {
    // Customers this file has not read yet, so the cache cannot answer for the CRM.
    const [a, b] = goodCustomers(world).slice(40, 42);
    if (!a || !b) throw new Error('not enough customers');
    world.suite.setFaults({ maintenance: true });
    let orderIds: string[] = [];
    try {
      orderIds = await submitOrders(world, [orderFor(a), orderFor(b, { amount: '3000000.00' })]);
      const trouble = await waitForAudit(world, (e) => e.action === 'review:crm-trouble', orderIds[0], 60_000);
      expect(trouble.detail).toMatchObject({ code: 'crm_unavailable' });
      for (const id of orderIds) expect((await world.runtime.ledger.get(id))?.status).toBe('received');
    } finally {
      world.suite.setFaults({ maintenance: false });
    }
    const [small, large] = orderIds;
    if (!small || !large) throw new Error('no orders');
    await waitForStatus(world, small, 'approved', 90_000);
    await waitForStatus(world, large, 'awaiting_approval', 90_000);
    expect((await world.runtime.ledger.get(small))?.reviewFacts).toMatchObject({ customer: { kind: 'found', value: { customerId: a.id } } });
  }, 180_000);
});
