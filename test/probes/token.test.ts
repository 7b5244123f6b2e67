import { generateKeyPair, SignJWT, type JWTHeaderParameters, type JWTPayload } from 'jose';
import { describe, expect, it } from 'vitest';
import { decodeTokenUnverified } from '../../src/probes/token.js';

// Built at run time so no credential-shaped literal sits in the repository.
const RS256_HEADER = Buffer.from(JSON.stringify({ alg: 'RS256' })).toString('base64url');
const SUB_X = Buffer.from(JSON.stringify({ sub: 'x' })).toString('base64url');

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
        // Every string claim, for custom-claim rules; numbers (auth_time, iat, exp) are not values.
        values: {
          sub: '5f2c6a1e-7b3d-4e8f-9a0b-1c2d3e4f5a6b',
          iss: ISSUER,
          client_id: CLIENT,
          origin_jti: '0d9c8b7a-6e5f-4a3b-2c1d-0e9f8a7b6c5d',
          event_id: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
          token_use: 'access',
          scope: 'mcp-server/invoke aws.cognito.signin.user.admin',
          jti: '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
          username: 'alice',
        },
      },
    });
  });

  it('reads a Cognito ID token: aud as a string becomes a list, no client_id, custom claims kept as values', async () => {
    const token = await sign({
      sub: 'u-1',
      aud: CLIENT,
      iss: ISSUER,
      token_use: 'id',
      'cognito:username': 'alice',
      'cognito:groups': ['admins', 'engineering'],
      'custom:department': 'engineering',
      email: 'alice@example.com',
      email_verified: true,
      iat: 1777636740,
      exp: 1777640400,
    });
    const observation = decodeTokenUnverified(token);
    expect(observation.claims).toMatchObject({ aud: [CLIENT], token_use: 'id' });
    expect(observation.claims?.client_id).toBeUndefined();
    expect(observation.claims?.scope).toBeUndefined();
    expect(observation.claims?.names).toContain('cognito:username');
    // String and string-list values are kept verbatim (aud as sent, a string); booleans and numbers are not.
    expect(observation.claims?.values).toEqual({
      sub: 'u-1',
      aud: CLIENT,
      iss: ISSUER,
      token_use: 'id',
      'cognito:username': 'alice',
      'cognito:groups': ['admins', 'engineering'],
      'custom:department': 'engineering',
      email: 'alice@example.com',
    });
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
    // exp as a string is no exp, but it is a string value; token_use as a list is a list value.
    expect(observation.claims).toEqual({ iat: 1.5e9, names: ['client_id', 'exp', 'iat', 'iss', 'nbf', 'token_use'], values: { exp: '1777640400', token_use: ['access'] } });
  });

  it('decodes an unsigned token (alg none, empty signature) without judging it', () => {
    const observation = decodeTokenUnverified(`${b64({ alg: 'none' })}.${b64({ sub: 'x' })}.`);
    expect(observation).toEqual({ present: true, header: { alg: 'none' }, claims: { sub: 'x', names: ['sub'], values: { sub: 'x' } } });
  });
});

describe('decodeTokenUnverified: claim values (for custom-claim rules)', () => {
  it('keeps string and all-string list claims, drops other shapes', () => {
    const token = compact({ alg: 'RS256' }, {
      department: 'engineering',
      groups: ['ops', 'qa'],
      empty: [],
      mixed: ['ops', 7],
      nested: { team: 'ops' },
      listOfLists: [['ops']],
      count: 3,
      flag: true,
      nothing: null,
    });
    expect(decodeTokenUnverified(token).claims?.values).toEqual({ department: 'engineering', groups: ['ops', 'qa'], empty: [] });
  });

  it('cuts a value at 256 characters', () => {
    const token = compact({ alg: 'RS256' }, { long: 'a'.repeat(255) + 'bc' + 'd'.repeat(100), exact: 'e'.repeat(256) });
    const values = decodeTokenUnverified(token).claims?.values;
    expect(values?.long).toBe(`${'a'.repeat(255)}b`);
    expect(values?.exact).toBe('e'.repeat(256));
  });

  it('keeps the first 32 items of a list, each cut at 256 characters', () => {
    const groups = Array.from({ length: 40 }, (_, i) => `group-${i}`);
    groups[0] = 'g'.repeat(300);
    const values = decodeTokenUnverified(compact({ alg: 'RS256' }, { groups })).claims?.values;
    expect(values?.groups).toHaveLength(32);
    expect(values?.groups).toEqual(['g'.repeat(256), ...groups.slice(1, 32)]);
  });

  it('keeps at most 64 claims, while names lists them all', () => {
    const payload = Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`claim${String(i).padStart(2, '0')}`, `v${i}`]));
    const claims = decodeTokenUnverified(compact({ alg: 'RS256' }, payload)).claims;
    expect(claims?.names).toHaveLength(80);
    const kept = Object.keys(claims?.values ?? {});
    expect(kept).toHaveLength(64);
    for (const name of kept) expect(claims?.values[name]).toBe(payload[name]);
  });

  it('never keeps a JOSE header value other than alg, kid and typ', () => {
    const token = compact({ alg: 'RS256', kid: 'k1', jku: 'https://attacker.example/jwks' }, { sub: 'x' });
    expect(JSON.stringify(decodeTokenUnverified(token))).not.toContain('attacker.example');
  });
});

