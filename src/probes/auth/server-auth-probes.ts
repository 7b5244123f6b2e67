import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { request } from 'undici';
import { networkOf } from '../network-config.js';
import { sanitizeText } from '../../security/sanitize-text.js';
import { originOf } from '../http-exchange.js';
import type { ExchangeRequest, HttpPort } from '../../model/runtime.js';
import type { HttpExchange, ServerAuthObservation, BearerChallenge } from '../../model/observations.js';
import { decodeTokenUnverified } from '../token.js';
import { COMPLIANT_ACCEPT } from '../transport-probes.js';
import { discard } from '../discard-body.js';
import { addressProblem, bareHost, fetchPublicJson, type PublicJsonResult } from './discovery.js';

/**
 * Black-box probes of the server's own authentication (reliability-security §4 table,
 * streamable-http-matrix §7.2 A1/A2): does it refuse a request without a token, an opaque
 * token, the user's token re-encoded as `alg: none`, and the user's token with a foreign
 * signature; what does its 401 challenge say; and what does its protected resource metadata
 * (RFC 9728) say. The forged tokens are built so they can never work as a credential: the
 * alg-none copy has no signature and the tampered copy a random one, so neither carries any part
 * of the real signature (§8 S3).
 */

/** Inputs of {@link runServerAuthProbes}. */
export interface ServerAuthProbeParams {
  targetUrl: string;
  /** The user's token; forged copies are sent only when it is a JWT. It is never sent itself. */
  token?: string;
  initializeBody: string;
  /** Headers of the request instead of the compliant initialize's (a 2026-07-28 request's). */
  requestHeaders?: Record<string, string>;
  /** The method the body calls, for labels. @default 'initialize' */
  method?: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Accept an `http:` metadata URL on a non-loopback host. */
  allowHttp?: boolean;
}

/** The RFC 9728 §3 well-known suffix. */
export const PROTECTED_RESOURCE_WELL_KNOWN = '/.well-known/oauth-protected-resource';

const ALG_NONE_HEADER = Buffer.from('{"alg":"none"}').toString('base64url');
const MAX_VALUE_LENGTH = 2_000;
const MAX_AUTHORIZATION_SERVERS = 20;

/**
 * Sends the compliant initialize without credentials and with forged ones, parses the challenge,
 * and reads the protected resource metadata without credentials. Every request to the target
 * goes through `http` with `withoutCredentials`, so the run's token, `--header` values and
 * SigV4 signature never ride along; metadata is fetched on a separate, credential-free pool
 * and only from the target's own host (reliability-security §1.4, §8 S2/S5).
 */
export async function runServerAuthProbes(http: HttpPort, params: ServerAuthProbeParams): Promise<ServerAuthObservation> {
  const send = (label: string, authorization?: string): Promise<HttpExchange> => {
    const headers: Record<string, string> = { ...(params.requestHeaders ?? { accept: COMPLIANT_ACCEPT, 'content-type': 'application/json' }) };
    if (authorization !== undefined) headers.authorization = authorization;
    const req: ExchangeRequest = { label, method: 'POST', url: params.targetUrl, headers, body: params.initializeBody, withoutCredentials: true };
    return http.exchange(req, params.signal);
  };
  const forged = params.token === undefined ? undefined : forgeTokens(params.token);
  const method = params.method ?? 'initialize';
  const [noToken, garbageToken, algNone, tamperedSignature] = await Promise.all([
    send(`POST ${method} (no Authorization)`),
    send(`POST ${method} (Authorization: Bearer <random opaque string>)`, `Bearer ${randomBytes(32).toString('base64url')}`),
    forged ? send(`POST ${method} (the token re-encoded with alg none, no signature)`, `Bearer ${forged.algNone}`) : undefined,
    forged ? send(`POST ${method} (the token with a random signature)`, `Bearer ${forged.tamperedSignature}`) : undefined,
  ]);
  const observation: ServerAuthObservation = { noToken, garbageToken };
  if (algNone) observation.algNone = algNone;
  if (tamperedSignature) observation.tamperedSignature = tamperedSignature;

  let metadataUrl: string | undefined;
  if (noToken.headers['www-authenticate'] !== undefined) {
    const raw = await readChallengeHeader(http, params);
    const parsed = raw === undefined ? undefined : parseBearerChallenge(raw);
    if (parsed) {
      observation.challenge = redactChallenge(http, parsed);
      metadataUrl = parsed.resourceMetadata;
    } else {
      const scheme = /^\s*([^\s,]+)/.exec(noToken.headers['www-authenticate'])?.[1];
      if (scheme) observation.challenge = { scheme };
    }
  }
  // A server that serves initialize without a token is not acting as a protected resource: its
  // metadata would not change the verdict, so it is only looked for after a refusal (§7.2 A1/A2).
  const refused = noToken.outcome === 'response' && (noToken.status === 401 || noToken.status === 403);
  if (refused || metadataUrl !== undefined) observation.prm = await probeMetadata(http, params, metadataUrl);
  return observation;
}

