import type { StackFingerprint, StackName } from '../catalog/stacks.js';
import type { HttpExchange, McpSessionObservation } from '../model/observations.js';

/**
 * Names the server's stack from what the probes saw, as a pure function: response headers
 * (`server: uvicorn`, `x-powered-by: Express`), error wordings only one SDK uses
 * (streamable-http-matrix §3–§5), and the JSON-RPC error shape (python-sdk 1.x answers with
 * `"id": "server-error"`, 2.x and the TypeScript SDK with `null`). A wording shared by several
 * libraries is no evidence. When clues disagree the library with more of them wins; a clue for a
 * family (uvicorn is Python) never overrides a library clue of the same family.
 */

/** One clue: which stack it points at, what it narrows, and what to show for it. */
interface Clue {
  name: StackName;
  /** Version bounds the clue implies: `lower` inclusive, `upper` exclusive. */
  lower?: string;
  upper?: string;
  evidence: string;
}

interface WordingRule {
  pattern: RegExp;
  /** Only when the status (the container's, when AgentCore wrapped it) matches. */
  status?: number;
  /** Only for plain-text (not JSON-RPC) bodies, or only for JSON-RPC ones. */
  body?: 'plain' | 'jsonrpc';
  clue: (exchange: HttpExchange) => Omit<Clue, 'evidence'> | undefined;
}

const PY = (lower?: string, upper?: string) => (): Omit<Clue, 'evidence'> => ({ name: 'python-sdk', ...(lower ? { lower } : {}), ...(upper ? { upper } : {}) });
const TS = (): Omit<Clue, 'evidence'> => ({ name: 'typescript-sdk' });

/** Wordings each SDK alone uses (streamable-http-matrix §3.3, §4.3, §5, P22–P24). */
const WORDINGS: readonly WordingRule[] = [
  // python-sdk ≥ 1.10 checks Content-Type first and answers in plain text.
  { pattern: /^Invalid Content-Type header/, status: 400, body: 'plain', clue: PY('1.10') },
  { pattern: /^Invalid Host header$/, status: 421, body: 'plain', clue: PY('1.23') },
  { pattern: /Bad Request: Missing session ID/, clue: PY() },
  { pattern: /Method Not Allowed: Session termination not supported/, clue: PY() },
  // ≤ 1.25 answered an unknown session with plain-text 400; 1.26+ with a JSON-RPC 404 (-32600).
  { pattern: /^Bad Request: No valid session ID provided$/, status: 400, body: 'plain', clue: PY(undefined, '1.26') },
  { pattern: /^Session not found$/, status: 404, body: 'jsonrpc', clue: (e) => (e.jsonrpc?.kind === 'error' && e.jsonrpc.code === -32600 ? { name: 'python-sdk', lower: '1.26' } : e.jsonrpc?.kind === 'error' && e.jsonrpc.code === -32001 ? { name: 'typescript-sdk' } : undefined) },
  { pattern: /^Bad Request: Unsupported protocol version: .*\. Supported versions:/, clue: PY() },
  { pattern: /^Bad Request: Unsupported protocol version: .*\(supported versions:/, clue: TS },
  { pattern: /Bad Request: Mcp-Session-Id header is required/, clue: TS },
  { pattern: /Bad Request: Server not initialized/, clue: TS },
  { pattern: /^Unsupported Media Type: Content-Type must be application\/json/, body: 'jsonrpc', clue: (e) => (e.jsonrpc?.kind === 'error' && e.jsonrpc.code === -32000 ? { name: 'typescript-sdk' } : undefined) },
  // Both SDKs share the 406 wording; the JSON-RPC code tells them apart (python-sdk -32600, TypeScript -32000).
  { pattern: /^Not Acceptable: Client must accept/, status: 406, body: 'jsonrpc', clue: (e) => (e.jsonrpc?.kind !== 'error' ? undefined : e.jsonrpc.code === -32600 ? { name: 'python-sdk' } : e.jsonrpc.code === -32000 ? { name: 'typescript-sdk' } : undefined) },
  { pattern: /^Invalid Host: /, status: 403, clue: TS },
  { pattern: /^Invalid Host header: /, status: 403, clue: TS },
  { pattern: /^Method not allowed\.$/, clue: TS },
  { pattern: /^Parse error: Invalid JSON(-RPC message)?$/, clue: TS },
  // fastmcp 3.4.3 turned its HostOriginGuardMiddleware on by default (3.4.4 turned it off).
  { pattern: /^Misdirected Request$/, status: 421, body: 'plain', clue: () => ({ name: 'fastmcp', lower: '3.4.3', upper: '3.4.4' }) },
];

/** Where the stack shows in headers. */
function headerClues(exchange: HttpExchange): Clue[] {
  const clues: Clue[] = [];
  const server = exchange.headers['server'];
  if (server && /\b(uvicorn|hypercorn|granian|daphne)\b/i.test(server)) clues.push({ name: 'python', evidence: `response header \`server: ${server}\`` });
  const powered = exchange.headers['x-powered-by'];
  if (powered && /\b(Express|Hono|Next\.js|Fastify)\b/i.test(powered)) clues.push({ name: 'node', evidence: `response header \`x-powered-by: ${powered}\`` });
  return clues;
}

function wordingClues(exchange: HttpExchange): Clue[] {
  const status = exchange.containerStatus ?? exchange.status;
  const isJsonRpc = exchange.jsonrpc !== undefined && exchange.jsonrpc.kind !== 'other';
  const text = exchange.jsonrpc?.kind === 'error' ? (exchange.jsonrpc.message ?? '') : exchange.bodyExcerpt.trim();
  const clues: Clue[] = [];
  for (const rule of WORDINGS) {
    if (rule.status !== undefined && rule.status !== status) continue;
    if (rule.body === 'plain' && isJsonRpc) continue;
    if (rule.body === 'jsonrpc' && !isJsonRpc) continue;
    if (!rule.pattern.test(text)) continue;
    const clue = rule.clue(exchange);
    if (!clue) continue;
    // python-sdk 2.0 kept 1.x's wordings but answers with `"id": null` instead of "server-error".
    const v2 = clue.name === 'python-sdk' && exchange.jsonrpc?.kind === 'error' && exchange.jsonrpc.id === null;
    clues.push({ ...clue, ...(v2 ? { lower: '2' } : {}), evidence: `${status ?? '?'} \`${text.slice(0, 80)}\` (${exchange.label})` });
  }
  // python-sdk 1.x answers transport errors with the id "server-error"; 2.x and TypeScript with null.
  if (exchange.jsonrpc?.kind === 'error' && exchange.jsonrpc.id === 'server-error') {
    clues.push({ name: 'python-sdk', upper: '2', evidence: 'JSON-RPC errors with `"id": "server-error"`' });
  }
  return clues;
}

/** The stack behind the exchanges and the session, or undefined when nothing names one. */
export function fingerprintStack(exchanges: readonly (HttpExchange | undefined)[], session?: McpSessionObservation): StackFingerprint | undefined {
  const clues: Clue[] = [];
  for (const exchange of exchanges) {
    if (!exchange || exchange.outcome !== 'response') continue;
    clues.push(...headerClues(exchange), ...wordingClues(exchange));
  }
  const info = session?.serverInfo;
  if (info && /fastmcp/i.test(info.name) && clues.some((c) => c.name === 'python' || c.name === 'fastmcp')) {
    clues.push({ name: 'fastmcp', evidence: `serverInfo.name \`${info.name}\`` });
  }
  return combineClues(clues);
}

const MAX_EVIDENCE = 6;

/** The stack the clues agree on (exported for lint and rehearse, which add source clues). */
export function combineClues(clues: readonly Clue[]): StackFingerprint | undefined {
  if (clues.length === 0) return undefined;
  const libraries = clues.filter((c) => c.name !== 'python' && c.name !== 'node');
  const counts = new Map<StackName, number>();
  for (const clue of libraries) counts.set(clue.name, (counts.get(clue.name) ?? 0) + 1);
  let name: StackName;
  if (counts.size > 0) {
    name = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] as StackName;
    // A family clue of the other language (x-powered-by: Express on a python-sdk wording) is a proxy's.
  } else {
    const families = clues.map((c) => c.name);
    name = families.filter((n) => n === 'python').length >= families.filter((n) => n === 'node').length ? 'python' : 'node';
  }
  const family = name === 'typescript-sdk' || name === 'node' ? 'node' : 'python';
  const supporting = clues.filter((c) => c.name === name || c.name === family);
  // A few distinct clues make the case; a report does not need every probe that repeated one.
  const fingerprint: StackFingerprint = { name, evidence: [...new Set(supporting.map((c) => c.evidence))].slice(0, MAX_EVIDENCE) };
  const range = versionRange(supporting.filter((c) => c.name === name));
  if (range) fingerprint.versionRange = range;
  return fingerprint;
}

