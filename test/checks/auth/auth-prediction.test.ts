import { generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { authPrediction } from '../../../src/checks/auth/auth-prediction.js';
import type { CheckContext } from '../../../src/model/contracts.js';
import type { AuthDiscoveryObservation, ControlPlaneObservation, RuntimeAuthorizer, HttpExchange, TokenObservation } from '../../../src/model/observations.js';
import { decodeTokenUnverified } from '../../../src/probes/token.js';
import { resolveTargetInput } from '../../../src/targets/resolve.js';
import { exchange, initOk, initStateful, makeContext, runCheck, testCheck } from '../../helpers/check-tester.js';

/**
 * The prediction (claims × the authorizer the control plane shows) against what the endpoint
 * answered (agentcore-contract §4.2, §5): agreement is silent, a disagreement is PREDICTION_MISMATCH.
 */

// The check reads Date.now(); a fixed clock keeps the tokens' lifetimes exact.
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
const TARGET = resolveTargetInput(ARN, { env: {} });
const CLIENT_ID_MISMATCH = "Claim 'client_id' value mismatch with configuration.";

const bearerCtx: Partial<CheckContext> = { profile: 'agentcore', target: TARGET, hasToken: true, requestAuth: 'bearer' };

const { privateKey } = await generateKeyPair('RS256');
async function token(claims: JWTPayload): Promise<TokenObservation> {
  return decodeTokenUnverified(await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(privateKey));
}
const access = await token({ sub: 'u-1', iss: ISSUER, client_id: CLIENT, token_use: 'access', scope: 'mcp-server/invoke', iat: NOW_S - 60, exp: NOW_S + 3600, username: 'alice' });
const expiringSoon = await token({ sub: 'u-1', iss: ISSUER, client_id: CLIENT, token_use: 'access', scope: 'mcp-server/invoke', iat: NOW_S - 60, exp: NOW_S + 200 });
const idToken = await token({ sub: 'u-1', iss: ISSUER, aud: CLIENT, token_use: 'id', 'cognito:username': 'alice', iat: NOW_S - 60, exp: NOW_S + 3600 });

function controlPlane(authorizer: RuntimeAuthorizer): ControlPlaneObservation {
  return {
    calls: 2,
    runtime: { arn: ARN, name: 'weather_mcp', id: RUNTIME_ID, version: '3', status: 'READY', serverProtocol: 'MCP', requireMMDSV2: true, authorizer },
    endpoint: { name: 'DEFAULT', status: 'READY' },
  };
}
const jwt = (partial: Partial<Extract<RuntimeAuthorizer, { kind: 'jwt' }>>): ControlPlaneObservation => controlPlane({ kind: 'jwt', discoveryUrl: `${ISSUER}/.well-known/openid-configuration`, ...partial });
const clientsOnly = jwt({ allowedClients: [CLIENT] });

function discovered(issuer: string): AuthDiscoveryObservation {
  return { url: `${ISSUER}/.well-known/openid-configuration`, source: 'authorizer', outcome: 'ok', status: 200, issuer, signature: 'verified', calls: 2 };
}

const served = initOk({ url: TARGET.url });
/** The JWT authorizer's 401 on an MCP runtime: JSON-RPC -32001. */
function unauthorized(message: string): HttpExchange {
  return exchange({ url: TARGET.url, status: 401, headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'UnauthorizedException' }, bodyExcerpt: JSON.stringify({ jsonrpc: '2.0', error: { code: -32001, message } }) });
}
/** The authorizer's 403 `OAuth authorization failed: …`, plain JSON. */
function oauthFailed(reason: string): HttpExchange {
  return exchange({ url: TARGET.url, status: 403, headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'AccessDeniedException' }, bodyExcerpt: JSON.stringify({ message: `OAuth authorization failed: ${reason}` }) });
}
/** The container's own 401, wrapped by AgentCore as 200 + -32010. */
const containerRefused = exchange({
  url: TARGET.url,
  status: 200,
  headers: { 'content-type': 'application/json' },
  bodyExcerpt: '{"jsonrpc":"2.0","id":null,"error":{"code":-32010,"message":"Received error (401) from runtime. Please check your CloudWatch logs for more information."}}',
  containerStatus: 401,
});

