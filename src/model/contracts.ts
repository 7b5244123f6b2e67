import type { FindingCode } from './finding-code.js';
import type { Observations, ProbeId, TokenAcquisitionObservation, WaitOutcome } from './observations.js';
import type { CheckArea, Evidence, Profile, Severity, SpecReference } from './report.js';
import type { ProbeRuntime } from './runtime.js';

/** The target after parsing: what every probe and check may read. */
export interface ResolvedTarget {
  /** What the user gave. */
  input: string;
  /** The URL to probe, without userinfo. */
  url: string;
  /** `scheme://host:port`: the only origin that receives credentials. */
  origin: string;
  kind: 'url' | 'agentcore-runtime';
  /** The host is 127.0.0.0/8, ::1 or localhost. */
  isLoopback: boolean;
  /** Set for AgentCore runtime targets. */
  runtime?: AgentCoreRuntimeTarget;
}

/** An AgentCore runtime, parsed from its ARN, with the service endpoints to call. */
export interface AgentCoreRuntimeTarget {
  arn: string;
  partition: string;
  region: string;
  accountId: string;
  runtimeId: string;
  qualifier: string;
  /** Base URL of the data plane (an override, or the public regional host). */
  dataPlaneUrl: string;
  /** Base URL of the control plane. */
  controlPlaneUrl: string;
  /** Where the ARN came from when the user gave none (e.g. `.bedrock_agentcore.yaml, agent demo`). */
  source?: string;
}

/** Options that change what probes do (never how checks judge). */
export interface ProbeOptions {
  /** Call this tool in the MCP session (never done by default). */
  callTool?: { name: string; args: Record<string, unknown> };
  /** How long the GET probe waits for a first event before calling the stream silent. */
  streamWaitMs: number;
  /** How the token was obtained, when the doctor obtained it. */
  acquisition: TokenAcquisitionObservation;
  /** `--discovery-url`: verify the token against this issuer. */
  discoveryUrl?: string;
  /** Cognito API endpoint override (`AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER`). */
  cognitoEndpoint?: string;
  /** Lambda API endpoint override (`AWS_ENDPOINT_URL_LAMBDA`), for the pool trigger's function. */
  lambdaEndpoint?: string;
  /** How `--wait` ended, when it was given. */
  wait?: WaitOutcome;
  /** `--origin`: the Origin a real client (browser-based, hosted connector) will send. */
  origin?: string;
}

/** What a probe gets to work with. */
export interface ProbeContext {
  target: ResolvedTarget;
  profile: Profile;
  runtime: ProbeRuntime;
  options: ProbeOptions;
  /** Aborted when the probe's deadline or the run's deadline passes. */
  signal: AbortSignal;
}

/**
 * A probe performs I/O once and returns a plain observation. `needs` lists the probes whose
 * observations it reads (the engine runs independent probes concurrently).
 */
export interface ProbeDefinition<K extends ProbeId = ProbeId> {
  id: K;
  /** One line for timelines and `--verbose`. */
  title: string;
  needs: readonly ProbeId[];
  /** Probes whose observations it reads when they ran (a skipped one leaves the key undefined). */
  uses?: readonly ProbeId[];
  /** Sequential requests in the probe's worst case, for its deadline (timeout × steps). */
  steps?: number;
  /** `true`, or why the probe does not apply (then checks that need it are skipped). */
  appliesTo?(ctx: ProbeContext, inputs: Partial<Observations>): true | string;
  run(ctx: ProbeContext, inputs: Partial<Observations>): Promise<Observations[K]>;
}

/** What a check reads besides observations. */
export interface CheckContext {
  target: ResolvedTarget;
  profile: Profile;
  /** A bearer token was given. */
  hasToken: boolean;
  /** How data-plane requests were authenticated. */
  requestAuth: 'bearer' | 'sigv4' | 'none';
}

/**
 * Values a check reports with a finding; the catalog turns them into prose. Every field is
 * already redacted and bounded when a check sets it.
 */
export interface FindingArgs {
  /** HTTP status observed. */
  status?: number;
  /** Human label of the request, e.g. `POST initialize (Accept: application/json)`. */
  probe?: string;
  /** The server's own words: a JSON-RPC error message or a plain-text body. */
  detail?: string;
  url?: string;
  location?: string;
  host?: string;
  version?: string;
  /** A list rendered as text, e.g. the Accept variants that got 406. */
  variants?: string;
  waitedMs?: number;
  /** Network error code (`ECONNREFUSED`, `UND_ERR_HEADERS_TIMEOUT`, …). */
  errorCode?: string;
  method?: string;
  contentType?: string;
  /**
   * What the control exchange got, in words (`the same request with \`Content-Type:
   * application/json\` got 200`): the request that differs only in the varied header.
   */
  control?: string;
}

/** What a check returns: a code and its values; the engine adds prose from the catalog. */
export interface FindingSpec {
  code: FindingCode;
  args?: FindingArgs;
  evidence?: Evidence;
  /** Overrides the catalog severity when the observation itself decides it. */
  severity?: Severity;
}

/**
 * A check is a pure function over observations, declared as data: what it needs, which checks
 * must pass first, which codes it may emit.
 */
export interface CheckDefinition<N extends ProbeId = ProbeId, U extends ProbeId = never> {
  id: string;
  title: string;
  area: CheckArea;
  needs: readonly N[];
  /** Probes read when they ran; a skipped one leaves its key undefined instead of skipping the check. */
  uses?: readonly U[];
  /** Checks that must not fail first; if one fails, this check is skipped with a reason. */
  dependsOn?: readonly string[];
  /** Every code this check can emit (the registry test holds each check to it). */
  codes: readonly FindingCode[];
  spec?: SpecReference;
  /** `true`, or why the check does not apply to this target or profile. */
  appliesTo?(ctx: CheckContext, observations: CheckInput<N, U>): true | string;
  run(observations: CheckInput<N, U>, ctx: CheckContext): FindingSpec[] | FindingSpec | undefined;
}

/** The observations a check sees: required ones always, optional ones when their probe ran. */
export type CheckInput<N extends ProbeId, U extends ProbeId = never> = Pick<Observations, N> & Partial<Pick<Observations, U>>;

/** Any check, for registries. */
export type AnyCheck = CheckDefinition<ProbeId, ProbeId>;

/** Identity helper that keeps the probe keys of a check typed. */
export function defineCheck<N extends ProbeId, U extends ProbeId = never>(definition: CheckDefinition<N, U>): CheckDefinition<N, U> {
  return definition;
}

/** Identity helper for probe definitions. */
export function defineProbe<K extends ProbeId>(definition: ProbeDefinition<K>): ProbeDefinition<K> {
  return definition;
}
