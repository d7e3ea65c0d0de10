export { CrmKeyer, MAX_ROUNDS_PER_ATTEMPT, MAX_SESSION_RENEWALS_PER_ATTEMPT, type KeyedHow, type KeyingResult, type SlotHooks } from './crm-keyer.ts';
export { refusalMessage } from './crm-refusal.ts';
export { FailureStreak, type FailureRecord } from './failure-streak.ts';
export { keyApprovedOrder, KeyingAttemptError, KEYING_BOT, type KeyingAttempt, type KeyingDeps, type KeyingOutcome } from './key-approved-order.ts';
export { KeyingArtifacts, type FailureArtifacts } from './keying-artifacts.ts';
export { buildKeyingPausedMail, type PausedMailRequest } from './keying-paused-mail.ts';
export { buildKeyingSummary, FINAL_KEYING_STATUSES, isFinal, keyingSummaryId, submitterAddress, type SummaryLine, type SummaryRequest } from './keying-summary.ts';
export { orderToKey } from './order-to-key.ts';
export { summaryIfSubmissionDone } from './submission-summary.ts';
