import { request, type Dispatcher } from 'undici';
import type { LookupFunction } from 'node:net';
import { isUtf8 } from 'node:buffer';
import type { RequestSigner, NetworkConfig, ExchangeRequest, HttpClientOptions, PortFetch, HttpPort, FetchHooks } from '../model/runtime.js';
import type { Redactor } from '../security/redact.js';
import { sanitizeText } from '../security/sanitize-text.js';
import { LARGE_BODY_BYTES, largeBodyGate } from './large-body-gate.js';
import { classifyNetworkError } from './classify-error.js';
import type { NetworkErrorKind, JsonRpcReading, HttpExchange } from '../model/observations.js';
import { discard, type DiscardableBody } from './discard-body.js';
import { FetchHeaders, toFetchResponse, type FetchHeadersInit } from './fetch-response.js';
import { maskProxyUrl, networkOf } from './network-config.js';
import { readJsonRpc } from './jsonrpc.js';
import { SseBufferExceededError, SseByteParser, type SseEvent } from './sse.js';
import { RequestPacer } from './request-pacer.js';
import { ResponseTooLargeError } from '../model/errors.js';

/**
 * One bounded HTTP exchange. Every request has a deadline and a body-size cap, never follows a
 * redirect, and gets `Authorization` only when its origin is exactly the target's origin. The
 * result is a plain, redacted observation; HTTP-level and network-level failures are values, not
 * exceptions.
 */

/** Response headers worth keeping; everything else (cookies, auth) is dropped at the source. */
const KEPT_HEADERS = [
  'content-type',
  'content-length',
  'location',
  'mcp-session-id',
  'mcp-protocol-version',
  'www-authenticate',
  'allow',
  'server',
  'x-powered-by',
  'via',
  'x-amzn-requestid',
  'x-amzn-errortype',
  'x-amzn-bedrock-agentcore-runtime-session-id',
  'retry-after',
  'content-encoding',
] as const;

const DEFAULT_MAX_BODY = 4 * 1024 * 1024;
const WRAPPED_STATUS = /Received error \((\d{3})\) from runtime/;
const EXCERPT_LENGTH = 2_000;
/** A stream idle this long with an event pending is waiting on a blank line that never comes. */
const IDLE_PENDING_MS = 1_000;

/** Runs exchanges for one diagnosis, counting requests and owning the connection pool. */
export class HttpClient implements HttpPort {
  readonly #options: HttpClientOptions;
  readonly #agent: Dispatcher;
  readonly #pacer: RequestPacer | undefined;
  #requests = 0;

  constructor(options: HttpClientOptions) {
    this.#options = options;
    this.#pacer = options.maxRequestsPerSecond === undefined ? undefined : new RequestPacer(options.maxRequestsPerSecond);
    this.#agent = networkOf(options.network).dispatcher({ timeoutMs: options.timeoutMs, ...(options.lookup ? { lookup: options.lookup } : {}) });
  }

  /** Requests sent so far. */
  get requestCount(): number {
    return this.#requests;
  }

  /** The options this client was built with (token included: keep inside the probe layer). */
  get options(): HttpClientOptions {
    return this.#options;
  }

