import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FindingCode } from '../../src/catalog/codes.js';
import { predictAuthorizer } from '../../src/checks/auth/predict-authorizer.js';
import type { RuntimeAuthorizer } from '../../src/model/observations.js';
import { decodeTokenUnverified } from '../../src/probes/token.js';
import { evaluateJwtAuthorizer, type JwtRejectReason } from '../../src/sim/jwt-authorizer.js';
import type { CustomJwtAuthorizer } from '../../src/sim/types.js';

/**
 * The doctor's prediction must agree with the simulation's authorizer, which implements the
 * contract independently: for random Cognito-like claims and authorizer configurations, the
 * authorizer accepts exactly when the doctor predicts no error, and a rejection's reason is among
 * the codes the doctor predicted. Seeded, so a failure replays.
 */
const NOW = 1_800_000_000;
const ISSUER = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Prop00001';

const EXPECTED: Record<JwtRejectReason, FindingCode[]> = {
  'missing-token': ['TOKEN_MISSING', 'BEARER_PLACEHOLDER'],
  'malformed-token': ['TOKEN_MALFORMED'],
  'bad-signature': ['TOKEN_SIGNATURE_INVALID'],
  expired: ['TOKEN_EXPIRED'],
  'near-expiry': ['TOKEN_EXPIRING'],
  'not-yet-valid': ['TOKEN_NOT_YET_VALID'],
  issuer: ['TOKEN_ISSUER_MISMATCH'],
  client_id: ['ID_TOKEN_USED', 'CLIENT_NOT_ALLOWED', 'CLIENT_ID_CLAIM_MISSING'],
  aud: ['AUDIENCE_MISMATCH'],
  scope: ['SCOPE_NOT_ALLOWED'],
  'custom-claim': ['CUSTOM_CLAIM_MISMATCH'],
};

const clientIds = fc.constantFrom('client-one', 'client-two');
const claimsArb = fc.record(
  {
    token_use: fc.constantFrom('access', 'id'),
    client_id: clientIds,
    cid: clientIds,
    aud: fc.constantFrom<string | string[]>('client-one', 'client-two', ['client-one', 'api'], ['api']),
    scope: fc.subarray(['openid', 'email', 'mcp/invoke', 'mcp/admin']).map((s) => s.join(' ')),
    exp: fc.constantFrom(-3600, -1, 10, 59, 60, 61, 299, 301, 3600).map((d) => NOW + d),
    nbf: fc.constantFrom(NOW - 10, NOW + 120),
    iss: fc.constantFrom(ISSUER, `${ISSUER}x`),
    department: fc.constantFrom<string | string[]>('engineering', 'sales', ['engineering', 'ops'], ['sales']),
  },
  { requiredKeys: ['exp', 'iss', 'token_use'] },
);
const authorizerArb = fc.record(
  {
    allowedClients: fc.subarray(['client-one', 'client-two'], { minLength: 1 }),
    allowedAudience: fc.subarray(['client-one', 'api'], { minLength: 1 }),
    allowedScopes: fc.subarray(['mcp/invoke', 'openid'], { minLength: 1 }),
    customClaims: fc.constantFrom<CustomJwtAuthorizer['customClaims']>(
      [{ inboundTokenClaimName: 'department', inboundTokenClaimValueType: 'STRING', authorizingClaimMatchValue: { claimMatchValue: { matchValueString: 'engineering' }, claimMatchOperator: 'EQUALS' } }],
      [{ inboundTokenClaimName: 'department', inboundTokenClaimValueType: 'STRING_ARRAY', authorizingClaimMatchValue: { claimMatchValue: { matchValueStringList: ['ops', 'qa'] }, claimMatchOperator: 'CONTAINS_ANY' } }],
    ),
  },
  { requiredKeys: [] },
);

function compactJwt(header: Record<string, unknown>, payload: Record<string, unknown>): string {
  const part = (v: Record<string, unknown>) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${part(header)}.${part(payload)}.c2lnbmF0dXJl`;
}

describe('predicted authorizer verdicts agree with the simulation authorizer', () => {
  it('for random claims and configurations', () => {
    fc.assert(
      fc.property(claimsArb, authorizerArb, (claims, config) => {
        const header = { alg: 'RS256', kid: 'k1' };
        const decision = evaluateJwtAuthorizer(claims, header, { ...config, discoveryUrl: `${ISSUER}/.well-known/openid-configuration` }, ISSUER, NOW);
        const authorizer: Extract<RuntimeAuthorizer, { kind: 'jwt' }> = { kind: 'jwt', discoveryUrl: `${ISSUER}/.well-known/openid-configuration`, ...config, ...(config.customClaims ? { customClaims: config.customClaims } : {}) };
        const predicted = predictAuthorizer(decodeTokenUnverified(compactJwt(header, claims)), authorizer, { now: NOW, discoveredIssuer: ISSUER, signature: 'verified' });
        const errors = predicted.filter((p) => (p.severity ?? 'error') === 'error').map((p) => p.code);
        if (decision.outcome === 'accept') {
          expect(errors).toEqual([]);
        } else {
          expect(errors.length).toBeGreaterThan(0);
          expect(EXPECTED[decision.reason].some((code) => errors.includes(code))).toBe(true);
        }
      }),
      { seed: 20261125, numRuns: 400 },
    );
  });
});
