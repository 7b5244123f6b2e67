import { describe, expect, it } from 'vitest';
import { throttling } from '../../../src/checks/agentcore/throttling.js';
import type { CheckContext } from '../../../src/model/contracts.js';
import type { HttpExchange } from '../../../src/model/observations.js';
import { resolveTargetInput } from '../../../src/targets/resolve.js';
import { exchange, initOk, jsonRpcErrorJson, makeContext, runCheck, testCheck } from '../../helpers/check-tester.js';

const ARN = 'arn:aws:bedrock-agentcore:us-west-2:123456789012:runtime/weather_mcp-Xq7Lm2Pa9R';
const TARGET = resolveTargetInput(ARN, { env: {} });
const ctx: Partial<CheckContext> = { profile: 'agentcore', target: TARGET, hasToken: false, requestAuth: 'sigv4' };

/** AgentCore throttling an MCP runtime: 200 + JSON-RPC -32003. */
function rateLimited(label: string): HttpExchange {
  return exchange({
    label,
    url: TARGET.url,
    status: 200,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'ThrottlingException' },
    bodyExcerpt: jsonRpcErrorJson(-32003, 'Rate limit exceeded - Too many requests'),
  });
}

/** A restJson1 429 ThrottlingException. */
function tooMany(label: string, body = '{"message":"Rate exceeded"}'): HttpExchange {
  return exchange({ label, url: TARGET.url, status: 429, headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'ThrottlingException' }, bodyExcerpt: body });
}

const ok = initOk({ url: TARGET.url });
const acceptNone406 = exchange({
  label: 'POST initialize (no Accept)',
  url: TARGET.url,
  status: 406,
  headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'McpRequestUnacceptableException' },
  bodyExcerpt: jsonRpcErrorJson(-32011, 'Accept Header Error - MCP protocol requires Accept header: application/json, text/event-stream'),
});
const wrapped404 = exchange({
  label: 'POST tools/list (foreign Mcp-Session-Id)',
  url: TARGET.url,
  headers: { 'content-type': 'application/json' },
  bodyExcerpt: jsonRpcErrorJson(-32010, 'Received error (404) from runtime. Please check your CloudWatch logs for more information.'),
  containerStatus: 404,
});

testCheck(throttling, {
  valid: [
    { name: 'no probe ran', ctx, observations: {} },
    { name: 'every answer was a normal one', ctx, observations: { init: ok, 'accept-none': acceptNone406, 'foreign-session': wrapped404 } },
    {
      name: 'a -32010 tool error is not throttling',
      ctx,
      observations: { init: ok, 'no-session': exchange({ url: TARGET.url, headers: { 'content-type': 'application/json' }, bodyExcerpt: jsonRpcErrorJson(-32010, 'Tool execution error - Please check your CloudWatch logs for more information') }) },
    },
  ],
  invalid: [
    {
      name: 'the initialize answered 200 + -32003',
      ctx,
      observations: { init: rateLimited('POST initialize') },
      codes: ['THROTTLED'],
      severities: ['warning'],
      args: { status: 200, probe: 'POST initialize', detail: 'Rate limit exceeded - Too many requests (1 of 1 requests)' },
    },
    {
      name: 'a later probe got 429 while the rest passed',
      ctx,
      observations: { init: ok, 'accept-none': acceptNone406, 'get-stream': tooMany('GET stream'), 'foreign-session': wrapped404 },
      codes: ['THROTTLED'],
      args: { status: 429, probe: 'GET stream', detail: 'Rate exceeded (1 of 4 requests)' },
    },
    {
      name: 'several throttled probes: the first is named, all are counted',
      ctx,
      observations: {
        init: ok,
        'accept-json': rateLimited('POST initialize (Accept: application/json)'),
        'accept-sse': rateLimited('POST initialize (Accept: text/event-stream)'),
        'content-type-plain': ok,
        'bogus-protocol-version': tooMany('POST tools/list (MCP-Protocol-Version: 1999-01-01)'),
      },
      codes: ['THROTTLED'],
      args: { probe: 'POST initialize (Accept: application/json)', detail: 'Rate limit exceeded - Too many requests (3 of 5 requests)' },
    },
    {
      name: 'a 429 without a body',
      ctx,
      observations: { 'delete-no-session': tooMany('DELETE (no Mcp-Session-Id)', '') },
      codes: ['THROTTLED'],
      args: { status: 429, detail: 'throttled (1 of 1 requests)' },
      message: /^AgentCore answered 429: "throttled \(1 of 1 requests\)"\.$/,
    },
  ],
});

/**
 * Pins the count: only the probes that ran are counted, only the throttled ones are named, and an
 * answer without JSON-RPC (a timeout) is simply not throttled.
 */
describe('throttling counts', () => {
  it('names the first throttled probe and counts only probes that ran', () => {
    const timedOut = exchange({ label: 'GET (Accept: text/event-stream)', url: TARGET.url, outcome: 'timeout', error: { kind: 'timeout', code: 'UND_ERR_HEADERS_TIMEOUT', message: 'Headers Timeout Error' } });
    const observations = { init: ok, 'get-stream': timedOut, 'no-session': rateLimited('POST tools/list (no Mcp-Session-Id)'), 'foreign-session': undefined };
    expect(runCheck(throttling, observations, makeContext(ctx)).findings.map((f) => f.args)).toStrictEqual([
      { status: 200, probe: 'POST tools/list (no Mcp-Session-Id)', detail: 'Rate limit exceeded - Too many requests (1 of 3 requests)' },
    ]);
  });
});
