import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { generateKeyPair, SignJWT } from 'jose';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metadataUrlRefusal, parseBearerChallenge, runServerAuthProbes, wellKnownMetadataUrls } from '../../src/probes/auth/server-auth-probes.js';
import { HttpClient, originOf } from '../../src/probes/http-exchange.js';
import { Redactor } from '../../src/security/redact.js';
import { createStatelessApp } from '../../src/sim/containers/mcp-app.js';
import { listenLocal, type LocalServer } from '../../src/sim/listen.js';
import { startSimulation } from '../../src/sim/start-simulation.js';
import type { Simulation } from '../../src/sim/types.js';

/**
 * The server-side auth probes (reliability-security §4, streamable-http-matrix §7.2 A1/A2,
 * agentcore-contract §1.2/§5): the simulated AgentCore JWT front door, a server that lets
 * everyone in, a 401 without a challenge, and challenges that point somewhere the doctor must
 * not go. Every server records what it received, so "no credentials" and "no request" are
 * checked where they matter: on the wire.
 */

const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'server-auth-test', version: '1.0.0' } },
});
const INITIALIZE_RESULT = JSON.stringify({ jsonrpc: '2.0', id: 1, result: { protocolVersion: '2025-11-25', capabilities: {}, serverInfo: { name: 'open', version: '1.0.0' } } });
const WELL_KNOWN = '/.well-known/oauth-protected-resource';
const EXTRA_HEADER_VALUE = 'extra-header-secret-value';

let sim: Simulation;
let container: LocalServer;
const servers: LocalServer[] = [];
const clients: HttpClient[] = [];
let userToken = '';

interface Seen {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

/** A loopback server with a catch-all handler that records every request. */
async function recordingServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: LocalServer; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = await listenLocal((req, res) => {
    seen.push({ method: req.method ?? '', path: req.url ?? '', headers: { ...req.headers } });
    req.resume();
    handler(req, res);
  });
  servers.push(server);
  return { server, seen };
}

/** The run's client: it holds the user's token and a `--header`, as a real run does. */
function runClient(targetUrl: string, token = userToken): HttpClient {
  const redactor = new Redactor();
  redactor.addSecret(token);
  const client = new HttpClient({ targetOrigin: originOf(targetUrl), token, extraHeaders: { 'X-Api-Key': EXTRA_HEADER_VALUE }, timeoutMs: 5_000, redactor });
  clients.push(client);
  return client;
}

function probe(client: HttpClient, targetUrl: string, token: string | undefined = userToken) {
  return runServerAuthProbes(client, { targetUrl, initializeBody: INITIALIZE, timeoutMs: 5_000, ...(token === undefined ? {} : { token }) });
}

const unauthorized = (wwwAuthenticate?: string) => (req: IncomingMessage, res: ServerResponse) => {
  if (req.method === 'GET') return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  res.writeHead(401, { 'content-type': 'application/json', ...(wwwAuthenticate === undefined ? {} : { 'www-authenticate': wwwAuthenticate }) }).end('{"error":"unauthorized"}');
};

beforeAll(async () => {
  sim = await startSimulation();
  container = await listenLocal(createStatelessApp());
  userToken = await sim.issuer.mint();
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await sim.stop();
  await container.stop();
  await Promise.all(servers.map((s) => s.stop()));
});

