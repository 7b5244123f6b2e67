import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchHeaders, FetchResponse, toFetchResponse } from '../../src/probes/fetch-response.js';
import { ResponseTooLargeError } from '../../src/model/errors.js';
import { HttpClient, originOf } from '../../src/probes/http-exchange.js';
import { Redactor } from '../../src/security/redact.js';

/**
 * The Fetch API subset the doctor's `fetch` port answers with (fetch-response.ts), and the port
 * itself: what the MCP SDK reads must behave as undici's `fetch` would.
 */

function streamOf(...chunks: (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk);
      controller.close();
    },
  });
}

function responseOf(body: ReadableStream<Uint8Array> | null, status = 200): FetchResponse {
  return new FetchResponse(body, { status, headers: new FetchHeaders({ 'content-type': 'application/json' }) });
}

describe('FetchHeaders', () => {
  it('reads names case-insensitively and answers null for a missing one', () => {
    const headers = new FetchHeaders({ 'Content-Type': 'text/event-stream', 'MCP-Session-Id': 'abc' });
    expect(headers.get('content-type')).toBe('text/event-stream');
    expect(headers.get('mcp-session-id')).toBe('abc');
    expect(headers.has('MCP-SESSION-ID')).toBe(true);
    expect(headers.get('x-missing')).toBeNull();
    expect(headers.has('x-missing')).toBe(false);
  });

  it('builds from pairs, records with repeated values, and any Headers, trimming values', () => {
    expect([...new FetchHeaders([['B', ' 2 '], ['a', '1']])]).toEqual([['a', '1'], ['b', '2']]);
    expect(new FetchHeaders({ via: ['1.1 a', '1.1 b'], skipped: undefined }).get('via')).toBe('1.1 a, 1.1 b');
    expect([...new FetchHeaders(new Headers({ Accept: 'application/json', 'X-Z': 'z' }))]).toEqual([['accept', 'application/json'], ['x-z', 'z']]);
    expect([...new FetchHeaders(new FetchHeaders({ One: '1' }))]).toEqual([['one', '1']]);
    expect([...new FetchHeaders()]).toEqual([]);
    expect([...new FetchHeaders(null as never)]).toEqual([]);
    // Anything with forEach (a Headers from another realm or library) is read through it.
    const foreign = { forEach: (callback: (value: string, name: string) => void) => ['a:1', 'B:2'].forEach((pair) => callback(pair.slice(2), pair.slice(0, 1))) };
    expect([...new FetchHeaders(foreign)]).toEqual([['a', '1'], ['b', '2']]);
  });

  it('appends, sets, deletes and iterates sorted like Headers', () => {
    const headers = new FetchHeaders();
    headers.append('X-A', 'one');
    headers.append('x-a', 'two');
    headers.set('Content-Type', '\tapplication/json ');
    headers.set('Z-Last', 'z');
    headers.delete('z-last');
    expect(headers.get('x-a')).toBe('one, two');
    expect([...headers.keys()]).toEqual(['content-type', 'x-a']);
    expect([...headers.values()]).toEqual(['application/json', 'one, two']);
    expect(Object.fromEntries(headers.entries())).toEqual({ 'content-type': 'application/json', 'x-a': 'one, two' });
    const seen: string[] = [];
    headers.forEach((value, name, self) => seen.push(`${name}=${value}:${self === headers}`));
    expect(seen).toEqual(['content-type=application/json:true', 'x-a=one, two:true']);
  });
});

