import type { OutgoingMail } from '../../core/mail/outgoing-mail.ts';

export interface PausedMailRequest {
  episode: number;
  from: string;
  to: string;
  streak: number;
  lastError: string;
  crmUrl: string;
  probeIntervalSeconds: number;
}

/** Ops' one mail per pause: what stopped, why, and that it resumes by itself when the CRM answers. */
export function buildKeyingPausedMail(request: PausedMailRequest): OutgoingMail {
  const text = [
    `订单录入已暂停：连续 ${request.streak} 次系统故障。 / Keying is paused after ${request.streak} system failures in a row.`,
    '',
    `最近的错误 / Last error: ${request.lastError}`,
    `CRM: ${request.crmUrl}`,
    '',
    `每 ${request.probeIntervalSeconds} 秒检查一次 CRM 登录页，恢复后自动继续。 / The CRM login page is probed every ${request.probeIntervalSeconds} s; keying resumes by itself when it answers again.`,
    '订单仍在队列中，不会丢失。 / Queued orders stay queued; nothing is lost.',
    '',
    'OrderDesk',
  ].join('\n');
  return {
    id: `keying-paused-${request.episode}`,
    from: request.from,
    to: [request.to],
    subject: `OrderDesk: 订单录入已暂停 Keying paused (${request.streak} system failures in a row)`,
    text,
    headers: { 'X-OrderDesk-Alert': 'keying-paused' },
  };
}
