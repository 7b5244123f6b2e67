import type { AwsAccess } from '../../model/runtime.js';
import type { AwsCallError, CognitoConfigObservation } from '../../model/observations.js';
import { classifyAwsError } from '../aws/control-plane.js';
import { networkOf } from '../network-config.js';

/**
 * The Cognito side of a JWT runtime (agentcore-contract §9): DescribeUserPool for the
 * pre-token-generation trigger and the feature plan, DescribeUserPoolClient for the client's secret,
 * auth flows, OAuth settings and token lifetimes. These explain the §4.3 failures (ID token sent to
 * an `allowedClients` authorizer, a V1_0 trigger that cannot touch the access token, USER_PASSWORD_AUTH
 * off, a confidential client without SECRET_HASH). The client secret itself is never kept.
 */

const POOL_PERMISSION = 'cognito-idp:DescribeUserPool';
const CLIENT_PERMISSION = 'cognito-idp:DescribeUserPoolClient';
const LAMBDA_PERMISSION = 'lambda:GetFunction';
const LAMBDA_VERSIONS = ['V1_0', 'V2_0', 'V3_0'] as const;
const UNIT_SECONDS: Readonly<Record<string, number>> = { seconds: 1, minutes: 60, hours: 3_600, days: 86_400 };

// Region then `_` then the pool's suffix: `us-east-1_AbCdEfGhI`, `us-gov-west-1_…`, `eusc-de-east-1_…`.
const POOL_PATH = /^\/(([a-z]{2,4}(?:-[a-z]+)+-\d{1,2})_[A-Za-z0-9]+)\/\.well-known\/openid-configuration$/;

/**
 * Reads the region and pool id from a Cognito discovery URL
 * (`https://cognito-idp.<region>.amazonaws.com/<poolId>/.well-known/openid-configuration`, §9). Any
 * host is accepted, because the simulation and the UPDATED issuer host (`issuer-cognito-idp.…`) serve
 * the same path; the region comes from the pool id, which always starts with it.
 */
