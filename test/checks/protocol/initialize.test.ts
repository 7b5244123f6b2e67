import { describe, expect, it } from 'vitest';
import { initialize } from '../../../src/checks/protocol/initialize.js';
import type { HttpExchange } from '../../../src/model/observations.js';
import { exchange, initializeResultJson, initOk, initStateful, jsonRpcErrorJson, makeContext, runCheck, sseMessage, testCheck } from '../../helpers/check-tester.js';

testCheck(initialize, {
  valid: [
    { name: 'a JSON InitializeResult (TypeScript enableJsonResponse)', observations: { init: initOk() } },
    { name: 'an SSE InitializeResult from python-sdk (stateful)', observations: { init: initStateful() } },
    {
      name: 'an SSE stream whose priming event (id, empty data) precedes the result',
      observations: { init: exchange({ headers: { 'content-type': 'text/event-stream' }, bodyExcerpt: `id: 0\nretry: 3000\ndata: \n\n${sseMessage(initializeResultJson())}` }) },
    },
    {
      name: 'a redirect is not diagnosed further: the check does not apply',
      observations: { init: exchange({ status: 307, headers: { location: 'http://127.0.0.1:8000/mcp/' } }) },
      notApplicable: /redirects to http:\/\/127\.0\.0\.1:8000\/mcp\//,
    },
  ],
  invalid: [
    {
      name: '-32022 naming a 2025 version the doctor speaks: a refused negotiation, not INITIALIZE_FAILED',
      observations: {
        init: exchange({ status: 400, headers: { 'content-type': 'application/json' }, bodyExcerpt: JSON.stringify({ jsonrpc: '2.0', id: 1, error: { code: -32022, message: 'Unsupported protocol version: 2025-11-25', data: { supported: ['2025-06-18', '2099-01-01'] } } }) }),
      },
      codes: ['VERSION_NEGOTIATION_REFUSED'],
      severities: ['error'],
      args: { status: 400, version: '2025-06-18' },
    },
    {
      name: '-32022 naming only versions the doctor does not speak stays INITIALIZE_FAILED',
      observations: { init: exchange({ status: 400, headers: { 'content-type': 'application/json' }, bodyExcerpt: JSON.stringify({ jsonrpc: '2.0', id: 1, error: { code: -32022, message: 'no', data: { supported: ['2099-01-01'] } } }) }) },
      codes: ['INITIALIZE_FAILED'],
    },
    {
      name: 'python-sdk 400 JSON-RPC -32602 for a rejected initialize',
      observations: { init: exchange({ status: 400, headers: { 'content-type': 'application/json' }, bodyExcerpt: jsonRpcErrorJson(-32602, 'Invalid request parameters', 'server-error') }) },
      codes: ['INITIALIZE_FAILED'],
      severities: ['error'],
      args: { status: 400, detail: 'Invalid request parameters' },
      message: /HTTP 400: "Invalid request parameters"/,
    },
    {
      name: 'a 200 that carries a JSON-RPC error',
      observations: { init: exchange({ headers: { 'content-type': 'application/json' }, bodyExcerpt: jsonRpcErrorJson(-32603, 'Internal error', 1) }) },
      codes: ['INITIALIZE_FAILED'],
      args: { detail: 'JSON-RPC -32603 Internal error' },
    },
    {
      name: 'a 200 JSON-RPC error without a code',
      observations: { init: exchange({ headers: { 'content-type': 'application/json' }, bodyExcerpt: '{"jsonrpc":"2.0","id":1,"error":{"message":"boom"}}' }) },
      codes: ['INITIALIZE_FAILED'],
      message: /failed with an error: "JSON-RPC +boom"|failed with HTTP 200: "JSON-RPC +boom"/,
    },
    {
      name: 'a 200 text/plain body',
      observations: { init: exchange({ headers: { 'content-type': 'text/plain' }, bodyExcerpt: 'OK' }) },
      codes: ['INVALID_JSONRPC_RESPONSE'],
      args: { detail: 'Content-Type must be application/json or text/event-stream, got text/plain' },
    },
    {
      name: 'a 200 without Content-Type',
      observations: { init: exchange({ bodyExcerpt: '' }) },
      codes: ['INVALID_JSONRPC_RESPONSE'],
      args: { detail: 'Content-Type must be application/json or text/event-stream, got none' },
    },
    {
      name: 'a framework wraps the response (`{"ok": true, "data": …}`)',
      observations: { init: exchange({ headers: { 'content-type': 'application/json' }, bodyExcerpt: '{"ok":true,"data":{"protocolVersion":"2025-11-25"}}' }) },
      codes: ['INVALID_JSONRPC_RESPONSE'],
      args: { detail: 'no "jsonrpc": "2.0" member' },
      message: /with `application\/json`, but the body is not a JSON-RPC response/,
    },
    {
      name: 'a body truncated by a proxy',
      observations: { init: exchange({ headers: { 'content-type': 'application/json' }, bodyExcerpt: '{"jsonrpc":"2.0","id":1,"result":{"protocolVer' }) },
      codes: ['INVALID_JSONRPC_RESPONSE'],
      args: { detail: 'body is not valid JSON' },
    },
    {
      name: 'an SSE stream that closes before the response event',
      observations: { init: exchange({ headers: { 'content-type': 'text/event-stream' }, bodyExcerpt: ': keep-alive\n\n' }) },
      codes: ['INVALID_JSONRPC_RESPONSE'],
      args: { detail: 'the SSE stream carried no JSON-RPC message' },
    },
    {
      name: 'the response id does not match the request id',
      observations: { init: exchange({ headers: { 'content-type': 'application/json' }, bodyExcerpt: initializeResultJson('2025-11-25', 'server-error') }) },
      codes: ['INVALID_JSONRPC_RESPONSE'],
      args: { detail: 'response id "server-error" does not match request id 1' },
    },
    {
      name: 'the result lacks serverInfo',
      observations: { init: exchange({ headers: { 'content-type': 'application/json' }, bodyExcerpt: '{"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"2025-11-25","capabilities":{}}}' }) },
      codes: ['INVALID_JSONRPC_RESPONSE'],
      args: { detail: 'the result lacks protocolVersion, capabilities or serverInfo' },
    },
    {
      name: 'a null result',
      observations: { init: exchange({ headers: { 'content-type': 'application/json' }, bodyExcerpt: '{"jsonrpc":"2.0","id":1,"result":null}' }) },
      codes: ['INVALID_JSONRPC_RESPONSE'],
    },
  ],
});

