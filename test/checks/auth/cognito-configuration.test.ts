import { describe, expect, it } from 'vitest';
import { cognitoConfiguration } from '../../../src/checks/auth/cognito-configuration.js';
import type { CheckContext } from '../../../src/model/contracts.js';
import type { TokenAcquisitionObservation, CognitoConfigObservation, AwsCallError, ControlPlaneObservation, RuntimeAuthorizer } from '../../../src/model/observations.js';
import { resolveTargetInput } from '../../../src/targets/resolve.js';
import { makeContext, runCheck, testCheck, type CaseObservations } from '../../helpers/check-tester.js';

/**
 * The Cognito side of a JWT runtime (agentcore-contract §4.3, §9): DescribeUserPool's
 * pre-token-generation trigger and DescribeUserPoolClient's flows and secret, read against the
 * runtime's authorizer and the way the doctor signed in.
 */

const RUNTIME_ID = 'weather_mcp-Xq7Lm2Pa9R';
const ARN = `arn:aws:bedrock-agentcore:us-west-2:123456789012:runtime/${RUNTIME_ID}`;
const POOL = 'us-west-2_Ab12Cd34E';
const ISSUER = `https://cognito-idp.us-west-2.amazonaws.com/${POOL}`;
const CLIENT = '3n4b5urk1ft4fl3mg5e62d9ado';
const OTHER_CLIENT = '7q1m2k3v4c5x6z7a8s9d0f1g2h';
const TRIGGER = 'arn:aws:lambda:us-west-2:123456789012:function:inject-client-id';
const ctx: Partial<CheckContext> = { profile: 'agentcore', target: resolveTargetInput(ARN, { env: {} }), hasToken: true, requestAuth: 'bearer' };

type Client = NonNullable<CognitoConfigObservation['client']>;

function cognito(partial: Partial<CognitoConfigObservation> = {}, client: Partial<Client> = {}): CognitoConfigObservation {
  return {
    userPoolId: POOL,
    clientId: CLIENT,
    pool: { tier: 'ESSENTIALS' },
    client: {
      hasSecret: false,
      explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH'],
      allowedOAuthFlows: [],
      allowedOAuthScopes: [],
      accessTokenValiditySeconds: 3600,
      idTokenValiditySeconds: 3600,
      ...client,
    },
    calls: 2,
    ...partial,
  };
}

const v1 = { tier: 'LITE', preTokenGeneration: { version: 'V1_0' as const, lambdaArn: TRIGGER } };
const v2 = { tier: 'ESSENTIALS', preTokenGeneration: { version: 'V2_0' as const, lambdaArn: TRIGGER } };
const srpOnly: Partial<Client> = { explicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] };

function controlPlane(authorizer: RuntimeAuthorizer): ControlPlaneObservation {
  return {
    calls: 2,
    runtime: { arn: ARN, name: 'weather_mcp', id: RUNTIME_ID, version: '3', status: 'READY', serverProtocol: 'MCP', requireMMDSV2: true, authorizer },
    endpoint: { name: 'DEFAULT', status: 'READY' },
  };
}

const clientsAuthorizer = controlPlane({ kind: 'jwt', discoveryUrl: `${ISSUER}/.well-known/openid-configuration`, allowedClients: [CLIENT] });
const audienceAuthorizer = controlPlane({ kind: 'jwt', discoveryUrl: `${ISSUER}/.well-known/openid-configuration`, allowedAudience: [CLIENT] });

const given: TokenAcquisitionObservation = { requested: false };
const signedIn: TokenAcquisitionObservation = { requested: true, via: 'cognito-password', ok: true, tokenUse: 'access', source: 'cognito-password', expiresIn: 3600 };
const flowDisabled: TokenAcquisitionObservation = { requested: true, via: 'cognito-password', ok: false, code: 'USER_PASSWORD_AUTH_DISABLED', errorName: 'InvalidParameterException', message: 'USER_PASSWORD_AUTH flow not enabled for this client' };
const hashMissing: TokenAcquisitionObservation = {
  requested: true,
  via: 'cognito-password',
  ok: false,
  code: 'CLIENT_SECRET_HASH_REQUIRED',
  errorName: 'NotAuthorizedException',
  message: `Client ${CLIENT} is configured with secret but SECRET_HASH was not received`,
};
const clientCredentials: TokenAcquisitionObservation = { requested: true, via: 'client-credentials', ok: false, code: 'COGNITO_AUTH_FAILED', errorName: 'invalid_client', message: 'the token endpoint answered HTTP 400 invalid_client' };

