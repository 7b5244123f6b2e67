import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as outputGuard from '../../src/security/output-guard.js';
import { FileReadError, readBoundedFile, readBoundedText, readBoundedTextSync } from '../../src/security/read-bounded.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { unixSocket } from '../helpers/special-files.js';

const dir = makeTempDir('read-limits');
const project = join(dir, 'project');
mkdirSync(project);
writeFileSync(join(project, 'ten.txt'), '0123456789');
writeFileSync(join(project, 'bom.txt'), '\uFEFFa\uFEFFb');
writeFileSync(join(project, 'inner-bom.txt'), 'a\uFEFFb');
writeFileSync(join(dir, 'outside.txt'), 'outside');
symlinkSync('ten.txt', join(project, 'link.txt'));
symlinkSync(join(dir, 'outside.txt'), join(project, 'escape.txt'));
symlinkSync(project, join(dir, 'project-link'));
// One byte over 2 MiB: large enough to be over every cap of the size table below.
writeFileSync(join(dir, 'big.bin'), Buffer.alloc(2 * 1024 * 1024 + 1));

async function failure(promise: Promise<unknown>): Promise<FileReadError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof FileReadError)) throw new Error(`expected a FileReadError, got ${String(error)}`);
  return error;
}

/** The message of the rejection of `promise` (a module loaded with a substitute has its own error classes). */
async function rejectionMessage(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Error) || error.name !== 'UsageError') throw new Error(`expected a UsageError, got ${String(error)}`);
  return error.message;
}

function syncFailure(read: () => unknown): FileReadError {
  try {
    read();
  } catch (error) {
    if (error instanceof FileReadError) return error;
    throw new Error(`expected a FileReadError, got ${String(error)}`);
  }
  throw new Error('expected the read to fail');
}

/**
 * The caps of a bounded read: the byte cap on both sides, its wording in the message (bytes, KiB,
 * MiB), the label as messages show it (one line, 300 characters), the byte-order mark, and which
 * failures count as a missing file.
 */
