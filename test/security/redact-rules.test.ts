import { describe, expect, it } from 'vitest';
import { isSecretLikeSegment, maskSourceSecrets, REDACTED, Redactor, registerEnvironmentSecrets } from '../../src/security/redact.js';

function redactorWith(...secrets: string[]): Redactor {
  const redactor = new Redactor();
  for (const secret of secrets) redactor.addSecret(secret);
  return redactor;
}

const base64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

/**
 * The thresholds that decide whether a URL path segment is a credential (hosted MCP servers put
 * per-user keys in the path): each limit is pinned one step below and at the limit, so a shifted
 * bound or a dropped condition shows.
 */
describe('isSecretLikeSegment', () => {
  it.each([
    // Known key prefixes count from 16 characters.
    ['sk-aaaaaaaaaaaa', false, 'a prefixed key of 15 characters'],
    ['sk-aaaaaaaaaaaaa', true, 'a prefixed key of 16 characters'],
    ['ghp_aaaaaaaaaaaa', true, 'a GitHub token prefix'],
    ['sk_live_abcdefgh!', false, 'a prefixed key with a character outside the allowed set at the end'],
    ['sk_live_abcd efghij', false, 'a prefixed key with a space'],
    ['!a1B2c3D4e5F6g7H8i9J0k1L2', false, 'a random run with a character outside the allowed set at the start'],
    ['a1B2c3D4e5F6g7H8i9J0~k.L_2-x', true, 'the separators _ ~ . - are allowed'],
    // Random runs count from 24 characters.
    ['a1B2c3D4e5F6g7H8i9J0k1L', false, '23 characters'],
    ['a1B2c3D4e5F6g7H8i9J0k1L2', true, '24 characters'],
    // The longest unbroken run of letters and digits must reach 20.
    ['a1B2c3D4e5F6g7H8i9J-k1L2x', false, 'a longest run of 19'],
    ['a1B2c3D4e5F6g7H8i9J0-k1L2', true, 'a longest run of 20 beside a short one'],
    ['build-2024-01-15-x7k2abcd', false, 'words between separators'],
    // At least 4 digits and 4 letters.
    ['aBcDeFgHiJkLmNoPqRsT1u2v3w', false, '3 digits'],
    ['aBcDeFgHiJkLmNoPqRsT1u2v3w4', true, '4 digits'],
    ['1234567890a9876b5432c10864', false, '3 letters'],
    ['1234567890a9876b5432c10864d', true, '4 letters'],
    // Shannon entropy of at least 3.5 bits per character: 8 symbols twice and 4 four times is exactly 3.5.
    ['0011223344556677aaaabbbbccccdddd', true, 'entropy exactly 3.5'],
    ['0011223344556666aaaabbbbccccdddd', false, 'entropy 3.375'],
    ['aaaa1111aaaa1111aaaa1111', false, 'entropy 1'],
  ])('%s is %s (%s)', (segment, expected) => {
    expect(isSecretLikeSegment(segment)).toBe(expected);
  });
});

/** Secret-like path segments in URLs are replaced; local `file:` URLs and text without a URL are not. */
describe('URL path redaction', () => {
  const redactor = new Redactor();
  const key = 'a1B2c3D4e5F6g7H8i9J0k1L2';

  it.each([
    [`POST https://mcp.example.com/u/${key}/mcp failed`, `POST https://mcp.example.com/u/${REDACTED}/mcp failed`],
    [`myfile://host/${key}`, `myfile://host/${REDACTED}`],
    [`file:///home/u/${key}/mcp.json`, `file:///home/u/${key}/mcp.json`],
    [`FILE:///home/u/${key}`, `FILE:///home/u/${key}`],
    [`see /u/${key}/mcp`, `see /u/${key}/mcp`],
    ['https://mcp.example.com/build-2024-01-15-x7k2abcd/mcp', 'https://mcp.example.com/build-2024-01-15-x7k2abcd/mcp'],
  ])('%s', (text, expected) => {
    expect(redactor.redact(text)).toBe(expected);
  });
});

