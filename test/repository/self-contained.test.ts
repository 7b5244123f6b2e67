import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// Build output and generated reports (all git-ignored), which quote the sources they describe.
const SKIP_DIRS = new Set(['node_modules', 'dist', '.git', 'coverage', 'reports']);
const CODE_FILE = /\.(?:[cm]?[jt]s|json|ya?ml|sh)$/;

/** Every code, script and config file of the repository (not node_modules, dist or docs prose). */
function listFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP_DIRS.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...listFiles(path));
    else if (CODE_FILE.test(entry.name) || relative(ROOT, dir) === '.ci' || (relative(ROOT, dir) === 'scripts' && !entry.name.includes('.'))) files.push(path);
  }
  return files;
}

/** Relative paths quoted in a file that climb out of the repository once resolved from the file's folder. */
export function pathsAboveRepository(file: string, text: string): string[] {
  const escapes: string[] = [];
  for (const match of text.matchAll(/(?:^|["'`\s(=:])((?:\.\.\/)+(?!\.\.?\/)[\w.@-][\w./@-]*)/gm)) {
    const path = match[1]!;
    // Shell scripts and package.json scripts run from the repository root; modules resolve from their folder.
    const base = /\.(?:[cm]?[jt]s)$/.test(file) ? dirname(file) : ROOT;
    const target = resolve(base, path);
    if (target !== ROOT.replace(/[\\/]$/, '') && !target.startsWith(ROOT.endsWith(sep) ? ROOT : ROOT + sep)) escapes.push(path);
  }
  for (const match of text.matchAll(/["'`](\/work\/[\w./-]+|[\w./-]*\/shared\/(?:schemas|reference)\/[\w./-]*)/g)) escapes.push(match[1]!);
  return [...new Set(escapes)];
}

describe('self-contained repository', () => {
  const files = listFiles(ROOT);

  it('finds the files it scans (tests, scripts, fixtures, sources, configs)', () => {
    const names = files.map((file) => relative(ROOT, file).split(sep).join('/'));
    for (const expected of ['package.json', 'vitest.config.ts', '.ci/run', 'scripts/bundle.mjs', 'test/helpers/junit-schema.ts']) expect(names).toContain(expected);
  });

  it('no test, script, fixture or config file refers to a path above the repository', () => {
    const offenders = files.flatMap((file) => pathsAboveRepository(file, readFileSync(file, 'utf8')).map((path) => `${relative(ROOT, file)}: ${path}`));
    expect(offenders).toEqual([]);
  });

  it('flags the kinds of reference that broke a plain clone', () => {
    const file = join(ROOT, 'test', 'report', 'junit.test.ts');
    // Built from parts so this file does not quote the paths it teaches the scanner to flag.
    const outside = `${'../'.repeat(3)}shared/schemas/junit-10.xsd`;
    const absolute = ['', 'work', 'shared', 'schemas', 'junit-10.xsd'].join('/');
    expect(pathsAboveRepository(file, `new URL('${outside}', import.meta.url)`)).toEqual([outside]);
    expect(pathsAboveRepository(file, `const xsd = '${absolute}';`)).toEqual([absolute]);
    expect(pathsAboveRepository(join(ROOT, '.ci', 'run'), `cp -r ${'..'}/shared shared`)).toEqual([`${'..'}/shared`]);
    expect(pathsAboveRepository(join(ROOT, 'package.json'), `"pretest": "cp ${'..'}/shared/x ."`)).toEqual([`${'..'}/shared/x`]);
    expect(pathsAboveRepository(file, "import { x } from '../../src/report/junit.js';")).toEqual([]);
  });

  it('vendors the JUnit schema with its licence header', () => {
    const xsd = readFileSync(join(ROOT, 'schemas', 'junit', 'junit-10.xsd'), 'utf8');
    expect(xsd).toMatch(/The MIT License[\s\S]*Permission is hereby granted/);
    expect(xsd).toContain('<xs:element name="testsuites">');
  });
});
