import { describe, expect, it } from 'vitest';
import { toolCall } from '../../../src/checks/mcp/list-checks.js';
import { makeContext, runCheck, session, testCheck } from '../../helpers/check-tester.js';

testCheck(toolCall, {
  valid: [
    { name: 'the named tool succeeds', observations: { 'mcp-session': session({ toolCall: { name: 'get_forecast', ok: true, isError: false } }) } },
    { name: 'no tool was named with --call', observations: { 'mcp-session': session() }, notApplicable: /tools are never called by default/ },
  ],
  invalid: [
    {
      name: 'behind AgentCore the container answers 500 to the call',
      observations: { 'mcp-session': session({ toolCall: { name: 'get_forecast', ...{ ok: false, error: '[ { "code": "invalid_union", "path": [ "id" ], "message": "Invalid input" } ]', containerStatus: 500 } } }) },
      codes: ['CONTAINER_ERROR'],
      severities: ['error'],
      args: { status: 500, probe: 'tools/call get_forecast' },
    },
    {
      name: 'the tool returns isError: true',
      observations: { 'mcp-session': session({ toolCall: { name: 'get_forecast', ok: false, isError: true, error: 'Error executing tool get_forecast: city not found' } }) },
      codes: ['TOOL_CALL_FAILED'],
      severities: ['error'],
      args: { method: 'get_forecast', detail: 'Error executing tool get_forecast: city not found' },
      message: /`get_forecast`.*: "Error executing tool get_forecast: city not found"/,
    },
    {
      name: 'the arguments do not match the input schema (-32602)',
      observations: { 'mcp-session': session({ toolCall: { name: 'get_forecast', ok: false, error: 'MCP error -32602: Invalid arguments for tool get_forecast', errorCode: -32602 } }) },
      codes: ['TOOL_CALL_FAILED'],
    },
  ],
});

/** The evidence of a failed call quotes the tool's error as is, and is empty (not a placeholder) without one. */
describe('tool-call evidence', () => {
  it.each<[string, string | undefined, string]>([
    ['the error', 'Error executing tool get_forecast: city not found', 'Error executing tool get_forecast: city not found'],
    ['no error', undefined, ''],
  ])('%s', (_name, error, detail) => {
    const call = { name: 'get_forecast', ok: false, isError: true, ...(error === undefined ? {} : { error }) };
    expect(runCheck(toolCall, { 'mcp-session': session({ toolCall: call }) }, makeContext()).findings).toStrictEqual([
      { code: 'TOOL_CALL_FAILED', args: { method: 'get_forecast', detail: error }, evidence: { detail } },
    ]);
  });
});
