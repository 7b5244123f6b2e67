import type { HttpExchange, ControlPlaneObservation, McpSessionObservation } from '../model/observations.js';
import type { AgentCoreRuntimeTarget } from '../model/contracts.js';
import type { RuntimeFacts, ServerFacts } from '../model/report.js';

type Settled<T> = { status: 'ok'; value: T } | { status: string } | undefined;

/** What the report says about the server, from the raw initialize and the SDK session. */
export function extractServerFacts(init: Settled<unknown>, session: Settled<unknown>): ServerFacts {
  const facts: ServerFacts = {};
  if (init && init.status === 'ok' && 'value' in init) {
    const exchange = init.value as HttpExchange;
    if (exchange.jsonrpc?.kind === 'result') {
      const result = (exchange.jsonrpc.result ?? {}) as { protocolVersion?: unknown; serverInfo?: { name?: unknown; version?: unknown }; capabilities?: unknown };
      if (typeof result.protocolVersion === 'string') facts.protocolVersion = result.protocolVersion;
      if (typeof result.serverInfo?.name === 'string') facts.name = result.serverInfo.name;
      if (typeof result.serverInfo?.version === 'string') facts.version = result.serverInfo.version;
      if (result.capabilities && typeof result.capabilities === 'object') facts.capabilities = Object.keys(result.capabilities).sort();
      facts.stateful = exchange.headers['mcp-session-id'] !== undefined;
    }
  }
  if (session && session.status === 'ok' && 'value' in session) {
    const s = session.value as McpSessionObservation;
    if (s.tools?.ok) facts.tools = s.tools.count;
    if (s.resources?.ok) facts.resources = s.resources.count;
    if (s.prompts?.ok) facts.prompts = s.prompts.count;
    if (s.connect.ok && facts.stateful === undefined) facts.stateful = s.sessionIssued;
  }
  return facts;
}

/** What the report says about an AgentCore runtime. */
export function extractRuntimeFacts(target: AgentCoreRuntimeTarget, requestAuth: RuntimeFacts['requestAuth'], controlPlane: Settled<unknown>): RuntimeFacts {
  const facts: RuntimeFacts = { arn: target.arn, qualifier: target.qualifier, requestAuth };
  if (controlPlane && controlPlane.status === 'ok' && 'value' in controlPlane) {
    const cp = controlPlane.value as ControlPlaneObservation;
    if (cp.runtime) {
      facts.status = cp.runtime.status;
      if (cp.runtime.serverProtocol) facts.serverProtocol = cp.runtime.serverProtocol;
      facts.authorizer = cp.runtime.authorizer.kind;
    }
    if (cp.endpoint) facts.endpointStatus = cp.endpoint.status;
  }
  return facts;
}