function awsError(kind: AwsCallError['kind'], name: string, message: string): AwsCallError {
  return { kind, name, message, permission: 'cognito-idp:DescribeUserPool' };
}

testCheck(cognitoConfiguration, {
  valid: [
    { name: 'a public client with USER_PASSWORD_AUTH, allowed by the authorizer', ctx, observations: { 'cognito-config': cognito(), 'control-plane': clientsAuthorizer, 'token-acquisition': signedIn } },
    { name: 'a V2_0 trigger customises access tokens', ctx, observations: { 'cognito-config': cognito({ pool: v2 }), 'control-plane': clientsAuthorizer, 'token-acquisition': signedIn } },
    {
      name: 'a trigger whose function could not be looked up is not called dangling',
      ctx,
      observations: { 'cognito-config': cognito({ pool: { tier: 'ESSENTIALS', preTokenGeneration: { version: 'V2_0', lambdaArn: TRIGGER, functionState: 'unknown' } } }), 'control-plane': clientsAuthorizer, 'token-acquisition': signedIn },
    },
    { name: 'an SRP-only client is fine when the token was given', ctx, observations: { 'cognito-config': cognito({}, srpOnly), 'control-plane': clientsAuthorizer, 'token-acquisition': given } },
    { name: 'an SRP-only client is fine for a client_credentials grant', ctx, observations: { 'cognito-config': cognito({}, srpOnly), 'token-acquisition': clientCredentials } },
    { name: 'a confidential client whose sign-in worked (SECRET_HASH was sent)', ctx, observations: { 'cognito-config': cognito({}, { hasSecret: true }), 'control-plane': clientsAuthorizer, 'token-acquisition': signedIn } },
    { name: 'a confidential client when the token was given', ctx, observations: { 'cognito-config': cognito({}, { hasSecret: true }), 'token-acquisition': given } },
    { name: 'another client under an allowedAudience authorizer: allowedClients is not checked', ctx, observations: { 'cognito-config': cognito({ clientId: OTHER_CLIENT }), 'control-plane': audienceAuthorizer } },
    { name: 'no control-plane view: the client cannot be compared', ctx, observations: { 'cognito-config': cognito({ clientId: OTHER_CLIENT }) } },
    { name: 'no client id known: only the pool was described', ctx, observations: { 'cognito-config': cognito({ clientId: undefined, client: undefined, calls: 1 }), 'control-plane': clientsAuthorizer } },
    {
      name: 'DescribeUserPoolClient refused, the pool still read',
      ctx,
      observations: {
        'cognito-config': cognito({ client: undefined, clientError: { kind: 'access-denied', name: 'AccessDeniedException', message: 'not authorized', permission: 'cognito-idp:DescribeUserPoolClient' } }),
        'control-plane': clientsAuthorizer,
      },
    },
    {
      name: 'DescribeUserPool refused: skipped, naming the permission',
      ctx,
      observations: { 'cognito-config': cognito({ pool: undefined, client: undefined, poolError: awsError('access-denied', 'AccessDeniedException', `User is not authorized to perform: cognito-idp:DescribeUserPool on resource: ${POOL}`) }) },
      notApplicable: /^the control plane refused cognito-idp:DescribeUserPool \(AccessDeniedException\); grant that permission to run this check$/,
    },
    {
      name: 'no AWS credentials: skipped, naming the permission',
      ctx,
      observations: { 'cognito-config': cognito({ pool: undefined, client: undefined, calls: 0, poolError: awsError('no-credentials', 'CredentialsProviderError', 'Could not load credentials from any providers') }) },
      notApplicable: /^no AWS credentials were found \(Could not load credentials from any providers\); grant cognito-idp:DescribeUserPool and configure credentials/,
    },
  ],
  invalid: [
    {
      name: 'a V2_0 trigger whose function GetFunction no longer finds: every sign-in fails',
      ctx,
      observations: { 'cognito-config': cognito({ pool: { tier: 'ESSENTIALS', preTokenGeneration: { version: 'V2_0', lambdaArn: TRIGGER, functionState: 'absent' } } }), 'control-plane': audienceAuthorizer },
      codes: ['DANGLING_USER_POOL_TRIGGER'],
      severities: ['error'],
      message: new RegExp(`^User pool ${POOL}'s pre-token-generation trigger points at ${TRIGGER}, which GetFunction no longer finds: every sign-in fails with UserLambdaValidationException\\.$`),
    },
    {
      name: 'a V1_0 trigger under an allowedAudience authorizer',
      ctx,
      observations: { 'cognito-config': cognito({ pool: v1 }), 'control-plane': audienceAuthorizer },
      codes: ['PRE_TOKEN_LAMBDA_V1_ACCESS_TOKEN'],
      severities: ['warning'],
      message: new RegExp(`^The pool's pre-token-generation trigger ${TRIGGER} is V1_0: it customises ID tokens only, never the access tokens AgentCore should receive\\.$`),
    },
    {
      name: 'a V1_0 trigger next to allowedClients: the client_id injection workaround',
      ctx,
      observations: { 'cognito-config': cognito({ pool: v1 }), 'control-plane': clientsAuthorizer, 'token-acquisition': given },
      codes: ['PRE_TOKEN_LAMBDA_V1_ACCESS_TOKEN', 'PRE_TOKEN_CLIENT_ID_WORKAROUND'],
      severities: ['info', 'warning'],
    },
    {
      name: 'the password sign-in failed on an SRP-only client',
      ctx,
      observations: { 'cognito-config': cognito({}, srpOnly), 'control-plane': clientsAuthorizer, 'token-acquisition': flowDisabled },
      codes: ['USER_PASSWORD_AUTH_DISABLED'],
      severities: ['error'],
      message: new RegExp(`^App client ${CLIENT} allows ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH, not ALLOW_USER_PASSWORD_AUTH\\.$`),
    },
    {
      name: 'a client without any explicit flow',
      ctx,
      observations: { 'cognito-config': cognito({}, { explicitAuthFlows: [] }), 'token-acquisition': flowDisabled },
      codes: ['USER_PASSWORD_AUTH_DISABLED'],
      message: /allows no explicit flows, not ALLOW_USER_PASSWORD_AUTH/,
    },
    {
      name: 'ALLOW_ADMIN_USER_PASSWORD_AUTH is not USER_PASSWORD_AUTH',
      ctx,
      observations: { 'cognito-config': cognito({}, { explicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }), 'token-acquisition': flowDisabled },
      codes: ['USER_PASSWORD_AUTH_DISABLED'],
    },
    {
      name: 'a confidential client and a failed password sign-in',
      ctx,
      observations: { 'cognito-config': cognito({}, { hasSecret: true }), 'control-plane': clientsAuthorizer, 'token-acquisition': hashMissing },
      codes: ['CLIENT_SECRET_HASH_REQUIRED'],
      severities: ['error'],
      message: new RegExp(`^App client ${CLIENT} has a client secret, so every InitiateAuth needs SECRET_HASH\\.$`),
    },
    {
      name: 'the token is for an app client the authorizer does not allow',
      ctx,
      observations: { 'cognito-config': cognito({ clientId: OTHER_CLIENT }), 'control-plane': clientsAuthorizer, 'token-acquisition': given },
      codes: ['CLIENT_NOT_ALLOWED'],
      severities: ['error'],
      args: { detail: `The token's app client ${OTHER_CLIENT} is not in the authorizer's allowedClients [${CLIENT}]` },
    },
    {
      // A secret is only blamed when the sign-in failed for want of SECRET_HASH, not for a disabled flow.
      name: 'everything at once',
      ctx,
      observations: {
        'cognito-config': cognito({ clientId: OTHER_CLIENT, pool: v1 }, { hasSecret: true, explicitAuthFlows: ['ALLOW_USER_SRP_AUTH'] }),
        'control-plane': clientsAuthorizer,
        'token-acquisition': flowDisabled,
      },
      codes: ['CLIENT_NOT_ALLOWED', 'PRE_TOKEN_CLIENT_ID_WORKAROUND', 'PRE_TOKEN_LAMBDA_V1_ACCESS_TOKEN', 'USER_PASSWORD_AUTH_DISABLED'],
    },
  ],
});

