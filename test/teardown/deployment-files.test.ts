import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/model/errors.js';
import { readDeploymentFiles, repositoryName, roleName } from '../../src/teardown/deployment-files.js';

/** What teardown reads from either toolchain's project files, and how it refuses bad ones. */

let root: string;
let count = 0;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mcp-doctor-teardown-files-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function project(files: Record<string, string>): Promise<string> {
  const dir = join(root, String((count += 1)));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  await mkdir(dir, { recursive: true });
  return dir;
}

const ARN = 'arn:aws:bedrock-agentcore:eu-west-1:123456789012:runtime/srv-AbCdEf1234';
const TOOLKIT = `default_agent: srv
agents:
  srv:
    name: srv
    entrypoint: main.py
    aws:
      execution_role: arn:aws:iam::123456789012:role/service-role/ExecRole
      account: 123456789012
      region: eu-west-1
      ecr_repository: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/bedrock_agentcore-srv
    bedrock_agentcore:
      agent_arn: ${ARN}
    codebuild:
      project_name: bedrock-agentcore-srv-builder
      execution_role: arn:aws:iam::123456789012:role/BuildRole
    authorizer_configuration:
      customJWTAuthorizer:
        discoveryUrl: https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEfGhI/.well-known/openid-configuration
  other:
    name: other
    entrypoint: other.py
`;

describe('readDeploymentFiles', () => {
  it('reads the starter toolkit\'s names for the default agent', async () => {
    const sources = await readDeploymentFiles(await project({ '.bedrock_agentcore.yaml': TOOLKIT }));
    expect(sources).toStrictEqual({
      toolchain: 'starter-toolkit',
      agent: 'srv',
      stateFile: '.bedrock_agentcore.yaml',
      runtimeArn: ARN,
      recordedRuntimeArn: ARN,
      discoveryUrl: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEfGhI/.well-known/openid-configuration',
      region: 'eu-west-1',
      accountId: '123456789012',
      resources: [
        { kind: 'ecr-repository', name: 'bedrock_agentcore-srv', source: '.bedrock_agentcore.yaml aws.ecr_repository' },
        { kind: 'iam-role', name: 'ExecRole', role: 'execution role', source: '.bedrock_agentcore.yaml aws.execution_role' },
        { kind: 'codebuild-project', name: 'bedrock-agentcore-srv-builder', source: '.bedrock_agentcore.yaml codebuild.project_name' },
        { kind: 'iam-role', name: 'BuildRole', role: 'CodeBuild role', source: '.bedrock_agentcore.yaml codebuild.execution_role' },
      ],
    });
  });

  it('reads another agent with --agent, which names fewer resources', async () => {
    const sources = await readDeploymentFiles(await project({ '.bedrock_agentcore.yaml': TOOLKIT }), { agent: 'other' });
    expect(sources).toStrictEqual({ toolchain: 'starter-toolkit', agent: 'other', stateFile: '.bedrock_agentcore.yaml', resources: [] });
  });

  it('reads the newer CLI\'s deployed state for the target and runtime', async () => {
    const dir = await project({
      'agentcore/agentcore.json': JSON.stringify({ runtimes: [{ name: 'srv', authorizerConfiguration: { customJwtAuthorizer: { discoveryUrl: 'https://x/eu-west-1_Pool/.well-known/openid-configuration' } } }] }),
      'agentcore/aws-targets.json': JSON.stringify([{ name: 'prod', account: '123456789012', region: 'eu-west-1' }]),
      'agentcore/.cli/deployed-state.json': JSON.stringify({ targets: { prod: { resources: { runtimes: { srv: { runtimeArn: ARN, roleArn: 'arn:aws:iam::123456789012:role/SrvRole' } }, stackName: 'AgentCore-srv-prod' } } } }),
    });
    const sources = await readDeploymentFiles(dir);
    expect(sources).toStrictEqual({
      toolchain: 'agentcore-cli',
      agent: 'srv',
      stateFile: 'agentcore/.cli/deployed-state.json',
      runtimeArn: ARN,
      recordedRuntimeArn: ARN,
      stackName: 'AgentCore-srv-prod',
      discoveryUrl: 'https://x/eu-west-1_Pool/.well-known/openid-configuration',
      region: 'eu-west-1',
      accountId: '123456789012',
      resources: [{ kind: 'iam-role', name: 'SrvRole', role: 'execution role', source: 'agentcore/.cli/deployed-state.json roleArn' }],
    });
  });

  it('returns undefined for a folder with neither toolchain\'s files', async () => {
    expect(await readDeploymentFiles(await project({ 'main.py': 'print()' }))).toBeUndefined();
  });

  it.each<[string, Record<string, string>, { agent?: string; target?: string }, RegExp]>([
    ['invalid YAML', { '.bedrock_agentcore.yaml': 'agents: [' }, {}, /\.bedrock_agentcore\.yaml is not valid YAML/],
    ['an unknown agent', { '.bedrock_agentcore.yaml': TOOLKIT }, { agent: 'nope' }, /has no agent "nope" \(agents: srv, other\)/],
    ['no default among several agents', { '.bedrock_agentcore.yaml': 'agents:\n  a: {name: a}\n  b: {name: b}\n' }, {}, /no default_agent; pick one with --agent \(a, b\)/],
    ['invalid deployed-state JSON', { 'agentcore/.cli/deployed-state.json': '{' }, {}, /deployed-state\.json is not valid JSON/],
    ['an unknown target', { 'agentcore/.cli/deployed-state.json': '{"targets":{"default":{"resources":{}}}}' }, { target: 'prod' }, /has no target "prod" \(targets: default\)/],
    ['several runtimes without --agent', { 'agentcore/agentcore.json': '{"runtimes":[{"name":"a"},{"name":"b"}]}' }, {}, /several runtimes; pick one with --agent \(a, b\)/],
    ['an unknown runtime', { 'agentcore/agentcore.json': '{"runtimes":[{"name":"a"}]}' }, { agent: 'b' }, /no runtime "b" \(runtimes: a\)/],
  ])('refuses %s with a usage error', async (_name, files, options, message) => {
    const error = await readDeploymentFiles(await project(files), options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
  });

  it('refuses a project file that is not a regular file', async () => {
    const dir = await project({});
    await mkdir(join(dir, '.bedrock_agentcore.yaml'));
    await expect(readDeploymentFiles(dir)).rejects.toThrow(/is not a regular file/);
  });

  it('refuses a project file over 1 MiB', async () => {
    const dir = await project({ '.bedrock_agentcore.yaml': `# ${'x'.repeat(1024 * 1024)}\n` });
    await expect(readDeploymentFiles(dir)).rejects.toThrow(/larger than 1 MiB/);
  });
});

describe('repositoryName', () => {
  it.each([
    ['123456789012.dkr.ecr.us-east-1.amazonaws.com/bedrock_agentcore-srv:latest', 'bedrock_agentcore-srv'],
    ['123456789012.dkr.ecr.us-east-1.amazonaws.com/team/srv@sha256:abc123', 'team/srv'],
    ['bare-repo', 'bare-repo'],
    ['UPPER', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%j → %j', (uri, name) => expect(repositoryName(uri)).toBe(name));
});

describe('roleName', () => {
  it.each([
    ['arn:aws:iam::123456789012:role/Exec', 'Exec'],
    ['arn:aws:iam::123456789012:role/service-role/path/Exec', 'Exec'],
    ['PlainName', 'PlainName'],
    ['arn:aws:iam::123:role/Exec', undefined],
    ['has space', undefined],
    [undefined, undefined],
  ])('%j → %j', (arn, name) => expect(roleName(arn)).toBe(name));
});
