export * from './app.js';
export { verifyChains, auditHash, type VerifyResult, type ChainBreak, type StoredEntry } from './domain/audit.js';
export { BusinessCalendar, usFederalHolidays, dueAt, DEFAULT_SLA } from './domain/sla.js';
export { ROLES } from './domain/workflow.js';
export { CASE_MIGRATIONS } from './adapters/postgres/schema.js';
export {
  buildReport,
  renderHtml,
  legalAuthority,
  totals,
  type Report,
  type ReportedTransfer,
} from './domain/reports.js';
export { blockedTransfers, rejectedTransfers } from './adapters/postgres/reports.js';
