import { z } from 'zod';

/**
 * Schema of config/branches.yaml: the firm's branch directory. Each branch is keyed by the CRM's own
 * code; `names` are what people write on sheets, in Chinese and English (the official name first, then
 * aliases); `managerRole` is the approval role (config/approvers.yaml) its branch manager holds.
 */
const roleName = z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected a role name in lower case with dashes, e.g. sales-manager');
const names = z.array(z.string().trim().min(1)).default([]);

const branchSchema = z
  .object({
    names: z.object({ zh: names, en: names }).strict(),
    managerRole: roleName.default('sales-manager'),
  })
  .strict()
  .refine((b) => b.names.zh.length + b.names.en.length > 0, { message: 'a branch needs at least one name', path: ['names'] });

export const branchesSchema = z
  .object({
    version: z.literal(1),
    branches: z.record(z.string().regex(/^[A-Z0-9][A-Z0-9-]*$/, 'expected the CRM branch code in capitals, e.g. SH-PD'), branchSchema),
  })
  .strict();

export type BranchesConfig = z.output<typeof branchesSchema>;
export type BranchEntry = BranchesConfig['branches'][string];
