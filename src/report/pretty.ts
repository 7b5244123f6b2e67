import { describeProtocols } from './server-protocols.js';
import { Chalk, type ChalkInstance } from 'chalk';
import type { CheckResult, Finding, Report, Severity } from '../model/report.js';
import { mapStrings } from '../security/redact.js';
import { stripUnsafeCharacters } from '../security/sanitize-text.js';
import { formatLocation } from './location.js';
import { describeRehearsal, serverOutputTail } from './rehearsal.js';
import { describeSkips } from './skip-summary.js';
import { countOf } from '../text/count-of.js';
import { containerLogTail, describeContainerLogs } from './container-logs.js';
import { describeTeardown } from './teardown-line.js';

/** How the terminal report looks. */
export interface PrettyOptions {
  /** Use ANSI colours. The CLI decides (NO_COLOR, FORCE_COLOR, TTY). */
  color: boolean;
  /** List every check and the probe timeline. */
  verbose?: boolean;
  /** Errors and the verdict only. */
  quiet?: boolean;
}

const SECTIONS: Array<[Severity, string]> = [
  ['error', 'Errors'],
  ['warning', 'Warnings'],
  ['info', 'Info'],
];

const STATUS_MARK: Record<CheckResult['status'], string> = { pass: '✔', fail: '✖', warn: '⚠', skip: '○', error: '!' };

/**
 * The terminal report: findings grouped by severity, each with its cause, fix and docs, then a
 * one-line verdict.
 */
export function renderPretty(input: Report, options: PrettyOptions): string {
  // A report built elsewhere may carry raw server text: nothing reaches the terminal unstripped.
  // A bare CR would return the cursor and let the text overwrite the line before it.
  const report = mapStrings(input, (s) => stripUnsafeCharacters(s).replace(/\r\n?/g, '\n')) as Report;
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const out: string[] = [];
  if (!options.quiet) {
    const target = report.runtime ? `${report.runtime.arn} (qualifier ${report.runtime.qualifier})` : report.target.url;
    out.push(c.bold(`mcp-doctor ${report.tool.version}`) + c.dim(` · ${target} · profile ${report.profile}`));
    if (report.runtime) {
      const r = report.runtime;
      const facts = [r.status ? `runtime ${r.status}` : undefined, r.endpointStatus ? `endpoint ${r.endpointStatus}` : undefined, r.serverProtocol ? `protocol ${r.serverProtocol}` : undefined, r.authorizer ? `authorizer ${r.authorizer === 'jwt' ? 'JWT' : 'IAM (SigV4)'}` : undefined, report.timings.probes.length === 0 ? undefined : `requests ${r.requestAuth === 'sigv4' ? 'signed with SigV4' : r.requestAuth === 'bearer' ? 'with a bearer token' : 'without credentials'}`];
      const known = facts.filter(Boolean);
      if (known.length > 0) out.push(c.dim(known.join(' · ')));
    }
    if (report.credentials) out.push(c.dim(`token from ${report.credentials.source === 'cognito-password' ? 'Cognito (USER_PASSWORD_AUTH)' : 'OAuth client credentials'}: ${report.credentials.note}`));
    if (report.rehearsal) out.push(c.dim(describeRehearsal(report.rehearsal)));
    if (report.teardown) out.push(c.dim(describeTeardown(report.teardown)));
    const server = describeServer(report);
    if (server) out.push(c.dim(server));
    if (report.conformance) out.push(...describeEras(report).map((line) => c.dim(line)));
    out.push('');
  }
  const shown = options.quiet ? report.findings.filter((f) => f.severity === 'error') : report.findings;
  let number = 0;
  for (const [severity, heading] of SECTIONS) {
    const group = shown.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    out.push(paint(c, severity)(c.bold(`${heading} (${group.length})`)));
    for (const finding of group) out.push(...renderFinding(c, finding, ++number, options), '');
  }
  // A lint report sent no request: its timeline would be empty.
  // A conformance run is a test run: its requirements are the result, and it has no probe timeline.
  if (report.conformance && !options.quiet) out.push(...renderChecks(c, report), '');
  else if (options.verbose) out.push(...renderChecks(c, report), '', ...(report.target.kind === 'project' ? [] : [...renderTimeline(c, report), '']));
  if (report.rehearsal?.output && !options.quiet) out.push(...renderServerOutput(c, report.rehearsal.output), '');
  if (report.containerLogs && !options.quiet) out.push(...renderContainerLogs(c, report.containerLogs, options.verbose ? CONTAINER_LOG_LINES_VERBOSE : CONTAINER_LOG_LINES), '');
  // The verdict stays the last line (CI logs are read from the bottom); the skip causes come first.
  const skips = options.quiet ? undefined : describeSkips(report.checks, options.verbose ? 'listed under Checks' : '-v lists every reason');
  if (skips) out.push(c.dim(skips));
  out.push(renderVerdict(c, report));
  return `${out.join('\n')}\n`;
}

