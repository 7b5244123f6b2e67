import { setMaxListeners } from 'node:events';
import { Agent, request } from 'undici';
import type { HttpHandler } from './containers/types.js';
import { ContainerForwarder } from './container-forwarder.js';
import { createAccountResources, type SimAwsOperation } from './account-resources.js';
import { createCognitoHandler, DEFAULT_PRE_TOKEN_FUNCTION } from './cognito.js';
import { createResourceServicesHandler } from './resource-services.js';
import { instrument, type SimContext } from './context.js';
import { createControlPlaneHandler } from './control-plane.js';
import { createDataPlaneHandler } from './data-plane.js';
import { SimulatedIssuer } from './issuer.js';
import { DiscoveryCache, type FetchJson } from './jwt-authorizer.js';
import { listenLocal, type LocalServer } from './listen.js';
import { RuntimeRegistry } from './runtime-registry.js';
import type { StaticCredentials } from './sigv4.js';
import type { SimKnobs, SimRequestRecord, Simulation, SimulationOptions } from './types.js';

/**
 * Starts the whole local AgentCore simulation: three servers on 127.0.0.1 (data plane, control
 * plane, Cognito + issuer), as the three AWS hosts a deployment talks to (agentcore-contract §1.1,
 * §9). AWS SDK v3 clients reach them through the standard endpoint overrides in `env()`.
 */

/**
 * The only credentials the simulation accepts. Valid-looking format (AKIA + 16, 40-character
 * secret) so SDKs accept them, and obviously fake.
 */
export const SIMULATION_CREDENTIALS: Readonly<StaticCredentials> = Object.freeze({
  accessKeyId: 'AKIAMCPDOCTORSIM0001',
  secretAccessKey: 'mcpDoctorSimulation/NotARealSecretKey000',
});

/** How long the authorizer waits for the discovery document or the JWKS. */
const DISCOVERY_TIMEOUT_MS = 5_000;

/** Starts a simulation; `stop()` it when done. */
export async function startSimulation(options: SimulationOptions = {}): Promise<Simulation> {
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '123456789012';
  const knobs: SimKnobs = { ...options.knobs };
  const requests: SimRequestRecord[] = [];
  const stopController = new AbortController();
  // Every request in flight waits on this signal (latency, cold starts): dozens at once is normal.
  setMaxListeners(0, stopController.signal);
  const credentials: StaticCredentials = { ...SIMULATION_CREDENTIALS };
  const resources = createAccountResources();
  const awsOperations: SimAwsOperation[] = [];
  const ctx: SimContext = { region, accountId, credentials, knobs, record: (entry) => requests.push(entry), stopSignal: stopController.signal, resources, operations: awsOperations };
  // The function the default pre-token trigger points at exists, so a trigger set in a test works.
  resources.lambdaFunctions.push({ name: DEFAULT_PRE_TOKEN_FUNCTION, roleArn: `arn:aws:iam::${accountId}:role/mcp-doctor-sim-pre-token-role` });

  const fetchAgent = new Agent({ keepAliveTimeout: 1_000, keepAliveMaxTimeout: 1_000 });
  const forwarder = new ContainerForwarder(stopController.signal);
  const discovery = new DiscoveryCache(jsonFetcher(fetchAgent, stopController.signal));
  const servers: LocalServer[] = [];
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      stopController.abort();
      await forwarder.close();
      await Promise.all(servers.map((server) => server.stop()));
      await fetchAgent.destroy();
    })();
    return stopping;
  };

  try {
    // Each handler needs facts known only once the servers listen (origins), hence the late binding.
    let cognito: HttpHandler | undefined;
    let dataPlane: HttpHandler | undefined;
    let controlPlane: HttpHandler | undefined;
    const late = (get: () => HttpHandler | undefined): HttpHandler => ({
      handle: (req, res) => {
        const handler = get();
        if (handler) return handler.handle(req, res);
        req.resume();
        res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end('Simulation starting');
      },
    });
    const [cognitoServer, dataServer, controlServer, awsServer] = await Promise.all([
      listenLocal(instrument('cognito', ctx, late(() => cognito)), { path: '' }),
      listenLocal(instrument('data-plane', ctx, late(() => dataPlane)), { path: '' }),
      listenLocal(instrument('control-plane', ctx, late(() => controlPlane)), { path: '' }),
      listenLocal(instrument('aws-services', ctx, createResourceServicesHandler(ctx, resources, awsOperations)), { path: '' }),
    ]);
    servers.push(cognitoServer, dataServer, controlServer, awsServer);

    const issuer = await SimulatedIssuer.create(cognitoServer.origin, region);
    const dataPlaneUrl = dataServer.origin;
    const registry = new RuntimeRegistry({
      region,
      accountId,
      discoveryUrl: issuer.discoveryUrl,
      clientId: issuer.client.clientId,
      invocationUrl: (arn) => `${dataPlaneUrl}/runtimes/${encodeURIComponent(arn)}/invocations?qualifier=DEFAULT`,
    });
    cognito = createCognitoHandler(ctx, issuer);
    dataPlane = createDataPlaneHandler({ ctx, registry, forwarder, discovery, dataPlaneUrl: () => dataPlaneUrl });
    controlPlane = createControlPlaneHandler(ctx, registry);

    return {
      region,
      accountId,
      dataPlaneUrl,
      controlPlaneUrl: controlServer.origin,
      cognitoUrl: cognitoServer.origin,
      tokenEndpoint: issuer.tokenEndpoint,
      issuer,
      credentials,
      knobs,
      requests,
      awsServicesUrl: awsServer.origin,
      resources,
      awsOperations,
      addRuntime: (config) => registry.add(config),
      removeRuntime: (arn) => registry.remove(arn),
      env: () => ({
        AWS_ENDPOINT_URL_BEDROCK_AGENTCORE: dataPlaneUrl,
        AWS_ENDPOINT_URL_BEDROCK_AGENTCORE_CONTROL: controlServer.origin,
        AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: cognitoServer.origin,
        AWS_ENDPOINT_URL_ECR: awsServer.origin,
        AWS_ENDPOINT_URL_IAM: awsServer.origin,
        AWS_ENDPOINT_URL_CODEBUILD: awsServer.origin,
        AWS_ENDPOINT_URL_LAMBDA: awsServer.origin,
        AWS_ENDPOINT_URL_CLOUDFORMATION: awsServer.origin,
        AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: awsServer.origin,
        AWS_REGION: region,
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        // Keeps the SDK credential chain off the network (IMDS) whatever else is configured.
        AWS_EC2_METADATA_DISABLED: 'true',
      }),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** GETs JSON with a deadline over the simulation's own dispatcher (closed on stop). */
function jsonFetcher(agent: Agent, stopSignal: AbortSignal): FetchJson {
  return async (url) => {
    const signal = AbortSignal.any([stopSignal, AbortSignal.timeout(DISCOVERY_TIMEOUT_MS)]);
    const response = await request(url, { method: 'GET', dispatcher: agent, signal, headers: { accept: 'application/json' } });
    if (response.statusCode < 200 || response.statusCode >= 300) {
      await response.body.dump();
      throw new Error(`GET ${url} answered ${response.statusCode}`);
    }
    return response.body.json();
  };
}
