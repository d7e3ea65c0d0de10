import { describe, expect, it } from 'vitest';
import { applyDecision, expireApproval, newApprovalRecord, startLevel, type SlotDecision } from '../../../bots/approvals/approval-record.ts';
import type { AssignedApprover } from '../../../bots/approvals/index.ts';

const slot = (key: string): AssignedApprover => ({ key, approver: `${key}@x.example`, away: false, sendTo: `${key}@x.example`, escalateTo: 'ops@x.example', allowed: [`${key}@x.example`] });
const decision = (by: string, kind: 'approve' | 'reject' = 'approve'): SlotDecision => ({ decision: kind, by: `${by}@x.example`, at: '2026-03-02T02:00:00.000Z', comment: kind, messageId: `<${by}>`, replyId: `reply-${by}` });
const T0 = new Date('2026-03-02T01:00:00Z');
const DEADLINE = new Date('2026-03-09T01:00:00Z');

function chain(levels: { role: string; approve: 'one' | 'all' }[]) {
  return newApprovalRecord({ orderId: 'o-1', externalRef: 'SO-1', rule: 'r', reasons: [], levels });
}

describe('an approval chain', () => {
  it('moves level by level and approves the order after the last', () => {
    let record = startLevel(chain([{ role: 'sales-manager', approve: 'one' }, { role: 'risk', approve: 'one' }]), 0, [slot('m1'), slot('m2')], T0, DEADLINE);
    const first = applyDecision(record, 0, 'm2', decision('m2'));
    expect(first.effect).toBe('level-approved');
    expect(first.record.current).toBe(1);
    expect(first.record.levels[0]).toMatchObject({ outcome: 'approved', decidedBy: 'm2@x.example' });
    record = startLevel(first.record, 1, [slot('r1')], T0, DEADLINE);
    const second = applyDecision(record, 1, 'r1', decision('r1'));
    expect(second.effect).toBe('order-approved');
    expect(second.record).toMatchObject({ outcome: 'approved', current: 2 });
  });

  it('needs every approver of an `all` level, and any one rejection ends the chain', () => {
    const record = startLevel(chain([{ role: 'risk', approve: 'all' }, { role: 'compliance', approve: 'one' }]), 0, [slot('r1'), slot('r2')], T0, DEADLINE);
    const one = applyDecision(record, 0, 'r1', decision('r1'));
    expect(one.effect).toBe('recorded');
    expect(one.record.current).toBe(0);
    expect(applyDecision(one.record, 0, 'r2', decision('r2')).effect).toBe('level-approved');
    const rejected = applyDecision(one.record, 0, 'r2', decision('r2', 'reject'));
    expect(rejected.effect).toBe('order-rejected');
    expect(rejected.record).toMatchObject({ outcome: 'rejected', outcomeAt: '2026-03-02T02:00:00.000Z' });
  });

  it('takes no second decision for a slot, a decided level, or another level', () => {
    const record = startLevel(chain([{ role: 'risk', approve: 'all' }, { role: 'compliance', approve: 'one' }]), 0, [slot('r1'), slot('r2')], T0, DEADLINE);
    const one = applyDecision(record, 0, 'r1', decision('r1')).record;
    expect(() => applyDecision(one, 0, 'r1', decision('r1'))).toThrow(/cannot take a decision/);
    expect(() => applyDecision(one, 1, 'c1', decision('c1'))).toThrow(/cannot take a decision/);
    expect(() => applyDecision(expireApproval(one, DEADLINE), 0, 'r2', decision('r2'))).toThrow(/cannot take a decision/);
  });

  it('fixes a level\'s approvers and clock only once', () => {
    const started = startLevel(chain([{ role: 'risk', approve: 'one' }]), 0, [slot('r1')], T0, DEADLINE);
    const again = startLevel(started, 0, [slot('other')], new Date('2026-03-03T00:00:00Z'), DEADLINE);
    expect(again.levels[0]?.slots.map((s) => s.key)).toEqual(['r1']);
    expect(again.levels[0]?.requestedAt).toBe(T0.toISOString());
  });

  it('does not change the record it was given', () => {
    const record = startLevel(chain([{ role: 'risk', approve: 'one' }]), 0, [slot('r1')], T0, DEADLINE);
    const before = JSON.stringify(record);
    applyDecision(record, 0, 'r1', decision('r1'));
    expireApproval(record, DEADLINE);
    expect(JSON.stringify(record)).toBe(before);
  });
});