/**
 * Parses a `WWW-Authenticate` value (RFC 9110 §11.6.1: a list of challenges, each a scheme with
 * a token68 or comma-separated `name=value` parameters, values a token or a quoted-string with
 * backslash escapes) and returns the Bearer challenge, or the first one when none is Bearer.
 */
export function parseBearerChallenge(header: string): BearerChallenge | undefined {
  const challenges = parseChallenges(header);
  const chosen = challenges.find((c) => c.scheme.toLowerCase() === 'bearer') ?? challenges[0];
  if (!chosen) return undefined;
  const out: BearerChallenge = { scheme: chosen.scheme };
  const set = (key: Exclude<keyof BearerChallenge, 'scheme'>, name: string): void => {
    const value = chosen.params.get(name);
    if (value !== undefined) out[key] = value;
  };
  set('error', 'error');
  set('errorDescription', 'error_description');
  set('resourceMetadata', 'resource_metadata');
  set('scope', 'scope');
  return out;
}

interface Challenge {
  scheme: string;
  params: Map<string, string>;
}

const TOKEN = /[!#$%&'*+.^_`|~0-9A-Za-z-]+/y;
const TOKEN68 = /[A-Za-z0-9._~+/-]+=*/y;
const BARE_VALUE = /[^\s,]*/y;

function parseChallenges(input: string): Challenge[] {
  const challenges: Challenge[] = [];
  let current: Challenge | undefined;
  let i = 0;
  const skipSpace = (): void => {
    while (input[i] === ' ' || input[i] === '\t') i++;
  };
  const match = (pattern: RegExp): string | undefined => {
    pattern.lastIndex = i;
    const found = pattern.exec(input)?.[0];
    if (found !== undefined) i += found.length;
    return found;
  };
  const quoted = (): string => {
    let value = '';
    for (i++; i < input.length && input[i] !== '"'; i++) {
      if (input[i] === '\\' && i + 1 < input.length) i++;
      value += input[i];
    }
    i++;
    return value;
  };
  while (i < input.length) {
    skipSpace();
    if (input[i] === ',') {
      i++;
      continue;
    }
    if (i >= input.length) break;
    const name = match(TOKEN);
    if (name === undefined) {
      // Not a token: skip to the next list element rather than guess.
      while (i < input.length && input[i] !== ',') i++;
      continue;
    }
    skipSpace();
    if (input[i] === '=' && current) {
      i++;
      skipSpace();
      // Unquoted values should be tokens; URLs sent unquoted (a common slip) are read up to the next comma.
      const value = input[i] === '"' ? quoted() : (match(BARE_VALUE) ?? '');
      const key = name.toLowerCase();
      // RFC 9110 §11.2: a parameter name occurs once; a repeat is ambiguous, so the first one stands.
      if (!current.params.has(key)) current.params.set(key, value);
      continue;
    }
    current = { scheme: name, params: new Map() };
    challenges.push(current);
    const afterScheme = i;
    const token68 = match(TOKEN68);
    if (token68 !== undefined) {
      skipSpace();
      // `abc==` alone is a token68 (credentials-style); `name=value` is the first parameter.
      if (i < input.length && input[i] !== ',') i = afterScheme;
    }
  }
  return challenges;
}

/** The alg-none and tampered-signature copies of a JWT, or undefined when it is not one. */
function forgeTokens(token: string): { algNone: string; tamperedSignature: string } | undefined {
  const decoded = decodeTokenUnverified(token);
  if (!decoded.claims || !decoded.header) return undefined;
  const [header, payload, signature] = token.split('.') as [string, string, string];
  // A random signature of the real one's length: the copy keeps the shape, shares none of its bytes.
  const length = Math.max(Buffer.from(signature, 'base64url').length, 32);
  return {
    algNone: `${ALG_NONE_HEADER}.${payload}.`,
    tamperedSignature: `${header}.${payload}.${randomBytes(length).toString('base64url')}`,
  };
}

/**
 * The raw challenge, read from a second credential-free request: the copy in the exchange has
 * passed the redactor, whose `Bearer <word>` rule eats the first parameter name, and the header
 * cap, which cuts long AgentCore metadata URLs (agentcore-contract §1.2).
 */
async function readChallengeHeader(http: HttpPort, params: ServerAuthProbeParams): Promise<string | undefined> {
  const deadline = AbortSignal.timeout(params.timeoutMs);
  const agent = networkOf(http.options.network).dispatcher({
    timeoutMs: params.timeoutMs,
    ...(http.options.lookup ? { lookup: http.options.lookup } : {}),
    keepAliveTimeout: 1,
  });
  try {
    const res = await request(params.targetUrl, {
      method: 'POST',
      headers: { ...(params.requestHeaders ?? { accept: COMPLIANT_ACCEPT, 'content-type': 'application/json' }), 'accept-encoding': 'identity', 'user-agent': 'mcp-doctor' },
      body: params.initializeBody,
      signal: params.signal ? AbortSignal.any([deadline, params.signal]) : deadline,
      dispatcher: agent,
    });
    discard(res.body);
    const value = res.headers['www-authenticate'];
    return Array.isArray(value) ? value.join(', ') : value;
  } catch {
    return undefined;
  } finally {
    await agent.destroy().catch(() => undefined);
  }
}

function redactChallenge(http: HttpPort, challenge: BearerChallenge): BearerChallenge {
  const clean = (value: string): string => sanitizeText(http.options.redactor.redact(value), MAX_VALUE_LENGTH);
  const out: BearerChallenge = { scheme: clean(challenge.scheme) };
  if (challenge.error !== undefined) out.error = clean(challenge.error);
  if (challenge.errorDescription !== undefined) out.errorDescription = clean(challenge.errorDescription);
  if (challenge.resourceMetadata !== undefined) out.resourceMetadata = clean(challenge.resourceMetadata);
  if (challenge.scope !== undefined) out.scope = clean(challenge.scope);
  return out;
}

/**
 * Why a server-named metadata URL is not fetched, or undefined when it may be: only the target's
 * origin or host, never a link-local or metadata address, never a URL that carries a secret
 * (reliability-security §4 "Challenge metadata", §8 S5). No DNS query is made for a refused host.
 */
export function metadataUrlRefusal(url: string, targetUrl: string, redact: (text: string) => string = (t) => t): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not an absolute URL';
  }
  const host = bareHost(parsed);
  if (isIP(host) !== 0) {
    const problem = addressProblem(host, true);
    if (problem) return `${host} is ${problem}`;
  }
  if (redact(url) !== url) return 'the URL carries a credential-like value';
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return `the ${parsed.protocol.slice(0, -1)} scheme is not fetched`;
  if (originOf(url) === originOf(targetUrl)) return undefined;
  const targetHost = bareHost(new URL(targetUrl));
  if (host === targetHost) return undefined;
  return `it is on another host (${host}); metadata is fetched only from the target's own host (${targetHost})`;
}

