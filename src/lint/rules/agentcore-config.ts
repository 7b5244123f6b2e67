import { isMap, type Node } from 'yaml';
import type { LintIssue, LintProject, LintRule, ProjectFile } from '../types.js';
import { itemsOf, keyName, lineSnippet, pairOf, pairsOf, parseYamlFile, stringOf, valueOf, type ParsedYaml } from '../yaml-positions.js';
import { checkHeaderAllowlist, checkJwtAuthorizer, checkProtocol, issueAt } from './runtime-settings.js';

/**
 * Rules for the two AgentCore project files (agentcore-contract §8): the starter toolkit's
 * `.bedrock_agentcore.yaml` and the newer CLI's `agentcore/agentcore.json`.
 */

/** The starter toolkit's project file. */
export const BEDROCK_AGENTCORE_YAML = '.bedrock_agentcore.yaml';
/** The `@aws/agentcore` CLI's project file, relative to the project folder. */
export const AGENTCORE_JSON = 'agentcore/agentcore.json';

const ARM64 = 'linux/arm64';

/** A syntax error as an issue: a broken file is a finding, never a crash. */
export function unparsableIssue(parsed: ParsedYaml, what: string): LintIssue {
  const error = parsed.error;
  const location = error?.location ?? { file: parsed.file.path, line: 1, column: 1, endLine: 1, endColumn: 1 };
  const snippet = lineSnippet(parsed.file.text, location.line);
  return {
    code: 'CONFIG_FILE_UNPARSABLE',
    message: error?.tooDeep ? `${what} was not read: ${error.message}.` : `${what} is not valid ${parsed.file.path.endsWith('.json') ? 'JSON' : 'YAML'}: ${error?.message ?? 'parse error'}.`,
    location,
    args: { detail: error?.message ?? 'parse error' },
    ...(snippet ? { snippet } : {}),
  };
}

/**
 * True when an agent's entrypoint looks like an MCP server, so that an HTTP agent living next to
 * it in the same project is not blamed for its protocol.
 */
function entrypointServesMcp(project: LintProject, entrypoint: string | undefined, base = ''): boolean | undefined {
  if (!entrypoint) return undefined;
  const relative = entrypoint.replace(/:[A-Za-z_][A-Za-z0-9_]*$/, '').replace(/^\.\//, '');
  const file = project.file(`${base}${relative}`) ?? project.file(relative);
  if (!file) return undefined;
  // Server-side names only: an HTTP agent that merely calls MCP tools imports the client, not these.
  return /\bFastMCP\b|\bMCPServer\b|\bMcpServer\b|\bfrom\s+mcp\.server\b|\b(from|import)\s+fastmcp\b|@modelcontextprotocol\/(sdk\/)?server/.test(file.text);
}

/** The folder of a project path, with a trailing slash (empty at the root). */
function directoryOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash + 1);
}

/** Should the protocol of this agent be checked: the only agent, or one whose code is an MCP server. */
function protocolMatters(project: LintProject, agentCount: number, entrypoint: string | undefined, base = ''): boolean {
  const mcp = entrypointServesMcp(project, entrypoint, base);
  return mcp ?? agentCount === 1;
}

/** One agent of `.bedrock_agentcore.yaml`: its name, the node that names it and its settings. */
export interface BedrockAgentcoreAgent {
  name: string;
  key: Node | null;
  node: Node;
}

/** The agents of a parsed `.bedrock_agentcore.yaml` (none when it does not parse or has none). */
export function bedrockAgentcoreAgents(parsed: ParsedYaml): BedrockAgentcoreAgent[] {
  const root = parsed.error ? undefined : parsed.doc.contents;
  if (!isMap(root)) return [];
  const agentsNode = valueOf(root, 'agents');
  // Legacy single-agent files keep the agent's keys at the top level.
  if (isMap(agentsNode)) return pairsOf(agentsNode).flatMap((pair) => (isMap(pair.value) ? [{ name: keyName(pair), key: pair.key, node: pair.value }] : []));
  return valueOf(root, 'entrypoint') !== undefined ? [{ name: stringOf(valueOf(root, 'name')) ?? 'agent', key: root, node: root }] : [];
}

/** `.bedrock_agentcore.yaml`: protocol, platform, authorizer and header allowlist of every agent. */
function checkBedrockAgentcoreYaml(file: ProjectFile, project: LintProject): LintIssue[] {
  const parsed = parseYamlFile(file);
  if (parsed.error) return [unparsableIssue(parsed, BEDROCK_AGENTCORE_YAML)];
  const agents = bedrockAgentcoreAgents(parsed);
  const issues: LintIssue[] = [];
  for (const agent of agents) {
    const where = `Agent \`${agent.name}\``;
    const aws = valueOf(agent.node, 'aws');
    if (protocolMatters(project, agents.length, stringOf(valueOf(agent.node, 'entrypoint')), directoryOf(file.path))) {
      const protocolConfig = valueOf(aws, 'protocol_configuration');
      const protocol = valueOf(protocolConfig, 'server_protocol');
      issues.push(...checkProtocol(parsed, protocol, pairOf(aws, 'protocol_configuration')?.key ?? pairOf(agent.node, 'aws')?.key ?? agent.key, where, 'starter-toolkit'));
    }

    const deployment = stringOf(valueOf(agent.node, 'deployment_type'));
    const platformNode = valueOf(agent.node, 'platform');
    const platform = stringOf(platformNode);
    if (deployment !== 'direct_code_deploy' && platformNode && platform !== undefined && platform.trim().toLowerCase() !== ARM64) {
      issues.push({
        ...issueAt(parsed, platformNode, 'PLATFORM_NOT_ARM64', `${where} builds for ${platform}; AgentCore runs linux/arm64 only, so the container fails with \`exec format error\`. Set \`platform: linux/arm64\`.`),
        args: { detail: platform },
      });
    }

    const authorizerConfig = valueOf(agent.node, 'authorizer_configuration');
    const jwt = valueOf(authorizerConfig, 'customJWTAuthorizer', true);
    if (isMap(jwt)) issues.push(...checkJwtAuthorizer(parsed, jwt, pairOf(authorizerConfig, 'customJWTAuthorizer', true)?.key));
    const headers = valueOf(valueOf(agent.node, 'request_header_configuration'), 'requestHeaderAllowlist', true);
    issues.push(...checkHeaderAllowlist(parsed, headers, isMap(jwt)));
  }
  return issues;
}

