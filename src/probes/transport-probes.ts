import { randomUUID } from 'node:crypto';
import { defineProbe, type ProbeContext, type ProbeDefinition } from '../model/contracts.js';
import { TOOL_VERSION } from '../version.js';
import type { ExchangeRequest } from '../model/runtime.js';
import type { HttpExchange, Observations, ProbeId } from '../model/observations.js';
import { BOGUS_PROTOCOL_VERSION, negotiatedVersion } from '../model/protocol.js';
import { runServerAuthProbes } from './auth/server-auth-probes.js';
import { runMcpSession } from './mcp-session.js';

/**
 * The raw Streamable HTTP probes (streamable-http-matrix §7). Round one needs nothing and runs
 * concurrently; round two needs the negotiated version and session of the compliant initialize.
 * The official SDK session runs beside them.
 */

/** The version the doctor offers in initialize: the latest it knows. */
export const OFFERED_PROTOCOL_VERSION = '2025-11-25';

/** Accept header the specification requires on every POST. */
export const COMPLIANT_ACCEPT = 'application/json, text/event-stream';

/** A Host header that no server allowlists: what a proxy or AgentCore's front door sends. */
export const FOREIGN_HOST = 'mcp-doctor-host-check.invalid';

const initializeBody = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: OFFERED_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'mcp-doctor', version: TOOL_VERSION } },
});

const toolsListBody = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} });

function post(ctx: ProbeContext, label: string, headers: Record<string, string>, body = initializeBody, url = ctx.target.url): Promise<HttpExchange> {
  const request: ExchangeRequest = { label, method: 'POST', url, headers, body };
  return ctx.runtime.http.exchange(request, ctx.signal);
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

function initializeSucceeded(inputs: Partial<Observations>): true | string {
  return negotiatedVersion(inputs.init) !== undefined ? true : 'the compliant initialize did not succeed';
}

function afterInitHeaders(init: HttpExchange | undefined, extra: Record<string, string> = {}): Record<string, string> {
  const headers = compliantHeaders(extra);
  const version = negotiatedVersion(init);
  if (version && !('mcp-protocol-version' in extra)) headers['mcp-protocol-version'] = version;
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
      return post(ctx, `POST initialize (Host: ${host})`, compliantHeaders({ host }));
    },
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
    run: (ctx) => ctx.runtime.http.exchange({ label: 'DELETE (no session)', method: 'DELETE', url: ctx.target.url, headers: { accept: COMPLIANT_ACCEPT } }, ctx.signal),
  }),
  defineProbe({
    id: 'no-session',
    title: 'tools/list without any session id',
    needs: ['init'],
    appliesTo: (_ctx, inputs) => initializeSucceeded(inputs),
    run: (ctx, { init }) => post(ctx, 'POST tools/list (no Mcp-Session-Id)', afterInitHeaders(init), toolsListBody),
  }),
  defineProbe({
    id: 'foreign-session',
    title: 'tools/list with a session id the server never issued',
    needs: ['init'],
    appliesTo: (_ctx, inputs) => initializeSucceeded(inputs),
    run: (ctx, { init }) => {
      const foreign = `mcp-doctor-${randomUUID()}`;
      return post(ctx, 'POST tools/list (foreign Mcp-Session-Id)', afterInitHeaders(init, { 'mcp-session-id': foreign }), toolsListBody);
    },
  }),
  defineProbe({
    id: 'bogus-protocol-version',
    title: `tools/list with MCP-Protocol-Version: ${BOGUS_PROTOCOL_VERSION}`,
    needs: ['init'],
    appliesTo: (_ctx, inputs) => initializeSucceeded(inputs),
    run: (ctx, { init }) => {
      const session = init?.headers['mcp-session-id'];
      const extra: Record<string, string> = { 'mcp-protocol-version': BOGUS_PROTOCOL_VERSION };
      if (session) extra['mcp-session-id'] = session;
      return post(ctx, `POST tools/list (MCP-Protocol-Version: ${BOGUS_PROTOCOL_VERSION})`, afterInitHeaders(init, extra), toolsListBody);
    },
  }),
  defineProbe({
    id: 'server-auth',
    title: 'initialize without a token and with forged tokens; protected-resource metadata',
    needs: ['init'],
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
