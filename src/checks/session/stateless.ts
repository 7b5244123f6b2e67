import { defineCheck, type FindingSpec } from '../../model/contracts.js';
import type { HttpExchange } from '../../model/observations.js';
import { describeControl, evidenceWithControl, outcomeClass, refusedAgainstControl } from '../differential.js';
import { detailOf, evidenceOf, statusIn } from '../evidence.js';

/**
 * Stateful means a session is required: a request without the issued id, or with an id the
 * server never issued, is refused while the same request with the issued id is served (matrix P1,
 * P11, P12). A server that issues ids but serves both is `SESSION_OPTIONAL`: it works behind
 * AgentCore's injected ids. AgentCore needs statelessness; elsewhere it is a design choice.
 */
export const stateless = defineCheck({
  id: 'stateless',
  title: 'The server does not require a session',
  area: 'session',
  needs: ['init', 'no-session', 'initialized'],
  uses: ['foreign-session', 'session-control'],
  codes: ['SERVER_STATEFUL', 'SESSION_OPTIONAL'],
  spec: { id: 'MCP 2025-11-25 Transports: Session Management', url: 'https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#session-management' },
  run({ init, 'no-session': noSession, 'foreign-session': foreign, 'session-control': control }, ctx): FindingSpec | undefined {
    for (const [variant, what] of [
      [noSession, 'with the issued `Mcp-Session-Id`'],
      [foreign, 'with the issued `Mcp-Session-Id`'],
    ] as const) {
      if (variant && control && refusedAgainstControl(variant, control)) {
        return { code: 'SERVER_STATEFUL', args: { status: variant.status, probe: variant.label, detail: detailOf(variant), control: describeControl(control, what) }, evidence: evidenceWithControl(variant, control) };
      }
    }
    // Without a served control (AgentCore, or no id issued), only session wording or a wrapped 400/404 tells.
    if (!control || outcomeClass(control) !== 'served') {
      const refused = [noSession, foreign].find((e) => e !== undefined && refusesForSession(e));
      if (refused) return { code: 'SERVER_STATEFUL', args: { status: refused.status, probe: refused.label, detail: detailOf(refused) }, evidence: evidenceOf(refused) };
    }
    // AgentCore answers every request with an Mcp-Session-Id of its own: only a URL target issues its ids itself.
    if (ctx.target.kind === 'url' && init.headers['mcp-session-id'] !== undefined && outcomeClass(noSession) === 'served' && foreign !== undefined && outcomeClass(foreign) === 'served') {
      return {
        code: 'SESSION_OPTIONAL',
        args: { variants: `${noSession.label} got ${noSession.status} and ${foreign.label} got ${foreign.status}` },
        evidence: { ...evidenceOf(noSession), detail: `initialize answered with Mcp-Session-Id; ${foreign.label} got ${foreign.status}` },
      };
    }
    return undefined;
  },
});

function refusesForSession(exchange: HttpExchange): boolean {
  // Through AgentCore the container's body is lost: a wrapped 400/404 is all there is to see.
  if (exchange.containerStatus === 400 || exchange.containerStatus === 404) return true;
  return statusIn(exchange, 400, 499) && !statusIn(exchange, 401) && /session|not initialized/i.test(detailOf(exchange) ?? '');
}
