import { defineCheck, type FindingSpec } from '../../model/contracts.js';
import { evidenceOf, statusIn } from '../evidence.js';

/**
 * GET should get 405 or a stream that delivers; stateless python-sdk servers open a stream that
 * never sends a byte, and clients waiting on it hang (matrix P15, §3.3 f).
 */
export const getStream = defineCheck({
  id: 'get-stream',
  title: 'GET answers 405 or a live SSE stream',
  area: 'transport',
  needs: ['get-stream', 'mcp-answer'],
  codes: ['GET_STREAM_HANGS'],
  spec: { id: 'MCP 2025-11-25 Transports: Listening for Messages from the Server', url: 'https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#listening-for-messages-from-the-server' },
  run({ 'get-stream': get }): FindingSpec | undefined {
    // Comments, keep-alives, `retry:` and empty events are bytes too: a client reading them is not hung.
    const silent = statusIn(get, 200, 299) && get.contentType === 'text/event-stream' && get.sse !== undefined && get.sse.bytes === 0 && !get.sse.ended;
    if (!silent) return undefined;
    return { code: 'GET_STREAM_HANGS', args: { status: get.status, waitedMs: get.durationMs }, evidence: evidenceOf(get) };
  },
});
