import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/model/report.js';
import { startSimulation } from '../../src/sim/index.js';
import { seedTeardownScenario, type SeededDeployment } from '../../src/sim/teardown-scenarios.js';
import type { Simulation } from '../../src/sim/types.js';
import { TEARDOWN_PERMISSIONS } from '../../src/teardown/inventory.js';
import { runCli } from '../helpers/run-cli.js';
import { teardownScenarios, type TeardownE2eScenario } from './teardown-scenarios.js';

/**
 * `mcp-doctor teardown` through the built CLI against the simulation: each seeded state, named by
 * the starter toolkit's files, the newer CLI's files or flags, must report exactly its leftovers in
 * the safe order, and the audit must never ask AWS for anything but a read.
 */

const JUNIT_XSD = fileURLToPath(new URL('../../../shared/schemas/junit-10.xsd', import.meta.url));

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mcp-doctor-teardown-test-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Lays the project files that name `seeded` the way `kind` of toolchain writes them. */
async function writeProject(dir: string, sim: Simulation, seeded: SeededDeployment, kind: TeardownE2eScenario['project']): Promise<void> {
  await mkdir(dir, { recursive: true });
  if (kind === 'starter-toolkit') await writeFile(join(dir, '.bedrock_agentcore.yaml'), seeded.starterToolkitYaml);
  if (kind !== 'agentcore-cli') return;
  await mkdir(join(dir, 'agentcore', '.cli'), { recursive: true });
  const runtime = { name: seeded.agent, build: 'CodeZip', entrypoint: 'main.py', protocol: 'MCP', authorizerType: 'CUSTOM_JWT', authorizerConfiguration: { customJwtAuthorizer: { discoveryUrl: sim.issuer.discoveryUrl, allowedClients: [sim.issuer.client.clientId] } } };
  await writeFile(join(dir, 'agentcore', 'agentcore.json'), JSON.stringify({ name: 'teardown', version: 1, runtimes: [runtime] }));
  await writeFile(join(dir, 'agentcore', 'aws-targets.json'), JSON.stringify([{ name: 'default', account: sim.accountId, region: sim.region }]));
  const state = { targets: { default: { resources: { runtimes: { [seeded.agent]: { runtimeId: seeded.runtimeId, runtimeArn: seeded.runtimeArn, roleArn: `arn:aws:iam::${sim.accountId}:role/${seeded.executionRole}` } }, stackName: `AgentCore-${seeded.agent}-default` } } } };
  await writeFile(join(dir, 'agentcore', '.cli', 'deployed-state.json'), JSON.stringify(state));
}

async function runScenario(scenario: TeardownE2eScenario, extra: string[] = []) {
  const sim = await startSimulation();
  try {
    const seeded = seedTeardownScenario(sim, scenario.seed);
    sim.resources.deniedActions.push(...(scenario.denied ?? []));
    const dir = join(root, scenario.name.replace(/\W+/g, '-'));
    await writeProject(dir, sim, seeded, scenario.project);
    const args = ['teardown', '--dir', dir, '--format', 'json', ...(scenario.stack ? ['--stack', seeded.stackName] : []), ...extra];
    const result = await runCli(args, { env: { ...sim.env(), AWS_PROFILE: undefined } });
    return { result, sim, seeded, dir, operations: [...sim.awsOperations] };
  } finally {
    await sim.stop();
  }
}

