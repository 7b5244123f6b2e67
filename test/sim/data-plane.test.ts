import { randomUUID } from 'node:crypto';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withPythonHostCheck } from '../../src/sim/containers/faults.js';
import { createStatefulApp, createStatelessApp } from '../../src/sim/containers/mcp-app.js';
import type { HttpHandler } from '../../src/sim/containers/types.js';
import { listenLocal, type LocalServer } from '../../src/sim/listen.js';
import { startSimulation } from '../../src/sim/start-simulation.js';
import type { SimRuntime, Simulation } from '../../src/sim/types.js';
import { createTestAgent, deadUrl, fixedStatus, header, INITIALIZE, invoke, MCP_ACCEPT, recording, signedInvocationHeaders, TOOLS_LIST } from './helpers.js';

/**
 * The data plane front door against real MCP containers (agentcore-contract §1.2, §2, §5):
 * pass-through, header rewriting, session ids, wrapping of container failures, cold starts,
 * auth mode, resolution and throttling.
 */

const PROXY_HOST = 'cell01.us-east-1.prod.arp.kepler-analytics.aws.dev';
const MISMATCH =
  "Authorization method mismatch. The agent is configured for a different authorization method than what was used in your request. Check the agent's authorization configuration and ensure your request uses the matching method (OAuth or SigV4)";

let sim: Simulation;
const agent = createTestAgent();
const containers: LocalServer[] = [];
const stateless = recording(createStatelessApp());
let statelessUrl = '';
let token = '';

async function container(handler: HttpHandler): Promise<string> {
  const server = await listenLocal(handler);
  containers.push(server);
  return server.url;
}

let counter = 0;
function runtimeName(): string {
  counter += 1;
  return `dp_runtime_${counter}`;
}

function jwtRuntime(extra: Partial<Parameters<Simulation['addRuntime']>[0]> = {}): SimRuntime {
  return sim.addRuntime({ name: runtimeName(), containerUrl: statelessUrl, customJWTAuthorizer: {}, ...extra });
}

beforeAll(async () => {
  sim = await startSimulation({ knobs: { initTimeoutSeconds: 0.4 } });
  statelessUrl = await container(stateless.handler);
  token = await sim.issuer.mint();
});

afterAll(async () => {
  await sim.stop();
  await Promise.all(containers.map((server) => server.stop()));
  await agent.close();
});

