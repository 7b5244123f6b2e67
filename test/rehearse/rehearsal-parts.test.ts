import { createServer, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/model/errors.js';
import { OutputTail } from '../../src/rehearse/output-tail.js';
import { planRehearsalAuth, type AuthorizerSource } from '../../src/rehearse/rehearsal-authorizer.js';
import { evaluateBinding, evaluateStartup } from '../../src/rehearse/rehearsal-checks.js';
import { defaultProbeAddress, probeBinding, waitForListen } from '../../src/rehearse/tcp-connect.js';
import { findFreePort } from '../../src/rehearse/run-rehearsal.js';
import { readAgentcoreJsonSettings, readAgentDeploymentSettings } from '../../src/targets/agentcore-config.js';
import { AGENTCORE_JSON_PROJECT, ALLOWED_CLIENTS_PROJECT } from './rehearse-scenarios.js';

/** The pure and socket-level parts of `rehearse`, without child processes. */

function listenOn(host: string): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => socket.destroy());
    server.once('error', reject);
    server.listen(0, host, () => resolve({ server, port: (server.address() as { port: number }).port }));
  });
}

const close = (server: Server): Promise<void> => new Promise((resolve) => server.close(() => resolve()));

describe('planRehearsalAuth', () => {
  const claimsRule = { inboundTokenClaimName: 'tenant', inboundTokenClaimValueType: 'STRING', authorizingClaimMatchValue: { claimMatchValue: { matchValueString: 'acme' }, claimMatchOperator: 'EQUALS' } };
  it.each<[string, AuthorizerSource, { authorizer?: object; mint?: object; description: RegExp }]>([
    ['no config, no flags: IAM', {}, { description: /^IAM \(SigV4\)$/ }],
    ['config without authorizer: IAM', { configLabel: 'x.yaml' }, { description: /IAM \(SigV4\), no authorizer in x\.yaml/ }],
    ['--no-auth beats the config', { noAuth: true, fromConfig: { allowedClients: ['c1'] } }, { description: /--no-auth/ }],
    ['config allowedClients: access token of that client', { fromConfig: { discoveryUrl: 'https://idp/.well-known/openid-configuration', allowedClients: ['c1', 'c2'] }, configLabel: 'y' }, { authorizer: { allowedClients: ['c1', 'c2'] }, mint: { tokenUse: 'access', clientId: 'c1' }, description: /JWT allowedClients from y/ }],
    ['--id-token: the ID token of that client', { fromConfig: { allowedClients: ['c1'] }, idToken: true }, { mint: { tokenUse: 'id', clientId: 'c1' }, description: /ID token/ }],
    ['flags beat the config', { fromConfig: { allowedClients: ['c1'] }, allowedAudience: ['api://x'] }, { authorizer: { allowedAudience: ['api://x'] }, mint: { tokenUse: 'access', clientId: 'api://x', claims: { aud: 'api://x' } }, description: /from flags/ }],
    ['scopes and custom claims are satisfied', { fromConfig: { allowedScopes: ['mcp/invoke'], customClaims: [claimsRule] } }, { mint: { scope: 'mcp/invoke', claims: { tenant: 'acme' } }, description: /allowedScopes \+ customClaims/ }],
  ])('%s', (_name, source, expected) => {
    const plan = planRehearsalAuth(source);
    expect(plan.description).toMatch(expected.description);
    if (expected.authorizer) expect(plan.authorizer).toEqual(expected.authorizer);
    else if (!expected.mint) expect(plan.authorizer).toBeUndefined();
    if (expected.mint) expect(plan.mint).toMatchObject(expected.mint);
    else expect(plan.mint).toBeUndefined();
    // The project's discovery URL never reaches the simulated runtime: the local issuer's replaces it.
    if (plan.authorizer) expect(plan.authorizer).not.toHaveProperty('discoveryUrl');
  });

  it.each<[string, AuthorizerSource]>([
    ['--id-token without an authorizer', { idToken: true }],
    ['--no-auth with --allowed-clients', { noAuth: true, allowedClients: ['c'] }],
    ['an authorizer with nothing to check', { fromConfig: { discoveryUrl: 'https://idp/.well-known/openid-configuration' } }],
    ['allowedClients that is not a list', { fromConfig: { allowedClients: 'c1' } }],
    ['a malformed custom claim', { fromConfig: { customClaims: [{ inboundTokenClaimName: 'x' }] } }],
  ])('rejects %s', (_name, source) => {
    expect(() => planRehearsalAuth(source)).toThrow(UsageError);
  });
});

describe('OutputTail', () => {
  it('keeps the last characters and marks the cut', () => {
    const tail = new OutputTail(10);
    tail.push('0123456789');
    expect(tail.text()).toBe('0123456789');
    tail.push(Buffer.from('abc'));
    expect(tail.text()).toBe('[… earlier output dropped]\n3456789abc');
  });
});

