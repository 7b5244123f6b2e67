import { describe, expect, it } from 'vitest';
import { tokenAcquisition } from '../../../src/checks/auth/token-acquisition.js';
import type { TokenAcquisitionObservation } from '../../../src/model/observations.js';
import { makeContext, runCheck, testCheck } from '../../helpers/check-tester.js';

/**
 * How the doctor obtained the bearer token (agentcore-contract §4.3, §9): Cognito InitiateAuth
 * USER_PASSWORD_AUTH or an OAuth2 client_credentials grant. The observation never holds the token.
 */

const CLIENT = '1h2j3k4l5m6n7o8p9q0r1s2t3u';
const TOKEN_URL = 'https://mcp-demo.auth.us-east-1.amazoncognito.com/oauth2/token';

function failed(via: 'cognito-password' | 'client-credentials', code: Extract<TokenAcquisitionObservation, { ok: false }>['code'], errorName: string, message: string): TokenAcquisitionObservation {
  return { requested: true, via, ok: false, code, errorName, message };
}

testCheck(tokenAcquisition, {
  valid: [
    { name: 'the token was given (--token-file, MCP_DOCTOR_TOKEN)', observations: { 'token-acquisition': { requested: false } }, notApplicable: /^the token was given, not obtained by the doctor$/ },
    {
      name: 'a Cognito access token was obtained with USER_PASSWORD_AUTH',
      observations: { 'token-acquisition': { requested: true, via: 'cognito-password', ok: true, tokenUse: 'access', source: 'cognito-password', expiresIn: 3600 } },
    },
    {
      name: 'an ID token was obtained on request',
      observations: { 'token-acquisition': { requested: true, via: 'cognito-password', ok: true, tokenUse: 'id', source: 'cognito-password' } },
    },
    {
      name: 'a client_credentials token was obtained',
      observations: { 'token-acquisition': { requested: true, via: 'client-credentials', ok: true, tokenUse: 'access', source: 'client-credentials', expiresIn: 3600 } },
    },
  ],
  invalid: [
    {
      name: 'a Lambda trigger of the pool failed (a deleted pre-token function)',
      observations: { 'token-acquisition': failed('cognito-password', 'USER_POOL_TRIGGER_FAILED', 'UserLambdaValidationException', 'PreTokenGeneration failed with error Function not found: arn:aws:lambda:us-west-2:123456789012:function:gone.') },
      codes: ['USER_POOL_TRIGGER_FAILED'],
      severities: ['error'],
      message: /^UserLambdaValidationException: PreTokenGeneration failed with error Function not found: arn:aws:lambda:us-west-2:123456789012:function:gone\.$/,
    },
    {
      name: 'the app client does not allow USER_PASSWORD_AUTH',
      observations: { 'token-acquisition': failed('cognito-password', 'USER_PASSWORD_AUTH_DISABLED', 'InvalidParameterException', 'USER_PASSWORD_AUTH flow not enabled for this client') },
      codes: ['USER_PASSWORD_AUTH_DISABLED'],
      severities: ['error'],
      args: { detail: 'InvalidParameterException: USER_PASSWORD_AUTH flow not enabled for this client' },
      message: /^InvalidParameterException: USER_PASSWORD_AUTH flow not enabled for this client\.$/,
    },
    {
      name: 'a confidential client without SECRET_HASH',
      observations: { 'token-acquisition': failed('cognito-password', 'CLIENT_SECRET_HASH_REQUIRED', 'NotAuthorizedException', `Client ${CLIENT} is configured with secret but SECRET_HASH was not received`) },
      codes: ['CLIENT_SECRET_HASH_REQUIRED'],
      severities: ['error'],
      message: new RegExp(`^NotAuthorizedException: Client ${CLIENT} is configured with secret but SECRET_HASH was not received\\.$`),
    },
    {
      name: 'a wrong client secret (SECRET_HASH does not verify)',
      observations: { 'token-acquisition': failed('cognito-password', 'CLIENT_SECRET_HASH_REQUIRED', 'NotAuthorizedException', `Unable to verify secret hash for client ${CLIENT}`) },
      codes: ['CLIENT_SECRET_HASH_REQUIRED'],
      args: { detail: `NotAuthorizedException: Unable to verify secret hash for client ${CLIENT}` },
    },
    {
      name: 'a wrong password',
      observations: { 'token-acquisition': failed('cognito-password', 'COGNITO_AUTH_FAILED', 'NotAuthorizedException', 'Incorrect username or password.') },
      codes: ['COGNITO_AUTH_FAILED'],
      severities: ['error'],
      args: { detail: 'NotAuthorizedException: Incorrect username or password.' },
      message: /^NotAuthorizedException: Incorrect username or password\./,
    },
    {
      name: 'a challenge the doctor cannot answer',
      observations: { 'token-acquisition': failed('cognito-password', 'COGNITO_AUTH_FAILED', 'NEW_PASSWORD_REQUIRED', 'Cognito answered with the NEW_PASSWORD_REQUIRED challenge instead of tokens') },
      codes: ['COGNITO_AUTH_FAILED'],
      args: { detail: 'NEW_PASSWORD_REQUIRED: Cognito answered with the NEW_PASSWORD_REQUIRED challenge instead of tokens' },
    },
    {
      name: 'a client_credentials grant refused with invalid_client',
      observations: { 'token-acquisition': failed('client-credentials', 'COGNITO_AUTH_FAILED', 'invalid_client', `the token endpoint ${TOKEN_URL} answered HTTP 400 invalid_client`) },
      codes: ['COGNITO_AUTH_FAILED'],
      message: /^invalid_client: the token endpoint https:\/\/mcp-demo\.auth\.us-east-1\.amazoncognito\.com\/oauth2\/token answered HTTP 400 invalid_client\.$/,
    },
  ],
});

describe('token-acquisition evidence', () => {
  it('names the IdP error in the evidence, the same words as the summary', () => {
    const observation = failed('cognito-password', 'COGNITO_AUTH_FAILED', 'ResourceNotFoundException', 'User pool client 1h2j3k does not exist.');
    const { findings } = runCheck(tokenAcquisition, { 'token-acquisition': observation }, makeContext());
    expect(findings).toHaveLength(1);
    expect(findings[0]?.evidence).toEqual({ detail: 'ResourceNotFoundException: User pool client 1h2j3k does not exist.' });
  });

  it('takes its code from the observation, never from the message', () => {
    // A disabled-flow message under the generic code stays generic: the probe classified it.
    const observation = failed('cognito-password', 'COGNITO_AUTH_FAILED', 'InvalidParameterException', 'USER_PASSWORD_AUTH flow not enabled for this client');
    expect(runCheck(tokenAcquisition, { 'token-acquisition': observation }, makeContext()).findings.map((f) => f.code)).toEqual(['COGNITO_AUTH_FAILED']);
  });
});
