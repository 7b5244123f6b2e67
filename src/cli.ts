#!/usr/bin/env node
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { FINDING_CODES } from './catalog/codes.js';
import { resolveExplainQuery } from './catalog/explain-query.js';
import { decideColor, parseDuration, parseHeaders, parseToolArgs, readToken, splitList } from './cli/inputs.js';
import { DoctorError, UsageError } from './engine/errors.js';
import { getExitCode } from './engine/post-process.js';
import type { FailOn, Profile, Report } from './engine/types.js';
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
  qualifier?: string;
  agent?: string;
  endpointUrl?: string;
  awsProfile?: string;
  aws: boolean;
  auth: 'auto' | 'bearer' | 'sigv4' | 'none';
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
  let target = argv.target;
  let targetSource: string | undefined;
  if (!target) {
    const { readConfiguredAgent, AGENTCORE_CONFIG_FILE } = await import('./targets/agentcore-config.js');
    const configured = await readConfiguredAgent(process.cwd(), argv.agent);
    target = configured.arn;
    targetSource = `${AGENTCORE_CONFIG_FILE}, agent ${configured.agent}`;
    if (!argv.quiet) process.stderr.write(`mcp-doctor: no target given; diagnosing agent "${configured.agent}" from ${configured.path}: ${configured.arn}\n`);
  } else if (argv.agent !== undefined) {
    throw new UsageError('--agent picks an agent from .bedrock_agentcore.yaml; leave out the target to use it');
  }
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
      target,
      ...(targetSource ? { targetSource } : {}),
      ...(argv.profile ? { profile: argv.profile } : {}),
      ...(argv.qualifier !== undefined ? { qualifier: argv.qualifier } : {}),
      ...(argv.endpointUrl !== undefined ? { endpointUrl: argv.endpointUrl } : {}),
      ...(argv.awsProfile !== undefined ? { awsProfile: argv.awsProfile } : {}),
      aws: argv.aws,
      auth: argv.auth,
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
  return emitReport(report, argv, redactor);
}

type OutputArgs = Pick<DiagnoseArgs, 'format' | 'output' | 'json' | 'junit' | 'quiet' | 'verbose' | 'color'>;

/** Renders the report in every requested format, writes it, and returns the exit code. */
async function emitReport(report: Report, argv: OutputArgs, redactor: Redactor): Promise<number> {
  const color = decideColor(argv.color, process.env, process.stdout.isTTY === true);
  const render = (format: ReportFormat, useColor: boolean) => redactor.redact(reporters[format](report, { color: useColor, verbose: argv.verbose, quiet: argv.quiet }));
  if (argv.json) await writeReportFile(argv.json, render('json', false));
  if (argv.junit) await writeReportFile(argv.junit, render('junit', false));
  if (argv.output) await writeReportFile(argv.output, render(argv.format, false));
  else await writeStdout(render(argv.format, argv.format === 'pretty' && color));
  return getExitCode(report.summary);
}

async function demo(argv: OutputArgs & { scenario?: string; list: boolean }, redactor: Redactor): Promise<number> {
  const { DEFAULT_DEMO_SCENARIO } = await import('./demo/scenarios.js');
  const { findDemoScenario, listDemoScenarios, startDemo } = await import('./demo/run-demo.js');
  if (argv.list) {
    await writeStdout(listDemoScenarios(DEFAULT_DEMO_SCENARIO));
    return 0;
  }
  const name = argv.scenario ?? DEFAULT_DEMO_SCENARIO;
  const scenario = findDemoScenario(name);
  if (!scenario) throw new UsageError(`unknown demo scenario "${name.slice(0, 40)}"; run mcp-doctor demo --list`);
  const run = await startDemo(scenario);
  try {
    // The demo runs the real code path: the AWS SDK and the data-plane probes find the local
    // simulation through the standard endpoint overrides, exactly as they would find AWS.
    Object.assign(process.env, run.env);
    // A named profile would make the credential chain skip the simulation's static credentials.
    delete process.env.AWS_PROFILE;
    redactor.addSecret(run.token);
    if (!argv.quiet) {
      process.stderr.write(`Demo scenario "${scenario.name}": ${scenario.title}\nLocal AgentCore simulation at ${run.env.AWS_ENDPOINT_URL_BEDROCK_AGENTCORE ?? '?'} (nothing leaves 127.0.0.1)\n$ mcp-doctor ${run.arn}${run.token ? ' --token-file token.txt' : ''}\n\n`);
    }
    const { runDoctor } = await import('./engine/run-doctor.js');
    const report = await runDoctor({ target: run.arn, ...(run.token ? { token: run.token } : {}), timeoutMs: 5_000 }, { redactor });
    return await emitReport(report, argv, redactor);
  } finally {
    await run.stop();
  }
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
  // The AWS SDK's notice about its own future Node support is not a finding about the patient.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
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
            .positional('target', { type: 'string', describe: 'URL of the MCP endpoint or an AgentCore runtime ARN (default: the deployed agent in .bedrock_agentcore.yaml)' })
            .option('qualifier', { type: 'string', describe: 'runtime endpoint name for ARN targets (default DEFAULT)' })
            .option('agent', { type: 'string', describe: 'agent to read from .bedrock_agentcore.yaml when no target is given' })
            .option('endpoint-url', { type: 'string', describe: 'data-plane base URL (else AWS_ENDPOINT_URL_BEDROCK_AGENTCORE, AWS_ENDPOINT_URL)' })
            .option('aws-profile', { type: 'string', describe: 'AWS shared-config profile for credentials (else AWS_PROFILE and the standard chain)' })
            .option('aws', { type: 'boolean', default: true, describe: 'call the AgentCore control plane for ARN targets (--no-aws skips it)' })
            .option('auth', { choices: ['auto', 'bearer', 'sigv4', 'none'] as const, default: 'auto' as const, describe: 'data-plane auth: auto = bearer with a token, else SigV4 for ARNs' })
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
            .option('profile', { choices: ['generic', 'agentcore'] as const, describe: 'rule set (default: generic for URLs, agentcore for ARNs)' })
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
        'demo [scenario]',
        'diagnose a runtime in a local AgentCore simulation (offline; --list shows the scenarios)',
        (y) =>
          y
            .positional('scenario', { type: 'string', describe: 'scenario name (default: id-token)' })
            .option('list', { type: 'boolean', default: false, describe: 'list the scenarios' })
            .option('format', { alias: 'f', choices: REPORT_FORMATS, default: 'pretty' as ReportFormat })
            .option('output', { alias: 'o', type: 'string' })
            .option('json', { type: 'string' })
            .option('junit', { type: 'string' })
            .option('quiet', { alias: 'q', type: 'boolean', default: false })
            .option('verbose', { alias: 'v', type: 'boolean', default: false })
            .option('debug', { type: 'boolean', default: false })
            .option('color', { type: 'boolean' }),
        async (argv) => {
          exitCode = await demo(argv as unknown as OutputArgs & { scenario?: string; list: boolean }, redactor);
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
