import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI_PATH, UNBUNDLED_CLI_PATH, type CliResult } from '../helpers/run-cli.js';

/**
 * The executable (the bundle of `src/cli/bin.ts`) answers `--version` and `explain` itself for speed;
 * whatever it answers must be byte-for-byte what the unbundled yargs CLI answers, and everything
 * else must reach the full parser.
 */

function run(entry: string, args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete env.FORCE_COLOR;
    const child = spawn(process.execPath, [entry, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the mcp-doctor executable', () => {
  it.concurrent.each([
    { name: '--version', args: ['--version'] },
    { name: 'explain with no query lists the codes', args: ['explain'] },
    { name: 'explain --list', args: ['explain', '--list'] },
    { name: 'explain a code', args: ['explain', 'SERVER_STATEFUL'] },
    { name: 'explain an HTTP status', args: ['explain', '406'] },
    { name: 'explain pasted words', args: ['explain', 'Invalid', 'Host', 'header'] },
    { name: 'explain an unknown query (exit 2)', args: ['explain', 'NOT_A_CODE_AT_ALL'] },
    { name: 'explain --checks (full parser)', args: ['explain', '--checks'] },
    { name: 'explain with an unknown flag (full parser, exit 2)', args: ['explain', '--bogus'] },
    { name: 'a bad diagnosis flag (full parser, exit 2)', args: ['http://127.0.0.1:9/mcp', '--fail-on', 'sometimes'] },
  ])('$name: same output and exit code as the full CLI', async ({ args }) => {
    const [fast, full] = await Promise.all([run(CLI_PATH, args), run(UNBUNDLED_CLI_PATH, args)]);
    expect(fast).toEqual(full);
    expect(fast.stdout.length + fast.stderr.length).toBeGreaterThan(0);
  });
});
