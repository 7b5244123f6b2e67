import type { HttpExchange, ControlPlaneObservation, McpSessionObservation, ModernSessionObservation } from '../model/observations.js';
import type { AgentCoreRuntimeTarget } from '../model/contracts.js';
import type { RuntimeFacts, ServerFacts } from '../model/report.js';
import type { EraReading } from '../model/modern-protocol.js';

type Settled<T> = { status: 'ok'; value: T } | { status: string } | undefined;

/**
 * What the report says about the server, from the raw initialize, the SDK session and the era
 * (the legacy initialize beside server/discover). On a modern-only server the session is the v2
 * client's and name, version and capabilities come from server/discover.
 */
export function extractServerFacts(init: Settled<unknown>, session: Settled<unknown>, era?: EraReading, modernSession?: Settled<unknown>): ServerFacts {
  const facts: ServerFacts = {};
  if (modernSession && modernSession.status === 'ok' && 'value' in modernSession) {
    const v2 = modernSession.value as ModernSessionObservation;
    if (v2.connect.ok && v2.era) facts.v2Client = { era: v2.era, ...(v2.protocolVersion ? { protocolVersion: v2.protocolVersion } : {}) };
  }
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
  if (era && era.versions.length > 0) facts.protocolVersions = era.versions;
  if (era && era.era !== 'unknown') facts.era = era.era;
  if (era?.era === 'modern-only') {
    const { serverInfo, capabilities } = era.discover;
    if (serverInfo?.name !== undefined) facts.name = serverInfo.name;
    if (serverInfo?.version !== undefined) facts.version = serverInfo.version;
    if (capabilities) facts.capabilities = Object.keys(capabilities).sort();
    // 2026-07-28 is stateless by definition.
    facts.stateful = false;
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
