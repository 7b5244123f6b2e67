import { describe, expect, it } from 'vitest';
import { SseBufferExceededError, SseByteParser, SseParser } from '../../src/probes/sse.js';
import type { SseEvent } from '../../src/probes/sse.js';

function parse(chunks: readonly string[], maxBufferSize?: number): SseEvent[] {
  const parser = new SseParser(maxBufferSize);
  return chunks.flatMap((chunk) => parser.feed(chunk));
}

/** What `fn` threw, so that both its class and its exact message can be checked. */
function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/**
 * Pins the SSE reader's edge decisions: where a BOM is stripped, the CR that ends one chunk and
 * the LF that starts the next, both caps exactly at and one past their limit (with their
 * messages), the id-only priming event, the `retry` anchors, and the byte parser's decoder
 * settings (BOM kept for the parser, multi-byte characters split across chunks).
 */
describe('SseParser: BOM', () => {
  it('strips a BOM after an empty first chunk: the stream starts at its first character', () => {
    expect(parse(['', '\uFEFFdata: hi\n\n'])).toStrictEqual([{ event: 'message', data: 'hi' }]);
  });

  it('keeps a BOM that starts a later chunk as data', () => {
    expect(parse(['data: a', '\uFEFFb\n\n'])).toStrictEqual([{ event: 'message', data: 'a\uFEFFb' }]);
  });
});

describe('SseParser: line ends across chunks', () => {
  it('reads the line after a chunk-ending CR in full', () => {
    // The pending CR only swallows an LF right at the start of the next chunk.
    expect(parse(['data: x\r', 'data: y\n\n'])).toStrictEqual([{ event: 'message', data: 'x\ny' }]);
  });

  it('dispatches on a blank line that is the first character of the stream', () => {
    expect(parse(['\ndata: a\n\n'])).toStrictEqual([{ event: 'message', data: 'a' }]);
  });
});

describe('SseParser: fields', () => {
  it('dispatches an event whose only data line is empty', () => {
    expect(parse(['data:\n\n'])).toStrictEqual([{ event: 'message', data: '' }]);
    expect(parse(['data\n\n'])).toStrictEqual([{ event: 'message', data: '' }]);
  });

  it('surfaces an event that carries only an id', () => {
    expect(parse(['id: 5\n\n'])).toStrictEqual([{ event: 'message', data: '', id: '5' }]);
  });

  it('ignores a comment that looks like a field', () => {
    expect(parse([':data: x\n\n'])).toStrictEqual([]);
  });

  it.each([['retry: 100x'], ['retry: x100'], ['retry: -100'], ['retry: 1.5'], ['retry:']])('ignores %j', (line) => {
    const parser = new SseParser();
    expect(parser.feed(`${line}\ndata: a\n\n`)).toStrictEqual([{ event: 'message', data: 'a' }]);
    expect(parser.lastRetry).toBe(undefined);
  });

  it('remembers the last valid retry, even from an event that dispatched nothing', () => {
    const parser = new SseParser();
    expect(parser.lastRetry).toBe(undefined);
    expect(parser.feed('retry: 500\n\n')).toStrictEqual([]);
    expect(parser.lastRetry).toBe(500);
    expect(parser.feed('retry: soon\ndata: a\n\n')).toStrictEqual([{ event: 'message', data: 'a' }]);
    expect(parser.lastRetry).toBe(500);
    expect(parser.feed('retry: 0\ndata: b\n\n')).toStrictEqual([{ event: 'message', data: 'b', retry: 0 }]);
    expect(parser.lastRetry).toBe(0);
  });
});

describe('SseParser: pending event', () => {
  it('counts a partial line without data as pending', () => {
    const parser = new SseParser();
    expect(parser.hasPendingEvent).toBe(false);
    expect(parser.feed('data: x')).toStrictEqual([]);
    expect(parser.hasPendingEvent).toBe(true);
  });
});

describe('SseParser: caps', () => {
  it('accepts a partial line plus buffered data of exactly the cap', () => {
    const parser = new SseParser(10);
    // `abc` counts 4 (its LF joins the data), `data: ` 6: 10 together.
    expect(parser.feed('data: abc\n')).toStrictEqual([]);
    expect(parser.feed('data: ')).toStrictEqual([]);
    const error = thrownBy(() => parser.feed('x'));
    expect(error).toBeInstanceOf(SseBufferExceededError);
    expect(error).toMatchObject({ name: 'SseBufferExceededError', code: 'SSE_BUFFER_EXCEEDED', message: 'an SSE line or event exceeded 10 characters' });
  });

  it('accepts a partial line of exactly the cap', () => {
    expect(new SseParser(10).feed('data: abcd')).toStrictEqual([]);
    expect(thrownBy(() => new SseParser(10).feed('data: abcde'))).toMatchObject({ message: 'an SSE line or event exceeded 10 characters' });
  });

  it('accepts event data of exactly the cap, dispatched in the same chunk', () => {
    // Nine characters and the joining LF: 10.
    expect(parse(['data: 123456789\n\n'], 10)).toStrictEqual([{ event: 'message', data: '123456789' }]);
  });

  it('refuses event data past the cap even when the same chunk dispatches it', () => {
    const error = thrownBy(() => new SseParser(10).feed('data: 1234567890\n\n'));
    expect(error).toBeInstanceOf(SseBufferExceededError);
    expect(error).toMatchObject({ name: 'SseBufferExceededError', code: 'SSE_BUFFER_EXCEEDED', message: 'an SSE event exceeded 10 characters' });
  });
});

describe('SseByteParser', () => {
  it('keeps the BOM in the decoded text and lets the parser strip exactly one', () => {
    const parser = new SseByteParser();
    expect(parser.feed(bytes('\uFEFFdata: hi\n\n'))).toStrictEqual({ text: '\uFEFFdata: hi\n\n', events: [{ event: 'message', data: 'hi' }] });
    // A second BOM is a field-name character, so that line is an unknown field.
    expect(new SseByteParser().feed(bytes('\uFEFF\uFEFFdata: hi\n\n'))).toStrictEqual({ text: '\uFEFF\uFEFFdata: hi\n\n', events: [] });
  });

  it('decodes a character split across chunks once it is complete', () => {
    const whole = bytes('data: é\n\n');
    const cut = whole.indexOf(0xc3) + 1;
    const parser = new SseByteParser();
    expect(parser.feed(whole.slice(0, cut))).toStrictEqual({ text: 'data: ', events: [] });
    expect(parser.hasPendingEvent).toBe(true);
    expect(parser.feed(whole.slice(cut))).toStrictEqual({ text: 'é\n\n', events: [{ event: 'message', data: 'é' }] });
    expect(parser.hasPendingEvent).toBe(false);
  });

  it('reports the last retry and the pending event of its parser', () => {
    const parser = new SseByteParser(64);
    expect(parser.lastRetry).toBe(undefined);
    expect(parser.hasPendingEvent).toBe(false);
    expect(parser.feed(bytes('retry: 2500\ndata: a\n'))).toStrictEqual({ text: 'retry: 2500\ndata: a\n', events: [] });
    expect(parser.lastRetry).toBe(2500);
    expect(parser.hasPendingEvent).toBe(true);
  });

  it('passes its cap to the parser', () => {
    expect(thrownBy(() => new SseByteParser(10).feed(bytes('data: abcde')))).toMatchObject({ message: 'an SSE line or event exceeded 10 characters' });
  });
});
