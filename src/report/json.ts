import type { Report } from '../model/report.js';

/**
 * The JSON report is the Report object itself: a documented, versioned shape (`schemaVersion`).
 * See docs/json-report.md. Fields are only ever added within a schema version.
 */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/**
 * Several targets in one document: `reports` holds one `Report` each (same shape as a single run),
 * `summary` counts verdicts; `schemaVersion` versions both.
 */
export function renderFleetJson(reports: readonly Report[]): string {
  const unhealthy = reports.filter((r) => r.summary.verdict === 'unhealthy').length;
  const document = {
    schemaVersion: 1,
    tool: reports[0]?.tool ?? { name: 'mcp-doctor', version: '' },
    summary: { targets: reports.length, healthy: reports.length - unhealthy, unhealthy, verdict: unhealthy > 0 ? 'unhealthy' : 'healthy' },
    reports,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
