import { defineProbe, type ProbeDefinition } from '../engine/definitions.js';
import { describeRuntime } from './aws/control-plane.js';
import { observeToken } from './token.js';

/** Probes that only AgentCore runtime targets (or a bearer token) have. */
export const agentcoreProbes = [
  defineProbe({
    id: 'token',
    title: 'decode the bearer token (unverified)',
    needs: [],
    run: (ctx) => Promise.resolve(observeToken(ctx)),
  }),
  defineProbe({
    id: 'control-plane',
    title: 'GetAgentRuntime and GetAgentRuntimeEndpoint',
    needs: [],
    steps: 2,
    appliesTo: (ctx) =>
      ctx.target.kind !== 'agentcore-runtime' ? 'the target is a URL, not a runtime ARN' : ctx.runtime.aws ? true : 'the control plane was skipped (--no-aws)',
    run: async (ctx) => describeRuntime(ctx, await (ctx.runtime.aws as NonNullable<typeof ctx.runtime.aws>)()),
  }),
] as const satisfies readonly ProbeDefinition[];
