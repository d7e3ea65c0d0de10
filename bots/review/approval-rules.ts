import { fileURLToPath } from 'node:url';
import { approvalRulesSchema, type ApprovalRulesConfig } from '../../config/approval-rules-schema.ts';
import { loadYamlConfig } from '../../core/config/load-yaml-config.ts';
import type { CanonicalOrder } from '../intake/canonical-order.ts';
import { orderFacts, productTypeMatcher, type OrderFacts, type ProductTypeMatcher } from './order-facts.ts';
import { preCheckOrder, type PreCheckProblem } from './pre-checks.ts';
import { routeOrder, type RoutingDecision } from './routing.ts';

export const DEFAULT_APPROVAL_RULES_PATH = fileURLToPath(new URL('../../config/approval-rules.yaml', import.meta.url));

/** The parsed matrix with its product-type patterns compiled; `source` names the file in messages. */
export interface ApprovalRules {
  config: ApprovalRulesConfig;
  productTypeOf: ProductTypeMatcher;
  source: string;
}

export function compileApprovalRules(config: ApprovalRulesConfig, source = 'approval rules'): ApprovalRules {
  return { config, productTypeOf: productTypeMatcher(config.productTypes), source };
}

/** Reads config/approval-rules.yaml (or `path`) at start-up; a bad value throws a one-line ConfigError. */
export function loadApprovalRules(path: string = DEFAULT_APPROVAL_RULES_PATH): ApprovalRules {
  return compileApprovalRules(loadYamlConfig(path, approvalRulesSchema), path);
}

export type ReviewOutcome =
  | { kind: 'refused'; facts: OrderFacts; problems: PreCheckProblem[] }
  | { kind: 'routed'; facts: OrderFacts; decision: RoutingDecision };

/** Review of one order: the pre-checks, then the matrix. `maxAmount` is intake's overall amount cap. */
export function reviewOrder(order: Partial<CanonicalOrder>, rules: ApprovalRules, maxAmount: string): ReviewOutcome {
  const facts = orderFacts(order, rules.productTypeOf);
  const problems = preCheckOrder(facts, rules.config, maxAmount);
  if (problems.length > 0) return { kind: 'refused', facts, problems };
  return { kind: 'routed', facts, decision: routeOrder(facts, rules.config) };
}
