import { defineCheck, type FindingSpec } from '../../model/contracts.js';
import { detailOf, evidenceOf, statusIn } from '../evidence.js';

/**
 * AgentCore injects its own `Mcp-Session-Id` and forwards it (agentcore-contract §3.1), so the
 * server must accept an id it never issued (matrix P12). For a stateful server outside AgentCore a
 * 404 is the specified answer, so that is informational there.
 */
export const foreignSessionId = defineCheck({
  id: 'foreign-session-id',
  title: 'A session id the server did not issue is accepted',
  area: 'session',
  needs: ['init', 'foreign-session', 'initialized'],
  codes: ['FOREIGN_SESSION_ID_REJECTED'],
  run({ init, 'foreign-session': foreign }, ctx): FindingSpec | undefined {
    if (statusIn(foreign, 200, 299)) return undefined;
    if (!statusIn(foreign, 400, 404)) return undefined;
    const stateful = init.headers['mcp-session-id'] !== undefined;
    const finding: FindingSpec = { code: 'FOREIGN_SESSION_ID_REJECTED', args: { status: foreign.status, probe: foreign.label, detail: detailOf(foreign) }, evidence: evidenceOf(foreign) };
    // A server that claims to be stateless yet rejects the header breaks every session-injecting proxy.
    if (!stateful && ctx.profile === 'generic') finding.severity = 'warning';
    return finding;
  },
});
