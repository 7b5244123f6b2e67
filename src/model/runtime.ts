import type { LookupFunction } from 'node:net';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { Dispatcher } from 'undici';
import type { HttpExchange, NetworkFacts } from './observations.js';
import type { ResponseTooLargeError } from './errors.js';

/**
 * The I/O handles probes are given (an HTTP port, AWS access, network settings): contracts only.
 * The implementations live in src/probes; the engine creates them for each run.
 */

/**
 * Bounds the requests in flight per origin across every probe of a run, and across every run of
 * a fleet that shares it.
 */
export interface OriginLimiter {
  readonly maxPerOrigin: number;
  /** Requests in flight to `origin` now. */
  active(origin: string): number;
  /** Waits for a slot (in order); the returned function frees it. Rejects when `signal` aborts first. */
  acquire(origin: string, signal?: AbortSignal): Promise<() => void>;
}

/** What hides secrets in text the doctor keeps (the run's `Redactor` implements it). */
export interface SecretRedactor {
  /** `text` with every known secret replaced. */
  redact(text: string): string;
  /** True when `text` holds a known secret. */
  containsSecret(text: string): boolean;
  /** A copy of `value` with every string redacted. */
  redactDeep<T>(value: T): T;
}

/** The I/O handles one run's probes share. */
export interface ProbeRuntime {
  http: HttpPort;
  /** AWS access (credential chain, region), created on first use; undefined with `--no-aws`. */
  aws?: () => Promise<AwsAccess>;
}

/** What to send. `Authorization` is never part of this: the client adds it per origin. */
export interface ExchangeRequest {
  /** Human label, e.g. `POST initialize (Accept: application/json)`. */
  label: string;
  method: 'POST' | 'GET' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** For streams: how long to wait for the first event after the headers arrive. */
  streamWaitMs?: number;
  /** Send no credentials at all (auth probes): no bearer token, no `--header` values, no signature. */
  withoutCredentials?: boolean;
}

/** Settings shared by every exchange of one run. */
export interface HttpClientOptions {
  /** The exact origin (`scheme://host:port`) that may receive `Authorization`. */
  targetOrigin: string;
  /** The bearer token, or undefined. */
  token?: string;
  /** Extra headers from `--header`, sent to the target origin only. */
  extraHeaders?: Record<string, string>;
  /** Per-exchange deadline. */
  timeoutMs: number;
  /** Largest body the doctor reads, in bytes. */
  maxBodyBytes?: number;
  redactor: SecretRedactor;
  /** Aborts everything (overall deadline, Ctrl-C). */
  signal?: AbortSignal;
  /** Host name resolution (tests inject failures; default: the system resolver). */
  lookup?: LookupFunction;
  /** Signs target-origin requests (SigV4) instead of sending the bearer token. */
  signer?: RequestSigner;
  /** Proxies, extra CA roots, TLS verification (default: the process environment). */
  network?: NetworkConfig;
  /** Requests to the target origin that may start per second (AgentCore's per-endpoint quota); unlimited when unset. */
  maxRequestsPerSecond?: number;
  /** Caps requests in flight per origin (default: no cap). */
  limiter?: OriginLimiter;
}

/** What a caller of `fetch` hears beyond the Response (the SDK passes only the first two arguments). */
export interface FetchHooks {
  /**
   * The body passed the cap. The SDK only logs a broken stream and leaves its request waiting for
   * a response that will never come; a caller can abort that request here instead.
   */
  onTooLarge?: (error: ResponseTooLargeError) => void;
  /** Called with the size of every body chunk read (how the session sizes list pages). */
  onBytes?: (bytes: number) => void;
}

/** The `fetch` probes hand to the MCP SDK. */
export type PortFetch = (input: string | URL, init?: RequestInit, hooks?: FetchHooks) => Promise<Response>;

/** What probes use: exchanges, a fetch for the SDK, and a request count of their own. */
export interface HttpPort {
  exchange(req: ExchangeRequest, signal?: AbortSignal): Promise<HttpExchange>;
  readonly fetch: PortFetch;
  readonly requestCount: number;
  readonly options: HttpClientOptions;
}

/**
 * AWS access for one run: the standard credential chain (environment, shared config and SSO
 * profiles, process, web identity, container and instance metadata) resolved at most once, and
 * the settings every AWS client of the run shares. The SDK is imported lazily so URL targets never
 * load it.
 */
export interface AwsSettings {
  region: string;
  /** Named profile from the shared config (`--aws-profile`, else `AWS_PROFILE`). */
  profile?: string;
  /** Per-request deadline. */
  timeoutMs: number;
  /** Proxies and CA roots for every AWS client (default: the process environment). */
  network?: NetworkConfig;
  /**
   * Told the secret parts of the credentials once resolved (from a profile, SSO, a process), so
   * the run's redactor knows them even when they never were in the environment.
   */
  onSecret?: (value: string) => void;
}

/** A credential provider that memoises the first answer (success or failure). */
export interface AwsAccess {
  settings: AwsSettings;
  credentials: AwsCredentialIdentityProvider;
  /** Resolves credentials, or undefined when the chain has none (never throws). */
  tryCredentials(): Promise<AwsCredentialIdentity | undefined>;
  /** Why `tryCredentials` found none. */
  readonly credentialsError: string | undefined;
}

/**
 * SigV4 for raw data-plane requests (service `bedrock-agentcore`, agentcore-contract §1.1): the
 * AWS SDK's InvokeAgentRuntime cannot carry MCP's headers and streams, so probes sign their own
 * requests with the same credential chain.
 */
export type RequestSigner = (request: { method: string; url: string; headers: Record<string, string>; body?: string }) => Promise<Record<string, string>>;

/** The proxy variables in effect, after lower-case/upper-case precedence. Values may hold credentials. */
export interface ProxySettings {
  httpProxy?: string;
  httpsProxy?: string;
  noProxy?: string;
}

/** Per-pool settings of a dispatcher. */
export interface DispatcherSettings {
  /** Connect, headers and body deadline. */
  timeoutMs: number;
  /** Resolver for direct connections (a proxied request is resolved by the proxy). */
  lookup?: LookupFunction;
  /** @default 1000 */
  keepAliveTimeout?: number;
}

/** The run's network settings and the factories every request goes through. */
export interface NetworkConfig {
  readonly proxies: ProxySettings;
  /** The full trusted root set when `--ca-file` was given; undefined keeps Node's defaults. */
  readonly ca: readonly string[] | undefined;
  readonly facts: NetworkFacts;
  /** Proxy credentials, for the run's redactor. */
  readonly secrets: readonly string[];
  /** The proxy a request to `url` goes through, or undefined for a direct connection. */
  proxyFor(url: string): string | undefined;
  /** An undici dispatcher with these settings; use it only with undici's own `fetch`/`request`. */
  dispatcher(settings: DispatcherSettings): Dispatcher;
  /** A request handler for AWS SDK clients with these settings (proxies, roots, verification). */
  awsRequestHandler(settings: { timeoutMs: number }): Promise<import('@smithy/node-http-handler').NodeHttpHandler>;
}
