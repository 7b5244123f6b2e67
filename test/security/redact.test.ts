import { describe, expect, it } from 'vitest';
import { mapStrings, REDACTED, Redactor } from '../../src/security/redact.js';

const SECRET = 'sk-live_9fQ2xR7vLm3Np8Kt';

function redactorWith(...secrets: string[]): Redactor {
  const redactor = new Redactor();
  for (const secret of secrets) redactor.addSecret(secret);
  return redactor;
}

/** Every base64 run in `text`, decoded: what a reader could recover from what is left. */
function decodedRuns(text: string): string {
  return (text.match(/[A-Za-z0-9+/_-]{4,}={0,2}/g) ?? []).map((run) => Buffer.from(run, 'base64').toString('latin1')).join('\n');
}

describe('Redactor with a registered secret', () => {
  const redactor = redactorWith(SECRET);

  it.each([
    ['raw', SECRET],
    ['URL-encoded', encodeURIComponent('tok/en+value=1?&' + SECRET)],
    ['base64', Buffer.from(SECRET).toString('base64')],
    ['base64 without padding', Buffer.from(SECRET).toString('base64').replace(/=+$/, '')],
    ['base64url', Buffer.from(SECRET).toString('base64url')],
  ])('removes the %s form', (_name, form) => {
    const text = `{"debug":"token=${form}","ok":true}`;
    const out = redactor.redact(text);
    expect(out).toContain(REDACTED);
    expect(out).not.toContain(SECRET);
    expect(out).not.toContain(form.length > SECRET.length ? form.slice(0, -4) : form);
    expect(redactor.containsSecret(text)).toBe(true);
    expect(redactor.containsSecret(out)).toBe(false);
  });

  it('removes a URL-encoded secret that has characters to encode', () => {
    const special = 'p@ss/w0rd+key=';
    const r = redactorWith(special);
    const out = r.redact(`https://example.com/cb?state=${encodeURIComponent(special)}&x=1`);
    expect(out).not.toContain(encodeURIComponent(special));
    expect(out).toContain(REDACTED);
  });

  it.each(['u', 'us', 'user', 'admin1', 'deploy-bot'])('removes it inside Basic base64("%s:secret") whatever the offset', (user) => {
    const basic = Buffer.from(`${user}:${SECRET}`).toString('base64');
    // Without the `Basic` keyword, so only the registered-secret forms can catch it.
    const out = redactor.redact(`{"auth":"${basic}"}`);
    expect(out).toContain(REDACTED);
    expect(out).not.toContain(basic);
    expect(decodedRuns(out)).not.toContain(SECRET.slice(2, -2));
  });

  it('removes a secret embedded in a larger base64 blob at every offset', () => {
    for (let pad = 0; pad < 6; pad++) {
      const blob = Buffer.from(`${'x'.repeat(pad)}Authorization: Bearer ${SECRET}\r\n`).toString('base64');
      const out = redactor.redact(blob);
      expect(decodedRuns(out), `offset ${pad}`).not.toContain(SECRET.slice(2, -2));
    }
  });

  it('replaces longer secrets first when one contains another', () => {
    const r = redactorWith('abcdef', 'abcdefghijkl');
    expect(r.redact('x abcdefghijkl y abcdef z')).toBe(`x ${REDACTED} y ${REDACTED} z`);
  });

  it('does not register secrets shorter than 6 characters', () => {
    const r = redactorWith('abc12', '', undefined as unknown as string);
    expect(r.redact('user abc12 logged in')).toBe('user abc12 logged in');
    expect(r.containsSecret('abc12')).toBe(false);
    const six = redactorWith('abc123');
    expect(six.redact('user abc123 logged in')).toBe(`user ${REDACTED} logged in`);
  });

  it('leaves text without secrets untouched', () => {
    const text = 'POST https://mcp.example.com/mcp → 421 Invalid Host header';
    expect(redactor.redact(text)).toBe(text);
  });
});

