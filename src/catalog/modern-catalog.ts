import type { CatalogEntry } from './catalog.js';
import type { FindingArgs } from '../model/contracts.js';
import type { SpecReference } from '../model/report.js';

/**
 * Catalog entries of the 2026-07-28 revision (protocol-2026-07-28 §1–§4). Their codes are listed in
 * `MODERN_FINDING_CODES`; `catalog.ts` spreads these entries into the one catalog.
 */

/** The codes of the 2026-07-28 revision, in `explain --list` order. */
export const MODERN_FINDING_CODES = [
  'MODERN_ONLY_SERVER',
  'VERSION_NEGOTIATION_REFUSED',
  'DISCOVER_FAILED',
  'DISCOVER_RESULT_INVALID',
  'MODERN_HEADERS_NOT_VALIDATED',
  'MODERN_ENVELOPE_NOT_VALIDATED',
  'CLIENT_INFO_REQUIRED',
  'UNSUPPORTED_VERSION_ACCEPTED',
  'REMOVED_METHOD_SERVED',
  'MODERN_SESSION_HEADER_REJECTED',
  'LISTEN_ACK_MISSING',
  'TOOL_DEFINITION_INVALID',
] as const;

type ModernCode = (typeof MODERN_FINDING_CODES)[number];

const SPEC_2026 = 'https://modelcontextprotocol.io/specification/2026-07-28';
const MODERN_TRANSPORT_SPEC: SpecReference = { id: 'MCP 2026-07-28 Transports: Streamable HTTP (stateless requests)', url: `${SPEC_2026}/basic/transports` };
const MODERN_LIFECYCLE_SPEC: SpecReference = { id: 'MCP 2026-07-28 Lifecycle: server/discover and version negotiation', url: `${SPEC_2026}/basic/lifecycle` };
const MODERN_TOOLS_SPEC: SpecReference = { id: 'MCP 2026-07-28 Tools (x-mcp-header, SEP-2243)', url: `${SPEC_2026}/server/tools` };

const V2_SDK = 'TypeScript SDK v2 (`@modelcontextprotocol/server` 2.x with `createMcpHandler`, checked against 2.4.0)';
const said = (a: FindingArgs): string => (a.detail ? `: "${a.detail}"` : '');

