import { describe, expect, it } from 'vitest';
import { evidenceOf } from '../../../src/checks/evidence.js';
import { describeFirstFrame, listenAck } from '../../../src/checks/modern/listen-ack.js';
import type { HttpExchange } from '../../../src/model/observations.js';
import { exchange, jsonRpcErrorJson, makeContext, runCheck } from '../../helpers/check-tester.js';
import { modern } from './modern-fixtures.js';

const LABEL = 'POST subscriptions/listen';

/**
 * Pins the words LISTEN_ACK_MISSING puts in its message for each way the first frame can go wrong:
 * no answer (error code, else outcome), a non-2xx (container status first, quoted detail only when
 * there is one), and a non-stream answer (JSON result or not, with and without Content-Type).
 */
describe('describeFirstFrame', () => {
  it.each<[string, HttpExchange, string]>([
    ['a timeout with an error code', exchange({ label: LABEL, outcome: 'timeout', error: { kind: 'timeout', code: 'UND_ERR_HEADERS_TIMEOUT', message: 'Headers Timeout Error' } }), 'no answer (UND_ERR_HEADERS_TIMEOUT)'],
    ['a failure without an error', exchange({ label: LABEL, outcome: 'network-error' }), 'no answer (network-error)'],
    ['a 404 with a JSON-RPC message', modern(LABEL, 404, jsonRpcErrorJson(-32601, 'Method not found', 7)), 'HTTP 404 ("Method not found")'],
    ['a 404 with no body', modern(LABEL, 404, '', { headers: {} }), 'HTTP 404'],
    ['a 300 just above 2xx', modern(LABEL, 300, '', { headers: {} }), 'HTTP 300'],
    ['a container 502 wrapped in 200', modern(LABEL, 200, '', { headers: {}, containerStatus: 502 }), 'HTTP 502'],
    ['a JSON result with its Content-Type', modern(LABEL, 200, '{"jsonrpc":"2.0","id":7,"result":{}}'), 'a JSON result (application/json), not a stream'],
    ['a JSON result without Content-Type', modern(LABEL, 200, '{"jsonrpc":"2.0","id":7,"result":{}}', { headers: {} }), 'a JSON result (no Content-Type), not a stream'],
    ['a JSON-RPC error in a 200 JSON body', modern(LABEL, 200, jsonRpcErrorJson(-32000, 'nope', 7)), 'a application/json answer, not a stream'],
    ['an HTML page', modern(LABEL, 200, '<html><title>Hi</title></html>', { headers: { 'content-type': 'text/html' } }), 'a text/html answer, not a stream'],
    ['a body without Content-Type', modern(LABEL, 200, 'ok', { headers: {} }), 'a body without Content-Type answer, not a stream'],
    ['a body without a parsed JSON-RPC message', modern(LABEL, 200, 'ok', { headers: { 'content-type': 'text/plain' }, jsonrpc: undefined }), 'a text/plain answer, not a stream'],
  ])('%s', (_name, observed, words) => {
    expect(describeFirstFrame(observed)).toBe(words);
  });

  it('reports the words and the exchange as evidence', () => {
    const observed = modern(LABEL, 404, '', { headers: {} });
    expect(runCheck(listenAck, { 'modern-listen': observed }, makeContext()).findings).toStrictEqual([
      { code: 'LISTEN_ACK_MISSING', args: { detail: 'HTTP 404' }, evidence: evidenceOf(observed) },
    ]);
  });
});
