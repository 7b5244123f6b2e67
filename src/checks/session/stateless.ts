import { defineCheck, type FindingSpec } from '../../model/contracts.js';
import type { HttpExchange } from '../../model/observations.js';
import { detailOf, evidenceOf, statusIn } from '../evidence.js';

/**
 * A stateless server issues no session id and answers a request that carries none (matrix P1,
 * P11). AgentCore needs this; elsewhere it is a design choice, so the severity follows the profile.
 */
export const stateless = defineCheck({
  id: 'stateless',
  title: 'The server is stateless (no session required)',
  area: 'session',
  needs: ['init', 'no-session'],
  dependsOn: ['initialize'],
  codes: ['SERVER_STATEFUL'],
  spec: { id: 'MCP 2025-11-25 Transports: Session Management', url: 'https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#session-management' },
  run({ init, 'no-session': noSession }, ctx): FindingSpec | undefined {
    const judged = judgeStatefulness(init, noSession, ctx.target.kind);
    if (judged?.stateful !== true) return undefined;
    if (judged.by === 'rejects-missing-session') {
      return { code: 'SERVER_STATEFUL', args: { status: noSession.status, probe: noSession.label, detail: detailOf(noSession) }, evidence: evidenceOf(noSession) };
    }
    return { code: 'SERVER_STATEFUL', args: { probe: init.label }, evidence: { ...evidenceOf(init), detail: 'initialize returned an Mcp-Session-Id header' } };
  },
});

/** What the observations say about sessions; the stateless check and the report header both read it. */
export type Statefulness = { stateful: true; by: 'rejects-missing-session' | 'issues-session-id' } | { stateful: false };

/**
 * Stateful when a request without a session id is refused, or (outside AgentCore, which injects an
 * Mcp-Session-Id on every response, stateless container or not) when initialize issues an id.
 * Stateless when neither happens and there is an answer to judge; undefined when nothing tells.
 */
export function judgeStatefulness(init: HttpExchange | undefined, noSession: HttpExchange | undefined, kind: 'url' | 'agentcore-runtime'): Statefulness | undefined {
  if (noSession && rejectsMissingSession(noSession)) return { stateful: true, by: 'rejects-missing-session' };
  if (kind === 'url' && init?.headers['mcp-session-id'] !== undefined) return { stateful: true, by: 'issues-session-id' };
  if (noSession && noSession.status !== undefined && noSession.status >= 200 && noSession.status < 300 && noSession.containerStatus === undefined) return { stateful: false };
  if (kind === 'url' && init?.jsonrpc?.kind === 'result') return { stateful: false };
  return undefined;
}

function rejectsMissingSession(exchange: HttpExchange): boolean {
  // Through AgentCore the container's body is lost: a wrapped 400/404 is all there is to see.
  if (exchange.containerStatus === 400 || exchange.containerStatus === 404) return true;
  return statusIn(exchange, 400, 499) && /session|not initialized/i.test(detailOf(exchange) ?? '');
}
