import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/model/errors.js';
import { collectProjectFiles } from '../../src/lint/collect-files.js';

/**
 * The file collection under `mcp-doctor lint`: what it reads, what it skips on purpose, that it
 * never leaves the folder through a symbolic link, and its limits. Plus the lint path's imports:
 * nothing that talks to a network.
 */

let base: string;
let root: string;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'mcp-doctor-collect-'));
  root = join(base, 'project');
  const files: Record<string, string> = {
    'main.py': 'print(1)\n',
    'src/server.ts': 'export {};\n',
    '.bedrock_agentcore.yaml': 'agents: {}\n',
    'Dockerfile': 'FROM python\n',
    'deploy/Dockerfile.prod': 'FROM python\n',
    'agentcore/agentcore.json': '{}\n',
    'README.md': '# not read\n',
    'image.png': 'not read',
    'node_modules/pkg/index.js': 'module.exports = 1;\n',
    '.venv/lib/site.py': 'x = 1\n',
    '__pycache__/main.py': 'x = 1\n',
    'dist/cli.js': 'x\n',
    'big.py': `# ${'x'.repeat(2048)}\n`,
    'binary.json': 'ab\u0000cd',
    'bom.py': '\uFEFFprint(2)\n',
    'uv.lock': 'version = 1\n',
    'services/api/poetry.lock': '[metadata]\n',
    'yarn.lock': '# not read\n',
  };
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
  await writeFile(join(base, 'secret.py'), 'TOKEN = "outside"\n');
  await mkdir(join(base, 'outside-dir'));
  await writeFile(join(base, 'outside-dir', 'leak.py'), 'x = 1\n');
  await symlink(join(base, 'secret.py'), join(root, 'escape.py'));
  await symlink(join(base, 'outside-dir'), join(root, 'escape-dir'));
  await symlink(join(root, 'main.py'), join(root, 'alias.py'));
  await symlink(root, join(root, 'src', 'loop'));
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('collectProjectFiles', () => {
  it('reads source and configuration files, skips dependencies, build output, links out and binaries', async () => {
    const collected = await collectProjectFiles(root, { maxFiles: 100, maxBytesPerFile: 1024, maxDepth: 8 });
    expect(collected.files.map((f) => f.path).sort()).toEqual(['.bedrock_agentcore.yaml', 'Dockerfile', 'agentcore/agentcore.json', 'alias.py', 'bom.py', 'deploy/Dockerfile.prod', 'main.py', 'services/api/poetry.lock', 'src/server.ts', 'uv.lock']);
    expect(collected.tooLarge).toEqual(['big.py']);
    expect(collected.truncated).toBe(false);
    expect(collected.files.find((f) => f.path === 'bom.py')?.text).toBe('print(2)\n');
    expect(collected.files.some((f) => f.text.includes('outside'))).toBe(false);
  });

  it('stops at the file limit and says so', async () => {
    const collected = await collectProjectFiles(root, { maxFiles: 3, maxBytesPerFile: 1024, maxDepth: 8 });
    expect(collected.files.length).toBe(3);
    expect(collected.truncated).toBe(true);
  });

  it('does not enter folders past the depth limit', async () => {
    const collected = await collectProjectFiles(root, { maxFiles: 100, maxBytesPerFile: 1024, maxDepth: 0 });
    expect(collected.files.every((f) => !f.path.includes('/'))).toBe(true);
  });

  it.each([
    ['a missing folder', () => join(base, 'missing'), /cannot read the project folder .*ENOENT/],
    ['a file', () => join(root, 'main.py'), /is not a folder/],
  ])('%s is a usage error', async (_name, path, message) => {
    const error = await collectProjectFiles(path()).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
  });
});

describe('the lint path stays offline and light', () => {
  const HEAVY = /^(undici|proxy-agent|jose|@aws-sdk\/|@smithy\/|@aws-crypto\/|@modelcontextprotocol\/)/;

  it('no module reachable from the lint command imports a network or SDK package', async () => {
    const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
    const seen = new Set<string>();
    const packages = new Set<string>();
    const visit = async (file: string): Promise<void> => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = await readFile(file, 'utf8');
      for (const match of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g)) {
        const specifier = match[1] as string;
        if (specifier.startsWith('.')) await visit(resolve(dirname(file), specifier));
        else packages.add(specifier);
      }
    };
    await visit(join(dist, 'cli', 'lint-command.js'));
    expect(seen.has(join(dist, 'lint', 'run-lint.js'))).toBe(true);
    expect(packages.has('@lezer/python')).toBe(true);
    expect([...packages].filter((p) => HEAVY.test(p))).toEqual([]);
  });
});