describe('bounded reads of real files', () => {
  it.each([
    [9, 'larger than 9 bytes'],
    [10, undefined],
    [11, undefined],
  ])('a 10-byte file with a cap of %i bytes: %s', async (maxBytes, reason) => {
    const path = join(project, 'ten.txt');
    if (reason === undefined) {
      expect((await readBoundedFile(path, { label: 'f', maxBytes })).toString()).toBe('0123456789');
      expect(readBoundedTextSync(path, { label: 'f', maxBytes })).toBe('0123456789');
    } else {
      expect((await failure(readBoundedFile(path, { label: 'f', maxBytes }))).message).toBe(`f: cannot read (${reason})`);
      expect(syncFailure(() => readBoundedTextSync(path, { label: 'f', maxBytes })).message).toBe(`f: cannot read (${reason})`);
    }
  });

  it.each([
    [0, '0 bytes'],
    [1, '1 bytes'],
    [1023, '1023 bytes'],
    [1024, '1 KiB'],
    [1025, '1025 bytes'],
    [2048, '2 KiB'],
    [1024 * 1024 - 1, '1048575 bytes'],
    [1024 * 1024, '1 MiB'],
    [1024 * 1024 + 1024, '1025 KiB'],
    [2 * 1024 * 1024, '2 MiB'],
  ])('a cap of %i is named as %s', async (maxBytes, shown) => {
    const error = await failure(readBoundedFile(join(dir, 'big.bin'), { label: 'f', maxBytes }));
    expect(error.reason).toBe(`larger than ${shown}`);
    expect(error.missing).toBe(false);
  });

  it('strips only a leading byte-order mark from text', async () => {
    expect(await readBoundedText(join(project, 'bom.txt'), { label: 'f', maxBytes: 100 })).toBe('a\uFEFFb');
    expect(readBoundedTextSync(join(project, 'bom.txt'), { label: 'f', maxBytes: 100 })).toBe('a\uFEFFb');
    expect(await readBoundedText(join(project, 'inner-bom.txt'), { label: 'f', maxBytes: 100 })).toBe('a\uFEFFb');
    expect(readBoundedTextSync(join(project, 'inner-bom.txt'), { label: 'f', maxBytes: 100 })).toBe('a\uFEFFb');
    expect((await readBoundedFile(join(project, 'bom.txt'), { label: 'f', maxBytes: 100 })).toString()).toBe('\uFEFFa\uFEFFb');
  });

  it('names the file on one line, cut to 300 characters', async () => {
    const missing = join(project, 'absent');
    const long = 'x'.repeat(400);
    expect((await failure(readBoundedFile(missing, { label: 'a\nb', maxBytes: 10 }))).message).toBe('a b: cannot read (no such file)');
    expect((await failure(readBoundedFile(missing, { label: long, maxBytes: 10 }))).message).toBe(`${'x'.repeat(300)}: cannot read (no such file)`);
    expect(syncFailure(() => readBoundedTextSync(missing, { label: 'a\nb', maxBytes: 10 })).message).toBe('a b: cannot read (no such file)');
    expect(syncFailure(() => readBoundedTextSync(missing, { label: long, maxBytes: 10 })).message).toBe(`${'x'.repeat(300)}: cannot read (no such file)`);
  });

  it.each([
    ['a missing file', () => join(project, 'absent'), 'no such file', true],
    ['a path through a file (ENOTDIR)', () => join(project, 'ten.txt', 'child'), 'no such file', true],
    ['a directory', () => project, 'is a directory', false],
    ['a file over the cap', () => join(dir, 'big.bin'), 'larger than 10 bytes', false],
  ])('%s: reason and missing flag', async (_name, path, reason, missing) => {
    const error = await failure(readBoundedFile(path(), { label: 'f', maxBytes: 10 }));
    expect(error.reason).toBe(reason);
    expect(error.missing).toBe(missing);
    const syncError = syncFailure(() => readBoundedTextSync(path(), { label: 'f', maxBytes: 10 }));
    expect(syncError.reason).toBe(reason);
    expect(syncError.missing).toBe(missing);
  });

  it('the synchronous form refuses a Unix socket', async () => {
    const path = join(dir, 'sync.sock');
    const server = await unixSocket(path);
    try {
      expect(syncFailure(() => readBoundedTextSync(path, { label: 'f', maxBytes: 10 })).reason).toBe('is a socket, not a regular file');
    } finally {
      server.close();
    }
  });

  it('the synchronous form closes every file it opens, on success and on failure', () => {
    const before = readdirSync('/proc/self/fd').length;
    for (let i = 0; i < 5; i++) {
      expect(readBoundedTextSync(join(project, 'ten.txt'), { label: 'f', maxBytes: 10 })).toBe('0123456789');
      expect(syncFailure(() => readBoundedTextSync(join(project, 'ten.txt'), { label: 'f', maxBytes: 9 })).reason).toBe('larger than 9 bytes');
    }
    expect(readdirSync('/proc/self/fd').length).toBe(before);
  });
});

/** With a root, the real path (symlinks resolved) must lie inside the real root; both forms agree. */
describe('the root folder', () => {
  const outside = 'a symbolic link that leads out of the project folder';

  it.each([
    ['a file', 'ten.txt'],
    ['a symlink inside', 'link.txt'],
  ])('reads %s inside the root', async (_name, file) => {
    expect((await readBoundedFile(join(project, file), { label: 'f', maxBytes: 10, root: project })).toString()).toBe('0123456789');
    expect(readBoundedTextSync(join(project, file), { label: 'f', maxBytes: 10, root: project })).toBe('0123456789');
  });

  it('resolves a root that is itself a symlink', async () => {
    const root = join(dir, 'project-link');
    expect((await readBoundedFile(join(root, 'ten.txt'), { label: 'f', maxBytes: 10, root })).toString()).toBe('0123456789');
    expect(readBoundedTextSync(join(root, 'ten.txt'), { label: 'f', maxBytes: 10, root })).toBe('0123456789');
  });

  it('refuses a symlink out of the root', async () => {
    const path = join(project, 'escape.txt');
    const error = await failure(readBoundedFile(path, { label: 'f', maxBytes: 10, root: project }));
    expect(error.message).toBe(`f: cannot read (${outside})`);
    expect(error.missing).toBe(false);
    expect(syncFailure(() => readBoundedTextSync(path, { label: 'f', maxBytes: 10, root: project })).message).toBe(`f: cannot read (${outside})`);
  });

  it('a root that does not exist holds nothing', async () => {
    const error = await failure(readBoundedFile(join(project, 'ten.txt'), { label: 'f', maxBytes: 10, root: join(dir, 'no-such-root') }));
    expect(error.reason).toBe(outside);
  });

  it('a missing file under a root is missing, not outside', async () => {
    const path = join(project, 'absent');
    const error = await failure(readBoundedFile(path, { label: 'f', maxBytes: 10, root: project }));
    expect([error.reason, error.missing]).toStrictEqual(['no such file', true]);
    const syncError = syncFailure(() => readBoundedTextSync(path, { label: 'f', maxBytes: 10, root: project }));
    expect([syncError.reason, syncError.missing]).toStrictEqual(['no such file', true]);
  });
});

