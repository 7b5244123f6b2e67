/**
 * Observations: the plain, redacted data a probe returns and checks read. Only data lives here:
 * the probes that produce each observation are in src/probes.
 */

/** What happened. */
export interface HttpExchange {
  label: string;
  method: string;
  url: string;
  /** Notable request headers, for evidence (never Authorization). */
  requestHeaders: Record<string, string>;
  outcome: 'response' | 'network-error' | 'timeout';
  status?: number;
  headers: Record<string, string>;
  /** Media type without parameters, lower-case. */
  contentType?: string;
  /** The body as read (capped), redacted and sanitized for display. */
  bodyExcerpt: string;
  bodyTruncated: boolean;
  /** The JSON-RPC reading of the body (JSON) or of the first message event (SSE). */
  jsonrpc?: JsonRpcReading;
  /**
   * The container's own status when AgentCore wrapped its non-2xx answer as HTTP 200 + JSON-RPC
   * -32010 `Received error (<status>) from runtime` (agentcore-contract §5).
   */
  containerStatus?: number;
  sse?: {
    events: number;
    firstEvent?: string;
    bytes: number;
    ended: boolean;
    firstEventAfterMs?: number;
    overflow?: boolean;
    /** Data was pending without the blank line that dispatches it when the stream ended or the deadline hit. */
    unterminated?: boolean;
    /** The last `retry:` value (ms) the stream sent. */
    retry?: number;
    /** The JSON-RPC `method` of the first event, when it is a request or notification (redacted). */
    firstMethod?: string;
  };
  /**
   * Terminal control characters the server sent in headers or body (raw, or as JSON `\u` escapes
   * that a client would decode), by kind, e.g. `ESC`, `BEL`, `C1`, `bidi`. They never reach any
   * output: every excerpt is sanitized.
   */
  unsafeCharacters?: string[];
  /** A network failure or a deadline, classified. */
  error?: { kind: NetworkErrorKind; code: string; message: string };
  /** The proxy the request went through (credentials masked), when one did. */
  proxy?: string;
  durationMs: number;
  /** True when the response contained the bearer token (it is redacted in this record). */
  tokenReflected: boolean;
}

/** The failure classes the checks distinguish. */
export type NetworkErrorKind = 'refused' | 'dns' | 'tls' | 'timeout' | 'reset' | 'protocol' | 'too-large' | 'aborted' | 'other';

/** What a body turned out to be. */
export type JsonRpcReading =
  | { kind: 'result'; id: string | number | null; result: unknown }
  | { kind: 'error'; id: string | number | null; code: number | undefined; message: string; data?: unknown }
  | { kind: 'other'; reason: string };

/** Why an AWS call gave no answer. */
export interface AwsCallError {
  kind: 'not-found' | 'access-denied' | 'no-credentials' | 'network' | 'other';
  name: string;
  message: string;
  /** The IAM action the call needs. */
  permission: string;
  httpStatus?: number;
}

/** A JWT authorizer, in the API's shape, or SigV4. */
export type RuntimeAuthorizer =
  | { kind: 'jwt'; discoveryUrl: string; allowedClients?: string[]; allowedAudience?: string[]; allowedScopes?: string[]; customClaims?: unknown[] }
  | { kind: 'sigv4' };

/** What GetAgentRuntime said. */
export interface RuntimeDescription {
  arn: string;
  name: string;
  id: string;
  version: string;
  status: string;
  failureReason?: string;
  /** Undefined when the field is absent (the service default applies). */
  serverProtocol?: string;
  requireMMDSV2?: boolean;
  authorizer: RuntimeAuthorizer;
  requestHeaderAllowlist?: string[];
}

/** What GetAgentRuntimeEndpoint said. */
export interface EndpointDescription {
  name: string;
  status: string;
  failureReason?: string;
  liveVersion?: string;
  targetVersion?: string;
}

/** The control-plane observation. */
export interface ControlPlaneObservation {
  /** AWS API calls made (they bypass the HTTP client's counter). */
  calls: number;
  runtime?: RuntimeDescription;
  runtimeError?: AwsCallError;
  endpoint?: EndpointDescription;
  endpointError?: AwsCallError;
}

