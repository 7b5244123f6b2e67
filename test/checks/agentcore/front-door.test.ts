import { generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { describe, expect, it } from 'vitest';
import { agentcoreFrontDoor } from '../../../src/checks/agentcore/front-door.js';
import type { CheckContext } from '../../../src/model/contracts.js';
import type { AwsCallError, ControlPlaneObservation, RuntimeAuthorizer, RuntimeDescription, HttpExchange } from '../../../src/model/observations.js';
import { decodeTokenUnverified } from '../../../src/probes/token.js';
import { resolveTargetInput } from '../../../src/targets/resolve.js';
import { exchange, initOk, initStateful, jsonRpcErrorJson, makeContext, runCheck, testCheck } from '../../helpers/check-tester.js';

const RUNTIME_ID = 'weather_mcp-Xq7Lm2Pa9R';
const ARN = `arn:aws:bedrock-agentcore:us-west-2:123456789012:runtime/${RUNTIME_ID}`;
const ISSUER = 'https://cognito-idp.us-west-2.amazonaws.com/us-west-2_Ab12Cd34E';
const CLIENT = '3n4b5urk1ft4fl3mg5e62d9ado';
const TARGET = resolveTargetInput(ARN, { env: {} });
const PROD_TARGET = resolveTargetInput(ARN, { env: {}, qualifier: 'prod' });
// `--endpoint-url` pointing at another region's data plane: AgentCore answers 404, not a region error.
const WRONG_REGION_TARGET = resolveTargetInput(ARN, { env: {}, endpointUrl: 'https://bedrock-agentcore.us-east-1.amazonaws.com' });

const sigv4Ctx: Partial<CheckContext> = { profile: 'agentcore', target: TARGET, hasToken: false, requestAuth: 'sigv4' };
const bearerCtx: Partial<CheckContext> = { profile: 'agentcore', target: TARGET, hasToken: true, requestAuth: 'bearer' };

const MESSAGES = {
  initTimeout: 'Runtime initialization time exceeded. Please make sure that initialization completes in 30s.',
  notFound: `No endpoint or agent found with qualifier 'DEFAULT' for agent '${ARN}'`,
  authMismatch:
    "Authorization method mismatch. The agent is configured for a different authorization method than what was used in your request. Check the agent's authorization configuration and ensure your request uses the matching method (OAuth or SigV4)",
  rateLimit: 'Rate limit exceeded - Too many requests',
} as const;

const WWW_AUTHENTICATE = `Bearer resource_metadata="https://bedrock-agentcore.us-west-2.amazonaws.com/runtimes/${encodeURIComponent(ARN)}/invocations/.well-known/oauth-protected-resource?qualifier=DEFAULT"`;

/** The compliant initialize as the doctor sends it to the invocation URL. */
function invoke(partial: Partial<HttpExchange>, url = TARGET.url): HttpExchange {
  return exchange({ url, ...partial });
}

/** A restJson1 error: `{"message": …}` plus `x-amzn-errortype`. */
function awsError(status: number, errorType: string, message: string, url?: string): HttpExchange {
  return invoke(
    { status, headers: { 'content-type': 'application/json', 'x-amzn-requestid': '6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0', 'x-amzn-errortype': errorType }, bodyExcerpt: JSON.stringify({ message }) },
    url,
  );
}

/** The 401 of the JWT authorizer on an MCP runtime: JSON-RPC -32001 without an id. */
function unauthorized(message: string): HttpExchange {
  return invoke({
    status: 401,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'UnauthorizedException', 'www-authenticate': WWW_AUTHENTICATE },
    bodyExcerpt: JSON.stringify({ jsonrpc: '2.0', error: { code: -32001, message } }),
  });
}

/** The 403 `OAuth authorization failed: …` (plain, not JSON-RPC). */
function oauthFailed(reason: string): HttpExchange {
  return awsError(403, 'AccessDeniedException', `OAuth authorization failed: ${reason}`);
}

