import { describe, expect, it } from 'vitest';
import { derivations } from '../../src/checks/derived-observations.js';
import type { CheckContext, Derived } from '../../src/model/contracts.js';
import type { AllObservations, DerivedId } from '../../src/model/observations.js';
import { resolveTargetInput } from '../../src/targets/resolve.js';
import { defaultContext, exchange, initOk, initStateful, jsonRpcErrorJson, makeContext, session } from '../helpers/check-tester.js';

/** Derived observations: each is a fact about what was observed, or the sentence saying why not. */
const ARN = 'arn:aws:bedrock-agentcore:us-west-2:123456789012:runtime/weather_mcp-Xq7Lm2Pa9R';
const agentcore: CheckContext = makeContext({ profile: 'agentcore', target: resolveTargetInput(ARN, { env: {} }), hasToken: true, requestAuth: 'bearer' });

function derive(id: DerivedId, inputs: Partial<AllObservations>, ctx: CheckContext = defaultContext): Derived<unknown> {
  const definition = derivations.find((d) => d.id === id);
  if (!definition) throw new Error(`no derivation ${id}`);
  return definition.derive(inputs, ctx);
}

const refused = exchange({ outcome: 'network-error', error: { kind: 'refused', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:8000' } });
const hostRejected = exchange({ status: 421, headers: { 'content-type': 'text/plain' }, bodyExcerpt: 'Invalid Host header' });
const htmlPage = exchange({ headers: { 'content-type': 'text/html' }, bodyExcerpt: '<html><head><title>Sign in</title></head></html>' });

describe('derived observations', () => {
  it('answer: any HTTP response, or why there was none', () => {
    expect(derive('answer', { init: initOk() })).toEqual({ value: initOk() });
    expect(derive('answer', { init: refused })).toEqual({ missing: 'the compliant initialize got no HTTP response (ECONNREFUSED)' });
    const cut = exchange({ status: 200, error: { kind: 'reset', code: 'ECONNRESET', message: 'socket hang up' } });
    expect(derive('answer', { init: cut })).toEqual({ missing: 'the compliant initialize answered HTTP 200, then the response broke off (ECONNRESET)' });
    expect(derive('answer', { init: exchange({ outcome: 'timeout', durationMs: 10_000, error: { kind: 'timeout', code: 'TIMEOUT', message: 'x' } }) })).toEqual({
      missing: 'the compliant initialize got no answer within 10000 ms',
    });
  });

  it("container-answer: AgentCore's own rejection is not the container's answer; a wrapped container status is", () => {
    expect(derive('container-answer', { answer: hostRejected })).toEqual({ value: hostRejected });
    const denied = exchange({ status: 403, headers: { 'content-type': 'application/json' }, bodyExcerpt: JSON.stringify({ message: "OAuth authorization failed: Claim 'client_id' value mismatch with configuration." }) });
    const result = derive('container-answer', { answer: denied }, agentcore);
    expect(result).toEqual({ missing: expect.stringMatching(/^AgentCore answered the compliant initialize itself and did not pass it to the container \(CLIENT_NOT_ALLOWED: answered HTTP 403/) });
    const wrapped = exchange({ headers: { 'content-type': 'application/json' }, bodyExcerpt: jsonRpcErrorJson(-32010, 'Received error (404) from runtime', 1), containerStatus: 404 });
    expect(derive('container-answer', { answer: wrapped }, agentcore)).toEqual({ value: wrapped });
    expect(derive('container-answer', { answer: initOk() }, agentcore)).toEqual({ value: initOk() });
  });

  it('mcp-answer: a page or an auth wall is not an MCP answer; a refusal of a header is', () => {
    expect(derive('mcp-answer', { 'container-answer': initStateful() })).toEqual({ value: initStateful() });
    expect(derive('mcp-answer', { 'container-answer': htmlPage })).toEqual({ missing: expect.stringMatching(/^the compliant initialize was not answered as MCP: .+ \(answered HTTP 200 \("Sign in"\)\)$/) });
    expect(derive('mcp-answer', { 'container-answer': hostRejected })).toEqual({ value: hostRejected });
    const unauthorized = exchange({ status: 401, headers: { 'www-authenticate': 'Bearer' } });
    expect(derive('mcp-answer', { 'container-answer': unauthorized })).toEqual({ missing: expect.stringContaining('answered HTTP 401') });
  });

  it('headers-accepted: the compliant initialize was not refused for its Host, Accept or Content-Type', () => {
    expect(derive('headers-accepted', { 'mcp-answer': initOk() })).toEqual({ value: initOk() });
    expect(derive('headers-accepted', { 'mcp-answer': hostRejected })).toEqual({ missing: 'the server refused the compliant initialize for its Host header (answered HTTP 421 ("Invalid Host header"))' });
    const notAcceptable = exchange({ status: 406, headers: { 'content-type': 'application/json' }, bodyExcerpt: jsonRpcErrorJson(-32000, 'Not Acceptable: Client must accept both application/json and text/event-stream') });
    expect(derive('headers-accepted', { 'mcp-answer': notAcceptable })).toEqual({ missing: expect.stringMatching(/^the server refused the compliant initialize for its Accept header \(answered HTTP 406/) });
    const unsupported = exchange({ status: 415, headers: { 'content-type': 'application/json' }, bodyExcerpt: jsonRpcErrorJson(-32000, 'Unsupported Media Type') });
    expect(derive('headers-accepted', { 'mcp-answer': unsupported })).toEqual({ missing: expect.stringMatching(/for its Content-Type header \(answered HTTP 415/) });
    // Only a 406 with the compliant Accept is the Accept header's fault, not any 4xx.
    const badParams = exchange({ status: 400, headers: { 'content-type': 'application/json' }, bodyExcerpt: jsonRpcErrorJson(-32602, 'Invalid request parameters') });
    expect(derive('headers-accepted', { 'mcp-answer': badParams })).toEqual({ value: badParams });
  });

  it("client-control: the raw initialize leaves the SDK client's outcome open, or says why it does not", () => {
    expect(derive('client-control', { init: initOk(), initialized: { protocolVersion: '2025-11-25' } })).toEqual({ value: initOk() });
    const redirect = exchange({ status: 307, headers: { location: '/mcp-loop' } });
    expect(derive('client-control', { init: redirect })).toEqual({ value: redirect });
    const elsewhere = exchange({ status: 302, headers: { location: 'https://login.example.com/authorize' } });
    expect(derive('client-control', { init: elsewhere })).toEqual({ missing: 'the compliant initialize redirected to another origin, which clients do not follow: it answered HTTP 302' });
    expect(derive('client-control', { init: hostRejected })).toEqual({ missing: 'the compliant initialize did not succeed, which already explains a failing client: it answered HTTP 421 ("Invalid Host header")' });
    expect(derive('client-control', { init: initOk({}, '1999-01-01'), initialized: { protocolVersion: '1999-01-01' } })).toEqual({ missing: 'the compliant initialize negotiated 1999-01-01, which clients do not know' });
  });

  it('initialized: the negotiated version and session, or why initialize did not succeed', () => {
    expect(derive('initialized', { init: initOk() })).toEqual({ value: { protocolVersion: '2025-11-25' } });
    expect(derive('initialized', { init: initStateful() })).toEqual({ value: { protocolVersion: '2025-11-25', sessionId: '9f3c2a1be0d44c5e8a7b6c5d4e3f2a1b' } });
    expect(derive('initialized', { init: hostRejected })).toEqual({ missing: 'the compliant initialize did not succeed: it answered HTTP 421 ("Invalid Host header")' });
    expect(derive('initialized', { init: exchange({ headers: { 'content-type': 'application/json' }, bodyExcerpt: '{"ok":true}' }) })).toEqual({
      missing: expect.stringMatching(/^the compliant initialize did not succeed: it answered HTTP 200 without an InitializeResult \(.+\)$/),
    });
    expect(derive('initialized', { init: refused })).toEqual({ missing: 'the compliant initialize did not succeed: it got no HTTP response (ECONNREFUSED)' });
  });

  it('runtime: the described runtime, or the failed call and the permission it needs', () => {
    const runtime = { arn: ARN, name: 'weather', id: 'weather_mcp-Xq7Lm2Pa9R', version: '1', status: 'READY', authorizer: { kind: 'sigv4' as const } };
    expect(derive('runtime', { 'control-plane': { calls: 2, runtime } })).toEqual({ value: runtime });
    const denied = { calls: 2, runtimeError: { kind: 'access-denied' as const, name: 'AccessDeniedException', message: 'not authorized', permission: 'bedrock-agentcore:GetAgentRuntime' } };
    expect(derive('runtime', { 'control-plane': denied })).toEqual({
      missing: 'GetAgentRuntime failed (access-denied, AccessDeniedException: not authorized; it needs bedrock-agentcore:GetAgentRuntime)',
    });
  });

  it('session: a connected SDK client, or what it said', () => {
    expect(derive('session', { 'mcp-session': session() })).toEqual({ value: session() });
    expect(derive('session', { 'mcp-session': session({ connect: { ok: false, error: 'Streamable HTTP error: 421' } }) })).toEqual({
      missing: 'the official SDK client could not connect: Streamable HTTP error: 421',
    });
  });
});
