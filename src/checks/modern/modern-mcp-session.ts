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
  appliesTo: (_ctx, { init, discover }) => {
    const era = readEra(init, discover);
    if (era.era !== 'dual') return 'only on a server that serves both eras (the mcp-session check judges the other cases)';
    // A client cannot be expected to adopt a DiscoverResult that lacks members: discover-result reports that.
    return era.discover.missing.length === 0 ? true : `server/discover answered without ${era.discover.missing.join(', ')}, which discover-result reports`;
  },
  run({ 'modern-session': session }): FindingSpec | undefined {
    if (!session.connect.ok) return { code: 'MCP_SESSION_FAILED', args: { method: 'server/discover', detail: session.connect.error }, evidence: { detail: session.connect.error ?? '' } };
    for (const [method, step] of [['tools/list', session.tools], ['resources/list', session.resources], ['prompts/list', session.prompts]] as const) {
      if (step && !step.ok) return { code: 'MCP_SESSION_FAILED', args: { method, detail: step.error }, evidence: { detail: step.error ?? '' } };
    }
    return undefined;
  },
});
