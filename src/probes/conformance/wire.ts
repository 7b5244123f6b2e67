import type { WireStep } from '../../model/conformance.js';
import type { HttpExchange } from '../../model/observations.js';
import type { HttpPort } from '../../model/runtime.js';

/**
 * Raw JSON-RPC over Streamable HTTP for the conformance run: the doctor writes every byte of the
 * request itself (ids, headers, malformed params), so a requirement can be judged against exactly
 * what was sent. Both eras share one shape of record; every exchange is bounded by the HTTP
 * client's deadline and body cap.
 */


export type { WireStep };

const LEGACY_ACCEPT = 'application/json, text/event-stream';

/** Turns an exchange into a step. */
export function toStep(exchange: HttpExchange, method: string, requestId?: string | number): WireStep {
  const step: WireStep = { label: exchange.label, method, outcome: exchange.outcome, headers: exchange.headers, bodyExcerpt: exchange.bodyExcerpt };
  if (requestId !== undefined) step.requestId = requestId;
  if (exchange.status !== undefined) step.status = exchange.status;
  if (exchange.contentType !== undefined) step.contentType = exchange.contentType;
  if (exchange.jsonrpc !== undefined) step.reading = exchange.jsonrpc;
  if (exchange.error) step.error = `${exchange.error.code}: ${exchange.error.message}`;
  if (exchange.containerStatus !== undefined) step.containerStatus = exchange.containerStatus;
  return step;
}

/** Repeats after a throttling answer, at most this often. */
const MAX_RETRIES = 3;
/** The longest wait between two attempts, whatever Retry-After asks. */
const MAX_RETRY_WAIT_MS = 5_000;

