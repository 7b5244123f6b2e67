import type { Argv } from 'yargs';
import type { Report } from '../model/report.js';
import type { NetworkConfig } from '../model/runtime.js';
import type { Redactor } from '../security/redact.js';
import { parseDuration } from './inputs.js';
import { reportOptions, type ReportArgs } from './report-options.js';

/**
 * `mcp-doctor teardown [<runtime-arn>]`: the flags, and the glue from them to `runTeardown`.
 * Read-only: it calls only Get*, Describe*, List* and BatchGet* operations.
 */

/** The parsed flags of `teardown`. */
export interface TeardownArgs extends ReportArgs {
  arn?: string;
  dir?: string;
  agent?: string;
  target?: string;
  stack?: string;
  region?: string;
  awsProfile?: string;
  caFile?: string;
  timeout?: string;
}

/** What the CLI lends the command: its report writer and its Ctrl-C handling. */
export interface TeardownDeps {
  redactor: Redactor;
  emitReport(report: Report, argv: TeardownArgs, redactor: Redactor): Promise<number>;
  listenForInterrupts(): { signal: AbortSignal; dispose(): void };
  /** The run's proxies and CA roots; proxy credentials join the redactor's secrets. */
  networkFor(caFile: string | undefined, redactor: Redactor): Promise<NetworkConfig>;
}

/** The flags of `teardown`. */
export function teardownOptions<T>(y: Argv<T>) {
  return reportOptions(y, { format: 'format written to stdout (or --output); default pretty', verbose: 'every check, all causes', defaults: false })
    .usage(
      '$0 teardown [<runtime-arn>] [options]\n\nAudits what a deployment left behind (runtime, ECR repository, CodeBuild project, IAM roles, log groups, the pre-token Lambda and the user pool trigger, the CloudFormation stack, the deployed-state file) and prints, for each leftover, the commands that remove it in a safe order. Read-only: it never deletes or changes anything. Leftovers are warnings, so the default --fail-on is warning.',
    )
    .positional('arn', { type: 'string', describe: 'AgentCore runtime ARN (default: the one the project files record)' })
    .option('dir', { type: 'string', describe: 'project folder holding .bedrock_agentcore.yaml or agentcore/ (default: the current folder)' })
    .option('agent', { type: 'string', describe: 'agent in .bedrock_agentcore.yaml, or runtime in agentcore/agentcore.json (default: the default or only one)' })
    .option('target', { type: 'string', describe: 'deployment target in agentcore/.cli/deployed-state.json (default: the only one, else "default")' })
    .option('stack', { type: 'string', describe: 'CloudFormation stack that deployed the runtime (default: the stackName in deployed-state.json)' })
    .option('region', { type: 'string', describe: 'AWS region (default: the project files, the ARN, then AWS_REGION)' })
    .option('aws-profile', { type: 'string', describe: 'AWS shared-config profile for credentials (else AWS_PROFILE and the standard chain)' })
    .option('ca-file', { type: 'string', describe: 'PEM bundle of extra trusted CA certificates, added to the default roots' })
    .option('timeout', { type: 'string', describe: 'deadline per AWS call (default 10s)' });
}

/** Runs `teardown` and returns the exit code: 0 nothing left, 1 leftovers at `--fail-on`, 2 bad input. */
export async function teardownCommand(argv: TeardownArgs, deps: TeardownDeps): Promise<number> {
  const { runTeardown } = await import('../teardown/run-teardown.js');
  const failOn = argv.failOn ?? 'warning';
  const timeoutMs = parseDuration(argv.timeout ?? '10s', '--timeout');
  // Keys from the environment never reach a report, whatever an AWS error message quotes.
  for (const name of ['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) deps.redactor.addSecret(process.env[name]);
  const network = await deps.networkFor(argv.caFile, deps.redactor);
  const interrupts = deps.listenForInterrupts();
  try {
    const report = await runTeardown({
      dir: argv.dir ?? '.',
      failOn,
      timeoutMs,
      signal: interrupts.signal,
      network,
      onSecret: (value) => deps.redactor.addSecret(value),
      ...(argv.arn ? { runtimeArn: argv.arn.trim() } : {}),
      ...(argv.agent ? { agent: argv.agent } : {}),
      ...(argv.target ? { target: argv.target } : {}),
      ...(argv.stack ? { stackName: argv.stack } : {}),
      ...(argv.region ? { region: argv.region } : {}),
      ...(argv.awsProfile ? { awsProfile: argv.awsProfile } : {}),
    });
    return await deps.emitReport(report, { ...argv, failOn, format: argv.format ?? 'pretty' }, deps.redactor);
  } finally {
    interrupts.dispose();
  }
}