/** AgentCore's 200 + -32010 wrapping of a container's non-2xx answer, as the probe layer reads it. */
function wrapped(containerStatus: number): HttpExchange {
  return invoke({
    status: 200,
    headers: { 'content-type': 'application/json', 'mcp-session-id': 'b1d7c1f0-5a8e-4c3e-9d1a-2f6e0c7b8a95' },
    bodyExcerpt: `{"jsonrpc":"2.0","id":null,"error":{"code":-32010,"message":"Received error (${containerStatus}) from runtime. Please check your CloudWatch logs for more information."}}`,
    containerStatus,
  });
}

function notFoundError(operation: 'GetAgentRuntime' | 'GetAgentRuntimeEndpoint'): AwsCallError {
  return { kind: 'not-found', name: 'ResourceNotFoundException', message: `${operation === 'GetAgentRuntime' ? 'Runtime' : 'Endpoint'} not found`, permission: `bedrock-agentcore:${operation}`, httpStatus: 404 };
}

function runtime(partial: Partial<RuntimeDescription> = {}): RuntimeDescription {
  return { arn: ARN, name: 'weather_mcp', id: RUNTIME_ID, version: '3', status: 'READY', serverProtocol: 'MCP', requireMMDSV2: true, authorizer: { kind: 'sigv4' }, ...partial };
}

function controlPlane(partial: Partial<ControlPlaneObservation> = {}): ControlPlaneObservation {
  return { calls: 2, runtime: runtime(), endpoint: { name: 'DEFAULT', status: 'READY', liveVersion: '3', targetVersion: '3' }, ...partial };
}

const JWT_AUTHORIZER: RuntimeAuthorizer = { kind: 'jwt', discoveryUrl: `${ISSUER}/.well-known/openid-configuration`, allowedClients: [CLIENT] };
const jwtRuntime = controlPlane({ runtime: runtime({ authorizer: JWT_AUTHORIZER }) });

// Tokens are signed at run time; only their unverified decoding reaches the check.
const { privateKey } = await generateKeyPair('RS256');
const now = Math.floor(Date.now() / 1000);
const sign = (claims: JWTPayload): Promise<string> => new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(privateKey);
const idToken = decodeTokenUnverified(await sign({ sub: 'u-1', aud: CLIENT, iss: ISSUER, token_use: 'id', 'cognito:username': 'alice', email: 'alice@example.com', iat: now, exp: now + 3600 }));
const accessToken = decodeTokenUnverified(await sign({ sub: 'u-1', iss: ISSUER, client_id: 'otherclient0000000000000000', token_use: 'access', scope: 'aws.cognito.signin.user.admin', username: 'alice', iat: now, exp: now + 3600 }));

