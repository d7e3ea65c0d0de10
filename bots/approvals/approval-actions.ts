/**
 * The approvals bot's audit actions. The dashboard's metrics, the ops report and the tests read the
 * trail by these names, so they are spelled once, here.
 */
export const APPROVAL_ACTIONS = {
  /** One per approver when a level is asked (detail: level, role, approver, sentTo, deadline). */
  requested: 'approval-requested',
  requestResent: 'approval-request-resent',
  reminderSent: 'approval-reminder-sent',
  escalated: 'approval-escalated',
  /** Four eyes left a level with nobody who may decide it: ops were told, the order waits. */
  noEligibleApprover: 'approval-no-eligible-approver',
  /** One per approver's counted reply (detail: level, decision, comment, messageId). */
  decision: 'approval:decision',
  approved: 'approval:approved',
  rejected: 'approval:rejected',
  expired: 'approval:expired',
  replyLate: 'approval-reply-late',
  replyUnreadable: 'approval-reply-unreadable',
  /** An auto-responder's reply, ignored (detail: the marker found). */
  replyAutomatic: 'approval-reply-automatic',
  /** A security event: a reply that must not count (forged, bad token, ineligible sender). */
  replyRefused: 'approval-reply-refused',
} as const;

export type ApprovalAction = (typeof APPROVAL_ACTIONS)[keyof typeof APPROVAL_ACTIONS];
