import type { FindingCode } from '../catalog/codes.js';
import type { FindingSpec } from '../model/contracts.js';
import type { CheckArea, Evidence } from '../model/report.js';
import type { WireStep } from '../probes/conformance/wire.js';

/**
 * A conformance requirement: one testable statement of the specification, judged by a pure
 * function over what the run observed. Its id is stable API (baselines and CI name it); its
 * section is where the specification states it, resolved against the negotiated version.
 *
 * Skip vs fail: a requirement whose capability the server does not declare, or whose items it
 * does not have, is skipped with the reason. A requirement the user asked for (`--call`, an era
 * forced with `--era`) that cannot run fails as "Not testable", because a skip reads as green.
 */

/** What a requirement returns: findings (none = pass), or why it does not apply. */
export type RequirementVerdict = { skip: string } | FindingSpec[];

/** What a requirement reads besides its era's observation. */
export interface RequirementContext {
  /** The protocol version the era ran at (negotiated for 2025, 2026-07-28 for the modern era). */
  version: string;
  /** `--call` tool names, in order. */
  calls: string[];
  /** The requests went through AgentCore's front door, which wraps container errors and adds session ids. */
  behindAgentCore?: boolean;
}

/** One requirement of one era. */
export interface Requirement<O> {
  /** `<era>/<name>`, e.g. `2025/tools-list`. */
  id: string;
  title: string;
  /** Path and anchor in the specification of the era's version, e.g. `server/tools#listing-tools`. */
  section: string;
  /** An absolute link that replaces the MCP specification link (JSON-RPC 2.0 requirements). */
  externalUrl?: string;
  area: CheckArea;
  /** Every code it can emit. */
  codes: readonly FindingCode[];
  evaluate(observation: O, ctx: RequirementContext): RequirementVerdict;
}

/** Identity helper that keeps the observation type of a requirement. */
export function defineRequirement<O>(requirement: Requirement<O>): Requirement<O> {
  return requirement;
}

const SPEC_ROOT = 'https://modelcontextprotocol.io/specification';

/** The specification URL of `section` in `version` (2024-11-05 kept its base messages on their own page). */
export function specUrl(version: string, section: string): string {
  const path = version === '2024-11-05' && section.startsWith('basic#') ? `basic/messages${section.slice(5)}` : section;
  return `${SPEC_ROOT}/${version}/${path}`;
}

/** Bounded evidence for a step. */
export function evidenceOf(step: WireStep): Evidence {
  const evidence: Evidence = { request: step.label };
  if (step.status !== undefined) evidence.status = step.status;
  if (step.bodyExcerpt) evidence.bodyExcerpt = step.bodyExcerpt.length > 600 ? `${step.bodyExcerpt.slice(0, 597)}...` : step.bodyExcerpt;
  return evidence;
}

/** A request label without the HTTP method, for sentences. */
export function probeName(step: WireStep): string {
  return step.label.replace(/^(POST|GET|DELETE) /, '');
}

/** What came back, in a few words: `JSON-RPC error -32603 "boom"`, `HTTP 500 with a text/html body`. */
export function describeAnswer(step: WireStep): string {
  if (step.outcome === 'timeout') return 'no answer before the deadline';
  if (step.outcome === 'network-error') return `a network failure (${step.error ?? 'unknown'})`;
  const reading = step.reading;
  if (step.containerStatus !== undefined) return `HTTP ${step.containerStatus} from the container (AgentCore answered HTTP 200 with -32010 "Received error (${step.containerStatus}) from runtime")`;
  if (reading?.kind === 'error') return `JSON-RPC error ${reading.code ?? '(no code)'}${reading.message ? ` "${reading.message.slice(0, 120)}"` : ''}`;
  if (reading?.kind === 'result') return 'a result';
  const body = step.contentType ? `${/^[aeiou]/.test(step.contentType) ? 'an' : 'a'} ${step.contentType} body` : 'no body';
  return `HTTP ${step.status ?? '?'} with ${body}${reading?.kind === 'other' ? ` (${reading.reason})` : ''}`;
}

function sameId(a: unknown, b: unknown): boolean {
  return typeof a === typeof b && a === b;
}

/**
 * Findings for a step that must carry a schema-valid result with the request's id; with
 * `idOnly` the result's shape is another requirement's business.
 */
export function judgeResult(step: WireStep, ctx: RequirementContext, options: { idOnly?: boolean } = {}): FindingSpec[] {
  const evidence = evidenceOf(step);
  const probe = probeName(step);
  const reading = step.reading;
  if (reading?.kind !== 'result') {
    return [{ code: 'CONFORMANCE_REQUEST_FAILED', args: { probe, detail: describeAnswer(step), ...(step.status !== undefined && reading?.kind !== 'error' ? { status: step.status } : {}) }, evidence }];
  }
  const findings: FindingSpec[] = [];
  if (step.requestId !== undefined && !sameId(reading.id, step.requestId)) {
    findings.push({ code: 'CONFORMANCE_ID_MISMATCH', args: { probe, detail: `${JSON.stringify(reading.id)} (sent ${JSON.stringify(step.requestId)})` }, evidence });
  }
  if (step.schemaIssues?.length && !options.idOnly) findings.push({ code: 'CONFORMANCE_RESULT_INVALID', args: { probe, version: ctx.version, detail: step.schemaIssues.join('; ') }, evidence });
  return findings;
}

/**
 * Findings for a step that must fail with `code` (and, when given, an HTTP `status`), keeping the
 * request id. Behind AgentCore a container's non-2xx answer arrives as HTTP 200 + -32010 with only
 * its status: a status other than the expected one still fails, the expected one cannot prove the
 * JSON-RPC code, so the requirement is skipped with that reason.
 */
export function judgeError(step: WireStep, expected: { code: number; name: string; status?: number; severity?: 'warning' }): RequirementVerdict {
  if (step.containerStatus !== undefined && step.containerStatus === expected.status) {
    return { skip: `AgentCore wrapped the container's HTTP ${step.containerStatus} as HTTP 200 + -32010, so its JSON-RPC code is not visible through the front door; run the conformance on the container's own URL (or mcp-doctor rehearse) to check it` };
  }
  const evidence = evidenceOf(step);
  const probe = probeName(step);
  const want = `${expected.status !== undefined ? `HTTP ${expected.status} and ` : ''}JSON-RPC ${expected.code} (${expected.name})`;
  const reading = step.reading;
  const codeOk = reading?.kind === 'error' && reading.code === expected.code;
  const statusOk = expected.status === undefined || step.status === expected.status;
  if (!codeOk || !statusOk) {
    return [{ code: 'CONFORMANCE_WRONG_ERROR', args: { probe, method: want, detail: describeAnswer(step), ...(step.status !== undefined ? { status: step.status } : {}) }, evidence, ...(expected.severity ? { severity: expected.severity } : {}) }];
  }
  if (step.requestId !== undefined && reading?.kind === 'error' && !sameId(reading.id, step.requestId)) {
    return [{ code: 'CONFORMANCE_ID_MISMATCH', args: { probe, detail: `${JSON.stringify(reading.id)} (sent ${JSON.stringify(step.requestId)})` }, evidence }];
  }
  return [];
}
