import { lintSeverity } from '../../src/lint/run-lint.js';
import { expect } from 'vitest';
import type { FindingCode } from '../../src/catalog/codes.js';
import type { Severity } from '../../src/model/report.js';
import { createLintProject } from '../../src/lint/project.js';
import type { LintIssue, LintRule } from '../../src/lint/types.js';

/**
 * A small RuleTester for the configuration rules: runs one rule over an in-memory project, checks
 * the contract every issue must keep, and returns `CODE@file:line:column` strings to compare with
 * a table.
 */

/** One expected issue: `CODE@file:line:column`, optionally `/severity`. */
export type Expected = `${FindingCode}@${string}:${number}:${number}` | `${FindingCode}@${string}:${number}:${number}/${Severity}`;

/** Runs `rule` over `files` as the linter would (appliesTo, then check). */
export function runRule(rule: LintRule, files: Record<string, string>): LintIssue[] {
  const project = createLintProject('/virtual/project', Object.entries(files).map(([path, text]) => ({ path, text })));
  const applicable = rule.appliesTo(project);
  const issues = applicable.length === 0 ? [] : rule.check(applicable, project);
  for (const issue of issues) {
    expect(rule.codes, `${rule.id} reported ${issue.code} without declaring it`).toContain(issue.code);
    const text = files[issue.location.file];
    expect(text, `${issue.code} points at a file that is not in the project: ${issue.location.file}`).toBeDefined();
    const lines = (text ?? '').split('\n');
    expect(issue.location.line).toBeGreaterThanOrEqual(1);
    expect(issue.location.line).toBeLessThanOrEqual(lines.length);
    expect(issue.location.column).toBeGreaterThanOrEqual(1);
    expect(issue.location.column).toBeLessThanOrEqual((lines[issue.location.line - 1]?.length ?? 0) + 1);
    // SARIF regions and GitHub annotations need the end too.
    expect(issue.location.endLine, `${issue.code} has no end`).toBeGreaterThanOrEqual(issue.location.line);
    expect(issue.location.endColumn).toBeGreaterThanOrEqual(1);
    if (issue.location.endLine === issue.location.line) expect(issue.location.endColumn).toBeGreaterThanOrEqual(issue.location.column);
    expect(issue.message).toMatch(/\S/);
    expect(issue.message).not.toContain('\n');
    expect(issue.message).not.toMatch(/undefined|\[object Object\]/);
    // The snippet becomes the finding's evidence, which every lint finding must show.
    expect(issue.snippet, `${issue.code} has no snippet`).toMatch(/\S/);
    expect(issue.snippet).not.toContain('\n');
  }
  return issues;
}

/** Issues as sorted `CODE@file:line:column` (with `/severity` when `withSeverity`). */
export function summarize(issues: readonly LintIssue[], withSeverity = false): string[] {
  return issues
    .map((issue) => `${issue.code}@${issue.location.file}:${issue.location.line}:${issue.location.column}${withSeverity ? `/${lintSeverity(issue)}` : ''}`)
    .sort();
}

/** One table row. */
export interface RuleCase {
  name: string;
  files: Record<string, string>;
  expected: Expected[];
}

/** Asserts one row: exactly the expected issues (severity compared when the row names it). */
export function expectCase(rule: LintRule, row: RuleCase): void {
  const issues = runRule(rule, row.files);
  const withSeverity = row.expected.some((entry) => /\/(error|warning|info)$/.test(entry));
  expect(summarize(issues, withSeverity)).toEqual([...row.expected].sort());
}
