import { describe, expect, it } from 'vitest';
import { summarizeListing } from '../../src/cli/fleet-listing.js';

const arn = (name: string): string => `arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/${name}-abcdefghij`;

describe('the line --all prints about its listing', () => {
  it.each([
    { name: 'all MCP', arns: ['a', 'b'], skipped: [], line: 'mcp-doctor: --all found 2 MCP runtimes in us-east-1' },
    { name: 'one MCP runtime', arns: ['a'], skipped: [], line: 'mcp-doctor: --all found 1 MCP runtime in us-east-1' },
    {
      name: 'not MCP and filtered',
      arns: ['a'],
      skipped: [
        ['h', 'serverProtocol HTTP'],
        ['x', 'name x does not match --name-filter'],
      ],
      line: 'mcp-doctor: --all found 1 MCP runtime in us-east-1 (2 left out: not MCP or filtered)',
    },
    {
      name: 'describe calls that failed are named apart, with the first reason',
      arns: [],
      skipped: [
        ['t1', 'ThrottlingException: Rate exceeded'],
        ['h', 'serverProtocol unset (HTTP)'],
        ['t2', 'AccessDeniedException: no'],
      ],
      line: 'mcp-doctor: --all found 0 MCP runtimes in us-east-1 (1 left out: not MCP or filtered; 2 runtimes could not be described (ThrottlingException: Rate exceeded))',
    },
    {
      name: 'one failure alone, its reason folded to one line',
      arns: ['a', 'b', 'c'],
      skipped: [['t', 'ThrottlingException:\nRate\texceeded\u001b[31m']],
      line: 'mcp-doctor: --all found 3 MCP runtimes in us-east-1 (1 runtime could not be described (ThrottlingException: Rate exceeded))',
    },
  ])('$name', ({ arns, skipped, line }) => {
    const listing = { arns: arns.map(arn), skipped: skipped.map(([name, reason]) => ({ arn: arn(name as string), reason: reason as string })) };
    expect(summarizeListing(listing, 'us-east-1')).toBe(line);
  });
});
