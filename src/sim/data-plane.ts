import type { SimKnobs } from './types.js';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { HttpHandler } from './containers/types.js';
import { maskedHeaders, type SimContext } from './context.js';
import { headerValue, jsonRpcErrorBody, newRequestId, readRequestBody, sendJsonResponse, sendRestJsonError, splitTarget } from './aws-errors.js';
import type { ContainerForwarder, ForwardOutcome } from './container-forwarder.js';
import { authorizeBearer, type DiscoveryCache, type JwtAuthorizerDecision } from './jwt-authorizer.js';
import { parseRuntimeArn, runtimeArn, type RuntimeRecord, type RuntimeRegistry } from './runtime-registry.js';
import { isSigV4Authorization, verifySigV4 } from './sigv4.js';

/**
 * The AgentCore data plane front door, `bedrock-agentcore.<region>.amazonaws.com`
 * (agentcore-contract §1.2, §2, §5, order from §11.1): resolve the ARN and qualifier → auth mode
 * (SigV4 or JWT) → JWT authorizer → runtime session id → Accept (MCP) → throttling → protocol →
 * forward to the container, wrapping its failures the way AgentCore does.
 */

/** Messages, verbatim from the contract (§5). */
export const DATA_PLANE_MESSAGES = {
  authMismatch:
    "Authorization method mismatch. The agent is configured for a different authorization method than what was used in your request. Check the agent's authorization configuration and ensure your request uses the matching method (OAuth or SigV4)",
  insufficientPermissions: 'Authorization error - Insufficient permissions',
  accountIdRequired: 'accountID required',
  acceptHeader: 'Accept Header Error - MCP protocol requires Accept header: application/json, text/event-stream',
  rateLimit: 'Rate limit exceeded - Too many requests',
  runtimeSessionIdLength: "1 validation error detected: Value at 'runtimeSessionId' failed to satisfy constraint: Member must have length greater than or equal to 33",
  mmdsv2: 'This runtime is not MMDSv2-enabled',
  sessionConflict: 'Session operation in progress, please retry',
  /** The SDK documents that the message mentions `maxVms` (§5); the rest is the sim's wording. */
  sessionQuota: 'Service quota exceeded: maxVms reached for this runtime',
} as const;

/**
 * Per-session limits the knobs switch on: the first requests of a new runtime session meet a
 * session still being provisioned (-32005), and only so many sessions fit the quota (402).
 */
class SessionLimits {
  /** Requests seen per session, per runtime. */
  private readonly runtimes = new Map<string, Map<string, number>>();

  check(runtime: string, session: string | undefined, knobs: SimKnobs): 'conflict' | 'quota' | undefined {
    const conflicts = knobs.sessionConflicts ?? 0;
    const quota = knobs.sessionQuota;
    // A request without a session id starts a session the platform allocates: nothing to collide with.
    if (session === undefined || (conflicts === 0 && quota === undefined)) return undefined;
    let sessions = this.runtimes.get(runtime);
    if (!sessions) this.runtimes.set(runtime, (sessions = new Map()));
    const count = sessions.get(session);
    if (count === undefined && quota !== undefined && sessions.size >= quota) return 'quota';
    const next = (count ?? 0) + 1;
    sessions.set(session, next);
    return next <= conflicts ? 'conflict' : undefined;
  }
}

/** `No endpoint or agent found with qualifier '<q>' for agent '<arn>'` (§5). */
export function notFoundMessage(qualifier: string, arn: string): string {
  return `No endpoint or agent found with qualifier '${qualifier}' for agent '${arn}'`;
}

/** `Runtime initialization time exceeded. Please make sure that initialization completes in <N>s.` */
export function initTimeoutMessage(seconds: number): string {
  return `Runtime initialization time exceeded. Please make sure that initialization completes in ${seconds}s.`;
}

/** `Received error (<status>) from runtime. Please check your CloudWatch logs for more information.` */
export function runtimeErrorMessage(status: number): string {
  return `Received error (${status}) from runtime. Please check your CloudWatch logs for more information.`;
}

/** The Host the container sees: an internal proxy name, never the public endpoint (§2.4). */
export function containerHost(region: string): string {
  return `cell01.${region}.prod.arp.kepler-analytics.aws.dev`;
}

/** The protected-resource-metadata URL advertised in `WWW-Authenticate` (§1.2). */
export function protectedResourceMetadataUrl(dataPlaneUrl: string, arn: string, qualifier: string): string {
  return `${dataPlaneUrl}/runtimes/${encodeURIComponent(arn)}/invocations/.well-known/oauth-protected-resource?qualifier=${encodeURIComponent(qualifier)}`;
}

