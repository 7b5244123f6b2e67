import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { newClientSecret } from '../../src/sim/issuer.js';
import { startSimulation } from '../../src/sim/start-simulation.js';
import type { Simulation } from '../../src/sim/types.js';
import { call, createTestAgent, type HttpResult } from './helpers.js';

/**
 * The user-pool domain's OAuth2 token endpoint (`POST /oauth2/token`, client_credentials): client
 * authentication (HTTP Basic or form fields), the flow and scope rules, the M2M token shape
 * (agentcore-contract §9) and the OAuth error bodies.
 */

let sim: Simulation;
const agent = createTestAgent();
const FORM = 'application/x-www-form-urlencoded';
const m2m = { clientId: 'machineclient0000000000000a', clientName: 'm2m', clientSecret: newClientSecret(), allowedOAuthFlows: ['client_credentials'], allowedOAuthScopes: ['mcp/invoke', 'mcp/read'] };
const noFlow = { clientId: 'codeflowclient000000000000', clientName: 'code-only', clientSecret: newClientSecret(), allowedOAuthFlows: ['code'], allowedOAuthScopes: ['openid'] };
const publicClient = { clientId: 'publicclient00000000000000', clientName: 'public', allowedOAuthFlows: ['client_credentials'], allowedOAuthScopes: ['mcp/invoke'] };

function basic(clientId: string, secret: string): string {
  return `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`;
}

function tokenRequest(form: Record<string, string>, headers: Record<string, string> = {}): Promise<HttpResult> {
  return call(agent, sim.tokenEndpoint ?? '', { headers: { 'content-type': FORM, ...headers }, body: new URLSearchParams(form).toString() });
}

beforeAll(async () => {
  sim = await startSimulation({ region: 'eu-central-1' });
  sim.issuer.addClient(m2m);
  sim.issuer.addClient(noFlow);
  sim.issuer.addClient(publicClient);
});

afterEach(() => {
  sim.issuer.setPreTokenHook(undefined);
});

afterAll(async () => {
  await sim.stop();
  await agent.close();
});

describe('POST /oauth2/token', () => {
  it('is published on the simulation, the issuer and the discovery document', async () => {
    expect(sim.tokenEndpoint).toBe(`${sim.cognitoUrl}/oauth2/token`);
    expect(sim.issuer.tokenEndpoint).toBe(sim.tokenEndpoint);
    const discovery = await call(agent, sim.issuer.discoveryUrl, { method: 'GET' });
    expect(discovery.json).toMatchObject({ token_endpoint: sim.tokenEndpoint });
  });

  it('grants an M2M access token to a confidential client over HTTP Basic, with every allowed scope by default', async () => {
    const res = await tokenRequest({ grant_type: 'client_credentials' }, { authorization: basic(m2m.clientId, m2m.clientSecret) });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json as { access_token: string; expires_in: number; token_type: string };
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in', 'token_type']);
    expect(body).toMatchObject({ expires_in: 3600, token_type: 'Bearer' });

    const jwks = createLocalJWKSet((await call(agent, sim.issuer.jwksUrl, { method: 'GET' })).json as { keys: [] });
    const { payload } = await jwtVerify(body.access_token, jwks, { issuer: sim.issuer.issuerUrl });
    expect(Object.keys(payload).sort()).toEqual(['auth_time', 'client_id', 'exp', 'iat', 'iss', 'jti', 'scope', 'sub', 'token_use']);
    expect(payload).toMatchObject({ client_id: m2m.clientId, sub: m2m.clientId, token_use: 'access', scope: 'mcp/invoke mcp/read' });
    expect(payload.exp).toBe((payload.iat ?? 0) + 3600);
  });

  it('accepts client_id and client_secret as form fields, and narrows to the requested scope', async () => {
    const res = await tokenRequest({ grant_type: 'client_credentials', client_id: m2m.clientId, client_secret: m2m.clientSecret, scope: 'mcp/read' });
    expect(res.status).toBe(200);
    const token = (res.json as { access_token: string }).access_token;
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    expect(payload.scope).toBe('mcp/read');
  });

  it('leaves M2M tokens alone with a V2_0 pre-token hook (only V3_0 reaches them)', async () => {
    sim.issuer.setPreTokenHook({ version: 'V2_0', claimsToAddOrOverride: { tenant: 'acme' } });
    const res = await tokenRequest({ grant_type: 'client_credentials' }, { authorization: basic(m2m.clientId, m2m.clientSecret) });
    const token = (res.json as { access_token: string }).access_token;
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    expect(payload.tenant).toBeUndefined();
  });

  it.each([
    ['a wrong secret (Basic)', { grant_type: 'client_credentials' }, () => ({ authorization: basic(m2m.clientId, 'wrong-secret') }), 401, 'invalid_client'],
    ['a wrong secret (form)', () => ({ grant_type: 'client_credentials', client_id: m2m.clientId, client_secret: 'wrong-secret' }), () => ({}), 401, 'invalid_client'],
    ['no client authentication', { grant_type: 'client_credentials' }, () => ({}), 401, 'invalid_client'],
    ['an unknown client', { grant_type: 'client_credentials' }, () => ({ authorization: basic('nosuchclient00000000000000', 'x') }), 401, 'invalid_client'],
    ['a public client', { grant_type: 'client_credentials', client_id: publicClient.clientId, client_secret: '' }, () => ({}), 401, 'invalid_client'],
    ['a client without client_credentials', { grant_type: 'client_credentials' }, () => ({ authorization: basic(noFlow.clientId, noFlow.clientSecret) }), 400, 'unauthorized_client'],
    ['a scope the client is not allowed', { grant_type: 'client_credentials', scope: 'mcp/invoke admin/all' }, () => ({ authorization: basic(m2m.clientId, m2m.clientSecret) }), 400, 'invalid_scope'],
    ['the password grant', { grant_type: 'password', username: 'alice', password: 'x' }, () => ({ authorization: basic(m2m.clientId, m2m.clientSecret) }), 400, 'unsupported_grant_type'],
    ['no grant_type', {}, () => ({ authorization: basic(m2m.clientId, m2m.clientSecret) }), 400, 'unsupported_grant_type'],
  ] as const)('refuses %s', async (_label, form, headers, status, error) => {
    const res = await tokenRequest(typeof form === 'function' ? form() : form, headers());
    expect(res.status).toBe(status);
    expect(res.json).toEqual({ error });
  });

  it('names the Basic scheme on a 401 after Basic authentication', async () => {
    const res = await tokenRequest({ grant_type: 'client_credentials' }, { authorization: basic(m2m.clientId, 'wrong-secret') });
    expect(res.headers['www-authenticate']).toMatch(/^Basic /);
  });

  it('answers invalid_request to a JSON body and 405 to GET', async () => {
    const json = await call(agent, sim.tokenEndpoint ?? '', { headers: { 'content-type': 'application/json', authorization: basic(m2m.clientId, m2m.clientSecret) }, body: '{"grant_type":"client_credentials"}' });
    expect(json.status).toBe(400);
    expect(json.json).toEqual({ error: 'invalid_request' });
    const get = await call(agent, sim.tokenEndpoint ?? '', { method: 'GET' });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
  });

  it('logs the request with the Basic credentials masked', async () => {
    await tokenRequest({ grant_type: 'client_credentials' }, { authorization: basic(m2m.clientId, m2m.clientSecret) });
    const logged = sim.requests.filter((r) => r.path === '/oauth2/token').at(-1);
    expect(logged?.headers.authorization).toBe('Basic ***');
    expect(JSON.stringify(sim.requests)).not.toContain(m2m.clientSecret);
  });
});
