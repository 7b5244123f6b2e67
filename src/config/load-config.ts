import { basename, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { UsageError } from '../model/errors.js';
import { FileReadError, readBoundedFile } from '../security/read-bounded.js';

/**
 * The project config file. Search places follow lilconfig's defaults cut down to JSON
 * (ecosystem §4: no YAML or code configs in v1): `.mcp-doctorrc.json`, `.mcp-doctorrc` (JSON, as
 * lilconfig reads extensionless rc files), then the `mcp-doctor` key of `package.json`, in the
 * working directory only, so a config in a parent repository never changes what CI gates on.
 *
 * Validation is strict: an unknown key is a typo until proven otherwise, and a typo in a CI gate
 * silently weakens it. Every failure is one line naming the file and the key path. Values are
 * echoed only where they cannot be secrets: never under `headers` (tokens, API keys) or `targets`
 * (URLs may carry credentials in the query).
 */

/** What a config file may set. Command-line flags win over every key. */
export interface DoctorConfig {
  /** URLs or AgentCore runtime ARNs to diagnose when none is given on the command line. */
  targets?: string[];
  /** Rule set. @default generic for URLs, agentcore for ARNs */
  profile?: 'generic' | 'agentcore';
  /** Lowest severity that fails the run. @default error */
  failOn?: 'error' | 'warning' | 'info' | 'never';
  /** Extra report files, by format, written in addition to the main output. */
  formats?: { json?: string; junit?: string; markdown?: string; html?: string };
  /** Format written to stdout. @default pretty */
  format?: 'pretty' | 'json' | 'junit' | 'markdown' | 'html' | 'github' | 'sarif';
  /** Path of the accepted-findings baseline. */
  baseline?: string;
  /** Per-request timeout, e.g. `10s`, `500ms`, `2m` (bare numbers are seconds). */
  timeout?: string;
  /** Deadline for the whole run of one target, same syntax as `timeout`. */
  deadline?: string;
  /** Targets diagnosed at the same time, 1 to 64. */
  concurrency?: number;
  /** AgentCore endpoint name for ARN targets. @default DEFAULT */
  qualifier?: string;
  /** Check ids to leave out. */
  skip?: string[];
  /** Check ids to run, leaving out all others. */
  only?: string[];
  /** Extra request headers sent to the target origin only (values may be secrets). */
  headers?: Record<string, string>;
}

/** The config in effect and the file it came from (absent when no file was found). */
export interface LoadedConfig {
  config: DoctorConfig;
  /** Absolute path of the file read. */
  path?: string;
}

/** Rc files searched in the working directory, in order, before `package.json`. */
export const CONFIG_FILES = ['.mcp-doctorrc.json', '.mcp-doctorrc'] as const;

/** The `package.json` key that holds the config. */
export const PACKAGE_JSON_KEY = 'mcp-doctor';


/**
 * Finds, reads and validates the config. `explicitPath` (`--config`) must exist; otherwise the
 * first search place present in `cwd` wins, and no file at all means an empty config.
 * Throws `UsageError` with one line naming the file and the key at fault.
 */
export async function loadConfig(cwd: string, explicitPath?: string): Promise<LoadedConfig> {
  if (explicitPath !== undefined) return loadExplicit(cwd, explicitPath);
  for (const name of CONFIG_FILES) {
    const path = join(cwd, name);
    // Found in the folder rather than named by the user: it must not lead out of the folder.
    const text = await readIfPresent(path, name, cwd);
    // An empty rc file is skipped rather than fatal, as lilconfig's ignoreEmptySearchPlaces does.
    if (text === undefined || text.trim() === '') continue;
    return { config: await validateConfig(parseJsonText(text, name), name), path };
  }
  const packagePath = join(cwd, 'package.json');
  const packageText = await readIfPresent(packagePath, 'package.json', cwd);
  if (packageText === undefined) return { config: {} };
  const manifest = parseJsonText(packageText, 'package.json');
  if (!isRecord(manifest) || !Object.hasOwn(manifest, PACKAGE_JSON_KEY)) return { config: {} };
  return { config: await validateConfig(manifest[PACKAGE_JSON_KEY], 'package.json', [PACKAGE_JSON_KEY]), path: packagePath };
}

const CODE_EXTENSIONS = new Set(['.js', '.cjs', '.mjs', '.ts', '.cts', '.mts', '.yaml', '.yml', '.toml']);

async function loadExplicit(cwd: string, explicitPath: string): Promise<LoadedConfig> {
  if (explicitPath.trim() === '') throw new UsageError('--config needs the path of a JSON config file');
  const path = resolve(cwd, explicitPath);
  const name = displayName(cwd, path);
  if (CODE_EXTENSIONS.has(extname(path).toLowerCase())) {
    throw new UsageError(`--config ${name}: only JSON config files are supported (.mcp-doctorrc.json, .mcp-doctorrc or package.json)`);
  }
  const text = await readIfPresent(path, `--config ${name}`);
  if (text === undefined) throw new UsageError(`--config ${name}: no such file`);
  if (text.trim() === '') return { config: {}, path };
  const parsed = parseJsonText(text, name);
  if (basename(path) === 'package.json') {
    if (!isRecord(parsed) || !Object.hasOwn(parsed, PACKAGE_JSON_KEY)) throw new UsageError(`${name}: no "${PACKAGE_JSON_KEY}" key`);
    return { config: await validateConfig(parsed[PACKAGE_JSON_KEY], name, [PACKAGE_JSON_KEY]), path };
  }
  return { config: await validateConfig(parsed, name), path };
}

/**
 * The schema and its messages need zod, which a run without a config file never loads: they are
 * imported only when there is a config to check.
 */
async function validateConfig(input: unknown, file: string, prefix: readonly PropertyKey[] = []): Promise<DoctorConfig> {
  const { validateConfigValue } = await import('./config-schema.js');
  return validateConfigValue(input, file, prefix);
}


/** Largest config or baseline file the doctor reads. */
export const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

/**
 * Reads a UTF-8 file (a regular file only, capped, under a deadline); `undefined` when it does not
 * exist. With `root`, a symlink that leads out of that folder is refused. Other failures are a
 * `UsageError`.
 */
export async function readIfPresent(path: string, name: string, root?: string): Promise<string | undefined> {
  try {
    return (await readBoundedFile(path, { label: name, maxBytes: MAX_CONFIG_BYTES, ...(root !== undefined ? { root } : {}) })).toString('utf8');
  } catch (error) {
    if (!(error instanceof FileReadError)) throw error;
    if (error.missing) return undefined;
    // A plain UsageError, as every other config problem is.
    throw new UsageError(error.message);
  }
}

/**
 * Parses JSON for a named file. The message keeps the parser's reason and a line and column but
 * never the text around the error, which V8 quotes and which may hold a header value.
 */
export function parseJsonText(text: string, file: string): unknown {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (source.trim() === '') throw new UsageError(`${file}: is empty`);
  try {
    return JSON.parse(source);
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    if (/^Unexpected end of JSON input/.test(message)) throw new UsageError(`${file}: invalid JSON (unexpected end of file)`);
    const located = /^(.*?)(?: in JSON)? at position (\d+)/.exec(message);
    if (located) {
      const text = located[1] ?? '';
      const reason = text && !/["\n]/.test(text) && text.length <= 80 ? ` (${text.charAt(0).toLowerCase()}${text.slice(1)})` : '';
      throw new UsageError(`${file}: invalid JSON at ${lineAndColumn(source, Number(located[2]))}${reason}`);
    }
    if (/^Unexpected token/.test(message)) throw new UsageError(`${file}: invalid JSON (unexpected token; a missing quote or comma?)`);
    throw new UsageError(`${file}: invalid JSON`);
  }
}

function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}

function displayName(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  const name = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
  return name.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
