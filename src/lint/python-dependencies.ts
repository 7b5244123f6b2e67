import { parse as parseToml } from 'smol-toml';
import { LineIndex } from './source-text.js';
import type { LintProject, ProjectFile } from './types.js';

/**
 * Which version of a Python MCP library a project installs, as far as its files say. Several
 * verdicts of the Python rules depend on it (streamable-http-matrix §3.4, §5), yet a wrong version
 * guess would turn a correct project red, so only a version that is certain may change a verdict:
 * an exact pin, a lock entry, or a range all of whose members lie on one side of a boundary.
 * Anything else is "unknown", and the rules keep judging by the newest library.
 */

/** The libraries whose version changes a verdict. */
export type PythonPackage = 'mcp' | 'fastmcp';

/** Where a declaration came from, most trusted first. */
export type DependencySource = 'lock' | 'requirements' | 'pyproject';

/** What a project declares about one package: an exact version, or bounds (both absent: unknown). */
export interface DeclaredVersion {
  exact?: string;
  lower?: string;
  /** True for `>X` (X itself excluded). */
  exclusiveLower?: boolean;
  upper?: string;
  /** True for `<X` (X itself excluded). */
  exclusiveUpper?: boolean;
  /** The constraint as written (`==2.8.1`, `>=2.3,<2.9`, `^1.9`), or the locked version. */
  spec: string;
  source: DependencySource;
  /** Project-relative path of the file that declares it. */
  file: string;
  /** 1-based position of the package name in that file. */
  line: number;
  column: number;
}

/** The declarations found for each package (a package the project never names is absent). */
export type DeclaredVersions = Partial<Record<PythonPackage, DeclaredVersion>>;

const PACKAGES: readonly PythonPackage[] = ['mcp', 'fastmcp'];

// ---------------------------------------------------------------------------------------------
// PEP 440 versions, as far as ordering needs them.

interface ParsedVersion {
  epoch: number;
  release: number[];
  /** Phase (0 a, 1 b, 2 rc) and number. */
  pre?: [number, number];
  post?: number;
  dev?: number;
}

