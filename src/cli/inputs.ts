import { UsageError } from '../model/errors.js';
import { FileReadError, readBoundedFile } from '../security/read-bounded.js';

/**
 * Parsing of user input for the CLI. Every function throws `UsageError` with a one-line message
 * that names the fix; none echoes a secret back.
 */

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Parses repeated `--header "Name: value"` options. */
export function parseHeaders(values: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const raw of values) {
    const colon = raw.indexOf(':');
    const name = colon === -1 ? '' : raw.slice(0, colon).trim();
    if (!HEADER_NAME.test(name)) throw new UsageError(`--header must look like "Name: value" (got a header without a valid name)`);
    const value = raw.slice(colon + 1).trim();
    if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(value)) throw new UsageError(`--header ${name}: the value contains control characters`);
    headers[name.toLowerCase()] = value;
  }
  return headers;
}

/** Largest token file (and stdin) the doctor reads: real JWTs are a few kilobytes. */
export const MAX_TOKEN_BYTES = 64 * 1024;

/** Where the token came from, for the report's own messages. */
export type TokenSource = 'file' | 'stdin' | 'env' | 'argv';

/** Reads the bearer token from `--token-file` (or `-` for stdin), the environment or argv. */
export async function readToken(
  options: { tokenFile?: string; token?: string },
  env: NodeJS.ProcessEnv,
  readStdin: () => Promise<string>,
): Promise<{ token: string; source: TokenSource } | undefined> {
  let raw: string | undefined;
  let source: TokenSource | undefined;
  if (options.tokenFile !== undefined) {
    if (options.tokenFile === '-') {
      raw = await readStdin();
      source = 'stdin';
    } else {
      try {
        raw = (await readBoundedFile(options.tokenFile, { label: '--token-file', maxBytes: MAX_TOKEN_BYTES })).toString('utf8');
      } catch (error) {
        if (!(error instanceof FileReadError)) throw error;
        throw new UsageError(`cannot read --token-file ${options.tokenFile}: ${error.reason}`);
      }
      source = 'file';
    }
  } else if (options.token !== undefined) {
    raw = options.token;
    source = 'argv';
  } else if (env.MCP_DOCTOR_TOKEN !== undefined && env.MCP_DOCTOR_TOKEN !== '') {
    raw = env.MCP_DOCTOR_TOKEN;
    source = 'env';
  }
  if (raw === undefined || source === undefined) return undefined;
  let token = raw.trim();
  if (/^bearer\s+/i.test(token)) token = token.replace(/^bearer\s+/i, '');
  if (token === '') throw new UsageError(`the token from ${describeSource(source)} is empty`);
  if (/[\s\u0000-\u001f\u007f]/.test(token)) throw new UsageError(`the token from ${describeSource(source)} contains whitespace or control characters; it must be a single line`);
  return { token, source };
}

function describeSource(source: TokenSource): string {
  return { file: '--token-file', stdin: 'stdin', env: 'MCP_DOCTOR_TOKEN', argv: '--token' }[source];
}

/** Parses `10`, `10s`, `500ms`, `2m` into milliseconds. Bare numbers are seconds. */
export function parseDuration(value: string | number, flag: string): number {
  const text = String(value).trim();
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m)?$/.exec(text);
  if (!match) throw new UsageError(`${flag} must be a duration such as 10, 10s, 500ms or 2m (got "${text.slice(0, 40)}")`);
  const amount = Number(match[1]);
  const ms = match[2] === 'ms' ? amount : match[2] === 'm' ? amount * 60_000 : amount * 1000;
  // Rounded first: 0.4ms would otherwise become a deadline of 0 (no time at all).
  const rounded = Math.round(ms);
  if (rounded < 1 || rounded > 3_600_000) throw new UsageError(`${flag} must be between 1 ms and 1 hour`);
  return rounded;
}

/** Checks that `value` is an absolute http(s) URL; the flag names the URL in the one-line error. */
export function parseHttpUrl(value: string, flag: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${flag} must be an http:// or https:// URL (got "${value.slice(0, 60)}")`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError(`${flag} must be an http:// or https:// URL (got the scheme ${url.protocol.slice(0, 20)})`);
  return value;
}

/** `--call NAME [--args JSON]`: a tool name that is not empty, and `--args` only with `--call`. */
export function parseToolCall(call: string | undefined, args: string | undefined): { name: string; args: Record<string, unknown> } | undefined {
  if (call === undefined) {
    if (args !== undefined) throw new UsageError('--args goes with --call NAME (the tool to call); without --call nothing would use it');
    return undefined;
  }
  if (call.trim() === '') throw new UsageError('--call needs the name of a tool');
  return { name: call, args: parseToolArgs(args) };
}

/** Parses `--args` as a JSON object. */
export function parseToolArgs(text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError('--args must be a JSON object, e.g. --args \'{"text":"hi"}\'');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new UsageError('--args must be a JSON object');
  return value as Record<string, unknown>;
}

/** Splits repeated or comma-separated list options. */
export function splitList(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

/**
 * Colour precedence (no-color.org, Node's FORCE_COLOR): an explicit flag, then FORCE_COLOR
 * (`0`/`false` disable), then a non-empty NO_COLOR, then whether the stream is a terminal.
 */
export function decideColor(flag: boolean | undefined, env: NodeJS.ProcessEnv, isTty: boolean): boolean {
  if (flag !== undefined) return flag;
  if (env.FORCE_COLOR !== undefined) return !['0', 'false'].includes(env.FORCE_COLOR.toLowerCase());
  if (env.NO_COLOR) return false;
  return isTty && env.TERM !== 'dumb';
}
