import { randomUUID } from 'node:crypto';
import { defineProbe, type ProbeContext, type ProbeDefinition } from '../model/contracts.js';
import { TOOL_VERSION } from '../version.js';
import type { ExchangeRequest } from '../model/runtime.js';
import type { HttpExchange, InitializedSession, ProbeId } from '../model/observations.js';
import { BOGUS_PROTOCOL_VERSION } from '../model/protocol.js';
import { runServerAuthProbes } from './auth/server-auth-probes.js';
import { runMcpSession } from './mcp-session.js';

/**
 * The raw Streamable HTTP probes (streamable-http-matrix §7). Round one needs nothing and runs
 * concurrently; round two needs the `initialized` observation (the negotiated version and session
 * of the compliant initialize), and is skipped with its reason when initialize did not succeed.
 * The official SDK session runs beside them.
 */

/** The version the doctor offers in initialize: the latest it knows. */
export const OFFERED_PROTOCOL_VERSION = '2025-11-25';

/** Accept header the specification requires on every POST. */
export const COMPLIANT_ACCEPT = 'application/json, text/event-stream';

/** A Host header that no server allowlists: what a proxy or AgentCore's front door sends. */
export const FOREIGN_HOST = 'mcp-doctor-host-check.invalid';

/** An Origin no server allowlists: what a page on a rebound DNS name sends. */
export const FOREIGN_ORIGIN = 'https://mcp-doctor-origin-check.invalid';

const initializeBody = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: OFFERED_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'mcp-doctor', version: TOOL_VERSION } },
});

const toolsListBody = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} });
const initializedBody = JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' });

/**
 * Probes that change server state (DELETE ends sessions, and on some servers closes a transport
 * that every request shares) wait for every probe they could disturb.
 */
const UNDISTURBED: readonly ProbeId[] = [
  'init',
  'accept-none',
  'accept-wildcard',
  'accept-json',
  'accept-sse',
  'content-type-plain',
  'host-foreign',
  'origin-foreign',
  'origin-client',
  'path-variant',
  'get-stream',
  'no-session',
  'foreign-session',
  'session-control',
  'bogus-protocol-version',
  'server-auth',
];

function post(ctx: ProbeContext, label: string, headers: Record<string, string>, body = initializeBody, url = ctx.target.url, extra: Partial<ExchangeRequest> = {}): Promise<HttpExchange> {
  const request: ExchangeRequest = { label, method: 'POST', url, headers, body, ...extra };
  return ctx.runtime.http.exchange(request, ctx.signal);
}

/**
 * A foreign Host or Origin carries credentials only to a loopback target: behind a shared reverse
 * proxy a foreign Host can be routed to another virtual host, which must never see the token.
 */
function foreignHeaderRequest(ctx: ProbeContext): Partial<ExchangeRequest> {
  return ctx.target.isLoopback ? {} : { withoutCredentials: true };
}

function compliantHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return { accept: COMPLIANT_ACCEPT, 'content-type': 'application/json', ...extra };
}

function initializeWithAccept(id: ProbeId & `accept-${string}`, accept: string | undefined, label: string): ProbeDefinition {
  return defineProbe({
    id,
    title: `initialize with ${label}`,
    needs: [],
    run: (ctx) => post(ctx, `POST initialize (${label})`, accept === undefined ? { 'content-type': 'application/json' } : { accept, 'content-type': 'application/json' }),
  });
}

/** Headers of a request after initialize: the negotiated version, and `extra`. */
function afterInitHeaders(session: InitializedSession | undefined, extra: Record<string, string> = {}): Record<string, string> {
  const headers = compliantHeaders(extra);
  if (session && !('mcp-protocol-version' in extra)) headers['mcp-protocol-version'] = session.protocolVersion;
  return headers;
}

