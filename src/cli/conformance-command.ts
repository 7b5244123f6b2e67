import type { Argv } from 'yargs';
import { UsageError } from '../model/errors.js';
import type { Report } from '../model/report.js';
import type { NetworkConfig } from '../model/runtime.js';
import { writeStderrLine } from '../report/write.js';
import type { Redactor } from '../security/redact.js';
import { parseDuration, parseHeaders, parseToolArgs, readToken } from './inputs.js';
import { reportOptions, type ReportArgs } from './report-options.js';

/**
 * `mcp-doctor conformance <url | runtime-arn>…`: the flags, and the glue from them to
 * `runConformance`. Targets, credentials, reports, baselines and exit codes work as for a
 * diagnosis; what differs is the question: does the server follow the specification on its own
 * declared features?
 */

/** The parsed flags of `conformance`. */
export interface ConformanceArgs extends ReportArgs {
  targets?: string[];
  era: 'auto' | '2025' | '2026';
  call: string[];
  qualifier?: string;
  endpointUrl?: string;
  awsProfile?: string;
  auth: 'auto' | 'bearer' | 'sigv4' | 'none';
  header: string[];
  tokenFile?: string;
  token?: string;
  caFile?: string;
  timeout: string;
  deadline: string;
  baseline?: string;
  updateBaseline: boolean;
}

/** What the CLI lends the command. */
export interface ConformanceDeps {
  redactor: Redactor;
  emitReport(report: Report | readonly Report[], argv: ConformanceArgs, redactor: Redactor): Promise<number>;
  judgeBaseline(reports: Report[], argv: ConformanceArgs): Promise<{ reports: Report[]; staleExit: 0 | 1 }>;
  networkFor(caFile: string | undefined, redactor: Redactor): Promise<NetworkConfig>;
  listenForInterrupts(): { signal: AbortSignal; dispose(): void };
  readStdin(): Promise<string>;
}

const EXIT_INTERRUPTED = 130;

/** The flags of `conformance`. */
export function conformanceOptions<T>(y: Argv<T>) {
  return reportOptions(y, { format: 'format written to stdout (or --output)', verbose: 'all causes of each failure' })
    .usage('$0 conformance <url | runtime-arn>… [options]\n\nTests an MCP server against the specification on its own declared tools, resources and prompts: read-only, capability-aware, both protocol eras.')
    .positional('targets', { type: 'string', array: true, describe: 'URLs of MCP endpoints or AgentCore runtime ARNs' })
    .option('era', { type: 'string', choices: ['auto', '2025', '2026'] as const, default: 'auto' as const, describe: 'protocol era: auto = 2025 always and 2026-07-28 when server/discover offers it; 2025 or 2026 alone (a forced era the server does not serve fails)' })
    .option('call', { type: 'string', array: true, default: [] as string[], describe: 'also call this tool: NAME or NAME=JSON-ARGUMENTS (repeatable; tools/call is never sent otherwise)' })
    .option('qualifier', { type: 'string', describe: 'runtime endpoint name for ARN targets (default DEFAULT)' })
    .option('endpoint-url', { type: 'string', describe: 'data-plane base URL (else AWS_ENDPOINT_URL_BEDROCK_AGENTCORE, AWS_ENDPOINT_URL)' })
    .option('aws-profile', { type: 'string', describe: 'AWS shared-config profile for SigV4 (else AWS_PROFILE and the standard chain)' })
    .option('auth', { choices: ['auto', 'bearer', 'sigv4', 'none'] as const, default: 'auto' as const, describe: 'data-plane auth: auto = bearer with a token, else SigV4 for ARNs' })
    .option('header', { alias: 'H', type: 'string', array: true, default: [] as string[], describe: 'extra request header "Name: value" (repeatable; sent to the target origin only)' })
    .option('token-file', { type: 'string', describe: 'read the bearer token from FILE (- for stdin); or set MCP_DOCTOR_TOKEN' })
    .option('token', { type: 'string', describe: 'bearer token (leaks into shell history: prefer --token-file)' })
    .option('ca-file', { type: 'string', describe: 'PEM bundle of extra trusted CA certificates' })
    .option('timeout', { type: 'string', default: '10s', describe: 'deadline per request' })
    .option('deadline', { type: 'string', default: '120s', describe: 'deadline for each target\'s run' })
    .option('baseline', { type: 'string', describe: 'accepted findings (code + target, optionally + requirement id as "check"): reported, not failing; a stale entry fails the run' })
    .option('update-baseline', { type: 'boolean', default: false, describe: 'rewrite --baseline from this run (new entries name their requirement)' });
}