  /** Headers for a request to `url`: credentials only for the exact target origin. */
  headersFor(url: string, headers: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {};
    const sameOrigin = originOf(url) === this.#options.targetOrigin;
    if (sameOrigin) {
      Object.assign(out, this.#options.extraHeaders);
      if (this.#options.token !== undefined && !this.#options.signer) out.authorization = `Bearer ${this.#options.token}`;
    }
    for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
    return out;
  }

  /** Headers for a request, signed when a signer is set and the request goes to the target origin. */
  async #finalHeaders(method: string, url: string, headers: Record<string, string>, body: string | undefined): Promise<Record<string, string>> {
    const out = this.headersFor(url, headers);
    if (!this.#options.signer || originOf(url) !== this.#options.targetOrigin) return out;
    try {
      return await this.#options.signer({ method, url, headers: out, ...(body === undefined ? {} : { body }) });
    } catch {
      // No credentials: the request goes unsigned and the endpoint's answer says what that means.
      return out;
    }
  }

  /** Sends one request and returns what happened; never throws for HTTP or network failures. */
  async exchange(req: ExchangeRequest, signal?: AbortSignal): Promise<HttpExchange> {
    this.#requests++;
    await this.#pace(req.url, signal);
    const started = performance.now();
    const deadline = AbortSignal.timeout(this.#options.timeoutMs);
    const signals = [deadline, signal, this.#options.signal].filter((s): s is AbortSignal => s !== undefined);
    const combined = AbortSignal.any(signals);
    const base: HttpExchange = {
      label: req.label,
      method: req.method,
      url: req.url,
      requestHeaders: describeRequestHeaders(req.headers),
      outcome: 'response',
      headers: {},
      bodyExcerpt: '',
      bodyTruncated: false,
      durationMs: 0,
      tokenReflected: false,
    };
    const proxy = networkOf(this.#options.network).proxyFor(req.url);
    // Held from the moment the body turns out large until it has been decoded and parsed.
    let releaseLarge: (() => void) | undefined;
    if (proxy !== undefined) base.proxy = maskProxyUrl(proxy);
    let release: (() => void) | undefined;
    try {
      release = await this.#slot(req.url, signal);
      const headers = req.withoutCredentials
        ? { 'accept-encoding': 'identity', 'user-agent': 'mcp-doctor', ...lowerCaseKeys(req.headers) }
        : await this.#finalHeaders(req.method, req.url, { 'accept-encoding': 'identity', 'user-agent': 'mcp-doctor', ...req.headers }, req.body);
      const res = await request(req.url, {
        method: req.method,
        headers,
        ...(req.body === undefined ? {} : { body: req.body }),
        signal: combined,
        dispatcher: this.#agent,
      });
      const rawHeaders = flattenHeaders(res.headers);
      const tokenInHeaders = this.#containsToken(Object.values(rawHeaders).join('\n'));
      base.status = res.statusCode;
      base.headers = this.#keepHeaders(rawHeaders);
      const contentType = rawHeaders['content-type']?.split(';')[0]?.trim().toLowerCase();
      if (contentType) base.contentType = contentType;
      const isStream = contentType === 'text/event-stream';
      // Created here so that the stream's statistics survive a deadline that cuts the read short.
      if (isStream) base.sse = { events: 0, bytes: 0, ended: false };
      const body = base.sse
        ? await this.#readSse(res.body, req.streamWaitMs, combined, base.sse)
        : await readCapped(res.body, this.#options.maxBodyBytes ?? DEFAULT_MAX_BODY, combined, async () => {
            releaseLarge = await largeBodyGate.acquire(combined);
          });
      // A body in a content-coding is binary: its bytes say nothing about the text it encodes.
      const encoded = (rawHeaders['content-encoding']?.trim().toLowerCase() ?? 'identity') !== 'identity';
      const unsafe = unsafeCharactersIn(`${Object.values(rawHeaders).map(headerText).join('\n')}${encoded ? '' : `\n${body.text}`}`);
      if (unsafe.length > 0) base.unsafeCharacters = unsafe;
      base.tokenReflected = tokenInHeaders || this.#containsToken(body.text);
      base.bodyTruncated = body.truncated;
      // Only the head becomes the excerpt: redacting megabytes to keep a few hundred characters
      // would copy the body several times over. The slack keeps a secret cut at the slice whole
      // for as far as the excerpt reaches.
      base.bodyExcerpt = sanitizeText(this.#options.redactor.redact(body.text.slice(0, EXCERPT_LENGTH * 8 + 4096)), EXCERPT_LENGTH);
      if (isStream) {
        base.sse = (body as SseRead).sse;
        const message = (body as SseRead).message;
        if (message !== undefined) base.jsonrpc = this.#redactReading(readJsonRpc(message));
        else base.jsonrpc = { kind: 'other', reason: base.sse.overflow ? 'an SSE event exceeded the buffer cap' : 'the SSE stream carried no JSON-RPC message' };
      } else if (contentType === 'application/json' || looksLikeJson(body.text)) {
        base.jsonrpc = this.#redactReading(readJsonRpc(body.text));
      }
      const wrapped = base.jsonrpc?.kind === 'error' && base.jsonrpc.code === -32010 ? WRAPPED_STATUS.exec(base.jsonrpc.message) : null;
      if (wrapped) base.containerStatus = Number(wrapped[1]);
      this.#judgeBody(base, body, rawHeaders['content-encoding']);
    } catch (error) {
      const classified = classifyNetworkError(error, deadline.aborted);
      base.outcome = classified.kind === 'timeout' ? 'timeout' : 'network-error';
      base.error = { ...classified, message: sanitizeText(this.#options.redactor.redact(classified.message)) };
    } finally {
      release?.();
    }
    releaseLarge?.();
    base.durationMs = Math.round(performance.now() - started);
    return base;
  }

  /** A slot for a request to `url`'s origin under the run's per-origin cap (none without a limiter). */
  async #slot(url: string, signal: AbortSignal | undefined): Promise<(() => void) | undefined> {
    const limiter = this.#options.limiter;
    if (!limiter) return undefined;
    const signals = [signal, this.#options.signal].filter((s): s is AbortSignal => s !== undefined);
    return limiter.acquire(originOf(url), signals.length > 0 ? AbortSignal.any(signals) : undefined);
  }

  /**
   * A `fetch` for the MCP SDK transport with the same guarantees as `exchange`: credentials only
   * for the target origin (never through `requestInit`, which the SDK also sends to metadata
   * URLs), no redirects followed, a deadline per request and a cap on the body. It answers with a
   * `FetchResponse` over undici's `request` (see fetch-response.ts); a network failure rejects as
   * `fetch` does, with `TypeError: fetch failed` and the cause, an abort with the signal's reason.
   */
  readonly fetch: PortFetch = async (input, init, hooks) => {
    this.#requests++;
    const url = String(input);
    await this.#pace(url, init?.signal ?? undefined);
    const method = init?.method ?? 'GET';
    const requestBody = typeof init?.body === 'string' ? init.body : undefined;
    const headers = await this.#finalHeaders(method, url, { 'accept-encoding': 'identity', ...Object.fromEntries(new FetchHeaders(init?.headers as FetchHeadersInit | undefined).entries()) }, requestBody);
    const signals = [AbortSignal.timeout(this.#options.timeoutMs), init?.signal ?? undefined, this.#options.signal].filter(
      (s): s is AbortSignal => s !== undefined,
    );
    // The slot is held until the response headers arrive: a stream the SDK keeps open must not
    // hold back the requests after it.
    const release = await this.#slot(url, init?.signal ?? undefined);
    const signal = AbortSignal.any(signals);
    let raw: Dispatcher.ResponseData;
    try {
      // request() follows no redirect: the SDK sees a 3xx as `redirect: 'manual'` shows it.
      raw = await request(url, { method, headers, ...(requestBody === undefined ? {} : { body: requestBody }), signal, dispatcher: this.#agent });
    } catch (error) {
      throw signal.aborted ? error : new TypeError('fetch failed', { cause: error });
    } finally {
      release?.();
    }
    const limit = this.#options.maxBodyBytes ?? DEFAULT_MAX_BODY;
    return toFetchResponse(raw, method, (body) => body.pipeThrough(capStream(limit, { ...hooks, signal }))) as unknown as Response;
  };

  /** A view that counts its own requests (probes run concurrently on one client). */
  scoped(): HttpPort {
    let count = 0;
    const parent = this;
    return {
      exchange: (req, signal) => {
        count++;
        return parent.exchange(req, signal);
      },
      fetch: (input, init, hooks) => {
        count++;
        return parent.fetch(input, init, hooks);
      },
      get requestCount() {
        return count;
      },
      options: parent.options,
    };
  }

  /** Closes every connection, including streams a hostile server keeps open. */
  async close(): Promise<void> {
    await this.#agent.destroy().catch(() => undefined);
  }

  /** Waits for the quota when one is set; an abort ends the wait and the request then fails on it. */
  async #pace(url: string, signal: AbortSignal | undefined): Promise<void> {
    if (!this.#pacer || originOf(url) !== this.#options.targetOrigin) return;
    const signals = [signal, this.#options.signal].filter((s): s is AbortSignal => s !== undefined);
    await this.#pacer.admit(signals.length > 0 ? AbortSignal.any(signals) : undefined).catch(() => undefined);
  }

  #containsToken(text: string): boolean {
    return this.#options.token !== undefined && this.#options.redactor.containsSecret(text);
  }

  #keepHeaders(raw: Record<string, string>): Record<string, string> {
    const kept: Record<string, string> = {};
    for (const name of KEPT_HEADERS) {
      const value = raw[name];
      if (value !== undefined) kept[name] = sanitizeText(this.#options.redactor.redact(value), 1_000);
    }
    return kept;
  }

  #redactReading(reading: JsonRpcReading): JsonRpcReading {
    if (reading.kind === 'error') return { ...reading, message: sanitizeText(this.#options.redactor.redact(reading.message)) };
    if (reading.kind === 'result') return { ...reading, result: this.#options.redactor.redactDeep(boundResult(reading.result)) };
    return reading;
  }

  /**
   * What a read body means beyond its JSON-RPC reading: a 2xx body past the cap cannot be read at
   * all (an error, not a response), a second response to the same request, a body in an encoding
   * the request did not accept, or bytes that are not UTF-8 make the reading invalid.
   */
  #judgeBody(base: HttpExchange, body: BodyRead | SseRead, contentEncoding: string | undefined): void {
    const limit = this.#options.maxBodyBytes ?? DEFAULT_MAX_BODY;
    const sse = 'sse' in body ? body : undefined;
    const capped = sse ? sse.capped === true && sse.message === undefined : body.truncated;
    if (capped && base.status !== undefined && base.status >= 200 && base.status < 300) {
      base.outcome = 'network-error';
      base.error = sse?.sse.overflow
        ? { kind: 'too-large', code: 'RESPONSE_TOO_LARGE', message: `an SSE line or event grew past the ${limit}-character buffer cap without ending` }
        : { kind: 'too-large', code: 'RESPONSE_TOO_LARGE', message: `the ${sse ? 'SSE stream' : 'body'} passed the ${limit}-byte cap ${sse ? 'without carrying a response' : 'before it ended'}` };
      return;
    }
    if (sse?.duplicateId !== undefined) {
      base.jsonrpc = { kind: 'other', reason: `the stream answered request id ${sanitizeText(JSON.stringify(sse.duplicateId), 40)} twice` };
      return;
    }
    if (base.jsonrpc?.kind !== 'other') {
      if (base.jsonrpc && body.invalidUtf8) base.jsonrpc = { kind: 'other', reason: 'the body is not valid UTF-8 (RFC 8259 §8.1 requires UTF-8 JSON)' };
      return;
    }
    const encoding = contentEncoding?.trim().toLowerCase();
    if (encoding && encoding !== 'identity') {
      base.jsonrpc = { kind: 'other', reason: `the body is encoded (Content-Encoding: ${sanitizeText(encoding, 100)}) although the request accepted only identity` };
    }
  }

  async #readSse(body: AsyncIterable<Buffer> & DiscardableBody, waitMs: number | undefined, signal: AbortSignal, sse: SseRead['sse']): Promise<SseRead> {
    const parser = new SseByteParser(this.#options.maxBodyBytes ?? DEFAULT_MAX_BODY);
    const started = performance.now();
    let text = '';
    let truncated = false;
    let capped = false;
    let message: string | undefined;
    let messageId: string | number | null | undefined;
    let duplicateId: string | number | null | undefined;
    let lastChunkAt = started;
    const iterator = body[Symbol.asyncIterator]();
    // A stream ends at the first JSON-RPC response, the cap, the deadline, or (for GET) the wait.
    const waitSignal = waitMs === undefined ? signal : AbortSignal.any([signal, AbortSignal.timeout(waitMs)]);
    const aborted = new Promise<'aborted'>((resolve) => {
      if (waitSignal.aborted) resolve('aborted');
      waitSignal.addEventListener('abort', () => resolve('aborted'), { once: true });
    });
    try {
      for (;;) {
        const next = await Promise.race([iterator.next(), aborted]);
        if (next === 'aborted') {
          // Pending data counts as unterminated only on an idle stream, not one cut off mid-flow.
          if (parser.hasPendingEvent && performance.now() - lastChunkAt >= IDLE_PENDING_MS) sse.unterminated = true;
          if (signal.aborted && waitMs === undefined) throw signal.reason;
          break;
        }
        if (next.done) {
          sse.ended = true;
          if (parser.hasPendingEvent) sse.unterminated = true;
          break;
        }
        sse.bytes += next.value.length;
        lastChunkAt = performance.now();
        let events: SseEvent[];
        try {
          const fed = parser.feed(next.value);
          if (text.length < EXCERPT_LENGTH * 2) text += fed.text.slice(0, EXCERPT_LENGTH * 2 - text.length);
          else truncated = true;
          events = fed.events;
        } catch (error) {
          if (error instanceof SseBufferExceededError) {
            sse.overflow = true;
            truncated = true;
            capped = true;
            break;
          }
          throw error;
        }
        for (const event of events) {
          sse.events++;
          if (sse.events === 1) {
            const method = methodOf(event.data);
            if (method !== undefined) sse.firstMethod = sanitizeText(this.#options.redactor.redact(method), 200);
          }
          sse.firstEvent ??= event.event;
          sse.firstEventAfterMs ??= Math.round(performance.now() - started);
          // Requests and notifications (no result, no error) are skipped unparsed: a flood of them
          // must not cost a JSON parse per event.
          const notResponse = event.data.includes('"method"') && !event.data.includes('"result"') && !event.data.includes('"error"');
          if (event.event === 'message' && event.data.trim() !== '' && !notResponse) {
            const reading = readJsonRpc(event.data);
            if (message === undefined) {
              if (reading.kind !== 'other' || !event.data.includes('"method"')) {
                message = event.data;
                if (reading.kind !== 'other') messageId = reading.id;
              }
            } else if (reading.kind !== 'other' && messageId !== undefined && reading.id === messageId) {
              // Events after the response are read only when they came in the same chunk.
              duplicateId = reading.id;
            }
          }
        }
        if (message !== undefined || (waitMs !== undefined && sse.events > 0)) break;
        if (sse.bytes > (this.#options.maxBodyBytes ?? DEFAULT_MAX_BODY)) {
          truncated = true;
          capped = true;
          break;
        }
      }
    } finally {
      discard(body);
      if (parser.lastRetry !== undefined) sse.retry = parser.lastRetry;
    }
    const read: SseRead = { text, truncated, sse, capped };
    if (message !== undefined) read.message = message;
    if (duplicateId !== undefined) read.duplicateId = duplicateId;
    return read;
  }
}

interface BodyRead {
  text: string;
  truncated: boolean;
  /** The bytes were not valid UTF-8 (the text has U+FFFD in their place). */
  invalidUtf8?: boolean;
}

interface SseRead extends BodyRead {
  sse: NonNullable<HttpExchange['sse']>;
  message?: string;
  /** The stream passed the byte cap, or one event the buffer cap. */
  capped: boolean;
  /** The id of a response that came twice. */
  duplicateId?: string | number | null;
}

async function readCapped(body: AsyncIterable<Buffer> & DiscardableBody, maxBytes: number, signal: AbortSignal, onLarge?: () => Promise<void>): Promise<BodyRead> {
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  let large = false;
  try {
    for await (const chunk of body) {
      if (signal.aborted) throw signal.reason;
      if (!large && size + chunk.length > LARGE_BODY_BYTES && onLarge) {
        large = true;
        await onLarge();
      }
      const room = maxBytes - size;
      if (chunk.length > room) {
        chunks.push(chunk.subarray(0, room));
        truncated = true;
        break;
      }
      chunks.push(chunk);
      size += chunk.length;
    }
  } finally {
    discard(body);
  }
  const bytes = Buffer.concat(chunks);
  const read: BodyRead = { text: new TextDecoder().decode(bytes), truncated };
  // A cut at the cap can split a code point; only a complete body is judged.
  if (!truncated && !isUtf8(bytes)) read.invalidUtf8 = true;
  return read;
}

/**
 * A pass-through stream that errors once more than `limit` bytes went through. Past
 * LARGE_BODY_BYTES it waits for a slot of the large-body gate, held until the body has been
 * handed over and parsed (the SDK parses right after the last chunk), or the request ends.
 */
function capStream(limit: number, hooks: FetchHooks & { signal: AbortSignal }): TransformStream<Uint8Array, Uint8Array> {
  let seen = 0;
  let release: (() => void) | undefined;
  const letGo = (): void => {
    release?.();
    release = undefined;
  };
  hooks.signal.addEventListener('abort', letGo, { once: true });
  return new TransformStream({
    transform(chunk, controller): Promise<void> | void {
      seen += chunk.byteLength;
      hooks.onBytes?.(chunk.byteLength);
      if (seen <= limit) {
        // Only the chunk that crosses into "large" waits; every other chunk passes synchronously.
        if (seen > LARGE_BODY_BYTES && !release && !hooks.signal.aborted) {
          return largeBodyGate.acquire(hooks.signal).then((slot) => {
            release = slot;
            controller.enqueue(chunk);
          });
        }
        controller.enqueue(chunk);
        return;
      }
      letGo();
      const error = new ResponseTooLargeError(limit);
      controller.error(error);
      hooks.onTooLarge?.(error);
    },
    flush() {
      // After the consumer's parse, which runs in the microtasks that follow the last chunk.
      if (release) setImmediate(letGo);
    },
  });
}

/** Terminal controls, raw or as JSON escapes: C0 except tab/LF/CR, DEL, C1, bidi overrides and isolates. */
const UNSAFE_KINDS: Array<[string, RegExp]> = [
  ['ESC', /\u001b|\\u001b/i],
  ['BEL', /\u0007|\\u0007/i],
  ['C0', /[\u0000-\u0006\u0008\u000b\u000c\u000e-\u001a\u001c-\u001f\u007f]|\\u00(0[0-68bcef]|1[0-9ac-f]|7f)/i],
  ['C1', /[\u0080-\u009f]|\\u00[89][0-9a-f]/i],
  ['bidi', /[\u202a-\u202e\u2066-\u2069]|\\u20(2[a-e]|6[6-9])/i],
];

/** A header value as text: undici hands over bytes as latin1, so UTF-8 is decoded where it is valid. */
function headerText(value: string): string {
  const bytes = Buffer.from(value, 'latin1');
  return isUtf8(bytes) ? bytes.toString('utf8') : value;
}

/** The kinds of terminal control characters in `text` (raw or JSON-escaped). */
export function unsafeCharactersIn(text: string): string[] {
  return UNSAFE_KINDS.filter(([, pattern]) => pattern.test(text)).map(([kind]) => kind);
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

const DESCRIBED_REQUEST_HEADERS = ['accept', 'content-type', 'host', 'mcp-session-id', 'mcp-protocol-version', 'mcp-method', 'mcp-name', 'origin'];

function describeRequestHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    const name = k.toLowerCase();
    if (DESCRIBED_REQUEST_HEADERS.includes(name)) out[name] = v;
  }
  return out;
}

/** The `method` member of a JSON-RPC message, read only when the text is small enough to parse cheaply. */
function methodOf(data: string): string | undefined {
  if (data.length > 65_536 || !data.includes('"method"')) return undefined;
  try {
    const method = (JSON.parse(data) as { method?: unknown }).method;
    return typeof method === 'string' ? method : undefined;
  } catch {
    return undefined;
  }
}

function looksLikeJson(text: string): boolean {
  const first = text.trimStart()[0];
  return first === '{' || first === '[';
}

/** `scheme://host:port` of a URL, with the default port made explicit. */
export function originOf(url: string): string {
  const u = new URL(url);
  const port = u.port || (u.protocol === 'https:' ? '443' : u.protocol === 'http:' ? '80' : '');
  return `${u.protocol}//${u.hostname.toLowerCase()}:${port}`;
}

/** A result member larger than this (as JSON) is not kept in the observation. */
const MAX_KEPT_MEMBER_CHARS = 16 * 1024;

/**
 * The part of a result the checks read (initialize's `protocolVersion`, `capabilities`,
 * `serverInfo`) without the megabytes a hostile list page carries: every probe's observation lives
 * until the report is built, and a dozen 4 MiB pages parsed and kept would be hundreds of megabytes.
 */
export function boundResult(result: unknown): unknown {
  if (!result || typeof result !== 'object' || Array.isArray(result)) return result;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(result)) {
    if (value === null || typeof value !== 'object') {
      out[key] = typeof value === 'string' && value.length > MAX_KEPT_MEMBER_CHARS ? `${value.slice(0, MAX_KEPT_MEMBER_CHARS)}…` : value;
      continue;
    }
    const size = jsonSizeUpTo(value, MAX_KEPT_MEMBER_CHARS);
    out[key] = size <= MAX_KEPT_MEMBER_CHARS ? value : `[${Array.isArray(value) ? 'array' : 'object'} larger than ${MAX_KEPT_MEMBER_CHARS / 1024} KiB, not kept]`;
  }
  return out;
}

/** The JSON size of `value`, counting no further than `limit` (then `limit + 1`). */
function jsonSizeUpTo(value: unknown, limit: number): number {
  let size = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && size <= limit) {
    const item = stack.pop();
    if (typeof item === 'string') size += item.length + 2;
    else if (item === null || typeof item !== 'object') size += String(item).length;
    else if (Array.isArray(item)) {
      size += 2 + item.length;
      for (const v of item) stack.push(v);
    } else {
      for (const [k, v] of Object.entries(item)) {
        size += k.length + 4;
        stack.push(v);
      }
    }
  }
  return Math.min(size, limit + 1);
}
