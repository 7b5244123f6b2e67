import type { ProbeContext } from '../model/contracts.js';
import { sanitizeText } from '../security/sanitize-text.js';
import { captureConsole } from './sdk-console.js';
import { TOOL_VERSION } from '../version.js';
import { listAll, textOf } from './mcp-session.js';
import type { ListStep, ModernSessionObservation, SessionStep } from '../model/observations.js';

/**
 * A session through the official v2 TypeScript client (`@modelcontextprotocol/client`), with
 * `versionNegotiation: { mode: 'auto' }` set explicitly because its default (`legacy`) may change:
 * it probes `server/discover` first and speaks 2026-07-28 when the server offers it, else falls
 * back to `initialize` (protocol-2026-07-28 §5). The package is imported on first use, so cold
 * start and `explain` never load it.
 */

const MAX_WARNINGS = 20;

/** Runs the session and reports each step; never throws. */
export async function runModernSession(ctx: ProbeContext): Promise<ModernSessionObservation> {
  const warnings: string[] = [];
  const redactLine = (s: string): string => sanitizeText(ctx.runtime.http.options.redactor.redact(s), 500);
  const release = captureConsole((line) => {
    if (warnings.length < MAX_WARNINGS) warnings.push(redactLine(line));
  });
  try {
    const observation = await runSession(ctx);
    if (warnings.length > 0) observation.clientWarnings = warnings;
    return observation;
  } finally {
    release();
  }
}

async function runSession(ctx: ProbeContext): Promise<ModernSessionObservation> {
  const { Client, StreamableHTTPClientTransport, ProtocolError, SdkHttpError } = await import('@modelcontextprotocol/client');
  const http = ctx.runtime.http;
  const redact = (s: string): string => sanitizeText(http.options.redactor.redact(s));
  const describe = (error: unknown): SessionStep => {
    const step: SessionStep = { ok: false, error: redact(error instanceof Error ? error.message : String(error)) };
    if (error instanceof ProtocolError) step.errorCode = error.code;
    if (error instanceof SdkHttpError) step.httpStatus = error.status;
    return step;
  };
  const tooLarge = new AbortController();
  const requestOptions = { timeout: http.options.timeoutMs, signal: AbortSignal.any([ctx.signal, tooLarge.signal]) };
  const client = new Client({ name: 'mcp-doctor', version: TOOL_VERSION }, { capabilities: {}, versionNegotiation: { mode: 'auto' } });
  const transport = new StreamableHTTPClientTransport(new URL(ctx.target.url), {
    fetch: (input, init) => http.fetch(input, init, { onTooLarge: (error) => tooLarge.abort(error) }),
    reconnectionOptions: { maxReconnectionDelay: 1_000, initialReconnectionDelay: 1_000, reconnectionDelayGrowFactor: 1, maxRetries: 0 },
  });
  transport.onerror = () => undefined;
  const observation: ModernSessionObservation = { connect: { ok: false }, capabilities: [], sessionIssued: false, requests: 0, rounds: 0 };

  try {
    await client.connect(transport, requestOptions);
    observation.connect = { ok: true };
    observation.rounds = 2;
  } catch (error) {
    observation.connect = describe(error);
    observation.rounds = 1;
    observation.requests = http.requestCount;
    await transport.close().catch(() => undefined);
    return observation;
  }

  const era = client.getProtocolEra();
  if (era) observation.era = era;
  const discovered = client.getDiscoverResult();
  if (discovered) {
    observation.discover = {
      supportedVersions: discovered.supportedVersions.map(redact),
      capabilities: Object.keys(discovered.capabilities ?? {}).sort(),
    };
  }
  const version = client.getServerVersion();
  if (version) observation.serverInfo = { name: redact(String(version.name)), version: redact(String(version.version)) };
  const negotiated = client.getNegotiatedProtocolVersion();
  if (negotiated) observation.protocolVersion = negotiated;
  const capabilities = client.getServerCapabilities() ?? {};
  observation.capabilities = Object.keys(capabilities).sort();
  observation.sessionIssued = transport.sessionId !== undefined;

  // The v2 client parses bodies itself: pages and items are capped, bytes by the HTTP client's cap.
  const list = (kind: 'tools' | 'resources' | 'prompts'): Promise<ListStep> =>
    listAll(async (cursor) => {
      const params = cursor === undefined ? {} : { cursor };
      if (kind === 'tools') {
        const r = await client.listTools(params, requestOptions);
        return { names: r.tools.map((t) => t.name), nextCursor: r.nextCursor, bytes: 0 };
      }
      if (kind === 'resources') {
        const r = await client.listResources(params, requestOptions);
        return { names: r.resources.map((x) => x.uri), nextCursor: r.nextCursor, bytes: 0 };
      }
      const r = await client.listPrompts(params, requestOptions);
      return { names: r.prompts.map((p) => p.name), nextCursor: r.nextCursor, bytes: 0 };
    }, describe);
  // `ping` does not exist in 2026-07-28; it is only part of a legacy fallback session.
  const [ping, tools, resources, prompts] = await Promise.all([
    era === 'modern' ? Promise.resolve(undefined) : client.ping(requestOptions).then((): SessionStep => ({ ok: true }), describe),
    'tools' in capabilities ? list('tools') : Promise.resolve(undefined),
    'resources' in capabilities ? list('resources') : Promise.resolve(undefined),
    'prompts' in capabilities ? list('prompts') : Promise.resolve(undefined),
  ]);
  if (ping) observation.ping = ping;
  if (tools) observation.tools = { ...tools, names: tools.names.map(redact) };
  if (resources) observation.resources = { ...resources, names: resources.names.map(redact) };
  if (prompts) observation.prompts = { ...prompts, names: prompts.names.map(redact) };
  observation.rounds += Math.max(1, tools?.pages ?? 0, resources?.pages ?? 0, prompts?.pages ?? 0);

  const call = ctx.options.callTool;
  if (call) {
    try {
      const result = await client.callTool({ name: call.name, arguments: call.args }, requestOptions);
      const isError = result.isError === true;
      observation.toolCall = { name: call.name, ok: !isError, isError };
      if (isError) observation.toolCall.error = redact(textOf(result.content));
    } catch (error) {
      observation.toolCall = { name: call.name, ...describe(error) };
    }
    observation.rounds += 1;
  }
  await transport.close().catch(() => undefined);
  observation.requests = http.requestCount;
  return observation;
}
