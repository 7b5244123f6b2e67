import type { Report, SourceLocation } from '../model/report.js';
import { stripUnsafeCharacters, truncate } from '../security/sanitize-text.js';
import { projectPathPrefix } from './location.js';
import { MARKDOWN_MAX_BYTES, renderMarkdown, type MarkdownOptions } from './markdown.js';

/**
 * GitHub Actions output (ecosystem §3): workflow-command annotations for stdout and Markdown for
 * `$GITHUB_STEP_SUMMARY`. Runtime findings have no file, so their annotations carry no `file=`;
 * lint findings carry `file=`, `line=`, `col=` (and the end when known), so GitHub shows them on
 * the pull request's diff.
 */

/** GitHub shows at most this many error and this many warning annotations per step. */
export const GITHUB_ANNOTATION_LIMIT = 10;

// Long enough for any catalog sentence with its evidence, short enough for the annotation panel.
const MAX_MESSAGE = 4_000;
const MAX_TITLE = 300;

interface Annotation {
  level: 'error' | 'warning';
  title: string;
  message: string;
  /** `file=…,line=…,col=…` properties, already escaped, or empty. */
  where?: string;
}

/** Escapes a workflow command's message: `%`, CR and LF (`%` first, so nothing is escaped twice). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command's property value: as `escapeData`, plus `:` and `,`. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * `::error`/`::warning` workflow commands, one per line: every error-level item of every report
 * first (findings, then checks the doctor could not run, which also fail the run), then warnings,
 * at most `GITHUB_ANNOTATION_LIMIT` of each. Info findings are left to the summary. When some were
 * cut, a final `::notice` says how many. Empty when there is nothing to annotate.
 */
export function renderGithubAnnotations(reports: readonly Report[]): string {
  const all = reports.flatMap(collect);
  const errors = all.filter((a) => a.level === 'error');
  const warnings = all.filter((a) => a.level === 'warning');
  const shown = [...errors.slice(0, GITHUB_ANNOTATION_LIMIT), ...warnings.slice(0, GITHUB_ANNOTATION_LIMIT)];
  const lines = shown.map((a) => `::${a.level} ${a.where ? `${a.where},` : ''}title=${escapeProperty(a.title)}::${escapeData(a.message)}`);
  const cutErrors = Math.max(0, errors.length - GITHUB_ANNOTATION_LIMIT);
  const cutWarnings = Math.max(0, warnings.length - GITHUB_ANNOTATION_LIMIT);
  if (cutErrors + cutWarnings > 0) {
    const parts = [cutErrors ? `${cutErrors} more error${cutErrors === 1 ? '' : 's'}` : '', cutWarnings ? `${cutWarnings} more warning${cutWarnings === 1 ? '' : 's'}` : ''].filter(Boolean);
    const message = `${parts.join(' and ')} not annotated (GitHub shows ${GITHUB_ANNOTATION_LIMIT} of each per step); the job summary lists every finding.`;
    lines.push(`::notice title=${escapeProperty('mcp-doctor: annotations cut')}::${escapeData(message)}`);
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/**
 * Markdown to append to `$GITHUB_STEP_SUMMARY`: the Markdown report, capped under GitHub's 1 MiB
 * per-step limit.
 */
export function renderGithubSummary(reports: readonly Report[], options: MarkdownOptions = {}): string {
  return renderMarkdown(reports, { ...options, maxBytes: Math.min(options.maxBytes ?? MARKDOWN_MAX_BYTES, MARKDOWN_MAX_BYTES) });
}

function collect(report: Report): Annotation[] {
  const target = clean(report.runtime ? `${report.runtime.arn} (qualifier ${report.runtime.qualifier})` : report.target.url);
  const out: Annotation[] = [];
  for (const finding of report.findings) {
    if (finding.severity !== 'error' && finding.severity !== 'warning') continue;
    const title = oneLine(`${clean(finding.code)} ${clean(finding.title)}`, MAX_TITLE);
    const where = finding.location ? annotationPlace(finding.location, projectPathPrefix(report)) : undefined;
    // A lint finding is shown at its line, so the message needs no target in front.
    const message = truncate(where ? clean(finding.message) : `${target}: ${clean(finding.message)}`, MAX_MESSAGE);
    out.push({ level: finding.severity, title, message, ...(where ? { where } : {}) });
  }
  for (const check of report.checks) {
    if (check.status !== 'error') continue;
    const why = check.errorMessage ? clean(check.errorMessage) : 'the check could not run';
    out.push({ level: 'error', title: oneLine(`NOT_TESTABLE ${clean(check.id)}`, MAX_TITLE), message: truncate(`${target}: ${clean(check.title)}: ${why}`, MAX_MESSAGE) });
  }
  return out;
}

/** Server text without escape sequences or controls; line breaks survive (escaped later), tabs do not. */
function clean(text: unknown): string {
  return stripUnsafeCharacters(String(text)).replace(/\t/g, ' ').replace(/\r\n?/g, '\n').replace(/[\u2028\u2029]/g, '\n');
}

/** The workflow-command properties of a source location; GitHub counts lines and columns from 1. */
function annotationPlace(location: SourceLocation, prefix: string): string {
  const parts = [`file=${escapeProperty(clean(prefix + location.file))}`, `line=${whole(location.line)}`, `col=${whole(location.column)}`];
  if (location.endLine !== undefined) parts.push(`endLine=${whole(location.endLine)}`);
  // GitHub only honours endColumn on single-line annotations.
  if (location.endColumn !== undefined && (location.endLine === undefined || location.endLine === location.line)) parts.push(`endColumn=${whole(location.endColumn)}`);
  return parts.join(',');
}

function whole(value: unknown): number {
  const n = Number(value);
  return Number.isFinite(n) && n >= 1 ? Math.floor(n) : 1;
}

function oneLine(text: string, max: number): string {
  return truncate(text.replace(/\s+/g, ' ').trim(), max);
}
