import { randomUUID } from 'node:crypto';
import { defineProbe, type ProbeContext, type ProbeDefinition } from '../model/contracts.js';
import { runServerAuthProbes } from './auth/server-auth-probes.js';
import type { HttpExchange, ModernCasesObservation, ModernToolsObservation, Observations } from '../model/observations.js';
import { FUTURE_PROTOCOL_VERSION, readDiscover, readEra } from '../model/modern-protocol.js';
import { modernRequest, type ModernRequestOptions } from './modern-requests.js';
import { runModernSession } from './modern-session.js';
import { FOREIGN_HOST, FOREIGN_ORIGIN, OFFERED_PROTOCOL_VERSION, toggleTrailingSlash } from './transport-probes.js';

/**
 * Probes of the 2026-07-28 revision. `discover` runs in round one beside the legacy initialize;
 * the conformance probes need it to have been served. The `modern-*` twins of legacy probes (Host,
 * Content-Type, path, auth) run only on a modern-only server, whose legacy probes all end in the
 * same 400 -32022 and so show nothing.
 */

/** A tool name no server has, so a tools/call probe can never run a real tool. */
export const ABSENT_TOOL = 'mcp-doctor-absent-tool';

const MAX_PAGES = 20;
const MAX_TOOLS = 1_000;

function sendModern(ctx: ProbeContext, label: string, method: string, options: ModernRequestOptions = {}, extra: { url?: string; streamWaitMs?: number; withoutCredentials?: boolean } = {}): Promise<HttpExchange> {
  const { headers, body } = modernRequest(method, options);
  return ctx.runtime.http.exchange(
    {
      label,
      method: 'POST',
      url: extra.url ?? ctx.target.url,
      headers,
      body,
      ...(extra.streamWaitMs === undefined ? {} : { streamWaitMs: extra.streamWaitMs }),
      ...(extra.withoutCredentials ? { withoutCredentials: true } : {}),
    },
    ctx.signal,
  );
}

/** A made-up Host or Origin carries credentials only to a loopback target, as the legacy probes do. */
function foreignHeaderExtra(ctx: ProbeContext): { withoutCredentials?: boolean } {
  return ctx.target.isLoopback ? {} : { withoutCredentials: true };
}

function discoverServed(inputs: Partial<Observations>): true | string {
  return readDiscover(inputs.discover).served ? true : 'the server does not serve 2026-07-28 requests (server/discover was not answered)';
}

function modernOnly(inputs: Partial<Observations>): true | string {
  return readEra(inputs.init, inputs.discover).era === 'modern-only' ? true : 'the legacy probe judges a server that serves 2025 requests';
}

function declaresTools(inputs: Partial<Observations>): boolean {
  return readDiscover(inputs.discover).capabilities?.tools !== undefined;
}

/** The listen filter for every list the server says can change (§2). */
export function listenFilter(capabilities: Record<string, unknown> | undefined): Record<string, boolean> {
  const filter: Record<string, boolean> = {};
  for (const kind of ['tools', 'resources', 'prompts'] as const) {
    const capability = capabilities?.[kind] as { listChanged?: unknown } | undefined;
    if (capability?.listChanged === true) filter[`${kind}ListChanged`] = true;
  }
  return filter;
}

const conformance = { needs: ['discover'] as const, appliesTo: (_ctx: ProbeContext, inputs: Partial<Observations>) => discoverServed(inputs) };
const twin = { needs: ['init', 'discover'] as const, appliesTo: (_ctx: ProbeContext, inputs: Partial<Observations>) => modernOnly(inputs) };

