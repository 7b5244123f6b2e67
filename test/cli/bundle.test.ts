import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanUp, runNode } from '../../scripts/bench-process.js';
import { readBundleMetafile } from '../../scripts/bundle-packages.js';
import { CLI_PATH } from '../helpers/run-cli.js';

/**
 * The bundled executable loads only the chunks a command needs. A module hook records every file
 * the child loads; the build's metafile says which packages each chunk holds. `--version` and
 * `explain` must load none of the heavy ones, and the full parser must (so the probe can see them).
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const HEAVY = /^(@aws-sdk\/|@smithy\/|@modelcontextprotocol\/|undici$|jose$|yargs$|zod$)/;

afterAll(cleanUp);

describe('the bundled executable', () => {
  it.each([
    { name: '--version', args: ['--version'] },
    { name: 'explain a code', args: ['explain', 'SERVER_STATEFUL'] },
    { name: 'explain --list', args: ['explain', '--list'] },
  ])('$name loads no SDK, undici, jose, zod or yargs', async ({ args }) => {
    const run = await runNode([CLI_PATH, ...args], { trackImports: true, env: { NO_COLOR: '1' } });
    expect(run.code).toBe(0);
    expect(run.imports?.filter((name) => HEAVY.test(name))).toEqual([]);
  });

  it('the full command line does load yargs (the probe sees what a chunk holds)', async () => {
    const run = await runNode([CLI_PATH, 'explain', '--checks'], { trackImports: true, env: { NO_COLOR: '1' } });
    expect(run.code).toBe(0);
    expect(run.imports).toContain('yargs');
  });

  it('every shipped chunk is described by the build metafile', async () => {
    const known = new Set(Object.keys(readBundleMetafile().outputs));
    const chunks = await readdir(join(root, 'dist', 'bundle', 'chunks'));
    expect(chunks.length).toBeGreaterThan(0);
    expect(chunks.filter((chunk) => !known.has(join('dist', 'bundle', 'chunks', chunk)))).toEqual([]);
  });
});