/** The second net: secret-shaped text the doctor never registered. Each rule with its negative cases. */
describe('pattern rules', () => {
  const redactor = new Redactor();

  it.each([
    ['Authorization: Bearer abcdef', `Authorization: Bearer ${REDACTED}`],
    ['Authorization: Bearer abcde', 'Authorization: Bearer abcde'],
    ['authorization: BASIC dXNlcjpwYXNzd29yZA==', `authorization: BASIC ${REDACTED}`],
    ['XBearer abcdefgh', 'XBearer abcdefgh'],
    // A challenge's parameters are no credentials.
    ['WWW-Authenticate: Bearer resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource"', 'WWW-Authenticate: Bearer resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource"'],
    ['Bearer error="invalid_token", error_description="expired"', 'Bearer error="invalid_token", error_description="expired"'],
    ['Basic realm = "mcp"', 'Basic realm = "mcp"'],
  ])('Bearer/Basic: %s', (text, expected) => {
    expect(redactor.redact(text)).toBe(expected);
  });

  it.each([
    ['token eyJabcd.efgh. end', `token ${REDACTED} end`],
    ['token eyJabcd.efgh.sig_-1 end', `token ${REDACTED} end`],
    ['a.eyJabcd.efgh.ij', `a.${REDACTED}`],
    ['token eyJabc.efgh.ij end', 'token eyJabc.efgh.ij end'],
    ['token eyJabcd.efg.ij end', 'token eyJabcd.efg.ij end'],
    ['token eyJabcd.efgh end', 'token eyJabcd.efgh end'],
    ['xeyJabcd.efgh.ij', 'xeyJabcd.efgh.ij'],
  ])('JWT shape: %s', (text, expected) => {
    expect(redactor.redact(text)).toBe(expected);
  });

  it.each([
    ['https://alice:hunter22@proxy.example.com:3128/', `https://alice:${REDACTED}@proxy.example.com:3128/`],
    ['redis://:pw123456@cache:6379', `redis://:${REDACTED}@cache:6379`],
    ['https://alice@proxy.example.com/', 'https://alice@proxy.example.com/'],
    ['https://host:8443/a@b', 'https://host:8443/a@b'],
  ])('URL userinfo: %s', (text, expected) => {
    expect(redactor.redact(text)).toBe(expected);
  });

  it.each([
    ['/cb?api_key=abc123', `/cb?api_key=${REDACTED}`],
    ['/cb?x=1&amp;sig=abc123&amp;y=2', `/cb?x=1&amp;sig=${REDACTED}&amp;y=2`],
    ['/cb?x=1;token=abc123', `/cb?x=1;token=${REDACTED}`],
    ['/cb?x-api-key=abc123', `/cb?x-api-key=${REDACTED}`],
    ['/cb?page.token=abc123', `/cb?page.token=${REDACTED}`],
    ['/cb?client_secret=abc123&x=1', `/cb?client_secret=${REDACTED}&x=1`],
    ['/cb?X-Amz-Signature=abc123', `/cb?X-Amz-Signature=${REDACTED}`],
    ['/cb?Refresh-Token=abc123', `/cb?Refresh-Token=${REDACTED}`],
    // The value ends at &, white space, quotes, angle brackets, # and a backslash.
    ['/cb?token=abc#frag', `/cb?token=${REDACTED}#frag`],
    ['"/cb?token=abc" ok', `"/cb?token=${REDACTED}" ok`],
    ['<a href=/cb?token=abc>', `<a href=/cb?token=${REDACTED}>`],
    ['/cb?token=abc\\n', `/cb?token=${REDACTED}\\n`],
    ['/cb?token=abc next', `/cb?token=${REDACTED} next`],
    // Not a credential parameter: a longer word, a word glued to a prefix, no query separator, no value.
    ['/cb?tokenizer=abc123', '/cb?tokenizer=abc123'],
    ['/cb?mykey=abc123', '/cb?mykey=abc123'],
    ['/cb?keys=abc123', '/cb?keys=abc123'],
    ['token=abc123', 'token=abc123'],
    ['/cb?token=&x=1', '/cb?token=&x=1'],
  ])('credential query parameter: %s', (text, expected) => {
    expect(redactor.redact(text)).toBe(expected);
  });

  it.each([
    ['password=hunter2', `password=${REDACTED}`],
    ['password: "a \\"b\\" c" ok', `password: "${REDACTED}" ok`],
    ["password='x y z' ok", `password='${REDACTED}' ok`],
    ['{"client_secret": "abc"}', `{"client_secret": "${REDACTED}"}`],
    ['password=abc,next=1', `password=${REDACTED},next=1`],
    ['password=abc;next=1', `password=${REDACTED};next=1`],
    ['AWS_SESSION_TOKEN=abc&x=1', `AWS_SESSION_TOKEN=${REDACTED}&x=1`],
    ['aws_secret_access_key : abc def', `aws_secret_access_key : ${REDACTED} def`],
    ['mypassword=abc', 'mypassword=abc'],
    ['password is abc', 'password is abc'],
  ])('key=value secret: %s', (text, expected) => {
    expect(redactor.redact(text)).toBe(expected);
  });
});