function renderFinding(c: ChalkInstance, finding: Finding, number: number, options: PrettyOptions): string[] {
  const indent = '     ';
  const lines = [`  ${String(number).padStart(2)}. ${paint(c, finding.severity)(c.bold(finding.code))}  ${finding.title}`];
  if (finding.location) lines.push(`${indent}${c.underline(formatLocation(finding.location))}`);
  lines.push(`${indent}${finding.message}`);
  const evidence = finding.evidence;
  if (evidence) {
    const parts = [evidence.request, evidence.status !== undefined ? `→ ${evidence.status}` : undefined, evidence.headers?.['content-type']].filter(Boolean);
    if (parts.length > 0) lines.push(`${indent}${c.dim('Evidence:')} ${parts.join(' ')}`);
    if (evidence.bodyExcerpt) lines.push(`${indent}${c.dim('Body:')} ${evidence.bodyExcerpt}`);
    if (evidence.detail && !evidence.bodyExcerpt) lines.push(`${indent}${c.dim('Detail:')} ${evidence.detail}`);
    if (evidence.control) lines.push(`${indent}${c.dim('Control:')} ${[evidence.control.request, evidence.control.status !== undefined ? `→ ${evidence.control.status}` : undefined].filter(Boolean).join(' ')}`);
  }
  const causes = options.verbose ? finding.causes : finding.causes.slice(0, 1);
  if (causes.length === 1) lines.push(`${indent}${c.dim('Likely cause:')} ${causes[0]}`);
  else if (causes.length > 1) lines.push(`${indent}${c.dim('Likely causes:')}`, ...causes.map((cause) => `${indent}  - ${cause}`));
  if (finding.remediation.length === 1) lines.push(`${indent}${c.green('Fix:')} ${finding.remediation[0]}`);
  else lines.push(`${indent}${c.green('Fix:')}`, ...finding.remediation.map((step) => `${indent}  - ${step}`));
  lines.push(`${indent}${c.dim(`More: mcp-doctor explain ${finding.code}${finding.spec ? ` · ${finding.spec.id}` : ''}`)}`);
  return lines;
}

function renderChecks(c: ChalkInstance, report: Report): string[] {
  const lines = [c.bold(report.conformance ? 'Requirements' : 'Checks')];
  // An era skipped as a whole is one line above, not a screen of identical skips.
  const skippedEras = new Set((report.conformance?.eras ?? []).filter((era) => era.status === 'skipped').map((era) => `${era.era}/`));
  for (const check of report.checks.filter((entry) => ![...skippedEras].some((prefix) => entry.id.startsWith(prefix)))) {
    const mark = check.status === 'pass' ? c.green(STATUS_MARK.pass) : check.status === 'fail' || check.status === 'error' ? c.red(STATUS_MARK[check.status]) : check.status === 'warn' ? c.yellow(STATUS_MARK.warn) : c.dim(STATUS_MARK.skip);
    const codes = report.findings.filter((f) => f.checkId === check.id).map((f) => `${f.severity}: ${f.code}`);
    const note = check.skipReason ?? check.errorMessage ?? (codes.length ? codes.join(', ') : undefined);
    const duration = report.conformance ? '' : c.dim(` ${check.durationMs} ms`);
    lines.push(`  ${mark} ${check.id.padEnd(report.conformance ? 30 : 24)} ${check.title}${duration}${note ? c.dim(` — ${note}`) : ''}`);
  }
  return lines;
}

function renderTimeline(c: ChalkInstance, report: Report): string[] {
  const lines = [c.bold('Probes') + c.dim(` (${report.timings.rounds} sequential rounds, ${report.timings.requests} requests)`)];
  for (const probe of report.timings.probes) {
    lines.push(c.dim(`  +${String(probe.startedAtMs).padStart(5)} ms  ${probe.id.padEnd(24)} ${String(probe.durationMs).padStart(5)} ms  ${probe.requests} req  ${probe.outcome}`));
  }
  return lines;
}

function renderVerdict(c: ChalkInstance, report: Report): string {
  const s = report.summary;
  const counts = `${countOf(s.findings.error, 'error')}, ${countOf(s.findings.warning, 'warning')}, ${s.findings.info} info`;
  const checks = `${s.passed}/${countOf(s.checks, 'check')} passed${s.skipped ? `, ${s.skipped} skipped` : ''}${s.errored ? `, ${s.errored} could not run` : ''}`;
  const tail = c.dim(` · ${checks} · ${report.durationMs} ms${report.interrupted ? ' · interrupted' : ''}`);
  return s.verdict === 'healthy' ? c.green.bold(`✔ healthy: ${counts}`) + tail : c.red.bold(`✖ unhealthy: ${counts}`) + tail;
}

