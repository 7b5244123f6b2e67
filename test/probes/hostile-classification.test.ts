import { describe, expect, it } from 'vitest';
import { classifyNetworkError } from '../../src/probes/classify-error.js';
import { unsafeCharactersIn } from '../../src/probes/http-exchange.js';

describe('classifyNetworkError: answers that are not usable responses', () => {
  const parserError = (message: string): Error => Object.assign(new Error(message), { name: 'HTTPParserError' });
  it.each([
    ['an undici parser error (no code)', parserError('Response does not match the HTTP/1.1 protocol (Invalid header value char)'), 'protocol', 'HTTPParserError'],
    ['an llhttp code', Object.assign(new Error('Parse Error'), { code: 'HPE_INVALID_CHUNK_SIZE' }), 'protocol', 'HPE_INVALID_CHUNK_SIZE'],
    ['a header block past the limit', Object.assign(new Error('Headers Overflow Error'), { code: 'UND_ERR_HEADERS_OVERFLOW' }), 'too-large', 'UND_ERR_HEADERS_OVERFLOW'],
    ['a body past maxResponseSize', Object.assign(new Error('Response content exceeded max size'), { code: 'UND_ERR_RES_EXCEEDED_MAX_SIZE' }), 'too-large', 'UND_ERR_RES_EXCEEDED_MAX_SIZE'],
    ['a reset stays a reset', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), 'reset', 'ECONNRESET'],
  ])('%s', (_name, error, kind, code) => {
    expect(classifyNetworkError(error)).toMatchObject({ kind, code });
  });
});

describe('unsafeCharactersIn: terminal controls, raw or JSON-escaped', () => {
  it.each([
    ['plain JSON', '{"jsonrpc":"2.0","id":1,"result":{"name":"weather"}}', []],
    ['tabs, line ends and non-ASCII letters', 'caf\u00e9\tna\u00efve\r\n\u4e2d\u6587', []],
    ['a raw OSC title sequence', 'x\u001b]0;pwned\u0007', ['ESC', 'BEL']],
    ['the same as JSON escapes', '{"name":"\\u001b[2J\\u0007"}', ['ESC', 'BEL']],
    ['an escaped NUL', '{"id":"a\\u0000b"}', ['C0']],
    ['an 8-bit CSI', 'Via: 1.1 \u009b31m', ['C1']],
    ['a right-to-left override and an isolate', 'abc\u202Efed\u2066', ['bidi']],
    ['a JSON-escaped tab or newline is harmless', '{"d":"a\\tb\\nc\\r"}', []],
  ])('%s', (_name, text, kinds) => {
    expect(unsafeCharactersIn(text)).toEqual(kinds);
  });
});
