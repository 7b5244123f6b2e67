import { describe, expect, it } from 'vitest';
import { endpointStatus } from '../../../src/checks/agentcore/endpoint-status.js';
import { headerAllowlist, runtimeMetadata, runtimeProtocol } from '../../../src/checks/agentcore/runtime-configuration.js';
import { runtimeStatus } from '../../../src/checks/agentcore/runtime-status.js';
import type { CheckContext } from '../../../src/model/contracts.js';
import type { AwsCallError, ControlPlaneObservation, EndpointDescription, RuntimeAuthorizer, RuntimeDescription } from '../../../src/model/observations.js';
import { resolveTargetInput } from '../../../src/targets/resolve.js';
import { makeContext, runCheck, testCheck } from '../../helpers/check-tester.js';

const RUNTIME_ID = 'weather_mcp-Xq7Lm2Pa9R';
const ARN = `arn:aws:bedrock-agentcore:us-west-2:123456789012:runtime/${RUNTIME_ID}`;
const JWT: RuntimeAuthorizer = { kind: 'jwt', discoveryUrl: 'https://cognito-idp.us-west-2.amazonaws.com/us-west-2_Ab12Cd34E/.well-known/openid-configuration', allowedClients: ['3n4b5urk1ft4fl3mg5e62d9ado'] };

const ctx: Partial<CheckContext> = { profile: 'agentcore', target: resolveTargetInput(ARN, { env: {} }), hasToken: false, requestAuth: 'sigv4' };
const prodCtx: Partial<CheckContext> = { ...ctx, target: resolveTargetInput(ARN, { env: {}, qualifier: 'prod' }) };

function runtime(partial: Partial<RuntimeDescription> = {}): RuntimeDescription {
  return { arn: ARN, name: 'weather_mcp', id: RUNTIME_ID, version: '3', status: 'READY', serverProtocol: 'MCP', requireMMDSV2: true, authorizer: { kind: 'sigv4' }, ...partial };
}

function endpoint(partial: Partial<EndpointDescription> = {}): EndpointDescription {
  return { name: 'DEFAULT', status: 'READY', liveVersion: '3', targetVersion: '3', ...partial };
}

/** GetAgentRuntime and GetAgentRuntimeEndpoint both answered. */
function cp(runtimePartial: Partial<RuntimeDescription> = {}, endpointPartial: Partial<EndpointDescription> = {}): { 'control-plane': ControlPlaneObservation } {
  return { 'control-plane': { calls: 2, runtime: runtime(runtimePartial), endpoint: endpoint(endpointPartial) } };
}

function callError(kind: AwsCallError['kind'], name: string, message: string, operation: string, httpStatus?: number): AwsCallError {
  return { kind, name, message, permission: `bedrock-agentcore:${operation}`, ...(httpStatus ? { httpStatus } : {}) };
}

/** Both control-plane calls failed the same way. */
function failed(kind: AwsCallError['kind'], name: string, message: string, httpStatus?: number): { 'control-plane': ControlPlaneObservation } {
  return {
    'control-plane': {
      calls: kind === 'no-credentials' ? 0 : 2,
      runtimeError: callError(kind, name, message, 'GetAgentRuntime', httpStatus),
      endpointError: callError(kind, name, message, 'GetAgentRuntimeEndpoint', httpStatus),
    },
  };
}

const runtimeGone = failed('not-found', 'ResourceNotFoundException', `Resource not found: runtime ${RUNTIME_ID}`, 404);
const denied = failed('access-denied', 'AccessDeniedException', 'User: arn:aws:iam::123456789012:user/ci is not authorized to perform: bedrock-agentcore:GetAgentRuntime', 403);
const noCredentials = failed('no-credentials', 'CredentialsProviderError', 'Could not load credentials from any providers');
const unreachable = failed('network', 'Error', 'connect ECONNREFUSED 127.0.0.1:4566');
const validation = failed('other', 'ValidationException', 'Invalid runtime id', 400);

