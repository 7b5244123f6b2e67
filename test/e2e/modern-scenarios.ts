import type { FindingCode } from '../../src/catalog/codes.js';
import type { Scenario } from './scenarios.js';

/**
 * The 2026-07-28 rows of the end-to-end table: the v2 SDK server in both modes, and one
 * hand-built fault per modern conformance code (fixtures/servers/modern-*.ts).
 */

/**
 * What the v2 SDK sample server shows every run: 406 for the non-compliant Accept variants, 415
 * for text/plain, and no Host or Origin validation (the sample sets none).
 */
const LEGACY_INFO: FindingCode[] = ['ACCEPT_HEADER_REQUIRED', 'CONTENT_TYPE_REJECTED', 'DNS_REBINDING_UNPROTECTED'];

export const modernScenarios: Scenario[] = [
  { name: 'v2 SDK server serving both eras', fixture: 'dual-era', codes: LEGACY_INFO, exit: 0 },
  // Accept is not judged: modern requests ignore it and there is no legacy path.
  { name: 'v2 SDK modern-only server (legacy: reject)', fixture: 'modern-only', codes: ['CONTENT_TYPE_REJECTED', 'DNS_REBINDING_UNPROTECTED', 'MODERN_ONLY_SERVER'], exit: 0 },
  { name: 'modern-only server under the agentcore profile', fixture: 'modern-only', args: ['--profile', 'agentcore'], codes: ['CONTENT_TYPE_REJECTED', 'MODERN_ONLY_SERVER', 'AGENTCORE_CONTRACT_MISMATCH'], exit: 0 },
  { name: 'modern-only server behind a proxy that strips Mcp-Method', fixture: 'modern-discover-refused', codes: ['CONTENT_TYPE_REJECTED', 'DISCOVER_FAILED'], errors: ['DISCOVER_FAILED'], exit: 1 },
  { name: 'incomplete DiscoverResult', fixture: 'modern-discover-incomplete', codes: [...LEGACY_INFO, 'DISCOVER_RESULT_INVALID'], errors: ['DISCOVER_RESULT_INVALID'], exit: 1 },
  { name: 'modern headers not validated', fixture: 'modern-headers-unchecked', codes: [...LEGACY_INFO, 'MODERN_HEADERS_NOT_VALIDATED'], exit: 0 },
  { name: 'modern envelope not validated', fixture: 'modern-envelope-unchecked', codes: [...LEGACY_INFO, 'MODERN_ENVELOPE_NOT_VALIDATED'], exit: 0 },
  { name: 'optional clientInfo required', fixture: 'modern-client-info-required', codes: [...LEGACY_INFO, 'CLIENT_INFO_REQUIRED'], exit: 0 },
  { name: 'unknown protocol version served', fixture: 'modern-version-unchecked', codes: [...LEGACY_INFO, 'UNSUPPORTED_VERSION_ACCEPTED'], errors: ['UNSUPPORTED_VERSION_ACCEPTED'], exit: 1 },
  { name: 'initialize and ping served on modern requests', fixture: 'modern-removed-methods', codes: [...LEGACY_INFO, 'REMOVED_METHOD_SERVED'], exit: 0 },
  { name: 'modern request with Mcp-Session-Id rejected', fixture: 'modern-session-rejected', codes: [...LEGACY_INFO, 'MODERN_SESSION_HEADER_REJECTED'], exit: 0 },
  {
    name: 'modern request with Mcp-Session-Id rejected, agentcore profile',
    fixture: 'modern-session-rejected',
    args: ['--profile', 'agentcore'],
    // DNS-rebinding protection is judged under the generic profile only.
    codes: ['ACCEPT_HEADER_REQUIRED', 'CONTENT_TYPE_REJECTED', 'MODERN_SESSION_HEADER_REJECTED', 'AGENTCORE_CONTRACT_MISMATCH'],
    errors: ['MODERN_SESSION_HEADER_REJECTED'],
    exit: 1,
  },
  { name: 'subscriptions/listen without acknowledgement', fixture: 'modern-listen-silent', codes: [...LEGACY_INFO, 'LISTEN_ACK_MISSING'], exit: 0 },
  // The 2025 handshake refused with -32022 naming a version the doctor speaks: never INITIALIZE_FAILED.
  { name: 'initialize refused with -32022 naming 2025-06-18', fixture: 'version-negotiation-refused', codes: ['VERSION_NEGOTIATION_REFUSED'], errors: ['VERSION_NEGOTIATION_REFUSED'], exit: 1 },
  { name: 'x-mcp-header on a number property', fixture: 'modern-tool-invalid', codes: [...LEGACY_INFO, 'TOOL_DEFINITION_INVALID'], exit: 0 },
];
