import { describe, expect, it } from 'vitest';
import { getStream } from '../../../src/checks/transport/get-stream.js';
import type { HttpExchange } from '../../../src/model/observations.js';
import { exchange, jsonRpcErrorJson, makeContext, runCheck, testCheck } from '../../helpers/check-tester.js';

function get(partial: Partial<HttpExchange>): HttpExchange {
  return exchange({ label: 'GET (Accept: text/event-stream)', method: 'GET', requestHeaders: { accept: 'text/event-stream' }, ...partial });
}

const silentStream = { headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache, no-transform' }, sse: { events: 0, bytes: 0, ended: false } };

testCheck(getStream, {
  valid: [
    {
      name: 'FastMCP 3.x stateless: Starlette 405 `Method Not Allowed`',
      observations: { 'get-stream': get({ status: 405, headers: { 'content-type': 'text/plain; charset=utf-8', allow: 'POST, DELETE' }, bodyExcerpt: 'Method Not Allowed' }) },
    },
    {
      name: 'the TypeScript stateless example app answers 405 JSON',
      observations: { 'get-stream': get({ status: 405, headers: { 'content-type': 'application/json' }, bodyExcerpt: jsonRpcErrorJson(-32000, 'Method not allowed.') }) },
    },
    {
      name: 'a stream that delivers an event',
      observations: { 'get-stream': get({ headers: { 'content-type': 'text/event-stream' }, bodyExcerpt: 'event: message\ndata: {"jsonrpc":"2.0","method":"notifications/tools/list_changed"}\n\n', sse: { events: 1, firstEvent: 'message', bytes: 78, ended: false, firstEventAfterMs: 40 } }) },
    },
    {
      name: 'python-sdk stateful: 400 `Bad Request: Missing session ID`',
      observations: { 'get-stream': get({ status: 400, headers: { 'content-type': 'application/json' }, bodyExcerpt: jsonRpcErrorJson(-32600, 'Bad Request: Missing session ID', 'server-error') }) },
    },
    {
      name: 'a stream that ended without events is not hanging',
      observations: { 'get-stream': get({ headers: { 'content-type': 'text/event-stream' }, sse: { events: 0, bytes: 0, ended: true } }) },
    },
    {
      name: 'tmcp: only the comment `: connected` arrived; a byte is a byte (no hang)',
      observations: { 'get-stream': get({ headers: { 'content-type': 'text/event-stream' }, bodyExcerpt: ': connected\n\n', sse: { events: 0, bytes: 13, ended: false }, durationMs: 2_004 }) },
    },
    {
      name: 'only a `retry:` field arrived',
      observations: { 'get-stream': get({ headers: { 'content-type': 'text/event-stream' }, bodyExcerpt: 'retry: 3000\n\n', sse: { events: 0, bytes: 13, ended: false, retry: 3000 }, durationMs: 2_004 }) },
    },
    {
      name: 'a timeout before any status is a reachability problem, judged elsewhere',
      observations: { 'get-stream': get({ outcome: 'timeout', error: { kind: 'timeout', code: 'UND_ERR_HEADERS_TIMEOUT', message: 'Headers Timeout Error' }, durationMs: 10_001 }) },
    },
  ],
  invalid: [
    {
      name: 'python-sdk stateless: 200 text/event-stream that never sends a byte',
      observations: { 'get-stream': get({ ...silentStream, durationMs: 2_003 }) },
      codes: ['GET_STREAM_HANGS'],
      severities: ['warning'],
      args: { waitedMs: 2_003 },
      message: /no byte in 2003 ms/,
    },
    {
      name: 'headers arrived, then the body timed out',
      observations: { 'get-stream': get({ ...silentStream, outcome: 'timeout', status: 200, error: { kind: 'timeout', code: 'UND_ERR_BODY_TIMEOUT', message: 'Body Timeout Error' }, durationMs: 10_000 }) },
      codes: ['GET_STREAM_HANGS'],
    },
  ],
});

/**
 * Pins each conjunct of "silent": a 2xx status, an event-stream type, a parsed stream, no byte, not
 * ended. Each row breaks exactly one of them (or two that only together make a hang) and must pass.
 */
describe('get-stream: only a 2xx event stream with no byte is a hang', () => {
  const silentSse = { events: 0, bytes: 0, ended: false };
  it.each<[string, Partial<HttpExchange>]>([
    ['a 405 whose error body is typed text/event-stream', { status: 405, headers: { 'content-type': 'text/event-stream' }, sse: silentSse }],
    ['a 199 below the 2xx range', { status: 199, headers: { 'content-type': 'text/event-stream' }, sse: silentSse }],
    ['a 300 above the 2xx range', { status: 300, headers: { 'content-type': 'text/event-stream' }, sse: silentSse }],
    ['a 200 typed application/json with a stream reader attached', { status: 200, headers: { 'content-type': 'application/json' }, sse: silentSse }],
    ['a 200 event stream that was never read', { status: 200, headers: { 'content-type': 'text/event-stream' } }],
  ])('%s is not a hang', (_name, partial) => {
    expect(runCheck(getStream, { 'get-stream': get(partial) }, makeContext()).findings).toStrictEqual([]);
  });

  it.each([200, 299])('a silent event stream at %i is a hang', (status) => {
    const observed = get({ ...silentStream, status, durationMs: 2_001 });
    expect(runCheck(getStream, { 'get-stream': observed }, makeContext()).findings.map((f) => f.args)).toStrictEqual([{ status, waitedMs: 2_001 }]);
  });
});
