import { describe, expect, it } from 'vitest';
import type { AwsCallError } from '../../src/model/observations.js';
import { judgeInventory } from '../../src/teardown/run-teardown.js';
import { describeCallError, formatBytes, REMOVAL_STEP, teardownChecks, type TeardownCheckOutcome, type TeardownIssue } from '../../src/teardown/teardown-checks.js';
import { trustedServices } from '../../src/teardown/inventory.js';
import type { DeploymentSources, ResourceObservation, TeardownInventory, Toolchain } from '../../src/teardown/types.js';

/** The teardown checks, judged on hand-built inventories: one situation per row. */

const ARN = 'arn:aws:bedrock-agentcore:eu-west-1:123456789012:runtime/mcp_srv-AbCdEf1234';
const DENIED: AwsCallError = { kind: 'access-denied', name: 'AccessDeniedException', message: 'no', permission: 'ecr:DescribeRepositories' };

function inventory(observations: ResourceObservation[], sources: Partial<DeploymentSources> = {}): TeardownInventory {
  return { sources: { toolchain: 'aws-cli', resources: [], ...sources }, region: 'eu-west-1', observations, calls: observations.length };
}

function judge(inv: TeardownInventory) {
  return judgeInventory(inv, { failOn: 'warning', input: 'x', startedAt: '2026-12-07T00:00:00.000Z', dir: '/tmp' });
}

const present = (o: Omit<ResourceObservation, 'state'>): ResourceObservation => ({ ...o, state: 'present' });
const absent = (o: Omit<ResourceObservation, 'state' | 'facts'>): ResourceObservation => ({ ...o, state: 'absent', facts: {} });

