import { defineCheck, type FindingSpec } from '../../model/contracts.js';
import type { HttpExchange } from '../../model/observations.js';
import { evidenceOf, statusIn } from '../evidence.js';

/**
 * Black-box auth probes (reliability-security §4, streamable-http-matrix §7.2 A1/A2): a protected
 * endpoint must refuse a request without a token and requests with forged tokens, and its 401 must
 * tell clients where the protected-resource metadata is (or serve it at the well-known URL).
 */
export const serverAuth = defineCheck({
  id: 'server-auth',
  title: 'Missing and forged tokens are refused; the 401 leads to protected-resource metadata',
  area: 'security',
  needs: ['server-auth', 'answer'],
  codes: ['UNAUTHENTICATED_ACCESS_ALLOWED', 'INVALID_TOKEN_ACCEPTED', 'WWW_AUTHENTICATE_MISSING', 'PRM_INVALID'],
  spec: { id: 'MCP 2025-11-25 Authorization', url: 'https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization' },
  run({ 'server-auth': probes }, ctx): FindingSpec[] {
    const findings: FindingSpec[] = [];
    if (served(probes.noToken)) {
      findings.push({ code: 'UNAUTHENTICATED_ACCESS_ALLOWED', args: { probe: probes.noToken.label, status: probes.noToken.status }, evidence: evidenceOf(probes.noToken) });
    }
    const forged: Array<[string, HttpExchange | undefined]> = [
      ['a random opaque token', probes.garbageToken],
      ['an unsigned copy of the token (alg "none")', probes.algNone],
      ['a copy of the token with a tampered signature', probes.tamperedSignature],
    ];
    const accepted = forged.filter(([, exchange]) => exchange !== undefined && served(exchange));
    const first = accepted[0];
    if (first?.[1] && !served(probes.noToken)) {
      findings.push({ code: 'INVALID_TOKEN_ACCEPTED', args: { probe: first[1].label, status: first[1].status, detail: accepted.map(([what]) => what).join(', ') }, evidence: evidenceOf(first[1]) });
    }
    if (statusIn(probes.noToken, 401)) {
      const prm = probes.prm;
      if (!probes.challenge?.resourceMetadata && prm?.outcome !== 'ok') {
        findings.push({
          code: 'WWW_AUTHENTICATE_MISSING',
          args: { detail: probes.challenge ? `The 401's WWW-Authenticate (${probes.challenge.scheme}) has no resource_metadata, and no well-known protected-resource metadata was found` : 'The 401 carries no WWW-Authenticate header at all, and no well-known protected-resource metadata was found' },
          evidence: evidenceOf(probes.noToken),
        });
      } else if (prm && prm.outcome !== 'ok') {
        findings.push({ code: 'PRM_INVALID', args: { url: prm.url, detail: `${prm.outcome}${prm.problem ? `: ${prm.problem}` : ''}` }, evidence: { request: `GET ${prm.url} (no credentials)`, ...(prm.status !== undefined ? { status: prm.status } : {}) } });
      } else if (prm?.resource !== undefined && !sameResource(prm.resource, ctx.target.url)) {
        findings.push({ code: 'PRM_INVALID', args: { url: prm.url, detail: `its resource ${prm.resource} is not the endpoint ${ctx.target.url}` }, evidence: { request: `GET ${prm.url} (no credentials)` } });
      }
    }
    return findings;
  },
});

/** The request reached MCP and got a result (not an auth rejection wrapped in 200). */
function served(exchange: HttpExchange | undefined): boolean {
  return exchange !== undefined && statusIn(exchange, 200, 299) && exchange.jsonrpc?.kind === 'result';
}

function sameResource(resource: string, target: string): boolean {
  try {
    const a = new URL(resource);
    const b = new URL(target);
    return a.origin === b.origin && a.pathname.replace(/\/$/, '') === b.pathname.replace(/\/$/, '') && a.search === b.search;
  } catch {
    return false;
  }
}