/** Entries for {@link MODERN_FINDING_CODES}. */
export const modernCatalog = {
  MODERN_ONLY_SERVER: {
    title: 'The server speaks only the 2026-07-28 revision',
    severity: 'info',
    summary: (a) =>
      `The legacy initialize got ${a.status ?? 400}${said(a)}; server/discover lists ${a.variants ?? '2026-07-28'}. 2025-era clients (initialize first) cannot connect; 2026-07-28 clients can.`,
    explanation:
      'A 2026-07-28 server is stateless: every request carries its own `_meta` envelope (protocol version, client capabilities) and the `MCP-Protocol-Version` and `Mcp-Method` headers, and `server/discover` replaces `initialize`. A server built with `createMcpHandler(factory, { legacy: \'reject\' })` serves only such requests and answers a 2025 `initialize` with 400 and JSON-RPC -32022 (UnsupportedProtocolVersion) whose `data.supported` names the versions it does speak. That is a deliberate choice, not a fault: mcp-doctor then runs its checks with 2026-07-28 requests. It only matters for clients that cannot negotiate 2026-07-28 (the v1 SDK, and the v2 client in its default `legacy` mode).',
    causes: [
      `${V2_SDK} with \`legacy: 'reject'\`.`,
      'A hand-written 2026-07-28 server without a 2025 leg.',
    ],
    remediation: [
      `To keep 2025 clients working, drop \`legacy: 'reject'\`: the default \`legacy: 'stateless'\` serves both eras (${V2_SDK}).`,
      "Clients: use `@modelcontextprotocol/client` 2.x (checked against 2.4.0) with `versionNegotiation: { mode: 'auto' }` (it probes server/discover first).",
    ],
    statuses: [400],
    patterns: [/-32022/, /UnsupportedProtocolVersion/i, /Unsupported protocol version/i, /"supported"\s*:\s*\[\s*"2026-/i],
    spec: MODERN_LIFECYCLE_SPEC,
  },
  VERSION_NEGOTIATION_REFUSED: {
    title: 'initialize is refused with -32022 instead of a counter-offer',
    severity: 'error',
    summary: (a) => `initialize offering 2025-11-25 got ${a.status ?? 400} with JSON-RPC -32022 naming ${a.version ?? 'an older version'}; the server must answer initialize with a version it supports instead.`,
    explanation:
      'In the 2025 handshake the client offers its latest version and a server that does not support it MUST answer the `initialize` with another version it does support; the client then decides whether to continue. A server that answers -32022 (UnsupportedProtocolVersion) instead names versions the client also speaks yet leaves 2025 clients (the v1 SDK, and the v2 client outside its auto negotiation) unable to connect at all.',
    causes: ['A hand-written version check that errors instead of falling back.', 'A 2026-07-28 error path applied to 2025 `initialize` requests.'],
    remediation: ['Answer `initialize` with the newest version the server supports (`result.protocolVersion`), never with an error, when the offered one is unknown.'],
    statuses: [400],
    patterns: [/-32022/, /Unsupported protocol version/i],
    spec: { id: 'MCP 2025-11-25 Lifecycle: Version Negotiation', url: 'https://modelcontextprotocol.io/specification/2025-11-25/basic/lifecycle#version-negotiation' },
  },
  DISCOVER_FAILED: {
    title: 'server/discover is refused although the server speaks 2026-07-28',
    severity: 'error',
    summary: (a) => `The server names ${a.version ?? '2026-07-28'} as supported, but a well-formed server/discover got ${a.status ?? '?'}${said(a)}.`,
    explanation:
      'The legacy initialize was refused with -32022 naming 2026-07-28, so the server means to speak the modern revision, yet the doctor\'s own 2026-07-28 request (every header and `_meta` key set) was refused too. The server\'s words usually name what it did not receive: when it says a header such as `Mcp-Method` is absent although the doctor sent it, something between the two (a proxy, a gateway, a platform front door) removes it. No client can then connect in either era.',
    causes: [
      'A proxy or front door that drops the `Mcp-Method`, `Mcp-Name` or `MCP-Protocol-Version` headers (answer: 400 -32020 "…header is absent").',
      'A server that requires client capabilities the doctor does not declare (400 -32021, MissingRequiredClientCapability).',
      'An authorizer that admits `initialize` but not other methods.',
    ],
    remediation: [
      'Forward `MCP-Protocol-Version`, `Mcp-Method`, `Mcp-Name` and `Mcp-Param-*` unchanged through every proxy in front of the server.',
      'Compare with a request sent straight to the server (no proxy) to see which hop changes it.',
    ],
    statuses: [400],
    patterns: [/-32020/, /HeaderMismatch/i, /the required [\w-]+ header is absent/i],
    spec: MODERN_TRANSPORT_SPEC,
  },
  DISCOVER_RESULT_INVALID: {
    title: 'The server/discover result lacks required members',
    severity: 'error',
    summary: (a) => `server/discover answered ${a.status ?? 200} without ${a.detail ?? 'required members'}.`,
    explanation:
      'A DiscoverResult carries `supportedVersions` (the revisions the server speaks), `capabilities`, `resultType` and the server\'s identity in `_meta["io.modelcontextprotocol/serverInfo"]`. Clients negotiating with `server/discover` pick a mutual version from `supportedVersions`; without it they cannot select the modern era and fall back to `initialize` or fail.',
    causes: ['A hand-written discover handler returning a partial object.', 'A gateway that answers every method with a generic success.', 'A pre-release SDK with an older DiscoverResult shape.'],
    remediation: [`Return every member; ${V2_SDK} builds the result itself.`],
    statuses: [200],
    patterns: [/DiscoverResult/i, /supportedVersions/i],
    spec: MODERN_LIFECYCLE_SPEC,
  },
  MODERN_HEADERS_NOT_VALIDATED: {
    title: 'Modern requests with missing or mismatched MCP headers are accepted',
    severity: 'warning',
    summary: (a) => `${a.variants ?? 'A modern request with a wrong header'} got ${a.status ?? 200} instead of 400 with JSON-RPC -32020 (HeaderMismatch).`,
    explanation:
      'In 2026-07-28 the `MCP-Protocol-Version` and `Mcp-Method` headers (and `Mcp-Name` for `tools/call`, `prompts/get`, `resources/read`) repeat what the body says so that gateways can route and authorize without parsing JSON. A server MUST answer 400 with -32020 (HeaderMismatch, `data.mismatch`) when one is missing or disagrees with the body; one that accepts such requests lets a gateway\'s decision and the server\'s action diverge (a gateway allows `tools/list` while the server runs `tools/call`). When a client sees -32020 itself, a proxy on the way dropped or rewrote one of these headers.',
    causes: ['A hand-written 2026-07-28 handler that reads only the body.', 'A framework adapter that strips the headers before the MCP handler sees them.'],
    remediation: [`Validate the headers against the body (${V2_SDK} does), answering 400 -32020 on any difference.`],
    statuses: [200],
    patterns: [/-32020/, /HeaderMismatch/i, /request headers and body disagree/i, /Mcp-Method/i, /Mcp-Name/i],
    spec: MODERN_TRANSPORT_SPEC,
  },
  MODERN_ENVELOPE_NOT_VALIDATED: {
    title: 'A modern request without client capabilities in _meta is accepted',
    severity: 'warning',
    summary: (a) => `A modern request whose _meta lacks \`io.modelcontextprotocol/clientCapabilities\` got ${a.status ?? 200} instead of 400 with JSON-RPC -32602.`,
    explanation:
      'Without `initialize`, each 2026-07-28 request declares the client\'s capabilities in `params._meta["io.modelcontextprotocol/clientCapabilities"]` (`{}` is fine). A server MUST reject a request without it (400, -32602, `data.envelope`), and answers -32021 (MissingRequiredClientCapability, `data.requiredCapabilities`) when a method needs a capability the client did not declare. Accepting a request without the envelope means the server acts without knowing what the client can do (elicitation, sampling).',
    causes: ['A hand-written handler that reads only `protocolVersion` from `_meta`.'],
    remediation: [`Validate the whole envelope (${V2_SDK} does).`, 'Clients that get -32021 must declare the capabilities listed in `data.requiredCapabilities`.'],
    statuses: [200],
    patterns: [/-32021/, /MissingRequiredClientCapability(?:Error)?|requiredCapabilities/i, /clientCapabilities/i, /Invalid _meta envelope/i],
    spec: MODERN_TRANSPORT_SPEC,
  },
  CLIENT_INFO_REQUIRED: {
    title: 'A modern request without the optional clientInfo is refused',
    severity: 'warning',
    summary: (a) => `A modern request whose _meta has no \`io.modelcontextprotocol/clientInfo\` got ${a.status ?? 400}${said(a)}; clientInfo is optional.`,
    explanation:
      '`io.modelcontextprotocol/clientInfo` is a SHOULD: clients may leave it out, and a server must still serve the request. A server that refuses it breaks minimal clients and scripts.',
    causes: ['A handler that treats every `_meta` key as required.'],
    remediation: ['Require only `protocolVersion` and `clientCapabilities` in the envelope.'],
    statuses: [400],
    patterns: [/clientInfo/i],
    spec: MODERN_TRANSPORT_SPEC,
  },
  UNSUPPORTED_VERSION_ACCEPTED: {
    title: 'A request naming an unknown protocol version is served',
    severity: 'error',
    summary: (a) => `A modern request naming version ${a.version ?? '2099-01-01'} got ${a.status ?? 200} instead of 400 with JSON-RPC -32022 and \`data.supported\`.`,
    explanation:
      'A 2026-07-28 server MUST refuse a version it does not speak with 400 and -32022 (UnsupportedProtocolVersion) whose `data.supported` lists the versions it does. Clients negotiate on exactly that answer: the v2 client retries once with a mutual version. A server that serves the unknown version gives clients no way to notice a mismatch.',
    causes: ['A handler that reads the version but never compares it.', 'A proxy answering from a cache keyed without the version header.'],
    remediation: [`Compare the envelope's version with the supported list before dispatch (${V2_SDK} does).`],
    statuses: [200],
    patterns: [/-32022/, /UnsupportedProtocolVersion/i, /2099-01-01/],
    spec: MODERN_LIFECYCLE_SPEC,
  },
  REMOVED_METHOD_SERVED: {
    title: 'A method removed in 2026-07-28 is served on a modern request',
    severity: 'warning',
    summary: (a) => `${a.method ?? 'initialize'} with 2026-07-28 _meta got ${a.status ?? 200} and a result instead of the 404 Not Found with JSON-RPC -32601 a removed method gets.`,
    explanation:
      '2026-07-28 removed `initialize`, `ping`, `logging/setLevel` and `resources/subscribe`/`unsubscribe`. Sent with modern `_meta`, they (and any method the server does not serve) MUST get HTTP 404 with JSON-RPC -32601 Method not found, the request id kept. A 404 with a -32601 body is therefore a normal answer from a modern server, not a wrong URL: mcp-doctor never reports it as WRONG_PATH.',
    causes: ['A handler that routes modern requests into the 2025 session logic.'],
    remediation: [`Route requests with modern _meta to the stateless leg only (${V2_SDK} does).`],
    statuses: [404, 200],
    // A 404 that carries -32601, in either order: what a modern server answers a removed method.
    patterns: [/-32601/, /Method not found/i, /\b404\b[^\n]{0,80}-32601|-32601[^\n]{0,80}\b404\b/],
    spec: MODERN_LIFECYCLE_SPEC,
  },
  MODERN_SESSION_HEADER_REJECTED: {
    title: 'A modern request carrying an Mcp-Session-Id is rejected',
    severity: 'warning',
    severityByProfile: { agentcore: 'error' },
    summary: (a) => `A 2026-07-28 request with an arbitrary \`Mcp-Session-Id\` got ${a.status ?? '?'}${said(a)}; without it the same request succeeded.`,
    explanation:
      '2026-07-28 has no sessions: a server must ignore an `Mcp-Session-Id` it never issued. AWS\'s MCP contract for AgentCore Runtime says the platform forwards session headers, including `Mcp-Session-Id` and `X-Amzn-Bedrock-AgentCore-Runtime-Session-Id`, and that the container must accept them (whether it injects one on modern requests is UNCONFIRMED). A server that rejects the header fails every modern request behind AgentCore.',
    causes: ['A server that still looks up sessions on every request.', 'Middleware that treats an unknown session id as an attack.'],
    remediation: ['Ignore `Mcp-Session-Id` on requests with modern `_meta`.'],
    statuses: [400, 404],
    patterns: [/Mcp-Session-Id/i],
    spec: MODERN_TRANSPORT_SPEC,
  },
  LISTEN_ACK_MISSING: {
    title: 'subscriptions/listen does not start with the acknowledgement',
    severity: 'warning',
    summary: (a) => `The server declares listChanged, but the first frame of subscriptions/listen was ${a.detail ?? 'missing'} instead of notifications/subscriptions/acknowledged.`,
    explanation:
      'In 2026-07-28 list-change notifications arrive on a `subscriptions/listen` stream (SSE, even to `Accept: application/json`). Its first frame MUST be `notifications/subscriptions/acknowledged`, with the filter reduced to what the server supports and `_meta.subscriptionId` equal to the request id; clients wait for it to know the subscription is live. Without it they time out or never learn of changed tools.',
    causes: ['A listen handler that sends nothing until a change happens.', 'A proxy that buffers the stream (`x-accel-buffering: no` missing).'],
    remediation: [`Send the acknowledgement at once (${V2_SDK} does), and turn off response buffering in proxies.`],
    statuses: [200],
    patterns: [/subscriptions\/listen/i, /subscriptions\/acknowledged/i],
    spec: MODERN_TRANSPORT_SPEC,
  },
  TOOL_DEFINITION_INVALID: {
    title: 'A tool definition in the modern tools/list is invalid',
    severity: 'warning',
    summary: (a) => `tools/list (2026-07-28) returned an invalid tool definition: ${a.detail ?? '?'}.`,
    explanation:
      'Each tool needs a non-empty `name` and an `inputSchema` of `type: "object"`, and names must be unique. A property may carry `x-mcp-header` (SEP-2243) so that its value also travels in an `Mcp-Param-<Name>` header: the value must be a non-empty RFC 9110 token, unique case-insensitively, on a string, integer or boolean property reached only through `properties` (not `items`, `anyOf`, `$ref`, …). Conforming clients leave a tool with an invalid declaration out of their list.',
    causes: ['An `x-mcp-header` on a number, object or array property, or inside `anyOf`/`items`.', 'Two properties declaring the same header name in different case.', 'A tool built by hand without `inputSchema`.'],
    remediation: ['Fix the tool definition named in the message; the v2 server SDK logs `carries an invalid x-mcp-header declaration` at start.'],
    statuses: [200],
    patterns: [/x-mcp-header/i, /Mcp-Param-/i],
    spec: MODERN_TOOLS_SPEC,
  },
} as const satisfies Record<ModernCode, CatalogEntry>;
