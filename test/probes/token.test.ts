import { generateKeyPair, SignJWT, type JWTHeaderParameters, type JWTPayload } from 'jose';
import { describe, expect, it } from 'vitest';
import { decodeTokenUnverified } from '../../src/probes/token.js';

const ISSUER = 'https://cognito-idp.us-west-2.amazonaws.com/us-west-2_Ab12Cd34E';
const CLIENT = '3n4b5urk1ft4fl3mg5e62d9ado';
const MAX = 16 * 1024;

const { privateKey } = await generateKeyPair('RS256');

function sign(claims: JWTPayload, header: Partial<JWTHeaderParameters> = {}): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1', ...header }).sign(privateKey);
}

const b64 = (value: unknown): string => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A compact JWS from raw segments, for shapes jose refuses to sign. */
function compact(header: unknown, payload: unknown, signature = 'c2lnbmF0dXJl'): string {
  return `${b64(header)}.${b64(payload)}.${signature}`;
}

describe('decodeTokenUnverified: Cognito tokens', () => {
  it('reads a Cognito access token', async () => {
    const token = await sign({
      sub: '5f2c6a1e-7b3d-4e8f-9a0b-1c2d3e4f5a6b',
      iss: ISSUER,
      client_id: CLIENT,
      origin_jti: '0d9c8b7a-6e5f-4a3b-2c1d-0e9f8a7b6c5d',
      event_id: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
      token_use: 'access',
      scope: 'mcp-server/invoke aws.cognito.signin.user.admin',
      auth_time: 1777636740,
      iat: 1777636740,
      exp: 1777640400,
      jti: '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
      username: 'alice',
    });
    expect(decodeTokenUnverified(token)).toEqual({
      present: true,
      header: { alg: 'RS256', kid: 'k1' },
      claims: {
        iss: ISSUER,
        sub: '5f2c6a1e-7b3d-4e8f-9a0b-1c2d3e4f5a6b',
        client_id: CLIENT,
        token_use: 'access',
        scope: ['mcp-server/invoke', 'aws.cognito.signin.user.admin'],
        iat: 1777636740,
        exp: 1777640400,
        names: ['auth_time', 'client_id', 'event_id', 'exp', 'iat', 'iss', 'jti', 'origin_jti', 'scope', 'sub', 'token_use', 'username'],
      },
    });
  });

  it('reads a Cognito ID token: aud as a string becomes a list, no client_id, other values dropped', async () => {
    const token = await sign({ sub: 'u-1', aud: CLIENT, iss: ISSUER, token_use: 'id', 'cognito:username': 'alice', email: 'alice@example.com', iat: 1777636740, exp: 1777640400 });
    const observation = decodeTokenUnverified(token);
    expect(observation.claims).toMatchObject({ aud: [CLIENT], token_use: 'id' });
    expect(observation.claims?.client_id).toBeUndefined();
    expect(observation.claims?.scope).toBeUndefined();
    expect(observation.claims?.names).toContain('cognito:username');
    // Only the names of unknown claims are kept, never their values.
    expect(JSON.stringify(observation)).not.toMatch(/alice/);
  });
});

