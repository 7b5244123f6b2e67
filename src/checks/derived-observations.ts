import { catalog } from '../catalog/catalog.js';
import { defineDerivation, type DerivationDefinition, type FindingSpec } from '../model/contracts.js';
import type { HttpExchange } from '../model/observations.js';
import { MODERN_PROTOCOL_VERSION, readDiscover } from '../model/modern-protocol.js';
import { negotiatedVersion } from '../model/protocol.js';
import { truncate } from '../security/sanitize-text.js';
import { agentcoreFrontDoor } from './agentcore/front-door.js';
import { describeRedirect, detailOf, isRedirect, statusIn } from './evidence.js';
import { KNOWN_PROTOCOL_VERSIONS } from './protocol/protocol-version.js';
import { rejectsContentType } from './transport/content-type.js';
import { rejectsHost } from './transport/host-header.js';
import { endpointSpeaksMcp } from './transport/endpoint-speaks-mcp.js';

/**
 * Facts derived from observations without I/O, which probes and checks name in `needs` (see
 * docs/engine.md). Each says what was observed, never what another check concluded: when one is
 * missing, the reason quotes the answer that rules it out, so a skipped check can say exactly why
 * it could not judge. A check elsewhere may report the same answer as a finding; that finding
 * stands on its own evidence, and nothing else waits for it.
 */

/** One line about an exchange: `answered HTTP 421 ("Invalid Host header")`, `got no response (ECONNREFUSED)`. */
export function describeAnswer(exchange: HttpExchange): string {
  if (exchange.outcome === 'timeout') return `got no answer within ${exchange.durationMs} ms`;
  if (exchange.error && exchange.status === undefined) return `got no HTTP response (${exchange.error.code})`;
  if (exchange.error) return `answered HTTP ${exchange.status}, then the response broke off (${exchange.error.code})`;
  const detail = detailOf(exchange);
  const wrapped = exchange.containerStatus === undefined ? '' : ` (the container's HTTP ${exchange.containerStatus}, wrapped by AgentCore)`;
  return `answered HTTP ${exchange.status ?? '?'}${wrapped}${detail ? ` ("${truncate(detail, 120)}")` : ''}`;
}

/** `The endpoint …` → `the endpoint …`, keeping acronyms (`HTML …`) as they are. */
function lowerFirst(text: string): string {
  // An acronym (`TLS`, `HTTP`) keeps its capitals; a word or a one-letter word ("A proxy") does not.
  return /^[A-Z](?:[a-z]|\s)/.test(text) ? `${text.charAt(0).toLowerCase()}${text.slice(1)}` : text;
}

/** The reason an exchange that a check would report is not the answer other checks need. */
function reportedAs(finding: FindingSpec | FindingSpec[] | undefined): FindingSpec | undefined {
  return Array.isArray(finding) ? finding[0] : finding;
}

const answer = defineDerivation({
  id: 'answer',
  title: 'an HTTP response to the compliant initialize',
  needs: ['init'],
  derive: ({ init }) => {
    const exchange = init as HttpExchange;
    return exchange.outcome === 'response' && exchange.status !== undefined && !exchange.error ? { value: exchange } : { missing: `the compliant initialize ${describeAnswer(exchange)}` };
  },
});

const containerAnswer = defineDerivation({
  id: 'container-answer',
  title: "the server's own answer to the compliant initialize",
  // Whether AgentCore answered does not depend on the token or the control plane: they only pick
  // the code that explains it, so this waits for neither.
  needs: ['answer'],
  derive: (inputs, ctx) => {
    const exchange = inputs.answer as HttpExchange;
    if (ctx.target.kind !== 'agentcore-runtime' || exchange.containerStatus !== undefined) return { value: exchange };
    const frontDoor = reportedAs(agentcoreFrontDoor.run({ init: exchange, answer: exchange }, ctx));
    if (!frontDoor) return { value: exchange };
    return { missing: `AgentCore answered the compliant initialize itself and did not pass it to the container (${frontDoor.code}: ${describeAnswer(exchange)})` };
  },
});

const mcpAnswer = defineDerivation({
  id: 'mcp-answer',
  title: 'an MCP answer to the compliant initialize',
  // Not the GET probe: a legacy SSE endpoint only changes which code a 404 or 405 gets, not that it is no MCP answer.
  needs: ['container-answer'],
  derive: (inputs, ctx) => {
    const exchange = inputs['container-answer'] as HttpExchange;
    const notMcp = reportedAs(endpointSpeaksMcp.run({ init: exchange, 'container-answer': exchange }, ctx));
    if (notMcp) return { missing: `the compliant initialize was not answered as MCP: ${lowerFirst(catalog[notMcp.code].title)} (${describeAnswer(exchange)})` };
    return { value: exchange };
  },
});

