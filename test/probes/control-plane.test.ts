import { describe, expect, it } from 'vitest';
import { classifyAwsError } from '../../src/probes/aws/control-plane.js';

const PERMISSION = 'bedrock-agentcore:GetAgentRuntime';

/** An error as the AWS SDK v3 throws it: a ServiceException with `name` and `$metadata`. */
function serviceError(name: string, message: string, httpStatusCode?: number): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { attempts: 1, totalRetryDelay: 0, ...(httpStatusCode === undefined ? {} : { httpStatusCode, requestId: '6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0' }) } });
}

describe('classifyAwsError', () => {
  it.each([
    ['ResourceNotFoundException', serviceError('ResourceNotFoundException', 'Runtime weather_mcp-Xq7Lm2Pa9R not found', 404), 'not-found', 404],
    ['AccessDeniedException', serviceError('AccessDeniedException', 'User: arn:aws:iam::123456789012:user/ci is not authorized to perform: bedrock-agentcore:GetAgentRuntime', 403), 'access-denied', 403],
    ['UnrecognizedClientException', serviceError('UnrecognizedClientException', 'The security token included in the request is invalid.', 400), 'access-denied', 400],
    ['ExpiredTokenException', serviceError('ExpiredTokenException', 'The security token included in the request is expired', 400), 'access-denied', 400],
    ['InvalidSignatureException', serviceError('InvalidSignatureException', 'The request signature we calculated does not match the signature you provided.', 403), 'access-denied', 403],
    ['ValidationException', serviceError('ValidationException', 'Invalid runtime id', 400), 'other', 400],
    ['ThrottlingException', serviceError('ThrottlingException', 'Rate exceeded', 429), 'other', 429],
    ['InternalServerException', serviceError('InternalServerException', 'Internal failure', 500), 'other', 500],
  ] as const)('%s', (name, error, kind, httpStatus) => {
    expect(classifyAwsError(error, PERMISSION)).toEqual({ kind, name, message: error.message, permission: PERMISSION, httpStatus });
  });

  it('reads CredentialsProviderError (no HTTP status) as missing credentials', () => {
    const error = Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError', tryNextLink: false });
    expect(classifyAwsError(error, PERMISSION)).toEqual({ kind: 'no-credentials', name: 'CredentialsProviderError', message: 'Could not load credentials from any providers', permission: PERMISSION });
  });

  it.each([
    [403, 'access-denied'],
    [404, 'not-found'],
  ] as const)('classifies an unmodelled error by its status %i', (status, kind) => {
    // Unmodelled errors arrive with a generic name; only the status says what happened.
    const classified = classifyAwsError(serviceError('UnknownError', 'UnknownError', status), PERMISSION);
    expect(classified).toMatchObject({ kind, name: 'UnknownError', httpStatus: status });
  });

  it('gives the name priority over the message', () => {
    expect(classifyAwsError(serviceError('ValidationException', 'AccessDenied: ResourceNotFoundException', 400), PERMISSION).kind).toBe('other');
  });

  it('reads ECONNREFUSED from the Node socket error as a network failure', () => {
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), { code: 'ECONNREFUSED', errno: -111, syscall: 'connect', $metadata: { attempts: 2, totalRetryDelay: 120 } });
    expect(classifyAwsError(error, 'bedrock-agentcore:GetAgentRuntimeEndpoint')).toEqual({
      kind: 'network',
      name: 'Error',
      message: 'connect ECONNREFUSED 127.0.0.1:4566',
      permission: 'bedrock-agentcore:GetAgentRuntimeEndpoint',
    });
  });

  it.each([
    ['ENOTFOUND', Object.assign(new Error('getaddrinfo ENOTFOUND bedrock-agentcore-control.us-west-2.amazonaws.com'), { code: 'ENOTFOUND' })],
    ['TimeoutError', Object.assign(new Error('Connection timed out after 10000 ms'), { name: 'TimeoutError' })],
    ['AbortError', new DOMException('This operation was aborted', 'AbortError')],
  ])('reads %s as a network failure', (_name, error) => {
    expect(classifyAwsError(error, PERMISSION).kind).toBe('network');
  });

  it.each([
    ['a plain Error', new Error('something broke'), 'Error', 'something broke'],
    ['a string', 'boom', 'Error', 'Error'],
    ['undefined', undefined, 'Error', 'Error'],
    ['null', null, 'Error', 'Error'],
  ])('reads %s as other, without throwing', (_label, error, name, message) => {
    expect(classifyAwsError(error, PERMISSION)).toEqual({ kind: 'other', name, message, permission: PERMISSION });
  });

  it('sanitizes and bounds the message', () => {
    const error = serviceError('ValidationException', `\u001b[31mred\u001b[0m\nline two\u202e ${'x'.repeat(1_000)}`, 400);
    const { message } = classifyAwsError(error, PERMISSION);
    expect(message.startsWith('red line two x')).toBe(true);
    expect(message).toHaveLength(400);
    expect(message).not.toMatch(/[\u001b\n\u202e]/);
  });
});
