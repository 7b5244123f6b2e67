import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AwsCredentialIdentity } from '@smithy/types';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { describeCognito, parseCognitoDiscoveryUrl } from '../../src/probes/auth/cognito-config.js';
import type { AwsAccess } from '../../src/model/runtime.js';
import { newClientSecret } from '../../src/sim/issuer.js';
import { listenLocal, type LocalServer } from '../../src/sim/listen.js';
import { startSimulation } from '../../src/sim/start-simulation.js';
import type { Simulation } from '../../src/sim/types.js';

/**
 * The Cognito configuration probe against the real simulation (agentcore-contract §9):
 * DescribeUserPool (feature plan, pre-token trigger version) and DescribeUserPoolClient (secret,
 * auth flows, OAuth settings, token lifetimes), signed with the run's credentials, and the
 * AccessDenied / no-credentials / not-found answers.
 */

let sim: Simulation;
const stubs: LocalServer[] = [];
const confidential = {
  clientId: 'confidentialclient0000000a',
  clientName: 'confidential',
  clientSecret: newClientSecret(),
  explicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  allowedOAuthFlows: ['client_credentials'],
  allowedOAuthScopes: ['mcp/invoke'],
  accessTokenValidityHours: 2,
};

/** An AwsAccess with fixed credentials (or none), as createAwsAccess builds from the chain. */
function staticAccess(credentials: AwsCredentialIdentity | undefined): AwsAccess {
  return {
    settings: { region: sim.region, timeoutMs: 5_000 },
    credentials: () => (credentials ? Promise.resolve(credentials) : Promise.reject(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }))),
    tryCredentials: () => Promise.resolve(credentials),
    credentialsError: credentials ? undefined : 'Could not load credentials from any providers',
  };
}

function params(overrides: Partial<Parameters<typeof describeCognito>[1]> = {}): Parameters<typeof describeCognito>[1] {
  return { userPoolId: sim.issuer.userPoolId, clientId: sim.issuer.client.clientId, region: sim.region, endpoint: sim.cognitoUrl, lambdaEndpoint: sim.awsServicesUrl, timeoutMs: 5_000, ...overrides };
}

/** A Cognito API stand-in answering fixed Describe* bodies (shapes the simulation never produces). */
async function cognitoStub(pool: Record<string, unknown>, client: Record<string, unknown>): Promise<LocalServer> {
  const server = await listenLocal((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    const target = String(req.headers['x-amz-target'] ?? '');
    const body = target.endsWith('.DescribeUserPool') ? { UserPool: pool } : { UserPoolClient: client };
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify(body));
  }, { path: '' });
  stubs.push(server);
  return server;
}

beforeAll(async () => {
  sim = await startSimulation({ region: 'ap-southeast-2' });
  sim.issuer.addClient(confidential);
});

afterEach(() => {
  sim.knobs.denyCognitoDescribe = false;
  sim.issuer.setPreTokenHook(undefined);
});

afterAll(async () => {
  await Promise.all(stubs.map((server) => server.stop()));
  await sim.stop();
});

describe('parseCognitoDiscoveryUrl', () => {
  it.each([
    ['https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEfGhI/.well-known/openid-configuration', { region: 'us-east-1', userPoolId: 'us-east-1_AbCdEfGhI' }],
    ['https://issuer-cognito-idp.eu-west-2.amazonaws.com/eu-west-2_Xy12Zw34Q/.well-known/openid-configuration', { region: 'eu-west-2', userPoolId: 'eu-west-2_Xy12Zw34Q' }],
    ['https://cognito-idp.us-gov-west-1.amazonaws.com/us-gov-west-1_AbCdEfGhI/.well-known/openid-configuration', { region: 'us-gov-west-1', userPoolId: 'us-gov-west-1_AbCdEfGhI' }],
    ['http://127.0.0.1:4599/ap-southeast-2_Q1w2E3r4T/.well-known/openid-configuration', { region: 'ap-southeast-2', userPoolId: 'ap-southeast-2_Q1w2E3r4T' }],
  ])('reads %s', (url, expected) => {
    expect(parseCognitoDiscoveryUrl(url)).toEqual(expected);
  });

  it("reads the simulation's discovery URL", () => {
    expect(parseCognitoDiscoveryUrl(sim.issuer.discoveryUrl)).toEqual({ region: 'ap-southeast-2', userPoolId: sim.issuer.userPoolId });
  });

  it.each([
    'https://dev-123456.okta.com/oauth2/default/.well-known/openid-configuration',
    'https://login.microsoftonline.com/tenant/v2.0/.well-known/openid-configuration',
    'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEfGhI/.well-known/jwks.json',
    'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEfGhI/.well-known/openid-configuration/',
    'https://cognito-idp.us-east-1.amazonaws.com/prefix/us-east-1_AbCdEfGhI/.well-known/openid-configuration',
    'https://cognito-idp.us-east-1.amazonaws.com/AbCdEfGhI/.well-known/openid-configuration',
    'ftp://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEfGhI/.well-known/openid-configuration',
    'not a url',
  ])('rejects %s', (url) => {
    expect(parseCognitoDiscoveryUrl(url)).toBeUndefined();
  });
});

