import type { FindingCode } from '../catalog/codes.js';
import { EXCEPTION_CODE, findLogCauses, LOG_CAUSE_CODES } from '../catalog/log-causes.js';
import type { FindingSpec } from '../model/contracts.js';
import { createFinding } from '../engine/findings.js';
import type { AdviceContext, StackFingerprint } from '../catalog/stacks.js';
import { buildSummary, collapseFindings } from '../engine/post-process.js';
import type { CheckArea, CheckResult, FailOn, Finding, RehearsalFacts, Report } from '../model/report.js';
import { sanitizeText } from '../security/sanitize-text.js';
import { TOOL_VERSION } from '../version.js';
import type { ServerExit } from './server-process.js';
import { describeExit } from './server-process.js';
import type { BindingObservation } from './tcp-connect.js';

/**
 * The checks only a rehearsal can make, because they watch the server process and its socket
 * rather than HTTP answers: did it start, and did it bind every interface. They are pure, like
 * the engine's checks, and their results join the diagnosis's report in front of its own.
 */

/** A rehearsal check, in the registry's shape (id, title, the codes it may emit). */
export interface RehearsalCheck {
  id: string;
  title: string;
  area: CheckArea;
  codes: readonly FindingCode[];
}

/** The server process started and listened before AgentCore's init limit. */
export const STARTUP_CHECK = { id: 'rehearsal-startup', title: 'The server command starts and listens in time', area: 'agentcore', codes: ['SERVER_EXITED_AT_STARTUP', 'RUNTIME_INIT_TIMEOUT'] } as const satisfies RehearsalCheck;

/** The server accepts connections on a non-loopback address (0.0.0.0). */
export const BINDING_CHECK = { id: 'rehearsal-binding', title: 'The server listens on every interface (0.0.0.0)', area: 'network', codes: ['SERVER_BINDS_LOOPBACK'] } as const satisfies RehearsalCheck;

/** The server's own output names no known failure (the matching a deployed runtime's container log gets). */
export const OUTPUT_CHECK = { id: 'rehearsal-output', title: 'The server output names no known failure', area: 'agentcore', codes: [...LOG_CAUSE_CODES, EXCEPTION_CODE] } as const satisfies RehearsalCheck;

/** Every rehearsal check, in report order. */
export const rehearsalChecks: readonly RehearsalCheck[] = [STARTUP_CHECK, BINDING_CHECK, OUTPUT_CHECK];

/** Judges the server's captured output with the catalog's patterns: each cause it names is a finding quoting the line. */
export function evaluateOutput(output: string | undefined): RehearsalCheckOutcome {
  if (output === undefined) return outcome(OUTPUT_CHECK, 'skip', [], 0, 'no server command ran (--url)');
  const causes = findLogCauses(output.split('\n'));
  if (causes.length === 0) return outcome(OUTPUT_CHECK, 'pass', []);
  return outcome(
    OUTPUT_CHECK,
    'fail',
    causes.map((cause) => ({ code: cause.code, args: cause.args, evidence: { detail: `server output: ${sanitizeText(cause.line, 300)}` } })),
  );
}

/** What the rehearsal saw before the diagnosis. */
export type StartupObservation =
  | { kind: 'listening'; afterMs: number }
  | { kind: 'exited'; exit: ServerExit; lastOutput: string }
  | { kind: 'not-listening'; waitedMs: number; port: number; lastOutput: string }
  | { kind: 'interrupted' };

/** A check's outcome: its result line and its findings. */
export interface RehearsalCheckOutcome {
  result: CheckResult;
  findings: Finding[];
}

