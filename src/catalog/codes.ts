/**
 * Every finding code mcp-doctor can emit. Codes are public API: never renamed or reused, only
 * deprecated. The order here is the order of `explain --list` and of the README table.
 */
export const FINDING_CODES = [
  'CONNECTION_REFUSED',
  'DNS_LOOKUP_FAILED',
  'TLS_HANDSHAKE_FAILED',
  'REQUEST_TIMEOUT',
  'GATEWAY_ERROR',
  'HTML_RESPONSE',
  'WRONG_PATH',
  'NOT_STREAMABLE_HTTP',
  'AUTH_REQUIRED',
  'UNEXPECTED_REDIRECT',
  'TRAILING_SLASH_REDIRECT',
  'ACCEPT_HEADER_REQUIRED',
  'ACCEPT_NEGOTIATION_BROKEN',
  'CONTENT_TYPE_REJECTED',
  'HOST_HEADER_REJECTED',
  'INITIALIZE_FAILED',
  'INVALID_JSONRPC_RESPONSE',
  'PROTOCOL_VERSION_UNSUPPORTED',
  'SERVER_STATEFUL',
  'FOREIGN_SESSION_ID_REJECTED',
  'SESSION_EXPIRY_NONCOMPLIANT',
  'PROTOCOL_VERSION_HEADER_IGNORED',
  'GET_STREAM_HANGS',
  'MCP_SESSION_FAILED',
  'TOOLS_LIST_FAILED',
  'RESOURCES_LIST_FAILED',
  'PROMPTS_LIST_FAILED',
  'TOOL_CALL_FAILED',
  'SERVER_ERROR',
  'TOKEN_REFLECTED',
  'AGENTCORE_CONTRACT_MISMATCH',
] as const;

/** A stable, SCREAMING_SNAKE finding code. */
export type FindingCode = (typeof FINDING_CODES)[number];

/** True when `value` names a known code (case-sensitive). */
export function isFindingCode(value: string): value is FindingCode {
  return (FINDING_CODES as readonly string[]).includes(value);
}
