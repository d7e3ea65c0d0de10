import type { ApprovalLevelRule, ApprovalRulesConfig, RoutingRule, RuleCondition } from '../../config/approval-rules-schema.ts';
import { amountToCents, creditGradeRank, formatCents, sameName, type OrderFacts } from './order-facts.ts';

/** One condition of a rule, as checked against one order: shown by `rules explain` and in approval mails. */
export interface ConditionCheck {
  /** "amount 60,000.00 is at most 50,000.00" — the condition with the order's value in it. */
  what: string;
  holds: boolean;
}

export interface RuleEvaluation {
  rule: string;
  description?: string;
  matched: boolean;
  checks: ConditionCheck[];
}

export type RoutingOutcome = { kind: 'auto-approve' } | { kind: 'chain'; levels: ApprovalLevelRule[] };

export interface RoutingDecision {
  rule: string;
  description?: string;
  outcome: RoutingOutcome;
  /** Why the matched rule matched: its conditions that held. */
  reasons: string[];
  /** Every rule tried, in order, up to and including the one that matched. */
  evaluations: RuleEvaluation[];
}

function level(kind: 'R' | 'C', value: string): number {
  return value.startsWith(kind) ? Number(value.slice(1)) : Number.NaN;
}

function inList(label: string, value: string | undefined, list: string[]): ConditionCheck {
  const holds = value !== undefined && value !== '' && list.some((item) => sameName(item, value));
  return { what: `${label} ${value || '(none)'} is one of [${list.join(', ')}]`, holds };
}

function levelChecks(label: string, kind: 'R' | 'C', value: string | undefined, range: { in?: string[]; atLeast?: string; atMost?: string }): ConditionCheck[] {
  const shown = value ?? '(none)';
  const checks: ConditionCheck[] = [];
  if (range.in) checks.push({ what: `${label} ${shown} is one of [${range.in.join(', ')}]`, holds: value !== undefined && range.in.includes(value) });
  if (range.atLeast) checks.push({ what: `${label} ${shown} is at least ${range.atLeast}`, holds: value !== undefined && level(kind, value) >= level(kind, range.atLeast) });
  if (range.atMost) checks.push({ what: `${label} ${shown} is at most ${range.atMost}`, holds: value !== undefined && level(kind, value) <= level(kind, range.atMost) });
  return checks;
}

function amountChecks(facts: OrderFacts, range: NonNullable<RuleCondition['amount']>): ConditionCheck[] {
  const value = facts.amountCents;
  const shown = value === undefined ? `${facts.amount || '(none)'}` : `${formatCents(value)} ${facts.currency}`;
  const bound = (text: string): bigint => amountToCents(text) ?? 0n;
  const checks: ConditionCheck[] = [];
  if (range.above) checks.push({ what: `amount ${shown} is above ${formatCents(bound(range.above))}`, holds: value !== undefined && value > bound(range.above) });
  if (range.atLeast) checks.push({ what: `amount ${shown} is at least ${formatCents(bound(range.atLeast))}`, holds: value !== undefined && value >= bound(range.atLeast) });
  if (range.below) checks.push({ what: `amount ${shown} is below ${formatCents(bound(range.below))}`, holds: value !== undefined && value < bound(range.below) });
  if (range.atMost) checks.push({ what: `amount ${shown} is at most ${formatCents(bound(range.atMost))}`, holds: value !== undefined && value <= bound(range.atMost) });
  return checks;
}

function creditChecks(facts: OrderFacts, range: NonNullable<RuleCondition['creditGrade']>): ConditionCheck[] {
  const grade = facts.creditGrade;
  const shown = grade ?? (facts.creditGradeText ? `${facts.creditGradeText} (not on the scale)` : '(none)');
  const checks: ConditionCheck[] = [];
  if (range.missing !== undefined) checks.push({ what: `credit grade ${shown} is ${range.missing ? 'missing' : 'given'}`, holds: (grade === undefined) === range.missing });
  // A missing or unknown grade is never "at least" or "at most" anything: it cannot earn an auto-approval.
  if (range.atLeast) checks.push({ what: `credit grade ${shown} is at least ${range.atLeast}`, holds: grade !== undefined && creditGradeRank(grade) <= creditGradeRank(range.atLeast) });
  if (range.atMost) checks.push({ what: `credit grade ${shown} is at most ${range.atMost}`, holds: grade !== undefined && creditGradeRank(grade) >= creditGradeRank(range.atMost) });
  return checks;
}

/** Every part of a condition checked; the condition holds when every check holds. */
export function checkCondition(condition: RuleCondition, facts: OrderFacts): ConditionCheck[] {
  const checks: ConditionCheck[] = [];
  if (condition.amount) checks.push(...amountChecks(facts, condition.amount));
  if (condition.currency) checks.push(inList('currency', facts.currency, condition.currency));
  if (condition.productType) checks.push(inList(`product type of ${facts.productCode || '(no product)'}`, facts.productType, condition.productType));
  if (condition.productRisk) checks.push(...levelChecks('product risk', 'R', facts.productRisk, condition.productRisk));
  if (condition.customerRisk) checks.push(...levelChecks('customer risk', 'C', facts.customerRisk, condition.customerRisk));
  if (condition.creditGrade) checks.push(...creditChecks(facts, condition.creditGrade));
  if (condition.branch) checks.push(inList('branch', facts.branch, condition.branch));
  if (condition.paymentMethod) checks.push(inList('payment method', facts.paymentMethod, condition.paymentMethod));
  if (condition.any) {
    const alternatives = condition.any.map((inner) => checkCondition(inner, facts));
    const held = alternatives.filter((inner) => inner.every((c) => c.holds));
    const describe = (inner: ConditionCheck[]): string => inner.map((c) => c.what).join(' and ');
    checks.push(
      held.length > 0
        ? { what: held.map(describe).join('; '), holds: true }
        : { what: `none of: ${alternatives.map(describe).join('; or ')}`, holds: false },
    );
  }
  return checks;
}

function evaluate(rule: RoutingRule, facts: OrderFacts): RuleEvaluation {
  const checks = rule.when ? checkCondition(rule.when, facts) : [];
  return { rule: rule.name, ...(rule.description ? { description: rule.description } : {}), matched: checks.every((c) => c.holds), checks };
}

/**
 * Routes one order through the matrix: the first rule whose conditions all hold decides. The schema
 * guarantees the last rule has no conditions, so there is always a decision.
 */
export function routeOrder(facts: OrderFacts, config: ApprovalRulesConfig): RoutingDecision {
  const evaluations: RuleEvaluation[] = [];
  for (const rule of config.rules) {
    const evaluation = evaluate(rule, facts);
    evaluations.push(evaluation);
    if (!evaluation.matched) continue;
    return {
      rule: rule.name,
      ...(rule.description ? { description: rule.description } : {}),
      outcome: rule.then === 'auto-approve' ? { kind: 'auto-approve' } : { kind: 'chain', levels: rule.then },
      reasons: evaluation.checks.map((c) => c.what),
      evaluations,
    };
  }
  throw new Error('approval rules: no rule matched; the last rule must have no conditions');
}