describe('pass-through to a healthy container', () => {
  it('returns the container JSON answer with session headers, and the container sees the platform session id and the proxy Host', async () => {
    const runtime = jwtRuntime();
    const before = stateless.seen.length;
    const result = await invoke(agent, runtime.invocationUrl, { authorization: `Bearer ${token}`, 'mcp-protocol-version': '2025-03-26' });
    expect(result.status).toBe(200);
    expect(header(result, 'content-type')).toMatch(/^application\/json/);
    expect((result.json as { result: { serverInfo: { name: string } } }).result.serverInfo.name).toBe('mcp-doctor-fixture');

    const seen = stateless.seen[before];
    expect(stateless.seen.length).toBe(before + 1);
    const platformSession = seen?.['mcp-session-id'];
    expect(platformSession).toMatch(/^[0-9a-f-]{36}$/);
    expect(header(result, 'mcp-session-id')).toBe(platformSession);
    expect(header(result, 'x-amzn-bedrock-agentcore-runtime-session-id')).toBe(platformSession);
    expect(seen?.['x-amzn-bedrock-agentcore-runtime-session-id']).toBe(platformSession);
    expect(header(result, 'x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen?.host).toBe(PROXY_HOST);
    expect(seen?.['mcp-protocol-version']).toBe('2025-03-26');
    expect(seen?.accept).toBe(MCP_ACCEPT);
    // No allowlist: the bearer token stays at the front door.
    expect(seen?.authorization).toBeUndefined();
  });

  it('forwards the client Mcp-Session-Id and runtime session id verbatim', async () => {
    const runtime = jwtRuntime();
    const sessionId = randomUUID();
    const runtimeSession = `${randomUUID()}-rt`;
    const before = stateless.seen.length;
    const result = await invoke(agent, runtime.invocationUrl, { authorization: `Bearer ${token}`, 'mcp-session-id': sessionId, 'x-amzn-bedrock-agentcore-runtime-session-id': runtimeSession }, TOOLS_LIST);
    expect(result.status).toBe(200);
    expect(stateless.seen[before]?.['mcp-session-id']).toBe(sessionId);
    expect(stateless.seen[before]?.['x-amzn-bedrock-agentcore-runtime-session-id']).toBe(runtimeSession);
    expect(header(result, 'mcp-session-id')).toBe(sessionId);
    expect(header(result, 'x-amzn-bedrock-agentcore-runtime-session-id')).toBe(runtimeSession);
  });

  it('refuses a runtime session id shorter than 33 characters with 400', async () => {
    const result = await invoke(agent, jwtRuntime().invocationUrl, { authorization: `Bearer ${token}`, 'x-amzn-bedrock-agentcore-runtime-session-id': 'short' });
    expect(result.status).toBe(400);
    expect(header(result, 'x-amzn-errortype')).toBe('ValidationException');
    expect(result.json).toEqual({ message: "1 validation error detected: Value at 'runtimeSessionId' failed to satisfy constraint: Member must have length greater than or equal to 33" });
  });

  it('streams an SSE answer event by event', async () => {
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const url = await container({
      async handle(req, res) {
        req.resume();
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        res.write('event: message\ndata: {"jsonrpc":"2.0","method":"notifications/progress","params":{"progress":1}}\n\n');
        await released;
        res.end('event: message\ndata: {"jsonrpc":"2.0","id":1,"result":{}}\n\n');
      },
    });
    const runtime = jwtRuntime({ containerUrl: url });
    const response = await request(runtime.invocationUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: MCP_ACCEPT },
      body: INITIALIZE,
      dispatcher: agent,
      // Headers held back until the stream ends would mean the whole answer was buffered.
      headersTimeout: 2_000,
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/event-stream');
    expect(response.headers['mcp-session-id']).toMatch(/^[0-9a-f-]{36}$/);
    const iterator = response.body[Symbol.asyncIterator]();
    // The first event must arrive while the container still holds the stream open.
    const first = await Promise.race([iterator.next(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('first SSE event was buffered')), 2_000))]);
    expect(Buffer.from(first.value as Buffer).toString('utf8')).toContain('notifications/progress');
    release();
    let rest = '';
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) rest += Buffer.from(next.value as Buffer).toString('utf8');
    expect(rest).toContain('"id":1');
  });

  it('passes a real SDK SSE answer through', async () => {
    const url = await container(createStatelessApp({ enableJsonResponse: false }));
    const result = await invoke(agent, jwtRuntime({ containerUrl: url }).invocationUrl, { authorization: `Bearer ${token}` });
    expect(result.status).toBe(200);
    expect(header(result, 'content-type')).toBe('text/event-stream');
    expect(result.text).toMatch(/^event: message\ndata: \{.*"serverInfo"/m);
  });
});

describe('requestHeaderAllowlist', () => {
  it('forwards Authorization and allow-listed headers only when listed', async () => {
    const runtime = jwtRuntime({ requestHeaderAllowlist: ['authorization', 'X-Amzn-Bedrock-AgentCore-Runtime-Custom-*'] });
    const before = stateless.seen.length;
    const result = await invoke(agent, runtime.invocationUrl, {
      authorization: `Bearer ${token}`,
      'x-amzn-bedrock-agentcore-runtime-custom-tenant': 'acme',
      'x-not-listed': 'nope',
    });
    expect(result.status).toBe(200);
    const seen = stateless.seen[before];
    expect(seen?.authorization).toBe(`Bearer ${token}`);
    expect(seen?.['x-amzn-bedrock-agentcore-runtime-custom-tenant']).toBe('acme');
    expect(seen?.['x-not-listed']).toBeUndefined();
  });

  it('never forwards Authorization on a SigV4 runtime, even when listed', async () => {
    const runtime = sim.addRuntime({ name: runtimeName(), containerUrl: statelessUrl, requestHeaderAllowlist: ['Authorization'] });
    const { url, headers } = await signedInvocationHeaders(sim, runtime.arn, INITIALIZE);
    const before = stateless.seen.length;
    const result = await invoke(agent, url, headers);
    expect(result.status).toBe(200);
    expect(stateless.seen[before]?.authorization).toBeUndefined();
  });

  it('masks Authorization values in the request log, front door and container alike', async () => {
    const runtime = jwtRuntime({ requestHeaderAllowlist: ['Authorization'] });
    await invoke(agent, runtime.invocationUrl, { authorization: `Bearer ${token}` });
    const logged = sim.requests.filter((entry) => entry.headers.authorization !== undefined);
    expect(logged.some((entry) => entry.service === 'data-plane')).toBe(true);
    expect(logged.some((entry) => entry.service === 'container')).toBe(true);
    for (const entry of logged) expect(entry.headers.authorization).toMatch(/^(Bearer|AWS4-HMAC-SHA256) \*\*\*$/);
    expect(JSON.stringify(sim.requests)).not.toContain(token);
  });
});

