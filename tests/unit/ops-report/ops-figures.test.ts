import { describe, expect, it } from 'vitest';
import { opsFigures, reportWindowAt, type OrderHistory, type ReportWindow } from '../../../bots/ops-report/index.ts';
import { percentile } from '../../../bots/ops-report/approval-turnaround.ts';
import { loadWorkingCalendar } from '../../../core/calendar/index.ts';
import { at, chain, history, iso, order, trail } from './histories.ts';

const calendar = loadWorkingCalendar(undefined, 'Asia/Shanghai');
const levels = { approvalSlaWorkingHours: 8, keyingSlaMinutes: 30 };
/** Tuesday 2026-03-10 08:00 in Shanghai: the 24 hours from Monday 08:00. */
const tuesdayMorning = reportWindowAt(at('2026-03-10T08:00'), calendar) as ReportWindow;

function figures(histories: OrderHistory[], window = tuesdayMorning) {
  return opsFigures(histories, window, levels, calendar);
}

describe('the report window', () => {
  it('covers the 24 hours up to the report time, keyed by the local report day', () => {
    expect(tuesdayMorning).toEqual({ day: '2026-03-10', from: at('2026-03-09T08:00'), to: at('2026-03-10T08:00') });
  });

  it.each([
    ['2026-03-07T08:00', undefined, 'an ordinary Saturday'],
    ['2026-10-01T08:00', undefined, 'National Day, a Thursday'],
    ['2026-04-06T08:00', undefined, 'Qingming, a Monday'],
    ['2026-02-28T08:00', '2026-02-28', 'a make-up working Saturday'],
    ['2026-03-09T00:30', '2026-03-09', 'Monday just after midnight in Shanghai (still Sunday in UTC)'],
  ])('at %s the report day is %s (%s)', (local, day, _why) => {
    expect(reportWindowAt(at(local), calendar)?.day).toBe(day);
  });
});

describe('the last 24 hours', () => {
  it('counts what happened in the window: received, auto-approved, chains ended, keyed, failed, needs attention', () => {
    const result = figures([
      // Received and auto-approved before the window, keyed in it.
      history(order({ createdAt: '2026-03-09T07:59', status: 'keyed', keyedAt: '2026-03-09T08:30' }), trail(['review:auto-approved', '2026-03-09T07:59'])),
      // Received at the window's first instant; keyed at its end, which belongs to tomorrow's report.
      history(order({ createdAt: '2026-03-09T08:00', status: 'keyed', keyedAt: '2026-03-10T08:00' }), trail(['review:auto-approved', '2026-03-09T08:00'])),
      // Keying gave up twice (an admin re-ran it): one failed order.
      history(
        order({ createdAt: '2026-03-09T09:00', status: 'failed' }),
        trail(['review:auto-approved', '2026-03-09T09:00'], ['keying:failed', '2026-03-09T10:00'], ['dashboard:rerun-keying', '2026-03-09T10:30'], ['keying:failed', '2026-03-09T11:00']),
      ),
      history(order({ createdAt: '2026-03-06T10:00', status: 'needs_attention' }), trail(['review:auto-approved', '2026-03-06T10:00'], ['keying:refused', '2026-03-09T10:00'])),
      history(order({ id: 'o-approved', createdAt: '2026-03-06T10:00', status: 'approved' }), [], chain('o-approved', [{ requestedAt: '2026-03-06T10:00', outcome: 'approved', decidedAt: '2026-03-09T12:00' }])),
      history(order({ id: 'o-rejected', createdAt: '2026-03-06T10:00', status: 'rejected' }), [], chain('o-rejected', [{ requestedAt: '2026-03-06T10:00', outcome: 'approved', decidedAt: '2026-03-06T11:00' }, { requestedAt: '2026-03-06T11:00', outcome: 'rejected', decidedAt: '2026-03-09T15:00' }])),
      history(order({ id: 'o-expired', createdAt: '2026-02-27T10:00', status: 'expired' }), [], chain('o-expired', [{ requestedAt: '2026-02-27T10:00', outcome: 'expired', decidedAt: '2026-03-09T16:00' }])),
      // Approved last week: yesterday's news.
      history(order({ id: 'o-old', createdAt: '2026-03-05T10:00', status: 'keyed', keyedAt: '2026-03-06T10:00' }), [], chain('o-old', [{ requestedAt: '2026-03-05T10:00', outcome: 'approved', decidedAt: '2026-03-06T09:00' }])),
      // Received at the report time: tomorrow's report.
      history(order({ createdAt: '2026-03-10T08:00' })),
    ]);
    expect(result.flow).toEqual({ received: 2, autoApproved: 2, approvedByApprovers: 1, rejectedByApprovers: 1, expiredInApproval: 1, keyed: 1, failed: 1, needsAttention: 1 });
  });
});

