import type { AnyCheck } from '../../model/contracts.js';
import { listenAck } from './listen-ack.js';
import { modernEnvelope, modernHeaders, modernSessionHeader, removedMethods, unsupportedVersion } from './modern-conformance.js';
import { modernMcpSession } from './modern-mcp-session.js';
import { modernToolsList } from './modern-tools-list.js';
import { discoverResult, protocolEra } from './protocol-era.js';

/** The checks of the 2026-07-28 revision, prerequisites first. */
export const modernChecks: readonly AnyCheck[] = [
  protocolEra,
  discoverResult,
  modernHeaders,
  modernEnvelope,
  unsupportedVersion,
  removedMethods,
  modernSessionHeader,
  listenAck,
  modernToolsList,
  modernMcpSession,
] as readonly AnyCheck[];
