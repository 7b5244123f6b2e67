#!/usr/bin/env node
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { FINDING_CODES } from '../catalog/codes.js';
import { explainExitCode, resolveExplainQuery } from '../catalog/explain-query.js';
import { decideColor, parseDuration, parseHeaders, parseHttpUrl, parseToolCall, readToken, splitList } from './inputs.js';
import { promptSecret } from './prompt-secret.js';
import { conformanceCommand, conformanceOptions, type ConformanceArgs } from './conformance-command.js';
import { lintCommand, lintOptions, type LintArgs } from './lint-command.js';
import { commandAfterDashes, rehearseCommand, rehearseOptions, type RehearseArgs } from './rehearse-command.js';
import { logsCommand, logsOptions, type LogsArgs } from './logs-command.js';
import { reportOptions, type ReportArgs } from './report-options.js';
import { teardownCommand, teardownOptions, type TeardownArgs } from './teardown-command.js';
import { createWaitDisplay } from './wait-display.js';
import { summarizeListing } from './fleet-listing.js';
import type { TokenRequest } from '../model/observations.js';
import type { NetworkConfig } from '../model/runtime.js';
import { DoctorError, UsageError } from '../model/errors.js';
import { getExitCode } from '../engine/post-process.js';
import type { DoctorOptions } from '../engine/run-doctor.js';
import type { Profile, Report } from '../model/report.js';
import { listCodes, renderExplain } from '../report/explain.js';
import { reporters, type ReportFormat } from '../report/index.js';
import { appendReportFile, useOutputRedactor, writeReportFile, writeStderr, writeStderrLine, writeStdout } from '../report/write.js';
import { foldSingleLineFields } from '../security/output-guard.js';
import { Redactor, registerEnvironmentSecrets } from '../security/redact.js';
import { sanitizeText } from '../security/sanitize-text.js';
import { countOf } from '../text/count-of.js';
import { TOOL_VERSION } from '../version.js';

/**
 * The command line: parse, call the library, render, write, return an exit code. Heavy modules
 * (the engine, the MCP SDK, undici) load only when a diagnosis runs, so `--version` and `explain`
 * start fast.
 */

/** Flags that the config file can supply (a flag given on the command line always wins). */
interface ConfigArgs {
  config?: string;
  baseline?: string;
  updateBaseline: boolean;
}

/** Merges `.mcp-doctorrc.json` (or `--config`) under the command-line flags, then the built-in defaults. */
async function withConfig(argv: DiagnoseArgs & ConfigArgs): Promise<DiagnoseArgs & ConfigArgs> {
  const { loadConfig } = await import('../config/load-config.js');
  const { config } = await loadConfig(process.cwd(), argv.config);
  const headers = Object.entries(config.headers ?? {}).map(([k, v]) => `${k}: ${v}`);
  return {
    ...argv,
    targets: argv.targets?.length ? argv.targets : (config.targets ?? []),
    format: argv.format ?? (config.format as ReportFormat | undefined) ?? 'pretty',
    failOn: argv.failOn ?? config.failOn ?? 'error',
    timeout: argv.timeout ?? config.timeout ?? '10s',
    deadline: argv.deadline ?? config.deadline ?? '60s',
    concurrency: argv.concurrency ?? config.concurrency ?? 8,
    header: [...headers, ...(argv.header ?? [])],
    ...(argv.profile ?? config.profile ? { profile: (argv.profile ?? config.profile) as Profile } : {}),
    ...(argv.qualifier ?? config.qualifier ? { qualifier: argv.qualifier ?? config.qualifier } : {}),
    ...(argv.only?.length || config.only ? { only: argv.only?.length ? argv.only : config.only } : {}),
    ...(argv.skip?.length || config.skip ? { skip: argv.skip?.length ? argv.skip : config.skip } : {}),
    ...(argv.json ?? config.formats?.json ? { json: argv.json ?? config.formats?.json } : {}),
    ...(argv.junit ?? config.formats?.junit ? { junit: argv.junit ?? config.formats?.junit } : {}),
    ...(argv.markdown ?? config.formats?.markdown ? { markdown: argv.markdown ?? config.formats?.markdown } : {}),
    ...(argv.html ?? config.formats?.html ? { html: argv.html ?? config.formats?.html } : {}),
    ...(argv.baseline ?? config.baseline ? { baseline: argv.baseline ?? config.baseline } : {}),
  } as DiagnoseArgs & ConfigArgs;
}

