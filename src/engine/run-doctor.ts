import type { LookupFunction } from 'node:net';
import { checks as allChecks } from '../checks/index.js';
import { createProbeRuntime, probes as allProbes, type RequestAuth } from '../probes/index.js';
import type { Observations, ProbeId, TokenRequest, TokenAcquisitionObservation } from '../model/observations.js';
import { mapStrings, Redactor } from '../security/redact.js';
import { stripUnsafeCharacters } from '../security/sanitize-text.js';
import { TOOL_VERSION } from '../version.js';
import type { AnyCheck, CheckContext, FindingSpec, ProbeContext, ProbeDefinition, ProbeOptions, ResolvedTarget } from '../model/contracts.js';
import { UsageError } from '../model/errors.js';
import { createFinding } from './findings.js';
import { fingerprintStack, mergeStacks } from '../checks/stack-fingerprint.js';
import type { AdviceContext, StackFingerprint, Toolchain } from '../catalog/stacks.js';
import { waitUntilReady, type ReadinessState } from './wait-until-ready.js';
import { acquireToken } from '../probes/auth/acquire-token.js';
import { createNetworkConfig } from '../probes/network-config.js';
import type { NetworkConfig } from '../model/runtime.js';
import { resolveTargetInput } from '../targets/resolve.js';
import { endpointOverride } from '../targets/service-endpoints.js';
import { buildSummary, collapseFindings } from './post-process.js';
import { extractRuntimeFacts, extractServerFacts } from './server-facts.js';
import type { CheckResult, FailOn, Finding, ProbeTiming, Profile, Report } from '../model/report.js';

/** Everything a diagnosis needs. Only `target` is required. */
export interface DoctorOptions {
  /** A URL of a Streamable HTTP MCP endpoint, or an AgentCore runtime ARN. */
  target: string;
  /** Rule set. @default 'generic' for URLs, 'agentcore' for runtime ARNs */
  profile?: Profile;
  /** Runtime endpoint name for ARN targets. @default 'DEFAULT' */
  qualifier?: string;
  /** Data-plane base URL override for ARN targets (else `AWS_ENDPOINT_URL_BEDROCK_AGENTCORE`…). */
  endpointUrl?: string;
  /** Environment for endpoint overrides and the AWS profile. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Named AWS profile for the credential chain. @default AWS_PROFILE */
  awsProfile?: string;
  /** Call AWS APIs (the control plane) for ARN targets. @default true */
  aws?: boolean;
  /** How data-plane requests authenticate: a token means bearer, else SigV4 for ARNs. @default 'auto' */
  auth?: 'auto' | 'bearer' | 'sigv4' | 'none';
  /** Where the target came from when the user gave none, for the report. */
  targetSource?: string;
  /** Obtain the bearer token first (Cognito USER_PASSWORD_AUTH or OAuth client credentials). */
  tokenRequest?: TokenRequest;
  /** Verify the token against this OIDC discovery URL (else the runtime authorizer's). */
  discoveryUrl?: string;
  /** Wait up to this long for the runtime, its endpoint and initialize to be ready first. */
  waitMs?: number;
  /** Bearer token sent to the target origin only. */
  token?: string;
  /** The Origin real clients send (`--origin`): a browser-based client's or a hosted connector's. */
  origin?: string;
  /** Extra request headers (`--header`), sent to the target origin only. */
  headers?: Record<string, string>;
  /** Per-request deadline in milliseconds. @default 10000 */
  timeoutMs?: number;
  /** Deadline for the whole run in milliseconds. @default 60000 */
  overallTimeoutMs?: number;
  /** Run only these check ids. */
  only?: string[];
  /** Skip these check ids. */
  skip?: string[];
  /** Lowest severity that makes the verdict unhealthy. @default 'error' */
  failOn?: FailOn;
  /** Call this tool in the session (never by default). */
  callTool?: { name: string; args: Record<string, unknown> };
  /** Aborts the run (Ctrl-C). */
  signal?: AbortSignal;
  /** Proxies, extra CA roots (`createNetworkConfig({ caFile })`). @default the proxy and TLS variables of `env` */
  network?: NetworkConfig;
  /**
   * How the project deploys (from its folder), so AgentCore fixes are written for it first.
   * @default the newer AgentCore CLI first
   */
  toolchain?: Toolchain;
  /** What the project's source and pins say about the server's stack (`rehearse`); the probes' clues refine it. */
  sourceStack?: StackFingerprint;
}

