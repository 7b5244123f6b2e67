import { hostHeader } from '../../../src/checks/transport/host-header.js';
import { exchange, initOk, jsonRpcErrorJson, testCheck } from '../../helpers/check-tester.js';

const py421 = { status: 421, headers: { 'content-type': 'text/plain; charset=utf-8' }, bodyExcerpt: 'Invalid Host header' };

testCheck(hostHeader, {
  valid: [
    { name: 'the URL\'s own Host is served', observations: { init: initOk() } },
    {
      name: 'a 403 for the Origin (not the Host) is not a Host rejection',
      observations: { init: exchange({ status: 403, headers: { 'content-type': 'text/plain' }, bodyExcerpt: 'Invalid Origin header' }) },
    },
    {
      name: 'a 400 about something else',
      observations: { init: exchange({ status: 400, headers: { 'content-type': 'text/plain' }, bodyExcerpt: 'Invalid Content-Type header' }) },
    },
  ],
  invalid: [
    {
      name: 'the real Host is rejected (python-sdk ≥ 1.23 behind a proxy): error even under generic',
      ctx: { target: { input: 'http://mcp.example.com:8000/mcp', url: 'http://mcp.example.com:8000/mcp', origin: 'http://mcp.example.com:8000', kind: 'url', isLoopback: false } },
      observations: { init: exchange({ url: 'http://mcp.example.com:8000/mcp', ...py421 }) },
      codes: ['HOST_HEADER_REJECTED'],
      severities: ['error'],
      args: { host: 'mcp.example.com:8000', probe: 'POST initialize' },
      message: /^421 for POST initialize with `Host: mcp\.example\.com:8000`: "Invalid Host header"; clients that use this URL cannot connect/,
    },
    {
      name: 'TypeScript createMcpExpressApp on a public name: 403 `Invalid Host: mcp.example.com`',
      ctx: { target: { input: 'http://mcp.example.com:8000/mcp', url: 'http://mcp.example.com:8000/mcp', origin: 'http://mcp.example.com:8000', kind: 'url', isLoopback: false } },
      observations: { init: exchange({ url: 'http://mcp.example.com:8000/mcp', status: 403, headers: { 'content-type': 'application/json' }, bodyExcerpt: jsonRpcErrorJson(-32000, 'Invalid Host: mcp.example.com') }) },
      codes: ['HOST_HEADER_REJECTED'],
      args: { status: 403, detail: 'Invalid Host: mcp.example.com' },
    },
    {
      name: 'a plain-text 403 `Access is only allowed at localhost:PORT…`',
      observations: { init: exchange({ status: 403, headers: { 'content-type': 'text/plain' }, bodyExcerpt: 'Access is only allowed at localhost:8000, 127.0.0.1:8000, [::1]:8000' }) },
      codes: ['HOST_HEADER_REJECTED'],
    },
    {
      name: 'FastMCP 3.4.3 guard 421 `Misdirected Request`, under the agentcore profile too',
      ctx: { profile: 'agentcore' },
      observations: { init: exchange({ status: 421, headers: { 'content-type': 'text/plain' }, bodyExcerpt: 'Misdirected Request' }) },
      codes: ['HOST_HEADER_REJECTED'],
      severities: ['error'],
    },
  ],
});
