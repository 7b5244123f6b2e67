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
    if (rejectsMissingSession(noSession)) {
      return { code: 'SERVER_STATEFUL', args: { status: noSession.status, probe: noSession.label, detail: detailOf(noSession) }, evidence: evidenceOf(noSession) };
    }
    // AgentCore returns an Mcp-Session-Id on every response, stateless container or not.
    if (ctx.target.kind === 'url' && init.headers['mcp-session-id'] !== undefined) {
      return { code: 'SERVER_STATEFUL', args: { probe: init.label }, evidence: { ...evidenceOf(init), detail: 'initialize returned an Mcp-Session-Id header' } };
    }
    return undefined;
  },
});

function rejectsMissingSession(exchange: HttpExchange): boolean {
  // Through AgentCore the container's body is lost: a wrapped 400/404 is all there is to see.
  if (exchange.containerStatus === 400 || exchange.containerStatus === 404) return true;
  return statusIn(exchange, 400, 499) && /session|not initialized/i.test(detailOf(exchange) ?? '');
}
