import { describe, expect, it } from 'vitest';
import { promptsList } from '../../../src/checks/mcp/list-checks.js';
import { makeContext, runCheck, session, testCheck } from '../../helpers/check-tester.js';

const declares = { capabilities: ['prompts', 'tools'] };

testCheck(promptsList, {
  valid: [
    { name: 'prompts are listed', observations: { 'mcp-session': session({ ...declares, prompts: { ok: true, count: 1, pages: 1, names: ['summarise'] } }) } },
    { name: 'the capability is not declared', observations: { 'mcp-session': session() }, notApplicable: /does not declare the `prompts` capability/ },
  ],
  invalid: [
    {
      name: 'behind AgentCore the container answers 500 (keeps the list failure\'s weight)',
      observations: { 'mcp-session': session({ ...declares, prompts: { ...{ ok: false, error: '[ { "code": "invalid_union", "path": [ "id" ], "message": "Invalid input" } ]', containerStatus: 500 }, count: 0, pages: 1, names: [] } }) },
      codes: ['CONTAINER_ERROR'],
      severities: ['warning'],
      args: { status: 500, probe: 'prompts/list' },
    },
    {
      name: 'a prompt handler throws',
      observations: { 'mcp-session': session({ ...declares, prompts: { ok: false, error: 'MCP error -32603: list index out of range', errorCode: -32603, count: 0, pages: 1, names: [] } }) },
      codes: ['PROMPTS_LIST_FAILED'],
      severities: ['warning'],
      args: { detail: 'MCP error -32603: list index out of range' },
    },
  ],
});

/** A declared capability the session never listed (the probe stopped first) is no failure to report. */
describe('prompts-list without a list step', () => {
  it('gives nothing', () => {
    expect(runCheck(promptsList, { 'mcp-session': session({ ...declares, prompts: undefined }) }, makeContext())).toStrictEqual({ applies: true, findings: [] });
  });
});
