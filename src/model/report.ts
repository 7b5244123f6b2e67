import type { FindingCode } from './finding-code.js';
import type { StackFingerprint } from './stack.js';

/** How serious a finding is. `--fail-on` compares against this. */
export type Severity = 'error' | 'warning' | 'info';

/**
 * The outcome of one check. `skip` means not applicable (always with a reason); `error` means the
 * doctor itself could not run the check (a probe crashed or ran out of time): never green.
 */
export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip' | 'error';

/** Rule sets: `agentcore` requires statelessness and AgentCore's host/port/path conventions. */
export type Profile = 'agentcore' | 'generic';

/** The verdict over a whole report. */
export type Verdict = 'healthy' | 'unhealthy';

/** Redacted, bounded facts behind a finding. */
export interface Evidence {
  /** `POST https://host/mcp` and the notable request headers. */
  request?: string;
  status?: number;
  /** Allow-listed response headers (never Authorization, cookies or tokens). */
  headers?: Record<string, string>;
  /** The first bytes of the body, redacted and with control characters removed. */
  bodyExcerpt?: string;
  /** Anything else worth showing, already redacted. */
  detail?: string;
  /**
   * The control exchange: the same request with only the varied thing (Host, Origin, Content-Type,
   * Accept, session id, …) set as a client normally sends it. A finding attributed to the variable
   * shows both.
   */
  control?: ControlEvidence;
}

/** What the control exchange of a differential probe got. */
export interface ControlEvidence {
  request: string;
  status?: number;
  bodyExcerpt?: string;
}

/** A reference into a specification that a check enforces. */
export interface SpecReference {
  id: string;
  url: string;
}

/** One thing the doctor found: data first, prose from the catalog. */
export interface Finding {
  code: FindingCode;
  severity: Severity;
  checkId: string;
  title: string;
  /** One sentence naming what was expected and what was observed. */
  message: string;
  /** Concrete steps, the first being the most likely fix. */
  remediation: string[];
  /** Likely root causes, most likely first. */
  causes: string[];
  /** Where the full page for this code lives (relative to the package). */
  docs: string;
  spec?: SpecReference;
  evidence?: Evidence;
  /** Set for findings about a project file (`mcp-doctor lint`): where in the file. */
  location?: SourceLocation;
}

