import { withAcceptRewrittenToWildcard, withPythonHostCheck } from '../sim/containers/faults.js';
import { createStatefulApp, createStatelessApp } from '../sim/containers/mcp-app.js';
import { createModernApp } from '../sim/containers/modern-app.js';
import type { HttpHandler } from '../sim/containers/types.js';
import type { MintOptions, SimRuntimeConfig } from '../sim/types.js';

/**
 * The demo's scenarios: each is a runtime in the local AgentCore simulation, a real MCP container
 * behind it (or none), and the token the "user" sends. The first is the default: the most common
 * failure in the field, an ID token sent to an authorizer that checks `client_id`.
 */
export interface DemoScenario {
  name: string;
  /** What the user did, in one line. */
  title: string;
  /** The codes the diagnosis is expected to name (documentation; the tests assert them). */
  expect: string[];
  /** The container behind the runtime; undefined = nothing listens. */
  container?: () => HttpHandler;
  /** Runtime settings besides the container. The authorizer's client is filled in from the issuer. */
  runtime: Omit<SimRuntimeConfig, 'containerUrl' | 'name'> & { jwt?: 'allowedClients' | 'allowedAudience' };
  /** The token to send, minted by the simulation's issuer; undefined = none (SigV4). */
  token?: MintOptions;
}

const healthy = (): HttpHandler => createStatelessApp();

export const DEMO_SCENARIOS: readonly DemoScenario[] = [
  {
    name: 'id-token',
    title: 'An ID token sent to a runtime whose authorizer checks allowedClients',
    expect: ['ID_TOKEN_USED'],
    container: healthy,
    runtime: { jwt: 'allowedClients' },
    token: { tokenUse: 'id' },
  },
  { name: 'healthy', title: 'A stateless FastMCP-style server called with a Cognito access token', expect: [], container: healthy, runtime: { jwt: 'allowedClients' }, token: { tokenUse: 'access' } },
  {
    name: 'stateful',
    title: 'A stateful server (no stateless_http=True) behind AgentCore',
    expect: ['FOREIGN_SESSION_ID_REJECTED'],
    container: () => createStatefulApp({ unknownSession: 'spec' }),
    runtime: { jwt: 'allowedClients' },
    token: { tokenUse: 'access' },
  },
  {
    name: 'host-check',
    title: 'FastMCP built with host="127.0.0.1": DNS-rebinding protection rejects AgentCore\'s Host (421)',
    expect: ['HOST_HEADER_REJECTED'],
    container: () => withPythonHostCheck(createStatelessApp()),
    runtime: { jwt: 'allowedClients' },
    token: { tokenUse: 'access' },
  },
  {
    name: 'init-timeout',
    title: 'The container never listens on 0.0.0.0:8000/mcp (bound to 127.0.0.1, or crashed)',
    expect: ['RUNTIME_INIT_TIMEOUT'],
    runtime: { jwt: 'allowedClients' },
    token: { tokenUse: 'access' },
  },
  {
    name: 'expired-token',
    title: 'A Cognito access token pasted an hour ago',
    expect: ['TOKEN_EXPIRED'],
    container: healthy,
    runtime: { jwt: 'allowedClients' },
    token: { tokenUse: 'access', expiresInSeconds: -600 },
  },
  {
    name: 'not-ready',
    title: 'A deployment that failed (CREATE_FAILED)',
    expect: ['RUNTIME_NOT_READY', 'RUNTIME_NOT_FOUND'],
    container: healthy,
    runtime: { jwt: 'allowedClients', status: 'CREATE_FAILED', failureReason: 'Image manifest for linux/arm64 not found in the ECR repository', endpoints: { DEFAULT: { status: 'CREATE_FAILED', failureReason: 'The runtime failed to create' } } },
    token: { tokenUse: 'access' },
  },
  {
    name: 'protocol-http',
    title: 'An MCP server deployed with the toolkit default protocol HTTP',
    expect: ['PROTOCOL_NOT_MCP', 'RUNTIME_INIT_TIMEOUT'],
    container: healthy,
    runtime: { jwt: 'allowedClients', serverProtocol: 'HTTP' },
    token: { tokenUse: 'access' },
  },
  {
    name: 'accept-406',
    title: 'A proxy in the container rewrites Accept, so even compliant clients get 406',
    expect: ['ACCEPT_NEGOTIATION_BROKEN'],
    container: () => withAcceptRewrittenToWildcard(createStatelessApp()),
    runtime: { jwt: 'allowedClients' },
    token: { tokenUse: 'access' },
  },
  { name: 'sigv4', title: 'An IAM (SigV4) runtime called with AWS credentials', expect: [], container: healthy, runtime: {} },
  {
    name: 'modern',
    title: "A 2026-07-28-only server (v2 SDK, legacy: 'reject'): diagnosed with 2026-07-28 requests, healthy",
    expect: ['MODERN_ONLY_SERVER'],
    container: () => createModernApp({ legacy: 'reject' }),
    runtime: { jwt: 'allowedClients', requestHeaderAllowlist: ['Authorization'] },
    token: { tokenUse: 'access' },
  },
];

/** The scenario the demo runs without arguments. */
export const DEFAULT_DEMO_SCENARIO = 'id-token';
