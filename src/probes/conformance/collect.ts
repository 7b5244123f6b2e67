import type { HttpPort } from '../../model/runtime.js';
import { TOOL_VERSION } from '../../version.js';
import type {
  ConformanceObservations,
  ItemStep,
  LegacyConformanceObservation,
  ListedTool,
  ListObservation,
  ModernConformanceObservation,
} from '../../model/conformance.js';
import { validateResult } from './protocol-schemas.js';
import { LegacySession, ModernClient, MODERN_VERSION, type WireStep } from './wire.js';

/**
 * The conformance run's I/O: read-only requests on the server's own tools, resources and
 * prompts, only for what it declares. Nothing here judges; it records every step (with the
 * result's schema issues) for the requirements. `tools/call` happens only for `--call` names.
 */

/** What to run. */
export interface ConformanceCollectOptions {
  url: string;
  /** Which eras to run: `auto` runs 2025 always and 2026 when `server/discover` offers it. */
  eras: { legacy: boolean; modern: boolean };
  /** Tools to call (never by default), with their arguments. */
  calls: Array<{ name: string; args: Record<string, unknown> }>;
  /** The version offered in `initialize`. @default '2025-11-25' */
  offerVersion?: string;
  /** The target is on this machine: DNS-rebinding protection (Origin validation) applies. */
  loopback?: boolean;
  signal?: AbortSignal;
}

const CLIENT_INFO = { name: 'mcp-doctor-conformance', version: TOOL_VERSION };
/** Pages followed per list before calling the pagination endless. */
export const MAX_PAGES = 50;
/** Listed items read or fetched per kind (a server may list thousands). */
export const MAX_ITEM_REQUESTS = 20;
/** Items kept per list: enough for any real server, bounded for a hostile one (50 pages of 4 MB). */
export const MAX_LIST_ITEMS = 10_000;
/** A method no MCP revision defines. */
export const UNKNOWN_METHOD = 'mcp-doctor/no-such-method';

type Send = (method: string, params: Record<string, unknown> | undefined, id?: string | number) => Promise<WireStep>;

/** Runs the selected eras against `options.url`; never throws for server behaviour. */
export async function collectConformance(http: HttpPort, options: ConformanceCollectOptions): Promise<ConformanceObservations> {
  const observations: ConformanceObservations = { calls: options.calls.map((c) => c.name) };
  if (options.eras.legacy) observations.legacy = await collectLegacy(http, options);
  if (options.eras.modern) {
    // Unknown when the 2025 era was left out (`--era 2026`).
    const modernOnly = observations.legacy === undefined ? undefined : refusedAsModernOnly(observations.legacy.initialize);
    observations.modern = await collectModern(http, options, modernOnly);
  }
  return observations;
}

/** `initialize` refused with -32022 naming only 2026-07-28: a modern-only server (protocol-2026 §4). */
export function refusedAsModernOnly(step: WireStep): boolean {
  const reading = step.reading;
  if (reading?.kind !== 'error' || reading.code !== -32022) return false;
  const supported = (reading.data as { supported?: unknown } | undefined)?.supported;
  return Array.isArray(supported) && supported.length > 0 && supported.every((v) => typeof v === 'string' && v >= MODERN_VERSION);
}

function resultOf(step: WireStep | undefined): Record<string, unknown> | undefined {
  const reading = step?.reading;
  if (reading?.kind !== 'result' || !reading.result || typeof reading.result !== 'object') return undefined;
  return reading.result as Record<string, unknown>;
}

/** Sends a request and records its schema issues when it produced a result. */
function validated(send: Send, version: string): Send {
  return async (method, params, id) => {
    const step = await send(method, params, id);
    if (step.reading?.kind === 'result') step.schemaIssues = validateResult(method, version, step.reading.result);
    return step;
  };
}

