import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditTable, readAuditFile, verifyAuditTable, writeAuditFile, type AuditTable } from '../../../bots/audit/index.ts';
import { canonicalJson, chainHash, GENESIS_HASH, linkEvent } from '../../../core/ledger/audit-chain.ts';
import { exportOrder } from '../../../core/ledger/audit-reader.ts';
import type { AuditEvent } from '../../../core/ledger/order-ledger.ts';

const TZ = 'Asia/Shanghai';

/** Two orders' chains and the firm's, interleaved in time as a day's trail is. */
function trail(): AuditEvent[] {
  const heads = new Map<string, { seq: number; hash: string }>();
  const add = (at: string, event: Omit<AuditEvent, 'at'>): AuditEvent => {
    const id = event.orderId ?? 'firm';
    const linked = linkEvent({ ...event, at }, id, heads.get(id));
    heads.set(id, { seq: linked.chain.seq, hash: linked.chain.hash });
    return linked;
  };
  return [
    add('2026-03-02T01:00:00.000Z', { actor: 'intake-bot', action: 'received', orderId: 'o-1', orderRef: 'SO-1', detail: { externalRef: 'SO-1' } }),
    add('2026-03-02T01:00:01.000Z', { actor: 'intake-bot', action: 'received', orderId: 'o-2', orderRef: 'SO-2', detail: { externalRef: 'SO-2' } }),
    add('2026-03-02T01:05:00.000Z', { actor: 'approvals-bot', action: 'approval-requested', orderId: 'o-1', orderRef: 'SO-1', detail: { level: 1, sentTo: 'm@x' } }),
    add('2026-03-02T02:00:00.000Z', { actor: 'mallory@x', action: 'approval-reply-refused', security: true, reason: 'dmarc', detail: { refusal: 'sender-not-authenticated', authenticationResults: 'mx; dmarc=fail header.from=x', messageId: '<f@x>' } }),
    add('2026-03-02T02:10:00.000Z', { actor: 'm@x', action: 'approval:decision', orderId: 'o-1', orderRef: 'SO-1', reason: '=HYPERLINK("http://evil")', detail: { level: 1, decision: 'approve', comment: '=HYPERLINK("http://evil")', messageId: '<r@x>', tokenRef: 'abc123', authenticationResults: 'mx; dmarc=pass header.from=x' } }),
    add('2026-03-02T02:10:00.000Z', { actor: 'approvals-bot', action: 'approval:approved', orderId: 'o-1', orderRef: 'SO-1' }),
  ];
}

function table(): AuditTable {
  return auditTable(trail(), TZ, 'from 2026-03-02 to 2026-03-02');
}

function all(t: AuditTable): string[][] {
  return [t.title, t.header, ...t.rows];
}

describe('the hash chain', () => {
  it('writes the same canonical JSON whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: undefined }], c: 'x' } })).toBe('{"a":{"c":"x","d":[1,{"f":2}]},"b":1}');
  });

  it('links each event to the one before it in its own chain', () => {
    const [first, , second] = trail();
    expect(first?.chain).toMatchObject({ id: 'o-1', seq: 1, prev: GENESIS_HASH });
    expect(second?.chain).toMatchObject({ id: 'o-1', seq: 2, prev: first?.chain?.hash });
    expect(chainHash(second as AuditEvent)).toBe(second?.chain?.hash);
    expect(chainHash({ ...(second as AuditEvent), actor: 'someone else' })).not.toBe(second?.chain?.hash);
  });

  it('orders an export by time but keeps each chain in sequence when its clock ran backwards', () => {
    const [a, b, c] = trail();
    const skewed = { ...(c as AuditEvent), at: '2026-03-02T00:59:00.000Z' }; // o-1's seq 2, stamped before its seq 1
    expect(exportOrder([b as AuditEvent, skewed, a as AuditEvent]).map((e) => `${e.chain?.id}#${e.chain?.seq}`)).toEqual(['o-1#1', 'o-1#2', 'o-2#1']);
  });
});

describe('audit export and verify', () => {
  it('shows every column in the firm\'s time zone and neutralises formulas', () => {
    const decision = table().rows[4] as string[];
    expect(decision.slice(0, 10)).toEqual(['2026-03-02 10:10:00', 'm@x', 'approval:decision', 'SO-1', '1', 'approve', '\'=HYPERLINK("http://evil")', 'pass', 'abc123', '<r@x>']);
    expect((table().rows[3] as string[]).slice(5, 8)).toEqual(['refused: sender-not-authenticated', 'dmarc', 'fail']);
  });

  it('holds when nothing was changed', () => {
    expect(verifyAuditTable(all(table()))).toEqual({ ok: true, rows: 6, chains: 3 });
  });

  it.each<[string, (rows: string[][]) => void, number, RegExp]>([
    ['one readable cell edited (the actor)', (rows) => ((rows[6] as string[])[1] = 'someone@x'), 7, /cell "操作人 Actor" was changed/],
    ['the decision changed to a rejection', (rows) => ((rows[6] as string[])[5] = 'reject'), 7, /cell "决定 Decision" was changed/],
    ['the event itself edited', (rows) => ((rows[6] as string[])[15] = (rows[6] as string[])[15]!.replace('"approve"', '"reject"')), 7, /does not hash/],
    ['a row removed in the middle', (rows) => rows.splice(4, 1), 5, /chain o-1 breaks here|row link/],
    ['two rows of different chains swapped', (rows) => ([rows[3], rows[4]] = [rows[4] as string[], rows[3] as string[]]), 4, /row link/],
    ['the last row removed', (rows) => rows.pop(), 8, /the export had 6 rows, the file has 5/],
    ['the time zone changed', (rows) => ((rows[0] as string[])[1] = 'time zone UTC'), 3, /cell "时间 Time" was changed/],
  ])('fails, naming the first broken row, when %s', (_what, edit, row, problem) => {
    const rows = all(table()).map((r) => [...r]);
    edit(rows);
    const verdict = verifyAuditTable(rows);
    expect(verdict).toMatchObject({ ok: false, row });
    expect(verdict.ok === false && verdict.problem).toMatch(problem);
  });

  it.each(['xlsx', 'csv'] as const)('round-trips through a %s file', async (format) => {
    const path = join(mkdtempSync(join(tmpdir(), 'audit-test-')), `export.${format}`);
    await writeAuditFile(path, table(), format);
    const rows = await readAuditFile(path);
    expect(rows[6]?.[6]).toBe('\'=HYPERLINK("http://evil")');
    expect(verifyAuditTable(rows)).toEqual({ ok: true, rows: 6, chains: 3 });
  });
});
