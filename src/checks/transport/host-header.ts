import { defineCheck, type FindingSpec } from '../../model/contracts.js';
import type { HttpExchange } from '../../model/observations.js';
import { detailOf, evidenceOf, hostOf, says, statusIn } from '../evidence.js';

/**
 * The Host that clients really use, the target URL's own, must be accepted: python-sdk ≥ 1.23
 * behind a proxy answers its public name with 421 `Invalid Host header`, the TypeScript SDK with
 * 403 `Invalid Host: <name>` (matrix P22/P24, §3.4). Then no client can connect, under every
 * profile. A made-up Host is judged by `host-origin-validation`.
 */
export const hostHeader = defineCheck({
  id: 'host-header',
  title: 'The Host of the target URL is accepted',
  area: 'transport',
  needs: ['init', 'mcp-answer'],
  codes: ['HOST_HEADER_REJECTED'],
  spec: { id: 'MCP 2025-11-25 Transports: Security Warning', url: 'https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#security-warning' },
  run({ init }, ctx): FindingSpec | undefined {
    if (!rejectsHost(init)) return undefined;
    return {
      code: 'HOST_HEADER_REJECTED',
      severity: 'error',
      args: { status: init.status, probe: init.label, host: hostOf(ctx.target.url), detail: detailOf(init) },
      evidence: evidenceOf(init),
    };
  },
});

/** A Host rejection of the compliant request itself: there is no control that differs only in Host. */
export function rejectsHost(exchange: HttpExchange): boolean {
  if (statusIn(exchange, 421)) return true;
  return (statusIn(exchange, 403) || statusIn(exchange, 400)) && says(exchange, /Invalid Host|Missing Host|Misdirected|Access is only allowed at|Host not allowed/i);
}
