import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { derivations } from '../../src/checks/derived-observations.js';
import { checks } from '../../src/checks/index.js';
import { mapAuthorizerAnswer } from '../../src/checks/auth/authorizer-answer.js';
import type { CheckDefinition } from '../../src/model/contracts.js';
import { classifyAwsError } from '../../src/probes/aws/control-plane.js';
import { classifyNetworkError } from '../../src/probes/classify-error.js';
import type { NetworkErrorKind, HttpExchange, ProbeId } from '../../src/model/observations.js';
import { readJsonRpc } from '../../src/probes/jsonrpc.js';
import { sanitizeText } from '../../src/security/sanitize-text.js';
import { makeContext, runCheck } from '../helpers/check-tester.js';
import { hostileString, runs, timeoutFor } from './runs.js';

/**
 * Classifiers turn what a hostile network and server did into one stable answer: every input
 * (status, headers, body prefix, error object) gets exactly one category, the same one every time,
 * and nothing throws.
 */

/** Every kind, checked against the type: adding a kind without listing it here fails the typecheck. */
const KIND_SET: Record<NetworkErrorKind, true> = { refused: true, dns: true, tls: true, timeout: true, reset: true, protocol: true, 'too-large': true, aborted: true, other: true };
const KINDS = Object.keys(KIND_SET) as NetworkErrorKind[];
const ERROR_CODES = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_ABORTED', 'UND_ERR_RES_EXCEEDED_MAX_SIZE', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'ERR_TLS_CERT_ALTNAME_INVALID', 'ERR_SSL_WRONG_VERSION_NUMBER', 'ABORT_ERR', 'ERR_INVALID_URL'];
const ERROR_NAMES = ['TimeoutError', 'AbortError', 'TypeError', 'Error', 'SocketError', 'ConnectTimeoutError', 'ResourceNotFoundException', 'AccessDeniedException', 'CredentialsProviderError', 'ExpiredTokenException'];

/** Error-shaped things as undici, Node, the AWS SDK (and anything else) throw them, chains included. */
const errorLike: fc.Arbitrary<unknown> = fc.letrec<{ error: unknown }>((tie) => ({
  error: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(undefined, null, 0, '', 'boom', Symbol('s'), Object.create(null) as object, [] as unknown[]),
    fc.record(
      {
        name: fc.oneof(fc.constantFrom(...ERROR_NAMES), hostileString(12)),
        code: fc.oneof(fc.constantFrom(...ERROR_CODES), hostileString(12), fc.integer(), fc.constant(Object.create(null) as object)),
        message: fc.oneof(hostileString(80), fc.constant('Client network socket disconnected before secure TLS connection was established'), fc.integer()),
        cause: tie('error'),
        $metadata: fc.record({ httpStatusCode: fc.integer({ min: 100, max: 599 }) }),
      },
      { requiredKeys: [] },
    ),
    fc.tuple(fc.constantFrom(...ERROR_NAMES), hostileString(40), tie('error')).map(([name, message, cause]) => {
      const error = new Error(message, { cause });
      error.name = name;
      return error;
    }),
  ),
})).error;

/** A cyclic cause chain: `a.cause = b`, `b.cause = a`. */
const cyclic = fc.tuple(fc.constantFrom(...ERROR_CODES), fc.constantFrom(...ERROR_CODES)).map(([a, b]) => {
  const first: Record<string, unknown> = { code: a };
  const second: Record<string, unknown> = { code: b, cause: first };
  first.cause = second;
  return first;
});

const statusArb = fc.oneof(fc.constantFrom(200, 202, 204, 301, 302, 307, 308, 400, 401, 403, 404, 405, 406, 415, 421, 429, 500, 502, 503, 504), fc.integer({ min: 100, max: 599 }));
const contentType = fc.constantFrom(undefined, 'application/json', 'text/event-stream', 'text/html', 'text/plain', 'application/xml', '');
const bodyArb = fc.oneof(
  hostileString(200),
  fc.constantFrom(
    '{"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"2025-06-18","capabilities":{},"serverInfo":{"name":"x","version":"1"}}}',
    '{"jsonrpc":"2.0","id":1,"error":{"code":-32010,"message":"Received error (502) from runtime"}}',
    '{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Bad Request: No valid session ID provided"}}',
    '{"message":"Claim \'client_id\' value mismatch with configuration."}',
    '{"message":"Missing Authentication Token"}',
    '<html><head><title>Sign in</title></head><body><pre>Cannot POST /mcp</pre></body></html>',
    'Invalid Host header',
    '',
  ),
  fc.json({ depthSize: 'small' }),
);

