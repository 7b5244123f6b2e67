import { describe, expect, it } from 'vitest';
import { derivations, describeAnswer } from '../../src/checks/derived-observations.js';
import type { CheckContext, Derived } from '../../src/model/contracts.js';
import type { AllObservations, DerivedId, HttpExchange } from '../../src/model/observations.js';
import { defaultContext, exchange, initOk, jsonRpcErrorJson, session } from '../helpers/check-tester.js';
import { discoverOk, discoverResultJson } from './modern/modern-fixtures.js';

/**
 * The boundaries of each derived observation: exactly when it holds a value, and the exact
 * `missing` sentence a skipped check quotes otherwise (so a skip names the answer that ruled it out).
 */

function derive(id: DerivedId, inputs: Partial<AllObservations>, ctx: CheckContext = defaultContext): Derived<unknown> {
  const definition = derivations.find((d) => d.id === id);
  if (!definition) throw new Error(`no derivation ${id}`);
  return definition.derive(inputs, ctx);
}

const json = { 'content-type': 'application/json' };

describe('describeAnswer', () => {
  it.each<[string, HttpExchange, string]>([
    ['a plain answer quotes the body', exchange({ status: 421, headers: { 'content-type': 'text/plain' }, bodyExcerpt: 'Invalid Host header' }), 'answered HTTP 421 ("Invalid Host header")'],
    ['an empty body quotes nothing', exchange({ status: 204, headers: {}, bodyExcerpt: '' }), 'answered HTTP 204'],
    ['no status', exchange({ status: undefined, headers: {}, bodyExcerpt: '' }), 'answered HTTP ?'],
    [
      "AgentCore's wrapper names the container's status",
      exchange({ status: 200, headers: json, bodyExcerpt: jsonRpcErrorJson(-32010, 'Received error (404) from runtime', 1), containerStatus: 404 }),
      'answered HTTP 200 (the container\'s HTTP 404, wrapped by AgentCore) ("Received error (404) from runtime")',
    ],
  ])('%s', (_name, answered, expected) => {
    expect(describeAnswer(answered)).toBe(expected);
  });
});

describe('answer', () => {
  it('a timeout after the status line is no answer', () => {
    expect(derive('answer', { init: exchange({ outcome: 'timeout', status: 200, durationMs: 300 }) })).toStrictEqual({ missing: 'the compliant initialize got no answer within 300 ms' });
  });

  it('a response without a status is no answer', () => {
    expect(derive('answer', { init: exchange({ status: undefined, headers: {}, bodyExcerpt: '' }) })).toStrictEqual({ missing: 'the compliant initialize answered HTTP ?' });
  });

  it('an error status is an answer', () => {
    const unauthorized = exchange({ status: 401, headers: { 'www-authenticate': 'Bearer' } });
    expect(derive('answer', { init: unauthorized })).toStrictEqual({ value: unauthorized });
  });
});

describe('container-answer', () => {
  it("outside AgentCore, an answer AgentCore's front door would claim is still the server's", () => {
    const throttled = exchange({ status: 429, headers: json, bodyExcerpt: JSON.stringify({ message: 'Rate exceeded' }) });
    expect(derive('container-answer', { answer: throttled })).toStrictEqual({ value: throttled });
  });
});

describe('mcp-answer', () => {
  it.each<[string, HttpExchange, string]>([
    [
      'a title starting with a capitalised word is lowered, an acronym after it kept',
      exchange({ headers: { 'content-type': 'text/html' }, bodyExcerpt: '<html><head><title>Sign in</title></head></html>' }),
      'the compliant initialize was not answered as MCP: an HTML page answered instead of MCP (answered HTTP 200 ("Sign in"))',
    ],
    [
      'a title that starts with a one-letter word is lowered too',
      exchange({ status: 502, headers: { 'content-type': 'text/plain' }, bodyExcerpt: 'Bad Gateway' }),
      'the compliant initialize was not answered as MCP: a proxy or gateway could not reach the server (answered HTTP 502 ("Bad Gateway"))',
    ],
    [
      'a 404 page',
      exchange({ status: 404, headers: { 'content-type': 'text/plain' }, bodyExcerpt: 'Not Found' }),
      'the compliant initialize was not answered as MCP: no MCP endpoint at this path (answered HTTP 404 ("Not Found"))',
    ],
    [
      'a legacy endpoint',
      exchange({ status: 405, headers: { 'content-type': 'text/plain' }, bodyExcerpt: 'Method Not Allowed' }),
      'the compliant initialize was not answered as MCP: the endpoint speaks the legacy HTTP+SSE transport (answered HTTP 405 ("Method Not Allowed"))',
    ],
  ])('%s', (_name, answered, expected) => {
    expect(derive('mcp-answer', { 'container-answer': answered })).toStrictEqual({ missing: expected });
  });
});

