import { z } from 'zod';

/**
 * Schema of config/approval-rules.yaml: the limits review checks before routing, and the routing matrix.
 * Rules are tried in order; the first whose conditions all hold decides: auto-approval, or a chain of
 * approval levels. The last rule has no conditions, so every order is routed somewhere.
 */
const decimal = z.string().regex(/^\d{1,13}(\.\d{1,2})?$/, 'expected an amount as a decimal string, e.g. "50000.00"');
const productRisk = z.enum(['R1', 'R2', 'R3', 'R4', 'R5']);
const customerRisk = z.enum(['C1', 'C2', 'C3', 'C4', 'C5']);
const nameList = z.array(z.string().trim().min(1)).min(1);

/** Credit grades from best to worst; "at least BBB" means BBB or anything before it here. */
export const CREDIT_GRADES = ['AAA', 'AA+', 'AA', 'AA-', 'A+', 'A', 'A-', 'BBB+', 'BBB', 'BBB-', 'BB+', 'BB', 'BB-', 'B+', 'B', 'B-', 'CCC+', 'CCC', 'CCC-', 'CC', 'C', 'D'] as const;
export type CreditGrade = (typeof CREDIT_GRADES)[number];
const creditGrade = z.enum(CREDIT_GRADES);

const amountRange = z
  .object({ above: decimal.optional(), atLeast: decimal.optional(), below: decimal.optional(), atMost: decimal.optional() })
  .strict()
  .refine((range) => Object.keys(range).length > 0, 'give at least one of above, atLeast, below, atMost');

function levelRange<T extends z.ZodEnum>(level: T) {
  return z
    .object({ in: z.array(level).min(1).optional(), atLeast: level.optional(), atMost: level.optional() })
    .strict()
    .refine((range) => Object.keys(range).length > 0, 'give at least one of in, atLeast, atMost');
}

export interface RuleCondition {
  amount?: z.infer<typeof amountRange>;
  currency?: string[];
  productType?: string[];
  productRisk?: { in?: z.infer<typeof productRisk>[]; atLeast?: z.infer<typeof productRisk>; atMost?: z.infer<typeof productRisk> };
  customerRisk?: { in?: z.infer<typeof customerRisk>[]; atLeast?: z.infer<typeof customerRisk>; atMost?: z.infer<typeof customerRisk> };
  creditGrade?: { atLeast?: CreditGrade; atMost?: CreditGrade; missing?: boolean };
  branch?: string[];
  paymentMethod?: string[];
  /** At least one of these conditions holds. */
  any?: RuleCondition[];
}

export const ruleConditionSchema: z.ZodType<RuleCondition> = z.lazy(() =>
  z
    .object({
      amount: amountRange.optional(),
      currency: nameList.optional(),
      productType: nameList.optional(),
      productRisk: levelRange(productRisk).optional(),
      customerRisk: levelRange(customerRisk).optional(),
      creditGrade: z
        .object({ atLeast: creditGrade.optional(), atMost: creditGrade.optional(), missing: z.boolean().optional() })
        .strict()
        .refine((range) => Object.keys(range).length > 0, 'give at least one of atLeast, atMost, missing')
        .optional(),
      branch: nameList.optional(),
      paymentMethod: nameList.optional(),
      any: z.array(ruleConditionSchema).min(2).optional(),
    })
    .strict(),
);

/** A role name as the approver directory spells it (`sales-manager`). */
const roleName = z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected a role name in lower case with dashes, e.g. sales-manager');

/** One level of a chain: a role, and whether one of its approvers decides or all of them must approve. */
export const approvalLevelSchema = z.union([
  roleName.transform((role) => ({ role, approve: 'one' as const })),
  z.object({ role: roleName, approve: z.enum(['one', 'all']).default('one') }).strict(),
]);
export type ApprovalLevelRule = z.output<typeof approvalLevelSchema>;

const ruleSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a rule name in lower case with dashes'),
    description: z.string().optional(),
    when: ruleConditionSchema.optional(),
    then: z.union([z.literal('auto-approve'), z.array(approvalLevelSchema).min(1)]),
  })
  .strict();
export type RoutingRule = z.output<typeof ruleSchema>;

const limitsSchema = z
  .object({
    minAmount: decimal.optional(),
    maxAmount: decimal.optional(),
    maxTermMonths: z.number().int().positive().optional(),
    /** Product types this branch may sell; unset: any. */
    productTypes: nameList.optional(),
  })
  .strict();
export type OrderLimits = z.infer<typeof limitsSchema>;

export const approvalRulesSchema = z
  .object({
    version: z.literal(1),
    /** Product type → product code patterns (`*` matches any text), e.g. fund: ["FD-*"]. */
    productTypes: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/), z.array(z.string().min(1)).min(1)).default({}),
    /** Checked before routing; an order outside a limit is rejected with the reason. */
    limits: z
      .object({
        productTypes: z.record(z.string(), limitsSchema.omit({ productTypes: true })).default({}),
        branches: z.record(z.string(), limitsSchema).default({}),
      })
      .strict()
      .prefault({}),
    rules: z.array(ruleSchema).min(1),
  })
  .strict()
  .superRefine((config, context) => {
    const types = new Set(Object.keys(config.productTypes));
    const checkTypes = (names: string[] | undefined, path: (string | number)[]): void => {
      names?.forEach((name, index) => {
        if (!types.has(name)) context.addIssue({ code: 'custom', path: [...path, index], message: `unknown product type "${name}" (not under productTypes)` });
      });
    };
    const checkCondition = (condition: RuleCondition | undefined, path: (string | number)[]): void => {
      if (!condition) return;
      checkTypes(condition.productType, [...path, 'productType']);
      condition.any?.forEach((inner, index) => checkCondition(inner, [...path, 'any', index]));
    };
    for (const type of Object.keys(config.limits.productTypes)) {
      if (!types.has(type)) context.addIssue({ code: 'custom', path: ['limits', 'productTypes', type], message: `unknown product type "${type}" (not under productTypes)` });
    }
    for (const [branch, limits] of Object.entries(config.limits.branches)) checkTypes(limits.productTypes, ['limits', 'branches', branch, 'productTypes']);
    const names = new Set<string>();
    config.rules.forEach((rule, index) => {
      if (names.has(rule.name)) context.addIssue({ code: 'custom', path: ['rules', index, 'name'], message: `rule name "${rule.name}" is used twice` });
      names.add(rule.name);
      checkCondition(rule.when, ['rules', index, 'when']);
    });
    const last = config.rules.at(-1);
    if (last?.when !== undefined) {
      context.addIssue({ code: 'custom', path: ['rules', config.rules.length - 1, 'when'], message: 'the last rule must have no conditions, so that every order is routed' });
    }
  });

export type ApprovalRulesConfig = z.output<typeof approvalRulesSchema>;
