import { stateless } from '../../../src/checks/session/stateless.js';
import type { HttpExchange } from '../../../src/model/observations.js';
import { exchange, initOk, initStateful, jsonRpcErrorJson, testCheck } from '../../helpers/check-tester.js';

const LABEL = 'POST tools/list (no Mcp-Session-Id)';
const toolsListResult = '{"jsonrpc":"2.0","id":2,"result":{"tools":[]}}';

function noSession(partial: Partial<HttpExchange>): HttpExchange {
  return exchange({
    label: LABEL,
    requestHeaders: { accept: 'application/json, text/event-stream', 'content-type': 'application/json', 'mcp-protocol-version': '2025-11-25' },
    ...partial,
  });
}

const ok = noSession({ headers: { 'content-type': 'application/json' }, bodyExcerpt: toolsListResult });
const pyMissing = noSession({
  status: 400,
  headers: { 'content-type': 'application/json', 'mcp-session-id': '0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e' },
  bodyExcerpt: jsonRpcErrorJson(-32600, 'Bad Request: Missing session ID', 'server-error'),
});

testCheck(stateless, {
  valid: [
    { name: 'a stateless server: no session id, tools/list works without one', observations: { init: initOk(), 'no-session': ok } },
    {
      name: 'a 400 about the protocol version is not a session requirement',
      observations: {
        init: initOk(),
        'no-session': noSession({ status: 400, headers: { 'content-type': 'application/json' }, bodyExcerpt: jsonRpcErrorJson(-32000, 'Bad Request: Unsupported protocol version: 2025-11-25') }),
      },
    },
  ],
  invalid: [
    {
      name: 'python-sdk stateful: 400 `Bad Request: Missing session ID` (generic: info)',
      observations: { init: initStateful(), 'no-session': pyMissing },
      codes: ['SERVER_STATEFUL'],
      severities: ['info'],
      args: { status: 400, probe: LABEL, detail: 'Bad Request: Missing session ID' },
      message: /POST tools\/list \(no Mcp-Session-Id\).*"Bad Request: Missing session ID"/,
    },
    {
      name: 'the same server under the agentcore profile is an error',
      ctx: { profile: 'agentcore' },
      observations: { init: initStateful(), 'no-session': pyMissing },
      codes: ['SERVER_STATEFUL'],
      severities: ['error'],
    },
    {
      name: 'TypeScript stateful: `Bad Request: Mcp-Session-Id header is required`',
      observations: {
        init: initStateful({ headers: { 'content-type': 'text/event-stream', 'mcp-session-id': '6f1d3a2c-8b4e-4f7a-9c2d-1e5b7a9c3d4f' } }),
        'no-session': noSession({ status: 400, headers: { 'content-type': 'application/json' }, bodyExcerpt: jsonRpcErrorJson(-32000, 'Bad Request: Mcp-Session-Id header is required') }),
      },
      codes: ['SERVER_STATEFUL'],
    },
    {
      name: 'the everything server: `Bad Request: Server not initialized`',
      observations: {
        init: initStateful(),
        'no-session': noSession({ status: 400, headers: { 'content-type': 'application/json' }, bodyExcerpt: jsonRpcErrorJson(-32000, 'Bad Request: Server not initialized') }),
      },
      codes: ['SERVER_STATEFUL'],
    },
    {
      name: 'TypeScript examples: `Bad Request: No valid session ID provided`',
      observations: {
        init: initStateful(),
        'no-session': noSession({ status: 400, headers: { 'content-type': 'application/json' }, bodyExcerpt: jsonRpcErrorJson(-32000, 'Bad Request: No valid session ID provided') }),
      },
      codes: ['SERVER_STATEFUL'],
    },
    {
      name: 'a session id is issued although requests without it work',
      observations: { init: initStateful(), 'no-session': ok },
      codes: ['SERVER_STATEFUL'],
      severities: ['info'],
      message: /issued an `Mcp-Session-Id`/,
    },
  ],
});
