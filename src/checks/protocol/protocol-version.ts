import { defineCheck, type FindingSpec } from '../../model/contracts.js';
import { negotiatedVersion } from '../../model/protocol.js';
import { evidenceOf } from '../evidence.js';

/** Released protocol revisions a client can negotiate. */
export const KNOWN_PROTOCOL_VERSIONS = ['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05'] as const;

/** The server answers initialize with a version clients know (lifecycle §version negotiation). */
export const protocolVersion = defineCheck({
  id: 'protocol-version',
  title: 'A known protocol version is negotiated',
  area: 'protocol',
  needs: ['init', 'initialized'],
  codes: ['PROTOCOL_VERSION_UNSUPPORTED'],
  spec: { id: 'MCP 2025-11-25 Lifecycle: Version Negotiation', url: 'https://modelcontextprotocol.io/specification/2025-11-25/basic/lifecycle#version-negotiation' },
  run({ init }): FindingSpec | undefined {
    const version = negotiatedVersion(init);
    if (version === undefined || (KNOWN_PROTOCOL_VERSIONS as readonly string[]).includes(version)) return undefined;
    return { code: 'PROTOCOL_VERSION_UNSUPPORTED', args: { version, variants: KNOWN_PROTOCOL_VERSIONS.join(', ') }, evidence: evidenceOf(init) };
  },
});
