import { randomBytes } from 'node:crypto';
import { generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { describe, expect, it } from 'vitest';
import type { FindingCode } from '../../../src/catalog/codes.js';
import {
  AGENTCORE_EXPIRY_MARGIN_S,
  EXPIRY_WARNING_S,
  evaluateCustomClaim,
  predictAuthorizer,
  type PredictedProblem,
  type PredictionContext,
  unusableTokenProblem,
} from '../../../src/checks/auth/predict-authorizer.js';
import type { RuntimeAuthorizer, TokenObservation } from '../../../src/model/observations.js';
import { decodeTokenUnverified } from '../../../src/probes/token.js';
import { customClaimMatches } from '../../../src/sim/jwt-authorizer.js';
import type { CustomClaimRule } from '../../../src/sim/types.js';

/**
 * `predictAuthorizer` is the pure core of `token-vs-authorizer` and `auth-prediction`: decoded
 * (UNVERIFIED) claims × the runtime's customJWTAuthorizer × what the discovery probe saw →
 * every problem AgentCore's authorizer would have with the token (agentcore-contract §4.2, §4.3,
 * §5, §9). Tokens are minted here at run time.
 */

const NOW = 1_800_000_000;
const ISSUER = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Pred00001';
const CLIENT = '1h2j3k4l5m6n7o8p9q0r1s2t3u';
const OTHER_CLIENT = '9z8y7x6w5v4u3t2s1r0q9p8o7n';

type JwtAuthorizer = Extract<RuntimeAuthorizer, { kind: 'jwt' }>;
type Rule = Parameters<typeof evaluateCustomClaim>[0];

const keys = {
  RS256: (await generateKeyPair('RS256')).privateKey,
  ES256: (await generateKeyPair('ES256')).privateKey,
  PS512: (await generateKeyPair('PS512')).privateKey,
};

async function minted(claims: JWTPayload, alg: keyof typeof keys | 'HS256' = 'RS256'): Promise<TokenObservation> {
  const key = alg === 'HS256' ? randomBytes(32) : keys[alg];
  return decodeTokenUnverified(await new SignJWT(claims).setProtectedHeader({ alg, kid: 'k1' }).sign(key));
}

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
/** A compact token with a header jose refuses to sign (alg none, no alg). */
const unsignedToken = (header: Record<string, unknown>, claims: JWTPayload): TokenObservation => decodeTokenUnverified(`${b64(header)}.${b64(claims)}.`);

function accessClaims(overrides: JWTPayload = {}): JWTPayload {
  return { sub: 'u-1', iss: ISSUER, client_id: CLIENT, token_use: 'access', scope: 'mcp/invoke openid', iat: NOW - 60, exp: NOW + 3600, username: 'alice', ...overrides };
}

function idClaims(overrides: JWTPayload = {}): JWTPayload {
  return { sub: 'u-1', iss: ISSUER, aud: CLIENT, token_use: 'id', 'cognito:username': 'alice', iat: NOW - 60, exp: NOW + 3600, ...overrides };
}

function authorizer(partial: Partial<JwtAuthorizer> = {}): JwtAuthorizer {
  return { kind: 'jwt', discoveryUrl: `${ISSUER}/.well-known/openid-configuration`, ...partial };
}

function rule(name: string, type: Rule['inboundTokenClaimValueType'], operator: Rule['authorizingClaimMatchValue']['claimMatchOperator'], value: string | string[] | undefined): Rule {
  const claimMatchValue = value === undefined ? {} : typeof value === 'string' ? { matchValueString: value } : { matchValueStringList: value };
  return { inboundTokenClaimName: name, inboundTokenClaimValueType: type, authorizingClaimMatchValue: { claimMatchValue, claimMatchOperator: operator } };
}

const ctx = (partial: Partial<PredictionContext> = {}): PredictionContext => ({ now: NOW, ...partial });
const codes = (problems: PredictedProblem[]): FindingCode[] => problems.map((p) => p.code);

const access = await minted(accessClaims());
const clients = authorizer({ allowedClients: [CLIENT] });

interface Row {
  name: string;
  token: TokenObservation;
  authorizer?: JwtAuthorizer;
  ctx?: Partial<PredictionContext>;
  /** Problems in the order returned. */
  expect: Array<{ code: FindingCode; severity?: 'warning'; detail?: RegExp }>;
}

const rows: Row[] = [
  // What is not a token.
  { name: 'no token', token: { present: false }, expect: [{ code: 'TOKEN_MISSING', detail: /^The runtime has a JWT authorizer and no bearer token was given$/ }] },
  { name: 'a placeholder', token: decodeTokenUnverified('undefined'), expect: [{ code: 'BEARER_PLACEHOLDER', detail: /placeholder such as "null" or an empty string: an unset variable$/ }] },
  { name: 'an opaque token', token: decodeTokenUnverified('opaque-access-token-0123456789'), expect: [{ code: 'TOKEN_MALFORMED', detail: /^The token is not a JWT: 1 dot-separated part/ }] },
  { name: 'claims missing from a decoded observation', token: { present: true }, expect: [{ code: 'TOKEN_MALFORMED', detail: /^The token is not a JWT: no claims$/ }] },

  // Accepted.
  { name: 'a Cognito access token against allowedClients', token: access, authorizer: clients, expect: [] },
  { name: 'with the discovery issuer and a verified signature', token: access, authorizer: clients, ctx: { discoveredIssuer: ISSUER, signature: 'verified' }, expect: [] },
  { name: 'ES256 is asymmetric', token: await minted(accessClaims(), 'ES256'), authorizer: clients, expect: [] },
  { name: 'PS512 is asymmetric', token: await minted(accessClaims(), 'PS512'), authorizer: clients, expect: [] },
  { name: 'an empty allowedClients list is not checked', token: await minted(idClaims()), authorizer: authorizer({ allowedClients: [] }), expect: [] },
  {
    name: 'an ID token with a client_id injected by a pre-token trigger passes allowedClients',
    token: await minted(idClaims({ client_id: CLIENT })),
    authorizer: clients,
    expect: [],
  },
  { name: 'aud as a list, one entry allowed', token: await minted(idClaims({ aud: ['api://other', CLIENT] })), authorizer: authorizer({ allowedAudience: [CLIENT] }), expect: [] },
  { name: 'scopes are any-of', token: access, authorizer: authorizer({ allowedScopes: ['mcp/admin', 'openid'] }), expect: [] },
  { name: 'an Okta scp list counts as scopes', token: await minted({ ...accessClaims({ scope: undefined }), scp: ['mcp.invoke'] }), authorizer: authorizer({ allowedScopes: ['mcp.invoke'] }), expect: [] },

  // Signature.
  { name: 'alg none in the header', token: unsignedToken({ alg: 'none' }, accessClaims()), authorizer: clients, expect: [{ code: 'TOKEN_SIGNATURE_INVALID', detail: /unsigned \(alg "none"\)/ }] },
  { name: 'the discovery probe saw alg none', token: access, authorizer: clients, ctx: { signature: 'alg-none' }, expect: [{ code: 'TOKEN_SIGNATURE_INVALID', detail: /unsigned/ }] },
  { name: 'no alg at all', token: unsignedToken({ typ: 'JWT' }, accessClaims()), authorizer: clients, expect: [{ code: 'TOKEN_SIGNATURE_INVALID', detail: /^The token is signed with no algorithm;/ }] },
  { name: 'HS256', token: await minted(accessClaims(), 'HS256'), authorizer: clients, expect: [{ code: 'TOKEN_SIGNATURE_INVALID', detail: /signed with HS256; OIDC authorizers verify only asymmetric/ }] },
  { name: 'HS256 is refused even when the probe said verified', token: await minted(accessClaims(), 'HS256'), authorizer: clients, ctx: { signature: 'verified' }, expect: [{ code: 'TOKEN_SIGNATURE_INVALID' }] },
  { name: 'an unknown kid', token: access, authorizer: clients, ctx: { signature: 'unknown-kid' }, expect: [{ code: 'TOKEN_SIGNATURE_INVALID', detail: /No key in the authorizer's JWKS has kid k1/ }] },
  { name: 'a bad signature', token: access, authorizer: clients, ctx: { signature: 'bad-signature' }, expect: [{ code: 'TOKEN_SIGNATURE_INVALID', detail: /does not verify/ }] },
  { name: 'an algorithm the JWKS key does not allow', token: access, authorizer: clients, ctx: { signature: 'alg-not-allowed' }, expect: [{ code: 'TOKEN_SIGNATURE_INVALID' }] },

  // Lifetime, at the boundaries.
  { name: 'no exp', token: await minted(accessClaims({ exp: undefined })), authorizer: clients, expect: [{ code: 'TOKEN_MALFORMED', detail: /^The token has no exp claim$/ }] },
  { name: 'exp as a string is no exp', token: await minted(accessClaims({ exp: String(NOW + 3600) as unknown as number })), authorizer: clients, expect: [{ code: 'TOKEN_MALFORMED' }] },
  { name: 'exp = now', token: await minted(accessClaims({ exp: NOW })), authorizer: clients, expect: [{ code: 'TOKEN_EXPIRED', detail: /^The token expired 0 s ago/ }] },
  { name: 'expired 3 h ago', token: await minted(accessClaims({ exp: NOW - 3 * 3600 })), authorizer: clients, expect: [{ code: 'TOKEN_EXPIRED', detail: /expired 3 h ago \(exp 2027-01-15T05:00:00\.000Z, UNVERIFIED\)/ }] },
  { name: '1 s left', token: await minted(accessClaims({ exp: NOW + 1 })), authorizer: clients, expect: [{ code: 'TOKEN_EXPIRING', detail: /expires in 1 s: AgentCore rejects/ }] },
  { name: `${AGENTCORE_EXPIRY_MARGIN_S - 1} s left`, token: await minted(accessClaims({ exp: NOW + AGENTCORE_EXPIRY_MARGIN_S - 1 })), authorizer: clients, expect: [{ code: 'TOKEN_EXPIRING' }] },
  { name: `${AGENTCORE_EXPIRY_MARGIN_S} s left: a warning`, token: await minted(accessClaims({ exp: NOW + AGENTCORE_EXPIRY_MARGIN_S })), authorizer: clients, expect: [{ code: 'TOKEN_EXPIRING', severity: 'warning', detail: /reject it in 0 s$/ }] },
  { name: `${EXPIRY_WARNING_S - 1} s left: a warning`, token: await minted(accessClaims({ exp: NOW + EXPIRY_WARNING_S - 1 })), authorizer: clients, expect: [{ code: 'TOKEN_EXPIRING', severity: 'warning' }] },
  { name: `${EXPIRY_WARNING_S} s left: fine`, token: await minted(accessClaims({ exp: NOW + EXPIRY_WARNING_S })), authorizer: clients, expect: [] },
  { name: 'nbf = now', token: await minted(accessClaims({ nbf: NOW })), authorizer: clients, expect: [] },
  { name: 'nbf 1 s ahead', token: await minted(accessClaims({ nbf: NOW + 1 })), authorizer: clients, expect: [{ code: 'TOKEN_NOT_YET_VALID', detail: /^The token's nbf is 1 s in the future: a clock is off$/ }] },
  { name: 'nbf 2 h ahead', token: await minted(accessClaims({ nbf: NOW + 7200 })), authorizer: clients, expect: [{ code: 'TOKEN_NOT_YET_VALID', detail: /nbf is 2 h in the future/ }] },

  // Issuer: only against the discovery document's issuer.
  { name: 'no discovery issuer: iss is not judged', token: await minted(accessClaims({ iss: 'https://evil.example' })), authorizer: clients, expect: [] },
  {
    name: 'iss differs from the discovery issuer',
    token: await minted(accessClaims({ iss: `${ISSUER}x` })),
    authorizer: clients,
    ctx: { discoveredIssuer: ISSUER },
    expect: [{ code: 'TOKEN_ISSUER_MISMATCH', detail: new RegExp(`^The token's iss ${ISSUER}x is not the discovery document's issuer ${ISSUER}$`) }],
  },
  { name: 'no iss at all', token: await minted(accessClaims({ iss: undefined })), authorizer: clients, ctx: { discoveredIssuer: ISSUER }, expect: [{ code: 'TOKEN_ISSUER_MISMATCH', detail: /iss \(none\) is not/ }] },
  { name: 'a trailing slash is another issuer', token: await minted(accessClaims({ iss: `${ISSUER}/` })), authorizer: clients, ctx: { discoveredIssuer: ISSUER }, expect: [{ code: 'TOKEN_ISSUER_MISMATCH' }] },

  // client_id (§4.3).
  { name: 'an ID token against allowedClients', token: await minted(idClaims()), authorizer: clients, expect: [{ code: 'ID_TOKEN_USED', detail: new RegExp(`token_use "id", aud ${CLIENT}\\), which has no client_id`) }] },
  { name: 'an ID token without aud', token: await minted(idClaims({ aud: undefined })), authorizer: clients, expect: [{ code: 'ID_TOKEN_USED', detail: /aud none\)/ }] },
  { name: 'Okta cid', token: await minted(accessClaims({ client_id: undefined, cid: CLIENT })), authorizer: clients, expect: [{ code: 'CLIENT_ID_CLAIM_MISSING', detail: new RegExp(`in cid=${CLIENT}, which AgentCore does not read`) }] },
  { name: 'no client claim', token: await minted(accessClaims({ client_id: undefined })), authorizer: clients, expect: [{ code: 'CLIENT_NOT_ALLOWED', detail: /has no client_id claim/ }] },
  { name: 'another client', token: await minted(accessClaims({ client_id: OTHER_CLIENT })), authorizer: clients, expect: [{ code: 'CLIENT_NOT_ALLOWED', detail: new RegExp(`client_id ${OTHER_CLIENT} is not in allowedClients \\[${CLIENT}\\]`) }] },
  {
    name: 'client_id present wins over cid (an Okta token with a client_id claim mapped in)',
    token: await minted(accessClaims({ cid: OTHER_CLIENT })),
    authorizer: clients,
    expect: [],
  },

  // aud and scope.
  { name: 'an access token against allowedAudience', token: access, authorizer: authorizer({ allowedAudience: [CLIENT] }), expect: [{ code: 'AUDIENCE_MISMATCH', detail: /no aud claim \(Cognito access tokens never do\)/ }] },
  { name: 'no aud and no token_use', token: await minted(accessClaims({ token_use: undefined })), authorizer: authorizer({ allowedAudience: [CLIENT] }), expect: [{ code: 'AUDIENCE_MISMATCH', detail: /^The token has no aud claim, and/ }] },
  { name: 'another aud', token: await minted(idClaims({ aud: OTHER_CLIENT })), authorizer: authorizer({ allowedAudience: [CLIENT] }), expect: [{ code: 'AUDIENCE_MISMATCH', detail: new RegExp(`has aud ${OTHER_CLIENT}`) }] },
  { name: 'no scope', token: await minted(idClaims()), authorizer: authorizer({ allowedScopes: ['openid'] }), expect: [{ code: 'SCOPE_NOT_ALLOWED', detail: /scopes \[\] include none of allowedScopes \[openid\]/ }] },
  { name: 'other scopes', token: access, authorizer: authorizer({ allowedScopes: ['mcp/admin'] }), expect: [{ code: 'SCOPE_NOT_ALLOWED', detail: /\[mcp\/invoke openid\] include none of allowedScopes \[mcp\/admin\]/ }] },

  // customClaims.
  {
    name: 'two custom rules, one fails',
    token: await minted(accessClaims({ department: 'sales', 'cognito:groups': ['admins'] })),
    authorizer: authorizer({ customClaims: [rule('department', 'STRING', 'EQUALS', 'engineering'), rule('cognito:groups', 'STRING_ARRAY', 'CONTAINS_ANY', ['admins'])] }),
    expect: [{ code: 'CUSTOM_CLAIM_MISMATCH', detail: /^Custom claim rule department EQUALS \{"matchValueString":"engineering"\} does not match the token's "sales"$/ }],
  },
  {
    name: 'two custom rules, both fail: one problem each',
    token: access,
    authorizer: authorizer({ customClaims: [rule('department', 'STRING', 'EQUALS', 'engineering'), rule('cognito:groups', 'STRING_ARRAY', 'CONTAINS_ANY', ['admins'])] }),
    expect: [
      { code: 'CUSTOM_CLAIM_MISMATCH', detail: /rule department .* the token's null$/ },
      { code: 'CUSTOM_CLAIM_MISMATCH', detail: /rule cognito:groups .* the token's null$/ },
    ],
  },
  {
    name: 'a substring-only CONTAINS match is a warning',
    token: await minted(accessClaims({ department: 'engineering' })),
    authorizer: authorizer({ customClaims: [rule('department', 'STRING', 'CONTAINS', 'gin')] }),
    expect: [{ code: 'CUSTOM_CLAIM_MISMATCH', severity: 'warning', detail: /may not match \(CONTAINS on a string claim is UNCONFIRMED: element or substring\)/ }],
  },

  // Everything at once, in the authorizer's order (§11.2): signature, lifetime, nbf, iss, client_id, aud, scope, custom claims.
  {
    name: 'every check fails, reported in the authorizer\'s order',
    token: unsignedToken({ alg: 'none' }, idClaims({ iss: `${ISSUER}x`, exp: NOW - 10, nbf: NOW + 600, aud: OTHER_CLIENT })),
    authorizer: authorizer({ allowedClients: [CLIENT], allowedAudience: [CLIENT], allowedScopes: ['openid'], customClaims: [rule('department', 'STRING', 'EQUALS', 'engineering')] }),
    ctx: { discoveredIssuer: ISSUER, signature: 'alg-none' },
    expect: [
      { code: 'TOKEN_SIGNATURE_INVALID' },
      { code: 'TOKEN_EXPIRED' },
      { code: 'TOKEN_NOT_YET_VALID' },
      { code: 'TOKEN_ISSUER_MISMATCH' },
      { code: 'ID_TOKEN_USED' },
      { code: 'AUDIENCE_MISMATCH' },
      { code: 'SCOPE_NOT_ALLOWED' },
      { code: 'CUSTOM_CLAIM_MISMATCH' },
    ],
  },
];

describe('predictAuthorizer', () => {
  it.each(rows.map((row) => [row.name, row] as const))('%s', (_name, row) => {
    const problems = predictAuthorizer(row.token, row.authorizer ?? authorizer(), ctx(row.ctx));
    expect(codes(problems)).toEqual(row.expect.map((e) => e.code));
    row.expect.forEach((wanted, i) => {
      const problem = problems[i] as PredictedProblem;
      // Only a weaker-than-default prediction carries a severity.
      expect(problem.severity).toBe(wanted.severity);
      if (wanted.detail) expect(problem.detail).toMatch(wanted.detail);
      expect(problem.detail).not.toMatch(/undefined|\[object Object\]/);
    });
  });

  it('is pure: the same input gives the same output and the input is not changed', () => {
    const token = decodeTokenUnverified('null');
    const before = JSON.stringify([access, clients, token]);
    const first = predictAuthorizer(access, authorizer({ allowedAudience: [CLIENT], allowedScopes: ['x'] }), ctx({ discoveredIssuer: `${ISSUER}x` }));
    expect(predictAuthorizer(access, authorizer({ allowedAudience: [CLIENT], allowedScopes: ['x'] }), ctx({ discoveredIssuer: `${ISSUER}x` }))).toEqual(first);
    predictAuthorizer(token, clients, ctx());
    expect(JSON.stringify([access, clients, token])).toBe(before);
  });

  it('judges time by ctx.now only', () => {
    const token = access; // exp NOW + 3600
    expect(codes(predictAuthorizer(token, clients, { now: NOW }))).toEqual([]);
    expect(codes(predictAuthorizer(token, clients, { now: NOW + 3600 - 30 }))).toEqual(['TOKEN_EXPIRING']);
    expect(codes(predictAuthorizer(token, clients, { now: NOW + 3600 }))).toEqual(['TOKEN_EXPIRED']);
  });

  it('reads custom claims from the decoded values, so a claim the token does not carry never matches', async () => {
    const withClaim = await minted(accessClaims({ tenant: 'acme' }));
    const tenant = authorizer({ customClaims: [rule('tenant', 'STRING', 'EQUALS', 'acme')] });
    expect(predictAuthorizer(withClaim, tenant, ctx())).toEqual([]);
    expect(codes(predictAuthorizer({ ...withClaim, claims: { ...(withClaim.claims as NonNullable<TokenObservation['claims']>), values: {} } }, tenant, ctx()))).toEqual(['CUSTOM_CLAIM_MISMATCH']);
  });
});

/** `evaluateCustomClaim(rule, value)` → verdict, and whether the simulation's authorizer accepts it. */
const customRows: Array<[string, Rule, string | string[] | undefined, ReturnType<typeof evaluateCustomClaim>]> = [
  ['STRING EQUALS, equal', rule('department', 'STRING', 'EQUALS', 'engineering'), 'engineering', 'match'],
  ['STRING EQUALS, other value', rule('department', 'STRING', 'EQUALS', 'engineering'), 'sales', 'mismatch'],
  ['STRING EQUALS is case-sensitive', rule('department', 'STRING', 'EQUALS', 'engineering'), 'Engineering', 'mismatch'],
  ['STRING EQUALS, a prefix is not equal', rule('department', 'STRING', 'EQUALS', 'engineering'), 'engineering-eu', 'mismatch'],
  ['STRING EQUALS against a list claim', rule('department', 'STRING', 'EQUALS', 'engineering'), ['engineering'], 'mismatch'],
  ['STRING EQUALS, claim absent', rule('department', 'STRING', 'EQUALS', 'engineering'), undefined, 'mismatch'],
  ['STRING EQUALS without a matchValueString', rule('department', 'STRING', 'EQUALS', undefined), 'engineering', 'mismatch'],
  ['STRING CONTAINS, equal', rule('department', 'STRING', 'CONTAINS', 'engineering'), 'engineering', 'match'],
  ['STRING CONTAINS, substring only', rule('department', 'STRING', 'CONTAINS', 'eng'), 'engineering', 'uncertain'],
  ['STRING CONTAINS, not even a substring', rule('department', 'STRING', 'CONTAINS', 'ops'), 'engineering', 'mismatch'],
  ['STRING CONTAINS against a list claim', rule('department', 'STRING', 'CONTAINS', 'engineering'), ['engineering'], 'mismatch'],
  ['STRING CONTAINS without a matchValueString', rule('department', 'STRING', 'CONTAINS', undefined), 'engineering', 'mismatch'],
  ['STRING CONTAINS, claim absent', rule('department', 'STRING', 'CONTAINS', 'eng'), undefined, 'mismatch'],
  ['STRING_ARRAY CONTAINS_ANY, one in common', rule('groups', 'STRING_ARRAY', 'CONTAINS_ANY', ['admins', 'ops']), ['readers', 'ops'], 'match'],
  ['STRING_ARRAY CONTAINS_ANY, none in common', rule('groups', 'STRING_ARRAY', 'CONTAINS_ANY', ['admins', 'ops']), ['readers'], 'mismatch'],
  ['STRING_ARRAY CONTAINS_ANY, an element is not a substring match', rule('groups', 'STRING_ARRAY', 'CONTAINS_ANY', ['ops']), ['devops'], 'mismatch'],
  ['STRING_ARRAY CONTAINS_ANY, empty claim list', rule('groups', 'STRING_ARRAY', 'CONTAINS_ANY', ['ops']), [], 'mismatch'],
  ['STRING_ARRAY CONTAINS_ANY, empty rule list', rule('groups', 'STRING_ARRAY', 'CONTAINS_ANY', []), ['ops'], 'mismatch'],
  ['STRING_ARRAY CONTAINS_ANY without a list', rule('groups', 'STRING_ARRAY', 'CONTAINS_ANY', undefined), ['ops'], 'mismatch'],
  ['STRING_ARRAY CONTAINS_ANY against a string claim', rule('groups', 'STRING_ARRAY', 'CONTAINS_ANY', ['ops']), 'ops', 'mismatch'],
  ['STRING_ARRAY CONTAINS_ANY, claim absent', rule('groups', 'STRING_ARRAY', 'CONTAINS_ANY', ['ops']), undefined, 'mismatch'],
];

describe('evaluateCustomClaim', () => {
  it.each(customRows)('%s', (_name, r, value, verdict) => {
    expect(evaluateCustomClaim(r, value)).toBe(verdict);
  });

  // The simulation reads CONTAINS on a string as element equality, so an `uncertain` substring match is a rejection there.
  it.each(customRows)('%s: the simulation authorizer accepts exactly the matches', (_name, r, value, verdict) => {
    expect(customClaimMatches(r as CustomClaimRule, value)).toBe(verdict === 'match');
  });

  it('an unknown operator never matches', () => {
    const odd = { ...rule('department', 'STRING', 'EQUALS', 'x'), authorizingClaimMatchValue: { claimMatchValue: { matchValueString: 'x' }, claimMatchOperator: 'STARTS_WITH' } } as unknown as Rule;
    expect(evaluateCustomClaim(odd, 'x')).toBe('mismatch');
  });
});

/**
 * Pins `unusableTokenProblem`: an absent token is not "unusable" (TOKEN_MISSING is said elsewhere),
 * and an opaque token is only malformed where a JWT is required.
 */
describe('unusableTokenProblem', () => {
  const opaque = decodeTokenUnverified('opaque-access-token-0123456789');
  const brokenJwt: TokenObservation = { present: true, malformed: 'the payload is not JSON' };
  it.each<[string, TokenObservation, boolean, PredictedProblem | undefined]>([
    ['no token, JWT required', { present: false }, true, undefined],
    ['no token, JWT not required', { present: false }, false, undefined],
    ['an opaque token where a JWT is not required', opaque, false, undefined],
    ['an opaque token where a JWT is required', opaque, true, { code: 'TOKEN_MALFORMED', detail: `The token is not a JWT: ${opaque.malformed ?? ''}` }],
    ['a broken three-part JWT where a JWT is not required', brokenJwt, false, { code: 'TOKEN_MALFORMED', detail: 'The token is not a JWT: the payload is not JSON' }],
    ['a decoded observation without claims, JWT not required', { present: true }, false, undefined],
  ])('%s', (_name, token, jwtRequired, problem) => {
    expect(opaque.opaque).toBe(true);
    expect(unusableTokenProblem(token, jwtRequired)).toStrictEqual(problem);
  });
});

/**
 * Pins the exact wording of the listed values (", "-joined) and of absent header fields, which the
 * regex rows above only match loosely.
 */
describe('predictAuthorizer details', () => {
  const claimsOnly = (claims: Partial<NonNullable<TokenObservation['claims']>>, header?: TokenObservation['header']): TokenObservation => ({
    present: true,
    ...(header ? { header } : {}),
    claims: { iss: ISSUER, client_id: CLIENT, exp: NOW + 3600, names: [], values: {}, ...claims },
  });
  const details = (token: TokenObservation, auth: JwtAuthorizer, c: Partial<PredictionContext> = {}): string[] => predictAuthorizer(token, auth, ctx(c)).map((p) => p.detail);

  it('a token observation without a header is signed with no algorithm', () => {
    expect(details(claimsOnly({}), authorizer())).toStrictEqual(['The token is signed with no algorithm; OIDC authorizers verify only asymmetric signatures (RS/PS/ES)']);
  });

  it('an unknown kid when the header has none', () => {
    expect(details(claimsOnly({}, { alg: 'RS256' }), authorizer(), { signature: 'unknown-kid' })).toStrictEqual([
      "No key in the authorizer's JWKS has kid (none): the token comes from another issuer or a rotated key",
    ]);
  });

  it('a placeholder carrying claims is still only a placeholder', () => {
    const token: TokenObservation = { ...claimsOnly({ exp: NOW - 10 }, { alg: 'none' }), placeholder: true };
    expect(codes(predictAuthorizer(token, clients, ctx()))).toStrictEqual(['BEARER_PLACEHOLDER']);
  });

  it('lists two allowed clients and two aud values', () => {
    const token = claimsOnly({ client_id: undefined, token_use: 'id', aud: ['a1', 'a2'] }, { alg: 'RS256' });
    expect(details(token, authorizer({ allowedClients: ['c1', 'c2'] }))).toStrictEqual([
      "The token is a Cognito ID token (token_use \"id\", aud a1, a2), which has no client_id, and the authorizer checks allowedClients [c1, c2]: AgentCore will answer 401 Claim 'client_id' value mismatch",
    ]);
  });

  it('lists two aud values against two allowed audiences', () => {
    const token = claimsOnly({ aud: ['a1', 'a2'] }, { alg: 'RS256' });
    expect(details(token, authorizer({ allowedAudience: ['b1', 'b2'] }))).toStrictEqual(['The token has aud a1, a2, and the authorizer requires one of allowedAudience [b1, b2]']);
  });

  it('lists two allowed scopes', () => {
    const token = claimsOnly({ scope: ['s1', 's2'] }, { alg: 'RS256' });
    expect(details(token, authorizer({ allowedScopes: ['t1', 't2'] }))).toStrictEqual(["The token's scopes [s1 s2] include none of allowedScopes [t1, t2]"]);
  });
});

/** Pins the CONTAINS guards: a rule without a value never matches, and an array claim is never a substring match. */
describe('evaluateCustomClaim CONTAINS edges', () => {
  it.each<[string, Rule, string | string[], ReturnType<typeof evaluateCustomClaim>]>([
    ['no matchValueString, a claim whose text contains "undefined"', rule('team', 'STRING', 'CONTAINS', undefined), 'undefined-team', 'mismatch'],
    ['STRING_ARRAY CONTAINS, an element contains the value', rule('groups', 'STRING_ARRAY', 'CONTAINS', 'eng'), ['engineering'], 'mismatch'],
    ['STRING_ARRAY CONTAINS, an element equals the value', rule('groups', 'STRING_ARRAY', 'CONTAINS', 'eng'), ['ops', 'eng'], 'match'],
  ])('%s', (_name, r, value, verdict) => {
    expect(evaluateCustomClaim(r, value)).toBe(verdict);
  });
});