testCheck(authPrediction, {
  valid: [
    { name: 'predicted acceptance, served', ctx: bearerCtx, observations: { init: served, 'control-plane': clientsOnly, token: access } },
    { name: 'predicted acceptance, served as SSE', ctx: bearerCtx, observations: { init: initStateful({ url: TARGET.url }), 'control-plane': clientsOnly, token: access, discovery: discovered(ISSUER) } },
    { name: 'predicted ID_TOKEN_USED, refused with the client_id mismatch', ctx: bearerCtx, observations: { init: unauthorized(CLIENT_ID_MISMATCH), 'control-plane': clientsOnly, token: idToken } },
    { name: 'predicted TOKEN_EXPIRED, refused with 403', ctx: bearerCtx, observations: { init: oauthFailed('Token has expired'), 'control-plane': clientsOnly, token: await token({ iss: ISSUER, client_id: CLIENT, exp: NOW_S - 60 }) } },
    {
      name: 'predicted TOKEN_ISSUER_MISMATCH from the discovery document, refused with the iss mismatch',
      ctx: bearerCtx,
      observations: { init: unauthorized("Claim 'iss' value mismatch with configuration."), 'control-plane': clientsOnly, token: access, discovery: discovered(`${ISSUER}-other`) },
    },
    { name: 'only a warning predicted (200 s left), served', ctx: bearerCtx, observations: { init: served, 'control-plane': clientsOnly, token: expiringSoon } },
    { name: 'only an UNCONFIRMED custom-claim warning predicted, served', ctx: bearerCtx, observations: { init: served, 'control-plane': jwt({ allowedClients: [CLIENT], customClaims: [{ inboundTokenClaimName: 'username', inboundTokenClaimValueType: 'STRING', authorizingClaimMatchValue: { claimMatchValue: { matchValueString: 'ali' }, claimMatchOperator: 'CONTAINS' } }] }), token: access } },
    { name: "predicted acceptance, the container's own 401 wrapped as -32010 is not the authorizer", ctx: bearerCtx, observations: { init: containerRefused, 'control-plane': clientsOnly, token: access } },
    {
      name: 'predicted acceptance, a 401 without the authorizer\'s words is not the authorizer',
      ctx: bearerCtx,
      observations: { init: exchange({ url: TARGET.url, status: 401, headers: { 'content-type': 'application/json' }, bodyExcerpt: '{"error":"invalid_token","error_description":"Authentication required"}' }), 'control-plane': clientsOnly, token: access },
    },
    { name: 'predicted acceptance, a 424 cold start is not an auth answer', ctx: bearerCtx, observations: { init: exchange({ url: TARGET.url, status: 424, headers: { 'content-type': 'application/json' }, bodyExcerpt: '{"message":"Runtime initialization time exceeded. Please make sure that initialization completes in 30s."}' }), 'control-plane': clientsOnly, token: access } },
    { name: 'predicted rejection, the request failed before any answer', ctx: bearerCtx, observations: { init: exchange({ url: TARGET.url, outcome: 'timeout', error: { kind: 'timeout', code: 'UND_ERR_HEADERS_TIMEOUT', message: 'no answer within 10000 ms' } }), 'control-plane': clientsOnly, token: idToken } },
    { name: 'no bearer token was sent (SigV4)', ctx: { ...bearerCtx, hasToken: false, requestAuth: 'sigv4' }, observations: { init: served, 'control-plane': clientsOnly, token: { present: false } }, notApplicable: /^no bearer token was sent$/ },
    { name: 'no bearer token was sent (no auth)', ctx: { ...bearerCtx, hasToken: false, requestAuth: 'none' }, observations: { init: served, 'control-plane': clientsOnly, token: { present: false } }, notApplicable: /^no bearer token was sent$/ },
    { name: 'a SigV4 runtime has no JWT authorizer', ctx: bearerCtx, observations: { init: served, 'control-plane': controlPlane({ kind: 'sigv4' }), token: access }, notApplicable: /^the runtime has no JWT authorizer configuration to predict from$/ },
    {
      name: 'the control plane could not describe the runtime',
      ctx: bearerCtx,
      observations: { init: served, 'control-plane': { calls: 2, runtimeError: { kind: 'access-denied', name: 'AccessDeniedException', message: 'denied', permission: 'bedrock-agentcore:GetAgentRuntime' } }, token: access },
      // Denied is not "no authorizer": the reason names what was refused.
      notApplicable: /^the control plane refused bedrock-agentcore:GetAgentRuntime \(AccessDeniedException\)/,
    },
  ],
  invalid: [
    {
      name: 'predicted rejection (ID token vs allowedClients), but served',
      ctx: bearerCtx,
      observations: { init: served, 'control-plane': clientsOnly, token: idToken },
      codes: ['PREDICTION_MISMATCH'],
      severities: ['warning'],
      message: /^The doctor predicted ID_TOKEN_USED from the token's claims and the runtime's authorizer, but the endpoint accepted the token\.$/,
    },
    {
      name: 'several predicted rejections, but served as SSE',
      ctx: bearerCtx,
      observations: { init: initStateful({ url: TARGET.url }), 'control-plane': jwt({ allowedAudience: ['api://mcp'], allowedScopes: ['mcp-server/admin'] }), token: access },
      codes: ['PREDICTION_MISMATCH'],
      message: /predicted AUDIENCE_MISMATCH, SCOPE_NOT_ALLOWED from/,
    },
    {
      name: 'predicted an issuer mismatch from the discovery document, but served',
      ctx: bearerCtx,
      observations: { init: served, 'control-plane': clientsOnly, token: access, discovery: discovered(`${ISSUER}-other`) },
      codes: ['PREDICTION_MISMATCH'],
      message: /predicted TOKEN_ISSUER_MISMATCH/,
    },
    {
      name: "predicted acceptance, but 401 Claim 'client_id' value mismatch",
      ctx: bearerCtx,
      observations: { init: unauthorized(CLIENT_ID_MISMATCH), 'control-plane': clientsOnly, token: access },
      codes: ['PREDICTION_MISMATCH'],
      severities: ['warning'],
      args: { detail: `The token's claims satisfy the authorizer configuration the control plane shows, but the endpoint answered 401: "${CLIENT_ID_MISMATCH}"` },
    },
    {
      name: 'predicted acceptance, but a 401 without a readable message: no empty quotes',
      ctx: bearerCtx,
      observations: { init: exchange({ url: TARGET.url, status: 401, headers: { 'content-type': 'text/html' }, bodyExcerpt: '<html><body>Missing Authentication Token</body></html>' }), 'control-plane': clientsOnly, token: access },
      codes: ['PREDICTION_MISMATCH'],
      severities: ['warning'],
      args: { detail: "The token's claims satisfy the authorizer configuration the control plane shows, but the endpoint answered 401" },
    },
    {
      name: 'predicted acceptance, but 403 OAuth authorization failed',
      ctx: bearerCtx,
      observations: { init: oauthFailed('Failed to verify token signature'), 'control-plane': clientsOnly, token: access },
      codes: ['PREDICTION_MISMATCH'],
      message: /answered 403: "OAuth authorization failed: Failed to verify token signature"/,
    },
    {
      name: 'predicted acceptance, but 401 Missing Authentication Token (the header was lost on the way)',
      ctx: bearerCtx,
      observations: { init: unauthorized('Missing Authentication Token'), 'control-plane': clientsOnly, token: access },
      codes: ['PREDICTION_MISMATCH'],
    },
    {
      name: 'only a warning predicted, but refused',
      ctx: bearerCtx,
      observations: { init: oauthFailed('Ineffectual token, will expire within the next minute'), 'control-plane': clientsOnly, token: expiringSoon },
      codes: ['PREDICTION_MISMATCH'],
    },
  ],
});

