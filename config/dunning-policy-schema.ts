import { z } from 'zod';

const stage = z
  .object({
    /** A stable name used in the ledger and templates: reminder, second_notice, final_notice, collections. */
    name: z.string().regex(/^[a-z_]+$/),
    /** The stage applies from this many days overdue. */
    fromDaysOverdue: z.number().int().min(1),
    /** false: handed over internally (collections); no letter goes to the customer. */
    letter: z.boolean().default(true),
    /** Copy the customer's account manager on the letter. */
    copyAccountManager: z.boolean().default(false),
    title: z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict(),
  })
  .strict();

/** What finance edits in config/dunning.yaml. */
export const dunningPolicySchema = z
  .object({
    stages: z
      .array(stage)
      .min(1)
      .refine((stages) => stages.every((s, i) => i === 0 || s.fromDaysOverdue > (stages[i - 1]?.fromDaysOverdue ?? 0)), {
        message: 'stages must be in increasing order of fromDaysOverdue',
      }),
    /** No second letter to one customer sooner than this many days after the last one. */
    minDaysBetweenLetters: z.number().int().min(0).default(7),
    /** node-cron expression, in `timezone`, for the dunning run and the finance report after it; working days only. */
    runSchedule: z.string().min(1).default('30 8 * * *'),
    timezone: z.string().min(1).default('Asia/Shanghai'),
    /** Letters are sent from (and a copy kept in) this mailbox; replies go to it. */
    fromAddress: z.email().default('finance@acme-finance.example'),
    reportTo: z.array(z.email()).min(1).default(['finance@acme-finance.example']),
    /** Account managers' e-mail addresses by the name the ERP shows; `default` for anyone not listed. */
    accountManagers: z.record(z.string(), z.email()).default({}),
  })
  .strict();

export type DunningPolicy = z.infer<typeof dunningPolicySchema>;
export type DunningStage = DunningPolicy['stages'][number];
