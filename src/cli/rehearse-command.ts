import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import type { StackFingerprint, Toolchain } from '../model/stack.js';
import { UsageError } from '../model/errors.js';
import type { Report } from '../model/report.js';
import { writeStderrLine } from '../report/write.js';
import type { Redactor } from '../security/redact.js';
import type { ServerProtocol } from '../sim/types.js';
import { parseDuration, splitList } from './inputs.js';
import { reportOptions, type ReportArgs } from './report-options.js';

/**
 * `mcp-doctor rehearse [-- COMMAND…]`: the flags, and the glue from them to `runRehearsal`. The
 * command after `--` runs as given, without a shell (`-- sh -c '…'` for pipes or variables).
 */

/** The parsed flags of `rehearse`. */
export interface RehearseArgs extends ReportArgs {
  url?: string;
  port?: number;
  path: string;
  startTimeout: string;
  probeAddress?: string;
  agent?: string;
  configDir?: string;
  allowedClients?: string;
  allowedAudience?: string;
  auth: boolean;
  idToken: boolean;
  timeout?: string;
  deadline?: string;
  only?: string[];
  skip?: string[];
}

/** What the CLI lends the command: its report writer and its Ctrl-C handling. */
export interface RehearseDeps {
  redactor: Redactor;
  emitReport(report: Report, argv: RehearseArgs, redactor: Redactor): Promise<number>;
  listenForInterrupts(): { signal: AbortSignal; dispose(): void };
}

/** The exit status after Ctrl-C (128 + SIGINT), as for a diagnosis. */
const EXIT_INTERRUPTED = 130;
const PROTOCOLS: readonly ServerProtocol[] = ['MCP', 'HTTP', 'A2A', 'AGUI'];

/** The flags of `rehearse`. */
export function rehearseOptions<T>(y: Argv<T>) {
  return reportOptions(y, { format: 'format written to stdout (or --output)', verbose: 'every check, all causes, the probe timeline' })
    .usage('$0 rehearse [options] -- COMMAND [ARGS…]\n$0 rehearse --url http://127.0.0.1:8000/mcp [options]\n\nRuns your MCP server behind a local AgentCore simulation and diagnoses it as if it were deployed.')
    .option('url', { type: 'string', describe: 'rehearse a server that is already running at this http:// URL (no command)' })
    .option('port', { type: 'number', describe: 'port the command must listen on, given as PORT and {port} (default: a free port; 8000 as on AgentCore)' })
    .option('path', { type: 'string', default: '/mcp', describe: 'MCP path on the server (AgentCore calls /mcp)' })
    .option('start-timeout', { type: 'string', default: '30s', describe: 'time the server has to start listening; also the simulated init limit (424)' })
    .option('probe-address', { type: 'string', describe: 'non-loopback address to tell 0.0.0.0 from 127.0.0.1 (default: the first non-internal IPv4 address)' })
    .option('agent', { type: 'string', describe: 'agent in .bedrock_agentcore.yaml (or runtime in agentcore/agentcore.json) whose authorizer, protocol and header allowlist to use (default: default_agent, or the only one)' })
    .option('config-dir', { type: 'string', describe: 'project folder holding .bedrock_agentcore.yaml or agentcore/agentcore.json; the command runs there too (default: the current folder)' })
    .option('allowed-clients', { type: 'string', describe: 'JWT authorizer allowedClients (comma-separated) instead of the config\'s' })
    .option('allowed-audience', { type: 'string', describe: 'JWT authorizer allowedAudience (comma-separated) instead of the config\'s' })
    .option('auth', { type: 'boolean', default: true, describe: '--no-auth: an IAM (SigV4) runtime whatever the config says' })
    .option('id-token', { type: 'boolean', default: false, describe: 'send the ID token instead of the access token (reproduces a common mistake)' })
    .option('timeout', { type: 'string', describe: 'deadline per request (default 10s, at least the start timeout + 5 s)' })
    .option('deadline', { type: 'string', describe: 'deadline for the diagnosis (default 60s)' })
    .option('only', { type: 'string', array: true, describe: 'run only these check ids' })
    .option('skip', { type: 'string', array: true, describe: 'skip these check ids' });
}

/** The words after the first `--` of the raw arguments: the server command. */
export function commandAfterDashes(args: readonly string[]): string[] {
  const index = args.indexOf('--');
  return index < 0 ? [] : args.slice(index + 1);
}

