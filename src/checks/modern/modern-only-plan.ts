import type { ProbeId } from '../../model/observations.js';

/**
 * How the checks written for 2025 requests run on a modern-only server, whose legacy probes all
 * end in the same 400 -32022 and so tell nothing apart. A check either reads the modern twin of
 * each probe it needs (the same request as a 2026-07-28 one), or does not apply, with the reason.
 * Checks not listed run unchanged: their probes (GET, DELETE, network, AWS) are era-neutral.
 */
export type ModernOnlyRule = { substitute: Partial<Record<ProbeId, ProbeId>> } | { notApplicable: string };

const DISCOVER_FOR_INIT = { init: 'discover' } as const;

/** Rules by check id. */
export const MODERN_ONLY_PLAN: Readonly<Record<string, ModernOnlyRule>> = {
  'agentcore-front-door': { substitute: DISCOVER_FOR_INIT },
  'auth-prediction': { substitute: DISCOVER_FOR_INIT },
  'endpoint-speaks-mcp': { substitute: DISCOVER_FOR_INIT },
  'accept-negotiation': { notApplicable: 'the server is modern-only and 2026-07-28 requests ignore Accept' },
  'content-type': { substitute: { init: 'discover', 'content-type-plain': 'modern-content-type-plain' } },
  'host-header': { substitute: { init: 'discover', 'host-foreign': 'modern-host-foreign' } },
  'initialize': { notApplicable: 'the server is modern-only: 2026-07-28 has no initialize (protocol-era and discover-result judge server/discover)' },
  'protocol-version': { notApplicable: 'the server is modern-only: its versions come from server/discover, not initialize' },
  'stateless': { substitute: { init: 'discover', 'no-session': 'discover' } },
  'foreign-session-id': { notApplicable: 'the server is modern-only: modern-session-header judges an unknown Mcp-Session-Id' },
  'session-expiry': { notApplicable: 'the server is modern-only: 2026-07-28 has no sessions to expire' },
  'protocol-version-header': { notApplicable: 'the server is modern-only: unsupported-version judges an unknown version' },
  'trailing-slash': { substitute: { 'path-variant': 'modern-path-variant' } },
  'sse-stream': { substitute: DISCOVER_FOR_INIT },
  'mcp-session': { substitute: { 'mcp-session': 'modern-session' } },
  'tools-list': { substitute: { 'mcp-session': 'modern-session' } },
  'resources-list': { substitute: { 'mcp-session': 'modern-session' } },
  'prompts-list': { substitute: { 'mcp-session': 'modern-session' } },
  'tool-call': { substitute: { 'mcp-session': 'modern-session' } },
  'server-auth': { substitute: { 'server-auth': 'modern-server-auth' } },
  'host-origin-validation': { substitute: { init: 'discover', 'host-foreign': 'modern-host-foreign', 'origin-foreign': 'modern-origin-foreign' } },
  // The --origin probe is sent as a 2025 initialize only; a modern-only server refuses it like any other.
  'client-origin': { notApplicable: 'the server is modern-only and the --origin probe is a 2025 request' },
};
