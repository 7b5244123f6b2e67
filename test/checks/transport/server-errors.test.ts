import { describe, expect, it } from 'vitest';
import { evidenceOf } from '../../../src/checks/evidence.js';
import { serverErrors } from '../../../src/checks/transport/server-errors.js';
import { exchange, initOk, jsonRpcErrorJson, makeContext, runCheck, testCheck } from '../../helpers/check-tester.js';

const NGINX_504 = '<html><head><title>504 Gateway Time-out</title></head><body><center><h1>504 Gateway Time-out</h1></center><hr><center>nginx</center></body></html>';

testCheck(serverErrors, {
  valid: [
    { name: 'no secondary probe ran', observations: {} },
    {
      name: 'every probe answered below 500',
      observations: {
        'accept-wildcard': exchange({ label: 'POST initialize (Accept: */*)', status: 406, headers: { 'content-type': 'application/json' }, bodyExcerpt: jsonRpcErrorJson(-32000, 'Not Acceptable: Client must accept both application/json and text/event-stream') }),
        'delete-no-session': exchange({ label: 'DELETE (no session)', method: 'DELETE', status: 405, headers: { 'content-type': 'application/json' }, bodyExcerpt: jsonRpcErrorJson(-32600, 'Method Not Allowed: Session termination not supported', 'server-error') }),
        'path-variant': initOk({ label: 'POST initialize at /mcp/', url: 'http://127.0.0.1:8000/mcp/' }),
      },
    },
    {
      name: 'a proxy 504 with an HTML body is the proxy, not the server',
      observations: { 'get-stream': exchange({ label: 'GET (Accept: text/event-stream)', method: 'GET', status: 504, headers: { 'content-type': 'text/html' }, bodyExcerpt: NGINX_504 }) },
    },
  ],
  invalid: [
    {
      name: 'behind AgentCore: a wrapped 500 is the container\'s error, with its status',
      observations: {
        'bogus-protocol-version': exchange({
          label: 'POST tools/list (MCP-Protocol-Version: 1999-01-01)',
          status: 200,
          headers: { 'content-type': 'application/json' },
          bodyExcerpt: '{"jsonrpc":"2.0","id":null,"error":{"code":-32010,"message":"Received error (500) from runtime. Please check your CloudWatch logs for more information."}}',
          containerStatus: 500,
        }),
      },
      codes: ['CONTAINER_ERROR'],
      severities: ['warning'],
      args: { status: 500, probe: 'POST tools/list (MCP-Protocol-Version: 1999-01-01)' },
    },
    {
      name: 'python-sdk 500 on GET with Last-Event-ID and no event store',
      observations: {
        'delete-no-session': exchange({ label: 'DELETE (no session)', method: 'DELETE', status: 405, headers: { 'content-type': 'text/plain' }, bodyExcerpt: 'Method Not Allowed' }),
        'get-stream': exchange({ label: 'GET (Accept: text/event-stream)', method: 'GET', status: 500, headers: { 'content-type': 'text/plain; charset=utf-8' }, bodyExcerpt: 'Internal Server Error' }),
      },
      codes: ['SERVER_ERROR'],
      severities: ['warning'],
      args: { status: 500, probe: 'GET (Accept: text/event-stream)', detail: 'Internal Server Error' },
    },
    {
      name: 'a 502 with a JSON-RPC body comes from the server',
      observations: { 'no-session': exchange({ label: 'POST tools/list (no Mcp-Session-Id)', status: 502, headers: { 'content-type': 'application/json' }, bodyExcerpt: jsonRpcErrorJson(-32603, 'Internal error: upstream tool failed') }) },
      codes: ['SERVER_ERROR'],
      severities: ['warning'],
      args: { status: 502, detail: 'Internal error: upstream tool failed' },
    },
  ],
});

/** Pins the evidence of a wrapped container failure: the exchange plus what AgentCore did to it. */
describe('server-errors evidence', () => {
  it('says AgentCore wrapped the container status', () => {
    const wrapped = exchange({ label: 'POST tools/list', headers: { 'content-type': 'application/json' }, bodyExcerpt: jsonRpcErrorJson(-32010, 'Received error (503) from runtime.'), containerStatus: 503 });
    expect(runCheck(serverErrors, { 'no-session': wrapped }, makeContext()).findings).toStrictEqual([
      { code: 'CONTAINER_ERROR', severity: 'warning', args: { status: 503, probe: 'POST tools/list' }, evidence: { ...evidenceOf(wrapped), detail: "AgentCore wrapped the container's HTTP 503 as 200 + JSON-RPC -32010" } },
    ]);
  });
});
