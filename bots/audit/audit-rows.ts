import { createHash } from 'node:crypto';
import { utcOffsetMs } from '../../core/calendar/index.ts';
import { canonicalJson, unhashedEvent } from '../../core/ledger/audit-chain.ts';
import type { AuditEvent } from '../../core/ledger/order-ledger.ts';
import { neutraliseFormula } from '../../core/sheets/neutralise-formula.ts';

/** The export's columns, in Chinese and English: one row per audit event. */
export const AUDIT_COLUMNS = [
  '时间 Time',
  '操作人 Actor',
  '动作 Action',
  '订单编号 Order ref',
  '审批级 Level',
  '决定 Decision',
  '意见 Comment',
  'DMARC',
  '令牌 Token id',
  '邮件 Message-ID',
  '链 Chain',
  '序号 Seq',
  '前一哈希 Previous hash',
  '链哈希 Chain hash',
  '行链 Row link',
  '事件 Event (canonical JSON)',
] as const;

export const AUDIT_EXPORT_TITLE = 'OrderDesk 审计导出 audit export';
/** The first row's `row link`'s predecessor; each row links the one before it, so a removed or moved row shows. */
export const FIRST_ROW_LINK = '0'.repeat(64);

/** What an export holds: a title row (time zone, window, row count, digest), the header, the rows; every cell text. */
export interface AuditTable {
  title: string[];
  header: string[];
  rows: string[][];
}

function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** "2026-03-02 14:05:09": the firm's wall clock to the second. */
export function localTime(iso: string, timeZone: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return new Date(at.getTime() + utcOffsetMs(at, timeZone)).toISOString().slice(0, 19).replace('T', ' ');
}

export function rowLink(previous: string, chainHash: string): string {
  return createHash('sha256').update(`${previous}\n${chainHash}`).digest('hex');
}

/**
 * The readable columns of one event, every one derived from the event itself (so `audit verify`
 * can tell an edited cell from the hash-covered event beside it), neutralised against formulas.
 */
export function eventCells(event: AuditEvent, timeZone: string): string[] {
  const detail = event.detail ?? {};
  const refusal = detail.refusal === undefined ? '' : `refused: ${text(detail.refusal)}`;
  const cells = [
    localTime(event.at, timeZone),
    event.actor,
    event.action,
    event.orderRef ?? text(detail.externalRef),
    text(detail.level),
    text(detail.decision) || refusal,
    text(detail.comment ?? event.reason),
    /dmarc=([a-z]+)/i.exec(text(detail.authenticationResults))?.[1]?.toLowerCase() ?? '',
    text(detail.tokenRef),
    text(detail.messageId),
    event.chain?.id ?? '',
    event.chain ? String(event.chain.seq) : '',
    event.chain?.prev ?? '',
    event.chain?.hash ?? '',
  ];
  return cells.map((cell) => String(neutraliseFormula(cell)));
}

export function titleRow(timeZone: string, window: string, rows: number, digest: string): string[] {
  return [AUDIT_EXPORT_TITLE, `time zone ${timeZone}`, window, `rows ${rows}`, `digest ${digest}`].map((c) => String(neutraliseFormula(c)));
}

/** The export of `events` (already in export order): what `audit verify` checks. */
export function auditTable(events: readonly AuditEvent[], timeZone: string, window: string): AuditTable {
  let link = FIRST_ROW_LINK;
  const rows = events.map((event) => {
    link = rowLink(link, event.chain?.hash ?? '');
    return [...eventCells(event, timeZone), link, String(neutraliseFormula(canonicalJson(unhashedEvent(event))))];
  });
  return { title: titleRow(timeZone, window, rows.length, link), header: [...AUDIT_COLUMNS], rows };
}
