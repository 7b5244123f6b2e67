import { defineCheck, type FindingSpec } from '../../model/contracts.js';

/** Getting a token is part of the diagnosis: each way it fails has its own code. */
export const tokenAcquisition = defineCheck({
  id: 'token-acquisition',
  title: 'The bearer token could be obtained',
  area: 'auth',
  needs: ['token-acquisition'],
  codes: ['USER_PASSWORD_AUTH_DISABLED', 'CLIENT_SECRET_HASH_REQUIRED', 'USER_POOL_TRIGGER_FAILED', 'COGNITO_AUTH_FAILED'],
  appliesTo: (_ctx, { 'token-acquisition': a }) => (a.requested ? true : 'the token was given, not obtained by the doctor'),
  run({ 'token-acquisition': a }): FindingSpec | undefined {
    if (!a.requested || a.ok) return undefined;
    return { code: a.code, args: { detail: `${a.errorName}: ${a.message}` }, evidence: { detail: `${a.errorName}: ${a.message}` } };
  },
});
