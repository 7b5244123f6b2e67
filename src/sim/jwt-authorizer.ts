import { compactVerify, createLocalJWKSet, decodeJwt, decodeProtectedHeader, errors, type JSONWebKeySet, type JWTPayload, type ProtectedHeaderParameters } from 'jose';
import type { CustomClaimRule, CustomJwtAuthorizer, SimKnobs } from './types.js';

/**
 * AgentCore's inbound JWT authorizer (agentcore-contract §4.2, §5, check order §11.2): header
 * present (401) → parse (403) → signature against the discovery document's JWKS (403) → expiry,
 * with the 60-second margin → `iss` → `client_id` → `aud` → scope → custom claims (401 naming the
 * claim). `evaluateJwtAuthorizer` is the pure claim stage, exported so predictions can be compared
 * with it; `authorizeBearer` runs the whole chain, fetching the discovery document over HTTP.
 */

/** Why a token was refused. */
export type JwtRejectReason =
  | 'missing-token'
  | 'malformed-token'
  | 'bad-signature'
  | 'expired'
  | 'near-expiry'
  | 'not-yet-valid'
  | 'issuer'
  | 'client_id'
  | 'aud'
  | 'scope'
  | 'custom-claim';

/** The authorizer's verdict. `body` is the exact JSON an MCP runtime answers with. */
export type JwtAuthorizerDecision =
  | { outcome: 'accept' }
  | {
      outcome: 'reject';
      status: 401 | 403;
      reason: JwtRejectReason;
      message: string;
      body: Record<string, unknown>;
      /** The claim named in a 401 `Claim '<name>' value mismatch` message. */
      claim?: string;
    };

/** The knobs that shape the authorizer's answers. */
export type JwtAuthorizerOptions = Pick<SimKnobs, 'nearExpiryStatus' | 'expiredStatus' | 'missingTokenId' | 'foreignTokenCheck' | 'scopeFailure' | 'expiredMessage'>;

/** Messages, verbatim where observed (§5). */
export const JWT_MESSAGES = {
  missingToken: 'Missing Authentication Token',
  parse: 'OAuth authorization failed: Failed to parse token',
  /** UNCONFIRMED wording (§5 "Bad signature / unknown kid"): the sim's choice. */
  signature: 'OAuth authorization failed: Failed to verify token signature',
  expired: 'OAuth authorization failed: Token has expired',
  nearExpiry: 'OAuth authorization failed: Ineffectual token, will expire within the next minute',
  /** Not observed anywhere: the sim's wording for a token whose `nbf` lies in the future. */
  notYetValid: 'OAuth authorization failed: Token is not yet valid',
} as const;

/** AgentCore refuses tokens that expire within the next minute (§4.2). */
export const NEAR_EXPIRY_SECONDS = 60;

const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'];

/** `Claim '<name>' value mismatch with configuration.` */
export function claimMismatchMessage(claim: string): string {
  return `Claim '${claim}' value mismatch with configuration.`;
}

/** The 401 JSON-RPC body, with or without the observed `"id":"null"` (knob `missingTokenId`). */
export function unauthorizedBody(message: string, options: JwtAuthorizerOptions = {}): Record<string, unknown> {
  const error = { code: -32001, message };
  return options.missingTokenId === 'string-null' ? { jsonrpc: '2.0', id: 'null', error } : { jsonrpc: '2.0', error };
}

/** The verdict for a request without a usable bearer token. */
export function missingTokenDecision(options: JwtAuthorizerOptions = {}): JwtAuthorizerDecision {
  return reject401('missing-token', JWT_MESSAGES.missingToken, options);
}

/** The verdict for a bearer value that is not a JWS compact JWT. */
export function malformedTokenDecision(): JwtAuthorizerDecision {
  return reject403('malformed-token', JWT_MESSAGES.parse);
}

/** The verdict for a token whose signature does not verify against the issuer's JWKS. */
export function badSignatureDecision(): JwtAuthorizerDecision {
  return reject403('bad-signature', JWT_MESSAGES.signature);
}

/**
 * The token from an Authorization header, or undefined when there is none to check: no header,
 * another scheme, an empty bearer, or the `Bearer undefined` / `Bearer null` a client sends when
 * its token variable is unset (§5, CopilotKit#6920).
 */
export function extractBearerToken(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  const match = /^\s*bearer(?:\s+(.*))?$/i.exec(authorization);
  const token = match?.[1]?.trim();
  if (!token || token === 'undefined' || token === 'null') return undefined;
  return token;
}

/**
 * The claim stage of the authorizer, a pure function: `claims` and `header` are the decoded,
 * signature-verified token, `discoveredIssuer` is the discovery document's `issuer`, `nowSeconds`
 * the current epoch time in seconds.
 */