/** An exchange as the probe layer returns it (already sanitized), with every field hostile. */
const exchangeArb: fc.Arbitrary<HttpExchange> = fc
  .record({
    label: fc.constantFrom('POST initialize', 'GET stream'),
    method: fc.constantFrom<'POST' | 'GET'>('POST', 'GET'),
    outcome: fc.constantFrom<HttpExchange['outcome']>('response', 'response', 'response', 'network-error', 'timeout'),
    status: statusArb,
    contentType,
    location: fc.option(fc.oneof(hostileString(40), fc.constantFrom('/mcp/', '/mcp', 'http://127.0.0.1:8000/mcp/', 'https://login.example/', 'http://[::1', '//evil.example/x', 'javascript:alert(1)')), { nil: undefined }),
    wwwAuthenticate: fc.option(fc.oneof(hostileString(40), fc.constant('Bearer resource_metadata="http://127.0.0.1:8000/.well-known/oauth-protected-resource"')), { nil: undefined }),
    body: bodyArb,
    containerStatus: fc.option(statusArb, { nil: undefined }),
    sse: fc.option(fc.record({ events: fc.nat({ max: 5 }), firstEvent: fc.constantFrom('message', 'endpoint', ''), bytes: fc.nat(), ended: fc.boolean() }), { nil: undefined }),
    error: fc.option(fc.record({ kind: fc.constantFrom(...KINDS), code: fc.constantFrom(...ERROR_CODES), message: hostileString(40) }), { nil: undefined }),
    tokenReflected: fc.boolean(),
  })
  .map((r) => {
    const headers: Record<string, string> = {};
    if (r.contentType) headers['content-type'] = r.contentType;
    if (r.location !== undefined) headers.location = sanitizeText(r.location, 1000);
    if (r.wwwAuthenticate !== undefined) headers['www-authenticate'] = sanitizeText(r.wwwAuthenticate, 1000);
    const exchange: HttpExchange = {
      label: r.label,
      method: r.method,
      url: 'http://127.0.0.1:8000/mcp',
      requestHeaders: { accept: 'application/json, text/event-stream' },
      outcome: r.outcome,
      headers,
      bodyExcerpt: sanitizeText(r.body, 2000),
      bodyTruncated: false,
      durationMs: 5,
      tokenReflected: r.tokenReflected,
    };
    if (r.outcome === 'response') {
      exchange.status = r.status;
      if (r.contentType) exchange.contentType = r.contentType;
      if (r.contentType === 'application/json' || r.body.startsWith('{')) exchange.jsonrpc = readJsonRpc(r.body);
      if (r.containerStatus !== undefined) exchange.containerStatus = r.containerStatus;
      if (r.sse && r.contentType === 'text/event-stream') exchange.sse = r.sse;
    } else if (r.error) {
      exchange.error = { ...r.error, kind: r.outcome === 'timeout' ? 'timeout' : r.error.kind };
    }
    return exchange;
  });

const EXCHANGE_PROBES = new Set<string>(['init', 'get-stream']);
/** Observations derived from those exchanges alone, as the engine derives them (in this order). */
const EXCHANGE_DERIVATIONS = derivations.filter((d) => ['answer', 'container-answer', 'mcp-answer', 'headers-accepted', 'initialized'].includes(d.id));
for (const derivation of EXCHANGE_DERIVATIONS) EXCHANGE_PROBES.add(derivation.id);
/** Checks that read nothing but exchanges: the HTTP-level classifiers. */
const exchangeChecks = (checks as readonly CheckDefinition<ProbeId, ProbeId>[]).filter(
  (c) => c.needs.length > 0 && [...c.needs, ...(c.uses ?? [])].every((p) => EXCHANGE_PROBES.has(p)),
);

