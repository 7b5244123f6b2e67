import type { Report } from '../engine/types.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderPretty } from './pretty.js';

/** Options every renderer receives; each uses what applies to it. */
export interface RenderOptions {
  color: boolean;
  verbose?: boolean;
  quiet?: boolean;
}

/** A pure renderer from a report to text. */
export type Reporter = (report: Report, options: RenderOptions) => string;

/** The stdout formats, by name. */
export const reporters = {
  pretty: (report, options) => renderPretty(report, options),
  json: (report) => renderJson(report),
  junit: (report) => renderJunit([report]),
} as const satisfies Record<string, Reporter>;

/** A `--format` value. */
export type ReportFormat = keyof typeof reporters;

/** The `--format` choices, derived from the registry. */
export const REPORT_FORMATS = Object.keys(reporters) as ReportFormat[];

export { renderJson, renderJunit, renderPretty };
