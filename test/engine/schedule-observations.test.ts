import { describe, expect, it } from 'vitest';
import { defineCheck, defineDerivation, defineProbe, type DerivationDefinition, type ProbeDefinition } from '../../src/model/contracts.js';
import type { HttpExchange } from '../../src/model/observations.js';
import { createObservationScheduler, indexSources, missingReason, observationsFor, type ObservationOutcome } from '../../src/engine/schedule-observations.js';
import { defaultContext, exchange, initializeResultJson } from '../helpers/check-tester.js';

/** A probe whose run is driven by the test: it records when it starts and resolves on demand. */
function controlled() {
  const started: string[] = [];
  const resolvers = new Map<string, (outcome: ObservationOutcome) => void>();
  const runProbe = (definition: ProbeDefinition, inputs: object): Promise<ObservationOutcome> => {
    started.push(`${definition.id}(${Object.keys(inputs).sort().join(',')})`);
    const applies = definition.appliesTo?.({} as never, inputs) ?? true;
    if (applies !== true) return Promise.resolve({ status: 'missing', key: definition.id, reason: applies });
    return new Promise((resolve) => resolvers.set(definition.id, resolve));
  };
  const finish = (id: string, outcome: ObservationOutcome): void => {
    const resolve = resolvers.get(id);
    if (!resolve) throw new Error(`${id} has not started`);
    resolve(outcome);
  };
  return { started, runProbe, finish };
}

const flush = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

const probe = (id: ProbeDefinition['id'], needs: ProbeDefinition['needs'] = [], extra: Partial<ProbeDefinition> = {}): ProbeDefinition =>
  defineProbe({ id, title: `probe ${id}`, needs, run: () => Promise.reject(new Error('the scheduler runs probes through runProbe')), ...extra }) as ProbeDefinition;

const initialized = defineDerivation({
  id: 'initialized',
  title: "the compliant initialize's session",
  needs: ['init'],
  derive: ({ init }) => ((init as HttpExchange).status === 200 ? { value: { protocolVersion: '2025-11-25' } } : { missing: `the compliant initialize answered HTTP ${(init as HttpExchange).status}` }),
}) as DerivationDefinition;

const sources = indexSources([probe('init'), probe('host-foreign'), probe('no-session', ['initialized']), probe('foreign-session', ['initialized'])], [initialized]);

describe('scheduling by observations', () => {
  it('starts independent probes at once, and dependent ones as soon as their input exists', async () => {
    const { started, runProbe, finish } = controlled();
    const scheduler = createObservationScheduler(sources, runProbe, defaultContext);
    const settled = scheduler.settle(['no-session', 'foreign-session', 'host-foreign', 'init']);
    await flush();
    expect(started).toEqual(['init()', 'host-foreign()']);
    finish('init', { status: 'ok', value: exchange({ bodyExcerpt: initializeResultJson() }) });
    await flush();
    // Both round-two probes start together, while host-foreign is still in flight.
    expect(started.slice(2)).toEqual(['no-session(initialized)', 'foreign-session(initialized)']);
    finish('host-foreign', { status: 'ok', value: exchange({ status: 421 }) });
    finish('no-session', { status: 'ok', value: exchange({ status: 400 }) });
    finish('foreign-session', { status: 'ok', value: exchange({ status: 404 }) });
    const outcomes = await settled;
    expect([...outcomes.values()].map((o) => o.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(started).toHaveLength(4);
  });

  it('does not run a probe whose input is missing, and names the root observation and why', async () => {
    const { started, runProbe, finish } = controlled();
    const scheduler = createObservationScheduler(sources, runProbe, defaultContext);
    const settled = scheduler.settle(['no-session', 'init']);
    await flush();
    finish('init', { status: 'ok', value: exchange({ status: 421 }) });
    const outcomes = await settled;
    expect(started).toEqual(['init()']);
    const noSession = outcomes.get('no-session');
    expect(noSession).toEqual({ status: 'missing', key: 'initialized', reason: 'the compliant initialize answered HTTP 421' });
    expect(missingReason('no-session', noSession as Extract<ObservationOutcome, { status: 'missing' }>, sources)).toBe(
      "missing observation no-session (probe no-session): it needs initialized, which is missing: the compliant initialize answered HTTP 421",
    );
    expect(missingReason('initialized', { status: 'missing', key: 'initialized', reason: 'why' }, sources)).toBe("missing observation initialized (the compliant initialize's session): why");
  });

  it('passes a late or failed input on as it is, so whatever needs it cannot be judged (never green)', async () => {
    const { runProbe, finish } = controlled();
    const scheduler = createObservationScheduler(sources, runProbe, defaultContext);
    const settled = scheduler.settle(['foreign-session', 'init', 'host-foreign']);
    await flush();
    finish('init', { status: 'timeout', key: 'init' });
    finish('host-foreign', { status: 'error', key: 'host-foreign', message: 'boom' });
    const outcomes = await settled;
    expect(outcomes.get('foreign-session')).toEqual({ status: 'timeout', key: 'init' });
    expect(outcomes.get('host-foreign')).toEqual({ status: 'error', key: 'host-foreign', message: 'boom' });
  });

  it('a probe that does not apply leaves its observation missing with its own reason', async () => {
    const { runProbe } = controlled();
    const notHere = indexSources([probe('path-variant', [], { appliesTo: () => 'the path is `/`' })], []);
    const outcomes = await createObservationScheduler(notHere, runProbe, defaultContext).settle(['path-variant']);
    expect(outcomes.get('path-variant')).toEqual({ status: 'missing', key: 'path-variant', reason: 'the path is `/`' });
  });

  it('a derivation that throws is an error of that observation, not a crash of the run', async () => {
    const { runProbe, finish } = controlled();
    const broken = defineDerivation({ id: 'answer', title: 'an answer', needs: ['init'], derive: () => { throw new Error('bad input'); } }) as DerivationDefinition;
    const scheduler = createObservationScheduler(indexSources([probe('init')], [broken]), runProbe, defaultContext);
    const settled = scheduler.settle(['answer']);
    await flush();
    finish('init', { status: 'ok', value: exchange() });
    expect((await settled).get('answer')).toEqual({ status: 'error', key: 'answer', message: 'deriving answer failed: bad input' });
  });

  it('collects what the selected checks read, and everything that needs in turn', () => {
    const stateless = defineCheck({ id: 'x', title: 'x', area: 'session', needs: ['no-session'], uses: ['host-foreign'], codes: [], run: () => undefined });
    expect(observationsFor([stateless as never], sources).sort()).toEqual(['host-foreign', 'init', 'initialized', 'no-session']);
    const unknown = defineCheck({ id: 'y', title: 'y', area: 'session', needs: ['mcp-session'], codes: [], run: () => undefined });
    expect(() => observationsFor([unknown as never], sources)).toThrow('no probe or derivation produces observation mcp-session');
  });
});
