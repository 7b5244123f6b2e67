import type { FindingCode } from '../catalog/codes.js';
import type { AwsCallError } from '../model/observations.js';
import type { ResourceKind, ResourceObservation, TeardownInventory, Toolchain } from './types.js';

/**
 * The judgement of `mcp-doctor teardown`: pure functions from the inventory to findings. Each
 * leftover gets the exact commands that remove it, written for the project's toolchain, and its
 * step in the safe order (trigger before function, function before role, everything before the
 * log groups, the stack last), so following the findings top to bottom never locks users out.
 */

/** One leftover (or problem) and the commands that fix it. */
export interface TeardownIssue {
  code: FindingCode;
  /** The sentence the finding shows. */
  detail: string;
  /** Exact commands, in order, first the toolchain's own when it has one. */
  commands: string[];
  /** What the doctor saw (the resource, where the name came from). */
  evidence: string;
  /** Position in the safe removal order (1 first). */
  step: number;
}

/** The outcome of one teardown check. */
export interface TeardownCheckOutcome {
  status: 'pass' | 'fail' | 'warn' | 'skip';
  skipReason?: string;
  issues: TeardownIssue[];
}

/** A teardown check: one kind of resource. */
export interface TeardownCheck {
  id: string;
  title: string;
  kinds: readonly ResourceKind[];
  codes: readonly FindingCode[];
  run(inventory: TeardownInventory): TeardownCheckOutcome;
}

/** Safe removal order, by kind. */
export const REMOVAL_STEP: Readonly<Record<ResourceKind, number>> = {
  'user-pool-trigger': 1,
  runtime: 2,
  'lambda-function': 3,
  'iam-role': 4,
  'ecr-repository': 5,
  'codebuild-project': 6,
  'log-group': 7,
  stack: 8,
  'deployed-state': 9,
};

const ERROR_CODES: ReadonlySet<FindingCode> = new Set(['DANGLING_USER_POOL_TRIGGER', 'STACK_DELETE_FAILED']);

/** Runs `judge` over the observations of `kinds`; skips (naming the permission) what could not be read. */
function checkKinds(inventory: TeardownInventory, kinds: readonly ResourceKind[], judge: (o: ResourceObservation) => TeardownIssue[]): TeardownCheckOutcome {
  const observed = inventory.observations.filter((o) => kinds.includes(o.kind));
  if (observed.length === 0) return { status: 'skip', skipReason: `the project files and flags name no ${kinds.map(kindLabel).join(' or ')} to check`, issues: [] };
  const readable = observed.filter((o) => !o.error || o.state === 'present');
  const unreadable = observed.filter((o) => o.error && o.state !== 'present');
  const issues = readable.flatMap(judge);
  if (readable.length === 0) return { status: 'skip', skipReason: unreadable.map((o) => unreadableReason(o)).join('; '), issues: [] };
  const status = issues.some((i) => ERROR_CODES.has(i.code)) ? 'fail' : issues.length > 0 ? 'warn' : 'pass';
  return { status, issues, ...(unreadable.length > 0 ? { skipReason: unreadable.map((o) => unreadableReason(o)).join('; ') } : {}) };
}

function unreadableReason(o: ResourceObservation): string {
  return `${kindLabel(o.kind)} ${o.name} not checked: ${describeCallError(o.error)}`;
}

/** Why an AWS read gave no answer, naming the permission it needs. */
export function describeCallError(error: AwsCallError | undefined): string {
  if (!error) return 'no answer';
  if (error.kind === 'no-credentials') return `no AWS credentials (needs ${error.permission}); set AWS_PROFILE or AWS_ACCESS_KEY_ID`;
  if (error.kind === 'access-denied') return `${error.name}: the caller lacks ${error.permission}`;
  return `${error.name}: ${error.message} (${error.permission})`;
}

function kindLabel(kind: ResourceKind): string {
  return kind.replace(/-/g, ' ');
}

function regionFlag(inventory: TeardownInventory): string {
  return `--region ${inventory.region}`;
}

function stackNote(o: ResourceObservation): string[] {
  return o.stack ? [`It belongs to stack ${o.stack}: deleting the stack removes it (\`aws cloudformation delete-stack --stack-name ${o.stack}\`); delete it by hand only if the stack is already gone or retains it.`] : [];
}

function evidenceOf(o: ResourceObservation): string {
  return `${kindLabel(o.kind)} ${o.name} (named by ${o.source})`;
}

function runtimeIdOf(arn: string): string {
  return /runtime\/([^/:]+)/.exec(arn)?.[1] ?? arn;
}

