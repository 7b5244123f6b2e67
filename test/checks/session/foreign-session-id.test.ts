import { foreignSessionId } from '../../../src/checks/session/foreign-session-id.js';
import type { HttpExchange } from '../../../src/model/observations.js';
import { exchange, initOk, initStateful, jsonRpcErrorJson, testCheck } from '../../helpers/check-tester.js';

const LABEL = 'POST tools/list (foreign Mcp-Session-Id)';

function foreign(partial: Partial<HttpExchange>): HttpExchange {
  return exchange({
    label: LABEL,
    requestHeaders: {
      accept: 'application/json, text/event-stream',
      'content-type': 'application/json',
      'mcp-session-id': 'mcp-doctor-1b4e28ba-2fa1-11d2-883f-0016d3cca427',
      'mcp-protocol-version': '2025-11-25',
    },
    ...partial,
  });
}

const sessionNotFound = foreign({ status: 404, headers: { 'content-type': 'application/json' }, bodyExcerpt: jsonRpcErrorJson(-32001, 'Session not found') });

testCheck(foreignSessionId, {
  valid: [
    { name: 'a stateless server ignores the header', observations: { init: initOk(), 'foreign-session': foreign({ headers: { 'content-type': 'application/json' }, bodyExcerpt: '{"jsonrpc":"2.0","id":2,"result":{"tools":[]}}' }) } },
    {
      name: 'a 5xx is judged by server-errors, not here',
      observations: { init: initStateful(), 'foreign-session': foreign({ status: 500, headers: { 'content-type': 'text/plain' }, bodyExcerpt: 'Internal Server Error' }) },
    },
    {
      name: 'a 405 is not a session rejection',
      observations: { init: initOk(), 'foreign-session': foreign({ status: 405, headers: { 'content-type': 'text/plain' }, bodyExcerpt: 'Method Not Allowed' }) },
    },
  ],
  invalid: [
    {
      name: 'a stateful TypeScript server: 404 -32001 `Session not found` (generic: info)',
      observations: { init: initStateful(), 'foreign-session': sessionNotFound },
      codes: ['FOREIGN_SESSION_ID_REJECTED'],
      severities: ['info'],
      args: { status: 404, probe: LABEL, detail: 'Session not found' },
      message: /404: "Session not found"/,
    },
    {
      name: 'the same server under agentcore (AgentCore injects its own ids): error',
      ctx: { profile: 'agentcore' },
      observations: { init: initStateful(), 'foreign-session': sessionNotFound },
      codes: ['FOREIGN_SESSION_ID_REJECTED'],
      severities: ['error'],
    },
    {
      name: 'python-sdk ≤ 1.25: 400 text/plain `Bad Request: No valid session ID provided`',
      observations: { init: initStateful(), 'foreign-session': foreign({ status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' }, bodyExcerpt: 'Bad Request: No valid session ID provided' }) },
      codes: ['FOREIGN_SESSION_ID_REJECTED'],
      severities: ['info'],
      args: { detail: 'Bad Request: No valid session ID provided' },
    },
    {
      name: 'a server that issues no session yet rejects the header (generic): warning',
      observations: { init: initOk(), 'foreign-session': sessionNotFound },
      codes: ['FOREIGN_SESSION_ID_REJECTED'],
      severities: ['warning'],
    },
    {
      name: 'the same under agentcore: error',
      ctx: { profile: 'agentcore' },
      observations: { init: initOk(), 'foreign-session': sessionNotFound },
      codes: ['FOREIGN_SESSION_ID_REJECTED'],
      severities: ['error'],
    },
  ],
});
