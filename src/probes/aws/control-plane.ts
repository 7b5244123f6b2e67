import type { ProbeContext } from '../../model/contracts.js';
import { sanitizeText } from '../../security/sanitize-text.js';
import { networkOf } from '../network-config.js';
import { textOf } from '../classify-error.js';
import type { AwsAccess } from '../../model/runtime.js';
import type { AwsCallError, RuntimeAuthorizer, RuntimeDescription, ControlPlaneObservation } from '../../model/observations.js';

/**
 * The control-plane view of a runtime (agentcore-contract §6): GetAgentRuntime by id and
 * GetAgentRuntimeEndpoint for the qualifier, concurrently, through the real AWS SDK client.
 */

/** Calls the control plane for the target runtime; never throws. */
export async function describeRuntime(ctx: ProbeContext, access: AwsAccess): Promise<ControlPlaneObservation> {
  const target = ctx.target.runtime;
  if (!target) return { calls: 0 };
  const creds = await access.tryCredentials();
  if (!creds) {
    const error: AwsCallError = { kind: 'no-credentials', name: 'CredentialsProviderError', message: access.credentialsError ?? 'no AWS credentials found', permission: 'bedrock-agentcore:GetAgentRuntime' };
    return { calls: 0, runtimeError: error, endpointError: { ...error, permission: 'bedrock-agentcore:GetAgentRuntimeEndpoint' } };
  }
  const [sdk, requestHandler] = await Promise.all([import('@aws-sdk/client-bedrock-agentcore-control'), networkOf(access.settings.network).awsRequestHandler({ timeoutMs: access.settings.timeoutMs })]);
  const client = new sdk.BedrockAgentCoreControlClient({
    region: target.region,
    endpoint: target.controlPlaneUrl,
    credentials: access.credentials,
    maxAttempts: 2,
    requestHandler,
  });
  try {
    const [runtime, endpoint] = await Promise.allSettled([
      client.send(new sdk.GetAgentRuntimeCommand({ agentRuntimeId: target.runtimeId }), { abortSignal: ctx.signal }),
      client.send(new sdk.GetAgentRuntimeEndpointCommand({ agentRuntimeId: target.runtimeId, endpointName: target.qualifier }), { abortSignal: ctx.signal }),
    ]);
    const observation: ControlPlaneObservation = { calls: 2 };
    if (runtime.status === 'fulfilled') observation.runtime = describeRuntimeResponse(runtime.value);
    else observation.runtimeError = classifyAwsError(runtime.reason, 'bedrock-agentcore:GetAgentRuntime');
    if (endpoint.status === 'fulfilled') {
      const e = endpoint.value;
      observation.endpoint = { name: String(e.name ?? target.qualifier), status: String(e.status ?? 'UNKNOWN') };
      if (e.failureReason) observation.endpoint.failureReason = clean(e.failureReason);
      if (e.liveVersion) observation.endpoint.liveVersion = e.liveVersion;
      if (e.targetVersion) observation.endpoint.targetVersion = e.targetVersion;
    } else {
      observation.endpointError = classifyAwsError(endpoint.reason, 'bedrock-agentcore:GetAgentRuntimeEndpoint');
    }
    return observation;
  } finally {
    client.destroy();
  }
}

type GetAgentRuntimeOutput = import('@aws-sdk/client-bedrock-agentcore-control').GetAgentRuntimeCommandOutput;

function describeRuntimeResponse(r: GetAgentRuntimeOutput): RuntimeDescription {
  const jwt = r.authorizerConfiguration?.customJWTAuthorizer;
  const authorizer: RuntimeAuthorizer = jwt
    ? {
        kind: 'jwt',
        discoveryUrl: String(jwt.discoveryUrl ?? ''),
        ...(jwt.allowedClients ? { allowedClients: jwt.allowedClients } : {}),
        ...(jwt.allowedAudience ? { allowedAudience: jwt.allowedAudience } : {}),
        ...(jwt.allowedScopes ? { allowedScopes: jwt.allowedScopes } : {}),
        ...(jwt.customClaims ? { customClaims: jwt.customClaims as unknown[] } : {}),
      }
    : { kind: 'sigv4' };
  const description: RuntimeDescription = {
    arn: String(r.agentRuntimeArn ?? ''),
    name: String(r.agentRuntimeName ?? ''),
    id: String(r.agentRuntimeId ?? ''),
    version: String(r.agentRuntimeVersion ?? ''),
    status: String(r.status ?? 'UNKNOWN'),
    authorizer,
  };
  if (r.failureReason) description.failureReason = clean(r.failureReason);
  if (r.protocolConfiguration?.serverProtocol) description.serverProtocol = r.protocolConfiguration.serverProtocol;
  if (r.metadataConfiguration?.requireMMDSV2 !== undefined) description.requireMMDSV2 = r.metadataConfiguration.requireMMDSV2;
  const allowlist = r.requestHeaderConfiguration?.requestHeaderAllowlist;
  if (allowlist) description.requestHeaderAllowlist = allowlist;
  return description;
}

/** Classifies an AWS SDK (or network) error by name and status, never by message. */
export function classifyAwsError(error: unknown, permission: string): AwsCallError {
  const e = (error ?? {}) as { name?: string; message?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  const name = textOf(e.name ?? e.code) || 'Error';
  const status = e.$metadata?.httpStatusCode;
  const base = { name, message: clean(textOf(e.message) || name), permission, ...(status ? { httpStatus: status } : {}) };
  if (name === 'ResourceNotFoundException' || status === 404) return { kind: 'not-found', ...base };
  if (/AccessDenied|UnrecognizedClient|InvalidSignature|ExpiredToken|InvalidClientTokenId|NotAuthorized/.test(name) || status === 403) {
    return { kind: 'access-denied', ...base };
  }
  if (name === 'CredentialsProviderError') return { kind: 'no-credentials', ...base };
  if (/ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|TimeoutError|AbortError/.test(`${name} ${textOf(e.code)}`)) return { kind: 'network', ...base };
  return { kind: 'other', ...base };
}

function clean(text: string): string {
  return sanitizeText(text, 400);
}
