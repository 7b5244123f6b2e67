import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/model/errors.js';
import { readDeployedRuntime } from '../../src/targets/deployed-state.js';
import { detectFolderToolchain } from '../../src/targets/folder-toolchain.js';

/** The AgentCore CLI's deployment record (agentcore-contract §12): which ARN a bare `mcp-doctor` diagnoses. */

const ARN = (region: string, name: string, account = '123456789012'): string => `arn:aws:bedrock-agentcore:${region}:${account}:runtime/${name}-AbCdEf1234`;
const dirs: string[] = [];

function project(state: unknown, targets: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-doctor-deployed-state-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'agentcore', '.cli'), { recursive: true });
  if (state !== undefined) writeFileSync(join(dir, 'agentcore', '.cli', 'deployed-state.json'), typeof state === 'string' ? state : JSON.stringify(state));
  if (targets !== undefined) writeFileSync(join(dir, 'agentcore', 'aws-targets.json'), JSON.stringify(targets));
  return dir;
}

const runtimes = (...names: Array<[string, string]>) => ({ resources: { runtimes: Object.fromEntries(names.map(([name, arn]) => [name, { runtimeId: `${name}-AbCdEf1234`, runtimeArn: arn }])) } });
const TARGETS = [
  { name: 'default', account: '123456789012', region: 'us-east-1' },
  { name: 'prod', account: '123456789012', region: 'eu-west-1' },
];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('readDeployedRuntime', () => {
  it('the only target and runtime', async () => {
    const dir = project({ targets: { default: runtimes(['mcpjwt', ARN('us-east-1', 'mcpjwt')]) } }, TARGETS);
    await expect(readDeployedRuntime(dir)).resolves.toMatchObject({ target: 'default', agent: 'mcpjwt', arn: ARN('us-east-1', 'mcpjwt'), region: 'us-east-1', account: '123456789012' });
  });

  it('several targets: "default" unless --target names another', async () => {
    const dir = project({ targets: { default: runtimes(['a', ARN('us-east-1', 'a')]), prod: runtimes(['a', ARN('eu-west-1', 'a')]) } }, TARGETS);
    await expect(readDeployedRuntime(dir)).resolves.toMatchObject({ target: 'default', arn: ARN('us-east-1', 'a') });
    await expect(readDeployedRuntime(dir, { target: 'prod' })).resolves.toMatchObject({ target: 'prod', arn: ARN('eu-west-1', 'a'), region: 'eu-west-1' });
  });

  it('several runtimes: --agent picks one', async () => {
    const dir = project({ targets: { default: runtimes(['a', ARN('us-east-1', 'a')], ['b', ARN('us-east-1', 'b')]) } }, TARGETS);
    await expect(readDeployedRuntime(dir, { agent: 'b' })).resolves.toMatchObject({ agent: 'b', arn: ARN('us-east-1', 'b') });
  });

  it.each<[string, unknown, unknown, { target?: string; agent?: string }, RegExp]>([
    ['no deployed-state.json', undefined, TARGETS, {}, /no agentcore\/\.cli\/deployed-state\.json .*agentcore deploy/],
    ['broken JSON', '{"targets":', TARGETS, {}, /deployed-state\.json is not valid JSON/],
    ['no targets at all', { targets: {} }, TARGETS, {}, /lists no deployed target/],
    ['several targets, none default', { targets: { dev: runtimes(['a', ARN('us-east-1', 'a')]), prod: runtimes(['a', ARN('eu-west-1', 'a')]) } }, TARGETS, {}, /pick one with --target \(dev, prod\)/],
    ['--target names no deployed target', { targets: { default: runtimes(['a', ARN('us-east-1', 'a')]) } }, TARGETS, { target: 'staging' }, /has no target "staging" \(targets: default\)/],
    ['the target is missing from aws-targets.json', { targets: { qa: runtimes(['a', ARN('us-east-1', 'a')]) } }, TARGETS, {}, /aws-targets\.json has no target "qa"/],
    ['no aws-targets.json', { targets: { default: runtimes(['a', ARN('us-east-1', 'a')]) } }, undefined, {}, /no agentcore\/aws-targets\.json/],
    ['several runtimes without --agent', { targets: { default: runtimes(['a', ARN('us-east-1', 'a')], ['b', ARN('us-east-1', 'b')]) } }, TARGETS, {}, /pick one with --agent \(a, b\)/],
    ['--agent names no runtime', { targets: { default: runtimes(['a', ARN('us-east-1', 'a')]) } }, TARGETS, { agent: 'zzz' }, /has no runtime "zzz" \(runtimes: a\)/],
    ['a runtime without runtimeArn', { targets: { default: { resources: { runtimes: { a: { runtimeId: 'a-1' } } } } } }, TARGETS, {}, /has no runtimeArn/],
    ['a runtimeArn in another region than the target', { targets: { default: runtimes(['a', ARN('eu-west-1', 'a')]) } }, TARGETS, {}, /deployed to 123456789012\/eu-west-1, but .* target "default" is 123456789012\/us-east-1/],
  ])('%s: one-line usage error', async (_name, state, targets, choice, message) => {
    const dir = project(state, targets);
    const failure = readDeployedRuntime(dir, choice);
    await expect(failure).rejects.toBeInstanceOf(UsageError);
    await expect(failure).rejects.toThrow(message);
    await failure.catch((error: Error) => expect(error.message).not.toContain('\n'));
  });
});

describe('detectFolderToolchain', () => {
  it('names the newer CLI, the toolkit, CDK or nothing', async () => {
    const cli = project(undefined, TARGETS);
    expect(await detectFolderToolchain(cli)).toBe('agentcore-cli');
    const toolkit = mkdtempSync(join(tmpdir(), 'mcp-doctor-toolkit-'));
    dirs.push(toolkit);
    writeFileSync(join(toolkit, '.bedrock_agentcore.yaml'), 'agents: {}\n');
    expect(await detectFolderToolchain(toolkit)).toBe('starter-toolkit');
    const empty = mkdtempSync(join(tmpdir(), 'mcp-doctor-empty-'));
    dirs.push(empty);
    expect(await detectFolderToolchain(empty)).toBeUndefined();
  });
});
