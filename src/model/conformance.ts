import type { HttpExchange, JsonRpcReading } from './observations.js';

/**
 * What a conformance run saw, era by era: plain, redacted records of every request the doctor
 * wrote and every answer. Requirements are pure functions over these.
 */

/** One request or notification and what came back, as a requirement reads it. */
export interface WireStep {
  /** What was sent, for evidence: `tools/list (cursor "abc")`. */
  label: string;
  method: string;
  /** The id sent; absent for notifications and raw bodies. */
  requestId?: string | number;
  outcome: HttpExchange['outcome'];
  status?: number;
  contentType?: string;
  /** Kept response headers (session id, protocol version, allow, …). */
  headers: Record<string, string>;
  reading?: JsonRpcReading;
  /** The body as read, redacted, sanitized, at most 2,000 characters. */
  bodyExcerpt: string;
  /** A network failure or deadline, in one line. */
  error?: string;
  /** Where the result breaks the protocol schema of the era's version (set by the collector). */
  schemaIssues?: string[];
  /**
   * The container's own HTTP status when AgentCore wrapped its non-2xx answer as HTTP 200 +
   * JSON-RPC -32010 `Received error (<status>) from runtime` (the container's body is lost).
   */
  containerStatus?: number;
  /** Times the request was repeated after a throttling answer (HTTP 429, JSON-RPC -32003). */
  retries?: number;
}

/** A list endpoint followed through its pages. */
export interface ListObservation {
  /** One step per page, in order; each page's request sent the previous page's `nextCursor` verbatim. */
  pages: WireStep[];
  /** Every item of every page that parsed. */
  items: unknown[];
  /** The server handed back a cursor it had already given (pagination stopped there). */
  cursorLoop?: boolean;
  /** Pagination stopped at the page limit with a cursor still pending. */
  pageLimit?: boolean;
  /** More items were listed than the run keeps (the first ones are kept). */
  itemsTruncated?: boolean;
}

/** A tool as listed, with the two schemas the requirements compile. */
export interface ListedTool {
  name: string;
  inputSchema: unknown;
  outputSchema?: unknown;
}

/** A named request made for one listed item (a resource read, a prompt get, a tool call). */
export interface ItemStep {
  /** The resource URI, prompt or tool name. */
  name: string;
  step: WireStep;
}

/** The request sent with invalid params, and why it was chosen. */
export interface InvalidParamsProbe {
  /** What was wrong with it, e.g. `resources/read without "uri"`. */
  description: string;
  step: WireStep;
}

/** A 2025-era (`initialize` + session) run. */
export interface LegacyConformanceObservation {
  era: '2025';
  /** The version offered in `initialize`. */
  offeredVersion: string;
  initialize: WireStep;
  /** The version the server answered with, when it answered. */
  negotiatedVersion?: string;
  /** Top-level capability names the server declared, and their values. */
  capabilities?: Record<string, unknown>;
  /** The server issued an `Mcp-Session-Id`. */
  sessionIssued?: boolean;
  initialized?: WireStep;
  /** `ping` with a number id and with a string id (which must come back as a string). */
  pingNumberId?: WireStep;
  pingStringId?: WireStep;
  unknownMethod?: WireStep;
  invalidParams?: InvalidParamsProbe;
  batch?: WireStep;
  /** Which of the batch's ids (`batch-1`, `batch-2`) the answer carried. */
  batchAnsweredIds?: string[];
  /** `initialize` with a foreign `Origin`, sent only to loopback targets. */
  foreignOrigin?: WireStep;
  tools?: ListObservation;
  resources?: ListObservation;
  resourceTemplates?: ListObservation;
  prompts?: ListObservation;
  resourceReads: ItemStep[];
  promptGets: ItemStep[];
  /** Listed prompts left alone because they have required arguments. */
  promptsWithRequiredArguments: string[];
  completion?: WireStep;
  /** What the completion request referred to, e.g. `ref/prompt greet, argument name`. */
  completionTarget?: string;
  logging?: WireStep;
  /** `--call` tools: the requests and what came back. */
  toolCalls: ItemStep[];
  /** Listed tools with their schemas. */
  listedTools: ListedTool[];
}

/** A 2026-07-28 (stateless, per-request) run. */
export interface ModernConformanceObservation {
  era: '2026';
  discover: WireStep;
  /** The server named 2026-07-28 among `supportedVersions`. */
  supportsModern: boolean;
  capabilities?: Record<string, unknown>;
  /** The 2025 handshake was refused (a modern-only server): then GET must get 405. Unknown when the 2025 era was not run. */
  modernOnly?: boolean;
  /** Requests with the 2026-07-28 header and a broken envelope: no `_meta`, `_meta` without the version, without client capabilities. */
  missingEnvelope?: WireStep[];
  unsupportedVersion?: WireStep;
  /** Requests whose `Mcp-Method` (or `Mcp-Name`) header disagrees with the body. */
  headerMismatch?: WireStep[];
  /** Methods 2026-07-28 removed, sent with modern `_meta`: initialize, ping, logging/setLevel, resources/subscribe, resources/unsubscribe. */
  removedMethods?: WireStep[];
  unknownMethod?: WireStep;
  stringId?: WireStep;
  invalidParams?: InvalidParamsProbe;
  batch?: WireStep;
  get?: WireStep;
  tools?: ListObservation;
  resources?: ListObservation;
  resourceTemplates?: ListObservation;
  prompts?: ListObservation;
  resourceReads: ItemStep[];
  promptGets: ItemStep[];
  promptsWithRequiredArguments: string[];
  completion?: WireStep;
  completionTarget?: string;
  toolCalls: ItemStep[];
  listedTools: ListedTool[];
}

/** Both eras, each absent when it was not run. */
export interface ConformanceObservations {
  legacy?: LegacyConformanceObservation;
  modern?: ModernConformanceObservation;
  /** `--call` tool names, in order. */
  calls: string[];
}