const PRE_PHASES: Readonly<Record<string, number>> = { a: 0, alpha: 0, b: 1, beta: 1, c: 2, rc: 2, pre: 2, preview: 2 };
const VERSION = /^v?(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(a|alpha|b|beta|c|rc|pre|preview)[-_.]?(\d*))?(?:-(\d+)|[-_.]?(?:post|rev|r)[-_.]?(\d*))?(?:[-_.]?dev[-_.]?(\d*))?(?:\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?$/;

function parseVersion(text: string): ParsedVersion | undefined {
  const match = VERSION.exec(text.trim().toLowerCase());
  if (!match) return undefined;
  const [, epoch, release = '0', prePhase, preNumber, implicitPost, post, dev] = match;
  return {
    epoch: Number(epoch ?? 0),
    release: release.split('.').map(Number),
    ...(prePhase ? { pre: [PRE_PHASES[prePhase] ?? 0, Number(preNumber || 0)] as [number, number] } : {}),
    ...(implicitPost !== undefined || post !== undefined ? { post: Number(implicitPost ?? (post || 0)) } : {}),
    ...(dev !== undefined ? { dev: Number(dev || 0) } : {}),
  };
}

/**
 * Orders two PEP 440 versions: negative when `a` sorts first, 0 when equal, undefined when either
 * is not a version. Release segments compare numerically with missing ones as 0 (`2` = `2.0.0`);
 * `X.devN` < `XaN` < `XbN` < `XrcN` < `X` < `X.postN`; local labels are ignored.
 */
export function compareVersions(a: string, b: string): number | undefined {
  const x = parseVersion(a);
  const y = parseVersion(b);
  if (!x || !y) return undefined;
  if (x.epoch !== y.epoch) return Math.sign(x.epoch - y.epoch);
  for (let i = 0; i < Math.max(x.release.length, y.release.length); i++) {
    const d = (x.release[i] ?? 0) - (y.release[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  const keys = (v: ParsedVersion): number[] => [
    // A dev release of the final version sorts before its pre-releases; the final after them.
    v.pre ? v.pre[0] : v.dev !== undefined && v.post === undefined ? -1 : 3,
    v.pre ? v.pre[1] : 0,
    v.post ?? -1,
    v.dev ?? Number.POSITIVE_INFINITY,
  ];
  const kx = keys(x);
  const ky = keys(y);
  for (let i = 0; i < kx.length; i++) {
    // Compared, not subtracted: two absent dev numbers are both Infinity.
    const [p, q] = [kx[i] as number, ky[i] as number];
    if (p !== q) return p < q ? -1 : 1;
  }
  return 0;
}

/** True only when every version the declaration allows is lower than `boundary`. */
export function isCertainlyBelow(declared: DeclaredVersion | undefined, boundary: string): boolean {
  if (!declared) return false;
  if (declared.exact !== undefined) return lessThan(declared.exact, boundary);
  if (declared.upper === undefined) return false;
  const order = compareVersions(declared.upper, boundary);
  return order !== undefined && (declared.exclusiveUpper ? order <= 0 : order < 0);
}

/** True only when every version the declaration allows is `boundary` or higher. */
export function isCertainlyAtLeast(declared: DeclaredVersion | undefined, boundary: string): boolean {
  if (!declared) return false;
  if (declared.exact !== undefined) {
    const order = compareVersions(declared.exact, boundary);
    return order !== undefined && order >= 0;
  }
  if (declared.lower === undefined) return false;
  const order = compareVersions(declared.lower, boundary);
  return order !== undefined && order >= 0;
}

/** True only when every allowed version lies in `[from, below)`. */
export function isCertainlyWithin(declared: DeclaredVersion | undefined, from: string, below: string): boolean {
  return isCertainlyAtLeast(declared, from) && isCertainlyBelow(declared, below);
}

/** `fastmcp 2.8.1 pinned in requirements.txt`, for messages. */
export function describeDeclared(name: PythonPackage, declared: DeclaredVersion): string {
  if (declared.source === 'lock') return `${name} ${declared.exact ?? declared.spec} locked in ${declared.file}`;
  if (declared.exact !== undefined) return `${name} ${declared.exact} pinned in ${declared.file}`;
  return `${name} ${declared.spec} required in ${declared.file}`;
}

function lessThan(a: string, b: string): boolean {
  const order = compareVersions(a, b);
  return order !== undefined && order < 0;
}

// ---------------------------------------------------------------------------------------------
// Constraints (PEP 440 specifiers and Poetry's caret/tilde forms) into bounds.

type Bounds = Pick<DeclaredVersion, 'exact' | 'lower' | 'exclusiveLower' | 'upper' | 'exclusiveUpper'>;

/** The release with segment `index` raised by one and the rest dropped (`1.9.3`, 1 → `1.10`). */
function bump(release: readonly number[], index: number): string {
  const kept = release.slice(0, index + 1);
  while (kept.length <= index) kept.push(0);
  kept[index] = (kept[index] as number) + 1;
  return kept.join('.');
}

function releaseOf(version: string): number[] | undefined {
  return parseVersion(version)?.release;
}

function raiseLower(bounds: Bounds, version: string, exclusive: boolean): void {
  const order = bounds.lower === undefined ? 1 : compareVersions(version, bounds.lower);
  if (order === undefined) return;
  if (order > 0 || (order === 0 && exclusive)) {
    bounds.lower = version;
    bounds.exclusiveLower = exclusive;
  }
}

function capUpper(bounds: Bounds, version: string, exclusive: boolean): void {
  const order = bounds.upper === undefined ? -1 : compareVersions(version, bounds.upper);
  if (order === undefined) return;
  if (order < 0 || (order === 0 && exclusive)) {
    bounds.upper = version;
    bounds.exclusiveUpper = exclusive;
  }
}

/** Narrows `bounds` by one PEP 440 clause (`>=2.3`, `~=2.10.0`, `==1.9.*`); false when unreadable. */
function applyPep440(bounds: Bounds, clause: string): boolean {
  const match = /^(~=|===|==|!=|<=|>=|<|>)\s*(\S+)$/.exec(clause.trim());
  if (!match) return false;
  const [, op, version = ''] = match;
  if (op === '!=') return true;
  if ((op === '==' || op === '===') && version.endsWith('.*')) {
    const release = releaseOf(version.slice(0, -2));
    if (!release) return false;
    raiseLower(bounds, release.join('.'), false);
    capUpper(bounds, bump(release, release.length - 1), true);
    return true;
  }
  if (!parseVersion(version)) return false;
  switch (op) {
    case '==':
    case '===':
      bounds.exact = version;
      return true;
    case '>=':
      raiseLower(bounds, version, false);
      return true;
    case '>':
      raiseLower(bounds, version, true);
      return true;
    case '<=':
      capUpper(bounds, version, false);
      return true;
    case '<':
      capUpper(bounds, version, true);
      return true;
    default: {
      // `~=X.Y.Z` means `>=X.Y.Z, ==X.Y.*`.
      const release = releaseOf(version) ?? [];
      if (release.length < 2) return false;
      raiseLower(bounds, version, false);
      capUpper(bounds, bump(release, release.length - 2), true);
      return true;
    }
  }
}

/** Bounds of a comma-separated PEP 440 specifier set; an unreadable clause makes the whole unknown. */
function pep440Bounds(specifiers: string): Bounds {
  const bounds: Bounds = {};
  const clauses = specifiers.split(',').map((c) => c.trim()).filter(Boolean);
  for (const clause of clauses) if (!applyPep440(bounds, clause)) return {};
  return finish(bounds);
}

/** Bounds of a Poetry constraint (`^1.9`, `~2.10`, `>=2.3,<2.9`, `2.8.1`, `1.9.*`); `||` is unknown. */
function poetryBounds(constraint: string): Bounds {
  const text = constraint.trim();
  if (text.includes('||') || text.includes('|')) return {};
  const bounds: Bounds = {};
  // Poetry separates AND-ed clauses with commas or spaces; an operator may be followed by a space.
  const clauses = text.replace(/(\^|~=|~|===|==|!=|<=|>=|<|>)\s+/g, '$1').split(/[\s,]+/).filter(Boolean);
  for (const clause of clauses) {
    if (clause === '*') continue;
    const caret = /^\^(.+)$/.exec(clause);
    const tilde = /^~(?!=)(.+)$/.exec(clause);
    if (caret || tilde) {
      const version = (caret ?? tilde)?.[1] ?? '';
      const release = releaseOf(version);
      if (!release) return {};
      raiseLower(bounds, version, false);
      if (caret) {
        // The first non-zero segment may not change (`^0.2.3` → `<0.3.0`; `^0.0` → `<0.1`).
        const index = release.findIndex((n) => n !== 0);
        capUpper(bounds, bump(release, index < 0 ? release.length - 1 : index), true);
      } else {
        capUpper(bounds, bump(release, release.length >= 2 ? 1 : 0), true);
      }
      continue;
    }
    const operator = /^(~=|===|==|!=|<=|>=|<|>)/.test(clause);
    if (!applyPep440(bounds, operator ? clause : `==${clause}`)) return {};
  }
  return finish(bounds);
}

/** An exact pin makes the bounds moot. */
function finish(bounds: Bounds): Bounds {
  return bounds.exact !== undefined ? { exact: bounds.exact } : bounds;
}

/** PEP 503 normalized name. */
function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** A regular expression source matching `name` as written in any PEP 503-equivalent spelling. */
function namePattern(name: string): string {
  return name
    .split(/[-_.]+/)
    .map((part) => part.replace(/[^a-z0-9]/gi, ''))
    .join('[-_.]+');
}

// ---------------------------------------------------------------------------------------------
// PEP 508 requirement strings.

interface Requirement {
  name: string;
  /** The version part as written (`==1.22.0`, `>=2.3,<2.9`), empty when none. */
  specifiers: string;
  /** A direct reference (`name @ url`): no version can be known. */
  url: boolean;
  marker: boolean;
  /** Offset of the name inside the string. */
  offset: number;
}

/** Reads `name[extras] specifiers ; marker` or `name @ url`; undefined when it is not one. */
function parseRequirement(text: string): Requirement | undefined {
  const match = /^(\s*)([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(\[[^\]]*\])?\s*(.*)$/s.exec(text);
  if (!match) return undefined;
  const [, lead = '', name = '', , rest = ''] = match;
  const semicolon = rest.indexOf(';');
  const body = (semicolon < 0 ? rest : rest.slice(0, semicolon)).trim();
  const marker = semicolon >= 0 && rest.slice(semicolon + 1).trim().length > 0;
  if (body.startsWith('@')) return { name, specifiers: '', url: true, marker, offset: lead.length };
  const specifiers = body.replace(/^\((.*)\)$/s, '$1').trim();
  if (specifiers && !/^(~=|===|==|!=|<=|>=|<|>)/.test(specifiers)) return undefined;
  return { name, specifiers, url: false, marker, offset: lead.length };
}

/** A declaration from the requirements found for one package in one file. */
function fromRequirements(found: readonly Requirement[], source: DependencySource, file: ProjectFile, lines: LineIndex, offsets: readonly number[]): DeclaredVersion | undefined {
  const first = found[0];
  if (!first) return undefined;
  const position = lines.position(offsets[0] as number);
  const spec = found.map((r) => (r.url ? '@ <url>' : r.specifiers)).filter(Boolean).join(',');
  const base = { spec, source, file: file.path, line: position.line, column: position.column };
  // Several lines under different markers are alternatives; a URL pins nothing readable.
  if (found.some((r) => r.url) || (found.length > 1 && found.some((r) => r.marker))) return base;
  return { ...pep440Bounds(found.map((r) => r.specifiers).filter(Boolean).join(',')), ...base };
}

// ---------------------------------------------------------------------------------------------
// The files.

/** `requirements*.txt`: one requirement per logical line; options and includes are skipped. */
function readRequirementsFile(file: ProjectFile): DeclaredVersions {
  const text = file.text;
  const lines = new LineIndex(text);
  const byName = new Map<string, { found: Requirement[]; offsets: number[] }>();
  let offset = 0;
  const physical = text.split('\n');
  for (let i = 0; i < physical.length; i++) {
    const start = offset;
    let logical = physical[i] as string;
    offset += logical.length + 1;
    // A trailing backslash joins the next line.
    while (logical.endsWith('\\') && i + 1 < physical.length) {
      i += 1;
      logical = logical.slice(0, -1) + (physical[i] as string);
      offset += (physical[i] as string).length + 1;
    }
    // `#` starts a comment at the line start or after whitespace (a URL fragment keeps its `#`).
    const content = logical.replace(/(^|\s)#.*$/, '').replace(/\s--?[a-z][\w-]*(?:[= ]\S+)?/gi, '').replace(/\r$/, '');
    if (!content.trim() || content.trim().startsWith('-')) continue;
    const requirement = parseRequirement(content);
    if (!requirement) continue;
    const name = normalizeName(requirement.name);
    if (!(PACKAGES as readonly string[]).includes(name)) continue;
    const entry = byName.get(name) ?? { found: [], offsets: [] };
    entry.found.push(requirement);
    entry.offsets.push(start + requirement.offset);
    byName.set(name, entry);
  }
  const out: DeclaredVersions = {};
  for (const [name, { found, offsets }] of byName) {
    const declared = fromRequirements(found, 'requirements', file, lines, offsets);
    if (declared) out[name as PythonPackage] = declared;
  }
  return out;
}

function parseTomlSafely(text: string): Record<string, unknown> | undefined {
  try {
    return parseToml(text) as Record<string, unknown>;
  } catch {
    // A broken file is read as "no version known"; the install would fail on it anyway.
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `uv.lock` and `poetry.lock`: `[[package]]` tables with `name` and `version`. */
function readLockFile(file: ProjectFile): DeclaredVersions {
  const doc = parseTomlSafely(file.text);
  const packages = doc?.['package'];
  if (!Array.isArray(packages)) return {};
  const lines = new LineIndex(file.text);
  const out: DeclaredVersions = {};
  for (const name of PACKAGES) {
    const versions = packages.filter((p): p is Record<string, unknown> => isRecord(p) && typeof p['name'] === 'string' && normalizeName(p['name']) === name).map((p) => p['version']);
    if (versions.length === 0) continue;
    const found = new RegExp(`^\\s*name\\s*=\\s*["']${namePattern(name)}["']`, 'im').exec(file.text);
    const position = lines.position(found ? found.index + found[0].search(/name/i) : 0);
    const base = { source: 'lock' as const, file: file.path, line: position.line, column: position.column };
    const readable = versions.filter((v): v is string => typeof v === 'string' && parseVersion(v) !== undefined);
    if (readable.length !== versions.length) {
      out[name] = { ...base, spec: '' };
      continue;
    }
    // A lock may resolve a package twice (one per platform fork): then only the span is known.
    const sorted = [...new Set(readable)].sort((a, b) => compareVersions(a, b) ?? 0);
    const low = sorted[0] as string;
    const high = sorted[sorted.length - 1] as string;
    out[name] = sorted.length === 1 ? { ...base, exact: low, spec: low } : { ...base, lower: low, upper: high, exclusiveUpper: false, spec: sorted.join(' / ') };
  }
  return out;
}

/** `pyproject.toml`: PEP 621 `[project] dependencies`, else `[tool.poetry.dependencies]`. */
function readPyproject(file: ProjectFile): DeclaredVersions {
  const doc = parseTomlSafely(file.text);
  if (!doc) return {};
  const lines = new LineIndex(file.text);
  const out: DeclaredVersions = {};
  const project = doc['project'];
  const dependencies = isRecord(project) && Array.isArray(project['dependencies']) ? project['dependencies'].filter((d): d is string => typeof d === 'string') : [];
  const tool = doc['tool'];
  const poetry = isRecord(tool) && isRecord(tool['poetry']) && isRecord(tool['poetry']['dependencies']) ? tool['poetry']['dependencies'] : undefined;
  for (const name of PACKAGES) {
    const found: Requirement[] = [];
    const offsets: number[] = [];
    for (const dependency of dependencies) {
      const requirement = parseRequirement(dependency);
      if (!requirement || normalizeName(requirement.name) !== name) continue;
      found.push(requirement);
      offsets.push(locateString(file.text, dependency) + requirement.offset);
    }
    const declared = fromRequirements(found, 'pyproject', file, lines, offsets);
    if (declared) {
      out[name] = declared;
      continue;
    }
    const key = poetry ? Object.keys(poetry).find((k) => normalizeName(k) === name) : undefined;
    if (!poetry || key === undefined) continue;
    const value = poetry[key];
    const constraint = typeof value === 'string' ? value : isRecord(value) && typeof value['version'] === 'string' ? value['version'] : undefined;
    const header = /^\s*\[\s*tool\.poetry\.dependencies\s*\]/m.exec(file.text);
    const keyAt = new RegExp(`^\\s*["']?${namePattern(name)}["']?\\s*=`, 'im').exec(file.text.slice(header ? header.index + header[0].length : 0));
    const offset = keyAt ? (header ? header.index + header[0].length : 0) + keyAt.index + keyAt[0].search(/\S/) : 0;
    const position = lines.position(offset);
    out[name] = { ...(constraint !== undefined ? poetryBounds(constraint) : {}), spec: constraint ?? '', source: 'pyproject', file: file.path, line: position.line, column: position.column };
  }
  return out;
}

/** Offset of the first character inside the TOML string literal holding `value` (0 when not found). */
function locateString(text: string, value: string): number {
  for (const quote of ['"', "'"]) {
    const at = text.indexOf(`${quote}${value}${quote}`);
    if (at >= 0) return at + 1;
  }
  return 0;
}

/** The folder of a project path, with a trailing slash (empty at the root). */
function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash + 1);
}

/** The dependency files of one folder, most trusted first. */
function filesIn(project: LintProject, folder: string): Array<{ file: ProjectFile; read: (file: ProjectFile) => DeclaredVersions }> {
  const direct = project.files.filter((f) => folderOf(f.path) === folder);
  const named = (name: string): ProjectFile[] => direct.filter((f) => f.path === `${folder}${name}`);
  const plain = `${folder}requirements.txt`;
  const requirements = direct
    .filter((f) => /^requirements[^/]*\.txt$/i.test(f.path.slice(folder.length)))
    // `requirements.txt` is what the usual Dockerfile installs; variants follow by name.
    .sort((a, b) => Number(b.path === plain) - Number(a.path === plain) || (a.path < b.path ? -1 : 1));
  return [
    ...named('uv.lock').map((file) => ({ file, read: readLockFile })),
    ...named('poetry.lock').map((file) => ({ file, read: readLockFile })),
    ...requirements.map((file) => ({ file, read: readRequirementsFile })),
    ...named('pyproject.toml').map((file) => ({ file, read: readPyproject })),
  ];
}

const cache = new WeakMap<LintProject, Map<string, DeclaredVersions>>();

/**
 * The versions of `mcp` and `fastmcp` the project declares for the server in `near` (its
 * source files): the folders of those files first, nearest first, up to the project root; in
 * each folder `uv.lock`, `poetry.lock`, `requirements*.txt`, then `pyproject.toml`. The first
 * file that names a package decides it, even when it says nothing certain (a lock outranks a
 * looser range elsewhere).
 */
export function declaredPythonVersions(project: LintProject, near: readonly ProjectFile[] = []): DeclaredVersions {
  const folders = new Set<string>();
  for (const file of near) {
    let folder = folderOf(file.path);
    for (;;) {
      folders.add(folder);
      if (folder === '') break;
      folder = folderOf(folder.slice(0, -1));
    }
  }
  folders.add('');
  const ordered = [...folders].sort((a, b) => b.split('/').length - a.split('/').length || (a < b ? -1 : 1));
  const key = ordered.join('\n');
  const perProject = cache.get(project) ?? new Map<string, DeclaredVersions>();
  cache.set(project, perProject);
  const cached = perProject.get(key);
  if (cached) return cached;
  const out: DeclaredVersions = {};
  for (const folder of ordered) {
    for (const { file, read } of filesIn(project, folder)) {
      const declared = read(file);
      for (const name of PACKAGES) if (out[name] === undefined && declared[name]) out[name] = declared[name];
    }
  }
  perProject.set(key, out);
  return out;
}
