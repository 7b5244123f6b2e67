import { defineCheck, type FindingSpec } from '../../model/contracts.js';
import type { HttpExchange } from '../../model/observations.js';
import { detailOf, evidenceOf } from '../evidence.js';

/**
 * Throttling can hit any request of a run, not only the first (agentcore-contract §5: MCP runtimes
 * answer 200 + -32003, others 429). A throttled probe says nothing about the server, so the run
 * names it instead of blaming the server for the answers it never gave.
 */
export const throttling = defineCheck({
  id: 'throttling',
  title: 'No request was throttled',
  area: 'agentcore',
  needs: [],
  uses: ['init', 'accept-none', 'accept-wildcard', 'accept-json', 'accept-sse', 'content-type-plain', 'get-stream', 'delete-no-session', 'no-session', 'foreign-session', 'bogus-protocol-version', 'discover', 'modern-unsupported-version', 'modern-session-header', 'modern-listen'],
  codes: ['THROTTLED'],
  run(obs): FindingSpec | undefined {
    const exchanges = Object.values(obs).filter((e): e is HttpExchange => e !== undefined);
    // The raw status: a container's own 429, wrapped as -32010, is not AgentCore throttling.
    const throttled = exchanges.filter((e) => e.status === 429 || (e.jsonrpc?.kind === 'error' && e.jsonrpc.code === -32003));
    const first = throttled[0];
    if (!first) return undefined;
    return { code: 'THROTTLED', args: { status: first.status, probe: first.label, detail: `${detailOf(first) ?? 'throttled'} (${throttled.length} of ${exchanges.length} requests)` }, evidence: evidenceOf(first) };
  },
});
