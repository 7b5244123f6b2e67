import { describe, expect, it } from 'vitest';
import { interactiveClients, isCognitoIssuer } from '../../../src/checks/auth/interactive-clients.js';
import type { ControlPlaneObservation, ServerAuthObservation } from '../../../src/model/observations.js';
import { makeContext, runCheck, testCheck } from '../../helpers/check-tester.js';

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

/** Only the AWS Cognito hosts count by name: each anchor and optional part of the host pattern, with a path that names no pool. */
describe('isCognitoIssuer by host alone', () => {
  it.each([
    ['https://cognito-idp.us-east-1.amazonaws.com', true],
    ['https://cognito-idp.us-east-1.amazonaws.com/.well-known/openid-configuration', true],
    ['https://issuer-cognito-idp.eu-west-1.amazonaws.com/', true],
    ['https://cognito-idp-fips.us-gov-west-1.amazonaws.com/', true],
    ['https://issuer-cognito-idp-fips.us-gov-west-1.amazonaws.com/', true],
    ['https://xcognito-idp.us-east-1.amazonaws.com/', false],
    ['https://cognito-idp.us-east-1.amazonaws.com.example.com/', false],
    ['https://cognito-idp.amazonaws.com/', false],
    ['https://cognito-idp-fipsx.us-east-1.amazonaws.com/', false],
  ])('%s → %s', (url, expected) => {
    expect(isCognitoIssuer(url)).toBe(expected);
  });
});

/** The evidence names where the pool was found, and a partial control-plane or metadata reading is not a crash. */
describe('interactive-clients evidence', () => {
  const ctx = makeContext();

  it("names the runtime's authorizer, and reports the issuer without the discovery suffix", () => {
    expect(runCheck(interactiveClients, { 'control-plane': controlPlane(`${POOL}/.well-known/openid-configuration`) }, ctx).findings).toStrictEqual([
      {
        code: 'DYNAMIC_CLIENT_REGISTRATION_UNSUPPORTED',
        args: { url: POOL },
        evidence: { detail: `Cognito user pool named by the runtime's customJWTAuthorizer discoveryUrl ${POOL}/.well-known/openid-configuration` },
      },
    ]);
  });

  it('names the protected-resource metadata URL', () => {
    expect(runCheck(interactiveClients, { 'server-auth': serverAuth([POOL]) }, ctx).findings).toStrictEqual([
      {
        code: 'DYNAMIC_CLIENT_REGISTRATION_UNSUPPORTED',
        args: { url: POOL },
        evidence: { detail: `Cognito user pool named by authorization_servers of https://mcp.example.com/.well-known/oauth-protected-resource/mcp: ${POOL}` },
      },
    ]);
  });

  it('falls back to "the protected-resource metadata" when its URL is unknown', () => {
    const withoutUrl = { prm: { outcome: 'ok', authorizationServers: [POOL] } } as unknown as ServerAuthObservation;
    expect(runCheck(interactiveClients, { 'server-auth': withoutUrl }, ctx).findings).toStrictEqual([
      { code: 'DYNAMIC_CLIENT_REGISTRATION_UNSUPPORTED', args: { url: POOL }, evidence: { detail: `Cognito user pool named by authorization_servers of the protected-resource metadata: ${POOL}` } },
    ]);
  });

  it('strips the discovery suffix only at the end of the URL', () => {
    const odd = `${POOL}/.well-known/openid-configuration?x=1`;
    expect(runCheck(interactiveClients, { 'control-plane': controlPlane(odd) }, ctx).findings.map((f) => f.args)).toStrictEqual([{ url: odd }]);
  });

  it.each<[string, { 'control-plane'?: ControlPlaneObservation; 'server-auth'?: ServerAuthObservation }]>([
    ['a control plane that described no runtime', { 'control-plane': { calls: 1, runtimeError: { kind: 'access-denied', name: 'AccessDeniedException', message: 'denied', permission: 'bedrock-agentcore:GetAgentRuntime' } } }],
    ['metadata without authorization_servers', { 'server-auth': serverAuth() }],
    ['server-auth without metadata', { 'server-auth': {} as unknown as ServerAuthObservation }],
  ])('%s: nothing', (_name, observations) => {
    expect(runCheck(interactiveClients, observations, ctx)).toStrictEqual({ applies: true, findings: [] });
  });
});