describe('auth-prediction evidence', () => {
  it('carries the exchange that disagreed', () => {
    const { findings } = runCheck(authPrediction, { init: unauthorized(CLIENT_ID_MISMATCH), 'control-plane': clientsOnly, token: access }, makeContext(bearerCtx));
    expect(findings[0]?.evidence).toMatchObject({ status: 401, bodyExcerpt: expect.stringContaining(CLIENT_ID_MISMATCH) as unknown as string });
  });
});

/**
 * Pins the two halves of the comparison at their edges: "accepted" is exactly a 2xx status, and
 * "rejected by the authorizer" needs a 401/403 from AgentCore itself (not a wrapped container
 * answer) in the authorizer's words. Also that the discovery probe's signature verdict feeds the
 * prediction, and that `run` and `appliesTo` survive a control plane that described no runtime.
 */
describe('auth-prediction edges', () => {
  const codesOf = (init: HttpExchange, tok: TokenObservation, discovery?: AuthDiscoveryObservation) =>
    runCheck(authPrediction, { init, 'control-plane': clientsOnly, token: tok, ...(discovery ? { discovery } : {}) }, makeContext(bearerCtx)).findings.map((f) => f.code);
  const answered = (status: number, body = '{"jsonrpc":"2.0","id":1,"result":{}}') => exchange({ url: TARGET.url, status, headers: { 'content-type': 'application/json' }, bodyExcerpt: body });

  it.each([
    [199, []],
    [200, ['PREDICTION_MISMATCH']],
    [299, ['PREDICTION_MISMATCH']],
    [300, []],
    [424, []],
  ])('a predicted rejection answered %i', (status, codes) => {
    expect(codesOf(answered(status), idToken)).toStrictEqual(codes);
  });

  it.each<[string, HttpExchange, string[]]>([
    ['a 400 in the authorizer\'s words', answered(400, JSON.stringify({ message: 'OAuth authorization failed: bad request' })), []],
    ['a 500 in the authorizer\'s words', answered(500, JSON.stringify({ message: 'Missing Authentication Token' })), []],
    ['a container 401 in the authorizer\'s words', { ...answered(401, JSON.stringify({ message: 'Missing Authentication Token' })), containerStatus: 401 }, []],
    ['an AgentCore 401 in the authorizer\'s words', answered(401, JSON.stringify({ message: 'Missing Authentication Token' })), ['PREDICTION_MISMATCH']],
  ])('a predicted acceptance, then %s', (_name, init, codes) => {
    expect(codesOf(init, access)).toStrictEqual(codes);
  });

  it('a bad signature seen by the discovery probe is a predicted rejection', () => {
    expect(codesOf(served, access, { ...discovered(ISSUER), signature: 'bad-signature' })).toStrictEqual(['PREDICTION_MISMATCH']);
    expect(codesOf(served, access, discovered(ISSUER))).toStrictEqual([]);
  });

  it('a control plane that described no runtime: not applicable, and run predicts nothing', () => {
    const empty: ControlPlaneObservation = { calls: 0 };
    const ctx = makeContext(bearerCtx);
    expect(authPrediction.appliesTo?.(ctx, { init: served, 'control-plane': empty, token: idToken } as Parameters<NonNullable<typeof authPrediction.appliesTo>>[1])).toBe('the runtime has no JWT authorizer configuration to predict from');
    expect(authPrediction.run({ init: served, 'control-plane': empty, token: idToken } as Parameters<typeof authPrediction.run>[0], ctx)).toBeUndefined();
    expect(authPrediction.run({ init: served, 'control-plane': controlPlane({ kind: 'sigv4' }), token: idToken } as Parameters<typeof authPrediction.run>[0], ctx)).toBeUndefined();
  });
});