/** Hooks for progress display; the engine itself never prints. */
export interface DoctorHooks {
  /** Every change of state while `waitMs` polls for readiness. */
  onWaitState?(state: ReadinessState): void;
  onProbeStart?(id: ProbeId, title: string): void;
  onProbeEnd?(timing: ProbeTiming): void;
}

/** Injectable parts, for tests. */
export interface DoctorDeps {
  now?: () => Date;
  redactor?: Redactor;
  hooks?: DoctorHooks;
  /** Host name resolution for every request (tests inject failures). */
  lookup?: LookupFunction;
}

type ProbeOutcome =
  | { status: 'ok'; value: Observations[ProbeId] }
  | { status: 'skipped'; reason: string }
  | { status: 'error'; message: string }
  | { status: 'timeout' };

const DEFAULT_TIMEOUT_MS = 10_000;

/** Why the report says which token was used (issue: the access token carries `client_id`). */
function describeCredentials(source: 'cognito-password' | 'client-credentials', tokenUse: 'access' | 'id'): NonNullable<Report['credentials']> {
  const note =
    tokenUse === 'access'
      ? 'the access token is sent: it carries client_id, which an allowedClients authorizer checks (an ID token carries aud instead)'
      : 'the ID token is sent (--use-id-token): it has no client_id, so an allowedClients authorizer rejects it';
  return { source, tokenUse, note };
}

/** Fills in the Cognito endpoint override (`AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER`, then `AWS_ENDPOINT_URL`). */
function withCognitoEndpoint(request: TokenRequest, env: NodeJS.ProcessEnv): TokenRequest {
  if (request.kind !== 'cognito-password' || request.endpoint) return request;
  const endpoint = endpointOverride(env, 'COGNITO_IDENTITY_PROVIDER');
  return endpoint ? { ...request, endpoint } : request;
}

/** A token means bearer; without one, runtime ARNs are signed with SigV4 (IAM runtimes). */
function decideRequestAuth(choice: NonNullable<DoctorOptions['auth']>, hasToken: boolean, kind: ResolvedTarget['kind']): RequestAuth {
  if (choice !== 'auto') return choice;
  if (hasToken) return 'bearer';
  return kind === 'agentcore-runtime' ? 'sigv4' : 'none';
}
const DEFAULT_OVERALL_TIMEOUT_MS = 60_000;

/** `--origin`: an http(s) origin, serialized as browsers send it (`https://app.example`, no path). */
export function parseOrigin(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--origin must be an http(s) origin such as https://app.example, not "${value.slice(0, 100)}"`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw new UsageError(`--origin must be an http(s) origin such as https://app.example (scheme, host and port only), not "${value.slice(0, 100)}"`);
  }
  return url.origin;
}

/**
 * Diagnoses one MCP endpoint: resolves the probes the selected checks need, runs independent
 * probes concurrently (each bounded by a deadline), evaluates the checks in registry order and
 * returns the report. Throws only for invalid options (`UsageError`).
 */
