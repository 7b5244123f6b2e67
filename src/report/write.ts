import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/** The only place that writes report text to a file; parent folders are created. */
export async function writeReportFile(path: string, text: string): Promise<void> {
  const full = resolve(path);
  await mkdir(dirname(full), { recursive: true });
  await writeFile(full, text, { encoding: 'utf8', mode: 0o644 });
}

/** Writes to stdout and resolves once the text is flushed (pipes included). */
export function writeStdout(text: string): Promise<void> {
  return new Promise((done) => {
    if (process.stdout.write(text)) done();
    else process.stdout.once('drain', () => done());
  });
}
