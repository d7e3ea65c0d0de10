/**
 * Error codes that more than one module throws or matches on, as constants (as BullMQ names its error
 * codes): a typo is then a compile error, not a silent mismatch between the thrower and the catcher.
 * Codes used in one place only stay as literals there.
 */
export const ErrorCode = {
  /** A setting or config file is invalid; start-up stops with one line naming the key. */
  configInvalid: 'config_invalid',
  /** The CRM did not answer, or answered with an error page: a system fault, retried. */
  crmUnavailable: 'crm_unavailable',
  /** The CRM refused our account at its sign-in screen. */
  crmLoginRefused: 'crm_login_refused',
  /** The ERP did not answer while reading receivables: a system fault, retried. */
  erpUnavailable: 'erp_unavailable',
  /** The ERP refused what was asked of it, in its own words. */
  erpRefused: 'erp_refused',
  /** The ERP refused our account at its sign-in screen. */
  erpLoginRefused: 'erp_login_refused',
  /** The ERP's receivables export no longer has the columns we read. */
  receivablesExportChanged: 'receivables_export_changed',
  /** The browser under a context went away mid-work. */
  browserLost: 'browser_lost',
  /** The ledger has no order by that id. */
  orderMissing: 'order_missing',
} as const;

export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];
