import { clientOrigin } from '../../../src/checks/security/client-origin.js';
import type { HttpExchange } from '../../../src/model/observations.js';
import { exchange, initOk, jsonRpcErrorJson, testCheck } from '../../helpers/check-tester.js';

const APP = 'https://claude.example';
const label = `POST initialize (Origin: ${APP})`;

function client(partial: Partial<HttpExchange> = {}): HttpExchange {
  return initOk({ label, requestHeaders: { accept: 'application/json, text/event-stream', 'content-type': 'application/json', origin: APP }, ...partial });
}

testCheck(clientOrigin, {
  valid: [
    { name: 'the Origin is accepted', observations: { init: initOk(), 'origin-client': client() } },
    {
      name: 'both the control and the Origin request are refused: not attributed to Origin',
      observations: { init: exchange({ status: 400, headers: { 'content-type': 'text/plain' }, bodyExcerpt: 'Bad Request' }), 'origin-client': client({ status: 400, headers: { 'content-type': 'text/plain' }, bodyExcerpt: 'Bad Request' }) },
    },
  ],
  invalid: [
    {
      name: 'python-sdk ≥ 1.23: 403 `Invalid Origin header`',
      observations: { init: initOk(), 'origin-client': client({ status: 403, headers: { 'content-type': 'text/plain' }, bodyExcerpt: 'Invalid Origin header' }) },
      codes: ['ORIGIN_REJECTED'],
      severities: ['error'],
      args: { status: 403, url: APP, detail: 'Invalid Origin header' },
      message: /^403 for POST initialize \(Origin: https:\/\/claude\.example\): "Invalid Origin header", whereas the same request without Origin got 200; browser-based clients and hosted connectors that send `Origin: https:\/\/claude\.example` cannot connect\.$/,
    },
    {
      name: 'FastMCP (Python) guard: 403 `Forbidden Origin`',
      observations: { init: initOk(), 'origin-client': client({ status: 403, headers: { 'content-type': 'text/plain' }, bodyExcerpt: 'Forbidden Origin' }) },
      codes: ['ORIGIN_REJECTED'],
    },
    {
      name: 'TypeScript SDK transport: 403 JSON-RPC `Invalid Origin header: https://claude.example`',
      observations: { init: initOk(), 'origin-client': client({ status: 403, headers: { 'content-type': 'application/json' }, bodyExcerpt: jsonRpcErrorJson(-32000, `Invalid Origin header: ${APP}`) }) },
      codes: ['ORIGIN_REJECTED'],
    },
  ],
});