/** Every probe of the modern revision, in timeline order. */
export const modernProbes = [
  defineProbe({
    id: 'discover',
    title: 'server/discover with the 2026-07-28 headers and _meta',
    needs: [],
    run: (ctx) => sendModern(ctx, 'POST server/discover (2026-07-28)', 'server/discover'),
  }),
  defineProbe({
    id: 'modern-headers',
    title: 'modern requests with a missing or mismatched MCP-Protocol-Version, Mcp-Method or Mcp-Name',
    ...conformance,
    run: async (ctx, inputs): Promise<ModernCasesObservation> => {
      const call = { name: ABSENT_TOOL, arguments: {} };
      const requests: Array<[string, string, ModernRequestOptions]> = [
        ['MCP-Protocol-Version header missing', 'server/discover', { headers: { 'mcp-protocol-version': undefined } }],
        [`MCP-Protocol-Version header ${OFFERED_PROTOCOL_VERSION} while _meta names 2026-07-28`, 'server/discover', { headers: { 'mcp-protocol-version': OFFERED_PROTOCOL_VERSION } }],
        ['Mcp-Method header missing', 'server/discover', { headers: { 'mcp-method': undefined } }],
        ['Mcp-Method header tools/list while the body calls server/discover', 'server/discover', { headers: { 'mcp-method': 'tools/list' } }],
      ];
      if (declaresTools(inputs)) {
        requests.push(['Mcp-Name header missing on tools/call', 'tools/call', { params: call, headers: { 'mcp-name': undefined } }]);
        requests.push([`Mcp-Name header other-tool while params.name is ${ABSENT_TOOL}`, 'tools/call', { params: call, headers: { 'mcp-name': 'other-tool' } }]);
      }
      const cases = await Promise.all(requests.map(async ([fault, method, options], i) => ({ fault, exchange: await sendModern(ctx, `POST ${method} (${fault})`, method, { id: i + 1, ...options }) })));
      return { cases };
    },
  }),
  defineProbe({
    id: 'modern-envelope',
    title: 'modern requests whose _meta lacks clientCapabilities, and lacks only the optional clientInfo',
    ...conformance,
    run: async (ctx): Promise<ModernCasesObservation> => {
      const [capabilities, clientInfo] = await Promise.all([
        sendModern(ctx, 'POST server/discover (_meta without clientCapabilities)', 'server/discover', { omitMeta: ['clientCapabilities'] }),
        sendModern(ctx, 'POST server/discover (_meta without the optional clientInfo)', 'server/discover', { omitMeta: ['clientInfo'] }),
      ]);
      return { cases: [ { fault: 'clientCapabilities missing from _meta', exchange: capabilities }, { fault: 'clientInfo missing from _meta (optional)', exchange: clientInfo } ] };
    },
  }),
  defineProbe({
    id: 'modern-unsupported-version',
    title: `a modern request naming version ${FUTURE_PROTOCOL_VERSION}`,
    ...conformance,
    run: (ctx, inputs) => {
      // tools/list when served: discover itself may answer any version with the versions it has.
      const method = declaresTools(inputs) ? 'tools/list' : 'server/discover';
      return sendModern(ctx, `POST ${method} (MCP-Protocol-Version: ${FUTURE_PROTOCOL_VERSION})`, method, { version: FUTURE_PROTOCOL_VERSION });
    },
  }),
  defineProbe({
    id: 'modern-removed-methods',
    title: 'initialize and ping carrying modern _meta',
    ...conformance,
    run: async (ctx): Promise<ModernCasesObservation> => {
      const initParams = { protocolVersion: OFFERED_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'mcp-doctor', version: '0' } };
      const [initialize, ping] = await Promise.all([
        sendModern(ctx, 'POST initialize (with 2026-07-28 _meta)', 'initialize', { params: initParams }),
        sendModern(ctx, 'POST ping (with 2026-07-28 _meta)', 'ping', { id: 2 }),
      ]);
      return { cases: [ { fault: 'initialize', exchange: initialize }, { fault: 'ping', exchange: ping } ] };
    },
  }),
  defineProbe({
    id: 'modern-session-header',
    title: 'a modern request carrying an Mcp-Session-Id the server never issued',
    ...conformance,
    run: (ctx) => sendModern(ctx, 'POST server/discover (arbitrary Mcp-Session-Id)', 'server/discover', { headers: { 'mcp-session-id': `mcp-doctor-${randomUUID()}` } }),
  }),
  defineProbe({
    id: 'modern-tools-list',
    title: 'tools/list as a modern request (all pages)',
    ...conformance,
    steps: MAX_PAGES,
    appliesTo: (_ctx, inputs) => {
      const served = discoverServed(inputs);
      if (served !== true) return served;
      return declaresTools(inputs) ? true : 'the server does not declare the `tools` capability in server/discover';
    },
    run: (ctx) => listModernTools(ctx),
  }),
  defineProbe({
    id: 'modern-listen',
    title: 'subscriptions/listen: the first frame is the acknowledgement',
    ...conformance,
    appliesTo: (_ctx, inputs) => {
      const served = discoverServed(inputs);
      if (served !== true) return served;
      return Object.keys(listenFilter(readDiscover(inputs.discover).capabilities)).length > 0 ? true : 'the server declares no listChanged capability';
    },
    run: (ctx, inputs) =>
      sendModern(
        ctx,
        'POST subscriptions/listen',
        'subscriptions/listen',
        { id: 7, params: { notifications: listenFilter(readDiscover(inputs.discover).capabilities) } },
        { streamWaitMs: ctx.options.streamWaitMs },
      ),
  }),
  defineProbe({
    id: 'modern-host-foreign',
    title: 'server/discover with a non-local Host header',
    ...twin,
    appliesTo: (ctx, inputs) => {
      if (ctx.target.kind !== 'url') return 'AgentCore sets the Host the container sees';
      if (!ctx.target.isLoopback && !ctx.target.url.startsWith('http:')) return 'a foreign Host over TLS would be judged by the CDN or load balancer, not the server';
      return modernOnly(inputs);
    },
    run: (ctx) => {
      const port = new URL(ctx.target.url).port;
      const host = port ? `${FOREIGN_HOST}:${port}` : FOREIGN_HOST;
      return sendModern(ctx, `POST server/discover (Host: ${host})`, 'server/discover', { headers: { host } }, foreignHeaderExtra(ctx));
    },
  }),
  defineProbe({
    id: 'modern-origin-foreign',
    title: 'server/discover with a foreign Origin header',
    ...twin,
    appliesTo: (ctx, inputs) => (ctx.target.kind !== 'url' ? "AgentCore's front door answers cross-origin requests before the container" : modernOnly(inputs)),
    run: (ctx) => sendModern(ctx, `POST server/discover (Origin: ${FOREIGN_ORIGIN})`, 'server/discover', { headers: { origin: FOREIGN_ORIGIN } }, foreignHeaderExtra(ctx)),
  }),
  defineProbe({
    id: 'modern-content-type-plain',
    title: 'server/discover with Content-Type: text/plain',
    ...twin,
    run: (ctx) => sendModern(ctx, 'POST server/discover (Content-Type: text/plain)', 'server/discover', { headers: { 'content-type': 'text/plain' } }),
  }),
  defineProbe({
    id: 'modern-path-variant',
    title: 'server/discover at the other slash form of the path',
    ...twin,
    appliesTo: (ctx, inputs) => {
      if (ctx.target.kind !== 'url') return 'AgentCore routes the invocation path itself';
      return toggleTrailingSlash(ctx.target.url) ? modernOnly(inputs) : 'the path is `/`';
    },
    run: (ctx) => {
      const url = toggleTrailingSlash(ctx.target.url) as string;
      return sendModern(ctx, `POST server/discover at ${new URL(url).pathname}`, 'server/discover', {}, { url });
    },
  }),
  defineProbe({
    id: 'modern-server-auth',
    title: 'server/discover without a token and with forged tokens',
    ...twin,
    steps: 2,
    appliesTo: (ctx, inputs) => {
      const options = ctx.runtime.http.options;
      if (options.token === undefined) return 'no bearer token was given, so the endpoint is not known to be protected';
      return options.signer ? 'the requests are signed with SigV4, not bearer tokens' : modernOnly(inputs);
    },
    run: (ctx) => {
      const { headers, body } = modernRequest('server/discover');
      return runServerAuthProbes(ctx.runtime.http, {
        targetUrl: ctx.target.url,
        initializeBody: body,
        requestHeaders: headers,
        method: 'server/discover',
        timeoutMs: ctx.runtime.http.options.timeoutMs,
        signal: ctx.signal,
        ...(ctx.runtime.http.options.token === undefined ? {} : { token: ctx.runtime.http.options.token }),
      });
    },
  }),
  defineProbe({
    id: 'modern-session',
    title: 'official v2 MCP client session (versionNegotiation auto: server/discover, lists)',
    ...conformance,
    steps: 6,
    run: (ctx) => runModernSession(ctx),
  }),
] as const satisfies readonly ProbeDefinition[];

async function listModernTools(ctx: ProbeContext): Promise<ModernToolsObservation> {
  const tools: unknown[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  let first: HttpExchange | undefined;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const exchange = await sendModern(ctx, `POST tools/list (2026-07-28${page > 1 ? `, page ${page}` : ''})`, 'tools/list', { id: page, params: cursor === undefined ? {} : { cursor } });
    first ??= exchange;
    const result = exchange.jsonrpc?.kind === 'result' ? (exchange.jsonrpc.result as { tools?: unknown; nextCursor?: unknown } | null) : undefined;
    if (!result || !Array.isArray(result.tools)) return { exchange, tools, pages: page };
    for (const tool of result.tools) if (tools.length < MAX_TOOLS) tools.push(tool);
    if (typeof result.nextCursor !== 'string') return { exchange: first, tools, pages: page };
    if (seen.has(result.nextCursor)) return { exchange: first, tools, pages: page, cursorLoop: true };
    seen.add(result.nextCursor);
    cursor = result.nextCursor;
  }
  return { exchange: first as HttpExchange, tools, pages: MAX_PAGES };
}
