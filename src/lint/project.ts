import type { LintProject, ProjectFile } from './types.js';

/** What the user told the linter beyond the folder. */
export interface LintProjectOptions {
  /** The server entrypoint (`--entrypoint`), relative to the root. */
  entrypoint?: string;
}

/** Builds the rules' view of a project from files already read (also how tests build one). */
export function createLintProject(root: string, files: readonly ProjectFile[], options: LintProjectOptions = {}): LintProject {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const byPath = new Map(sorted.map((file) => [file.path, file]));
  const entrypoint = options.entrypoint?.replace(/\\/g, '/').replace(/^\.\//, '');
  return { root, files: sorted, file: (path) => byPath.get(path), ...(entrypoint ? { entrypoint } : {}) };
}
