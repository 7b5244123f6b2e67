import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/model/report.js';
import { listenLocal, type LocalServer } from '../../src/sim/listen.js';
import { startSimulation } from '../../src/sim/index.js';
import type { CustomJwtAuthorizer } from '../../src/sim/types.js';
import { runCli } from '../helpers/run-cli.js';
import { agentcoreScenarios, type AgentCoreScenario } from './agentcore-scenarios.js';

/** Starts the simulation and the scenario's container, registers the runtime, runs the built CLI. */
async function runScenario(scenario: AgentCoreScenario, extraArgs: string[] = [], cwd?: string) {
  const sim = await startSimulation({ knobs: { initTimeoutSeconds: 4, ...scenario.knobs } });
  let container: LocalServer | undefined;
  let cleanup: void | (() => Promise<void>) = undefined;
  try {
    if (scenario.container) container = await listenLocal(scenario.container());
    const { jwt, customJWTAuthorizer, ...runtime } = scenario.runtime ?? {};
    cleanup = await scenario.setup?.(sim);
    const discoveryUrl = scenario.discoveryUrl ? scenario.discoveryUrl(sim, container?.origin ?? '') : sim.issuer.discoveryUrl;
    const authorizer: CustomJwtAuthorizer | undefined =
      jwt || customJWTAuthorizer
        ? { discoveryUrl, ...(jwt ? { allowedClients: [sim.issuer.client.clientId] } : { allowedAudience: [sim.issuer.client.clientId] }), ...customJWTAuthorizer }
        : undefined;
    const registered = sim.addRuntime({ name: 'e2e_server', ...runtime, ...(authorizer ? { customJWTAuthorizer: authorizer } : {}), ...(container ? { containerUrl: container.url } : {}) });
    const token = scenario.token === 'garbage' ? 'not-a-jwt-at-all' : scenario.token === 'undefined' ? 'undefined' : scenario.token ? await sim.issuer.mint(scenario.token) : undefined;
    const arn = scenario.arn ? scenario.arn(sim, registered.arn) : registered.arn;
    const env = { ...sim.env(), ...(token ? { MCP_DOCTOR_TOKEN: token } : {}), ...scenario.env?.(sim) };
    const args = cwd ? [] : [arn];
    const result = await runCli([...args, '--format', 'json', '--timeout', '15s', ...(scenario.args?.(sim, registered.arn) ?? []), ...extraArgs], { env, ...(cwd ? { cwd } : {}) });
    return { result, sim, arn, token };
  } finally {
    await cleanup?.();
    await container?.stop();
    await sim.stop();
  }
}

describe('mcp-doctor <runtime-arn> against the AgentCore simulation', () => {
  it.concurrent.each(agentcoreScenarios)('$name', async (scenario) => {
    const { result, token } = await runScenario(scenario);
    expect(result.stderr.replace(/^mcp-doctor: waiting: .*\n/gm, '')).toBe('');
    const report = JSON.parse(result.stdout) as Report;
    const codes = report.findings.map((f) => f.code);
    for (const code of scenario.codes) expect(codes).toContain(code);
    for (const code of scenario.absent ?? []) expect(codes).not.toContain(code);
    if (scenario.codes.length === 0) expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(result.code).toBe(scenario.exit);
    expect(report.target.kind).toBe('agentcore-runtime');
    expect(report.profile).toBe('agentcore');
    if (token && token.length > 20) expect(result.stdout).not.toContain(token);
  });

  it('skips the control-plane checks with the missing permission named', async () => {
    const scenario = agentcoreScenarios.find((s) => s.name.startsWith('control plane denied')) as AgentCoreScenario;
    const report = JSON.parse((await runScenario(scenario)).result.stdout) as Report;
    const runtimeStatus = report.checks.find((c) => c.id === 'runtime-status');
    expect(runtimeStatus?.status).toBe('skip');
    expect(runtimeStatus?.skipReason).toMatch(/bedrock-agentcore:GetAgentRuntime/);
    expect(report.checks.find((c) => c.id === 'initialize')?.status).toBe('pass');
  });

  it('says when no credentials were found, and still probes the data plane', async () => {
    const scenario = agentcoreScenarios.find((s) => s.name.startsWith('no AWS credentials')) as AgentCoreScenario;
    const report = JSON.parse((await runScenario(scenario)).result.stdout) as Report;
    expect(report.checks.find((c) => c.id === 'runtime-status')?.skipReason).toMatch(/no AWS credentials/);
    expect(report.checks.find((c) => c.id === 'mcp-session')?.status).toBe('pass');
  });

  it('--wait polls until a new runtime is READY, then diagnoses it', async () => {
    const sim = await startSimulation({ knobs: { initTimeoutSeconds: 4 } });
    const container = await listenLocal(listenLocalHealthy());
    try {
      const runtime = sim.addRuntime({ name: 'fresh', status: 'CREATING', containerUrl: container.url, customJWTAuthorizer: { discoveryUrl: sim.issuer.discoveryUrl, allowedClients: [sim.issuer.client.clientId] } });
      const token = await sim.issuer.mint({});
      // READY only once the CLI's first poll has seen CREATING, however slowly the machine starts it.
      const timer = setInterval(() => {
        if (sim.requests.some((r) => r.service === 'control-plane' && r.path.includes(runtime.runtimeId))) {
          clearInterval(timer);
          setTimeout(() => runtime.update({ status: 'READY' }), 300);
        }
      }, 50);
      const result = await runCli([runtime.arn, '--wait', '60s', '--format', 'json'], { env: { ...sim.env(), MCP_DOCTOR_TOKEN: token } });
      clearInterval(timer);
      expect(result.stderr).toMatch(/waiting: runtime CREATING/);
      expect(result.stderr).toMatch(/waiting: runtime READY, initialize answers 200/);
      const report = JSON.parse(result.stdout) as Report;
      expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
      expect(result.code).toBe(0);
    } finally {
      await container.stop();
      await sim.stop();
    }
  });

  it('reads the deployed ARN from .bedrock_agentcore.yaml when no target is given', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcp-doctor-project-'));
    const scenario: AgentCoreScenario = { name: 'from config', container: () => listenLocalHealthy(), runtime: { jwt: true }, token: {}, codes: [], exit: 0 };
    // The ARN is only known once the simulation runs, so the file is written from inside the run.
    const run = await runScenarioWithConfig(scenario, dir);
    expect(run.result.stderr).toMatch(/diagnosing agent "demo" from .*\.bedrock_agentcore\.yaml/);
    const report = JSON.parse(run.result.stdout) as Report;
    expect(report.target.source).toBe('.bedrock_agentcore.yaml, agent demo');
    expect(report.summary.verdict).toBe('healthy');
  });
});

