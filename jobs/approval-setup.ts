import type { Settings } from '../config/settings-schema.ts';
import { createApprovalDesk, loadApproverDirectory, loadDecisionKeywords, type ApprovalDesk, type ApproverDirectory, type ChasePolicy, type DecisionKeywords } from '../bots/approvals/index.ts';
import { loadApprovalRules, type ApprovalRules } from '../bots/review/index.ts';
import { loadWorkingCalendar, type WorkingCalendar } from '../core/calendar/index.ts';
import { yamlConfigError } from '../core/config/load-yaml-config.ts';
import type { Runtime } from './runtime.ts';

/** The business files review and approvals run on, parsed and cross-checked once at start-up. */
export interface ApprovalSetup {
  rules: ApprovalRules;
  directory: ApproverDirectory;
  calendar: WorkingCalendar;
  /** The decision keywords; unset: the shipped config/approval-keywords.yaml. */
  keywords?: DecisionKeywords;
}

/** Every role a rule names must have firm-wide approvers, or some order would have nobody to ask. */
export function checkApprovalSetup(setup: ApprovalSetup): ApprovalSetup {
  setup.rules.config.rules.forEach((rule, index) => {
    if (rule.then === 'auto-approve') return;
    rule.then.forEach((level, levelIndex) => {
      if (!setup.directory.config.roles[level.role]) {
        throw yamlConfigError(setup.rules.source, `rules.${index}.then.${levelIndex}.role`, `role "${level.role}" has no firm-wide approvers under roles in ${setup.directory.source}`);
      }
    });
  });
  return setup;
}

/** Reads config/approval-rules.yaml, config/approvers.yaml and config/calendar.yaml (or the configured paths). */
export function loadApprovalSetup(settings: Settings): ApprovalSetup {
  return checkApprovalSetup({
    rules: loadApprovalRules(settings.approvals.rulesFile),
    directory: loadApproverDirectory(settings.approvals.approversFile),
    calendar: loadWorkingCalendar(undefined, settings.timezone),
    keywords: loadDecisionKeywords(settings.approvals.keywordsFile),
  });
}

export function chasePolicyOf(settings: Settings): ChasePolicy {
  const { reminderAfterWorkingHours, maxReminders, expireAfterWorkingDays } = settings.approvals;
  return { reminderAfterWorkingHours, maxReminders, expireAfterWorkingDays };
}

/** The approvals bot wired to this process's Redis, ledger and outbox; `now` is a clock tests can set. */
export function approvalDeskFor(runtime: Runtime, setup: ApprovalSetup, now: () => Date = () => new Date()): ApprovalDesk {
  const { settings } = runtime;
  return createApprovalDesk({
    redis: runtime.redis,
    prefix: settings.redis.prefix,
    ledger: runtime.ledger,
    outbox: runtime.outbox,
    directory: setup.directory,
    calendar: setup.calendar,
    policy: chasePolicyOf(settings),
    mail: { sharedMailbox: settings.mail.sharedMailbox, opsAddress: settings.mail.opsAddress, firmDomain: settings.mail.firmDomain },
    security: { trustedAuthservId: settings.approvals.trustedAuthservId, requireDmarcPass: settings.approvals.requireDmarcPass },
    ...(setup.keywords ? { keywords: setup.keywords } : {}),
    queueMail: (mailId) => runtime.queueMail(mailId),
    now,
  });
}
