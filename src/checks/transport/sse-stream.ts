import { defineCheck, type FindingSpec } from '../../model/contracts.js';
import type { HttpExchange } from '../../model/observations.js';
import { evidenceOf } from '../evidence.js';

/** Below this a `retry:` makes obeying clients reconnect in a tight loop. */
export const MIN_SANE_RETRY_MS = 100;
/** Above this (one day) a `retry:` makes obeying clients stop reconnecting for good. */
export const MAX_SANE_RETRY_MS = 86_400_000;

/**
 * The event-stream rules a client depends on (reliability-security §2): every event ends with a
 * blank line, and `retry:` is a sane reconnect delay. A stream that breaks them leaves clients
 * waiting for an event that is never dispatched, or reconnecting in a storm.
 */
export const sseStream = defineCheck({
  id: 'sse-stream',
  title: 'SSE streams end their events and ask for sane reconnect delays',
  area: 'transport',
  needs: ['init'],
  uses: ['get-stream'],
  codes: ['SSE_STREAM_MALFORMED'],
  spec: { id: 'MCP 2025-11-25 Transports: Sending Messages to the Server', url: 'https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#sending-messages-to-the-server' },
  run({ init, 'get-stream': get }): FindingSpec | undefined {
    for (const exchange of [init, get]) {
      const problems = exchange ? streamProblems(exchange) : [];
      if (exchange && problems.length > 0) return { code: 'SSE_STREAM_MALFORMED', args: { probe: exchange.label, detail: problems.join('; ') }, evidence: evidenceOf(exchange) };
    }
    return undefined;
  },
});

/** What is wrong with one exchange's event stream, in words. */
export function streamProblems(exchange: HttpExchange): string[] {
  const sse = exchange.sse;
  if (!sse) return [];
  const problems: string[] = [];
  if (sse.unterminated) {
    problems.push(`${sse.ended ? 'ended' : 'stalled'} with an unterminated event (data without the blank line that dispatches it)`);
  }
  if (sse.retry !== undefined && sse.retry < MIN_SANE_RETRY_MS) problems.push(`sets retry: ${sse.retry}, asking clients to reconnect ${sse.retry === 0 ? 'at once' : 'within milliseconds'}, in a loop`);
  if (sse.retry !== undefined && sse.retry > MAX_SANE_RETRY_MS) problems.push(`sets retry: ${sse.retry} (more than a day), so clients that obey never reconnect`);
  return problems;
}
