import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireToken } from '../../src/probes/auth/acquire-token.js';
import type { TokenAcquisition, TokenRequest } from '../../src/model/observations.js';
import { listenLocal, type LocalServer } from '../../src/sim/listen.js';
import { newClientSecret } from '../../src/sim/issuer.js';
import { startSimulation } from '../../src/sim/start-simulation.js';
import type { Simulation } from '../../src/sim/types.js';

/**
 * Token acquisition against the real simulation (agentcore-contract §4.3, §9): Cognito InitiateAuth
 * USER_PASSWORD_AUTH (access and ID tokens, SECRET_HASH, the failure codes) and the OAuth2
 * client_credentials grant, and that no failure ever carries the password or the client secret.
 */

let sim: Simulation;
const stubs: LocalServer[] = [];
const PASSWORD = 'Tr0ub4dor&3-horse';
const OPTIONS = { timeoutMs: 5_000 };
const confidential = { clientId: 'confidentialclient0000000a', clientName: 'confidential', clientSecret: newClientSecret() };
const srpOnly = { clientId: 'srponlyclient0000000000000', clientName: 'srp-only', explicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] };
const legacy = { clientId: 'legacyclient00000000000000', clientName: 'legacy', preventUserExistenceErrors: false };
const m2m = { clientId: 'machineclient0000000000000a', clientName: 'm2m', clientSecret: newClientSecret(), allowedOAuthFlows: ['client_credentials'], allowedOAuthScopes: ['mcp/invoke', 'mcp/read'] };
const codeOnly = { clientId: 'codeflowclient000000000000', clientName: 'code-only', clientSecret: newClientSecret(), allowedOAuthFlows: ['code'], allowedOAuthScopes: ['openid'] };

/** Every failure seen, to check in one place that none holds a secret. */
const failures: TokenAcquisition[] = [];

function passwordRequest(overrides: Partial<Extract<TokenRequest, { kind: 'cognito-password' }>> = {}): TokenRequest {
  return { kind: 'cognito-password', clientId: sim.issuer.client.clientId, username: 'alice', password: PASSWORD, region: sim.region, endpoint: sim.cognitoUrl, ...overrides };
}

function credentialsRequest(overrides: Partial<Extract<TokenRequest, { kind: 'client-credentials' }>> = {}): TokenRequest {
  return { kind: 'client-credentials', tokenUrl: sim.tokenEndpoint ?? '', clientId: m2m.clientId, clientSecret: m2m.clientSecret, ...overrides };
}

async function acquire(request: TokenRequest, options: { timeoutMs: number; signal?: AbortSignal } = OPTIONS): Promise<TokenAcquisition> {
  const result = await acquireToken(request, options);
  if (!result.ok) failures.push(result);
  return result;
}

function ok(result: TokenAcquisition): Extract<TokenAcquisition, { ok: true }> {
  if (!result.ok) throw new Error(`expected a token, got ${result.code} ${result.errorName}: ${result.message}`);
  return result;
}

