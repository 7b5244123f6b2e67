import { describe, expect, it } from 'vitest';
import { evidenceWithControl } from '../../../src/checks/differential.js';
import { hostOriginValidation } from '../../../src/checks/security/host-origin-validation.js';
import type { HttpExchange } from '../../../src/model/observations.js';
import { exchange, initOk, jsonRpcErrorJson, makeContext, runCheck, testCheck } from '../../helpers/check-tester.js';

const HOST = 'mcp-doctor-host-check.invalid:8000';
const ORIGIN = 'https://mcp-doctor-origin-check.invalid';
const compliant = { accept: 'application/json, text/event-stream', 'content-type': 'application/json' };

function host(partial: Partial<HttpExchange> = {}): HttpExchange {
  return initOk({ label: `POST initialize (Host: ${HOST})`, requestHeaders: { ...compliant, host: HOST }, ...partial });
}

function origin(partial: Partial<HttpExchange> = {}): HttpExchange {
  return initOk({ label: `POST initialize (Origin: ${ORIGIN})`, requestHeaders: { ...compliant, origin: ORIGIN }, ...partial });
}

const tsHost403 = { status: 403, headers: { 'content-type': 'application/json' }, bodyExcerpt: jsonRpcErrorJson(-32000, 'Invalid Host: mcp-doctor-host-check.invalid') };
const plainHost403 = { status: 403, headers: { 'content-type': 'text/plain' }, bodyExcerpt: 'Access is only allowed at localhost:8000, 127.0.0.1:8000, [::1]:8000' };
const pyOrigin403 = { status: 403, headers: { 'content-type': 'text/plain' }, bodyExcerpt: 'Invalid Origin header' };
const unauthorized = { status: 401, headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource"' }, bodyExcerpt: '{"error":"invalid_token"}' };
const publicTarget = { input: 'http://mcp.example.com:8000/mcp', url: 'http://mcp.example.com:8000/mcp', origin: 'http://mcp.example.com:8000', kind: 'url' as const, isLoopback: false };

testCheck(hostOriginValidation, {
  valid: [
    { name: 'a non-loopback server that accepts both: DNS rebinding is a local-server concern', ctx: { target: publicTarget }, observations: { init: initOk(), 'host-foreign': host(), 'origin-foreign': origin() } },
    { name: 'agentcore profile: a loopback container without protection is fine there', ctx: { profile: 'agentcore' }, observations: { init: initOk(), 'host-foreign': host(), 'origin-foreign': origin() } },
    {
      name: 'behind auth on a non-loopback target the made-up headers go without credentials: not testable',
      ctx: { target: publicTarget },
      observations: { init: initOk(), 'host-foreign': host(unauthorized), 'origin-foreign': origin(unauthorized) },
      notApplicable: /^not testable behind auth/,
    },
    {
      name: 'no control: the compliant initialize was refused as well',
      observations: { init: exchange({ status: 400, headers: { 'content-type': 'text/plain' }, bodyExcerpt: 'Bad Request' }), 'host-foreign': host(plainHost403), 'origin-foreign': origin() },
      notApplicable: /no control/,
    },
    { name: 'neither probe ran (an AgentCore runtime)', observations: { init: initOk() }, notApplicable: /neither/ },
  ],
  invalid: [
    {
      name: 'an Origin allowlist under the agentcore profile is information, not a fault',
      ctx: { profile: 'agentcore' },
      observations: { init: initOk(), 'host-foreign': host(), 'origin-foreign': origin(pyOrigin403) },
      codes: ['HOST_ALLOWLIST_ACTIVE'],
      severities: ['info'],
      args: { variants: 'Origin', detail: 'Invalid Origin header' },
    },
    {
      name: 'TypeScript createMcpExpressApp under generic: the protection works (info), whatever the wording',
      observations: { init: initOk(), 'host-foreign': host(tsHost403), 'origin-foreign': origin() },
      codes: ['HOST_ALLOWLIST_ACTIVE'],
      severities: ['info'],
      args: { status: 403, variants: 'Host' },
      message: /^403 for POST initialize \(Host: mcp-doctor-host-check\.invalid:8000\): "Invalid Host: mcp-doctor-host-check\.invalid", whereas the same request with the URL's own Host got 200; the server allow-lists Host,/,
    },
    {
      name: 'a plain-text 403 in words no pattern knows is still a Host rejection against the control',
      observations: { init: initOk(), 'host-foreign': host(plainHost403), 'origin-foreign': origin(pyOrigin403) },
      codes: ['HOST_ALLOWLIST_ACTIVE'],
      args: { variants: 'Host and Origin' },
    },
    {
      name: 'the same server under the agentcore profile: the platform Host is refused (error)',
      ctx: { profile: 'agentcore' },
      observations: { init: initOk(), 'host-foreign': host(tsHost403), 'origin-foreign': origin() },
      codes: ['HOST_HEADER_REJECTED'],
      severities: ['error'],
      args: { host: HOST, status: 403 },
      message: /with `Host: mcp-doctor-host-check\.invalid:8000`: "Invalid Host: mcp-doctor-host-check\.invalid", whereas the same request with the URL's own Host got 200; on AgentCore/,
    },
    {
      name: 'a loopback server that serves a foreign Host and a foreign Origin (generic): no DNS-rebinding protection',
      observations: { init: initOk(), 'host-foreign': host(), 'origin-foreign': origin() },
      codes: ['DNS_REBINDING_UNPROTECTED'],
      severities: ['warning'],
      message: /^http:\/\/127\.0\.0\.1:8000\/mcp served POST initialize \(Host: mcp-doctor-host-check\.invalid:8000\) \(200\) and POST initialize \(Origin: https:\/\/mcp-doctor-origin-check\.invalid\) \(200\)/,
    },
  ],
});

it('shows the control exchange beside the refused one', () => {
  const [finding] = runCheck(hostOriginValidation, { init: initOk(), 'host-foreign': host(tsHost403), 'origin-foreign': origin() }, makeContext()).findings;
  expect(finding?.evidence?.request).toContain(`host: ${HOST}`);
  expect(finding?.evidence?.status).toBe(403);
  expect(finding?.evidence?.control).toMatchObject({ request: 'POST http://127.0.0.1:8000/mcp (accept: application/json, text/event-stream; content-type: application/json)', status: 200 });
});

/**
 * Pins when the check applies with only one of the two probes, the "behind auth" skip (every probe,
 * not some), the control wording of an Origin-first allowlist, and the DNS-rebinding evidence.
 */
describe('host-origin-validation edges', () => {
  it('applies with only the Host probe', () => {
    const outcome = runCheck(hostOriginValidation, { init: initOk(), 'host-foreign': host(tsHost403) }, makeContext());
    expect([outcome.applies, outcome.findings.map((f) => f.code)]).toStrictEqual([true, ['HOST_ALLOWLIST_ACTIVE']]);
  });

  it('a non-loopback target whose only probe was refused by auth is not testable', () => {
    const outcome = runCheck(hostOriginValidation, { init: initOk(), 'host-foreign': host(unauthorized) }, makeContext({ target: publicTarget }));
    expect(outcome.applies).toMatch(/^not testable behind auth/);
  });

  it('a non-loopback target where auth refused only one probe is testable', () => {
    const outcome = runCheck(hostOriginValidation, { init: initOk(), 'host-foreign': host(unauthorized), 'origin-foreign': origin() }, makeContext({ target: publicTarget }));
    expect(outcome).toStrictEqual({ applies: true, findings: [] });
  });

  it('an Origin-only allowlist compares with the request without Origin', () => {
    const { findings } = runCheck(hostOriginValidation, { init: initOk(), 'host-foreign': host(), 'origin-foreign': origin(pyOrigin403) }, makeContext());
    expect(findings.map((f) => f.args?.control)).toStrictEqual(['the same request without Origin got 200']);
  });

  it('DNS_REBINDING_UNPROTECTED shows the Origin probe beside the control and names the Host probe', () => {
    const foreignOrigin = origin();
    const { findings } = runCheck(hostOriginValidation, { init: initOk(), 'host-foreign': host(), 'origin-foreign': foreignOrigin }, makeContext());
    expect(findings.map((f) => f.evidence)).toStrictEqual([{ ...evidenceWithControl(foreignOrigin, initOk()), detail: `POST initialize (Host: ${HOST}) got 200 too` }]);
  });
});
