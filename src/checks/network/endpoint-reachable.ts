import { defineCheck, type FindingSpec } from '../../model/contracts.js';
import { evidenceOf, hostOf } from '../evidence.js';

/** OpenSSL verification codes meaning "no trusted root at the end of the chain". */
const UNTRUSTED_CHAIN = /^(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_UNTRUSTED)$/;

/**
 * A failure at the proxy rather than the target. undici gives these only as messages (no code):
 * "Proxy Authentication Required (407)" for forwarded requests, "Proxy response (N) !== 200 when
 * HTTP Tunneling" for CONNECT. A refused or unresolvable connection of a proxied request is the
 * proxy's: the doctor never connects to the target itself.
 */
function proxyFailure(error: { kind: string; message: string }): { code: 'PROXY_UNREACHABLE' | 'PROXY_AUTHENTICATION_FAILED' | 'PROXY_TUNNEL_REFUSED'; status?: number } | undefined {
  if (/Proxy Authentication Required|Proxy response \(407\)/i.test(error.message)) return { code: 'PROXY_AUTHENTICATION_FAILED', status: 407 };
  const tunnel = /Proxy response \((\d{3})\) !== 200/i.exec(error.message);
  if (tunnel) return { code: 'PROXY_TUNNEL_REFUSED', status: Number(tunnel[1]) };
  if (error.kind === 'refused' || error.kind === 'dns') return { code: 'PROXY_UNREACHABLE' };
  return undefined;
}

/** Infrastructure first (matrix §7.3 I1): can a connection be made at all? */
export const endpointReachable = defineCheck({
  id: 'endpoint-reachable',
  title: 'The endpoint accepts connections and answers',
  area: 'network',
  needs: ['init'],
  codes: ['CONNECTION_REFUSED', 'DNS_LOOKUP_FAILED', 'TLS_HANDSHAKE_FAILED', 'TLS_CERTIFICATE_UNTRUSTED', 'PROXY_UNREACHABLE', 'PROXY_AUTHENTICATION_FAILED', 'PROXY_TUNNEL_REFUSED', 'REQUEST_TIMEOUT', 'MALFORMED_HTTP_RESPONSE', 'RESPONSE_TOO_LARGE', 'RESPONSE_INTERRUPTED'],
  run({ init }, ctx): FindingSpec | undefined {
    if (!init.error) return undefined;
    const args = { host: hostOf(ctx.target.url), errorCode: init.error.code, probe: init.label, detail: init.error.message };
    const evidence = evidenceOf(init);
    const proxied = init.proxy === undefined ? undefined : proxyFailure(init.error);
    if (proxied) return { code: proxied.code, args: { ...args, url: init.proxy as string, ...(proxied.status ? { status: proxied.status } : {}) }, evidence: { ...evidence, detail: `${evidence.detail ?? init.error.message} (through the proxy ${init.proxy})` } };
    switch (init.error.kind) {
      case 'reset':
        // After a status line the server did answer; before it, a reset is what docker-proxy
        // gives when nothing listens behind it.
        return init.status === undefined ? { code: 'CONNECTION_REFUSED', args, evidence } : { code: 'RESPONSE_INTERRUPTED', args: { ...args, status: init.status }, evidence };
      case 'refused':
        return { code: 'CONNECTION_REFUSED', args, evidence };
      case 'protocol':
        return { code: 'MALFORMED_HTTP_RESPONSE', args, evidence };
      case 'too-large':
        return { code: 'RESPONSE_TOO_LARGE', args, evidence };
      case 'dns':
        return { code: 'DNS_LOOKUP_FAILED', args, evidence };
      case 'tls':
        // A chain that ends in an unknown root has one fix (trust the CA), unlike expiry or a name mismatch.
        return { code: UNTRUSTED_CHAIN.test(init.error.code) ? 'TLS_CERTIFICATE_UNTRUSTED' : 'TLS_HANDSHAKE_FAILED', args, evidence };
      default:
        return { code: 'REQUEST_TIMEOUT', args: { ...args, waitedMs: init.durationMs }, evidence };
    }
  },
});
