import type { Dispatcher } from 'undici';

/**
 * The small part of the Fetch API the MCP SDK's HTTP transports use, over undici's `request`: the
 * doctor's `fetch` port answers with these instead of running undici's `fetch`, whose spec
 * machinery (Request, Response, Headers and their WebIDL checks) costs more CPU than the whole
 * session's own work on a loopback server. What the SDK reads behaves as `fetch` would: status,
 * `ok`, case-insensitive headers, a web `ReadableStream` body (decoded when a server compresses
 * despite `Accept-Encoding: identity`), `text`, `json`, `arrayBuffer` and `clone`.
 */

/** What a `Headers` can be built from: pairs, a record, or anything with `forEach` (a `Headers`). */
export type FetchHeadersInit =
  | Iterable<readonly [string, string]>
  | Record<string, string | readonly string[] | undefined>
  | { forEach(callback: (value: string, name: string) => void): void };

// Fetch strips leading and trailing HTTP whitespace from every header value.
const HTTP_WHITESPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g;

/** A case-insensitive header map with the `Headers` methods the SDK and the doctor call. */
export class FetchHeaders {
  readonly #values = new Map<string, string>();

  constructor(init?: FetchHeadersInit) {
    if (init === undefined || init === null) return;
    if (typeof (init as { forEach?: unknown }).forEach === 'function' && !Array.isArray(init)) {
      (init as { forEach(callback: (value: string, name: string) => void): void }).forEach((value, name) => this.append(name, value));
    } else if (typeof (init as Iterable<unknown>)[Symbol.iterator] === 'function') {
      for (const [name, value] of init as Iterable<readonly [string, string]>) this.append(name, value);
    } else {
      for (const [name, value] of Object.entries(init as Record<string, string | readonly string[] | undefined>)) {
        if (value === undefined) continue;
        for (const one of typeof value === 'string' ? [value] : value) this.append(name, one);
      }
    }
  }

  /** Adds a value; a repeated name joins its values with ", " as `Headers` does. */
  append(name: string, value: string): void {
    const key = name.toLowerCase();
    const clean = String(value).replace(HTTP_WHITESPACE, '');
    const existing = this.#values.get(key);
    this.#values.set(key, existing === undefined ? clean : `${existing}, ${clean}`);
  }

  set(name: string, value: string): void {
    this.#values.set(name.toLowerCase(), String(value).replace(HTTP_WHITESPACE, ''));
  }

  get(name: string): string | null {
    return this.#values.get(name.toLowerCase()) ?? null;
  }

  has(name: string): boolean {
    return this.#values.has(name.toLowerCase());
  }

  delete(name: string): void {
    this.#values.delete(name.toLowerCase());
  }