describe('cognito-configuration outside the table', () => {
  it('a pool the control plane says does not exist is not a skip', () => {
    const observation = cognito({ pool: undefined, client: undefined, poolError: awsError('not-found', 'ResourceNotFoundException', `User pool ${POOL} does not exist.`) });
    const outcome = runCheck(cognitoConfiguration, { 'cognito-config': observation, 'control-plane': clientsAuthorizer }, makeContext(ctx));
    expect(outcome).toEqual({ applies: true, findings: [] });
  });

  it('a V1_0 trigger is reported whatever the token acquisition', () => {
    for (const acquisition of [given, signedIn, flowDisabled, undefined]) {
      const observations = { 'cognito-config': cognito({ pool: v1 }), ...(acquisition ? { 'token-acquisition': acquisition } : {}) };
      expect(runCheck(cognitoConfiguration, observations, makeContext(ctx)).findings.map((f) => f.code)).toEqual(['PRE_TOKEN_LAMBDA_V1_ACCESS_TOKEN']);
    }
  });
});

/**
 * Pins the exact findings (args and evidence) and the conditions the table leaves loose: the legacy
 * `USER_PASSWORD_AUTH` spelling, that SECRET_HASH is blamed only on a confidential client signed in
 * by password, and a control plane that described no runtime.
 */
