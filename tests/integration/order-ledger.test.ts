import { randomUUID } from 'node:crypto';
import { createTransport } from 'nodemailer';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { OrderLedger } from '../../core/ledger/order-ledger.ts';
import { Outbox } from '../../core/mail/outbox.ts';
import { createRedisConnection } from '../../core/redis/redis-connection.ts';
import { eventually, readFolder, sandboxMailbox } from './helpers/test-environment.ts';

const stack = inject('stack');
const redis = createRedisConnection(stack.redis.url);
const prefix = `test-ledger-${randomUUID().slice(0, 8)}`;
afterAll(() => redis.quit());

describe('OrderLedger', () => {
  const ledger = new OrderLedger(redis, prefix);
  const source = { kind: 'mail' as const, reference: '<sheet-1@test>', row: 5, submitter: 'sales@acme-finance.example' };

  it('creates an order once, recognises its own retry, and refuses a second order with the same reference', async () => {
    const entry = { orderId: 'o-1', externalRef: 'SO-A', order: { amount: '100.00' }, source };
    expect(await ledger.recordReceived([entry], 'test')).toEqual(['created']);
    expect(await ledger.recordReceived([entry], 'test')).toEqual(['exists']);
    expect(await ledger.recordReceived([{ ...entry, orderId: 'o-2' }], 'test')).toEqual(['duplicate']);
    expect(await ledger.knownReferences(['SO-A', 'SO-B'])).toEqual([true, false]);
    expect(await ledger.countOrders()).toBe(1);
    expect(await ledger.ordersOfSubmission('<sheet-1@test>')).toEqual(['o-1']);
    expect(await ledger.get('o-1')).toMatchObject({ id: 'o-1', externalRef: 'SO-A', status: 'received', order: { amount: '100.00' }, source });
  });

  it('records in batches, in order, and keeps the outcome per row', async () => {
    const entries = Array.from({ length: 1_203 }, (_, i) => ({ orderId: `b-${i}`, externalRef: `SO-B-${i % 1_200}`, order: {}, source: { ...source, reference: '<sheet-2@test>', row: i } }));
    const outcomes = await ledger.recordReceived(entries, 'test');
    expect(outcomes.filter((o) => o === 'created')).toHaveLength(1_200);
    expect(outcomes.slice(1_200)).toEqual(['duplicate', 'duplicate', 'duplicate']);
  });

  it('changes status with an audit event in the order trail and the global trail', async () => {
    await ledger.setStatus('o-1', 'keyed', { actor: 'keying-bot', reason: 'done' }, { crmOrderNo: 'SO-2026-000001', keyingMs: 1234 });
    expect(await ledger.get('o-1')).toMatchObject({ status: 'keyed', crmOrderNo: 'SO-2026-000001', keyingMs: 1234 });
    const trail = await ledger.auditTrail('o-1');
    expect(trail.map((e) => e.action)).toEqual(['received', 'status:keyed']);
    expect((await ledger.auditTrail()).some((e) => e.action === 'status:keyed' && e.orderId === 'o-1')).toBe(true);
  });
});

describe('Outbox', () => {
  it('sends a staged mail once with its deterministic Message-ID, however often it is asked', async () => {
    const box = sandboxMailbox(stack, 'outbox');
    const outbox = new Outbox(redis, prefix, 'acme-finance.example');
    const id = `test-${randomUUID()}`;
    await outbox.stage({ id, from: box.address, to: [box.address], subject: 'once', text: 'only once' });
    await outbox.stage({ id, from: box.address, to: [box.address], subject: 'changed', text: 'ignored' });
    const transport = createTransport({ host: stack.smtp.host, port: stack.smtp.port, secure: false, ignoreTLS: true, auth: { user: box.address, pass: box.password } });
    expect(await outbox.send(id, transport)).toBe(true);
    expect(await outbox.send(id, transport)).toBe(false);
    expect(await outbox.status(id)).toBe('sent');
    const inbox = await eventually('the mail', async () => {
      const messages = await readFolder(stack, box);
      return messages.length > 0 ? messages : undefined;
    });
    expect(inbox).toHaveLength(1);
    expect(inbox[0]?.source).toContain('Subject: once');
    expect(inbox[0]?.source).toContain(`${id}@orderdesk.acme-finance.example`);
  });
});
