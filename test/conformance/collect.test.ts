import { describe, expect, it } from 'vitest';
import type { ExchangeRequest, HttpPort } from '../../src/model/runtime.js';
import type { HttpExchange } from '../../src/model/observations.js';
import { collectConformance, MAX_LIST_ITEMS } from '../../src/probes/conformance/collect.js';
import { encodeHeaderValue, ModernClient } from '../../src/probes/conformance/wire.js';

/**
 * The conformance collector over a scripted port: what it sends (cursors verbatim, no tools/call
 * without --call, the 2026 headers) and how it bounds what it keeps.
 */

type Answer = (body: { id?: unknown; method?: string; params?: Record<string, unknown> }, request: ExchangeRequest) => { status: number; result?: unknown; error?: { code: number; message: string } };

function scriptedPort(answer: Answer): { port: HttpPort; sent: ExchangeRequest[] } {
  const sent: ExchangeRequest[] = [];
  const port = {
    requestCount: 0,
    options: {} as HttpPort['options'],
    fetch: () => Promise.reject(new Error('not used')),
    exchange: async (request: ExchangeRequest): Promise<HttpExchange> => {
      sent.push(request);
      const body = request.body ? (JSON.parse(request.body) as { id?: unknown; method?: string; params?: Record<string, unknown> }) : {};
      const reply = Array.isArray(body) ? { status: 400, error: { code: -32600, message: 'no batches' } } : answer(body, request);
      const id = (body as { id?: string | number }).id ?? null;
      const jsonrpc = reply.error ? { kind: 'error' as const, id, code: reply.error.code, message: reply.error.message } : reply.result !== undefined ? { kind: 'result' as const, id, result: reply.result } : undefined;
      return { label: request.label, method: request.method, url: request.url, requestHeaders: {}, outcome: 'response', status: reply.status, headers: {}, bodyExcerpt: '', bodyTruncated: false, durationMs: 0, tokenReflected: false, ...(jsonrpc ? { jsonrpc } : {}) };
    },
  };
  return { port: port as unknown as HttpPort, sent };
}

const initialize = (capabilities: Record<string, unknown>) => ({ status: 200, result: { protocolVersion: '2025-11-25', capabilities, serverInfo: { name: 's', version: '1' } } });

describe('collectConformance', () => {
  it('sends each nextCursor back verbatim and keeps at most MAX_LIST_ITEMS items', async () => {
    const many = Array.from({ length: 6_000 }, (_, i) => ({ name: `t${i}`, inputSchema: { type: 'object' } }));
    const { port, sent } = scriptedPort((body) => {
      if (body.method === 'initialize') return initialize({ tools: {} });
      if (body.method === 'tools/list') {
        const cursor = body.params?.cursor;
        if (cursor === undefined) return { status: 200, result: { tools: many, nextCursor: 'é/+ opaque==' } };
        if (cursor === 'é/+ opaque==') return { status: 200, result: { tools: many } };
        return { status: 200, error: { code: -32602, message: 'bad cursor' } };
      }
      return body.id === undefined ? { status: 202 } : { status: 200, result: {} };
    });
    const observations = await collectConformance(port, { url: 'http://127.0.0.1:1/mcp', eras: { legacy: true, modern: false }, calls: [] });
    const tools = observations.legacy?.tools;
    expect(tools?.pages).toHaveLength(2);
    expect(tools?.items).toHaveLength(MAX_LIST_ITEMS);
    expect(tools?.itemsTruncated).toBe(true);
    expect(sent.filter((r) => r.body?.includes('"nextCursor"') === false && r.body.includes('"cursor"')).map((r) => (JSON.parse(r.body as string) as { params: { cursor: string } }).params.cursor)).toEqual(['é/+ opaque==']);
    // Without --call the only tools/call names a tool the server does not list (the invalid-params probe).
    const called = sent.map((r) => JSON.parse(r.body ?? '{}') as { method?: string; params?: { name?: string } }).filter((b) => b.method === 'tools/call');
    expect(called.map((b) => b.params?.name)).toEqual(['mcp-doctor-no-such-tool']);
  });

  it('calls only the --call tools, with their arguments', async () => {
    const calls: unknown[] = [];
    const { port } = scriptedPort((body) => {
      if (body.method === 'initialize') return initialize({ tools: {} });
      if (body.method === 'tools/list') return { status: 200, result: { tools: [{ name: 'add', inputSchema: { type: 'object' } }] } };
      if (body.method === 'tools/call') {
        calls.push(body.params);
        return { status: 200, result: { content: [] } };
      }
      return body.id === undefined ? { status: 202 } : { status: 200, result: {} };
    });
    await collectConformance(port, { url: 'http://127.0.0.1:1/mcp', eras: { legacy: true, modern: false }, calls: [{ name: 'add', args: { a: 1 } }] });
    expect(calls).toEqual([{ name: 'add', arguments: { a: 1 } }, { name: 'mcp-doctor-no-such-tool', arguments: {} }]);
  });
});

describe('ModernClient', () => {
  it('builds the headers and _meta of a 2026-07-28 request, and changes one thing per variation', () => {
    const client = new ModernClient(scriptedPort(() => ({ status: 200 })).port, 'http://127.0.0.1:1/mcp', { name: 'c', version: '1' });
    const plain = client.build('prompts/get', { name: 'grüße' });
    expect(plain.headers).toMatchObject({ 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'prompts/get', 'mcp-name': `=?base64?${Buffer.from('grüße').toString('base64')}?=` });
    expect(plain.body).toMatchObject({ jsonrpc: '2.0', method: 'prompts/get', params: { name: 'grüße', _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': {} } } });
    const bare = client.build('server/discover', {}, { omitMeta: true });
    expect(bare.body.params).toEqual({});
    expect(bare.headers['mcp-protocol-version']).toBe('2026-07-28');
    const future = client.build('server/discover', {}, { protocolVersion: '2099-01-01' });
    expect(future.headers['mcp-protocol-version']).toBe('2099-01-01');
    expect((future.body.params as { _meta: Record<string, unknown> })._meta['io.modelcontextprotocol/protocolVersion']).toBe('2099-01-01');
    const mismatch = client.build('server/discover', {}, { headers: { 'Mcp-Method': 'tools/list' } });
    expect(mismatch.headers['mcp-method']).toBe('tools/list');
    expect(client.build('tools/list', {}, { headers: { 'mcp-method': null } }).headers).not.toHaveProperty('mcp-method');
  });

  it('encodes only header values that are not plain visible ASCII', () => {
    expect(encodeHeaderValue('echo')).toBe('echo');
    expect(encodeHeaderValue('file:///a b.txt')).toBe('file:///a b.txt');
    expect(encodeHeaderValue(' padded')).toBe(`=?base64?${Buffer.from(' padded').toString('base64')}?=`);
    expect(encodeHeaderValue('line\nbreak')).toBe(`=?base64?${Buffer.from('line\nbreak').toString('base64')}?=`);
  });
});
