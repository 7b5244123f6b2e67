import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { LookupFunction } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFetchableUrl, fetchDiscovery, verifyTokenSignature, type DiscoveryObservation } from '../../src/probes/auth/discovery.js';
import { listenLocal, type LocalServer } from '../../src/sim/listen.js';
import { startSimulation } from '../../src/sim/start-simulation.js';
import type { Simulation } from '../../src/sim/types.js';

/**
 * Discovery, JWKS and signature verification (reliability-security §3, §8 S5/S6): the simulation
 * issuer for the happy path and key selection, small loopback servers for every way a discovery
 * document can fail, and the address policy for server-supplied URLs.
 */

const b64 = (value: unknown): string => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

let sim: Simulation;
const servers: LocalServer[] = [];

/** A loopback server that answers by path and records every request. */
async function serve(routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void>): Promise<{ server: LocalServer; seen: Array<{ path: string; headers: IncomingHttpHeaders }> }> {
  const seen: Array<{ path: string; headers: IncomingHttpHeaders }> = [];
  const server = await listenLocal((req, res) => {
    seen.push({ path: req.url ?? '', headers: { ...req.headers } });
    const route = routes[req.url ?? ''];
    if (route) route(req, res);
    else res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  servers.push(server);
  return { server, seen };
}

const json = (value: unknown, status = 200) => (_req: IncomingMessage, res: ServerResponse) => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
};

/** A discovery server whose document points at its own JWKS route. */
async function issuerServer(document: (origin: string) => Record<string, unknown>, jwks: unknown = { keys: [] }, extra: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {}) {
  let origin = '';
  const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
    '/.well-known/openid-configuration': (req, res) => json(document(origin))(req, res),
    '/jwks.json': json(jwks),
    ...extra,
  };
  const served = await serve(routes);
  origin = served.server.origin;
  return { ...served, discoveryUrl: `${origin}/.well-known/openid-configuration` };
}

beforeAll(async () => {
  sim = await startSimulation();
});

afterAll(async () => {
  await sim.stop();
  await Promise.all(servers.map((s) => s.stop()));
});

describe('fetchDiscovery against the simulation issuer', () => {
  let observation: DiscoveryObservation;
  beforeAll(async () => {
    observation = await fetchDiscovery(sim.issuer.discoveryUrl, { timeoutMs: 5_000 });
  });

  it('reads issuer, jwks_uri and the key set', () => {
    expect(observation).toMatchObject({ url: sim.issuer.discoveryUrl, outcome: 'ok', status: 200, issuer: sim.issuer.issuerUrl, jwksUri: sim.issuer.jwksUrl });
    expect(observation.problem).toBeUndefined();
    expect(observation.jwks?.outcome).toBe('ok');
    expect(observation.jwks?.keys).toHaveLength(2);
    for (const key of observation.jwks?.keys ?? []) expect(key).toEqual({ kid: expect.any(String), alg: 'RS256', kty: 'RSA', use: 'sig' });
    expect(observation.jwks?.keySet?.keys.map((k) => k.kid)).toEqual(observation.jwks?.keys.map((k) => k.kid));
    expect(observation.jwks?.keySet?.keys[0]?.n).toEqual(expect.any(String));
  });

  it('verifies a token the issuer minted, naming its alg and kid', async () => {
    const token = await sim.issuer.mint();
    const kid = JSON.parse(Buffer.from(token.split('.')[0] as string, 'base64url').toString()).kid as string;
    expect(await verifyTokenSignature(token, observation.jwks?.keySet)).toEqual({ outcome: 'verified', alg: 'RS256', kid });
    const idToken = await sim.issuer.mint({ tokenUse: 'id' });
    expect((await verifyTokenSignature(idToken, observation.jwks?.keySet)).outcome).toBe('verified');
  });

  it('reports a token signed with a key outside the set as unknown-kid', async () => {
    const result = await verifyTokenSignature(await sim.issuer.mint({ unknownKey: true }), observation.jwks?.keySet);
    expect(result.outcome).toBe('unknown-kid');
    expect(result.detail).toMatch(/not in the key set/);
  });

  it('reports a changed payload or a borrowed signature as bad-signature', async () => {
    const [header, payload, signature] = (await sim.issuer.mint()).split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const escalated = `${header}.${b64({ ...claims, scope: 'admin' })}.${signature}`;
    expect((await verifyTokenSignature(escalated, observation.jwks?.keySet)).outcome).toBe('bad-signature');
    const other = (await sim.issuer.mint({ username: 'someone-else' })).split('.')[2] as string;
    expect((await verifyTokenSignature(`${header}.${payload}.${other}`, observation.jwks?.keySet)).outcome).toBe('bad-signature');
  });

  it('refuses HS256, even one keyed with the RSA modulus, before any key is used', async () => {
    const token = await sim.issuer.mint();
    const payload = token.split('.')[1] as string;
    const modulus = Buffer.from(observation.jwks?.keySet?.keys[0]?.n as string, 'base64url');
    const hs = await new SignJWT(JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>)
      .setProtectedHeader({ alg: 'HS256', kid: observation.jwks?.keys[0]?.kid as string })
      .sign(new Uint8Array(modulus));
    const result = await verifyTokenSignature(hs, observation.jwks?.keySet);
    expect(result).toMatchObject({ outcome: 'alg-not-allowed', alg: 'HS256' });
    expect(result.detail).toMatch(/HMAC/);
  });

  it.each(['none', 'None', 'NONE'])('refuses an unsigned token with alg %s', async (alg) => {
    const payload = (await sim.issuer.mint()).split('.')[1] as string;
    const result = await verifyTokenSignature(`${b64({ alg, typ: 'JWT' })}.${payload}.`, observation.jwks?.keySet);
    expect(result).toMatchObject({ outcome: 'alg-none', alg });
  });

  it('reports no-jwks without a key set and malformed for non-JWTs', async () => {
    expect((await verifyTokenSignature(await sim.issuer.mint(), undefined)).outcome).toBe('no-jwks');
    expect((await verifyTokenSignature(await sim.issuer.mint(), { keys: 'nope' as unknown as unknown[] })).outcome).toBe('no-jwks');
    expect((await verifyTokenSignature('opaque-token-value', observation.jwks?.keySet)).outcome).toBe('malformed');
    expect((await verifyTokenSignature(`${b64({ typ: 'JWT' })}.${b64({ sub: 'x' })}.c2ln`, observation.jwks?.keySet))).toMatchObject({ outcome: 'malformed', detail: 'the header has no alg' });
  });
});

