import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/model/report.js';
import { renderJson } from '../../src/report/json.js';
import { reporters } from '../../src/report/index.js';
import { TOOL_VERSION } from '../../src/version.js';
import { HOSTILE_TEXT, healthyReport, sampleReport } from '../helpers/sample-report.js';

const STATUSES = ['pass', 'fail', 'warn', 'skip', 'error'];
const SEVERITIES = ['error', 'warning', 'info'];

describe('renderJson', () => {
  const report = sampleReport();
  const text = renderJson(report);
  const parsed = JSON.parse(text) as Report;

  it('parses back to the same report, ending with a newline', () => {
    expect(parsed).toEqual(report);
    expect(text.endsWith('}\n')).toBe(true);
    expect(reporters.json([report])).toBe(text);
  });

  it('has the versioned envelope', () => {
    expect(parsed.schemaVersion).toBe(1);
    expect(parsed.tool).toEqual({ name: 'mcp-doctor', version: TOOL_VERSION });
    expect(parsed.target.url).toBe('http://127.0.0.1:8000/mcp');
    expect(parsed.profile).toBe('generic');
  });

  it('has the summary fields', () => {
    expect(parsed.summary).toMatchObject({ checks: 9, passed: 4, failed: 1, warned: 1, skipped: 2, verdict: 'unhealthy' });
    expect(JSON.parse(renderJson(healthyReport())).summary.verdict).toBe('healthy');
  });

  it('has the fields of every check', () => {
    expect(parsed.checks).toHaveLength(9);
    for (const check of parsed.checks) {
      expect(typeof check.id).toBe('string');
      expect(typeof check.title).toBe('string');
      expect(STATUSES).toContain(check.status);
      expect(Number.isInteger(check.durationMs)).toBe(true);
      if (check.status === 'skip') expect(check.skipReason).toMatch(/\S/);
      else expect(check).not.toHaveProperty('skipReason');
    }
    expect(parsed.checks.map((c) => c.status).sort()).toEqual(['error', 'fail', 'pass', 'pass', 'pass', 'pass', 'skip', 'skip', 'warn']);
  });

  it('has the fields of every finding', () => {
    expect(parsed.findings).toHaveLength(4);
    const checkIds = new Set(parsed.checks.map((c) => c.id));
    for (const finding of parsed.findings) {
      expect(finding.code).toMatch(/^[A-Z][A-Z_]+$/);
      expect(SEVERITIES).toContain(finding.severity);
      expect(checkIds.has(finding.checkId)).toBe(true);
      expect(finding.title).toMatch(/\S/);
      expect(finding.message).toMatch(/\S/);
      expect(finding.remediation.length).toBeGreaterThan(0);
    }
    expect(parsed.findings[0]?.evidence).toMatchObject({ status: 421, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  });

  it('escapes control characters and lone surrogates instead of writing them raw', () => {
    expect(text).not.toMatch(/[\u0000-\u0009\u000B-\u001F]/);
    expect(text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    expect(text).toContain('\\u001b[31m');
    expect(text).toContain('\\ud800');
    expect(parsed.findings[0]?.evidence?.bodyExcerpt).toBe(HOSTILE_TEXT);
  });
});
