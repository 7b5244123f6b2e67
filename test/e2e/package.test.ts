import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { startFixture } from '../../fixtures/start-fixture.js';
import { makeTempDir } from '../helpers/temp-dir.js';

/**
 * The package as a user installs it: `npm pack`, install the tarball into an empty folder (from
 * the local npm cache where it can), and run the installed binary with nothing of the repository
 * around it: files list, shebang and dependency sections must all be right.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));

describe('the published package', () => {
  it('installs from its tarball and runs --version, explain and a diagnosis', async () => {
    const packDir = makeTempDir('pack');
    const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', packDir], { cwd: root, encoding: 'utf8' })) as Array<{ filename: string; files: Array<{ path: string }> }>;
    const tarball = join(packDir, packed[0]?.filename ?? '');
    const paths = packed[0]?.files.map((f) => f.path) ?? [];
    expect(paths).toContain('dist/bundle/mcp-doctor.js');
    expect(paths).not.toContain('dist/bundle-meta.json');
    expect(paths.some((p) => p.startsWith('src/') || p.startsWith('test/') || p.startsWith('fixtures/'))).toBe(false);

    const project = makeTempDir('install');
    execFileSync('npm', ['init', '-y'], { cwd: project, stdio: 'pipe' });
    execFileSync('npm', ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel', 'error'], { cwd: project, stdio: 'pipe', timeout: 240_000 });
    const bin = join(project, 'node_modules', '.bin', 'mcp-doctor');
    const run = (args: string[]): string => execFileSync(bin, args, { cwd: project, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

    const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
    expect(run(['--version']).trim()).toBe(version);
    expect(run(['explain', 'Invalid Host header'])).toContain('Most likely: HOST_HEADER_REJECTED');
    const fixture = await startFixture('healthy-json');
    try {
      // Asynchronously: the fixture lives in this process and must keep answering meanwhile.
      const { stdout } = await promisify(execFile)(bin, [fixture.url, '--format', 'json'], { cwd: project, encoding: 'utf8' });
      const report = JSON.parse(stdout) as { summary: { verdict: string } };
      expect(report.summary.verdict).toBe('healthy');
    } finally {
      await fixture.stop();
    }
  }, 300_000);
});
