import { describe, expect, it } from 'vitest';
import type { AwsCallError } from '../../src/model/observations.js';
import { judgeInventory } from '../../src/teardown/run-teardown.js';
import { formatBytes, REMOVAL_STEP, teardownChecks } from '../../src/teardown/teardown-checks.js';
import { trustedServices } from '../../src/teardown/inventory.js';
import type { DeploymentSources, ResourceObservation, TeardownInventory } from '../../src/teardown/types.js';

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
