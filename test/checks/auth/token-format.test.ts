import { afterAll, describe, expect, it, vi } from 'vitest';
import { tokenFormat } from '../../../src/checks/auth/token-format.js';
import type { CheckContext } from '../../../src/model/contracts.js';
import { decodeTokenUnverified } from '../../../src/probes/token.js';
import { resolveTargetInput } from '../../../src/targets/resolve.js';
import { makeContext, runCheck, testCheck } from '../../helpers/check-tester.js';

const NOW = Date.UTC(2026, 4, 1, 12, 0, 0);
const NOW_S = NOW / 1000;
vi.useFakeTimers({ toFake: ['Date'] });
vi.setSystemTime(NOW);
afterAll(() => {
  vi.useRealTimers();
});

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (claims: Record<string, unknown>): string => `${b64({ alg: 'RS256', kid: 'k1' })}.${b64(claims)}.${'s'.repeat(43)}`;
const token = (claims: Record<string, unknown>) => ({ token: decodeTokenUnverified(jwt(claims)) });
const raw = (value: string) => ({ token: decodeTokenUnverified(value) });

// An ARN target with no control plane at all: the check reads nothing but the token.
const arnCtx: Partial<CheckContext> = { profile: 'agentcore', target: resolveTargetInput('arn:aws:bedrock-agentcore:us-west-2:123456789012:runtime/weather-Xq7Lm2Pa9R', { env: {} }), hasToken: true, requestAuth: 'bearer' };
const urlCtx: Partial<CheckContext> = { profile: 'generic', hasToken: true, requestAuth: 'bearer' };

testCheck(tokenFormat, {
  valid: [
    { name: 'a current JWT on an ARN target', observations: token({ exp: NOW_S + 3600, client_id: 'c' }), ctx: arnCtx },
    { name: 'a current JWT on a URL target', observations: token({ exp: NOW_S + 3600 }), ctx: urlCtx },
    { name: 'a JWT without exp on a URL target (the server decides)', observations: token({ sub: 'x' }), ctx: urlCtx },
    { name: 'a JWT with 30 s left on a URL target (the one-minute margin is AgentCore\'s)', observations: token({ exp: NOW_S + 30 }), ctx: urlCtx },
    { name: 'no token', observations: { token: { present: false } }, ctx: { ...arnCtx, hasToken: false }, notApplicable: /^no bearer token was given$/ },
    { name: 'an opaque token on a URL target', observations: raw('gho_16C7e42F292c6912E7710c838347Ae178B4a'), ctx: urlCtx, notApplicable: /opaque \(not a JWT\)/ },
  ],
  invalid: [
    { name: 'garbage on an ARN target without AWS credentials', observations: raw('garbage'), ctx: arnCtx, codes: ['TOKEN_MALFORMED'], message: /^The token is not a JWT: 1 dot-separated part instead of 3/ },
    { name: 'a JWE (5 parts) on an ARN target', observations: raw('eyJhbGciOiJSU0EtT0FFUCJ9.a2V5.aXY.Y2lwaGVy.dGFn'), ctx: arnCtx, codes: ['TOKEN_MALFORMED'], message: /5 dot-separated parts instead of 3/ },
    { name: 'three parts that are not JSON, on a URL target', observations: raw('aaa.bbb.ccc'), ctx: urlCtx, codes: ['TOKEN_MALFORMED'] },
    { name: '"undefined" on a URL target', observations: raw('undefined'), ctx: urlCtx, codes: ['BEARER_PLACEHOLDER'] },
    { name: '"null" on an ARN target', observations: raw('null'), ctx: arnCtx, codes: ['BEARER_PLACEHOLDER'] },
    { name: 'an expired JWT on an ARN target', observations: token({ exp: NOW_S - 7200 }), ctx: arnCtx, codes: ['TOKEN_EXPIRED'], message: /^The token expired 2 h ago \(exp 2026-05-01T10:00:00.000Z, UNVERIFIED\)/ },
    { name: 'an expired JWT on a URL target', observations: token({ exp: NOW_S - 10 }), ctx: urlCtx, codes: ['TOKEN_EXPIRED'] },
    { name: '30 s left on an ARN target', observations: token({ exp: NOW_S + 30 }), ctx: arnCtx, codes: ['TOKEN_EXPIRING'], severities: ['error'], message: /expires in 30 s: AgentCore rejects/ },
    { name: '200 s left on an ARN target', observations: token({ exp: NOW_S + 200 }), ctx: arnCtx, codes: ['TOKEN_EXPIRING'], severities: ['warning'] },
    { name: 'nbf in the future', observations: token({ exp: NOW_S + 3600, nbf: NOW_S + 600 }), ctx: urlCtx, codes: ['TOKEN_NOT_YET_VALID'], message: /10 min in the future/ },
    { name: 'no exp on an ARN target', observations: token({ sub: 'x' }), ctx: arnCtx, codes: ['TOKEN_MALFORMED'], message: /no exp claim/ },
  ],
});

/**
 * Pins that either an AgentCore target or the agentcore profile alone makes a JWT required (an
 * opaque token is then judged), and that a decoded observation without claims yields nothing.
 */
describe('token-format: where a JWT is required', () => {
  const arnTarget = arnCtx.target;
  const opaque = raw('gho_16C7e42F292c6912E7710c838347Ae178B4a');
  it.each<[string, Partial<CheckContext>, true | RegExp, string[]]>([
    ['a URL target, generic profile', urlCtx, /^the token is opaque \(not a JWT\)/, []],
    ['a URL target, agentcore profile', { ...urlCtx, profile: 'agentcore' }, true, ['TOKEN_MALFORMED']],
    ['an AgentCore target, generic profile', { ...urlCtx, ...(arnTarget ? { target: arnTarget } : {}) }, true, ['TOKEN_MALFORMED']],
  ])('an opaque token on %s', (_name, ctx, applies, codes) => {
    const outcome = runCheck(tokenFormat, opaque, makeContext(ctx));
    if (applies === true) expect(outcome.applies).toBe(true);
    else expect(outcome.applies).toMatch(applies);
    expect(outcome.findings.map((f) => f.code)).toStrictEqual(codes);
  });

  it('a present token without decoded claims gives no finding where a JWT is not required', () => {
    expect(runCheck(tokenFormat, { token: { present: true } }, makeContext(urlCtx))).toStrictEqual({ applies: true, findings: [] });
  });
});
