import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { HttpHandler } from './containers/types.js';
import { callerArn, type SimContext } from './context.js';
import { headerValue, newRequestId, readRequestBody, sendAwsJsonError, sendJsonResponse, splitTarget } from './aws-errors.js';
import { verifySigV4 } from './sigv4.js';

/**
 * `logs.<region>.amazonaws.com` (agentcore-contract §14): the part of the CloudWatch Logs API the
 * doctor's client uses (FilterLogEvents, DescribeLogStreams), awsJson1.1 on `POST /` with
 * `X-Amz-Target: Logs_20140328.<Op>`, SigV4 with signing name `logs`, and the store the simulated
 * runtimes write their containers' output into: one group per runtime endpoint, one stream per
 * execution environment (`YYYY/MM/DD/[runtime-logs]<uuid>`), OTEL records in `otel-rt-logs`.
 */

const TARGET_PREFIX = 'Logs_20140328.';
const JSON_11 = 'application/x-amz-json-1.1';
const SIGNING_NAME = 'logs';
/** FilterLogEvents answers at most this many events per page (the API's own maximum). */
const MAX_LIMIT = 10_000;

/** One stored log event. */
export interface StoredLogEvent {
  timestamp: number;
  ingestionTime: number;
  message: string;
  eventId: string;
}

/** The log groups of one simulation. */
export class LogStore {
  private readonly groups = new Map<string, { createdAt: number; streams: Map<string, StoredLogEvent[]> }>();

  /** Creates the group if it does not exist yet. */
  createGroup(name: string): void {
    if (!this.groups.has(name)) this.groups.set(name, { createdAt: Date.now(), streams: new Map() });
  }

  /** True when the group exists. */
  hasGroup(name: string): boolean {
    return this.groups.has(name);
  }

  /**
   * Appends one event per line of `text` (a printed traceback is one event per line, as the
   * awslogs driver writes it; UNCONFIRMED for AgentCore). Nothing is written to a missing group:
   * a role without logs permissions loses the output.
   */
  write(group: string, stream: string, text: string, timestamp = Date.now()): void {
    const entry = this.groups.get(group);
    if (!entry) return;
    const events = entry.streams.get(stream) ?? [];
    entry.streams.set(stream, events);
    for (const line of text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n')) {
      events.push({ timestamp, ingestionTime: Date.now(), message: line, eventId: randomUUID().replace(/-/g, '') });
    }
  }

  /** Events of the group's matching streams in the window, oldest first. */
  filter(group: string, select: { prefix?: string; names?: string[]; startTime?: number; endTime?: number }): Array<StoredLogEvent & { logStreamName: string }> {
    const entry = this.groups.get(group);
    if (!entry) return [];
    const out: Array<StoredLogEvent & { logStreamName: string }> = [];
    for (const [name, events] of entry.streams) {
      if (select.prefix !== undefined && !name.startsWith(select.prefix)) continue;
      if (select.names && !select.names.includes(name)) continue;
      for (const event of events) {
        if (select.startTime !== undefined && event.timestamp < select.startTime) continue;
        if (select.endTime !== undefined && event.timestamp > select.endTime) continue;
        out.push({ ...event, logStreamName: name });
      }
    }
    // Stable: events of one timestamp keep their stream order, so a traceback stays in order.
    return out.sort((a, b) => a.timestamp - b.timestamp);
  }

  /** Stream names of a group with their first and last event times. */
  streams(group: string): Array<{ name: string; first?: number; last?: number }> {
    const entry = this.groups.get(group);
    if (!entry) return [];
    return [...entry.streams].map(([name, events]) => ({ name, ...(events.length ? { first: (events[0] as StoredLogEvent).timestamp, last: (events[events.length - 1] as StoredLogEvent).timestamp } : {}) }));
  }
}

/** The application log group of a runtime endpoint (§14). */
export function runtimeLogGroup(runtimeId: string, endpointName: string): string {
  return `/aws/bedrock-agentcore/runtimes/${runtimeId}-${endpointName}`;
}

/** A new execution environment's stream name, `YYYY/MM/DD/[runtime-logs]<uuid>` (UTC date, §14). */
export function runtimeLogStream(now = new Date()): string {
  return `${utcDay(now)}/[runtime-logs]${randomUUID()}`;
}

/** `YYYY/MM/DD` in UTC. */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10).replace(/-/g, '/');
}

/** A modelled CloudWatch Logs failure, `{"__type", "message"}` with HTTP 400. */
class LogsError extends Error {
  constructor(
    readonly errorType: string,
    message: string,
  ) {
    super(message);
  }
}

/** Builds the CloudWatch Logs server's handler over the store. */
export function createCloudWatchLogsHandler(ctx: SimContext, store: LogStore): HttpHandler {
  return {
    async handle(req, res) {
      const requestId = newRequestId();
      const { rawPath, query } = splitTarget(req.url);
      const body = await readRequestBody(req);
      if (req.method !== 'POST' || rawPath !== '/') return sendJsonResponse(res, 404, { message: 'Not Found' }, { 'x-amzn-requestid': requestId });
      try {
        const verdict = await verifySigV4({ method: 'POST', rawPath, query, headers: req.headers, body }, { service: SIGNING_NAME, region: ctx.region, credentials: ctx.credentials });
        if (!verdict.ok) throw new LogsError(verdict.errorType, verdict.message);
        const result = dispatch(ctx, store, req, body);
        sendJsonResponse(res, 200, result, { 'x-amzn-requestid': requestId }, JSON_11);
      } catch (error) {
        if (!(error instanceof LogsError)) throw error;
        sendAwsJsonError(res, error.errorType, error.message, 400, { 'x-amzn-requestid': requestId });
      }
    },
  };
}

