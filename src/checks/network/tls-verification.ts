import { defineCheck, type FindingSpec } from '../../model/contracts.js';

/**
 * `NODE_TLS_REJECT_UNAUTHORIZED=0` in the environment (reliability-security §8 S4): the doctor keeps
 * verifying its own connections, and says that other Node programs here do not.
 */
export const tlsVerification = defineCheck({
  id: 'tls-verification',
  title: 'Certificate verification is not turned off for the environment',
  area: 'network',
  needs: ['network'],
  codes: ['TLS_VERIFICATION_DISABLED'],
  run({ network }): FindingSpec | undefined {
    if (!network.tlsVerificationDisabledByEnv) return undefined;
    return { code: 'TLS_VERIFICATION_DISABLED', evidence: { detail: 'NODE_TLS_REJECT_UNAUTHORIZED=0 in the environment; mcp-doctor verified certificates anyway' } };
  },
});
