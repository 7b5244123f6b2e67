import { describe, expect, it } from 'vitest';
import { evidenceOf } from '../../../src/checks/evidence.js';
import { endpointSpeaksMcp } from '../../../src/checks/transport/endpoint-speaks-mcp.js';
import type { HttpExchange } from '../../../src/model/observations.js';
import { resolveTarget } from '../../../src/targets/resolve.js';
import { exchange, initOk, initStateful, jsonRpcErrorJson, makeContext, runCheck, testCheck } from '../../helpers/check-tester.js';

const NGINX_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.27.0</center>\r\n</body>\r\n</html>\r\n';

const httpsTarget = resolveTarget('https://mcp.example.com/mcp');

const legacySseGet = exchange({
  label: 'GET (Accept: text/event-stream)',
  method: 'GET',
  url: 'http://127.0.0.1:8000/sse',
  requestHeaders: { accept: 'text/event-stream' },
  headers: { 'content-type': 'text/event-stream; charset=utf-8' },
  bodyExcerpt: 'event: endpoint\r\ndata: /messages/?session_id=0c5e4b1f6a7d4e2f9b8c1d2e3f4a5b6c\r\n\r\n',
});

testCheck(endpointSpeaksMcp, {
  valid: [
    { name: 'a 200 JSON InitializeResult', observations: { init: initOk() } },
    { name: 'a 200 SSE InitializeResult', observations: { init: initStateful() } },
    {
      name: 'a 406 for the Accept header is an MCP answer (judged by accept-negotiation)',
      observations: {
        init: exchange({ status: 406, headers: { 'content-type': 'application/json' }, bodyExcerpt: jsonRpcErrorJson(-32000, 'Not Acceptable: Client must accept both application/json and text/event-stream') }),
      },
    },
    {
      name: 'TypeScript 403 `Invalid Host` is a Host rejection, not an auth layer',
      observations: { init: exchange({ status: 403, headers: { 'content-type': 'application/json' }, bodyExcerpt: jsonRpcErrorJson(-32000, 'Invalid Host: evil.example') }) },
    },
    {
      name: 'python-sdk 421 `Invalid Host header` is left to host-header',
      observations: { init: exchange({ status: 421, headers: { 'content-type': 'text/plain; charset=utf-8' }, bodyExcerpt: 'Invalid Host header' }) },
    },
    {
      name: 'a 404 with a JSON-RPC body is an MCP answer, not a wrong path',
      observations: { init: exchange({ status: 404, headers: { 'content-type': 'application/json' }, bodyExcerpt: jsonRpcErrorJson(-32001, 'Session not found') }) },
    },
    {
      name: 'a GET that opens the legacy stream does not matter when POST works',
      observations: { init: initOk(), 'get-stream': legacySseGet },
    },
  ],
  invalid: [
    {
      name: '200 text/html from a single-page-app fallback',
      observations: {
        init: exchange({ headers: { 'content-type': 'text/html; charset=utf-8' }, bodyExcerpt: '<!doctype html>\n<html><head><title>Acme Console</title></head><body><div id="root"></div></body></html>' }),
      },
      codes: ['HTML_RESPONSE'],
      severities: ['error'],
      args: { status: 200, detail: 'Acme Console' },
    },
    {
      name: 'nginx 502 Bad Gateway HTML (upstream bound to loopback)',
      observations: { init: exchange({ status: 502, headers: { 'content-type': 'text/html', server: 'nginx/1.27.0' }, bodyExcerpt: NGINX_502 }) },
      codes: ['GATEWAY_ERROR'],
      args: { status: 502, detail: '502 Bad Gateway' },
      message: /^502\b.*POST initialize: "502 Bad Gateway"/,
    },
    {
      name: 'Envoy 503 upstream connect error',
      observations: {
        init: exchange({ status: 503, headers: { 'content-type': 'text/plain' }, bodyExcerpt: 'upstream connect error or disconnect/reset before headers. reset reason: connection failure' }),
      },
      codes: ['GATEWAY_ERROR'],
    },
    {
      name: '500 from the server itself (app mounted without its lifespan)',
      observations: { init: exchange({ status: 500, headers: { 'content-type': 'text/plain; charset=utf-8' }, bodyExcerpt: 'Internal Server Error' }) },
      codes: ['SERVER_ERROR'],
      severities: ['error'],
    },
    {
      name: '502 with a JSON-RPC body comes from the server, not a proxy',
      observations: { init: exchange({ status: 502, headers: { 'content-type': 'application/json' }, bodyExcerpt: jsonRpcErrorJson(-32603, 'Internal error') }) },
      codes: ['SERVER_ERROR'],
    },
    {
      name: 'Starlette plain 404 `Not Found` (wrong path)',
      observations: { init: exchange({ status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' }, bodyExcerpt: 'Not Found' }) },
      codes: ['WRONG_PATH'],
      args: { status: 404, detail: 'Not Found', url: 'http://127.0.0.1:8000/mcp' },
    },
    {
      name: 'Express 404 HTML `Cannot POST /mcp`',
      observations: {
        init: exchange({
          status: 404,
          headers: { 'content-type': 'text/html; charset=utf-8' },
          bodyExcerpt: '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>Cannot POST /mcp</pre>\n</body>\n</html>\n',
        }),
      },
      codes: ['WRONG_PATH'],
    },
    {
      name: 'POST to the legacy /sse endpoint: Starlette 405 and a GET announcing `endpoint`',
      observations: {
        init: exchange({ url: 'http://127.0.0.1:8000/sse', status: 405, headers: { 'content-type': 'text/plain; charset=utf-8', allow: 'GET' }, bodyExcerpt: 'Method Not Allowed' }),
        'get-stream': legacySseGet,
      },
      codes: ['NOT_STREAMABLE_HTTP'],
      args: { status: 405, detail: 'Method Not Allowed' },
    },
    {
      name: 'a legacy SSE server answering POST /mcp with 404 while GET announces `endpoint`',
      observations: { init: exchange({ status: 404, headers: { 'content-type': 'text/plain' }, bodyExcerpt: 'Not Found' }), 'get-stream': legacySseGet },
      codes: ['NOT_STREAMABLE_HTTP'],
    },
    {
      name: 'POST 405 alone (a route defined without POST)',
      observations: { init: exchange({ status: 405, headers: { 'content-type': 'application/json' }, bodyExcerpt: jsonRpcErrorJson(-32000, 'Method not allowed.') }) },
      codes: ['NOT_STREAMABLE_HTTP'],
    },
    {
      name: 'python-sdk 401 with WWW-Authenticate',
      observations: {
        init: exchange({
          status: 401,
          headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer error="invalid_token", error_description="Authentication required"' },
          bodyExcerpt: '{"error":"invalid_token","error_description":"Authentication required"}',
        }),
      },
      codes: ['AUTH_REQUIRED'],
      args: { status: 401, detail: 'invalid_token' },
    },
    {
      name: 'AWS API Gateway 403 `Missing Authentication Token`',
      observations: {
        init: exchange({ status: 403, headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'MissingAuthenticationTokenException' }, bodyExcerpt: '{"message":"Missing Authentication Token"}' }),
      },
      codes: ['AUTH_REQUIRED'],
      args: { detail: 'Missing Authentication Token' },
    },
    {
      name: 'a 301 to another host (clients follow only same-origin redirects)',
      observations: { init: exchange({ status: 301, headers: { location: 'https://api.example.com/v2/mcp', 'content-length': '0' } }) },
      codes: ['UNEXPECTED_REDIRECT'],
      severities: ['error'],
      args: { status: 301, location: 'https://api.example.com/v2/mcp' },
    },
    {
      name: 'an https endpoint redirecting to plain http is an error',
      ctx: { target: httpsTarget },
      observations: { init: exchange({ url: httpsTarget.url, status: 302, headers: { location: 'http://mcp.example.com/login' } }) },
      codes: ['UNEXPECTED_REDIRECT'],
      severities: ['error'],
    },
    {
      name: 'Starlette 307 from /mcp to /mcp/ (python-sdk ≤ 1.11)',
      observations: { init: exchange({ status: 307, headers: { location: 'http://127.0.0.1:8000/mcp/', 'content-length': '0' } }) },
      codes: ['TRAILING_SLASH_REDIRECT'],
      severities: ['warning'],
      args: { location: 'http://127.0.0.1:8000/mcp/' },
    },
    {
      name: 'a relative slash redirect',
      observations: { init: exchange({ status: 308, headers: { location: '/mcp/' } }) },
      codes: ['TRAILING_SLASH_REDIRECT'],
    },
    {
      name: 'a slash redirect behind a TLS terminator that downgrades to http',
      ctx: { target: httpsTarget },
      observations: { init: exchange({ url: httpsTarget.url, status: 307, headers: { location: 'http://mcp.example.com/mcp/' } }) },
      codes: ['TRAILING_SLASH_REDIRECT'],
      severities: ['error'],
    },
  ],
});

/**
 * Pins the legacy-SSE evidence, that only a GET stream whose first event is `endpoint` is legacy,
 * and what makes a 403 an auth layer: a WWW-Authenticate header first, then Host/Origin wording
 * (never auth), then auth words in either spelling.
 */
describe('endpoint-speaks-mcp edges', () => {
  const notFound = exchange({ status: 404, headers: { 'content-type': 'text/plain' }, bodyExcerpt: 'Not Found' });
  const codesOf = (init: HttpExchange, get?: HttpExchange) => runCheck(endpointSpeaksMcp, { init, ...(get ? { 'get-stream': get } : {}) }, makeContext()).findings.map((f) => f.code);

  it('a legacy SSE finding says what GET announced', () => {
    const { findings } = runCheck(endpointSpeaksMcp, { init: notFound, 'get-stream': legacySseGet }, makeContext());
    expect(findings.map((f) => f.evidence)).toStrictEqual([{ ...evidenceOf(notFound), detail: 'GET answered with an SSE `endpoint` event' }]);
  });

  it.each<[string, HttpExchange]>([
    ['a GET stream whose first event is a message', { ...legacySseGet, sse: { events: 1, bytes: 40, ended: false, firstEvent: 'message' } }],
    ['a GET stream that was never read', exchange({ ...legacySseGet, bodyExcerpt: '', sse: undefined })],
  ])('%s is not the legacy transport', (_name, get) => {
    expect(codesOf(notFound, get)).toStrictEqual(['WRONG_PATH']);
  });

  const forbidden = (body: string, headers: Record<string, string> = {}) => exchange({ status: 403, headers: { 'content-type': 'text/plain', ...headers }, bodyExcerpt: body });
  it.each<[string, HttpExchange, string[]]>([
    ['WWW-Authenticate and no auth words', forbidden('Nope', { 'www-authenticate': 'Bearer error="insufficient_scope"' }), ['AUTH_REQUIRED']],
    ['WWW-Authenticate with Host wording', forbidden('Invalid Host header', { 'www-authenticate': 'Bearer' }), ['AUTH_REQUIRED']],
    ['Origin wording next to an auth word', forbidden('Invalid Origin header: forbidden'), []],
    ['"Unauthorized"', forbidden('Unauthorized'), ['AUTH_REQUIRED']],
    ['"Unauthorised"', forbidden('Unauthorised'), ['AUTH_REQUIRED']],
    ['no auth words', forbidden('Nope'), []],
  ])('a 403 with %s', (_name, init, codes) => {
    expect(codesOf(init)).toStrictEqual(codes);
  });
});