describe('cognito-configuration findings in full', () => {
  const run = (observations: CaseObservations<'cognito-config', 'control-plane' | 'token-acquisition'>) => runCheck(cognitoConfiguration, observations, makeContext(ctx)).findings;

  it('a dangling trigger names GetFunction in its evidence', () => {
    const pool = { tier: 'ESSENTIALS', preTokenGeneration: { version: 'V2_0' as const, lambdaArn: TRIGGER, functionState: 'absent' as const } };
    expect(run({ 'cognito-config': cognito({ pool }) })).toStrictEqual([
      {
        code: 'DANGLING_USER_POOL_TRIGGER',
        args: { detail: `User pool ${POOL}'s pre-token-generation trigger points at ${TRIGGER}, which GetFunction no longer finds: every sign-in fails with UserLambdaValidationException` },
        evidence: { detail: `GetFunction ${TRIGGER}: ResourceNotFoundException` },
      },
    ]);
  });

  it('the client_id workaround explains itself', () => {
    expect(run({ 'cognito-config': cognito({ pool: v1 }), 'control-plane': clientsAuthorizer })[1]).toStrictEqual({
      code: 'PRE_TOKEN_CLIENT_ID_WORKAROUND',
      args: { detail: 'A V1_0 trigger next to an allowedClients authorizer is the usual recipe for injecting client_id into ID tokens; the access token already carries client_id' },
    });
  });

  it('lists every allowed client, comma-separated', () => {
    const twoClients = controlPlane({ kind: 'jwt', discoveryUrl: `${ISSUER}/.well-known/openid-configuration`, allowedClients: [CLIENT, 'second-client'] });
    expect(run({ 'cognito-config': cognito({ clientId: OTHER_CLIENT }), 'control-plane': twoClients })).toStrictEqual([
      { code: 'CLIENT_NOT_ALLOWED', args: { detail: `The token's app client ${OTHER_CLIENT} is not in the authorizer's allowedClients [${CLIENT}, second-client]` } },
    ]);
  });

  it.each([
    ['the legacy USER_PASSWORD_AUTH spelling', ['USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'], []],
    ['ALLOW_USER_PASSWORD_AUTH', ['ALLOW_USER_PASSWORD_AUTH'], []],
    ['neither spelling', ['ALLOW_CUSTOM_AUTH'], ['USER_PASSWORD_AUTH_DISABLED']],
  ])('password flow enabled by %s', (_name, explicitAuthFlows, codes) => {
    expect(run({ 'cognito-config': cognito({}, { explicitAuthFlows }), 'token-acquisition': flowDisabled }).map((f) => f.code)).toStrictEqual(codes);
  });

  it.each<[string, boolean, TokenAcquisitionObservation, string[]]>([
    ['a public client whose sign-in asked for SECRET_HASH', false, hashMissing, []],
    ['a confidential client whose non-password grant reported SECRET_HASH', true, { ...clientCredentials, code: 'CLIENT_SECRET_HASH_REQUIRED' }, []],
    ['a confidential client whose password sign-in failed otherwise', true, { ...hashMissing, code: 'COGNITO_AUTH_FAILED' }, []],
    ['a confidential client whose password sign-in asked for SECRET_HASH', true, hashMissing, ['CLIENT_SECRET_HASH_REQUIRED']],
  ])('%s', (_name, hasSecret, acquisition, codes) => {
    expect(run({ 'cognito-config': cognito({}, { hasSecret }), 'token-acquisition': acquisition }).map((f) => f.code)).toStrictEqual(codes);
  });

  it('a control plane that described no runtime compares no client', () => {
    const noRuntime: ControlPlaneObservation = { calls: 2, runtimeError: { kind: 'access-denied', name: 'AccessDeniedException', message: 'not authorized', permission: 'bedrock-agentcore:GetAgentRuntime' } };
    expect(run({ 'cognito-config': cognito({ clientId: OTHER_CLIENT, pool: v1 }), 'control-plane': noRuntime }).map((f) => f.code)).toStrictEqual(['PRE_TOKEN_LAMBDA_V1_ACCESS_TOKEN']);
  });
});
