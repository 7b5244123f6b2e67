import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { makeTempDir } from '../helpers/temp-dir.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/model/report.js';
import { listenLocal, type LocalServer } from '../../src/sim/listen.js';
import { startSimulation } from '../../src/sim/index.js';
import type { SimAwsOperation } from '../../src/sim/account-resources.js';
import { CLI_PATH, runCli, type CliResult } from '../helpers/run-cli.js';
import type { AgentCoreScenario } from './agentcore-scenarios.js';
import { containerLogScenarios, HANDLER_TRACEBACK, TRANSPORT_CRASH } from './container-log-scenarios.js';

/**
 * Container logs through the built CLI and the simulation's CloudWatch Logs: a failed diagnosis
 * reads them and names the cause; a healthy one never calls CloudWatch; AccessDenied and missing
 * credentials leave the diagnosis standing; every report format shows the lines; `mcp-doctor logs`.
 */

async function runScenario(scenario: AgentCoreScenario, extraArgs: string[] = []): Promise<{ result: CliResult; operations: SimAwsOperation[]; logGroup: string }> {
  const sim = await startSimulation({ knobs: { initTimeoutSeconds: 4, ...scenario.knobs } });
  let container: LocalServer | undefined;
  try {
    if (scenario.container) container = await listenLocal(scenario.container());
    const { jwt: _jwt, ...runtime } = scenario.runtime ?? {};
    const registered = sim.addRuntime({ name: 'e2e_server', ...runtime, customJWTAuthorizer: { discoveryUrl: sim.issuer.discoveryUrl, allowedClients: [sim.issuer.client.clientId] }, ...(container ? { containerUrl: container.url } : {}) });
    const token = await sim.issuer.mint(scenario.token === 'garbage' || scenario.token === 'undefined' ? {} : scenario.token);
    const env = { ...sim.env(), MCP_DOCTOR_TOKEN: token, ...scenario.env?.(sim) };
    const result = await runCli([registered.arn, '--format', 'json', '--timeout', '15s', ...(scenario.args?.(sim, registered.arn) ?? []), ...extraArgs], { env });
    return { result, operations: sim.awsOperations, logGroup: registered.logGroup() };
  } finally {
    await container?.stop();
    await sim.stop();
  }
}

