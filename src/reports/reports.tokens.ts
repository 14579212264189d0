/** Injection tokens of the reports module (global: delivery and admin read them). */
export const REPORTS = Symbol('Reports');
export const REPORTS_STORE = Symbol('ReportsStore');
/** The QA gate (ReportGate): delivery subscribes to its releases. */
export const REPORT_GATE = Symbol('ReportGate');
/** The close report's per-tier summary for digests (CloseSummaries). */
export const REPORT_CLOSE_SUMMARIES = Symbol('ReportCloseSummaries');
