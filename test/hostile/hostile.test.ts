import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { hostileFixtures } from '../../fixtures/hostile/index.js';
import type { Report } from '../../src/model/report.js';
import { runCli } from '../helpers/run-cli.js';
import { hostileScenarios, type HostileScenario } from './hostile-scenarios.js';

/**
 * Every hostile fixture against the built CLI (issue 6; reliability-security §8 R1–R3, S2, S7):
 * the run ends within its deadline, stays within a memory bound, exits 0 or 1, names what
 * happened, and lets neither the server's control characters nor the token reach any output.
 */

const PEAK_RSS = fileURLToPath(new URL('../helpers/peak-rss.mjs', import.meta.url));
/** Healthy runs peak near 130–150 MB on Node 20; a 1 GiB body or a bomb must not move that much. */
const MAX_PEAK_RSS_BYTES = 300 * 1024 * 1024;
/**
 * Time from the first request the fixture saw to the CLI's exit, beyond `--deadline`: report
 * writing and socket teardown on two cores shared with other test workers. Start-up (module
 * loading) is not counted: on a starved machine it alone can take longer than any deadline.
 */
const MARGIN_MS = 15_000;
/** Requests one run may send: about 35 against a healthy server; `retry: 0` must not multiply them. */
const MAX_REQUESTS = 80;
/** When a run is killed: far beyond any deadline, so only a real hang gets here. */
const KILL_AFTER_MS = 120_000;

/** Terminal controls a server could inject: C0 except tab/LF/CR, DEL, C1, bidi overrides and isolates. */
const TERMINAL_CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

const dir = mkdtempSync(join(tmpdir(), 'mcp-doctor-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function seconds(duration: string): number {
  return Number(duration.replace(/s$/, '')) * 1000;
}

/** Every string in a parsed report. */
function stringsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsOf(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) stringsOf(v, out);
  return out;
}

/** The token as it could leak: raw, base64, URL-encoded, and every 16-character window. */
function leakForms(token: string): string[] {
  const forms = [token, Buffer.from(token).toString('base64').slice(0, -2), Buffer.from(token).toString('base64url').slice(0, -2), encodeURIComponent(`Bearer ${token}`)];
  for (let i = 0; i + 16 <= token.length; i += 4) forms.push(token.slice(i, i + 16));
  return forms;
}

describe('mcp-doctor against hostile servers', () => {
  it('the table covers every hostile fixture, each once', () => {
    expect(hostileScenarios.map((s) => s.fixture).sort()).toEqual(Object.keys(hostileFixtures).sort());
    expect(hostileScenarios.length).toBeGreaterThanOrEqual(30);
    // The token-leak checks run only where a token is sent: keep them on every kind of hostile answer.
    expect(hostileScenarios.filter((s) => s.token).length).toBeGreaterThanOrEqual(6);
  });

  // Vitest runs at most `maxConcurrency` (5) of these at once, and each timeout starts with its test.
  describe.concurrent('each fixture', () => {
    it.each(hostileScenarios)('$fixture', { timeout: KILL_AFTER_MS + 60_000 }, async (scenario: HostileScenario) => {
      const fixture = await hostileFixtures[scenario.fixture].start();
      const token = `hostile-canary-${randomBytes(16).toString('hex')}`;
      const rssFile = join(dir, `${scenario.fixture}.rss`);
      const deadlineMs = seconds(scenario.deadline);
      try {
        const startedAt = performance.now();
        const result = await runCli([fixture.url, '--format', 'json', '--timeout', scenario.timeout, '--deadline', scenario.deadline], {
          env: { NODE_OPTIONS: `--import=${PEAK_RSS}`, MCP_DOCTOR_PEAK_RSS_FILE: rssFile, ...(scenario.token ? { MCP_DOCTOR_TOKEN: token } : {}) },
          timeoutMs: deadlineMs + KILL_AFTER_MS,
        });
        const exitedAt = performance.now();
        // From the first request the server saw; from the start of the run when it saw none.
        const firstRequestAt = fixture.requests.length > 0 ? Math.min(...fixture.requests.map((r) => r.receivedAt)) : startedAt;
        const elapsed = exitedAt - firstRequestAt;
        const context = `${scenario.fixture}: exit ${result.code}, ${Math.round(elapsed)} ms\nstdout: ${result.stdout.slice(0, 1500)}\nstderr: ${result.stderr.slice(0, 500)}`;

        // Exit 0/1 and never a signal (runCli reports a killed child as code null).
        expect(result.code, context).toBe(scenario.exit);
        expect(elapsed, context).toBeLessThan(deadlineMs + MARGIN_MS);
        const peak = Number(readFileSync(rssFile, 'utf8'));
        expect(peak, `${scenario.fixture}: peak RSS ${Math.round(peak / 1e6)} MB`).toBeGreaterThan(0);
        expect(peak, `${scenario.fixture}: peak RSS ${Math.round(peak / 1e6)} MB`).toBeLessThan(MAX_PEAK_RSS_BYTES);

        const report = JSON.parse(result.stdout) as Report;
        const codes = report.findings.map((f) => f.code);
        for (const code of scenario.codes) expect(codes, context).toContain(code);
        if (scenario.clean) expect(report.findings.filter((f) => f.severity !== 'info'), context).toEqual([]);

        // Nothing the server sent can drive the terminal, raw or once the JSON is decoded.
        expect(TERMINAL_CONTROLS.test(result.stdout), 'raw control character on stdout').toBe(false);
        expect(TERMINAL_CONTROLS.test(result.stderr), 'raw control character on stderr').toBe(false);
        expect(stringsOf(report).filter((s) => TERMINAL_CONTROLS.test(s))).toEqual([]);

        // The token stays in the process and on its origin.
        // Only a run that sent the token can leak it; the suite test below keeps such runs numerous.
        if (scenario.token) for (const form of leakForms(token)) expect(result.stdout + result.stderr).not.toContain(form);
        // Redirects are never followed and server-named metadata URLs on other hosts never fetched,
        // so a second server (another origin) sees nothing at all, let alone a token.
        const elsewhere = fixture.requests.filter((r) => r.origin !== fixture.origin);
        expect(elsewhere.map((r) => `${r.method} ${r.origin}${r.url} authorization=${r.headers.authorization !== undefined}`)).toEqual([]);
        // No retry or reconnect storm: a full run sends a few dozen requests.
        expect(fixture.requests.length, context).toBeLessThan(MAX_REQUESTS);
        if (scenario.token) expect(fixture.requests.some((r) => r.origin === fixture.origin && r.headers.authorization === `Bearer ${token}`)).toBe(true);
      } finally {
        await fixture.stop();
      }
    });
  });
});