describe('initialized', () => {
  it('a stateless server gives no session id at all', () => {
    expect(derive('initialized', { init: initOk() })).toStrictEqual({ value: { protocolVersion: '2025-11-25' } });
  });

  it('a served server/discover that lists 2026-07-28 is the modern handshake', () => {
    expect(derive('initialized', { init: discoverOk() })).toStrictEqual({ value: { protocolVersion: '2026-07-28' } });
  });

  it('a served server/discover that does not list 2026-07-28 negotiated nothing', () => {
    const discover = discoverOk({ supportedVersions: ['2025-11-25'] });
    expect(derive('initialized', { init: discover })).toStrictEqual({ missing: `the compliant initialize did not succeed: it answered HTTP 200 ("${discover.bodyExcerpt.slice(0, 119)}…")` });
  });

  it('a served server/discover without supportedVersions negotiated nothing', () => {
    const body = JSON.parse(discoverResultJson()) as { result: Record<string, unknown> };
    delete body.result.supportedVersions;
    const discover = exchange({ headers: json, bodyExcerpt: JSON.stringify(body) });
    expect(derive('initialized', { init: discover })).toStrictEqual({ missing: `the compliant initialize did not succeed: it answered HTTP 200 ("${discover.bodyExcerpt.slice(0, 119)}…")` });
  });

  it.each<[string, HttpExchange, string]>([
    ['a JSON-RPC error at 200 is quoted, not called a missing InitializeResult', exchange({ status: 200, headers: json, bodyExcerpt: jsonRpcErrorJson(-32600, 'Invalid Request') }), 'answered HTTP 200 ("Invalid Request")'],
    ['non-JSON-RPC at 299', exchange({ status: 299, headers: json, bodyExcerpt: '{"ok":true}' }), 'answered HTTP 299 without an InitializeResult (no "jsonrpc": "2.0" member)'],
    ['non-JSON-RPC at 300 is described as an answer', exchange({ status: 300, headers: json, bodyExcerpt: '{"ok":true}' }), 'answered HTTP 300 ("{"ok":true}")'],
    ['non-JSON-RPC at 400 is described as an answer', exchange({ status: 400, headers: json, bodyExcerpt: '{"detail":"bad"}' }), 'answered HTTP 400 ("{"detail":"bad"}")'],
  ])('%s', (_name, init, why) => {
    expect(derive('initialized', { init })).toStrictEqual({ missing: `the compliant initialize did not succeed: it ${why}` });
  });
});

describe('client-control', () => {
  it('a redirect to plain HTTP is one clients do not follow', () => {
    const downgrade = exchange({ url: 'https://mcp.example.com/mcp', status: 301, headers: { location: 'http://mcp.example.com/mcp' } });
    expect(derive('client-control', { init: downgrade })).toStrictEqual({ missing: 'the compliant initialize redirected to plain HTTP, which clients do not follow: it answered HTTP 301' });
  });
});

describe('runtime', () => {
  it('no control-plane observation: no runtime, without a failed call to name', () => {
    expect(derive('runtime', { 'control-plane': undefined })).toStrictEqual({ missing: 'GetAgentRuntime returned no runtime' });
    expect(derive('runtime', { 'control-plane': { calls: 1 } })).toStrictEqual({ missing: 'GetAgentRuntime returned no runtime' });
  });

  it.each([
    [160, 'm'.repeat(160)],
    [161, `${'m'.repeat(159)}…`],
  ])('quotes an error message of %i characters capped at 160', (length, quoted) => {
    const failed = { calls: 1, runtimeError: { kind: 'other' as const, name: 'ServiceException', message: 'm'.repeat(length), permission: 'bedrock-agentcore:GetAgentRuntime' } };
    expect(derive('runtime', { 'control-plane': failed })).toStrictEqual({ missing: `GetAgentRuntime failed (other, ServiceException: ${quoted}; it needs bedrock-agentcore:GetAgentRuntime)` });
  });
});

describe('session', () => {
  it.each<[string, Partial<AllObservations>, string]>([
    ['no session observation', { 'mcp-session': undefined }, 'the official SDK client could not connect'],
    ['a failed connect without words', { 'mcp-session': session({ connect: { ok: false } }) }, 'the official SDK client could not connect'],
    ['a failed connect quoted up to 160 characters', { 'mcp-session': session({ connect: { ok: false, error: 'e'.repeat(161) } }) }, `the official SDK client could not connect: ${'e'.repeat(159)}…`],
  ])('%s', (_name, inputs, missing) => {
    expect(derive('session', inputs)).toStrictEqual({ missing });
  });
});
