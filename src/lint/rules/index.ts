import type { LintRule } from '../types.js';
import { pythonServerRules } from './python-server.js';
import { typescriptServerRules } from './typescript-server.js';
import { agentcoreJsonRule, bedrockAgentcoreYamlRule } from './agentcore-config.js';
import { cloudFormationRule } from './cloudformation.js';
import { dockerfileRule } from './dockerfile.js';

/** Every lint rule, in report order: server source first, then deployment configuration. */
export const lintRules: readonly LintRule[] = [...pythonServerRules, ...typescriptServerRules, bedrockAgentcoreYamlRule, agentcoreJsonRule, cloudFormationRule, dockerfileRule];
