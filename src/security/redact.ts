/**
 * One redaction mechanism for every secret the doctor handles. Known secret values are registered
 * the moment they are read and replaced everywhere, in their raw, base64 and URL-encoded forms;
 * pattern rules (bearer headers, JWT-shaped strings, URL passwords, AWS signing parameters) are a
 * second net for secrets the doctor never saw. Reports, logs and error messages all pass through
 * here before they leave the process.
 */

/** What replaces a secret. Fixed width, so the secret's length is not revealed. */
export const REDACTED = '[REDACTED]';

const MIN_SECRET_LENGTH = 6;

const PATTERN_RULES: ReadonlyArray<readonly [RegExp, string | ((...groups: string[]) => string)]> = [
  // A challenge's parameters (`Bearer resource_metadata="…"`, `error=`) are not credentials.
  [/\b(Bearer|Basic)\s+(?![A-Za-z_][A-Za-z0-9_]*\s*=\s*")[A-Za-z0-9._~+/=-]{6,}/gi, `$1 ${REDACTED}`],
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, REDACTED],
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:)[^\s/@]+@/gi, `$1${REDACTED}@`],
  [/([?&](?:X-Amz-Security-Token|X-Amz-Signature|X-Amz-Credential|access_token|id_token|refresh_token|client_secret)=)[^&\s"'<>]+/gi, `$1${REDACTED}`],
  [/\b(aws_secret_access_key|aws_session_token|client_secret|password)(["']?\s*[:=]\s*)("(?:[^"\\]|\\.)*"|'[^']*'|[^\s"',;&]+)/gi, (_m, key: string, sep: string, value: string) => {
    const quote = value[0] === '"' || value[0] === "'" ? value[0] : '';
    return `${key}${sep}${quote}${REDACTED}${quote}`;
  }],
];

/** Holds the secret values of one run and removes them (and secret-shaped text) from strings. */
export class Redactor {
  readonly #needles = new Set<string>();

  /** Registers a secret; every later `redact` call removes it and its encoded forms. */
  addSecret(secret: string | undefined): void {
    if (!secret || secret.length < MIN_SECRET_LENGTH) return;
    for (const form of encodedForms(secret)) {
      if (form.length >= MIN_SECRET_LENGTH) this.#needles.add(form);
    }
  }

  /** True when `text` contains a registered secret in any form. */
  containsSecret(text: string): boolean {
    for (const needle of this.#needles) if (text.includes(needle)) return true;
    return false;
  }

  /** Returns `text` with every registered secret and every secret-shaped substring replaced. */
  redact(text: string): string {
    let out = text;
    // Longest first, so a secret that contains another is replaced whole.
    for (const needle of [...this.#needles].sort((a, b) => b.length - a.length)) {
      if (out.includes(needle)) out = out.split(needle).join(REDACTED);
    }
    for (const [pattern, replacement] of PATTERN_RULES) out = out.replace(pattern, replacement as (substring: string, ...args: string[]) => string);
    return out;
  }

  /** Deeply redacts every string inside a JSON-like value (objects are copied, never mutated). */
  redactDeep<T>(value: T): T {
    return mapStrings(value, (s) => this.redact(s)) as T;
  }
}

function encodedForms(secret: string): string[] {
  const forms = [secret, encodeURIComponent(secret)];
  const base64 = Buffer.from(secret, 'utf8').toString('base64');
  forms.push(base64, base64.replace(/=+$/, ''), Buffer.from(secret, 'utf8').toString('base64url'));
  // Base64 of a string embedded in a larger buffer shifts by its offset mod 3; cover all three.
  for (const prefix of ['a', 'ab']) {
    const shifted = Buffer.from(prefix + secret, 'utf8').toString('base64');
    const skip = Math.ceil((prefix.length * 4) / 3);
    forms.push(shifted.slice(skip + 1, -4));
  }
  forms.push(Buffer.from(secret, 'utf8').toString('base64').slice(0, -4));
  return forms.filter((f) => f.length >= MIN_SECRET_LENGTH);
}

/** Applies `fn` to every string in a JSON-like value. */
export function mapStrings(value: unknown, fn: (s: string) => string): unknown {
  if (typeof value === 'string') return fn(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = mapStrings(v, fn);
    return out;
  }
  return value;
}
