import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import type { CompactVerifyGetKey, CryptoKey, JWK } from 'jose';
import { request } from 'undici';
import { networkOf } from '../network-config.js';
import type { NetworkConfig } from '../../model/runtime.js';
import { Redactor } from '../../security/redact.js';
import { sanitizeText } from '../../security/sanitize-text.js';
import { classifyNetworkError } from '../classify-error.js';
import { decodeTokenUnverified } from '../token.js';
import { countOf } from '../../text/count-of.js';
import { discard, type DiscardableBody } from '../discard-body.js';

/**
 * The issuer side of token checking: the OIDC discovery document and its key set, fetched the way
 * a careful relying party would (no credentials, no redirects, a deadline, a size cap, and an
 * address policy applied after DNS), and signature verification with a fixed algorithm allowlist
 * (reliability-security §3, §8 S5/S6). Claims are judged elsewhere; this file only answers "does
 * this key set sign this token, and with which key".
 */

/** What the discovery document and its key set looked like. */
export interface DiscoveryObservation {
  url: string;
  outcome: 'ok' | 'unreachable' | 'invalid' | 'refused-url';
  status?: number;
  issuer?: string;
  jwksUri?: string;
  /** Why it is unreachable/invalid/refused (redacted, one line). */
  problem?: string;
  jwks?: {
    outcome: 'ok' | 'unreachable' | 'invalid';
    keys: Array<{ kid?: string; alg?: string; kty: string; use?: string }>;
    problem?: string;
    /**
     * The public keys as published (private members such as `d` removed), to pass to
     * {@link verifyTokenSignature}; present when `outcome` is `ok`.
     */
    keySet?: { keys: JWK[] };
  };
}

/** What signature verification concluded. */
export interface VerificationObservation {
  outcome: 'verified' | 'unknown-kid' | 'bad-signature' | 'alg-not-allowed' | 'alg-none' | 'no-jwks' | 'malformed';
  alg?: string;
  kid?: string;
  detail?: string;
}

/** Options for fetching issuer documents. */
export interface PublicFetchOptions {
  /** Deadline for the whole exchange (connect, headers and body). */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Accept `http:` to hosts other than loopback. */
  allowHttp?: boolean;
  /** Accept private (RFC 1918, ULA, CGNAT) addresses; link-local and metadata addresses stay refused. */
  allowPrivate?: boolean;
  /** Host name resolution (tests inject rebinding; default: the system resolver). */
  lookup?: LookupFunction;
  /** Proxies and CA roots (default: the process environment). */
  network?: NetworkConfig;
}

/** The outcome of one credential-free JSON fetch. */
export type PublicJsonResult =
  | { outcome: 'ok'; url: string; status: number; value: Record<string, unknown> }
  | { outcome: 'unreachable' | 'invalid' | 'refused-url'; url: string; status?: number; problem: string };

/** RFC 8725 §3.1: the verifier fixes the algorithms; asymmetric only, so no key can double as an HMAC secret (§2.1). */
export const ALLOWED_ALGORITHMS: readonly string[] = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384'];

/** Discovery documents and key sets are a few KiB; 1 MiB bounds a hostile answer (reliability-security §1.2). */
export const MAX_DOCUMENT_BYTES = 1024 * 1024;

const MAX_KEYS = 100;
const MAX_FIELD_LENGTH = 500;
const DNS_DEADLINE_MS = 5_000;
const BLOCKED_ADDRESS_CODE = 'ERR_MCP_DOCTOR_BLOCKED_ADDRESS';
/** JWK members that only a private or symmetric key has (RFC 7518 §6.2.2, §6.3.2, §6.4). */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/** Pattern rules only: nothing fetched here ever carries the run's token, but URLs can carry passwords. */
const redactor = new Redactor();

