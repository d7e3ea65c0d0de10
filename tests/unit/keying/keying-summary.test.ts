import { describe, expect, it } from 'vitest';
import { buildKeyingPausedMail } from '../../../bots/keying/keying-paused-mail.ts';
import { buildKeyingSummary, isFinal, keyingSummaryId, submitterAddress } from '../../../bots/keying/keying-summary.ts';

const reference = '<sheet-123@acme-finance.example>';

describe('keying summary mail', () => {
  const mail = buildKeyingSummary({
    reference,
    from: 'orders@acme-finance.example',
    to: 'rep@acme-finance.example',
    lines: [
      { externalRef: 'PO-2', row: 3, status: 'needs_attention', statusNote: 'Customer is blocked' },
      { externalRef: 'PO-1', row: 2, status: 'keyed', crmOrderNo: 'SO-2026-000001' },
      { externalRef: 'PO-3', row: 4, status: 'failed', statusNote: 'gave up after 6 troubled rounds' },
    ],
  });

  it('has one id per submission, whoever builds it', () => {
    expect(mail.id).toBe(keyingSummaryId(reference));
    expect(keyingSummaryId(reference)).toBe(keyingSummaryId(reference));
    expect(keyingSummaryId('<other@x>')).not.toBe(mail.id);
    expect(mail.id).toMatch(/^keying-summary-[0-9a-f]{24}$/);
  });

  it('is threaded under the submission', () => {
    expect(mail.inReplyTo).toBe(reference);
    expect(mail.references).toEqual([reference]);
  });

  it('lists every order in sheet order with its CRM number or reason, in Chinese and English', () => {
    expect(mail.subject).toContain('1 keyed, 2 need attention');
    expect(mail.subject).toContain('录入结果');
    const lines = mail.text.split('\n').filter((l) => l.includes('Row'));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('PO-1');
    expect(lines[0]).toContain('SO-2026-000001');
    expect(lines[1]).toContain('Customer is blocked');
    expect(lines[1]).toContain('需人工处理 Needs attention');
    expect(lines[2]).toContain('录入失败 Failed');
    expect(mail.html).toContain('<td>SO-2026-000001</td>');
  });

  it('escapes what came from the sheet in the HTML part', () => {
    const html = buildKeyingSummary({ reference, from: 'a@b.example', to: 'c@d.example', lines: [{ externalRef: '<b>x</b>', row: 2, status: 'keyed', crmOrderNo: 'SO-1' }] }).html ?? '';
    expect(html).not.toContain('<b>x</b>');
  });

  it('is not threaded when the submission has no Message-ID (a dropped file)', () => {
    const dropped = buildKeyingSummary({ reference: '/srv/drop/sheet.xlsx', from: 'a@b.example', to: 'c@d.example', lines: [] });
    expect(dropped.inReplyTo).toBeUndefined();
  });
});

describe('who and when', () => {
  it.each([
    ['rep@acme-finance.example', 'rep@acme-finance.example'],
    [' rep@acme-finance.example ', 'rep@acme-finance.example'],
    ['drop-folder', undefined],
    ['', undefined],
    [undefined, undefined],
    ['a@b', undefined],
  ])('submitter %s -> %s', (submitter, expected) => {
    expect(submitterAddress(submitter)).toBe(expected);
  });

  it.each([
    ['keyed', true], ['needs_attention', true], ['failed', true], ['rejected', true], ['resolved', true],
    ['keying', false], ['approved', false], ['received', false], ['awaiting_approval', false],
  ] as const)('%s is final: %s', (status, final) => {
    expect(isFinal(status)).toBe(final);
  });
});

describe('ops mail when keying pauses', () => {
  it('has one id per pause episode and says it resumes by itself', () => {
    const mail = buildKeyingPausedMail({ episode: 3, from: 'orders@x.example', to: 'ops@x.example', streak: 5, lastError: 'Server Error', crmUrl: 'http://crm', probeIntervalSeconds: 30 });
    expect(mail.id).toBe('keying-paused-3');
    expect(mail.to).toEqual(['ops@x.example']);
    expect(mail.text).toContain('5 system failures in a row');
    expect(mail.text).toContain('resumes by itself');
  });
});