/** Judges start-up: an exit before listening, or no listener within the init limit, is an error. */
export function evaluateStartup(observation: StartupObservation, advice: AdviceContext = {}): RehearsalCheckOutcome {
  if (observation.kind === 'listening') return outcome(STARTUP_CHECK, 'pass', [], observation.afterMs);
  // Ctrl-C before the server listened says nothing about the server.
  if (observation.kind === 'interrupted') return outcome(STARTUP_CHECK, 'skip', [], 0, 'interrupted before the server listened');
  if (observation.kind === 'exited') {
    const exit = describeExit(observation.exit);
    return outcome(STARTUP_CHECK, 'fail', [{ code: 'SERVER_EXITED_AT_STARTUP', args: { detail: exit }, evidence: { detail: lastLine(`${exit}`, observation.lastOutput) } }], 0, undefined, advice);
  }
  const spec: FindingSpec = {
    code: 'RUNTIME_INIT_TIMEOUT',
    args: { status: 424, detail: `nothing listened on port ${observation.port} within ${Math.round(observation.waitedMs / 1000)} s` },
    evidence: { detail: lastLine(`no listener on port ${observation.port} after ${observation.waitedMs} ms`, observation.lastOutput) },
  };
  return outcome(STARTUP_CHECK, 'fail', [spec], observation.waitedMs, undefined, advice);
}

/** Judges the binding: refused on the non-loopback address while loopback answers = loopback only. */
export function evaluateBinding(observation: BindingObservation | undefined, advice: AdviceContext = {}): RehearsalCheckOutcome {
  if (!observation) return outcome(BINDING_CHECK, 'skip', [], 0, 'the server did not listen');
  if (observation.binding === 'all-interfaces') return outcome(BINDING_CHECK, 'pass', []);
  if (observation.binding === 'unknown') return outcome(BINDING_CHECK, 'skip', [], 0, observation.reason ?? 'no address to probe');
  return outcome(BINDING_CHECK, 'fail', [{ code: 'SERVER_BINDS_LOOPBACK', ...(observation.probeAddress ? { args: { host: observation.probeAddress } } : {}), evidence: { detail: `connect 127.0.0.1 → accepted; connect ${observation.probeAddress ?? '?'} → refused` } }], 0, undefined, advice);
}

function outcome(check: RehearsalCheck, status: CheckResult['status'], specs: FindingSpec[], durationMs = 0, skipReason?: string, advice: AdviceContext = {}): RehearsalCheckOutcome {
  return {
    result: { id: check.id, title: check.title, area: check.area, status, durationMs, ...(skipReason ? { skipReason } : {}) },
    findings: specs.map((spec) => createFinding(spec, check.id, 'agentcore', undefined, advice)),
  };
}

/** A one-line evidence detail: what happened and the last line the server printed. */
function lastLine(what: string, output: string): string {
  const line = output.trimEnd().split('\n').pop()?.trim();
  return line ? `${what}; last output: ${sanitizeText(line, 300)}` : `${what}; no output`;
}

/** Puts the rehearsal's checks in front of the diagnosis's and recounts. */
export function mergeRehearsal(report: Report, outcomes: readonly RehearsalCheckOutcome[], facts: RehearsalFacts, durationMs: number): Report {
  const checks = [...outcomes.map((o) => o.result), ...report.checks];
  const findings = collapseFindings([...outcomes.flatMap((o) => o.findings), ...report.findings], checks.map((c) => c.id));
  return { ...report, checks, findings, summary: buildSummary(checks, findings, report.failOn), durationMs, rehearsal: facts };
}

/** The report when the server never listened: no diagnosis ran, the start-up findings are the answer. */
export function startupReport(outcomes: readonly RehearsalCheckOutcome[], facts: RehearsalFacts, options: { failOn: FailOn; startedAt: Date; durationMs: number; stack?: StackFingerprint }): Report {
  const checks = outcomes.map((o) => o.result);
  const findings = collapseFindings(outcomes.flatMap((o) => o.findings), checks.map((c) => c.id));
  return {
    schemaVersion: 1,
    tool: { name: 'mcp-doctor', version: TOOL_VERSION },
    target: { input: facts.command ?? facts.url, url: facts.url, kind: 'url', source: 'mcp-doctor rehearse' },
    profile: 'agentcore',
    failOn: options.failOn,
    startedAt: options.startedAt.toISOString(),
    durationMs: options.durationMs,
    summary: buildSummary(checks, findings, options.failOn),
    server: options.stack ? { stack: options.stack } : {},
    checks,
    findings,
    timings: { rounds: 0, requests: 0, probes: [] },
    rehearsal: facts,
  };
}
