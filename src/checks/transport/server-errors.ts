import { defineCheck, type FindingSpec } from '../../model/contracts.js';
import type { HttpExchange } from '../../model/observations.js';
import { detailOf, evidenceOf, isJsonRpcBody, statusIn } from '../evidence.js';

/** Any 5xx from the server itself on the secondary probes (the compliant one is judged earlier). */
export const serverErrors = defineCheck({
  id: 'server-errors',
  title: 'No probe makes the server fail with 5xx',
  area: 'transport',
  needs: ['mcp-answer'],
  uses: ['accept-none', 'accept-wildcard', 'accept-json', 'accept-sse', 'content-type-plain', 'get-stream', 'delete-no-session', 'no-session', 'foreign-session', 'session-control', 'bogus-protocol-version', 'path-variant', 'origin-foreign', 'origin-client', 'discover', 'modern-unsupported-version', 'modern-session-header', 'modern-listen', 'modern-host-foreign', 'modern-content-type-plain', 'modern-path-variant'],
  codes: ['SERVER_ERROR'],
  run(obs): FindingSpec | undefined {
    const failing = Object.values(obs).find((e: HttpExchange | undefined) => e && statusIn(e, 500, 599) && (isJsonRpcBody(e) || !statusIn(e, 502, 504)));
    if (!failing) return undefined;
    return { code: 'SERVER_ERROR', severity: 'warning', args: { status: failing.status, probe: failing.label, detail: detailOf(failing) }, evidence: evidenceOf(failing) };
  },
});
