import { UnsecuredJWT } from 'jose';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDualEraServer } from '../../fixtures/conformance/dual-era-server.js';
import { conformanceFixtures, type ConformanceFixtureName } from '../../fixtures/conformance/servers.js';
import { startFixture, type RunningFixture } from '../../fixtures/start-fixture.js';
import { sdkExampleServer, sdkV2DualEraServer, sdkV2ModernOnlyServer, serverEverything, startThirdPartyServer } from '../../fixtures/third-party/start-server.js';
import type { Report } from '../../src/model/report.js';
import { SIMULATION_CREDENTIALS, startSimulation } from '../../src/sim/index.js';
import { listenLocal } from '../../src/sim/listen.js';
import { runCli } from '../helpers/run-cli.js';

/**
 * `mcp-doctor conformance` through the built executable: exit codes, JUnit and JSON files,
 * baselines, credentials, and green runs against real third-party servers from npm.
 */
const dir = mkdtempSync(join(tmpdir(), 'mcp-doctor-conformance-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function withFixture<T>(name: ConformanceFixtureName, run: (fixture: RunningFixture) => Promise<T>): Promise<T> {
  const fixture = await startFixture(conformanceFixtures[name]);
  try {
    return await run(fixture);
  } finally {
    await fixture.stop();
  }
}

const notPassed = (report: Report) => report.checks.filter((c) => c.status !== 'pass' && c.status !== 'skip').map((c) => `${c.id}: ${c.status}`);

describe('mcp-doctor conformance', () => {
  it('exits 0 on a correct server and writes JSON with requirement ids and links', async () => {
    await withFixture('healthy-dual-era', async (fixture) => {
      const result = await runCli(['conformance', fixture.url, '--format', 'json']);
      expect(result.code).toBe(0);
      const report = JSON.parse(result.stdout) as Report;
      expect(notPassed(report)).toEqual([]);
      expect(report.conformance?.eras.map((e) => e.status)).toEqual(['tested', 'tested']);
      expect(report.checks.find((c) => c.id === '2026/header-mismatch')).toMatchObject({ status: 'pass', spec: { url: 'https://modelcontextprotocol.io/specification/2026-07-28/basic/transports' } });
    });
  });

  it('exits 1 on a failing requirement and writes schema-valid JUnit named by section', async () => {
    await withFixture('tool-missing-input-schema', async (fixture) => {
      const junit = join(dir, 'conformance.xml');
      const result = await runCli(['conformance', fixture.url, '--junit', junit]);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('✖ 2025/tools-list');
      expect(result.stdout).toContain('CONFORMANCE_RESULT_INVALID');
      const xml = readFileSync(junit, 'utf8');
      expect(xml).toContain('<testcase name="MCP 2025-11-25 server/tools#listing-tools [2025/tools-list]" classname="mcp-doctor.conformance.2025"');
      expect(xml).toContain('<failure type="CONFORMANCE_RESULT_INVALID"');
      // Well-formed XML (the renderer's schema validity is test/report/junit.test.ts's business).
      execFileSync('/usr/bin/xmllint', ['--noout', junit], { stdio: 'pipe' });
    });
  });

  it('--update-baseline names each requirement; the baseline then passes the run, and a stale entry fails it', async () => {
    await withFixture('tool-missing-input-schema', async (fixture) => {
      const baseline = join(dir, 'baseline.json');
      const written = await runCli(['conformance', fixture.url, '--baseline', baseline, '--update-baseline', '-q']);
      expect(written.code).toBe(0);
      const entries = (JSON.parse(readFileSync(baseline, 'utf8')) as { entries: Array<{ check?: string }> }).entries;
      expect(entries.map((e) => e.check)).toEqual(['2025/tools-list', '2026/tools-list']);
      expect((await runCli(['conformance', fixture.url, '--baseline', baseline, '-q'])).code).toBe(0);
      writeFileSync(baseline, JSON.stringify({ version: 1, entries: [...entries, { code: 'CONFORMANCE_ID_MISMATCH', target: fixture.url, reason: 'r', check: '2025/ping' }] }));
      const stale = await runCli(['conformance', fixture.url, '--baseline', baseline, '-q']);
      expect(stale.code).toBe(1);
      expect(stale.stderr).toContain('stale baseline entry: CONFORMANCE_ID_MISMATCH');
    });
  });

  it('sends the bearer token and --header to the target, and prints neither', async () => {
    await withFixture('healthy-dual-era', async (fixture) => {
      // Minted at run time: no credential-shaped string sits in the repository.
      const token = new UnsecuredJWT({ sub: 'conformance' }).encode();
      const tokenFile = join(dir, 'token.txt');
      writeFileSync(tokenFile, token);
      const result = await runCli(['conformance', fixture.url, '--token-file', tokenFile, '-H', 'X-Api-Key: very-secret-key-123', '--format', 'json', '--verbose']);
      expect(result.code).toBe(0);
      expect(fixture.requests.every((r) => r.headers.authorization === `Bearer ${token}` && r.headers['x-api-key'] === 'very-secret-key-123')).toBe(true);
      for (const text of [result.stdout, result.stderr]) {
        expect(text).not.toContain(token);
        expect(text).not.toContain('very-secret-key-123');
      }
    });
  });

  it('--era 2026 on a 2025-only server fails as not testable', async () => {
    await withFixture('healthy-legacy-only', async (fixture) => {
      const result = await runCli(['conformance', fixture.url, '--era', '2026', '--format', 'json']);
      expect(result.code).toBe(1);
      const report = JSON.parse(result.stdout) as Report;
      expect(report.findings.map((f) => [f.checkId, f.code])).toEqual([['2026/discover', 'CONFORMANCE_NOT_TESTABLE']]);
      expect(report.checks.every((c) => c.id.startsWith('2026/'))).toBe(true);
    });
  });

  it.each([
    [['conformance'], /conformance needs a target/],
    [['conformance', 'http://127.0.0.1:1/mcp', '--era', '2027'], /Invalid values|Choices/],
    [['conformance', 'http://127.0.0.1:1/mcp', '--call', '={"a":1}'], /--call needs a tool name/],
    [['conformance', 'http://127.0.0.1:1/mcp', '--call', 'add={"a":'], /--call add=…: the arguments must be a JSON object/],
    [['conformance', 'not a url'], /is not a URL/],
  ])('%j is a usage error (exit 2, one line)', async (args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

/**
 * Both servers listen on localhost and leave Origin validation off (the TypeScript SDK checks
 * Origin only with `allowedOrigins`): the one failure the specification justifies. Every other
 * requirement passes or is skipped with a reason.
 */
describe('real servers from npm', () => {
  it.each([serverEverything, sdkExampleServer])('$name', async (definition) => {
    const server = await startThirdPartyServer(definition);
    try {
      const result = await runCli(['conformance', server.url, '--format', 'json', '--timeout', '20s'], { timeoutMs: 120_000 });
      const report = JSON.parse(result.stdout) as Report;
      expect(notPassed(report)).toEqual(['2025/origin-validation: fail']);
      expect(report.findings.map((f) => [f.checkId, f.code, f.evidence?.status])).toEqual([['2025/origin-validation', 'CONFORMANCE_ORIGIN_NOT_VALIDATED', 200]]);
      expect(result.code).toBe(1);
      expect(report.conformance?.eras[0]).toMatchObject({ era: '2025', status: 'tested', version: '2025-11-25' });
      expect(report.conformance?.eras[1]).toMatchObject({ era: '2026', status: 'skipped' });
      expect(report.checks.filter((c) => c.id.startsWith('2025/') && c.status === 'pass').length).toBeGreaterThanOrEqual(14);
    } finally {
      server.stop();
    }
  }, 180_000);
});

/**
 * The current revision on the v2 TypeScript SDK: the 2026-07-28 requirements hold against a real
 * server, both dual-era and modern-only (where the 2025 era is skipped and GET gets 405).
 */
describe('real 2026-07-28 servers (v2 TypeScript SDK)', () => {
  it.each([
    [sdkV2DualEraServer, ['2025/origin-validation: fail'], [['2025', 'tested'], ['2026', 'tested']]],
    [sdkV2ModernOnlyServer, [], [['2025', 'skipped'], ['2026', 'tested']]],
  ] as const)('$name', async (definition, failing, eras) => {
    const server = await startThirdPartyServer(definition);
    try {
      const result = await runCli(['conformance', server.url, '--format', 'json', '--call', 'add={"a":1,"b":2}', '--call', 'echo={"text":"grüße"}'], { timeoutMs: 120_000 });
      const report = JSON.parse(result.stdout) as Report;
      expect(notPassed(report)).toEqual(failing);
      expect(report.conformance?.eras.map((e) => [e.era, e.status])).toEqual(eras);
      const passed = new Set(report.checks.filter((c) => c.status === 'pass').map((c) => c.id));
      for (const id of ['2026/discover', '2026/missing-envelope', '2026/unsupported-version', '2026/header-mismatch', '2026/removed-method', '2026/unknown-method', '2026/batch-rejected', '2026/no-session', '2026/tools-list', '2026/tools-call', '2026/resources-read', '2026/prompts-get']) expect(passed, id).toContain(id);
      if (definition === sdkV2ModernOnlyServer) expect(passed).toContain('2026/get-not-allowed');
      expect(result.code).toBe(failing.length ? 1 : 0);
    } finally {
      server.stop();
    }
  }, 180_000);
});

/**
 * An AgentCore runtime ARN through the simulation: the same requirements reach the container
 * through the front door with a real signed JWT, and the token never reaches the output.
 */
describe('mcp-doctor conformance <runtime-arn>', () => {
  it('tests the container behind the simulated front door with the bearer token', async () => {
    const sim = await startSimulation({ knobs: { initTimeoutSeconds: 10 } });
    const container = await listenLocal(createDualEraServer());
    try {
      const runtime = sim.addRuntime({ name: 'conformance_e2e', containerUrl: container.url, customJWTAuthorizer: { discoveryUrl: sim.issuer.discoveryUrl, allowedClients: [sim.issuer.client.clientId] } });
      const token = await sim.issuer.mint({});
      // Dozens of requests in a few seconds meet the simulated 25-per-second throttle: the run waits and repeats them.
      const result = await runCli(['conformance', runtime.arn, '--format', 'json', '--timeout', '15s'], { env: { ...sim.env(), MCP_DOCTOR_TOKEN: token } });
      const report = JSON.parse(result.stdout) as Report;
      expect(report.target.kind).toBe('agentcore-runtime');
      expect(report.runtime).toMatchObject({ arn: runtime.arn, requestAuth: 'bearer' });
      expect(notPassed(report)).toEqual([]);
      expect(report.checks.find((c) => c.id === '2025/origin-validation')?.skipReason).toMatch(/not on this machine/);
      // The front door hides the container's error codes and adds session ids: skipped, with the reason.
      expect(report.checks.find((c) => c.id === '2026/unknown-method')?.skipReason).toMatch(/^AgentCore wrapped the container's HTTP 404/);
      expect(report.checks.find((c) => c.id === '2026/no-session')?.skipReason).toMatch(/^AgentCore adds its own Mcp-Session-Id/);
      expect(report.checks.find((c) => c.id === '2026/tools-list')?.status).toBe('pass');
      expect(report.conformance?.eras.map((e) => [e.era, e.status])).toEqual([['2025', 'tested'], ['2026', 'tested']]);
      expect(result.code).toBe(0);
      expect(result.stdout + result.stderr).not.toContain(token);
    } finally {
      await container.stop();
      await sim.stop();
    }
  }, 120_000);

  it('signs every request with SigV4 for an IAM runtime', async () => {
    const sim = await startSimulation({ knobs: { initTimeoutSeconds: 10 } });
    const container = await listenLocal(createDualEraServer());
    try {
      const runtime = sim.addRuntime({ name: 'conformance_iam', containerUrl: container.url });
      const result = await runCli(['conformance', runtime.arn, '--format', 'json', '--era', '2025', '--timeout', '15s'], { env: sim.env() });
      const report = JSON.parse(result.stdout) as Report;
      expect(report.runtime?.requestAuth).toBe('sigv4');
      expect(notPassed(report)).toEqual([]);
      expect(result.code).toBe(0);
      const invocations = sim.requests.filter((r) => r.service === 'data-plane');
      expect(invocations.length).toBeGreaterThan(10);
      expect(result.stdout + result.stderr).not.toContain(SIMULATION_CREDENTIALS.secretAccessKey);
    } finally {
      await container.stop();
      await sim.stop();
    }
  }, 120_000);

  it('fails initialize when the front door rejects the token (and skips the rest of the era)', async () => {
    const sim = await startSimulation({ knobs: { initTimeoutSeconds: 10 } });
    const container = await listenLocal(createDualEraServer());
    try {
      const runtime = sim.addRuntime({ name: 'conformance_e2e', containerUrl: container.url, customJWTAuthorizer: { discoveryUrl: sim.issuer.discoveryUrl, allowedClients: ['another-client'] } });
      const token = await sim.issuer.mint({});
      const result = await runCli(['conformance', runtime.arn, '--format', 'json', '--era', '2025'], { env: { ...sim.env(), MCP_DOCTOR_TOKEN: token } });
      const report = JSON.parse(result.stdout) as Report;
      expect(report.findings.map((f) => [f.checkId, f.code, f.evidence?.status])).toEqual([['2025/initialize', 'CONFORMANCE_REQUEST_FAILED', 401]]);
      expect(report.findings[0]?.message).toContain('-32001');
      expect(report.checks.filter((c) => c.status === 'skip').every((c) => /prerequisite 2025\/initialize failed/.test(c.skipReason ?? ''))).toBe(true);
      expect(result.code).toBe(1);
    } finally {
      await container.stop();
      await sim.stop();
    }
  }, 120_000);
});
