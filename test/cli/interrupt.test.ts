import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startFixture, type RunningFixture } from '../../fixtures/start-fixture.js';
import type { Report } from '../../src/model/report.js';
import { CLI_PATH } from '../helpers/run-cli.js';

/** Starts the CLI against a server that never answers and interrupts it once its probes are in flight. */
async function interrupted(fixture: RunningFixture, signals: NodeJS.Signals[], jsonFile: string) {
  const child = spawn(process.execPath, [CLI_PATH, fixture.url, '--timeout', '60s', '--deadline', '120s', '--format', 'json', '--json', jsonFile], {
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  // Requests arriving mean the CLI is past start-up and its handlers are installed.
  const giveUpAt = Date.now() + 30_000;
  while (fixture.requests.length < 3) {
    if (Date.now() > giveUpAt) {
      child.kill('SIGKILL');
      throw new Error(`the CLI sent ${fixture.requests.length} requests in 30 s\n${stderr.slice(0, 500)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const sentAt = Date.now();
  for (const signal of signals) child.kill(signal);
  const code = await closed;
  return { code, stdout, stderr, exitedAfterMs: Date.now() - sentAt };
}

describe('Ctrl-C', () => {
  it('stops the probes, writes the reports with what finished, and exits 130', async () => {
    const fixture = await startFixture('hanging');
    const json = join(mkdtempSync(join(tmpdir(), 'mcp-doctor-int-')), 'report.json');
    try {
      const result = await interrupted(fixture, ['SIGINT'], json);
      expect(result.code).toBe(130);
      expect(result.stderr).toMatch(/interrupted; writing the reports with what finished/);
      const report = JSON.parse(result.stdout) as Report;
      expect(report).toMatchObject({ interrupted: true, interruption: 'signal' });
      expect(report.checks.find((c) => c.id === 'endpoint-reachable')).toMatchObject({ status: 'error', errorMessage: 'interrupted before probe init finished' });
      expect(JSON.parse(readFileSync(json, 'utf8'))).toMatchObject({ interrupted: true });
      // Well before the 60 s request deadline.
      expect(result.exitedAfterMs).toBeLessThan(15_000);
    } finally {
      await fixture.stop();
    }
  });

  it('exits at once on a second Ctrl-C (and on SIGTERM the same way)', async () => {
    const fixture = await startFixture('hanging');
    const json = join(mkdtempSync(join(tmpdir(), 'mcp-doctor-int-')), 'report.json');
    try {
      const result = await interrupted(fixture, ['SIGTERM', 'SIGINT'], json);
      expect(result.code).toBe(130);
      // The first signal announces the partial reports; the second quits without a second notice.
      expect(result.stderr.match(/interrupted; writing the reports with what finished/g)).toHaveLength(1);
      // Far below the 60 s request deadline: nothing waited for the hanging server.
      expect(result.exitedAfterMs).toBeLessThan(15_000);
    } finally {
      await fixture.stop();
    }
  });
});
