import { setMaxListeners } from 'node:events';
import { parseCognitoDiscoveryUrl } from '../probes/auth/cognito-config.js';
import type { AwsAccess } from '../model/runtime.js';
import type { AwsCallError } from '../model/observations.js';
import { classifyAwsError } from '../probes/aws/control-plane.js';
import { networkOf } from '../probes/network-config.js';
import { sanitizeText } from '../security/sanitize-text.js';
import { parseRuntimeArn } from '../targets/arn.js';
import { endpointOverride, type OverridableService } from '../targets/service-endpoints.js';
import { repositoryName, roleName } from './deployment-files.js';
import type { DeploymentSources, ExpectedResource, ResourceFacts, ResourceKind, ResourceObservation, TeardownInventory } from './types.js';

/**
 * The I/O of `mcp-doctor teardown`: read-only AWS calls (Get*, Describe*, List*, BatchGet*) through
 * the real SDK v3 clients, in three rounds, each round's calls concurrent:
 * 1. the runtime (GetAgentRuntime, ListAgentRuntimeEndpoints) and the stack (DescribeStacks,
 *    ListStackResources), which name most other resources;
 * 2. ECR, CodeBuild, IAM roles, log groups, the user pool's trigger (DescribeUserPool), functions a
 *    stack lists;
 * 3. the trigger's function, then its role and log group.
 * A failed call (AccessDenied, no credentials) leaves that resource `unknown` with the permission it
 * needed; the audit goes on.
 */

/** Every IAM action the audit may call, for the documented policy and the read-only test. */
export const TEARDOWN_PERMISSIONS = [
  'bedrock-agentcore:GetAgentRuntime',
  'bedrock-agentcore:ListAgentRuntimeEndpoints',
  'cloudformation:DescribeStacks',
  'cloudformation:ListStackResources',
  'ecr:DescribeRepositories',
  'ecr:DescribeImages',
  'codebuild:BatchGetProjects',
  'iam:GetRole',
  'iam:ListAttachedRolePolicies',
  'iam:ListRolePolicies',
  'logs:DescribeLogGroups',
  'cognito-idp:DescribeUserPool',
  'lambda:GetFunction',
] as const;

/** How the audit reaches AWS. */
export interface InventoryOptions {
  sources: DeploymentSources;
  region: string;
  access: AwsAccess;
  timeoutMs: number;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
}

/** ECR pages read per repository at most (1,000 images each): the count is then a lower bound. */
const MAX_IMAGE_PAGES = 10;
const TEXT_CAP = 300;

