import { basename } from 'node:path';
import type { AuditEvent, OrderLedger } from '../../core/ledger/order-ledger.ts';
import { writeAuditFile, type AuditFileFormat } from './audit-file.ts';
import { auditTable } from './audit-rows.ts';

/** Audit actions of exports and anchors: compliance reads the trail by these names. */
export const AUDIT_TRAIL_ACTIONS = {
  exported: 'audit:exported',
  anchorMailed: 'audit:anchor-mailed',
} as const;

export interface AuditExportRequest {
  events: readonly AuditEvent[];
  timeZone: string;
  /** Says what was exported, in the file's title row and the trail: "from 2026-03-01 to 2026-03-02", "order SO-1". */
  window: string;
  path: string;
  format: AuditFileFormat;
  /** Who exported it (a CLI user, a dashboard user). */
  actor: string;
  /** An order's own export is audited on that order's chain; a date range's on the firm's. */
  orderId?: string;
}

/** Writes the export file, then records that it was made (after the rows it holds, so it is not among them). */
export async function writeAuditExport(ledger: OrderLedger, request: AuditExportRequest): Promise<{ rows: number; digest: string }> {
  const table = auditTable(request.events, request.timeZone, request.window);
  await writeAuditFile(request.path, table, request.format);
  const digest = table.title.find((cell) => cell.startsWith('digest '))?.slice('digest '.length) ?? '';
  await ledger.audit({
    actor: request.actor,
    action: AUDIT_TRAIL_ACTIONS.exported,
    ...(request.orderId ? { orderId: request.orderId } : {}),
    detail: { window: request.window, rows: table.rows.length, digest, file: basename(request.path), format: request.format },
  });
  return { rows: table.rows.length, digest };
}