testCheck(agentcoreFrontDoor, {
  valid: [
    { name: 'a URL target has no AgentCore front door', observations: { init: initOk() }, notApplicable: /not an AgentCore runtime/ },
    { name: 'a healthy 200 InitializeResult (SigV4 runtime)', ctx: sigv4Ctx, observations: { init: initOk({ url: TARGET.url }), 'control-plane': controlPlane() } },
    { name: 'a healthy SSE InitializeResult with a bearer token', ctx: bearerCtx, observations: { init: initStateful({ url: TARGET.url }), 'control-plane': jwtRuntime, token: accessToken } },
    { name: 'a wrapped 421 is judged by host-header', ctx: sigv4Ctx, observations: { init: wrapped(421) } },
    { name: 'a wrapped 406 is judged by accept-negotiation', ctx: sigv4Ctx, observations: { init: wrapped(406) } },
    { name: 'a wrapped 415 is judged by content-type', ctx: sigv4Ctx, observations: { init: wrapped(415) } },
    {
      name: "AgentCore's own 406 (-32011) is judged by accept-negotiation",
      ctx: sigv4Ctx,
      observations: {
        init: invoke({
          status: 406,
          headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'McpRequestUnacceptableException' },
          bodyExcerpt: jsonRpcErrorJson(-32011, 'Accept Header Error - MCP protocol requires Accept header: application/json, text/event-stream'),
        }),
      },
    },
  ],
  invalid: [
    {
      name: '424 Runtime initialization time exceeded',
      ctx: sigv4Ctx,
      observations: { init: awsError(424, 'RuntimeClientError', MESSAGES.initTimeout) },
      codes: ['RUNTIME_INIT_TIMEOUT'],
      severities: ['error'],
      args: { status: 424, probe: 'POST initialize', detail: MESSAGES.initTimeout },
    },
    {
      name: '404 No endpoint or agent found, without a control-plane view: no sub-cause is guessed',
      ctx: sigv4Ctx,
      observations: { init: awsError(404, 'ResourceNotFoundException', MESSAGES.notFound) },
      codes: ['RUNTIME_NOT_FOUND'],
      args: { status: 404, detail: MESSAGES.notFound, variants: '' },
      message: /^AgentCore answered 404: "No endpoint or agent found with qualifier 'DEFAULT' for agent 'arn:aws:bedrock-agentcore:us-west-2:123456789012:runtime\/weather_mcp-Xq7Lm2Pa9R'"\.$/,
    },
    {
      name: '404 from the data plane of another region than the ARN',
      ctx: { ...sigv4Ctx, target: WRONG_REGION_TARGET },
      observations: { init: awsError(404, 'ResourceNotFoundException', MESSAGES.notFound, WRONG_REGION_TARGET.url), 'control-plane': controlPlane() },
      codes: ['RUNTIME_NOT_FOUND'],
      args: { variants: 'the data-plane host is in us-east-1 but the ARN is in us-west-2' },
    },
    {
      name: '404 for a runtime the control plane does not know either (deleted or re-created)',
      ctx: sigv4Ctx,
      observations: {
        init: awsError(404, 'ResourceNotFoundException', MESSAGES.notFound),
        'control-plane': { calls: 2, runtimeError: notFoundError('GetAgentRuntime'), endpointError: notFoundError('GetAgentRuntimeEndpoint') },
      },
      codes: ['RUNTIME_NOT_FOUND'],
      args: { variants: `the control plane has no runtime ${RUNTIME_ID} either: it was deleted or re-created with a new id` },
    },
    {
      name: '404 for a qualifier the runtime has no endpoint for',
      ctx: { ...sigv4Ctx, target: PROD_TARGET },
      observations: {
        init: awsError(404, 'ResourceNotFoundException', `No endpoint or agent found with qualifier 'prod' for agent '${ARN}'`, PROD_TARGET.url),
        'control-plane': controlPlane({ endpoint: undefined, endpointError: notFoundError('GetAgentRuntimeEndpoint') }),
      },
      codes: ['RUNTIME_NOT_FOUND'],
      args: { variants: 'the runtime exists but has no endpoint "prod"' },
    },
    {
      name: '404 while the runtime is UPDATING',
      ctx: sigv4Ctx,
      observations: { init: awsError(404, 'ResourceNotFoundException', MESSAGES.notFound), 'control-plane': controlPlane({ runtime: runtime({ status: 'UPDATING' }) }) },
      codes: ['RUNTIME_NOT_FOUND'],
      args: { variants: 'the runtime is UPDATING' },
    },
    {
      name: '404 while the endpoint is CREATING',
      ctx: sigv4Ctx,
      observations: { init: awsError(404, 'ResourceNotFoundException', MESSAGES.notFound), 'control-plane': controlPlane({ endpoint: { name: 'DEFAULT', status: 'CREATING' } }) },
      codes: ['RUNTIME_NOT_FOUND'],
      args: { variants: 'endpoint "DEFAULT" is CREATING' },
    },
    {
      name: '404 although both are READY (a new endpoint still propagating)',
      ctx: sigv4Ctx,
      observations: { init: awsError(404, 'ResourceNotFoundException', MESSAGES.notFound), 'control-plane': controlPlane() },
      codes: ['RUNTIME_NOT_FOUND'],
      message: /READY: a new endpoint still propagating, or the ARN was altered in transit\.$/,
    },
    {
      name: '404 recognised by the error-type header alone (coral suffix)',
      ctx: sigv4Ctx,
      observations: { init: awsError(404, 'ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.bedrockagentcore/', 'Resource not found') },
      codes: ['RUNTIME_NOT_FOUND'],
    },
    {
      name: 'ResourceNotFound wrapped as 200 + JSON-RPC -32004',
      ctx: sigv4Ctx,
      observations: { init: invoke({ status: 200, headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'ResourceNotFoundException' }, bodyExcerpt: jsonRpcErrorJson(-32004, MESSAGES.notFound) }) },
      codes: ['RUNTIME_NOT_FOUND'],
      args: { status: 200, detail: MESSAGES.notFound },
    },
    {
      name: '429 ThrottlingException',
      ctx: sigv4Ctx,
      observations: { init: awsError(429, 'ThrottlingException', 'Rate exceeded') },
      codes: ['THROTTLED'],
      severities: ['warning'],
      args: { status: 429, detail: 'Rate exceeded' },
    },
    {
      name: 'throttling on an MCP runtime: 200 + JSON-RPC -32003',
      ctx: sigv4Ctx,
      observations: { init: invoke({ status: 200, headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'ThrottlingException' }, bodyExcerpt: jsonRpcErrorJson(-32003, MESSAGES.rateLimit) }) },
      codes: ['THROTTLED'],
      args: { status: 200, detail: MESSAGES.rateLimit },
    },
    {
      name: 'a SigV4 request signed with the wrong secret (InvalidSignatureException)',
      ctx: sigv4Ctx,
      observations: {
        init: awsError(403, 'InvalidSignatureException', 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.'),
        'control-plane': controlPlane(),
      },
      codes: ['SIGV4_REJECTED'],
      message: /SigV4-signed request: "The request signature we calculated does not match/,
    },
    {
      name: 'a SigV4 request with a skewed clock is not blamed on a token',
      ctx: sigv4Ctx,
      observations: { init: awsError(403, 'InvalidSignatureException', 'Signature expired: 20260501T120000Z is now earlier than 20260501T121500Z'), 'control-plane': controlPlane() },
      codes: ['SIGV4_REJECTED'],
    },
    {
      name: '403 method mismatch: a bearer token to a SigV4 runtime',
      ctx: bearerCtx,
      observations: {
        init: invoke({ status: 403, headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'AccessDeniedException' }, bodyExcerpt: jsonRpcErrorJson(-32002, MESSAGES.authMismatch) }),
        'control-plane': controlPlane(),
        token: accessToken,
      },
      codes: ['AUTH_MODE_MISMATCH'],
      args: { status: 403, detail: 'A bearer token was sent to a runtime that expects SigV4 (IAM): AgentCore answered 403 Authorization method mismatch' },
    },
    {
      name: '403 method mismatch: SigV4 forced (--auth sigv4) on a JWT runtime although a token was given',
      ctx: { ...sigv4Ctx, hasToken: true },
      observations: { init: awsError(403, 'AccessDeniedException', MESSAGES.authMismatch), 'control-plane': jwtRuntime },
      codes: ['AUTH_MODE_MISMATCH'],
      message: /signed with SigV4 \(or could not be signed: no AWS credentials\) but the runtime expects another method/,
    },
    {
      name: '403 method mismatch on a JWT runtime and no token given: the token is what is missing',
      ctx: sigv4Ctx,
      observations: { init: invoke({ status: 403, headers: { 'content-type': 'application/json' }, bodyExcerpt: jsonRpcErrorJson(-32002, MESSAGES.authMismatch) }), 'control-plane': jwtRuntime },
      codes: ['TOKEN_MISSING'],
      args: { status: 403, detail: 'The runtime has a JWT authorizer and no bearer token was given, so the request was signed with SigV4 instead' },
    },
    {
      name: '403 method mismatch without a control-plane view stays a mode mismatch',
      ctx: sigv4Ctx,
      observations: { init: awsError(403, 'AccessDeniedException', MESSAGES.authMismatch) },
      codes: ['AUTH_MODE_MISMATCH'],
    },
    {
      name: '403 -32002 with no usable credentials at all',
      ctx: { ...sigv4Ctx, requestAuth: 'none' },
      observations: { init: invoke({ status: 403, headers: { 'content-type': 'application/json' }, bodyExcerpt: jsonRpcErrorJson(-32002, 'Authorization error - Insufficient permissions') }) },
      codes: ['AUTH_MODE_MISMATCH'],
      args: { detail: 'The request carried no credentials the runtime accepts: AgentCore answered 403' },
    },
    {
      name: '401 -32001 Missing Authentication Token with WWW-Authenticate',
      ctx: { ...bearerCtx, hasToken: false, requestAuth: 'none' },
      observations: { init: unauthorized('Missing Authentication Token'), 'control-plane': jwtRuntime },
      codes: ['TOKEN_MISSING'],
      args: { status: 401, probe: 'POST initialize', detail: 'Missing Authentication Token' },
    },
    {
      name: '403 Failed to parse token',
      ctx: bearerCtx,
      observations: { init: oauthFailed('Failed to parse token') },
      codes: ['TOKEN_MALFORMED'],
      args: { status: 403, detail: 'OAuth authorization failed: Failed to parse token' },
    },
    {
      name: '403 Ineffectual token, will expire within the next minute (2025 report)',
      ctx: bearerCtx,
      observations: { init: oauthFailed('Ineffectual token, will expire within the next minute') },
      codes: ['TOKEN_EXPIRING'],
      severities: ['error'],
    },
    {
      name: 'the same near-expiry refusal as a 401 (2026 report)',
      ctx: bearerCtx,
      observations: { init: unauthorized('OAuth authorization failed: Ineffectual token, will expire within the next minute') },
      codes: ['TOKEN_EXPIRING'],
      args: { status: 401 },
    },
    {
      name: '403 Token has expired',
      ctx: bearerCtx,
      observations: { init: oauthFailed('Token has expired') },
      codes: ['TOKEN_EXPIRED'],
      args: { detail: 'OAuth authorization failed: Token has expired' },
    },
    {
      name: '401 Token has expired',
      ctx: bearerCtx,
      observations: { init: unauthorized('Token has expired') },
      codes: ['TOKEN_EXPIRED'],
    },
    {
      name: '403 Token is not yet valid (nbf in the future)',
      ctx: bearerCtx,
      observations: { init: oauthFailed('Token is not yet valid'), 'control-plane': jwtRuntime, token: accessToken },
      codes: ['TOKEN_NOT_YET_VALID'],
      severities: ['error'],
      args: { status: 403, probe: 'POST initialize', detail: 'OAuth authorization failed: Token is not yet valid' },
      message: /^OAuth authorization failed: Token is not yet valid\.$/,
    },
    {
      name: 'the same nbf refusal as a JSON-RPC 401',
      ctx: bearerCtx,
      observations: { init: unauthorized('OAuth authorization failed: Token is not yet valid'), token: accessToken },
      codes: ['TOKEN_NOT_YET_VALID'],
      args: { status: 401 },
    },
    {
      name: '403 signature does not verify against the JWKS',
      ctx: bearerCtx,
      observations: { init: oauthFailed('Failed to verify token signature') },
      codes: ['TOKEN_SIGNATURE_INVALID'],
    },
    {
      name: "401 Claim 'iss' value mismatch",
      ctx: bearerCtx,
      observations: { init: unauthorized("Claim 'iss' value mismatch with configuration."), token: accessToken },
      codes: ['TOKEN_ISSUER_MISMATCH'],
      args: { detail: "Claim 'iss' value mismatch with configuration." },
    },
    {
      name: "401 Claim 'client_id' value mismatch for an ID token",
      ctx: bearerCtx,
      observations: { init: unauthorized("Claim 'client_id' value mismatch with configuration."), 'control-plane': jwtRuntime, token: idToken },
      codes: ['ID_TOKEN_USED'],
      args: { status: 401, detail: "Claim 'client_id' value mismatch with configuration." },
    },
    {
      name: "401 Claim 'client_id' value mismatch for an access token of another client",
      ctx: bearerCtx,
      observations: { init: unauthorized("Claim 'client_id' value mismatch with configuration."), 'control-plane': jwtRuntime, token: accessToken },
      codes: ['CLIENT_NOT_ALLOWED'],
    },
    {
      name: "401 Claim 'client_id' value mismatch without a token observation",
      ctx: bearerCtx,
      observations: { init: unauthorized("Claim 'client_id' value mismatch with configuration.") },
      codes: ['CLIENT_NOT_ALLOWED'],
    },
    {
      name: "401 Claim 'aud' value mismatch",
      ctx: bearerCtx,
      observations: { init: unauthorized("Claim 'aud' value mismatch with configuration."), token: accessToken },
      codes: ['AUDIENCE_MISMATCH'],
    },
    {
      name: "401 Claim 'scope' value mismatch",
      ctx: bearerCtx,
      observations: { init: unauthorized("Claim 'scope' value mismatch with configuration."), token: accessToken },
      codes: ['SCOPE_NOT_ALLOWED'],
    },
    {
      name: "401 Claim 'department' value mismatch (a customClaims rule)",
      ctx: bearerCtx,
      observations: { init: unauthorized("Claim 'department' value mismatch with configuration."), token: accessToken },
      codes: ['CUSTOM_CLAIM_MISMATCH'],
      args: { detail: "Claim 'department' value mismatch with configuration." },
    },
    {
      name: 'ValidationException This runtime is not MMDSv2-enabled',
      ctx: sigv4Ctx,
      observations: { init: awsError(400, 'ValidationException', 'This runtime is not MMDSv2-enabled') },
      codes: ['MMDSV2_NOT_ENABLED'],
    },
    {
      name: 'wrapped 404: a stateful container rejecting the injected Mcp-Session-Id',
      ctx: sigv4Ctx,
      observations: { init: wrapped(404) },
      codes: ['FOREIGN_SESSION_ID_REJECTED'],
      severities: ['error'],
      args: { status: 404, probe: 'POST initialize' },
    },
    {
      name: 'wrapped 400: a stateful container wanting its own session',
      ctx: sigv4Ctx,
      observations: { init: wrapped(400) },
      codes: ['SERVER_STATEFUL'],
      severities: ['error'],
      args: { status: 400 },
    },
    {
      name: 'wrapped 500: an exception in the container',
      ctx: sigv4Ctx,
      observations: { init: wrapped(500) },
      codes: ['CONTAINER_ERROR'],
      args: { status: 500 },
      message: /answered HTTP 500 for POST initialize; AgentCore returned it as 200 \+ JSON-RPC -32010 "Received error \(500\) from runtime"/,
    },
    {
      name: 'wrapped 401: the container wants the Authorization header AgentCore did not forward',
      ctx: bearerCtx,
      observations: { init: wrapped(401), 'control-plane': jwtRuntime, token: accessToken },
      codes: ['CONTAINER_ERROR'],
      args: { status: 401 },
    },
  ],
});

