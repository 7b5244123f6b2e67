import { afterAll, describe, expect, it } from 'vitest';
import { createModernApp } from '../../src/sim/containers/modern-app.js';
import { listenLocal, type LocalServer } from '../../src/sim/listen.js';
import { startSimulation } from '../../src/sim/start-simulation.js';
import type { SimKnobs, Simulation } from '../../src/sim/types.js';
import { modernRequest } from '../../src/probes/modern-requests.js';
import { createTestAgent, invoke, recording } from './helpers.js';

/**
 * The front door's UNCONFIRMED 2026-07-28 behaviour, one knob at a time (protocol-2026-07-28 §7):
 * which routing headers reach the container, whether a platform session id is added to modern
 * requests, and what a new container is sent first.
 */
const agent = createTestAgent();
const open: Array<{ stop(): Promise<void> }> = [];
afterAll(async () => {
  for (const server of open.splice(0)) await server.stop();
  await agent.close();
});

async function setUp(knobs: SimKnobs, legacy: 'stateless' | 'reject' = 'reject') {
  const sim: Simulation = await startSimulation({ knobs: { initTimeoutSeconds: 5, ...knobs } });
  const container = recording(createModernApp({ legacy }));
  const server: LocalServer = await listenLocal(container.handler);
  open.push(server, sim);
  const runtime = sim.addRuntime({ name: `modern_${open.length}`, containerUrl: server.url, customJWTAuthorizer: {} });
  const token = await sim.issuer.mint();
  const call = (method: string, params: Record<string, unknown> = {}, extra: Record<string, string> = {}) => {
    const { headers, body } = modernRequest(method, { params });
    return invoke(agent, runtime.invocationUrl, { ...headers, authorization: `Bearer ${token}`, ...extra }, body);
  };
  const legacyInitialize = () => invoke(agent, runtime.invocationUrl, { authorization: `Bearer ${token}` });
  return { seen: container.seen, call, legacyInitialize };
}

describe('the front door and 2026-07-28 requests', () => {
  it('forwards Mcp-Method, Mcp-Name and Mcp-Param-* by default, and injects a session id', async () => {
    const { seen, call } = await setUp({});
    const result = await call('tools/call', { name: 'echo', arguments: { text: 'hi' } }, { 'mcp-param-region': 'eu' });
    expect(result.status).toBe(200);
    const headers = seen.at(-1);
    expect(headers?.['mcp-method']).toBe('tools/call');
    expect(headers?.['mcp-name']).toBe('echo');
    expect(headers?.['mcp-param-region']).toBe('eu');
    expect(headers?.['mcp-session-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('strips the routing headers when set to: a modern-only container then refuses the request (wrapped 400)', async () => {
    const { seen, call } = await setUp({ modernHeaders: 'strip' });
    const result = await call('server/discover', {}, { 'mcp-param-region': 'eu' });
    const headers = seen.at(-1);
    expect(headers?.['mcp-method']).toBeUndefined();
    expect(headers?.['mcp-param-region']).toBeUndefined();
    expect(headers?.['mcp-protocol-version']).toBe('2026-07-28');
    expect(result.status).toBe(200);
    expect(JSON.stringify(result.json)).toContain('Received error (400) from runtime');
  });

  it('adds no session id to modern requests when set to, but still to 2025 ones', async () => {
    const { seen, call, legacyInitialize } = await setUp({ modernSessionIdInjection: false }, 'stateless');
    expect((await call('server/discover')).status).toBe(200);
    expect(seen.at(-1)?.['mcp-session-id']).toBeUndefined();
    expect((await legacyInitialize()).status).toBe(200);
    expect(seen.at(-1)?.['mcp-session-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each(['legacy-ping', 'modern-discover'] as const)('sends a %s health check to a new container first; a 400 from a modern-only server counts as started', async (healthCheck) => {
    const { seen, call } = await setUp({ healthCheck });
    const result = await call('server/discover');
    expect(result.status).toBe(200);
    expect(JSON.stringify(result.json)).toContain('supportedVersions');
    // The check reaches the container without the client's routing headers, then the request itself.
    expect(seen.length).toBe(2);
    expect(seen[0]?.['mcp-method']).toBeUndefined();
    expect(seen[1]?.['mcp-method']).toBe('server/discover');
  });
});