/**
 * Every encoded form of a registered secret is replaced whole: a form left out would be caught
 * only partly by another (a prefix of the base64), leaving characters behind, so each case
 * expects the exact output. The secret's base64 has a `+` and `==` padding and its hex has
 * letters, so every form differs from the others.
 */
describe('encoded forms of a registered secret', () => {
  const secret = 'p?>~x;Q9k!Lm7';
  const redactor = redactorWith(secret);

  it('the fixture exercises every distinction', () => {
    expect(base64(secret)).toBe('cD8+fng7UTlrIUxtNw==');
    expect(Buffer.from(secret).toString('base64url')).toBe('cD8-fng7UTlrIUxtNw');
  });

  it.each([
    ['raw', secret],
    ['URL-encoded once', encodeURIComponent(secret)],
    ['URL-encoded twice', encodeURIComponent(encodeURIComponent(secret))],
    ['form-encoded', new URLSearchParams({ s: secret }).toString().slice(2)],
    ['base64', 'cD8+fng7UTlrIUxtNw=='],
    ['base64 without padding', 'cD8+fng7UTlrIUxtNw'],
    ['base64url', 'cD8-fng7UTlrIUxtNw'],
    ['lower-case hex', Buffer.from(secret).toString('hex')],
    ['upper-case hex', Buffer.from(secret).toString('hex').toUpperCase()],
  ])('the %s form', (_name, form) => {
    expect(redactor.redact(`echo ${form} end`)).toBe(`echo ${REDACTED} end`);
    expect(redactor.containsSecret(`echo ${form} end`)).toBe(true);
  });

  // Inside a larger base64 blob only the characters that mix the secret's bits with its
  // neighbours' stay: at most 4 before (offset 1 or 2 in the 3-byte groups) and 4 after.
  it.each([
    ['offset 1', 'Z', '', `WnA${REDACTED}bTc=`],
    ['offset 2', 'xy', '', `eHlw${REDACTED}TG03`],
    ['offset 0 with data after it', '', 'tail', `${REDACTED}N3RhaWw=`],
    ['offset 1 with data after it', 'Z', 'tail', `WnA${REDACTED}bTd0YWls`],
    ['offset 2 with data after it', 'xy', 'tail', `eHlw${REDACTED}TG03dGFpbA==`],
  ])('inside a base64 blob at %s', (_name, before, after, expected) => {
    expect(redactor.redact(base64(`${before}${secret}${after}`))).toBe(expected);
  });
});

