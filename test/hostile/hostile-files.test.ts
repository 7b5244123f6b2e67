import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { hostileFileFixtures, type HostileFileFixtureName } from '../../fixtures/hostile/hostile-files.js';
import { runCli } from '../helpers/run-cli.js';

/**
 * Hostile files against the built CLI (issue 16), under the hostile suite's bounds: every run
 * ends (a FIFO or a device never hangs it), within 300 MB, with exit 2 and one line for a file it
 * refuses, or a lint report that says what it left unparsed.
 */

const PEAK_RSS = fileURLToPath(new URL('../helpers/peak-rss.mjs', import.meta.url));
const MAX_PEAK_RSS_BYTES = 300 * 1024 * 1024;
/** Far beyond any of these runs: only a hang (a FIFO opened for reading) gets here. */
const KILL_AFTER_MS = 120_000;
/** Terminal controls that must never reach an output. */
const TERMINAL_CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

interface FileScenario {
  fixture: HostileFileFixtureName;
  exit: 0 | 1 | 2 | 'finding';
  /** What stderr must say (one line for exit 2). */
  stderr?: RegExp;
  /** What stdout must say. */
  stdout?: RegExp;
}

const scenarios: FileScenario[] = [
  { fixture: 'token-file-device', exit: 2, stderr: /cannot read --token-file \/dev\/zero: is a character device, not a regular file/ },
  { fixture: 'ca-file-device', exit: 2, stderr: /--ca-file \/dev\/zero cannot be read \(is a character device, not a regular file\)/ },
  { fixture: 'config-device', exit: 2, stderr: /--config \/dev\/zero: cannot read \(is a character device, not a regular file\)/ },
  { fixture: 'baseline-device', exit: 2, stderr: /\/dev\/zero: cannot read \(is a character device, not a regular file\)/ },
  { fixture: 'token-file-fifo', exit: 2, stderr: /cannot read --token-file .*token\.txt: is a FIFO \(named pipe\), not a regular file/ },
  { fixture: 'token-file-socket', exit: 2, stderr: /cannot read --token-file .*token\.sock: is a socket, not a regular file/ },
  { fixture: 'rc-fifo', exit: 2, stderr: /\.mcp-doctorrc\.json: cannot read \(is a FIFO \(named pipe\), not a regular file\)/ },
  { fixture: 'agentcore-yaml-fifo', exit: 2, stderr: /\.bedrock_agentcore\.yaml: cannot read \(is a FIFO \(named pipe\), not a regular file\)/ },
  { fixture: 'agentcore-yaml-outside', exit: 2, stderr: /\.bedrock_agentcore\.yaml: cannot read \(a symbolic link that leads out of the project folder\)/ },
  { fixture: 'agentcore-json-outside', exit: 2, stderr: /agentcore\/agentcore\.json: cannot read \(a symbolic link that leads out of the project folder\)/ },
  { fixture: 'lint-special-files', exit: 'finding', stdout: /lint-special-files-/ },
  { fixture: 'python-nested-1mib', exit: 1, stderr: /lint: main\.py was not parsed: it nests brackets deeper than 200 levels/, stdout: /could not run/ },
  { fixture: 'python-nested-four', exit: 1, stderr: /lint: a\.py was not parsed: it nests brackets deeper than 200 levels/, stdout: /could not run/ },
  { fixture: 'cloudformation-deep', exit: 1, stdout: /CONFIG_FILE_UNPARSABLE[\s\S]*template\.json was not read: it is nested deeper than 200 levels/ },
];

const dir = mkdtempSync(join(tmpdir(), 'mcp-doctor-hostile-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('mcp-doctor against hostile files', () => {
  it('the table covers every hostile file fixture, each once', () => {
    expect(scenarios.map((s) => s.fixture).sort()).toEqual(Object.keys(hostileFileFixtures).sort());
  });

  describe.concurrent('each fixture', () => {
    it.each(scenarios)('$fixture', { timeout: KILL_AFTER_MS + 30_000 }, async (scenario) => {
      const folder = mkdtempSync(join(dir, `${scenario.fixture}-`));
      const planted = await hostileFileFixtures[scenario.fixture].plant(folder);
      const rssFile = join(folder, 'peak.rss');
      try {
        const started = performance.now();
        const result = await runCli(planted.args, { cwd: planted.cwd, env: { NODE_OPTIONS: `--import=${PEAK_RSS}`, MCP_DOCTOR_PEAK_RSS_FILE: rssFile }, timeoutMs: KILL_AFTER_MS });
        const context = `${scenario.fixture}: exit ${result.code} after ${Math.round(performance.now() - started)} ms\nstdout: ${result.stdout.slice(0, 800)}\nstderr: ${result.stderr.slice(0, 500)}`;
        // Never killed: a run that blocks on a FIFO or reads a device forever would be.
        expect(result.code, context).not.toBeNull();
        if (scenario.exit === 'finding') expect([0, 1], context).toContain(result.code);
        else expect(result.code, context).toBe(scenario.exit);
        if (scenario.exit === 2) {
          expect(result.stderr.trim().split('\n'), context).toHaveLength(1);
          expect(result.stdout, context).toBe('');
        }
        if (scenario.stderr) expect(result.stderr, context).toMatch(scenario.stderr);
        if (scenario.stdout) expect(result.stdout, context).toMatch(scenario.stdout);
        expect(result.stdout + result.stderr).not.toContain('root:x:0:0');
        expect(TERMINAL_CONTROLS.test(result.stdout + result.stderr)).toBe(false);
        expect(result.stderr).not.toMatch(/\n\s+at /);
        const peak = Number(readFileSync(rssFile, 'utf8'));
        expect(peak, `${scenario.fixture}: peak RSS ${Math.round(peak / 1e6)} MB`).toBeGreaterThan(0);
        expect(peak, `${scenario.fixture}: peak RSS ${Math.round(peak / 1e6)} MB`).toBeLessThan(MAX_PEAK_RSS_BYTES);
      } finally {
        await planted.stop?.();
      }
    });
  });
});
