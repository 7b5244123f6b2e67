import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpHandler } from './containers/types.js';
import { findLambdaFunction, isDenied, lambdaFunctionName, type SimAccountResources, type SimAwsOperation } from './account-resources.js';
import { headerValue, newRequestId, readRequestBody, sendAwsJsonError, sendJsonResponse, sendRestJsonError, splitTarget } from './aws-errors.js';
import { callerArn, type SimContext } from './context.js';
import { isSigV4Authorization, parseSigV4Authorization, verifySigV4 } from './sigv4.js';

/**
 * One server playing the read APIs of six AWS services that `mcp-doctor teardown` inspects, told
 * apart by the signing name in each request's SigV4 credential scope, each in its own wire protocol
 * so the real SDK v3 clients deserialise the answers:
 * - ECR (`ecr`, awsJson1.1 `AmazonEC2ContainerRegistry_V20150921.*`): DescribeRepositories, DescribeImages;
 * - CodeBuild (`codebuild`, awsJson1.1 `CodeBuild_20161006.*`): BatchGetProjects;
 * - CloudWatch Logs (`logs`, awsJson1.1 `Logs_20140328.*`): DescribeLogGroups;
 * - Lambda (`lambda`, restJson1): GetFunction (`GET /2015-03-31/functions/{name}`);
 * - IAM (`iam`, awsQuery 2010-05-08): GetRole, ListAttachedRolePolicies, ListRolePolicies;
 * - CloudFormation (`cloudformation`, awsQuery 2010-05-15): DescribeStacks, ListStackResources.
 * Every operation asked for is logged (served or not), so a test can prove no write was attempted.
 */

const JSON_TARGETS: Readonly<Record<string, string>> = {
  ecr: 'AmazonEC2ContainerRegistry_V20150921.',
  codebuild: 'CodeBuild_20161006.',
  logs: 'Logs_20140328.',
};
const QUERY_NAMESPACES: Readonly<Record<string, string>> = {
  iam: 'https://iam.amazonaws.com/doc/2010-05-08/',
  cloudformation: 'http://cloudformation.amazonaws.com/doc/2010-05-15/',
};
const LAMBDA_FUNCTION_PATH = /^\/2015-03-31\/functions\/([^/]+)$/;

/** A modelled service error; each protocol renders it its own way. */
class ServiceError extends Error {
  constructor(
    readonly status: number,
    readonly errorType: string,
    message: string,
  ) {
    super(message);
  }
}