testCheck(runtimeStatus, {
  valid: [
    { name: 'a READY runtime', ctx, observations: cp() },
    { name: 'no runtime target: the probe made no calls', ctx, observations: { 'control-plane': { calls: 0 } } },
    { name: 'GetAgentRuntime refused: skipped, naming the permission', ctx, observations: denied, notApplicable: /the control plane refused bedrock-agentcore:GetAgentRuntime \(AccessDeniedException\); grant that permission/ },
    { name: 'no AWS credentials: skipped, naming the permission', ctx, observations: noCredentials, notApplicable: /no AWS credentials were found \(Could not load credentials from any providers\); grant bedrock-agentcore:GetAgentRuntime/ },
    { name: 'the control plane is unreachable', ctx, observations: unreachable, notApplicable: /could not be reached \(Error: connect ECONNREFUSED 127\.0\.0\.1:4566\)/ },
    { name: 'another control-plane error', ctx, observations: validation, notApplicable: /answered ValidationException: Invalid runtime id/ },
  ],
  invalid: [
    {
      name: 'GetAgentRuntime: ResourceNotFoundException',
      ctx,
      observations: runtimeGone,
      codes: ['RUNTIME_NOT_FOUND'],
      severities: ['error'],
      args: { status: 404, detail: `GetAgentRuntime: Resource not found: runtime ${RUNTIME_ID}`, variants: `the control plane has no runtime ${RUNTIME_ID} in us-west-2: it was deleted, re-created with a new id, or lives in another account or region` },
    },
    {
      name: 'CREATE_FAILED with a failureReason',
      ctx,
      observations: cp({ status: 'CREATE_FAILED', failureReason: 'Image manifest does not contain a linux/arm64 platform' }),
      codes: ['RUNTIME_NOT_READY'],
      args: { detail: 'CREATE_FAILED', variants: 'failureReason: Image manifest does not contain a linux/arm64 platform' },
      message: /^The runtime status is CREATE_FAILED: failureReason: Image manifest does not contain a linux\/arm64 platform\.$/,
    },
    { name: 'UPDATING', ctx, observations: cp({ status: 'UPDATING' }), codes: ['RUNTIME_NOT_READY'], message: /^The runtime status is UPDATING\.$/ },
    { name: 'CREATING', ctx, observations: cp({ status: 'CREATING' }), codes: ['RUNTIME_NOT_READY'], args: { detail: 'CREATING' } },
    { name: 'UPDATE_FAILED', ctx, observations: cp({ status: 'UPDATE_FAILED', failureReason: 'Execution role cannot be assumed' }), codes: ['RUNTIME_NOT_READY'] },
    { name: 'DELETING', ctx, observations: cp({ status: 'DELETING' }), codes: ['RUNTIME_NOT_READY'] },
  ],
});

testCheck(endpointStatus, {
  valid: [
    { name: 'a READY endpoint', ctx, observations: cp() },
    { name: 'a READY endpoint serving a new version while the runtime updates', ctx, observations: cp({ status: 'UPDATING', version: '4' }, { liveVersion: '3', targetVersion: '4' }) },
    { name: 'GetAgentRuntimeEndpoint refused: skipped, naming that permission', ctx, observations: denied, notApplicable: /refused bedrock-agentcore:GetAgentRuntimeEndpoint/ },
    { name: 'no AWS credentials', ctx, observations: noCredentials, notApplicable: /grant bedrock-agentcore:GetAgentRuntimeEndpoint/ },
  ],
  invalid: [
    {
      name: 'no endpoint named by the qualifier',
      ctx: prodCtx,
      observations: { 'control-plane': { calls: 2, runtime: runtime(), endpointError: callError('not-found', 'ResourceNotFoundException', 'Endpoint prod not found', 'GetAgentRuntimeEndpoint', 404) } },
      codes: ['QUALIFIER_NOT_FOUND'],
      args: { detail: 'prod' },
      message: /^GetAgentRuntimeEndpoint found no endpoint named `prod` on this runtime\.$/,
    },
    { name: 'the endpoint is CREATING', ctx, observations: cp({}, { status: 'CREATING' }), codes: ['ENDPOINT_NOT_READY'], args: { detail: 'CREATING (endpoint DEFAULT)' } },
    {
      name: 'the endpoint update failed',
      ctx: prodCtx,
      observations: cp({}, { name: 'prod', status: 'UPDATE_FAILED', failureReason: 'Version 9 does not exist' }),
      codes: ['ENDPOINT_NOT_READY'],
      severities: ['error'],
      message: /^The endpoint status is UPDATE_FAILED \(endpoint prod\): failureReason: Version 9 does not exist\.$/,
    },
  ],
});