describe('container failures', () => {
  it('answers 406 -32011 when Accept lacks text/event-stream', async () => {
    const result = await invoke(agent, jwtRuntime().invocationUrl, { authorization: `Bearer ${token}`, accept: 'application/json' });
    expect(result.status).toBe(406);
    expect(result.text).toBe(
      '{"jsonrpc":"2.0","id":null,"error":{"code":-32011,"message":"Accept Header Error - MCP protocol requires Accept header: application/json, text/event-stream"}}',
    );
  });

  it.each([
    ['a stateful container (404 Session not found for the injected id)', () => createStatefulApp({ unknownSession: 'spec' }), 404],
    ['a DNS-rebinding-protected container (421 Invalid Host header)', () => withPythonHostCheck(createStatelessApp()), 421],
    ['a stateful container in the SDK-example style (400)', () => createStatefulApp({ unknownSession: 'example-400' }), 400],
  ])('wraps %s into 200 -32010', async (_label, make, status) => {
    const url = await container(make());
    const result = await invoke(agent, jwtRuntime({ containerUrl: url }).invocationUrl, { authorization: `Bearer ${token}` });
    expect(result.status).toBe(200);
    expect(header(result, 'content-type')).toBe('application/json');
    expect(result.text).toBe(`{"jsonrpc":"2.0","id":null,"error":{"code":-32010,"message":"Received error (${status}) from runtime. Please check your CloudWatch logs for more information."}}`);
    expect(header(result, 'mcp-session-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('lets a stateful container work when the platform does not inject into initialize (knob)', async () => {
    const url = await container(createStatefulApp({ unknownSession: 'spec', enableJsonResponse: true }));
    const runtime = jwtRuntime({ containerUrl: url });
    sim.knobs.sessionIdInjection = 'except-initialize';
    try {
      const init = await invoke(agent, runtime.invocationUrl, { authorization: `Bearer ${token}` });
      expect(init.status).toBe(200);
      const sessionId = header(init, 'mcp-session-id');
      expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
      const list = await invoke(agent, runtime.invocationUrl, { authorization: `Bearer ${token}`, 'mcp-session-id': sessionId ?? '', 'mcp-protocol-version': '2025-03-26' }, TOOLS_LIST);
      expect(list.status).toBe(200);
      expect((list.json as { result: { tools: unknown[] } }).result.tools).toHaveLength(3);
    } finally {
      delete sim.knobs.sessionIdInjection;
    }
  });

  it('answers 424 after the init deadline when nothing listens, retrying meanwhile', async () => {
    const runtime = jwtRuntime({ containerUrl: await deadUrl() });
    const started = Date.now();
    const result = await invoke(agent, runtime.invocationUrl, { authorization: `Bearer ${token}` });
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    expect(result.status).toBe(424);
    expect(header(result, 'x-amzn-errortype')).toBe('RuntimeClientError');
    expect(result.json).toEqual({ message: 'Runtime initialization time exceeded. Please make sure that initialization completes in 0.4s.' });
  });

  it('answers 424 when a new session only gets 5xx, and when the container hangs', async () => {
    const failing = await invoke(agent, jwtRuntime({ containerUrl: await container(fixedStatus(503)) }).invocationUrl, { authorization: `Bearer ${token}` });
    expect(failing.status).toBe(424);
    const hanging = await invoke(agent, jwtRuntime({ containerUrl: await container({ handle: (req) => void req.resume() }) }).invocationUrl, { authorization: `Bearer ${token}` });
    expect(hanging.status).toBe(424);
    expect(hanging.json).toEqual({ message: 'Runtime initialization time exceeded. Please make sure that initialization completes in 0.4s.' });
  });

  it('wraps a 5xx on a warm session as -32010 instead of a cold-start 424', async () => {
    let calls = 0;
    const app = createStatelessApp();
    const url = await container({
      handle(req, res) {
        calls += 1;
        if (calls === 1) return app.handle(req, res);
        req.resume();
        res.writeHead(500).end();
      },
    });
    const runtime = jwtRuntime({ containerUrl: url });
    const first = await invoke(agent, runtime.invocationUrl, { authorization: `Bearer ${token}` });
    expect(first.status).toBe(200);
    const second = await invoke(agent, runtime.invocationUrl, { authorization: `Bearer ${token}`, 'mcp-session-id': header(first, 'mcp-session-id') ?? '' }, TOOLS_LIST);
    expect(second.status).toBe(200);
    expect((second.json as { error: { code: number; message: string } }).error).toEqual({
      code: -32010,
      message: 'Received error (500) from runtime. Please check your CloudWatch logs for more information.',
    });
  });

  it('answers 424 for a non-MCP runtime whatever the container serves', async () => {
    const result = await invoke(agent, jwtRuntime({ serverProtocol: 'HTTP' }).invocationUrl, { authorization: `Bearer ${token}` });
    expect(result.status).toBe(424);
    expect(result.json).toEqual({ message: 'Runtime initialization time exceeded. Please make sure that initialization completes in 0.4s.' });
  });
});

describe('auth mode', () => {
  it('refuses a SigV4-signed request to a JWT runtime with the mismatch, as JSON-RPC -32002', async () => {
    const runtime = jwtRuntime();
    const { url, headers } = await signedInvocationHeaders(sim, runtime.arn, INITIALIZE);
    const result = await invoke(agent, url, headers);
    expect(result.status).toBe(403);
    expect(header(result, 'x-amzn-errortype')).toBe('AccessDeniedException');
    expect(result.json).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32002, message: MISMATCH } });
  });

  it('refuses a bearer token to a SigV4 runtime with the same mismatch', async () => {
    const runtime = sim.addRuntime({ name: runtimeName(), containerUrl: statelessUrl });
    const result = await invoke(agent, runtime.invocationUrl, { authorization: `Bearer ${token}` });
    expect(result.status).toBe(403);
    expect(result.json).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32002, message: MISMATCH } });
  });

  it('uses the plain message shape for a non-MCP runtime', async () => {
    const runtime = sim.addRuntime({ name: runtimeName(), serverProtocol: 'A2A' });
    const result = await invoke(agent, runtime.invocationUrl, { authorization: `Bearer ${token}` });
    expect(result.status).toBe(403);
    expect(result.json).toEqual({ message: MISMATCH });
  });

  it('refuses an unauthenticated request to a SigV4 runtime with 403 -32002', async () => {
    const runtime = sim.addRuntime({ name: runtimeName(), containerUrl: statelessUrl });
    const result = await invoke(agent, runtime.invocationUrl);
    expect(result.status).toBe(403);
    expect(header(result, 'www-authenticate')).toBeUndefined();
    expect(result.json).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32002, message: 'Authorization error - Insufficient permissions' } });
  });

  it('accepts a valid SigV4 signature and refuses a wrong secret or an unknown key', async () => {
    const runtime = sim.addRuntime({ name: runtimeName(), containerUrl: statelessUrl });
    const good = await signedInvocationHeaders(sim, runtime.arn, INITIALIZE);
    expect((await invoke(agent, good.url, good.headers)).status).toBe(200);

    const badSecret = await signedInvocationHeaders(sim, runtime.arn, INITIALIZE, { credentials: { accessKeyId: sim.credentials.accessKeyId, secretAccessKey: 'x'.repeat(40) } });
    const refused = await invoke(agent, badSecret.url, badSecret.headers);
    expect(refused.status).toBe(403);
    expect(header(refused, 'x-amzn-errortype')).toBe('InvalidSignatureException');

    const otherKey = await signedInvocationHeaders(sim, runtime.arn, INITIALIZE, { credentials: { accessKeyId: 'AKIAOTHERKEY00000000', secretAccessKey: sim.credentials.secretAccessKey } });
    const unknown = await invoke(agent, otherKey.url, otherKey.headers);
    expect(unknown.status).toBe(403);
    expect(header(unknown, 'x-amzn-errortype')).toBe('UnrecognizedClientException');
    expect(unknown.json).toEqual({ message: 'The security token included in the request is invalid.' });

    // A body changed after signing no longer matches the signature.
    const tampered = await invoke(agent, good.url, good.headers, TOOLS_LIST);
    expect(tampered.status).toBe(403);
  });
});

