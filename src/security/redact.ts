import { stripUnsafeCharacters } from './sanitize-text.js';

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

/**
 * Pieces of a secret this long are secrets too (reliability-security S1): a server that echoes a
 * token cut short, split by invisible characters or wrapped in an encoding the redactor does not
 * know still leaves such a piece.
 */
export const SECRET_PIECE_LENGTH = 12;

/** Characters display sanitizing removes (escape sequences start with ESC or CSI); tab, LF, CR stay. */
const MAYBE_INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF\uFFFE\uFFFF\uD800-\uDFFF]/;

const PROBE_STRIDE = 6;
const PROBE_LENGTH = SECRET_PIECE_LENGTH - PROBE_STRIDE + 1;

/**
 * Query parameter names that carry credentials: the bare words, and the same words after a prefix
 * and a separator (`x-api-key`, `X-Amz-Signature`, `client_secret`, `page.token`).
 */
const CREDENTIAL_PARAMETER = '(?:[A-Za-z0-9]+[_.-])*(?:api[_-]?key|access[_-]?key|access[_-]?token|auth[_-]?token|id[_-]?token|refresh[_-]?token|session[_-]?token|security[_-]?token|apikey|key|token|secret|password|passwd|pwd|sig|signature|credential|auth)';

/** Prefixes of well-known API keys (OpenAI/Stripe `sk-`/`sk_live_`, GitHub, Slack, GitLab, Google, AWS). */
const KEY_PREFIX = /^(?:sk|pk|rk)[-_]|^(?:ghp|gho|ghs|ghu|github_pat)_|^xox[abprs]-|^glpat-|^AIza|^(?:AKIA|ASIA)[A-Z0-9]{12}/;

