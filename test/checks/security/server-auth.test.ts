import { describe, expect, it } from 'vitest';
import { serverAuth } from '../../../src/checks/security/server-auth.js';
import type { ServerAuthObservation, HttpExchange } from '../../../src/model/observations.js';
import { DEFAULT_TARGET_URL, exchange, initOk, initStateful, jsonRpcErrorJson, makeContext, runCheck, testCheck } from '../../helpers/check-tester.js';

/**
 * Black-box auth probes of a server that was given a token (reliability-security §4,
 * streamable-http-matrix §7.2 A1/A2): no token and forged tokens must be refused, and the 401 must
 * lead to RFC 9728 protected-resource metadata whose `resource` is the endpoint.
 */

const ORIGIN = 'http://127.0.0.1:8000';
const PRM_URL = `${ORIGIN}/.well-known/oauth-protected-resource/mcp`;
const LABELS = {
  noToken: 'POST initialize (no Authorization)',
  garbage: 'POST initialize (Authorization: Bearer <random opaque string>)',
  algNone: 'POST initialize (the token re-encoded with alg none, no signature)',
  tampered: 'POST initialize (the token with a random signature)',
} as const;

const withToken = { hasToken: true, requestAuth: 'bearer' as const };

/** A 401 as python-sdk's RequireAuthMiddleware (or the prm-broken fixture) answers it. */
function refused(label: string, wwwAuthenticate: string | undefined = `Bearer error="invalid_token", resource_metadata="${PRM_URL}"`): HttpExchange {
  return exchange({
    label,
    status: 401,
    headers: { 'content-type': 'application/json', ...(wwwAuthenticate === undefined ? {} : { 'www-authenticate': wwwAuthenticate }) },
    bodyExcerpt: '{"error":"invalid_token","error_description":"Authentication required"}',
  });
}

const okPrm: NonNullable<ServerAuthObservation['prm']> = { url: PRM_URL, outcome: 'ok', status: 200, resource: DEFAULT_TARGET_URL, authorizationServers: ['https://auth.example.com'] };

/** A well-protected server: every probe refused, the challenge names metadata that matches. */
function probes(partial: Partial<ServerAuthObservation> = {}): ServerAuthObservation {
  return {
    noToken: refused(LABELS.noToken),
    garbageToken: refused(LABELS.garbage),
    algNone: refused(LABELS.algNone),
    tamperedSignature: refused(LABELS.tampered),
    challenge: { scheme: 'Bearer', error: 'invalid_token', resourceMetadata: PRM_URL },
    prm: okPrm,
    ...partial,
  };
}

const noChallenge = { challenge: undefined };

