import type { HttpExchange } from './observations.js';

/**
 * Protocol facts that probes and checks share: the value a probe sends and the reading of an
 * observation both sides need, so checks never import probe code.
 */

/** A protocol version no server supports. */
export const BOGUS_PROTOCOL_VERSION = '1999-01-01';

/** The protocol version the compliant initialize negotiated, if it worked. */
export function negotiatedVersion(init: HttpExchange | undefined): string | undefined {
  if (init?.jsonrpc?.kind !== 'result') return undefined;
  const result = init.jsonrpc.result as { protocolVersion?: unknown } | null;
  return typeof result?.protocolVersion === 'string' ? result.protocolVersion : undefined;
}