describe('Redactor pattern rules (secrets it never saw)', () => {
  const redactor = new Redactor();

  it('redacts Bearer and Basic credentials', () => {
    expect(redactor.redact('Authorization: Bearer 4f9a1c2e7b3d8f60a1b2c3d4')).toBe(`Authorization: Bearer ${REDACTED}`);
    expect(redactor.redact('authorization: bearer abc.def-ghi_jkl~mno+/=')).toBe(`authorization: bearer ${REDACTED}`);
    expect(redactor.redact('Authorization: Basic dXNlcjpwYXNzd29yZA==')).toBe(`Authorization: Basic ${REDACTED}`);
  });

  it('redacts a JWT-shaped string anywhere', () => {
    // Built at run time: no credential-shaped literal in the repository.
    const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
    const jwt = `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ sub: '1234567890', aud: 'mcp' })}.c2lnbmF0dXJlLWJ5dGVzLWhlcmU`;
    const out = redactor.redact(`{"detail":"token ${jwt} rejected"}`);
    expect(out).toBe(`{"detail":"token ${REDACTED} rejected"}`);
  });

  it('redacts the password of URL userinfo but keeps the user and host', () => {
    expect(redactor.redact('proxy at https://alice:hunter22@proxy.example.com:3128/ failed')).toBe(`proxy at https://alice:${REDACTED}@proxy.example.com:3128/ failed`);
  });

  it('redacts AWS SigV4 query parameters and OAuth tokens in query strings', () => {
    const url =
      'https://bucket.s3.amazonaws.com/key?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20261125%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024&X-Amz-SignedHeaders=host';
    const out = redactor.redact(url);
    expect(out).toContain(`X-Amz-Signature=${REDACTED}`);
    expect(out).toContain(`X-Amz-Credential=${REDACTED}`);
    expect(out).not.toContain('fe5f80f77d5fa3be');
    expect(out).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(out).toContain('X-Amz-SignedHeaders=host');
    expect(redactor.redact('cb?code=x&access_token=ya29.a0AfH6SMB&state=1')).toBe(`cb?code=x&access_token=${REDACTED}&state=1`);
  });

  it('redacts key=value secrets', () => {
    expect(redactor.redact('aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')).toBe(`aws_secret_access_key = ${REDACTED}`);
    expect(redactor.redact('{"password": "Tr0ub4dor3x!"}')).toBe(`{"password": "${REDACTED}"}`);
    expect(redactor.redact('client_secret=s3cr3t-v4lue&grant_type=client_credentials')).toBe(`client_secret=${REDACTED}&grant_type=client_credentials`);
  });
});

describe('redactDeep', () => {
  it('redacts every string in a nested value without mutating it', () => {
    const redactor = redactorWith(SECRET);
    const input = Object.freeze({
      target: { url: 'https://mcp.example.com/mcp', input: `https://mcp.example.com/mcp?access_token=${SECRET}` },
      findings: Object.freeze([Object.freeze({ message: `echoed ${SECRET}`, evidence: { status: 401, headers: { 'www-authenticate': 'Bearer realm="mcp"' } } })]),
      count: 3,
      ok: true,
      none: null,
    });
    const snapshot = JSON.stringify(input);
    const out = redactor.redactDeep(input);
    expect(JSON.stringify(input)).toBe(snapshot);
    expect(out).not.toBe(input);
    expect(JSON.stringify(out)).not.toContain(SECRET);
    expect(out.findings[0]?.message).toBe(`echoed ${REDACTED}`);
    expect(out.findings[0]?.evidence.status).toBe(401);
    expect(out.count).toBe(3);
    expect(out.ok).toBe(true);
    expect(out.none).toBeNull();
  });

  it('mapStrings visits strings in arrays and objects only', () => {
    expect(mapStrings({ a: ['x', 1, { b: 'y' }], c: false }, (s) => s.toUpperCase())).toEqual({ a: ['X', 1, { b: 'Y' }], c: false });
  });
});
