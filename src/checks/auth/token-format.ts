import { defineCheck, type CheckContext, type FindingSpec } from '../../model/contracts.js';
import { tokenTimeProblems, unusableTokenProblem } from './predict-authorizer.js';

/** AgentCore's inbound bearer authorization accepts JWTs only (agentcore-contract §4). */
function requiresJwt(ctx: CheckContext): boolean {
  return ctx.target.kind === 'agentcore-runtime' || ctx.profile === 'agentcore';
}

/**
 * What the token says about itself, offline: a placeholder, not a JWT, expired, expiring within
 * AgentCore's minute, not yet valid. It needs no authorizer configuration, AWS credentials or
 * control plane, so it runs whenever a token is given; `token-vs-authorizer` adds what only the
 * authorizer's configuration can tell. Claims are UNVERIFIED.
 */
export const tokenFormat = defineCheck({
  id: 'token-format',
  title: 'The bearer token is a well-formed, current JWT (offline, UNVERIFIED)',
  area: 'auth',
  needs: ['token'],
  codes: ['BEARER_PLACEHOLDER', 'TOKEN_MALFORMED', 'TOKEN_EXPIRED', 'TOKEN_EXPIRING', 'TOKEN_NOT_YET_VALID'],
  appliesTo: (ctx, { token }) => {
    if (!token.present) return 'no bearer token was given';
    if (token.opaque && !token.placeholder && !requiresJwt(ctx)) return 'the token is opaque (not a JWT), which a server outside AgentCore may accept; nothing to judge offline';
    return true;
  },
  run({ token }, ctx): FindingSpec[] {
    const jwtRequired = requiresJwt(ctx);
    const unusable = unusableTokenProblem(token, jwtRequired);
    const problems = unusable ? [unusable] : token.claims ? tokenTimeProblems(token.claims, Math.floor(Date.now() / 1000), jwtRequired) : [];
    return problems.map((p) => ({ code: p.code, args: { detail: p.detail }, ...(p.severity ? { severity: p.severity } : {}) }));
  },
});