describe('decodeTokenUnverified: claim shapes', () => {
  it('keeps the string entries of an aud array', async () => {
    const token = compact({ alg: 'RS256' }, { aud: ['api://mcp', 42, null, 'https://mcp.example.com'] });
    expect(decodeTokenUnverified(token).claims?.aud).toEqual(['api://mcp', 'https://mcp.example.com']);
  });

  it('splits a scope string on any whitespace', async () => {
    const token = await sign({ scope: '  openid\tmcp/read   mcp/write\n' });
    expect(decodeTokenUnverified(token).claims?.scope).toEqual(['openid', 'mcp/read', 'mcp/write']);
  });

  it('reads an Okta scp list, keeping only strings', async () => {
    const token = await sign({ cid: '0oa1b2c3d4e5f6g7h8i9', scp: ['mcp.invoke', 7, 'offline_access'] });
    const claims = decodeTokenUnverified(token).claims;
    expect(claims?.scope).toEqual(['mcp.invoke', 'offline_access']);
    expect(claims?.client_id).toBeUndefined();
    expect(claims?.otherClientClaims).toEqual({ cid: '0oa1b2c3d4e5f6g7h8i9' });
  });

  it('prefers the scope string over an scp list', async () => {
    expect(decodeTokenUnverified(await sign({ scope: 'a b', scp: ['c'] })).claims?.scope).toEqual(['a', 'b']);
  });

  it('collects Entra azp and appid', async () => {
    const token = await sign({ aud: 'api://mcp', azp: 'c0ffee00-1111-2222-3333-444455556666', appid: 'c0ffee00-1111-2222-3333-444455556666', ver: '1.0' });
    expect(decodeTokenUnverified(token).claims?.otherClientClaims).toEqual({ azp: 'c0ffee00-1111-2222-3333-444455556666', appid: 'c0ffee00-1111-2222-3333-444455556666' });
  });

  it('drops claims of the wrong type', () => {
    const token = compact({ alg: 'RS256', kid: 7, typ: 'at+jwt' }, { iss: { host: 'x' }, exp: '1777640400', nbf: null, iat: 1.5e9, client_id: 12345, token_use: ['access'] });
    const observation = decodeTokenUnverified(token);
    expect(observation.header).toEqual({ alg: 'RS256', typ: 'at+jwt' });
    expect(observation.claims).toEqual({ iat: 1.5e9, names: ['client_id', 'exp', 'iat', 'iss', 'nbf', 'token_use'] });
  });

  it('decodes an unsigned token (alg none, empty signature) without judging it', () => {
    const observation = decodeTokenUnverified(`${b64({ alg: 'none' })}.${b64({ sub: 'x' })}.`);
    expect(observation).toEqual({ present: true, header: { alg: 'none' }, claims: { sub: 'x', names: ['sub'] } });
  });
});