/** `--call NAME` or `--call NAME={"a":1}`: the name ends at the first `=` followed by JSON. */
export function parseCalls(values: readonly string[]): Array<{ name: string; args: Record<string, unknown> }> {
  return values.map((value) => {
    const split = /^([^=]+)=(\{[\s\S]*)$/.exec(value);
    const name = (split ? split[1] : value)?.trim() ?? '';
    if (name === '' || value.startsWith('=')) throw new UsageError('--call needs a tool name, e.g. --call echo or --call \'add={"a":1,"b":2}\'');
    if (!split) return { name, args: {} };
    try {
      return { name, args: parseToolArgs(split[2]) };
    } catch {
      throw new UsageError(`--call ${name.slice(0, 60)}=…: the arguments must be a JSON object, e.g. --call 'add={"a":1,"b":2}'`);
    }
  });
}

/** Runs `conformance` and returns the exit code: 0 conformant, 1 failures at `--fail-on`, 2 bad input, 130 interrupted. */
export async function conformanceCommand(argv: ConformanceArgs, deps: ConformanceDeps): Promise<number> {
  const targets = argv.targets ?? [];
  if (targets.length === 0) throw new UsageError('conformance needs a target: the URL of an MCP endpoint or an AgentCore runtime ARN');
  const calls = parseCalls(argv.call);
  const timeoutMs = parseDuration(argv.timeout, '--timeout');
  const overallTimeoutMs = parseDuration(argv.deadline, '--deadline');
  const network = await deps.networkFor(argv.caFile, deps.redactor);
  const token = await readToken(argv, process.env, deps.readStdin);
  if (token?.source === 'argv') writeStderrLine('mcp-doctor: warning: --token leaks into shell history and process lists; use --token-file or MCP_DOCTOR_TOKEN');
  deps.redactor.addSecret(token?.token);
  const headers = parseHeaders(argv.header);
  for (const value of Object.values(headers)) deps.redactor.addSecret(value);
  const { resolveTargetInput } = await import('../targets/resolve.js');
  const targetOptions = { env: process.env, ...(argv.qualifier !== undefined ? { qualifier: argv.qualifier } : {}), ...(argv.endpointUrl !== undefined ? { endpointUrl: argv.endpointUrl } : {}) };
  for (const target of targets) resolveTargetInput(target, targetOptions);
  const { runConformance } = await import('../conformance/run-conformance.js');
  const interrupt = deps.listenForInterrupts();
  const reports: Report[] = [];
  try {
    for (const target of targets) {
      if (interrupt.signal.aborted) break;
      reports.push(
        await runConformance(
          {
            target,
            era: argv.era,
            calls,
            ...(argv.qualifier !== undefined ? { qualifier: argv.qualifier } : {}),
            ...(argv.endpointUrl !== undefined ? { endpointUrl: argv.endpointUrl } : {}),
            ...(argv.awsProfile !== undefined ? { awsProfile: argv.awsProfile } : {}),
            auth: argv.auth,
            ...(token ? { token: token.token } : {}),
            headers,
            timeoutMs,
            overallTimeoutMs,
            failOn: argv.failOn,
            signal: interrupt.signal,
            network,
          },
          { redactor: deps.redactor },
        ),
      );
    }
  } finally {
    interrupt.dispose();
  }
  const { reports: judged, staleExit } = await deps.judgeBaseline(reports, argv);
  const code = await deps.emitReport(judged.length === 1 ? (judged[0] as Report) : judged, argv, deps.redactor);
  return interrupt.signal.aborted ? EXIT_INTERRUPTED : Math.max(code, staleExit);
}
