import { toolsList } from '../../../src/checks/mcp/list-checks.js';
import { session, testCheck } from '../../helpers/check-tester.js';

testCheck(toolsList, {
  valid: [
    { name: 'one page of tools', observations: { 'mcp-session': session() } },
    { name: 'three pages of tools', observations: { 'mcp-session': session({ tools: { ok: true, count: 120, pages: 3, names: [] } }) } },
    { name: 'the server declares no tools capability', observations: { 'mcp-session': session({ capabilities: ['resources'], tools: undefined }) }, notApplicable: /does not declare the `tools` capability/ },
  ],
  invalid: [
    {
      name: 'behind AgentCore the container answers 500: the -32010 wrapper (which the SDK cannot parse) reads as the container\'s error',
      observations: { 'mcp-session': session({ tools: { ...{ ok: false, error: '[ { "code": "invalid_union", "path": [ "id" ], "message": "Invalid input" } ]', containerStatus: 500 }, count: 0, pages: 1, names: [] } }) },
      codes: ['CONTAINER_ERROR'],
      severities: ['error'],
      args: { status: 500, probe: 'tools/list' },
      message: /answered HTTP 500 for tools\/list/,
    },
    {
      name: 'the -32010 wrapper as an McpError names the status in its message',
      observations: { 'mcp-session': session({ tools: { ok: false, error: 'MCP error -32010: Received error (502) from runtime. Please check your CloudWatch logs for more information.', errorCode: -32010, count: 0, pages: 1, names: [] } }) },
      codes: ['CONTAINER_ERROR'],
      args: { status: 502, probe: 'tools/list' },
    },
    {
      name: 'tools/list raises an internal error',
      observations: { 'mcp-session': session({ tools: { ok: false, error: 'MCP error -32603: Internal error', errorCode: -32603, count: 0, pages: 1, names: [] } }) },
      codes: ['TOOLS_LIST_FAILED'],
      severities: ['error'],
      args: { detail: 'MCP error -32603: Internal error' },
      message: /tools\/list.*: "MCP error -32603: Internal error"/,
    },
    {
      name: 'pagination repeats a cursor',
      observations: { 'mcp-session': session({ tools: { ok: true, count: 40, pages: 2, names: [], cursorLoop: true } }) },
      codes: ['TOOLS_LIST_FAILED'],
      args: { detail: 'pagination repeated a cursor after 2 pages' },
    },
    {
      name: 'the second page fails without a message',
      observations: { 'mcp-session': session({ tools: { ok: false, count: 20, pages: 2, names: [] } }) },
      codes: ['TOOLS_LIST_FAILED'],
      message: /^tools\/list [^"]*$/,
    },
  ],
});