describe('resolution', () => {
  const notFound = (qualifier: string, arn: string): unknown => ({ message: `No endpoint or agent found with qualifier '${qualifier}' for agent '${arn}'` });
  const invocation = (arn: string, qualifier?: string): string => `${sim.dataPlaneUrl}/runtimes/${encodeURIComponent(arn)}/invocations${qualifier ? `?qualifier=${qualifier}` : ''}`;

  it('answers 404 for an unknown runtime, an unknown qualifier, another region and an endpoint ARN', async () => {
    const runtime = jwtRuntime();
    const unknownArn = runtime.arn.replace(/-[A-Za-z0-9]{10}$/, '-ZZZZZZZZZZ');
    const otherRegion = runtime.arn.replace(':us-east-1:', ':us-west-2:');
    const endpointArn = `${runtime.arn}/runtime-endpoint/DEFAULT`;
    const cases: [string, string, string][] = [
      [invocation(unknownArn), 'DEFAULT', unknownArn],
      [invocation(runtime.arn, 'prod'), 'prod', runtime.arn],
      [invocation(otherRegion), 'DEFAULT', otherRegion],
      [invocation(endpointArn), 'DEFAULT', endpointArn],
    ];
    for (const [url, qualifier, arn] of cases) {
      const result = await invoke(agent, url, { authorization: `Bearer ${token}` });
      expect(result.status, url).toBe(404);
      expect(header(result, 'x-amzn-errortype')).toBe('ResourceNotFoundException');
      expect(result.json).toEqual(notFound(qualifier, arn));
    }
  });

  it('answers 404 while the runtime or its endpoint is not READY, and serves named qualifiers', async () => {
    const runtime = jwtRuntime({ endpoints: { DEFAULT: {}, prod: { status: 'CREATING' } } });
    expect((await invoke(agent, invocation(runtime.arn, 'prod'), { authorization: `Bearer ${token}` })).status).toBe(404);
    runtime.update({ endpoints: { DEFAULT: {}, prod: { status: 'READY' } } });
    expect((await invoke(agent, invocation(runtime.arn, 'prod'), { authorization: `Bearer ${token}` })).status).toBe(200);
    runtime.update({ status: 'UPDATING' });
    expect((await invoke(agent, runtime.invocationUrl, { authorization: `Bearer ${token}` })).status).toBe(404);
  });

  it('needs accountId with a bare runtime id', async () => {
    const runtime = jwtRuntime();
    const bare = await invoke(agent, `${sim.dataPlaneUrl}/runtimes/${runtime.runtimeId}/invocations`, { authorization: `Bearer ${token}` });
    expect(bare.status).toBe(400);
    expect(bare.json).toEqual({ message: 'accountID required' });
    const withAccount = await invoke(agent, `${sim.dataPlaneUrl}/runtimes/${runtime.runtimeId}/invocations?accountId=${sim.accountId}`, { authorization: `Bearer ${token}` });
    expect(withAccount.status).toBe(200);
  });

  it('wraps not-found as 200 -32004 with the knob', async () => {
    sim.knobs.wrapResourceNotFound = true;
    try {
      const arn = `arn:aws:bedrock-agentcore:us-east-1:${sim.accountId}:runtime/missing-AAAAAAAAAA`;
      const result = await invoke(agent, invocation(arn), { authorization: `Bearer ${token}` });
      expect(result.status).toBe(200);
      expect(result.json).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32004, message: `No endpoint or agent found with qualifier 'DEFAULT' for agent '${arn}'` } });
    } finally {
      sim.knobs.wrapResourceNotFound = false;
    }
  });

  it('answers UnknownOperationException for other methods and an unencoded ARN', async () => {
    const runtime = jwtRuntime();
    for (const method of ['GET', 'DELETE']) {
      const response = await request(runtime.invocationUrl, { method: method as 'GET', headers: { authorization: `Bearer ${token}`, accept: MCP_ACCEPT }, dispatcher: agent });
      expect(response.statusCode).toBe(404);
      expect(response.headers['x-amzn-errortype']).toBe('UnknownOperationException');
      expect(await response.body.json()).toEqual({ message: 'UnknownOperationException' });
    }
    const raw = await invoke(agent, `${sim.dataPlaneUrl}/runtimes/${runtime.arn}/invocations`, { authorization: `Bearer ${token}` });
    expect(raw.status).toBe(404);
    expect(header(raw, 'x-amzn-errortype')).toBe('UnknownOperationException');
  });
});