describe('FetchResponse', () => {
  it('describes itself as a basic, not redirected response, with statusText and url as given', () => {
    const bare = responseOf(null, 204);
    expect([bare.type, bare.redirected, bare.statusText, bare.url]).toEqual(['basic', false, '', '']);
    const named = new FetchResponse(null, { status: 200, statusText: 'OK', url: 'http://127.0.0.1/mcp', headers: new FetchHeaders() });
    expect([named.statusText, named.url, named.clone().statusText, named.clone().url]).toEqual(['OK', 'http://127.0.0.1/mcp', 'OK', 'http://127.0.0.1/mcp']);
  });

  it.each([
    [199, false],
    [200, true],
    [204, true],
    [299, true],
    [300, false],
    [404, false],
  ])('status %i is ok: %s', (status, ok) => {
    expect(responseOf(null, status).ok).toBe(ok);
  });

  it('decodes UTF-8 across chunk boundaries and drops a byte-order mark, as Response.text() does', async () => {
    const bytes = new TextEncoder().encode('\uFEFF{"name":"café ☕"}');
    const response = responseOf(streamOf(bytes.subarray(0, 5), bytes.subarray(5, 17), bytes.subarray(17)));
    expect(await response.text()).toBe('{"name":"café ☕"}');
  });

  it('parses JSON, and rejects a body that is not JSON with a SyntaxError', async () => {
    expect(await responseOf(streamOf('{"a":', '[1,2]}')).json()).toEqual({ a: [1, 2] });
    await expect(responseOf(streamOf('<html>')).json()).rejects.toThrow(SyntaxError);
  });

  it('gives the bytes as an ArrayBuffer of exactly the body', async () => {
    const buffer = await responseOf(streamOf('ab', 'c')).arrayBuffer();
    expect(buffer.byteLength).toBe(3);
    expect(new TextDecoder().decode(buffer)).toBe('abc');
  });

  it('reads a body once: a second read, or a clone after reading, is a TypeError', async () => {
    const response = responseOf(streamOf('x'));
    expect(response.bodyUsed).toBe(false);
    expect(await response.text()).toBe('x');
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toThrow(new TypeError('Body is unusable: the body has already been read'));
    expect(() => response.clone()).toThrow(new TypeError('Response.clone: the body has already been read'));
  });

  it('counts a body the SDK took as a stream as used', () => {
    const response = responseOf(streamOf('x'));
    response.body?.getReader();
    expect(response.bodyUsed).toBe(true);
  });

  it('clones into two responses that each read the whole body, with their own headers', async () => {
    const response = responseOf(streamOf('{"id":', '1}'), 201);
    const copy = response.clone();
    copy.headers.set('x-only-copy', '1');
    expect(copy.status).toBe(201);
    expect(await copy.text()).toBe('{"id":1}');
    expect(await response.json()).toEqual({ id: 1 });
    expect(response.headers.has('x-only-copy')).toBe(false);
  });

  it('reads an absent body as empty', async () => {
    const response = responseOf(null, 202);
    expect(response.body).toBeNull();
    expect(await response.text()).toBe('');
    expect(await response.text()).toBe('');
    expect(response.bodyUsed).toBe(false);
    expect(response.clone().body).toBeNull();
  });
});

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
let server: Server;
let base: string;
let handle: Handler = (_req, res) => res.end();
const agent = new Agent({ keepAliveTimeout: 10 });

beforeAll(async () => {
  server = createServer((req, res) => handle(req, res));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await agent.close();
  server.closeAllConnections();
  server.close();
});

async function fetchThrough(path: string, method = 'GET', wrap = (body: ReadableStream<Uint8Array>) => body): Promise<FetchResponse> {
  return toFetchResponse(await request(`${base}${path}`, { method, dispatcher: agent }), method, wrap);
}

