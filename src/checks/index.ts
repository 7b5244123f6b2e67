import type { AnyCheck } from '../model/contracts.js';
import { endpointStatus } from './agentcore/endpoint-status.js';
import { agentcoreFrontDoor } from './agentcore/front-door.js';
import { headerAllowlist, runtimeMetadata, runtimeProtocol } from './agentcore/runtime-configuration.js';
import { readiness } from './agentcore/readiness.js';
import { runtimeStatus } from './agentcore/runtime-status.js';
import { throttling } from './agentcore/throttling.js';
import { authDiscovery } from './auth/auth-discovery.js';
import { authPrediction } from './auth/auth-prediction.js';
import { cognitoConfiguration } from './auth/cognito-configuration.js';
import { tokenAcquisition } from './auth/token-acquisition.js';
import { tokenFormat } from './auth/token-format.js';
import { tokenVsAuthorizer } from './auth/token-vs-authorizer.js';
import { promptsList, resourcesList, toolCall, toolsList } from './mcp/list-checks.js';
import { mcpSession } from './mcp/mcp-session.js';
import { modernChecks } from './modern/index.js';
import { endpointReachable } from './network/endpoint-reachable.js';
import { tlsVerification } from './network/tls-verification.js';
import { initialize } from './protocol/initialize.js';
import { protocolVersionHeader } from './protocol/protocol-version-header.js';
import { protocolVersion } from './protocol/protocol-version.js';
import { clientOrigin } from './security/client-origin.js';
import { controlCharacters } from './security/control-characters.js';
import { hostOriginValidation } from './security/host-origin-validation.js';
import { serverAuth } from './security/server-auth.js';
import { interactiveClients } from './auth/interactive-clients.js';
import { tokenReflection } from './security/token-reflection.js';
import { foreignSessionId } from './session/foreign-session-id.js';
import { sessionExpiry } from './session/session-expiry.js';
import { stateless } from './session/stateless.js';
import { acceptNegotiation } from './transport/accept-negotiation.js';
import { agentcoreContract } from './transport/agentcore-contract.js';
import { contentType } from './transport/content-type.js';
import { endpointSpeaksMcp } from './transport/endpoint-speaks-mcp.js';
import { getStream } from './transport/get-stream.js';
import { hostHeader } from './transport/host-header.js';
import { serverErrors } from './transport/server-errors.js';
import { sseStream } from './transport/sse-stream.js';
import { trailingSlash } from './transport/trailing-slash.js';

/**
 * Every check, in report order (infrastructure first). No check waits for another: each is judged
 * on the observations it needs (docs/engine.md).
 */
export const checks: readonly AnyCheck[] = [
  tlsVerification,
  readiness,
  tokenAcquisition,
  tokenFormat,
  runtimeStatus,
  endpointStatus,
  runtimeProtocol,
  runtimeMetadata,
  headerAllowlist,
  authDiscovery,
  tokenVsAuthorizer,
  cognitoConfiguration,
  endpointReachable,
  agentcoreFrontDoor,
  authPrediction,
  throttling,
  endpointSpeaksMcp,
  acceptNegotiation,
  contentType,
  hostHeader,
  hostOriginValidation,
  clientOrigin,
  initialize,
  protocolVersion,
  stateless,
  foreignSessionId,
  sessionExpiry,
  protocolVersionHeader,
  getStream,
  trailingSlash,
  serverErrors,
  mcpSession,
  toolsList,
  resourcesList,
  promptsList,
  toolCall,
  ...modernChecks,
  tokenReflection,
  controlCharacters,
  sseStream,
  serverAuth,
  interactiveClients,
  agentcoreContract,
] as readonly AnyCheck[];