describe('teardown checks', () => {
  it.each<[string, ResourceObservation[], string[], string]>([
    ['a gone runtime passes', [absent({ kind: 'runtime', name: ARN, source: 'cli' })], [], 'teardown/runtime=pass'],
    ['a live runtime is left behind', [present({ kind: 'runtime', name: ARN, source: 'cli', facts: { status: 'READY', endpoints: ['DEFAULT'] } })], ['RUNTIME_LEFT_BEHIND'], 'teardown/runtime=warn'],
    ['a trigger whose function is gone dangles', [present({ kind: 'user-pool-trigger', name: 'arn:aws:lambda:eu-west-1:1:function:f', source: 's', facts: { userPoolId: 'eu-west-1_X', functionState: 'absent' } })], ['DANGLING_USER_POOL_TRIGGER'], 'teardown/user-pool-trigger=fail'],
    ['a trigger whose function exists is left behind', [present({ kind: 'user-pool-trigger', name: 'arn:aws:lambda:eu-west-1:1:function:f', source: 's', facts: { userPoolId: 'eu-west-1_X', functionState: 'present' } })], ['USER_POOL_TRIGGER_LEFT_BEHIND'], 'teardown/user-pool-trigger=warn'],
    ['a trigger whose function is unknown is left behind, not dangling', [present({ kind: 'user-pool-trigger', name: 'arn:aws:lambda:eu-west-1:1:function:f', source: 's', facts: { userPoolId: 'eu-west-1_X', functionState: 'unknown' } })], ['USER_POOL_TRIGGER_LEFT_BEHIND'], 'teardown/user-pool-trigger=warn'],
    ['a pool without trigger passes', [absent({ kind: 'user-pool-trigger', name: 'eu-west-1_X', source: 's' })], [], 'teardown/user-pool-trigger=pass'],
    ['a denied repository read is skipped with the permission', [{ kind: 'ecr-repository', name: 'repo', source: 's', state: 'unknown', error: DENIED, facts: {} }], [], 'teardown/ecr-repository=skip'],
    ['a stack deleting passes', [present({ kind: 'stack', name: 'st', source: 's', facts: { status: 'DELETE_IN_PROGRESS' } })], [], 'teardown/stack=pass'],
    ['a stack in DELETE_FAILED fails', [present({ kind: 'stack', name: 'st', source: 's', facts: { status: 'DELETE_FAILED', stackResources: [{ logicalId: 'Repo', physicalId: 'r', type: 'AWS::ECR::Repository', status: 'DELETE_FAILED' }] } })], ['STACK_DELETE_FAILED'], 'teardown/stack=fail'],
    ['a drifted live stack is left behind and drifted', [present({ kind: 'stack', name: 'st', source: 's', facts: { status: 'UPDATE_COMPLETE', driftStatus: 'DRIFTED' } })], ['STACK_DRIFTED', 'STACK_LEFT_BEHIND'], 'teardown/stack=warn'],
    ['a log group is left behind', [present({ kind: 'log-group', name: '/aws/lambda/f', source: 's', facts: { storedBytes: 2048, retentionInDays: 7 } })], ['LOG_GROUP_LEFT_BEHIND'], 'teardown/log-groups=warn'],
  ])('%s', (_name, observations, codes, check) => {
    const report = judge(inventory(observations));
    expect(report.findings.map((f) => f.code)).toEqual(codes);
    const [id, status] = check.split('=');
    expect(report.checks.find((c) => c.id === id)?.status).toBe(status);
    for (const finding of report.findings) expect(finding.severity).toBe(codes.includes('DANGLING_USER_POOL_TRIGGER') || codes.includes('STACK_DELETE_FAILED') ? 'error' : 'warning');
  });

  it('skips with the missing permission and the resource named', () => {
    const report = judge(inventory([{ kind: 'ecr-repository', name: 'repo', source: 's', state: 'unknown', error: DENIED, facts: {} }]));
    expect(report.checks.find((c) => c.id === 'teardown/ecr-repository')?.skipReason).toBe('ecr repository repo not checked: AccessDeniedException: the caller lacks ecr:DescribeRepositories');
    expect(report.summary.verdict).toBe('healthy');
  });

  it('skips kinds the project names nothing of, saying so', () => {
    const report = judge(inventory([]));
    expect(report.checks.every((c) => c.status === 'skip')).toBe(true);
    expect(report.checks.find((c) => c.id === 'teardown/codebuild-project')?.skipReason).toBe('the project files and flags name no codebuild project to check');
  });

  it('writes the IAM commands in the order IAM accepts them', () => {
    const report = judge(inventory([present({ kind: 'iam-role', name: 'exec', role: 'execution role', source: 's', facts: { trustedServices: ['bedrock-agentcore.amazonaws.com'], attachedPolicies: ['arn:aws:iam::aws:policy/P'], inlinePolicies: ['inline'] } })]));
    const [finding] = report.findings;
    expect(finding?.message).toBe('IAM role exec (execution role) still exists, trusted by bedrock-agentcore.amazonaws.com.');
    expect(finding?.remediation.slice(0, 3)).toEqual([
      'Step 4 of the safe order: `aws iam detach-role-policy --role-name exec --policy-arn arn:aws:iam::aws:policy/P`',
      '`aws iam delete-role-policy --role-name exec --policy-name inline`',
      '`aws iam delete-role --role-name exec`.',
    ]);
  });

  it('tells to list the policies first when they could not be read', () => {
    const report = judge(inventory([present({ kind: 'iam-role', name: 'exec', source: 's', facts: {} })]));
    expect(report.findings[0]?.remediation[0]).toContain('list-attached-role-policies');
  });

  it('orders findings by the safe removal order, the order rule once on the first', () => {
    const report = judge(
      inventory([
        present({ kind: 'log-group', name: '/g', source: 's', facts: { storedBytes: 0 } }),
        present({ kind: 'runtime', name: ARN, source: 's', facts: { status: 'READY' } }),
        present({ kind: 'user-pool-trigger', name: 'arn:aws:lambda:eu-west-1:1:function:f', source: 's', facts: { userPoolId: 'p', functionState: 'present' } }),
        present({ kind: 'lambda-function', name: 'f', source: 's', facts: {} }),
      ]),
    );
    expect(report.findings.map((f) => f.code)).toEqual(['USER_POOL_TRIGGER_LEFT_BEHIND', 'RUNTIME_LEFT_BEHIND', 'LAMBDA_FUNCTION_LEFT_BEHIND', 'LOG_GROUP_LEFT_BEHIND']);
    expect(report.findings[0]?.remediation.at(-1)).toMatch(/^Follow the steps in order/);
    expect(report.findings.slice(1).some((f) => f.remediation.some((line) => line.startsWith('Follow the steps')))).toBe(false);
    expect(report.findings[2]?.message).toContain('a user pool trigger still points at it');
  });

  it('writes the runtime removal for each toolchain', () => {
    const runtime = present({ kind: 'runtime', name: ARN, source: 's', facts: { status: 'READY' } });
    const toolkit = judge(inventory([runtime], { toolchain: 'starter-toolkit', agent: 'srv' })).findings[0]?.remediation ?? [];
    expect(toolkit[0]).toBe('Step 2 of the safe order: Starter toolkit: `agentcore destroy --agent srv`.');
    const cli = judge(inventory([runtime], { toolchain: 'agentcore-cli' })).findings[0]?.remediation ?? [];
    expect(cli[0]).toContain('agentcore remove all');
    const aws = judge(inventory([runtime])).findings[0]?.remediation ?? [];
    expect(aws[0]).toBe('Step 2 of the safe order: AWS CLI: `aws bedrock-agentcore-control delete-agent-runtime --agent-runtime-id mcp_srv-AbCdEf1234 --region eu-west-1` (deletes every version and endpoint).');
  });

  it('points resources a live stack owns at the stack', () => {
    const report = judge(inventory([present({ kind: 'ecr-repository', name: 'repo', source: 's', stack: 'st', facts: { imageCount: 1, imageBytes: 1024 } })]));
    expect(report.findings[0]?.remediation).toContain('It belongs to stack st: deleting the stack removes it (`aws cloudformation delete-stack --stack-name st`); delete it by hand only if the stack is already gone or retains it.');
    expect(report.findings[0]?.message).toBe('ECR repository repo still exists with 1 image (1.0 KiB).');
  });

  it('marks an image count that stopped at the page cap as a lower bound', () => {
    const report = judge(inventory([present({ kind: 'ecr-repository', name: 'repo', source: 's', facts: { imageCount: 10_000, imageBytes: 0, imagesTruncated: true } })]));
    expect(report.findings[0]?.message).toContain('with at least 10000 images');
  });

  it.each<[string, ResourceObservation['state'], string]>([
    ['reports a file naming a deleted runtime', 'absent', 'warn'],
    ['passes a file naming a live runtime', 'present', 'pass'],
    ['skips when the runtime could not be read', 'unknown', 'skip'],
  ])('deployed state: %s', (_name, state, status) => {
    const runtime: ResourceObservation = { kind: 'runtime', name: ARN, source: 's', state, facts: {}, ...(state === 'unknown' ? { error: { ...DENIED, permission: 'bedrock-agentcore:GetAgentRuntime' } } : {}) };
    const file: ResourceObservation = { kind: 'deployed-state', name: '.bedrock_agentcore.yaml', source: 'project folder', state: 'present', facts: { namesRuntime: ARN } };
    const report = judge(inventory([runtime, file], { toolchain: 'starter-toolkit', agent: 'srv', stateFile: '.bedrock_agentcore.yaml' }));
    const check = report.checks.find((c) => c.id === 'teardown/deployed-state');
    expect(check?.status).toBe(status);
    if (status === 'skip') expect(check?.skipReason).toContain('bedrock-agentcore:GetAgentRuntime');
    expect(report.findings.some((f) => f.code === 'DEPLOYED_STATE_STALE')).toBe(status === 'warn');
  });

  it('reports every resource in the JSON teardown section, in the safe order', () => {
    const report = judge(inventory([present({ kind: 'log-group', name: '/g', source: 's', facts: {} }), { kind: 'ecr-repository', name: 'repo', source: 's', state: 'unknown', error: DENIED, facts: {} }]));
    expect(report.teardown).toStrictEqual({
      toolchain: 'aws-cli',
      region: 'eu-west-1',
      resources: [
        { kind: 'ecr-repository', name: 'repo', state: 'unknown', source: 's', step: 5, reason: 'AccessDeniedException: the caller lacks ecr:DescribeRepositories' },
        { kind: 'log-group', name: '/g', state: 'present', source: 's', step: 7 },
      ],
    });
  });

  it('puts every check\'s kinds in a distinct, increasing step', () => {
    const steps = teardownChecks.map((c) => REMOVAL_STEP[c.kinds[0] ?? 'stack']);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    expect(new Set(steps).size).toBe(steps.length);
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1.0 KiB'],
    [1536, '1.5 KiB'],
    [180 * 1024 * 1024 * 3, '540.0 MiB'],
    [5 * 1024 ** 3, '5.0 GiB'],
    [2 * 1024 ** 5, '2048.0 TiB'],
  ])('%d → %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text));
});

describe('trustedServices', () => {
  it('reads the URL-encoded trust policy IAM returns', () => {
    const doc = encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: ['bedrock-agentcore.amazonaws.com', 'lambda.amazonaws.com'] }, Action: 'sts:AssumeRole' }, { Effect: 'Deny', Principal: { Service: 'ec2.amazonaws.com' } }] }));
    expect(trustedServices(doc)).toEqual(['bedrock-agentcore.amazonaws.com', 'lambda.amazonaws.com']);
  });

  it.each([undefined, '', '%E0%A4%A', 'not json', encodeURIComponent('{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::1:root"}}}')])('finds no service in %j', (doc) => {
    expect(trustedServices(doc)).toEqual([]);
  });
});