export type { Clue as StackClue };

/** The narrowest bounds the clues imply, written `>=1.26 <2`. */
function versionRange(clues: readonly Clue[]): string | undefined {
  let lower: string | undefined;
  let upper: string | undefined;
  for (const clue of clues) {
    if (clue.lower && (!lower || compareDotted(clue.lower, lower) > 0)) lower = clue.lower;
    if (clue.upper && (!upper || compareDotted(clue.upper, upper) < 0)) upper = clue.upper;
  }
  if (lower && upper && compareDotted(lower, upper) >= 0) return undefined;
  const parts = [lower ? `>=${lower}` : '', upper ? `<${upper}` : ''].filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : undefined;
}

/** Orders dotted release numbers (`1.26` < `2` < `3.4.3`). */
export function compareDotted(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/**
 * The source's stack refined by what the server answered: the same library keeps the source's
 * name with both sets of evidence; a contradiction (the source says Python, the wire says Express)
 * trusts the wire, which shows what really runs.
 */
export function mergeStacks(source: StackFingerprint | undefined, wire: StackFingerprint | undefined): StackFingerprint | undefined {
  if (!source || !wire) return source ?? wire;
  const family = (name: StackName): string => (name === 'typescript-sdk' || name === 'node' ? 'node' : 'python');
  if (family(source.name) !== family(wire.name)) return wire;
  const generic = (name: StackName): boolean => name === 'python' || name === 'node';
  const name = generic(source.name) ? wire.name : source.name;
  const merged: StackFingerprint = { name, evidence: [...new Set([...source.evidence, ...wire.evidence])] };
  const range = name === source.name && source.versionRange ? source.versionRange : name === wire.name ? wire.versionRange : undefined;
  if (range) merged.versionRange = range;
  return merged;
}
