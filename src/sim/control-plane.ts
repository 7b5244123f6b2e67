import type { HttpHandler } from './containers/types.js';
import { callerArn, type SimContext } from './context.js';
import { newRequestId, readRequestBody, sendJsonResponse, sendRestJsonError, splitTarget } from './aws-errors.js';
import type { EndpointRecord, RuntimeRecord, RuntimeRegistry } from './runtime-registry.js';
import { verifySigV4 } from './sigv4.js';

/**
 * `bedrock-agentcore-control.<region>.amazonaws.com` (agentcore-contract §6), restJson1 with SigV4
 * signing name `bedrock-agentcore`: GetAgentRuntime, GetAgentRuntimeEndpoint, ListAgentRuntimes
 * and ListAgentRuntimeEndpoints. Timestamps are ISO 8601 strings because the SDK schema marks
 * these members `date-time`; errors are `{"message"}` + `x-amzn-ErrorType`.
 */

const SIGNING_NAME = 'bedrock-agentcore';
const RUNTIME_ID_PATTERN = /^[a-zA-Z][a-zA-Z0-9_]{0,99}-[a-zA-Z0-9]{10}$/;
const ENDPOINT_NAME_PATTERN = /^[a-zA-Z][a-zA-Z0-9_]{0,47}$/;
/** Defaults AgentCore applies (§3.2). */
const LIFECYCLE = { idleRuntimeSessionTimeout: 900, maxLifetime: 28800 };

