import { describe, expect, it } from 'vitest';
import { trailingSlash } from '../../../src/checks/transport/trailing-slash.js';
import { resolveTarget } from '../../../src/targets/resolve.js';
import type { HttpExchange } from '../../../src/model/observations.js';
import { exchange, initOk, makeContext, runCheck, testCheck } from '../../helpers/check-tester.js';

function variant(url: string, partial: Partial<HttpExchange> = {}): HttpExchange {
  return exchange({ label: `POST initialize at ${new URL(url).pathname}`, url, ...partial });
}

const https = resolveTarget('https://mcp.example.com/mcp');

testCheck(trailingSlash, {
  valid: [
    { name: 'both slash forms answer 200', observations: { 'path-variant': initOk({ label: 'POST initialize at /mcp/', url: 'http://127.0.0.1:8000/mcp/' }) } },
    { name: 'a redirect without a Location header is no slash redirect', observations: { 'path-variant': variant('http://127.0.0.1:8000/mcp/', { status: 308 }) } },
    {
      name: 'every path redirects to a login gateway (judged on the target URL itself)',
      observations: { 'path-variant': variant('http://127.0.0.1:8000/mcp/', { status: 302, headers: { location: 'https://sso.example.com/login?next=%2Fmcp%2F' } }) },
    },
    { name: 'the other form is a 404 (no redirect involved)', observations: { 'path-variant': variant('http://127.0.0.1:8000/mcp/', { status: 404, headers: { 'content-type': 'text/plain' }, bodyExcerpt: 'Not Found' }) } },
  ],
  invalid: [
    {
      name: 'python-sdk ≥ 1.12: /mcp/ → 307 /mcp (same scheme): info',
      observations: { 'path-variant': variant('http://127.0.0.1:8000/mcp/', { status: 307, headers: { location: 'http://127.0.0.1:8000/mcp', 'content-length': '0' } }) },
      codes: ['TRAILING_SLASH_REDIRECT'],
      severities: ['info'],
      args: { status: 307, location: 'http://127.0.0.1:8000/mcp', probe: 'POST initialize at /mcp/' },
    },
    {
      name: 'a relative Location behind TLS keeps https: info',
      ctx: { target: https },
      observations: { 'path-variant': variant('https://mcp.example.com/mcp/', { status: 307, headers: { location: '/mcp' } }) },
      codes: ['TRAILING_SLASH_REDIRECT'],
      severities: ['info'],
    },
    {
      name: 'behind a TLS terminator the Location downgrades to http://: error',
      ctx: { target: https },
      observations: { 'path-variant': variant('https://mcp.example.com/mcp/', { status: 307, headers: { location: 'http://mcp.example.com/mcp' } }) },
      codes: ['TRAILING_SLASH_REDIRECT'],
      severities: ['error'],
    },
  ],
});

/** Pins that only a 3xx is a redirect: a 201 whose Location names the other slash form is not one. */
describe('trailing-slash: only a redirect status counts', () => {
  it.each([
    [201, []],
    [307, ['TRAILING_SLASH_REDIRECT']],
  ])('%i with Location /mcp/', (status, codes) => {
    const observed = variant('http://127.0.0.1:8000/mcp', { status, headers: { location: 'http://127.0.0.1:8000/mcp/' } });
    expect(runCheck(trailingSlash, { 'path-variant': observed }, makeContext()).findings.map((f) => f.code)).toStrictEqual(codes);
  });
});
