import { describe, expect, it } from 'vitest';
import { listenAck } from '../../../src/checks/modern/listen-ack.js';
import { headerDeclarationProblem, modernToolsList, toolProblem } from '../../../src/checks/modern/modern-tools-list.js';
import { jsonRpcErrorJson, testCheck } from '../../helpers/check-tester.js';
import { modern } from './modern-fixtures.js';

const ACK = 'event: message\ndata: {"jsonrpc":"2.0","method":"notifications/subscriptions/acknowledged","params":{"notifications":{"toolsListChanged":true},"_meta":{"io.modelcontextprotocol/subscriptionId":7}}}\n\n';
const stream = (events: number, firstMethod?: string) =>
  modern('POST subscriptions/listen', 200, '', { headers: { 'content-type': 'text/event-stream' }, sse: { events, bytes: 10, ended: false, ...(firstMethod ? { firstMethod } : {}) }, durationMs: 2000 });

testCheck(listenAck, {
  valid: [
    { name: 'the acknowledgement comes first', observations: { 'modern-listen': stream(1, 'notifications/subscriptions/acknowledged') } },
    { name: 'the acknowledgement as the fixture helper parses it', observations: { 'modern-listen': modern('POST subscriptions/listen', 200, ACK, { headers: { 'content-type': 'text/event-stream' }, sse: { events: 1, bytes: ACK.length, ended: false, firstMethod: 'notifications/subscriptions/acknowledged' } }) } },
  ],
  invalid: [
    { name: 'a silent stream', observations: { 'modern-listen': stream(0) }, codes: ['LISTEN_ACK_MISSING'], severities: ['warning'], args: { detail: 'nothing within 2000 ms' } },
    { name: 'a change notification before the acknowledgement', observations: { 'modern-listen': stream(1, 'notifications/tools/list_changed') }, codes: ['LISTEN_ACK_MISSING'], args: { detail: '`notifications/tools/list_changed`' } },
    { name: 'a first event that is not JSON-RPC', observations: { 'modern-listen': stream(1) }, codes: ['LISTEN_ACK_MISSING'], args: { detail: 'an event that is not a JSON-RPC notification' } },
    { name: 'a JSON result instead of a stream', observations: { 'modern-listen': modern('POST subscriptions/listen', 200, '{"jsonrpc":"2.0","id":7,"result":{}}') }, codes: ['LISTEN_ACK_MISSING'], message: /a JSON result/ },
    { name: 'listen not served although listChanged is declared', observations: { 'modern-listen': modern('POST subscriptions/listen', 404, jsonRpcErrorJson(-32601, 'Method not found', 7)) }, codes: ['LISTEN_ACK_MISSING'], args: { detail: 'HTTP 404 ("Method not found")' } },
  ],
});

const tool = (extra: Record<string, unknown> = {}, properties: Record<string, unknown> = { text: { type: 'string' } }) => ({ name: 'echo', inputSchema: { type: 'object', properties }, ...extra });
const tools = (list: unknown[], partial: { cursorLoop?: boolean; pages?: number } = {}) => ({
  'modern-tools-list': { exchange: modern('POST tools/list (2026-07-28)', 200, JSON.stringify({ jsonrpc: '2.0', id: 1, result: { tools: list } })), tools: list, pages: partial.pages ?? 1, ...(partial.cursorLoop ? { cursorLoop: true } : {}) },
});

testCheck(modernToolsList, {
  valid: [
    { name: 'plain tools', observations: tools([tool(), { ...tool(), name: 'add' }]) },
    { name: 'a valid x-mcp-header on a string property', observations: tools([tool({}, { region: { type: 'string', 'x-mcp-header': 'Region' }, days: { type: 'integer', 'x-mcp-header': 'Days' } })]) },
    { name: 'no tools at all', observations: tools([]) },
  ],
  invalid: [
    {
      name: 'tools/list refused',
      observations: { 'modern-tools-list': { exchange: modern('POST tools/list (2026-07-28)', 404, jsonRpcErrorJson(-32601, 'Method not found', 1)), tools: [], pages: 1 } },
      codes: ['TOOLS_LIST_FAILED'],
      args: { detail: 'POST tools/list (2026-07-28): Method not found' },
    },
    { name: 'a cursor loop', observations: tools([tool()], { cursorLoop: true, pages: 3 }), codes: ['TOOLS_LIST_FAILED'], args: { detail: 'pagination repeated a cursor after 3 pages' } },
    { name: 'x-mcp-header on a number', observations: tools([tool({}, { days: { type: 'number', 'x-mcp-header': 'Days' } })]), codes: ['TOOL_DEFINITION_INVALID'], severities: ['warning'], message: /property days, whose type is number/ },
    { name: 'two tools with one name', observations: tools([tool(), tool()]), codes: ['TOOL_DEFINITION_INVALID'], args: { detail: 'tool name `echo` appears twice' } },
    { name: 'a tool without inputSchema', observations: tools([{ name: 'bare' }]), codes: ['TOOL_DEFINITION_INVALID'], message: /tool `bare`: inputSchema is not a JSON Schema of type "object"/ },
  ],
});

describe('x-mcp-header declarations', () => {
  it.each([
    ['on the schema root', { type: 'object', 'x-mcp-header': 'Root' }, /schema root/],
    ['under items', { type: 'object', properties: { list: { type: 'array', items: { type: 'string', 'x-mcp-header': 'Item' } } } }, /not reached through properties alone/],
    ['under anyOf', { type: 'object', anyOf: [{ properties: { a: { type: 'string', 'x-mcp-header': 'A' } } }] }, /not reached through properties alone/],
    ['in $defs', { type: 'object', $defs: { x: { type: 'string', 'x-mcp-header': 'X' } } }, /not reached through properties alone/],
    ['not a token', { type: 'object', properties: { a: { type: 'string', 'x-mcp-header': 'Has Space' } } }, /not a non-empty HTTP token/],
    ['empty', { type: 'object', properties: { a: { type: 'string', 'x-mcp-header': '' } } }, /not a non-empty HTTP token/],
    ['on an object', { type: 'object', properties: { a: { type: 'object', 'x-mcp-header': 'A' } } }, /whose type is object/],
    ['without a type', { type: 'object', properties: { a: { 'x-mcp-header': 'A' } } }, /whose type is not set/],
    ['repeated in another case', { type: 'object', properties: { a: { type: 'string', 'x-mcp-header': 'Region' }, b: { type: 'string', 'x-mcp-header': 'REGION' } } }, /repeats "Region"/],
  ])('rejects one %s', (_name, schema, problem) => {
    expect(headerDeclarationProblem(schema)).toMatch(problem);
  });

  it('accepts nested properties with distinct primitive headers', () => {
    expect(headerDeclarationProblem({ type: 'object', properties: { a: { type: 'object', properties: { b: { type: 'boolean', 'x-mcp-header': 'B' } } }, c: { type: 'integer', 'x-mcp-header': 'C' } } })).toBeUndefined();
  });

  it('names the tool', () => {
    expect(toolProblem({ name: 't', inputSchema: { type: 'object', properties: { a: { type: 'number', 'x-mcp-header': 'A' } } } })).toBe('tool `t`: x-mcp-header on property a, whose type is number (string, integer or boolean only)');
    expect(toolProblem('x')).toBe('an entry that is not an object');
    expect(toolProblem({ name: '' })).toBe('a tool without a name');
  });
});
