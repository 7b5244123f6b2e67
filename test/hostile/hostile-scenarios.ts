import type { FindingCode } from '../../src/catalog/codes.js';
import type { HostileFixtureName } from '../../fixtures/hostile/index.js';

/**
 * What mcp-doctor must say about each hostile fixture (issue 6; reliability-security §8 R1–R3, S2,
 * S5, S7). `codes` must all be present (other findings may come too: on a loaded machine a slow
 * fixture can add a timeout elsewhere); `clean` demands no error or warning at all.
 */
export interface HostileScenario {
  fixture: HostileFixtureName;
  /** Codes the report must contain: at least the one naming what the server did. */
  codes: FindingCode[];
  /** Exit status: 0 or 1, never 2 (usage) or a signal. */
  exit: 0 | 1;
  /** Per-request timeout and whole-run deadline. */
  timeout: string;
  deadline: string;
  /** Send a bearer token (a canary) so that redirects, echoes and metadata URLs can leak it. */
  token?: boolean;
  /** No error or warning finding is allowed (compatibility cases). */
  clean?: boolean;
}

/** Fixtures that answer at once: a long timeout costs nothing and keeps a starved CI machine from turning a cap into a timeout. */
const NORMAL = { timeout: '10s', deadline: '30s' } as const;
/** Fixtures that pour data: every probe reads up to the cap, which takes long on a starved machine. */
const HEAVY = { timeout: '20s', deadline: '40s' } as const;
/** Fixtures that hang by design: the timeout is what ends them. */
const HANG = { timeout: '3s', deadline: '15s' } as const;

