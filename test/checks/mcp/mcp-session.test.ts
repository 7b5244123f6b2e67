import { describe, expect, it } from 'vitest';
import { mcpSession } from '../../../src/checks/mcp/mcp-session.js';
import type { McpSessionObservation } from '../../../src/model/observations.js';
import { makeContext, runCheck, session, testCheck } from '../../helpers/check-tester.js';

testCheck(mcpSession, {
  valid: [
    { name: 'initialize and ping succeed', observations: { 'mcp-session': session() } },
    { name: 'no ping was attempted', observations: { 'mcp-session': session({ ping: undefined }) } },
  ],
  invalid: [
    {
      name: 'behind AgentCore the container answers 500 to initialize',
      observations: { 'mcp-session': session({ connect: { ok: false, error: '[ { "code": "invalid_union", "path": [ "id" ], "message": "Invalid input" } ]', containerStatus: 500 }, capabilities: [], ping: undefined, tools: undefined }) },
      codes: ['CONTAINER_ERROR'],
      severities: ['error'],
      args: { status: 500, probe: 'initialize' },
    },
    {
      name: 'behind AgentCore the container answers 503 to ping',
      observations: { 'mcp-session': session({ ping: { ok: false, error: 'schema error', containerStatus: 503 } }) },
      codes: ['CONTAINER_ERROR'],
      args: { status: 503, probe: 'ping' },
    },
    {
      name: 'the SDK client fails to connect (TypeScript SDK ≥ 1.24 error text)',
      observations: {
        'mcp-session': session({
          connect: { ok: false, error: 'Streamable HTTP error: Error POSTing to endpoint: {"jsonrpc":"2.0","error":{"code":-32000,"message":"Bad Request: Server not initialized"},"id":null}', httpStatus: 400 },
          capabilities: [],
          ping: undefined,
          tools: undefined,
        }),
      },
      codes: ['MCP_SESSION_FAILED'],
      severities: ['error'],
      args: { method: 'initialize' },
      message: /initialize: "Streamable HTTP error: Error POSTing to endpoint/,
    },
    {
      name: 'connect fails without a message',
      observations: { 'mcp-session': session({ connect: { ok: false }, ping: undefined }) },
      codes: ['MCP_SESSION_FAILED'],
      message: /initialize\.$/,
    },
    {
      name: 'ping is not implemented (-32601)',
      observations: { 'mcp-session': session({ ping: { ok: false, error: 'MCP error -32601: Method not found', errorCode: -32601 } }) },
      codes: ['MCP_SESSION_FAILED'],
      args: { method: 'ping', detail: 'MCP error -32601: Method not found' },
    },
  ],
});

/** The evidence of a failed session quotes the client's error as is, and is empty (not a placeholder) without one. */
describe('mcp-session evidence', () => {
  it.each<[string, Partial<McpSessionObservation>, string, string | undefined]>([
    ['connect fails with words', { connect: { ok: false, error: 'Streamable HTTP error: 421' }, ping: undefined }, 'initialize', 'Streamable HTTP error: 421'],
    ['connect fails without words', { connect: { ok: false }, ping: undefined }, 'initialize', undefined],
    ['ping fails with words', { ping: { ok: false, error: 'MCP error -32601: Method not found', errorCode: -32601 } }, 'ping', 'MCP error -32601: Method not found'],
    ['ping fails without words', { ping: { ok: false } }, 'ping', undefined],
  ])('%s', (_name, partial, method, error) => {
    expect(runCheck(mcpSession, { 'mcp-session': session(partial) }, makeContext()).findings).toStrictEqual([
      { code: 'MCP_SESSION_FAILED', args: { method, detail: error }, evidence: { detail: error ?? '' } },
    ]);
  });
});
