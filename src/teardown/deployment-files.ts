import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { UsageError } from '../model/errors.js';
import { AGENTCORE_CONFIG_FILE, AGENTCORE_JSON_FILE } from '../targets/agentcore-config.js';
import type { DeploymentSources, ExpectedResource } from './types.js';

/**
 * Reads what a project's deployment files say it created, for either toolchain (agentcore-contract
 * §8, §12): the starter toolkit's `.bedrock_agentcore.yaml` (agent ARN, ECR repository, execution
 * role, CodeBuild project and role, authorizer) or the newer CLI's `agentcore/agentcore.json` with
 * `agentcore/aws-targets.json` and `agentcore/.cli/deployed-state.json` (runtime ARN and id, role,
 * CDK stack). Nothing here touches AWS.
 */

/** The newer CLI's deployed state, relative to the project folder. */
export const DEPLOYED_STATE_FILE = 'agentcore/.cli/deployed-state.json';
/** The newer CLI's deployment targets (account and region per target name). */
export const AWS_TARGETS_FILE = 'agentcore/aws-targets.json';

const MAX_FILE_BYTES = 1024 * 1024;

/** Which agent and deployment target to read. */
export interface DeploymentFileOptions {
  agent?: string;
  /** The newer CLI's target name (default: the only target, else `default`). */
  target?: string;
}

/**
 * The deployment the folder describes, or undefined when it holds neither toolchain's files.
 * Malformed files and unknown agent or target names are UsageErrors (exit 2).
 */
export async function readDeploymentFiles(dir: string, options: DeploymentFileOptions = {}): Promise<DeploymentSources | undefined> {
  const yamlText = await readProjectFile(join(dir, AGENTCORE_CONFIG_FILE));
  if (yamlText !== undefined) return starterToolkitSources(yamlText, options.agent);
  const jsonText = await readProjectFile(join(dir, AGENTCORE_JSON_FILE));
  const stateText = await readProjectFile(join(dir, DEPLOYED_STATE_FILE));
  if (jsonText === undefined && stateText === undefined) return undefined;
  const targetsText = await readProjectFile(join(dir, AWS_TARGETS_FILE));
  return agentcoreCliSources({ json: jsonText, state: stateText, targets: targetsText }, options);
}

/** Reads a regular file of at most 1 MiB; undefined when it does not exist. */
async function readProjectFile(path: string): Promise<string | undefined> {
  let handle;
  try {
    // O_NONBLOCK: a FIFO under a config file's name must not hang the audit.
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  try {
    if (!(await handle.stat()).isFile()) throw new UsageError(`${path} is not a regular file`);
    const buffer = Buffer.alloc(MAX_FILE_BYTES + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > MAX_FILE_BYTES) throw new UsageError(`${path} is larger than 1 MiB`);
    }
    return buffer.subarray(0, length).toString('utf8');
  } finally {
    await handle.close();
  }
}