describe('agentcore-front-door evidence', () => {
  it('names the container status of a wrapped answer in the evidence', () => {
    const { findings } = runCheck(agentcoreFrontDoor, { init: wrapped(404) }, makeContext(sigv4Ctx));
    expect(findings[0]?.evidence).toMatchObject({ status: 200, detail: "AgentCore wrapped the container's HTTP 404 as 200 + JSON-RPC -32010" });
  });

  it('keeps the WWW-Authenticate header of a 401 in the evidence', () => {
    const { findings } = runCheck(agentcoreFrontDoor, { init: unauthorized('Missing Authentication Token') }, makeContext(bearerCtx));
    expect(findings[0]?.evidence?.headers?.['www-authenticate']).toBe(WWW_AUTHENTICATE);
  });
});

/**
 * Pins what makes a 404 "runtime not found" (a 404 *and* AgentCore's error type or words), the
 * wording of wrapped 404/400 answers (with and without a refused server/discover), and inputs the
 * table does not cover: an initialize without JSON-RPC, a control plane without a runtime, an
 * endpoint URL that names no region.
 */
describe('agentcore-front-door edges', () => {
  const codesOf = (init: HttpExchange, ctx: Partial<CheckContext> = sigv4Ctx, cp?: ControlPlaneObservation) =>
    runCheck(agentcoreFrontDoor, { init, ...(cp ? { 'control-plane': cp } : {}) }, makeContext(ctx)).findings.map((f) => f.code);

  it.each<[string, HttpExchange, string[]]>([
    ['a 404 whose error type is another one', awsError(404, 'UnknownOperationException', 'Unknown operation'), []],
    ['a 404 without an error type or AgentCore words', invoke({ status: 404, headers: { 'content-type': 'text/plain' }, bodyExcerpt: 'Not Found' }), []],
    ['a 404 naming no endpoint or agent, without an error type', invoke({ status: 404, headers: { 'content-type': 'text/plain' }, bodyExcerpt: MESSAGES.notFound }), ['RUNTIME_NOT_FOUND']],
    ['a ResourceNotFound error type on a 400', awsError(400, 'ResourceNotFoundException', 'Resource not found'), []],
  ])('%s', (_name, init, codes) => {
    expect(codesOf(init)).toStrictEqual(codes);
  });

  it('an initialize answered with no JSON-RPC at all falls through to the authorizer mapping', () => {
    const plain = invoke({ status: 200, headers: { 'content-type': 'text/plain' }, bodyExcerpt: 'ok' });
    expect(plain.jsonrpc).toBeUndefined();
    expect(codesOf(plain)).toStrictEqual([]);
  });

  it('a control plane that described no runtime is not a JWT runtime', () => {
    const noRuntime: ControlPlaneObservation = { calls: 2, runtimeError: { kind: 'access-denied', name: 'AccessDeniedException', message: 'not authorized', permission: 'bedrock-agentcore:GetAgentRuntime' } };
    const mismatch = awsError(403, 'AccessDeniedException', MESSAGES.authMismatch);
    expect(codesOf(mismatch, sigv4Ctx, noRuntime)).toStrictEqual(['AUTH_MODE_MISMATCH']);
  });

  it('an endpoint URL that names no region explains the 404 from the control plane', () => {
    const local = resolveTargetInput(ARN, { env: {}, endpointUrl: 'http://127.0.0.1:4566' });
    const { findings } = runCheck(agentcoreFrontDoor, { init: awsError(404, 'ResourceNotFoundException', MESSAGES.notFound, local.url), 'control-plane': controlPlane({ runtime: runtime({ status: 'UPDATING' }) }) }, makeContext({ ...sigv4Ctx, target: local }));
    expect(findings.map((f) => f.args?.variants)).toStrictEqual(['the runtime is UPDATING']);
  });

  it('a runtime target without runtime details gives no explanation', () => {
    const { runtime: _dropped, ...bare } = TARGET;
    const { findings } = runCheck(agentcoreFrontDoor, { init: awsError(404, 'ResourceNotFoundException', MESSAGES.notFound), 'control-plane': controlPlane() }, makeContext({ ...sigv4Ctx, target: bare }));
    expect(findings.map((f) => f.args?.variants)).toStrictEqual(['']);
  });

  it('a wrapped 404 blames the injected session id', () => {
    const init = wrapped(404);
    expect(runCheck(agentcoreFrontDoor, { init }, makeContext(sigv4Ctx)).findings.map((f) => f.args)).toStrictEqual([
      {
        status: 404,
        probe: 'POST initialize',
        detail: 'the container answered 404 to an initialize carrying the Mcp-Session-Id AgentCore injects: a stateful server rejecting an id it never issued (or a server that does not serve POST /mcp)',
      },
    ]);
  });

  const STATEFUL_400 = 'the container answered 400 (a stateful server refusing the request without its own session)';
  const MODERN_400 =
    'the container answered 400 (a stateful server refusing the request without its own session, or a 2026-07-28-only server refusing initialize whose server/discover got 400 too (its Mcp-Method or MCP-Protocol-Version header did not reach it))';
  it.each<[string, HttpExchange | undefined, string]>([
    ['no server/discover probe', undefined, STATEFUL_400],
    ['server/discover served', invoke({ label: 'POST server/discover', headers: { 'content-type': 'application/json' }, bodyExcerpt: '{"jsonrpc":"2.0","id":1,"result":{}}' }), STATEFUL_400],
    ['server/discover wrapped as 404', { ...wrapped(404), label: 'POST server/discover' }, STATEFUL_400],
    ['server/discover wrapped as 400 too', { ...wrapped(400), label: 'POST server/discover' }, MODERN_400],
  ])('a wrapped 400 with %s', (_name, discover, detail) => {
    const { findings } = runCheck(agentcoreFrontDoor, { init: wrapped(400), ...(discover ? { discover } : {}) }, makeContext(sigv4Ctx));
    expect(findings.map((f) => [f.code, f.args?.detail])).toStrictEqual([['SERVER_STATEFUL', detail]]);
  });
});