/** Takes the inventory; never throws for an AWS failure. */
export async function takeInventory(options: InventoryOptions): Promise<TeardownInventory> {
  // Every concurrent AWS call listens on the run's signal: a few dozen at once is normal.
  setMaxListeners(0, options.signal);
  const clients = new Clients(options);
  try {
    const { sources } = options;
    const observations: ResourceObservation[] = [];
    const expected = new Expected();
    for (const resource of sources.resources) expected.add(resource);

    // Round 1: the runtime and the stack name most of the rest.
    const runtimeArn = sources.runtimeArn;
    const [runtime, stack] = await Promise.all([
      runtimeArn ? observeRuntime(clients, runtimeArn, sources) : Promise.resolve(undefined),
      sources.stackName ? observeStack(clients, sources.stackName, sources) : Promise.resolve(undefined),
    ]);
    if (runtime) {
      observations.push(runtime.observation);
      for (const resource of runtime.names) expected.add(resource);
    }
    if (stack) {
      observations.push(stack.observation);
      for (const resource of stack.names) expected.add(resource);
    }
    if (runtimeArn && sources.stateFile && sources.recordedRuntimeArn === runtimeArn) observations.push(deployedStateObservation(sources, runtimeArn));

    // Round 2: everything named so far, and the user pool's trigger.
    const poolId = userPoolOf(sources.discoveryUrl ?? runtime?.discoveryUrl);
    const runtimeId = runtimeArn ? parseRuntimeArn(runtimeArn).runtimeId : undefined;
    const round2 = await Promise.all([
      ...expected.of('ecr-repository').map((r) => observeRepository(clients, r)),
      ...expected.of('codebuild-project').map((r) => observeCodeBuild(clients, r)),
      ...expected.of('iam-role').map((r) => observeRole(clients, r)),
      ...expected.of('lambda-function').map((r) => observeFunction(clients, r)),
      ...expected.of('log-group').map((r) => observeLogGroups(clients, r.name, r, 'exact')),
      ...(runtimeId ? [observeLogGroups(clients, `/aws/bedrock-agentcore/runtimes/${runtimeId}-`, { kind: 'log-group', name: `/aws/bedrock-agentcore/runtimes/${runtimeId}-<endpoint>`, source: 'runtime id (AgentCore log group naming)' }, 'prefix')] : []),
      poolId ? observeTrigger(clients, poolId) : Promise.resolve([]),
    ]);
    const seen = new Set(observations.map(key));
    const round3: Promise<ResourceObservation[]>[] = [];
    for (const found of round2.flat()) {
      if (seen.has(key(found))) continue;
      seen.add(key(found));
      observations.push(found);
      // The trigger's function, then (round 3) its role and its log group.
      if (found.kind === 'lambda-function' && found.state === 'present' && found.facts.roleArn) {
        const role = roleName(found.facts.roleArn);
        if (role && !expected.has('iam-role', role)) round3.push(observeRole(clients, { kind: 'iam-role', name: role, role: 'pre-token Lambda role', source: `GetFunction ${found.name} Role` }).then((o) => [o]));
      }
      if (found.kind === 'lambda-function' && found.state !== 'unknown') {
        const group = `/aws/lambda/${found.name}`;
        round3.push(observeLogGroups(clients, group, { kind: 'log-group', name: group, source: `Lambda function ${found.name}` }, 'exact'));
      }
    }
    for (const found of (await Promise.all(round3)).flat()) {
      if (seen.has(key(found))) continue;
      seen.add(key(found));
      observations.push(found);
    }
    return { sources, region: options.region, observations, calls: clients.calls };
  } finally {
    await clients.destroy();
  }
}

function key(o: ExpectedResource): string {
  return `${o.kind}\u0000${o.name}`;
}

/** The names to check, deduplicated, keeping the first source. */
class Expected {
  private readonly byKey = new Map<string, ExpectedResource>();
  add(resource: ExpectedResource): void {
    const known = this.byKey.get(key(resource));
    if (!known) this.byKey.set(key(resource), resource);
    // A stack that lists a resource the files named owns it: its removal goes through the stack.
    else if (resource.stack && !known.stack) this.byKey.set(key(resource), { ...known, stack: resource.stack });
  }
  has(kind: ResourceKind, name: string): boolean {
    return this.byKey.has(`${kind}\u0000${name}`);
  }
  of(kind: ResourceKind): ExpectedResource[] {
    return [...this.byKey.values()].filter((r) => r.kind === kind);
  }
}

function userPoolOf(discoveryUrl: string | undefined): string | undefined {
  return discoveryUrl ? parseCognitoDiscoveryUrl(discoveryUrl)?.userPoolId : undefined;
}

function deployedStateObservation(sources: DeploymentSources, runtimeArn: string): ResourceObservation {
  return { kind: 'deployed-state', name: sources.stateFile ?? '', source: 'project folder', state: 'present', facts: { namesRuntime: runtimeArn } };
}

/** SDK clients built on first use (one per service and region), sharing credentials, network settings and a call counter. */
class Clients {
  calls = 0;
  private readonly made = new Map<string, Promise<SdkClient>>();
  private handler: ReturnType<ReturnType<typeof networkOf>['awsRequestHandler']> | undefined;

  constructor(readonly options: InventoryOptions) {}

  /** Sends one command; counts it; AWS failures come back as `AwsCallError`. */
  async send<T>(service: OverridableService, make: ClientFactory, command: unknown, permission: string, region?: string): Promise<{ ok: true; value: T } | { ok: false; error: AwsCallError }> {
    const creds = await this.options.access.tryCredentials();
    if (!creds) return { ok: false, error: { kind: 'no-credentials', name: 'CredentialsProviderError', message: clean(this.options.access.credentialsError ?? 'no AWS credentials found'), permission } };
    const client = await this.clientFor(service, make, region ?? this.options.region);
    this.calls += 1;
    try {
      return { ok: true, value: (await client.send(command, { abortSignal: this.options.signal })) as T };
    } catch (error) {
      return { ok: false, error: classifyAwsError(error, permission) };
    }
  }

