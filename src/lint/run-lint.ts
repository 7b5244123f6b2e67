import { pathToFileURL } from 'node:url';
import { buildSummary } from '../engine/post-process.js';
import { UsageError } from '../model/errors.js';
import { catalog, resolveSeverity, type CatalogEntry } from '../catalog/catalog.js';
import { createFinding } from '../engine/findings.js';
import type { CheckResult, CheckStatus, FailOn, Finding, Report, Severity } from '../model/report.js';
import { maskSourceSecrets } from '../security/redact.js';
import { TOOL_VERSION } from '../version.js';
import { collectProjectFiles, DEFAULT_COLLECT_LIMITS, oneLine, type CollectLimits } from './collect-files.js';
import { parseClock, ParseBudgetError, startParseClock } from './parse-budget.js';
import { createLintProject } from './project.js';
import { projectAdvice } from './project-stack.js';
import type { AdviceContext } from '../catalog/stacks.js';
import { lintRules } from './rules/index.js';
import type { LintIssue, LintProject, LintRule } from './types.js';

/**
 * `mcp-doctor lint`: reads a project folder, runs the pure rules over it and builds the same
 * `Report` a diagnosis builds (target kind `project`, one check per rule, findings with a source
 * location), so every reporter renders it unchanged. Offline: nothing here touches the network.
 */

/** What to lint and how to judge it. */
export interface LintOptions {
  /** The folder, as the user typed it (default: the working directory). */
  dir: string;
  /** The server entrypoint, relative to the folder (else `.bedrock_agentcore.yaml`, else `main.py`). */
  entrypoint?: string;
  failOn?: FailOn;
  limits?: CollectLimits;
  rules?: readonly LintRule[];
}

/** A lint report plus what the collection left out (for a note on stderr). */
export interface LintRun {
  report: Report;
  tooLarge: string[];
  truncated: boolean;
  /** Files left unparsed (over the nesting or time budget), one line each. */
  overBudget: string[];
}

/** Reads `options.dir` and lints it. A missing folder is a UsageError (exit 2). */
export async function runLint(options: LintOptions): Promise<LintRun> {
  const started = Date.now();
  startParseClock();
  const collected = await collectProjectFiles(options.dir, options.limits ?? DEFAULT_COLLECT_LIMITS);
  const project = createLintProject(collected.root, collected.files, options.entrypoint ? { entrypoint: options.entrypoint } : {});
  // A report of eleven skipped rules reads as healthy; a folder no rule can read is a wrong argument.
  if (!(options.rules ?? lintRules).some((rule) => hasFiles(rule, project))) throw new UsageError(nothingToLint(options.dir));
  const report = lintProject(project, { input: options.dir, failOn: options.failOn ?? 'error', startedAt: new Date(started).toISOString(), ...(options.rules ? { rules: options.rules } : {}) });
  report.durationMs = Date.now() - started;
  return { report, tooLarge: collected.tooLarge, truncated: collected.truncated, overBudget: [...parseClock().skipped] };
}

/** The rule has something to read; a file its parser refuses counts (the rule reports it as not checked). */
function hasFiles(rule: LintRule, project: LintProject): boolean {
  try {
    return rule.appliesTo(project).length > 0;
  } catch {
    return true;
  }
}

/** The project's stack for ordering advice; a file over the parse budget is reported by its rule, not here. */
function adviceFor(project: LintProject): ReturnType<typeof projectAdvice> {
  try {
    return projectAdvice(project);
  } catch (error) {
    if (error instanceof ParseBudgetError) return {};
    throw error;
  }
}