/** Builds the handler over `resources`; `operations` receives every operation asked for. */
export function createResourceServicesHandler(ctx: SimContext, resources: SimAccountResources, operations: SimAwsOperation[]): HttpHandler {
  return {
    async handle(req, res) {
      const requestId = newRequestId();
      const { rawPath, query } = splitTarget(req.url);
      const body = await readRequestBody(req);
      const authorization = headerValue(req, 'authorization');
      const scope = authorization && isSigV4Authorization(authorization) ? parseSigV4Authorization(authorization) : undefined;
      const service = scope?.service ?? '';
      const operation = operationOf(service, req, rawPath, body);
      operations.push({ service: service || 'unknown', operation });
      try {
        if (!scope) throw new ServiceError(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
        // IAM is a global service: clients sign it for us-east-1 whatever their region.
        const region = service === 'iam' && scope.region === 'us-east-1' ? 'us-east-1' : ctx.region;
        const verdict = await verifySigV4({ method: req.method ?? 'GET', rawPath, query, headers: req.headers, body }, { service, region, credentials: ctx.credentials });
        if (!verdict.ok) throw new ServiceError(403, verdict.errorType, verdict.message);
        const action = `${service}:${operation}`;
        if (isDenied(resources, action)) {
          throw new ServiceError(403, service in QUERY_NAMESPACES ? 'AccessDenied' : 'AccessDeniedException', `User: ${callerArn(ctx)} is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`);
        }
        const result = execute(ctx, resources, service, operation, rawPath, jsonOrForm(service, body));
        sendResult(res, service, operation, result, requestId);
      } catch (error) {
        if (!(error instanceof ServiceError)) throw error;
        sendError(res, service, error, requestId);
      }
    },
  };
}

function operationOf(service: string, req: IncomingMessage, rawPath: string, body: Buffer): string {
  const prefix = JSON_TARGETS[service];
  if (prefix) {
    const target = headerValue(req, 'x-amz-target') ?? '';
    return target.startsWith(prefix) ? target.slice(prefix.length) : target || 'UnknownOperation';
  }
  if (service in QUERY_NAMESPACES) return new URLSearchParams(body.toString('utf8')).get('Action') ?? 'UnknownOperation';
  if (service === 'lambda') return req.method === 'GET' && LAMBDA_FUNCTION_PATH.test(rawPath) ? 'GetFunction' : `${req.method ?? ''} ${rawPath}`;
  return 'UnknownOperation';
}

type Input = Record<string, unknown> & { form?: URLSearchParams };

function jsonOrForm(service: string, body: Buffer): Input {
  if (service in QUERY_NAMESPACES) return { form: new URLSearchParams(body.toString('utf8')) };
  if (body.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    return parsed !== null && typeof parsed === 'object' ? (parsed as Input) : {};
  } catch {
    throw new ServiceError(400, 'SerializationException', 'Start of structure or map found where not expected.');
  }
}

function execute(ctx: SimContext, resources: SimAccountResources, service: string, operation: string, rawPath: string, input: Input): unknown {
  const key = `${service}:${operation}`;
  switch (key) {
    case 'ecr:DescribeRepositories':
      return describeRepositories(ctx, resources, input);
    case 'ecr:DescribeImages':
      return describeImages(ctx, resources, input);
    case 'codebuild:BatchGetProjects':
      return batchGetProjects(ctx, resources, input);
    case 'logs:DescribeLogGroups':
      return describeLogGroups(ctx, resources, input);
    case 'lambda:GetFunction':
      return getFunction(ctx, resources, decodeURIComponent(LAMBDA_FUNCTION_PATH.exec(rawPath)?.[1] ?? ''));
    case 'iam:GetRole':
    case 'iam:ListAttachedRolePolicies':
    case 'iam:ListRolePolicies':
      return iamRoleOperation(ctx, resources, operation, input.form ?? new URLSearchParams());
    case 'cloudformation:DescribeStacks':
    case 'cloudformation:ListStackResources':
      return stackOperation(ctx, resources, operation, input.form ?? new URLSearchParams());
    default:
      throw new ServiceError(400, service in QUERY_NAMESPACES ? 'InvalidAction' : 'UnknownOperationException', `Operation ${operation} is not supported by the simulation.`);
  }
}

function epochSeconds(): number {
  return Math.floor(Date.now() / 1000) - 86_400;
}

function describeRepositories(ctx: SimContext, resources: SimAccountResources, input: Input): unknown {
  const names = Array.isArray(input.repositoryNames) ? input.repositoryNames.map(String) : undefined;
  const repositories = names ? names.map((name) => resources.ecrRepositories.find((r) => r.name === name) ?? notFoundRepository(ctx, name)) : resources.ecrRepositories;
  return {
    repositories: repositories.map((r) => ({
      repositoryArn: `arn:aws:ecr:${ctx.region}:${ctx.accountId}:repository/${r.name}`,
      registryId: ctx.accountId,
      repositoryName: r.name,
      repositoryUri: `${ctx.accountId}.dkr.ecr.${ctx.region}.amazonaws.com/${r.name}`,
      createdAt: epochSeconds(),
      imageTagMutability: 'MUTABLE',
      imageScanningConfiguration: { scanOnPush: false },
      encryptionConfiguration: { encryptionType: 'AES256' },
    })),
  };
}

function notFoundRepository(ctx: SimContext, name: string): never {
  throw new ServiceError(400, 'RepositoryNotFoundException', `The repository with name '${name}' does not exist in the registry with id '${ctx.accountId}'`);
}

function describeImages(ctx: SimContext, resources: SimAccountResources, input: Input): unknown {
  const name = String(input.repositoryName ?? '');
  const repository = resources.ecrRepositories.find((r) => r.name === name) ?? notFoundRepository(ctx, name);
  const pageSize = typeof input.maxResults === 'number' && input.maxResults > 0 ? Math.min(input.maxResults, 1000) : 100;
  const start = typeof input.nextToken === 'string' ? Number.parseInt(input.nextToken, 10) || 0 : 0;
  const page = repository.images.slice(start, start + pageSize);
  const next = start + pageSize < repository.images.length ? String(start + pageSize) : undefined;
  return {
    imageDetails: page.map((image) => ({
      registryId: ctx.accountId,
      repositoryName: name,
      imageDigest: image.digest,
      ...(image.tags?.length ? { imageTags: image.tags } : {}),
      imageSizeInBytes: image.sizeBytes,
      imagePushedAt: epochSeconds(),
      imageManifestMediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    })),
    ...(next ? { nextToken: next } : {}),
  };
}

function batchGetProjects(ctx: SimContext, resources: SimAccountResources, input: Input): unknown {
  const names = Array.isArray(input.names) ? input.names.map(String) : [];
  const found = resources.codeBuildProjects.filter((p) => names.includes(p.name));
  return {
    projects: found.map((p) => ({
      name: p.name,
      arn: `arn:aws:codebuild:${ctx.region}:${ctx.accountId}:project/${p.name}`,
      ...(p.serviceRoleArn ? { serviceRole: p.serviceRoleArn } : {}),
      created: epochSeconds(),
      lastModified: epochSeconds(),
      source: { type: 'S3' },
      artifacts: { type: 'NO_ARTIFACTS' },
      environment: { type: 'ARM_CONTAINER', image: 'aws/codebuild/amazonlinux2-aarch64-standard:3.0', computeType: 'BUILD_GENERAL1_LARGE' },
    })),
    projectsNotFound: names.filter((n) => !found.some((p) => p.name === n)),
  };
}

function describeLogGroups(ctx: SimContext, resources: SimAccountResources, input: Input): unknown {
  const prefix = typeof input.logGroupNamePrefix === 'string' ? input.logGroupNamePrefix : '';
  return {
    logGroups: resources.logGroups
      .filter((g) => g.name.startsWith(prefix))
      .map((g) => ({
        logGroupName: g.name,
        creationTime: epochSeconds() * 1000,
        ...(g.retentionInDays !== undefined ? { retentionInDays: g.retentionInDays } : {}),
        metricFilterCount: 0,
        arn: `arn:aws:logs:${ctx.region}:${ctx.accountId}:log-group:${g.name}:*`,
        storedBytes: g.storedBytes,
        logGroupClass: 'STANDARD',
      })),
  };
}

function getFunction(ctx: SimContext, resources: SimAccountResources, nameOrArn: string): unknown {
  const fn = findLambdaFunction(resources, nameOrArn);
  const arn = `arn:aws:lambda:${ctx.region}:${ctx.accountId}:function:${lambdaFunctionName(nameOrArn)}`;
  if (!fn) throw new ServiceError(404, 'ResourceNotFoundException', `Function not found: ${arn}`);
  return {
    Configuration: {
      FunctionName: fn.name,
      FunctionArn: arn,
      Runtime: fn.runtime ?? 'python3.12',
      Role: fn.roleArn,
      Handler: 'index.handler',
      CodeSize: fn.codeSizeBytes ?? 1024,
      Timeout: 3,
      MemorySize: 128,
      LastModified: new Date(epochSeconds() * 1000).toISOString().replace('Z', '+0000'),
      State: 'Active',
      PackageType: 'Zip',
      Architectures: ['x86_64'],
    },
    Code: { RepositoryType: 'S3', Location: 'https://awslambda.invalid/snapshot' },
  };
}

/** The awsQuery result: XML elements, already escaped, inside `<OpResult>`. */
interface QueryResult {
  xml: string;
}

function iamRoleOperation(ctx: SimContext, resources: SimAccountResources, operation: string, form: URLSearchParams): QueryResult {
  const name = form.get('RoleName') ?? '';
  const role = resources.iamRoles.find((r) => r.name === name);
  if (!role) throw new ServiceError(404, 'NoSuchEntity', `The role with name ${name} cannot be found.`);
  if (operation === 'ListAttachedRolePolicies') {
    const members = (role.attachedPolicyArns ?? []).map((arn) => `<member><PolicyArn>${xml(arn)}</PolicyArn><PolicyName>${xml(arn.split('/').pop() ?? arn)}</PolicyName></member>`);
    return { xml: `<AttachedPolicies>${members.join('')}</AttachedPolicies><IsTruncated>false</IsTruncated>` };
  }
  if (operation === 'ListRolePolicies') {
    return { xml: `<PolicyNames>${(role.inlinePolicyNames ?? []).map((n) => `<member>${xml(n)}</member>`).join('')}</PolicyNames><IsTruncated>false</IsTruncated>` };
  }
  const trust = {
    Version: '2012-10-17',
    Statement: role.trustedServices.map((service) => ({ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' })),
  };
  return {
    xml:
      `<Role><Path>/</Path><RoleName>${xml(role.name)}</RoleName><RoleId>AROA${role.name.length.toString().padStart(17, '0')}</RoleId>` +
      `<Arn>arn:aws:iam::${ctx.accountId}:role/${xml(role.name)}</Arn><CreateDate>${new Date(epochSeconds() * 1000).toISOString()}</CreateDate>` +
      // IAM returns the trust policy URL-encoded, as the real service does.
      `<AssumeRolePolicyDocument>${xml(encodeURIComponent(JSON.stringify(trust)))}</AssumeRolePolicyDocument><MaxSessionDuration>3600</MaxSessionDuration></Role>`,
  };
}

function stackOperation(ctx: SimContext, resources: SimAccountResources, operation: string, form: URLSearchParams): QueryResult {
  const name = form.get('StackName') ?? '';
  const stack = resources.stacks.find((s) => s.name === name);
  if (!stack) throw new ServiceError(400, 'ValidationError', `Stack with id ${name} does not exist`);
  const stackId = `arn:aws:cloudformation:${ctx.region}:${ctx.accountId}:stack/${stack.name}/00000000-0000-0000-0000-000000000000`;
  const now = new Date(epochSeconds() * 1000).toISOString();
  if (operation === 'ListStackResources') {
    const members = stack.resources.map(
      (r) =>
        `<member><LogicalResourceId>${xml(r.logicalId)}</LogicalResourceId><PhysicalResourceId>${xml(r.physicalId)}</PhysicalResourceId>` +
        `<ResourceType>${xml(r.type)}</ResourceType><LastUpdatedTimestamp>${now}</LastUpdatedTimestamp><ResourceStatus>${xml(r.status)}</ResourceStatus></member>`,
    );
    return { xml: `<StackResourceSummaries>${members.join('')}</StackResourceSummaries>` };
  }
  return {
    xml:
      `<Stacks><member><StackId>${xml(stackId)}</StackId><StackName>${xml(stack.name)}</StackName><CreationTime>${now}</CreationTime>` +
      `<StackStatus>${xml(stack.status)}</StackStatus>${stack.statusReason ? `<StackStatusReason>${xml(stack.statusReason)}</StackStatusReason>` : ''}` +
      `<DisableRollback>false</DisableRollback><DriftInformation><StackDriftStatus>${stack.driftStatus ?? 'NOT_CHECKED'}</StackDriftStatus></DriftInformation></member></Stacks>`,
  };
}

function sendResult(res: ServerResponse, service: string, operation: string, result: unknown, requestId: string): void {
  const namespace = QUERY_NAMESPACES[service];
  if (namespace) {
    const inner = (result as QueryResult).xml;
    const text = `<${operation}Response xmlns="${namespace}"><${operation}Result>${inner}</${operation}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`;
    return sendXml(res, 200, text, requestId);
  }
  if (service === 'lambda') return sendJsonResponse(res, 200, result, { 'x-amzn-requestid': requestId });
  sendJsonResponse(res, 200, result, { 'x-amzn-requestid': requestId }, 'application/x-amz-json-1.1');
}

function sendError(res: ServerResponse, service: string, error: ServiceError, requestId: string): void {
  const namespace = QUERY_NAMESPACES[service];
  if (namespace) {
    const type = error.status >= 500 ? 'Receiver' : 'Sender';
    const text = `<ErrorResponse xmlns="${namespace}"><Error><Type>${type}</Type><Code>${xml(error.errorType)}</Code><Message>${xml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
    return sendXml(res, error.status, text, requestId);
  }
  if (service === 'lambda') return sendRestJsonError(res, error.status, error.errorType, error.message, { Type: 'User' }, { 'x-amzn-requestid': requestId });
  sendAwsJsonError(res, error.errorType, error.message, error.status === 403 && error.errorType === 'AccessDeniedException' ? 400 : error.status, { 'x-amzn-requestid': requestId });
}

function sendXml(res: ServerResponse, status: number, text: string, requestId: string): void {
  if (res.headersSent || res.destroyed) return;
  const bytes = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${text}`, 'utf8');
  res.writeHead(status, { 'content-type': 'text/xml', 'content-length': String(bytes.length), 'x-amzn-requestid': requestId });
  res.end(bytes);
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