function toolchainRuntimeCommand(toolchain: Toolchain, agent: string | undefined): string[] {
  if (toolchain === 'agentcore-cli') return ['Newer AgentCore CLI: `agentcore remove all --dry-run` to review, then `agentcore remove all -y` and `agentcore deploy` (deletes what the project deployed through its CDK stack).'];
  if (toolchain === 'starter-toolkit') return [`Starter toolkit: \`agentcore destroy${agent ? ` --agent ${agent}` : ''}\`.`];
  return [];
}

const triggerCheck: TeardownCheck = {
  id: 'teardown/user-pool-trigger',
  title: 'No user pool trigger is left or dangling',
  kinds: ['user-pool-trigger'],
  codes: ['DANGLING_USER_POOL_TRIGGER', 'USER_POOL_TRIGGER_LEFT_BEHIND'],
  run: (inventory) =>
    checkKinds(inventory, ['user-pool-trigger'], (o) => {
      if (o.state !== 'present') return [];
      const pool = o.facts.userPoolId ?? '<pool>';
      const commands = [
        `Remove the trigger in the Cognito console (user pool ${pool} → Extensions → Lambda triggers), which keeps every other setting.`,
        `Or with the AWS CLI: \`aws cognito-idp describe-user-pool --user-pool-id ${pool} ${regionFlag(inventory)}\`, then \`aws cognito-idp update-user-pool --user-pool-id ${pool} ${regionFlag(inventory)} --lambda-config '{}'\` with every other current setting passed back: update-user-pool resets whatever the call leaves out.`,
      ];
      if (o.facts.functionState === 'absent') {
        return [{ code: 'DANGLING_USER_POOL_TRIGGER', step: 1, commands, evidence: evidenceOf(o), detail: `User pool ${pool}'s pre-token-generation trigger (${o.facts.triggerVersion ?? 'V1_0'}) points at ${o.name}, which GetFunction no longer finds: every sign-in fails with UserLambdaValidationException until the trigger is removed` }];
      }
      return [{ code: 'USER_POOL_TRIGGER_LEFT_BEHIND', step: 1, commands, evidence: evidenceOf(o), detail: `User pool ${pool} still runs the pre-token-generation trigger ${o.name}; remove it before deleting the function` }];
    }),
};

const runtimeCheck: TeardownCheck = {
  id: 'teardown/runtime',
  title: 'The AgentCore runtime is deleted',
  kinds: ['runtime'],
  codes: ['RUNTIME_LEFT_BEHIND'],
  run: (inventory) =>
    checkKinds(inventory, ['runtime'], (o) => {
      if (o.state !== 'present') return [];
      const endpoints = o.facts.endpoints?.length ? `, endpoints ${o.facts.endpoints.join(', ')}` : '';
      return [
        {
          code: 'RUNTIME_LEFT_BEHIND',
          step: REMOVAL_STEP.runtime,
          evidence: evidenceOf(o),
          detail: `Runtime ${runtimeIdOf(o.name)} still exists (status ${o.facts.status ?? 'unknown'}${endpoints})`,
          commands: [...toolchainRuntimeCommand(inventory.sources.toolchain, inventory.sources.agent), `AWS CLI: \`aws bedrock-agentcore-control delete-agent-runtime --agent-runtime-id ${runtimeIdOf(o.name)} ${regionFlag(inventory)}\` (deletes every version and endpoint).`, ...stackNote(o)],
        },
      ];
    }),
};

const lambdaCheck: TeardownCheck = {
  id: 'teardown/lambda-function',
  title: 'The deployment\'s Lambda functions are deleted',
  kinds: ['lambda-function'],
  codes: ['LAMBDA_FUNCTION_LEFT_BEHIND'],
  run: (inventory) =>
    checkKinds(inventory, ['lambda-function'], (o) => {
      if (o.state !== 'present') return [];
      const triggered = inventory.observations.some((t) => t.kind === 'user-pool-trigger' && t.state === 'present' && t.name.endsWith(`:function:${o.name}`));
      return [
        {
          code: 'LAMBDA_FUNCTION_LEFT_BEHIND',
          step: REMOVAL_STEP['lambda-function'],
          evidence: evidenceOf(o),
          detail: `Lambda function ${o.name} still exists${triggered ? ' and a user pool trigger still points at it: remove the trigger first' : ''}`,
          commands: [`\`aws lambda delete-function --function-name ${o.name} ${regionFlag(inventory)}\`${triggered ? ' (only after the trigger is removed)' : ''}.`, ...stackNote(o)],
        },
      ];
    }),
};

