import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpHandler } from './containers/types.js';
import { callerArn, type SimContext } from './context.js';
import { headerValue, newRequestId, readRequestBody, sendAwsJsonError, sendJsonResponse, splitTarget } from './aws-errors.js';
import type { SimulatedIssuer } from './issuer.js';
import { findLambdaFunction } from './account-resources.js';
import { verifySigV4 } from './sigv4.js';
import type { SimCognitoClient } from './types.js';

/**
 * One server playing `cognito-idp.<region>.amazonaws.com` (agentcore-contract §9): the pool's
 * OIDC discovery document and JWKS under `/<userPoolId>/.well-known/…`, and the awsJson1.1 API on
 * `POST /` (`X-Amz-Target: AWSCognitoIdentityProviderService.<Op>`) with InitiateAuth
 * (USER_PASSWORD_AUTH, unsigned as in AWS), DescribeUserPool and DescribeUserPoolClient (SigV4,
 * signing name `cognito-idp`). It also plays the user-pool domain's OAuth2 token endpoint,
 * `POST /oauth2/token`, for the client_credentials grant.
 */

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
const JSON_11 = 'application/x-amz-json-1.1';
const SIGNING_NAME = 'cognito-idp';
const TOKEN_PATH = '/oauth2/token';

/** A modelled Cognito failure, answered as `{"__type", "message"}` with HTTP 400. */
class CognitoError extends Error {
  constructor(
    readonly errorType: string,
    message: string,
  ) {
    super(message);
  }
}

/** Builds the Cognito server's handler. */
export function createCognitoHandler(ctx: SimContext, issuer: SimulatedIssuer): HttpHandler {
  return {
    async handle(req, res) {
      const requestId = newRequestId();
      const { rawPath, query } = splitTarget(req.url);
      const wellKnown = `/${issuer.userPoolId}/.well-known/`;
      if (req.method === 'GET' && rawPath === `${wellKnown}openid-configuration`) {
        return sendJsonResponse(res, 200, issuer.discoveryDocument(), { 'x-amzn-requestid': requestId });
      }
      if (req.method === 'GET' && rawPath === `${wellKnown}jwks.json`) {
        return sendJsonResponse(res, 200, issuer.jwks(), { 'x-amzn-requestid': requestId });
      }
      if (rawPath === TOKEN_PATH) return handleTokenRequest(issuer, req, res, requestId);
      if (req.method !== 'POST' || rawPath !== '/') {
        req.resume();
        return sendJsonResponse(res, 404, { message: 'Not Found' }, { 'x-amzn-requestid': requestId });
      }
      const body = await readRequestBody(req);
      try {
        const result = await dispatch(ctx, issuer, req, rawPath, query, body);
        sendJsonResponse(res, 200, result, { 'x-amzn-requestid': requestId }, JSON_11);
      } catch (error) {
        if (!(error instanceof CognitoError)) throw error;
        sendAwsJsonError(res, error.errorType, error.message, 400, { 'x-amzn-requestid': requestId });
      }
    },
  };
}

async function dispatch(ctx: SimContext, issuer: SimulatedIssuer, req: IncomingMessage, rawPath: string, query: URLSearchParams, body: Buffer): Promise<unknown> {
  const target = headerValue(req, 'x-amz-target') ?? '';
  const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
  let input: Record<string, unknown>;
  try {
    const parsed: unknown = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    input = parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    throw new CognitoError('SerializationException', 'Start of structure or map found where not expected.');
  }

  ctx.operations.push({ service: SIGNING_NAME, operation: operation || 'UnknownOperation' });
  if (operation === 'InitiateAuth') return initiateAuth(ctx, issuer, input);
  if (operation !== 'DescribeUserPool' && operation !== 'DescribeUserPoolClient') {
    throw new CognitoError('UnknownOperationException', operation ? `Operation ${operation} is not supported by the simulation.` : 'Missing or invalid X-Amz-Target header.');
  }

  const verdict = await verifySigV4({ method: req.method ?? 'POST', rawPath, query, headers: req.headers, body }, { service: SIGNING_NAME, region: ctx.region, credentials: ctx.credentials });
  if (!verdict.ok) throw new CognitoError(verdict.errorType, verdict.message);

  const poolArn = `arn:aws:cognito-idp:${ctx.region}:${ctx.accountId}:userpool/${issuer.userPoolId}`;
  if (ctx.knobs.denyCognitoDescribe) {
    throw new CognitoError(
      'AccessDeniedException',
      `User: ${callerArn(ctx)} is not authorized to perform: cognito-idp:${operation} on resource: ${poolArn} because no identity-based policy allows the cognito-idp:${operation} action`,
    );
  }
  const poolId = stringField(input, 'UserPoolId');
  if (poolId !== issuer.userPoolId) throw new CognitoError('ResourceNotFoundException', `User pool ${poolId ?? ''} does not exist.`);
  if (operation === 'DescribeUserPool') return { UserPool: describeUserPool(ctx, issuer, poolArn) };

  const clientId = stringField(input, 'ClientId') ?? '';
  const client = issuer.findClient(clientId);
  if (!client) throw new CognitoError('ResourceNotFoundException', `User pool client ${clientId} does not exist.`);
  return { UserPoolClient: describeClient(issuer, client) };
}

