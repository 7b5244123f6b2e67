import { once } from 'node:events';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsAccess } from '../../src/probes/aws/aws-runtime.js';
import { DESCRIBE_CONCURRENCY, listMcpRuntimes, nameMatcher } from '../../src/probes/aws/list-runtimes.js';
import { createNetworkConfig } from '../../src/probes/network-config.js';
import { startSimulation } from '../../src/sim/start-simulation.js';
import type { Simulation } from '../../src/sim/types.js';

describe('--name-filter', () => {
  it.each([
    [undefined, 'anything', true],
    ['prod', 'orders_prod_mcp', true],
    ['PROD', 'orders_prod_mcp', true],
    ['prod', 'orders_dev_mcp', false],
    ['prod_*', 'prod_orders', true],
    ['prod_*', 'orders_prod', false],
    ['*_mcp', 'orders_mcp', true],
    ['srv_?', 'srv_1', true],
    ['srv_?', 'srv_12', false],
    ['a.b*', 'axb', false],
  ])('%s matches %s: %s', (filter, name, expected) => {
    expect(nameMatcher(filter)(name)).toBe(expected);
  });
});

/**
 * `--all` describes the listed runtimes concurrently, at most `concurrency` at once, and keeps the
 * listing's order. A gate in front of the simulated control plane holds every GetAgentRuntime
 * until as many are in flight as the client should send at once (or all that are left): a client
 * that describes one by one never fills the gate and times out, one that sends more is counted.
 */
describe('listMcpRuntimes against the simulated control plane', () => {
  let sim: Simulation;
  let gate: { url: string; maxInFlight: number; gets: number; close(): Promise<void> };
  const saved = { ...process.env };

  function startGate(target: string, width: number, total: () => number): Promise<typeof gate> {
    const held: Array<() => void> = [];
    let inFlight = 0;
    let answered = 0;
    const state = { url: '', maxInFlight: 0, gets: 0, close: async () => undefined as void };
    const server = createServer((req, res) => {
      const forward = (): void => {
        const upstream = httpRequest(new URL(req.url ?? '/', target), { method: req.method, headers: req.headers }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        req.pipe(upstream);
      };
      if (!/^\/runtimes\/[^/?]+\/?$/.test(new URL(req.url ?? '/', 'http://x').pathname) || req.method !== 'GET') return forward();
      state.gets++;
      inFlight++;
      state.maxInFlight = Math.max(state.maxInFlight, inFlight);
      res.on('finish', () => {
        inFlight--;
        answered++;
      });
      held.push(forward);
      if (held.length >= Math.min(width, total() - answered)) for (const release of held.splice(0)) release();
    });
    server.listen(0, '127.0.0.1');
    return once(server, 'listening').then(() => {
      state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      state.close = async () => {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      };
      return state;
    });
  }

  beforeAll(async () => {
    sim = await startSimulation();
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: sim.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: sim.credentials.secretAccessKey });
    delete process.env.AWS_PROFILE;
    for (let i = 0; i < 19; i++) sim.addRuntime({ name: `fleet_${String(i).padStart(2, '0')}`, ...(i % 5 === 2 ? { serverProtocol: 'HTTP' as const } : {}) });
  });

  afterAll(async () => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
    await sim.stop();
  });

  it.each([1, 4, 8])('describes at most %i runtimes at once and keeps the listing order', async (width) => {
    const access = await createAwsAccess({ region: sim.region, timeoutMs: 10_000, network: createNetworkConfig({ direct: true }) });
    gate = await startGate(sim.controlPlaneUrl, width, () => 19);
    try {
      const listing = await listMcpRuntimes(access, { region: sim.region, endpoint: gate.url, timeoutMs: 10_000, concurrency: width });
      expect(listing.error).toBeUndefined();
      expect(gate.gets).toBe(19);
      expect(gate.maxInFlight).toBe(width);
      const names = (arns: string[]): string[] => arns.map((arn) => /runtime\/(fleet_\d+)-/.exec(arn)?.[1] ?? arn);
      const http = [2, 7, 12, 17].map((i) => `fleet_${String(i).padStart(2, '0')}`);
      expect(names(listing.arns)).toEqual(Array.from({ length: 19 }, (_, i) => `fleet_${String(i).padStart(2, '0')}`).filter((name) => !http.includes(name)));
      expect(listing.skipped.map((s) => [names([s.arn])[0], s.reason])).toEqual(http.map((name) => [name, 'serverProtocol HTTP']));
    } finally {
      await gate.close();
    }
  });

  it('describes eight at once by default, and only the runtimes the name filter keeps', async () => {
    const access = await createAwsAccess({ region: sim.region, timeoutMs: 10_000, network: createNetworkConfig({ direct: true }) });
    // fleet_10 … fleet_18: nine described, two of them HTTP.
    gate = await startGate(sim.controlPlaneUrl, DESCRIBE_CONCURRENCY, () => 9);
    try {
      const listing = await listMcpRuntimes(access, { region: sim.region, endpoint: gate.url, timeoutMs: 10_000, nameFilter: 'fleet_1?' });
      expect([gate.gets, gate.maxInFlight, DESCRIBE_CONCURRENCY]).toEqual([9, 8, 8]);
      expect(listing.arns.map((arn) => /runtime\/(fleet_\d+)-/.exec(arn)?.[1])).toEqual(['fleet_10', 'fleet_11', 'fleet_13', 'fleet_14', 'fleet_15', 'fleet_16', 'fleet_18']);
      expect(listing.skipped.filter((s) => s.reason.startsWith('name '))).toHaveLength(10);
    } finally {
      await gate.close();
    }
  });
});
