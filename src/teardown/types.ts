import type { AwsCallError } from '../model/observations.js';

/**
 * The contract of `mcp-doctor teardown`: what a deployment is known to have created (from the
 * project's files and the flags), what the read-only AWS calls found of each resource, and the
 * toolchain whose commands the remediation is written for.
 */

/** Which tool deployed the project, so removal commands are written for it. */
export type Toolchain = 'agentcore-cli' | 'starter-toolkit' | 'cloudformation' | 'aws-cli';

/** The kinds of resource a deployment leaves, in the order they must be removed. */
export type ResourceKind =
  | 'user-pool-trigger'
  | 'runtime'
  | 'lambda-function'
  | 'iam-role'
  | 'ecr-repository'
  | 'codebuild-project'
  | 'log-group'
  | 'stack'
  | 'deployed-state';

/** One resource name the doctor expects to check, and how it learnt of it. */
export interface ExpectedResource {
  kind: ResourceKind;
  /** Name, id or ARN as the service knows it. */
  name: string;
  /** Where the name came from, e.g. `.bedrock_agentcore.yaml aws.ecr_repository`, `GetAgentRuntime roleArn`. */
  source: string;
  /** For IAM roles: what the role is for (`execution role`, `pre-token Lambda role`, `CodeBuild role`). */
  role?: string;
  /** The CloudFormation stack that owns it, when a stack listed it. */
  stack?: string;
}

/** The project's deployment files, as far as teardown needs them. */
export interface DeploymentSources {
  toolchain: Toolchain;
  region?: string;
  accountId?: string;
  /** The agent or runtime name in the project. */
  agent?: string;
  runtimeArn?: string;
  /** The runtime ARN the deployment file records (the command line may name another). */
  recordedRuntimeArn?: string;
  stackName?: string;
  /** The file that records the deployment (`.bedrock_agentcore.yaml`, `agentcore/.cli/deployed-state.json`). */
  stateFile?: string;
  /** Names the files give directly (ECR repository, roles, CodeBuild project). */
  resources: ExpectedResource[];
  /** The runtime authorizer's discovery URL, which names the user pool. */
  discoveryUrl?: string;
}

/** What the read-only calls found of one resource. */
export interface ResourceObservation extends ExpectedResource {
  /** `present`, `absent` (the service said not found), or `unknown` (the call failed). */
  state: 'present' | 'absent' | 'unknown';
  error?: AwsCallError;
  /** Kind-specific facts, already bounded and sanitised. */
  facts: ResourceFacts;
}

/** Facts per kind; every field optional because a failed call leaves them out. */
export interface ResourceFacts {
  /** Runtime: status and endpoint names. */
  status?: string;
  statusReason?: string;
  endpoints?: string[];
  /** ECR: image count and total bytes (`imagesTruncated` when the count stopped at the page cap). */
  imageCount?: number;
  imageBytes?: number;
  imagesTruncated?: boolean;
  /** IAM role: service principals trusted, attached policy ARNs, inline policy names. */
  trustedServices?: string[];
  attachedPolicies?: string[];
  inlinePolicies?: string[];
  /** Lambda: the function's role ARN. */
  roleArn?: string;
  /** Log group: stored bytes and retention (undefined = never expires). */
  storedBytes?: number;
  retentionInDays?: number;
  /** Stack: drift status and the resources it still holds. */
  driftStatus?: string;
  stackResources?: { logicalId: string; physicalId: string; type: string; status: string }[];
  /** User-pool trigger: pool id, trigger version and whether its function still exists. */
  userPoolId?: string;
  triggerVersion?: string;
  functionState?: 'present' | 'absent' | 'unknown';
  /** Deployed state: the runtime ARN the file names. */
  namesRuntime?: string;
}

/** Everything the teardown audit found, the input of its checks. */
export interface TeardownInventory {
  sources: DeploymentSources;
  region: string;
  observations: ResourceObservation[];
  /** AWS API calls made. */
  calls: number;
}
