import { combineClues, type StackClue } from '../checks/stack-fingerprint.js';
import type { AdviceContext, Toolchain } from '../catalog/stacks.js';
import { pythonServerStack } from './rules/python-server.js';
import { typescriptServerFiles } from './rules/typescript-server.js';
import type { LintProject } from './types.js';

/**
 * What a project folder says about its stack and toolchain, so that lint and rehearse order
 * causes and fixes for it: the server library from imports and pins, the deployment toolchain
 * from the project files (agentcore-contract §8, §12).
 */
export function projectAdvice(project: LintProject): AdviceContext {
  const stack = combineClues([...safely(() => pythonServerStack(project)), ...safely(() => typescriptStack(project))]);
  const toolchain = detectToolchain(project);
  return { ...(stack ? { stack } : {}), ...(toolchain ? { toolchain } : {}) };
}

/** The toolchain whose files the folder holds; the newer CLI wins over the deprecated toolkit. */
export function detectToolchain(project: Pick<LintProject, 'files'>): Toolchain | undefined {
  const paths = project.files.map((f) => f.path);
  if (paths.some((p) => p === 'agentcore/agentcore.json' || p.endsWith('/agentcore/agentcore.json'))) return 'agentcore-cli';
  if (paths.some((p) => p === '.bedrock_agentcore.yaml' || p.endsWith('/.bedrock_agentcore.yaml'))) return 'starter-toolkit';
  if (paths.some((p) => p === 'cdk.json' || p.endsWith('/cdk.json'))) return 'cloudformation';
  if (project.files.some((f) => /\.(ya?ml|json|template)$/.test(f.path) && f.text.includes('AWS::BedrockAgentCore::Runtime'))) return 'cloudformation';
  return undefined;
}

function typescriptStack(project: LintProject): StackClue[] {
  const files = typescriptServerFiles(project).filter((f) => /from\s+['"]@modelcontextprotocol\/(sdk|server)/.test(f.text) || /require\(\s*['"]@modelcontextprotocol\/(sdk|server)/.test(f.text));
  if (files.length === 0) return [];
  const pin = project.file('package.json')?.text.match(/"@modelcontextprotocol\/sdk"\s*:\s*"([^"]{1,40})"/)?.[1];
  return [{ name: 'typescript-sdk', evidence: `${files[0]?.path}: imports \`@modelcontextprotocol/sdk\`${pin ? `, package.json pins ${pin}` : ''}` }];
}

/** Clues from sources the parsers refuse (past the parse budget) are none: the rules report those files. */
function safely(read: () => StackClue[]): StackClue[] {
  try {
    return read();
  } catch {
    return [];
  }
}