/** MIN_SECRET_LENGTH is 6: a shorter value is not registered in any form, not even its longer encodings. */
describe('the minimum secret length', () => {
  it.each([
    ['raw', (s: string) => s],
    ['base64', base64],
    ['hex', (s: string) => Buffer.from(s).toString('hex')],
  ])('a 5-character secret is not registered (%s form)', (_name, encode) => {
    const redactor = redactorWith('abc12');
    expect(redactor.redact(`x ${encode('abc12')} y`)).toBe(`x ${encode('abc12')} y`);
    expect(redactor.containsSecret(encode('abc12'))).toBe(false);
  });

  it.each([
    ['raw', (s: string) => s],
    ['base64', base64],
    ['hex', (s: string) => Buffer.from(s).toString('hex')],
  ])('a 6-character secret is registered (%s form)', (_name, encode) => {
    expect(redactorWith('abc123').redact(`x ${encode('abc123')} y`)).toBe(`x ${REDACTED} y`);
  });
});

/**
 * Secret pieces: every 12-character window of a registered secret is a secret, found by probing
 * 7-character windows every 6 characters. The offsets below put a piece where only one probe
 * position or one window reaches it, so an off-by-one in a loop bound shows.
 */
describe('secret pieces', () => {
  const A = 'ABCDEFGHIJKLM';

  it('finds the last 12-character window, through the last probe window', () => {
    // The piece starts at 1, so the probe at 6 is the secret's last 7-character window.
    expect(redactorWith(A).redact('xBCDEFGHIJKLMyy')).toBe(`x${REDACTED}yy`);
  });

  it('probes the window that ends exactly at the end of the text', () => {
    expect(redactorWith(A).redact('xBCDEFGHIJKLM')).toBe(`x${REDACTED}`);
  });

  it('never treats a shorter tail of a secret as a piece', () => {
    expect(redactorWith(A).redact('zzzzzzGHIJKLM')).toBe('zzzzzzGHIJKLM');
    expect(redactorWith(A).redact('echo BCDEFGHIJKL end')).toBe('echo BCDEFGHIJKL end');
  });

  it('replaces a longer cut secret whole, up to the end of the text', () => {
    const secret = 'ABCDEFGHIJKLMNOPQRST';
    expect(redactorWith(secret).redact('echo CDEFGHIJKLMNOPQR end')).toBe(`echo ${REDACTED} end`);
    expect(redactorWith(secret).redact('echo CDEFGHIJKLMNOPQR')).toBe(`echo ${REDACTED}`);
  });

  it('finds a piece that starts right where the previous one ended', () => {
    expect(redactorWith(A, 'nopqrstuvwxyz').redact('ABCDEFGHIJKLnopqrstuvwxy')).toBe(`${REDACTED}${REDACTED}`);
  });

  it('never starts a new piece inside text it already replaced', () => {
    // HIJKLnopqrst is a piece of the second secret, but its first 5 characters were already replaced.
    expect(redactorWith(A, 'HIJKLnopqrstu').redact('ABCDEFGHIJKLnopqrst')).toBe(`${REDACTED}nopqrst`);
  });
});

/**
 * Invisible characters between a secret's characters vanish when the text is shown, so the
 * secret is looked for in the visible text too; text without a secret keeps its characters.
 */
describe('invisible characters', () => {
  const secret = 'q7Lm2vN9zR4tW8';
  const redactor = redactorWith(secret);

  it.each([
    ['a zero-width space', `token q7Lm2vN\u200B9zR4tW8 end`],
    ['a colour code', `token q7Lm2vN\u001b[0m9zR4tW8 end`],
    ['a bidi override', `token q7Lm2vN\u202E9zR4tW8 end`],
  ])('finds a secret split by %s', (_name, text) => {
    expect(redactor.redact(text)).toBe(`token ${REDACTED} end`);
  });

  it('leaves text whose invisible characters hide no secret byte for byte', () => {
    expect(redactor.redact('a\u200Bb \u001b[31mred\u001b[0m ok')).toBe('a\u200Bb \u001b[31mred\u001b[0m ok');
  });
});

