import { describeProtocols } from './server-protocols.js';
import type { CheckResult, ContainerLogs, Evidence, Finding, RehearsalFacts, Report, Severity } from '../model/report.js';
import { mapStrings } from '../security/redact.js';
import { stripUnsafeCharacters, truncate } from '../security/sanitize-text.js';
import { formatLocation } from './location.js';
import { describeSkips } from './skip-summary.js';
import { countOf } from '../text/count-of.js';
import { codeHelpUri } from './code-docs.js';
import { TOOL_VERSION } from '../version.js';
import { describeRehearsal, serverOutputTail } from './rehearsal.js';
import { containerLogTail, describeContainerLogs } from './container-logs.js';
import { describeTeardown } from './teardown-line.js';

/**
 * GitHub-flavoured Markdown for PR comments and job summaries. Every string from a report is
 * treated as hostile: control characters are stripped, Markdown and HTML syntax is escaped, and
 * server text never starts a line, so it cannot open a block (heading, list, fence, HTML block).
 */

/** The default size cap: under GitHub's 1 MiB job-summary limit, with room for other steps' text. */
export const MARKDOWN_MAX_BYTES = 1_000_000;

/** How the Markdown report is rendered. */
export interface MarkdownOptions {
  /**
   * Cap on the UTF-8 size of the output; whole blocks past it are dropped and a note says so.
   * PR comments take at most 65,536 characters, so pass about 65,000 for them.
   */
  maxBytes?: number;
  /**
   * Absolute prefix for the code pages (`<docsBaseUrl>/<CODE>.md`), e.g. a docs site of your own.
   * Default: the pages published with the report's version (`PUBLISHED_DOCS_URL`).
   */
  docsBaseUrl?: string;
}

const SEVERITY_HEADINGS: ReadonlyArray<readonly [Severity, string]> = [
  ['error', '❌ Errors'],
  ['warning', '⚠️ Warnings'],
  ['info', 'ℹ️ Info'],
];

const STATUS_LABEL: Record<CheckResult['status'], string> = {
  pass: '✅ pass',
  fail: '❌ fail',
  warn: '⚠️ warn',
  skip: '⏭️ skip',
  error: '❗ could not run',
};

// Bounds per string, so one huge server answer cannot crowd every other finding out of the cap.
const MAX_TEXT = 2_000;
const MAX_TITLE = 300;
const MAX_CHECK_ROWS = 300;
const MIN_BYTES = 1_024;
const CODE_PATTERN = /^[A-Z][A-Z0-9_]*$/;
const IDENT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/@+-]*$/;

/** A piece of output that is either rendered whole or dropped whole when the cap is reached. */
interface Block {
  text: string;
  findings?: number;
}

/**
 * Renders one or more reports as GitHub-flavoured Markdown: the overall verdict, a table of targets,
 * then per target its findings by severity (code linked to its page, message, first fix, evidence
 * folded) and a folded table of checks. The output stays under `options.maxBytes`.
 */
export function renderMarkdown(reports: readonly Report[], options: MarkdownOptions = {}): string {
  const clean = reports.map((r) => mapStrings(r, stripUnsafeCharacters) as Report);
  const docsBase = options.docsBaseUrl?.replace(/\/+$/, '') ?? codeHelpUri('', clean[0]?.tool.version ?? TOOL_VERSION).replace(/\/\.md$/, '');
  const blocks: Block[] = [...renderOverview(clean)];
  clean.forEach((report) => blocks.push(...renderTarget(report, docsBase)));
  blocks.push({ text: renderFooter(clean) });
  const total = clean.reduce((sum, r) => sum + r.findings.length, 0);
  return fitBlocks(blocks, Math.max(MIN_BYTES, options.maxBytes ?? MARKDOWN_MAX_BYTES), total);
}

/**
 * Escapes text for inline Markdown (paragraphs, list items, table cells): whitespace runs become one
 * space, `&`, `<` and `>` become entities (so no HTML or autolink survives), Markdown punctuation
 * is backslash-escaped (`|` included, which GFM tables honour), a leading block marker is escaped
 * so the text may start a line, and `@mentions` are defused.
 */
export function escapeMarkdown(text: string): string {
  return escapeSegment(flatten(text), true);
}

/**
 * Like `escapeMarkdown`, but a `` `span` `` (how catalog prose marks code) becomes `<code>` with
 * escaped content: shown as code, yet as inert as the text around it.
 */
