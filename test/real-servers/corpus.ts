/**
 * The real-servers corpus: for each third-party server, first what it does with raw requests
 * (recorded with record-raw.ts, before any expectation was written), then the codes the doctor
 * must report under each profile. docs/real-servers.md renders the same table.
 * When the doctor and a recorded behaviour disagree, the doctor is fixed, never the case.
 */

/** What the server answered to each raw request (status, and the words that matter). */
export interface RawBehaviour {
  /** The compliant initialize (the control of the initialize variants). */
  init: string;
  /** initialize with `Content-Type: text/plain`. */
  textPlain: string;
  /** initialize with a made-up Host. */
  foreignHost: string;
  /** initialize with a made-up Origin. */
  foreignOrigin: string;
  /** GET with `Accept: text/event-stream`, no session, read for 1.5 s. */
  get: string;
  /** tools/list without a session id, with a foreign one (and with the issued one, when one was issued). */
  sessions: string;
  /** tools/list with `MCP-Protocol-Version: 1999-01-01`. */
  bogusVersion: string;
  /** DELETE without a session, and what the server does afterwards. */
  delete: string;
}

/** One case: a server, its raw behaviour, extra CLI arguments, and the expected `CODE:severity` set per profile. */
export interface CorpusCase {
  name: string;
  server: string;
  raw: RawBehaviour;
  args?: string[];
  generic: string[];
  agentcore: string[];
  /** The server must be started anew for each run: a run leaves it changed (see `raw.delete`). */
  freshPerRun?: boolean;
}

const SDK_V1_STATEFUL_RAW = {
  init: '200 SSE, Mcp-Session-Id',
  textPlain: '400 JSON-RPC "Bad Request: No valid session ID provided" (express.json() skipped the body)',
  foreignHost: '403 JSON-RPC "Invalid Host: <name>" (createMcpExpressApp localhost allowlist)',
  foreignOrigin: '200',
  get: '400 "Missing session ID" or "No valid session ID provided"',
  sessions: 'none: 400 "No valid session ID provided"; foreign: 404 "Session not found"; issued: 200',
  bogusVersion: '400 "Unsupported protocol version"',
  delete: '400 or 404; later requests unaffected',
};

const SDK_V1_STATEFUL_GENERIC = ['ACCEPT_HEADER_REQUIRED:info', 'CONTENT_TYPE_REJECTED:info', 'HOST_ALLOWLIST_ACTIVE:info', 'SERVER_STATEFUL:info', 'FOREIGN_SESSION_ID_REJECTED:info'];
const SDK_V1_STATEFUL_AGENTCORE = ['ACCEPT_HEADER_REQUIRED:info', 'CONTENT_TYPE_REJECTED:info', 'HOST_HEADER_REJECTED:error', 'SERVER_STATEFUL:error', 'FOREIGN_SESSION_ID_REJECTED:error', 'AGENTCORE_CONTRACT_MISMATCH:warning'];
/** Every URL target on a random port misses AgentCore's port 8000. */
const CONTRACT = 'AGENTCORE_CONTRACT_MISMATCH:warning';

