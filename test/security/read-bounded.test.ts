import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/model/errors.js';
import { FileReadError, isInside, readBoundedFile, readBoundedTextSync } from '../../src/security/read-bounded.js';
import { fifo, unixSocket } from '../helpers/special-files.js';

const base = mkdtempSync(join(tmpdir(), 'mcp-doctor-read-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const project = join(base, 'project');
mkdirSync(project);
writeFileSync(join(base, 'secret.txt'), 'root:x:0:0:outside the project');
writeFileSync(join(project, 'ok.txt'), '\uFEFFhello');
writeFileSync(join(project, 'big.txt'), 'x'.repeat(101));
writeFileSync(join(project, 'exact.txt'), 'x'.repeat(100));
symlinkSync(join(base, 'secret.txt'), join(project, 'escape.json'));
symlinkSync('ok.txt', join(project, 'inside.txt'));
fifo(join(project, 'pipe.yaml'));

describe('readBoundedFile', () => {
  const read = (path: string, extra: { root?: string; maxBytes?: number } = {}) => readBoundedFile(path, { label: 'the file', maxBytes: extra.maxBytes ?? 100, ...(extra.root ? { root: extra.root } : {}) });

  it('reads a regular file up to and including the cap', async () => {
    expect((await read(join(project, 'exact.txt'))).length).toBe(100);
    expect((await read(join(project, 'ok.txt'))).toString('utf8')).toBe('\uFEFFhello');
  });

  it.each([
    ['one byte over the cap', () => join(project, 'big.txt'), 'larger than 100 bytes'],
    // stat() reports 0 bytes for /dev/zero: the cap must count bytes read, and devices are refused first.
    ['/dev/zero', () => '/dev/zero', 'is a character device, not a regular file'],
    ['a FIFO (would block a plain open forever)', () => join(project, 'pipe.yaml'), 'is a FIFO (named pipe), not a regular file'],
    ['a directory', () => project, 'is a directory'],
    ['a missing file', () => join(project, 'absent'), 'no such file'],
  ])('refuses %s with a one-line usage error', async (_name, path, reason) => {
    const error = await read(path()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileReadError);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as FileReadError).reason).toBe(reason);
    expect((error as Error).message).toBe(`the file: cannot read (${reason})`);
  });

  it('refuses a Unix socket', async () => {
    const path = join(base, 's.sock');
    const server = await unixSocket(path);
    try {
      await expect(read(path)).rejects.toThrow(/cannot read \(is a socket, not a regular file\)/);
    } finally {
      server.close();
    }
  });

  it('never follows a symlink out of the root folder, and quotes nothing of its target', async () => {
    const error = (await read(join(project, 'escape.json'), { root: project }).catch((e: unknown) => e)) as Error;
    expect(error.message).toBe('the file: cannot read (a symbolic link that leads out of the project folder)');
    expect(error.message).not.toContain('root:x');
    // Without a root (a path the user named), the same link is followed.
    expect((await read(join(project, 'escape.json'))).toString()).toContain('root:x');
    expect((await read(join(project, 'inside.txt'), { root: project })).toString()).toContain('hello');
  });

  it('the synchronous form applies the same rules', () => {
    expect(readBoundedTextSync(join(project, 'ok.txt'), { label: 'f', maxBytes: 100 })).toBe('hello');
    expect(() => readBoundedTextSync('/dev/zero', { label: 'f', maxBytes: 100 })).toThrow('f: cannot read (is a character device, not a regular file)');
    expect(() => readBoundedTextSync(join(project, 'pipe.yaml'), { label: 'f', maxBytes: 100 })).toThrow(/FIFO/);
    expect(() => readBoundedTextSync(join(project, 'big.txt'), { label: 'f', maxBytes: 100 })).toThrow(/larger than 100 bytes/);
    expect(() => readBoundedTextSync(join(project, 'escape.json'), { label: 'f', maxBytes: 100, root: project })).toThrow(/leads out of the project folder/);
  });

  it.each([
    ['/a/b', '/a/b', true],
    ['/a/b', '/a/b/c', true],
    ['/a/b', '/a/bc', false],
    ['/a/b', '/a', false],
    ['/a/b', '/a/b/../c', false],
  ])('isInside(%s, %s) is %s', (root, path, expected) => {
    expect(isInside(root, join(path))).toBe(expected);
  });
});
