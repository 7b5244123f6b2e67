import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILD_OUTPUTS, hashBuildInputs, isBuildCurrent, writeBuildStamp } from '../../scripts/build-if-stale.mjs';
import { makeTempDir } from '../helpers/temp-dir.js';

function makeProject(): string {
  const root = makeTempDir('stale');
  mkdirSync(join(root, 'src', 'report'), { recursive: true });
  mkdirSync(join(root, 'dist', 'bundle'), { recursive: true });
  writeFileSync(join(root, 'src', 'cli.ts'), 'export const a = 1;\n');
  writeFileSync(join(root, 'src', 'report', 'json.ts'), 'export const b = 2;\n');
  writeFileSync(join(root, 'package.json'), '{"name":"x"}\n');
  writeFileSync(join(root, 'tsconfig.json'), '{}\n');
  for (const output of BUILD_OUTPUTS) writeFileSync(join(root, output), '// built\n');
  return root;
}

describe('npm start / npm test build only when the build inputs changed', () => {
  it('a fresh build is current; a second check agrees without building', () => {
    const root = makeProject();
    expect(isBuildCurrent(root)).toBe(false);
    writeBuildStamp(root, hashBuildInputs(root));
    expect(isBuildCurrent(root)).toBe(true);
  });

  it.each([
    ['a source file changes', (root: string) => writeFileSync(join(root, 'src', 'report', 'json.ts'), 'export const b = 3;\n')],
    ['a source file is added', (root: string) => writeFileSync(join(root, 'src', 'new.ts'), '\n')],
    ['a source file is removed', (root: string) => rmSync(join(root, 'src', 'cli.ts'))],
    ['the lock file appears', (root: string) => writeFileSync(join(root, 'package-lock.json'), '{}\n')],
    ['the TypeScript configuration changes', (root: string) => writeFileSync(join(root, 'tsconfig.json'), '{"compilerOptions":{}}\n')],
    ['the bundle is deleted', (root: string) => rmSync(join(root, 'dist', 'bundle'), { recursive: true })],
  ])('is stale when %s', (_name, change) => {
    const root = makeProject();
    writeBuildStamp(root, hashBuildInputs(root));
    change(root);
    expect(isBuildCurrent(root)).toBe(false);
  });

  it('ignores what the build does not read (tests, docs)', () => {
    const root = makeProject();
    writeBuildStamp(root, hashBuildInputs(root));
    mkdirSync(join(root, 'test'));
    writeFileSync(join(root, 'test', 'a.test.ts'), '\n');
    writeFileSync(join(root, 'README.md'), '# x\n');
    expect(isBuildCurrent(root)).toBe(true);
  });
});