describe('verifyTokenSignature: key selection', () => {
  async function rsaKey(extra: Partial<JWK> = {}) {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    return { privateKey, jwk: { ...(await exportJWK(publicKey)), ...extra } };
  }

  it('tries every key that fits when the token has no kid', async () => {
    const [a, b, outsider] = await Promise.all([rsaKey(), rsaKey(), rsaKey()]);
    const set = { keys: [a.jwk, b.jwk] };
    const signedByB = await new SignJWT({ sub: 'x' }).setProtectedHeader({ alg: 'RS256' }).sign(b.privateKey);
    expect((await verifyTokenSignature(signedByB, set)).outcome).toBe('verified');
    const signedByOutsider = await new SignJWT({ sub: 'x' }).setProtectedHeader({ alg: 'RS256' }).sign(outsider.privateKey);
    expect(await verifyTokenSignature(signedByOutsider, set)).toMatchObject({ outcome: 'bad-signature', alg: 'RS256' });
  });

  it('says when the kid exists but its key does not fit the alg', async () => {
    const rsa = await rsaKey({ kid: 'shared', alg: 'RS256' });
    const ec = await generateKeyPair('ES256');
    const token = await new SignJWT({ sub: 'x' }).setProtectedHeader({ alg: 'ES256', kid: 'shared' }).sign(ec.privateKey);
    const result = await verifyTokenSignature(token, { keys: [rsa.jwk] });
    expect(result).toMatchObject({ outcome: 'unknown-kid', alg: 'ES256', kid: 'shared' });
    expect(result.detail).toMatch(/in the set but does not fit ES256 \(kty RSA, alg RS256\)/);
  });

  it('never follows jku or x5u and never trusts an embedded jwk', async () => {
    const { server, seen } = await serve({ '/keys': json({ keys: [] }) });
    const attacker = await rsaKey({ kid: 'evil' });
    const token = await new SignJWT({ sub: 'x' })
      .setProtectedHeader({ alg: 'RS256', kid: 'evil', jku: `${server.origin}/keys`, x5u: `${server.origin}/keys`, jwk: attacker.jwk })
      .sign(attacker.privateKey);
    const result = await verifyTokenSignature(token, { keys: [(await rsaKey({ kid: 'real' })).jwk] });
    expect(result.outcome).toBe('unknown-kid');
    expect(result.detail).toMatch(/jku\/x5u\/jwk were ignored/);
    expect(seen).toHaveLength(0);
  });

  it('verifies with the public half when a key set leaks private members, and says so', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const leaked = { ...(await exportJWK(privateKey)), kid: 'leaky', alg: 'ES256', use: 'sig' };
    expect(leaked.d).toEqual(expect.any(String));
    const { discoveryUrl } = await issuerServer((origin) => ({ issuer: origin, jwks_uri: `${origin}/jwks.json` }), { keys: [leaked] });
    const observation = await fetchDiscovery(discoveryUrl, { timeoutMs: 5_000 });
    expect(observation.jwks?.outcome).toBe('ok');
    expect(observation.jwks?.problem).toMatch(/private key members were published for leaky/);
    expect(observation.jwks?.keySet?.keys[0]).not.toHaveProperty('d');
    expect(JSON.stringify(observation)).not.toContain(leaked.d as string);
    const token = await new SignJWT({ sub: 'x' }).setProtectedHeader({ alg: 'ES256', kid: 'leaky' }).sign(privateKey);
    expect((await verifyTokenSignature(token, observation.jwks?.keySet)).outcome).toBe('verified');
  });
});

