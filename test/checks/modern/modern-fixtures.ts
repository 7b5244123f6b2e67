import type { HttpExchange } from '../../../src/model/observations.js';
import { META } from '../../../src/model/modern-protocol.js';
import { exchange, jsonRpcErrorJson } from '../../helpers/check-tester.js';

/** Observations of 2026-07-28 requests, shaped as the v2 SDK server answers them (protocol-2026-07-28 §1–§4). */

const MODERN_HEADERS = { accept: 'application/json, text/event-stream', 'content-type': 'application/json', 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'server/discover' };
const JSON_HEADERS = { 'content-type': 'application/json' };

/** A complete DiscoverResult body. */
export function discoverResultJson(result: Record<string, unknown> = {}): string {
  return JSON.stringify({
    result: {
      supportedVersions: ['2026-07-28'],
      capabilities: { tools: { listChanged: true } },
      resultType: 'complete',
      ttlMs: 0,
      cacheScope: 'private',
      _meta: { [META.serverInfo]: { name: 'example', version: '0.0.1' } },
      ...result,
    },
    jsonrpc: '2.0',
    id: 1,
  });
}

/** A modern request answered with `body` at `status`. */
export function modern(label: string, status: number, body: string, partial: Partial<HttpExchange> = {}): HttpExchange {
  return exchange({ label, requestHeaders: MODERN_HEADERS, status, headers: JSON_HEADERS, bodyExcerpt: body, ...partial });
}

/** server/discover served by a v2 SDK server. */
export const discoverOk = (result: Record<string, unknown> = {}): HttpExchange => modern('POST server/discover (2026-07-28)', 200, discoverResultJson(result));

/** A 2025-only server's answer to server/discover. */
export const discoverRefusedByLegacy = (): HttpExchange =>
  modern('POST server/discover (2026-07-28)', 400, jsonRpcErrorJson(-32000, 'Bad Request: Unsupported protocol version: 2026-07-28 (supported versions: 2025-11-25, 2025-06-18)'));

/** The legacy initialize refused by a modern-only server (`legacy: 'reject'`). */
export const initRefusedModernOnly = (): HttpExchange =>
  exchange({
    status: 400,
    headers: JSON_HEADERS,
    bodyExcerpt: JSON.stringify({ jsonrpc: '2.0', error: { code: -32022, message: 'Unsupported protocol version: 2025-11-25', data: { supported: ['2026-07-28'], requested: '2025-11-25' } }, id: 1 }),
  });

/** A -32020 HeaderMismatch refusal. */
export const headerMismatch = (label: string): HttpExchange => modern(label, 400, jsonRpcErrorJson(-32020, 'Bad Request: the request headers and body disagree', 1));

/** AgentCore's wrapping of a container's non-2xx answer. */
export const wrapped = (label: string, status: number): HttpExchange =>
  modern(label, 200, jsonRpcErrorJson(-32010, `Received error (${status}) from runtime. Please check your CloudWatch logs for more information.`), { containerStatus: status });
