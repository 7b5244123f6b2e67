import {
  BedrockAgentCoreControlClient,
  GetAgentRuntimeCommand,
  GetAgentRuntimeEndpointCommand,
  ListAgentRuntimeEndpointsCommand,
  ListAgentRuntimesCommand,
  paginateListAgentRuntimes,
} from '@aws-sdk/client-bedrock-agentcore-control';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSimulation } from '../../src/sim/start-simulation.js';
import type { SimRuntime, Simulation } from '../../src/sim/types.js';

/**
 * The control plane through the real `@aws-sdk/client-bedrock-agentcore-control` client
 * (agentcore-contract §6): every operation the doctor uses parses, and errors arrive as the SDK's
 * exception names.
 */

let sim: Simulation;
let client: BedrockAgentCoreControlClient;
let jwt: SimRuntime;
let sigv4: SimRuntime;
const clients: BedrockAgentCoreControlClient[] = [];

function controlClient(credentials = sim.credentials): BedrockAgentCoreControlClient {
  const created = new BedrockAgentCoreControlClient({ region: sim.region, endpoint: sim.controlPlaneUrl, credentials, maxAttempts: 1 });
  clients.push(created);
  return created;
}

async function errorName(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as Error).name;
  }
  return 'no error';
}

beforeAll(async () => {
  sim = await startSimulation();
  client = controlClient();
  jwt = sim.addRuntime({
    name: 'cp_jwt',
    description: 'JWT runtime',
    customJWTAuthorizer: { allowedAudience: ['aud-1'], allowedScopes: ['mcp/invoke'] },
    requestHeaderAllowlist: ['Authorization'],
    endpoints: { DEFAULT: {}, prod: { status: 'UPDATE_FAILED', failureReason: 'image pull failed' } },
  });
  sigv4 = sim.addRuntime({ name: 'cp_sigv4', serverProtocol: 'HTTP', requireMMDSV2: false, status: 'CREATE_FAILED', failureReason: 'role cannot be assumed' });
  sim.addRuntime({ name: 'cp_third' });
});

afterEach(() => {
  vi.unstubAllEnvs();
  sim.knobs.denyControlPlane = false;
});

afterAll(async () => {
  for (const created of clients) created.destroy();
  await sim.stop();
});