  private clientFor(service: OverridableService, make: ClientFactory, region: string): Promise<SdkClient> {
    const id = `${service} ${region}`;
    let client = this.made.get(id);
    if (!client) {
      this.handler ??= networkOf(this.options.access.settings.network).awsRequestHandler({ timeoutMs: this.options.timeoutMs });
      const endpoint = endpointOverride(this.options.env, service);
      const handler = this.handler;
      client = handler.then((requestHandler) => make({ region, ...(endpoint ? { endpoint } : {}), credentials: this.options.access.credentials, maxAttempts: 2, requestHandler }));
      this.made.set(id, client);
    }
    return client;
  }

  async destroy(): Promise<void> {
    for (const client of await Promise.allSettled(this.made.values())) if (client.status === 'fulfilled') client.value.destroy();
  }
}

interface SdkClient {
  send(command: unknown, options: { abortSignal: AbortSignal }): Promise<unknown>;
  destroy(): void;
}
type ClientFactory = (config: Record<string, unknown>) => Promise<SdkClient>;

const agentcore: ClientFactory = async (c) => new (await import('@aws-sdk/client-bedrock-agentcore-control')).BedrockAgentCoreControlClient(c) as unknown as SdkClient;
const cloudformation: ClientFactory = async (c) => new (await import('@aws-sdk/client-cloudformation')).CloudFormationClient(c) as unknown as SdkClient;
const ecr: ClientFactory = async (c) => new (await import('@aws-sdk/client-ecr')).ECRClient(c) as unknown as SdkClient;
const codebuild: ClientFactory = async (c) => new (await import('@aws-sdk/client-codebuild')).CodeBuildClient(c) as unknown as SdkClient;
const iam: ClientFactory = async (c) => new (await import('@aws-sdk/client-iam')).IAMClient(c) as unknown as SdkClient;
const logs: ClientFactory = async (c) => new (await import('@aws-sdk/client-cloudwatch-logs')).CloudWatchLogsClient(c) as unknown as SdkClient;
const lambda: ClientFactory = async (c) => new (await import('@aws-sdk/client-lambda')).LambdaClient(c) as unknown as SdkClient;
const cognito: ClientFactory = async (c) => new (await import('@aws-sdk/client-cognito-identity-provider')).CognitoIdentityProviderClient(c) as unknown as SdkClient;

function unknownOrAbsent(resource: ExpectedResource, error: AwsCallError, facts: ResourceFacts = {}): ResourceObservation {
  return error.kind === 'not-found' ? { ...resource, state: 'absent', facts } : { ...resource, state: 'unknown', error, facts };
}

async function observeRuntime(clients: Clients, arn: string, sources: DeploymentSources): Promise<{ observation: ResourceObservation; names: ExpectedResource[]; discoveryUrl?: string }> {
  // `runTeardown` validated the ARN before any call.
  const parsed = parseRuntimeArn(arn);
  const resource: ExpectedResource = { kind: 'runtime', name: arn, source: sources.recordedRuntimeArn === arn && sources.stateFile ? sources.stateFile : 'command line' };
  const sdk = await import('@aws-sdk/client-bedrock-agentcore-control');
  const [got, endpoints] = await Promise.all([
    clients.send<import('@aws-sdk/client-bedrock-agentcore-control').GetAgentRuntimeCommandOutput>('BEDROCK_AGENTCORE_CONTROL', agentcore, new sdk.GetAgentRuntimeCommand({ agentRuntimeId: parsed.runtimeId }), 'bedrock-agentcore:GetAgentRuntime', parsed.region),
    clients.send<import('@aws-sdk/client-bedrock-agentcore-control').ListAgentRuntimeEndpointsCommandOutput>('BEDROCK_AGENTCORE_CONTROL', agentcore, new sdk.ListAgentRuntimeEndpointsCommand({ agentRuntimeId: parsed.runtimeId }), 'bedrock-agentcore:ListAgentRuntimeEndpoints', parsed.region),
  ]);
  if (!got.ok) return { observation: unknownOrAbsent(resource, got.error), names: [] };
  const r = got.value;
  const facts: ResourceFacts = { status: clean(String(r.status ?? 'UNKNOWN')) };
  if (r.failureReason) facts.statusReason = clean(r.failureReason);
  if (endpoints.ok) facts.endpoints = (endpoints.value.runtimeEndpoints ?? []).map((e) => clean(String(e.name ?? '?'))).slice(0, 50);
  const names: ExpectedResource[] = [];
  const role = roleName(r.roleArn);
  if (role) names.push({ kind: 'iam-role', name: role, role: 'execution role', source: 'GetAgentRuntime roleArn' });
  const repository = repositoryName(r.agentRuntimeArtifact?.containerConfiguration?.containerUri);
  if (repository) names.push({ kind: 'ecr-repository', name: repository, source: 'GetAgentRuntime containerUri' });
  const discoveryUrl = r.authorizerConfiguration?.customJWTAuthorizer?.discoveryUrl;
  return { observation: { ...resource, state: 'present', facts }, names, ...(discoveryUrl ? { discoveryUrl } : {}) };
}

