import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { buildProgram } from '../../../jobs/cli/program.ts';
import { escapeRegExp, requestSubject, waitForAudit, waitForMail, waitForStatus } from '../approvals/approval-harness.ts';
import { FIELDS_WITHOUT_CLAIMS, goodCustomers, mailSheet, orderFor, poorCustomers, startReviewWorld, submitOrders, type ReviewWorld } from './review-harness.ts';

const stack = inject('stack');
let world: ReviewWorld;

beforeAll(async () => {
  world = await startReviewWorld(stack);
}, 120_000);
afterAll(async () => {
  await world?.close();
});

async function keyingJobExists(orderId: string): Promise<boolean> {
  return (await world.runtime.queues.get('keying').getJob(`keying-${orderId}`)) !== undefined;
}

/** `orderdesk rules explain --ref` against this test's ledger, its output captured. */
async function explainRef(ref: string): Promise<string> {
  let out = '';
  vi.stubEnv('REDIS_URL', stack.redis.url);
  vi.stubEnv('ORDERDESK_REDIS_PREFIX', world.settings.redis.prefix);
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    await buildProgram().parseAsync(['node', 'orderdesk', 'rules', 'explain', '--ref', ref]);
  } finally {
    write.mockRestore();
    vi.unstubAllEnvs();
  }
  return out;
}

async function approvalEvents(orderId: string): Promise<string[]> {
  return (await world.runtime.ledger.auditTrail(orderId)).map((e) => e.action).filter((a) => a.startsWith('approval'));
}

