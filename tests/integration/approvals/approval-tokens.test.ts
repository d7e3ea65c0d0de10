import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { newApprovalRecord } from '../../../bots/approvals/approval-record.ts';
import { ApprovalStore } from '../../../bots/approvals/approval-store.ts';
import { ApprovalTokens, hashToken } from '../../../bots/approvals/approval-tokens.ts';
import { createRedisConnection } from '../../../core/redis/redis-connection.ts';

const stack = inject('stack');
const redis = createRedisConnection(stack.redis.url);
const prefix = `test-tokens-${randomUUID().slice(0, 8)}`;
afterAll(() => redis.quit());

const tokens = new ApprovalTokens(redis, prefix);
const store = new ApprovalStore(redis, prefix);
const NOW = new Date();
const grant = { orderId: 'o-1', level: 1, slot: 'm', purpose: 'request' as const, allowed: ['Manager@X.example'], expiresAt: new Date(NOW.getTime() + 5 * 86_400_000).toISOString(), mailId: 'approval-request-o-1-L1-m' };

describe('approval tokens in Redis', () => {
  it('are random, lower-case, and stored only as a hash bound to order, level, slot and approvers', async () => {
    const token = await tokens.issue(grant, NOW);
    const another = await tokens.issue(grant, NOW);
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    expect(another).not.toBe(token);
    expect(await tokens.find(token)).toMatchObject({ orderId: 'o-1', level: 1, slot: 'm', allowed: ['manager@x.example'], expiresAt: grant.expiresAt });
    expect(await tokens.find(token.toUpperCase())).toBeDefined();
    const keys = await redis.keys(`${prefix}:*`);
    expect(keys).toContain(`${prefix}:approval-token:${hashToken(token)}`);
    for (const key of keys) {
      expect(key).not.toContain(token);
      expect(JSON.stringify(await redis.hgetall(key))).not.toContain(token);
    }
    const ttl = await redis.pttl(`${prefix}:approval-token:${hashToken(token)}`);
    expect(ttl).toBeGreaterThan(34 * 86_400_000);
    expect(ttl).toBeLessThanOrEqual(35 * 86_400_000);
  });

  it('do not find made-up or malformed tokens, nor withdrawn ones', async () => {
    expect(await tokens.find('f'.repeat(32))).toBeUndefined();
    expect(await tokens.find('not a token')).toBeUndefined();
    const token = await tokens.issue(grant, NOW);
    await tokens.revoke(token);
    expect(await tokens.find(token)).toBeUndefined();
  });

  it('are used once: of ten concurrent decisions with one token, exactly one is saved', async () => {
    const orderId = `o-${randomUUID().slice(0, 8)}`;
    await store.update(orderId, () => ({ record: newApprovalRecord({ orderId, externalRef: 'SO-1', rule: 'r', reasons: [], levels: [{ role: 'risk', approve: 'one' }] }), nextChaseAt: null, result: undefined }));
    const token = await tokens.issue({ ...grant, orderId }, NOW);
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        store.update(orderId, (record) =>
          record ? { record: { ...record, reasons: [`attempt ${i}`] }, nextChaseAt: null, tokenUse: { key: tokens.keyOf(token), at: NOW.toISOString(), by: 'manager@x.example', replyId: `reply-${i}` }, result: i } : undefined,
        ),
      ),
    );
    const saved = outcomes.filter((o) => o.saved);
    expect(saved).toHaveLength(1);
    expect(outcomes.filter((o) => !o.saved).map((o) => !o.saved && o.reason)).toEqual(Array(9).fill('token-used'));
    const used = await tokens.find(token);
    expect(used?.usedByReply).toBe(`reply-${saved[0]?.saved && saved[0].result}`);
    expect((await store.get(orderId))?.reasons).toEqual([`attempt ${saved[0]?.saved && saved[0].result}`]);
  });

  it('refuse a use when the token is gone (withdrawn or expired out of Redis)', async () => {
    const orderId = `o-${randomUUID().slice(0, 8)}`;
    await store.update(orderId, () => ({ record: newApprovalRecord({ orderId, externalRef: 'SO-2', rule: 'r', reasons: [], levels: [{ role: 'risk', approve: 'one' }] }), nextChaseAt: null, result: undefined }));
    const token = await tokens.issue({ ...grant, orderId }, NOW);
    await tokens.revoke(token);
    const outcome = await store.update(orderId, (record) => (record ? { record, nextChaseAt: null, tokenUse: { key: tokens.keyOf(token), at: NOW.toISOString(), by: 'x', replyId: 'r' }, result: undefined } : undefined));
    expect(outcome).toMatchObject({ saved: false, reason: 'token-missing' });
  });
});
