import { randomUUID } from 'node:crypto';
import { callerArn, type SimContext } from './context.js';

/**
 * `logs.<region>.amazonaws.com` (agentcore-contract §14): the part of the CloudWatch Logs API the
 * doctor's client uses (FilterLogEvents, DescribeLogStreams; awsJson1.1 `Logs_20140328.<Op>`,
 * served by the shared AWS-services server, which verifies SigV4 with signing name `logs`), and the
 * store the simulated runtimes write their containers' output into: one group per runtime
 * endpoint, one stream per execution environment (`YYYY/MM/DD/[runtime-logs]<uuid>`), OTEL records
 * in `otel-rt-logs`.
 */

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
export class LogsApiError extends Error {
  constructor(
    readonly errorType: string,
    message: string,
  ) {
    super(message);
  }
}

/** The CloudWatch Logs operations served from the store (the shared AWS-services server verifies SigV4 first). */
export const LOGS_OPERATIONS = ['FilterLogEvents', 'DescribeLogStreams'] as const;

/**
 * Runs FilterLogEvents or DescribeLogStreams over the store; throws `LogsApiError` for what the
 * service refuses (a missing group, a denied caller, bad parameters).
 */
export function executeLogsOperation(ctx: SimContext, store: LogStore, operation: (typeof LOGS_OPERATIONS)[number], input: Record<string, unknown>): unknown {
  const group = typeof input.logGroupName === 'string' ? input.logGroupName : typeof input.logGroupIdentifier === 'string' ? input.logGroupIdentifier : undefined;
  if (!group) throw new LogsApiError('InvalidParameterException', 'Either logGroupName or logGroupIdentifier must be specified.');
  if (ctx.knobs.denyLogs) {
    throw new LogsApiError(
      'AccessDeniedException',
      `User: ${callerArn(ctx)} is not authorized to perform: logs:${operation} on resource: arn:aws:logs:${ctx.region}:${ctx.accountId}:log-group:${group}:log-stream: because no identity-based policy allows the logs:${operation} action`,
    );
  }
  if (!store.hasGroup(group)) throw new LogsApiError('ResourceNotFoundException', 'The specified log group does not exist.');
  return operation === 'FilterLogEvents' ? filterLogEvents(store, group, input) : describeLogStreams(store, group, input);
}

function filterLogEvents(store: LogStore, group: string, input: Record<string, unknown>): unknown {
  const prefix = optionalString(input.logStreamNamePrefix, 'logStreamNamePrefix');
  const names = Array.isArray(input.logStreamNames) ? input.logStreamNames.map(String) : undefined;
  if (prefix !== undefined && names) throw new LogsApiError('InvalidParameterException', 'logStreamNamePrefix and logStreamNames cannot both be specified.');
  if (input.filterPattern !== undefined && input.filterPattern !== '') throw new LogsApiError('InvalidParameterException', 'filterPattern is not supported by the simulation.');
  const startTime = optionalNumber(input.startTime, 'startTime');
  const endTime = optionalNumber(input.endTime, 'endTime');
  const limit = optionalNumber(input.limit, 'limit') ?? MAX_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new LogsApiError('InvalidParameterException', `1 validation error detected: Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to ${MAX_LIMIT}`);
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
  if (orderBy === 'LastEventTime' && prefix !== undefined) throw new LogsApiError('InvalidParameterException', 'Cannot order by LastEventTime with a logStreamNamePrefix.');
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
  if (typeof value !== 'string') throw new LogsApiError('InvalidParameterException', `${name} must be a string.`);
  return value;
}

function optionalNumber(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new LogsApiError('InvalidParameterException', `${name} must be a number.`);
  return value;
}

function decodeToken(token: unknown): number {
  if (token === undefined || token === null) return 0;
  const match = typeof token === 'string' ? /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8')) : null;
  if (!match?.[1]) throw new LogsApiError('InvalidParameterException', 'The specified nextToken is invalid.');
  return Number(match[1]);
}
