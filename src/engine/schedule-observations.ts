import type { AnyCheck, CheckContext, DerivationDefinition, ProbeDefinition } from '../model/contracts.js';
import type { AllObservations, ObservationKey, ProbeId } from '../model/observations.js';

/**
 * Scheduling by observations: every probe and every derived observation starts as soon as the
 * observations it needs exist, all at once, and nothing waits for anything it does not read. An
 * observation that will never exist is a value too (`missing`, with the observation at the root
 * of it and why), so whatever needs it is skipped with that reason.
 */

/** How producing one observation went. `key` names the observation at the root of a failure. */
export type ObservationOutcome =
  | { status: 'ok'; value: unknown }
  | { status: 'missing'; key: ObservationKey; reason: string }
  | { status: 'error'; key: ObservationKey; message: string }
  | { status: 'timeout'; key: ObservationKey };

/** Runs one probe whose inputs exist; the engine owns deadlines, timings and hooks. */
export type ProbeRunner = (definition: ProbeDefinition, inputs: Partial<AllObservations>) => Promise<ObservationOutcome>;

/** Where each observation comes from. */
export interface ObservationSources {
  probes: ReadonlyMap<ObservationKey, ProbeDefinition>;
  derivations: ReadonlyMap<ObservationKey, DerivationDefinition>;
}

/** Builds the source maps from the registries. */
export function indexSources(probes: readonly ProbeDefinition[], derivations: readonly DerivationDefinition[]): ObservationSources {
  return {
    probes: new Map<ObservationKey, ProbeDefinition>(probes.map((p) => [p.id, p])),
    derivations: new Map<ObservationKey, DerivationDefinition>(derivations.map((d) => [d.id, d])),
  };
}

/** Every observation the checks read, and everything those need in turn. */
export function observationsFor(checks: readonly AnyCheck[], sources: ObservationSources, extra: readonly ObservationKey[] = []): ObservationKey[] {
  const keys = new Set<ObservationKey>();
  const add = (key: ObservationKey): void => {
    if (keys.has(key)) return;
    const source = sources.probes.get(key) ?? sources.derivations.get(key);
    if (!source) throw new Error(`no probe or derivation produces observation ${key}`);
    keys.add(key);
    for (const input of [...source.needs, ...(source.uses ?? [])]) add(input);
  };
  for (const check of checks) for (const key of [...check.needs, ...(check.uses ?? [])]) add(key);
  for (const key of extra) add(key);
  return [...keys];
}

/**
 * Produces observations on demand, each once; `settle` waits for a set of them. `ctx` is what
 * derivations read, as checks do; a function is asked at the moment each one is derived.
 */
export function createObservationScheduler(sources: ObservationSources, runProbe: ProbeRunner, ctx: CheckContext | (() => CheckContext)) {
  const pending = new Map<ObservationKey, Promise<ObservationOutcome>>();

  const gather = async (needs: readonly ObservationKey[], uses: readonly ObservationKey[]): Promise<{ inputs: Partial<AllObservations> } | { failed: ObservationOutcome }> => {
    const [needed, used] = await Promise.all([Promise.all(needs.map(observe)), Promise.all(uses.map(observe))]);
    const inputs: Record<string, unknown> = {};
    for (const [index, outcome] of needed.entries()) {
      if (outcome.status !== 'ok') return { failed: outcome };
      inputs[needs[index] as string] = outcome.value;
    }
    for (const [index, outcome] of used.entries()) if (outcome.status === 'ok') inputs[uses[index] as string] = outcome.value;
    return { inputs: inputs as Partial<AllObservations> };
  };

  const produce = async (key: ObservationKey): Promise<ObservationOutcome> => {
    const derivation = sources.derivations.get(key);
    const probe = sources.probes.get(key);
    const source = derivation ?? probe;
    if (!source) throw new Error(`no probe or derivation produces observation ${key}`);
    const gathered = await gather(source.needs, source.uses ?? []);
    // A missing, failed or late input is the root of this observation's absence too.
    if ('failed' in gathered) return gathered.failed;
    if (!derivation) return runProbe(probe as ProbeDefinition, gathered.inputs);
    try {
      const derived = derivation.derive(gathered.inputs, typeof ctx === 'function' ? ctx() : ctx);
      return 'value' in derived ? { status: 'ok', value: derived.value } : { status: 'missing', key, reason: derived.missing };
    } catch (error) {
      return { status: 'error', key, message: `deriving ${key} failed: ${error instanceof Error ? error.message : String(error)}` };
    }
  };

  const observe = (key: ObservationKey): Promise<ObservationOutcome> => {
    let outcome = pending.get(key);
    if (!outcome) {
      outcome = produce(key);
      pending.set(key, outcome);
    }
    return outcome;
  };

  return {
    observe,
    /** Starts every key at once and waits for all of them. */
    async settle(keys: readonly ObservationKey[]): Promise<Map<ObservationKey, ObservationOutcome>> {
      const outcomes = await Promise.all(keys.map(observe));
      return new Map(keys.map((key, index) => [key, outcomes[index] as ObservationOutcome]));
    },
  };
}

/** What an observation is, for reasons: the probe's or the derivation's title. */
export function describeObservation(key: ObservationKey, sources: ObservationSources): string {
  return (sources.probes.get(key) ?? sources.derivations.get(key))?.title ?? key;
}

/**
 * Why a check cannot judge without `key`: names the observation, and, when its absence comes from
 * another one, that one and why it is missing.
 */
export function missingReason(key: ObservationKey, outcome: Extract<ObservationOutcome, { status: 'missing' }>, sources: ObservationSources): string {
  if (outcome.key === key) return `missing observation ${key} (${describeObservation(key, sources)}): ${outcome.reason}`;
  return `missing observation ${key} (${describeObservation(key, sources)}): it needs ${outcome.key}, which is missing: ${outcome.reason}`;
}

/** True for probe ids (derived observations have no probe). */
export function isProbe(key: ObservationKey, sources: ObservationSources): key is ProbeId {
  return sources.probes.has(key);
}
