import { catalog } from '../../catalog/catalog.js';
import type { FindingCode } from '../../catalog/codes.js';
import { EXCEPTION_CODE, findLogCauses, LOG_CAUSE_CODES, type LogCause } from '../../catalog/log-causes.js';
import type { FindingSpec } from '../../model/contracts.js';
import type { CheckResult, ContainerLogLine, ContainerLogs, Finding } from '../../model/report.js';
import { CONTAINER_LOGS_PERMISSION, type ContainerLogsObservation } from '../../model/observations.js';

/**
 * The container-log check: when a runtime's diagnosis failed on the data plane, its recent
 * container output names the cause (agentcore-contract §14). Pure: it judges a read made by the
 * engine only after the other checks failed, so a healthy run never reads logs.
 */

/** The check, in the registry's shape. */
export const CONTAINER_LOGS_CHECK = {
  id: 'container-logs',
  title: 'The container log names the cause of the failure',
  area: 'agentcore',
  codes: [...LOG_CAUSE_CODES, EXCEPTION_CODE, 'LOG_GROUP_MISSING'],
} as const satisfies { id: string; title: string; area: CheckResult['area']; codes: readonly FindingCode[] };

/** Lines a report keeps. */
export const REPORT_LOG_LINES = 100;

/** The check's outcome over one read. */
export interface ContainerLogsOutcome {
  result: CheckResult;
  findings: FindingSpec[];
  section: ContainerLogs;
  causes: LogCause[];
}

/** Judges a read: the causes the lines name, a missing group, or why nothing could be read. */
export function evaluateContainerLogs(observation: ContainerLogsObservation, readFor: readonly FindingCode[] = [], durationMs = 0): ContainerLogsOutcome {
  const base = { id: CONTAINER_LOGS_CHECK.id, title: CONTAINER_LOGS_CHECK.title, area: CONTAINER_LOGS_CHECK.area, durationMs };
  const section: ContainerLogs = {
    logGroup: observation.logGroup,
    since: new Date(observation.startTime).toISOString(),
    until: new Date(observation.endTime).toISOString(),
    lines: [],
    matchedCodes: [],
    readFor: [...new Set(readFor)],
  };
  const error = observation.error;
  if (error?.kind === 'not-found') {
    section.skipped = `the log group ${observation.logGroup} does not exist`;
    return { result: { ...base, status: 'warn' }, findings: [{ code: 'LOG_GROUP_MISSING', args: { location: observation.logGroup }, evidence: { detail: `${error.name}: ${error.message}` } }], section, causes: [] };
  }
  if (error && observation.events.length === 0) {
    section.skipped = skipReason(observation);
    return { result: { ...base, status: 'skip', skipReason: section.skipped }, findings: [], section, causes: [] };
  }
  const messages = observation.events.map((e) => e.message);
  const causes = findLogCauses(messages);
  const codeAt = new Map(causes.map((c) => [c.index, c.code]));
  const first = Math.max(0, observation.events.length - REPORT_LOG_LINES);
  // Every matched line stays in the report, even when it is older than the kept tail.
  section.lines = observation.events.flatMap((event, index): ContainerLogLine[] => {
    const code = codeAt.get(index);
    if (index < first && !code) return [];
    return [{ timestamp: new Date(event.timestamp).toISOString(), message: event.message, ...(code ? { code } : {}) }];
  });
  section.matchedCodes = causes.map((c) => c.code);
  if (observation.truncated || first > 0) section.truncated = true;
  if (error) section.skipped = `the read stopped early: ${skipReason(observation)}`;
  const findings: FindingSpec[] = causes.map((cause) => ({
    code: cause.code,
    args: cause.args,
    evidence: { detail: `${observation.logGroup} at ${new Date((observation.events[cause.index] as { timestamp: number }).timestamp).toISOString()}: ${cause.line}` },
  }));
  const status = findings.length > 0 ? 'fail' : 'pass';
  return { result: { ...base, status }, findings, section, causes };
}

/** Why nothing was read, naming the permission and the group (issue: AccessDenied never stops the run). */
function skipReason(observation: ContainerLogsObservation): string {
  const error = observation.error;
  const need = `reading the container log needs ${CONTAINER_LOGS_PERMISSION} on ${observation.logGroup}`;
  if (!error) return need;
  if (error.kind === 'access-denied') return `${error.name}: the caller may not read the container log; ${need}`;
  if (error.kind === 'no-credentials') return `no AWS credentials (${error.message}); ${need}`;
  return `${error.name}: ${error.message}`;
}

/**
 * Puts the cause the container log names first among the likely causes of each data-plane
 * finding it explains, quoting the line.
 */
export function raiseLikelyCauses(findings: readonly Finding[], triggers: readonly Finding[], causes: readonly LogCause[]): Finding[] {
  const top = causes[0];
  if (!top) return [...findings];
  const explained = new Set(triggers.map((t) => t.code));
  const cause = `The container log names it: ${catalog[top.code].title} (${top.code}), "${top.line.length > 160 ? `${top.line.slice(0, 159)}…` : top.line}".`;
  return findings.map((f) => (explained.has(f.code) ? { ...f, causes: [cause, ...f.causes.filter((c) => c !== cause)] } : f));
}