async function initiateAuth(ctx: SimContext, issuer: SimulatedIssuer, input: Record<string, unknown>): Promise<unknown> {
  const clientId = stringField(input, 'ClientId') ?? '';
  const client = issuer.findClient(clientId);
  if (!client) throw new CognitoError('ResourceNotFoundException', `User pool client ${clientId} does not exist.`);
  const flow = stringField(input, 'AuthFlow') ?? '';
  if (flow !== 'USER_PASSWORD_AUTH') {
    throw new CognitoError('InvalidParameterException', `${flow || 'AuthFlow'} is not supported by the simulation; use USER_PASSWORD_AUTH.`);
  }
  const flows = client.explicitAuthFlows ?? [];
  if (!flows.includes('ALLOW_USER_PASSWORD_AUTH') && !flows.includes('USER_PASSWORD_AUTH')) {
    throw new CognitoError('InvalidParameterException', 'USER_PASSWORD_AUTH flow not enabled for this client');
  }
  const params = (input.AuthParameters ?? {}) as Record<string, unknown>;
  const username = typeof params.USERNAME === 'string' ? params.USERNAME : undefined;
  const password = typeof params.PASSWORD === 'string' ? params.PASSWORD : undefined;
  if (!username) throw new CognitoError('InvalidParameterException', 'Missing required parameter USERNAME');
  if (client.clientSecret !== undefined) {
    const given = typeof params.SECRET_HASH === 'string' ? params.SECRET_HASH : undefined;
    if (!given) throw new CognitoError('NotAuthorizedException', `Client ${clientId} is configured with secret but SECRET_HASH was not received`);
    if (!secretHashMatches(given, client.clientSecret, username, clientId)) {
      throw new CognitoError('NotAuthorizedException', `Unable to verify secret hash for client ${clientId}`);
    }
  }
  // New app clients prevent user-existence errors, so an unknown user reads like a wrong password.
  if (client.preventUserExistenceErrors === false && !issuer.hasUser(username)) throw new CognitoError('UserNotFoundException', 'User does not exist.');
  if (password === undefined || !issuer.checkPassword(username, password)) throw new CognitoError('NotAuthorizedException', 'Incorrect username or password.');

  const triggerArn = preTokenLambdaArn(ctx, issuer);
  if (triggerArn && !findLambdaFunction(ctx.resources, triggerArn)) {
    // Cognito runs the trigger before issuing tokens; a deleted function fails every sign-in
    // (the tail after "failed with error" is the reported wording, not a documented one).
    throw new CognitoError('UserLambdaValidationException', `PreTokenGeneration failed with error Function not found: ${triggerArn}.`);
  }
  const expiresIn = Math.round((client.accessTokenValidityHours ?? 1) * 3600);
  const { accessToken, idToken } = await issuer.mintPair(username, clientId, expiresIn);
  return {
    AuthenticationResult: { AccessToken: accessToken, ExpiresIn: expiresIn, TokenType: 'Bearer', RefreshToken: opaqueRefreshToken(), IdToken: idToken },
    ChallengeParameters: {},
  };
}