/** The hostile-server table. */
export const hostileScenarios: HostileScenario[] = [
  // Time: only deadlines end these.
  { fixture: 'sse-never-ends', codes: ['REQUEST_TIMEOUT'], exit: 1, ...HANG },
  { fixture: 'slow-drip', codes: ['REQUEST_TIMEOUT'], exit: 1, ...HANG },
  { fixture: 'slowloris-headers', codes: ['REQUEST_TIMEOUT'], exit: 1, ...HANG },
  // The stream must sit idle a second with the event pending; a longer timeout keeps that true when starved.
  { fixture: 'sse-no-terminator', codes: ['REQUEST_TIMEOUT', 'SSE_STREAM_MALFORMED'], exit: 1, timeout: '5s', deadline: '20s' },
  // Size: only caps end these.
  { fixture: 'huge-body', codes: ['RESPONSE_TOO_LARGE'], exit: 1, ...HEAVY },
  { fixture: 'sse-giant-event', codes: ['RESPONSE_TOO_LARGE'], exit: 1, ...HEAVY },
  { fixture: 'sse-event-flood', codes: ['RESPONSE_TOO_LARGE'], exit: 1, ...HEAVY },
  // Pages just under the body cap with fresh cursors, forever: only caps across pages end it.
  { fixture: 'endless-pagination', codes: ['TOOLS_LIST_FAILED', 'RESOURCES_LIST_FAILED', 'PROMPTS_LIST_FAILED'], exit: 1, ...HEAVY },
  { fixture: 'thousands-of-headers', codes: ['RESPONSE_TOO_LARGE'], exit: 1, ...NORMAL },
  { fixture: 'oversized-header', codes: ['RESPONSE_TOO_LARGE'], exit: 1, ...NORMAL },
  { fixture: 'gzip-bomb', codes: ['INVALID_JSONRPC_RESPONSE'], exit: 1, ...HEAVY },
  { fixture: 'brotli-bomb', codes: ['INVALID_JSONRPC_RESPONSE'], exit: 1, ...HEAVY },
  { fixture: 'content-encoding-layers', codes: ['INVALID_JSONRPC_RESPONSE'], exit: 1, ...NORMAL },
  // Framing.
  { fixture: 'bad-chunked', codes: ['MALFORMED_HTTP_RESPONSE'], exit: 1, ...NORMAL },
  { fixture: 'not-http', codes: ['MALFORMED_HTTP_RESPONSE'], exit: 1, ...NORMAL },
  { fixture: 'escape-in-header', codes: ['MALFORMED_HTTP_RESPONSE'], exit: 1, ...NORMAL },
  { fixture: 'reset-mid-body', codes: ['RESPONSE_INTERRUPTED'], exit: 1, ...NORMAL },
  { fixture: 'truncated-body', codes: ['RESPONSE_INTERRUPTED'], exit: 1, ...NORMAL },
  { fixture: 'empty-reply', codes: ['CONNECTION_REFUSED'], exit: 1, ...NORMAL },
  // SSE variants: the first three are legal and must pass clean.
  { fixture: 'sse-crlf', codes: [], exit: 0, clean: true, ...NORMAL },
  { fixture: 'sse-cr-only', codes: [], exit: 0, clean: true, ...NORMAL },
  { fixture: 'sse-bom', codes: [], exit: 0, clean: true, ...NORMAL },
  { fixture: 'sse-retry-zero', codes: ['SSE_STREAM_MALFORMED', 'INVALID_JSONRPC_RESPONSE'], exit: 1, ...NORMAL },
  { fixture: 'sse-retry-huge', codes: ['SSE_STREAM_MALFORMED', 'INVALID_JSONRPC_RESPONSE'], exit: 1, ...NORMAL },
  { fixture: 'sse-duplicate-id', codes: ['INVALID_JSONRPC_RESPONSE'], exit: 1, ...NORMAL },
  // JSON-RPC.
  { fixture: 'jsonrpc-wrong-id', codes: ['INVALID_JSONRPC_RESPONSE'], exit: 1, ...NORMAL },
  { fixture: 'response-to-other-request', codes: ['INVALID_JSONRPC_RESPONSE'], exit: 1, ...NORMAL },
  { fixture: 'json-deep-nesting', codes: ['INVALID_JSONRPC_RESPONSE'], exit: 1, ...NORMAL },
  { fixture: 'json-batch-reply', codes: ['INVALID_JSONRPC_RESPONSE'], exit: 1, ...NORMAL },
  { fixture: 'invalid-utf8', codes: ['INVALID_JSONRPC_RESPONSE'], exit: 1, ...NORMAL },
  { fixture: 'proto-keys', codes: ['MCP_SESSION_FAILED'], exit: 1, ...NORMAL },
  // Terminal injection.
  { fixture: 'control-chars-in-body', codes: ['CONTROL_CHARACTERS_IN_RESPONSE'], exit: 0, ...NORMAL },
  { fixture: 'control-chars-in-headers', codes: ['CONTROL_CHARACTERS_IN_RESPONSE'], exit: 0, ...NORMAL },
  { fixture: 'control-chars-in-error-page', codes: ['SERVER_ERROR', 'CONTROL_CHARACTERS_IN_RESPONSE'], exit: 1, ...NORMAL },
  // Where the token may go.
  { fixture: 'redirect-loop', codes: ['UNEXPECTED_REDIRECT'], exit: 1, token: true, ...NORMAL },
  { fixture: 'cross-origin-redirect', codes: ['UNEXPECTED_REDIRECT'], exit: 1, token: true, ...NORMAL },
  { fixture: 'downgrade-redirect', codes: ['UNEXPECTED_REDIRECT'], exit: 1, token: true, ...NORMAL },
  { fixture: 'token-echo-everywhere', codes: ['TOKEN_REFLECTED'], exit: 1, token: true, ...NORMAL },
  { fixture: 'resource-metadata-other-origin', codes: ['AUTH_REQUIRED', 'PRM_INVALID'], exit: 1, token: true, ...NORMAL },
  { fixture: 'resource-metadata-link-local', codes: ['AUTH_REQUIRED', 'PRM_INVALID'], exit: 1, token: true, ...NORMAL },
];
