/**
 * What else a deployment leaves in the simulated AWS account besides the runtime: the ECR
 * repository, the CodeBuild project, IAM roles, the pre-token Lambda, CloudWatch log groups and
 * CloudFormation stacks. The read-only APIs of `resource-services.ts` answer from this store, and
 * tests and `demo` seed it; it is plain data, changed in place.
 */

/** An image in an ECR repository. */
export interface SimEcrImage {
  digest: string;
  tags?: string[];
  sizeBytes: number;
}

/** An ECR repository. */
export interface SimEcrRepository {
  name: string;
  images: SimEcrImage[];
}

/** An IAM role. */
export interface SimIamRole {
  name: string;
  /** Service principals in the trust policy (`bedrock-agentcore.amazonaws.com`, `lambda.amazonaws.com`). */
  trustedServices: string[];
  attachedPolicyArns?: string[];
  inlinePolicyNames?: string[];
}

/** A CodeBuild project. */
export interface SimCodeBuildProject {
  name: string;
  serviceRoleArn?: string;
}

/** A Lambda function. */
export interface SimLambdaFunction {
  name: string;
  roleArn: string;
  /** @default 'python3.12' */
  runtime?: string;
  /** @default 1024 */
  codeSizeBytes?: number;
}

/** A CloudWatch Logs log group. */
export interface SimLogGroup {
  name: string;
  storedBytes: number;
  /** Undefined = never expire (the default for new groups). */
  retentionInDays?: number;
}

/** One resource of a CloudFormation stack. */
export interface SimStackResource {
  logicalId: string;
  physicalId: string;
  type: string;
  status: string;
}

/** A CloudFormation stack. */
export interface SimStack {
  name: string;
  status: string;
  statusReason?: string;
  /** @default 'NOT_CHECKED' */
  driftStatus?: 'DRIFTED' | 'IN_SYNC' | 'NOT_CHECKED' | 'UNKNOWN';
  resources: SimStackResource[];
}

/** The simulated account's other resources. */
export interface SimAccountResources {
  ecrRepositories: SimEcrRepository[];
  iamRoles: SimIamRole[];
  codeBuildProjects: SimCodeBuildProject[];
  lambdaFunctions: SimLambdaFunction[];
  logGroups: SimLogGroup[];
  stacks: SimStack[];
  /** IAM actions answered with AccessDenied, e.g. `ecr:DescribeRepositories`, or `ecr:*` for a whole service. */
  deniedActions: string[];
}

/** One AWS API operation the simulation served, for the read-only audit of `mcp-doctor teardown`. */
export interface SimAwsOperation {
  /** Signing name: `ecr`, `iam`, `codebuild`, `lambda`, `cloudformation`, `logs`, `cognito-idp`, `bedrock-agentcore`. */
  service: string;
  operation: string;
}

/** An empty account. */
export function createAccountResources(): SimAccountResources {
  return { ecrRepositories: [], iamRoles: [], codeBuildProjects: [], lambdaFunctions: [], logGroups: [], stacks: [], deniedActions: [] };
}

/** True when `action` (`service:Operation`) is denied by the store's `deniedActions`. */
export function isDenied(resources: SimAccountResources, action: string): boolean {
  const service = action.split(':')[0] ?? '';
  return resources.deniedActions.includes(action) || resources.deniedActions.includes(`${service}:*`);
}

/** A function by name or ARN (`arn:aws:lambda:<region>:<account>:function:<name>[:qualifier]`). */
export function findLambdaFunction(resources: SimAccountResources, nameOrArn: string): SimLambdaFunction | undefined {
  const name = lambdaFunctionName(nameOrArn);
  return resources.lambdaFunctions.find((f) => f.name === name);
}

/** The function name inside a Lambda ARN, or the input when it is a plain name. */
export function lambdaFunctionName(nameOrArn: string): string {
  const match = /^arn:[^:]+:lambda:[^:]*:\d*:function:([^:]+)(?::[^:]+)?$/.exec(nameOrArn);
  return match?.[1] ?? nameOrArn;
}
