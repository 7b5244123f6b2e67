import { createServer } from 'node:net';
import { diagnoseSimulatedRuntime } from '../demo/run-demo.js';
import { UsageError } from '../model/errors.js';
import type { DoctorOptions } from '../engine/run-doctor.js';
import type { FailOn, RehearsalFacts, Report } from '../model/report.js';
import type { Redactor } from '../security/redact.js';
import { startSimulation } from '../sim/index.js';
import type { ServerProtocol } from '../sim/types.js';
import type { AdviceContext } from '../catalog/stacks.js';
import { evaluateBinding, evaluateOutput, evaluateStartup, mergeRehearsal, startupReport, type RehearsalCheckOutcome } from './rehearsal-checks.js';
import type { OutputTail } from './output-tail.js';
import type { RehearsalAuth } from './rehearsal-authorizer.js';
import { startServerProcess, describeExit, type ServerProcess } from './server-process.js';
import { defaultProbeAddress, probeBinding, tryConnect, waitForListen, type BindingObservation } from './tcp-connect.js';

/**
 * `mcp-doctor rehearse`: runs the user's server (or takes the URL of one already running), waits
 * for it to listen, checks that it listens beyond loopback, puts the local AgentCore simulation
 * in front of it with the project's authorizer and runs the full diagnosis of the simulated
 * runtime. The server command is always stopped before this returns.
 */

/** Everything a rehearsal needs. */
export interface RehearsalOptions {
  /** The server command, argv as given (no shell); `{port}` in an argument becomes the port. */
  command?: readonly string[];
  /** An already running server's MCP URL, instead of a command. */
  url?: string;
  /** Port given to the command as PORT. @default a free port */
  port?: number;
  /** MCP path on the server. @default '/mcp' */
  path?: string;
  /** How long the server has to start listening; also the simulated init limit. */
  startTimeoutMs: number;
  /** Non-loopback address for the binding probe. @default the first non-internal IPv4 address */
  probeAddress?: string;
  cwd: string;
  /** The command's environment (PORT is added). */
  env: NodeJS.ProcessEnv;
  auth: RehearsalAuth;
  /** @default 'MCP' */
  serverProtocol?: ServerProtocol;
  requestHeaderAllowlist?: string[];
  /** Diagnosis options (deadlines, check selection, --fail-on). */
  doctor: Omit<DoctorOptions, 'target' | 'token' | 'signal'> & { failOn: FailOn };
  redactor: Redactor;
  /** Ctrl-C: stops waiting and the diagnosis; the report is still built. */
  signal?: AbortSignal;
  /** Progress lines for stderr (the caller decides whether to print them). */
  onProgress?(line: string): void;
}

/** The finished rehearsal. */
export interface RehearsalResult {
  report: Report;
  /** The server command's pid, if one was started (it has ended by now). */
  pid?: number;
}

