import type { OrderLedger, OrderSource } from '../../core/ledger/order-ledger.ts';
import { OrderDeskError } from '../../core/errors/orderdesk-error.ts';
import { intakeSheet, type IntakeRowResult } from './intake-sheet.ts';
import type { ReadOrderSheetOptions } from './read-order-sheet.ts';
import type { ResultSheet } from './result-workbook.ts';
import { isSheetLike } from './triage.ts';

export interface SubmittedFile {
  fileName: string;
  content?: Buffer;
  path?: string;
  contentType?: string;
  /** Inline images (signatures, logos) are not submissions and are ignored. */
  inline?: boolean;
}

export interface SubmissionResult {
  sheets: ResultSheet[];
  acceptedOrderIds: string[];
  accepted: number;
  rejected: number;
  /** True when nothing in the submission could be read as a sheet. */
  wholeSubmissionRefused: boolean;
}

const UNSUPPORTED_ATTACHMENT = {
  code: 'unsupported_type',
  message: '不支持的附件类型，请发送 xlsx 或 csv / Unsupported attachment type; please send xlsx or csv',
};

/**
 * Runs every file of one submission (a mail's attachments, or one dropped file) through the sheet reader,
 * validation and the ledger. Whole-file problems (unsafe, unreadable, wrong type) become a refusal line
 * for that file, never an exception; only system faults (Redis down) are thrown, to be retried.
 */
export async function handleSubmission(
  files: SubmittedFile[],
  context: {
    ledger?: OrderLedger;
    source: Omit<OrderSource, 'row' | 'attachment'>;
    actor: string;
    readOptions?: ReadOrderSheetOptions;
    dryRun?: boolean;
  },
): Promise<SubmissionResult> {
  const sheets: ResultSheet[] = [];
  for (const file of files) {
    const sheetLike = isSheetLike({ filename: file.fileName, contentType: file.contentType ?? '' });
    if (!sheetLike && (file.inline || /^image\//.test(file.contentType ?? ''))) continue;
    if (!sheetLike) {
      sheets.push({ fileName: file.fileName, refusal: UNSUPPORTED_ATTACHMENT, rows: [] });
      continue;
    }
    const input = file.content ? { content: file.content, fileName: file.fileName } : { path: file.path as string, fileName: file.fileName };
    const rows: IntakeRowResult[] = [];
    try {
      for await (const row of intakeSheet(input, { ...context, readOptions: context.readOptions })) rows.push(row);
      sheets.push({ fileName: file.fileName, rows });
    } catch (error) {
      if (error instanceof OrderDeskError && error.business) {
        // Rows already recorded before a mid-file refusal (too many rows) stay: they are valid orders.
        sheets.push({ fileName: file.fileName, refusal: { code: error.code, message: error.message }, rows });
      } else {
        throw error;
      }
    }
  }
  const acceptedOrderIds = sheets.flatMap((s) => s.rows.flatMap((r) => (r.orderId ? [r.orderId] : [])));
  const count = (status: IntakeRowResult['status']): number =>
    sheets.reduce((n, s) => n + s.rows.filter((r) => r.status === status).length, 0);
  return {
    sheets,
    acceptedOrderIds,
    accepted: count('accepted'),
    rejected: count('rejected'),
    wholeSubmissionRefused: sheets.length === 0 || sheets.every((s) => s.refusal !== undefined && s.rows.length === 0),
  };
}
