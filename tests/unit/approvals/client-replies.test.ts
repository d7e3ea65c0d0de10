import { readFileSync, readdirSync } from 'node:fs';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { incomingReply, readDecision, type IncomingReply } from '../../../bots/approvals/index.ts';

const FIXTURES = new URL('./client-replies/', import.meta.url);

/**
 * Replies as real clients write them (headers, charset, transfer encoding, quote style), each with its
 * verdict written down before the reader was run on it: `approve: <comment>`, `reject: <comment>`,
 * `unreadable`, `automatic` (an auto-responder, ignored) or `on-behalf` (Sender is not From).
 */
const EXPECTED: Record<string, string> = {
  'outlook-desktop-en.eml': 'approve: checked with the client',
  'outlook-desktop-zh-gb2312.eml': 'approve: 金额已核实',
  'outlook-web-html-only.eml': 'reject: 客户风险承受能力不足',
  'outlook-mac-zh.eml': 'reject: 金额过大',
  'outlook-tw-big5.eml': 'approve: ',
  'outlook-empty-own-text.eml': 'unreadable',
  'outlook-send-on-behalf.eml': 'on-behalf',
  'gmail-en.eml': 'approve: thanks',
  'gmail-zh-consent-form.eml': 'unreadable',
  'gmail-zh-ok-question.eml': 'unreadable',
  'gmail-empty-own-text.eml': 'unreadable',
  'gmail-android-en.eml': 'reject: Customer not suitable',
  'iphone-en.eml': 'approve: ',
  'iphone-zh.eml': 'approve: ',
  'foxmail-gb18030.eml': 'approve: ',
  'foxmail-zh-reject.eml': 'reject: 缺少风险评估',
  'thunderbird-en-flowed.eml': 'reject: duplicate of SO-2026-0001',
  'thunderbird-zh.eml': 'approve: 已电话确认',
  'wecom-mail.eml': 'approve: 请尽快办理',
  'dingtalk-mail.eml': 'approve: 客户资料齐全',
  'exchange-oof-en.eml': 'automatic',
  'exchange-oof-zh.eml': 'automatic',
  'exchange-mailbox-rule.eml': 'automatic',
  'exchange-inbox-rules-loop.eml': 'automatic',
  'gmail-vacation.eml': 'automatic',
  'cpanel-autorespond.eml': 'automatic',
  'x-autoreply-only.eml': 'automatic',
  'precedence-junk.eml': 'automatic',
  'qq-mail-auto-reply.eml': 'automatic',
  'out-of-office-subject.eml': 'automatic',
  'mailing-list.eml': 'automatic',
};

function verdictOf(reply: IncomingReply): string {
  if (reply.automatic) return 'automatic';
  if (reply.sender.some((address) => !reply.from.includes(address))) return 'on-behalf';
  const decision = readDecision(reply.text);
  return decision.kind === 'unreadable' ? 'unreadable' : `${decision.kind}: ${decision.comment}`;
}

async function read(name: string): Promise<IncomingReply> {
  return incomingReply(`reply-${name}`, await simpleParser(readFileSync(new URL(name, FIXTURES))));
}

describe('replies as real mail clients write them', () => {
  it('has a written verdict for every fixture, and a fixture for every verdict', () => {
    expect(readdirSync(FIXTURES).filter((f) => f.endsWith('.eml')).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('%s → %s', async (name, expected) => {
    expect(verdictOf(await read(name))).toBe(expected);
  });

  it('reads the addresses, token and threading the bot needs from a real reply', async () => {
    const reply = await read('outlook-desktop-zh-gb2312.eml');
    expect(reply).toMatchObject({
      from: ['sales.manager@acme-finance.example'],
      sender: [],
      recipients: ['orders+apv-0123456789abcdef0123456789abcdef@acme-finance.example'],
      references: ['<approval-request-o-1a2b3c-L1-sales.manager@orderdesk.acme-finance.example>'],
      subject: 'Re: 审批 Approval 1/1 [SO-2026-0001] 王伟 60,000.00 CNY',
    });
  });

  it('names the marker that made a reply automatic, for the audit trail', async () => {
    expect((await read('exchange-mailbox-rule.eml')).automatic).toBe('x-ms-exchange-generated-message-source: Mailbox Rules Agent'.replace(/^x-ms-exchange-generated-message-source/, 'X-MS-Exchange-Generated-Message-Source'));
    expect((await read('qq-mail-auto-reply.eml')).automatic).toMatch(/^Subject: 自动回复：/);
    expect((await read('outlook-send-on-behalf.eml')).sender).toEqual(['assistant@acme-finance.example']);
  });
});
