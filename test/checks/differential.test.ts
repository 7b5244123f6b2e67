import { describe, expect, it } from 'vitest';
import { describeControl, evidenceWithControl, outcomeClass, refusedAgainstControl, servedLikeControl, type OutcomeClass } from '../../src/checks/differential.js';
import type { HttpExchange } from '../../src/model/observations.js';
import { exchange, initOk, jsonRpcErrorJson } from '../helpers/check-tester.js';

/**
 * Differential judgement: a fault probe is compared with its control by outcome class only, so
 * the class boundaries (status ranges, the auth challenge, the JSON-RPC reading) decide which
 * differences count as "the varied thing caused it", and the evidence shows both requests.
 */

const json = { 'content-type': 'application/json' };
const served = initOk();
const refused = exchange({ status: 400, headers: json, bodyExcerpt: jsonRpcErrorJson(-32000, 'Bad Request: Invalid Origin header') });

describe('outcomeClass', () => {
  it.each<[string, HttpExchange, OutcomeClass]>([
    ['a network error', exchange({ outcome: 'network-error', error: { kind: 'refused', code: 'ECONNREFUSED', message: 'refused' } }), 'no-response'],
    ['a timeout after the status line', exchange({ outcome: 'timeout', status: 200, headers: json, bodyExcerpt: '' }), 'no-response'],
    ['a response without a status', exchange({ status: undefined, headers: json, bodyExcerpt: '' }), 'no-response'],
    ['401', exchange({ status: 401, headers: {} }), 'auth'],
    ['403 with a challenge', exchange({ status: 403, headers: { 'www-authenticate': 'Bearer error="insufficient_scope"' } }), 'auth'],
    ['403 without a challenge', exchange({ status: 403, headers: {} }), 'refused'],
    ['400 with a challenge', exchange({ status: 400, headers: { 'www-authenticate': 'Bearer' } }), 'refused'],
    ['500', exchange({ status: 500, headers: {} }), 'server-error'],
    ['503', exchange({ status: 503, headers: {} }), 'server-error'],
    ['499', exchange({ status: 499, headers: {} }), 'refused'],
    ['400', exchange({ status: 400, headers: {} }), 'refused'],
    ['399', exchange({ status: 399, headers: {} }), 'redirect'],
    ['300', exchange({ status: 300, headers: {} }), 'redirect'],
    ['307', exchange({ status: 307, headers: { location: '/mcp/' } }), 'redirect'],
    ['200 with a result', served, 'served'],
    ['202 without a body', exchange({ status: 202, headers: {}, bodyExcerpt: '' }), 'served'],
    ['200 with a JSON-RPC error', exchange({ status: 200, headers: json, bodyExcerpt: jsonRpcErrorJson(-32000, 'Bad Request') }), 'refused'],
    ['200 with JSON that is not JSON-RPC', exchange({ status: 200, headers: json, bodyExcerpt: '{"ok":true}' }), 'unreadable'],
    ['200 with no reading', exchange({ status: 200, headers: { 'content-type': 'text/plain' }, bodyExcerpt: 'OK' }), 'unreadable'],
    ['299 with a result', initOk({ status: 299 }), 'served'],
    ['AgentCore 200 wrapping the container 404', exchange({ status: 200, headers: json, bodyExcerpt: jsonRpcErrorJson(-32010, 'Received error (404) from runtime'), containerStatus: 404 }), 'refused'],
    ['AgentCore 200 wrapping the container 500', exchange({ status: 200, headers: json, bodyExcerpt: jsonRpcErrorJson(-32010, 'Received error (500) from runtime'), containerStatus: 500 }), 'server-error'],
  ])('%s → %s', (_name, answered, expected) => {
    expect(outcomeClass(answered)).toBe(expected);
  });
});

describe('refusedAgainstControl and servedLikeControl', () => {
  const unauthorized = exchange({ status: 401, headers: { 'www-authenticate': 'Bearer' } });

  it.each<[string, HttpExchange | undefined, HttpExchange | undefined, boolean, boolean]>([
    ['served control, refused variant: the varied thing refused it', refused, served, true, false],
    ['served control, served variant: the varied thing made no difference', served, served, false, true],
    ['refused control, refused variant: nothing to attribute', refused, refused, false, false],
    ['refused control, served variant', served, refused, false, false],
    ['served control, auth variant: a challenge is no refusal', unauthorized, served, false, false],
    ['no control', refused, undefined, false, false],
    ['no control, served variant', served, undefined, false, false],
    ['no variant', undefined, served, false, false],
    ['neither', undefined, undefined, false, false],
  ])('%s', (_name, variant, control, isRefused, isServed) => {
    expect([refusedAgainstControl(variant, control), servedLikeControl(variant, control)]).toStrictEqual([isRefused, isServed]);
  });
});

describe('describeControl', () => {
  it.each<[string, HttpExchange, string]>([
    ['an HTTP status', served, 'the same request with a valid Origin got 200'],
    ["the container's status behind AgentCore", exchange({ status: 200, containerStatus: 404 }), 'the same request with a valid Origin got 404'],
    ['no answer', exchange({ outcome: 'timeout', error: { kind: 'timeout', code: 'TIMEOUT', message: 'deadline' } }), 'the same request with a valid Origin got no answer'],
  ])('%s', (_name, control, expected) => {
    expect(describeControl(control, 'with a valid Origin')).toBe(expected);
  });
});

describe('evidenceWithControl', () => {
  const variant = exchange({ requestHeaders: { origin: 'https://evil.example' }, status: 403, headers: { 'content-type': 'text/plain' }, bodyExcerpt: 'Invalid Origin header' });

  it("puts the control's request, status and body beside the variant's evidence", () => {
    expect(evidenceWithControl(variant, initOk({ requestHeaders: { origin: 'http://127.0.0.1:8000' }, bodyExcerpt: '{"jsonrpc":"2.0","id":1,"result":{}}' }))).toStrictEqual({
      request: 'POST http://127.0.0.1:8000/mcp (origin: https://evil.example)',
      status: 403,
      headers: { 'content-type': 'text/plain' },
      bodyExcerpt: 'Invalid Origin header',
      control: { request: 'POST http://127.0.0.1:8000/mcp (origin: http://127.0.0.1:8000)', status: 200, bodyExcerpt: '{"jsonrpc":"2.0","id":1,"result":{}}' },
    });
  });

  it('leaves out the status and body a control did not have', () => {
    const control = exchange({ requestHeaders: {}, outcome: 'network-error', error: { kind: 'reset', code: 'ECONNRESET', message: 'socket hang up' } });
    expect(evidenceWithControl(variant, control).control).toStrictEqual({ request: 'POST http://127.0.0.1:8000/mcp' });
  });

  it.each([
    [160, 'c'.repeat(160)],
    [161, `${'c'.repeat(159)}…`],
  ])("cuts a control body of %i characters to 160", (length, expected) => {
    const control = exchange({ headers: { 'content-type': 'text/plain' }, bodyExcerpt: 'c'.repeat(length) });
    expect(evidenceWithControl(variant, control).control?.bodyExcerpt).toBe(expected);
  });
});