testCheck(serverAuth, {
  valid: [
    { name: 'every probe refused; the challenge names matching metadata', ctx: withToken, observations: { 'server-auth': probes() } },
    { name: 'resource with a trailing slash is the same endpoint', ctx: withToken, observations: { 'server-auth': probes({ prm: { ...okPrm, resource: `${DEFAULT_TARGET_URL}/` } }) } },
    { name: 'resource differing only in host case and default port is the same endpoint', ctx: withToken, observations: { 'server-auth': probes({ prm: { ...okPrm, resource: 'HTTP://127.0.0.1:8000/mcp' } }) } },
    {
      name: 'no resource_metadata in the challenge, but metadata at the well-known URL (2025-11-25)',
      ctx: withToken,
      observations: { 'server-auth': probes({ noToken: refused(LABELS.noToken, 'Bearer error="invalid_token", error_description="Authentication required"'), challenge: { scheme: 'Bearer', error: 'invalid_token', errorDescription: 'Authentication required' } }) },
    },
    { name: 'no WWW-Authenticate at all, but metadata at the well-known URL', ctx: withToken, observations: { 'server-auth': probes({ noToken: refused(LABELS.noToken, undefined), ...noChallenge }) } },
    {
      name: 'an opaque token: no forged JWT copies were sent',
      ctx: withToken,
      observations: { 'server-auth': probes({ algNone: undefined, tamperedSignature: undefined }) },
    },
    {
      name: 'a 403 without a token (no 401 to judge)',
      ctx: withToken,
      observations: { 'server-auth': probes({ noToken: exchange({ label: LABELS.noToken, status: 403, headers: { 'content-type': 'text/plain' }, bodyExcerpt: 'Forbidden' }), ...noChallenge, prm: undefined }) },
    },
    {
      name: 'forged tokens answered 200 with a JSON-RPC error are refusals, not service',
      ctx: withToken,
      observations: {
        'server-auth': probes({
          garbageToken: exchange({ label: LABELS.garbage, status: 200, headers: { 'content-type': 'application/json' }, bodyExcerpt: jsonRpcErrorJson(-32001, 'Authentication error - Invalid credentials') }),
          algNone: exchange({ label: LABELS.algNone, status: 200, headers: { 'content-type': 'application/json' }, bodyExcerpt: jsonRpcErrorJson(-32001, 'Authentication error - Invalid credentials') }),
        }),
      },
    },
    {
      name: 'a forged token that failed on the network was not accepted',
      ctx: withToken,
      observations: { 'server-auth': probes({ tamperedSignature: exchange({ label: LABELS.tampered, outcome: 'network-error', error: { kind: 'reset', code: 'ECONNRESET', message: 'socket hang up' } }) }) },
    },
  ],
  invalid: [
    {
      name: 'served without any credentials',
      ctx: withToken,
      observations: { 'server-auth': probes({ noToken: initOk({ label: LABELS.noToken }), garbageToken: initOk({ label: LABELS.garbage }), ...noChallenge, prm: undefined }) },
      codes: ['UNAUTHENTICATED_ACCESS_ALLOWED'],
      severities: ['error'],
      args: { probe: LABELS.noToken, status: 200 },
      message: /^POST initialize \(no Authorization\) got 200: anyone who knows the URL can use this server\.$/,
    },
    {
      name: 'served without credentials as SSE: forged tokens are then beside the point',
      ctx: withToken,
      observations: {
        'server-auth': probes({
          noToken: initStateful({ label: LABELS.noToken }),
          garbageToken: initStateful({ label: LABELS.garbage }),
          algNone: initStateful({ label: LABELS.algNone }),
          tamperedSignature: initStateful({ label: LABELS.tampered }),
          ...noChallenge,
          prm: undefined,
        }),
      },
      codes: ['UNAUTHENTICATED_ACCESS_ALLOWED'],
    },
    {
      name: 'the unsigned (alg none) copy of the token is served',
      ctx: withToken,
      observations: { 'server-auth': probes({ algNone: initOk({ label: LABELS.algNone }) }) },
      codes: ['INVALID_TOKEN_ACCEPTED'],
      severities: ['error'],
      args: { probe: LABELS.algNone, status: 200, detail: 'an unsigned copy of the token (alg "none")' },
      message: /^POST initialize \(the token re-encoded with alg none, no signature\) got 200: the server does not verify an unsigned copy of the token \(alg "none"\)\.$/,
    },
    {
      name: 'a copy with a random signature is served',
      ctx: withToken,
      observations: { 'server-auth': probes({ tamperedSignature: initOk({ label: LABELS.tampered }) }) },
      codes: ['INVALID_TOKEN_ACCEPTED'],
      args: { probe: LABELS.tampered, detail: 'a copy of the token with a tampered signature' },
    },
    {
      name: 'any bearer value is served (auth-required style): every forgery is named, the first is the evidence',
      ctx: withToken,
      observations: {
        'server-auth': probes({ garbageToken: initOk({ label: LABELS.garbage }), algNone: initOk({ label: LABELS.algNone }), tamperedSignature: initOk({ label: LABELS.tampered }) }),
      },
      codes: ['INVALID_TOKEN_ACCEPTED'],
      args: { probe: LABELS.garbage, detail: 'a random opaque token, an unsigned copy of the token (alg "none"), a copy of the token with a tampered signature' },
    },
    {
      name: 'a 401 without WWW-Authenticate, and no metadata at the well-known URLs',
      ctx: withToken,
      observations: { 'server-auth': probes({ noToken: refused(LABELS.noToken, undefined), ...noChallenge, prm: { url: `${ORIGIN}/.well-known/oauth-protected-resource`, outcome: 'invalid', status: 404, problem: 'no challenge URL, and no metadata at the well-known URLs' } }) },
      codes: ['WWW_AUTHENTICATE_MISSING'],
      severities: ['warning'],
      message: /^The 401 carries no WWW-Authenticate header at all, and no well-known protected-resource metadata was found\.$/,
    },
    {
      name: "python-sdk's challenge without resource_metadata, and no metadata",
      ctx: withToken,
      observations: {
        'server-auth': probes({
          noToken: refused(LABELS.noToken, 'Bearer error="invalid_token", error_description="Authentication required"'),
          challenge: { scheme: 'Bearer', error: 'invalid_token', errorDescription: 'Authentication required' },
          prm: { url: `${ORIGIN}/.well-known/oauth-protected-resource`, outcome: 'invalid', status: 404, problem: 'HTTP 404 (text/plain)' },
        }),
      },
      codes: ['WWW_AUTHENTICATE_MISSING'],
      message: /^The 401's WWW-Authenticate \(Bearer\) has no resource_metadata, and no well-known protected-resource metadata was found\.$/,
    },
    {
      name: 'a challenge without resource_metadata and no metadata probe at all',
      ctx: withToken,
      observations: { 'server-auth': probes({ challenge: { scheme: 'Basic' }, prm: undefined }) },
      codes: ['WWW_AUTHENTICATE_MISSING'],
      message: /WWW-Authenticate \(Basic\) has no resource_metadata/,
    },
    {
      name: 'resource_metadata points at a 404 (the prm-broken fixture)',
      ctx: withToken,
      observations: { 'server-auth': probes({ prm: { url: PRM_URL, outcome: 'invalid', status: 404, problem: 'HTTP 404 (text/plain)' } }) },
      codes: ['PRM_INVALID'],
      severities: ['warning'],
      args: { url: PRM_URL, detail: 'invalid: HTTP 404 (text/plain)' },
      message: /^http:\/\/127\.0\.0\.1:8000\/\.well-known\/oauth-protected-resource\/mcp: "invalid: HTTP 404 \(text\/plain\)"\.$/,
    },
    {
      name: 'resource_metadata on another host is not fetched',
      ctx: withToken,
      observations: {
        'server-auth': probes({
          challenge: { scheme: 'Bearer', resourceMetadata: 'https://metadata.example.net/.well-known/oauth-protected-resource' },
          prm: { url: 'https://metadata.example.net/.well-known/oauth-protected-resource', outcome: 'refused-url', problem: "it is on another host (metadata.example.net); metadata is fetched only from the target's own host (127.0.0.1)" },
        }),
      },
      codes: ['PRM_INVALID'],
      args: { detail: "refused-url: it is on another host (metadata.example.net); metadata is fetched only from the target's own host (127.0.0.1)" },
    },
    {
      name: 'metadata without a resource',
      ctx: withToken,
      observations: { 'server-auth': probes({ prm: { url: PRM_URL, outcome: 'invalid', status: 200, problem: 'the document has no "resource" string (RFC 9728 §2)', authorizationServers: ['https://auth.example.com'] } }) },
      codes: ['PRM_INVALID'],
    },
    {
      name: 'metadata unreachable without a stated problem',
      ctx: withToken,
      observations: { 'server-auth': probes({ prm: { url: PRM_URL, outcome: 'unreachable' } }) },
      codes: ['PRM_INVALID'],
      args: { url: PRM_URL, detail: 'unreachable' },
    },
    {
      name: 'resource names another host (the public URL behind a proxy)',
      ctx: withToken,
      observations: { 'server-auth': probes({ prm: { ...okPrm, resource: 'https://mcp.example.com/mcp' } }) },
      codes: ['PRM_INVALID'],
      args: { url: PRM_URL, detail: `its resource https://mcp.example.com/mcp is not the endpoint ${DEFAULT_TARGET_URL}` },
      message: /^http:\/\/127\.0\.0\.1:8000\/\.well-known\/oauth-protected-resource\/mcp: "its resource https:\/\/mcp\.example\.com\/mcp is not the endpoint http:\/\/127\.0\.0\.1:8000\/mcp"\.$/,
    },
    {
      name: 'resource names another path',
      ctx: withToken,
      observations: { 'server-auth': probes({ prm: { ...okPrm, resource: `${ORIGIN}/` } }) },
      codes: ['PRM_INVALID'],
    },
    {
      name: 'resource adds a query the endpoint does not have',
      ctx: withToken,
      observations: { 'server-auth': probes({ prm: { ...okPrm, resource: `${DEFAULT_TARGET_URL}?tenant=a` } }) },
      codes: ['PRM_INVALID'],
    },
    {
      name: 'resource is not a URL',
      ctx: withToken,
      observations: { 'server-auth': probes({ prm: { ...okPrm, resource: 'weather-mcp' } }) },
      codes: ['PRM_INVALID'],
      args: { detail: `its resource weather-mcp is not the endpoint ${DEFAULT_TARGET_URL}` },
    },
    {
      name: 'a forged token served and the metadata missing: both',
      ctx: withToken,
      observations: { 'server-auth': probes({ garbageToken: initOk({ label: LABELS.garbage }), prm: { url: PRM_URL, outcome: 'invalid', status: 404, problem: 'HTTP 404 (text/plain)' } }) },
      codes: ['INVALID_TOKEN_ACCEPTED', 'PRM_INVALID'],
      severities: ['error', 'warning'],
    },
  ],
});

