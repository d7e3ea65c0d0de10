export type { ApprovalAge } from './approval-age.ts';
export { opsFigures, type AttentionOrder, type DayFlow, type OpsFigures } from './ops-figures.ts';
export { buildOpsReportMail, opsReportMailId, type OpsReportMailInput } from './ops-report-mail.ts';
export { readOrderHistories, type ApprovalReader, type OrderHistory } from './order-history.ts';
export { reportWindowAt, type ReportWindow } from './report-window.ts';
export type { ServiceLevels, SlaBreach } from './sla-breaches.ts';
