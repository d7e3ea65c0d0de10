export { AUDIT_TRAIL_ACTIONS, writeAuditExport, type AuditExportRequest } from './audit-export.ts';
export { readAuditFile, writeAuditFile, type AuditFileFormat } from './audit-file.ts';
export { auditTable, AUDIT_COLUMNS, eventCells, localTime, type AuditTable } from './audit-rows.ts';
export { verifyAuditTable, type AuditVerdict } from './audit-verify.ts';
export { anchorDigest, buildChainAnchorMail } from './chain-anchor.ts';