/** Time for the binding probe's one connection. */
const BINDING_PROBE_TIMEOUT_MS = 2_000;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Runs one rehearsal; throws only for bad input (`UsageError`) or a failure to start the simulation. */
export async function runRehearsal(options: RehearsalOptions): Promise<RehearsalResult> {
  const startedAt = new Date();
  const path = options.path ?? '/mcp';
  if (!path.startsWith('/')) throw new UsageError('--path must start with /');
  const target = options.url !== undefined ? parseServerUrl(options.url) : undefined;
  if (!target && !options.command?.length) throw new UsageError('give the server command after -- (mcp-doctor rehearse -- node server.js) or --url of a running server');
  if (target && options.command?.length) throw new UsageError('give either a server command or --url, not both');
  const port = target?.port ?? options.port ?? (await findFreePort());
  const serverUrl = target?.url ?? `http://127.0.0.1:${port}${path}`;
  const progress = options.onProgress ?? (() => undefined);

  let server: ServerProcess | undefined;
  // What the project folder says about the stack and toolchain orders every finding's fixes.
  const advice: AdviceContext = { ...(options.doctor.sourceStack ? { stack: options.doctor.sourceStack } : {}), ...(options.doctor.toolchain ? { toolchain: options.doctor.toolchain } : {}) };
  let commandLabel: string | undefined;
  // Another process on the port would answer for the command and be diagnosed in its place.
  if (options.command?.length && (await tryConnect('127.0.0.1', port, BINDING_PROBE_TIMEOUT_MS)) === 'open') {
    throw new UsageError(`port ${port} is already in use on 127.0.0.1 (an earlier server still running?); stop it${options.port !== undefined ? ' or leave out --port' : ''}`);
  }
  if (options.command?.length) {
    const argv = options.command.map((arg) => arg.replaceAll('{port}', String(port)));
    commandLabel = options.redactor.redact(argv.map(quoteArg).join(' '));
    server = startServerProcess(argv, { env: { ...options.env, PORT: String(port) }, cwd: options.cwd });
    progress(`started ${commandLabel} (pid ${server.pid ?? '?'}) with PORT=${port}; waiting up to ${Math.round(options.startTimeoutMs / 1000)} s for it to listen`);
  }
  try {
    const waited = await waitForListen({ port, host: target?.host ?? '127.0.0.1', timeoutMs: options.startTimeoutMs, ...(server ? { exited: server.exited } : {}), ...(options.signal ? { signal: options.signal } : {}) });
    const facts = (extra: Partial<RehearsalFacts>): RehearsalFacts => ({
      ...(commandLabel ? { command: commandLabel } : {}),
      ...(server?.pid !== undefined ? { pid: server.pid } : {}),
      url: serverUrl,
      port,
      startup: 'listening',
      binding: 'unknown',
      authorizer: options.auth.description,
      ...extra,
    });
    if (waited.kind !== 'listening') {
      const exit = waited.kind === 'exited' ? waited.exit : server?.exit();
      await server?.stop();
      const output = options.redactor.redact(server?.output.text() ?? '');
      const startup: RehearsalCheckOutcome = evaluateStartup(
        waited.kind === 'exited'
          ? { kind: 'exited', exit: waited.exit, lastOutput: output }
          : waited.kind === 'aborted'
            ? { kind: 'interrupted' }
            : { kind: 'not-listening', waitedMs: options.startTimeoutMs, port, lastOutput: output },
        advice,
      );
      const report = startupReport([startup, evaluateBinding(undefined), evaluateOutput(server ? output : undefined)], facts({ startup: waited.kind === 'exited' ? 'exited' : 'not-listening', ...(exit ? { exit: describeExit(exit) } : {}), ...(output ? { output } : {}) }), {
        failOn: options.doctor.failOn,
        startedAt,
        durationMs: Date.now() - startedAt.getTime(),
        ...(advice.stack ? { stack: advice.stack } : {}),
      });
      if (waited.kind === 'aborted') Object.assign(report, { interrupted: true, interruption: 'signal' });
      return { report, ...(server?.pid !== undefined ? { pid: server.pid } : {}) };
    }
    progress(`listening on port ${port} after ${waited.afterMs} ms`);

    const binding: BindingObservation =
      target && !LOOPBACK_HOSTS.has(target.host) ? { binding: 'unknown', reason: `${target.host} is not this machine's loopback address` } : await probeBinding(port, options.probeAddress ?? defaultProbeAddress(), BINDING_PROBE_TIMEOUT_MS);
    const outcomes = [evaluateStartup({ kind: 'listening', afterMs: waited.afterMs }, advice), evaluateBinding(binding, advice)];

    const diagnosis = await diagnoseBehindSimulation(serverUrl, options, server?.output);
    // A server that died during the diagnosis ended on its own: say how.
    const exitedByItself = server?.exit();
    await server?.stop();
    outcomes.push(evaluateOutput(server ? options.redactor.redact(server.output.text()) : undefined));
    const merged = mergeRehearsal(
      diagnosis,
      outcomes,
      facts({
        startupMs: waited.afterMs,
        binding: binding.binding,
        ...(binding.probeAddress ? { probeAddress: binding.probeAddress } : {}),
        ...(exitedByItself ? { exit: describeExit(exitedByItself) } : {}),
      }),
      Date.now() - startedAt.getTime(),
    );
    // The server's own words are kept when something went wrong (they are where the cause is).
    if (server && (merged.summary.verdict === 'unhealthy' || exitedByItself)) {
      const output = options.redactor.redact(server.output.text());
      if (output && merged.rehearsal) merged.rehearsal.output = output;
    }
    return { report: merged, ...(server?.pid !== undefined ? { pid: server.pid } : {}) };
  } finally {
    await server?.stop();
  }
}

