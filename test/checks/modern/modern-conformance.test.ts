import { describe, expect, it } from 'vitest';
import { evidenceOf } from '../../../src/checks/evidence.js';
import { modernEnvelope, modernHeaders, modernSessionHeader, removedMethods, unsupportedVersion } from '../../../src/checks/modern/modern-conformance.js';
import { jsonRpcErrorJson, makeContext, runCheck, testCheck } from '../../helpers/check-tester.js';
import { discoverOk, discoverResultJson, headerMismatch, modern, wrapped } from './modern-fixtures.js';

const served = (label: string) => modern(label, 200, discoverResultJson());
const unknownTool = (label: string) => modern(label, 200, jsonRpcErrorJson(-32602, 'Tool mcp-doctor-absent-tool not found', 1));
const throttled = (label: string) => modern(label, 200, jsonRpcErrorJson(-32003, 'Rate limit exceeded - Too many requests'));

const HEADER_FAULTS = ['MCP-Protocol-Version header missing', 'Mcp-Method header missing', 'Mcp-Method header tools/list while the body calls server/discover'];

testCheck(modernHeaders, {
  valid: [
    { name: 'every faulty request gets 400 -32020', observations: { 'modern-headers': { cases: HEADER_FAULTS.map((fault) => ({ fault, exchange: headerMismatch(fault) })) } } },
    { name: 'behind AgentCore the 400s arrive wrapped', observations: { 'modern-headers': { cases: HEADER_FAULTS.map((fault) => ({ fault, exchange: wrapped(fault, 400) })) } } },
    { name: 'a throttled request says nothing about the server', observations: { 'modern-headers': { cases: [{ fault: HEADER_FAULTS[1] as string, exchange: throttled('x') }] } } },
  ],
  invalid: [
    {
      name: 'a server that reads only the body serves every one',
      observations: { 'modern-headers': { cases: HEADER_FAULTS.map((fault) => ({ fault, exchange: served(fault) })) } },
      codes: ['MODERN_HEADERS_NOT_VALIDATED'],
      severities: ['warning'],
      args: { status: 200, variants: HEADER_FAULTS.join('; ') },
    },
    {
      name: 'only Mcp-Name is unchecked: tools/call for an absent tool reaches the tool lookup (200 -32602)',
      observations: {
        'modern-headers': {
          cases: [
            { fault: 'Mcp-Method header missing', exchange: headerMismatch('m') },
            { fault: 'Mcp-Name header missing on tools/call', exchange: unknownTool('n') },
          ],
        },
      },
      codes: ['MODERN_HEADERS_NOT_VALIDATED'],
      args: { variants: 'Mcp-Name header missing on tools/call' },
    },
  ],
});

const noCaps = 'clientCapabilities missing from _meta';
const noInfo = 'clientInfo missing from _meta (optional)';
const envelopeRefusal = modern('c', 400, JSON.stringify({ jsonrpc: '2.0', id: 1, error: { code: -32602, message: 'Invalid _meta envelope for protocol revision 2026-07-28: io.modelcontextprotocol/clientCapabilities: missing' } }));

testCheck(modernEnvelope, {
  valid: [{ name: 'capabilities required, clientInfo optional (the v2 SDK)', observations: { 'modern-envelope': { cases: [{ fault: noCaps, exchange: envelopeRefusal }, { fault: noInfo, exchange: served('i') }] } } }],
  invalid: [
    {
      name: 'a missing clientCapabilities is served',
      observations: { 'modern-envelope': { cases: [{ fault: noCaps, exchange: served('c') }, { fault: noInfo, exchange: served('i') }] } },
      codes: ['MODERN_ENVELOPE_NOT_VALIDATED'],
      severities: ['warning'],
    },
    {
      name: 'the optional clientInfo is required',
      observations: { 'modern-envelope': { cases: [{ fault: noCaps, exchange: envelopeRefusal }, { fault: noInfo, exchange: modern('i', 400, jsonRpcErrorJson(-32602, 'clientInfo: missing', 1)) }] } },
      codes: ['CLIENT_INFO_REQUIRED'],
      severities: ['warning'],
      args: { status: 400, detail: 'clientInfo: missing' },
    },
    {
      name: 'behind AgentCore a wrapped 400 for the clientInfo-less request still counts as a refusal',
      observations: { 'modern-envelope': { cases: [{ fault: noCaps, exchange: wrapped('c', 400) }, { fault: noInfo, exchange: wrapped('i', 400) }] } },
      codes: ['CLIENT_INFO_REQUIRED'],
      args: { status: 400 },
    },
  ],
});

const LABEL_2099 = 'POST tools/list (MCP-Protocol-Version: 2099-01-01)';
testCheck(unsupportedVersion, {
  valid: [
    {
      name: '400 -32022 with data.supported',
      observations: { 'modern-unsupported-version': modern(LABEL_2099, 400, JSON.stringify({ jsonrpc: '2.0', id: 1, error: { code: -32022, message: 'Unsupported protocol version: 2099-01-01', data: { supported: ['2026-07-28'], requested: '2099-01-01' } } })) },
    },
    { name: 'a -32022 in a 200 still names the versions', observations: { 'modern-unsupported-version': modern(LABEL_2099, 200, jsonRpcErrorJson(-32022, 'Unsupported protocol version', 1)) } },
    { name: 'behind AgentCore: wrapped 400', observations: { 'modern-unsupported-version': wrapped(LABEL_2099, 400) } },
    { name: 'throttled: no verdict', observations: { 'modern-unsupported-version': throttled(LABEL_2099) } },
  ],
  invalid: [
    {
      name: 'served as if it were 2026-07-28',
      observations: { 'modern-unsupported-version': modern(LABEL_2099, 200, JSON.stringify({ jsonrpc: '2.0', id: 1, result: { tools: [] } })) },
      codes: ['UNSUPPORTED_VERSION_ACCEPTED'],
      severities: ['error'],
      args: { status: 200, version: '2099-01-01' },
    },
  ],
});