/** The RFC 9728 §3.1 well-known URLs for a resource: path-inserted (query kept), then root. */
export function wellKnownMetadataUrls(targetUrl: string): string[] {
  const target = new URL(targetUrl);
  const origin = `${target.protocol}//${target.host}`;
  const root = `${origin}${PROTECTED_RESOURCE_WELL_KNOWN}`;
  const path = target.pathname === '/' ? '' : target.pathname;
  if (path === '' && target.search === '') return [root];
  return [`${root}${path}${target.search}`, root];
}

async function probeMetadata(http: HttpPort, params: ServerAuthProbeParams, challengeUrl: string | undefined): Promise<NonNullable<ServerAuthObservation['prm']>> {
  const redact = (text: string): string => http.options.redactor.redact(text);
  if (challengeUrl !== undefined) {
    const refusal = metadataUrlRefusal(challengeUrl, params.targetUrl, redact);
    if (refusal !== undefined) return { url: sanitizeText(redact(challengeUrl), MAX_VALUE_LENGTH), outcome: 'refused-url', problem: refusal };
    return readMetadata(http, params, challengeUrl);
  }
  const failures: string[] = [];
  let last: NonNullable<ServerAuthObservation['prm']> | undefined;
  for (const url of wellKnownMetadataUrls(params.targetUrl)) {
    last = await readMetadata(http, params, url);
    if (last.outcome === 'ok') return last;
    failures.push(`${last.url}: ${last.problem ?? last.outcome}`);
  }
  const result = last as NonNullable<ServerAuthObservation['prm']>;
  return { ...result, problem: sanitizeText(`no challenge URL, and no metadata at the well-known URLs (${failures.join('; ')})`, MAX_VALUE_LENGTH) };
}

