import { describe, expect, it } from 'vitest';
import { resourcesList } from '../../../src/checks/mcp/list-checks.js';
import { makeContext, runCheck, session, testCheck } from '../../helpers/check-tester.js';

const declares = { capabilities: ['resources', 'tools'] };

testCheck(resourcesList, {
  valid: [
    { name: 'resources are listed', observations: { 'mcp-session': session({ ...declares, resources: { ok: true, count: 2, pages: 1, names: ['file:///README.md', 'file:///CHANGELOG.md'] } }) } },
    { name: 'the capability is not declared', observations: { 'mcp-session': session() }, notApplicable: /does not declare the `resources` capability/ },
  ],
  invalid: [
    {
      name: 'behind AgentCore the container answers 500 (keeps the list failure\'s weight)',
      observations: { 'mcp-session': session({ ...declares, resources: { ...{ ok: false, error: '[ { "code": "invalid_union", "path": [ "id" ], "message": "Invalid input" } ]', containerStatus: 500 }, count: 0, pages: 1, names: [] } }) },
      codes: ['CONTAINER_ERROR'],
      severities: ['warning'],
      args: { status: 500, probe: 'resources/list' },
    },
    {
      name: 'declared without a handler (-32601)',
      observations: { 'mcp-session': session({ ...declares, resources: { ok: false, error: 'MCP error -32601: Method not found', errorCode: -32601, count: 0, pages: 1, names: [] } }) },
      codes: ['RESOURCES_LIST_FAILED'],
      severities: ['warning'],
      message: /resources\/list.*: "MCP error -32601: Method not found"/,
    },
    {
      name: 'a cursor loop',
      observations: { 'mcp-session': session({ ...declares, resources: { ok: true, count: 10, pages: 3, names: [], cursorLoop: true } }) },
      codes: ['RESOURCES_LIST_FAILED'],
    },
  ],
});

/** A declared capability the session never listed (the probe stopped first) is no failure to report. */
describe('resources-list without a list step', () => {
  it('gives nothing', () => {
    expect(runCheck(resourcesList, { 'mcp-session': session({ ...declares, resources: undefined }) }, makeContext())).toStrictEqual({ applies: true, findings: [] });
  });

  it('a repeated cursor keeps the warning and says where it looped', () => {
    expect(runCheck(resourcesList, { 'mcp-session': session({ ...declares, resources: { ok: true, count: 10, pages: 3, names: [], cursorLoop: true } }) }, makeContext()).findings).toStrictEqual([
      { code: 'RESOURCES_LIST_FAILED', args: { detail: 'pagination repeated a cursor after 3 pages' }, evidence: { detail: 'nextCursor loop' } },
    ]);
  });
});