/** The other slash form of a URL's path (`/mcp` ↔ `/mcp/`), or undefined for `/`. */
export function toggleTrailingSlash(url: string): string | undefined {
  const u = new URL(url);
  if (u.pathname === '/') return undefined;
  u.pathname = u.pathname.endsWith('/') ? u.pathname.slice(0, -1) : `${u.pathname}/`;
  return u.toString();
}

/** Every transport probe, in timeline order. */
export const transportProbes = [
  defineProbe({
    id: 'init',
    title: 'compliant initialize (Accept: application/json, text/event-stream)',
    needs: [],
    run: (ctx) => post(ctx, 'POST initialize', compliantHeaders()),
  }),
  initializeWithAccept('accept-none', undefined, 'no Accept header'),
  initializeWithAccept('accept-wildcard', '*/*', 'Accept: */*'),
  initializeWithAccept('accept-json', 'application/json', 'Accept: application/json'),
  initializeWithAccept('accept-sse', 'text/event-stream', 'Accept: text/event-stream'),
  defineProbe({
    id: 'content-type-plain',
    title: 'initialize with Content-Type: text/plain',
    needs: [],
    run: (ctx) => post(ctx, 'POST initialize (Content-Type: text/plain)', { accept: COMPLIANT_ACCEPT, 'content-type': 'text/plain' }),
  }),
  defineProbe({
    id: 'host-foreign',
    title: 'initialize with a non-local Host header',
    needs: [],
    appliesTo: (ctx) =>
      ctx.target.kind !== 'url'
        ? 'AgentCore sets the Host the container sees; a wrapped 421 shows up on the compliant initialize'
        : ctx.target.isLoopback || ctx.target.url.startsWith('http:')
        ? true
        : 'a foreign Host over TLS would be judged by the CDN or load balancer, not the server; the real Host is checked by the compliant initialize',
    run: (ctx) => {
      const port = new URL(ctx.target.url).port;
      const host = port ? `${FOREIGN_HOST}:${port}` : FOREIGN_HOST;
      return post(ctx, `POST initialize (Host: ${host})`, compliantHeaders({ host }), initializeBody, ctx.target.url, foreignHeaderRequest(ctx));
    },
  }),
  defineProbe({
    id: 'origin-foreign',
    title: 'initialize with a foreign Origin header',
    needs: [],
    appliesTo: (ctx) => (ctx.target.kind !== 'url' ? "AgentCore's front door answers cross-origin requests before the container" : true),
    run: (ctx) => post(ctx, `POST initialize (Origin: ${FOREIGN_ORIGIN})`, compliantHeaders({ origin: FOREIGN_ORIGIN }), initializeBody, ctx.target.url, foreignHeaderRequest(ctx)),
  }),
  defineProbe({
    id: 'origin-client',
    title: 'initialize with the Origin real clients send (--origin)',
    needs: [],
    appliesTo: (ctx) => (ctx.options.origin !== undefined ? true : 'no --origin was given'),
    // The Origin a real client sends comes with that client's credentials.
    run: (ctx) => post(ctx, `POST initialize (Origin: ${ctx.options.origin as string})`, compliantHeaders({ origin: ctx.options.origin as string })),
  }),
  defineProbe({
    id: 'path-variant',
    title: 'initialize at the other slash form of the path',
    needs: [],
    appliesTo: (ctx) => (ctx.target.kind !== 'url' ? 'AgentCore routes the invocation path itself' : toggleTrailingSlash(ctx.target.url) ? true : 'the path is `/`'),
    run: (ctx) => {
      const url = toggleTrailingSlash(ctx.target.url) as string;
      return post(ctx, `POST initialize at ${new URL(url).pathname}`, compliantHeaders(), initializeBody, url);
    },
  }),
  defineProbe({
    id: 'get-stream',
    title: 'GET with Accept: text/event-stream (no session)',
    needs: [],
    run: (ctx) =>
      ctx.runtime.http.exchange(
        { label: 'GET (Accept: text/event-stream)', method: 'GET', url: ctx.target.url, headers: { accept: 'text/event-stream' }, streamWaitMs: ctx.options.streamWaitMs },
        ctx.signal,
      ),
  }),
  defineProbe({
    id: 'delete-no-session',
    title: 'DELETE without a session',
    needs: [],
    // DELETE can end the session or transport other probes rely on: it goes last.
    uses: [...UNDISTURBED, 'mcp-session'],
    run: (ctx) => ctx.runtime.http.exchange({ label: 'DELETE (no session)', method: 'DELETE', url: ctx.target.url, headers: { accept: COMPLIANT_ACCEPT } }, ctx.signal),
  }),
  defineProbe({
    id: 'no-session',
    title: 'tools/list without any session id',
    needs: ['initialized'],
    run: (ctx, { initialized }) => post(ctx, 'POST tools/list (no Mcp-Session-Id)', afterInitHeaders(initialized), toolsListBody),
  }),
  defineProbe({
    id: 'session-control',
    title: 'tools/list with the session id the server issued (the control of the session probes)',
    needs: ['initialized'],
    steps: 2,
    appliesTo: (_ctx, { initialized }) => (initialized?.sessionId !== undefined ? true : 'initialize issued no session id'),
    run: async (ctx, { initialized }) => {
      const session = { 'mcp-session-id': initialized?.sessionId as string };
      // A client completes the handshake before its first request; a server may insist on it.
      await post(ctx, 'POST notifications/initialized (issued Mcp-Session-Id)', afterInitHeaders(initialized, session), initializedBody);
      return post(ctx, 'POST tools/list (issued Mcp-Session-Id)', afterInitHeaders(initialized, session), toolsListBody);
    },
  }),
  defineProbe({
    id: 'foreign-session',
    title: 'tools/list with a session id the server never issued',
    needs: ['initialized'],
    run: (ctx, { initialized }) => {
      const foreign = `mcp-doctor-${randomUUID()}`;
      return post(ctx, 'POST tools/list (foreign Mcp-Session-Id)', afterInitHeaders(initialized, { 'mcp-session-id': foreign }), toolsListBody);
    },
  }),
  defineProbe({
    id: 'bogus-protocol-version',
    title: `tools/list with MCP-Protocol-Version: ${BOGUS_PROTOCOL_VERSION}`,
    needs: ['initialized'],
    run: (ctx, { initialized }) => {
      const extra: Record<string, string> = { 'mcp-protocol-version': BOGUS_PROTOCOL_VERSION };
      if (initialized?.sessionId) extra['mcp-session-id'] = initialized.sessionId;
      return post(ctx, `POST tools/list (MCP-Protocol-Version: ${BOGUS_PROTOCOL_VERSION})`, afterInitHeaders(initialized, extra), toolsListBody);
    },
  }),
  defineProbe({
    id: 'server-auth',
    title: 'initialize without a token and with forged tokens; protected-resource metadata',
    // Any HTTP answer will do: a server that refuses the real token still has a challenge and
    // metadata to judge, and the check compares the forged tokens' answers with it.
    needs: ['answer'],
    steps: 2,
    appliesTo: (ctx) => {
      const options = ctx.runtime.http.options;
      if (options.token === undefined) return 'no bearer token was given, so the endpoint is not known to be protected';
      return options.signer ? 'the requests are signed with SigV4, not bearer tokens' : true;
    },
    run: (ctx) =>
      runServerAuthProbes(ctx.runtime.http, {
        targetUrl: ctx.target.url,
        initializeBody,
        timeoutMs: ctx.runtime.http.options.timeoutMs,
        signal: ctx.signal,
        ...(ctx.runtime.http.options.token === undefined ? {} : { token: ctx.runtime.http.options.token }),
      }),
  }),
  defineProbe({
    id: 'mcp-session',
    title: 'official MCP client session (initialize, ping, lists)',
    needs: [],
    steps: 6,
    run: (ctx) => runMcpSession(ctx),
  }),
] as const satisfies readonly ProbeDefinition[];