describe('waiting for approval, by working age', () => {
  const waiting = (id: string, createdAt: string, requests: string[]): OrderHistory =>
    history(
      order({ id, createdAt, status: 'awaiting_approval' }),
      [],
      chain(id, requests.map((requestedAt, index) => (index < requests.length - 1 ? { requestedAt, outcome: 'approved' as const, decidedAt: requests[index + 1] as string } : { requestedAt }))),
    );

  it('buckets the orders waiting now by working time since their first level was asked', () => {
    const result = figures([
      waiting('o-1', '2026-03-09T17:00', ['2026-03-09T17:00']), // 1 working hour
      waiting('o-2', '2026-03-09T09:00', ['2026-03-09T09:00']), // 7.5 working hours; one working day ends Tue 09:00
      waiting('o-3', '2026-03-06T16:00', ['2026-03-06T16:00']), // Friday 16:00: 3.7 days by the clock, 9.5 working hours
      waiting('o-4', '2026-03-03T10:00', ['2026-03-03T10:00']), // three working days ended Friday 10:00
      waiting('o-5', '2026-03-03T10:00', ['2026-03-03T10:00', '2026-03-09T17:00']), // at level 2, waiting since level 1
      history(order({ createdAt: '2026-03-10T07:50', status: 'awaiting_approval' })), // routed, first request not sent yet
      history(order({ createdAt: '2026-02-27T10:00', status: 'approved' }), [], chain('o-done', [{ requestedAt: '2026-02-27T10:00', outcome: 'approved', decidedAt: '2026-02-27T11:00' }])),
    ]);
    expect(result.waitingForApproval).toEqual({
      'under-4-working-hours': 2,
      '4-working-hours-to-1-working-day': 1,
      '1-to-3-working-days': 1,
      'over-3-working-days': 2,
    });
  });

  it('does not age a request over the weekend: Friday 17:30 is 1.5 working hours old on Monday at 10:00', () => {
    const monday = reportWindowAt(at('2026-03-09T10:00'), calendar) as ReportWindow;
    expect(figures([waiting('o-fri', '2026-03-06T17:30', ['2026-03-06T17:30'])], monday).waitingForApproval['under-4-working-hours']).toBe(1);
  });
});

