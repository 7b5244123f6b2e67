import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startFixture } from '../../fixtures/start-fixture.js';
import type { Report } from '../../src/model/report.js';
import { withPythonHostCheck } from '../../src/sim/containers/faults.js';
import { createStatefulApp, createStatelessApp } from '../../src/sim/containers/mcp-app.js';
import { listenLocal, type LocalServer } from '../../src/sim/listen.js';
import { startSimulation } from '../../src/sim/index.js';
import { CHROMIUM, HEADLESS_FLAGS, runChromium } from '../helpers/chromium.js';
import { runCli } from '../helpers/run-cli.js';

const XSD = fileURLToPath(new URL('../../../shared/schemas/junit-10.xsd', import.meta.url));

interface FleetDocument {
  schemaVersion: number;
  summary: { targets: number; healthy: number; unhealthy: number; verdict: string };
  reports: Report[];
}

describe('many targets in one run', () => {
  it('diagnoses several URLs concurrently: one section per target, the exit code covers all', async () => {
    const healthy = await startFixture('healthy-json');
    const broken = await startFixture('wrong-path');
    const dir = mkdtempSync(join(tmpdir(), 'mcp-doctor-fleet-'));
    try {
      const result = await runCli([healthy.url, broken.url, '--format', 'json', '--junit', join(dir, 'junit.xml')]);
      const doc = JSON.parse(result.stdout) as FleetDocument;
      expect(doc.summary).toMatchObject({ targets: 2, healthy: 1, unhealthy: 1, verdict: 'unhealthy' });
      expect(doc.reports.map((r) => r.target.input)).toEqual([healthy.url, broken.url]);
      expect(doc.reports[1]?.findings.map((f) => f.code)).toEqual(['WRONG_PATH']);
      expect(result.code).toBe(1);
      const junit = readFileSync(join(dir, 'junit.xml'), 'utf8');
      expect(junit.match(/<testsuite /g)).toHaveLength(2);
      const pretty = await runCli([healthy.url, broken.url]);
      expect(pretty.stdout).toMatch(/Summary\n\s+healthy .*\n\s+unhealthy .*wrong|Summary/);
      expect(pretty.stdout).toContain('✖ 1 of 2 targets unhealthy');
    } finally {
      await healthy.stop();
      await broken.stop();
    }
  });

  it('rejects a malformed target anywhere in the list with exit 2 before running', async () => {
    const result = await runCli(['http://127.0.0.1:9/mcp', 'arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/x-AbCdEf1234/runtime-endpoint/DEFAULT']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/runtime endpoint ARN/);
  });

  it('--all diagnoses a fleet of 50 runtimes with mixed faults, one hanging, within its deadlines', async () => {
    const sim = await startSimulation({ knobs: { initTimeoutSeconds: 1, tpsLimit: 10_000 } });
    const containers: LocalServer[] = [];
    try {
      const healthy = await listenLocal(createStatelessApp());
      const stateful = await listenLocal(createStatefulApp({ unknownSession: 'spec' }));
      const hostCheck = await listenLocal(withPythonHostCheck(createStatelessApp()));
      const hanging = await listenLocal({ handle: (req) => void req.resume() });
      containers.push(healthy, stateful, hostCheck, hanging);
      const kinds = [healthy, stateful, hostCheck, undefined];
      for (let i = 0; i < 49; i++) {
        const container = kinds[i % kinds.length];
        sim.addRuntime({ name: `fleet_${String(i).padStart(2, '0')}`, ...(container ? { containerUrl: container.url } : {}) });
      }
      sim.addRuntime({ name: 'fleet_hanging', containerUrl: hanging.url });
      sim.addRuntime({ name: 'not_mcp', serverProtocol: 'HTTP', containerUrl: healthy.url });
      const out = mkdtempSync(join(tmpdir(), 'mcp-doctor-fleet-reports-'));
      const files = { junit: join(out, 'TEST-mcp-doctor.xml'), markdown: join(out, 'report.md'), html: join(out, 'report.html') };
      const result = await runCli(
        ['--all', '--concurrency', '8', '--timeout', '8s', '--deadline', '60s', '--format', 'json', '--skip', 'mcp-session', '--junit', files.junit, '--markdown', files.markdown, '--html', files.html],
        { env: sim.env(), timeoutMs: 170_000 },
      );
      expect(result.stderr).toMatch(/--all found 50 MCP runtime\(s\) in us-east-1 \(1 left out/);
      const doc = JSON.parse(result.stdout) as FleetDocument;
      expect(doc.reports).toHaveLength(50);
      const byName = (name: string) => doc.reports.find((r) => r.target.input.endsWith(`/${name}`) || r.target.input.includes(`runtime/${name}-`)) as Report;
      const codes = (name: string) => byName(name).findings.map((f) => f.code);
      expect(codes('fleet_00')).not.toContain('RUNTIME_INIT_TIMEOUT');
      expect(byName('fleet_00').findings.filter((f) => f.severity === 'error')).toEqual([]);
      expect(codes('fleet_01')).toContain('FOREIGN_SESSION_ID_REJECTED');
      expect(codes('fleet_02')).toContain('HOST_HEADER_REJECTED');
      expect(codes('fleet_03')).toContain('RUNTIME_INIT_TIMEOUT');
      const hung = byName('fleet_hanging');
      expect(hung.summary.verdict).toBe('unhealthy');
      expect(doc.summary.unhealthy).toBeGreaterThan(30);
      expect(result.code).toBe(1);

      // Every format, for the same fleet, parsed back.
      for (const report of doc.reports) {
        expect(report).toMatchObject({ schemaVersion: 1, tool: { name: 'mcp-doctor' }, summary: { verdict: expect.stringMatching(/^(healthy|unhealthy)$/) } });
        for (const check of report.checks) expect(['pass', 'fail', 'warn', 'skip', 'error']).toContain(check.status);
      }
      execFileSync('/usr/bin/xmllint', ['--noout', '--schema', XSD, files.junit], { stdio: 'pipe' });
      expect(readFileSync(files.junit, 'utf8').match(/<testsuite /g)).toHaveLength(50);
      expect(readFileSync(files.markdown, 'utf8')).toContain('RUNTIME_INIT_TIMEOUT');
      expect(readFileSync(files.markdown, 'utf8')).toContain('fleet\\_hanging');
      if (existsSync(CHROMIUM)) {
        const dom = await runChromium([...HEADLESS_FLAGS, `--user-data-dir=${join(out, 'profile')}`, '--dump-dom', pathToFileURL(files.html).href], 60_000);
        expect(dom).toContain('fleet_hanging');
        expect(dom).toContain('RUNTIME_INIT_TIMEOUT');
      }
    } finally {
      for (const container of containers) await container.stop();
      await sim.stop();
    }
  }, 180_000);
});
