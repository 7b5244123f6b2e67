import { describe, expect, it } from 'vitest';
import { evidenceOf } from '../../../src/checks/evidence.js';
import { acceptNegotiation } from '../../../src/checks/transport/accept-negotiation.js';
import type { HttpExchange } from '../../../src/model/observations.js';
import { exchange, initOk, initStateful, jsonRpcErrorJson, makeContext, runCheck, testCheck } from '../../helpers/check-tester.js';

const BOTH = 'Not Acceptable: Client must accept both application/json and text/event-stream';

/** A 406 as the TypeScript SDK writes it (JSON-RPC -32000, `id: null`). */
function ts406(label: string, accept?: string): HttpExchange {
  return exchange({
    label,
    requestHeaders: accept === undefined ? { 'content-type': 'application/json' } : { accept, 'content-type': 'application/json' },
    status: 406,
    headers: { 'content-type': 'application/json' },
    bodyExcerpt: jsonRpcErrorJson(-32000, BOTH),
  });
}

/** A 406 as python-sdk 1.x writes it (`id: "server-error"`). */
function py406(label: string, accept?: string): HttpExchange {
  return exchange({
    label,
    requestHeaders: accept === undefined ? { 'content-type': 'application/json' } : { accept, 'content-type': 'application/json' },
    status: 406,
    headers: { 'content-type': 'application/json' },
    bodyExcerpt: jsonRpcErrorJson(-32600, BOTH, 'server-error'),
  });
}

const lenient = (label: string, accept: string) => initOk({ label, requestHeaders: { accept, 'content-type': 'application/json' } });

testCheck(acceptNegotiation, {
  valid: [
    { name: 'only the compliant initialize ran', observations: { init: initOk() } },
    {
      name: 'a lenient server (python-sdk 2.0) answers every Accept variant',
      observations: {
        init: initOk(),
        'accept-wildcard': lenient('POST initialize (Accept: */*)', '*/*'),
        'accept-json': lenient('POST initialize (Accept: application/json)', 'application/json'),
        'accept-sse': lenient('POST initialize (Accept: text/event-stream)', 'text/event-stream'),
      },
    },
    {
      name: 'a 400 to a variant is not attributed to Accept when the compliant request got it too',
      observations: {
        init: exchange({ status: 400, headers: { 'content-type': 'text/plain' }, bodyExcerpt: 'Bad Request' }),
        'accept-none': exchange({ label: 'POST initialize (no Accept header)', status: 400, headers: { 'content-type': 'text/plain' }, bodyExcerpt: 'Bad Request' }),
      },
    },
  ],
  invalid: [
    {
      name: 'a 400 in any words to a variant that differs from the served control only in Accept',
      observations: {
        init: initStateful(),
        'accept-wildcard': exchange({ label: 'POST initialize (Accept: */*)', requestHeaders: { accept: '*/*', 'content-type': 'application/json' }, status: 400, headers: { 'content-type': 'text/plain' }, bodyExcerpt: 'Bad Request' }),
      },
      codes: ['ACCEPT_HEADER_REQUIRED'],
      args: { status: 400, variants: '*/*' },
      message: /^400 for Accept \*\/\*: "Bad Request", whereas the same request with `Accept: application\/json, text\/event-stream` got 200/,
    },
    {
      name: 'TypeScript SDK rejects curl `*/*`, JSON-only, SSE-only and a missing Accept',
      observations: {
        init: initOk(),
        'accept-none': ts406('POST initialize (no Accept header)'),
        'accept-wildcard': ts406('POST initialize (Accept: */*)', '*/*'),
        'accept-json': ts406('POST initialize (Accept: application/json)', 'application/json'),
        'accept-sse': ts406('POST initialize (Accept: text/event-stream)', 'text/event-stream'),
      },
      codes: ['ACCEPT_HEADER_REQUIRED'],
      severities: ['info'],
      args: { variants: 'none, */*, application/json, text/event-stream', detail: BOTH },
    },
    {
      name: 'python-sdk with json_response=True rejects only the SSE-only variant',
      observations: {
        init: initOk(),
        'accept-json': lenient('POST initialize (Accept: application/json)', 'application/json'),
        'accept-sse': py406('POST initialize (Accept: text/event-stream)', 'text/event-stream'),
      },
      codes: ['ACCEPT_HEADER_REQUIRED'],
      args: { variants: 'text/event-stream' },
      message: /^406 for Accept text\/event-stream: "Not Acceptable: Client must accept both/,
    },
    {
      name: 'a proxy rewrites Accept, so even the compliant header gets 406',
      observations: {
        init: ts406('POST initialize', 'application/json, text/event-stream'),
        'accept-wildcard': ts406('POST initialize (Accept: */*)', '*/*'),
      },
      codes: ['ACCEPT_NEGOTIATION_BROKEN'],
      severities: ['error'],
      args: { status: 406, probe: 'POST initialize', detail: BOTH },
    },
    {
      name: 'a 406 with a plain-text body from a gateway',
      observations: { init: exchange({ status: 406, headers: { 'content-type': 'text/plain' }, bodyExcerpt: 'Not Acceptable' }) },
      codes: ['ACCEPT_NEGOTIATION_BROKEN'],
      args: { detail: 'Not Acceptable' },
    },
  ],
});

/**
 * Pins that ACCEPT_HEADER_REQUIRED lists only the variants refused with the first one's status, and
 * that the control comparison appears only when the compliant initialize was served.
 */
describe('accept-negotiation edges', () => {
  it('lists only the variants refused with the same status as the first', () => {
    const json400 = exchange({ label: 'POST initialize (Accept: application/json)', requestHeaders: { accept: 'application/json', 'content-type': 'application/json' }, status: 400, headers: { 'content-type': 'application/json' }, bodyExcerpt: jsonRpcErrorJson(-32600, 'Bad Accept') });
    const observations = { init: initOk(), 'accept-none': ts406('POST initialize (no Accept)'), 'accept-json': json400, 'accept-sse': ts406('POST initialize (Accept: text/event-stream)', 'text/event-stream') };
    expect(runCheck(acceptNegotiation, observations, makeContext()).findings.map((f) => f.args?.variants)).toStrictEqual(['none, text/event-stream']);
  });

  it('without a served control there is no comparison', () => {
    const init = exchange({ status: 401, headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer' }, bodyExcerpt: '{"error":"invalid_token"}' });
    const none = ts406('POST initialize (no Accept)');
    expect(runCheck(acceptNegotiation, { init, 'accept-none': none }, makeContext()).findings).toStrictEqual([
      { code: 'ACCEPT_HEADER_REQUIRED', args: { status: 406, variants: 'none', detail: BOTH }, evidence: evidenceOf(none) },
    ]);
  });
});
