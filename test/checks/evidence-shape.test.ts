import { describe, expect, it } from 'vitest';
import { containerErrorOf, describeRedirect, detailOf, evidenceOf, isJsonRpcBody, says, wrappedContainerStatus } from '../../src/checks/evidence.js';
import type { HttpExchange, JsonRpcReading, SessionStep } from '../../src/model/observations.js';
import { exchange } from '../helpers/check-tester.js';

/**
 * The shared readers every finding's evidence and wording rest on: which request/response fields
 * evidence carries (and which it leaves out when empty), the server's own words a message quotes,
 * and the redirect and -32010 readings several checks branch on.
 */

const REQUEST = 'POST http://127.0.0.1:8000/mcp (accept: application/json, text/event-stream; content-type: application/json)';

describe('evidenceOf', () => {
  it('carries the request line with its request headers, the status, the response headers and the body', () => {
    const answered = exchange({ status: 404, headers: { 'content-type': 'text/plain', 'x-request-id': 'r-1' }, bodyExcerpt: 'Not Found' });
    expect(evidenceOf(answered)).toStrictEqual({ request: REQUEST, status: 404, headers: { 'content-type': 'text/plain', 'x-request-id': 'r-1' }, bodyExcerpt: 'Not Found' });
  });

  it('carries request headers as the probe layer redacted them, never adding any', () => {
    const sent = exchange({ requestHeaders: { 'mcp-session-id': '[redacted]', origin: 'https://evil.example' }, status: 400, headers: {}, bodyExcerpt: '' });
    expect(evidenceOf(sent)).toStrictEqual({ request: 'POST http://127.0.0.1:8000/mcp (mcp-session-id: [redacted]; origin: https://evil.example)', status: 400 });
  });

  it('leaves out the status, headers and body a failed connection never had, and names the error', () => {
    const refused = exchange({ outcome: 'network-error', error: { kind: 'refused', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:8000' } });
    expect(evidenceOf(refused)).toStrictEqual({ request: REQUEST, detail: 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:8000' });
  });

  it('keeps the status of a response that broke off, beside the error', () => {
    const cut = exchange({ status: 200, error: { kind: 'reset', code: 'ECONNRESET', message: 'socket hang up' } });
    expect(evidenceOf(cut)).toStrictEqual({ request: REQUEST, status: 200, detail: 'ECONNRESET: socket hang up' });
  });

  it.each([
    [300, 'a'.repeat(300)],
    [301, `${'a'.repeat(299)}…`],
  ])('cuts a body of %i characters to 300', (length, expected) => {
    expect(evidenceOf(exchange({ headers: {}, bodyExcerpt: 'a'.repeat(length) })).bodyExcerpt).toBe(expected);
  });
});

describe('detailOf', () => {
  const other: JsonRpcReading = { kind: 'other', reason: 'neither "result" nor "error" present' };

  it.each<[string, Partial<HttpExchange>, string | undefined]>([
    ['a JSON-RPC error: its message', { bodyExcerpt: '{"jsonrpc":"2.0","id":1,"error":{"code":-32600,"message":"Bad Request: No valid session ID provided"}}' }, 'Bad Request: No valid session ID provided'],
    ['a non-JSON-RPC JSON object: its "message"', { bodyExcerpt: '{"message":"Forbidden"}', jsonrpc: other }, 'Forbidden'],
    ['a non-JSON-RPC JSON object: the first of "message", "error_description", "error"', { bodyExcerpt: '{"error":"invalid_token","error_description":"expired"}', jsonrpc: other }, 'invalid_token'],
    ['a non-JSON-RPC JSON object without those members: the body', { bodyExcerpt: '{"status":"down"}', jsonrpc: other }, '{"status":"down"}'],
    ['a JSON array is not searched for a message', { bodyExcerpt: '[{"message":"boom"}]', jsonrpc: other }, '[{"message":"boom"}]'],
    ['a body with no JSON-RPC reading is not searched for a message', { bodyExcerpt: '{"message":"hello"}', jsonrpc: undefined }, '{"message":"hello"}'],
    ['a plain body: its start', { headers: { 'content-type': 'text/plain' }, bodyExcerpt: 'b'.repeat(121) }, `${'b'.repeat(119)}…`],
    ['no body', { bodyExcerpt: '' }, undefined],
  ])('%s', (_name, partial, expected) => {
    expect(detailOf(exchange(partial))).toBe(expected);
  });

  const html = (body: string): HttpExchange => exchange({ headers: { 'content-type': 'text/html' }, bodyExcerpt: body });

  it.each<[string, string, string | undefined]>([
    ['<pre> before <title> (Express)', '<html><title>Error</title><pre>Cannot POST /mcp</pre></html>', 'Cannot POST /mcp'],
    ['<pre> with attributes', '<title>Error</title><pre class="stack">Cannot POST /mcp</pre>', 'Cannot POST /mcp'],
    ['<pre> text trimmed', '<title>Error</title><pre>  Cannot POST /mcp  </pre>', 'Cannot POST /mcp'],
    ['a blank <pre> falls through to <title>', '<title>Error</title><pre>   </pre>', 'Error'],
    ['<pre> of 120 characters', `<title>Error</title><pre>${'p'.repeat(120)}</pre>`, 'p'.repeat(120)],
    ['<pre> of 121 characters falls through to <title>', `<title>Error</title><pre>${'p'.repeat(121)}</pre>`, 'Error'],
    ['<title> with attributes', '<html><head><title lang="en">Sign in</title></head></html>', 'Sign in'],
    ['<h1> when there is no title', '<html><body><h1>Not Found</h1></body></html>', 'Not Found'],
    ['<h1> with attributes', '<body><h1 class="err">Bad Gateway</h1></body>', 'Bad Gateway'],
    ['<h1> of 121 characters', `<h1>${'h'.repeat(121)}</h1>`, undefined],
    ['a page with none of them', '<html><body><p>Hello</p></body></html>', undefined],
  ])('an HTML page: %s', (_name, body, expected) => {
    expect(detailOf(html(body))).toBe(expected);
  });
});

describe('isJsonRpcBody', () => {
  it.each<[string, JsonRpcReading | undefined, boolean]>([
    ['no reading', undefined, false],
    ['not JSON-RPC', { kind: 'other', reason: 'body is not valid JSON' }, false],
    ['a result', { kind: 'result', id: 1, result: {} }, true],
    ['an error', { kind: 'error', id: null, code: -32000, message: 'Bad Request' }, true],
  ])('%s → %s', (_name, jsonrpc, expected) => {
    expect(isJsonRpcBody(exchange({ jsonrpc }))).toBe(expected);
  });
});

describe('says', () => {
  const sessionError: JsonRpcReading = { kind: 'error', id: 1, code: -32001, message: 'Session not found' };

  it.each<[string, HttpExchange | undefined, RegExp, boolean]>([
    ['no exchange', undefined, /./, false],
    ['a JSON-RPC error message, with an empty body', exchange({ bodyExcerpt: '', jsonrpc: sessionError }), /Session not found/, true],
    ['a result reading contributes no text', exchange({ bodyExcerpt: '', jsonrpc: { kind: 'result', id: 1, result: {} } }), /./, false],
    ['no reading contributes no text', exchange({ bodyExcerpt: '', jsonrpc: undefined }), /./, false],
    ['the body', exchange({ headers: { 'content-type': 'text/plain' }, bodyExcerpt: 'Invalid Host header' }), /Invalid Host/, true],
    ['neither', exchange({ headers: { 'content-type': 'text/plain' }, bodyExcerpt: 'ok' }), /Invalid Host/, false],
  ])('%s → %s', (_name, answered, pattern, expected) => {
    expect(says(answered, pattern)).toBe(expected);
  });
});

describe('describeRedirect', () => {
  const from = (location: string | undefined, url = 'http://127.0.0.1:8000/mcp'): HttpExchange => exchange({ url, status: 307, headers: location === undefined ? {} : { location } });

  it.each<[string, HttpExchange, ReturnType<typeof describeRedirect>]>([
    ['adds the trailing slash', from('/mcp/'), { location: '/mcp/', slashOnly: true, downgrade: false, crossOrigin: false }],
    ['removes the trailing slash', from('/mcp', 'http://127.0.0.1:8000/mcp/'), { location: '/mcp', slashOnly: true, downgrade: false, crossOrigin: false }],
    ['the same path', from('/mcp'), { location: '/mcp', slashOnly: false, downgrade: false, crossOrigin: false }],
    ['another path', from('/other/'), { location: '/other/', slashOnly: false, downgrade: false, crossOrigin: false }],
    ['the slash on another host, same port', from('http://localhost:8000/mcp/'), { location: 'http://localhost:8000/mcp/', slashOnly: false, downgrade: false, crossOrigin: true }],
    ['the slash on another port, same host', from('http://127.0.0.1:9000/mcp/'), { location: 'http://127.0.0.1:9000/mcp/', slashOnly: false, downgrade: false, crossOrigin: true }],
    ['the slash on another host and port', from('http://localhost:9000/mcp/'), { location: 'http://localhost:9000/mcp/', slashOnly: false, downgrade: false, crossOrigin: true }],
    ['https to http with the slash', from('http://mcp.example.com/mcp/', 'https://mcp.example.com/mcp'), { location: 'http://mcp.example.com/mcp/', slashOnly: true, downgrade: true, crossOrigin: true }],
    ['no Location header: the request URL itself', from(undefined), { location: '', slashOnly: false, downgrade: false, crossOrigin: false }],
    ['a Location that is no URL: treated as elsewhere', from('http://['), { location: 'http://[', slashOnly: false, downgrade: false, crossOrigin: true }],
  ])('%s', (_name, redirect, expected) => {
    expect(describeRedirect(redirect)).toStrictEqual(expected);
  });
});

describe('wrappedContainerStatus and containerErrorOf', () => {
  const wrappedText = 'MCP error -32010: Received error (502) from runtime. Please check your CloudWatch logs for more information.';

  it.each<[string, SessionStep | undefined, number | undefined]>([
    ['no step', undefined, undefined],
    ['a step that succeeded', { ok: true, containerStatus: 500 }, undefined],
    ['the status the probe read', { ok: false, containerStatus: 500 }, 500],
    ['-32010 naming the status', { ok: false, errorCode: -32010, error: wrappedText }, 502],
    ['the same words under another code', { ok: false, errorCode: -32603, error: wrappedText }, undefined],
    ['-32010 without a message', { ok: false, errorCode: -32010 }, undefined],
    ['-32010 with other words', { ok: false, errorCode: -32010, error: 'MCP error -32010: upstream failure' }, undefined],
  ])('%s → %s', (_name, step, expected) => {
    expect(wrappedContainerStatus(step)).toBe(expected);
  });

  it("gives the container's status and AgentCore's wrapper as evidence", () => {
    expect(containerErrorOf({ ok: false, errorCode: -32010, error: wrappedText }, 'tools/list')).toStrictEqual({
      code: 'CONTAINER_ERROR',
      args: { status: 502, probe: 'tools/list' },
      evidence: { status: 502, detail: 'AgentCore wrapped the container\'s HTTP 502 to tools/list as 200 + JSON-RPC -32010 "Received error (502) from runtime"' },
    });
    expect(containerErrorOf({ ok: false, error: 'MCP error -32603: Internal error', errorCode: -32603 }, 'tools/list')).toBeUndefined();
  });
});