/** CloudFormation resource types and the kinds they become. */
const STACK_KINDS: Readonly<Record<string, ResourceKind>> = {
  'AWS::ECR::Repository': 'ecr-repository',
  'AWS::IAM::Role': 'iam-role',
  'AWS::Lambda::Function': 'lambda-function',
  'AWS::Logs::LogGroup': 'log-group',
  'AWS::CodeBuild::Project': 'codebuild-project',
};

async function observeStack(clients: Clients, name: string, sources: DeploymentSources): Promise<{ observation: ResourceObservation; names: ExpectedResource[] }> {
  const resource: ExpectedResource = { kind: 'stack', name, source: sources.stackName === name && sources.stateFile ? sources.stateFile : 'command line' };
  const sdk = await import('@aws-sdk/client-cloudformation');
  const [described, listed] = await Promise.all([
    clients.send<import('@aws-sdk/client-cloudformation').DescribeStacksCommandOutput>('CLOUDFORMATION', cloudformation, new sdk.DescribeStacksCommand({ StackName: name }), 'cloudformation:DescribeStacks'),
    clients.send<import('@aws-sdk/client-cloudformation').ListStackResourcesCommandOutput>('CLOUDFORMATION', cloudformation, new sdk.ListStackResourcesCommand({ StackName: name }), 'cloudformation:ListStackResources'),
  ]);
  if (!described.ok) {
    // CloudFormation answers a missing stack with a ValidationError, not a NotFound.
    const missing = described.error.name === 'ValidationError' && /does not exist/i.test(described.error.message);
    return { observation: missing ? { ...resource, state: 'absent', facts: {} } : unknownOrAbsent(resource, described.error), names: [] };
  }
  const stack = described.value.Stacks?.[0];
  if (!stack || stack.StackStatus === 'DELETE_COMPLETE') return { observation: { ...resource, state: 'absent', facts: {} }, names: [] };
  const facts: ResourceFacts = { status: clean(String(stack.StackStatus ?? 'UNKNOWN')) };
  if (stack.StackStatusReason) facts.statusReason = clean(stack.StackStatusReason);
  if (stack.DriftInformation?.StackDriftStatus) facts.driftStatus = clean(stack.DriftInformation.StackDriftStatus);
  const names: ExpectedResource[] = [];
  if (listed.ok) {
    const summaries = (listed.value.StackResourceSummaries ?? []).slice(0, 200);
    facts.stackResources = summaries.map((s) => ({ logicalId: clean(String(s.LogicalResourceId ?? '')), physicalId: clean(String(s.PhysicalResourceId ?? '')), type: clean(String(s.ResourceType ?? '')), status: clean(String(s.ResourceStatus ?? '')) }));
    for (const s of summaries) {
      const kind = STACK_KINDS[String(s.ResourceType)];
      if (!kind || !s.PhysicalResourceId || s.ResourceStatus === 'DELETE_COMPLETE') continue;
      names.push({ kind, name: s.PhysicalResourceId, source: `stack ${name} ${s.LogicalResourceId ?? ''}`.trim(), stack: name, ...(kind === 'iam-role' ? { role: 'stack role' } : {}) });
    }
  }
  return { observation: { ...resource, state: 'present', facts }, names };
}

