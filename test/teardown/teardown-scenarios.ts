import type { FindingCode } from '../../src/catalog/codes.js';
import type { TeardownScenarioName } from '../../src/sim/teardown-scenarios.js';

/**
 * End-to-end table for `mcp-doctor teardown`: a seeded teardown in the simulation, the project
 * files (starter toolkit or the newer CLI) or flags that name the deployment, the codes the built
 * CLI must report (exactly, in the safe order) and the exit code.
 */
export interface TeardownE2eScenario {
  name: string;
  seed: TeardownScenarioName;
  /** Which files name the deployment: the starter toolkit's yaml, the newer CLI's files, or only flags. */
  project: 'starter-toolkit' | 'agentcore-cli' | 'flags';
  /** Pass the seeded stack with --stack. */
  stack?: boolean;
  /** IAM actions the caller lacks. */
  denied?: string[];
  codes: FindingCode[];
  exit: 0 | 1;
}

export const teardownScenarios: TeardownE2eScenario[] = [
  {
    name: 'nothing torn down yet, starter toolkit files and the auth stack',
    seed: 'not-started',
    project: 'starter-toolkit',
    stack: true,
    codes: [
      'USER_POOL_TRIGGER_LEFT_BEHIND',
      'RUNTIME_LEFT_BEHIND',
      'LAMBDA_FUNCTION_LEFT_BEHIND',
      'IAM_ROLE_LEFT_BEHIND',
      'IAM_ROLE_LEFT_BEHIND',
      'IAM_ROLE_LEFT_BEHIND',
      'ECR_REPOSITORY_LEFT_BEHIND',
      'CODEBUILD_PROJECT_LEFT_BEHIND',
      'LOG_GROUP_LEFT_BEHIND',
      'LOG_GROUP_LEFT_BEHIND',
      'STACK_DRIFTED',
      'STACK_LEFT_BEHIND',
    ],
    exit: 1,
  },
  { name: 'clean teardown, starter toolkit files', seed: 'clean', project: 'starter-toolkit', codes: [], exit: 0 },
  {
    name: 'half-finished teardown, starter toolkit files',
    seed: 'half-finished',
    project: 'starter-toolkit',
    codes: [
      'USER_POOL_TRIGGER_LEFT_BEHIND',
      'LAMBDA_FUNCTION_LEFT_BEHIND',
      'IAM_ROLE_LEFT_BEHIND',
      'IAM_ROLE_LEFT_BEHIND',
      'IAM_ROLE_LEFT_BEHIND',
      'ECR_REPOSITORY_LEFT_BEHIND',
      'CODEBUILD_PROJECT_LEFT_BEHIND',
      'LOG_GROUP_LEFT_BEHIND',
      'LOG_GROUP_LEFT_BEHIND',
      'DEPLOYED_STATE_STALE',
    ],
    exit: 1,
  },
  { name: 'dangling trigger, newer CLI files', seed: 'dangling-trigger', project: 'agentcore-cli', codes: ['DANGLING_USER_POOL_TRIGGER', 'DEPLOYED_STATE_STALE'], exit: 1 },
  { name: 'stack in DELETE_FAILED, named with --stack', seed: 'stack-delete-failed', project: 'flags', stack: true, codes: ['ECR_REPOSITORY_LEFT_BEHIND', 'STACK_DELETE_FAILED'], exit: 1 },
  {
    name: 'half-finished teardown by a caller without ECR or Logs permissions',
    seed: 'half-finished',
    project: 'starter-toolkit',
    denied: ['ecr:*', 'logs:DescribeLogGroups'],
    codes: ['USER_POOL_TRIGGER_LEFT_BEHIND', 'LAMBDA_FUNCTION_LEFT_BEHIND', 'IAM_ROLE_LEFT_BEHIND', 'IAM_ROLE_LEFT_BEHIND', 'IAM_ROLE_LEFT_BEHIND', 'CODEBUILD_PROJECT_LEFT_BEHIND', 'DEPLOYED_STATE_STALE'],
    exit: 1,
  },
];