// reliability-security §4 / §8 S5: blocked ranges come from Node's BlockList rather than
// hand-written IP parsing; it also matches IPv4-mapped IPv6 forms of IPv4 rules.
const METADATA = new BlockList();
METADATA.addSubnet('169.254.0.0', 16, 'ipv4');
METADATA.addSubnet('fe80::', 10, 'ipv6');
METADATA.addAddress('fd00:ec2::254', 'ipv6');
METADATA.addSubnet('64:ff9b::a9fe:0', 112, 'ipv6');

const UNROUTABLE = new BlockList();
UNROUTABLE.addSubnet('0.0.0.0', 8, 'ipv4');
UNROUTABLE.addSubnet('224.0.0.0', 3, 'ipv4');
UNROUTABLE.addAddress('::', 'ipv6');
UNROUTABLE.addSubnet('ff00::', 8, 'ipv6');

const PRIVATE = new BlockList();
PRIVATE.addSubnet('10.0.0.0', 8, 'ipv4');
PRIVATE.addSubnet('172.16.0.0', 12, 'ipv4');
PRIVATE.addSubnet('192.168.0.0', 16, 'ipv4');
PRIVATE.addSubnet('100.64.0.0', 10, 'ipv4');
PRIVATE.addSubnet('fc00::', 7, 'ipv6');

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** Why an IP address must not be fetched, or undefined when it may be. */
export function addressProblem(address: string, allowPrivate = false): string | undefined {
  const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
  if (METADATA.check(address, family)) return 'a link-local address (where cloud metadata services answer)';
  if (UNROUTABLE.check(address, family)) return 'an unspecified or multicast address';
  if (!allowPrivate && PRIVATE.check(address, family)) return 'a private address';
  return undefined;
}

/** True for 127.0.0.0/8 and ::1 (and their IPv4-mapped forms). */
export function isLoopbackAddress(address: string): boolean {
  const family = isIP(address);
  return family !== 0 && LOOPBACK.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/** The host of a URL without IPv6 brackets. */
export function bareHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
}

/**
 * A URL the doctor may fetch without credentials: http(s) only, never link-local/metadata
 * addresses (169.254.0.0/16, fe80::/10, fd00:ec2::254), checked on the resolved address.
 * `https` is required except for loopback hosts or with `allowHttp` (reliability-security §1.5).
 * When the name does not resolve the answer is `true`: the fetch then reports the DNS failure,
 * and the connect-time guard of {@link fetchPublicJson} checks again whatever it resolves to.
 */
export async function checkFetchableUrl(url: string, options: { allowHttp?: boolean; allowPrivate?: boolean; lookup?: LookupFunction }): Promise<true | string> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not an absolute URL';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return `the ${parsed.protocol.slice(0, -1)} scheme is not fetched (https only, or http on loopback)`;
  if (parsed.username !== '' || parsed.password !== '') return 'the URL carries user credentials';
  const host = bareHost(parsed);
  const literal = isIP(host) !== 0;
  if (literal) {
    const problem = addressProblem(host, options.allowPrivate);
    if (problem) return `${host} is ${problem}`;
  }
  const loopback = literal ? isLoopbackAddress(host) : host === 'localhost' || host.endsWith('.localhost');
  if (parsed.protocol === 'http:' && !loopback && !options.allowHttp) return `plain http to ${host}: https is required except on loopback`;
  if (literal) return true;
  let addresses: string[];
  try {
    addresses = await resolveAll(host, options.lookup);
  } catch {
    return true;
  }
  for (const address of addresses) {
    const problem = addressProblem(address, options.allowPrivate);
    if (problem) return `${host} resolves to ${address}, ${problem}`;
  }
  return true;
}

/**
 * GETs a JSON object without any credentials: a fresh connection pool (never the run's client,
 * which adds `Authorization` to target-origin requests, reliability-security §1.4), no redirect
 * followed, one deadline for the whole exchange, a byte cap, strict UTF-8 and JSON, and the
 * address policy enforced again at connect time so DNS rebinding cannot slip past the pre-check.
 */
