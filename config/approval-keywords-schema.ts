import { z } from 'zod';

/**
 * Schema of config/approval-keywords.yaml: the words that make a reply's first line a decision, in
 * Chinese and English, and the negations that undo one. A word may not be both approve and reject.
 */
const words = z.array(z.string().trim().min(1)).default([]);
const byLanguage = z.object({ zh: words, en: words }).strict();

export const approvalKeywordsSchema = z
  .object({
    version: z.literal(1),
    approve: byLanguage,
    reject: byLanguage,
    negations: byLanguage.prefault({}),
  })
  .strict()
  .refine((k) => [...k.approve.zh, ...k.approve.en].length > 0 && [...k.reject.zh, ...k.reject.en].length > 0, { message: 'approve and reject each need at least one keyword' })
  .refine(
    (k) => {
      const approve = new Set([...k.approve.zh, ...k.approve.en].map((w) => w.normalize('NFKC').toLowerCase()));
      return ![...k.reject.zh, ...k.reject.en].some((w) => approve.has(w.normalize('NFKC').toLowerCase()));
    },
    { message: 'a keyword is listed under both approve and reject', path: ['reject'] },
  );
export type ApprovalKeywordsConfig = z.output<typeof approvalKeywordsSchema>;
