import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/model/report.js';
import { runCli } from '../helpers/run-cli.js';

/**
 * The TypeScript SDK's own stateful example server (`simpleStreamableHttp`, unmodified from
 * node_modules), which rejects a foreign Host by default. Its Host check failing must hide nothing:
 * the doctor's own initialize with the real Host succeeds, so statefulness and the foreign-session
 * answer are judged in the same run.
 */
const example = createRequire(import.meta.url).resolve('@modelcontextprotocol/sdk/examples/server/simpleStreamableHttp.js');
const loopback = fileURLToPath(new URL('../helpers/listen-loopback.mjs', import.meta.url));

describe('the TypeScript SDK stateful example server', () => {
  let server: ChildProcess | undefined;
  let url = '';

  beforeAll(async () => {
    server = spawn(process.execPath, ['--import', loopback, example], { stdio: ['ignore', 'ignore', 'pipe'] });
    url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the example server did not start')), 25_000);
      let log = '';
      server?.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
        log += chunk;
        const port = /LISTENING (\d+)/.exec(log)?.[1];
        if (port) {
          clearTimeout(timer);
          resolve(`http://127.0.0.1:${port}/mcp`);
        }
      });
      server?.once('exit', (code) => reject(new Error(`the example server exited with ${code}: ${log}`)));
    });
  });

  afterAll(() => {
    server?.kill('SIGKILL');
  });

  it('reports the Host finding, SERVER_STATEFUL and FOREIGN_SESSION_ID_REJECTED in one run (agentcore profile)', async () => {
    const result = await runCli([url, '--profile', 'agentcore', '--format', 'json']);
    const report = JSON.parse(result.stdout) as Report;
    const codes = report.findings.map((f) => f.code);
    expect(codes).toEqual(expect.arrayContaining(['HOST_HEADER_REJECTED', 'SERVER_STATEFUL', 'FOREIGN_SESSION_ID_REJECTED']));
    const check = (id: string) => report.checks.find((c) => c.id === id);
    // Only the made-up Host was refused; everything judged on the real-Host initialize still ran.
    const host = report.findings.find((f) => f.code === 'HOST_HEADER_REJECTED');
    expect(host?.evidence?.request).toMatch(/host: mcp-doctor-host-check\.invalid/i);
    expect(check(host?.checkId ?? '')?.status).toBe('fail');
    for (const id of ['initialize', 'protocol-version', 'stateless', 'foreign-session-id', 'mcp-session', 'tools-list']) {
      expect(check(id)?.status, `${id}: ${check(id)?.skipReason ?? ''}`).not.toBe('skip');
    }
    expect(check('initialize')?.status).toBe('pass');
    expect(check('stateless')?.status).toBe('fail');
    expect(check('foreign-session-id')?.status).toBe('fail');
    expect(check('mcp-session')?.status).toBe('pass');
    expect(report.server).toMatchObject({ name: 'simple-streamable-http-server', stateful: true });
    expect(report.server.tools).toBeGreaterThan(0);
    // No skip blames another check; every skip names the observation it lacks.
    for (const skipped of report.checks.filter((c) => c.status === 'skip')) expect(skipped.skipReason).not.toMatch(/prerequisite check/);
    expect(result.code).toBe(1);
  });
});