/** The diagnosis's flags: the shared report flags (resolved against the config file) and its own. */
interface DiagnoseArgs extends ReportArgs {
  targets?: string[];
  caFile?: string;
  all: boolean;
  nameFilter?: string;
  concurrency: number;
  maxPerOrigin?: number;
  qualifier?: string;
  agent?: string;
  target?: string;
  endpointUrl?: string;
  awsProfile?: string;
  aws: boolean;
  logs: boolean;
  logGroup?: string;
  auth: 'auto' | 'bearer' | 'sigv4' | 'none';
  cognitoClientId?: string;
  username?: string;
  useIdToken: boolean;
  oauthTokenUrl?: string;
  clientId?: string;
  scope?: string;
  region?: string;
  discoveryUrl?: string;
  wait?: string;
  origin?: string;
  header: string[];
  tokenFile?: string;
  token?: string;
  timeout: string;
  deadline: string;
  only?: string[];
  skip?: string[];
  profile?: Profile;
  call?: string;
  args?: string;
}

async function diagnose(argv: DiagnoseArgs, redactor: Redactor): Promise<number> {
  if (!Number.isInteger(argv.concurrency) || argv.concurrency < 1 || argv.concurrency > 64) throw new UsageError('--concurrency must be a whole number from 1 to 64');
  if (argv.maxPerOrigin !== undefined && (!Number.isInteger(argv.maxPerOrigin) || argv.maxPerOrigin < 1 || argv.maxPerOrigin > 1024)) throw new UsageError('--max-per-origin must be a whole number from 1 to 1024');
  const toolCall = parseToolCall(argv.call, argv.args);
  if (argv.discoveryUrl !== undefined) parseHttpUrl(argv.discoveryUrl, '--discovery-url');
  const network = await networkFor(argv.caFile, redactor);
  const targets = await collectTargets(argv, network, redactor);
  const token = await readToken(argv, process.env, readStdin);
  if (token?.source === 'argv') {
    writeStderrLine('mcp-doctor: warning: --token leaks into shell history and process lists; use --token-file or MCP_DOCTOR_TOKEN');
  }
  redactor.addSecret(token?.token);
  const tokenRequest = await buildTokenRequest(argv, targets[0]?.target ?? '', token !== undefined);
  const headers = parseHeaders(argv.header);
  for (const value of Object.values(headers)) redactor.addSecret(value);
  const { detectFolderToolchain } = await import('../targets/folder-toolchain.js');
  const toolchain = await detectFolderToolchain(process.cwd());
  const common: Omit<DoctorOptions, 'target'> = {
    ...(toolchain ? { toolchain } : {}),
    ...(argv.profile ? { profile: argv.profile } : {}),
    ...(argv.qualifier !== undefined ? { qualifier: argv.qualifier } : {}),
    ...(argv.endpointUrl !== undefined ? { endpointUrl: argv.endpointUrl } : {}),
    ...(argv.awsProfile !== undefined ? { awsProfile: argv.awsProfile } : {}),
    aws: argv.aws,
    logs: argv.logs,
    ...(argv.logGroup !== undefined ? { logGroup: argv.logGroup } : {}),
    auth: argv.auth,
    ...(tokenRequest ? { tokenRequest } : {}),
    ...(argv.discoveryUrl ? { discoveryUrl: argv.discoveryUrl } : {}),
    ...(argv.origin !== undefined ? { origin: argv.origin } : {}),
    headers,
    timeoutMs: parseDuration(argv.timeout, '--timeout'),
    overallTimeoutMs: parseDuration(argv.deadline, '--deadline'),
    only: splitList(argv.only),
    skip: splitList(argv.skip),
    failOn: argv.failOn,
    ...(token ? { token: token.token } : {}),
    ...(toolCall ? { callTool: toolCall } : {}),
    ...(argv.wait !== undefined ? { waitMs: parseDuration(argv.wait, '--wait') } : {}),
    network,
  };
  // Bad input anywhere in the list is a usage error before anything runs.
  const { resolveTargetInput } = await import('../targets/resolve.js');
  for (const { target } of targets) resolveTargetInput(target, { env: process.env, ...(argv.qualifier !== undefined ? { qualifier: argv.qualifier } : {}), ...(argv.endpointUrl !== undefined ? { endpointUrl: argv.endpointUrl } : {}) });
  const { runFleet } = await import('../engine/run-fleet.js');
  const display = argv.quiet ? undefined : createWaitDisplay(process.stderr, process.env);
  const interrupt = listenForInterrupts();
  const reports = await runFleet(
    targets.map(({ target, source }) => ({ ...common, target, ...(source ? { targetSource: source } : {}) })),
    { concurrency: argv.concurrency, signal: interrupt.signal, ...(argv.maxPerOrigin === undefined ? {} : { maxPerOrigin: argv.maxPerOrigin }) },
    {
      redactor,
      hooks: {
        onWaitState: (state) => display?.update(state.summary),
        onProbeStart: () => display?.stop(),
      },
    },
  ).finally(() => {
    display?.stop();
    interrupt.dispose();
  });
  const { reports: judged, staleExit } = await judgeBaseline(reports, argv as DiagnoseArgs & ConfigArgs);
  const code = await emitReport(judged.length === 1 ? (judged[0] as Report) : judged, argv, redactor);
  return interrupt.signal.aborted ? EXIT_INTERRUPTED : Math.max(code, staleExit);
}

