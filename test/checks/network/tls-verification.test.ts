import { describe, expect, it } from 'vitest';
import { tlsVerification } from '../../../src/checks/network/tls-verification.js';
import { makeContext, runCheck, testCheck } from '../../helpers/check-tester.js';

testCheck(tlsVerification, {
  valid: [
    { name: 'verification on, no proxy', observations: { network: { tlsVerificationDisabledByEnv: false } } },
    {
      name: 'verification on, with a proxy and an extra CA file',
      observations: { network: { tlsVerificationDisabledByEnv: false, httpsProxy: 'http://***@proxy.corp:3128/', caFile: { path: '/etc/ssl/corp.pem', certificates: 2 } } },
    },
  ],
  invalid: [
    {
      name: 'NODE_TLS_REJECT_UNAUTHORIZED=0 in the environment',
      observations: { network: { tlsVerificationDisabledByEnv: true } },
      codes: ['TLS_VERIFICATION_DISABLED'],
      severities: ['warning'],
      message: /kept verifying/,
    },
  ],
});

/** Pins the evidence text: it is what tells the user the doctor itself still verified certificates. */
describe('tls-verification evidence', () => {
  it('names the variable and says the doctor verified anyway', () => {
    const { findings } = runCheck(tlsVerification, { network: { tlsVerificationDisabledByEnv: true } }, makeContext());
    expect(findings).toStrictEqual([
      { code: 'TLS_VERIFICATION_DISABLED', evidence: { detail: 'NODE_TLS_REJECT_UNAUTHORIZED=0 in the environment; mcp-doctor verified certificates anyway' } },
    ]);
  });
});
