import { defineCheck, type FindingSpec } from '../../model/contracts.js';
import type { HttpExchange } from '../../model/observations.js';
import { detailOf, evidenceOf, statusIn } from '../evidence.js';

/** The notification that must open every subscriptions/listen stream (protocol-2026-07-28 §2). */
export const LISTEN_ACK_METHOD = 'notifications/subscriptions/acknowledged';

/** What the first frame of a listen stream was, in words, or undefined when it was the acknowledgement. */
export function describeFirstFrame(exchange: HttpExchange): string | undefined {
  if (exchange.outcome !== 'response') return `no answer (${exchange.error?.code ?? exchange.outcome})`;
  if (!statusIn(exchange, 200, 299)) return `HTTP ${exchange.containerStatus ?? exchange.status}${detailOf(exchange) ? ` ("${detailOf(exchange)}")` : ''}`;
  if (exchange.contentType !== 'text/event-stream') {
    return exchange.jsonrpc?.kind === 'result' ? `a JSON result (${exchange.contentType ?? 'no Content-Type'}), not a stream` : `a ${exchange.contentType ?? 'body without Content-Type'} answer, not a stream`;
  }
  const sse = exchange.sse;
  if (!sse || sse.events === 0) return `nothing within ${exchange.durationMs} ms`;
  if (sse.firstMethod === LISTEN_ACK_METHOD) return undefined;
  return sse.firstMethod !== undefined ? `\`${sse.firstMethod}\`` : 'an event that is not a JSON-RPC notification';
}

export const listenAck = defineCheck({
  id: 'listen-ack',
  title: 'subscriptions/listen opens with the acknowledgement',
  area: 'protocol',
  needs: ['modern-listen'],
  codes: ['LISTEN_ACK_MISSING'],
  spec: { id: 'MCP 2026-07-28 Transports: subscriptions/listen', url: 'https://modelcontextprotocol.io/specification/2026-07-28/basic/transports' },
  run({ 'modern-listen': listen }): FindingSpec | undefined {
    const first = describeFirstFrame(listen);
    if (first === undefined) return undefined;
    return { code: 'LISTEN_ACK_MISSING', args: { detail: first }, evidence: evidenceOf(listen) };
  },
});