export async function runDoctor(options: DoctorOptions, deps: DoctorDeps = {}): Promise<Report> {
  const now = deps.now ?? (() => new Date());
  const clientOrigin = options.origin === undefined ? undefined : parseOrigin(options.origin);
  const redactor = deps.redactor ?? new Redactor();
  redactor.addSecret(options.token);
  for (const value of Object.values(options.headers ?? {})) redactor.addSecret(value);
  const env = options.env ?? process.env;
  // Every secret the run handles, not only the bearer: a hostile endpoint may echo any of them.
  if (options.tokenRequest) {
    redactor.addSecret(options.tokenRequest.clientSecret);
    if (options.tokenRequest.kind === 'cognito-password') redactor.addSecret(options.tokenRequest.password);
  }
  for (const name of ['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'MCP_DOCTOR_PASSWORD', 'MCP_DOCTOR_CLIENT_SECRET']) redactor.addSecret(env[name] ?? process.env[name]);
  const network = options.network ?? createNetworkConfig({ env });
  for (const secret of network.secrets) redactor.addSecret(secret);
  const cognitoEndpoint = endpointOverride(env, 'COGNITO_IDENTITY_PROVIDER');
  const lambdaEndpoint = endpointOverride(env, 'LAMBDA');
  const timeoutForAuth = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let token = options.token;
  let acquisition: TokenAcquisitionObservation = { requested: false };
  if (options.tokenRequest) {
    const request = withCognitoEndpoint(options.tokenRequest, env);
    const result = await acquireToken(request, { timeoutMs: timeoutForAuth, network, ...(options.signal ? { signal: options.signal } : {}) });
    if (result.ok) {
      redactor.addSecret(result.token);
      token = result.token;
      const { token: _secret, ...rest } = result;
      acquisition = { requested: true, via: request.kind, ...rest };
    } else {
      acquisition = { requested: true, via: request.kind, ...result };
    }
  }
  const target = resolveTargetInput(options.target, {
    env,
    ...(options.qualifier === undefined ? {} : { qualifier: options.qualifier }),
    ...(options.endpointUrl === undefined ? {} : { endpointUrl: options.endpointUrl }),
    ...(options.targetSource === undefined ? {} : { source: options.targetSource }),
  });
  const profile: Profile = options.profile ?? (target.kind === 'agentcore-runtime' ? 'agentcore' : 'generic');
  const wait =
    options.waitMs === undefined
      ? undefined
      : await waitUntilReady(target, {
          waitMs: options.waitMs,
          timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
          ...(token !== undefined && options.auth !== 'sigv4' ? { token } : {}),
          ...(options.awsProfile ? { awsProfile: options.awsProfile } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
          network,
          ...(deps.hooks?.onWaitState ? { onState: (state: ReadinessState) => deps.hooks?.onWaitState?.(state) } : {}),
        });
  const requestAuth = decideRequestAuth(options.auth ?? 'auto', token !== undefined, target.kind);
  const failOn: FailOn = options.failOn ?? 'error';
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const startedAt = now();
  const started = performance.now();

  const selected = selectChecks(allChecks, options.only, options.skip);
  const definitions = new Map<ProbeId, ProbeDefinition>(allProbes.map((p) => [p.id, p]));
  const probeIds = probesFor(selected, definitions);
  const overall = AbortSignal.timeout(options.overallTimeoutMs ?? DEFAULT_OVERALL_TIMEOUT_MS);
  const runSignal = options.signal ? AbortSignal.any([overall, options.signal]) : overall;
  const runtime = createProbeRuntime({
    targetOrigin: target.origin,
    ...(token === undefined ? {} : { token }),
    extraHeaders: options.headers ?? {},
    timeoutMs,
    redactor,
    signal: runSignal,
    requestAuth,
    network,
    ...(deps.lookup ? { lookup: deps.lookup } : {}),
    ...(target.runtime && options.aws !== false
      ? { aws: { region: target.runtime.region, timeoutMs, network, onSecret: (value: string) => redactor.addSecret(value), ...(options.awsProfile ? { profile: options.awsProfile } : {}) } }
      : {}),
  });
  const probeOptions: ProbeOptions = {
    streamWaitMs: Math.min(2_000, timeoutMs),
    acquisition,
    ...(wait ? { wait } : {}),
    ...(options.discoveryUrl ? { discoveryUrl: options.discoveryUrl } : {}),
    ...(cognitoEndpoint ? { cognitoEndpoint } : {}),
    ...(lambdaEndpoint ? { lambdaEndpoint } : {}),
    ...(options.callTool ? { callTool: options.callTool } : {}),
    ...(clientOrigin !== undefined ? { origin: clientOrigin } : {}),
  };

  const timings: ProbeTiming[] = [];
  const outcomes = new Map<ProbeId, Promise<ProbeOutcome>>();

  const runProbe = (id: ProbeId): Promise<ProbeOutcome> => {
    let pending = outcomes.get(id);
    if (pending) return pending;
    const definition = definitions.get(id);
    if (!definition) throw new Error(`unknown probe ${id}`);
    pending = (async (): Promise<ProbeOutcome> => {
      const inputs: Partial<Observations> = {};
      for (const need of definition.needs) {
        const outcome = await runProbe(need);
        if (outcome.status !== 'ok') return { status: 'skipped', reason: `it needs probe ${need}, which did not complete` };
        (inputs as Record<string, unknown>)[need] = outcome.value;
      }
      for (const use of definition.uses ?? []) {
        const outcome = await runProbe(use);
        if (outcome.status === 'ok') (inputs as Record<string, unknown>)[use] = outcome.value;
      }
      const budget = timeoutMs * (definition.steps ?? 1) + 1_000;
      const signal = AbortSignal.any([runSignal, AbortSignal.timeout(budget)]);
      const probeRuntime = runtime.forProbe();
      const ctx: ProbeContext = { target, profile, runtime: probeRuntime, options: probeOptions, signal };
      const applies = definition.appliesTo?.(ctx, inputs) ?? true;
      const startedAtMs = Math.round(performance.now() - started);
      if (applies !== true) {
        timings.push({ id, startedAtMs, durationMs: 0, requests: 0, outcome: 'skipped' });
        return { status: 'skipped', reason: applies };
      }
      deps.hooks?.onProbeStart?.(id, definition.title);
      const outcome = await raceDeadline(definition.run(ctx, inputs), signal);
      const timing: ProbeTiming = {
        id,
        startedAtMs,
        durationMs: Math.round(performance.now() - started) - startedAtMs,
        requests: probeRuntime.http.requestCount + sdkCallsOf(outcome),
        outcome: outcome.status === 'ok' ? 'ok' : outcome.status === 'timeout' ? 'timeout' : 'error',
      };
      timings.push(timing);
      deps.hooks?.onProbeEnd?.(timing);
      return outcome;
    })();
    outcomes.set(id, pending);
    return pending;
  };

  const settled = new Map<ProbeId, ProbeOutcome>();
  try {
    await Promise.all(probeIds.map(async (id) => settled.set(id, await runProbe(id))));
  } finally {
    await runtime.close();
  }

  const observed = (id: ProbeId): unknown => {
    const outcome = settled.get(id);
    return outcome?.status === 'ok' ? outcome.value : undefined;
  };
  const exchangeProbes: ProbeId[] = ['init', 'accept-none', 'accept-wildcard', 'accept-json', 'accept-sse', 'content-type-plain', 'host-foreign', 'path-variant', 'get-stream', 'delete-no-session', 'no-session', 'foreign-session', 'bogus-protocol-version'];
  const stack = mergeStacks(options.sourceStack, fingerprintStack(exchangeProbes.map((id) => observed(id) as Observations['init'] | undefined), observed('mcp-session') as Observations['mcp-session'] | undefined));
  const advice: AdviceContext = { ...(stack ? { stack } : {}), ...(options.toolchain ? { toolchain: options.toolchain } : {}), loopbackTarget: target.kind === 'url' && target.isLoopback };
  // The report says how requests were actually sent: SigV4 was only a plan when there were no
  // credentials to sign with (or --no-aws left the AWS SDK out), and the server saw no Authorization.
  const sentAuth = requestAuth === 'sigv4' && runtime.signedCount === 0 ? 'none' : requestAuth;
  const checkCtx: CheckContext = { target, profile, hasToken: token !== undefined, requestAuth: sentAuth };
  const results: CheckResult[] = [];
  const findings: Finding[] = [];
  // Checks whose outcome stops their dependents: failed, errored, or skipped for a reason other
  // than not applying to this target.
  const blocking = new Set<string>();
  for (const check of selected) {
    const { result, found, notApplicable } = evaluateCheck(check, settled, blocking, checkCtx, timings, options.signal?.aborted === true, advice);
    results.push(result);
    if (result.status === 'fail' || result.status === 'error' || (result.status === 'skip' && !notApplicable)) blocking.add(check.id);
    findings.push(...found);
  }

  const collapsed = collapseFindings(findings, selected.map((c) => c.id));
  const rounds = criticalPath(probeIds, definitions, settled, timings);
  const report: Report = {
    schemaVersion: 1,
    tool: { name: 'mcp-doctor', version: TOOL_VERSION },
    target: { input: redactor.redact(target.input), url: redactor.redact(target.url), kind: target.kind, ...(target.runtime?.source ? { source: target.runtime.source } : {}) },
    profile,
    failOn,
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - started),
    summary: buildSummary(results, collapsed, failOn),
    server: { ...extractServerFacts(settled.get('init'), settled.get('mcp-session')), ...(stack ? { stack } : {}) },
    ...(target.runtime ? { runtime: extractRuntimeFacts(target.runtime, sentAuth, settled.get('control-plane')) } : {}),
    ...(acquisition.requested && acquisition.ok ? { credentials: describeCredentials(acquisition.via, acquisition.tokenUse) } : {}),
    checks: results,
    findings: collapsed,
    timings: { rounds, requests: timings.reduce((sum, t) => sum + t.requests, 0), probes: timings.sort((a, b) => a.startedAtMs - b.startedAtMs) },
  };
  if (runSignal.aborted) {
    report.interrupted = true;
    report.interruption = options.signal?.aborted ? 'signal' : 'deadline';
  }
  // Defence in depth: whatever a probe let through, no secret and no control character leaves the engine.
  return mapStrings(redactor.redactDeep(report), stripUnsafeCharacters) as Report;
}

function selectChecks(checks: readonly AnyCheck[], only?: string[], skip?: string[]): AnyCheck[] {
  const known = new Set(checks.map((c) => c.id));
  for (const id of [...(only ?? []), ...(skip ?? [])]) {
    if (!known.has(id)) throw new UsageError(`unknown check id "${id}"; run \`mcp-doctor explain --checks\` to list them`);
  }
  return checks.filter((c) => (!only?.length || only.includes(c.id)) && !skip?.includes(c.id));
}

function probesFor(checks: readonly AnyCheck[], definitions: ReadonlyMap<ProbeId, ProbeDefinition>): ProbeId[] {
  const ids = new Set<ProbeId>();
  const add = (id: ProbeId): void => {
    if (ids.has(id)) return;
    ids.add(id);
    const definition = definitions.get(id);
    for (const dependency of [...(definition?.needs ?? []), ...(definition?.uses ?? [])]) add(dependency);
  };
  for (const check of checks) for (const id of [...check.needs, ...(check.uses ?? [])]) add(id);
  return [...ids];
}

async function raceDeadline<T extends Observations[ProbeId]>(work: Promise<T>, signal: AbortSignal): Promise<ProbeOutcome> {
  let onAbort: (() => void) | undefined;
  const deadline = new Promise<ProbeOutcome>((resolve) => {
    onAbort = () => resolve({ status: 'timeout' });
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  const result = work.then(
    (value): ProbeOutcome => ({ status: 'ok', value }),
    (error: unknown): ProbeOutcome => ({ status: 'error', message: error instanceof Error ? error.message : String(error) }),
  );
  try {
    return await Promise.race([result, deadline]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

function evaluateCheck(
  check: AnyCheck,
  settled: Map<ProbeId, ProbeOutcome>,
  blocking: Set<string>,
  ctx: CheckContext,
  timings: ProbeTiming[],
  interruptedByUser: boolean,
  advice: AdviceContext,
): { result: CheckResult; found: Finding[]; notApplicable?: boolean } {
  const base: CheckResult = { id: check.id, title: check.title, area: check.area, status: 'pass', durationMs: 0 };
  if (check.spec) base.spec = check.spec;
  const probeIds = [...check.needs, ...(check.uses ?? [])];
  base.durationMs = Math.max(0, ...timings.filter((t) => (probeIds as string[]).includes(t.id)).map((t) => t.durationMs));
  const skip = (reason: string) => ({ result: { ...base, status: 'skip' as const, skipReason: reason }, found: [] });

  for (const prerequisite of check.dependsOn ?? []) {
    if (blocking.has(prerequisite)) return skip(`prerequisite check ${prerequisite} did not pass`);
  }
  const observations: Record<string, unknown> = {};
  for (const id of check.needs) {
    const outcome = settled.get(id);
    if (!outcome) return skip(`probe ${id} did not run`);
    if (outcome.status === 'skipped') return skip(outcome.reason);
    if (outcome.status === 'timeout') {
      const why = interruptedByUser ? `interrupted before probe ${id} finished` : `probe ${id} did not finish before its deadline`;
      return { result: { ...base, status: 'error', errorMessage: why }, found: [] };
    }
    if (outcome.status === 'error') return { result: { ...base, status: 'error', errorMessage: `probe ${id} failed: ${outcome.message}` }, found: [] };
    observations[id] = outcome.value;
  }
  for (const id of check.uses ?? []) {
    const outcome = settled.get(id);
    if (outcome?.status === 'ok') observations[id] = outcome.value;
  }
  const input = observations as Parameters<AnyCheck['run']>[0];
  const applies = check.appliesTo?.(ctx, input) ?? true;
  if (applies !== true) return { ...skip(applies), notApplicable: true };
  let specs: FindingSpec[];
  try {
    const produced = check.run(input, ctx);
    specs = produced === undefined ? [] : Array.isArray(produced) ? produced : [produced];
  } catch (error) {
    return { result: { ...base, status: 'error', errorMessage: `check crashed: ${error instanceof Error ? error.message : String(error)}` }, found: [] };
  }
  const found = specs.map((spec) => toFinding(spec, check, ctx.profile, advice));
  const status = found.some((f) => f.severity === 'error') ? 'fail' : found.some((f) => f.severity === 'warning') ? 'warn' : 'pass';
  return { result: { ...base, status }, found };
}

function toFinding(spec: FindingSpec, check: AnyCheck, profile: Profile, advice: AdviceContext): Finding {
  if (!check.codes.includes(spec.code)) throw new Error(`check ${check.id} emitted ${spec.code}, which it does not declare`);
  return createFinding(spec, check.id, profile, check.spec, advice);
}

/** Calls a probe made through an AWS SDK client rather than the HTTP client. */
function sdkCallsOf(outcome: ProbeOutcome): number {
  if (outcome.status !== 'ok') return 0;
  const calls = (outcome.value as { calls?: unknown }).calls;
  return typeof calls === 'number' ? calls : 0;
}

/** Sequential round trips on the longest dependency chain of the probes that ran. */
function criticalPath(ids: ProbeId[], definitions: Map<ProbeId, ProbeDefinition>, settled: Map<ProbeId, ProbeOutcome>, timings: ProbeTiming[]): number {
  const memo = new Map<ProbeId, number>();
  const requests = new Map(timings.map((t) => [t.id, t.requests]));
  const depth = (id: ProbeId): number => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    const definition = definitions.get(id);
    const outcome = settled.get(id);
    // Concurrent calls inside one probe (GetAgentRuntime ∥ GetAgentRuntimeEndpoint) are one round.
    const own = outcome?.status !== 'ok' ? 0 : id === 'mcp-session' ? (outcome.value as Observations['mcp-session']).rounds : (requests.get(id) ?? 0) > 0 ? 1 : 0;
    const value = own + Math.max(0, ...[...(definition?.needs ?? []), ...(definition?.uses ?? [])].map(depth));
    memo.set(id, value);
    return value;
  };
  return Math.max(0, ...ids.map(depth));
}