function dispatch(ctx: SimContext, store: LogStore, req: IncomingMessage, body: Buffer): unknown {
  const target = headerValue(req, 'x-amz-target') ?? '';
  const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
  if (operation !== 'FilterLogEvents' && operation !== 'DescribeLogStreams') {
    throw new LogsError('UnknownOperationException', operation ? `Operation ${operation} is not supported by the simulation.` : 'Missing or invalid X-Amz-Target header.');
  }
  const input = parseInput(body);
  const group = typeof input.logGroupName === 'string' ? input.logGroupName : typeof input.logGroupIdentifier === 'string' ? input.logGroupIdentifier : undefined;
  if (!group) throw new LogsError('InvalidParameterException', 'Either logGroupName or logGroupIdentifier must be specified.');
  if (ctx.knobs.denyLogs) {
    throw new LogsError(
      'AccessDeniedException',
      `User: ${callerArn(ctx)} is not authorized to perform: logs:${operation} on resource: arn:aws:logs:${ctx.region}:${ctx.accountId}:log-group:${group}:log-stream: because no identity-based policy allows the logs:${operation} action`,
    );
  }
  if (!store.hasGroup(group)) throw new LogsError('ResourceNotFoundException', 'The specified log group does not exist.');
  return operation === 'FilterLogEvents' ? filterLogEvents(store, group, input) : describeLogStreams(store, group, input);
}

function parseInput(body: Buffer): Record<string, unknown> {
  try {
    const parsed: unknown = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new LogsError('SerializationException', 'Start of structure or map found where not expected.');
}

function filterLogEvents(store: LogStore, group: string, input: Record<string, unknown>): unknown {
  const prefix = optionalString(input.logStreamNamePrefix, 'logStreamNamePrefix');
  const names = Array.isArray(input.logStreamNames) ? input.logStreamNames.map(String) : undefined;
  if (prefix !== undefined && names) throw new LogsError('InvalidParameterException', 'logStreamNamePrefix and logStreamNames cannot both be specified.');
  if (input.filterPattern !== undefined && input.filterPattern !== '') throw new LogsError('InvalidParameterException', 'filterPattern is not supported by the simulation.');
  const startTime = optionalNumber(input.startTime, 'startTime');
  const endTime = optionalNumber(input.endTime, 'endTime');
  const limit = optionalNumber(input.limit, 'limit') ?? MAX_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new LogsError('InvalidParameterException', `1 validation error detected: Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to ${MAX_LIMIT}`);
  const offset = decodeToken(input.nextToken);
  const events = store.filter(group, { ...(prefix !== undefined ? { prefix } : {}), ...(names ? { names } : {}), ...(startTime !== undefined ? { startTime } : {}), ...(endTime !== undefined ? { endTime } : {}) });
  const page = events.slice(offset, offset + limit);
  const next = offset + limit;
  return {
    events: page.map((e) => ({ logStreamName: e.logStreamName, timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime, eventId: e.eventId })),
    searchedLogStreams: [],
    ...(next < events.length ? { nextToken: Buffer.from(`offset:${next}`, 'utf8').toString('base64url') } : {}),
  };
}

function describeLogStreams(store: LogStore, group: string, input: Record<string, unknown>): unknown {
  const prefix = optionalString(input.logStreamNamePrefix, 'logStreamNamePrefix');
  const orderBy = optionalString(input.orderBy, 'orderBy') ?? 'LogStreamName';
  // The service refuses this combination (§14).
  if (orderBy === 'LastEventTime' && prefix !== undefined) throw new LogsError('InvalidParameterException', 'Cannot order by LastEventTime with a logStreamNamePrefix.');
  let streams = store.streams(group).filter((s) => prefix === undefined || s.name.startsWith(prefix));
  streams = orderBy === 'LastEventTime' ? streams.sort((a, b) => (a.last ?? 0) - (b.last ?? 0)) : streams.sort((a, b) => a.name.localeCompare(b.name));
  if (input.descending === true) streams.reverse();
  return {
    logStreams: streams.map((s) => ({
      logStreamName: s.name,
      ...(s.first !== undefined ? { firstEventTimestamp: s.first, lastEventTimestamp: s.last, lastIngestionTime: s.last } : {}),
    })),
  };
}

function optionalString(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new LogsError('InvalidParameterException', `${name} must be a string.`);
  return value;
}

function optionalNumber(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new LogsError('InvalidParameterException', `${name} must be a number.`);
  return value;
}

function decodeToken(token: unknown): number {
  if (token === undefined || token === null) return 0;
  const match = typeof token === 'string' ? /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8')) : null;
  if (!match?.[1]) throw new LogsError('InvalidParameterException', 'The specified nextToken is invalid.');
  return Number(match[1]);
}
