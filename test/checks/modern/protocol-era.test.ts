import { describe, expect, it } from 'vitest';
import { discoverResult, protocolEra } from '../../../src/checks/modern/protocol-era.js';
import { initOk, jsonRpcErrorJson, exchange, makeContext, runCheck, testCheck } from '../../helpers/check-tester.js';
import { discoverOk, discoverRefusedByLegacy, headerMismatch, initRefusedModernOnly, modern, wrapped } from './modern-fixtures.js';

testCheck(protocolEra, {
  valid: [
    { name: 'a dual-era server (initialize and discover both served)', observations: { init: initOk(), discover: discoverOk() } },
    { name: 'a 2025-only server refuses discover with 400 -32000: no finding', observations: { init: initOk(), discover: discoverRefusedByLegacy() } },
    { name: 'a failing initialize without -32022 and no discover is not an era question', observations: { init: exchange({ status: 500, headers: { 'content-type': 'text/plain' }, bodyExcerpt: 'boom' }), discover: discoverRefusedByLegacy() } },
    { name: 'a -32022 naming only versions the doctor does not speak', observations: { init: exchange({ status: 400, headers: { 'content-type': 'application/json' }, bodyExcerpt: JSON.stringify({ jsonrpc: '2.0', id: 1, error: { code: -32022, message: 'no', data: { supported: ['2099-01-01'] } } }) }), discover: discoverRefusedByLegacy() } },
    { name: 'a 406 on initialize with discover served is an Accept problem, not a modern-only server', observations: { init: exchange({ status: 406, headers: { 'content-type': 'application/json' }, bodyExcerpt: jsonRpcErrorJson(-32000, 'Not Acceptable') }), discover: discoverOk() } },
  ],
  invalid: [
    {
      name: 'legacy: reject answers initialize 400 -32022 and serves discover',
      observations: { init: initRefusedModernOnly(), discover: discoverOk() },
      codes: ['MODERN_ONLY_SERVER'],
      severities: ['info'],
      args: { status: 400, variants: '2026-07-28', detail: 'Unsupported protocol version: 2025-11-25' },
      message: /server\/discover lists 2026-07-28/,
    },
    {
      name: 'behind AgentCore the refusal arrives wrapped (no body): discover served decides',
      ctx: { profile: 'agentcore' },
      observations: { init: wrapped('POST initialize', 400), discover: discoverOk() },
      codes: ['MODERN_ONLY_SERVER'],
      severities: ['info'],
    },
    {
      name: 'the server names 2026-07-28 but refuses the doctor\'s well-formed discover (a proxy strips Mcp-Method)',
      observations: { init: initRefusedModernOnly(), discover: headerMismatch('POST server/discover (2026-07-28)') },
      codes: ['DISCOVER_FAILED'],
      severities: ['error'],
      args: { status: 400, version: '2026-07-28' },
      message: /names 2026-07-28 as supported, but a well-formed server\/discover got 400/,
    },
  ],
});

testCheck(discoverResult, {
  valid: [
    { name: 'a complete DiscoverResult', observations: { init: initOk(), discover: discoverOk() } },
    { name: 'not applicable when discover was refused', observations: { init: initOk(), discover: discoverRefusedByLegacy() }, notApplicable: /not served/ },
    { name: 'not applicable to a wrapped refusal behind AgentCore', observations: { init: initOk(), discover: wrapped('POST server/discover', 400) }, notApplicable: /not served/ },
  ],
  invalid: [
    {
      name: 'supportedVersions and serverInfo missing',
      observations: { init: initOk(), discover: modern('POST server/discover', 200, JSON.stringify({ jsonrpc: '2.0', id: 1, result: { capabilities: {}, resultType: 'complete' } })) },
      codes: ['DISCOVER_RESULT_INVALID'],
      severities: ['error'],
      args: { detail: 'supportedVersions, _meta["io.modelcontextprotocol/serverInfo"]' },
    },
    {
      name: 'an empty result (a gateway answering every method)',
      observations: { init: initOk(), discover: modern('POST server/discover', 200, JSON.stringify({ jsonrpc: '2.0', id: 1, result: {} })) },
      codes: ['DISCOVER_RESULT_INVALID'],
      args: { detail: 'supportedVersions, capabilities, resultType, _meta["io.modelcontextprotocol/serverInfo"]' },
    },
    {
      name: 'supportedVersions that is not a list of strings',
      observations: { init: initOk(), discover: discoverOk({ supportedVersions: [20260728] }) },
      codes: ['DISCOVER_RESULT_INVALID'],
      args: { detail: 'supportedVersions' },
    },
  ],
});

/** Pins how several modern versions are listed: comma-separated, in discover's order. */
describe('protocol-era version list', () => {
  it('lists every version server/discover supports', () => {
    const discover = discoverOk({ supportedVersions: ['2026-07-28', '2026-12-01'] });
    expect(runCheck(protocolEra, { init: initRefusedModernOnly(), discover }, makeContext()).findings.map((f) => f.args?.variants)).toStrictEqual(['2026-07-28, 2026-12-01']);
  });
});
