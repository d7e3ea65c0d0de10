import { z } from 'zod';

/**
 * Schema of config/approvers.yaml: who holds each approval role, firm-wide and per branch, with each
 * approver's delegate and out-of-office dates. A branch's own entry for a role wins over the firm-wide one.
 */
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');
const address = z.email().transform((a) => a.toLowerCase());
const roleName = z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected a role name in lower case with dashes, e.g. sales-manager');

const approverSchema = z
  .object({
    address,
    name: z.string().min(1).optional(),
    /** Answers for the approver at any time, receives the request while they are away, and gets escalations. */
    delegate: address.optional(),
    /** Inclusive date ranges; while away, requests go to the delegate. */
    outOfOffice: z
      .array(z.object({ from: isoDay, to: isoDay }).strict().refine((r) => r.to >= r.from, { message: '`to` is before `from`', path: ['to'] }))
      .default([]),
  })
  .strict()
  .refine((a) => a.outOfOffice.length === 0 || a.delegate !== undefined, { message: 'an approver with out-of-office dates needs a delegate', path: ['delegate'] })
  .refine((a) => a.delegate !== a.address, { message: 'an approver cannot be their own delegate', path: ['delegate'] });
export type ApproverEntry = z.output<typeof approverSchema>;

const roleSchema = z
  .object({
    approvers: z.array(approverSchema).min(1),
    /** Escalations go here when an approver has no delegate, or the delegate already had the request. */
    nextInLine: address.optional(),
  })
  .strict();
export type RoleEntry = z.output<typeof roleSchema>;

/** A person orders name (a sales rep, say), with their mailbox: four eyes keep them from deciding those orders. */
const personSchema = z.object({ address, names: z.array(z.string().trim().min(1)).min(1) }).strict();

export const approversSchema = z
  .object({
    version: z.literal(1),
    /** Firm-wide holders of each role; every role the rules use must be here. */
    roles: z.record(roleName, roleSchema),
    /** Per branch (keyed by branch code), the names orders use for it and the roles it fills itself. */
    branches: z
      .record(
        z.string().min(1),
        z.object({ names: z.array(z.string().min(1)).default([]), roles: z.record(roleName, roleSchema) }).strict(),
      )
      .default({}),
    /** Who is who, for four eyes: the names orders use for sales reps, and their mailboxes. */
    people: z.array(personSchema).default([]),
  })
  .strict();
export type ApproversConfig = z.output<typeof approversSchema>;
