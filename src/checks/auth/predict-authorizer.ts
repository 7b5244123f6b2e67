import type { FindingCode } from '../../catalog/codes.js';
import type { Severity } from '../../model/report.js';
import type { RuntimeAuthorizer, TokenObservation } from '../../model/observations.js';

/** AgentCore rejects tokens that expire within this many seconds (agentcore-contract §4.2). */
export const AGENTCORE_EXPIRY_MARGIN_S = 60;
/** Below this much remaining life a token is worth a warning. */
export const EXPIRY_WARNING_S = 300;

/** Asymmetric algorithms an OIDC authorizer verifies; `none` and HMAC never pass. */
const ASYMMETRIC = /^(RS|PS|ES)(256|384|512)$/;

/** One predicted problem. */
export interface PredictedProblem {
  code: FindingCode;
  detail: string;
  /** Set when the prediction is weaker than the catalog default (a warning-level expiry). */
  severity?: Severity;
}

/** What the prediction knows besides the token and the authorizer. */
export interface PredictionContext {
  /** Epoch seconds. */
  now: number;
  /** The discovery document's `issuer`, when it was fetched. */
  discoveredIssuer?: string;
  /** The signature check against the JWKS, when it ran. */
  signature?: 'verified' | 'unknown-kid' | 'bad-signature' | 'alg-not-allowed' | 'alg-none';
}

/**
 * Predicts what AgentCore's custom JWT authorizer will say about a token (agentcore-contract §4.2,
 * §4.3, §9), before any call: every problem, not only the first the authorizer would name. Pure,
 * over UNVERIFIED claims; a token that yields no problem of severity error is predicted accepted.
 */
export function predictAuthorizer(token: TokenObservation, authorizer: Extract<RuntimeAuthorizer, { kind: 'jwt' }>, ctx: PredictionContext): PredictedProblem[] {
  if (!token.present) return [{ code: 'TOKEN_MISSING', detail: 'The runtime has a JWT authorizer and no bearer token was given' }];
  if (token.placeholder) return [{ code: 'BEARER_PLACEHOLDER', detail: 'The bearer value is a placeholder such as "null" or an empty string: an unset variable' }];
  if (token.malformed || !token.claims) return [{ code: 'TOKEN_MALFORMED', detail: `The token is not a JWT: ${token.malformed ?? 'no claims'}` }];
  const claims = token.claims;
  const problems: PredictedProblem[] = [];
  const alg = token.header?.alg;
  if (ctx.signature === 'alg-none' || alg === 'none') problems.push({ code: 'TOKEN_SIGNATURE_INVALID', detail: 'The token is unsigned (alg "none"), which no authorizer accepts' });
  else if (alg === undefined || !ASYMMETRIC.test(alg)) problems.push({ code: 'TOKEN_SIGNATURE_INVALID', detail: `The token is signed with ${alg ?? 'no algorithm'}; OIDC authorizers verify only asymmetric signatures (RS/PS/ES)` });
  else if (ctx.signature === 'unknown-kid') problems.push({ code: 'TOKEN_SIGNATURE_INVALID', detail: `No key in the authorizer's JWKS has kid ${token.header?.kid ?? '(none)'}: the token comes from another issuer or a rotated key` });
  else if (ctx.signature === 'bad-signature' || ctx.signature === 'alg-not-allowed') problems.push({ code: 'TOKEN_SIGNATURE_INVALID', detail: 'The signature does not verify against the key the JWKS names' });

  if (claims.exp === undefined) {
    problems.push({ code: 'TOKEN_MALFORMED', detail: 'The token has no exp claim' });
  } else {
    const left = claims.exp - ctx.now;
    if (left <= 0) problems.push({ code: 'TOKEN_EXPIRED', detail: `The token expired ${formatDuration(-left)} ago (exp ${new Date(claims.exp * 1000).toISOString()}, UNVERIFIED)` });
    else if (left < AGENTCORE_EXPIRY_MARGIN_S) problems.push({ code: 'TOKEN_EXPIRING', detail: `The token expires in ${left} s: AgentCore rejects tokens with less than ${AGENTCORE_EXPIRY_MARGIN_S} s left` });
    else if (left < EXPIRY_WARNING_S) problems.push({ code: 'TOKEN_EXPIRING', severity: 'warning', detail: `The token expires in ${left} s; AgentCore will reject it in ${left - AGENTCORE_EXPIRY_MARGIN_S} s` });
  }
  if (claims.nbf !== undefined && claims.nbf > ctx.now) {
    problems.push({ code: 'TOKEN_NOT_YET_VALID', detail: `The token's nbf is ${formatDuration(claims.nbf - ctx.now)} in the future: a clock is off` });
  }
  if (ctx.discoveredIssuer !== undefined && claims.iss !== ctx.discoveredIssuer) {
    problems.push({ code: 'TOKEN_ISSUER_MISMATCH', detail: `The token's iss ${claims.iss ?? '(none)'} is not the discovery document's issuer ${ctx.discoveredIssuer}` });
  }

  const allowedClients = authorizer.allowedClients ?? [];
  if (allowedClients.length > 0) {
    const list = `allowedClients [${allowedClients.join(', ')}]`;
    if (claims.client_id === undefined && claims.token_use === 'id') {
      problems.push({ code: 'ID_TOKEN_USED', detail: `The token is a Cognito ID token (token_use "id", aud ${claims.aud?.join(', ') ?? 'none'}), which has no client_id, and the authorizer checks ${list}: AgentCore will answer 401 Claim 'client_id' value mismatch` });
    } else if (claims.client_id === undefined && claims.otherClientClaims) {
      const named = Object.entries(claims.otherClientClaims).map(([k, v]) => `${k}=${v}`).join(', ');
      problems.push({ code: 'CLIENT_ID_CLAIM_MISSING', detail: `The token names its client in ${named}, which AgentCore does not read; ${list} needs a client_id claim` });
    } else if (claims.client_id === undefined) {
      problems.push({ code: 'CLIENT_NOT_ALLOWED', detail: `The token has no client_id claim and the authorizer checks ${list}` });
    } else if (!allowedClients.includes(claims.client_id)) {
      problems.push({ code: 'CLIENT_NOT_ALLOWED', detail: `The token's client_id ${claims.client_id} is not in ${list}` });
    }
  }
  const allowedAudience = authorizer.allowedAudience ?? [];
  if (allowedAudience.length > 0 && !(claims.aud ?? []).some((a) => allowedAudience.includes(a))) {
    const why = claims.aud === undefined ? (claims.token_use === 'access' ? 'has no aud claim (Cognito access tokens never do)' : 'has no aud claim') : `has aud ${claims.aud.join(', ')}`;
    problems.push({ code: 'AUDIENCE_MISMATCH', detail: `The token ${why}, and the authorizer requires one of allowedAudience [${allowedAudience.join(', ')}]` });
  }
  const allowedScopes = authorizer.allowedScopes ?? [];
  if (allowedScopes.length > 0 && !(claims.scope ?? []).some((s) => allowedScopes.includes(s))) {
    problems.push({ code: 'SCOPE_NOT_ALLOWED', detail: `The token's scopes [${(claims.scope ?? []).join(' ')}] include none of allowedScopes [${allowedScopes.join(', ')}]` });
  }
  for (const rule of (authorizer.customClaims ?? []) as CustomClaimRuleShape[]) {
    const name = rule.inboundTokenClaimName;
    const value = Object.hasOwn(claims.values, name) ? claims.values[name] : undefined;
    const judged = evaluateCustomClaim(rule, value);
    // A value cut to the decoder's bounds may match beyond them: not a verdict.
    const cut = judged === 'mismatch' && claims.truncated?.includes(name) === true;
    const verdict = cut ? 'uncertain' : judged;
    if (verdict !== 'match') {
      problems.push({
        code: 'CUSTOM_CLAIM_MISMATCH',
        ...(verdict === 'uncertain' ? { severity: 'warning' as const } : {}),
        detail: `Custom claim rule ${rule.inboundTokenClaimName} ${rule.authorizingClaimMatchValue.claimMatchOperator} ${JSON.stringify(rule.authorizingClaimMatchValue.claimMatchValue)} ${cut ? 'cannot be judged (the value is longer than the decoder keeps)' : verdict === 'uncertain' ? 'may not match (CONTAINS on a string claim is UNCONFIRMED: element or substring)' : 'does not match'} the token's ${JSON.stringify(value ?? null)}`,
      });
    }
  }
  return problems;
}

