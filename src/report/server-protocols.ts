import type { ServerFacts } from '../model/report.js';

/**
 * The protocol versions a report header names: every version the server was seen to serve, else
 * the one initialize negotiated. `protocol 2025-11-25`, or `protocols 2025-11-25, 2026-07-28`.
 */
export function describeProtocols(server: ServerFacts): { label: 'protocol' | 'protocols'; versions: string } | undefined {
  const versions = server.protocolVersions?.length ? server.protocolVersions : server.protocolVersion ? [server.protocolVersion] : [];
  if (versions.length === 0) return undefined;
  return { label: versions.length > 1 ? 'protocols' : 'protocol', versions: versions.join(', ') };
}
