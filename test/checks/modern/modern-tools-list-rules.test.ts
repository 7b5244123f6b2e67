import { describe, expect, it } from 'vitest';
import { headerDeclarationProblem, modernToolsList, toolProblem } from '../../../src/checks/modern/modern-tools-list.js';
import { evidenceOf } from '../../../src/checks/evidence.js';
import type { HttpExchange } from '../../../src/model/observations.js';
import { exchange, makeContext, runCheck, testCheck } from '../../helpers/check-tester.js';
import { modern } from './modern-fixtures.js';

const LABEL = 'POST tools/list (2026-07-28)';
const tool = (name: string, properties: Record<string, unknown> = { text: { type: 'string' } }) => ({ name, inputSchema: { type: 'object', properties } });
const listed = (list: unknown[]): HttpExchange => modern(LABEL, 200, JSON.stringify({ jsonrpc: '2.0', id: 1, result: { tools: list } }));
const tools = (list: unknown[], partial: { cursorLoop?: boolean; pages?: number } = {}) => ({
  'modern-tools-list': { exchange: listed(list), tools: list, pages: partial.pages ?? 1, ...(partial.cursorLoop ? { cursorLoop: true } : {}) },
});
const failed = (answer: HttpExchange) => ({ 'modern-tools-list': { exchange: answer, tools: [], pages: 1 } });
/** A tool whose one property declares a header on a number: one problem per tool. */
const badTool = (i: number) => tool(`t${i}`, { n: { type: 'number', 'x-mcp-header': 'N' } });
const badProblem = (i: number) => `tool \`t${i}\`: x-mcp-header on property n, whose type is number (string, integer or boolean only)`;

