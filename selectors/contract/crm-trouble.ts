/**
 * System trouble on a CRM screen: retried by the caller, never the order's fault. Shared by every verb
 * of the contract (keying's clerk, review's facts reader), so it lives apart from both.
 */
export type CrmTrouble =
  | { kind: 'session_expired' }
  /** The CRM answered with its own error page or box (a crash, a 500, maintenance). */
  | { kind: 'crm_error'; detail: string }
  /** Nothing came back in time, or the connection broke. */
  | { kind: 'no_response'; detail: string }
  /** A screen of the CRM, but not the one the step leads to. */
  | { kind: 'unexpected_screen'; detail: string };

export function describeTrouble(trouble: CrmTrouble): string {
  return trouble.kind === 'session_expired' ? 'session expired' : trouble.detail;
}
