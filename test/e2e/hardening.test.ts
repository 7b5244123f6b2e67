import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/model/report.js';
import { listenLocal, type LocalServer } from '../../src/sim/listen.js';
import { createSampleServer, createStatelessApp, startSimulation } from '../../src/sim/index.js';
import { serveStatelessRequest } from '../../src/sim/containers/mcp-app.js';
import type { Simulation } from '../../src/sim/types.js';
import { runCli } from '../helpers/run-cli.js';
import { fifo } from '../helpers/special-files.js';

const scratch = mkdtempSync(join(tmpdir(), 'mcp-doctor-hardening-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A fresh folder under the scratch folder. */
function folder(name: string): string {
  const path = join(scratch, name);
  mkdirSync(path, { recursive: true });
  return path;
}

/** Issue 16 through the built CLI: what the report claims matches what was sent. */
describe('the report says how requests were actually sent', () => {
  let sim: Simulation;
  let container: LocalServer;
  let arn = '';
  beforeAll(async () => {
    sim = await startSimulation();
    container = await listenLocal(createStatelessApp());
    arn = sim.addRuntime({ name: 'iam_runtime', containerUrl: container.url }).arn;
  });
  afterAll(async () => {
    await container.stop();
    await sim.stop();
  });

  it.each([
    { name: 'signed with SigV4 when the AWS SDK signs', args: [] as string[], auth: 'sigv4', pretty: /requests signed with SigV4/ },
    { name: 'without credentials with --no-aws (nothing signs)', args: ['--no-aws'], auth: 'none', pretty: /requests without credentials/ },
  ])('$name', async ({ args, auth, pretty }) => {
    const json = await runCli([arn, '--format', 'json', '--timeout', '15s', ...args], { env: sim.env() });
    const report = JSON.parse(json.stdout) as Report;
    expect(report.runtime?.requestAuth).toBe(auth);
    const text = await runCli([arn, '--timeout', '15s', ...args], { env: sim.env() });
    expect(text.stdout).toMatch(pretty);
    if (auth === 'none') expect(text.stdout).not.toMatch(/signed with SigV4/);
  });
});

describe('rehearse never prints the environment\'s AWS secrets', () => {
  const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY';
  const SESSION = 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD';

  it('a server that prints them and exits at start-up: no format shows them', async () => {
    const dir = folder('rehearse-secrets');
    const json = join(dir, 'r.json');
    const markdown = join(dir, 'r.md');
    const html = join(dir, 'r.html');
    const script = 'console.log("key=" + process.env.AWS_SECRET_ACCESS_KEY); console.error("session " + process.env.AWS_SESSION_TOKEN); process.exit(3)';
    const result = await runCli(['rehearse', '--start-timeout', '20s', '--json', json, '--markdown', markdown, '--html', html, '--', process.execPath, '-e', script], {
      env: { AWS_SECRET_ACCESS_KEY: SECRET, AWS_SESSION_TOKEN: SESSION, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE' },
      cwd: dir,
      timeoutMs: 120_000,
    });
    expect(result.code).toBe(1);
    const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
    expect(report.findings.map((f) => f.code)).toContain('SERVER_EXITED_AT_STARTUP');
    // The output is kept (the secret's place shows it was printed), the secret is not.
    expect(report.rehearsal?.output).toMatch(/key=\[REDACTED\]/);
    for (const text of [result.stdout, result.stderr, readFileSync(json, 'utf8'), readFileSync(markdown, 'utf8'), readFileSync(html, 'utf8')]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(SESSION);
      expect(text).not.toContain(SECRET.slice(0, 16));
    }
  });
});

describe('lint masks secrets in the lines it quotes', () => {
  it('a Dockerfile CMD with an API key, in pretty and SARIF output', async () => {
    const dir = folder('lint-secret');
    writeFileSync(join(dir, 'main.py'), 'from mcp.server.fastmcp import FastMCP\nmcp = FastMCP("x")\napp = mcp.streamable_http_app()\n');
    writeFileSync(join(dir, 'Dockerfile'), 'FROM --platform=linux/arm64 python:3.12-slim\nCOPY . .\nEXPOSE 8000\nCMD ["uvicorn", "main:app", "--port", "8000", "--api-key", "sk-live-abcdef1234567890XYZ"]\n');
    const sarif = join(dir, 'lint.sarif');
    const result = await runCli(['lint', dir, '--sarif', sarif]);
    expect(result.stdout).toContain('--api-key');
    expect(result.stdout).toContain('[REDACTED]');
    for (const text of [result.stdout, result.stderr, readFileSync(sarif, 'utf8')]) expect(text).not.toContain('sk-live-abcdef');
  });
});

describe('files that are not what their names say', () => {
  it.each([
    ['a FIFO named .mcp-doctorrc.json', (dir: string) => fifo(join(dir, '.mcp-doctorrc.json')), ['http://127.0.0.1:9/mcp'], /\.mcp-doctorrc\.json: cannot read \(is a FIFO \(named pipe\), not a regular file\)/],
    ['a FIFO named .bedrock_agentcore.yaml', (dir: string) => fifo(join(dir, '.bedrock_agentcore.yaml')), [], /\.bedrock_agentcore\.yaml: cannot read \(is a FIFO/],
    ['a .bedrock_agentcore.yaml linked to /dev/zero', (dir: string) => symlinkSync('/dev/zero', join(dir, '.bedrock_agentcore.yaml')), [], /\.bedrock_agentcore\.yaml: cannot read \(a symbolic link that leads out of the project folder\)/],
    ['rehearse: agentcore/agentcore.json linked out of the folder', (dir: string) => {
      mkdirSync(join(dir, 'agentcore'));
      writeFileSync(join(scratch, 'outside.txt'), 'root:x:0:0:the first bytes of a file elsewhere');
      symlinkSync(join(scratch, 'outside.txt'), join(dir, 'agentcore', 'agentcore.json'));
    }, ['rehearse', '--', 'true'], /agentcore\/agentcore\.json: cannot read \(a symbolic link that leads out of the project folder\)/],
  ])('%s: exit 2 with one line, without blocking or quoting the target', async (name, plant, args, message) => {
    const dir = folder(name.replace(/[^a-z]+/gi, '-'));
    plant(dir);
    const result = await runCli(args, { cwd: dir, timeoutMs: 60_000 });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toContain('root:x');
  });
});

describe('redirects, as docs/hardening.md says', () => {
  it('the SDK session follows a redirect within the origin, with the token on that origin only', async () => {
    const seen: string[] = [];
    const server = await listenLocal(async (req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization ? 'auth' : 'none'}`);
      if (req.url === '/mcp') {
        res.writeHead(307, { location: '/real/mcp' }).end();
        return;
      }
      if (req.url !== '/real/mcp') {
        res.writeHead(404).end();
        return;
      }
      req.url = '/mcp';
      await serveStatelessRequest(req, res, createSampleServer(), true);
    });
    try {
      const result = await runCli([`${server.origin}/mcp`, '--only', 'mcp-session,tools-list', '--format', 'json', '--timeout', '10s'], { env: { MCP_DOCTOR_TOKEN: 'redirect-canary-token-12345' } });
      const report = JSON.parse(result.stdout) as Report;
      expect(report.checks.find((c) => c.id === 'tools-list')?.status).toBe('pass');
      expect(seen.some((line) => line.startsWith('POST /real/mcp auth'))).toBe(true);
    } finally {
      await server.stop();
    }
  });
});