function starterToolkitSources(text: string, agentName: string | undefined): DeploymentSources {
  let doc: unknown;
  try {
    doc = parse(text, { maxAliasCount: 100 });
  } catch (error) {
    throw new UsageError(`${AGENTCORE_CONFIG_FILE} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const root = record(doc) ?? {};
  const agents = record(root.agents) ?? (typeof root.name === 'string' ? { [root.name]: root } : {});
  const names = Object.keys(agents);
  const name = agentName ?? (typeof root.default_agent === 'string' ? root.default_agent : names.length === 1 ? names[0] : undefined);
  if (!name) throw new UsageError(`${AGENTCORE_CONFIG_FILE} has no default_agent; pick one with --agent (${names.join(', ') || 'no agents listed'})`);
  const agent = record(agents[name]);
  if (!agent) throw new UsageError(`${AGENTCORE_CONFIG_FILE} has no agent "${name}"${names.length ? ` (agents: ${names.join(', ')})` : ''}`);
  const aws = record(agent.aws) ?? {};
  const deployed = record(agent.bedrock_agentcore) ?? {};
  const codebuild = record(agent.codebuild) ?? {};
  const file = AGENTCORE_CONFIG_FILE;
  const resources: ExpectedResource[] = [];
  const repository = repositoryName(stringOf(aws.ecr_repository));
  if (repository) resources.push({ kind: 'ecr-repository', name: repository, source: `${file} aws.ecr_repository` });
  const executionRole = roleName(stringOf(aws.execution_role));
  if (executionRole) resources.push({ kind: 'iam-role', name: executionRole, role: 'execution role', source: `${file} aws.execution_role` });
  const project = stringOf(codebuild.project_name);
  if (project) resources.push({ kind: 'codebuild-project', name: project, source: `${file} codebuild.project_name` });
  const buildRole = roleName(stringOf(codebuild.execution_role));
  if (buildRole && buildRole !== executionRole) resources.push({ kind: 'iam-role', name: buildRole, role: 'CodeBuild role', source: `${file} codebuild.execution_role` });
  const runtimeArn = stringOf(deployed.agent_arn)?.trim();
  const discoveryUrl = stringOf(record(record(agent.authorizer_configuration)?.customJWTAuthorizer)?.discoveryUrl);
  const region = stringOf(aws.region);
  const account = aws.account === undefined || aws.account === null ? undefined : String(aws.account);
  return {
    toolchain: 'starter-toolkit',
    agent: name,
    stateFile: file,
    resources,
    ...(runtimeArn ? { runtimeArn, recordedRuntimeArn: runtimeArn } : {}),
    ...(discoveryUrl ? { discoveryUrl } : {}),
    ...(region ? { region } : {}),
    ...(account ? { accountId: account } : {}),
  };
}

function agentcoreCliSources(texts: { json: string | undefined; state: string | undefined; targets: string | undefined }, options: DeploymentFileOptions): DeploymentSources {
  const project = texts.json === undefined ? {} : (record(parseJson(texts.json, AGENTCORE_JSON_FILE)) ?? {});
  const state = texts.state === undefined ? {} : (record(parseJson(texts.state, DEPLOYED_STATE_FILE)) ?? {});
  const targets = texts.targets === undefined ? [] : parseJson(texts.targets, AWS_TARGETS_FILE);
  const stateTargets = record(state.targets) ?? {};
  const targetNames = Object.keys(stateTargets);
  const targetName = options.target ?? (targetNames.length === 1 ? targetNames[0] : 'default');
  const deployed = record(record(stateTargets[targetName ?? 'default'])?.resources);
  if (options.target !== undefined && texts.state !== undefined && !deployed) {
    throw new UsageError(`${DEPLOYED_STATE_FILE} has no target "${options.target}"${targetNames.length ? ` (targets: ${targetNames.join(', ')})` : ''}`);
  }
  const target = Array.isArray(targets) ? targets.map(record).find((t) => t?.name === targetName) : undefined;

  const runtimes = Array.isArray(project.runtimes) ? project.runtimes.map(record).filter((r): r is Record<string, unknown> => r !== undefined) : [];
  const deployedRuntimes = record(deployed?.runtimes) ?? {};
  const names = [...new Set([...runtimes.map((r) => stringOf(r.name)).filter((n): n is string => n !== undefined), ...Object.keys(deployedRuntimes)])];
  const name = options.agent ?? (names.length === 1 ? names[0] : undefined);
  if (options.agent !== undefined && !names.includes(options.agent)) {
    throw new UsageError(`${AGENTCORE_JSON_FILE} and ${DEPLOYED_STATE_FILE} have no runtime "${options.agent}"${names.length ? ` (runtimes: ${names.join(', ')})` : ''}`);
  }
  if (name === undefined && names.length > 1) throw new UsageError(`the project has several runtimes; pick one with --agent (${names.join(', ')})`);
  const runtime = runtimes.find((r) => r.name === name);
  const deployedRuntime = name === undefined ? undefined : record(deployedRuntimes[name]);
  const resources: ExpectedResource[] = [];
  const role = roleName(stringOf(deployedRuntime?.roleArn));
  if (role) resources.push({ kind: 'iam-role', name: role, role: 'execution role', source: `${DEPLOYED_STATE_FILE} roleArn` });
  const runtimeArn = stringOf(deployedRuntime?.runtimeArn)?.trim();
  const stackName = stringOf(deployed?.stackName);
  const discoveryUrl = stringOf(record(record(runtime?.authorizerConfiguration)?.customJwtAuthorizer)?.discoveryUrl);
  const region = stringOf(target?.region);
  const account = stringOf(target?.account);
  return {
    toolchain: 'agentcore-cli',
    resources,
    ...(texts.state !== undefined ? { stateFile: DEPLOYED_STATE_FILE } : {}),
    ...(name ? { agent: name } : {}),
    ...(runtimeArn ? { runtimeArn, recordedRuntimeArn: runtimeArn } : {}),
    ...(stackName ? { stackName } : {}),
    ...(discoveryUrl ? { discoveryUrl } : {}),
    ...(region ? { region } : {}),
    ...(account ? { accountId: account } : {}),
  };
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not valid JSON: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** `bedrock_agentcore-x` from `123456789012.dkr.ecr.us-east-1.amazonaws.com/bedrock_agentcore-x[:tag]` or a bare name. */
export function repositoryName(uri: string | undefined): string | undefined {
  if (!uri) return undefined;
  const withoutTag = uri.trim().replace(/@sha256:[0-9a-f]+$/, '');
  const path = withoutTag.includes('/') && withoutTag.split('/')[0]?.includes('.') ? withoutTag.slice(withoutTag.indexOf('/') + 1) : withoutTag;
  const name = path.replace(/:[^/:]+$/, '');
  return /^[a-z0-9][a-z0-9._\/-]*$/.test(name) ? name : undefined;
}

/** The role name inside an IAM role ARN (paths dropped), or the input when it is a plain name. */
export function roleName(arnOrName: string | undefined): string | undefined {
  if (!arnOrName) return undefined;
  const match = /^arn:[^:]+:iam::\d{12}:role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(arnOrName.trim());
  if (match?.[1]) return match[1];
  return /^[\w+=,.@-]{1,64}$/.test(arnOrName.trim()) ? arnOrName.trim() : undefined;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
