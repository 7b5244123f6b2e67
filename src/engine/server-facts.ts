import { judgeStatefulness } from '../checks/session/stateless.js';
import type { HttpExchange, ControlPlaneObservation, McpSessionObservation, ModernSessionObservation } from '../model/observations.js';
import type { AgentCoreRuntimeTarget, ResolvedTarget } from '../model/contracts.js';
import type { RuntimeFacts, ServerFacts } from '../model/report.js';
import type { EraReading } from '../model/modern-protocol.js';

type Settled<T> = { status: 'ok'; value: T } | { status: string } | undefined;

/**
 * What the report says about the server, from the raw initialize, the SDK session, the requests
 * without a session id (statefulness is judged exactly as the stateless check judges it) and the
 * era (the legacy initialize beside server/discover). On a modern-only server the session is the
 * v2 client's and name, version and capabilities come from server/discover.
 */
export function extractServerFacts(
  init: Settled<unknown>,
  session: Settled<unknown>,
  sessionProbes: { noSession?: Settled<unknown>; foreign?: Settled<unknown>; control?: Settled<unknown> },
  kind: ResolvedTarget['kind'],
  era?: EraReading,
  modernSession?: Settled<unknown>,
): ServerFacts {
  const facts: ServerFacts = {};
  const value = <T>(settled: Settled<unknown>): T | undefined => (settled && settled.status === 'ok' && 'value' in settled ? (settled.value as T) : undefined);
  if (era?.era !== 'modern-only') {
    const stateful = judgeStatefulness({ init: value<HttpExchange>(init), noSession: value<HttpExchange>(sessionProbes.noSession), foreign: value<HttpExchange>(sessionProbes.foreign), control: value<HttpExchange>(sessionProbes.control) }, kind);
    if (stateful !== undefined) facts.stateful = stateful;
  }
  const v2 = value<ModernSessionObservation>(modernSession);
  if (v2?.connect.ok && v2.era) facts.v2Client = { era: v2.era, ...(v2.protocolVersion ? { protocolVersion: v2.protocolVersion } : {}) };
  if (init && init.status === 'ok' && 'value' in init) {
    const exchange = init.value as HttpExchange;
    if (exchange.jsonrpc?.kind === 'result') {
      const result = (exchange.jsonrpc.result ?? {}) as { protocolVersion?: unknown; serverInfo?: { name?: unknown; version?: unknown }; capabilities?: unknown };
      if (typeof result.protocolVersion === 'string') facts.protocolVersion = result.protocolVersion;
      if (typeof result.serverInfo?.name === 'string') facts.name = result.serverInfo.name;
      if (typeof result.serverInfo?.version === 'string') facts.version = result.serverInfo.version;
      if (result.capabilities && typeof result.capabilities === 'object') facts.capabilities = Object.keys(result.capabilities).sort();
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
    // Through AgentCore every response carries an injected session id: the SDK's view says nothing.
    if (s.connect.ok && facts.stateful === undefined && kind === 'url') facts.stateful = s.sessionIssued;
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
