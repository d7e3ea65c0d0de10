import { inWindow, type ReportWindow } from './report-window.ts';
import type { OrderHistory } from './order-history.ts';

/**
 * Time from each approval level's request to its answer (approved or rejected: the level's deciding
 * reply), for levels answered in the window, ascending. Clock time, like /metrics'
 * orderdesk_approval_turnaround_seconds: it is what the submitter waited. Expired levels were never
 * answered; they show as SLA breaches instead.
 */
export function approvalTurnaroundsMs(histories: readonly OrderHistory[], window: ReportWindow): number[] {
  const turnarounds: number[] = [];
  for (const { approval } of histories) {
    for (const level of approval?.levels ?? []) {
      if ((level.outcome !== 'approved' && level.outcome !== 'rejected') || !level.requestedAt || !inWindow(level.decidedAt, window)) continue;
      turnarounds.push(Date.parse(level.decidedAt as string) - Date.parse(level.requestedAt));
    }
  }
  return turnarounds.sort((a, b) => a - b);
}

/**
 * Nearest-rank percentile of ascending values: always a turnaround that really happened, so the p95
 * of a handful of answers is the slowest of them rather than an interpolated time nobody waited.
 */
export function percentile(ascending: readonly number[], p: number): number | undefined {
  if (ascending.length === 0) return undefined;
  return ascending[Math.max(1, Math.ceil((p / 100) * ascending.length)) - 1];
}
