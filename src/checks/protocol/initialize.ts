import { defineCheck, type FindingSpec } from '../../model/contracts.js';
import { detailOf, evidenceOf, isRedirect, statusIn } from '../evidence.js';

const LIFECYCLE = { id: 'MCP 2025-11-25 Lifecycle: Initialization', url: 'https://modelcontextprotocol.io/specification/2025-11-25/basic/lifecycle#initialization' };

/** The compliant initialize returns an InitializeResult as JSON or SSE (matrix P1). */
export const initialize = defineCheck({
  id: 'initialize',
  title: 'initialize returns a valid InitializeResult',
  area: 'protocol',
  needs: ['init'],
  dependsOn: ['endpoint-speaks-mcp', 'accept-negotiation', 'content-type', 'host-header'],
  codes: ['INITIALIZE_FAILED', 'INVALID_JSONRPC_RESPONSE'],
  spec: LIFECYCLE,
  appliesTo: ({ target }, { init }) =>
    isRedirect(init) ? `the endpoint redirects to ${init.headers.location ?? 'another URL'}; run the doctor against that URL (${target.url} was not diagnosed further)` : true,
  run({ init }): FindingSpec | undefined {
    const args = { status: init.status, probe: init.label, detail: detailOf(init), contentType: init.contentType };
    const evidence = evidenceOf(init);
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
