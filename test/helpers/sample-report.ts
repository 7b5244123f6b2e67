import type { CheckResult, Finding, Report } from '../../src/model/report.js';
import { sanitizeText } from '../../src/security/sanitize-text.js';
import { TOOL_VERSION } from '../../src/version.js';

/**
 * A hand-built report for reporter tests: fixed times, every check status, every severity, and
 * server text that tries to break terminals and XML parsers (reporters must survive text that
 * slipped past the probe layer). Prose is literal, so catalog edits do not churn reporter snapshots.
 */

/** Server text with ESC, NUL, a noncharacter, a CDATA terminator, XML specials and a lone surrogate. */
export const HOSTILE_TEXT = '\u001b[31mInvalid Host header\u001b[0m\u0000 ]]> <&"\'> \uFFFE \uD800 end';

const checks: CheckResult[] = [
  { id: 'endpoint-reachable', title: 'The endpoint accepts connections and answers', area: 'network', status: 'pass', durationMs: 41 },
  { id: 'endpoint-speaks-mcp', title: 'An MCP server (not a proxy, page or legacy endpoint) answers POST', area: 'transport', status: 'pass', durationMs: 41 },
  { id: 'accept-negotiation', title: 'Accept negotiation works for compliant clients', area: 'transport', status: 'pass', durationMs: 57 },
  { id: 'host-header', title: 'Requests with a non-local Host header are accepted', area: 'transport', status: 'fail', durationMs: 1234 },
  { id: 'stateless', title: 'The server is stateless (no session required)', area: 'session', status: 'pass', durationMs: 12 },
  { id: 'session-expiry', title: 'An unknown session gets 404 (clients can re-initialize)', area: 'session', status: 'skip', durationMs: 0, skipReason: 'the server issues no sessions, so none can expire' },
  { id: 'get-stream', title: 'GET answers 405 or a live SSE stream', area: 'transport', status: 'warn', durationMs: 2003 },
  {
    id: 'mcp-session',
    title: 'The official MCP client completes a session (initialize, ping)',
    area: 'mcp',
    status: 'error',
    durationMs: 11000,
    errorMessage: 'probe mcp-session did not finish before its deadline',
  },
  { id: 'token-reflection', title: 'The server never echoes the bearer token', area: 'security', status: 'skip', durationMs: 0, skipReason: 'no bearer token was sent' },
];

const findings: Finding[] = [
  {
    code: 'HOST_HEADER_REJECTED',
    severity: 'error',
    checkId: 'host-header',
    title: 'The server rejects non-local Host headers (DNS-rebinding protection left on)',
    message: `421 for POST initialize (Host: mcp-doctor-host-check.invalid:8000) with \`Host: mcp-doctor-host-check.invalid:8000\`: "${HOSTILE_TEXT}"; behind a proxy or on AgentCore every request arrives with such a Host.`,
    remediation: [
      'Python: `FastMCP("server", host="0.0.0.0")` (disables the localhost allowlist), or `transport_security=TransportSecuritySettings(allowed_hosts=["my.host:*"])`.',
      'TypeScript: `createMcpExpressApp({ host: "0.0.0.0" })` or pass `allowedHosts` with the public names.',
    ],
    causes: [
      'FastMCP built with the default `host="127.0.0.1"` and served on 0.0.0.0 by uvicorn or a container.',
      '`createMcpExpressApp()` with its default host and no `allowedHosts`.',
      'A proxy that rewrites Host to an internal name.',
    ],
    docs: 'docs/codes/HOST_HEADER_REJECTED.md',
    spec: { id: 'MCP 2025-11-25 Transports: Security Warning (DNS rebinding)', url: 'https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#security-warning' },
    evidence: {
      request: 'POST http://127.0.0.1:8000/mcp (accept: application/json, text/event-stream; content-type: application/json; host: mcp-doctor-host-check.invalid:8000)',
      status: 421,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      bodyExcerpt: HOSTILE_TEXT,
    },
  },
  {
    code: 'GET_STREAM_HANGS',
    severity: 'warning',
    checkId: 'get-stream',
    title: 'GET opens an SSE stream that never sends anything',
    message: 'GET with `Accept: text/event-stream` got 200 `text/event-stream` and no byte in 2003 ms; the specification prefers 405 when the server has nothing to push.',
    remediation: ['TypeScript: answer `GET /mcp` and `DELETE /mcp` with 405 in the app before the transport.', 'Python: add a Starlette route that answers GET with 405, or use FastMCP ≥ 3.0, which does.'],
    causes: ['python-sdk with `stateless_http=True` (issues #2474, #3492).', 'A TypeScript stateless server that routes GET to the transport.'],
    docs: 'docs/codes/GET_STREAM_HANGS.md',
    spec: { id: 'MCP 2025-11-25 Transports: Listening for Messages from the Server', url: 'https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#listening-for-messages-from-the-server' },
    evidence: { request: 'GET http://127.0.0.1:8000/mcp (accept: text/event-stream)', status: 200, headers: { 'content-type': 'text/event-stream' }, detail: 'no event in 2003 ms' },
  },
  {
    code: 'ACCEPT_HEADER_REQUIRED',
    severity: 'info',
    checkId: 'accept-negotiation',
    title: 'The server requires both Accept types (why some clients get 406)',
    message: '406 Not Acceptable for Accept none, */*: "Not Acceptable: Client must accept both application/json and text/event-stream"; the server answers only clients that accept both `application/json` and `text/event-stream`.',
    remediation: ['Send `Accept: application/json, text/event-stream` (curl: `-H "Accept: application/json, text/event-stream"`).'],
    causes: ['A client that sends `Accept: */*` (curl, httpx, fetch default), no Accept, or only one of the two types.'],
    docs: 'docs/codes/ACCEPT_HEADER_REQUIRED.md',
    evidence: { request: 'POST http://127.0.0.1:8000/mcp (accept: */*; content-type: application/json)', status: 406, headers: { 'content-type': 'application/json' } },
  },
  {
    code: 'SERVER_STATEFUL',
    severity: 'info',
    checkId: 'stateless',
    title: 'The server keeps sessions (stateful)',
    message: 'The server issued an `Mcp-Session-Id`; it requires clients to keep a session.',
    remediation: ['FastMCP (Python): `mcp = FastMCP("server", stateless_http=True, host="0.0.0.0", port=8000)` then `mcp.run(transport="streamable-http")`'],
    causes: ['FastMCP without `stateless_http=True`.', 'TypeScript transport with a `sessionIdGenerator`.'],
    docs: 'docs/codes/SERVER_STATEFUL.md',
    evidence: { detail: 'initialize returned an Mcp-Session-Id header' },
  },
];

