import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { makeTempDir, TEMP_PREFIX } from '../helpers/temp-dir.js';
import { leftBehind, listTempFolders } from '../helpers/temp-guard.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function listTs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? listTs(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : []));
}

describe('temp folders', () => {
  it('leftBehind names only the folders that appeared during the run', () => {
    expect(leftBehind(['mcp-doctor-a', 'mcp-doctor-b'], ['mcp-doctor-b', 'mcp-doctor-c', 'mcp-doctor-a', 'mcp-doctor-0'])).toEqual(['mcp-doctor-0', 'mcp-doctor-c']);
    expect(leftBehind(['mcp-doctor-a'], ['mcp-doctor-a'])).toEqual([]);
  });

  it('makeTempDir creates a mcp-doctor-* folder the guard sees', () => {
    const dir = makeTempDir('guard');
    expect(existsSync(dir)).toBe(true);
    expect(dir.split(/[\\/]/).pop()).toMatch(new RegExp(`^${TEMP_PREFIX}guard-`));
    expect(listTempFolders()).toContain(dir.split(/[\\/]/).pop());
  });

  it('every test file that makes a temp folder by hand also removes it (others use makeTempDir)', () => {
    const offenders = listTs(join(ROOT, 'test'))
      // The helper removes its folders in afterAll; this file only quotes the pattern.
      .filter((file) => !file.endsWith(join('helpers', 'temp-dir.ts')) && file !== fileURLToPath(import.meta.url))
      .filter((file) => {
        const text = readFileSync(file, 'utf8');
        return /\bmkdtemp(?:Sync)?\(/.test(text) && !/\brm(?:Sync)?\(/.test(text);
      })
      .map((file) => relative(ROOT, file));
    expect(offenders).toEqual([]);
  });

  it('every hand-made temp folder carries the mcp-doctor- prefix the CI check looks for', () => {
    const unprefixed = listTs(join(ROOT, 'test')).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/mkdtemp(?:Sync)?\(join\(tmpdir\(\), '([^']*)'/g)].filter((m) => !m[1]!.startsWith(TEMP_PREFIX)).map((m) => `${relative(ROOT, file)}: ${m[1]}`),
    );
    expect(unprefixed).toEqual([]);
  });
});
