import { describe, expect, it } from 'vitest';
import { startFixture } from '../../fixtures/start-fixture.js';
import type { Report } from '../../src/model/report.js';
import { messageContradictions } from '../helpers/message-facts.js';
import { runCli } from '../helpers/run-cli.js';
import { scenarios } from './scenarios.js';

/** Every scenario through the built CLI: exact codes, severities and exit code. */
describe('mcp-doctor against each fixture server', () => {
  it.concurrent.each(scenarios)('$name', async (scenario) => {
    const fixture = scenario.fixture ? await startFixture(scenario.fixture) : undefined;
    try {
      const base = fixture?.url ?? '';
      const url = scenario.url ? scenario.url(base, fixture?.origin ?? '') : base;
      const result = await runCli([url, '--format', 'json', '--timeout', '5s', ...(scenario.args ?? [])]);
      expect(result.stderr.replace(/^mcp-doctor: warning: --token leaks.*\n/m, '')).toBe('');
      const report = JSON.parse(result.stdout) as Report;
      const codes = report.findings.map((f) => f.code).sort();
      expect(codes).toEqual([...scenario.codes].sort());
      const errors = report.findings.filter((f) => f.severity === 'error').map((f) => f.code);
      for (const code of scenario.errors ?? []) expect(errors).toContain(code);
      if (scenario.clean) expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
      expect(result.code).toBe(scenario.exit);
      expect(report.summary.errored).toBe(0);
      // No message states a fact its own evidence contradicts.
      for (const finding of report.findings) expect(messageContradictions(finding.message, finding.evidence), `${finding.code}: ${finding.message}`).toEqual([]);
    } finally {
      await fixture?.stop();
    }
  });
});
