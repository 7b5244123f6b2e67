import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type { Toolchain } from '../catalog/stacks.js';

/**
 * The AgentCore toolchain of the folder the doctor runs in, so that fixes to runtime settings are
 * written for it first: the newer CLI's `agentcore/agentcore.json` (or its deployment record), the
 * starter toolkit's `.bedrock_agentcore.yaml`, a CDK app. Undefined when the folder shows none (the
 * newer CLI's fixes then lead).
 */
export async function detectFolderToolchain(dir: string): Promise<Toolchain | undefined> {
  const exists = async (path: string): Promise<boolean> =>
    access(join(dir, path)).then(
      () => true,
      () => false,
    );
  for (const file of ['agentcore/agentcore.json', 'agentcore/aws-targets.json', 'agentcore/.cli/deployed-state.json']) if (await exists(file)) return 'agentcore-cli';
  if (await exists('.bedrock_agentcore.yaml')) return 'starter-toolkit';
  if (await exists('cdk.json')) return 'cloudformation';
  return undefined;
}