// Each run waits out a 4 s init limit and spawns the CLI: generous limits for a loaded machine.
describe('container logs on a failed runtime diagnosis', { timeout: 120_000 }, () => {
  it.concurrent.each(containerLogScenarios)('$name', async (scenario) => {
    const { result, operations } = await runScenario(scenario);
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as Report;
    const codes = report.findings.map((f) => f.code);
    for (const code of scenario.codes) expect(codes).toContain(code);
    for (const code of scenario.absent ?? []) expect(codes).not.toContain(code);
    expect(result.code).toBe(scenario.exit);
    const readLogs = operations.some((op) => op.service === 'logs' && op.operation === 'FilterLogEvents');
    const failedOnDataPlane = codes.some((c) => ['RUNTIME_INIT_TIMEOUT', 'CONTAINER_ERROR'].includes(c));
    // Logs are read exactly when the data plane failed (never on a healthy run, never for a rejected token).
    expect(readLogs).toBe(failedOnDataPlane && !scenario.env);
    expect(report.containerLogs !== undefined).toBe(failedOnDataPlane);
    if (!failedOnDataPlane) expect(report.checks.map((c) => c.id)).not.toContain('container-logs');
  });

  it('quotes the log line, raises it as the likely cause of the 424, and keeps the traceback', async () => {
    const scenario = containerLogScenarios[0] as AgentCoreScenario;
    const { result, logGroup } = await runScenario(scenario);
    const report = JSON.parse(result.stdout) as Report;
    const crash = report.findings.find((f) => f.code === 'FASTMCP_HTTP_TRANSPORT_CRASH');
    expect(crash?.checkId).toBe('container-logs');
    expect(crash?.evidence?.detail).toMatch(new RegExp(`^${logGroup.replace(/[/.]/g, '\\$&')} at \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z: ValueError: Unknown transport: http$`));
    expect(report.findings.find((f) => f.code === 'RUNTIME_INIT_TIMEOUT')?.causes[0]).toMatch(/^The container log names it: .*\(FASTMCP_HTTP_TRANSPORT_CRASH\), "ValueError: Unknown transport: http"\.$/);
    const logs = report.containerLogs;
    expect(logs).toMatchObject({ logGroup, matchedCodes: ['FASTMCP_HTTP_TRANSPORT_CRASH'], readFor: ['RUNTIME_INIT_TIMEOUT'] });
    expect(logs?.lines.slice(0, 5).map((l) => l.message)).toEqual(TRANSPORT_CRASH.trimEnd().split('\n'));
    expect(logs?.lines.filter((l) => l.code).map((l) => l.message)).toEqual(['ValueError: Unknown transport: http']);
    expect(report.checks.find((c) => c.id === 'container-logs')?.status).toBe('fail');
  });

  it('an AccessDenied caller: the check is skipped naming logs:FilterLogEvents and the group, the diagnosis stands', async () => {
    const scenario = containerLogScenarios.find((s) => s.name.startsWith('caller denied')) as AgentCoreScenario;
    const { result, logGroup } = await runScenario(scenario);
    const report = JSON.parse(result.stdout) as Report;
    const check = report.checks.find((c) => c.id === 'container-logs');
    expect(check?.status).toBe('skip');
    expect(check?.skipReason).toContain('AccessDeniedException');
    expect(check?.skipReason).toContain(`logs:FilterLogEvents on ${logGroup}`);
    expect(report.containerLogs).toMatchObject({ logGroup, lines: [], matchedCodes: [], skipped: check?.skipReason });
    expect(report.findings.find((f) => f.code === 'RUNTIME_INIT_TIMEOUT')?.causes[0]).not.toMatch(/container log names it/);
  });

  it('a 500 on tools/list reads as CONTAINER_ERROR with the container\'s status and the traceback\'s last line', async () => {
    const scenario = containerLogScenarios.find((s) => s.name.startsWith('a 500 on tools/list')) as AgentCoreScenario;
    const report = JSON.parse((await runScenario(scenario)).result.stdout) as Report;
    const wrapped = report.findings.find((f) => f.code === 'CONTAINER_ERROR');
    expect(wrapped).toMatchObject({ checkId: 'tools-list', evidence: { status: 500 } });
    expect(wrapped?.message).toContain('answered HTTP 500 for tools/list');
    expect(report.findings.find((f) => f.code === 'CONTAINER_EXCEPTION')?.message).toContain(`"KeyError: 'DATABASE_URL'"`);
    expect(report.containerLogs?.lines.map((l) => l.message)).toEqual(expect.arrayContaining(HANDLER_TRACEBACK.trimEnd().split('\n')));
  });

  it('every report format shows the lines, the matched one marked', async () => {
    const dir = makeTempDir('logs');
    const files = { junit: join(dir, 'r.xml'), markdown: join(dir, 'r.md'), html: join(dir, 'r.html') };
    const scenario = containerLogScenarios[0] as AgentCoreScenario;
    const { result } = await runScenario({ ...scenario, args: () => ['--format', 'pretty', '--junit', files.junit, '--markdown', files.markdown, '--html', files.html] });
    expect(result.stdout).toMatch(/\nContainer logs\n/);
    expect(result.stdout).toMatch(/▶ \d{4}-\d\d-\d\d [\d:]+Z {2}ValueError: Unknown transport: http {2}FASTMCP_HTTP_TRANSPORT_CRASH/);
    expect(result.stdout).toMatch(/\| \d{4}-\d\d-\d\d [\d:]+Z {4}File "\/app\/server.py", line 31, in <module>/);
    const junit = readFileSync(files.junit, 'utf8');
    const frontDoor = /<testcase name="agentcore-front-door"[\s\S]*?<\/testcase>/.exec(junit)?.[0] ?? '';
    expect(frontDoor).toContain('<failure type="RUNTIME_INIT_TIMEOUT"');
    expect(frontDoor).toMatch(/<system-err>[\s\S]*&gt;&gt; .*ValueError: Unknown transport: http {4}\[FASTMCP_HTTP_TRANSPORT_CRASH\][\s\S]*<\/system-err>/);
    expect(/<testcase name="container-logs"[\s\S]*?<\/testcase>/.exec(junit)?.[0]).toContain('<system-err>');
    const markdown = readFileSync(files.markdown, 'utf8');
    expect(markdown).toContain('#### Container logs');
    expect(markdown).toMatch(/▶ .*ValueError: Unknown transport: http {4}\[FASTMCP_HTTP_TRANSPORT_CRASH\]/);
    const html = readFileSync(files.html, 'utf8');
    expect(html).toContain('<h3>Container logs</h3>');
    expect(html).toMatch(/<mark>[^<]*ValueError: Unknown transport: http {2}\[FASTMCP_HTTP_TRANSPORT_CRASH\]<\/mark>/);
  });

  it('log lines pass the redaction and output guard: no token, no terminal controls', async () => {
    const sim = await startSimulation({ knobs: { initTimeoutSeconds: 4 } });
    try {
      const runtime = sim.addRuntime({ name: 'leaky', customJWTAuthorizer: { discoveryUrl: sim.issuer.discoveryUrl, allowedClients: [sim.issuer.client.clientId] } });
      const token = await sim.issuer.mint();
      runtime.update({ startupOutput: `DEBUG headers: {'authorization': 'Bearer ${token}'}\n\u001b[2J\u001b[31mcleared the screen\u001b[0m\n${TRANSPORT_CRASH}` });
      for (const format of ['json', 'pretty']) {
        const result = await runCli([runtime.arn, '--format', format, '--timeout', '15s'], { env: { ...sim.env(), MCP_DOCTOR_TOKEN: token } });
        expect(result.stdout, format).toContain('FASTMCP_HTTP_TRANSPORT_CRASH');
        expect(result.stdout, format).not.toContain(token);
        expect(result.stdout, format).toContain('cleared the screen');
        expect(result.stdout, format).not.toMatch(/\u001b|\\u001b/);
      }
    } finally {
      await sim.stop();
    }
  });

  it('--no-logs reads nothing', async () => {
    const { result, operations } = await runScenario(containerLogScenarios[0] as AgentCoreScenario, ['--no-logs']);
    expect(operations.filter((op) => op.service === 'logs')).toEqual([]);
    expect((JSON.parse(result.stdout) as Report).containerLogs).toBeUndefined();
  });
});

