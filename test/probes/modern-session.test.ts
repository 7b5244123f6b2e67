import { afterEach, describe, expect, it } from 'vitest';
import { startFixture } from '../../fixtures/start-fixture.js';
import type { ProbeContext } from '../../src/model/contracts.js';
import { HttpClient, originOf } from '../../src/probes/http-exchange.js';
import { runModernSession } from '../../src/probes/modern-session.js';
import { Redactor } from '../../src/security/redact.js';
import { createStatelessApp } from '../../src/sim/containers/mcp-app.js';
import { listenLocal } from '../../src/sim/listen.js';

/**
 * The v2 client with `versionNegotiation: { mode: 'auto' }` against both v2 modes and a 2025-only
 * server: it records the era it negotiated and the discover result, and whatever it prints about
 * the server is kept in the observation instead of reaching the console.
 */
const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

function sessionContext(url: string): ProbeContext {
  const http = new HttpClient({ targetOrigin: originOf(url), timeoutMs: 30_000, redactor: new Redactor() });
  stops.push(() => http.close());
  return { target: { kind: 'url', url }, runtime: { http }, options: {}, signal: new AbortController().signal } as unknown as ProbeContext;
}

describe('runModernSession', () => {
  it.each(['dual-era', 'modern-only'] as const)('negotiates 2026-07-28 with the %s v2 server', async (name) => {
    const fixture = await startFixture(name);
    stops.push(() => fixture.stop());
    const observation = await runModernSession(sessionContext(fixture.url));
    expect(observation.connect).toEqual({ ok: true });
    expect(observation.era).toBe('modern');
    expect(observation.protocolVersion).toBe('2026-07-28');
    expect(observation.discover).toEqual({ supportedVersions: ['2026-07-28'], capabilities: ['prompts', 'resources', 'tools'] });
    expect(observation.tools).toMatchObject({ ok: true, names: ['echo', 'add'] });
    expect(observation.ping).toBeUndefined();
    // The first request is the probe the auto mode sends.
    expect(JSON.stringify(fixture.requests[0]?.headers)).toContain('server/discover');
  }, 30_000);

  it('falls back to initialize on a 2025-only server', async () => {
    const server = await listenLocal(createStatelessApp());
    stops.push(() => server.stop());
    const observation = await runModernSession(sessionContext(server.url));
    expect(observation.connect).toEqual({ ok: true });
    expect(observation.era).toBe('legacy');
    expect(observation.discover).toBeUndefined();
    expect(observation.ping).toEqual({ ok: true });
  }, 30_000);

  it('keeps the client\'s warning about an excluded tool off the console', async () => {
    const fixture = await startFixture('modern-tool-invalid');
    stops.push(() => fixture.stop());
    const printed: unknown[] = [];
    const warn = console.warn;
    const spy = (...args: unknown[]): void => void printed.push(args);
    console.warn = spy;
    try {
      const observation = await runModernSession(sessionContext(fixture.url));
      expect(observation.tools).toMatchObject({ ok: true, names: [] });
      expect(observation.clientWarnings?.join('\n')).toMatch(/excluding tool 'forecast'/);
      expect(console.warn).toBe(spy);
    } finally {
      console.warn = warn;
    }
    expect(printed).toEqual([]);
  }, 30_000);
});
