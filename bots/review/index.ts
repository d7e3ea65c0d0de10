export { compileApprovalRules, DEFAULT_APPROVAL_RULES_PATH, loadApprovalRules, reviewOrder, type ApprovalRules, type ReviewOutcome } from './approval-rules.ts';
export { amountToCents, formatCents, orderFacts, type OrderFacts } from './order-facts.ts';
export { preCheckOrder, type PreCheckProblem } from './pre-checks.ts';
export { routeOrder, type ConditionCheck, type RoutingDecision, type RuleEvaluation } from './routing.ts';
export { buildReviewRefusalNotice } from './refusal-notice.ts';
