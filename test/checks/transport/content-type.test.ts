import { contentType } from '../../../src/checks/transport/content-type.js';
import { exchange, initOk, jsonRpcErrorJson, testCheck } from '../../helpers/check-tester.js';

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
