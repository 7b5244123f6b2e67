import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, type Stats } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import { isAbsolute, relative, sep } from 'node:path';
import { UsageError } from '../model/errors.js';
import { guardLine } from './output-guard.js';

/**
 * The one way the doctor reads a file the user named or a project holds (token, CA bundle, config,
 * baseline, lint sources, project config). A path can name anything: `/dev/zero` never ends, a
 * FIFO blocks a plain open forever, a symlink can lead out of the project into `~/.aws`. So: open
 * without blocking, refuse anything but a regular file, read at most `maxBytes` whatever `stat`
 * claims (devices and /proc files report 0), and give up at a deadline.
 */

/** How to read one file. */
export interface BoundedReadOptions {
  /** How messages name the file: `--token-file token.txt`, `.bedrock_agentcore.yaml`. */
  label: string;
  /** Largest accepted file; one byte more is an error. */
  maxBytes: number;
  /** Deadline for the whole read (default 10 s). */
  timeoutMs?: number;
  /** When set, the file's real path (symlinks resolved) must lie inside this folder. */
  root?: string;
}

/** Default deadline of one file read. */
export const FILE_READ_DEADLINE_MS = 10_000;

const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);
const CHUNK = 64 * 1024;

/** Why a file could not be read; `reason` is the part after "cannot read", for callers' own wording. */
export class FileReadError extends UsageError {
  constructor(
    name: string,
    readonly reason: string,
    /** The file is not there (a caller may treat it as optional). */
    readonly missing = false,
  ) {
    super(`${name}: cannot read (${reason})`);
  }
}

/** Reads a regular file as bytes within `options`; every failure is a one-line `UsageError`. */
export async function readBoundedFile(path: string, options: BoundedReadOptions): Promise<Buffer> {
  const name = guardLine(options.label).slice(0, 300);
  const target = options.root === undefined ? path : await realInside(path, options.root, name);
  let handle;
  try {
    handle = await open(target, OPEN_FLAGS);
  } catch (error) {
    throw openError(error, name);
  }
  const deadline = options.timeoutMs ?? FILE_READ_DEADLINE_MS;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new FileReadError(name, `reading took longer than ${deadline} ms`)), deadline);
  });
  try {
    const info = await Promise.race([handle.stat(), timeout]);
    refuseIrregular(info, name);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buffer = Buffer.allocUnsafe(Math.min(CHUNK, options.maxBytes + 1 - total));
      const { bytesRead } = await Promise.race([handle.read(buffer, 0, buffer.length, null), timeout]);
      if (bytesRead === 0) break;
      chunks.push(buffer.subarray(0, bytesRead));
      total += bytesRead;
      if (total > options.maxBytes) throw tooLarge(name, options.maxBytes);
    }
    return Buffer.concat(chunks, total);
  } finally {
    clearTimeout(timer);
    await handle.close().catch(() => undefined);
  }
}

/** `readBoundedFile` as UTF-8 text without a leading byte-order mark. */
export async function readBoundedText(path: string, options: BoundedReadOptions): Promise<string> {
  return (await readBoundedFile(path, options)).toString('utf8').replace(/^\uFEFF/, '');
}

/**
 * The synchronous form, for settings built synchronously (the CA bundle). Without a deadline: it
 * reads regular files only, which never block the way devices and FIFOs do.
 */
export function readBoundedTextSync(path: string, options: Omit<BoundedReadOptions, 'timeoutMs'>): string {
  const name = guardLine(options.label).slice(0, 300);
  let target = path;
  if (options.root !== undefined) {
    try {
      target = realpathSync(path);
    } catch (error) {
      throw openError(error, name);
    }
    if (!isInside(realpathSync(options.root), target)) throw outside(name);
  }
  let fd: number;
  try {
    fd = openSync(target, OPEN_FLAGS);
  } catch (error) {
    throw openError(error, name);
  }
  try {
    refuseIrregular(fstatSync(fd), name);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buffer = Buffer.allocUnsafe(Math.min(CHUNK, options.maxBytes + 1 - total));
      const bytesRead = readSync(fd, buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      chunks.push(buffer.subarray(0, bytesRead));
      total += bytesRead;
      if (total > options.maxBytes) throw tooLarge(name, options.maxBytes);
    }
    return Buffer.concat(chunks, total).toString('utf8').replace(/^\uFEFF/, '');
  } finally {
    closeSync(fd);
  }
}

/** The real path of `path`, which must lie inside the real path of `root`. */
async function realInside(path: string, root: string, name: string): Promise<string> {
  let real: string;
  try {
    real = await realpath(path);
  } catch (error) {
    throw openError(error, name);
  }
  const realRoot = await realpath(root).catch(() => root);
  if (!isInside(realRoot, real)) throw outside(name);
  return real;
}

/** True when `path` is `root` or below it. */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

function outside(name: string): FileReadError {
  return new FileReadError(name, 'a symbolic link that leads out of the project folder');
}

function tooLarge(name: string, maxBytes: number): FileReadError {
  return new FileReadError(name, `larger than ${formatBytes(maxBytes)}`);
}

function refuseIrregular(info: Stats, name: string): void {
  if (info.isFile()) return;
  if (info.isDirectory()) throw new FileReadError(name, 'is a directory');
  const kind = info.isFIFO() ? 'a FIFO (named pipe)' : info.isCharacterDevice() ? 'a character device' : info.isBlockDevice() ? 'a block device' : info.isSocket() ? 'a socket' : undefined;
  throw new FileReadError(name, kind === undefined ? 'is not a regular file' : `is ${kind}, not a regular file`);
}

function openError(error: unknown, name: string): FileReadError {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new FileReadError(name, 'no such file', true);
    case 'EACCES':
    case 'EPERM':
      return new FileReadError(name, 'permission denied');
    case 'ENXIO':
      // Opening a Unix socket fails this way.
      return new FileReadError(name, 'is a socket, not a regular file');
    case 'EISDIR':
      return new FileReadError(name, 'is a directory');
    default:
      return new FileReadError(name, code ?? 'unreadable');
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : bytes >= 1024 && bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`;
}
