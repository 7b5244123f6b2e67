#!/usr/bin/env node
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { FINDING_CODES } from './catalog/codes.js';
import { resolveExplainQuery } from './catalog/explain-query.js';
import { decideColor, parseDuration, parseHeaders, parseToolArgs, readToken, splitList } from './cli/inputs.js';
import { DoctorError, UsageError } from './engine/errors.js';
import { getExitCode } from './engine/post-process.js';
import type { FailOn, Profile } from './engine/types.js';
import { listCodes, renderExplain } from './report/explain.js';
import { REPORT_FORMATS, reporters, type ReportFormat } from './report/index.js';
import { writeReportFile, writeStdout } from './report/write.js';
import { Redactor } from './security/redact.js';
import { TOOL_VERSION } from './version.js';

/**
 * The command line: parse, call the library, render, write, return an exit code. Heavy modules
 * (the engine, the MCP SDK, undici) load only when a diagnosis runs, so `--version` and `explain`
 * start fast.
 */

interface DiagnoseArgs {
  target?: string;
  format: ReportFormat;
  output?: string;
  json?: string;
  junit?: string;
  header: string[];
  tokenFile?: string;
  token?: string;
  timeout: string;
  deadline: string;
  only?: string[];
  skip?: string[];
  failOn: FailOn;
  profile?: Profile;
  quiet: boolean;
  verbose: boolean;
  debug: boolean;
  color?: boolean;
  call?: string;
  args?: string;
}

async function diagnose(argv: DiagnoseArgs, redactor: Redactor): Promise<number> {
  if (!argv.target) throw new UsageError('no target given; usage: mcp-doctor <url>  (e.g. mcp-doctor http://127.0.0.1:8000/mcp)');
  const token = await readToken(argv, process.env, readStdin);
  if (token?.source === 'argv') {
    process.stderr.write('mcp-doctor: warning: --token leaks into shell history and process lists; use --token-file or MCP_DOCTOR_TOKEN\n');
  }
  redactor.addSecret(token?.token);
  const headers = parseHeaders(argv.header);
  for (const value of Object.values(headers)) redactor.addSecret(value);
  const { runDoctor } = await import('./engine/run-doctor.js');
  const report = await runDoctor(
    {
      target: argv.target,
      profile: argv.profile ?? 'generic',
      headers,
      timeoutMs: parseDuration(argv.timeout, '--timeout'),
      overallTimeoutMs: parseDuration(argv.deadline, '--deadline'),
      only: splitList(argv.only),
      skip: splitList(argv.skip),
      failOn: argv.failOn,
      ...(token ? { token: token.token } : {}),
      ...(argv.call ? { callTool: { name: argv.call, args: parseToolArgs(argv.args) } } : {}),
    },
    { redactor },
  );
  const color = decideColor(argv.color, process.env, process.stdout.isTTY === true);
  const render = (format: ReportFormat, useColor: boolean) => redactor.redact(reporters[format](report, { color: useColor, verbose: argv.verbose, quiet: argv.quiet }));
  if (argv.json) await writeReportFile(argv.json, render('json', false));
  if (argv.junit) await writeReportFile(argv.junit, render('junit', false));
  if (argv.output) await writeReportFile(argv.output, render(argv.format, false));
  else await writeStdout(render(argv.format, argv.format === 'pretty' && color));
  return getExitCode(report.summary);
}

function explain(query: string[], list: boolean, checks: boolean): Promise<number> | number {
  if (checks) {
    return import('./checks/index.js').then(async ({ checks: all }) => {
      await writeStdout(`${all.map((c) => `  ${c.id.padEnd(24)} ${c.title}`).join('\n')}\n`);
      return 0;
    });
  }
  if (list || query.length === 0) return writeStdout(listCodes(FINDING_CODES)).then(() => 0);
  const result = resolveExplainQuery(query.join(' '));
  return writeStdout(renderExplain(result)).then(() => (result.kind === 'unknown' ? 2 : 0));
}

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    if (process.stdin.isTTY) reject(new UsageError('--token-file - reads the token from stdin, but stdin is a terminal; pipe the token in'));
    const chunks: Buffer[] = [];
    let size = 0;
    process.stdin.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > 64 * 1024) reject(new UsageError('the token on stdin is larger than 64 KiB'));
      else chunks.push(chunk);
    });
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

