import { describeProtocols } from './server-protocols.js';
import type { CheckResult, Evidence, Finding, ProbeTiming, RehearsalFacts, Report, Severity } from '../model/report.js';
import { capText, stripUnsafeCharacters } from '../security/sanitize-text.js';
import { formatLocation } from './location.js';
import { describeRehearsal, serverOutputTail } from './rehearsal.js';
import { describeTeardown } from './teardown-line.js';

/**
 * One self-contained HTML5 page: inline CSS, no script, no external asset, and a CSP that forbids
 * everything but inline styles, so even a missed escape could not load or run anything. Every
 * interpolated string passes through `escapeHtml`, every number through `count`/`percent`. The
 * markup is also well-formed XML (void elements self-closed, only XML entities), which lets tests
 * check it with a strict parser.
 */

const SEVERITIES: ReadonlyArray<readonly [Severity, string]> = [
  ['error', 'Errors'],
  ['warning', 'Warnings'],
  ['info', 'Info'],
];

const STATUS_LABEL: Record<CheckResult['status'], string> = { pass: 'pass', fail: 'fail', warn: 'warn', skip: 'skip', error: 'could not run' };
const OUTCOMES = new Set<ProbeTiming['outcome']>(['ok', 'error', 'timeout', 'skipped']);

/** Escapes text for HTML element content and double- or single-quoted attributes; strips controls. */
export function escapeHtml(text: unknown): string {
  return stripUnsafeCharacters(capText(String(text)))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Escaped prose where a `` `span` `` (how catalog prose marks code) becomes `<code>`. */
export function renderProse(text: unknown): string {
  return capText(String(text))
    .split(/(`[^`]+`)/)
    .map((part, i) => (i % 2 === 1 ? `<code>${escapeHtml(part.slice(1, -1))}</code>` : escapeHtml(part)))
    .join('');
}

/**
 * Renders reports (one per target) as a single HTML page: the overall verdict, a table of targets,
 * then per target its findings (message, fix, likely causes, evidence), a probe timeline scaled to
 * the run's duration, and the checks.
 */
export function renderHtml(reports: readonly Report[]): string {
  const unhealthy = reports.filter((r) => r.summary.verdict !== 'healthy').length;
  const pageTitle = reports.length === 1 && reports[0] ? `mcp-doctor: ${verdictWord(reports[0])} · ${targetName(reports[0])}` : `mcp-doctor: ${unhealthy > 0 ? 'unhealthy' : 'healthy'}`;
  const body = [renderVerdict(reports, unhealthy), reports.length > 1 ? renderTargetTable(reports) : '', ...reports.map((r, i) => renderTarget(r, i)), renderFooter(reports)].filter(Boolean);
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8" />',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'" />`,
    '<meta name="viewport" content="width=device-width, initial-scale=1" />',
    '<meta name="color-scheme" content="light dark" />',
    `<title>${escapeHtml(pageTitle)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    ...body,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function renderVerdict(reports: readonly Report[], unhealthy: number): string {
  if (reports.length === 0) return '<header class="verdict verdict-none"><h1>No targets</h1><p>No target was diagnosed.</p></header>';
  const ok = unhealthy === 0;
  const sum = (pick: (r: Report) => unknown) => reports.reduce((n, r) => n + count(pick(r)), 0);
  const subject = reports.length === 1 ? 'The target is' : ok ? `All ${reports.length} targets are` : `${unhealthy} of ${reports.length} targets are`;
  const headline = `${subject} ${ok ? 'healthy' : 'unhealthy'}`;
  const single = reports.length === 1 && reports[0] ? `<p class="verdict-target">${escapeHtml(targetName(reports[0]))}</p>` : '';
  return [
    `<header class="verdict ${ok ? 'verdict-ok' : 'verdict-bad'}">`,
    `<div class="verdict-mark" aria-hidden="true">${ok ? '✔' : '✖'}</div>`,
    '<div class="verdict-text">',
    `<p class="eyebrow">mcp-doctor report</p>`,
    `<h1>${ok ? 'Healthy' : 'Unhealthy'}</h1>`,
    `<p class="verdict-headline">${escapeHtml(headline)}</p>`,
    single,
    '</div>',
    '<dl class="tiles">',
    tile('Errors', sum((r) => r.summary.findings.error), 'error'),
    tile('Warnings', sum((r) => r.summary.findings.warning), 'warning'),
    tile('Info', sum((r) => r.summary.findings.info), 'info'),
    tile('Checks passed', `${sum((r) => r.summary.passed)}/${sum((r) => r.summary.checks)}`, 'neutral'),
    '</dl>',
    '</header>',
  ].join('\n');
}

function tile(label: string, value: number | string, tone: string): string {
  return `<div class="tile tone-${tone}"><dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd></div>`;
}

function renderTargetTable(reports: readonly Report[]): string {
  const rows = reports.map((r, i) => {
    const s = r.summary;
    return `<tr><td><a href="#target-${i + 1}">${escapeHtml(targetName(r))}</a></td><td>${verdictPill(r)}</td><td class="num">${count(s.findings.error)}</td><td class="num">${count(s.findings.warning)}</td><td class="num">${count(s.passed)}/${count(s.checks)}</td><td class="num">${formatDuration(r.durationMs)}</td></tr>`;
  });
  return [
    '<section class="card">',
    '<h2>Targets</h2>',
    '<div class="scroll"><table class="grid">',
    '<thead><tr><th>Target</th><th>Verdict</th><th class="num">Errors</th><th class="num">Warnings</th><th class="num">Checks passed</th><th class="num">Duration</th></tr></thead>',
    `<tbody>${rows.join('\n')}</tbody>`,
    '</table></div>',
    '</section>',
  ].join('\n');
}

function renderTarget(report: Report, index: number): string {
  const id = `target-${index + 1}`;
  const parts: string[] = [
    `<section class="target" id="${id}">`,
    '<header class="target-head">',
    `<h2>${verdictPill(report)} <span class="target-name">${escapeHtml(targetName(report))}</span></h2>`,
    `<ul class="facts">${describeRun(report).map((f) => `<li>${f}</li>`).join('')}</ul>`,
    '</header>',
  ];
  if (report.interrupted) parts.push(`<p class="banner">${report.interruption === 'signal' ? 'The run was interrupted' : 'The run hit its overall deadline'} before every probe finished; unfinished checks are marked.</p>`);
  if (report.rehearsal) parts.push(renderRehearsal(report.rehearsal));
  if (report.teardown) parts.push(`<p class="rehearsal">${escapeHtml(describeTeardown(report.teardown))}</p>`);
  if (report.findings.length === 0) parts.push('<p class="empty">No findings.</p>');
  for (const [severity, heading] of SEVERITIES) {
    const group = report.findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    parts.push(`<h3 class="group sev-${severity}">${heading} <span class="badge">${group.length}</span></h3>`);
    parts.push(...group.map(renderFinding));
  }
  parts.push(renderTimeline(report), renderChecks(report), '</section>');
  return parts.join('\n');
}

function renderFinding(finding: Finding): string {
  const severity = SEVERITIES.some(([s]) => s === finding.severity) ? finding.severity : 'info';
  const [fix, ...moreFixes] = finding.remediation;
  const parts = [
    `<article class="finding sev-${severity}">`,
    `<header><span class="sev-label">${escapeHtml(severity)}</span><code class="code">${escapeHtml(finding.code)}</code><h4>${renderProse(finding.title)}</h4></header>`,
    `<p class="message">${renderProse(finding.message)}</p>`,
  ];
  if (finding.location) parts.push(`<p class="location"><code>${escapeHtml(formatLocation(finding.location))}</code></p>`);
  if (fix !== undefined) {
    parts.push(`<div class="fix"><p><strong>Fix</strong> ${renderProse(fix)}</p>`);
    if (moreFixes.length > 0) parts.push(`<details><summary>${moreFixes.length} more step${moreFixes.length === 1 ? '' : 's'}</summary><ul>${moreFixes.map((m) => `<li>${renderProse(m)}</li>`).join('')}</ul></details>`);
    parts.push('</div>');
  }
  if (finding.causes.length > 0) parts.push(`<details class="causes"><summary>Likely cause${finding.causes.length === 1 ? '' : 's'}</summary><ol>${finding.causes.map((c) => `<li>${renderProse(c)}</li>`).join('')}</ol></details>`);
  const evidence = renderEvidence(finding.evidence);
  if (evidence) parts.push(evidence);
  // Spec and docs are shown as text: the page links nowhere outside itself.
  const more = [`Docs <code>docs/codes/${escapeHtml(finding.code)}.md</code>`, `offline <code>mcp-doctor explain ${escapeHtml(finding.code)}</code>`];
  if (finding.spec) more.push(`spec ${escapeHtml(finding.spec.id)} <span class="url">${escapeHtml(finding.spec.url)}</span>`);
  parts.push(`<p class="more">${more.join(' · ')}</p>`, '</article>');
  return parts.join('\n');
}

function renderEvidence(evidence: Evidence | undefined): string {
  if (!evidence) return '';
  const rows: string[] = [];
  if (evidence.request) rows.push(`<dt>Request</dt><dd><code>${escapeHtml(evidence.request)}</code></dd>`);
  if (evidence.status !== undefined) rows.push(`<dt>Status</dt><dd><code>${count(evidence.status)}</code></dd>`);
  const headers = evidence.headers ? Object.entries(evidence.headers) : [];
  if (headers.length > 0) rows.push(`<dt>Headers</dt><dd>${headers.map(([k, v]) => `<code>${escapeHtml(k)}: ${escapeHtml(v)}</code>`).join('<br />')}</dd>`);
  if (evidence.bodyExcerpt) rows.push(`<dt>Body</dt><dd><pre>${escapeHtml(evidence.bodyExcerpt)}</pre></dd>`);
  if (evidence.detail) rows.push(`<dt>Detail</dt><dd>${escapeHtml(evidence.detail)}</dd>`);
  if (evidence.control) {
    const status = evidence.control.status !== undefined ? ` → <code>${count(evidence.control.status)}</code>` : '';
    rows.push(`<dt>Control</dt><dd><code>${escapeHtml(evidence.control.request)}</code>${status}</dd>`);
  }
  return rows.length > 0 ? `<dl class="evidence">${rows.join('')}</dl>` : '';
}

/** Horizontal bars placed by start and length on a shared axis: the run's duration, or longer if a probe overran it. */
function renderTimeline(report: Report): string {
  const probes = report.timings.probes;
  if (probes.length === 0) return '';
  const span = Math.max(1, count(report.durationMs), ...probes.map((p) => count(p.startedAtMs) + count(p.durationMs)));
  const ticks = axisTicks(span).map((t) => `<span class="tick" style="left:${percent(t, span)}%"><span>${formatTick(t)}</span></span>`);
  const rows = probes.map((p) => {
    const outcome = OUTCOMES.has(p.outcome) ? p.outcome : 'error';
    const start = count(p.startedAtMs);
    const duration = count(p.durationMs);
    const label = `${p.id}: starts at +${formatDuration(start)}, takes ${formatDuration(duration)}, ${count(p.requests)} request${count(p.requests) === 1 ? '' : 's'}, ${outcome}`;
    return [
      `<li class="lane outcome-${outcome}">`,
      `<span class="lane-name" title="${escapeHtml(p.id)}">${escapeHtml(p.id)}</span>`,
      `<span class="track"><span class="bar" style="left:${percent(start, span)}%;width:${percent(duration, span)}%" title="${escapeHtml(label)}"></span></span>`,
      `<span class="lane-value">${formatDuration(duration)} <span class="outcome">${escapeHtml(outcome)}</span></span>`,
      '</li>',
    ].join('');
  });
  return [
    '<section class="card timeline">',
    `<h3>Probe timeline <span class="muted">${count(report.timings.requests)} requests in ${count(report.timings.rounds)} rounds</span></h3>`,
    `<div class="axis"><span class="lane-name"></span><span class="track">${ticks.join('')}</span><span class="lane-value"></span></div>`,
    `<ol class="lanes">${rows.join('\n')}</ol>`,
    '<p class="legend"><span class="key outcome-ok">ok</span><span class="key outcome-timeout">timeout</span><span class="key outcome-error">error</span><span class="key outcome-skipped">skipped</span></p>',
    '</section>',
  ].join('\n');
}

function renderChecks(report: Report): string {
  const rows = report.checks.map((check) => {
    const status = check.status in STATUS_LABEL ? check.status : 'error';
    const note = check.status === 'skip' ? check.skipReason : check.status === 'error' ? check.errorMessage : undefined;
    const codes = report.findings.filter((f) => f.checkId === check.id).map((f) => `<code class="sev-${f.severity === 'error' || f.severity === 'warning' ? f.severity : 'info'}">${escapeHtml(f.code)}</code>`);
    return `<tr><td><code>${escapeHtml(check.id)}</code><div class="muted">${escapeHtml(check.title)}</div></td><td><span class="pill status-${status}">${STATUS_LABEL[status]}</span></td><td>${[...codes, note ? `<span class="muted">${renderProse(note)}</span>` : ''].filter(Boolean).join(' ')}</td><td class="num">${formatDuration(check.durationMs)}</td></tr>`;
  });
  const s = report.summary;
  return [
    '<section class="card">',
    `<h3>Checks <span class="muted">${count(s.passed)} of ${count(s.checks)} passed</span></h3>`,
    '<div class="scroll"><table class="grid">',
    '<thead><tr><th>Check</th><th>Status</th><th>Findings / note</th><th class="num">Duration</th></tr></thead>',
    `<tbody>${rows.join('\n')}</tbody>`,
    '</table></div>',
    '</section>',
  ].join('\n');
}

function renderFooter(reports: readonly Report[]): string {
  const first = reports[0];
  if (!first) return '';
  return `<footer>Generated by mcp-doctor ${escapeHtml(first.tool.version)} · started ${escapeHtml(first.startedAt)}</footer>`;
}

/** The rehearsal line, and the server's output tail when the rehearsal kept it. */
function renderRehearsal(r: RehearsalFacts): string {
  const line = `<p class="rehearsal">${escapeHtml(describeRehearsal(r))}</p>`;
  if (!r.output) return line;
  const { heading, lines } = serverOutputTail(r.output, SERVER_OUTPUT_LINES);
  return `${line}<details class="server-output"><summary>${escapeHtml(heading)}</summary><pre>${escapeHtml(lines.join('\n'))}</pre></details>`;
}

/** Lines of server output the HTML report shows. */
const SERVER_OUTPUT_LINES = 200;

function describeRun(report: Report): string[] {
  const facts = [`profile <b>${escapeHtml(report.profile)}</b>`, `fails on <b>${escapeHtml(report.failOn)}</b>`];
  const s = report.server;
  if (s.name) facts.push(`server <b>${escapeHtml(`${s.name}${s.version ? ` ${s.version}` : ''}`)}</b>`);
  const protocols = describeProtocols(s);
  if (protocols) facts.push(`${protocols.label} <b>${escapeHtml(protocols.versions)}</b>`);
  if (s.stateful !== undefined) facts.push(s.stateful ? 'stateful' : 'stateless');
  if (s.tools !== undefined) facts.push(`${count(s.tools)} tool${count(s.tools) === 1 ? '' : 's'}`);
  if (report.runtime) {
    const r = report.runtime;
    if (r.status) facts.push(`runtime <b>${escapeHtml(r.status)}</b>`);
    if (r.authorizer) facts.push(`authorizer <b>${r.authorizer === 'jwt' ? 'JWT' : 'IAM (SigV4)'}</b>`);
  }
  facts.push(`${count(report.summary.passed)}/${count(report.summary.checks)} checks passed`, `<b>${formatDuration(report.durationMs)}</b>`);
  return facts;
}

function verdictPill(report: Report): string {
  return report.summary.verdict === 'healthy' ? '<span class="pill status-pass">✔ healthy</span>' : '<span class="pill status-fail">✖ unhealthy</span>';
}

function verdictWord(report: Report): string {
  return report.summary.verdict === 'healthy' ? 'healthy' : 'unhealthy';
}

function targetName(report: Report): string {
  return report.runtime ? `${report.runtime.arn} (qualifier ${report.runtime.qualifier})` : report.target.url;
}

/** About five round tick marks (1, 2 or 5 times a power of ten) from 0 to `span`. */
function axisTicks(span: number): number[] {
  const raw = span / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let t = 0; t <= span; t += step) ticks.push(Math.round(t));
  return ticks;
}

/** A non-negative integer, whatever a report file put there. */
function count(value: unknown): number {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? Math.round(n) : 0;
}

function percent(part: number, whole: number): string {
  return Math.min(100, Math.max(0, (part / whole) * 100)).toFixed(3);
}

/** Axis labels: round numbers without trailing zeros (`0`, `500 ms`, `5 s`, `12.5 s`). */
function formatTick(ms: number): string {
  if (ms === 0) return '0';
  return ms < 1000 ? `${ms} ms` : `${Number((ms / 1000).toFixed(2))} s`;
}

function formatDuration(ms: unknown): string {
  const n = count(ms);
  return n < 1000 ? `${n} ms` : `${(n / 1000).toFixed(n < 10_000 ? 2 : 1)} s`;
}

const STYLE = `
:root {
  color-scheme: light dark;
  --bg: #f5f6f8; --fg: #1c2230; --muted: #5e6776; --card: #ffffff; --border: #dfe3e9; --code-bg: #eef1f5;
  --error: #c4291c; --error-bg: #fdebe9; --warning: #9a5b00; --warning-bg: #fff3dc; --info: #1f5fae; --info-bg: #e7f0fb;
  --ok: #1d7a35; --ok-bg: #e5f4e9; --skip: #6b7280; --skip-bg: #eef0f3; --track: #eceff3;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0f1217; --fg: #e4e7ec; --muted: #98a1b0; --card: #171b22; --border: #2a303b; --code-bg: #222834;
    --error: #ff7b6e; --error-bg: #3a1714; --warning: #f0b44c; --warning-bg: #34270f; --info: #7db4ff; --info-bg: #132640;
    --ok: #5fd17e; --ok-bg: #12301c; --skip: #9aa3b2; --skip-bg: #242a34; --track: #222832;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", "DejaVu Sans", sans-serif; }
main { max-width: 1120px; margin: 0 auto; padding: 32px 24px 56px; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace; font-size: 0.88em; }
code { background: var(--code-bg); padding: 1px 5px; border-radius: 4px; overflow-wrap: anywhere; }
pre { background: var(--code-bg); padding: 8px 10px; border-radius: 6px; margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
h1, h2, h3, h4 { line-height: 1.25; margin: 0; }
a { color: var(--info); }
.muted { color: var(--muted); font-weight: normal; font-size: 0.9em; }
.verdict { display: flex; flex-wrap: wrap; align-items: center; gap: 20px; padding: 24px 28px; border-radius: 14px; background: var(--card); border: 1px solid var(--border); border-left: 8px solid var(--skip); margin-bottom: 24px; }
.verdict-ok { border-left-color: var(--ok); }
.verdict-bad { border-left-color: var(--error); }
.verdict-mark { font-size: 40px; width: 64px; height: 64px; border-radius: 50%; display: flex; align-items: center; justify-content: center; }
.verdict-ok .verdict-mark { background: var(--ok-bg); color: var(--ok); }
.verdict-bad .verdict-mark { background: var(--error-bg); color: var(--error); }
.verdict-text { flex: 1 1 320px; min-width: 0; }
.verdict h1 { font-size: 30px; }
.verdict-ok h1 { color: var(--ok); }
.verdict-bad h1 { color: var(--error); }
.eyebrow { margin: 0 0 2px; text-transform: uppercase; letter-spacing: 0.08em; font-size: 12px; color: var(--muted); }
.verdict-headline { margin: 4px 0 0; font-weight: 600; }
.verdict-target { margin: 2px 0 0; color: var(--muted); overflow-wrap: anywhere; }
.tiles { display: flex; gap: 10px; margin: 0; flex-wrap: wrap; }
.tile { min-width: 92px; padding: 8px 12px; border-radius: 10px; background: var(--skip-bg); }
.tile dt { font-size: 12px; color: var(--muted); }
.tile dd { margin: 0; font-size: 22px; font-weight: 700; }
.tone-error dd { color: var(--error); } .tone-warning dd { color: var(--warning); } .tone-info dd { color: var(--info); }
.card { background: var(--card); border: 1px solid var(--border); border-radius: 12px; padding: 16px 20px; margin: 16px 0; }
.card h2, .card h3 { margin-bottom: 10px; font-size: 17px; }
.target { margin-top: 36px; }
.target-head h2 { font-size: 20px; display: flex; gap: 10px; align-items: center; flex-wrap: wrap; }
.target-name { overflow-wrap: anywhere; }
.facts { list-style: none; padding: 0; margin: 8px 0 16px; display: flex; flex-wrap: wrap; gap: 6px; color: var(--muted); font-size: 13px; }
.facts li { background: var(--card); border: 1px solid var(--border); border-radius: 999px; padding: 2px 10px; }
.banner { background: var(--warning-bg); color: var(--warning); border-radius: 8px; padding: 8px 12px; }
.empty { color: var(--muted); }
.rehearsal { color: var(--muted); }
.server-output pre { max-height: 24em; overflow: auto; }
.group { font-size: 16px; margin: 22px 0 8px; display: flex; align-items: center; gap: 8px; }
.group.sev-error { color: var(--error); } .group.sev-warning { color: var(--warning); } .group.sev-info { color: var(--info); }
.badge { font-size: 12px; border-radius: 999px; padding: 0 8px; background: var(--skip-bg); color: var(--fg); }
.finding { background: var(--card); border: 1px solid var(--border); border-left: 5px solid var(--info); border-radius: 10px; padding: 14px 18px; margin: 10px 0; }
.finding.sev-error { border-left-color: var(--error); } .finding.sev-warning { border-left-color: var(--warning); }
.finding header { display: flex; flex-wrap: wrap; gap: 8px; align-items: baseline; }
.finding h4 { font-size: 15px; flex: 1 1 300px; }
.sev-label { text-transform: uppercase; font-size: 11px; font-weight: 700; letter-spacing: 0.06em; padding: 1px 7px; border-radius: 4px; background: var(--info-bg); color: var(--info); }
.sev-error .sev-label { background: var(--error-bg); color: var(--error); }
.sev-warning .sev-label { background: var(--warning-bg); color: var(--warning); }
.finding .code { font-weight: 700; }
.message { margin: 8px 0; overflow-wrap: anywhere; }
.fix { background: var(--ok-bg); border-radius: 8px; padding: 8px 12px; margin: 8px 0; }
.fix p { margin: 0; overflow-wrap: anywhere; }
.fix strong { color: var(--ok); margin-right: 4px; }
.fix ul { margin: 6px 0 0; }
details { margin: 6px 0; }
summary { cursor: pointer; color: var(--muted); font-size: 13px; }
.causes ol { margin: 4px 0; }
.evidence { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; margin: 10px 0 4px; font-size: 13px; }
.evidence dt { color: var(--muted); font-weight: 600; }
.evidence dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
.more { margin: 8px 0 0; font-size: 12px; color: var(--muted); overflow-wrap: anywhere; }
.url { font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
.scroll { overflow-x: auto; }
table.grid { width: 100%; border-collapse: collapse; font-size: 14px; }
.grid th, .grid td { text-align: left; padding: 7px 10px; border-bottom: 1px solid var(--border); vertical-align: top; }
.grid th { font-size: 12px; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted); }
.grid tr:last-child td { border-bottom: 0; }
.grid .num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.pill { display: inline-block; font-size: 12px; font-weight: 700; border-radius: 999px; padding: 1px 10px; white-space: nowrap; }
.status-pass { background: var(--ok-bg); color: var(--ok); }
.status-fail, .status-error { background: var(--error-bg); color: var(--error); }
.status-warn { background: var(--warning-bg); color: var(--warning); }
.status-skip { background: var(--skip-bg); color: var(--skip); }
code.sev-error { color: var(--error); } code.sev-warning { color: var(--warning); } code.sev-info { color: var(--info); }
.timeline .lanes { list-style: none; margin: 0; padding: 0; }
.lane, .axis { display: grid; grid-template-columns: 180px 1fr 150px; gap: 12px; align-items: center; }
.lane { padding: 4px 0; font-size: 13px; }
.lane-name { font-family: ui-monospace, "DejaVu Sans Mono", monospace; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.lane-value { font-variant-numeric: tabular-nums; color: var(--muted); white-space: nowrap; }
.track { position: relative; height: 16px; background: var(--track); border-radius: 4px; }
.axis .track { background: none; height: 20px; border-bottom: 1px solid var(--border); }
.bar { position: absolute; top: 2px; bottom: 2px; min-width: 3px; border-radius: 3px; background: var(--ok); }
.outcome-timeout .bar { background: var(--warning); }
.outcome-error .bar { background: var(--error); }
.outcome-skipped .bar { background: var(--skip); }
.outcome { font-size: 11px; text-transform: uppercase; margin-left: 4px; }
.outcome-timeout .outcome { color: var(--warning); } .outcome-error .outcome { color: var(--error); }
.tick { position: absolute; bottom: 0; height: 6px; border-left: 1px solid var(--muted); }
.tick span { position: absolute; bottom: 6px; left: 0; transform: translateX(-50%); font-size: 11px; color: var(--muted); white-space: nowrap; }
.tick:first-child span { transform: none; }
.legend { display: flex; gap: 14px; font-size: 12px; color: var(--muted); margin: 10px 0 0; }
.key::before { content: ""; display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 5px; vertical-align: -1px; background: var(--ok); }
.key.outcome-timeout::before { background: var(--warning); } .key.outcome-error::before { background: var(--error); } .key.outcome-skipped::before { background: var(--skip); }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; text-align: center; }
@media (max-width: 700px) { .lane, .axis { grid-template-columns: 110px 1fr 90px; } main { padding: 16px 12px; } }
@media print { body { background: #fff; } .card, .finding, .verdict { break-inside: avoid; } }
`;