/** Runs `rehearse` and returns the exit code (the doctor's, 130 after Ctrl-C). */
export async function rehearseCommand(argv: RehearseArgs, command: readonly string[], deps: RehearseDeps): Promise<number> {
  const { redactor } = deps;
  if (argv.port !== undefined && (!Number.isInteger(argv.port) || argv.port < 1 || argv.port > 65_535)) throw new UsageError('--port must be a whole number from 1 to 65535');
  if (argv.port !== undefined && argv.url !== undefined) throw new UsageError('--port goes with a command; with --url the port is the URL\'s');
  const startTimeoutMs = parseDuration(argv.startTimeout, '--start-timeout');
  if (argv.probeAddress !== undefined && isIP(argv.probeAddress) === 0) throw new UsageError(`--probe-address must be an IP address such as 192.168.1.20 (got "${argv.probeAddress.slice(0, 60)}")`);
  const dir = resolve(argv.configDir ?? process.cwd());
  const { AGENTCORE_CONFIG_FILE, AGENTCORE_JSON_FILE, readAgentcoreJsonSettings, readAgentDeploymentSettings } = await import('../targets/agentcore-config.js');
  if (argv.configDir !== undefined && !existsSync(dir)) throw new UsageError(`--config-dir ${argv.configDir} does not exist`);
  // The starter toolkit's file first, else the newer CLI's; both describe the runtime to deploy.
  const configFile = [AGENTCORE_CONFIG_FILE, AGENTCORE_JSON_FILE].find((name) => existsSync(resolve(dir, name)));
  if (!configFile && argv.agent !== undefined) throw new UsageError(`--agent reads ${AGENTCORE_CONFIG_FILE} or ${AGENTCORE_JSON_FILE}, but there is neither in ${dir}`);
  const settings = configFile === AGENTCORE_CONFIG_FILE ? await readAgentDeploymentSettings(dir, argv.agent) : configFile ? await readAgentcoreJsonSettings(dir, argv.agent) : undefined;
  // Both tools deploy HTTP unless the config says MCP: rehearse what they would deploy.
  const protocol = settings ? (settings.serverProtocol ?? 'HTTP') : 'MCP';
  if (!PROTOCOLS.includes(protocol as ServerProtocol)) throw new UsageError(`the protocol "${protocol.slice(0, 20)}" in ${configFile} is not one of ${PROTOCOLS.join(', ')}`);

  const { planRehearsalAuth } = await import('../rehearse/rehearsal-authorizer.js');
  const allowedClients = splitList(argv.allowedClients === undefined ? undefined : [argv.allowedClients]);
  const allowedAudience = splitList(argv.allowedAudience === undefined ? undefined : [argv.allowedAudience]);
  const auth = planRehearsalAuth({
    ...(settings?.customJWTAuthorizer ? { fromConfig: settings.customJWTAuthorizer } : {}),
    ...(settings ? { configLabel: `${configFile} (${configFile === AGENTCORE_CONFIG_FILE ? 'agent' : 'runtime'} ${settings.agent})` } : {}),
    ...(allowedClients.length ? { allowedClients } : {}),
    ...(allowedAudience.length ? { allowedAudience } : {}),
    noAuth: !argv.auth,
    idToken: argv.idToken,
  });

  // The server gets the user's environment, but none of the doctor's own secrets.
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ['MCP_DOCTOR_TOKEN', 'MCP_DOCTOR_PASSWORD', 'MCP_DOCTOR_CLIENT_SECRET']) delete env[key];

  const { runRehearsal } = await import('../rehearse/run-rehearsal.js');
  const interrupt = deps.listenForInterrupts();
  try {
    const { report } = await runRehearsal({
      ...(command.length ? { command } : {}),
      ...(argv.url !== undefined ? { url: argv.url } : {}),
      ...(argv.port !== undefined ? { port: argv.port } : {}),
      path: argv.path,
      startTimeoutMs,
      ...(argv.probeAddress ? { probeAddress: argv.probeAddress } : {}),
      cwd: dir,
      env,
      auth,
      serverProtocol: protocol as ServerProtocol,
      ...(settings?.requestHeaderAllowlist ? { requestHeaderAllowlist: settings.requestHeaderAllowlist } : {}),
      doctor: {
        ...(await projectAdviceOf(dir)),
        failOn: argv.failOn,
        ...(argv.timeout !== undefined ? { timeoutMs: parseDuration(argv.timeout, '--timeout') } : {}),
        ...(argv.deadline !== undefined ? { overallTimeoutMs: parseDuration(argv.deadline, '--deadline') } : {}),
        only: splitList(argv.only),
        skip: splitList(argv.skip),
      },
      redactor,
      signal: interrupt.signal,
      ...(argv.quiet ? {} : { onProgress: (line: string) => writeStderrLine(`mcp-doctor rehearse: ${redactor.redact(line)}`) }),
    });
    const code = await deps.emitReport(report, argv, redactor);
    return interrupt.signal.aborted ? EXIT_INTERRUPTED : code;
  } finally {
    interrupt.dispose();
  }
}

/** The stack and toolchain the project folder shows (source, pins, project files); nothing when it cannot be read. */
async function projectAdviceOf(dir: string): Promise<{ sourceStack?: StackFingerprint; toolchain?: Toolchain }> {
  const [{ collectProjectFiles, DEFAULT_COLLECT_LIMITS }, { createLintProject }, { projectAdvice }] = await Promise.all([
    import('../lint/collect-files.js'),
    import('../lint/project.js'),
    import('../lint/project-stack.js'),
  ]);
  try {
    const collected = await collectProjectFiles(dir, DEFAULT_COLLECT_LIMITS);
    const advice = projectAdvice(createLintProject(collected.root, collected.files));
    return { ...(advice.stack ? { sourceStack: advice.stack } : {}), ...(advice.toolchain ? { toolchain: advice.toolchain } : {}) };
  } catch {
    // The folder is only a hint for ordering fixes; the rehearsal itself does not need it.
    return {};
  }
}