/** Pins the detail of a failed tools/list when the answer carries no server words, and a header the walk reaches under items. */
testCheck(modernToolsList, {
  valid: [{ name: 'a null schema property and primitive subschemas', observations: tools([tool('echo', { a: null, b: 'text', c: true })]) }],
  invalid: [
    {
      name: 'a network error before any answer',
      observations: failed(exchange({ label: LABEL, outcome: 'network-error', error: { kind: 'refused', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:8000' } })),
      codes: ['TOOLS_LIST_FAILED'],
      args: { detail: `${LABEL}: connect ECONNREFUSED 127.0.0.1:8000` },
    },
    { name: 'a 500 with an empty body', observations: failed(modern(LABEL, 500, '')), codes: ['TOOLS_LIST_FAILED'], args: { detail: `${LABEL}: HTTP 500` } },
    { name: 'a timeout with neither status nor error', observations: failed(exchange({ label: LABEL, outcome: 'timeout' })), codes: ['TOOLS_LIST_FAILED'], args: { detail: `${LABEL}: HTTP ?` } },
    {
      name: 'a header declared under an array entry',
      observations: tools([tool('echo', { list: { type: 'array', items: { type: 'string', 'x-mcp-header': 'Item' } } })]),
      codes: ['TOOL_DEFINITION_INVALID'],
      severities: ['warning'],
      args: { detail: 'tool `echo`: x-mcp-header on property list.<items>, which is not reached through properties alone' },
    },
  ],
});

/**
 * Pins the whole finding of the tools list: the cursor-loop evidence, the first five problems and
 * the count of the rest, each entry that is not a tool, and the evidence the detail is added to.
 */
describe('modern-tools-list: findings', () => {
  const run = (observations: ReturnType<typeof tools>) => runCheck(modernToolsList, observations, makeContext()).findings;

  it('reports a cursor loop with its own evidence', () => {
    expect(run(tools([tool('echo')], { cursorLoop: true, pages: 4 }))).toStrictEqual([
      { code: 'TOOLS_LIST_FAILED', args: { detail: 'pagination repeated a cursor after 4 pages' }, evidence: { detail: 'nextCursor loop' } },
    ]);
  });

  it.each([
    [4, Array.from({ length: 4 }, (_, i) => badProblem(i)).join('; ')],
    [5, Array.from({ length: 5 }, (_, i) => badProblem(i)).join('; ')],
    [6, `${Array.from({ length: 5 }, (_, i) => badProblem(i)).join('; ')}; and 1 more`],
    [7, `${Array.from({ length: 5 }, (_, i) => badProblem(i)).join('; ')}; and 2 more`],
  ])('names at most five of %i problems', (count, detail) => {
    const observations = tools(Array.from({ length: count }, (_, i) => badTool(i)));
    expect(run(observations)).toStrictEqual([{ code: 'TOOL_DEFINITION_INVALID', args: { detail }, evidence: { ...evidenceOf(observations['modern-tools-list'].exchange), detail } }]);
  });

  it('reports entries that are not tools, and a name seen twice', () => {
    const observations = tools([null, [], 'echo', tool('echo'), tool('echo')]);
    const detail = 'an entry that is not an object; an entry that is not an object; an entry that is not an object; tool name `echo` appears twice';
    expect(run(observations)).toStrictEqual([{ code: 'TOOL_DEFINITION_INVALID', args: { detail }, evidence: { ...evidenceOf(observations['modern-tools-list'].exchange), detail } }]);
  });
});

/** Pins each early return of `toolProblem` with the exact problem text. */
describe('toolProblem', () => {
  it.each([
    ['null', null, 'an entry that is not an object'],
    ['an array', [{ name: 'a', inputSchema: { type: 'object' } }], 'an entry that is not an object'],
    ['a number', 7, 'an entry that is not an object'],
    ['an empty name with a valid schema', { name: '', inputSchema: { type: 'object' } }, 'a tool without a name'],
    ['a numeric name', { name: 7, inputSchema: { type: 'object' } }, 'a tool without a name'],
    ['a schema of type array', { name: 'a', inputSchema: { type: 'array' } }, 'tool `a`: inputSchema is not a JSON Schema of type "object"'],
    ['a schema without a type', { name: 'a', inputSchema: {} }, 'tool `a`: inputSchema is not a JSON Schema of type "object"'],
    ['a null schema', { name: 'a', inputSchema: null }, 'tool `a`: inputSchema is not a JSON Schema of type "object"'],
    ['a string schema', { name: 'a', inputSchema: 'object' }, 'tool `a`: inputSchema is not a JSON Schema of type "object"'],
    ['no schema', { name: 'a' }, 'tool `a`: inputSchema is not a JSON Schema of type "object"'],
  ])('rejects %s', (_name, value, problem) => {
    expect(toolProblem(value)).toBe(problem);
  });

  it('accepts a tool with an object schema', () => {
    expect(toolProblem({ name: 'a', inputSchema: { type: 'object' } })).toBe(undefined);
  });
});

/** Pins the exact text of each `x-mcp-header` problem and the subschemas the walk visits. */
describe('headerDeclarationProblem', () => {
  const header = (type: unknown, value: unknown = 'H') => ({ ...(type === undefined ? {} : { type }), 'x-mcp-header': value });

  it.each([
    ['on the root', { type: 'object', 'x-mcp-header': 'Root' }, 'x-mcp-header on the schema root, which is not reached through properties alone'],
    ['not a token', { type: 'object', properties: { a: header('string', 'Has Space') } }, 'x-mcp-header on property a is not a non-empty HTTP token'],
    ['a number value', { type: 'object', properties: { a: header('string', 7) } }, 'x-mcp-header on property a is not a non-empty HTTP token'],
    ['on a number', { type: 'object', properties: { a: header('number') } }, 'x-mcp-header on property a, whose type is number (string, integer or boolean only)'],
    ['without a type', { type: 'object', properties: { a: header(undefined) } }, 'x-mcp-header on property a, whose type is not set (string, integer or boolean only)'],
    ['under items', { type: 'object', properties: { list: { type: 'array', items: header('string') } } }, 'x-mcp-header on property list.<items>, which is not reached through properties alone'],
    ['in the second anyOf branch', { type: 'object', anyOf: [{ properties: { a: { type: 'string' } } }, { properties: { b: header('string') } }] }, 'x-mcp-header on property <anyOf>.b, which is not reached through properties alone'],
    ['in $defs', { type: 'object', $defs: { x: header('string') } }, 'x-mcp-header on property <$defs>, which is not reached through properties alone'],
    ['in definitions', { type: 'object', definitions: { x: header('string') } }, 'x-mcp-header on property <definitions>, which is not reached through properties alone'],
    ['in patternProperties', { type: 'object', patternProperties: { '^a': header('string') } }, 'x-mcp-header on property <patternProperties>, which is not reached through properties alone'],
    ['in dependentSchemas', { type: 'object', dependentSchemas: { a: header('string') } }, 'x-mcp-header on property <dependentSchemas>, which is not reached through properties alone'],
  ])('rejects a header %s', (_name, schema, problem) => {
    expect(headerDeclarationProblem(schema)).toBe(problem);
  });

  it.each([
    ['null', null],
    ['a string', 'object'],
    ['properties that are null', { type: 'object', properties: null }],
    ['properties given as an array, which name no property', { type: 'object', properties: [header('number')] }],
    ['property schemas that are not objects', { type: 'object', properties: { a: null, b: 'text', c: true }, items: 'x', not: null }],
  ])('finds nothing in %s', (_name, schema) => {
    expect(headerDeclarationProblem(schema)).toBe(undefined);
  });
});
