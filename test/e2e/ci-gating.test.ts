import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixture, type RunningFixture } from '../../fixtures/start-fixture.js';
import { runCli } from '../helpers/run-cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';

/** Config file, baselines and GitHub Actions output through the built CLI. */
describe('gating in CI', () => {
  let broken: RunningFixture;
  let healthy: RunningFixture;
  beforeAll(async () => {
    broken = await startFixture('wrong-path');
    healthy = await startFixture('healthy-json');
  });
  afterAll(async () => {
    await broken.stop();
    await healthy.stop();
  });
  const dir = (): string => makeTempDir('ci');

  it('reads targets and settings from .mcp-doctorrc.json; flags win', async () => {
    const cwd = dir();
    writeFileSync(join(cwd, '.mcp-doctorrc.json'), JSON.stringify({ targets: [broken.url], failOn: 'never', formats: { junit: 'reports/TEST-mcp-doctor.xml' } }));
    const lenient = await runCli(['--format', 'json'], { cwd });
    expect(lenient.code).toBe(0);
    expect(JSON.parse(lenient.stdout).findings.map((f: { code: string }) => f.code)).toEqual(['WRONG_PATH']);
    expect(readFileSync(join(cwd, 'reports/TEST-mcp-doctor.xml'), 'utf8')).toContain('<testsuites');
    const strict = await runCli(['--fail-on', 'error', '--format', 'json'], { cwd });
    expect(strict.code).toBe(1);
  });

  it('reads the "mcp-doctor" key of package.json and names a bad key', async () => {
    const cwd = dir();
    writeFileSync(join(cwd, 'package.json'), JSON.stringify({ name: 'x', 'mcp-doctor': { targts: [healthy.url] } }));
    const result = await runCli([], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown key "mcp-doctor.targts" \(did you mean "mcp-doctor.targets"\?\)/);
  });

  it('a baseline accepts known findings, and a stale entry fails the run', async () => {
    const cwd = dir();
    const baseline = join(cwd, 'baseline.json');
    const written = await runCli([broken.url, '--baseline', baseline, '--update-baseline', '--format', 'json'], { cwd });
    expect(written.code).toBe(0);
    const file = JSON.parse(readFileSync(baseline, 'utf8')) as { entries: Array<{ code: string; target: string }> };
    expect(file.entries).toEqual([expect.objectContaining({ code: 'WRONG_PATH', target: broken.url })]);
    const accepted = await runCli([broken.url, '--baseline', baseline, '--format', 'json'], { cwd });
    expect(accepted.code).toBe(0);
    expect(accepted.stderr).toMatch(/1 finding accepted by /);
    writeFileSync(baseline, JSON.stringify({ version: 1, entries: [{ code: 'WRONG_PATH', target: healthy.url, reason: 'known' }] }));
    const stale = await runCli([healthy.url, '--baseline', baseline, '--format', 'json'], { cwd });
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/stale baseline entry: WRONG_PATH on .* no longer occurs/);
  });

  it('in GitHub Actions: annotations titled with the code and a job summary', async () => {
    const cwd = dir();
    const summary = join(cwd, 'summary.md');
    writeFileSync(summary, '');
    const result = await runCli([broken.url], { cwd, env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary } });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^::error title=WRONG_PATH[^:]*::/m);
    expect(readFileSync(summary, 'utf8')).toContain('WRONG_PATH');
    const off = await runCli([broken.url, '--no-github'], { cwd, env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary } });
    expect(off.stdout).not.toMatch(/^::error/m);
  });

  it('writes Markdown and HTML reports', async () => {
    const cwd = dir();
    const result = await runCli([broken.url, '--markdown', join(cwd, 'r.md'), '--html', join(cwd, 'r.html'), '--format', 'json'], { cwd });
    expect(result.code).toBe(1);
    expect(readFileSync(join(cwd, 'r.md'), 'utf8')).toContain('WRONG_PATH');
    expect(readFileSync(join(cwd, 'r.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/i);
  });
});