/** A URL as it appears in text; its path is what `redactUrlPaths` looks at (never a `file:` URL: local paths are no credentials). */
const URL_IN_TEXT = /\b([a-z][a-z0-9+.-]*:\/\/[^\s/?#"'<>]*)(\/[^\s?#"'<>]*)/gi;

/**
 * True for a path segment that looks like a credential: a known key prefix, or a long random-
 * looking run of letters and digits (hosted MCP servers put per-user keys in the path).
 */
export function isSecretLikeSegment(segment: string): boolean {
  if (segment.length < 12 || !/^[A-Za-z0-9_~.-]+$/.test(segment)) return false;
  if (KEY_PREFIX.test(segment) && segment.length >= 16) return true;
  // Issued keys are one long unbroken run of letters and digits; names (`build-2024-01-15-x7k2`)
  // are words between separators.
  const longestRun = Math.max(...segment.split(/[^A-Za-z0-9]/).map((run) => run.length));
  if (segment.length < 24 || longestRun < 20) return false;
  const digits = segment.replace(/[^0-9]/g, '').length;
  const letters = segment.replace(/[^A-Za-z]/g, '').length;
  return digits >= 4 && letters >= 4 && shannonEntropy(segment) >= 3.5;
}

function shannonEntropy(text: string): number {
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

function redactUrlPaths(text: string): string {
  if (!text.includes('://')) return text;
  return text.replace(URL_IN_TEXT, (match: string, origin: string, path: string) => (/^file:/i.test(origin) ? match : `${origin}${path.split('/').map((segment) => (isSecretLikeSegment(segment) ? REDACTED : segment)).join('/')}`));
}

const PATTERN_RULES: ReadonlyArray<readonly [RegExp, string | ((...groups: string[]) => string)]> = [
  // A challenge's parameters (`Bearer resource_metadata="…"`, `error=`) are not credentials.
  [/\b(Bearer|Basic)\s+(?![A-Za-z_][A-Za-z0-9_]*\s*=\s*")[A-Za-z0-9._~+/=-]{6,}/gi, `$1 ${REDACTED}`],
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, REDACTED],
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:)[^\s/@]+@/gi, `$1${REDACTED}@`],
  // Credentials in a query (`?api_key=`, `&token=`, `&amp;sig=` in HTML): many hosted MCP servers take them there.
  [new RegExp(`((?:[?&;]|&amp;)${CREDENTIAL_PARAMETER}=)[^&\\s"'<>#\\\\]+`, 'gi'), `$1${REDACTED}`],
  [/\b(aws_secret_access_key|aws_session_token|client_secret|password)(["']?\s*[:=]\s*)("(?:[^"\\]|\\.)*"|'[^']*'|[^\s"',;&]+)/gi, (_m, key: string, sep: string, value: string) => {
    const quote = value[0] === '"' || value[0] === "'" ? value[0] : '';
    return `${key}${sep}${quote}${REDACTED}${quote}`;
  }],
];

/** Holds the secret values of one run and removes them (and secret-shaped text) from strings. */
export class Redactor {
  readonly #needles = new Set<string>();
  /** Every SECRET_PIECE_LENGTH-character window of every raw secret. */
  readonly #pieces = new Set<string>();
  /** Every PROBE_LENGTH-character window: sampled every PROBE_STRIDE characters to find pieces fast. */
  readonly #probes = new Set<string>();
  #sorted: string[] | undefined;

  /** Registers a secret; every later `redact` call removes it and its encoded forms. */
  addSecret(secret: string | undefined): void {
    if (!secret || secret.length < MIN_SECRET_LENGTH) return;
    this.#sorted = undefined;
    for (const form of encodedForms(secret)) {
      if (form.length >= MIN_SECRET_LENGTH) this.#needles.add(form);
    }
    for (let i = 0; i + SECRET_PIECE_LENGTH <= secret.length; i++) this.#pieces.add(secret.slice(i, i + SECRET_PIECE_LENGTH));
    for (let i = 0; i + PROBE_LENGTH <= secret.length; i++) this.#probes.add(secret.slice(i, i + PROBE_LENGTH));
  }

  /** True when `text` contains a registered secret in any form. */
  containsSecret(text: string): boolean {
    for (const needle of this.#needles) if (text.includes(needle)) return true;
    return false;
  }

  #replaceNeedles(text: string): string {
    let out = text;
    // Longest first, so a secret that contains another is replaced whole.
    this.#sorted ??= [...this.#needles].sort((a, b) => b.length - a.length);
    for (const needle of this.#sorted) {
      if (out.includes(needle)) out = out.split(needle).join(REDACTED);
    }
    return out;
  }

  /** Replaces every run of text made of secret pieces (a cut or partly encoded secret). */
  #replacePieces(text: string): string {
    if (this.#pieces.size === 0 || text.length < SECRET_PIECE_LENGTH) return text;
    let out = '';
    let copied = 0;
    // Any piece [i, i + 12) contains the probe window at the first multiple of PROBE_STRIDE >= i,
    // so sampling probes finds every piece while slicing only a sixth of the positions.
    for (let j = 0; j + PROBE_LENGTH <= text.length; j += PROBE_STRIDE) {
      if (j < copied || !this.#probes.has(text.slice(j, j + PROBE_LENGTH))) continue;
      let start = -1;
      for (let i = Math.max(copied, j - PROBE_STRIDE + 1); i <= j; i++) {
        if (this.#pieces.has(text.slice(i, i + SECRET_PIECE_LENGTH))) {
          start = i;
          break;
        }
      }
      if (start === -1) continue;
      let end = start + SECRET_PIECE_LENGTH;
      while (end < text.length && this.#pieces.has(text.slice(end - SECRET_PIECE_LENGTH + 1, end + 1))) end++;
      out += `${text.slice(copied, start)}${REDACTED}`;
      copied = end;
    }
    return copied === 0 ? text : out + text.slice(copied);
  }

  /** Returns `text` with every registered secret and every secret-shaped substring replaced. */
  redact(text: string): string {
    let out = this.#replacePieces(this.#replaceNeedles(text));
    // Invisible characters (zero-width, escape sequences) between a secret's characters disappear
    // when the text is sanitized for display: look for secrets in the text as it will be shown.
    const visible = MAYBE_INVISIBLE.test(out) ? stripUnsafeCharacters(out) : out;
    if (visible !== out) {
      const cleaned = this.#replacePieces(this.#replaceNeedles(visible));
      if (cleaned !== visible) out = cleaned;
    }
    for (const [pattern, replacement] of PATTERN_RULES) out = out.replace(pattern, replacement as (substring: string, ...args: string[]) => string);
    return redactUrlPaths(out);
  }

  /** Deeply redacts every string inside a JSON-like value (objects are copied, never mutated). */
  redactDeep<T>(value: T): T {
    return mapStrings(value, (s) => this.redact(s)) as T;
  }
}

function encodedForms(secret: string): string[] {
  // URL-encoded once, twice (a URL inside a `next=` parameter) and as a form value.
  const forms = [secret, encodeURIComponent(secret), encodeURIComponent(encodeURIComponent(secret)), new URLSearchParams({ s: secret }).toString().slice(2)];
  const base64 = Buffer.from(secret, 'utf8').toString('base64');
  forms.push(base64, base64.replace(/=+$/, ''), Buffer.from(secret, 'utf8').toString('base64url'));
  // Base64 of a string embedded in a larger buffer shifts by its offset mod 3; cover all three.
  for (const prefix of ['a', 'ab']) {
    const shifted = Buffer.from(prefix + secret, 'utf8').toString('base64');
    const skip = Math.ceil((prefix.length * 4) / 3);
    forms.push(shifted.slice(skip + 1, -4));
  }
  forms.push(Buffer.from(secret, 'utf8').toString('base64').slice(0, -4));
  // A server that hex-dumps what it received (a debug echo) shows the secret as hex.
  const hex = Buffer.from(secret, 'utf8').toString('hex');
  forms.push(hex, hex.toUpperCase());
  return forms.filter((f) => f.length >= MIN_SECRET_LENGTH);
}

/**
 * Environment variables whose values are secrets whatever the command: AWS keys and session
 * tokens, and the doctor's own `MCP_DOCTOR_*` (token, password, client secret, and any added
 * later), except those that name a file, folder, path or version: redacting a path would hide
 * every file name under it.
 */
const SECRET_ENVIRONMENT = /^(?:AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN|AWS_SECURITY_TOKEN|AWS_BEARER_TOKEN_[A-Z0-9_]+|MCP_DOCTOR_[A-Z0-9_]+)$/;
const NOT_A_SECRET = /_(?:FILE|DIR|PATH|VERSION|IMPORTS)$/;

/** Registers the secrets of `env` (see `SECRET_ENVIRONMENT`) before any command runs. */
export function registerEnvironmentSecrets(redactor: Redactor, env: NodeJS.ProcessEnv): void {
  for (const [name, value] of Object.entries(env)) {
    const upper = name.toUpperCase();
    if (value && SECRET_ENVIRONMENT.test(upper) && !NOT_A_SECRET.test(upper)) redactor.addSecret(value.trim());
  }
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

/** Names under which source code and configuration keep credentials. */
const SECRET_NAME = '(?:[A-Za-z0-9]+[_-])*(?:api[_-]?key|apikey|access[_-]?key|secret(?:[_-]?key)?|client[_-]?secret|token|auth[_-]?token|access[_-]?token|password|passwd|pwd|credentials?)';

const SOURCE_SECRET_RULES: ReadonlyArray<readonly [RegExp, string | ((...groups: string[]) => string)]> = [
  // `API_KEY = "…"`, `"token": "…"`, `password: …`, `--api-key sk-…`, `--token=…`, the exec form
  // `"--token", "…"`; a variable or a
  // call (`os.environ["TOKEN"]`, `$TOKEN`, `process.env.TOKEN`) names a secret but is none.
  [
    new RegExp(`(\\b${SECRET_NAME}(?:["']?\\s*[:=]\\s*|["']?\\s+|["']\\s*,\\s*))("[^"\\n]{4,}"|'[^'\\n]{4,}'|(?![$%{(]|os\\.|process\\.|env\\b|None\\b|null\\b|true\\b|false\\b)[A-Za-z0-9_\\-+/=.~]{8,}(?![.(\\[A-Za-z0-9_]))`, 'gi'),
    (_m, head: string, value: string) => {
      const quote = value[0] === '"' || value[0] === "'" ? value[0] : '';
      const inner = quote ? value.slice(1, -1) : value;
      // A reference in quotes (`"${TOKEN}"`, `"$TOKEN"`) is no secret either.
      if (/^\$\{?[A-Za-z_]/.test(inner) || /^<[^>]*>$/.test(inner)) return `${head}${value}`;
      return `${head}${quote}${REDACTED}${quote}`;
    },
  ],
  // Well-known key formats, wherever they stand.
  [/\b(?:sk|pk|rk)[-_](?:live|test|proj|ant|ak)?[-_]?[A-Za-z0-9_-]{12,}|\b(?:ghp|gho|ghs|ghu)_[A-Za-z0-9]{20,}|\bgithub_pat_[A-Za-z0-9_]{20,}|\bxox[abprs]-[A-Za-z0-9-]{10,}|\bglpat-[A-Za-z0-9_-]{16,}|\bAIza[0-9A-Za-z_-]{30,}|\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, REDACTED],
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, REDACTED],
];

/**
 * Masks secret-looking values in a line of source or configuration that a lint finding quotes: a
 * literal after a credential-like name, and well-known key formats. The name stays, so the reader
 * still sees which line it is.
 */
export function maskSourceSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SOURCE_SECRET_RULES) out = out.replace(pattern, replacement as (substring: string, ...args: string[]) => string);
  return out;
}