/** Lines of server output shown in the terminal; the JSON report keeps the whole captured tail. */
const SERVER_OUTPUT_LINES = 30;

function renderServerOutput(c: ChalkInstance, output: string): string[] {
  const { heading, lines } = serverOutputTail(output, SERVER_OUTPUT_LINES);
  return [c.bold(heading), ...lines.map((line) => c.dim(`  | ${line}`))];
}

/** Lines of container log the terminal shows (matched lines always show); the JSON report keeps more. */
const CONTAINER_LOG_LINES = 20;
const CONTAINER_LOG_LINES_VERBOSE = 100;

/** The "Container logs" section: where from, then the last lines, a line that names a cause marked with its code. */
function renderContainerLogs(c: ChalkInstance, logs: NonNullable<Report['containerLogs']>, maxLines: number): string[] {
  const { heading, lines } = containerLogTail(logs, maxLines);
  const out = [c.bold(heading), c.dim(`  ${describeContainerLogs(logs)}`)];
  for (const line of lines) out.push(line.code ? `${c.red('  ▶')} ${line.text}  ${c.red.bold(line.code)}` : c.dim(`  | ${line.text}`));
  return out;
}

function describeServer(report: Report): string | undefined {
  const s = report.server;
  const protocols = describeProtocols(s);
  if (!s.name && !protocols && !s.stack) return undefined;
  const parts = [
    s.name ? `server ${s.name}${s.version ? ` ${s.version}` : ''}` : undefined,
    s.stack ? `stack ${s.stack.name}${s.stack.versionRange ? ` ${s.stack.versionRange}` : ''}` : undefined,
    protocols ? `${protocols.label} ${protocols.versions}` : undefined,
    s.stateful === undefined ? undefined : s.stateful ? 'stateful' : 'stateless',
    s.tools === undefined ? undefined : countOf(s.tools, 'tool'),
    s.resources === undefined ? undefined : countOf(s.resources, 'resource'),
    s.prompts === undefined ? undefined : countOf(s.prompts, 'prompt'),
  ].filter(Boolean);
  return parts.join(' · ');
}

/** One line per protocol era of a conformance run: tested at which version, or why not. */
function describeEras(report: Report): string[] {
  return (report.conformance?.eras ?? []).map((era) => {
    const name = era.era === '2025' ? '2025 era (initialize, sessions)' : '2026-07-28 era (per-request)';
    if (era.status !== 'tested') return `${name}: ${era.status === 'skipped' ? 'skipped' : 'not testable'}: ${era.reason ?? ''}`;
    const counted = report.checks.filter((check) => check.id.startsWith(`${era.era}/`));
    const passed = counted.filter((check) => check.status === 'pass').length;
    const skipped = counted.filter((check) => check.status === 'skip').length;
    return `${name}: ${era.version ?? '?'} · capabilities ${era.capabilities?.join(', ') || 'none'} · ${passed}/${counted.length} requirements passed, ${skipped} skipped`;
  });
}

function paint(c: ChalkInstance, severity: Severity): ChalkInstance {
  return severity === 'error' ? c.red : severity === 'warning' ? c.yellow : c.cyan;
}

/** Several targets: each report in turn, then a summary table and the overall verdict. */
export function renderPrettyFleet(reports: readonly Report[], options: PrettyOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const sections = reports.map((report) => renderPretty(report, options));
  const rows = reports.map((r) => {
    const target = stripUnsafeCharacters(r.runtime?.arn ?? r.target.input);
    const verdict = r.summary.verdict === 'healthy' ? c.green('healthy  ') : c.red('unhealthy');
    return `  ${verdict}  ${String(r.summary.findings.error).padStart(3)} err  ${String(r.summary.findings.warning).padStart(3)} warn  ${String(r.durationMs).padStart(6)} ms  ${target}`;
  });
  const unhealthy = reports.filter((r) => r.summary.verdict === 'unhealthy').length;
  const verdict = unhealthy === 0 ? c.green.bold(`✔ all ${reports.length} targets healthy`) : c.red.bold(`✖ ${unhealthy} of ${reports.length} targets unhealthy`);
  return `${sections.join(`\n${c.dim('─'.repeat(72))}\n\n`)}\n${c.bold('Summary')}\n${rows.join('\n')}\n\n${verdict}\n`;
}