/** Default limits (§5, §11.3). */
const DEFAULT_INIT_TIMEOUT_SECONDS = 30;
const DEFAULT_TPS = 25;
/** Synchronous requests may take 15 minutes (§5 "Request timeout"). */
const REQUEST_TIMEOUT_MS = 15 * 60 * 1000;
const SESSION_HEADER = 'mcp-session-id';
const RUNTIME_SESSION_HEADER = 'x-amzn-bedrock-agentcore-runtime-session-id';
/** MCP request headers the platform passes through (§2.1). */
const MCP_HEADERS = ['content-type', 'accept', 'mcp-protocol-version', 'mcp-method', 'mcp-name'];
/** The 2026-07-28 routing headers the `modernHeaders` knob forwards or strips. */
const MODERN_ROUTING_HEADERS = ['mcp-method', 'mcp-name'];
const MCP_PARAM_PREFIX = 'mcp-param-';
/** What the `healthCheck` knob POSTs to a new container. */
const HEALTH_CHECK_BODIES = {
  'legacy-ping': { jsonrpc: '2.0', id: 'agentcore-health', method: 'ping' },
  'modern-discover': {
    jsonrpc: '2.0',
    id: 'agentcore-health',
    method: 'server/discover',
    params: { _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': {} } },
  },
} as const;

/** Dependencies of the data plane. */
export interface DataPlaneDeps {
  ctx: SimContext;
  registry: RuntimeRegistry;
  forwarder: ContainerForwarder;
  discovery: DiscoveryCache;
  /** The data plane's own base URL (known once it listens). */
  dataPlaneUrl(): string;
}

type Route = { kind: 'invoke' | 'prm'; segment: string };

type Resolution = { kind: 'found'; runtime: RuntimeRecord; qualifier: string } | { kind: 'not-found'; arn: string; qualifier: string } | { kind: 'account-required' };

/** Builds the data plane's handler. */
export function createDataPlaneHandler(deps: DataPlaneDeps): HttpHandler {
  const throttle = new Throttle();
  const sessionLimits = new SessionLimits();
  return {
    async handle(req, res) {
      const requestId = newRequestId();
      const base = { 'x-amzn-RequestId': requestId };
      const { rawPath, query } = splitTarget(req.url);
      const body = await readRequestBody(req);
      const route = matchRoute(rawPath);
      // Only POST invokes and only GET reads the metadata; anything else is an unknown operation (sim choice).
      if (!route || (route.kind === 'invoke' && req.method !== 'POST') || (route.kind === 'prm' && req.method !== 'GET')) {
        return sendRestJsonError(res, 404, 'UnknownOperationException', 'UnknownOperationException', {}, base);
      }

      const resolution = resolve(deps, route.segment, query);
      if (resolution.kind === 'account-required') return sendRestJsonError(res, 400, 'ValidationException', DATA_PLANE_MESSAGES.accountIdRequired, {}, base);
      if (resolution.kind === 'not-found') {
        const message = notFoundMessage(resolution.qualifier, resolution.arn);
        if (deps.ctx.knobs.wrapResourceNotFound) return sendJsonResponse(res, 200, jsonRpcErrorBody(-32004, message), { ...base, 'x-amzn-ErrorType': 'ResourceNotFoundException' });
        return sendRestJsonError(res, 404, 'ResourceNotFoundException', message, {}, base);
      }
      const { runtime, qualifier } = resolution;
      if (route.kind === 'prm') return serveProtectedResourceMetadata(deps, res, runtime, qualifier, base);
      const mcp = runtime.serverProtocol === 'MCP';

      const denied = await authenticate(deps, req, rawPath, query, body, runtime, qualifier);
      if (denied) return sendDenied(res, denied, mcp, base);

      const runtimeSessionId = headerValue(req, RUNTIME_SESSION_HEADER);
      if (runtimeSessionId !== undefined && runtimeSessionId.length < 33) {
        return sendRestJsonError(res, 400, 'ValidationException', DATA_PLANE_MESSAGES.runtimeSessionIdLength, {}, base);
      }
      if (deps.ctx.knobs.enforceMmdsv2 && runtime.requireMMDSV2 !== true) {
        if (mcp) return sendJsonResponse(res, 200, jsonRpcErrorBody(-32006, DATA_PLANE_MESSAGES.mmdsv2), { ...base, 'x-amzn-ErrorType': 'ValidationException' });
        return sendRestJsonError(res, 400, 'ValidationException', DATA_PLANE_MESSAGES.mmdsv2, {}, base);
      }
      const sessionKey = headerValue(req, SESSION_HEADER) ?? runtimeSessionId;
      const limited = sessionLimits.check(runtime.arn, sessionKey, deps.ctx.knobs);
      if (limited === 'conflict') {
        if (mcp) return sendJsonResponse(res, 200, jsonRpcErrorBody(-32005, DATA_PLANE_MESSAGES.sessionConflict), { ...base, 'x-amzn-ErrorType': 'RetryableConflictException' });
        return sendRestJsonError(res, 409, 'RetryableConflictException', DATA_PLANE_MESSAGES.sessionConflict, {}, base);
      }
      if (limited === 'quota') {
        if (mcp) return sendJsonResponse(res, 200, jsonRpcErrorBody(-32003, DATA_PLANE_MESSAGES.rateLimit), { ...base, 'x-amzn-ErrorType': 'ServiceQuotaExceededException' });
        return sendRestJsonError(res, 402, 'ServiceQuotaExceededException', DATA_PLANE_MESSAGES.sessionQuota, {}, base);
      }
      if (mcp && !acceptsMcp(headerValue(req, 'accept'))) {
        return sendJsonResponse(res, 406, jsonRpcErrorBody(-32011, DATA_PLANE_MESSAGES.acceptHeader), { ...base, 'x-amzn-ErrorType': 'McpRequestUnacceptableException' });
      }
      if (!throttle.admit(`${runtime.arn}#${qualifier}`, deps.ctx.knobs.tpsLimit ?? DEFAULT_TPS)) {
        if (mcp) return sendJsonResponse(res, 200, jsonRpcErrorBody(-32003, DATA_PLANE_MESSAGES.rateLimit), { ...base, 'x-amzn-ErrorType': 'ThrottlingException' });
        return sendRestJsonError(res, 429, 'ThrottlingException', 'Rate exceeded', {}, base);
      }
      const initSeconds = deps.ctx.knobs.initTimeoutSeconds ?? DEFAULT_INIT_TIMEOUT_SECONDS;
      // The container serves the MCP contract only; an HTTP/A2A/AGUI runtime never passes its health check (§5 FIELD).
      if (!mcp) return sendRestJsonError(res, 424, 'RuntimeClientError', initTimeoutMessage(initSeconds), {}, base);

      await forwardToContainer(deps, req, res, runtime, qualifier, body, runtimeSessionId, initSeconds, base);
    },
  };
}

function matchRoute(rawPath: string): Route | undefined {
  const invoke = /^\/runtimes\/([^/]+)\/invocations\/?$/.exec(rawPath);
  if (invoke?.[1]) return { kind: 'invoke', segment: invoke[1] };
  const prm = /^\/runtimes\/([^/]+)\/invocations\/\.well-known\/oauth-protected-resource$/.exec(rawPath);
  if (prm?.[1]) return { kind: 'prm', segment: prm[1] };
  return undefined;
}

/** ARN (or bare id + accountId) and qualifier → a READY runtime with a READY endpoint, or not found (§1.2, §5). */
function resolve(deps: DataPlaneDeps, segment: string, query: URLSearchParams): Resolution {
  const qualifier = query.get('qualifier') ?? 'DEFAULT';
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    return { kind: 'not-found', arn: segment, qualifier };
  }
  let arn = decoded;
  if (!decoded.startsWith('arn:')) {
    const accountId = query.get('accountId');
    if (!accountId) return { kind: 'account-required' };
    arn = runtimeArn(deps.ctx.region, accountId, decoded);
  }
  const parsed = parseRuntimeArn(arn);
  // Endpoint ARNs, other regions, unknown runtimes and anything not READY all read as "not found".
  const runtime = parsed && parsed.region === deps.ctx.region ? deps.registry.byArn(arn) : undefined;
  const endpoint = runtime?.endpoints.get(qualifier);
  if (!runtime || runtime.status !== 'READY' || !endpoint || endpoint.status !== 'READY') return { kind: 'not-found', arn, qualifier };
  return { kind: 'found', runtime, qualifier };
}

