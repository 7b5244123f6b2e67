import { defineCheck, type FindingSpec } from '../../model/contracts.js';
import { BOGUS_PROTOCOL_VERSION, negotiatedVersion } from '../../model/protocol.js';
import { evidenceOf, statusIn } from '../evidence.js';

/** From 2025-06-18 an unsupported `MCP-Protocol-Version` MUST get 400 (matrix P13). */
export const protocolVersionHeader = defineCheck({
  id: 'protocol-version-header',
  title: 'An unsupported MCP-Protocol-Version header is rejected',
  area: 'protocol',
  needs: ['init', 'bogus-protocol-version', 'initialized'],
  codes: ['PROTOCOL_VERSION_HEADER_IGNORED'],
  spec: { id: 'MCP 2025-11-25 Transports: Protocol Version Header', url: 'https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#protocol-version-header' },
  appliesTo: (_ctx, { init }) => {
    const version = negotiatedVersion(init);
    return version !== undefined && version >= '2025-06-18' ? true : `the negotiated version ${version ?? '?'} predates the header (2025-06-18)`;
  },
  run({ 'bogus-protocol-version': bogus }): FindingSpec | undefined {
    if (!statusIn(bogus, 200, 299)) return undefined;
    return { code: 'PROTOCOL_VERSION_HEADER_IGNORED', args: { status: bogus.status, version: BOGUS_PROTOCOL_VERSION }, evidence: evidenceOf(bogus) };
  },
});
