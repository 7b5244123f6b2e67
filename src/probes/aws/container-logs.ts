import { stripUnsafeCharacters } from '../../security/sanitize-text.js';
import { networkOf } from '../network-config.js';
import { CONTAINER_LOGS_PERMISSION, type ContainerLogEvent, type ContainerLogsObservation } from '../../model/observations.js';
import type { AwsAccess } from '../../model/runtime.js';
import { classifyAwsError } from './control-plane.js';

/**
 * Reads a runtime's container output from CloudWatch Logs (agentcore-contract §14) with the real
 * `@aws-sdk/client-cloudwatch-logs` client: FilterLogEvents over the streams of one UTC day at a
 * time (`YYYY/MM/DD/[runtime-logs`, which covers the `[runtime-logs-<sessionId>]` variant), in a
 * time window, bounded in events, bytes, pages and time. Telemetry records that land in the group
 * (OTEL logs, trace spans) are left out.
 */

/** The IAM action every read needs. */
export const LOGS_PERMISSION = CONTAINER_LOGS_PERMISSION;

/** What to read. */
export interface ContainerLogsRequest {
  logGroup: string;
  /** Window, epoch milliseconds (inclusive). */
  startTime: number;
  endTime: number;
  region: string;
  /** CloudWatch Logs endpoint override (`AWS_ENDPOINT_URL_CLOUDWATCH_LOGS`, then `AWS_ENDPOINT_URL`). */
  endpoint?: string;
  /** Stream name prefix instead of the per-day `[runtime-logs` ones (a `--log-group` of another shape reads every stream). */
  streamPrefixes?: string[];
  limits?: Partial<ContainerLogsLimits>;
  signal?: AbortSignal;
}

/** Bounds on one read. */
export interface ContainerLogsLimits {
  /** Events kept (the latest ones). */
  maxEvents: number;
  /** Characters of messages kept in total. */
  maxBytes: number;
  /** FilterLogEvents pages per stream prefix. */
  maxPages: number;
  /** Characters kept of one message. */
  maxLineLength: number;
  /** Time for the whole read. */
  timeoutMs: number;
}

/** The platform's OTEL log stream in the runtime's group (§14): telemetry, not container output. */
const OTEL_STREAM = 'otel-rt-logs';

/** Default bounds: enough for a start-up crash and a few tracebacks, small enough for a report. */
export const DEFAULT_LOG_LIMITS: ContainerLogsLimits = { maxEvents: 300, maxBytes: 128 * 1024, maxPages: 5, maxLineLength: 2_000, timeoutMs: 15_000 };

/** The stream prefixes of container output for every UTC day the window touches (at most 31). */
export function runtimeStreamPrefixes(startTime: number, endTime: number): string[] {
  const prefixes: string[] = [];
  const day = new Date(startTime);
  day.setUTCHours(0, 0, 0, 0);
  while (day.getTime() <= endTime && prefixes.length < 31) {
    prefixes.push(`${day.toISOString().slice(0, 10).replace(/-/g, '/')}/[runtime-logs`);
    day.setUTCDate(day.getUTCDate() + 1);
  }
  return prefixes;
}

/** True for OTEL log records and trace spans (JSON objects the platform writes next to the output). */
export function isTelemetryRecord(message: string): boolean {
  const text = message.trim();
  if (!text.startsWith('{') || !text.endsWith('}')) return false;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return false;
  }
  if (parsed === null || typeof parsed !== 'object') return false;
  const keys = new Set(Object.keys(parsed));
  const span = (keys.has('traceId') || keys.has('trace_id')) && (keys.has('spanId') || keys.has('span_id'));
  const otelLog = keys.has('resource') && (keys.has('scope') || keys.has('instrumentationScope') || keys.has('severityNumber'));
  return span || otelLog || keys.has('resourceSpans') || keys.has('resourceLogs');
}