const roleCheck: TeardownCheck = {
  id: 'teardown/iam-roles',
  title: 'The deployment\'s IAM roles are deleted',
  kinds: ['iam-role'],
  codes: ['IAM_ROLE_LEFT_BEHIND'],
  run: (inventory) =>
    checkKinds(inventory, ['iam-role'], (o) => {
      if (o.state !== 'present') return [];
      const trusted = o.facts.trustedServices?.length ? `, trusted by ${o.facts.trustedServices.join(', ')}` : '';
      const commands = [
        ...(o.facts.attachedPolicies ?? []).map((arn) => `\`aws iam detach-role-policy --role-name ${o.name} --policy-arn ${arn}\``),
        ...(o.facts.inlinePolicies ?? []).map((name) => `\`aws iam delete-role-policy --role-name ${o.name} --policy-name ${name}\``),
        `\`aws iam delete-role --role-name ${o.name}\`${o.facts.attachedPolicies === undefined || o.facts.inlinePolicies === undefined ? ' (after detaching its managed policies and deleting its inline ones: `aws iam list-attached-role-policies`, `aws iam list-role-policies`)' : ''}.`,
        ...stackNote(o),
      ];
      return [{ code: 'IAM_ROLE_LEFT_BEHIND', step: REMOVAL_STEP['iam-role'], evidence: evidenceOf(o), commands, detail: `IAM role ${o.name} (${o.role ?? 'role'}) still exists${trusted}` }];
    }),
};

const repositoryCheck: TeardownCheck = {
  id: 'teardown/ecr-repository',
  title: 'The ECR repository is deleted',
  kinds: ['ecr-repository'],
  codes: ['ECR_REPOSITORY_LEFT_BEHIND'],
  run: (inventory) =>
    checkKinds(inventory, ['ecr-repository'], (o) => {
      if (o.state !== 'present') return [];
      const images = o.facts.imageCount === undefined ? '' : ` with ${o.facts.imagesTruncated ? 'at least ' : ''}${o.facts.imageCount} image${o.facts.imageCount === 1 ? '' : 's'} (${formatBytes(o.facts.imageBytes ?? 0)})`;
      return [{ code: 'ECR_REPOSITORY_LEFT_BEHIND', step: REMOVAL_STEP['ecr-repository'], evidence: evidenceOf(o), detail: `ECR repository ${o.name} still exists${images}`, commands: [`\`aws ecr delete-repository --repository-name ${o.name} --force ${regionFlag(inventory)}\` (--force deletes the images too).`, ...stackNote(o)] }];
    }),
};

const codeBuildCheck: TeardownCheck = {
  id: 'teardown/codebuild-project',
  title: 'The CodeBuild project is deleted',
  kinds: ['codebuild-project'],
  codes: ['CODEBUILD_PROJECT_LEFT_BEHIND'],
  run: (inventory) =>
    checkKinds(inventory, ['codebuild-project'], (o) =>
      o.state !== 'present' ? [] : [{ code: 'CODEBUILD_PROJECT_LEFT_BEHIND', step: REMOVAL_STEP['codebuild-project'], evidence: evidenceOf(o), detail: `CodeBuild project ${o.name} still exists`, commands: [`\`aws codebuild delete-project --name ${o.name} ${regionFlag(inventory)}\`.`, ...stackNote(o)] }],
    ),
};

const logGroupCheck: TeardownCheck = {
  id: 'teardown/log-groups',
  title: 'The runtime and Lambda log groups are deleted or expire',
  kinds: ['log-group'],
  codes: ['LOG_GROUP_LEFT_BEHIND'],
  run: (inventory) =>
    checkKinds(inventory, ['log-group'], (o) => {
      if (o.state !== 'present') return [];
      const retention = o.facts.retentionInDays === undefined ? 'no retention (kept forever)' : `retention ${o.facts.retentionInDays} ${o.facts.retentionInDays === 1 ? 'day' : 'days'}`;
      return [
        {
          code: 'LOG_GROUP_LEFT_BEHIND',
          step: REMOVAL_STEP['log-group'],
          evidence: evidenceOf(o),
          detail: `Log group ${o.name} still exists, ${formatBytes(o.facts.storedBytes ?? 0)} stored, ${retention}`,
          commands: [`\`aws logs delete-log-group --log-group-name ${o.name} ${regionFlag(inventory)}\`, or keep it for a while: \`aws logs put-retention-policy --log-group-name ${o.name} --retention-in-days 30 ${regionFlag(inventory)}\`.`, ...stackNote(o)],
        },
      ];
    }),
};

