import { defineCheck, type CheckContext, type FindingSpec } from '../../model/contracts.js';
import type { HttpExchange } from '../../model/observations.js';
import { describeControl, evidenceWithControl, outcomeClass, refusedAgainstControl, servedLikeControl } from '../differential.js';
import { detailOf } from '../evidence.js';

const SECURITY_WARNING = { id: 'MCP 2025-11-25 Transports: Security Warning (DNS rebinding)', url: 'https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#security-warning' };

/**
 * Host and Origin per profile. Each probe repeats the compliant initialize with one made-up
 * header. Under the generic profile a refusal is the DNS-rebinding protection the specification
 * asks of local servers (`HOST_ALLOWLIST_ACTIVE`), and a loopback server that serves both made-up
 * headers has none (`DNS_REBINDING_UNPROTECTED`). Under the agentcore profile the container will
 * see a Host of the platform's, so a refused Host is `HOST_HEADER_REJECTED`.
 */
export const hostOriginValidation = defineCheck({
  id: 'host-origin-validation',
  title: 'Host and Origin validation fits where the server runs',
  area: 'security',
  needs: ['init', 'headers-accepted'],
  uses: ['host-foreign', 'origin-foreign'],
  codes: ['HOST_HEADER_REJECTED', 'HOST_ALLOWLIST_ACTIVE', 'DNS_REBINDING_UNPROTECTED'],
  spec: SECURITY_WARNING,
  appliesTo: (ctx, { init, 'host-foreign': host, 'origin-foreign': origin }) => {
    if (!host && !origin) return 'neither a made-up Host nor a made-up Origin was sent to this target';
    if (outcomeClass(init) !== 'served') return 'the compliant initialize was not served, so there is no control to compare with';
    const probes = [host, origin].filter((e): e is HttpExchange => e !== undefined);
    if (!ctx.target.isLoopback && probes.every((e) => outcomeClass(e) === 'auth')) {
      return 'not testable behind auth: the made-up Host and Origin go without credentials to a non-loopback target, and authentication refused them first';
    }
    return true;
  },
  run({ init, 'host-foreign': host, 'origin-foreign': origin }, ctx): FindingSpec[] {
    const findings: FindingSpec[] = [];
    const hostRefused = refusedAgainstControl(host, init);
    const originRefused = refusedAgainstControl(origin, init);
    if (host && hostRefused && ctx.profile === 'agentcore') {
      findings.push({
        code: 'HOST_HEADER_REJECTED',
        severity: 'error',
        args: { status: host.status, probe: host.label, host: host.requestHeaders.host, detail: detailOf(host), control: describeControl(init, 'with the URL\'s own Host') },
        evidence: evidenceWithControl(host, init),
      });
    }
    const allowListed = [hostRefused && ctx.profile !== 'agentcore' ? host : undefined, originRefused ? origin : undefined].filter((e): e is HttpExchange => e !== undefined);
    const first = allowListed[0];
    if (first) {
      findings.push({
        code: 'HOST_ALLOWLIST_ACTIVE',
        args: {
          status: first.status,
          probe: first.label,
          detail: detailOf(first),
          variants: allowListed.map((e) => (e === host ? 'Host' : 'Origin')).join(' and '),
          control: describeControl(init, first === host ? 'with the URL\'s own Host' : 'without Origin'),
        },
        evidence: evidenceWithControl(first, init),
      });
    }
    if (unprotected(ctx, init, host, origin)) {
      findings.push({
        code: 'DNS_REBINDING_UNPROTECTED',
        args: { url: ctx.target.url, variants: [host, origin].map((e) => `${e?.label} (${e?.status})`).join(' and ') },
        evidence: { ...evidenceWithControl(origin as HttpExchange, init), detail: `${host?.label} got ${host?.status} too` },
      });
    }
    return findings;
  },
});

/** A loopback server under the generic profile that serves a made-up Host and a made-up Origin alike. */
function unprotected(ctx: CheckContext, init: HttpExchange, host: HttpExchange | undefined, origin: HttpExchange | undefined): boolean {
  return ctx.profile === 'generic' && ctx.target.isLoopback && servedLikeControl(host, init) && servedLikeControl(origin, init);
}
