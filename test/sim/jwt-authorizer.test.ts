import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStatelessApp } from '../../src/sim/containers/mcp-app.js';
import { customClaimMatches, evaluateJwtAuthorizer } from '../../src/sim/jwt-authorizer.js';
import { listenLocal, type LocalServer } from '../../src/sim/listen.js';
import { startSimulation } from '../../src/sim/start-simulation.js';
import type { CustomJwtAuthorizer, SimRuntime, Simulation } from '../../src/sim/types.js';
import { call, createTestAgent, header, invoke } from './helpers.js';

/**
 * The inbound JWT authorizer through the front door (agentcore-contract §4.2, §5): every refusal
 * with its exact status and body, the protected resource metadata, and the pure claim stage.
 */

let sim: Simulation;
let container: LocalServer;
const agent = createTestAgent();
let counter = 0;

function runtime(authorizer: CustomJwtAuthorizer = {}): SimRuntime {
  counter += 1;
  return sim.addRuntime({ name: `jwt_runtime_${counter}`, containerUrl: container.url, customJWTAuthorizer: authorizer });
}

const unauthorized = (message: string): unknown => ({ jsonrpc: '2.0', error: { code: -32001, message } });
const claimMismatch = (claim: string): unknown => unauthorized(`Claim '${claim}' value mismatch with configuration.`);

beforeAll(async () => {
  sim = await startSimulation();
  container = await listenLocal(createStatelessApp());
});

afterAll(async () => {
  await sim.stop();
  await container.stop();
  await agent.close();
});

describe('missing and unusable tokens', () => {
  it.each([['no Authorization header', undefined], ['Bearer undefined', 'Bearer undefined'], ['Bearer null', 'Bearer null'], ['an empty bearer', 'Bearer ']])(
    'answers 401 Missing Authentication Token with WWW-Authenticate for %s',
    async (_label, authorization) => {
      const target = runtime();
      const result = await invoke(agent, target.invocationUrl, authorization === undefined ? {} : { authorization });
      expect(result.status).toBe(401);
      expect(result.json).toEqual(unauthorized('Missing Authentication Token'));
      expect(result.text).toBe('{"jsonrpc":"2.0","error":{"code":-32001,"message":"Missing Authentication Token"}}');
      expect(header(result, 'www-authenticate')).toBe(
        `Bearer resource_metadata="${sim.dataPlaneUrl}/runtimes/${encodeURIComponent(target.arn)}/invocations/.well-known/oauth-protected-resource?qualifier=DEFAULT"`,
      );
    },
  );

  it('writes "id":"null" into the 401 body with missingTokenId', async () => {
    sim.knobs.missingTokenId = 'string-null';
    try {
      const result = await invoke(agent, runtime().invocationUrl);
      expect(result.text).toBe('{"jsonrpc":"2.0","id":"null","error":{"code":-32001,"message":"Missing Authentication Token"}}');
    } finally {
      delete sim.knobs.missingTokenId;
    }
  });

  it('answers 403 Failed to parse token for a non-JWT bearer', async () => {
    const result = await invoke(agent, runtime().invocationUrl, { authorization: 'Bearer not.a.token' });
    expect(result.status).toBe(403);
    expect(result.text).toBe('{"message":"OAuth authorization failed: Failed to parse token"}');
  });

  it('answers 403 Failed to verify token signature for a key outside the JWKS and for a forged signature', async () => {
    const target = runtime();
    const rogue = await invoke(agent, target.invocationUrl, { authorization: `Bearer ${await sim.issuer.mint({ unknownKey: true })}` });
    expect(rogue.status).toBe(403);
    expect(rogue.json).toEqual({ message: 'OAuth authorization failed: Failed to verify token signature' });

    const [head, payload] = (await sim.issuer.mint()).split('.');
    const forged = `${head}.${payload}.${Buffer.from('forged').toString('base64url')}`;
    const result = await invoke(agent, target.invocationUrl, { authorization: `Bearer ${forged}` });
    expect(result.status).toBe(403);
    expect(result.json).toEqual({ message: 'OAuth authorization failed: Failed to verify token signature' });
  });

  it('answers the signature refusal when the discovery document cannot be fetched', async () => {
    const target = runtime({ discoveryUrl: 'http://127.0.0.1:1/pool/.well-known/openid-configuration', allowedClients: [sim.issuer.client.clientId] });
    const result = await invoke(agent, target.invocationUrl, { authorization: `Bearer ${await sim.issuer.mint()}` });
    expect(result.status).toBe(403);
    expect(result.json).toEqual({ message: 'OAuth authorization failed: Failed to verify token signature' });
  });
});