const notFound404 = (label: string) => modern(label, 404, jsonRpcErrorJson(-32601, 'Method not found', 1));
testCheck(removedMethods, {
  valid: [
    { name: '404 + -32601 for both', observations: { 'modern-removed-methods': { cases: [{ fault: 'initialize', exchange: notFound404('i') }, { fault: 'ping', exchange: notFound404('p') }] } } },
    { name: 'a 200 carrying -32601 is not serving the method', observations: { 'modern-removed-methods': { cases: [{ fault: 'ping', exchange: modern('p', 200, jsonRpcErrorJson(-32601, 'Method not found', 2)) }] } } },
  ],
  invalid: [
    {
      name: 'initialize and ping both served',
      observations: { 'modern-removed-methods': { cases: [{ fault: 'initialize', exchange: served('i') }, { fault: 'ping', exchange: modern('p', 200, '{"jsonrpc":"2.0","id":2,"result":{}}') }] } },
      codes: ['REMOVED_METHOD_SERVED'],
      severities: ['warning'],
      args: { method: 'initialize and ping', status: 200 },
    },
    {
      name: 'only ping served',
      observations: { 'modern-removed-methods': { cases: [{ fault: 'initialize', exchange: notFound404('i') }, { fault: 'ping', exchange: modern('p', 200, '{"jsonrpc":"2.0","id":2,"result":{}}') }] } },
      codes: ['REMOVED_METHOD_SERVED'],
      args: { method: 'ping' },
    },
  ],
});

const sessionNotFound = modern('POST server/discover (arbitrary Mcp-Session-Id)', 404, jsonRpcErrorJson(-32001, 'Session not found', 1));
testCheck(modernSessionHeader, {
  valid: [
    { name: 'the header is ignored', observations: { discover: discoverOk(), 'modern-session-header': served('s') } },
    { name: 'no control: discover itself failed', observations: { discover: modern('d', 400, jsonRpcErrorJson(-32020, 'x', 1)), 'modern-session-header': sessionNotFound } },
    { name: 'a 5xx is not a rejection of the header', observations: { discover: discoverOk(), 'modern-session-header': modern('s', 500, 'Internal Server Error', { headers: { 'content-type': 'text/plain' } }) } },
  ],
  invalid: [
    { name: 'rejected with 404 (generic: warning)', observations: { discover: discoverOk(), 'modern-session-header': sessionNotFound }, codes: ['MODERN_SESSION_HEADER_REJECTED'], severities: ['warning'], args: { status: 404, detail: 'Session not found' } },
    { name: 'rejected under agentcore: error', ctx: { profile: 'agentcore' }, observations: { discover: discoverOk(), 'modern-session-header': wrapped('s', 400) }, codes: ['MODERN_SESSION_HEADER_REJECTED'], severities: ['error'], args: { status: 400 } },
  ],
});

/**
 * Pins `accepted` on answers the tables leave out: a 2xx with no JSON-RPC body counts as served,
 * the rule's own error in a 200 is a refusal while another error is not, and only a -32022 excuses
 * a 200 to the unsupported version.
 */
describe('modern conformance edges', () => {
  const plain200 = (label: string) => modern(label, 200, 'OK', { headers: { 'content-type': 'text/plain' } });

  it('a 200 with no JSON-RPC body accepted the unsupported version', () => {
    const observed = plain200(LABEL_2099);
    expect(observed.jsonrpc).toBeUndefined();
    expect(runCheck(unsupportedVersion, { 'modern-unsupported-version': observed }, makeContext()).findings.map((f) => f.code)).toStrictEqual(['UNSUPPORTED_VERSION_ACCEPTED']);
  });

  it('a 200 with another JSON-RPC error than -32022 accepted the unsupported version', () => {
    const observed = modern(LABEL_2099, 200, jsonRpcErrorJson(-32602, 'Unknown tool', 1));
    expect(runCheck(unsupportedVersion, { 'modern-unsupported-version': observed }, makeContext()).findings.map((f) => f.code)).toStrictEqual(['UNSUPPORTED_VERSION_ACCEPTED']);
  });

  it('a removed method answered 200 without JSON-RPC is not served', () => {
    expect(runCheck(removedMethods, { 'modern-removed-methods': { cases: [{ fault: 'ping', exchange: plain200('p') }] } }, makeContext()).findings).toStrictEqual([]);
  });

  it.each<[string, number, string[]]>([
    ['the rule\'s own -32602 in a 200 is a refusal', -32602, []],
    ['the throttling -32003 in a 200 is no verdict', -32003, []],
    ['another error in a 200 means the envelope got through', -32601, ['MODERN_ENVELOPE_NOT_VALIDATED']],
  ])('%s', (_name, code, codes) => {
    const withoutCapabilities = modern('c', 200, jsonRpcErrorJson(code, 'x', 1));
    expect(runCheck(modernEnvelope, { 'modern-envelope': { cases: [{ fault: noCaps, exchange: withoutCapabilities }] } }, makeContext()).findings.map((f) => f.code)).toStrictEqual(codes);
  });

  it('MODERN_ENVELOPE_NOT_VALIDATED carries the served exchange', () => {
    const withoutCapabilities = served('c');
    expect(runCheck(modernEnvelope, { 'modern-envelope': { cases: [{ fault: noCaps, exchange: withoutCapabilities }] } }, makeContext()).findings).toStrictEqual([
      { code: 'MODERN_ENVELOPE_NOT_VALIDATED', args: { status: 200 }, evidence: evidenceOf(withoutCapabilities) },
    ]);
  });
});
