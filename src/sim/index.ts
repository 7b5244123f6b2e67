/**
 * The local AgentCore simulation: data plane, control plane, Cognito and its issuer on
 * 127.0.0.1, plus the container apps it fronts. Powers `mcp-doctor demo` and the tests.
 *
 * @example
 * const sim = await startSimulation({ knobs: { initTimeoutSeconds: 5 } });
 * const container = await listenLocal(createStatelessApp());
 * const runtime = sim.addRuntime({ name: 'demo_server', containerUrl: container.url, customJWTAuthorizer: {} });
 * const token = await sim.issuer.mint();
 * // POST runtime.invocationUrl with `Authorization: Bearer ${token}` …
 * await sim.stop();
 * await container.stop();
 */
export type * from './types.js';
export { startSimulation, SIMULATION_CREDENTIALS } from './start-simulation.js';
export { listenLocal, LOOPBACK_ADDRESS, type ListenOptions, type LocalServer } from './listen.js';
export {
  evaluateJwtAuthorizer,
  authorizeBearer,
  extractBearerToken,
  customClaimMatches,
  claimMismatchMessage,
  unauthorizedBody,
  DiscoveryCache,
  JWT_MESSAGES,
  NEAR_EXPIRY_SECONDS,
  type AuthorizeBearerDeps,
  type DiscoveryDocument,
  type FetchJson,
  type JwtAuthorizerDecision,
  type JwtAuthorizerOptions,
  type JwtRejectReason,
} from './jwt-authorizer.js';
export {
  DATA_PLANE_MESSAGES,
  acceptsMcp,
  containerHost,
  initTimeoutMessage,
  notFoundMessage,
  protectedResourceMetadataUrl,
  runtimeErrorMessage,
} from './data-plane.js';
export { parseRuntimeArn, runtimeArn, type RuntimeArn } from './runtime-registry.js';
export { computeSecretHash } from './cognito.js';
export { isSigV4Authorization, parseSigV4Authorization, verifySigV4, type SigV4Result, type StaticCredentials } from './sigv4.js';
export type { HttpHandler } from './containers/types.js';
export { createSampleServer, createStatefulApp, createStatelessApp, SAMPLE_TOOL_NAMES, type StatefulAppOptions, type StatelessAppOptions } from './containers/mcp-app.js';