async function stub(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<LocalServer> {
  const server = await listenLocal(handler, { path: '/oauth2/token' });
  stubs.push(server);
  return server;
}

/** A loopback URL nothing listens on. */
async function closedUrl(path: string): Promise<string> {
  const server = await listenLocal(() => undefined, { path });
  await server.stop();
  return server.url;
}

beforeAll(async () => {
  sim = await startSimulation({ region: 'eu-west-1' });
  sim.issuer.addUser('alice', PASSWORD);
  for (const client of [confidential, srpOnly, legacy, m2m, codeOnly]) sim.issuer.addClient(client);
});

afterAll(async () => {
  await Promise.all(stubs.map((server) => server.stop()));
  await sim.stop();
});

describe('cognito-password', () => {
  it('returns the access token by default, without AWS credentials (InitiateAuth is unsigned)', async () => {
    const before = sim.requests.length;
    const result = ok(await acquire(passwordRequest()));
    expect(result).toMatchObject({ tokenUse: 'access', source: 'cognito-password', expiresIn: 3600 });
    expect(decodeJwt(result.token)).toMatchObject({ token_use: 'access', client_id: sim.issuer.client.clientId, username: 'alice' });
    const calls = sim.requests.slice(before).filter((r) => r.service === 'cognito');
    expect(calls).toHaveLength(1);
    expect(calls[0]?.headers['x-amz-target']).toBe('AWSCognitoIdentityProviderService.InitiateAuth');
    expect(calls[0]?.headers.authorization).toBeUndefined();
  });

  it('returns the ID token with useIdToken', async () => {
    const result = ok(await acquire(passwordRequest({ useIdToken: true })));
    expect(result.tokenUse).toBe('id');
    const claims = decodeJwt(result.token);
    expect(claims).toMatchObject({ token_use: 'id', aud: sim.issuer.client.clientId, 'cognito:username': 'alice' });
    expect(claims.client_id).toBeUndefined();
  });

  it('sends SECRET_HASH for a confidential client, for both token types', async () => {
    const access = ok(await acquire(passwordRequest({ clientId: confidential.clientId, clientSecret: confidential.clientSecret })));
    expect(decodeJwt(access.token)).toMatchObject({ token_use: 'access', client_id: confidential.clientId });
    const id = ok(await acquire(passwordRequest({ clientId: confidential.clientId, clientSecret: confidential.clientSecret, useIdToken: true })));
    expect(decodeJwt(id.token)).toMatchObject({ token_use: 'id', aud: confidential.clientId });
  });

  it('reads USER_PASSWORD_AUTH_DISABLED from a client without ALLOW_USER_PASSWORD_AUTH', async () => {
    expect(await acquire(passwordRequest({ clientId: srpOnly.clientId }))).toEqual({
      ok: false,
      code: 'USER_PASSWORD_AUTH_DISABLED',
      errorName: 'InvalidParameterException',
      message: 'USER_PASSWORD_AUTH flow not enabled for this client',
    });
  });

  it('reads CLIENT_SECRET_HASH_REQUIRED from a confidential client without, or with a wrong, secret', async () => {
    expect(await acquire(passwordRequest({ clientId: confidential.clientId }))).toMatchObject({
      ok: false,
      code: 'CLIENT_SECRET_HASH_REQUIRED',
      errorName: 'NotAuthorizedException',
      message: `Client ${confidential.clientId} is configured with secret but SECRET_HASH was not received`,
    });
    expect(await acquire(passwordRequest({ clientId: confidential.clientId, clientSecret: newClientSecret() }))).toMatchObject({
      ok: false,
      code: 'CLIENT_SECRET_HASH_REQUIRED',
      errorName: 'NotAuthorizedException',
      message: `Unable to verify secret hash for client ${confidential.clientId}`,
    });
  });

  it.each([
    ['a wrong password', () => passwordRequest({ password: 'not-the-password' }), 'NotAuthorizedException', 'Incorrect username or password.'],
    ['an unknown user', () => passwordRequest({ username: 'mallory' }), 'NotAuthorizedException', 'Incorrect username or password.'],
    ['an unknown user on a LEGACY client', () => passwordRequest({ clientId: legacy.clientId, username: 'mallory' }), 'UserNotFoundException', 'User does not exist.'],
    ['an unknown client', () => passwordRequest({ clientId: 'nosuchclient00000000000000' }), 'ResourceNotFoundException', 'User pool client nosuchclient00000000000000 does not exist.'],
  ])('reads COGNITO_AUTH_FAILED from %s, with the Cognito error name', async (_label, request, errorName, message) => {
    expect(await acquire(request())).toEqual({ ok: false, code: 'COGNITO_AUTH_FAILED', errorName, message });
  });

  it('reads COGNITO_AUTH_FAILED from a refused connection', async () => {
    const endpoint = await closedUrl('');
    const result = await acquire(passwordRequest({ endpoint }));
    expect(result).toMatchObject({ ok: false, code: 'COGNITO_AUTH_FAILED', errorName: 'ECONNREFUSED' });
  });

  it('gives up at the deadline when Cognito does not answer', async () => {
    const silent = await listenLocal(() => undefined, { path: '' });
    stubs.push(silent);
    // TimeoutError proves the 300 ms deadline fired; a hang would hit the test's timeout.
    const result = await acquire(passwordRequest({ endpoint: silent.origin }), { timeoutMs: 300 });
    expect(result).toMatchObject({ ok: false, code: 'COGNITO_AUTH_FAILED', errorName: 'TimeoutError' });
  });

  it('stops when the caller aborts', async () => {
    const result = await acquire(passwordRequest(), { timeoutMs: 5_000, signal: AbortSignal.abort() });
    expect(result).toMatchObject({ ok: false, code: 'COGNITO_AUTH_FAILED', errorName: 'AbortError' });
  });
});

describe('client-credentials', () => {
  it('returns an M2M access token with every allowed scope by default', async () => {
    const result = ok(await acquire(credentialsRequest()));
    expect(result).toMatchObject({ tokenUse: 'access', source: 'client-credentials', expiresIn: 3600 });
    const claims = decodeJwt(result.token);
    expect(claims).toMatchObject({ client_id: m2m.clientId, token_use: 'access', scope: 'mcp/invoke mcp/read' });
    expect(claims.username).toBeUndefined();
  });

  it('asks for the given scope and authenticates with HTTP Basic', async () => {
    const before = sim.requests.length;
    const result = ok(await acquire(credentialsRequest({ scope: 'mcp/read' })));
    expect(decodeJwt(result.token).scope).toBe('mcp/read');
    const logged = sim.requests.slice(before).find((r) => r.path === '/oauth2/token');
    expect(logged).toMatchObject({ method: 'POST', headers: { authorization: 'Basic ***', 'content-type': 'application/x-www-form-urlencoded' } });
  });

  it.each([
    ['a wrong secret', () => credentialsRequest({ clientSecret: 'definitely-not-the-secret' }), 'invalid_client', 401],
    ['a client without client_credentials', () => credentialsRequest({ clientId: codeOnly.clientId, clientSecret: codeOnly.clientSecret }), 'unauthorized_client', 400],
    ['a scope the client is not allowed', () => credentialsRequest({ scope: 'admin/all' }), 'invalid_scope', 400],
  ])('reads COGNITO_AUTH_FAILED from %s, named by the OAuth error', async (_label, request, error, status) => {
    const result = await acquire(request());
    expect(result).toMatchObject({ ok: false, code: 'COGNITO_AUTH_FAILED', errorName: error });
    expect(result.ok ? '' : result.message).toContain(`HTTP ${status} ${error}`);
  });

  it('never follows a redirect', async () => {
    let followed = false;
    const target = await stub((req, res) => {
      followed = true;
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"access_token":"stolen"}');
    });
    const redirector = await stub((req, res) => {
      req.resume();
      res.writeHead(307, { location: target.url }).end();
    });
    const result = await acquire(credentialsRequest({ tokenUrl: redirector.url }));
    expect(result).toMatchObject({ ok: false, code: 'COGNITO_AUTH_FAILED', errorName: 'HTTP_307' });
    expect(followed).toBe(false);
  });

  it('refuses a response over 64 KiB', async () => {
    const big = await stub((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: 'x'.repeat(70 * 1024) }));
    });
    expect(await acquire(credentialsRequest({ tokenUrl: big.url }))).toMatchObject({ ok: false, code: 'COGNITO_AUTH_FAILED', errorName: 'ResponseTooLarge' });
  });

  it('reads a 2xx without access_token, and a 5xx without an OAuth error', async () => {
    const empty = await stub((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"token_type":"Bearer"}');
    });
    expect(await acquire(credentialsRequest({ tokenUrl: empty.url }))).toMatchObject({ ok: false, errorName: 'InvalidTokenResponse' });
    const broken = await stub((req, res) => {
      req.resume();
      res.writeHead(502, { 'content-type': 'text/html' }).end('<html>Bad Gateway</html>');
    });
    expect(await acquire(credentialsRequest({ tokenUrl: broken.url }))).toMatchObject({ ok: false, errorName: 'HTTP_502' });
  });

  it('keeps the secret out of a message even when the server echoes it', async () => {
    const echo = await stub((req, res) => {
      req.resume();
      const credentials = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString('utf8');
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'invalid_client', error_description: `bad credentials ${credentials} (${req.headers.authorization})` }));
    });
    const result = await acquire(credentialsRequest({ tokenUrl: echo.url }));
    expect(result).toMatchObject({ ok: false, errorName: 'invalid_client' });
    expect(result.ok ? '' : result.message).toContain('[REDACTED]');
  });

  it('refuses plain http to a non-loopback host before any request', async () => {
    expect(await acquire(credentialsRequest({ tokenUrl: 'http://auth.example.com/oauth2/token' }))).toMatchObject({ ok: false, errorName: 'InsecureTokenUrl' });
    expect(await acquire(credentialsRequest({ tokenUrl: 'not a url' }))).toMatchObject({ ok: false, errorName: 'InvalidTokenUrl' });
  });

  it('reads a refused connection', async () => {
    expect(await acquire(credentialsRequest({ tokenUrl: await closedUrl('/oauth2/token') }))).toMatchObject({ ok: false, code: 'COGNITO_AUTH_FAILED', errorName: 'ECONNREFUSED' });
  });

  it('gives up at the deadline when the endpoint does not answer', async () => {
    const silent = await stub(() => undefined);
    expect(await acquire(credentialsRequest({ tokenUrl: silent.url }), { timeoutMs: 300 })).toMatchObject({ ok: false, code: 'COGNITO_AUTH_FAILED', errorName: 'TIMEOUT' });
  });
});

describe('secrets', () => {
  it('never puts the password, the client secret or a SECRET_HASH into a failure', () => {
    expect(failures.length).toBeGreaterThan(15);
    const text = JSON.stringify(failures);
    for (const secret of [PASSWORD, 'not-the-password', confidential.clientSecret, m2m.clientSecret, codeOnly.clientSecret, 'definitely-not-the-secret']) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(Buffer.from(secret).toString('base64').slice(0, 12));
    }
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
  });
});
