import type { ProbeContext } from '../model/contracts.js';
import type { TokenObservation } from '../model/observations.js';

/**
 * Unverified decoding of the bearer token (reliability-security §3): the claims are untrusted
 * input, labelled UNVERIFIED wherever they surface, used only to predict what the authorizer will
 * say. The token itself never leaves this function; only selected claims do.
 */

const MAX_TOKEN_LENGTH = 16 * 1024;

const PLACEHOLDERS = new Set(['undefined', 'null', 'none', '', '""', "''", '${token}', '$token']);

/** Decodes the run's bearer token without verifying it; never throws. */
export function observeToken(ctx: ProbeContext): TokenObservation {
  const token = ctx.runtime.http.options.token;
  if (token === undefined) return { present: false };
  return decodeTokenUnverified(token);
}

/** Decodes a compact JWS's header and payload (no signature check), bounded and strict. */
export function decodeTokenUnverified(token: string): TokenObservation {
  if (PLACEHOLDERS.has(token.trim().toLowerCase())) return { present: true, placeholder: true };
  if (token.length > MAX_TOKEN_LENGTH) return { present: true, malformed: `longer than ${MAX_TOKEN_LENGTH} characters` };
  const parts = token.split('.');
  if (parts.length !== 3) return { present: true, malformed: `${parts.length} dot-separated parts instead of 3 (an opaque token, not a JWT)` };
  if (!parts.every((p) => /^[A-Za-z0-9_-]*$/.test(p))) return { present: true, malformed: 'characters outside base64url' };
  const header = parseSegment(parts[0] as string);
  const payload = parseSegment(parts[1] as string);
  if (!header || !payload) return { present: true, malformed: 'a header or payload that is not base64url-encoded JSON' };
  // Strict base64url: 4n+1 characters cannot encode whole bytes (lenient decoders drop the last one).
  if ((parts[2] as string).length % 4 === 1) return { present: true, malformed: 'a signature whose length is not valid base64url' };
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const bounded = boundedValues(payload);
  const claims: NonNullable<TokenObservation['claims']> = { names: Object.keys(payload).sort(), values: bounded.values };
  if (bounded.truncated.length) claims.truncated = bounded.truncated;
  const set = <K extends keyof typeof claims>(key: K, value: (typeof claims)[K] | undefined) => {
    if (value !== undefined) claims[key] = value;
  };
  set('iss', str(payload.iss));
  set('sub', str(payload.sub));
  set('aud', typeof payload.aud === 'string' ? [payload.aud] : Array.isArray(payload.aud) ? payload.aud.filter((a): a is string => typeof a === 'string') : undefined);
  set('client_id', str(payload.client_id));
  set('token_use', str(payload.token_use));
  const scope = typeof payload.scope === 'string' ? payload.scope.split(/\s+/).filter(Boolean) : Array.isArray(payload.scp) ? payload.scp.filter((s): s is string => typeof s === 'string') : undefined;
  set('scope', scope);
  set('exp', num(payload.exp));
  set('nbf', num(payload.nbf));
  set('iat', num(payload.iat));
  const others: Record<string, string> = {};
  for (const name of ['cid', 'azp', 'appid']) {
    const value = str(payload[name]);
    if (value) others[name] = value;
  }
  if (Object.keys(others).length) claims.otherClientClaims = others;
  const observation: TokenObservation = { present: true, claims, header: {} };
  const h = observation.header as NonNullable<TokenObservation['header']>;
  if (str(header.alg)) h.alg = str(header.alg) as string;
  if (str(header.kid)) h.kid = str(header.kid) as string;
  if (str(header.typ)) h.typ = str(header.typ) as string;
  return observation;
}

const MAX_VALUE_LENGTH = 256;
const MAX_CLAIMS = 64;

function boundedValues(payload: Record<string, unknown>): { values: Record<string, string | string[]>; truncated: string[] } {
  // A null prototype: a claim named "constructor" must not find Object.prototype's.
  const values: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  const truncated: string[] = [];
  const entries = Object.entries(payload);
  for (const [name, value] of entries.slice(0, MAX_CLAIMS)) {
    if (typeof value === 'string') {
      values[name] = value.slice(0, MAX_VALUE_LENGTH);
      if (value.length > MAX_VALUE_LENGTH) truncated.push(name);
    } else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
      values[name] = value.slice(0, 32).map((v) => v.slice(0, MAX_VALUE_LENGTH));
      if (value.length > 32 || value.some((v) => v.length > MAX_VALUE_LENGTH)) truncated.push(name);
    }
  }
  for (const [name] of entries.slice(MAX_CLAIMS)) truncated.push(name);
  return { values, truncated };
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

function parseSegment(segment: string): Record<string, unknown> | undefined {
  if (segment.length % 4 === 1) return undefined;
  try {
    // Fatal decoding: invalid UTF-8 is a malformed token, not text with U+FFFD in it (jose agrees).
    const value: unknown = JSON.parse(STRICT_UTF8.decode(Buffer.from(segment, 'base64url')));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