describe('mcp-doctor demo', () => {
  it.concurrent.each([
    ['id-token', ['ID_TOKEN_USED'], 1],
    ['healthy', [], 0],
    ['stateful', ['FOREIGN_SESSION_ID_REJECTED'], 1],
    ['host-check', ['HOST_HEADER_REJECTED'], 1],
    ['init-timeout', ['RUNTIME_INIT_TIMEOUT'], 1],
    ['expired-token', ['TOKEN_EXPIRED'], 1],
    ['not-ready', ['RUNTIME_NOT_READY'], 1],
    ['protocol-http', ['PROTOCOL_NOT_MCP'], 1],
    ['accept-406', ['ACCEPT_NEGOTIATION_BROKEN'], 1],
    ['sigv4', [], 0],
    ['modern', ['MODERN_ONLY_SERVER'], 0],
  ] as const)('%s', async (name, codes, exit) => {
    const result = await runCli(['demo', name, '--format', 'json', '--quiet']);
    const report = JSON.parse(result.stdout) as Report;
    for (const code of codes) expect(report.findings.map((f) => f.code)).toContain(code);
    if (codes.length === 0) expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(result.code).toBe(exit);
  });

  it('runs the id-token scenario by default and lists the others', async () => {
    const result = await runCli(['demo']);
    expect(result.stderr).toMatch(/Demo scenario "id-token"/);
    expect(result.stdout).toContain('ID_TOKEN_USED');
    expect(result.code).toBe(1);
    const list = await runCli(['demo', '--list']);
    expect(list.stdout).toMatch(/^\s+id-token .*\(default\)$/m);
    expect(list.stdout.trim().split('\n').length).toBeGreaterThanOrEqual(8);
  });

  it('takes the report flags of a diagnosis: --fail-on decides the exit, --markdown writes a file', async () => {
    const { mkdtemp, readFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'demo-'));
    try {
      const result = await runCli(['demo', 'id-token', '--fail-on', 'never', '--quiet', '--markdown', join(dir, 'report.md')]);
      expect(result.code).toBe(0);
      expect(await readFile(join(dir, 'report.md'), 'utf8')).toContain('ID_TOKEN_USED');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects an unknown scenario with exit 2', async () => {
    const result = await runCli(['demo', 'nope']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown demo scenario "nope"/);
  });
});

function listenLocalHealthy() {
  return agentcoreScenarios[0]?.container?.() as ReturnType<NonNullable<AgentCoreScenario['container']>>;
}

async function runScenarioWithConfig(scenario: AgentCoreScenario, dir: string) {
  const sim = await startSimulation({ knobs: { initTimeoutSeconds: 4 } });
  const container = await listenLocal(scenario.container?.() ?? listenLocalHealthy());
  try {
    const registered = sim.addRuntime({ name: 'demo', containerUrl: container.url, customJWTAuthorizer: { discoveryUrl: sim.issuer.discoveryUrl, allowedClients: [sim.issuer.client.clientId] } });
    writeFileSync(join(dir, '.bedrock_agentcore.yaml'), `default_agent: demo\nagents:\n  demo:\n    name: demo\n    entrypoint: main.py\n    bedrock_agentcore:\n      agent_arn: ${registered.arn}\n`);
    const token = await sim.issuer.mint({});
    const result = await runCli(['--format', 'json'], { env: { ...sim.env(), MCP_DOCTOR_TOKEN: token }, cwd: dir });
    return { result };
  } finally {
    await container.stop();
    await sim.stop();
  }
}
