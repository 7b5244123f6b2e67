import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProbeContext } from '../../src/model/contracts.js';
import { HttpClient, originOf } from '../../src/probes/http-exchange.js';
import { FOREIGN_ORIGIN, transportProbes } from '../../src/probes/transport-probes.js';
import { Redactor } from '../../src/security/redact.js';

const TOKEN = 'probe-test-token-0123456789';
const seen: IncomingHttpHeaders[] = [];
let server: Server;
let url = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.headers);
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"2025-11-25","capabilities":{},"serverInfo":{"name":"t","version":"1"}}}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Runs one transport probe with a bearer token, as if the target were (or were not) loopback. */
async function headersSentBy(id: string, isLoopback: boolean, origin?: string): Promise<IncomingHttpHeaders> {
  const probe = transportProbes.find((p) => p.id === id);
  if (!probe) throw new Error(`no probe ${id}`);
  const http = new HttpClient({ targetOrigin: originOf(url), token: TOKEN, extraHeaders: { 'x-api-key': 'secret-key' }, timeoutMs: 10_000, redactor: new Redactor() });
  const ctx: ProbeContext = {
    target: { input: url, url, origin: originOf(url), kind: 'url', isLoopback },
    profile: 'generic',
    runtime: { http },
    options: { streamWaitMs: 100, acquisition: { requested: false }, ...(origin ? { origin } : {}) },
    signal: new AbortController().signal,
  };
  seen.length = 0;
  expect(probe.appliesTo?.(ctx, {}) ?? true).toBe(true);
  await probe.run(ctx, {});
  await http.close();
  expect(seen).toHaveLength(1);
  return seen[0] as IncomingHttpHeaders;
}

describe('foreign Host and Origin probes', () => {
  it('carry credentials to a loopback target', async () => {
    const headers = await headersSentBy('host-foreign', true);
    expect(headers.host).toMatch(/^mcp-doctor-host-check\.invalid:\d+$/);
    expect(headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect((await headersSentBy('origin-foreign', true)).authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('carry no token and no --header value to any other target (a shared proxy may route them elsewhere)', async () => {
    for (const id of ['host-foreign', 'origin-foreign']) {
      const headers = await headersSentBy(id, false);
      expect(headers.authorization, id).toBeUndefined();
      expect(headers['x-api-key'], id).toBeUndefined();
    }
    expect((await headersSentBy('origin-foreign', false)).origin).toBe(FOREIGN_ORIGIN);
  });

  it('--origin is sent with the credentials a real client would send', async () => {
    const headers = await headersSentBy('origin-client', false, 'https://app.example');
    expect(headers.origin).toBe('https://app.example');
    expect(headers.authorization).toBe(`Bearer ${TOKEN}`);
  });
});

describe('state-changing probes run last', () => {
  it('DELETE waits for every probe it could disturb, the official session included', () => {
    const remove = transportProbes.find((p) => p.id === 'delete-no-session');
    const others = transportProbes.map((p) => p.id).filter((id) => id !== 'delete-no-session');
    expect([...(remove?.needs ?? []), ...(remove?.uses ?? [])].sort()).toEqual([...others].sort());
  });
});
