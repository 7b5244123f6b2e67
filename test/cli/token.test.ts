import { mkdtempSync, writeFileSync } from 'node:fs';
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