export function evaluateJwtAuthorizer(
  claims: JWTPayload,
  header: ProtectedHeaderParameters,
  authorizer: CustomJwtAuthorizer,
  discoveredIssuer: string,
  nowSeconds: number,
  options: JwtAuthorizerOptions = {},
): JwtAuthorizerDecision {
  if (typeof header.alg !== 'string' || !ASYMMETRIC_ALGORITHMS.includes(header.alg)) return badSignatureDecision();
  if (typeof claims.exp !== 'number') return malformedTokenDecision();
  if (claims.exp <= nowSeconds) return rejectPlain('expired', options.expiredMessage ?? JWT_MESSAGES.expired, options.expiredStatus ?? 403);
  if (claims.exp - nowSeconds < NEAR_EXPIRY_SECONDS) return rejectPlain('near-expiry', JWT_MESSAGES.nearExpiry, options.nearExpiryStatus ?? 403);
  if (typeof claims.nbf === 'number' && claims.nbf > nowSeconds) return reject403('not-yet-valid', JWT_MESSAGES.notYetValid);

  // The discovery document's issuer is the reference, not a URL rebuilt from discoveryUrl (§9).
  if (claims.iss !== discoveredIssuer) return claimMismatch('issuer', 'iss', options);
  if (nonEmpty(authorizer.allowedClients)) {
    // Only the literal client_id claim counts: ID tokens (aud only), Okta cid, Entra azp all fail (§4.2, §4.3).
    if (typeof claims.client_id !== 'string' || !authorizer.allowedClients.includes(claims.client_id)) return claimMismatch('client_id', 'client_id', options);
  }
  if (nonEmpty(authorizer.allowedAudience)) {
    const audiences = stringList(claims.aud);
    if (!audiences.some((aud) => authorizer.allowedAudience?.includes(aud))) return claimMismatch('aud', 'aud', options);
  }
  if (nonEmpty(authorizer.allowedScopes)) {
    // Any-of over the RFC 9068 `scope` string or an Okta-style `scp` list.
    const scopes = [...spaceSeparated(claims.scope), ...(Array.isArray(claims.scp) ? stringList(claims.scp) : spaceSeparated(claims.scp))];
    if (!scopes.some((scope) => authorizer.allowedScopes?.includes(scope))) {
      return options.scopeFailure === 'insufficient-scope-403' ? reject403('scope', 'insufficient_scope') : claimMismatch('scope', 'scope', options);
    }
  }
  for (const rule of authorizer.customClaims ?? []) {
    if (!customClaimMatches(rule, claims[rule.inboundTokenClaimName])) return claimMismatch('custom-claim', rule.inboundTokenClaimName, options);
  }
  return { outcome: 'accept' };
}

/**
 * One `customClaims[]` rule. EQUALS compares a string claim; CONTAINS asks whether the claim
 * (an array, or a string taken as a one-element array) has `matchValueString` as an element;
 * CONTAINS_ANY whether it has any of `matchValueStringList`. The value type is enforced: a
 * STRING rule needs a string claim and a STRING_ARRAY rule an array claim.
 */
export function customClaimMatches(rule: CustomClaimRule, value: unknown): boolean {
  const { claimMatchOperator, claimMatchValue } = rule.authorizingClaimMatchValue;
  if (rule.inboundTokenClaimValueType === 'STRING' && typeof value !== 'string') return false;
  if (rule.inboundTokenClaimValueType === 'STRING_ARRAY' && !Array.isArray(value)) return false;
  const values = stringList(value);
  switch (claimMatchOperator) {
    case 'EQUALS':
      return typeof value === 'string' && value === claimMatchValue.matchValueString;
    case 'CONTAINS':
      return claimMatchValue.matchValueString !== undefined && values.includes(claimMatchValue.matchValueString);
    case 'CONTAINS_ANY':
      return (claimMatchValue.matchValueStringList ?? []).some((wanted) => values.includes(wanted));
    default:
      return false;
  }
}

/** A discovery document the authorizer can use. */
export interface DiscoveryDocument {
  issuer: string;
  jwks_uri: string;
}

/** Fetches a URL and parses its JSON body; rejects on non-2xx or invalid JSON. */
export type FetchJson = (url: string) => Promise<unknown>;

/**
 * The authorizer's short-lived cache of discovery documents and key sets: the service fetches
 * `discoveryUrl` for issuer and JWKS (§4.2) and, like any OIDC relying party, refetches the key
 * set once when a token names a `kid` it does not know.
 */
export class DiscoveryCache {
  private readonly entries = new Map<string, { expiresAt: number; value: Promise<unknown> }>();

  constructor(
    private readonly fetchJson: FetchJson,
    private readonly ttlMs = 5_000,
  ) {}