export function renderProse(text: string): string {
  return flatten(text)
    .split(/(`[^`]+`)/)
    .map((part, i) => (i % 2 === 1 ? `<code>${escapeSegment(part.slice(1, -1), false)}</code>` : escapeSegment(part, i === 0)))
    .join('');
}

function flatten(text: string): string {
  return stripUnsafeCharacters(String(text)).replace(/[\s\u2028\u2029]+/g, ' ').trim();
}

function escapeSegment(text: string, lineStart: boolean): string {
  let out = text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~$]/g, (c) => `\\${c}`)
    // A word joiner after `@` keeps the text readable but stops GitHub pinging users and teams.
    .replace(/(^|[^A-Za-z0-9])@(?=[A-Za-z0-9])/g, '$1@\u2060');
  // At the start of a line these would open a heading, list, quote or setext underline.
  if (lineStart) out = out.replace(/^([-+=#])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
  return out;
}

/** The link target of a code's page: always absolute (the published pages unless a base is given). */
export function codeLink(code: string, docsBase?: string): string {
  return docsBase ? `${docsBase}/${code}.md` : codeHelpUri(code, TOOL_VERSION);
}

function renderOverview(reports: readonly Report[]): Block[] {
  if (reports.length === 0) return [{ text: '## mcp-doctor: no targets\n\nNo target was diagnosed.\n' }];
  const unhealthy = reports.filter((r) => r.summary.verdict !== 'healthy').length;
  const verdict = unhealthy > 0 ? '❌ mcp-doctor: unhealthy' : '✅ mcp-doctor: healthy';
  const sum = (pick: (r: Report) => number) => reports.reduce((n, r) => n + count(pick(r)), 0);
  const counts = describeCounts(sum((r) => r.summary.findings.error), sum((r) => r.summary.findings.warning), sum((r) => r.summary.findings.info));
  const scope = reports.length === 1 ? '' : ` across ${reports.length} targets`;
  const word = unhealthy > 0 ? 'unhealthy' : 'healthy';
  const subject = reports.length === 1 ? 'The target is' : unhealthy > 0 ? `${unhealthy} of ${reports.length} targets are` : `All ${reports.length} targets are`;
  const headline = `**${subject} ${word}**`;
  const blocks: Block[] = [
    { text: `## ${verdict}\n\n${headline}: ${counts}${scope}.\n` },
    { text: '| Target | Verdict | Errors | Warnings | Checks passed | Duration |\n| :-- | :-- | --: | --: | --: | --: |' },
  ];
  for (const report of reports) {
    const s = report.summary;
    blocks.push({
      text: `| ${escapeMarkdown(truncate(targetName(report), MAX_TITLE))} | ${verdictLabel(report)} | ${count(s.findings.error)} | ${count(s.findings.warning)} | ${count(s.passed)}/${count(s.checks)} | ${formatDuration(report.durationMs)} |`,
    });
  }
  blocks.push({ text: '' });
  return blocks;
}

function renderTarget(report: Report, docsBase: string | undefined): Block[] {
  const blocks: Block[] = [{ text: `### ${report.summary.verdict === 'healthy' ? '✅' : '❌'} ${escapeMarkdown(truncate(targetName(report), MAX_TITLE))}\n\n${describeRun(report)}\n` }];
  if (report.interrupted) blocks.push({ text: `> ⚠️ ${report.interruption === 'signal' ? 'The run was interrupted' : 'The run hit its overall deadline'} before every probe finished; unfinished checks are marked.\n` });
  if (report.rehearsal) blocks.push({ text: renderRehearsal(report.rehearsal) });
  if (report.teardown) blocks.push({ text: `${escapeMarkdown(describeTeardown(report.teardown))}\n` });
  if (report.findings.length === 0) blocks.push({ text: 'No findings.\n' });
  for (const [severity, heading] of SEVERITY_HEADINGS) {
    const group = report.findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    blocks.push({ text: `#### ${heading} (${group.length})\n` });
    for (const finding of group) blocks.push({ text: renderFinding(finding, docsBase), findings: 1 });
  }
  if (report.containerLogs) blocks.push({ text: renderContainerLogs(report.containerLogs) });
  blocks.push({ text: renderChecks(report, docsBase) });
  return blocks;
}

