import { describe, expect, it } from 'vitest';
import { interactiveClients, isCognitoIssuer } from '../../../src/checks/auth/interactive-clients.js';
import type { ControlPlaneObservation, ServerAuthObservation } from '../../../src/model/observations.js';
import { testCheck } from '../../helpers/check-tester.js';

/**
 * Cognito has no dynamic client registration (agentcore-contract §9): a runtime whose authorizer,
 * or a server whose protected-resource metadata, names a user pool gets an info note that desktop
 * clients must be given a pre-registered client id.
 */

const POOL = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEfGhI';

function controlPlane(discoveryUrl?: string): ControlPlaneObservation {
  const authorizer = discoveryUrl ? { kind: 'jwt' as const, discoveryUrl, allowedClients: ['abc'] } : { kind: 'sigv4' as const };
  return { calls: 2, runtime: { authorizer } } as unknown as ControlPlaneObservation;
}

function serverAuth(authorizationServers?: string[]): ServerAuthObservation {
  return { prm: { url: 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp', outcome: 'ok', ...(authorizationServers ? { authorizationServers } : {}) } } as unknown as ServerAuthObservation;
}

testCheck(interactiveClients, {
  valid: [
    { name: 'an IAM runtime', observations: { 'control-plane': controlPlane() } },
    { name: 'an Okta authorizer', observations: { 'control-plane': controlPlane('https://dev-1.okta.com/oauth2/default/.well-known/openid-configuration') } },
    { name: 'metadata naming Entra ID', observations: { 'server-auth': serverAuth(['https://login.microsoftonline.com/tenant/v2.0']) } },
    { name: 'nothing known about the authorization server', observations: {} },
  ],
  invalid: [
    {
      name: 'a runtime authorizer on a Cognito pool',
      observations: { 'control-plane': controlPlane(`${POOL}/.well-known/openid-configuration`) },
      codes: ['DYNAMIC_CLIENT_REGISTRATION_UNSUPPORTED'],
      severities: ['info'],
      args: { url: POOL },
      message: /^The authorization server https:\/\/cognito-idp\.us-east-1\.amazonaws\.com\/us-east-1_AbCdEfGhI is an Amazon Cognito user pool/,
    },
    {
      name: 'protected-resource metadata naming a Cognito pool (the newer issuer host)',
      observations: { 'server-auth': serverAuth(['https://issuer-cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Zz9']) },
      codes: ['DYNAMIC_CLIENT_REGISTRATION_UNSUPPORTED'],
      args: { url: 'https://issuer-cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Zz9' },
    },
  ],
});

describe('isCognitoIssuer', () => {
  it.each([
    [POOL, true],
    [`${POOL}/.well-known/openid-configuration`, true],
    ['https://cognito-idp-fips.us-gov-west-1.amazonaws.com/us-gov-west-1_Abc', true],
    ['http://127.0.0.1:4567/us-east-1_AbCdEfGhI/.well-known/openid-configuration', true],
    ['https://auth.example.com/.well-known/openid-configuration', false],
    ['https://auth.example.com/us-east-1/.well-known/openid-configuration', false],
    ['not a url', false],
  ])('%s → %s', (url, expected) => {
    expect(isCognitoIssuer(url)).toBe(expected);
  });
});
