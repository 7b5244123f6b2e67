import type { NetworkErrorKind } from '../model/observations.js';
/**
 * Maps undici and Node network errors to a stable kind. Classification reads `code`, `name` and
 * the `cause` chain, never message text, because messages change between versions.
 */

/** A classified failure. `message` is raw: redact it before showing. */
export interface ClassifiedError {
  kind: NetworkErrorKind;
  code: string;
  message: string;
}

const TLS_CODE = /^(CERT_|ERR_TLS_|ERR_SSL_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_(VERIFY|GET_ISSUER)|ERR_OSSL_|HOSTNAME_MISMATCH)/;

/** Classifies `error`; `deadlineHit` says whether the per-request deadline fired. */
export function classifyNetworkError(error: unknown, deadlineHit = false): ClassifiedError {
  const chain = causeChain(error);
  const codes = chain.map((e) => textOf(e.code)).filter(Boolean);
  const names = chain.map((e) => textOf(e.name));
  const message = chain.map((e) => textOf(e.message)).find(Boolean) ?? textOf(error);
  const code = codes[0] ?? names[0] ?? 'UNKNOWN';
  const has = (re: RegExp): string | undefined => codes.find((c) => re.test(c));

  if (deadlineHit || names.includes('TimeoutError') || has(/TIMEOUT|ETIMEDOUT/)) {
    return { kind: 'timeout', code: has(/TIMEOUT|ETIMEDOUT/) ?? 'TIMEOUT', message };
  }
  const refused = has(/^ECONNREFUSED$/);
  if (refused) return { kind: 'refused', code: refused, message };
  const dns = has(/^(ENOTFOUND|EAI_AGAIN|EAI_NONAME|EAI_FAIL)$/);
  if (dns) return { kind: 'dns', code: dns, message };
  const tls = has(TLS_CODE);
  if (tls) return { kind: 'tls', code: tls, message };
  // Node gives a handshake cut short by the peer only ECONNRESET; its message is the one signal.
  if (has(/^ECONNRESET$/) && /before secure TLS connection was established/i.test(message)) return { kind: 'tls', code: 'ECONNRESET', message };
  // Bytes that are not HTTP/1.1 (bad status line, chunk size, header characters) or a header
  // block or body past the client's limit: the peer answered, but not with a usable response.
  if (names.includes('HTTPParserError') || has(/^HPE_/)) return { kind: 'protocol', code: has(/^HPE_/) ?? 'HTTPParserError', message };
  const tooLarge = has(/^(UND_ERR_HEADERS_OVERFLOW|UND_ERR_RES_EXCEEDED_MAX_SIZE|RESPONSE_TOO_LARGE)$/);
  if (tooLarge) return { kind: 'too-large', code: tooLarge, message };
  const reset = has(/^(ECONNRESET|EPIPE|UND_ERR_SOCKET|UND_ERR_CLOSED)$/);
  if (reset) return { kind: 'reset', code: reset, message };
  if (names.includes('AbortError') || has(/ABORT/)) return { kind: 'aborted', code: 'ABORTED', message };
  return { kind: 'other', code, message };
}

/**
 * `String(value)` that cannot throw: thrown values are arbitrary, and an object without a
 * prototype (or with a throwing `toString`) must not turn classification into a crash.
 */
export function textOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

function causeChain(error: unknown): Array<Record<string, unknown>> {
  const chain: Array<Record<string, unknown>> = [];
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current && typeof current === 'object'; depth++) {
    chain.push(current as Record<string, unknown>);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}