/** A fresh copy of the sample report (unhealthy at `--fail-on error`). */
export function sampleReport(): Report {
  return structuredClone({
    schemaVersion: 1,
    tool: { name: 'mcp-doctor', version: TOOL_VERSION },
    target: { input: 'http://127.0.0.1:8000/mcp', url: 'http://127.0.0.1:8000/mcp', kind: 'url' },
    profile: 'generic',
    failOn: 'error',
    startedAt: '2026-11-25T17:06:40.000Z',
    durationMs: 12345,
    summary: {
      checks: 9,
      passed: 4,
      failed: 1,
      warned: 1,
      skipped: 2,
      errored: 1,
      findings: { error: 1, warning: 1, info: 2 },
      verdict: 'unhealthy',
    },
    server: { name: 'weather', version: '1.4.0', protocolVersion: '2025-11-25', capabilities: ['tools'], stateful: true, tools: 3 },
    checks,
    findings,
    timings: {
      rounds: 3,
      requests: 14,
      probes: [
        { id: 'init', startedAtMs: 0, durationMs: 41, requests: 1, outcome: 'ok' },
        { id: 'get-stream', startedAtMs: 1, durationMs: 2003, requests: 1, outcome: 'ok' },
        { id: 'mcp-session', startedAtMs: 1, durationMs: 11000, requests: 2, outcome: 'timeout' },
      ],
    },
  } satisfies Report);
}

/** The sample report with its hostile text cleaned the way the probe layer cleans server text. */
export function sanitizedReport(): Report {
  const report = sampleReport();
  const clean = sanitizeText(HOSTILE_TEXT);
  const replace = (text: string) => text.split(HOSTILE_TEXT).join(clean);
  for (const finding of report.findings) {
    finding.message = replace(finding.message);
    if (finding.evidence?.bodyExcerpt) finding.evidence.bodyExcerpt = replace(finding.evidence.bodyExcerpt);
  }
  return report;
}

/** A healthy report with no findings. */
export function healthyReport(): Report {
  const report = sampleReport();
  report.checks = report.checks.map(({ errorMessage: _dropped, ...c }) => ({ ...c, status: c.status === 'skip' ? 'skip' : 'pass' }));
  report.findings = [];
  report.summary = { checks: 9, passed: 7, failed: 0, warned: 0, skipped: 2, errored: 0, findings: { error: 0, warning: 0, info: 0 }, verdict: 'healthy' };
  return report;
}

/** The version snapshots show instead of the real one. */
export const STABLE_VERSION = '0.0.0-snapshot';

/** Replaces what changes between releases (the tool version) so snapshots stay stable. */
export function stabilize(text: string): string {
  return text
    .split(`"mcp-doctor.version" value="${TOOL_VERSION}"`)
    .join(`"mcp-doctor.version" value="${STABLE_VERSION}"`)
    .split(`mcp-doctor ${TOOL_VERSION}`)
    .join(`mcp-doctor ${STABLE_VERSION}`)
    .split(`"version": "${TOOL_VERSION}"`)
    .join(`"version": "${STABLE_VERSION}"`);
}