describe('decodeTokenUnverified: what is not a JWT', () => {
  it.each(['undefined', 'null', 'None', '', '   ', '""', "''", '${token}', '${TOKEN}', '$token', ' Undefined\n'])('reads %j as a placeholder', (token) => {
    expect(decodeTokenUnverified(token)).toEqual({ present: true, placeholder: true });
  });

  it.each([
    ['a 2-part token', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0', /^2 dot-separated parts instead of 3/],
    ['an opaque token', 'gho_16C7e42F292c6912E7710c838347Ae178B4a', /^1 dot-separated parts instead of 3 \(an opaque token, not a JWT\)$/],
    ['a JWE (5 parts)', 'eyJhbGciOiJSU0EtT0FFUCJ9.a2V5.aXY.Y2lwaGVy.dGFn', /^5 dot-separated parts/],
    ['standard base64 with + and /', 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ+/x9In0.c2ln', /^characters outside base64url$/],
    ['base64 padding', 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0=.c2ln', /^characters outside base64url$/],
    ['a copied `Bearer ` prefix', 'Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln', /^characters outside base64url$/],
    ['a payload that is not JSON', `${b64({ alg: 'RS256' })}.${b64('not json at all')}.c2ln`, /^a header or payload that is not base64url-encoded JSON$/],
    ['a payload that is a JSON array', `${b64({ alg: 'RS256' })}.${b64([1, 2])}.c2ln`, /not base64url-encoded JSON/],
    ['a payload that is JSON null', `${b64({ alg: 'RS256' })}.${b64('null')}.c2ln`, /not base64url-encoded JSON/],
    ['a header that is not JSON', `${b64('RS256')}.${b64({ sub: 'x' })}.c2ln`, /not base64url-encoded JSON/],
    ['not.a.token', 'not.a.token', /not base64url-encoded JSON/],
  ])('rejects %s', (_name, token, reason) => {
    const observation = decodeTokenUnverified(token);
    expect(observation.present).toBe(true);
    expect(observation.claims).toBeUndefined();
    expect(observation.malformed).toMatch(reason);
  });

  it('refuses a token over 16 KiB before splitting it', async () => {
    const huge = await sign({ sub: 'x', padding: 'p'.repeat(MAX) });
    expect(huge.length).toBeGreaterThan(MAX);
    expect(decodeTokenUnverified(huge)).toEqual({ present: true, malformed: `longer than ${MAX} characters` });
  });

  it('reads a token of exactly 16 KiB', () => {
    const unsigned = `${b64({ alg: 'none' })}.${b64({ sub: 'x', padding: 'p'.repeat(12_000) })}.`;
    const token = `${unsigned}${'s'.repeat(MAX - unsigned.length)}`;
    expect(token.length).toBe(MAX);
    expect(decodeTokenUnverified(token).claims?.sub).toBe('x');
    expect(decodeTokenUnverified(`${token}s`).malformed).toBe(`longer than ${MAX} characters`);
  });
});

/** mulberry32: a small seeded PRNG, so a failing input can be reproduced. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('decodeTokenUnverified: random input', () => {
  const random = prng(0x5eed_2026);
  const int = (n: number): number => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  const chars = (alphabet: string, length: number): string => Array.from({ length }, () => alphabet[int(alphabet.length)]).join('');
  const anyChar = (): string => String.fromCodePoint(pick([int(0x80), int(0x80), 0x80 + int(0x780), 0xd800 + int(0x800), 0x1f300 + int(0x100)]));
  const secret = (): string => `s3cr3t-${chars(BASE64URL, 24)}`;

  /** Structured claims with a secret in an unknown claim and random values in known ones. */
  const claimsWith = (hidden: string): Record<string, unknown> => ({
    [pick(['password', 'x-api-key', 'custom:tenant', 'nonce'])]: hidden,
    ...(random() < 0.5 ? { iss: pick([ISSUER, 42, null, ['a']]) } : {}),
    ...(random() < 0.5 ? { aud: pick([CLIENT, [CLIENT, 7], {}, '']) } : {}),
    ...(random() < 0.5 ? { scope: pick(['a b', 3, ['x']]), scp: pick([['y'], 'z']) } : {}),
    ...(random() < 0.5 ? { exp: pick([1777640400, '1777640400', Number.MAX_SAFE_INTEGER, -1]) } : {}),
  });

  const generators: Array<() => { token: string; hidden?: string }> = [
    () => ({ token: Array.from({ length: 8 + int(80) }, anyChar).join('') }),
    () => ({ token: Array.from({ length: 3 }, () => chars(BASE64URL, 8 + int(60))).join('.') }),
    () => ({ token: Array.from({ length: 1 + int(6) }, () => chars(`${BASE64URL}.+/= `, int(40))).join('.').padEnd(8, 'x') }),
    () => {
      const hidden = secret();
      return { token: compact({ alg: pick(['RS256', 'none', 5]), kid: 'k1', [pick(['jku', 'x5u', 'crit'])]: hidden }, claimsWith(hidden), chars(BASE64URL, 43)), hidden };
    },
    () => {
      const hidden = secret();
      const token = compact({ alg: 'RS256' }, claimsWith(hidden), chars(BASE64URL, 43));
      const at = 1 + int(token.length - 2);
      return { token: `${token.slice(0, at)}${anyChar()}${token.slice(at + 1)}`, hidden };
    },
    () => ({ token: `${chars(BASE64URL, 20)}.${'A'.repeat(MAX - 40 + int(60))}.${chars(BASE64URL, 18)}` }),
  ];

  it('never throws and never echoes the token, its signature or an unknown claim value (400 seeded cases)', () => {
    const kinds = new Set<string>();
    for (let i = 0; i < 400; i++) {
      const { token, hidden } = pick(generators)();
      let output = '';
      try {
        const observation = decodeTokenUnverified(token);
        output = JSON.stringify(observation);
        expect(observation.present, `case ${i}`).toBe(true);
        const verdicts = [observation.placeholder === true, observation.malformed !== undefined, observation.claims !== undefined].filter(Boolean);
        expect(verdicts, `case ${i}: exactly one verdict for ${JSON.stringify(token.slice(0, 60))}`).toHaveLength(1);
        kinds.add(observation.claims ? 'claims' : observation.malformed ? 'malformed' : 'placeholder');
      } catch (error) {
        throw new Error(`case ${i} (${JSON.stringify(token.slice(0, 60))}): ${String(error)}`);
      }
      expect(output.includes(token), `case ${i} echoed the token`).toBe(false);
      const signature = token.split('.')[2];
      if (signature && signature.length >= 16) expect(output.includes(signature), `case ${i} echoed the signature`).toBe(false);
      if (hidden) expect(output.includes(hidden), `case ${i} echoed an unknown claim's value`).toBe(false);
    }
    // The generators must reach every branch, or the property proves little.
    expect([...kinds].sort()).toEqual(['claims', 'malformed']);
  });
});
