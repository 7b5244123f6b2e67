import { afterEach, describe, expect, it } from 'vitest';
import { hostileFixtures } from '../../fixtures/hostile/index.js';
import type { ProbeContext } from '../../src/model/contracts.js';
import { HttpClient, originOf } from '../../src/probes/http-exchange.js';
import { runMcpSession } from '../../src/probes/mcp-session.js';
import { Redactor } from '../../src/security/redact.js';
import { createStatelessApp } from '../../src/sim/containers/mcp-app.js';
import { listenLocal } from '../../src/sim/listen.js';

/**
 * The SDK session over the doctor's fetch. A stream that passes the byte cap must end the
 * session's request with that reason: the SDK itself only logs a broken stream and would leave
 * its request waiting for the whole timeout (here far longer than the test's own limit).
 */
const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

function sessionContext(url: string, maxBodyBytes: number): { ctx: ProbeContext; http: HttpClient } {
  const http = new HttpClient({ targetOrigin: originOf(url), timeoutMs: 120_000, maxBodyBytes, redactor: new Redactor() });
  const ctx = { target: { kind: 'url', url }, runtime: { http }, options: {}, signal: new AbortController().signal } as unknown as ProbeContext;
  return { ctx, http };
}

describe('runMcpSession', () => {
  it('ends initialize as soon as an endless SSE stream passes the cap', async () => {
    const fixture = await hostileFixtures['sse-event-flood'].start();
    stops.push(() => fixture.stop());
    const { ctx, http } = sessionContext(fixture.url, 64 * 1024);
    stops.push(() => http.close());
    const observation = await runMcpSession(ctx);
    expect(observation.connect.ok).toBe(false);
    expect(observation.connect.error).toContain('response body exceeded 65536 bytes');
  }, 30_000);

  it('completes a session against a healthy server under the same cap', async () => {
    const server = await listenLocal(createStatelessApp());
    stops.push(() => server.stop());
    const { ctx, http } = sessionContext(server.url, 64 * 1024);
    stops.push(() => http.close());
    const observation = await runMcpSession(ctx);
    expect(observation.connect).toEqual({ ok: true });
    expect(observation.tools?.ok).toBe(true);
  }, 30_000);
});
