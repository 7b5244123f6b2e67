import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureDefinition } from '../../fixtures/fixture-types.js';
import { healthyJson } from '../../fixtures/servers/healthy-json.js';
import { startFixture, type RunningFixture } from '../../fixtures/start-fixture.js';
import type { Report } from '../../src/model/report.js';
import { createStatelessApp, listenLocal, startSimulation, type LocalServer } from '../../src/sim/index.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { createTestPki, startHttpsFixture, type HttpsFixture, type TestPki } from '../helpers/tls-certs.js';
import { startLocalProxy, type LocalProxy } from './local-proxy.js';
import { networkScenarioCodes } from './network-scenarios.js';

/**
 * Corporate networks end to end (issue 6): the built CLI through a real forward proxy (CONNECT for
 * https), private CAs via --ca-file and NODE_EXTRA_CA_CERTS, self-signed certificates failing
 * closed, NODE_TLS_REJECT_UNAUTHORIZED=0 reported, and an https→http redirect never followed.
 * Everything listens on 127.0.0.1.
 */

/** No proxy or TLS variable of the machine running the tests may leak into a case. */
const CLEAN_ENV = {
  http_proxy: undefined,
  https_proxy: undefined,
  no_proxy: undefined,
  HTTP_PROXY: undefined,
  HTTPS_PROXY: undefined,
  NO_PROXY: undefined,
  all_proxy: undefined,
  ALL_PROXY: undefined,
  NODE_EXTRA_CA_CERTS: undefined,
  NODE_TLS_REJECT_UNAUTHORIZED: undefined,
};

/** Each case runs the CLI up to three times on a shared, busy machine: a generous upper bound. */
const CASE_TIMEOUT = 120_000;

const token = `canary-${randomBytes(18).toString('hex')}`;
const proxyUser = `user-${randomBytes(6).toString('hex')}`;
const proxyPass = `pass-${randomBytes(12).toString('hex')}`;

let pki: TestPki;
let proxy: LocalProxy;
let authProxy: LocalProxy;
let plain: RunningFixture;
let secure: HttpsFixture;
let selfSigned: HttpsFixture;
let downgradeTarget: RunningFixture;
let downgrading: HttpsFixture;
let scratch: string;

beforeAll(async () => {
  pki = await createTestPki();
  scratch = await mkdtemp(join(tmpdir(), 'mcp-doctor-net-'));
  // Another CA, so that "--ca-file keeps NODE_EXTRA_CA_CERTS" cannot pass because of the file itself.
  await writeFile(join(scratch, 'other-ca.pem'), pki.selfSigned.cert);
  await writeFile(join(scratch, 'not-pem.txt'), 'hello\n');
  [proxy, authProxy, plain, downgradeTarget] = await Promise.all([startLocalProxy(), startLocalProxy({ user: proxyUser, pass: proxyPass }), startFixture('healthy-json'), startFixture('healthy-json')]);
  const redirectToHttp: FixtureDefinition = {
    name: 'https-downgrade',
    description: 'https endpoint that redirects every request to plain http',
    path: '/mcp',
    create: () => ({
      handle(_req, res) {
        res.writeHead(307, { location: downgradeTarget.url }).end();
      },
    }),
  };
  [secure, selfSigned, downgrading] = await Promise.all([
    startHttpsFixture(healthyJson, pki.leaf),
    startHttpsFixture(healthyJson, pki.selfSigned),
    startHttpsFixture(redirectToHttp, pki.leaf),
  ]);
}, 60_000);