testCheck(runtimeProtocol, {
  valid: [
    { name: 'serverProtocol MCP', ctx, observations: cp() },
    { name: 'serverProtocol absent: the service default is unconfirmed, so no claim is made', ctx, observations: cp({ serverProtocol: undefined }) },
    { name: 'no runtime to judge (runtime-status reports it)', ctx, observations: runtimeGone },
    { name: 'GetAgentRuntime refused', ctx, observations: denied, notApplicable: /refused bedrock-agentcore:GetAgentRuntime/ },
  ],
  invalid: [
    { name: 'HTTP (the toolkit default)', ctx, observations: cp({ serverProtocol: 'HTTP' }), codes: ['PROTOCOL_NOT_MCP'], severities: ['error'], args: { detail: 'HTTP' }, message: /^protocolConfiguration\.serverProtocol is HTTP;/ },
    { name: 'A2A', ctx, observations: cp({ serverProtocol: 'A2A' }), codes: ['PROTOCOL_NOT_MCP'], args: { detail: 'A2A' } },
    { name: 'AGUI', ctx, observations: cp({ serverProtocol: 'AGUI' }), codes: ['PROTOCOL_NOT_MCP'], args: { detail: 'AGUI' } },
  ],
});

testCheck(runtimeMetadata, {
  valid: [
    { name: 'requireMMDSV2 true', ctx, observations: cp() },
    { name: 'no runtime to judge', ctx, observations: runtimeGone },
    { name: 'no AWS credentials', ctx, observations: noCredentials, notApplicable: /no AWS credentials/ },
  ],
  invalid: [
    { name: 'requireMMDSV2 false', ctx, observations: cp({ requireMMDSV2: false }), codes: ['MMDSV2_NOT_ENABLED'], severities: ['error'] },
    { name: 'metadataConfiguration absent', ctx, observations: cp({ requireMMDSV2: undefined }), codes: ['MMDSV2_NOT_ENABLED'] },
  ],
});

testCheck(headerAllowlist, {
  valid: [
    { name: 'a JWT runtime that forwards Authorization', ctx, observations: cp({ authorizer: JWT, requestHeaderAllowlist: ['Authorization'] }) },
    {
      name: 'the allowlist is case-insensitive',
      ctx,
      observations: cp({ authorizer: JWT, requestHeaderAllowlist: ['X-Amzn-Bedrock-AgentCore-Runtime-Custom-Tenant', 'authorization'] }),
    },
    { name: 'a SigV4 runtime has no bearer token to forward', ctx, observations: cp({ requestHeaderAllowlist: [] }), notApplicable: /uses IAM \(SigV4\): there is no bearer token to forward/ },
    { name: 'GetAgentRuntime refused', ctx, observations: denied, notApplicable: /refused bedrock-agentcore:GetAgentRuntime/ },
  ],
  invalid: [
    { name: 'a JWT runtime without an allowlist', ctx, observations: cp({ authorizer: JWT }), codes: ['AUTHORIZATION_NOT_FORWARDED'], severities: ['info'] },
    { name: 'a JWT runtime that forwards only a custom header', ctx, observations: cp({ authorizer: JWT, requestHeaderAllowlist: ['X-Amzn-Bedrock-AgentCore-Runtime-Custom-Tenant'] }), codes: ['AUTHORIZATION_NOT_FORWARDED'] },
  ],
});

describe('control-plane evidence', () => {
  it('shows the runtime version next to a failed status', () => {
    const { findings } = runCheck(runtimeStatus, cp({ status: 'UPDATE_FAILED', failureReason: 'Execution role cannot be assumed', version: '7' }), makeContext(ctx));
    expect(findings[0]?.evidence).toEqual({ detail: 'status UPDATE_FAILED, failureReason: Execution role cannot be assumed (version 7)' });
  });

  it('names the SDK error of a missing runtime', () => {
    const { findings } = runCheck(runtimeStatus, runtimeGone, makeContext(ctx));
    expect(findings[0]?.evidence).toEqual({ detail: `ResourceNotFoundException: Resource not found: runtime ${RUNTIME_ID}` });
  });

  it.each([
    [false, 'metadataConfiguration.requireMMDSV2 = false'],
    [undefined, 'metadataConfiguration.requireMMDSV2 = absent'],
  ])('quotes requireMMDSV2 = %s', (value, detail) => {
    const { findings } = runCheck(runtimeMetadata, cp({ requireMMDSV2: value }), makeContext(ctx));
    expect(findings[0]?.evidence).toEqual({ detail });
  });

  it('lists what the allowlist does forward, lower-cased', () => {
    const { findings } = runCheck(headerAllowlist, cp({ authorizer: JWT, requestHeaderAllowlist: ['X-Amzn-Bedrock-AgentCore-Runtime-Custom-Tenant'] }), makeContext(ctx));
    expect(findings[0]?.evidence).toEqual({ detail: 'requestHeaderAllowlist: x-amzn-bedrock-agentcore-runtime-custom-tenant' });
    expect(runCheck(headerAllowlist, cp({ authorizer: JWT }), makeContext(ctx)).findings[0]?.evidence).toEqual({ detail: 'requestHeaderAllowlist: (none)' });
  });
});