/** A refusal from the authentication stage. */
interface Denial {
  status: number;
  errorType: string;
  message: string;
  /** The body an MCP runtime answers with. */
  mcpBody: Record<string, unknown>;
  wwwAuthenticate?: string;
}

async function authenticate(deps: DataPlaneDeps, req: IncomingMessage, rawPath: string, query: URLSearchParams, body: Buffer, runtime: RuntimeRecord, qualifier: string): Promise<Denial | undefined> {
  const authorization = headerValue(req, 'authorization');
  const sigv4 = isSigV4Authorization(authorization);
  const mismatch: Denial = { status: 403, errorType: 'AccessDeniedException', message: DATA_PLANE_MESSAGES.authMismatch, mcpBody: jsonRpcErrorBody(-32002, DATA_PLANE_MESSAGES.authMismatch) };

  if (runtime.authorizer) {
    // The mode is decided before any signature is checked: a SigV4 request to a JWT runtime is a mismatch (§4.1, §5).
    if (sigv4) return mismatch;
    const decision = await authorizeBearer(authorization, runtime.authorizer, { cache: deps.discovery, options: deps.ctx.knobs });
    return decision.outcome === 'accept' ? undefined : jwtDenial(deps, decision, runtime, qualifier);
  }
  if (sigv4) {
    const verdict = await verifySigV4({ method: req.method ?? 'POST', rawPath, query, headers: req.headers, body }, { service: 'bedrock-agentcore', region: deps.ctx.region, credentials: deps.ctx.credentials });
    return verdict.ok ? undefined : { status: 403, errorType: verdict.errorType, message: verdict.message, mcpBody: { message: verdict.message } };
  }
  if (authorization !== undefined && /^\s*bearer\b/i.test(authorization)) {
    if (deps.ctx.knobs.bearerOnIamRuntime === 'access-denied') return { status: 403, errorType: 'AccessDeniedException', message: DATA_PLANE_MESSAGES.insufficientPermissions, mcpBody: jsonRpcErrorBody(-32002, DATA_PLANE_MESSAGES.insufficientPermissions) };
    return mismatch;
  }
  return { status: 403, errorType: 'AccessDeniedException', message: DATA_PLANE_MESSAGES.insufficientPermissions, mcpBody: jsonRpcErrorBody(-32002, DATA_PLANE_MESSAGES.insufficientPermissions) };
}

