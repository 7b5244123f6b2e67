import type { FindingArgs } from '../model/contracts.js';
import type { CatalogEntry } from './catalog.js';

/**
 * Catalog entries for what a deployment leaves behind (`mcp-doctor teardown`) and for the
 * dangling pre-token trigger, which also shows in a diagnosis. The finding's remediation carries the
 * exact commands for the resource; the lines here are the general rule behind them.
 */

const said = (a: FindingArgs, fallback: string): string => {
  const text = (a.detail ?? fallback).trim();
  return /[.!?]$/.test(text) ? text : `${text}.`;
};

const SAFE_ORDER =
  'Remove in this order: the user-pool trigger, the runtime, the pre-token Lambda, the IAM roles, the ECR repository and CodeBuild project, the log groups, then the stack. Each step removes what the next one still depends on.';
const UPDATE_USER_POOL_CAVEAT =
  '`aws cognito-idp update-user-pool` resets every pool setting the call leaves out (as `update-user-pool-client` does for clients): removing the trigger with `--lambda-config \'{}\'` alone also resets MFA, verification messages and other settings. Pass every current setting back (from `describe-user-pool`), or remove the trigger in the Cognito console (user pool → Extensions → Lambda triggers).';

/** Entries keyed by code; `catalog.ts` spreads them in. */
export const teardownEntries = {
  USER_POOL_TRIGGER_FAILED: {
    title: 'Sign-in fails in the user pool\'s Lambda trigger',
    severity: 'error',
    summary: (a) => said(a, 'Cognito answered UserLambdaValidationException: a Lambda trigger of the user pool failed, so no token was issued'),
    explanation:
      'Cognito runs the user pool\'s Lambda triggers (pre-token generation, pre-authentication, …) before it issues tokens. When a trigger\'s function is missing, has no permission to be invoked, times out or returns an invalid response, every sign-in fails with `UserLambdaValidationException` and the message names the trigger ("PreTokenGeneration failed with error …"). Nothing about the MCP server or the runtime is involved yet.',
    causes: [
      'The trigger\'s function was deleted while the pool still points at it (the usual teardown order mistake: function before trigger); `mcp-doctor teardown` shows the dangling trigger.',
      'The function exists but Cognito may not invoke it (its resource policy lacks `cognito-idp.amazonaws.com`).',
      'The function throws, times out (Cognito waits 5 seconds) or returns a response of the wrong trigger version.',
    ],
    remediation: [
      'Read the trigger: `aws cognito-idp describe-user-pool --user-pool-id <pool> --query UserPool.LambdaConfig`, then `aws lambda get-function --function-name <arn>`.',
      'If the function is gone, remove the trigger (in the Cognito console, or with `update-user-pool` passing every current setting back) or restore the function.',
      'If the function exists, read its log group `/aws/lambda/<function>` for the error.',
    ],
    statuses: [400],
    patterns: [/UserLambdaValidationException/i, /PreTokenGeneration failed with error/i, /(?:PreAuthentication|PostAuthentication|PreSignUp|DefineAuthChallenge) failed with error/i],
  },
  DANGLING_USER_POOL_TRIGGER: {
    title: 'The user pool\'s trigger points at a function that does not exist',
    severity: 'error',
    summary: (a) => said(a, 'The user pool\'s pre-token-generation trigger names a Lambda function that GetFunction no longer finds'),
    explanation:
      'Cognito keeps a trigger\'s function ARN after the function is deleted. From then on every sign-in through the pool fails with `UserLambdaValidationException`, locking every user out, until the trigger is removed or the function restored. It usually happens when a teardown deletes the Lambda before removing the trigger.',
    causes: ['The function was deleted (by hand, a stack or a script) before the trigger was removed from the pool.', 'The trigger names a function in another region or account, or a mistyped ARN.'],
    remediation: [SAFE_ORDER, UPDATE_USER_POOL_CAVEAT],
    statuses: [],
    patterns: [/Function not found: arn:aws:lambda/i],
  },
  USER_POOL_TRIGGER_LEFT_BEHIND: {
    title: 'The user pool still has the deployment\'s pre-token trigger',
    severity: 'warning',
    summary: (a) => said(a, 'The user pool still runs the deployment\'s pre-token-generation trigger'),
    explanation:
      'The pre-token-generation trigger still runs on every sign-in. Deleting its function before removing it leaves a dangling trigger that fails every sign-in; remove the trigger first.',
    causes: ['The teardown has not reached the user pool yet.', 'The pool is shared with other applications and the trigger was kept on purpose.'],
    remediation: [SAFE_ORDER, UPDATE_USER_POOL_CAVEAT],
    statuses: [],
    patterns: [],
  },
  RUNTIME_LEFT_BEHIND: {
    title: 'The AgentCore runtime still exists',
    severity: 'warning',
    summary: (a) => said(a, 'The runtime still exists'),
    explanation: 'The runtime and its endpoints still accept invocations, hold their execution role and keep writing logs. Its microVMs are billed only while sessions run, but the endpoint stays reachable to anyone the authorizer admits.',
    causes: ['The teardown has not run, failed part-way, or deleted only the endpoint.', 'The runtime was created by a stack that still exists.'],
    remediation: [SAFE_ORDER],
    statuses: [],
    patterns: [],
  },
  LAMBDA_FUNCTION_LEFT_BEHIND: {
    title: 'The deployment\'s Lambda function still exists',
    severity: 'warning',
    summary: (a) => said(a, 'The Lambda function still exists'),
    explanation: 'The pre-token-generation function (or another function the stack created) is still deployed with its role. Delete it only after no user pool trigger points at it.',
    causes: ['The teardown has not reached the function yet.'],
    remediation: [SAFE_ORDER],
    statuses: [],
    patterns: [],
  },
  IAM_ROLE_LEFT_BEHIND: {
    title: 'An IAM role of the deployment still exists',
    severity: 'warning',
    summary: (a) => said(a, 'The IAM role still exists'),
    explanation:
      'A role the deployment created still exists with its permissions, and its trust policy still lets a service (for an execution role, `bedrock-agentcore.amazonaws.com`) assume it: unused standing access. IAM deletes a role only after its managed policies are detached and its inline policies deleted.',
    causes: ['The starter toolkit and the newer CLI create roles that a runtime deletion alone does not remove.', 'The teardown deleted the runtime or function but not its role.'],
    remediation: ['Detach every managed policy and delete every inline policy, then delete the role (the commands above, in order).', SAFE_ORDER],
    statuses: [],
    patterns: [],
  },
  ECR_REPOSITORY_LEFT_BEHIND: {
    title: 'The deployment\'s ECR repository still exists',
    severity: 'warning',
    summary: (a) => said(a, 'The ECR repository still exists'),
    explanation: 'Container images are billed for their storage every month until the repository (or the images) are deleted. Deleting the runtime does not delete its repository.',
    causes: ['Runtime deletion leaves the image repository in place.', 'The repository was created outside the stack, so deleting the stack kept it.'],
    remediation: ['`aws ecr delete-repository --force` deletes the repository with its images.', SAFE_ORDER],
    statuses: [],
    patterns: [],
  },
  CODEBUILD_PROJECT_LEFT_BEHIND: {
    title: 'The deployment\'s CodeBuild project still exists',
    severity: 'warning',
    summary: (a) => said(a, 'The CodeBuild project still exists'),
    explanation: 'The starter toolkit builds arm64 images in a CodeBuild project it creates. The project costs nothing while idle but keeps its service role and source bucket settings.',
    causes: ['Runtime deletion leaves the build project in place.'],
    remediation: [SAFE_ORDER],
    statuses: [],
    patterns: [],
  },
  LOG_GROUP_LEFT_BEHIND: {
    title: 'A log group of the deployment still exists',
    severity: 'warning',
    summary: (a) => said(a, 'The log group still exists'),
    explanation: 'Log groups outlive the runtime and the function that wrote them. Stored logs are billed every month; a group with no retention policy keeps them forever.',
    causes: ['CloudWatch Logs never deletes a group on its own; AgentCore and Lambda create theirs on first write.'],
    remediation: ['Delete the group, or keep it with a retention policy (`aws logs put-retention-policy --retention-in-days 30`).', SAFE_ORDER],
    statuses: [],
    patterns: [],
  },
  STACK_LEFT_BEHIND: {
    title: 'The deployment\'s CloudFormation stack still exists',
    severity: 'warning',
    summary: (a) => said(a, 'The stack still exists'),
    explanation: 'The stack still owns the resources it created. Deleting the stack deletes them, except resources with a Retain deletion policy and those it cannot delete (a non-empty ECR repository, a role still in use).',
    causes: ['The teardown removed resources by hand but not the stack that owns them.'],
    remediation: ['Delete the stack; resources it owns go with it.', SAFE_ORDER],
    statuses: [],
    patterns: [],
  },
  STACK_DELETE_FAILED: {
    title: 'The stack is stuck in DELETE_FAILED',
    severity: 'error',
    summary: (a) => said(a, 'The stack is in DELETE_FAILED'),
    explanation:
      'CloudFormation could not delete at least one resource and stopped. The stack and every resource it could not delete remain, and a new deployment under the same name fails until the stack is gone. The stack events name the resource and the reason.',
    causes: [
      'A resource still in use or not empty: an ECR repository with images, a role still attached, a log group recreated by a live writer.',
      'A resource was deleted or changed outside the stack (drift), or the caller lacked a permission the deletion needed.',
    ],
    remediation: ['Find the failing resource: `aws cloudformation describe-stack-events --stack-name <stack>` (the DELETE_FAILED events).', 'Fix its cause, then delete the stack again; or keep it with `--retain-resources <LogicalId>` and remove it by hand.'],
    statuses: [],
    patterns: [/DELETE_FAILED/, /The following resource\(s\) failed to delete/i],
  },
  STACK_DRIFTED: {
    title: 'The stack has drifted from its template',
    severity: 'warning',
    summary: (a) => said(a, 'The stack\'s last drift detection found resources changed outside CloudFormation'),
    explanation: 'Resources changed or deleted outside the stack can make its deletion fail (DELETE_FAILED) or delete the wrong state. Review the drift before deleting.',
    causes: ['A resource of the stack was changed or deleted by hand, by another tool or by the starter toolkit.'],
    remediation: ['`aws cloudformation describe-stack-resource-drifts --stack-name <stack>` lists what changed.'],
    statuses: [],
    patterns: [],
  },
  DEPLOYED_STATE_STALE: {
    title: 'The project\'s deployed-state file names a runtime that no longer exists',
    severity: 'warning',
    summary: (a) => said(a, 'The project\'s deployment file names a runtime the control plane no longer knows'),
    explanation:
      'The project folder still records a deployed runtime ARN. Tools that read it (the CLI\'s invoke, `mcp-doctor` with no target) address a runtime that is gone and fail with 404 "No endpoint or agent found".',
    causes: ['The runtime was deleted outside the toolchain (console, AWS CLI, a stack), so the file was not updated.'],
    remediation: ['Remove the runtime\'s entry from the file (the exact place is named above), or redeploy.'],
    statuses: [],
    patterns: [],
  },
} as const satisfies Record<string, CatalogEntry>;
