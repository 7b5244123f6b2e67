import { MODERN_ONLY_PLAN, type ModernOnlyRule } from '../checks/modern/modern-only-plan.js';
import type { HttpExchange } from '../model/observations.js';
import { readEra, type EraReading } from '../model/modern-protocol.js';
import type { ProbeId } from '../model/observations.js';
import type { AnyCheck } from '../model/contracts.js';

/**
 * Applies `MODERN_ONLY_PLAN`: which probes the engine schedules for it, and how each check reads
 * its observations once the run has shown the server to be modern-only.
 */

type Settled = ReadonlyMap<string, { status: string; value?: unknown }>;

/** The modern twins the selected checks may read instead of their legacy probes. */
export function twinProbesOf(checks: readonly AnyCheck[]): ProbeId[] {
  const ids = new Set<ProbeId>();
  for (const check of checks) {
    const rule = MODERN_ONLY_PLAN[check.id];
    if (rule && 'substitute' in rule) for (const twin of Object.values(rule.substitute)) ids.add(twin);
  }
  return [...ids];
}

/** The era as the legacy initialize and server/discover show it, when both ran. */
export function settledEra(settled: Settled): EraReading | undefined {
  const init = settled.get('init');
  const discover = settled.get('discover');
  if (init?.status !== 'ok' || discover?.status !== 'ok') return undefined;
  return readEra(init.value as HttpExchange, discover.value as HttpExchange);
}

/** The rule for `check` on this run: none unless the server is modern-only. */
export function modernOnlyRule(check: AnyCheck, era: EraReading | undefined): ModernOnlyRule | undefined {
  return era?.era === 'modern-only' ? MODERN_ONLY_PLAN[check.id] : undefined;
}