/**
 * The run's proxies and trusted roots (`--ca-file`, proxy variables); a bad file is a usage error
 * before anything runs, and proxy credentials join the secrets nothing may print.
 */
async function networkFor(caFile: string | undefined, redactor: Redactor): Promise<NetworkConfig> {
  const { createNetworkConfig } = await import('../probes/network-config.js');
  const network = createNetworkConfig({ env: process.env, ...(caFile !== undefined ? { caFile } : {}) });
  for (const secret of network.secrets) redactor.addSecret(secret);
  return network;
}

/** The conventional exit status after SIGINT (128 + 2). */
const EXIT_INTERRUPTED = 130;

/**
 * Ctrl-C (or SIGTERM) stops the probes and lets the reports be written with what finished; a
 * second one exits at once.
 */
function listenForInterrupts(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSignal = (): void => {
    if (controller.signal.aborted) process.exit(EXIT_INTERRUPTED);
    writeStderr('\nmcp-doctor: interrupted; writing the reports with what finished (press Ctrl-C again to quit at once)\n');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/** `--baseline`: accepted findings stop failing the run; stale entries fail it; `--update-baseline` rewrites it. */
async function judgeBaseline(reports: Report[], argv: DiagnoseArgs & ConfigArgs): Promise<{ reports: Report[]; staleExit: 0 | 1 }> {
  if (!argv.baseline) {
    if (argv.updateBaseline) throw new UsageError('--update-baseline needs --baseline FILE');
    return { reports, staleExit: 0 };
  }
  const { applyBaseline, readBaseline, updateBaseline, writeBaseline } = await import('../config/baseline.js');
  const previous = await readBaseline(argv.baseline);
  if (argv.updateBaseline) {
    const next = updateBaseline(reports, previous, `accepted on ${new Date().toISOString().slice(0, 10)}`);
    await writeBaseline(argv.baseline, next);
    writeStderrLine(`mcp-doctor: wrote ${next.entries.length} baseline entr${next.entries.length === 1 ? 'y' : 'ies'} to ${argv.baseline}`);
    return { reports: applyBaseline(reports, next).reports, staleExit: 0 };
  }
  const applied = applyBaseline(reports, previous);
  if (applied.accepted.length && !argv.quiet) writeStderrLine(`mcp-doctor: ${countOf(applied.accepted.length, 'finding')} accepted by ${argv.baseline}`);
  for (const entry of applied.stale) writeStderrLine(`mcp-doctor: stale baseline entry: ${entry.code} on ${entry.target} no longer occurs; remove it (or run with --update-baseline)`);
  return { reports: applied.reports, staleExit: applied.stale.length > 0 ? 1 : 0 };
}

/** The targets of a run: the command line, `--all` (every MCP runtime of a region), or `.bedrock_agentcore.yaml`. */
async function collectTargets(argv: DiagnoseArgs, network: NetworkConfig, redactor: Redactor): Promise<Array<{ target: string; source?: string }>> {
  const given = argv.targets ?? [];
  if (argv.agent !== undefined && given.length > 0) throw new UsageError('--agent picks a deployed runtime from the project folder; leave out the target to use it');
  if (argv.target !== undefined && given.length > 0) throw new UsageError('--target picks a deployment target of agentcore/aws-targets.json; leave out the positional target to use it');
  if (argv.all) {
    if (given.length > 0) throw new UsageError('--all lists the targets itself; leave out the targets');
    const region = argv.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
    if (!region) throw new UsageError('--all needs a region: --region or AWS_REGION');
    const [{ createAwsAccess }, { listMcpRuntimes }] = await Promise.all([import('../probes/aws/aws-runtime.js'), import('../probes/aws/list-runtimes.js')]);
    const access = await createAwsAccess({ region, timeoutMs: parseDuration(argv.timeout, '--timeout'), network, onSecret: (value) => redactor.addSecret(value), ...(argv.awsProfile ? { profile: argv.awsProfile } : {}) });
    const { endpointOverride } = await import('../targets/service-endpoints.js');
    const endpoint = endpointOverride(process.env, 'BEDROCK_AGENTCORE_CONTROL');
    const listing = await listMcpRuntimes(access, { region, timeoutMs: parseDuration(argv.timeout, '--timeout'), concurrency: argv.concurrency, ...(endpoint ? { endpoint } : {}), ...(argv.nameFilter ? { nameFilter: argv.nameFilter } : {}) });
    if (listing.error) throw new DoctorError(`--all could not list the runtimes: ${listing.error.name} (${listing.error.message}); it needs ${listing.error.permission}`);
    if (!argv.quiet) writeStderrLine(summarizeListing(listing, region));
    if (listing.arns.length === 0) throw new UsageError(`--all found no MCP runtime in ${region}${argv.nameFilter ? ` matching "${argv.nameFilter}"` : ''}`);
    return listing.arns.map((target) => ({ target }));
  }
  if (given.length > 0) return given.map((target) => ({ target }));
  const [{ readConfiguredAgent, AGENTCORE_CONFIG_FILE }, { hasDeployedState, readDeployedRuntime, DEPLOYED_STATE_FILE }] = await Promise.all([import('../targets/agentcore-config.js'), import('../targets/deployed-state.js')]);
  // The newer AgentCore CLI's deployment record first; the deprecated toolkit's file otherwise.
  if (argv.target !== undefined || (await hasDeployedState(process.cwd()))) {
    const deployed = await readDeployedRuntime(process.cwd(), { ...(argv.target !== undefined ? { target: argv.target } : {}), ...(argv.agent !== undefined ? { agent: argv.agent } : {}) });
    if (!argv.quiet) process.stderr.write(`mcp-doctor: no target given; diagnosing runtime "${deployed.agent}" of target "${deployed.target}" from ${deployed.path}: ${deployed.arn}\n`);
    return [{ target: deployed.arn, source: `${DEPLOYED_STATE_FILE}, target ${deployed.target}, runtime ${deployed.agent}` }];
  }
  const configured = await readConfiguredAgent(process.cwd(), argv.agent);
  if (!argv.quiet) writeStderrLine(`mcp-doctor: no target given; diagnosing agent "${configured.agent}" from ${configured.path}: ${configured.arn}`);
  return [{ target: configured.arn, source: `${AGENTCORE_CONFIG_FILE}, agent ${configured.agent}` }];
}

/** The token request behind `--cognito-client-id`/`--username` or `--oauth-token-url`/`--client-id`. */
async function buildTokenRequest(argv: DiagnoseArgs, target: string, hasToken: boolean): Promise<TokenRequest | undefined> {
  const cognito = argv.cognitoClientId !== undefined;
  const oauth = argv.oauthTokenUrl !== undefined;
  if (!cognito && !oauth) {
    if (argv.username !== undefined || argv.clientId !== undefined) throw new UsageError('--username goes with --cognito-client-id, --client-id with --oauth-token-url');
    return undefined;
  }
  if (hasToken) throw new UsageError('give either a token (--token-file, MCP_DOCTOR_TOKEN) or a way to obtain one (--cognito-client-id, --oauth-token-url), not both');
  if (cognito && oauth) throw new UsageError('--cognito-client-id and --oauth-token-url are two ways to get a token; pick one');
  const clientSecret = process.env.MCP_DOCTOR_CLIENT_SECRET || undefined;
  if (cognito) {
    if (!argv.username) throw new UsageError('--cognito-client-id needs --username (the password comes from MCP_DOCTOR_PASSWORD or a prompt)');
    const region = argv.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? /^arn:[^:]+:bedrock-agentcore:([^:]+):/.exec(target)?.[1];
    if (!region) throw new UsageError('the Cognito region is unknown; pass --region (or set AWS_REGION)');
    const password = process.env.MCP_DOCTOR_PASSWORD || (await promptSecret(`Password for ${argv.username}: `));
    if (!password) throw new UsageError('the password is empty');
    return { kind: 'cognito-password', clientId: argv.cognitoClientId as string, username: argv.username, password, region, ...(clientSecret ? { clientSecret } : {}), ...(argv.useIdToken ? { useIdToken: true } : {}) };
  }
  if (!argv.clientId) throw new UsageError('--oauth-token-url needs --client-id (the secret comes from MCP_DOCTOR_CLIENT_SECRET)');
  if (!clientSecret) throw new UsageError('client credentials need the client secret in MCP_DOCTOR_CLIENT_SECRET');
  return { kind: 'client-credentials', tokenUrl: argv.oauthTokenUrl as string, clientId: argv.clientId, clientSecret, ...(argv.scope ? { scope: argv.scope } : {}) };
}

/** Renders the report in every requested format, writes it, and returns the exit code. */
async function emitReport(report: Report | readonly Report[], argv: ReportArgs, redactor: Redactor): Promise<number> {
  // Server names, protocol versions, file names and config values are single-line fields: a line
  // break in one must not start a line of the output.
  const reports = foldSingleLineFields(Array.isArray(report) ? (report as readonly Report[]) : [report as Report]);
  const color = decideColor(argv.color, process.env, process.stdout.isTTY === true);
  const render = (format: ReportFormat, useColor: boolean) => redactor.redact(reporters[format](reports, { color: useColor, verbose: argv.verbose, quiet: argv.quiet }));
  if (argv.json) await writeReportFile(argv.json, render('json', false), { flag: '--json' });
  if (argv.junit) await writeReportFile(argv.junit, render('junit', false), { flag: '--junit' });
  if (argv.markdown) await writeReportFile(argv.markdown, render('markdown', false), { flag: '--markdown' });
  if (argv.html) await writeReportFile(argv.html, render('html', false), { flag: '--html' });
  if (argv.output) await writeReportFile(argv.output, render(argv.format, false), { flag: '--output', github: argv.format === 'github' });
  else await writeStdout(render(argv.format, argv.format === 'pretty' && color), { github: argv.format === 'github', keepColor: argv.format === 'pretty' && color });
  // In GitHub Actions: annotations in the log (after the human report) and a job summary.
  const inActions = process.env.GITHUB_ACTIONS === 'true' && argv.github !== false;
  if (inActions && argv.format === 'pretty' && !argv.output) await writeStdout(render('github', false), { github: true });
  const summaryFile = process.env.GITHUB_STEP_SUMMARY;
  if (inActions && summaryFile) {
    const { renderGithubSummary } = await import('../report/github.js');
    await appendReportFile(summaryFile, redactor.redact(renderGithubSummary(reports)));
  }
  return Math.max(0, ...reports.map((r) => getExitCode(r.summary)));
}

async function demo(argv: ReportArgs & { scenario?: string; list: boolean }, redactor: Redactor): Promise<number> {
  const { DEFAULT_DEMO_SCENARIO } = await import('../demo/scenarios.js');
  const { diagnoseSimulatedRuntime, findDemoScenario, listDemoScenarios, startDemo } = await import('../demo/run-demo.js');
  if (argv.list) {
    const { teardownDemoEntries } = await import('../demo/teardown-demo.js');
    await writeStdout(listDemoScenarios(DEFAULT_DEMO_SCENARIO, teardownDemoEntries()));
    return 0;
  }
  const name = argv.scenario ?? DEFAULT_DEMO_SCENARIO;
  if (name.startsWith('teardown')) return teardownDemo(name, { ...argv, failOn: argv.failOn ?? 'warning', format: argv.format ?? 'pretty' }, redactor);
  argv = { ...argv, failOn: argv.failOn ?? 'error', format: argv.format ?? 'pretty' };
  const scenario = findDemoScenario(name);
  if (!scenario) throw new UsageError(`unknown demo scenario "${name.slice(0, 40)}"; run mcp-doctor demo --list`);
  const run = await startDemo(scenario);
  try {
    redactor.addSecret(run.token);
    if (!argv.quiet) {
      writeStderr(`Demo scenario "${scenario.name}": ${scenario.title}\nLocal AgentCore simulation at ${run.env.AWS_ENDPOINT_URL_BEDROCK_AGENTCORE ?? '?'} (nothing leaves 127.0.0.1)\n$ mcp-doctor ${run.arn}${run.token ? ' --token-file token.txt' : ''}\n\n`);
    }
    // Well above the simulation's 4 s container init limit, so a 424 is seen as a 424.
    // The simulation listens on 127.0.0.1, which a corporate proxy cannot reach: no proxy here.
    const report = await diagnoseSimulatedRuntime(run, { timeoutMs: 15_000, failOn: argv.failOn }, { redactor });
    return await emitReport(report, argv, redactor);
  } finally {
    await run.stop();
  }
}

async function tokenCommand(argv: { file?: string; caFile?: string; discoveryUrl?: string; runtime?: string; qualifier?: string; endpointUrl?: string; awsProfile?: string; format: 'pretty' | 'json'; color?: boolean; timeout: string }, redactor: Redactor): Promise<number> {
  // yargs hands a lone `-` positional over as an empty string.
  if (argv.file === '') argv.file = '-';
  if (argv.discoveryUrl !== undefined) parseHttpUrl(argv.discoveryUrl, '--discovery-url');
  const read = argv.file === undefined ? await readToken({}, process.env, readStdin) : await readToken({ tokenFile: argv.file }, process.env, readStdin);
  if (!read) throw new UsageError('no token given; pass a file (or - for stdin) or set MCP_DOCTOR_TOKEN');
  redactor.addSecret(read.token);
  const network = await networkFor(argv.caFile, redactor);
  const { runTokenCommand } = await import('../token/run-token-command.js');
  const analysis = await runTokenCommand({
    network,
    token: read.token,
    source: argv.file === undefined ? 'MCP_DOCTOR_TOKEN' : argv.file === '-' ? 'stdin' : argv.file,
    timeoutMs: parseDuration(argv.timeout, '--timeout'),
    env: process.env,
    ...(argv.discoveryUrl ? { discoveryUrl: argv.discoveryUrl } : {}),
    ...(argv.runtime ? { runtime: argv.runtime } : {}),
    ...(argv.qualifier ? { qualifier: argv.qualifier } : {}),
    ...(argv.endpointUrl ? { endpointUrl: argv.endpointUrl } : {}),
    ...(argv.awsProfile ? { awsProfile: argv.awsProfile } : {}),
  });
  const { renderTokenAnalysis } = await import('../report/token-report.js');
  const color = decideColor(argv.color, process.env, process.stdout.isTTY === true);
  const text = argv.format === 'json' ? `${JSON.stringify(analysis, null, 2)}\n` : renderTokenAnalysis(analysis, { color });
  await writeStdout(redactor.redact(text));
  return analysis.findings.some((f) => f.severity === 'error') ? 1 : 0;
}

function explain(query: string[], list: boolean, checks: boolean): Promise<number> | number {
  if (checks) {
    return import('../checks/index.js').then(async ({ checks: all }) => {
      await writeStdout(`${all.map((c) => `  ${c.id.padEnd(24)} ${c.title}`).join('\n')}\n`);
      return 0;
    });
  }
  if (list || query.length === 0) return writeStdout(listCodes(FINDING_CODES)).then(() => 0);
  const result = resolveExplainQuery(query.join(' '));
  return writeStdout(renderExplain(result)).then(() => explainExitCode(result));
}

/** `demo teardown…`: a seeded teardown in the simulation, audited as `mcp-doctor teardown` would. */
async function teardownDemo(name: string, argv: ReportArgs, redactor: Redactor): Promise<number> {
  const { runTeardownDemo, TEARDOWN_DEMOS } = await import('../demo/teardown-demo.js');
  if (!(name in TEARDOWN_DEMOS)) throw new UsageError(`unknown demo scenario "${name.slice(0, 40)}"; run mcp-doctor demo --list`);
  const report = await runTeardownDemo(name, {
    failOn: argv.failOn,
    onStart: (commandLine) => {
      if (!argv.quiet) writeStderr(`Demo scenario "${name}": a deployment torn down part-way in a local simulation (nothing leaves 127.0.0.1)\n$ ${commandLine}\n\n`);
    },
  });
  return emitReport(report, argv, redactor);
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

/** Options whose repeats accumulate (everything else: the last value wins); `--` holds a rehearsed command. */
const LIST_OPTIONS = new Set(['_', '--', 'targets', 'header', 'H', 'only', 'skip', 'query', 'call']);

/** Runs the CLI with `args` and returns the exit code; never calls process.exit. */
export async function main(args: string[]): Promise<number> {
  // The AWS SDK's notice about its own future Node support is not a finding about the patient.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const redactor = new Redactor();
  // Secrets in the environment are known before any command runs, whichever command it is.
  registerEnvironmentSecrets(redactor, process.env);
  useOutputRedactor(redactor);
  // A rehearsed server command after `--` may have a --debug of its own.
  const debug = (args.includes('--') ? args.slice(0, args.indexOf('--')) : args).includes('--debug');
  let exitCode = 0;
  try {
    await yargs(args)
      .scriptName('mcp-doctor')
      .usage('$0 <url> [options]\n\nDiagnoses an MCP server over Streamable HTTP and explains every failure.')
      .command(
        '$0 [targets..]',
        'diagnose MCP endpoints',
        (y) =>
          reportOptions(
            y
            .positional('targets', { type: 'string', array: true, describe: 'URLs of MCP endpoints or AgentCore runtime ARNs (default: the deployed runtime in agentcore/.cli/deployed-state.json, else in .bedrock_agentcore.yaml)' })
            .option('all', { type: 'boolean', default: false, describe: 'diagnose every MCP runtime of the account in --region (ListAgentRuntimes)' })
            .option('name-filter', { type: 'string', describe: 'with --all: runtime names to keep (substring, or * and ? wildcards)' })
            .option('wait', { type: 'string', describe: 'first wait up to DURATION (e.g. 10m) for the runtime, its endpoint and initialize to be ready' })
            .option('concurrency', { type: 'number', describe: 'targets diagnosed at the same time, and --all\'s GetAgentRuntime calls in flight (default 8)' })
            .option('max-per-origin', { type: 'number', describe: 'requests in flight per origin at most, across all targets (default 16 per target in flight)' })
            .option('config', { type: 'string', describe: 'config file (default: .mcp-doctorrc.json, .mcp-doctorrc or the "mcp-doctor" key of package.json)' })
            .option('baseline', { type: 'string', describe: 'accepted findings (code + target): reported, not failing; a stale entry fails the run' })
            .option('update-baseline', { type: 'boolean', default: false, describe: 'rewrite --baseline from this run\'s findings (keeps reasons of kept entries)' })
            .option('qualifier', { type: 'string', describe: 'runtime endpoint name for ARN targets (default DEFAULT)' })
            .option('agent', { type: 'string', describe: 'when no target is given: the runtime in agentcore/.cli/deployed-state.json, or the agent in .bedrock_agentcore.yaml' })
            .option('target', { type: 'string', describe: 'when no target is given: the deployment target of the AgentCore CLI (agentcore/aws-targets.json; default: the only one, or "default")' })
            .option('endpoint-url', { type: 'string', describe: 'data-plane base URL (else AWS_ENDPOINT_URL_BEDROCK_AGENTCORE, AWS_ENDPOINT_URL)' })
            .option('aws-profile', { type: 'string', describe: 'AWS shared-config profile for credentials (else AWS_PROFILE and the standard chain)' })
            .option('aws', { type: 'boolean', default: true, describe: 'call the AgentCore control plane for ARN targets (--no-aws skips it)' })
            .option('logs', { type: 'boolean', default: true, describe: 'when a runtime fails on the data plane, read its container log in CloudWatch (--no-logs skips it)' })
            .option('log-group', { type: 'string', describe: 'container log group for ARN targets (default /aws/bedrock-agentcore/runtimes/<runtimeId>-<qualifier>)' })
            .option('cognito-client-id', { type: 'string', describe: 'obtain the token from Cognito (USER_PASSWORD_AUTH) with this app client; password from MCP_DOCTOR_PASSWORD or a prompt, secret from MCP_DOCTOR_CLIENT_SECRET' })
            .option('username', { type: 'string', describe: 'Cognito user for --cognito-client-id' })
            .option('use-id-token', { type: 'boolean', default: false, describe: 'send the ID token instead of the access token (reproduces a common mistake)' })
            .option('oauth-token-url', { type: 'string', describe: 'obtain the token with OAuth client credentials from this token endpoint (secret from MCP_DOCTOR_CLIENT_SECRET)' })
            .option('client-id', { type: 'string', describe: 'client id for --oauth-token-url' })
            .option('scope', { type: 'string', describe: 'scopes to request with --oauth-token-url' })
            .option('region', { type: 'string', describe: 'region for --all and for Cognito sign-in with a URL target (default: AWS_REGION)' })
            .option('discovery-url', { type: 'string', describe: 'verify the token against this OIDC discovery URL (default: the runtime authorizer\'s)' })
            .option('auth', { choices: ['auto', 'bearer', 'sigv4', 'none'] as const, default: 'auto' as const, describe: 'data-plane auth: auto = bearer with a token, else SigV4 for ARNs' })
            .option('header', { alias: 'H', type: 'string', array: true, default: [] as string[], describe: 'extra request header "Name: value" (repeatable; sent to the target origin only)' })
            .option('origin', { type: 'string', describe: 'the Origin real clients send (browser-based clients, hosted connectors): checks that the server accepts it' })
            .option('token-file', { type: 'string', describe: 'read the bearer token from FILE (- for stdin); or set MCP_DOCTOR_TOKEN' })
            .option('ca-file', { type: 'string', describe: 'PEM bundle of extra trusted CA certificates (private CAs), added to the default roots; proxies come from HTTPS_PROXY/HTTP_PROXY/NO_PROXY' })
            .option('token', { type: 'string', describe: 'bearer token (leaks into shell history: prefer --token-file)' })
            .option('timeout', { type: 'string', describe: 'deadline per request (10, 10s, 500ms; default 10s)' })
            .option('deadline', { type: 'string', describe: 'deadline for each target\'s run (default 60s)' })
            .option('only', { type: 'string', array: true, describe: 'run only these check ids (see `explain --checks`)' })
            .option('skip', { type: 'string', array: true, describe: 'skip these check ids' })
            .option('profile', { choices: ['generic', 'agentcore'] as const, describe: 'rule set (default: generic for URLs, agentcore for ARNs)' })
            .option('call', { type: 'string', describe: 'call this tool in the session (never done by default)' })
            .option('args', { type: 'string', describe: 'JSON arguments for --call' }),
            { format: 'format written to stdout (or --output)', verbose: 'every check, all causes, the probe timeline', defaults: false },
          ),
        async (argv) => {
          exitCode = await diagnose(await withConfig(argv as unknown as DiagnoseArgs & ConfigArgs), redactor);
        },
      )
      .command(
        'demo [scenario]',
        'diagnose a runtime in a local AgentCore simulation (offline; --list shows the scenarios)',
        (y) =>
          reportOptions(
            y
              .positional('scenario', { type: 'string', describe: 'scenario name (default: id-token)' })
              .option('list', { type: 'boolean', default: false, describe: 'list the scenarios' }),
            // Unset unless given: the teardown demos judge at warning (leftovers), as `teardown` does.
            { format: 'format written to stdout (or --output)', verbose: 'every check, all causes, the probe timeline', defaults: false },
          ),
        async (argv) => {
          exitCode = await demo(argv as unknown as ReportArgs & { scenario?: string; list: boolean }, redactor);
        },
      )
      .command(
        'lint [dir]',
        'check a project folder offline (server source, AgentCore configuration) with file, line and column; --format sarif for code scanning',
        (y) => lintOptions(y),
        async (argv) => {
          exitCode = await lintCommand(argv as unknown as LintArgs, { redactor, emitReport, writeReportFile });
        },
      )
      .command(
        'conformance [targets..]',
        'test a server against the MCP specification on its own declared tools, resources and prompts (read-only; 2025 and 2026-07-28 eras)',
        (y) => conformanceOptions(y),
        async (argv) => {
          exitCode = await conformanceCommand(argv as unknown as ConformanceArgs, {
            redactor,
            emitReport,
            judgeBaseline: (reports, flags) => judgeBaseline(reports, flags as unknown as DiagnoseArgs & ConfigArgs),
            networkFor,
            listenForInterrupts,
            readStdin,
          });
        },
      )
      .command(
        'rehearse',
        'run your server command (after --) behind a local AgentCore simulation and diagnose it as if deployed',
        (y) => rehearseOptions(y),
        async (argv) => {
          exitCode = await rehearseCommand(argv as unknown as RehearseArgs, commandAfterDashes(args), { redactor, emitReport, listenForInterrupts });
        },
      )
      .command(
        'logs [arn]',
        'show a runtime\'s recent container log from CloudWatch with the causes it names (--since, --follow)',
        (y) => logsOptions(y),
        async (argv) => {
          exitCode = await logsCommand(argv as unknown as LogsArgs, { redactor, emitReport, listenForInterrupts, networkFor, writeStdout });
        },
      )
      .command(
        'teardown [arn]',
        'audit what a deployment left behind (read-only) and print the commands that remove it in a safe order',
        (y) => teardownOptions(y),
        async (argv) => {
          exitCode = await teardownCommand(argv as unknown as TeardownArgs, { redactor, emitReport, listenForInterrupts, networkFor });
        },
      )
      .command(
        'token [file]',
        'analyse a JWT offline (UNVERIFIED claims, times); verify it with --discovery-url; compare it with a runtime\'s authorizer with --runtime',
        (y) =>
          y
            .positional('file', { type: 'string', describe: 'file holding the token (- for stdin; default: MCP_DOCTOR_TOKEN)' })
            .option('discovery-url', { type: 'string', describe: 'OIDC discovery URL to verify the signature and issuer against' })
            .option('ca-file', { type: 'string', describe: 'PEM bundle of extra trusted CA certificates, added to the default roots' })
            .option('runtime', { type: 'string', describe: 'AgentCore runtime ARN whose authorizer the token must satisfy' })
            .option('qualifier', { type: 'string', describe: 'runtime endpoint name for --runtime (default DEFAULT)' })
            .option('endpoint-url', { type: 'string', describe: 'data-plane base URL, as in a diagnosis; unused here: --runtime reads the control plane, set by AWS_ENDPOINT_URL_BEDROCK_AGENTCORE_CONTROL or AWS_ENDPOINT_URL' })
            .option('aws-profile', { type: 'string', describe: 'AWS shared-config profile for --runtime (else AWS_PROFILE and the standard chain)' })
            .option('timeout', { type: 'string', default: '10s', describe: 'deadline of each network call (--discovery-url, --runtime), e.g. 10s' })
            .option('format', { alias: 'f', choices: ['pretty', 'json'] as const, default: 'pretty' as const, describe: 'format written to stdout' })
            .option('color', { type: 'boolean', describe: 'force colours on or off (default: on for a terminal; NO_COLOR turns them off)' })
            .option('debug', { type: 'boolean', default: false, describe: 'print stack traces of unexpected errors' }),
        async (argv) => {
          exitCode = await tokenCommand(argv as Parameters<typeof tokenCommand>[0], redactor);
        },
      )
      .command(
        'explain [query..]',
        'explain a code, an HTTP status or a pasted error message (offline)',
        (y) =>
          y
            .positional('query', { type: 'string', array: true, describe: 'CODE, HTTP status (406) or error text' })
            .option('list', { type: 'boolean', default: false, describe: 'list every code' })
            .option('checks', { type: 'boolean', default: false, describe: 'list every check id' })
            .epilogue('Exit codes: 0 when at least one code matched, 1 when nothing matched, 2 for a usage error.'),
        async (argv) => {
          // `explain -- -32022`: words after `--` are the query too (JSON-RPC codes start with a dash).
          const rest = [...((argv['--'] as unknown[] | undefined) ?? []), ...argv._.slice(1)];
          exitCode = await explain([...(argv.query ?? []), ...rest].map(String), argv.list, argv.checks);
        },
      )
      .strict()
      // A repeated scalar flag (a CI default plus an override) means the last one wins; list
      // options and the variadic targets keep every value.
      .middleware((argv) => {
        for (const [key, value] of Object.entries(argv)) {
          if (Array.isArray(value) && !LIST_OPTIONS.has(key)) argv[key] = value[value.length - 1];
        }
      }, true)
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
    // Messages can quote config files and flags: no terminal control sequence gets through.
    const oneLine = sanitizeText(redactor.redact(message), 2_000);
    writeStderrLine(`mcp-doctor: ${known ? '' : 'internal error: '}${oneLine}`);
    if (debug && error instanceof Error && error.stack) writeStderr(`${redactor.redact(error.stack)}\n`);
    else if (!known) writeStderrLine('Run again with --debug for details.');
  }
  return exitCode;
}

const code = await main(hideBin(process.argv));
process.exitCode = code;
// A hostile server can leave sockets half-open; the report is written, so do not wait on them.
setTimeout(() => process.exit(code), 200).unref();
