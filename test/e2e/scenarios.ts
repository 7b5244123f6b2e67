import type { FindingCode } from '../../src/catalog/codes.js';
import type { FixtureName } from '../../fixtures/servers/index.js';
import { modernScenarios } from './modern-scenarios.js';

/**
 * The end-to-end table: fixture server → the exact set of codes the built CLI must report.
 * `test/registry.test.ts` requires every catalog code to appear here, so every code has a test
 * that triggers it through the real binary.
 */
export interface Scenario {
  name: string;
  fixture?: FixtureName;
  /** Builds the target URL from the fixture's URL (default: the fixture URL itself). */
  url?: (fixtureUrl: string, origin: string) => string;
  args?: string[];
  /** Exactly these codes, any severity. */
  codes: FindingCode[];
  /** These must be at severity error (the rest of `codes` may be anything). */
  errors?: FindingCode[];
  /** No finding above info: the healthy baselines. */
  clean?: true;
  exit: 0 | 1;
}

/** A healthy local server refuses a foreign Origin (the specification's 403): HOST_ALLOWLIST_ACTIVE. */
const HEALTHY_INFO: FindingCode[] = ['ACCEPT_HEADER_REQUIRED', 'CONTENT_TYPE_REJECTED', 'HOST_ALLOWLIST_ACTIVE'];
/** A loopback server that checks neither Host nor Origin (python-sdk with host="0.0.0.0", hand-wired apps). */
const UNPROTECTED_INFO: FindingCode[] = ['ACCEPT_HEADER_REQUIRED', 'CONTENT_TYPE_REJECTED', 'DNS_REBINDING_UNPROTECTED'];

