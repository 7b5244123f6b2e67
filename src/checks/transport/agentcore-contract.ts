import { defineCheck, type FindingSpec } from '../../model/contracts.js';

/** AgentCore's container contract for MCP: `0.0.0.0:8000`, `POST /mcp` (agentcore-contract §2.3). */
export const AGENTCORE_PORT = '8000';

/**
 * Under the agentcore profile a URL target is the container itself (run locally before
 * deploying), so its port and path must be the ones AgentCore will call.
 */
export const agentcoreContract = defineCheck({
  id: 'agentcore-contract',
  title: 'The URL follows the AgentCore container contract (port 8000, path /mcp)',
  area: 'transport',
  needs: [],
  codes: ['AGENTCORE_CONTRACT_MISMATCH'],
  appliesTo: (ctx) => {
    if (ctx.target.kind !== 'url') return 'the target is a runtime: AgentCore calls the container itself';
    return ctx.profile === 'agentcore' ? true : 'only under the agentcore profile';
  },
  run(_obs, ctx): FindingSpec | undefined {
    const url = new URL(ctx.target.url);
    const problems: string[] = [];
    if (url.port !== AGENTCORE_PORT) problems.push(`port ${url.port || (url.protocol === 'https:' ? '443' : '80')} instead of ${AGENTCORE_PORT}`);
    if (url.pathname !== '/mcp' && url.pathname !== '/mcp/') problems.push(`path ${url.pathname} instead of /mcp`);
    if (problems.length === 0) return undefined;
    return { code: 'AGENTCORE_CONTRACT_MISMATCH', args: { url: ctx.target.url, detail: problems.join(', ') } };
  },
});