function renderFinding(finding: Finding, docsBase: string | undefined): string {
  const lines = [`- ${renderCode(finding.code, docsBase)} **${renderProse(truncate(finding.title, MAX_TITLE))}**\\`];
  if (finding.location) lines.push(`  ${renderProse(`\`${truncate(formatLocation(finding.location), MAX_TITLE)}\``)}\\`);
  lines.push(`  ${renderProse(truncate(finding.message, MAX_TEXT))}`);
  // Every cause and every step is in the report itself: it is read where the docs are not at hand.
  const causes = finding.causes.map((c) => renderProse(truncate(c, MAX_TEXT)));
  if (causes.length === 1) lines.push('', `  **Likely cause:** ${causes[0]}`);
  else if (causes.length > 1) lines.push('', '  **Likely causes:**', '', ...causes.map((c) => `  - ${c}`));
  const steps = finding.remediation.map((step) => renderProse(truncate(step, MAX_TEXT)));
  if (steps.length === 1) lines.push('', `  **Fix:** ${steps[0]}`);
  else if (steps.length > 1) lines.push('', '  **Fix:**', '', ...steps.map((step, i) => `  ${i + 1}. ${step}`));
  const evidence = renderEvidence(finding.evidence);
  if (evidence.length > 0) lines.push('', '  <details><summary>Evidence</summary>', '', ...evidence.map((e) => `  - ${e}`), '', '  </details>');
  return `${lines.join('\n')}\n`;
}

function renderEvidence(evidence: Evidence | undefined): string[] {
  if (!evidence) return [];
  const items: string[] = [];
  const add = (label: string, value: string | undefined) => {
    if (value) items.push(`**${label}:** ${escapeMarkdown(truncate(value, MAX_TEXT))}`);
  };
  add('Request', evidence.request);
  if (evidence.status !== undefined) items.push(`**Status:** ${count(evidence.status)}`);
  const headers = evidence.headers ? Object.entries(evidence.headers) : [];
  if (headers.length > 0) add('Headers', headers.map(([k, v]) => `${k}: ${v}`).join('; '));
  add('Body', evidence.bodyExcerpt);
  add('Detail', evidence.detail);
  if (evidence.control) add('Control', `${evidence.control.request}${evidence.control.status !== undefined ? ` → ${evidence.control.status}` : ''}`);
  return items;
}

function renderChecks(report: Report, docsBase: string | undefined): string {
  const s = report.summary;
  const parts = [`${count(s.passed)} of ${count(s.checks)} passed`];
  if (s.failed) parts.push(`${count(s.failed)} failed`);
  if (s.warned) parts.push(`${count(s.warned)} warned`);
  if (s.skipped) parts.push(`${count(s.skipped)} skipped`);
  const skips = describeSkips(report.checks, 'the table lists every reason');
  if (s.errored) parts.push(`${count(s.errored)} could not run`);
  const rows = report.checks.slice(0, MAX_CHECK_ROWS).map((check) => {
    const note = check.status === 'skip' ? check.skipReason : check.status === 'error' ? check.errorMessage : undefined;
    const status = `${STATUS_LABEL[check.status] ?? escapeMarkdown(check.status)}${note ? `: ${renderProse(truncate(note, MAX_TITLE))}` : ''}`;
    const codes = report.findings.filter((f) => f.checkId === check.id).map((f) => renderCode(f.code, docsBase, false));
    return `| ${renderIdent(check.id)} | ${status} | ${codes.join(', ')} | ${formatDuration(check.durationMs)} |`;
  });
  if (report.checks.length > MAX_CHECK_ROWS) rows.push(`| … | ${countOf(report.checks.length - MAX_CHECK_ROWS, 'more check')} | | |`);
  return [
    ...(skips ? [renderProse(truncate(skips, MAX_TEXT)), ''] : []),
    `<details><summary>Checks: ${parts.join(', ')}</summary>`,
    '',
    '| Check | Status | Findings | Duration |',
    '| :-- | :-- | :-- | --: |',
    ...rows,
    '',
    '</details>',
    '',
  ].join('\n');
}

function renderFooter(reports: readonly Report[]): string {
  const first = reports[0];
  if (!first) return '';
  return `---\n<sub>${escapeMarkdown(`mcp-doctor ${first.tool.version}`)} · started ${escapeMarkdown(first.startedAt)}</sub>\n`;
}

/** Joins blocks until the next would pass the cap, then closes with a note on what was left out. */
function fitBlocks(blocks: readonly Block[], maxBytes: number, totalFindings: number): string {
  const NOTE_RESERVE = 400;
  const out: string[] = [];
  let bytes = 0;
  let shownFindings = 0;
  for (const [index, block] of blocks.entries()) {
    const size = Buffer.byteLength(block.text, 'utf8') + 1;
    const isLast = index === blocks.length - 1;
    if (bytes + size > maxBytes - (isLast ? 0 : NOTE_RESERVE)) {
      const omitted = totalFindings - shownFindings;
      out.push('', `> ⚠️ **Report truncated** to stay under ${maxBytes} bytes${omitted > 0 ? `: ${omitted} of ${totalFindings} findings are not shown` : ''}. The JSON report (\`--format json\`) has everything.`, '');
      break;
    }
    out.push(block.text);
    bytes += size;
    shownFindings += block.findings ?? 0;
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