async function collectLegacy(http: HttpPort, options: ConformanceCollectOptions): Promise<LegacyConformanceObservation> {
  const offered = options.offerVersion ?? '2025-11-25';
  const session = new LegacySession(http, options.url, options.signal);
  const initialize = await session.initialize(offered, CLIENT_INFO);
  const observation: LegacyConformanceObservation = { era: '2025', offeredVersion: offered, initialize, resourceReads: [], promptGets: [], promptsWithRequiredArguments: [], toolCalls: [], listedTools: [] };
  const result = resultOf(initialize);
  if (!result) return observation;
  const version = typeof result.protocolVersion === 'string' ? result.protocolVersion : offered;
  initialize.schemaIssues = validateResult('initialize', version, result);
  observation.negotiatedVersion = version;
  const capabilities = result.capabilities && typeof result.capabilities === 'object' ? (result.capabilities as Record<string, unknown>) : {};
  observation.capabilities = capabilities;
  observation.sessionIssued = session.sessionId !== undefined;
  try {
    observation.initialized = await session.notify('notifications/initialized');
    const send = validated((method, params, id) => session.request(method, params, id === undefined ? {} : { id }), version);
    observation.pingNumberId = await send('ping', undefined, 7);
    observation.pingStringId = await send('ping', undefined, '7');
    await collectFeatures(observation, capabilities, send, options);
    if ('logging' in capabilities) observation.logging = await send('logging/setLevel', { level: 'info' });
    observation.unknownMethod = await session.request(UNKNOWN_METHOD, {});
    const invalid = chooseInvalidParams(capabilities, observation.listedTools, observation.prompts?.items ?? []);
    if (invalid) observation.invalidParams = { description: invalid.description, step: await session.request(invalid.method, invalid.params) };
    const batchBody = JSON.stringify([
      { jsonrpc: '2.0', id: 'batch-1', method: 'ping' },
      { jsonrpc: '2.0', id: 'batch-2', method: 'ping' },
    ]);
    observation.batch = await session.raw('[ping, ping] (JSON-RPC batch)', 'ping', batchBody);
    observation.batchAnsweredIds = answeredBatchIds(observation.batch);
    if (options.loopback) observation.foreignOrigin = await initializeFromForeignOrigin(http, options, offered);
  } finally {
    await session.close().catch(() => undefined);
  }
  return observation;
}

/** Lists, reads, gets, completion and `--call` tool calls, for what `capabilities` declares. */
async function collectFeatures(
  observation: Pick<LegacyConformanceObservation, 'tools' | 'resources' | 'resourceTemplates' | 'prompts' | 'resourceReads' | 'promptGets' | 'promptsWithRequiredArguments' | 'completion' | 'completionTarget' | 'toolCalls' | 'listedTools'>,
  capabilities: Record<string, unknown>,
  send: Send,
  options: ConformanceCollectOptions,
): Promise<void> {
  if ('tools' in capabilities) {
    observation.tools = await listAll(send, 'tools/list', 'tools');
    observation.listedTools = observation.tools.items.map(toListedTool).filter((t): t is ListedTool => t !== undefined);
  }
  if ('resources' in capabilities) {
    observation.resources = await listAll(send, 'resources/list', 'resources');
    observation.resourceTemplates = await listAll(send, 'resources/templates/list', 'resourceTemplates');
    const uris = observation.resources.items.map((r) => (r as { uri?: unknown } | null)?.uri).filter((u): u is string => typeof u === 'string');
    for (const uri of uris.slice(0, MAX_ITEM_REQUESTS)) observation.resourceReads.push({ name: uri, step: await send('resources/read', { uri }) });
  }
  if ('prompts' in capabilities) {
    observation.prompts = await listAll(send, 'prompts/list', 'prompts');
    for (const prompt of observation.prompts.items.slice(0, MAX_ITEM_REQUESTS * 5)) {
      const name = (prompt as { name?: unknown } | null)?.name;
      if (typeof name !== 'string') continue;
      const args = (prompt as { arguments?: unknown }).arguments;
      const required = Array.isArray(args) && args.some((a) => (a as { required?: unknown } | null)?.required === true);
      if (required) observation.promptsWithRequiredArguments.push(name);
      else if (observation.promptGets.length < MAX_ITEM_REQUESTS) observation.promptGets.push({ name, step: await send('prompts/get', { name }) });
    }
  }
  if ('completions' in capabilities) {
    const target = chooseCompletionTarget(observation.prompts?.items ?? [], observation.resourceTemplates?.items ?? []);
    if (target) {
      observation.completionTarget = target.description;
      observation.completion = await send('completion/complete', { ref: target.ref, argument: { name: target.argument, value: '' } });
    }
  }
  for (const call of options.calls) {
    const step: ItemStep = { name: call.name, step: await send('tools/call', { name: call.name, arguments: call.args }) };
    observation.toolCalls.push(step);
  }
}

async function listAll(send: Send, method: string, key: string): Promise<ListObservation> {
  const observation: ListObservation = { pages: [], items: [] };
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const step = await send(method, cursor === undefined ? {} : { cursor });
    observation.pages.push(step);
    const result = resultOf(step);
    if (!result) return observation;
    const items = result[key];
    if (Array.isArray(items)) {
      const room = MAX_LIST_ITEMS - observation.items.length;
      observation.items.push(...items.slice(0, Math.max(0, room)));
      if (items.length > room) observation.itemsTruncated = true;
    }
    const next = result.nextCursor;
    if (typeof next !== 'string') return observation;
    if (seen.has(next)) {
      observation.cursorLoop = true;
      return observation;
    }
    seen.add(next);
    cursor = next;
  }
  observation.pageLimit = true;
  return observation;
}

