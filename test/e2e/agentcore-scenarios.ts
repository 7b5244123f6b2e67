import type { FindingCode } from '../../src/catalog/codes.js';
import { withPythonHostCheck } from '../../src/sim/containers/faults.js';
import { createStatefulApp, createStatelessApp } from '../../src/sim/containers/mcp-app.js';
import type { HttpHandler } from '../../src/sim/containers/types.js';
import { startSimulation } from '../../src/sim/index.js';
import type { MintOptions, SimKnobs, SimRuntimeConfig, Simulation } from '../../src/sim/types.js';
import { modernAgentcoreScenarios } from './modern-agentcore-scenarios.js';

/**
 * End-to-end table for runtime ARNs: a runtime in the local AgentCore simulation, a real MCP
 * container (or none), a token, the CLI flags; the codes the built CLI must report (a subset: the
 * informational notes about each runtime's configuration vary) and the exit code.
 */
export interface AgentCoreScenario {
  name: string;
  container?: () => HttpHandler;
  /** Runtime config; `jwt: true` adds an authorizer with the issuer's client in allowedClients. */
  runtime?: Partial<SimRuntimeConfig> & { jwt?: boolean };
  knobs?: SimKnobs;
  token?: MintOptions | 'garbage' | 'undefined';
  /** Builds extra CLI arguments from the simulation and the registered ARN. */
  args?: (sim: Simulation, arn: string) => string[];
  /** Replaces the ARN passed to the CLI. */
  arn?: (sim: Simulation, arn: string) => string;
  /** Prepares the simulation (users, clients, hooks) before the run; may return a cleanup. */
  setup?: (sim: Simulation) => void | Promise<void | (() => Promise<void>)>;
  /** The authorizer's discovery URL, when it is not the simulation issuer's. */
  discoveryUrl?: (sim: Simulation, containerOrigin: string) => string;
  /** Environment changes for the CLI (undefined removes a variable). */
  env?: (sim: Simulation) => Record<string, string | undefined>;
  codes: FindingCode[];
  /** Codes that must not appear. */
  absent?: FindingCode[];
  exit: 0 | 1;
}

const healthy = (): HttpHandler => createStatelessApp();

/** A second, unrelated issuer (its own keys and pool) for the scenario that names it. */
let otherIssuer: Simulation | undefined;
/** A container that also answers GET with an HTML page (a discovery URL pointing at a web site). */
const discoveryPage = (): HttpHandler => {
  const app = createStatelessApp({ paths: ['/mcp', '/mcp/'] });
  return {
    handle(req, res) {
      if (req.method === 'GET' && req.url?.startsWith('/.well-known/')) return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html><title>Sign in</title></html>');
      return app.handle(req, res);
    },
  };
};

/** A server that reads the caller's identity from the token: without `Authorization` it answers 401. */
const needsIdentity = (): HttpHandler => {
  const app = createStatelessApp();
  return {
    handle(req, res) {
      if (!req.headers.authorization) return void res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"Missing user identity"}');
      return app.handle(req, res);
    },
  };
};

