import { describe, expect, it } from 'vitest';
import { evidenceOf } from '../../../src/checks/evidence.js';
import { judgeStatefulness, stateless } from '../../../src/checks/session/stateless.js';
import type { HttpExchange } from '../../../src/model/observations.js';
import { exchange, initOk, initStateful, jsonRpcErrorJson, makeContext, runCheck, testCheck, type CaseObservations } from '../../helpers/check-tester.js';

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
const SID = '9f3c2a1be0d44c5e8a7b6c5d4e3f2a1b';
const listHeaders = { accept: 'application/json, text/event-stream', 'content-type': 'application/json', 'mcp-protocol-version': '2025-11-25' };
const control = exchange({ label: 'POST tools/list (issued Mcp-Session-Id)', requestHeaders: { ...listHeaders, 'mcp-session-id': SID }, headers: { 'content-type': 'application/json' }, bodyExcerpt: toolsListResult });
const foreignOk = exchange({ label: 'POST tools/list (foreign Mcp-Session-Id)', requestHeaders: { ...listHeaders, 'mcp-session-id': 'mcp-doctor-1' }, headers: { 'content-type': 'application/json' }, bodyExcerpt: toolsListResult });
const foreign404 = exchange({ ...foreignOk, status: 404, bodyExcerpt: jsonRpcErrorJson(-32001, 'Session not found'), jsonrpc: undefined });
const arnTarget = {
  input: 'arn:aws:bedrock-agentcore:us-west-2:111122223333:runtime/weather-Xq7Lm2Pa9R',
  url: 'https://bedrock-agentcore.us-west-2.amazonaws.com/runtimes/x/invocations?qualifier=DEFAULT',
  origin: 'https://bedrock-agentcore.us-west-2.amazonaws.com:443',
  kind: 'agentcore-runtime' as const,
  isLoopback: false,
};
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
    {
      name: 'a refusal the control shares is not attributed to the missing session id',
      observations: {
        init: initStateful(),
        'session-control': exchange({ ...control, status: 400, bodyExcerpt: jsonRpcErrorJson(-32000, 'Bad Request: Unsupported protocol version'), jsonrpc: undefined }),
        'no-session': noSession({ status: 400, headers: { 'content-type': 'application/json' }, bodyExcerpt: jsonRpcErrorJson(-32000, 'Bad Request: Unsupported protocol version') }),
        'foreign-session': foreignOk,
      },
    },
    {
      name: 'through AgentCore every answer carries a session id of the platform: not SESSION_OPTIONAL',
      ctx: { target: arnTarget, profile: 'agentcore' },
      observations: { init: initStateful(), 'no-session': ok, 'foreign-session': foreignOk },
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
      name: 'tmcp: a session id is issued, yet requests without it and with a foreign one are served',
      observations: { init: initStateful(), 'no-session': ok, 'foreign-session': foreignOk, 'session-control': control },
      codes: ['SESSION_OPTIONAL'],
      severities: ['info'],
      message: /^initialize returned an `Mcp-Session-Id`, yet POST tools\/list \(no Mcp-Session-Id\) got 200 and POST tools\/list \(foreign Mcp-Session-Id\) got 200/,
    },
    {
      name: 'optional sessions work behind AgentCore: info under the agentcore profile too',
      ctx: { profile: 'agentcore' },
      observations: { init: initStateful(), 'no-session': ok, 'foreign-session': foreignOk, 'session-control': control },
      codes: ['SESSION_OPTIONAL'],
      severities: ['info'],
    },
    {
      name: 'a refusal in words that name no session is still attributed to it against the control',
      observations: {
        init: initStateful(),
        'session-control': control,
        'no-session': noSession({ status: 400, headers: { 'content-type': 'text/plain' }, bodyExcerpt: 'Bad Request' }),
        'foreign-session': foreignOk,
      },
      codes: ['SERVER_STATEFUL'],
      message: /^400 for POST tools\/list \(no Mcp-Session-Id\): "Bad Request", whereas the same request with the issued `Mcp-Session-Id` got 200/,
    },
    {
      name: 'served without a session id but a foreign one is refused: stateful',
      observations: { init: initStateful(), 'session-control': control, 'no-session': ok, 'foreign-session': foreign404 },
      codes: ['SERVER_STATEFUL'],
      args: { status: 404, probe: 'POST tools/list (foreign Mcp-Session-Id)' },
    },
  ],
});

