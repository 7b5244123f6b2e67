import { afterEach, describe, expect, it } from 'vitest';
import { hostileFixtures } from '../../fixtures/hostile/index.js';
import type { ProbeContext } from '../../src/model/contracts.js';
import { HttpClient, originOf } from '../../src/probes/http-exchange.js';
import { runMcpSession } from '../../src/probes/mcp-session.js';
import { Redactor } from '../../src/security/redact.js';
import { createStatefulApp, createStatelessApp } from '../../src/sim/containers/mcp-app.js';
import type { HttpHandler } from '../../src/sim/containers/types.js';
import { listenLocal } from '../../src/sim/listen.js';
import { readJsonBody } from '../../src/sim/containers/http.js';

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

  it('keeps the container status behind AgentCore\'s -32010 wrapper, which the SDK cannot parse', async () => {
    const app = createStatelessApp();
    // AgentCore's answer when the container fails tools/list: 200 + id null + -32010 (agentcore-contract §5).
    const server = await listenLocal({
      async handle(req, res) {
        const body = (await readJsonBody(req)) as { method?: string } | undefined;
        if (body?.method !== 'tools/list') return app.handle(req, res);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"jsonrpc":"2.0","id":null,"error":{"code":-32010,"message":"Received error (500) from runtime. Please check your CloudWatch logs for more information."}}');
      },
    });
    stops.push(() => server.stop());
    const { ctx, http } = sessionContext(server.url, 64 * 1024);
    stops.push(() => http.close());
    const observation = await runMcpSession(ctx);
    expect(observation.connect.ok).toBe(true);
    expect(observation.tools).toMatchObject({ ok: false, containerStatus: 500 });
    expect(observation.ping).toEqual({ ok: true });
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

  /**
   * Logs what the server saw, in order: `→ method` when a request arrives and `← method` when
   * the initialized notification's answer leaves. The notification's answer is held until the
   * first tools/list arrives (or two seconds pass), so a client that sends the list only after
   * that answer shows `← notifications/initialized` first, whatever the machine's speed.
   */
  function orderedServer(app: HttpHandler, answerNotification?: (res: import('node:http').ServerResponse) => void): { handler: HttpHandler; log: string[] } {
    const log: string[] = [];
    let listArrived: () => void = () => undefined;
    const listed = new Promise<void>((resolve) => (listArrived = resolve));
    const handler: HttpHandler = {
      async handle(req, res) {
        const body = (await readJsonBody(req)) as { method?: string } | undefined;
        const method = req.method === 'POST' ? (body?.method ?? '?') : req.method ?? '?';
        log.push(`→ ${method}`);
        if (method === 'tools/list') listArrived();
        if (method !== 'notifications/initialized') return app.handle(req, res);
        await Promise.race([listed, new Promise((resolve) => setTimeout(resolve, 2_000))]);
        log.push('← notifications/initialized');
        if (answerNotification) return answerNotification(res);
        return app.handle(req, res);
      },
    };
    return { handler, log };
  }

  /** One session of the doctor against `handler`, stopped after the test. */
  async function sessionAgainst(handler: HttpHandler): Promise<Awaited<ReturnType<typeof runMcpSession>>> {
    const server = await listenLocal(handler);
    stops.push(() => server.stop());
    const { ctx, http } = sessionContext(server.url, 64 * 1024);
    stops.push(() => http.close());
    return runMcpSession(ctx);
  }

  it('sends the initialized notification beside the first requests when the server issued no session', async () => {
    const { handler, log } = orderedServer(createStatelessApp());
    const observation = await sessionAgainst(handler);
    expect(observation.connect).toStrictEqual({ ok: true });
    expect(observation.tools?.ok).toBe(true);
    // initialize, then the list and the notification in one round.
    expect(observation.rounds).toBe(2);
    expect(log.indexOf('→ tools/list')).toBeGreaterThan(log.indexOf('→ notifications/initialized'));
    expect(log.indexOf('→ tools/list')).toBeLessThan(log.indexOf('← notifications/initialized'));
  }, 30_000);

  it('waits for the notification\'s answer before any request when the server issued a session', async () => {
    const { handler, log } = orderedServer(createStatefulApp({ unknownSession: 'spec' }));
    const observation = await sessionAgainst(handler);
    expect(observation.connect).toStrictEqual({ ok: true });
    expect(observation.sessionIssued).toBe(true);
    // initialize, the notification, the lists, then the DELETE that ends the session.
    expect(observation.rounds).toBe(4);
    expect(log.indexOf('← notifications/initialized')).toBeGreaterThan(-1);
    expect(log.indexOf('← notifications/initialized')).toBeLessThan(log.indexOf('→ tools/list'));
    expect(log.at(-1)).toBe('→ DELETE');
  }, 30_000);

  it('fails the handshake when the sent-ahead notification is refused, keeping none of the lists', async () => {
    const { handler } = orderedServer(createStatelessApp(), (res) => {
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"notifications are not accepted"}}');
    });
    const observation = await sessionAgainst(handler);
    expect(observation.connect).toMatchObject({ ok: false, httpStatus: 400 });
    expect(observation.connect.error).toContain('notifications are not accepted');
    expect(observation.tools).toBeUndefined();
    expect(observation.ping).toBeUndefined();
  }, 30_000);
});