describe('knobs', () => {
  it('throttles an endpoint beyond tpsLimit with 200 -32003', async () => {
    const runtime = jwtRuntime();
    sim.knobs.tpsLimit = 2;
    try {
      const statuses: unknown[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await invoke(agent, runtime.invocationUrl, { authorization: `Bearer ${token}` })).json);
      expect((statuses[0] as { result?: unknown }).result).toBeDefined();
      expect((statuses[1] as { result?: unknown }).result).toBeDefined();
      expect(statuses[2]).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32003, message: 'Rate limit exceeded - Too many requests' } });
      // Another runtime has its own budget.
      expect((await invoke(agent, jwtRuntime().invocationUrl, { authorization: `Bearer ${token}` })).status).toBe(200);
    } finally {
      delete sim.knobs.tpsLimit;
    }
  });

  it('delays every answer by latencyMs', async () => {
    const runtime = jwtRuntime();
    const timed = async (): Promise<number> => {
      const started = Date.now();
      expect((await invoke(agent, runtime.invocationUrl, { authorization: `Bearer ${token}` })).status).toBe(200);
      return Date.now() - started;
    };
    const baseline = await timed();
    sim.knobs.latencyMs = 300;
    try {
      const slow = await timed();
      expect(slow).toBeGreaterThanOrEqual(300);
      expect(slow).toBeGreaterThan(baseline);
    } finally {
      sim.knobs.latencyMs = 0;
    }
  });
});

