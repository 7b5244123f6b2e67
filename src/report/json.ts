import type { Report } from '../engine/types.js';

/**
 * The JSON report is the Report object itself: a documented, versioned shape (`schemaVersion`).
 * See docs/json-report.md. Fields are only ever added within a schema version.
 */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
