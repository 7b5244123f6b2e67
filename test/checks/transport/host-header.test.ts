import { describe, expect, it } from 'vitest';
import { hostHeader } from '../../../src/checks/transport/host-header.js';
import { exchange, initOk, jsonRpcErrorJson, makeContext, runCheck, testCheck } from '../../helpers/check-tester.js';

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
      name: 'through AgentCore (a wrapped 421) the message blames the Host AgentCore forwarded, not the one the doctor sent',
      observations: { init: initOk({ status: 200, containerStatus: 421, bodyExcerpt: jsonRpcErrorJson(-32010, 'Received error (421) from runtime. Please check your CloudWatch logs for more information.') }) },
      ctx: { profile: 'agentcore' },
      codes: ['HOST_HEADER_REJECTED'],
      message: /: the container rejected the Host header AgentCore forwarded to it/,
    },
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

/** Pins that Host wording counts only on a 400 or 403 (421 aside). */
describe('host-header: statuses that carry a Host rejection', () => {
  it.each([
    [400, ['HOST_HEADER_REJECTED']],
    [403, ['HOST_HEADER_REJECTED']],
    [404, []],
    [500, []],
  ])('%i "Invalid Host header"', (status, codes) => {
    const init = exchange({ status, headers: { 'content-type': 'text/plain' }, bodyExcerpt: 'Invalid Host header' });
    expect(runCheck(hostHeader, { init }, makeContext()).findings.map((f) => f.code)).toStrictEqual(codes);
  });
});