afterAll(async () => {
  await Promise.all([proxy?.stop(), authProxy?.stop(), plain?.stop(), secure?.stop(), selfSigned?.stop(), downgrading?.stop(), downgradeTarget?.stop()]);
  await pki?.cleanup();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

/** The fixtures accept any caller on purpose, so the unauthenticated-access check is left out. */
function doctor(args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  return runCli([...args, '--format', 'json', '--timeout', '15s', '--skip', 'server-auth'], { env: { ...CLEAN_ENV, MCP_DOCTOR_TOKEN: token, ...env } });
}

/** Every code any case of this file saw, for the scenario table's own check. */
const seen = new Set<string>();

function reportOf(result: CliResult): Report {
  try {
    const report = JSON.parse(result.stdout) as Report;
    for (const finding of report.findings) seen.add(finding.code);
    return report;
  } catch {
    throw new Error(`no JSON report (exit ${result.code}): ${result.stderr.slice(0, 500)}`);
  }
}

const codesOf = (report: Report): string[] => report.findings.map((f) => f.code);
const originOf = (url: string): string => new URL(url).origin;
/** Requests the proxy forwarded or tunnelled to `origin` (host:port for CONNECT). */
const through = (p: LocalProxy, origin: string): number => p.log.filter((r) => (r.method === 'CONNECT' ? `https://${r.target}` === origin : r.target.startsWith(origin))).length;

describe('proxies (HTTP_PROXY / HTTPS_PROXY / NO_PROXY)', () => {
  it('(a) an http target goes through HTTP_PROXY in absolute form, the token only to the target origin', async () => {
    const before = plain.requests.length;
    const result = await doctor([plain.url], { HTTP_PROXY: proxy.url });
    const report = reportOf(result);
    expect(result.code).toBe(0);
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
    const forwarded = proxy.log.filter((r) => r.target.startsWith(plain.origin));
    expect(forwarded.length).toBeGreaterThan(3);
    expect(plain.requests.length - before).toBeGreaterThanOrEqual(forwarded.length);
    // The token is the target's (plain http: the proxy necessarily relays it); never a proxy credential.
    for (const r of forwarded) expect(r.headers['proxy-authorization']).toBeUndefined();
    for (const r of proxy.log.filter((e) => !e.target.startsWith(plain.origin))) expect(JSON.stringify(r.headers)).not.toContain(token);
    expect(result.stdout + result.stderr).not.toContain(token);
  }, CASE_TIMEOUT);

  it('(b) an https target is tunnelled with CONNECT: the proxy never sees the token, --ca-file trusts the private CA', async () => {
    const tunnelsBefore = through(proxy, secure.origin);
    const result = await doctor([secure.url, '--ca-file', pki.caFile], { HTTPS_PROXY: proxy.url });
    const report = reportOf(result);
    expect(result.code).toBe(0);
    expect(codesOf(report)).not.toContain('TLS_CERTIFICATE_UNTRUSTED');
    expect(through(proxy, secure.origin)).toBeGreaterThan(tunnelsBefore);
    expect(proxy.log.filter((r) => r.target.startsWith(secure.origin))).toEqual([]);
    for (const r of proxy.log.filter((e) => e.method === 'CONNECT')) expect(r.headers.authorization).toBeUndefined();
    // What crossed the proxy was TLS: neither the token nor its base64 appears in the tunnel bytes.
    const bytes = proxy.tunnelBytes().toString('latin1');
    expect(bytes.length).toBeGreaterThan(0);
    expect(bytes).not.toContain(token);
    expect(bytes).not.toContain(Buffer.from(token).toString('base64').slice(0, 20));
    // The target did get the token, inside the tunnel.
    expect(secure.requests.some((r) => r.headers.authorization === `Bearer ${token}`)).toBe(true);
  }, CASE_TIMEOUT);

  it('(c) an AgentCore runtime ARN: control plane, data plane and discovery all go through the proxy', async () => {
    const sim = await startSimulation({ knobs: { initTimeoutSeconds: 10 } });
    const container: LocalServer = await listenLocal(createStatelessApp({ enableJsonResponse: true }));
    const p = await startLocalProxy();
    try {
      const runtime = sim.addRuntime({ name: 'proxied', containerUrl: container.url, customJWTAuthorizer: { discoveryUrl: sim.issuer.discoveryUrl, allowedClients: [sim.issuer.client.clientId] } });
      const jwt = await sim.issuer.mint({});
      const env = sim.env();
      const result = await runCli([runtime.arn, '--format', 'json', '--timeout', '15s'], { env: { ...CLEAN_ENV, ...env, MCP_DOCTOR_TOKEN: jwt, HTTP_PROXY: p.url } });
      const report = reportOf(result);
      expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
      expect(result.code).toBe(0);
      const controlPlane = p.log.filter((r) => r.target.startsWith(env.AWS_ENDPOINT_URL_BEDROCK_AGENTCORE_CONTROL as string));
      expect(controlPlane.length, 'GetAgentRuntime/GetAgentRuntimeEndpoint through the proxy').toBeGreaterThanOrEqual(2);
      const dataPlaneOrigin = originOf(env.AWS_ENDPOINT_URL_BEDROCK_AGENTCORE as string);
      expect(p.log.filter((r) => r.target.startsWith(dataPlaneOrigin)).length).toBeGreaterThan(3);
      expect(p.log.some((r) => r.target.startsWith(originOf(sim.issuer.discoveryUrl)))).toBe(true);
      // (f) The bearer token reaches the proxy only on requests to the data-plane origin.
      for (const r of p.log.filter((e) => !e.target.startsWith(dataPlaneOrigin))) {
        expect(r.headers.authorization === undefined || !r.headers.authorization.includes(jwt.slice(-20)), `${r.method} ${r.target}`).toBe(true);
      }
      expect(result.stdout + result.stderr).not.toContain(jwt);
    } finally {
      await Promise.all([p.stop(), container.stop(), sim.stop()]);
    }
  }, CASE_TIMEOUT);

  it.each([
    { name: 'NO_PROXY=127.0.0.1', env: () => ({ HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' }), viaProxy: false },
    { name: 'no_proxy wins over NO_PROXY', env: () => ({ HTTP_PROXY: proxy.url, no_proxy: '127.0.0.1', NO_PROXY: 'example.invalid' }), viaProxy: false },
    { name: 'NO_PROXY for another host does not bypass', env: () => ({ HTTP_PROXY: proxy.url, NO_PROXY: 'example.invalid' }), viaProxy: true },
    { name: 'http_proxy wins over a dead HTTP_PROXY', env: () => ({ http_proxy: proxy.url, HTTP_PROXY: 'http://127.0.0.1:9' }), viaProxy: true },
  ])('(d) $name', async ({ env, viaProxy }) => {
    // A fresh target per case, so the proxy log can be attributed to this case alone.
    const target = await startFixture('healthy-json');
    try {
      const result = await doctor([target.url], env());
      expect(result.code).toBe(0);
      expect(target.requests.length).toBeGreaterThan(3);
      expect(through(proxy, target.origin) > 0).toBe(viaProxy);
    } finally {
      await target.stop();
    }
  }, CASE_TIMEOUT);

  it('(e) proxy credentials from the URL authenticate and never appear in any output', async () => {
    const good = await doctor([secure.url, '--ca-file', pki.caFile, '--verbose'], { HTTPS_PROXY: authProxy.url });
    expect(good.code).toBe(0);
    const connects = authProxy.log.filter((r) => r.method === 'CONNECT');
    expect(connects.length).toBeGreaterThan(0);
    expect(connects.every((r) => r.headers['proxy-authorization'] === `Basic ${Buffer.from(`${proxyUser}:${proxyPass}`).toString('base64')}`)).toBe(true);
    const wrong = authProxy.url.replace(proxyPass, `${proxyPass}-wrong`);
    const bad = await doctor([secure.url, '--ca-file', pki.caFile], { HTTPS_PROXY: wrong });
    expect(bad.code).toBe(1);
    expect(codesOf(reportOf(bad))).toContain('PROXY_AUTHENTICATION_FAILED');
    const pretty = await runCli([secure.url, '--ca-file', pki.caFile, '--verbose', '--skip', 'server-auth'], { env: { ...CLEAN_ENV, MCP_DOCTOR_TOKEN: token, HTTPS_PROXY: wrong } });
    for (const output of [good.stdout, good.stderr, bad.stdout, bad.stderr, pretty.stdout, pretty.stderr]) {
      expect(output).not.toContain(proxyPass);
      expect(output).not.toContain(proxyUser);
      expect(output).not.toContain(Buffer.from(`${proxyUser}:${proxyPass}`).toString('base64'));
    }
  }, CASE_TIMEOUT);
});

describe('proxy failures are named as the proxy\'s', () => {
  it.each([
    { name: 'nothing listens at the proxy address', target: () => plain.url, env: () => ({ HTTP_PROXY: 'http://127.0.0.1:9' }), code: 'PROXY_UNREACHABLE' },
    { name: 'wrong credentials for a forwarded http request', target: () => plain.url, env: () => ({ HTTP_PROXY: authProxy.url.replace(proxyPass, 'not-the-password') }), code: 'PROXY_AUTHENTICATION_FAILED' },
    { name: 'no credentials for a CONNECT tunnel', target: () => secure.url, env: () => ({ HTTPS_PROXY: `http://127.0.0.1:${authProxy.port}` }), code: 'PROXY_AUTHENTICATION_FAILED' },
    { name: 'the proxy cannot open the tunnel', target: () => 'https://127.0.0.1:9/mcp', env: () => ({ HTTPS_PROXY: proxy.url }), code: 'PROXY_TUNNEL_REFUSED' },
  ])('$name → $code', async ({ target, env, code }) => {
    const result = await doctor([target(), '--ca-file', pki.caFile], env());
    const report = reportOf(result);
    expect(codesOf(report)).toContain(code);
    expect(codesOf(report)).not.toContain('CONNECTION_REFUSED');
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).not.toContain(proxyPass);
  }, CASE_TIMEOUT);
});

describe('TLS: private CAs, self-signed certificates, verification', () => {
  it.each([
    { name: 'an unknown CA fails closed', target: () => secure, args: [], env: {}, code: 'TLS_CERTIFICATE_UNTRUSTED', exit: 1 },
    { name: '--ca-file trusts the private CA', target: () => secure, args: () => ['--ca-file', pki.caFile], env: {}, code: undefined, exit: 0 },
    { name: 'NODE_EXTRA_CA_CERTS trusts the private CA', target: () => secure, args: [], env: () => ({ NODE_EXTRA_CA_CERTS: pki.caFile }), code: undefined, exit: 0 },
    { name: '--ca-file keeps NODE_EXTRA_CA_CERTS', target: () => secure, args: () => ['--ca-file', join(scratch, 'other-ca.pem')], env: () => ({ NODE_EXTRA_CA_CERTS: pki.caFile }), code: undefined, exit: 0 },
    { name: 'a self-signed certificate fails closed even with --ca-file', target: () => selfSigned, args: () => ['--ca-file', pki.caFile], env: {}, code: 'TLS_CERTIFICATE_UNTRUSTED', exit: 1 },
    {
      name: 'NODE_TLS_REJECT_UNAUTHORIZED=0 is reported and ignored',
      target: () => selfSigned,
      args: [],
      env: { NODE_TLS_REJECT_UNAUTHORIZED: '0' },
      code: 'TLS_CERTIFICATE_UNTRUSTED',
      also: 'TLS_VERIFICATION_DISABLED',
      exit: 1,
    },
  ])('$name', async ({ target, args, env, code, also, exit }) => {
    const extraArgs = typeof args === 'function' ? args() : args;
    const extraEnv = typeof env === 'function' ? env() : env;
    const result = await doctor([target().url, ...extraArgs], extraEnv);
    const report = reportOf(result);
    const codes = codesOf(report);
    if (code) expect(codes).toContain(code);
    else expect(codes.filter((c) => c.startsWith('TLS_'))).toEqual([]);
    if (also) {
      expect(codes).toContain(also);
      expect(report.findings.find((f) => f.code === also)?.severity).toBe('warning');
    }
    expect(result.code).toBe(exit);
    expect(result.stdout).not.toContain(token);
  }, CASE_TIMEOUT);

  it('an https→http redirect is reported as an error and the token never reaches the http hop', async () => {
    const before = downgradeTarget.requests.length;
    const result = await doctor([downgrading.url, '--ca-file', pki.caFile]);
    const report = reportOf(result);
    const redirect = report.findings.find((f) => f.code === 'UNEXPECTED_REDIRECT');
    expect(redirect?.severity).toBe('error');
    expect(result.code).toBe(1);
    expect(downgradeTarget.requests.slice(before).filter((r) => r.headers.authorization !== undefined)).toEqual([]);
    expect(downgrading.requests.some((r) => r.headers.authorization === `Bearer ${token}`)).toBe(true);
  }, CASE_TIMEOUT);

  it.each([
    { name: 'a missing --ca-file', args: () => [plain.url, '--ca-file', join(scratch, 'absent.pem')], message: /--ca-file .* cannot be read/ },
    { name: 'a --ca-file without certificates', args: () => [plain.url, '--ca-file', join(scratch, 'not-pem.txt')], message: /holds no PEM certificate/ },
    { name: 'token: a missing --ca-file', args: () => ['token', '--ca-file', join(scratch, 'absent.pem')], message: /--ca-file .* cannot be read/ },
  ])('$name is a one-line usage error (exit 2)', async ({ args, message }) => {
    const result = await runCli(args(), { env: { ...CLEAN_ENV, MCP_DOCTOR_TOKEN: token } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }, CASE_TIMEOUT);

  // Runs last (cases in a file run in order): the registry trusts this table, so it must be true.
  it('every code of the network scenario table was triggered above', () => {
    expect(networkScenarioCodes.filter((code) => !seen.has(code))).toEqual([]);
  });
});
