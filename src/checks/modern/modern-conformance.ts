import { defineCheck, type FindingSpec } from '../../model/contracts.js';
import type { HttpExchange } from '../../model/observations.js';
import { FUTURE_PROTOCOL_VERSION, MODERN_ERRORS } from '../../model/modern-protocol.js';
import { detailOf, evidenceOf, statusIn } from '../evidence.js';

/**
 * How a 2026-07-28 server treats requests that break one rule each (protocol-2026-07-28 §3). Each
 * probe differs from the served server/discover in exactly that rule, so a 2xx means the server
 * did not check it. Behind AgentCore a refusal arrives as 200 + -32010 with the container's status,
 * which `statusIn` reads, so a wrapped 400 still counts as a refusal.
 */

const MODERN_SPEC = { id: 'MCP 2026-07-28 Transports: Streamable HTTP (stateless requests)', url: 'https://modelcontextprotocol.io/specification/2026-07-28/basic/transports' };

/** AgentCore's 200 + -32003 (throttled): the request never reached the server. */
const THROTTLED = -32003;

/**
 * The server served the request past the rule under test: a 2xx of its own, not the platform's
 * throttling, and not the JSON-RPC error the rule calls for. That error in a 200 (tmcp sends -32602
 * over SSE for a bad envelope) is a refusal with another status than the revision's 400, not a
 * missed check; another error (an unknown tool's -32602 after a wrong `Mcp-Name`) means the
 * request got past the check.
 */
function accepted(exchange: HttpExchange, refusal?: number): boolean {
  if (!statusIn(exchange, 200, 299)) return false;
  if (exchange.jsonrpc?.kind !== 'error') return true;
  return exchange.jsonrpc.code !== THROTTLED && exchange.jsonrpc.code !== refusal;
}

export const modernHeaders = defineCheck({
  id: 'modern-headers',
  title: 'Modern requests with missing or mismatched MCP headers get 400 -32020',
  area: 'protocol',
  needs: ['modern-headers'],
  codes: ['MODERN_HEADERS_NOT_VALIDATED'],
  spec: MODERN_SPEC,
  run({ 'modern-headers': observed }): FindingSpec | undefined {
    const faults = observed.cases.filter((c) => accepted(c.exchange, MODERN_ERRORS.headerMismatch));
    const first = faults[0];
    if (!first) return undefined;
    return { code: 'MODERN_HEADERS_NOT_VALIDATED', args: { status: first.exchange.status, variants: faults.map((c) => c.fault).join('; ') }, evidence: evidenceOf(first.exchange) };
  },
});

export const modernEnvelope = defineCheck({
  id: 'modern-envelope',
  title: 'The _meta envelope is validated (clientCapabilities required, clientInfo optional)',
  area: 'protocol',
  needs: ['modern-envelope'],
  codes: ['MODERN_ENVELOPE_NOT_VALIDATED', 'CLIENT_INFO_REQUIRED'],
  spec: MODERN_SPEC,
  run({ 'modern-envelope': observed }): FindingSpec[] {
    const [withoutCapabilities, withoutClientInfo] = observed.cases.map((c) => c.exchange);
    const findings: FindingSpec[] = [];
    if (withoutCapabilities && accepted(withoutCapabilities, MODERN_ERRORS.invalidParams)) {
      findings.push({ code: 'MODERN_ENVELOPE_NOT_VALIDATED', args: { status: withoutCapabilities.status }, evidence: evidenceOf(withoutCapabilities) });
    }
    if (withoutClientInfo && statusIn(withoutClientInfo, 400, 499)) {
      findings.push({ code: 'CLIENT_INFO_REQUIRED', args: { status: withoutClientInfo.containerStatus ?? withoutClientInfo.status, detail: detailOf(withoutClientInfo) }, evidence: evidenceOf(withoutClientInfo) });
    }
    return findings;
  },
});

export const unsupportedVersion = defineCheck({
  id: 'unsupported-version',
  title: `A modern request naming ${FUTURE_PROTOCOL_VERSION} gets 400 -32022`,
  area: 'protocol',
  needs: ['modern-unsupported-version'],
  codes: ['UNSUPPORTED_VERSION_ACCEPTED'],
  spec: MODERN_SPEC,
  run({ 'modern-unsupported-version': exchange }): FindingSpec | undefined {
    if (!accepted(exchange)) return undefined;
    // A -32022 in a 200 still tells the client which versions exist.
    if (exchange.jsonrpc?.kind === 'error' && exchange.jsonrpc.code === MODERN_ERRORS.unsupportedVersion) return undefined;
    return { code: 'UNSUPPORTED_VERSION_ACCEPTED', args: { status: exchange.status, version: FUTURE_PROTOCOL_VERSION }, evidence: evidenceOf(exchange) };
  },
});

export const removedMethods = defineCheck({
  id: 'removed-methods',
  title: 'initialize and ping with modern _meta get 404 -32601',
  area: 'protocol',
  needs: ['modern-removed-methods'],
  codes: ['REMOVED_METHOD_SERVED'],
  spec: MODERN_SPEC,
  run({ 'modern-removed-methods': observed }): FindingSpec | undefined {
    // One finding per code survives the report, so it names every method that was served.
    const served = observed.cases.filter((c) => accepted(c.exchange) && c.exchange.jsonrpc?.kind === 'result');
    const first = served[0];
    if (!first) return undefined;
    return { code: 'REMOVED_METHOD_SERVED', args: { method: served.map((c) => c.fault).join(' and '), status: first.exchange.status }, evidence: evidenceOf(first.exchange) };
  },
});

export const modernSessionHeader = defineCheck({
  id: 'modern-session-header',
  title: 'A modern request with an arbitrary Mcp-Session-Id is served',
  area: 'session',
  needs: ['discover', 'modern-session-header'],
  codes: ['MODERN_SESSION_HEADER_REJECTED'],
  spec: MODERN_SPEC,
  run({ discover, 'modern-session-header': withSession }): FindingSpec | undefined {
    if (!accepted(discover) || accepted(withSession) || !statusIn(withSession, 400, 499)) return undefined;
    return { code: 'MODERN_SESSION_HEADER_REJECTED', args: { status: withSession.containerStatus ?? withSession.status, detail: detailOf(withSession) }, evidence: evidenceOf(withSession) };
  },
});