describe('fetchDiscovery failures', () => {
  const fast = { timeoutMs: 2_000 };

  it('reports a 404 as invalid with its status', async () => {
    const { server } = await serve({});
    expect(await fetchDiscovery(`${server.origin}/.well-known/openid-configuration`, fast)).toEqual({
      url: `${server.origin}/.well-known/openid-configuration`,
      outcome: 'invalid',
      status: 404,
      problem: 'HTTP 404 (text/plain)',
    });
  });

  it('reports an HTML page and a non-JSON body as invalid', async () => {
    const { server } = await serve({
      '/html': (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Sign in</title>'),
      '/text': (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end("{issuer: 'x'}"),
      '/array': json([{ issuer: 'x' }]),
      '/bom': (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('\uFEFF{"issuer":"x"}'),
      '/latin1': (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x3a, 0x31, 0x7d])),
    });
    const html = await fetchDiscovery(`${server.origin}/html`, fast);
    expect(html).toMatchObject({ outcome: 'invalid', status: 200 });
    expect(html.problem).toMatch(/^the body is not JSON \(text\/html\): "<!doctype html>/);
    expect((await fetchDiscovery(`${server.origin}/text`, fast)).problem).toMatch(/^the body is not JSON \(application\/json\)/);
    expect((await fetchDiscovery(`${server.origin}/array`, fast)).problem).toBe('the body is JSON but not an object');
    // RFC 8259 §8.1 lets a parser ignore a byte order mark; anything that is not UTF-8 is refused.
    expect((await fetchDiscovery(`${server.origin}/bom`, fast)).problem).toBe('the document has no jwks_uri string');
    expect((await fetchDiscovery(`${server.origin}/latin1`, fast)).problem).toBe('the body is not valid UTF-8');
  });

  it.each([
    ['issuer', { jwks_uri: 'https://example.invalid/jwks' }, 'the document has no issuer string'],
    ['jwks_uri', { issuer: 'https://example.invalid' }, 'the document has no jwks_uri string'],
    ['both', { authorization_endpoint: 'https://example.invalid/authorize' }, 'the document has no issuer and no jwks_uri string'],
  ])('requires %s', async (_label, document, problem) => {
    const { discoveryUrl, seen } = await issuerServer(() => document);
    expect(await fetchDiscovery(discoveryUrl, fast)).toMatchObject({ outcome: 'invalid', status: 200, problem });
    expect(seen).toHaveLength(1);
  });

  it('does not follow a redirect and names its Location', async () => {
    const elsewhere = await serve({ '/.well-known/openid-configuration': json({ issuer: 'x', jwks_uri: 'y' }) });
    const { server } = await serve({
      '/.well-known/openid-configuration': (_req, res) => res.writeHead(302, { location: `${elsewhere.server.origin}/.well-known/openid-configuration` }).end(),
    });
    const observation = await fetchDiscovery(`${server.origin}/.well-known/openid-configuration`, fast);
    expect(observation).toMatchObject({ outcome: 'invalid', status: 302 });
    expect(observation.problem).toBe(`HTTP 302 redirect to ${elsewhere.server.origin}/.well-known/openid-configuration; redirects are not followed`);
    expect(elsewhere.seen).toHaveLength(0);
  });

  it('gives up on a server that never answers within the deadline', async () => {
    const { server } = await serve({ '/hang': () => undefined, '/trickle': (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).write('{"issuer":') });
    // The answer naming the 300 ms deadline proves it fired; a hang would hit the test's timeout.
    for (const path of ['/hang', '/trickle']) {
      const observation = await fetchDiscovery(`${server.origin}${path}`, { timeoutMs: 300 });
      expect(observation).toEqual({ url: `${server.origin}${path}`, outcome: 'unreachable', problem: 'no complete answer within 300 ms' });
    }
  });

  it('stops reading past 1 MiB, with or without Content-Length', async () => {
    const big = JSON.stringify({ issuer: 'x', jwks_uri: 'y', padding: 'a'.repeat(1024 * 1024) });
    const { server } = await serve({
      '/declared': (_req, res) => res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(big) }).end(big),
      '/chunked': (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        for (let i = 0; i < big.length; i += 64 * 1024) res.write(big.slice(i, i + 64 * 1024));
        res.end();
      },
    });
    expect((await fetchDiscovery(`${server.origin}/declared`, fast)).problem).toMatch(/^the body is larger than 1048576 bytes \(Content-Length \d+\)$/);
    expect(await fetchDiscovery(`${server.origin}/chunked`, fast)).toMatchObject({ outcome: 'invalid', status: 200, problem: 'the body is larger than 1048576 bytes' });
  });

  it('reports a closed port as unreachable', async () => {
    const { server } = await serve({});
    await server.stop();
    const observation = await fetchDiscovery(`${server.origin}/.well-known/openid-configuration`, fast);
    expect(observation.outcome).toBe('unreachable');
    expect(observation.problem).toMatch(/^refused \(ECONNREFUSED\)/);
  });

  it('sends no credentials and no cookies to the discovery and JWKS URLs', async () => {
    const { discoveryUrl, seen } = await issuerServer((origin) => ({ issuer: origin, jwks_uri: `${origin}/jwks.json` }), { keys: [{ kty: 'RSA', kid: 'k', n: 'AQAB', e: 'AQAB' }] });
    const observation = await fetchDiscovery(discoveryUrl, fast);
    expect(observation.outcome).toBe('ok');
    expect(seen.map((s) => s.path)).toEqual(['/.well-known/openid-configuration', '/jwks.json']);
    for (const { headers } of seen) {
      expect(headers.authorization).toBeUndefined();
      expect(headers.cookie).toBeUndefined();
      expect(headers['accept-encoding']).toBe('identity');
    }
  });

  it('reports JWKS failures apart from the discovery outcome', async () => {
    const missing = await issuerServer((origin) => ({ issuer: origin, jwks_uri: `${origin}/gone` }));
    expect(await fetchDiscovery(missing.discoveryUrl, fast)).toMatchObject({ outcome: 'ok', jwks: { outcome: 'invalid', keys: [], problem: 'HTTP 404 (text/plain)' } });
    const empty = await issuerServer((origin) => ({ issuer: origin, jwks_uri: `${origin}/jwks.json` }), { keys: [] });
    expect((await fetchDiscovery(empty.discoveryUrl, fast)).jwks).toMatchObject({ outcome: 'invalid', problem: 'the key set has no usable keys' });
    const noList = await issuerServer((origin) => ({ issuer: origin, jwks_uri: `${origin}/jwks.json` }), { key: {} });
    expect((await fetchDiscovery(noList.discoveryUrl, fast)).jwks).toMatchObject({ outcome: 'invalid', problem: 'the key set has no "keys" list' });
    const metadata = await issuerServer((origin) => ({ issuer: origin, jwks_uri: 'http://169.254.169.254/latest/meta-data/iam/security-credentials/' }));
    const refused = await fetchDiscovery(metadata.discoveryUrl, fast);
    expect(refused).toMatchObject({ outcome: 'ok', jwks: { outcome: 'invalid', keys: [] } });
    expect(refused.jwks?.problem).toMatch(/^refused: 169\.254\.169\.254 is a link-local address/);
    const dead = await serve({});
    await dead.server.stop();
    const unreachable = await issuerServer(() => ({ issuer: 'x', jwks_uri: `${dead.server.origin}/jwks.json` }));
    expect((await fetchDiscovery(unreachable.discoveryUrl, fast)).jwks?.outcome).toBe('unreachable');
  });

  it('refuses a metadata-address discovery URL without connecting', async () => {
    expect(await fetchDiscovery('http://169.254.169.254/.well-known/openid-configuration', fast)).toEqual({
      url: 'http://169.254.169.254/.well-known/openid-configuration',
      outcome: 'refused-url',
      problem: '169.254.169.254 is a link-local address (where cloud metadata services answer)',
    });
  });

  it('re-checks the address at connect time, so DNS rebinding to a metadata address is refused', async () => {
    const { server, seen } = await serve({ '/.well-known/openid-configuration': json({ issuer: 'x', jwks_uri: 'y' }) });
    let calls = 0;
    const rebinding: LookupFunction = (_host, options, callback) => {
      calls++;
      const address = calls === 1 ? '127.0.0.1' : '169.254.169.254';
      if (options.all) callback(null, [{ address, family: 4 }]);
      else callback(null, address, 4);
    };
    const url = `http://rebind.test:${server.port}/.well-known/openid-configuration`;
    const observation = await fetchDiscovery(url, { ...fast, allowHttp: true, lookup: rebinding });
    expect(calls).toBe(2);
    expect(observation).toEqual({ url, outcome: 'refused-url', problem: 'rebind.test resolves to 169.254.169.254, a link-local address (where cloud metadata services answer)' });
    expect(seen).toHaveLength(0);

    const honest: LookupFunction = (_host, options, callback) => (options.all ? callback(null, [{ address: '127.0.0.1', family: 4 }]) : callback(null, '127.0.0.1', 4));
    expect((await fetchDiscovery(url, { ...fast, allowHttp: true, lookup: honest })).status).toBe(200);
    expect(seen).toHaveLength(1);
  });
});