describe('against the simulated AgentCore JWT runtime', () => {
  it('gets 401 with resource_metadata, reads the metadata without credentials, and sees every forged token refused', async () => {
    const runtime = sim.addRuntime({ name: 'auth_probe_runtime', containerUrl: container.url, customJWTAuthorizer: { allowedScopes: ['mcp/invoke'] } });
    const client = runClient(runtime.invocationUrl);
    // The real token passes, so the refusals below are about the forged ones.
    const genuine = await sim.issuer.mint({ scope: 'mcp/invoke' });
    const accepted = await client.exchange({ label: 'genuine', method: 'POST', url: runtime.invocationUrl, headers: { accept: 'application/json, text/event-stream', 'content-type': 'application/json', authorization: `Bearer ${genuine}` }, body: INITIALIZE });
    expect(accepted.status).toBe(200);

    const before = sim.requests.length;
    const observation = await probe(client, runtime.invocationUrl);
    const prmUrl = `${sim.dataPlaneUrl}/runtimes/${encodeURIComponent(runtime.arn)}/invocations${WELL_KNOWN}?qualifier=DEFAULT`;

    expect(observation.noToken).toMatchObject({ status: 401, outcome: 'response' });
    expect(observation.challenge).toEqual({ scheme: 'Bearer', resourceMetadata: prmUrl, scope: 'mcp/invoke' });
    expect(observation.prm).toEqual({
      url: prmUrl,
      outcome: 'ok',
      status: 200,
      resource: `${sim.dataPlaneUrl}/runtimes/${encodeURIComponent(runtime.arn)}/invocations?qualifier=DEFAULT`,
      authorizationServers: [sim.issuer.issuerUrl],
    });
    expect(observation.garbageToken.status).toBe(403);
    expect(observation.garbageToken.bodyExcerpt).toContain('OAuth authorization failed: Failed to parse token');
    for (const forged of [observation.algNone, observation.tamperedSignature]) {
      expect(forged?.status).toBe(403);
      expect(forged?.bodyExcerpt).toContain('OAuth authorization failed: Failed to verify token signature');
    }

    const dataPlane = sim.requests.slice(before).filter((r) => r.service === 'data-plane');
    const invocations = dataPlane.filter((r) => r.method === 'POST');
    const metadata = dataPlane.filter((r) => r.method === 'GET');
    // Four probes plus the raw read of the challenge; exactly one metadata fetch.
    expect(invocations).toHaveLength(5);
    expect(invocations.filter((r) => r.headers.authorization === undefined)).toHaveLength(2);
    expect(invocations.filter((r) => r.headers.authorization === 'Bearer ***')).toHaveLength(3);
    expect(metadata).toHaveLength(1);
    expect(metadata[0]?.headers.authorization).toBeUndefined();
    for (const record of dataPlane) expect(record.headers['x-api-key']).toBeUndefined();
    expect(JSON.stringify(observation)).not.toContain(userToken.split('.')[2]);
  });
});

describe('against a server that lets everyone in', () => {
  it('records a 200 without a token, sends forged copies that share nothing with the real signature, and never the real token', async () => {
    const { server, seen } = await recordingServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(INITIALIZE_RESULT));
    const observation = await probe(runClient(server.url), server.url);

    expect(observation.noToken).toMatchObject({ status: 200, jsonrpc: { kind: 'result' } });
    expect(observation.garbageToken.status).toBe(200);
    expect(observation.algNone?.status).toBe(200);
    expect(observation.tamperedSignature?.status).toBe(200);
    expect(observation.challenge).toBeUndefined();
    // An open server is not a protected resource: no metadata is looked for.
    expect(observation.prm).toBeUndefined();
    expect(seen.map((s) => `${s.method} ${s.path}`)).toEqual(Array(4).fill('POST /mcp'));

    const [header, payload, signature] = userToken.split('.') as [string, string, string];
    const sent = seen.map((s) => s.headers.authorization);
    expect(sent.filter((a) => a === undefined)).toHaveLength(1);
    const forged = sent.filter((a): a is string => a !== undefined).map((a) => a.replace(/^Bearer /, ''));
    expect(forged).toHaveLength(3);
    const garbage = forged.find((t) => !t.includes('.'));
    expect(garbage).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const algNone = forged.find((t) => t.endsWith('.'));
    expect(algNone).toBe(`${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`);
    const tampered = forged.find((t) => t.startsWith(`${header}.`));
    expect(tampered?.split('.')).toHaveLength(3);
    expect(tampered?.split('.')[1]).toBe(payload);
    expect(tampered?.split('.')[2]).toHaveLength(signature.length);
    for (const token of forged) {
      expect(token).not.toBe(userToken);
      // No 12-character window of the real signature survives in any forged copy (§8 S1/S3).
      for (let i = 0; i + 12 <= signature.length; i++) expect(token).not.toContain(signature.slice(i, i + 12));
    }
    for (const { headers } of seen) expect(headers['x-api-key']).toBeUndefined();
  });

  it('sends only the opaque probe when the token is not a JWT', async () => {
    const { server, seen } = await recordingServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(INITIALIZE_RESULT));
    const opaque = 'opaque-token-0123456789abcdef';
    const observation = await probe(runClient(server.url, opaque), server.url, opaque);
    expect(observation.algNone).toBeUndefined();
    expect(observation.tamperedSignature).toBeUndefined();
    expect(seen).toHaveLength(2);
    expect(seen.map((s) => s.headers.authorization)).not.toContain(`Bearer ${opaque}`);
  });
});