/**
 * Pins endpoint-status evidence (the SDK error, the status with and without failureReason) and the
 * DEFAULT qualifier for a target that names no runtime.
 */
describe('endpoint-status evidence', () => {
  it('names the SDK error of a missing qualifier', () => {
    const observations = { 'control-plane': { calls: 2, runtime: runtime(), endpointError: callError('not-found', 'ResourceNotFoundException', 'Endpoint prod not found', 'GetAgentRuntimeEndpoint', 404) } };
    const { findings } = runCheck(endpointStatus, observations, makeContext(prodCtx));
    expect(findings).toStrictEqual([{ code: 'QUALIFIER_NOT_FOUND', args: { detail: 'prod' }, evidence: { detail: 'ResourceNotFoundException: Endpoint prod not found' } }]);
  });

  it.each([
    [undefined, { detail: 'CREATING (endpoint DEFAULT)' }, 'status CREATING'],
    ['Version 9 does not exist', { detail: 'CREATING (endpoint DEFAULT)', variants: 'failureReason: Version 9 does not exist' }, 'status CREATING, failureReason: Version 9 does not exist'],
  ])('failureReason %s', (failureReason, args, detail) => {
    const { findings } = runCheck(endpointStatus, cp({}, { status: 'CREATING', ...(failureReason ? { failureReason } : {}) }), makeContext(ctx));
    expect(findings).toStrictEqual([{ code: 'ENDPOINT_NOT_READY', args, evidence: { detail } }]);
  });

  it('falls back to the DEFAULT qualifier when the target is a URL, not a runtime', () => {
    const { findings } = runCheck(endpointStatus, cp({}, { status: 'UPDATING' }), makeContext({ profile: 'agentcore' }));
    expect(findings.map((f) => f.args)).toStrictEqual([{ detail: 'UPDATING (endpoint DEFAULT)' }]);
  });
});

/**
 * Pins the remaining control-plane texts: a status without failureReason, the protocol evidence, a
 * comma-separated allowlist, and what runtime-status and header-allowlist do with a URL target or a
 * control plane that described no runtime.
 */
describe('control-plane texts', () => {
  it('a status without failureReason shows only status and version', () => {
    const { findings } = runCheck(runtimeStatus, cp({ status: 'UPDATING', version: '4' }), makeContext(ctx));
    expect(findings).toStrictEqual([{ code: 'RUNTIME_NOT_READY', args: { detail: 'UPDATING' }, evidence: { detail: 'status UPDATING (version 4)' } }]);
  });

  it('quotes serverProtocol', () => {
    expect(runCheck(runtimeProtocol, cp({ serverProtocol: 'A2A' }), makeContext(ctx)).findings).toStrictEqual([
      { code: 'PROTOCOL_NOT_MCP', args: { detail: 'A2A' }, evidence: { detail: 'protocolConfiguration.serverProtocol = A2A' } },
    ]);
  });

  it('lists every forwarded header, comma-separated', () => {
    const { findings } = runCheck(headerAllowlist, cp({ authorizer: JWT, requestHeaderAllowlist: ['X-Tenant', 'X-Trace'] }), makeContext(ctx));
    expect(findings.map((f) => f.evidence)).toStrictEqual([{ detail: 'requestHeaderAllowlist: x-tenant, x-trace' }]);
  });

  it('a missing runtime on a URL target is still RUNTIME_NOT_FOUND', () => {
    expect(runCheck(runtimeStatus, runtimeGone, makeContext({ ...ctx, target: makeContext().target })).findings.map((f) => f.code)).toStrictEqual(['RUNTIME_NOT_FOUND']);
  });

  it('header-allowlist without a described runtime does not apply', () => {
    expect(runCheck(headerAllowlist, { 'control-plane': { calls: 0 } }, makeContext(ctx)).applies).toBe('the runtime uses IAM (SigV4): there is no bearer token to forward');
  });
});
