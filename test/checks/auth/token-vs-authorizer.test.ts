import { randomBytes } from 'node:crypto';
import { generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { tokenVsAuthorizer } from '../../../src/checks/auth/token-vs-authorizer.js';
import type { CheckContext } from '../../../src/model/contracts.js';
import type { AuthDiscoveryObservation, AwsCallError, ControlPlaneObservation, RuntimeAuthorizer, RuntimeDescription, TokenObservation } from '../../../src/model/observations.js';
import { decodeTokenUnverified } from '../../../src/probes/token.js';
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
/** The same pool with `IssuerConfiguration.Type` UPDATED (contract §9). */
const UPDATED_ISSUER = 'https://issuer-cognito-idp.us-west-2.amazonaws.com/us-west-2_Ab12Cd34E';
const OTHER_POOL_ISSUER = 'https://cognito-idp.us-west-2.amazonaws.com/us-west-2_Zz98Yx76W';
const CLIENT = '3n4b5urk1ft4fl3mg5e62d9ado';
const OTHER_CLIENT = '7q1m2k3v4c5x6z7a8s9d0f1g2h';
const TARGET = resolveTargetInput(ARN, { env: {} });

const bearerCtx: Partial<CheckContext> = { profile: 'agentcore', target: TARGET, hasToken: true, requestAuth: 'bearer' };
const sigv4Ctx: Partial<CheckContext> = { profile: 'agentcore', target: TARGET, hasToken: false, requestAuth: 'sigv4' };

const { privateKey } = await generateKeyPair('RS256');
const sign = (claims: JWTPayload): Promise<string> => new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(privateKey);
const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

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

/** The claims of a Cognito access token, for tokens jose will not sign (alg none) or signs with HMAC. */
function accessClaims(overrides: JWTPayload = {}): JWTPayload {
  return { sub: 'u-1', iss: ISSUER, client_id: CLIENT, token_use: 'access', scope: 'mcp-server/invoke', iat: NOW_S - 60, exp: NOW_S + 3600, username: 'alice', ...overrides };
}

/** The discovery probe's view: the document was fetched and the token verified against its JWKS. */
function discovered(partial: Partial<AuthDiscoveryObservation> = {}): AuthDiscoveryObservation {
  return { url: `${ISSUER}/.well-known/openid-configuration`, source: 'authorizer', outcome: 'ok', status: 200, issuer: ISSUER, signature: 'verified', calls: 2, ...partial };
}

/** One customClaims rule in the control plane's shape (contract §4.2). */
function rule(name: string, type: 'STRING' | 'STRING_ARRAY', operator: 'EQUALS' | 'CONTAINS' | 'CONTAINS_ANY', value: string | string[]): unknown {
  const claimMatchValue = typeof value === 'string' ? { matchValueString: value } : { matchValueStringList: value };
  return { inboundTokenClaimName: name, inboundTokenClaimValueType: type, authorizingClaimMatchValue: { claimMatchValue, claimMatchOperator: operator } };
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
const unsigned = decodeTokenUnverified(`${b64({ alg: 'none' })}.${b64(accessClaims())}.`);
const hmac = decodeTokenUnverified(await new SignJWT(accessClaims()).setProtectedHeader({ alg: 'HS256' }).sign(randomBytes(32)));
const departmentEquals = controlPlane(jwt({ allowedClients: [CLIENT], customClaims: [rule('department', 'STRING', 'EQUALS', 'engineering')] }));
const departmentContains = controlPlane(jwt({ allowedClients: [CLIENT], customClaims: [rule('department', 'STRING', 'CONTAINS', 'eng')] }));
const groupsAny = controlPlane(jwt({ allowedClients: [CLIENT], customClaims: [rule('cognito:groups', 'STRING_ARRAY', 'CONTAINS_ANY', ['mcp-users', 'admins'])] }));
const unsignedForeign = decodeTokenUnverified(`${b64({ alg: 'none' })}.${b64(accessClaims({ iss: OTHER_POOL_ISSUER }))}.`);
const PLACEHOLDERS = ['undefined', 'null', 'None', '', '   ', '""', '${TOKEN}', '$token'];

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
    { name: 'the discovery issuer matches iss and the signature verified', ctx: bearerCtx, observations: { 'control-plane': clientsOnly, token: access, discovery: discovered() } },
    {
      name: 'an UPDATED-issuer pool: iss is compared with the discovery document, not with a URL rebuilt from discoveryUrl',
      ctx: bearerCtx,
      observations: { 'control-plane': clientsOnly, token: await cognitoAccess({ iss: UPDATED_ISSUER }), discovery: discovered({ issuer: UPDATED_ISSUER }) },
    },
    {
      name: 'an unreachable discovery document leaves issuer and signature unjudged (auth-discovery reports it)',
      ctx: bearerCtx,
      observations: { 'control-plane': clientsOnly, token: await cognitoAccess({ iss: OTHER_POOL_ISSUER }), discovery: { url: `${ISSUER}/.well-known/openid-configuration`, source: 'authorizer', outcome: 'unreachable', problem: 'ECONNREFUSED', calls: 1 } },
    },
    { name: 'an nbf in the past', ctx: bearerCtx, observations: { 'control-plane': clientsOnly, token: await cognitoAccess({ nbf: NOW_S - 60 }) } },
    { name: 'an nbf of exactly now', ctx: bearerCtx, observations: { 'control-plane': clientsOnly, token: await cognitoAccess({ nbf: NOW_S }) } },
    { name: 'a custom STRING claim EQUALS the configured value', ctx: bearerCtx, observations: { 'control-plane': departmentEquals, token: await cognitoAccess({ department: 'engineering' }) } },
    { name: 'a custom STRING claim CONTAINS the configured value exactly', ctx: bearerCtx, observations: { 'control-plane': departmentContains, token: await cognitoAccess({ department: 'eng' }) } },
    { name: 'a custom STRING_ARRAY claim CONTAINS_ANY of the configured values', ctx: bearerCtx, observations: { 'control-plane': groupsAny, token: await cognitoAccess({ 'cognito:groups': ['readers', 'admins'] }) } },
    {
      name: 'an Okta token read by aud (cid is irrelevant without allowedClients)',
      ctx: bearerCtx,
      observations: { 'control-plane': controlPlane(jwt({ allowedAudience: ['api://default'] })), token: okta },
    },
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
      codes: ['CLIENT_ID_CLAIM_MISSING'],
      severities: ['error'],
      message: /^The token names its client in cid=0oa1b2c3d4e5f6g7h8i9, which AgentCore does not read; allowedClients \[0oa1b2c3d4e5f6g7h8i9\] needs a client_id claim\.$/,
    },
    {
      name: 'an Entra token (azp and appid, no client_id) against allowedClients',
      ctx: bearerCtx,
      observations: {
        'control-plane': controlPlane(jwt({ allowedClients: ['c0ffee00-1111-2222-3333-444455556666'] })),
        token: await cognitoAccess({ client_id: undefined, azp: 'c0ffee00-1111-2222-3333-444455556666', appid: 'c0ffee00-1111-2222-3333-444455556666' }),
      },
      codes: ['CLIENT_ID_CLAIM_MISSING'],
      message: /azp=c0ffee00-1111-2222-3333-444455556666, appid=c0ffee00-1111-2222-3333-444455556666, which AgentCore does not read/,
    },
    {
      name: 'a token with no client claim at all against allowedClients',
      ctx: bearerCtx,
      observations: { 'control-plane': clientsOnly, token: await cognitoAccess({ client_id: undefined }) },
      codes: ['CLIENT_NOT_ALLOWED'],
      message: new RegExp(`^The token has no client_id claim and the authorizer checks allowedClients \\[${CLIENT}\\]$`),
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
      message: /^The token is not a JWT: 1 dot-separated part instead of 3 \(an opaque token, not a JWT\)\.$/,
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
      name: 'a token without exp: AgentCore cannot judge its lifetime',
      ctx: bearerCtx,
      observations: { 'control-plane': clientsOnly, token: await cognitoAccess({ exp: undefined }) },
      codes: ['TOKEN_MALFORMED'],
      message: /^The token has no exp claim\.$/,
    },
    {
      name: 'a token whose nbf is 2 minutes in the future',
      ctx: bearerCtx,
      observations: { 'control-plane': clientsOnly, token: await cognitoAccess({ nbf: NOW_S + 120 }) },
      codes: ['TOKEN_NOT_YET_VALID'],
      severities: ['error'],
      message: /^The token's nbf is 2 min in the future: a clock is off\.$/,
    },
    {
      name: 'a token whose nbf is 1 s in the future',
      ctx: bearerCtx,
      observations: { 'control-plane': clientsOnly, token: await cognitoAccess({ nbf: NOW_S + 1 }) },
      codes: ['TOKEN_NOT_YET_VALID'],
      message: /nbf is 1 s in the future/,
    },
    {
      name: 'an unsigned token (alg none)',
      ctx: bearerCtx,
      observations: { 'control-plane': clientsOnly, token: unsigned },
      codes: ['TOKEN_SIGNATURE_INVALID'],
      message: /^The token is unsigned \(alg "none"\), which no authorizer accepts\.$/,
    },
    {
      name: 'an HMAC-signed token (HS256)',
      ctx: bearerCtx,
      observations: { 'control-plane': clientsOnly, token: hmac },
      codes: ['TOKEN_SIGNATURE_INVALID'],
      message: /^The token is signed with HS256; OIDC authorizers verify only asymmetric signatures \(RS\/PS\/ES\)\.$/,
    },
    {
      name: "a kid the authorizer's JWKS does not have",
      ctx: bearerCtx,
      observations: { 'control-plane': clientsOnly, token: access, discovery: discovered({ signature: 'unknown-kid', signatureProblem: 'no key with kid k1' }) },
      codes: ['TOKEN_SIGNATURE_INVALID'],
      message: /^No key in the authorizer's JWKS has kid k1: the token comes from another issuer or a rotated key\.$/,
    },
    {
      name: 'a signature that does not verify against the JWKS key',
      ctx: bearerCtx,
      observations: { 'control-plane': clientsOnly, token: access, discovery: discovered({ signature: 'bad-signature' }) },
      codes: ['TOKEN_SIGNATURE_INVALID'],
      message: /^The signature does not verify against the key the JWKS names\.$/,
    },
    {
      name: 'iss of another user pool than the discovery document names',
      ctx: bearerCtx,
      observations: { 'control-plane': clientsOnly, token: await cognitoAccess({ iss: OTHER_POOL_ISSUER }), discovery: discovered() },
      codes: ['TOKEN_ISSUER_MISMATCH'],
      severities: ['error'],
      args: { detail: `The token's iss ${OTHER_POOL_ISSUER} is not the discovery document's issuer ${ISSUER}` },
    },
    {
      name: 'the original-host iss against a pool whose discovery document names the UPDATED issuer',
      ctx: bearerCtx,
      observations: { 'control-plane': clientsOnly, token: access, discovery: discovered({ issuer: UPDATED_ISSUER }) },
      codes: ['TOKEN_ISSUER_MISMATCH'],
    },
    {
      name: 'a custom STRING claim with another value (EQUALS)',
      ctx: bearerCtx,
      observations: { 'control-plane': departmentEquals, token: await cognitoAccess({ department: 'sales' }) },
      codes: ['CUSTOM_CLAIM_MISMATCH'],
      severities: ['error'],
      message: /^Custom claim rule department EQUALS \{"matchValueString":"engineering"\} does not match the token's "sales"\.$/,
    },
    {
      name: 'a custom claim the token does not carry',
      ctx: bearerCtx,
      observations: { 'control-plane': departmentEquals, token: access },
      codes: ['CUSTOM_CLAIM_MISMATCH'],
      severities: ['error'],
      message: /does not match the token's null\.$/,
    },
    {
      name: 'a STRING rule against a list claim',
      ctx: bearerCtx,
      observations: { 'control-plane': departmentEquals, token: await cognitoAccess({ department: ['engineering'] }) },
      codes: ['CUSTOM_CLAIM_MISMATCH'],
      severities: ['error'],
    },
    {
      name: 'CONTAINS matching only as a substring: UNCONFIRMED semantics, a warning',
      ctx: bearerCtx,
      observations: { 'control-plane': departmentContains, token: await cognitoAccess({ department: 'engineering' }) },
      codes: ['CUSTOM_CLAIM_MISMATCH'],
      severities: ['warning'],
      message: /may not match \(CONTAINS on a string claim is UNCONFIRMED: element or substring\) the token's "engineering"/,
    },
    {
      name: 'a STRING_ARRAY claim with none of the CONTAINS_ANY values',
      ctx: bearerCtx,
      observations: { 'control-plane': groupsAny, token: await cognitoAccess({ 'cognito:groups': ['readers'] }) },
      codes: ['CUSTOM_CLAIM_MISMATCH'],
      severities: ['error'],
      message: /cognito:groups CONTAINS_ANY \{"matchValueStringList":\["mcp-users","admins"\]\} does not match the token's \["readers"\]/,
    },
    {
      name: 'a forged token fails everything at once: unsigned, not yet valid, foreign issuer, custom claim',
      ctx: bearerCtx,
      observations: {
        'control-plane': departmentEquals,
        token: decodeTokenUnverified(`${b64({ alg: 'none' })}.${b64(accessClaims({ iss: OTHER_POOL_ISSUER, nbf: NOW_S + 600, department: 'sales' }))}.`),
        discovery: discovered({ signature: 'alg-none' }),
      },
      codes: ['CUSTOM_CLAIM_MISMATCH', 'TOKEN_ISSUER_MISMATCH', 'TOKEN_NOT_YET_VALID', 'TOKEN_SIGNATURE_INVALID'],
    },
    ...PLACEHOLDERS.map((placeholder) => ({
      name: `the placeholder bearer ${JSON.stringify(placeholder)}`,
      ctx: bearerCtx,
      observations: { 'control-plane': clientsOnly, token: decodeTokenUnverified(placeholder) },
      codes: ['BEARER_PLACEHOLDER' as const],
      severities: ['error' as const],
      message: /^The bearer value is a placeholder such as "null" or an empty string: an unset variable\.$/,
    })),
    {
      name: 'a bearer token to a SigV4 runtime',
      ctx: bearerCtx,
      observations: { 'control-plane': sigv4Runtime, token: access },
      codes: ['AUTH_MODE_MISMATCH'],
      message: /runtime uses IAM \(SigV4\) authorization, and a bearer token was about to be sent/,
    },
  ],
});