async function readMetadata(http: HttpPort, params: ServerAuthProbeParams, url: string): Promise<NonNullable<ServerAuthObservation['prm']>> {
  // The user named this host, so its address class (private, VPC) is accepted; link-local never is.
  const fetched: PublicJsonResult = await fetchPublicJson(url, {
    timeoutMs: params.timeoutMs,
    allowPrivate: true,
    ...(params.signal ? { signal: params.signal } : {}),
    ...(params.allowHttp ? { allowHttp: true } : {}),
    ...(http.options.lookup ? { lookup: http.options.lookup } : {}),
    ...(http.options.network ? { network: http.options.network } : {}),
  });
  const clean = (value: string): string => sanitizeText(http.options.redactor.redact(value), MAX_VALUE_LENGTH);
  const prm: NonNullable<ServerAuthObservation['prm']> = { url: clean(url), outcome: fetched.outcome };
  if (fetched.status !== undefined) prm.status = fetched.status;
  if (fetched.outcome !== 'ok') {
    prm.problem = clean(fetched.problem);
    return prm;
  }
  const { resource, authorization_servers: servers } = fetched.value;
  if (typeof resource === 'string') prm.resource = clean(resource);
  if (Array.isArray(servers)) prm.authorizationServers = servers.filter((s): s is string => typeof s === 'string').slice(0, MAX_AUTHORIZATION_SERVERS).map(clean);
  // RFC 9728 §2: `resource` is required; MCP 2025-06-18 also requires at least one authorization server (§2).
  if (prm.resource === undefined) {
    prm.outcome = 'invalid';
    prm.problem = 'the document has no "resource" string (RFC 9728 §2)';
  } else if (servers !== undefined && !Array.isArray(servers)) {
    prm.problem = '"authorization_servers" is not a list';
  }
  return prm;
}
