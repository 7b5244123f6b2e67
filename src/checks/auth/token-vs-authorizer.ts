import { defineCheck, type FindingSpec } from '../../engine/definitions.js';
import { controlPlaneSkipReason } from '../agentcore/control-plane-skip.js';

/** AgentCore rejects tokens that expire within this many seconds (agentcore-contract §4.2). */
export const AGENTCORE_EXPIRY_MARGIN_S = 60;
/** Below this much remaining life a token is worth a warning. */
export const EXPIRY_WARNING_S = 300;

/**
 * Predicts, before any call, whether the runtime's authorizer will accept the token: auth mode,
 * expiry with AgentCore's 60-second margin, `token_use`, `client_id` vs `allowedClients`, `aud` vs
 * `allowedAudience`, scopes. Claims are UNVERIFIED; the authorizer's real answer is read by
 * `agentcore-front-door`.
 */
export const tokenVsAuthorizer = defineCheck({
  id: 'token-vs-authorizer',
  title: 'The token matches the runtime\'s authorizer (predicted from claims, UNVERIFIED)',
  area: 'auth',
  needs: ['control-plane', 'token'],
  dependsOn: ['runtime-status'],
  codes: ['AUTH_MODE_MISMATCH', 'TOKEN_MISSING', 'TOKEN_MALFORMED', 'TOKEN_EXPIRED', 'TOKEN_EXPIRING', 'ID_TOKEN_USED', 'CLIENT_NOT_ALLOWED', 'AUDIENCE_MISMATCH', 'SCOPE_NOT_ALLOWED'],
  appliesTo: (_ctx, { 'control-plane': cp }) => controlPlaneSkipReason(cp.runtimeError),
  run({ 'control-plane': cp, token }, ctx): FindingSpec[] {
    const authorizer = cp.runtime?.authorizer;
    if (!authorizer) return [];
    const bearer = ctx.requestAuth === 'bearer';
    if (authorizer.kind === 'sigv4') {
      return bearer ? [{ code: 'AUTH_MODE_MISMATCH', args: { detail: 'The runtime uses IAM (SigV4) authorization, and a bearer token was about to be sent: AgentCore will answer 403 Authorization method mismatch' } }] : [];
    }
    if (!token.present) return [{ code: 'TOKEN_MISSING', args: { detail: 'The runtime has a JWT authorizer and no bearer token was given' } }];
    if (!bearer) {
      return [{ code: 'AUTH_MODE_MISMATCH', args: { detail: 'The runtime has a JWT authorizer but the requests were set to SigV4 (--auth sigv4): AgentCore will answer 403 Authorization method mismatch' } }];
    }
    if (token.placeholder) return [{ code: 'TOKEN_MISSING', args: { detail: 'The bearer token is a placeholder such as "null" or an empty string: an unset variable' } }];
    if (token.malformed || !token.claims) return [{ code: 'TOKEN_MALFORMED', args: { detail: `The token is not a JWT: ${token.malformed ?? 'no claims'}` } }];
    const claims = token.claims;
    const findings: FindingSpec[] = [];
    const now = Math.floor(Date.now() / 1000);
    if (claims.exp !== undefined) {
      const left = claims.exp - now;
      if (left <= 0) findings.push({ code: 'TOKEN_EXPIRED', args: { detail: `The token expired ${formatSeconds(-left)} ago (exp ${new Date(claims.exp * 1000).toISOString()}, UNVERIFIED)` } });
      else if (left < AGENTCORE_EXPIRY_MARGIN_S) findings.push({ code: 'TOKEN_EXPIRING', args: { detail: `The token expires in ${left} s: AgentCore rejects tokens with less than ${AGENTCORE_EXPIRY_MARGIN_S} s left` } });
      else if (left < EXPIRY_WARNING_S) findings.push({ code: 'TOKEN_EXPIRING', severity: 'warning', args: { detail: `The token expires in ${left} s; AgentCore will reject it in ${left - AGENTCORE_EXPIRY_MARGIN_S} s` } });
    }
    const allowedClients = authorizer.allowedClients ?? [];
    if (allowedClients.length > 0) {
      if (claims.client_id === undefined && claims.token_use === 'id') {
        findings.push({ code: 'ID_TOKEN_USED', args: { detail: `The token is a Cognito ID token (token_use "id", aud ${claims.aud?.join(', ') ?? 'none'}), which has no client_id, and the authorizer checks allowedClients [${allowedClients.join(', ')}]: AgentCore will answer 401 Claim 'client_id' value mismatch` } });
      } else if (claims.client_id === undefined) {
        const other = claims.otherClientClaims ? ` (it has ${Object.entries(claims.otherClientClaims).map(([k, v]) => `${k}=${v}`).join(', ')}, which AgentCore does not read)` : '';
        findings.push({ code: 'CLIENT_NOT_ALLOWED', args: { detail: `The token has no client_id claim${other} and the authorizer checks allowedClients [${allowedClients.join(', ')}]` } });
      } else if (!allowedClients.includes(claims.client_id)) {
        findings.push({ code: 'CLIENT_NOT_ALLOWED', args: { detail: `The token's client_id ${claims.client_id} is not in allowedClients [${allowedClients.join(', ')}]` } });
      }
    }
    const allowedAudience = authorizer.allowedAudience ?? [];
    if (allowedAudience.length > 0 && !(claims.aud ?? []).some((a) => allowedAudience.includes(a))) {
      const why = claims.aud === undefined ? (claims.token_use === 'access' ? 'has no aud claim (Cognito access tokens never do)' : 'has no aud claim') : `has aud ${claims.aud.join(', ')}`;
      findings.push({ code: 'AUDIENCE_MISMATCH', args: { detail: `The token ${why}, and the authorizer requires one of allowedAudience [${allowedAudience.join(', ')}]` } });
    }
    const allowedScopes = authorizer.allowedScopes ?? [];
    if (allowedScopes.length > 0 && !(claims.scope ?? []).some((s) => allowedScopes.includes(s))) {
      findings.push({ code: 'SCOPE_NOT_ALLOWED', args: { detail: `The token's scopes [${(claims.scope ?? []).join(' ')}] include none of allowedScopes [${allowedScopes.join(', ')}]` } });
    }
    return findings;
  },
});

function formatSeconds(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}