describe('against a 401 without WWW-Authenticate', () => {
  const document = (resource: string) => JSON.stringify({ resource, authorization_servers: ['https://issuer.example'] });

  it('tries the path-inserted well-known URL, then the root, without credentials', async () => {
    let origin = '';
    const { server, seen } = await recordingServer((req, res) => {
      if (req.method === 'GET' && req.url === WELL_KNOWN) return void res.writeHead(200, { 'content-type': 'application/json' }).end(document(`${origin}/mcp`));
      unauthorized()(req, res);
    });
    origin = server.origin;
    const observation = await probe(runClient(server.url), server.url);
    expect(observation.noToken.status).toBe(401);
    expect(observation.challenge).toBeUndefined();
    expect(observation.prm).toEqual({ url: `${server.origin}${WELL_KNOWN}`, outcome: 'ok', status: 200, resource: `${server.origin}/mcp`, authorizationServers: ['https://issuer.example'] });
    const gets = seen.filter((s) => s.method === 'GET');
    expect(gets.map((s) => s.path)).toEqual([`${WELL_KNOWN}/mcp`, WELL_KNOWN]);
    // Same origin as the target, and still no token: metadata requests never carry it (§1.4).
    for (const { headers } of gets) {
      expect(headers.authorization).toBeUndefined();
      expect(headers['x-api-key']).toBeUndefined();
    }
  });

  it('stops at the path-inserted URL when it answers', async () => {
    const { server, seen } = await recordingServer((req, res) => {
      if (req.method === 'GET' && req.url === `${WELL_KNOWN}/mcp`) return void res.writeHead(200, { 'content-type': 'application/json' }).end(document('https://mcp.example/mcp'));
      unauthorized()(req, res);
    });
    const observation = await probe(runClient(server.url), server.url);
    expect(observation.prm).toMatchObject({ url: `${server.origin}${WELL_KNOWN}/mcp`, outcome: 'ok', resource: 'https://mcp.example/mcp' });
    expect(seen.filter((s) => s.method === 'GET')).toHaveLength(1);
  });

  it('reports both misses when neither well-known URL answers', async () => {
    const { server } = await recordingServer(unauthorized());
    const observation = await probe(runClient(server.url), server.url);
    expect(observation.prm).toMatchObject({ url: `${server.origin}${WELL_KNOWN}`, outcome: 'invalid', status: 404 });
    expect(observation.prm?.problem).toBe(
      `no challenge URL, and no metadata at the well-known URLs (${server.origin}${WELL_KNOWN}/mcp: HTTP 404 (text/plain); ${server.origin}${WELL_KNOWN}: HTTP 404 (text/plain))`,
    );
  });

  it('marks metadata without a resource as invalid', async () => {
    let origin = '';
    const { server } = await recordingServer((req, res) => {
      if (req.method === 'GET') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"authorization_servers":["https://issuer.example"]}');
      unauthorized(`Bearer resource_metadata="${origin}/prm"`)(req, res);
    });
    origin = server.origin;
    expect((await probe(runClient(server.url), server.url)).prm).toEqual({
      url: `${origin}/prm`,
      outcome: 'invalid',
      status: 200,
      authorizationServers: ['https://issuer.example'],
      problem: 'the document has no "resource" string (RFC 9728 §2)',
    });
  });
});