export async function fetchPublicJson(url: string, options: PublicFetchOptions & { maxBytes?: number }): Promise<PublicJsonResult> {
  const shown = redactUrl(url);
  const allowed = await checkFetchableUrl(url, options);
  if (allowed !== true) return { outcome: 'refused-url', url: shown, problem: allowed };
  const maxBytes = options.maxBytes ?? MAX_DOCUMENT_BYTES;
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
  // The connect-time guard applies to direct connections; through a proxy the proxy resolves the
  // name, so the pre-check above is the only address check (the proxy itself may be private).
  const agent = networkOf(options.network).dispatcher({
    timeoutMs: options.timeoutMs,
    lookup: guardedLookup(options.allowPrivate ?? false, options.lookup),
    keepAliveTimeout: 1,
  });
  try {
    const res = await request(url, {
      method: 'GET',
      headers: { accept: 'application/json', 'accept-encoding': 'identity', 'user-agent': 'mcp-doctor' },
      signal,
      dispatcher: agent,
    });
    const status = res.statusCode;
    const contentType = headerText(res.headers['content-type'])?.split(';')[0]?.trim().toLowerCase();
    const fail = (problem: string): PublicJsonResult => ({ outcome: 'invalid', url: shown, status, problem: oneLine(problem) });
    if (status >= 300 && status < 400) {
      discard(res.body);
      const location = headerText(res.headers.location);
      // reliability-security §1.3: redirects are reported, never followed.
      return fail(`HTTP ${status} redirect to ${location ? redactUrl(location) : '(no Location)'}; redirects are not followed`);
    }
    if (status < 200 || status >= 300) {
      discard(res.body);
      return fail(`HTTP ${status}${contentType ? ` (${contentType})` : ''}`);
    }
    const declared = Number(headerText(res.headers['content-length']));
    if (Number.isFinite(declared) && declared > maxBytes) {
      discard(res.body);
      return fail(`the body is larger than ${maxBytes} bytes (Content-Length ${declared})`);
    }
    const body = await readBounded(res.body, maxBytes);
    if (body === undefined) return fail(`the body is larger than ${maxBytes} bytes`);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    } catch {
      return fail('the body is not valid UTF-8');
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return fail(`the body is not JSON${contentType ? ` (${contentType})` : ''}: ${JSON.stringify(text.slice(0, 60))}`);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return fail('the body is JSON but not an object');
    return { outcome: 'ok', url: shown, status, value: value as Record<string, unknown> };
  } catch (error) {
    if (hasCode(error, BLOCKED_ADDRESS_CODE)) return { outcome: 'refused-url', url: shown, problem: oneLine(messageOf(error)) };
    if (deadline.aborted) return { outcome: 'unreachable', url: shown, problem: `no complete answer within ${options.timeoutMs} ms` };
    if (options.signal?.aborted) return { outcome: 'unreachable', url: shown, problem: 'cancelled' };
    const classified = classifyNetworkError(error);
    return { outcome: 'unreachable', url: shown, problem: oneLine(`${classified.kind} (${classified.code}): ${classified.message}`) };
  } finally {
    await agent.destroy().catch(() => undefined);
  }
}

/**
 * Fetches an OIDC discovery document and then its `jwks_uri`, both without credentials.
 * `issuer` and `jwks_uri` are required for `ok`; the key set's outcome is reported separately.
 */