/** Starts the simulation in front of `containerUrl`, registers the runtime and diagnoses it. */
async function diagnoseBehindSimulation(containerUrl: string, options: RehearsalOptions, output?: OutputTail): Promise<Report> {
  const initTimeoutSeconds = Math.max(1, Math.ceil(options.startTimeoutMs / 1000));
  const sim = await startSimulation({ knobs: { initTimeoutSeconds } });
  let stopFeeding: (() => void) | undefined;
  try {
    const { authorizer, mint } = options.auth;
    const runtime = sim.addRuntime({
      name: 'rehearsal',
      serverProtocol: options.serverProtocol ?? 'MCP',
      containerUrl,
      ...(authorizer ? { customJWTAuthorizer: { ...authorizer, discoveryUrl: sim.issuer.discoveryUrl } } : {}),
      ...(options.requestHeaderAllowlist ? { requestHeaderAllowlist: options.requestHeaderAllowlist } : {}),
    });
    // The command's output is the simulated container's log, as AgentCore would keep it (a failed diagnosis reads it).
    stopFeeding = output ? feedContainerLog(output, (text) => runtime.print(text)) : undefined;
    const token = mint ? await sim.issuer.mint(mint) : undefined;
    options.onProgress?.(`local AgentCore simulation at ${sim.dataPlaneUrl} (runtime ${runtime.arn}, ${options.auth.description})`);
    // Each request must outlast the simulated init limit, so a 424 is seen as a 424.
    const timeoutMs = Math.max(options.doctor.timeoutMs ?? 10_000, initTimeoutSeconds * 1000 + 5_000);
    const overallTimeoutMs = Math.max(options.doctor.overallTimeoutMs ?? 60_000, timeoutMs * 2);
    return await diagnoseSimulatedRuntime(
      { arn: runtime.arn, env: sim.env(), ...(token ? { token } : {}) },
      { ...options.doctor, timeoutMs, overallTimeoutMs, ...(options.signal ? { signal: options.signal } : {}) },
      { redactor: options.redactor },
    );
  } finally {
    stopFeeding?.();
    await sim.stop();
  }
}

/** Writes what the command printed so far, then every later complete line, to the simulated runtime's log. */
function feedContainerLog(output: OutputTail, print: (text: string) => void): () => void {
  const earlier = output.text();
  if (earlier.trim()) print(earlier);
  let partial = '';
  return output.onText((chunk) => {
    const text = partial + chunk;
    const end = text.lastIndexOf('\n');
    partial = end < 0 ? text : text.slice(end + 1);
    if (end >= 0) print(text.slice(0, end + 1));
  });
}

/**
 * Ports tried first for the command. They lie below the usual ephemeral ranges (Linux 32768+,
 * Windows and macOS 49152+), so a port freed here is not handed to someone else's `listen(0)`
 * in the moment before the command binds it.
 */
const PORT_RANGE = { from: 20_000, to: 32_000 } as const;

/** A TCP port free on every interface at the time of asking; the command binds it moments later. */
export async function findFreePort(random: () => number = Math.random): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const port = PORT_RANGE.from + Math.floor(random() * (PORT_RANGE.to - PORT_RANGE.from));
    if (await canBind(port)) return port;
  }
  return bindEphemeral();
}

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '0.0.0.0', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

function bindEphemeral(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function parseServerUrl(input: string): { url: string; host: string; port: number } {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new UsageError(`--url is not a URL: ${input.slice(0, 80)}`);
  }
  if (url.protocol !== 'http:') throw new UsageError('--url must be an http:// URL of a local server (the simulation speaks plain HTTP to its container)');
  if (url.username || url.password) throw new UsageError('--url must not carry credentials');
  const port = url.port ? Number(url.port) : 80;
  return { url: url.href, host: url.hostname, port };
}

/** Shell-like quoting for the report only (the command never goes through a shell). */
function quoteArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;
}