// Each case starts a simulation and the built CLI: generous limits for a loaded CI machine.
describe('mcp-doctor teardown against the simulation', { timeout: 180_000 }, () => {
  it.concurrent.each(teardownScenarios)('$name', async (scenario) => {
    const { result, operations } = await runScenario(scenario);
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as Report;
    expect(report.findings.map((f) => f.code)).toEqual(scenario.codes);
    expect(result.code).toBe(scenario.exit);
    expect(report.target.kind).toBe('deployment');
    // Read-only: every operation asked of any simulated service is a read.
    expect(operations.length).toBeGreaterThan(0);
    for (const op of operations) expect(op.operation, `${op.service}:${op.operation}`).toMatch(/^(Get|Describe|List|BatchGet)[A-Z]/);
  });

  it('names the missing permission and goes on when a service denies access', async () => {
    const scenario = teardownScenarios.find((s) => s.denied) as TeardownE2eScenario;
    const report = JSON.parse((await runScenario(scenario)).result.stdout) as Report;
    const ecr = report.checks.find((c) => c.id === 'teardown/ecr-repository');
    expect(ecr).toMatchObject({ status: 'skip' });
    expect(ecr?.skipReason).toContain('the caller lacks ecr:DescribeRepositories');
    const logs = report.checks.find((c) => c.id === 'teardown/log-groups');
    expect(logs?.skipReason).toContain('logs:DescribeLogGroups');
    expect(report.teardown?.resources.filter((r) => r.state === 'unknown').map((r) => r.kind).sort()).toEqual(['ecr-repository', 'log-group', 'log-group']);
    expect(report.checks.find((c) => c.id === 'teardown/codebuild-project')?.status).toBe('warn');
  });

  it('writes each leftover\'s removal commands in the safe order, for the toolchain in use', async () => {
    const half = teardownScenarios.find((s) => s.seed === 'half-finished' && !s.denied) as TeardownE2eScenario;
    const { result, seeded } = await runScenario(half);
    const report = JSON.parse(result.stdout) as Report;
    const steps = report.findings.map((f) => Number(/^Step (\d+) of the safe order/.exec(f.remediation[0] ?? '')?.[1]));
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    expect(steps[0]).toBe(1);
    const trigger = report.findings.find((f) => f.code === 'USER_POOL_TRIGGER_LEFT_BEHIND');
    expect(trigger?.remediation.join('\n')).toContain('update-user-pool resets whatever the call leaves out');
    const role = report.findings.find((f) => f.code === 'IAM_ROLE_LEFT_BEHIND' && f.message.includes(seeded.executionRole));
    expect(role?.message).toContain('trusted by bedrock-agentcore.amazonaws.com');
    const commands = role?.remediation.join('\n') ?? '';
    // IAM refuses to delete a role with policies: detach and delete them first.
    expect(commands.indexOf('detach-role-policy')).toBeLessThan(commands.indexOf('delete-role --role-name'));
    expect(commands.indexOf('delete-role-policy')).toBeLessThan(commands.indexOf('delete-role --role-name'));
    expect(report.findings.find((f) => f.code === 'ECR_REPOSITORY_LEFT_BEHIND')?.message).toContain('3 images (540.0 MiB)');
    expect(report.findings.find((f) => f.code === 'LOG_GROUP_LEFT_BEHIND')?.message).toContain('no retention (kept forever)');
    expect(report.teardown?.toolchain).toBe('starter-toolkit');
    expect(report.findings.find((f) => f.code === 'DEPLOYED_STATE_STALE')?.remediation[0]).toContain('.bedrock_agentcore.yaml');
  });

  it('writes the newer CLI\'s commands for a project deployed with it', async () => {
    const dangling = teardownScenarios.find((s) => s.project === 'agentcore-cli') as TeardownE2eScenario;
    const report = JSON.parse((await runScenario(dangling)).result.stdout) as Report;
    expect(report.teardown?.toolchain).toBe('agentcore-cli');
    expect(report.findings.find((f) => f.code === 'DEPLOYED_STATE_STALE')?.remediation[0]).toContain('agentcore/.cli/deployed-state.json');
    expect(report.findings.find((f) => f.code === 'DANGLING_USER_POOL_TRIGGER')).toMatchObject({ severity: 'error' });
  });

  it('writes JUnit, Markdown and HTML reports with the leftovers', async () => {
    const half = teardownScenarios.find((s) => s.seed === 'half-finished' && !s.denied) as TeardownE2eScenario;
    const out = join(root, 'formats');
    await mkdir(out, { recursive: true });
    const { result } = await runScenario(half, ['--junit', join(out, 'r.xml'), '--markdown', join(out, 'r.md'), '--html', join(out, 'r.html')]);
    expect(result.code).toBe(1);
    const junit = await readFile(join(out, 'r.xml'), 'utf8');
    expect(junit).toContain('teardown/ecr-repository');
    expect(junit).toContain('ECR_REPOSITORY_LEFT_BEHIND');
    execFileSync('xmllint', ['--noout', '--schema', JUNIT_XSD, join(out, 'r.xml')], { stdio: 'pipe' });
    expect(await readFile(join(out, 'r.md'), 'utf8')).toContain('USER_POOL_TRIGGER_LEFT_BEHIND');
    expect(await readFile(join(out, 'r.html'), 'utf8')).toContain('aws ecr delete-repository');
    expect(await readFile(join(out, 'r.md'), 'utf8')).toContain('teardown audit of a starter toolkit project in us-east-1');
  });

  it('gates at warning by default and passes with --fail-on error when only warnings are left', async () => {
    const half = teardownScenarios.find((s) => s.seed === 'half-finished' && !s.denied) as TeardownE2eScenario;
    const { result } = await runScenario(half, ['--fail-on', 'error', '--format', 'pretty']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/teardown audit of a starter toolkit project in us-east-1 · \d+ resources looked up: 10 left, \d+ gone/);
  });

  it('declares every permission it uses', () => {
    expect(TEARDOWN_PERMISSIONS.every((p) => /^[a-z-]+:(Get|Describe|List|BatchGet)[A-Za-z]+$/.test(p))).toBe(true);
  });
});

