import { defineCheck, type FindingSpec } from '../../model/contracts.js';
import { detailOf, evidenceOf, statusIn } from '../evidence.js';

/** An unknown or expired session MUST get 404 so clients re-initialize (matrix P12, §9.7). */
export const sessionExpiry = defineCheck({
  id: 'session-expiry',
  title: 'An unknown session gets 404 (clients can re-initialize)',
  area: 'session',
  needs: ['init', 'foreign-session', 'initialized'],
  codes: ['SESSION_EXPIRY_NONCOMPLIANT'],
  spec: { id: 'MCP 2025-11-25 Transports: Session Management', url: 'https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#session-management' },
  appliesTo: (ctx, { init }) => {
    if (ctx.target.kind !== 'url') return 'AgentCore owns session ids and wraps the container\'s status';
    return init.headers['mcp-session-id'] !== undefined ? true : 'the server issues no sessions, so none can expire';
  },
  run({ 'foreign-session': foreign }): FindingSpec | undefined {
    if (!statusIn(foreign, 400)) return undefined;
    return { code: 'SESSION_EXPIRY_NONCOMPLIANT', args: { status: foreign.status, detail: detailOf(foreign) }, evidence: evidenceOf(foreign) };
  },
});
