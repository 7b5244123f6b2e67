import { META, MODERN_PROTOCOL_VERSION } from '../model/modern-protocol.js';
import { TOOL_VERSION } from '../version.js';
import { COMPLIANT_ACCEPT } from './transport-probes.js';

/**
 * Requests of the stateless 2026-07-28 revision ("modern" requests, protocol-2026-07-28 §1): every
 * request carries `params._meta` with the protocol version and the client's capabilities, and the
 * `MCP-Protocol-Version` and `Mcp-Method` headers (`Mcp-Name` for named methods). The probes send
 * what these build; `model/modern-protocol.ts` reads the answers.
 */

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

