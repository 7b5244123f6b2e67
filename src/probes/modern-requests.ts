import { TOOL_VERSION } from '../version.js';
import type { HttpExchange } from './http-exchange.js';
import { COMPLIANT_ACCEPT, negotiatedVersion } from './transport-probes.js';

/**
 * Requests of the stateless 2026-07-28 revision ("modern" requests, protocol-2026-07-28 §1): every
 * request carries `params._meta` with the protocol version and the client's capabilities, and the
 * `MCP-Protocol-Version` and `Mcp-Method` headers (`Mcp-Name` for named methods). Nothing here does
 * I/O: the probes send what these build, the checks read the answers with `readEra`.
 */

/** The modern protocol revision the doctor speaks. */
export const MODERN_PROTOCOL_VERSION = '2026-07-28';

/** A version no server supports, for the unsupported-version probe. */
export const FUTURE_PROTOCOL_VERSION = '2099-01-01';

/** `_meta` keys of the request envelope and of results. */
export const META = {
  protocolVersion: 'io.modelcontextprotocol/protocolVersion',
  clientCapabilities: 'io.modelcontextprotocol/clientCapabilities',
  clientInfo: 'io.modelcontextprotocol/clientInfo',
  serverInfo: 'io.modelcontextprotocol/serverInfo',
  subscriptionId: 'io.modelcontextprotocol/subscriptionId',
} as const;

/** JSON-RPC error codes of the revision (§3). */
export const MODERN_ERRORS = { headerMismatch: -32020, missingClientCapability: -32021, unsupportedVersion: -32022, methodNotFound: -32601, invalidParams: -32602 } as const;

/** What a modern request leaves out or changes, one fault at a time. */
export interface ModernRequestOptions {
  id?: number | string;
  params?: Record<string, unknown>;
  /** The version in `_meta` and in the header. @default MODERN_PROTOCOL_VERSION */
  version?: string;
  /** Envelope keys to leave out of `_meta`. */
  omitMeta?: ReadonlyArray<keyof typeof META>;
  /** Header overrides; `undefined` removes a header. */
  headers?: Record<string, string | undefined>;
}

/** Methods whose request needs `Mcp-Name`, and the parameter it repeats (§1). */
const NAMED_METHODS: Record<string, string> = { 'tools/call': 'name', 'prompts/get': 'name', 'resources/read': 'uri' };

/** Headers and body of one modern request. */
export function modernRequest(method: string, options: ModernRequestOptions = {}): { headers: Record<string, string>; body: string } {
  const version = options.version ?? MODERN_PROTOCOL_VERSION;
  const omit = new Set(options.omitMeta ?? []);
  const meta: Record<string, unknown> = {};
  if (!omit.has('protocolVersion')) meta[META.protocolVersion] = version;
  if (!omit.has('clientCapabilities')) meta[META.clientCapabilities] = {};
  if (!omit.has('clientInfo')) meta[META.clientInfo] = { name: 'mcp-doctor', version: TOOL_VERSION };
  const params: Record<string, unknown> = { ...(options.params ?? {}), _meta: meta };
  const headers: Record<string, string> = { accept: COMPLIANT_ACCEPT, 'content-type': 'application/json', 'mcp-protocol-version': version, 'mcp-method': method };
  const nameKey = NAMED_METHODS[method];
  const name = nameKey === undefined ? undefined : params[nameKey];
  if (typeof name === 'string') headers['mcp-name'] = encodeHeaderValue(name);
  for (const [key, value] of Object.entries(options.headers ?? {})) {
    if (value === undefined) delete headers[key.toLowerCase()];
    else headers[key.toLowerCase()] = value;
  }
  return { headers, body: JSON.stringify({ jsonrpc: '2.0', id: options.id ?? 1, method, params }) };
}