/** SECRET_HASH = Base64(HMAC-SHA256(key = client secret, message = username + client id)). */
export function computeSecretHash(clientSecret: string, username: string, clientId: string): string {
  return createHmac('sha256', clientSecret).update(username + clientId).digest('base64');
}

function secretHashMatches(given: string, secret: string, username: string, clientId: string): boolean {
  const wanted = Buffer.from(computeSecretHash(secret, username, clientId));
  const actual = Buffer.from(given);
  return wanted.length === actual.length && timingSafeEqual(wanted, actual);
}

function describeUserPool(ctx: SimContext, issuer: SimulatedIssuer, poolArn: string): Record<string, unknown> {
  const hook = issuer.preTokenHook;
  const lambdaArn = preTokenLambdaArn(ctx, issuer) ?? '';
  // The legacy PreTokenGeneration ARN mirrors PreTokenGenerationConfig.LambdaArn (§9).
  const lambdaConfig = hook ? { PreTokenGeneration: lambdaArn, PreTokenGenerationConfig: { LambdaVersion: hook.version, LambdaArn: lambdaArn } } : {};
  return {
    Id: issuer.userPoolId,
    Name: issuer.userPoolName,
    Policies: { PasswordPolicy: { MinimumLength: 8, RequireUppercase: true, RequireLowercase: true, RequireNumbers: true, RequireSymbols: true, TemporaryPasswordValidityDays: 7 } },
    DeletionProtection: 'INACTIVE',
    LambdaConfig: lambdaConfig,
    LastModifiedDate: issuer.lastModifiedAt,
    CreationDate: issuer.createdAt,
    MfaConfiguration: 'OFF',
    EstimatedNumberOfUsers: issuer.userCount,
    Arn: poolArn,
    // V2_0 triggers need the Essentials (or Plus) feature plan, the default for new pools.
    UserPoolTier: 'ESSENTIALS',
  };
}

/** The simulation's own pre-token function, which `startSimulation` seeds into the account. */
export const DEFAULT_PRE_TOKEN_FUNCTION = 'mcp-doctor-sim-pre-token-generation';

/** The ARN of the pool's pre-token trigger, when one is set. */
function preTokenLambdaArn(ctx: SimContext, issuer: SimulatedIssuer): string | undefined {
  const hook = issuer.preTokenHook;
  if (!hook) return undefined;
  return hook.lambdaArn ?? `arn:aws:lambda:${ctx.region}:${ctx.accountId}:function:${DEFAULT_PRE_TOKEN_FUNCTION}`;
}

function describeClient(issuer: SimulatedIssuer, client: SimCognitoClient): Record<string, unknown> {
  const validity = client.accessTokenValidityHours ?? 1;
  const oauthFlows = client.allowedOAuthFlows ?? [];
  return {
    UserPoolId: issuer.userPoolId,
    ClientName: client.clientName,
    ClientId: client.clientId,
    ...(client.clientSecret !== undefined ? { ClientSecret: client.clientSecret } : {}),
    LastModifiedDate: issuer.createdAt,
    CreationDate: issuer.createdAt,
    RefreshTokenValidity: 30,
    AccessTokenValidity: validity,
    IdTokenValidity: validity,
    TokenValidityUnits: { AccessToken: 'hours', IdToken: 'hours', RefreshToken: 'days' },
    ExplicitAuthFlows: client.explicitAuthFlows ?? [],
    SupportedIdentityProviders: ['COGNITO'],
    ...(oauthFlows.length > 0 ? { AllowedOAuthFlows: oauthFlows } : {}),
    ...(client.allowedOAuthScopes?.length ? { AllowedOAuthScopes: client.allowedOAuthScopes } : {}),
    AllowedOAuthFlowsUserPoolClient: oauthFlows.length > 0,
    PreventUserExistenceErrors: client.preventUserExistenceErrors === false ? 'LEGACY' : 'ENABLED',
    EnableTokenRevocation: true,
    EnablePropagateAdditionalUserContextData: false,
    AuthSessionValidity: 3,
  };
}