export async function fetchDiscovery(url: string, options: PublicFetchOptions): Promise<DiscoveryObservation> {
  const document = await fetchPublicJson(url, options);
  const observation: DiscoveryObservation = { url: document.url, outcome: document.outcome };
  if (document.status !== undefined) observation.status = document.status;
  if (document.outcome !== 'ok') {
    observation.problem = document.problem;
    return observation;
  }
  const { issuer, jwks_uri: jwksUri } = document.value;
  if (typeof issuer === 'string' && issuer !== '') observation.issuer = field(issuer);
  if (typeof jwksUri === 'string' && jwksUri !== '') observation.jwksUri = redactUrl(jwksUri);
  const missing = [observation.issuer === undefined ? 'issuer' : undefined, observation.jwksUri === undefined ? 'jwks_uri' : undefined].filter(Boolean);
  if (missing.length > 0) {
    observation.outcome = 'invalid';
    observation.problem = `the document has no ${missing.join(' and no ')} string`;
    return observation;
  }
  const keys = await fetchPublicJson(jwksUri as string, options);
  if (keys.outcome !== 'ok') {
    observation.jwks = { outcome: keys.outcome === 'refused-url' ? 'invalid' : keys.outcome, keys: [], problem: keys.outcome === 'refused-url' ? `refused: ${keys.problem}` : keys.problem };
    return observation;
  }
  observation.jwks = readKeySet(keys.value);
  return observation;
}

/**
 * Verifies the token's signature against a key set with jose and the fixed allowlist. `alg: none`
 * and HMAC algorithms are refused before any key is looked at; `jku`, `x5u` and an embedded `jwk`
 * are never followed (RFC 8725 §3.10). Claims (expiry, issuer, audience) are not judged here.
 */
export async function verifyTokenSignature(token: string, jwks: { keys: unknown[] } | undefined): Promise<VerificationObservation> {
  const decoded = decodeTokenUnverified(token);
  if (decoded.placeholder) return { outcome: 'malformed', detail: 'a placeholder value, not a token' };
  if (decoded.malformed !== undefined) return { outcome: 'malformed', detail: decoded.malformed };
  // Only a run that verifies a token loads jose.
  const { compactVerify, createLocalJWKSet, decodeProtectedHeader } = await import('jose');
  const alg = decoded.header?.alg;
  const kid = decoded.header?.kid;
  const base: VerificationObservation = { outcome: 'malformed' };
  if (alg !== undefined) base.alg = field(alg, 40);
  if (kid !== undefined) base.kid = field(kid, 200);
  const header = protectedHeaderOf(token, decodeProtectedHeader);
  const ignored = ['jku', 'x5u', 'jwk'].filter((name) => header[name] !== undefined);
  // Details quote the token's header and the key set, both untrusted: one sanitized line.
  const withNote = (observation: VerificationObservation): VerificationObservation => {
    const detail = ignored.length === 0 ? observation.detail : [observation.detail, `the header's ${ignored.join('/')} ${ignored.length === 1 ? 'was' : 'were'} ignored (RFC 8725 §3.10)`].filter(Boolean).join('; ');
    return detail === undefined ? observation : { ...observation, detail: oneLine(detail) };
  };
  if (alg === undefined) return withNote({ ...base, outcome: 'malformed', detail: 'the header has no alg' });
  if (alg.toLowerCase() === 'none') return withNote({ ...base, outcome: 'alg-none', detail: 'an unsigned token (alg none) is never accepted (RFC 8725 §2.1)' });
  if (!ALLOWED_ALGORITHMS.includes(alg)) {
    const why = /^HS/i.test(alg) ? 'an HMAC algorithm: a public key must never serve as its secret (RFC 8725 §2.1)' : 'not an asymmetric algorithm the doctor accepts';
    return withNote({ ...base, outcome: 'alg-not-allowed', detail: `${base.alg} is ${why}; allowed: ${ALLOWED_ALGORITHMS.join(', ')}` });
  }
  if (jwks === undefined || !Array.isArray(jwks.keys)) return withNote({ ...base, outcome: 'no-jwks', detail: 'no key set to verify against' });
  const keys = publicKeys(jwks.keys);
  let keySet: CompactVerifyGetKey;
  try {
    keySet = createLocalJWKSet({ keys });
  } catch {
    return withNote({ ...base, outcome: 'no-jwks', detail: 'the key set is malformed' });
  }
  const options = { algorithms: [...ALLOWED_ALGORITHMS] };
  try {
    await compactVerify(token, keySet, options);
    return withNote({ ...base, outcome: 'verified' });
  } catch (error) {
    if (hasCode(error, 'ERR_JWKS_MULTIPLE_MATCHING_KEYS') && isAsyncIterable(error)) {
      // jose leaves the choice among several fitting keys (no kid) to the caller: any one that verifies will do.
      let tried = 0;
      for await (const candidate of error) {
        tried++;
        try {
          await compactVerify(token, candidate as CryptoKey, options);
          return withNote({ ...base, outcome: 'verified', detail: `the token has no kid; key ${tried} of those fitting ${alg} verified it` });
        } catch {
          // The next candidate may be the signer.
        }
      }
      return withNote({ ...base, outcome: 'bad-signature', detail: `none of the keys fitting ${alg} verifies the signature` });
    }
    return withNote(verificationFailure(error, base, keys, alg, kid, header.crit !== undefined));
  }
}

