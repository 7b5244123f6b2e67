import { describe, expect, it } from 'vitest';
import { classifyNetworkError } from '../../src/probes/classify-error.js';

/** An error as Node's net/tls layer raises it: a message plus a `code`. */
function sysError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/** undici's `fetch failed` wrapper around the real cause. */
function fetchFailed(cause: unknown): TypeError {
  return new TypeError('fetch failed', { cause });
}

describe('classifyNetworkError', () => {
  it.each([
    ['ECONNREFUSED', sysError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:8000'), 'refused', 'ECONNREFUSED'],
    ['ENOTFOUND', sysError('ENOTFOUND', 'getaddrinfo ENOTFOUND mcp.internal.example'), 'dns', 'ENOTFOUND'],
    ['EAI_AGAIN', sysError('EAI_AGAIN', 'getaddrinfo EAI_AGAIN mcp.example.com'), 'dns', 'EAI_AGAIN'],
    ['CERT_HAS_EXPIRED', sysError('CERT_HAS_EXPIRED', 'certificate has expired'), 'tls', 'CERT_HAS_EXPIRED'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', sysError('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'), 'tls', 'DEPTH_ZERO_SELF_SIGNED_CERT'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', sysError('ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number'), 'tls', 'ERR_SSL_WRONG_VERSION_NUMBER'],
    ['UND_ERR_HEADERS_TIMEOUT', Object.assign(new Error('Headers Timeout Error'), { name: 'HeadersTimeoutError', code: 'UND_ERR_HEADERS_TIMEOUT' }), 'timeout', 'UND_ERR_HEADERS_TIMEOUT'],
    ['UND_ERR_CONNECT_TIMEOUT', Object.assign(new Error('Connect Timeout Error'), { code: 'UND_ERR_CONNECT_TIMEOUT' }), 'timeout', 'UND_ERR_CONNECT_TIMEOUT'],
    ['ETIMEDOUT', sysError('ETIMEDOUT', 'connect ETIMEDOUT 10.0.0.5:443'), 'timeout', 'ETIMEDOUT'],
    ['ECONNRESET', sysError('ECONNRESET', 'read ECONNRESET'), 'reset', 'ECONNRESET'],
    ['UND_ERR_SOCKET', Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }), 'reset', 'UND_ERR_SOCKET'],
  ])('%s', (_name, error, kind, code) => {
    const classified = classifyNetworkError(error);
    expect(classified.kind).toBe(kind);
    expect(classified.code).toBe(code);
    expect(classified.message).toBe((error as Error).message);
  });

  it('reads a TimeoutError DOMException (AbortSignal.timeout) as a timeout', () => {
    const error = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    expect(classifyNetworkError(error)).toEqual({ kind: 'timeout', code: 'TIMEOUT', message: 'The operation was aborted due to timeout' });
  });

  it('reads an AbortError as aborted', () => {
    expect(classifyNetworkError(new DOMException('This operation was aborted', 'AbortError')).kind).toBe('aborted');
  });

  it('reads a timeout when the deadline fired, whatever the error', () => {
    expect(classifyNetworkError(new DOMException('This operation was aborted', 'AbortError'), true).kind).toBe('timeout');
  });

  it('follows undici `fetch failed` to its cause', () => {
    const classified = classifyNetworkError(fetchFailed(sysError('ECONNREFUSED', 'connect ECONNREFUSED ::1:8000')));
    expect(classified).toEqual({ kind: 'refused', code: 'ECONNREFUSED', message: 'fetch failed' });
  });

  it('follows a chain several causes deep', () => {
    const tls = sysError('CERT_HAS_EXPIRED', 'certificate has expired');
    const middle = new Error('request to https://mcp.example.com/mcp failed', { cause: tls });
    expect(classifyNetworkError(fetchFailed(middle))).toMatchObject({ kind: 'tls', code: 'CERT_HAS_EXPIRED' });
  });

  it('prefers a timeout anywhere in the chain', () => {
    const error = fetchFailed(Object.assign(new Error('Connect Timeout Error (attempted address: 10.0.0.5:443)'), { code: 'UND_ERR_CONNECT_TIMEOUT' }));
    expect(classifyNetworkError(error).kind).toBe('timeout');
  });

  it('survives a cyclic cause chain', () => {
    const a: Error & { cause?: unknown } = new Error('a');
    const b = new Error('b', { cause: a });
    a.cause = b;
    expect(classifyNetworkError(a)).toMatchObject({ kind: 'other' });
  });

  it('classifies values that are not errors', () => {
    expect(classifyNetworkError('socket hang up')).toEqual({ kind: 'other', code: 'UNKNOWN', message: 'socket hang up' });
    expect(classifyNetworkError(undefined)).toMatchObject({ kind: 'other', code: 'UNKNOWN' });
  });

  it('keeps an unknown code', () => {
    expect(classifyNetworkError(sysError('EHOSTUNREACH', 'connect EHOSTUNREACH 10.0.0.9:443'))).toEqual({ kind: 'other', code: 'EHOSTUNREACH', message: 'connect EHOSTUNREACH 10.0.0.9:443' });
  });
});
