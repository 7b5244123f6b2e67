import type { HttpExchange } from './observations.js';
import { negotiatedVersion } from './protocol.js';

/**
 * Facts of the stateless 2026-07-28 revision (protocol-2026-07-28 §1–§4) that probes and checks
 * share: the version, the `_meta` keys and error codes, and the reading of server/discover next to
 * the legacy initialize (the era). Nothing here does I/O.
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