describe('challenges that point elsewhere', () => {
  it('refuses a cloud metadata address and asks nothing else', async () => {
    const url = 'http://169.254.169.254/latest/meta-data/iam/security-credentials/';
    const { server, seen } = await recordingServer(unauthorized(`Bearer resource_metadata="${url}"`));
    const observation = await probe(runClient(server.url), server.url);
    expect(observation.challenge).toEqual({ scheme: 'Bearer', resourceMetadata: url });
    expect(observation.prm).toEqual({ url, outcome: 'refused-url', problem: '169.254.169.254 is a link-local address (where cloud metadata services answer)' });
    expect(seen.filter((s) => s.method === 'GET')).toHaveLength(0);
  });

  it('refuses another host, which receives nothing', async () => {
    const other = await recordingServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"resource":"x"}'));
    const url = `http://localhost:${other.server.port}${WELL_KNOWN}`;
    // The other host is reachable by that name, so zero requests below means "not sent", not "failed".
    const reachable = await request(url, { signal: AbortSignal.timeout(5_000) });
    await reachable.body.text();
    expect(reachable.statusCode).toBe(200);
    other.seen.length = 0;

    const { server } = await recordingServer(unauthorized(`Bearer error="invalid_token", resource_metadata="${url}"`));
    const observation = await probe(runClient(server.url), server.url);
    expect(observation.challenge).toEqual({ scheme: 'Bearer', error: 'invalid_token', resourceMetadata: url });
    expect(observation.prm).toEqual({ url, outcome: 'refused-url', problem: "it is on another host (localhost); metadata is fetched only from the target's own host (127.0.0.1)" });
    expect(other.seen).toHaveLength(0);
  });

  it('fetches from the same host on another port, without credentials', async () => {
    const other = await recordingServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"resource":"https://mcp.example/mcp","authorization_servers":[]}'));
    const url = `${other.server.origin}/prm`;
    const { server } = await recordingServer(unauthorized(`Bearer resource_metadata="${url}"`));
    const observation = await probe(runClient(server.url), server.url);
    expect(observation.prm).toEqual({ url, outcome: 'ok', status: 200, resource: 'https://mcp.example/mcp', authorizationServers: [] });
    expect(other.seen).toHaveLength(1);
    expect(other.seen[0]?.headers.authorization).toBeUndefined();
  });

  it('does not fetch a metadata URL that carries a credential, even on the target origin', async () => {
    let origin = '';
    const { server, seen } = await recordingServer((req, res) => unauthorized(`Bearer resource_metadata="${origin}${WELL_KNOWN}?access_token=abcdef123456"`)(req, res));
    origin = server.origin;
    const observation = await probe(runClient(server.url), server.url);
    expect(observation.challenge?.resourceMetadata).toBe(`${origin}${WELL_KNOWN}?access_token=[REDACTED]`);
    expect(observation.prm).toEqual({ url: `${origin}${WELL_KNOWN}?access_token=[REDACTED]`, outcome: 'refused-url', problem: 'the URL carries a credential-like value' });
    expect(seen.filter((s) => s.method === 'GET')).toHaveLength(0);
  });
});