export function parseCognitoDiscoveryUrl(discoveryUrl: string): { region: string; userPoolId: string } | undefined {
  let url: URL;
  try {
    url = new URL(discoveryUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const match = POOL_PATH.exec(url.pathname);
  if (!match?.[1] || !match[2]) return undefined;
  return { region: match[2], userPoolId: match[1] };
}

/** Describes the pool and (when a client id is given) the app client concurrently; never throws. */
export async function describeCognito(
  access: AwsAccess,
  params: { userPoolId: string; clientId?: string; region: string; endpoint?: string; lambdaEndpoint?: string; timeoutMs: number; signal?: AbortSignal },
): Promise<CognitoConfigObservation> {
  const observation: CognitoConfigObservation = { userPoolId: params.userPoolId, calls: 0 };
  if (params.clientId !== undefined) observation.clientId = params.clientId;
  const creds = await access.tryCredentials();
  if (!creds) {
    const error: AwsCallError = { kind: 'no-credentials', name: 'CredentialsProviderError', message: access.credentialsError ?? 'no AWS credentials found', permission: POOL_PERMISSION };
    observation.poolError = error;
    if (params.clientId !== undefined) observation.clientError = { ...error, permission: CLIENT_PERMISSION };
    return observation;
  }
  const [sdk, requestHandler] = await Promise.all([import('@aws-sdk/client-cognito-identity-provider'), networkOf(access.settings.network).awsRequestHandler({ timeoutMs: params.timeoutMs })]);
  // Describe* are SigV4-signed with signing name `cognito-idp` (§9), unlike InitiateAuth.
  const client = new sdk.CognitoIdentityProviderClient({
    region: params.region,
    ...(params.endpoint ? { endpoint: params.endpoint } : {}),
    credentials: access.credentials,
    maxAttempts: 2,
    requestHandler,
  });
  const sendOptions = params.signal ? { abortSignal: params.signal } : {};
  try {
    const [pool, appClient] = await Promise.allSettled([
      client.send(new sdk.DescribeUserPoolCommand({ UserPoolId: params.userPoolId }), sendOptions),
      params.clientId === undefined ? Promise.resolve(undefined) : client.send(new sdk.DescribeUserPoolClientCommand({ UserPoolId: params.userPoolId, ClientId: params.clientId }), sendOptions),
    ]);
    observation.calls = params.clientId === undefined ? 1 : 2;
    if (pool.status === 'fulfilled') observation.pool = describePool(pool.value.UserPool);
    else observation.poolError = classifyAwsError(pool.reason, POOL_PERMISSION);
    const trigger = observation.pool?.preTokenGeneration;
    // With Cognito overridden (a local or private endpoint) and Lambda not, the regional Lambda
    // endpoint is not the one that belongs to this pool: better no answer than a wrong one.
    if (trigger && (params.lambdaEndpoint !== undefined || params.endpoint === undefined)) {
      // A trigger whose function is gone fails every sign-in (UserLambdaValidationException).
      const found = await lambdaFunctionState(access, trigger.lambdaArn, params, requestHandler);
      observation.calls += 1;
      trigger.functionState = found.state;
      if (found.error) trigger.functionError = found.error;
    }
    if (appClient.status === 'fulfilled') {
      if (appClient.value) observation.client = describeClient(appClient.value.UserPoolClient);
    } else {
      observation.clientError = classifyAwsError(appClient.reason, CLIENT_PERMISSION);
    }
    return observation;
  } finally {
    client.destroy();
  }
}

/** GetFunction on the trigger's function: present, absent (not found), or unknown (the call failed). */
async function lambdaFunctionState(
  access: AwsAccess,
  lambdaArn: string,
  params: { region: string; lambdaEndpoint?: string; signal?: AbortSignal },
  requestHandler: unknown,
): Promise<{ state: 'present' | 'absent' | 'unknown'; error?: AwsCallError }> {
  const region = /^arn:[^:]+:lambda:([^:]+):/.exec(lambdaArn)?.[1] ?? params.region;
  const sdk = await import('@aws-sdk/client-lambda');
  const client = new sdk.LambdaClient({ region, ...(params.lambdaEndpoint ? { endpoint: params.lambdaEndpoint } : {}), credentials: access.credentials, maxAttempts: 2, requestHandler: requestHandler as never });
  try {
    await client.send(new sdk.GetFunctionCommand({ FunctionName: lambdaArn }), params.signal ? { abortSignal: params.signal } : {});
    return { state: 'present' };
  } catch (error) {
    const classified = classifyAwsError(error, LAMBDA_PERMISSION);
    return classified.kind === 'not-found' ? { state: 'absent' } : { state: 'unknown', error: classified };
  } finally {
    client.destroy();
  }
}

type UserPoolType = NonNullable<import('@aws-sdk/client-cognito-identity-provider').DescribeUserPoolCommandOutput['UserPool']>;
type UserPoolClientType = NonNullable<import('@aws-sdk/client-cognito-identity-provider').DescribeUserPoolClientCommandOutput['UserPoolClient']>;

function describePool(pool: UserPoolType | undefined): NonNullable<CognitoConfigObservation['pool']> {
  const out: NonNullable<CognitoConfigObservation['pool']> = {};
  if (pool?.UserPoolTier) out.tier = pool.UserPoolTier;
  const lambda = pool?.LambdaConfig;
  const config = lambda?.PreTokenGenerationConfig;
  const lambdaArn = config?.LambdaArn ?? lambda?.PreTokenGeneration;
  if (lambdaArn) {
    // The legacy `PreTokenGeneration` ARN alone, or a config without a version, is a V1_0 trigger:
    // the default delivered version, which customises the ID token only (§9).
    const version = LAMBDA_VERSIONS.find((v) => v === config?.LambdaVersion) ?? 'V1_0';
    out.preTokenGeneration = { version, lambdaArn };
  }
  return out;
}

function describeClient(client: UserPoolClientType | undefined): NonNullable<CognitoConfigObservation['client']> {
  const out: NonNullable<CognitoConfigObservation['client']> = {
    hasSecret: typeof client?.ClientSecret === 'string' && client.ClientSecret.length > 0,
    explicitAuthFlows: [...(client?.ExplicitAuthFlows ?? [])],
    allowedOAuthFlows: [...(client?.AllowedOAuthFlows ?? [])],
    allowedOAuthScopes: [...(client?.AllowedOAuthScopes ?? [])],
  };
  const units = client?.TokenValidityUnits;
  const access = toSeconds(client?.AccessTokenValidity, units?.AccessToken);
  if (access !== undefined) out.accessTokenValiditySeconds = access;
  const id = toSeconds(client?.IdTokenValidity, units?.IdToken);
  if (id !== undefined) out.idTokenValiditySeconds = id;
  return out;
}

/** Access and ID token validity default to hours when `TokenValidityUnits` leaves the unit out (§9). */
function toSeconds(value: number | undefined, unit: string | undefined): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  const factor = UNIT_SECONDS[unit ?? 'hours'];
  return factor === undefined ? undefined : value * factor;
}
