/**
 * What a cause or fix line is for. A fix that is right for one library crashes another
 * (agentcore-contract §13: `run(host=…)` is a TypeError on python-sdk 1.x and the way to set the
 * host on python-sdk 2.x), so every library- or toolchain-specific line of the catalog names its
 * target, and findings order the lines by the stack the doctor detected.
 */

/** The libraries, servers and deployment toolchains a catalog line can be written for. */
export const ADVICE_TARGETS = {
  'python-sdk': { label: 'python-sdk 1.x (`mcp` < 2, `from mcp.server.fastmcp import FastMCP`)', family: 'python' },
  'python-sdk-v2': { label: 'python-sdk 2.x (`mcp` ≥ 2, `MCPServer`)', family: 'python' },
  'fastmcp-2': { label: 'fastmcp 2.x (`from fastmcp import FastMCP`)', family: 'python' },
  'fastmcp-3': { label: 'fastmcp 3.x (`from fastmcp import FastMCP`)', family: 'python' },
  fastmcp: { label: 'fastmcp ≥ 2.9 and 3.x (`from fastmcp import FastMCP`)', family: 'python' },
  uvicorn: { label: 'uvicorn (any Python ASGI app)', family: 'python' },
  'typescript-sdk': { label: 'TypeScript SDK (`@modelcontextprotocol/sdk` 1.x)', family: 'node' },
  node: { label: 'Node.js (Express, Hono, `node:http`)', family: 'node' },
  'agentcore-cli': { label: 'AgentCore CLI (`@aws/agentcore`, `agentcore/agentcore.json`)', family: 'toolchain' },
  'starter-toolkit': { label: 'starter toolkit (`.bedrock_agentcore.yaml`, deprecated)', family: 'toolchain' },
  cloudformation: { label: 'CloudFormation / CDK', family: 'toolchain' },
  'aws-cli': { label: 'AWS CLI / boto3', family: 'toolchain' },
} as const satisfies Record<string, { label: string; family: 'python' | 'node' | 'toolchain' }>;

/** A key of `ADVICE_TARGETS`. */
export type AdviceTarget = keyof typeof ADVICE_TARGETS;

/** A line written for one target (rendered as `<label>: <text>`), or true only off loopback. */
export interface TargetedAdvice {
  text: string;
  for?: AdviceTarget;
  /** About a server in a container or behind a proxy: wrong for a target on this machine's loopback. */
  remoteOnly?: true;
}

/**
 * One cause or fix line of the catalog. A plain string holds for every stack; a targeted line
 * names the library (and version range) or toolchain it is for.
 */
export type AdviceLine = string | TargetedAdvice;

export type { StackFingerprint, StackName, Toolchain } from '../model/stack.js';
import type { StackFingerprint, StackName, Toolchain } from '../model/stack.js';

/** What a finding's lines are ordered by. */
export interface AdviceContext {
  stack?: StackFingerprint;
  /** The toolchain of the project folder; without one the newer AgentCore CLI comes first. */
  toolchain?: Toolchain;
  /** The target is on this machine's loopback: container-only causes do not apply. */
  loopbackTarget?: boolean;
}

/** The targets that are the user's own for `stack`: their lines come first. */
export function preferredTargets(context: AdviceContext): Set<AdviceTarget> {
  const preferred = new Set<AdviceTarget>([context.toolchain ?? 'agentcore-cli']);
  const stack = context.stack;
  if (!stack) return preferred;
  const major = majorOf(stack.versionRange);
  switch (stack.name) {
    case 'python-sdk':
      preferred.add(major === 2 ? 'python-sdk-v2' : 'python-sdk').add('uvicorn');
      if (major === undefined) preferred.add('python-sdk-v2');
      break;
    case 'fastmcp':
      if (major !== 3) preferred.add('fastmcp-2');
      if (major !== 2) preferred.add('fastmcp-3');
      preferred.add('fastmcp').add('uvicorn');
      break;
    case 'python':
      for (const [target, info] of Object.entries(ADVICE_TARGETS)) if (info.family === 'python') preferred.add(target as AdviceTarget);
      break;
    case 'typescript-sdk':
    case 'node':
      preferred.add('typescript-sdk').add('node');
      break;
  }
  return preferred;
}

/** The major version a range like `>=1.26 <2`, `<2` or `>=3.4.3 <3.4.4` pins, if any. */
export function majorOf(range: string | undefined): number | undefined {
  if (!range) return undefined;
  const lower = /(?:^|\s)>=(\d+)/.exec(range);
  if (lower) return Number(lower[1]);
  const upper = /(?:^|\s)<(\d+)(\.\d*[1-9]\d*)?/.exec(range);
  if (!upper) return undefined;
  // `<2` leaves 1.x; `<1.26` is still 1.x.
  return upper[2] ? Number(upper[1]) : Number(upper[1]) - 1;
}

/** The text of one line, labelled with its target. */
export function renderAdvice(line: AdviceLine): string {
  if (typeof line === 'string') return line;
  return line.for ? `${ADVICE_TARGETS[line.for].label}: ${line.text}` : line.text;
}

/**
 * The lines for the user's stack: lines for a detected stack or the project's toolchain first,
 * then lines for every stack, then lines for a sibling of the detected stack (another Python
 * library when the server is Python), then the rest. With no stack known the catalog order stands
 * (the toolchain still leads) and every line keeps its label.
 */
export function orderAdvice(lines: readonly AdviceLine[], context: AdviceContext = {}): string[] {
  const preferred = preferredTargets(context);
  const family = context.stack ? familyOf(context.stack.name) : undefined;
  const rank = (line: AdviceLine): number => {
    if (typeof line === 'string' || !line.for) return context.stack ? 1 : 0;
    if (preferred.has(line.for)) return 0;
    const own = ADVICE_TARGETS[line.for].family;
    if (own === 'toolchain') return 2;
    if (!context.stack) return 0;
    return own === family ? 2 : 3;
  };
  return lines
    .filter((line) => !(context.loopbackTarget && typeof line !== 'string' && line.remoteOnly))
    .map((line, index) => ({ line, index, rank: rank(line) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map((entry) => renderAdvice(entry.line));
}

function familyOf(name: StackName): 'python' | 'node' {
  return name === 'typescript-sdk' || name === 'node' ? 'node' : 'python';
}

/** The library or toolchain a line is for, if it names one. */
export function targetOf(line: AdviceLine): AdviceTarget | undefined {
  return typeof line === 'string' ? undefined : line.for;
}
