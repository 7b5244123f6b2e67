import fc from 'fast-check';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { decodeTokenUnverified } from '../../src/probes/token.js';
import { hostileString, runs, timeoutFor } from './runs.js';

/**
 * The unverified JWT decoder faces whatever the user pasted (or a hostile token endpoint issued):
 * it must be total, bounded and strict, agree with jose on well-formed tokens, and never echo the
 * token back in what it returns.
 */

const MAX_TOKEN_LENGTH = 16 * 1024;
const b64url = (value: unknown): string => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8').toString('base64url');

const claimValue = fc.oneof(hostileString(40), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(hostileString(12), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 6 }), fc.integer(), { maxKeys: 3 }));
const claimName = fc.oneof(
  fc.constantFrom('iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'client_id', 'token_use', 'scope', 'scp', 'cid', 'azp', 'appid', '__proto__', 'constructor', 'toString'),
  fc.string({ maxLength: 10 }),
);
const payloadArb = fc.dictionary(claimName, claimValue, { maxKeys: 80 });
const headerArb = fc.record({ alg: fc.oneof(fc.constantFrom('RS256', 'HS256', 'none', 'ES256'), hostileString(10)), kid: hostileString(20), typ: fc.constantFrom('JWT', 'at+jwt') }, { requiredKeys: [] });
/** Random signature bytes: what the decoder must never return. */
const signatureArb = fc.uint8Array({ minLength: 32, maxLength: 256 }).map((bytes) => Buffer.from(bytes).toString('base64url'));
const validToken = fc.record({ header: headerArb, payload: payloadArb, signature: signatureArb }).map(({ header, payload, signature }) => ({
  token: `${b64url(header)}.${b64url(payload)}.${signature}`,
  signature,
}));

/** Well-formed tokens bent in one place: a dropped or extra character, a bad character, padding, whitespace. */
const mutatedToken = fc.tuple(validToken, fc.nat(), fc.constantFrom('delete', 'insert', 'replace', 'pad', 'dot', 'space'), fc.constantFrom('=', '+', '/', '.', ' ', '\n', 'A', '-', '_', '\u0000', 'é', '%')).map(([{ token }, at, op, ch]) => {
  const i = at % (token.length + 1);
  switch (op) {
    case 'delete':
      return token.slice(0, i) + token.slice(i + 1);
    case 'insert':
      return token.slice(0, i) + ch + token.slice(i);
    case 'replace':
      return token.slice(0, i) + ch + token.slice(i + 1);
    case 'pad':
      return token.replace('.', '=.');
    case 'dot':
      return `${token}.${ch}`;
    default:
      return ` ${token}\n`;
  }
});

/** Every 12-character window of `text` (the leak unit of the secret-hygiene goal). */
function windows(text: string, size = 12): string[] {
  const out: string[] = [];
  for (let i = 0; i + size <= text.length; i++) out.push(text.slice(i, i + size));
  return out;
}

function decodesLikeJose(token: string): Record<string, unknown> | undefined {
  try {
    return decodeJwt(token) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

describe('JWT decoder properties', { timeout: timeoutFor(1, 30) }, () => {
  it('is total and returns only a present observation for any string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), hostileString(300), mutatedToken, validToken.map((t) => t.token)), (token) => {
        const observation = decodeTokenUnverified(token);
        expect(observation.present).toBe(true);
        expect(Boolean(observation.malformed) && Boolean(observation.claims)).toBe(false);
      }),
      runs(),
    );
  });

  it('refuses anything longer than the cap before looking inside', () => {
    fc.assert(
      fc.property(validToken, fc.integer({ min: 1, max: 4 * MAX_TOKEN_LENGTH }), ({ token }, extra) => {
        const long = token + 'A'.repeat(Math.max(0, MAX_TOKEN_LENGTH + extra - token.length));
        const observation = decodeTokenUnverified(long);
        expect(observation.malformed).toMatch(/longer than/);
        expect(observation.claims).toBeUndefined();
      }),
      runs(0.25),
    );
  });

  it('accepts only strict base64url segments', () => {
    fc.assert(
      fc.property(mutatedToken, (token) => {
        const observation = decodeTokenUnverified(token);
        if (observation.claims) {
          const segments = token.split('.');
          expect(segments).toHaveLength(3);
          for (const segment of segments) {
            expect(segment).toMatch(/^[A-Za-z0-9_-]*$/);
            // A base64url text of length 4n+1 encodes no whole byte: no strict decoder accepts it.
            expect(segment.length % 4).not.toBe(1);
          }
        }
      }),
      runs(),
    );
  });

  it('agrees with jose decodeJwt on the claims of every token it decodes', () => {
    fc.assert(
      fc.property(fc.oneof(validToken.map((t) => t.token), mutatedToken), (token) => {
        const ours = decodeTokenUnverified(token);
        const theirs = decodesLikeJose(token);
        if (ours.claims) {
          expect(theirs).toBeDefined();
          const payload = theirs as Record<string, unknown>;
          expect(ours.claims.names).toEqual(Object.keys(payload).sort());
          for (const name of ['iss', 'sub', 'client_id', 'token_use'] as const) {
            if (typeof payload[name] === 'string') expect(ours.claims[name]).toBe(payload[name]);
            else expect(ours.claims[name]).toBeUndefined();
          }
          for (const name of ['exp', 'nbf', 'iat'] as const) {
            if (typeof payload[name] === 'number') expect(ours.claims[name]).toBe(payload[name]);
          }
        }
      }),
      runs(),
    );
  });

  it('decodes every well-formed token jose decodes (when the header is a JSON object too)', () => {
    fc.assert(
      fc.property(validToken, ({ token }) => {
        expect(decodesLikeJose(token)).toBeDefined();
        expect(decodeTokenUnverified(token).claims).toBeDefined();
      }),
      runs(),
    );
  });

  it('never returns the signature or any 12-character piece of the encoded token', () => {
    fc.assert(
      fc.property(fc.oneof(validToken.map((t) => t.token), mutatedToken), (token) => {
        const text = JSON.stringify(decodeTokenUnverified(token));
        const encoded = token.trim().split('.');
        // Decoded claim values are the point of decoding; the encoded segments never are.
        for (const segment of encoded) for (const piece of windows(segment)) expect(text).not.toContain(piece);
      }),
      runs(),
    );
  });
});
