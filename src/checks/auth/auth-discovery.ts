import { defineCheck, type FindingSpec } from '../../model/contracts.js';

/** The authorizer can only verify tokens if its discovery document and JWKS are usable (§4.2). */
export const authDiscovery = defineCheck({
  id: 'auth-discovery',
  title: 'The authorizer\'s discovery document and JWKS are usable',
  area: 'auth',
  needs: ['discovery'],
  codes: ['DISCOVERY_UNREACHABLE', 'DISCOVERY_INVALID'],
  run({ discovery }): FindingSpec | undefined {
    const evidence = { request: `GET ${discovery.url} (no credentials)`, ...(discovery.status !== undefined ? { status: discovery.status } : {}), ...(discovery.problem ? { detail: discovery.problem } : {}) };
    const args = { url: discovery.url, ...(discovery.problem ? { detail: discovery.problem } : {}) };
    if (discovery.outcome === 'unreachable' || discovery.outcome === 'refused-url') return { code: 'DISCOVERY_UNREACHABLE', args, evidence };
    if (discovery.outcome === 'invalid') return { code: 'DISCOVERY_INVALID', args, evidence };
    return undefined;
  },
});
