import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanUp, runNode } from '../../scripts/bench-process.js';
import { readBundleMetafile } from '../../scripts/bundle-packages.js';
import { createStatelessApp } from '../../src/sim/containers/mcp-app.js';
import { listenLocal } from '../../src/sim/listen.js';
import { CLI_PATH } from '../helpers/run-cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';

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

  it('a URL diagnosis runs on the bundled undici alone: no jose, no TLS or HTTP/2, and never Node\'s own copy behind the fetch globals', async () => {
    const server = await listenLocal(createStatelessApp());
    const builtins = join(makeTempDir('bundle-builtins'), 'builtins.txt');
    try {
      const preload = fileURLToPath(new URL('../helpers/record-builtins.cjs', import.meta.url));
      const run = await runNode(['-r', preload, CLI_PATH, server.url, '--format', 'json'], { trackImports: true, env: { NO_COLOR: '1', MCP_DOCTOR_TEST_BUILTINS: builtins } });
      expect(run.code).toBe(0);
      expect((JSON.parse(run.stdout) as { summary: { verdict: string } }).summary.verdict).toBe('healthy');
      expect(run.imports).toEqual(expect.arrayContaining(['undici', '@modelcontextprotocol/sdk']));
      expect(run.imports).not.toContain('jose');
      const loaded = (await readFile(builtins, 'utf8')).split('\n');
      expect(loaded).toContain('NativeModule net');
      expect(loaded).not.toContain('NativeModule internal/deps/undici/undici');
      // Plain HTTP without --ca-file needs neither TLS nor undici's HTTP/2 client.
      expect(loaded.filter((entry) => /^NativeModule (?:tls|https|http2)$/.test(entry))).toEqual([]);
    } finally {
      await server.stop();
    }
  });

  it('a diagnosis runs zod without its per-schema code generation, through the global zod reads when it loads', async () => {
    const server = await listenLocal(createStatelessApp());
    const dir = makeTempDir('bundle-zod');
    const preload = join(dir, 'zod-config.mjs');
    const seen = join(dir, 'zod-config.json');
    await writeFile(preload, `import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(${JSON.stringify(seen)}, JSON.stringify(globalThis.__zod_globalConfig ?? null)));\n`);
    try {
      const run = await runNode(['--import', pathToFileURL(preload).href, CLI_PATH, server.url, '--format', 'json'], { env: { NO_COLOR: '1' } });
      expect(run.code).toBe(0);
      expect(JSON.parse(await readFile(seen, 'utf8'))).toMatchObject({ jitless: true });
    } finally {
      await server.stop();
    }
    // The installed zod takes its configuration from that global (a rename would silently undo this).
    const probe = await runNode(['--input-type=module', '-e', "globalThis.__zod_globalConfig = { jitless: true }; const { config } = await import('zod'); console.log(JSON.stringify(config()));"], { cwd: root });
    expect(JSON.parse(probe.stdout)).toMatchObject({ jitless: true });
  });

  it('help text is laid out with the deferred string widths', async () => {
    const run = await runNode([CLI_PATH, '--help'], { env: { NO_COLOR: '1', COLUMNS: '100' } });
    expect(run.code).toBe(0);
    // cliui measures every option name to start all descriptions in one column, and right-aligns
    // the type tags at the terminal width: both take string-width, which the bundle defers.
    const options = run.stdout.split('\n').filter((line) => /^ +--[a-z-]+ {2,}\S/.test(line));
    expect(options.length).toBeGreaterThan(10);
    const descriptionColumns = new Set(options.map((line) => (/^ +--[a-z-]+ +/.exec(line)?.[0] ?? '').length));
    expect([...descriptionColumns]).toHaveLength(1);
    expect(run.stdout).toMatch(/^ +--version +Show version number +\[boolean\]$/m);
    expect(run.stdout.split('\n').filter((line) => line.endsWith('[boolean]')).every((line) => line.length === 100)).toBe(true);
  });

  it('bundles only the parts of undici a diagnosis uses: dispatchers and request, no fetch, mock agents, caches, WebSocket or cookies', () => {
    const bundled = new Set(Object.values(readBundleMetafile().outputs).flatMap((output) => Object.keys(output.inputs)));
    const undici = [...bundled].filter((input) => input.startsWith('node_modules/undici/'));
    expect(undici).toEqual(expect.arrayContaining(['node_modules/undici/lib/dispatcher/agent.js', 'node_modules/undici/lib/api/api-request.js']));
    const unwanted = /\/lib\/(?:mock|cache|web\/websocket|web\/eventsource|web\/cookies)\/|\/lib\/web\/fetch\/(?:index|request|response|headers)\.js$|^node_modules\/undici\/index\.js$/;
    expect(undici.filter((input) => unwanted.test(input))).toEqual([]);
  });

  it('every shipped chunk is described by the build metafile', async () => {
    const known = new Set(Object.keys(readBundleMetafile().outputs));
    const chunks = await readdir(join(root, 'dist', 'bundle', 'chunks'));
    expect(chunks.length).toBeGreaterThan(0);
    expect(chunks.filter((chunk) => !known.has(join('dist', 'bundle', 'chunks', chunk)))).toEqual([]);
  });
});
