import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/model/report.js';
import { reporters, renderGithubSummary, type ReportFormat } from '../../src/report/index.js';
import { foldSingleLineFields, guardLine, guardOutput } from '../../src/security/output-guard.js';
import { readBody } from '../../src/sim/containers/http.js';
import { listenLocal } from '../../src/sim/listen.js';
import { sampleReport } from '../helpers/sample-report.js';
import { runCli } from '../helpers/run-cli.js';
import { hostileString, runs, timeoutFor } from './runs.js';

/**
 * The output guard (issue 16): whatever a server, a file name or a config value holds (controls,
 * escape sequences, CR/LF, `::` workflow commands), no output line of any command or format can
 * drive a terminal, and in every format but `github` none starts a GitHub Actions command.
 */

/** Terminal controls: C0 except tab/LF, CR included, DEL, C1, bidi overrides and isolates. */
const TERMINAL_CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
/** A line the Actions runner would read as a command (it trims leading white space first). */
const COMMAND_LINE = /^[ \t\f\v\u00a0]*::/;
/**
 * The commands the `github` format writes on purpose (also after the pretty report in Actions):
 * properties escaped, so no `:` or `,` inside them, and always a title.
 */
const OWN_COMMAND = /^::(error|warning|notice) ([A-Za-z]+=[^,:]*,)*title=[^,:]*::/;

/** Every line of `text` that breaks the guard's promise, with where it was found. */
function badLines(where: string, text: string, github: boolean): string[] {
  return text
    .split('\n')
    .filter((line) => TERMINAL_CONTROLS.test(line) || (COMMAND_LINE.test(line) && !(github && OWN_COMMAND.test(line))))
    .map((line) => `${where}: ${JSON.stringify(line.slice(0, 120))}`);
}

/** Strings built to break lines and start commands: the hostile pool plus CR/LF and `::` around it. */
const injection = fc
  .tuple(hostileString(40), fc.constantFrom('\n', '\r', '\r\n', '\u2028', '\n  ', '\n\t'), fc.constantFrom('::error file=x::owned', '::stop-commands::tok', '::add-mask::x', '::set-output name=a::b', ' ::warning::w', '\u001b[0m::error::c'), hostileString(20))
  .map(([a, br, cmd, b]) => `${a}${br}${cmd}${b}`);

