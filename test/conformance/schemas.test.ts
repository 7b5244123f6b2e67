import { describe, expect, it } from 'vitest';
import { compileToolSchema, detectDialect } from '../../src/conformance/tool-schemas.js';
import { hasResultSchema, validateResult } from '../../src/probes/conformance/protocol-schemas.js';

/** Tool schemas compiled per dialect, and results validated per negotiated version. */
describe('compileToolSchema', () => {
  it.each([
    ['no $schema is 2020-12', { type: 'object' }, '2020-12'],
    ['draft-07 by $schema', { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object' }, 'draft-07'],
    ['draft-07 without the fragment', { $schema: 'http://json-schema.org/draft-07/schema', type: 'object' }, 'draft-07'],
    ['2019-09 by $schema', { $schema: 'https://json-schema.org/draft/2019-09/schema', type: 'object' }, '2019-09'],
    ['draft-06 by $schema', { $schema: 'http://json-schema.org/draft-06/schema#', type: 'object' }, 'draft-06'],
    ['an unknown dialect', { $schema: 'https://example.com/my-dialect', type: 'object' }, 'https://example.com/my-dialect'],
  ])('%s', (_name, schema, dialect) => {
    expect(detectDialect(schema)).toBe(dialect);
  });

  it('compiles valid schemas in their own dialect and validates with them', () => {
    const modern = compileToolSchema({ type: 'object', $defs: { n: { type: 'integer' } }, properties: { n: { $ref: '#/$defs/n' } }, unevaluatedProperties: false });
    expect(modern.ok).toBe(true);
    if (modern.ok !== true) return;
    expect(modern.validate({ n: 1 })).toBe(true);
    expect(modern.validate({ n: 1.5 })).toBe(false);
    expect(modern.validate({ n: 1, extra: true })).toBe(false);
    const draft7 = compileToolSchema({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', definitions: { n: { type: 'integer' } }, properties: { n: { $ref: '#/definitions/n' } } });
    expect(draft7).toMatchObject({ ok: true, dialect: 'draft-07' });
    const draft6 = compileToolSchema({ $schema: 'http://json-schema.org/draft-06/schema#', type: 'object', properties: { n: { type: 'number', exclusiveMinimum: 0 } } });
    expect(draft6).toMatchObject({ ok: true, dialect: 'draft-06' });
  });

  it('accepts unknown keywords (annotations) and formats it knows', () => {
    expect(compileToolSchema({ type: 'object', 'x-mcp-header': 'Region', properties: { when: { type: 'string', format: 'date-time' } } }).ok).toBe(true);
  });

  it.each([
    ['a type that does not exist', { type: 'object', properties: { n: { type: 'int' } } }, /type/],
    ['a $ref to nothing', { type: 'object', properties: { n: { $ref: '#/$defs/missing' } } }, /reference/],
    ['a pattern that is not a regular expression', { type: 'object', properties: { s: { type: 'string', pattern: '(' } } }, /pattern|Invalid regular expression/i],
    ['draft-07 with a 2020-12-only value', { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', required: 'a' }, /required/],
    ['an array', [], /not a JSON object/],
  ])('rejects %s', (_name, schema, message) => {
    const compiled = compileToolSchema(schema);
    expect(compiled.ok).toBe(false);
    if (compiled.ok === false) expect(compiled.error).toMatch(message);
  });

  it('leaves a dialect it cannot compile unjudged', () => {
    expect(compileToolSchema({ $schema: 'http://json-schema.org/draft-04/schema#', type: 'object' })).toEqual({ ok: 'unsupported', dialect: 'http://json-schema.org/draft-04/schema#' });
  });
});

describe('validateResult', () => {
  const tool = { name: 'echo', inputSchema: { type: 'object' } };

  it('accepts conforming 2025 results', () => {
    expect(validateResult('tools/list', '2025-11-25', { tools: [tool] })).toEqual([]);
    expect(validateResult('ping', '2025-06-18', {})).toEqual([]);
    expect(validateResult('ping', '2025-06-18', { _meta: { trace: 'x' } })).toEqual([]);
  });

  it('names the path of every issue', () => {
    expect(validateResult('tools/list', '2025-11-25', { tools: [{ name: 'echo' }] })).toEqual(['tools.0.inputSchema: Invalid input: expected object, received undefined']);
    expect(validateResult('tools/list', '2025-11-25', { tools: [{ name: 'echo', inputSchema: { type: 'string' } }] })[0]).toMatch(/^tools\.0\.inputSchema\.type: /);
    expect(validateResult('ping', '2025-11-25', { status: 'ok' })).toEqual(['(result): Unrecognized key: "status"']);
    expect(validateResult('resources/read', '2025-11-25', { contents: [{ text: 'x' }] })[0]).toMatch(/^contents\.0/);
  });

  it('requires the modern envelope at 2026-07-28 and the cache fields on lists', () => {
    const envelope = { resultType: 'complete', _meta: { 'io.modelcontextprotocol/serverInfo': { name: 's', version: '1' } } };
    expect(validateResult('tools/list', '2026-07-28', { tools: [tool], ttlMs: 0, cacheScope: 'private', ...envelope })).toEqual([]);
    expect(validateResult('tools/list', '2026-07-28', { tools: [tool], ...envelope })).toEqual(['ttlMs: Invalid input: expected number, received undefined', 'cacheScope: Invalid input: expected string, received undefined']);
    expect(validateResult('prompts/get', '2026-07-28', { messages: [] })).toEqual(['resultType: Invalid input: expected string, received undefined', '_meta: Invalid input: expected object, received undefined']);
    expect(validateResult('prompts/get', '2026-07-28', { messages: [], ...envelope })).toEqual([]);
    expect(validateResult('server/discover', '2026-07-28', { supportedVersions: [], capabilities: {}, ttlMs: 0, cacheScope: 'private', ...envelope })[0]).toMatch(/^supportedVersions: /);
  });

  it('knows which methods each era has', () => {
    expect(hasResultSchema('ping', '2025-11-25')).toBe(true);
    expect(hasResultSchema('ping', '2026-07-28')).toBe(false);
    expect(hasResultSchema('server/discover', '2026-07-28')).toBe(true);
    expect(hasResultSchema('server/discover', '2025-11-25')).toBe(false);
  });

  it('bounds the issues it reports', () => {
    const tools = Array.from({ length: 20 }, (_, i) => ({ name: `t${i}` }));
    expect(validateResult('tools/list', '2025-11-25', { tools })).toHaveLength(5);
  });
});