/**
 * Each teardown check's `run`, compared whole (`toStrictEqual`): which resource state yields which
 * code, the exact sentence, evidence, step and commands per toolchain, and when a skip reason is
 * attached. The messages are what users copy into a shell, so every word and flag is pinned.
 */
describe('teardown check decisions', () => {
  const FN_ARN = 'arn:aws:lambda:eu-west-1:123456789012:function:pre-token';
  const STACK_NOTE = 'It belongs to stack auth-stack: deleting the stack removes it (`aws cloudformation delete-stack --stack-name auth-stack`); delete it by hand only if the stack is already gone or retains it.';
  const NO_CREDS: AwsCallError = { kind: 'no-credentials', name: 'CredentialsProviderError', message: 'none', permission: 'bedrock-agentcore:GetAgentRuntime' };

  function run(id: string, observations: ResourceObservation[], sources: Partial<DeploymentSources> = {}) {
    const check = teardownChecks.find((c) => c.id === id);
    if (!check) throw new Error(`no check ${id}`);
    return check.run(inventory(observations, sources));
  }

  describe('reading the observations', () => {
    const images: AwsCallError = { kind: 'access-denied', name: 'AccessDeniedException', message: 'no', permission: 'ecr:DescribeImages' };
    const repoIssue: TeardownIssue = { code: 'ECR_REPOSITORY_LEFT_BEHIND', step: 5, evidence: 'ecr repository repo (named by s)', detail: 'ECR repository repo still exists', commands: ['`aws ecr delete-repository --repository-name repo --force --region eu-west-1` (--force deletes the images too).'] };

    it('judges a present resource whose details could not be read, without a skip reason', () => {
      expect(run('teardown/ecr-repository', [{ kind: 'ecr-repository', name: 'repo', source: 's', state: 'present', error: images, facts: {} }])).toStrictEqual({ status: 'warn', issues: [repoIssue] });
    });

    it('passes an absent resource without a skip reason', () => {
      expect(run('teardown/ecr-repository', [absent({ kind: 'ecr-repository', name: 'repo', source: 's' })])).toStrictEqual({ status: 'pass', issues: [] });
    });

    it('joins the reasons of several unreadable resources with "; "', () => {
      const other: AwsCallError = { kind: 'network', name: 'TimeoutError', message: 'socket hang up', permission: 'ecr:DescribeRepositories' };
      expect(
        run('teardown/ecr-repository', [
          { kind: 'ecr-repository', name: 'a', source: 's', state: 'unknown', error: DENIED, facts: {} },
          { kind: 'ecr-repository', name: 'b', source: 's', state: 'unknown', error: other, facts: {} },
        ]),
      ).toStrictEqual({ status: 'skip', skipReason: 'ecr repository a not checked: AccessDeniedException: the caller lacks ecr:DescribeRepositories; ecr repository b not checked: TimeoutError: socket hang up (ecr:DescribeRepositories)', issues: [] });
    });

    it.each<[string, ResourceObservation, TeardownCheckOutcome]>([
      ['keeps the leftover and names the unread one', present({ kind: 'ecr-repository', name: 'repo', source: 's', facts: {} }), { status: 'warn', issues: [repoIssue], skipReason: 'ecr repository other not checked: AccessDeniedException: the caller lacks ecr:DescribeRepositories' }],
      ['passes the absent one and names the unread one', absent({ kind: 'ecr-repository', name: 'repo', source: 's' }), { status: 'pass', issues: [], skipReason: 'ecr repository other not checked: AccessDeniedException: the caller lacks ecr:DescribeRepositories' }],
    ])('with one readable and one unreadable resource, %s', (_name, readable, outcome) => {
      expect(run('teardown/ecr-repository', [readable, { kind: 'ecr-repository', name: 'other', source: 's', state: 'unknown', error: DENIED, facts: {} }])).toStrictEqual(outcome);
    });

    it('joins the reasons of several unreadable resources next to a readable one with "; "', () => {
      const unread = (name: string): ResourceObservation => ({ kind: 'ecr-repository', name, source: 's', state: 'unknown', error: DENIED, facts: {} });
      expect(run('teardown/ecr-repository', [unread('a'), absent({ kind: 'ecr-repository', name: 'repo', source: 's' }), unread('b')])).toStrictEqual({
        status: 'pass',
        issues: [],
        skipReason: 'ecr repository a not checked: AccessDeniedException: the caller lacks ecr:DescribeRepositories; ecr repository b not checked: AccessDeniedException: the caller lacks ecr:DescribeRepositories',
      });
    });

    it('ignores observations of other kinds', () => {
      expect(run('teardown/codebuild-project', [present({ kind: 'ecr-repository', name: 'repo', source: 's', facts: {} })])).toStrictEqual({ status: 'skip', skipReason: 'the project files and flags name no codebuild project to check', issues: [] });
    });
  });

  describe('describeCallError', () => {
    it.each<[string, AwsCallError | undefined, string]>([
      ['no error', undefined, 'no answer'],
      ['no credentials', NO_CREDS, 'no AWS credentials (needs bedrock-agentcore:GetAgentRuntime); set AWS_PROFILE or AWS_ACCESS_KEY_ID'],
      ['access denied', DENIED, 'AccessDeniedException: the caller lacks ecr:DescribeRepositories'],
      ['a network error', { kind: 'network', name: 'TimeoutError', message: 'socket hang up', permission: 'logs:DescribeLogGroups' }, 'TimeoutError: socket hang up (logs:DescribeLogGroups)'],
      ['another error', { kind: 'other', name: 'ThrottlingException', message: 'Rate exceeded', permission: 'iam:GetRole' }, 'ThrottlingException: Rate exceeded (iam:GetRole)'],
    ])('%s', (_name, error, text) => {
      expect(describeCallError(error)).toBe(text);
    });
  });

  describe('user pool trigger', () => {
    const commandsFor = (pool: string) => [
      `Remove the trigger in the Cognito console (user pool ${pool} → Extensions → Lambda triggers), which keeps every other setting.`,
      `Or with the AWS CLI: \`aws cognito-idp describe-user-pool --user-pool-id ${pool} --region eu-west-1\`, then \`aws cognito-idp update-user-pool --user-pool-id ${pool} --region eu-west-1 --lambda-config '{}'\` with every other current setting passed back: update-user-pool resets whatever the call leaves out.`,
    ];
    const trigger = (facts: ResourceObservation['facts']) => present({ kind: 'user-pool-trigger', name: FN_ARN, source: 'runtime authorizer', facts });
    const evidence = `user pool trigger ${FN_ARN} (named by runtime authorizer)`;

    it.each<[string, ResourceObservation['facts'], TeardownCheckOutcome]>([
      [
        'a trigger whose function is gone dangles, with its version',
        { userPoolId: 'eu-west-1_Pool', triggerVersion: 'V2_0', functionState: 'absent' },
        { status: 'fail', issues: [{ code: 'DANGLING_USER_POOL_TRIGGER', step: 1, evidence, commands: commandsFor('eu-west-1_Pool'), detail: `User pool eu-west-1_Pool's pre-token-generation trigger (V2_0) points at ${FN_ARN}, which GetFunction no longer finds: every sign-in fails with UserLambdaValidationException until the trigger is removed` }] },
      ],
      [
        'a dangling trigger without version or pool id reads V1_0 and <pool>',
        { functionState: 'absent' },
        { status: 'fail', issues: [{ code: 'DANGLING_USER_POOL_TRIGGER', step: 1, evidence, commands: commandsFor('<pool>'), detail: `User pool <pool>'s pre-token-generation trigger (V1_0) points at ${FN_ARN}, which GetFunction no longer finds: every sign-in fails with UserLambdaValidationException until the trigger is removed` }] },
      ],
      [
        'a trigger whose function exists is left behind',
        { userPoolId: 'eu-west-1_Pool', functionState: 'present' },
        { status: 'warn', issues: [{ code: 'USER_POOL_TRIGGER_LEFT_BEHIND', step: 1, evidence, commands: commandsFor('eu-west-1_Pool'), detail: `User pool eu-west-1_Pool still runs the pre-token-generation trigger ${FN_ARN}; remove it before deleting the function` }] },
      ],
      [
        'a trigger whose function state is not known is left behind',
        {},
        { status: 'warn', issues: [{ code: 'USER_POOL_TRIGGER_LEFT_BEHIND', step: 1, evidence, commands: commandsFor('<pool>'), detail: `User pool <pool> still runs the pre-token-generation trigger ${FN_ARN}; remove it before deleting the function` }] },
      ],
    ])('%s', (_name, facts, outcome) => {
      expect(run('teardown/user-pool-trigger', [trigger(facts)])).toStrictEqual(outcome);
    });

    it('passes a pool with no trigger', () => {
      expect(run('teardown/user-pool-trigger', [{ kind: 'user-pool-trigger', name: 'eu-west-1_Pool', source: 's', state: 'absent', facts: { userPoolId: 'eu-west-1_Pool', functionState: 'absent' } }])).toStrictEqual({ status: 'pass', issues: [] });
    });
  });

  describe('runtime', () => {
    const AWS_LINE = 'AWS CLI: `aws bedrock-agentcore-control delete-agent-runtime --agent-runtime-id mcp_srv-AbCdEf1234 --region eu-west-1` (deletes every version and endpoint).';
    const CLI_LINE = 'Newer AgentCore CLI: `agentcore remove all --dry-run` to review, then `agentcore remove all -y` and `agentcore deploy` (deletes what the project deployed through its CDK stack).';
    const runtime = (facts: ResourceObservation['facts'], extra: Partial<ResourceObservation> = {}) => present({ kind: 'runtime', name: ARN, source: 'cli', facts, ...extra });
    const issue = (detail: string, commands: string[]): TeardownCheckOutcome => ({ status: 'warn', issues: [{ code: 'RUNTIME_LEFT_BEHIND', step: 2, evidence: `runtime ${ARN} (named by cli)`, detail, commands }] });

    it.each<[string, ResourceObservation, Partial<DeploymentSources>, TeardownCheckOutcome]>([
      ['lists its endpoints and its stack', runtime({ status: 'READY', endpoints: ['DEFAULT', 'canary'] }, { stack: 'auth-stack' }), {}, issue('Runtime mcp_srv-AbCdEf1234 still exists (status READY, endpoints DEFAULT, canary)', [AWS_LINE, STACK_NOTE])],
      ['says unknown without a status and nothing of no endpoints', runtime({ endpoints: [] }), {}, issue('Runtime mcp_srv-AbCdEf1234 still exists (status unknown)', [AWS_LINE])],
      ['starter toolkit without an agent name', runtime({ status: 'READY' }), { toolchain: 'starter-toolkit' }, issue('Runtime mcp_srv-AbCdEf1234 still exists (status READY)', ['Starter toolkit: `agentcore destroy`.', AWS_LINE])],
      ['starter toolkit with an agent name', runtime({ status: 'READY' }), { toolchain: 'starter-toolkit', agent: 'srv' }, issue('Runtime mcp_srv-AbCdEf1234 still exists (status READY)', ['Starter toolkit: `agentcore destroy --agent srv`.', AWS_LINE])],
      ['newer AgentCore CLI', runtime({ status: 'READY' }), { toolchain: 'agentcore-cli', agent: 'srv' }, issue('Runtime mcp_srv-AbCdEf1234 still exists (status READY)', [CLI_LINE, AWS_LINE])],
      ['CloudFormation has no toolchain line', runtime({ status: 'READY' }), { toolchain: 'cloudformation', agent: 'srv' }, issue('Runtime mcp_srv-AbCdEf1234 still exists (status READY)', [AWS_LINE])],
    ])('%s', (_name, observation, sources, outcome) => {
      expect(run('teardown/runtime', [observation], sources)).toStrictEqual(outcome);
    });

    it('uses a name that is not a runtime ARN as the id', () => {
      expect(run('teardown/runtime', [present({ kind: 'runtime', name: 'mcp_srv-Plain', source: 'cli', facts: { status: 'READY' } })])).toStrictEqual({
        status: 'warn',
        issues: [{ code: 'RUNTIME_LEFT_BEHIND', step: 2, evidence: 'runtime mcp_srv-Plain (named by cli)', detail: 'Runtime mcp_srv-Plain still exists (status READY)', commands: ['AWS CLI: `aws bedrock-agentcore-control delete-agent-runtime --agent-runtime-id mcp_srv-Plain --region eu-west-1` (deletes every version and endpoint).'] }],
      });
    });
  });

  describe('Lambda function', () => {
    const fn = present({ kind: 'lambda-function', name: 'pre-token', source: 'trigger', facts: {} });
    const free: TeardownIssue = { code: 'LAMBDA_FUNCTION_LEFT_BEHIND', step: 3, evidence: 'lambda function pre-token (named by trigger)', detail: 'Lambda function pre-token still exists', commands: ['`aws lambda delete-function --function-name pre-token --region eu-west-1`.'] };

    it('passes a deleted function', () => {
      expect(run('teardown/lambda-function', [absent({ kind: 'lambda-function', name: 'pre-token', source: 'trigger' })])).toStrictEqual({ status: 'pass', issues: [] });
    });

    it('tells to remove the trigger first when a live trigger points at the function', () => {
      expect(run('teardown/lambda-function', [fn, present({ kind: 'user-pool-trigger', name: FN_ARN, source: 's', facts: { functionState: 'present' } })])).toStrictEqual({
        status: 'warn',
        issues: [{ ...free, detail: 'Lambda function pre-token still exists and a user pool trigger still points at it: remove the trigger first', commands: ['`aws lambda delete-function --function-name pre-token --region eu-west-1` (only after the trigger is removed).'] }],
      });
    });

    it('adds the stack note after the command', () => {
      expect(run('teardown/lambda-function', [{ ...fn, stack: 'auth-stack' }])).toStrictEqual({ status: 'warn', issues: [{ ...free, commands: [...free.commands, STACK_NOTE] }] });
    });

    it.each<[string, ResourceObservation]>([
      ['a removed trigger that named it', { kind: 'user-pool-trigger', name: FN_ARN, source: 's', state: 'absent', facts: {} }],
      ['a live trigger on a function whose name ends like it', present({ kind: 'user-pool-trigger', name: 'arn:aws:lambda:eu-west-1:123456789012:function:old-pre-token', source: 's', facts: {} })],
      ['a live trigger on another function', present({ kind: 'user-pool-trigger', name: 'arn:aws:lambda:eu-west-1:123456789012:function:other', source: 's', facts: {} })],
      ['a live resource of another kind named by the function ARN', present({ kind: 'log-group', name: FN_ARN, source: 's', facts: {} })],
    ])('does not call it triggered for %s', (_name, other) => {
      expect(run('teardown/lambda-function', [fn, other])).toStrictEqual({ status: 'warn', issues: [free] });
    });
  });

  describe('IAM role', () => {
    const NOTE = ' (after detaching its managed policies and deleting its inline ones: `aws iam list-attached-role-policies`, `aws iam list-role-policies`)';
    const role = (facts: ResourceObservation['facts']) => present({ kind: 'iam-role', name: 'exec', source: 'GetAgentRuntime roleArn', facts });

    it('passes a deleted role', () => {
      expect(run('teardown/iam-roles', [absent({ kind: 'iam-role', name: 'exec', source: 's' })])).toStrictEqual({ status: 'pass', issues: [] });
    });

    it.each<[string, string[] | undefined, string[] | undefined, string]>([
      ['both lists read and empty: no note', [], [], '`aws iam delete-role --role-name exec`.'],
      ['managed policies unread', undefined, [], `\`aws iam delete-role --role-name exec\`${NOTE}.`],
      ['inline policies unread', [], undefined, `\`aws iam delete-role --role-name exec\`${NOTE}.`],
      ['neither read', undefined, undefined, `\`aws iam delete-role --role-name exec\`${NOTE}.`],
    ])('%s', (_name, attachedPolicies, inlinePolicies, command) => {
      const facts: ResourceObservation['facts'] = { ...(attachedPolicies ? { attachedPolicies } : {}), ...(inlinePolicies ? { inlinePolicies } : {}) };
      expect(run('teardown/iam-roles', [role(facts)])).toStrictEqual({
        status: 'warn',
        issues: [{ code: 'IAM_ROLE_LEFT_BEHIND', step: 4, evidence: 'iam role exec (named by GetAgentRuntime roleArn)', detail: 'IAM role exec (role) still exists', commands: [command] }],
      });
    });

    it('names every trusted service and ends with the stack note', () => {
      const observation: ResourceObservation = { ...role({ trustedServices: ['bedrock-agentcore.amazonaws.com', 'lambda.amazonaws.com'], attachedPolicies: ['arn:aws:iam::aws:policy/A', 'arn:aws:iam::aws:policy/B'], inlinePolicies: ['in1', 'in2'] }), role: 'execution role', stack: 'auth-stack' };
      expect(run('teardown/iam-roles', [observation])).toStrictEqual({
        status: 'warn',
        issues: [
          {
            code: 'IAM_ROLE_LEFT_BEHIND',
            step: 4,
            evidence: 'iam role exec (named by GetAgentRuntime roleArn)',
            detail: 'IAM role exec (execution role) still exists, trusted by bedrock-agentcore.amazonaws.com, lambda.amazonaws.com',
            commands: [
              '`aws iam detach-role-policy --role-name exec --policy-arn arn:aws:iam::aws:policy/A`',
              '`aws iam detach-role-policy --role-name exec --policy-arn arn:aws:iam::aws:policy/B`',
              '`aws iam delete-role-policy --role-name exec --policy-name in1`',
              '`aws iam delete-role-policy --role-name exec --policy-name in2`',
              '`aws iam delete-role --role-name exec`.',
              STACK_NOTE,
            ],
          },
        ],
      });
    });
  });

  describe('ECR repository', () => {
    const COMMAND = '`aws ecr delete-repository --repository-name repo --force --region eu-west-1` (--force deletes the images too).';

    it('passes a deleted repository', () => {
      expect(run('teardown/ecr-repository', [absent({ kind: 'ecr-repository', name: 'repo', source: 's' })])).toStrictEqual({ status: 'pass', issues: [] });
    });

    it.each<[string, ResourceObservation['facts'], string]>([
      ['no count read', {}, 'ECR repository repo still exists'],
      ['no images, size unknown', { imageCount: 0 }, 'ECR repository repo still exists with 0 images (0 B)'],
      ['one image', { imageCount: 1, imageBytes: 1023 }, 'ECR repository repo still exists with 1 image (1023 B)'],
      ['two images', { imageCount: 2, imageBytes: 3 * 1024 * 1024 }, 'ECR repository repo still exists with 2 images (3.0 MiB)'],
      ['a count cut at the page cap', { imageCount: 1000, imageBytes: 1024, imagesTruncated: true }, 'ECR repository repo still exists with at least 1000 images (1.0 KiB)'],
      ['a complete count', { imageCount: 1000, imageBytes: 1024, imagesTruncated: false }, 'ECR repository repo still exists with 1000 images (1.0 KiB)'],
    ])('%s', (_name, facts, detail) => {
      expect(run('teardown/ecr-repository', [present({ kind: 'ecr-repository', name: 'repo', source: '.bedrock_agentcore.yaml', facts })])).toStrictEqual({
        status: 'warn',
        issues: [{ code: 'ECR_REPOSITORY_LEFT_BEHIND', step: 5, evidence: 'ecr repository repo (named by .bedrock_agentcore.yaml)', detail, commands: [COMMAND] }],
      });
    });
  });

  describe('CodeBuild project', () => {
    it('passes a deleted project', () => {
      expect(run('teardown/codebuild-project', [absent({ kind: 'codebuild-project', name: 'bedrock-agentcore-srv-builder', source: 's' })])).toStrictEqual({ status: 'pass', issues: [] });
    });

    it.each<[string, string | undefined, string[]]>([
      ['alone', undefined, ['`aws codebuild delete-project --name bedrock-agentcore-srv-builder --region eu-west-1`.']],
      ['owned by a stack', 'auth-stack', ['`aws codebuild delete-project --name bedrock-agentcore-srv-builder --region eu-west-1`.', STACK_NOTE]],
    ])('reports a live project %s', (_name, stack, commands) => {
      const observation = present({ kind: 'codebuild-project', name: 'bedrock-agentcore-srv-builder', source: '.bedrock_agentcore.yaml', facts: {}, ...(stack ? { stack } : {}) });
      expect(run('teardown/codebuild-project', [observation])).toStrictEqual({
        status: 'warn',
        issues: [{ code: 'CODEBUILD_PROJECT_LEFT_BEHIND', step: 6, evidence: 'codebuild project bedrock-agentcore-srv-builder (named by .bedrock_agentcore.yaml)', detail: 'CodeBuild project bedrock-agentcore-srv-builder still exists', commands }],
      });
    });
  });

  describe('log group', () => {
    const COMMAND = '`aws logs delete-log-group --log-group-name /aws/lambda/pre-token --region eu-west-1`, or keep it for a while: `aws logs put-retention-policy --log-group-name /aws/lambda/pre-token --retention-in-days 30 --region eu-west-1`.';

    it('passes a deleted log group', () => {
      expect(run('teardown/log-groups', [absent({ kind: 'log-group', name: '/aws/lambda/pre-token', source: 's' })])).toStrictEqual({ status: 'pass', issues: [] });
    });

    it.each<[string, ResourceObservation['facts'], string | undefined, string, string[]]>([
      ['nothing read: 0 B, kept forever', {}, undefined, 'Log group /aws/lambda/pre-token still exists, 0 B stored, no retention (kept forever)', [COMMAND]],
      ['size and retention read', { storedBytes: 1536, retentionInDays: 14 }, undefined, 'Log group /aws/lambda/pre-token still exists, 1.5 KiB stored, retention 14 days', [COMMAND]],
      ['owned by a stack', { storedBytes: 0, retentionInDays: 3 }, 'auth-stack', 'Log group /aws/lambda/pre-token still exists, 0 B stored, retention 3 days', [COMMAND, STACK_NOTE]],
      ['a retention of one day', { storedBytes: 0, retentionInDays: 1 }, undefined, 'Log group /aws/lambda/pre-token still exists, 0 B stored, retention 1 day', [COMMAND]],
    ])('%s', (_name, facts, stack, detail, commands) => {
      const observation = present({ kind: 'log-group', name: '/aws/lambda/pre-token', source: 'Lambda name', facts, ...(stack ? { stack } : {}) });
      expect(run('teardown/log-groups', [observation])).toStrictEqual({ status: 'warn', issues: [{ code: 'LOG_GROUP_LEFT_BEHIND', step: 7, evidence: 'log group /aws/lambda/pre-token (named by Lambda name)', detail, commands }] });
    });
  });

  describe('stack', () => {
    const DELETE = '`aws cloudformation delete-stack --stack-name st --region eu-west-1`, after removing any user pool trigger that points at a function of the stack.';
    const CLI_LINE = 'Newer AgentCore CLI: `agentcore remove all -y` then `agentcore deploy` empties the stack; delete it afterwards.';
    const EVIDENCE = 'stack st (named by --stack)';
    const DRIFTED: TeardownIssue = { code: 'STACK_DRIFTED', step: 8, evidence: EVIDENCE, detail: 'Stack st\'s last drift detection found resources changed outside CloudFormation', commands: ['`aws cloudformation describe-stack-resource-drifts --stack-name st --region eu-west-1`.'] };
    const resource = (logicalId: string, status: string) => ({ logicalId, physicalId: `${logicalId}-phys`, type: 'AWS::Lambda::Function', status });
    const stack = (facts: ResourceObservation['facts']) => present({ kind: 'stack', name: 'st', source: '--stack', facts });
    const leftBehind = (detail: string, commands = [DELETE]): TeardownIssue => ({ code: 'STACK_LEFT_BEHIND', step: 8, evidence: EVIDENCE, detail, commands });

    it('passes a deleted stack', () => {
      expect(run('teardown/stack', [absent({ kind: 'stack', name: 'st', source: '--stack' })])).toStrictEqual({ status: 'pass', issues: [] });
    });

    it.each<[string, ResourceObservation['facts'], string]>([
      ['no status read, no resources', {}, 'Stack st still exists (status unknown)'],
      ['only deleted resources left', { status: 'UPDATE_COMPLETE', stackResources: [resource('Gone', 'DELETE_COMPLETE')] }, 'Stack st still exists (status UPDATE_COMPLETE)'],
      ['one resource left', { status: 'CREATE_COMPLETE', stackResources: [resource('Fn', 'CREATE_COMPLETE'), resource('Gone', 'DELETE_COMPLETE')] }, 'Stack st still exists (status CREATE_COMPLETE); it still holds 1 resource'],
      ['two resources left', { status: 'CREATE_COMPLETE', stackResources: [resource('Fn', 'CREATE_COMPLETE'), resource('Gone', 'DELETE_COMPLETE'), resource('Role', 'UPDATE_COMPLETE')] }, 'Stack st still exists (status CREATE_COMPLETE); it still holds 2 resources'],
      ['a status that only ends like a deletion', { status: 'REVIEW_IN_PROGRESS' }, 'Stack st still exists (status REVIEW_IN_PROGRESS)'],
    ])('a live stack with %s is left behind', (_name, facts, detail) => {
      expect(run('teardown/stack', [stack(facts)])).toStrictEqual({ status: 'warn', issues: [leftBehind(detail)] });
    });

    it.each<[Toolchain, string[]]>([
      ['agentcore-cli', [CLI_LINE, DELETE]],
      ['starter-toolkit', [DELETE]],
      ['cloudformation', [DELETE]],
      ['aws-cli', [DELETE]],
    ])('writes the stack removal for the %s toolchain', (toolchain, commands) => {
      expect(run('teardown/stack', [stack({ status: 'UPDATE_COMPLETE' })], { toolchain })).toStrictEqual({ status: 'warn', issues: [leftBehind('Stack st still exists (status UPDATE_COMPLETE)', commands)] });
    });

    it('names the failed resources of a DELETE_FAILED stack and how to retain them', () => {
      const facts = {
        status: 'DELETE_FAILED',
        statusReason: 'The following resource(s) failed to delete: [Repo, Role].',
        stackResources: [resource('Repo', 'DELETE_FAILED'), resource('Gone', 'DELETE_COMPLETE'), resource('Fn', 'CREATE_COMPLETE'), resource('Role', 'DELETE_FAILED')],
      };
      expect(run('teardown/stack', [stack(facts)], { toolchain: 'agentcore-cli' })).toStrictEqual({
        status: 'fail',
        issues: [
          {
            code: 'STACK_DELETE_FAILED',
            step: 8,
            evidence: EVIDENCE,
            detail: 'Stack st is DELETE_FAILED: "The following resource(s) failed to delete: [Repo, Role]." (failed: Repo, Role)',
            commands: [
              '`aws cloudformation describe-stack-events --stack-name st --region eu-west-1` names the resource and why.',
              'Fix that resource (for example empty the ECR repository, remove the user pool trigger), then `aws cloudformation delete-stack --stack-name st --region eu-west-1`; or keep it: `aws cloudformation delete-stack --stack-name st --retain-resources Repo Role --region eu-west-1` and remove it by hand.',
            ],
          },
        ],
      });
    });

    it('writes a DELETE_FAILED stack without reason or failed resource plainly', () => {
      expect(run('teardown/stack', [stack({ status: 'DELETE_FAILED', stackResources: [resource('Fn', 'CREATE_COMPLETE')] })])).toStrictEqual({
        status: 'fail',
        issues: [
          {
            code: 'STACK_DELETE_FAILED',
            step: 8,
            evidence: EVIDENCE,
            detail: 'Stack st is DELETE_FAILED',
            commands: [
              '`aws cloudformation describe-stack-events --stack-name st --region eu-west-1` names the resource and why.',
              'Fix that resource (for example empty the ECR repository, remove the user pool trigger), then `aws cloudformation delete-stack --stack-name st --region eu-west-1`.',
            ],
          },
        ],
      });
    });

    it.each<[string, ResourceObservation['facts'], TeardownCheckOutcome]>([
      ['a drifted live stack is left behind and drifted', { status: 'UPDATE_COMPLETE', driftStatus: 'DRIFTED' }, { status: 'warn', issues: [leftBehind('Stack st still exists (status UPDATE_COMPLETE)'), DRIFTED] }],
      ['a drifted stack being deleted is only drifted', { status: 'DELETE_IN_PROGRESS', driftStatus: 'DRIFTED' }, { status: 'warn', issues: [DRIFTED] }],
      ['a stack in sync being deleted passes', { status: 'DELETE_IN_PROGRESS', driftStatus: 'IN_SYNC' }, { status: 'pass', issues: [] }],
      ['a live stack in sync is only left behind', { status: 'UPDATE_COMPLETE', driftStatus: 'IN_SYNC' }, { status: 'warn', issues: [leftBehind('Stack st still exists (status UPDATE_COMPLETE)')] }],
    ])('%s', (_name, facts, outcome) => {
      expect(run('teardown/stack', [stack(facts)])).toStrictEqual(outcome);
    });
  });

  describe('deployed state', () => {
    const file = (namesRuntime: string): ResourceObservation => ({ kind: 'deployed-state', name: '.bedrock_agentcore.yaml', source: 'project folder', state: 'present', facts: { namesRuntime } });
    const gone = absent({ kind: 'runtime', name: ARN, source: 's' });
    const TOOLKIT = 'Clear `bedrock_agentcore.agent_arn` and `agent_id` of agent srv in .bedrock_agentcore.yaml (the starter toolkit\'s `agentcore destroy` does this).';
    const stale = (command: string): TeardownCheckOutcome => ({
      status: 'warn',
      issues: [{ code: 'DEPLOYED_STATE_STALE', step: 9, evidence: `.bedrock_agentcore.yaml names ${ARN}`, detail: '.bedrock_agentcore.yaml still names runtime mcp_srv-AbCdEf1234, which GetAgentRuntime no longer finds', commands: [command] }],
    });

    it.each<[string, ResourceObservation[], string]>([
      ['no deployment file', [gone], 'the project has no deployment file naming a runtime'],
      ['no observation of the runtime', [file(ARN)], `whether runtime ${ARN} exists is unknown: no answer`],
      ['a runtime read without credentials', [file(ARN), { kind: 'runtime', name: ARN, source: 's', state: 'unknown', error: NO_CREDS, facts: {} }], `whether runtime ${ARN} exists is unknown: no AWS credentials (needs bedrock-agentcore:GetAgentRuntime); set AWS_PROFILE or AWS_ACCESS_KEY_ID`],
    ])('skips with %s', (_name, observations, skipReason) => {
      expect(run('teardown/deployed-state', observations, { toolchain: 'starter-toolkit', agent: 'srv' })).toStrictEqual({ status: 'skip', skipReason, issues: [] });
    });

    it.each<[string, Partial<DeploymentSources>, string]>([
      ['the starter toolkit yaml', { toolchain: 'starter-toolkit', agent: 'srv' }, TOOLKIT],
      ['the starter toolkit yaml, agent unnamed', { toolchain: 'starter-toolkit' }, 'Clear `bedrock_agentcore.agent_arn` and `agent_id` of agent <name> in .bedrock_agentcore.yaml (the starter toolkit\'s `agentcore destroy` does this).'],
      ['the newer CLI state', { toolchain: 'agentcore-cli', agent: 'srv' }, 'Remove `resources.runtimes.srv` (and its `runtimeEndpoints`) from the target in agentcore/.cli/deployed-state.json, or run `agentcore deploy` to write the state anew.'],
      ['any other toolchain, agent unnamed', { toolchain: 'aws-cli' }, 'Remove `resources.runtimes.<name>` (and its `runtimeEndpoints`) from the target in agentcore/.cli/deployed-state.json, or run `agentcore deploy` to write the state anew.'],
    ])('tells how to clear %s', (_name, sources, command) => {
      expect(run('teardown/deployed-state', [file(ARN), gone], sources)).toStrictEqual(stale(command));
    });

    it.each<[string, ResourceObservation]>([
      ['another live runtime', present({ kind: 'runtime', name: 'arn:aws:bedrock-agentcore:eu-west-1:123456789012:runtime/other-XyZ', source: 's', facts: {} })],
      ['a live resource of another kind with the same name', present({ kind: 'log-group', name: ARN, source: 's', facts: {} })],
    ])('judges only the runtime the file names, not %s', (_name, decoy) => {
      expect(run('teardown/deployed-state', [decoy, file(ARN), gone], { toolchain: 'starter-toolkit', agent: 'srv' })).toStrictEqual(stale(TOOLKIT));
    });

    it('passes when the runtime it names is live', () => {
      expect(run('teardown/deployed-state', [file(ARN), present({ kind: 'runtime', name: ARN, source: 's', facts: {} })], { toolchain: 'starter-toolkit', agent: 'srv' })).toStrictEqual({ status: 'pass', issues: [] });
    });
  });

  it.each<[string, ResourceObservation, 'error' | 'warning', 'fail' | 'warn']>([
    ['DANGLING_USER_POOL_TRIGGER', present({ kind: 'user-pool-trigger', name: FN_ARN, source: 's', facts: { functionState: 'absent' } }), 'error', 'fail'],
    ['USER_POOL_TRIGGER_LEFT_BEHIND', present({ kind: 'user-pool-trigger', name: FN_ARN, source: 's', facts: { functionState: 'present' } }), 'warning', 'warn'],
    ['RUNTIME_LEFT_BEHIND', present({ kind: 'runtime', name: ARN, source: 's', facts: {} }), 'warning', 'warn'],
    ['LAMBDA_FUNCTION_LEFT_BEHIND', present({ kind: 'lambda-function', name: 'f', source: 's', facts: {} }), 'warning', 'warn'],
    ['IAM_ROLE_LEFT_BEHIND', present({ kind: 'iam-role', name: 'r', source: 's', facts: {} }), 'warning', 'warn'],
    ['ECR_REPOSITORY_LEFT_BEHIND', present({ kind: 'ecr-repository', name: 'repo', source: 's', facts: {} }), 'warning', 'warn'],
    ['CODEBUILD_PROJECT_LEFT_BEHIND', present({ kind: 'codebuild-project', name: 'p', source: 's', facts: {} }), 'warning', 'warn'],
    ['LOG_GROUP_LEFT_BEHIND', present({ kind: 'log-group', name: '/g', source: 's', facts: {} }), 'warning', 'warn'],
    ['STACK_DELETE_FAILED', present({ kind: 'stack', name: 'st', source: 's', facts: { status: 'DELETE_FAILED' } }), 'error', 'fail'],
    ['STACK_DRIFTED', present({ kind: 'stack', name: 'st', source: 's', facts: { status: 'DELETE_IN_PROGRESS', driftStatus: 'DRIFTED' } }), 'warning', 'warn'],
  ])('%s is a finding of severity %s and the check is %s', (code, observation, severity, status) => {
    const report = judge(inventory([observation]));
    expect(report.findings.map((f) => [f.code, f.severity])).toStrictEqual([[code, severity]]);
    expect(report.checks.filter((c) => c.status !== 'skip').map((c) => c.status)).toStrictEqual([status]);
  });
});
