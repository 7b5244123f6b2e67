import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/model/report.js';
import { runLint } from '../../src/lint/run-lint.js';
import { renderSarif } from '../../src/report/sarif.js';
import { sampleReport } from '../helpers/sample-report.js';
import { lintScenarios } from './lint-scenarios.js';

/**
 * `--format sarif` against the official SARIF 2.1.0 schema (test/schemas/README.md), for lint
 * reports of every sample project and for a diagnosis report, plus the fields GitHub code scanning
 * reads.
 */

const PROJECTS = fileURLToPath(new URL('../../fixtures/projects/', import.meta.url));
const schemaText = readFileSync(fileURLToPath(new URL('../schemas/sarif-schema-2.1.0.json', import.meta.url)), 'utf8');

// The schema is draft-04; its only draft-04 keyword is the top-level `id`, which draft-07 spells `$id`.
const { id, $schema: _draft, ...body } = JSON.parse(schemaText) as Record<string, unknown>;
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
const validate = ajv.compile({ $id: String(id), ...body });

interface SarifLog {
  version: string;
  runs: Array<{
    tool: { driver: { name: string; rules: Array<{ id: string; shortDescription: { text: string }; fullDescription?: { text: string }; helpUri?: string }> } };
    originalUriBaseIds?: Record<string, { uri: string }>;
    results: Array<{ ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: Array<{ physicalLocation?: { artifactLocation: { uri: string; uriBaseId: string }; region: Record<string, number> }; logicalLocations?: Array<{ fullyQualifiedName: string }> }> }>;
  }>;
}

function check(text: string): SarifLog {
  const log = JSON.parse(text) as SarifLog;
  const ok = validate(log);
  expect(ok, JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  return log;
}

describe('SARIF 2.1.0', () => {
  it('the validator rejects what the schema forbids (the test can fail)', () => {
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
    expect(validate({ version: '2.0.0', runs: [] })).toBe(false);
  });

  it.each(lintScenarios.map((s) => s.project))('lint of %s validates', async (project) => {
    const { report } = await runLint({ dir: join(PROJECTS, project) });
    const log = check(renderSarif([report]));
    const run = log.runs[0];
    if (!run) throw new Error('no run');
    expect(run.results.length).toBe(report.findings.length);
    for (const [i, result] of run.results.entries()) {
      const finding = report.findings[i] as Report['findings'][number];
      const rule = run.tool.driver.rules[result.ruleIndex];
      expect(rule?.id).toBe(result.ruleId);
      expect(rule?.shortDescription.text).toBe(finding.title);
      expect(rule?.helpUri).toBe(`https://unpkg.com/mcp-doctor@${report.tool.version}/docs/codes/${finding.code}.md`);
      expect(result.level).toBe(finding.severity === 'info' ? 'note' : finding.severity);
      const physical = result.locations[0]?.physicalLocation;
      expect(physical?.artifactLocation).toEqual({ uri: finding.location?.file, uriBaseId: '%SRCROOT%' });
      expect(physical?.region.startLine).toBe(finding.location?.line);
      expect(physical?.region.startColumn).toBe(finding.location?.column);
      // SARIF's end column is exclusive.
      const endColumn = finding.location?.endColumn;
      expect(physical?.region.endColumn).toBe(endColumn === undefined ? undefined : endColumn + 1);
    }
    expect(run.originalUriBaseIds?.['%SRCROOT%']?.uri).toBe(`${report.target.url}/`);
  });

  it('a relative project folder makes URIs repository-relative and the base the working folder', async () => {
    const { report } = await runLint({ dir: join(PROJECTS, 'fastmcp-stateful') });
    report.target.input = 'fixtures/projects/fastmcp-stateful';
    const log = check(renderSarif([report]));
    expect(log.runs[0]?.results[0]?.locations[0]?.physicalLocation?.artifactLocation.uri).toBe('fixtures/projects/fastmcp-stateful/main.py');
    expect(log.runs[0]?.originalUriBaseIds?.['%SRCROOT%']?.uri).toBe(new URL('../../../', `${report.target.url}/`).href);
  });

  it('a diagnosis report validates, each finding at the target as a logical location', () => {
    const report = sampleReport();
    const log = check(renderSarif([report]));
    const results = log.runs[0]?.results ?? [];
    expect(results.length).toBe(report.findings.length);
    for (const result of results) expect(result.locations[0]?.logicalLocations?.[0]?.fullyQualifiedName).toBe(report.target.url);
    expect(log.runs[0]?.originalUriBaseIds).toBeUndefined();
  });

  it('a clean project is a valid log with no results', async () => {
    const { report } = await runLint({ dir: join(PROJECTS, 'fastmcp-correct') });
    const log = check(renderSarif([report]));
    expect(log.runs[0]?.results).toEqual([]);
    expect(log.runs[0]?.tool.driver.name).toBe('mcp-doctor');
  });
});
