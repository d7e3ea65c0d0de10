import { describe, expect, it } from 'vitest';
import { advanceChase, applyDecision, newApprovalRecord, startLevel } from '../../../bots/approvals/approval-record.ts';
import { chaseStepDueAt, levelDeadline, nextChaseAt, planChase, type AssignedApprover, type ChasePolicy } from '../../../bots/approvals/index.ts';
import { loadWorkingCalendar } from '../../../core/calendar/index.ts';

const calendar = loadWorkingCalendar(undefined, 'Asia/Shanghai');
const policy: ChasePolicy = { reminderAfterWorkingHours: 4, maxReminders: 2, expireAfterWorkingDays: 5 };
const at = (local: string): Date => new Date(`${local}+08:00`);
const slot = (key: string): AssignedApprover => ({ key, approver: `${key}@x.example`, away: false, sendTo: `${key}@x.example`, escalateTo: 'd@x.example', allowed: [`${key}@x.example`] });

/** Requested Monday 2026-03-02 09:00 Shanghai: reminders at 14:30 and Tue 09:30, escalation Tue 15:00 (7.5 working hours a day), expiry Mon 03-09 09:00. */
const T0 = at('2026-03-02T09:00');
function open(approve: 'one' | 'all' = 'one') {
  const record = newApprovalRecord({ orderId: 'o-1', externalRef: 'SO-1', rule: 'r', reasons: [], levels: [{ role: 'risk', approve }] });
  return startLevel(record, 0, [slot('a'), slot('b')], T0, levelDeadline(T0, calendar, policy));
}

describe('approval chasing plan', () => {
  it('counts reminder, escalation and expiry times in working hours and days', () => {
    expect(chaseStepDueAt(T0, 1, calendar, policy)).toEqual(at('2026-03-02T14:30'));
    expect(chaseStepDueAt(T0, 2, calendar, policy)).toEqual(at('2026-03-03T09:30'));
    expect(chaseStepDueAt(T0, 3, calendar, policy)).toEqual(at('2026-03-03T15:00'));
    expect(levelDeadline(T0, calendar, policy)).toEqual(at('2026-03-09T09:00'));
    expect(levelDeadline(at('2026-09-29T10:00'), calendar, policy)).toEqual(at('2026-10-12T10:00'));
  });

  it.each<[string, string, string[]]>([
    ['before the first reminder', '2026-03-02T14:29', []],
    ['first reminder due', '2026-03-02T14:30', ['remind:a:1', 'remind:b:1']],
    ['the evening after: still the first', '2026-03-02T22:00', ['remind:a:1', 'remind:b:1']],
    ['second reminder due', '2026-03-03T09:30', ['remind:a:2', 'remind:b:2']],
    ['just before the escalation', '2026-03-03T14:59', ['remind:a:2', 'remind:b:2']],
    ['escalation due', '2026-03-03T15:00', ['escalate:a:3', 'escalate:b:3']],
    ['long after: still only the escalation (nothing repeated)', '2026-03-06T17:00', ['escalate:a:3', 'escalate:b:3']],
    ['deadline reached', '2026-03-09T09:00', ['expire']],
  ])('%s (%s)', (_what, now, expected) => {
    const actions = planChase(open(), at(now), calendar, policy);
    expect(actions.map((a) => (a.kind === 'expire' ? 'expire' : `${a.kind}:${a.slot}:${a.step}`))).toEqual(expected);
  });

  it('sends each step once: a slot already at the step gets nothing more', () => {
    let record = open();
    record = advanceChase(record, 0, 'a', 1);
    expect(planChase(record, at('2026-03-02T15:00'), calendar, policy).map((a) => a.kind !== 'expire' && a.slot)).toEqual(['b']);
    record = advanceChase(record, 0, 'b', 1);
    expect(planChase(record, at('2026-03-02T15:00'), calendar, policy)).toEqual([]);
    expect(advanceChase(record, 0, 'a', 0).levels[0]?.slots[0]?.chaseStep).toBe(1);
  });

  it('after a scheduler outage jumps straight to the furthest step due', () => {
    expect(planChase(open(), at('2026-03-04T09:00'), calendar, policy).map((a) => a.kind)).toEqual(['escalate', 'escalate']);
  });

  it('stops chasing a level once decided: the other approver of a `one` level is not reminded', () => {
    const decided = applyDecision(open('one'), 0, 'a', { decision: 'approve', by: 'a@x.example', at: T0.toISOString(), comment: '', messageId: '<m>', replyId: 'r' }).record;
    expect(planChase(decided, at('2026-03-03T10:00'), calendar, policy)).toEqual([]);
    expect(nextChaseAt(decided, calendar, policy)).toBeNull();
  });

  it('keeps chasing the approvers of an `all` level who have not answered', () => {
    const partly = applyDecision(open('all'), 0, 'a', { decision: 'approve', by: 'a@x.example', at: T0.toISOString(), comment: '', messageId: '<m>', replyId: 'r' }).record;
    expect(planChase(partly, at('2026-03-02T14:30'), calendar, policy).map((a) => a.kind !== 'expire' && a.slot)).toEqual(['b']);
  });

  it('files the order under its next step, then its deadline', () => {
    let record = open();
    expect(nextChaseAt(record, calendar, policy)).toEqual(at('2026-03-02T14:30'));
    record = advanceChase(advanceChase(record, 0, 'a', 3), 0, 'b', 2);
    expect(nextChaseAt(record, calendar, policy)).toEqual(at('2026-03-03T15:00'));
    record = advanceChase(record, 0, 'b', 3);
    expect(nextChaseAt(record, calendar, policy)).toEqual(at('2026-03-09T09:00'));
  });

  it('with no reminders configured, escalates after the first interval', () => {
    expect(planChase(open(), at('2026-03-02T14:30'), calendar, { ...policy, maxReminders: 0 }).map((a) => a.kind)).toEqual(['escalate', 'escalate']);
  });

  it('does nothing for a level not yet requested', () => {
    const record = newApprovalRecord({ orderId: 'o-1', externalRef: 'SO-1', rule: 'r', reasons: [], levels: [{ role: 'risk', approve: 'one' }] });
    expect(planChase(record, at('2026-12-31T10:00'), calendar, policy)).toEqual([]);
    expect(nextChaseAt(record, calendar, policy)).toBeNull();
  });
});