describe('mcp-doctor demo startup-crash', { timeout: 120_000 }, () => {
  it('finds the crash in the container log', async () => {
    const result = await runCli(['demo', 'startup-crash', '--format', 'json']);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.findings.map((f) => f.code)).toEqual(expect.arrayContaining(['RUNTIME_INIT_TIMEOUT', 'FASTMCP_HTTP_TRANSPORT_CRASH']));
    expect(report.containerLogs?.matchedCodes).toEqual(['FASTMCP_HTTP_TRANSPORT_CRASH']);
    expect(result.code).toBe(1);
  });
});

describe('mcp-doctor logs', { timeout: 120_000 }, () => {
  async function withRuntime<T>(fn: (ctx: { arn: string; env: Record<string, string>; print: (text: string, at?: Date) => void; logGroup: string; deny: (on: boolean) => void }) => Promise<T>): Promise<T> {
    const sim = await startSimulation();
    try {
      const runtime = sim.addRuntime({ name: 'logs_cli' });
      return await fn({ arn: runtime.arn, env: sim.env(), print: (text, at) => runtime.print(text, 'DEFAULT', at), logGroup: runtime.logGroup(), deny: (on) => (sim.knobs.denyLogs = on) });
    } finally {
      await sim.stop();
    }
  }

  it('shows the recent lines of --since with the same matching, as JSON', async () => {
    await withRuntime(async ({ arn, env, print, logGroup }) => {
      print('an hour-old line\n', new Date(Date.now() - 3_600_000));
      print(TRANSPORT_CRASH);
      const result = await runCli(['logs', arn, '--since', '10m', '--format', 'json'], { env });
      const report = JSON.parse(result.stdout) as Report;
      expect(report.containerLogs?.logGroup).toBe(logGroup);
      expect(report.containerLogs?.lines.map((l) => l.message)).toEqual(TRANSPORT_CRASH.trimEnd().split('\n'));
      expect(report.findings.map((f) => f.code)).toEqual(['FASTMCP_HTTP_TRANSPORT_CRASH']);
      expect(result.code).toBe(1);
      const wider = JSON.parse((await runCli(['logs', arn, '--since', '2h', '--format', 'json'], { env })).stdout) as Report;
      expect(wider.containerLogs?.lines[0]?.message).toBe('an hour-old line');
    });
  });

  it('exits 0 on lines that name nothing, and renders every format', async () => {
    await withRuntime(async ({ arn, env, print }) => {
      print('INFO:     Uvicorn running on http://0.0.0.0:8000 (Press CTRL+C to quit)\n');
      const pretty = await runCli(['logs', arn], { env });
      expect(pretty.code).toBe(0);
      expect(pretty.stdout).toMatch(/\| .*Uvicorn running on http:\/\/0\.0\.0\.0:8000/);
      // No data-plane request was made: the header says nothing about how requests were signed.
      expect(pretty.stdout).not.toContain('requests signed');
      for (const format of ['markdown', 'html', 'junit']) {
        const out = await runCli(['logs', arn, '--format', format], { env });
        expect(out.code, format).toBe(0);
        expect(out.stdout, format).toContain('Uvicorn running on http://0.0.0.0:8000');
      }
    });
  });

  it('an AccessDenied caller gets a one-line reason naming the permission and the group, exit 1', async () => {
    await withRuntime(async ({ arn, env, logGroup, deny }) => {
      deny(true);
      const result = await runCli(['logs', arn, '--format', 'json'], { env });
      const report = JSON.parse(result.stdout) as Report;
      expect(report.checks[0]).toMatchObject({ id: 'container-logs', status: 'error' });
      expect(report.checks[0]?.errorMessage).toContain(`logs:FilterLogEvents on ${logGroup}`);
      expect(result.code).toBe(1);
    });
  });

  it('rejects bad input with exit 2', async () => {
    for (const args of [['logs', 'https://example.invalid/mcp'], ['logs', 'arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/x-AbCdEfGhIj', '--since', 'yesterday'], ['logs', 'arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/x-AbCdEfGhIj', '--limit', '0']]) {
      const result = await runCli(args, { env: { AWS_REGION: 'us-east-1' } });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/^mcp-doctor: [^\n]+\n$/);
    }
  });

  it('--follow streams new lines until Ctrl-C, then writes the report', async () => {
    await withRuntime(async ({ arn, env, print }) => {
      print('INFO:     Started server process [1]\n');
      const child = spawn(process.execPath, [CLI_PATH, 'logs', arn, '--follow', '--deadline', '10m', '--color=false'], { env: { ...process.env, ...env, NO_COLOR: '1', AWS_EC2_METADATA_DISABLED: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let printed = false;
      let stopped = false;
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        // The first line arrived: the follower is reading; print the crash, then stop it once it shows.
        if (!printed && stdout.includes('Started server process')) {
          printed = true;
          print(TRANSPORT_CRASH);
        }
        if (!stopped && stdout.includes('FASTMCP_HTTP_TRANSPORT_CRASH')) {
          stopped = true;
          child.kill('SIGINT');
        }
      });
      const code = await exited;
      expect(stdout).toMatch(/^ {2}\d{4}-\d\d-\d\d [\d:]+Z {2}INFO: {5}Started server process \[1\]$/m);
      expect(stdout).toMatch(/^▶ .*ValueError: Unknown transport: http {2}FASTMCP_HTTP_TRANSPORT_CRASH$/m);
      // The closing report names the cause once more with its fix.
      expect(stdout).toMatch(/FASTMCP_HTTP_TRANSPORT_CRASH {2}run\(transport=\.\.\.\)/);
      expect(code).toBe(130);
    });
  });
});
