import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { hostileFixtures } from '../../fixtures/hostile/index.js';
import type { RunningHostile } from '../../fixtures/hostile/hostile-types.js';
import type { Report } from '../../src/model/report.js';
import { runCli } from '../helpers/run-cli.js';

/**
 * Issue 16: four servers that paginate forever with ~3.7 MiB pages, diagnosed as one fleet, stay
 * within the hostile suite's memory bound (before the caps across pages: 2.57 GB).
 */
const PEAK_RSS = fileURLToPath(new URL('../helpers/peak-rss.mjs', import.meta.url));
const MAX_PEAK_RSS_BYTES = 300 * 1024 * 1024;

const dir = mkdtempSync(join(tmpdir(), 'mcp-doctor-fleet-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a fleet of hostile paginators', () => {
  it('four endless paginators stay under 300 MB and each names the cap', { timeout: 240_000 }, async () => {
    const fixtures: RunningHostile[] = [];
    try {
      for (let i = 0; i < 4; i++) fixtures.push(await hostileFixtures['endless-pagination'].start());
      const rssFile = join(dir, 'fleet.rss');
      const result = await runCli([...fixtures.map((f) => f.url), '--format', 'json', '--timeout', '20s', '--deadline', '60s'], {
        env: { NODE_OPTIONS: `--import=${PEAK_RSS}`, MCP_DOCTOR_PEAK_RSS_FILE: rssFile },
        timeoutMs: 180_000,
      });
      expect(result.code, result.stderr).toBe(1);
      const peak = Number(readFileSync(rssFile, 'utf8'));
      expect(peak, `peak RSS ${Math.round(peak / 1e6)} MB`).toBeGreaterThan(0);
      expect(peak, `peak RSS ${Math.round(peak / 1e6)} MB`).toBeLessThan(MAX_PEAK_RSS_BYTES);
      const list = (JSON.parse(result.stdout) as { reports: Report[] }).reports;
      expect(list).toHaveLength(4);
      for (const report of list) {
        const lists = report.findings.filter((f) => ['TOOLS_LIST_FAILED', 'RESOURCES_LIST_FAILED', 'PROMPTS_LIST_FAILED'].includes(f.code));
        expect(lists.map((f) => f.code).sort()).toEqual(['PROMPTS_LIST_FAILED', 'RESOURCES_LIST_FAILED', 'TOOLS_LIST_FAILED']);
        for (const finding of lists) expect(finding.message).toMatch(/mcp-doctor stopped at its cap of (10000 items|16 MiB|50 pages)/);
      }
      // Every server saw a bounded number of list pages, not an endless walk.
      for (const fixture of fixtures) expect(fixture.requests.length).toBeLessThan(80);
    } finally {
      await Promise.all(fixtures.map((f) => f.stop()));
    }
  });
});
