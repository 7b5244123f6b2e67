import { defineCheck, type FindingSpec } from '../../model/contracts.js';
import { controlPlaneSkipReason } from '../agentcore/control-plane-skip.js';

/**
 * The Cognito side of the authorizer (agentcore-contract §4.3, §9): a V1 pre-token trigger cannot
 * touch access tokens, a trigger that only injects `client_id` works around the wrong token, and the
 * app client's flows, secret and id decide whether the usual sign-in works at all.
 */
export const cognitoConfiguration = defineCheck({
  id: 'cognito-configuration',
  title: 'The Cognito user pool and app client fit the authorizer',
  area: 'auth',
  needs: ['cognito-config'],
  uses: ['control-plane', 'token-acquisition'],
  codes: ['DANGLING_USER_POOL_TRIGGER', 'PRE_TOKEN_LAMBDA_V1_ACCESS_TOKEN', 'PRE_TOKEN_CLIENT_ID_WORKAROUND', 'USER_PASSWORD_AUTH_DISABLED', 'CLIENT_SECRET_HASH_REQUIRED', 'CLIENT_NOT_ALLOWED'],
  appliesTo: (_ctx, { 'cognito-config': cognito }) => controlPlaneSkipReason(cognito.poolError),
  run({ 'cognito-config': cognito, 'control-plane': cp, 'token-acquisition': acquisition }): FindingSpec[] {
    const findings: FindingSpec[] = [];
    const trigger = cognito.pool?.preTokenGeneration;
    const authorizer = cp?.runtime?.authorizer;
    const checksClients = authorizer?.kind === 'jwt' && (authorizer.allowedClients?.length ?? 0) > 0;
    if (trigger?.functionState === 'absent') {
      findings.push({
        code: 'DANGLING_USER_POOL_TRIGGER',
        args: { detail: `User pool ${cognito.userPoolId}'s pre-token-generation trigger points at ${trigger.lambdaArn}, which GetFunction no longer finds: every sign-in fails with UserLambdaValidationException` },
        evidence: { detail: `GetFunction ${trigger.lambdaArn}: ResourceNotFoundException` },
      });
    }
    if (trigger?.version === 'V1_0') {
      findings.push({
        code: 'PRE_TOKEN_LAMBDA_V1_ACCESS_TOKEN',
        args: { detail: `The pool's pre-token-generation trigger ${trigger.lambdaArn} is V1_0: it customises ID tokens only, never the access tokens AgentCore should receive` },
      });
      if (checksClients) {
        findings.push({
          code: 'PRE_TOKEN_CLIENT_ID_WORKAROUND',
          args: { detail: 'A V1_0 trigger next to an allowedClients authorizer is the usual recipe for injecting client_id into ID tokens; the access token already carries client_id' },
        });
      }
    }
    const client = cognito.client;
    const usesPasswordFlow = acquisition?.requested === true && acquisition.via === 'cognito-password';
    // `USER_PASSWORD_AUTH` (without ALLOW_) is the legacy spelling of the same flow.
    const passwordFlow = client?.explicitAuthFlows.some((flow) => flow === 'ALLOW_USER_PASSWORD_AUTH' || flow === 'USER_PASSWORD_AUTH');
    if (client && usesPasswordFlow && !passwordFlow) {
      findings.push({ code: 'USER_PASSWORD_AUTH_DISABLED', args: { detail: `App client ${cognito.clientId ?? ''} allows ${client.explicitAuthFlows.join(', ') || 'no explicit flows'}, not ALLOW_USER_PASSWORD_AUTH` } });
    }
    if (client?.hasSecret && usesPasswordFlow && acquisition?.requested && !acquisition.ok && acquisition.code === 'CLIENT_SECRET_HASH_REQUIRED') {
      findings.push({ code: 'CLIENT_SECRET_HASH_REQUIRED', args: { detail: `App client ${cognito.clientId ?? ''} has a client secret, so every InitiateAuth needs SECRET_HASH` } });
    }
    if (checksClients && cognito.clientId && authorizer?.kind === 'jwt' && !(authorizer.allowedClients ?? []).includes(cognito.clientId)) {
      findings.push({ code: 'CLIENT_NOT_ALLOWED', args: { detail: `The token's app client ${cognito.clientId} is not in the authorizer's allowedClients [${(authorizer.allowedClients ?? []).join(', ')}]` } });
    }
    return findings;
  },
});