describe('describeCognito', () => {
  it('describes the pool and the default client: no trigger, public client, one-hour tokens', async () => {
    const before = sim.requests.length;
    const observation = await describeCognito(staticAccess(sim.credentials), params());
    expect(observation).toEqual({
      userPoolId: sim.issuer.userPoolId,
      clientId: sim.issuer.client.clientId,
      calls: 2,
      pool: { tier: 'ESSENTIALS' },
      client: {
        hasSecret: false,
        explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        allowedOAuthFlows: [],
        allowedOAuthScopes: [],
        accessTokenValiditySeconds: 3600,
        idTokenValiditySeconds: 3600,
      },
    });
    const calls = sim.requests.slice(before);
    expect(calls.map((r) => r.headers['x-amz-target']).sort()).toEqual(['AWSCognitoIdentityProviderService.DescribeUserPool', 'AWSCognitoIdentityProviderService.DescribeUserPoolClient']);
    for (const call of calls) expect(call.headers.authorization).toBe('AWS4-HMAC-SHA256 ***');
  });

  it('reads a confidential client without keeping its secret', async () => {
    const observation = await describeCognito(staticAccess(sim.credentials), params({ clientId: confidential.clientId }));
    expect(observation.client).toEqual({
      hasSecret: true,
      explicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      allowedOAuthFlows: ['client_credentials'],
      allowedOAuthScopes: ['mcp/invoke'],
      accessTokenValiditySeconds: 7200,
      idTokenValiditySeconds: 7200,
    });
    expect(JSON.stringify(observation)).not.toContain(confidential.clientSecret);
  });

  it.each(['V1_0', 'V2_0'] as const)('reads a %s pre-token-generation trigger', async (version) => {
    sim.issuer.setPreTokenHook({ version, claimsToAddOrOverride: { client_id: sim.issuer.client.clientId } });
    const observation = await describeCognito(staticAccess(sim.credentials), params());
    expect(observation.pool?.preTokenGeneration).toEqual({ version, lambdaArn: expect.stringMatching(/^arn:aws:lambda:ap-southeast-2:123456789012:function:/) as string, functionState: 'present' });
    expect(observation.calls).toBe(3);
  });

  it('reads a trigger whose function was deleted as absent (a dangling trigger)', async () => {
    const lambdaArn = 'arn:aws:lambda:ap-southeast-2:123456789012:function:deleted-pre-token';
    sim.issuer.setPreTokenHook({ version: 'V2_0', claimsToAddOrOverride: {}, lambdaArn });
    const observation = await describeCognito(staticAccess(sim.credentials), params());
    expect(observation.pool?.preTokenGeneration).toEqual({ version: 'V2_0', lambdaArn, functionState: 'absent' });
  });

  it('reads a denied GetFunction as unknown, naming lambda:GetFunction', async () => {
    sim.issuer.setPreTokenHook({ version: 'V2_0', claimsToAddOrOverride: {} });
    sim.resources.deniedActions.push('lambda:GetFunction');
    try {
      const observation = await describeCognito(staticAccess(sim.credentials), params());
      expect(observation.pool?.preTokenGeneration?.functionState).toBe('unknown');
      expect(observation.pool?.preTokenGeneration?.functionError).toMatchObject({ kind: 'access-denied', permission: 'lambda:GetFunction' });
    } finally {
      sim.resources.deniedActions.length = 0;
    }
  });

  it('describes only the pool without a client id', async () => {
    const observation = await describeCognito(staticAccess(sim.credentials), params({ clientId: undefined }));
    expect(observation.calls).toBe(1);
    expect(observation.pool).toBeDefined();
    expect(observation.client).toBeUndefined();
    expect(observation.clientError).toBeUndefined();
    expect('clientId' in observation).toBe(false);
  });

  it('reads AccessDeniedException into both errors, with the IAM action', async () => {
    sim.knobs.denyCognitoDescribe = true;
    const observation = await describeCognito(staticAccess(sim.credentials), params());
    expect(observation.pool).toBeUndefined();
    expect(observation.client).toBeUndefined();
    expect(observation.calls).toBe(2);
    expect(observation.poolError).toMatchObject({ kind: 'access-denied', name: 'AccessDeniedException', permission: 'cognito-idp:DescribeUserPool', httpStatus: 400 });
    expect(observation.poolError?.message).toContain('is not authorized to perform: cognito-idp:DescribeUserPool');
    expect(observation.clientError).toMatchObject({ kind: 'access-denied', name: 'AccessDeniedException', permission: 'cognito-idp:DescribeUserPoolClient' });
  });

  it('reads credentials the service does not know as access denied', async () => {
    const observation = await describeCognito(staticAccess({ accessKeyId: 'AKIAOTHERKEY00000000', secretAccessKey: 'z'.repeat(40) }), params());
    expect(observation.poolError).toMatchObject({ kind: 'access-denied', name: 'UnrecognizedClientException' });
    expect(observation.clientError).toMatchObject({ kind: 'access-denied', name: 'UnrecognizedClientException' });
  });

  it('makes no call without credentials', async () => {
    const before = sim.requests.length;
    const observation = await describeCognito(staticAccess(undefined), params());
    expect(observation).toEqual({
      userPoolId: sim.issuer.userPoolId,
      clientId: sim.issuer.client.clientId,
      calls: 0,
      poolError: { kind: 'no-credentials', name: 'CredentialsProviderError', message: 'Could not load credentials from any providers', permission: 'cognito-idp:DescribeUserPool' },
      clientError: { kind: 'no-credentials', name: 'CredentialsProviderError', message: 'Could not load credentials from any providers', permission: 'cognito-idp:DescribeUserPoolClient' },
    });
    expect(sim.requests.length).toBe(before);
  });

  it('reads an unknown pool or client as not found', async () => {
    const pool = await describeCognito(staticAccess(sim.credentials), params({ userPoolId: 'ap-southeast-2_nothere00' }));
    expect(pool.poolError).toMatchObject({ kind: 'not-found', name: 'ResourceNotFoundException' });
    const client = await describeCognito(staticAccess(sim.credentials), params({ clientId: 'nosuchclient00000000000000' }));
    expect(client.pool).toBeDefined();
    expect(client.clientError).toMatchObject({ kind: 'not-found', name: 'ResourceNotFoundException', permission: 'cognito-idp:DescribeUserPoolClient' });
  });

  it('reads a refused connection as a network failure', async () => {
    const closed = await listenLocal(() => undefined, { path: '' });
    await closed.stop();
    const observation = await describeCognito(staticAccess(sim.credentials), params({ endpoint: closed.origin }));
    expect(observation.poolError?.kind).toBe('network');
    expect(observation.clientError?.kind).toBe('network');
  });
});