/** Reads the window's container output; never throws (a failure is `error`). */
export async function readContainerLogs(access: AwsAccess, request: ContainerLogsRequest): Promise<ContainerLogsObservation> {
  const limits = { ...DEFAULT_LOG_LIMITS, ...request.limits };
  const observation: ContainerLogsObservation = { logGroup: request.logGroup, startTime: request.startTime, endTime: request.endTime, events: [], truncated: false, telemetrySkipped: 0, calls: 0 };
  const creds = await access.tryCredentials();
  if (!creds) {
    observation.error = { kind: 'no-credentials', name: 'CredentialsProviderError', message: access.credentialsError ?? 'no AWS credentials found', permission: LOGS_PERMISSION };
    return observation;
  }
  const deadline = AbortSignal.timeout(limits.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, deadline]) : deadline;
  const [sdk, requestHandler] = await Promise.all([import('@aws-sdk/client-cloudwatch-logs'), networkOf(access.settings.network).awsRequestHandler({ timeoutMs: access.settings.timeoutMs })]);
  const client = new sdk.CloudWatchLogsClient({
    region: request.region,
    ...(request.endpoint ? { endpoint: request.endpoint } : {}),
    credentials: access.credentials,
    maxAttempts: 2,
    requestHandler,
  });
  let bytes = 0;
  /** Reads the pages of one stream prefix ('' = every stream); false when the deadline cut it short. */
  const readPrefix = async (prefix: string): Promise<boolean> => {
    let nextToken: string | undefined;
    for (let page = 0; page < limits.maxPages; page++) {
      if (signal.aborted) {
        observation.truncated = true;
        return false;
      }
      observation.calls += 1;
      const answer = await client.send(
        new sdk.FilterLogEventsCommand({
          logGroupName: request.logGroup,
          ...(prefix ? { logStreamNamePrefix: prefix } : {}),
          startTime: request.startTime,
          endTime: request.endTime,
          limit: limits.maxEvents,
          ...(nextToken ? { nextToken } : {}),
        }),
        { abortSignal: signal },
      );
      for (const event of answer.events ?? []) {
        const raw = String(event.message ?? '');
        const stream = String(event.logStreamName ?? '');
        if (stream === OTEL_STREAM || isTelemetryRecord(raw)) {
          observation.telemetrySkipped += 1;
          continue;
        }
        // One event may hold several printed lines (a multi-line traceback): one line each.
        for (const line of splitLines(raw)) {
          const message = cleanLine(line, limits.maxLineLength);
          observation.events.push({ timestamp: Number(event.timestamp ?? 0), message, stream });
          bytes += message.length;
        }
      }
      // Keep the latest lines: the end of the output is where a crash explains itself.
      while (observation.events.length > limits.maxEvents || (bytes > limits.maxBytes && observation.events.length > 1)) {
        bytes -= (observation.events.shift() as ContainerLogEvent).message.length;
        observation.truncated = true;
      }
      nextToken = answer.nextToken;
      if (!nextToken) return true;
      if (page === limits.maxPages - 1) observation.truncated = true;
    }
    return true;
  };
  try {
    for (const prefix of request.streamPrefixes ?? runtimeStreamPrefixes(request.startTime, request.endTime)) {
      if (!(await readPrefix(prefix))) return observation;
    }
    // Stream names seen in the field differ (the docs write `[runtime-logs] <uuid>` with no date):
    // when the dated prefixes find nothing, the whole group is read, telemetry left out.
    if (!request.streamPrefixes && observation.events.length === 0) await readPrefix('');
  } catch (error) {
    const aborted = deadline.aborted && !request.signal?.aborted;
    observation.error = classifyAwsError(error, LOGS_PERMISSION);
    if (aborted) observation.error = { ...observation.error, kind: 'network', message: `the read did not finish within ${Math.round(limits.timeoutMs / 1000)} s` };
  } finally {
    client.destroy();
  }
  observation.events.sort((a, b) => a.timestamp - b.timestamp);
  return observation;
}

/** The printed lines of one event (a trailing line break ends the last one). */
function splitLines(message: string): string[] {
  return message.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
}

/** One line as the report may show it: no terminal controls, tabs as spaces, bounded. */
function cleanLine(line: string, maxLength: number): string {
  const text = stripUnsafeCharacters(line).replace(/\t/g, '    ');
  return text.length <= maxLength ? text : `${text.slice(0, maxLength - 1)}…`;
}