describe('token lifetime', () => {
  it('refuses an expired token with 403 by default and 401 with expiredStatus', async () => {
    const target = runtime();
    const expired = await sim.issuer.mint({ expiresInSeconds: -30 });
    const result = await invoke(agent, target.invocationUrl, { authorization: `Bearer ${expired}` });
    expect(result.status).toBe(403);
    expect(result.text).toBe('{"message":"OAuth authorization failed: Token has expired"}');
    sim.knobs.expiredStatus = 401;
    try {
      const knobbed = await invoke(agent, target.invocationUrl, { authorization: `Bearer ${expired}` });
      expect(knobbed.status).toBe(401);
      expect(knobbed.json).toEqual({ message: 'OAuth authorization failed: Token has expired' });
    } finally {
      delete sim.knobs.expiredStatus;
    }
  });

  it('refuses a token expiring within the next minute, 403 by default and 401 with nearExpiryStatus', async () => {
    const target = runtime();
    const nearly = await sim.issuer.mint({ expiresInSeconds: 30 });
    const result = await invoke(agent, target.invocationUrl, { authorization: `Bearer ${nearly}` });
    expect(result.status).toBe(403);
    expect(result.text).toBe('{"message":"OAuth authorization failed: Ineffectual token, will expire within the next minute"}');
    sim.knobs.nearExpiryStatus = 401;
    try {
      expect((await invoke(agent, target.invocationUrl, { authorization: `Bearer ${nearly}` })).status).toBe(401);
    } finally {
      delete sim.knobs.nearExpiryStatus;
    }
    // Two minutes left is fine.
    expect((await invoke(agent, target.invocationUrl, { authorization: `Bearer ${await sim.issuer.mint({ expiresInSeconds: 120 })}` })).status).toBe(200);
  });

  it('refuses a token that is not valid yet', async () => {
    const result = await invoke(agent, runtime().invocationUrl, { authorization: `Bearer ${await sim.issuer.mint({ notBeforeOffsetSeconds: 600 })}` });
    expect(result.status).toBe(403);
    expect(result.json).toEqual({ message: 'OAuth authorization failed: Token is not yet valid' });
  });
});

