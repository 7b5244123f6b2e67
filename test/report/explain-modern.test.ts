import { describe, expect, it } from 'vitest';
import { resolveExplainQuery } from '../../src/catalog/explain-query.js';
import { renderExplain } from '../../src/report/explain.js';
import { runCli } from '../helpers/run-cli.js';

/** `explain` knows the 2026-07-28 error codes: what a user pastes from a client or a log. */
describe('explain for 2026-07-28 errors', () => {
  it.each([
    ['-32020', 'DISCOVER_FAILED', ['MODERN_HEADERS_NOT_VALIDATED']],
    ['Bad Request: the request headers and body disagree: the body names method tools/list but the required Mcp-Method header is absent', 'DISCOVER_FAILED', ['MODERN_HEADERS_NOT_VALIDATED']],
    ['-32021', 'MODERN_ENVELOPE_NOT_VALIDATED', []],
    ['MissingRequiredClientCapability', 'MODERN_ENVELOPE_NOT_VALIDATED', []],
    ['-32022', 'MODERN_ONLY_SERVER', ['UNSUPPORTED_VERSION_ACCEPTED']],
    ['{"code":-32022,"message":"Unsupported protocol version: 2025-11-25","data":{"supported":["2026-07-28"]}}', 'MODERN_ONLY_SERVER', ['UNSUPPORTED_VERSION_ACCEPTED']],
    ['404 + -32601', 'REMOVED_METHOD_SERVED', []],
    ['HTTP 404 {"jsonrpc":"2.0","id":3,"error":{"code":-32601,"message":"Method not found"}}', 'REMOVED_METHOD_SERVED', []],
  ])('%s', (query, first, alsoPossible) => {
    const result = resolveExplainQuery(query);
    expect(result.kind).toBe('text');
    const codes = result.kind === 'text' ? result.codes : [];
    expect(codes[0]).toBe(first);
    for (const code of alsoPossible) expect(codes).toContain(code);
    expect(codes).not.toContain('WRONG_PATH');
    expect(renderExplain(result)).toMatch(new RegExp(`^Most likely: ${first}`));
  });

  it('says a 404 with -32601 is a normal answer, not a wrong URL', () => {
    expect(renderExplain(resolveExplainQuery('404 + -32601'))).toMatch(/never reports it as WRONG_PATH/);
  });

  it('lists the removed-method code among the causes of a bare 404', () => {
    const result = resolveExplainQuery('404');
    expect(result.kind === 'status' ? result.codes : []).toContain('REMOVED_METHOD_SERVED');
  });

  it.each([
    [['explain', '--', '-32022'], 'MODERN_ONLY_SERVER'],
    [['explain', '-32021'], 'MODERN_ENVELOPE_NOT_VALIDATED'],
    [['explain', '--', '404', '+', '-32601'], 'REMOVED_METHOD_SERVED'],
  ])('answers %j through the built CLI', async (args, code) => {
    const result = await runCli(args);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Most likely: ${code}`));
  });
});
