/** The conformance report as JSON: the report data itself, with a format marker scripts can check. */
import type { ConformanceReport } from '../report-model.js';

export const JSON_REPORT_FORMAT = 'scimscope-conformance-report/1';

export function renderJson(report: ConformanceReport): string {
  return `${JSON.stringify({ format: JSON_REPORT_FORMAT, ...report }, null, 2)}\n`;
}
