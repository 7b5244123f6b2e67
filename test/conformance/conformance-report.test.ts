import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conformanceFixtures } from '../../fixtures/conformance/servers.js';
import { startFixture } from '../../fixtures/start-fixture.js';
import { applyBaseline, readBaseline, updateBaseline, writeBaseline } from '../../src/config/baseline.js';
import { runConformance } from '../../src/conformance/run-conformance.js';
import type { Report } from '../../src/model/report.js';
import { renderJunit } from '../../src/report/junit.js';
import { renderPretty } from '../../src/report/pretty.js';

/**
 * A conformance report through the shared outputs: JUnit testcases named by specification
 * section, baselines that name a requirement, the terminal summary per era. The fixture fails
 * two requirements with the same code (a tool without inputSchema, listed in both eras).
 */
let report: Report;
const dir = mkdtempSync(join(tmpdir(), 'mcp-doctor-conformance-'));

beforeAll(async () => {
  const fixture = await startFixture(conformanceFixtures['tool-missing-input-schema']);
  try {
    report = await runConformance({ target: fixture.url, timeoutMs: 15_000 });
  } finally {
    await fixture.stop();
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('JUnit', () => {
  const parse = () => new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'testcase' }).parse(renderJunit([report])) as { testsuites: { testsuite: { testcase: Array<Record<string, unknown>>; tests: string; failures: string; skipped: string } } };

  it('has one testcase per requirement, named by its section, classed by era', () => {
    const suite = parse().testsuites.testsuite;
    expect(suite.testcase).toHaveLength(report.checks.length);
    expect(Number(suite.tests)).toBe(report.checks.length);
    expect(Number(suite.failures)).toBe(2);
    const byName = new Map(suite.testcase.map((c) => [c.name as string, c]));
    const tools = byName.get('MCP 2025-11-25 server/tools#listing-tools [2025/tools-list]');
    expect(tools).toMatchObject({ classname: 'mcp-doctor.conformance.2025', failure: { type: 'CONFORMANCE_RESULT_INVALID' } });
    expect(byName.get('MCP 2026-07-28 server/tools#listing-tools [2026/tools-list]')).toMatchObject({ classname: 'mcp-doctor.conformance.2026', failure: { type: 'CONFORMANCE_RESULT_INVALID' } });
    expect(byName.get('MCP 2025-11-25 server/tools#calling-tools [2025/tools-call]')).toMatchObject({ skipped: { message: 'no tool named with --call (tools/call is never sent by default)' } });
    expect(byName.get('MCP 2025-11-25 basic#responses [2025/unknown-method]')).not.toHaveProperty('failure');
  });
});

describe('JSON', () => {
  it('carries requirement ids, specification links and the eras', () => {
    const json = JSON.parse(JSON.stringify(report)) as Report;
    expect(json.checks.find((c) => c.id === '2026/removed-method')).toMatchObject({ status: 'pass', spec: { id: 'MCP 2026-07-28 basic', url: 'https://modelcontextprotocol.io/specification/2026-07-28/basic' } });
    expect(json.findings.map((f) => [f.checkId, f.code, f.spec?.url])).toEqual([
      ['2025/tools-list', 'CONFORMANCE_RESULT_INVALID', 'https://modelcontextprotocol.io/specification/2025-11-25/server/tools#listing-tools'],
      ['2026/tools-list', 'CONFORMANCE_RESULT_INVALID', 'https://modelcontextprotocol.io/specification/2026-07-28/server/tools#listing-tools'],
    ]);
    expect(json.conformance).toEqual({
      eras: [
        { era: '2025', status: 'tested', version: '2025-11-25', capabilities: ['completions', 'logging', 'prompts', 'resources', 'tools'], listed: { tools: 6, resources: 1, resourceTemplates: 1, prompts: 2 } },
        { era: '2026', status: 'tested', version: '2026-07-28', capabilities: ['completions', 'prompts', 'resources', 'tools'], listed: { tools: 6, resources: 1, resourceTemplates: 1, prompts: 2 } },
      ],
      calls: [],
    });
  });
});

describe('baseline', () => {
  it('writes one entry per failing requirement, naming it', () => {
    const next = updateBaseline([report], { version: 1, entries: [] }, 'tracked upstream');
    expect(next.entries).toEqual([
      { code: 'CONFORMANCE_RESULT_INVALID', target: report.target.input, reason: 'tracked upstream', check: '2025/tools-list' },
      { code: 'CONFORMANCE_RESULT_INVALID', target: report.target.input, reason: 'tracked upstream', check: '2026/tools-list' },
    ]);
  });

  it('accepts only the named requirement; a code-only entry accepts both', () => {
    const target = report.target.input;
    const scoped = applyBaseline([report], { version: 1, entries: [{ code: 'CONFORMANCE_RESULT_INVALID', target, reason: 'r', check: '2025/tools-list' }] });
    expect(scoped.reports[0]?.findings.map((f) => [f.checkId, (f as { baselined?: boolean }).baselined ?? false])).toEqual([
      ['2025/tools-list', true],
      ['2026/tools-list', false],
    ]);
    expect(scoped.reports[0]?.summary.verdict).toBe('unhealthy');
    const broad = applyBaseline([report], { version: 1, entries: [{ code: 'CONFORMANCE_RESULT_INVALID', target, reason: 'r' }] });
    expect(broad.reports[0]?.summary.verdict).toBe('healthy');
    const stale = applyBaseline([report], { version: 1, entries: [{ code: 'CONFORMANCE_RESULT_INVALID', target, reason: 'r', check: '2025/ping' }] });
    expect(stale.stale.map((e) => e.check)).toEqual(['2025/ping']);
  });

  it('round-trips the check through the file', async () => {
    const path = join(dir, 'baseline.json');
    const next = updateBaseline([report], { version: 1, entries: [] }, 'tracked upstream');
    await writeBaseline(path, next);
    expect(readFileSync(path, 'utf8')).toContain('"check": "2025/tools-list"');
    expect(await readBaseline(path)).toEqual(next);
  });
});

describe('terminal', () => {
  it('lists the requirements and a line per era', () => {
    const text = renderPretty(report, { color: false });
    expect(text).toContain('2025 era (initialize, sessions): 2025-11-25 · capabilities completions, logging, prompts, resources, tools · 18/20 requirements passed, 1 skipped');
    expect(text).toMatch(/✖ 2025\/tools-list {2,}tools\/list answers every page with a schema-valid result — error: CONFORMANCE_RESULT_INVALID/);
    expect(text).toContain('✖ unhealthy: 2 errors, 0 warnings, 0 info');
  });
});