interface FakeHandle {
  stat: () => Promise<unknown>;
  read: (buffer: Buffer, offset: number, length: number, position: null) => Promise<{ bytesRead: number }>;
  close: () => Promise<void>;
}

/** A `stat` answer of one kind, for the kinds a test machine cannot open (block devices) or stat (sockets). */
function statsOf(kind: 'file' | 'block' | 'socket' | 'other') {
  return { isFile: () => kind === 'file', isDirectory: () => false, isFIFO: () => false, isCharacterDevice: () => false, isBlockDevice: () => kind === 'block', isSocket: () => kind === 'socket' };
}

/**
 * Reloads read-bounded alone: the output guard (and the redactor behind it) stays the instance
 * loaded at the top, so no other module is evaluated again inside a test.
 */
function resetReadBounded(): void {
  vi.resetModules();
  vi.doMock('../../src/security/output-guard.js', () => outputGuard);
}

/** Loads read-bounded with `open` from node:fs/promises replaced. */
async function withOpen(open: (path: string, flags: number) => Promise<FakeHandle>): Promise<typeof import('../../src/security/read-bounded.js')> {
  resetReadBounded();
  vi.doMock('node:fs/promises', async (importOriginal) => ({ ...(await importOriginal<typeof import('node:fs/promises')>()), open }));
  return import('../../src/security/read-bounded.js');
}

/** A handle over `content` that hands out at most `step` bytes a read and records what was asked. */
function fakeFile(content: Buffer, step: number) {
  const asked: number[] = [];
  let position = 0;
  let closed = 0;
  const handle: FakeHandle = {
    stat: async () => statsOf('file'),
    read: async (buffer, offset, length) => {
      asked.push(length);
      const n = Math.min(step, length, content.length - position);
      content.copy(buffer, offset, position, position + n);
      position += n;
      return { bytesRead: n };
    },
    close: async () => {
      closed += 1;
    },
  };
  return { handle, asked, closed: () => closed };
}

/**
 * What a real file system rarely shows: permission errors (the tests may run as root), block
 * devices, the deadline, and how much the reader asks for at a time (never more than the cap
 * leaves plus one byte, and at most 64 KiB), so a huge cap never means a huge buffer.
 */
