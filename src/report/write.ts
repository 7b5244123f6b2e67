import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../model/errors.js';
import { guardLine, guardOutput, type GuardOptions } from '../security/output-guard.js';
import type { Redactor } from '../security/redact.js';

/**
 * The sinks: the only places that write the doctor's text anywhere (stdout, stderr, report files,
 * the GitHub job summary). Every one redacts the run's secrets and passes the output guard, so no
 * caller can forget either.
 */

let runRedactor: Pick<Redactor, 'redact'> | undefined;

/** Registers the run's redactor: from now on every sink removes its secrets. */
export function useOutputRedactor(redactor: Pick<Redactor, 'redact'> | undefined): void {
  runRedactor = redactor;
}

function clean(text: string, options: GuardOptions): string {
  return guardOutput(runRedactor ? runRedactor.redact(text) : text, options);
}

/** Writes a report file (parent folders created); a path that cannot be written is a usage error. */
export async function writeReportFile(path: string, text: string, options: GuardOptions & { flag?: string } = {}): Promise<void> {
  const full = resolve(path);
  try {
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, clean(text, options), { encoding: 'utf8', mode: 0o644 });
  } catch (error) {
    throw new UsageError(`cannot write ${options.flag ? `${options.flag} ` : ''}${guardLine(path).slice(0, 200)}: ${describeWriteError(error)}`);
  }
}

/** Appends to a file the doctor does not own (the GitHub job summary). */
export async function appendReportFile(path: string, text: string, options: GuardOptions = {}): Promise<void> {
  try {
    await appendFile(path, clean(text, options));
  } catch (error) {
    throw new UsageError(`cannot append to ${guardLine(path).slice(0, 200)}: ${describeWriteError(error)}`);
  }
}

function describeWriteError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOSPC':
      return 'no space left on the device (ENOSPC)';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
    case 'EEXIST':
      return 'a part of the path is not a directory';
    case 'EROFS':
      return 'read-only file system';
    default:
      return code ?? 'unwritable';
  }
}

/** Writes to stdout and resolves once the text is flushed (pipes included). */
export function writeStdout(text: string, options: GuardOptions = {}): Promise<void> {
  const safe = clean(text, options);
  return new Promise((done) => {
    if (process.stdout.write(safe)) done();
    else process.stdout.once('drain', () => done());
  });
}

/** Writes one message (one or more lines) to stderr; every line is redacted and guarded. */
export function writeStderr(text: string): void {
  process.stderr.write(clean(text, {}));
}

/** Writes one single-line message to stderr: line breaks in quoted values are folded into spaces. */
export function writeStderrLine(text: string): void {
  process.stderr.write(`${safeLine(text)}\n`);
}

/**
 * Redraws a terminal status line (`\r`, erase line, text): the only control sequence the doctor
 * writes on purpose, with the text itself folded to one guarded line.
 */
export function writeStatusLine(stream: NodeJS.WritableStream, text: string, end = ''): void {
  stream.write(`\r\u001b[2K${safeLine(text)}${end}`);
}

/** `text` redacted and folded to one guarded line, for a stream the caller owns (tests pass their own). */
export function safeLine(text: string): string {
  return guardLine(runRedactor ? runRedactor.redact(text) : text);
}