describe('server-auth evidence', () => {
  it('a metadata finding names the credential-free GET and its status', () => {
    const { findings } = runCheck(serverAuth, { 'server-auth': probes({ prm: { url: PRM_URL, outcome: 'invalid', status: 404, problem: 'HTTP 404 (text/plain)' } }) }, makeContext(withToken));
    expect(findings[0]?.evidence).toEqual({ request: `GET ${PRM_URL} (no credentials)`, status: 404 });
  });

  it('a resource mismatch is judged against the target URL of the run', () => {
    const target = { input: 'https://mcp.example.com/mcp', url: 'https://mcp.example.com/mcp', origin: 'https://mcp.example.com', kind: 'url' as const, isLoopback: false };
    const observation = { 'server-auth': probes({ prm: { ...okPrm, url: 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp', resource: 'https://mcp.example.com/mcp' } }) };
    expect(runCheck(serverAuth, observation, makeContext({ ...withToken, target })).findings).toEqual([]);
    expect(runCheck(serverAuth, observation, makeContext(withToken)).findings.map((f) => f.code)).toEqual(['PRM_INVALID']);
  });

  it('UNAUTHENTICATED_ACCESS_ALLOWED carries the served exchange', () => {
    const { findings } = runCheck(serverAuth, { 'server-auth': probes({ noToken: initOk({ label: LABELS.noToken }), ...noChallenge, prm: undefined }) }, makeContext(withToken));
    expect(findings[0]?.evidence).toMatchObject({ request: expect.stringMatching(/^POST http:\/\/127\.0\.0\.1:8000\/mcp/) as unknown as string, status: 200 });
  });
});

/**
 * Pins what counts as "served" (a 2xx carrying a JSON-RPC result, nothing else), the metadata
 * findings' exact evidence, and the resource comparison when the target itself ends in a slash.
 */
describe('server-auth edges', () => {
  const codesOf = (observation: ServerAuthObservation, ctx = makeContext(withToken)) => runCheck(serverAuth, { 'server-auth': observation }, ctx).findings.map((f) => f.code);

  it.each<[string, HttpExchange]>([
    ['a 500 whose body is a JSON-RPC result', exchange({ label: LABELS.garbage, status: 500, headers: { 'content-type': 'application/json' }, bodyExcerpt: '{"jsonrpc":"2.0","id":1,"result":{}}' })],
    ['a 401 whose body is a JSON-RPC result', exchange({ label: LABELS.garbage, status: 401, headers: { 'content-type': 'application/json' }, bodyExcerpt: '{"jsonrpc":"2.0","id":1,"result":{}}' })],
    ['a 200 with a plain body and no JSON-RPC', exchange({ label: LABELS.garbage, status: 200, headers: { 'content-type': 'text/plain' }, bodyExcerpt: 'OK' })],
  ])('a forged token answered with %s is not accepted', (_name, answer) => {
    expect(codesOf(probes({ garbageToken: answer }))).toStrictEqual([]);
  });

  it('a forged token answered 299 with a result is accepted', () => {
    expect(codesOf(probes({ garbageToken: initOk({ label: LABELS.garbage, status: 299 }) }))).toStrictEqual(['INVALID_TOKEN_ACCEPTED']);
  });

  it('metadata named by the challenge but never fetched is not judged', () => {
    expect(codesOf(probes({ prm: undefined }))).toStrictEqual([]);
  });

  it('unreachable metadata without a status has no status in its evidence', () => {
    const { findings } = runCheck(serverAuth, { 'server-auth': probes({ prm: { url: PRM_URL, outcome: 'unreachable' } }) }, makeContext(withToken));
    expect(findings).toStrictEqual([{ code: 'PRM_INVALID', args: { url: PRM_URL, detail: 'unreachable' }, evidence: { request: `GET ${PRM_URL} (no credentials)` } }]);
  });

  it('a resource mismatch names the credential-free GET', () => {
    const { findings } = runCheck(serverAuth, { 'server-auth': probes({ prm: { ...okPrm, resource: 'https://mcp.example.com/mcp' } }) }, makeContext(withToken));
    expect(findings).toStrictEqual([
      { code: 'PRM_INVALID', args: { url: PRM_URL, detail: `its resource https://mcp.example.com/mcp is not the endpoint ${DEFAULT_TARGET_URL}` }, evidence: { request: `GET ${PRM_URL} (no credentials)` } },
    ]);
  });

  it('a target ending in a slash matches a resource without one', () => {
    const url = `${DEFAULT_TARGET_URL}/`;
    const target = { input: url, url, origin: ORIGIN, kind: 'url' as const, isLoopback: true };
    expect(codesOf(probes(), makeContext({ ...withToken, target }))).toStrictEqual([]);
  });
});