/** A header value as sent: plain when it is printable ASCII, else the `=?base64?…?=` form the revision accepts. */
export function encodeHeaderValue(value: string): string {
  return /^[\x20-\x7e]*$/.test(value) && value.trim() === value ? value : `=?base64?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}

const MAX_VERSIONS = 20;
const MAX_VERSION_LENGTH = 64;

/** What a server/discover answer says, read leniently (the checks judge strictness). */
export interface DiscoverReading {
  /** The answer was a 2xx JSON-RPC result. */
  served: boolean;
  supportedVersions?: string[];
  capabilities?: Record<string, unknown>;
  resultType?: string;
  serverInfo?: { name?: string; version?: string };
  /** Required members the result lacks. */
  missing: string[];
}

/** Reads a server/discover exchange. */
export function readDiscover(exchange: HttpExchange | undefined): DiscoverReading {
  const reading: DiscoverReading = { served: false, missing: [] };
  if (!exchange || exchange.jsonrpc?.kind !== 'result' || !isSuccess(exchange)) return reading;
  reading.served = true;
  const result = exchange.jsonrpc.result;
  const record = result !== null && typeof result === 'object' && !Array.isArray(result) ? (result as Record<string, unknown>) : {};
  const versions = record.supportedVersions;
  // Bounded: the list reaches every report, and a hostile server may send thousands of entries.
  if (Array.isArray(versions) && versions.length > 0 && versions.every((v) => typeof v === 'string')) reading.supportedVersions = (versions as string[]).slice(0, MAX_VERSIONS).map((v) => v.slice(0, MAX_VERSION_LENGTH));
  else reading.missing.push('supportedVersions');
  if (record.capabilities !== null && typeof record.capabilities === 'object' && !Array.isArray(record.capabilities)) reading.capabilities = record.capabilities as Record<string, unknown>;
  else reading.missing.push('capabilities');
  if (typeof record.resultType === 'string') reading.resultType = record.resultType;
  else reading.missing.push('resultType');
  const meta = record._meta !== null && typeof record._meta === 'object' ? (record._meta as Record<string, unknown>) : {};
  const info = meta[META.serverInfo];
  if (info !== null && typeof info === 'object' && !Array.isArray(info)) {
    const { name, version } = info as Record<string, unknown>;
    reading.serverInfo = { ...(typeof name === 'string' ? { name } : {}), ...(typeof version === 'string' ? { version } : {}) };
  } else reading.missing.push(`_meta["${META.serverInfo}"]`);
  return reading;
}

/**
 * Which protocol eras the server was seen to serve:
 * - `dual`: the legacy initialize negotiated a version and server/discover was served;
 * - `legacy-only`: initialize worked, discover was not served (a 2025 server's 400 -32000);
 * - `modern-only`: initialize was refused, either with -32022 naming 2026-07-28 or with a 400/404
 *   while discover was served (through AgentCore a refusal arrives wrapped, without its body);
 * - `unknown`: neither worked.
 */
export type Era = 'dual' | 'legacy-only' | 'modern-only' | 'unknown';

/** The era, the versions seen, and why initialize failed when it did. */
export interface EraReading {
  era: Era;
  /** Every version the server was seen to serve, legacy first. */
  versions: string[];
  /** The legacy initialize's negotiated version. */
  legacyVersion?: string;
  /** `data.supported` of a -32022 answer to the legacy initialize. */
  refusalSupported?: string[];
  discover: DiscoverReading;
}

/** Reads the era from the legacy initialize and server/discover. */
export function readEra(init: HttpExchange | undefined, discover: HttpExchange | undefined): EraReading {
  const legacyVersion = negotiatedVersion(init);
  const discovered = readDiscover(discover);
  const refusalSupported = unsupportedVersionData(init);
  const versions: string[] = [];
  if (legacyVersion) versions.push(legacyVersion);
  for (const version of discovered.supportedVersions ?? []) if (!versions.includes(version)) versions.push(version);
  let era: Era;
  if (legacyVersion !== undefined) era = discovered.served ? 'dual' : 'legacy-only';
  else if (refusalSupported?.includes(MODERN_PROTOCOL_VERSION) || (discovered.served && isRefusal(init))) era = 'modern-only';
  else era = 'unknown';
  return { era, versions, ...(legacyVersion ? { legacyVersion } : {}), ...(refusalSupported ? { refusalSupported } : {}), discover: discovered };
}

/** `data.supported` of a -32022 UnsupportedProtocolVersion error, when the answer is one. */
export function unsupportedVersionData(exchange: HttpExchange | undefined): string[] | undefined {
  const reading = exchange?.jsonrpc;
  if (reading?.kind !== 'error' || reading.code !== MODERN_ERRORS.unsupportedVersion) return undefined;
  const supported = (reading.data as { supported?: unknown } | undefined)?.supported;
  return Array.isArray(supported) ? supported.filter((v): v is string => typeof v === 'string') : [];
}

/** The status that describes what the server did (the container's own status behind AgentCore). */
export function serverStatus(exchange: HttpExchange | undefined): number | undefined {
  return exchange?.containerStatus ?? exchange?.status;
}

function isSuccess(exchange: HttpExchange): boolean {
  const status = serverStatus(exchange);
  return status !== undefined && status >= 200 && status < 300 && exchange.containerStatus === undefined;
}

/** A refusal of the request itself (400, or 404 for a method the server removed), not of its headers or credentials. */
function isRefusal(exchange: HttpExchange | undefined): boolean {
  const status = serverStatus(exchange);
  return status === 400 || status === 404;
}