describe('mcp-doctor teardown on bad input', { timeout: 120_000 }, () => {
  it.each([
    [['teardown', '--dir', '/nonexistent-mcp-doctor-dir'], /nothing to audit: .* has no \.bedrock_agentcore\.yaml or agentcore\/ project files/],
    [['teardown', 'arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/'], /is not a runtime id/],
  ])('%j exits 2 with one line', async (args, message) => {
    const result = await runCli(args, { env: { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined } });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });

  it('refuses a malformed deployed-state file with one line', async () => {
    const dir = join(root, 'bad-state');
    await mkdir(join(dir, 'agentcore', '.cli'), { recursive: true });
    await writeFile(join(dir, 'agentcore', '.cli', 'deployed-state.json'), '{ not json');
    const result = await runCli(['teardown', '--dir', dir], { env: { AWS_REGION: 'us-east-1' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^mcp-doctor: agentcore\/\.cli\/deployed-state\.json is not valid JSON/);
  });
});

describe('mcp-doctor demo teardown', { timeout: 120_000 }, () => {
  it.concurrent.each([
    ['teardown', 'ECR_REPOSITORY_LEFT_BEHIND', 1],
    ['teardown-dangling-trigger', 'DANGLING_USER_POOL_TRIGGER', 1],
    ['teardown-stack-delete-failed', 'STACK_DELETE_FAILED', 1],
    ['teardown-clean', undefined, 0],
  ] as const)('%s', async (name, code, exit) => {
    const result = await runCli(['demo', name, '--format', 'json', '--quiet']);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.target.kind).toBe('deployment');
    if (code) expect(report.findings.map((f) => f.code)).toContain(code);
    else expect(report.findings).toEqual([]);
    // Leftovers are warnings: the teardown demos judge at warning, as `teardown` does.
    expect(result.code).toBe(exit);
  });

  it('lists the teardown demos and refuses an unknown one', async () => {
    const list = await runCli(['demo', '--list']);
    expect(list.stdout).toMatch(/^\s+teardown-dangling-trigger\s+Teardown audit: The pre-token Lambda was deleted before its trigger/m);
    const unknown = await runCli(['demo', 'teardown-nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown demo scenario "teardown-nope"/);
  });
});
