import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { HttpHandler } from './containers/types.js';
import { callerArn, type SimContext } from './context.js';
import { headerValue, newRequestId, readRequestBody, sendAwsJsonError, sendJsonResponse, splitTarget } from './aws-errors.js';
import type { SimulatedIssuer } from './issuer.js';
import { verifySigV4 } from './sigv4.js';
import type { SimCognitoClient } from './types.js';

/**
 * One server playing `cognito-idp.<region>.amazonaws.com` (agentcore-contract §9): the pool's
 * OIDC discovery document and JWKS under `/<userPoolId>/.well-known/…`, and the awsJson1.1 API on
 * `POST /` (`X-Amz-Target: AWSCognitoIdentityProviderService.<Op>`) with InitiateAuth
 * (USER_PASSWORD_AUTH, unsigned as in AWS), DescribeUserPool and DescribeUserPoolClient (SigV4,
 * signing name `cognito-idp`).
 */

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
const JSON_11 = 'application/x-amz-json-1.1';
const SIGNING_NAME = 'cognito-idp';

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

  if (operation === 'InitiateAuth') return initiateAuth(issuer, input);
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

async function initiateAuth(issuer: SimulatedIssuer, input: Record<string, unknown>): Promise<unknown> {
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
  const lambdaArn = `arn:aws:lambda:${ctx.region}:${ctx.accountId}:function:mcp-doctor-sim-pre-token-generation`;
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

/** Cognito refresh tokens are opaque JWE strings; the simulation never accepts them back. */
function opaqueRefreshToken(): string {
  return [randomBytes(16), randomBytes(32), randomBytes(12), randomBytes(64), randomBytes(16)].map((part) => part.toString('base64url')).join('.');
}

function stringField(input: Record<string, unknown>, name: string): string | undefined {
  const value = input[name];
  return typeof value === 'string' ? value : undefined;
}
