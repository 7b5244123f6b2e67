import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../model/errors.js';
import { parseRuntimeArn } from './arn.js';
import type { ConfiguredAgent } from './agentcore-config.js';

/**
 * The newer AgentCore CLI's deployment record (agentcore-contract §12):
 * `agentcore/.cli/deployed-state.json` holds `targets.<target>.resources.runtimes.<name>.runtimeArn`,
 * and `agentcore/aws-targets.json` the account and region of each target by the same name.
 * `agentcore deploy` creates the target `default`.
 */

export const DEPLOYED_STATE_FILE = 'agentcore/.cli/deployed-state.json';
export const AWS_TARGETS_FILE = 'agentcore/aws-targets.json';

/** Which deployment to read: `target` (default: the only one, else `default`) and runtime `agent`. */
export interface DeployedRuntimeChoice {
  target?: string;
  agent?: string;
}

/** The deployed runtime, with the target it belongs to. */
export interface DeployedRuntime extends ConfiguredAgent {
  target: string;
  region: string;
  account: string;
}

/** True when `dir` holds the newer CLI's deployment record. */
export async function hasDeployedState(dir: string): Promise<boolean> {
  try {
    await readFile(join(dir, DEPLOYED_STATE_FILE));
    return true;
  } catch {
    return false;
  }
}

/** Reads the deployed runtime ARN; every problem is one line and a UsageError (exit 2). */
export async function readDeployedRuntime(dir: string, choice: DeployedRuntimeChoice = {}): Promise<DeployedRuntime> {
  const state = asRecord(await readJson(dir, DEPLOYED_STATE_FILE, 'run `agentcore deploy` first'));
  const targets = asRecord(state?.targets) ?? {};
  const targetNames = Object.keys(targets);
  if (targetNames.length === 0) throw new UsageError(`${DEPLOYED_STATE_FILE} lists no deployed target; run \`agentcore deploy\` first`);
  const target = choice.target ?? (targetNames.length === 1 ? targetNames[0] : targetNames.includes('default') ? 'default' : undefined);
  if (target === undefined) throw new UsageError(`${DEPLOYED_STATE_FILE} has several targets and none is "default"; pick one with --target (${targetNames.join(', ')})`);
  const deployed = asRecord(targets[target]);
  if (!deployed) throw new UsageError(`${DEPLOYED_STATE_FILE} has no target "${target}" (targets: ${targetNames.join(', ')})`);

  const awsTargets = await readJson(dir, AWS_TARGETS_FILE, 'it names the account and region of each target');
  const entries = (Array.isArray(awsTargets) ? awsTargets : []).map(asRecord).filter((e): e is Record<string, unknown> => e !== undefined);
  const awsTarget = entries.find((e) => e.name === target);
  if (!awsTarget) {
    const known = entries.map((e) => String(e.name)).join(', ');
    throw new UsageError(`${AWS_TARGETS_FILE} has no target "${target}"${known ? ` (targets: ${known})` : ''}, which ${DEPLOYED_STATE_FILE} deployed to`);
  }
  const region = typeof awsTarget.region === 'string' ? awsTarget.region : undefined;
  const account = typeof awsTarget.account === 'string' ? awsTarget.account : typeof awsTarget.account === 'number' ? String(awsTarget.account) : undefined;
  if (!region || !account) throw new UsageError(`${AWS_TARGETS_FILE} target "${target}" lacks its account or region`);

  const runtimes = asRecord(asRecord(deployed.resources)?.runtimes) ?? {};
  const runtimeNames = Object.keys(runtimes);
  if (runtimeNames.length === 0) throw new UsageError(`target "${target}" in ${DEPLOYED_STATE_FILE} has no deployed runtime; run \`agentcore deploy\``);
  const agent = choice.agent ?? (runtimeNames.length === 1 ? runtimeNames[0] : undefined);
  if (agent === undefined) throw new UsageError(`target "${target}" has several runtimes; pick one with --agent (${runtimeNames.join(', ')})`);
  const runtime = asRecord(runtimes[agent]);
  if (!runtime) throw new UsageError(`target "${target}" in ${DEPLOYED_STATE_FILE} has no runtime "${agent}" (runtimes: ${runtimeNames.join(', ')})`);
  const arn = typeof runtime.runtimeArn === 'string' ? runtime.runtimeArn.trim() : '';
  if (!arn) throw new UsageError(`runtime "${agent}" of target "${target}" has no runtimeArn in ${DEPLOYED_STATE_FILE}; run \`agentcore deploy\``);
  let parsed: ReturnType<typeof parseRuntimeArn>;
  try {
    parsed = parseRuntimeArn(arn);
  } catch {
    throw new UsageError(`runtime "${agent}" of target "${target}" has an invalid runtimeArn in ${DEPLOYED_STATE_FILE}`);
  }
  // A state file from another account or region than the target names is stale or hand-edited.
  if (parsed.region !== region || parsed.accountId !== account) {
    throw new UsageError(`runtime "${agent}" was deployed to ${parsed.accountId}/${parsed.region}, but ${AWS_TARGETS_FILE} target "${target}" is ${account}/${region}; redeploy or fix the target`);
  }
  return { agent, arn, path: join(dir, DEPLOYED_STATE_FILE), target, region, account };
}

async function readJson(dir: string, file: string, hint: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(join(dir, file), 'utf8');
  } catch {
    throw new UsageError(`no ${file} in ${dir} (${hint})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`${file} is not valid JSON: ${(error as Error).message.split('\n')[0]}`);
  }
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
