import { chainHash, GENESIS_HASH, type ChainLink } from '../../core/ledger/audit-chain.ts';
import type { AuditEvent } from '../../core/ledger/order-ledger.ts';
import { AUDIT_COLUMNS, AUDIT_EXPORT_TITLE, eventCells, FIRST_ROW_LINK, rowLink } from './audit-rows.ts';

export type AuditVerdict = { ok: true; rows: number; chains: number } | { ok: false; row: number; problem: string };

/** Spreadsheet row numbers: the title is row 1, the header row 2, the first event row 3. */
const FIRST_EVENT_ROW = 3;
const EVENT_COLUMN = AUDIT_COLUMNS.length - 1;
const LINK_COLUMN = AUDIT_COLUMNS.length - 2;

function titleValue(title: readonly string[], label: string): string | undefined {
  return title.find((cell) => cell.startsWith(`${label} `))?.slice(label.length + 1);
}

function parseEvent(cell: string): AuditEvent | undefined {
  try {
    const event = JSON.parse(cell) as AuditEvent;
    return typeof event === 'object' && event !== null && typeof event.at === 'string' ? event : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Recomputes an export: each row's event must hash to its chain hash, each readable cell must be what
 * the event says, each chain must run on (seq + 1, prev = the hash before it) and each row must link
 * the one before it. The first row that fails is named; a removed last row shows in the count.
 */
export function verifyAuditTable(table: readonly (readonly string[])[]): AuditVerdict {
  const [title = [], header = [], ...rows] = table;
  if (title[0] !== AUDIT_EXPORT_TITLE) return { ok: false, row: 1, problem: 'not an OrderDesk audit export (title row changed)' };
  if (header.join('\t') !== AUDIT_COLUMNS.join('\t')) return { ok: false, row: 2, problem: 'the header row was changed' };
  const timeZone = titleValue(title, 'time zone');
  if (!timeZone) return { ok: false, row: 1, problem: 'the title row lost its time zone' };
  const lastOfChain = new Map<string, ChainLink>();
  let link = FIRST_ROW_LINK;
  for (const [index, cells] of rows.entries()) {
    const row = index + FIRST_EVENT_ROW;
    const fail = (problem: string): AuditVerdict => ({ ok: false, row, problem });
    const event = parseEvent(cells[EVENT_COLUMN] ?? '');
    if (!event?.chain) return fail('its event cell is not an audit event');
    const claimed = cells[AUDIT_COLUMNS.indexOf('链哈希 Chain hash')] ?? '';
    const hash = chainHash(event);
    if (hash !== claimed) return fail(`its event does not hash to its chain hash (the event or the hash was changed)`);
    const expected = eventCells({ ...event, chain: { ...event.chain, hash } }, timeZone);
    const changed = expected.findIndex((cell, column) => cell !== (cells[column] ?? ''));
    if (changed !== -1) return fail(`cell "${AUDIT_COLUMNS[changed]}" was changed: it says "${cells[changed] ?? ''}", the event says "${expected[changed] ?? ''}"`);
    const before = lastOfChain.get(event.chain.id);
    if (before && (event.chain.seq !== before.seq + 1 || event.chain.prev !== before.hash)) return fail(`chain ${event.chain.id} breaks here: seq ${event.chain.seq} follows seq ${before.seq} (a row removed or moved)`);
    if (!before && event.chain.seq === 1 && event.chain.prev !== GENESIS_HASH) return fail(`chain ${event.chain.id} starts with a previous hash`);
    lastOfChain.set(event.chain.id, { ...event.chain, hash });
    link = rowLink(link, hash);
    if (cells[LINK_COLUMN] !== link) return fail('its row link does not follow the row before it (a row removed, added or moved)');
  }
  if (titleValue(title, 'rows') !== String(rows.length)) return { ok: false, row: rows.length + FIRST_EVENT_ROW, problem: `the export had ${titleValue(title, 'rows') ?? '?'} rows, the file has ${rows.length} (rows removed or added at the end)` };
  if (titleValue(title, 'digest') !== link) return { ok: false, row: 1, problem: 'the title row\'s digest does not match the rows' };
  return { ok: true, rows: rows.length, chains: lastOfChain.size };
}
