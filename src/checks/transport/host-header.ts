import { defineCheck, type FindingSpec } from '../../model/contracts.js';
import type { HttpExchange } from '../../model/observations.js';
import { detailOf, evidenceOf, hostOf, says, statusIn } from '../evidence.js';

/**
 * Localhost DNS-rebinding protection left on in a server that will sit behind a proxy or
 * AgentCore: Python answers 421 `Invalid Host header`, TypeScript 403 `Invalid Host…`
 * (matrix P22/P24, §3.4). Rejecting a foreign Host is what will happen behind any proxy or on
 * AgentCore, so it is an error under every profile: this doctor judges deployability.
 */
export const hostHeader = defineCheck({
  id: 'host-header',
  title: 'Requests with a non-local Host header are accepted',
  area: 'transport',
  needs: ['init'],
  uses: ['host-foreign'],
  dependsOn: ['endpoint-speaks-mcp'],
  codes: ['HOST_HEADER_REJECTED'],
  spec: { id: 'MCP 2025-11-25 Transports: Security Warning', url: 'https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#security-warning' },
  run({ init, 'host-foreign': foreign }, ctx): FindingSpec | undefined {
    if (rejectsHost(init)) {
      return {
        code: 'HOST_HEADER_REJECTED',
        severity: 'error',
        args: { status: init.status, probe: init.label, host: hostOf(ctx.target.url), detail: detailOf(init) },
        evidence: evidenceOf(init),
      };
    }
    if (foreign && rejectsHost(foreign)) {
      return {
        code: 'HOST_HEADER_REJECTED',
        args: { status: foreign.status, probe: foreign.label, host: foreign.requestHeaders.host, detail: detailOf(foreign) },
        evidence: evidenceOf(foreign),
      };
    }
    return undefined;
  },
});

function rejectsHost(exchange: HttpExchange): boolean {
  return statusIn(exchange, 421) || ((statusIn(exchange, 403) || statusIn(exchange, 400)) && says(exchange, /Invalid Host|Missing Host|Misdirected/i));
}
