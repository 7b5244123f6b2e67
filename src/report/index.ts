import type { Report } from '../model/report.js';
import { renderGithubAnnotations, renderGithubSummary } from './github.js';
import { renderHtml } from './html.js';
import { renderFleetJson, renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderJunit } from './junit.js';
import { renderPretty, renderPrettyFleet } from './pretty.js';
import { renderSarif } from './sarif.js';

/** Options every renderer receives; each uses what applies to it. */
export interface RenderOptions {
  color: boolean;
  verbose?: boolean;
  quiet?: boolean;
}

/** A pure renderer from one or more reports (one per target) to text. */
export type Reporter = (reports: readonly Report[], options: RenderOptions) => string;

/** The stdout formats, by name. One report renders as before; several as a fleet. */
export const reporters = {
  pretty: (reports, options) => (reports.length === 1 ? renderPretty(reports[0] as Report, options) : renderPrettyFleet(reports, options)),
  json: (reports) => (reports.length === 1 ? renderJson(reports[0] as Report) : renderFleetJson(reports)),
  junit: (reports) => renderJunit(reports),
  markdown: (reports) => renderMarkdown(reports),
  html: (reports) => renderHtml(reports),
  github: (reports) => renderGithubAnnotations(reports),
  sarif: (reports) => renderSarif(reports),
} as const satisfies Record<string, Reporter>;

/** A `--format` value. */
export type ReportFormat = keyof typeof reporters;

/** The `--format` choices, derived from the registry. */
export const REPORT_FORMATS = Object.keys(reporters) as ReportFormat[];

export { renderFleetJson, renderGithubAnnotations, renderGithubSummary, renderHtml, renderJson, renderJunit, renderMarkdown, renderPretty, renderPrettyFleet, renderSarif };
