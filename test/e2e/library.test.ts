import type { LookupFunction } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startFixture } from '../../fixtures/start-fixture.js';
import { runDoctor } from '../../src/engine/run-doctor.js';
import { UsageError } from '../../src/model/errors.js';

/** The library entry point: the same Report as the CLI, with injectable parts. */
describe('runDoctor', () => {
  it('reports DNS_LOOKUP_FAILED when the name does not resolve (resolver injected: no network)', async () => {
    const lookup = ((hostname: string, _options: unknown, callback: (error: NodeJS.ErrnoException) => void) => {
      const error: NodeJS.ErrnoException = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });
      process.nextTick(() => callback(error));
    }) as unknown as LookupFunction;
    const report = await runDoctor({ target: 'http://mcp.does-not-resolve.invalid/mcp', timeoutMs: 2_000 }, { lookup });
    expect(report.findings.map((f) => f.code)).toEqual(['DNS_LOOKUP_FAILED']);
    expect(report.summary.verdict).toBe('unhealthy');
    expect(report.checks.find((c) => c.id === 'initialize')?.status).toBe('skip');
  });

  it('returns a typed report for a healthy server, with the critical path', async () => {
    const fixture = await startFixture('healthy-json');
    try {
      const report = await runDoctor({ target: fixture.url }, { now: () => new Date('2026-01-01T00:00:00Z') });
      expect(report.schemaVersion).toBe(1);
      expect(report.startedAt).toBe('2026-01-01T00:00:00.000Z');
      expect(report.summary.verdict).toBe('healthy');
      expect(report.server.stateful).toBe(false);
      expect(report.server.tools).toBeGreaterThan(0);
      // The official session's two rounds (a stateless server gets its initialized notification
      // beside the lists), then the DELETE, which waits for every probe it could disturb.
      expect(report.timings.rounds).toBe(3);
      expect(report.timings.requests).toBeGreaterThanOrEqual(15);
      expect(report.timings.requests).toBe(report.timings.probes.reduce((sum, p) => sum + p.requests, 0));
    } finally {
      await fixture.stop();
    }
  });

  it('runs only the selected checks and their probes', async () => {
    const fixture = await startFixture('healthy-json');
    try {
      const report = await runDoctor({ target: fixture.url, only: ['endpoint-reachable', 'initialize'] });
      expect(report.checks.map((c) => c.id)).toEqual(['endpoint-reachable', 'initialize']);
      expect(report.timings.probes.map((p) => p.id)).toEqual(['init']);
      expect(fixture.requests).toHaveLength(1);
    } finally {
      await fixture.stop();
    }
  });

  it('skips a check whose observation is missing, naming the observation and why', async () => {
    const fixture = await startFixture('wrong-path');
    try {
      const report = await runDoctor({ target: fixture.url });
      const initialize = report.checks.find((c) => c.id === 'initialize');
      expect(initialize?.status).toBe('skip');
      expect(initialize?.skipReason).toMatch(/^missing observation headers-accepted \(.+\): it needs mcp-answer, which is missing: the compliant initialize was not answered as MCP: no MCP endpoint at this path \(answered HTTP 404/);
      const stateless = report.checks.find((c) => c.id === 'stateless');
      expect(stateless?.skipReason).toMatch(/^missing observation no-session \(.+\): it needs initialized, which is missing: the compliant initialize did not succeed: it answered HTTP 404/);
      expect(report.checks.filter((c) => c.skipReason?.includes('prerequisite'))).toEqual([]);
    } finally {
      await fixture.stop();
    }
  });

  it('bounds the whole run by the overall deadline', async () => {
    const fixture = await startFixture('hanging');
    try {
      const started = Date.now();
      const report = await runDoctor({ target: fixture.url, timeoutMs: 5_000, overallTimeoutMs: 800 });
      // A generous bound: the point is that an 800 ms deadline does not wait out 5 s requests.
      expect(Date.now() - started).toBeLessThan(4_500);
      expect(report.interrupted).toBe(true);
      expect(report.summary.verdict).toBe('unhealthy');
    } finally {
      await fixture.stop();
    }
  });

  it('throws UsageError for bad options', async () => {
    await expect(runDoctor({ target: 'nope' })).rejects.toBeInstanceOf(UsageError);
    await expect(runDoctor({ target: 'http://127.0.0.1:9/mcp', only: ['nope'] })).rejects.toThrow(/unknown check id/);
  });
});