/** What the server did with missing and forged credentials. */
export interface ServerAuthObservation {
  /** Compliant initialize with no Authorization header at all. */
  noToken: HttpExchange;
  /** Authorization: Bearer <random opaque string>. */
  garbageToken: HttpExchange;
  /** The user's token re-encoded with header {"alg":"none"} and no signature (only when a JWT was given). */
  algNone?: HttpExchange;
  /** The user's token with its signature replaced (only when a JWT was given). */
  tamperedSignature?: HttpExchange;
  /** The parsed WWW-Authenticate of `noToken` (RFC 6750/9728 parameters, quoted-string aware). */
  challenge?: BearerChallenge;
  /** Protected resource metadata, from the challenge's `resource_metadata` or the RFC 9728 well-known URLs. */
  prm?: { url: string; outcome: 'ok' | 'unreachable' | 'invalid' | 'refused-url'; status?: number; resource?: string; authorizationServers?: string[]; problem?: string };
}

/** One authentication challenge, reduced to the parameters MCP clients act on. */
export interface BearerChallenge {
  /** As sent (compare case-insensitively). */
  scheme: string;
  error?: string;
  errorDescription?: string;
  resourceMetadata?: string;
  scope?: string;
}

/** What Cognito said about the pool and the app client. */
export interface CognitoConfigObservation {
  userPoolId: string;
  clientId?: string;
  pool?: {
    tier?: string;
    preTokenGeneration?: {
      version: 'V1_0' | 'V2_0' | 'V3_0';
      lambdaArn: string;
      /** What GetFunction said of the trigger's function: `absent` means every sign-in fails. */
      functionState?: 'present' | 'absent' | 'unknown';
      functionError?: AwsCallError;
    };
  };
  client?: {
    /** `ClientSecret` present: a confidential client, so USER_PASSWORD_AUTH needs SECRET_HASH. */
    hasSecret: boolean;
    explicitAuthFlows: string[];
    allowedOAuthFlows: string[];
    allowedOAuthScopes: string[];
    /** `AccessTokenValidity` in `TokenValidityUnits.AccessToken` (default hours), as seconds. */
    accessTokenValiditySeconds?: number;
    /** `IdTokenValidity` in `TokenValidityUnits.IdToken` (default hours), as seconds. */
    idTokenValiditySeconds?: number;
  };
  poolError?: AwsCallError;
  clientError?: AwsCallError;
  /** AWS API calls made (they bypass the HTTP client's counter). */
  calls: number;
}

/** Where and how to get a token. */
export type TokenRequest =
  | { kind: 'cognito-password'; clientId: string; username: string; password: string; clientSecret?: string; region: string; endpoint?: string; useIdToken?: boolean }
  | { kind: 'client-credentials'; tokenUrl: string; clientId: string; clientSecret: string; scope?: string };

/** The token, or why there is none. */
export type TokenAcquisition =
  | { ok: true; token: string; tokenUse: 'access' | 'id'; source: TokenRequest['kind']; expiresIn?: number }
  | { ok: false; code: 'USER_PASSWORD_AUTH_DISABLED' | 'CLIENT_SECRET_HASH_REQUIRED' | 'USER_POOL_TRIGGER_FAILED' | 'COGNITO_AUTH_FAILED'; errorName: string; message: string };

/** The network settings as a report may show them: proxy credentials masked. */
export interface NetworkFacts {
  httpProxy?: string;
  httpsProxy?: string;
  noProxy?: string;
  /** `--ca-file`, and how many certificates it added. */
  caFile?: { path: string; certificates: number };
  /** The `NODE_EXTRA_CA_CERTS` path, when set. */
  extraCaCerts?: string;
  /** `NODE_TLS_REJECT_UNAUTHORIZED=0` is set for the process. */
  tlsVerificationDisabledByEnv: boolean;
}

