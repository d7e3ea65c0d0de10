export type ReplyFolder = 'processed' | 'security';

/**
 * Where a reply is filed once its outcome is recorded: answered ones (decisions, late, unreadable and
 * automatic replies) with the processed mail; refused ones (forged, bad or replayed token, ineligible
 * sender) in a folder of their own, kept apart from refused order sheets so ops can examine them as evidence.
 */
export const APPROVAL_REPLY_FOLDERS: Readonly<Record<ReplyFolder, string>> = { processed: 'Processed', security: 'Security' };