/**
 * Pins the fallback used without a served control: only a 4xx other than 401 that names a session
 * (or a wrapped container 400/404) is a session requirement, and a served control switches the
 * fallback off. Also the SESSION_OPTIONAL evidence and the header's verdict (`judgeStatefulness`).
 */
describe('stateless without a served control', () => {
  const codesOf = (observations: CaseObservations<'init' | 'no-session' | 'initialized', 'foreign-session' | 'session-control'>, ctx = makeContext()) => runCheck(stateless, observations, ctx).findings.map((f) => f.code);
  const refusal = (status: number, message: string, headers: Record<string, string> = {}) =>
    noSession({ status, headers: { 'content-type': 'application/json', ...headers }, bodyExcerpt: jsonRpcErrorJson(-32000, message) });
  const timedOutControl = exchange({ ...control, outcome: 'timeout', status: undefined, error: { kind: 'timeout', code: 'UND_ERR_HEADERS_TIMEOUT', message: 'Headers Timeout Error' } });

  it.each<[string, HttpExchange, string[]]>([
    ['499 naming the session', refusal(499, 'Session not found'), ['SERVER_STATEFUL']],
    ['500 naming the session', refusal(500, 'Session store unavailable'), []],
    ['401 naming the session', refusal(401, 'Session token expired', { 'www-authenticate': 'Bearer' }), []],
    ['403 naming the session', refusal(403, 'Session forbidden'), ['SERVER_STATEFUL']],
  ])('%s', (_name, observed, codes) => {
    expect(codesOf({ init: initStateful(), 'no-session': observed })).toStrictEqual(codes);
  });

  it.each([400, 404])('an AgentCore-wrapped container %i is a session requirement whatever the wrapper says', (status) => {
    const wrapped = noSession({ status: 200, containerStatus: status, headers: { 'content-type': 'application/json' }, bodyExcerpt: jsonRpcErrorJson(-32010, `Received error (${status}) from runtime. Please check your CloudWatch logs for more information.`) });
    expect(codesOf({ init: initStateful(), 'no-session': wrapped }, makeContext({ target: arnTarget, profile: 'agentcore' }))).toStrictEqual(['SERVER_STATEFUL']);
  });

  it('a control that got no answer leaves the session wording to decide', () => {
    expect(codesOf({ init: initStateful(), 'session-control': timedOutControl, 'no-session': refusal(400, 'Session not found'), 'foreign-session': foreignOk })).toStrictEqual(['SERVER_STATEFUL']);
  });

  it('a served control: an auth refusal naming the session is not blamed on the session', () => {
    const authRefusal = refusal(403, 'Session forbidden', { 'www-authenticate': 'Bearer error="insufficient_scope"' });
    expect(codesOf({ init: initStateful(), 'session-control': control, 'no-session': authRefusal, 'foreign-session': foreignOk })).toStrictEqual([]);
  });

  it('an issued id served without one, with no foreign-id probe, is no verdict', () => {
    expect(codesOf({ init: initStateful(), 'no-session': ok })).toStrictEqual([]);
  });

  it('SESSION_OPTIONAL evidence is the request without an id, plus both statuses', () => {
    const { findings } = runCheck(stateless, { init: initStateful(), 'no-session': ok, 'foreign-session': foreignOk, 'session-control': control }, makeContext());
    expect(findings.map((f) => f.evidence)).toStrictEqual([{ ...evidenceOf(ok), detail: 'initialize answered with Mcp-Session-Id; POST tools/list (foreign Mcp-Session-Id) got 200' }]);
  });
});

describe('judgeStatefulness', () => {
  it.each<[string, HttpExchange, boolean | undefined]>([
    ['served without an id: stateless', ok, false],
    ['served, but only as AgentCore relayed it: unknown', { ...ok, containerStatus: 200 }, undefined],
    ['refused for another reason: unknown', noSession({ status: 400, headers: { 'content-type': 'application/json' }, bodyExcerpt: jsonRpcErrorJson(-32000, 'Bad Request: Unsupported protocol version') }), undefined],
    ['refused for the session: stateful', pyMissing, true],
  ])('%s', (_name, observed, verdict) => {
    expect(judgeStatefulness({ init: initStateful(), noSession: observed }, 'url')).toBe(verdict);
  });

  it('is unknown without the initialize or the request without an id', () => {
    expect(judgeStatefulness({ noSession: ok }, 'url')).toBeUndefined();
    expect(judgeStatefulness({ init: initStateful() }, 'url')).toBeUndefined();
  });
});