const headersAccepted = defineDerivation({
  id: 'headers-accepted',
  title: "the server's judgement of the compliant initialize itself, past its headers",
  needs: ['mcp-answer'],
  derive: (inputs) => {
    const exchange = inputs['mcp-answer'] as HttpExchange;
    const refused = rejectsHost(exchange) ? 'Host' : statusIn(exchange, 406) ? 'Accept' : rejectsContentType(exchange) ? 'Content-Type' : undefined;
    return refused ? { missing: `the server refused the compliant initialize for its ${refused} header (${describeAnswer(exchange)})` } : { value: exchange };
  },
});

const initialized = defineDerivation({
  id: 'initialized',
  title: "the compliant initialize's negotiated version and session",
  needs: ['init'],
  derive: ({ init }) => {
    const exchange = init as HttpExchange;
    // On a modern-only server the engine hands server/discover in place of initialize: a served
    // discover that lists 2026-07-28 is that era's handshake.
    const discovered = readDiscover(exchange);
    const protocolVersion = negotiatedVersion(exchange) ?? (discovered.served && discovered.supportedVersions?.includes(MODERN_PROTOCOL_VERSION) ? MODERN_PROTOCOL_VERSION : undefined);
    if (protocolVersion === undefined) {
      const why = exchange.jsonrpc?.kind === 'other' && exchange.status !== undefined && exchange.status < 300 ? `answered HTTP ${exchange.status} without an InitializeResult (${exchange.jsonrpc.reason})` : describeAnswer(exchange);
      return { missing: `the compliant initialize did not succeed: it ${why}` };
    }
    const sessionId = exchange.headers['mcp-session-id'];
    return { value: { protocolVersion, ...(sessionId === undefined ? {} : { sessionId }) } };
  },
});

const clientControl = defineDerivation({
  id: 'client-control',
  title: "a raw initialize that leaves the SDK client's outcome open",
  needs: ['init'],
  uses: ['initialized'],
  derive: ({ init, initialized: session }) => {
    const exchange = init as HttpExchange;
    if (isRedirect(exchange)) {
      // Clients follow a redirect within the origin on their own terms: only their session shows
      // where one leads (a loop, a working new path). One elsewhere, they refuse.
      const { crossOrigin, downgrade } = describeRedirect(exchange);
      return crossOrigin || downgrade ? { missing: `the compliant initialize redirected ${downgrade ? 'to plain HTTP' : 'to another origin'}, which clients do not follow: it ${describeAnswer(exchange)}` } : { value: exchange };
    }
    if (!session) return { missing: `the compliant initialize did not succeed, which already explains a failing client: it ${describeAnswer(exchange)}` };
    if (![...KNOWN_PROTOCOL_VERSIONS, MODERN_PROTOCOL_VERSION].includes(session.protocolVersion)) return { missing: `the compliant initialize negotiated ${session.protocolVersion}, which clients do not know` };
    return { value: exchange };
  },
});

const runtime = defineDerivation({
  id: 'runtime',
  title: "the control plane's description of the runtime",
  needs: ['control-plane'],
  derive: (inputs) => {
    const cp = inputs['control-plane'];
    if (cp?.runtime) return { value: cp.runtime };
    const error = cp?.runtimeError;
    return { missing: error ? `GetAgentRuntime failed (${error.kind}, ${error.name}: ${truncate(error.message, 160)}; it needs ${error.permission})` : 'GetAgentRuntime returned no runtime' };
  },
});

const session = defineDerivation({
  id: 'session',
  title: 'a connected SDK client session',
  needs: ['mcp-session'],
  derive: (inputs) => {
    const observed = inputs['mcp-session'];
    if (observed?.connect.ok) return { value: observed };
    return { missing: `the official SDK client could not connect${observed?.connect.error ? `: ${truncate(observed.connect.error, 160)}` : ''}` };
  },
});

/** Every derived observation. */
export const derivations: readonly DerivationDefinition[] = [answer, containerAnswer, mcpAnswer, headersAccepted, initialized, clientControl, runtime, session] as readonly DerivationDefinition[];
