import type { FindingCode } from '../../src/catalog/codes.js';

/**
 * Codes the end-to-end network suite (test/network/proxy-tls.test.ts) triggers through the built
 * CLI; test/registry.test.ts counts them as covered. Each one is asserted there.
 */
export const networkScenarioCodes: readonly FindingCode[] = [
  'TLS_CERTIFICATE_UNTRUSTED',
  'TLS_VERIFICATION_DISABLED',
  'UNEXPECTED_REDIRECT',
  'PROXY_UNREACHABLE',
  'PROXY_AUTHENTICATION_FAILED',
  'PROXY_TUNNEL_REFUSED',
];
