import { defineCheck, type FindingSpec } from '../../model/contracts.js';
import { detailOf, evidenceOf, says, statusIn } from '../evidence.js';
import { controlPlaneSkipReason } from '../agentcore/control-plane-skip.js';
import { predictAuthorizer } from './predict-authorizer.js';

const AUTHORIZER_ANSWER = /Missing Authentication Token|OAuth authorization failed|Claim '[^']+' value mismatch/i;

/**
 * Links the prediction (token claims × authorizer configuration) with what the endpoint answered.
 * Agreement is silent; a disagreement is itself a finding, because it means the configuration the
 * control plane shows is not the one the data plane enforces.
 */
export const authPrediction = defineCheck({
  id: 'auth-prediction',
  title: 'The authorizer answered as predicted',
  area: 'auth',
  needs: ['init', 'control-plane', 'token', 'answer'],
  uses: ['discovery'],
  codes: ['PREDICTION_MISMATCH'],
  appliesTo: (ctx, { 'control-plane': cp }) => {
    if (ctx.requestAuth !== 'bearer') return 'no bearer token was sent';
    // Without the control plane's answer nothing is known about the authorizer: say why, not "none".
    const unread = controlPlaneSkipReason(cp.runtimeError);
    if (unread !== true) return unread;
    return cp.runtime?.authorizer.kind === 'jwt' ? true : 'the runtime has no JWT authorizer configuration to predict from';
  },
  run({ init, 'control-plane': cp, token, discovery }): FindingSpec | undefined {
    const authorizer = cp.runtime?.authorizer;
    if (authorizer?.kind !== 'jwt') return undefined;
    const predicted = predictAuthorizer(token, authorizer, {
      now: Math.floor(Date.now() / 1000),
      ...(discovery?.issuer ? { discoveredIssuer: discovery.issuer } : {}),
      ...(discovery?.signature ? { signature: discovery.signature } : {}),
    }).filter((p) => (p.severity ?? 'error') === 'error');
    const rejected = (statusIn(init, 401) || statusIn(init, 403)) && init.containerStatus === undefined && says(init, AUTHORIZER_ANSWER);
    const passed = init.status !== undefined && init.status >= 200 && init.status < 300;
    if (predicted.length > 0 && passed) {
      return {
        code: 'PREDICTION_MISMATCH',
        args: { detail: `The doctor predicted ${predicted.map((p) => p.code).join(', ')} from the token's claims and the runtime's authorizer, but the endpoint accepted the token` },
        evidence: evidenceOf(init),
      };
    }
    if (predicted.length === 0 && rejected) {
      return {
        code: 'PREDICTION_MISMATCH',
        args: { detail: `The token's claims satisfy the authorizer configuration the control plane shows, but the endpoint answered ${init.status}${quotedDetail(init)}` },
        evidence: evidenceOf(init),
      };
    }
    return undefined;
  },
});

/** `: "the body's message"`, or nothing when the answer carried no readable message. */
function quotedDetail(exchange: Parameters<typeof detailOf>[0]): string {
  const detail = detailOf(exchange);
  return detail ? `: "${detail}"` : '';
}
