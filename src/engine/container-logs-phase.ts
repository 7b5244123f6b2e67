import { CONTAINER_LOGS_CHECK, evaluateContainerLogs } from '../checks/agentcore/container-logs.js';
import type { FindingCode } from '../catalog/codes.js';
import { meetsThreshold } from './post-process.js';
import type { LogCause } from '../catalog/log-causes.js';
import type { AwsAccess } from '../model/runtime.js';
import { readContainerLogs, type ContainerLogsLimits } from '../probes/aws/container-logs.js';
import { endpointOverride } from '../targets/service-endpoints.js';
import type { ResolvedTarget } from '../model/contracts.js';
import { createFinding } from './findings.js';
import type { CheckResult, ContainerLogs, FailOn, Finding, Profile } from '../model/report.js';

/**
 * The run's last step for a failed runtime diagnosis: read the container's recent output and let
 * the container-log check judge it. It runs after every other check, so a healthy run (and a
 * failure the container never saw, such as a rejected token) never calls CloudWatch Logs.
 */

/** How far before the run the window starts: an execution environment started moments earlier still counts. */
export const LOG_LOOKBACK_MS = 5 * 60 * 1000;

/** What the phase needs from the run. */
export interface ContainerLogsPhaseInput {
  target: ResolvedTarget;
  profile: Profile;
  /** Every finding of the checks, before collapsing. */
  findings: readonly Finding[];
  results: readonly CheckResult[];
  /** The run's `--fail-on`: a warning at the threshold fails the run too. */
  failOn: FailOn;
  /** AWS access of the run; undefined with `--no-aws`. */
  aws: (() => Promise<AwsAccess>) | undefined;
  env: NodeJS.ProcessEnv;
  /** `--log-group`: read this group instead of the runtime endpoint's. */
  logGroup?: string;
  /** When the run started (epoch ms). */
  startedAt: number;
  /** Ctrl-C: no read starts after it. */
  signal?: AbortSignal;
  limits?: Partial<ContainerLogsLimits>;
  now?: () => number;
}

/** The phase's contribution to the report. */
export interface ContainerLogsPhaseResult {
  result: CheckResult;
  findings: Finding[];
  section?: ContainerLogs;
  /** The data-plane findings the log may explain. */
  triggers: Finding[];
  causes: LogCause[];
}

/** Findings that mean the container failed or never answered: the ones its log can explain. */
const DATA_PLANE_FAILURES: ReadonlySet<FindingCode> = new Set<FindingCode>([
  'RUNTIME_INIT_TIMEOUT',
  'CONTAINER_ERROR',
  'SERVER_ERROR',
  'GATEWAY_ERROR',
  'REQUEST_TIMEOUT',
  'RESPONSE_INTERRUPTED',
]);

/** AgentCore's wrapper of a container's non-2xx answer (§5). */
const WRAPPED = /Received error \(\d{3}\) from runtime/i;

/**
 * The failing findings whose cause the container log may hold: a 424, a -32010 wrapper, a 5xx, a
 * data-plane timeout. Empty on a healthy run (a note about a wrapped 415 fails nothing) and for
 * failures the container never saw (auth).
 */
export function logTriggers(findings: readonly Finding[], failOn: FailOn = 'error'): Finding[] {
  return findings.filter((f) => {
    if (f.severity !== 'error' && !meetsThreshold(f.severity, failOn)) return false;
    if (DATA_PLANE_FAILURES.has(f.code)) return true;
    const status = f.evidence?.status;
    if (status !== undefined && (status === 424 || status >= 500)) return true;
    return WRAPPED.test(`${f.evidence?.bodyExcerpt ?? ''}\n${f.evidence?.detail ?? ''}\n${f.message}`);
  });
}

/** True when a check could not run because a data-plane probe ran out of time. */
export function timedOutOnDataPlane(results: readonly CheckResult[]): boolean {
  return results.some((r) => r.status === 'error' && r.area !== 'auth' && /deadline/.test(r.errorMessage ?? ''));
}

/** The application log group of a runtime endpoint (agentcore-contract §14). */
export function defaultLogGroup(runtimeId: string, qualifier: string): string {
  return `/aws/bedrock-agentcore/runtimes/${runtimeId}-${qualifier}`;
}

/** Reads and judges the container log when the run failed on the data plane; undefined otherwise. */
export async function readContainerLogsOnFailure(input: ContainerLogsPhaseInput): Promise<ContainerLogsPhaseResult | undefined> {
  const runtime = input.target.runtime;
  if (!runtime || input.signal?.aborted) return undefined;
  const triggers = logTriggers(input.findings, input.failOn);
  if (triggers.length === 0 && !timedOutOnDataPlane(input.results)) return undefined;
  const logGroup = input.logGroup ?? defaultLogGroup(runtime.runtimeId, runtime.qualifier);
  const base = { id: CONTAINER_LOGS_CHECK.id, title: CONTAINER_LOGS_CHECK.title, area: CONTAINER_LOGS_CHECK.area, durationMs: 0 } as const;
  if (!input.aws) {
    return { result: { ...base, status: 'skip', skipReason: `AWS calls are off (--no-aws); reading the container log needs logs:FilterLogEvents on ${logGroup}` }, findings: [], triggers, causes: [] };
  }
  const now = input.now ?? Date.now;
  const started = performance.now();
  const endpoint = endpointOverride(input.env, 'CLOUDWATCH_LOGS');
  const observation = await readContainerLogs(await input.aws(), {
    logGroup,
    startTime: input.startedAt - LOG_LOOKBACK_MS,
    endTime: now() + 1_000,
    region: runtime.region,
    ...(endpoint ? { endpoint } : {}),
    // A group given by hand may not hold AgentCore's stream names: read all of it.
    ...(input.logGroup !== undefined && !input.logGroup.startsWith('/aws/bedrock-agentcore/runtimes/') ? { streamPrefixes: [''] } : {}),
    ...(input.limits ? { limits: input.limits } : {}),
    ...(input.signal ? { signal: input.signal } : {}),
  });
  const outcome = evaluateContainerLogs(observation, triggers.map((t) => t.code), Math.round(performance.now() - started));
  return {
    result: outcome.result,
    findings: outcome.findings.map((spec) => createFinding(spec, CONTAINER_LOGS_CHECK.id, input.profile)),
    section: outcome.section,
    triggers,
    causes: outcome.causes,
  };
}
