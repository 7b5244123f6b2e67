import { describe, expect, it } from 'vitest';
import { classifyJsonRpc, readJsonRpc } from '../../src/probes/jsonrpc.js';

describe('readJsonRpc', () => {
  it('reads a result', () => {
    expect(readJsonRpc('{"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"2025-11-25"}}')).toEqual({ kind: 'result', id: 1, result: { protocolVersion: '2025-11-25' } });
  });

  it('reads a null result (still a result)', () => {
    expect(readJsonRpc('{"jsonrpc":"2.0","id":"a","result":null}')).toEqual({ kind: 'result', id: 'a', result: null });
  });

  it('reads a TypeScript SDK error (id null)', () => {
    expect(readJsonRpc('{"jsonrpc":"2.0","error":{"code":-32000,"message":"Bad Request: Mcp-Session-Id header is required"},"id":null}')).toEqual({
      kind: 'error',
      id: null,
      code: -32000,
      message: 'Bad Request: Mcp-Session-Id header is required',
    });
  });

  it('reads a python-sdk error (id "server-error") with data', () => {
    expect(readJsonRpc('{"jsonrpc":"2.0","id":"server-error","error":{"code":-32602,"message":"Unsupported protocol version","data":{"supported":["2025-11-25"],"requested":"1999-01-01"}}}')).toEqual({
      kind: 'error',
      id: 'server-error',
      code: -32602,
      message: 'Unsupported protocol version',
      data: { supported: ['2025-11-25'], requested: '1999-01-01' },
    });
  });

  it('reads an error object even without "jsonrpc" (OAuth-style bodies are not errors)', () => {
    expect(readJsonRpc('{"error":{"code":-32600,"message":"x"},"id":3}')).toMatchObject({ kind: 'error', id: 3, code: -32600 });
    expect(readJsonRpc('{"error":"invalid_token","error_description":"Authentication required"}')).toEqual({ kind: 'other', reason: 'no "jsonrpc": "2.0" member' });
  });

  it('tolerates a missing code or message', () => {
    expect(readJsonRpc('{"jsonrpc":"2.0","id":1,"error":{}}')).toEqual({ kind: 'error', id: 1, code: undefined, message: '' });
  });

  it('normalises an id of another type to null', () => {
    expect(readJsonRpc('{"jsonrpc":"2.0","id":{"x":1},"result":{}}')).toEqual({ kind: 'result', id: null, result: {} });
  });

  it.each([
    ['a batch array', '[{"jsonrpc":"2.0","id":1,"result":{}},{"jsonrpc":"2.0","id":2,"result":{}}]', /batch/],
    ['a string', '"hello"', /not a JSON object/],
    ['a number', '42', /not a JSON object/],
    ['null', 'null', /not a JSON object/],
    ['a missing jsonrpc member', '{"id":1,"result":{}}', /"jsonrpc": "2.0"/],
    ['a wrong jsonrpc version', '{"jsonrpc":"1.0","id":1,"result":{}}', /"jsonrpc": "2.0"/],
    ['neither result nor error', '{"jsonrpc":"2.0","id":1}', /neither "result" nor "error"/],
    ['a request, not a response', '{"jsonrpc":"2.0","id":1,"method":"ping"}', /neither/],
    ['invalid JSON', '{"jsonrpc":"2.0",', /not valid JSON/],
    ['an HTML page', '<html><body>502 Bad Gateway</body></html>', /not valid JSON/],
    ['an empty body', '', /empty body/],
    ['whitespace', ' \r\n\t', /empty body/],
  ])('reads %s as other', (_name, text, reason) => {
    const reading = readJsonRpc(text);
    expect(reading.kind).toBe('other');
    expect(reading.kind === 'other' ? reading.reason : '').toMatch(reason);
  });

  it('returns other for 100000 levels of nesting without throwing', () => {
    for (const text of ['['.repeat(100_000) + ']'.repeat(100_000), '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000), '['.repeat(100_000)]) {
      let reading: ReturnType<typeof readJsonRpc> | undefined;
      expect(() => {
        reading = readJsonRpc(text);
      }).not.toThrow();
      expect(reading).toEqual({ kind: 'other', reason: expect.stringMatching(/nested deeper than \d+ levels/) });
    }
  });

  it('does not count brackets inside strings as nesting', () => {
    const message = '['.repeat(500);
    expect(readJsonRpc(JSON.stringify({ jsonrpc: '2.0', id: 1, error: { code: -32000, message } }))).toMatchObject({ kind: 'error', message });
    const escaped = JSON.stringify({ jsonrpc: '2.0', id: 1, result: { text: `\\"${'{'.repeat(200)}` } });
    expect(readJsonRpc(escaped).kind).toBe('result');
  });

  it('accepts moderate nesting in a result', () => {
    const deep = '{"a":'.repeat(30) + '1' + '}'.repeat(30);
    expect(readJsonRpc(`{"jsonrpc":"2.0","id":1,"result":${deep}}`).kind).toBe('result');
  });
});

describe('classifyJsonRpc', () => {
  it('classifies parsed values the same way', () => {
    expect(classifyJsonRpc({ jsonrpc: '2.0', id: 2, result: { tools: [] } })).toEqual({ kind: 'result', id: 2, result: { tools: [] } });
    expect(classifyJsonRpc([])).toMatchObject({ kind: 'other' });
    expect(classifyJsonRpc(undefined)).toMatchObject({ kind: 'other' });
  });
});
