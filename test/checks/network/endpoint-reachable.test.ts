import { describe, expect, it } from 'vitest';
import { evidenceOf } from '../../../src/checks/evidence.js';
import { endpointReachable } from '../../../src/checks/network/endpoint-reachable.js';
import type { HttpExchange } from '../../../src/model/observations.js';
import { exchange, initOk, initStateful, makeContext, runCheck, testCheck } from '../../helpers/check-tester.js';
import { hostileFailureCases } from './hostile-failure-cases.js';

const failed = (kind: 'refused' | 'reset' | 'dns' | 'tls' | 'timeout' | 'aborted' | 'other', code: string, message: string, durationMs = 3) =>
  exchange({ outcome: kind === 'timeout' ? 'timeout' : 'network-error', error: { kind, code, message }, durationMs });

testCheck(endpointReachable, {
  valid: [
    { name: 'a 200 JSON initialize result', observations: { init: initOk() } },
    { name: 'a 200 SSE initialize result from a stateful server', observations: { init: initStateful() } },
    {
      name: 'an HTTP error status is a response, not a network failure (nginx 502)',
      observations: {
        init: exchange({ status: 502, headers: { 'content-type': 'text/html', server: 'nginx/1.27.0' }, bodyExcerpt: '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx/1.27.0</center></body></html>' }),
      },
    },
  ],
  invalid: [
    {
      name: 'ECONNREFUSED: nothing listens (server bound to 127.0.0.1 in its container)',
      observations: { init: failed('refused', 'ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:8000') },
      codes: ['CONNECTION_REFUSED'],
      severities: ['error'],
      args: { host: '127.0.0.1:8000', errorCode: 'ECONNREFUSED' },
      message: /refused \(ECONNREFUSED\)/,
    },
    {
      name: 'ECONNRESET through docker-proxy (Empty reply from server)',
      observations: { init: failed('reset', 'ECONNRESET', 'read ECONNRESET') },
      codes: ['CONNECTION_REFUSED'],
    },
    {
      name: 'ENOTFOUND for a misspelt host',
      observations: { init: failed('dns', 'ENOTFOUND', 'getaddrinfo ENOTFOUND mcp.internal.example') },
      ctx: { target: { input: 'https://mcp.internal.example/mcp', url: 'https://mcp.internal.example/mcp', origin: 'https://mcp.internal.example:443', kind: 'url', isLoopback: false } },
      codes: ['DNS_LOOKUP_FAILED'],
      severities: ['error'],
      args: { host: 'mcp.internal.example', errorCode: 'ENOTFOUND' },
    },
    {
      name: 'a self-signed certificate',
      observations: { init: failed('tls', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate') },
      codes: ['TLS_CERTIFICATE_UNTRUSTED'],
      severities: ['error'],
    },
    {
      name: 'a certificate from an unknown private CA',
      observations: { init: failed('tls', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate') },
      codes: ['TLS_CERTIFICATE_UNTRUSTED'],
    },
    {
      name: 'a certificate for another host name',
      observations: { init: failed('tls', 'ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames") },
      codes: ['TLS_HANDSHAKE_FAILED'],
    },
    {
      name: 'a proxied request refused at the proxy address',
      observations: { init: exchange({ outcome: 'network-error', error: { kind: 'refused', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 10.0.0.8:3128' }, proxy: 'http://10.0.0.8:3128' }) },
      codes: ['PROXY_UNREACHABLE'],
      args: { url: 'http://10.0.0.8:3128' },
    },
    {
      name: 'a proxy that wants credentials for a forwarded request',
      observations: { init: exchange({ outcome: 'network-error', error: { kind: 'other', code: 'UND_ERR_INVALID_ARG', message: 'Proxy Authentication Required (407)' }, proxy: 'http://***@proxy:3128/' }) },
      codes: ['PROXY_AUTHENTICATION_FAILED'],
      args: { status: 407 },
    },
    {
      name: 'a proxy that wants credentials for a tunnel',
      observations: { init: exchange({ outcome: 'network-error', error: { kind: 'aborted', code: 'ABORTED', message: 'Proxy response (407) !== 200 when HTTP Tunneling' }, proxy: 'http://proxy:3128' }) },
      codes: ['PROXY_AUTHENTICATION_FAILED'],
    },
    {
      name: 'a proxy that blocks the tunnel',
      observations: { init: exchange({ outcome: 'network-error', error: { kind: 'aborted', code: 'ABORTED', message: 'Proxy response (403) !== 200 when HTTP Tunneling' }, proxy: 'http://proxy:3128' }) },
      codes: ['PROXY_TUNNEL_REFUSED'],
      args: { status: 403 },
    },
    {
      name: 'a refused connection without a proxy stays the target\'s',
      observations: { init: exchange({ outcome: 'network-error', error: { kind: 'refused', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:9' } }) },
      codes: ['CONNECTION_REFUSED'],
    },
    {
      name: 'an expired certificate',
      observations: { init: failed('tls', 'CERT_HAS_EXPIRED', 'certificate has expired') },
      codes: ['TLS_HANDSHAKE_FAILED'],
    },
    {
      name: 'headers never arrive before the deadline',
      observations: { init: failed('timeout', 'UND_ERR_HEADERS_TIMEOUT', 'Headers Timeout Error', 10_004) },
      codes: ['REQUEST_TIMEOUT'],
      severities: ['error'],
      args: { waitedMs: 10_004, errorCode: 'UND_ERR_HEADERS_TIMEOUT' },
      message: /within 10004 ms/,
    },
    {
      name: 'an unclassified network failure is reported as no answer in time',
      observations: { init: failed('other', 'UND_ERR_INVALID_ARG', 'invalid onRequestStart method') },
      codes: ['REQUEST_TIMEOUT'],
    },
    ...hostileFailureCases,
  ],
});

/**
 * Pins which failures of a proxied request are the proxy's (refused and DNS, not a timeout) and the
 * evidence of a proxy finding, which keeps the error code and names the proxy.
 */
describe('endpoint-reachable through a proxy', () => {
  const PROXY = 'http://proxy.corp:3128';
  const proxied = (error: NonNullable<HttpExchange['error']>) => exchange({ outcome: error.kind === 'timeout' ? 'timeout' : 'network-error', error, proxy: PROXY });

  it.each<[string, NonNullable<HttpExchange['error']>, string]>([
    ['a refused connection', { kind: 'refused', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 10.0.0.8:3128' }, 'PROXY_UNREACHABLE'],
    ['an unresolvable proxy host', { kind: 'dns', code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND proxy.corp' }, 'PROXY_UNREACHABLE'],
    ['a timeout', { kind: 'timeout', code: 'UND_ERR_HEADERS_TIMEOUT', message: 'Headers Timeout Error' }, 'REQUEST_TIMEOUT'],
  ])('%s', (_name, error, code) => {
    expect(runCheck(endpointReachable, { init: proxied(error) }, makeContext()).findings.map((f) => f.code)).toStrictEqual([code]);
  });

  it('names the proxy after the error in the evidence', () => {
    const init = proxied({ kind: 'dns', code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND proxy.corp' });
    expect(runCheck(endpointReachable, { init }, makeContext()).findings.map((f) => f.evidence)).toStrictEqual([
      { ...evidenceOf(init), detail: `ENOTFOUND: getaddrinfo ENOTFOUND proxy.corp (through the proxy ${PROXY})` },
    ]);
  });
});
