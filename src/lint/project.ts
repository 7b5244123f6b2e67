import type { LintProject, ProjectFile } from './types.js';

/** Builds the rules' view of a project from files already read (also how tests build one). */
export function createLintProject(root: string, files: readonly ProjectFile[]): LintProject {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const byPath = new Map(sorted.map((file) => [file.path, file]));
  return { root, files: sorted, file: (path) => byPath.get(path) };
}
