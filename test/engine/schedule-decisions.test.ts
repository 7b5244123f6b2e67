import { describe, expect, it } from 'vitest';
import { defineCheck, defineDerivation, defineProbe } from '../../src/model/contracts.js';
import type { DerivationDefinition, ProbeDefinition } from '../../src/model/contracts.js';
import type { ObservationKey } from '../../src/model/observations.js';
import { createObservationScheduler, describeObservation, indexSources, isProbe, missingReason, observationsFor } from '../../src/engine/schedule-observations.js';
import type { ObservationOutcome } from '../../src/engine/schedule-observations.js';
import { defaultContext, exchange } from '../helpers/check-tester.js';

const probe = (id: ProbeDefinition['id'], needs: ProbeDefinition['needs'] = [], extra: Partial<ProbeDefinition> = {}): ProbeDefinition =>
  defineProbe({ id, title: `probe ${id}`, needs, run: () => Promise.reject(new Error('the scheduler runs probes through runProbe')), ...extra }) as ProbeDefinition;

const derivation = (id: DerivationDefinition['id'], needs: readonly ObservationKey[]): DerivationDefinition =>
  defineDerivation({ id, title: `derived ${id}`, needs, derive: () => ({ value: {} as never }) }) as DerivationDefinition;

/**
 * Pins the scheduler's decisions the flow tests leave open: a used input that did not come is left
 * out of the probe's inputs (not set to undefined), an unknown observation is refused by name,
 * observation names fall back to the key, and the closure of needs ends on a cycle.
 */
describe('scheduler decisions', () => {
  it('gives a probe only the used inputs that exist', async () => {
    const seen: string[][] = [];
    const outcomes: Record<string, ObservationOutcome> = {
      init: { status: 'ok', value: exchange() },
      'host-foreign': { status: 'missing', key: 'host-foreign', reason: 'not here' },
      'origin-foreign': { status: 'error', key: 'origin-foreign', message: 'boom' },
    };
    const runProbe = (definition: ProbeDefinition, inputs: object): Promise<ObservationOutcome> => {
      if (definition.id === 'no-session') {
        seen.push(Object.keys(inputs).sort());
        return Promise.resolve({ status: 'ok', value: exchange({ status: 400 }) });
      }
      return Promise.resolve(outcomes[definition.id] as ObservationOutcome);
    };
    const sources = indexSources([probe('init'), probe('host-foreign'), probe('origin-foreign'), probe('no-session', [], { uses: ['init', 'host-foreign', 'origin-foreign'] })], []);
    const settled = await createObservationScheduler(sources, runProbe, defaultContext).settle(['no-session']);
    expect(settled.get('no-session')?.status).toBe('ok');
    expect(seen).toStrictEqual([['init']]);
  });

  it('refuses an observation nothing produces, by name', async () => {
    const scheduler = createObservationScheduler(indexSources([probe('init')], []), () => Promise.reject(new Error('not run')), defaultContext);
    await expect(scheduler.observe('mcp-session')).rejects.toThrow(/^no probe or derivation produces observation mcp-session$/);
  });

  it('ends the closure of needs on a cycle, listing each observation once', () => {
    const sources = indexSources([probe('no-session', ['initialized'])], [derivation('initialized', ['no-session'])]);
    const check = defineCheck({ id: 'x', title: 'x', area: 'session', needs: ['no-session'], codes: [], run: () => undefined });
    expect(observationsFor([check as never], sources)).toStrictEqual(['no-session', 'initialized']);
  });
});

describe('observation names', () => {
  const sources = indexSources([probe('init')], [derivation('initialized', ['init'])]);

  it.each([
    ['init', 'probe init'],
    ['initialized', 'derived initialized'],
    ['mcp-session', 'mcp-session'],
  ] as const)('describes %s as %j', (key, title) => {
    expect(describeObservation(key, sources)).toBe(title);
  });

  it('names an observation no source produces by its key in a reason', () => {
    expect(missingReason('mcp-session', { status: 'missing', key: 'mcp-session', reason: 'why' }, sources)).toBe('missing observation mcp-session (mcp-session): why');
  });

  it.each([
    ['init', true],
    ['initialized', false],
    ['mcp-session', false],
  ] as const)('isProbe(%s) is %s', (key, expected) => {
    expect(isProbe(key, sources)).toBe(expected);
  });
});