/** The parts of a token the checks reason about. */
export interface TokenObservation {
  present: boolean;
  /** `Bearer undefined`, `null`, empty: a placeholder, not a token. */
  placeholder?: boolean;
  /** Why it is not a JWT, when it is not. */
  malformed?: string;
  header?: { alg?: string; kid?: string; typ?: string };
  claims?: {
    iss?: string;
    sub?: string;
    aud?: string[];
    client_id?: string;
    token_use?: string;
    scope?: string[];
    exp?: number;
    nbf?: number;
    iat?: number;
    /** Names of every claim present (values of unknown claims are not kept). */
    names: string[];
    /** Other IdPs' client claims (`cid`, `azp`, `appid`) when present. */
    otherClientClaims?: Record<string, string>;
    /** String and string-list claim values (bounded), for custom-claim rules. */
    values: Record<string, string | string[]>;
    /** Claims whose value was cut to the bounds (a rule on them can only be judged uncertain). */
    truncated?: string[];
  };
}

/** How waiting ended. */
export interface WaitOutcome {
  ready: boolean;
  waitedMs: number;
  /** The last state seen (what never became ready, on timeout). */
  last: string;
}

/**
 * The observation of the authorizer's discovery document and of the token's signature against
 * its JWKS. Fetched without credentials, from a URL the control plane (or the user) named.
 */
export interface AuthDiscoveryObservation {
  url: string;
  /** Where the URL came from. */
  source: 'authorizer' | 'flag';
  outcome: 'ok' | 'unreachable' | 'invalid' | 'refused-url';
  status?: number;
  issuer?: string;
  problem?: string;
  /** The token's signature against the JWKS, when there was a JWT to check. */
  signature?: 'verified' | 'unknown-kid' | 'bad-signature' | 'alg-not-allowed' | 'alg-none';
  signatureProblem?: string;
  calls: number;
}

/** How the run's token was obtained, when the doctor obtained it. */
export type TokenAcquisitionObservation = { requested: false } | ({ requested: true; via: TokenRequest['kind'] } & WithoutToken<TokenAcquisition>);

type WithoutToken<T> = T extends unknown ? Omit<T, 'token'> : never;

/** One step of the SDK session: did it work, and if not, what the client said. */
export interface SessionStep {
  ok: boolean;
  error?: string;
  /** JSON-RPC error code when the server answered with one. */
  errorCode?: number;
  /** HTTP status when the transport failed on one. */
  httpStatus?: number;
}

/** A list operation, with pagination followed. */
export interface ListStep extends SessionStep {
  count: number;
  pages: number;
  names: string[];
  /** The server repeated a cursor; pagination was stopped. */
  cursorLoop?: boolean;
  /** Pagination was stopped at one of the doctor's caps (items, bytes or pages across pages) with a cursor still pending. */
  capped?: { cap: string; items: number; bytes: number };
}

/** What the official SDK client saw in a full session. */
export interface McpSessionObservation {
  connect: SessionStep;
  protocolVersion?: string;
  serverInfo?: { name: string; version: string };
  capabilities: string[];
  /** The server issued an `Mcp-Session-Id`. */
  sessionIssued: boolean;
  ping?: SessionStep;
  tools?: ListStep;
  /** Undefined when the server does not declare the capability. */
  resources?: ListStep;
  prompts?: ListStep;
  toolCall?: SessionStep & { name: string; isError?: boolean };
  requests: number;
  /** Sequential round trips the session took. */
  rounds: number;
}

/** What the v2 client (versionNegotiation auto) saw: the session steps, the era it negotiated, the discover result. */
export interface ModernSessionObservation extends McpSessionObservation {
  /** `modern` (2026-07-28 through server/discover) or `legacy` (the initialize fallback). */
  era?: 'modern' | 'legacy';
  /** The DiscoverResult the client adopted, reduced to what reports show. */
  discover?: { supportedVersions: string[]; capabilities: string[] };
  /** What the client warned about on the console (redacted, sanitized), e.g. a tool it excluded. */
  clientWarnings?: string[];
}

/** One deliberately faulty 2026-07-28 request and the answer. */
export interface ModernCase {
  /** What is wrong with the request, e.g. `Mcp-Method header missing`. */
  fault: string;
  exchange: HttpExchange;
}

