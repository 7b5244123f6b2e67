import { defineCheck, type FindingSpec } from '../../model/contracts.js';
import { MODERN_PROTOCOL_VERSION, readEra } from '../../model/modern-protocol.js';
import { detailOf, evidenceOf } from '../evidence.js';

/**
 * Which eras the server serves, from the legacy initialize and server/discover sent side by side.
 * A modern-only server is worth knowing about (info); one that names 2026-07-28 in its -32022 but
 * then refuses a well-formed 2026-07-28 request serves no client at all.
 */
export const protocolEra = defineCheck({
  id: 'protocol-era',
  title: 'The protocol eras the server serves (2025 initialize, 2026-07-28 server/discover)',
  area: 'protocol',
  needs: ['init', 'discover'],
  codes: ['MODERN_ONLY_SERVER', 'DISCOVER_FAILED'],
  run({ init, discover }): FindingSpec | undefined {
    const era = readEra(init, discover);
    if (era.era !== 'modern-only') return undefined;
    if (!era.discover.served) {
      return { code: 'DISCOVER_FAILED', args: { status: discover.containerStatus ?? discover.status, detail: detailOf(discover), version: MODERN_PROTOCOL_VERSION }, evidence: evidenceOf(discover) };
    }
    return { code: 'MODERN_ONLY_SERVER', args: { status: init.containerStatus ?? init.status, detail: detailOf(init), variants: era.versions.join(', ') }, evidence: evidenceOf(init) };
  },
});

/** A served server/discover carries every member of a DiscoverResult. */
export const discoverResult = defineCheck({
  id: 'discover-result',
  title: 'server/discover returns a complete DiscoverResult',
  area: 'protocol',
  needs: ['init', 'discover'],
  codes: ['DISCOVER_RESULT_INVALID'],
  appliesTo: (_ctx, { init, discover }) => (readEra(init, discover).discover.served ? true : 'server/discover was not served (a 2025-only server refuses it)'),
  run({ init, discover }): FindingSpec | undefined {
    const { missing } = readEra(init, discover).discover;
    if (missing.length === 0) return undefined;
    return { code: 'DISCOVER_RESULT_INVALID', args: { status: discover.status, detail: missing.join(', ') }, evidence: evidenceOf(discover) };
  },
});
