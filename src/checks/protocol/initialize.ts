import { defineCheck, type FindingSpec } from '../../model/contracts.js';
import { unsupportedVersionData } from '../../model/modern-protocol.js';
import { detailOf, evidenceOf, isRedirect, statusIn } from '../evidence.js';
import { KNOWN_PROTOCOL_VERSIONS } from './protocol-version.js';

const LIFECYCLE = { id: 'MCP 2025-11-25 Lifecycle: Initialization', url: 'https://modelcontextprotocol.io/specification/2025-11-25/basic/lifecycle#initialization' };

/** The compliant initialize returns an InitializeResult as JSON or SSE (matrix P1). */
export const initialize = defineCheck({
  id: 'initialize',
  title: 'initialize returns a valid InitializeResult',
  area: 'protocol',
  needs: ['init', 'headers-accepted'],
  codes: ['INITIALIZE_FAILED', 'INVALID_JSONRPC_RESPONSE', 'VERSION_NEGOTIATION_REFUSED'],
  spec: LIFECYCLE,
  appliesTo: ({ target }, { init }) =>
    isRedirect(init) ? `the endpoint redirects to ${init.headers.location ?? 'another URL'}; run the doctor against that URL (${target.url} was not diagnosed further)` : true,
  run({ init }): FindingSpec | undefined {
    const args = { status: init.status, probe: init.label, detail: detailOf(init), contentType: init.contentType };
    const evidence = evidenceOf(init);
    // A -32022 naming a version the doctor speaks is a negotiation the server refused, not a crash.
    const supported = unsupportedVersionData(init)?.filter((v) => (KNOWN_PROTOCOL_VERSIONS as readonly string[]).includes(v));
    if (supported?.length) return { code: 'VERSION_NEGOTIATION_REFUSED', args: { ...args, version: supported.join(', ') }, evidence };
    if (!statusIn(init, 200, 299)) return { code: 'INITIALIZE_FAILED', args, evidence };
    const reading = init.jsonrpc;
    if (reading?.kind === 'error') return { code: 'INITIALIZE_FAILED', args: { ...args, detail: [`JSON-RPC`, reading.code, reading.message].filter((part) => part !== undefined && part !== '').join(' ') }, evidence };
    if (init.contentType !== 'application/json' && init.contentType !== 'text/event-stream') {
      return { code: 'INVALID_JSONRPC_RESPONSE', args: { ...args, detail: `Content-Type must be application/json or text/event-stream, got ${init.contentType ?? 'none'}` }, evidence };
    }
    if (!reading || reading.kind === 'other') {
      return { code: 'INVALID_JSONRPC_RESPONSE', args: { ...args, detail: reading?.reason ?? 'no body' }, evidence };
    }
    if (reading.id !== 1) return { code: 'INVALID_JSONRPC_RESPONSE', args: { ...args, detail: `response id ${JSON.stringify(reading.id)} does not match request id 1` }, evidence };
    const result = reading.result as { protocolVersion?: unknown; capabilities?: unknown; serverInfo?: unknown } | null;
    if (!result || typeof result.protocolVersion !== 'string' || typeof result.capabilities !== 'object' || typeof result.serverInfo !== 'object') {
      return { code: 'INVALID_JSONRPC_RESPONSE', args: { ...args, detail: 'the result lacks protocolVersion, capabilities or serverInfo' }, evidence };
    }
    return undefined;
  },
});
