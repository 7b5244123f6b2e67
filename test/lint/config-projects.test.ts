import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createLintProject } from '../../src/lint/project.js';
import { lintRules } from '../../src/lint/rules/index.js';
import type { ProjectFile } from '../../src/lint/types.js';
import { configProjectRows } from './config-project-rows.js';

/**
 * The configuration sample projects under fixtures/projects, linted with every rule: each faulty
 * project yields exactly its one finding (code and position), and the correct project none.
 */

const projectsDir = fileURLToPath(new URL('../../fixtures/projects/', import.meta.url));

function readProject(name: string): ProjectFile[] {
  const root = join(projectsDir, name);
  const files: ProjectFile[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else files.push({ path: relative(root, path).split(sep).join('/'), text: readFileSync(path, 'utf8') });
    }
  };
  walk(root);
  return files;
}

function lint(name: string): string[] {
  const project = createLintProject(join(projectsDir, name), readProject(name));
  return lintRules
    .flatMap((rule) => {
      const files = rule.appliesTo(project);
      return files.length === 0 ? [] : rule.check(files, project);
    })
    .map((issue) => `${issue.code}@${issue.location.file}:${issue.location.line}:${issue.location.column}`)
    .sort();
}


describe('configuration sample projects', () => {
  it.each(configProjectRows)('$project', ({ project, expected }) => {
    expect(lint(project)).toEqual(expected);
  });

  it('every config, cfn and docker sample project has a row', () => {
    const names = readdirSync(projectsDir).filter((name) => /^(config|cfn|docker)-/.test(name));
    expect(names.sort()).toEqual(configProjectRows.map((row) => row.project).filter((name) => name !== 'fastmcp-correct').sort());
  });
});