const stackCheck: TeardownCheck = {
  id: 'teardown/stack',
  title: 'The CloudFormation stack is deleted',
  kinds: ['stack'],
  codes: ['STACK_LEFT_BEHIND', 'STACK_DELETE_FAILED', 'STACK_DRIFTED'],
  run: (inventory) =>
    checkKinds(inventory, ['stack'], (o) => {
      if (o.state !== 'present') return [];
      const issues: TeardownIssue[] = [];
      const flag = regionFlag(inventory);
      const remaining = (o.facts.stackResources ?? []).filter((r) => r.status !== 'DELETE_COMPLETE');
      const held = remaining.length ? `; it still holds ${remaining.length} resource${remaining.length === 1 ? '' : 's'}` : '';
      if (o.facts.status === 'DELETE_FAILED') {
        const failed = remaining.filter((r) => r.status === 'DELETE_FAILED').map((r) => r.logicalId);
        issues.push({
          code: 'STACK_DELETE_FAILED',
          step: REMOVAL_STEP.stack,
          evidence: evidenceOf(o),
          detail: `Stack ${o.name} is DELETE_FAILED${o.facts.statusReason ? `: "${o.facts.statusReason}"` : ''}${failed.length ? ` (failed: ${failed.join(', ')})` : ''}`,
          commands: [
            `\`aws cloudformation describe-stack-events --stack-name ${o.name} ${flag}\` names the resource and why.`,
            `Fix that resource (for example empty the ECR repository, remove the user pool trigger), then \`aws cloudformation delete-stack --stack-name ${o.name} ${flag}\`${failed.length ? `; or keep it: \`aws cloudformation delete-stack --stack-name ${o.name} --retain-resources ${failed.join(' ')} ${flag}\` and remove it by hand` : ''}.`,
          ],
        });
      } else if (!/DELETE_IN_PROGRESS/.test(o.facts.status ?? '')) {
        issues.push({
          code: 'STACK_LEFT_BEHIND',
          step: REMOVAL_STEP.stack,
          evidence: evidenceOf(o),
          detail: `Stack ${o.name} still exists (status ${o.facts.status ?? 'unknown'})${held}`,
          commands: [
            ...(inventory.sources.toolchain === 'agentcore-cli' ? ['Newer AgentCore CLI: `agentcore remove all -y` then `agentcore deploy` empties the stack; delete it afterwards.'] : []),
            `\`aws cloudformation delete-stack --stack-name ${o.name} ${flag}\`, after removing any user pool trigger that points at a function of the stack.`,
          ],
        });
      }
      if (o.facts.driftStatus === 'DRIFTED') {
        issues.push({ code: 'STACK_DRIFTED', step: REMOVAL_STEP.stack, evidence: evidenceOf(o), detail: `Stack ${o.name}'s last drift detection found resources changed outside CloudFormation`, commands: [`\`aws cloudformation describe-stack-resource-drifts --stack-name ${o.name} ${flag}\`.`] });
      }
      return issues;
    }),
};

const deployedStateCheck: TeardownCheck = {
  id: 'teardown/deployed-state',
  title: 'The project\'s deployment file names no deleted runtime',
  kinds: ['deployed-state'],
  codes: ['DEPLOYED_STATE_STALE'],
  run: (inventory) => {
    const state = inventory.observations.find((o) => o.kind === 'deployed-state');
    if (!state) return { status: 'skip', skipReason: 'the project has no deployment file naming a runtime', issues: [] };
    const runtime = inventory.observations.find((o) => o.kind === 'runtime' && o.name === state.facts.namesRuntime);
    if (!runtime || runtime.state === 'unknown') return { status: 'skip', skipReason: `whether runtime ${state.facts.namesRuntime ?? ''} exists is unknown: ${describeCallError(runtime?.error)}`, issues: [] };
    if (runtime.state === 'present') return { status: 'pass', issues: [] };
    const agent = inventory.sources.agent ?? '<name>';
    const where =
      inventory.sources.toolchain === 'starter-toolkit'
        ? `Clear \`bedrock_agentcore.agent_arn\` and \`agent_id\` of agent ${agent} in .bedrock_agentcore.yaml (the starter toolkit's \`agentcore destroy\` does this).`
        : `Remove \`resources.runtimes.${agent}\` (and its \`runtimeEndpoints\`) from the target in agentcore/.cli/deployed-state.json, or run \`agentcore deploy\` to write the state anew.`;
    return {
      status: 'warn',
      issues: [{ code: 'DEPLOYED_STATE_STALE', step: REMOVAL_STEP['deployed-state'], evidence: `${state.name} names ${state.facts.namesRuntime ?? ''}`, detail: `${state.name} still names runtime ${runtimeIdOf(state.facts.namesRuntime ?? '')}, which GetAgentRuntime no longer finds`, commands: [where] }],
    };
  },
};

/** Every teardown check, in the safe removal order. */
export const teardownChecks: readonly TeardownCheck[] = [triggerCheck, runtimeCheck, lambdaCheck, roleCheck, repositoryCheck, codeBuildCheck, logGroupCheck, stackCheck, deployedStateCheck];

/** `1.5 GiB`, `12.0 MiB`, `800 B`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}
