import { describe, expect, it } from 'vitest';
import { createDualEraServer } from '../../fixtures/conformance/dual-era-server.js';
import { conformanceFixtures } from '../../fixtures/conformance/servers.js';
import { startFixture } from '../../fixtures/start-fixture.js';
import { runConformance } from '../../src/conformance/run-conformance.js';
import { conformanceScenarios } from './conformance-scenarios.js';

/**
 * Each conformance fixture through the library: exactly the requirements the table names fail
 * (or warn) with exactly those codes; every other requirement passes or is skipped with a reason.
 */
describe('conformance fixtures', () => {
  it.each(conformanceScenarios.map((s) => [s.name, s] as const))('%s', async (_name, scenario) => {
    const fixture = await startFixture(conformanceFixtures[scenario.fixture]);
    try {
      const report = await runConformance({ target: fixture.url, ...(scenario.era ? { era: scenario.era } : {}), calls: scenario.calls ?? [], timeoutMs: 15_000 });
      const codesOf = (id: string) => report.findings.filter((f) => f.checkId === id).map((f) => f.code).sort();
      const byStatus = (status: 'fail' | 'warn') => Object.fromEntries(report.checks.filter((c) => c.status === status).map((c) => [c.id, codesOf(c.id)]));
      expect(byStatus('fail')).toEqual(Object.fromEntries(Object.entries(scenario.failures).map(([id, codes]) => [id, [...codes].sort()])));
      expect(byStatus('warn')).toEqual(Object.fromEntries(Object.entries(scenario.warnings ?? {}).map(([id, codes]) => [id, [...codes].sort()])));
      expect(report.checks.filter((c) => c.status === 'error')).toEqual([]);
      for (const check of report.checks.filter((c) => c.status === 'skip')) expect(check.skipReason, check.id).toMatch(/\w+/);
      for (const [id, reason] of Object.entries(scenario.skipped ?? {})) {
        const check = report.checks.find((c) => c.id === id);
        expect(check?.status, id).toBe('skip');
        expect(check?.skipReason, id).toMatch(reason);
      }
      expect(report.conformance?.eras.map((e) => [e.era, e.status])).toEqual(scenario.eras);
      const failing = Object.keys(scenario.failures).length > 0;
      expect(report.summary.verdict).toBe(failing ? 'unhealthy' : 'healthy');
      for (const check of report.checks) {
        expect(check.spec?.url, check.id).toMatch(/^https:\/\/(modelcontextprotocol\.io\/specification\/\d{4}-\d{2}-\d{2}\/|www\.jsonrpc\.org\/)/);
      }
    } finally {
      await fixture.stop();
    }
  });

  it('sends tools/call only for tools named with --call, and nothing but POST', async () => {
    const calls: unknown[] = [];
    const spy = { name: 'spy', description: 'records tools/call names', path: '/mcp', create: () => createDualEraServer({ fault: (m) => void (m.method === 'tools/call' && calls.push(m.params?.name)) }) };
    const fixture = await startFixture(spy);
    try {
      await runConformance({ target: fixture.url });
      expect(calls).toEqual([]);
      await runConformance({ target: fixture.url, calls: [{ name: 'echo', args: { text: 'x' } }] });
      expect(calls).toEqual(['echo', 'echo']);
      expect(new Set(fixture.requests.map((r) => r.method))).toEqual(new Set(['POST']));
    } finally {
      await fixture.stop();
    }
  });

  it('repeats a throttled request (HTTP 429, or -32003 as AgentCore sends it) and judges the answer that follows', async () => {
    let pings = 0;
    const throttling = {
      name: 'throttling',
      description: 'throttles the first two pings',
      path: '/mcp',
      create: () =>
        createDualEraServer({
          fault: (m, { era }) => {
            if (era !== '2025' || m.method !== 'ping' || m.id !== 7) return undefined;
            pings++;
            if (pings === 1) return { status: 429, body: { error: 'slow down' }, headers: { 'retry-after': '0' } };
            if (pings === 2) return { status: 200, body: { jsonrpc: '2.0', id: null, error: { code: -32003, message: 'Rate limit exceeded - Too many requests' } }, headers: { 'retry-after': '0' } };
            return undefined;
          },
        }),
    };
    const fixture = await startFixture(throttling);
    try {
      const report = await runConformance({ target: fixture.url, era: '2025' });
      expect(pings).toBe(3);
      expect(report.checks.find((c) => c.id === '2025/ping')?.status).toBe('pass');
    } finally {
      await fixture.stop();
    }
  });

  it('an interrupted run claims no failure: cut requirements could not run', async () => {
    const fixture = await startFixture('hanging');
    try {
      const report = await runConformance({ target: fixture.url, timeoutMs: 60_000, overallTimeoutMs: 1_000 });
      expect(report).toMatchObject({ interrupted: true, interruption: 'deadline', findings: [] });
      expect(report.checks.find((c) => c.id === '2025/initialize')).toMatchObject({ status: 'error', errorMessage: "the run was stopped by the run's --deadline before every request was answered" });
      expect(report.summary.verdict).toBe('unhealthy');
    } finally {
      await fixture.stop();
    }
  });

  it('judges and links a 2025-03-26 server by the 2025-03-26 text', async () => {
    const fixture = await startFixture(conformanceFixtures['healthy-2025-03-26']);
    try {
      const report = await runConformance({ target: fixture.url, era: '2025' });
      expect(report.conformance?.eras[0]?.version).toBe('2025-03-26');
      expect(report.checks.find((c) => c.id === '2025/batch')?.spec?.url).toBe('https://modelcontextprotocol.io/specification/2025-03-26/basic/transports#sending-messages-to-the-server');
      expect(report.checks.find((c) => c.id === '2025/origin-validation')?.status).toBe('pass');
    } finally {
      await fixture.stop();
    }
  });

  it('links each requirement to its section in the negotiated version', async () => {
    const fixture = await startFixture(conformanceFixtures['healthy-legacy-only']);
    try {
      const report = await runConformance({ target: fixture.url, era: '2025' });
      const spec = (id: string) => report.checks.find((c) => c.id === id)?.spec;
      expect(spec('2025/tools-list')).toEqual({ id: 'MCP 2025-11-25 server/tools#listing-tools', url: 'https://modelcontextprotocol.io/specification/2025-11-25/server/tools#listing-tools' });
      expect(spec('2025/unknown-method')?.url).toBe('https://www.jsonrpc.org/specification#error_object');
      expect(report.checks.every((c) => c.id.startsWith('2025/'))).toBe(true);
      expect(report.server).toMatchObject({ name: 'conformance-fixture', protocolVersion: '2025-11-25', tools: 5, resources: 1, prompts: 2, stateful: false });
    } finally {
      await fixture.stop();
    }
  });
});