export const scenarios: Scenario[] = [
  { name: 'healthy stateless server (JSON responses)', fixture: 'healthy-json', codes: HEALTHY_INFO, clean: true, exit: 0 },
  { name: 'healthy stateless server (SSE responses)', fixture: 'healthy-sse', codes: HEALTHY_INFO, clean: true, exit: 0 },
  // Fixtures listen on a random port, so the container-contract warning is expected here.
  { name: 'healthy server under the agentcore profile', fixture: 'healthy-json', args: ['--profile', 'agentcore'], codes: [...HEALTHY_INFO, 'AGENTCORE_CONTRACT_MISMATCH'], exit: 0 },
  { name: 'stateful TypeScript server', fixture: 'stateful', codes: [...HEALTHY_INFO, 'SERVER_STATEFUL', 'FOREIGN_SESSION_ID_REJECTED'], exit: 0 },
  {
    name: 'stateful server under the agentcore profile',
    fixture: 'stateful',
    args: ['--profile', 'agentcore'],
    codes: [...HEALTHY_INFO, 'SERVER_STATEFUL', 'FOREIGN_SESSION_ID_REJECTED', 'AGENTCORE_CONTRACT_MISMATCH'],
    errors: ['SERVER_STATEFUL', 'FOREIGN_SESSION_ID_REJECTED'],
    exit: 1,
  },
  { name: 'stateful server answering 400 for unknown sessions', fixture: 'stateful-legacy-400', codes: [...HEALTHY_INFO, 'SERVER_STATEFUL', 'FOREIGN_SESSION_ID_REJECTED', 'SESSION_EXPIRY_NONCOMPLIANT'], exit: 0 },
  { name: 'python stateless server with a silent GET stream', fixture: 'python-stateless', codes: [...UNPROTECTED_INFO, 'GET_STREAM_HANGS', 'TRAILING_SLASH_REDIRECT'], exit: 0 },
  { name: 'python stateful server', fixture: 'python-stateful', codes: [...UNPROTECTED_INFO, 'SERVER_STATEFUL', 'FOREIGN_SESSION_ID_REJECTED', 'TRAILING_SLASH_REDIRECT'], exit: 0 },
  { name: 'python Host check (421) under the agentcore profile', fixture: 'host-check-421', args: ['--profile', 'agentcore'], codes: [...HEALTHY_INFO, 'HOST_HEADER_REJECTED', 'AGENTCORE_CONTRACT_MISMATCH'], errors: ['HOST_HEADER_REJECTED'], exit: 1 },
  // Under the generic profile a refused made-up Host on a loopback server is the protection working.
  { name: 'TypeScript Host check (403)', fixture: 'host-check-403', codes: HEALTHY_INFO, exit: 0 },
  { name: 'python Host check (421)', fixture: 'host-check-421', codes: HEALTHY_INFO, exit: 0 },
  { name: 'wrong path', fixture: 'wrong-path', codes: ['WRONG_PATH'], errors: ['WRONG_PATH'], exit: 1 },
  { name: 'legacy HTTP+SSE endpoint', fixture: 'legacy-sse', codes: ['NOT_STREAMABLE_HTTP'], errors: ['NOT_STREAMABLE_HTTP'], exit: 1 },
  { name: 'HTML login page', fixture: 'html-login', codes: ['HTML_RESPONSE'], errors: ['HTML_RESPONSE'], exit: 1 },
  { name: '502 from a proxy', fixture: 'gateway-502', codes: ['GATEWAY_ERROR'], errors: ['GATEWAY_ERROR'], exit: 1 },
  { name: 'server that never answers', fixture: 'hanging', args: ['--timeout', '1s'], codes: ['REQUEST_TIMEOUT'], errors: ['REQUEST_TIMEOUT'], exit: 1 },
  { name: 'proxy that rewrites Accept', fixture: 'accept-rewritten', codes: ['ACCEPT_NEGOTIATION_BROKEN'], errors: ['ACCEPT_NEGOTIATION_BROKEN'], exit: 1 },
  { name: 'server ignoring MCP-Protocol-Version', fixture: 'protocol-version-ignored', codes: [...HEALTHY_INFO, 'PROTOCOL_VERSION_HEADER_IGNORED'], exit: 0 },
  { name: 'server negotiating an unknown version', fixture: 'protocol-version-unsupported', codes: [...HEALTHY_INFO, 'PROTOCOL_VERSION_UNSUPPORTED'], errors: ['PROTOCOL_VERSION_UNSUPPORTED'], exit: 1 },
  { name: 'non-JSON-RPC body', fixture: 'invalid-jsonrpc', codes: ['INVALID_JSONRPC_RESPONSE'], errors: ['INVALID_JSONRPC_RESPONSE'], exit: 1 },
  { name: 'initialize answered with an error', fixture: 'initialize-error', codes: ['ACCEPT_HEADER_REQUIRED', 'CONTENT_TYPE_REJECTED', 'INITIALIZE_FAILED'], errors: ['INITIALIZE_FAILED'], exit: 1 },
  { name: 'tools/list fails', fixture: 'tools-list-fails', codes: [...HEALTHY_INFO, 'TOOLS_LIST_FAILED'], errors: ['TOOLS_LIST_FAILED'], exit: 1 },
  { name: 'redirect between /mcp and /mcp/', fixture: 'trailing-slash-redirect', codes: ['TRAILING_SLASH_REDIRECT'], exit: 0 },
  { name: 'server error (missing lifespan)', fixture: 'server-error', codes: ['SERVER_ERROR'], errors: ['SERVER_ERROR'], exit: 1 },
  { name: 'paginated tools/list', fixture: 'paginated-tools', codes: HEALTHY_INFO, clean: true, exit: 0 },
  { name: 'protected server without a token', fixture: 'auth-required', codes: ['AUTH_REQUIRED'], errors: ['AUTH_REQUIRED'], exit: 1 },
  // It accepts any bearer value at all, and its 401 points nowhere.
  { name: 'protected server that accepts any token', fixture: 'auth-required', args: ['--token', 'e2e-token-0123456789'], codes: [...HEALTHY_INFO, 'INVALID_TOKEN_ACCEPTED', 'WWW_AUTHENTICATE_MISSING'], errors: ['INVALID_TOKEN_ACCEPTED'], exit: 1 },
  { name: 'protected server whose metadata URL is broken', fixture: 'prm-broken', args: ['--token', 'fixture-valid-token-0001'], codes: [...HEALTHY_INFO, 'PRM_INVALID'], exit: 0 },
  // A token given to a server that checks none: whoever has the URL is in.
  { name: 'server echoing the token', fixture: 'token-echo', args: ['--token', 'e2e-token-0123456789'], codes: [...UNPROTECTED_INFO, 'TOKEN_REFLECTED', 'UNAUTHENTICATED_ACCESS_ALLOWED'], errors: ['UNAUTHENTICATED_ACCESS_ALLOWED'], exit: 1 },
  { name: 'redirect to a login page on another origin', fixture: 'login-redirect', codes: ['UNEXPECTED_REDIRECT'], errors: ['UNEXPECTED_REDIRECT'], exit: 1 },
  { name: 'ping fails in the SDK session', fixture: 'ping-fails', codes: [...HEALTHY_INFO, 'MCP_SESSION_FAILED'], errors: ['MCP_SESSION_FAILED'], exit: 1 },
  { name: 'resources/list and prompts/list fail', fixture: 'lists-fail', codes: [...HEALTHY_INFO, 'RESOURCES_LIST_FAILED', 'PROMPTS_LIST_FAILED'], exit: 0 },
  { name: 'a tool called with --call fails', fixture: 'healthy-json', args: ['--call', 'fail', '--args', '{}'], codes: [...HEALTHY_INFO, 'TOOL_CALL_FAILED'], errors: ['TOOL_CALL_FAILED'], exit: 1 },
  { name: 'a tool called with --call succeeds', fixture: 'healthy-json', args: ['--call', 'echo', '--args', '{"text":"hi"}'], codes: HEALTHY_INFO, clean: true, exit: 0 },
  { name: 'connection refused', url: () => 'http://127.0.0.1:9/mcp', codes: ['CONNECTION_REFUSED'], errors: ['CONNECTION_REFUSED'], exit: 1 },
  { name: 'TLS to a plain-HTTP port', fixture: 'healthy-json', url: (url) => url.replace('http://', 'https://'), codes: ['TLS_HANDSHAKE_FAILED'], errors: ['TLS_HANDSHAKE_FAILED'], exit: 1 },
  ...modernScenarios,
];

/** Codes covered by in-process tests instead (they need an injected resolver, not the network). */
export const libraryScenarioCodes: FindingCode[] = ['DNS_LOOKUP_FAILED'];