export const agentcoreScenarios: AgentCoreScenario[] = [
  { name: 'healthy JWT runtime with an access token', container: healthy, runtime: { jwt: true, requestHeaderAllowlist: ['Authorization'] }, token: {}, codes: [], absent: ['SERVER_STATEFUL'], exit: 0 },
  { name: 'healthy IAM runtime signed with SigV4', container: healthy, runtime: {}, codes: [], exit: 0 },
  { name: 'Cognito authorizer: clients relying on dynamic client registration fail (info)', container: healthy, runtime: { jwt: true, requestHeaderAllowlist: ['Authorization'] }, token: {}, codes: ['DYNAMIC_CLIENT_REGISTRATION_UNSUPPORTED'], exit: 0 },
  { name: 'IAM runtime: no client-registration note', container: healthy, runtime: {}, codes: [], absent: ['DYNAMIC_CLIENT_REGISTRATION_UNSUPPORTED'], exit: 0 },
  { name: 'authorization not forwarded (info)', container: healthy, runtime: { jwt: true }, token: {}, codes: ['AUTHORIZATION_NOT_FORWARDED'], exit: 0 },
  { name: 'ID token against allowedClients', container: healthy, runtime: { jwt: true }, token: { tokenUse: 'id' }, codes: ['ID_TOKEN_USED'], exit: 1 },
  { name: 'access token against allowedAudience', container: healthy, runtime: { customJWTAuthorizer: {} }, token: {}, codes: ['AUDIENCE_MISMATCH'], exit: 1 },
  { name: 'token from another app client', container: healthy, runtime: { jwt: true }, token: { clientId: 'another-client-id-123' }, codes: ['CLIENT_NOT_ALLOWED'], exit: 1 },
  { name: 'scope not allowed', container: healthy, runtime: { jwt: true, customJWTAuthorizer: { allowedScopes: ['mcp/invoke'] } }, token: { scope: 'openid email' }, codes: ['SCOPE_NOT_ALLOWED'], exit: 1 },
  {
    name: 'custom claim rule not met',
    container: healthy,
    runtime: {
      jwt: true,
      customJWTAuthorizer: {
        customClaims: [{ inboundTokenClaimName: 'department', inboundTokenClaimValueType: 'STRING', authorizingClaimMatchValue: { claimMatchValue: { matchValueString: 'engineering' }, claimMatchOperator: 'EQUALS' } }],
      },
    },
    token: { claims: { department: 'sales' } },
    codes: ['CUSTOM_CLAIM_MISMATCH'],
    exit: 1,
  },
  { name: 'expired token', container: healthy, runtime: { jwt: true }, token: { expiresInSeconds: -600 }, codes: ['TOKEN_EXPIRED'], exit: 1 },
  { name: 'token expiring within the minute', container: healthy, runtime: { jwt: true }, token: { expiresInSeconds: 30 }, codes: ['TOKEN_EXPIRING'], exit: 1 },
  { name: 'token signed by an unknown key', container: healthy, runtime: { jwt: true }, token: { unknownKey: true }, codes: ['TOKEN_SIGNATURE_INVALID'], exit: 1 },
  { name: 'token from another issuer', container: healthy, runtime: { jwt: true }, token: { issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other' }, codes: ['TOKEN_ISSUER_MISMATCH'], exit: 1 },
  { name: 'garbage token', container: healthy, runtime: { jwt: true }, token: 'garbage', codes: ['TOKEN_MALFORMED'], exit: 1 },
  { name: 'no token for a JWT runtime', container: healthy, runtime: { jwt: true }, codes: ['TOKEN_MISSING'], exit: 1 },
  { name: 'Bearer undefined (an unset variable)', container: healthy, runtime: { jwt: true }, token: 'undefined', codes: ['BEARER_PLACEHOLDER'], exit: 1 },
  { name: 'token not valid yet (clock skew)', container: healthy, runtime: { jwt: true }, token: { notBeforeOffsetSeconds: 900 }, codes: ['TOKEN_NOT_YET_VALID'], exit: 1 },
  { name: 'Okta-style token with cid instead of client_id', container: healthy, runtime: { jwt: true }, token: { claims: { client_id: undefined, cid: 'okta-client-123' } }, codes: ['CLIENT_ID_CLAIM_MISSING'], exit: 1 },
  { name: 'discovery URL unreachable', container: healthy, runtime: { jwt: true }, token: {}, discoveryUrl: () => 'http://127.0.0.1:9/us-east-1_Gone/.well-known/openid-configuration', codes: ['DISCOVERY_UNREACHABLE'], exit: 1 },
  { name: 'discovery URL answers a web page', container: discoveryPage, runtime: { jwt: true }, token: {}, discoveryUrl: (_sim, origin) => `${origin}/.well-known/openid-configuration`, codes: ['DISCOVERY_INVALID'], exit: 1 },
  {
    name: '--discovery-url of another issuer: predicted rejection, but the endpoint accepts',
    container: healthy,
    runtime: { jwt: true },
    token: {},
    setup: async () => {
      otherIssuer = await startSimulation();
      return () => (otherIssuer as Simulation).stop();
    },
    args: () => ['--discovery-url', otherIssuer?.issuer.discoveryUrl ?? ''],
    codes: ['PREDICTION_MISMATCH', 'TOKEN_ISSUER_MISMATCH'],
    exit: 1,
  },
  {
    name: 'Cognito sign-in: the access token by default',
    container: healthy,
    runtime: { jwt: true },
    setup: (sim) => sim.issuer.addUser('alice', 'Correct-Horse-1'),
    args: (sim) => ['--cognito-client-id', sim.issuer.client.clientId, '--username', 'alice'],
    env: () => ({ MCP_DOCTOR_PASSWORD: 'Correct-Horse-1' }),
    codes: [],
    exit: 0,
  },
  {
    name: 'Cognito sign-in with --use-id-token reproduces the guide mistake',
    container: healthy,
    runtime: { jwt: true },
    setup: (sim) => sim.issuer.addUser('alice', 'Correct-Horse-1'),
    args: (sim) => ['--cognito-client-id', sim.issuer.client.clientId, '--username', 'alice', '--use-id-token'],
    env: () => ({ MCP_DOCTOR_PASSWORD: 'Correct-Horse-1' }),
    codes: ['ID_TOKEN_USED'],
    exit: 1,
  },
  {
    name: 'Cognito sign-in with a wrong password',
    container: healthy,
    runtime: { jwt: true },
    setup: (sim) => sim.issuer.addUser('alice', 'Correct-Horse-1'),
    args: (sim) => ['--cognito-client-id', sim.issuer.client.clientId, '--username', 'alice'],
    env: () => ({ MCP_DOCTOR_PASSWORD: 'wrong-password-9' }),
    codes: ['COGNITO_AUTH_FAILED'],
    exit: 1,
  },
  {
    name: 'Cognito sign-in through a dangling pre-token trigger',
    container: healthy,
    runtime: { jwt: true },
    setup: (sim) => {
      sim.issuer.addUser('alice', 'Correct-Horse-1');
      // The trigger names a function that was deleted (the teardown order mistake).
      sim.issuer.setPreTokenHook({ version: 'V2_0', claimsToAddOrOverride: {}, lambdaArn: `arn:aws:lambda:${sim.region}:${sim.accountId}:function:deleted-pre-token` });
    },
    args: (sim) => ['--cognito-client-id', sim.issuer.client.clientId, '--username', 'alice'],
    env: () => ({ MCP_DOCTOR_PASSWORD: 'Correct-Horse-1' }),
    codes: ['USER_POOL_TRIGGER_FAILED', 'DANGLING_USER_POOL_TRIGGER'],
    absent: ['COGNITO_AUTH_FAILED'],
    exit: 1,
  },
  {
    name: 'a token issued before the trigger\'s function was deleted still works; the dangling trigger is reported',
    container: healthy,
    runtime: { jwt: true, requestHeaderAllowlist: ['Authorization'] },
    setup: (sim) => {
      sim.issuer.setPreTokenHook({ version: 'V2_0', claimsToAddOrOverride: {}, lambdaArn: `arn:aws:lambda:${sim.region}:${sim.accountId}:function:deleted-pre-token` });
    },
    token: {},
    codes: ['DANGLING_USER_POOL_TRIGGER'],
    absent: ['USER_POOL_TRIGGER_FAILED'],
    exit: 1,
  },
  {
    name: 'Cognito app client without USER_PASSWORD_AUTH',
    container: healthy,
    runtime: { jwt: true },
    setup: (sim) => {
      sim.issuer.addUser('alice', 'Correct-Horse-1');
      sim.issuer.addClient({ clientId: 'srponlyclient0000000000000', clientName: 'srp-only', explicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
    },
    args: () => ['--cognito-client-id', 'srponlyclient0000000000000', '--username', 'alice'],
    env: () => ({ MCP_DOCTOR_PASSWORD: 'Correct-Horse-1' }),
    codes: ['USER_PASSWORD_AUTH_DISABLED'],
    exit: 1,
  },
  {
    name: 'confidential Cognito app client without the secret',
    container: healthy,
    runtime: { jwt: true },
    setup: (sim) => {
      sim.issuer.addUser('alice', 'Correct-Horse-1');
      sim.issuer.addClient({ clientId: 'secretclient00000000000000', clientName: 'confidential', clientSecret: 'client-secret-value-0123456789' });
    },
    args: () => ['--cognito-client-id', 'secretclient00000000000000', '--username', 'alice'],
    env: () => ({ MCP_DOCTOR_PASSWORD: 'Correct-Horse-1' }),
    codes: ['CLIENT_SECRET_HASH_REQUIRED'],
    exit: 1,
  },
  {
    name: 'machine-to-machine token from the OAuth client-credentials endpoint',
    container: healthy,
    runtime: { jwt: true, customJWTAuthorizer: { allowedClients: ['m2mclient00000000000000000'] } },
    setup: (sim) => sim.issuer.addClient({ clientId: 'm2mclient00000000000000000', clientName: 'm2m', clientSecret: 'm2m-secret-value-0123456789', allowedOAuthFlows: ['client_credentials'], allowedOAuthScopes: ['mcp/invoke'] }),
    args: (sim) => ['--oauth-token-url', sim.issuer.tokenEndpoint ?? '', '--client-id', 'm2mclient00000000000000000'],
    env: () => ({ MCP_DOCTOR_CLIENT_SECRET: 'm2m-secret-value-0123456789' }),
    codes: [],
    exit: 0,
  },
  {
    name: 'a V1 pre-token trigger that injects client_id into ID tokens',
    container: healthy,
    runtime: { jwt: true },
    setup: (sim) => sim.issuer.setPreTokenHook({ version: 'V1_0', claimsToAddOrOverride: { client_id: sim.issuer.client.clientId } }),
    token: {},
    codes: ['PRE_TOKEN_LAMBDA_V1_ACCESS_TOKEN', 'PRE_TOKEN_CLIENT_ID_WORKAROUND'],
    exit: 0,
  },
  { name: '--wait gives up on a runtime that stays CREATING', container: healthy, runtime: { jwt: true, status: 'CREATING' }, token: {}, args: () => ['--wait', '1s'], codes: ['WAIT_TIMEOUT', 'RUNTIME_NOT_READY'], exit: 1 },
  { name: 'SigV4 with a wrong secret key', container: healthy, runtime: {}, env: () => ({ AWS_SECRET_ACCESS_KEY: 'wrongSecretKeyWrongSecretKeyWrongSecretK' }), codes: ['SIGV4_REJECTED'], exit: 1 },
  { name: 'bearer token to an IAM runtime', container: healthy, runtime: {}, token: {}, codes: ['AUTH_MODE_MISMATCH'], exit: 1 },
  { name: 'container bound to loopback (never answers)', runtime: { jwt: true }, token: {}, knobs: { initTimeoutSeconds: 1 }, codes: ['RUNTIME_INIT_TIMEOUT'], exit: 1 },
  { name: 'runtime not MCP', container: healthy, runtime: { jwt: true, serverProtocol: 'HTTP' }, token: {}, knobs: { initTimeoutSeconds: 1 }, codes: ['PROTOCOL_NOT_MCP', 'RUNTIME_INIT_TIMEOUT'], exit: 1 },
  { name: 'runtime failed to deploy', container: healthy, runtime: { jwt: true, status: 'CREATE_FAILED', failureReason: 'image not found' }, token: {}, codes: ['RUNTIME_NOT_READY', 'RUNTIME_NOT_FOUND'], exit: 1 },
  { name: 'endpoint still updating', container: healthy, runtime: { jwt: true, endpoints: { DEFAULT: { status: 'UPDATING' } } }, token: {}, codes: ['ENDPOINT_NOT_READY'], exit: 1 },
  { name: 'unknown qualifier', container: healthy, runtime: { jwt: true }, token: {}, args: () => ['--qualifier', 'nosuch'], codes: ['QUALIFIER_NOT_FOUND', 'RUNTIME_NOT_FOUND'], exit: 1 },
  { name: 'deleted runtime', container: healthy, runtime: { jwt: true }, token: {}, arn: (_sim, arn) => arn.replace(/-[A-Za-z0-9]+$/, '-Deleted0000'), codes: ['RUNTIME_NOT_FOUND'], exit: 1 },
  { name: 'MMDSv2 not required', container: healthy, runtime: { jwt: true, requireMMDSV2: false }, token: {}, codes: ['MMDSV2_NOT_ENABLED'], exit: 1 },
  // UNCONFIRMED platform behaviours are simulation settings; the doctor must read every variant right.
  { name: 'variant: MMDSv2 enforced by the data plane', container: healthy, runtime: { jwt: true, requireMMDSV2: false }, knobs: { enforceMmdsv2: true }, token: {}, codes: ['MMDSV2_NOT_ENABLED'], absent: ['PREDICTION_MISMATCH'], exit: 1 },
  { name: 'variant: token from another user pool, refused on iss (field reports)', container: healthy, runtime: { jwt: true }, token: { unknownKey: true, issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other' }, codes: ['TOKEN_ISSUER_MISMATCH'], absent: ['PREDICTION_MISMATCH'], exit: 1 },
  {
    name: 'variant: token from another user pool, refused on its signature',
    container: healthy,
    runtime: { jwt: true },
    knobs: { foreignTokenCheck: 'signature' },
    token: { unknownKey: true, issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other' },
    codes: ['TOKEN_SIGNATURE_INVALID'],
    absent: ['PREDICTION_MISMATCH'],
    exit: 1,
  },
  { name: 'variant: scope refused with 403 insufficient_scope', container: healthy, runtime: { jwt: true, customJWTAuthorizer: { allowedScopes: ['mcp/invoke'] } }, knobs: { scopeFailure: 'insufficient-scope-403' }, token: { scope: 'openid email' }, codes: ['SCOPE_NOT_ALLOWED'], absent: ['PREDICTION_MISMATCH'], exit: 1 },
  { name: 'variant: another expired-token wording, 401', container: healthy, runtime: { jwt: true }, knobs: { expiredMessage: 'Jwt is expired', expiredStatus: 401 }, token: { expiresInSeconds: -600 }, codes: ['TOKEN_EXPIRED'], absent: ['PREDICTION_MISMATCH'], exit: 1 },
  { name: 'variant: WWW-Authenticate only on the missing-token 401', container: healthy, runtime: { jwt: true }, knobs: { wwwAuthenticateOn: 'missing-token' }, token: { tokenUse: 'id' }, codes: ['ID_TOKEN_USED'], absent: ['PREDICTION_MISMATCH', 'WWW_AUTHENTICATE_MISSING'], exit: 1 },
  { name: 'variant: bearer token to an IAM runtime answered AccessDenied', container: healthy, runtime: {}, knobs: { bearerOnIamRuntime: 'access-denied' }, token: {}, codes: ['AUTH_MODE_MISMATCH'], exit: 1 },
  // Whether AgentCore injects its session id into initialize is UNCONFIRMED: both variants are diagnosed.
  { name: 'stateful container, session id injected into initialize', container: () => createStatefulApp({ unknownSession: 'spec' }), runtime: { jwt: true }, token: {}, codes: ['FOREIGN_SESSION_ID_REJECTED'], exit: 1 },
  {
    name: 'stateful container, initialize passes without an injected id',
    container: () => createStatefulApp({ unknownSession: 'spec' }),
    runtime: { jwt: true },
    token: {},
    knobs: { sessionIdInjection: 'except-initialize' },
    codes: ['SERVER_STATEFUL', 'FOREIGN_SESSION_ID_REJECTED'],
    exit: 1,
  },
  { name: 'DNS-rebinding protection in the container (wrapped 421)', container: () => withPythonHostCheck(createStatelessApp()), runtime: { jwt: true }, token: {}, codes: ['HOST_HEADER_REJECTED'], exit: 1 },
  { name: 'container needs the token it never gets (wrapped 401)', container: needsIdentity, runtime: { jwt: true }, token: {}, codes: ['CONTAINER_ERROR', 'AUTHORIZATION_NOT_FORWARDED'], exit: 1 },
  { name: 'container gets the token when allow-listed', container: needsIdentity, runtime: { jwt: true, requestHeaderAllowlist: ['Authorization'] }, token: {}, codes: [], absent: ['CONTAINER_ERROR', 'AUTHORIZATION_NOT_FORWARDED'], exit: 0 },
  // Throttled probes leave other checks unverifiable, so the run cannot pass.
  { name: 'throttled', container: healthy, runtime: { jwt: true }, token: {}, knobs: { tpsLimit: 1 }, codes: ['THROTTLED'], exit: 1 },
  {
    name: 'no AWS credentials: control plane skipped, data plane still diagnosed',
    container: healthy,
    runtime: { jwt: true },
    token: {},
    env: () => ({ AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_SESSION_TOKEN: undefined, AWS_SHARED_CREDENTIALS_FILE: '/nonexistent', AWS_CONFIG_FILE: '/nonexistent' }),
    codes: [],
    exit: 0,
  },
  { name: 'control plane denied: skipped with the permission named', container: healthy, runtime: { jwt: true }, token: {}, knobs: { denyControlPlane: true }, codes: [], exit: 0 },
  { name: '--no-aws', container: healthy, runtime: { jwt: true }, token: {}, args: () => ['--no-aws'], codes: [], exit: 0 },
  ...modernAgentcoreScenarios,
];
