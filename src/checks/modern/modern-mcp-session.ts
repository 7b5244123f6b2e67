import { defineCheck, type FindingSpec } from '../../model/contracts.js';
import { readEra } from '../../model/modern-protocol.js';

/**
 * The official v2 client (versionNegotiation auto) on a server that serves both eras. On a
 * modern-only server the `mcp-session` check itself judges this session instead of the v1 one.
 */
export const modernMcpSession = defineCheck({
  id: 'modern-mcp-session',
  title: 'The official v2 MCP client completes a 2026-07-28 session',
  area: 'mcp',
  needs: ['modern-session', 'init', 'discover'],
  codes: ['MCP_SESSION_FAILED'],
  appliesTo: (_ctx, { init, discover }) => (readEra(init, discover).era === 'dual' ? true : 'only on a server that serves both eras (the mcp-session check judges the other cases)'),
  run({ 'modern-session': session }): FindingSpec | undefined {
    if (!session.connect.ok) return { code: 'MCP_SESSION_FAILED', args: { method: 'server/discover', detail: session.connect.error }, evidence: { detail: session.connect.error ?? '' } };
    for (const [method, step] of [['tools/list', session.tools], ['resources/list', session.resources], ['prompts/list', session.prompts]] as const) {
      if (step && !step.ok) return { code: 'MCP_SESSION_FAILED', args: { method, detail: step.error }, evidence: { detail: step.error ?? '' } };
    }
    return undefined;
  },
});