/** An OAuth2 token-endpoint failure (RFC 6749 §5.2): `{"error": …}` with its status. */
class OAuthError extends Error {
  constructor(
    readonly error: 'invalid_request' | 'invalid_client' | 'unauthorized_client' | 'invalid_scope' | 'unsupported_grant_type',
    readonly status: 400 | 401,
    /** The client authenticated with HTTP Basic, so a 401 names the scheme (RFC 6749 §5.2). */
    readonly basic = false,
  ) {
    super(error);
  }
}

/**
 * `POST /oauth2/token` of a user-pool domain, client_credentials only (§9: M2M access tokens carry
 * `client_id` and custom scopes, no user claims). The client authenticates with HTTP Basic or
 * `client_id`/`client_secret` form fields; only a confidential client with `client_credentials`
 * among its `AllowedOAuthFlows` gets a token.
 */
async function handleTokenRequest(issuer: SimulatedIssuer, req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
  const headers = { 'x-amzn-requestid': requestId, 'cache-control': 'no-store' };
  if (req.method !== 'POST') {
    req.resume();
    return sendJsonResponse(res, 405, { error: 'invalid_request' }, { ...headers, allow: 'POST' });
  }
  const body = await readRequestBody(req);
  try {
    const granted = await grantClientCredentials(issuer, req, body);
    sendJsonResponse(res, 200, granted, headers);
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error;
    sendJsonResponse(res, error.status, { error: error.error }, error.basic && error.status === 401 ? { ...headers, 'www-authenticate': 'Basic realm="cognito"' } : headers);
  }
}

async function grantClientCredentials(issuer: SimulatedIssuer, req: IncomingMessage, body: Buffer): Promise<Record<string, unknown>> {
  const mediaType = (headerValue(req, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/x-www-form-urlencoded') throw new OAuthError('invalid_request', 400);
  const form = new URLSearchParams(body.toString('utf8'));
  const basic = parseBasicAuthorization(headerValue(req, 'authorization'));
  if (form.get('grant_type') !== 'client_credentials') throw new OAuthError('unsupported_grant_type', 400);

  const clientId = basic?.clientId ?? form.get('client_id') ?? '';
  const secret = basic?.clientSecret ?? form.get('client_secret') ?? undefined;
  const client = issuer.findClient(clientId);
  // A public client cannot authenticate, so it fails like a wrong secret.
  if (!client || client.clientSecret === undefined || secret === undefined || !sameSecret(secret, client.clientSecret)) {
    throw new OAuthError('invalid_client', 401, basic !== undefined);
  }
  if (!(client.allowedOAuthFlows ?? []).includes('client_credentials')) throw new OAuthError('unauthorized_client', 400);

  const allowed = client.allowedOAuthScopes ?? [];
  const requested = (form.get('scope') ?? '').split(' ').filter(Boolean);
  // No scope requested: Cognito grants every scope the client is allowed.
  const scopes = requested.length > 0 ? requested : allowed;
  if (scopes.length === 0 || scopes.some((scope) => !allowed.includes(scope))) throw new OAuthError('invalid_scope', 400);

  const expiresIn = Math.round((client.accessTokenValidityHours ?? 1) * 3600);
  const accessToken = await issuer.mintClientCredentials(client.clientId, scopes.join(' '), expiresIn);
  return { access_token: accessToken, expires_in: expiresIn, token_type: 'Bearer' };
}

/**
 * `Basic base64(client_id:client_secret)`. RFC 6749 §2.3.1 form-encodes both parts first; Cognito
 * ids and secrets are `[a-z0-9]`, so encoded and raw forms are the same.
 */
function parseBasicAuthorization(value: string | undefined): { clientId: string; clientSecret: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(value ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { clientId: decoded.slice(0, colon), clientSecret: decoded.slice(colon + 1) };
}

function sameSecret(given: string, wanted: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(wanted);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Cognito refresh tokens are opaque JWE strings; the simulation never accepts them back. */
function opaqueRefreshToken(): string {
  return [randomBytes(16), randomBytes(32), randomBytes(12), randomBytes(64), randomBytes(16)].map((part) => part.toString('base64url')).join('.');
}

function stringField(input: Record<string, unknown>, name: string): string | undefined {
  const value = input[name];
  return typeof value === 'string' ? value : undefined;
}
