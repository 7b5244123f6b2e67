import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import type { ProbeContext } from '../model/contracts.js';
import { sanitizeText } from '../security/sanitize-text.js';
import { TOOL_VERSION } from '../version.js';
import type { ListStep, McpSessionObservation, SessionStep } from '../model/observations.js';

/**
 * A full session through the official TypeScript SDK client, as real MCP clients run it:
 * initialize (+ initialized notification), then ping and the list calls concurrently, following
 * pagination. A tool is called only when the user named one.
 */

/**
 * Caps across all pages of one list: a server that paginates forever (fresh cursors, megabytes per
 * page) must not grow the doctor's memory without end. Real servers stay far below.
 */
export const LIST_CAPS = { pages: 50, items: 10_000, bytes: 16 * 1024 * 1024 } as const;

/** Runs the session and reports each step; never throws. */
export async function runMcpSession(ctx: ProbeContext): Promise<McpSessionObservation> {
  const http = ctx.runtime.http;
  // A body past the cap ends the session at once: the SDK would otherwise wait out the timeout
  // for a response the broken stream can no longer carry.
  const tooLarge = new AbortController();
  // Bytes of every response body of the session: a list page's size is what it added.
  let received = 0;
  const requestOptions = { timeout: http.options.timeoutMs, signal: AbortSignal.any([ctx.signal, tooLarge.signal]) };
  const client = new Client({ name: 'mcp-doctor', version: TOOL_VERSION }, { capabilities: {} });
  const transport = new StreamableHTTPClientTransport(new URL(ctx.target.url), {
    fetch: (input, init) => http.fetch(input, init, { onTooLarge: (error) => tooLarge.abort(error), onBytes: (bytes) => (received += bytes) }),
    // A session the doctor opens must not reconnect on its own after the run.
    reconnectionOptions: { maxReconnectionDelay: 1_000, initialReconnectionDelay: 1_000, reconnectionDelayGrowFactor: 1, maxRetries: 0 },
  });
  // Transport-level errors (the standalone GET stream, for one) are observed elsewhere.
  transport.onerror = () => undefined;
  const observation: McpSessionObservation = { connect: { ok: false }, capabilities: [], sessionIssued: false, requests: 0, rounds: 0 };
  const redact = (s: string): string => sanitizeText(http.options.redactor.redact(s));

  try {
    await client.connect(transport, requestOptions);
    observation.connect = { ok: true };
    observation.rounds = 2;
  } catch (error) {
    observation.connect = describeFailure(error, redact);
    observation.rounds = 1;
    observation.requests = http.requestCount;
    await transport.close().catch(() => undefined);
    return observation;
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
    }, redact);

  const [ping, tools, resources, prompts] = await Promise.all([
    step(() => client.ping(requestOptions)),
    list('tools'),
    'resources' in capabilities ? list('resources') : Promise.resolve(undefined),
    'prompts' in capabilities ? list('prompts') : Promise.resolve(undefined),
  ]);
  observation.ping = ping;
  observation.tools = { ...tools, names: tools.names.map(redact) };
  if (resources) observation.resources = { ...resources, names: resources.names.map(redact) };
  if (prompts) observation.prompts = { ...prompts, names: prompts.names.map(redact) };
  observation.rounds += Math.max(1, tools.pages, resources?.pages ?? 0, prompts?.pages ?? 0);

  const call = ctx.options.callTool;
  if (call) {
    try {
      const result = await client.callTool({ name: call.name, arguments: call.args }, undefined, requestOptions);
      const isError = result.isError === true;
      observation.toolCall = { name: call.name, ok: !isError, isError };
      if (isError) observation.toolCall.error = redact(textOf(result.content));
    } catch (error) {
      observation.toolCall = { name: call.name, ...describeFailure(error, redact) };
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
  await transport.close().catch(() => undefined);
  observation.requests = http.requestCount;
  return observation;
}

/** Follows `nextCursor` until the list ends, a cursor repeats or a cap is reached. */
export async function listAll(
  fetchPage: (cursor: string | undefined) => Promise<{ names: string[]; nextCursor?: string | undefined; bytes: number }>,
  redact: (s: string) => string,
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
    return { ...describeFailure(error, redact), count, pages: pages + 1, names };
  }
}

function describeFailure(error: unknown, redact: (s: string) => string): SessionStep {
  const step: SessionStep = { ok: false, error: redact(error instanceof Error ? error.message : String(error)) };
  if (error instanceof McpError) step.errorCode = error.code;
  if (error instanceof StreamableHTTPError && typeof error.code === 'number') step.httpStatus = error.code;
  return step;
}

/** The text parts of a tool result, joined. */
export function textOf(content: unknown): string {
  if (!Array.isArray(content)) return '';
  return content
    .map((c: { type?: unknown; text?: unknown }) => (c && c.type === 'text' && typeof c.text === 'string' ? c.text : ''))
    .join(' ')
    .trim();
}