/**
 * Pins exact details the table matches loosely: the JSON-RPC error text leaves out a missing code
 * or an empty message (no doubled or trailing space), every supported version is listed, and each
 * required InitializeResult member is checked on its own.
 */
describe('initialize details', () => {
  const json = (body: string, partial: Partial<HttpExchange> = {}) => exchange({ headers: { 'content-type': 'application/json' }, bodyExcerpt: body, ...partial });
  const outcome = (init: HttpExchange) => runCheck(initialize, { init }, makeContext()).findings.map((f) => [f.code, f.args?.detail]);
  const result = (r: Record<string, unknown>) => JSON.stringify({ jsonrpc: '2.0', id: 1, result: r });

  it.each<[string, string, string]>([
    ['no code', '{"jsonrpc":"2.0","id":1,"error":{"message":"boom"}}', 'JSON-RPC boom'],
    ['an empty message', '{"jsonrpc":"2.0","id":1,"error":{"code":-32603,"message":""}}', 'JSON-RPC -32603'],
    ['a code and a message', jsonRpcErrorJson(-32603, 'Internal error', 1), 'JSON-RPC -32603 Internal error'],
  ])('a 200 JSON-RPC error with %s', (_name, body, detail) => {
    expect(outcome(json(body))).toStrictEqual([['INITIALIZE_FAILED', detail]]);
  });

  it('lists every supported version the doctor speaks', () => {
    const init = json(JSON.stringify({ jsonrpc: '2.0', id: 1, error: { code: -32022, message: 'Unsupported protocol version', data: { supported: ['2025-06-18', '2099-01-01', '2025-03-26'] } } }), { status: 400 });
    expect(runCheck(initialize, { init }, makeContext()).findings.map((f) => f.args?.version)).toStrictEqual(['2025-06-18, 2025-03-26']);
  });

  it('a JSON 200 without any JSON-RPC reading has no body', () => {
    expect(outcome(json('', { jsonrpc: undefined }))).toStrictEqual([['INVALID_JSONRPC_RESPONSE', 'no body']]);
  });

  const LACKS = 'the result lacks protocolVersion, capabilities or serverInfo';
  it.each<[string, Record<string, unknown>, Array<[string, string]>]>([
    ['a numeric protocolVersion', { protocolVersion: 20251125, capabilities: {}, serverInfo: { name: 'x', version: '1' } }, [['INVALID_JSONRPC_RESPONSE', LACKS]]],
    ['no capabilities', { protocolVersion: '2025-11-25', serverInfo: { name: 'x', version: '1' } }, [['INVALID_JSONRPC_RESPONSE', LACKS]]],
    ['no serverInfo', { protocolVersion: '2025-11-25', capabilities: {} }, [['INVALID_JSONRPC_RESPONSE', LACKS]]],
    ['all three', { protocolVersion: '2025-11-25', capabilities: {}, serverInfo: { name: 'x', version: '1' } }, []],
  ])('a result with %s', (_name, r, expected) => {
    expect(outcome(json(result(r)))).toStrictEqual(expected);
  });

  it('a redirect without Location names no target', () => {
    const init = exchange({ status: 308, headers: {} });
    expect(runCheck(initialize, { init }, makeContext()).applies).toBe('the endpoint redirects to another URL; run the doctor against that URL (http://127.0.0.1:8000/mcp was not diagnosed further)');
  });
});