/** redactDeep returns a redacted copy and leaves its input as it was. */
describe('redactDeep', () => {
  it('copies arrays and objects, keeps other values', () => {
    const redactor = redactorWith('s3cr3t-v4lue');
    const inner = ['s3cr3t-v4lue', 7, null, false];
    const input = { list: inner, nested: { text: 'x s3cr3t-v4lue' }, n: 1.5 };
    const out = redactor.redactDeep(input);
    expect(out).toStrictEqual({ list: [REDACTED, 7, null, false], nested: { text: `x ${REDACTED}` }, n: 1.5 });
    expect(out.list).not.toBe(inner);
    expect(input).toStrictEqual({ list: ['s3cr3t-v4lue', 7, null, false], nested: { text: 'x s3cr3t-v4lue' }, n: 1.5 });
  });
});

/**
 * Which environment variables hold secrets: AWS keys and tokens, and every `MCP_DOCTOR_*` except
 * the ones naming a file, folder, path, version or imports (redacting a path hides every file under it).
 */
describe('registerEnvironmentSecrets', () => {
  const value = 'env-secret-value-1234';

  it.each([
    ['AWS_SECRET_ACCESS_KEY', true],
    ['AWS_SESSION_TOKEN', true],
    ['AWS_SECURITY_TOKEN', true],
    ['AWS_BEARER_TOKEN_BEDROCK', true],
    ['AWS_BEARER_TOKEN_', false],
    ['MCP_DOCTOR_TOKEN', true],
    ['mcp_doctor_client_secret', true],
    ['MCP_DOCTOR_PROFILE', true],
    ['MCP_DOCTOR_', false],
    ['MCP_DOCTOR_TOKEN_FILE', false],
    ['MCP_DOCTOR_CACHE_DIR', false],
    ['MCP_DOCTOR_CONFIG_PATH', false],
    ['MCP_DOCTOR_VERSION', false],
    ['MCP_DOCTOR_IMPORTS', false],
    ['MCP_DOCTOR_TOKEN_FILES', true],
    ['AWS_ACCESS_KEY_ID', false],
    ['XAWS_SECRET_ACCESS_KEY', false],
    ['AWS_SECRET_ACCESS_KEY_2', false],
    ['HOME', false],
  ])('%s is a secret: %s', (name, expected) => {
    const redactor = new Redactor();
    registerEnvironmentSecrets(redactor, { [name]: value });
    expect(redactor.containsSecret(`x ${value} y`)).toBe(expected);
  });

  it('registers the trimmed value, and skips empty or unset variables', () => {
    const redactor = new Redactor();
    registerEnvironmentSecrets(redactor, { MCP_DOCTOR_TOKEN: ' abc123 \n', MCP_DOCTOR_PASSWORD: '', MCP_DOCTOR_CLIENT_SECRET: undefined });
    expect(redactor.redact('x abc123 y')).toBe(`x ${REDACTED} y`);
    expect(redactor.containsSecret('')).toBe(false);
  });
});

/**
 * Lint findings quote source lines: a literal after a credential-like name is masked, a reference
 * to a variable (`$TOKEN`, `${TOKEN}`) or a placeholder (`<your-token>`) stays, and the quotes stay.
 */
describe('maskSourceSecrets', () => {
  it.each([
    ['API_KEY = "abcd1234efgh"', `API_KEY = "${REDACTED}"`],
    ["api_key = 'abcd1234efgh'", `api_key = '${REDACTED}'`],
    ['--token=abcd1234efgh', `--token=${REDACTED}`],
    ['"--token", "abcd1234efgh"', `"--token", "${REDACTED}"`],
    ['token = "${TOKEN}"', 'token = "${TOKEN}"'],
    ['token = "$TOKEN"', 'token = "$TOKEN"'],
    ["token = '$TOKEN'", "token = '$TOKEN'"],
    ['token = "<your-token>"', 'token = "<your-token>"'],
    ['token = "prefix$HOME"', `token = "${REDACTED}"`],
    ['token = "$1234abcd"', `token = "${REDACTED}"`],
    ['token = "abc<x>"', `token = "${REDACTED}"`],
    ['token = "<a>bcdef"', `token = "${REDACTED}"`],
    ['token = os.environ["TOKEN"]', 'token = os.environ["TOKEN"]'],
  ])('%s', (line, expected) => {
    expect(maskSourceSecrets(line)).toBe(expected);
  });
});