/** `agentcore/agentcore.json`: protocol, authorizer and header allowlist of every runtime. */
function checkAgentcoreJson(file: ProjectFile, project: LintProject): LintIssue[] {
  const parsed = parseYamlFile(file);
  if (parsed.error) return [unparsableIssue(parsed, AGENTCORE_JSON)];
  const root = parsed.doc.contents;
  if (!isMap(root)) return [];
  // Older CLI versions call the list `agents`, newer ones `runtimes`.
  const runtimes = itemsOf(valueOf(root, 'runtimes')) ?? itemsOf(valueOf(root, 'agents')) ?? [];
  const issues: LintIssue[] = [];
  for (const runtime of runtimes) {
    if (!isMap(runtime)) continue;
    const name = stringOf(valueOf(runtime, 'name')) ?? 'runtime';
    const where = `Runtime \`${name}\``;
    const codeLocation = stringOf(valueOf(runtime, 'codeLocation'));
    // codeLocation is relative to the project folder, which holds the `agentcore/` directory.
    const projectDir = directoryOf(file.path).replace(/agentcore\/$/, '');
    const base = codeLocation ? `${projectDir}${codeLocation.replace(/^\.\//, '').replace(/\/?$/, '/')}` : projectDir;
    if (protocolMatters(project, runtimes.length, stringOf(valueOf(runtime, 'entrypoint')), base)) {
      issues.push(...checkProtocol(parsed, valueOf(runtime, 'protocol'), pairOf(runtime, 'name')?.key ?? runtime, where, 'agentcore-cli'));
    }
    const authorizerType = stringOf(valueOf(runtime, 'authorizerType'));
    const authorizerConfig = valueOf(runtime, 'authorizerConfiguration');
    const jwt = valueOf(authorizerConfig, 'customJwtAuthorizer', true);
    const jwtRuntime = authorizerType === 'CUSTOM_JWT' || isMap(jwt);
    if (isMap(jwt)) issues.push(...checkJwtAuthorizer(parsed, jwt, pairOf(authorizerConfig, 'customJwtAuthorizer', true)?.key));
    issues.push(...checkHeaderAllowlist(parsed, valueOf(runtime, 'requestHeaderAllowlist'), jwtRuntime, 'agentcore-cli'));
  }
  return issues;
}

/** The `.bedrock_agentcore.yaml` files of the project (the root one and those of sub-projects). */
function filesNamed(project: LintProject, name: string): ProjectFile[] {
  return project.files.filter((file) => file.path === name || file.path.endsWith(`/${name}`));
}

/** Lints `.bedrock_agentcore.yaml` (starter toolkit). */
export const bedrockAgentcoreYamlRule: LintRule = {
  id: 'lint/config/bedrock-agentcore-yaml',
  title: '.bedrock_agentcore.yaml deploys an MCP runtime AgentCore accepts',
  codes: ['CONFIG_FILE_UNPARSABLE', 'PROTOCOL_NOT_MCP', 'PLATFORM_NOT_ARM64', 'DISCOVERY_INVALID', 'AUTHORIZER_NO_CLIENT_OR_AUDIENCE', 'AUDIENCE_MISMATCH', 'CUSTOM_CLAIM_RESERVED', 'HEADER_ALLOWLIST_INVALID'],
  appliesTo: (project) => filesNamed(project, BEDROCK_AGENTCORE_YAML),
  check: (files, project) => files.flatMap((file) => checkBedrockAgentcoreYaml(file, project)),
};

/** Lints `agentcore/agentcore.json` (the `@aws/agentcore` CLI). */
export const agentcoreJsonRule: LintRule = {
  id: 'lint/config/agentcore-json',
  title: 'agentcore/agentcore.json deploys an MCP runtime AgentCore accepts',
  codes: ['CONFIG_FILE_UNPARSABLE', 'PROTOCOL_NOT_MCP', 'DISCOVERY_INVALID', 'AUTHORIZER_NO_CLIENT_OR_AUDIENCE', 'AUDIENCE_MISMATCH', 'CUSTOM_CLAIM_RESERVED', 'HEADER_ALLOWLIST_INVALID'],
  appliesTo: (project) => filesNamed(project, AGENTCORE_JSON),
  check: (files, project) => files.flatMap((file) => checkAgentcoreJson(file, project)),
};