async function observeRepository(clients: Clients, resource: ExpectedResource): Promise<ResourceObservation> {
  const sdk = await import('@aws-sdk/client-ecr');
  const described = await clients.send<import('@aws-sdk/client-ecr').DescribeRepositoriesCommandOutput>('ECR', ecr, new sdk.DescribeRepositoriesCommand({ repositoryNames: [resource.name] }), 'ecr:DescribeRepositories');
  if (!described.ok) {
    return described.error.name === 'RepositoryNotFoundException' ? { ...resource, state: 'absent', facts: {} } : unknownOrAbsent(resource, described.error);
  }
  const facts: ResourceFacts = { imageCount: 0, imageBytes: 0 };
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_IMAGE_PAGES; page += 1) {
    const images = await clients.send<import('@aws-sdk/client-ecr').DescribeImagesCommandOutput>('ECR', ecr, new sdk.DescribeImagesCommand({ repositoryName: resource.name, maxResults: 1000, ...(nextToken ? { nextToken } : {}) }), 'ecr:DescribeImages');
    if (!images.ok) return { ...resource, state: 'present', error: images.error, facts: {} };
    for (const image of images.value.imageDetails ?? []) {
      facts.imageCount = (facts.imageCount ?? 0) + 1;
      facts.imageBytes = (facts.imageBytes ?? 0) + (image.imageSizeInBytes ?? 0);
    }
    nextToken = images.value.nextToken;
    if (!nextToken) break;
    if (page === MAX_IMAGE_PAGES - 1) facts.imagesTruncated = true;
  }
  return { ...resource, state: 'present', facts };
}

async function observeCodeBuild(clients: Clients, resource: ExpectedResource): Promise<ResourceObservation> {
  const sdk = await import('@aws-sdk/client-codebuild');
  const got = await clients.send<import('@aws-sdk/client-codebuild').BatchGetProjectsCommandOutput>('CODEBUILD', codebuild, new sdk.BatchGetProjectsCommand({ names: [resource.name] }), 'codebuild:BatchGetProjects');
  if (!got.ok) return unknownOrAbsent(resource, got.error);
  const project = got.value.projects?.find((p) => p.name === resource.name);
  return project ? { ...resource, state: 'present', facts: project.serviceRole ? { roleArn: clean(project.serviceRole) } : {} } : { ...resource, state: 'absent', facts: {} };
}

async function observeRole(clients: Clients, resource: ExpectedResource): Promise<ResourceObservation> {
  const sdk = await import('@aws-sdk/client-iam');
  // IAM is global: its clients sign for us-east-1.
  const [got, attached, inline] = await Promise.all([
    clients.send<import('@aws-sdk/client-iam').GetRoleCommandOutput>('IAM', iam, new sdk.GetRoleCommand({ RoleName: resource.name }), 'iam:GetRole', 'us-east-1'),
    clients.send<import('@aws-sdk/client-iam').ListAttachedRolePoliciesCommandOutput>('IAM', iam, new sdk.ListAttachedRolePoliciesCommand({ RoleName: resource.name }), 'iam:ListAttachedRolePolicies', 'us-east-1'),
    clients.send<import('@aws-sdk/client-iam').ListRolePoliciesCommandOutput>('IAM', iam, new sdk.ListRolePoliciesCommand({ RoleName: resource.name }), 'iam:ListRolePolicies', 'us-east-1'),
  ]);
  if (!got.ok) return got.error.name === 'NoSuchEntityException' || got.error.name === 'NoSuchEntity' ? { ...resource, state: 'absent', facts: {} } : unknownOrAbsent(resource, got.error);
  const facts: ResourceFacts = { trustedServices: trustedServices(got.value.Role?.AssumeRolePolicyDocument) };
  if (attached.ok) facts.attachedPolicies = (attached.value.AttachedPolicies ?? []).map((p) => clean(String(p.PolicyArn ?? ''))).slice(0, 20);
  if (inline.ok) facts.inlinePolicies = (inline.value.PolicyNames ?? []).map(clean).slice(0, 20);
  return { ...resource, state: 'present', facts };
}

