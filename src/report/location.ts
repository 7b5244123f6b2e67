import type { Report, SourceLocation } from '../model/report.js';

/** `file:line:col`, the form editors and terminals turn into links. */
export function formatLocation(location: SourceLocation): string {
  return `${location.file}:${location.line}:${location.column}`;
}

/**
 * The folder a lint report's paths hang from, as seen from where the command ran: the relative
 * folder the user typed (`services/weather/`), or empty. GitHub annotations and code scanning
 * resolve paths against the repository root, where CI runs the command, so files are shown as
 * `<prefix><file>`. An absolute or `..` folder gives no prefix: the paths stay project-relative.
 */
export function projectPathPrefix(report: Report): string {
  if (report.target.kind !== 'project') return '';
  const input = report.target.input.replace(/\\/g, '/');
  if (input.startsWith('/') || /^[A-Za-z]:/.test(input)) return '';
  const parts = input.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..')) return '';
  return parts.length > 0 ? `${parts.join('/')}/` : '';
}
