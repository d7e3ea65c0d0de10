import { describe, expect, it } from 'vitest';
import { automaticReplyMarker } from '../../../bots/approvals/index.ts';

function headers(entries: Record<string, string>): Map<string, string[]> {
  return new Map(Object.entries(entries).map(([k, v]) => [k.toLowerCase(), [v]]));
}

describe('recognising an auto-responder', () => {
  it.each<[string, Record<string, string>, string, boolean]>([
    ['Auto-Submitted: no is a person', { 'Auto-Submitted': 'no' }, 'Re: 审批', false],
    ['Auto-Submitted: auto-replied', { 'Auto-Submitted': 'auto-replied' }, 'Re: 审批', true],
    ['Auto-Submitted: auto-generated', { 'Auto-Submitted': 'Auto-Generated' }, 'Re: 审批', true],
    ['X-Autoreply', { 'X-Autoreply': 'yes' }, 'Re: 审批', true],
    ['X-Autorespond', { 'X-Autorespond': 'Re: 审批' }, 'Re: 审批', true],
    ['Precedence: auto_reply', { Precedence: 'auto_reply' }, 'Re: 审批', true],
    ['Precedence: bulk', { Precedence: 'bulk' }, 'Re: 审批', true],
    ['Precedence: junk', { Precedence: 'junk' }, 'Re: 审批', true],
    ['Precedence: first-class is a person', { Precedence: 'first-class' }, 'Re: 审批', false],
    ['Exchange mailbox rule', { 'X-MS-Exchange-Generated-Message-Source': 'Mailbox Rules Agent' }, 'Re: 审批', true],
    ['X-Auto-Response-Suppress alone is a person (Outlook sets it on mail people write)', { 'X-Auto-Response-Suppress': 'All' }, 'Re: 审批', false],
    ['a bounce (empty Return-Path)', { 'Return-Path': '<>' }, 'Undeliverable: 审批', true],
    ['自动回复:', {}, '自动回复: Re: 审批', true],
    ['自动回复： with a full-width colon', {}, '自动回复：Re: 审批', true],
    ['自動回覆:', {}, '自動回覆: Re: 審批', true],
    ['Automatic reply:', {}, 'Automatic reply: Re: 审批', true],
    ['Out of Office:', {}, 'Out of Office: Re: 审批', true],
    ['Out of Office AutoReply:', {}, 'Out of Office AutoReply: Re: 审批', true],
    ['Auto Reply:', {}, 'Auto Reply: Re: 审批', true],
    ['a person replying to an out-of-office notice', {}, 'Re: Automatic reply: 审批', false],
    ['a person whose subject mentions out of office later', {}, 'Re: 审批 (I am out of office tomorrow)', false],
  ])('%s', (_what, entries, subject, automatic) => {
    expect(automaticReplyMarker(headers(entries), subject) !== undefined).toBe(automatic);
  });
});
