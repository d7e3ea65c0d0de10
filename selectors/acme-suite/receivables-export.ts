import { ErrorCode } from '../../core/errors/error-codes.ts';
import ExcelJS from 'exceljs';
import { OrderDeskError } from '../../core/errors/orderdesk-error.ts';
import type { Receivable } from '../contract/receivable.ts';

/** The ERP export's columns, by the header text the ERP writes. */
const COLUMNS = {
  invoiceNo: 'Invoice No',
  customerId: 'Customer ID',
  customerName: 'Customer Name',
  invoiceDate: 'Invoice Date',
  dueDate: 'Due Date',
  currency: 'Currency',
  amount: 'Amount',
  paid: 'Paid',
  outstanding: 'Outstanding',
  daysOverdue: 'Days Overdue',
  status: 'Status',
  disputed: 'Disputed',
  promisedToPay: 'Promised To Pay',
} as const;

function plain(value: ExcelJS.CellValue): unknown {
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    if ('result' in value) return value.result;
    if ('richText' in value) return value.richText.map((t) => t.text).join('');
    if ('text' in value) return value.text;
  }
  return value;
}

function asDate(value: unknown): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  const text = String(value ?? '').trim();
  return /^\d{4}-\d{2}-\d{2}/.test(text) ? text.slice(0, 10) : '';
}

/** Money cells arrive as numbers with at most two decimals; toFixed(2) renders them exactly. */
function asMoney(value: unknown): string {
  if (typeof value === 'number') return value.toFixed(2);
  const text = String(value ?? '').replace(/,/g, '').trim();
  if (!/^-?\d+(\.\d{1,2})?$/.test(text)) return '0.00';
  const [units = '0', fraction = ''] = text.split('.');
  return `${units}.${fraction.padEnd(2, '0')}`;
}

/**
 * Reads the ERP's "Export to Excel" workbook. A workbook without the expected header is a changed export
 * format: refused loudly rather than read wrongly.
 */
export async function readReceivablesExport(content: Buffer): Promise<Receivable[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(content as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new OrderDeskError(ErrorCode.receivablesExportChanged, 'the receivables export has no worksheet');
  const header = (sheet.getRow(1).values as ExcelJS.CellValue[]).map((v) => String(plain(v) ?? '').trim());
  const index = Object.fromEntries(
    Object.entries(COLUMNS).map(([field, title]) => {
      const at = header.indexOf(title);
      if (at < 0) throw new OrderDeskError(ErrorCode.receivablesExportChanged, `the receivables export has no "${title}" column`);
      return [field, at];
    }),
  ) as Record<keyof typeof COLUMNS, number>;
  const invoices: Receivable[] = [];
  sheet.eachRow((row, rowNumber) => {
    if (rowNumber === 1) return;
    const cell = (field: keyof typeof COLUMNS): unknown => plain((row.values as ExcelJS.CellValue[])[index[field]] ?? null);
    const invoiceNo = String(cell('invoiceNo') ?? '').trim();
    if (!invoiceNo) return;
    invoices.push({
      invoiceNo,
      customerId: String(cell('customerId') ?? '').trim(),
      customerName: String(cell('customerName') ?? '').trim(),
      invoiceDate: asDate(cell('invoiceDate')),
      dueDate: asDate(cell('dueDate')),
      currency: String(cell('currency') ?? '').trim(),
      amount: asMoney(cell('amount')),
      paid: asMoney(cell('paid')),
      outstanding: asMoney(cell('outstanding')),
      daysOverdue: Number(cell('daysOverdue') ?? 0) || 0,
      status: String(cell('status') ?? '').trim().toLowerCase(),
      disputed: String(cell('disputed') ?? '').trim().toLowerCase() === 'yes',
      promisedToPay: asDate(cell('promisedToPay')),
    });
  });
  return invoices;
}