describe('claims', () => {
  it('accepts the Cognito access token with allowedClients (the AWS sample setup)', async () => {
    const result = await invoke(agent, runtime({ allowedClients: [sim.issuer.client.clientId] }).invocationUrl, { authorization: `Bearer ${await sim.issuer.mint()}` });
    expect(result.status).toBe(200);
  });

  it('refuses another issuer with 401 iss', async () => {
    const token = await sim.issuer.mint({ issuer: 'http://127.0.0.1:9/us-east-1_Other' });
    const result = await invoke(agent, runtime().invocationUrl, { authorization: `Bearer ${token}` });
    expect(result.status).toBe(401);
    expect(result.json).toEqual(claimMismatch('iss'));
    expect(header(result, 'www-authenticate')).toMatch(/^Bearer resource_metadata="/);
  });

  it('refuses an ID token against allowedClients with 401 client_id, and an unknown client', async () => {
    const target = runtime({ allowedClients: [sim.issuer.client.clientId] });
    const id = await invoke(agent, target.invocationUrl, { authorization: `Bearer ${await sim.issuer.mint({ tokenUse: 'id' })}` });
    expect(id.status).toBe(401);
    expect(id.text).toBe(`{"jsonrpc":"2.0","error":{"code":-32001,"message":"Claim 'client_id' value mismatch with configuration."}}`);
    const other = await invoke(agent, target.invocationUrl, { authorization: `Bearer ${await sim.issuer.mint({ clientId: 'someoneelse0000000000000000' })}` });
    expect(other.json).toEqual(claimMismatch('client_id'));
  });

  it('accepts an ID token whose client_id a V1 pre-token hook injected (the field workaround)', async () => {
    const target = runtime({ allowedClients: [sim.issuer.client.clientId] });
    sim.issuer.setPreTokenHook({ version: 'V1_0', claimsToAddOrOverride: { client_id: sim.issuer.client.clientId } });
    try {
      expect((await invoke(agent, target.invocationUrl, { authorization: `Bearer ${await sim.issuer.mint({ tokenUse: 'id' })}` })).status).toBe(200);
    } finally {
      sim.issuer.setPreTokenHook(undefined);
    }
  });

  it('refuses an access token against allowedAudience with 401 aud, and accepts the ID token', async () => {
    const target = runtime({ allowedAudience: [sim.issuer.client.clientId] });
    const access = await invoke(agent, target.invocationUrl, { authorization: `Bearer ${await sim.issuer.mint()}` });
    expect(access.status).toBe(401);
    expect(access.json).toEqual(claimMismatch('aud'));
    expect((await invoke(agent, target.invocationUrl, { authorization: `Bearer ${await sim.issuer.mint({ tokenUse: 'id' })}` })).status).toBe(200);
  });

  it('checks allowedScopes any-of against scope, and advertises them', async () => {
    const target = runtime({ allowedScopes: ['mcp/invoke', 'mcp/admin'] });
    const missing = await invoke(agent, target.invocationUrl, { authorization: `Bearer ${await sim.issuer.mint({ scope: 'openid email' })}` });
    expect(missing.status).toBe(401);
    expect(missing.json).toEqual(claimMismatch('scope'));
    expect(header(missing, 'www-authenticate')).toMatch(/, scope="mcp\/invoke mcp\/admin"$/);
    expect((await invoke(agent, target.invocationUrl, { authorization: `Bearer ${await sim.issuer.mint({ scope: 'openid mcp/admin' })}` })).status).toBe(200);
    const scp = await sim.issuer.mint({ scope: 'openid', claims: { scp: ['mcp/invoke'] } });
    expect((await invoke(agent, target.invocationUrl, { authorization: `Bearer ${scp}` })).status).toBe(200);
  });

  it('checks custom claims and names the failing claim', async () => {
    const target = runtime({
      customClaims: [
        { inboundTokenClaimName: 'tenant', inboundTokenClaimValueType: 'STRING', authorizingClaimMatchValue: { claimMatchValue: { matchValueString: 'acme' }, claimMatchOperator: 'EQUALS' } },
        {
          inboundTokenClaimName: 'cognito:groups',
          inboundTokenClaimValueType: 'STRING_ARRAY',
          authorizingClaimMatchValue: { claimMatchValue: { matchValueStringList: ['admins', 'operators'] }, claimMatchOperator: 'CONTAINS_ANY' },
        },
      ],
    });
    const good = await sim.issuer.mint({ claims: { tenant: 'acme', 'cognito:groups': ['users', 'operators'] } });
    expect((await invoke(agent, target.invocationUrl, { authorization: `Bearer ${good}` })).status).toBe(200);
    const wrongTenant = await invoke(agent, target.invocationUrl, { authorization: `Bearer ${await sim.issuer.mint({ claims: { tenant: 'evil', 'cognito:groups': ['admins'] } })}` });
    expect(wrongTenant.status).toBe(401);
    expect(wrongTenant.json).toEqual(claimMismatch('tenant'));
    const noGroup = await invoke(agent, target.invocationUrl, { authorization: `Bearer ${await sim.issuer.mint({ claims: { tenant: 'acme', 'cognito:groups': ['users'] } })}` });
    expect(noGroup.json).toEqual(claimMismatch('cognito:groups'));
  });
});

describe('discovery', () => {
  it('fetches the discovery document and JWKS from the issuer over HTTP, then caches them', async () => {
    const own = await startSimulation();
    try {
      const target = own.addRuntime({ name: 'discovery_runtime', containerUrl: container.url, customJWTAuthorizer: {} });
      const token = await own.issuer.mint();
      expect((await invoke(agent, target.invocationUrl, { authorization: `Bearer ${token}` })).status).toBe(200);
      expect((await invoke(agent, target.invocationUrl, { authorization: `Bearer ${token}` })).status).toBe(200);
      const fetched = own.requests.filter((entry) => entry.service === 'cognito').map((entry) => `${entry.method} ${entry.path}`);
      expect(fetched).toEqual([`GET /${own.issuer.userPoolId}/.well-known/openid-configuration`, `GET /${own.issuer.userPoolId}/.well-known/jwks.json`]);
    } finally {
      await own.stop();
    }
  });
});

describe('protected resource metadata', () => {
  it('serves the RFC 9728 document for a JWT runtime', async () => {
    const target = runtime();
    const escaped = encodeURIComponent(target.arn);
    const result = await call(agent, `${sim.dataPlaneUrl}/runtimes/${escaped}/invocations/.well-known/oauth-protected-resource?qualifier=DEFAULT`, { method: 'GET' });
    expect(result.status).toBe(200);
    expect(result.json).toEqual({ authorization_servers: [sim.issuer.issuerUrl], resource: `${sim.dataPlaneUrl}/runtimes/${escaped}/invocations?qualifier=DEFAULT` });
  });

  it('has none for a SigV4 runtime and 404s for an unknown runtime', async () => {
    const sigv4 = sim.addRuntime({ name: 'prm_sigv4_runtime', containerUrl: container.url });
    const none = await call(agent, `${sim.dataPlaneUrl}/runtimes/${encodeURIComponent(sigv4.arn)}/invocations/.well-known/oauth-protected-resource`, { method: 'GET' });
    expect(none.status).toBe(404);
    expect(header(none, 'x-amzn-errortype')).toBe('UnknownOperationException');
    const arn = `arn:aws:bedrock-agentcore:us-east-1:${sim.accountId}:runtime/ghost-AAAAAAAAAA`;
    const unknown = await call(agent, `${sim.dataPlaneUrl}/runtimes/${encodeURIComponent(arn)}/invocations/.well-known/oauth-protected-resource?qualifier=DEFAULT`, { method: 'GET' });
    expect(unknown.status).toBe(404);
    expect(header(unknown, 'x-amzn-errortype')).toBe('ResourceNotFoundException');
  });
});

describe('evaluateJwtAuthorizer (pure)', () => {
  const now = 1_800_000_000;
  const issuer = 'https://issuer.example/pool';
  const header = { alg: 'RS256', kid: 'k' };
  const base = { iss: issuer, exp: now + 3600, iat: now, client_id: 'client-a', scope: 'openid' };

  it('follows the order exp → iss → client_id → aud → scope', () => {
    const authorizer: CustomJwtAuthorizer = { allowedClients: ['client-a'], allowedAudience: ['aud-a'], allowedScopes: ['s'] };
    const reasonOf = (claims: Record<string, unknown>): string => {
      const decision = evaluateJwtAuthorizer(claims, header, authorizer, issuer, now);
      return decision.outcome === 'accept' ? 'accept' : decision.reason;
    };
    expect(reasonOf({ ...base, exp: now - 1, iss: 'x' })).toBe('expired');
    expect(reasonOf({ ...base, exp: now + 59, iss: 'x' })).toBe('near-expiry');
    expect(reasonOf({ ...base, iss: 'x', client_id: 'b' })).toBe('issuer');
    expect(reasonOf({ ...base, client_id: 'b' })).toBe('client_id');
    expect(reasonOf({ ...base })).toBe('aud');
    expect(reasonOf({ ...base, aud: ['x', 'aud-a'] })).toBe('scope');
    expect(reasonOf({ ...base, aud: 'aud-a', scope: 'openid s' })).toBe('accept');
    expect(reasonOf({ ...base, aud: 'aud-a', scope: 'openid s', exp: now + 60 })).toBe('accept');
  });

  it('refuses unsigned algorithms as a signature failure', () => {
    const decision = evaluateJwtAuthorizer(base, { alg: 'none' }, { allowedClients: ['client-a'] }, issuer, now);
    expect(decision).toMatchObject({ outcome: 'reject', status: 403, reason: 'bad-signature' });
  });

  it('matches custom-claim operators by element, with types enforced', () => {
    const rule = (type: 'STRING' | 'STRING_ARRAY', operator: 'EQUALS' | 'CONTAINS' | 'CONTAINS_ANY', value: string | string[]) => ({
      inboundTokenClaimName: 'c',
      inboundTokenClaimValueType: type,
      authorizingClaimMatchValue: { claimMatchValue: Array.isArray(value) ? { matchValueStringList: value } : { matchValueString: value }, claimMatchOperator: operator },
    });
    expect(customClaimMatches(rule('STRING', 'EQUALS', 'a'), 'a')).toBe(true);
    expect(customClaimMatches(rule('STRING', 'EQUALS', 'a'), 'ab')).toBe(false);
    expect(customClaimMatches(rule('STRING_ARRAY', 'CONTAINS', 'a'), ['b', 'a'])).toBe(true);
    expect(customClaimMatches(rule('STRING_ARRAY', 'CONTAINS', 'a'), 'a')).toBe(false);
    expect(customClaimMatches(rule('STRING', 'CONTAINS', 'a'), 'a')).toBe(true);
    expect(customClaimMatches(rule('STRING', 'CONTAINS', 'a'), 'cat')).toBe(false);
    expect(customClaimMatches(rule('STRING_ARRAY', 'CONTAINS_ANY', ['x', 'y']), ['y'])).toBe(true);
    expect(customClaimMatches(rule('STRING_ARRAY', 'CONTAINS_ANY', ['x', 'y']), ['z'])).toBe(false);
    expect(customClaimMatches(rule('STRING_ARRAY', 'CONTAINS_ANY', ['x']), undefined)).toBe(false);
  });
});
