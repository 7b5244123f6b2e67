import { evaluateContainerLogs } from '../checks/agentcore/container-logs.js';
import { findLogCauses } from '../catalog/log-causes.js';
import { defaultLogGroup } from '../engine/container-logs-phase.js';
import { UsageError } from '../model/errors.js';
import { createFinding } from '../engine/findings.js';
import { buildSummary, collapseFindings } from '../engine/post-process.js';
import type { CheckResult, ContainerLogLine, FailOn, Report } from '../model/report.js';
import { createAwsAccess } from '../probes/aws/aws-runtime.js';
import type { ContainerLogEvent, ContainerLogsObservation } from '../model/observations.js';
import { readContainerLogs, type ContainerLogsLimits } from '../probes/aws/container-logs.js';
import type { NetworkConfig } from '../model/runtime.js';
import { mapStrings, type Redactor } from '../security/redact.js';
import { stripUnsafeCharacters } from '../security/sanitize-text.js';
import { endpointOverride } from '../targets/service-endpoints.js';
import { resolveTargetInput } from '../targets/resolve.js';
import { TOOL_VERSION } from '../version.js';

/**
 * `mcp-doctor logs <arn>`: a diagnosis-aware `aws logs tail`. Reads the runtime's recent container
 * output (or follows it until a deadline), marks the lines that name a known cause with the same
 * matching a failed diagnosis uses, and returns a report every reporter renders.
 */

/** Options of `mcp-doctor logs`. */
export interface LogsOptions {
  /** The runtime ARN. */
  target: string;
  /** @default 'DEFAULT' */
  qualifier?: string;
  /** @default `/aws/bedrock-agentcore/runtimes/<runtimeId>-<qualifier>` */
  logGroup?: string;
  /** How far back to read. */
  sinceMs: number;
  /** Keep reading new lines until this deadline (milliseconds from the start). */
  followMs?: number;
  /** Pause between reads while following. @default 2000 */
  pollMs?: number;
  /** Told the lines each read adds (while following), the ones naming a cause marked. */
  onLines?(lines: ContainerLogLine[]): void;
  awsProfile?: string;
  /** Per-request deadline. */
  timeoutMs: number;
  env: NodeJS.ProcessEnv;
  network?: NetworkConfig;
  failOn: FailOn;
  redactor: Redactor;
  /** Ctrl-C: stops following; the report is still built. */
  signal?: AbortSignal;
  limits?: Partial<ContainerLogsLimits>;
  now?: () => number;
}

const DEFAULT_POLL_MS = 2_000;
/** Lines kept while following (the latest), unless `--limit` asks for more. */
const FOLLOW_MAX_EVENTS = 1_000;

