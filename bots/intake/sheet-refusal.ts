import { OrderDeskError } from '../../core/errors/orderdesk-error.ts';
import type { CanonicalField } from './canonical-order.ts';

export type SheetRefusalCode =
  | 'file_too_large'
  | 'unsupported_type'
  | 'encrypted_workbook'
  | 'macro_workbook'
  | 'zip_bomb'
  | 'corrupt_file'
  | 'undecodable_text'
  | 'empty_file'
  | 'no_header_row'
  | 'missing_columns'
  | 'too_many_rows'
  | 'sheet_not_found';

/** The sentence each refusal starts with; a detail, when given, follows it in each language. */
const BASE_MESSAGES: Readonly<Record<SheetRefusalCode, { zh: string; en: string }>> = {
  file_too_large: { zh: '文件超过大小上限', en: 'The file exceeds the size limit' },
  unsupported_type: {
    zh: '不支持的文件类型，请发送 xlsx 或 csv 文件',
    en: 'Unsupported file type; please send an xlsx or csv file',
  },
  encrypted_workbook: { zh: '文件已加密，无法读取', en: 'The workbook is password-protected and cannot be read' },
  macro_workbook: {
    zh: '文件含宏，出于安全原因不予读取，请另存为不含宏的 xlsx',
    en: 'The workbook contains macros and is refused for safety; save it as a macro-free .xlsx',
  },
  zip_bomb: {
    zh: '文件解压后过大或压缩比异常，拒绝读取',
    en: 'The file expands to an unsafe size or compression ratio and was refused',
  },
  corrupt_file: { zh: '文件已损坏，无法读取', en: 'The file is corrupt and cannot be read' },
  undecodable_text: {
    zh: '无法识别 CSV 文件的文字编码，请使用 UTF-8 或 GB18030',
    en: 'The CSV text encoding could not be recognised; use UTF-8 or GB18030',
  },
  empty_file: { zh: '文件中没有任何数据', en: 'The file contains no data' },
  no_header_row: {
    zh: '前 20 行中找不到表头（至少需要包括订单编号和金额在内的 4 个可识别的列）',
    en: 'No header row found in the first 20 rows (need at least 4 known columns including Order Ref and Amount)',
  },
  missing_columns: { zh: '缺少必需的列', en: 'Required columns are missing' },
  too_many_rows: { zh: '数据行数超过上限', en: 'The sheet has more data rows than allowed' },
  sheet_not_found: { zh: '找不到指定的工作表', en: 'The requested worksheet was not found' },
};

export interface SheetRefusalOptions {
  /** Specifics appended to the base sentence, e.g. the limit or the missing column names. */
  detail?: { zh: string; en: string };
  cause?: unknown;
  /** For 'missing_columns': the canonical fields whose column was not found. */
  missingColumns?: readonly CanonicalField[];
}

/**
 * A whole-file refusal: the sheet cannot be read at all, so no row is accepted. A business error
 * (never retried); its message is one line, Chinese then English, fit for a receipt.
 */
export class SheetRefusal extends OrderDeskError {
  declare readonly code: SheetRefusalCode;
  readonly missingColumns: readonly CanonicalField[];

  constructor(code: SheetRefusalCode, options: SheetRefusalOptions = {}) {
    const base = BASE_MESSAGES[code];
    const zh = options.detail ? `${base.zh}：${options.detail.zh}` : base.zh;
    const en = options.detail ? `${base.en}: ${options.detail.en}` : base.en;
    super(code, oneLine(`${zh} / ${en}`), { business: true, cause: options.cause });
    this.name = 'SheetRefusal';
    this.missingColumns = options.missingColumns ?? [];
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}
