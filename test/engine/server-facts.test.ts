import { describe, expect, it } from 'vitest';
import { stateless } from '../../src/checks/session/stateless.js';
import { extractServerFacts } from '../../src/engine/server-facts.js';
import { resolveTargetInput } from '../../src/targets/resolve.js';
import type { HttpExchange } from '../../src/model/observations.js';
import { exchange, initOk, initStateful, jsonRpcErrorJson, makeContext, runCheck } from '../helpers/check-tester.js';

/** The header's stateful/stateless comes from the observations the stateless check judges: they never disagree. */

const ok = <T>(value: T) => ({ status: 'ok' as const, value });
const noSession = (partial: Partial<HttpExchange>): HttpExchange => exchange({ label: 'POST tools/list (no Mcp-Session-Id)', ...partial });
const toolsOk = noSession({ headers: { 'content-type': 'application/json' }, bodyExcerpt: '{"jsonrpc":"2.0","id":2,"result":{"tools":[]}}' });
const missingSession = noSession({ status: 400, headers: { 'content-type': 'application/json' }, bodyExcerpt: jsonRpcErrorJson(-32600, 'Bad Request: Missing session ID', 'server-error') });
/** What AgentCore answers: an injected Mcp-Session-Id on a stateless container's initialize. */
const agentcoreInit = initOk({ headers: { 'content-type': 'application/json', 'mcp-session-id': '6f0e5d4c-3b2a-4190-8f7e-6d5c4b3a2910' } });
const wrapped404 = noSession({ status: 200, containerStatus: 404, headers: { 'content-type': 'application/json' }, bodyExcerpt: jsonRpcErrorJson(-32010, 'Received error (404) from runtime.') });
const arnTarget = resolveTargetInput('arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/demo_healthy-TObDQZukqA', { env: {} });

describe('header statefulness agrees with the stateless check', () => {
  it.each([
    ['URL: stateless server', 'url', initOk(), toolsOk, false],
    ['URL: stateful server (session id, missing-session 400)', 'url', initStateful(), missingSession, true],
    ['URL: issues a session id but serves a request without one (does not require a session)', 'url', initStateful(), toolsOk, false],
    ['AgentCore: injected session id, stateless container', 'agentcore-runtime', agentcoreInit, toolsOk, false],
    ['AgentCore: stateful container (wrapped 404)', 'agentcore-runtime', agentcoreInit, wrapped404, true],
  ] as const)('%s', (_name, kind, init, probe, stateful) => {
    const facts = extractServerFacts(ok(init), undefined, { noSession: ok(probe) }, kind);
    expect(facts.stateful).toBe(stateful);
    const ctx = makeContext(kind === 'url' ? {} : { target: arnTarget, profile: 'agentcore' });
    const outcome = runCheck(stateless, { init, 'no-session': probe }, ctx);
    expect(outcome.findings.map((s) => s.code).includes('SERVER_STATEFUL')).toBe(stateful);
  });

  it('says nothing through AgentCore when the request without a session did not run', () => {
    expect(extractServerFacts(ok(agentcoreInit), undefined, {}, 'agentcore-runtime').stateful).toBeUndefined();
  });
});