describe('GetAgentRuntime', () => {
  it('parses a JWT runtime with its authorizer, header allowlist and ISO timestamps', async () => {
    const out = await client.send(new GetAgentRuntimeCommand({ agentRuntimeId: jwt.runtimeId }));
    expect(out.agentRuntimeArn).toBe(jwt.arn);
    expect(out.agentRuntimeArn).toBe(`arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/${jwt.runtimeId}`);
    expect(out.agentRuntimeId).toMatch(/^cp_jwt-[A-Za-z0-9]{10}$/);
    expect(out.agentRuntimeName).toBe('cp_jwt');
    expect(out.agentRuntimeVersion).toBe('1');
    expect(out.createdAt).toBeInstanceOf(Date);
    expect(Math.abs((out.lastUpdatedAt?.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);
    expect(out.status).toBe('READY');
    expect(out.protocolConfiguration?.serverProtocol).toBe('MCP');
    expect(out.networkConfiguration?.networkMode).toBe('PUBLIC');
    expect(out.metadataConfiguration?.requireMMDSV2).toBe(true);
    expect(out.lifecycleConfiguration).toEqual({ idleRuntimeSessionTimeout: 900, maxLifetime: 28800 });
    expect(out.agentRuntimeArtifact?.containerConfiguration?.containerUri).toMatch(/\.dkr\.ecr\.us-east-1\.amazonaws\.com\//);
    expect(out.roleArn).toMatch(/^arn:aws:iam::123456789012:role\//);
    expect(out.authorizerConfiguration?.customJWTAuthorizer).toEqual({ discoveryUrl: sim.issuer.discoveryUrl, allowedAudience: ['aud-1'], allowedScopes: ['mcp/invoke'] });
    expect(out.requestHeaderConfiguration?.requestHeaderAllowlist).toEqual(['Authorization']);
    expect(out.description).toBe('JWT runtime');
  });

  it('parses a SigV4 runtime: no authorizer, its protocol and failure reason', async () => {
    const out = await client.send(new GetAgentRuntimeCommand({ agentRuntimeId: sigv4.runtimeId }));
    expect(out.authorizerConfiguration).toBeUndefined();
    expect(out.requestHeaderConfiguration).toBeUndefined();
    expect(out.protocolConfiguration?.serverProtocol).toBe('HTTP');
    expect(out.metadataConfiguration?.requireMMDSV2).toBe(false);
    expect(out.status).toBe('CREATE_FAILED');
    expect(out.failureReason).toBe('role cannot be assumed');
  });

  it('reflects updates as a new version', async () => {
    const runtime = sim.addRuntime({ name: 'cp_updated' });
    runtime.update({ customJWTAuthorizer: { allowedClients: ['c1'] } });
    const out = await client.send(new GetAgentRuntimeCommand({ agentRuntimeId: runtime.runtimeId }));
    expect(out.agentRuntimeVersion).toBe('2');
    expect(out.authorizerConfiguration?.customJWTAuthorizer?.allowedClients).toEqual(['c1']);
    expect(await errorName(client.send(new GetAgentRuntimeCommand({ agentRuntimeId: runtime.runtimeId, agentRuntimeVersion: '7' })))).toBe('ResourceNotFoundException');
  });

  it('answers ResourceNotFoundException for an unknown id and ValidationException for an ARN', async () => {
    expect(await errorName(client.send(new GetAgentRuntimeCommand({ agentRuntimeId: 'ghost-AAAAAAAAAA' })))).toBe('ResourceNotFoundException');
    try {
      await client.send(new GetAgentRuntimeCommand({ agentRuntimeId: jwt.arn }));
      expect.unreachable();
    } catch (error) {
      expect((error as Error).name).toBe('ValidationException');
      expect((error as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(400);
      expect((error as { reason?: string }).reason).toBe('FieldValidationFailed');
      expect((error as Error).message).toContain("at 'agentRuntimeId' failed to satisfy constraint");
    }
  });
});

describe('GetAgentRuntimeEndpoint and ListAgentRuntimeEndpoints', () => {
  it('parses READY and failed endpoints', async () => {
    const ready = await client.send(new GetAgentRuntimeEndpointCommand({ agentRuntimeId: jwt.runtimeId, endpointName: 'DEFAULT' }));
    expect(ready).toMatchObject({ name: 'DEFAULT', status: 'READY', agentRuntimeArn: jwt.arn, agentRuntimeEndpointArn: `${jwt.arn}/runtime-endpoint/DEFAULT`, liveVersion: '1' });
    expect(ready.createdAt).toBeInstanceOf(Date);
    const failed = await client.send(new GetAgentRuntimeEndpointCommand({ agentRuntimeId: jwt.runtimeId, endpointName: 'prod' }));
    expect(failed.status).toBe('UPDATE_FAILED');
    expect(failed.failureReason).toBe('image pull failed');
    const listed = await client.send(new ListAgentRuntimeEndpointsCommand({ agentRuntimeId: jwt.runtimeId }));
    expect(listed.runtimeEndpoints?.map((endpoint) => endpoint.name)).toEqual(['DEFAULT', 'prod']);
  });

  it('answers ResourceNotFoundException for an unknown endpoint', async () => {
    expect(await errorName(client.send(new GetAgentRuntimeEndpointCommand({ agentRuntimeId: jwt.runtimeId, endpointName: 'staging' })))).toBe('ResourceNotFoundException');
  });
});

describe('ListAgentRuntimes', () => {
  it('pages with maxResults and nextToken, summaries without protocol', async () => {
    const first = await client.send(new ListAgentRuntimesCommand({ maxResults: 2 }));
    expect(first.agentRuntimes).toHaveLength(2);
    expect(first.nextToken).toBeTruthy();
    expect(first.agentRuntimes?.[0]).toMatchObject({ agentRuntimeArn: jwt.arn, agentRuntimeName: 'cp_jwt', agentRuntimeVersion: '1', status: 'READY', description: 'JWT runtime' });
    expect(first.agentRuntimes?.[0]?.lastUpdatedAt).toBeInstanceOf(Date);
    expect(Object.keys(first.agentRuntimes?.[0] ?? {})).not.toContain('protocolConfiguration');
    const second = await client.send(new ListAgentRuntimesCommand({ maxResults: 2, nextToken: first.nextToken }));
    expect(second.agentRuntimes?.[0]?.agentRuntimeName).toBe('cp_third');

    const names: string[] = [];
    for await (const page of paginateListAgentRuntimes({ client, pageSize: 1 }, {})) names.push(...(page.agentRuntimes ?? []).map((runtime) => runtime.agentRuntimeName ?? ''));
    expect(names.slice(0, 3)).toEqual(['cp_jwt', 'cp_sigv4', 'cp_third']);
  });

  it('refuses a bad maxResults or nextToken with ValidationException', async () => {
    expect(await errorName(client.send(new ListAgentRuntimesCommand({ maxResults: 500 })))).toBe('ValidationException');
    expect(await errorName(client.send(new ListAgentRuntimesCommand({ nextToken: 'garbage' })))).toBe('ValidationException');
  });
});

describe('authentication and authorization', () => {
  it('refuses another access key with UnrecognizedClientException and a wrong secret with InvalidSignatureException', async () => {
    const otherKey = controlClient({ accessKeyId: 'AKIAOTHERKEY00000000', secretAccessKey: sim.credentials.secretAccessKey });
    expect(await errorName(otherKey.send(new GetAgentRuntimeCommand({ agentRuntimeId: jwt.runtimeId })))).toBe('UnrecognizedClientException');
    const wrongSecret = controlClient({ accessKeyId: sim.credentials.accessKeyId, secretAccessKey: 'y'.repeat(40) });
    try {
      await wrongSecret.send(new GetAgentRuntimeCommand({ agentRuntimeId: jwt.runtimeId }));
      expect.unreachable();
    } catch (error) {
      expect((error as Error).name).toBe('InvalidSignatureException');
      expect((error as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(403);
    }
  });

  it('refuses an unsigned request with 403', async () => {
    const response = await fetchUnsigned(`${sim.controlPlaneUrl}/runtimes/${jwt.runtimeId}/`);
    expect(response.status).toBe(403);
    expect(response.errorType).toBe('MissingAuthenticationTokenException');
  });

  it('answers AccessDeniedException to every call with denyControlPlane', async () => {
    sim.knobs.denyControlPlane = true;
    expect(await errorName(client.send(new GetAgentRuntimeCommand({ agentRuntimeId: jwt.runtimeId })))).toBe('AccessDeniedException');
    expect(await errorName(client.send(new GetAgentRuntimeEndpointCommand({ agentRuntimeId: jwt.runtimeId, endpointName: 'DEFAULT' })))).toBe('AccessDeniedException');
    try {
      await client.send(new ListAgentRuntimesCommand({}));
      expect.unreachable();
    } catch (error) {
      expect((error as Error).name).toBe('AccessDeniedException');
      expect((error as Error).message).toContain('is not authorized to perform: bedrock-agentcore:ListAgentRuntimes');
    }
  });

  it('is reachable through env() alone (endpoint override, region, static credentials)', async () => {
    for (const [name, value] of Object.entries(sim.env())) vi.stubEnv(name, value);
    vi.stubEnv('AWS_PROFILE', '');
    const fromEnv = new BedrockAgentCoreControlClient({ maxAttempts: 1 });
    clients.push(fromEnv);
    const out = await fromEnv.send(new GetAgentRuntimeCommand({ agentRuntimeId: jwt.runtimeId }));
    expect(out.agentRuntimeArn).toBe(jwt.arn);
    expect(sim.env()).toMatchObject({
      AWS_ENDPOINT_URL_BEDROCK_AGENTCORE: sim.dataPlaneUrl,
      AWS_ENDPOINT_URL_BEDROCK_AGENTCORE_CONTROL: sim.controlPlaneUrl,
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: sim.cognitoUrl,
      AWS_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    expect(sim.env().AWS_ACCESS_KEY_ID).toMatch(/^AKIA[A-Z0-9]{16}$/);
    expect(sim.env().AWS_SECRET_ACCESS_KEY).toHaveLength(40);
  });
});

async function fetchUnsigned(url: string): Promise<{ status: number; errorType: string | undefined }> {
  const { request } = await import('undici');
  const response = await request(url, { method: 'GET' });
  await response.body.dump();
  const errorType = response.headers['x-amzn-errortype'];
  return { status: response.statusCode, errorType: Array.isArray(errorType) ? errorType[0] : errorType };
}
