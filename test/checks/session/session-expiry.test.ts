import { describe, expect, it } from 'vitest';
import { sessionExpiry } from '../../../src/checks/session/session-expiry.js';
import type { HttpExchange } from '../../../src/model/observations.js';
import { resolveTargetInput } from '../../../src/targets/resolve.js';
import { exchange, initOk, initStateful, jsonRpcErrorJson, makeContext, runCheck, testCheck } from '../../helpers/check-tester.js';

function foreign(partial: Partial<HttpExchange>): HttpExchange {
  return exchange({
    label: 'POST tools/list (foreign Mcp-Session-Id)',
    requestHeaders: { accept: 'application/json, text/event-stream', 'content-type': 'application/json', 'mcp-session-id': 'mcp-doctor-1b4e28ba-2fa1-11d2-883f-0016d3cca427' },
    ...partial,
  });
}

testCheck(sessionExpiry, {
  valid: [
    {
      name: 'python-sdk ≥ 1.26: 404 `Session not found`',
      observations: { init: initStateful(), 'foreign-session': foreign({ status: 404, headers: { 'content-type': 'application/json' }, bodyExcerpt: jsonRpcErrorJson(-32600, 'Session not found', 'server-error') }) },
    },
    {
      name: 'TypeScript: 404 -32001 `Session not found`',
      observations: { init: initStateful(), 'foreign-session': foreign({ status: 404, headers: { 'content-type': 'application/json' }, bodyExcerpt: jsonRpcErrorJson(-32001, 'Session not found') }) },
    },
    {
      name: 'a stateless server issues no sessions, so none can expire',
      observations: { init: initOk(), 'foreign-session': foreign({ status: 400, headers: { 'content-type': 'text/plain' }, bodyExcerpt: 'Bad Request: No valid session ID provided' }) },
      notApplicable: /issues no sessions/,
    },
  ],
  invalid: [
    {
      name: 'python-sdk ≤ 1.25: 400 text/plain `Bad Request: No valid session ID provided`',
      observations: { init: initStateful(), 'foreign-session': foreign({ status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' }, bodyExcerpt: 'Bad Request: No valid session ID provided' }) },
      codes: ['SESSION_EXPIRY_NONCOMPLIANT'],
      severities: ['warning'],
      args: { status: 400, detail: 'Bad Request: No valid session ID provided' },
      message: /400: "Bad Request: No valid session ID provided".*404/,
    },
    {
      name: 'TypeScript example pattern: 400 -32000 JSON',
      observations: { init: initStateful(), 'foreign-session': foreign({ status: 400, headers: { 'content-type': 'application/json' }, bodyExcerpt: jsonRpcErrorJson(-32000, 'Bad Request: No valid session ID provided') }) },
      codes: ['SESSION_EXPIRY_NONCOMPLIANT'],
    },
  ],
});

/** Pins that a runtime target is never judged, even when the answer carries a session id. */
describe('session-expiry on a runtime target', () => {
  it('does not apply', () => {
    const target = resolveTargetInput('arn:aws:bedrock-agentcore:us-west-2:123456789012:runtime/weather-Xq7Lm2Pa9R', { env: {} });
    const outcome = runCheck(sessionExpiry, { init: initStateful(), 'foreign-session': foreign({ status: 400, headers: { 'content-type': 'application/json' }, bodyExcerpt: jsonRpcErrorJson(-32000, 'Bad Request: No valid session ID provided') }) }, makeContext({ profile: 'agentcore', target }));
    expect(outcome).toStrictEqual({ applies: "AgentCore owns session ids and wraps the container's status", findings: [] });
  });
});