describe('approval turnaround', () => {
  it.each([
    [[], 50, undefined],
    [[7], 50, 7],
    [[7], 95, 7],
    [[1, 2], 50, 1],
    [[1, 2], 95, 2],
    [Array.from({ length: 10 }, (_, i) => i + 1), 50, 5],
    [Array.from({ length: 10 }, (_, i) => i + 1), 95, 10],
    [Array.from({ length: 20 }, (_, i) => i + 1), 95, 19],
    [Array.from({ length: 100 }, (_, i) => i + 1), 95, 95],
  ])('nearest-rank percentile of %j at p%d is %s', (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });

  it('runs from each level request to its answer, for levels answered in the window', () => {
    const HOUR = 3600_000;
    const result = figures([
      // Two levels answered yesterday: 2 h and 4 h.
      history(order({ id: 'o-two', createdAt: '2026-03-09T09:00', status: 'rejected' }), [], chain('o-two', [
        { requestedAt: '2026-03-09T09:00', outcome: 'approved', decidedAt: '2026-03-09T11:00' },
        { requestedAt: '2026-03-09T11:00', outcome: 'rejected', decidedAt: '2026-03-09T15:00' },
      ])),
      // Asked Friday 17:00, answered Monday 10:00: 65 h by the clock, as the submitter waited.
      history(order({ id: 'o-weekend', createdAt: '2026-03-06T17:00', status: 'approved' }), [], chain('o-weekend', [{ requestedAt: '2026-03-06T17:00', outcome: 'approved', decidedAt: '2026-03-09T10:00' }])),
      // Not answered: expired in the window, still open, or answered before it.
      history(order({ id: 'o-exp', createdAt: '2026-02-27T10:00', status: 'expired' }), [], chain('o-exp', [{ requestedAt: '2026-02-27T10:00', outcome: 'expired', decidedAt: '2026-03-09T16:00' }])),
      history(order({ id: 'o-open', createdAt: '2026-03-09T09:00', status: 'awaiting_approval' }), [], chain('o-open', [{ requestedAt: '2026-03-09T09:00' }])),
      history(order({ id: 'o-before', createdAt: '2026-03-06T09:00', status: 'keyed' }), [], chain('o-before', [{ requestedAt: '2026-03-06T09:00', outcome: 'approved', decidedAt: '2026-03-06T10:00' }])),
    ]);
    expect(result.approvalTurnaround).toEqual({ answeredLevels: 3, p50Ms: 4 * HOUR, p95Ms: 65 * HOUR });
  });

  it('has no percentiles when nobody answered', () => {
    expect(figures([]).approvalTurnaround).toEqual({ answeredLevels: 0 });
  });
});