interface CustomClaimRuleShape {
  inboundTokenClaimName: string;
  inboundTokenClaimValueType: 'STRING' | 'STRING_ARRAY';
  authorizingClaimMatchValue: { claimMatchValue: { matchValueString?: string; matchValueStringList?: string[] }; claimMatchOperator: 'EQUALS' | 'CONTAINS' | 'CONTAINS_ANY' };
}

/**
 * One customClaims rule: STRING claims take EQUALS or CONTAINS, STRING_ARRAY claims CONTAINS_ANY
 * (agentcore-contract §4.2). Whether CONTAINS on a string means "equals" or "substring" is not
 * documented, so a substring-only match is `uncertain` rather than a verdict.
 */
export function evaluateCustomClaim(rule: CustomClaimRuleShape, value: string | string[] | undefined): 'match' | 'mismatch' | 'uncertain' {
  const { claimMatchOperator, claimMatchValue } = rule.authorizingClaimMatchValue;
  if (value === undefined) return 'mismatch';
  if (rule.inboundTokenClaimValueType === 'STRING' && typeof value !== 'string') return 'mismatch';
  if (rule.inboundTokenClaimValueType === 'STRING_ARRAY' && !Array.isArray(value)) return 'mismatch';
  const values = Array.isArray(value) ? value : [value];
  switch (claimMatchOperator) {
    case 'EQUALS':
      return typeof value === 'string' && value === claimMatchValue.matchValueString ? 'match' : 'mismatch';
    case 'CONTAINS': {
      const wanted = claimMatchValue.matchValueString;
      if (wanted === undefined) return 'mismatch';
      if (values.includes(wanted)) return 'match';
      return typeof value === 'string' && value.includes(wanted) ? 'uncertain' : 'mismatch';
    }
    case 'CONTAINS_ANY':
      return (claimMatchValue.matchValueStringList ?? []).some((w) => values.includes(w)) ? 'match' : 'mismatch';
    default:
      return 'mismatch';
  }
}

function formatDuration(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}
