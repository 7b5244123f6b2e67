/**
 * A bounded Server-Sent Events parser (WHATWG "event stream interpretation"). It accepts LF, CR
 * and CRLF line ends (also split across chunks), strips one leading BOM, and never buffers more
 * than `maxBufferSize` characters: a server that sends a line without end or an event without the
 * blank line that dispatches it trips the cap instead of growing memory.
 */

/** One dispatched event. */
export interface SseEvent {
  event: string;
  data: string;
  id?: string;
  retry?: number;
}

/** Raised when a line or a pending event exceeds the buffer cap. */
export class SseBufferExceededError extends Error {
  override readonly name = 'SseBufferExceededError';
  readonly code = 'SSE_BUFFER_EXCEEDED';
}

/** Incremental parser: feed decoded text, get whole events back. */
export class SseParser {
  #line = '';
  #data: string[] = [];
  #dataLength = 0;
  #event = '';
  #id: string | undefined;
  #retry: number | undefined;
  #lastRetry: number | undefined;
  #started = false;
  #pendingCr = false;
  readonly #maxBufferSize: number;

  constructor(maxBufferSize = 1024 * 1024) {
    this.#maxBufferSize = maxBufferSize;
  }

  /** Parses a chunk and returns the events it completed. */
  feed(chunk: string): SseEvent[] {
    const events: SseEvent[] = [];
    let text = chunk;
    if (!this.#started && text.length > 0) {
      this.#started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      if (c === 10 && this.#pendingCr && i === start && this.#line === '') {
        // LF of a CRLF whose CR ended the previous chunk.
        this.#pendingCr = false;
        start = i + 1;
        continue;
      }
      this.#line += text.slice(start, i);
      this.#pendingCr = false;
      const event = this.#processLine(this.#line);
      if (event) events.push(event);
      this.#line = '';
      if (c === 13) {
        if (i + 1 < text.length) {
          if (text.charCodeAt(i + 1) === 10) i++;
        } else {
          this.#pendingCr = true;
        }
      }
      start = i + 1;
    }
    if (start < text.length) {
      this.#pendingCr = false;
      this.#line += text.slice(start);
    }
    if (this.#line.length + this.#dataLength > this.#maxBufferSize) {
      throw new SseBufferExceededError(`an SSE line or event exceeded ${this.#maxBufferSize} characters`);
    }
    return events;
  }

  /** True when a partial event (data without the dispatching blank line) is pending. */
  get hasPendingEvent(): boolean {
    return this.#data.length > 0 || this.#line.length > 0;
  }

  /** The last valid `retry:` value seen, even on an event that carried nothing else. */
  get lastRetry(): number | undefined {
    return this.#lastRetry;
  }

  #processLine(line: string): SseEvent | undefined {
    if (line === '') return this.#dispatch();
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'data':
        this.#data.push(value);
        this.#dataLength += value.length + 1;
        if (this.#dataLength > this.#maxBufferSize) {
          throw new SseBufferExceededError(`an SSE event exceeded ${this.#maxBufferSize} characters`);
        }
        break;
      case 'event':
        this.#event = value;
        break;
      case 'id':
        if (!value.includes('\u0000')) this.#id = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.#retry = this.#lastRetry = Number(value);
        break;
      default:
        break;
    }
    return undefined;
  }

  #dispatch(): SseEvent | undefined {
    const hasData = this.#data.length > 0;
    const event: SseEvent = { event: this.#event || 'message', data: this.#data.join('\n') };
    if (this.#id !== undefined) event.id = this.#id;
    if (this.#retry !== undefined) event.retry = this.#retry;
    this.#data = [];
    this.#dataLength = 0;
    this.#event = '';
    this.#retry = undefined;
    // An event with an id but no data is a priming event: surface it so callers can see it.
    return hasData || event.id !== undefined ? event : undefined;
  }
}

/**
 * Bytes in, events out: UTF-8 decoding that survives a code point split across chunks, then the
 * parser. The decoder keeps a BOM so that stripping it stays the parser's job alone (a decoder
 * that also strips one would remove two).
 */
export class SseByteParser {
  readonly #decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  readonly #parser: SseParser;

  constructor(maxBufferSize?: number) {
    this.#parser = new SseParser(maxBufferSize);
  }

  /** Decodes a chunk; returns its text (for excerpts) and the events it completed. */
  feed(bytes: Uint8Array): { text: string; events: SseEvent[] } {
    const text = this.#decoder.decode(bytes, { stream: true });
    return { text, events: this.#parser.feed(text) };
  }

  /** True when a partial event is pending. */
  get hasPendingEvent(): boolean {
    return this.#parser.hasPendingEvent;
  }

  /** The last valid `retry:` value seen. */
  get lastRetry(): number | undefined {
    return this.#parser.lastRetry;
  }
}
