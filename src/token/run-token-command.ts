import type { ProbeContext } from '../model/contracts.js';
import { UsageError } from '../model/errors.js';
import { createAwsAccess } from '../probes/aws/aws-runtime.js';
import { describeRuntime } from '../probes/aws/control-plane.js';
import type { RuntimeAuthorizer } from '../model/observations.js';
import { fetchDiscovery, verifyTokenSignature } from '../probes/auth/discovery.js';
import type { NetworkConfig } from '../model/runtime.js';
import { resolveTargetInput } from '../targets/resolve.js';
import { controlPlaneSkipReason } from '../checks/agentcore/control-plane-skip.js';
import type { TokenAnalysis } from '../model/token-analysis.js';
import { analyzeToken, type TokenContext } from './analyze-token.js';

/** Options of `mcp-doctor token`. */
export interface TokenCommandOptions {
  token: string;
  source: string;
  discoveryUrl?: string;
  /** Compare with this runtime's authorizer (an ARN). */
  runtime?: string;
  qualifier?: string;
  endpointUrl?: string;
  awsProfile?: string;
  timeoutMs: number;
  env: NodeJS.ProcessEnv;
  /** Proxies and CA roots (`--ca-file`; default: the process environment). */
  network?: NetworkConfig;
}

/**
 * Runs `mcp-doctor token`: decodes, optionally verifies against a discovery URL (given, or the
 * runtime authorizer's), optionally compares with a runtime's authorizer. Network use is limited
 * to the discovery document, its JWKS and the control plane; the token is never sent anywhere.
 */
export async function runTokenCommand(options: TokenCommandOptions): Promise<TokenAnalysis> {
  const ctx: TokenContext = { now: Math.floor(Date.now() / 1000) };
  let discoveryUrl = options.discoveryUrl;
  if (options.runtime) {
    const target = resolveTargetInput(options.runtime, { env: options.env, ...(options.qualifier ? { qualifier: options.qualifier } : {}), ...(options.endpointUrl ? { endpointUrl: options.endpointUrl } : {}) });
    if (!target.runtime) throw new UsageError('--runtime takes an AgentCore runtime ARN');
    const access = await createAwsAccess({ region: target.runtime.region, timeoutMs: options.timeoutMs, ...(options.awsProfile ? { profile: options.awsProfile } : {}), ...(options.network ? { network: options.network } : {}) });
    const probeCtx = { target, signal: AbortSignal.timeout(options.timeoutMs * 2) } as unknown as ProbeContext;
    const cp = await describeRuntime(probeCtx, access);
    const skip = controlPlaneSkipReason(cp.runtimeError);
    const authorizer: RuntimeAuthorizer | undefined = cp.runtime?.authorizer;
    ctx.runtime = { arn: target.runtime.arn, ...(authorizer ? { authorizer } : {}), ...(skip !== true ? { skipReason: skip } : cp.runtimeError ? { skipReason: `${cp.runtimeError.name}: ${cp.runtimeError.message}` } : {}) };
    if (!discoveryUrl && authorizer?.kind === 'jwt' && authorizer.discoveryUrl) discoveryUrl = authorizer.discoveryUrl;
  }
  if (discoveryUrl) {
    const discovery = await fetchDiscovery(discoveryUrl, { timeoutMs: options.timeoutMs, ...(options.network ? { network: options.network } : {}) });
    const verification: NonNullable<TokenContext['verification']> = { discoveryUrl, outcome: discovery.outcome };
    if (discovery.issuer) verification.issuer = discovery.issuer;
    if (discovery.problem) verification.problem = discovery.problem;
    if (discovery.outcome === 'ok' && discovery.jwks && discovery.jwks.outcome !== 'ok') {
      // The document is fine but its key set is not: nothing verified the signature.
      verification.outcome = discovery.jwks.outcome;
      verification.problem = `the JWKS${discovery.jwksUri ? ` at ${discovery.jwksUri}` : ''}: ${discovery.jwks.problem ?? discovery.jwks.outcome}`;
    } else if (discovery.outcome === 'ok' && discovery.jwks?.outcome === 'ok') {
      const result = await verifyTokenSignature(options.token, discovery.jwks.keySet);
      if (result.outcome !== 'no-jwks' && result.outcome !== 'malformed') verification.signature = result.outcome;
      if (result.outcome === 'no-jwks') {
        verification.outcome = 'invalid';
        verification.problem = `the JWKS${discovery.jwksUri ? ` at ${discovery.jwksUri}` : ''}: ${result.detail ?? 'no usable key set'}`;
      } else if (result.detail && result.outcome !== 'verified') verification.problem = result.detail;
    }
    ctx.verification = verification;
  }
  return analyzeToken(options.token, options.source, ctx);
}
