import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { UsageError } from '../engine/errors.js';

/**
 * The starter toolkit's `.bedrock_agentcore.yaml` (agentcore-contract §8): `default_agent` and
 * `agents.<name>.bedrock_agentcore.agent_arn` hold the deployed runtime. Legacy single-agent files
 * (top-level `name`, no `agents`) are read as one agent.
 */

export const AGENTCORE_CONFIG_FILE = '.bedrock_agentcore.yaml';

/** The deployed ARN of one agent, and where it came from. */
export interface ConfiguredAgent {
  agent: string;
  arn: string;
  path: string;
}

interface AgentEntry {
  bedrock_agentcore?: { agent_arn?: unknown } | null;
}

/** Reads the ARN of `agentName` (default: `default_agent`) from the config in `dir`. */
export async function readConfiguredAgent(dir: string, agentName?: string): Promise<ConfiguredAgent> {
  const path = join(dir, AGENTCORE_CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new UsageError(`no target given and no ${AGENTCORE_CONFIG_FILE} in ${dir}; pass a URL or a runtime ARN`);
  }
  let doc: unknown;
  try {
    doc = parse(text, { maxAliasCount: 100 });
  } catch (error) {
    throw new UsageError(`${AGENTCORE_CONFIG_FILE} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!doc || typeof doc !== 'object') throw new UsageError(`${AGENTCORE_CONFIG_FILE} is empty or not a mapping`);
  const config = doc as { default_agent?: unknown; agents?: Record<string, AgentEntry> | null; name?: unknown } & AgentEntry;
  const agents: Record<string, AgentEntry> =
    config.agents && typeof config.agents === 'object' ? config.agents : typeof config.name === 'string' ? { [config.name]: config } : {};
  const names = Object.keys(agents);
  const name = agentName ?? (typeof config.default_agent === 'string' ? config.default_agent : names.length === 1 ? names[0] : undefined);
  if (!name) throw new UsageError(`${AGENTCORE_CONFIG_FILE} has no default_agent; pick one with --agent (${names.join(', ') || 'no agents listed'})`);
  const entry = agents[name];
  if (!entry) throw new UsageError(`${AGENTCORE_CONFIG_FILE} has no agent "${name}"${names.length ? ` (agents: ${names.join(', ')})` : ''}`);
  const arn = entry.bedrock_agentcore?.agent_arn;
  if (typeof arn !== 'string' || arn === '') {
    throw new UsageError(`agent "${name}" in ${AGENTCORE_CONFIG_FILE} has no bedrock_agentcore.agent_arn: it was never deployed (run agentcore launch)`);
  }
  return { agent: name, arn: arn.trim(), path };
}