describe('SLA breaches (approval within 8 working hours, keying within 30 minutes)', () => {
  const result = figures([
    // Friday 17:00 to Monday 11:00 is 3 working hours, and keyed 5 minutes later: no breach.
    history(order({ externalRef: 'A1', createdAt: '2026-03-06T17:00', status: 'keyed', keyedAt: '2026-03-09T11:05' }), [], chain('A1', [{ requestedAt: '2026-03-06T17:00', outcome: 'approved', decidedAt: '2026-03-09T11:00' }])),
    // Friday 09:00 + 8 working hours is Monday 09:30: answered late at 10:00.
    history(order({ externalRef: 'A2', createdAt: '2026-03-06T09:00', status: 'rejected' }), [], chain('A2', [{ requestedAt: '2026-03-06T09:00', outcome: 'rejected', decidedAt: '2026-03-09T10:00' }])),
    // Friday 11:00 + 8 working hours is Monday 11:30: still unanswered.
    history(order({ externalRef: 'A3', createdAt: '2026-03-06T11:00', status: 'awaiting_approval' }), [], chain('A3', [{ requestedAt: '2026-03-06T11:00' }])),
    // Monday 09:00 is due Tuesday 09:30, after the report.
    history(order({ externalRef: 'A4', createdAt: '2026-03-09T09:00', status: 'awaiting_approval' }), [], chain('A4', [{ requestedAt: '2026-03-09T09:00' }])),
    // Ran out yesterday without an answer.
    history(order({ externalRef: 'A5', createdAt: '2026-03-02T10:00', status: 'expired' }), [], chain('A5', [{ requestedAt: '2026-03-02T10:00', outcome: 'expired', decidedAt: '2026-03-09T16:00' }])),
    // Closed by a person on the dashboard while waiting: nobody owes an answer any more.
    history(order({ externalRef: 'A6', createdAt: '2026-03-02T10:00', status: 'resolved' }), [], chain('A6', [{ requestedAt: '2026-03-02T10:00' }])),
    history(order({ externalRef: 'K1', createdAt: '2026-03-09T10:00', status: 'keyed', keyedAt: '2026-03-09T10:10' }), trail(['review:auto-approved', '2026-03-09T10:00'])),
    history(order({ externalRef: 'K2', createdAt: '2026-03-09T10:00', status: 'keyed', keyedAt: '2026-03-09T11:00' }), trail(['review:auto-approved', '2026-03-09T10:00'])),
    // Approved by its approver at 12:00 (3 working hours: on time), not keyed since.
    history(order({ externalRef: 'K3', createdAt: '2026-03-09T09:00', status: 'approved' }), [], chain('K3', [{ requestedAt: '2026-03-09T09:00', outcome: 'approved', decidedAt: '2026-03-09T12:00' }])),
    // Approved 15 minutes before the report: not due yet.
    history(order({ externalRef: 'K4', createdAt: '2026-03-10T07:45', status: 'approved' }), trail(['review:auto-approved', '2026-03-10T07:45'])),
    // Keying gave up on Sunday; keying runs round the clock, so minutes are clock minutes.
    history(order({ externalRef: 'K5', createdAt: '2026-03-08T10:00', status: 'failed' }), trail(['review:auto-approved', '2026-03-08T10:00'], ['keying:failed', '2026-03-08T10:20'])),
    // Keyed late last week: yesterday's news.
    history(order({ externalRef: 'K6', createdAt: '2026-03-06T10:00', status: 'keyed', keyedAt: '2026-03-06T12:00' }), trail(['review:auto-approved', '2026-03-06T10:00'])),
    // Keyed by hand and closed on the dashboard.
    history(order({ externalRef: 'K7', createdAt: '2026-03-09T10:00', status: 'resolved' }), trail(['review:auto-approved', '2026-03-09T10:00'], ['dashboard:resolved', '2026-03-09T12:00'])),
  ]);

  it('lists each breach, most overdue first', () => {
    expect(result.slaBreaches.map((b) => [b.externalRef, b.sla, b.state])).toEqual([
      ['A5', 'approval', 'expired'],
      ['K5', 'keying', 'open'],
      ['A2', 'approval', 'late'],
      ['K2', 'keying', 'late'],
      ['A3', 'approval', 'open'],
      ['K3', 'keying', 'open'],
    ]);
  });

  it('says when each clock started, when it was due and when it was done', () => {
    const byRef = new Map(result.slaBreaches.map((b) => [b.externalRef, b]));
    expect(byRef.get('A2')).toMatchObject({ level: { number: 1, role: 'sales-manager' }, startedAt: iso('2026-03-06T09:00'), dueAt: iso('2026-03-09T09:30'), doneAt: iso('2026-03-09T10:00'), status: 'rejected' });
    expect(byRef.get('A3')).toMatchObject({ dueAt: iso('2026-03-09T11:30'), status: 'awaiting_approval' });
    expect(byRef.get('A3')?.doneAt).toBeUndefined();
    expect(byRef.get('A5')).toMatchObject({ dueAt: iso('2026-03-03T10:30') });
    expect(byRef.get('K2')).toMatchObject({ startedAt: iso('2026-03-09T10:00'), dueAt: iso('2026-03-09T10:30'), doneAt: iso('2026-03-09T11:00') });
    expect(byRef.get('K3')).toMatchObject({ startedAt: iso('2026-03-09T12:00'), dueAt: iso('2026-03-09T12:30'), status: 'approved' });
    expect(byRef.get('K5')).toMatchObject({ dueAt: iso('2026-03-08T10:30'), status: 'failed' });
  });
});

describe('orders needing attention now', () => {
  it('lists failed and refused orders with their reason, longest waiting first', () => {
    const result = figures([
      history(order({ id: 'o-new', externalRef: 'NEW', createdAt: '2026-03-09T10:00', updatedAt: '2026-03-09T10:05', status: 'needs_attention', statusNote: 'customer C100001 is frozen' })),
      history(order({ id: 'o-old', externalRef: 'OLD', createdAt: '2026-02-27T10:00', updatedAt: '2026-02-27T10:30', status: 'failed', statusNote: 'CRM did not answer' })),
      history(order({ createdAt: '2026-02-27T10:00', status: 'resolved', statusNote: 'keyed by hand' })),
      history(order({ createdAt: '2026-03-09T10:00', status: 'keying' })),
    ]);
    expect(result.needingAttention).toEqual([
      { orderId: 'o-old', externalRef: 'OLD', status: 'failed', since: iso('2026-02-27T10:30'), note: 'CRM did not answer' },
      { orderId: 'o-new', externalRef: 'NEW', status: 'needs_attention', since: iso('2026-03-09T10:05'), note: 'customer C100001 is frozen' },
    ]);
  });
});
