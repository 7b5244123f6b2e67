import { describe, expect, it } from 'vitest';
import { lintProject } from '../../src/lint/run-lint.js';
import { createLintProject } from '../../src/lint/project.js';
import { findExcessNesting, parseClock, startParseClock } from '../../src/lint/parse-budget.js';
import { parsePythonModule } from '../../src/lint/python-ast.js';

/** Lint's parse budget (issue 16): nesting is measured before any parser runs; parses have a deadline. */
describe('findExcessNesting', () => {
  const deep = (open: string, close: string, depth: number): string => `${open.repeat(depth)}${close.repeat(depth)}`;

  it.each([
    ['python at the limit', 'python', `x = ${deep('(', ')', 200)}`, undefined],
    ['python past the limit', 'python', `x = ${deep('(', ')', 201)}`, 204],
    ['brackets in a Python string do not count', 'python', `x = "${'('.repeat(500)}"`, undefined],
    ['nor in a triple-quoted string', 'python', `x = """\n${'['.repeat(500)}\n"""`, undefined],
    ['nor in a comment', 'python', `# ${'{'.repeat(500)}\nx = 1`, undefined],
    ['script comments and template strings', 'script', `// ${'('.repeat(500)}\n/* ${'['.repeat(500)} */ const s = \`${'{'.repeat(500)}\`;`, undefined],
    ['script past the limit', 'script', `f${deep('(', ')', 300)}`, 201],
    ['JSON arrays (the object counts too)', 'json', `{"a":${deep('[', ']', 300)}}`, 204],
    ['JSON strings', 'json', `{"a":"${'['.repeat(500)}"}`, undefined],
    ['YAML flow collections', 'yaml', `a: ${deep('[', ']', 250)}`, 203],
  ] as const)('%s', (_name, syntax, text, offset) => {
    expect(findExcessNesting(text, syntax)?.offset).toBe(offset);
  });

  it('YAML block nesting counts indentation levels', () => {
    const lines = Array.from({ length: 120 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n');
    expect(findExcessNesting(lines, 'yaml')?.limit).toBe(100);
    expect(findExcessNesting(Array.from({ length: 50 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n'), 'yaml')).toBeUndefined();
  });
});

describe('the parse budget', () => {
  const server = (extra: string) => ({ path: 'main.py', text: `from mcp.server.fastmcp import FastMCP\nmcp = FastMCP("x")\n${extra}\nmcp.run(transport="streamable-http")\n` });

  it('a file nested past the limit is never parsed: the rules that read it could not run', () => {
    startParseClock();
    const report = lintProject(createLintProject('/p', [server(`x = ${'('.repeat(1_000)}1${')'.repeat(1_000)}`)]));
    const errored = report.checks.filter((c) => c.status === 'error');
    expect(errored.length).toBeGreaterThan(0);
    for (const check of errored) expect(check.errorMessage).toMatch(/^main\.py was not parsed: it nests brackets deeper than 200 levels/);
    expect([...parseClock().skipped]).toEqual([expect.stringMatching(/^main\.py was not parsed/)]);
    expect(report.summary.verdict).toBe('unhealthy');
  });

  it('a parse past its deadline is abandoned', () => {
    // A budget of 0 ms: the first step of any real parse is already too late.
    startParseClock(60_000, 0);
    const file = server('y = 1\n'.repeat(20_000));
    expect(() => parsePythonModule(file)).toThrow(/^main\.py was not parsed: it took longer than the parse budget$/);
    // Refused once, refused again without a second attempt.
    expect(() => parsePythonModule(file)).toThrow(/took longer/);
    startParseClock();
  });
});
