import { describe, expect, it } from 'vitest';
import { tokenReflection } from '../../../src/checks/security/token-reflection.js';
import { exchange, initOk, jsonRpcErrorJson, makeContext, runCheck, testCheck } from '../../helpers/check-tester.js';

const withToken = { hasToken: true };

const echoed401 = exchange({
  label: 'POST initialize (no Accept header)',
  status: 401,
  headers: { 'content-type': 'application/json' },
  bodyExcerpt: '{"error":"invalid_token","error_description":"Token [REDACTED] is not valid for this audience"}',
  tokenReflected: true,
});

testCheck(tokenReflection, {
  valid: [
    { name: 'no response repeats the token', ctx: withToken, observations: { init: initOk(), 'accept-json': initOk({ label: 'POST initialize (Accept: application/json)' }) } },
    {
      name: 'an error that does not repeat the token',
      ctx: withToken,
      observations: { init: exchange({ status: 401, headers: { 'content-type': 'application/json' }, bodyExcerpt: '{"error":"invalid_token","error_description":"Token has expired"}' }) },
    },
    { name: 'no token was sent', observations: { init: initOk({ tokenReflected: true }) }, notApplicable: /no bearer token was sent/ },
  ],
  invalid: [
    {
      name: 'the compliant initialize echoes the token in a debug field',
      ctx: withToken,
      observations: { init: initOk({ bodyExcerpt: '{"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"2025-11-25","capabilities":{},"serverInfo":{"name":"dbg","version":"0"},"_debug":{"authorization":"Bearer [REDACTED]"}}}', tokenReflected: true }) },
      codes: ['TOKEN_REFLECTED'],
      severities: ['warning'],
      args: { probe: 'POST initialize', detail: '1 response' },
    },
    {
      name: 'two secondary probes echo it in error messages',
      ctx: withToken,
      observations: {
        init: initOk(),
        'accept-none': echoed401,
        'foreign-session': exchange({ label: 'POST tools/list (foreign Mcp-Session-Id)', status: 404, headers: { 'content-type': 'application/json' }, bodyExcerpt: jsonRpcErrorJson(-32001, 'Session not found for Bearer [REDACTED]'), tokenReflected: true }),
      },
      codes: ['TOKEN_REFLECTED'],
      args: { probe: 'POST initialize (no Accept header)', detail: '2 responses' },
      message: /POST initialize \(no Accept header\) \(2 responses\)/,
    },
  ],
});

/** Pins that a probe that did not run (an undefined observation) is skipped, not read. */
describe('token-reflection with probes that did not run', () => {
  it('counts only the reflected answers', () => {
    const outcome = runCheck(tokenReflection, { init: initOk(), 'get-stream': undefined, 'no-session': echoed401 }, makeContext(withToken));
    expect(outcome.findings.map((f) => f.args?.probe)).toStrictEqual([echoed401.label]);
  });
});