describe('describeCognito on shapes the simulation does not produce', () => {
  const lambdaArn = 'arn:aws:lambda:ap-southeast-2:123456789012:function:pre-token';

  it('reads the legacy PreTokenGeneration ARN alone as V1_0, and validity without units as hours', async () => {
    const stub = await cognitoStub(
      { Id: 'ap-southeast-2_Legacy000', UserPoolTier: 'LITE', LambdaConfig: { PreTokenGeneration: lambdaArn } },
      { ClientId: 'legacyclient00000000000000', AccessTokenValidity: 3, IdTokenValidity: 1, ExplicitAuthFlows: ['ADMIN_NO_SRP_AUTH'] },
    );
    const observation = await describeCognito(staticAccess(sim.credentials), params({ endpoint: stub.origin, userPoolId: 'ap-southeast-2_Legacy000', clientId: 'legacyclient00000000000000' }));
    expect(observation.pool).toEqual({ tier: 'LITE', preTokenGeneration: { version: 'V1_0', lambdaArn, functionState: 'absent' } });
    expect(observation.client).toEqual({ hasSecret: false, explicitAuthFlows: ['ADMIN_NO_SRP_AUTH'], allowedOAuthFlows: [], allowedOAuthScopes: [], accessTokenValiditySeconds: 10_800, idTokenValiditySeconds: 3_600 });
  });

  it('reads a V3_0 trigger and converts minutes and days', async () => {
    const stub = await cognitoStub(
      { Id: 'ap-southeast-2_Plus00000', UserPoolTier: 'PLUS', LambdaConfig: { PreTokenGeneration: lambdaArn, PreTokenGenerationConfig: { LambdaVersion: 'V3_0', LambdaArn: lambdaArn } } },
      { ClientId: 'plusclient0000000000000000', ClientSecret: 'shh', AccessTokenValidity: 5, IdTokenValidity: 1, TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'days' } },
    );
    const observation = await describeCognito(staticAccess(sim.credentials), params({ endpoint: stub.origin, userPoolId: 'ap-southeast-2_Plus00000', clientId: 'plusclient0000000000000000' }));
    expect(observation.pool).toEqual({ tier: 'PLUS', preTokenGeneration: { version: 'V3_0', lambdaArn, functionState: 'absent' } });
    expect(observation.client).toMatchObject({ hasSecret: true, accessTokenValiditySeconds: 300, idTokenValiditySeconds: 86_400 });
    expect(observation.client).not.toHaveProperty('refreshTokenValiditySeconds');
  });

  it('leaves validity out when Cognito does not report it', async () => {
    const stub = await cognitoStub({ Id: 'ap-southeast-2_Bare00000', LambdaConfig: {} }, { ClientId: 'bareclient0000000000000000' });
    const observation = await describeCognito(staticAccess(sim.credentials), params({ endpoint: stub.origin, userPoolId: 'ap-southeast-2_Bare00000', clientId: 'bareclient0000000000000000' }));
    expect(observation.pool).toEqual({});
    expect(observation.client).toEqual({ hasSecret: false, explicitAuthFlows: [], allowedOAuthFlows: [], allowedOAuthScopes: [] });
  });
});