export const CASES: readonly CorpusCase[] = [
  { name: 'SDK v1 simpleStreamableHttp (stateful)', server: 'sdk-v1-stateful', raw: SDK_V1_STATEFUL_RAW, generic: SDK_V1_STATEFUL_GENERIC, agentcore: SDK_V1_STATEFUL_AGENTCORE },
  { name: 'SDK v1 jsonResponseStreamableHttp (stateful, JSON answers)', server: 'sdk-v1-json', raw: { ...SDK_V1_STATEFUL_RAW, init: '200 application/json, Mcp-Session-Id', get: '405 "Method Not Allowed"' }, generic: SDK_V1_STATEFUL_GENERIC, agentcore: SDK_V1_STATEFUL_AGENTCORE },
  { name: 'SDK v1 standaloneSseWithGetStreamableHttp', server: 'sdk-v1-standalone-sse', raw: SDK_V1_STATEFUL_RAW, generic: SDK_V1_STATEFUL_GENERIC, agentcore: SDK_V1_STATEFUL_AGENTCORE },
  { name: 'SDK v1 sseAndStreamableHttpCompatibleServer', server: 'sdk-v1-compat', raw: SDK_V1_STATEFUL_RAW, generic: SDK_V1_STATEFUL_GENERIC, agentcore: SDK_V1_STATEFUL_AGENTCORE },
  { name: 'SDK v1 ssePollingExample', server: 'sdk-v1-polling', raw: SDK_V1_STATEFUL_RAW, generic: SDK_V1_STATEFUL_GENERIC, agentcore: SDK_V1_STATEFUL_AGENTCORE },
  {
    name: 'SDK v1 simpleStatelessStreamableHttp',
    server: 'sdk-v1-stateless',
    raw: {
      init: '200 SSE, no session id',
      textPlain: '415 "Unsupported Media Type: Content-Type must be application/json"',
      foreignHost: '403 "Invalid Host: <name>"',
      foreignOrigin: '200',
      get: '405 "Method not allowed."',
      sessions: 'none: 200; foreign: 200',
      bogusVersion: '400 "Unsupported protocol version"',
      delete: '405',
    },
    generic: ['ACCEPT_HEADER_REQUIRED:info', 'CONTENT_TYPE_REJECTED:info', 'HOST_ALLOWLIST_ACTIVE:info'],
    agentcore: ['ACCEPT_HEADER_REQUIRED:info', 'CONTENT_TYPE_REJECTED:info', 'HOST_HEADER_REJECTED:error', CONTRACT],
  },
  {
    name: 'SDK v1 honoWebStandardStreamableHttp (stateless, web-standard transport)',
    server: 'sdk-v1-hono',
    raw: {
      init: '200 SSE, no session id',
      textPlain: '415',
      foreignHost: '200',
      foreignOrigin: '200',
      get: '200 text/event-stream, 0 bytes in 1.5 s',
      sessions: 'none: 200; foreign: 200',
      bogusVersion: '400',
      delete: '200; later requests unaffected',
    },
    generic: ['ACCEPT_HEADER_REQUIRED:info', 'CONTENT_TYPE_REJECTED:info', 'DNS_REBINDING_UNPROTECTED:warning', 'GET_STREAM_HANGS:warning'],
    agentcore: ['ACCEPT_HEADER_REQUIRED:info', 'CONTENT_TYPE_REJECTED:info', 'GET_STREAM_HANGS:warning', CONTRACT],
  },
  {
    name: 'SDK v1 transport with allowedHosts and allowedOrigins',
    server: 'sdk-v1-allowlist',
    raw: {
      init: '200 SSE, no session id',
      textPlain: '415',
      foreignHost: '403 "Invalid Host header: <host>"',
      foreignOrigin: '403 "Invalid Origin header: <origin>"; https://app.example: 200',
      get: '200 text/event-stream, 0 bytes in 1.5 s',
      sessions: 'none: 200; foreign: 200',
      bogusVersion: '400',
      delete: '200; later requests unaffected',
    },
    generic: ['ACCEPT_HEADER_REQUIRED:info', 'CONTENT_TYPE_REJECTED:info', 'HOST_ALLOWLIST_ACTIVE:info', 'GET_STREAM_HANGS:warning'],
    agentcore: ['ACCEPT_HEADER_REQUIRED:info', 'CONTENT_TYPE_REJECTED:info', 'HOST_HEADER_REJECTED:error', 'HOST_ALLOWLIST_ACTIVE:info', 'GET_STREAM_HANGS:warning', CONTRACT],
  },
  {
    name: 'the same, with the Origin its clients send (--origin https://app.example)',
    server: 'sdk-v1-allowlist',
    raw: { init: '200', textPlain: '415', foreignHost: '403', foreignOrigin: 'https://app.example: 200', get: '200, 0 bytes', sessions: '200', bogusVersion: '400', delete: '200' },
    args: ['--origin', 'https://app.example'],
    generic: ['ACCEPT_HEADER_REQUIRED:info', 'CONTENT_TYPE_REJECTED:info', 'HOST_ALLOWLIST_ACTIVE:info', 'GET_STREAM_HANGS:warning'],
    agentcore: ['ACCEPT_HEADER_REQUIRED:info', 'CONTENT_TYPE_REJECTED:info', 'HOST_HEADER_REJECTED:error', 'HOST_ALLOWLIST_ACTIVE:info', 'GET_STREAM_HANGS:warning', CONTRACT],
  },
  {
    name: 'the same, with an Origin it does not allow (--origin https://other.example)',
    server: 'sdk-v1-allowlist',
    raw: { init: '200', textPlain: '415', foreignHost: '403', foreignOrigin: '403 "Invalid Origin header: https://other.example"', get: '200, 0 bytes', sessions: '200', bogusVersion: '400', delete: '200' },
    args: ['--origin', 'https://other.example'],
    generic: ['ACCEPT_HEADER_REQUIRED:info', 'CONTENT_TYPE_REJECTED:info', 'HOST_ALLOWLIST_ACTIVE:info', 'ORIGIN_REJECTED:error', 'GET_STREAM_HANGS:warning'],
    agentcore: ['ACCEPT_HEADER_REQUIRED:info', 'CONTENT_TYPE_REJECTED:info', 'HOST_HEADER_REJECTED:error', 'HOST_ALLOWLIST_ACTIVE:info', 'ORIGIN_REJECTED:error', 'GET_STREAM_HANGS:warning', CONTRACT],
  },
  {
    name: 'SDK v2 (@modelcontextprotocol/server + node), stateful',
    server: 'sdk-v2-stateful',
    raw: {
      init: '200 SSE, Mcp-Session-Id',
      textPlain: '415',
      foreignHost: '200',
      foreignOrigin: '200',
      get: '400 "Bad Request: Server not initialized"',
      sessions: 'none: 400 "Server not initialized"; foreign: 400 "Server not initialized"; issued: 200',
      bogusVersion: '400',
      delete: '400; later requests unaffected',
    },
    generic: ['ACCEPT_HEADER_REQUIRED:info', 'CONTENT_TYPE_REJECTED:info', 'DNS_REBINDING_UNPROTECTED:warning', 'SERVER_STATEFUL:info', 'FOREIGN_SESSION_ID_REJECTED:info', 'SESSION_EXPIRY_NONCOMPLIANT:warning'],
    agentcore: ['ACCEPT_HEADER_REQUIRED:info', 'CONTENT_TYPE_REJECTED:info', 'SERVER_STATEFUL:error', 'FOREIGN_SESSION_ID_REJECTED:error', 'SESSION_EXPIRY_NONCOMPLIANT:warning', CONTRACT],
  },
  {
    name: 'SDK v2, stateless (a transport per request)',
    server: 'sdk-v2-stateless',
    raw: {
      init: '200 SSE, no session id',
      textPlain: '415',
      foreignHost: '200',
      foreignOrigin: '200',
      get: '200 text/event-stream, 0 bytes in 1.5 s',
      sessions: 'none: 200; foreign: 200',
      bogusVersion: '400',
      delete: '200; later requests unaffected',
    },
    generic: ['ACCEPT_HEADER_REQUIRED:info', 'CONTENT_TYPE_REJECTED:info', 'DNS_REBINDING_UNPROTECTED:warning', 'GET_STREAM_HANGS:warning'],
    agentcore: ['ACCEPT_HEADER_REQUIRED:info', 'CONTENT_TYPE_REJECTED:info', 'GET_STREAM_HANGS:warning', CONTRACT],
  },
  {
    name: '@modelcontextprotocol/server-everything streamableHttp',
    server: 'everything',
    raw: {
      init: '200 SSE (priming event), Mcp-Session-Id',
      textPlain: '415',
      foreignHost: '200',
      foreignOrigin: '200',
      get: '400 "No valid session ID provided"',
      sessions: 'none: 400 "Server not initialized"; foreign: 400 "No valid session ID provided"; issued: 200',
      bogusVersion: '400',
      delete: '400; later requests unaffected',
    },
    generic: ['ACCEPT_HEADER_REQUIRED:info', 'CONTENT_TYPE_REJECTED:info', 'DNS_REBINDING_UNPROTECTED:warning', 'SERVER_STATEFUL:info', 'FOREIGN_SESSION_ID_REJECTED:info', 'SESSION_EXPIRY_NONCOMPLIANT:warning'],
    agentcore: ['ACCEPT_HEADER_REQUIRED:info', 'CONTENT_TYPE_REJECTED:info', 'SERVER_STATEFUL:error', 'FOREIGN_SESSION_ID_REJECTED:error', 'SESSION_EXPIRY_NONCOMPLIANT:warning', CONTRACT],
  },
  {
    name: 'fastmcp httpStream (stateful)',
    server: 'fastmcp-stateful',
    raw: {
      init: '200 SSE, Mcp-Session-Id',
      textPlain: '415',
      foreignHost: '200',
      foreignOrigin: '200',
      get: '400 "No sessionId"',
      sessions: 'none: 400 "No valid session ID provided"; foreign: 404 "Session not found"; issued: 200',
      bogusVersion: '400',
      delete: '400 "Invalid or missing sessionId"; later requests unaffected',
    },
    generic: ['ACCEPT_HEADER_REQUIRED:info', 'CONTENT_TYPE_REJECTED:info', 'DNS_REBINDING_UNPROTECTED:warning', 'SERVER_STATEFUL:info', 'FOREIGN_SESSION_ID_REJECTED:info'],
    agentcore: ['ACCEPT_HEADER_REQUIRED:info', 'CONTENT_TYPE_REJECTED:info', 'SERVER_STATEFUL:error', 'FOREIGN_SESSION_ID_REJECTED:error', CONTRACT],
  },
  {
    name: 'fastmcp httpStream stateless',
    server: 'fastmcp-stateless',
    raw: { init: '200 SSE, no session id', textPlain: '415', foreignHost: '200', foreignOrigin: '200', get: '405 "Method Not Allowed"', sessions: 'none: 200; foreign: 200', bogusVersion: '400', delete: '405' },
    generic: ['ACCEPT_HEADER_REQUIRED:info', 'CONTENT_TYPE_REJECTED:info', 'DNS_REBINDING_UNPROTECTED:warning'],
    agentcore: ['ACCEPT_HEADER_REQUIRED:info', 'CONTENT_TYPE_REJECTED:info', CONTRACT],
  },
  {
    name: 'mcp-framework http-stream',
    server: 'mcp-framework',
    raw: {
      init: '200 SSE, Mcp-Session-Id',
      textPlain: '415',
      foreignHost: '200',
      foreignOrigin: '200',
      get: '400 "No valid session ID provided"',
      sessions: 'none: 400 "No valid session ID provided"; foreign: 404 "Session not found"; issued: 200',
      bogusVersion: '400',
      delete: '400; later requests unaffected',
    },
    generic: ['ACCEPT_HEADER_REQUIRED:info', 'CONTENT_TYPE_REJECTED:info', 'DNS_REBINDING_UNPROTECTED:warning', 'SERVER_STATEFUL:info', 'FOREIGN_SESSION_ID_REJECTED:info'],
    agentcore: ['ACCEPT_HEADER_REQUIRED:info', 'CONTENT_TYPE_REJECTED:info', 'SERVER_STATEFUL:error', 'FOREIGN_SESSION_ID_REJECTED:error', CONTRACT],
  },
  {
    name: '@hono/mcp StreamableHTTPTransport (one shared stateless transport)',
    server: 'hono-mcp',
    raw: {
      init: '200 SSE, no session id; any one Accept type is enough',
      textPlain: '415',
      foreignHost: '200',
      foreignOrigin: '200',
      get: '200 text/event-stream, 0 bytes in 1.5 s',
      sessions: 'none: 200; foreign: 200',
      bogusVersion: '400',
      delete: '200, and it closes the shared transport: every later request gets 500 "Internal Server Error" (an open GET stream ends at once)',
    },
    generic: ['CONTENT_TYPE_REJECTED:info', 'DNS_REBINDING_UNPROTECTED:warning', 'GET_STREAM_HANGS:warning'],
    agentcore: ['CONTENT_TYPE_REJECTED:info', 'GET_STREAM_HANGS:warning', CONTRACT],
    freshPerRun: true,
  },
  {
    name: 'mcp-handler (Vercel) on Hono',
    server: 'mcp-handler',
    raw: { init: '200 SSE, no session id', textPlain: '415', foreignHost: '200', foreignOrigin: '200', get: '405 "Method not allowed."', sessions: 'none: 200; foreign: 200', bogusVersion: '400', delete: '405' },
    generic: ['ACCEPT_HEADER_REQUIRED:info', 'CONTENT_TYPE_REJECTED:info', 'DNS_REBINDING_UNPROTECTED:warning'],
    agentcore: ['ACCEPT_HEADER_REQUIRED:info', 'CONTENT_TYPE_REJECTED:info', CONTRACT],
  },
  {
    name: 'tmcp with @tmcp/transport-http',
    server: 'tmcp',
    raw: {
      init: '200 SSE, Mcp-Session-Id',
      textPlain: '415 JSON-RPC "Invalid Request"',
      foreignHost: '200',
      foreignOrigin: '200',
      get: '200 text/event-stream, the comment ": connected" at once, then silence',
      sessions: 'none: 200; foreign: 200; issued: 200 (ids issued, never required)',
      bogusVersion: '200 (the header is not validated)',
      delete: '200; later requests unaffected',
    },
    generic: ['CONTENT_TYPE_REJECTED:info', 'DNS_REBINDING_UNPROTECTED:warning', 'SESSION_OPTIONAL:info', 'PROTOCOL_VERSION_HEADER_IGNORED:warning'],
    agentcore: ['CONTENT_TYPE_REJECTED:info', 'SESSION_OPTIONAL:info', 'PROTOCOL_VERSION_HEADER_IGNORED:warning', CONTRACT],
  },
  {
    name: 'supergateway stdio → Streamable HTTP (stateless), server-everything behind it',
    server: 'supergateway-stateless',
    raw: { init: '200 SSE, no session id', textPlain: '415 "Content-Type must be application/json"', foreignHost: '200', foreignOrigin: '200', get: '405', sessions: 'none: 200; foreign: 200', bogusVersion: '400', delete: '405' },
    generic: ['ACCEPT_HEADER_REQUIRED:info', 'CONTENT_TYPE_REJECTED:info', 'DNS_REBINDING_UNPROTECTED:warning'],
    agentcore: ['ACCEPT_HEADER_REQUIRED:info', 'CONTENT_TYPE_REJECTED:info', CONTRACT],
  },
  {
    name: 'supergateway --stateful, server-everything behind it',
    server: 'supergateway-stateful',
    raw: {
      init: '200 SSE, Mcp-Session-Id',
      textPlain: '415',
      foreignHost: '200',
      foreignOrigin: '200',
      get: '400 "Invalid or missing session ID"',
      sessions: 'none: 400 "No valid session ID provided"; foreign: 404 "Session not found"; issued: 200',
      bogusVersion: '400',
      delete: '400; later requests unaffected',
    },
    generic: ['ACCEPT_HEADER_REQUIRED:info', 'CONTENT_TYPE_REJECTED:info', 'DNS_REBINDING_UNPROTECTED:warning', 'SERVER_STATEFUL:info', 'FOREIGN_SESSION_ID_REJECTED:info'],
    agentcore: ['ACCEPT_HEADER_REQUIRED:info', 'CONTENT_TYPE_REJECTED:info', 'SERVER_STATEFUL:error', 'FOREIGN_SESSION_ID_REJECTED:error', CONTRACT],
  },
];

/** Every code some corpus case expects (the registry's end-to-end coverage counts these). */
export const realServerCodes: string[] = [...new Set(CASES.flatMap((c) => [...c.generic, ...c.agentcore]).map((entry) => entry.split(':')[0] as string))];