function toListedTool(item: unknown): ListedTool | undefined {
  if (!item || typeof item !== 'object') return undefined;
  const tool = item as Record<string, unknown>;
  if (typeof tool.name !== 'string') return undefined;
  return { name: tool.name, inputSchema: tool.inputSchema, ...(tool.outputSchema !== undefined ? { outputSchema: tool.outputSchema } : {}) };
}

/**
 * A request with invalid params that touches nothing real, in the order the specification is
 * most explicit about: a prompt name the server does not list (prompts: "Invalid prompt name:
 * -32602"), a tool name it does not list (tools: unknown tools are protocol errors), a
 * `resources/read` without its required `uri`. No listed tool can run.
 */
function chooseInvalidParams(capabilities: Record<string, unknown>, tools: ListedTool[], prompts: unknown[]): { method: string; params: Record<string, unknown>; description: string } | undefined {
  if ('prompts' in capabilities) {
    const name = unlistedName('mcp-doctor-no-such-prompt', prompts.map((p) => (p as { name?: unknown } | null)?.name));
    return { method: 'prompts/get', params: { name }, description: `prompts/get of "${name}", a prompt the server does not list` };
  }
  if ('tools' in capabilities) {
    const name = unlistedName('mcp-doctor-no-such-tool', tools.map((t) => t.name));
    return { method: 'tools/call', params: { name, arguments: {} }, description: `tools/call of "${name}", a tool the server does not list` };
  }
  if ('resources' in capabilities) return { method: 'resources/read', params: {}, description: 'resources/read without the required "uri"' };
  return undefined;
}

function unlistedName(base: string, taken: unknown[]): string {
  let name = base;
  while (taken.includes(name)) name = `${name}-x`;
  return name;
}

