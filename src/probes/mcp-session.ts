import type { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { ProbeContext } from '../model/contracts.js';
import { sanitizeText } from '../security/sanitize-text.js';
import { TOOL_VERSION } from '../version.js';
import type { ListStep, McpSessionObservation, SessionStep } from '../model/observations.js';

/**
 * A full session through the official TypeScript SDK client, as real MCP clients run it:
 * initialize (+ initialized notification), then ping and the list calls concurrently, following
 * pagination. A tool is called only when the user named one.
 *
 * When the initialize answer issued no session id, the server keeps no per-session state to
 * initialise, so the initialized notification goes out beside the first requests instead of a round
 * ahead of them (the spec only asks that requests follow the initialize answer). Its answer is still
 * awaited and judged as part of the handshake. A server that issued a session gets the strict order:
 * a stateful Python session refuses requests that arrive before its notification.
 */

/**
 * Caps across all pages of one list: a server that paginates forever (fresh cursors, megabytes per
 * page) must not grow the doctor's memory without end. Real servers stay far below.
 */
export const LIST_CAPS = { pages: 50, items: 10_000, bytes: 16 * 1024 * 1024 } as const;

/** Runs the session and reports each step; never throws. */
export async function runMcpSession(ctx: ProbeContext): Promise<McpSessionObservation> {
  // Loaded here, not at the top: the other probes' first requests are already on the wire while
  // the SDK (and zod and ajv behind it) compiles, so the server works while the doctor loads.
  const [{ Client }, { StreamableHTTPClientTransport, StreamableHTTPError }, { McpError }] = await Promise.all([
    import('@modelcontextprotocol/sdk/client/index.js'),
    import('@modelcontextprotocol/sdk/client/streamableHttp.js'),
    import('@modelcontextprotocol/sdk/types.js'),
  ]);
  const describeFailure = (error: unknown, redact: (s: string) => string): SessionStep => {
    const step: SessionStep = { ok: false, error: redact(error instanceof Error ? error.message : String(error)) };
    if (error instanceof McpError) step.errorCode = error.code;
    if (error instanceof StreamableHTTPError && typeof error.code === 'number') step.httpStatus = error.code;
    return step;
  };
  const http = ctx.runtime.http;
  // A body past the cap ends the session at once: the SDK would otherwise wait out the timeout
  // for a response the broken stream can no longer carry.
  const tooLarge = new AbortController();
  // Bytes of every response body of the session: a list page's size is what it added.
  let received = 0;
  const requestOptions = { timeout: http.options.timeoutMs, signal: AbortSignal.any([ctx.signal, tooLarge.signal]) };
  const client = new Client({ name: 'mcp-doctor', version: TOOL_VERSION }, { capabilities: {} });
  // AgentCore's -32010 wrapper carries `id: null`, which the SDK rejects as a schema error: the
  // container's status is read off the answer here, per JSON-RPC method.
  const wrapped = new Map<string, number>();
  const transport = new StreamableHTTPClientTransport(new URL(ctx.target.url), {
    fetch: async (input, init) => {
      const response = await http.fetch(input, init, { onTooLarge: (error) => tooLarge.abort(error), onBytes: (bytes) => (received += bytes) });
      const method = methodOf(init?.body);
      if (method && response.ok && (response.headers.get('content-type') ?? '').startsWith('application/json')) {
        const status = await response
          .clone()
          .text()
          .then(wrappedStatusOf, () => undefined);
        if (status !== undefined) wrapped.set(method, status);
      }
      return response;
    },
    // A session the doctor opens must not reconnect on its own after the run.
    reconnectionOptions: { maxReconnectionDelay: 1_000, initialReconnectionDelay: 1_000, reconnectionDelayGrowFactor: 1, maxRetries: 0 },
  });
  // Transport-level errors (the standalone GET stream, for one) are observed elsewhere.
  transport.onerror = () => undefined;
  const notified = deferInitializedNotification(transport);
  const observation: McpSessionObservation = { connect: { ok: false }, capabilities: [], sessionIssued: false, requests: 0, rounds: 0 };
  const redact = (s: string): string => sanitizeText(http.options.redactor.redact(s));
  const end = async (): Promise<McpSessionObservation> => {
    await transport.close().catch(() => undefined);
    observation.requests = http.requestCount;
    return observation;
  };

  try {
    await client.connect(transport, requestOptions);
    observation.connect = { ok: true };
    observation.rounds = notified.deferred() ? 1 : 2;
  } catch (error) {
    observation.connect = withContainerStatus(describeFailure(error, redact), wrapped.get('initialize'));
    observation.rounds = 1;
    return end();
  }

  const version = client.getServerVersion();
  if (version) observation.serverInfo = { name: redact(String(version.name)), version: redact(String(version.version)) };
  if (transport.protocolVersion) observation.protocolVersion = transport.protocolVersion;
  const capabilities = client.getServerCapabilities() ?? {};
  observation.capabilities = Object.keys(capabilities).sort();
  observation.sessionIssued = transport.sessionId !== undefined;

  const step = async (fn: () => Promise<unknown>): Promise<SessionStep> => {
    try {
      await fn();
      return { ok: true };
    } catch (error) {
      return describeFailure(error, redact);
    }
  };
  const list = (kind: 'tools' | 'resources' | 'prompts'): Promise<ListStep> =>
    listAll(async (cursor) => {
      const params = cursor === undefined ? {} : { cursor };
      const before = received;
      const bytes = (): number => received - before;
      if (kind === 'tools') {
        const r = await client.listTools(params, requestOptions);
        return { names: r.tools.map((t) => t.name), nextCursor: r.nextCursor, bytes: bytes() };
      }
      if (kind === 'resources') {
        const r = await client.listResources(params, requestOptions);
        return { names: r.resources.map((x) => x.uri), nextCursor: r.nextCursor, bytes: bytes() };
      }
      const r = await client.listPrompts(params, requestOptions);
      return { names: r.prompts.map((p) => p.name), nextCursor: r.nextCursor, bytes: bytes() };
    }, (error) => describeFailure(error, redact));

  const [ping, tools, resources, prompts] = await Promise.all([
    step(() => client.ping(requestOptions)),
    list('tools'),
    'resources' in capabilities ? list('resources') : Promise.resolve(undefined),
    'prompts' in capabilities ? list('prompts') : Promise.resolve(undefined),
  ]);
  observation.rounds += Math.max(1, tools.pages, resources?.pages ?? 0, prompts?.pages ?? 0);

  // A refused notification fails the handshake, as it does when the SDK awaits it in `connect`:
  // what the requests beside it got is not what a client that waited would see, so none is kept.
  const refused = await notified.outcome();
  if (refused !== undefined) {
    observation.connect = withContainerStatus(describeFailure(refused, redact), wrapped.get('notifications/initialized'));
    return end();
  }
  observation.ping = withContainerStatus(ping, wrapped.get('ping'));
  observation.tools = withContainerStatus({ ...tools, names: tools.names.map(redact) }, wrapped.get('tools/list'));
  if (resources) observation.resources = withContainerStatus({ ...resources, names: resources.names.map(redact) }, wrapped.get('resources/list'));
  if (prompts) observation.prompts = withContainerStatus({ ...prompts, names: prompts.names.map(redact) }, wrapped.get('prompts/list'));

  const call = ctx.options.callTool;
  if (call) {
    try {
      const result = await client.callTool({ name: call.name, arguments: call.args }, undefined, requestOptions);
      const isError = result.isError === true;
      observation.toolCall = { name: call.name, ok: !isError, isError };
      if (isError) observation.toolCall.error = redact(textOf(result.content));
    } catch (error) {
      observation.toolCall = { name: call.name, ...withContainerStatus(describeFailure(error, redact), wrapped.get('tools/call')) };
    }
    observation.rounds += 1;
  }

  // A server's own session is ended, as a polite client does. Through AgentCore the id names the
  // platform's runtime session, not the container's: the container of a stateless server answers a
  // DELETE 404 ("Session termination failed" in its logs, agentcore-contract §2), so none is sent.
  if (transport.sessionId !== undefined && ctx.target.kind !== 'agentcore-runtime') {
    await transport.terminateSession().catch(() => undefined);
    observation.rounds += 1;
  }
  return end();
}

/**
 * Lets the SDK's `connect` return as soon as the initialized notification is sent when the server
 * issued no session id; `outcome` later gives the notification's error, if it had one.
 */
function deferInitializedNotification(transport: StreamableHTTPClientTransport): { deferred: () => boolean; outcome: () => Promise<unknown> } {
  let pending: Promise<unknown> | undefined;
  const send = transport.send.bind(transport);
  transport.send = (message, options) => {
    if (!Array.isArray(message) && 'method' in message && !('id' in message) && message.method === 'notifications/initialized' && transport.sessionId === undefined) {
      pending = send(message, options).then(
        () => undefined,
        (error: unknown) => error ?? new Error('the initialized notification failed'),
      );
      return Promise.resolve();
    }
    return send(message, options);
  };
  return { deferred: () => pending !== undefined, outcome: async () => pending };
}

/**
 * Follows `nextCursor` until the list ends, a cursor repeats or a cap is reached; a failed page
 * ends the list as `describe` words the error.
 */
export async function listAll(
  fetchPage: (cursor: string | undefined) => Promise<{ names: string[]; nextCursor?: string | undefined; bytes: number }>,
  describe: (error: unknown) => SessionStep,
  caps: { pages: number; items: number; bytes: number } = LIST_CAPS,
): Promise<ListStep> {
  const names: string[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  let pages = 0;
  let count = 0;
  let bytes = 0;
  try {
    do {
      const page = await fetchPage(cursor);
      pages++;
      count += page.names.length;
      bytes += page.bytes;
      // Only the first names are kept: the count says how many there were.
      for (const name of page.names) {
        if (names.length >= caps.items) break;
        names.push(name);
      }
      cursor = page.nextCursor;
      if (cursor !== undefined) {
        if (seen.has(cursor)) return { ok: true, count, pages, names, cursorLoop: true };
        seen.add(cursor);
        const cap = count >= caps.items ? `${caps.items} items` : bytes >= caps.bytes ? `${caps.bytes / (1024 * 1024)} MiB` : pages >= caps.pages ? `${caps.pages} pages` : undefined;
        if (cap) return { ok: true, count, pages, names, capped: { cap, items: count, bytes } };
      }
    } while (cursor !== undefined);
    return { ok: true, count, pages, names };
  } catch (error) {
    return { ...describe(error), count, pages: pages + 1, names };
  }
}

/** The JSON-RPC method of a request body (the first of a batch). */
function methodOf(body: unknown): string | undefined {
  if (typeof body !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    const first: unknown = Array.isArray(parsed) ? parsed[0] : parsed;
    const method = first !== null && typeof first === 'object' ? (first as { method?: unknown }).method : undefined;
    return typeof method === 'string' ? method : undefined;
  } catch {
    return undefined;
  }
}

/** N in a JSON-RPC -32010 `Received error (N) from runtime` answer. */
function wrappedStatusOf(text: string): number | undefined {
  try {
    const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    if (parsed?.error?.code !== -32010 || typeof parsed.error.message !== 'string') return undefined;
    const match = /Received error \((\d{3})\) from runtime/i.exec(parsed.error.message);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** A failed step answered with AgentCore's wrapper keeps the container's status. */
function withContainerStatus<T extends SessionStep>(step: T, status: number | undefined): T {
  return !step.ok && status !== undefined ? { ...step, containerStatus: status } : step;
}

/** The text parts of a tool result, joined. */
export function textOf(content: unknown): string {
  if (!Array.isArray(content)) return '';
  return content
    .map((c: { type?: unknown; text?: unknown }) => (c && c.type === 'text' && typeof c.text === 'string' ? c.text : ''))
    .join(' ')
    .trim();
}