describe('decodeTokenUnverified: what is not a JWT', () => {
  it.each(['undefined', 'null', 'None', '', '   ', '""', "''", '${token}', '${TOKEN}', '$token', ' Undefined\n'])('reads %j as a placeholder', (token) => {
    expect(decodeTokenUnverified(token)).toEqual({ present: true, placeholder: true });
  });

  it.each([
    ['a 2-part token', [{ alg: 'HS256' }, { sub: 'x' }].map((part) => Buffer.from(JSON.stringify(part)).toString('base64url')).join('.'), /^2 dot-separated parts instead of 3/],
    ['an opaque token', 'gho_16C7e42F292c6912E7710c838347Ae178B4a', /^1 dot-separated part instead of 3 \(an opaque token, not a JWT\)$/],
    ['a JWE (5 parts)', 'eyJhbGciOiJSU0EtT0FFUCJ9.a2V5.aXY.Y2lwaGVy.dGFn', /^5 dot-separated parts/],
    ['standard base64 with + and /', `${RS256_HEADER}.eyJzdWIiOiJ+/x9In0.c2ln`, /^characters outside base64url$/],
    ['base64 padding', `${RS256_HEADER}.${SUB_X}=.c2ln`, /^characters outside base64url$/],
    ['a copied `Bearer ` prefix', `Bearer ${RS256_HEADER}.${SUB_X}.c2ln`, /^characters outside base64url$/],
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

  /** Structured claims: `value` in a custom claim, random values in known ones. */
  const claimsWith = (value: string): { claims: Record<string, unknown>; name: string } => {
    const name = pick(['department', 'custom:tenant', 'cognito:groups', 'nonce']);
    return {
      name,
      claims: {
        [name]: value,
        ...(random() < 0.5 ? { iss: pick([ISSUER, 42, null, ['a']]) } : {}),
        ...(random() < 0.5 ? { aud: pick([CLIENT, [CLIENT, 7], {}, '']) } : {}),
        ...(random() < 0.5 ? { scope: pick(['a b', 3, ['x']]), scp: pick([['y'], 'z']) } : {}),
        ...(random() < 0.5 ? { exp: pick([1777640400, '1777640400', Number.MAX_SAFE_INTEGER, -1]) } : {}),
      },
    };
  };

  /** Many claims of every JSON type, some past the bounds (long strings, long lists). */
  const wideClaims = (): Record<string, unknown> => {
    const claims: Record<string, unknown> = {};
    const count = 1 + int(100);
    for (let n = 0; n < count; n++) {
      claims[`c${n}`] = pick<() => unknown>([
        () => chars(BASE64URL, int(600)),
        () => Array.from({ length: int(60) }, () => chars(BASE64URL, int(300))),
        () => [chars(BASE64URL, 5), int(9)],
        () => int(1e9),
        () => random() < 0.5,
        () => null,
        () => ({ nested: chars(BASE64URL, 8) }),
      ])();
    }
    return claims;
  };

  interface Generated {
    token: string;
    /** A value only in the JOSE header: never part of the output. */
    headerSecret?: string;
    /** A custom string claim of an untouched token: part of the output by design. */
    claim?: { name: string; value: string };
  }

  const generators: Array<() => Generated> = [
    () => ({ token: Array.from({ length: 8 + int(80) }, anyChar).join('') }),
    () => ({ token: Array.from({ length: 3 }, () => chars(BASE64URL, 8 + int(60))).join('.') }),
    () => ({ token: Array.from({ length: 1 + int(6) }, () => chars(`${BASE64URL}.+/= `, int(40))).join('.').padEnd(8, 'x') }),
    () => {
      const headerSecret = secret();
      const { claims, name } = claimsWith(secret());
      const token = compact({ alg: pick(['RS256', 'none', 5]), kid: 'k1', [pick(['jku', 'x5u', 'crit'])]: headerSecret }, claims, chars(BASE64URL, 43));
      return { token, headerSecret, claim: { name, value: claims[name] as string } };
    },
    () => {
      const token = compact({ alg: 'RS256' }, claimsWith(secret()).claims, chars(BASE64URL, 43));
      const at = 1 + int(token.length - 2);
      return { token: `${token.slice(0, at)}${anyChar()}${token.slice(at + 1)}` };
    },
    () => ({ token: compact({ alg: 'RS256', kid: 'k1' }, wideClaims(), chars(BASE64URL, 43)) }),
    () => ({ token: `${chars(BASE64URL, 20)}.${'A'.repeat(MAX - 40 + int(60))}.${chars(BASE64URL, 18)}` }),
  ];

  it('never throws, never echoes the token, its signature or a header value, and keeps claim values bounded (400 seeded cases)', () => {
    const kinds = new Set<string>();
    let claimsSeen = 0;
    let boundsHit = 0;
    for (let i = 0; i < 400; i++) {
      const { token, headerSecret, claim } = pick(generators)();
      let output = '';
      try {
        const observation = decodeTokenUnverified(token);
        output = JSON.stringify(observation);
        expect(observation.present, `case ${i}`).toBe(true);
        const verdicts = [observation.placeholder === true, observation.malformed !== undefined, observation.claims !== undefined].filter(Boolean);
        expect(verdicts, `case ${i}: exactly one verdict for ${JSON.stringify(token.slice(0, 60))}`).toHaveLength(1);
        kinds.add(observation.claims ? 'claims' : observation.malformed ? 'malformed' : 'placeholder');
        const values = observation.claims?.values;
        if (observation.claims) {
          expect(values, `case ${i}: claims without values`).toBeDefined();
          const entries = Object.entries(values ?? {});
          expect(entries.length, `case ${i}: more than 64 claim values`).toBeLessThanOrEqual(64);
          for (const [name, value] of entries) {
            expect(observation.claims.names, `case ${i}: value for an absent claim ${name}`).toContain(name);
            const strings = typeof value === 'string' ? [value] : value;
            expect(Array.isArray(value) ? value.length : 0, `case ${i}: ${name} has more than 32 items`).toBeLessThanOrEqual(32);
            for (const s of strings) {
              expect(typeof s, `case ${i}: ${name}`).toBe('string');
              expect(s.length, `case ${i}: ${name} longer than 256`).toBeLessThanOrEqual(256);
            }
          }
          if (observation.claims.names.length > 64 || entries.some(([, v]) => v.length === 256 || v.length === 32)) boundsHit++;
          claimsSeen++;
        }
        // An intact token's custom string claim is kept verbatim (it is short): custom-claim rules need it.
        if (claim && observation.claims) expect(values?.[claim.name], `case ${i}: custom claim ${claim.name}`).toBe(claim.value);
      } catch (error) {
        throw new Error(`case ${i} (${JSON.stringify(token.slice(0, 60))}): ${String(error)}`);
      }
      expect(output.includes(token), `case ${i} echoed the token`).toBe(false);
      const signature = token.split('.')[2];
      if (signature && signature.length >= 16) expect(output.includes(signature), `case ${i} echoed the signature`).toBe(false);
      if (headerSecret) expect(output.includes(headerSecret), `case ${i} echoed a header value`).toBe(false);
    }
    // The generators must reach every branch, or the property proves little.
    expect([...kinds].sort()).toEqual(['claims', 'malformed']);
    expect(claimsSeen).toBeGreaterThan(40);
    expect(boundsHit).toBeGreaterThan(5);
  });
});
