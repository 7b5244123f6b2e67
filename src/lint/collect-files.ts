import { lstat, opendir, realpath, stat } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import { UsageError } from '../model/errors.js';
import { FileReadError, readBoundedFile } from '../security/read-bounded.js';
import type { ProjectFile } from './types.js';

/**
 * Reads the files of a project folder that lint rules may look at. Bounded in every direction
 * (count, size, depth) because the folder may be a large monorepo, and never leaves the folder:
 * a symbolic link whose target lies outside it is skipped, so linting a checkout cannot read
 * `~/.aws/credentials` through a planted link.
 */

/** Limits of one collection. */
export interface CollectLimits {
  /** Files read at most; the walk stops there. */
  maxFiles: number;
  /** Larger files are skipped (source and configuration files are far smaller). */
  maxBytesPerFile: number;
  /** Folders deeper than this are not entered. */
  maxDepth: number;
}

/** Defaults sized for a project folder, not a whole disk. */
export const DEFAULT_COLLECT_LIMITS: CollectLimits = { maxFiles: 2_000, maxBytesPerFile: 1024 * 1024, maxDepth: 12 };

/** What was read, and what was left out on purpose. */
export interface CollectedFiles {
  /** Absolute, symlink-free path of the folder. */
  root: string;
  files: ProjectFile[];
  /** Relative paths skipped because they exceed `maxBytesPerFile`. */
  tooLarge: string[];
  /** True when `maxFiles` stopped the walk. */
  truncated: boolean;
}

/** Folders that hold dependencies, caches or build output, never the project's own sources. */
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', '.venv', 'venv', '.tox', '.nox', 'dist', 'build', '__pycache__', '.mypy_cache', '.pytest_cache', '.ruff_cache', 'cdk.out', '.aws-sam', 'coverage', '.next', '.turbo']);

/** Extensions of the files rules read: server sources and deployment configuration. */
const EXTENSIONS = new Set(['.py', '.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.json', '.yaml', '.yml', '.toml', '.template', '.txt', '.cfg', '.ini', '.dockerfile']);

/** Python lock files, read for the library versions they resolve (other `.lock` files are not). */
const LOCK_FILES = new Set(['uv.lock', 'poetry.lock']);

/** True for the names the linter reads whatever their extension (Dockerfile, Containerfile, Python locks). */
function isWantedName(name: string): boolean {
  if (/^(Dockerfile|Containerfile)([.-].*)?$/i.test(name)) return true;
  if (LOCK_FILES.has(name)) return true;
  const dot = name.lastIndexOf('.');
  return dot > 0 && EXTENSIONS.has(name.slice(dot).toLowerCase());
}

/**
 * Collects the project files under `dir` (relative to the working directory). A missing folder,
 * or a path that is not a folder, is a usage error (exit 2).
 */
export async function collectProjectFiles(dir: string, limits: CollectLimits = DEFAULT_COLLECT_LIMITS): Promise<CollectedFiles> {
  const given = resolve(dir);
  let root: string;
  try {
    root = await realpath(given);
    if (!(await stat(root)).isDirectory()) throw new UsageError(`${oneLine(dir)} is not a folder; pass the project folder to lint`);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read the project folder ${oneLine(dir)}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
  const out: CollectedFiles = { root, files: [], tooLarge: [], truncated: false };
  const visited = new Set<string>([root]);
  await walk(root, 0);
  return out;

  async function walk(folder: string, depth: number): Promise<void> {
    let entries: string[];
    try {
      const handle = await opendir(folder);
      entries = [];
      for await (const entry of handle) entries.push(entry.name);
    } catch {
      return;
    }
    // Sorted, so the same folder always yields the same files when the count limit cuts in.
    entries.sort();
    for (const name of entries) {
      if (out.truncated) return;
      const full = join(folder, name);
      let info = await lstat(full).catch(() => undefined);
      if (!info) continue;
      let target = full;
      if (info.isSymbolicLink()) {
        const real = await realpath(full).catch(() => undefined);
        if (!real || !inside(root, real)) continue;
        target = real;
        info = await stat(real).catch(() => undefined);
        if (!info) continue;
      }
      if (info.isDirectory()) {
        if (SKIPPED_DIRS.has(name) || depth + 1 > limits.maxDepth || visited.has(target)) continue;
        visited.add(target);
        await walk(full, depth + 1);
      } else if (info.isFile() && isWantedName(basename(name))) {
        const path = relative(root, full).split(sep).join('/');
        if (info.size > limits.maxBytesPerFile) {
          out.tooLarge.push(path);
          continue;
        }
        if (out.files.length >= limits.maxFiles) {
          out.truncated = true;
          return;
        }
        // Opened again without blocking and capped by what is read: the file can have changed
        // (or lied about its size) since `stat`.
        let bytes: Buffer | undefined;
        try {
          bytes = await readBoundedFile(target, { label: path, maxBytes: limits.maxBytesPerFile, root });
        } catch (error) {
          if (error instanceof FileReadError && error.reason.startsWith('larger than')) out.tooLarge.push(path);
          continue;
        }
        // A NUL byte near the start means a binary file that only shares an extension.
        if (bytes.subarray(0, 8192).includes(0)) continue;
        out.files.push({ path, text: bytes.subarray(0, limits.maxBytesPerFile).toString('utf8').replace(/^\uFEFF/, '') });
      }
    }
  }
}

function inside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

function oneLine(text: string): string {
  return JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}…` : text);
}