describe('review on the CRM facts (Acme suite)', () => {
  it('auto-approves what the CRM allows and routes the rest, from a sheet without grade or risk columns', async () => {
    const good = goodCustomers(world)[0];
    const poor = poorCustomers(world)[0];
    if (!good || !poor) throw new Error('the seed has no good or no poor customer');
    const allowed = orderFor(good);
    const routed = orderFor(poor);
    const [allowedId, routedId] = await mailSheet(world, [allowed, routed], FIELDS_WITHOUT_CLAIMS);
    if (!allowedId || !routedId) throw new Error('intake did not record the orders');
    await waitForStatus(world, allowedId, 'approved', 60_000);
    expect(await keyingJobExists(allowedId)).toBe(true);
    await waitForStatus(world, routedId, 'awaiting_approval', 60_000);
    const request = await waitForMail(world, world.people.manager, requestSubject(routed.externalRef, 1));
    expect(request.text).toContain('branch-manager');
    // Nothing was claimed, so nothing differs; the CRM's grade is what the rule saw.
    expect(request.text).not.toContain('sheet says');
    const stored = await world.runtime.ledger.get(allowedId);
    expect(stored?.reviewFacts).toMatchObject({ source: 'crm', customer: { kind: 'found', value: { customerId: good.id, creditGrade: good.creditGrade } }, differences: [], identity: [] });
    expect(typeof (stored?.reviewFacts as { customer?: { readAt?: unknown } }).customer?.readAt).toBe('string');
  });

  it('routes a claimed better grade on the CRM grade, and shows the difference in the request and to the submitter', async () => {
    const poor = poorCustomers(world)[1];
    if (!poor) throw new Error('no poor customer');
    const order = orderFor(poor, { creditGrade: 'AAA' });
    const [orderId] = await submitOrders(world, [order]);
    if (!orderId) throw new Error('no order');
    await waitForStatus(world, orderId, 'awaiting_approval', 60_000);
    const difference = `credit grade: sheet says AAA, CRM says ${poor.creditGrade}`;
    const request = await waitForMail(world, world.people.manager, requestSubject(order.externalRef, 1));
    expect(request.text).toContain(difference);
    expect(request.text).toContain(`信用等级：表格为 AAA，CRM 为 ${poor.creditGrade}`);
    const notice = await waitForMail(world, world.people.submitter, new RegExp(`Order claims differ from the CRM \\[${escapeRegExp(order.externalRef)}\\]`));
    expect(notice.text).toContain(difference);
    const audited = await waitForAudit(world, (e) => e.action === 'review:claims-differ', orderId);
    expect(audited.reason).toContain(difference);
    const explained = await explainRef(order.externalRef);
    expect(explained).toContain(`credit grade ${poor.creditGrade}`);
    expect(explained).toContain('facts: from the CRM');
    expect(explained).toContain(`  differs: 信用等级：表格为 AAA，CRM 为 ${poor.creditGrade} / ${difference}`);
    expect(explained).toContain('4. branch-manager');
  });

  it('refuses for suitability on the CRM tolerance when the sheet claims a higher one', async () => {
    const cautious = world.customers.find((c) => !c.blocked && c.riskTolerance === 'C1');
    if (!cautious) throw new Error('no C1 customer');
    const order = orderFor(cautious, { customerRisk: 'C5', productCode: 'FD-R4-TEC', productRisk: 'R4' });
    const [orderId] = await submitOrders(world, [order]);
    if (!orderId) throw new Error('no order');
    await waitForStatus(world, orderId, 'rejected', 60_000);
    const notice = await waitForMail(world, world.people.submitter, new RegExp(`Order refused by review \\[${escapeRegExp(order.externalRef)}\\]`));
    expect(notice.text).toContain("product risk R4 exceeds the customer's risk tolerance C1");
    expect(notice.text).toContain('customer risk tolerance: sheet says C5, CRM says C1');
    expect(await approvalEvents(orderId)).toEqual([]);
  });

  it('refuses a wrong ID number or name before any approval, saying what the CRM holds', async () => {
    const [a, b] = goodCustomers(world).slice(2, 4);
    if (!a || !b) throw new Error('not enough customers');
    const wrongId = orderFor(a, { idNumber: b.idNumber, idType: b.idType, amount: '3000000.00' });
    const wrongName = orderFor(b, { customerName: a.name, amount: '3000000.00' });
    const [idOrder, nameOrder] = await submitOrders(world, [wrongId, wrongName]);
    if (!idOrder || !nameOrder) throw new Error('no orders');
    await waitForStatus(world, idOrder, 'rejected', 60_000);
    await waitForStatus(world, nameOrder, 'rejected', 60_000);
    const refused = await waitForAudit(world, (e) => e.action === 'review:refused', idOrder);
    expect(refused.reason).toContain(`ID number: sheet says ${b.idNumber}, CRM says ${a.idNumber}`);
    const notice = await waitForMail(world, world.people.submitter, new RegExp(`Order refused by review \\[${escapeRegExp(wrongName.externalRef)}\\]`));
    expect(notice.text).toContain(`customer name: sheet says ${a.name}, CRM says ${b.name}`);
    expect(await approvalEvents(idOrder)).toEqual([]);
    expect(await approvalEvents(nameOrder)).toEqual([]);
  });

  it('refuses a blocked customer and a product withdrawn from sale, in the CRM words', async () => {
    const blocked = world.customers.find((c) => c.blocked);
    const active = goodCustomers(world)[4];
    if (!blocked || !active) throw new Error('no blocked or no active customer');
    const response = await fetch(`${world.suite.url}/__fixture/products/IN-R1-ANN`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-fixture-token': world.suite.adminToken }, body: JSON.stringify({ onSale: false }) });
    expect(response.status).toBe(200);
    const [blockedOrder, withdrawn] = await submitOrders(world, [orderFor(blocked), orderFor(active, { productCode: 'IN-R1-ANN', termMonths: 60 })]);
    if (!blockedOrder || !withdrawn) throw new Error('no orders');
    await waitForStatus(world, blockedOrder, 'rejected', 60_000);
    await waitForStatus(world, withdrawn, 'rejected', 60_000);
    expect((await world.runtime.ledger.get(blockedOrder))?.statusNote).toContain(`customer ${blocked.id} is blocked in the CRM (Blocked: Yes)`);
    expect((await world.runtime.ledger.get(withdrawn))?.statusNote).toContain('product IN-R1-ANN is not on sale in the CRM (Status: Not on sale)');
  });

  it('resolves branch names and aliases to the CRM code, and refuses an unknown or ambiguous one with the closest names', async () => {
    const [a, b, c, d] = goodCustomers(world).slice(5, 9);
    if (!a || !b || !c || !d) throw new Error('not enough customers');
    const byName = orderFor(a, { branch: '北京分行营业部' });
    const byEnglish = orderFor(b, { branch: "Shanghai Jing'an" });
    const ambiguous = orderFor(c, { branch: '上海分行' });
    const unknown = orderFor(d, { branch: '杭州西湖分理处' });
    const [nameId, englishId, ambiguousId, unknownId] = await submitOrders(world, [byName, byEnglish, ambiguous, unknown]);
    if (!nameId || !englishId || !ambiguousId || !unknownId) throw new Error('no orders');
    await waitForStatus(world, nameId, 'approved', 60_000);
    await waitForStatus(world, englishId, 'approved', 60_000);
    expect((await world.runtime.ledger.get(nameId))?.order).toMatchObject({ branch: 'BJ-CY' });
    expect((await world.runtime.ledger.get(englishId))?.order).toMatchObject({ branch: 'SH-JA' });
    expect((await world.runtime.ledger.get(nameId))?.reviewFacts).toMatchObject({ branch: { written: '北京分行营业部', code: 'BJ-CY' } });
    await waitForStatus(world, ambiguousId, 'rejected', 60_000);
    const note = (await world.runtime.ledger.get(ambiguousId))?.statusNote ?? '';
    expect(note).toContain('branch "上海分行" fits more than one branch');
    expect(note).toContain('SH-PD 上海浦东支行 Shanghai Pudong');
    expect(note).toContain("SH-JA 上海静安支行 Shanghai Jing'an");
    await waitForStatus(world, unknownId, 'rejected', 60_000);
    const unknownNote = (await world.runtime.ledger.get(unknownId))?.statusNote ?? '';
    expect(unknownNote).toContain('branch "杭州西湖分理处" is not in the branch directory; closest known: HZ-XH 杭州西湖支行 Hangzhou Xihu');
    expect(await approvalEvents(unknownId)).toEqual([]);
  });
});