describe('stop', () => {
  it('closes every server, including one with a stream in flight', async () => {
    const own = await startSimulation();
    const url = await container({
      handle(req, res) {
        req.resume();
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(': open\n\n');
      },
    });
    const runtime = own.addRuntime({ name: 'stream_runtime', containerUrl: url, customJWTAuthorizer: {} });
    const response = await request(runtime.invocationUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${await own.issuer.mint()}`, 'content-type': 'application/json', accept: MCP_ACCEPT },
      body: INITIALIZE,
      dispatcher: agent,
      headersTimeout: 2_000,
    });
    expect(response.statusCode).toBe(200);
    const drained = response.body.text().then(
      () => 'ended',
      () => 'aborted',
    );
    await own.stop();
    expect(['ended', 'aborted']).toContain(await drained);
    await expect(request(own.dataPlaneUrl, { dispatcher: agent })).rejects.toThrow();
    await expect(request(own.cognitoUrl, { dispatcher: agent })).rejects.toThrow();
    await expect(request(own.controlPlaneUrl, { dispatcher: agent })).rejects.toThrow();
  });
});

describe('UNCONFIRMED platform behaviours as settings', () => {
  it('a session still being provisioned answers 200 + -32005 for its first requests (sessionConflicts)', async () => {
    sim.knobs.sessionConflicts = 1;
    try {
      const runtime = jwtRuntime();
      const session = randomUUID();
      const first = await invoke(agent, runtime.invocationUrl, { authorization: `Bearer ${token}`, 'mcp-session-id': session }, TOOLS_LIST);
      expect(first.status).toBe(200);
      expect(first.json).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32005, message: 'Session operation in progress, please retry' } });
      expect(header(first, 'x-amzn-errortype')).toBe('RetryableConflictException');
      const retry = await invoke(agent, runtime.invocationUrl, { authorization: `Bearer ${token}`, 'mcp-session-id': session }, TOOLS_LIST);
      expect(retry.status).toBe(200);
      expect((retry.json as { error?: unknown }).error).toBeUndefined();
    } finally {
      delete sim.knobs.sessionConflicts;
    }
  });

  it('beyond the session quota a new session gets ServiceQuotaExceeded (MCP: 200 + -32003)', async () => {
    sim.knobs.sessionQuota = 1;
    try {
      const runtime = jwtRuntime();
      const ok = await invoke(agent, runtime.invocationUrl, { authorization: `Bearer ${token}`, 'mcp-session-id': randomUUID() }, TOOLS_LIST);
      expect((ok.json as { error?: unknown }).error).toBeUndefined();
      const over = await invoke(agent, runtime.invocationUrl, { authorization: `Bearer ${token}`, 'mcp-session-id': randomUUID() }, TOOLS_LIST);
      expect(over.json).toMatchObject({ error: { code: -32003 } });
      expect(header(over, 'x-amzn-errortype')).toBe('ServiceQuotaExceededException');
    } finally {
      delete sim.knobs.sessionQuota;
    }
  });

  it('MMDSv2 enforcement refuses a runtime without requireMMDSV2 (-32006 ValidationException)', async () => {
    sim.knobs.enforceMmdsv2 = true;
    try {
      const result = await invoke(agent, jwtRuntime({ requireMMDSV2: false }).invocationUrl, { authorization: `Bearer ${token}` });
      expect(result.json).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32006, message: 'This runtime is not MMDSv2-enabled' } });
      expect((await invoke(agent, jwtRuntime().invocationUrl, { authorization: `Bearer ${token}` })).status).toBe(200);
    } finally {
      delete sim.knobs.enforceMmdsv2;
    }
  });

  it('WWW-Authenticate on every 401, or only on the missing-token 401', async () => {
    const runtime = jwtRuntime();
    const idToken = await sim.issuer.mint({ tokenUse: 'id' });
    expect(header(await invoke(agent, runtime.invocationUrl, { authorization: `Bearer ${idToken}` }), 'www-authenticate')).toMatch(/^Bearer resource_metadata=/);
    sim.knobs.wwwAuthenticateOn = 'missing-token';
    try {
      const claim = await invoke(agent, runtime.invocationUrl, { authorization: `Bearer ${idToken}` });
      expect(claim.status).toBe(401);
      expect(header(claim, 'www-authenticate')).toBeUndefined();
      expect(header(await invoke(agent, runtime.invocationUrl, {}), 'www-authenticate')).toMatch(/^Bearer resource_metadata=/);
    } finally {
      delete sim.knobs.wwwAuthenticateOn;
    }
  });

  it('a token from another pool: 401 iss mismatch by default, 403 signature failure with the other order', async () => {
    const runtime = jwtRuntime();
    const foreign = await sim.issuer.mint({ unknownKey: true, issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other' });
    const byIssuer = await invoke(agent, runtime.invocationUrl, { authorization: `Bearer ${foreign}` });
    expect(byIssuer.status).toBe(401);
    expect(byIssuer.json).toMatchObject({ error: { message: "Claim 'iss' value mismatch with configuration." } });
    sim.knobs.foreignTokenCheck = 'signature';
    try {
      const bySignature = await invoke(agent, runtime.invocationUrl, { authorization: `Bearer ${foreign}` });
      expect(bySignature.status).toBe(403);
      expect(bySignature.json).toEqual({ message: 'OAuth authorization failed: Failed to verify token signature' });
    } finally {
      delete sim.knobs.foreignTokenCheck;
    }
  });

  it('scope failure as a 401 claim mismatch or a 403 insufficient_scope; a bearer token on an IAM runtime as mismatch or AccessDenied', async () => {
    const scoped = jwtRuntime({ customJWTAuthorizer: { allowedScopes: ['mcp/invoke'] } });
    expect((await invoke(agent, scoped.invocationUrl, { authorization: `Bearer ${token}` })).status).toBe(401);
    sim.knobs.scopeFailure = 'insufficient-scope-403';
    sim.knobs.bearerOnIamRuntime = 'access-denied';
    try {
      const scope = await invoke(agent, scoped.invocationUrl, { authorization: `Bearer ${token}` });
      expect(scope.status).toBe(403);
      expect(scope.json).toEqual({ message: 'insufficient_scope' });
      const iam = sim.addRuntime({ name: runtimeName(), containerUrl: statelessUrl });
      const bearer = await invoke(agent, iam.invocationUrl, { authorization: `Bearer ${token}` });
      expect(bearer.status).toBe(403);
      expect(bearer.json).toMatchObject({ error: { code: -32002, message: 'Authorization error - Insufficient permissions' } });
    } finally {
      delete sim.knobs.scopeFailure;
      delete sim.knobs.bearerOnIamRuntime;
    }
  });
});
