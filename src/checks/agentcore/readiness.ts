import { defineCheck, type FindingSpec } from '../../model/contracts.js';

/** `--wait`: the runtime became ready before the deadline, or the report says what never did. */
export const readiness = defineCheck({
  id: 'readiness',
  title: 'The runtime became ready within --wait',
  area: 'agentcore',
  needs: ['readiness'],
  codes: ['WAIT_TIMEOUT'],
  appliesTo: (_ctx, { readiness: r }) => ('waited' in r ? 'no --wait was given' : true),
  run({ readiness: r }): FindingSpec | undefined {
    if ('waited' in r || r.ready) return undefined;
    return { code: 'WAIT_TIMEOUT', args: { waitedMs: r.waitedMs, detail: r.last }, evidence: { detail: `last state: ${r.last}` } };
  },
});
