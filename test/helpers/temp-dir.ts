import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { TEMP_PREFIX } from './temp-guard.js';

export { TEMP_PREFIX };

const created: string[] = [];

// Registered when a test file first imports this module (vitest isolates each file's modules), so every
// folder made through makeTempDir in that file is removed once the file's tests are done.
afterAll(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Creates `<tmpdir>/mcp-doctor-<label>-XXXXXX`, removed after the importing test file finishes. */
export function makeTempDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `${TEMP_PREFIX}${label}-`));
  created.push(dir);
  return dir;
}
