import { defineCheck, type FindingSpec } from '../../model/contracts.js';

/** The official SDK client completes initialize, the initialized notification and ping. */
export const mcpSession = defineCheck({
  id: 'mcp-session',
  title: 'The official MCP client completes a session (initialize, ping)',
  area: 'mcp',
  // Judged against the raw initialize as its control: when that already failed, so does any client.
  needs: ['mcp-session', 'client-control'],
  codes: ['MCP_SESSION_FAILED'],
  run({ 'mcp-session': session }): FindingSpec | undefined {
    if (!session.connect.ok) return { code: 'MCP_SESSION_FAILED', args: { method: 'initialize', detail: session.connect.error }, evidence: { detail: session.connect.error ?? '' } };
    if (session.ping && !session.ping.ok) return { code: 'MCP_SESSION_FAILED', args: { method: 'ping', detail: session.ping.error }, evidence: { detail: session.ping.error ?? '' } };
    return undefined;
  },
});