function renderCode(code: string, docsBase: string | undefined, asCode = true): string {
  // A code from a report file could be anything: only catalog-shaped codes become links.
  if (!CODE_PATTERN.test(code)) return escapeMarkdown(code);
  return `[${asCode ? `\`${code}\`` : code}](${codeLink(code, docsBase)})`;
}

function renderIdent(text: string): string {
  return IDENT_PATTERN.test(text) ? `\`${text}\`` : escapeMarkdown(text);
}

/** The rehearsal line, and the server's output tail in a collapsed block (fenced so nothing in it renders). */
function renderRehearsal(r: RehearsalFacts): string {
  const line = `> ${escapeMarkdown(truncate(describeRehearsal(r), MAX_TEXT))}\n`;
  if (!r.output) return line;
  const { heading, lines } = serverOutputTail(r.output, SERVER_OUTPUT_LINES);
  const body = lines.join('\n');
  const fence = fenceFor(body);
  return `${line}\n<details><summary>${escapeMarkdown(heading)}</summary>\n\n${fence}text\n${body}\n${fence}\n\n</details>\n`;
}

/** The container log: where from, then its last lines in a collapsed, fenced block; a line that names a cause is marked. */
function renderContainerLogs(logs: ContainerLogs): string {
  const line = `#### Container logs\n\n${escapeMarkdown(truncate(describeContainerLogs(logs), MAX_TEXT))}\n`;
  const { heading, lines } = containerLogTail(logs, SERVER_OUTPUT_LINES);
  if (lines.length === 0) return line;
  const body = lines.map((l) => (l.code ? `▶ ${l.text}    [${l.code}]` : `  ${l.text}`)).join('\n');
  const fence = fenceFor(body);
  return `${line}\n<details${logs.matchedCodes.length > 0 ? ' open' : ''}><summary>${escapeMarkdown(heading)}</summary>\n\n${fence}text\n${body}\n${fence}\n\n</details>\n`;
}

/** A code fence longer than any backtick run in `body`, so nothing in it can close the block. */
function fenceFor(body: string): string {
  return '`'.repeat(Math.max(3, ...Array.from(body.matchAll(/`+/g), (m) => m[0].length + 1)));
}

/** Lines of server output a Markdown report shows (PR comments have a size limit). */
const SERVER_OUTPUT_LINES = 30;

function describeRun(report: Report): string {
  const parts = [`Profile ${renderIdent(report.profile)}`, `fails on ${renderIdent(report.failOn)}`];
  const s = report.server;
  if (s.name) parts.push(`server ${escapeMarkdown(truncate(`${s.name}${s.version ? ` ${s.version}` : ''}`, MAX_TITLE))}`);
  if (s.stack) parts.push(`stack ${escapeMarkdown(`${s.stack.name}${s.stack.versionRange ? ` ${s.stack.versionRange}` : ''}`)}`);
  const protocols = describeProtocols(s);
  if (protocols) parts.push(`${protocols.label} ${escapeMarkdown(protocols.versions)}`);
  if (s.stateful !== undefined) parts.push(s.stateful ? 'stateful' : 'stateless');
  if (s.tools !== undefined) parts.push(countOf(count(s.tools), 'tool'));
  if (report.runtime) {
    const r = report.runtime;
    if (r.status) parts.push(`runtime ${escapeMarkdown(r.status)}`);
    if (r.authorizer) parts.push(`authorizer ${r.authorizer === 'jwt' ? 'JWT' : 'IAM (SigV4)'}`);
  }
  parts.push(`${count(report.timings.requests)} requests in ${formatDuration(report.durationMs)}`);
  return parts.join(' · ');
}

function targetName(report: Report): string {
  return report.runtime ? `${report.runtime.arn} (qualifier ${report.runtime.qualifier})` : report.target.url;
}

function verdictLabel(report: Report): string {
  return report.summary.verdict === 'healthy' ? '✅ healthy' : '❌ unhealthy';
}

function describeCounts(errors: number, warnings: number, info: number): string {
  return `${countOf(errors, 'error')}, ${countOf(warnings, 'warning')}, ${info} info`;
}

/** A non-negative integer, whatever a report file put there. */
function count(value: unknown): number {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? Math.round(n) : 0;
}

/** `41 ms` below a second, `12.3 s` above. */
export function formatDuration(ms: unknown): string {
  const n = count(ms);
  return n < 1000 ? `${n} ms` : `${(n / 1000).toFixed(1)} s`;
}