function jwtDenial(deps: DataPlaneDeps, decision: Extract<JwtAuthorizerDecision, { outcome: 'reject' }>, runtime: RuntimeRecord, qualifier: string): Denial {
  const denial: Denial = { status: decision.status, errorType: decision.status === 401 ? 'UnauthorizedException' : 'AccessDeniedException', message: decision.message, mcpBody: decision.body };
  if (decision.status === 401 && (deps.ctx.knobs.wwwAuthenticateOn !== 'missing-token' || decision.reason === 'missing-token')) {
    // RFC 6750: every 401 names the scheme; AgentCore adds the RFC 9728 metadata URL (§1.2).
    const scopes = advertisedScopes(deps, runtime);
    const scope = scopes.length > 0 ? `, scope="${scopes.join(' ')}"` : '';
    denial.wwwAuthenticate = `Bearer resource_metadata="${protectedResourceMetadataUrl(deps.dataPlaneUrl(), runtime.arn, qualifier)}"${scope}`;
  }
  return denial;
}

function sendDenied(res: ServerResponse, denial: Denial, mcp: boolean, base: Record<string, string>): void {
  const headers: Record<string, string> = { ...base, 'x-amzn-ErrorType': denial.errorType };
  if (denial.wwwAuthenticate) headers['www-authenticate'] = denial.wwwAuthenticate;
  // Non-MCP runtimes have no JSON-RPC envelope: the plain restJson1 error shape.
  sendJsonResponse(res, denial.status, mcp ? denial.mcpBody : { message: denial.message }, headers);
}

function advertisedScopes(deps: DataPlaneDeps, runtime: RuntimeRecord): string[] {
  if (deps.ctx.knobs.advertiseScopes === false) return [];
  return runtime.authorizer?.allowedScopes ?? [];
}

/** RFC 9728 metadata for JWT runtimes; SigV4 runtimes have none (sim choice: unknown operation). */
function serveProtectedResourceMetadata(deps: DataPlaneDeps, res: ServerResponse, runtime: RuntimeRecord, qualifier: string, base: Record<string, string>): void {
  if (!runtime.authorizer) return sendRestJsonError(res, 404, 'UnknownOperationException', 'UnknownOperationException', {}, base);
  // The authorization server is the issuer the discovery URL belongs to (§1.2 observed body).
  const issuer = runtime.authorizer.discoveryUrl.replace(/\/\.well-known\/openid-configuration$/, '');
  const scopes = advertisedScopes(deps, runtime);
  sendJsonResponse(
    res,
    200,
    {
      authorization_servers: [issuer],
      resource: `${deps.dataPlaneUrl()}/runtimes/${encodeURIComponent(runtime.arn)}/invocations?qualifier=${encodeURIComponent(qualifier)}`,
      ...(scopes.length > 0 ? { scopes_supported: scopes } : {}),
    },
    base,
  );
}

