import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a build script in plain JavaScript, without declarations.
import * as subset from '../../scripts/undici-subset.mjs';

/**
 * The bundle's stand-in for undici's `index.js` (scripts/undici-subset.mjs): its `request` must send
 * what undici's own would for the doctor's calls, and its dispatchers must carry the request API
 * that `index.js` installs. It exports nothing else: `fetch` is the doctor's own (fetch-response.ts).
 */
interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server;
let base: string;
const seen: Seen[] = [];
const agent = new subset.Agent() as Agent;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      res.writeHead(201, { 'content-type': 'text/plain', 'x-echo': req.method ?? '' }).end(`${req.method} ${req.url}`);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await agent.close();
  server.close();
});

describe('the bundled undici subset', () => {
  it('sends method, path, query, headers and body through the named dispatcher', async () => {
    seen.length = 0;
    const res = await subset.request(`${base}/mcp/a?b=1&c=2`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-probe': 'yes' }, body: '{"x":1}', dispatcher: agent });
    expect(res.statusCode).toBe(201);
    expect(res.headers['x-echo']).toBe('POST');
    expect(await res.body.text()).toBe('POST /mcp/a?b=1&c=2');
    expect(seen).toEqual([expect.objectContaining({ method: 'POST', url: '/mcp/a?b=1&c=2', body: '{"x":1}', headers: expect.objectContaining({ 'x-probe': 'yes', 'content-type': 'application/json' }) })]);
  });

  it('defaults to GET on the URL object it is given, like undici', async () => {
    seen.length = 0;
    const res = await subset.request(new URL(`${base}/.well-known/x`), { dispatcher: agent });
    expect(await res.body.text()).toBe('GET /.well-known/x');
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual(['GET /.well-known/x']);
  });

  it('refuses a request without a dispatcher instead of using an unbounded global one', () => {
    expect(() => subset.request(`${base}/`, { method: 'GET' })).toThrow(new TypeError('mcp-doctor: every request names its dispatcher'));
    expect(() => subset.request(`${base}/`)).toThrow(TypeError);
  });

  it('gives dispatchers the request API that index.js installs, and exports the proxy agent', async () => {
    expect(typeof (agent as unknown as { request: unknown }).request).toBe('function');
    const res = await (agent as unknown as { request(options: object): Promise<{ statusCode: number; body: { text(): Promise<string> } }> }).request({ origin: base, path: '/direct', method: 'GET' });
    expect(res.statusCode).toBe(201);
    expect(await res.body.text()).toBe('GET /direct');
    expect(new subset.EnvHttpProxyAgent()).toBeInstanceOf(subset.EnvHttpProxyAgent);
    expect(Object.keys(subset).sort()).toEqual(['Agent', 'EnvHttpProxyAgent', 'request']);
  });
});