describe('parseBearerChallenge', () => {
  it.each([
    ['AgentCore', 'Bearer resource_metadata="https://bedrock-agentcore.us-east-1.amazonaws.com/runtimes/arn%3Aaws%3Abedrock-agentcore%3Aus-east-1%3A123456789012%3Aruntime%2Fmcp_server-4jYLS0BaZ6/invocations/.well-known/oauth-protected-resource?qualifier=DEFAULT"', {
      scheme: 'Bearer',
      resourceMetadata: 'https://bedrock-agentcore.us-east-1.amazonaws.com/runtimes/arn%3Aaws%3Abedrock-agentcore%3Aus-east-1%3A123456789012%3Aruntime%2Fmcp_server-4jYLS0BaZ6/invocations/.well-known/oauth-protected-resource?qualifier=DEFAULT',
    }],
    ['Python SDK', 'Bearer error="invalid_token", error_description="Authentication required", resource_metadata="https://mcp.example/.well-known/oauth-protected-resource/mcp"', {
      scheme: 'Bearer',
      error: 'invalid_token',
      errorDescription: 'Authentication required',
      resourceMetadata: 'https://mcp.example/.well-known/oauth-protected-resource/mcp',
    }],
    ['escaped quotes and commas inside a quoted string', 'Bearer error_description="say \\"hi\\", then, go", scope="a b"', { scheme: 'Bearer', errorDescription: 'say "hi", then, go', scope: 'a b' }],
    ['Bearer after another challenge', 'Basic realm="x, y", Bearer scope="mcp", error=insufficient_scope', { scheme: 'Bearer', scope: 'mcp', error: 'insufficient_scope' }],
    ['a token68 challenge first', 'Negotiate YIIB3gYGKwYBBQUCoIIB0j==, Bearer error="invalid_token"', { scheme: 'Bearer', error: 'invalid_token' }],
    ['no Bearer: the first challenge', 'Newauth realm="apps", type=1, title="Login to \\"apps\\"", Basic realm="simple"', { scheme: 'Newauth' }],
    ['case-insensitive names and spaces around =', 'bearer Resource_Metadata = "https://m.example/prm" , SCOPE="x"', { scheme: 'bearer', resourceMetadata: 'https://m.example/prm', scope: 'x' }],
    ['an unquoted URL', 'Bearer resource_metadata=https://m.example/prm, scope=openid', { scheme: 'Bearer', resourceMetadata: 'https://m.example/prm', scope: 'openid' }],
    ['a repeated parameter: the first stands', 'Bearer scope="a", scope="b"', { scheme: 'Bearer', scope: 'a' }],
    ['a bare scheme', 'Bearer', { scheme: 'Bearer' }],
  ])('reads %s', (_label, header, expected) => {
    expect(parseBearerChallenge(header)).toEqual(expected);
  });

  it('returns undefined for an empty value', () => {
    expect(parseBearerChallenge('')).toBeUndefined();
    expect(parseBearerChallenge(' , ')).toBeUndefined();
  });
});

describe('metadata URL policy', () => {
  it.each([
    ['https://mcp.example/.well-known/oauth-protected-resource/mcp', undefined],
    ['https://MCP.example:443/prm', undefined],
    ['http://mcp.example:8080/prm', undefined],
    ['https://auth.mcp.example/prm', "it is on another host (auth.mcp.example); metadata is fetched only from the target's own host (mcp.example)"],
    ['https://[fe80::1]/prm', 'fe80::1 is a link-local address (where cloud metadata services answer)'],
    ['https://[fd00:ec2::254]/latest/meta-data/', 'fd00:ec2::254 is a link-local address (where cloud metadata services answer)'],
    ['file:///etc/passwd', 'the file scheme is not fetched'],
    ['/relative', 'not an absolute URL'],
  ])('judges %s', (url, expected) => {
    expect(metadataUrlRefusal(url, 'https://mcp.example/mcp')).toBe(expected);
  });

  it('builds the RFC 9728 well-known URLs', () => {
    expect(wellKnownMetadataUrls('https://mcp.example/mcp')).toEqual([`https://mcp.example${WELL_KNOWN}/mcp`, `https://mcp.example${WELL_KNOWN}`]);
    expect(wellKnownMetadataUrls('https://mcp.example/')).toEqual([`https://mcp.example${WELL_KNOWN}`]);
    expect(wellKnownMetadataUrls('https://h.example:8443/runtimes/a%3Ab/invocations?qualifier=DEFAULT')).toEqual([
      `https://h.example:8443${WELL_KNOWN}/runtimes/a%3Ab/invocations?qualifier=DEFAULT`,
      `https://h.example:8443${WELL_KNOWN}`,
    ]);
  });
});

describe('forged tokens from a token minted here', () => {
  it('keeps the payload and drops every byte of the signature', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const token = await new SignJWT({ sub: 'someone', client_id: 'abc' }).setProtectedHeader({ alg: 'ES256', kid: 'k' }).sign(privateKey);
    const { server, seen } = await recordingServer((_req, res) => res.writeHead(403, { 'content-type': 'text/plain' }).end('no'));
    const observation = await probe(runClient(server.url, token), server.url, token);
    expect(observation.algNone?.status).toBe(403);
    const signature = token.split('.')[2] as string;
    for (const { headers } of seen) expect(headers.authorization ?? '').not.toContain(signature);
    expect(seen.some((s) => s.headers.authorization === `Bearer ${token}`)).toBe(false);
  });
});
