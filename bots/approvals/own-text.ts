/**
 * Where the quoted mail (or a forwarded copy) begins, in the clients approvers use: `>` quoting (and
 * HTML blockquotes, which the parser turns into it), attribution lines, separator lines and header blocks.
 */
const QUOTE_STARTS: readonly RegExp[] = [
  /^\s*>/,
  // "On Mon, 2 Mar 2026 at 10:00, OrderDesk <…> wrote:" (Gmail, Apple Mail, Thunderbird)
  /\bwrote\s*:\s*$/i,
  // "在 2026年3月2日 10:00，OrderDesk <…> 写道：" (Apple Mail, Thunderbird), "…于2026年3月2日周一 10:00写道：" (Gmail)
  /[写寫]道\s*[:：]?\s*$/,
  // "-----Original Message-----", "-----邮件原件-----" (Outlook), "------------------ Original ------------------"
  // and "------------------ 原始邮件 ------------------" (Foxmail, QQ/WeCom mail), "-------- 原始信息 --------" (Samsung)
  /^\s*-{2,}\s*(?:original(?: message)?|forwarded message|原始邮件|原始郵件|邮件原件|郵件原件|原邮件|转发邮件|轉寄郵件|原始信息|原始訊息)\s*-*\s*$/i,
  /^\s*(?:begin forwarded message|以下是转发的邮件|转发的邮件)\s*[:：]?/i,
  // A header block: "From: …" / "发件人: …" (Outlook desktop, web and Mac, DingTalk mail)
  /^\s*(?:from|sent|发件人|發件人|寄件者|寄件人|发送时间|發送時間|寄件日期)\s*[:：]/i,
  // Outlook's underscore rule, and a long dash rule (an HTML <hr> as text, DingTalk mail)
  /^\s*_{10,}\s*$/,
  /^\s*-{10,}\s*$/,
];

const ATTRIBUTION_END = /(?:\bwrote\s*:|[写寫]道\s*[:：]?)\s*$/i;

/** Lines where a signature begins; nothing under it is read. */
const SIGNATURE_STARTS: readonly RegExp[] = [
  /^--\s*$/,
  /^\s*(?:sent from|sent with|get outlook for)\b/i,
  // 发自我的iPhone, 来自钉钉专属商务邮箱, 发自网易邮箱大师, 從我的 iPhone 傳送
  /^\s*(?:发自|來自|来自|發自|寄自|从我的|從我的)/,
];

/**
 * An attribution that the client wrapped over two lines ("On Mon, Mar 2, 2026 at 10:00 AM OrderDesk <" /
 * "orders@…> wrote:"): the first half is no more the sender's text than the second.
 */
function startsAttribution(line: string): boolean {
  return /^\s*(?:on|在)\s/i.test(line) || (line.lastIndexOf('<') > line.lastIndexOf('>'));
}

/**
 * The reply's own lines: everything above the quoted mail and the signature. A decision written below
 * the quote (bottom-posting) is not read: the quote may hold the request's own "APPROVE".
 */
export function ownLines(text: string): string[] {
  const lines: string[] = [];
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (QUOTE_STARTS.some((p) => p.test(raw))) {
      if (ATTRIBUTION_END.test(raw) && startsAttribution(lines.at(-1) ?? '')) lines.pop();
      break;
    }
    if (SIGNATURE_STARTS.some((p) => p.test(raw))) break;
    lines.push(raw);
  }
  return lines;
}