/** A modelled control-plane failure. */
class ControlPlaneError extends Error {
  constructor(
    readonly status: number,
    readonly errorType: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Builds the control plane's handler. */
export function createControlPlaneHandler(ctx: SimContext, registry: RuntimeRegistry): HttpHandler {
  return {
    async handle(req, res) {
      const requestId = newRequestId();
      const { rawPath, query } = splitTarget(req.url);
      const body = await readRequestBody(req);
      const route = matchRoute(req.method ?? '', rawPath);
      ctx.operations.push({ service: SIGNING_NAME, operation: route?.operation ?? `${req.method ?? ''} ${rawPath}` });
      try {
        const verdict = await verifySigV4({ method: req.method ?? 'GET', rawPath, query, headers: req.headers, body }, { service: SIGNING_NAME, region: ctx.region, credentials: ctx.credentials });
        if (!verdict.ok) throw new ControlPlaneError(403, verdict.errorType, verdict.message);
        if (ctx.knobs.denyControlPlane) {
          const action = route?.operation ?? 'UnknownOperation';
          const resource = route?.runtimeId ? `arn:aws:bedrock-agentcore:${ctx.region}:${ctx.accountId}:runtime/${route.runtimeId}` : `arn:aws:bedrock-agentcore:${ctx.region}:${ctx.accountId}:*`;
          throw new ControlPlaneError(403, 'AccessDeniedException', `User: ${callerArn(ctx)} is not authorized to perform: bedrock-agentcore:${action} on resource: ${resource} because no identity-based policy allows the bedrock-agentcore:${action} action`);
        }
        if (!route) throw new ControlPlaneError(404, 'UnknownOperationException', 'UnknownOperationException');
        const result = execute(ctx, registry, route, query);
        sendJsonResponse(res, 200, result, { 'x-amzn-requestid': requestId });
      } catch (error) {
        if (!(error instanceof ControlPlaneError)) throw error;
        sendRestJsonError(res, error.status, error.errorType, error.message, error.extra, { 'x-amzn-requestid': requestId });
      }
    },
  };
}

interface Route {
  operation: 'GetAgentRuntime' | 'GetAgentRuntimeEndpoint' | 'ListAgentRuntimes' | 'ListAgentRuntimeEndpoints';
  runtimeId?: string;
  endpointName?: string;
}

function matchRoute(method: string, rawPath: string): Route | undefined {
  const segments = rawPath.split('/').filter(Boolean).map(safeDecode);
  if (segments[0] !== 'runtimes' || segments.some((segment) => segment === undefined)) return undefined;
  const [, runtimeId, sub, endpointName, extra] = segments as string[];
  if (method === 'POST' && segments.length === 1) return { operation: 'ListAgentRuntimes' };
  if (method === 'GET' && segments.length === 2) return { operation: 'GetAgentRuntime', runtimeId };
  if (sub !== 'runtime-endpoints' || extra !== undefined) return undefined;
  if (method === 'POST' && segments.length === 3) return { operation: 'ListAgentRuntimeEndpoints', runtimeId };
  if (method === 'GET' && segments.length === 4) return { operation: 'GetAgentRuntimeEndpoint', runtimeId, endpointName };
  return undefined;
}

function execute(ctx: SimContext, registry: RuntimeRegistry, route: Route, query: URLSearchParams): unknown {
  if (route.operation === 'ListAgentRuntimes') {
    const page = paginate(registry.list(ctx.accountId), query);
    return { agentRuntimes: page.items.map(runtimeSummary), ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
  }
  const runtime = findRuntime(ctx, registry, route.runtimeId ?? '');
  if (route.operation === 'GetAgentRuntime') {
    const version = query.get('version');
    if (version !== null && version !== String(runtime.version)) {
      throw new ControlPlaneError(404, 'ResourceNotFoundException', `AgentRuntime version ${version} not found for runtime ${runtime.runtimeId}`);
    }
    return describeRuntime(ctx, runtime);
  }
  if (route.operation === 'ListAgentRuntimeEndpoints') {
    const page = paginate([...runtime.endpoints.values()], query);
    return { runtimeEndpoints: page.items.map((endpoint) => describeEndpoint(runtime, endpoint, false)), ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
  }
  const name = route.endpointName ?? '';
  if (!ENDPOINT_NAME_PATTERN.test(name)) throw validationError('endpointName', name, 'Member must satisfy regular expression pattern: ^[a-zA-Z][a-zA-Z0-9_]{0,47}$');
  const endpoint = runtime.endpoints.get(name);
  if (!endpoint) throw new ControlPlaneError(404, 'ResourceNotFoundException', `AgentRuntimeEndpoint ${name} not found for runtime ${runtime.runtimeId}`);
  return describeEndpoint(runtime, endpoint, true);
}

function findRuntime(ctx: SimContext, registry: RuntimeRegistry, runtimeId: string): RuntimeRecord {
  // An ARN (or anything else) where the id belongs fails validation: the control plane takes ids only (§6).
  if (!RUNTIME_ID_PATTERN.test(runtimeId)) throw validationError('agentRuntimeId', runtimeId, 'Member must satisfy regular expression pattern: [a-zA-Z][a-zA-Z0-9_]{0,99}-[a-zA-Z0-9]{10}');
  const runtime = registry.byId(runtimeId, ctx.accountId);
  if (!runtime) throw new ControlPlaneError(404, 'ResourceNotFoundException', `AgentRuntime not found: ${runtimeId}`);
  return runtime;
}

function validationError(field: string, value: string, constraint: string): ControlPlaneError {
  const message = `1 validation error detected: Value '${value}' at '${field}' failed to satisfy constraint: ${constraint}`;
  return new ControlPlaneError(400, 'ValidationException', message, { reason: 'FieldValidationFailed', fieldList: [{ name: field, message: constraint }] });
}

function paginate<T>(items: T[], query: URLSearchParams): { items: T[]; nextToken?: string } {
  const rawMax = query.get('maxResults');
  const maxResults = rawMax === null ? 100 : Number(rawMax);
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 100) {
    throw validationError('maxResults', rawMax ?? '', 'Member must have value less than or equal to 100 and greater than or equal to 1');
  }
  const token = query.get('nextToken');
  let offset = 0;
  if (token !== null) {
    const match = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
    if (!match?.[1]) throw new ControlPlaneError(400, 'ValidationException', 'Invalid nextToken', { reason: 'CannotParse' });
    offset = Number(match[1]);
  }
  const page = items.slice(offset, offset + maxResults);
  const next = offset + maxResults;
  return next < items.length ? { items: page, nextToken: Buffer.from(`offset:${next}`, 'utf8').toString('base64url') } : { items: page };
}

function runtimeSummary(runtime: RuntimeRecord): Record<string, unknown> {
  return {
    agentRuntimeArn: runtime.arn,
    agentRuntimeId: runtime.runtimeId,
    agentRuntimeVersion: String(runtime.version),
    agentRuntimeName: runtime.name,
    description: runtime.description ?? '',
    lastUpdatedAt: runtime.lastUpdatedAt.toISOString(),
    status: runtime.status,
  };
}

/** GetAgentRuntime's answer; unions (authorizer, header config, artifact) carry exactly one key. */
function describeRuntime(ctx: SimContext, runtime: RuntimeRecord): Record<string, unknown> {
  return {
    agentRuntimeArn: runtime.arn,
    agentRuntimeName: runtime.name,
    agentRuntimeId: runtime.runtimeId,
    agentRuntimeVersion: String(runtime.version),
    createdAt: runtime.createdAt.toISOString(),
    lastUpdatedAt: runtime.lastUpdatedAt.toISOString(),
    roleArn: runtime.roleArn ?? `arn:aws:iam::${runtime.accountId}:role/mcp-doctor-sim-runtime-role`,
    status: runtime.status,
    ...(runtime.failureReason !== undefined ? { failureReason: runtime.failureReason } : {}),
    ...(runtime.description !== undefined ? { description: runtime.description } : {}),
    workloadIdentityDetails: { workloadIdentityArn: `arn:aws:bedrock-agentcore:${ctx.region}:${runtime.accountId}:workload-identity-directory/default/workload-identity/${runtime.runtimeId}` },
    agentRuntimeArtifact: { containerConfiguration: { containerUri: runtime.containerUri ?? `${runtime.accountId}.dkr.ecr.${ctx.region}.amazonaws.com/bedrock_agentcore-${runtime.name.toLowerCase()}:latest` } },
    protocolConfiguration: { serverProtocol: runtime.serverProtocol },
    networkConfiguration: { networkMode: 'PUBLIC' },
    lifecycleConfiguration: LIFECYCLE,
    metadataConfiguration: { requireMMDSV2: runtime.requireMMDSV2 },
    ...(runtime.authorizer ? { authorizerConfiguration: { customJWTAuthorizer: definedOnly(runtime.authorizer) } } : {}),
    ...(runtime.requestHeaderAllowlist ? { requestHeaderConfiguration: { requestHeaderAllowlist: runtime.requestHeaderAllowlist } } : {}),
  };
}

function describeEndpoint(runtime: RuntimeRecord, endpoint: EndpointRecord, withFailure: boolean): Record<string, unknown> {
  return {
    name: endpoint.name,
    liveVersion: String(runtime.version),
    agentRuntimeEndpointArn: `${runtime.arn}/runtime-endpoint/${endpoint.name}`,
    agentRuntimeArn: runtime.arn,
    status: endpoint.status,
    id: endpoint.name,
    createdAt: endpoint.createdAt.toISOString(),
    lastUpdatedAt: endpoint.lastUpdatedAt.toISOString(),
    ...(withFailure && endpoint.failureReason !== undefined ? { failureReason: endpoint.failureReason } : {}),
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