describe('token-vs-authorizer outside the table', () => {
  it('a placeholder is only a placeholder: no claim checks run on it', () => {
    const { findings } = runCheck(tokenVsAuthorizer, { 'control-plane': departmentEquals, token: decodeTokenUnverified('null'), discovery: discovered({ signature: 'bad-signature' }) }, makeContext(bearerCtx));
    expect(findings.map((f) => f.code)).toEqual(['BEARER_PLACEHOLDER']);
  });

  it('a placeholder sent with --auth sigv4 is still a mode mismatch, not a placeholder', () => {
    const { findings } = runCheck(tokenVsAuthorizer, { 'control-plane': clientsOnly, token: decodeTokenUnverified('undefined') }, makeContext({ ...sigv4Ctx, hasToken: true }));
    expect(findings.map((f) => f.code)).toEqual(['AUTH_MODE_MISMATCH']);
  });

  it('the discovery observation is optional: without it a foreign issuer is not judged', () => {
    const foreign = { 'control-plane': clientsOnly, token: unsignedForeign };
    expect(runCheck(tokenVsAuthorizer, foreign, makeContext(bearerCtx)).findings.map((f) => f.code)).toEqual(['TOKEN_SIGNATURE_INVALID']);
    expect(runCheck(tokenVsAuthorizer, { ...foreign, discovery: discovered() }, makeContext(bearerCtx)).findings.map((f) => f.code).sort()).toEqual(['TOKEN_ISSUER_MISMATCH', 'TOKEN_SIGNATURE_INVALID']);
  });

  it('reads the clock at run time: the same token is fine now and expired an hour later', async () => {
    const token = await cognitoAccess({ exp: NOW_S + 1800 });
    expect(runCheck(tokenVsAuthorizer, { 'control-plane': clientsOnly, token }, makeContext(bearerCtx)).findings).toEqual([]);
    vi.setSystemTime(NOW + 3_600_000);
    try {
      expect(runCheck(tokenVsAuthorizer, { 'control-plane': clientsOnly, token }, makeContext(bearerCtx)).findings.map((f) => f.code)).toEqual(['TOKEN_EXPIRED']);
    } finally {
      vi.setSystemTime(NOW);
    }
  });
});

/** Pins what a token kept from a JWT runtime is told, for each way the requests went instead. */
describe('token-vs-authorizer: a token not sent to a JWT runtime', () => {
  it.each<[CheckContext['requestAuth'], string]>([
    ['sigv4', 'The runtime has a JWT authorizer but the requests were signed with SigV4 (--auth sigv4): AgentCore will answer 403 Authorization method mismatch'],
    ['none', 'The runtime has a JWT authorizer but the requests were sent without credentials (--auth none): AgentCore will answer 401 Missing Authentication Token'],
  ])('--auth %s', (requestAuth, detail) => {
    const { findings } = runCheck(tokenVsAuthorizer, { 'control-plane': clientsOnly, token: access }, makeContext({ ...bearerCtx, requestAuth }));
    expect(findings).toStrictEqual([{ code: 'AUTH_MODE_MISMATCH', args: { detail } }]);
  });
});