describe('toFetchResponse over undici request', () => {
  it.each([
    ['gzip', gzipSync],
    ['x-gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ])('decodes a %s body the server sent despite Accept-Encoding: identity', async (coding, compress) => {
    handle = (_req, res) => res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': coding }).end(compress(Buffer.from('{"jsonrpc":"2.0","id":1,"result":{}}')));
    expect(await (await fetchThrough('/z')).json()).toEqual({ jsonrpc: '2.0', id: 1, result: {} });
  });

  it('lets the SDK cancel a body that is still arriving (as it does for a 202) with nothing thrown after', async () => {
    let finished!: () => void;
    const sent = new Promise<void>((resolve) => (finished = resolve));
    handle = (_req, res) => {
      res.writeHead(202, { 'content-type': 'text/plain' });
      res.write('first');
      // The rest arrives after the cancel; the client may already have closed the connection.
      res.once('close', finished);
      setTimeout(() => res.end('rest'.repeat(10_000)), 20);
    };
    const response = await fetchThrough('/c');
    const reader = response.body?.getReader();
    expect(new TextDecoder().decode((await reader?.read())?.value)).toBe('first');
    await reader?.cancel();
    await sent;
    expect(await reader?.read()).toEqual({ done: true, value: undefined });
  });

  it.each([
    ['gzip', (body: Buffer) => gzipSync(body).subarray(0, -8)],
    ['br', (body: Buffer) => brotliCompressSync(body).subarray(0, -1)],
  ])('decodes what arrived of a %s body that ends early, as fetch does', async (coding, truncate) => {
    handle = (_req, res) => res.writeHead(200, { 'content-encoding': coding }).end(truncate(Buffer.from('{"jsonrpc":"2.0","id":7,"result":{"tools":[]}}')));
    expect(await (await fetchThrough('/t')).text()).toBe('{"jsonrpc":"2.0","id":7,"result":{"tools":[]}}');
  });

  it('passes a body in an unknown coding through as it came', async () => {
    handle = (_req, res) => res.writeHead(200, { 'content-encoding': 'x-custom' }).end('raw bytes');
    expect(await (await fetchThrough('/u')).text()).toBe('raw bytes');
  });

  it('has no body for 204 and HEAD, and keeps status, joined repeated headers and the body wrapper', async () => {
    handle = (_req, res) => res.writeHead(204, { 'mcp-session-id': 's-1' }).end();
    const empty = await fetchThrough('/n');
    expect([empty.status, empty.body, empty.headers.get('mcp-session-id')]).toEqual([204, null, 's-1']);
    handle = (_req, res) => res.writeHead(200, { 'content-length': '5' }).end();
    expect((await fetchThrough('/h', 'HEAD')).body).toBeNull();
    handle = (_req, res) => {
      res.setHeader('via', ['1.1 a', '1.1 b']);
      res.writeHead(299).end('body');
    };
    let wrapped = 0;
    const upper = await fetchThrough('/w', 'GET', (body) => {
      wrapped++;
      return body.pipeThrough(new TransformStream({ transform: (chunk: Uint8Array, controller) => controller.enqueue(new TextEncoder().encode(new TextDecoder().decode(chunk).toUpperCase())) }));
    });
    expect([upper.status, upper.ok, upper.headers.get('via'), await upper.text(), wrapped]).toEqual([299, true, '1.1 a, 1.1 b', 'BODY', 1]);
  });
});

describe('the HttpClient fetch port', () => {
  const redactor = new Redactor();
  const client = (maxBodyBytes?: number): HttpClient =>
    new HttpClient({ targetOrigin: originOf(base), token: 'tok-secret-123456', timeoutMs: 5_000, redactor, ...(maxBodyBytes ? { maxBodyBytes } : {}) });

  it('sends the SDK headers with the token for the target origin, and reads the answer', async () => {
    let seen: IncomingMessage['headers'] = {};
    handle = (req, res) => {
      seen = req.headers;
      res.writeHead(200, { 'content-type': 'application/json', 'mcp-session-id': 'abc' }).end('{"ok":true}');
    };
    const response = await client().fetch(`${base}/mcp`, { method: 'POST', headers: new Headers({ Accept: 'application/json, text/event-stream' }), body: '{}' });
    expect([response.status, response.headers.get('mcp-session-id'), await response.json()]).toEqual([200, 'abc', { ok: true }]);
    expect(seen).toMatchObject({ accept: 'application/json, text/event-stream', authorization: 'Bearer tok-secret-123456', 'accept-encoding': 'identity' });
  });

  it('hands a redirect back without following it', async () => {
    handle = (_req, res) => res.writeHead(307, { location: 'http://127.0.0.1:1/elsewhere' }).end();
    const response = await client().fetch(`${base}/mcp`, { method: 'POST', body: '{}' });
    expect([response.status, response.ok, response.headers.get('location')]).toEqual([307, false, 'http://127.0.0.1:1/elsewhere']);
  });

  it('rejects a refused connection as fetch does: TypeError "fetch failed" with the cause', async () => {
    const refused = new HttpClient({ targetOrigin: 'http://127.0.0.1:1', timeoutMs: 5_000, redactor });
    const error = await refused.fetch('http://127.0.0.1:1/mcp', { method: 'POST', body: '{}' }).then(
      () => undefined,
      (e: unknown) => e as TypeError & { cause?: { code?: string } },
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(error?.message).toBe('fetch failed');
    expect(error?.cause?.code).toBe('ECONNREFUSED');
  });

  it('rejects an aborted request with the signal\'s own reason', async () => {
    handle = () => undefined;
    const controller = new AbortController();
    const reason = new Error('stopped by the run');
    const pending = client().fetch(`${base}/mcp`, { method: 'POST', body: '{}', signal: controller.signal });
    setTimeout(() => controller.abort(reason), 20);
    await expect(pending).rejects.toBe(reason);
  });

  it('caps the body: the stream errors and the hook hears of it', async () => {
    handle = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('x'.repeat(5_000));
    let heard: unknown;
    const response = await client(1_000).fetch(`${base}/mcp`, { method: 'POST', body: '{}' }, { onTooLarge: (error) => (heard = error) });
    await expect(response.text()).rejects.toBeInstanceOf(ResponseTooLargeError);
    expect(heard).toBeInstanceOf(ResponseTooLargeError);
  });
});