describe('classifier properties', { timeout: timeoutFor(1, 30) }, () => {
  it('gives every network error exactly one known kind, deterministically, without throwing', () => {
    fc.assert(
      fc.property(fc.oneof(errorLike, cyclic), fc.boolean(), (error, deadlineHit) => {
        const first = classifyNetworkError(error, deadlineHit);
        expect(KINDS).toContain(first.kind);
        expect(typeof first.code).toBe('string');
        expect(typeof first.message).toBe('string');
        expect(classifyNetworkError(error, deadlineHit)).toEqual(first);
        if (deadlineHit) expect(first.kind).toBe('timeout');
      }),
      runs(),
    );
  });

  it('classifies the well-known codes by code, wherever they sit in the cause chain', () => {
    const expected: Record<string, NetworkErrorKind> = { ECONNREFUSED: 'refused', ENOTFOUND: 'dns', UND_ERR_HEADERS_TIMEOUT: 'timeout', ECONNRESET: 'reset', CERT_HAS_EXPIRED: 'tls' };
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(expected)), fc.nat({ max: 5 }), hostileString(30), (code, depth, message) => {
        let error: unknown = Object.assign(new Error(message), { code });
        for (let i = 0; i < depth; i++) error = new TypeError('fetch failed', { cause: error });
        expect(classifyNetworkError(error).kind).toBe(expected[code]);
      }),
      runs(),
    );
  });

  it('gives every AWS SDK error exactly one kind, deterministically, without throwing', () => {
    fc.assert(
      fc.property(fc.oneof(errorLike, cyclic), (error) => {
        const first = classifyAwsError(error, 'bedrock-agentcore:GetAgentRuntime');
        expect(['not-found', 'access-denied', 'no-credentials', 'network', 'other']).toContain(first.kind);
        expect(classifyAwsError(error, 'bedrock-agentcore:GetAgentRuntime')).toEqual(first);
        expect(first.message).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/);
      }),
      runs(),
    );
  });

  it(`gives every HTTP exchange at most one declared finding per classifying check (${exchangeChecks.length} checks), deterministically`, () => {
    expect(exchangeChecks.map((c) => c.id)).toContain('endpoint-speaks-mcp');
    fc.assert(
      fc.property(exchangeArb, fc.option(exchangeArb, { nil: undefined }), fc.constantFrom('generic', 'agentcore'), fc.boolean(), (init, get, profile, hasToken) => {
        const ctx = makeContext({ profile: profile as 'generic', hasToken, requestAuth: hasToken ? 'bearer' : 'none' });
        const present: Record<string, unknown> = { init, ...(get ? { 'get-stream': get } : {}) };
        for (const derivation of EXCHANGE_DERIVATIONS) {
          if (!derivation.needs.every((key) => key in present)) continue;
          const derived = derivation.derive(present as never, ctx);
          if ('value' in derived) present[derivation.id] = derived.value;
        }
        // The engine runs a check only when every probe it needs produced an observation.
        for (const check of exchangeChecks.filter((c) => c.needs.every((p) => p in present))) {
          const observations = present as never;
          const first = runCheck(check, observations, ctx);
          expect(runCheck(check, observations, ctx)).toEqual(first);
          for (const finding of first.findings) expect(check.codes).toContain(finding.code);
          if (check.id === 'endpoint-speaks-mcp') expect(first.findings.length).toBeLessThanOrEqual(1);
        }
      }),
      runs(),
    );
  });

  it('maps every 401/403 authorizer answer to at most one code, and anything else to none', () => {
    fc.assert(
      fc.property(exchangeArb, fc.constantFrom(undefined, 'id', 'access'), (init, tokenUse) => {
        const token = tokenUse ? { present: true, claims: { names: ['token_use'], values: {}, token_use: tokenUse } } : undefined;
        const first = mapAuthorizerAnswer(init, token);
        expect(mapAuthorizerAnswer(init, token)).toEqual(first);
        const status = init.containerStatus ?? init.status;
        if (status !== 401 && status !== 403) expect(first).toBeUndefined();
      }),
      runs(),
    );
  });
});