describe('checkFetchableUrl', () => {
  it.each([
    ['http://169.254.169.254/latest/meta-data/', {}, '169.254.169.254 is a link-local address (where cloud metadata services answer)'],
    ['https://169.254.170.2/v2/credentials', { allowPrivate: true }, '169.254.170.2 is a link-local address (where cloud metadata services answer)'],
    ['http://2852039166/latest/meta-data/', { allowHttp: true }, '169.254.169.254 is a link-local address (where cloud metadata services answer)'],
    ['https://[::ffff:169.254.169.254]/', {}, '::ffff:a9fe:a9fe is a link-local address (where cloud metadata services answer)'],
    ['http://[fe80::1]/', { allowHttp: true }, 'fe80::1 is a link-local address (where cloud metadata services answer)'],
    ['https://[fd00:ec2::254]/latest/meta-data/', { allowPrivate: true }, 'fd00:ec2::254 is a link-local address (where cloud metadata services answer)'],
    ['https://0.0.0.0/', {}, '0.0.0.0 is an unspecified or multicast address'],
    ['https://10.1.2.3/jwks', {}, '10.1.2.3 is a private address'],
    ['http://example.com/.well-known/openid-configuration', {}, 'plain http to example.com: https is required except on loopback'],
    ['ftp://example.com/jwks.json', {}, 'the ftp scheme is not fetched (https only, or http on loopback)'],
    ['file:///etc/passwd', {}, 'the file scheme is not fetched (https only, or http on loopback)'],
    ['https://user:secret@example.com/', {}, 'the URL carries user credentials'],
    ['not a url', {}, 'not an absolute URL'],
  ])('refuses %s', async (url, options, reason) => {
    expect(await checkFetchableUrl(url, options)).toBe(reason);
  });

  it.each([
    ['http://127.0.0.1:9/x', {}],
    ['http://[::1]:9/x', {}],
    ['https://10.1.2.3/jwks', { allowPrivate: true }],
    ['http://192.168.1.10/jwks', { allowHttp: true, allowPrivate: true }],
  ])('accepts %s', async (url, options) => {
    expect(await checkFetchableUrl(url, options)).toBe(true);
  });

  it('judges a name by the addresses it resolves to', async () => {
    const to = (address: string): LookupFunction => (_host, options, callback) => (options.all ? callback(null, [{ address: '93.184.215.14', family: 4 }, { address, family: address.includes(':') ? 6 : 4 }]) : callback(null, address, 4));
    expect(await checkFetchableUrl('https://idp.example/jwks', { lookup: to('169.254.169.254') })).toBe('idp.example resolves to 169.254.169.254, a link-local address (where cloud metadata services answer)');
    expect(await checkFetchableUrl('https://idp.example/jwks', { lookup: to('fd00:ec2::254') })).toBe('idp.example resolves to fd00:ec2::254, a link-local address (where cloud metadata services answer)');
    expect(await checkFetchableUrl('https://idp.example/jwks', { lookup: to('10.0.0.8') })).toBe('idp.example resolves to 10.0.0.8, a private address');
    expect(await checkFetchableUrl('https://idp.example/jwks', { lookup: to('10.0.0.8'), allowPrivate: true })).toBe(true);
    expect(await checkFetchableUrl('https://idp.example/jwks', { lookup: to('93.184.215.15') })).toBe(true);
  });
});