function verificationFailure(error: unknown, base: VerificationObservation, keys: JWK[], alg: string, kid: string | undefined, hasCrit: boolean): VerificationObservation {
  if (hasCode(error, 'ERR_JWKS_NO_MATCHING_KEY')) {
    const named = kid === undefined ? undefined : keys.find((key) => key.kid === kid);
    const detail =
      kid === undefined
        ? `the token has no kid and no key in the set fits ${alg}`
        : named
          ? `the key with this kid is in the set but does not fit ${alg} (kty ${String(named.kty)}${named.alg ? `, alg ${named.alg}` : ''}${named.use ? `, use ${named.use}` : ''})`
          : 'the kid is not in the key set: the keys were rotated, or the token comes from another issuer or user pool';
    return { ...base, outcome: 'unknown-kid', detail };
  }
  if (hasCode(error, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED')) return { ...base, outcome: 'bad-signature', detail: 'the signature does not verify with the key the kid selects' };
  if (hasCode(error, 'ERR_JOSE_ALG_NOT_ALLOWED')) return { ...base, outcome: 'alg-not-allowed', detail: oneLine(messageOf(error)) };
  if (hasCode(error, 'ERR_JWS_INVALID')) return { ...base, outcome: 'malformed', detail: oneLine(messageOf(error)) };
  // jose answers an unknown `crit` parameter with NOT_SUPPORTED: a token problem, not a key problem.
  if (hasCode(error, 'ERR_JOSE_NOT_SUPPORTED') && hasCrit) return { ...base, outcome: 'malformed', detail: oneLine(messageOf(error)) };
  // Key import failures (a weak RSA modulus, a broken EC point, an unsupported curve): the key exists but cannot verify.
  return { ...base, outcome: 'unknown-kid', detail: oneLine(`the key the token selects cannot be used: ${messageOf(error)}`) };
}

function readKeySet(value: Record<string, unknown>): NonNullable<DiscoveryObservation['jwks']> {
  if (!Array.isArray(value.keys)) return { outcome: 'invalid', keys: [], problem: 'the key set has no "keys" list' };
  const summaries: NonNullable<DiscoveryObservation['jwks']>['keys'] = [];
  const published: JWK[] = [];
  const withPrivate: string[] = [];
  let skipped = 0;
  for (const member of value.keys.slice(0, MAX_KEYS)) {
    if (member === null || typeof member !== 'object' || Array.isArray(member) || typeof (member as JWK).kty !== 'string') {
      skipped++;
      continue;
    }
    const jwk = member as JWK;
    const summary: (typeof summaries)[number] = { kty: field(jwk.kty as string, 20) };
    if (typeof jwk.kid === 'string') summary.kid = field(jwk.kid, 200);
    if (typeof jwk.alg === 'string') summary.alg = field(jwk.alg, 40);
    if (typeof jwk.use === 'string') summary.use = field(jwk.use, 20);
    summaries.push(summary);
    if (PRIVATE_MEMBERS.some((name) => name in jwk)) withPrivate.push(summary.kid ?? `#${summaries.length}`);
    published.push(stripPrivate(jwk));
  }
  const notes: string[] = [];
  if (value.keys.length > MAX_KEYS) notes.push(`only the first ${MAX_KEYS} of ${value.keys.length} keys were read`);
  if (skipped > 0) notes.push(`${countOf(skipped, 'member')} without a kty ${skipped === 1 ? 'was' : 'were'} ignored`);
  // A JWKS is public: private or symmetric key material in it is a leak of the issuer's signing secret.
  if (withPrivate.length > 0) notes.push(`private key members were published for ${withPrivate.map((k) => field(k, 60)).join(', ')} (dropped)`);
  if (summaries.length === 0) return { outcome: 'invalid', keys: [], problem: ['the key set has no usable keys', ...notes].join('; ') };
  const jwks: NonNullable<DiscoveryObservation['jwks']> = { outcome: 'ok', keys: summaries, keySet: { keys: published } };
  if (notes.length > 0) jwks.problem = notes.join('; ');
  return jwks;
}

function publicKeys(members: unknown[]): JWK[] {
  return members.filter((m): m is JWK => m !== null && typeof m === 'object' && !Array.isArray(m)).map(stripPrivate);
}

function stripPrivate(jwk: JWK): JWK {
  const copy: Record<string, unknown> = { ...jwk };
  for (const name of PRIVATE_MEMBERS) delete copy[name];
  return copy as JWK;
}

function protectedHeaderOf(token: string, decodeProtectedHeader: (token: string) => unknown): Record<string, unknown> {
  try {
    return decodeProtectedHeader(token) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** Resolves every address of `host`, bounded in time (getaddrinfo has no deadline of its own). */
function resolveAll(host: string, lookup: LookupFunction | undefined): Promise<string[]> {
  return new Promise<string[]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('DNS deadline')), DNS_DEADLINE_MS);
    timer.unref();
    (lookup ?? (dnsLookup as unknown as LookupFunction))(host, { all: true }, (error, addresses) => {
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(Array.isArray(addresses) ? addresses.map((a) => a.address) : [addresses]);
    });
  });
}

