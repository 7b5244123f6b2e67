import type { FindingCode } from './finding-code.js';
import type { AllObservations, DerivedId, DerivedObservations, ObservationKey, Observations, ProbeId, TokenAcquisitionObservation, WaitOutcome } from './observations.js';
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
 * A probe performs I/O once and produces one observation, named by its id. `needs` lists the
 * observations it reads: the engine starts it as soon as they all exist, and skips it (saying
 * which one is missing and why) when one never will. Probes with nothing in common run at once.
 */
export interface ProbeDefinition<K extends ProbeId = ProbeId> {
  id: K;
  /** One line for timelines and `--verbose`. */
  title: string;
  /** Observations it cannot run without. */
  needs: readonly ObservationKey[];
  /** Observations it reads when they exist; it waits for them, and a missing one leaves its key undefined. */
  uses?: readonly ObservationKey[];
  /** Sequential requests in the probe's worst case, for its deadline (timeout × steps). */
  steps?: number;
  /** `true`, or why the probe does not apply (then what needs its observation is skipped with that reason). */
  appliesTo?(ctx: ProbeContext, inputs: Partial<AllObservations>): true | string;
  run(ctx: ProbeContext, inputs: Partial<AllObservations>): Promise<Observations[K]>;
}

/** A derived observation, or why it does not exist (one sentence a report can quote). */
export type Derived<T> = { value: T } | { missing: string };

/**
 * A fact computed from other observations without I/O (the session a successful initialize
 * established, the runtime the control plane described). Probes and checks name it in `needs`;
 * when it is missing, they are skipped with its reason.
 */
export interface DerivationDefinition<K extends DerivedId = DerivedId> {
  id: K;
  /** What the observation is, for skip reasons: `the compliant initialize's session`. */
  title: string;
  needs: readonly ObservationKey[];
  uses?: readonly ObservationKey[];
  derive(inputs: Partial<AllObservations>, ctx: CheckContext): Derived<DerivedObservations[K]>;
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
 * A check is a pure function over observations, declared as data: which observations it reads
 * and which codes it may emit. It is skipped only when an observation it needs is missing, never
 * because another check failed.
 */
export interface CheckDefinition<N extends ObservationKey = ObservationKey, U extends ObservationKey = never> {
  id: string;
  title: string;
  area: CheckArea;
  /** Observations it cannot judge without; a missing one skips it, with the reason it is missing. */
  needs: readonly N[];
  /** Observations read when they exist; a missing one leaves its key undefined instead of skipping the check. */
  uses?: readonly U[];
  /** Every code this check can emit (the registry test holds each check to it). */
  codes: readonly FindingCode[];
  spec?: SpecReference;
  /** `true`, or why the check does not apply to this target or profile. */
  appliesTo?(ctx: CheckContext, observations: CheckInput<N, U>): true | string;
  run(observations: CheckInput<N, U>, ctx: CheckContext): FindingSpec[] | FindingSpec | undefined;
}

/** The observations a check sees: needed ones always, used ones when they exist. */
export type CheckInput<N extends ObservationKey, U extends ObservationKey = never> = Pick<AllObservations, N> & Partial<Pick<AllObservations, U>>;

/** Any check, for registries. */
export type AnyCheck = CheckDefinition<ObservationKey, ObservationKey>;

/** Identity helper that keeps the observation keys of a check typed. */
export function defineCheck<N extends ObservationKey, U extends ObservationKey = never>(definition: CheckDefinition<N, U>): CheckDefinition<N, U> {
  return definition;
}

/** Identity helper for probe definitions. */
export function defineProbe<K extends ProbeId>(definition: ProbeDefinition<K>): ProbeDefinition<K> {
  return definition;
}

/** Identity helper for derived observations. */
export function defineDerivation<K extends DerivedId>(definition: DerivationDefinition<K>): DerivationDefinition<K> {
  return definition;
}
