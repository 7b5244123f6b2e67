import { join } from 'node:path';
import { parse } from 'yaml';
import { UsageError } from '../model/errors.js';
import { FileReadError, readBoundedText } from '../security/read-bounded.js';

/**
 * The starter toolkit's `.bedrock_agentcore.yaml` (agentcore-contract §8): `default_agent` and
 * `agents.<name>.bedrock_agentcore.agent_arn` hold the deployed runtime. Legacy single-agent files
 * (top-level `name`, no `agents`) are read as one agent.
 */

export const AGENTCORE_CONFIG_FILE = '.bedrock_agentcore.yaml';

/** The newer `@aws/agentcore` CLI's project file, relative to the project folder. */
export const AGENTCORE_JSON_FILE = 'agentcore/agentcore.json';

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
  const { name, entry, path } = await readAgentEntry(dir, agentName, `no target given and no ${AGENTCORE_CONFIG_FILE} in ${dir}; pass a URL or a runtime ARN`);
  const arn = entry.bedrock_agentcore?.agent_arn;
  if (typeof arn !== 'string' || arn === '') {
    throw new UsageError(`agent "${name}" in ${AGENTCORE_CONFIG_FILE} has no bedrock_agentcore.agent_arn: it was never deployed (run agentcore launch)`);
  }
  return { agent: name, arn: arn.trim(), path };
}

/** The raw entry of `agentName` (default: `default_agent`, or the only agent). */
async function readAgentEntry(dir: string, agentName: string | undefined, missingFile: string): Promise<{ name: string; entry: AgentEntry; path: string }> {
  const path = join(dir, AGENTCORE_CONFIG_FILE);
  const text = await readProjectFile(dir, path, AGENTCORE_CONFIG_FILE, missingFile);
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
  return { name, entry, path };
}

/** What an agent's deployment will configure on its runtime (nothing here needs it deployed yet). */
export interface AgentDeploymentSettings {
  agent: string;
  path: string;
  /** `aws.protocol_configuration.server_protocol`, upper-cased; undefined when the file sets none. */
  serverProtocol?: string;
  /** `authorizer_configuration.customJWTAuthorizer` as written (API shape); undefined = IAM (SigV4). */
  customJWTAuthorizer?: Record<string, unknown>;
  /** `request_header_configuration.requestHeaderAllowlist`. */
  requestHeaderAllowlist?: string[];
  entrypoint?: string;
}

/** Reads the runtime settings of `agentName` (default: `default_agent`) from the config in `dir`. */
export async function readAgentDeploymentSettings(dir: string, agentName?: string): Promise<AgentDeploymentSettings> {
  const { name, entry, path } = await readAgentEntry(dir, agentName, `no ${AGENTCORE_CONFIG_FILE} in ${dir}`);
  const raw = entry as Record<string, unknown>;
  // The toolkit writes protocol_configuration under `aws`; older hand-written files put it at the top.
  const protocol = asRecord(asRecord(raw.aws)?.protocol_configuration) ?? asRecord(raw.protocol_configuration);
  const jwt = asRecord(asRecord(raw.authorizer_configuration)?.customJWTAuthorizer);
  const allowlist = asRecord(raw.request_header_configuration)?.requestHeaderAllowlist;
  return deploymentSettings(name, path, { protocol: protocol?.server_protocol, jwt, allowlist, entrypoint: raw.entrypoint });
}

/**
 * The same settings from the newer CLI's `agentcore/agentcore.json` (agentcore-contract §8):
 * `runtimes[]` (older versions: `agents[]`), each with `protocol`, `authorizerConfiguration.
 * customJwtAuthorizer` (lower-case "wt"), `requestHeaderAllowlist` and `entrypoint`. The runtime is
 * `runtimeName`, or the only one.
 */
export async function readAgentcoreJsonSettings(dir: string, runtimeName?: string): Promise<AgentDeploymentSettings> {
  const path = join(dir, AGENTCORE_JSON_FILE);
  const text = await readProjectFile(dir, path, AGENTCORE_JSON_FILE, `no ${AGENTCORE_JSON_FILE} in ${dir}`);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    // V8's message quotes the text around the error: the position alone says where.
    const position = /at position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
    throw new UsageError(`${AGENTCORE_JSON_FILE} is not valid JSON${position === undefined ? '' : ` (${lineAndColumnOf(text, Number(position))})`}`);
  }
  const root = asRecord(doc);
  const list = Array.isArray(root?.runtimes) ? root.runtimes : Array.isArray(root?.agents) ? root.agents : [];
  const runtimes = list.map((item: unknown) => asRecord(item)).filter((r): r is Record<string, unknown> => r !== undefined);
  const names = runtimes.map((r) => (typeof r.name === 'string' ? r.name : '?'));
  const runtime = runtimeName === undefined ? (runtimes.length === 1 ? runtimes[0] : undefined) : runtimes.find((r) => r.name === runtimeName);
  if (!runtime) {
    if (runtimeName !== undefined) throw new UsageError(`${AGENTCORE_JSON_FILE} has no runtime "${runtimeName}"${names.length ? ` (runtimes: ${names.join(', ')})` : ''}`);
    throw new UsageError(runtimes.length === 0 ? `${AGENTCORE_JSON_FILE} lists no runtimes` : `${AGENTCORE_JSON_FILE} has several runtimes; pick one with --agent (${names.join(', ')})`);
  }
  const jwt = asRecord(asRecord(runtime.authorizerConfiguration)?.customJwtAuthorizer);
  return deploymentSettings(typeof runtime.name === 'string' ? runtime.name : 'runtime', path, { protocol: runtime.protocol, jwt, allowlist: runtime.requestHeaderAllowlist, entrypoint: runtime.entrypoint });
}

/** The settings from the values either file holds, each kept only when it has the right type. */
function deploymentSettings(agent: string, path: string, raw: { protocol: unknown; jwt: Record<string, unknown> | undefined; allowlist: unknown; entrypoint: unknown }): AgentDeploymentSettings {
  return {
    agent,
    path,
    ...(typeof raw.protocol === 'string' ? { serverProtocol: raw.protocol.toUpperCase() } : {}),
    ...(raw.jwt ? { customJWTAuthorizer: raw.jwt } : {}),
    ...(Array.isArray(raw.allowlist) ? { requestHeaderAllowlist: raw.allowlist.filter((h): h is string => typeof h === 'string') } : {}),
    ...(typeof raw.entrypoint === 'string' ? { entrypoint: raw.entrypoint } : {}),
  };
}

/** `value` when it is a plain object (a YAML/JSON mapping), else undefined. */
function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Largest project config file read (real ones are a few kilobytes). */
const MAX_PROJECT_CONFIG_BYTES = 1024 * 1024;

/**
 * Reads a project config file: a regular file, capped, under a deadline, and never through a
 * symlink that leaves the project folder (it would quote a file from elsewhere in messages).
 */
async function readProjectFile(dir: string, path: string, label: string, missing: string): Promise<string> {
  try {
    return await readBoundedText(path, { label, maxBytes: MAX_PROJECT_CONFIG_BYTES, root: dir });
  } catch (error) {
    if (error instanceof FileReadError && error.missing) throw new UsageError(missing);
    throw error;
  }
}

function lineAndColumnOf(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}
