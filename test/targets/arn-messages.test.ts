import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/model/errors.js';
import { controlPlaneBaseUrl, dataPlaneBaseUrl, invocationUrl, looksLikeRuntimeId, parseRuntimeArn } from '../../src/targets/arn.js';

/** Every way a runtime ARN can be wrong gets its own message: a user fixes the ARN from it alone. */

const ARN = 'arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/srv-AbCdEf1234';

describe('parseRuntimeArn messages', () => {
  it.each([
    ['too few parts', 'arn:aws:bedrock-agentcore:us-east-1', '"arn:aws:bedrock-agentcore:us-east-1" is not an ARN; expected arn:aws:bedrock-agentcore:REGION:ACCOUNT:runtime/ID'],
    ['another scheme', 'urn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/srv-AbCdEf1234', '"urn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/srv-AbCdEf1234" is not an ARN; expected arn:aws:bedrock-agentcore:REGION:ACCOUNT:runtime/ID'],
    ['another service', ARN.replace('bedrock-agentcore', 'lambda'), 'the ARN is for the "lambda" service; pass an AgentCore runtime ARN (arn:aws:bedrock-agentcore:REGION:ACCOUNT:runtime/ID)'],
    ['an unknown partition', ARN.replace('arn:aws:', 'arn:aws-mars:'), 'unknown partition "aws-mars"; expected aws, aws-cn or aws-us-gov'],
    ['a prototype key as partition', ARN.replace('arn:aws:', 'arn:__proto__:'), 'unknown partition "__proto__"; expected aws, aws-cn or aws-us-gov'],
    ['a region of another partition', ARN.replace('us-east-1', 'cn-north-1'), 'region cn-north-1 belongs to partition aws-cn, not aws; fix the ARN'],
    ['extra separators', `${ARN}:extra`, 'the ARN has extra ":" separators; expected …:ACCOUNT:runtime/ID'],
    ['an endpoint ARN', `${ARN}/runtime-endpoint/PROD`, 'that is a runtime endpoint ARN; pass the runtime ARN arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/srv-AbCdEf1234 with --qualifier PROD'],
    ['a gateway ARN', ARN.replace('runtime/srv-AbCdEf1234', 'gateway/gw-AbCdEf1234'), 'the ARN names a "gateway" resource, not a runtime; pass an ARN ending in :runtime/ID (gateways and memories are not MCP runtimes)'],
    ['a malformed id', ARN.replace('srv-AbCdEf1234', 'srv'), '"srv" is not a runtime id; ids look like my_server-AbCdEf1234 (name, a hyphen, a suffix)'],
    ['a pasted newline', `${ARN}\n`, 'the runtime ARN has leading or trailing whitespace (a pasted newline?); AgentCore answers such ARNs with 404, so remove it'],
  ])('%s', (_name, input, message) => {
    expect(() => parseRuntimeArn(input)).toThrow(new UsageError(message));
  });

  it('shows non-printable characters as ? and cuts a long quote at 120 characters', () => {
    expect(() => parseRuntimeArn(ARN.replace('lambda', '').replace('bedrock-agentcore', 'x\u001bservice'))).toThrow(new UsageError('the ARN is for the "x?service" service; pass an AgentCore runtime ARN (arn:aws:bedrock-agentcore:REGION:ACCOUNT:runtime/ID)'));
    const long = `arn:${'p'.repeat(200)}`;
    expect(() => parseRuntimeArn(long)).toThrow(new UsageError(`"${long.slice(0, 120)}" is not an ARN; expected arn:aws:bedrock-agentcore:REGION:ACCOUNT:runtime/ID`));
  });

  it('parses a runtime ARN into its parts', () => {
    expect(parseRuntimeArn(ARN)).toStrictEqual({ arn: ARN, partition: 'aws', region: 'us-east-1', accountId: '123456789012', runtimeId: 'srv-AbCdEf1234' });
  });
});

describe('runtime ids and service URLs', () => {
  it.each([
    ['srv-AbCdEf1234', true],
    ['  srv-AbCdEf1234  ', true],
    ['srv', false],
    ['arn:srv-AbCdEf1234', false],
    ['a/srv-AbCdEf1234', false],
  ])('looksLikeRuntimeId(%j) is %s', (input, expected) => expect(looksLikeRuntimeId(input)).toBe(expected));

  it('builds each partition\'s data- and control-plane hosts', () => {
    const china = parseRuntimeArn('arn:aws-cn:bedrock-agentcore:cn-north-1:123456789012:runtime/srv-AbCdEf1234');
    expect(dataPlaneBaseUrl(china)).toBe('https://bedrock-agentcore.cn-north-1.amazonaws.com.cn');
    expect(controlPlaneBaseUrl(china)).toBe('https://bedrock-agentcore-control.cn-north-1.amazonaws.com.cn');
    expect(dataPlaneBaseUrl(parseRuntimeArn(ARN))).toBe('https://bedrock-agentcore.us-east-1.amazonaws.com');
  });

  it('puts the encoded ARN in one path segment after a base with any number of trailing slashes', () => {
    expect(invocationUrl('http://127.0.0.1:9000//', ARN, 'DEFAULT')).toBe(`http://127.0.0.1:9000/runtimes/${encodeURIComponent(ARN)}/invocations?qualifier=DEFAULT`);
    expect(invocationUrl('http://h', ARN, 'a b')).toBe(`http://h/runtimes/${encodeURIComponent(ARN)}/invocations?qualifier=a%20b`);
  });
});