/** The one-line usage error for a folder that holds nothing the rules read. */
export function nothingToLint(dir: string): string {
  return `nothing to lint in ${oneLine(dir)}: found no MCP server source (Python using FastMCP or MCPServer, TypeScript or JavaScript importing @modelcontextprotocol/*), no Dockerfile, no .bedrock_agentcore.yaml or agentcore/agentcore.json and no CloudFormation template; pass the project folder, e.g. mcp-doctor lint path/to/project`;
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Pure: the report for a project already read (what tests call with in-memory projects). */
export function lintProject(project: LintProject, options: { input?: string; failOn?: FailOn; startedAt?: string; rules?: readonly LintRule[] } = {}): Report {
  const rules = options.rules ?? lintRules;
  const failOn = options.failOn ?? 'error';
  const checks: CheckResult[] = [];
  const findings: Finding[] = [];
  const began = Date.now();
  const advice = adviceFor(project);
  for (const rule of rules) {
    const start = Date.now();
    const base = { id: rule.id, title: rule.title, area: 'project' as const };
    let files;
    let issues: LintIssue[];
    try {
      files = rule.appliesTo(project);
      if (files.length === 0) {
        checks.push({ ...base, status: 'skip', durationMs: Date.now() - start, skipReason: 'no file in the project that this rule reads' });
        continue;
      }
      issues = rule.check(files, project);
    } catch (error) {
      // A rule that throws (a file beyond the parser's recovery) could not check anything: never green.
      const message = error instanceof Error ? error.message.split('\n')[0] ?? 'the rule failed' : String(error);
      checks.push({ ...base, status: 'error', durationMs: Date.now() - start, errorMessage: message.slice(0, 300) });
      continue;
    }
    for (const issue of issues) findings.push(toFinding(issue, rule.id, advice));
    checks.push({ ...base, status: statusOf(issues), durationMs: Date.now() - start });
  }
  findings.sort(
    (a, b) =>
      RANK[a.severity] - RANK[b.severity] ||
      (a.location?.file ?? '').localeCompare(b.location?.file ?? '') ||
      (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
      (a.location?.column ?? 0) - (b.location?.column ?? 0) ||
      a.code.localeCompare(b.code),
  );
  return {
    schemaVersion: 1,
    tool: { name: 'mcp-doctor', version: TOOL_VERSION },
    target: { input: options.input ?? project.root, url: pathToFileURL(project.root).href, kind: 'project' },
    profile: 'agentcore',
    failOn,
    startedAt: options.startedAt ?? new Date(began).toISOString(),
    durationMs: Date.now() - began,
    summary: buildSummary(checks, findings, failOn),
    server: advice.stack ? { stack: advice.stack } : {},
    checks,
    findings,
    timings: { rounds: 0, requests: 0, probes: [] },
  };
}

function statusOf(issues: readonly LintIssue[]): CheckStatus {
  if (issues.some((i) => lintSeverity(i) === 'error')) return 'fail';
  if (issues.some((i) => lintSeverity(i) === 'warning')) return 'warn';
  return 'pass';
}

const LOWER: Record<Severity, Severity> = { error: 'warning', warning: 'info', info: 'info' };

/**
 * The catalog's severity for the code (its `lintSeverity` when lint judges it differently from a
 * diagnosis, else the `agentcore` profile's), one step lower for an issue the file only makes likely.
 */
export function lintSeverity(issue: Pick<LintIssue, 'code' | 'uncertain'>): Severity {
  const entry: CatalogEntry = catalog[issue.code];
  const severity = entry.lintSeverity ?? resolveSeverity(issue.code, 'agentcore');
  return issue.uncertain ? LOWER[severity] : severity;
}

/** The catalog supplies title, causes, remediation and docs; the rule supplies the sentence and the place. */
function toFinding(issue: LintIssue, checkId: string, advice: AdviceContext): Finding {
  const finding = createFinding({ code: issue.code, severity: lintSeverity(issue), ...(issue.args ? { args: issue.args } : {}) }, checkId, 'agentcore', undefined, advice);
  // Findings quote the project's own lines, which can hold keys (`CMD … --api-key sk-…`): every
  // output of lint (SARIF uploads included) shows them masked.
  finding.message = maskSourceSecrets(issue.message);
  finding.location = issue.location;
  if (issue.snippet) finding.evidence = { detail: maskSourceSecrets(issue.snippet) };
  return finding;
}
