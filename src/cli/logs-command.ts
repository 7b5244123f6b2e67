import type { Argv } from 'yargs';
import { UsageError } from '../model/errors.js';
import type { ContainerLogLine, Report } from '../model/report.js';
import type { NetworkConfig } from '../model/runtime.js';
import type { Redactor } from '../security/redact.js';
import { stripUnsafeCharacters } from '../security/sanitize-text.js';
import { parseDuration } from './inputs.js';
import { reportOptions, type ReportArgs } from './report-options.js';

/**
 * `mcp-doctor logs [ARN]`: the flags, and the glue from them to `runLogs` (a diagnosis-aware
 * `aws logs tail`). Without an ARN it reads the deployed agent of `.bedrock_agentcore.yaml`.
 */

/** The parsed flags of `logs`. */
export interface LogsArgs extends ReportArgs {
  arn?: string;
  agent?: string;
  qualifier?: string;
  logGroup?: string;
  since: string;
  follow: boolean;
  deadline: string;
  limit: number;
  awsProfile?: string;
  caFile?: string;
  timeout: string;
}

/** What the CLI lends the command. */
export interface LogsDeps {
  redactor: Redactor;
  emitReport(report: Report, argv: LogsArgs, redactor: Redactor): Promise<number>;
  listenForInterrupts(): { signal: AbortSignal; dispose(): void };
  networkFor(caFile: string | undefined, redactor: Redactor): Promise<NetworkConfig>;
  writeStdout(text: string): Promise<void>;
}

/** The exit status after Ctrl-C (128 + SIGINT), as for a diagnosis. */
const EXIT_INTERRUPTED = 130;
/** The longest look back CloudWatch is asked for. */
const MAX_SINCE_MS = 7 * 24 * 3_600_000;
const MAX_LIMIT = 5_000;

/** The flags of `logs`. */
export function logsOptions<T>(y: Argv<T>) {
  return reportOptions(y, { format: 'format written to stdout (or --output)', verbose: 'more log lines in the terminal' })
    .usage('$0 logs [ARN] [options]\n\nShows an AgentCore runtime\'s recent container output from CloudWatch Logs and names the causes it recognises (the same matching as a failed diagnosis). Needs logs:FilterLogEvents on the runtime\'s log group.')
    .positional('arn', { type: 'string', describe: 'AgentCore runtime ARN (default: the deployed agent in .bedrock_agentcore.yaml)' })
    .option('since', { type: 'string', default: '10m', describe: 'how far back to read: 30s, 10m, 2h, 1d (at most 7d)' })
    .option('follow', { type: 'boolean', default: false, describe: 'keep reading new lines until --deadline (or Ctrl-C), then write the report' })
    .option('deadline', { type: 'string', default: '5m', describe: 'with --follow: when to stop (at most 1h)' })
    .option('limit', { type: 'number', default: 300, describe: `lines to keep (the latest; at most ${MAX_LIMIT})` })
    .option('log-group', { type: 'string', describe: 'read this log group instead of /aws/bedrock-agentcore/runtimes/<runtimeId>-<qualifier>' })
    .option('qualifier', { type: 'string', describe: 'runtime endpoint name (default DEFAULT)' })
    .option('agent', { type: 'string', describe: 'agent to read from .bedrock_agentcore.yaml when no ARN is given' })
    .option('aws-profile', { type: 'string', describe: 'AWS shared-config profile for credentials (else AWS_PROFILE and the standard chain)' })
    .option('ca-file', { type: 'string', describe: 'PEM bundle of extra trusted CA certificates, added to the default roots' })
    .option('timeout', { type: 'string', default: '10s', describe: 'deadline per request' });
}

/** `30s`, `10m`, `2h`, `1d` (bare numbers are seconds) in milliseconds, at most 7 days. */
export function parseSince(value: string): number {
  const text = String(value).trim();
  const match = /^(\d+(?:\.\d+)?)\s*(s|m|h|d)?$/.exec(text);
  if (!match) throw new UsageError(`--since must be a duration such as 30s, 10m, 2h or 1d (got "${text.slice(0, 40)}")`);
  const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[(match[2] ?? 's') as 's' | 'm' | 'h' | 'd'];
  const ms = Math.round(Number(match[1]) * unit);
  if (ms <= 0 || ms > MAX_SINCE_MS) throw new UsageError('--since must be between 1 s and 7 days');
  return ms;
}

/** Runs `logs` and returns the exit code: 0 nothing at --fail-on, 1 causes found or the log unreadable, 2 bad input, 130 Ctrl-C. */
export async function logsCommand(argv: LogsArgs, deps: LogsDeps): Promise<number> {
  const sinceMs = parseSince(argv.since);
  const timeoutMs = parseDuration(argv.timeout, '--timeout');
  const followMs = argv.follow ? parseDuration(argv.deadline, '--deadline') : undefined;
  if (!Number.isInteger(argv.limit) || argv.limit < 1 || argv.limit > MAX_LIMIT) throw new UsageError(`--limit must be a whole number from 1 to ${MAX_LIMIT}`);
  const target = argv.arn ?? (await configuredArn(argv));
  const network = await deps.networkFor(argv.caFile, deps.redactor);
  // Live lines go to the terminal only when the report itself is the terminal one.
  const live = argv.follow && argv.format === 'pretty' && !argv.output && !argv.quiet;
  const { runLogs } = await import('../logs/run-logs.js');
  const interrupt = deps.listenForInterrupts();
  try {
    const report = await runLogs({
      target,
      sinceMs,
      timeoutMs,
      env: process.env,
      network,
      failOn: argv.failOn,
      redactor: deps.redactor,
      signal: interrupt.signal,
      limits: { maxEvents: argv.limit },
      ...(followMs !== undefined ? { followMs } : {}),
      ...(argv.qualifier !== undefined ? { qualifier: argv.qualifier } : {}),
      ...(argv.logGroup !== undefined ? { logGroup: argv.logGroup } : {}),
      ...(argv.awsProfile ? { awsProfile: argv.awsProfile } : {}),
      ...(live ? { onLines: (lines: ContainerLogLine[]) => void deps.writeStdout(lines.map(liveLine).join('')) } : {}),
    });
    // The terminal already showed every line: the closing report keeps only the ones naming a cause.
    const shown = live && report.containerLogs ? { ...report, containerLogs: { ...report.containerLogs, lines: report.containerLogs.lines.filter((l) => l.code) } } : report;
    const code = await deps.emitReport(shown, argv, deps.redactor);
    return interrupt.signal.aborted ? EXIT_INTERRUPTED : code;
  } finally {
    interrupt.dispose();
  }
}

function liveLine(line: ContainerLogLine): string {
  const text = `${line.timestamp.replace('T', ' ').replace(/\.\d{3}Z$/, 'Z')}  ${stripUnsafeCharacters(line.message)}`;
  return line.code ? `▶ ${text}  ${line.code}\n` : `  ${text}\n`;
}

async function configuredArn(argv: LogsArgs): Promise<string> {
  const { readConfiguredAgent } = await import('../targets/agentcore-config.js');
  const configured = await readConfiguredAgent(process.cwd(), argv.agent);
  if (!argv.quiet) process.stderr.write(`mcp-doctor: no ARN given; reading the logs of agent "${configured.agent}" from ${configured.path}: ${configured.arn}\n`);
  return configured.arn;
}
