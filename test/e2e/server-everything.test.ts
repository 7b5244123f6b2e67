import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/model/report.js';
import { runCli } from '../helpers/run-cli.js';

/**
 * A real third-party server: the MCP project's own "everything" server (stateful, TypeScript SDK).
 * The SDK session must succeed, and statefulness must be reported.
 */
const entry = createRequire(import.meta.url).resolve('@modelcontextprotocol/server-everything/dist/index.js');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

describe('@modelcontextprotocol/server-everything', () => {
  let server: ChildProcess | undefined;
  let url = '';

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}/mcp`;
    server = spawn(process.execPath, [entry, 'streamableHttp'], { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('server-everything did not start')), 20_000);
      let log = '';
      server?.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
        log += chunk;
        if (/listening on port/i.test(log)) {
          clearTimeout(timer);
          resolve();
        }
      });
      server?.once('exit', (code) => reject(new Error(`server-everything exited with ${code}: ${log}`)));
    });
  });

  afterAll(() => {
    server?.kill('SIGKILL');
  });

  it('completes a session and reports SERVER_STATEFUL', async () => {
    const result = await runCli([url, '--format', 'json']);
    const report = JSON.parse(result.stdout) as Report;
    const status = (id: string) => report.checks.find((c) => c.id === id)?.status;
    expect(status('mcp-session')).toBe('pass');
    expect(status('tools-list')).toBe('pass');
    expect(report.server.tools).toBeGreaterThan(0);
    expect(report.server.stateful).toBe(true);
    expect(report.findings.map((f) => f.code)).toContain('SERVER_STATEFUL');
    // The real TypeScript server is recognised from its own wordings, and its fixes lead.
    expect(report.server.stack?.name).toBe('typescript-sdk');
    expect(report.findings.find((f) => f.code === 'SERVER_STATEFUL')?.remediation[0]).toMatch(/^TypeScript SDK/);
    // Stateful is legal MCP: only the agentcore profile makes it an error.
    expect(report.findings.find((f) => f.code === 'SERVER_STATEFUL')?.severity).toBe('info');
    expect(result.code).toBe(0);
  });

  it('fails it under the agentcore profile', async () => {
    const result = await runCli([url, '--format', 'json', '--profile', 'agentcore']);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.findings.find((f) => f.code === 'SERVER_STATEFUL')?.severity).toBe('error');
    expect(result.code).toBe(1);
  });
});