  /** The discovery document at `url`. */
  async discovery(url: string): Promise<DiscoveryDocument> {
    const document = await this.get(url, false);
    if (!isRecord(document) || typeof document.issuer !== 'string' || typeof document.jwks_uri !== 'string') throw new Error(`No issuer/jwks_uri in ${url}`);
    return { issuer: document.issuer, jwks_uri: document.jwks_uri };
  }

  /** The key set at `url`; `refresh` bypasses the cache. */
  async keySet(url: string, refresh: boolean): Promise<JSONWebKeySet> {
    const keys = await this.get(url, refresh);
    if (!isRecord(keys) || !Array.isArray(keys.keys)) throw new Error(`No keys in ${url}`);
    return keys as unknown as JSONWebKeySet;
  }

  private get(url: string, refresh: boolean): Promise<unknown> {
    const now = Date.now();
    const cached = this.entries.get(url);
    if (cached && !refresh && cached.expiresAt > now) return cached.value;
    const value = this.fetchJson(url);
    this.entries.set(url, { expiresAt: now + this.ttlMs, value });
    // Failures are not remembered: the next request tries again.
    value.catch(() => {
      if (this.entries.get(url)?.value === value) this.entries.delete(url);
    });
    return value;
  }
}

/** Dependencies of {@link authorizeBearer}. */
export interface AuthorizeBearerDeps {
  cache: DiscoveryCache;
  options?: JwtAuthorizerOptions;
  /** @default Date.now() / 1000 */
  nowSeconds?: number;
}

/** Runs the whole authorizer chain on an Authorization header value. */
export async function authorizeBearer(authorization: string | undefined, authorizer: CustomJwtAuthorizer & { discoveryUrl: string }, deps: AuthorizeBearerDeps): Promise<JwtAuthorizerDecision> {
  const options = deps.options ?? {};
  const token = extractBearerToken(authorization);
  if (token === undefined) return missingTokenDecision(options);

  let header: ProtectedHeaderParameters;
  let claims: JWTPayload;
  try {
    header = decodeProtectedHeader(token);
    claims = decodeJwt(token);
  } catch {
    return malformedTokenDecision();
  }

  // An unreachable or unusable discovery document cannot verify anything: answered as a signature
  // failure (the real wording is UNCONFIRMED).
  let discovery: DiscoveryDocument;
  try {
    discovery = await deps.cache.discovery(authorizer.discoveryUrl);
  } catch {
    return badSignatureDecision();
  }
  // Field reports show a token from another pool refused on `iss` (401), not on its signature.
  if ((options.foreignTokenCheck ?? 'issuer') === 'issuer' && typeof claims.iss === 'string' && claims.iss !== discovery.issuer) return claimMismatch('issuer', 'iss', options);
  if (!(await signatureVerifies(token, discovery.jwks_uri, deps.cache))) return badSignatureDecision();

  return evaluateJwtAuthorizer(claims, header, authorizer, discovery.issuer, deps.nowSeconds ?? Math.floor(Date.now() / 1000), options);
}

async function signatureVerifies(token: string, jwksUri: string, cache: DiscoveryCache): Promise<boolean> {
  for (const refresh of [false, true]) {
    try {
      const keys = createLocalJWKSet(await cache.keySet(jwksUri, refresh));
      await compactVerify(token, keys, { algorithms: ASYMMETRIC_ALGORITHMS });
      return true;
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey) || refresh) return false;
    }
  }
  return false;
}

/** A plain `{"message"}` refusal: the shape of every observed `OAuth authorization failed` answer, whatever its status. */
function rejectPlain(reason: JwtRejectReason, message: string, status: 401 | 403): JwtAuthorizerDecision {
  return { outcome: 'reject', status, reason, message, body: { message } };
}

function reject401(reason: JwtRejectReason, message: string, options: JwtAuthorizerOptions, claim?: string): JwtAuthorizerDecision {
  return { outcome: 'reject', status: 401, reason, message, body: unauthorizedBody(message, options), ...(claim !== undefined ? { claim } : {}) };
}

function reject403(reason: JwtRejectReason, message: string): JwtAuthorizerDecision {
  return rejectPlain(reason, message, 403);
}

function claimMismatch(reason: JwtRejectReason, claim: string, options: JwtAuthorizerOptions): JwtAuthorizerDecision {
  return reject401(reason, claimMismatchMessage(claim), options, claim);
}

function nonEmpty(list: string[] | undefined): list is string[] {
  return list !== undefined && list.length > 0;
}

function stringList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function spaceSeparated(value: unknown): string[] {
  return typeof value === 'string' ? value.split(/\s+/).filter(Boolean) : [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object';
}
