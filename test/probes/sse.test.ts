import { describe, expect, it } from 'vitest';
import { SseBufferExceededError, SseParser, type SseEvent } from '../../src/probes/sse.js';

function parse(chunks: readonly string[], maxBufferSize?: number): SseEvent[] {
  const parser = new SseParser(maxBufferSize);
  return chunks.flatMap((chunk) => parser.feed(chunk));
}

/** `text` cut at `points` (ascending character offsets). */
function splitAt(text: string, points: readonly number[]): string[] {
  const bounds = [0, ...points, text.length];
  return bounds.slice(1).map((end, i) => text.slice(bounds[i], end));
}

const INIT_RESULT = '{"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"2025-11-25","capabilities":{},"serverInfo":{"name":"weather","version":"1.4.0"}}}';

describe('SseParser', () => {
  it('reads a python-sdk initialize response', () => {
    expect(parse([`event: message\r\ndata: ${INIT_RESULT}\r\n\r\n`])).toEqual([{ event: 'message', data: INIT_RESULT }]);
  });

  it('treats LF, CR and CRLF line ends alike', () => {
    const lf = parse(['event: message\ndata: a\ndata: b\n\ndata: c\n\n']);
    const cr = parse(['event: message\rdata: a\rdata: b\r\rdata: c\r\r']);
    const crlf = parse(['event: message\r\ndata: a\r\ndata: b\r\n\r\ndata: c\r\n\r\n']);
    expect(lf).toEqual([
      { event: 'message', data: 'a\nb' },
      { event: 'message', data: 'c' },
    ]);
    expect(cr).toEqual(lf);
    expect(crlf).toEqual(lf);
  });

  it('reads a CRLF split between two chunks as one line end', () => {
    expect(parse(['data: one\r', '\n\r', '\ndata: two\r\n\r\n'])).toEqual([
      { event: 'message', data: 'one' },
      { event: 'message', data: 'two' },
    ]);
  });

  it('does not swallow a real blank line after a lone CR at a chunk end', () => {
    // CR then a chunk starting with LF is one line end; CR, LF, LF must still dispatch.
    expect(parse(['data: x\r', '\n\n'])).toEqual([{ event: 'message', data: 'x' }]);
  });

  it('strips one leading BOM, only at the very start', () => {
    expect(parse(['\uFEFFdata: hi\n\n'])).toEqual([{ event: 'message', data: 'hi' }]);
    expect(parse(['\uFEFF', 'data: hi\n\n'])).toEqual([{ event: 'message', data: 'hi' }]);
    // A second BOM is part of the field name, so the line is an unknown field and ignored.
    expect(parse(['\uFEFF\uFEFFdata: hi\n\n'])).toEqual([]);
  });

  it('joins multi-line data with LF and removes only one leading space', () => {
    expect(parse(['data:  two spaces\ndata:none\ndata\n\n'])).toEqual([{ event: 'message', data: ' two spaces\nnone\n' }]);
  });

  it('ignores comments and unknown fields', () => {
    expect(parse([': ping\n\n: keep-alive\nfoo: bar\ndata: x\n\n'])).toEqual([{ event: 'message', data: 'x' }]);
  });

  it('keeps a numeric retry, ignores a non-numeric one, and resets retry per event', () => {
    expect(parse(['retry: 3000\ndata: a\n\nretry: soon\ndata: b\n\n'])).toEqual([
      { event: 'message', data: 'a', retry: 3000 },
      { event: 'message', data: 'b' },
    ]);
  });

  it('surfaces a priming event (id, empty data) and keeps the last event id', () => {
    expect(parse(['id: 0\nretry: 1000\ndata:\n\n', `event: message\nid: 1\ndata: ${INIT_RESULT}\n\n`])).toEqual([
      { event: 'message', data: '', id: '0', retry: 1000 },
      { event: 'message', data: INIT_RESULT, id: '1' },
    ]);
  });

  it('ignores an id containing NUL and keeps the previous one', () => {
    expect(parse(['id: 7\ndata: a\n\nid: 8\u00009\ndata: b\n\n'])).toEqual([
      { event: 'message', data: 'a', id: '7' },
      { event: 'message', data: 'b', id: '7' },
    ]);
  });

  it('does not dispatch an event without data or id, nor a trailing event without its blank line', () => {
    const parser = new SseParser();
    expect(parser.feed('event: endpoint\n\n')).toEqual([]);
    expect(parser.feed('event: endpoint\ndata: /messages/?session_id=abc\n')).toEqual([]);
    expect(parser.hasPendingEvent).toBe(true);
    expect(parser.feed('\n')).toEqual([{ event: 'endpoint', data: '/messages/?session_id=abc' }]);
    expect(parser.hasPendingEvent).toBe(false);
  });

  it('throws SseBufferExceededError for a line without end beyond the cap', () => {
    const parser = new SseParser(64);
    expect(() => parser.feed(`data: ${'x'.repeat(100)}`)).toThrow(SseBufferExceededError);
  });

  it('throws SseBufferExceededError for an event that grows without its blank line', () => {
    const parser = new SseParser(64);
    let thrown: unknown;
    try {
      for (let i = 0; i < 20; i++) parser.feed('data: 0123456789\n');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SseBufferExceededError);
    expect((thrown as SseBufferExceededError).code).toBe('SSE_BUFFER_EXCEEDED');
  });

  it('accepts events right at the cap when they are dispatched', () => {
    const parser = new SseParser(64);
    for (let i = 0; i < 50; i++) expect(parser.feed('data: 0123456789\n\n')).toHaveLength(1);
  });

  describe('chunk-split invariance', () => {
    const stream = `\uFEFF: hello\r\nretry: 500\r\nid: 1\r\nevent: message\r\ndata: ${INIT_RESULT}\r\n\r\ndata: line1\rdata: line2\r\r: tail\nevent: endpoint\ndata: /messages/?session_id=x\n\n`;
    const whole = parse([stream]);

    it('parses the whole stream as three events', () => {
      expect(whole.map((e) => e.event)).toEqual(['message', 'message', 'endpoint']);
      expect(whole[1]).toEqual({ event: 'message', data: 'line1\nline2', id: '1' });
    });

    const crlfAt = stream.indexOf('\r\n');
    const fixed: number[][] = [[1], [crlfAt + 1], [10, 11, 12], [stream.indexOf('data: line1') + 11], [stream.indexOf('\r\r') + 1], [stream.length - 1]];
    it.each(fixed.map((points) => [points.join(','), points] as const))('is unchanged when split at %s', (_label, points) => {
      expect(parse(splitAt(stream, points))).toEqual(whole);
    });

    it('is unchanged when split at every single position, and one character per chunk', () => {
      for (let i = 1; i < stream.length; i++) expect(parse(splitAt(stream, [i]))).toEqual(whole);
      expect(parse([...stream])).toEqual(whole);
    });
  });
});
