import { defineCheck, type FindingSpec } from '../../model/contracts.js';
import { controlPlaneSkipReason } from './control-plane-skip.js';

/** GetAgentRuntimeEndpoint: the qualifier exists and is READY. */
export const endpointStatus = defineCheck({
  id: 'endpoint-status',
  title: 'The runtime endpoint (qualifier) exists and is READY',
  area: 'agentcore',
  needs: ['control-plane', 'runtime'],
  codes: ['QUALIFIER_NOT_FOUND', 'ENDPOINT_NOT_READY'],
  appliesTo: (_ctx, { 'control-plane': cp }) => controlPlaneSkipReason(cp.endpointError),
  run({ 'control-plane': cp }, ctx): FindingSpec | undefined {
    const qualifier = ctx.target.runtime?.qualifier ?? 'DEFAULT';
    if (cp.endpointError?.kind === 'not-found') {
      return { code: 'QUALIFIER_NOT_FOUND', args: { detail: qualifier }, evidence: { detail: `${cp.endpointError.name}: ${cp.endpointError.message}` } };
    }
    const endpoint = cp.endpoint;
    if (!endpoint || endpoint.status === 'READY') return undefined;
    return {
      code: 'ENDPOINT_NOT_READY',
      args: { detail: `${endpoint.status} (endpoint ${qualifier})`, ...(endpoint.failureReason ? { variants: `failureReason: ${endpoint.failureReason}` } : {}) },
      evidence: { detail: `status ${endpoint.status}${endpoint.failureReason ? `, failureReason: ${endpoint.failureReason}` : ''}` },
    };
  },
});
