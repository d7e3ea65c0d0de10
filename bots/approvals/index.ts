export { ApprovalDesk, APPROVALS_BOT, type ApprovalDeskOptions, type ChaseReport, type IncomingReply, type NextStep, type ReplyFolder, type ReplyOutcome } from './approval-desk.ts';
export { APPROVAL_TOKEN_MAIL_HEADER, buildDecisionMail, replyAddressFor } from './approval-mails.ts';
export type { ApprovalLevel, ApprovalRecord, ApprovalSlot, SlotDecision } from './approval-record.ts';
export { assignApprovers, DEFAULT_APPROVERS_PATH, loadApproverDirectory, roleFor, type ApproverDirectory, type AssignedApprover } from './approver-directory.ts';
export { chaseStepDueAt, levelDeadline, nextChaseAt, planChase, type ChaseAction, type ChasePolicy } from './chasing.ts';
export { readDecision, type ReadDecision } from './reply-parsing.ts';
export { judgeReply, type RefusalReason, type ReplyVerdict } from './reply-verdict.ts';
export { checkSenderAuthentication } from './sender-authentication.ts';
