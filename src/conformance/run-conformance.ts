import type { FindingSpec } from '../model/contracts.js';
import { UsageError } from '../model/errors.js';
import { createFinding } from '../engine/findings.js';
import { buildSummary } from '../engine/post-process.js';
import { decideRequestAuth } from '../engine/run-doctor.js';
import type { CheckResult, ConformanceEraFacts, FailOn, Finding, Profile, Report, ServerFacts, SpecReference } from '../model/report.js';
import { acquireToken } from '../probes/auth/acquire-token.js';
import type { TokenRequest } from '../model/observations.js';
import { collectConformance, refusedAsModernOnly } from '../probes/conformance/collect.js';
import type { ConformanceObservations, LegacyConformanceObservation, ModernConformanceObservation } from '../model/conformance.js';
import { MODERN_VERSION } from '../probes/conformance/wire.js';
import { createProbeRuntime } from '../probes/index.js';
import { createNetworkConfig } from '../probes/network-config.js';
import type { NetworkConfig } from '../model/runtime.js';
import { mapStrings, Redactor } from '../security/redact.js';
import { stripUnsafeCharacters } from '../security/sanitize-text.js';
import { resolveTargetInput } from '../targets/resolve.js';
import { endpointOverride } from '../targets/service-endpoints.js';
import { TOOL_VERSION } from '../version.js';
import { describeAnswer, specUrl, type Requirement, type RequirementContext } from './requirement.js';
import { legacyRequirements } from './requirements-2025.js';
import { modernRequirements } from './requirements-2026.js';

/**
 * `mcp-doctor conformance`: capability-aware protocol conformance on a production server. It
 * reuses the diagnosis's targets (URLs, AgentCore runtime ARNs), credentials (bearer, SigV4,
 * `--header`), deadlines, redaction and report shape; each requirement becomes a check whose
 * spec reference is its section in the negotiated version.
 */

/** Which protocol eras to run. `auto`: 2025 always, 2026-07-28 when `server/discover` offers it. */
export type EraSelection = 'auto' | '2025' | '2026';

/** Everything a conformance run needs. Only `target` is required. */
export interface ConformanceOptions {
  /** A URL of a Streamable HTTP MCP endpoint, or an AgentCore runtime ARN. */
  target: string;
  /** @default 'auto' */
  era?: EraSelection;
  /** Tools to call (never by default). */
  calls?: Array<{ name: string; args: Record<string, unknown> }>;
  /** Runtime endpoint name for ARN targets. @default 'DEFAULT' */
  qualifier?: string;
  endpointUrl?: string;
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
  awsProfile?: string;
  /** @default 'auto' (bearer with a token, SigV4 for ARNs without one) */
  auth?: 'auto' | 'bearer' | 'sigv4' | 'none';
  token?: string;
  tokenRequest?: TokenRequest;
  headers?: Record<string, string>;
  /** Per-request deadline. @default 10000 */
  timeoutMs?: number;
  /** Deadline for the whole run. @default 120000 */
  overallTimeoutMs?: number;
  /** @default 'error' */
  failOn?: FailOn;
  targetSource?: string;
  signal?: AbortSignal;
  network?: NetworkConfig;
}

