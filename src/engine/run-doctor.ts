import type { LookupFunction } from 'node:net';
import { checks as allChecks } from '../checks/index.js';
import { derivations as allDerivations } from '../checks/derived-observations.js';
import { createOriginLimiter, createProbeRuntime, probes as allProbes, type RequestAuth } from '../probes/index.js';
import type { AllObservations, ObservationKey, ProbeId, TokenRequest, TokenAcquisitionObservation } from '../model/observations.js';
import { mapStrings, Redactor } from '../security/redact.js';
import { stripUnsafeCharacters } from '../security/sanitize-text.js';
import { TOOL_VERSION } from '../version.js';
import type { AnyCheck, CheckContext, DerivationDefinition, FindingSpec, ProbeContext, ProbeDefinition, ProbeOptions, ResolvedTarget } from '../model/contracts.js';
import type { OriginLimiter } from '../model/runtime.js';
import { createObservationScheduler, indexSources, isProbe, missingReason, observationsFor, type ObservationOutcome, type ObservationSources } from './schedule-observations.js';
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
import { readContainerLogsOnFailure } from './container-logs-phase.js';
import { CONTAINER_LOGS_CHECK, raiseLikelyCauses } from '../checks/agentcore/container-logs.js';
import { extractRuntimeFacts, extractServerFacts } from './server-facts.js';
import { modernOnlyRule, settledEra, twinProbesOf } from './modern-only.js';
import type { CheckResult, FailOn, Finding, ProbeTiming, Profile, Report } from '../model/report.js';
import type { ModernOnlyRule } from '../checks/modern/modern-only-plan.js';

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
  /** Requests in flight per origin at most (probes queue past it). @default 16 */
  maxPerOrigin?: number;
  /** Read the runtime's container log when the data plane fails (never on a healthy run). @default true */
  logs?: boolean;
  /** Container log group for ARN targets. @default `/aws/bedrock-agentcore/runtimes/<runtimeId>-<qualifier>` */
  logGroup?: string;
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
  /** A per-origin cap shared with other runs (a fleet); else each run has its own of `maxPerOrigin`. */
  limiter?: OriginLimiter;
}

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
export function decideRequestAuth(choice: NonNullable<DoctorOptions['auth']>, hasToken: boolean, kind: ResolvedTarget['kind']): RequestAuth {
  if (choice !== 'auto') return choice;
  if (hasToken) return 'bearer';
  return kind === 'agentcore-runtime' ? 'sigv4' : 'none';
}
const DEFAULT_OVERALL_TIMEOUT_MS = 60_000;
/** Under AgentCore's quota of 25 requests per second per endpoint (agentcore-contract §5), with room for the user's own traffic. */
export const AGENTCORE_REQUESTS_PER_SECOND = 20;
/** Enough for every first-round probe of one diagnosis at once, few enough to be polite to one server. */
export const DEFAULT_MAX_PER_ORIGIN = 16;

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
  const sources = indexSources(allProbes, allDerivations);
  // The modern twins are wanted too: only the settled era tells which a check reads.
  const wanted = observationsFor(selected, sources, twinProbesOf(selected));
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
    ...(target.kind === 'agentcore-runtime' ? { maxRequestsPerSecond: AGENTCORE_REQUESTS_PER_SECOND } : {}),
    limiter: deps.limiter ?? createOriginLimiter(options.maxPerOrigin ?? DEFAULT_MAX_PER_ORIGIN),
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
  // How requests were actually sent, once some were: SigV4 was only a plan when there were no
  // credentials to sign with. Derived observations read it as checks do.
  const sentAuthNow = (): CheckContext['requestAuth'] => (requestAuth === 'sigv4' && runtime.signedCount === 0 ? 'none' : requestAuth);
  const contextNow = (): CheckContext => ({ target, profile, hasToken: token !== undefined, requestAuth: sentAuthNow() });

  const runProbe = async (definition: ProbeDefinition, inputs: Partial<AllObservations>): Promise<ObservationOutcome> => {
    const id = definition.id;
    const budget = timeoutMs * (definition.steps ?? 1) + 1_000;
    const signal = AbortSignal.any([runSignal, AbortSignal.timeout(budget)]);
    const probeRuntime = runtime.forProbe();
    const ctx: ProbeContext = { target, profile, runtime: probeRuntime, options: probeOptions, signal };
    const applies = definition.appliesTo?.(ctx, inputs) ?? true;
    const startedAtMs = Math.round(performance.now() - started);
    if (applies !== true) {
      timings.push({ id, startedAtMs, durationMs: 0, requests: 0, outcome: 'skipped' });
      return { status: 'missing', key: id, reason: applies };
    }
    deps.hooks?.onProbeStart?.(id, definition.title);
    const outcome = await raceDeadline(id, definition.run(ctx, inputs), signal);
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
  };

  // AWS access outlives the HTTP pool: the container log is read after the checks.
  const awsAccess = runtime.forProbe().aws;
  const scheduler = createObservationScheduler(sources, runProbe, contextNow);
  let settled: Map<ObservationKey, ObservationOutcome>;
  try {
    settled = await scheduler.settle(wanted);
  } finally {
    await runtime.close();
  }

  const observed = (id: ProbeId): unknown => {
    const outcome = settled.get(id);
    return outcome?.status === 'ok' ? outcome.value : undefined;
  };
  const exchangeProbes: ProbeId[] = ['init', 'accept-none', 'accept-wildcard', 'accept-json', 'accept-sse', 'content-type-plain', 'host-foreign', 'path-variant', 'get-stream', 'delete-no-session', 'no-session', 'foreign-session', 'bogus-protocol-version'];
  const stack = mergeStacks(options.sourceStack, fingerprintStack(exchangeProbes.map((id) => observed(id) as AllObservations['init'] | undefined), observed('mcp-session') as AllObservations['mcp-session'] | undefined));
  const advice: AdviceContext = { ...(stack ? { stack } : {}), ...(options.toolchain ? { toolchain: options.toolchain } : {}), loopbackTarget: target.kind === 'url' && target.isLoopback };
  // The report says how requests were actually sent: SigV4 was only a plan when there were no
  // credentials to sign with (or --no-aws left the AWS SDK out), and the server saw no Authorization.
  const sentAuth = sentAuthNow();
  const checkCtx = contextNow();
  const results: CheckResult[] = [];
  const findings: Finding[] = [];
  // No check waits for another: each is judged on the observations it reads, or skipped for the
  // one it lacks. Two checks may report the same answer; collapseFindings keeps one per code.
  // On a modern-only server (initialize refused, server/discover served) checks read the
  // 2026-07-28 twins of the legacy probes, or do not apply.
  const era = settledEra(settled);
  for (const check of selected) {
    const { result, found } = evaluateCheck(check, settled, sources, checkCtx, timings, options.signal?.aborted === true, modernOnlyRule(check, era), advice);
    results.push(result);
    findings.push(...found);
  }

  const logs =
    options.logs === false
      ? undefined
      : await readContainerLogsOnFailure({
          target,
          profile,
          findings,
          results,
          failOn,
          aws: awsAccess,
          env,
          startedAt: startedAt.getTime(),
          ...(options.logGroup !== undefined ? { logGroup: options.logGroup } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
          limits: { timeoutMs: Math.min(15_000, timeoutMs) },
        });
  if (logs) {
    results.push(logs.result);
    findings.push(...logs.findings);
  }
  const checkOrder = [...selected.map((c) => c.id), CONTAINER_LOGS_CHECK.id];
  const collapsed = logs ? raiseLikelyCauses(collapseFindings(findings, checkOrder), logs.triggers, logs.causes) : collapseFindings(findings, checkOrder);
  const rounds = criticalPath(wanted, sources, settled, timings);
  const report: Report = {
    schemaVersion: 1,
    tool: { name: 'mcp-doctor', version: TOOL_VERSION },
    target: { input: redactor.redact(target.input), url: redactor.redact(target.url), kind: target.kind, ...(target.runtime?.source ? { source: target.runtime.source } : {}) },
    profile,
    failOn,
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - started),
    summary: buildSummary(results, collapsed, failOn),
    server: {
      ...extractServerFacts(
      settled.get('init'),
      era?.era === 'modern-only' ? settled.get('modern-session') : settled.get('mcp-session'),
      { noSession: settled.get('no-session'), foreign: settled.get('foreign-session'), control: settled.get('session-control') },
      target.kind,
      era,
      settled.get('modern-session'),
    ),
      ...(stack ? { stack } : {}),
    },
    ...(target.runtime ? { runtime: extractRuntimeFacts(target.runtime, sentAuth, settled.get('control-plane')) } : {}),
    ...(acquisition.requested && acquisition.ok ? { credentials: describeCredentials(acquisition.via, acquisition.tokenUse) } : {}),
    ...(logs?.section ? { containerLogs: logs.section } : {}),
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

async function raceDeadline(id: ProbeId, work: Promise<unknown>, signal: AbortSignal): Promise<ObservationOutcome> {
  let onAbort: (() => void) | undefined;
  const deadline = new Promise<ObservationOutcome>((resolve) => {
    onAbort = () => resolve({ status: 'timeout', key: id });
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  const result = work.then(
    (value): ObservationOutcome => ({ status: 'ok', value }),
    (error: unknown): ObservationOutcome => ({ status: 'error', key: id, message: error instanceof Error ? error.message : String(error) }),
  );
  try {
    return await Promise.race([result, deadline]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

function evaluateCheck(
  check: AnyCheck,
  settled: ReadonlyMap<ObservationKey, ObservationOutcome>,
  sources: ObservationSources,
  ctx: CheckContext,
  timings: ProbeTiming[],
  interruptedByUser: boolean,
  modernOnly?: ModernOnlyRule,
  advice: AdviceContext = {},
): { result: CheckResult; found: Finding[] } {
  const base: CheckResult = { id: check.id, title: check.title, area: check.area, status: 'pass', durationMs: 0 };
  if (check.spec) base.spec = check.spec;
  const read = [...check.needs, ...(check.uses ?? [])] as string[];
  base.durationMs = Math.max(0, ...timings.filter((t) => read.includes(t.id)).map((t) => t.durationMs));
  const skip = (reason: string) => ({ result: { ...base, status: 'skip' as const, skipReason: reason }, found: [] });

  if (modernOnly && 'notApplicable' in modernOnly) return skip(modernOnly.notApplicable);
  // On a modern-only server a check reads the 2026-07-28 twin of each legacy probe it names.
  const observed = modernOnly && 'substitute' in modernOnly ? substitutedView(settled, sources, modernOnly.substitute, ctx) : (key: ObservationKey) => settled.get(key);
  const observations: Record<string, unknown> = {};
  for (const key of check.needs) {
    const outcome = observed(key);
    if (!outcome) return skip(`observation ${key} was not produced`);
    if (outcome.status === 'missing') return skip(missingReason(key, outcome, sources));
    if (outcome.status === 'timeout') {
      const why = interruptedByUser ? `interrupted before probe ${outcome.key} finished` : `probe ${outcome.key} did not finish before its deadline`;
      return { result: { ...base, status: 'error', errorMessage: why }, found: [] };
    }
    if (outcome.status === 'error') {
      const message = isProbe(outcome.key, sources) ? `probe ${outcome.key} failed: ${outcome.message}` : outcome.message;
      return { result: { ...base, status: 'error', errorMessage: message }, found: [] };
    }
    observations[key] = outcome.value;
  }
  for (const key of check.uses ?? []) {
    const outcome = observed(key);
    if (outcome?.status === 'ok') observations[key] = outcome.value;
  }
  const input = observations as Parameters<AnyCheck['run']>[0];
  const applies = check.appliesTo?.(ctx, input) ?? true;
  if (applies !== true) return skip(applies);
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

/**
 * The observations as a check reads them on a modern-only server: the 2026-07-28 twin for each
 * legacy probe the rule names, and every observation derived from one derived again from the twin
 * (the same derivations, other inputs); everything else as settled.
 */
function substitutedView(
  settled: ReadonlyMap<ObservationKey, ObservationOutcome>,
  sources: ObservationSources,
  substitute: Partial<Record<ProbeId, ProbeId>>,
  ctx: CheckContext,
): (key: ObservationKey) => ObservationOutcome | undefined {
  const swapped = (key: ObservationKey): ProbeId | undefined => substitute[key as ProbeId];
  const reaches = (key: ObservationKey): boolean => {
    if (swapped(key)) return true;
    const derivation = sources.derivations.get(key);
    return derivation !== undefined && [...derivation.needs, ...(derivation.uses ?? [])].some(reaches);
  };
  const memo = new Map<ObservationKey, ObservationOutcome | undefined>();
  const view = (key: ObservationKey): ObservationOutcome | undefined => {
    if (memo.has(key)) return memo.get(key);
    const twin = swapped(key);
    const derivation = sources.derivations.get(key);
    let outcome: ObservationOutcome | undefined;
    if (twin) outcome = settled.get(twin);
    else if (!derivation || !reaches(key)) outcome = settled.get(key);
    else outcome = rederive(key, derivation, view, ctx);
    memo.set(key, outcome);
    return outcome;
  };
  return view;
}

function rederive(key: ObservationKey, derivation: DerivationDefinition, view: (key: ObservationKey) => ObservationOutcome | undefined, ctx: CheckContext): ObservationOutcome {
  const inputs: Record<string, unknown> = {};
  for (const need of derivation.needs) {
    const outcome = view(need);
    if (!outcome) return { status: 'missing', key: need, reason: 'it was not produced' };
    if (outcome.status !== 'ok') return outcome;
    inputs[need] = outcome.value;
  }
  for (const use of derivation.uses ?? []) {
    const outcome = view(use);
    if (outcome?.status === 'ok') inputs[use] = outcome.value;
  }
  try {
    const derived = derivation.derive(inputs as Partial<AllObservations>, ctx);
    return 'value' in derived ? { status: 'ok', value: derived.value } : { status: 'missing', key, reason: derived.missing };
  } catch (error) {
    return { status: 'error', key, message: `deriving ${key} failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function toFinding(spec: FindingSpec, check: AnyCheck, profile: Profile, advice: AdviceContext): Finding {
  if (!check.codes.includes(spec.code)) throw new Error(`check ${check.id} emitted ${spec.code}, which it does not declare`);
  return createFinding(spec, check.id, profile, check.spec, advice);
}

/** Calls a probe made through an AWS SDK client rather than the HTTP client. */
function sdkCallsOf(outcome: ObservationOutcome): number {
  if (outcome.status !== 'ok') return 0;
  const calls = (outcome.value as { calls?: unknown }).calls;
  return typeof calls === 'number' ? calls : 0;
}

/**
 * Sequential round trips on the longest chain of observations that were produced: a probe that
 * made requests is one round (the SDK session counts its own), a derived observation none.
 */
function criticalPath(keys: readonly ObservationKey[], sources: ObservationSources, settled: ReadonlyMap<ObservationKey, ObservationOutcome>, timings: ProbeTiming[]): number {
  const memo = new Map<ObservationKey, number>();
  const requests = new Map(timings.map((t) => [t.id, t.requests]));
  const depth = (key: ObservationKey): number => {
    const known = memo.get(key);
    if (known !== undefined) return known;
    const source = sources.probes.get(key) ?? sources.derivations.get(key);
    const outcome = settled.get(key);
    // Concurrent calls inside one probe (GetAgentRuntime ∥ GetAgentRuntimeEndpoint) are one round.
    const own = outcome?.status !== 'ok' || !isProbe(key, sources) ? 0 : key === 'mcp-session' || key === 'modern-session' ? (outcome.value as AllObservations['mcp-session']).rounds : (requests.get(key) ?? 0) > 0 ? 1 : 0;
    const value = own + Math.max(0, ...[...(source?.needs ?? []), ...(source?.uses ?? [])].map(depth));
    memo.set(key, value);
    return value;
  };
  return Math.max(0, ...keys.map(depth));
}
