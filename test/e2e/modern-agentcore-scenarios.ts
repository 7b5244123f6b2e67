import { createModernApp } from '../../src/sim/containers/modern-app.js';
import type { SimKnobs } from '../../src/sim/types.js';
import type { AgentCoreScenario } from './agentcore-scenarios.js';

/**
 * v2 SDK containers behind the simulated AgentCore, under every setting of the front door's
 * UNCONFIRMED 2026-07-28 behaviour (protocol-2026-07-28 §7). Whatever the platform does with the
 * routing headers, session ids and its health check, a healthy container is diagnosed healthy.
 */

const dualEra = () => createModernApp();
const modernOnly = () => createModernApp({ legacy: 'reject' });
const runtime = { jwt: true, requestHeaderAllowlist: ['Authorization'] };
/**
 * These rows test the front door's 2026-07-28 behaviour, not its quota (the throttling rows do):
 * the documented 100 requests per second (25 in other revisions, agentcore-contract §5), so that a
 * loaded CI machine bunching the paced requests of two protocol eras cannot throttle a healthy run.
 */
const QUOTA: SimKnobs = { tpsLimit: 100 };

const healthyDual = (variant: string, knobs: SimKnobs): AgentCoreScenario => ({ name: `dual-era v2 container, ${variant}`, container: dualEra, runtime, knobs: { ...QUOTA, ...knobs }, token: {}, codes: [], absent: ['MODERN_ONLY_SERVER'], exit: 0 });
const healthyModern = (variant: string, knobs: SimKnobs): AgentCoreScenario => ({
  name: `modern-only v2 container, ${variant}`,
  container: modernOnly,
  runtime,
  knobs: { ...QUOTA, ...knobs },
  token: {},
  codes: ['MODERN_ONLY_SERVER'],
  absent: ['INITIALIZE_FAILED', 'SERVER_STATEFUL'],
  exit: 0,
});

export const modernAgentcoreScenarios: AgentCoreScenario[] = [
  healthyDual('default front door', {}),
  healthyModern('default front door', {}),
  healthyModern('no Mcp-Session-Id injected on modern requests', { modernSessionIdInjection: false }),
  // A plain ping gets 400 -32022 from a modern-only server: below 500, so the container counts as started.
  healthyModern('health check is a plain ping', { healthCheck: 'legacy-ping' }),
  healthyDual('health check is server/discover', { healthCheck: 'modern-discover' }),
  // Without the routing headers the dual-era container still serves 2025 clients: nothing to report.
  { name: 'dual-era v2 container, front door strips Mcp-Method', container: dualEra, runtime, knobs: { ...QUOTA, modernHeaders: 'strip' }, token: {}, codes: [], exit: 0 },
  // A modern-only container then refuses every request; the run says so instead of calling it healthy.
  { name: 'modern-only v2 container, front door strips Mcp-Method', container: modernOnly, runtime, knobs: { ...QUOTA, modernHeaders: 'strip' }, token: {}, codes: ['SERVER_STATEFUL'], exit: 1 },
];