/** Runs the CLI with `args` and returns the exit code; never calls process.exit. */
export async function main(args: string[]): Promise<number> {
  const redactor = new Redactor();
  const debug = args.includes('--debug');
  let exitCode = 0;
  try {
    await yargs(args)
      .scriptName('mcp-doctor')
      .usage('$0 <url> [options]\n\nDiagnoses an MCP server over Streamable HTTP and explains every failure.')
      .command(
        '$0 [target]',
        'diagnose an MCP endpoint',
        (y) =>
          y
            .positional('target', { type: 'string', describe: 'URL of the MCP endpoint, e.g. http://127.0.0.1:8000/mcp' })
            .option('format', { alias: 'f', choices: REPORT_FORMATS, default: 'pretty' as ReportFormat, describe: 'format written to stdout (or --output)' })
            .option('output', { alias: 'o', type: 'string', describe: 'write the --format report to this file instead of stdout' })
            .option('json', { type: 'string', describe: 'also write a JSON report to this file' })
            .option('junit', { type: 'string', describe: 'also write a JUnit XML report to this file' })
            .option('header', { alias: 'H', type: 'string', array: true, default: [] as string[], describe: 'extra request header "Name: value" (repeatable; sent to the target origin only)' })
            .option('token-file', { type: 'string', describe: 'read the bearer token from FILE (- for stdin); or set MCP_DOCTOR_TOKEN' })
            .option('token', { type: 'string', describe: 'bearer token (leaks into shell history: prefer --token-file)' })
            .option('timeout', { type: 'string', default: '10s', describe: 'deadline per request (10, 10s, 500ms)' })
            .option('deadline', { type: 'string', default: '60s', describe: 'deadline for the whole run' })
            .option('only', { type: 'string', array: true, describe: 'run only these check ids (see `explain --checks`)' })
            .option('skip', { type: 'string', array: true, describe: 'skip these check ids' })
            .option('fail-on', { choices: ['error', 'warning', 'info', 'never'] as const, default: 'error' as FailOn, describe: 'lowest severity that exits 1' })
            .option('profile', { choices: ['generic', 'agentcore'] as const, describe: 'rule set (default: generic for URLs)' })
            .option('call', { type: 'string', describe: 'call this tool in the session (never done by default)' })
            .option('args', { type: 'string', describe: 'JSON arguments for --call' })
            .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'errors and the verdict only' })
            .option('verbose', { alias: 'v', type: 'boolean', default: false, describe: 'every check, all causes, the probe timeline' })
            .option('debug', { type: 'boolean', default: false, describe: 'stack traces for internal errors' })
            .option('color', { type: 'boolean', describe: 'force colours on or off (default: NO_COLOR, FORCE_COLOR, TTY)' }),
        async (argv) => {
          exitCode = await diagnose(argv as unknown as DiagnoseArgs, redactor);
        },
      )
      .command(
        'explain [query..]',
        'explain a code, an HTTP status or a pasted error message (offline)',
        (y) =>
          y
            .positional('query', { type: 'string', array: true, describe: 'CODE, HTTP status (406) or error text' })
            .option('list', { type: 'boolean', default: false, describe: 'list every code' })
            .option('checks', { type: 'boolean', default: false, describe: 'list every check id' }),
        async (argv) => {
          exitCode = await explain((argv.query ?? []).map(String), argv.list, argv.checks);
        },
      )
      .strict()
      // A repeated scalar flag (a CI default plus an override) means the last one wins.
      .parserConfiguration({ 'duplicate-arguments-array': false })
      .version(TOOL_VERSION)
      .help()
      .alias('h', 'help')
      .wrap(Math.min(110, process.stdout.columns ?? 100))
      .fail((message, error) => {
        throw error ?? new UsageError(`${message} (see mcp-doctor --help)`);
      })
      .parseAsync();
  } catch (error) {
    exitCode = 2;
    const message = error instanceof Error ? error.message : String(error);
    const known = error instanceof DoctorError;
    const oneLine = message.replace(/\s*\n\s*/g, ' ').trim();
    process.stderr.write(`mcp-doctor: ${known ? '' : 'internal error: '}${redactor.redact(oneLine)}\n`);
    if (debug && error instanceof Error && error.stack) process.stderr.write(`${redactor.redact(error.stack)}\n`);
    else if (!known) process.stderr.write('Run again with --debug for details.\n');
  }
  return exitCode;
}

const code = await main(hideBin(process.argv));
process.exitCode = code;
// A hostile server can leave sockets half-open; the report is written, so do not wait on them.
setTimeout(() => process.exit(code), 200).unref();