/** A `lookup` for the connector that refuses blocked addresses after resolution (reliability-security §8 S5). */
function guardedLookup(allowPrivate: boolean, lookup: LookupFunction | undefined): LookupFunction {
  const resolve = lookup ?? (dnsLookup as unknown as LookupFunction);
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list: LookupAddress[] = Array.isArray(addresses) ? addresses : [{ address: addresses, family: isIP(addresses) }];
      for (const entry of list) {
        const problem = addressProblem(entry.address, allowPrivate);
        if (problem) {
          const refusal = Object.assign(new Error(`${hostname} resolves to ${entry.address}, ${problem}`), { code: BLOCKED_ADDRESS_CODE });
          return callback(refusal, '', 0);
        }
      }
      const first = list[0];
      if (options.all) return callback(null, list);
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
      return callback(null, first.address, first.family);
    });
  };
}

async function readBounded(body: AsyncIterable<Buffer> & DiscardableBody, maxBytes: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      size += chunk.length;
      if (size > maxBytes) return undefined;
      chunks.push(chunk);
    }
  } finally {
    discard(body);
  }
  return Buffer.concat(chunks);
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function hasCode(error: unknown, code: string): boolean {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 8; depth++) {
    if ((current as { code?: unknown }).code === code) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return value !== null && typeof value === 'object' && typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function';
}

function messageOf(error: unknown): string {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 8; depth++) {
    const message = (current as { message?: unknown }).message;
    if (typeof message === 'string' && message !== '') return message;
    current = (current as { cause?: unknown }).cause;
  }
  return String(error);
}

function oneLine(text: string): string {
  return sanitizeText(redactor.redact(text), MAX_FIELD_LENGTH);
}

function field(text: string, max = MAX_FIELD_LENGTH): string {
  return sanitizeText(redactor.redact(text), max);
}

/** A URL for display: passwords and token-like query values removed, one line, bounded. */
function redactUrl(url: string): string {
  return sanitizeText(redactor.redact(url), 2_000);
}
