import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/model/report.js';
import { startFixture } from '../../fixtures/start-fixture.js';
import { CLI_PATH, runCli, type CliResult } from '../helpers/run-cli.js';
import { fixtureCommand, rehearseScenarios } from './rehearse-scenarios.js';

/**
 * `mcp-doctor rehearse` end to end: the built CLI starts real server commands (fixture servers
 * through tsx), puts the AgentCore simulation in front of them and must report the scenario's
 * codes, exit with the doctor's code and leave no server process behind.
 */

/** True while a process with this pid exists. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** At most `limit` rehearsals at once: each one runs tsx, a simulation and a diagnosis. */
function createLimit(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async (task) => {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active += 1;
    try {
      return await task();
    } finally {
      active -= 1;
      waiting.shift()?.();
    }
  };
}
const limited = createLimit(2);
/** Generous: the limit queues rehearsals, and tsx compiles each fixture on a shared machine. */
const REHEARSAL_TIMEOUT_MS = 240_000;

function parseReport(result: CliResult): Report {
  try {
    return JSON.parse(result.stdout) as Report;
  } catch {
    throw new Error(`no JSON report (exit ${result.code}); stderr: ${result.stderr.slice(0, 2000)}`);
  }
}

const JWT_SHAPED = /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}/;

describe.concurrent('mcp-doctor rehearse', () => {
  it.each(rehearseScenarios)('$name', async (scenario) => {
    const result = await limited(() => runCli(['rehearse', ...scenario.args, '--format', 'json', '--', ...scenario.command], { timeoutMs: 120_000 }));
    const report = parseReport(result);
    const codes = report.findings.map((f) => f.code);
    for (const code of scenario.codes) expect(codes, result.stderr).toContain(code);
    for (const code of scenario.absent ?? []) expect(codes).not.toContain(code);
    expect(result.code, `${codes.join(', ')}\n${result.stderr}`).toBe(scenario.exit);
    const rehearsal = report.rehearsal;
    expect(rehearsal?.startup).toBe(scenario.rehearsal.startup);
    if (scenario.rehearsal.binding) expect(rehearsal?.binding).toBe(scenario.rehearsal.binding);
    if (scenario.rehearsal.authorizer) expect(rehearsal?.authorizer).toMatch(scenario.rehearsal.authorizer);
    // The server's output is kept exactly when the rehearsal failed.
    if (scenario.rehearsal.output) expect(rehearsal?.output).toMatch(scenario.rehearsal.output);
    if (scenario.exit === 0) expect(rehearsal?.output).toBeUndefined();
    expect(result.stdout + result.stderr).not.toMatch(JWT_SHAPED);
    // The child was stopped before the doctor exited.
    expect(rehearsal?.pid).toBeTypeOf('number');
    expect(isRunning(rehearsal?.pid as number)).toBe(false);
  }, REHEARSAL_TIMEOUT_MS);

  it('rehearses a server already running at --url (no child) and sees it bound to loopback', async () => {
    const fixture = await startFixture('healthy-json');
    try {
      const result = await limited(() => runCli(['rehearse', '--url', fixture.url, '--probe-address', '127.0.0.2', '--start-timeout', '10s', '--format', 'json']));
      const report = parseReport(result);
      expect(report.findings.map((f) => f.code)).toContain('SERVER_BINDS_LOOPBACK');
      expect(report.rehearsal).toMatchObject({ url: fixture.url, binding: 'loopback-only', startup: 'listening' });
      expect(report.rehearsal?.pid).toBeUndefined();
      expect(result.code).toBe(1);
      // The simulated runtime forwarded the diagnosis to the fixture with the platform's Host header.
      expect(fixture.requests.some((r) => r.method === 'POST' && !String(r.headers.host).startsWith('127.0.0.1'))).toBe(true);
    } finally {
      await fixture.stop();
    }
  }, REHEARSAL_TIMEOUT_MS);

  it('writes every requested report format and the pretty rehearsal block', async () => {
    const { mkdtemp, readFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'rehearse-'));
    try {
      const args = ['rehearse', '--probe-address', '127.0.0.2', '--start-timeout', '40s', '--json', join(dir, 'r.json'), '--junit', join(dir, 'r.xml'), '--', ...fixtureCommand('healthy-json', '--host', '127.0.0.1')];
      const result = await limited(() => runCli(args, { timeoutMs: 120_000 }));
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/rehearsal of .*serve-fixture\.ts healthy-json --host 127\.0\.0\.1 \(pid \d+\)/);
      expect(result.stdout).toContain('bound to loopback only (probed 127.0.0.2)');
      expect(result.stdout).toMatch(/Server output\n {2}\| fixture healthy-json listening/);
      const json = JSON.parse(await readFile(join(dir, 'r.json'), 'utf8')) as Report;
      expect(json.findings.map((f) => f.code)).toContain('SERVER_BINDS_LOOPBACK');
      expect(await readFile(join(dir, 'r.xml'), 'utf8')).toContain('SERVER_BINDS_LOOPBACK');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, REHEARSAL_TIMEOUT_MS);

  it('stops the server command on Ctrl-C and exits 130', async () => {
    // A command that never listens keeps the rehearsal waiting until the signal.
    const waiting = spawn(process.execPath, [CLI_PATH, 'rehearse', '--start-timeout', '60s', '--format', 'json', '--', process.execPath, '-e', 'setInterval(() => {}, 1000)'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    let stdout = '';
    waiting.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    const pid = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no pid in stderr: ${stderr}`)), 30_000);
      waiting.stderr.setEncoding('utf8').on('data', (d: string) => {
        stderr += d;
        const match = /\(pid (\d+)\)/.exec(stderr);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
    });
    expect(isRunning(pid)).toBe(true);
    waiting.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => waiting.once('close', resolve));
    expect(code).toBe(130);
    expect(isRunning(pid)).toBe(false);
    const report = JSON.parse(stdout) as Report;
    expect(report.interrupted).toBe(true);
    expect(report.findings.map((f) => f.code)).not.toContain('RUNTIME_INIT_TIMEOUT');
  }, REHEARSAL_TIMEOUT_MS);
});

describe('mcp-doctor rehearse: bad input', () => {
  it('refuses a --port another process already listens on (it would be diagnosed instead)', async () => {
    const fixture = await startFixture('healthy-json');
    try {
      const port = new URL(fixture.url).port;
      const result = await runCli(['rehearse', '--port', port, '--', process.execPath, '-e', '0']);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(new RegExp(`port ${port} is already in use`));
      expect(fixture.requests).toHaveLength(0);
    } finally {
      await fixture.stop();
    }
  }, 60_000);

  it.each([
    ['no command and no --url', ['rehearse'], /give the server command after --/],
    ['both a command and --url', ['rehearse', '--url', 'http://127.0.0.1:9/mcp', '--', 'node', 'x.js'], /either a server command or --url/],
    ['a bad --start-timeout', ['rehearse', '--start-timeout', 'soon', '--', 'node', 'x.js'], /--start-timeout must be a duration/],
    ['--id-token without a JWT authorizer', ['rehearse', '--id-token', '--', 'node', 'x.js'], /--id-token needs a JWT authorizer/],
    ['--agent without a config file', ['rehearse', '--agent', 'x', '--config-dir', '/', '--', 'node', 'x.js'], /--agent reads \.bedrock_agentcore\.yaml/],
  ])('rejects %s with one line and exit 2', async (_name, args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  }, 60_000);
});