/** 2026-07-28 requests that each break one rule; a conforming server refuses every one. */
export interface ModernCasesObservation {
  cases: ModernCase[];
}

/** The tools of a 2026-07-28 tools/list, pages followed. */
export interface ModernToolsObservation {
  /** The first page's exchange (the failing one when a later page failed). */
  exchange: HttpExchange;
  /** Tool definitions as sent (redacted), up to the probe's cap. */
  tools: unknown[];
  pages: number;
  cursorLoop?: boolean;
}

/** Every observation a probe can produce, keyed by the id of the probe that produces it. */
export interface Observations {
  'init': HttpExchange;
  'accept-none': HttpExchange;
  'accept-wildcard': HttpExchange;
  'accept-json': HttpExchange;
  'accept-sse': HttpExchange;
  'content-type-plain': HttpExchange;
  'host-foreign': HttpExchange;
  'origin-foreign': HttpExchange;
  'origin-client': HttpExchange;
  'path-variant': HttpExchange;
  'get-stream': HttpExchange;
  'delete-no-session': HttpExchange;
  'no-session': HttpExchange;
  'foreign-session': HttpExchange;
  'session-control': HttpExchange;
  'bogus-protocol-version': HttpExchange;
  'mcp-session': McpSessionObservation;
  'token': TokenObservation;
  'control-plane': ControlPlaneObservation;
  'token-acquisition': TokenAcquisitionObservation;
  'discovery': AuthDiscoveryObservation;
  'cognito-config': CognitoConfigObservation;
  'server-auth': ServerAuthObservation;
  'readiness': WaitOutcome | { waited: false };
  'network': NetworkFacts;
  'discover': HttpExchange;
  'modern-headers': ModernCasesObservation;
  'modern-envelope': ModernCasesObservation;
  'modern-unsupported-version': HttpExchange;
  'modern-removed-methods': ModernCasesObservation;
  'modern-session-header': HttpExchange;
  'modern-tools-list': ModernToolsObservation;
  'modern-listen': HttpExchange;
  'modern-host-foreign': HttpExchange;
  'modern-origin-foreign': HttpExchange;
  'modern-content-type-plain': HttpExchange;
  'modern-path-variant': HttpExchange;
  'modern-server-auth': ServerAuthObservation;
  'modern-session': ModernSessionObservation;
}

/** A probe id: the name of the observation the probe produces. */
export type ProbeId = keyof Observations;

/** What the compliant initialize established: the negotiated version and the server's session. */
export interface InitializedSession {
  protocolVersion: string;
  /** The `Mcp-Session-Id` the answer carried, when it carried one. */
  sessionId?: string;
}

/**
 * Facts derived from other observations without I/O (src/checks/derived-observations.ts). Probes
 * and checks name them in `needs` like any observation; when one is missing, everything that
 * needs it is skipped with the reason it is missing.
 */
export interface DerivedObservations {
  /** The compliant initialize got an HTTP response (not a refused connection, a TLS failure, a timeout). */
  'answer': HttpExchange;
  /** That response came from the server itself, not from AgentCore's front door rejecting the call. */
  'container-answer': HttpExchange;
  /** The server answered the compliant initialize as an MCP endpoint (no page, redirect, auth wall or gateway). */
  'mcp-answer': HttpExchange;
  /** That answer judged the request itself: no refusal of its Host, Accept or Content-Type header. */
  'headers-accepted': HttpExchange;
  /** The compliant initialize succeeded: requests after it can carry its version and session. */
  'initialized': InitializedSession;
  /** The SDK client's outcome is not already decided by the raw initialize: it succeeded with a known version, or redirected. */
  'client-control': HttpExchange;
  /** The control plane described the runtime (its authorizer, protocol, status). */
  'runtime': RuntimeDescription;
  /** The official SDK client connected (initialize and the initialized notification). */
  'session': McpSessionObservation;
}

/** A derived observation's name. */
export type DerivedId = keyof DerivedObservations;

/** Every observation a probe or a check can name: probe results and derived facts. */
export type AllObservations = Observations & DerivedObservations;

/** The name of any observation. */
export type ObservationKey = keyof AllObservations;
