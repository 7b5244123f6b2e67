import { describe, expect, it } from 'vitest';
import { classifyNetworkError, textOf } from '../../src/probes/classify-error.js';

/** An error as Node's net/tls layer raises it: a message plus a `code`. */
function sysError(code: string, message = `${code} happened`): Error {
  return Object.assign(new Error(message), { code });
}

/**
 * Pins the rules of network error classification that the happy-path table leaves open: each code
 * regex is anchored at both ends (a code that merely contains a known one is not that kind), the
 * TLS reading of a reset handshake, the parser-error code, the empty codes the chain skips, the
 * depth limit of the cause chain, and `textOf` for values that have no usable string.
 */
describe('classifyNetworkError: anchored code rules', () => {
  it.each([
    ['ECONNREFUSED', 'refused'],
    ['ENOTFOUND', 'dns'],
    ['EAI_AGAIN', 'dns'],
    ['EAI_NONAME', 'dns'],
    ['EAI_FAIL', 'dns'],
    ['UND_ERR_HEADERS_OVERFLOW', 'too-large'],
    ['UND_ERR_RES_EXCEEDED_MAX_SIZE', 'too-large'],
    ['RESPONSE_TOO_LARGE', 'too-large'],
    ['ECONNRESET', 'reset'],
    ['EPIPE', 'reset'],
    ['UND_ERR_SOCKET', 'reset'],
    ['UND_ERR_CLOSED', 'reset'],
  ] as const)('reads %s as %s', (code, kind) => {
    expect(classifyNetworkError(sysError(code))).toStrictEqual({ kind, code, message: `${code} happened` });
  });

  it.each([
    ['XECONNREFUSED'],
    ['ECONNREFUSED_X'],
    ['XENOTFOUND'],
    ['ENOTFOUNDX'],
    ['XEAI_FAIL'],
    ['EAI_NONAME2'],
    ['XUND_ERR_HEADERS_OVERFLOW'],
    ['RESPONSE_TOO_LARGE_X'],
    ['XECONNRESET'],
    ['ECONNRESETX'],
    ['XEPIPE'],
    ['UND_ERR_CLOSED_X'],
    ['XHPE_INVALID_CONSTANT'],
  ])('keeps %s, which only contains a known code, as other', (code) => {
    expect(classifyNetworkError(sysError(code))).toStrictEqual({ kind: 'other', code, message: `${code} happened` });
  });
});

describe('classifyNetworkError: TLS handshake cut short', () => {
  const message = 'Client network socket disconnected before secure TLS connection was established';

  it('reads ECONNRESET with the handshake message as tls', () => {
    expect(classifyNetworkError(sysError('ECONNRESET', message))).toStrictEqual({ kind: 'tls', code: 'ECONNRESET', message });
  });

  it.each([['XECONNRESET'], ['ECONNRESETX']])('does not read %s with the handshake message as tls', (code) => {
    expect(classifyNetworkError(sysError(code, message))).toStrictEqual({ kind: 'other', code, message });
  });
});

describe('classifyNetworkError: bytes that are not HTTP/1.1', () => {
  it('names the HPE_ code of a parser error', () => {
    const error = Object.assign(new Error('Response does not match the HTTP/1.1 protocol'), { name: 'HTTPParserError', code: 'HPE_INVALID_CONSTANT' });
    expect(classifyNetworkError(error)).toStrictEqual({ kind: 'protocol', code: 'HPE_INVALID_CONSTANT', message: 'Response does not match the HTTP/1.1 protocol' });
  });

  it('reads an HPE_ code without the parser error name as protocol', () => {
    expect(classifyNetworkError(sysError('HPE_INVALID_CHUNK_SIZE'))).toStrictEqual({ kind: 'protocol', code: 'HPE_INVALID_CHUNK_SIZE', message: 'HPE_INVALID_CHUNK_SIZE happened' });
  });

  it('falls back to the error name when no code starts with HPE_', () => {
    const error = Object.assign(new Error('bad'), { name: 'HTTPParserError', code: 'XHPE_INVALID' });
    expect(classifyNetworkError(error)).toStrictEqual({ kind: 'protocol', code: 'HTTPParserError', message: 'bad' });
  });
});

describe('classifyNetworkError: aborts, codes along the chain, depth', () => {
  it('answers ABORTED for an abort', () => {
    expect(classifyNetworkError(new DOMException('This operation was aborted', 'AbortError'))).toStrictEqual({ kind: 'aborted', code: 'ABORTED', message: 'This operation was aborted' });
    expect(classifyNetworkError(sysError('UND_ERR_ABORTED', 'aborted'))).toStrictEqual({ kind: 'aborted', code: 'ABORTED', message: 'aborted' });
  });

  it('skips wrappers without a code to report the first code in the chain', () => {
    const error = new TypeError('fetch failed', { cause: sysError('EHOSTUNREACH', 'connect EHOSTUNREACH 10.0.0.9:443') });
    expect(classifyNetworkError(error)).toStrictEqual({ kind: 'other', code: 'EHOSTUNREACH', message: 'fetch failed' });
  });

  it('takes the first non-empty message, not the text "undefined" of a missing one', () => {
    const inner = sysError('EHOSTUNREACH', 'connect EHOSTUNREACH 10.0.0.9:443');
    const outer = { name: 'Wrapper', cause: inner };
    expect(classifyNetworkError(outer)).toStrictEqual({ kind: 'other', code: 'EHOSTUNREACH', message: 'connect EHOSTUNREACH 10.0.0.9:443' });
  });

  /** `depth` wrappers without a code around an ECONNREFUSED. */
  function wrapped(depth: number): Error {
    let error: Error = sysError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:8000');
    for (let i = 0; i < depth; i++) error = new Error(`wrapper ${i}`, { cause: error });
    return error;
  }

  it('reads a cause eighth in the chain', () => {
    expect(classifyNetworkError(wrapped(7))).toStrictEqual({ kind: 'refused', code: 'ECONNREFUSED', message: 'wrapper 6' });
  });

  it('stops before a cause ninth in the chain', () => {
    expect(classifyNetworkError(wrapped(8))).toStrictEqual({ kind: 'other', code: 'Error', message: 'wrapper 7' });
  });
});

describe('textOf', () => {
  it.each([
    [undefined, ''],
    [null, ''],
    [0, '0'],
    [false, 'false'],
    ['', ''],
    ['ECONNRESET', 'ECONNRESET'],
  ])('turns %j into %j', (value, text) => {
    expect(textOf(value)).toBe(text);
  });

  it('names an object without a prototype instead of throwing', () => {
    expect(textOf(Object.create(null))).toBe('[object Object]');
  });

  it('names an object whose toString throws instead of throwing', () => {
    const hostile = {
      toString(): string {
        throw new Error('no');
      },
    };
    expect(textOf(hostile)).toBe('[object Object]');
  });
});
