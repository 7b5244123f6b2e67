import { describe, expect, it } from 'vitest';
import { catalog } from '../../../src/catalog/catalog.js';
import { toolsList } from '../../../src/checks/mcp/list-checks.js';
import type { FindingSpec } from '../../../src/model/contracts.js';
import type { ListStep } from '../../../src/model/observations.js';
import { effectiveSeverity, makeContext, runCheck, session, testCheck } from '../../helpers/check-tester.js';

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

/**
 * The finding a failed list gives, evidence included (the table above pins codes, args and
 * severities only): the page it failed on, the cursor loop, and the cap wording with its
 * page/pages and KiB rounding.
 */
describe('tools-list findings and evidence', () => {
  const run = (tools: ListStep): FindingSpec[] => runCheck(toolsList, { 'mcp-session': session({ tools }) }, makeContext()).findings;

  it('a failed page: the error and the page it failed on', () => {
    expect(run({ ok: false, error: 'MCP error -32603: Internal error', errorCode: -32603, count: 20, pages: 2, names: [] })).toStrictEqual([
      { code: 'TOOLS_LIST_FAILED', args: { detail: 'MCP error -32603: Internal error' }, evidence: { detail: 'MCP error -32603: Internal error (page 2)' } },
    ]);
  });

  it('a failed page without words', () => {
    expect(run({ ok: false, count: 0, pages: 1, names: [] })).toStrictEqual([{ code: 'TOOLS_LIST_FAILED', args: { detail: undefined }, evidence: { detail: 'failed (page 1)' } }]);
  });

  it('a repeated cursor', () => {
    expect(run({ ok: true, count: 40, pages: 2, names: [], cursorLoop: true })).toStrictEqual([
      { code: 'TOOLS_LIST_FAILED', args: { detail: 'pagination repeated a cursor after 2 pages' }, evidence: { detail: 'nextCursor loop' } },
    ]);
  });

  it.each<[string, { cap: string; items: number; bytes: number }, number, string]>([
    ['one page, 1535 bytes round down', { cap: '8 MiB', items: 3, bytes: 1535 }, 1, 'pagination did not end: mcp-doctor stopped at its cap of 8 MiB (3 items, 1 KiB in 1 page, and still a nextCursor)'],
    ['two pages, 1536 bytes round up', { cap: '500 items', items: 500, bytes: 1536 }, 2, 'pagination did not end: mcp-doctor stopped at its cap of 500 items (500 items, 2 KiB in 2 pages, and still a nextCursor)'],
    ['no bytes', { cap: '50 pages', items: 0, bytes: 0 }, 50, 'pagination did not end: mcp-doctor stopped at its cap of 50 pages (0 items, 0 KiB in 50 pages, and still a nextCursor)'],
  ])('a cap reached with a cursor pending: %s', (_name, capped, pages, detail) => {
    const findings = run({ ok: true, count: capped.items, pages, names: [], capped });
    expect(findings).toStrictEqual([{ code: 'TOOLS_LIST_FAILED', args: { detail }, evidence: { detail } }]);
    expect(findings.map((f) => effectiveSeverity(f, makeContext()))).toStrictEqual(['error']);
    expect(catalog.TOOLS_LIST_FAILED.summary({ detail })).toBe(`tools/list failed: "${detail}".`);
  });

  it('a complete list within the caps gives nothing', () => {
    expect(run({ ok: true, count: 500, pages: 50, names: [] })).toStrictEqual([]);
  });
});
