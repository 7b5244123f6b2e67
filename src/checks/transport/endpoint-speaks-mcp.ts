import { defineCheck, type FindingSpec } from '../../model/contracts.js';
import type { HttpExchange } from '../../model/observations.js';
import { describeRedirect, detailOf, evidenceOf, isJsonRpcBody, isRedirect, says, statusIn } from '../evidence.js';

/**
 * Before any MCP diagnosis, rule out answers that did not come from an MCP server at all:
 * proxies, login pages, not-found pages, legacy SSE endpoints, auth layers, redirects
 * (matrix §7.3 I2–I5, §5).
 */
export const endpointSpeaksMcp = defineCheck({
  id: 'endpoint-speaks-mcp',
  title: 'An MCP server (not a proxy, page or legacy endpoint) answers POST',
  area: 'transport',
  needs: ['init', 'container-answer'],
  uses: ['get-stream'],
  codes: ['HTML_RESPONSE', 'GATEWAY_ERROR', 'SERVER_ERROR', 'WRONG_PATH', 'NOT_STREAMABLE_HTTP', 'AUTH_REQUIRED', 'UNEXPECTED_REDIRECT', 'TRAILING_SLASH_REDIRECT'],
  run({ init, 'get-stream': get }, ctx): FindingSpec | undefined {
    const args = { status: init.status, probe: init.label, detail: detailOf(init), url: ctx.target.url, contentType: init.contentType };
    const evidence = evidenceOf(init);
    if (isRedirect(init)) return redirectFinding(init);
    if (init.contentType === 'text/html' && statusIn(init, 200, 299)) return { code: 'HTML_RESPONSE', args, evidence };
    if (isLegacySse(get) && (statusIn(init, 404) || statusIn(init, 405))) {
      return { code: 'NOT_STREAMABLE_HTTP', args, evidence: { ...evidence, detail: 'GET answered with an SSE `endpoint` event' } };
    }
    if (statusIn(init, 405)) return { code: 'NOT_STREAMABLE_HTTP', args, evidence };
    if (statusIn(init, 502, 504) && !isJsonRpcBody(init)) return { code: 'GATEWAY_ERROR', args, evidence };
    if (statusIn(init, 500, 599)) return { code: 'SERVER_ERROR', args, evidence };
    if (statusIn(init, 404) && !isJsonRpcBody(init)) return { code: 'WRONG_PATH', args, evidence };
    if (statusIn(init, 401) || (statusIn(init, 403) && isAuthRejection(init))) return { code: 'AUTH_REQUIRED', args, evidence };
    return undefined;
  },
});

function redirectFinding(init: HttpExchange): FindingSpec {
  const { location, slashOnly, downgrade, crossOrigin } = describeRedirect(init);
  const finding: FindingSpec = { code: slashOnly ? 'TRAILING_SLASH_REDIRECT' : 'UNEXPECTED_REDIRECT', args: { status: init.status, probe: init.label, location }, evidence: evidenceOf(init) };
  // MCP clients follow a redirect only within the origin (the TypeScript SDK's default policy), so
  // one to another origin (a login page, another host) or to plain HTTP leaves every client stuck.
  if (downgrade || crossOrigin) finding.severity = 'error';
  return finding;
}

/** An SSE stream whose first event is `endpoint`: the 2024-11-05 HTTP+SSE transport. */
function isLegacySse(get: HttpExchange | undefined): boolean {
  return get?.contentType === 'text/event-stream' && get.sse?.firstEvent === 'endpoint';
}

function isAuthRejection(init: HttpExchange): boolean {
  if (init.headers['www-authenticate']) return true;
  if (says(init, /Invalid (Host|Origin)/i)) return false;
  return says(init, /token|unauthori[sz]ed|authenticat|forbidden|access denied|insufficient_scope|permission/i);
}