/** HTTP 429, or AgentCore's MCP form of throttling: HTTP 200 + JSON-RPC -32003 "Rate limit exceeded". */
export function isThrottled(exchange: HttpExchange): boolean {
  if (exchange.status === 429) return true;
  const reading = exchange.jsonrpc;
  return reading?.kind === 'error' && reading.code === -32003 && /rate limit|too many requests|throttl/i.test(reading.message);
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * One exchange, repeated after throttling (a conformance run sends dozens of requests; AgentCore
 * allows 25 per second per endpoint): waits Retry-After when given, else 1, 2, 4 seconds.
 */
async function exchangeRetrying(http: HttpPort, request: Parameters<HttpPort['exchange']>[0], signal: AbortSignal | undefined): Promise<{ exchange: HttpExchange; retries: number }> {
  let exchange = await http.exchange(request, signal);
  let retries = 0;
  while (isThrottled(exchange) && retries < MAX_RETRIES && !signal?.aborted) {
    const retryAfter = Number(exchange.headers['retry-after']);
    await pause(Number.isFinite(retryAfter) && retryAfter >= 0 ? Math.min(retryAfter * 1000, MAX_RETRY_WAIT_MS) : 1000 * 2 ** retries, signal);
    retries++;
    exchange = await http.exchange(request, signal);
  }
  return { exchange, retries };
}

async function send(http: HttpPort, request: Parameters<HttpPort['exchange']>[0], signal: AbortSignal | undefined, method: string, requestId?: string | number): Promise<WireStep> {
  const { exchange, retries } = await exchangeRetrying(http, request, signal);
  const step = toStep(exchange, method, requestId);
  if (retries > 0) step.retries = retries;
  return step;
}

/** Describes a value for a label without letting a long or hostile string through. */
function shortJson(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * A 2025-era session: `initialize`, then every request carries the issued `Mcp-Session-Id` (if
 * any) and the negotiated `MCP-Protocol-Version`.
 */
export class LegacySession {
  readonly #http: HttpPort;
  readonly #url: string;
  readonly #signal: AbortSignal | undefined;
  readonly #extraHeaders: Record<string, string>;
  #nextId = 1;
  sessionId: string | undefined;
  protocolVersion: string | undefined;

  /** `extraHeaders` go on every request of the session (an `Origin`, for the DNS-rebinding probe). */
  constructor(http: HttpPort, url: string, signal?: AbortSignal, extraHeaders: Record<string, string> = {}) {
    this.#http = http;
    this.#url = url;
    this.#signal = signal;
    this.#extraHeaders = extraHeaders;
  }

  #headers(): Record<string, string> {
    return {
      ...this.#extraHeaders,
      'content-type': 'application/json',
      accept: LEGACY_ACCEPT,
      ...(this.sessionId !== undefined ? { 'mcp-session-id': this.sessionId } : {}),
      ...(this.protocolVersion !== undefined ? { 'mcp-protocol-version': this.protocolVersion } : {}),
    };
  }

  /** Sends `initialize` offering `version` and remembers the session id and negotiated version. */
  async initialize(version: string, clientInfo: { name: string; version: string }): Promise<WireStep> {
    const params = { protocolVersion: version, capabilities: {}, clientInfo };
    const origin = this.#extraHeaders.origin;
    const step = await this.request('initialize', params, { label: `initialize (protocolVersion ${version}${origin ? `, Origin: ${origin}` : ''})` });
    const sessionId = step.headers['mcp-session-id'];
    if (sessionId) this.sessionId = sessionId;
    const result = step.reading?.kind === 'result' ? (step.reading.result as { protocolVersion?: unknown } | null) : undefined;
    if (result && typeof result.protocolVersion === 'string') this.protocolVersion = result.protocolVersion;
    return step;
  }

  /** Sends a request; `id` overrides the session's counter (string and number ids are both tested). */
  async request(method: string, params?: unknown, options: { id?: string | number; label?: string } = {}): Promise<WireStep> {
    const id = options.id ?? this.#nextId++;
    const body = JSON.stringify({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) });
    const label = options.label ?? `${method}${params === undefined ? '' : ` ${shortJson(params)}`}`;
    return send(this.#http, { label: `POST ${label}`, method: 'POST', url: this.#url, headers: this.#headers(), body }, this.#signal, method, id);
  }

  /** Sends a notification (no id); a server that accepts it answers 202 with no body. */
  async notify(method: string, params?: unknown): Promise<WireStep> {
    const body = JSON.stringify({ jsonrpc: '2.0', method, ...(params === undefined ? {} : { params }) });
    return send(this.#http, { label: `POST ${method} (notification)`, method: 'POST', url: this.#url, headers: this.#headers(), body }, this.#signal, method);
  }

  /** Sends a body as given (a batch), with the session's headers. */
  async raw(label: string, method: string, body: string): Promise<WireStep> {
    return send(this.#http, { label: `POST ${label}`, method: 'POST', url: this.#url, headers: this.#headers(), body }, this.#signal, method);
  }

  /** Ends a stateful session (DELETE), so the run leaves nothing open on the server. */
  async close(): Promise<void> {
    if (this.sessionId === undefined) return;
    await this.#http.exchange({ label: 'DELETE (end session)', method: 'DELETE', url: this.#url, headers: this.#headers() }, this.#signal);
  }
}

/** The protocol revision of the modern (stateless, per-request) era. */
export const MODERN_VERSION = '2026-07-28';

/** How a modern request departs from a well-formed one (each negative requirement changes one thing). */
export interface ModernVariation {
  /** Overrides or removes (`null`) request headers. */
  headers?: Record<string, string | null>;
  /** Replaces the `_meta` protocol version. */
  protocolVersion?: string;
  /** Sends no `params._meta` at all. */
  omitMeta?: boolean;
  /** Leaves these keys out of `params._meta` (e.g. `io.modelcontextprotocol/clientCapabilities`). */
  omitMetaKeys?: string[];
  id?: string | number;
  label?: string;
}

/** Headers that name the request's subject, per the 2026-07-28 header rules. */
function nameHeaderFor(method: string, params: Record<string, unknown>): string | undefined {
  if (method === 'tools/call' || method === 'prompts/get') return typeof params.name === 'string' ? params.name : undefined;
  if (method === 'resources/read') return typeof params.uri === 'string' ? params.uri : undefined;
  return undefined;
}

/** Encodes a header value that is not plain visible ASCII as `=?base64?…?=`. */
export function encodeHeaderValue(value: string): string {
  return /^[\x20-\x7e]*$/.test(value) && value.trim() === value ? value : `=?base64?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}

/**
 * A 2026-07-28 client: every request stands alone, carries `MCP-Protocol-Version`, `Mcp-Method`
 * (and `Mcp-Name` where required) and the `_meta` envelope.
 */
export class ModernClient {
  readonly #http: HttpPort;
  readonly #url: string;
  readonly #signal: AbortSignal | undefined;
  readonly #clientInfo: { name: string; version: string };
  #nextId = 1;

  constructor(http: HttpPort, url: string, clientInfo: { name: string; version: string }, signal?: AbortSignal) {
    this.#http = http;
    this.#url = url;
    this.#clientInfo = clientInfo;
    this.#signal = signal;
  }

  /** Builds the body and headers of a well-formed modern request, then applies `variation`. */
  build(method: string, params: Record<string, unknown> = {}, variation: ModernVariation = {}): { id: string | number; body: Record<string, unknown>; headers: Record<string, string> } {
    const id = variation.id ?? this.#nextId++;
    const meta: Record<string, unknown> = {
      'io.modelcontextprotocol/protocolVersion': variation.protocolVersion ?? MODERN_VERSION,
      'io.modelcontextprotocol/clientCapabilities': {},
      'io.modelcontextprotocol/clientInfo': this.#clientInfo,
    };
    for (const key of variation.omitMetaKeys ?? []) delete meta[key];
    const fullParams = variation.omitMeta ? params : { ...params, _meta: meta };
    const body = { jsonrpc: '2.0', id, method, params: fullParams };
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': variation.protocolVersion ?? MODERN_VERSION,
      'mcp-method': method,
    };
    const name = nameHeaderFor(method, params);
    if (name !== undefined) headers['mcp-name'] = encodeHeaderValue(name);
    for (const [key, value] of Object.entries(variation.headers ?? {})) {
      if (value === null) delete headers[key.toLowerCase()];
      else headers[key.toLowerCase()] = value;
    }
    return { id, body, headers };
  }

  /** Sends a modern request. */
  async request(method: string, params: Record<string, unknown> = {}, variation: ModernVariation = {}): Promise<WireStep> {
    const { id, body, headers } = this.build(method, params, variation);
    const label = variation.label ?? `${method}${Object.keys(params).length ? ` ${shortJson(params)}` : ''}`;
    return send(this.#http, { label: `POST ${label} (2026-07-28)`, method: 'POST', url: this.#url, headers, body: JSON.stringify(body) }, this.#signal, method, id);
  }

  /** Sends any body with the given headers (batches, GET). */
  async raw(label: string, method: string, init: { method: 'POST' | 'GET' | 'DELETE'; headers: Record<string, string>; body?: string }): Promise<WireStep> {
    return send(this.#http, { label: `${init.method} ${label}`, method: init.method, url: this.#url, headers: init.headers, ...(init.body === undefined ? {} : { body: init.body }), streamWaitMs: 1_000 }, this.#signal, method);
  }
}