/** Reads (or follows) the container log and builds the report. Throws `UsageError` for bad input. */
export async function runLogs(options: LogsOptions): Promise<Report> {
  const target = resolveTargetInput(options.target, { env: options.env, ...(options.qualifier !== undefined ? { qualifier: options.qualifier } : {}) });
  const runtime = target.runtime;
  if (!runtime) throw new UsageError('mcp-doctor logs takes an AgentCore runtime ARN (arn:aws:bedrock-agentcore:REGION:ACCOUNT:runtime/ID)');
  if (options.logGroup !== undefined && !/^[\w./#-]{1,512}$/.test(options.logGroup)) throw new UsageError('--log-group is not a log group name (letters, digits, _ - / . #)');
  const now = options.now ?? Date.now;
  const startedAt = now();
  const started = performance.now();
  const logGroup = options.logGroup ?? defaultLogGroup(runtime.runtimeId, runtime.qualifier);
  const access = await createAwsAccess({
    region: runtime.region,
    timeoutMs: options.timeoutMs,
    onSecret: (value) => options.redactor.addSecret(value),
    ...(options.awsProfile ? { profile: options.awsProfile } : {}),
    ...(options.network ? { network: options.network } : {}),
  });
  const endpoint = endpointOverride(options.env, 'CLOUDWATCH_LOGS');
  const read = (startTime: number, endTime: number, limits?: Partial<ContainerLogsLimits>) =>
    readContainerLogs(access, {
      logGroup,
      startTime,
      endTime,
      region: runtime.region,
      ...(endpoint ? { endpoint } : {}),
      ...(options.logGroup !== undefined && !options.logGroup.startsWith('/aws/bedrock-agentcore/runtimes/') ? { streamPrefixes: [''] } : {}),
      limits: { timeoutMs: Math.max(options.timeoutMs, 1_000), ...options.limits, ...limits },
      ...(options.signal ? { signal: options.signal } : {}),
    });

  let observation = await read(startedAt - options.sinceMs, now());
  if (options.followMs !== undefined && !observation.error) {
    observation = await follow(observation, read, options, startedAt, now);
  }
  const outcome = evaluateContainerLogs(observation, [], Math.round(performance.now() - started));
  // Here the read is the whole job: a read that failed could not run (unlike in a diagnosis, where it is skipped).
  const result: CheckResult =
    outcome.result.status === 'skip' ? { ...outcome.result, status: 'error', errorMessage: outcome.section.skipped ?? 'the log could not be read' } : outcome.result;
  const checks = [result];
  const findings = collapseFindings(outcome.findings.map((spec) => createFinding(spec, result.id, 'agentcore')), [result.id]);
  const report: Report = {
    schemaVersion: 1,
    tool: { name: 'mcp-doctor', version: TOOL_VERSION },
    target: { input: target.input, url: target.url, kind: 'agentcore-runtime' },
    profile: 'agentcore',
    failOn: options.failOn,
    startedAt: new Date(startedAt).toISOString(),
    durationMs: Math.round(performance.now() - started),
    summary: buildSummary(checks, findings, options.failOn),
    server: {},
    runtime: { arn: runtime.arn, qualifier: runtime.qualifier, requestAuth: 'sigv4' },
    checks,
    findings,
    timings: { rounds: observation.calls, requests: observation.calls, probes: [] },
    containerLogs: outcome.section,
  };
  if (options.signal?.aborted) Object.assign(report, { interrupted: true, interruption: 'signal' });
  return mapStrings(options.redactor.redactDeep(report), stripUnsafeCharacters) as Report;
}

/** Reads again every `pollMs` from the newest line seen until the deadline or Ctrl-C, passing on new lines. */
async function follow(
  first: ContainerLogsObservation,
  read: (startTime: number, endTime: number, limits?: Partial<ContainerLogsLimits>) => Promise<ContainerLogsObservation>,
  options: LogsOptions,
  startedAt: number,
  now: () => number,
): Promise<ContainerLogsObservation> {
  const deadline = startedAt + (options.followMs ?? 0);
  const all: ContainerLogEvent[] = [...first.events];
  // Events of the newest millisecond come back on the next read too: count what was seen per key.
  const seen = new Map<string, number>();
  const key = (e: ContainerLogEvent): string => `${e.timestamp}\u0000${e.stream}\u0000${e.message}`;
  for (const event of all) seen.set(key(event), (seen.get(key(event)) ?? 0) + 1);
  announce(options, all, all.length);
  const merged: ContainerLogsObservation = { ...first, events: all };
  while (!options.signal?.aborted && now() < deadline) {
    await pause(Math.min(options.pollMs ?? DEFAULT_POLL_MS, Math.max(0, deadline - now())), options.signal);
    if (options.signal?.aborted) break;
    const cursor = all.length > 0 ? (all[all.length - 1] as ContainerLogEvent).timestamp : first.startTime;
    const next = await read(cursor, now(), { timeoutMs: Math.max(1_000, Math.min(options.timeoutMs, deadline - now() + 1_000)) });
    merged.calls += next.calls;
    merged.telemetrySkipped += next.telemetrySkipped;
    const counts = new Map<string, number>();
    const added: ContainerLogEvent[] = [];
    for (const event of next.events) {
      const k = key(event);
      const n = (counts.get(k) ?? 0) + 1;
      counts.set(k, n);
      if (n > (seen.get(k) ?? 0)) {
        seen.set(k, n);
        added.push(event);
      }
    }
    all.push(...added);
    const keep = Math.max(options.limits?.maxEvents ?? 0, FOLLOW_MAX_EVENTS);
    if (all.length > keep) {
      all.splice(0, all.length - keep);
      merged.truncated = true;
    }
    announce(options, all, added.length);
    if (next.error) {
      merged.error = next.error;
      break;
    }
  }
  merged.endTime = Math.max(merged.endTime, now());
  return merged;
}

/** Passes the last `count` lines on, each marked with the code it names in the context of all lines. */
function announce(options: LogsOptions, all: readonly ContainerLogEvent[], count: number): void {
  if (!options.onLines || count === 0) return;
  const codes = new Map(findLogCauses(all.map((e) => e.message)).map((c) => [c.index, c.code]));
  const from = all.length - count;
  options.onLines(
    all.slice(from).map((e, i) => {
      const code = codes.get(from + i);
      return { timestamp: new Date(e.timestamp).toISOString(), message: options.redactor.redact(e.message), ...(code ? { code } : {}) };
    }),
  );
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
