import { generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { tokenVsAuthorizer } from '../../../src/checks/auth/token-vs-authorizer.js';
import type { CheckContext } from '../../../src/engine/definitions.js';
import type { AwsCallError, ControlPlaneObservation, RuntimeAuthorizer, RuntimeDescription } from '../../../src/probes/aws/control-plane.js';
import { decodeTokenUnverified, type TokenObservation } from '../../../src/probes/token.js';
import { resolveTargetInput } from '../../../src/targets/resolve.js';
import { makeContext, runCheck, testCheck } from '../../helpers/check-tester.js';

// The check reads Date.now(); a fixed clock makes "expires in 30 s" exact.
const NOW = Date.UTC(2026, 4, 1, 12, 0, 0);
const NOW_S = NOW / 1000;
vi.useFakeTimers({ toFake: ['Date'] });
vi.setSystemTime(NOW);
afterAll(() => {
  vi.useRealTimers();
});

const RUNTIME_ID = 'weather_mcp-Xq7Lm2Pa9R';
const ARN = `arn:aws:bedrock-agentcore:us-west-2:123456789012:runtime/${RUNTIME_ID}`;
const ISSUER = 'https://cognito-idp.us-west-2.amazonaws.com/us-west-2_Ab12Cd34E';
const CLIENT = '3n4b5urk1ft4fl3mg5e62d9ado';
const OTHER_CLIENT = '7q1m2k3v4c5x6z7a8s9d0f1g2h';
const TARGET = resolveTargetInput(ARN, { env: {} });

const bearerCtx: Partial<CheckContext> = { profile: 'agentcore', target: TARGET, hasToken: true, requestAuth: 'bearer' };
const sigv4Ctx: Partial<CheckContext> = { profile: 'agentcore', target: TARGET, hasToken: false, requestAuth: 'sigv4' };

const { privateKey } = await generateKeyPair('RS256');
const sign = (claims: JWTPayload): Promise<string> => new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(privateKey);

/** A Cognito user-pool access token (contract §9): client_id, token_use access, scope, no aud. */
function cognitoAccess(overrides: JWTPayload = {}): Promise<TokenObservation> {
  return sign({
    sub: '5f2c6a1e-7b3d-4e8f-9a0b-1c2d3e4f5a6b',
    iss: ISSUER,
    client_id: CLIENT,
    origin_jti: '0d9c8b7a-6e5f-4a3b-2c1d-0e9f8a7b6c5d',
    event_id: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
    token_use: 'access',
    scope: 'mcp-server/invoke aws.cognito.signin.user.admin',
    auth_time: NOW_S - 60,
    iat: NOW_S - 60,
    exp: NOW_S + 3600,
    jti: '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
    username: 'alice',
    ...overrides,
  }).then(decodeTokenUnverified);
}

/** A Cognito ID token: aud = the client id, token_use id, no client_id, no scope. */
function cognitoId(overrides: JWTPayload = {}): Promise<TokenObservation> {
  return sign({
    sub: '5f2c6a1e-7b3d-4e8f-9a0b-1c2d3e4f5a6b',
    aud: CLIENT,
    email_verified: true,
    iss: ISSUER,
    'cognito:username': 'alice',
    origin_jti: '0d9c8b7a-6e5f-4a3b-2c1d-0e9f8a7b6c5d',
    event_id: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
    token_use: 'id',
    auth_time: NOW_S - 60,
    iat: NOW_S - 60,
    exp: NOW_S + 3600,
    jti: '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e',
    email: 'alice@example.com',
    ...overrides,
  }).then(decodeTokenUnverified);
}

/** An Okta access token: the client in `cid`, scopes as an `scp` list. */
function oktaAccess(): Promise<TokenObservation> {
  return sign({
    ver: 1,
    jti: 'AT.x1y2z3',
    iss: 'https://dev-123456.okta.com/oauth2/default',
    aud: 'api://default',
    iat: NOW_S - 60,
    exp: NOW_S + 3600,
    cid: '0oa1b2c3d4e5f6g7h8i9',
    scp: ['mcp.invoke'],
    sub: '0oa1b2c3d4e5f6g7h8i9',
  }).then(decodeTokenUnverified);
}

function jwt(partial: Partial<Extract<RuntimeAuthorizer, { kind: 'jwt' }>> = {}): RuntimeAuthorizer {
  return { kind: 'jwt', discoveryUrl: `${ISSUER}/.well-known/openid-configuration`, ...partial };
}

function runtime(authorizer: RuntimeAuthorizer): RuntimeDescription {
  return { arn: ARN, name: 'weather_mcp', id: RUNTIME_ID, version: '3', status: 'READY', serverProtocol: 'MCP', requireMMDSV2: true, authorizer };
}

function controlPlane(authorizer: RuntimeAuthorizer): ControlPlaneObservation {
  return { calls: 2, runtime: runtime(authorizer), endpoint: { name: 'DEFAULT', status: 'READY' } };
}

function failed(kind: AwsCallError['kind'], name: string, message: string): ControlPlaneObservation {
  return {
    calls: kind === 'no-credentials' ? 0 : 2,
    runtimeError: { kind, name, message, permission: 'bedrock-agentcore:GetAgentRuntime' },
    endpointError: { kind, name, message, permission: 'bedrock-agentcore:GetAgentRuntimeEndpoint' },
  };
}

const clientsOnly = controlPlane(jwt({ allowedClients: [CLIENT] }));
const audienceOnly = controlPlane(jwt({ allowedAudience: [CLIENT] }));
const sigv4Runtime = controlPlane({ kind: 'sigv4' });

const access = await cognitoAccess();
const id = await cognitoId();
const okta = await oktaAccess();
const noToken: TokenObservation = { present: false };

testCheck(tokenVsAuthorizer, {
  valid: [
    { name: 'a Cognito access token against allowedClients', ctx: bearerCtx, observations: { 'control-plane': clientsOnly, token: access } },
    { name: 'a Cognito ID token against allowedAudience', ctx: bearerCtx, observations: { 'control-plane': audienceOnly, token: id } },
    {
      name: 'an access token with one of the allowed scopes (any-of)',
      ctx: bearerCtx,
      observations: { 'control-plane': controlPlane(jwt({ allowedClients: [CLIENT], allowedScopes: ['mcp-server/admin', 'mcp-server/invoke'] })), token: access },
    },
    {
      name: 'an Okta token read by aud and scp',
      ctx: bearerCtx,
      observations: { 'control-plane': controlPlane(jwt({ discoveryUrl: 'https://dev-123456.okta.com/oauth2/default/.well-known/openid-configuration', allowedAudience: ['api://default'], allowedScopes: ['mcp.invoke'] })), token: okta },
    },
    { name: 'a token with 10 minutes left', ctx: bearerCtx, observations: { 'control-plane': clientsOnly, token: await cognitoAccess({ exp: NOW_S + 600 }) } },
    { name: 'a token with exactly 300 s left is not yet worth a warning', ctx: bearerCtx, observations: { 'control-plane': clientsOnly, token: await cognitoAccess({ exp: NOW_S + 300 }) } },
    { name: 'SigV4 to a SigV4 runtime', ctx: sigv4Ctx, observations: { 'control-plane': sigv4Runtime, token: noToken } },
    { name: 'the runtime does not exist: runtime-status reports it', ctx: bearerCtx, observations: { 'control-plane': { calls: 2, runtimeError: { kind: 'not-found', name: 'ResourceNotFoundException', message: 'Runtime not found', permission: 'bedrock-agentcore:GetAgentRuntime' } }, token: access } },
    {
      name: 'the control plane refused GetAgentRuntime',
      ctx: bearerCtx,
      observations: { 'control-plane': failed('access-denied', 'AccessDeniedException', 'User is not authorized to perform: bedrock-agentcore:GetAgentRuntime'), token: access },
      notApplicable: /refused bedrock-agentcore:GetAgentRuntime \(AccessDeniedException\)/,
    },
    {
      name: 'no AWS credentials for the control plane',
      ctx: bearerCtx,
      observations: { 'control-plane': failed('no-credentials', 'CredentialsProviderError', 'Could not load credentials from any providers'), token: access },
      notApplicable: /no AWS credentials were found \(Could not load credentials from any providers\); grant bedrock-agentcore:GetAgentRuntime/,
    },
  ],
  invalid: [
    {
      name: 'a Cognito ID token against allowedClients',
      ctx: bearerCtx,
      observations: { 'control-plane': clientsOnly, token: id },
      codes: ['ID_TOKEN_USED'],
      message: new RegExp(`Cognito ID token \\(token_use "id", aud ${CLIENT}\\), which has no client_id, and the authorizer checks allowedClients \\[${CLIENT}\\]`),
    },
    {
      name: 'an ID token when both allowedClients and allowedAudience are set: client_id still fails',
      ctx: bearerCtx,
      observations: { 'control-plane': controlPlane(jwt({ allowedClients: [CLIENT], allowedAudience: [CLIENT] })), token: id },
      codes: ['ID_TOKEN_USED'],
    },
    {
      name: 'a Cognito access token against allowedAudience',
      ctx: bearerCtx,
      observations: { 'control-plane': audienceOnly, token: access },
      codes: ['AUDIENCE_MISMATCH'],
      message: /has no aud claim \(Cognito access tokens never do\), and the authorizer requires one of allowedAudience/,
    },
    {
      name: 'an access token when both allowedClients and allowedAudience are set: aud fails',
      ctx: bearerCtx,
      observations: { 'control-plane': controlPlane(jwt({ allowedClients: [CLIENT], allowedAudience: [CLIENT] })), token: access },
      codes: ['AUDIENCE_MISMATCH'],
    },
    {
      name: 'an ID token for another client against allowedAudience',
      ctx: bearerCtx,
      observations: { 'control-plane': audienceOnly, token: await cognitoId({ aud: OTHER_CLIENT }) },
      codes: ['AUDIENCE_MISMATCH'],
      message: new RegExp(`has aud ${OTHER_CLIENT}, and the authorizer`),
    },
    {
      name: 'an access token of another app client',
      ctx: bearerCtx,
      observations: { 'control-plane': clientsOnly, token: await cognitoAccess({ client_id: OTHER_CLIENT }) },
      codes: ['CLIENT_NOT_ALLOWED'],
      message: new RegExp(`client_id ${OTHER_CLIENT} is not in allowedClients \\[${CLIENT}\\]`),
    },
    {
      name: 'an Okta token (cid, no client_id) against allowedClients',
      ctx: bearerCtx,
      observations: { 'control-plane': controlPlane(jwt({ allowedClients: ['0oa1b2c3d4e5f6g7h8i9'] })), token: okta },
      codes: ['CLIENT_NOT_ALLOWED'],
      message: /no client_id claim \(it has cid=0oa1b2c3d4e5f6g7h8i9, which AgentCore does not read\)/,
    },
    {
      name: 'an access token without the allowed scope',
      ctx: bearerCtx,
      observations: { 'control-plane': controlPlane(jwt({ allowedClients: [CLIENT], allowedScopes: ['mcp-server/admin'] })), token: access },
      codes: ['SCOPE_NOT_ALLOWED'],
      message: /scopes \[mcp-server\/invoke aws\.cognito\.signin\.user\.admin\] include none of allowedScopes \[mcp-server\/admin\]/,
    },
    {
      name: 'an ID token (no scope at all) against allowedAudience and allowedScopes',
      ctx: bearerCtx,
      observations: { 'control-plane': controlPlane(jwt({ allowedAudience: [CLIENT], allowedScopes: ['mcp-server/invoke'] })), token: id },
      codes: ['SCOPE_NOT_ALLOWED'],
    },
    {
      name: 'every claim check fails at once',
      ctx: bearerCtx,
      observations: { 'control-plane': controlPlane(jwt({ allowedClients: [CLIENT], allowedAudience: ['api://mcp'], allowedScopes: ['mcp-server/admin'] })), token: await cognitoAccess({ client_id: OTHER_CLIENT }) },
      codes: ['AUDIENCE_MISMATCH', 'CLIENT_NOT_ALLOWED', 'SCOPE_NOT_ALLOWED'],
    },
    {
      name: 'a token that expired 10 minutes ago',
      ctx: bearerCtx,
      observations: { 'control-plane': clientsOnly, token: await cognitoAccess({ exp: NOW_S - 600 }) },
      codes: ['TOKEN_EXPIRED'],
      message: /^The token expired 10 min ago \(exp 2026-05-01T11:50:00\.000Z, UNVERIFIED\)\.$/,
    },
    {
      name: 'a token expiring right now counts as expired',
      ctx: bearerCtx,
      observations: { 'control-plane': clientsOnly, token: await cognitoAccess({ exp: NOW_S }) },
      codes: ['TOKEN_EXPIRED'],
    },
    {
      name: 'an expired ID token also names the wrong token type',
      ctx: bearerCtx,
      observations: { 'control-plane': clientsOnly, token: await cognitoId({ exp: NOW_S - 30 }) },
      codes: ['ID_TOKEN_USED', 'TOKEN_EXPIRED'],
    },
    {
      name: 'a token expiring in 30 s: AgentCore already rejects it',
      ctx: bearerCtx,
      observations: { 'control-plane': clientsOnly, token: await cognitoAccess({ exp: NOW_S + 30 }) },
      codes: ['TOKEN_EXPIRING'],
      severities: ['error'],
      message: /^The token expires in 30 s: AgentCore rejects tokens with less than 60 s left\.$/,
    },
    {
      name: 'a token expiring in 200 s: a warning',
      ctx: bearerCtx,
      observations: { 'control-plane': clientsOnly, token: await cognitoAccess({ exp: NOW_S + 200 }) },
      codes: ['TOKEN_EXPIRING'],
      severities: ['warning'],
      message: /^The token expires in 200 s; AgentCore will reject it in 140 s\.$/,
    },
    {
      name: 'a token with exactly 60 s left is at the margin: a warning',
      ctx: bearerCtx,
      observations: { 'control-plane': clientsOnly, token: await cognitoAccess({ exp: NOW_S + 60 }) },
      codes: ['TOKEN_EXPIRING'],
      severities: ['warning'],
    },
    {
      name: 'an opaque token',
      ctx: bearerCtx,
      observations: { 'control-plane': clientsOnly, token: decodeTokenUnverified('gho_16C7e42F292c6912E7710c838347Ae178B4a') },
      codes: ['TOKEN_MALFORMED'],
      message: /^The token is not a JWT: 1 dot-separated parts instead of 3 \(an opaque token, not a JWT\)\.$/,
    },
    {
      name: 'three dot-separated parts that are not base64url JSON',
      ctx: bearerCtx,
      observations: { 'control-plane': clientsOnly, token: decodeTokenUnverified('not.a.token') },
      codes: ['TOKEN_MALFORMED'],
      message: /not base64url-encoded JSON/,
    },
    {
      name: 'no token for a JWT runtime (the doctor falls back to SigV4)',
      ctx: sigv4Ctx,
      observations: { 'control-plane': clientsOnly, token: noToken },
      codes: ['TOKEN_MISSING'],
      severities: ['error'],
      message: /^The runtime has a JWT authorizer and no bearer token was given\.$/,
    },
    {
      name: 'no token and no auth for a JWT runtime',
      ctx: { ...sigv4Ctx, requestAuth: 'none' },
      observations: { 'control-plane': audienceOnly, token: noToken },
      codes: ['TOKEN_MISSING'],
    },
    {
      name: 'a bearer token to a SigV4 runtime',
      ctx: bearerCtx,
      observations: { 'control-plane': sigv4Runtime, token: access },
      codes: ['AUTH_MODE_MISMATCH'],
      message: /runtime uses IAM \(SigV4\) authorization, and a bearer token was about to be sent/,
    },
  ],
});

// Outside the table: the placeholder detail contains the word "undefined", which the table's
// meta-assertion rejects as an unsubstituted value.
describe('token-vs-authorizer placeholders', () => {
  it.each(['undefined', 'null', '', '${TOKEN}'])('reads the placeholder token %j as missing', (placeholder) => {
    const { applies, findings } = runCheck(tokenVsAuthorizer, { 'control-plane': clientsOnly, token: decodeTokenUnverified(placeholder) }, makeContext(bearerCtx));
    expect(applies).toBe(true);
    expect(findings.map((f) => f.code)).toEqual(['TOKEN_MISSING']);
    expect(findings[0]?.args?.detail).toMatch(/placeholder .*an unset variable/);
  });
});
