import { describe, expect, it } from 'vitest';
import { readiness } from '../../../src/checks/agentcore/readiness.js';
import { makeContext, runCheck, testCheck } from '../../helpers/check-tester.js';

testCheck(readiness, {
  valid: [
    { name: 'the runtime, its endpoint and initialize became ready within --wait', observations: { readiness: { ready: true, waitedMs: 42_000, last: 'initialize answered 200' } } },
    { name: 'no --wait was given', observations: { readiness: { waited: false } }, notApplicable: /^no --wait was given$/ },
  ],
  invalid: [
    {
      name: 'still CREATING when --wait ran out',
      observations: { readiness: { ready: false, waitedMs: 600_000, last: 'runtime CREATING' } },
      codes: ['WAIT_TIMEOUT'],
      severities: ['error'],
      args: { waitedMs: 600_000, detail: 'runtime CREATING' },
      message: /^After waiting 600000 ms the runtime was still not ready: runtime CREATING\.$/,
    },
  ],
});

/**
 * Pins the WAIT_TIMEOUT evidence and that `run` itself ignores a run without --wait, not only
 * `appliesTo`: the engine may call `run` whenever the check is scheduled.
 */
describe('readiness run', () => {
  it('quotes the last state seen as evidence', () => {
    const { findings } = runCheck(readiness, { readiness: { ready: false, waitedMs: 600_000, last: 'runtime CREATING' } }, makeContext());
    expect(findings).toStrictEqual([{ code: 'WAIT_TIMEOUT', args: { waitedMs: 600_000, detail: 'runtime CREATING' }, evidence: { detail: 'last state: runtime CREATING' } }]);
  });

  it('emits nothing for a run without --wait even when run directly', () => {
    expect(readiness.run({ readiness: { waited: false } }, makeContext())).toBeUndefined();
  });
});