/** Service principals in a trust policy (IAM returns it URL-encoded). */
export function trustedServices(document: string | undefined): string[] {
  if (!document) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(decodeURIComponent(document));
  } catch {
    return [];
  }
  const statements = (parsed as { Statement?: unknown }).Statement;
  const list = Array.isArray(statements) ? statements : [statements];
  const services = new Set<string>();
  for (const statement of list) {
    const service = (statement as { Effect?: unknown; Principal?: { Service?: unknown } } | undefined)?.Principal?.Service;
    if ((statement as { Effect?: unknown }).Effect !== 'Allow') continue;
    for (const name of Array.isArray(service) ? service : [service]) if (typeof name === 'string') services.add(clean(name));
  }
  return [...services].slice(0, 10);
}

async function observeFunction(clients: Clients, resource: ExpectedResource): Promise<ResourceObservation> {
  const sdk = await import('@aws-sdk/client-lambda');
  const got = await clients.send<import('@aws-sdk/client-lambda').GetFunctionCommandOutput>('LAMBDA', lambda, new sdk.GetFunctionCommand({ FunctionName: resource.name }), 'lambda:GetFunction');
  if (!got.ok) return unknownOrAbsent(resource, got.error);
  const role = got.value.Configuration?.Role;
  return { ...resource, state: 'present', facts: role ? { roleArn: clean(role) } : {} };
}

async function observeLogGroups(clients: Clients, name: string, resource: ExpectedResource, match: 'exact' | 'prefix'): Promise<ResourceObservation[]> {
  const sdk = await import('@aws-sdk/client-cloudwatch-logs');
  const got = await clients.send<import('@aws-sdk/client-cloudwatch-logs').DescribeLogGroupsCommandOutput>('CLOUDWATCH_LOGS', logs, new sdk.DescribeLogGroupsCommand({ logGroupNamePrefix: name, limit: 50 }), 'logs:DescribeLogGroups');
  if (!got.ok) return [unknownOrAbsent(resource, got.error)];
  const groups = (got.value.logGroups ?? []).filter((g) => (match === 'exact' ? g.logGroupName === name : g.logGroupName?.startsWith(name)));
  if (groups.length === 0) return [{ ...resource, state: 'absent', facts: {} }];
  return groups.map((g) => ({
    ...resource,
    name: clean(String(g.logGroupName)),
    state: 'present' as const,
    facts: { storedBytes: g.storedBytes ?? 0, ...(g.retentionInDays !== undefined ? { retentionInDays: g.retentionInDays } : {}) },
  }));
}

async function observeTrigger(clients: Clients, userPoolId: string): Promise<ResourceObservation[]> {
  const region = /^([a-z]{2,4}(?:-[a-z]+)+-\d{1,2})_/.exec(userPoolId)?.[1];
  const resource: ExpectedResource = { kind: 'user-pool-trigger', name: userPoolId, source: 'authorizer discoveryUrl' };
  const sdk = await import('@aws-sdk/client-cognito-identity-provider');
  const got = await clients.send<import('@aws-sdk/client-cognito-identity-provider').DescribeUserPoolCommandOutput>('COGNITO_IDENTITY_PROVIDER', cognito, new sdk.DescribeUserPoolCommand({ UserPoolId: userPoolId }), 'cognito-idp:DescribeUserPool', region);
  if (!got.ok) return [unknownOrAbsent(resource, got.error, { userPoolId })];
  const config = got.value.UserPool?.LambdaConfig;
  const arn = config?.PreTokenGenerationConfig?.LambdaArn ?? config?.PreTokenGeneration;
  if (!arn) return [{ ...resource, state: 'absent', facts: { userPoolId } }];
  const fn = await observeFunction(clients, { kind: 'lambda-function', name: functionName(arn), source: `user pool ${userPoolId} pre-token trigger` });
  const trigger: ResourceObservation = {
    ...resource,
    name: clean(arn),
    state: 'present',
    facts: { userPoolId, triggerVersion: clean(String(config?.PreTokenGenerationConfig?.LambdaVersion ?? 'V1_0')), functionState: fn.state },
  };
  return [trigger, fn];
}

function functionName(arn: string): string {
  return /:function:([^:]+)/.exec(arn)?.[1] ?? arn;
}

function clean(text: string): string {
  return sanitizeText(text, TEXT_CAP);
}
