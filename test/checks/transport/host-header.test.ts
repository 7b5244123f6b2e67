import { hostHeader } from '../../../src/checks/transport/host-header.js';
import type { HttpExchange } from '../../../src/model/observations.js';
import { exchange, initOk, jsonRpcErrorJson, testCheck } from '../../helpers/check-tester.js';

const FOREIGN = 'mcp-doctor-host-check.invalid:8000';

function foreign(partial: Partial<HttpExchange>): HttpExchange {
  return exchange({
    label: `POST initialize (Host: ${FOREIGN})`,
    requestHeaders: { accept: 'application/json, text/event-stream', 'content-type': 'application/json', host: FOREIGN },
    ...partial,
  });
}

const py421 = { status: 421, headers: { 'content-type': 'text/plain; charset=utf-8' }, bodyExcerpt: 'Invalid Host header' };

testCheck(hostHeader, {
  valid: [
    { name: 'the foreign-Host probe did not run (TLS target)', observations: { init: initOk() } },
    { name: 'a server without DNS-rebinding protection accepts any Host', observations: { init: initOk(), 'host-foreign': foreign({ headers: { 'content-type': 'application/json' }, bodyExcerpt: initOk().bodyExcerpt }) } },
    {
      name: 'a 403 for the Origin (not the Host) is not a Host rejection',
      observations: { init: initOk(), 'host-foreign': foreign({ status: 403, headers: { 'content-type': 'text/plain' }, bodyExcerpt: 'Invalid Origin header' }) },
    },
    {
      name: 'a 400 about something else',
      observations: { init: initOk(), 'host-foreign': foreign({ status: 400, headers: { 'content-type': 'text/plain' }, bodyExcerpt: 'Invalid Content-Type header' }) },
    },
  ],
  invalid: [
    {
      name: 'python-sdk 421 `Invalid Host header` to the foreign Host: an error (what happens once deployed)',
      observations: { init: initOk(), 'host-foreign': foreign(py421) },
      codes: ['HOST_HEADER_REJECTED'],
      severities: ['error'],
      args: { status: 421, host: FOREIGN, detail: 'Invalid Host header' },
      message: /with `Host: mcp-doctor-host-check\.invalid:8000`: "Invalid Host header"/,
    },
    {
      name: 'the same rejection under the agentcore profile is an error too',
      ctx: { profile: 'agentcore' },
      observations: { init: initOk(), 'host-foreign': foreign(py421) },
      codes: ['HOST_HEADER_REJECTED'],
      severities: ['error'],
    },
    {
      name: 'TypeScript createMcpExpressApp 403 `Invalid Host: evil.example`',
      observations: { init: initOk(), 'host-foreign': foreign({ status: 403, headers: { 'content-type': 'application/json' }, bodyExcerpt: jsonRpcErrorJson(-32000, 'Invalid Host: evil.example') }) },
      codes: ['HOST_HEADER_REJECTED'],
      args: { status: 403, detail: 'Invalid Host: evil.example' },
    },
    {
      name: 'FastMCP 3.4.3 guard 421 `Misdirected Request`',
      observations: { init: initOk(), 'host-foreign': foreign({ status: 421, headers: { 'content-type': 'text/plain' }, bodyExcerpt: 'Misdirected Request' }) },
      codes: ['HOST_HEADER_REJECTED'],
    },
    {
      name: 'the real Host is rejected (deployed behind a proxy): error even under generic',
      ctx: { target: { input: 'http://mcp.example.com:8000/mcp', url: 'http://mcp.example.com:8000/mcp', origin: 'http://mcp.example.com:8000', kind: 'url', isLoopback: false } },
      observations: { init: exchange({ url: 'http://mcp.example.com:8000/mcp', ...py421 }) },
      codes: ['HOST_HEADER_REJECTED'],
      severities: ['error'],
      args: { host: 'mcp.example.com:8000', probe: 'POST initialize' },
    },
  ],
});