/** True when Accept lists both media types MCP requires, literally (wildcards do not count). */
export function acceptsMcp(accept: string | undefined): boolean {
  const types = (accept ?? '').split(',').map((part) => (part.split(';')[0] ?? '').trim().toLowerCase());
  return types.includes('application/json') && types.includes('text/event-stream');
}

async function forwardToContainer(
  deps: DataPlaneDeps,
  req: IncomingMessage,
  res: ServerResponse,
  runtime: RuntimeRecord,
  qualifier: string,
  body: Buffer,
  clientRuntimeSessionId: string | undefined,
  initSeconds: number,
  base: Record<string, string>,
): Promise<void> {
  const clientSessionId = headerValue(req, SESSION_HEADER);
  const knobs = deps.ctx.knobs;
  const kind = describeBody(body);
  const skipInjection = (knobs.sessionIdInjection === 'except-initialize' && kind.initialize) || (kind.modern && knobs.modernSessionIdInjection === false);
  // The platform adds its own Mcp-Session-Id to requests without one and forwards it (§3.1).
  const forwardedSessionId = clientSessionId ?? (skipInjection ? undefined : randomUUID());
  const platformSessionId = forwardedSessionId ?? randomUUID();
  // Which of the two ids routes is UNCONFIRMED (§3.1): the runtime session defaults to the MCP session.
  const runtimeSessionId = clientRuntimeSessionId ?? platformSessionId;

  const headers: Record<string, string> = {};
  const stripModern = knobs.modernHeaders === 'strip';
  for (const name of MCP_HEADERS) {
    const value = headerValue(req, name);
    if (value !== undefined && !(stripModern && MODERN_ROUTING_HEADERS.includes(name))) headers[name] = value;
  }
  if (!stripModern) {
    for (const name of Object.keys(req.headers)) {
      const value = name.startsWith(MCP_PARAM_PREFIX) ? headerValue(req, name) : undefined;
      if (value !== undefined) headers[name] = value;
    }
  }
  for (const [name, value] of allowListedHeaders(req, runtime)) headers[name] = value;
  if (forwardedSessionId !== undefined) headers[SESSION_HEADER] = forwardedSessionId;
  headers[RUNTIME_SESSION_HEADER] = runtimeSessionId;
  headers.host = containerHost(deps.ctx.region);

  if (runtime.containerUrl !== undefined) {
    deps.ctx.record({ service: 'container', method: 'POST', path: new URL(runtime.containerUrl).pathname, headers: maskedHeaders(headers) });
  }
  let coldStart = forwardedSessionId === undefined || !runtime.warmSessions.has(forwardedSessionId);
  // A cold start is a new execution environment: a new log stream, where the container's start-up output goes (§14).
  if (coldStart) deps.registry.startEnvironment(runtime, qualifier);
  deps.registry.recordTelemetry(runtime, qualifier, { resource: { 'service.name': runtime.name }, scope: { name: 'bedrock-agentcore' }, body: 'invocation', attributes: { 'session.id': runtimeSessionId } });
  let outcome: ForwardOutcome | undefined;
  const check = knobs.healthCheck ?? 'none';
  if (coldStart && check !== 'none') {
    // The platform's own request to the new container; only a 5xx or no answer fails it.
    const healthHeaders = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', [RUNTIME_SESSION_HEADER]: runtimeSessionId, host: headers.host };
    const probe = await deps.forwarder.forward({ url: runtime.containerUrl, headers: healthHeaders, body: Buffer.from(JSON.stringify(HEALTH_CHECK_BODIES[check])), coldStart: true, initTimeoutMs: initSeconds * 1000, requestTimeoutMs: REQUEST_TIMEOUT_MS });
    if (probe.kind === 'response') {
      await probe.body.dump().catch(() => undefined);
      coldStart = false;
    } else outcome = probe;
  }
  outcome ??= await deps.forwarder.forward({
    url: runtime.containerUrl,
    headers,
    body,
    coldStart,
    initTimeoutMs: initSeconds * 1000,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
  });

  const sessionHeaders = (sessionId: string): Record<string, string> => ({ ...base, 'Mcp-Session-Id': sessionId, 'X-Amzn-Bedrock-AgentCore-Runtime-Session-Id': runtimeSessionId });
  switch (outcome.kind) {
    case 'stopped':
      res.destroy();
      return;
    case 'init-timeout':
      return sendRestJsonError(res, 424, 'RuntimeClientError', initTimeoutMessage(initSeconds), {}, sessionHeaders(platformSessionId));
    case 'request-timeout':
      return sendJsonResponse(res, 504, { message: 'Gateway Timeout' }, sessionHeaders(platformSessionId));
    case 'response':
      break;
  }

  const containerSessionId = single(outcome.headers[SESSION_HEADER]);
  const sessionId = containerSessionId ?? platformSessionId;
  if (outcome.status < 500) {
    for (const id of [forwardedSessionId, containerSessionId]) if (id !== undefined) runtime.warmSessions.add(id);
  }
  if (outcome.status >= 500 && runtime.errorOutput) deps.registry.print(runtime, qualifier, runtime.errorOutput);
  if (outcome.status < 200 || outcome.status >= 300) {
    await outcome.body.dump().catch(() => undefined);
    // Container failures reach MCP clients as HTTP 200 with JSON-RPC -32010 (§5).
    return sendJsonResponse(res, 200, jsonRpcErrorBody(-32010, runtimeErrorMessage(outcome.status)), sessionHeaders(sessionId));
  }

  const headersOut: Record<string, string> = sessionHeaders(sessionId);
  const contentType = single(outcome.headers['content-type']);
  if (contentType !== undefined) headersOut['Content-Type'] = contentType;
  const protocolVersion = single(outcome.headers['mcp-protocol-version']);
  if (protocolVersion !== undefined) headersOut['Mcp-Protocol-Version'] = protocolVersion;
  res.writeHead(outcome.status, headersOut);
  // SSE must reach the client event by event, not after the stream ends.
  res.flushHeaders();
  try {
    await pipeline(outcome.body, res);
  } catch {
    outcome.body.on('error', () => undefined);
    outcome.body.destroy();
    res.destroy();
  }
}