/** Injectable parts, for tests. */
export interface ConformanceDeps {
  now?: () => Date;
  redactor?: Redactor;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_OVERALL_TIMEOUT_MS = 120_000;

/** Runs the conformance requirements against one target and returns the report. */
export async function runConformance(options: ConformanceOptions, deps: ConformanceDeps = {}): Promise<Report> {
  const now = deps.now ?? (() => new Date());
  const redactor = deps.redactor ?? new Redactor();
  const env = options.env ?? process.env;
  redactor.addSecret(options.token);
  for (const value of Object.values(options.headers ?? {})) redactor.addSecret(value);
  for (const name of ['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'MCP_DOCTOR_PASSWORD', 'MCP_DOCTOR_CLIENT_SECRET']) redactor.addSecret(env[name]);
  const era = options.era ?? 'auto';
  if (!['auto', '2025', '2026'].includes(era)) throw new UsageError(`--era must be auto, 2025 or 2026, not "${String(era).slice(0, 20)}"`);
  const network = options.network ?? createNetworkConfig({ env });
  for (const secret of network.secrets) redactor.addSecret(secret);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const target = resolveTargetInput(options.target, {
    env,
    ...(options.qualifier === undefined ? {} : { qualifier: options.qualifier }),
    ...(options.endpointUrl === undefined ? {} : { endpointUrl: options.endpointUrl }),
    ...(options.targetSource === undefined ? {} : { source: options.targetSource }),
  });
  let token = options.token;
  if (options.tokenRequest) {
    redactor.addSecret(options.tokenRequest.clientSecret);
    if (options.tokenRequest.kind === 'cognito-password') redactor.addSecret(options.tokenRequest.password);
    const request = options.tokenRequest.kind === 'cognito-password' && !options.tokenRequest.endpoint && endpointOverride(env, 'COGNITO_IDENTITY_PROVIDER')
      ? { ...options.tokenRequest, endpoint: endpointOverride(env, 'COGNITO_IDENTITY_PROVIDER') as string }
      : options.tokenRequest;
    const acquired = await acquireToken(request, { timeoutMs, network, ...(options.signal ? { signal: options.signal } : {}) });
    if (!acquired.ok) throw new UsageError(`could not obtain a token (${acquired.code}): ${acquired.message}; run the diagnosis (mcp-doctor <target> with the same flags) for the cause`);
    redactor.addSecret(acquired.token);
    token = acquired.token;
  }
  const requestAuth = decideRequestAuth(options.auth ?? 'auto', token !== undefined, target.kind);
  const profile: Profile = target.kind === 'agentcore-runtime' ? 'agentcore' : 'generic';
  const failOn = options.failOn ?? 'error';
  const overall = AbortSignal.timeout(options.overallTimeoutMs ?? DEFAULT_OVERALL_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([overall, options.signal]) : overall;
  const runtime = createProbeRuntime({
    targetOrigin: target.origin,
    ...(token === undefined ? {} : { token }),
    extraHeaders: options.headers ?? {},
    timeoutMs,
    redactor,
    signal,
    requestAuth,
    network,
    ...(target.runtime ? { aws: { region: target.runtime.region, timeoutMs, network, onSecret: (value: string) => redactor.addSecret(value), ...(options.awsProfile ? { profile: options.awsProfile } : {}) } } : {}),
  });
  const startedAt = now();
  const started = performance.now();
  const http = runtime.forProbe().http;
  let observations: ConformanceObservations;
  try {
    observations = await collectConformance(http, {
      url: target.url,
      eras: { legacy: era !== '2026', modern: era !== '2025' },
      calls: options.calls ?? [],
      // An ARN's data plane is AWS's front door, never a server on this machine (even when simulated on 127.0.0.1).
      loopback: target.kind === 'url' && target.isLoopback,
      signal,
    });
  } finally {
    await runtime.close();
  }
  const judged = judgeConformance(observations, era, profile, target.kind === 'agentcore-runtime');
  if (signal.aborted) markInterrupted(judged, options.signal?.aborted ? 'interrupted (Ctrl-C or SIGTERM)' : 'stopped by the run\'s --deadline');
  const report: Report = {
    schemaVersion: 1,
    tool: { name: 'mcp-doctor', version: TOOL_VERSION },
    target: { input: redactor.redact(target.input), url: redactor.redact(target.url), kind: target.kind, ...(target.runtime?.source ? { source: target.runtime.source } : {}) },
    profile,
    failOn,
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - started),
    summary: buildSummary(judged.checks, judged.findings, failOn),
    server: serverFacts(observations),
    ...(target.runtime ? { runtime: { arn: target.runtime.arn, qualifier: target.runtime.qualifier, requestAuth } } : {}),
    checks: judged.checks,
    findings: judged.findings,
    timings: { rounds: http.requestCount, requests: http.requestCount, probes: [] },
    conformance: { eras: judged.eras, calls: observations.calls },
  };
  if (signal.aborted) {
    report.interrupted = true;
    report.interruption = options.signal?.aborted ? 'signal' : 'deadline';
  }
  return mapStrings(redactor.redactDeep(report), stripUnsafeCharacters) as Report;
}

/** The judged requirements of every era that ran. Pure: the same observations give the same result. */
export function judgeConformance(observations: ConformanceObservations, era: EraSelection, profile: Profile, behindAgentCore = false): { checks: CheckResult[]; findings: Finding[]; eras: ConformanceEraFacts[] } {
  const checks: CheckResult[] = [];
  const findings: Finding[] = [];
  const eras: ConformanceEraFacts[] = [];
  const legacy = observations.legacy;
  const modern = observations.modern;
  if (legacy) {
    const gate = legacyGate(legacy, modern, era);
    eras.push(gate.facts);
    judgeEra(legacyRequirements, legacy, gate, { version: legacy.negotiatedVersion ?? legacy.offeredVersion, calls: observations.calls, behindAgentCore }, profile, checks, findings);
  }
  if (modern) {
    const gate = modernGate(modern, era);
    eras.push(gate.facts);
    judgeEra(modernRequirements, modern, gate, { version: MODERN_VERSION, calls: observations.calls, behindAgentCore }, profile, checks, findings);
  }
  return { checks, findings, eras };
}

/**
 * After an interrupted run a failure may be the interruption's, not the server's: every
 * requirement that did not pass or skip becomes "could not run" (never green) and its findings
 * are dropped, as a diagnosis does with probes cut short.
 */
export function markInterrupted(judged: { checks: CheckResult[]; findings: Finding[] }, why: string): void {
  const cut = new Set<string>();
  judged.checks.forEach((check, index) => {
    if (check.status === 'pass' || check.status === 'skip') return;
    cut.add(check.id);
    judged.checks[index] = { ...check, status: 'error', errorMessage: `the run was ${why} before every request was answered` };
  });
  judged.findings.splice(0, judged.findings.length, ...judged.findings.filter((f) => !cut.has(f.checkId)));
}

/** Whether an era's requirements run: all of them, only the first (which then fails), or none (each skipped). */
interface EraGate {
  facts: ConformanceEraFacts;
  /** Set when every requirement after the first is skipped with this reason. */
  skipRest?: string;
  /** Set when the first requirement is skipped too. */
  skipAll?: string;
  /** Set when the first requirement fails as not testable (the user forced the era). */
  notTestable?: string;
}

function legacyGate(o: LegacyConformanceObservation, modern: ModernConformanceObservation | undefined, era: EraSelection): EraGate {
  const facts: ConformanceEraFacts = { era: '2025', status: 'tested', version: o.negotiatedVersion ?? o.offeredVersion };
  if (o.capabilities) {
    facts.capabilities = describeCapabilities(o.capabilities);
    facts.listed = listedCounts(o);
    return { facts };
  }
  if (era === 'auto' && refusedAsModernOnly(o.initialize) && modern?.supportsModern) {
    const reason = 'the server serves 2026-07-28 only: initialize got -32022 naming no 2025 version';
    return { facts: { era: '2025', status: 'skipped', reason }, skipAll: reason };
  }
  const reason = `prerequisite 2025/initialize failed (${describeAnswer(o.initialize)})`;
  return { facts: { ...facts, status: 'not-testable', reason }, skipRest: reason };
}

function modernGate(o: ModernConformanceObservation, era: EraSelection): EraGate {
  const facts: ConformanceEraFacts = { era: '2026', status: 'tested', version: MODERN_VERSION };
  if (o.supportsModern) {
    facts.capabilities = describeCapabilities(o.capabilities ?? {});
    facts.listed = listedCounts(o);
    return { facts };
  }
  const answer = o.discover.reading?.kind === 'result' ? 'a result without 2026-07-28 in supportedVersions' : describeAnswer(o.discover);
  const reason = `server/discover did not offer 2026-07-28 (${answer})`;
  if (era === '2026') {
    return { facts: { ...facts, status: 'not-testable', reason }, notTestable: `--era 2026 was asked for, but ${reason}`, skipRest: reason };
  }
  return { facts: { era: '2026', status: 'skipped', reason }, skipAll: reason };
}

/** Capability names with the flags they set, e.g. `resources`, `resources.subscribe`, `tools.listChanged`. */
function describeCapabilities(capabilities: Record<string, unknown>): string[] {
  const names: string[] = [];
  for (const [name, value] of Object.entries(capabilities)) {
    names.push(name);
    if (value && typeof value === 'object') for (const [flag, on] of Object.entries(value)) if (on === true) names.push(`${name}.${flag}`);
  }
  return names.sort();
}

function listedCounts(o: Pick<LegacyConformanceObservation, 'tools' | 'resources' | 'resourceTemplates' | 'prompts'>): NonNullable<ConformanceEraFacts['listed']> {
  return {
    ...(o.tools ? { tools: o.tools.items.length } : {}),
    ...(o.resources ? { resources: o.resources.items.length } : {}),
    ...(o.resourceTemplates ? { resourceTemplates: o.resourceTemplates.items.length } : {}),
    ...(o.prompts ? { prompts: o.prompts.items.length } : {}),
  };
}

function judgeEra<O>(requirements: ReadonlyArray<Requirement<O>>, observation: O, gate: EraGate, ctx: RequirementContext, profile: Profile, checks: CheckResult[], findings: Finding[]): void {
  requirements.forEach((requirement, index) => {
    const spec: SpecReference = { id: `MCP ${ctx.version} ${requirement.section}`, url: requirement.externalUrl ?? specUrl(ctx.version, requirement.section) };
    const base: CheckResult = { id: requirement.id, title: requirement.title, area: requirement.area, status: 'pass', durationMs: 0, spec };
    const skipReason = gate.skipAll ?? (index > 0 ? gate.skipRest : undefined);
    if (skipReason !== undefined) {
      checks.push({ ...base, status: 'skip', skipReason });
      return;
    }
    let specs: FindingSpec[];
    if (index === 0 && gate.notTestable) specs = [{ code: 'CONFORMANCE_NOT_TESTABLE', args: { detail: gate.notTestable } }];
    else {
      let verdict;
      try {
        verdict = requirement.evaluate(observation, ctx);
      } catch (error) {
        checks.push({ ...base, status: 'error', errorMessage: `requirement crashed: ${error instanceof Error ? error.message : String(error)}` });
        return;
      }
      if (!Array.isArray(verdict)) {
        checks.push({ ...base, status: 'skip', skipReason: verdict.skip });
        return;
      }
      specs = verdict;
    }
    const found = dedupe(specs.map((s) => ({ ...createFinding(s, requirement.id, profile), spec })));
    const status = found.some((f) => f.severity === 'error') ? 'fail' : found.some((f) => f.severity === 'warning') ? 'warn' : 'pass';
    checks.push({ ...base, status });
    findings.push(...found);
  });
}

/** Keeps one finding per code and message within a requirement (twenty reads failing alike are one finding). */
function dedupe(found: Finding[]): Finding[] {
  const seen = new Set<string>();
  return found.filter((f) => {
    const key = `${f.code}\u0000${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function serverFacts(o: ConformanceObservations): ServerFacts {
  const facts: ServerFacts = {};
  const init = o.legacy?.initialize.reading?.kind === 'result' ? (o.legacy.initialize.reading.result as { serverInfo?: { name?: unknown; version?: unknown } } | null) : undefined;
  const discover = o.modern?.discover.reading?.kind === 'result' ? (o.modern.discover.reading.result as { _meta?: Record<string, { name?: unknown; version?: unknown }> } | null) : undefined;
  const info = init?.serverInfo ?? discover?._meta?.['io.modelcontextprotocol/serverInfo'];
  if (typeof info?.name === 'string') facts.name = info.name;
  if (typeof info?.version === 'string') facts.version = info.version;
  const version = o.legacy?.negotiatedVersion ?? (o.modern?.supportsModern ? MODERN_VERSION : undefined);
  if (version) facts.protocolVersion = version;
  const capabilities = o.legacy?.capabilities ?? o.modern?.capabilities;
  if (capabilities) facts.capabilities = Object.keys(capabilities).sort();
  if (o.legacy?.sessionIssued !== undefined) facts.stateful = o.legacy.sessionIssued;
  const era = o.legacy?.capabilities ? o.legacy : o.modern;
  if (era?.tools) facts.tools = era.tools.items.length;
  if (era?.resources) facts.resources = era.resources.items.length;
  if (era?.prompts) facts.prompts = era.prompts.items.length;
  return facts;
}
