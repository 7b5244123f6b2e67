import { describe, expect, it } from 'vitest';
import { protocolVersionHeader } from '../../../src/checks/protocol/protocol-version-header.js';
import type { HttpExchange } from '../../../src/model/observations.js';
import { exchange, initOk, jsonRpcErrorJson, makeContext, runCheck, testCheck } from '../../helpers/check-tester.js';

const LABEL = 'POST tools/list (MCP-Protocol-Version: 1999-01-01)';

function bogus(partial: Partial<HttpExchange>): HttpExchange {
  return exchange({
    label: LABEL,
    requestHeaders: { accept: 'application/json, text/event-stream', 'content-type': 'application/json', 'mcp-protocol-version': '1999-01-01' },
    ...partial,
  });
}

const toolsListResult = '{"jsonrpc":"2.0","id":2,"result":{"tools":[{"name":"get_forecast","inputSchema":{"type":"object"}}]}}';

testCheck(protocolVersionHeader, {
  valid: [
    {
      name: 'python-sdk 400 `Unsupported protocol version`',
      observations: {
        init: initOk(),
        'bogus-protocol-version': bogus({
          status: 400,
          headers: { 'content-type': 'application/json' },
          bodyExcerpt: jsonRpcErrorJson(-32600, 'Bad Request: Unsupported protocol version: 1999-01-01. Supported versions: 2024-11-05, 2025-03-26, 2025-06-18, 2025-11-25', 'server-error'),
        }),
      },
    },
    {
      name: 'TypeScript 400 `Unsupported protocol version`',
      observations: {
        init: initOk({}, '2025-06-18'),
        'bogus-protocol-version': bogus({
          status: 400,
          headers: { 'content-type': 'application/json' },
          bodyExcerpt: jsonRpcErrorJson(-32000, 'Bad Request: Unsupported protocol version: 1999-01-01 (supported versions: 2025-11-25, 2025-06-18, 2025-03-26, 2024-11-05, 2024-10-07)'),
        }),
      },
    },
    {
      name: 'a 2025-03-26 server predates the header',
      observations: { init: initOk({}, '2025-03-26'), 'bogus-protocol-version': bogus({ headers: { 'content-type': 'application/json' }, bodyExcerpt: toolsListResult }) },
      notApplicable: /2025-03-26 predates the header/,
    },
  ],
  invalid: [
    {
      name: 'the bogus version is accepted with 200',
      observations: { init: initOk(), 'bogus-protocol-version': bogus({ headers: { 'content-type': 'application/json' }, bodyExcerpt: toolsListResult }) },
      codes: ['PROTOCOL_VERSION_HEADER_IGNORED'],
      severities: ['warning'],
      args: { status: 200, version: '1999-01-01' },
      message: /`MCP-Protocol-Version: 1999-01-01` got 200/,
    },
    {
      name: 'a 202 for the bogus version',
      observations: { init: initOk({}, '2025-06-18'), 'bogus-protocol-version': bogus({ status: 202 }) },
      codes: ['PROTOCOL_VERSION_HEADER_IGNORED'],
    },
  ],
});

/** Pins the skip reason when no version was negotiated at all. */
describe('protocol-version-header without a negotiated version', () => {
  it('names the version as "?"', () => {
    const init = exchange({ status: 500, headers: { 'content-type': 'text/plain' }, bodyExcerpt: 'boom' });
    expect(runCheck(protocolVersionHeader, { init, 'bogus-protocol-version': bogus({ status: 200 }) }, makeContext()).applies).toBe('the negotiated version ? predates the header (2025-06-18)');
  });
});
