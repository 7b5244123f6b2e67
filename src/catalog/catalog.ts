import type { FindingArgs } from '../model/contracts.js';
import type { Profile, Severity, SpecReference } from '../model/report.js';
import type { FindingCode } from './codes.js';
import type { AdviceLine } from './stacks.js';
import { modernCatalog } from './modern-catalog.js';
import { teardownEntries } from './teardown-entries.js';

/** Everything the doctor knows about one code: the single source for reports, explain and docs. */
export interface CatalogEntry {
  title: string;
  /** Default severity. */
  severity: Severity;
  /** Overrides of the default severity per profile. */
  severityByProfile?: Partial<Record<Profile, Severity>>;
  /**
   * The severity when `mcp-doctor lint` reports the code from a project file, when it differs from
   * the `agentcore` profile's (a file that will break the deployment, or only predicts a failure).
   */
  lintSeverity?: Severity;
  /** One sentence naming the expected and the observed behaviour. */
  summary: (args: FindingArgs) => string;
  /** What it means, in a paragraph. */
  explanation: string;
  /**
   * Likely root causes, most likely first. A line about one library or toolchain names it
   * (`{ text, for }`); findings put the detected stack's lines first.
   */
  causes: readonly AdviceLine[];
  /** Concrete fixes, copy-pasteable where possible; library-specific ones name their library. */
  remediation: readonly AdviceLine[];
  /** HTTP statuses that can produce this code (what `explain 406` searches). */
  statuses: number[];
  /**
   * Error texts users paste that point to this code (what `explain "<text>"` searches): exact
   * wordings or narrow ones, which outrank every `broadPatterns` match whatever their length.
   */
  patterns: RegExp[];
  /** Catch-alls (a bare status word, a shared prefix): they match only when nothing narrower does. */
  broadPatterns?: RegExp[];
  spec?: SpecReference;
}

const SPEC_BASE = 'https://modelcontextprotocol.io/specification/2025-11-25/basic';

const TRANSPORTS_SPEC: SpecReference = { id: 'MCP 2025-11-25 Transports: Streamable HTTP', url: `${SPEC_BASE}/transports#streamable-http` };
const SESSION_SPEC: SpecReference = { id: 'MCP 2025-11-25 Transports: Session Management', url: `${SPEC_BASE}/transports#session-management` };
const VERSION_HEADER_SPEC: SpecReference = { id: 'MCP 2025-11-25 Transports: Protocol Version Header', url: `${SPEC_BASE}/transports#protocol-version-header` };
const LIFECYCLE_SPEC: SpecReference = { id: 'MCP 2025-11-25 Lifecycle: Initialization', url: `${SPEC_BASE}/lifecycle#initialization` };
const SENDING_SPEC: SpecReference = { id: 'MCP 2025-11-25 Transports: Sending Messages to the Server', url: `${SPEC_BASE}/transports#sending-messages-to-the-server` };
const LISTENING_SPEC: SpecReference = { id: 'MCP 2025-11-25 Transports: Listening for Messages from the Server', url: `${SPEC_BASE}/transports#listening-for-messages-from-the-server` };
const SECURITY_SPEC: SpecReference = { id: 'MCP 2025-11-25 Transports: Security Warning (DNS rebinding)', url: `${SPEC_BASE}/transports#security-warning` };
const AUTH_SPEC: SpecReference = { id: 'MCP 2025-11-25 Authorization', url: `${SPEC_BASE}/authorization` };

/**
 * How each library listens on every interface at port 8000 (agentcore-contract §13): python-sdk
 * 1.x takes host and port only in the constructor (`run()` raises TypeError on them), python-sdk
 * 2.x only at `run()`, fastmcp 3.x refuses a constructor `host`.
 */
const LISTEN_ALL: readonly AdviceLine[] = [
  { for: 'python-sdk', text: '`mcp = FastMCP("server", host="0.0.0.0", port=8000)` then `mcp.run(transport="streamable-http")`; `run()` takes only `transport` and `mount_path`, so host or port there is a TypeError at start-up.' },
  { for: 'python-sdk-v2', text: '`mcp.run(transport="streamable-http", host="0.0.0.0", port=8000)` (v2 takes host and port at `run()` or `streamable_http_app()`, not in the constructor).' },
  { for: 'fastmcp', text: '`mcp.run(transport="http", host="0.0.0.0", port=8000)` (3.x refuses a constructor `host`; 2.x only warns).' },
  { for: 'uvicorn', text: '`uvicorn app:app --host 0.0.0.0 --port 8000`.' },
  { for: 'node', text: '`app.listen(8000, "0.0.0.0")` with `POST /mcp` routed to the transport.' },
];

/** How each library drops MCP sessions (agentcore-contract §3.1, §13). */
const STATELESS: readonly AdviceLine[] = [
  { for: 'python-sdk', text: '`mcp = FastMCP("server", stateless_http=True, host="0.0.0.0", port=8000)` then `mcp.run(transport="streamable-http")` (constructor settings; `run()` rejects them).' },
  { for: 'python-sdk-v2', text: 'build the app stateless and pass host and port at `run()`/`streamable_http_app()`, not in the `MCPServer` constructor.' },
  { for: 'fastmcp', text: '`mcp.run(transport="http", host="0.0.0.0", port=8000, stateless_http=True)`.' },
  { for: 'typescript-sdk', text: '`new StreamableHTTPServerTransport({ sessionIdGenerator: undefined })`, with a new server and transport per request.' },
];

/** Ends a sentence once: server and AWS messages often bring their own full stop. */
const sentence = (text: string): string => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);
const via = (a: FindingArgs): string => (a.probe ? ` for ${a.probe}` : '');
const whereas = (a: FindingArgs): string => (a.control ? `, whereas ${a.control}` : '');
const said = (a: FindingArgs): string => (a.detail ? `: "${a.detail}"` : '');

