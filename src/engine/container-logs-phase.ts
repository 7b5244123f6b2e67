import { CONTAINER_LOGS_CHECK, evaluateContainerLogs, logTriggers, timedOutOnDataPlane } from '../checks/agentcore/container-logs.js';
import type { LogCause } from '../catalog/log-causes.js';
import type { AwsAccess } from '../probes/aws/aws-runtime.js';
import { readContainerLogs, type ContainerLogsLimits } from '../probes/aws/container-logs.js';
import { endpointOverride } from '../targets/service-endpoints.js';
import type { ResolvedTarget } from './definitions.js';
import { createFinding } from './findings.js';
import type { CheckResult, ContainerLogs, FailOn, Finding, Profile } from './types.js';

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
