import { describe, expect, it } from 'vitest';
import { readDecision } from '../../../bots/approvals/index.ts';

const QUOTED_REQUEST = [
  '',
  'On Mon, 2 Mar 2026 at 10:00, OrderDesk <orders@acme-finance.example> wrote:',
  '> 请审批以下订单 / Please decide on this order',
  '> Reply to this mail with APPROVE or REJECT on the first line',
].join('\n');

describe('reading an approver\'s decision', () => {
  it.each<[string, string, 'approve' | 'reject', string]>([
    ['APPROVE alone', 'APPROVE', 'approve', ''],
    ['approved, lower case, with comment', 'approved - amount checked with the client', 'approve', 'amount checked with the client'],
    ['OK with a comma', 'OK, go ahead', 'approve', 'go ahead'],
    ['ok.', 'ok.', 'approve', ''],
    ['同意', '同意', 'approve', ''],
    ['同意 with a full-width colon and comment', '同意：金额已核实', 'approve', '金额已核实'],
    ['批准 with a space', '批准 客户经理已电话确认', 'approve', '客户经理已电话确认'],
    ['REJECT with a reason', 'REJECT customer risk tolerance too low', 'reject', 'customer risk tolerance too low'],
    ['Rejected: reason', 'Rejected: not suitable for this client', 'reject', 'not suitable for this client'],
    ['拒绝 with a reason', '拒绝，客户风险承受能力不足', 'reject', '客户风险承受能力不足'],
    ['不同意 is a rejection, not 同意', '不同意 金额过大', 'reject', '金额过大'],
    ['不批准 is a rejection, not 批准', '不批准', 'reject', ''],
    ['full-width letters', 'ＡＰＰＲＯＶＥ　没问题', 'approve', '没问题'],
    ['bold markers around the word', '*APPROVE* fine by me', 'approve', 'fine by me'],
    ['leading blank lines and spaces', '\n\n   REJECT   duplicate order  ', 'reject', 'duplicate order'],
    ['a short greeting line first', 'Hi team,\nAPPROVE', 'approve', ''],
    ['a Chinese greeting first', '您好：\n\n同意', 'approve', ''],
    ['a reason that mentions approval', 'REJECT: not approved by the branch head', 'reject', 'not approved by the branch head'],
    ['bilingual reject', 'REJECT 不同意', 'reject', '不同意'],
    ['同意 with a full stop', '同意。', 'approve', ''],
    ['同意 with a comment in full-width brackets', '同意（已电话核实）', 'approve', '(已电话核实)'],
    ['OK!', 'OK!', 'approve', ''],
    ['通过', '通过', 'approve', ''],
    ['同意 没问题: 没 opens a word, not a negation', '同意 没问题', 'approve', '没问题'],
    ['ok - 同意', 'ok - 同意', 'approve', '同意'],
    ['an em dash without spaces', 'APPROVE—fine', 'approve', 'fine'],
    ['an enumeration comma', '同意、请尽快办理', 'approve', '请尽快办理'],
    ['驳回 with a reason', '驳回：材料不全', 'reject', '材料不全'],
    ['Declined', 'Declined - customer is C2', 'reject', 'customer is C2'],
    ['不通过 is a rejection, not 通过', '不通过', 'reject', ''],
    ['a rejection whose reason holds a negation', 'REJECT not suitable', 'reject', 'not suitable'],
  ])('%s', (_what, text, kind, comment) => {
    expect(readDecision(`${text}\n${QUOTED_REQUEST}`)).toEqual({ kind, comment });
  });

  it.each<[string, string]>([
    ['an empty reply (only the quote)', ''],
    ['a question', 'Can you send the contract first?'],
    ['a negation in front', 'Not approved yet, waiting for documents'],
    ['"No, ..."', 'No, REJECT'],
    ['a word that starts like a keyword', 'Okay I will look tomorrow'],
    ['APPROVAL, not APPROVE', 'Approval pending'],
    ['the offered choice copied back', 'APPROVE or REJECT'],
    ['the offered choice with a slash', 'APPROVE / REJECT'],
    ['我同意 does not start with the keyword', '我同意'],
    ['the decision only in the quoted text', '> APPROVE'],
    ['a greeting that is a decision sentence', 'Dear all, I reject this\nOK thanks'],
    ['only a signature', '--\nWang Wei\nSales Manager'],
    ['only "sent from my phone"', 'Sent from my iPhone'],
    // The cases: a question, a word that begins with the keyword, a negation.
    ['OK吗: a question that starts with OK', 'OK吗？金额是不是太大了'],
    ['同意书: a word that begins with 同意', '同意书还没收到，先不要处理'],
    ['OK?', 'OK?'],
    ['approve?', 'approve?'],
    ['approve ? with a space', 'Approve ? let me check first'],
    ['可以同意吗 does not start with the keyword', '可以同意吗'],
    ['同意吗', '同意吗'],
    ['同意？ with a full-width question mark', '同意？'],
    ['not approved', 'not approved'],
    ["don't approve", "don't approve"],
    ['I do not approve', 'I do not approve'],
    ['OK not yet: an approval undone by its comment', 'OK not yet'],
    ['同意，不，再等等', '同意，不，再等等'],
    ['OKAY runs on', 'OKAY'],
    ['Approves runs on', 'Approves the amount'],
    ['both decisions', 'APPROVE REJECT'],
    ['both decisions, in Chinese, offered', '同意 或 拒绝'],
    ['a digit runs on', 'OK1'],
  ])('unreadable: %s', (_what, text) => {
    expect(readDecision(`${text}\n${QUOTED_REQUEST}`)).toEqual({ kind: 'unreadable' });
  });

  it.each<[string, string]>([
    ['Gmail, split over two lines', 'On Mon, Mar 2, 2026 at 10:00 AM OrderDesk <\norders@acme-finance.example> wrote:\n> APPROVE'],
    ['Apple Mail in Chinese', '在 2026年3月2日，10:00，OrderDesk <orders@acme-finance.example> 写道：\n> APPROVE'],
    ['Gmail in Chinese', 'OrderDesk <orders@acme-finance.example> 于2026年3月2日周一 10:00写道：\n> 同意'],
    ['Outlook separator and header block', '________________________________\nFrom: OrderDesk\nSent: Monday\nAPPROVE'],
    ['Outlook in Chinese', '发件人: OrderDesk <orders@acme-finance.example>\n发送时间: 2026年3月2日\n同意'],
    ['original message marker', '-----Original Message-----\nAPPROVE'],
    ['原始邮件 marker', '------------------ 原始邮件 ------------------\n同意'],
  ])('stops at the quoted request: %s', (_what, quote) => {
    expect(readDecision(`\n${quote}`)).toEqual({ kind: 'unreadable' });
    expect(readDecision(`REJECT too risky\n\n${quote}`)).toEqual({ kind: 'reject', comment: 'too risky' });
  });

  it('ignores the signature under the decision', () => {
    expect(readDecision('同意\n\n--\n王伟\n销售经理\nAPPROVE? REJECT?')).toEqual({ kind: 'approve', comment: '' });
    expect(readDecision('REJECT wrong customer\n发自我的iPhone')).toEqual({ kind: 'reject', comment: 'wrong customer' });
  });

  it('takes only the rest of the first line as the comment, and caps its length', () => {
    expect(readDecision('APPROVE first line\nsecond line is not the comment')).toEqual({ kind: 'approve', comment: 'first line' });
    const long = readDecision(`REJECT ${'x'.repeat(2_000)}`);
    expect(long.kind === 'reject' && long.comment.length).toBe(500);
  });

  it('reads Windows line endings', () => {
    expect(readDecision('APPROVE ok\r\n\r\n> quoted')).toEqual({ kind: 'approve', comment: 'ok' });
  });
});
