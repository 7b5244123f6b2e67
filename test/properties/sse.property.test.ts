import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SseBufferExceededError, SseByteParser, SseParser, type SseEvent } from '../../src/probes/sse.js';
import { hostileString, runs, timeoutFor } from './runs.js';

/**
 * The SSE layer reads streams a hostile server controls. Whatever the chunking, line ends or
 * content, the same bytes give the same events, and memory stays within the cap.
 */

type LineEnd = '\n' | '\r' | '\r\n';
const lineEnd = fc.constantFrom<LineEnd>('\n', '\r', '\r\n');

/** Field values with no line ends (a line end would split the field); multi-byte and astral text included. */
const value = fc
  .oneof(hostileString(24), fc.string({ unit: 'binary', maxLength: 12 }), fc.constantFrom('{"jsonrpc":"2.0","id":1,"result":{}}', 'é€😀', ' leading', ''))
  .map((v) => v.replace(/[\r\n]/g, ''));

/** One line of a stream: a known field, a comment, an unknown field, a bare field name, or a blank line. */
const line = fc.oneof(
  { weight: 4, arbitrary: value.map((v) => `data: ${v}`) },
  { weight: 1, arbitrary: value.map((v) => `data:${v}`) },
  { weight: 1, arbitrary: value.map((v) => `event: ${v}`) },
  { weight: 1, arbitrary: value.map((v) => `id: ${v}`) },
  { weight: 1, arbitrary: fc.oneof(fc.nat().map(String), value).map((v) => `retry: ${v}`) },
  { weight: 1, arbitrary: value.map((v) => `:${v}`) },
  { weight: 1, arbitrary: value.map((v) => `x-${v}: 1`) },
  { weight: 1, arbitrary: fc.constantFrom('data', 'event', 'id', 'retry') },
  { weight: 3, arbitrary: fc.constant('') },
);
const lines = fc.array(line, { maxLength: 40 });

/** `lines` joined with the given line ends (one per line; the pattern repeats). */
function join(all: readonly string[], ends: readonly LineEnd[]): string {
  // A lone CR followed by an empty line is CR LF — a different line structure — so CR is only
  // used where the next line end is not an LF.
  let out = '';
  all.forEach((l, i) => {
    let end = ends[i % ends.length] ?? '\n';
    const next = ends[(i + 1) % ends.length] ?? '\n';
    if (end === '\r' && all[i + 1] === '' && next !== '\r') end = '\r\n';
    out += l + end;
  });
  return out;
}

/** What UTF-8 encoding makes of lone surrogates (U+FFFD), so text and byte paths compare. */
function wellFormed(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

function parseText(chunks: readonly string[], max?: number): SseEvent[] {
  const parser = new SseParser(max);
  return chunks.flatMap((c) => parser.feed(c));
}

function parseBytes(chunks: readonly Uint8Array[], max?: number): SseEvent[] {
  const parser = new SseByteParser(max);
  return chunks.flatMap((c) => parser.feed(c).events);
}

/** `whole` cut at the (sorted, deduplicated) offsets. */
function cut<T extends { slice(a: number, b?: number): T; length: number }>(whole: T, offsets: readonly number[]): T[] {
  const points = [...new Set(offsets.map((o) => o % (whole.length + 1)))].sort((a, b) => a - b);
  const bounds = [0, ...points, whole.length];
  return bounds.slice(1).map((end, i) => whole.slice(bounds[i] as number, end));
}

describe('SSE properties', { timeout: timeoutFor(1, 30) }, () => {
  it('gives the same events whatever the text chunking (including between CR and LF)', () => {
    fc.assert(
      fc.property(lines, fc.array(lineEnd, { minLength: 1, maxLength: 5 }), fc.array(fc.nat(), { maxLength: 30 }), (all, ends, offsets) => {
        const text = join(all, ends);
        expect(parseText(cut(text, offsets))).toEqual(parseText([text]));
      }),
      runs(),
    );
  });

  it('gives the same events whatever the byte chunking (including inside a multi-byte UTF-8 sequence)', () => {
    fc.assert(
      fc.property(lines, fc.array(lineEnd, { minLength: 1, maxLength: 5 }), fc.array(fc.nat(), { maxLength: 30 }), fc.boolean(), (all, ends, offsets, bom) => {
        const text = (bom ? '\uFEFF' : '') + join(all, ends);
        const bytes = Buffer.from(text, 'utf8');
        const expected = parseText([wellFormed(text)]);
        expect(parseBytes(cut(bytes, offsets))).toEqual(expected);
        expect(parseBytes([...bytes].map((b) => Uint8Array.of(b)))).toEqual(expected);
      }),
      runs(),
    );
  });

  it('treats LF, CR and CRLF line ends alike', () => {
    fc.assert(
      fc.property(lines, fc.array(lineEnd, { minLength: 1, maxLength: 5 }), (all, ends) => {
        expect(parseText([join(all, ends)])).toEqual(parseText([join(all, ['\n'])]));
      }),
      runs(),
    );
  });

  it('strips exactly one leading BOM, in text and in bytes, wherever the first chunk ends', () => {
    fc.assert(
      fc.property(lines, fc.nat({ max: 4 }), fc.array(fc.nat(), { maxLength: 5 }), (all, extraBoms, offsets) => {
        const body = wellFormed(join(all, ['\n']));
        const once = `\uFEFF${body}`;
        expect(parseText(cut(once, offsets))).toEqual(parseText([body]));
        expect(parseBytes(cut(Buffer.from(once, 'utf8'), offsets))).toEqual(parseText([body]));
        // Further BOMs belong to the first field name, exactly as in the text path.
        const more = '\uFEFF'.repeat(extraBoms + 1) + body;
        expect(parseBytes(cut(Buffer.from(more, 'utf8'), offsets))).toEqual(parseText([more]));
      }),
      runs(),
    );
  });

  it('never holds more than the cap: beyond it, SseBufferExceededError and nothing else', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 8, max: 256 }),
        fc.array(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), lines.map((l) => join(l, ['\n'])), fc.nat({ max: 600 }).map((n) => `data: ${'x'.repeat(n)}`)), { maxLength: 12 }),
        (max, chunks) => {
          const parser = new SseParser(max);
          for (const chunk of chunks) {
            let events: SseEvent[];
            try {
              events = parser.feed(chunk);
            } catch (error) {
              expect(error).toBeInstanceOf(SseBufferExceededError);
              return;
            }
            for (const event of events) expect(event.data.length).toBeLessThanOrEqual(max);
          }
        },
      ),
      runs(),
    );
  });

  it('trips the cap for a line that never ends, however it is chunked', () => {
    fc.assert(
      fc.property(fc.integer({ min: 8, max: 512 }), fc.integer({ min: 1, max: 64 }), fc.constantFrom('data: ', 'event: ', ': ', 'x'), (max, chunk, prefix) => {
        const parser = new SseParser(max);
        const text = prefix + 'y'.repeat(max * 2);
        let thrown: unknown;
        try {
          for (let i = 0; i < text.length; i += chunk) parser.feed(text.slice(i, i + chunk));
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBeInstanceOf(SseBufferExceededError);
      }),
      runs(),
    );
  });
});
