import { defineCheck, type FindingSpec } from '../../model/contracts.js';
import { controlPlaneSkipReason } from '../agentcore/control-plane-skip.js';
import { predictAuthorizer } from './predict-authorizer.js';

/**
 * Predicts, before any call, whether the runtime's authorizer will accept the token: auth mode,
 * expiry with AgentCore's 60-second margin, `token_use`, `client_id` vs `allowedClients`, `aud` vs
 * `allowedAudience`, scopes, custom claims, and (when the discovery document and JWKS were
 * fetched) the issuer and the signature. Claims are UNVERIFIED; the authorizer's real answer is
 * read by `agentcore-front-door` and compared by `auth-prediction`.
 */
export const tokenVsAuthorizer = defineCheck({
  id: 'token-vs-authorizer',
  title: 'The token matches the runtime\'s authorizer (predicted from claims, UNVERIFIED)',
  area: 'auth',
  needs: ['control-plane', 'token', 'runtime'],
  uses: ['discovery'],
  codes: [
    'AUTH_MODE_MISMATCH',
    'TOKEN_MISSING',
    'BEARER_PLACEHOLDER',
    'TOKEN_MALFORMED',
    'TOKEN_EXPIRED',
    'TOKEN_EXPIRING',
    'TOKEN_NOT_YET_VALID',
    'TOKEN_SIGNATURE_INVALID',
    'TOKEN_ISSUER_MISMATCH',
    'ID_TOKEN_USED',
    'CLIENT_ID_CLAIM_MISSING',
    'CLIENT_NOT_ALLOWED',
    'AUDIENCE_MISMATCH',
    'SCOPE_NOT_ALLOWED',
    'CUSTOM_CLAIM_MISMATCH',
  ],
  appliesTo: (_ctx, { 'control-plane': cp }) => controlPlaneSkipReason(cp.runtimeError),
  run({ 'control-plane': cp, token, discovery }, ctx): FindingSpec[] {
    const authorizer = cp.runtime?.authorizer;
    if (!authorizer) return [];
    const bearer = ctx.requestAuth === 'bearer';
    if (authorizer.kind === 'sigv4') {
      return bearer ? [{ code: 'AUTH_MODE_MISMATCH', args: { detail: 'The runtime uses IAM (SigV4) authorization, and a bearer token was about to be sent: AgentCore will answer 403 Authorization method mismatch' } }] : [];
    }
    if (token.present && !bearer) {
      const how = ctx.requestAuth === 'sigv4' ? 'signed with SigV4 (--auth sigv4): AgentCore will answer 403 Authorization method mismatch' : 'sent without credentials (--auth none): AgentCore will answer 401 Missing Authentication Token';
      return [{ code: 'AUTH_MODE_MISMATCH', args: { detail: `The runtime has a JWT authorizer but the requests were ${how}` } }];
    }
    const problems = predictAuthorizer(token, authorizer, {
      now: Math.floor(Date.now() / 1000),
      ...(discovery?.issuer ? { discoveredIssuer: discovery.issuer } : {}),
      ...(discovery?.signature ? { signature: discovery.signature } : {}),
    });
    return problems.map((p) => ({ code: p.code, args: { detail: p.detail }, ...(p.severity ? { severity: p.severity } : {}) }));
  },
});