  /** Name–value pairs, names lower-case and sorted, as `Headers` iterates. */
  *entries(): IterableIterator<[string, string]> {
    for (const name of [...this.#values.keys()].sort()) yield [name, this.#values.get(name) as string];
  }

  *keys(): IterableIterator<string> {
    for (const [name] of this.entries()) yield name;
  }

  *values(): IterableIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }

  forEach(callback: (value: string, name: string, headers: FetchHeaders) => void): void {
    for (const [name, value] of this.entries()) callback(value, name, this);
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

/** A response as `fetch` gives it, with a body that can be read once (or cloned first). */
export class FetchResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: FetchHeaders;
  readonly url: string;
  readonly redirected = false;
  readonly type = 'basic';
  #body: ReadableStream<Uint8Array> | null;
  #used = false;

  constructor(body: ReadableStream<Uint8Array> | null, init: { status: number; statusText?: string; headers: FetchHeaders; url?: string }) {
    this.#body = body;
    this.status = init.status;
    this.statusText = init.statusText ?? '';
    this.headers = init.headers;
    this.url = init.url ?? '';
  }

  get ok(): boolean {
    return this.status >= 200 && this.status <= 299;
  }

  get body(): ReadableStream<Uint8Array> | null {
    return this.#body;
  }

  get bodyUsed(): boolean {
    return this.#used || (this.#body?.locked ?? false);
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = await this.#consume();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  /** The body as UTF-8 text (a byte-order mark dropped), as `Response.text()` decodes it. */
  async text(): Promise<string> {
    return new TextDecoder().decode(await this.#consume());
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown;
  }

  /** A second response over the same bytes: the body stream is split in two. */
  clone(): FetchResponse {
    if (this.bodyUsed) throw new TypeError('Response.clone: the body has already been read');
    let copy: ReadableStream<Uint8Array> | null = null;
    if (this.#body) [this.#body, copy] = this.#body.tee();
    return new FetchResponse(copy, { status: this.status, statusText: this.statusText, headers: new FetchHeaders(this.headers), url: this.url });
  }

  async #consume(): Promise<Uint8Array> {
    if (this.bodyUsed) throw new TypeError('Body is unusable: the body has already been read');
    // A null body is never disturbed: it reads as empty as often as asked (as in Fetch).
    if (!this.#body) return new Uint8Array(0);
    this.#used = true;
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of this.#body) {
      chunks.push(chunk);
      size += chunk.byteLength;
    }
    const out = new Uint8Array(size);
    let at = 0;
    for (const chunk of chunks) {
      out.set(chunk, at);
      at += chunk.byteLength;
    }
    return out;
  }
}

// Statuses whose response has no body by definition (Fetch's "null body status"), and HEAD.
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * A `fetch`-style response over undici's `request` result. The body is decoded when the server
 * used gzip, deflate or brotli (fetch decodes them; an unknown coding passes through, as there),
 * and handed to `wrapBody` (the doctor's size cap) as a web stream.
 */
export function toFetchResponse(
  raw: Dispatcher.ResponseData,
  method: string,
  wrapBody: (body: ReadableStream<Uint8Array>) => ReadableStream<Uint8Array>,
): FetchResponse {
  const headers = new FetchHeaders(raw.headers as Record<string, string | string[] | undefined>);
  if (method.toUpperCase() === 'HEAD' || NULL_BODY_STATUSES.has(raw.statusCode)) {
    raw.body.resume();
    return new FetchResponse(null, { status: raw.statusCode, headers });
  }
  // ReadableStream.from pulls through the stream's async iterator and returns it on cancel (the
  // SDK cancels a 202's body); Node 20's Readable.toWeb enqueues after such a cancel and crashes.
  const decoded = decodeContent(raw.body, headers.get('content-encoding'));
  return new FetchResponse(wrapBody(ReadableStream.from(decoded) as ReadableStream<Uint8Array>), { status: raw.statusCode, headers });
}

/** The body through the decoder its single content coding names, or as it is. */
function decodeContent(body: NodeJS.ReadableStream & import('node:stream').Readable, coding: string | null): import('node:stream').Readable {
  const zlib = (): typeof import('node:zlib') => process.getBuiltinModule('node:zlib');
  // Servers end compressed streams early or not at all: decode what arrived, as fetch does.
  const lenient = (): { flush: number; finishFlush: number } => ({ flush: zlib().constants.Z_SYNC_FLUSH, finishFlush: zlib().constants.Z_SYNC_FLUSH });
  const name = coding?.trim().toLowerCase();
  const decoder =
    name === 'gzip' || name === 'x-gzip'
      ? zlib().createGunzip(lenient())
      : name === 'deflate'
        ? zlib().createInflate(lenient())
        : name === 'br'
          ? zlib().createBrotliDecompress({ flush: zlib().constants.BROTLI_OPERATION_FLUSH, finishFlush: zlib().constants.BROTLI_OPERATION_FLUSH })
          : undefined;
  if (!decoder) return body;
  const { pipeline } = process.getBuiltinModule('node:stream');
  return pipeline(body, decoder, () => undefined);
}
