import {
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { computeSecretHash } from '../../src/sim/cognito.js';
import { newClientSecret } from '../../src/sim/issuer.js';
import { startSimulation } from '../../src/sim/start-simulation.js';
import type { Simulation } from '../../src/sim/types.js';
import { call, createTestAgent } from './helpers.js';

/**
 * Cognito and its issuer (agentcore-contract §9) through the real
 * `@aws-sdk/client-cognito-identity-provider` client: InitiateAuth (USER_PASSWORD_AUTH),
 * DescribeUserPool, DescribeUserPoolClient, their errors, the OIDC documents and token shapes.
 */

let sim: Simulation;
let client: CognitoIdentityProviderClient;
const agent = createTestAgent();
const PASSWORD = 'Correct-Horse-9';
const secretClient = { clientId: 'confidentialclient00000000a', clientName: 'confidential', clientSecret: newClientSecret() };

async function failure(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await promise;
  } catch (error) {
    return { name: (error as Error).name, message: (error as Error).message, status: (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode };
  }
  return { name: 'no error', message: '' };
}

function passwordAuth(clientId: string, username: string, password: string, secretHash?: string): InitiateAuthCommand {
  return new InitiateAuthCommand({
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: clientId,
    AuthParameters: { USERNAME: username, PASSWORD: password, ...(secretHash ? { SECRET_HASH: secretHash } : {}) },
  });
}

beforeAll(async () => {
  sim = await startSimulation({ region: 'eu-west-1' });
  client = new CognitoIdentityProviderClient({ region: sim.region, endpoint: sim.cognitoUrl, credentials: sim.credentials, maxAttempts: 1 });
  sim.issuer.addUser('alice', PASSWORD);
  sim.issuer.addClient(secretClient);
  sim.issuer.addClient({ clientId: 'srponlyclient0000000000000', clientName: 'srp-only', explicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
});

afterEach(() => {
  sim.knobs.denyCognitoDescribe = false;
  sim.issuer.setPreTokenHook(undefined);
});

afterAll(async () => {
  client.destroy();
  await sim.stop();
  await agent.close();
});

describe('OIDC documents', () => {
  it('serves discovery and an RS256 JWKS with kids under the pool path', async () => {
    expect(sim.issuer.userPoolId).toMatch(/^eu-west-1_[A-Za-z0-9]{9}$/);
    expect(sim.issuer.issuerUrl).toBe(`${sim.cognitoUrl}/${sim.issuer.userPoolId}`);
    const discovery = await call(agent, sim.issuer.discoveryUrl, { method: 'GET' });
    expect(discovery.status).toBe(200);
    expect(discovery.json).toMatchObject({ issuer: sim.issuer.issuerUrl, jwks_uri: sim.issuer.jwksUrl, id_token_signing_alg_values_supported: ['RS256'] });
    const jwks = (await call(agent, sim.issuer.jwksUrl, { method: 'GET' })).json as { keys: Record<string, string>[] };
    expect(jwks.keys).toHaveLength(2);
    for (const key of jwks.keys) expect(key).toMatchObject({ alg: 'RS256', kty: 'RSA', use: 'sig', kid: expect.any(String) as string });
  });
});

describe('mint', () => {
  it('mints Cognito-shaped access and ID tokens that verify against the JWKS', async () => {
    const jwks = createLocalJWKSet((await call(agent, sim.issuer.jwksUrl, { method: 'GET' })).json as { keys: [] });
    const access = await jwtVerify(await sim.issuer.mint({ username: 'alice', scope: 'openid mcp/invoke' }), jwks);
    expect(Object.keys(access.payload).sort()).toEqual(['auth_time', 'client_id', 'event_id', 'exp', 'iat', 'iss', 'jti', 'origin_jti', 'scope', 'sub', 'token_use', 'username']);
    expect(access.payload).toMatchObject({ client_id: sim.issuer.client.clientId, token_use: 'access', scope: 'openid mcp/invoke', username: 'alice', iss: sim.issuer.issuerUrl });
    expect(access.payload.exp).toBe((access.payload.iat ?? 0) + 3600);

    const id = await jwtVerify(await sim.issuer.mint({ tokenUse: 'id', username: 'alice' }), jwks);
    expect(Object.keys(id.payload).sort()).toEqual(['aud', 'auth_time', 'cognito:username', 'email', 'event_id', 'exp', 'iat', 'iss', 'jti', 'origin_jti', 'sub', 'token_use']);
    expect(id.payload).toMatchObject({ aud: sim.issuer.client.clientId, token_use: 'id', 'cognito:username': 'alice', email: 'alice@example.com' });
    expect(id.payload.sub).toBe(access.payload.sub);
    expect(id.protectedHeader.kid).not.toBe(access.protectedHeader.kid);
  });

  it('mints the variants: expired, not yet valid, wrong issuer, unknown key', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect(decodeJwt(await sim.issuer.mint({ expiresInSeconds: -60 })).exp).toBeLessThan(now);
    const future = decodeJwt(await sim.issuer.mint({ notBeforeOffsetSeconds: 300 }));
    expect(future.nbf).toBeGreaterThan(now);
    expect(decodeJwt(await sim.issuer.mint({ issuer: 'https://elsewhere' })).iss).toBe('https://elsewhere');
    const jwks = (await call(agent, sim.issuer.jwksUrl, { method: 'GET' })).json as { keys: { kid: string }[] };
    const rogueKid = decodeProtectedHeader(await sim.issuer.mint({ unknownKey: true })).kid;
    expect(jwks.keys.map((key) => key.kid)).not.toContain(rogueKid);
  });

  it('applies a V1_0 pre-token hook to ID tokens only and V2_0 to both', async () => {
    sim.issuer.setPreTokenHook({ version: 'V1_0', claimsToAddOrOverride: { tenant: 'acme' } });
    expect(decodeJwt(await sim.issuer.mint({ tokenUse: 'id' })).tenant).toBe('acme');
    expect(decodeJwt(await sim.issuer.mint()).tenant).toBeUndefined();
    sim.issuer.setPreTokenHook({ version: 'V2_0', claimsToAddOrOverride: { tenant: 'acme' } });
    expect(decodeJwt(await sim.issuer.mint({ tokenUse: 'id' })).tenant).toBe('acme');
    expect(decodeJwt(await sim.issuer.mint()).tenant).toBe('acme');
  });
});

describe('InitiateAuth', () => {
  it('returns access, ID and refresh tokens for USER_PASSWORD_AUTH', async () => {
    sim.issuer.setPreTokenHook({ version: 'V1_0', claimsToAddOrOverride: { client_id: sim.issuer.client.clientId } });
    const out = await client.send(passwordAuth(sim.issuer.client.clientId, 'alice', PASSWORD));
    const result = out.AuthenticationResult;
    expect(result?.TokenType).toBe('Bearer');
    expect(result?.ExpiresIn).toBe(3600);
    expect(result?.RefreshToken?.split('.')).toHaveLength(5);
    const access = decodeJwt(result?.AccessToken ?? '');
    const id = decodeJwt(result?.IdToken ?? '');
    expect(access).toMatchObject({ token_use: 'access', username: 'alice', client_id: sim.issuer.client.clientId });
    expect(access.aud).toBeUndefined();
    expect(id).toMatchObject({ token_use: 'id', aud: sim.issuer.client.clientId, 'cognito:username': 'alice', client_id: sim.issuer.client.clientId });
    expect(id.origin_jti).toBe(access.origin_jti);
  });

  it('refuses a client without ALLOW_USER_PASSWORD_AUTH', async () => {
    expect(await failure(client.send(passwordAuth('srponlyclient0000000000000', 'alice', PASSWORD)))).toMatchObject({
      name: 'InvalidParameterException',
      message: 'USER_PASSWORD_AUTH flow not enabled for this client',
      status: 400,
    });
  });

  it('needs a correct SECRET_HASH for a confidential client', async () => {
    expect(await failure(client.send(passwordAuth(secretClient.clientId, 'alice', PASSWORD)))).toMatchObject({
      name: 'NotAuthorizedException',
      message: `Client ${secretClient.clientId} is configured with secret but SECRET_HASH was not received`,
    });
    expect((await failure(client.send(passwordAuth(secretClient.clientId, 'alice', PASSWORD, 'd3Jvbmc=')))).name).toBe('NotAuthorizedException');
    const hash = computeSecretHash(secretClient.clientSecret, 'alice', secretClient.clientId);
    const out = await client.send(passwordAuth(secretClient.clientId, 'alice', PASSWORD, hash));
    expect(decodeJwt(out.AuthenticationResult?.AccessToken ?? '').client_id).toBe(secretClient.clientId);
  });

  it('refuses a wrong password and an unknown user alike, and an unknown client', async () => {
    expect(await failure(client.send(passwordAuth(sim.issuer.client.clientId, 'alice', 'wrong')))).toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    expect(await failure(client.send(passwordAuth(sim.issuer.client.clientId, 'mallory', PASSWORD)))).toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    expect((await failure(client.send(passwordAuth('nosuchclient00000000000000', 'alice', PASSWORD)))).name).toBe('ResourceNotFoundException');
  });

  it('reveals unknown users with UserNotFoundException on a LEGACY client', async () => {
    sim.issuer.addClient({ clientId: 'legacyclient00000000000000', clientName: 'legacy', preventUserExistenceErrors: false });
    expect(await failure(client.send(passwordAuth('legacyclient00000000000000', 'mallory', PASSWORD)))).toMatchObject({ name: 'UserNotFoundException', message: 'User does not exist.' });
    const described = await client.send(new DescribeUserPoolClientCommand({ UserPoolId: sim.issuer.userPoolId, ClientId: 'legacyclient00000000000000' }));
    expect(described.UserPoolClient?.PreventUserExistenceErrors).toBe('LEGACY');
  });
});

describe('DescribeUserPool and DescribeUserPoolClient', () => {
  it('describes the pool, with the pre-token trigger in LambdaConfig', async () => {
    const plain = await client.send(new DescribeUserPoolCommand({ UserPoolId: sim.issuer.userPoolId }));
    expect(plain.UserPool).toMatchObject({ Id: sim.issuer.userPoolId, Arn: `arn:aws:cognito-idp:eu-west-1:123456789012:userpool/${sim.issuer.userPoolId}`, UserPoolTier: 'ESSENTIALS' });
    expect(plain.UserPool?.LambdaConfig?.PreTokenGenerationConfig).toBeUndefined();
    expect(plain.UserPool?.CreationDate).toBeInstanceOf(Date);

    sim.issuer.setPreTokenHook({ version: 'V2_0', claimsToAddOrOverride: { tenant: 'acme' } });
    const hooked = await client.send(new DescribeUserPoolCommand({ UserPoolId: sim.issuer.userPoolId }));
    const lambda = hooked.UserPool?.LambdaConfig;
    expect(lambda?.PreTokenGenerationConfig?.LambdaVersion).toBe('V2_0');
    expect(lambda?.PreTokenGeneration).toBe(lambda?.PreTokenGenerationConfig?.LambdaArn);
  });

  it('describes app clients, with the secret only for a confidential client', async () => {
    const out = await client.send(new DescribeUserPoolClientCommand({ UserPoolId: sim.issuer.userPoolId, ClientId: sim.issuer.client.clientId }));
    expect(out.UserPoolClient).toMatchObject({
      UserPoolId: sim.issuer.userPoolId,
      ClientId: sim.issuer.client.clientId,
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      AccessTokenValidity: 1,
      IdTokenValidity: 1,
      TokenValidityUnits: { AccessToken: 'hours', IdToken: 'hours', RefreshToken: 'days' },
    });
    expect(out.UserPoolClient?.ClientSecret).toBeUndefined();
    const confidential = await client.send(new DescribeUserPoolClientCommand({ UserPoolId: sim.issuer.userPoolId, ClientId: secretClient.clientId }));
    expect(confidential.UserPoolClient?.ClientSecret).toBe(secretClient.clientSecret);
  });

  it('answers ResourceNotFoundException for an unknown pool or client', async () => {
    expect((await failure(client.send(new DescribeUserPoolCommand({ UserPoolId: 'eu-west-1_nothere00' })))).name).toBe('ResourceNotFoundException');
    expect((await failure(client.send(new DescribeUserPoolClientCommand({ UserPoolId: sim.issuer.userPoolId, ClientId: 'nosuchclient00000000000000' })))).name).toBe('ResourceNotFoundException');
  });

  it('answers AccessDeniedException with denyCognitoDescribe, and verifies the signature', async () => {
    sim.knobs.denyCognitoDescribe = true;
    expect((await failure(client.send(new DescribeUserPoolCommand({ UserPoolId: sim.issuer.userPoolId })))).name).toBe('AccessDeniedException');
    expect((await failure(client.send(new DescribeUserPoolClientCommand({ UserPoolId: sim.issuer.userPoolId, ClientId: sim.issuer.client.clientId })))).name).toBe('AccessDeniedException');
    sim.knobs.denyCognitoDescribe = false;

    const stranger = new CognitoIdentityProviderClient({ region: sim.region, endpoint: sim.cognitoUrl, credentials: { accessKeyId: 'AKIAOTHERKEY00000000', secretAccessKey: 'z'.repeat(40) }, maxAttempts: 1 });
    try {
      expect((await failure(stranger.send(new DescribeUserPoolCommand({ UserPoolId: sim.issuer.userPoolId })))).name).toBe('UnrecognizedClientException');
      // InitiateAuth is unauthenticated in AWS: any caller may try a password.
      expect((await stranger.send(passwordAuth(sim.issuer.client.clientId, 'alice', PASSWORD))).AuthenticationResult?.AccessToken).toBeTruthy();
    } finally {
      stranger.destroy();
    }
  });
});
