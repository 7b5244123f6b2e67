import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenLocal, type LocalServer } from '../../src/sim/listen.js';
import { createStatelessApp, startSimulation } from '../../src/sim/index.js';
import type { Simulation } from '../../src/sim/types.js';
import type { TokenAnalysis } from '../../src/model/token-analysis.js';
import { runCli } from '../helpers/run-cli.js';

/** `mcp-doctor token`: offline analysis, verification against a discovery URL, runtime comparison. */
describe('mcp-doctor token', () => {
  let sim: Simulation;
  let container: LocalServer;
  let arn = '';
  const dir = mkdtempSync(join(tmpdir(), 'mcp-doctor-token-'));
  const file = (name: string, token: string): string => {
    const path = join(dir, name);
    writeFileSync(path, `${token}\n`);
    return path;
  };

  beforeAll(async () => {
    sim = await startSimulation();
    container = await listenLocal(createStatelessApp());
    arn = sim.addRuntime({ name: 'token_cli', containerUrl: container.url, customJWTAuthorizer: { discoveryUrl: sim.issuer.discoveryUrl, allowedClients: [sim.issuer.client.clientId] } }).arn;
  });
  afterAll(async () => {
    await container.stop();
    await sim.stop();
  });

  it('labels decoded claims UNVERIFIED and never prints the token', async () => {
    const token = await sim.issuer.mint({ tokenUse: 'access' });
    const result = await runCli(['token', file('access', token)]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('UNVERIFIED');
    expect(result.stdout).toMatch(/token_use\s+access/);
    expect(result.stdout).toMatch(/exp\s+\S+ \(in \d+ min\)/);
    expect(result.stdout).not.toContain(token);
    expect(result.stdout).not.toContain(token.split('.')[2] as string);
  });

  it('verifies the signature against a discovery URL', async () => {
    const token = await sim.issuer.mint({});
    const result = await runCli(['token', file('verify', token), '--discovery-url', sim.issuer.discoveryUrl]);
    expect(result.stdout).toContain('VERIFIED signature');
    expect(result.stdout).toMatch(/signature\s+verified/);
    const forged = await sim.issuer.mint({ unknownKey: true });
    const bad = await runCli(['token', file('forged', forged), '--discovery-url', sim.issuer.discoveryUrl, '--format', 'json']);
    const analysis = JSON.parse(bad.stdout) as TokenAnalysis;
    expect(analysis.verification?.signature).toBe('unknown-kid');
    expect(analysis.findings.map((f) => f.code)).toContain('TOKEN_SIGNATURE_INVALID');
    expect(bad.code).toBe(1);
  });

  describe('a key set that cannot be fetched or read is a finding, never "no problem found"', () => {
    let page: Server;
    let origin = '';
    let closedPort = 0;
    beforeAll(async () => {
      // A port that was just free: nothing listens there any more.
      const probe = createServer();
      await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
      closedPort = (probe.address() as AddressInfo).port;
      await new Promise((done) => probe.close(done));
      page = createServer((req, res) => {
        if (req.url === '/html/.well-known/openid-configuration') res.writeHead(200, { 'content-type': 'text/html' }).end('<html>login</html>');
        else if (req.url === '/deadkeys/.well-known/openid-configuration') res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ issuer: `${origin}/deadkeys`, jwks_uri: `http://127.0.0.1:${closedPort}/jwks.json` }));
        else if (req.url === '/badkeys/.well-known/openid-configuration') res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ issuer: `${origin}/badkeys`, jwks_uri: `${origin}/badkeys/jwks.json` }));
        else if (req.url === '/badkeys/jwks.json') res.writeHead(200, { 'content-type': 'application/json' }).end('"not a key set"');
        else res.writeHead(404).end();
      });
      await new Promise<void>((done) => page.listen(0, '127.0.0.1', done));
      origin = `http://127.0.0.1:${(page.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise((done) => page.close(done)));

    it.each([
      ['nothing listens at the discovery URL', () => `http://127.0.0.1:${closedPort}/.well-known/openid-configuration`, 'DISCOVERY_UNREACHABLE'],
      ['a refused address (link-local metadata)', () => 'http://169.254.169.254/.well-known/openid-configuration', 'DISCOVERY_UNREACHABLE'],
      ['the document is an HTML page', () => `${origin}/html/.well-known/openid-configuration`, 'DISCOVERY_INVALID'],
      ['the JWKS cannot be fetched', () => `${origin}/deadkeys/.well-known/openid-configuration`, 'DISCOVERY_UNREACHABLE'],
      ['the JWKS is not a key set', () => `${origin}/badkeys/.well-known/openid-configuration`, 'DISCOVERY_INVALID'],
    ])('%s', async (_name, url, code) => {
      const token = await sim.issuer.mint({});
      const pretty = await runCli(['token', file('unverified', token), '--discovery-url', url(), '--timeout', '5s']);
      expect(pretty.code).toBe(1);
      expect(pretty.stdout).not.toContain('no problem found');
      expect(pretty.stdout).toContain(code);
      const json = await runCli(['token', file('unverified', token), '--discovery-url', url(), '--timeout', '5s', '--format', 'json']);
      const analysis = JSON.parse(json.stdout) as TokenAnalysis;
      expect(analysis.verification?.signature).toBeUndefined();
      expect(analysis.findings.map((f) => f.code)).toContain(code);
    });
  });

  it('folds line breaks in claims: no claim starts a line of its own (or a workflow command)', async () => {
    const token = await sim.issuer.mint({ claims: { sub: 'alice\n::error file=x::owned', 'evil\nname': 'v\r::stop-commands::t' } });
    const result = await runCli(['token', file('newlines', token)]);
    expect(result.stdout).toContain('alice ::error file=x::owned');
    for (const line of result.stdout.split('\n')) expect(line).not.toMatch(/^\s*::/);
    expect(result.stdout).not.toContain(token);
  });

  it('compares the token with a runtime authorizer through the control plane', async () => {
    const idToken = await sim.issuer.mint({ tokenUse: 'id' });
    const result = await runCli(['token', '-', '--runtime', arn, '--format', 'json'], { stdin: idToken, env: sim.env() });
    const analysis = JSON.parse(result.stdout) as TokenAnalysis;
    expect(analysis.runtime?.authorizer).toBe('jwt');
    expect(analysis.verification?.signature).toBe('verified');
    expect(analysis.findings.map((f) => f.code)).toEqual(['ID_TOKEN_USED']);
    expect(result.code).toBe(1);
    expect(result.stdout).not.toContain(idToken);
  });

  it('reads MCP_DOCTOR_TOKEN and explains an expired token', async () => {
    const expired = await sim.issuer.mint({ expiresInSeconds: -7200 });
    const result = await runCli(['token', '--format', 'json'], { env: { MCP_DOCTOR_TOKEN: expired } });
    const analysis = JSON.parse(result.stdout) as TokenAnalysis;
    expect(analysis.source).toBe('MCP_DOCTOR_TOKEN');
    expect(analysis.findings.map((f) => f.code)).toEqual(['TOKEN_EXPIRED']);
    expect(analysis.times.find((t) => t.claim === 'exp')?.relative).toBe('2 h ago');
  });

  it('says plainly when the value is not a JWT', async () => {
    const result = await runCli(['token', file('opaque', 'an-opaque-access-token-0123456789')]);
    expect(result.stdout).toMatch(/not a JWT/);
    expect(result.code).toBe(1);
  });

  it('exits 2 without a token', async () => {
    const result = await runCli(['token']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no token given/);
  });
});