function chooseCompletionTarget(prompts: unknown[], templates: unknown[]): { ref: Record<string, string>; argument: string; description: string } | undefined {
  for (const prompt of prompts) {
    const p = prompt as { name?: unknown; arguments?: unknown } | null;
    const first = Array.isArray(p?.arguments) ? (p.arguments[0] as { name?: unknown } | undefined) : undefined;
    if (typeof p?.name === 'string' && typeof first?.name === 'string') {
      return { ref: { type: 'ref/prompt', name: p.name }, argument: first.name, description: `ref/prompt "${p.name}", argument "${first.name}"` };
    }
  }
  for (const template of templates) {
    const t = template as { uriTemplate?: unknown } | null;
    const variable = typeof t?.uriTemplate === 'string' ? /\{[+#./;?&]?([A-Za-z0-9_]+)/.exec(t.uriTemplate)?.[1] : undefined;
    if (typeof t?.uriTemplate === 'string' && variable) {
      return { ref: { type: 'ref/resource', uri: t.uriTemplate }, argument: variable, description: `ref/resource "${t.uriTemplate}", argument "${variable}"` };
    }
  }
  return undefined;
}

/** The Origin a page on another site would send; `.invalid` never resolves. */
export const FOREIGN_ORIGIN = 'http://mcp-doctor-origin-check.invalid';

/**
 * A fresh `initialize` as a browser page on another site would send it: the right Host, a
 * foreign Origin. A session it opens anyway is ended at once.
 */
async function initializeFromForeignOrigin(http: HttpPort, options: ConformanceCollectOptions, version: string): Promise<WireStep> {
  const probe = new LegacySession(http, options.url, options.signal, { origin: FOREIGN_ORIGIN });
  const step = await probe.initialize(version, CLIENT_INFO);
  await probe.close().catch(() => undefined);
  return step;
}

/**
 * The batch ids the answer carries, read from the body text (JSON array or SSE events alike):
 * the ids are the doctor's own, so their quoted form cannot occur by accident.
 */
export function answeredBatchIds(step: WireStep): string[] {
  if (step.status === undefined || step.status < 200 || step.status >= 300) return [];
  return [...new Set([...step.bodyExcerpt.matchAll(/"id"\s*:\s*"(batch-[12])"/g)].map((m) => m[1] as string))].sort();
}

async function collectModern(http: HttpPort, options: ConformanceCollectOptions, modernOnly: boolean | undefined): Promise<ModernConformanceObservation> {
  const client = new ModernClient(http, options.url, CLIENT_INFO, options.signal);
  const discover = await client.request('server/discover');
  const observation: ModernConformanceObservation = { era: '2026', discover, supportsModern: false, resourceReads: [], promptGets: [], promptsWithRequiredArguments: [], toolCalls: [], listedTools: [] };
  if (modernOnly !== undefined) observation.modernOnly = modernOnly;
  const result = resultOf(discover);
  if (!result) return observation;
  discover.schemaIssues = validateResult('server/discover', MODERN_VERSION, result);
  const supported = Array.isArray(result.supportedVersions) ? result.supportedVersions : [];
  observation.supportsModern = supported.includes(MODERN_VERSION);
  if (!observation.supportsModern) return observation;
  const capabilities = result.capabilities && typeof result.capabilities === 'object' ? (result.capabilities as Record<string, unknown>) : {};
  observation.capabilities = capabilities;
  const send = validated((method, params, id) => client.request(method, params ?? {}, id === undefined ? {} : { id }), MODERN_VERSION);

  observation.stringId = await send('server/discover', undefined, 'mcp-doctor-7');
  observation.missingEnvelope = [
    await client.request('server/discover', {}, { omitMeta: true, label: 'server/discover without _meta' }),
    await client.request('server/discover', {}, { omitMetaKeys: ['io.modelcontextprotocol/protocolVersion'], label: 'server/discover with _meta but no protocolVersion' }),
    await client.request('server/discover', {}, { omitMetaKeys: ['io.modelcontextprotocol/clientCapabilities'], label: 'server/discover with _meta but no clientCapabilities' }),
  ];
  observation.unsupportedVersion = await client.request('server/discover', {}, { protocolVersion: '2099-01-01', label: 'server/discover for version 2099-01-01' });
  observation.headerMismatch = [await client.request('server/discover', {}, { headers: { 'mcp-method': 'tools/list' }, label: 'server/discover with Mcp-Method: tools/list' })];
  observation.removedMethods = [];
  for (const [method, params] of REMOVED_METHODS) observation.removedMethods.push(await client.request(method, params, { id: `removed-${method}` }));
  observation.unknownMethod = await client.request(UNKNOWN_METHOD, {}, { id: 'unknown-1' });
  await collectFeatures(observation, capabilities, send, options);
  const named = chooseNameMismatch(observation);
  if (named) observation.headerMismatch.push(await client.request(named.method, named.params, { headers: { 'mcp-name': 'mcp-doctor-other-name' }, label: `${named.method} of "${named.name}" with Mcp-Name: mcp-doctor-other-name` }));
  const invalid = chooseModernInvalidParams(capabilities, observation.listedTools, observation.prompts?.items ?? []);
  if (invalid) observation.invalidParams = { description: invalid.description, step: await client.request(invalid.method, invalid.params) };
  const batched = client.build('server/discover');
  observation.batch = await client.raw('[server/discover] (JSON-RPC batch)', 'server/discover', { method: 'POST', headers: batched.headers, body: JSON.stringify([batched.body]) });
  if (modernOnly) observation.get = await client.raw('(2026-07-28 GET)', 'GET', { method: 'GET', headers: { accept: 'text/event-stream', 'mcp-protocol-version': MODERN_VERSION } });
  return observation;
}

/** Methods 2026-07-28 removed, with params a 2025 server would accept. */
const REMOVED_METHODS: Array<[string, Record<string, unknown>]> = [
  ['initialize', { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: CLIENT_INFO }],
  ['ping', {}],
  ['logging/setLevel', { level: 'info' }],
  ['resources/subscribe', { uri: 'mcp-doctor://removed-method-check' }],
  ['resources/unsubscribe', { uri: 'mcp-doctor://removed-method-check' }],
];

/**
 * A read-only request whose `Mcp-Name` will disagree with its body: a listed prompt without
 * required arguments, else a listed resource. Never `tools/call`: a server that ignored the
 * header would run the tool.
 */
function chooseNameMismatch(o: ModernConformanceObservation): { method: string; params: Record<string, unknown>; name: string } | undefined {
  const prompt = o.promptGets[0]?.name;
  if (prompt !== undefined) return { method: 'prompts/get', params: { name: prompt }, name: prompt };
  const uri = o.resourceReads[0]?.name;
  if (uri !== undefined) return { method: 'resources/read', params: { uri }, name: uri };
  return undefined;
}

/**
 * Modern requests name their subject in headers, so a missing `uri` or `name` is a header error
 * (-32020) before it is a params error: only the unlisted-name cases apply.
 */
function chooseModernInvalidParams(capabilities: Record<string, unknown>, tools: ListedTool[], prompts: unknown[]): ReturnType<typeof chooseInvalidParams> {
  const choice = chooseInvalidParams(capabilities, tools, prompts);
  return choice?.method === 'resources/read' ? undefined : choice;
}

