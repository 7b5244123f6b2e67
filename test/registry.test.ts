import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalog, type CatalogEntry } from '../src/catalog/catalog.js';
import { legacyRequirements } from '../src/conformance/requirements-2025.js';
import { modernRequirements } from '../src/conformance/requirements-2026.js';
import { FINDING_CODES } from '../src/catalog/codes.js';
import { checks } from '../src/checks/index.js';
import { derivations } from '../src/checks/derived-observations.js';
import { lintRules } from '../src/lint/rules/index.js';
import { probes } from '../src/probes/index.js';
import { rehearsalChecks } from '../src/rehearse/rehearsal-checks.js';
import { codeDocPath, renderReadmeCodeTable, replaceReadmeCodeTable } from '../src/report/code-docs.js';
import { renderCodeMarkdown } from '../src/report/explain.js';
import { conformanceScenarios } from './conformance/conformance-scenarios.js';
import { agentcoreScenarios } from './e2e/agentcore-scenarios.js';
import { hostileScenarios } from './hostile/hostile-scenarios.js';
import { libraryScenarioCodes, scenarios } from './e2e/scenarios.js';
import { lintScenarioCodes } from './lint/lint-scenarios.js';
import { networkScenarioCodes } from './network/network-scenarios.js';
import { rehearseScenarios } from './rehearse/rehearse-scenarios.js';
import { realServerCodes } from './real-servers/corpus.js';
import { teardownScenarios } from './teardown/teardown-scenarios.js';
import { teardownChecks } from '../src/teardown/teardown-checks.js';

/**
 * Registry integrity, in the manner of ESLint's checkRuleFiles: every code has a catalog entry, a
 * current docs page, a check that may emit it and an end-to-end scenario that triggers it.
 */
const root = (path: string): string => fileURLToPath(new URL(`../${path}`, import.meta.url));

describe('registry', () => {
  it('check ids are unique kebab-case, and no check waits for another check', () => {
    const ids = checks.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const check of checks) {
      expect(check.id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      expect(Object.keys(check)).not.toContain('dependsOn');
    }
  });

  it('probes, derivations and checks need only observations something produces, without cycles', () => {
    const producers = new Map<string, readonly string[]>([...probes, ...derivations].map((p) => [p.id, [...p.needs, ...(p.uses ?? [])]]));
    expect(producers.size).toBe(probes.length + derivations.length);
    for (const check of checks) for (const id of [...check.needs, ...(check.uses ?? [])]) expect(producers.has(id), `${check.id} needs ${id}`).toBe(true);
    for (const [id, inputs] of producers) for (const input of inputs) expect(producers.has(input), `${id} needs ${input}`).toBe(true);
    const visiting = new Set<string>();
    const done = new Set<string>();
    const visit = (id: string): void => {
      if (done.has(id)) return;
      expect(visiting.has(id), `observation ${id} needs itself`).toBe(false);
      visiting.add(id);
      for (const input of producers.get(id) ?? []) visit(input);
      visiting.delete(id);
      done.add(id);
    };
    for (const id of producers.keys()) visit(id);
  });

  it('every code can be emitted by a check, and every declared code exists', () => {
    const requirements = [...legacyRequirements, ...modernRequirements];
    const declared = new Set([...checks.flatMap((c) => c.codes), ...rehearsalChecks.flatMap((c) => c.codes), ...lintRules.flatMap((r) => r.codes), ...teardownChecks.flatMap((c) => c.codes), ...requirements.flatMap((r) => r.codes)]);
    expect([...declared].sort()).toEqual([...FINDING_CODES].sort());
  });

  it.each(FINDING_CODES)('%s has a complete catalog entry and a current docs page', (code) => {
    const entry: CatalogEntry = catalog[code];
    expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
    expect(entry.title.length).toBeGreaterThan(10);
    expect(entry.explanation.length).toBeGreaterThan(40);
    expect(entry.causes.length).toBeGreaterThan(0);
    expect(entry.remediation.length).toBeGreaterThan(0);
    const summary = entry.summary({});
    expect(summary).not.toMatch(/undefined|NaN|\$\{|\[object Object\]/);
    const path = root(codeDocPath(code));
    expect(existsSync(path), `${codeDocPath(code)} is missing: run npm run docs:codes`).toBe(true);
    const page = readFileSync(path, 'utf8');
    expect(page, `${codeDocPath(code)} is stale: run npm run docs:codes`).toBe(renderCodeMarkdown(code));
    for (const heading of ['## What it means', '## Common causes', '## How to fix']) expect(page).toContain(heading);
  });

  it('every code is triggered by an end-to-end scenario', () => {
    const triggered = new Set([...scenarios.flatMap((s) => s.codes), ...agentcoreScenarios.flatMap((s) => s.codes), ...libraryScenarioCodes, ...rehearseScenarios.flatMap((s) => s.codes), ...lintScenarioCodes, ...networkScenarioCodes, ...hostileScenarios.flatMap((s) => s.codes), ...teardownScenarios.flatMap((s) => s.codes), ...realServerCodes, ...conformanceScenarios.flatMap((s) => [...Object.values(s.failures), ...Object.values(s.warnings ?? {})].flat())]);
    expect(FINDING_CODES.filter((code) => !triggered.has(code))).toEqual([]);
  });

  it('the README lists every code (generated table is current)', () => {
    const readme = readFileSync(root('README.md'), 'utf8');
    expect(replaceReadmeCodeTable(readme, renderReadmeCodeTable())).toBe(readme);
    for (const code of FINDING_CODES) expect(readme).toContain(`\`${code}\``);
  });

  it('the list of codes only grows (codes are public API)', () => {
    expect(FINDING_CODES).toMatchSnapshot();
  });
});