/** The root-cause catalog. A missing code is a compile error. */
export const catalog = {
  ...modernCatalog,
  CONNECTION_REFUSED: {
    title: 'Nothing is listening at the target address',
    severity: 'error',
    summary: (a) => `The TCP connection to ${a.host ?? 'the target'} was refused${a.errorCode ? ` (${a.errorCode})` : ''}; no HTTP status was ever produced.`,
    explanation:
      'The operating system on the target host answered the connection attempt with a reset: no process accepts connections on that address and port. The MCP server is not running, listens on another port, or listens only on the loopback interface of its container.',
    causes: [
      'The server is not running, or listens on another port than the URL names (AgentCore expects 8000).',
      { remoteOnly: true, text: 'The server binds 127.0.0.1 (the FastMCP and uvicorn default) inside a container or on another host, so traffic arriving on the network interface finds no listener.' },
      'The server process crashed at start-up (the official Python SDK raises `ValueError: Unknown transport: http`, and python-sdk 1.x `run()` raises `TypeError` on `host`/`port` keywords).',
    ],
    remediation: [
      'Check that the process is up and which port it listens on: `ss -ltnp` (in the container when there is one).',
      'Read the server log for a start-up exception.',
      ...LISTEN_ALL,
    ],
    statuses: [],
    patterns: [/ECONNREFUSED/i, /connection refused/i, /Empty reply from server/i],
  },
  DNS_LOOKUP_FAILED: {
    title: 'The host name does not resolve',
    severity: 'error',
    summary: (a) => `The host name ${a.host ?? ''} could not be resolved${a.errorCode ? ` (${a.errorCode})` : ''}.`,
    explanation: 'DNS returned no address for the host in the URL, so no connection was attempted.',
    causes: ['A typo in the host name or region.', 'A private host name that only resolves inside a VPC or VPN.', 'A DNS outage or a resolver that is not configured on this machine.'],
    remediation: ['Check the URL for typos.', 'Run the doctor from a network that can resolve the name (`getent hosts <name>`).'],
    statuses: [],
    patterns: [/ENOTFOUND/i, /EAI_AGAIN/i, /getaddrinfo/i, /Could not resolve host/i],
  },
  TLS_HANDSHAKE_FAILED: {
    title: 'The TLS handshake failed',
    severity: 'error',
    summary: (a) => `The TLS handshake with ${a.host ?? 'the target'} failed${a.errorCode ? ` (${a.errorCode})` : ''}${said(a)}.`,
    explanation: 'The connection was opened but a secure channel could not be set up: the certificate is not trusted, does not match the host name, has expired, or the server does not speak TLS on that port.',
    causes: [
      'A self-signed or private-CA certificate that this machine does not trust.',
      'The certificate does not cover the host name in the URL.',
      'An `https://` URL pointed at a plain-HTTP port.',
    ],
    remediation: [
      'Add the private CA with `NODE_EXTRA_CA_CERTS=/path/ca.pem` rather than disabling verification.',
      'Use the host name the certificate was issued for.',
      'Use `http://` for a local plain-HTTP server.',
    ],
    statuses: [],
    patterns: [/CERT_/i, /self[- ]signed/i, /SSL routines/i, /wrong version number/i, /ERR_TLS/i, /UNABLE_TO_VERIFY_LEAF_SIGNATURE/i],
  },
  REQUEST_TIMEOUT: {
    title: 'The server did not answer in time',
    severity: 'error',
    summary: (a) => `No complete answer${via(a)} within ${a.waitedMs ?? '?'} ms${a.errorCode ? ` (${a.errorCode})` : ''}.`,
    explanation: 'The connection was accepted but the response (headers or body) did not arrive before the deadline. The doctor bounds every request, so a hanging server shows up here instead of hanging your pipeline.',
    causes: [
      'The server is blocked: a long start-up, a deadlock, or a handler that awaits something that never resolves.',
      'A proxy buffers the response (SSE behind nginx without `X-Accel-Buffering: no`).',
      'A firewall drops packets instead of refusing the connection.',
    ],
    remediation: ['Check the server log for the request.', 'Retry with a longer `--timeout` to tell a slow server from a hung one.', 'Disable response buffering in proxies in front of SSE responses.'],
    statuses: [504],
    patterns: [/UND_ERR_(HEADERS|BODY|CONNECT)_TIMEOUT/i, /ETIMEDOUT/i, /Request timed out/i],
    broadPatterns: [/timed? ?out/i],
  },
  GATEWAY_ERROR: {
    title: 'A proxy or gateway could not reach the server',
    severity: 'error',
    summary: (a) => `${a.status ?? 'A 5xx'} with a non-JSON-RPC body${via(a)}${said(a)}: a proxy answered, not the MCP server.`,
    explanation:
      'A 502, 503 or 504 whose body is HTML or a vendor message comes from a reverse proxy, load balancer or ingress that could not get an answer from the MCP server behind it. The MCP server never saw the request, so no MCP diagnosis is possible until the upstream is reachable.',
    causes: [
      'The server binds 127.0.0.1 inside its container, so the proxy gets connection refused (nginx logs `connect() failed (111: Connection refused)`).',
      'The upstream port is wrong (8000 vs `$PORT`).',
      'The server crashed or is still starting.',
      'A proxy read timeout on a long SSE response.',
    ],
    remediation: [
      'Check the proxy logs for the upstream error.',
      ...LISTEN_ALL,
      'For SSE, disable proxy buffering and raise read timeouts.',
    ],
    statuses: [502, 503, 504],
    patterns: [/Bad Gateway/i, /Service (Temporarily )?Unavailable/i, /upstream connect error/i, /Gateway Time-?out/i],
  },
  HTML_RESPONSE: {
    title: 'An HTML page answered instead of MCP',
    severity: 'error',
    summary: (a) => `${a.status ?? 200} \`text/html\`${via(a)}: a web page (login, single-page app or error page) answered, not an MCP server.`,
    explanation:
      'An MCP endpoint answers a POST with `application/json` or `text/event-stream`. An HTML page means something else owns that URL: an SSO or login gateway, a single-page-app fallback route, or a hosting provider page. MCP clients report `Unexpected content type: text/html`.',
    causes: ['An SSO or access gateway (Cloudflare Access, IAP, Vercel protection) in front of the server.', 'A single-page-app fallback route that catches unknown paths.', 'The URL points at the web front end instead of the MCP service.'],
    remediation: ['Point the client at the MCP path itself (usually `/mcp`).', 'Exempt the MCP path from the login gateway, or authenticate with a token the gateway accepts.'],
    statuses: [200],
    patterns: [/Unexpected content type: text\/html/i, /<!doctype html/i],
    broadPatterns: [/text\/html/i],
  },
  WRONG_PATH: {
    title: 'No MCP endpoint at this path',
    severity: 'error',
    summary: (a) => `${a.status ?? 404} with a non-JSON-RPC body${via(a)}${said(a)}: nothing serves MCP at ${a.url ?? 'this URL'}.`,
    explanation:
      'The server is up but the path is not an MCP endpoint: the answer is a plain or HTML not-found page, not a JSON-RPC message. Mounting adds prefixes (FastAPI `mount("/x", app)` serves `/x/mcp`), and some servers use `/mcp/` or `/sse`.',
    causes: ['The path is wrong: the server serves `/mcp` but the client uses another path, or a prefix was added by mounting.', 'The server runs the legacy SSE transport (`/sse`), not Streamable HTTP.', 'An Express app that only defines another route.'],
    remediation: [
      'Use the path the server logs at start-up.',
      { for: 'python-sdk', text: 'the path is `streamable_http_path` (constructor setting, default `/mcp`); a FastAPI `mount("/x", app)` adds `/x`.' },
      { for: 'fastmcp', text: 'the path is `run(..., path=…)` / `http_app(path=…)`, default `/mcp` (`/mcp/` in 2.9.0–2.11.2).' },
      'On AgentCore the container must serve `POST /mcp` on port 8000.',
    ],
    statuses: [404],
    patterns: [/Cannot (POST|GET) \//i, /^Not Found$/i, /404 Not Found/i],
  },
  NOT_STREAMABLE_HTTP: {
    title: 'The endpoint speaks the legacy HTTP+SSE transport',
    severity: 'error',
    summary: (a) => `POST${via(a)} got ${a.status ?? 405}${said(a)}, and a GET opened an SSE stream announcing an \`endpoint\` event: this is the 2024-11-05 HTTP+SSE transport, not Streamable HTTP.`,
    explanation:
      'Streamable HTTP (MCP 2025-03-26 and later) takes JSON-RPC as a POST to one endpoint. The older HTTP+SSE transport opens a GET stream on `/sse` and expects POSTs on a separate `/messages` URL, so a POST to `/sse` gets 405. AgentCore and current clients need Streamable HTTP.',
    causes: ['The server runs `mcp.run(transport="sse")`.', 'The URL points at `/sse` of a server that also serves Streamable HTTP on `/mcp`.'],
    remediation: [
      'Point the client at `/mcp` instead of `/sse`.',
      { for: 'python-sdk', text: '`mcp.run(transport="streamable-http")`.' },
      { for: 'fastmcp', text: '`mcp.run(transport="http")`.' },
      { for: 'typescript-sdk', text: 'serve `StreamableHTTPServerTransport` on `POST /mcp` instead of `SSEServerTransport`.' },
    ],
    statuses: [405],
    patterns: [/event: ?endpoint/i],
    broadPatterns: [/Method Not Allowed/i, /\/sse\b/i],
    spec: { id: 'MCP 2025-11-25 Transports: Backwards Compatibility', url: `${SPEC_BASE}/transports#backwards-compatibility` },
  },
  AUTH_REQUIRED: {
    title: 'The endpoint requires credentials the doctor did not have',
    severity: 'error',
    summary: (a) => `${a.status ?? 401}${via(a)}${said(a)}: the request was rejected by an authentication layer before MCP ran.`,
    explanation:
      'A 401 (or a 403 with an OAuth or gateway body) means the endpoint is protected and the credentials sent were missing or not accepted. Authentication runs before the MCP transport, so it hides every other diagnosis.',
    causes: [
      'No token was given (`--token-file`, `MCP_DOCTOR_TOKEN`).',
      'The token expired or belongs to another client or audience.',
      'An API gateway requires its own credentials.',
      'Amazon API Gateway answers `{"message":"Missing Authentication Token"}` (403) for a route, method or stage it does not map (a GET or DELETE, a trailing slash, a wrong stage): that is a wrong URL, not a missing token.',
    ],
    remediation: ['Pass a bearer token: `mcp-doctor <url> --token-file token.txt` or `MCP_DOCTOR_TOKEN=… mcp-doctor <url>`.', 'Read the `WWW-Authenticate` header in the evidence for the expected scheme and metadata.'],
    statuses: [401, 403],
    patterns: [/^\s*\{\s*"message"\s*:\s*"Missing Authentication Token"\s*\}\s*$/i, /invalid_token/i, /Authentication required/i, /Missing Authorization header/i, /Authentication error - Invalid credentials/i, /Server returned 401 after successful authentication/i],
    broadPatterns: [/Missing Authentication Token/i, /Unauthorized/i, /\b401\b/],
    spec: AUTH_SPEC,
  },
  UNEXPECTED_REDIRECT: {
    title: 'The endpoint redirects',
    severity: 'warning',
    summary: (a) => `${a.probe ?? 'The request'} got ${a.status ?? 'a redirect'} with \`Location: ${a.location || 'another URL'}\`; MCP clients do not reliably follow redirects on POST, and a bearer token is never sent to another origin.`,
    explanation:
      'A POST answered with 301/302/303 becomes a GET in most clients, and even a 307/308 is only followed within the same origin when credentials are attached. The doctor does not follow redirects blindly; point clients at the final URL.',
    causes: ['An http → https redirect.', 'A load balancer or CDN rule that canonicalises the host.', 'A login redirect.'],
    remediation: ['Use the final URL (the `Location` in the evidence) directly.'],
    statuses: [301, 302, 303, 307, 308],
    patterns: [/Moved (Permanently|Temporarily)/i],
    broadPatterns: [/redirect/i],
  },
  TRAILING_SLASH_REDIRECT: {
    title: 'The endpoint redirects between `/mcp` and `/mcp/`',
    severity: 'warning',
    summary: (a) => `${a.probe ?? 'The request'} got ${a.status ?? 307} with \`Location: ${a.location || 'the other slash form'}\`; clients that do not follow POST redirects fail, and a redirect to \`http://\` downgrades a TLS connection.`,
    explanation:
      'Starlette answers the slash form it does not route with a 307 to the other. python-sdk ≤ 1.11 and fastmcp before 2.11.3 serve the endpoint through a `Mount` (the fastmcp default path was `/mcp` through 2.8.1 and `/mcp/` in 2.9.0–2.11.2), so `POST /mcp` gets a 307 to `/mcp/`; python-sdk ≥ 1.12 and fastmcp ≥ 2.11.3 route `/mcp` itself, so `/mcp/` gets a 307 to `/mcp`. The `Location` is built from the scheme the app sees, so behind a TLS terminator it can point to `http://`.',
    causes: [
      'The client URL and the server route differ only by a trailing slash.',
      { for: 'python-sdk', text: 'python-sdk ≤ 1.11 mounts the app, so `/mcp` redirects to `/mcp/`.' },
      { for: 'fastmcp-2', text: 'fastmcp before 2.11.3 (2.8.1 and older included) mounts the app, so `/mcp` redirects to `/mcp/`.' },
    ],
    remediation: [
      'Point the client at the exact path the server routes (the `Location` in the evidence).',
      { for: 'python-sdk', text: 'upgrade to `mcp` ≥ 1.12, which routes `/mcp` itself.' },
      { for: 'fastmcp-2', text: 'upgrade to fastmcp ≥ 2.11.3, which routes `/mcp` itself.' },
      { for: 'uvicorn', text: 'behind a proxy, run with `--proxy-headers` so redirects keep `https`.' },
    ],
    statuses: [307, 308],
    patterns: [/307 Temporary Redirect/i, /Temporary Redirect/i],
    spec: TRANSPORTS_SPEC,
  },
  ACCEPT_HEADER_REQUIRED: {
    title: 'The server requires both Accept types (why some clients get 406)',
    severity: 'info',
    summary: (a) => `${a.status ?? 406} for Accept ${a.variants ?? 'variants'}${said(a)}${whereas(a)}; the server answers only clients that accept both \`application/json\` and \`text/event-stream\`.`,
    explanation:
      'The MCP specification requires clients to send `Accept: application/json, text/event-stream` on every POST, and the official Python and TypeScript SDKs enforce it with 406. curl (`*/*`), browsers, fetch defaults and JSON-only clients therefore get `406 Not Acceptable`. python-sdk ≥ 1.20 built with `json_response=True` needs only `application/json` (before 1.20 it needed both even in JSON mode); the TypeScript SDK needs both even with `enableJsonResponse`. This is the client\'s fault, not the server\'s; `transport="http"` does not cause it (the official Python SDK refuses to start with `Unknown transport: http`, and in FastMCP ≥ 2.9 it is an alias of streamable-http).',
    causes: ['A client that sends `Accept: */*` (curl, httpx, fetch default), no Accept, or only one of the two types.', 'Middleware that rewrites Accept only in `req.headers` (TS SDK ≥ 1.25 reads `rawHeaders`).'],
    remediation: [
      'Send `Accept: application/json, text/event-stream` (curl: `-H "Accept: application/json, text/event-stream"`).',
      'Use an official MCP client, which sends it itself.',
      { for: 'python-sdk', text: 'to serve JSON-only clients, build the server with `json_response=True` on `mcp` ≥ 1.20 (then only `application/json` is required).' },
    ],
    statuses: [406],
    patterns: [/Not Acceptable: Client must accept both application\/json and text\/event-stream/i, /Not Acceptable: Client must accept/i, /Accept Header Error/i, /Error POSTing to endpoint \(HTTP 406\)/i, /Received error \(406\) from runtime/i],
    spec: SENDING_SPEC,
  },
  ACCEPT_NEGOTIATION_BROKEN: {
    title: 'Even a compliant Accept header gets 406',
    severity: 'error',
    summary: (a) => `406${via(a)} although it sent \`Accept: application/json, text/event-stream\`${said(a)}.`,
    explanation:
      'The request carried exactly the Accept header the specification requires and was still refused. Something between the client and the server rewrites or drops the header, or the server checks it wrongly. No compliant client can use this endpoint.',
    causes: ['A proxy, API gateway or middleware rewrites `Accept` (for example to `*/*`).', 'A custom Accept check that demands one type only.'],
    remediation: ['Forward `Accept` unchanged through every proxy.', { for: 'typescript-sdk', text: 'middleware that must change headers has to patch `rawHeaders` as well (1.25 and later read them).' }],
    statuses: [406],
    patterns: [],
    broadPatterns: [/Not Acceptable/i],
    spec: SENDING_SPEC,
  },
  CONTENT_TYPE_REJECTED: {
    title: 'Requests need `Content-Type: application/json`',
    severity: 'info',
    summary: (a) => `${a.status ?? 415}${via(a)}${said(a)}${whereas(a)}; the server accepts only \`Content-Type: application/json\`.`,
    explanation:
      'A POST without `Content-Type: application/json` is rejected: the TypeScript SDK (and python-sdk < 1.10) answers 415, python-sdk ≥ 1.10 answers 400 `Invalid Content-Type header` before it even checks Accept. `curl -d` sends `application/x-www-form-urlencoded`, so hand-made requests hit this. When even `application/json` is refused, the server or a proxy is broken. The doctor attributes a rejection to Content-Type by comparing it with the same request sent with `application/json`, not by the wording: an Express app whose JSON body parser skips a `text/plain` body hands the transport an empty body, and the TypeScript SDK examples then answer `400 Bad Request: No valid session ID provided`.',
    causes: ['`curl -d` without `-H "Content-Type: application/json"`.', 'An HTTP client that sends `text/plain` or `application/octet-stream` by default.'],
    remediation: ['Send `Content-Type: application/json` on every POST.'],
    statuses: [415, 400],
    patterns: [/Invalid Content-Type header/i, /Unsupported Media Type/i, /Content-Type must be application\/json/i],
    spec: SENDING_SPEC,
  },
  HOST_HEADER_REJECTED: {
    title: 'The server rejects non-local Host headers (DNS-rebinding protection left on)',
    severity: 'error',
    summary: (a) =>
      a.host === undefined
        ? `${a.status ?? 421}${via(a)}${said(a)}: the container rejected the Host header AgentCore forwarded to it, as it will reject any name outside its localhost allowlist.`
        : `${a.status ?? 421}${via(a)} with \`Host: ${a.host}\`${said(a)}${whereas(a)}; ${a.control ? 'on AgentCore every request arrives with a Host the server does not know' : 'clients that use this URL cannot connect'}.`,
    explanation:
      'The server validates the Host header against a localhost allowlist, a DNS-rebinding protection meant for servers on a developer laptop. Python (python-sdk ≥ 1.23 when `FastMCP(host=...)` is left at 127.0.0.1; in 2.x the `host` of `run()`/`streamable_http_app()`) answers `421 Invalid Host header`; fastmcp 3.4.3 (its guard was on by default in that release only) answers `421 Misdirected Request`; the TypeScript `createMcpExpressApp` (≥ 1.24, default host) and the `localhostHostValidation()` middleware answer `403 Invalid Host: <host>`, a transport with `allowedHosts` answers `403 Invalid Host header: <host>`. The protection keys off the host given to the server constructor, not the real bind address, so `uvicorn --host 0.0.0.0` still rejects the public name. AgentCore shows it as `Received error (421) from runtime`. When the Host of the target URL itself is refused, no client can connect: an error under every profile. When only a made-up Host is refused, the generic profile reports `HOST_ALLOWLIST_ACTIVE` (protection working as intended), and the agentcore profile reports this error, because AgentCore calls the container with a Host of its own.',
    causes: [
      { for: 'python-sdk', text: '`FastMCP(...)` built with the default `host="127.0.0.1"` and served on 0.0.0.0 by uvicorn or a container.' },
      { for: 'python-sdk-v2', text: '`run()`/`streamable_http_app()` called without `host="0.0.0.0"` (the default 127.0.0.1 turns the allowlist on).' },
      { for: 'fastmcp-3', text: 'fastmcp 3.4.3, whose `HostOriginGuardMiddleware` was on by default.' },
      { for: 'typescript-sdk', text: '`createMcpExpressApp()` with its default host and no `allowedHosts`, or `app.use(localhostHostValidation())`.' },
      'A proxy that rewrites Host to an internal name.',
    ],
    remediation: [
      { for: 'python-sdk', text: '`FastMCP("server", host="0.0.0.0")` (disables the localhost allowlist), or `transport_security=TransportSecuritySettings(allowed_hosts=["my.host:*"])`; not `run(host=…)`, which is a TypeError on 1.x.' },
      { for: 'python-sdk-v2', text: '`mcp.run(transport="streamable-http", host="0.0.0.0")` (or `streamable_http_app(host="0.0.0.0")`); the constructor takes no host.' },
      { for: 'fastmcp-3', text: 'upgrade to fastmcp ≥ 3.4.4 (guard off by default) or pass `host_origin_protection=False`.' },
      { for: 'typescript-sdk', text: '`createMcpExpressApp({ host: "0.0.0.0" })` or pass `allowedHosts` with the public names; drop `localhostHostValidation()` from servers behind a proxy.' },
      'Keep the protection for servers that really run on localhost.',
    ],
    statuses: [421, 403],
    patterns: [/Invalid Host header/i, /Invalid Host:/i, /Misdirected Request/i, /Received error \(421\) from runtime/i, /Access is only allowed at/i],
    spec: SECURITY_SPEC,
  },
  INITIALIZE_FAILED: {
    title: 'The initialize request failed',
    severity: 'error',
    summary: (a) => `initialize${via(a)} failed with ${a.status ? `HTTP ${a.status}` : 'an error'}${said(a)}.`,
    explanation: 'The server received a well-formed `initialize` request with the right headers and did not return an InitializeResult. Nothing else works until initialize does.',
    causes: ['An exception in the server while it starts the session (see its log).', 'A server that rejects the client\'s protocol version or capabilities.', 'A stateful server that lost its state.'],
    remediation: ['Read the server log at the time of the request.', 'Run `mcp-doctor explain "<the error text>"` on the message in the evidence.'],
    statuses: [400, 500],
    patterns: [],
    broadPatterns: [/initialize/i],
    spec: LIFECYCLE_SPEC,
  },
  INVALID_JSONRPC_RESPONSE: {
    title: 'The response is not a valid JSON-RPC message',
    severity: 'error',
    summary: (a) => `${a.status ?? 200}${via(a)} with \`${a.contentType ?? '?'}\`, but the body is not a JSON-RPC response to the request${said(a)}.`,
    explanation:
      'The server answered with a success status, but the body could not be read as a JSON-RPC 2.0 response carrying the request id: the JSON is malformed, `jsonrpc` is missing, the id does not match, or an SSE stream ended without the response. MCP clients fail with parse errors (`Error parsing JSON response`).',
    causes: ['A framework that wraps responses (`{"ok": true, "data": …}`).', 'A proxy that rewrites or truncates the body.', 'An SSE stream closed before the response event.'],
    remediation: ['Return exactly one JSON-RPC 2.0 response object with the request\'s id, as `application/json` or in an SSE `message` event.'],
    statuses: [200],
    patterns: [/Error parsing JSON response/i, /Unexpected content type: (?!text\/html)/i],
    broadPatterns: [/Unexpected token/i],
    spec: SENDING_SPEC,
  },
  PROTOCOL_VERSION_UNSUPPORTED: {
    title: 'The negotiated protocol version is unknown',
    severity: 'error',
    summary: (a) => `The server answered initialize with protocolVersion \`${a.version ?? '?'}\`, which no released MCP client supports (known: ${a.variants ?? ''}).`,
    explanation:
      'In initialize the client offers its latest protocol version and the server must echo it or answer with another version it supports. A version the client does not know makes compliant clients disconnect (`Server\'s protocol version is not supported`).',
    causes: [
      'A server built on a pre-release or misconfigured SDK.',
      'A hard-coded version string.',
      'The client SDK is older than the server\'s protocol version (a client without 2025-03-26 support reports `Unsupported protocol version from the server: 2025-03-26`); upgrading the client fixes it.',
    ],
    remediation: [
      'Answer with the client\'s version when supported, otherwise with the latest released version the server supports (2025-11-25, 2025-06-18, 2025-03-26).',
      'When the client reports the error, upgrade the client\'s MCP SDK (python `mcp`, `@modelcontextprotocol/sdk`).',
    ],
    statuses: [],
    patterns: [/protocol version is not supported/i, /Unsupported protocol version from the server/i],
    broadPatterns: [/Unsupported protocol version: /i],
    spec: LIFECYCLE_SPEC,
  },
  SERVER_STATEFUL: {
    title: 'The server keeps sessions (stateful)',
    severity: 'info',
    severityByProfile: { agentcore: 'error' },
    summary: (a) => `${a.status ?? 'A refusal'}${via(a)}${said(a)}${whereas(a)}; the server requires clients to keep the session it issued.`,
    explanation:
      'A stateful server issues an `Mcp-Session-Id` at initialize and rejects later requests that do not carry it, or that carry one it never issued (python-sdk: `Bad Request: Missing session ID`; TypeScript: `Mcp-Session-Id header is required` or `Server not initialized`). That is legal MCP, but AgentCore Runtime documents that it adds its own session id to requests without one (exactly which, `initialize` included, is UNCONFIRMED), sends background pings and recycles microVMs, so stateful servers fail there intermittently. AgentCore recommends stateless servers. A server that issues ids but serves requests without them is not stateful in this sense: that is `SESSION_OPTIONAL`.',
    causes: [
      { for: 'python-sdk', text: '`FastMCP(...)` without `stateless_http=True`.' },
      { for: 'fastmcp', text: '`run()`/`http_app()` without `stateless_http=True`.' },
      { for: 'typescript-sdk', text: 'a transport with a `sessionIdGenerator`.' },
    ],
    remediation: [...STATELESS],
    statuses: [400],
    patterns: [/Missing session ID/i, /Mcp-Session-Id header is required/i, /Server not initialized/i, /No valid session ID provided/i],
    spec: SESSION_SPEC,
  },
  FOREIGN_SESSION_ID_REJECTED: {
    title: 'A session id the server did not issue is rejected',
    severity: 'info',
    severityByProfile: { agentcore: 'error' },
    summary: (a) => `A request with an \`Mcp-Session-Id\` the server never issued got ${a.status ?? '?'}${said(a)}.`,
    explanation:
      'AgentCore documents that it adds an `Mcp-Session-Id` to requests that carry none and forwards session ids to the container, so the server must accept ids it did not issue (which requests get an injected id, `initialize` included, and whether it equals the container\'s own id are UNCONFIRMED; a stateful TypeScript server was reported to see a different id on later calls). A stateless server ignores the header; a stateful one answers 404 `Session not found`, which AgentCore wraps as `Received error (404) from runtime`.',
    causes: [
      { for: 'python-sdk', text: 'the server is stateful: `FastMCP(...)` without `stateless_http=True`.' },
      { for: 'fastmcp', text: 'the server is stateful: `run()` without `stateless_http=True`.' },
      { for: 'typescript-sdk', text: 'the server is stateful: a transport with a `sessionIdGenerator`.' },
      'Custom middleware that validates `Mcp-Session-Id`.',
    ],
    remediation: [...STATELESS],
    statuses: [404, 400],
    patterns: [/Session not found/i, /Received error \(404\) from runtime/i],
    spec: SESSION_SPEC,
  },
  SESSION_EXPIRY_NONCOMPLIANT: {
    title: 'An unknown session gets 400 instead of 404',
    severity: 'warning',
    summary: (a) => `An unknown \`Mcp-Session-Id\` got ${a.status ?? 400}${said(a)}; the specification requires 404 so clients know to re-initialize.`,
    explanation:
      'When a session expired or is unknown the server MUST answer 404, and a client that gets 404 starts a new session. A 400 (python-sdk ≤ 1.25, the TypeScript example and everything-server pattern `No valid session ID provided`) looks like a client bug, so clients never recover after a restart or scale-in.',
    causes: [
      { for: 'python-sdk', text: '`mcp` ≤ 1.25 answers unknown sessions with plain-text 400 `Bad Request: No valid session ID provided`.' },
      { for: 'typescript-sdk', text: 'app code copied from the SDK examples or the everything server, which answer 400 `No valid session ID provided` or `Invalid or missing session ID` for unknown sessions.' },
    ],
    remediation: [
      { for: 'python-sdk', text: 'upgrade to `mcp` ≥ 1.26 (404 `Session not found`).' },
      { for: 'typescript-sdk', text: 'let the transport answer unknown ids (404, JSON-RPC -32001 `Session not found`) instead of a 400 in the app\'s session lookup.' },
      'Or make the server stateless.',
    ],
    statuses: [400],
    patterns: [/No valid session ID provided/i, /Invalid or missing session ID/i],
    spec: SESSION_SPEC,
  },
  PROTOCOL_VERSION_HEADER_IGNORED: {
    title: 'An invalid `MCP-Protocol-Version` header is accepted',
    severity: 'warning',
    summary: (a) => `A request with \`MCP-Protocol-Version: ${a.version ?? '1999-01-01'}\` got ${a.status ?? 200}; servers must answer 400 to an unsupported version.`,
    explanation:
      'Since 2025-06-18 clients send the negotiated version in `MCP-Protocol-Version` on every request after initialize, and a server MUST answer 400 when the value is invalid or unsupported. A server that ignores the header cannot tell clients of incompatible revisions apart.',
    causes: ['A hand-written transport or proxy that strips the header.', 'An SDK older than 2025-06-18 support.'],
    remediation: [
      { for: 'python-sdk', text: 'upgrade to `mcp` ≥ 1.10, which validates the header.' },
      { for: 'typescript-sdk', text: 'upgrade to `@modelcontextprotocol/sdk` ≥ 1.13, which validates the header.' },
      'Forward `MCP-Protocol-Version` through proxies.',
    ],
    statuses: [200],
    patterns: [],
    broadPatterns: [/MCP-Protocol-Version/i],
    spec: VERSION_HEADER_SPEC,
  },
  GET_STREAM_HANGS: {
    title: 'GET opens an SSE stream that never sends anything',
    severity: 'warning',
    summary: (a) => `GET with \`Accept: text/event-stream\` got ${a.status ?? 200} \`text/event-stream\` and no byte in ${a.waitedMs ?? '?'} ms (not even an SSE comment or keep-alive); the specification prefers 405 when the server has nothing to push.`,
    explanation:
      'A server without server-initiated messages should answer GET with 405. Stateless python-sdk servers (1.x and 2.0) and the TypeScript transport without an app-level 405 instead open a stream that stays silent forever: clients that wait on it hang ("Timed out connecting"), and serverless platforms bill the idle connection.',
    causes: [
      { for: 'python-sdk', text: 'a stateless server (`stateless_http=True`): every 1.x release and 2.0 keep the GET stream open and silent (issues #2474, #3492).' },
      { for: 'fastmcp-2', text: 'a stateless server: fastmcp 2.x uses the python-sdk transport and hangs the same way.' },
      { for: 'typescript-sdk', text: 'a stateless server that routes GET to the transport.' },
    ],
    remediation: [
      { for: 'typescript-sdk', text: 'answer `GET /mcp` and `DELETE /mcp` with 405 in the app before the transport.' },
      { for: 'python-sdk', text: 'add a Starlette route that answers `GET /mcp` with 405 in front of the MCP app.' },
      { for: 'fastmcp-2', text: 'upgrade to fastmcp ≥ 3.0, which answers a stateless GET with 405.' },
    ],
    statuses: [200],
    patterns: [/Timed out connecting/i, /Failed to open SSE stream/i],
    spec: LISTENING_SPEC,
  },
  MCP_SESSION_FAILED: {
    title: 'The official MCP client could not complete a session',
    severity: 'error',
    summary: (a) => `The official TypeScript MCP client failed during ${a.method ?? 'the session'}${said(a)}.`,
    explanation: 'The raw initialize worked, but the official SDK client (initialize, initialized notification, ping) did not. Real MCP clients will fail the same way.',
    causes: ['The server breaks on the `notifications/initialized` notification or on `ping`.', 'The server answers with a shape the SDK rejects.'],
    remediation: ['Answer `notifications/initialized` with 202 and implement `ping`.', 'Read the server log at the time of the failing request.'],
    statuses: [],
    patterns: [/unhandled errors in a TaskGroup/i],
    broadPatterns: [/MCP error -32/i, /Streamable HTTP error/i],
    spec: LIFECYCLE_SPEC,
  },
  TOOLS_LIST_FAILED: {
    title: 'tools/list failed',
    severity: 'error',
    summary: (a) => `tools/list failed${said(a)}.`,
    explanation: 'The server declares the `tools` capability (or answered initialize) but `tools/list` returned an error or an invalid result, so no client can discover its tools.',
    causes: ['An exception in a tool\'s schema generation.', 'A tool whose input schema is not a JSON Schema object.', 'Broken pagination (`nextCursor` loops or is rejected).'],
    remediation: ['Read the server log for the tools/list request.', 'Check each tool\'s input schema.'],
    statuses: [],
    patterns: [],
    broadPatterns: [/tools\/list/i],
  },
  RESOURCES_LIST_FAILED: {
    title: 'resources/list failed',
    severity: 'warning',
    summary: (a) => `The server declares the \`resources\` capability but resources/list failed${said(a)}.`,
    explanation: 'Clients that browse resources will show an error for this server.',
    causes: ['A resource handler that throws.', 'The capability is declared without a handler.'],
    remediation: ['Implement `resources/list` or stop declaring the capability.'],
    statuses: [],
    patterns: [],
    broadPatterns: [/resources\/list/i],
  },
  PROMPTS_LIST_FAILED: {
    title: 'prompts/list failed',
    severity: 'warning',
    summary: (a) => `The server declares the \`prompts\` capability but prompts/list failed${said(a)}.`,
    explanation: 'Clients that show prompts will show an error for this server.',
    causes: ['A prompt handler that throws.', 'The capability is declared without a handler.'],
    remediation: ['Implement `prompts/list` or stop declaring the capability.'],
    statuses: [],
    patterns: [],
    broadPatterns: [/prompts\/list/i],
  },
  TOOL_CALL_FAILED: {
    title: 'The requested tool call failed',
    severity: 'error',
    summary: (a) => `tools/call \`${a.method ?? '?'}\` failed${said(a)}.`,
    explanation: 'The tool named with `--call` returned a JSON-RPC error or a result with `isError: true`.',
    causes: ['The tool raised an exception.', 'The arguments given with `--args` do not match the tool\'s input schema.', 'A downstream service the tool calls failed.'],
    remediation: ['Check `--args` against the tool\'s input schema (shown by `--verbose`).', 'Read the server log for the call.'],
    statuses: [],
    patterns: [/Tool execution error/i],
    broadPatterns: [/tools\/call/i],
  },
  SERVER_ERROR: {
    title: 'The server answered with an internal error',
    severity: 'error',
    summary: (a) => `${a.status ?? 500}${via(a)}${said(a)}.`,
    explanation:
      'The MCP server itself (not a proxy) answered 500 or another 5xx. A very common cause with Python is an app mounted inside FastAPI or Starlette without running the MCP session manager\'s lifespan (`RuntimeError: Task group is not initialized`, a 500). A 501 means the program does not implement POST at all: it is not an MCP server.',
    causes: [
      'An unhandled exception in a handler.',
      { for: 'python-sdk', text: '(500) the Streamable HTTP app is mounted without its lifespan (`session_manager.run()`; log: `Task group is not initialized`).' },
      '(501) a plain web or file server (`python -m http.server` answers `Unsupported method`) listens at this URL instead of the MCP server.',
      { for: 'python-sdk', text: '(500) a `Last-Event-ID` sent to a server without an event store (inferred from the code, UNCONFIRMED live).' },
    ],
    remediation: [
      'Read the server log at the time of the request.',
      { for: 'python-sdk', text: 'when mounting `mcp.streamable_http_app()` in FastAPI, run its lifespan: `app = FastAPI(lifespan=lambda app: mcp.session_manager.run())`.' },
      'For a 501, point the URL at the MCP server (check which process owns the port: `ss -ltnp`).',
    ],
    statuses: [500, 501],
    patterns: [/Internal Server Error/i, /Task group is not initialized/i, /Internal error - Server error/i, /Unsupported method \('POST'\)/i],
  },
  TOKEN_REFLECTED: {
    title: 'The server echoes the bearer token back',
    severity: 'warning',
    summary: (a) => `The bearer token appeared in the response${via(a)}${a.detail ? ` (${a.detail})` : ''}; the doctor redacted it.`,
    explanation:
      'A response repeated the credential the client sent. Anything that logs responses (proxies, client logs, CI artifacts) then stores the token in clear text. mcp-doctor never prints it, but other tools will.',
    causes: ['Debug code that echoes request headers.', 'Error messages that include the Authorization header.'],
    remediation: ['Never include request headers or credentials in responses or error messages.'],
    statuses: [],
    patterns: [],
  },
  AGENTCORE_CONTRACT_MISMATCH: {
    title: 'The endpoint does not follow the AgentCore container contract (port 8000, path /mcp)',
    severity: 'warning',
    // A project file that serves another port or path breaks every deployed session.
    lintSeverity: 'error',
    summary: (a) => `AgentCore sends MCP traffic to \`POST /mcp\` on port 8000 of the container; this server is at ${a.url ?? 'another address'}${a.detail ? ` (${a.detail})` : ''}.`,
    explanation:
      'An AgentCore Runtime with the MCP protocol forwards every invocation to `http://<container>:8000/mcp` (the troubleshooting guide also mentions `/mcp/`). A container that serves another port or path never answers, and the caller sees `424 Runtime initialization time exceeded` instead of a useful error.',
    causes: ['The server uses its framework default port (FastMCP 8000 is right; Express examples often use 3000).', 'The MCP app is mounted under a prefix (`/api/mcp`) or at `/sse`.'],
    remediation: ['Serve Streamable HTTP on `0.0.0.0:8000` at `/mcp`.', ...LISTEN_ALL],
    statuses: [424],
    patterns: [],
    broadPatterns: [/port 8000/i],
    spec: { id: 'AgentCore Runtime MCP protocol contract', url: 'https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/runtime-mcp-protocol-contract.html' },
  },
  RUNTIME_NOT_FOUND: {
    title: 'AgentCore has no such runtime (or qualifier) at this address',
    severity: 'error',
    summary: (a) => `AgentCore answered ${a.status ?? 404}${said(a)}${a.variants ? `; ${a.variants}` : ''}.`,
    explanation:
      'The data plane resolves the ARN in the URL path, the region of the host and the `qualifier` before anything reaches your container. When any of them does not match a deployed runtime it answers 404 `No endpoint or agent found with qualifier … for agent …`; the control plane answers `ResourceNotFoundException` for an unknown runtime id.',
    causes: [
      'The runtime was deleted, or re-created with a new id (the ARN in your client is stale).',
      'The host region differs from the region inside the ARN (AgentCore then answers 404, not a region error).',
      'A trailing newline or space in the ARN, or the ARN not fully percent-encoded in the path.',
      'A new endpoint that is still propagating (404 for a few minutes after creation).',
    ],
    remediation: [
      { for: 'agentcore-cli', text: 'copy the ARN from `agentcore/.cli/deployed-state.json` (`targets.<target>.resources.runtimes.<name>.runtimeArn`), or run `mcp-doctor` with no target in the project folder.' },
      { for: 'starter-toolkit', text: 'copy the ARN from `agentcore status` or `bedrock_agentcore.agent_arn` in `.bedrock_agentcore.yaml`.' },
      { for: 'aws-cli', text: '`aws bedrock-agentcore-control list-agent-runtimes`.' },
      'Call the data-plane host of the ARN\'s region: `https://bedrock-agentcore.<region>.amazonaws.com/runtimes/<encodeURIComponent(arn)>/invocations?qualifier=DEFAULT`.',
      'Right after a deployment, retry for a few minutes.',
    ],
    statuses: [404],
    patterns: [/No endpoint or agent found/i, /ResourceNotFoundException/i, /Resource not found - Requested resource does not exist/i],
  },
  QUALIFIER_NOT_FOUND: {
    title: 'The runtime has no endpoint with this qualifier',
    severity: 'error',
    summary: (a) => `GetAgentRuntimeEndpoint found no endpoint named \`${a.detail ?? '?'}\` on this runtime.`,
    explanation: 'The `qualifier` query parameter names a runtime endpoint (alias). `DEFAULT` always exists; other names exist only when created with CreateAgentRuntimeEndpoint.',
    causes: ['A typo in `--qualifier` or in the client\'s URL.', 'The endpoint was created on another runtime or deleted.'],
    remediation: ['List the endpoints: `aws bedrock-agentcore-control list-agent-runtime-endpoints --agent-runtime-id <id>`.', 'Use `qualifier=DEFAULT` unless you created another endpoint.'],
    statuses: [404],
    patterns: [/found with qualifier '(?!DEFAULT')[^']+'/i],
  },
  RUNTIME_NOT_READY: {
    title: 'The runtime is not READY',
    severity: 'error',
    summary: (a) => `The runtime status is ${a.detail ?? 'not READY'}${a.variants ? `: ${a.variants}` : ''}.`,
    explanation: 'A runtime serves invocations only in status READY. CREATING and UPDATING pass on their own; CREATE_FAILED and UPDATE_FAILED carry a `failureReason` that names the cause.',
    causes: ['A deployment is still in progress.', 'The deployment failed: a missing execution-role permission, an image that cannot be pulled, an x86 image (AgentCore needs linux/arm64).'],
    remediation: ['Wait for READY (`mcp-doctor <arn> --wait` once available, or poll `get-agent-runtime`).', 'Read `failureReason` in the evidence and redeploy after fixing it.'],
    statuses: [],
    patterns: [/CREATE_FAILED|UPDATE_FAILED|CREATING|UPDATING/],
  },
  ENDPOINT_NOT_READY: {
    title: 'The runtime endpoint is not READY',
    severity: 'error',
    summary: (a) => `The endpoint status is ${a.detail ?? 'not READY'}${a.variants ? `: ${a.variants}` : ''}.`,
    explanation: 'Each qualifier is an endpoint with its own status. A newly created endpoint is reported to answer 404 `No endpoint or agent found` for a few minutes; what an endpoint that is UPDATING or *_FAILED answers is UNCONFIRMED, so expect invocations through it to fail or reach the previous version until it is READY.',
    causes: ['The endpoint is being created or updated to a new runtime version.', 'The endpoint update failed (see failureReason).'],
    remediation: ['Wait for the endpoint to reach READY, or fix the failure and update it again.'],
    statuses: [404],
    patterns: [],
  },
  PROTOCOL_NOT_MCP: {
    title: 'The runtime is not configured for the MCP protocol',
    severity: 'error',
    summary: (a) => `protocolConfiguration.serverProtocol is ${a.detail ?? 'not MCP'}; AgentCore will not treat this runtime as an MCP server.`,
    explanation:
      'With `serverProtocol` HTTP (what the starter toolkit and the AgentCore CLI deploy when no protocol is set) AgentCore forwards to port 8080 `/invocations` and health-checks `/ping`, A2A uses port 9000; an MCP container on 8000 `/mcp` never answers, so invocations end in 424. MCP runtimes also get the Accept check and JSON-RPC error wrapping.',
    causes: [
      { for: 'agentcore-cli', text: 'the runtime in `agentcore/agentcore.json` has no `"protocol": "MCP"` (the CLI defaults to HTTP).' },
      { for: 'starter-toolkit', text: '`agentcore configure` without `--protocol MCP` (the toolkit writes HTTP).' },
      { for: 'cloudformation', text: 'the runtime resource has no `ProtocolConfiguration` set to MCP (what the service does when it is absent is UNCONFIRMED).' },
    ],
    remediation: [
      { for: 'agentcore-cli', text: 'set `"protocol": "MCP"` on the runtime in `agentcore/agentcore.json`, then `agentcore deploy`.' },
      { for: 'starter-toolkit', text: '`agentcore configure --protocol MCP`, then `agentcore launch`.' },
      { for: 'cloudformation', text: 'set `ProtocolConfiguration` to MCP on the runtime resource and update the stack.' },
      { for: 'aws-cli', text: '`aws bedrock-agentcore-control update-agent-runtime --agent-runtime-id <id> --protocol-configuration serverProtocol=MCP …` (plus the runtime\'s other required fields).' },
    ],
    statuses: [424],
    patterns: [/serverProtocol.*\b(HTTP|A2A|AGUI)\b/i, /unknown command:? '?(configure|launch)/i],
    broadPatterns: [/serverProtocol/i],
  },
  MMDSV2_NOT_ENABLED: {
    title: 'The runtime does not require MMDSv2',
    severity: 'error',
    summary: () => 'metadataConfiguration.requireMMDSV2 is not true; AgentCore rejects invocations of runtimes that are not MMDSv2-enabled.',
    explanation: 'Since 2026-06-30 AgentCore requires runtimes to use the MMDSv2 metadata service; older runtimes fail with `ValidationException: This runtime is not MMDSv2-enabled`.',
    causes: ['A runtime created before the MMDSv2 requirement and never updated.'],
    remediation: [
      { for: 'aws-cli', text: '`aws bedrock-agentcore-control update-agent-runtime --agent-runtime-id <id> --metadata-configuration requireMMDSV2=true …` (plus the runtime\'s other required fields).' },
      { for: 'cloudformation', text: 'set `MetadataConfiguration: { RequireMMDSV2: true }` on the runtime resource and update the stack.' },
    ],
    statuses: [400],
    patterns: [/not MMDSv2-enabled/i],
    broadPatterns: [/MMDSV2/i],
  },
  AUTHORIZATION_NOT_FORWARDED: {
    title: 'The container never sees the Authorization header',
    severity: 'info',
    summary: () => 'The runtime\'s requestHeaderAllowlist does not list `Authorization`, so AgentCore validates the JWT and does not forward it to your server.',
    explanation:
      'AgentCore strips headers that are not in `requestHeaderConfiguration.requestHeaderAllowlist`. That is right when the server does not need the caller\'s identity; a server that reads claims from the token gets none (it may answer 401 `Missing user identity`, wrapped as `Received error (401) from runtime`).',
    causes: ['The allowlist was never configured (the default).'],
    remediation: [
      { for: 'agentcore-cli', text: 'if the server needs the token, add `"requestHeaderAllowlist": ["Authorization"]` to the runtime in `agentcore/agentcore.json`, then `agentcore deploy`.' },
      { for: 'starter-toolkit', text: '`agentcore configure --request-header-allowlist Authorization`, then `agentcore launch`.' },
      { for: 'aws-cli', text: '`update-agent-runtime … --request-header-configuration \'{"requestHeaderAllowlist":["Authorization"]}\'`.' },
    ],
    statuses: [],
    patterns: [/Missing user identity/i, /Received error \(401\) from runtime/i],
  },
  RUNTIME_INIT_TIMEOUT: {
    title: 'The container did not start answering in time (424)',
    severity: 'error',
    summary: (a) => `AgentCore answered ${a.status ?? 424}${said(a)}: a new session's container never answered on port 8000 \`/mcp\` within the init limit.`,
    explanation:
      'For every new session AgentCore starts a microVM and waits for the container to answer MCP on `0.0.0.0:8000/mcp`. If it never does (or answers 5xx while starting) within the limit (30–120 s), the caller gets 424 `Runtime initialization time exceeded`; the real error is in the container log.',
    causes: [
      'The server binds 127.0.0.1 (FastMCP and uvicorn default) instead of 0.0.0.0.',
      'Wrong port or path: AgentCore calls port 8000 and `/mcp`.',
      'A crash at start-up: the official Python SDK raises `ValueError: Unknown transport: http` (use `streamable-http`), python-sdk 1.x `run()` raises `TypeError` on `host`/`port`/`stateless_http`, a missing dependency, a bad environment variable.',
      'An image with more than 53 layers and a non-numeric `USER` (the log shows `Failed to mount overlay`).',
      'Slow imports or model loading before the server starts listening.',
      'An x86_64 image: AgentCore runs linux/arm64 (`exec format error` in the log).',
      'serverProtocol is not MCP, so AgentCore talks to another port.',
    ],
    remediation: [
      'Read the container log in CloudWatch: group `/aws/bedrock-agentcore/runtimes/<runtimeId>-<endpoint>` (`-DEFAULT` for the default endpoint), streams `[runtime-logs]…`.',
      ...LISTEN_ALL,
      'Build for arm64: `docker buildx build --platform linux/arm64 …`.',
      'Start listening first and load heavy resources lazily.',
    ],
    statuses: [424],
    patterns: [/Runtime initialization time exceeded/i, /initialization completes in/i, /Failed to mount overlay/i],
  },
  CONTAINER_ERROR: {
    title: 'The container answered an error status (wrapped by AgentCore)',
    severity: 'error',
    summary: (a) => `The MCP server in the container answered HTTP ${a.status ?? '?'}${via(a)}; AgentCore returned it as 200 + JSON-RPC -32010 "Received error (${a.status ?? '?'}) from runtime".`,
    explanation:
      'On MCP runtimes AgentCore wraps any non-2xx answer of the container into HTTP 200 with JSON-RPC error -32010, losing the container\'s body. The status is the only clue; the container log has the rest.',
    causes: ['An exception in the server (500).', 'A request the server refuses (400/404/405) because of its own configuration.'],
    remediation: ['Read the runtime log in CloudWatch for the request.', 'Run `mcp-doctor explain <status>` for the causes of that status.'],
    statuses: [200],
    patterns: [],
    broadPatterns: [/-32010/],
  },
  THROTTLED: {
    title: 'AgentCore throttled the requests',
    severity: 'warning',
    summary: (a) => `AgentCore answered ${a.status ?? 429}${said(a)}.`,
    explanation: 'Invocations per endpoint are limited (25 or 100 TPS depending on the quota revision) and so are concurrent sessions. MCP runtimes answer 200 + JSON-RPC -32003 `Rate limit exceeded`; other clients see 429 ThrottlingException.',
    causes: ['Bursts from many clients or retries without backoff.', 'A session quota reached (`ServiceQuotaExceededException`, HTTP 402).'],
    remediation: ['Retry with exponential backoff.', 'Request a quota increase in Service Quotas.'],
    statuses: [429, 402],
    patterns: [/Rate limit exceeded/i, /ThrottlingException/i, /Too many requests/i, /ServiceQuotaExceededException/i, /maxVms/i],
    broadPatterns: [/-32003/],
  },
  AUTH_MODE_MISMATCH: {
    title: 'The request used the wrong authorization method for this runtime',
    severity: 'error',
    summary: (a) => sentence(a.detail ?? 'AgentCore answered 403 Authorization method mismatch'),
    explanation:
      'A runtime is either IAM (SigV4) or JWT bearer, never both. A SigV4-signed request to a JWT runtime gets 403 `Authorization method mismatch` (MCP: JSON-RPC -32002). A bearer token sent to an IAM runtime is reported to be rejected the same way; its exact status and body are UNCONFIRMED. The AWS SDK\'s InvokeAgentRuntime only signs SigV4, so JWT runtimes must be called with plain HTTPS and `Authorization: Bearer`.',
    causes: [
      'A client (or CLI) that signs SigV4 for a runtime with a customJWTAuthorizer (older AgentCore CLI versions did on their MCP path, or when no bearer token was given).',
      { for: 'starter-toolkit', text: 'a redeploy that reset `authorizer_configuration` to null, turning the runtime back to IAM (reported).' },
      'A bearer token sent to an IAM runtime (reported to give the same mismatch).',
    ],
    remediation: ['JWT runtime: send `Authorization: Bearer <access token>` over plain HTTPS (`mcp-doctor <arn> --token-file …`).', 'IAM runtime: sign with SigV4 (`mcp-doctor <arn> --auth sigv4`).', 'Check `authorizerConfiguration` with `get-agent-runtime` after every deployment.'],
    statuses: [403],
    patterns: [/Authorization method mismatch/i],
  },
  SIGV4_REJECTED: {
    title: 'AWS rejected the SigV4 signature or credentials',
    severity: 'error',
    summary: (a) => `AgentCore answered ${a.status ?? 403} to the SigV4-signed request${said(a)}.`,
    explanation:
      'IAM runtimes are called with requests signed by AWS credentials (service `bedrock-agentcore`). AWS checks the signature, the credentials and the clock before the runtime\'s policy; any failure there ends the request with 403 and the exception name in `x-amzn-ErrorType`.',
    causes: [
      'Wrong or rotated secret key (`InvalidSignatureException`, `The request signature we calculated does not match`).',
      'The machine\'s clock is off by more than 15 minutes, the window SigV4 allows (`Signature expired`).',
      'Expired temporary credentials (`ExpiredTokenException`): renew the SSO or assumed-role session.',
      'The principal lacks `bedrock-agentcore:InvokeAgentRuntime` on the runtime and its `runtime-endpoint/*` (`AccessDeniedException`).',
    ],
    remediation: ['`aws sts get-caller-identity` to see which credentials are in use.', 'Sync the clock (`timedatectl`), renew the session (`aws sso login`).', 'Grant `bedrock-agentcore:InvokeAgentRuntime` on `<runtime arn>` and `<runtime arn>/runtime-endpoint/*`.'],
    statuses: [403],
    patterns: [/Authorization error - Insufficient permissions/i, /InvalidSignatureException/i, /signature we calculated does not match/i, /Signature expired/i, /ExpiredTokenException/i, /security token included in the request is (invalid|expired)/i, /UnrecognizedClientException/i],
  },
  TOKEN_MISSING: {
    title: 'No bearer token reached the JWT authorizer',
    severity: 'error',
    summary: (a) => sentence(a.detail ?? 'The runtime requires a bearer token and none was sent'),
    explanation:
      'The runtime has a customJWTAuthorizer, and the request had no usable `Authorization: Bearer` header. AgentCore answers 401 `Missing Authentication Token` with a `WWW-Authenticate` pointing at its protected-resource metadata. `Bearer undefined` (an unset variable) counts as missing.',
    causes: ['The token variable is unset (`Bearer undefined`, `Bearer null`).', 'The client was never given a token.'],
    remediation: ['Pass the access token: `mcp-doctor <arn> --token-file token.txt` or `MCP_DOCTOR_TOKEN=…`.', 'Get one from Cognito: `aws cognito-idp initiate-auth --auth-flow USER_PASSWORD_AUTH --client-id <id> --auth-parameters USERNAME=…,PASSWORD=… --query AuthenticationResult.AccessToken`.'],
    statuses: [401],
    patterns: [/-32001[^}]*Missing Authentication Token/i],
    broadPatterns: [/Missing Authentication Token/i, /Bearer undefined/i],
    spec: AUTH_SPEC,
  },
  TOKEN_MALFORMED: {
    title: 'The bearer token is not a JWT',
    severity: 'error',
    summary: (a) => sentence(a.detail ?? 'The token could not be parsed as a JWT'),
    explanation: 'AgentCore\'s authorizer only accepts signed JWTs (three base64url parts). Opaque tokens, quoted strings or truncated copies get 403 `OAuth authorization failed: Failed to parse token`.',
    causes: ['An opaque access token from an IdP that does not issue JWTs.', 'Quotes, a `Bearer ` prefix or a newline copied into the token.', 'A truncated copy.'],
    remediation: ['Use the JWT access token (Cognito: `AuthenticationResult.AccessToken`).', 'Strip quotes and whitespace.'],
    statuses: [403],
    patterns: [/Failed to parse token/i],
  },
  TOKEN_EXPIRED: {
    title: 'The token has expired',
    severity: 'error',
    summary: (a) => sentence(a.detail ?? 'The token has expired'),
    explanation: 'The `exp` claim is in the past. Cognito access tokens live 60 minutes by default, so a token pasted into CI an hour ago fails. Clients hide this behind vague errors (`unhandled errors in a TaskGroup`).',
    causes: ['A long-lived copy of a short-lived token.', 'A clock far ahead on the machine that checks.'],
    remediation: ['Fetch a fresh token right before calling.', 'Refresh with the refresh token before `exp`.'],
    statuses: [401, 403],
    patterns: [/Token has expired/i, /token expired/i, /UnauthorizedInboundTokenException/i],
  },
  TOKEN_EXPIRING: {
    title: 'The token expires within a minute (AgentCore already rejects it)',
    severity: 'error',
    summary: (a) => sentence(a.detail ?? 'The token expires within the next minute'),
    explanation: 'AgentCore rejects tokens that expire within the next 60 seconds, not only expired ones: `OAuth authorization failed: Ineffectual token, will expire within the next minute`. Clients that refresh only at `exp` fail for the last minute of every token.',
    causes: ['Refreshing the token only when it has expired.'],
    remediation: ['Refresh at least 2 minutes before `exp`.'],
    statuses: [401, 403],
    patterns: [/Ineffectual token/i, /will expire within the next minute/i],
  },
  TOKEN_SIGNATURE_INVALID: {
    title: 'The token signature does not verify against the authorizer\'s JWKS',
    severity: 'error',
    summary: (a) => sentence(a.detail ?? 'The token signature could not be verified'),
    explanation: 'The authorizer fetches the JWKS named by its discovery document and verifies the token with the key named by `kid`. A token signed by a key that JWKS does not hold (a rotated-away key, a hand-made or tampered token) cannot pass. What AgentCore answers then is UNCONFIRMED (likely 403 `OAuth authorization failed: …`), and the order of its checks is UNCONFIRMED too: for a token from another user pool field reports show 401 `Claim \'iss\' value mismatch`, which the doctor reports as TOKEN_ISSUER_MISMATCH.',
    causes: [
      'A tampered or hand-made token, or one signed with a key the issuer has rotated away.',
      'The `discoveryUrl` points at a different issuer than the one that minted the token (a token from another user pool is reported to fail on `iss` first).',
    ],
    remediation: ['Mint the token from the user pool or IdP in the authorizer\'s `discoveryUrl`.', 'Compare the token header\'s `kid` with the keys at the discovery document\'s `jwks_uri` (`mcp-doctor token`).'],
    statuses: [403, 401],
    patterns: [/Failed to verify token signature/i, /(invalid|bad) (token )?signature/i, /signature verification failed/i],
    broadPatterns: [/\bkid\b/i, /JWKS/i],
  },
  TOKEN_ISSUER_MISMATCH: {
    title: 'The token\'s issuer is not the authorizer\'s',
    severity: 'error',
    summary: (a) => `${a.detail ?? 'Claim \'iss\' value mismatch with configuration.'}`,
    explanation: 'The authorizer compares the token\'s `iss` with the `issuer` of its discovery document, exactly. Tokens from another pool, another region, or an IdP\'s other issuer format (Entra v1 vs v2) are rejected with 401 `Claim \'iss\' value mismatch with configuration.`',
    causes: ['A token from another user pool or region.', 'An Entra ID v1 token where the discovery document is v2 (or the reverse).'],
    remediation: ['Mint the token from the pool in the `discoveryUrl`, or point `discoveryUrl` at the token\'s issuer.'],
    statuses: [401],
    patterns: [/Claim 'iss' value mismatch/i],
  },
  ID_TOKEN_USED: {
    title: 'An ID token was sent where the authorizer checks client_id',
    severity: 'error',
    summary: (a) => sentence(a.detail ?? 'The token is a Cognito ID token (token_use "id"), which has no client_id claim, and the authorizer checks allowedClients'),
    explanation:
      'Cognito access tokens carry `client_id` and no `aud`; ID tokens carry `aud` (the client id) and no `client_id`. An authorizer with `allowedClients` therefore rejects every ID token with 401 `Claim \'client_id\' value mismatch with configuration.`. The popular workaround (a pre-token-generation Lambda that injects `client_id` into the ID token; reported to work, UNCONFIRMED) only papers over sending the wrong token.',
    causes: ['The client sends `AuthenticationResult.IdToken` instead of `AccessToken` (many deployment guides do).'],
    remediation: [
      'Send the access token (`AuthenticationResult.AccessToken`).',
      'If the server needs ID-token claims (email, groups), switch the authorizer to `allowedAudience=[<client id>]` instead of `allowedClients`.',
      'Only as a last resort: a pre-token-generation trigger that adds `client_id` to the ID token is reported to work (V1_0, the default, already customises ID tokens, so no V2_0 or paid plan is needed for that); whether Cognito lets a trigger set `client_id` at all is UNCONFIRMED (one list calls it reserved).',
    ],
    statuses: [401],
    patterns: [/Claim 'client_id' value mismatch/i, /IdToken/i],
  },
  CLIENT_NOT_ALLOWED: {
    title: 'The token\'s client_id is not in allowedClients',
    severity: 'error',
    summary: (a) => `${a.detail ?? 'Claim \'client_id\' value mismatch with configuration.'}`,
    explanation: 'The authorizer\'s `allowedClients` lists the app clients whose access tokens it accepts; the token\'s `client_id` is not one of them. Only the literal `client_id` claim counts (Okta `cid`, Entra `azp`/`appid` do not).',
    causes: ['A token minted for another app client.', 'An IdP that puts the client in another claim (`cid`, `azp`, `appid`).'],
    remediation: ['Mint the token with an app client listed in `allowedClients`, or add its id there.', 'For IdPs without `client_id`, use `allowedAudience` instead.'],
    statuses: [401],
    patterns: [/Claim 'client_id' value mismatch/i],
  },
  AUDIENCE_MISMATCH: {
    title: 'The token\'s aud is not in allowedAudience',
    severity: 'error',
    summary: (a) => `${a.detail ?? 'Claim \'aud\' value mismatch with configuration.'}`,
    explanation: 'The authorizer\'s `allowedAudience` must contain one of the token\'s `aud` values. Cognito access tokens have no `aud` at all, so an authorizer with only `allowedAudience` rejects every Cognito access token.',
    causes: ['A Cognito access token against `allowedAudience` (use `allowedClients` for access tokens).', 'A token minted for another audience or resource.'],
    remediation: ['Cognito access tokens: configure `allowedClients=[<client id>]` instead.', 'Otherwise request the token for an audience listed in `allowedAudience`.'],
    statuses: [401],
    patterns: [/Claim 'aud' value mismatch/i],
  },
  SCOPE_NOT_ALLOWED: {
    title: 'None of the token\'s scopes is in allowedScopes',
    severity: 'error',
    summary: (a) => sentence(a.detail ?? 'The token carries none of the allowed scopes'),
    explanation: 'With `allowedScopes`, at least one scope of the token (`scope` string or `scp` list) must match a configured value.',
    causes: ['The app client does not request the custom scope.', 'A token minted with the default scopes only.'],
    remediation: ['Request one of the allowed scopes when minting the token (client credentials: `scope=<resource server>/<scope>`).'],
    statuses: [401, 403],
    patterns: [/Claim 'scope' value mismatch/i, /insufficient_scope/i, /Insufficient scope/i, /Server returned 403 after trying upscoping/i, /Required scope:/i],
  },
  CUSTOM_CLAIM_MISMATCH: {
    title: 'A custom claim rule of the authorizer does not match',
    severity: 'error',
    summary: (a) => sentence(a.detail ?? 'A customClaims rule did not match the token'),
    explanation: 'Each `customClaims` rule compares one claim with EQUALS or CONTAINS (strings) or CONTAINS_ANY (string lists); every rule must pass.',
    causes: ['The claim is missing (for Cognito, only a pre-token-generation trigger adds custom claims).', 'The value differs in case or format.'],
    remediation: ['Compare the token\'s claims (`mcp-doctor token`) with the rule, and add the claim in the IdP.'],
    statuses: [401],
    patterns: [],
    broadPatterns: [/Claim '[^']+' value mismatch/i],
  },
  BEARER_PLACEHOLDER: {
    title: 'The Authorization header carries a placeholder, not a token',
    severity: 'error',
    summary: (a) => sentence(a.detail ?? 'The bearer value is a placeholder'),
    explanation: 'A client whose token variable is unset sends `Authorization: Bearer undefined`, `Bearer null` or an empty bearer. AgentCore treats it as no token at all and answers 401 `Missing Authentication Token`, which sends people hunting for authorizer problems that do not exist.',
    causes: ['The token variable is read before it is set, or from the wrong environment variable.', 'Template substitution that did not happen (`${TOKEN}` passed literally).'],
    remediation: ['Print the length of the token in the client (never the token) before sending it.', 'Fail early in the client when the token is empty.'],
    statuses: [401],
    patterns: [/Bearer (undefined|null)/i],
  },
  TOKEN_NOT_YET_VALID: {
    title: 'The token is not valid yet (clock skew)',
    severity: 'error',
    summary: (a) => sentence(a.detail ?? 'The token\'s nbf or iat lies in the future'),
    explanation: 'The token\'s `nbf` (or `iat`) is later than the checking clock. Either the issuing machine\'s clock runs ahead or the checking machine\'s runs behind; CI runners and containers without time sync are the usual suspects.',
    causes: ['A clock that is minutes off on the machine that minted or checks the token.'],
    remediation: ['Sync the clock (`timedatectl set-ntp true`, `chronyc tracking`).', 'Mint the token on a machine with a correct clock.'],
    statuses: [401, 403],
    patterns: [/not yet valid/i],
    broadPatterns: [/\bnbf\b/i],
  },
  CLIENT_ID_CLAIM_MISSING: {
    title: 'The token names its client in a claim AgentCore does not read',
    severity: 'error',
    summary: (a) => sentence(a.detail ?? 'The token has no client_id claim'),
    explanation: 'AgentCore\'s `allowedClients` reads only the literal `client_id` claim. Okta puts the client in `cid`, Entra ID in `azp` or `appid`; their tokens fail with `Claim \'client_id\' value mismatch` however the allowlist is set.',
    causes: ['A non-Cognito IdP (Okta, Entra ID, Auth0) with `allowedClients`.'],
    remediation: ['Use `allowedAudience` (the token\'s `aud`) instead of `allowedClients` for such IdPs.', 'Or add a `client_id` claim in the IdP\'s token customisation.'],
    statuses: [401],
    patterns: [],
    broadPatterns: [/\bcid\b|\bazp\b|\bappid\b/],
  },
  DISCOVERY_UNREACHABLE: {
    title: 'The authorizer\'s discovery document cannot be fetched',
    severity: 'error',
    summary: (a) => `${a.url ?? 'The discovery URL'} could not be fetched${said(a)}.`,
    explanation: 'AgentCore fetches the `discoveryUrl` for the issuer and the JWKS of every token. If the document is unreachable (wrong URL, a private IdP, a typo in the pool id), every token is rejected.',
    causes: ['A typo in the user pool id or region of `discoveryUrl`.', 'An IdP reachable only from a private network.', 'The pool was deleted.'],
    remediation: ['Open the URL: `curl -s <discoveryUrl> | jq .issuer`.', 'Cognito: `https://cognito-idp.<region>.amazonaws.com/<userPoolId>/.well-known/openid-configuration`.'],
    statuses: [],
    patterns: [],
    broadPatterns: [/openid-configuration/i],
  },
  DISCOVERY_INVALID: {
    title: 'The discovery document is not a usable OIDC document',
    severity: 'error',
    summary: (a) => `${a.url ?? 'The discovery document'} is not usable${said(a)}.`,
    explanation: 'An OIDC discovery document must be JSON with `issuer` and `jwks_uri`, and the JWKS it names must hold the signing keys. A redirect, an HTML page or a missing `jwks_uri` leaves the authorizer unable to verify any token.',
    causes: ['`discoveryUrl` points at a web page, not `…/.well-known/openid-configuration`.', 'A proxy or login page answers instead of the IdP.'],
    remediation: ['Point `discoveryUrl` at the exact `/.well-known/openid-configuration` URL of the issuer.'],
    statuses: [],
    patterns: [],
    broadPatterns: [/jwks_uri/i],
  },
  PREDICTION_MISMATCH: {
    title: 'The endpoint\'s answer disagrees with the prediction from the authorizer configuration',
    severity: 'warning',
    summary: (a) => sentence(a.detail ?? 'The predicted and the observed authorization outcomes differ'),
    explanation: 'The doctor predicts, from the token\'s claims and the runtime\'s authorizer configuration, whether AgentCore will accept the token; then it calls the endpoint. A disagreement means the configuration the control plane shows is not what the data plane enforces (a deployment in progress, another qualifier, a cached authorizer), or the token claims are not what they seem.',
    causes: ['A deployment changed the authorizer between the two calls.', 'The endpoint serves another runtime version than the control plane describes.'],
    remediation: ['Run the doctor again after the deployment settles.', 'Compare `get-agent-runtime` with `get-agent-runtime-endpoint` (liveVersion/targetVersion).'],
    statuses: [],
    patterns: [],
  },
  USER_PASSWORD_AUTH_DISABLED: {
    title: 'The app client does not allow USER_PASSWORD_AUTH',
    severity: 'error',
    summary: (a) => sentence(a.detail ?? 'InitiateAuth USER_PASSWORD_AUTH is not enabled for this app client'),
    explanation: 'Minting a token with a username and password (what the AgentCore samples do) needs `ALLOW_USER_PASSWORD_AUTH` in the app client\'s `ExplicitAuthFlows`; otherwise Cognito answers `InvalidParameterException: USER_PASSWORD_AUTH flow not enabled for this client`.',
    causes: ['An app client created with SRP only (the console default).'],
    remediation: [
      { for: 'aws-cli', text: '`aws cognito-idp update-user-pool-client --user-pool-id <pool> --client-id <id> --explicit-auth-flows ALLOW_USER_PASSWORD_AUTH ALLOW_REFRESH_TOKEN_AUTH …`. The update resets every setting you leave out (callback URLs, OAuth flows and scopes, token validity) to its default, not only the flow list: run `describe-user-pool-client` first and pass all its settings back.' },
      { for: 'cloudformation', text: 'add `ALLOW_USER_PASSWORD_AUTH` to `ExplicitAuthFlows` of the `AWS::Cognito::UserPoolClient` and update the stack.' },
    ],
    statuses: [400],
    patterns: [/USER_PASSWORD_AUTH flow not enabled/i],
  },
  CLIENT_SECRET_HASH_REQUIRED: {
    title: 'The app client has a secret, so InitiateAuth needs SECRET_HASH',
    severity: 'error',
    summary: (a) => sentence(a.detail ?? 'The app client is confidential and the request carried no valid SECRET_HASH'),
    explanation: 'A confidential app client (one with a client secret) requires `SECRET_HASH = base64(HMAC-SHA256(client secret, username + client id))` in every InitiateAuth call; without it Cognito answers `NotAuthorizedException: Client … is configured with secret but SECRET_HASH was not received`.',
    causes: ['A client secret was generated for the app client, and the caller does not send SECRET_HASH.'],
    remediation: ['Give the doctor the secret: `MCP_DOCTOR_CLIENT_SECRET=… mcp-doctor … --cognito-client-id <id> --username <user>`.', 'Or use a public app client without a secret for user logins.'],
    statuses: [400],
    patterns: [/SECRET_HASH/i, /Unable to verify secret hash/i],
  },
  COGNITO_AUTH_FAILED: {
    title: 'Getting a token failed',
    severity: 'error',
    summary: (a) => sentence(a.detail ?? 'The token request failed'),
    explanation: 'The doctor could not obtain a token (Cognito InitiateAuth or an OAuth client-credentials request), so the endpoint was diagnosed without one. The evidence names the IdP\'s error.',
    causes: ['Wrong username or password (`NotAuthorizedException`).', 'An unknown client id or pool (`ResourceNotFoundException`).', 'A client-credentials client without the `client_credentials` flow or with a wrong secret (`invalid_client`).'],
    remediation: ['Check the credentials with `aws cognito-idp initiate-auth …` directly.', 'For client credentials, the app client needs a secret and the `client_credentials` OAuth flow with at least one custom scope.'],
    statuses: [400, 401],
    patterns: [/Incorrect username or password/i, /invalid_client/i, /UserNotFoundException/i],
    broadPatterns: [/NotAuthorizedException/i],
  },
  PRE_TOKEN_LAMBDA_V1_ACCESS_TOKEN: {
    title: 'A V1 pre-token-generation trigger cannot change access tokens',
    severity: 'warning',
    summary: (a) => sentence(a.detail ?? 'The user pool\'s pre-token-generation trigger is V1_0, which customises ID tokens only'),
    explanation: 'Pre token generation V1_0 (the default, and the only version on the Lite plan) changes ID tokens only; V2_0 (Essentials or Plus) also changes access tokens for user sign-ins, V3_0 for client credentials. Claims a V1 trigger adds never appear in the access tokens AgentCore should receive.',
    causes: ['A trigger written for ID tokens, expected to shape access tokens.'],
    remediation: ['Move the pool to the Essentials plan and set `PreTokenGenerationConfig.LambdaVersion=V2_0`, returning `claimsAndScopeOverrideDetails.accessTokenGeneration`.'],
    statuses: [],
    patterns: [],
    broadPatterns: [/PreTokenGeneration/i, /claimsOverrideDetails/i],
  },
  PRE_TOKEN_CLIENT_ID_WORKAROUND: {
    title: 'A pre-token trigger exists to make ID tokens pass allowedClients',
    severity: 'info',
    summary: (a) => sentence(a.detail ?? 'The pool injects client_id into ID tokens'),
    explanation: 'Deployment guides add a pre-token-generation Lambda that copies the client id into the ID token\'s `client_id`, so that ID tokens pass an `allowedClients` authorizer. Field reports say it works; whether Cognito lets a trigger set `client_id` at all is UNCONFIRMED (one third-party list calls the claim reserved). Either way it works around sending the wrong token: the access token already carries `client_id`.',
    causes: ['Following a guide that sends the ID token.'],
    remediation: ['Send the access token and remove the trigger, or switch the authorizer to `allowedAudience=[<client id>]` if the ID token\'s claims are needed.'],
    statuses: [],
    patterns: [],
  },
  UNAUTHENTICATED_ACCESS_ALLOWED: {
    title: 'The endpoint answers MCP without any credentials',
    severity: 'error',
    summary: (a) => `${a.probe ?? 'initialize without Authorization'} got ${a.status ?? 200}: anyone who knows the URL can use this server.`,
    explanation: 'A request with no `Authorization` header was served. For a server that is meant to be protected (a token was given to the doctor) that means authentication is not enforced on this path, so tokens protect nothing.',
    causes: ['Auth middleware mounted on another path or after the MCP route.', 'A proxy that authenticates only some methods.'],
    remediation: [
      { for: 'python-sdk', text: 'enforce authentication before the transport (`AuthSettings` and a token verifier, which add `RequireAuthMiddleware`).' },
      { for: 'typescript-sdk', text: 'put `requireBearerAuth({ verifier })` in front of the MCP route.' },
      { for: 'agentcore-cli', text: 'set `"authorizerType": "CUSTOM_JWT"` with a `customJwtAuthorizer` on the runtime in `agentcore/agentcore.json`, then `agentcore deploy`.' },
      { for: 'starter-toolkit', text: '`agentcore configure --authorizer-config …` (a customJWTAuthorizer), then `agentcore launch`.' },
    ],
    statuses: [200],
    patterns: [],
    spec: AUTH_SPEC,
  },
  INVALID_TOKEN_ACCEPTED: {
    title: 'The endpoint accepts an invalid token',
    severity: 'error',
    summary: (a) => `${a.probe ?? 'A forged token'} got ${a.status ?? 200}: the server does not verify ${a.detail ?? 'tokens'}.`,
    explanation: 'The doctor sent forged copies of the token (garbage, `alg: none`, a tampered signature). Any of them being served means signatures are not checked, so anyone can mint tokens. The forged copies are not usable credentials.',
    causes: ['A server that decodes JWTs without verifying them.', 'A JWT library configured to accept `none`.'],
    remediation: ['Verify every token with the issuer\'s JWKS and an explicit algorithm allowlist (never `none`).'],
    statuses: [200],
    patterns: [/alg.?none/i],
    spec: AUTH_SPEC,
  },
  WWW_AUTHENTICATE_MISSING: {
    title: 'The 401 carries no WWW-Authenticate with resource_metadata',
    severity: 'warning',
    summary: (a) => sentence(a.detail ?? 'The 401 has no WWW-Authenticate resource_metadata'),
    explanation: 'Since MCP 2025-06-18 a protected server answers 401 with `WWW-Authenticate: Bearer resource_metadata="<URL>"` (RFC 9728), and 2025-11-25 allows the well-known URL instead. Without either, MCP clients cannot discover how to get a token.',
    causes: [{ for: 'python-sdk', text: '`AuthSettings` without `resource_server_url` (the 401 then has no `resource_metadata`).' }, { for: 'typescript-sdk', text: '`requireBearerAuth` without `resourceMetadataUrl`.' }, 'A gateway that answers 401 itself.'],
    remediation: ['Send `WWW-Authenticate: Bearer resource_metadata="https://<host>/.well-known/oauth-protected-resource<path>"` and serve that document.'],
    statuses: [401],
    patterns: [],
    broadPatterns: [/WWW-Authenticate/i, /resource_metadata/i],
    spec: AUTH_SPEC,
  },
  PRM_INVALID: {
    title: 'The protected-resource metadata is missing or inconsistent',
    severity: 'warning',
    summary: (a) => `${a.url ?? 'The protected-resource metadata'}${said(a)}.`,
    explanation: 'The RFC 9728 document must be JSON with a `resource` equal to the MCP endpoint and at least one `authorization_servers` entry. Clients validate `resource` against the URL they call (`Protected resource … does not match expected …`).',
    causes: ['The document is not served, or served on another path behind a proxy.', '`resource` names another URL (a trailing slash, another host).'],
    remediation: ['Serve `{"resource": "<exact MCP URL>", "authorization_servers": ["<issuer>"]}` at the URL in `resource_metadata`.'],
    statuses: [404],
    patterns: [/Protected resource .* does not match/i, /does not implement OAuth 2\.0 Protected Resource Metadata/i, /trying to load well-known OAuth protected resource metadata/i],
    broadPatterns: [/oauth-protected-resource/i],
    spec: AUTH_SPEC,
  },
  WAIT_TIMEOUT: {
    title: 'The runtime did not become ready within --wait',
    severity: 'error',
    summary: (a) => `After waiting ${a.waitedMs ?? '?'} ms the runtime was still not ready: ${a.detail ?? 'unknown state'}.`,
    explanation: 'Right after a deployment the runtime is CREATING or UPDATING, and a new endpoint answers 404 for a few minutes while it propagates. `--wait` polls until the control plane says READY and the endpoint answers initialize; this run gave up first, and the diagnosis that follows shows the state it was left in.',
    causes: ['The deployment is slower than the wait (large images, first deployment in a region).', 'The deployment failed (see RUNTIME_NOT_READY and its failureReason).'],
    remediation: ['Wait longer: `--wait 10m`.', 'Check the deployment: `aws bedrock-agentcore-control get-agent-runtime --agent-runtime-id <id>`.'],
    statuses: [404],
    patterns: [],
  },
  SERVER_EXITED_AT_STARTUP: {
    title: 'The server process exited before it listened',
    severity: 'error',
    summary: (a) => `The server command exited${a.detail ? ` (${a.detail})` : ''} before it listened on its port; deployed, every new session would end in 424 after the init limit.`,
    explanation:
      '`mcp-doctor rehearse` started the server command and waited for it to accept connections, but the process ended first. On AgentCore the same crash happens inside the microVM: the caller only sees 424 `Runtime initialization time exceeded` and the reason sits in the container log. The last lines the command printed are in the evidence and the whole captured tail in the report.',
    causes: [
      { for: 'python-sdk', text: 'started with `transport="http"` (`ValueError: Unknown transport`); it needs `"streamable-http"`.' },
      { for: 'python-sdk', text: '`run()` given `host`, `port` or `stateless_http` (`TypeError: FastMCP.run() got an unexpected keyword argument`); they belong in the constructor.' },
      { for: 'fastmcp-3', text: 'a constructor `host` or `port` (`TypeError`: "FastMCP() no longer accepts `host`"); pass them to `run()`.' },
      'The command is not installed or not on PATH (`ENOENT`), or not executable (`EACCES`).',
      'A missing dependency or module (`ModuleNotFoundError`, `Cannot find module`).',
      'A missing environment variable or configuration file the server reads at start-up.',
      'The port is already in use (`EADDRINUSE`, `address already in use`).',
    ],
    remediation: ['Read the server output kept in the report (`rehearsal.output` in JSON) and run the command by hand to see the full error.', ...STATELESS, 'Give the server every environment variable it needs (`--env` in the container, `environmentVariables` in the runtime).'],
    statuses: [424],
    patterns: [/EADDRINUSE/i, /address already in use/i, /ModuleNotFoundError/i, /Cannot find module/i],
  },
  SERVER_BINDS_LOOPBACK: {
    title: 'The server listens on 127.0.0.1 only, not on 0.0.0.0',
    severity: 'error',
    summary: (a) =>
      a.detail
        ? `The server's output shows it listening on loopback only ("${a.detail}"): AgentCore connects from outside the container and gets no answer (424).`
        : `The server accepted connections on 127.0.0.1 but refused them on ${a.host ?? "the machine's network address"}: it is bound to loopback only, so AgentCore cannot reach it (424 after deploying).`,
    explanation:
      'AgentCore reaches the container through its network interface on `0.0.0.0:8000/mcp`. A server bound to 127.0.0.1 (or `localhost`) answers inside the container but refuses every connection from outside it, so each new session ends in 424 `Runtime initialization time exceeded`. `rehearse` connects to the port through a non-loopback address to tell the two apart on a laptop.',
    causes: [
      'FastMCP (both libraries) and uvicorn default to `host="127.0.0.1"`.',
      'A Node server calls `listen(port, "127.0.0.1")` or `listen(port, "localhost")`.',
      'The host comes from an environment variable that is unset in the container.',
    ],
    remediation: [...LISTEN_ALL],
    statuses: [424],
    patterns: [/Uvicorn running on http:\/\/127\.0\.0\.1/i, /Uvicorn running on http:\/\/localhost/i],
  },
  TLS_CERTIFICATE_UNTRUSTED: {
    title: 'The server\'s certificate is not signed by a trusted CA',
    severity: 'error',
    summary: (a) => `The certificate of ${a.host ?? 'the target'} does not chain to a trusted root${a.errorCode ? ` (${a.errorCode})` : ''}; the doctor refused the connection. A private CA needs --ca-file or NODE_EXTRA_CA_CERTS.`,
    explanation:
      'The TLS connection was refused because the certificate chain ends in a certificate this machine does not trust: a self-signed certificate, or one issued by a company\'s private CA or a TLS-inspecting proxy. The doctor fails closed, as every MCP client does; `NODE_TLS_REJECT_UNAUTHORIZED=0` is not honoured for its own connections.',
    causes: [
      'A private (corporate) CA signed the certificate, and its root is not in the trust store of this machine or CI runner.',
      'A TLS-inspecting proxy re-signs HTTPS traffic with its own root.',
      'A self-signed certificate on a development server.',
      'The server sends the leaf certificate without its intermediate certificates.',
    ],
    remediation: [
      'Pass the CA bundle: `mcp-doctor <url> --ca-file /path/corp-ca.pem` (added to the default roots).',
      'For every Node tool in the job: `export NODE_EXTRA_CA_CERTS=/path/corp-ca.pem`.',
      'Serve the full chain (leaf + intermediates), e.g. `fullchain.pem` with certbot.',
      'Never set `NODE_TLS_REJECT_UNAUTHORIZED=0`: it turns off verification for the whole process.',
    ],
    statuses: [],
    patterns: [/self[- ]signed certificate/i, /unable to (verify the first|get local issuer) certificate/i, /DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY/],
  },
  TLS_VERIFICATION_DISABLED: {
    title: 'NODE_TLS_REJECT_UNAUTHORIZED=0 turns off certificate checks',
    severity: 'warning',
    summary: () => 'NODE_TLS_REJECT_UNAUTHORIZED=0 is set: Node tools in this environment accept any certificate. The doctor kept verifying its own connections; your MCP clients will not.',
    explanation:
      'With `NODE_TLS_REJECT_UNAUTHORIZED=0` Node accepts every certificate, so anyone on the path (a proxy, a hostile network) can read and change the traffic, bearer tokens included. It usually works around a private CA. mcp-doctor ignores it for its own connections (its diagnosis stays honest), but every other Node program started with this environment runs unprotected.',
    causes: ['A private or TLS-inspecting CA was worked around instead of trusted.', 'A debugging setting left in a CI job, a Dockerfile or a shell profile.'],
    remediation: [
      'Unset it: `unset NODE_TLS_REJECT_UNAUTHORIZED`.',
      'Trust the CA instead: `export NODE_EXTRA_CA_CERTS=/path/corp-ca.pem` (or `--ca-file` for the doctor).',
    ],
    statuses: [],
    patterns: [/NODE_TLS_REJECT_UNAUTHORIZED/i],
  },
  CONFIG_FILE_UNPARSABLE: {
    title: 'A deployment configuration file cannot be parsed',
    severity: 'error',
    summary: (a) => `The file is not valid YAML or JSON${a.detail ? `: ${a.detail}` : ''}.`,
    explanation:
      'The linter reads `.bedrock_agentcore.yaml`, `agentcore/agentcore.json` and CloudFormation templates with real YAML/JSON parsers. A file that does not parse is also a file the AgentCore toolkit, the CLI or CloudFormation will refuse, so every other check of that file is skipped until it parses.',
    causes: [
      'Indentation mixed with tabs, or a list item indented differently from its siblings.',
      'A trailing comma or a comment in a JSON file.',
      'An unquoted value that starts with a YAML indicator (`*`, `&`, `!`, `@`, a backtick) or contains `: `.',
    ],
    remediation: ['Fix the syntax at the reported line and column; `python -c "import yaml,sys; yaml.safe_load(open(sys.argv[1]))" <file>` or `jq . <file>` confirms it parses.', 'Quote values that start with special characters: `value: "*"`.'],
    statuses: [],
    patterns: [/YAMLException/i, /Unexpected token .* in JSON/i, /mapping values are not allowed/i],
  },
  PLATFORM_NOT_ARM64: {
    title: 'The container image is not built for linux/arm64',
    severity: 'error',
    summary: (a) => `The image is built for ${a.detail ?? 'another platform than linux/arm64'}; AgentCore Runtime runs linux/arm64 images only.`,
    explanation:
      'AgentCore Runtime starts containers on ARM64 (Graviton) microVMs. An x86_64 image cannot run there: the session never starts, the log shows `exec format error`, and callers see 424 `Runtime initialization time exceeded`. Docker builds for the architecture of the machine running the build unless told otherwise, so an image built on an x86 laptop or CI runner is x86_64.',
    causes: [
      '`platform: linux/amd64` in `.bedrock_agentcore.yaml` (the schema default when the field was written by hand).',
      '`FROM --platform=linux/amd64 …` or `FROM --platform=$BUILDPLATFORM …` in the final stage of the Dockerfile.',
      'A plain `docker build` on an x86_64 machine with nothing pinning the platform.',
    ],
    remediation: [
      'Set `platform: linux/arm64` in `.bedrock_agentcore.yaml` (what `agentcore configure` writes).',
      'Pin the base image: `FROM --platform=linux/arm64 python:3.12-slim`.',
      'Build with buildx: `docker buildx build --platform linux/arm64 -t <image> --push .`.',
    ],
    statuses: [424],
    patterns: [/exec format error/i],
    broadPatterns: [/linux\/amd64/i],
    spec: { id: 'AgentCore Runtime troubleshooting: ARM64 images', url: 'https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/runtime-troubleshooting.html' },
  },
  CONTAINER_PORT_NOT_EXPOSED: {
    title: 'The Dockerfile exposes no port',
    severity: 'warning',
    summary: () => 'The image declares no port with EXPOSE; AgentCore sends MCP traffic to port 8000.',
    explanation:
      'AgentCore calls an MCP container on `0.0.0.0:8000/mcp`. `EXPOSE 8000` does not open the port by itself, but it is the image\'s declaration of where the server listens: tools (and readers) rely on it, and a Dockerfile without it usually means the port was never thought about.',
    causes: ['A Dockerfile written for a stdio server or a worker, reused for the HTTP server.', 'The EXPOSE line was dropped when the Dockerfile was trimmed.'],
    remediation: ['Add `EXPOSE 8000` to the final stage and make the server listen there.', ...LISTEN_ALL],
    statuses: [],
    patterns: [],
  },
  CONTAINER_START_COMMAND_MISSING: {
    title: 'The Dockerfile never starts the MCP server',
    severity: 'warning',
    summary: () => 'The final image has no CMD or ENTRYPOINT of its own, so it runs whatever the base image runs.',
    explanation:
      'Without CMD or ENTRYPOINT the container runs the base image\'s default (a Python REPL for `python:*`, a shell for `debian`), which exits at once or never listens on port 8000. AgentCore then waits for the server until the init limit and answers 424 `Runtime initialization time exceeded`.',
    causes: ['The start command lives in a compose file or a `docker run` line that AgentCore never sees.', 'The CMD is in an earlier build stage, not in the final one.'],
    remediation: ['Add the start command to the final stage: `CMD ["python", "-m", "my_server"]` or `CMD ["uv", "run", "main.py"]`.'],
    statuses: [424],
    patterns: [],
  },
  CUSTOM_CLAIM_RESERVED: {
    title: 'A customClaims rule names a reserved claim',
    severity: 'error',
    summary: (a) => `customClaims names a reserved claim${a.detail ? ` (${a.detail})` : ''}; AgentCore rejects the authorizer configuration.`,
    explanation:
      'The customJWTAuthorizer checks some claims through dedicated fields and refuses them in `customClaims`: `client_id` is checked by `allowedClients` and `scp` by `allowedScopes` ("Custom claim name can\'t be \'scp\'. Please configure claims in the allowed_scopes field"). Creating or updating the runtime fails with a validation error.',
    causes: ['Trying to pin the app client with a custom claim instead of `allowedClients`.', 'Okta-style `scp` scopes configured as a custom claim.'],
    remediation: ['Move the value to its field: `allowedClients: [<client id>]` for `client_id`, `allowedScopes: [<scope>]` for `scp`.'],
    statuses: [400],
    patterns: [/Custom claim name can't be/i, /reserved name/i],
  },
  HEADER_ALLOWLIST_INVALID: {
    title: 'requestHeaderAllowlist names a header AgentCore will not forward',
    severity: 'error',
    summary: (a) => sentence(a.detail ?? 'An entry of requestHeaderAllowlist is not allowed'),
    explanation:
      'AgentCore forwards only the headers in `requestHeaderConfiguration.requestHeaderAllowlist`, and only some may be listed: at most 20 names, case-insensitive and without duplicates; no `X-Amz-*`, and no `X-Amzn-*` except `X-Amzn-Bedrock-AgentCore-Runtime-Custom-*`; none of the restricted headers (Accept, Content-Type, Host, User-Agent, Cookie, Origin, the X-Forwarded-* family, …); and `Authorization` only on runtimes with a customJWTAuthorizer. An invalid entry makes the create/update call fail or the header never arrive.',
    causes: [
      'A client header such as `X-Tenant-Id` sent as `X-Amzn-…` or a restricted standard header (`Cookie`, `User-Agent`).',
      '`Authorization` allow-listed on an IAM (SigV4) runtime.',
      'The same header listed twice in different case.',
    ],
    remediation: [
      'Send custom values as `X-Amzn-Bedrock-AgentCore-Runtime-Custom-<Name>` and list that name (or `X-Amzn-Bedrock-AgentCore-Runtime-Custom-*`).',
      'List `Authorization` only together with a customJWTAuthorizer.',
    ],
    statuses: [400],
    patterns: [/requestHeaderAllowlist.*(invalid|not allowed|restricted)/i, /Maximum 20 headers allowed/i, /Must be "Authorization" or start with/i],
    spec: { id: 'AgentCore Runtime: header allowlist', url: 'https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/runtime-header-allowlist.html' },
  },
  AUTHORIZER_NO_CLIENT_OR_AUDIENCE: {
    title: 'The JWT authorizer checks no client, audience, scope or claim',
    severity: 'error',
    summary: () => 'The customJWTAuthorizer sets none of allowedClients, allowedAudience, allowedScopes or customClaims.',
    explanation:
      'A customJWTAuthorizer must restrict tokens by at least one of `allowedClients` (the token\'s `client_id`), `allowedAudience` (`aud`), `allowedScopes` or `customClaims`; with only a `discoveryUrl` it would accept any token the issuer ever minted, for any application, and AgentCore refuses the configuration.',
    causes: ['The toolkit was given only `--authorizer-config` with a discovery URL.', 'An empty list (`allowedClients: []`) left by a template variable that was never filled.'],
    remediation: [
      'Cognito access tokens: `allowedClients: [<app client id>]`.',
      'Other IdPs: `allowedAudience: [<api audience>]`, or `allowedScopes` for client-credentials tokens.',
    ],
    statuses: [400],
    patterns: [/At least one of allowedAudience, allowedClients/i],
  },
  FASTMCP_HTTP_TRANSPORT_CRASH: {
    title: 'run(transport=...) names a transport the library does not have: the server crashes at start-up',
    severity: 'error',
    summary: (a) => `The server is started with \`run(transport="${a.detail ?? 'http'}")\`, which the official MCP Python SDK does not know: it raises \`ValueError: Unknown transport\` before listening.`,
    explanation:
      'The official Python SDK (`mcp.server.fastmcp.FastMCP`, v1.x and v2) accepts `stdio`, `sse` and `streamable-http` only; `"http"` raises `ValueError: Unknown transport: http` and the process exits before it listens, so no HTTP status is ever produced. The separate `fastmcp` package (2.9.0 and later) accepts `"http"` as an alias of `"streamable-http"`, which is why guides written for it break on the official SDK. On AgentCore the container never starts listening and callers see 424 `Runtime initialization time exceeded`.',
    causes: [
      'Code copied from a `fastmcp` (jlowin/PrefectHQ) example into a server built on the official SDK (`from mcp.server.fastmcp import FastMCP`).',
      'A typo in the transport name (`streamable_http`, `http-streamable`).',
    ],
    remediation: [
      { for: 'python-sdk', text: '`mcp.run(transport="streamable-http")`.' },
      { for: 'python-sdk-v2', text: '`mcp.run(transport="streamable-http", host="0.0.0.0", port=8000)`.' },
      { for: 'fastmcp', text: '`transport="http"` is valid from fastmcp 2.9.0; on older releases use `"streamable-http"` or upgrade.' },
    ],
    statuses: [424],
    patterns: [/Unknown transport/i],
  },
  STDIO_TRANSPORT: {
    title: 'The server runs the stdio transport: it opens no HTTP port',
    severity: 'error',
    summary: () => 'The server is started with the stdio transport (the default of `run()`), so it reads JSON-RPC from stdin and never listens on a port.',
    explanation:
      'Both FastMCP flavours default `run()` to `transport="stdio"`: the process talks to a parent over stdin and stdout, which is right for a desktop client but serves nothing over the network. AgentCore Runtime sends Streamable HTTP to `0.0.0.0:8000/mcp` in the container, so a stdio server never answers and every new session ends in 424 `Runtime initialization time exceeded`.',
    causes: ['`mcp.run()` without a transport (the stdio default).', 'A local development entrypoint deployed as the container command.'],
    remediation: ['Run Streamable HTTP on `0.0.0.0:8000/mcp`:', ...LISTEN_ALL],
    statuses: [424],
    patterns: [],
  },
  RESPONSE_TOO_LARGE: {
    title: 'The response is larger than any MCP answer should be',
    severity: 'error',
    summary: (a) => `The answer${via(a)} passed mcp-doctor's size limit${a.errorCode === 'UND_ERR_HEADERS_OVERFLOW' ? ' in its header block' : ''} and was cut off unread${a.detail ? ` (${sentence(a.detail)})` : '.'}`,
    explanation:
      'mcp-doctor reads at most 4 MiB of a body (decoded, so compression does not help), at most 4 MiB of characters in one SSE line or event, and at most 16 KiB of response headers. The server sent more before the JSON-RPC response was complete, so no client with sane limits can read it. Real clients either fail the same way or, without limits, grow their memory until they crash: a body that never ends, a compression bomb, one SSE event without a line end, or tens of thousands of headers.',
    causes: [
      'A handler streams a huge or endless value (a file, a log, a generator that never stops) into one result.',
      'A compression bomb: a small gzip or brotli body that inflates to gigabytes, sent although the request asked for `Accept-Encoding: identity`.',
      'An SSE `data:` line that never ends, or events that never carry the response while the stream keeps growing.',
      'A proxy or framework that adds thousands of headers (cookie floods, debug headers).',
    ],
    remediation: [
      'Keep results small: page large lists (`nextCursor`) and return big content as resources or links, not inline.',
      'Do not compress responses the client did not ask to have compressed; honour `Accept-Encoding: identity`.',
      'End every SSE line and event (`\n\n`) and send the JSON-RPC response promptly; close the stream after it.',
      'Trim response headers at the proxy (`large_client_header_buffers`, cookie size).',
    ],
    statuses: [200],
    patterns: [/Headers Overflow/i, /UND_ERR_HEADERS_OVERFLOW/, /exceeded? (the )?\d+[- ]byte/i, /response body exceeded/i, /maxResponseSize/i],
  },
  MALFORMED_HTTP_RESPONSE: {
    title: 'The server answered with bytes that are not valid HTTP/1.1',
    severity: 'error',
    summary: (a) => `The answer${via(a)} could not be parsed as HTTP/1.1${a.detail ? `: ${sentence(a.detail)}` : '.'}`,
    explanation:
      'Something answered on the port, but what it sent breaks HTTP/1.1 framing: no valid status line, a header value with control characters, or a chunked body whose chunk sizes are not hexadecimal. Every HTTP client rejects such a response, so no MCP client can talk to this endpoint. It usually means the port belongs to another protocol, or a hand-written server or proxy writes the response itself.',
    causes: [
      'Another service listens on the port (SSH, a database, a TLS-only port reached with http://).',
      'A custom server or proxy writes raw responses and gets the framing wrong (chunk sizes, line ends, `Content-Length`).',
      'Control characters (ESC, NUL, CR/LF) inside a header value, often from echoing user input into a header.',
    ],
    remediation: [
      'Check which process owns the port (`ss -ltnp` / `lsof -i :8000`) and point the URL at the MCP server.',
      'Serve MCP through a maintained HTTP stack (uvicorn, Node http, express, hono) instead of writing responses by hand.',
      'Never copy untrusted text into header values; strip CR, LF and other control characters.',
    ],
    statuses: [],
    patterns: [/HTTPParserError/, /HPE_[A-Z_]+/, /does not match the HTTP\/1\.1 protocol/i],
    broadPatterns: [/Parse Error/i],
  },
  RESPONSE_INTERRUPTED: {
    title: 'The server cut the connection in the middle of its response',
    severity: 'error',
    summary: (a) => `The answer${via(a)} began${a.status !== undefined ? ` (HTTP ${a.status})` : ''}, then the connection was ${a.errorCode === 'ECONNRESET' ? 'reset' : 'closed'} before the body was complete${a.errorCode ? ` (${a.errorCode})` : ''}.`,
    explanation:
      'The response headers arrived, but the body stopped short of its announced length (or its final chunk) because the server closed or reset the TCP connection. The JSON-RPC response is incomplete, so every client fails the request. This is what a server process that crashes or is killed mid-response looks like, and what idle-timeout proxies do to slow responses.',
    causes: [
      'The server process crashed or was OOM-killed while writing the response.',
      'A proxy or load balancer closed the connection at its idle or response timeout.',
      'A wrong `Content-Length` header (larger than the body the server really sends).',
    ],
    remediation: [
      'Check the server logs and container restarts around the time of the request (OOM kills, unhandled exceptions).',
      'Raise the proxy idle timeout above the slowest tool, or stream progress so the connection is never idle.',
      'Let the HTTP framework compute `Content-Length`; do not set it by hand.',
    ],
    statuses: [],
    patterns: [/other side closed/i, /ECONNRESET/, /socket hang up/i, /UND_ERR_SOCKET/, /premature close/i],
  },
  SSE_STREAM_MALFORMED: {
    title: 'The SSE stream breaks the event-stream rules clients rely on',
    severity: 'warning',
    summary: (a) => `The SSE stream${via(a)} ${a.detail ?? 'does not follow the event-stream format'}.`,
    explanation:
      'Streamable HTTP carries responses as Server-Sent Events: each event is a set of `data:` lines ended by a blank line, and the JSON-RPC response must arrive in such an event before the stream ends. A stream whose last event is never ended is never dispatched, so the client waits until its timeout; a `retry:` of 0 makes a client that reconnects do so in a tight loop, and an enormous one makes it wait for ever (the TypeScript SDK uses the server\'s value verbatim).',
    causes: [
      'Events written without the final blank line (`data: ...\n` instead of `data: ...\n\n`), often by hand-written SSE code or a buffering proxy holding back the last bytes.',
      'A `retry:` field computed wrongly (0, or seconds where milliseconds are meant).',
    ],
    remediation: [
      'End every event with a blank line and flush it; use the MCP SDK transport or an SSE library instead of writing the format by hand.',
      'Send `retry:` in milliseconds within a sane range (1 000–60 000), or not at all.',
      'Disable response buffering for `text/event-stream` in proxies (`X-Accel-Buffering: no`, `proxy_buffering off`).',
    ],
    statuses: [200],
    patterns: [/unterminated (SSE )?event/i, /retry: ?0\b/i],
    spec: SENDING_SPEC,
  },
  CONTROL_CHARACTERS_IN_RESPONSE: {
    title: 'The server sends terminal control characters (terminal injection)',
    severity: 'warning',
    summary: (a) => `The server's answer${via(a)} carries terminal control characters (${a.detail ?? 'escape sequences'}); mcp-doctor removed them from every output.`,
    explanation:
      'Text from the server (server name, tool names and descriptions, error messages, header values) contains escape sequences, BEL, C1 controls or bidirectional overrides. Printed raw, these can rewrite what a user sees in a terminal or CI log: retitle the window, clear the screen, hide text, or reorder characters so a tool description reads differently than it is. MCP clients show this text to users and to models, so a server must never send it. mcp-doctor strips them before printing or storing anything.',
    causes: [
      'Coloured log or CLI output (ANSI colours) copied into descriptions or error messages.',
      'Untrusted input (file names, upstream API errors) echoed into tool descriptions or errors without sanitising.',
      'A deliberate attempt to spoof what users or agents see (tool poisoning with hidden or reordered text).',
    ],
    remediation: [
      'Strip control characters from every string the server returns (`text.replace(/[\\u0000-\\u0008\\u000B-\\u001F\\u007F-\\u009F\\u202A-\\u202E\\u2066-\\u2069]/g, "")`).',
      'Disable colour in libraries whose output reaches responses (`NO_COLOR=1`, `FORCE_COLOR=0`).',
      'Review tool descriptions for hidden or bidirectional text before publishing a server.',
    ],
    statuses: [],
    patterns: [/\\u001b|\\x1b|ANSI escape/i, /terminal injection/i],
  },
  PRE_TOKEN_VERSION_NEEDS_ESSENTIALS: {
    title: 'A V2/V3 pre-token trigger on a Lite user pool',
    severity: 'error',
    summary: (a) => `The pre-token-generation trigger asks for ${a.version ?? 'V2_0 or V3_0'}, which the Lite feature plan does not offer.`,
    explanation:
      'Only pre token generation V1_0 (ID tokens only) is available on the Lite feature plan. V2_0 (access tokens for user sign-ins) and V3_0 (also client-credentials tokens) need the Essentials or Plus plan; on a Lite pool the stack update fails, and without them no claim ever reaches the access tokens AgentCore checks.',
    causes: ['`UserPoolTier: LITE` kept from an older template while the trigger was moved to V2_0.', 'A pool created before the feature plans existed, pinned to Lite.'],
    remediation: ['Set `UserPoolTier: ESSENTIALS` (or PLUS) on the user pool, or keep `LambdaVersion: V1_0` and send ID-token claims only where ID tokens are accepted.'],
    statuses: [400],
    patterns: [],
    broadPatterns: [/feature plan/i, /UserPoolTier/i],
  },
  PROXY_UNREACHABLE: {
    title: 'The configured proxy cannot be reached',
    severity: 'error',
    summary: (a) => `Requests to ${a.host ?? 'the target'} go through the proxy ${a.url ?? '(HTTP(S)_PROXY)'}, and nothing answered there${a.errorCode ? ` (${a.errorCode})` : ''}; the target itself was never contacted.`,
    explanation:
      'HTTPS_PROXY/HTTP_PROXY (or their lower-case forms) send every request through a proxy. When the proxy host does not resolve or refuses the connection, no request reaches the MCP server, so nothing can be said about the server itself.',
    causes: [
      'A proxy variable copied from another network (office vs. CI vs. home).',
      'A typo in the proxy host or port.',
      'The target should be reached directly but is missing from NO_PROXY.',
    ],
    remediation: ['Check the variables: `env | grep -i _proxy`.', 'Bypass the proxy for internal hosts: `export NO_PROXY=.corp.internal,localhost,127.0.0.1`.', 'Test the proxy alone: `curl -x "$HTTPS_PROXY" -I https://example.com`.'],
    statuses: [],
    patterns: [/proxy.*ECONNREFUSED|ECONNREFUSED.*proxy/i],
  },
  PROXY_AUTHENTICATION_FAILED: {
    title: 'The proxy requires credentials (407)',
    severity: 'error',
    summary: (a) => `The proxy ${a.url ?? '(HTTP(S)_PROXY)'} answered 407 Proxy Authentication Required; requests to ${a.host ?? 'the target'} never left it.`,
    explanation:
      'The proxy demands `Proxy-Authorization`. mcp-doctor sends Basic credentials when the proxy URL carries them (`http://user:pass@proxy:3128`) and only to the proxy; without them, or with wrong ones, the proxy answers 407 and nothing reaches the MCP server. NTLM/Kerberos-only proxies are not supported directly.',
    causes: ['The proxy URL has no `user:pass@`.', 'Wrong or expired proxy credentials.', 'The proxy accepts only NTLM or Kerberos (Negotiate).'],
    remediation: [
      'Put the credentials in the proxy URL, URL-encoded: `export HTTPS_PROXY=http://user:p%40ss@proxy.corp:3128`.',
      'For NTLM/Kerberos-only proxies, run a local authenticating relay (e.g. cntlm, px) and point HTTPS_PROXY at it.',
    ],
    statuses: [407],
    patterns: [/Proxy Authentication Required/i, /Proxy response \(407\)/i],
  },
  PROXY_TUNNEL_REFUSED: {
    title: 'The proxy refused to open a tunnel to the target',
    severity: 'error',
    summary: (a) => `The proxy ${a.url ?? '(HTTPS_PROXY)'} answered CONNECT ${a.host ?? 'to the target'} with HTTP ${a.status ?? '?'} instead of 200; the target was not reached.`,
    explanation:
      'For an `https://` target the doctor asks the proxy to open a TCP tunnel (`CONNECT host:port`). Any answer but 200 means the proxy would not or could not connect: its policy blocks the host or port, or the target is unreachable from the proxy (502/503/504).',
    causes: [
      'A proxy allow-list that blocks the host, or CONNECT to ports other than 443.',
      'The target is not reachable from the proxy (internal host, firewall, DNS only inside the VPC).',
      'The target should be reached directly: it is missing from NO_PROXY.',
    ],
    remediation: ['Add internal hosts to NO_PROXY.', 'Ask the proxy team to allow the host (and the port, if it is not 443).', 'Test through the proxy alone: `curl -x "$HTTPS_PROXY" -v https://<host>/`.'],
    statuses: [403, 502, 503, 504],
    patterns: [/Proxy response \((?!407)\d{3}\) !== 200/i, /when HTTP Tunneling/i],
  },
  SERVER_RUN_ARGUMENT_REJECTED: {
    title: 'run() rejects a keyword argument: the server crashes at start-up',
    severity: 'error',
    summary: (a) => `The server's output shows \`run()\` rejecting an argument${a.detail ? ` ("${a.detail}")` : ''}: the process raised a TypeError before it listened.`,
    explanation:
      'The official MCP Python SDK\'s `FastMCP.run()` takes only `transport` (and `mount_path`); the host and port belong to the constructor (`FastMCP("server", host="0.0.0.0", port=8000)`) or to `mcp.settings`. Guides written for the separate `fastmcp` package pass `host=` and `port=` to `run()`, which the official SDK answers with `TypeError: FastMCP.run() got an unexpected keyword argument \'host\'`; the process exits, and AgentCore answers 424 `Runtime initialization time exceeded`.',
    causes: [
      'Code from a `fastmcp` (PrefectHQ) example, `mcp.run(transport="http", host="0.0.0.0", port=8000)`, run on the official SDK (`from mcp.server.fastmcp import FastMCP`).',
      'An older or newer library version whose `run()` signature differs from the one the code was written for.',
    ],
    remediation: [
      'Official SDK (mcp 1.x): `mcp = FastMCP("server", host="0.0.0.0", port=8000, stateless_http=True)` then `mcp.run(transport="streamable-http")`.',
      'Or build the server with the `fastmcp` package (2.9.0 or later), whose `run()` takes `host` and `port`.',
    ],
    statuses: [424],
    patterns: [/run\(\) got an unexpected keyword argument/i],
  },
  MODULE_IMPORT_FAILED: {
    title: 'A module the server imports is missing from the image',
    severity: 'error',
    summary: (a) => `The server's output shows an import failing${a.detail ? ` ("${a.detail}")` : ''}: the server exits before it listens.`,
    explanation:
      'The server process could not load a module at start-up, so it never listens on port 8000 and AgentCore answers 424 `Runtime initialization time exceeded` (or wraps a 5xx when the import is lazy). The package is missing from the image (not in requirements.txt or package.json), installed for another Python version or architecture, or the module path is wrong for the container\'s working directory.',
    causes: [
      'The package is not in `requirements.txt`/`pyproject.toml` (Python: `ModuleNotFoundError: No module named …`).',
      'A native wheel built for x86_64 installed into the linux/arm64 image (`ImportError` naming a `.so` file).',
      'The entry point runs from another working directory than the code expects (`Cannot find module` in Node, relative imports in Python).',
    ],
    remediation: [
      'Add the package to the dependency file the image installs, and rebuild for linux/arm64.',
      'Run the image locally: `docker run --platform linux/arm64 -p 8000:8000 <image>` and read the first error.',
    ],
    statuses: [424, 500],
    patterns: [/ModuleNotFoundError: No module named/i, /ImportError: /i, /Cannot find module/i, /ERR_MODULE_NOT_FOUND/],
  },
  CONTAINER_EXCEPTION: {
    title: 'The server printed an unhandled exception',
    severity: 'error',
    summary: (a) => `The server's output (its container log) shows an unhandled exception${a.detail ? `: "${a.detail}"` : ''}.`,
    explanation:
      'The server printed a traceback (or an uncaught error) in the time window of the failing requests. AgentCore shows the caller only a status (424, or 200 + JSON-RPC -32010 "Received error (500) from runtime"); the exception in the log is the server\'s own account of what went wrong. Its last line names the exception type and message; the lines above it say where it was raised.',
    causes: ['A bug or an unhandled input in a tool or request handler (500).', 'A missing environment variable, secret or permission the code reads at start-up or on first use.'],
    remediation: ['Read the whole traceback in the report (`containerLogs.lines` in JSON) or with `mcp-doctor logs <arn>`.', 'Reproduce it locally with `mcp-doctor rehearse -- <server command>`.'],
    statuses: [424, 500],
    patterns: [/Traceback \(most recent call last\)/i, /Unhandled(Promise)?Rejection/i],
  },
  LOG_GROUP_MISSING: {
    title: 'The runtime has no CloudWatch log group',
    severity: 'warning',
    summary: (a) => `The log group ${a.location ?? 'of the runtime'} does not exist: AgentCore could not write the container's output, so the cause of a failure is nowhere to read.`,
    explanation:
      'AgentCore writes a runtime\'s container output to `/aws/bedrock-agentcore/runtimes/<runtimeId>-<endpointName>` using the runtime\'s execution role. When that role lacks the CloudWatch Logs permissions, the group is never created (field reports) and every failure stays silent. The group name can also differ when logs are delivered elsewhere (vended logs under `/aws/vendedlogs/bedrock-agentcore/runtime/<name>`): pass `--log-group` then.',
    causes: [
      'The execution role has no `logs:CreateLogGroup`, `logs:CreateLogStream` and `logs:PutLogEvents` on `arn:aws:logs:<region>:<account>:log-group:/aws/bedrock-agentcore/runtimes/*`.',
      'The runtime logs to another group (vended APPLICATION_LOGS delivery) or in another region or account.',
      'The runtime never started a container yet, or its logs were deleted (UNCONFIRMED whether the group exists from deployment).',
    ],
    remediation: [
      'Give the execution role `logs:CreateLogGroup`, `logs:CreateLogStream`, `logs:PutLogEvents` and `logs:DescribeLogStreams` on `arn:aws:logs:<region>:<account>:log-group:/aws/bedrock-agentcore/runtimes/*`.',
      'If the logs go elsewhere, point the doctor at them: `--log-group <name>`.',
    ],
    statuses: [],
    patterns: [/The specified log group does not exist/i],
  },
  SERVER_KEYWORD_CRASH: {
    title: 'The server is built or run with keywords its library does not take: it crashes at start-up',
    severity: 'error',
    summary: (a) => `${a.detail ?? 'A server call'} passes keywords its library does not take, so the process raises TypeError at start-up and never listens.`,
    explanation:
      'The Python MCP libraries put the listening settings in different places (agentcore-contract §13). The official python-sdk 1.x `FastMCP.run()` takes only `transport` and `mount_path`: `mcp.run(transport="streamable-http", host="0.0.0.0", port=8000, stateless_http=True)`, a widely copied recipe, raises `TypeError: FastMCP.run() got an unexpected keyword argument \'host\'` before anything listens. Host, port, path, `stateless_http`, `json_response` and `transport_security` are constructor settings there. fastmcp 3.x is the other way round: its constructor refuses `host` and `port` ("FastMCP() no longer accepts `host`"), which go to `run()`. On AgentCore the container never answers, and callers see 424 `Runtime initialization time exceeded`.',
    causes: [
      { for: 'python-sdk', text: 'a `run()` call copied from a fastmcp or python-sdk 2.x example: `host`, `port`, `path` or `stateless_http` passed to `run()`.' },
      { for: 'fastmcp-3', text: 'a constructor `host=`/`port=` kept from fastmcp 2.x (deprecated there since 2.8) or from the official SDK.' },
    ],
    remediation: [
      { for: 'python-sdk', text: '`mcp = FastMCP("server", host="0.0.0.0", port=8000, stateless_http=True)` then `mcp.run(transport="streamable-http")`.' },
      { for: 'fastmcp-3', text: '`mcp = FastMCP("server")` then `mcp.run(transport="http", host="0.0.0.0", port=8000, stateless_http=True)`.' },
      { for: 'python-sdk-v2', text: '`MCPServer` takes host and port at `run()`/`streamable_http_app()`, not in the constructor.' },
    ],
    statuses: [424],
    patterns: [/got an unexpected keyword argument/i, /no longer accepts `?(host|port)`?/i],
  },
  DYNAMIC_CLIENT_REGISTRATION_UNSUPPORTED: {
    title: 'The authorization server is a Cognito user pool: clients that need dynamic client registration fail',
    severity: 'info',
    summary: (a) => `The authorization server${a.url ? ` ${a.url}` : ''} is an Amazon Cognito user pool, which has no dynamic client registration (RFC 7591); desktop MCP clients that register themselves will fail to sign in.`,
    explanation:
      'Interactive MCP clients (desktop apps, IDE plugins, the Inspector) discover the authorization server from the protected-resource metadata and then register themselves with it through RFC 7591 dynamic client registration. Cognito user pools do not offer that endpoint, so such clients stop with messages like `Incompatible auth server: does not support dynamic client registration`. Tokens minted by a pre-registered app client work; this finding says nothing about them.',
    causes: ['The runtime\'s JWT authorizer (or the protected-resource metadata) names a Cognito user pool, and the client expects to register itself.'],
    remediation: [
      'Create an app client in the user pool for the desktop client (with its redirect URL and the authorization-code flow) and give the client that client id instead of relying on registration.',
      'Or put a gateway or proxy that supports dynamic client registration in front and let it hold the pre-registered Cognito client.',
    ],
    statuses: [],
    patterns: [/does not support dynamic client registration/i, /Incompatible auth server/i],
    broadPatterns: [/registration_endpoint/i],
    spec: AUTH_SPEC,
  },
  SESSION_OPTIONAL: {
    title: 'The server issues session ids but does not require them',
    severity: 'info',
    summary: (a) =>
      `initialize returned an \`Mcp-Session-Id\`, yet ${a.variants ?? 'requests without it were served'}; sessions are optional here, so the server also works behind AgentCore's injected session ids.`,
    explanation:
      'The server hands out an `Mcp-Session-Id` at initialize but serves later requests that carry no session id, or an id it never issued. Clients that keep the id work, and so do clients and platforms that drop or replace it: AgentCore Runtime injects its own `Mcp-Session-Id` and forwards it to the container. Nothing needs fixing. State the server keeps per session (subscriptions, progress, the standalone GET stream) is not available to requests that arrive without the id.',
    causes: [
      'A framework that creates a session per request when the header is missing (tmcp with `@tmcp/transport-http`).',
      'A stateless handler behind middleware that still sets the header.',
    ],
    remediation: ['Nothing is required. If per-session state matters, document that clients must keep the id.'],
    statuses: [200],
    patterns: [],
    spec: SESSION_SPEC,
  },
  HOST_ALLOWLIST_ACTIVE: {
    title: 'The server allow-lists Host or Origin (DNS-rebinding protection is on)',
    severity: 'info',
    summary: (a) =>
      `${a.status ?? 'A rejection'}${via(a)}${said(a)}${whereas(a)}; the server allow-lists ${a.variants ?? 'Host or Origin values'}, so a reverse proxy in front of it must forward an allowed value or have its public name allow-listed.`,
    explanation:
      'The server refuses a request whose `Host` (or `Origin`) is not on its allowlist, while the same request with the target URL\'s own Host and no Origin is served. This is the DNS-rebinding protection the MCP specification asks of local servers: a web page cannot drive the server through a rebound DNS name. It is not a fault where the server runs now. It matters when the server moves behind a reverse proxy, a tunnel or a platform that sends another Host: that Host must be forwarded unchanged or allow-listed. The doctor judges the rejection by comparing the two requests, not by the wording: the TypeScript SDK answers 403 `Invalid Host: <name>` (`createMcpExpressApp`) or `Invalid Host header: <host>` (transport options), python-sdk ≥ 1.23 answers 421 `Invalid Host header` and 403 `Invalid Origin header`.',
    causes: [
      'TypeScript SDK: `createMcpExpressApp()` with its default host 127.0.0.1 turns on a localhost Host allowlist.',
      'python-sdk ≥ 1.23: `FastMCP(host="127.0.0.1")` (the default) turns on `TransportSecuritySettings` with localhost `allowed_hosts` and `allowed_origins`.',
      'FastMCP (Python) 3.4.3 `HostOriginGuardMiddleware`, or `host_origin_protection=True` in later versions.',
    ],
    remediation: [
      'Keep it for a server that stays on this machine.',
      'Behind a proxy: TypeScript `createMcpExpressApp({ host: "0.0.0.0", allowedHosts: ["my.public.host"] })`; python-sdk `transport_security=TransportSecuritySettings(allowed_hosts=["my.public.host:*"], allowed_origins=["https://my.app"])`.',
      'Or make the proxy forward the original Host (nginx `proxy_set_header Host $host;`).',
    ],
    // Not an error anyone pastes: `explain 421` and a wrapped 421 mean the Host a client uses was refused.
    statuses: [],
    patterns: [/allowed_?hosts/i, /allowedOrigins/i],
    spec: SECURITY_SPEC,
  },
  DNS_REBINDING_UNPROTECTED: {
    title: 'A local server accepts any Host and any Origin (no DNS-rebinding protection)',
    severity: 'warning',
    summary: (a) =>
      `${a.url ?? 'The server'} served ${a.variants ?? 'requests with a foreign Host and a foreign Origin'}; any web page the user opens can reach a local server without Host or Origin validation through DNS rebinding.`,
    explanation:
      'The MCP transport specification requires servers to validate `Origin` and to answer 403 when it is present and not allowed, to stop DNS-rebinding attacks on servers that run on a user\'s machine: a page on an attacker\'s domain that resolves to 127.0.0.1 can otherwise call every tool. This server, reached on a loopback address, served an initialize with a made-up Host and one with a made-up Origin as it serves a normal one. The official conformance suite fails servers that do this. It matters less for a server that will only run behind a proxy that sets Host itself, which is why it is a warning.',
    causes: [
      'A hand-wired HTTP server (Express, Hono, node:http) that passes every request to the transport without Host or Origin checks.',
      'TypeScript SDK: `createMcpExpressApp({ host: "0.0.0.0" })`, or the transport without `allowedHosts`/`allowedOrigins`.',
      'python-sdk: `FastMCP(host="0.0.0.0")` turns the protection off; FastMCP (Python) ≥ 3.4.4 has it off by default.',
    ],
    remediation: [
      'TypeScript SDK: build the app with `createMcpExpressApp()` (localhost allowlist) or pass `allowedHosts` and `allowedOrigins`; v2: `localhostHostValidation()` and `localhostOriginValidation()` from `@modelcontextprotocol/node`.',
      'python-sdk: `TransportSecuritySettings(enable_dns_rebinding_protection=True, allowed_hosts=["127.0.0.1:*", "localhost:*"], allowed_origins=["http://localhost:*"])`.',
      'Answer 403 to a request whose `Origin` is present and not yours, before the MCP transport sees it.',
    ],
    statuses: [200],
    patterns: [/DNS rebinding/i],
    spec: SECURITY_SPEC,
  },
  ORIGIN_REJECTED: {
    title: 'The Origin that real clients send is rejected',
    severity: 'error',
    summary: (a) =>
      `${a.status ?? 'A rejection'}${via(a)}${said(a)}${whereas(a)}; browser-based clients and hosted connectors that send \`Origin: ${a.url ?? '…'}\` cannot connect.`,
    explanation:
      'The doctor sent the compliant initialize once more with the Origin given by `--origin` (the one a browser-based client, an MCP inspector in a browser, or a hosted connector sends) and the server refused it, while the same request without Origin was served. The server validates Origin against an allowlist that does not contain this one. Every client sending it fails at connect time, usually with a bare 403.',
    causes: [
      'python-sdk ≥ 1.23 with the default localhost `allowed_origins` (`403 Invalid Origin header`).',
      'FastMCP (Python) with `host_origin_protection` on (`403 Forbidden Origin`).',
      'TypeScript SDK transport `allowedOrigins` (or `originValidation()` in v2) without this Origin (`403 Invalid Origin header: <origin>`).',
      'A CORS or WAF rule in front of the server.',
    ],
    remediation: [
      'python-sdk: add it, `TransportSecuritySettings(allowed_origins=["https://client.example"])`.',
      'TypeScript SDK: add it to `allowedOrigins` (v1 transport options) or to `originValidation([...])` (v2 `@modelcontextprotocol/node`).',
      'FastMCP (Python): configure the allowed origins of `host_origin_protection`, or turn it off behind a proxy that checks Origin.',
    ],
    statuses: [403],
    patterns: [/Invalid Origin header/i, /Forbidden Origin/i, /Invalid Origin:/i],
    spec: SECURITY_SPEC,
  },
  CONFORMANCE_REQUEST_FAILED: {
    title: 'A method the server declares did not answer with a result',
    severity: 'error',
    summary: (a) => `${a.probe ?? 'A request'} got ${a.status !== undefined ? `HTTP ${a.status} and ` : ''}${a.detail ?? 'no result'} instead of a result.`,
    explanation:
      'Every request of a conformance run is one the server must answer with a result: `initialize`, `ping`, or a method of a capability the server declares (tools, resources, prompts, completions, logging), on the server\'s own items. It got an error, a transport failure or a body that is not a JSON-RPC response instead.',
    causes: [
      'The capability is declared by a framework default while the handler behind it is missing or throws.',
      'A listed item (a resource URI, a prompt) that the server cannot actually serve.',
      'A proxy or gateway in front of the server answering the request itself (HTML, 502, or a 401 from an authorizer).',
    ],
    remediation: [
      'An answer of 401 or 403 is about credentials, not conformance: run the diagnosis with the same flags (`mcp-doctor <target> --token-file …`) for the cause.',
      'Run the request yourself and read the server log: `curl -sS -X POST <url> -H "Content-Type: application/json" -H "Accept: application/json, text/event-stream" -d \'{"jsonrpc":"2.0","id":1,"method":"<method>"}\'` (after initialize for a stateful server).',
      'Declare only the capabilities whose handlers exist (TypeScript SDK: register a tool, resource or prompt before connecting; Python FastMCP: the decorators).',
    ],
    statuses: [],
    patterns: [],
    spec: { id: 'MCP 2025-11-25 Lifecycle: Capability Negotiation', url: 'https://modelcontextprotocol.io/specification/2025-11-25/basic/lifecycle#capability-negotiation' },
  },
  CONFORMANCE_RESULT_INVALID: {
    title: 'A result does not match the protocol schema',
    severity: 'error',
    summary: (a) => `The result of ${a.probe ?? 'a request'} breaks the MCP ${a.version ?? ''} schema: ${a.detail ?? 'see the evidence'}.`,
    explanation:
      'Every result was validated against the protocol schema of the version negotiated with the server (the result schemas the official TypeScript SDK publishes; for 2026-07-28 also the envelope every modern result carries). Clients built on the SDKs validate the same way and reject such a result, so the feature is unusable for them even though the server answered.',
    causes: [
      'A hand-written result with a missing required field (a tool without `inputSchema`, a resource without `uri`, prompt messages without `role`).',
      'A tool result whose `structuredContent` is missing or does not match the tool\'s own `outputSchema` (checked with `--call`).',
      'A field of the wrong type (a number where the schema wants a string, `inputSchema.type` other than "object").',
      'An empty result (`ping`, `logging/setLevel`) carrying extra members.',
    ],
    remediation: ['Compare the result with the schema of the negotiated version (the path in the message names the field).', 'Build results with the SDK\'s types (TypeScript `@modelcontextprotocol/sdk` 1.x types, Python `mcp.types`) instead of plain objects.'],
    statuses: [],
    patterns: [/invalid_type|invalid_union|Required/],
    spec: { id: 'MCP 2025-11-25 Schema Reference', url: 'https://modelcontextprotocol.io/specification/2025-11-25/schema' },
  },
  CONFORMANCE_WRONG_ERROR: {
    title: 'A request that must fail got another answer',
    severity: 'error',
    summary: (a) => `${a.probe ?? 'The request'} must be answered with ${a.method ?? 'a specific error'}; it got ${a.detail ?? 'something else'}${a.status !== undefined ? ` (HTTP ${a.status})` : ''}.`,
    explanation:
      'Some requests have a prescribed failure: an unknown method is JSON-RPC -32601, invalid parameters -32602, and from 2026-07-28 a missing `_meta` envelope -32602, an unsupported version -32022, a header that disagrees with the body -32020 (all HTTP 400) and a removed or unknown method HTTP 404 with -32601. Clients branch on these codes (the v2 client falls back or retries on them), so a different answer breaks negotiation and error handling.',
    causes: [
      'The failure is mapped to another code: an unknown prompt or tool name to -32601 or -32603, a parameter validation failure to -32603 (internal error) instead of -32602.',
      'A catch-all handler that answers every method, or returns an empty result for unknown ones.',
      'A 2026-07-28 layer written before the revision settled its error codes and statuses, or a front end that answers with 200 where the revision wants 400 or 404.',
    ],
    remediation: ['Let the SDK dispatch requests (TypeScript `@modelcontextprotocol/sdk` 1.x, `@modelcontextprotocol/server` 2.x, Python `mcp` 1.x) instead of a hand-written router.', 'Map parameter validation failures to -32602 and unknown methods to -32601.'],
    statuses: [400, 404],
    patterns: [/-32601|Method not found/i, /-32602|Invalid params/i],
    spec: { id: 'JSON-RPC 2.0 §5.1 Error object', url: 'https://www.jsonrpc.org/specification#error_object' },
  },
  CONFORMANCE_ID_MISMATCH: {
    title: 'A response does not carry the request\'s id',
    severity: 'error',
    summary: (a) => `${a.probe ?? 'A request'} was answered with id ${a.detail ?? '(another id)'}; a response must carry the same id, of the same type (string or number).`,
    explanation:
      'MCP requests carry a string or integer id and the response must carry the same id. A client matches responses to requests by it: a string "7" answered as the number 7 (or the reverse), or a null id, leaves the request unanswered and the response orphaned.',
    causes: ['Ids parsed as numbers and serialised back (string ids lost).', 'A proxy or framework that rewrites ids.', 'Error responses built without the request id.'],
    remediation: ['Echo the request id unchanged, including its type.', 'Build error responses from the request (the SDKs do this when the error is thrown inside a handler).'],
    statuses: [],
    patterns: [],
    spec: { id: 'MCP 2025-11-25 Base Protocol: Responses', url: 'https://modelcontextprotocol.io/specification/2025-11-25/basic#responses' },
  },
  CONFORMANCE_TOOL_SCHEMA_INVALID: {
    title: 'A tool\'s JSON Schema does not compile',
    severity: 'error',
    summary: (a) => `${a.probe ?? 'A tool schema'} is not valid JSON Schema ${a.version ?? '2020-12'}: ${a.detail ?? 'it does not compile'}.`,
    explanation:
      'A tool\'s `inputSchema` and `outputSchema` are JSON Schema: 2020-12 unless `$schema` names another dialect (MCP 2025-11-25). Clients compile them to validate arguments and structured results; one they cannot compile makes the tool unusable, or makes the client drop the whole list.',
    causes: [
      'A schema generator emitting another dialect without `$schema` (draft-07 `definitions` and array-form `items` are still valid 2020-12, but `"type": "int"` or a bad `pattern` is not).',
      'A `$ref` to a definition that is not in the schema.',
    ],
    remediation: ['Validate the schema with a JSON Schema validator in the server\'s tests (Ajv 8 `Ajv2020`, Python `jsonschema` `Draft202012Validator.check_schema`).', 'State the dialect with `$schema` when it is not 2020-12.'],
    statuses: [],
    patterns: [/schema is invalid|can't resolve reference/i],
    spec: { id: 'MCP 2025-11-25 Server: Tools (Tool)', url: 'https://modelcontextprotocol.io/specification/2025-11-25/server/tools#tool' },
  },
  CONFORMANCE_PAGINATION_BROKEN: {
    title: 'A list cannot be paged to its end',
    severity: 'error',
    summary: (a) => `${a.probe ?? 'A list'} ${a.detail ?? 'never ends'}; following each nextCursor must reach a page without one.`,
    explanation:
      'List results are paginated: a client sends back each `nextCursor` verbatim until a page has none. A server that hands out a cursor it already gave, or never stops, traps a client in a loop; one that rejects its own cursor loses every item after the first page.',
    causes: ['A cursor computed from a position that does not advance.', 'Cursors that are not opaque round-trip values (re-encoded, or tied to a session the stateless server does not keep).'],
    remediation: ['Make the cursor encode the next position, and return no `nextCursor` on the last page.', 'Check it with a loop: `tools/list` with each cursor until none comes back.'],
    statuses: [],
    patterns: [/nextCursor|invalid cursor/i],
    spec: { id: 'MCP 2025-11-25 Utilities: Pagination', url: 'https://modelcontextprotocol.io/specification/2025-11-25/server/utilities/pagination' },
  },
  CONFORMANCE_NOTIFICATION_REJECTED: {
    title: 'A notification is not accepted with 202',
    severity: 'error',
    summary: (a) => `${a.probe ?? 'A notification'} got ${a.status !== undefined ? `HTTP ${a.status}` : (a.detail ?? 'no answer')}; a server that accepts a notification must answer 202 Accepted with no body.`,
    explanation:
      'On Streamable HTTP, a POST carrying a notification (or a response) is answered 202 Accepted with no body when the server accepts it. Clients treat any other status as a failed send; after `notifications/initialized` that can end the session before it starts.',
    causes: ['A handler that answers every POST with 200 and a JSON body.', 'A router that treats a body without `id` as an invalid request.'],
    remediation: ['Answer notifications and responses with `202` and an empty body (the SDK transports do).'],
    statuses: [200, 204, 400],
    patterns: [],
    spec: { id: 'MCP 2025-11-25 Transports: Sending Messages to the Server', url: 'https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#sending-messages-to-the-server' },
  },
  CONFORMANCE_BATCH_MISHANDLED: {
    title: 'A JSON-RPC batch is not handled as the negotiated version requires',
    severity: 'error',
    summary: (a) => `A JSON-RPC batch under MCP ${a.version ?? '?'} got ${a.detail ?? 'an unexpected answer'}.`,
    explanation:
      'MCP 2025-03-26 requires servers to receive JSON-RPC batches and answer each request. 2025-06-18 removed batching: a batch is then an invalid request, which a server may reject (HTTP 400 or -32600) or still answer, but not crash on or leave hanging. From 2026-07-28 a batch containing a modern request gets HTTP 400 with -32600.',
    causes: ['A body parser that expects one object and fails on an array (2025-03-26).', 'A 5xx from code that assumes `body.method` exists.', 'A 2026-07-28 handler that unwraps arrays.'],
    remediation: ['For 2025-03-26, answer each request of an array with an array of responses; for later versions, answer an array with HTTP 400 and JSON-RPC -32600.'],
    statuses: [400, 500],
    patterns: [/batch/i],
    spec: { id: 'MCP 2025-03-26 Base Protocol: Batching', url: 'https://modelcontextprotocol.io/specification/2025-03-26/basic#batching' },
  },
  CONFORMANCE_SESSION_IN_MODERN: {
    title: 'A 2026-07-28 response carries a session id',
    severity: 'error',
    summary: (a) => `${a.probe ?? 'A 2026-07-28 request'} was answered with an Mcp-Session-Id header; modern requests stand alone and the server never issues one.`,
    explanation:
      'From 2026-07-28 there is no session: each request carries its version and capabilities in `_meta`, and a server ignores an `Mcp-Session-Id` it receives and never sends one. A server that issues one on modern requests may also expect it back, which a stateless client (and AgentCore, which may route each request to another instance) will not do.',
    causes: ['The 2025 stateful transport answering modern requests too.', 'A session middleware in front of the MCP handler.'],
    remediation: ['Serve 2026-07-28 requests through the SDK\'s stateless handler (`@modelcontextprotocol/server` 2.x `createMcpHandler`), and keep sessions to the legacy leg.'],
    statuses: [],
    patterns: [/Mcp-Session-Id/i],
    spec: { id: 'MCP 2026-07-28 Base Protocol', url: 'https://modelcontextprotocol.io/specification/2026-07-28/basic' },
  },
  CONFORMANCE_NOT_TESTABLE: {
    title: 'A requirement you asked for could not be tested',
    severity: 'error',
    summary: (a) => `Not testable: ${a.detail ?? 'a prerequisite is missing'}.`,
    explanation:
      'You asked for something the server does not offer: a `--call` tool it does not list, or an era (`--era 2026`) it does not serve. A requirement that was asked for and could not run fails instead of being skipped, so a green run always means verified.',
    causes: ['A typo in the `--call` tool name, or a tool that is registered conditionally.', 'The server (or the SDK version it runs) does not serve the 2026-07-28 revision.'],
    remediation: ['List the tools first (`mcp-doctor conformance <url> --format json`, then `listedTools`) and pass an exact name.', 'Drop `--era 2026` for a 2025-only server, or upgrade it to a dual-era SDK (`@modelcontextprotocol/server` 2.x).'],
    statuses: [],
    patterns: [/Not testable/i],
  },
  CONFORMANCE_ORIGIN_NOT_VALIDATED: {
    title: 'A local server accepts requests from any web origin',
    severity: 'error',
    summary: (a) => `${a.probe ?? 'initialize from a foreign Origin'} got ${a.detail ?? 'a normal answer'}; a server on this machine must validate Origin${a.version && a.version >= '2025-11-25' ? ' and answer 403' : ''}.`,
    explanation:
      'The Streamable HTTP transport requires servers to validate the `Origin` header of every request (from 2025-11-25: answer 403 when it is present and invalid). Without it, any web page the user opens can drive a server listening on localhost through the browser (DNS rebinding, cross-site requests). Validating Host alone stops rebinding but not a page that talks to `localhost` directly. Only checked for targets on this machine: a remote server decides which origins it serves.',
    causes: [
      'TypeScript SDK 1.x: `StreamableHTTPServerTransport` validates Origin only when `allowedOrigins` is set (Host validation by `createMcpExpressApp` is separate); 2.x leaves it to the `originValidation` guards of `@modelcontextprotocol/node`.',
      'A custom HTTP layer or CORS middleware that allows every origin (`Access-Control-Allow-Origin: *`).',
    ],
    remediation: [
      'TypeScript SDK 1.x: `new StreamableHTTPServerTransport({ ..., allowedOrigins: ["http://localhost:6274"] })` (the origins of the clients you use).',
      'TypeScript SDK 2.x (`@modelcontextprotocol/node`): `const validateOrigin = localhostOriginValidation();` then `if (!validateOrigin(req, res)) return;` before the MCP handler.',
      'Any framework: reject a request whose `Origin` is present and not on your allow-list with 403 before it reaches the MCP handler.',
    ],
    statuses: [200],
    patterns: [/Invalid Origin header/i, /DNS rebinding/i],
    spec: { id: 'MCP 2025-11-25 Transports: Security Warning', url: 'https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#security-warning' },
  },
  ...teardownEntries,
} as const satisfies Record<FindingCode, CatalogEntry>;

/** Looks up a code's entry. */
export function getCatalogEntry(code: FindingCode): CatalogEntry {
  return catalog[code];
}

/** The severity of `code` under `profile`. */
export function resolveSeverity(code: FindingCode, profile: Profile): Severity {
  const entry: CatalogEntry = catalog[code];
  return entry.severityByProfile?.[profile] ?? entry.severity;
}