const tmp = mkdtempSync(join(tmpdir(), 'mcp-doctor-guard-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('output guard property', () => {
  it('guardOutput and guardLine: no control, no CR, no command line (except in the github format)', () => {
    fc.assert(
      fc.property(fc.oneof(hostileString(200), injection), fc.boolean(), (text, github) => {
        const out = guardOutput(text, { github });
        expect(out).not.toMatch(/\r/);
        expect(TERMINAL_CONTROLS.test(out)).toBe(false);
        // The github format keeps `::` lines (its own annotations); every other output has none.
        if (!github) expect(out.split('\n').filter((l) => COMMAND_LINE.test(l))).toEqual([]);
        const line = guardLine(text);
        expect(line).not.toMatch(/[\n\r]/);
        expect(COMMAND_LINE.test(line)).toBe(false);
      }),
      runs(),
    );
  });

  it('every format of a report with hostile single-line fields, as the CLI writes it', () => {
    fc.assert(
      fc.property(injection, injection, injection, injection, (name, version, file, target) => {
        const report = sampleReport();
        report.server = { ...report.server, name, protocolVersion: version };
        report.target = { ...report.target, input: target, source: `${file} agent` };
        for (const finding of report.findings) finding.location = { file, line: 1, column: 1 };
        const folded = foldSingleLineFields([report]);
        const outputs: Record<string, string> = { summary: guardOutput(renderGithubSummary(folded)) };
        for (const format of Object.keys(reporters) as ReportFormat[]) {
          outputs[format] = guardOutput(reporters[format](folded, { color: false, verbose: true }), { github: format === 'github' });
        }
        const bad = Object.entries(outputs).flatMap(([format, text]) => badLines(format, text, format === 'github'));
        expect(bad).toEqual([]);
        // Folded, not dropped: the server's name is still in the pretty report, on one line.
        expect(guardOutput(reporters.pretty(folded, { color: false })).split('\n').some((l) => l.includes('owned') || l.includes('stop-commands') || l.includes('add-mask') || l.includes('set-output') || l.includes('warning::w') || l.includes('error::c'))).toBe(true);
      }),
      runs(0.2),
    );
  });

  it('every command and format of the CLI, fed by a server, file names and config values', async () => {
    await fc.assert(
      fc.asyncProperty(injection, injection, injection, fc.constantFrom<ReportFormat>('pretty', 'json', 'junit', 'markdown', 'html', 'github', 'sarif'), async (serverText, fileText, configText, format) => {
        const server = await listenLocal((req, res) => void answer(req, res, serverText));
        const dir = mkdtempSync(join(tmp, 'run-'));
        try {
          // A project whose file names, config values and agent names carry the injection.
          const project = join(dir, 'project');
          mkdirSync(project);
          const fileName = `${fileText.replace(/[/\u0000]/g, '_').slice(0, 80)}.py`;
          writeFileSync(join(project, 'main.py'), 'from mcp.server.fastmcp import FastMCP\nmcp = FastMCP("x")\nmcp.run()\n');
          try {
            writeFileSync(join(project, fileName), `from mcp.server.fastmcp import FastMCP\nmcp = FastMCP(${JSON.stringify(configText)}, host="127.0.0.1")\nmcp.run(transport="streamable-http")\n`);
          } catch {
            // A name the file system refuses: the config values still carry the injection.
          }
          const agent = JSON.stringify(configText);
          writeFileSync(join(project, '.bedrock_agentcore.yaml'), `default_agent: ${agent}\nagents:\n  ${agent}:\n    name: ${agent}\n    entrypoint: main.py\n    bedrock_agentcore:\n      agent_arn: ${JSON.stringify(`arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/x${configText}`)}\n`);
          const files = { json: join(dir, 'r.json'), junit: join(dir, 'r.xml'), markdown: join(dir, 'r.md'), html: join(dir, 'r.html') };
          const env = { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: join(dir, 'summary.md'), AWS_EC2_METADATA_DISABLED: 'true', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY', AWS_ENDPOINT_URL: `${server.origin}/aws` };
          const runsOf: Array<{ name: string; args: string[]; cwd?: string }> = [
            { name: 'diagnose', args: [`${server.origin}/mcp`, '--format', format, '--timeout', '3s', '--deadline', '20s', '--verbose', '--debug', '--json', files.json, '--junit', files.junit, '--markdown', files.markdown, '--html', files.html] },
            { name: 'lint', args: ['lint', project, '--format', format, '--verbose'] },
            // No target: the agent comes from .bedrock_agentcore.yaml (the "diagnosing agent" line).
            { name: 'configured agent', args: ['--format', format, '--timeout', '2s', '--deadline', '10s', '--no-aws'], cwd: project },
          ];
          for (const run of runsOf) {
            const result = await runCli(run.args, { env, timeoutMs: 60_000, ...(run.cwd ? { cwd: run.cwd } : {}) });
            // In Actions the pretty report is followed by the annotations.
            const github = format === 'github' || format === 'pretty';
            const bad = [...badLines(`${run.name} stdout`, result.stdout, github), ...badLines(`${run.name} stderr`, result.stderr, false)];
            expect(bad, `exit ${result.code}`).toEqual([]);
          }
          for (const file of readdirSync(dir).filter((f) => f.includes('.'))) expect(badLines(file, readFileSync(join(dir, file), 'utf8'), false)).toEqual([]);
        } finally {
          await server.stop();
        }
      }),
      runs(0.01),
    );
  }, timeoutFor(0.01, 40_000));
});

/** A stateless MCP server whose every string (server name, version, protocol version, tool names) is `text`. */
async function answer(req: IncomingMessage, res: ServerResponse, text: string): Promise<void> {
  if (req.method !== 'POST') {
    res.writeHead(405, { allow: 'POST', 'content-type': 'text/plain' }).end(`no ${text}`);
    return;
  }
  let request: { id?: string | number; method?: string };
  try {
    request = JSON.parse((await readBody(req)).toString('utf8')) as typeof request;
  } catch {
    res.writeHead(400, { 'content-type': 'text/plain' }).end(text);
    return;
  }
  if (request.id === undefined) {
    res.writeHead(202).end();
    return;
  }
  const result =
    request.method === 'initialize'
      ? { protocolVersion: text, capabilities: { tools: {} }, serverInfo: { name: text, version: text }, instructions: text }
      : request.method === 'tools/list'
        ? { tools: [{ name: text, description: text, inputSchema: { type: 'object' } }] }
        : {};
  const body = request.method === 'ping' ? { jsonrpc: '2.0', id: request.id, error: { code: -32000, message: text } } : { jsonrpc: '2.0', id: request.id, result };
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
