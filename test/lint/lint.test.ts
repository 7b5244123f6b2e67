import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/model/report.js';
import { runLint } from '../../src/lint/run-lint.js';
import { renderGithubAnnotations } from '../../src/report/github.js';
import { reporters } from '../../src/report/index.js';
import { runCli } from '../helpers/run-cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { lintScenarios } from './lint-scenarios.js';

/**
 * `mcp-doctor lint` end to end: the built CLI over every sample project (exact codes, files,
 * lines, columns and exit codes), then what each reporter shows of a finding's place.
 */

const PROJECTS = fileURLToPath(new URL('../../fixtures/projects/', import.meta.url));
const REPO = fileURLToPath(new URL('../../', import.meta.url));

const byPlace = (a: { file: string; line: number; column: number; code: string }, b: typeof a): number => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.code.localeCompare(b.code);

describe('mcp-doctor lint over fixtures/projects', () => {
  it.concurrent.each(lintScenarios.map((s) => [s.project, s] as const))('%s', async (_name, scenario) => {
    const result = await runCli(['lint', join(PROJECTS, scenario.project), '--format', 'json', ...(scenario.args ?? [])]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(scenario.exit);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.target.kind).toBe('project');
    const got = report.findings.map((f) => ({ code: f.code, file: f.location?.file ?? '', line: f.location?.line ?? 0, column: f.location?.column ?? 0 }));
    expect(got.sort(byPlace)).toEqual([...scenario.findings].sort(byPlace));
    // Every finding carries the catalog's prose and its evidence, and every rule is accounted for.
    for (const finding of report.findings) {
      expect(finding.remediation.length).toBeGreaterThan(0);
      expect(finding.evidence?.detail).toBeTruthy();
      // An info finding (the catalog's severity) leaves its rule passing, as in a diagnosis.
      const expected = finding.severity === 'info' ? ['pass'] : ['fail', 'warn'];
      expect(report.checks.some((c) => c.id === finding.checkId && expected.includes(c.status))).toBe(true);
    }
    expect(report.checks.every((c) => c.area === 'project' && c.status !== 'error')).toBe(true);
  });

  it('writes JSON, JUnit and SARIF files next to the pretty report, and exits 1', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mcp-doctor-lint-'));
    try {
      const result = await runCli(['lint', join(PROJECTS, 'fastmcp-http-transport'), '--json', join(dir, 'r.json'), '--junit', join(dir, 'r.xml'), '--sarif', join(dir, 'r.sarif')]);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('main.py:14:13');
      expect(JSON.parse(await readFile(join(dir, 'r.json'), 'utf8')).findings[0].code).toBe('FASTMCP_HTTP_TRANSPORT_CRASH');
      expect(await readFile(join(dir, 'r.xml'), 'utf8')).toContain('At: main.py:14:13');
      const sarif = JSON.parse(await readFile(join(dir, 'r.sarif'), 'utf8'));
      expect(sarif.runs[0].results[0].locations[0].physicalLocation.region).toMatchObject({ startLine: 14, startColumn: 13 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [['lint', 'fixtures/projects/no-such-project'], /cannot read the project folder/],
    [['lint', 'package.json'], /is not a folder/],
    [['lint', '.', '--format', 'yaml'], /Invalid values/],
  ])('bad input %j exits 2 with one line and no stack', async (args, message) => {
    const result = await runCli(args, { cwd: REPO });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    ['an empty folder', {}],
    ['a folder of prose and a script that serves no MCP', { 'README.md': '# notes\n', 'tool.py': 'print("hello")\n', 'index.ts': 'export const x = 1;\n' }],
  ] as const)('%s: nothing to lint exits 2 with one line naming what was looked for', async (_name, files: Record<string, string>) => {
    const dir = makeTempDir('lint-empty');
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
    const result = await runCli(['lint', dir]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/nothing to lint in .*: found no MCP server source \(Python using FastMCP or MCPServer, TypeScript or JavaScript importing @modelcontextprotocol\/\*\), no Dockerfile, no \.bedrock_agentcore\.yaml or agentcore\/agentcore\.json and no CloudFormation template/);
    expect(result.stderr).not.toContain('healthy');
  });

  it('a folder with only a Dockerfile is linted, not refused', async () => {
    const dir = makeTempDir('lint-docker');
    await writeFile(join(dir, 'Dockerfile'), 'FROM python:3.12-slim\nCMD ["python", "main.py"]\n');
    const result = await runCli(['lint', dir, '--format', 'json']);
    expect(result.code).not.toBe(2);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.checks.some((c) => c.status !== 'skip')).toBe(true);
  });

  it('a JWT written in a project file never reaches the output', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mcp-doctor-lint-secret-'));
    try {
      const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const jwt = `${part({ alg: 'RS256' })}.${part({ sub: 'user', exp: 4102444800 })}.${'s'.repeat(43)}`;
      await writeFile(join(dir, 'main.py'), `from mcp.server.fastmcp import FastMCP\nmcp = FastMCP("s", stateless_http=True, token="${jwt}")\nmcp.run(transport="http")\n`);
      for (const format of ['pretty', 'json', 'sarif', 'markdown']) {
        const result = await runCli(['lint', dir, '--format', format, '--verbose']);
        expect(result.code).toBe(1);
        expect(result.stdout).toContain('HOST_HEADER_REJECTED');
        expect(result.stdout + result.stderr).not.toContain(jwt.split('.')[1]);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('--fail-on never exits 0 on a faulty project; a relative folder prefixes annotation paths', async () => {
    const result = await runCli(['lint', 'fixtures/projects/fastmcp-localhost', '--fail-on', 'never', '--format', 'github'], { cwd: REPO });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('::error file=fixtures/projects/fastmcp-localhost/main.py,line=14,col=5,endLine=14,endColumn=11,title=SERVER_BINDS_LOOPBACK');
  });
});

describe('lint reports in every format', () => {
  const lint = async (project: string, input?: string): Promise<Report> => {
    const { report } = await runLint({ dir: join(PROJECTS, project) });
    if (input !== undefined) report.target.input = input;
    return report;
  };

  it.each([
    ['pretty', 'main.py:14:13'],
    ['markdown', 'main.py:14:13'],
    ['html', 'main.py:14:13'],
    ['junit', 'At: main.py:14:13'],
    ['json', '"line": 14'],
    ['sarif', '"startColumn": 13'],
  ] as const)('%s shows where the finding is', async (format, expected) => {
    const report = await lint('fastmcp-http-transport');
    expect(reporters[format]([report], { color: false })).toContain(expected);
  });

  it.each([
    ['services/weather', 'file=services/weather/main.py,line=14,col=13,endLine=14,endColumn=28'],
    ['./services/weather/', 'file=services/weather/main.py,line=14,col=13,endLine=14,endColumn=28'],
    ['/abs/elsewhere', 'file=main.py,line=14,col=13,endLine=14,endColumn=28'],
    ['../outside', 'file=main.py,line=14,col=13,endLine=14,endColumn=28'],
  ])('GitHub annotations for a project linted as %s point at %s', async (input, place) => {
    const text = renderGithubAnnotations([await lint('fastmcp-http-transport', input)]);
    const line = text.split('\n')[0] ?? '';
    expect(line.startsWith(`::error ${place},title=FASTMCP_HTTP_TRANSPORT_CRASH`)).toBe(true);
    // A located annotation needs no target prefix in its message.
    expect(line).toMatch(/::run\(transport="http"\) is not a transport/);
  });

  it('a diagnosis finding keeps its annotation without file=', async () => {
    const report = await lint('fastmcp-http-transport');
    const finding = report.findings[0];
    if (!finding) throw new Error('expected a finding');
    delete finding.location;
    const line = renderGithubAnnotations([report]).split('\n')[0] ?? '';
    expect(line).toMatch(/^::error title=FASTMCP_HTTP_TRANSPORT_CRASH/);
    expect(line).not.toContain('file=');
  });
});
