import type { Evidence } from '../model/report.js';
import type { HttpExchange } from '../model/observations.js';
import { truncate } from '../security/sanitize-text.js';

/**
 * Small pure readers over HTTP exchanges that several checks share. Exchanges arrive already
 * redacted and sanitized from the probe layer.
 */

const EVIDENCE_BODY = 300;

/** The evidence block for a finding about `exchange`. */
export function evidenceOf(exchange: HttpExchange): Evidence {
  const headerText = Object.entries(exchange.requestHeaders)
    .map(([k, v]) => `${k}: ${v}`)
    .join('; ');
  const evidence: Evidence = { request: `${exchange.method} ${exchange.url}${headerText ? ` (${headerText})` : ''}` };
  if (exchange.status !== undefined) evidence.status = exchange.status;
  if (Object.keys(exchange.headers).length > 0) evidence.headers = { ...exchange.headers };
  if (exchange.bodyExcerpt) evidence.bodyExcerpt = truncate(exchange.bodyExcerpt, EVIDENCE_BODY);
  if (exchange.error) evidence.detail = `${exchange.error.code}: ${exchange.error.message}`;
  return evidence;
}

/** The server's own words: the JSON-RPC error message, else the start of a plain body. */
export function detailOf(exchange: HttpExchange): string | undefined {
  if (exchange.jsonrpc?.kind === 'error' && exchange.jsonrpc.message) return truncate(exchange.jsonrpc.message, 200);
  const body = exchange.bodyExcerpt;
  if (!body) return undefined;
  if (exchange.contentType === 'text/html') return htmlTitle(body);
  if (exchange.jsonrpc?.kind === 'other' && body.startsWith('{')) {
    const message = /"(?:message|error_description|error)"\s*:\s*"([^"]{1,200})"/.exec(body)?.[1];
    if (message) return message;
  }
  return truncate(body, 120);
}

function htmlTitle(html: string): string | undefined {
  // Express error pages say what happened in <pre> ("Cannot POST /mcp") under the title "Error".
  const pick = (re: RegExp): string | undefined => re.exec(html)?.[1]?.trim() || undefined;
  return pick(/<pre[^>]*>([^<]{1,120})<\/pre>/i) ?? pick(/<title[^>]*>([^<]{1,120})<\/title>/i) ?? pick(/<h1[^>]*>([^<]{1,120})<\/h1>/i);
}

/** The response's JSON-RPC shape: true when the body is a JSON-RPC response or error. */
export function isJsonRpcBody(exchange: HttpExchange): boolean {
  return exchange.jsonrpc !== undefined && exchange.jsonrpc.kind !== 'other';
}

/**
 * The status that describes what the server did: the container's own status when AgentCore
 * wrapped it in 200 + -32010, else the HTTP status.
 */
export function effectiveStatus(exchange: HttpExchange | undefined): number | undefined {
  return exchange?.containerStatus ?? exchange?.status;
}

/** True for a response whose effective status is in [from, to]. */
export function statusIn(exchange: HttpExchange | undefined, from: number, to = from): boolean {
  const status = effectiveStatus(exchange);
  return status !== undefined && status >= from && status <= to;
}

/** True when the body or JSON-RPC message matches `pattern`. */
export function says(exchange: HttpExchange | undefined, pattern: RegExp): boolean {
  if (!exchange) return false;
  return pattern.test(exchange.jsonrpc?.kind === 'error' ? exchange.jsonrpc.message : '') || pattern.test(exchange.bodyExcerpt);
}

/** True when a response is a redirect. */
export function isRedirect(exchange: HttpExchange | undefined): boolean {
  return statusIn(exchange, 300, 399);
}

/**
 * Where a redirect points, resolved against the request URL, and whether it only toggles the
 * trailing slash of the same path on the same host (the Starlette 307), or downgrades https.
 */
export function describeRedirect(exchange: HttpExchange): { location: string; slashOnly: boolean; downgrade: boolean; crossOrigin: boolean } {
  const location = exchange.headers.location ?? '';
  let resolved: URL;
  try {
    resolved = new URL(location, exchange.url);
  } catch {
    return { location, slashOnly: false, downgrade: false, crossOrigin: true };
  }
  const from = new URL(exchange.url);
  const trim = (path: string): string => path.replace(/\/$/, '');
  const slashOnly = resolved.hostname === from.hostname && resolved.port === from.port && resolved.pathname !== from.pathname && trim(resolved.pathname) === trim(from.pathname);
  return { location, slashOnly, downgrade: from.protocol === 'https:' && resolved.protocol === 'http:', crossOrigin: resolved.origin !== from.origin };
}

/** The host and port of a URL, for messages. */
export function hostOf(url: string): string {
  return new URL(url).host;
}
