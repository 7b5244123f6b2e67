import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startFixture } from '../../fixtures/start-fixture.js';
import type { Report } from '../../src/model/report.js';
import { runCli } from '../helpers/run-cli.js';

/**
 * Through the built CLI: the stack fingerprint names the server's library from its answers, and
 * the same finding gets that library's cause and fix first (a TypeScript server TypeScript-first,
 * a Python server Python-first); the toolchain of the folder the doctor runs in leads AgentCore fixes.
 */
async function diagnose(fixtureName: 'stateful' | 'python-stateful', cwd?: string): Promise<Report> {
  const fixture = await startFixture(fixtureName);
  try {
    const result = await runCli([fixture.url, '--format', 'json', '--timeout', '5s'], cwd ? { cwd } : {});
    return JSON.parse(result.stdout) as Report;
  } finally {
    await fixture.stop();
  }
}

describe('stack-aware advice, end to end', () => {
  it('a stateful TypeScript server gets TypeScript-first causes and fixes', async () => {
    const report = await diagnose('stateful');
    expect(report.server.stack?.name).toBe('typescript-sdk');
    expect(report.server.stack?.evidence.join('\n')).toMatch(/Mcp-Session-Id header is required|Session not found/);
    const finding = report.findings.find((f) => f.code === 'SERVER_STATEFUL');
    expect(finding?.remediation[0]).toMatch(/^TypeScript SDK \(`@modelcontextprotocol\/sdk` 1\.x\): /);
    expect(finding?.causes[0]).toMatch(/^TypeScript SDK/);
    // The Python lines are still there, labelled, after it.
    expect(finding?.remediation.some((line) => line.startsWith('python-sdk 1.x'))).toBe(true);
  });

  it('a stateful python-sdk server gets python-sdk-first causes and fixes', async () => {
    const report = await diagnose('python-stateful');
    expect(report.server.stack?.name).toBe('python-sdk');
    expect(report.server.stack?.versionRange).toMatch(/>=1\.26/);
    const finding = report.findings.find((f) => f.code === 'SERVER_STATEFUL');
    expect(finding?.remediation[0]).toMatch(/^python-sdk 1\.x .*`mcp = FastMCP\("server", stateless_http=True, host="0\.0\.0\.0", port=8000\)` then `mcp\.run\(transport="streamable-http"\)`/);
    expect(finding?.remediation.findIndex((line) => line.startsWith('TypeScript SDK'))).toBeGreaterThan(0);
  });

  it('reads the deployed runtime of the AgentCore CLI when no target is given; a missing target is one line and exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcp-doctor-cli-project-'));
    try {
      mkdirSync(join(dir, 'agentcore', '.cli'), { recursive: true });
      writeFileSync(join(dir, 'agentcore', 'aws-targets.json'), JSON.stringify([{ name: 'default', account: '123456789012', region: 'us-east-1' }]));
      writeFileSync(
        join(dir, 'agentcore', '.cli', 'deployed-state.json'),
        JSON.stringify({ targets: { default: { resources: { runtimes: { mcpjwt: { runtimeId: 'mcpjwt-AbCdEf1234', runtimeArn: 'arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/mcpjwt-AbCdEf1234' } } } } } }),
      );
      const missing = await runCli(['--target', 'prod', '--format', 'json'], { cwd: dir });
      expect(missing.code).toBe(2);
      expect(missing.stderr.trim().split('\n')).toHaveLength(1);
      expect(missing.stderr).toMatch(/no target "prod"/);
      // The default target resolves to its ARN; --no-aws and an unreachable data plane keep the run local.
      const found = await runCli(['--no-aws', '--endpoint-url', 'http://127.0.0.1:9', '--timeout', '2s', '--format', 'json'], { cwd: dir });
      const report = JSON.parse(found.stdout) as Report;
      expect(report.target.input).toBe('arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/mcpjwt-AbCdEf1234');
      expect(report.target.source).toBe('agentcore/.cli/deployed-state.json, target default, runtime mcpjwt');
      expect(found.stderr).toMatch(/diagnosing runtime "mcpjwt" of target "default"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