describe('bounded reads through a substituted file handle', () => {
  afterEach(() => {
    vi.doUnmock('node:fs/promises');
    vi.doUnmock('node:fs');
    vi.doUnmock('../../src/security/output-guard.js');
    vi.resetModules();
    vi.useRealTimers();
  });

  it.each([
    ['EACCES', 'permission denied'],
    ['EPERM', 'permission denied'],
    ['EISDIR', 'is a directory'],
    ['ENXIO', 'is a socket, not a regular file'],
    ['ENOTDIR', 'no such file'],
    ['EIO', 'EIO'],
    [undefined, 'unreadable'],
  ])('an open failing with %s reads as "%s"', async (code, reason) => {
    const { readBoundedFile: read, FileReadError: ErrorClass } = await withOpen(async () => {
      throw Object.assign(new Error('open failed'), { code });
    });
    const error = await read('/x', { label: 'f', maxBytes: 10 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ErrorClass);
    expect((error as Error).message).toBe(`f: cannot read (${reason})`);
  });

  it.each([
    ['block', 'is a block device, not a regular file'],
    ['socket', 'is a socket, not a regular file'],
  ] as const)('refuses a %s device found by stat', async (kind, reason) => {
    const { readBoundedFile: read } = await withOpen(async () => ({ ...fakeFile(Buffer.alloc(0), 1).handle, stat: async () => statsOf(kind) }));
    expect(await rejectionMessage(read('/x', { label: 'f', maxBytes: 10 }))).toBe(`f: cannot read (${reason})`);
  });

  it('refuses anything else that is not a regular file', async () => {
    const { readBoundedFile: read } = await withOpen(async () => ({ ...fakeFile(Buffer.alloc(0), 1).handle, stat: async () => statsOf('other') }));
    expect(await rejectionMessage(read('/x', { label: 'f', maxBytes: 10 }))).toMatch(/^f: cannot read \(is not a regular file/);
  });

  it('asks for the cap plus one byte, minus what it already has', async () => {
    const file = fakeFile(Buffer.from('0123456789'), 3);
    const { readBoundedFile: read } = await withOpen(async () => file.handle);
    expect((await read('/x', { label: 'f', maxBytes: 100 })).toString()).toBe('0123456789');
    expect(file.asked).toStrictEqual([101, 98, 95, 92, 91]);
    expect(file.closed()).toBe(1);
  });

  it('asks for at most 64 KiB at a time', async () => {
    const file = fakeFile(Buffer.from('0123456789'), 10);
    const { readBoundedFile: read } = await withOpen(async () => file.handle);
    expect((await read('/x', { label: 'f', maxBytes: 1024 * 1024 })).toString()).toBe('0123456789');
    expect(file.asked).toStrictEqual([64 * 1024, 64 * 1024]);
  });

  it('closes the file and clears the deadline when the file is too large', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const file = fakeFile(Buffer.from('0123456789'), 4);
    const { readBoundedFile: read } = await withOpen(async () => file.handle);
    expect(await rejectionMessage(read('/x', { label: 'f', maxBytes: 5 }))).toBe('f: cannot read (larger than 5 bytes)');
    expect(file.asked).toStrictEqual([6, 2]);
    expect(file.closed()).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('clears the deadline after a successful read', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const file = fakeFile(Buffer.from('ok'), 10);
    const { readBoundedFile: read } = await withOpen(async () => file.handle);
    expect((await read('/x', { label: 'f', maxBytes: 10 })).toString()).toBe('ok');
    expect(vi.getTimerCount()).toBe(0);
  });

  it.each([
    ['stat', { stat: () => new Promise<never>(() => undefined) }],
    ['read', { read: () => new Promise<never>(() => undefined) }],
  ])('gives up when %s never answers, at the default deadline of 10 s', async (_stage, stuck) => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const file = fakeFile(Buffer.from('ok'), 10);
    const { readBoundedFile: read } = await withOpen(async () => ({ ...file.handle, ...stuck }));
    let outcome: unknown = 'pending';
    void read('/x', { label: 'f', maxBytes: 10 }).catch((e: unknown) => {
      outcome = e;
    });
    await vi.advanceTimersByTimeAsync(9_999);
    expect(outcome).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect((outcome as Error).message).toBe('f: cannot read (reading took longer than 10000 ms)');
    expect(file.closed()).toBe(1);
  });

  it('gives up at the deadline it is given', async () => {
    const { readBoundedFile: read } = await withOpen(async () => ({ ...fakeFile(Buffer.alloc(0), 1).handle, stat: () => new Promise<never>(() => undefined) }));
    expect(await rejectionMessage(read('/x', { label: 'f', maxBytes: 10, timeoutMs: 20 }))).toBe('f: cannot read (reading took longer than 20 ms)');
  });

  it('the synchronous form asks for the cap plus one byte, minus what it already has', async () => {
    const asked: number[] = [];
    resetReadBounded();
    vi.doMock('node:fs', async (importOriginal) => {
      const fs = await importOriginal<typeof import('node:fs')>();
      return {
        ...fs,
        readSync: (fd: number, buffer: Buffer, offset: number, length: number, position: null) => {
          asked.push(length);
          return fs.readSync(fd, buffer, offset, length, position);
        },
      };
    });
    const { readBoundedTextSync: readSync } = await import('../../src/security/read-bounded.js');
    expect(readSync(join(project, 'ten.txt'), { label: 'f', maxBytes: 100 })).toBe('0123456789');
    expect(readSync(join(project, 'ten.txt'), { label: 'f', maxBytes: 1024 * 1024 })).toBe('0123456789');
    expect(asked).toStrictEqual([101, 91, 64 * 1024, 64 * 1024]);
  });
});
