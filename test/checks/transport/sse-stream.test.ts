import { describe, expect, it } from 'vitest';
import { MAX_SANE_RETRY_MS, MIN_SANE_RETRY_MS, sseStream, streamProblems } from '../../../src/checks/transport/sse-stream.js';
import type { HttpExchange } from '../../../src/model/observations.js';
import { exchange, initOk, initStateful, makeContext, runCheck, testCheck } from '../../helpers/check-tester.js';

const stream = (sse: NonNullable<HttpExchange['sse']>, partial: Partial<HttpExchange> = {}): HttpExchange =>
  exchange({ status: 200, headers: { 'content-type': 'text/event-stream' }, contentType: 'text/event-stream', sse, ...partial });

testCheck(sseStream, {
  valid: [
    { name: 'a JSON initialize result', observations: { init: initOk() } },
    { name: 'a well-formed SSE initialize result', observations: { init: initStateful() } },
    { name: 'a sane retry on the GET stream', observations: { init: initOk(), 'get-stream': stream({ events: 1, bytes: 40, ended: false, retry: 3_000 }, { method: 'GET' }) } },
    { name: 'a stream cut off mid-event by the deadline is not called unterminated', observations: { init: stream({ events: 0, bytes: 4_000_000, ended: false }) } },
  ],
  invalid: [
    {
      name: 'the response sits in a data line that is never dispatched (vercel/ai#16865)',
      observations: { init: stream({ events: 0, bytes: 120, ended: false, unterminated: true }) },
      codes: ['SSE_STREAM_MALFORMED'],
      severities: ['warning'],
      message: /stalled with an unterminated event/,
    },
    {
      name: 'the stream ends with an event still pending',
      observations: { init: stream({ events: 0, bytes: 120, ended: true, unterminated: true }) },
      codes: ['SSE_STREAM_MALFORMED'],
      message: /ended with an unterminated event/,
    },
    {
      name: 'retry: 0 asks for a reconnect storm',
      observations: { init: stream({ events: 0, bytes: 20, ended: true, retry: 0 }) },
      codes: ['SSE_STREAM_MALFORMED'],
      message: /retry: 0, asking clients to reconnect at once/,
    },
    {
      name: 'retry: 1e12 stalls obeying clients for decades, seen on the GET stream',
      observations: { init: initOk(), 'get-stream': stream({ events: 0, bytes: 30, ended: true, retry: 1_000_000_000_000 }, { label: 'GET (Accept: text/event-stream)', method: 'GET' }) },
      codes: ['SSE_STREAM_MALFORMED'],
      args: { probe: 'GET (Accept: text/event-stream)' },
      message: /more than a day/,
    },
  ],
});

/** Pins the retry bounds on both sides (exclusive), the wording between 0 and the minimum, and how problems are joined. */
describe('streamProblems', () => {
  it.each<[number, string[]]>([
    [0, ['sets retry: 0, asking clients to reconnect at once, in a loop']],
    [1, ['sets retry: 1, asking clients to reconnect within milliseconds, in a loop']],
    [MIN_SANE_RETRY_MS - 1, ['sets retry: 99, asking clients to reconnect within milliseconds, in a loop']],
    [MIN_SANE_RETRY_MS, []],
    [MAX_SANE_RETRY_MS, []],
    [MAX_SANE_RETRY_MS + 1, ['sets retry: 86400001 (more than a day), so clients that obey never reconnect']],
  ])('retry: %i', (retry, problems) => {
    expect(streamProblems(stream({ events: 0, bytes: 20, ended: true, retry }))).toStrictEqual(problems);
  });

  it('joins several problems with "; "', () => {
    const init = stream({ events: 0, bytes: 20, ended: true, unterminated: true, retry: 0 });
    expect(runCheck(sseStream, { init }, makeContext()).findings.map((f) => f.args?.detail)).toStrictEqual([
      'ended with an unterminated event (data without the blank line that dispatches it); sets retry: 0, asking clients to reconnect at once, in a loop',
    ]);
  });
});
