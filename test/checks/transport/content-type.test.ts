import { describe, expect, it } from 'vitest';
import { evidenceOf } from '../../../src/checks/evidence.js';
import { contentType } from '../../../src/checks/transport/content-type.js';
import { exchange, initOk, jsonRpcErrorJson, makeContext, runCheck, testCheck } from '../../helpers/check-tester.js';

const PLAIN_LABEL = 'POST initialize (Content-Type: text/plain)';
const plainRequest = { accept: 'application/json, text/event-stream', 'content-type': 'text/plain' };

testCheck(contentType, {
  valid: [
    { name: 'only the compliant initialize ran', observations: { init: initOk() } },
    {
      name: 'a lenient server also accepts text/plain',
      observations: { init: initOk(), 'content-type-plain': initOk({ label: PLAIN_LABEL, requestHeaders: plainRequest }) },
    },
    {
      name: 'a 400 that the compliant request got too is not a Content-Type rejection',
      observations: {
        init: exchange({ status: 400, headers: { 'content-type': 'application/json' }, bodyExcerpt: jsonRpcErrorJson(-32700, 'Parse error: Invalid JSON') }),
        'content-type-plain': exchange({ label: PLAIN_LABEL, requestHeaders: plainRequest, status: 400, headers: { 'content-type': 'application/json' }, bodyExcerpt: jsonRpcErrorJson(-32700, 'Parse error: Invalid JSON') }),
      },
    },
  ],
  invalid: [
    {
      name: 'TypeScript SDK example app: 400 `No valid session ID provided` (the JSON parser skipped the body); the control got 200',
      observations: {
        init: initOk(),
        'content-type-plain': exchange({ label: PLAIN_LABEL, requestHeaders: plainRequest, status: 400, headers: { 'content-type': 'application/json' }, bodyExcerpt: jsonRpcErrorJson(-32000, 'Bad Request: No valid session ID provided') }),
      },
      codes: ['CONTENT_TYPE_REJECTED'],
      severities: ['info'],
      args: { status: 400, detail: 'Bad Request: No valid session ID provided' },
      message: /^400 for POST initialize \(Content-Type: text\/plain\): "Bad Request: No valid session ID provided", whereas the same request with `Content-Type: application\/json` got 200;/,
    },
    {
      name: 'python-sdk ≥ 1.10: 400 text/plain `Invalid Content-Type header`',
      observations: {
        init: initOk(),
        'content-type-plain': exchange({ label: PLAIN_LABEL, requestHeaders: plainRequest, status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' }, bodyExcerpt: 'Invalid Content-Type header' }),
      },
      codes: ['CONTENT_TYPE_REJECTED'],
      severities: ['info'],
      args: { status: 400, probe: PLAIN_LABEL, detail: 'Invalid Content-Type header' },
    },
    {
      name: 'TypeScript SDK: 415 JSON-RPC `Unsupported Media Type`',
      observations: {
        init: initOk(),
        'content-type-plain': exchange({
          label: PLAIN_LABEL,
          requestHeaders: plainRequest,
          status: 415,
          headers: { 'content-type': 'application/json' },
          bodyExcerpt: jsonRpcErrorJson(-32000, 'Unsupported Media Type: Content-Type must be application/json'),
        }),
      },
      codes: ['CONTENT_TYPE_REJECTED'],
      severities: ['info'],
      message: /^415\b.*POST initialize \(Content-Type: text\/plain\): "Unsupported Media Type/,
    },
    {
      name: 'even `application/json` is refused: the server or a proxy is broken',
      observations: { init: exchange({ status: 415, headers: { 'content-type': 'application/json' }, bodyExcerpt: jsonRpcErrorJson(-32000, 'Unsupported Media Type: Content-Type must be application/json') }) },
      codes: ['CONTENT_TYPE_REJECTED'],
      severities: ['error'],
      args: { status: 415, probe: 'POST initialize' },
    },
  ],
});

/**
 * Pins the fallback without a served control (the compliant initialize was itself refused for
 * another reason): only a 415, or a 400 that names Content-Type, is attributed to the header.
 */
describe('content-type without a served control', () => {
  const unauthorized = exchange({ status: 401, headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer' }, bodyExcerpt: '{"error":"invalid_token"}' });
  const plain = (status: number, body: string) => exchange({ label: PLAIN_LABEL, requestHeaders: plainRequest, status, headers: { 'content-type': 'text/plain' }, bodyExcerpt: body });

  it('attributes a 415 on the text/plain probe', () => {
    const observed = plain(415, 'Unsupported Media Type');
    const { findings } = runCheck(contentType, { init: unauthorized, 'content-type-plain': observed }, makeContext());
    expect(findings).toStrictEqual([{ code: 'CONTENT_TYPE_REJECTED', args: { status: 415, probe: PLAIN_LABEL, detail: 'Unsupported Media Type' }, evidence: evidenceOf(observed) }]);
  });

  it.each([
    [400, 'Invalid Content-Type header', ['CONTENT_TYPE_REJECTED']],
    [400, 'Bad Request', []],
    [414, 'Unsupported Media Type', []],
    [416, 'Unsupported Media Type', []],
  ])('%i %s -> %j', (status, body, codes) => {
    const { findings } = runCheck(contentType, { init: unauthorized, 'content-type-plain': plain(status, body) }, makeContext());
    expect(findings.map((f) => f.code)).toStrictEqual(codes);
  });

  it('a 415 on the compliant request is an error even when its body names no header', () => {
    const init = exchange({ status: 415, headers: { 'content-type': 'text/plain' }, bodyExcerpt: 'Unsupported Media Type' });
    const { findings } = runCheck(contentType, { init }, makeContext());
    expect(findings).toStrictEqual([{ code: 'CONTENT_TYPE_REJECTED', severity: 'error', args: { status: 415, probe: 'POST initialize', detail: 'Unsupported Media Type' }, evidence: evidenceOf(init) }]);
  });
});