describe('rehearsal checks', () => {
  it('maps start-up and binding observations to codes', () => {
    expect(evaluateStartup({ kind: 'listening', afterMs: 5 }).findings).toEqual([]);
    const exited = evaluateStartup({ kind: 'exited', exit: { code: 3, signal: null }, lastOutput: 'boom\nModuleNotFoundError: x\n' });
    expect(exited.findings.map((f) => [f.code, f.evidence?.detail])).toEqual([['SERVER_EXITED_AT_STARTUP', 'exit code 3; last output: ModuleNotFoundError: x']]);
    expect(evaluateStartup({ kind: 'not-listening', waitedMs: 2000, port: 9, lastOutput: '' }).findings.map((f) => f.code)).toEqual(['RUNTIME_INIT_TIMEOUT']);
    expect(evaluateBinding({ binding: 'loopback-only', probeAddress: '10.0.0.5' }).findings[0]?.message).toContain('10.0.0.5');
    expect(evaluateBinding({ binding: 'all-interfaces', probeAddress: '10.0.0.5' }).result.status).toBe('pass');
    expect(evaluateBinding({ binding: 'unknown', reason: 'no address' }).result).toMatchObject({ status: 'skip', skipReason: 'no address' });
  });
});

describe('binding probe', () => {
  it('picks the first non-internal IPv4 address', () => {
    expect(defaultProbeAddress({ lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true } as never], eth0: [{ address: 'fe80::1', family: 'IPv6', internal: false } as never, { address: '10.1.2.3', family: 'IPv4', internal: false } as never] })).toBe('10.1.2.3');
    expect(defaultProbeAddress({ lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true } as never] })).toBeUndefined();
  });

  it.each([
    ['127.0.0.1', 'loopback-only'],
    ['0.0.0.0', 'all-interfaces'],
  ])('a listener on %s is %s through 127.0.0.2', async (host, binding) => {
    const { server, port } = await listenOn(host);
    try {
      expect((await probeBinding(port, '127.0.0.2', 2_000)).binding).toBe(binding);
    } finally {
      await close(server);
    }
  });

  it('waitForListen stops at once when the command has exited', async () => {
    const { server, port } = await listenOn('127.0.0.1');
    await close(server);
    const result = await waitForListen({ port, timeoutMs: 20_000, exited: Promise.resolve({ code: 1, signal: null }) });
    expect(result).toEqual({ kind: 'exited', exit: { code: 1, signal: null } });
  });
});

describe('findFreePort', () => {
  it('offers a port below the ephemeral range that is free, and skips one that is taken', async () => {
    const port = await findFreePort(() => 0.5);
    expect(port).toBeGreaterThanOrEqual(20_000);
    expect(port).toBeLessThan(32_000);
    const { server } = await new Promise<{ server: Server }>((resolve) => {
      const taken = createServer();
      taken.listen(port, '127.0.0.1', () => resolve({ server: taken }));
    });
    try {
      let calls = 0;
      const next = await findFreePort(() => (calls++ === 0 ? 0.5 : 0.25));
      expect(next).not.toBe(port);
    } finally {
      await close(server);
    }
  });
});

describe('readAgentDeploymentSettings', () => {
  it('reads the authorizer, protocol and header allowlist of an undeployed agent', async () => {
    const settings = await readAgentDeploymentSettings(ALLOWED_CLIENTS_PROJECT);
    expect(settings).toMatchObject({ agent: 'rehearse_server', serverProtocol: 'MCP', requestHeaderAllowlist: ['X-Amzn-Bedrock-AgentCore-Runtime-Custom-Tenant'], entrypoint: 'server.ts' });
    expect(settings.customJWTAuthorizer).toMatchObject({ allowedClients: ['7rehearseclient0example'] });
  });
});

describe('readAgentcoreJsonSettings', () => {
  it('reads the runtime of the newer CLI\'s agentcore/agentcore.json', async () => {
    const settings = await readAgentcoreJsonSettings(AGENTCORE_JSON_PROJECT);
    expect(settings).toMatchObject({ agent: 'rehearse_json_server', serverProtocol: 'MCP', requestHeaderAllowlist: ['Authorization'], entrypoint: 'server.ts' });
    expect(settings.customJWTAuthorizer).toMatchObject({ allowedClients: ['8rehearsejsonclient0example'] });
  });

  const runtime = (name: string, extra: object = {}) => ({ name, protocol: 'mcp', ...extra });
  it.each<[string, string, string | undefined, RegExp | object]>([
    ['picks a runtime by name', JSON.stringify({ runtimes: [runtime('a'), runtime('b', { protocol: 'HTTP' })] }), 'b', { agent: 'b', serverProtocol: 'HTTP' }],
    ['reads the older `agents` list', JSON.stringify({ agents: [runtime('only')] }), undefined, { agent: 'only', serverProtocol: 'MCP' }],
    ['several runtimes need --agent', JSON.stringify({ runtimes: [runtime('a'), runtime('b')] }), undefined, /several runtimes; pick one with --agent \(a, b\)/],
    ['an unknown runtime', JSON.stringify({ runtimes: [runtime('a')] }), 'zz', /has no runtime "zz" \(runtimes: a\)/],
    ['no runtimes', JSON.stringify({ runtimes: [] }), undefined, /lists no runtimes/],
    ['not JSON', '{ "runtimes": [', undefined, /agentcore\/agentcore\.json is not valid JSON/],
  ])('%s', async (_name, text, name, expected) => {
    const { mkdtemp, mkdir, rm, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'agentcore-json-'));
    try {
      await mkdir(join(dir, 'agentcore'));
      await writeFile(join(dir, 'agentcore', 'agentcore.json'), text);
      const read = readAgentcoreJsonSettings(dir, name);
      if (expected instanceof RegExp) await expect(read).rejects.toThrow(expected);
      else expect(await read).toMatchObject(expected);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
