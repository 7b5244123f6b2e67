import { defineProbe, type ProbeContext, type ProbeDefinition } from '../model/contracts.js';
import type { AuthDiscoveryObservation, Observations } from '../model/observations.js';
import { describeCognito, parseCognitoDiscoveryUrl } from './auth/cognito-config.js';
import { fetchDiscovery, verifyTokenSignature } from './auth/discovery.js';
import { describeRuntime } from './aws/control-plane.js';
import { observeToken } from './token.js';

/** The discovery URL to judge: `--discovery-url`, else the runtime authorizer's. */
export function discoveryUrlOf(ctx: ProbeContext, inputs: Partial<Observations>): { url: string; source: 'flag' | 'authorizer' } | undefined {
  if (ctx.options.discoveryUrl) return { url: ctx.options.discoveryUrl, source: 'flag' };
  const authorizer = inputs['control-plane']?.runtime?.authorizer;
  return authorizer?.kind === 'jwt' && authorizer.discoveryUrl ? { url: authorizer.discoveryUrl, source: 'authorizer' } : undefined;
}

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
  defineProbe({
    id: 'readiness',
    title: 'wait until the runtime, its endpoint and initialize are ready (--wait)',
    needs: [],
    run: (ctx) => Promise.resolve(ctx.options.wait ?? { waited: false as const }),
  }),
  defineProbe({
    id: 'token-acquisition',
    title: 'obtain the bearer token (Cognito or client credentials)',
    needs: [],
    run: (ctx) => Promise.resolve(ctx.options.acquisition),
  }),
  defineProbe({
    id: 'discovery',
    title: 'fetch the authorizer\'s discovery document and JWKS (no credentials), verify the token',
    needs: [],
    uses: ['control-plane'],
    steps: 2,
    appliesTo: (ctx, inputs) => (discoveryUrlOf(ctx, inputs) ? true : 'no discovery URL: not an AgentCore JWT runtime and no --discovery-url'),
    run: async (ctx, inputs) => {
      const { url, source } = discoveryUrlOf(ctx, inputs) as { url: string; source: 'flag' | 'authorizer' };
      const fetched = await fetchDiscovery(url, { timeoutMs: ctx.runtime.http.options.timeoutMs, signal: ctx.signal, ...(ctx.runtime.http.options.network ? { network: ctx.runtime.http.options.network } : {}) });
      const observation: AuthDiscoveryObservation = { url, source, outcome: fetched.outcome, calls: fetched.jwksUri ? 2 : 1 };
      if (fetched.status !== undefined) observation.status = fetched.status;
      if (fetched.issuer) observation.issuer = fetched.issuer;
      if (fetched.problem) observation.problem = fetched.problem;
      else if (fetched.jwks && fetched.jwks.outcome !== 'ok') {
        observation.outcome = fetched.jwks.outcome;
        observation.problem = `JWKS: ${fetched.jwks.problem ?? fetched.jwks.outcome}`;
      }
      const token = ctx.runtime.http.options.token;
      if (token !== undefined && fetched.jwks?.outcome === 'ok') {
        const verification = await verifyTokenSignature(token, fetched.jwks.keySet);
        if (verification.outcome !== 'no-jwks' && verification.outcome !== 'malformed') observation.signature = verification.outcome;
        if (verification.detail && verification.outcome !== 'verified') observation.signatureProblem = verification.detail;
      }
      return observation;
    },
  }),
  defineProbe({
    id: 'cognito-config',
    title: 'DescribeUserPool and DescribeUserPoolClient, then GetFunction for the pool\'s trigger',
    needs: [],
    uses: ['control-plane', 'token'],
    steps: 3,
    appliesTo: (ctx, inputs) => {
      if (!ctx.runtime.aws) return ctx.target.kind === 'agentcore-runtime' ? 'AWS calls were skipped (--no-aws)' : 'the target is a URL, not a runtime ARN';
      const discovery = discoveryUrlOf(ctx, inputs);
      if (!discovery) return 'no JWT authorizer discovery URL is known';
      return parseCognitoDiscoveryUrl(discovery.url) ? true : 'the authorizer\'s issuer is not a Cognito user pool';
    },
    run: async (ctx, inputs) => {
      const pool = parseCognitoDiscoveryUrl((discoveryUrlOf(ctx, inputs) as { url: string }).url) as { region: string; userPoolId: string };
      const token = inputs.token?.claims;
      const authorizer = inputs['control-plane']?.runtime?.authorizer;
      const clientId = token?.client_id ?? (token?.token_use === 'id' ? token.aud?.[0] : undefined) ?? (authorizer?.kind === 'jwt' ? authorizer.allowedClients?.[0] : undefined);
      const endpoint = ctx.options.cognitoEndpoint;
      const lambdaEndpoint = ctx.options.lambdaEndpoint;
      const access = await (ctx.runtime.aws as NonNullable<typeof ctx.runtime.aws>)();
      return describeCognito(access, { userPoolId: pool.userPoolId, region: pool.region, timeoutMs: access.settings.timeoutMs, signal: ctx.signal, ...(clientId ? { clientId } : {}), ...(endpoint ? { endpoint } : {}), ...(lambdaEndpoint ? { lambdaEndpoint } : {}) });
    },
  }),
] as const satisfies readonly ProbeDefinition[];