/** Headers from `requestHeaderAllowlist`, case-insensitive, `*` suffix as a prefix match (§2.4). */
function allowListedHeaders(req: IncomingMessage, runtime: RuntimeRecord): [string, string][] {
  const allowlist = (runtime.requestHeaderAllowlist ?? []).map((entry) => entry.toLowerCase());
  if (allowlist.length === 0) return [];
  const out: [string, string][] = [];
  for (const name of Object.keys(req.headers)) {
    // Authorization is never forwarded by default and only ever allow-listable on JWT runtimes (§2.4).
    if (name === 'authorization' && !runtime.authorizer) continue;
    if (name === 'host' || MCP_HEADERS.includes(name) || name.startsWith(MCP_PARAM_PREFIX) || name === SESSION_HEADER || name === RUNTIME_SESSION_HEADER) continue;
    const allowed = allowlist.some((entry) => (entry.endsWith('*') ? name.startsWith(entry.slice(0, -1)) : name === entry));
    const value = headerValue(req, name);
    if (allowed && value !== undefined) out.push([name, value]);
  }
  return out;
}

/** Whether a body holds an `initialize`, and whether it is a 2026-07-28 request (`_meta` names a version). */
function describeBody(body: Buffer): { initialize: boolean; modern: boolean } {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    const messages = (Array.isArray(parsed) ? parsed : [parsed]).filter((m): m is { method?: unknown; params?: { _meta?: Record<string, unknown> } } => m !== null && typeof m === 'object');
    return {
      initialize: messages.some((message) => message.method === 'initialize'),
      modern: messages.some((message) => typeof message.params?._meta?.['io.modelcontextprotocol/protocolVersion'] === 'string'),
    };
  } catch {
    return { initialize: false, modern: false };
  }
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Requests per endpoint in a sliding one-second window (§5 "Throttled"). */
class Throttle {
  private readonly windows = new Map<string, number[]>();

  /** Counts the request; false when the endpoint already saw `limit` requests in the last second. */
  admit(key: string, limit: number): boolean {
    const now = Date.now();
    const recent = (this.windows.get(key) ?? []).filter((at) => now - at < 1000);
    const admitted = recent.length < limit;
    if (admitted) recent.push(now);
    this.windows.set(key, recent);
    return admitted;
  }
}
