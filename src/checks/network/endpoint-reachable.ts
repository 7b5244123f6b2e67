import { defineCheck, type FindingSpec } from '../../engine/definitions.js';
import { evidenceOf, hostOf } from '../evidence.js';

/** Infrastructure first (matrix §7.3 I1): can a connection be made at all? */
export const endpointReachable = defineCheck({
  id: 'endpoint-reachable',
  title: 'The endpoint accepts connections and answers',
  area: 'network',
  needs: ['init'],
  codes: ['CONNECTION_REFUSED', 'DNS_LOOKUP_FAILED', 'TLS_HANDSHAKE_FAILED', 'REQUEST_TIMEOUT'],
  run({ init }, ctx): FindingSpec | undefined {
    if (!init.error) return undefined;
    const args = { host: hostOf(ctx.target.url), errorCode: init.error.code, probe: init.label, detail: init.error.message };
    const evidence = evidenceOf(init);
    switch (init.error.kind) {
      case 'refused':
      case 'reset':
        return { code: 'CONNECTION_REFUSED', args, evidence };
      case 'dns':
        return { code: 'DNS_LOOKUP_FAILED', args, evidence };
      case 'tls':
        return { code: 'TLS_HANDSHAKE_FAILED', args, evidence };
      default:
        return { code: 'REQUEST_TIMEOUT', args: { ...args, waitedMs: init.durationMs }, evidence };
    }
  },
});