/** A position in a project file; lines and columns count from 1, the end is inclusive. */
export interface SourceLocation {
  /** Path relative to the linted folder, with `/` separators. */
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

/** What happened to one check in one run. */
export interface CheckResult {
  id: string;
  title: string;
  area: CheckArea;
  status: CheckStatus;
  durationMs: number;
  skipReason?: string;
  /** Why the check could not run (status `error`). */
  errorMessage?: string;
  spec?: SpecReference;
}

/** Groups used for report sections and JUnit class names. */
export type CheckArea = 'network' | 'agentcore' | 'auth' | 'transport' | 'session' | 'protocol' | 'mcp' | 'security' | 'project';

/** Counts over a report, plus the verdict at the run's `--fail-on` threshold. */
export interface ReportSummary {
  checks: number;
  passed: number;
  failed: number;
  warned: number;
  skipped: number;
  errored: number;
  findings: { error: number; warning: number; info: number };
  verdict: Verdict;
}

/** The target as the report names it (never with credentials). */
export interface ReportTarget {
  /** What the user typed, or where it was read from. */
  input: string;
  /** The URL that was probed (userinfo removed). */
  url: string;
  /** `project` is a folder read by `mcp-doctor lint` (then `url` is its `file://` URL). */
  kind: 'url' | 'agentcore-runtime' | 'project' | 'deployment';
  /** Where the target came from when the user gave none (e.g. `.bedrock_agentcore.yaml`). */
  source?: string;
}

/** How one probe went, for timelines and debugging. */
export interface ProbeTiming {
  id: string;
  startedAtMs: number;
  durationMs: number;
  requests: number;
  outcome: 'ok' | 'error' | 'timeout' | 'skipped';
}

/** What the control plane said about an AgentCore runtime. */
export interface RuntimeFacts {
  arn: string;
  qualifier: string;
  status?: string;
  endpointStatus?: string;
  serverProtocol?: string;
  /** `jwt` (customJWTAuthorizer) or `sigv4` (IAM). */
  authorizer?: 'jwt' | 'sigv4';
  /** How the doctor authenticated its data-plane requests. */
  requestAuth: 'bearer' | 'sigv4' | 'none';
}

/** Facts about the server learnt during the run (from the initialize result). */
export interface ServerFacts {
  name?: string;
  version?: string;
  /** The version the legacy (2025) initialize negotiated. */
  protocolVersion?: string;
  /** Every protocol version the server was seen to serve: the initialize's, then server/discover's `supportedVersions`. */
  protocolVersions?: string[];
  /** Which eras it serves: 2025 `initialize`, 2026-07-28 `server/discover`, or both. */
  era?: 'dual' | 'legacy-only' | 'modern-only';
  /** What the official v2 client (`versionNegotiation: { mode: 'auto' }`) negotiated, when it connected. */
  v2Client?: { era: 'modern' | 'legacy'; protocolVersion?: string };
  capabilities?: string[];
  stateful?: boolean;
  tools?: number;
  resources?: number;
  prompts?: number;
  /**
   * The server's library or runtime as the evidence shows it (headers, error wordings; in
   * `lint` and `rehearse` also source and pins). Causes and fixes are ordered by it.
   */
  stack?: StackFingerprint;
}

/** The whole result of one diagnosis. The JSON report is this object. */
export interface Report {
  schemaVersion: 1;
  tool: { name: 'mcp-doctor'; version: string };
  target: ReportTarget;
  profile: Profile;
  failOn: FailOn;
  startedAt: string;
  durationMs: number;
  summary: ReportSummary;
  server: ServerFacts;
  /** Set for AgentCore runtime targets. */
  runtime?: RuntimeFacts;
  /** Set when the doctor obtained the token itself (never the token). */
  credentials?: { source: 'cognito-password' | 'client-credentials'; tokenUse: 'access' | 'id'; note: string };
  checks: CheckResult[];
  findings: Finding[];
  timings: { rounds: number; requests: number; probes: ProbeTiming[] };
  /** Set when the run stopped before every probe finished. */
  interrupted?: boolean;
  /** Why: the overall deadline, or a signal (Ctrl-C, SIGTERM) from the user. */
  interruption?: 'deadline' | 'signal';
  /** Set by `mcp-doctor rehearse`: the local server behind the AgentCore simulation. */
  rehearsal?: RehearsalFacts;
  /** Set when a runtime's diagnosis failed on the data plane (and by `mcp-doctor logs`): its recent container output. */
  containerLogs?: ContainerLogs;
  /** Set by `mcp-doctor conformance`: then every check is a requirement with its spec section. */
  conformance?: ConformanceFacts;
  /** Set by `mcp-doctor teardown`: every resource the audit looked for and what it found. */
  teardown?: TeardownFacts;
}

/** How `mcp-doctor conformance` ran each protocol era. */
export interface ConformanceFacts {
  eras: ConformanceEraFacts[];
  /** Tools named with `--call` (no tool is called without it). */
  calls: string[];
}

/** One era of a conformance run. */
export interface ConformanceEraFacts {
  /** `2025` (initialize and sessions) or `2026` (2026-07-28, per-request). */
  era: '2025' | '2026';
  /** `tested`, or why its requirements were skipped or not testable. */
  status: 'tested' | 'skipped' | 'not-testable';
  reason?: string;
  /** The protocol version the requirements were judged at. */
  version?: string;
  /** Capabilities the server declared in this era, with the flags they set (`resources.subscribe`). */
  capabilities?: string[];
  /** Items listed in this era (what the requirements ran on). */
  listed?: { tools?: number; resources?: number; resourceTemplates?: number; prompts?: number };
}

/** What `mcp-doctor teardown` found, resource by resource, in the safe removal order. */
export interface TeardownFacts {
  /** The toolchain the removal commands are written for. */
  toolchain: 'agentcore-cli' | 'starter-toolkit' | 'cloudformation' | 'aws-cli';
  region: string;
  resources: TeardownResourceFacts[];
}

/** One resource of a teardown audit. */
export interface TeardownResourceFacts {
  kind: string;
  name: string;
  /** `present` (a leftover), `absent` (gone), `unknown` (could not be read: see `reason`). */
  state: 'present' | 'absent' | 'unknown';
  /** Where its name came from. */
  source: string;
  /** Its step in the safe removal order (1 first). */
  step: number;
  reason?: string;
}

/** How `mcp-doctor rehearse` ran the server before diagnosing it through the simulation. */
export interface RehearsalFacts {
  /** The server command as given (redacted), absent with `--url`. */
  command?: string;
  /** Process id of the server command (gone by the time the report is written). */
  pid?: number;
  /** The server's URL on this machine, which the simulated runtime forwards to. */
  url: string;
  port: number;
  /** `listening`, or why the diagnosis through the simulation did not run. */
  startup: 'listening' | 'exited' | 'not-listening';
  /** Milliseconds from start to the first accepted connection. */
  startupMs?: number;
  /** What a connection through a non-loopback address showed. */
  binding: 'all-interfaces' | 'loopback-only' | 'unknown';
  /** The non-loopback address probed for `binding`. */
  probeAddress?: string;
  /** The runtime's inbound auth in the simulation, e.g. `JWT allowedClients from .bedrock_agentcore.yaml`. */
  authorizer: string;
  /** Exit code or signal once the command ended on its own (not when the doctor stopped it). */
  exit?: string;
  /** The tail of the command's stdout and stderr (redacted), kept when the rehearsal failed. */
  output?: string;
}

/** The lowest severity that makes the run fail; `never` never fails on findings. */
export type FailOn = Severity | 'never';

/** A runtime's recent container output from CloudWatch Logs, and what it names. */
export interface ContainerLogs {
  logGroup: string;
  /** The time window read (ISO 8601). */
  since: string;
  until: string;
  /** Oldest first; the last lines of the window. */
  lines: ContainerLogLine[];
  /** Codes the lines name, most specific first. */
  matchedCodes: FindingCode[];
  /** The data-plane findings that made the doctor read the log (empty for `mcp-doctor logs` and data-plane timeouts). */
  readFor: FindingCode[];
  /** More lines were in the window than the report keeps. */
  truncated?: boolean;
  /** Why no lines were read (a missing permission, no credentials, no group), naming what is needed. */
  skipped?: string;
}

/** One line of container output. */
export interface ContainerLogLine {
  /** ISO 8601 time of the log event. */
  timestamp: string;
  message: string;
  /** Set on a line that names a cause. */
  code?: FindingCode;
}
