import type { Command } from 'commander';
import { assignApprovers, excludedPeople, type Exclusion } from '../../bots/approvals/index.ts';
import type { CanonicalOrder } from '../../bots/intake/canonical-order.ts';
import { formatCents, orderAsDecided, orderFacts, preCheckOrder, routeOrder, storedFactsLines, type OrderFacts, type PreCheckProblem, type RoutingDecision } from '../../bots/review/index.ts';
import type { Settings } from '../../config/settings-schema.ts';
import { loadApprovalSetup, type ApprovalSetup } from '../approval-setup.ts';
import { Runtime } from '../runtime.ts';
import { exitOnConfigError, settingsFor } from './settings-option.ts';

interface ExplainOptions {
  order?: string;
  ref?: string;
  submitter?: string;
  json?: boolean;
}

class InputError extends Error {}

/** The order to explain and who submitted it (the ledger knows for --ref; --submitter says for --order). */
async function orderToExplain(options: ExplainOptions, settings: Settings): Promise<{ order: Partial<CanonicalOrder>; submitter?: string; facts?: string[]; reviewFacts?: Record<string, unknown> }> {
  const given = options.submitter ? { submitter: options.submitter } : {};
  if (options.order !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(options.order);
    } catch (error) {
      throw new InputError(`--order is not JSON: ${(error as Error).message}`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new InputError('--order must be a JSON object of order fields, e.g. {"amount":"60000.00","productCode":"FD-R3-BAL",...}');
    return { order: parsed as Partial<CanonicalOrder>, ...given };
  }
  const runtime = await Runtime.create(settings);
  try {
    const orderId = await runtime.ledger.findByReference(options.ref ?? '');
    const order = orderId ? await runtime.ledger.get<CanonicalOrder>(orderId) : undefined;
    if (!order) throw new InputError(`no order with reference ${options.ref} in the ledger`);
    const submitter = options.submitter ?? order.source.submitter;
    // The order as review decided it: on the CRM's facts stored with it, not the sheet's claims.
    return { order: orderAsDecided(order.order, order.reviewFacts), ...(submitter ? { submitter } : {}), facts: storedFactsLines(order.reviewFacts), ...(order.reviewFacts ? { reviewFacts: order.reviewFacts } : {}) };
  } finally {
    await runtime.close();
  }
}

function describeOrder(facts: OrderFacts): string {
  const amount = facts.amountCents === undefined ? facts.amount || '(no amount)' : `${formatCents(facts.amountCents)} ${facts.currency}`;
  return [
    `order ${facts.externalRef || '(no reference)'}: ${amount}`,
    `product ${facts.productCode || '-'} (${facts.productType ?? 'unknown type'}, ${facts.productRisk ?? '-'})`,
    `customer risk ${facts.customerRisk ?? '-'}`,
    `credit grade ${facts.creditGrade ?? facts.creditGradeText ?? '-'}`,
    `branch ${facts.branch || '-'}`,
    `payment ${facts.paymentMethod || '-'}`,
  ].join(', ');
}

function chainLines(decision: RoutingDecision, facts: OrderFacts, setup: ApprovalSetup, settings: Settings, excluded: Exclusion[]): string[] {
  if (decision.outcome.kind === 'auto-approve') return ['result: auto-approve (straight to keying)'];
  const today = setup.calendar.localDay(new Date());
  const lines = [`result: approval chain of ${decision.outcome.levels.length} level(s)`];
  decision.outcome.levels.forEach((level, index) => {
    lines.push(`  level ${index + 1}: ${level.role} (${level.approve === 'all' ? 'all must approve' : 'one decides'})`);
    for (const a of assignApprovers(setup.directory, facts.branch, level.role, today, settings.mail.opsAddress, excluded)) {
      const who = a.name ? `${a.name} <${a.approver}>` : a.approver;
      const away = a.away ? `, out of office today: request goes to ${a.sendTo}` : '';
      lines.push(`    ${who}${a.delegate ? `, delegate ${a.delegate}` : ''}${away}, escalation to ${a.escalateTo}`);
      if (a.unreachable) lines.push('      four eyes: NOBODY may decide this place: ops are told and the order waits');
      else if (a.passedOver) lines.push(`      four eyes: request goes to ${a.sendTo} instead`);
    }
  });
  if (decision.outcome.levels.length > 1) lines.push('  (each later level also excludes whoever decides an earlier one)');
  return lines;
}

function fourEyesLines(excluded: Exclusion[], submitterKnown: boolean): string[] {
  const lines = ['four eyes: may not decide this order:'];
  if (excluded.length === 0) lines.push('  nobody known');
  for (const e of excluded) lines.push(`  ${e.address} — ${e.because}`);
  if (!submitterKnown) lines.push('  (submitter unknown: give --submitter ADDRESS to see it excluded)');
  return lines;
}

function report(facts: OrderFacts, problems: PreCheckProblem[], decision: RoutingDecision, setup: ApprovalSetup, settings: Settings, fourEyes: { excluded: Exclusion[]; submitterKnown: boolean }, stored: string[] = []): string {
  const lines = [describeOrder(facts), ...stored, ''];
  if (problems.length === 0) lines.push('pre-checks: passed');
  else lines.push('pre-checks: REFUSED (review would reject this order before routing):', ...problems.map((p) => `  - ${p.code}: ${p.message}`));
  lines.push('', `rules (${setup.rules.source}), first match wins:`);
  decision.evaluations.forEach((evaluation, index) => {
    lines.push(`  ${index + 1}. ${evaluation.rule}${evaluation.description ? ` — ${evaluation.description}` : ''}: ${evaluation.matched ? 'MATCHED' : 'no'}`);
    if (evaluation.checks.length === 0) lines.push('       (no conditions: matches every order)');
    for (const check of evaluation.checks) lines.push(`       ${check.holds ? 'yes' : 'NO '}  ${check.what}`);
  });
  const skipped = setup.rules.config.rules.length - decision.evaluations.length;
  if (skipped > 0) lines.push(`  (${skipped} later rule(s) not tried)`);
  lines.push('', ...fourEyesLines(fourEyes.excluded, fourEyes.submitterKnown));
  lines.push('', ...chainLines(decision, facts, setup, settings, fourEyes.excluded));
  return lines.join('\n');
}

export function registerRulesCommand(program: Command): void {
  const rules = program.command('rules').description('the approval matrix (config/approval-rules.yaml)');
  rules
    .command('explain')
    .description('show which rule routes an order and to whom: for the people who maintain the matrix')
    .option('--order <json>', 'the order as JSON: {"amount":"60000.00","productCode":"FD-R3-BAL","productRisk":"R3",...}')
    .option('--ref <reference>', 'an order already in the ledger, by its order reference')
    .option('--submitter <address>', 'who submitted the order (four eyes exclude them); --ref reads it from the ledger')
    .option('--json', 'print the result as one JSON object')
    .option('--config <path>', 'settings file (default config/orderdesk.yaml)')
    .action(async (options: ExplainOptions, command: Command) => {
      if ((options.order === undefined) === (options.ref === undefined)) {
        process.stderr.write('give exactly one of --order JSON or --ref REFERENCE\n');
        process.exitCode = 2;
        return;
      }
      try {
        const settings = settingsFor(command);
        const setup = loadApprovalSetup(settings);
        const explained = await orderToExplain(options, settings);
        const facts = orderFacts(explained.order, setup.rules.productTypeOf);
        const excluded = excludedPeople(setup.directory, { ...(explained.submitter ? { submitter: explained.submitter } : {}), salesRep: explained.order.salesRep ?? '' });
        const problems = preCheckOrder(facts, setup.rules.config, settings.intake.maxAmount);
        const decision = routeOrder(facts, setup.rules.config);
        if (options.json) {
          const { amountCents, ...shown } = facts;
          process.stdout.write(`${JSON.stringify({ order: { ...shown, amountCents: amountCents?.toString() }, ...(explained.reviewFacts ? { reviewFacts: explained.reviewFacts } : {}), preChecks: problems, rule: decision.rule, outcome: decision.outcome, evaluations: decision.evaluations, fourEyes: { excluded } })}\n`);
        } else {
          process.stdout.write(`${report(facts, problems, decision, setup, settings, { excluded, submitterKnown: explained.submitter !== undefined }, explained.facts)}\n`);
        }
      } catch (error) {
        if (error instanceof InputError) {
          process.stderr.write(`${error.message}\n`);
          process.exitCode = 1;
          return;
        }
        exitOnConfigError(error);
      }
    });
}
