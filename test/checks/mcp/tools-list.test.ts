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
