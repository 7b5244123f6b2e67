import { defineCheck, type FindingSpec } from '../../model/contracts.js';
import { controlPlaneSkipReason } from './control-plane-skip.js';

/** GetAgentRuntime: the runtime exists and is READY (agentcore-contract §6). */
export const runtimeStatus = defineCheck({
  id: 'runtime-status',
  title: 'The runtime exists and is READY (control plane)',
  area: 'agentcore',
  needs: ['control-plane'],
  codes: ['RUNTIME_NOT_FOUND', 'RUNTIME_NOT_READY'],
  appliesTo: (_ctx, { 'control-plane': cp }) => controlPlaneSkipReason(cp.runtimeError),
  run({ 'control-plane': cp }, ctx): FindingSpec | undefined {
    if (cp.runtimeError?.kind === 'not-found') {
      return {
        code: 'RUNTIME_NOT_FOUND',
        args: { status: 404, detail: `GetAgentRuntime: ${cp.runtimeError.message}`, variants: `the control plane has no runtime ${ctx.target.runtime?.runtimeId ?? ''} in ${ctx.target.runtime?.region ?? ''}: it was deleted, re-created with a new id, or lives in another account or region` },
        evidence: { detail: `${cp.runtimeError.name}: ${cp.runtimeError.message}` },
      };
    }
    const runtime = cp.runtime;
    if (!runtime || runtime.status === 'READY') return undefined;
    return {
      code: 'RUNTIME_NOT_READY',
      args: { detail: runtime.status, ...(runtime.failureReason ? { variants: `failureReason: ${runtime.failureReason}` } : {}) },
      evidence: { detail: `status ${runtime.status}${runtime.failureReason ? `, failureReason: ${runtime.failureReason}` : ''} (version ${runtime.version})` },
    };
  },
});
